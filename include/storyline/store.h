/**
 * @file storyline/store.h
 * @brief The article store: crash-safe, idempotent, revisioned, searchable.
 *
 * An article's identity is its external id when the input gives one, else
 * its URL, else its file path. Storing is idempotent: the same identity
 * with the content (a hash of title and body) of any of its stored
 * revisions adds nothing. A known identity with new content becomes a new
 * revision of that article; every revision is kept, numbered in arrival
 * order and linked to the one stored before it. The latest revision (the
 * one searched, listed and shown by default) is the one with the latest
 * version date (modified, else published) when both dates are known, else
 * the last to arrive: an older version arriving late is kept but does not
 * replace a newer one. Each revision keeps its own URL and file path. The
 * same text under two identities is two articles.
 *
 * The default backend is SQLite in WAL mode (schema in docs/schema.md,
 * versioned, migrated on open) with an FTS5 index over title and body.
 * Writes are grouped in transactions by the caller (sl_store_begin /
 * sl_store_commit): a crash loses at most the open transaction, never part
 * of an article, and re-running the same input then adds exactly what was
 * lost.
 *
 * Errors: functions return SL_OK or a negative SL_E* code; the message of
 * the last failure is sl_store_errmsg(). A store handle must not be used
 * from two threads at once.
 */
#ifndef SL_STORYLINE_STORE_H
#define SL_STORYLINE_STORE_H

#include "common.h"
#include "extract.h"
#include "ingest.h"

typedef struct sl_store sl_store; /* opaque */

/** Options for sl_store_open(). Zero means default. */
typedef struct sl_store_options {
    int read_only;        /**< open for reading only; the store must exist */
    long busy_timeout_ms; /**< wait for another writer; default 5000 */
    int no_copies;        /**< do not run copy detection on puts (see
                               storyline/provenance.h) */
    int no_stories;       /**< do not cluster new articles into events and
                               storylines (see storyline/stories.h) */
    long cache_mb;        /**< page cache of this handle, in MiB, filled on
                               demand; 0 = 64 for a writer (ingest touches
                               index pages all over the file), SQLite's
                               2 MiB for a reader */
} sl_store_options;

/**
 * Open (and create, and migrate to the current schema) a store.
 *
 * @param[out] out  receives the handle; close with sl_store_close(). On
 *                  failure *out may still hold a handle whose
 *                  sl_store_errmsg() says why; close it too.
 * @param path      database file (SQLite), created if missing
 * @param opts      options or NULL
 * @return SL_OK, SL_EDB (cannot open, not a storyline store, newer schema),
 *         SL_ENOMEM
 */
SL_API int
sl_store_open(sl_store **out, const char *path, const sl_store_options *opts);

/** Close a store; NULL is a no-op. An open transaction is rolled back. */
SL_API void sl_store_close(sl_store *st);

/** Message for the last failure on this handle. Never NULL. */
SL_API const char *sl_store_errmsg(const sl_store *st);

/** Schema version of the open store. */
SL_API int sl_store_schema_version(const sl_store *st);

/** Begin, commit or roll back a write transaction. */
SL_API int sl_store_begin(sl_store *st);
SL_API int sl_store_commit(sl_store *st);
SL_API int sl_store_rollback(sl_store *st);

/** What sl_store_put() did. */
typedef enum sl_put_result {
    SL_PUT_ADDED = 1,     /**< a new article */
    SL_PUT_UNCHANGED = 2, /**< known identity, content of one of its
                               revisions: nothing added */
    SL_PUT_REVISED = 3    /**< known identity, new content: a new revision */
} sl_put_result;

/** An article to store: the extracted page plus what the input said. */
typedef struct sl_store_input {
    const char *ext_id; /**< external id, or NULL */
    const char *url;    /**< URL, or NULL */
    const char *path;   /**< file path, or NULL */
    const char *title;
    const char *body;
    const char *published;        /**< ISO 8601 as stated, or NULL */
    const char *published_source; /**< evidence name, or NULL */
    const char *modified;
    const char *source; /**< outlet */
    const char *lang;
    const char *description;
    const char *const *authors;
    size_t author_count;
    int64_t fetched_ms;  /**< crawl or fetch time, 0 = unknown */
    int64_t ingested_ms; /**< the ingest clock (passed in) */
} sl_store_input;

/**
 * Store one article.
 *
 * @param[out] out_id  receives the article id (may be NULL)
 * @param[out] result  receives what was done (may be NULL)
 * @return SL_OK; SL_EINVAL if it has no identity (no ext_id, url or path)
 *         or no text; SL_EDB; SL_ENOMEM
 */
SL_API int sl_store_put(int64_t *out_id,
                        sl_put_result *result,
                        sl_store *st,
                        const sl_store_input *in);

/** One stored article (the revision asked for, by default the latest). */
typedef struct sl_stored_article {
    int64_t id;               /**< article id */
    int64_t revision_id;      /**< id of this revision */
    int rev;                  /**< 1, 2, ... */
    int rev_count;            /**< revisions stored */
    int64_t prev_revision_id; /**< the revision before, 0 if none */
    char *identity;           /**< "id:...", "url:..." or "path:..." */
    char *ext_id;
    char *url, *path; /**< this revision's own URL and file (stores made
                           before schema 4: the article's) */
    char *title, *body;
    char *published, *published_source, *modified;
    char *source, *lang, *description;
    char **authors;
    size_t author_count;
    char *content_hash;   /**< 16 hex digits */
    int64_t published_ms; /**< 0 when no date */
    int64_t fetched_ms, ingested_ms;
} sl_stored_article;

/**
 * Fetch an article by id, external id, identity or URL (tried in that
 * order when 'key' is not a number).
 *
 * @param[out] out  receives the article; free with sl_stored_article_free()
 * @param key       "123", an external id, "url:..." / "id:..." identity,
 *                  or a URL
 * @param rev       revision number, or 0 for the latest
 * @return SL_OK, SL_ENOTFOUND, SL_EDB, SL_ENOMEM
 */
SL_API int
sl_store_get(sl_stored_article **out, sl_store *st, const char *key, int rev);

/** Free an article returned by the store. NULL is a no-op. */
SL_API void sl_stored_article_free(sl_stored_article *a);

/** Filters for listing and searching. Zero/NULL means no filter. */
typedef struct sl_query_options {
    const char *query;  /**< FTS5 words (for search); quotes and operators
                             are taken as plain words */
    const char *since;  /**< published on or after (YYYY-MM-DD...) */
    const char *until;  /**< published on or before */
    const char *source; /**< outlet, exact */
    const char *lang;   /**< language tag prefix, e.g. "en" */
    size_t limit;       /**< default 20 for search, no limit for list */
    size_t offset;
} sl_query_options;

/** A row of a listing or a search hit; borrowed for the callback only. */
typedef struct sl_article_row {
    int64_t id;
    int rev_count;
    const char *ext_id, *url, *path, *title, *published, *source, *lang;
    const char *snippet; /**< search only: text around the match, with
                              matched words between [ and ] */
    double score;        /**< search only: bm25, lower is better */
    size_t body_bytes;
} sl_article_row;

typedef int (*sl_row_cb)(const sl_article_row *row, void *payload);

/**
 * Full-text search over titles and bodies (latest revisions), ranked by
 * bm25 with title matches weighted above body matches.
 *
 * @return SL_OK, SL_EINVAL (empty query), SL_EDB, or the callback's value
 */
SL_API int sl_store_search(sl_store *st,
                           const sl_query_options *q,
                           sl_row_cb cb,
                           void *payload);

/** List articles in id order with the same filters (query ignored). */
SL_API int sl_store_list(sl_store *st,
                         const sl_query_options *q,
                         sl_row_cb cb,
                         void *payload);

/** Counts: articles, revisions. */
SL_API int sl_store_count(sl_store *st, int64_t *articles, int64_t *revisions);

/** Ingest counters kept by sl_store_ingest_doc(). */
typedef struct sl_ingest_stats {
    size_t docs;      /**< documents received */
    size_t added;     /**< new articles */
    size_t revised;   /**< new revisions */
    size_t unchanged; /**< already stored */
    size_t failed;    /**< documents that could not be extracted or stored */
} sl_ingest_stats;

/**
 * Extract a document when it is HTML (with 'xo'), then store it. A
 * document that fails extraction is counted in stats->failed and reported
 * as SL_EINVAL; the store is unchanged.
 *
 * @param xo     extraction options (now_ms is replaced by the document's
 *               fetched_ms when that is known), or NULL
 * @param now_ms the ingest clock, stored as ingested_ms
 * @return SL_OK, SL_EINVAL (document skipped), SL_EDB, SL_ENOMEM
 */
SL_API int sl_store_ingest_doc(sl_store *st,
                               const sl_doc *doc,
                               const sl_extract_options *xo,
                               int64_t now_ms,
                               sl_ingest_stats *stats);

#endif
