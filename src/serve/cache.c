/*
 * cache.c - the reply cache of cache.h: an open-addressing hash table of
 * entries, keyed by the request target, under one mutex.
 *
 * Emptying the whole table (on a new generation, or when a cap would be
 * passed) keeps the structure trivial: no eviction order to maintain, and
 * a table that never holds tombstones (an entry whose reply failed keeps
 * its key, without a body, and counts as a miss).
 *
 * Misses are single-flight: the first thread to miss a key reserves it
 * and makes the reply; threads that miss the same key meanwhile wait for
 * it (on a condition variable, at most WAIT_S seconds by the monotonic
 * clock) instead of making it again. Without this, a page that takes the
 * store 100 ms, asked for by 64 clients at once, costs 6.4 s of work.
 */
#include "cache.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "../util/alloc.h"
#include "storyline/common.h"

#define WAIT_S 10

typedef struct entry {
    char *key;
    int pending; /* reserved by the thread making the reply */
    char *body, *gz;
    size_t len, gz_len;
    char etag[32], etag_gz[32];
} entry;

struct sl_cache {
    pthread_mutex_t mu;
    pthread_cond_t filled; /* a pending entry was filled or dropped */
    entry *slots;
    size_t nslots; /* a power of two, twice max_entries at least */
    size_t count, max_entries;
    size_t bytes, max_bytes;
    uint64_t gen;
};

static uint64_t hash(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

int sl__cache_new(sl_cache **out, size_t max_entries, size_t max_bytes)
{
    sl_cache *c = sl__calloc(1, sizeof(*c));
    size_t n = 16;

    *out = NULL;
    if (c == NULL) {
        return SL_ENOMEM;
    }
    while (n < 2 * max_entries) {
        n *= 2;
    }
    c->slots = sl__calloc(n, sizeof(*c->slots));
    if (c->slots == NULL || pthread_mutex_init(&c->mu, NULL) != 0) {
        sl__free(c->slots);
        sl__free(c);
        return SL_ENOMEM;
    }
    pthread_condattr_t ca;
    int ok = pthread_condattr_init(&ca) == 0;
    if (ok) {
        ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
             pthread_cond_init(&c->filled, &ca) == 0;
        pthread_condattr_destroy(&ca);
    }
    if (!ok) {
        pthread_mutex_destroy(&c->mu);
        sl__free(c->slots);
        sl__free(c);
        return SL_ENOMEM;
    }
    c->nslots = n;
    c->max_entries = max_entries;
    c->max_bytes = max_bytes;
    *out = c;
    return SL_OK;
}

static void clear(sl_cache *c)
{
    for (size_t i = 0; i < c->nslots; i++) {
        entry *e = &c->slots[i];
        if (e->key != NULL) {
            sl__free(e->key);
            sl__free(e->body);
            sl__free(e->gz);
            memset(e, 0, sizeof(*e));
        }
    }
    c->count = 0;
    c->bytes = 0;
    pthread_cond_broadcast(&c->filled);
}

void sl__cache_free(sl_cache *c)
{
    if (c == NULL) {
        return;
    }
    clear(c);
    sl__free(c->slots);
    pthread_cond_destroy(&c->filled);
    pthread_mutex_destroy(&c->mu);
    sl__free(c);
}

/* The slot holding 'key', or the empty slot where it would go. */
static entry *find(sl_cache *c, const char *key)
{
    size_t mask = c->nslots - 1, i = (size_t)hash(key) & mask;

    while (c->slots[i].key != NULL && strcmp(c->slots[i].key, key) != 0) {
        i = (i + 1) & mask;
    }
    return &c->slots[i];
}

static void set_gen(sl_cache *c, uint64_t gen)
{
    if (gen != c->gen) {
        clear(c);
        c->gen = gen;
    }
}

int sl__cache_get(
    sl_cache_hit *out, sl_cache *c, uint64_t gen, const char *key, int want_gz)
{
    struct timespec deadline;
    int rc = 0, waited = 0;

    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&c->mu);
    set_gen(c, gen);
    for (;;) {
        entry *e = find(c, key);
        if (e->key == NULL || (e->body == NULL && !e->pending)) {
            /* A miss: reserve the key, the caller makes the reply. */
            if (e->key == NULL && c->count + 1 <= c->max_entries) {
                e->key = sl__strdup(key);
                c->count += e->key != NULL;
            }
            if (e->key != NULL) {
                e->pending = 1;
            }
            break;
        }
        if (e->pending) {
            /* Another thread is making it: wait, then look again. */
            if (!waited) {
                clock_gettime(CLOCK_MONOTONIC, &deadline);
                deadline.tv_sec += WAIT_S;
                waited = 1;
            }
            if (pthread_cond_timedwait(&c->filled, &c->mu, &deadline) != 0 ||
                c->gen != gen) {
                break; /* make it without the cache */
            }
            continue;
        }
        int gz = want_gz && e->gz != NULL;
        const char *src = gz ? e->gz : e->body;
        size_t len = gz ? e->gz_len : e->len;
        out->body = sl__malloc(len + 1);
        if (out->body == NULL) {
            rc = SL_ENOMEM;
            break;
        }
        memcpy(out->body, src, len);
        out->body[len] = '\0';
        out->len = len;
        out->gz = gz;
        out->need_gz = want_gz && !gz;
        memcpy(out->etag, gz ? e->etag_gz : e->etag, sizeof(out->etag));
        rc = 1;
        break;
    }
    pthread_mutex_unlock(&c->mu);
    return rc;
}

void sl__cache_abandon(sl_cache *c, uint64_t gen, const char *key)
{
    pthread_mutex_lock(&c->mu);
    if (gen == c->gen) {
        entry *e = find(c, key);
        if (e->key != NULL && e->pending) {
            e->pending = 0; /* a miss again for the next one */
            pthread_cond_broadcast(&c->filled);
        }
    }
    pthread_mutex_unlock(&c->mu);
}

int sl__cache_put(sl_cache *c,
                  uint64_t gen,
                  const char *key,
                  const char *body,
                  size_t len,
                  const char *etag)
{
    size_t klen = strlen(key);
    int rc = SL_OK;

    pthread_mutex_lock(&c->mu);
    if (gen != c->gen) {
        goto out; /* made from an older store */
    }
    if (len > c->max_bytes / 8 || strlen(etag) >= sizeof(((entry *)0)->etag)) {
        goto drop;
    }
    if (c->bytes + len + klen > c->max_bytes) {
        clear(c);
    }
    entry *e = find(c, key);
    if (e->key != NULL && e->body != NULL) {
        goto out; /* another thread stored it first */
    }
    if (e->key == NULL) {
        if (c->count + 1 > c->max_entries) {
            clear(c);
            e = find(c, key);
        }
        e->key = sl__strndup(key, klen);
        if (e->key == NULL) {
            rc = SL_ENOMEM;
            goto out;
        }
        c->count++;
    }
    e->body = sl__malloc(len + 1);
    if (e->body == NULL) {
        rc = SL_ENOMEM;
        goto drop;
    }
    memcpy(e->body, body, len);
    e->body[len] = '\0';
    e->len = len;
    strcpy(e->etag, etag);
    e->pending = 0;
    c->bytes += len + klen;
    pthread_cond_broadcast(&c->filled);
    goto out;
drop:
    e = find(c, key);
    if (e->key != NULL && e->pending) {
        e->pending = 0;
        pthread_cond_broadcast(&c->filled);
    }
out:
    pthread_mutex_unlock(&c->mu);
    return rc;
}

int sl__cache_put_gz(sl_cache *c,
                     uint64_t gen,
                     const char *key,
                     const char *gz,
                     size_t len,
                     const char *etag)
{
    int rc = SL_OK;

    if (strlen(etag) >= sizeof(((entry *)0)->etag_gz)) {
        return SL_OK;
    }
    pthread_mutex_lock(&c->mu);
    entry *e = gen == c->gen ? find(c, key) : NULL;
    if (e != NULL && e->key != NULL && e->gz == NULL &&
        c->bytes + len <= c->max_bytes) {
        e->gz = sl__malloc(len);
        if (e->gz == NULL) {
            rc = SL_ENOMEM;
        } else {
            memcpy(e->gz, gz, len);
            e->gz_len = len;
            strcpy(e->etag_gz, etag);
            c->bytes += len;
        }
    }
    pthread_mutex_unlock(&c->mu);
    return rc;
}
