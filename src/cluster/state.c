/*
 * state.c - saving and loading a clusterer (sl_clusterer_save/_load).
 *
 * Format, version 3, all integers little-endian, floats as IEEE-754 bits:
 *
 *   "SLCLUST1" u32 version
 *   options   f64 event_threshold, story_threshold, event_merge,
 *             story_merge; i64 event_half_life,
 *             story_half_life, event_window, story_window; f64
 *             title_weight, entity_weight; u64 max_body_words, max_events,
 *             max_storylines, max_terms, seed; f64
 *             undated_event_threshold; u64 undated_body_words; u32 n + n
 *             bytes language
 *   counters  u64 seq; i64 clock_ms
 *   df        u64 docs; map
 *   articles  map
 *   events    pool
 *   stories   pool
 *   map  = u64 count, count x (u64 key, u64 value)
 *   pool = u32 len; u64 next_id, retired_since_sweep; u32 nfree, nfree x
 *          u32 slot; len x item; index
 *   item = u64 id; u32 gen, alive; when alive: u64 size; i64 first_ms,
 *          last_ms; u64 last_seq, story_ref, story_id; u32 n, n x (u64
 *          hash, f32 weight); u32 m, m x u64 article hash
 *   index = map (term -> list); u32 nlists, nlists x (u32 n, n x u64
 *          ref); u32 nfree, nfree x u32 list
 *
 * Maps are re-inserted on load rather than copied slot by slot: results
 * never depend on a map's layout, only on its content. Everything read is
 * checked (lengths against the bytes left, slots and lists against their
 * arrays, sorted centroids), so a damaged state yields SL_EFORMAT.
 */
#include <math.h>
#include <string.h>

#include "state.h"
#include "storyline/cluster.h"
#include "util/alloc.h"
#include "util/buf.h"

#define MAGIC   "SLCLUST1"
#define VERSION 3u

/*---- Writing -------------------------------------------------------*/

static int put_u64(sl_buf *b, uint64_t v)
{
    unsigned char x[8];

    for (int i = 0; i < 8; i++) {
        x[i] = (unsigned char)(v >> (8 * i));
    }
    return sl__buf_add(b, x, 8);
}

static int put_u32(sl_buf *b, uint32_t v)
{
    unsigned char x[4];

    for (int i = 0; i < 4; i++) {
        x[i] = (unsigned char)(v >> (8 * i));
    }
    return sl__buf_add(b, x, 4);
}

static int put_f64(sl_buf *b, double d)
{
    uint64_t v;

    memcpy(&v, &d, 8);
    return put_u64(b, v);
}

static int put_f32(sl_buf *b, float f)
{
    uint32_t v;

    memcpy(&v, &f, 4);
    return put_u32(b, v);
}

static int put_map(sl_buf *b, const sl_map *m)
{
    int rc = put_u64(b, m->count);

    for (size_t i = 0; rc == SL_OK && i < m->cap; i++) {
        if (m->slots[i].key != 0) {
            rc = put_u64(b, m->slots[i].key);
            if (rc == SL_OK) {
                rc = put_u64(b, m->slots[i].val);
            }
        }
    }
    return rc;
}

static int put_item(sl_buf *b, const sl_clu *x)
{
    int rc = put_u64(b, x->id);

    rc = rc ? rc : put_u32(b, x->gen);
    rc = rc ? rc : put_u32(b, x->alive);
    if (rc < 0 || !x->alive) {
        return rc;
    }
    rc = rc ? rc : put_u64(b, x->size);
    rc = rc ? rc : put_u64(b, (uint64_t)x->first_ms);
    rc = rc ? rc : put_u64(b, (uint64_t)x->last_ms);
    rc = rc ? rc : put_u64(b, x->last_seq);
    rc = rc ? rc : put_u64(b, x->story_ref);
    rc = rc ? rc : put_u64(b, x->story_id);
    rc = rc ? rc : put_u32(b, x->centroid.len);
    for (uint32_t i = 0; rc == SL_OK && i < x->centroid.len; i++) {
        rc = put_u64(b, x->centroid.t[i].h);
        rc = rc ? rc : put_f32(b, x->centroid.t[i].w);
    }
    rc = rc ? rc : put_u32(b, x->counts.len);
    for (uint32_t i = 0; rc == SL_OK && i < x->counts.len; i++) {
        rc = put_u64(b, x->counts.t[i].h);
        rc = rc ? rc : put_f32(b, x->counts.t[i].w);
    }
    rc = rc ? rc : put_u32(b, x->narticles);
    for (uint32_t i = 0; rc == SL_OK && i < x->narticles; i++) {
        rc = put_u64(b, x->articles[i]);
    }
    return rc;
}

static int put_pool(sl_buf *b, const sl_pool *p)
{
    int rc = put_u32(b, p->len);

    rc = rc ? rc : put_u64(b, p->next_id);
    rc = rc ? rc : put_u64(b, p->retired_since_sweep);
    rc = rc ? rc : put_u32(b, p->nfree);
    for (uint32_t i = 0; rc == SL_OK && i < p->nfree; i++) {
        rc = put_u32(b, p->free[i]);
    }
    for (uint32_t i = 0; rc == SL_OK && i < p->len; i++) {
        rc = put_item(b, &p->items[i]);
    }
    const sl_index *ix = &p->index;
    rc = rc ? rc : put_map(b, &ix->terms);
    rc = rc ? rc : put_u32(b, ix->nlists);
    for (uint32_t i = 0; rc == SL_OK && i < ix->nlists; i++) {
        rc = put_u32(b, ix->lists[i].len);
        for (uint32_t k = 0; rc == SL_OK && k < ix->lists[i].len; k++) {
            rc = put_u64(b, ix->lists[i].refs[k]);
        }
    }
    rc = rc ? rc : put_u32(b, ix->nfree);
    for (uint32_t i = 0; rc == SL_OK && i < ix->nfree; i++) {
        rc = put_u32(b, ix->free_lists[i]);
    }
    return rc;
}

int sl_clusterer_save(char **out, size_t *out_len, const sl_clusterer *c)
{
    const sl_cluster_options *o = &c->opts;
    sl_buf b;
    int rc;

    *out = NULL;
    *out_len = 0;
    sl__buf_init(&b, 0);
    rc = sl__buf_add(&b, MAGIC, 8);
    rc = rc ? rc : put_u32(&b, VERSION);
    rc = rc ? rc : put_f64(&b, o->event_threshold);
    rc = rc ? rc : put_f64(&b, o->story_threshold);
    rc = rc ? rc : put_f64(&b, o->event_merge);
    rc = rc ? rc : put_f64(&b, o->story_merge);
    rc = rc ? rc : put_u64(&b, (uint64_t)o->event_half_life_ms);
    rc = rc ? rc : put_u64(&b, (uint64_t)o->story_half_life_ms);
    rc = rc ? rc : put_u64(&b, (uint64_t)o->event_window_ms);
    rc = rc ? rc : put_u64(&b, (uint64_t)o->story_window_ms);
    rc = rc ? rc : put_f64(&b, o->title_weight);
    rc = rc ? rc : put_f64(&b, o->entity_weight);
    rc = rc ? rc : put_u64(&b, o->max_body_words);
    rc = rc ? rc : put_u64(&b, o->max_events);
    rc = rc ? rc : put_u64(&b, o->max_storylines);
    rc = rc ? rc : put_u64(&b, o->max_terms);
    rc = rc ? rc : put_u64(&b, o->seed);
    rc = rc ? rc : put_f64(&b, o->undated_event_threshold);
    rc = rc ? rc : put_u64(&b, o->undated_body_words);
    rc = rc ? rc : put_u32(&b, (uint32_t)strlen(c->language));
    rc = rc ? rc : sl__buf_add(&b, c->language, strlen(c->language));
    rc = rc ? rc : put_u64(&b, c->seq);
    rc = rc ? rc : put_u64(&b, (uint64_t)c->clock_ms);
    rc = rc ? rc : put_u64(&b, c->df.docs);
    rc = rc ? rc : put_map(&b, &c->df.map);
    rc = rc ? rc : put_map(&b, &c->articles);
    rc = rc ? rc : put_pool(&b, &c->events);
    rc = rc ? rc : put_pool(&b, &c->stories);
    if (rc < 0) {
        sl__buf_dispose(&b);
        return rc;
    }
    *out = sl__buf_detach(&b, out_len);
    return *out ? SL_OK : SL_ENOMEM;
}

/*---- Reading -------------------------------------------------------*/

typedef struct rd {
    const unsigned char *p;
    size_t left;
    int bad; /* set on the first short read */
} rd;

static uint64_t get_u64(rd *r)
{
    uint64_t v = 0;

    if (r->bad || r->left < 8) {
        r->bad = 1;
        return 0;
    }
    for (int i = 0; i < 8; i++) {
        v |= (uint64_t)r->p[i] << (8 * i);
    }
    r->p += 8;
    r->left -= 8;
    return v;
}

static uint32_t get_u32(rd *r)
{
    uint32_t v = 0;

    if (r->bad || r->left < 4) {
        r->bad = 1;
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        v |= (uint32_t)r->p[i] << (8 * i);
    }
    r->p += 4;
    r->left -= 4;
    return v;
}

static double get_f64(rd *r)
{
    uint64_t v = get_u64(r);
    double d;

    memcpy(&d, &v, 8);
    return d;
}

static float get_f32(rd *r)
{
    uint32_t v = get_u32(r);
    float f;

    memcpy(&f, &v, 4);
    return f;
}

/* Can 'count' records of 'size' bytes still be read? Guards every
 * allocation sized from the input. */
static int room(rd *r, uint64_t count, size_t size)
{
    if (r->bad || count > r->left / size) {
        r->bad = 1;
        return 0;
    }
    return 1;
}

static int get_map(rd *r, sl_map *m, uint64_t max_val)
{
    uint64_t count = get_u64(r);
    int rc;

    if (!room(r, count, 16)) {
        return SL_EFORMAT;
    }
    rc = sl__map_reserve(m, (size_t)count);
    if (rc < 0) {
        return rc;
    }
    for (uint64_t i = 0; i < count; i++) {
        uint64_t key = get_u64(r);
        uint64_t val = get_u64(r);
        int created;
        if (r->bad || key == 0 || val > max_val) {
            return SL_EFORMAT;
        }
        uint64_t *v = sl__map_put(m, key, val, &created);
        if (v == NULL) {
            return SL_ENOMEM;
        }
        if (!created) {
            return SL_EFORMAT;
        }
    }
    return SL_OK;
}

/* An event's raw stem counts: sorted hashes, finite non-negative
 * counts, at most 'max' of them (0 for storylines). */
static int get_counts(rd *r, sl_vec *v, double *sum, uint32_t max)
{
    uint32_t n = get_u32(r);

    *sum = 0;
    if (r->bad || n > max || !room(r, n, 12)) {
        return SL_EFORMAT;
    }
    int rc = sl__vec_reserve(v, n);
    if (rc < 0) {
        return rc;
    }
    for (uint32_t i = 0; i < n; i++) {
        v->t[i].h = get_u64(r);
        v->t[i].w = get_f32(r);
        if (i > 0 && v->t[i].h <= v->t[i - 1].h) {
            return SL_EFORMAT;
        }
        if (!isfinite(v->t[i].w) || v->t[i].w < 0) {
            return SL_EFORMAT;
        }
        *sum += v->t[i].w;
    }
    v->len = n;
    return SL_OK;
}

static int get_item(rd *r, sl_clu *x, int events)
{
    x->id = get_u64(r);
    x->gen = get_u32(r);
    x->alive = get_u32(r);
    if (r->bad || x->alive > 1 || x->gen == 0) {
        return SL_EFORMAT;
    }
    if (!x->alive) {
        return SL_OK;
    }
    x->size = get_u64(r);
    x->first_ms = (int64_t)get_u64(r);
    x->last_ms = (int64_t)get_u64(r);
    x->last_seq = get_u64(r);
    x->story_ref = get_u64(r);
    x->story_id = get_u64(r);
    uint32_t n = get_u32(r);
    size_t cap = events ? SL_CLU_EVENT_TERMS : SL_CLU_STORY_TERMS;
    if (n > 2 * cap || !room(r, n, 12)) {
        return SL_EFORMAT;
    }
    int rc = sl__vec_reserve(&x->centroid, n);
    if (rc < 0) {
        return rc;
    }
    double s = 0;
    for (uint32_t i = 0; i < n; i++) {
        x->centroid.t[i].h = get_u64(r);
        x->centroid.t[i].w = get_f32(r);
        if (i > 0 && x->centroid.t[i].h <= x->centroid.t[i - 1].h) {
            return SL_EFORMAT;
        }
        if (!isfinite(x->centroid.t[i].w)) {
            return SL_EFORMAT;
        }
        s += (double)x->centroid.t[i].w * x->centroid.t[i].w;
    }
    x->centroid.len = n;
    x->centroid.norm = sqrt(s);
    rc = get_counts(r, &x->counts, &x->nwords, events ? 2 * cap : 0);
    if (rc < 0) {
        return rc;
    }
    uint32_t m = get_u32(r);
    if (m > (events ? SL_CLU_MAX_ARTICLES : 0) || !room(r, m, 8)) {
        return SL_EFORMAT;
    }
    if (m > 0) {
        x->articles = sl__malloc((size_t)m * sizeof(*x->articles));
        if (x->articles == NULL) {
            return SL_ENOMEM;
        }
        x->articles_cap = m;
        for (uint32_t i = 0; i < m; i++) {
            x->articles[i] = get_u64(r);
        }
        x->narticles = m;
    }
    return r->bad ? SL_EFORMAT : SL_OK;
}

static int get_pool(rd *r, sl_pool *p, int events, size_t max_live)
{
    uint32_t len = get_u32(r);
    int rc;

    p->next_id = get_u64(r);
    p->retired_since_sweep = get_u64(r);
    if (!room(r, len, 16) || len > max_live * 2 + 1024) {
        return SL_EFORMAT;
    }
    rc = sl__pool_reserve(p, len);
    if (rc < 0) {
        return rc;
    }
    if (len > 0) {
        /* An empty pool may have no slot array at all. */
        memset(p->items, 0, (size_t)len * sizeof(*p->items));
    }
    p->len = len;
    uint32_t nfree = get_u32(r);
    if (nfree > len || !room(r, nfree, 4)) {
        return SL_EFORMAT;
    }
    for (uint32_t i = 0; i < nfree; i++) {
        p->free[i] = get_u32(r);
        if (p->free[i] >= len) {
            return SL_EFORMAT;
        }
    }
    p->nfree = nfree;
    for (uint32_t i = 0; i < len; i++) {
        rc = get_item(r, &p->items[i], events);
        if (rc < 0) {
            return rc;
        }
        if (p->items[i].alive) {
            p->live++;
            if (p->items[i].id == 0 || p->items[i].id > p->next_id) {
                return SL_EFORMAT;
            }
        }
    }
    if (p->live + nfree != len) {
        return SL_EFORMAT;
    }
    for (uint32_t i = 0; i < nfree; i++) {
        if (p->items[p->free[i]].alive) {
            return SL_EFORMAT;
        }
    }

    sl_index *ix = &p->index;
    rc = get_map(r, &ix->terms, UINT32_MAX);
    if (rc < 0) {
        return rc;
    }
    uint32_t nlists = get_u32(r);
    if (!room(r, nlists, 4) || nlists > UINT32_MAX / 4) {
        return SL_EFORMAT;
    }
    if (nlists > 0) {
        ix->lists = sl__calloc(nlists, sizeof(*ix->lists));
        ix->free_lists = sl__calloc(nlists, sizeof(*ix->free_lists));
        if (ix->lists == NULL || ix->free_lists == NULL) {
            return SL_ENOMEM;
        }
        ix->lists_cap = nlists;
    }
    ix->nlists = nlists;
    for (uint32_t i = 0; i < nlists; i++) {
        uint32_t n = get_u32(r);
        if (n > ix->max_len || !room(r, n, 8)) {
            return SL_EFORMAT;
        }
        if (n > 0) {
            ix->lists[i].refs = sl__malloc((size_t)n * 8);
            if (ix->lists[i].refs == NULL) {
                return SL_ENOMEM;
            }
        }
        ix->lists[i].cap = n;
        for (uint32_t k = 0; k < n; k++) {
            ix->lists[i].refs[k] = get_u64(r);
        }
        ix->lists[i].len = n;
        ix->refs += n;
    }
    uint32_t lfree = get_u32(r);
    if (lfree > nlists || !room(r, lfree, 4)) {
        return SL_EFORMAT;
    }
    for (uint32_t i = 0; i < lfree; i++) {
        ix->free_lists[i] = get_u32(r);
        if (ix->free_lists[i] >= nlists) {
            return SL_EFORMAT;
        }
    }
    ix->nfree = lfree;
    /* Every mapped term must own a distinct, non-free list. */
    if (ix->terms.count + lfree != nlists) {
        return SL_EFORMAT;
    }
    for (size_t i = 0; i < ix->terms.cap; i++) {
        if (ix->terms.slots[i].key != 0 && ix->terms.slots[i].val >= nlists) {
            return SL_EFORMAT;
        }
    }
    return r->bad ? SL_EFORMAT : SL_OK;
}

static int load(sl_clusterer *c, rd *r)
{
    sl_cluster_options o = { 0 };
    char lang[32];
    int rc;

    if (!room(r, 1, 12) || memcmp(r->p, MAGIC, 8) != 0) {
        return SL_EFORMAT;
    }
    r->p += 8;
    r->left -= 8;
    if (get_u32(r) != VERSION) {
        return SL_EFORMAT;
    }
    o.event_threshold = get_f64(r);
    o.story_threshold = get_f64(r);
    o.event_merge = get_f64(r);
    o.story_merge = get_f64(r);
    o.event_half_life_ms = (int64_t)get_u64(r);
    o.story_half_life_ms = (int64_t)get_u64(r);
    o.event_window_ms = (int64_t)get_u64(r);
    o.story_window_ms = (int64_t)get_u64(r);
    o.title_weight = get_f64(r);
    o.entity_weight = get_f64(r);
    o.max_body_words = (size_t)get_u64(r);
    o.max_events = (size_t)get_u64(r);
    o.max_storylines = (size_t)get_u64(r);
    o.max_terms = (size_t)get_u64(r);
    o.seed = get_u64(r);
    o.undated_event_threshold = get_f64(r);
    o.undated_body_words = (size_t)get_u64(r);
    uint32_t n = get_u32(r);
    if (n >= sizeof(lang) || !room(r, n, 1)) {
        return SL_EFORMAT;
    }
    memcpy(lang, r->p, n);
    lang[n] = '\0';
    r->p += n;
    r->left -= n;
    o.language = lang;
    if (r->bad || !isfinite(o.event_threshold) ||
        !isfinite(o.story_threshold) || !isfinite(o.event_merge) ||
        !isfinite(o.story_merge) || !isfinite(o.title_weight) ||
        !isfinite(o.entity_weight) || !isfinite(o.undated_event_threshold)) {
        return SL_EFORMAT;
    }
    rc = sl__clusterer_setup(c, &o);
    if (rc < 0) {
        return rc == SL_EINVAL && c->text != NULL ? SL_EFORMAT : rc;
    }
    c->seq = get_u64(r);
    c->clock_ms = (int64_t)get_u64(r);
    c->df.docs = get_u64(r);
    rc = get_map(r, &c->df.map, UINT64_MAX);
    if (rc < 0) {
        return rc;
    }
    rc = get_map(r, &c->articles, UINT64_MAX);
    if (rc < 0) {
        return rc;
    }
    rc = get_pool(r, &c->events, 1, c->opts.max_events);
    if (rc < 0) {
        return rc;
    }
    rc = get_pool(r, &c->stories, 0, c->opts.max_storylines);
    if (rc < 0) {
        return rc;
    }
    if (r->bad || r->left != 0) {
        return SL_EFORMAT;
    }
    return SL_OK;
}

int sl_clusterer_load(sl_clusterer **out, const void *data, size_t len)
{
    sl_clusterer *c;
    rd r = { data, len, 0 };
    int rc;

    *out = NULL;
    if (data == NULL) {
        return SL_EINVAL;
    }
    c = sl__calloc(1, sizeof(*c));
    if (c == NULL) {
        return SL_ENOMEM;
    }
    rc = load(c, &r);
    if (rc < 0) {
        sl_clusterer_free(c);
        return rc;
    }
    *out = c;
    return SL_OK;
}
