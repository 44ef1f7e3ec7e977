/*
 * postings.h - the fingerprint index of provenance: for a fingerprint,
 * the articles that hold it, read and written through the backend's
 * bucket operations (index.h).
 *
 * Layout (docs/schema.md). A fingerprint is first spread by a bijective
 * mix into a hash h, so that winnowing's bias to small values does not
 * crowd a few buckets. Buckets are addressed by the top bits of h and
 * grow by linear hashing: with level L and split pointer s, the bucket of
 * h is its top L bits p, or its top L+1 bits when p < s (that bucket has
 * already been split). When the index holds more than
 * SL__POSTINGS_LOAD postings per bucket on average, bucket s splits in
 * two on its next bit and s moves on; when s reaches 2^L, L grows. So
 * the work of a lookup or an insert stays the same whether the store
 * holds ten thousand articles or a million, and no bucket is ever large.
 *
 * A bucket with address p of b bits has key (1 << b) | p. Its blob lists
 * the postings sorted by (article id, h): a varint count, a varint first
 * id, a byte k, then a bit stream (least significant bit first) of the
 * first posting's low 32 - b bits of h, and for each further posting the
 * Rice code with parameter k of its id's difference from the previous
 * one, followed by its low 32 - b bits of h. The top b bits are the
 * bucket's address, so every posting keeps the whole of h and a match is
 * exact on all 32 bits; the bits a posting costs are about
 * 33.5 - log2(postings per article), whatever the size of the store.
 *
 * Key 0 holds the header: a format byte, then varints L, s and the
 * number of postings. Format 0 says the postings must be rebuilt from
 * the stored revisions before use (a store migrated from an older
 * layout); format 1 is a live index; no header is an empty index.
 */
#ifndef SL_PROVENANCE_POSTINGS_H
#define SL_PROVENANCE_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "storyline/store.h"
#include "util/buf.h"

/* Mean postings per bucket above which the next bucket splits: 32 keeps
 * the blobs an article's lookups decode and its inserts rewrite at about
 * 120 bytes, for some 4 bytes of row overhead per article (64 cost 4%
 * more instructions per article for 4 bytes less). */
#define SL__POSTINGS_LOAD 32
/* Deepest level: 2^26 buckets, two billion postings (some forty million
 * articles) at SL__POSTINGS_LOAD. Past it, buckets just grow. */
#define SL__POSTINGS_MAX_LEVEL 26
/* Cap on the postings of one bucket blob read back (corrupt data). */
#define SL__POSTINGS_MAX_BUCKET (1u << 24)

typedef struct sl__posting {
    int64_t id;
    uint32_t h; /* the spread fingerprint */
} sl__posting;

/* The header, and the buckets read for one text. */
typedef struct sl__postings {
    uint32_t level, split;
    uint64_t count;
    int stale; /* format 0: rebuild before use */
    /* Loaded buckets, keys increasing; bucket i's postings are
     * ents[off[i] .. off[i] + n[i]), sorted by (id, h). */
    uint64_t *key;
    size_t *off, *n;
    size_t nb, cap_b;
    sl__posting *ents;
    size_t nents, cap_ents;
} sl__postings;

/* The bijective spread of a fingerprint. */
uint32_t sl__postings_spread(uint32_t fp);

void sl__postings_init(sl__postings *p);
void sl__postings_dispose(sl__postings *p);

/* Read the header and every bucket holding one of fps[0..n). Returns
 * SL_OK, SL_ENOMEM or SL_EDB (also for a corrupt blob). */
int sl__postings_load(sl_store *st,
                      sl__postings *p,
                      const uint32_t *fps,
                      size_t n);

/* Call 'cb' with each article holding fingerprint 'fp', in increasing
 * id order, each once; 'fp' must be one of those loaded. Stops at the
 * callback's non-zero value and returns it. */
int sl__postings_each(const sl__postings *p,
                      uint32_t fp,
                      int (*cb)(int64_t id, void *payload),
                      void *payload);

/* Add fps[0..n) of article 'id' (all among those loaded, duplicates
 * allowed) and write the buckets back, then split buckets while the
 * index is over its load. A fingerprint already held by 'max_df'
 * postings gains no more (0: no cap): a caller that ignores
 * fingerprints held by more than max_df - 1 others loses nothing, and a
 * wire story reprinted a thousand times cannot grow one bucket without
 * bound. 'p' must not be used for lookups afterwards (reload it). */
int sl__postings_add(sl_store *st,
                     sl__postings *p,
                     const uint32_t *fps,
                     size_t n,
                     int64_t id,
                     size_t max_df);

/* Mark the index live and empty-or-current (after a rebuild). */
int sl__postings_mark_live(sl_store *st, sl__postings *p);

/* The codec, for tests and the fuzz target. encode: v[0..n) sorted by
 * (id, h), ids >= 0, every h with the bucket's top bits; appends the
 * blob to 'out'. decode: appends the postings of a blob to *v (growing
 * *cap), rebuilding h from the bucket's 'prefix' of 32 - tagbits bits;
 * SL_EFORMAT on corrupt data, SL_ENOMEM. */
int sl__postings_encode(const sl__posting *v,
                        size_t n,
                        unsigned tagbits,
                        sl_buf *out);
int sl__postings_decode(const void *data,
                        size_t len,
                        unsigned tagbits,
                        uint32_t prefix,
                        sl__posting **v,
                        size_t *n,
                        size_t *cap);

#endif
