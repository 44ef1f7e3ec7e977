/*
 * vector.h - sparse term vectors and online document frequencies.
 *
 * A vector is an array of (term hash, weight) sorted by hash, so two
 * vectors meet by binary search or merge and the order never depends on
 * memory addresses. Document vectors are tf-idf weighted and have unit
 * length; centroids are sums of document vectors, cut back to their
 * heaviest terms when they grow past twice their cap, with the norm kept
 * up to date.
 *
 * Document frequencies are counted as the stream goes (each document
 * counts once per distinct term, before it is weighted), in a table
 * capped at max_terms: when it fills, terms seen in only one document are
 * forgotten (then two, ...), in the spirit of lossy counting (Manku &
 * Motwani, VLDB 2002), so hostile input with endless new words cannot grow
 * it without bound. A forgotten term simply reads as rare again.
 */
#ifndef SL_CLUSTER_VECTOR_H
#define SL_CLUSTER_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

typedef struct sl_term {
    uint64_t h;
    float w;
} sl_term;

typedef struct sl_vec {
    sl_term *t; /* sorted by h, no duplicates */
    uint32_t len;
    uint32_t cap;
    double norm; /* Euclidean length of the weights */
} sl_vec;

void sl__vec_dispose(sl_vec *v);
int sl__vec_reserve(sl_vec *v, size_t count);

/* Dot product; walks the shorter vector and searches the longer one. */
double sl__vec_dot(const sl_vec *a, const sl_vec *b);

/* The weight of 'h' in 'v', or 0. */
float sl__vec_weight(const sl_vec *v, uint64_t h);

/* Below this a weight left by a subtraction counts as gone. */
#define SL_VEC_EPSILON 1e-6f

/* v += scale * d. With a negative scale (taking a part back out of a
 * sum), terms left at or below SL_VEC_EPSILON are dropped. When v grows
 * past 2 * max_terms it is cut to its max_terms heaviest terms.
 * Recomputes the norm. SL_OK or SL_ENOMEM (v unchanged). */
int sl__vec_merge(sl_vec *v, const sl_vec *d, float scale, size_t max_terms);

/* Sort terms by hash and sum the weights of equal hashes in place;
 * returns the new length. */
size_t sl__terms_sort_sum(sl_term *t, size_t n);

/* Keep the 'keep' heaviest of t[0..n) (ties by hash), sorted by hash
 * again; returns the new length. */
size_t sl__terms_top(sl_term *t, size_t n, size_t keep);

typedef struct sl_df {
    sl_map map;       /* term hash -> documents containing it */
    uint64_t docs;    /* documents counted */
    size_t max_terms; /* cap on the table */
} sl_df;

void sl__df_init(sl_df *df, size_t max_terms);
void sl__df_dispose(sl_df *df);

/* Count one document whose distinct terms are t[0..n). SL_OK, SL_ENOMEM. */
int sl__df_add(sl_df *df, const sl_term *t, size_t n);

/* Smoothed inverse document frequency: ln((docs + 1) / (df + 1)) + 3.
 * The offset keeps common words from vanishing: early in a stream every
 * df is small and noisy, and articles dated far from their event share
 * mostly its everyday words, so rare words alone should not decide. */
double sl__df_idf(const sl_df *df, uint64_t h);

#endif
