/*
 * cluster.c - online assignment of articles to events and of events to
 * storylines (public API in storyline/cluster.h).
 *
 * Single-pass clustering with centroids, as in the TDT on-line detection
 * and tracking systems (Allan, Papka & Lavrenko, SIGIR 1998; Y. Yang, T.
 * Pierce & J. Carbonell, "A study on retrospective and on-line event
 * detection", SIGIR 1998, which introduced the time-decayed similarity):
 *
 *   1. The article becomes a unit tf-idf vector over stems (title terms
 *      weighted up, body cut to its first words, entities as extra
 *      terms); document frequencies are counted from the stream first.
 *   2. Its heaviest terms look up the event index; the candidates that
 *      share the most weight are scored exactly: cosine to the event
 *      centroid times 2^(-gap / half-life), gap being the distance from
 *      the article's date to the event's dated span (no decay when either
 *      has no date).
 *   3. It joins the best event at or above the threshold, else opens one.
 *      A copy (copy_of naming a live article) joins its original's event
 *      without scoring.
 *   4. A new event is scored the same way against storyline centroids
 *      (a lower threshold, a slower decay) and joins the best or opens a
 *      storyline. Every article of an event adds to its storyline's
 *      centroid, so storylines follow content as it drifts.
 *   5. Every SL_CLU_SWEEP_EVERY articles, idle events and storylines
 *      retire (window on the stream clock, then a cap on live ones,
 *      least recently updated first).
 *
 * All loops run over sorted arrays or slot order; ties break on slot
 * number, so results never depend on addresses or hash-table layout.
 */
#include "storyline/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "util/alloc.h"

#define DAY_MS INT64_C(86400000)

/* Seed mixed into entity hashes so an entity never equals a stem. */
#define ENTITY_SALT UINT64_C(0x5bd1e9955bd1e995)

/*---- Pools ---------------------------------------------------------*/

sl_clu *sl__pool_deref(const sl_pool *p, uint64_t ref)
{
    uint32_t slot = (uint32_t)(ref >> 32);

    if (slot >= p->len) {
        return NULL;
    }
    sl_clu *x = &p->items[slot];
    return (x->alive && x->gen == (uint32_t)ref) ? x : NULL;
}

static int pool_live(uint64_t ref, void *payload)
{
    return sl__pool_deref(payload, ref) != NULL;
}

int sl__pool_reserve(sl_pool *p, uint32_t cap)
{
    if (cap <= p->cap) {
        return SL_OK;
    }
    size_t n = p->cap ? p->cap : 64;
    while (n < cap) {
        n *= 2;
    }
    if (n > UINT32_MAX / 2) {
        return SL_ELIMIT;
    }
    sl_clu *items = sl__realloc(p->items, n * sizeof(*items));
    if (items == NULL) {
        return SL_ENOMEM;
    }
    p->items = items;
    uint32_t *f = sl__realloc(p->free, n * sizeof(*f));
    if (f == NULL) {
        return SL_ENOMEM;
    }
    p->free = f;
    uint64_t *st = sl__realloc(p->stamp, n * sizeof(*st));
    if (st == NULL) {
        return SL_ENOMEM;
    }
    p->stamp = st;
    memset(p->stamp + p->cap, 0, (n - p->cap) * sizeof(*st));
    float *acc = sl__realloc(p->acc, n * sizeof(*acc));
    if (acc == NULL) {
        return SL_ENOMEM;
    }
    p->acc = acc;
    uint32_t *cand = sl__realloc(p->cand, n * sizeof(*cand));
    if (cand == NULL) {
        return SL_ENOMEM;
    }
    p->cand = cand;
    sl_rank *rank = sl__realloc(p->rank, n * sizeof(*rank));
    if (rank == NULL) {
        return SL_ENOMEM;
    }
    p->rank = rank;
    p->cap = (uint32_t)n;
    return SL_OK;
}

static void pool_dispose(sl_pool *p)
{
    for (uint32_t i = 0; i < p->len; i++) {
        sl__vec_dispose(&p->items[i].centroid);
        sl__vec_dispose(&p->items[i].counts);
        sl__free(p->items[i].articles);
    }
    sl__free(p->items);
    sl__free(p->free);
    sl__free(p->stamp);
    sl__free(p->acc);
    sl__free(p->cand);
    sl__free(p->rank);
    sl__index_dispose(&p->index);
    memset(p, 0, sizeof(*p));
}

/* Take a free slot (or a new one) for a fresh item. */
static int pool_alloc(uint32_t *out, sl_pool *p)
{
    uint32_t slot;

    if (p->nfree > 0) {
        slot = p->free[--p->nfree];
    } else {
        int rc = sl__pool_reserve(p, p->len + 1);
        if (rc < 0) {
            return rc;
        }
        slot = p->len++;
        memset(&p->items[slot], 0, sizeof(p->items[slot]));
    }
    sl_clu *x = &p->items[slot];
    uint32_t gen = x->gen + 1;
    memset(x, 0, sizeof(*x));
    x->gen = gen ? gen : 1;
    x->alive = 1;
    x->id = ++p->next_id;
    p->live++;
    *out = slot;
    return SL_OK;
}

/*---- Setup ---------------------------------------------------------*/

int sl__clusterer_setup(sl_clusterer *c, const sl_cluster_options *opts)
{
    sl_cluster_options *o = &c->opts;

    if (opts != NULL) {
        *o = *opts;
    }
    if (o->event_threshold < 0 || o->story_threshold < 0 ||
        o->event_merge < 0 || o->story_merge < 0 || o->event_half_life_ms < 0 ||
        o->story_half_life_ms < 0 || o->event_window_ms < 0 ||
        o->story_window_ms < 0 || o->title_weight < 0 || o->entity_weight < 0 ||
        o->undated_event_threshold < 0) {
        return SL_EINVAL;
    }
    if (o->event_threshold == 0) {
        o->event_threshold = 0.15;
    }
    if (o->story_threshold == 0) {
        o->story_threshold = 0.06;
    }
    if (o->event_merge == 0) {
        o->event_merge = 0.30;
    }
    if (o->story_merge == 0) {
        o->story_merge = 0.30;
    }
    if (o->event_half_life_ms == 0) {
        o->event_half_life_ms = 7 * DAY_MS;
    }
    if (o->story_half_life_ms == 0) {
        o->story_half_life_ms = 60 * DAY_MS;
    }
    if (o->event_window_ms == 0) {
        o->event_window_ms = 30 * DAY_MS;
    }
    if (o->story_window_ms == 0) {
        o->story_window_ms = 365 * DAY_MS;
    }
    if (o->title_weight == 0) {
        o->title_weight = 3.0;
    }
    if (o->entity_weight == 0) {
        o->entity_weight = 0.5;
    }
    if (o->undated_event_threshold == 0) {
        o->undated_event_threshold = 0.40;
    }
    if (o->undated_body_words == 0) {
        o->undated_body_words = 50;
    }
    if (o->max_body_words == 0) {
        o->max_body_words = 400;
    }
    if (o->max_events == 0) {
        o->max_events = 100000;
    }
    if (o->max_storylines == 0) {
        o->max_storylines = 20000;
    }
    if (o->max_terms == 0) {
        o->max_terms = (size_t)1 << 21;
    }
    if (o->seed == 0) {
        o->seed = UINT64_C(0x243F6A8885A308D3);
    }
    if (o->undated_body_words > o->max_body_words) {
        o->undated_body_words = o->max_body_words;
    }
    if (o->max_body_words > 100000 || o->max_events > UINT32_MAX / 4 ||
        o->max_storylines > UINT32_MAX / 4) {
        return SL_EINVAL;
    }
    const char *lang = o->language ? o->language : "english";
    if (strlen(lang) >= sizeof(c->language)) {
        return SL_EINVAL;
    }
    memcpy(c->language, lang, strlen(lang) + 1);
    o->language = c->language;

    int rc = sl__ctext_new(&c->text, c->language);
    if (rc < 0) {
        return rc;
    }
    sl__df_init(&c->df, o->max_terms);
    sl__index_init(&c->events.index, SL_CLU_POSTINGS);
    sl__index_init(&c->stories.index, SL_CLU_POSTINGS);
    sl__map_init(&c->articles);
    c->hashes_cap =
        SL_CLU_TITLE_WORDS + o->max_body_words + SL_CLU_MAX_ENTITIES;
    c->hashes = sl__malloc(c->hashes_cap * sizeof(*c->hashes));
    c->terms_cap = c->hashes_cap;
    c->terms = sl__malloc(c->terms_cap * sizeof(*c->terms));
    if (c->hashes == NULL || c->terms == NULL) {
        return SL_ENOMEM;
    }
    rc = sl__vec_reserve(&c->raw, c->terms_cap);
    if (rc < 0) {
        return rc;
    }
    return sl__vec_reserve(&c->doc, c->terms_cap);
}

int sl_clusterer_new(sl_clusterer **out, const sl_cluster_options *opts)
{
    sl_clusterer *c;
    int rc;

    *out = NULL;
    c = sl__calloc(1, sizeof(*c));
    if (c == NULL) {
        return SL_ENOMEM;
    }
    rc = sl__clusterer_setup(c, opts);
    if (rc < 0) {
        sl_clusterer_free(c);
        return rc;
    }
    *out = c;
    return SL_OK;
}

void sl_clusterer_free(sl_clusterer *c)
{
    if (c == NULL) {
        return;
    }
    sl__ctext_free(c->text);
    sl__df_dispose(&c->df);
    pool_dispose(&c->events);
    pool_dispose(&c->stories);
    sl__map_dispose(&c->articles);
    sl__free(c->hashes);
    sl__free(c->terms);
    sl__vec_dispose(&c->doc);
    sl__vec_dispose(&c->raw);
    sl__free(c);
}

/*---- Article vectors -----------------------------------------------*/

enum { PART_TITLE = 1, PART_BODY = 2, PART_ENTITIES = 4, PART_ALL = 7 };

/* Turn hashes[0..n) into (hash, sublinear tf * weight) terms appended at
 * c->terms[*nterms..]. Sorts the hashes. */
static void
add_part(sl_clusterer *c, size_t *nterms, uint64_t *h, size_t n, double weight)
{
    size_t i = 0;

    if (n == 0 || weight <= 0) {
        return;
    }
    /* Insertion-free counting: sort, then runs. */
    for (size_t k = 0; k < n; k++) {
        c->terms[*nterms + k].h = h[k];
        c->terms[*nterms + k].w = 1.0f;
    }
    size_t m = sl__terms_sort_sum(c->terms + *nterms, n);
    for (i = 0; i < m; i++) {
        sl_term *t = &c->terms[*nterms + i];
        t->w = (float)(weight * (1.0 + log(t->w)));
    }
    *nterms += m;
}

/* Append the stems h[0..n) to the article's raw counts (unsorted until
 * build_doc sums them). c->raw has room for every word read. */
static void add_raw(sl_clusterer *c, const uint64_t *h, size_t n)
{
    for (size_t k = 0; k < n && c->raw.len < c->raw.cap; k++) {
        c->raw.t[c->raw.len].h = h[k];
        c->raw.t[c->raw.len++].w = 1.0f;
        c->nraw += 1.0;
    }
}

/* Weight of the model score against the cosine for an article of
 * 'words' stems: 1 for short texts (titles, tweets), where a handful of
 * shared words says more through cluster counts than through a cosine,
 * 0 for long ones, linear in between. */
static double model_weight(double words)
{
    if (words <= SL_CLU_SHORT_WORDS) {
        return 1.0;
    }
    if (words >= SL_CLU_LONG_WORDS) {
        return 0.0;
    }
    return (SL_CLU_LONG_WORDS - words) /
           (double)(SL_CLU_LONG_WORDS - SL_CLU_SHORT_WORDS);
}

static int cmp_query(const void *x, const void *y)
{
    const sl_term *a = x;
    const sl_term *b = y;

    if (a->w != b->w) {
        return a->w < b->w ? 1 : -1;
    }
    return (a->h > b->h) - (a->h < b->h);
}

/* Build the unit vector of 'doc' (the parts in 'mask') into c->doc and its
 * heaviest terms into c->query. Counts document frequencies first when
 * 'count_df' is set. The body of an undated article is read up to its
 * lead unless 'full' is set. */
static int build_doc(sl_clusterer *c,
                     const sl_cluster_doc *doc,
                     int mask,
                     int count_df,
                     int full)
{
    size_t nterms = 0;
    size_t n = 0;
    int rc;

    c->doc.len = 0;
    c->doc.norm = 0;
    c->nquery = 0;
    c->raw.len = 0;
    c->nraw = 0;
    c->dmm_w = 0;
    if ((mask & PART_TITLE) && doc->title != NULL) {
        rc = sl__ctext_terms(c->hashes, &n, SL_CLU_TITLE_WORDS, c->text,
                             doc->title, strlen(doc->title), SL_CLU_TITLE_WORDS,
                             c->opts.seed);
        if (rc < 0) {
            return rc;
        }
        add_raw(c, c->hashes, n);
        add_part(c, &nterms, c->hashes, n, c->opts.title_weight);
    }
    if ((mask & PART_BODY) && doc->text != NULL) {
        /* An undated article is read up to its lead (cluster.h). strnlen:
         * the body is read only up to what the word cap can reach, even
         * when the caller hands over megabytes. */
        size_t words = doc->published_ms != 0 || full
                           ? c->opts.max_body_words
                           : c->opts.undated_body_words;
        size_t len = strnlen(doc->text, words * 64);
        n = 0;
        rc = sl__ctext_terms(c->hashes, &n, words, c->text, doc->text, len,
                             words, c->opts.seed);
        if (rc < 0) {
            return rc;
        }
        add_raw(c, c->hashes, n);
        add_part(c, &nterms, c->hashes, n, 1.0);
    }
    if ((mask & PART_ENTITIES) && doc->entities != NULL) {
        char buf[128];
        n = 0;
        for (size_t i = 0; i < doc->entity_count && n < SL_CLU_MAX_ENTITIES;
             i++) {
            const char *e = doc->entities[i];
            if (e == NULL) {
                continue;
            }
            size_t len = sl__ctext_fold(buf, sizeof(buf), e,
                                        strnlen(e, sizeof(buf) * 4));
            if (len == 0) {
                continue;
            }
            c->hashes[n++] =
                sl__map_key(sl__hash64(buf, len, c->opts.seed ^ ENTITY_SALT));
        }
        add_part(c, &nterms, c->hashes, n, c->opts.entity_weight);
    }
    c->raw.len = (uint32_t)sl__terms_sort_sum(c->raw.t, c->raw.len);
    c->dmm_w = model_weight(c->nraw);
    nterms = sl__terms_sort_sum(c->terms, nterms);
    if (count_df && nterms > 0) {
        rc = sl__df_add(&c->df, c->terms, nterms);
        if (rc < 0) {
            return rc;
        }
    }
    for (size_t i = 0; i < nterms; i++) {
        c->terms[i].w *= (float)sl__df_idf(&c->df, c->terms[i].h);
    }
    nterms = sl__terms_top(c->terms, nterms, SL_CLU_DOC_TERMS);
    double s = 0;
    for (size_t i = 0; i < nterms; i++) {
        s += (double)c->terms[i].w * c->terms[i].w;
    }
    if (s <= 0) {
        return SL_OK;
    }
    double inv = 1.0 / sqrt(s);
    for (size_t i = 0; i < nterms; i++) {
        c->doc.t[i].h = c->terms[i].h;
        c->doc.t[i].w = (float)(c->terms[i].w * inv);
    }
    c->doc.len = (uint32_t)nterms;
    c->doc.norm = 1.0;
    size_t q = nterms < SL_CLU_QUERY_TERMS ? nterms : SL_CLU_QUERY_TERMS;
    memcpy(c->query, c->doc.t, q * sizeof(c->query[0]));
    if (nterms > q) {
        /* Partial selection of the heaviest: sort a copy by weight. */
        memcpy(c->terms, c->doc.t, nterms * sizeof(*c->terms));
        qsort(c->terms, nterms, sizeof(*c->terms), cmp_query);
        memcpy(c->query, c->terms, q * sizeof(c->query[0]));
    }
    c->nquery = q;
    return SL_OK;
}

/*---- Scoring -------------------------------------------------------*/

/* 2^(-gap / half-life), lifted to at least 'floor': the decay prefers
 * the event of the same days, but a strong text match still joins an
 * event weeks later (follow-ups, late reports, wrong dates on pages). */
static double
decay(int64_t doc_ms, const sl_clu *x, int64_t half_life_ms, double floor)
{
    int64_t gap;

    if (doc_ms == 0 || x->last_ms == 0) {
        return 1.0;
    }
    if (doc_ms < x->first_ms) {
        gap = x->first_ms - doc_ms;
    } else if (doc_ms > x->last_ms) {
        gap = doc_ms - x->last_ms;
    } else {
        return 1.0;
    }
    return floor + (1 - floor) * exp2(-(double)gap / (double)half_life_ms);
}

static double score(const sl_vec *doc,
                    const sl_clu *x,
                    int64_t doc_ms,
                    int64_t half_life_ms,
                    double floor)
{
    if (x->centroid.norm <= 0) {
        return 0.0;
    }
    return sl__vec_dot(doc, &x->centroid) / x->centroid.norm *
           decay(doc_ms, x, half_life_ms, floor);
}

/* The MStream model (J. Yin, D. Chao, Z. Liu, W. Zhang, X. Yu, J. Wang,
 * "Model-based clustering of short text streams", KDD 2018, eq. 4-5;
 * after GSDMM, Yin & Wang, KDD 2014): the log probability, up to a term
 * shared by all choices, that the article in c->raw comes from event
 * 'x' (its size times the likelihood of the article's words under the
 * event's word counts, smoothed by beta over a vocabulary of V terms). */
static double model_join(const sl_clusterer *c, const sl_clu *x, double vbeta)
{
    double l = log((double)(x->size ? x->size : 1));

    for (uint32_t k = 0; k < c->raw.len; k++) {
        double n = sl__vec_weight(&x->counts, c->raw.t[k].h);
        for (int j = 0; j < (int)c->raw.t[k].w; j++) {
            l += log(n + SL_CLU_DMM_BETA + j);
        }
    }
    for (int i = 0; i < (int)c->nraw; i++) {
        l -= log(x->nwords + vbeta + i);
    }
    return l;
}

/* Likewise for a new, empty event: the prior alpha * D of opening one
 * and the likelihood of the words under beta alone. */
static double model_new(const sl_clusterer *c, double vbeta)
{
    double l = log(SL_CLU_DMM_ALPHA * (double)c->seq);

    for (uint32_t k = 0; k < c->raw.len; k++) {
        for (int j = 0; j < (int)c->raw.t[k].w; j++) {
            l += log(SL_CLU_DMM_BETA + j);
        }
    }
    for (int i = 0; i < (int)c->nraw; i++) {
        l -= log(vbeta + i);
    }
    return l;
}

/* Candidates by shared weight, heaviest first, ties by slot. */
static int cmp_rank(const void *x, const void *y)
{
    const sl_rank *a = x;
    const sl_rank *b = y;

    if (a->key != b->key) {
        return a->key < b->key ? 1 : -1;
    }
    return (a->slot > b->slot) - (a->slot < b->slot);
}

/* Find the best live item of 'p' for the article in c->doc. */
static void best_of(uint32_t *best_slot,
                    double *best_score,
                    size_t *ncand,
                    sl_clusterer *c,
                    sl_pool *p,
                    int64_t doc_ms,
                    int64_t half_life_ms,
                    double threshold)
{
    size_t n = 0;

    *best_slot = UINT32_MAX;
    *best_score = 0.0;
    *ncand = 0;
    for (size_t i = 0; i < c->nquery; i++) {
        sl_posting *post = sl__index_get(&p->index, c->query[i].h);
        if (post == NULL) {
            continue;
        }
        sl__index_compact(&p->index, post, pool_live, p);
        for (uint32_t k = 0; k < post->len; k++) {
            uint32_t slot = (uint32_t)(post->refs[k] >> 32);
            if (p->stamp[slot] != c->seq) {
                p->stamp[slot] = c->seq;
                p->acc[slot] = 0.0f;
                p->cand[n++] = slot;
            }
            p->acc[slot] += c->query[i].w;
        }
    }
    if (n > SL_CLU_CANDIDATES) {
        for (size_t i = 0; i < n; i++) {
            p->rank[i].key = p->acc[p->cand[i]];
            p->rank[i].slot = p->cand[i];
        }
        qsort(p->rank, n, sizeof(*p->rank), cmp_rank);
        n = SL_CLU_CANDIDATES;
        for (size_t i = 0; i < n; i++) {
            p->cand[i] = p->rank[i].slot;
        }
    }
    int model = p == &c->events && c->dmm_w > 0;
    double vbeta = 0, lnew = 0;
    if (model) {
        vbeta = SL_CLU_DMM_BETA * (double)(c->df.map.count + 1);
        lnew = model_new(c, vbeta);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t slot = p->cand[i];
        sl_clu *x = &p->items[slot];
        double floor = p == &c->events ? SL_CLU_EVENT_FLOOR : 0.0;
        double s = score(&c->doc, x, doc_ms, half_life_ms, floor);
        if (model) {
            /* The odds of joining x against opening an event, mapped so
             * that even odds land on the event threshold. */
            double q = 1.0 / (1.0 + exp(lnew - model_join(c, x, vbeta)));
            double m =
                2.0 * threshold * q * decay(doc_ms, x, half_life_ms, floor);
            s = c->dmm_w * m + (1.0 - c->dmm_w) * s;
        }
        p->acc[slot] = (float)s;
        if (s > *best_score ||
            (s == *best_score && s > 0 && slot < *best_slot)) {
            *best_score = s;
            *best_slot = slot;
        }
    }
    *ncand = n;
}

/*---- Growing events and storylines ---------------------------------*/

/* Add raw counts to an event's; nwords follows what the cap keeps. */
static int add_counts(sl_clu *x, const sl_vec *raw, size_t max_terms)
{
    int rc = sl__vec_merge(&x->counts, raw, 1.0f, max_terms);
    if (rc < 0) {
        return rc;
    }
    double n = 0;
    for (uint32_t i = 0; i < x->counts.len; i++) {
        n += x->counts.t[i].w;
    }
    x->nwords = n;
    return SL_OK;
}

/* Add the article in c->doc to item 'slot' of pool 'p'. */
static int grow(sl_clusterer *c,
                sl_pool *p,
                uint32_t slot,
                int64_t doc_ms,
                size_t max_terms)
{
    sl_clu *x = &p->items[slot];
    uint64_t ref = sl__clu_ref(slot, x->gen);
    int fresh[SL_CLU_QUERY_TERMS];
    int rc;

    for (size_t i = 0; i < c->nquery; i++) {
        fresh[i] = sl__vec_weight(&x->centroid, c->query[i].h) == 0.0f;
    }
    if (p == &c->events) {
        rc = add_counts(x, &c->raw, max_terms);
        if (rc < 0) {
            return rc;
        }
    }
    rc = sl__vec_merge(&x->centroid, &c->doc, 1.0f, max_terms);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < c->nquery; i++) {
        if (fresh[i]) {
            rc = sl__index_add(&p->index, c->query[i].h, ref);
            if (rc < 0) {
                return rc;
            }
        }
    }
    x->size++;
    x->last_seq = c->seq;
    if (doc_ms != 0) {
        if (x->last_ms == 0 || doc_ms > x->last_ms) {
            x->last_ms = doc_ms;
        }
        if (x->first_ms == 0 || doc_ms < x->first_ms) {
            x->first_ms = doc_ms;
        }
    }
    return SL_OK;
}

static int remember_article(sl_clusterer *c, uint32_t slot, uint64_t id_hash)
{
    sl_clu *e = &c->events.items[slot];
    int created;

    if (e->narticles >= SL_CLU_MAX_ARTICLES) {
        return SL_OK; /* a huge event stops remembering ids */
    }
    if (e->narticles == e->articles_cap) {
        uint32_t cap = e->articles_cap ? e->articles_cap * 2 : 4;
        uint64_t *a = sl__realloc(e->articles, (size_t)cap * sizeof(*a));
        if (a == NULL) {
            return SL_ENOMEM;
        }
        e->articles = a;
        e->articles_cap = cap;
    }
    uint64_t *v = sl__map_put(&c->articles, id_hash, 0, &created);
    if (v == NULL) {
        return SL_ENOMEM;
    }
    *v = sl__clu_ref(slot, e->gen);
    e->articles[e->narticles++] = id_hash;
    return SL_OK;
}

/*---- Retirement ----------------------------------------------------*/

static void retire(sl_clusterer *c, sl_pool *p, uint32_t slot)
{
    sl_clu *x = &p->items[slot];
    uint64_t ref = sl__clu_ref(slot, x->gen);

    for (uint32_t i = 0; i < x->narticles; i++) {
        uint64_t *v = sl__map_get(&c->articles, x->articles[i]);
        if (v != NULL && *v == ref) {
            sl__map_del(&c->articles, x->articles[i]);
        }
    }
    sl__vec_dispose(&x->centroid);
    sl__vec_dispose(&x->counts);
    x->nwords = 0;
    sl__free(x->articles);
    x->articles = NULL;
    x->narticles = 0;
    x->articles_cap = 0;
    x->alive = 0;
    p->free[p->nfree++] = slot;
    p->live--;
    p->retired_since_sweep++;
}

/* Least recently updated first, ties by slot. */
static int cmp_lru(const void *x, const void *y)
{
    const sl_rank *a = x;
    const sl_rank *b = y;

    if (a->seq != b->seq) {
        return a->seq < b->seq ? -1 : 1;
    }
    return (a->slot > b->slot) - (a->slot < b->slot);
}

static int sweep(sl_clusterer *c, sl_pool *p, int64_t window_ms, size_t max)
{
    for (uint32_t i = 0; i < p->len; i++) {
        sl_clu *x = &p->items[i];
        if (x->alive && x->last_ms != 0 && c->clock_ms != 0 &&
            x->last_ms < c->clock_ms - window_ms) {
            retire(c, p, i);
        }
    }
    if (p->live > max) {
        size_t n = 0;
        for (uint32_t i = 0; i < p->len; i++) {
            if (p->items[i].alive) {
                p->rank[n].seq = p->items[i].last_seq;
                p->rank[n++].slot = i;
            }
        }
        qsort(p->rank, n, sizeof(*p->rank), cmp_lru);
        size_t target = max - max / 10;
        for (size_t i = 0; i < n && p->live > target; i++) {
            retire(c, p, p->rank[i].slot);
        }
    }
    if (p->retired_since_sweep > 0 &&
        p->index.refs > 4 * (uint64_t)(p->live + 1) * SL_CLU_QUERY_TERMS) {
        int rc = sl__index_sweep(&p->index, pool_live, p);
        if (rc < 0) {
            return rc;
        }
        p->retired_since_sweep = 0;
    }
    return SL_OK;
}

/*---- Merging -------------------------------------------------------*/

/* Fold item 'from' into item 'into' of pool 'p': centroids, sizes, spans,
 * article ids; 'into' becomes findable through from's heaviest terms.
 * 'from' retires. */
static int merge(
    sl_clusterer *c, sl_pool *p, uint32_t into, uint32_t from, size_t max_terms)
{
    sl_clu *a = &p->items[into];
    sl_clu *b = &p->items[from];
    uint64_t ref = sl__clu_ref(into, a->gen);
    sl_term top[2 * SL_CLU_QUERY_TERMS];
    int rc;

    rc = sl__vec_merge(&a->centroid, &b->centroid, 1.0f, max_terms);
    if (rc < 0) {
        return rc;
    }
    if (p == &c->events) {
        rc = add_counts(a, &b->counts, max_terms);
        if (rc < 0) {
            return rc;
        }
    }
    size_t n = b->centroid.len;
    if (n > 0) {
        sl_term *tmp = sl__malloc(n * sizeof(*tmp));
        if (tmp == NULL) {
            return SL_ENOMEM;
        }
        memcpy(tmp, b->centroid.t, n * sizeof(*tmp));
        qsort(tmp, n, sizeof(*tmp), cmp_query);
        n = n < 2 * SL_CLU_QUERY_TERMS ? n : 2 * SL_CLU_QUERY_TERMS;
        memcpy(top, tmp, n * sizeof(*tmp));
        sl__free(tmp);
    }
    for (size_t i = 0; i < n; i++) {
        rc = sl__index_add(&p->index, top[i].h, ref);
        if (rc < 0) {
            return rc;
        }
    }
    for (uint32_t i = 0; i < b->narticles; i++) {
        int created;
        if (a->narticles >= SL_CLU_MAX_ARTICLES) {
            break;
        }
        if (a->narticles == a->articles_cap) {
            uint32_t cap = a->articles_cap ? a->articles_cap * 2 : 4;
            uint64_t *x = sl__realloc(a->articles, (size_t)cap * sizeof(*x));
            if (x == NULL) {
                return SL_ENOMEM;
            }
            a->articles = x;
            a->articles_cap = cap;
        }
        uint64_t *v = sl__map_put(&c->articles, b->articles[i], 0, &created);
        if (v == NULL) {
            return SL_ENOMEM;
        }
        *v = ref;
        a->articles[a->narticles++] = b->articles[i];
    }
    a->size += b->size;
    if (b->last_seq > a->last_seq) {
        a->last_seq = b->last_seq;
    }
    if (b->last_ms != 0 && (a->last_ms == 0 || b->last_ms > a->last_ms)) {
        a->last_ms = b->last_ms;
    }
    if (b->first_ms != 0 && (a->first_ms == 0 || b->first_ms < a->first_ms)) {
        a->first_ms = b->first_ms;
    }
    b->narticles = 0; /* now a's */
    retire(c, p, from);
    return SL_OK;
}

/* After the article joined item 'slot', look among the other candidates
 * it scored for one whose centroid is close to slot's: the two were
 * opened apart before the evidence that they are one had arrived. Merge
 * at most one; returns its id in *merged (0 = none). */
static int consolidate(uint64_t *merged,
                       sl_clusterer *c,
                       sl_pool *p,
                       uint32_t slot,
                       size_t ncand,
                       double floor,
                       double threshold,
                       int64_t half_life_ms,
                       size_t max_terms)
{
    sl_clu *a = &p->items[slot];
    uint32_t best = UINT32_MAX;
    double best_sim = 0;

    *merged = 0;
    for (size_t i = 0; i < ncand; i++) {
        uint32_t o = p->cand[i];
        if (o == slot || !p->items[o].alive || p->acc[o] < floor) {
            continue;
        }
        sl_clu *b = &p->items[o];
        if (a->centroid.norm <= 0 || b->centroid.norm <= 0) {
            continue;
        }
        double sim = sl__vec_dot(&a->centroid, &b->centroid) /
                     a->centroid.norm / b->centroid.norm;
        int64_t mid = b->last_ms;
        sim *= decay(mid, a, half_life_ms,
                     p == &c->events ? SL_CLU_EVENT_FLOOR : 0.0);
        if (sim > best_sim || (sim == best_sim && o < best)) {
            best_sim = sim;
            best = o;
        }
    }
    if (best == UINT32_MAX || best_sim < threshold) {
        return SL_OK;
    }
    *merged = p->items[best].id;
    return merge(c, p, slot, best, max_terms);
}

/*---- Adding an article ---------------------------------------------*/

/* Point the events of storyline 'gone' (merged away) at storyline
 * 'slot'. */
static void repoint_events(sl_clusterer *c, uint64_t gone, uint32_t slot)
{
    sl_pool *sp = &c->stories;
    uint64_t ref = sl__clu_ref(slot, sp->items[slot].gen);

    for (uint32_t i = 0; i < c->events.len; i++) {
        sl_clu *e = &c->events.items[i];
        if (e->alive && e->story_id == gone) {
            e->story_ref = ref;
            e->story_id = sp->items[slot].id;
        }
    }
}

/* Put the event in slot 'ev' into a storyline: its current one if live,
 * else the best match or a new one. */
static int place_story(sl_cluster_result *out,
                       sl_clusterer *c,
                       uint32_t ev,
                       int64_t doc_ms)
{
    sl_pool *sp = &c->stories;
    sl_clu *s = sl__pool_deref(sp, c->events.items[ev].story_ref);
    uint32_t slot;
    size_t ncand;
    double best;
    int rc;

    if (s != NULL) {
        slot = (uint32_t)(c->events.items[ev].story_ref >> 32);
    } else {
        best_of(&slot, &best, &ncand, c, sp, doc_ms, c->opts.story_half_life_ms,
                c->opts.story_threshold);
        out->story_score = best;
        if (slot == UINT32_MAX || best < c->opts.story_threshold) {
            rc = pool_alloc(&slot, sp);
            if (rc < 0) {
                return rc;
            }
            out->new_storyline = 1;
        } else {
            uint64_t gone = 0;
            rc = consolidate(&gone, c, sp, slot, ncand, c->opts.story_threshold,
                             c->opts.story_merge, c->opts.story_half_life_ms,
                             SL_CLU_STORY_TERMS);
            if (rc < 0) {
                return rc;
            }
            if (gone != 0) {
                out->merged_storyline_id = gone;
                repoint_events(c, gone, slot);
            }
        }
        s = &sp->items[slot];
        c->events.items[ev].story_ref = sl__clu_ref(slot, s->gen);
        c->events.items[ev].story_id = s->id;
    }
    rc = grow(c, sp, slot, doc_ms, SL_CLU_STORY_TERMS);
    if (rc < 0) {
        return rc;
    }
    out->storyline_id = sp->items[slot].id;
    return SL_OK;
}

/* An event placed into a storyline by its first article alone may have
 * been placed wrongly: one article says little about the subject. When
 * the event reaches sizes 2, 4, 8, ... up to SL_CLU_REPLACE_MAX, its
 * centroid is compared with the live storylines (its own one without the
 * event's share) and the event moves, with its share, to a storyline that
 * fits better. The bar for a move is twice the storyline threshold: an
 * event alone in its storyline has nothing to lose there, and a weak
 * pull from a large storyline would drag whole subjects into it. An
 * event that fits its storyline (without itself) below that bar and
 * fits no other one leaves for a storyline of its own: a subject seen
 * first inside another one gets its own line before its later events
 * are drawn in. A storyline left empty by the move retires, reported as
 * merged into the new one. */
static int replace_story(sl_cluster_result *out,
                         sl_clusterer *c,
                         uint32_t ev,
                         int64_t doc_ms)
{
    sl_pool *sp = &c->stories;
    sl_clu *e = &c->events.items[ev];
    sl_term top[SL_CLU_QUERY_TERMS];
    uint64_t mark = ~c->seq;
    size_t n = 0;
    size_t nq;
    int rc;

    if (e->size < 2 || e->size > SL_CLU_REPLACE_MAX ||
        (e->size & (e->size - 1)) != 0 || e->centroid.norm <= 0) {
        return SL_OK;
    }
    sl_clu *s = sl__pool_deref(sp, e->story_ref);
    if (s == NULL) {
        return SL_OK;
    }
    uint32_t own = (uint32_t)(e->story_ref >> 32);
    nq = e->centroid.len;
    if (nq > SL_CLU_QUERY_TERMS) {
        sl_term *tmp = sl__malloc(nq * sizeof(*tmp));
        if (tmp == NULL) {
            return SL_ENOMEM;
        }
        memcpy(tmp, e->centroid.t, nq * sizeof(*tmp));
        qsort(tmp, nq, sizeof(*tmp), cmp_query);
        nq = SL_CLU_QUERY_TERMS;
        memcpy(top, tmp, nq * sizeof(*tmp));
        sl__free(tmp);
    } else {
        memcpy(top, e->centroid.t, nq * sizeof(*top));
    }
    for (size_t i = 0; i < nq; i++) {
        sl_posting *post = sl__index_get(&sp->index, top[i].h);
        if (post == NULL) {
            continue;
        }
        sl__index_compact(&sp->index, post, pool_live, sp);
        for (uint32_t k = 0; k < post->len; k++) {
            uint32_t slot = (uint32_t)(post->refs[k] >> 32);
            if (slot == own) {
                continue;
            }
            if (sp->stamp[slot] != mark) {
                sp->stamp[slot] = mark;
                sp->acc[slot] = 0.0f;
                sp->cand[n++] = slot;
            }
            sp->acc[slot] += top[i].w;
        }
    }
    if (n > SL_CLU_CANDIDATES) {
        for (size_t i = 0; i < n; i++) {
            sp->rank[i].key = sp->acc[sp->cand[i]];
            sp->rank[i].slot = sp->cand[i];
        }
        qsort(sp->rank, n, sizeof(*sp->rank), cmp_rank);
        n = SL_CLU_CANDIDATES;
        for (size_t i = 0; i < n; i++) {
            sp->cand[i] = sp->rank[i].slot;
        }
    }
    /* The own storyline without the event: |S - E| from the dot
     * products, so nothing is copied. */
    double en = e->centroid.norm;
    double d = sl__vec_dot(&e->centroid, &s->centroid);
    double rest2 = s->centroid.norm * s->centroid.norm - 2 * d + en * en;
    double here =
        rest2 > SL_VEC_EPSILON ? (d - en * en) / en / sqrt(rest2) : 0.0;
    uint32_t best = UINT32_MAX;
    double best_sim = 0.0;
    for (size_t i = 0; i < n; i++) {
        sl_clu *x = &sp->items[sp->cand[i]];
        if (x->centroid.norm <= 0) {
            continue;
        }
        double sim = sl__vec_dot(&e->centroid, &x->centroid) / en /
                     x->centroid.norm *
                     decay(doc_ms, x, c->opts.story_half_life_ms, 0.0);
        if (sim > best_sim || (sim == best_sim && sp->cand[i] < best)) {
            best_sim = sim;
            best = sp->cand[i];
        }
    }
    double bar = SL_CLU_REPLACE_MIN * c->opts.story_threshold;
    if (best == UINT32_MAX || best_sim < bar || best_sim <= here) {
        if (here >= bar || s->size <= e->size) {
            return SL_OK;
        }
        rc = pool_alloc(&best, sp);
        if (rc < 0) {
            return rc;
        }
        s = &sp->items[own];
    }
    /* Move the event's share: out of the old storyline, into the new. */
    sl_clu *t = &sp->items[best];
    uint64_t ref = sl__clu_ref(best, t->gen);
    int fresh[SL_CLU_QUERY_TERMS];
    for (size_t i = 0; i < nq; i++) {
        fresh[i] = sl__vec_weight(&t->centroid, top[i].h) == 0.0f;
    }
    rc = sl__vec_merge(&t->centroid, &e->centroid, 1.0f, SL_CLU_STORY_TERMS);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < nq; i++) {
        if (fresh[i]) {
            rc = sl__index_add(&sp->index, top[i].h, ref);
            if (rc < 0) {
                return rc;
            }
        }
    }
    t->size += e->size;
    t->last_seq = c->seq;
    if (e->last_ms != 0 && (t->last_ms == 0 || e->last_ms > t->last_ms)) {
        t->last_ms = e->last_ms;
    }
    if (e->first_ms != 0 && (t->first_ms == 0 || e->first_ms < t->first_ms)) {
        t->first_ms = e->first_ms;
    }
    if (s->size <= e->size) {
        if (out->merged_storyline_id == 0) {
            out->merged_storyline_id = s->id;
        }
        retire(c, sp, own);
    } else {
        rc = sl__vec_merge(&s->centroid, &e->centroid, -1.0f,
                           SL_CLU_STORY_TERMS);
        if (rc < 0) {
            return rc;
        }
        s->size -= e->size;
    }
    e->story_ref = ref;
    e->story_id = t->id;
    out->storyline_id = t->id;
    return SL_OK;
}

int sl_clusterer_add(sl_cluster_result *out,
                     sl_clusterer *c,
                     const sl_cluster_doc *doc)
{
    sl_pool *ep = &c->events;
    uint32_t slot = UINT32_MAX;
    int rc;

    memset(out, 0, sizeof(*out));
    if (doc == NULL || doc->id == NULL) {
        return SL_EINVAL;
    }
    int64_t doc_ms = doc->published_ms;
    double threshold =
        doc_ms != 0 ? c->opts.event_threshold : c->opts.undated_event_threshold;
    c->seq++;
    if (doc_ms != 0 && doc_ms > c->clock_ms) {
        c->clock_ms = doc_ms;
    }
    /* An undated article: document frequencies from all of it, its event
     * from its lead, its storyline from all of it again (below). */
    int lead = doc_ms == 0 && doc->text != NULL &&
               c->opts.undated_body_words < c->opts.max_body_words;
    rc = build_doc(c, doc, PART_ALL, 1, 1);
    if (rc == SL_OK && lead) {
        rc = build_doc(c, doc, PART_ALL, 0, 0);
    }
    if (rc < 0) {
        return rc;
    }
    if (doc->copy_of != NULL) {
        uint64_t h = sl__map_key(
            sl__hash64(doc->copy_of, strlen(doc->copy_of), c->opts.seed));
        const uint64_t *v = sl__map_get(&c->articles, h);
        if (v != NULL && sl__pool_deref(ep, *v) != NULL) {
            slot = (uint32_t)(*v >> 32);
            out->by_copy = 1;
            out->score = 1.0;
            out->best_event_id = ep->items[slot].id;
        }
    }
    if (slot == UINT32_MAX) {
        double best;
        best_of(&slot, &best, &out->candidates, c, ep, doc_ms,
                c->opts.event_half_life_ms, threshold);
        out->score = best;
        if (slot != UINT32_MAX) {
            out->best_event_id = ep->items[slot].id;
        }
        if (slot == UINT32_MAX || best < threshold) {
            rc = pool_alloc(&slot, ep);
            if (rc < 0) {
                return rc;
            }
            out->new_event = 1;
        }
    }
    rc = grow(c, ep, slot, doc_ms, SL_CLU_EVENT_TERMS);
    if (rc < 0) {
        return rc;
    }
    if (!out->new_event && !out->by_copy) {
        rc = consolidate(&out->merged_event_id, c, ep, slot, out->candidates,
                         threshold, c->opts.event_merge,
                         c->opts.event_half_life_ms, SL_CLU_EVENT_TERMS);
        if (rc < 0) {
            return rc;
        }
    }
    rc = remember_article(
        c, slot,
        sl__map_key(sl__hash64(doc->id, strlen(doc->id), c->opts.seed)));
    if (rc < 0) {
        return rc;
    }
    out->event_id = ep->items[slot].id;
    if (lead) {
        rc = build_doc(c, doc, PART_ALL, 0, 1);
        if (rc < 0) {
            return rc;
        }
    }
    rc = place_story(out, c, slot, doc_ms);
    if (rc < 0) {
        return rc;
    }
    if (!out->new_event) {
        rc = replace_story(out, c, slot, doc_ms);
        if (rc < 0) {
            return rc;
        }
    }
    if (c->seq % SL_CLU_SWEEP_EVERY == 0 || ep->live > c->opts.max_events ||
        c->stories.live > c->opts.max_storylines) {
        rc = sweep(c, ep, c->opts.event_window_ms, c->opts.max_events);
        if (rc < 0) {
            return rc;
        }
        rc = sweep(c, &c->stories, c->opts.story_window_ms,
                   c->opts.max_storylines);
        if (rc < 0) {
            return rc;
        }
    }
    return SL_OK;
}

/*---- Queries -------------------------------------------------------*/

int sl_clusterer_lookup(uint64_t *event_id,
                        uint64_t *storyline_id,
                        const sl_clusterer *c,
                        const char *id)
{
    if (c == NULL || id == NULL) {
        return SL_EINVAL;
    }
    uint64_t h = sl__map_key(sl__hash64(id, strlen(id), c->opts.seed));
    const uint64_t *v = sl__map_get(&c->articles, h);
    const sl_clu *e = v ? sl__pool_deref(&c->events, *v) : NULL;
    if (e == NULL) {
        return SL_ENOTFOUND;
    }
    if (event_id != NULL) {
        *event_id = e->id;
    }
    if (storyline_id != NULL) {
        *storyline_id = e->story_id;
    }
    return SL_OK;
}

/* Cosine of a and b restricted to the parts in 'mask'. */
static int part_cosine(double *out,
                       sl_clusterer *c,
                       const sl_cluster_doc *a,
                       const sl_cluster_doc *b,
                       int mask)
{
    sl_vec va = { 0 };
    int rc;

    *out = 0.0;
    rc = build_doc(c, a, mask, 0, 0);
    if (rc < 0) {
        return rc;
    }
    rc = sl__vec_merge(&va, &c->doc, 1.0f, 0);
    if (rc < 0) {
        return rc;
    }
    rc = build_doc(c, b, mask, 0, 0);
    if (rc == SL_OK && va.norm > 0 && c->doc.norm > 0) {
        *out = sl__vec_dot(&va, &c->doc) / va.norm / c->doc.norm;
    }
    sl__vec_dispose(&va);
    return rc;
}

int sl_clusterer_explain(sl_cluster_explain *out,
                         sl_clusterer *c,
                         const sl_cluster_doc *a,
                         const sl_cluster_doc *b)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if (a == NULL || b == NULL || a->id == NULL || b->id == NULL) {
        return SL_EINVAL;
    }
    rc = part_cosine(&out->title_cosine, c, a, b, PART_TITLE);
    if (rc == SL_OK) {
        rc = part_cosine(&out->body_cosine, c, a, b, PART_BODY);
    }
    if (rc == SL_OK) {
        rc = part_cosine(&out->entity_cosine, c, a, b, PART_ENTITIES);
    }
    if (rc == SL_OK) {
        rc = part_cosine(&out->text_cosine, c, a, b, PART_ALL);
    }
    if (rc < 0) {
        return rc;
    }
    out->gap_days = -1.0;
    out->time_factor = 1.0;
    if (a->published_ms != 0 && b->published_ms != 0) {
        int64_t gap = a->published_ms - b->published_ms;
        gap = gap < 0 ? -gap : gap;
        out->gap_days = (double)gap / (double)DAY_MS;
        out->time_factor =
            SL_CLU_EVENT_FLOOR +
            (1 - SL_CLU_EVENT_FLOOR) *
                exp2(-(double)gap / (double)c->opts.event_half_life_ms);
    }
    out->score = out->text_cosine * out->time_factor;
    out->threshold = a->published_ms != 0 && b->published_ms != 0
                         ? c->opts.event_threshold
                         : c->opts.undated_event_threshold;
    out->copy = (a->copy_of != NULL && strcmp(a->copy_of, b->id) == 0) ||
                (b->copy_of != NULL && strcmp(b->copy_of, a->id) == 0);
    if (out->copy) {
        out->score = 1.0;
    }
    out->would_join = out->copy || out->score >= out->threshold;
    (void)sl_clusterer_lookup(&out->event_a, NULL, c, a->id);
    (void)sl_clusterer_lookup(&out->event_b, NULL, c, b->id);
    return SL_OK;
}

void sl_clusterer_stats(sl_cluster_stats *out, const sl_clusterer *c)
{
    memset(out, 0, sizeof(*out));
    out->articles = c->seq;
    out->live_events = c->events.live;
    out->live_storylines = c->stories.live;
    out->events = c->events.next_id;
    out->storylines = c->stories.next_id;
    out->terms = c->df.map.count;
    out->postings = (size_t)(c->events.index.refs + c->stories.index.refs);
}
