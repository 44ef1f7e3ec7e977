/*
 * bench_cluster.c - speed and memory of the online clusterer on long
 * synthetic streams.
 *
 *   bench_cluster [--sizes N,N,...] [--seed S] FILE.jsonl[.gz]
 *
 * The articles of FILE (a dev or any JSON Lines corpus) are the seed
 * texts. For each size (default 10000,100000,1000000) a fresh clusterer
 * is fed a stream of that many articles, each a seed text picked at
 * random with one word in eight replaced by the word at the same place
 * in another seed text, a new id, and a date spread evenly over one year
 * (in stream order). Only sl_clusterer_add() is timed; making the
 * articles is not. One line per size:
 *
 *   stage=cluster articles=N articles/s=... us/article=...
 *   cpu_articles/s=... cpu_us/article=... events=... peak_rss_MB=...
 *
 * The cpu_ figures count the process's processor time in the calls, which
 * a machine shared with other jobs does not inflate as it does wall time.
 *
 * peak_rss_MB is the process's high-water mark so far, so it covers the
 * largest size run yet. Deterministic: the same seed gives the same
 * stream (xorshift64*).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "storyline/cluster.h"
#include "storyline/ingest.h"
#include "storyline/io.h"

#define DAY_MS INT64_C(86400000)
#define T0_MS  INT64_C(1700000000000)

typedef struct seed_doc {
    char *title;
    char *text;
} seed_doc;

typedef struct corpus {
    seed_doc *docs;
    size_t count;
    size_t cap;
} corpus;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (p == NULL) {
        fprintf(stderr, "bench_cluster: out of memory\n");
        exit(1);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = xrealloc(NULL, n);

    memcpy(d, s ? s : "", n);
    return d;
}

static int on_doc(const sl_doc *doc, void *payload)
{
    corpus *c = payload;

    if (c->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->docs = xrealloc(c->docs, c->cap * sizeof(*c->docs));
    }
    c->docs[c->count].title = xstrdup(doc->title);
    c->docs[c->count].text = xstrdup(doc->text);
    c->count++;
    return 0;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

/* The start and length of word 'k' (space-separated) of s, or 0. */
static size_t nth_word(const char **start, const char *s, size_t k)
{
    size_t i = 0;

    for (;;) {
        while (s[i] == ' ' || s[i] == '\n') {
            i++;
        }
        if (s[i] == '\0') {
            return 0;
        }
        size_t j = i;
        while (s[j] != '\0' && s[j] != ' ' && s[j] != '\n') {
            j++;
        }
        if (k == 0) {
            *start = s + i;
            return j - i;
        }
        k--;
        i = j;
    }
}

/* Copy 'src' into *buf, replacing one word in eight by the word at the
 * same place in 'other' (kept when other is shorter). Only the first
 * 'max_words' words are copied: the clusterer reads no more. */
static void perturb(char **buf,
                    size_t *cap,
                    const char *src,
                    const char *other,
                    uint64_t *rng,
                    size_t max_words)
{
    size_t len = 0;
    size_t k = 0;
    size_t i = 0;
    const char *o = other;

    for (;;) {
        while (src[i] == ' ' || src[i] == '\n') {
            i++;
        }
        if (src[i] == '\0' || k >= max_words) {
            break;
        }
        size_t j = i;
        while (src[j] != '\0' && src[j] != ' ' && src[j] != '\n') {
            j++;
        }
        const char *w = src + i;
        size_t n = j - i;
        if (next_rand(rng) % 8 == 0) {
            const char *ow = NULL;
            size_t on = nth_word(&ow, o, 0);
            if (on > 0) {
                w = ow;
                n = on;
                o = ow + on;
            }
        }
        if (len + n + 2 > *cap) {
            *cap = (len + n + 2) * 2;
            *buf = xrealloc(*buf, *cap);
        }
        memcpy(*buf + len, w, n);
        len += n;
        (*buf)[len++] = ' ';
        k++;
        i = j;
    }
    if (*cap == 0) {
        *cap = 16;
        *buf = xrealloc(*buf, *cap);
    }
    (*buf)[len] = '\0';
}

static double clock_s(clockid_t which)
{
    struct timespec ts;

    clock_gettime(which, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int run_size(const corpus *cp, size_t n, uint64_t seed)
{
    sl_clusterer *c = NULL;
    sl_cluster_options o = { 0 };
    char *title = NULL;
    char *text = NULL;
    size_t title_cap = 0;
    size_t text_cap = 0;
    char id[32];
    uint64_t rng = seed ? seed : 1;
    double spent = 0, cpu = 0;
    int rc;

    rc = sl_clusterer_new(&c, &o);
    if (rc < 0) {
        fprintf(stderr, "bench_cluster: %s\n", sl_strerror(rc));
        return 1;
    }
    for (size_t k = 0; k < n; k++) {
        const seed_doc *a = &cp->docs[next_rand(&rng) % cp->count];
        const seed_doc *b = &cp->docs[next_rand(&rng) % cp->count];
        sl_cluster_doc d = { 0 };
        sl_cluster_result r;

        perturb(&title, &title_cap, a->title, b->title, &rng, 64);
        perturb(&text, &text_cap, a->text, b->text, &rng, 400);
        snprintf(id, sizeof(id), "s%zu", k);
        d.id = id;
        d.title = title;
        d.text = text;
        d.published_ms =
            T0_MS + (int64_t)((double)k / (double)n * 365.0 * (double)DAY_MS);
        double t = clock_s(CLOCK_MONOTONIC);
        double p = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        rc = sl_clusterer_add(&r, c, &d);
        spent += clock_s(CLOCK_MONOTONIC) - t;
        cpu += clock_s(CLOCK_PROCESS_CPUTIME_ID) - p;
        if (rc < 0) {
            fprintf(stderr, "bench_cluster: %s: %s\n", id, sl_strerror(rc));
            break;
        }
    }
    if (rc == SL_OK) {
        sl_cluster_stats st;
        sl_clusterer_stats(&st, c);
        printf("stage=cluster articles=%zu articles/s=%.0f us/article=%.1f "
               "cpu_articles/s=%.0f cpu_us/article=%.1f "
               "events=%llu live_events=%zu peak_rss_MB=%.1f\n",
               n, spent > 0 ? (double)n / spent : 0.0,
               n ? spent * 1e6 / (double)n : 0.0,
               cpu > 0 ? (double)n / cpu : 0.0, n ? cpu * 1e6 / (double)n : 0.0,
               (unsigned long long)st.events, st.live_events, peak_rss_mb());
        fflush(stdout);
    }
    free(title);
    free(text);
    sl_clusterer_free(c);
    return rc == SL_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *sizes = "10000,100000,1000000";
    const char *path = NULL;
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
    corpus cp = { 0 };
    char *data = NULL;
    size_t len = 0;
    int status = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
            sizes = argv[++i];
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 0);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            fprintf(stderr, "usage: bench_cluster [--sizes N,...] "
                            "[--seed S] FILE.jsonl\n");
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: bench_cluster [--sizes N,...] [--seed S] "
                        "FILE.jsonl\n");
        return 2;
    }
    int rc = sl_read_file(&data, &len, path, 0);
    if (rc < 0) {
        fprintf(stderr, "bench_cluster: %s: %s\n", path, sl_strerror(rc));
        return 1;
    }
    sl_ingest_options io = { 0 };
    io.on_doc = on_doc;
    io.payload = &cp;
    rc = sl_jsonl_read(data, len, path, &io);
    sl_free(data);
    if (rc < 0 || cp.count == 0) {
        fprintf(stderr, "bench_cluster: %s: no articles\n", path);
        return 1;
    }
    for (const char *s = sizes; *s != '\0' && status == 0;) {
        char *end = NULL;
        unsigned long long n = strtoull(s, &end, 10);
        if (end == s || n == 0) {
            fprintf(stderr, "bench_cluster: bad size list %s\n", sizes);
            status = 2;
            break;
        }
        status = run_size(&cp, (size_t)n, seed);
        s = *end == ',' ? end + 1 : end;
    }
    for (size_t i = 0; i < cp.count; i++) {
        free(cp.docs[i].title);
        free(cp.docs[i].text);
    }
    free(cp.docs);
    return status;
}
