/*
 * bench_ingest.c - ingest and search speed of the store, and its size.
 *
 *   bench_ingest [--jsonl-dir DIR] [--html-dir DIR]... [--articles N]
 *                [--pages N] [--search-articles N] [--queries N]
 *                [--copies on|off] [--stories on|off] [--keep on|off]
 *
 * Three measurements, each on a fresh store in a temporary folder, one
 * thread:
 *
 *  jsonl   every articles.jsonl(.gz) under --jsonl-dir, repeated with new
 *          ids until --articles (default 20000) lines, read with
 *          sl_jsonl_read() and stored with sl_store_ingest_doc() in
 *          batches of 1000; then the store's size (all its files, after a
 *          checkpoint) against the raw title + body bytes.
 *  html    every page under each --html-dir, repeated with new identities
 *          until --pages (default 2000) pages, extracted and stored.
 *  search  --search-articles (default 100000) JSON Lines articles stored,
 *          then --queries (default 500) queries of one to three words drawn
 *          with a fixed seed from the stored titles; latency p50/p95/p99.
 *
 * --copies off opens the stores without copy detection, --stories off
 * without events, storylines and their digests (both off: the storage
 * path alone); by default both run on every put, as `storyline ingest`
 * does. --keep on leaves the temporary folder and its stores in place
 * (its path goes to stderr) for a look at where the bytes went. Prints one
 * line per measurement: stage=... key=value ...
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "storyline/storyline.h"

typedef struct sink {
    sl_store *st;
    sl_ingest_stats stats;
    size_t in_batch;
    size_t raw_bytes; /* title + body of stored documents */
    int failed;
} sink;

static int on_doc(const sl_doc *doc, void *payload)
{
    sink *s = payload;
    int rc = sl_store_ingest_doc(s->st, doc, NULL, 1700000000000, &s->stats);

    if (rc < 0 && rc != SL_EINVAL) {
        fprintf(stderr, "bench_ingest: %s\n", sl_store_errmsg(s->st));
        s->failed = 1;
        return 1;
    }
    if (doc->kind == SL_DOC_TEXT) {
        s->raw_bytes += (doc->title ? strlen(doc->title) : 0) +
                        (doc->text ? strlen(doc->text) : 0);
    }
    if (++s->in_batch >= 1000) {
        if (sl_store_commit(s->st) < 0 || sl_store_begin(s->st) < 0) {
            s->failed = 1;
            return 1;
        }
        s->in_batch = 0;
    }
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    (void)payload;
    fprintf(stderr, "bench_ingest: %s: %s\n", where, msg);
}

static char tmpdir[64];
static int copies = 1;  /* copy detection on puts, as ingest runs it */
static int stories = 1; /* events, storylines and their digests, likewise */
static int keep = 0;    /* leave the stores in place */

static int store_open(sink *s, const char *name)
{
    char path[128];

    sl_store_options so = { 0 };

    so.no_copies = !copies;
    so.no_stories = !stories;
    memset(s, 0, sizeof(*s));
    snprintf(path, sizeof(path), "%s/%s.db", tmpdir, name);
    if (sl_store_open(&s->st, path, &so) < 0 || sl_store_begin(s->st) < 0) {
        fprintf(stderr, "bench_ingest: %s: %s\n", path, sl_store_errmsg(s->st));
        return -1;
    }
    return 0;
}

/* Processor time of this process so far (user + system), in seconds:
 * steadier than the wall clock on a shared machine. */
static double cpu_now_s(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        return 0.0;
    }
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double store_mb(const char *name)
{
    static const char *const ext[] = { "", "-wal", "-shm" };
    double total = 0;

    for (size_t i = 0; i < 3; i++) {
        char path[160];
        struct stat sb;
        snprintf(path, sizeof(path), "%s/%s.db%s", tmpdir, name, ext[i]);
        if (stat(path, &sb) == 0) {
            total += (double)sb.st_size;
        }
    }
    return total / 1e6;
}

/* Every JSON line of every articles.jsonl(.gz) under dir, as objects. */
static json_t *load_lines(const char *dir)
{
    bench_corpus c;
    json_t *all = json_array();

    if (bench_corpus_load(&c, dir, 0) < 0) {
        return all;
    }
    for (size_t i = 0; i < c.count; i++) {
        const char *base = strrchr(c.pages[i].path, '/');
        base = base ? base + 1 : c.pages[i].path;
        if (strncmp(base, "articles", 8) != 0 ||
            strstr(base, ".jsonl") == NULL) {
            continue;
        }
        char *p = c.pages[i].data, *end = p + c.pages[i].len;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            json_t *j = json_loadb(p, n, 0, NULL);
            if (j != NULL && json_is_object(j)) {
                json_array_append_new(all, j);
            } else {
                json_decref(j);
            }
            p += n + 1;
        }
    }
    bench_corpus_free(&c);
    return all;
}

/* 'count' lines from 'lines', repeated, each with a new id. */
static char *make_jsonl(json_t *lines, size_t count, size_t *out_len)
{
    size_t n = json_array_size(lines), cap = 1 << 20, len = 0;
    char *buf = malloc(cap);

    for (size_t i = 0; i < count && n > 0; i++) {
        json_t *j = json_deep_copy(json_array_get(lines, i % n));
        char id[64];
        snprintf(id, sizeof(id), "bench-%zu", i);
        json_object_set_new(j, "id", json_string(id));
        char *s = json_dumps(j, JSON_COMPACT);
        size_t sl = strlen(s);
        while (len + sl + 2 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        memcpy(buf + len, s, sl);
        len += sl;
        buf[len++] = '\n';
        free(s);
        json_decref(j);
    }
    *out_len = len;
    return buf;
}

static int ingest_jsonl(sink *s, const char *data, size_t len)
{
    sl_ingest_options io = { 0 };

    io.on_doc = on_doc;
    io.on_error = on_error;
    io.payload = s;
    if (sl_jsonl_read(data, len, "bench.jsonl", &io) < 0 || s->failed) {
        return -1;
    }
    return sl_store_commit(s->st) < 0 ? -1 : 0;
}

static void bench_jsonl(json_t *lines, size_t count)
{
    size_t len;
    char *data = make_jsonl(lines, count, &len);
    sink s;

    if (store_open(&s, "jsonl") < 0) {
        free(data);
        return;
    }
    double t0 = bench_now_s(), c0 = cpu_now_s();
    int rc = ingest_jsonl(&s, data, len);
    double secs = bench_now_s() - t0, cpu = cpu_now_s() - c0;
    sl_store_close(s.st);
    if (rc == 0) {
        double mb = store_mb("jsonl");
        printf(
            "stage=ingest-jsonl copies=%s stories=%s articles=%zu "
            "added=%zu secs=%.2f cpu_secs=%.2f "
            "articles/s=%.0f cpu_articles/s=%.0f raw_MB=%.1f store_MB=%.1f store_ratio=%.2f "
            "peak_rss_MB=%.1f\n",
            copies ? "on" : "off", stories ? "on" : "off", s.stats.docs,
            s.stats.added, secs, cpu, (double)s.stats.docs / secs,
            (double)s.stats.docs / cpu, (double)s.raw_bytes / 1e6, mb,
            mb * 1e6 / (double)s.raw_bytes, bench_peak_rss_mb());
    }
    free(data);
}

static void bench_html(char **dirs, size_t ndirs, size_t count)
{
    bench_corpus c[8];
    size_t total = 0, bytes = 0, done = 0;
    sink s;

    for (size_t d = 0; d < ndirs; d++) {
        if (bench_corpus_load(&c[d], dirs[d], 0) < 0) {
            return;
        }
        total += c[d].count;
    }
    if (total == 0 || store_open(&s, "html") < 0) {
        return;
    }
    double t0 = bench_now_s();
    for (size_t i = 0; done < count && !s.failed; i++) {
        size_t k = i % total, d = 0;
        while (k >= c[d].count) {
            k -= c[d].count;
            d++;
        }
        const bench_page *pg = &c[d].pages[k];
        char id[64];
        sl_doc doc;
        memset(&doc, 0, sizeof(doc));
        snprintf(id, sizeof(id), "page-%zu", i);
        doc.kind = SL_DOC_HTML;
        doc.ext_id = id;
        doc.path = pg->path;
        doc.where = pg->path;
        doc.html = pg->data;
        doc.html_len = pg->len;
        on_doc(&doc, &s);
        bytes += pg->len;
        done++;
    }
    sl_store_commit(s.st);
    double secs = bench_now_s() - t0;
    printf("stage=ingest-html copies=%s stories=%s pages=%zu added=%zu "
           "failed=%zu secs=%.2f "
           "pages/s=%.0f MB/s=%.1f peak_rss_MB=%.1f\n",
           copies ? "on" : "off", stories ? "on" : "off", done, s.stats.added,
           s.stats.failed, secs, (double)done / secs,
           (double)bytes / 1e6 / secs, bench_peak_rss_mb());
    sl_store_close(s.st);
    for (size_t d = 0; d < ndirs; d++) {
        bench_corpus_free(&c[d]);
    }
}

static int count_row(const sl_article_row *row, void *payload)
{
    (void)row;
    (*(size_t *)payload)++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Deterministic pseudo-random numbers (xorshift64*). */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static void bench_search(json_t *lines, size_t count, size_t nqueries)
{
    size_t len, n = json_array_size(lines);
    char *data = make_jsonl(lines, count, &len);
    double *lat = calloc(nqueries, sizeof(double));
    size_t hits_total = 0;
    sink s;

    if (store_open(&s, "search") < 0 || ingest_jsonl(&s, data, len) < 0) {
        free(data);
        free(lat);
        return;
    }
    sl_store_close(s.st);
    char path[128];
    snprintf(path, sizeof(path), "%s/search.db", tmpdir);
    sl_store_options ro = { .read_only = 1 };
    sl_store *st = NULL;
    if (sl_store_open(&st, path, &ro) < 0) {
        fprintf(stderr, "bench_ingest: %s\n", sl_store_errmsg(st));
        sl_store_close(st);
        free(data);
        free(lat);
        return;
    }
    for (size_t q = 0; q < nqueries; q++) {
        /* One to three words of a title (or text) picked at random. */
        json_t *j = json_array_get(lines, rng() % n);
        const char *t = json_string_value(json_object_get(j, "title"));
        if (t == NULL || strlen(t) < 8) {
            t = json_string_value(json_object_get(j, "text"));
        }
        char words[3][48] = { "", "", "" }, query[160];
        size_t nw = 0, want = 1 + rng() % 3;
        const char *p = t ? t : "";
        size_t tl = strlen(p), start = tl ? rng() % tl : 0;
        p += start;
        while (*p && nw < want) {
            while (*p && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) {
                p++;
            }
            size_t k = 0;
            while (*p && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
                   k < sizeof(words[0]) - 1) {
                words[nw][k++] = *p++;
            }
            words[nw][k] = '\0';
            if (k >= 4) {
                nw++;
            }
        }
        if (nw == 0) {
            snprintf(words[0], sizeof(words[0]), "the");
            nw = 1;
        }
        snprintf(query, sizeof(query), "%s %s %s", words[0],
                 nw > 1 ? words[1] : "", nw > 2 ? words[2] : "");
        sl_query_options qo = { 0 };
        qo.query = query;
        qo.limit = 20;
        double t0 = bench_now_s();
        size_t hits = 0;
        sl_store_search(st, &qo, count_row, &hits);
        lat[q] = (bench_now_s() - t0) * 1000.0;
        hits_total += hits;
    }
    qsort(lat, nqueries, sizeof(double), cmp_double);
    printf("stage=search articles=%zu queries=%zu p50_ms=%.2f p95_ms=%.2f "
           "p99_ms=%.2f mean_hits=%.1f store_MB=%.1f peak_rss_MB=%.1f\n",
           count, nqueries, lat[nqueries / 2], lat[nqueries * 95 / 100],
           lat[nqueries * 99 / 100], (double)hits_total / (double)nqueries,
           store_mb("search"), bench_peak_rss_mb());
    sl_store_close(st);
    free(data);
    free(lat);
}

int main(int argc, char **argv)
{
    const char *jsonl_dir = NULL;
    char *html_dirs[8];
    size_t nhtml = 0, articles = 20000, pages = 2000, search_n = 100000;
    size_t queries = 500;

    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) {
            fprintf(stderr, "bench_ingest: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--jsonl-dir") == 0) {
            jsonl_dir = v;
        } else if (strcmp(a, "--html-dir") == 0 && nhtml < 8) {
            html_dirs[nhtml++] = argv[i + 1];
        } else if (strcmp(a, "--articles") == 0) {
            articles = strtoul(v, NULL, 10);
        } else if (strcmp(a, "--pages") == 0) {
            pages = strtoul(v, NULL, 10);
        } else if (strcmp(a, "--search-articles") == 0) {
            search_n = strtoul(v, NULL, 10);
        } else if (strcmp(a, "--copies") == 0) {
            copies = strcmp(v, "off") != 0;
        } else if (strcmp(a, "--stories") == 0) {
            stories = strcmp(v, "off") != 0;
        } else if (strcmp(a, "--keep") == 0) {
            keep = strcmp(v, "off") != 0;
        } else if (strcmp(a, "--queries") == 0) {
            queries = strtoul(v, NULL, 10);
        } else {
            fprintf(stderr, "usage: bench_ingest [--jsonl-dir DIR] "
                            "[--html-dir DIR]... [--articles N] [--pages N] "
                            "[--search-articles N] [--queries N] "
                            "[--copies on|off] [--stories on|off] "
                            "[--keep on|off]\n");
            return 2;
        }
    }
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/sl-bench-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    sl_extract_global_init();
    if (jsonl_dir != NULL) {
        json_t *lines = load_lines(jsonl_dir);
        if (json_array_size(lines) == 0) {
            fprintf(stderr, "bench_ingest: no articles.jsonl under %s\n",
                    jsonl_dir);
        } else {
            if (articles > 0) {
                bench_jsonl(lines, articles);
            }
            if (search_n > 0 && queries > 0) {
                bench_search(lines, search_n, queries);
            }
        }
        json_decref(lines);
    }
    if (nhtml > 0 && pages > 0) {
        bench_html(html_dirs, nhtml, pages);
    }
    if (keep) {
        fprintf(stderr, "bench_ingest: stores kept in %s\n", tmpdir);
        return 0;
    }
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench_ingest: could not remove %s\n", tmpdir);
    }
    return 0;
}
