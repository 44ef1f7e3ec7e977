/*
 * test_store.c - the article store: identities, revisions, search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/backend.h"
#include "storyline/store.h"
#include "storyline/stories.h"
#include "support.h"

static sl_store_input article(const char *ext_id,
                              const char *url,
                              const char *title,
                              const char *body)
{
    sl_store_input in;

    memset(&in, 0, sizeof(in));
    in.ext_id = ext_id;
    in.url = url;
    in.title = title;
    in.body = body;
    in.published = "2024-03-05T08:30:00+01:00";
    in.source = "The Coastal Courier";
    in.lang = "en";
    in.ingested_ms = 1700000000000;
    return in;
}

static void test_store__put_is_idempotent(void **state)
{
    fixture *f = *state;
    sl_store_input in = article("a1", NULL, "Bridge reopens",
                                "The harbour bridge reopened on Tuesday.");
    sl_put_result res;
    int64_t id1 = 0, id2 = 0, n = 0, revs = 0;

    assert_int_equal(sl_store_put(&id1, &res, f->st, &in), SL_OK);
    assert_int_equal(res, SL_PUT_ADDED);
    assert_int_equal(sl_store_put(&id2, &res, f->st, &in), SL_OK);
    assert_int_equal(res, SL_PUT_UNCHANGED);
    assert_true(id1 == id2);
    assert_int_equal(sl_store_count(f->st, &n, &revs), SL_OK);
    assert_true(n == 1 && revs == 1);
}

static void test_store__same_text_two_identities(void **state)
{
    fixture *f = *state;
    sl_store_input a = article(NULL, "https://a.example/x", "Storm",
                               "Sea water poured over the wall.");
    sl_store_input b = article(NULL, "https://b.example/y", "Storm",
                               "Sea water poured over the wall.");
    sl_put_result res;
    int64_t n = 0;

    assert_int_equal(sl_store_put(NULL, &res, f->st, &a), SL_OK);
    assert_int_equal(sl_store_put(NULL, &res, f->st, &b), SL_OK);
    assert_int_equal(res, SL_PUT_ADDED);
    assert_int_equal(sl_store_count(f->st, &n, NULL), SL_OK);
    assert_true(n == 2);
}

static void test_store__revision_keeps_both(void **state)
{
    fixture *f = *state;
    sl_store_input v1 = article("k9", NULL, "Strike vote",
                                "Rail staff voted to strike in March.");
    sl_store_input v2 = article("k9", NULL, "Strike vote (updated)",
                                "Rail staff voted to strike on March 21.");
    sl_stored_article *a = NULL;
    sl_put_result res;
    int64_t id = 0, revs = 0;

    assert_int_equal(sl_store_put(&id, &res, f->st, &v1), SL_OK);
    assert_int_equal(sl_store_put(&id, &res, f->st, &v2), SL_OK);
    assert_int_equal(res, SL_PUT_REVISED);
    assert_int_equal(sl_store_count(f->st, NULL, &revs), SL_OK);
    assert_true(revs == 2);

    assert_int_equal(sl_store_get(&a, f->st, "k9", 0), SL_OK);
    assert_int_equal(a->rev, 2);
    assert_int_equal(a->rev_count, 2);
    assert_true(a->prev_revision_id != 0);
    assert_string_equal(a->body, "Rail staff voted to strike on March 21.");
    sl_stored_article_free(a);
    assert_int_equal(sl_store_get(&a, f->st, "k9", 1), SL_OK);
    assert_string_equal(a->title, "Strike vote");
    assert_true(a->prev_revision_id == 0);
    sl_stored_article_free(a);
    assert_int_equal(sl_store_get(&a, f->st, "id:k9", 3), SL_ENOTFOUND);
    assert_null(a);
}

static int collect(const sl_article_row *row, void *payload)
{
    int64_t *ids = payload;

    ids[++ids[0]] = row->id;
    return 0;
}

static void test_store__search_latest_revision_only(void **state)
{
    fixture *f = *state;
    sl_store_input v1 = article("s1", NULL, "Ferry cancelled",
                                "The ferry to the islands was cancelled.");
    sl_store_input v2 = article("s1", NULL, "Ferry delayed",
                                "The ferry to the islands was delayed.");
    sl_store_input other = article("s2", NULL, "Bakery award",
                                   "A bakery on the quay won an award.");
    sl_query_options q = { 0 };
    int64_t ids[8] = { 0 };

    assert_int_equal(sl_store_put(NULL, NULL, f->st, &v1), SL_OK);
    assert_int_equal(sl_store_put(NULL, NULL, f->st, &other), SL_OK);
    assert_int_equal(sl_store_put(NULL, NULL, f->st, &v2), SL_OK);
    q.query = "cancelled";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 0);
    q.query = "ferry delayed";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 1);
    /* Syntax that FTS5 would reject is read as words. */
    ids[0] = 0;
    q.query = "\"ferry (AND) NEAR( OR *bakery\" ^:";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    q.query = "()\"";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_EINVAL);
    /* Filters. */
    ids[0] = 0;
    q.query = "ferry OR bakery";
    q.since = "2024-03-06";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 0);
    q.since = "2024-03-05";
    q.until = "2024-03-05";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 2);
}

/* An older version read again, before or after a newer one, adds
 * nothing; a version dated before the latest arrives late and is kept
 * without replacing it; each revision keeps its own file. */
static void test_store__revisions_any_match_and_dates(void **state)
{
    fixture *f = *state;
    sl_store_input v1 = article(NULL, "https://gazette.example/quay",
                                "Quay damage put at 2 million",
                                "Damage on the quay was put at 2 million.");
    sl_store_input v2 = v1, v3 = v1;
    sl_stored_article *a = NULL;
    sl_put_result res;
    int64_t revs = 0;
    sl_query_options q = { 0 };
    int64_t ids[8] = { 0 };

    v1.path = "pages/quay-v1.html";
    v1.published = "2025-02-14T16:30:00Z";
    v2.path = "pages/quay-v2.html";
    v2.published = "2025-02-14T16:30:00Z";
    v2.modified = "2025-02-15T11:05:00Z";
    v2.body = "Damage on the quay was put at 2.3 million.";
    v3.path = "pages/quay-v3.html";
    v3.published = "2025-02-14T16:30:00Z";
    v3.modified = "2025-02-16T09:00:00Z";
    v3.body = "Damage on the quay was put at 2.5 million.";

    /* v2 first, then the older v1: kept, but v2 stays the latest. */
    assert_int_equal(sl_store_put(NULL, &res, f->st, &v2), SL_OK);
    assert_int_equal(res, SL_PUT_ADDED);
    assert_int_equal(sl_store_put(NULL, &res, f->st, &v1), SL_OK);
    assert_int_equal(res, SL_PUT_REVISED);
    assert_int_equal(sl_store_get(&a, f->st, "https://gazette.example/quay", 0),
                     SL_OK);
    assert_int_equal(a->rev, 1);
    assert_int_equal(a->rev_count, 2);
    assert_string_equal(a->path, "pages/quay-v2.html");
    assert_non_null(strstr(a->body, "2.3 million"));
    sl_stored_article_free(a);
    assert_int_equal(sl_store_get(&a, f->st, "https://gazette.example/quay", 2),
                     SL_OK);
    assert_string_equal(a->path, "pages/quay-v1.html");
    assert_true(a->prev_revision_id != 0);
    sl_stored_article_free(a);
    q.query = "2.3";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 1);

    /* Either version again: unchanged. */
    assert_int_equal(sl_store_put(NULL, &res, f->st, &v1), SL_OK);
    assert_int_equal(res, SL_PUT_UNCHANGED);
    assert_int_equal(sl_store_put(NULL, &res, f->st, &v2), SL_OK);
    assert_int_equal(res, SL_PUT_UNCHANGED);
    assert_int_equal(sl_store_count(f->st, NULL, &revs), SL_OK);
    assert_true(revs == 2);

    /* A newer version replaces the latest, in the index too. */
    assert_int_equal(sl_store_put(NULL, &res, f->st, &v3), SL_OK);
    assert_int_equal(res, SL_PUT_REVISED);
    assert_int_equal(sl_store_get(&a, f->st, "https://gazette.example/quay", 0),
                     SL_OK);
    assert_int_equal(a->rev, 3);
    assert_string_equal(a->path, "pages/quay-v3.html");
    sl_stored_article_free(a);
    ids[0] = 0;
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 0);
    q.query = "2.5";
    assert_int_equal(sl_store_search(f->st, &q, collect, ids), SL_OK);
    assert_true(ids[0] == 1);

    /* Undated versions follow arrival order. */
    sl_store_input u1 = article("u", NULL, "Undated", "First text.");
    sl_store_input u2 = article("u", NULL, "Undated", "Second text.");
    u1.published = NULL;
    u2.published = NULL;
    assert_int_equal(sl_store_put(NULL, NULL, f->st, &u2), SL_OK);
    assert_int_equal(sl_store_put(NULL, NULL, f->st, &u1), SL_OK);
    assert_int_equal(sl_store_get(&a, f->st, "u", 0), SL_OK);
    assert_string_equal(a->body, "First text.");
    sl_stored_article_free(a);
}

static void test_store__sanitize(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "harbour wall", "\"harbour\" \"wall\"" },
        { "\"sea wall\" flood*", "\"sea wall\" \"flood\"*" },
        { "a OR b", "\"a\" OR \"b\"" },
        { "OR a", "\"OR\" \"a\"" },
        { "a OR", "\"a\"" },
        { "NEAR(a b) col:x", "\"NEAR\" \"a\" \"b\" \"col\" \"x\"" },
        { "caf\xc3\xa9 \"unclosed", "\"caf\xc3\xa9\" \"unclosed\"" },
    };
    sl_buf b;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sl__buf_init(&b, 0);
        assert_true(sl__fts_sanitize(&b, cases[i].in) > 0);
        assert_string_equal(b.ptr, cases[i].out);
        sl__buf_dispose(&b);
    }
}

static void test_store__body_pack_roundtrip(void **state)
{
    char body[3000];
    char *packed = NULL, *back = NULL;
    size_t plen = 0, blen = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(body) - 1; i++) {
        body[i] = "harbour wall "[i % 13];
    }
    body[sizeof(body) - 1] = '\0';
    assert_int_equal(sl__body_pack(&packed, &plen, body, strlen(body)), SL_OK);
    assert_true(plen < strlen(body) / 4);
    assert_int_equal(sl__body_unpack(&back, &blen, packed, plen), SL_OK);
    assert_string_equal(back, body);
    sl_free(packed);
    sl_free(back);
    assert_int_equal(sl__body_unpack(&back, &blen, "\x07xyz", 4), SL_EFORMAT);
}

static void test_store__rejects_foreign_and_newer(void **state)
{
    fixture *f = *state;
    char path[160];
    sl_store *st = NULL;
    FILE *fp;

    /* A file that is not a database. */
    snprintf(path, sizeof(path), "%s/junk.db", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("this is not a database, just some text of a decent length......",
          fp);
    fclose(fp);
    assert_int_equal(sl_store_open(&st, path, NULL), SL_EDB);
    sl_store_close(st);
    /* Read-only open of a missing store. */
    sl_store_options ro = { .read_only = 1 };
    snprintf(path, sizeof(path), "%s/missing.db", f->dir);
    st = NULL;
    assert_true(sl_store_open(&st, path, &ro) < 0);
    sl_store_close(st);
    assert_int_equal(sl_store_schema_version(f->st), SL_SCHEMA_VERSION);
}

static void test_store__no_identity(void **state)
{
    fixture *f = *state;
    sl_store_input in = article(NULL, NULL, "t", "b");

    assert_int_equal(sl_store_put(NULL, NULL, f->st, &in), SL_EINVAL);
    assert_non_null(strstr(sl_store_errmsg(f->st), "no id"));
}

/*---- Events and storylines -------------------------------------------*/

/* Two clear events (a storm on a bridge, an election), a reprint of the
 * first article, and a follow-up a week later. */
static const struct {
    const char *id, *title, *body, *published, *source;
} news[] = {
    { "s1", "Storm closes Harbour Bridge in Port Elwin",
      "A winter storm closed the Harbour Bridge in Port Elwin on Tuesday "
      "after waves broke over the road deck. Mayor Ada Brennan said "
      "engineers from Coastline Works would inspect the bridge piers "
      "before traffic returns. Ferries to Kells Island were cancelled.",
      "2024-03-05T08:00:00Z", "The Coastal Courier" },
    { "v1", "Valdoria votes in snap parliamentary election",
      "Voters in Valdoria cast ballots on Wednesday in a snap "
      "parliamentary election called by Prime Minister Tomas Reyl after "
      "his coalition collapsed over the budget. Polls close at nine and "
      "the electoral commission expects results by Thursday morning.",
      "2024-03-06T07:00:00Z", "Valdoria Today" },
    { "s2", "Port Elwin bridge shut as storm waves batter piers",
      "The Harbour Bridge in Port Elwin stayed shut on Tuesday as storm "
      "waves battered its piers. Mayor Ada Brennan told residents that "
      "Coastline Works engineers must inspect the bridge before it "
      "reopens, and ferries to Kells Island remain cancelled.",
      "2024-03-05T11:00:00Z", "Elwin Evening Post" },
    { "v2", "Turnout high as Valdoria elects new parliament",
      "Turnout was high in Valdoria's snap parliamentary election on "
      "Wednesday, the electoral commission said, as Prime Minister Tomas "
      "Reyl sought a new majority after the collapse of his coalition "
      "over the budget. Results are expected by Thursday morning.",
      "2024-03-06T15:00:00Z", "Northern Ledger" },
    { "s3", "Storm closes Harbour Bridge in Port Elwin",
      "A winter storm closed the Harbour Bridge in Port Elwin on Tuesday "
      "after waves broke over the road deck. Mayor Ada Brennan said "
      "engineers from Coastline Works would inspect the bridge piers "
      "before traffic returns. Ferries to Kells Island were cancelled.",
      "2024-03-05T12:00:00Z", "Wire Reprints" },
    { "s4", "Harbour Bridge in Port Elwin reopens after storm repairs",
      "The Harbour Bridge in Port Elwin reopened on Tuesday, a week after "
      "a winter storm closed it. Coastline Works engineers finished "
      "repairs to the bridge piers, Mayor Ada Brennan said, and ferries "
      "to Kells Island run again.",
      "2024-03-12T09:00:00Z", "The Coastal Courier" },
};
#define NEWS_COUNT (sizeof(news) / sizeof(news[0]))

static int put_news(sl_store *st, size_t from, size_t to)
{
    int rc = sl_store_begin(st);

    for (size_t i = from; rc == SL_OK && i < to; i++) {
        sl_store_input in =
            article(news[i].id, NULL, news[i].title, news[i].body);
        in.published = news[i].published;
        in.source = news[i].source;
        rc = sl_store_put(NULL, NULL, st, &in);
    }
    if (rc == SL_OK) {
        rc = sl_store_commit(st);
    }
    return rc;
}

/* "key event storyline\n" per article. */
static int add_line(const sl_assignment_row *r, void *payload)
{
    char line[128];

    snprintf(line, sizeof(line), "%s %lld %lld\n", r->key,
             (long long)r->event_id, (long long)r->storyline_id);
    strcat(payload, line);
    return 0;
}

static void assignments(sl_store *st, char *out)
{
    out[0] = '\0';
    assert_int_equal(sl_store_assignments(st, add_line, out), SL_OK);
}

static int64_t event_of(sl_store *st, const char *key)
{
    sl_stored_article *a = NULL;
    int64_t ev = 0, sl = 0;

    assert_int_equal(sl_store_get(&a, st, key, 0), SL_OK);
    assert_int_equal(sl_store_article_story(&ev, &sl, st, a->id), SL_OK);
    assert_true(ev > 0 && sl > 0);
    sl_stored_article_free(a);
    return ev;
}

static int count_row(const sl_event_row *r, void *payload)
{
    (*(int *)payload)++;
    assert_non_null(r->title);
    return 0;
}

static void test_store__stories_assign_and_read(void **state)
{
    fixture *f = *state;

    assert_int_equal(put_news(f->st, 0, NEWS_COUNT), SL_OK);
    int64_t storm = event_of(f->st, "s1");
    int64_t vote = event_of(f->st, "v1");
    assert_true(storm != vote);
    assert_true(event_of(f->st, "s2") == storm);
    assert_true(event_of(f->st, "s3") == storm); /* the reprint */
    assert_true(event_of(f->st, "v2") == vote);

    int64_t total = 0;
    int rows = 0;
    assert_int_equal(sl_store_events(&total, f->st, NULL, count_row, &rows),
                     SL_OK);
    assert_true(total >= 2 && rows == (int)total);
    sl_story_query q = { .query = "ballots", .limit = 1 };
    rows = 0;
    assert_int_equal(sl_store_events(&total, f->st, &q, count_row, &rows),
                     SL_OK);
    assert_true(total == 1 && rows == 1);

    sl_event *e = NULL;
    assert_int_equal(sl_store_event_get(&e, f->st, vote), SL_OK);
    assert_int_equal(e->article_count, 2);
    assert_int_equal(e->source_count, 2);
    assert_true(e->row.sources == 2 && e->row.articles == 2);
    assert_string_equal(e->row.title,
                        "Valdoria votes in snap parliamentary election");
    int found = 0;
    for (size_t i = 0; i < e->entity_count; i++) {
        found |= strcmp(e->entities[i].name, "Valdoria") == 0 &&
                 e->entities[i].articles == 2;
    }
    assert_true(found);
    sl_event_free(e);
    assert_int_equal(sl_store_event_get(&e, f->st, 999), SL_ENOTFOUND);

    sl_storyline *s = NULL;
    int64_t sl = 0;
    assert_int_equal(sl_store_article_story(NULL, &sl, f->st, 1), SL_OK);
    assert_int_equal(sl_store_storyline_get(&s, f->st, sl), SL_OK);
    assert_true(s->event_count >= 1 &&
                s->row.events == (int64_t)s->event_count);
    sl_storyline_free(s);
}

static void test_store__stories_digest(void **state)
{
    fixture *f = *state;
    void *data = NULL;
    size_t len = 0;
    int64_t at = 0;

    assert_int_equal(
        sl_store_digest_get(&data, &len, &at, f->st, SL_DIGEST_EVENT, 4),
        SL_ENOTFOUND);
    assert_int_equal(
        sl_store_digest_put(f->st, SL_DIGEST_EVENT, 4, "abc", 3, 17), SL_OK);
    assert_int_equal(
        sl_store_digest_put(f->st, SL_DIGEST_STORYLINE, 4, "x", 1, 18), SL_OK);
    assert_int_equal(
        sl_store_digest_get(&data, &len, &at, f->st, SL_DIGEST_EVENT, 4),
        SL_OK);
    assert_true(len == 3 && at == 17 && memcmp(data, "abc", 4) == 0);
    sl_free(data);
    assert_int_equal(sl_store_digest_delete(f->st, SL_DIGEST_EVENT, 4), SL_OK);
    assert_int_equal(
        sl_store_digest_get(&data, &len, NULL, f->st, SL_DIGEST_EVENT, 4),
        SL_ENOTFOUND);
    assert_int_equal(
        sl_store_digest_get(&data, &len, NULL, f->st, SL_DIGEST_STORYLINE, 4),
        SL_OK);
    sl_free(data);
}

/* Digests are stored deflated; binary bytes survive, a digest written
 * before packing (a bare blob) still reads, a damaged one is refused. */
static void test_store__digest_packing(void **state)
{
    fixture *f = *state;
    enum { N = 20000 };
    unsigned char *big = malloc(N);
    void *data = NULL;
    size_t len = 0;
    sqlite3 *db = sl__sqlite_handle(f->st);
    sqlite3_int64 stored = 0;
    sqlite3_stmt *q = NULL;

    assert_non_null(big);
    for (size_t i = 0; i < N; i++) {
        big[i] = (unsigned char)(i % 7 == 0 ? 0 : 'a' + i % 5);
    }
    assert_int_equal(sl_store_digest_put(f->st, SL_DIGEST_EVENT, 9, big, N, 1),
                     SL_OK);
    assert_int_equal(
        sl_store_digest_get(&data, &len, NULL, f->st, SL_DIGEST_EVENT, 9),
        SL_OK);
    assert_true(len == N && memcmp(data, big, N) == 0);
    sl_free(data);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT length(data) FROM story_digest"
                                        " WHERE kind = ?1 AND id = 9",
                                        -1, &q, NULL),
                     SQLITE_OK);
    sqlite3_bind_int(q, 1, (int)SL_DIGEST_EVENT);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    stored = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    assert_true(stored > 0 && stored < N / 4);

    /* A bare blob, as older stores hold. */
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT OR REPLACE INTO story_digest(kind, id, data, "
                     "updated_ms) VALUES (1, 10, x'534c534400ff', 5)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(
        sl_store_digest_get(&data, &len, NULL, f->st, SL_DIGEST_STORYLINE, 10),
        SL_OK);
    assert_true(len == 6 && memcmp(data, "SLSD\0\xff", 6) == 0);
    sl_free(data);

    /* A packed blob whose stream is cut short. */
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT OR REPLACE INTO story_digest(kind, id, data, "
                     "updated_ms) VALUES (1, 11, x'534c5a3110000000789c', 5)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(
        sl_store_digest_get(&data, &len, NULL, f->st, SL_DIGEST_STORYLINE, 11),
        SL_EFORMAT);
    assert_null(data);
    free(big);
}

static int hook_calls;

static int count_hook(sl_store *st, const sl_story_update *u, void *payload)
{
    (void)payload;
    hook_calls++;
    assert_true(u->event_id > 0 && u->storyline_id > 0);
    /* The hook may keep a digest per event. */
    return sl_store_digest_put(st, SL_DIGEST_EVENT, u->event_id, u->title,
                               strlen(u->title), u->seen_ms);
}

static void test_store__stories_resume_equals_one_run(void **state)
{
    fixture *f = *state;
    char one[2048], two[2048], again[2048];
    char path[160];
    sl_store *st = NULL;
    size_t n = 0;

    /* One run. */
    sl_store_set_article_hook(f->st, count_hook, NULL);
    hook_calls = 0;
    assert_int_equal(put_news(f->st, 0, NEWS_COUNT), SL_OK);
    assert_int_equal(hook_calls, (int)NEWS_COUNT);
    assignments(f->st, one);

    /* The same stream in two runs, the store closed in between. */
    snprintf(path, sizeof(path), "%s/two.db", f->dir);
    assert_int_equal(sl_store_open(&st, path, NULL), SL_OK);
    assert_int_equal(put_news(st, 0, 3), SL_OK);
    sl_store_close(st);
    assert_int_equal(sl_store_open(&st, path, NULL), SL_OK);
    assert_int_equal(put_news(st, 3, NEWS_COUNT), SL_OK);
    assignments(st, two);
    assert_string_equal(one, two);

    /* A handle killed after its commit, without closing: the next one
     * replays what the saved state does not cover. */
    sl_store *other = NULL;
    snprintf(path, sizeof(path), "%s/three.db", f->dir);
    assert_int_equal(sl_store_open(&other, path, NULL), SL_OK);
    assert_int_equal(put_news(other, 0, 2), SL_OK);
    sl_store *late = NULL;
    assert_int_equal(sl_store_open(&late, path, NULL), SL_OK);
    assert_int_equal(put_news(late, 2, 4), SL_OK);
    /* And back to the first handle, which must see the other's work. */
    assert_int_equal(put_news(other, 4, NEWS_COUNT), SL_OK);
    assignments(other, again);
    assert_string_equal(one, again);
    sl_store_close(late);
    sl_store_close(other);

    /* A rolled-back batch leaves no trace in the clusterer. */
    assert_int_equal(sl_store_begin(st), SL_OK);
    sl_store_input in =
        article("zz", NULL, "Valdoria count goes on", "Valdoria counts votes.");
    assert_int_equal(sl_store_put(NULL, NULL, st, &in), SL_OK);
    assert_int_equal(sl_store_rollback(st), SL_OK);
    assignments(st, two);
    assert_string_equal(one, two);
    sl_store_close(st);

    /* Recluster rebuilds the same assignments. */
    hook_calls = 0;
    assert_int_equal(sl_store_begin(f->st), SL_OK);
    assert_int_equal(sl_store_recluster(f->st, &n), SL_OK);
    assert_int_equal(sl_store_commit(f->st), SL_OK);
    assert_int_equal(n, NEWS_COUNT);
    assert_int_equal(hook_calls, (int)NEWS_COUNT);
    assignments(f->st, again);
    assert_string_equal(one, again);
    sl_store_set_article_hook(f->st, NULL, NULL);
}

static void test_store__stories_explain_and_off(void **state)
{
    fixture *f = *state;
    sl_cluster_explain x;
    sl_store_options o = { .no_stories = 1 };
    char path[160];
    sl_store *st = NULL;
    int64_t ev = 0;

    assert_int_equal(put_news(f->st, 0, NEWS_COUNT), SL_OK);
    assert_int_equal(sl_store_story_explain(&x, f->st, 1, 3), SL_OK);
    assert_true(x.would_join && x.event_a == x.event_b && x.event_a > 0);
    assert_int_equal(sl_store_story_explain(&x, f->st, 1, 2), SL_OK);
    assert_true(!x.would_join && x.event_a != x.event_b);
    assert_true(x.score < x.threshold);

    snprintf(path, sizeof(path), "%s/off.db", f->dir);
    assert_int_equal(sl_store_open(&st, path, &o), SL_OK);
    assert_int_equal(put_news(st, 0, 2), SL_OK);
    assert_int_equal(sl_store_article_story(&ev, NULL, st, 1), SL_ENOTFOUND);
    sl_store_close(st);
}

/* Reading an event and a storyline with each allocation failing in turn:
 * SL_ENOMEM and nothing leaked (ASan), until a run succeeds. */
static void test_store__stories_read_out_of_memory(void **state)
{
    fixture *f = *state;
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    int64_t ev = 0, sl = 0;
    int rc = SL_ENOMEM;

    assert_int_equal(put_news(f->st, 0, NEWS_COUNT), SL_OK);
    assert_int_equal(sl_store_article_story(&ev, &sl, f->st, 1), SL_OK);
    sl_set_allocator(&a);
    for (long n = 0; rc == SL_ENOMEM && n < 10000; n++) {
        sl_event *e = NULL;
        test_alloc_count = 0;
        test_fail_at = n;
        rc = sl_store_event_get(&e, f->st, ev);
        assert_true(rc == SL_OK || rc == SL_ENOMEM);
        assert_true((rc == SL_OK) == (e != NULL));
        sl_event_free(e);
    }
    assert_int_equal(rc, SL_OK);
    rc = SL_ENOMEM;
    for (long n = 0; rc == SL_ENOMEM && n < 10000; n++) {
        sl_storyline *s = NULL;
        test_alloc_count = 0;
        test_fail_at = n;
        rc = sl_store_storyline_get(&s, f->st, sl);
        assert_true(rc == SL_OK || rc == SL_ENOMEM);
        sl_storyline_free(s);
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
}

static void test_store__stories_event_title(void **state)
{
    fixture *f = *state;
    /* The later report arrives first, then the reprint, then the first
     * report: the title moves to the earliest article that is not a
     * copy, whatever the order of arrival. */
    static const size_t order[] = { 2, 4, 0 };
    int rc = sl_store_begin(f->st);

    for (size_t k = 0; rc == SL_OK && k < 3; k++) {
        size_t i = order[k];
        sl_store_input in =
            article(news[i].id, NULL, news[i].title, news[i].body);
        in.published = news[i].published;
        in.source = news[i].source;
        rc = sl_store_put(NULL, NULL, f->st, &in);
    }
    assert_int_equal(rc, SL_OK);
    assert_int_equal(sl_store_commit(f->st), SL_OK);
    int64_t storm = event_of(f->st, "s2");
    assert_true(event_of(f->st, "s1") == storm);
    sl_event *e = NULL;
    assert_int_equal(sl_store_event_get(&e, f->st, storm), SL_OK);
    assert_string_equal(e->row.title,
                        "Storm closes Harbour Bridge in Port Elwin");
    sl_event_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store__put_is_idempotent,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__same_text_two_identities,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__revision_keeps_both,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__search_latest_revision_only,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_store__revisions_any_match_and_dates, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__stories_event_title,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test(test_store__sanitize),
        cmocka_unit_test(test_store__body_pack_roundtrip),
        cmocka_unit_test_setup_teardown(test_store__rejects_foreign_and_newer,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__no_identity,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__stories_assign_and_read,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__stories_digest,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__digest_packing,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_store__stories_resume_equals_one_run, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__stories_explain_and_off,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__stories_read_out_of_memory,
                                        test_store_setup, test_store_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
