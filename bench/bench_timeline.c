/*
 * bench_timeline.c - the timeline accumulator's cost: articles added per
 * second, render time, saved bytes per story, save+load time.
 *
 *   bench_timeline FILE.jsonl... [--repeat N] [--dates N] [--sentences K]
 *
 * Each FILE is one story (an articles.jsonl: "title", "text",
 * "published" per line; articles without a date are skipped). For each
 * repeat, every story's articles are added to a fresh accumulator in file
 * order; then each story is rendered, saved and loaded. Prints
 *
 *   stage=timeline stories=S articles=N articles/s=... MB/s=...
 *   render_ms=... bytes_per_story=... save_load_ms=... peak_rss_MB=...
 *
 * render_ms and save_load_ms are per story (mean); bytes_per_story is
 * the mean saved size, the timeline part of a story's digest.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "storyline/dates.h"
#include "storyline/io.h"
#include "storyline/timeline.h"

typedef struct art {
    int64_t ms;
    char *title, *text;
    size_t title_len, text_len;
} art;

typedef struct story {
    art *a;
    size_t n;
} story;

static int load_story(story *s, const char *path, size_t *bytes)
{
    char *data = NULL;
    size_t len = 0;

    if (sl_read_file(&data, &len, path, 0) != SL_OK) {
        fprintf(stderr, "bench_timeline: cannot read %s\n", path);
        return -1;
    }
    char *p = data;
    while (p < data + len) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        json_t *o = json_loadb(p, n, 0, NULL);
        p += n + 1;
        if (o == NULL) {
            continue;
        }
        const char *pub = json_string_value(json_object_get(o, "published"));
        const char *t = json_string_value(json_object_get(o, "title"));
        const char *x = json_string_value(json_object_get(o, "text"));
        sl_date d;
        if (pub != NULL && sl_date_parse(&d, pub, strlen(pub)) == SL_OK) {
            s->a = realloc(s->a, (s->n + 1) * sizeof(art));
            if (s->a == NULL) {
                abort();
            }
            art *a = &s->a[s->n++];
            a->ms = sl_date_to_ms(&d);
            a->title = strdup(t ? t : "");
            a->text = strdup(x ? x : "");
            a->title_len = strlen(a->title);
            a->text_len = strlen(a->text);
            *bytes += a->title_len + a->text_len;
        }
        json_decref(o);
    }
    sl_free(data);
    return 0;
}

int main(int argc, char **argv)
{
    story *stories = NULL;
    size_t nstories = 0, narts = 0, bytes = 0;
    int repeat = 1;
    sl_timeline_render_options ro = { .dates = 20, .sentences = 2 };

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--dates") == 0 && i + 1 < argc) {
            ro.dates = (size_t)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--sentences") == 0 && i + 1 < argc) {
            ro.sentences = (size_t)atoi(argv[++i]);
        } else {
            stories = realloc(stories, (nstories + 1) * sizeof(story));
            if (stories == NULL) {
                abort();
            }
            memset(&stories[nstories], 0, sizeof(story));
            if (load_story(&stories[nstories], argv[i], &bytes) < 0) {
                return 1;
            }
            narts += stories[nstories].n;
            nstories++;
        }
    }
    if (nstories == 0 || repeat < 1) {
        fprintf(stderr, "usage: bench_timeline FILE.jsonl... [--repeat N] "
                        "[--dates N] [--sentences K]\n");
        return 2;
    }
    double add_s = 0, render_s = 0, load_s = 0;
    size_t saved = 0;
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < nstories; i++) {
            sl_timeline *tl;
            if (sl_timeline_new(&tl, NULL) != SL_OK) {
                return 1;
            }
            double t0 = bench_now_s();
            for (size_t j = 0; j < stories[i].n; j++) {
                const art *a = &stories[i].a[j];
                sl_timeline_article ta = { .published_ms = a->ms,
                                           .title = a->title,
                                           .title_len = a->title_len,
                                           .body = a->text,
                                           .body_len = a->text_len };
                if (sl_timeline_add(tl, &ta) != SL_OK) {
                    return 1;
                }
            }
            double t1 = bench_now_s();
            sl_timeline_result *res;
            if (sl_timeline_render(&res, tl, &ro) != SL_OK) {
                return 1;
            }
            double t2 = bench_now_s();
            unsigned char *b;
            size_t n;
            sl_timeline *t2l;
            if (sl_timeline_save(&b, &n, tl) != SL_OK ||
                sl_timeline_load(&t2l, b, n, NULL) != SL_OK) {
                return 1;
            }
            double t3 = bench_now_s();
            add_s += t1 - t0;
            render_s += t2 - t1;
            load_s += t3 - t2;
            saved += n;
            sl_free(b);
            sl_timeline_free(t2l);
            sl_timeline_result_free(res);
            sl_timeline_free(tl);
        }
    }
    double runs = (double)repeat * (double)nstories;
    printf("stage=timeline stories=%zu articles=%zu articles/s=%.0f "
           "MB/s=%.2f render_ms=%.3f bytes_per_story=%.0f save_load_ms=%.3f "
           "peak_rss_MB=%.1f\n",
           nstories, narts, (double)narts * repeat / add_s,
           (double)bytes * repeat / 1e6 / add_s, render_s * 1e3 / runs,
           (double)saved / runs, load_s * 1e3 / runs, bench_peak_rss_mb());
    for (size_t i = 0; i < nstories; i++) {
        for (size_t j = 0; j < stories[i].n; j++) {
            free(stories[i].a[j].title);
            free(stories[i].a[j].text);
        }
        free(stories[i].a);
    }
    free(stories);
    return 0;
}
