/*
 * digest.c - what the store keeps with each event and storyline (a
 * story's timeline accumulator and summary sentence pool), and the
 * article hook that keeps the digests of the store's events and
 * storylines current (see include/storyline/digest.h).
 *
 * Format: "SLSD" u32 version, u32 timeline length, the timeline's bytes
 * (sl_timeline_save), u32 pool length, the pool's bytes
 * (sl_summary_pool_save); little-endian; each part checks itself. A pool
 * length of 0 (digests written before summaries were kept) loads as an
 * empty pool.
 */
#include "storyline/digest.h"

#include <assert.h>
#include <string.h>

#include "util/alloc.h"

#define DIGEST_VERSION 1u

/* A story's summary needs far fewer candidates and concept counts than
 * the pool's defaults, and a digest is loaded and saved at each article
 * of its story: these keep that cheap. */
#define DIGEST_POOL_SENTENCES 100
#define DIGEST_POOL_CONCEPTS  4096

struct sl_digest {
    sl_timeline *tl;
    sl_summary_pool *pool;
    sl_digest_options o;
};

static void resolve(sl_digest_options *o, const sl_digest_options *in)
{
    if (in != NULL) {
        *o = *in;
    }
    if (o->summary.pool_sentences == 0) {
        o->summary.pool_sentences = DIGEST_POOL_SENTENCES;
    }
    if (o->summary.pool_concepts == 0) {
        o->summary.pool_concepts = DIGEST_POOL_CONCEPTS;
    }
}

int sl_digest_new(sl_digest **out, const sl_digest_options *opts)
{
    sl_digest *d = sl__calloc(1, sizeof(*d));
    int rc;

    *out = NULL;
    if (d == NULL) {
        return SL_ENOMEM;
    }
    resolve(&d->o, opts);
    rc = sl_timeline_new(&d->tl, &d->o.timeline);
    if (rc == SL_OK) {
        rc = sl_summary_pool_new(&d->pool, &d->o.summary);
    }
    if (rc != SL_OK) {
        sl_digest_free(d);
        return rc;
    }
    *out = d;
    return SL_OK;
}

void sl_digest_free(sl_digest *d)
{
    if (d == NULL) {
        return;
    }
    sl_timeline_free(d->tl);
    sl_summary_pool_free(d->pool);
    sl__free(d);
}

/* Add an article to one or two digests, reading it once. */
static int
add_many(sl_digest *const *ds, size_t count, const sl_digest_article *a)
{
    sl_timeline *tls[2];
    sl_summary_pool *pools[2];
    sl_timeline_article ta = { .published_ms = a->published_ms,
                               .title = a->title,
                               .title_len = a->title ? a->title_len : 0,
                               .body = a->body,
                               .body_len = a->body ? a->body_len : 0 };

    assert(count <= 2);
    for (size_t i = 0; i < count; i++) {
        tls[i] = ds[i]->tl;
        pools[i] = ds[i]->pool;
    }
    int rc = sl_timeline_add_many(tls, count, &ta);
    if (rc != SL_OK) {
        return rc;
    }
    /* The summary reads the body; a story told only in headlines (feeds,
     * wires) is summarised from its titles. */
    sl_summary_doc sd = { .text = "",
                          .published_ms = a->published_ms,
                          .id = a->id };
    if (a->body != NULL && a->body_len > 0) {
        sd.text = a->body;
        sd.len = a->body_len;
    } else if (a->title != NULL) {
        sd.text = a->title;
        sd.len = a->title_len;
    }
    return sl_summary_pool_add_many(pools, count, &sd);
}

int sl_digest_add(sl_digest *d, const sl_digest_article *a)
{
    return add_many(&d, 1, a);
}

int sl_digest_merge(sl_digest *into, const sl_digest *from)
{
    int rc;

    if (into == from) {
        return SL_EINVAL;
    }
    rc = sl_timeline_merge(into->tl, from->tl);
    if (rc == SL_OK) {
        rc = sl_summary_pool_merge(into->pool, from->pool);
    }
    return rc;
}

const sl_timeline *sl_digest_timeline(const sl_digest *d)
{
    return d->tl;
}

const sl_summary_pool *sl_digest_summary(const sl_digest *d)
{
    return d->pool;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

int sl_digest_save(unsigned char **out, size_t *out_len, const sl_digest *d)
{
    unsigned char *t = NULL, *buf = NULL;
    uint8_t *p = NULL;
    size_t nt = 0, np = 0, n;
    int rc;

    *out = NULL;
    *out_len = 0;
    rc = sl_timeline_save(&t, &nt, d->tl);
    if (rc == SL_OK) {
        rc = sl_summary_pool_save(&p, &np, d->pool);
    }
    if (rc != SL_OK) {
        goto out;
    }
    if (nt > UINT32_MAX - 16 || np > UINT32_MAX - 16 - nt) {
        rc = SL_ELIMIT;
        goto out;
    }
    n = 16 + nt + np;
    buf = sl__malloc(n);
    if (buf == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    memcpy(buf, "SLSD", 4);
    put32(buf + 4, DIGEST_VERSION);
    put32(buf + 8, (uint32_t)nt);
    memcpy(buf + 12, t, nt);
    put32(buf + 12 + nt, (uint32_t)np);
    memcpy(buf + 16 + nt, p, np);
    *out = buf;
    *out_len = n;
out:
    sl_free(t);
    sl_free(p);
    return rc;
}

int sl_digest_load(sl_digest **out,
                   const void *data,
                   size_t len,
                   const sl_digest_options *opts)
{
    const unsigned char *p = data;
    sl_digest *d = NULL;
    int rc;

    *out = NULL;
    if (p == NULL || len < 16 || memcmp(p, "SLSD", 4) != 0 ||
        get32(p + 4) != DIGEST_VERSION) {
        return SL_EFORMAT;
    }
    size_t nt = get32(p + 8);
    if (nt > len - 16) {
        return SL_EFORMAT;
    }
    size_t np = get32(p + 12 + nt);
    if (np != len - 16 - nt) {
        return SL_EFORMAT;
    }
    d = sl__calloc(1, sizeof(*d));
    if (d == NULL) {
        return SL_ENOMEM;
    }
    resolve(&d->o, opts);
    rc = sl_timeline_load(&d->tl, p + 12, nt, &d->o.timeline);
    if (rc == SL_OK && np == 0) {
        rc = sl_summary_pool_new(&d->pool, &d->o.summary);
    } else if (rc == SL_OK) {
        rc = sl_summary_pool_load(&d->pool, p + 16 + nt, np, &d->o.summary);
    }
    if (rc != SL_OK) {
        sl_digest_free(d);
        return rc;
    }
    *out = d;
    return SL_OK;
}

int sl_digest_read(sl_digest **out,
                   sl_store *st,
                   sl_digest_kind kind,
                   int64_t id)
{
    void *bytes = NULL;
    size_t n = 0;
    int rc;

    *out = NULL;
    rc = sl_store_digest_get(&bytes, &n, NULL, st, kind, id);
    if (rc != SL_OK) {
        return rc;
    }
    rc = sl_digest_load(out, bytes, n, NULL);
    sl_free(bytes);
    return rc;
}

/* The stored digest of (kind, id), or a new one when there is none or it
 * does not load. */
static int
read_or_new(sl_digest **out, sl_store *st, sl_digest_kind kind, int64_t id)
{
    int rc = sl_digest_read(out, st, kind, id);
    if (rc == SL_ENOTFOUND || rc == SL_EFORMAT || rc == SL_EINVAL) {
        rc = sl_digest_new(out, NULL);
    }
    return rc;
}

static int write_digest(sl_store *st,
                        sl_digest_kind kind,
                        int64_t id,
                        const sl_digest *d,
                        int64_t now_ms)
{
    unsigned char *bytes = NULL;
    size_t n = 0;
    int rc = sl_digest_save(&bytes, &n, d);
    if (rc == SL_OK) {
        rc = sl_store_digest_put(st, kind, id, bytes, n, now_ms);
    }
    sl_free(bytes);
    return rc;
}

/* Is b[0..nb) the same digest as a[0..na)? */
static int
same_bytes(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
    return na == nb && memcmp(a, b, na) == 0;
}

/* Write the event's digest and, if there is one, its storyline's: as a
 * reference to the event's when the two are the same (a storyline of one
 * event, which the hook fills with the same articles in the same order),
 * which saves the store a second copy and the deflating of it. */
static int write_pair(sl_store *st,
                      int64_t ev_id,
                      const sl_digest *ev,
                      int64_t sd_id,
                      const sl_digest *sd,
                      int64_t now_ms)
{
    unsigned char *eb = NULL, *sb = NULL;
    size_t ne = 0, ns = 0;
    int rc = sl_digest_save(&eb, &ne, ev);

    if (rc == SL_OK) {
        rc = sl_store_digest_put(st, SL_DIGEST_EVENT, ev_id, eb, ne, now_ms);
    }
    if (rc == SL_OK && sd != NULL) {
        rc = sl_digest_save(&sb, &ns, sd);
    }
    if (rc == SL_OK && sd != NULL) {
        rc = same_bytes(eb, ne, sb, ns)
                 ? sl_store_digest_put_same(st, SL_DIGEST_STORYLINE, sd_id,
                                            SL_DIGEST_EVENT, ev_id, sb, ns,
                                            now_ms)
                 : sl_store_digest_put(st, SL_DIGEST_STORYLINE, sd_id, sb, ns,
                                       now_ms);
    }
    sl_free(eb);
    sl_free(sb);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The transaction cache                                               */

/* Digests kept decoded for the length of a transaction, at most this
 * many: the least recently used one is written back to make room. A
 * batch of articles then loads and saves each story's digests once
 * instead of once per article. A batch of 1,000 articles of a mixed
 * stream touches up to about 220 events and storylines; with room for
 * 64, a third of the articles paid for an early write and a reload. */
#define CACHE_MAX 256

typedef struct cached {
    sl_digest *d;
    int64_t id;
    int64_t updated_ms; /* the time of its last change */
    uint64_t used;      /* tick of its last use */
    sl_digest_kind kind;
    int dirty; /* changed since read from the store */
} cached;

typedef struct cache {
    cached e[CACHE_MAX];
    size_t count;
    uint64_t tick;
    uint64_t pin; /* entries used after this tick are in use: not evicted */
} cache;

static cached *cache_find(cache *c, sl_digest_kind kind, int64_t id)
{
    if (c == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < c->count; i++) {
        if (c->e[i].kind == kind && c->e[i].id == id) {
            c->e[i].used = ++c->tick;
            return &c->e[i];
        }
    }
    return NULL;
}

/* Remove entry e, written back first if 'write' and it changed. Other
 * entries may move; digests do not. */
static int cache_drop(cache *c, sl_store *st, cached *e, int write)
{
    if (write && e->dirty) {
        int rc = write_digest(st, e->kind, e->id, e->d, e->updated_ms);
        if (rc != SL_OK) {
            return rc;
        }
    }
    sl_digest_free(e->d);
    *e = c->e[--c->count];
    return SL_OK;
}

/* Take d into the cache as (kind, id), clean. On error d is not taken. */
static int
cache_put(cache *c, sl_store *st, sl_digest_kind kind, int64_t id, sl_digest *d)
{
    if (c->count == CACHE_MAX) {
        cached *lru = NULL;
        for (size_t i = 0; i < c->count; i++) {
            if (c->e[i].used <= c->pin &&
                (lru == NULL || c->e[i].used < lru->used)) {
                lru = &c->e[i];
            }
        }
        if (lru == NULL) {
            return SL_ELIMIT; /* a hook call never holds that many */
        }
        int rc = cache_drop(c, st, lru, 1);
        if (rc != SL_OK) {
            return rc;
        }
    }
    cached *e = &c->e[c->count++];
    memset(e, 0, sizeof(*e));
    e->d = d;
    e->id = id;
    e->kind = kind;
    e->used = ++c->tick;
    return SL_OK;
}

/* FNV-1a, to find equal saved digests quickly. */
static uint64_t bytes_sum(const unsigned char *p, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * UINT64_C(1099511628211);
    }
    return h;
}

typedef struct saved {
    unsigned char *bytes;
    size_t len;
    uint64_t sum;
} saved;

/* Write back every changed digest, then forget them all. A storyline
 * whose saved bytes are those of an event written here too (a storyline
 * of one event) is written as a reference to it (write_pair()). */
static int cache_flush(cache *c, sl_store *st)
{
    saved *v = sl__calloc(CACHE_MAX, sizeof(*v));
    int rc = SL_OK;

    if (v == NULL) {
        return SL_ENOMEM; /* nothing written: a retry or a rollback */
    }
    for (size_t i = 0; rc == SL_OK && i < c->count; i++) {
        if (c->e[i].dirty) {
            rc = sl_digest_save(&v[i].bytes, &v[i].len, c->e[i].d);
            v[i].sum = rc == SL_OK ? bytes_sum(v[i].bytes, v[i].len) : 0;
        }
    }
    for (size_t i = 0; rc == SL_OK && i < c->count; i++) {
        cached *e = &c->e[i];
        size_t same = SIZE_MAX;
        if (!e->dirty) {
            continue;
        }
        for (size_t j = 0;
             e->kind == SL_DIGEST_STORYLINE && j < c->count && same == SIZE_MAX;
             j++) {
            if (c->e[j].kind == SL_DIGEST_EVENT && c->e[j].dirty &&
                v[j].sum == v[i].sum &&
                same_bytes(v[j].bytes, v[j].len, v[i].bytes, v[i].len)) {
                same = j;
            }
        }
        rc = same == SIZE_MAX
                 ? sl_store_digest_put(st, e->kind, e->id, v[i].bytes, v[i].len,
                                       e->updated_ms)
                 : sl_store_digest_put_same(st, e->kind, e->id, SL_DIGEST_EVENT,
                                            c->e[same].id, v[i].bytes, v[i].len,
                                            e->updated_ms);
    }
    for (size_t i = 0; i < CACHE_MAX; i++) {
        sl_free(v[i].bytes);
    }
    sl__free(v);
    if (rc != SL_OK) {
        return rc; /* all stays for a retry or a rollback */
    }
    while (c->count > 0) {
        (void)cache_drop(c, st, &c->e[c->count - 1], 0);
    }
    return SL_OK;
}

static void cache_clear(cache *c)
{
    while (c->count > 0) {
        (void)cache_drop(c, NULL, &c->e[c->count - 1], 0);
    }
}

static int txn_hook(sl_store *st, sl_store_txn_event what, void *payload)
{
    cache *c = payload;

    if (what == SL_STORE_TXN_COMMIT) {
        return cache_flush(c, st);
    }
    cache_clear(c);
    if (what == SL_STORE_TXN_CLOSE) {
        sl__free(c);
    }
    return SL_OK;
}

/* The digest of (kind, id) to change: the cached one (borrowed), or the
 * stored one (new if none), which goes into the cache or, without one,
 * to the caller (*owned set: free it). */
static int acquire(sl_digest **out,
                   int *owned,
                   cache *c,
                   sl_store *st,
                   sl_digest_kind kind,
                   int64_t id)
{
    cached *e = cache_find(c, kind, id);
    int rc;

    *owned = 0;
    if (e != NULL) {
        *out = e->d;
        return SL_OK;
    }
    rc = read_or_new(out, st, kind, id);
    if (rc != SL_OK || c == NULL) {
        *owned = rc == SL_OK;
        return rc;
    }
    rc = cache_put(c, st, kind, id, *out);
    if (rc != SL_OK) {
        sl_digest_free(*out);
        *out = NULL;
    }
    return rc;
}

/* d, the digest of (kind, id), has changed: write it now, or mark it to
 * be written at the commit. */
static int changed(cache *c,
                   sl_store *st,
                   sl_digest_kind kind,
                   int64_t id,
                   const sl_digest *d,
                   int64_t now_ms)
{
    cached *e = cache_find(c, kind, id);

    if (e == NULL) {
        return write_digest(st, kind, id, d, now_ms);
    }
    e->dirty = 1;
    e->updated_ms = now_ms;
    return SL_OK;
}

/* Fold the digest of (kind, other) into d, if there is one: the cached
 * one, else the stored one. With 'gone' the other has been merged away:
 * its cached copy is dropped unwritten (the store deletes its row). */
static int fold(sl_digest *d,
                cache *c,
                sl_store *st,
                sl_digest_kind kind,
                int64_t other,
                int gone)
{
    sl_digest *o = NULL;
    cached *e;
    int rc;

    if (other == 0) {
        return SL_OK;
    }
    e = cache_find(c, kind, other);
    if (e != NULL) {
        rc = sl_digest_merge(d, e->d);
        if (rc == SL_OK && gone) {
            rc = cache_drop(c, st, e, 0);
        }
        return rc;
    }
    rc = sl_digest_read(&o, st, kind, other);
    if (rc == SL_OK) {
        rc = sl_digest_merge(d, o);
    } else if (rc == SL_ENOTFOUND || rc == SL_EFORMAT) {
        rc = SL_OK;
    }
    sl_digest_free(o);
    return rc;
}

/*
 * Rebuild the digest of storyline 'id' from the digests of the events it
 * holds now, in the store's order of its events (first seen, then id).
 * Called when an event has left it: what that event's articles added to
 * the storyline's timeline and pool cannot be taken out again, but each
 * remaining event's digest holds what its own articles added. The work
 * is bounded by the events' digests, themselves bounded, and moves are
 * rare (only young events move). A storyline with no event left loses
 * its digest.
 */
static int rebuild_storyline(
    cache *c, sl_store *st, int64_t id, int64_t gone, int64_t now_ms)
{
    sl_storyline *s = NULL;
    sl_digest *d = NULL;
    cached *e;
    size_t used = 0;
    int rc;

    rc = sl_store_storyline_get(&s, st, id);
    if (rc == SL_OK) {
        rc = sl_digest_new(&d, NULL);
    }
    for (size_t i = 0; rc == SL_OK && i < s->event_count; i++) {
        if (s->events[i].id != gone) {
            rc = fold(d, c, st, SL_DIGEST_EVENT, s->events[i].id, 0);
            used++;
        }
    }
    if (rc == SL_ENOTFOUND) {
        rc = SL_OK; /* no such storyline any more */
    }
    e = rc == SL_OK ? cache_find(c, SL_DIGEST_STORYLINE, id) : NULL;
    if (rc == SL_OK && used == 0) {
        if (e != NULL) {
            rc = cache_drop(c, st, e, 0);
        }
        if (rc == SL_OK) {
            rc = sl_store_digest_delete(st, SL_DIGEST_STORYLINE, id);
        }
    } else if (rc == SL_OK && e != NULL) {
        sl_digest_free(e->d);
        e->d = d;
        e->dirty = 1;
        e->updated_ms = now_ms;
        d = NULL;
    } else if (rc == SL_OK && c != NULL) {
        rc = cache_put(c, st, SL_DIGEST_STORYLINE, id, d);
        if (rc == SL_OK) {
            d = NULL;
            rc = changed(c, st, SL_DIGEST_STORYLINE, id, NULL, now_ms);
        }
    } else if (rc == SL_OK) {
        rc = write_digest(st, SL_DIGEST_STORYLINE, id, d, now_ms);
    }
    sl_digest_free(d);
    sl_storyline_free(s);
    return rc;
}

/* The article hook, with a transaction cache or (c NULL) writing each
 * digest as it changes. */
static int hook(cache *c, sl_store *st, const sl_story_update *u)
{
    sl_digest *ev = NULL, *sd = NULL;
    int own_ev = 0, own_sd = 0;
    const char *title = u->title ? u->title : "";
    const char *body = u->body ? u->body : "";
    sl_digest_article a = { .published_ms = u->seen_ms,
                            .id = (uint64_t)u->article_id,
                            .title = title,
                            .title_len = strlen(title),
                            .body = body,
                            .body_len = strlen(body) };
    int rc;

    if (c != NULL) {
        c->pin = c->tick;
    }
    /* An event merged in from another storyline (not merged in itself)
     * brings its digest to this storyline, and leaves that one. */
    int64_t other = u->merged_event_storyline;
    if (u->merged_event_id == 0 || other == u->storyline_id ||
        other == u->merged_storyline_id) {
        other = 0;
    }
    rc = acquire(&ev, &own_ev, c, st, SL_DIGEST_EVENT, u->event_id);
    if (rc == SL_OK && u->storyline_id != 0) {
        rc = acquire(&sd, &own_sd, c, st, SL_DIGEST_STORYLINE, u->storyline_id);
        if (rc == SL_OK) {
            rc =
                fold(sd, c, st, SL_DIGEST_STORYLINE, u->merged_storyline_id, 1);
        }
        if (rc == SL_OK && other != 0) {
            rc = fold(sd, c, st, SL_DIGEST_EVENT, u->merged_event_id, 0);
        }
        /* An event that moved brings what it holds so far (unless it
         * came with the storyline folded in just now). */
        if (rc == SL_OK && u->moved_from_storyline != 0 && !u->new_event &&
            u->moved_from_storyline != u->merged_storyline_id) {
            rc = sl_digest_merge(sd, ev);
        }
    }
    if (rc == SL_OK) {
        rc = fold(ev, c, st, SL_DIGEST_EVENT, u->merged_event_id, 1);
    }
    /* An article without a usable time adds nothing (SL_EINVAL). */
    if (rc == SL_OK) {
        sl_digest *both[2] = { ev, sd };
        rc = add_many(both, sd != NULL ? 2 : 1, &a);
        if (rc == SL_EINVAL) {
            rc = SL_OK;
        }
    }
    if (rc == SL_OK && c == NULL) {
        rc = write_pair(st, u->event_id, ev, u->storyline_id, sd, u->seen_ms);
    } else if (rc == SL_OK) {
        rc = changed(c, st, SL_DIGEST_EVENT, u->event_id, ev, u->seen_ms);
    }
    if (rc == SL_OK && c != NULL && sd != NULL) {
        rc = changed(c, st, SL_DIGEST_STORYLINE, u->storyline_id, sd,
                     u->seen_ms);
    }
    /* The storyline the event left keeps only its other events. */
    if (rc == SL_OK && u->moved_from_storyline != 0 &&
        u->moved_from_storyline != u->storyline_id &&
        u->moved_from_storyline != u->merged_storyline_id) {
        rc = rebuild_storyline(c, st, u->moved_from_storyline, u->event_id,
                               u->seen_ms);
    }
    if (rc == SL_OK && other != 0 && other != u->moved_from_storyline) {
        rc = rebuild_storyline(c, st, other, u->merged_event_id, u->seen_ms);
    }
    /* A failed put is rolled back to before the article, but what this
     * call changed in the cache cannot be: forget those digests rather
     * than write a part of the article at the commit. */
    for (size_t i = c != NULL && rc != SL_OK ? c->count : 0; i-- > 0;) {
        if (c->e[i].used > c->pin) {
            (void)cache_drop(c, st, &c->e[i], 0);
        }
    }
    if (own_ev) {
        sl_digest_free(ev);
    }
    if (own_sd) {
        sl_digest_free(sd);
    }
    return rc;
}

int sl_digest_hook(sl_store *st, const sl_story_update *u, void *payload)
{
    (void)payload;
    return hook(NULL, st, u);
}

/* The hook sl_digest_attach() registers: inside the caller's transaction
 * digests wait in the cache for the commit. */
static int cached_hook(sl_store *st, const sl_story_update *u, void *payload)
{
    return hook(u->in_transaction ? payload : NULL, st, u);
}

void sl_digest_attach(sl_store *st)
{
    cache *c = sl__calloc(1, sizeof(*c));

    /* Without memory for the cache, digests are written as they change. */
    sl_store_set_txn_hook(st, c ? txn_hook : NULL, c);
    sl_store_set_article_hook(st, c ? cached_hook : sl_digest_hook, c);
}
