/*
 * state.h - the clusterer's state, shared by cluster.c (the online
 * assignment) and state.c (saving and loading it).
 *
 * Events and storylines live in two pools of the same shape: an array of
 * slots, a free list, and an inverted index whose postings reference
 * slots as (slot << 32 | generation). A slot's generation changes each
 * time it is reused, so a stale reference can never reach the new
 * occupant. Invariants: live == number of slots with alive set; every
 * alive event has size >= 1; centroid norms are current.
 */
#ifndef SL_CLUSTER_STATE_H
#define SL_CLUSTER_STATE_H

#include <stdint.h>

#include "index.h"
#include "map.h"
#include "storyline/cluster.h"
#include "text.h"
#include "vector.h"

/* Fixed sizes of the method (not options: they bound work and memory,
 * not behaviour one would tune per deployment). */
#define SL_CLU_TITLE_WORDS  64    /* words of a title read */
#define SL_CLU_MAX_ENTITIES 64    /* entities read per article */
#define SL_CLU_DOC_TERMS    128   /* terms kept in an article vector */
#define SL_CLU_QUERY_TERMS  16    /* heaviest terms used to retrieve */
#define SL_CLU_EVENT_TERMS  256   /* centroid cap of an event */
#define SL_CLU_STORY_TERMS  512   /* centroid cap of a storyline */
#define SL_CLU_CANDIDATES   64    /* candidates scored exactly */
#define SL_CLU_POSTINGS     512   /* cap on one postings list */
#define SL_CLU_SWEEP_EVERY  256   /* articles between retirement sweeps */
#define SL_CLU_MAX_ARTICLES 65536 /* article ids an event remembers */
#define SL_CLU_EVENT_FLOOR  0.5   /* lowest value of the event decay */
#define SL_CLU_DMM_ALPHA    0.1   /* MStream prior on a new event */
#define SL_CLU_DMM_BETA     0.02  /* MStream prior on a word */
#define SL_CLU_SHORT_WORDS  12    /* up to this many words: model only */
#define SL_CLU_LONG_WORDS   20    /* from this many words: cosine only */
#define SL_CLU_REPLACE_MAX  8     /* last event size re-placed */
#define SL_CLU_REPLACE_MIN  2.0   /* times story_threshold: a move's bar */

/* An event or a storyline. */
typedef struct sl_clu {
    uint64_t id;        /* public id, from 1 */
    uint32_t gen;       /* generation of the slot */
    uint32_t alive;     /* 1 while live */
    uint64_t size;      /* articles */
    int64_t first_ms;   /* earliest dated article; 0 = none */
    int64_t last_ms;    /* latest dated article; 0 = none */
    uint64_t last_seq;  /* stream position of the latest article */
    uint64_t story_ref; /* events: their storyline's reference */
    uint64_t story_id;  /* events: their storyline's id */
    sl_vec centroid;
    sl_vec counts;      /* events: raw stem counts (the MStream model) */
    double nwords;      /* events: sum of the counts */
    uint64_t *articles; /* events: hashes of their article ids */
    uint32_t narticles;
    uint32_t articles_cap;
} sl_clu;

/* A slot with a sort key: candidates by weight, retirement by age. */
typedef struct sl_rank {
    float key;
    uint32_t slot;
    uint64_t seq;
} sl_rank;

typedef struct sl_pool {
    sl_clu *items;
    uint32_t len; /* slots in use or free */
    uint32_t cap;
    uint32_t *free; /* free slots, a stack */
    uint32_t nfree;
    size_t live;
    uint64_t next_id; /* next public id */
    uint64_t retired_since_sweep;
    sl_index index;
    /* Candidate scratch, one entry per slot. */
    uint64_t *stamp;
    float *acc;
    uint32_t *cand;
    sl_rank *rank;
} sl_pool;

struct sl_clusterer {
    sl_cluster_options opts; /* defaults filled in */
    char language[32];
    sl_ctext *text;
    sl_df df;
    sl_pool events;
    sl_pool stories;
    sl_map articles;  /* article id hash -> event reference */
    uint64_t seq;     /* articles added */
    int64_t clock_ms; /* latest publication time seen; 0 = none */
    /* Per-article scratch. */
    uint64_t *hashes;
    size_t hashes_cap;
    sl_term *terms;
    size_t terms_cap;
    sl_vec doc;
    sl_vec raw;   /* the article's stem counts, title and body */
    double nraw;  /* their sum */
    double dmm_w; /* weight of the model score for this article */
    sl_term query[SL_CLU_QUERY_TERMS];
    size_t nquery;
};

static inline uint64_t sl__clu_ref(uint32_t slot, uint32_t gen)
{
    return ((uint64_t)slot << 32) | gen;
}

/* The live item 'ref' points at, or NULL. */
sl_clu *sl__pool_deref(const sl_pool *p, uint64_t ref);

/* Fill defaults into c->opts and set up everything but the pools'
 * contents; used by sl_clusterer_new and sl_clusterer_load. */
int sl__clusterer_setup(sl_clusterer *c, const sl_cluster_options *opts);

/* Grow a pool's slot array and scratch to hold 'cap' slots. */
int sl__pool_reserve(sl_pool *p, uint32_t cap);

#endif
