/*
 * bench_entities.c - tokens per second through sl_entities_tag().
 *
 * usage: bench_entities PATH [--repeat N]
 *
 * PATH is a JSON Lines file of {"id", "text"} objects (such as
 * shared/data/ner/docs.jsonl) or a folder of plain-text files, one
 * document each. Every text is loaded into memory first, so the timings
 * hold no disk or JSON work. Then, on one thread and with the monotonic
 * clock, one tagger tags every text N times. It prints one line:
 *
 *   stage=entities docs=216 tokens=51374 MB=0.29 tokens/s=... docs/s=...
 *   MB/s=... entities=... peak_rss_MB=...
 *
 * tokens are counted once by the tagger's own tokenizer, outside the
 * timing; entities is the number found in one round. Exit status: 0; 1 if
 * a text failed to tag (named on stderr; the line is printed all the
 * same); 2 on a usage error or when nothing could be loaded.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"
#include "entities/tokenize.h"
#include "storyline/storyline.h"

static int usage(void)
{
    fputs("usage: bench_entities FILE.jsonl|DIR [--repeat N]\n", stderr);
    return 2;
}

/* Load the "text" of every line of a JSON Lines file as one page. */
static int load_jsonl(bench_corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t n;

    memset(c, 0, sizeof(*c));
    if (f == NULL) {
        perror(path);
        return -1;
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *j = json_loadb(line, (size_t)n, JSON_ALLOW_NUL, &err);
        json_t *text = j != NULL ? json_object_get(j, "text") : NULL;
        bench_page *p;
        if (!json_is_string(text)) {
            json_decref(j);
            continue;
        }
        if (c->count == alloc) {
            alloc = alloc ? alloc * 2 : 256;
            c->pages = realloc(c->pages, alloc * sizeof(*c->pages));
            if (c->pages == NULL) {
                abort();
            }
        }
        p = &c->pages[c->count++];
        p->path = strdup(path);
        p->len = json_string_length(text);
        /* sl_free() releases pages: allocate like the library does. */
        p->data = malloc(p->len + 1);
        if (p->path == NULL || p->data == NULL) {
            abort();
        }
        memcpy(p->data, json_string_value(text), p->len);
        p->data[p->len] = '\0';
        c->bytes += p->len;
        json_decref(j);
    }
    free(line);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    long repeat = 1;
    bench_corpus c;
    sl_entities *ner = NULL;
    sl__ner_tokens toks = { 0 };
    size_t tokens = 0, ents = 0, failed = 0;
    struct stat st;
    double t0, t;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            char *end;
            repeat = strtol(argv[++i], &end, 10);
            if (*end != '\0' || repeat < 1 || repeat > 1000000) {
                return usage();
            }
        } else if (argv[i][0] == '-' || path != NULL) {
            return usage();
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        return usage();
    }
    if (stat(path, &st) != 0) {
        perror(path);
        return 2;
    }
    if ((S_ISDIR(st.st_mode) ? bench_corpus_load(&c, path, 0)
                             : load_jsonl(&c, path)) < 0) {
        return 2;
    }
    if (c.count == 0) {
        fprintf(stderr, "bench_entities: %s: no text found\n", path);
        bench_corpus_free(&c);
        return 2;
    }
    for (size_t i = 0; i < c.count; i++) {
        if (sl__ner_tokenize(&toks, c.pages[i].data, c.pages[i].len) < 0) {
            abort();
        }
        tokens += toks.count;
    }
    sl__ner_tokens_dispose(&toks);
    if (sl_entities_new(&ner, NULL) != SL_OK) {
        fprintf(stderr, "bench_entities: cannot make a tagger\n");
        return 2;
    }

    t0 = bench_now_s();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < c.count; i++) {
            const sl_entity *e;
            size_t n;
            int rc =
                sl_entities_tag(&e, &n, ner, c.pages[i].data, c.pages[i].len);
            if (rc < 0 && r == 0) {
                fprintf(stderr, "bench_entities: %s (text %zu): %s\n",
                        c.pages[i].path, i + 1, sl_strerror(rc));
                failed++;
            }
            if (r == 0 && rc == SL_OK) {
                ents += n;
            }
        }
    }
    t = bench_now_s() - t0;
    /* Guard the divisions: a tiny smoke corpus can take under a tick. */
    if (t <= 0.0) {
        t = 1e-9;
    }
    printf("stage=entities docs=%zu tokens=%zu MB=%.2f tokens/s=%.0f "
           "docs/s=%.1f MB/s=%.2f entities=%zu peak_rss_MB=%.1f\n",
           c.count, tokens, (double)c.bytes / 1e6,
           (double)tokens * (double)repeat / t,
           (double)c.count * (double)repeat / t,
           (double)c.bytes * (double)repeat / 1e6 / t, ents,
           bench_peak_rss_mb());
    sl_entities_free(ner);
    bench_corpus_free(&c);
    return failed > 0 ? 1 : 0;
}
