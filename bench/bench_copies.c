/*
 * bench_copies.c - cost of copy detection as the store grows: the time of
 * the provenance step per article and the bytes of the fingerprint index
 * per article, at 10k, 100k and 1M articles (or the sizes asked for).
 *
 * Articles are made from a JSON Lines corpus (the copies dev set) by
 * perturbation, with a fixed seed: 15% of the words replaced by other
 * words of the same text, paragraphs swapped, a new id, outlet and date.
 * Each article is stored without detection (sl_store_put with
 * no_copies), then the provenance step (sl__prov_on_put, what a put runs)
 * is timed alone. One line per size:
 *
 *   stage=copies articles=N ms/article=... cpu_ms/article=...
 *     ms/article_all=... index_bytes/article=... links=... peak_rss_MB=...
 *
 * ms/article is the mean wall time over the last 1,000 articles before
 * the size was reached (the cost at that size), cpu_ms/article the mean
 * processor time of the same steps (the fairer figure on a shared
 * machine, where other jobs stretch wall time), ms/article_all the mean
 * wall time over all. commit_cpu_ms/article is the processor time of
 * the commits of those articles' transactions (1,000 articles each,
 * everything they wrote: texts, postings, links), per article; the
 * index's writes land there. Index bytes are the pages of table
 * prov_postings (dbstat).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "provenance/provenance.h"
#include "storyline/storyline.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

/* Processor time of this process, in seconds. */
static double cpu_now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct text {
    char *title, *body;
} text;

/* A perturbed copy of 'src': words replaced, paragraphs swapped. */
static char *perturb(const char *src)
{
    size_t len = strlen(src), nw = 0, cap = 64;
    const char **w = malloc(cap * sizeof(*w));
    size_t *wl = malloc(cap * sizeof(*wl));
    char *out = malloc(len * 2 + 16);
    size_t o = 0;

    for (const char *p = src; *p;) {
        while (*p == ' ' || *p == '\n') {
            p++;
        }
        const char *s = p;
        while (*p && *p != ' ' && *p != '\n') {
            p++;
        }
        if (p > s) {
            if (nw == cap) {
                cap *= 2;
                w = realloc(w, cap * sizeof(*w));
                wl = realloc(wl, cap * sizeof(*wl));
            }
            w[nw] = s;
            wl[nw++] = (size_t)(p - s);
        }
    }
    for (const char *p = src; *p;) {
        if (*p == ' ' || *p == '\n') {
            out[o++] = *p++;
            continue;
        }
        const char *s = p;
        while (*p && *p != ' ' && *p != '\n') {
            p++;
        }
        if (nw > 0 && rng() % 100 < 15) {
            size_t k = rng() % nw;
            if (o + wl[k] < len * 2) {
                memcpy(out + o, w[k], wl[k]);
                o += wl[k];
            }
        } else {
            memcpy(out + o, s, (size_t)(p - s));
            o += (size_t)(p - s);
        }
    }
    out[o] = '\0';
    /* Swap two paragraphs: rotate the text at a random blank line. */
    char *cut = NULL;
    size_t tries = rng() % 8;
    for (char *p = strstr(out, "\n\n"); p != NULL && tries > 0;
         p = strstr(p + 2, "\n\n"), tries--) {
        cut = p;
    }
    if (cut != NULL) {
        size_t head = (size_t)(cut - out);
        char *r = malloc(o + 3);
        memcpy(r, cut + 2, o - head - 2);
        memcpy(r + o - head - 2, "\n\n", 2);
        memcpy(r + o - head, out, head);
        r[o] = '\0';
        free(out);
        out = r;
    }
    free(w);
    free(wl);
    return out;
}

static int count_link(const sl_copy_row *r, void *payload)
{
    if (r->original_id != 0) {
        (*(size_t *)payload)++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t sizes[8] = { 10000, 100000, 1000000 }, nsizes = 3;
    const char *db = "bench_copies.db";
    json_t *all;
    json_error_t jerr;
    FILE *f;
    sl_store *st = NULL;
    sl_store_options so = { .no_copies = 1, .no_stories = 1 };

    if (argc < 2) {
        fprintf(stderr, "usage: bench_copies FILE.jsonl [--sizes N,N,...] "
                        "[--db PATH]\n");
        return 2;
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--sizes") == 0) {
            nsizes = 0;
            for (char *p = argv[i + 1]; *p && nsizes < 8;) {
                sizes[nsizes++] = strtoul(p, &p, 10);
                if (*p == ',') {
                    p++;
                }
            }
        } else if (strcmp(argv[i], "--db") == 0) {
            db = argv[i + 1];
        }
    }
    f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    all = json_array();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, &jerr);
        if (j != NULL) {
            json_array_append_new(all, j);
        }
    }
    free(line);
    fclose(f);
    size_t ncorp = json_array_size(all);
    if (ncorp == 0) {
        fprintf(stderr, "bench_copies: no articles in %s\n", argv[1]);
        return 1;
    }
    remove(db);
    if (sl_store_open(&st, db, &so) != SL_OK) {
        fprintf(stderr, "bench_copies: %s\n", sl_store_errmsg(st));
        return 1;
    }
    double prov_all = 0, prov_recent = 0, cpu_recent = 0, commit_recent = 0;
    size_t recent = 0, next = 0;
    sl_store_begin(st);
    for (size_t n = 1; next < nsizes; n++) {
        json_t *j = json_array_get(all, (n - 1) % ncorp);
        const char *t = json_string_value(json_object_get(j, "text"));
        char id[32], date[32], src[32];
        char *body = perturb(t ? t : "");
        snprintf(id, sizeof(id), "b%zu", n);
        snprintf(src, sizeof(src), "outlet%u", rng() % 500);
        snprintf(date, sizeof(date), "2020-01-%02zuT%02zu:%02zu:00Z",
                 1 + (n / 86400) % 28, (n / 3600) % 24, (n / 60) % 60);
        sl_store_input in = { 0 };
        in.ext_id = id;
        in.title = json_string_value(json_object_get(j, "title"));
        in.body = body;
        in.source = src;
        in.published = date;
        in.ingested_ms = 1700000000000 + (int64_t)n;
        int64_t aid = 0;
        if (sl_store_put(&aid, NULL, st, &in) != SL_OK) {
            fprintf(stderr, "bench_copies: %s\n", sl_store_errmsg(st));
            return 1;
        }
        sl_date d;
        int64_t pub = 0;
        if (sl_date_parse(&d, date, strlen(date)) == SL_OK) {
            pub = sl_date_to_ms(&d);
        }
        double t0 = bench_now_s(), c0 = cpu_now_s();
        if (sl__prov_on_put(st, aid, 1, &in, pub) != SL_OK) {
            fprintf(stderr, "bench_copies: %s\n", sl_store_errmsg(st));
            return 1;
        }
        double dt = bench_now_s() - t0, dc = cpu_now_s() - c0;
        free(body);
        prov_all += dt;
        if (n + 1000 > sizes[next]) {
            prov_recent += dt;
            cpu_recent += dc;
            recent++;
        }
        if (n % 1000 == 0) {
            double c1 = cpu_now_s();
            sl_store_commit(st);
            if (n + 1000 > sizes[next]) {
                commit_recent += cpu_now_s() - c1;
            }
            sl_store_begin(st);
        }
        if (n == sizes[next]) {
            int64_t bytes = 0;
            size_t links = 0;
            double c1 = cpu_now_s();
            sl_store_commit(st);
            commit_recent += cpu_now_s() - c1;
            sl_copies_index_bytes(st, &bytes);
            sl_copies_list(st, 0, count_link, &links);
            printf("stage=copies articles=%zu ms/article=%.3f "
                   "cpu_ms/article=%.3f commit_cpu_ms/article=%.3f "
                   "ms/article_all=%.3f "
                   "index_bytes/article=%.1f links=%zu peak_rss_MB=%.1f\n",
                   n, recent ? 1000.0 * prov_recent / (double)recent : 0,
                   recent ? 1000.0 * cpu_recent / (double)recent : 0,
                   recent ? 1000.0 * commit_recent / (double)recent : 0,
                   1000.0 * prov_all / (double)n, (double)bytes / (double)n,
                   links, bench_peak_rss_mb());
            fflush(stdout);
            prov_recent = 0;
            cpu_recent = 0;
            commit_recent = 0;
            recent = 0;
            next++;
            sl_store_begin(st);
        }
    }
    sl_store_commit(st);
    sl_store_close(st);
    json_decref(all);
    return 0;
}
