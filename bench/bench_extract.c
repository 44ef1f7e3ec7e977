/*
 * bench_extract.c - pages per second through sl_extract(), and how that
 * compares with a bare parse of the same bytes by libxml2's HTML parser.
 *
 * usage: bench_extract DIR [--repeat N] [--format text|markdown]
 *
 * Every page under DIR (plain or .gz) is loaded into memory first, so the
 * timings hold no disk or gzip work. Then, on one thread and with the
 * monotonic clock, the program runs sl_extract() on every page N times,
 * then htmlReadMemory() + xmlFreeDoc() on every page N times. The parse
 * pass feeds the whole raw page as UTF-8 with the options extract.c uses
 * (no charset detection or UTF-8 repair, no stripping, no index walk, no
 * extraction): the yardstick of what building the tree alone costs. It
 * prints one line:
 *
 *   stage=extract pages=116 MB=20.3 pages/s=... MB/s=... parse_pages/s=...
 *   parse_MB/s=... ratio=... peak_rss_MB=...
 *
 * MB are 10^6 bytes of decompressed HTML; ratio is extraction time over
 * parse-only time (how many bare parses one extraction costs); peak RSS
 * is the whole process's, corpus included. Exit status: 0, or 1 if a page
 * failed to extract (named on stderr; the line is printed all the same),
 * 2 on a usage error or when no page could be loaded.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "storyline/storyline.h"

/* The options src/extract/extract.c passes to htmlReadMemory(). */
#define PARSE_OPTIONS                                                 \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

static int usage(void)
{
    fputs("usage: bench_extract DIR [--repeat N] [--format text|markdown]\n",
          stderr);
    return 2;
}

/* Run sl_extract() over the corpus 'repeat' times; return the seconds
 * taken and count the pages that failed in the first round. */
static double time_extract(const bench_corpus *c,
                           long repeat,
                           sl_body_format fmt,
                           size_t *failed)
{
    sl_extract_options o = { 0 };
    double t0;

    o.format = fmt;
    o.max_bytes = SIZE_MAX;
    *failed = 0;
    t0 = bench_now_s();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < c->count; i++) {
            sl_article *a = NULL;
            int rc = sl_extract(&a, c->pages[i].data, c->pages[i].len, &o);
            if (rc < 0 && r == 0) {
                fprintf(stderr, "bench_extract: %s: %s\n", c->pages[i].path,
                        sl_strerror(rc));
                (*failed)++;
            }
            sl_article_free(a);
        }
    }
    return bench_now_s() - t0;
}

/* Parse and free every page 'repeat' times; return the seconds taken. */
static double time_parse(const bench_corpus *c, long repeat)
{
    double t0 = bench_now_s();

    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < c->count; i++) {
            int len =
                c->pages[i].len > INT_MAX ? INT_MAX : (int)c->pages[i].len;
            htmlDocPtr doc = htmlReadMemory(c->pages[i].data, len, NULL,
                                            "UTF-8", PARSE_OPTIONS);
            if (doc != NULL) {
                xmlFreeDoc(doc);
            }
        }
    }
    return bench_now_s() - t0;
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    long repeat = 1;
    sl_body_format fmt = SL_BODY_TEXT;
    bench_corpus c;
    size_t failed = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            char *end;
            repeat = strtol(argv[++i], &end, 10);
            if (*end != '\0' || repeat < 1 || repeat > 1000000) {
                return usage();
            }
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "markdown") == 0) {
                fmt = SL_BODY_MARKDOWN;
            } else if (strcmp(argv[i], "text") != 0) {
                return usage();
            }
        } else if (argv[i][0] == '-' || dir != NULL) {
            return usage();
        } else {
            dir = argv[i];
        }
    }
    if (dir == NULL) {
        return usage();
    }
    sl_extract_global_init();
    if (bench_corpus_load(&c, dir, 0) < 0) {
        return 2;
    }
    if (c.count == 0) {
        fprintf(stderr, "bench_extract: %s: no page found\n", dir);
        bench_corpus_free(&c);
        return 2;
    }

    double t_extract = time_extract(&c, repeat, fmt, &failed);
    double t_parse = time_parse(&c, repeat);
    double runs = (double)c.count * (double)repeat;
    double mb = (double)c.bytes / 1e6;
    double mb_runs = mb * (double)repeat;

    /* Guard the divisions: a tiny smoke corpus can take under a tick. */
    if (t_extract <= 0.0) {
        t_extract = 1e-9;
    }
    if (t_parse <= 0.0) {
        t_parse = 1e-9;
    }
    printf("stage=extract pages=%zu MB=%.1f pages/s=%.1f MB/s=%.2f "
           "parse_pages/s=%.1f parse_MB/s=%.2f ratio=%.2f peak_rss_MB=%.1f\n",
           c.count, mb, runs / t_extract, mb_runs / t_extract, runs / t_parse,
           mb_runs / t_parse, t_extract / t_parse, bench_peak_rss_mb());
    bench_corpus_free(&c);
    xmlCleanupParser();
    return failed > 0 ? 1 : 0;
}
