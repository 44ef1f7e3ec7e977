/*
 * test_store.c - the article store: identities, revisions, search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/backend.h"
#include "storyline/store.h"
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
        cmocka_unit_test(test_store__sanitize),
        cmocka_unit_test(test_store__body_pack_roundtrip),
        cmocka_unit_test_setup_teardown(test_store__rejects_foreign_and_newer,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_store__no_identity,
                                        test_store_setup, test_store_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
