/*
 * index_sqlite.c - the SQLite implementation of the provenance index
 * operations (index.h): tables prov_postings and prov_links, created by
 * migration 2 in store/sqlite.c and described in docs/schema.md.
 *
 * Only the store calls this file (through sl__store_ops.prov); it works
 * on the connection of the SQLite backend and keeps its prepared
 * statements on the store handle until sl_store_close().
 */
#include <sqlite3.h>
#include <string.h>

#include "index.h"
#include "provenance.h"
#include "store/backend.h"
#include "util/alloc.h"

enum {
    P_BUCKET_GET,
    P_BUCKET_PUT,
    P_BUCKET_DEL,
    P_LINK_GET,
    P_LINK_PUT,
    P_REROOT,
    P_REVISIONS,
    P_LIST_ALL,
    P_LIST_ONE,
    P_LINK_DEL,
    P_FAMILY,
    P_LINK_EVIDENCE,
    P_PUBLISHED,
    P__COUNT
};

#define LIST_COLUMNS                                                      \
    "SELECT a.id, a.ext_id, a.identity, r.title, r.source, r.published, " \
    "l.original, o.ext_id, l.parent, l.kind, l.evidence, "                \
    "(SELECT count(*) FROM prov_links c WHERE c.original = a.id) "        \
    "FROM articles a JOIN revisions r ON r.id = a.latest_rev "            \
    "LEFT JOIN prov_links l ON l.copy = a.id "                            \
    "LEFT JOIN articles o ON o.id = l.original "

static const char *const sql_text[P__COUNT] = {
    [P_BUCKET_GET] = "SELECT data FROM prov_postings WHERE bucket = ?1",
    [P_BUCKET_PUT] = "INSERT OR REPLACE INTO prov_postings(bucket, data) "
                     "VALUES (?1, ?2)",
    [P_BUCKET_DEL] = "DELETE FROM prov_postings WHERE bucket = ?1",
    [P_LINK_GET] = "SELECT original, parent FROM prov_links WHERE copy = ?1",
    [P_LINK_PUT] = "INSERT OR REPLACE INTO prov_links(copy, original, parent, "
                   "kind, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
    [P_REROOT] = "UPDATE prov_links SET original = ?2 WHERE original = ?1",
    [P_REVISIONS] = "SELECT article_id, rev FROM revisions ORDER BY id",
    [P_LIST_ALL] = LIST_COLUMNS "ORDER BY a.id",
    [P_LIST_ONE] =
        LIST_COLUMNS "WHERE a.id IN (SELECT ?1 "
                     "UNION SELECT copy FROM prov_links WHERE original = ?1 "
                     "UNION SELECT copy FROM prov_links WHERE parent = ?1) "
                     "ORDER BY a.id != ?1, a.id",
    [P_LINK_DEL] = "DELETE FROM prov_links WHERE copy = ?1",
    [P_FAMILY] = "SELECT a.id, r.published_ms, NULL FROM articles a "
                 "JOIN revisions r ON r.id = a.latest_rev WHERE a.id = ?1 "
                 "UNION ALL "
                 "SELECT l.copy, r.published_ms, l.evidence FROM prov_links l "
                 "JOIN articles a ON a.id = l.copy "
                 "JOIN revisions r ON r.id = a.latest_rev "
                 "WHERE l.original = ?1",
    [P_LINK_EVIDENCE] = "SELECT evidence FROM prov_links WHERE copy = ?1",
    [P_PUBLISHED] = "SELECT r.published_ms FROM articles a "
                    "JOIN revisions r ON r.id = a.latest_rev WHERE a.id = ?1",
};

typedef struct prov_sqlite {
    sqlite3_stmt *stmt[P__COUNT];
    sl__prov_cache *cache; /* provenance.c's, freed here on close */
} prov_sqlite;

static sqlite3 *db_of(sl_store *st)
{
    return sl__sqlite_handle(st);
}

static int err(sl_store *st, const char *what)
{
    sqlite3 *db = db_of(st);

    if (sqlite3_errcode(db) == SQLITE_NOMEM) {
        return sl__store_seterr(st, SL_ENOMEM, "%s: out of memory", what);
    }
    return sl__store_seterr(st, SL_EDB, "%s: %s", what, sqlite3_errmsg(db));
}

/* The state on the store handle, created on first use. */
static prov_sqlite *state(sl_store *st)
{
    if (st->prov_impl == NULL) {
        st->prov_impl = sl__calloc(1, sizeof(prov_sqlite));
    }
    return st->prov_impl;
}

/* The statement 'which', prepared on first use. */
static int stmt(sl_store *st, int which, sqlite3_stmt **out)
{
    prov_sqlite *p = state(st);

    if (p == NULL) {
        return SL_ENOMEM;
    }
    if (p->stmt[which] == NULL &&
        sqlite3_prepare_v3(db_of(st), sql_text[which], -1,
                           SQLITE_PREPARE_PERSISTENT, &p->stmt[which],
                           NULL) != SQLITE_OK) {
        return err(st, "preparing the provenance statements");
    }
    *out = p->stmt[which];
    return SL_OK;
}

static void done(sqlite3_stmt *q)
{
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}

static int ps_bucket_get(sl_store *st, int64_t bucket, sl_buf *out)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_BUCKET_GET, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, bucket);
    int step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        const void *data = sqlite3_column_blob(q, 0);
        int n = sqlite3_column_bytes(q, 0);
        if (data != NULL && n > 0) {
            rc = sl__buf_add(out, data, (size_t)n);
        }
    } else if (step != SQLITE_DONE) {
        rc = err(st, "reading the fingerprint index");
    }
    done(q);
    return rc;
}

static int
ps_bucket_put(sl_store *st, int64_t bucket, const void *data, size_t len)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_BUCKET_PUT, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, bucket);
    sqlite3_bind_blob(q, 2, data, (int)len, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = err(st, "writing the fingerprint index");
    }
    done(q);
    return rc;
}

static int ps_bucket_del(sl_store *st, int64_t bucket)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_BUCKET_DEL, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, bucket);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = err(st, "writing the fingerprint index");
    }
    done(q);
    return rc;
}

static int
ps_link_get(sl_store *st, int64_t copy, int64_t *original, int64_t *parent)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_LINK_GET, &q);

    *original = 0;
    *parent = 0;
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, copy);
    int step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        *original = sqlite3_column_int64(q, 0);
        *parent = sqlite3_column_int64(q, 1);
    } else if (step != SQLITE_DONE) {
        rc = err(st, "reading a copy link");
    }
    done(q);
    return rc;
}

static int ps_link_evidence(sl_store *st, int64_t copy, sl_buf *out)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_LINK_EVIDENCE, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, copy);
    int step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        const void *text = sqlite3_column_text(q, 0);
        int n = sqlite3_column_bytes(q, 0);
        if (text != NULL && n > 0) {
            rc = sl__buf_add(out, text, (size_t)n);
        }
    } else if (step != SQLITE_DONE) {
        rc = err(st, "reading a copy link");
    }
    done(q);
    return rc;
}

static int ps_published(sl_store *st, int64_t id, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_PUBLISHED, &q);

    *out = 0;
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, id);
    int step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        *out = sqlite3_column_int64(q, 0);
    } else if (step != SQLITE_DONE) {
        rc = err(st, "reading a publication date");
    }
    done(q);
    return rc;
}

static int ps_link_put(sl_store *st, const sl__prov_link *l)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_LINK_PUT, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, l->copy);
    sqlite3_bind_int64(q, 2, l->original);
    sqlite3_bind_int64(q, 3, l->parent);
    sqlite3_bind_text(q, 4, l->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, l->evidence, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = err(st, "writing a copy link");
    }
    done(q);
    return rc;
}

static int ps_reroot(sl_store *st, int64_t from, int64_t to)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_REROOT, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, from);
    sqlite3_bind_int64(q, 2, to);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = err(st, "re-rooting copies");
    }
    done(q);
    return rc;
}

static int ps_link_del(sl_store *st, int64_t copy)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_LINK_DEL, &q);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, copy);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = err(st, "dropping a copy link");
    }
    done(q);
    return rc;
}

static int
ps_family(sl_store *st, int64_t root, sl__prov_member_cb cb, void *payload)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, P_FAMILY, &q);
    int step;

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, root);
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        rc = cb(sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                (const char *)sqlite3_column_text(q, 2), payload);
        if (rc != 0) {
            break;
        }
    }
    if (rc == 0 && step != SQLITE_DONE) {
        rc = err(st, "reading a copy family");
    }
    done(q);
    return rc;
}

static int ps_clear(sl_store *st)
{
    char *msg = NULL;

    if (sqlite3_exec(db_of(st),
                     "DELETE FROM prov_postings; DELETE FROM prov_links;", NULL,
                     NULL, &msg) != SQLITE_OK) {
        int rc = sl__store_seterr(st, SL_EDB, "clearing the index: %s",
                                  msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return SL_OK;
}

static int ps_revisions(sl_store *st, sl__prov_rev_cb cb, void *payload)
{
    sqlite3_stmt *q = NULL;
    int rc = SL_OK;

    /* Its own statement: the callback runs other statements meanwhile. */
    if (sqlite3_prepare_v2(db_of(st), sql_text[P_REVISIONS], -1, &q, NULL) !=
        SQLITE_OK) {
        return err(st, "listing revisions");
    }
    for (;;) {
        int step = sqlite3_step(q);
        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = err(st, "listing revisions");
            break;
        }
        rc = cb(sqlite3_column_int64(q, 0), sqlite3_column_int(q, 1), payload);
        if (rc != 0) {
            break;
        }
    }
    sqlite3_finalize(q);
    return rc;
}

static const char *col(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static int
ps_list(sl_store *st, int64_t article_id, sl_copy_cb cb, void *payload)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(st, article_id ? P_LIST_ONE : P_LIST_ALL, &q);

    if (rc < 0) {
        return rc;
    }
    if (article_id) {
        sqlite3_bind_int64(q, 1, article_id);
    }
    for (;;) {
        int step = sqlite3_step(q);
        sl_copy_row row;

        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = err(st, "listing copies");
            break;
        }
        memset(&row, 0, sizeof(row));
        row.id = sqlite3_column_int64(q, 0);
        row.ext_id = col(q, 1);
        row.identity = col(q, 2);
        row.title = col(q, 3);
        row.source = col(q, 4);
        row.published = col(q, 5);
        row.original_id = sqlite3_column_int64(q, 6);
        row.original_ext_id = col(q, 7);
        row.parent_id = sqlite3_column_int64(q, 8);
        row.kind = col(q, 9);
        row.evidence = col(q, 10);
        row.copies = sqlite3_column_int64(q, 11);
        rc = cb(&row, payload);
        if (rc != 0) {
            break;
        }
    }
    done(q);
    return rc;
}

static int ps_index_bytes(sl_store *st, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    int rc = SL_OK;

    /* dbstat is optional in SQLite builds. */
    if (sqlite3_prepare_v2(db_of(st),
                           "SELECT sum(pgsize) FROM dbstat "
                           "WHERE name = 'prov_postings'",
                           -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return SL_ENOTFOUND;
    }
    if (sqlite3_step(q) == SQLITE_ROW) {
        *out = sqlite3_column_int64(q, 0);
    } else {
        rc = err(st, "measuring the index");
    }
    sqlite3_finalize(q);
    return rc;
}

static int ps_cache(sl_store *st, sl__prov_cache ***out)
{
    prov_sqlite *p = state(st);

    if (p == NULL) {
        return SL_ENOMEM;
    }
    *out = &p->cache;
    return SL_OK;
}

static void ps_close(sl_store *st)
{
    prov_sqlite *p = st->prov_impl;

    if (p == NULL) {
        return;
    }
    for (int i = 0; i < P__COUNT; i++) {
        sqlite3_finalize(p->stmt[i]);
    }
    sl__prov_cache_free(p->cache);
    sl__free(p);
    st->prov_impl = NULL;
}

const sl__prov_ops sl__prov_sqlite_ops = {
    .bucket_get = ps_bucket_get,
    .bucket_put = ps_bucket_put,
    .bucket_del = ps_bucket_del,
    .link_get = ps_link_get,
    .link_put = ps_link_put,
    .link_evidence = ps_link_evidence,
    .published = ps_published,
    .reroot = ps_reroot,
    .link_del = ps_link_del,
    .family = ps_family,
    .clear = ps_clear,
    .revisions = ps_revisions,
    .list = ps_list,
    .cache = ps_cache,
    .index_bytes = ps_index_bytes,
    .close = ps_close,
};
