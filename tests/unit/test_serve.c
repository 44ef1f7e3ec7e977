/*
 * test_serve.c - the router (sl_serve_parse) and the JSON handlers
 * (sl_serve_handle) of storyline/serve.h, without sockets: routes and
 * their parameters, every kind of refusal with its status, replies from a
 * small store checked by parsing them, and an out-of-memory loop over an
 * article reply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "storyline/serve.h"
#include "support.h"

static sl_serve_request req;

static int route(const char *method, const char *target)
{
    return sl_serve_parse(&req, method, target, strlen(target));
}

/* Route and expect a refusal with 'status'. */
static void refused(const char *method, const char *target, int status)
{
    int rc = route(method, target);

    if (rc == SL_OK || req.status != status) {
        print_error("%s %s: rc %d status %d, wanted %d\n", method, target, rc,
                    req.status, status);
        fail();
    }
    assert_int_equal(req.route, SL_ROUTE_NONE);
    assert_non_null(req.error);
}

static void test_serve__routes(void **state)
{
    (void)state;
    assert_int_equal(route("GET", "/"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_ASSET);
    assert_string_equal(req.asset, "index.html");
    assert_int_equal(route("GET", "/app.js"), SL_OK);
    assert_string_equal(req.asset, "app.js");
    assert_int_equal(route("HEAD", "/style.css"), SL_OK);
    assert_true(req.head);
    assert_int_equal(route("GET", "/api/stories"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_STORIES);
    assert_int_equal(route("GET", "/api/stories/"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_STORIES);
    assert_int_equal(route("GET", "/api/stories/42"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_STORY);
    assert_int_equal(req.id, 42);
    assert_int_equal(route("GET", "/api/articles"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_ARTICLES);
    assert_int_equal(route("GET", "/api/articles/7"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_ARTICLE);
    assert_string_equal(req.key, "7");
    assert_int_equal(route("POST", "/api/articles"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_ARTICLE_POST);
    assert_int_equal(route("GET", "/api/copies?article=3&kind=spun"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_COPIES);
    assert_int_equal(req.article, 3);
    assert_string_equal(req.kind, "spun");
    assert_int_equal(route("GET", "/api/status"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_STATUS);
    assert_int_equal(route("GET", "/api/openapi.json"), SL_OK);
    assert_int_equal(req.route, SL_ROUTE_OPENAPI);
    /* A fragment is not part of the target. */
    assert_int_equal(route("GET", "/api/status#x"), SL_OK);
}

static void test_serve__query(void **state)
{
    (void)state;
    assert_int_equal(route("GET",
                           "/api/search?q=harbour+wall%21&limit=5&offset=10"
                           "&since=2024-01-01&until=2024-12-31T23:59:59Z"
                           "&source=The%20Gazette&lang=en-GB"),
                     SL_OK);
    assert_int_equal(req.route, SL_ROUTE_SEARCH);
    assert_string_equal(req.q, "harbour wall!");
    assert_int_equal(req.limit, 5);
    assert_int_equal(req.offset, 10);
    assert_string_equal(req.since, "2024-01-01");
    assert_string_equal(req.until, "2024-12-31T23:59:59Z");
    assert_string_equal(req.source, "The Gazette");
    assert_string_equal(req.lang, "en-GB");
    assert_int_equal(
        route("GET", "/api/stories?sort=size&storyline=9&q=%E2%82%AC&&"),
        SL_OK);
    assert_int_equal(req.sort, SL_SORT_SIZE);
    assert_int_equal(req.storyline, 9);
    assert_string_equal(req.q, "\xe2\x82\xac");
    /* An encoded slash stays inside an article key. */
    assert_int_equal(
        route("GET", "/api/articles/https%3A%2F%2Fexample.org%2Fa"), SL_OK);
    assert_string_equal(req.key, "https://example.org/a");
    /* FTS syntax and quotes are plain text to the router. */
    assert_int_equal(
        route("GET", "/api/search?q=%22a%22+OR+NEAR(b*+c)+%5E-%3A"), SL_OK);
    assert_string_equal(req.q, "\"a\" OR NEAR(b* c) ^-:");
}

static void test_serve__refusals(void **state)
{
    char big[SL_SERVE_MAX_TARGET + 100];

    (void)state;
    refused("GET", "api/stories", 400);
    refused("GET", "", 400);
    refused("DELETE", "/api/articles/1", 405);
    refused("PUT", "/", 405);
    refused("POST", "/api/stories", 405);
    refused("POST", "/api/articles/3", 405);
    refused("GET", "/nope", 404);
    refused("GET", "/openapi.json", 404);
    refused("GET", "/api/nope", 404);
    refused("GET", "/api/stories/abc", 404);
    refused("GET", "/api/stories/0", 404);
    refused("GET", "/api/stories/99999999999999999999", 404);
    refused("GET", "/a/b/c", 404);
    refused("GET", "//etc/passwd", 404);
    /* Traversal, plain and encoded. */
    refused("GET", "/../etc/passwd", 400);
    refused("GET", "/%2e%2e/etc/passwd", 400);
    refused("GET", "/api/articles/..", 400);
    refused("GET", "/static/%2E%2E%5Cwin.ini", 400);
    refused("GET", "/..%5c..%5cwin.ini", 400);
    /* Bad encodings and bytes. */
    refused("GET", "/api/search?q=%", 400);
    refused("GET", "/api/search?q=%zz", 400);
    refused("GET", "/api/search?q=%ff%fe", 400);
    refused("GET", "/api/search?q=%c0%af", 400);
    refused("GET", "/api/search?q=%ed%a0%80", 400);
    refused("GET", "/api/search?q=a%00b", 400);
    refused("GET", "/api/search?q=a%0ab", 400);
    refused("GET", "/api/search?q=\xff", 400);
    refused("GET", "/api/search?q=a b", 400);
    /* Parameters. */
    refused("GET", "/api/search", 400);
    refused("GET", "/api/search?q=", 400);
    refused("GET", "/api/search?q=a&q=b", 400);
    refused("GET", "/api/search?q=a&bogus=1", 400);
    refused("GET", "/api/stories?kind=spun", 400);
    refused("GET", "/api/status?x", 400);
    refused("GET", "/api/articles?limit=0", 400);
    refused("GET", "/api/articles?limit=101", 400);
    refused("GET", "/api/articles?limit=-1", 400);
    refused("GET", "/api/articles?offset=1000001", 400);
    refused("GET", "/api/articles?since=yesterday", 400);
    refused("GET", "/api/articles?lang=en_GB", 400);
    refused("GET", "/api/stories?sort=random", 400);
    refused("GET", "/api/copies?kind=copy", 400);
    refused("GET", "/api/copies?article=0", 400);
    memset(big, 'a', sizeof(big) - 1);
    big[0] = '/';
    big[sizeof(big) - 1] = '\0';
    refused("GET", big, 414);
    memcpy(big, "/api/search?q=", 14);
    refused("GET", big, 414);
    /* Long but within the cap: the search string's own cap. */
    big[1000] = '\0';
    refused("GET", big, 400);
}

/* ------------------------------------------------------------------ */

static void put(sl_store *st,
                const char *id,
                const char *title,
                const char *body,
                const char *source,
                const char *published)
{
    sl_store_input in;

    memset(&in, 0, sizeof(in));
    in.ext_id = id;
    in.title = title;
    in.body = body;
    in.source = source;
    in.published = published;
    in.ingested_ms = 1700000000000;
    assert_int_equal(sl_store_put(NULL, NULL, st, &in), SL_OK);
}

static const char story_body[] =
    "The harbour wall at Elwin gave way on Tuesday night after three days "
    "of storms, flooding the lower town.\n\nCouncil engineers said the "
    "breach was forty metres wide and that repairs would take months.\n\n"
    "Residents of Quay Street were moved to the school hall overnight.";

static void fill(sl_store *st)
{
    put(st, "a1", "Harbour wall breached in Elwin", story_body,
        "The Elwin Gazette", "2024-03-05T08:00:00Z");
    put(st, "a2", "Storm breaches Elwin harbour wall", story_body,
        "Coast Radio", "2024-03-05T11:00:00Z");
    put(st, "a3", "Bakery wins regional prize",
        "A bakery on Mill Lane won the regional prize for its rye loaf, the "
        "judges said on Friday.",
        "The Elwin Gazette", "2024-03-08");
}

static json_t *reply_json(sl_store *st, const char *target, int status)
{
    sl_serve_reply rep;
    json_error_t err;
    json_t *j;

    sl_serve_parse(&req, "GET", target, strlen(target));
    assert_int_equal(sl_serve_handle(&rep, st, &req), SL_OK);
    if (rep.status != status) {
        print_error("%s: status %d, wanted %d: %.*s\n", target, rep.status,
                    status, (int)rep.len, rep.body);
        fail();
    }
    assert_non_null(strstr(rep.content_type, "json"));
    j = json_loadb(rep.body, rep.len, 0, &err);
    if (j == NULL) {
        print_error("%s: not JSON: %s\n", target, err.text);
        fail();
    }
    sl_serve_reply_dispose(&rep);
    return j;
}

static void test_serve__api_replies(void **state)
{
    fixture *f = *state;
    json_t *j, *items;

    fill(f->st);
    j = reply_json(f->st, "/api/articles?limit=2", 200);
    items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_true(json_is_true(json_object_get(j, "more")));
    json_decref(j);

    j = reply_json(f->st, "/api/articles?source=Coast%20Radio", 200);
    items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(items, 0), "title")),
        "Storm breaches Elwin harbour wall");
    assert_true(json_is_false(json_object_get(j, "more")));
    json_decref(j);

    j = reply_json(f->st, "/api/search?q=harbour+wall", 200);
    items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_non_null(json_object_get(json_array_get(items, 0), "snippet"));
    json_decref(j);

    /* FTS syntax, quotes and stray operators are words, not errors. */
    j = reply_json(
        f->st, "/api/search?q=%22harbour%22+AND+OR+NEAR(+*+%5E+-wall+%22", 200);
    json_decref(j);
    /* Nothing but syntax: no word to search for is the client's error. */
    j = reply_json(f->st, "/api/search?q=%22%22%22", 400);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(j, "error"), "message")),
                        "the search has no words");
    json_decref(j);

    j = reply_json(f->st, "/api/articles/a2", 200);
    assert_string_equal(json_string_value(json_object_get(j, "source")),
                        "Coast Radio");
    assert_non_null(
        strstr(json_string_value(json_object_get(j, "body")), "Quay Street"));
    json_t *prov = json_object_get(j, "provenance");
    assert_true(json_is_object(prov));
    json_t *orig = json_object_get(prov, "original");
    assert_true(json_is_object(orig));
    assert_string_equal(json_string_value(json_object_get(orig, "kind")),
                        "reprint");
    assert_true(json_is_object(json_object_get(orig, "evidence")));
    json_decref(j);

    j = reply_json(f->st, "/api/articles/a1", 200);
    prov = json_object_get(j, "provenance");
    assert_true(json_is_null(json_object_get(prov, "original")));
    assert_int_equal(json_array_size(json_object_get(prov, "copies")), 1);
    json_decref(j);

    j = reply_json(f->st, "/api/copies", 200);
    items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 1);
    json_decref(j);
    j = reply_json(f->st, "/api/copies?kind=spun", 200);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
    json_decref(j);

    j = reply_json(f->st, "/api/status", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "articles")), 3);
    json_decref(j);

    j = reply_json(f->st, "/api/articles/nope", 404);
    json_t *e = json_object_get(j, "error");
    assert_int_equal(json_integer_value(json_object_get(e, "status")), 404);
    json_decref(j);

    j = reply_json(f->st, "/api/openapi.json", 200);
    assert_non_null(json_object_get(j, "openapi"));
    json_decref(j);

    j = reply_json(f->st, "/api/nope", 404);
    json_decref(j);
}

static void test_serve__stories(void **state)
{
    fixture *f = *state;
    char target[64];
    json_t *j, *items;

    fill(f->st);
    j = reply_json(f->st, "/api/stories?sort=size", 200);
    items = json_object_get(j, "items");
    assert_true(json_integer_value(json_object_get(j, "total")) >= 2);
    json_t *top = json_array_get(items, 0);
    assert_int_equal(json_integer_value(json_object_get(top, "articles")), 2);
    assert_string_equal(json_string_value(json_object_get(top, "first_seen")),
                        "2024-03-05T08:00:00Z");
    snprintf(target, sizeof(target), "/api/stories/%lld",
             (long long)json_integer_value(json_object_get(top, "id")));
    json_decref(j);

    j = reply_json(f->st, target, 200);
    items = json_object_get(j, "articles");
    assert_int_equal(json_array_size(items), 2);
    /* The second article reprints the first: an edge of the copy graph. */
    json_t *copy = json_array_get(items, 1);
    assert_int_equal(
        json_integer_value(json_object_get(copy, "copy_of")),
        json_integer_value(json_object_get(json_array_get(items, 0), "id")));
    assert_string_equal(json_string_value(json_object_get(copy, "copy_kind")),
                        "reprint");
    assert_true(json_is_array(json_object_get(j, "sources")));
    assert_true(json_is_array(json_object_get(j, "entities")));
    assert_non_null(json_object_get(j, "timeline"));
    assert_non_null(json_object_get(j, "summary"));
    json_decref(j);

    j = reply_json(f->st, "/api/stories?q=bakery", 200);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
    json_decref(j);
    j = reply_json(f->st, "/api/stories/999999", 404);
    json_decref(j);
    j = reply_json(f->st, "/api/stories?q=%22%22", 400);
    json_decref(j);
}

static void test_serve__assets(void **state)
{
    const char *data, *type;
    size_t len;
    sl_serve_reply rep;

    (void)state;
    assert_int_equal(sl_serve_asset(&data, &len, &type, "index.html"), SL_OK);
    assert_true(len > 100);
    assert_non_null(strstr(type, "text/html"));
    assert_non_null(strstr(data, "app.js"));
    assert_int_equal(sl_serve_asset(&data, &len, &type, "app.js"), SL_OK);
    assert_int_equal(sl_serve_asset(&data, &len, &type, "../CMakeLists.txt"),
                     SL_ENOTFOUND);
    sl_serve_parse(&req, "GET", "/", 1);
    assert_int_equal(sl_serve_handle(&rep, NULL, &req), SL_OK);
    assert_int_equal(rep.status, 200);
    assert_null(rep.owned);
    assert_true(rep.cacheable);
    sl_serve_reply_dispose(&rep);
    /* No store: API routes say so rather than crash. */
    sl_serve_parse(&req, "GET", "/api/status", 11);
    assert_int_equal(sl_serve_handle(&rep, NULL, &req), SL_OK);
    assert_int_equal(rep.status, 503);
    sl_serve_reply_dispose(&rep);
}

/* Fail each allocation of an article reply in turn: SL_ENOMEM or a
 * reply, never a crash or a leak (ASan checks the leaks). */
static void test_serve__oom(void **state)
{
    fixture *f = *state;
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    sl_serve_reply rep;
    int rc = SL_ENOMEM;

    fill(f->st);
    sl_serve_parse(&req, "GET", "/api/articles/a2", 16);
    sl_set_allocator(&a);
    for (long n = 0; rc != SL_OK && n < 10000; n++) {
        test_alloc_count = 0;
        test_fail_at = n;
        rc = sl_serve_handle(&rep, f->st, &req);
        if (rc == SL_OK) {
            if (rep.status == 200) {
                sl_serve_reply_dispose(&rep);
                break;
            }
            /* A store failure under memory pressure is a 500 reply. */
            sl_serve_reply_dispose(&rep);
            rc = SL_ENOMEM;
        } else {
            assert_int_equal(rc, SL_ENOMEM);
        }
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(sl_serve_handle(&rep, f->st, &req), SL_OK);
    assert_int_equal(rep.status, 200);
    sl_serve_reply_dispose(&rep);
}

static void test_serve__error_reply(void **state)
{
    sl_serve_reply rep;

    (void)state;
    assert_int_equal(sl_serve_error(&rep, 413, "too \"big\"\n"), SL_OK);
    assert_int_equal(rep.status, 413);
    assert_string_equal(
        rep.body,
        "{\"error\":{\"status\":413,\"message\":\"too \\\"big\\\"\\n\"}}");
    sl_serve_reply_dispose(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serve__routes),
        cmocka_unit_test(test_serve__query),
        cmocka_unit_test(test_serve__refusals),
        cmocka_unit_test(test_serve__assets),
        cmocka_unit_test(test_serve__error_reply),
        cmocka_unit_test_setup_teardown(test_serve__api_replies,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_serve__stories, test_store_setup,
                                        test_store_teardown),
        cmocka_unit_test_setup_teardown(test_serve__oom, test_store_setup,
                                        test_store_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
