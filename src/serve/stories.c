/*
 * stories.c - GET /api/stories and /api/stories/{id}: the store's events
 * (storyline/stories.h) as JSON, each with its articles, outlets,
 * entities, storyline and copy links (storyline/provenance.h).
 *
 * A "story" on the API is an event; its storyline (the chain of events
 * on one subject) comes with it, and its timeline and summary, rendered
 * from the digest the store keeps for it (storyline/digest.h); a story
 * stored before digests were kept is summarised on the spot. The copy graph
 * needs each article's direct parent and kind, which the event's rows do not
 * carry (they give the root original): a story reply asks provenance for the
 * family of each distinct root among its first STORY_MAX_ARTICLES articles (the
 * cap also bounds the reply).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/alloc.h"
#include "serve_int.h"
#include "storyline/digest.h"
#include "storyline/provenance.h"
#include "storyline/stories.h"
#include "storyline/summary.h"

#define REPLY_MAX_BYTES    ((size_t)64 << 20)
#define STORY_MAX_ARTICLES 500
#define STORY_MAX_EVENTS   50
#define STORY_MAX_ROOTS    16
#define SUMMARY_MAX_DOCS   20

int sl__serve_have_stories(void)
{
    return 1;
}

/* ms since the epoch as ISO 8601 UTC ("2024-03-05T07:30:00Z"). */
static void put_iso(jw *w, const char *key, int64_t ms)
{
    char buf[32];
    struct tm tm;
    time_t t = (time_t)(ms / 1000);

    sl__jw_key(w, key);
    if (ms == 0 || gmtime_r(&t, &tm) == NULL ||
        strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        sl__jw_null(w);
        return;
    }
    sl__jw_str(w, buf);
}

static void put_event_row(jw *w, const sl_event_row *r)
{
    sl__jw_open(w, '{');
    sl__jw_kint(w, "id", r->id);
    sl__jw_kint(w, "storyline_id", r->storyline_id);
    sl__jw_kstr(w, "title", r->title);
    sl__jw_kint(w, "first_ms", r->first_ms);
    sl__jw_kint(w, "last_ms", r->last_ms);
    put_iso(w, "first_seen", r->first_ms);
    put_iso(w, "last_seen", r->last_ms);
    sl__jw_kint(w, "articles", r->articles);
    sl__jw_kint(w, "sources", r->sources);
    sl__jw_close(w, '{');
}

typedef struct list_ctx {
    jw *w;
    size_t n, limit;
    int more;
} list_ctx;

static int put_listed(const sl_event_row *r, void *payload)
{
    list_ctx *x = payload;

    if (x->n == x->limit) {
        x->more = 1;
        return 1;
    }
    x->n++;
    put_event_row(x->w, r);
    return x->w->rc < 0 ? x->w->rc : 0;
}

int sl__serve_stories(sl_serve_reply *out,
                      sl_store *st,
                      const sl_serve_request *req)
{
    sl_story_query q = { 0 };
    list_ctx x = { 0 };
    int64_t total = 0;
    jw w;
    int rc;

    x.limit = req->limit ? req->limit : 20;
    q.since = req->since;
    q.until = req->until;
    q.query = req->q;
    q.storyline_id = req->storyline;
    q.sort =
        req->sort == SL_SORT_SIZE ? SL_STORY_SORT_SIZE : SL_STORY_SORT_NEWEST;
    q.limit = x.limit + 1;
    q.offset = req->offset;
    x.w = &w;
    sl__jw_init(&w, REPLY_MAX_BYTES);
    sl__jw_open(&w, '[');
    rc = sl_store_events(&total, st, &q, put_listed, &x);
    if (rc < 0 && w.rc == SL_OK) {
        sl__jw_dispose(&w);
        if (rc == SL_EINVAL) {
            return sl_serve_error(out, 400, "the search has no words");
        }
        return sl__serve_fail(out, rc, "");
    }
    sl__jw_close(&w, '[');
    if (w.rc < 0) {
        rc = w.rc;
        sl__jw_dispose(&w);
        return rc;
    }
    /* The items were written first (the total comes with them); wrap
     * them now. */
    jw doc;
    sl__jw_init(&doc, REPLY_MAX_BYTES);
    sl__jw_open(&doc, '{');
    sl__jw_kint(&doc, "total", total);
    sl__jw_kint(&doc, "offset", (int64_t)req->offset);
    sl__jw_kint(&doc, "limit", (int64_t)x.limit);
    sl__jw_key(&doc, "more");
    sl__jw_bool(&doc, x.more);
    sl__jw_key(&doc, "items");
    sl__jw_raw(&doc, w.b.ptr);
    sl__jw_close(&doc, '{');
    sl__jw_dispose(&w);
    return sl__serve_finish(out, &doc, 200);
}

/* Each article's direct parent and kind, for the copy graph. */
typedef struct link {
    int64_t id;
    int64_t parent;
    char kind[16];
} link;

typedef struct family_ctx {
    link *links; /* sorted by id */
    size_t count;
} family_ctx;

static int by_id(const void *a, const void *b)
{
    const link *x = a, *y = b;

    return (x->id > y->id) - (x->id < y->id);
}

/* A row of a copy family: fill in the link of the story's article. */
static int family_row(const sl_copy_row *r, void *payload)
{
    family_ctx *x = payload;
    link key = { .id = r->id };
    link *l = bsearch(&key, x->links, x->count, sizeof(*l), by_id);

    if (l != NULL && r->original_id != 0 && r->kind != NULL) {
        size_t n = strlen(r->kind);
        l->parent = r->parent_id;
        if (n >= sizeof(l->kind)) {
            n = sizeof(l->kind) - 1;
        }
        memcpy(l->kind, r->kind, n);
        l->kind[n] = '\0';
    }
    return 0;
}

/*
 * The copy links of a story's articles. The event gives each article's
 * root original; one provenance listing per distinct root (the root's
 * family: every article whose root or parent it is) gives the direct
 * parent and the kind. A story has few roots, and at most
 * STORY_MAX_ROOTS are asked for.
 */
static int load_links(link **out, sl_store *st, const sl_event *e, size_t n)
{
    family_ctx x = { 0 };
    int64_t roots[STORY_MAX_ROOTS];
    size_t nroots = 0;
    int rc = SL_OK;

    *out = NULL;
    x.links = sl__calloc(n ? n : 1, sizeof(*x.links));
    if (x.links == NULL) {
        return SL_ENOMEM;
    }
    x.count = n;
    for (size_t i = 0; i < n; i++) {
        x.links[i].id = e->articles[i].id;
    }
    qsort(x.links, n, sizeof(*x.links), by_id);
    for (size_t i = 0; i < n && nroots < STORY_MAX_ROOTS; i++) {
        int64_t root = e->articles[i].copy_of;
        size_t k = 0;
        while (k < nroots && roots[k] != root) {
            k++;
        }
        if (root != 0 && k == nroots) {
            roots[nroots++] = root;
        }
    }
    for (size_t k = 0; k < nroots && rc == SL_OK; k++) {
        rc = sl_copies_list(st, roots[k], family_row, &x);
    }
    if (rc < 0) {
        sl__free(x.links);
        return rc;
    }
    *out = x.links;
    return SL_OK;
}

static int put_articles(jw *w, sl_store *st, const sl_event *e)
{
    size_t n = e->article_count < STORY_MAX_ARTICLES ? e->article_count
                                                     : STORY_MAX_ARTICLES;
    link *links = NULL;
    int rc = load_links(&links, st, e, n);

    if (rc < 0) {
        return rc;
    }
    sl__jw_key(w, "articles");
    sl__jw_open(w, '[');
    for (size_t i = 0; i < n && w->rc == SL_OK; i++) {
        const sl_event_article *a = &e->articles[i];
        link key = { .id = a->id };
        const link *l = bsearch(&key, links, n, sizeof(*links), by_id);
        sl__jw_open(w, '{');
        sl__jw_kint(w, "id", a->id);
        sl__jw_kstr(w, "key", a->key);
        sl__jw_kstr(w, "title", a->title);
        sl__jw_kstr(w, "url", a->url);
        sl__jw_kstr(w, "source", a->source);
        sl__jw_kstr(w, "published", a->published);
        sl__jw_kint(w, "seen_ms", a->seen_ms);
        sl__jw_kint(w, "copy_of", a->copy_of);
        sl__jw_kint(w, "copy_parent",
                    l != NULL && l->parent ? l->parent : a->copy_of);
        sl__jw_kstr(w, "copy_kind", l != NULL && l->kind[0] ? l->kind : NULL);
        sl__jw_close(w, '{');
    }
    sl__jw_close(w, '[');
    sl__jw_key(w, "articles_truncated");
    sl__jw_bool(w, n < e->article_count);
    sl__free(links);
    return SL_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), for the timeline's "YYYY-MM-DD" days. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int64_t day_ms(const char *date)
{
    unsigned y = 0, m = 0, d = 0;

    if (sscanf(date, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31) {
        return 0;
    }
    return days_from_civil(y, m, d) * 86400000;
}

/* The story's timeline from its digest (null without one). */
static int put_timeline(jw *w, const sl_digest *d)
{
    sl_timeline_result *tr = NULL;
    sl_timeline_render_options ro = { .dates = 12, .sentences = 2 };
    int rc = SL_OK;

    if (d != NULL) {
        rc = sl_timeline_render(&tr, sl_digest_timeline(d), &ro);
    }
    sl__jw_key(w, "timeline");
    if (tr == NULL) {
        sl__jw_null(w);
        return rc;
    }
    sl__jw_open(w, '{');
    sl__jw_key(w, "entries");
    sl__jw_open(w, '[');
    for (size_t i = 0; i < tr->count; i++) {
        const sl_timeline_entry *e = &tr->entries[i];
        sl__jw_open(w, '{');
        sl__jw_kstr(w, "date", e->date);
        sl__jw_kint(w, "ms", day_ms(e->date));
        sl__jw_kint(w, "articles", e->articles);
        sl__jw_key(w, "score");
        sl__jw_num(w, e->score);
        sl__jw_kstr(w, "text", e->sentence_count > 0 ? e->sentences[0] : NULL);
        sl__jw_key(w, "sentences");
        sl__jw_open(w, '[');
        for (size_t k = 0; k < e->sentence_count; k++) {
            sl__jw_str(w, e->sentences[k]);
        }
        sl__jw_close(w, '[');
        sl__jw_close(w, '{');
    }
    sl__jw_close(w, '[');
    sl__jw_close(w, '{');
    sl_timeline_result_free(tr);
    return rc;
}

/*
 * A summary made here, for a story without a digest (one stored before
 * digests were kept): sl_summarize() over its first SUMMARY_MAX_DOCS
 * articles that copy no other (a reprint adds weight, not information).
 */
static int summarize_now(sl_summary **out, sl_store *st, const sl_event *e)
{
    size_t n = 0, cap = e->article_count < SUMMARY_MAX_DOCS ? e->article_count
                                                            : SUMMARY_MAX_DOCS;
    sl_stored_article **arts = sl__calloc(cap ? cap : 1, sizeof(*arts));
    sl_summary_doc *docs = sl__calloc(cap ? cap : 1, sizeof(*docs));
    int rc = arts != NULL && docs != NULL ? SL_OK : SL_ENOMEM;

    for (size_t i = 0; i < e->article_count && n < cap && rc == SL_OK; i++) {
        const sl_event_article *a = &e->articles[i];
        char key[24];
        if (a->copy_of != 0) {
            continue;
        }
        snprintf(key, sizeof(key), "%lld", (long long)a->id);
        rc = sl_store_get(&arts[n], st, key, 0);
        if (rc == SL_ENOTFOUND) {
            rc = SL_OK;
            continue;
        }
        if (rc == SL_OK) {
            const char *body = arts[n]->body != NULL ? arts[n]->body : "";
            docs[n].text = body;
            docs[n].len = strlen(body);
            docs[n].published_ms = a->seen_ms;
            docs[n].id = (uint64_t)a->id;
            n++;
        }
    }
    if (rc == SL_OK && n > 0) {
        rc = sl_summarize(out, docs, n, NULL);
    }
    for (size_t i = 0; arts != NULL && i < n; i++) {
        sl_stored_article_free(arts[i]);
    }
    sl__free(arts);
    sl__free(docs);
    return rc;
}

/* The story's summary: rendered from the sentence pool its digest keeps,
 * else made now; null when no sentence qualifies. */
static int
put_summary(jw *w, sl_store *st, const sl_event *e, const sl_digest *d)
{
    const sl_summary_pool *pool = d != NULL ? sl_digest_summary(d) : NULL;
    sl_summary *sm = NULL;
    int rc = pool != NULL ? sl_summary_pool_render(&sm, pool, 0)
                          : summarize_now(&sm, st, e);

    sl__jw_key(w, "summary");
    if (sm == NULL || sm->count == 0) {
        sl__jw_null(w);
        sl_summary_free(sm);
        return rc;
    }
    sl__jw_open(w, '{');
    sl__jw_kint(w, "words", (int64_t)sm->words);
    sl__jw_key(w, "sentences");
    sl__jw_open(w, '[');
    for (size_t i = 0; i < sm->count; i++) {
        const sl_summary_sentence *x = &sm->sentences[i];
        sl__jw_open(w, '{');
        sl__jw_kstr(w, "text", x->text);
        sl__jw_kint(w, "article", (int64_t)x->doc_id);
        sl__jw_kint(w, "published_ms", x->published_ms);
        sl__jw_close(w, '{');
    }
    sl__jw_close(w, '[');
    sl__jw_close(w, '{');
    sl_summary_free(sm);
    return rc;
}

int sl__serve_story(sl_serve_reply *out,
                    sl_store *st,
                    const sl_serve_request *req)
{
    sl_event *e = NULL;
    sl_storyline *line = NULL;
    jw w;
    int rc;

    rc = sl_store_event_get(&e, st, req->id);
    if (rc < 0) {
        return sl__serve_fail(out, rc, "no such story");
    }
    if (e->row.storyline_id != 0) {
        rc = sl_store_storyline_get(&line, st, e->row.storyline_id);
        if (rc < 0 && rc != SL_ENOTFOUND) {
            sl_event_free(e);
            return sl__serve_fail(out, rc, "");
        }
    }
    sl__jw_init(&w, REPLY_MAX_BYTES);
    sl__jw_open(&w, '{');
    sl__jw_kint(&w, "id", e->row.id);
    sl__jw_kint(&w, "storyline_id", e->row.storyline_id);
    sl__jw_kstr(&w, "title", e->row.title);
    sl__jw_kint(&w, "first_ms", e->row.first_ms);
    sl__jw_kint(&w, "last_ms", e->row.last_ms);
    put_iso(&w, "first_seen", e->row.first_ms);
    put_iso(&w, "last_seen", e->row.last_ms);
    sl__jw_kint(&w, "article_count", e->row.articles);
    sl__jw_kint(&w, "source_count", e->row.sources);
    rc = put_articles(&w, st, e);
    sl__jw_key(&w, "sources");
    sl__jw_open(&w, '[');
    for (size_t i = 0; i < e->source_count; i++) {
        sl__jw_open(&w, '{');
        sl__jw_kstr(&w, "name", e->sources[i].name);
        sl__jw_kint(&w, "articles", e->sources[i].articles);
        sl__jw_close(&w, '{');
    }
    sl__jw_close(&w, '[');
    sl__jw_key(&w, "entities");
    sl__jw_open(&w, '[');
    for (size_t i = 0; i < e->entity_count; i++) {
        sl__jw_open(&w, '{');
        sl__jw_kstr(&w, "name", e->entities[i].name);
        sl__jw_kstr(&w, "type", e->entities[i].type);
        sl__jw_kint(&w, "articles", e->entities[i].articles);
        sl__jw_close(&w, '{');
    }
    sl__jw_close(&w, '[');
    sl__jw_key(&w, "storyline");
    if (line != NULL) {
        sl__jw_open(&w, '{');
        sl__jw_kint(&w, "id", line->row.id);
        sl__jw_kstr(&w, "title", line->row.title);
        sl__jw_kint(&w, "event_count", line->row.events);
        sl__jw_kint(&w, "article_count", line->row.articles);
        sl__jw_key(&w, "events");
        sl__jw_open(&w, '[');
        for (size_t i = 0; i < line->event_count && i < STORY_MAX_EVENTS; i++) {
            put_event_row(&w, &line->events[i]);
        }
        sl__jw_close(&w, '[');
        sl__jw_close(&w, '{');
    } else {
        sl__jw_null(&w);
    }
    if (rc == SL_OK) {
        /* No digest, or one that does not load: served without it. */
        sl_digest *d = NULL;
        rc = sl_digest_read(&d, st, SL_DIGEST_EVENT, e->row.id);
        if (rc == SL_ENOTFOUND || rc == SL_EFORMAT) {
            rc = SL_OK;
        }
        if (rc == SL_OK) {
            rc = put_timeline(&w, d);
        }
        if (rc == SL_OK) {
            rc = put_summary(&w, st, e, d);
        }
        sl_digest_free(d);
    }
    sl__jw_close(&w, '{');
    sl_storyline_free(line);
    sl_event_free(e);
    if (rc < 0 && w.rc == SL_OK) {
        sl__jw_dispose(&w);
        return sl__serve_fail(out, rc, "");
    }
    return sl__serve_finish(out, &w, 200);
}

void sl__serve_article_story(jw *w, sl_store *st, int64_t article_id)
{
    int64_t event = 0, line = 0;

    if (sl_store_article_story(&event, &line, st, article_id) < 0 ||
        event == 0) {
        sl__jw_null(w);
        return;
    }
    sl__jw_open(w, '{');
    sl__jw_kint(w, "id", event);
    sl__jw_kint(w, "storyline_id", line);
    sl__jw_close(w, '{');
}
