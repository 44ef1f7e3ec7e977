/*
 * bench_summary.c - documents per second through sl_summarize() and
 * through a story's sentence pool.
 *
 * usage: bench_summary DIR [--repeat N] [--words N] [--only NAME]
 *
 * Every file under DIR is one plain-text document; the files of one
 * folder form one story (a folder of story folders, such as
 * shared/data/summary/clusters, gives one story per cluster). --only
 * keeps the files of folders named NAME (e.g. "docs"). Everything
 * is loaded into memory first. Then, on one thread with the monotonic
 * clock:
 *
 *   - summarize: sl_summarize() on each story, N times;
 *   - pool: each story's documents added one at a time to a pool with
 *     the default bounds, the pool saved, loaded back and rendered after
 *     every document (the refresh a story gets as articles arrive).
 *
 * It prints one line:
 *
 *   stage=summary stories=25 docs=250 MB=1.3 docs/s=... MB/s=...
 *   pool_docs/s=... pool_bytes/doc=... words=... peak_rss_MB=...
 *
 * words is the mean summary length in words; pool_bytes/doc the mean
 * size of a saved pool after the last document of a story, per
 * document. Exit status: 0; 1 if a call failed (named on stderr); 2 on a
 * usage error or when nothing could be loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "storyline/storyline.h"
#include "storyline/summary.h"

static int usage(void)
{
    fputs("usage: bench_summary DIR [--repeat N] [--words N] [--only NAME]\n",
          stderr);
    return 2;
}

/* Length of the folder part of 'path' (up to the last '/'). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? (size_t)(slash - path) : 0;
}

/* Is the folder that holds 'path' named 'name'? */
static int in_folder(const char *path, const char *name)
{
    size_t e = dir_len(path), b = e, n = strlen(name);

    while (b > 0 && path[b - 1] != '/') {
        b--;
    }
    return e - b == n && memcmp(path + b, name, n) == 0;
}

int main(int argc, char **argv)
{
    bench_corpus c;
    sl_summary_doc *docs;
    sl_summary_options o = { 0 };
    size_t *first, stories = 0, words = 0, pool_bytes = 0, kept = 0;
    const char *only = NULL;
    long repeat = 1;
    int failed = 0;
    double t0, t_sum, t_pool;

    if (argc < 2) {
        return usage();
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--words") == 0 && i + 1 < argc) {
            o.max_words = (size_t)strtoul(argv[++i], NULL, 10);
        } else {
            return usage();
        }
    }
    if (repeat < 1) {
        return usage();
    }
    if (bench_corpus_load(&c, argv[1], 0) < 0 || c.count == 0) {
        fprintf(stderr, "bench_summary: nothing loaded from %s\n", argv[1]);
        return 2;
    }
    if (only != NULL) {
        size_t bytes = 0;
        for (size_t i = 0; i < c.count; i++) {
            if (in_folder(c.pages[i].path, only)) {
                bytes += c.pages[i].len;
                c.pages[kept++] = c.pages[i];
            } else {
                free(c.pages[i].path);
                sl_free(c.pages[i].data);
            }
        }
        c.count = kept;
        c.bytes = bytes;
        if (kept == 0) {
            fprintf(stderr, "bench_summary: no folder named %s\n", only);
            bench_corpus_free(&c);
            return 2;
        }
    }
    docs = calloc(c.count, sizeof(*docs));
    first = calloc(c.count + 1, sizeof(*first));
    if (docs == NULL || first == NULL) {
        return 2;
    }
    /* Stories: runs of pages in the same folder (the load is in name
     * order, so a folder's pages are adjacent). */
    for (size_t i = 0; i < c.count; i++) {
        docs[i].text = c.pages[i].data;
        docs[i].len = c.pages[i].len;
        docs[i].id = i;
        size_t a = dir_len(c.pages[i].path);
        if (i == 0 || a != dir_len(c.pages[i - 1].path) ||
            memcmp(c.pages[i].path, c.pages[i - 1].path, a) != 0) {
            first[stories++] = i;
        }
    }
    first[stories] = c.count;

    t0 = bench_now_s();
    for (long r = 0; r < repeat; r++) {
        for (size_t k = 0; k < stories; k++) {
            sl_summary *s = NULL;
            int rc =
                sl_summarize(&s, docs + first[k], first[k + 1] - first[k], &o);
            if (rc < 0) {
                fprintf(stderr, "bench_summary: story %zu: %s\n", k,
                        sl_strerror(rc));
                failed = 1;
            } else if (r == 0) {
                words += s->words;
            }
            sl_summary_free(s);
        }
    }
    t_sum = bench_now_s() - t0;

    t0 = bench_now_s();
    for (long r = 0; r < repeat; r++) {
        for (size_t k = 0; k < stories; k++) {
            sl_summary_pool *p = NULL;
            int rc = sl_summary_pool_new(&p, &o);
            for (size_t i = first[k]; rc == SL_OK && i < first[k + 1]; i++) {
                uint8_t *bytes = NULL;
                size_t len = 0;
                sl_summary *s = NULL;

                rc = sl_summary_pool_add(p, &docs[i]);
                if (rc == SL_OK) {
                    rc = sl_summary_pool_save(&bytes, &len, p);
                }
                sl_summary_pool_free(p);
                p = NULL;
                if (rc == SL_OK) {
                    rc = sl_summary_pool_load(&p, bytes, len, &o);
                }
                if (rc == SL_OK) {
                    rc = sl_summary_pool_render(&s, p, 0);
                }
                if (r == 0 && i + 1 == first[k + 1]) {
                    pool_bytes += len;
                }
                sl_summary_free(s);
                sl_free(bytes);
            }
            if (rc < 0) {
                fprintf(stderr, "bench_summary: pool %zu: %s\n", k,
                        sl_strerror(rc));
                failed = 1;
            }
            sl_summary_pool_free(p);
        }
    }
    t_pool = bench_now_s() - t0;

    double n = (double)c.count * (double)repeat;
    printf("stage=summary stories=%zu docs=%zu MB=%.2f docs/s=%.0f MB/s=%.2f "
           "pool_docs/s=%.0f pool_bytes/doc=%.0f words=%.1f "
           "peak_rss_MB=%.1f\n",
           stories, c.count, (double)c.bytes / 1e6, t_sum > 0 ? n / t_sum : 0.0,
           t_sum > 0 ? (double)c.bytes * (double)repeat / 1e6 / t_sum : 0.0,
           t_pool > 0 ? n / t_pool : 0.0, (double)pool_bytes / (double)c.count,
           (double)words / (double)stories, bench_peak_rss_mb());
    free(docs);
    free(first);
    bench_corpus_free(&c);
    return failed;
}
