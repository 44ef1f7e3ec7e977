/*
 * map.c - open-addressing uint64 -> uint64 map (see map.h).
 *
 * Linear probing with a load factor of at most 1/2; deletion moves later
 * entries of the same probe run back (Knuth, TAOCP vol. 3, 6.4, algorithm
 * R), so lookups never cross tombstones. The slot of a key is taken from
 * the high bits of a multiplicative hash (Fibonacci hashing), since keys
 * are already hashes but may be small integers too.
 */
#include "map.h"

#include <string.h>

#include "storyline/common.h"
#include "util/alloc.h"

static size_t home(uint64_t key, size_t cap)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

void sl__map_init(sl_map *m)
{
    memset(m, 0, sizeof(*m));
}

void sl__map_dispose(sl_map *m)
{
    sl__free(m->slots);
    memset(m, 0, sizeof(*m));
}

static int rehash(sl_map *m, size_t cap)
{
    sl_map_slot *slots = sl__calloc(cap, sizeof(*slots));

    if (slots == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key == 0) {
            continue;
        }
        size_t j = home(m->slots[i].key, cap);
        while (slots[j].key != 0) {
            j = (j + 1) & (cap - 1);
        }
        slots[j] = m->slots[i];
    }
    sl__free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return SL_OK;
}

int sl__map_reserve(sl_map *m, size_t count)
{
    size_t cap = m->cap ? m->cap : 16;

    while (cap / 2 < count) {
        if (cap > SIZE_MAX / 4) {
            return SL_ENOMEM;
        }
        cap *= 2;
    }
    if (cap == m->cap) {
        return SL_OK;
    }
    return rehash(m, cap);
}

uint64_t *sl__map_get(const sl_map *m, uint64_t key)
{
    if (m->cap == 0) {
        return NULL;
    }
    for (size_t i = home(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].key == key) {
            return &m->slots[i].val;
        }
        if (m->slots[i].key == 0) {
            return NULL;
        }
    }
}

uint64_t *sl__map_put(sl_map *m, uint64_t key, uint64_t init, int *created)
{
    *created = 0;
    if (sl__map_reserve(m, m->count + 1) < 0) {
        return NULL;
    }
    size_t i = home(key, m->cap);
    while (m->slots[i].key != 0) {
        if (m->slots[i].key == key) {
            return &m->slots[i].val;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->slots[i].key = key;
    m->slots[i].val = init;
    m->count++;
    *created = 1;
    return &m->slots[i].val;
}

int sl__map_del(sl_map *m, uint64_t key)
{
    size_t mask = m->cap - 1;
    size_t i;

    if (m->cap == 0) {
        return 0;
    }
    for (i = home(key, m->cap);; i = (i + 1) & mask) {
        if (m->slots[i].key == 0) {
            return 0;
        }
        if (m->slots[i].key == key) {
            break;
        }
    }
    /* Backward shift: move each later entry of the run into the hole
     * unless its home lies cyclically in (hole, j]. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].key != 0; j = (j + 1) & mask) {
        size_t h = home(m->slots[j].key, m->cap);
        int stays = (hole <= j) ? (hole < h && h <= j) : (hole < h || h <= j);
        if (!stays) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].key = 0;
    m->slots[hole].val = 0;
    m->count--;
    return 1;
}

uint64_t sl__hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ seed;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    /* splitmix64 finaliser */
    h ^= h >> 30;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h *= UINT64_C(0x94d049bb133111eb);
    h ^= h >> 31;
    return h;
}
