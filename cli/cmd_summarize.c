/*
 * cmd_summarize.c - `storyline summarize`: a folder of plain-text
 * documents in, an extractive summary of at most N words out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"
#include "storyline/summary.h"

static const char help[] =
    "NAME\n"
    "    storyline summarize - an extractive summary of a set of documents\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline summarize [--words N] [--lines|--prose] [--json]\n"
    "                        [--max-bytes SIZE] PATH...\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads plain-text documents about one story (UTF-8; gzip is\n"
    "    recognised; a folder is walked in name order, '-' is standard\n"
    "    input), splits them into sentences and prints at most N words of\n"
    "    their sentences: the ones that together cover most of what several\n"
    "    documents say, with a preference for the first sentences of each\n"
    "    document and no repeats. The sentences are printed whole, in\n"
    "    document order (the order the files are given or found in), one\n"
    "    per line.\n"
    "\n"
    "    A document is split into sentences by its stops and line breaks\n"
    "    (see sl_sentence_split() in storyline/summary.h). A document in\n"
    "    which every line is a sentence (no blank lines, lines of sentence\n"
    "    length that end like sentences) is read line by line; --lines and\n"
    "    --prose decide instead. Invalid UTF-8 bytes are replaced by U+FFFD.\n"
    "\n"
    "OPTIONS\n"
    "    --words N\n"
    "        Word budget: the summary has at most N words, counted as runs\n"
    "        of non-space characters. Default: 100.\n"
    "    --lines\n"
    "        Every input line is one sentence.\n"
    "    --prose\n"
    "        Split every input into sentences, whatever its lines look like.\n"
    "    --json\n"
    "        Print one JSON object: {\"words\": W, \"sentences\": [{\"doc\",\n"
    "        \"path\", \"index\", \"start\", \"end\", \"words\", \"text\"}]}.\n"
    "        doc numbers the documents from 0 in reading order; index is\n"
    "        the sentence's number in its document; start and end are byte\n"
    "        offsets in the document after UTF-8 repair (end exclusive).\n"
    "    --max-bytes SIZE\n"
    "        Largest document read, e.g. 500k, 64M; larger ones are reported\n"
    "        and skipped. Default: 16M.\n"
    "    -h, --help\n"
    "        Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    The summary's sentences, one per line (line breaks inside a\n"
    "    sentence become spaces), or the JSON object of --json. An input\n"
    "    without a usable sentence gives an empty summary.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 some documents could not be read (each is named on\n"
    "    standard error; the summary is made from the others); 2 usage\n"
    "    error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline summarize cluster/docs/\n"
    "    storyline summarize --words 50 a.txt b.txt c.txt\n"
    "    storyline summarize --json --lines sentences/ | jq -r "
    "'.sentences[].text'\n";

#define CMD "summarize"

typedef enum split_mode { SPLIT_AUTO, SPLIT_LINES, SPLIT_PROSE } split_mode;

typedef struct doc_in {
    char *path;
    char *text; /* valid UTF-8, NUL-terminated */
    size_t len;
    int text_malloc; /* text is from malloc (repaired), else sl_free */
    sl_span *lines;  /* when read line by line */
    size_t nlines;
} doc_in;

typedef struct sum_ctx {
    doc_in *docs;
    size_t count, cap;
    size_t max_bytes;
    split_mode mode;
    size_t failed;
} sum_ctx;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL) {
        fputs("storyline summarize: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Length of the well-formed UTF-8 sequence at s[0..len), 0 if none
 * (RFC 3629: no overlongs, surrogates or code points over U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;

    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        lo = s[0] == 0xE0 ? 0xA0 : 0x80;
        hi = s[0] == 0xED ? 0x9F : 0xBF;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        lo = s[0] == 0xF0 ? 0x90 : 0x80;
        hi = s[0] == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

/* Replace each invalid byte and each NUL of text[0..*len) by U+FFFD.
 * Returns the text, or a new malloc'd one (then *fresh is set and the old
 * one freed). */
static char *repair_utf8(char *text, size_t *len, int *fresh)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t bad = 0, i = 0, n, k = 0;
    char *out;

    while (i < *len) {
        n = s[i] == 0 ? 0 : utf8_seq(s + i, *len - i);
        bad += n == 0;
        i += n ? n : 1;
    }
    if (bad == 0) {
        return text;
    }
    out = xrealloc(NULL, *len + 2 * bad + 1);
    for (i = 0; i < *len;) {
        n = s[i] == 0 ? 0 : utf8_seq(s + i, *len - i);
        if (n == 0) {
            memcpy(out + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        } else {
            memcpy(out + k, s + i, n);
            k += n;
            i += n;
        }
    }
    out[k] = '\0';
    sl_free(text);
    *len = k;
    *fresh = 1;
    return out;
}

static int ends_like_sentence(const char *s, size_t len)
{
    while (len > 0 && strchr(" \t\r\"')]", s[len - 1]) != NULL) {
        len--;
    }
    return len > 0 && strchr(".!?", s[len - 1]) != NULL;
}

/* The non-blank lines of 'd' as spans; *blank_lines counts the blank
 * ones between them. */
static void split_lines(doc_in *d, size_t *blank_lines)
{
    size_t cap = 0, i = 0;

    *blank_lines = 0;
    d->nlines = 0;
    while (i < d->len) {
        size_t e = i, a, b;
        while (e < d->len && d->text[e] != '\n') {
            e++;
        }
        a = i;
        b = e;
        while (a < b && strchr(" \t\r\f\v", d->text[a]) != NULL) {
            a++;
        }
        while (b > a && strchr(" \t\r\f\v", d->text[b - 1]) != NULL) {
            b--;
        }
        if (b > a) {
            if (d->nlines == cap) {
                cap = cap ? cap * 2 : 64;
                d->lines = xrealloc(d->lines, cap * sizeof(*d->lines));
            }
            d->lines[d->nlines].start = a;
            d->lines[d->nlines].end = b;
            d->nlines++;
        } else if (d->nlines > 0 && e < d->len) {
            (*blank_lines)++;
        }
        i = e + 1;
    }
}

/* Is 'd' written one sentence per line? Three lines or more, no blank
 * line, most lines ending like sentences, and lines of sentence length
 * (paragraph-per-line prose has far longer ones). */
static int looks_like_lines(const doc_in *d, size_t blank_lines)
{
    size_t ends = 0, words = 0;

    if (d->nlines < 3 || blank_lines > 0) {
        return 0;
    }
    for (size_t i = 0; i < d->nlines; i++) {
        const char *s = d->text + d->lines[i].start;
        size_t len = d->lines[i].end - d->lines[i].start;
        int in = 0;

        ends += ends_like_sentence(s, len);
        for (size_t j = 0; j < len; j++) {
            int sp = s[j] == ' ' || s[j] == '\t';
            words += !sp && !in;
            in = !sp;
        }
    }
    return ends * 5 >= d->nlines * 4 && words <= 40 * d->nlines;
}

static int on_file(const char *path, void *payload)
{
    sum_ctx *x = payload;
    doc_in d;
    size_t blank = 0;
    int rc;

    memset(&d, 0, sizeof(d));
    rc = sl_read_file(&d.text, &d.len, path, x->max_bytes);
    if (rc < 0) {
        cli_err(CMD, "%s: %s", path,
                rc == SL_EIO ? strerror(errno) : sl_strerror(rc));
        x->failed++;
        return 0;
    }
    d.text = repair_utf8(d.text, &d.len, &d.text_malloc);
    d.path = xrealloc(NULL, strlen(path) + 1);
    strcpy(d.path, path);
    if (x->mode != SPLIT_PROSE) {
        split_lines(&d, &blank);
        if (x->mode == SPLIT_AUTO && !looks_like_lines(&d, blank)) {
            free(d.lines);
            d.lines = NULL;
            d.nlines = 0;
        }
    }
    if (x->count == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 16;
        x->docs = xrealloc(x->docs, x->cap * sizeof(*x->docs));
    }
    x->docs[x->count++] = d;
    return 0;
}

static void print_text(const sl_summary *s)
{
    for (size_t i = 0; i < s->count; i++) {
        for (const char *p = s->sentences[i].text; *p; p++) {
            fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, stdout);
        }
        fputc('\n', stdout);
    }
}

static void print_json(const sl_summary *s, const sum_ctx *x)
{
    printf("{\"words\":%zu,\"sentences\":[", s->words);
    for (size_t i = 0; i < s->count; i++) {
        const sl_summary_sentence *t = &s->sentences[i];
        printf("%s{\"doc\":%zu,\"path\":", i ? "," : "", t->doc);
        out_json_str(stdout, x->docs[t->doc].path);
        printf(",\"index\":%zu,\"start\":%zu,\"end\":%zu,\"words\":%zu,"
               "\"text\":",
               t->index, t->start, t->end, t->words);
        out_json_str(stdout, t->text);
        fputc('}', stdout);
    }
    fputs("]}\n", stdout);
}

int cmd_summarize(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "words", required_argument, NULL, 'w' },
        { "lines", no_argument, NULL, 'l' },
        { "prose", no_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },
        { "max-bytes", required_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sl_summary_options o = { 0 };
    sl_summary_doc *in = NULL;
    sl_summary *s = NULL;
    sum_ctx x;
    int c, json = 0, rc, status;

    memset(&x, 0, sizeof(x));
    x.max_bytes = (size_t)16 << 20;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || v == 0 ||
                v > 100000 || optarg[0] == '-') {
                cli_err(CMD,
                        "--words: expected a number from 1 to 100000, "
                        "got '%s'",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            o.max_words = (size_t)v;
            break;
        }
        case 'l':
            x.mode = SPLIT_LINES;
            break;
        case 'p':
            x.mode = SPLIT_PROSE;
            break;
        case 'j':
            json = 1;
            break;
        case 'b':
            if (cli_parse_size(&x.max_bytes, optarg) < 0 || x.max_bytes == 0) {
                cli_err(CMD, "--max-bytes: cannot read '%s' as a size", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline summarize --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_err(CMD, "no input; give files or folders ('-' for standard "
                     "input)");
        fputs("Try 'storyline summarize --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_walk(argv[i], on_file, &x) < 0) {
            x.failed++;
        }
    }
    in = xrealloc(NULL, (x.count ? x.count : 1) * sizeof(*in));
    for (size_t i = 0; i < x.count; i++) {
        memset(&in[i], 0, sizeof(in[i]));
        in[i].text = x.docs[i].text;
        in[i].len = x.docs[i].len;
        in[i].id = i;
        in[i].sentences = x.docs[i].lines;
        in[i].sentence_count = x.docs[i].nlines;
    }
    rc = sl_summarize(&s, in, x.count, &o);
    status = x.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
    if (rc < 0) {
        cli_err(CMD, "%s", sl_strerror(rc));
        status = CLI_EXIT_PARTIAL;
    } else if (json) {
        print_json(s, &x);
    } else {
        print_text(s);
    }
    if (fflush(stdout) != 0) {
        cli_err(CMD, "standard output: %s", strerror(errno));
        status = CLI_EXIT_PARTIAL;
    }
    sl_summary_free(s);
    for (size_t i = 0; i < x.count; i++) {
        free(x.docs[i].path);
        free(x.docs[i].lines);
        if (x.docs[i].text_malloc) {
            free(x.docs[i].text);
        } else {
            sl_free(x.docs[i].text);
        }
    }
    free(x.docs);
    free(in);
    return status;
}
