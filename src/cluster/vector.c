/*
 * vector.c - sparse vectors and document frequencies (see vector.h).
 *
 * Reference for the weighting: G. Salton & C. Buckley, "Term-weighting
 * approaches in automatic text retrieval", IP&M 24(5), 1988 (sublinear tf,
 * idf, cosine normalisation).
 */
#include "vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/common.h"
#include "util/alloc.h"

void sl__vec_dispose(sl_vec *v)
{
    sl__free(v->t);
    memset(v, 0, sizeof(*v));
}

int sl__vec_reserve(sl_vec *v, size_t count)
{
    if (count <= v->cap) {
        return SL_OK;
    }
    if (count > UINT32_MAX / 2) {
        return SL_ELIMIT;
    }
    size_t cap = v->cap ? v->cap : 8;
    while (cap < count) {
        cap *= 2;
    }
    sl_term *t = sl__realloc(v->t, cap * sizeof(*t));
    if (t == NULL) {
        return SL_ENOMEM;
    }
    v->t = t;
    v->cap = (uint32_t)cap;
    return SL_OK;
}

static const sl_term *find(const sl_vec *v, uint64_t h)
{
    size_t lo = 0;
    size_t hi = v->len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->t[mid].h < h) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return (lo < v->len && v->t[lo].h == h) ? &v->t[lo] : NULL;
}

float sl__vec_weight(const sl_vec *v, uint64_t h)
{
    const sl_term *t = find(v, h);

    return t ? t->w : 0.0f;
}

double sl__vec_dot(const sl_vec *a, const sl_vec *b)
{
    double sum = 0.0;

    if (a->len > b->len) {
        const sl_vec *x = a;
        a = b;
        b = x;
    }
    if (a->len == 0) {
        return 0.0;
    }
    if ((size_t)a->len * 8 >= b->len) {
        /* Similar sizes: a merge walk is cheaper than searching. */
        size_t i = 0;
        size_t j = 0;
        while (i < a->len && j < b->len) {
            if (a->t[i].h < b->t[j].h) {
                i++;
            } else if (a->t[i].h > b->t[j].h) {
                j++;
            } else {
                sum += (double)a->t[i].w * b->t[j].w;
                i++;
                j++;
            }
        }
        return sum;
    }
    for (size_t i = 0; i < a->len; i++) {
        const sl_term *t = find(b, a->t[i].h);
        if (t != NULL) {
            sum += (double)a->t[i].w * t->w;
        }
    }
    return sum;
}

static int cmp_hash(const void *x, const void *y)
{
    const sl_term *a = x;
    const sl_term *b = y;

    return (a->h > b->h) - (a->h < b->h);
}

static int cmp_weight_desc(const void *x, const void *y)
{
    const sl_term *a = x;
    const sl_term *b = y;

    if (a->w != b->w) {
        return a->w < b->w ? 1 : -1;
    }
    return (a->h > b->h) - (a->h < b->h);
}

size_t sl__terms_sort_sum(sl_term *t, size_t n)
{
    size_t out = 0;

    if (n == 0) {
        return 0;
    }
    qsort(t, n, sizeof(*t), cmp_hash);
    for (size_t i = 1; i < n; i++) {
        if (t[i].h == t[out].h) {
            t[out].w += t[i].w;
        } else {
            t[++out] = t[i];
        }
    }
    return out + 1;
}

size_t sl__terms_top(sl_term *t, size_t n, size_t keep)
{
    if (n <= keep) {
        return n;
    }
    qsort(t, n, sizeof(*t), cmp_weight_desc);
    qsort(t, keep, sizeof(*t), cmp_hash);
    return keep;
}

static void renorm(sl_vec *v)
{
    double s = 0.0;

    for (size_t i = 0; i < v->len; i++) {
        s += (double)v->t[i].w * v->t[i].w;
    }
    v->norm = sqrt(s);
}

int sl__vec_merge(sl_vec *v, const sl_vec *d, float scale, size_t max_terms)
{
    size_t n = (size_t)v->len + d->len;
    sl_term *out;
    size_t i = 0;
    size_t j = 0;
    size_t k = 0;

    out = sl__malloc((n ? n : 1) * sizeof(*out));
    if (out == NULL) {
        return SL_ENOMEM;
    }
    while (i < v->len || j < d->len) {
        if (j >= d->len || (i < v->len && v->t[i].h < d->t[j].h)) {
            out[k++] = v->t[i++];
        } else if (i >= v->len || d->t[j].h < v->t[i].h) {
            out[k].h = d->t[j].h;
            out[k].w = scale * d->t[j++].w;
            k += scale > 0 || out[k].w > SL_VEC_EPSILON;
        } else {
            out[k].h = v->t[i].h;
            out[k].w = v->t[i++].w + scale * d->t[j++].w;
            k += scale > 0 || out[k].w > SL_VEC_EPSILON;
        }
    }
    if (max_terms > 0 && k > 2 * max_terms) {
        k = sl__terms_top(out, k, max_terms);
    }
    if (k > UINT32_MAX / 2) {
        sl__free(out);
        return SL_ELIMIT;
    }
    sl__free(v->t);
    v->t = out;
    v->len = (uint32_t)k;
    v->cap = (uint32_t)(n ? n : 1);
    renorm(v);
    return SL_OK;
}

void sl__df_init(sl_df *df, size_t max_terms)
{
    sl__map_init(&df->map);
    df->docs = 0;
    df->max_terms = max_terms;
}

void sl__df_dispose(sl_df *df)
{
    sl__map_dispose(&df->map);
}

/* Forget the rarest terms until the table is at most three quarters
 * full. Keys are collected first, in table order, then deleted, so the
 * result depends only on the table's content and history. */
static int prune(sl_df *df)
{
    uint64_t *dead = NULL;
    size_t ndead = 0;
    size_t target = df->max_terms / 4 * 3;

    dead = sl__malloc(df->map.count * sizeof(*dead) + 1);
    if (dead == NULL) {
        return SL_ENOMEM;
    }
    for (uint64_t floor = 1; df->map.count > target; floor++) {
        ndead = 0;
        for (size_t i = 0; i < df->map.cap; i++) {
            if (df->map.slots[i].key != 0 && df->map.slots[i].val <= floor) {
                dead[ndead++] = df->map.slots[i].key;
            }
        }
        for (size_t i = 0; i < ndead; i++) {
            sl__map_del(&df->map, dead[i]);
        }
    }
    sl__free(dead);
    return SL_OK;
}

int sl__df_add(sl_df *df, const sl_term *t, size_t n)
{
    int rc;

    if (df->max_terms > 0 && df->map.count + n > df->max_terms) {
        rc = prune(df);
        if (rc < 0) {
            return rc;
        }
    }
    rc = sl__map_reserve(&df->map, df->map.count + n);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        int created;
        uint64_t *c = sl__map_put(&df->map, t[i].h, 0, &created);
        (*c)++; /* cannot fail: room was reserved */
    }
    df->docs++;
    return SL_OK;
}

double sl__df_idf(const sl_df *df, uint64_t h)
{
    const uint64_t *c = sl__map_get(&df->map, h);
    double n = c ? (double)*c : 0.0;

    return log(((double)df->docs + 1.0) / (n + 1.0)) + 3.0;
}
