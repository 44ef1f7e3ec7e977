/**
 * @file storyline/provenance.h
 * @brief Provenance: which stored articles copy which, and the original
 * of each copy, with the evidence.
 *
 * Detection runs online inside sl_store_put(): when a put adds or
 * revises an article, its text is fingerprinted, candidates come from a
 * persistent fingerprint index (never a scan of the store), each
 * candidate is aligned sentence by sentence, and the links are written
 * in the same transaction. A copy is linked to the root of its family:
 * the earliest source, by publication date checked against the text
 * (an excerpt is the copy of what contains it; an article citing the
 * other's URL or naming its outlet is the copy). When an older article
 * arrives after its copies, the family is re-rooted to it.
 *
 * Kinds: "reprint" (the same text), "excerpt" (a contiguous part),
 * "partial" (part of the original mixed with other text), "spun" (a
 * rewrite: synonyms, dropped words, moved phrases), "update" (the same
 * outlet or URL, later and changed).
 *
 * Same input in the same order, same links: nothing depends on the clock
 * or on randomness. Thread-safety: as the store handle.
 */
#ifndef SL_STORYLINE_PROVENANCE_H
#define SL_STORYLINE_PROVENANCE_H

#include "common.h"
#include "store.h"

/** One article and its provenance; every pointer is borrowed for the
 *  duration of the callback. */
typedef struct sl_copy_row {
    int64_t id;           /**< article id */
    const char *ext_id;   /**< external id or NULL */
    const char *identity; /**< "id:...", "url:..." or "path:..." */
    const char *title;
    const char *source;
    const char *published;
    int64_t original_id;         /**< root original, 0 if not a copy */
    const char *original_ext_id; /**< its external id, or NULL */
    int64_t parent_id;           /**< the article the copy was matched to */
    const char *kind;            /**< copy kind, NULL if not a copy */
    const char *evidence; /**< JSON object (see docs/schema.md) or NULL */
    int64_t copies;       /**< number of articles whose root this is */
} sl_copy_row;

/** Called once per row; return non-zero to stop. */
typedef int (*sl_copy_cb)(const sl_copy_row *row, void *payload);

/**
 * List provenance rows.
 *
 * @param article_id  0: one row per article, in id order; otherwise the
 *                    row of that article, then the rows of the articles
 *                    whose root or parent it is
 * @return SL_OK, SL_EDB, or the callback's non-zero value
 */
SL_API int
sl_copies_list(sl_store *st, int64_t article_id, sl_copy_cb cb, void *payload);

/**
 * Drop the fingerprint index and all copy links, and detect again over
 * every stored revision in the order they were stored. Run it inside a
 * transaction (sl_store_begin) for speed.
 *
 * @param[out] out_articles  receives the number of revisions processed
 *                           (may be NULL)
 * @return SL_OK, SL_EDB, SL_ENOMEM
 */
SL_API int sl_copies_rebuild(sl_store *st, size_t *out_articles);

/**
 * Bytes taken by the fingerprint index (postings), for measurement.
 *
 * @return SL_OK, SL_EDB, or SL_ENOTFOUND if the backend cannot tell
 */
SL_API int sl_copies_index_bytes(sl_store *st, int64_t *out);

#endif
