/*
 * eval_timeline.c - build a timeline straight from a JSON Lines file of
 * articles, without a store, and print it as score_timeline.py reads it.
 *
 *   eval_timeline [--since D] [--until D] [--dates N] [--sentences K] FILE
 *
 * FILE is an articles.jsonl ({"id","title","text","published",...} per
 * line). Articles published outside [since, until] are skipped, and only
 * days in that window are given, as `storyline timeline --all` does.
 * Prints [{"date": "YYYY-MM-DD", "sentences": [...]}, ...]. Used to tune
 * the method; scripts/eval.d/80-timeline.sh measures through the CLI.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/dates.h"
#include "storyline/timeline.h"

static int64_t day_ms(const char *s)
{
    sl_date d;
    if (s == NULL || sl_date_parse(&d, s, strlen(s)) != SL_OK) {
        return 0;
    }
    d.has_time = 0;
    d.has_tz = 0;
    return sl_date_to_ms(&d);
}

int main(int argc, char **argv)
{
    sl_timeline_render_options ro = { 0 };
    const char *path = NULL;
    int64_t since = 0, until = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
            since = day_ms(argv[++i]);
        } else if (strcmp(argv[i], "--until") == 0 && i + 1 < argc) {
            until = day_ms(argv[++i]);
        } else if (strcmp(argv[i], "--dates") == 0 && i + 1 < argc) {
            ro.dates = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--sentences") == 0 && i + 1 < argc) {
            ro.sentences = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            fprintf(stderr, "usage: eval_timeline [--since D] [--until D] "
                            "[--dates N] [--sentences K] FILE\n");
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "eval_timeline: no FILE\n");
        return 2;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    sl_timeline *tl;
    if (sl_timeline_new(&tl, NULL) != SL_OK) {
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        if (o == NULL) {
            continue;
        }
        const char *pub = json_string_value(json_object_get(o, "published"));
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        int64_t ms = day_ms(pub);
        if (ms != 0 && (since == 0 || ms >= since) &&
            (until == 0 || ms <= until)) {
            sl_timeline_article a = { .published_ms = ms,
                                      .title = title,
                                      .title_len = title ? strlen(title) : 0,
                                      .body = text,
                                      .body_len = text ? strlen(text) : 0 };
            (void)sl_timeline_add(tl, &a);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    ro.since_ms = since;
    ro.until_ms = until;
    sl_timeline_result *r;
    if (sl_timeline_render(&r, tl, &ro) != SL_OK) {
        return 1;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < r->count; i++) {
        json_t *e = json_object();
        json_t *ss = json_array();
        json_object_set_new(e, "date", json_string(r->entries[i].date));
        for (size_t j = 0; j < r->entries[i].sentence_count; j++) {
            json_array_append_new(ss, json_string(r->entries[i].sentences[j]));
        }
        json_object_set_new(e, "sentences", ss);
        json_array_append_new(arr, e);
    }
    char *s = json_dumps(arr, JSON_ENSURE_ASCII);
    puts(s);
    free(s);
    json_decref(arr);
    sl_timeline_result_free(r);
    sl_timeline_free(tl);
    return 0;
}
