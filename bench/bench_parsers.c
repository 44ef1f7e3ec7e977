/*
 * bench_parsers.c - the HTML parser choice, measured: libxml2's HTML
 * parser against gumbo and myhtml (from Modest) on the same pages.
 *
 * usage: bench_parsers DIR [--repeat N] [--no-robustness]
 *
 * Speed: every page under DIR is loaded into memory, then each parser
 * builds and frees a tree for every page N times on one thread. All three
 * are fed the raw bytes as UTF-8 (gumbo accepts nothing else), so no
 * charset detection is timed. libxml2 gets the options extract.c uses,
 * and again with XML_PARSE_HUGE added ("libxml2-huge");
 * gumbo does not record parse errors (as libxml2 with NOERROR); myhtml
 * runs in MyHTML_OPTIONS_PARSE_MODE_SINGLE (no worker threads) with one
 * myhtml_t for the run and a tree created and destroyed per page, as
 * htmlReadMemory() and gumbo_parse() do. One line per parser:
 *
 *   stage=parse parser=libxml2 pages=116 MB=20.3 pages/s=... MB/s=...
 *
 * Robustness: before the corpus is loaded, each parser gets three
 * generated inputs, each in a child process so that a crash, a runaway
 * stack or a 120 s time-out is reported instead of ending the benchmark:
 * 100,000 nested <div>, 100,000 nested <b> (formatting elements, which
 * HTML5 tree builders treat specially) and a 50 MB page of paragraphs.
 * One line per parser and input:
 *
 *   robust parser=gumbo test=nested-div-100000 result=ok depth=... s=...
 *   peak_rss_MB=...
 *
 * 'depth' is the depth of the tree the parser built (document = 0), which
 * shows how much nesting it keeps; peak_rss_MB is the child's peak RSS,
 * generated input included. The results are recorded in
 * docs/html-parser.md.
 */
#define _DEFAULT_SOURCE /* wait4() */

#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <myhtml/api.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "corpus.h"

#define PARSE_OPTIONS                                                 \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/* Parse one page, free the tree; with 'depth' non-NULL, store the depth
 * of the tree first. Returns 0, or -1 if the parser gave up. */
typedef int (*parse_fn)(const char *s, size_t len, size_t *depth);

typedef struct parser {
    const char *name;
    parse_fn parse;
} parser;

/*---- libxml2 ----*/

static size_t xml_depth(xmlNodePtr root)
{
    xmlNodePtr n = root->children;
    size_t depth = 1, deepest = 0;

    while (n != NULL) {
        if (depth > deepest) {
            deepest = depth;
        }
        if (n->children != NULL) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n == root) {
                n = NULL;
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    return deepest;
}

static int libxml2_with(const char *s, size_t len, size_t *depth, int options)
{
    htmlDocPtr doc;

    if (len > INT_MAX) {
        return -1;
    }
    doc = htmlReadMemory(s, (int)len, NULL, "UTF-8", options);
    if (doc == NULL) {
        return -1;
    }
    if (depth != NULL) {
        *depth = xml_depth((xmlNodePtr)doc);
    }
    xmlFreeDoc(doc);
    return 0;
}

static int parse_libxml2(const char *s, size_t len, size_t *depth)
{
    return libxml2_with(s, len, depth, PARSE_OPTIONS);
}

/* Without XML_PARSE_HUGE, libxml2 stops the whole parse at an element
 * 256 deep (xmlParserMaxDepth) and the rest of the page is lost; with
 * it, nesting is bounded by memory alone. */
static int parse_libxml2_huge(const char *s, size_t len, size_t *depth)
{
    return libxml2_with(s, len, depth, PARSE_OPTIONS | XML_PARSE_HUGE);
}

/*---- gumbo ----*/

static const GumboVector *gumbo_kids(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT) {
        return &n->v.document.children;
    }
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
        return &n->v.element.children;
    }
    return NULL;
}

static size_t gumbo_depth(const GumboNode *root)
{
    const GumboNode *n = root;
    size_t depth = 0, deepest = 0;

    /* Descend to the first child, else move to the next sibling through
     * the parent's vector, climbing as long as there is none. */
    for (;;) {
        const GumboVector *kids = gumbo_kids(n);
        if (kids != NULL && kids->length > 0) {
            n = kids->data[0];
            depth++;
            if (depth > deepest) {
                deepest = depth;
            }
            continue;
        }
        for (;;) {
            if (n == root || n->parent == NULL) {
                return deepest;
            }
            const GumboVector *sib = gumbo_kids(n->parent);
            size_t next = n->index_within_parent + 1;
            if (sib != NULL && next < sib->length) {
                n = sib->data[next];
                break;
            }
            n = n->parent;
            depth--;
        }
    }
}

static int parse_gumbo(const char *s, size_t len, size_t *depth)
{
    GumboOptions opts = kGumboDefaultOptions;
    GumboOutput *out;

    opts.max_errors = 0;
    out = gumbo_parse_with_options(&opts, s, len);
    if (out == NULL) {
        return -1;
    }
    if (depth != NULL) {
        *depth = gumbo_depth(out->document);
    }
    gumbo_destroy_output(&opts, out);
    return 0;
}

/*---- myhtml ----*/

static myhtml_t *mh;

static size_t myhtml_depth(myhtml_tree_node_t *root)
{
    myhtml_tree_node_t *n = myhtml_node_child(root), *c;
    size_t depth = 1, deepest = 0;

    while (n != NULL) {
        if (depth > deepest) {
            deepest = depth;
        }
        if ((c = myhtml_node_child(n)) != NULL) {
            n = c;
            depth++;
            continue;
        }
        while (n != NULL && myhtml_node_next(n) == NULL) {
            n = myhtml_node_parent(n);
            depth--;
            if (n == root) {
                n = NULL;
            }
        }
        if (n != NULL) {
            n = myhtml_node_next(n);
        }
    }
    return deepest;
}

static int parse_myhtml(const char *s, size_t len, size_t *depth)
{
    myhtml_tree_t *tree;
    int rc = 0;

    if (mh == NULL) {
        mh = myhtml_create();
        if (mh == NULL || myhtml_init(mh, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1,
                                      0) != MyHTML_STATUS_OK) {
            return -1;
        }
    }
    tree = myhtml_tree_create();
    if (tree == NULL || myhtml_tree_init(tree, mh) != MyHTML_STATUS_OK) {
        myhtml_tree_destroy(tree);
        return -1;
    }
    if (myhtml_parse(tree, MyENCODING_UTF_8, s, len) != MyHTML_STATUS_OK) {
        rc = -1;
    } else if (depth != NULL) {
        *depth = myhtml_depth(myhtml_tree_get_document(tree));
    }
    myhtml_tree_destroy(tree);
    return rc;
}

static const parser parsers[] = {
    { "libxml2", parse_libxml2 },
    { "libxml2-huge", parse_libxml2_huge },
    { "gumbo", parse_gumbo },
    { "myhtml", parse_myhtml },
};
#define PARSER_COUNT (sizeof(parsers) / sizeof(parsers[0]))

/*---- Robustness ----*/

typedef struct gen_input {
    char *ptr;
    size_t len;
} gen_input;

static void gen_add(gen_input *g, size_t *cap, const char *s)
{
    size_t n = strlen(s);

    if (g->len + n + 1 > *cap) {
        size_t ncap = (*cap ? *cap : 4096);
        while (g->len + n + 1 > ncap) {
            ncap *= 2;
        }
        char *p = realloc(g->ptr, ncap);
        if (p == NULL) {
            abort(); /* the child process reports the signal */
        }
        g->ptr = p;
        *cap = ncap;
    }
    memcpy(g->ptr + g->len, s, n + 1);
    g->len += n;
}

static gen_input gen_nested(const char *open, const char *close, size_t n)
{
    gen_input g = { NULL, 0 };
    size_t cap = 0;

    gen_add(&g, &cap,
            "<!DOCTYPE html><html><head><title>t</title></head>"
            "<body>");
    for (size_t i = 0; i < n; i++) {
        gen_add(&g, &cap, open);
    }
    gen_add(&g, &cap, "deep text");
    for (size_t i = 0; i < n; i++) {
        gen_add(&g, &cap, close);
    }
    gen_add(&g, &cap, "</body></html>\n");
    return g;
}

static gen_input gen_big(size_t bytes)
{
    static const char para[] =
        "<div class=\"story\"><p>The council met on Tuesday to discuss the "
        "harbour bridge, which has been closed since March; <a "
        "href=\"/news/bridge\">engineers</a> said the work would end in "
        "<b>May</b> &amp; cost &euro;12m.</p></div>\n";
    gen_input g = { NULL, 0 };
    size_t cap = 0;

    gen_add(&g, &cap,
            "<!DOCTYPE html><html><head><title>t</title></head>"
            "<body>");
    while (g.len < bytes) {
        gen_add(&g, &cap, para);
    }
    gen_add(&g, &cap, "</body></html>\n");
    return g;
}

typedef struct child_result {
    double seconds;
    size_t depth;
    int rc;
} child_result;

static void run_child(const parser *p, const char *test, int fd)
{
    child_result r = { 0.0, 0, 0 };
    gen_input g;

    if (strcmp(test, "nested-div-100000") == 0) {
        g = gen_nested("<div>", "</div>", 100000);
    } else if (strcmp(test, "nested-b-100000") == 0) {
        g = gen_nested("<b>", "</b>", 100000);
    } else {
        g = gen_big(50 * 1000 * 1000);
    }
    double t0 = bench_now_s();
    r.rc = p->parse(g.ptr, g.len, &r.depth);
    r.seconds = bench_now_s() - t0;
    if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r)) {
        _exit(3);
    }
    free(g.ptr);
    _exit(0);
}

static void robustness(const parser *p, const char *test)
{
    child_result r = { 0.0, 0, 0 };
    struct rusage ru;
    int fds[2], status = 0;
    pid_t pid;

    fflush(stdout);
    if (pipe(fds) != 0) {
        perror("bench_parsers: pipe");
        return;
    }
    pid = fork();
    if (pid < 0) {
        perror("bench_parsers: fork");
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        alarm(120);
        run_child(p, test, fds[1]);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], &r, sizeof(r));
    close(fds[0]);
    memset(&ru, 0, sizeof(ru));
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("bench_parsers: wait4");
        return;
    }
    printf("robust parser=%s test=%s ", p->name, test);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        printf("result=%s(signal %d)", sig == SIGALRM ? "timeout" : "crash",
               sig);
    } else if (got != (ssize_t)sizeof(r) || WEXITSTATUS(status) != 0) {
        printf("result=failed(exit %d)", WEXITSTATUS(status));
    } else if (r.rc < 0) {
        printf("result=error s=%.2f", r.seconds);
    } else {
        printf("result=ok depth=%zu s=%.2f", r.depth, r.seconds);
    }
    printf(" peak_rss_MB=%.1f\n", (double)ru.ru_maxrss * 1024.0 / 1e6);
}

/*---- Speed ----*/

static void speed(const parser *p, const bench_corpus *c, long repeat)
{
    size_t failed = 0;
    double t0 = bench_now_s();

    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < c->count; i++) {
            if (p->parse(c->pages[i].data, c->pages[i].len, NULL) < 0) {
                failed++;
            }
        }
    }
    double t = bench_now_s() - t0;
    if (t <= 0.0) {
        t = 1e-9;
    }
    double runs = (double)c->count * (double)repeat;
    double mb = (double)c->bytes / 1e6;
    printf("stage=parse parser=%s pages=%zu MB=%.1f pages/s=%.1f MB/s=%.2f"
           " failed=%zu\n",
           p->name, c->count, mb, runs / t, mb * (double)repeat / t, failed);
}

int main(int argc, char **argv)
{
    static const char *const tests[] = {
        "nested-div-100000",
        "nested-b-100000",
        "page-50MB",
    };
    const char *dir = NULL;
    long repeat = 1;
    int robust = 1;
    bench_corpus c;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            char *end;
            repeat = strtol(argv[++i], &end, 10);
            if (*end != '\0' || repeat < 1 || repeat > 1000000) {
                dir = NULL;
                break;
            }
        } else if (strcmp(argv[i], "--no-robustness") == 0) {
            robust = 0;
        } else if (argv[i][0] == '-' || dir != NULL) {
            dir = NULL;
            break;
        } else {
            dir = argv[i];
        }
    }
    if (dir == NULL) {
        fputs("usage: bench_parsers DIR [--repeat N] [--no-robustness]\n",
              stderr);
        return 2;
    }
    xmlInitParser();
    if (robust) {
        for (size_t t = 0; t < sizeof(tests) / sizeof(tests[0]); t++) {
            for (size_t i = 0; i < PARSER_COUNT; i++) {
                robustness(&parsers[i], tests[t]);
            }
        }
    }
    if (bench_corpus_load(&c, dir, 0) < 0 || c.count == 0) {
        fprintf(stderr, "bench_parsers: %s: no page found\n", dir);
        return 2;
    }
    for (size_t i = 0; i < PARSER_COUNT; i++) {
        speed(&parsers[i], &c, repeat);
    }
    bench_corpus_free(&c);
    if (mh != NULL) {
        myhtml_destroy(mh);
    }
    xmlCleanupParser();
    return 0;
}
