/*
 * test_timeline.c - the timeline accumulator: day ranking, sentence
 * choice, copies said once, bounds, save/load, refused bytes, the same
 * result whether articles come in one run or two, and out of memory.
 * Every article here is invented.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "storyline/digest.h"
#include "storyline/timeline.h"
#include "support.h"

#define DAY_MS INT64_C(86400000)
/* 2024-03-04 00:00 UTC */
#define MAR4 INT64_C(1709510400000)

static int add(sl_timeline *tl, int64_t ms, const char *body)
{
    sl_timeline_article a = { .published_ms = ms,
                              .body = body,
                              .body_len = strlen(body) };
    return sl_timeline_add(tl, &a);
}

/* A small story: the harbour wall breaks on 4 March, is voted on later;
 * later articles keep naming 4 March. */
static const char *const story[] = {
    "The harbour wall at Elwin broke under the storm surge on Monday "
    "night, flooding the lower town.\nResidents were moved to the school "
    "hall by volunteers.",
    "Storm surge breaks the Elwin harbour wall and floods the lower town "
    "streets.\nThe council opened the school hall.",
    "Engineers inspected the broken harbour wall on 4 March 2024 and "
    "found the old stones had given way.\nRepairs will take months.",
    "Since the harbour wall broke on 4 March 2024 the fishing fleet has "
    "stayed in port.\nThe mayor asked for money.",
    "The council voted to rebuild the harbour wall with concrete on "
    "10 March 2024.\nThe harbour wall broke on 4 March 2024 in the storm.",
    "A month after the harbour wall broke on 4 March 2024 the lower town "
    "is still drying out.\nShops reopened slowly.",
};
static const int story_day[] = { 0, 0, 1, 3, 7, 30 };

static sl_timeline *build(const sl_timeline_options *o, size_t from, size_t to)
{
    sl_timeline *tl;
    assert_int_equal(sl_timeline_new(&tl, o), SL_OK);
    for (size_t i = from; i < to; i++) {
        assert_int_equal(
            add(tl, MAR4 + story_day[i] * DAY_MS + 3600000, story[i]), SL_OK);
    }
    return tl;
}

static void test_timeline__ranking(void **state)
{
    sl_timeline_result *r;
    sl_timeline_render_options ro = { .dates = 1, .sentences = 2 };

    (void)state;
    sl_timeline *tl = build(NULL, 0, 6);
    assert_int_equal(sl_timeline_article_count(tl), 6);
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    assert_int_equal(r->count, 1);
    assert_string_equal(r->entries[0].date, "2024-03-04");
    assert_int_equal(r->entries[0].articles, 2);
    assert_true(r->entries[0].sentence_count >= 1);
    assert_non_null(strstr(r->entries[0].sentences[0], "harbour wall"));
    sl_timeline_result_free(r);

    /* Three days, in date order: the wall, the vote (named in the lead of
     * a later article), then the earliest of the days with one article. */
    ro.dates = 3;
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    assert_int_equal(r->count, 3);
    assert_true(strcmp(r->entries[0].date, r->entries[1].date) < 0);
    assert_true(strcmp(r->entries[1].date, r->entries[2].date) < 0);
    assert_string_equal(r->entries[0].date, "2024-03-04");
    assert_string_equal(r->entries[1].date, "2024-03-05");
    assert_string_equal(r->entries[2].date, "2024-03-10");
    assert_true(r->entries[0].score > r->entries[2].score);
    assert_true(r->entries[2].score > r->entries[1].score);
    sl_timeline_result_free(r);

    /* A window keeps only its days. */
    ro.dates = 10;
    ro.since_ms = MAR4 + 5 * DAY_MS;
    ro.until_ms = MAR4 + 8 * DAY_MS;
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    assert_int_equal(r->count, 2);
    assert_string_equal(r->entries[0].date, "2024-03-10"); /* named */
    assert_string_equal(r->entries[1].date, "2024-03-11"); /* published */
    sl_timeline_result_free(r);
    sl_timeline_free(tl);
}

static void test_timeline__copies_said_once(void **state)
{
    const char *s = "The ferry to the islands was cancelled for the whole "
                    "weekend because of the gale warnings.";
    sl_timeline *tl;
    sl_timeline_result *r;
    sl_timeline_render_options ro = { .dates = 5, .sentences = 3 };

    (void)state;
    assert_int_equal(sl_timeline_new(&tl, NULL), SL_OK);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(add(tl, MAR4 + i * 1000, s), SL_OK);
    }
    assert_int_equal(add(tl, MAR4 + DAY_MS, s), SL_OK);
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    /* The second day has nothing new to say: it is passed over. */
    assert_int_equal(r->count, 1);
    assert_int_equal(r->entries[0].sentence_count, 1);
    assert_string_equal(r->entries[0].sentences[0], s);
    sl_timeline_result_free(r);

    /* Asked for two days, the next day in rank takes its place. */
    const char *t = "Engineers from the port authority inspected the "
                    "damaged pier at the northern end of the harbour.";
    assert_int_equal(add(tl, MAR4 + 2 * DAY_MS, t), SL_OK);
    ro.dates = 2;
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    assert_int_equal(r->count, 2);
    assert_string_equal(r->entries[0].date, "2024-03-04");
    assert_string_equal(r->entries[1].date, "2024-03-06");
    for (size_t i = 0; i < r->count; i++) {
        assert_int_equal(r->entries[i].sentence_count, 1);
    }
    assert_string_equal(r->entries[1].sentences[0], t);
    sl_timeline_result_free(r);
    sl_timeline_free(tl);
}

static void test_timeline__bounds(void **state)
{
    sl_timeline_options o = { .max_days = 3, .pool_size = 2 };
    sl_timeline *tl;
    char body[200];

    (void)state;
    assert_int_equal(sl_timeline_new(&tl, &o), SL_OK);
    for (int i = 0; i < 40; i++) {
        snprintf(body, sizeof(body),
                 "Report number %d on the harbour repairs names crane %d "
                 "and barge %d at the quay.",
                 i, i * 7, i * 13);
        assert_int_equal(add(tl, MAR4 + (i % 5) * DAY_MS, body), SL_OK);
    }
    assert_true(sl_timeline_day_count(tl) <= 3);
    sl_timeline_result *r;
    sl_timeline_render_options ro = { .dates = 10, .sentences = 10 };
    assert_int_equal(sl_timeline_render(&r, tl, &ro), SL_OK);
    assert_true(r->count <= 3);
    for (size_t i = 0; i < r->count; i++) {
        assert_true(r->entries[i].sentence_count <= 2);
    }
    sl_timeline_result_free(r);
    sl_timeline_free(tl);

    o.max_days = (size_t)1 << 30; /* above the hard cap */
    assert_int_equal(sl_timeline_new(&tl, &o), SL_EINVAL);
    assert_null(tl);
}

static void save(unsigned char **p, size_t *n, const sl_timeline *tl)
{
    assert_int_equal(sl_timeline_save(p, n, tl), SL_OK);
}

static void test_timeline__save_load(void **state)
{
    unsigned char *a, *b;
    size_t na, nb;
    sl_timeline *tl2;

    (void)state;
    sl_timeline *tl = build(NULL, 0, 6);
    save(&a, &na, tl);
    assert_int_equal(sl_timeline_load(&tl2, a, na, NULL), SL_OK);
    save(&b, &nb, tl2);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_int_equal(sl_timeline_article_count(tl2), 6);
    sl_free(b);
    sl_timeline_free(tl2);

    /* Empty accumulators save and load too. */
    sl_timeline *e;
    assert_int_equal(sl_timeline_new(&e, NULL), SL_OK);
    save(&b, &nb, e);
    sl_timeline_free(e);
    assert_int_equal(sl_timeline_load(&e, b, nb, NULL), SL_OK);
    assert_int_equal(sl_timeline_day_count(e), 0);
    sl_timeline_free(e);
    sl_free(b);
    sl_free(a);
    sl_timeline_free(tl);
}

static void test_timeline__refuses_corrupt(void **state)
{
    unsigned char *a;
    size_t na;
    sl_timeline *t2;

    (void)state;
    sl_timeline *tl = build(NULL, 0, 4);
    save(&a, &na, tl);
    sl_timeline_free(tl);
    /* Every single flipped byte and every truncation is refused. */
    for (size_t i = 0; i < na; i++) {
        a[i] ^= 0x21;
        assert_int_equal(sl_timeline_load(&t2, a, na, NULL), SL_EFORMAT);
        assert_null(t2);
        a[i] ^= 0x21;
    }
    for (size_t n = 0; n < na; n += 7) {
        assert_int_equal(sl_timeline_load(&t2, a, n, NULL), SL_EFORMAT);
    }
    assert_int_equal(sl_timeline_load(&t2, NULL, 0, NULL), SL_EFORMAT);
    assert_int_equal(sl_timeline_load(&t2, a, na, NULL), SL_OK);
    sl_timeline_free(t2);
    sl_free(a);
}

/* Adding in two runs with a save and a load between them gives the bytes
 * of one run: the accumulator is the whole state. */
static void test_timeline__two_runs(void **state)
{
    unsigned char *one, *half, *two;
    size_t n1, nh, n2;
    sl_timeline *t;

    (void)state;
    sl_timeline *all = build(NULL, 0, 6);
    save(&one, &n1, all);
    sl_timeline_free(all);

    sl_timeline *first = build(NULL, 0, 3);
    save(&half, &nh, first);
    sl_timeline_free(first);
    assert_int_equal(sl_timeline_load(&t, half, nh, NULL), SL_OK);
    for (size_t i = 3; i < 6; i++) {
        assert_int_equal(
            add(t, MAR4 + story_day[i] * DAY_MS + 3600000, story[i]), SL_OK);
    }
    save(&two, &n2, t);
    assert_int_equal(n1, n2);
    assert_memory_equal(one, two, n1);
    sl_timeline_free(t);
    sl_free(one);
    sl_free(half);
    sl_free(two);
}

/* Merging two halves ranks the days as one accumulator of all does. */
static void test_timeline__merge(void **state)
{
    sl_timeline_result *r1, *r2;
    sl_timeline_render_options ro = { .dates = 4, .sentences = 1 };

    (void)state;
    sl_timeline *all = build(NULL, 0, 6);
    sl_timeline *a = build(NULL, 0, 3);
    sl_timeline *b = build(NULL, 3, 6);
    assert_int_equal(sl_timeline_merge(a, b), SL_OK);
    assert_int_equal(sl_timeline_merge(a, a), SL_EINVAL);
    assert_int_equal(sl_timeline_article_count(a), 6);
    assert_int_equal(sl_timeline_render(&r1, all, &ro), SL_OK);
    assert_int_equal(sl_timeline_render(&r2, a, &ro), SL_OK);
    assert_int_equal(r1->count, r2->count);
    for (size_t i = 0; i < r1->count; i++) {
        assert_string_equal(r1->entries[i].date, r2->entries[i].date);
        assert_true(r1->entries[i].score == r2->entries[i].score);
        assert_int_equal(r1->entries[i].articles, r2->entries[i].articles);
    }
    sl_timeline_result_free(r1);
    sl_timeline_result_free(r2);
    sl_timeline_free(all);
    sl_timeline_free(a);
    sl_timeline_free(b);
}

/* An article added to two accumulators at once leaves each as adding
 * it alone does. */
static void test_timeline__add_many(void **state)
{
    sl_timeline *two[2];
    unsigned char *x, *y;
    size_t nx, ny;

    (void)state;
    sl_timeline *one = build(NULL, 0, 6);
    assert_int_equal(sl_timeline_new(&two[0], NULL), SL_OK);
    assert_int_equal(sl_timeline_new(&two[1], NULL), SL_OK);
    for (size_t i = 0; i < 6; i++) {
        sl_timeline_article a = {
            .published_ms = MAR4 + story_day[i] * DAY_MS + 3600000,
            .body = story[i],
            .body_len = strlen(story[i]),
        };
        assert_int_equal(sl_timeline_add_many(two, 2, &a), SL_OK);
    }
    sl_timeline_article none = { .published_ms = 0 };
    assert_int_equal(sl_timeline_add_many(two, 2, &none), SL_EINVAL);
    for (size_t t = 0; t < 2; t++) {
        save(&x, &nx, one);
        save(&y, &ny, two[t]);
        assert_int_equal(nx, ny);
        assert_memory_equal(x, y, nx);
        sl_free(x);
        sl_free(y);
        sl_timeline_free(two[t]);
    }
    sl_timeline_free(one);
}

/* A digest saves and loads to the same bytes, holds the timeline and the
 * summary pool, and refuses what is not a digest. */
static void test_timeline__digest(void **state)
{
    sl_digest *d, *d2;
    unsigned char *a, *b;
    size_t na, nb;

    (void)state;
    assert_int_equal(sl_digest_new(&d, NULL), SL_OK);
    for (size_t i = 0; i < 6; i++) {
        sl_digest_article art = {
            .published_ms = MAR4 + story_day[i] * DAY_MS,
            .id = i + 1,
            .body = story[i],
            .body_len = strlen(story[i]),
        };
        assert_int_equal(sl_digest_add(d, &art), SL_OK);
    }
    assert_int_equal(sl_timeline_article_count(sl_digest_timeline(d)), 6);
    assert_int_equal(sl_summary_pool_docs(sl_digest_summary(d)), 6);
    sl_summary *sum;
    assert_int_equal(sl_summary_pool_render(&sum, sl_digest_summary(d), 30),
                     SL_OK);
    assert_true(sum->count > 0 && sum->words <= 30);
    sl_summary_free(sum);
    assert_int_equal(sl_digest_save(&a, &na, d), SL_OK);
    assert_int_equal(sl_digest_load(&d2, a, na, NULL), SL_OK);
    assert_int_equal(sl_digest_merge(d2, d), SL_OK);
    assert_int_equal(sl_digest_merge(d2, d2), SL_EINVAL);
    assert_int_equal(sl_timeline_article_count(sl_digest_timeline(d2)), 12);
    assert_int_equal(sl_summary_pool_docs(sl_digest_summary(d2)), 12);
    sl_digest_free(d2);
    assert_int_equal(sl_digest_load(&d2, a, na, NULL), SL_OK);
    assert_int_equal(sl_digest_save(&b, &nb, d2), SL_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    sl_digest_free(d2);
    for (size_t n = 0; n < na; n += 11) {
        assert_int_equal(sl_digest_load(&d2, a, n, NULL), SL_EFORMAT);
        assert_null(d2);
    }
    a[na / 2] ^= 0x40;
    assert_int_equal(sl_digest_load(&d2, a, na, NULL), SL_EFORMAT);
    sl_free(a);
    sl_free(b);
    sl_digest_free(d);
}

/* A digest written as the same bytes as another (a storyline of one
 * event): read through, checked against the bytes it stood for. */
static void test_timeline__digest_same(void **state)
{
    fixture *f = *state;
    static const char bytes[] = "SLSD digest bytes of an event";
    static const char other[] = "SLSD other bytes of the event";
    void *got = NULL;
    size_t n = 0;
    int64_t upd = 0;

    assert_int_equal(sl_store_digest_put(f->st, SL_DIGEST_EVENT, 5, bytes,
                                         sizeof(bytes), 10),
                     SL_OK);
    assert_int_equal(sl_store_digest_put_same(f->st, SL_DIGEST_STORYLINE, 9,
                                              SL_DIGEST_EVENT, 5, bytes,
                                              sizeof(bytes), 11),
                     SL_OK);
    assert_int_equal(
        sl_store_digest_get(&got, &n, &upd, f->st, SL_DIGEST_STORYLINE, 9),
        SL_OK);
    assert_int_equal(n, sizeof(bytes));
    assert_memory_equal(got, bytes, n);
    assert_int_equal(upd, 11);
    sl_free(got);
    got = NULL;
    /* Not its own copy; not a copy of a copy. */
    assert_int_equal(sl_store_digest_put_same(f->st, SL_DIGEST_EVENT, 5,
                                              SL_DIGEST_EVENT, 5, bytes,
                                              sizeof(bytes), 12),
                     SL_EINVAL);
    assert_int_equal(sl_store_digest_put_same(f->st, SL_DIGEST_EVENT, 6,
                                              SL_DIGEST_STORYLINE, 9, bytes,
                                              sizeof(bytes), 12),
                     SL_OK);
    assert_int_equal(
        sl_store_digest_get(&got, &n, NULL, f->st, SL_DIGEST_EVENT, 6),
        SL_EFORMAT);
    assert_null(got);
    /* Bytes that are not the other's, the other changed, or gone. */
    assert_int_equal(sl_store_digest_put_same(f->st, SL_DIGEST_STORYLINE, 9,
                                              SL_DIGEST_EVENT, 5, other,
                                              sizeof(other), 13),
                     SL_OK);
    assert_int_equal(
        sl_store_digest_get(&got, &n, NULL, f->st, SL_DIGEST_STORYLINE, 9),
        SL_EFORMAT);
    assert_int_equal(sl_store_digest_put_same(f->st, SL_DIGEST_STORYLINE, 9,
                                              SL_DIGEST_EVENT, 5, bytes,
                                              sizeof(bytes), 14),
                     SL_OK);
    assert_int_equal(sl_store_digest_put(f->st, SL_DIGEST_EVENT, 5, other,
                                         sizeof(other), 15),
                     SL_OK);
    assert_int_equal(
        sl_store_digest_get(&got, &n, NULL, f->st, SL_DIGEST_STORYLINE, 9),
        SL_EFORMAT);
    assert_int_equal(sl_store_digest_delete(f->st, SL_DIGEST_EVENT, 5), SL_OK);
    assert_int_equal(
        sl_store_digest_get(&got, &n, NULL, f->st, SL_DIGEST_STORYLINE, 9),
        SL_EFORMAT);
    assert_null(got);
}

/* The digest hooks give a storyline of one event that event's digest,
 * inside a transaction and outside one. */
static void test_timeline__digest_one_event(void **state)
{
    fixture *f = *state;
    int64_t id = 0, ev = 0, sl = 0;

    for (int txn = 0; txn < 2; txn++) {
        sl_store_input in;
        void *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;

        memset(&in, 0, sizeof(in));
        in.ext_id = txn ? "one-b" : "one-a";
        in.title = txn ? "Ferry runs aground off the north cape"
                       : "Council votes to rebuild the old harbour wall";
        in.body =
            txn ? "The ferry Northern Light ran aground on a sandbank off "
                  "the north cape on Monday night. All forty passengers "
                  "were taken off by the lifeboat crew before dawn. The "
                  "operator said the ship will be towed to the yard."
                : story[0];
        in.published = "2024-03-05T08:30:00Z";
        in.ingested_ms = 1700000000000;
        if (txn) {
            assert_int_equal(sl_store_begin(f->st), SL_OK);
        }
        assert_int_equal(sl_store_put(&id, NULL, f->st, &in), SL_OK);
        if (txn) {
            assert_int_equal(sl_store_commit(f->st), SL_OK);
        }
        assert_int_equal(sl_store_article_story(&ev, &sl, f->st, id), SL_OK);
        assert_int_equal(
            sl_store_digest_get(&a, &na, NULL, f->st, SL_DIGEST_EVENT, ev),
            SL_OK);
        assert_int_equal(
            sl_store_digest_get(&b, &nb, NULL, f->st, SL_DIGEST_STORYLINE, sl),
            SL_OK);
        assert_true(na > 0 && na == nb);
        assert_memory_equal(a, b, na);
        sl_free(a);
        sl_free(b);
    }
}

static void test_timeline__bad_args(void **state)
{
    sl_timeline *tl;

    (void)state;
    assert_int_equal(sl_timeline_new(&tl, NULL), SL_OK);
    assert_int_equal(add(tl, 0, "No date at all."), SL_EINVAL);
    assert_int_equal(add(tl, INT64_C(400000000000000), "Far future."),
                     SL_EINVAL);
    sl_timeline_article a = { .published_ms = MAR4 };
    assert_int_equal(sl_timeline_add(tl, &a), SL_OK); /* no text at all */
    sl_timeline_result *r;
    assert_int_equal(sl_timeline_render(&r, tl, NULL), SL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->entries[0].sentence_count, 0);
    sl_timeline_result_free(r);
    sl_timeline_free(tl);
    sl_timeline_result_free(NULL);
    sl_timeline_free(NULL);
}

static int try_all(void)
{
    sl_timeline *tl = NULL, *t2 = NULL;
    sl_timeline_result *r = NULL;
    unsigned char *p = NULL;
    size_t n;
    sl_timeline_render_options ro = { .dates = 4, .sentences = 2 };
    int rc = sl_timeline_new(&tl, NULL);

    for (size_t i = 0; rc == SL_OK && i < 6; i++) {
        rc = add(tl, MAR4 + story_day[i] * DAY_MS, story[i]);
    }
    if (rc == SL_OK) {
        rc = sl_timeline_render(&r, tl, &ro);
    }
    if (rc == SL_OK) {
        rc = sl_timeline_save(&p, &n, tl);
    }
    if (rc == SL_OK) {
        rc = sl_timeline_load(&t2, p, n, NULL);
    }
    sl_timeline_free(t2);
    sl_free(p);
    sl_timeline_result_free(r);
    sl_timeline_free(tl);
    return rc;
}

static int try_digest(void)
{
    sl_digest *d = NULL, *d2 = NULL;
    unsigned char *p = NULL;
    size_t n;
    int rc = sl_digest_new(&d, NULL);

    for (size_t i = 0; rc == SL_OK && i < 4; i++) {
        sl_digest_article a = { .published_ms = MAR4 + story_day[i] * DAY_MS,
                                .id = i + 1,
                                .body = story[i],
                                .body_len = strlen(story[i]) };
        rc = sl_digest_add(d, &a);
    }
    if (rc == SL_OK) {
        rc = sl_digest_save(&p, &n, d);
    }
    if (rc == SL_OK) {
        rc = sl_digest_load(&d2, p, n, NULL);
    }
    if (rc == SL_OK) {
        rc = sl_digest_merge(d2, d);
    }
    sl_free(p);
    sl_digest_free(d2);
    sl_digest_free(d);
    return rc;
}

static void test_timeline__out_of_memory(void **state)
{
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    int rc = SL_ENOMEM;
    long n;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = try_all();
    }
    test_fail_at = -1;
    assert_int_equal(rc, SL_OK);
    assert_true(n > 10);
    rc = SL_ENOMEM;
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = try_digest();
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline__ranking),
        cmocka_unit_test(test_timeline__copies_said_once),
        cmocka_unit_test(test_timeline__bounds),
        cmocka_unit_test(test_timeline__save_load),
        cmocka_unit_test(test_timeline__refuses_corrupt),
        cmocka_unit_test(test_timeline__two_runs),
        cmocka_unit_test(test_timeline__merge),
        cmocka_unit_test(test_timeline__add_many),
        cmocka_unit_test(test_timeline__digest),
        cmocka_unit_test_setup_teardown(test_timeline__digest_same,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_timeline__digest_one_event,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test(test_timeline__bad_args),
        cmocka_unit_test(test_timeline__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
