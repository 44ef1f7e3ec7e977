/*
 * eval_clusters.c - run the online clusterer over a labelled stream and
 * print its assignments, for scripts/eval.sh and the scorer.
 *
 *   eval_clusters [options] FILE...
 *
 * Each FILE is an articles.jsonl(.gz) (read in file order, one article
 * per line) or a plain-text page (read with sl_text_read, no date; several
 * pages are fed in the order given). Prints one line per article:
 *
 *   id <TAB> event <TAB> storyline
 *
 * and a summary on stderr. The options override the library defaults and
 * exist for tuning only; the figures in scripts/floors.txt are measured
 * with none of them:
 *
 *   --event-threshold X  --story-threshold X  --title-weight X
 *   --event-half-life-days X  --story-half-life-days X
 *   --event-window-days X  --story-window-days X  --body-words N
 *   --entity-weight X  --undated-threshold X  --undated-body-words N
 *   --entities           tag entities as the store does and give them
 *                        to the clusterer
 *   --explain            also print, for each article, its best candidate
 *                        event and score (fifth and sixth columns)
 *
 * Scoring: python3 score_clusters.py gold.tsv <(cut -f1,2 pred.tsv).
 * Never reads gold files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/cluster.h"
#include "storyline/dates.h"
#include "storyline/entities.h"
#include "storyline/ingest.h"
#include "storyline/io.h"

/* Every article's assignment, kept to the end so that events and
 * storylines merged later are reported under their final ids. */
typedef struct rec {
    char *id;
    uint64_t event;
    uint64_t story;
    uint64_t best;
    double score;
    int new_event;
} rec;

/* Forwarding of merged ids: fwd[x] = the id x was folded into. */
typedef struct fwd {
    uint64_t *to;
    size_t cap;
} fwd;

static void fwd_set(fwd *f, uint64_t from, uint64_t to)
{
    if (from >= f->cap) {
        size_t cap = f->cap ? f->cap : 1024;
        while (cap <= from) {
            cap *= 2;
        }
        f->to = realloc(f->to, cap * sizeof(*f->to));
        if (f->to == NULL) {
            abort();
        }
        memset(f->to + f->cap, 0, (cap - f->cap) * sizeof(*f->to));
        f->cap = cap;
    }
    f->to[from] = to;
}

static uint64_t fwd_get(const fwd *f, uint64_t x)
{
    while (x < f->cap && f->to[x] != 0) {
        x = f->to[x];
    }
    return x;
}

typedef struct run {
    rec *recs;
    size_t nrecs;
    size_t cap;
    fwd events;
    fwd stories;
    fwd event_story; /* event id -> its latest storyline id */
    sl_clusterer *c;
    int explain;
    int failed;
    size_t articles;
    const char *fallback_id; /* id for a text page: its file name */
    sl_entities *ner;        /* --entities: names as the store finds them */
} run;

/* The distinct PER/ORG/LOC names of title and lead, as the store gives
 * them to its clusterer (src/store/stories.c). */
static size_t
find_names(run *r, const sl_doc *doc, char *buf, size_t cap, const char **out)
{
    const sl_entity *e = NULL;
    size_t count = 0, n = 0, used = 0;
    size_t len = (size_t)snprintf(buf, cap, "%s\n\n%.1500s",
                                  doc->title ? doc->title : "",
                                  doc->text ? doc->text : "");
    if (len >= cap) {
        len = cap - 1;
    }
    if (sl_entities_tag(&e, &count, r->ner, buf, len) < 0) {
        return 0;
    }
    static char names[64][128];
    for (size_t i = 0; i < count && n < 64; i++) {
        size_t l = e[i].end - e[i].start;
        if (e[i].type == SL_ENTITY_MISC || l == 0 || l >= 128) {
            continue;
        }
        int seen = 0;
        for (size_t k = 0; k < n && !seen; k++) {
            seen = strlen(names[k]) == l &&
                   memcmp(names[k], buf + e[i].start, l) == 0;
        }
        if (!seen) {
            memcpy(names[n], buf + e[i].start, l);
            names[n][l] = '\0';
            out[n] = names[n];
            n++;
        }
    }
    (void)used;
    return n;
}

/* An article belongs to the storyline its (final) event was last placed
 * in: a young event may move to a storyline that fits it better. */
static uint64_t story_of(const run *r, uint64_t event, uint64_t story)
{
    if (event < r->event_story.cap && r->event_story.to[event] != 0) {
        return r->event_story.to[event];
    }
    return story;
}

static int64_t parse_day(const char *s)
{
    sl_date d;

    if (s == NULL || s[0] == '\0') {
        return 0;
    }
    if (sl_date_parse(&d, s, strlen(s)) < 0) {
        return 0;
    }
    return sl_date_to_ms(&d);
}

static int on_doc(const sl_doc *doc, void *payload)
{
    run *r = payload;
    sl_cluster_doc d = { 0 };
    sl_cluster_result res;
    int rc;

    d.id = doc->ext_id ? doc->ext_id : r->fallback_id;
    d.title = doc->title;
    d.text = doc->text;
    d.published_ms = parse_day(doc->published);
    if (d.id == NULL) {
        return 0;
    }
    static char nbuf[8192];
    const char *names[64];
    if (r->ner != NULL) {
        d.entity_count = find_names(r, doc, nbuf, sizeof(nbuf), names);
        d.entities = names;
    }
    rc = sl_clusterer_add(&res, r->c, &d);
    if (rc < 0) {
        fprintf(stderr, "eval_clusters: %s: %s\n", d.id, sl_strerror(rc));
        r->failed = 1;
        return 1;
    }
    r->articles++;
    if (res.merged_event_id != 0) {
        fwd_set(&r->events, res.merged_event_id, res.event_id);
    }
    if (res.merged_storyline_id != 0) {
        fwd_set(&r->stories, res.merged_storyline_id, res.storyline_id);
    }
    fwd_set(&r->event_story, res.event_id, res.storyline_id);
    if (r->nrecs == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->recs = realloc(r->recs, r->cap * sizeof(*r->recs));
        if (r->recs == NULL) {
            abort();
        }
    }
    rec *x = &r->recs[r->nrecs++];
    x->id = strdup(d.id);
    x->event = res.event_id;
    x->story = res.storyline_id;
    x->best = res.best_event_id;
    x->score = res.score;
    x->new_event = res.new_event;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    (void)payload;
    fprintf(stderr, "eval_clusters: %s: %s\n", where, msg);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int feed_file(run *r, const char *path)
{
    sl_ingest_options o = { 0 };
    char *data = NULL;
    size_t len = 0;
    int rc;

    rc = sl_read_file(&data, &len, path, 0);
    if (rc < 0) {
        fprintf(stderr, "eval_clusters: %s: %s\n", path, sl_strerror(rc));
        return 1;
    }
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = r;
    if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz")) {
        rc = sl_jsonl_read(data, len, path, &o);
    } else {
        const char *base = strrchr(path, '/');
        r->fallback_id = base ? base + 1 : path;
        rc = sl_text_read(data, len, path, &o);
    }
    sl_free(data);
    if (rc < 0 || r->failed) {
        return 1;
    }
    return 0;
}

static int opt_double(double *out, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "eval_clusters: %s needs a value\n", argv[*i]);
        return -1;
    }
    *out = strtod(argv[++*i], NULL);
    return 0;
}

int main(int argc, char **argv)
{
    sl_cluster_options o = { 0 };
    run r = { 0 };
    int first = 0;
    double v;
    const double day = 86400000.0;

    for (int i = 1; i < argc && first == 0; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--explain") == 0) {
            r.explain = 1;
            continue;
        }
        if (strcmp(a, "--entities") == 0) {
            if (sl_entities_new(&r.ner, NULL) < 0) {
                return 2;
            }
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            first = i;
            break;
        }
        if (opt_double(&v, argc, argv, &i) < 0) {
            return 2;
        }
        if (strcmp(a, "--event-threshold") == 0) {
            o.event_threshold = v;
        } else if (strcmp(a, "--story-threshold") == 0) {
            o.story_threshold = v;
        } else if (strcmp(a, "--title-weight") == 0) {
            o.title_weight = v;
        } else if (strcmp(a, "--entity-weight") == 0) {
            o.entity_weight = v;
        } else if (strcmp(a, "--undated-threshold") == 0) {
            o.undated_event_threshold = v;
        } else if (strcmp(a, "--undated-body-words") == 0) {
            o.undated_body_words = (size_t)v;
        } else if (strcmp(a, "--event-half-life-days") == 0) {
            o.event_half_life_ms = (int64_t)(v * day);
        } else if (strcmp(a, "--story-half-life-days") == 0) {
            o.story_half_life_ms = (int64_t)(v * day);
        } else if (strcmp(a, "--event-window-days") == 0) {
            o.event_window_ms = (int64_t)(v * day);
        } else if (strcmp(a, "--story-window-days") == 0) {
            o.story_window_ms = (int64_t)(v * day);
        } else if (strcmp(a, "--body-words") == 0) {
            o.max_body_words = (size_t)v;
        } else {
            fprintf(stderr, "eval_clusters: unknown option %s\n", a);
            return 2;
        }
    }
    if (first == 0) {
        fprintf(stderr, "usage: eval_clusters [options] FILE...\n");
        return 2;
    }
    int rc = sl_clusterer_new(&r.c, &o);
    if (rc < 0) {
        fprintf(stderr, "eval_clusters: %s\n", sl_strerror(rc));
        return 2;
    }
    for (int i = first; i < argc; i++) {
        if (feed_file(&r, argv[i]) != 0) {
            sl_clusterer_free(r.c);
            return 1;
        }
    }
    for (size_t i = 0; i < r.nrecs; i++) {
        rec *x = &r.recs[i];
        uint64_t ev = fwd_get(&r.events, x->event);
        uint64_t st = fwd_get(&r.stories, story_of(&r, ev, x->story));
        if (r.explain) {
            printf("%s\t%llu\t%llu\t%d\t%llu\t%.4f\n", x->id,
                   (unsigned long long)ev, (unsigned long long)st, x->new_event,
                   (unsigned long long)x->best, x->score);
        } else {
            printf("%s\t%llu\t%llu\n", x->id, (unsigned long long)ev,
                   (unsigned long long)st);
        }
        free(x->id);
    }
    free(r.recs);
    free(r.events.to);
    free(r.stories.to);
    free(r.event_story.to);
    sl_cluster_stats st;
    sl_clusterer_stats(&st, r.c);
    fprintf(stderr,
            "eval_clusters: articles=%zu events=%llu storylines=%llu "
            "live_events=%zu terms=%zu\n",
            r.articles, (unsigned long long)st.events,
            (unsigned long long)st.storylines, st.live_events, st.terms);
    sl_clusterer_free(r.c);
    sl_entities_free(r.ner);
    return 0;
}
