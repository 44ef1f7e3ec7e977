/*
 * backend.h - the interface between the store front (store.c) and a
 * storage backend (sqlite.c; a PostgreSQL backend would be another
 * implementation of the same table of operations).
 *
 * store.c owns everything that does not depend on the engine: identities,
 * content hashes, the put decision (new / unchanged / revision), query
 * sanitising and error messages. A backend only stores and fetches rows.
 *
 * Every operation returns SL_OK or a negative SL_E* code and, on failure,
 * writes a message with sl__store_seterr().
 */
#ifndef SL_STORE_BACKEND_H
#define SL_STORE_BACKEND_H

#include <stdint.h>

#include "storyline/store.h"
#include "util/buf.h"

/* Current schema version; see docs/schema.md. */
#define SL_SCHEMA_VERSION 5

/* What the front knows about an identity before a put. */
typedef struct sl__identity_state {
    int64_t article_id;    /* 0 when unknown */
    int64_t revision_id;   /* latest revision (the one searched and shown) */
    int64_t last_id;       /* the revision stored last (highest number) */
    int rev;               /* its number: revisions stored so far */
    uint64_t content_hash; /* the latest revision's */
    int64_t version_ms;    /* the latest revision's version date, 0 = none */
    int same_content;      /* some revision has the hash asked about */
} sl__identity_state;

/* A revision row as the front hands it to the backend. */
typedef struct sl__revision {
    const sl_store_input *in;
    const char *identity;
    uint64_t content_hash;
    int64_t published_ms;     /* 0 = none */
    int64_t version_ms;       /* modified, else published; 0 = none */
    int latest;               /* it becomes the article's latest revision */
    const char *authors_json; /* JSON array */
} sl__revision;

struct sl__prov_ops;

typedef struct sl__store_ops {
    const char *name;
    /* Provenance index operations on this backend (provenance/index.h). */
    const struct sl__prov_ops *prov;
    int (*open)(sl_store *st, const char *path, const sl_store_options *o);
    void (*close)(sl_store *st);
    int (*begin)(sl_store *st);
    int (*commit)(sl_store *st);
    int (*rollback)(sl_store *st);
    /* Look up an identity; state->article_id = 0 when unknown. Sets
     * state->same_content when any of its revisions has 'content_hash'. */
    int (*lookup)(sl_store *st,
                  const char *identity,
                  uint64_t content_hash,
                  sl__identity_state *state);
    /* Add a revision: a new article when state->article_id == 0, else the
     * next revision of it, which replaces the latest (in the search index
     * too) only when rv->latest. Sets *out_id to the article id. */
    int (*add_revision)(sl_store *st,
                        const sl__identity_state *state,
                        const sl__revision *rv,
                        int64_t *out_id);
    /* Resolve a user key to an article id (see sl_store_get()). */
    int (*resolve)(sl_store *st, const char *key, int64_t *out_id);
    int (*get)(sl_store *st,
               int64_t article_id,
               int rev,
               sl_stored_article **out);
    /* 'fts_query' is already sanitised; NULL for a listing. */
    int (*query)(sl_store *st,
                 const sl_query_options *q,
                 const char *fts_query,
                 sl_row_cb cb,
                 void *payload);
    int (*count)(sl_store *st, int64_t *articles, int64_t *revisions);
} sl__store_ops;

struct sl_store {
    const sl__store_ops *ops;
    void *impl;
    void *prov_impl; /* provenance index state, owned by ops->prov */
    int schema_version;
    int in_txn;
    int copies_off;   /* sl_store_options.no_copies */
    int stories_off;  /* sl_store_options.no_stories */
    int read_only;    /* sl_store_options.read_only */
    void *stories;    /* clusterer, tagger and hook (stories.c) */
    void *stories_db; /* prepared statements (stories_sqlite.c) */
    char errmsg[512];
};

extern const sl__store_ops sl__sqlite_ops;

/* The SQLite backend's connection (a sqlite3 *), for the provenance
 * index of the same backend (provenance/index_sqlite.c). */
void *sl__sqlite_handle(sl_store *st);

/* Set the handle's message (printf-style) and return 'rc'. */
int sl__store_seterr(sl_store *st, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 64-bit content hash of title and body (FNV-1a over both, NUL between). */
uint64_t sl__content_hash(const char *title, const char *body);

/* Body compression for storage: one header byte (0 stored, 1 deflate),
 * then the data. */
int sl__body_pack(char **out, size_t *out_len, const char *body, size_t len);
int sl__body_unpack(char **out, size_t *out_len, const void *data, size_t len);

/* Turn a user's query into FTS5 syntax that cannot fail to parse
 * (store.c); returns the number of terms written or a negative code. */
int sl__fts_sanitize(sl_buf *out, const char *q);

#endif
