/*
 * sqlite.c - the SQLite backend of the article store (see backend.h).
 *
 * The database runs in WAL mode with synchronous=NORMAL: a committed
 * transaction survives the process being killed at any point, and readers
 * never block the writer. The schema (docs/schema.md) is versioned in
 * table sl_meta; sl_open() creates it or applies the migrations in
 * 'migrations' in order, each in its own transaction.
 *
 * Bodies are stored compressed (store.c: sl__body_pack). The FTS5 index
 * is an external-content table over the view fts_source, which reads
 * bodies through the SQL function sl_body() registered on every
 * connection; only the latest revision of each article is indexed.
 *
 * This is the only file that includes sqlite3.h.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "provenance/index.h"
#include "storyline/dates.h"
#include "util/alloc.h"

enum {
    Q_LOOKUP,
    Q_SAME_CONTENT,
    Q_INSERT_ARTICLE,
    Q_UPDATE_ARTICLE,
    Q_INSERT_REVISION,
    Q_OLD_TEXT,
    Q_FTS_INSERT,
    Q_FTS_DELETE,
    Q_RESOLVE_ID,
    Q_RESOLVE_EXT,
    Q_RESOLVE_IDENTITY,
    Q_RESOLVE_URL,
    Q_GET,
    Q_SNIPPET,
    Q_COUNT,
    Q__COUNT
};

static const char *const sql_text[Q__COUNT] = {
    [Q_LOOKUP] = "SELECT a.id, a.latest_rev, a.rev_count, r.content_hash, "
                 "r.version_ms, "
                 "(SELECT id FROM revisions WHERE article_id = a.id AND "
                 "rev = a.rev_count) "
                 "FROM articles a JOIN revisions r ON r.id = a.latest_rev "
                 "WHERE a.identity = ?1",
    [Q_SAME_CONTENT] = "SELECT 1 FROM revisions WHERE article_id = ?1 AND "
                       "content_hash = ?2 LIMIT 1",
    [Q_INSERT_ARTICLE] =
        "INSERT INTO articles(identity, ext_id, url, path, latest_rev, "
        "rev_count, first_ingested_ms) VALUES (?1, ?2, ?3, ?4, 0, 0, ?5)",
    [Q_UPDATE_ARTICLE] = "UPDATE articles SET "
                         "latest_rev = CASE WHEN ?4 THEN ?2 ELSE latest_rev "
                         "END, rev_count = rev_count + 1, "
                         "url = CASE WHEN ?4 THEN coalesce(?3, url) ELSE url "
                         "END WHERE id = ?1",
    [Q_INSERT_REVISION] =
        "INSERT INTO revisions(article_id, rev, prev_id, content_hash, "
        "title, body, body_len, published, published_ms, published_source, "
        "modified, source, lang, description, authors, fetched_ms, "
        "ingested_ms, url, path, version_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    [Q_OLD_TEXT] = "SELECT title, body FROM revisions WHERE id = ?1",
    [Q_FTS_INSERT] = "INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)",
    [Q_FTS_DELETE] = "INSERT INTO fts(fts, rowid, title, body) "
                     "VALUES ('delete', ?1, ?2, ?3)",
    [Q_RESOLVE_ID] = "SELECT id FROM articles WHERE id = ?1",
    [Q_RESOLVE_EXT] = "SELECT id FROM articles WHERE ext_id = ?1 "
                      "ORDER BY id LIMIT 1",
    [Q_RESOLVE_IDENTITY] = "SELECT id FROM articles WHERE identity = ?1",
    [Q_RESOLVE_URL] = "SELECT id FROM articles WHERE url = ?1 "
                      "ORDER BY id LIMIT 1",
    [Q_GET] = "SELECT a.id, r.id, r.rev, a.rev_count, r.prev_id, a.identity, "
              "a.ext_id, coalesce(r.url, a.url), coalesce(r.path, a.path), "
              "r.title, r.body, r.published, "
              "r.published_source, r.modified, r.source, r.lang, "
              "r.description, r.authors, r.content_hash, r.published_ms, "
              "r.fetched_ms, r.ingested_ms FROM articles a "
              "JOIN revisions r ON r.article_id = a.id WHERE a.id = ?1 AND "
              "r.rev = CASE WHEN ?2 > 0 THEN ?2 ELSE "
              "(SELECT rev FROM revisions WHERE id = a.latest_rev) END",
    [Q_SNIPPET] = "SELECT snippet(fts, -1, '[', ']', '...', 16) FROM fts "
                  "WHERE fts MATCH ?1 AND rowid = ?2",
    [Q_COUNT] = "SELECT (SELECT count(*) FROM articles), "
                "(SELECT count(*) FROM revisions)",
};

/* Schema migrations: migrations[v] takes a store from version v to v+1. */
static const char *const migrations[SL_SCHEMA_VERSION] = {
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  identity TEXT NOT NULL UNIQUE,"
    "  ext_id TEXT,"
    "  url TEXT,"
    "  path TEXT,"
    "  latest_rev INTEGER NOT NULL,"
    "  rev_count INTEGER NOT NULL,"
    "  first_ingested_ms INTEGER NOT NULL);"
    "CREATE INDEX articles_ext_id ON articles(ext_id);"
    "CREATE INDEX articles_url ON articles(url);"
    "CREATE TABLE revisions("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"
    "  rev INTEGER NOT NULL,"
    "  prev_id INTEGER REFERENCES revisions(id),"
    "  content_hash INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  body_len INTEGER NOT NULL,"
    "  published TEXT,"
    "  published_ms INTEGER,"
    "  published_source TEXT,"
    "  modified TEXT,"
    "  source TEXT,"
    "  lang TEXT,"
    "  description TEXT,"
    "  authors TEXT NOT NULL,"
    "  fetched_ms INTEGER,"
    "  ingested_ms INTEGER NOT NULL,"
    "  UNIQUE(article_id, rev));"
    "CREATE INDEX revisions_published ON revisions(published_ms);"
    "CREATE VIEW fts_source AS"
    "  SELECT id, title, sl_body(body) AS body FROM revisions;"
    "CREATE VIRTUAL TABLE fts USING fts5(title, body,"
    "  content='fts_source', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');",
    /* 2: provenance (src/provenance/): fingerprint postings packed per
     * bucket, and copy links with their evidence. */
    "CREATE TABLE prov_postings("
    "  bucket INTEGER PRIMARY KEY,"
    "  data BLOB NOT NULL);"
    "CREATE TABLE prov_links("
    "  copy INTEGER PRIMARY KEY REFERENCES articles(id),"
    "  original INTEGER NOT NULL REFERENCES articles(id),"
    "  parent INTEGER NOT NULL REFERENCES articles(id),"
    "  kind TEXT NOT NULL,"
    "  evidence TEXT NOT NULL);"
    "CREATE INDEX prov_links_original ON prov_links(original);"
    "CREATE INDEX prov_links_parent ON prov_links(parent);",
    /* 3: events and storylines (src/store/stories.c): the clusterer's
     * state, each article's event, the events' and storylines' listing
     * rows, and the digests other modules keep per event or storyline. */
    "CREATE TABLE story_state("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  data BLOB NOT NULL,"
    "  last_article INTEGER NOT NULL);"
    "CREATE TABLE story_members("
    "  article INTEGER PRIMARY KEY REFERENCES articles(id),"
    "  event INTEGER NOT NULL,"
    "  copy_of INTEGER,"
    "  seen_ms INTEGER NOT NULL,"
    "  source TEXT,"
    "  entities TEXT NOT NULL);"
    "CREATE INDEX story_members_event ON story_members(event, source, seen_ms);"
    "CREATE TABLE story_events("
    "  id INTEGER PRIMARY KEY,"
    "  storyline INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  first_ms INTEGER NOT NULL,"
    "  last_ms INTEGER NOT NULL,"
    "  articles INTEGER NOT NULL,"
    "  sources INTEGER NOT NULL);"
    "CREATE INDEX story_events_storyline ON story_events(storyline, "
    "  articles);"
    "CREATE INDEX story_events_last ON story_events(last_ms);"
    "CREATE TABLE story_storylines("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  first_ms INTEGER NOT NULL,"
    "  last_ms INTEGER NOT NULL,"
    "  events INTEGER NOT NULL,"
    "  articles INTEGER NOT NULL);"
    "CREATE INDEX story_storylines_last ON story_storylines(last_ms);"
    "CREATE TABLE story_digest("
    "  kind INTEGER NOT NULL,"
    "  id INTEGER NOT NULL,"
    "  data BLOB NOT NULL,"
    "  updated_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, id));",
    /* 4: each revision's own URL and file, the date that orders versions
     * (modified, else published), an index to find any earlier revision
     * with the same content, and the article that gives each event its
     * title (stories.c). Older rows: the URL and file stay the
     * article's; the version date is read back from what was stated; an
     * event's title article is its first member, whose headline it has. */
    "ALTER TABLE revisions ADD COLUMN url TEXT;"
    "ALTER TABLE revisions ADD COLUMN path TEXT;"
    "ALTER TABLE revisions ADD COLUMN version_ms INTEGER;"
    "UPDATE revisions SET version_ms = coalesce("
    "  CAST(strftime('%s', modified) AS INTEGER) * 1000, published_ms);"
    "CREATE INDEX revisions_content ON revisions(article_id, content_hash);"
    "ALTER TABLE story_events ADD COLUMN title_article INTEGER;"
    "UPDATE story_events SET title_article = (SELECT min(article) FROM "
    "  story_members WHERE event = story_events.id);",
    /* 5: the fingerprint index as linear hashing over Rice-coded buckets
     * (src/provenance/postings.h). The old fixed buckets are dropped;
     * when there are stored texts, a header of format 0 has provenance
     * index them again before its next detection. Links are kept. */
    "DELETE FROM prov_postings;"
    "INSERT INTO prov_postings(bucket, data) SELECT 0, x'00' "
    "  WHERE EXISTS (SELECT 1 FROM revisions);",
};

typedef struct sqlite_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[Q__COUNT];
} sqlite_store;

static sqlite_store *impl(sl_store *st)
{
    return st->impl;
}

void *sl__sqlite_handle(sl_store *st)
{
    return impl(st)->db;
}

static int db_err(sl_store *st, const char *what)
{
    sqlite_store *s = impl(st);
    int code = s && s->db ? sqlite3_errcode(s->db) : SQLITE_ERROR;

    if (code == SQLITE_NOMEM) {
        return sl__store_seterr(st, SL_ENOMEM, "%s: out of memory", what);
    }
    return sl__store_seterr(st, SL_EDB, "%s: %s", what,
                            s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

/* SQL function sl_body(blob): the stored body as text. */
static void fn_body(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const void *data;
    char *text = NULL;
    size_t len = 0;
    int n;

    (void)argc;
    data = sqlite3_value_blob(argv[0]);
    n = sqlite3_value_bytes(argv[0]);
    if (data == NULL || n <= 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    if (sl__body_unpack(&text, &len, data, (size_t)n) != SL_OK) {
        sqlite3_result_error(ctx, "sl_body: corrupt body", -1);
        return;
    }
    sqlite3_result_text(ctx, text, (int)len, sl__free);
}

static int exec(sl_store *st, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(impl(st)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sl__store_seterr(st, SL_EDB, "%s", msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return SL_OK;
}

static int read_version(sl_store *st, int *version)
{
    sqlite3 *db = impl(st)->db;
    sqlite3_stmt *q = NULL;
    int rc, has_meta = 0, tables = 0;

    *version = 0;
    rc = sqlite3_prepare_v2(db,
                            "SELECT name FROM sqlite_master WHERE type = "
                            "'table'",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) {
        return db_err(st, "reading the schema");
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        tables++;
        if (name != NULL && strcmp(name, "sl_meta") == 0) {
            has_meta = 1;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        return db_err(st, "reading the schema");
    }
    if (!has_meta) {
        return tables == 0
                   ? SL_OK
                   : sl__store_seterr(st, SL_EDB, "not a storyline store");
    }
    rc = sqlite3_prepare_v2(db,
                            "SELECT value FROM sl_meta WHERE key = "
                            "'schema_version'",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) {
        return db_err(st, "reading the schema version");
    }
    if (sqlite3_step(q) == SQLITE_ROW) {
        *version = sqlite3_column_int(q, 0);
    }
    sqlite3_finalize(q);
    return SL_OK;
}

static int migrate(sl_store *st, int read_only)
{
    int version, rc;

    rc = read_version(st, &version);
    if (rc < 0) {
        return rc;
    }
    if (version > SL_SCHEMA_VERSION) {
        return sl__store_seterr(st, SL_EDB,
                                "store has schema version %d; this storyline "
                                "reads up to %d",
                                version, SL_SCHEMA_VERSION);
    }
    if (version < SL_SCHEMA_VERSION && read_only) {
        return sl__store_seterr(st, SL_EDB,
                                version == 0 ? "no store here"
                                             : "store needs migrating; open "
                                               "it for writing once");
    }
    while (version < SL_SCHEMA_VERSION) {
        char set[128];
        rc = exec(st, "BEGIN IMMEDIATE");
        if (rc < 0) {
            return rc;
        }
        /* Another process may have migrated while we waited. */
        int now;
        rc = read_version(st, &now);
        if (rc == SL_OK && now == version) {
            if (version == 0) {
                rc = exec(st, "CREATE TABLE sl_meta(key TEXT PRIMARY KEY, "
                              "value TEXT NOT NULL)");
            }
            if (rc == SL_OK) {
                rc = exec(st, migrations[version]);
            }
            snprintf(set, sizeof(set),
                     "INSERT OR REPLACE INTO sl_meta VALUES "
                     "('schema_version', '%d')",
                     version + 1);
            if (rc == SL_OK) {
                rc = exec(st, set);
            }
        }
        if (rc < 0) {
            exec(st, "ROLLBACK");
            return rc;
        }
        rc = exec(st, "COMMIT");
        if (rc < 0) {
            return rc;
        }
        rc = read_version(st, &version);
        if (rc < 0) {
            return rc;
        }
    }
    st->schema_version = version;
    return SL_OK;
}

static void sq_close(sl_store *st)
{
    sqlite_store *s = impl(st);

    if (s == NULL) {
        return;
    }
    for (int i = 0; i < Q__COUNT; i++) {
        sqlite3_finalize(s->stmt[i]);
    }
    if (s->db != NULL) {
        if (st->in_txn) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        }
        sqlite3_close(s->db);
    }
    sl__free(s);
    st->impl = NULL;
}

static int sq_open(sl_store *st, const char *path, const sl_store_options *o)
{
    sqlite_store *s;
    int flags, rc;

    s = sl__calloc(1, sizeof(*s));
    if (s == NULL) {
        return SL_ENOMEM;
    }
    st->impl = s;
    flags = o->read_only ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = db_err(st, path);
        return rc;
    }
    sqlite3_busy_timeout(s->db, (int)o->busy_timeout_ms);
    if (o->cache_mb > 0) {
        char pragma[64];
        long mib = o->cache_mb > 1048576 ? 1048576 : o->cache_mb;
        snprintf(pragma, sizeof(pragma), "PRAGMA cache_size=-%ld", mib * 1024);
        rc = exec(st, pragma);
        if (rc < 0) {
            return rc;
        }
    }
    sqlite3_extended_result_codes(s->db, 1);
    rc = sqlite3_create_function(s->db, "sl_body", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 fn_body, NULL, NULL);
    if (rc != SQLITE_OK) {
        return db_err(st, "registering sl_body");
    }
    if (!o->read_only) {
        /* WAL: a commit is durable against a crash of this process, and
         * readers do not block the writer. */
        rc = exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                      "PRAGMA foreign_keys=ON;");
        if (rc < 0) {
            return rc;
        }
    }
    rc = migrate(st, o->read_only);
    if (rc < 0) {
        return rc;
    }
    for (int i = 0; i < Q__COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, sql_text[i], -1,
                               SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
                               NULL) != SQLITE_OK) {
            return db_err(st, "preparing statements");
        }
    }
    return SL_OK;
}

static int sq_begin(sl_store *st)
{
    return exec(st, "BEGIN IMMEDIATE");
}

static int sq_commit(sl_store *st)
{
    return exec(st, "COMMIT");
}

static int sq_rollback(sl_store *st)
{
    return exec(st, "ROLLBACK");
}

/* Run a statement to completion (no rows expected) and reset it. */
static int step_done(sl_store *st, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);

    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE) {
        return db_err(st, what);
    }
    return SL_OK;
}

static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s == NULL) {
        return sqlite3_bind_null(q, i);
    }
    return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

static int sq_lookup(sl_store *st,
                     const char *identity,
                     uint64_t content_hash,
                     sl__identity_state *state)
{
    sqlite3_stmt *q = impl(st)->stmt[Q_LOOKUP];
    int rc;

    memset(state, 0, sizeof(*state));
    bind_text(q, 1, identity);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        state->article_id = sqlite3_column_int64(q, 0);
        state->revision_id = sqlite3_column_int64(q, 1);
        state->rev = sqlite3_column_int(q, 2);
        state->content_hash = (uint64_t)sqlite3_column_int64(q, 3);
        state->version_ms = sqlite3_column_int64(q, 4);
        state->last_id = sqlite3_column_int64(q, 5);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE) {
        return db_err(st, "looking up an article");
    }
    if (state->article_id == 0) {
        return SL_OK;
    }
    if (state->content_hash == content_hash) {
        state->same_content = 1;
        return SL_OK;
    }
    /* An older revision may have this content: an earlier version read
     * again (index revisions_content). */
    q = impl(st)->stmt[Q_SAME_CONTENT];
    sqlite3_bind_int64(q, 1, state->article_id);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)content_hash);
    rc = sqlite3_step(q);
    state->same_content = rc == SQLITE_ROW;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return db_err(st, "looking up an article");
    }
    return SL_OK;
}

/* Remove the previous revision from the full-text index. */
static int fts_forget(sl_store *st, int64_t revision_id)
{
    sqlite_store *s = impl(st);
    sqlite3_stmt *q = s->stmt[Q_OLD_TEXT];
    char *body = NULL;
    size_t len = 0;
    int rc;

    sqlite3_bind_int64(q, 1, revision_id);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(q);
        return db_err(st, "reading the previous revision");
    }
    rc = sl__body_unpack(&body, &len, sqlite3_column_blob(q, 1),
                         (size_t)sqlite3_column_bytes(q, 1));
    if (rc == SL_OK) {
        sqlite3_stmt *d = s->stmt[Q_FTS_DELETE];
        sqlite3_bind_int64(d, 1, revision_id);
        sqlite3_bind_text(d, 2, (const char *)sqlite3_column_text(q, 0), -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(d, 3, body, (int)len, SQLITE_STATIC);
        rc = step_done(st, d, "updating the search index");
    }
    sqlite3_reset(q);
    sl__free(body);
    return rc;
}

static int sq_add_revision(sl_store *st,
                           const sl__identity_state *state,
                           const sl__revision *rv,
                           int64_t *out_id)
{
    sqlite_store *s = impl(st);
    const sl_store_input *in = rv->in;
    const char *body = in->body ? in->body : "";
    const char *title = in->title ? in->title : "";
    char *packed = NULL;
    size_t packed_len = 0;
    int64_t article_id = state->article_id, rev_id;
    sqlite3_stmt *q;
    int rc;

    /* One savepoint: a failure leaves neither half of the article. */
    rc = exec(st, "SAVEPOINT sl_put");
    if (rc < 0) {
        return rc;
    }
    if (article_id == 0) {
        q = s->stmt[Q_INSERT_ARTICLE];
        bind_text(q, 1, rv->identity);
        bind_text(q, 2, in->ext_id);
        bind_text(q, 3, in->url);
        bind_text(q, 4, in->path);
        sqlite3_bind_int64(q, 5, in->ingested_ms);
        rc = step_done(st, q, "adding an article");
        if (rc < 0) {
            goto out;
        }
        article_id = sqlite3_last_insert_rowid(s->db);
    } else if (rv->latest) {
        rc = fts_forget(st, state->revision_id);
        if (rc < 0) {
            goto out;
        }
    }
    rc = sl__body_pack(&packed, &packed_len, body, strlen(body));
    if (rc < 0) {
        goto out;
    }
    q = s->stmt[Q_INSERT_REVISION];
    sqlite3_bind_int64(q, 1, article_id);
    sqlite3_bind_int(q, 2, state->rev + 1);
    if (state->last_id != 0) {
        sqlite3_bind_int64(q, 3, state->last_id);
    } else {
        sqlite3_bind_null(q, 3);
    }
    sqlite3_bind_int64(q, 4, (sqlite3_int64)rv->content_hash);
    bind_text(q, 5, title);
    sqlite3_bind_blob(q, 6, packed, (int)packed_len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 7, (sqlite3_int64)strlen(body));
    bind_text(q, 8, in->published);
    if (rv->published_ms != 0) {
        sqlite3_bind_int64(q, 9, rv->published_ms);
    }
    bind_text(q, 10, in->published_source);
    bind_text(q, 11, in->modified);
    bind_text(q, 12, in->source);
    bind_text(q, 13, in->lang);
    bind_text(q, 14, in->description);
    bind_text(q, 15, rv->authors_json ? rv->authors_json : "[]");
    if (in->fetched_ms != 0) {
        sqlite3_bind_int64(q, 16, in->fetched_ms);
    }
    sqlite3_bind_int64(q, 17, in->ingested_ms);
    bind_text(q, 18, in->url);
    bind_text(q, 19, in->path);
    if (rv->version_ms != 0) {
        sqlite3_bind_int64(q, 20, rv->version_ms);
    }
    rc = step_done(st, q, "adding a revision");
    if (rc < 0) {
        goto out;
    }
    rev_id = sqlite3_last_insert_rowid(s->db);
    q = s->stmt[Q_UPDATE_ARTICLE];
    sqlite3_bind_int64(q, 1, article_id);
    sqlite3_bind_int64(q, 2, rev_id);
    bind_text(q, 3, in->url);
    sqlite3_bind_int(q, 4, rv->latest);
    rc = step_done(st, q, "updating an article");
    if (rc < 0 || !rv->latest) {
        goto out;
    }
    q = s->stmt[Q_FTS_INSERT];
    sqlite3_bind_int64(q, 1, rev_id);
    bind_text(q, 2, title);
    bind_text(q, 3, body);
    rc = step_done(st, q, "indexing an article");
out:
    sl__free(packed);
    if (rc < 0) {
        exec(st, "ROLLBACK TO sl_put");
        exec(st, "RELEASE sl_put");
        return rc;
    }
    *out_id = article_id;
    return exec(st, "RELEASE sl_put");
}

static int
resolve_with(sl_store *st, int which, const char *key, int64_t *out_id)
{
    sqlite3_stmt *q = impl(st)->stmt[which];
    int rc;

    if (which == Q_RESOLVE_ID) {
        sqlite3_bind_int64(q, 1, strtoll(key, NULL, 10));
    } else {
        bind_text(q, 1, key);
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *out_id = sqlite3_column_int64(q, 0);
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc == SQLITE_ROW) {
        return SL_OK;
    }
    return rc == SQLITE_DONE ? SL_ENOTFOUND : db_err(st, "finding an article");
}

static int sq_resolve(sl_store *st, const char *key, int64_t *out_id)
{
    static const int order[] = { Q_RESOLVE_EXT, Q_RESOLVE_IDENTITY,
                                 Q_RESOLVE_URL };
    size_t i, n = strlen(key);
    int rc, digits = n > 0 && n < 19;

    for (i = 0; i < n && digits; i++) {
        digits = key[i] >= '0' && key[i] <= '9';
    }
    if (digits) {
        rc = resolve_with(st, Q_RESOLVE_ID, key, out_id);
        if (rc != SL_ENOTFOUND) {
            return rc;
        }
    }
    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        rc = resolve_with(st, order[i], key, out_id);
        if (rc != SL_ENOTFOUND) {
            return rc;
        }
    }
    return sl__store_seterr(st, SL_ENOTFOUND, "no article '%s'", key);
}

static char *col_dup(sqlite3_stmt *q, int i, int *rc)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    char *r;

    if (s == NULL) {
        return NULL;
    }
    r = sl__strdup(s);
    if (r == NULL) {
        *rc = SL_ENOMEM;
    }
    return r;
}

static int parse_authors(sl_stored_article *a, const char *json)
{
    json_t *arr;
    size_t i, n;

    if (json == NULL) {
        return SL_OK;
    }
    arr = json_loads(json, 0, NULL);
    if (arr == NULL || !json_is_array(arr)) {
        json_decref(arr);
        return SL_OK;
    }
    n = json_array_size(arr);
    if (n > 0) {
        a->authors = sl__calloc(n, sizeof(char *));
        if (a->authors == NULL) {
            json_decref(arr);
            return SL_ENOMEM;
        }
    }
    for (i = 0; i < n; i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v == NULL) {
            continue;
        }
        a->authors[a->author_count] = sl__strdup(v);
        if (a->authors[a->author_count] == NULL) {
            json_decref(arr);
            return SL_ENOMEM;
        }
        a->author_count++;
    }
    json_decref(arr);
    return SL_OK;
}

static int
sq_get(sl_store *st, int64_t article_id, int rev, sl_stored_article **out)
{
    sqlite3_stmt *q = impl(st)->stmt[Q_GET];
    sl_stored_article *a = NULL;
    int rc;

    sqlite3_bind_int64(q, 1, article_id);
    sqlite3_bind_int(q, 2, rev);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(q);
        if (rc == SQLITE_DONE) {
            return sl__store_seterr(st, SL_ENOTFOUND,
                                    "article %lld has no revision %d",
                                    (long long)article_id, rev);
        }
        return db_err(st, "reading an article");
    }
    a = sl__calloc(1, sizeof(*a));
    if (a == NULL) {
        sqlite3_reset(q);
        return SL_ENOMEM;
    }
    rc = SL_OK;
    a->id = sqlite3_column_int64(q, 0);
    a->revision_id = sqlite3_column_int64(q, 1);
    a->rev = sqlite3_column_int(q, 2);
    a->rev_count = sqlite3_column_int(q, 3);
    a->prev_revision_id = sqlite3_column_int64(q, 4);
    a->identity = col_dup(q, 5, &rc);
    a->ext_id = col_dup(q, 6, &rc);
    a->url = col_dup(q, 7, &rc);
    a->path = col_dup(q, 8, &rc);
    a->title = col_dup(q, 9, &rc);
    if (rc == SL_OK) {
        size_t len;
        rc = sl__body_unpack(&a->body, &len, sqlite3_column_blob(q, 10),
                             (size_t)sqlite3_column_bytes(q, 10));
        if (rc == SL_EFORMAT) {
            rc = sl__store_seterr(st, SL_EDB, "article %lld: corrupt body",
                                  (long long)article_id);
        }
    }
    a->published = col_dup(q, 11, &rc);
    a->published_source = col_dup(q, 12, &rc);
    a->modified = col_dup(q, 13, &rc);
    a->source = col_dup(q, 14, &rc);
    a->lang = col_dup(q, 15, &rc);
    a->description = col_dup(q, 16, &rc);
    if (rc == SL_OK) {
        rc = parse_authors(a, (const char *)sqlite3_column_text(q, 17));
    }
    if (rc == SL_OK) {
        char hex[17];
        snprintf(hex, sizeof(hex), "%016llx",
                 (unsigned long long)sqlite3_column_int64(q, 18));
        a->content_hash = sl__strdup(hex);
        if (a->content_hash == NULL) {
            rc = SL_ENOMEM;
        }
    }
    a->published_ms = sqlite3_column_int64(q, 19);
    a->fetched_ms = sqlite3_column_int64(q, 20);
    a->ingested_ms = sqlite3_column_int64(q, 21);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc < 0) {
        sl_stored_article_free(a);
        return rc;
    }
    *out = a;
    return SL_OK;
}

/* A date filter bound as ms; a bare day in 'until' covers the whole day. */
static int bind_date(sqlite3_stmt *q, int i, const char *s, int end_of_day)
{
    sl_date d;

    if (s == NULL || s[0] == '\0') {
        return SL_OK;
    }
    if (sl_date_parse(&d, s, strlen(s)) != SL_OK) {
        return SL_EINVAL;
    }
    int64_t ms = sl_date_to_ms(&d);
    if (end_of_day && !d.has_time) {
        ms += 86400000 - 1;
    }
    sqlite3_bind_int64(q, i, ms);
    return SL_OK;
}

static int sq_query(sl_store *st,
                    const sl_query_options *o,
                    const char *fts_query,
                    sl_row_cb cb,
                    void *payload)
{
    sqlite_store *s = impl(st);
    sqlite3_stmt *q = NULL;
    const char *sql;
    int rc;

    int filtered = (o->since && o->since[0]) || (o->until && o->until[0]) ||
                   o->source != NULL || o->lang != NULL;

    if (fts_query != NULL && !filtered) {
        /* Rank in the full-text index alone and join only the page of hits
         * returned: a common word matches most of the store. */
        sql = "SELECT a.id, a.rev_count, a.ext_id, a.url, a.path, r.title, "
              "r.published, r.source, r.lang, r.body_len, m.score, r.id "
              "FROM (SELECT rowid AS rid, bm25(fts, 5.0, 1.0) AS score "
              "      FROM fts WHERE fts MATCH ?1 "
              "      ORDER BY score, rowid LIMIT ?6 OFFSET ?7) m "
              "JOIN revisions r ON r.id = m.rid "
              "JOIN articles a ON a.id = r.article_id "
              "WHERE ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL "
              "ORDER BY m.score, m.rid";
    } else if (fts_query != NULL) {
        sql = "SELECT a.id, a.rev_count, a.ext_id, a.url, a.path, r.title, "
              "r.published, r.source, r.lang, r.body_len, "
              "bm25(fts, 5.0, 1.0) AS score, r.id "
              "FROM fts JOIN revisions r ON r.id = fts.rowid "
              "JOIN articles a ON a.id = r.article_id "
              "WHERE fts MATCH ?1 "
              "AND (?2 IS NULL OR r.published_ms >= ?2) "
              "AND (?3 IS NULL OR r.published_ms <= ?3) "
              "AND (?4 IS NULL OR r.source = ?4) "
              "AND (?5 IS NULL OR r.lang LIKE ?5 || '%') "
              "ORDER BY score, r.id LIMIT ?6 OFFSET ?7";
    } else {
        sql = "SELECT a.id, a.rev_count, a.ext_id, a.url, a.path, r.title, "
              "r.published, r.source, r.lang, r.body_len, 0.0, r.id "
              "FROM articles a JOIN revisions r ON r.id = a.latest_rev "
              "WHERE (?2 IS NULL OR r.published_ms >= ?2) "
              "AND (?3 IS NULL OR r.published_ms <= ?3) "
              "AND (?4 IS NULL OR r.source = ?4) "
              "AND (?5 IS NULL OR r.lang LIKE ?5 || '%') "
              "ORDER BY a.id LIMIT ?6 OFFSET ?7";
    }
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
        return db_err(st, "preparing a query");
    }
    if (fts_query != NULL) {
        bind_text(q, 1, fts_query);
    }
    if (bind_date(q, 2, o->since, 0) < 0 || bind_date(q, 3, o->until, 1) < 0) {
        sqlite3_finalize(q);
        return sl__store_seterr(st, SL_EINVAL, "cannot read a date filter");
    }
    bind_text(q, 4, o->source);
    bind_text(q, 5, o->lang);
    if (o->limit > 0) {
        sqlite3_bind_int64(q, 6, (sqlite3_int64)o->limit);
    } else {
        sqlite3_bind_int64(q, 6, fts_query != NULL ? 20 : -1);
    }
    sqlite3_bind_int64(q, 7, (sqlite3_int64)o->offset);
    rc = SL_OK;
    while (rc == SL_OK) {
        int step = sqlite3_step(q);
        sl_article_row row;

        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = step == SQLITE_ERROR &&
                         strstr(sqlite3_errmsg(s->db), "fts5") != NULL
                     ? sl__store_seterr(st, SL_EINVAL, "bad query: %s",
                                        sqlite3_errmsg(s->db))
                     : db_err(st, "running a query");
            break;
        }
        memset(&row, 0, sizeof(row));
        row.id = sqlite3_column_int64(q, 0);
        row.rev_count = sqlite3_column_int(q, 1);
        row.ext_id = (const char *)sqlite3_column_text(q, 2);
        row.url = (const char *)sqlite3_column_text(q, 3);
        row.path = (const char *)sqlite3_column_text(q, 4);
        row.title = (const char *)sqlite3_column_text(q, 5);
        row.published = (const char *)sqlite3_column_text(q, 6);
        row.source = (const char *)sqlite3_column_text(q, 7);
        row.lang = (const char *)sqlite3_column_text(q, 8);
        row.body_bytes = (size_t)sqlite3_column_int64(q, 9);
        row.score = sqlite3_column_double(q, 10);
        /* Snippets only for the rows returned, one lookup each. */
        sqlite3_stmt *sn = s->stmt[Q_SNIPPET];
        if (fts_query != NULL) {
            bind_text(sn, 1, fts_query);
            sqlite3_bind_int64(sn, 2, sqlite3_column_int64(q, 11));
            if (sqlite3_step(sn) == SQLITE_ROW) {
                row.snippet = (const char *)sqlite3_column_text(sn, 0);
            }
        }
        int cbrc = cb(&row, payload);
        if (fts_query != NULL) {
            sqlite3_reset(sn);
            sqlite3_clear_bindings(sn);
        }
        if (cbrc != 0) {
            rc = cbrc;
        }
    }
    sqlite3_finalize(q);
    return rc;
}

static int sq_count(sl_store *st, int64_t *articles, int64_t *revisions)
{
    sqlite3_stmt *q = impl(st)->stmt[Q_COUNT];
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW) {
        if (articles != NULL) {
            *articles = sqlite3_column_int64(q, 0);
        }
        if (revisions != NULL) {
            *revisions = sqlite3_column_int64(q, 1);
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? SL_OK : db_err(st, "counting");
}

const sl__store_ops sl__sqlite_ops = {
    .name = "sqlite",
    .prov = &sl__prov_sqlite_ops,
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .lookup = sq_lookup,
    .add_revision = sq_add_revision,
    .resolve = sq_resolve,
    .get = sq_get,
    .query = sq_query,
    .count = sq_count,
};
