/*
 * stories.c - the store's online clusterer: every article added is
 * assigned to an event and a storyline (storyline/cluster.h) inside the
 * put's transaction, and the rows that reads use are kept in step
 * (stories_sqlite.c).
 *
 * Exports, besides the store.c hooks of stories.h: sl_store_recluster,
 * sl_store_story_explain, sl_store_set_article_hook and
 * sl_store_set_txn_hook (told of commits, rollbacks and closes, so that
 * the article hook can write its digests once per transaction).
 *
 * What the clusterer sees of an article: its store id (as decimal text),
 * title, body, publication date, the distinct PER/ORG/LOC names the entity
 * tagger finds in the title and the start of the body, and, when
 * provenance linked it to an original, that original's id (a copy joins
 * its original's event). Revisions of a known article are not clustered
 * again: an article stays in the event it was first given.
 *
 * State: the clusterer is read from table story_state the first time it
 * is needed and written back before each commit that changed it; a
 * rollback drops it. So the state in the store always matches the rows,
 * and a store reopened later continues the same stream.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "stories.h"
#include "storyline/digest.h"
#include "storyline/entities.h"
#include "storyline/provenance.h"
#include "util/alloc.h"

/* Bytes of the body given to the entity tagger: the lead, where the
 * actors of the event are named (and the tagger is the costliest step of
 * clustering: about a microsecond per byte). */
#define NER_BODY_BYTES 1500
/* Entities kept per article (the clusterer reads at most 64). */
#define MAX_ENTITIES 64
/* Bytes of text that stand in for a missing title. */
#define LABEL_BYTES 100

/* Articles between two checkpoints of the clusterer's state, at least;
 * and at least a quarter of those it holds, so that the bytes written
 * grow as n log n, not n^2, on a long stream. A crash costs at most that
 * many articles replayed when the store is next opened. */
#define CKPT_MIN_ARTICLES 10000
#define CKPT_SHARE        4

typedef struct stories {
    sl_clusterer *clu;    /* NULL until needed, and after a rollback */
    int64_t last_article; /* the last article the clusterer has seen */
    uint64_t since_ckpt;  /* articles added since the saved state */
    sl_entities *ner;
    sl_article_hook hook;
    void *hook_payload;
    sl_store_txn_hook txn_hook;
    void *txn_payload;
} stories;

static stories *get(sl_store *st)
{
    if (st->stories == NULL) {
        stories *s = sl__calloc(1, sizeof(stories));
        st->stories = s;
        if (s != NULL) {
            /* Keep each story's timeline digest current by default. */
            sl_digest_attach(st);
        }
    }
    return st->stories;
}

static int save(sl_store *st, stories *s)
{
    char *data = NULL;
    size_t len = 0;
    int rc;

    rc = sl_clusterer_save(&data, &len, s->clu);
    if (rc == SL_OK) {
        rc = sl__stdb_state_put(st, data, len, s->last_article);
    }
    sl_free(data);
    if (rc == SL_OK) {
        s->since_ckpt = 0;
    }
    return rc;
}

void sl__stories_close(sl_store *st)
{
    stories *s = st->stories;

    /* Outside a transaction everything the clusterer holds is committed:
     * checkpoint it so the next open need not replay. A failure here only
     * costs that replay. */
    if (s != NULL && s->clu != NULL && s->since_ckpt > 0 && !st->in_txn &&
        !st->read_only && sl_store_begin(st) == SL_OK) {
        if (save(st, s) == SL_OK) {
            st->ops->commit(st);
            st->in_txn = 0;
        } else {
            sl_store_rollback(st);
        }
    }
    s = st->stories;
    if (s != NULL && s->txn_hook != NULL) {
        s->txn_hook(st, SL_STORE_TXN_CLOSE, s->txn_payload);
    }
    sl__stdb_close(st);
    if (s == NULL) {
        return;
    }
    sl_clusterer_free(s->clu);
    sl_entities_free(s->ner);
    sl__free(s);
    st->stories = NULL;
}

void sl__stories_rollback(sl_store *st)
{
    stories *s = st->stories;

    if (s != NULL) {
        sl_clusterer_free(s->clu);
        s->clu = NULL;
        s->since_ckpt = 0;
        if (s->txn_hook != NULL) {
            s->txn_hook(st, SL_STORE_TXN_DISCARD, s->txn_payload);
        }
    }
}

void sl_store_set_article_hook(sl_store *st, sl_article_hook fn, void *payload)
{
    stories *s = get(st);

    if (s != NULL) {
        s->hook = fn;
        s->hook_payload = payload;
    }
}

void sl_store_set_txn_hook(sl_store *st, sl_store_txn_hook fn, void *payload)
{
    stories *s = get(st);

    if (s != NULL) {
        if (s->txn_hook != NULL) {
            s->txn_hook(st, SL_STORE_TXN_CLOSE, s->txn_payload);
        }
        s->txn_hook = fn;
        s->txn_payload = payload;
    }
}

int sl__stories_before_commit(sl_store *st)
{
    stories *s = st->stories;

    if (s != NULL && s->txn_hook != NULL) {
        int rc = s->txn_hook(st, SL_STORE_TXN_COMMIT, s->txn_payload);
        if (rc < 0) {
            return rc;
        }
    }
    if (s == NULL || s->clu == NULL || s->since_ckpt < CKPT_MIN_ARTICLES) {
        return SL_OK;
    }
    sl_cluster_stats cs;
    sl_clusterer_stats(&cs, s->clu);
    if (s->since_ckpt * CKPT_SHARE < cs.articles) {
        return SL_OK;
    }
    return save(st, s);
}

static int replay(sl_store *st, stories *s);

/* The clusterer: the saved state, then the articles clustered since. */
static int load(stories **out, sl_store *st)
{
    stories *s = get(st);
    char *data = NULL;
    size_t len = 0;
    int rc;

    *out = s;
    if (s == NULL) {
        return SL_ENOMEM;
    }
    if (s->clu != NULL) {
        return SL_OK;
    }
    rc = sl__stdb_state_get(st, &data, &len, &s->last_article);
    if (rc < 0) {
        return rc;
    }
    if (data != NULL) {
        rc = sl_clusterer_load(&s->clu, data, len);
        sl__free(data);
        if (rc == SL_EFORMAT) {
            return sl__store_seterr(st, SL_EDB,
                                    "the saved story state is damaged; run "
                                    "`storyline recluster`");
        }
    } else {
        s->last_article = 0;
        rc = sl_clusterer_new(&s->clu, NULL);
    }
    if (rc == SL_OK) {
        rc = replay(st, s);
    }
    if (rc < 0) {
        sl_clusterer_free(s->clu);
        s->clu = NULL;
    }
    return rc;
}

/*---- What the clusterer reads of an article -------------------------*/

/* One article as the clusterer and the rows need it. */
typedef struct art {
    int64_t id;
    const char *title;
    const char *body;
    const char *published;
    int64_t published_ms;
    int64_t seen_ms;
    const char *source;
    const char *url;
    int64_t copy_of;
    /* Entities: names in 'names', lines "TYPE\tname\n" in 'lines'. */
    const char *names[MAX_ENTITIES];
    size_t nnames;
    sl_buf name_buf;
    sl_buf lines;
} art;

static void art_init(art *a)
{
    memset(a, 0, sizeof(*a));
    sl__buf_init(&a->name_buf, 0);
    sl__buf_init(&a->lines, 0);
}

static void art_dispose(art *a)
{
    sl__buf_dispose(&a->name_buf);
    sl__buf_dispose(&a->lines);
}

/* Length of the first 'max' bytes of s, cut back to a space so that no
 * word (and no UTF-8 sequence) is split. */
static size_t lead_len(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);

    if (n <= max) {
        return n;
    }
    n = max;
    while (n > 0 && s[n] != ' ' && s[n] != '\n') {
        n--;
    }
    return n;
}

/* Tag title and lead; keep distinct PER, ORG and LOC names. */
static int find_entities(stories *s, art *a)
{
    const sl_entity *ents = NULL;
    size_t count = 0;
    sl_buf text;
    int rc;

    if (s->ner == NULL) {
        rc = sl_entities_new(&s->ner, NULL);
        if (rc < 0) {
            return rc;
        }
    }
    sl__buf_init(&text, 0);
    rc = sl__buf_adds(&text, a->title ? a->title : "");
    if (rc == SL_OK) {
        rc = sl__buf_adds(&text, "\n\n");
    }
    if (rc == SL_OK && a->body != NULL) {
        rc = sl__buf_add(&text, a->body, lead_len(a->body, NER_BODY_BYTES));
    }
    if (rc == SL_OK) {
        rc = sl_entities_tag(&ents, &count, s->ner, text.ptr, text.len);
    }
    /* Names are written into name_buf first and pointed at afterwards,
     * as the buffer may move while it grows. */
    size_t offs[MAX_ENTITIES];
    for (size_t i = 0; rc == SL_OK && i < count && a->nnames < MAX_ENTITIES;
         i++) {
        const sl_entity *e = &ents[i];
        if (e->type == SL_ENTITY_MISC || e->end <= e->start) {
            continue;
        }
        const char *p = text.ptr + e->start;
        size_t len = e->end - e->start;
        int seen = 0;
        for (size_t k = 0; k < a->nnames && !seen; k++) {
            const char *q = a->name_buf.ptr + offs[k];
            seen = strlen(q) == len && memcmp(q, p, len) == 0;
        }
        if (seen) {
            continue;
        }
        offs[a->nnames++] = a->name_buf.len;
        rc = sl__buf_add(&a->name_buf, p, len);
        if (rc == SL_OK) {
            rc = sl__buf_addc(&a->name_buf, '\0');
        }
        if (rc == SL_OK) {
            rc = sl__buf_printf(&a->lines, "%s\t%.*s\n",
                                sl_entity_type_name(e->type), (int)len, p);
        }
    }
    for (size_t k = 0; rc == SL_OK && k < a->nnames; k++) {
        a->names[k] = a->name_buf.ptr + offs[k];
    }
    sl__buf_dispose(&text);
    return rc;
}

/* An article's label as an event title: the headline, else the start of
 * the text. */
static int label(sl_buf *out, const art *a)
{
    if (a->title != NULL && a->title[0] != '\0') {
        return sl__buf_adds(out, a->title);
    }
    if (a->body == NULL) {
        return SL_OK;
    }
    const char *b = a->body;
    while (*b == ' ' || *b == '\n' || *b == '\t' || *b == '\r') {
        b++;
    }
    size_t n = lead_len(b, LABEL_BYTES);
    const char *nl = memchr(b, '\n', n);
    if (nl != NULL) {
        n = (size_t)(nl - b);
    }
    int rc = sl__buf_add(out, b, n);
    if (rc == SL_OK && b[n] != '\0' && b[n] != '\n') {
        rc = sl__buf_adds(out, "...");
    }
    return rc;
}

/*---- Assignment ------------------------------------------------------*/

static int refresh_storyline(sl_store *st, int64_t storyline)
{
    if (storyline == 0) {
        return SL_OK;
    }
    return sl__stdb_storyline_refresh(st, storyline);
}

/*
 * Write what the clusterer decided and tell the hook. The common case (an
 * article joins an event, or opens one in a known storyline) updates the
 * aggregates in place, at a cost independent of the event's size; merges
 * and moves, which are rare, recompute the rows they touch.
 */
static int apply(sl_store *st, stories *s, art *a, const sl_cluster_result *r)
{
    int64_t ev = (int64_t)r->event_id;
    int64_t sl = (int64_t)r->storyline_id;
    int64_t merged_story_of = 0, moved_from = 0, before = 0;
    int new_row = r->new_event, new_source = 0, rare = 0;
    sl__story_member m;
    sl_buf title;
    int rc = SL_OK;

    sl__buf_init(&title, 0);
    if (r->merged_event_id != 0) {
        rare = 1;
        rc = sl__stdb_event_storyline(st, (int64_t)r->merged_event_id,
                                      &merged_story_of);
        if (rc == SL_OK) {
            rc = sl__stdb_event_merge(st, (int64_t)r->merged_event_id, ev);
        }
    }
    if (rc == SL_OK && r->merged_storyline_id != 0) {
        rare = 1;
        rc = sl__stdb_storyline_merge(st, (int64_t)r->merged_storyline_id, sl);
    }
    if (rc == SL_OK) {
        rc = sl__stdb_storyline_touch(st, sl);
    }
    if (rc == SL_OK && !r->new_event) {
        rc = sl__stdb_event_storyline(st, ev, &before);
        new_row = rc == SL_OK && before == 0;
    }
    if (rc == SL_OK && new_row) {
        rc = label(&title, a);
        if (rc == SL_OK) {
            rc = sl__stdb_event_new(st, ev, sl, a->id,
                                    title.ptr ? title.ptr : "");
        }
    } else if (rc == SL_OK && before != sl) {
        rare = 1;
        moved_from = before;
        rc = sl__stdb_event_move(st, ev, sl);
    }
    if (rc == SL_OK) {
        rc = sl__stdb_source_new(st, ev, a->source, &new_source);
    }
    if (rc == SL_OK) {
        memset(&m, 0, sizeof(m));
        m.article = a->id;
        m.event = ev;
        m.copy_of = a->copy_of;
        m.seen_ms = a->seen_ms;
        m.source = a->source;
        m.entities = a->lines.ptr ? a->lines.ptr : "";
        rc = sl__stdb_member_add(st, &m);
    }
    if (rc == SL_OK && !new_row) {
        /* The title follows the member that stands best for the event,
         * compared with the current one only: no rescan of the members. */
        rc = label(&title, a);
        if (rc == SL_OK) {
            rc = sl__stdb_event_offer_title(st, ev, a->id,
                                            title.ptr ? title.ptr : "");
        }
    }
    if (rc == SL_OK && !rare) {
        rc = sl__stdb_event_add(st, ev, a->seen_ms, new_source);
        if (rc == SL_OK) {
            rc = sl__stdb_storyline_add(st, sl, a->seen_ms, new_row);
        }
    } else if (rc == SL_OK) {
        rc = sl__stdb_event_refresh(st, ev);
        if (rc == SL_OK) {
            rc = refresh_storyline(st, sl);
        }
        if (rc == SL_OK && moved_from != sl) {
            rc = refresh_storyline(st, moved_from);
        }
        if (rc == SL_OK && merged_story_of != sl &&
            merged_story_of != moved_from) {
            rc = refresh_storyline(st, merged_story_of);
        }
    }
    sl__buf_dispose(&title);
    if (rc == SL_OK && s->hook != NULL) {
        sl_story_update u;
        memset(&u, 0, sizeof(u));
        u.article_id = a->id;
        u.event_id = ev;
        u.storyline_id = sl;
        u.new_event = r->new_event;
        u.new_storyline = r->new_storyline;
        u.merged_event_id = (int64_t)r->merged_event_id;
        u.merged_storyline_id = (int64_t)r->merged_storyline_id;
        u.moved_from_storyline = moved_from;
        u.merged_event_storyline = merged_story_of;
        u.title = a->title ? a->title : "";
        u.body = a->body ? a->body : "";
        u.published = a->published;
        u.seen_ms = a->seen_ms;
        u.source = a->source;
        u.url = a->url;
        u.in_transaction = st->in_txn;
        rc = s->hook(st, &u, s->hook_payload);
        if (rc > 0) {
            rc = SL_OK;
        }
    }
    /* The hook has seen the merge and could fold the digests; the ids
     * merged away are gone. */
    if (rc == SL_OK && r->merged_event_id != 0) {
        rc = sl_store_digest_delete(st, SL_DIGEST_EVENT,
                                    (int64_t)r->merged_event_id);
    }
    if (rc == SL_OK && r->merged_storyline_id != 0) {
        rc = sl_store_digest_delete(st, SL_DIGEST_STORYLINE,
                                    (int64_t)r->merged_storyline_id);
    }
    return rc;
}

/* Fill what the clusterer reads and add the article; with 'write', also
 * write the assignment (not when replaying what the rows already say). */
static int cluster(sl_store *st, art *a, int write)
{
    stories *s;
    sl_cluster_doc d;
    sl_cluster_result r;
    char id[24], orig[24];
    int rc;

    rc = load(&s, st);
    if (rc < 0) {
        return rc;
    }
    rc = find_entities(s, a);
    if (rc < 0) {
        return rc;
    }
    snprintf(id, sizeof(id), "%lld", (long long)a->id);
    memset(&d, 0, sizeof(d));
    d.id = id;
    d.title = a->title;
    d.text = a->body;
    d.published_ms = a->published_ms;
    d.entities = a->names;
    d.entity_count = a->nnames;
    if (a->copy_of != 0) {
        snprintf(orig, sizeof(orig), "%lld", (long long)a->copy_of);
        d.copy_of = orig;
    }
    rc = sl_clusterer_add(&r, s->clu, &d);
    if (rc < 0) {
        /* The clusterer may hold part of the article: read it again. */
        sl__stories_rollback(st);
        return rc;
    }
    s->last_article = a->id;
    s->since_ckpt++;
    return write ? apply(st, s, a, &r) : SL_OK;
}

/* The share of a copy's content found in its original needed to put it
 * in the original's event without scoring: more than half of what it
 * says is the original's report. A partial copy or an update that adds
 * more than it keeps is clustered by its own text. */
#define COPY_SHARE_MIN 0.5

typedef struct link_ctx {
    int64_t original;
    double copy_share;
    int seen;
} link_ctx;

static int first_link(const sl_copy_row *row, void *payload)
{
    link_ctx *l = payload;
    json_t *ev;

    if (l->seen++) {
        return 1; /* only the article's own row */
    }
    l->original = row->original_id;
    ev = row->evidence != NULL ? json_loads(row->evidence, 0, NULL) : NULL;
    l->copy_share = json_number_value(json_object_get(ev, "copy_share"));
    json_decref(ev);
    return 0;
}

/* The original provenance linked an article to, if it was stored before
 * it (only those can be live in the clusterer) and the copy is mostly
 * the original's text. */
static int original_of(sl_store *st, int64_t id, int64_t *out)
{
    link_ctx l = { 0, 0.0, 0 };
    int rc;

    *out = 0;
    if (st->ops->prov == NULL) {
        return SL_OK;
    }
    rc = sl_copies_list(st, id, first_link, &l);
    if (rc == 1) {
        rc = SL_OK;
    }
    if (rc == SL_OK && l.original != 0 && l.original < id &&
        l.copy_share >= COPY_SHARE_MIN) {
        *out = l.original;
    }
    return rc;
}

int sl__stories_on_put(sl_store *st,
                       int64_t article_id,
                       const sl_store_input *in,
                       int64_t published_ms)
{
    stories *s = st->stories;
    int64_t last = 0;
    art a;
    int rc;

    /* Another handle may have clustered articles since this one loaded
     * its clusterer: then load again (checkpoint and replay). */
    if (s != NULL && s->clu != NULL) {
        rc = sl__stdb_last_member(st, &last);
        if (rc < 0) {
            return rc;
        }
        if (last != s->last_article) {
            sl__stories_rollback(st);
        }
    }

    art_init(&a);
    a.id = article_id;
    a.title = in->title;
    a.body = in->body;
    a.published = in->published;
    a.published_ms = published_ms;
    a.seen_ms = published_ms != 0 ? published_ms : in->ingested_ms;
    a.source = in->source;
    a.url = in->url;
    rc = st->copies_off ? SL_OK : original_of(st, article_id, &a.copy_of);
    if (rc == SL_OK) {
        rc = cluster(st, &a, 1);
    }
    art_dispose(&a);
    return rc;
}

/*---- Replay, recluster and explain -------------------------------------*/

/* Fill 'a' from a stored article (borrowing its strings). */
static void art_from(art *a, const sl_stored_article *x)
{
    a->id = x->id;
    a->title = x->title;
    a->body = x->body;
    a->published = x->published;
    a->published_ms = x->published_ms;
    a->seen_ms = x->published_ms != 0 ? x->published_ms : x->ingested_ms;
    a->source = x->source;
    a->url = x->url;
}

/* Give a stored article to the clusterer again as it was first given:
 * revision 1 (only new articles are clustered) and the original it was
 * given then. */
static int again(sl_store *st, int64_t id, int64_t copy_of, int write)
{
    sl_stored_article *x = NULL;
    art a;
    int rc;

    rc = st->ops->get(st, id, 1, &x);
    if (rc < 0) {
        return rc;
    }
    art_init(&a);
    art_from(&a, x);
    a.copy_of = copy_of;
    rc = cluster(st, &a, write);
    art_dispose(&a);
    sl_stored_article_free(x);
    return rc;
}

/* Bring a clusterer loaded from a checkpoint up to the rows: the members
 * stored after it, given again in order (nothing is written). */
static int replay(sl_store *st, stories *s)
{
    sl__copy_pair *todo = NULL;
    size_t n = 0;
    int rc;

    rc = sl__stdb_replay(st, s->last_article, &todo, &n);
    for (size_t i = 0; rc == SL_OK && i < n; i++) {
        rc = again(st, todo[i].article, todo[i].copy_of, 0);
    }
    sl__free(todo);
    return rc;
}

static int64_t copy_of_in(const sl__copy_pair *p, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].article < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && p[lo].article == id ? p[lo].copy_of : -1;
}

int sl_store_recluster(sl_store *st, size_t *out_articles)
{
    sl__copy_pair *pairs = NULL;
    int64_t *ids = NULL;
    size_t npairs = 0, nids = 0, done = 0;
    stories *s = get(st);
    int rc;

    if (s == NULL) {
        return SL_ENOMEM;
    }
    rc = sl__stdb_copy_pairs(st, &pairs, &npairs);
    if (rc == SL_OK) {
        rc = sl__stdb_article_ids(st, &ids, &nids);
    }
    if (rc == SL_OK) {
        rc = sl__stdb_clear(st);
    }
    if (rc == SL_OK && s->txn_hook != NULL) {
        s->txn_hook(st, SL_STORE_TXN_DISCARD, s->txn_payload);
    }
    if (rc == SL_OK) {
        sl_clusterer_free(s->clu);
        s->clu = NULL;
        s->last_article = 0;
        s->since_ckpt = 0;
        rc = sl_clusterer_new(&s->clu, NULL);
    }
    for (size_t i = 0; rc == SL_OK && i < nids; i++) {
        /* The original it was clustered with before; an article never
         * clustered takes what provenance says now. */
        int64_t c = copy_of_in(pairs, npairs, ids[i]);
        if (c < 0) {
            c = 0;
            if (!st->copies_off) {
                rc = original_of(st, ids[i], &c);
            }
        }
        if (rc == SL_OK) {
            rc = again(st, ids[i], c, 1);
        }
        done += rc == SL_OK;
    }
    sl__free(pairs);
    sl__free(ids);
    if (out_articles != NULL) {
        *out_articles = done;
    }
    return rc;
}

int sl_store_story_explain(sl_cluster_explain *out,
                           sl_store *st,
                           int64_t a_id,
                           int64_t b_id)
{
    sl_stored_article *x[2] = { NULL, NULL };
    art a[2];
    stories *s;
    char ids[2][24], origs[2][24];
    sl_cluster_doc d[2];
    int64_t ev[2] = { 0, 0 };
    int64_t want[2] = { a_id, b_id };
    int rc;

    memset(out, 0, sizeof(*out));
    art_init(&a[0]);
    art_init(&a[1]);
    rc = load(&s, st);
    for (int i = 0; i < 2 && rc == SL_OK; i++) {
        rc = st->ops->get(st, want[i], 0, &x[i]);
        if (rc < 0) {
            break;
        }
        art_from(&a[i], x[i]);
        rc = original_of(st, want[i], &a[i].copy_of);
        if (rc == SL_OK) {
            rc = find_entities(s, &a[i]);
        }
        if (rc == SL_OK) {
            snprintf(ids[i], sizeof(ids[i]), "%lld", (long long)want[i]);
            memset(&d[i], 0, sizeof(d[i]));
            d[i].id = ids[i];
            d[i].title = a[i].title;
            d[i].text = a[i].body;
            d[i].published_ms = a[i].published_ms;
            d[i].entities = a[i].names;
            d[i].entity_count = a[i].nnames;
            if (a[i].copy_of != 0) {
                snprintf(origs[i], sizeof(origs[i]), "%lld",
                         (long long)a[i].copy_of);
                d[i].copy_of = origs[i];
            }
        }
    }
    if (rc == SL_OK) {
        rc = sl_clusterer_explain(out, s->clu, &d[0], &d[1]);
    }
    for (int i = 0; i < 2 && rc == SL_OK; i++) {
        rc = sl_store_article_story(&ev[i], NULL, st, want[i]);
        if (rc == SL_ENOTFOUND) {
            ev[i] = 0;
            rc = SL_OK;
        }
    }
    if (rc == SL_OK) {
        out->event_a = (uint64_t)ev[0];
        out->event_b = (uint64_t)ev[1];
    }
    for (int i = 0; i < 2; i++) {
        art_dispose(&a[i]);
        sl_stored_article_free(x[i]);
    }
    return rc;
}
