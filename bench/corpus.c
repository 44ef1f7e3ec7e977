/*
 * corpus.c - page loading, clock and peak RSS for the benchmark programs.
 *
 * The folder walk sorts names so that every run sees the pages in the
 * same order (readdir order depends on the file system). Peak RSS comes
 * from getrusage(2), whose ru_maxrss is in KiB on Linux.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "storyline/io.h"

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_page(bench_corpus *c, const char *path, size_t max_bytes)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sl_read_file(&data, &len, path, max_bytes);

    if (rc < 0) {
        fprintf(stderr, "bench: %s: %s\n", path,
                rc == SL_EIO ? strerror(errno) : sl_strerror(rc));
        return 0;
    }
    char *p = strdup(path);
    bench_page *np = realloc(c->pages, (c->count + 1) * sizeof(*np));
    if (np != NULL) {
        c->pages = np;
    }
    if (np == NULL || p == NULL) {
        free(p);
        sl_free(data);
        return -1;
    }
    c->pages[c->count].path = p;
    c->pages[c->count].data = data;
    c->pages[c->count].len = len;
    c->count++;
    c->bytes += len;
    return 0;
}

static int walk(bench_corpus *c, const char *dir, size_t max_bytes, int depth)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    int rc = 0;

    if (depth > 32) {
        return 0;
    }
    d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "bench: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char **nn = realloc(names, (n + 1) * sizeof(*nn));
        if (nn == NULL) {
            rc = -1;
            break;
        }
        names = nn;
        names[n] = malloc(len);
        if (names[n] == NULL) {
            rc = -1;
            break;
        }
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) {
        qsort(names, n, sizeof(*names), cmp_names);
    }
    for (i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = walk(c, names[i], max_bytes, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_page(c, names[i], max_bytes);
        }
    }
    for (i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    return rc;
}

int bench_corpus_load(bench_corpus *out, const char *dir, size_t max_bytes)
{
    memset(out, 0, sizeof(*out));
    if (walk(out, dir, max_bytes, 0) < 0) {
        bench_corpus_free(out);
        return -1;
    }
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    size_t i;

    for (i = 0; i < c->count; i++) {
        free(c->pages[i].path);
        sl_free(c->pages[i].data);
    }
    free(c->pages);
    memset(c, 0, sizeof(*c));
}

double bench_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_peak_rss_mb(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        return 0.0;
    }
    return (double)ru.ru_maxrss * 1024.0 / 1e6;
}
