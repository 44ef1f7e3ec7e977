/*
 * corpus.h - what every benchmark program shares: loading a folder of
 * pages into memory, a monotonic clock and the process's peak RSS.
 *
 * Pages are read with sl_read_file(), so plain and gzip-compressed files
 * are both accepted and the figures are always about decompressed bytes.
 * Not part of the library: bench programs may call anything.
 */
#ifndef SL_BENCH_CORPUS_H
#define SL_BENCH_CORPUS_H

#include <stddef.h>

typedef struct bench_page {
    char *path; /* file the page came from */
    char *data; /* decompressed bytes, NUL-terminated; sl_free() */
    size_t len;
} bench_page;

typedef struct bench_corpus {
    bench_page *pages;
    size_t count;
    size_t bytes; /* sum of every page's len */
} bench_corpus;

/*
 * Load every regular file under 'dir' (recursively, hidden entries
 * skipped, in byte order of names, so runs are comparable). A file that
 * cannot be read is named on stderr and skipped. Pages larger than
 * 'max_bytes' (0 = no cap) are skipped too.
 *
 * Returns 0, or -1 if 'dir' cannot be opened or memory runs out.
 */
int bench_corpus_load(bench_corpus *out, const char *dir, size_t max_bytes);

/* Free every page. */
void bench_corpus_free(bench_corpus *c);

/* Seconds on the monotonic clock, from an arbitrary origin. */
double bench_now_s(void);

/* Peak resident set size of this process so far, in MB (10^6 bytes). */
double bench_peak_rss_mb(void);

#endif
