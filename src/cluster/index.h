/*
 * index.h - the inverted index from terms to clusters (events or
 * storylines) that retrieves candidates for a new article.
 *
 * A posting is a 64-bit reference (slot << 32 | generation) to a cluster
 * slot. Clusters that retire are not removed eagerly: their references
 * fail the generation check and are dropped when a list is read or at the
 * next sweep. Lists are appended in time order and capped: a full list
 * drops its oldest quarter, so a term common to thousands of clusters
 * points only at the most recent ones. Retrieval never scans all clusters.
 */
#ifndef SL_CLUSTER_INDEX_H
#define SL_CLUSTER_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

typedef struct sl_posting {
    uint64_t *refs;
    uint32_t len;
    uint32_t cap;
} sl_posting;

typedef struct sl_index {
    sl_map terms;      /* term hash -> position in 'lists' */
    sl_posting *lists; /* postings; a free one has cap == 0 and refs NULL */
    uint32_t nlists;
    uint32_t lists_cap;
    uint32_t *free_lists; /* positions of unused entries of 'lists' */
    uint32_t nfree;
    uint32_t max_len; /* cap on one list */
    uint64_t refs;    /* references held, for statistics */
} sl_index;

/* Tells whether a reference still points at a live cluster. */
typedef int (*sl_index_live_fn)(uint64_t ref, void *payload);

void sl__index_init(sl_index *ix, uint32_t max_len);
void sl__index_dispose(sl_index *ix);

/* The list for 'term', or NULL. Valid until the next add or sweep. */
sl_posting *sl__index_get(sl_index *ix, uint64_t term);

/* Append 'ref' to the list of 'term' unless it is already its last
 * entry. SL_OK or SL_ENOMEM. */
int sl__index_add(sl_index *ix, uint64_t term, uint64_t ref);

/* Drop the dead references of one list, in place. */
void sl__index_compact(sl_index *ix,
                       sl_posting *p,
                       sl_index_live_fn live,
                       void *payload);

/* Drop every dead reference and every empty list. SL_OK or SL_ENOMEM. */
int sl__index_sweep(sl_index *ix, sl_index_live_fn live, void *payload);

#endif
