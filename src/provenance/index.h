/*
 * index.h - what provenance needs from a storage backend: fingerprint
 * postings, copy links, and a way to walk the stored revisions.
 *
 * The operations are a table (like sl__store_ops in store/backend.h), so
 * a PostgreSQL backend can bring its own; index_sqlite.c is the SQLite
 * one. Every operation returns SL_OK or a negative SL_E* code and sets
 * the store's message on failure.
 *
 * Postings are packed per bucket, one blob per integer key; postings.c
 * owns their layout (postings.h, docs/schema.md). The backend only
 * stores blobs by key.
 */
#ifndef SL_PROVENANCE_INDEX_H
#define SL_PROVENANCE_INDEX_H

#include <stdint.h>

#include "storyline/provenance.h"
#include "storyline/store.h"
#include "util/buf.h"

struct sl__prov_cache; /* provenance.h */

/* A copy link as stored. */
typedef struct sl__prov_link {
    int64_t copy;
    int64_t original; /* the root of the family */
    int64_t parent;   /* the article it was matched against */
    const char *kind;
    const char *evidence; /* JSON */
} sl__prov_link;

typedef int (*sl__prov_rev_cb)(int64_t article_id, int rev, void *payload);

/* One member of a family: its id, the publication date of its latest
 * revision (0 if unknown) and its link's evidence (NULL for the root). */
typedef int (*sl__prov_member_cb)(int64_t id,
                                  int64_t published_ms,
                                  const char *evidence,
                                  void *payload);

typedef struct sl__prov_ops {
    /* Append the blob of bucket 'key' to 'out' (nothing if there is
     * none). */
    int (*bucket_get)(sl_store *st, int64_t key, sl_buf *out);
    int (*bucket_put)(sl_store *st, int64_t key, const void *data, size_t len);
    /* Drop bucket 'key' (no error when there is none). */
    int (*bucket_del)(sl_store *st, int64_t key);
    /* Root and parent of a copy; *original = 0 when it is not a copy. */
    int (*link_get)(sl_store *st,
                    int64_t copy,
                    int64_t *original,
                    int64_t *parent);
    int (*link_put)(sl_store *st, const sl__prov_link *l);
    /* Publication date of the latest revision of 'id' (0 when unknown
     * or when there is no such article). */
    int (*published)(sl_store *st, int64_t id, int64_t *out);
    /* Append the evidence (JSON) of the link of 'copy' to 'out'; nothing
     * when it is not a copy. */
    int (*link_evidence)(sl_store *st, int64_t copy, sl_buf *out);
    /* Every link whose root is 'from' gets root 'to'. */
    int (*reroot)(sl_store *st, int64_t from, int64_t to);
    /* Drop the link of 'copy' (it becomes a root). */
    int (*link_del)(sl_store *st, int64_t copy);
    /* The root 'root', then every article whose root it is, in no
     * particular order; stops at the callback's non-zero value. */
    int (*family)(sl_store *st,
                  int64_t root,
                  sl__prov_member_cb cb,
                  void *payload);
    /* Drop all postings and links. */
    int (*clear)(sl_store *st);
    /* Every revision in the order it was stored. */
    int (*revisions)(sl_store *st, sl__prov_rev_cb cb, void *payload);
    /* Rows for sl_copies_list(). */
    int (*list)(sl_store *st, int64_t article_id, sl_copy_cb cb, void *payload);
    /* The slot where provenance keeps its cache of analysed bodies on
     * this store handle; the backend frees what it holds, with
     * sl__prov_cache_free(), when the store closes. */
    int (*cache)(sl_store *st, struct sl__prov_cache ***out);
    /* Bytes used by postings (for the benchmark), or SL_ENOTFOUND. */
    int (*index_bytes)(sl_store *st, int64_t *out);
    void (*close)(sl_store *st);
} sl__prov_ops;

extern const sl__prov_ops sl__prov_sqlite_ops;

#endif
