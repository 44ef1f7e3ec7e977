/**
 * @file storyline/digest.h
 * @brief What is kept with each event and storyline so that its timeline
 * and summary are refreshed as articles arrive: a story digest.
 *
 * A digest holds a timeline accumulator (storyline/timeline.h) and a
 * summary sentence pool (storyline/summary.h). Both are bounded, so a
 * digest stays small however many articles its story has, and both are
 * updated by one article at a time: adding an article to a story never
 * rereads the story's earlier articles.
 *
 * In the store, the digest of each event and storyline lives in its
 * digest slot (sl_store_digest_get/put, storyline/stories.h) and is kept
 * current by the article hook that sl_digest_attach() registers, which
 * every store has unless the caller replaces it: it adds the article to
 * the digests of its event and storyline. Inside the caller's
 * transaction (sl_store_begin()) the digests it changed stay decoded in
 * memory, at most 256 of them, and are written when the transaction
 * commits (the store's transaction hook); outside one, each is loaded
 * and written back at each article. So sl_digest_read() and
 * sl_store_digest_get() see an article's effect on the digests once its
 * transaction has committed. A put that fails makes the cache forget
 * the digests it was changing (with what earlier articles of the
 * transaction added to them): roll the transaction back after it.
 *
 * When an article makes two events (or storylines) merge, the digest of
 * the one that disappears (timeline and summary pool) is folded into the
 * survivor's. When a young event moves to another storyline, its digest
 * is folded into the new storyline's, and the old storyline's digest is
 * rebuilt from the digests of the events it still holds, so it no longer
 * tells of the moved event's articles; likewise when an event of another
 * storyline is merged into the article's event. A rebuilt digest is the
 * merge of its events' digests, not the digest of the same articles
 * added one by one: bounded parts keep what each event kept.
 *
 * Saved form: "SLSD", a version, then the timeline's bytes and the
 * pool's bytes, each with its length and its own checks.
 *
 * Ownership: objects returned through out-parameters belong to the
 * caller (free with the matching _free). Thread-safety: none per object;
 * distinct digests are independent.
 */
#ifndef SL_STORYLINE_DIGEST_H
#define SL_STORYLINE_DIGEST_H

#include "common.h"
#include "store.h"
#include "stories.h"
#include "summary.h"
#include "timeline.h"

/** A story digest (opaque). */
typedef struct sl_digest sl_digest;

/** Options. Zero means the defaults of each part. */
typedef struct sl_digest_options {
    sl_timeline_options timeline;
    /** Zero pool_sentences and pool_concepts default to 100 and 4096
     *  here: a story's summary needs fewer than a collection's. */
    sl_summary_options summary;
} sl_digest_options;

/** One article to add. Text is UTF-8, borrowed for the call. */
typedef struct sl_digest_article {
    int64_t published_ms; /**< publication (else ingest) time, ms UTC */
    uint64_t id;          /**< the article's id, echoed by the summary */
    const char *title;    /**< headline or NULL */
    size_t title_len;
    const char *body; /**< body or NULL */
    size_t body_len;
} sl_digest_article;

/**
 * Create an empty digest.
 *
 * @param[out] out  receives it; free with sl_digest_free()
 * @param opts      options or NULL; copied
 * @return SL_OK, SL_ENOMEM, SL_EINVAL (bad option)
 */
SL_API int sl_digest_new(sl_digest **out, const sl_digest_options *opts);

/** Free a digest. NULL is a no-op. */
SL_API void sl_digest_free(sl_digest *d);

/**
 * Add an article to the timeline and the summary pool.
 *
 * @return SL_OK, SL_EINVAL (no time, or a time out of range), SL_ENOMEM
 */
SL_API int sl_digest_add(sl_digest *d, const sl_digest_article *a);

/**
 * Fold another digest into this one: its timeline (sl_timeline_merge())
 * and its summary pool (sl_summary_pool_merge()). 'from' is not changed.
 * On error 'into' may hold part of 'from' (its timeline); it stays valid.
 *
 * @return SL_OK, SL_EINVAL (into == from), SL_ELIMIT, SL_ENOMEM
 */
SL_API int sl_digest_merge(sl_digest *into, const sl_digest *from);

/** The digest's timeline accumulator; borrowed, valid while d is. */
SL_API const sl_timeline *sl_digest_timeline(const sl_digest *d);

/** The digest's summary pool; borrowed, valid while d is. */
SL_API const sl_summary_pool *sl_digest_summary(const sl_digest *d);

/**
 * Serialise a digest.
 *
 * @param[out] out      receives the bytes; free with sl_free()
 * @param[out] out_len  receives their length
 * @return SL_OK, SL_ENOMEM
 */
SL_API int
sl_digest_save(unsigned char **out, size_t *out_len, const sl_digest *d);

/**
 * Read a digest saved by sl_digest_save().
 *
 * @param[out] out  receives it; free with sl_digest_free()
 * @param opts      options or NULL (as for sl_timeline_load() and
 *                  sl_summary_pool_load(); pass those the digest was made
 *                  with)
 * @return SL_OK, SL_EFORMAT (not a digest, or a part refused), SL_ENOMEM
 */
SL_API int sl_digest_load(sl_digest **out,
                          const void *data,
                          size_t len,
                          const sl_digest_options *opts);

/**
 * Read the stored digest of an event or storyline.
 *
 * @param[out] out  receives it; free with sl_digest_free()
 * @return SL_OK, SL_ENOTFOUND (no digest: no such story, or one stored
 *         before digests were kept; `storyline recluster` rebuilds them),
 *         SL_EFORMAT, SL_EDB, SL_ENOMEM
 */
SL_API int
sl_digest_read(sl_digest **out, sl_store *st, sl_digest_kind kind, int64_t id);

/**
 * The article hook that keeps digests current (an sl_article_hook; the
 * payload is ignored and may be NULL), loading and writing back each
 * digest it changes at each call. Exposed so that a caller who registers
 * its own hook can call this one from it.
 *
 * A stored digest that does not load (corrupt bytes, an older format) is
 * replaced by a fresh one holding this article onwards.
 *
 * @return SL_OK, SL_EDB, SL_ENOMEM
 */
SL_API int
sl_digest_hook(sl_store *st, const sl_story_update *u, void *payload);

/**
 * Register the digest hooks: an article hook that does what
 * sl_digest_hook() does, keeping the digests it changes inside a
 * transaction in a cache the store owns, and the transaction hook
 * (sl_store_set_txn_hook()) that writes them at the commit and drops
 * them at a rollback. Without memory for the cache, sl_digest_hook()
 * itself is registered. A store has these from its first put on; a
 * caller that sets its own article hook (sl_store_set_article_hook())
 * should call sl_digest_hook() from it, or digests stop following the
 * stories; this restores them. Call it outside a transaction.
 */
SL_API void sl_digest_attach(sl_store *st);

#endif
