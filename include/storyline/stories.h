/**
 * @file storyline/stories.h
 * @brief Events and storylines in the store: reading them, the digest
 * slots kept beside them, and the hook that sees each assignment.
 *
 * Every article that sl_store_put() adds (not a revision of a known one)
 * is given, after copy detection, to the store's online clusterer
 * (storyline/cluster.h): its title, body, publication date, the names of
 * the people, organisations and places the entity tagger finds in it
 * (storyline/entities.h), and the original it copies, if provenance found
 * one. The article joins an event or opens one; the event joins a
 * storyline or opens one. The assignment is written in the same
 * transaction as the article; the clusterer's state is checkpointed in
 * the store from time to time and when it closes, and a store reopened
 * (even after a crash) replays what the checkpoint does not cover:
 * ingesting in several runs ends exactly as one uninterrupted run. Same
 * articles in the same order, same ids.
 *
 * Ids: events and storylines are numbered from 1 in the order they open.
 * When an article makes the clusterer fold an older event into another,
 * the older id disappears and its articles carry the surviving id; a
 * young event may also move to another storyline. Ids read here are
 * always the current ones.
 *
 * "Seen" times: an article is seen at its publication time, or at its
 * ingest time when it has no date. An event's first and last seen are the
 * earliest and latest of its articles'.
 *
 * Every pointer handed to a callback is borrowed for the call only.
 * Objects returned through an out-parameter are owned by the caller and
 * freed with the matching _free function. Thread-safety: as the store
 * handle (one thread at a time).
 */
#ifndef SL_STORYLINE_STORIES_H
#define SL_STORYLINE_STORIES_H

#include "cluster.h"
#include "common.h"
#include "store.h"

/*---- Listing events ------------------------------------------------*/

/** Order of a listing. */
typedef enum sl_story_sort {
    SL_STORY_SORT_NEWEST = 0, /**< last seen, newest first (default) */
    SL_STORY_SORT_SIZE = 1    /**< most articles first, then newest */
} sl_story_sort;

/** Filters for sl_store_events() and sl_store_storylines(). Zero/NULL
 *  means no filter. */
typedef struct sl_story_query {
    const char *since;    /**< last seen on or after (YYYY-MM-DD or ISO 8601) */
    const char *until;    /**< last seen on or before; a bare day covers the
                               whole day */
    const char *query;    /**< full-text words (as sl_store_search() reads
                               them): only events with at least one matching
                               article */
    int64_t storyline_id; /**< events of this storyline only (events) */
    sl_story_sort sort;
    size_t limit;  /**< rows at most; 0 = no limit */
    size_t offset; /**< rows skipped first */
} sl_story_query;

/** An event as listed. */
typedef struct sl_event_row {
    int64_t id;
    int64_t storyline_id;
    const char *title; /**< a representative title: the earliest article's
                            headline, else the start of its text */
    int64_t first_ms;  /**< first seen, ms UTC */
    int64_t last_ms;   /**< last seen, ms UTC */
    int64_t articles;  /**< number of articles */
    int64_t sources;   /**< number of distinct outlets (articles without an
                            outlet are not counted) */
} sl_event_row;

/** Called once per row; return non-zero to stop (the value is returned). */
typedef int (*sl_event_cb)(const sl_event_row *row, void *payload);

/**
 * List events.
 *
 * @param[out] out_total  receives the number of events matching the
 *                        filters, ignoring limit and offset (may be NULL)
 * @param st              the store
 * @param q               filters, or NULL for all events newest first
 * @param cb              called per row, in the order asked for (ties by
 *                        id, descending)
 * @return SL_OK, SL_EINVAL (unreadable date, query without words), SL_EDB,
 *         or the callback's non-zero value
 */
SL_API int sl_store_events(int64_t *out_total,
                           sl_store *st,
                           const sl_story_query *q,
                           sl_event_cb cb,
                           void *payload);

/*---- One event -----------------------------------------------------*/

/** An article of an event. */
typedef struct sl_event_article {
    int64_t id;      /**< store id */
    char *key;       /**< external id, else the identity ("url:...") */
    char *title;     /**< headline (may be empty) */
    char *url;       /**< or NULL */
    char *source;    /**< outlet, or NULL */
    char *published; /**< as stated, or NULL */
    int64_t seen_ms; /**< publication time, else ingest time */
    int64_t copy_of; /**< the original it copies (store id), 0 if none */
} sl_event_article;

/** An outlet of an event and how many of its articles it published. */
typedef struct sl_event_source {
    char *name;
    int64_t articles;
} sl_event_source;

/** An entity of an event and in how many of its articles it appears. */
typedef struct sl_event_entity {
    char *name;
    const char *type; /**< "PER", "ORG" or "LOC" (static) */
    int64_t articles;
} sl_event_entity;

/** An event with its articles. */
typedef struct sl_event {
    sl_event_row row;           /**< row.title points into this object */
    sl_event_article *articles; /**< in ingest order */
    size_t article_count;
    sl_event_source *sources; /**< most articles first, then by name */
    size_t source_count;
    sl_event_entity *entities; /**< most articles first, then by name; at
                                    most 50 */
    size_t entity_count;
} sl_event;

/**
 * Read one event with its articles, sources and top entities.
 *
 * @param[out] out  receives the event; free with sl_event_free()
 * @return SL_OK, SL_ENOTFOUND (no such event, or merged away), SL_EDB,
 *         SL_ENOMEM
 */
SL_API int sl_store_event_get(sl_event **out, sl_store *st, int64_t event_id);

/** Free an event. NULL is a no-op. */
SL_API void sl_event_free(sl_event *e);

/*---- Storylines ----------------------------------------------------*/

/** A storyline as listed. */
typedef struct sl_storyline_row {
    int64_t id;
    const char *title; /**< the title of its largest event */
    int64_t first_ms;  /**< first seen of its earliest event */
    int64_t last_ms;   /**< last seen of its latest event */
    int64_t events;    /**< number of events */
    int64_t articles;  /**< number of articles */
} sl_storyline_row;

typedef int (*sl_storyline_cb)(const sl_storyline_row *row, void *payload);

/**
 * List storylines with the filters of sl_story_query (storyline_id
 * ignored; a query keeps storylines with a matching article).
 *
 * @param[out] out_total  number matching, ignoring limit and offset (may
 *                        be NULL)
 * @return SL_OK, SL_EINVAL, SL_EDB, or the callback's non-zero value
 */
SL_API int sl_store_storylines(int64_t *out_total,
                               sl_store *st,
                               const sl_story_query *q,
                               sl_storyline_cb cb,
                               void *payload);

/** A storyline with its events. */
typedef struct sl_storyline {
    sl_storyline_row row; /**< row.title points into this object */
    sl_event_row *events; /**< in order of first seen, then id; titles
                               point into this object */
    size_t event_count;
} sl_storyline;

/**
 * Read one storyline and its events.
 *
 * @param[out] out  receives it; free with sl_storyline_free()
 * @return SL_OK, SL_ENOTFOUND, SL_EDB, SL_ENOMEM
 */
SL_API int
sl_store_storyline_get(sl_storyline **out, sl_store *st, int64_t storyline_id);

/** Free a storyline. NULL is a no-op. */
SL_API void sl_storyline_free(sl_storyline *s);

/*---- Articles ------------------------------------------------------*/

/**
 * The event and storyline of a stored article.
 *
 * @param[out] event_id      may be NULL
 * @param[out] storyline_id  may be NULL
 * @return SL_OK, SL_ENOTFOUND (no such article, or not clustered: stored
 *         with clustering off, or before the store had stories), SL_EDB
 */
SL_API int sl_store_article_story(int64_t *event_id,
                                  int64_t *storyline_id,
                                  sl_store *st,
                                  int64_t article_id);

/** One article's assignment. */
typedef struct sl_assignment_row {
    int64_t article_id;
    const char *key; /**< external id, else the identity ("path:...") */
    int64_t event_id;
    int64_t storyline_id;
} sl_assignment_row;

typedef int (*sl_assignment_cb)(const sl_assignment_row *row, void *payload);

/**
 * Every clustered article with its current event and storyline, in
 * ingest order (store id).
 *
 * @return SL_OK, SL_EDB, or the callback's non-zero value
 */
SL_API int
sl_store_assignments(sl_store *st, sl_assignment_cb cb, void *payload);

/**
 * Score two stored articles against each other as the clusterer would
 * (sl_clusterer_explain()), with the store's current document
 * frequencies; event_a and event_b in the result are their stored events
 * (0 if not clustered).
 *
 * @param a, b  store ids
 * @return SL_OK, SL_ENOTFOUND, SL_EDB, SL_ENOMEM
 */
SL_API int sl_store_story_explain(sl_cluster_explain *out,
                                  sl_store *st,
                                  int64_t a,
                                  int64_t b);

/**
 * Drop every assignment, event, storyline, digest and the clusterer's
 * state, and cluster every stored article again in ingest order (latest
 * revisions; the original each copy was given when it was first
 * clustered). The article hook is called for each. Deterministic: with
 * no article revised since, the result is the original ingest's. Run it
 * inside a transaction (sl_store_begin) for speed.
 *
 * @param[out] out_articles  articles clustered (may be NULL)
 * @return SL_OK, SL_EDB, SL_ENOMEM, or the hook's error
 */
SL_API int sl_store_recluster(sl_store *st, size_t *out_articles);

/*---- Digests and the article hook ----------------------------------*/

/** What a digest belongs to. */
typedef enum sl_digest_kind {
    SL_DIGEST_EVENT = 0,
    SL_DIGEST_STORYLINE = 1
} sl_digest_kind;

/**
 * Read the digest of an event or storyline: opaque bytes that another
 * module (the timeline and summary) keeps per event, with the time it
 * was last written. The store never reads them.
 *
 * @param[out] out         receives the bytes (NUL-terminated for
 *                         convenience, the NUL not counted); free with
 *                         sl_free()
 * @param[out] out_len     their number
 * @param[out] updated_ms  the time given to the last put (may be NULL)
 * @return SL_OK, SL_ENOTFOUND (no digest), SL_EFORMAT (a stored blob
 *         that does not unpack, or a reference, sl_store_digest_put_same(),
 *         to bytes that changed or are gone), SL_EDB, SL_ENOMEM
 */
SL_API int sl_store_digest_get(void **out,
                               size_t *out_len,
                               int64_t *updated_ms,
                               sl_store *st,
                               sl_digest_kind kind,
                               int64_t id);

/**
 * Write (or replace) the digest of an event or storyline. When events or
 * storylines merge, the digest of the one that disappears is deleted
 * (the hook is told of the merge and can fold it first).
 *
 * @param data  the bytes, copied; len 0 stores an empty digest
 * @return SL_OK, SL_EDB
 */
SL_API int sl_store_digest_put(sl_store *st,
                               sl_digest_kind kind,
                               int64_t id,
                               const void *data,
                               size_t len,
                               int64_t updated_ms);

/**
 * Write the digest of (kind, id) as the same bytes as the digest stored
 * for (same_kind, same_id): a reference instead of a second copy (a
 * storyline of one event has that event's digest). 'data' are those
 * bytes; a check of them is kept with the reference. Reading (kind, id)
 * gives the bytes the other holds then, or SL_EFORMAT if they are no
 * longer these (the other was written alone since) or the other is
 * itself a reference. Write (kind, id) again, or delete it, when the
 * other changes or goes.
 *
 * @return SL_OK, SL_EINVAL (a digest as its own reference), SL_EDB,
 *         SL_ENOMEM
 */
SL_API int sl_store_digest_put_same(sl_store *st,
                                    sl_digest_kind kind,
                                    int64_t id,
                                    sl_digest_kind same_kind,
                                    int64_t same_id,
                                    const void *data,
                                    size_t len,
                                    int64_t updated_ms);

/** Delete a digest; SL_OK also when there was none. */
SL_API int
sl_store_digest_delete(sl_store *st, sl_digest_kind kind, int64_t id);

/** What the article hook is told after an article is assigned. All
 *  pointers are borrowed for the call. */
typedef struct sl_story_update {
    int64_t article_id;
    int64_t event_id;
    int64_t storyline_id;
    int new_event;                /**< the article opened the event */
    int new_storyline;            /**< the event opened the storyline */
    int64_t merged_event_id;      /**< an event folded into event_id by this
                                       article (its digest is deleted
                                       after the hook returns); 0 = none */
    int64_t merged_storyline_id;  /**< likewise for storylines */
    int64_t moved_from_storyline; /**< the event left this storyline for
                                       storyline_id; 0 = none */
    const char *title;            /**< may be "" */
    const char *body;             /**< may be "" */
    const char *published;        /**< as stated, or NULL */
    int64_t seen_ms;              /**< publication time, else ingest time */
    const char *source;           /**< outlet, or NULL */
    const char *url;              /**< or NULL */
    int in_transaction;           /**< the put runs in the caller's
                                       transaction (sl_store_begin()), so
                                       writes may wait for the
                                       SL_STORE_TXN_COMMIT call of the
                                       transaction hook */
    /** The storyline merged_event_id was in before the merge; 0 = none. */
    int64_t merged_event_storyline;
} sl_story_update;

/**
 * Called inside the put's transaction after each assignment, in ingest
 * order (and again for every article by sl_store_recluster()). It may read
 * and write digests and read the store through 'st'; it must not add
 * articles. A negative return fails the put with that code (the caller
 * should then roll back).
 */
typedef int (*sl_article_hook)(sl_store *st,
                               const sl_story_update *u,
                               void *payload);

/**
 * Register the article hook (one per store; NULL removes it). 'payload'
 * is passed back to each call and must outlive the registration.
 */
SL_API void
sl_store_set_article_hook(sl_store *st, sl_article_hook fn, void *payload);

/** What the transaction hook is told. */
typedef enum sl_store_txn_event {
    /** sl_store_commit() is about to commit: write what is pending (a
     *  failure fails the commit). */
    SL_STORE_TXN_COMMIT = 0,
    /** The transaction was rolled back, or sl_store_recluster() cleared
     *  the digests: drop what is pending. */
    SL_STORE_TXN_DISCARD = 1,
    /** The store closes, or the hook is replaced: drop what is pending
     *  and release the payload. */
    SL_STORE_TXN_CLOSE = 2
} sl_store_txn_event;

/**
 * Called at the transaction events above, so that an article hook can
 * keep its writes in memory for the length of a transaction and write
 * them once. It may write through 'st' at SL_STORE_TXN_COMMIT only.
 */
typedef int (*sl_store_txn_hook)(sl_store *st,
                                 sl_store_txn_event what,
                                 void *payload);

/**
 * Register the transaction hook (one per store; NULL removes it). A hook
 * it replaces is first called with SL_STORE_TXN_CLOSE, so replace it
 * outside a transaction. A store has sl_digest_attach()'s from its first
 * put on.
 */
SL_API void
sl_store_set_txn_hook(sl_store *st, sl_store_txn_hook fn, void *payload);

#endif
