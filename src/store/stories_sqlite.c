/*
 * stories_sqlite.c - the SQLite side of events and storylines: the rows
 * stories.c writes (see stories.h) and the public reads of
 * storyline/stories.h (listing and getting events and storylines,
 * assignments, digests).
 *
 * Tables (docs/schema.md, schema versions 3 and 4): story_state holds the
 * clusterer's saved state in one row; story_members one row per clustered
 * article (its event, the original it was clustered as a copy of, its
 * seen time, outlet and entities); story_events and story_storylines one
 * row per live id with the aggregates a listing needs, recomputed from
 * their parts whenever an assignment touches them (through covering
 * indexes, so the cost is the size of the event or storyline touched, not
 * of the store); story_digest the opaque per-event and per-storyline
 * bytes of the timeline module.
 *
 * Statements are prepared on first use and kept until the store closes.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "backend.h"
#include "stories.h"
#include "storyline/dates.h"
#include "util/alloc.h"

enum {
    S_STATE_GET,
    S_STATE_PUT,
    S_EVENT_STORYLINE,
    S_MEMBER_ADD,
    S_EVENT_NEW,
    S_EVENT_MOVE,
    S_EVENT_RELABEL,
    S_EVENT_TITLE_FROM,
    S_EVENT_TITLE_OF,
    S_EVENT_OFFER_TITLE,
    S_EVENT_DELETE,
    S_STORY_RELABEL,
    S_STORY_DELETE,
    S_STORY_TOUCH,
    S_EVENT_REFRESH,
    S_STORY_REFRESH,
    S_STORY_DROP_EMPTY,
    S_DIGEST_GET,
    S_DIGEST_PUT,
    S_DIGEST_DELETE,
    S_ARTICLE_STORY,
    S_SOURCE_SEEN,
    S_EVENT_ADD,
    S_STORY_ADD,
    S_STORY_TITLE,
    S_REPLAY,
    S_LAST_MEMBER,
    S__COUNT
};

/*
 * How well an article stands for its event, as an SQL row value (lower
 * is better): an article that provenance found to be a copy of another
 * comes after every original, then the earlier seen (published, else
 * ingested), then the lower id. Two point lookups: prov_links and
 * story_members by primary key.
 */
#define TITLE_RANK(x)                                                      \
    "(EXISTS (SELECT 1 FROM prov_links WHERE copy = " x "), "              \
    "coalesce((SELECT seen_ms FROM story_members WHERE article = " x "), " \
    "9223372036854775807), " x ")"

static const char *const sql_text[S__COUNT] = {
    [S_STATE_GET] = "SELECT data, last_article FROM story_state WHERE id = 1",
    [S_STATE_PUT] = "INSERT OR REPLACE INTO story_state(id, data, "
                    "last_article) VALUES (1, ?1, ?2)",
    [S_EVENT_STORYLINE] = "SELECT storyline FROM story_events WHERE id = ?1",
    [S_MEMBER_ADD] = "INSERT OR REPLACE INTO story_members(article, event, "
                     "copy_of, seen_ms, source, entities) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_EVENT_NEW] = "INSERT OR REPLACE INTO story_events(id, storyline, "
                    "title, first_ms, last_ms, articles, sources, "
                    "title_article) VALUES (?1, ?2, ?3, 0, 0, 0, 0, ?4)",
    [S_EVENT_MOVE] = "UPDATE story_events SET storyline = ?2 WHERE id = ?1",
    [S_EVENT_RELABEL] = "UPDATE story_members SET event = ?2 "
                        "WHERE event = ?1",
    [S_EVENT_TITLE_FROM] =
        "UPDATE story_events SET title = (SELECT title FROM story_events "
        "WHERE id = ?1) WHERE id = ?2 AND title = ''",
    [S_EVENT_TITLE_OF] = "SELECT title, title_article FROM story_events "
                         "WHERE id = ?1",
    [S_EVENT_OFFER_TITLE] =
        "UPDATE story_events SET title = ?3, title_article = ?2 "
        "WHERE id = ?1 AND (title_article IS NULL OR " TITLE_RANK(
            "?2") " < " TITLE_RANK("title_article") ")",
    [S_EVENT_DELETE] = "DELETE FROM story_events WHERE id = ?1",
    [S_STORY_RELABEL] = "UPDATE story_events SET storyline = ?2 "
                        "WHERE storyline = ?1",
    [S_STORY_DELETE] = "DELETE FROM story_storylines WHERE id = ?1",
    [S_STORY_TOUCH] = "INSERT OR IGNORE INTO story_storylines(id, title, "
                      "first_ms, last_ms, events, articles) "
                      "VALUES (?1, '', 0, 0, 0, 0)",
    [S_EVENT_REFRESH] =
        "UPDATE story_events SET (articles, sources, first_ms, last_ms) = "
        "(SELECT count(*), count(DISTINCT source), coalesce(min(seen_ms), 0), "
        "coalesce(max(seen_ms), 0) FROM story_members WHERE event = ?1) "
        "WHERE id = ?1",
    [S_STORY_REFRESH] =
        "UPDATE story_storylines SET (events, articles, first_ms, last_ms) = "
        "(SELECT count(*), coalesce(sum(articles), 0), "
        "coalesce(min(first_ms), 0), coalesce(max(last_ms), 0) "
        "FROM story_events WHERE storyline = ?1), "
        "title = coalesce((SELECT title FROM story_events WHERE storyline = "
        "?1 ORDER BY articles DESC, id DESC LIMIT 1), title) WHERE id = ?1",
    [S_STORY_DROP_EMPTY] = "DELETE FROM story_storylines WHERE id = ?1 AND "
                           "events = 0",
    [S_DIGEST_GET] = "SELECT data, updated_ms FROM story_digest "
                     "WHERE kind = ?1 AND id = ?2",
    [S_DIGEST_PUT] = "INSERT OR REPLACE INTO story_digest(kind, id, data, "
                     "updated_ms) VALUES (?1, ?2, ?3, ?4)",
    [S_DIGEST_DELETE] = "DELETE FROM story_digest WHERE kind = ?1 AND "
                        "id = ?2",
    [S_ARTICLE_STORY] =
        "SELECT m.event, e.storyline FROM story_members m "
        "JOIN story_events e ON e.id = m.event WHERE m.article = ?1",
    [S_SOURCE_SEEN] = "SELECT 1 FROM story_members WHERE event = ?1 AND "
                      "source = ?2 LIMIT 1",
    [S_EVENT_ADD] =
        "UPDATE story_events SET first_ms = CASE WHEN articles = 0 THEN ?2 "
        "ELSE min(first_ms, ?2) END, last_ms = CASE WHEN articles = 0 THEN "
        "?2 ELSE max(last_ms, ?2) END, articles = articles + 1, "
        "sources = sources + ?3 WHERE id = ?1",
    [S_STORY_ADD] =
        "UPDATE story_storylines SET first_ms = CASE WHEN articles = 0 THEN "
        "?2 ELSE min(first_ms, ?2) END, last_ms = CASE WHEN articles = 0 "
        "THEN ?2 ELSE max(last_ms, ?2) END, articles = articles + 1, "
        "events = events + ?3 WHERE id = ?1",
    [S_STORY_TITLE] =
        "UPDATE story_storylines SET title = coalesce((SELECT title FROM "
        "story_events WHERE storyline = ?1 ORDER BY articles DESC, id DESC "
        "LIMIT 1), title) WHERE id = ?1",
    [S_REPLAY] = "SELECT article, coalesce(copy_of, 0) FROM story_members "
                 "WHERE article > ?1 ORDER BY article",
    [S_LAST_MEMBER] = "SELECT coalesce(max(article), 0) FROM story_members",
};

typedef struct stdb {
    sqlite3_stmt *stmt[S__COUNT];
} stdb;

static sqlite3 *db_of(sl_store *st)
{
    return sl__sqlite_handle(st);
}

static int db_err(sl_store *st, const char *what)
{
    sqlite3 *db = db_of(st);

    if (sqlite3_errcode(db) == SQLITE_NOMEM) {
        return sl__store_seterr(st, SL_ENOMEM, "%s: out of memory", what);
    }
    return sl__store_seterr(st, SL_EDB, "%s: %s", what, sqlite3_errmsg(db));
}

/* The cached statement 'which', prepared on first use. */
static int stmt(sqlite3_stmt **out, sl_store *st, int which)
{
    stdb *s = st->stories_db;

    if (s == NULL) {
        s = sl__calloc(1, sizeof(*s));
        if (s == NULL) {
            return SL_ENOMEM;
        }
        st->stories_db = s;
    }
    if (s->stmt[which] == NULL &&
        sqlite3_prepare_v3(db_of(st), sql_text[which], -1,
                           SQLITE_PREPARE_PERSISTENT, &s->stmt[which],
                           NULL) != SQLITE_OK) {
        return db_err(st, "preparing a story statement");
    }
    *out = s->stmt[which];
    return SL_OK;
}

void sl__stdb_close(sl_store *st)
{
    stdb *s = st->stories_db;

    if (s == NULL) {
        return;
    }
    for (int i = 0; i < S__COUNT; i++) {
        sqlite3_finalize(s->stmt[i]);
    }
    sl__free(s);
    st->stories_db = NULL;
}

/* Run a cached statement with two integer parameters to completion. */
static int run2(sl_store *st, int which, int64_t a, int64_t b, const char *w)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, which);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, a);
    if (sqlite3_bind_parameter_count(q) >= 2) {
        sqlite3_bind_int64(q, 2, b);
    }
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, w);
}

static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s == NULL) {
        return sqlite3_bind_null(q, i);
    }
    return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/*---- State ---------------------------------------------------------*/

int sl__stdb_state_get(sl_store *st,
                       char **out,
                       size_t *out_len,
                       int64_t *last_article)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_STATE_GET);

    *out = NULL;
    *out_len = 0;
    *last_article = 0;
    if (rc < 0) {
        return rc;
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(q, 0);
        const void *p = sqlite3_column_blob(q, 0);
        *out = sl__malloc(n ? n : 1);
        if (*out == NULL) {
            sqlite3_reset(q);
            return SL_ENOMEM;
        }
        if (n > 0) {
            memcpy(*out, p, n);
        }
        *out_len = n;
        *last_article = sqlite3_column_int64(q, 1);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "reading the story state");
}

int sl__stdb_state_put(sl_store *st,
                       const void *data,
                       size_t len,
                       int64_t last_article)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_STATE_PUT);

    if (rc < 0) {
        return rc;
    }
    if (len > INT32_MAX) {
        return sl__store_seterr(st, SL_ELIMIT, "story state too large");
    }
    sqlite3_bind_blob(q, 1, data, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, last_article);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "saving the story state");
}

/*---- Assignments ---------------------------------------------------*/

int sl__stdb_event_storyline(sl_store *st, int64_t event, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_EVENT_STORYLINE);

    *out = 0;
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, event);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(q, 0);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "reading an event");
}

int sl__stdb_member_add(sl_store *st, const sl__story_member *m)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_MEMBER_ADD);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, m->article);
    sqlite3_bind_int64(q, 2, m->event);
    if (m->copy_of != 0) {
        sqlite3_bind_int64(q, 3, m->copy_of);
    }
    sqlite3_bind_int64(q, 4, m->seen_ms);
    bind_text(q, 5, m->source);
    bind_text(q, 6, m->entities ? m->entities : "");
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "adding an event member");
}

int sl__stdb_event_new(sl_store *st,
                       int64_t event,
                       int64_t storyline,
                       int64_t article,
                       const char *title)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_EVENT_NEW);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, event);
    sqlite3_bind_int64(q, 2, storyline);
    bind_text(q, 3, title ? title : "");
    sqlite3_bind_int64(q, 4, article);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "adding an event");
}

int sl__stdb_event_offer_title(sl_store *st,
                               int64_t event,
                               int64_t article,
                               const char *title)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_EVENT_OFFER_TITLE);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, event);
    sqlite3_bind_int64(q, 2, article);
    bind_text(q, 3, title ? title : "");
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "titling an event");
}

/* Offer the title of event 'from' to event 'to'. */
static int offer_title_of(sl_store *st, int64_t from, int64_t to)
{
    sqlite3_stmt *q = NULL;
    char *title = NULL;
    int64_t article = 0;
    int rc = stmt(&q, st, S_EVENT_TITLE_OF);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, from);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_type(q, 1) != SQLITE_NULL) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        article = sqlite3_column_int64(q, 1);
        title = sl__strdup(t ? t : "");
        rc = title != NULL ? SQLITE_DONE : SQLITE_NOMEM;
    } else if (rc == SQLITE_ROW) {
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc == SQLITE_NOMEM) {
        return SL_ENOMEM;
    }
    if (rc != SQLITE_DONE) {
        return db_err(st, "reading an event's title");
    }
    if (article != 0) {
        rc = sl__stdb_event_offer_title(st, to, article, title);
    } else {
        rc = SL_OK;
    }
    sl__free(title);
    return rc;
}

int sl__stdb_event_move(sl_store *st, int64_t event, int64_t storyline)
{
    return run2(st, S_EVENT_MOVE, event, storyline, "moving an event");
}

int sl__stdb_event_merge(sl_store *st, int64_t from, int64_t to)
{
    int rc = run2(st, S_EVENT_RELABEL, from, to, "merging events");

    if (rc == SL_OK) {
        rc = offer_title_of(st, from, to);
    }
    if (rc == SL_OK) {
        rc = run2(st, S_EVENT_TITLE_FROM, from, to, "merging events");
    }
    if (rc == SL_OK) {
        rc = run2(st, S_EVENT_DELETE, from, 0, "merging events");
    }
    return rc;
}

int sl__stdb_storyline_merge(sl_store *st, int64_t from, int64_t to)
{
    int rc = run2(st, S_STORY_RELABEL, from, to, "merging storylines");

    if (rc == SL_OK) {
        rc = run2(st, S_STORY_DELETE, from, 0, "merging storylines");
    }
    return rc;
}

int sl__stdb_storyline_touch(sl_store *st, int64_t storyline)
{
    return run2(st, S_STORY_TOUCH, storyline, 0, "adding a storyline");
}

int sl__stdb_event_refresh(sl_store *st, int64_t event)
{
    return run2(st, S_EVENT_REFRESH, event, 0, "updating an event");
}

int sl__stdb_storyline_refresh(sl_store *st, int64_t storyline)
{
    int rc = run2(st, S_STORY_REFRESH, storyline, 0, "updating a storyline");

    if (rc == SL_OK) {
        rc = run2(st, S_STORY_DROP_EMPTY, storyline, 0, "updating a storyline");
    }
    return rc;
}

int sl__stdb_source_new(sl_store *st,
                        int64_t event,
                        const char *source,
                        int *out)
{
    sqlite3_stmt *q = NULL;
    int rc;

    *out = 0;
    if (source == NULL || source[0] == '\0') {
        return SL_OK;
    }
    rc = stmt(&q, st, S_SOURCE_SEEN);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, event);
    bind_text(q, 2, source);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        *out = rc == SQLITE_DONE;
        return SL_OK;
    }
    return db_err(st, "reading an event's outlets");
}

/* Run a cached statement with three integer parameters. */
static int
run3(sl_store *st, int which, int64_t a, int64_t b, int64_t c, const char *w)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, which);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, a);
    sqlite3_bind_int64(q, 2, b);
    sqlite3_bind_int64(q, 3, c);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, w);
}

int sl__stdb_event_add(sl_store *st,
                       int64_t event,
                       int64_t seen_ms,
                       int new_source)
{
    return run3(st, S_EVENT_ADD, event, seen_ms, new_source,
                "updating an event");
}

int sl__stdb_storyline_add(sl_store *st,
                           int64_t storyline,
                           int64_t seen_ms,
                           int new_event)
{
    int rc = run3(st, S_STORY_ADD, storyline, seen_ms, new_event,
                  "updating a storyline");

    if (rc == SL_OK) {
        rc = run2(st, S_STORY_TITLE, storyline, 0, "updating a storyline");
    }
    return rc;
}

int sl__stdb_replay(sl_store *st,
                    int64_t after,
                    sl__copy_pair **out,
                    size_t *count)
{
    sqlite3_stmt *q = NULL;
    sl__copy_pair *v = NULL;
    size_t n = 0, cap = 0;
    int rc = stmt(&q, st, S_REPLAY);

    *out = NULL;
    *count = 0;
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, after);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            sl__copy_pair *nv = sl__realloc(v, ncap * sizeof(*v));
            if (nv == NULL) {
                sqlite3_reset(q);
                sl__free(v);
                return SL_ENOMEM;
            }
            v = nv;
            cap = ncap;
        }
        v[n].article = sqlite3_column_int64(q, 0);
        v[n++].copy_of = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        sl__free(v);
        return db_err(st, "reading the members to replay");
    }
    *out = v;
    *count = n;
    return SL_OK;
}

int sl__stdb_last_member(sl_store *st, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_LAST_MEMBER);

    *out = 0;
    if (rc < 0) {
        return rc;
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(q, 0);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "reading the members");
}

/* Collect rows of two integers from 'sql' into a growing array. */
static int
collect(sl_store *st, const char *sql, int64_t **out, size_t *count, int cols)
{
    sqlite3_stmt *q = NULL;
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *out = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(db_of(st), sql, -1, &q, NULL) != SQLITE_OK) {
        return db_err(st, "preparing a query");
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n + (size_t)cols > cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            int64_t *nv = sl__realloc(v, ncap * sizeof(*v));
            if (nv == NULL) {
                sqlite3_finalize(q);
                sl__free(v);
                return SL_ENOMEM;
            }
            v = nv;
            cap = ncap;
        }
        for (int i = 0; i < cols; i++) {
            v[n++] = sqlite3_column_int64(q, i);
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        sl__free(v);
        return db_err(st, "reading the store");
    }
    *out = v;
    *count = n / (size_t)cols;
    return SL_OK;
}

int sl__stdb_copy_pairs(sl_store *st, sl__copy_pair **out, size_t *count)
{
    int64_t *v = NULL;
    int rc = collect(st,
                     "SELECT article, coalesce(copy_of, 0) FROM story_members "
                     "ORDER BY article",
                     &v, count, 2);

    /* Two int64 per row: the same layout as sl__copy_pair. */
    *out = (sl__copy_pair *)(void *)v;
    return rc;
}

int sl__stdb_article_ids(sl_store *st, int64_t **out, size_t *count)
{
    return collect(st, "SELECT id FROM articles ORDER BY id", out, count, 1);
}

int sl__stdb_clear(sl_store *st)
{
    char *msg = NULL;

    if (sqlite3_exec(db_of(st),
                     "DELETE FROM story_members; DELETE FROM story_events; "
                     "DELETE FROM story_storylines; DELETE FROM story_digest; "
                     "DELETE FROM story_state;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sl__store_seterr(st, SL_EDB, "clearing stories: %s",
                                  msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return SL_OK;
}

/*---- Digests -------------------------------------------------------*/

/* Digests are stored deflated, as "SLZ1", the u32 little-endian length
 * of the digest, then its zlib stream; a blob without the marker (a
 * store written before digests were packed) is the digest itself.
 * Digests hold sentence text and stems, which deflate to about a third,
 * and they are read and written once per story per transaction. */
#define DIGEST_PACK_MAGIC "SLZ1"
#define DIGEST_PACK_HEAD  8
#define DIGEST_MAX_BYTES  ((size_t)256 << 20)

static int
digest_pack(unsigned char **out, size_t *out_len, const void *data, size_t len)
{
    uLongf bound = compressBound((uLong)len);
    unsigned char *buf = sl__malloc((size_t)bound + DIGEST_PACK_HEAD);

    if (buf == NULL) {
        return SL_ENOMEM;
    }
    memcpy(buf, DIGEST_PACK_MAGIC, 4);
    buf[4] = (unsigned char)(len & 0xff);
    buf[5] = (unsigned char)((len >> 8) & 0xff);
    buf[6] = (unsigned char)((len >> 16) & 0xff);
    buf[7] = (unsigned char)((len >> 24) & 0xff);
    if (compress2(buf + DIGEST_PACK_HEAD, &bound, data, (uLong)len, 1) !=
        Z_OK) {
        sl__free(buf);
        return SL_ENOMEM;
    }
    *out = buf;
    *out_len = (size_t)bound + DIGEST_PACK_HEAD;
    return SL_OK;
}

/* The digest in a stored blob, NUL-terminated for callers' convenience. */
static int
digest_unpack(void **out, size_t *out_len, const void *blob, size_t n)
{
    const unsigned char *p = blob;
    int packed = n >= DIGEST_PACK_HEAD && memcmp(p, DIGEST_PACK_MAGIC, 4) == 0;
    size_t len = n;
    char *b;

    if (packed) {
        len = (size_t)p[4] | (size_t)p[5] << 8 | (size_t)p[6] << 16 |
              (size_t)p[7] << 24;
        if (len > DIGEST_MAX_BYTES) {
            return SL_EFORMAT;
        }
    }
    b = sl__malloc(len + 1);
    if (b == NULL) {
        return SL_ENOMEM;
    }
    if (packed) {
        uLongf got = (uLongf)len;
        if (uncompress((Bytef *)b, &got, p + DIGEST_PACK_HEAD,
                       (uLong)(n - DIGEST_PACK_HEAD)) != Z_OK ||
            got != (uLongf)len) {
            sl__free(b);
            return SL_EFORMAT;
        }
    } else if (n > 0) {
        memcpy(b, p, n);
    }
    b[len] = '\0';
    *out = b;
    *out_len = len;
    return SL_OK;
}

/* A reference (sl_store_digest_put_same()): "SLR1", u32 kind, u64 id of
 * the digest whose bytes these are, u32 their length, u32 their CRC-32;
 * little-endian. About 30 bytes where a storyline of one event would
 * hold a second copy of the event's digest. */
#define DIGEST_REF_MAGIC "SLR1"
#define DIGEST_REF_BYTES 24

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static uint32_t digest_crc(const void *data, size_t len)
{
    return (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
}

static const char *kind_name(sl_digest_kind kind)
{
    return kind == SL_DIGEST_EVENT ? "event" : "storyline";
}

/* The digest of (kind, id), following one reference at most. */
static int digest_read(void **out,
                       size_t *out_len,
                       int64_t *updated_ms,
                       sl_store *st,
                       sl_digest_kind kind,
                       int64_t id,
                       int follow)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_DIGEST_GET);

    *out = NULL;
    *out_len = 0;
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int(q, 1, (int)kind);
    sqlite3_bind_int64(q, 2, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(q, 0);
        const unsigned char *p = sqlite3_column_blob(q, 0);
        int64_t updated = sqlite3_column_int64(q, 1);
        if (n == DIGEST_REF_BYTES && memcmp(p, DIGEST_REF_MAGIC, 4) == 0) {
            uint64_t same_kind = get_le(p + 4, 4);
            int64_t same_id = (int64_t)get_le(p + 8, 8);
            size_t len = (size_t)get_le(p + 16, 4);
            uint32_t crc = (uint32_t)get_le(p + 20, 4);
            sqlite3_reset(q); /* p is gone; q is read again below */
            rc = SL_EFORMAT;
            if (follow && same_kind <= SL_DIGEST_STORYLINE) {
                rc = digest_read(out, out_len, NULL, st,
                                 (sl_digest_kind)same_kind, same_id, 0);
            }
            if (rc == SL_OK &&
                (*out_len != len || digest_crc(*out, *out_len) != crc)) {
                sl__free(*out);
                *out = NULL;
                *out_len = 0;
                rc = SL_EFORMAT;
            }
            if (rc == SL_ENOTFOUND) {
                rc = SL_EFORMAT;
            }
        } else {
            rc = digest_unpack(out, out_len, p, n);
            sqlite3_reset(q);
        }
        if (rc == SL_OK && updated_ms != NULL) {
            *updated_ms = updated;
        }
        if (rc == SL_EFORMAT) {
            return sl__store_seterr(st, rc, "corrupt digest for %s %lld",
                                    kind_name(kind), (long long)id);
        }
        return rc;
    }
    sqlite3_reset(q);
    if (rc == SQLITE_DONE) {
        return sl__store_seterr(st, SL_ENOTFOUND, "no digest for %s %lld",
                                kind_name(kind), (long long)id);
    }
    return db_err(st, "reading a digest");
}

int sl_store_digest_get(void **out,
                        size_t *out_len,
                        int64_t *updated_ms,
                        sl_store *st,
                        sl_digest_kind kind,
                        int64_t id)
{
    return digest_read(out, out_len, updated_ms, st, kind, id, 1);
}

/* Store 'blob' as it is for (kind, id). */
static int digest_write(sl_store *st,
                        sl_digest_kind kind,
                        int64_t id,
                        const void *blob,
                        size_t n,
                        int64_t updated_ms)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_DIGEST_PUT);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int(q, 1, (int)kind);
    sqlite3_bind_int64(q, 2, id);
    sqlite3_bind_blob(q, 3, blob, (int)n, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, updated_ms);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SL_OK : db_err(st, "writing a digest");
}

int sl_store_digest_put(sl_store *st,
                        sl_digest_kind kind,
                        int64_t id,
                        const void *data,
                        size_t len,
                        int64_t updated_ms)
{
    unsigned char *packed = NULL;
    size_t packed_len = 0;
    int rc;

    if (len > DIGEST_MAX_BYTES) {
        return sl__store_seterr(st, SL_ELIMIT, "digest too large");
    }
    rc = digest_pack(&packed, &packed_len, len ? data : "", len);
    if (rc != SL_OK) {
        return sl__store_seterr(st, rc, "out of memory packing a digest");
    }
    rc = digest_write(st, kind, id, packed, packed_len, updated_ms);
    sl__free(packed);
    return rc;
}

int sl_store_digest_put_same(sl_store *st,
                             sl_digest_kind kind,
                             int64_t id,
                             sl_digest_kind same_kind,
                             int64_t same_id,
                             const void *data,
                             size_t len,
                             int64_t updated_ms)
{
    unsigned char ref[DIGEST_REF_BYTES];

    if ((kind == same_kind && id == same_id) || (data == NULL && len > 0)) {
        return sl__store_seterr(st, SL_EINVAL, "a digest as its own copy");
    }
    if (len > DIGEST_MAX_BYTES) {
        return sl__store_seterr(st, SL_ELIMIT, "digest too large");
    }
    memcpy(ref, DIGEST_REF_MAGIC, 4);
    put_le(ref + 4, (uint64_t)same_kind, 4);
    put_le(ref + 8, (uint64_t)same_id, 8);
    put_le(ref + 16, len, 4);
    put_le(ref + 20, digest_crc(len ? data : "", len), 4);
    return digest_write(st, kind, id, ref, sizeof(ref), updated_ms);
}

int sl_store_digest_delete(sl_store *st, sl_digest_kind kind, int64_t id)
{
    return run2(st, S_DIGEST_DELETE, (int64_t)kind, id, "deleting a digest");
}

/*---- Reads ---------------------------------------------------------*/

int sl_store_article_story(int64_t *event_id,
                           int64_t *storyline_id,
                           sl_store *st,
                           int64_t article_id)
{
    sqlite3_stmt *q = NULL;
    int rc = stmt(&q, st, S_ARTICLE_STORY);

    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(q, 1, article_id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (event_id != NULL) {
            *event_id = sqlite3_column_int64(q, 0);
        }
        if (storyline_id != NULL) {
            *storyline_id = sqlite3_column_int64(q, 1);
        }
        sqlite3_reset(q);
        return SL_OK;
    }
    sqlite3_reset(q);
    if (rc == SQLITE_DONE) {
        return sl__store_seterr(st, SL_ENOTFOUND, "article %lld is in no event",
                                (long long)article_id);
    }
    return db_err(st, "reading an assignment");
}

/* A date filter as ms; a bare day in 'until' covers the whole day. */
static int
bind_date(sl_store *st, sqlite3_stmt *q, int i, const char *s, int end_of_day)
{
    sl_date d;

    if (s == NULL || s[0] == '\0') {
        return SL_OK;
    }
    if (sl_date_parse(&d, s, strlen(s)) != SL_OK) {
        return sl__store_seterr(st, SL_EINVAL, "cannot read '%s' as a date", s);
    }
    int64_t ms = sl_date_to_ms(&d);
    if (end_of_day && !d.has_time) {
        ms += 86400000 - 1;
    }
    sqlite3_bind_int64(q, i, ms);
    return SL_OK;
}

/* The sanitised FTS5 form of a user query, or NULL for none. */
static int fts_query(sl_store *st, sl_buf *out, const char *query)
{
    int rc;

    if (query == NULL || query[0] == '\0') {
        return SL_OK;
    }
    rc = sl__fts_sanitize(out, query);
    if (rc == 0) {
        return sl__store_seterr(st, SL_EINVAL, "query has no words");
    }
    if (rc == SL_ELIMIT) {
        return sl__store_seterr(st, SL_EINVAL, "query too long");
    }
    return rc < 0 ? rc : SL_OK;
}

/* Events or storylines (which = 0 or 1) matching q, as the WHERE clause
 * shared by the count and the page. Parameters: ?1 since, ?2 until, ?3
 * storyline, ?4 FTS query, ?5 limit, ?6 offset. */
static const char *const where_sql[2] = {
    "FROM story_events x "
    "WHERE (?1 IS NULL OR x.last_ms >= ?1) "
    "AND (?2 IS NULL OR x.last_ms <= ?2) "
    "AND (?3 = 0 OR x.storyline = ?3) "
    "AND (?4 IS NULL OR x.id IN (SELECT m.event FROM fts "
    "JOIN revisions r ON r.id = fts.rowid "
    "JOIN story_members m ON m.article = r.article_id "
    "WHERE fts MATCH ?4)) ",
    "FROM story_storylines x "
    "WHERE (?1 IS NULL OR x.last_ms >= ?1) "
    "AND (?2 IS NULL OR x.last_ms <= ?2) "
    "AND (?3 = 0 OR ?3 <> 0) "
    "AND (?4 IS NULL OR x.id IN (SELECT e.storyline FROM fts "
    "JOIN revisions r ON r.id = fts.rowid "
    "JOIN story_members m ON m.article = r.article_id "
    "JOIN story_events e ON e.id = m.event "
    "WHERE fts MATCH ?4)) ",
};

static int prepare_listing(sqlite3_stmt **out,
                           sl_store *st,
                           const char *head,
                           int which,
                           const char *tail,
                           const sl_story_query *q,
                           const char *fq)
{
    sl_buf sql;
    int rc;

    *out = NULL;
    sl__buf_init(&sql, 0);
    rc = sl__buf_printf(&sql, "%s %s %s", head, where_sql[which], tail);
    if (rc < 0) {
        sl__buf_dispose(&sql);
        return rc;
    }
    if (sqlite3_prepare_v2(db_of(st), sql.ptr, -1, out, NULL) != SQLITE_OK) {
        sl__buf_dispose(&sql);
        return db_err(st, "preparing a listing");
    }
    sl__buf_dispose(&sql);
    rc = bind_date(st, *out, 1, q->since, 0);
    if (rc == SL_OK) {
        rc = bind_date(st, *out, 2, q->until, 1);
    }
    if (rc < 0) {
        sqlite3_finalize(*out);
        *out = NULL;
        return rc;
    }
    sqlite3_bind_int64(*out, 3, q->storyline_id);
    bind_text(*out, 4, fq);
    if (sqlite3_bind_parameter_count(*out) >= 6) {
        sqlite3_bind_int64(*out, 5, q->limit ? (int64_t)q->limit : -1);
        sqlite3_bind_int64(*out, 6, (int64_t)q->offset);
    }
    return SL_OK;
}

static int step_err(sl_store *st, int step)
{
    sqlite3 *db = db_of(st);

    if (step == SQLITE_ERROR && strstr(sqlite3_errmsg(db), "fts5") != NULL) {
        return sl__store_seterr(st, SL_EINVAL, "bad query: %s",
                                sqlite3_errmsg(db));
    }
    return db_err(st, "listing stories");
}

static int count_rows(int64_t *out,
                      sl_store *st,
                      int which,
                      const sl_story_query *q,
                      const char *fq)
{
    sqlite3_stmt *s;
    int rc = prepare_listing(&s, st, "SELECT count(*)", which, "", q, fq);

    if (rc < 0) {
        return rc;
    }
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = SL_OK;
    } else {
        rc = step_err(st, rc);
    }
    sqlite3_finalize(s);
    return rc;
}

static void event_row(sl_event_row *r, sqlite3_stmt *s)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(s, 0);
    r->storyline_id = sqlite3_column_int64(s, 1);
    r->title = (const char *)sqlite3_column_text(s, 2);
    r->first_ms = sqlite3_column_int64(s, 3);
    r->last_ms = sqlite3_column_int64(s, 4);
    r->articles = sqlite3_column_int64(s, 5);
    r->sources = sqlite3_column_int64(s, 6);
}

#define EVENT_COLS                                                           \
    "SELECT x.id, x.storyline, x.title, x.first_ms, x.last_ms, x.articles, " \
    "x.sources"

/* One row of a listing, handed to the public callback by the caller of
 * run_listing(). */
typedef int (*listing_row_fn)(sqlite3_stmt *s, void *ctx);

/* The listing behind sl_store_events() and sl_store_storylines(): the
 * total when asked, then each row of the page, in the query's order. */
static int run_listing(int64_t *out_total,
                       sl_store *st,
                       const sl_story_query *q,
                       int storylines,
                       const char *cols,
                       listing_row_fn row,
                       void *ctx)
{
    sl_story_query none = { 0 };
    sqlite3_stmt *s = NULL;
    sl_buf fq;
    int rc;

    if (q == NULL) {
        q = &none;
    }
    sl__buf_init(&fq, 4096);
    rc = fts_query(st, &fq, q->query);
    const char *f = fq.len > 0 ? fq.ptr : NULL;
    if (rc == SL_OK && out_total != NULL) {
        rc = count_rows(out_total, st, storylines, q, f);
    }
    if (rc == SL_OK) {
        rc = prepare_listing(
            &s, st, cols, storylines,
            q->sort == SL_STORY_SORT_SIZE
                ? "ORDER BY x.articles DESC, x.last_ms DESC, x.id DESC "
                  "LIMIT ?5 OFFSET ?6"
                : "ORDER BY x.last_ms DESC, x.id DESC LIMIT ?5 OFFSET ?6",
            q, f);
    }
    while (rc == SL_OK) {
        int step = sqlite3_step(s);
        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = step_err(st, step);
            break;
        }
        rc = row(s, ctx);
    }
    sqlite3_finalize(s);
    sl__buf_dispose(&fq);
    return rc;
}

typedef struct event_visit {
    sl_event_cb cb;
    void *payload;
} event_visit;

static int visit_event(sqlite3_stmt *s, void *ctx)
{
    event_visit *v = ctx;
    sl_event_row r;

    event_row(&r, s);
    return v->cb(&r, v->payload);
}

int sl_store_events(int64_t *out_total,
                    sl_store *st,
                    const sl_story_query *q,
                    sl_event_cb cb,
                    void *payload)
{
    event_visit v = { cb, payload };

    return run_listing(out_total, st, q, 0, EVENT_COLS, visit_event, &v);
}

static void storyline_row(sl_storyline_row *r, sqlite3_stmt *s)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(s, 0);
    r->title = (const char *)sqlite3_column_text(s, 1);
    r->first_ms = sqlite3_column_int64(s, 2);
    r->last_ms = sqlite3_column_int64(s, 3);
    r->events = sqlite3_column_int64(s, 4);
    r->articles = sqlite3_column_int64(s, 5);
}

#define STORY_COLS \
    "SELECT x.id, x.title, x.first_ms, x.last_ms, x.events, x.articles"

typedef struct storyline_visit {
    sl_storyline_cb cb;
    void *payload;
} storyline_visit;

static int visit_storyline(sqlite3_stmt *s, void *ctx)
{
    storyline_visit *v = ctx;
    sl_storyline_row r;

    storyline_row(&r, s);
    return v->cb(&r, v->payload);
}

int sl_store_storylines(int64_t *out_total,
                        sl_store *st,
                        const sl_story_query *q,
                        sl_storyline_cb cb,
                        void *payload)
{
    storyline_visit v = { cb, payload };

    return run_listing(out_total, st, q, 1, STORY_COLS, visit_storyline, &v);
}

int sl_store_assignments(sl_store *st, sl_assignment_cb cb, void *payload)
{
    sqlite3_stmt *s = NULL;
    int rc = SL_OK;

    if (sqlite3_prepare_v2(
            db_of(st),
            "SELECT m.article, coalesce(a.ext_id, a.identity), m.event, "
            "e.storyline FROM story_members m "
            "JOIN articles a ON a.id = m.article "
            "JOIN story_events e ON e.id = m.event ORDER BY m.article",
            -1, &s, NULL) != SQLITE_OK) {
        return db_err(st, "preparing the assignments");
    }
    while (rc == SL_OK) {
        int step = sqlite3_step(s);
        sl_assignment_row r;
        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = db_err(st, "reading the assignments");
            break;
        }
        r.article_id = sqlite3_column_int64(s, 0);
        r.key = (const char *)sqlite3_column_text(s, 1);
        r.event_id = sqlite3_column_int64(s, 2);
        r.storyline_id = sqlite3_column_int64(s, 3);
        rc = cb(&r, payload);
    }
    sqlite3_finalize(s);
    return rc;
}

/*---- One event, one storyline --------------------------------------*/

static char *dup_col(sqlite3_stmt *s, int i, int *rc)
{
    const char *v = (const char *)sqlite3_column_text(s, i);
    char *r;

    if (v == NULL) {
        return NULL;
    }
    r = sl__strdup(v);
    if (r == NULL) {
        *rc = SL_ENOMEM;
    }
    return r;
}

/* (type, name, count) while aggregating an event's entities. */
typedef struct ent_tmp {
    const char *type;
    char *name;
    int64_t count;
} ent_tmp;

static int cmp_ent_name(const void *x, const void *y)
{
    const ent_tmp *a = x;
    const ent_tmp *b = y;
    int c = strcmp(a->name, b->name);

    return c != 0 ? c : strcmp(a->type, b->type);
}

static int cmp_ent_count(const void *x, const void *y)
{
    const ent_tmp *a = x;
    const ent_tmp *b = y;

    if (a->count != b->count) {
        return a->count < b->count ? 1 : -1;
    }
    return cmp_ent_name(x, y);
}

static const char *type_name(const char *s, size_t n)
{
    if (n == 3 && memcmp(s, "PER", 3) == 0) {
        return "PER";
    }
    if (n == 3 && memcmp(s, "ORG", 3) == 0) {
        return "ORG";
    }
    return "LOC";
}

/* Append the entities of one article ("TYPE\tname\n" lines). */
static int add_entities(ent_tmp **v, size_t *n, size_t *cap, const char *s)
{
    while (s != NULL && *s) {
        const char *tab = strchr(s, '\t');
        const char *nl = strchr(s, '\n');
        if (nl == NULL) {
            nl = s + strlen(s);
        }
        if (tab != NULL && tab < nl && nl > tab + 1) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 64;
                ent_tmp *nv = sl__realloc(*v, ncap * sizeof(**v));
                if (nv == NULL) {
                    return SL_ENOMEM;
                }
                *v = nv;
                *cap = ncap;
            }
            ent_tmp *e = &(*v)[*n];
            e->type = type_name(s, (size_t)(tab - s));
            e->name = sl__strndup(tab + 1, (size_t)(nl - tab - 1));
            if (e->name == NULL) {
                return SL_ENOMEM;
            }
            e->count = 1;
            (*n)++;
        }
        s = *nl ? nl + 1 : nl;
    }
    return SL_OK;
}

#define EVENT_MAX_ENTITIES 50

/* Count equal entries of a name-sorted array, keep the top ones. */
static int finish_entities(sl_event *e, ent_tmp *v, size_t n)
{
    size_t m = 0;

    if (n == 0) {
        return SL_OK;
    }
    qsort(v, n, sizeof(*v), cmp_ent_name);
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && cmp_ent_name(&v[m - 1], &v[i]) == 0) {
            v[m - 1].count += v[i].count;
            sl__free(v[i].name);
            v[i].name = NULL;
            continue;
        }
        v[m++] = v[i];
    }
    qsort(v, m, sizeof(*v), cmp_ent_count);
    size_t keep = m < EVENT_MAX_ENTITIES ? m : EVENT_MAX_ENTITIES;
    e->entities = sl__calloc(keep, sizeof(*e->entities));
    if (e->entities == NULL) {
        for (size_t i = 0; i < m; i++) {
            sl__free(v[i].name);
        }
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        if (i < keep) {
            e->entities[i].name = v[i].name;
            e->entities[i].type = v[i].type;
            e->entities[i].articles = v[i].count;
        } else {
            sl__free(v[i].name);
        }
    }
    e->entity_count = keep;
    return SL_OK;
}

static int cmp_source(const void *x, const void *y)
{
    const sl_event_source *a = x;
    const sl_event_source *b = y;

    if (a->articles != b->articles) {
        return a->articles < b->articles ? 1 : -1;
    }
    return strcmp(a->name, b->name);
}

static int cmp_source_name(const void *x, const void *y)
{
    const sl_event_source *a = x;
    const sl_event_source *b = y;

    return strcmp(a->name, b->name);
}

static int finish_sources(sl_event *e)
{
    size_t n = 0, m = 0;

    for (size_t i = 0; i < e->article_count; i++) {
        n += e->articles[i].source != NULL && e->articles[i].source[0];
    }
    if (n == 0) {
        return SL_OK;
    }
    e->sources = sl__calloc(n, sizeof(*e->sources));
    if (e->sources == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < e->article_count; i++) {
        const char *s = e->articles[i].source;
        if (s != NULL && s[0]) {
            e->sources[m].name = sl__strdup(s);
            if (e->sources[m].name == NULL) {
                e->source_count = m;
                return SL_ENOMEM;
            }
            e->sources[m++].articles = 1;
        }
    }
    qsort(e->sources, m, sizeof(*e->sources), cmp_source_name);
    n = 0;
    for (size_t i = 0; i < m; i++) {
        if (n > 0 && strcmp(e->sources[n - 1].name, e->sources[i].name) == 0) {
            e->sources[n - 1].articles++;
            sl__free(e->sources[i].name);
            continue;
        }
        e->sources[n++] = e->sources[i];
    }
    e->source_count = n;
    qsort(e->sources, n, sizeof(*e->sources), cmp_source);
    return SL_OK;
}

static int read_event_row(sl_store *st, int64_t id, sl_event *e)
{
    sqlite3_stmt *s = NULL;
    int rc = SL_OK;

    if (sqlite3_prepare_v2(db_of(st),
                           EVENT_COLS " FROM story_events x "
                                      "WHERE x.id = ?1",
                           -1, &s, NULL) != SQLITE_OK) {
        return db_err(st, "preparing an event read");
    }
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        event_row(&e->row, s);
        char *t = dup_col(s, 2, &rc);
        e->row.title = t != NULL ? t : NULL;
    } else if (step == SQLITE_DONE) {
        rc = sl__store_seterr(st, SL_ENOTFOUND, "no event %lld", (long long)id);
    } else {
        rc = db_err(st, "reading an event");
    }
    sqlite3_finalize(s);
    return rc;
}

int sl_store_event_get(sl_event **out, sl_store *st, int64_t event_id)
{
    sqlite3_stmt *s = NULL;
    sl_event *e;
    ent_tmp *ents = NULL;
    size_t nents = 0, cap_ents = 0, cap = 0;
    int rc;

    *out = NULL;
    e = sl__calloc(1, sizeof(*e));
    if (e == NULL) {
        return SL_ENOMEM;
    }
    rc = read_event_row(st, event_id, e);
    if (rc < 0) {
        goto out;
    }
    if (sqlite3_prepare_v2(
            db_of(st),
            "SELECT m.article, coalesce(a.ext_id, a.identity), r.title, "
            "a.url, r.source, r.published, m.seen_ms, "
            "coalesce(m.copy_of, 0), m.entities FROM story_members m "
            "JOIN articles a ON a.id = m.article "
            "JOIN revisions r ON r.id = a.latest_rev "
            "WHERE m.event = ?1 ORDER BY m.article",
            -1, &s, NULL) != SQLITE_OK) {
        rc = db_err(st, "preparing an event read");
        goto out;
    }
    sqlite3_bind_int64(s, 1, event_id);
    while (rc == SL_OK) {
        int step = sqlite3_step(s);
        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = db_err(st, "reading an event's articles");
            break;
        }
        if (e->article_count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            sl_event_article *na = sl__realloc(e->articles, ncap * sizeof(*na));
            if (na == NULL) {
                rc = SL_ENOMEM;
                break;
            }
            e->articles = na;
            cap = ncap;
        }
        sl_event_article *a = &e->articles[e->article_count++];
        memset(a, 0, sizeof(*a));
        a->id = sqlite3_column_int64(s, 0);
        a->key = dup_col(s, 1, &rc);
        a->title = dup_col(s, 2, &rc);
        a->url = dup_col(s, 3, &rc);
        a->source = dup_col(s, 4, &rc);
        a->published = dup_col(s, 5, &rc);
        a->seen_ms = sqlite3_column_int64(s, 6);
        a->copy_of = sqlite3_column_int64(s, 7);
        if (rc == SL_OK) {
            rc = add_entities(&ents, &nents, &cap_ents,
                              (const char *)sqlite3_column_text(s, 8));
        }
    }
    if (rc == SL_OK) {
        rc = finish_sources(e);
    }
    if (rc == SL_OK) {
        rc = finish_entities(e, ents, nents);
        nents = 0; /* names now owned by e or freed */
    }
out:
    for (size_t i = 0; i < nents; i++) {
        sl__free(ents[i].name);
    }
    sl__free(ents);
    sqlite3_finalize(s);
    if (rc < 0) {
        sl_event_free(e);
        return rc;
    }
    *out = e;
    return SL_OK;
}

void sl_event_free(sl_event *e)
{
    if (e == NULL) {
        return;
    }
    sl__free((char *)(uintptr_t)e->row.title);
    for (size_t i = 0; i < e->article_count; i++) {
        sl__free(e->articles[i].key);
        sl__free(e->articles[i].title);
        sl__free(e->articles[i].url);
        sl__free(e->articles[i].source);
        sl__free(e->articles[i].published);
    }
    sl__free(e->articles);
    for (size_t i = 0; i < e->source_count; i++) {
        sl__free(e->sources[i].name);
    }
    sl__free(e->sources);
    for (size_t i = 0; i < e->entity_count; i++) {
        sl__free(e->entities[i].name);
    }
    sl__free(e->entities);
    sl__free(e);
}

int sl_store_storyline_get(sl_storyline **out,
                           sl_store *st,
                           int64_t storyline_id)
{
    sqlite3_stmt *s = NULL;
    sl_storyline *sl;
    size_t cap = 0;
    int rc = SL_OK;

    *out = NULL;
    sl = sl__calloc(1, sizeof(*sl));
    if (sl == NULL) {
        return SL_ENOMEM;
    }
    if (sqlite3_prepare_v2(db_of(st),
                           STORY_COLS " FROM story_storylines x "
                                      "WHERE x.id = ?1",
                           -1, &s, NULL) != SQLITE_OK) {
        rc = db_err(st, "preparing a storyline read");
        goto out;
    }
    sqlite3_bind_int64(s, 1, storyline_id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        storyline_row(&sl->row, s);
        sl->row.title = dup_col(s, 1, &rc);
    } else if (step == SQLITE_DONE) {
        rc = sl__store_seterr(st, SL_ENOTFOUND, "no storyline %lld",
                              (long long)storyline_id);
    } else {
        rc = db_err(st, "reading a storyline");
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc < 0) {
        goto out;
    }
    if (sqlite3_prepare_v2(db_of(st),
                           EVENT_COLS " FROM story_events x "
                                      "WHERE x.storyline = ?1 "
                                      "ORDER BY x.first_ms, x.id",
                           -1, &s, NULL) != SQLITE_OK) {
        rc = db_err(st, "preparing a storyline read");
        goto out;
    }
    sqlite3_bind_int64(s, 1, storyline_id);
    while (rc == SL_OK) {
        step = sqlite3_step(s);
        if (step == SQLITE_DONE) {
            break;
        }
        if (step != SQLITE_ROW) {
            rc = db_err(st, "reading a storyline's events");
            break;
        }
        if (sl->event_count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            sl_event_row *nv = sl__realloc(sl->events, ncap * sizeof(*nv));
            if (nv == NULL) {
                rc = SL_ENOMEM;
                break;
            }
            sl->events = nv;
            cap = ncap;
        }
        sl_event_row *r = &sl->events[sl->event_count];
        event_row(r, s);
        r->title = dup_col(s, 2, &rc);
        sl->event_count++;
    }
out:
    sqlite3_finalize(s);
    if (rc < 0) {
        sl_storyline_free(sl);
        return rc;
    }
    *out = sl;
    return SL_OK;
}

void sl_storyline_free(sl_storyline *s)
{
    if (s == NULL) {
        return;
    }
    sl__free((char *)(uintptr_t)s->row.title);
    for (size_t i = 0; i < s->event_count; i++) {
        sl__free((char *)(uintptr_t)s->events[i].title);
    }
    sl__free(s->events);
    sl__free(s);
}
