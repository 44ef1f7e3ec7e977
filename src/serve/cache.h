/*
 * cache.h - the server's reply cache: finished JSON replies by request
 * target, dropped as a whole when the store changes.
 *
 * A story page asks the store for the event, its storyline and each
 * article's copy link; a listing walks an index. Readers ask for the same
 * few stories again and again, so the server keeps each 200 reply (its
 * body, its gzip form once asked for, both ETags) until the store's
 * generation changes. The generation is whatever the caller says it is
 * (http.c mixes the store files' sizes and modification times with a
 * counter bumped by each POST), so a write by another process is seen at
 * the next request. Capped by entries and bytes: when either cap would
 * be passed, the cache is emptied and fills again. Misses are
 * single-flight: while one thread makes a reply, others asking for the
 * same target wait for it rather than make it again.
 *
 * Thread-safe: one mutex; a lookup copies the bytes out under it, so
 * emptying the cache never pulls a body from under a reply being sent.
 */
#ifndef SL_SERVE_CACHE_H
#define SL_SERVE_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sl_cache sl_cache;

/* A cache of at most 'max_entries' replies and 'max_bytes' bytes. */
int sl__cache_new(sl_cache **out, size_t max_entries, size_t max_bytes);
void sl__cache_free(sl_cache *c);

/* What a lookup found, copied out under the lock. */
typedef struct sl_cache_hit {
    char *body; /* identity or gzip bytes, sl__malloc'd; caller frees */
    size_t len;
    int gz;        /* body is the gzip form */
    char etag[32]; /* the ETag of what is in body */
    int need_gz;   /* found, but the gzip form was asked for and is not
                      made yet: body is the identity form */
} sl_cache_hit;

/*
 * Look 'key' up for generation 'gen' (a different generation empties the
 * cache first). With 'want_gz', the gzip form is returned when made.
 * Returns 1 when found; 0 when not, and then the key is reserved for the
 * caller, who must end with sl__cache_put() or sl__cache_abandon(); or
 * SL_ENOMEM. While another thread holds the key, waits for its reply.
 */
int sl__cache_get(
    sl_cache_hit *out, sl_cache *c, uint64_t gen, const char *key, int want_gz);

/* Store a reply (copied) for 'key' made at generation 'gen'; ignored when
 * the generation has moved on meanwhile or the reply is over the cap. */
int sl__cache_put(sl_cache *c,
                  uint64_t gen,
                  const char *key,
                  const char *body,
                  size_t len,
                  const char *etag);

/* Give up a key reserved by a miss (the reply was not a 200). */
void sl__cache_abandon(sl_cache *c, uint64_t gen, const char *key);

/* Attach the gzip form of an entry already stored. */
int sl__cache_put_gz(sl_cache *c,
                     uint64_t gen,
                     const char *key,
                     const char *gz,
                     size_t len,
                     const char *etag);

#endif
