/*
 * map.h - an open-addressing hash map from 64-bit keys to 64-bit values.
 *
 * The clustering stage keys everything by 64-bit hashes (terms, article
 * ids), so one small map serves the document frequencies, the inverted
 * index and the article table. Linear probing over a power-of-two table,
 * deletion by backward shift (no tombstones), so a map that sees many
 * inserts and deletes never degrades. Key 0 is reserved for empty slots;
 * callers never pass it (sl__map_key() maps 0 to 1).
 *
 * Iteration order is the table order, which depends only on the sequence
 * of operations, never on addresses: the same inserts and deletes give the
 * same table.
 */
#ifndef SL_CLUSTER_MAP_H
#define SL_CLUSTER_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sl_map_slot {
    uint64_t key; /* 0 = empty */
    uint64_t val;
} sl_map_slot;

typedef struct sl_map {
    sl_map_slot *slots;
    size_t cap; /* power of two, or 0 */
    size_t count;
} sl_map;

/* A key usable in the map: 'h' itself unless it is 0. */
static inline uint64_t sl__map_key(uint64_t h)
{
    return h ? h : 1;
}

void sl__map_init(sl_map *m);
void sl__map_dispose(sl_map *m);

/* The value for 'key', or NULL. The pointer is valid until the next insert
 * or delete. */
uint64_t *sl__map_get(const sl_map *m, uint64_t key);

/* The value slot for 'key', inserted with value 'init' if absent; *created
 * says which. NULL when out of memory. Valid until the next insert or
 * delete. */
uint64_t *sl__map_put(sl_map *m, uint64_t key, uint64_t init, int *created);

/* Remove 'key'; returns 1 if it was there. */
int sl__map_del(sl_map *m, uint64_t key);

/* Make room for 'count' entries without rehashing; SL_OK or SL_ENOMEM. */
int sl__map_reserve(sl_map *m, size_t count);

/* 64-bit hash of 'len' bytes with 'seed' (a 64-bit FNV-1a variant with a
 * final avalanche; fast on short words, stable across platforms). */
uint64_t sl__hash64(const void *data, size_t len, uint64_t seed);

#endif
