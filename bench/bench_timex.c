/*
 * bench_timex.c - documents per second through sl_timex_find().
 *
 * usage: bench_timex FILE.jsonl [--repeat N]
 *
 * FILE is a JSON Lines file of {"id", "dct", "text"} objects (such as
 * shared/data/timex/docs.jsonl); "dct" is a date, YYYY-MM-DD, and may be
 * missing. Every text is loaded into memory first, so the timings hold no
 * disk or JSON work. The rules are read once (sl_timex_rules_new()).
 * Then, on one thread and with the monotonic clock, every text is
 * searched N times. It prints one line:
 *
 *   stage=timex docs=183 MB=0.35 docs/s=... MB/s=... timexes=...
 *   peak_rss_MB=...
 *
 * timexes is the number found in one round. Exit status: 0; 1 if a text
 * failed (named on stderr; the line is printed all the same); 2 on a
 * usage error or when nothing could be loaded.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "storyline/storyline.h"
#include "storyline/timex.h"

typedef struct doc {
    char *text;
    size_t len;
    int64_t dct_ms;
} doc;

static int usage(void)
{
    fputs("usage: bench_timex FILE.jsonl [--repeat N]\n", stderr);
    return 2;
}

static int64_t dct_of(json_t *j)
{
    const char *s = json_string_value(json_object_get(j, "dct"));
    sl_date d;

    if (s == NULL || sl_date_parse(&d, s, strlen(s)) != SL_OK) {
        return 0;
    }
    d.has_tz = 0;
    return sl_date_to_ms(&d);
}

/* Load every line with a "text" string; returns the number of docs. */
static size_t load(doc **out, size_t *bytes, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, count = 0, alloc = 0;
    ssize_t n;
    doc *docs = NULL;

    *bytes = 0;
    if (f == NULL) {
        perror(path);
        return 0;
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *j = json_loadb(line, (size_t)n, JSON_ALLOW_NUL, &err);
        json_t *text = j != NULL ? json_object_get(j, "text") : NULL;
        if (!json_is_string(text)) {
            json_decref(j);
            continue;
        }
        if (count == alloc) {
            alloc = alloc ? alloc * 2 : 256;
            docs = realloc(docs, alloc * sizeof(*docs));
            if (docs == NULL) {
                abort();
            }
        }
        docs[count].len = json_string_length(text);
        docs[count].text = malloc(docs[count].len + 1);
        if (docs[count].text == NULL) {
            abort();
        }
        memcpy(docs[count].text, json_string_value(text), docs[count].len + 1);
        docs[count].dct_ms = dct_of(j);
        *bytes += docs[count].len;
        count++;
        json_decref(j);
    }
    free(line);
    fclose(f);
    *out = docs;
    return count;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    long repeat = 1;
    sl_timex_rules *rules = NULL;
    sl_timex_options o = { 0 };
    doc *docs = NULL;
    size_t count, bytes, found = 0, failed = 0;
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
    count = load(&docs, &bytes, path);
    if (count == 0) {
        fprintf(stderr, "bench_timex: %s: no text found\n", path);
        free(docs);
        return 2;
    }
    if (sl_timex_rules_new(&rules, NULL) != SL_OK) {
        fprintf(stderr, "bench_timex: cannot read the rules\n");
        return 2;
    }
    o.rules = rules;
    t0 = bench_now_s();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < count; i++) {
            sl_timex *tx = NULL;
            size_t n = 0;
            int rc = sl_timex_find(&tx, &n, docs[i].text, docs[i].len,
                                   docs[i].dct_ms, &o);
            if (rc < 0 && r == 0) {
                fprintf(stderr, "bench_timex: %s (text %zu): %s\n", path, i + 1,
                        sl_strerror(rc));
                failed++;
            }
            if (r == 0 && rc == SL_OK) {
                found += n;
            }
            sl_free(tx);
        }
    }
    t = bench_now_s() - t0;
    /* Guard the divisions: a tiny smoke corpus can take under a tick. */
    if (t <= 0.0) {
        t = 1e-9;
    }
    printf("stage=timex docs=%zu MB=%.2f docs/s=%.1f MB/s=%.2f timexes=%zu "
           "peak_rss_MB=%.1f\n",
           count, (double)bytes / 1e6, (double)count * (double)repeat / t,
           (double)bytes * (double)repeat / 1e6 / t, found,
           bench_peak_rss_mb());
    for (size_t i = 0; i < count; i++) {
        free(docs[i].text);
    }
    free(docs);
    sl_timex_rules_free(rules);
    return failed > 0 ? 1 : 0;
}
