/*
 * test_cluster.c - the online clusterer on small invented articles: two
 * events, a storyline link, determinism, copies, undated articles, the
 * save/load round trip and bounded memory on hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/cluster.h"
#include "support.h"

#define DAY INT64_C(86400000)
#define T0  INT64_C(1700000000000)

typedef struct art {
    const char *id;
    const char *title;
    const char *text;
    int64_t ms;
    const char *copy_of;
} art;

/* Two invented events in one storyline (a harbour strike and its
 * settlement), and an unrelated one (a comet). */
static const art stream[] = {
    { "a1", "Dockers strike at Port Velmar",
      "Dockers at Port Velmar walked out on Monday over pay, halting "
      "container traffic at the harbour. The dockers union said the strike "
      "at Port Velmar would last until wages rise.",
      T0, NULL },
    { "b1", "Comet Ostrava brightens in evening sky",
      "Astronomers say comet Ostrava has brightened and can be seen with "
      "binoculars after sunset. The comet passes closest to the sun next "
      "week, astronomers said.",
      T0, NULL },
    { "a2", "Port Velmar strike halts container ships",
      "Container ships waited outside Port Velmar as the dockers strike "
      "entered its second day. The union demands higher wages for dockers "
      "at the harbour.",
      T0 + DAY, NULL },
    { "b2", "Comet Ostrava visible with binoculars",
      "Comet Ostrava can now be seen with binoculars, astronomers said. "
      "The comet will pass the sun next week and may brighten further in "
      "the evening sky.",
      T0 + DAY, NULL },
    { "a3", "Port Velmar strike halts container ships",
      "Container ships waited outside Port Velmar as the dockers strike "
      "entered its second day. The union demands higher wages for dockers "
      "at the harbour.",
      T0 + DAY, "a2" },
};

static sl_clusterer *new_clusterer(void)
{
    sl_clusterer *c = NULL;

    assert_int_equal(sl_clusterer_new(&c, NULL), SL_OK);
    assert_non_null(c);
    return c;
}

static void add(sl_cluster_result *r, sl_clusterer *c, const art *a)
{
    sl_cluster_doc d = { 0 };

    d.id = a->id;
    d.title = a->title;
    d.text = a->text;
    d.published_ms = a->ms;
    d.copy_of = a->copy_of;
    assert_int_equal(sl_clusterer_add(r, c, &d), SL_OK);
}

static void test_cluster__two_events(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[5];

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        add(&r[i], c, &stream[i]);
    }
    assert_true(r[0].new_event);
    assert_true(r[1].new_event);
    assert_int_not_equal(r[0].event_id, r[1].event_id);
    assert_int_equal(r[2].event_id, r[0].event_id);
    assert_int_equal(r[3].event_id, r[1].event_id);
    assert_false(r[2].new_event);
    assert_true(r[2].score >= 0.15);
    assert_int_not_equal(r[0].storyline_id, r[1].storyline_id);
    sl_clusterer_free(c);
}

/* Titles alone, as in a stream of headlines: the model score groups
 * titles that share their rare words and keeps the others apart. */
static void test_cluster__short_titles(void **state)
{
    static const art titles[] = {
        { "t1", "velmar dockers strike wages", NULL, 0, NULL },
        { "t2", "comet ostrava binoculars sky", NULL, 0, NULL },
        { "t3", "velmar dockers strike harbour", NULL, 0, NULL },
        { "t4", "ostrava comet brightens", NULL, 0, NULL },
        { "t5", "velmar strike ends dockers", NULL, 0, NULL },
    };
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[5];

    (void)state;
    for (size_t i = 0; i < 5; i++) {
        add(&r[i], c, &titles[i]);
    }
    assert_int_equal(r[2].event_id, r[0].event_id);
    assert_int_equal(r[4].event_id, r[0].event_id);
    assert_int_equal(r[3].event_id, r[1].event_id);
    assert_int_not_equal(r[0].event_id, r[1].event_id);
    sl_clusterer_free(c);
}

static void test_cluster__storyline_link(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[3];
    art settle = { "a9", "Port Velmar dockers accept pay deal, end strike",
                   "The dockers union at Port Velmar accepted a pay deal "
                   "from harbour operators; container traffic resumes "
                   "after the strike. Negotiators met through the night.",
                   T0 + 20 * DAY, NULL };

    (void)state;
    add(&r[0], c, &stream[0]);
    add(&r[1], c, &stream[2]);
    add(&r[2], c, &settle);
    /* Weeks later and with new words: its own event or the same, but the
     * same storyline either way. */
    assert_int_equal(r[2].storyline_id, r[0].storyline_id);
    sl_clusterer_free(c);
}

/* An event whose first article says nothing of its subject opens a
 * storyline of its own; once its second article shows the subject, the
 * event moves into that subject's storyline, and its first storyline,
 * left empty, is reported as merged into it. */
static void test_cluster__young_event_moves(void **state)
{
    static const art arts[] = {
        { "v1", "Mount Harlan volcano erupts, ash grounds flights",
          "The Mount Harlan volcano erupted on Monday, sending ash over the "
          "valley. Airlines grounded flights as the ash cloud spread.",
          T0, NULL },
        { "v2", "Harlan volcano ash cloud keeps flights grounded",
          "Ash from the Harlan volcano kept flights grounded for a second "
          "day. The eruption continues, volcanologists said.",
          T0 + DAY, NULL },
        { "e1", "Ministers meet in Dorvik",
          "Ministers met in Dorvik on Wednesday for talks behind closed "
          "doors; aides declined to give details.",
          T0 + 2 * DAY, NULL },
        { "e2", "Ministers in Dorvik agree aid for Harlan volcano valley",
          "Ministers meeting in Dorvik agreed aid for farms in the valley "
          "buried by ash from the Harlan volcano eruption; flights of "
          "supplies start next week.",
          T0 + 2 * DAY, NULL },
    };
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[4];
    uint64_t ev = 0;
    uint64_t st = 0;

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        add(&r[i], c, &arts[i]);
    }
    assert_int_equal(r[1].storyline_id, r[0].storyline_id);
    assert_true(r[2].new_event);
    assert_true(r[2].new_storyline);
    assert_int_equal(r[3].event_id, r[2].event_id);
    assert_int_equal(r[3].storyline_id, r[0].storyline_id);
    assert_int_equal(r[3].merged_storyline_id, r[2].storyline_id);
    assert_int_equal(sl_clusterer_lookup(&ev, &st, c, "e1"), SL_OK);
    assert_int_equal(ev, r[2].event_id);
    assert_int_equal(st, r[0].storyline_id);
    sl_clusterer_free(c);
}

/* The other way round: an event whose first article touched a subject in
 * passing joins that subject's storyline; once its second article shows
 * it is about something else, it leaves for a storyline of its own. */
static void test_cluster__young_event_leaves(void **state)
{
    static const art arts[] = {
        { "v1", "Mount Harlan volcano erupts, ash grounds flights",
          "The Mount Harlan volcano erupted on Monday, sending ash over the "
          "valley. Airlines grounded flights as the ash cloud spread.",
          T0, NULL },
        { "v2", "Harlan volcano ash cloud keeps flights grounded",
          "Ash from the Harlan volcano kept flights grounded for a second "
          "day. The eruption continues, volcanologists said.",
          T0 + DAY, NULL },
        { "e1", "Dorvik ministers meet over budget",
          "Ministers met in Dorvik to settle the budget; the Harlan volcano "
          "came up briefly.",
          T0 + 2 * DAY, NULL },
        { "e2", "Dorvik ministers agree budget",
          "Ministers in Dorvik agreed the budget after long talks on taxes "
          "and spending; the budget raises pensions.",
          T0 + 2 * DAY, NULL },
    };
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[4];
    uint64_t st = 0;

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        add(&r[i], c, &arts[i]);
    }
    assert_true(r[2].new_event);
    assert_false(r[2].new_storyline);
    assert_int_equal(r[2].storyline_id, r[0].storyline_id);
    assert_int_equal(r[3].event_id, r[2].event_id);
    assert_int_not_equal(r[3].storyline_id, r[0].storyline_id);
    assert_int_equal(r[3].merged_storyline_id, 0);
    assert_int_equal(sl_clusterer_lookup(NULL, &st, c, "e1"), SL_OK);
    assert_int_equal(st, r[3].storyline_id);
    assert_int_equal(sl_clusterer_lookup(NULL, &st, c, "v1"), SL_OK);
    assert_int_equal(st, r[0].storyline_id);
    sl_clusterer_free(c);
}

static void run_all(uint64_t *events, uint64_t *stories, sl_clusterer *c)
{
    sl_cluster_result r;

    for (size_t i = 0; i < sizeof(stream) / sizeof(stream[0]); i++) {
        add(&r, c, &stream[i]);
        events[i] = r.event_id;
        stories[i] = r.storyline_id;
    }
}

static void test_cluster__deterministic(void **state)
{
    uint64_t e1[5], s1[5], e2[5], s2[5];
    sl_clusterer *c = new_clusterer();

    (void)state;
    run_all(e1, s1, c);
    sl_clusterer_free(c);
    c = new_clusterer();
    run_all(e2, s2, c);
    sl_clusterer_free(c);
    assert_memory_equal(e1, e2, sizeof(e1));
    assert_memory_equal(s1, s2, sizeof(s1));
}

static void test_cluster__copy_joins_original(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r;
    art copy = { "c1", "Totally different words here",
                 "Nothing in common with anything above.", T0, "b1" };
    uint64_t ev = 0;

    (void)state;
    add(&r, c, &stream[0]);
    add(&r, c, &stream[1]);
    add(&r, c, &copy);
    assert_true(r.by_copy);
    assert_int_equal(sl_clusterer_lookup(&ev, NULL, c, "b1"), SL_OK);
    assert_int_equal(r.event_id, ev);
    /* A copy of an unknown article is clustered by its text. */
    art orphan = { "c2", "Comet Ostrava brightens", "Comet Ostrava seen.", T0,
                   "nowhere" };
    add(&r, c, &orphan);
    assert_false(r.by_copy);
    assert_int_equal(sl_clusterer_lookup(NULL, NULL, c, "zz"), SL_ENOTFOUND);
    sl_clusterer_free(c);
}

static void test_cluster__undated(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[4];

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        art a = stream[i];
        a.ms = 0;
        add(&r[i], c, &a);
    }
    assert_int_equal(r[2].event_id, r[0].event_id);
    assert_int_equal(r[3].event_id, r[1].event_id);
    assert_int_not_equal(r[0].event_id, r[1].event_id);
    sl_clusterer_free(c);
}

/* Undated reports of one storyline: the strike (two reports) and, weeks
 * later, its settlement, whose background repeats the strike's words. The
 * settlement's lead says what is new: an event of its own, in the same
 * storyline. */
static void test_cluster__undated_events_of_a_storyline(void **state)
{
    static const art undated[] = {
        { "u1", "Dockers strike at Port Velmar over pay",
          "Dockers at Port Velmar walked out on Monday over pay, halting "
          "container traffic at the harbour. The dockers union said the "
          "strike would last until wages rise. Shipping lines diverted "
          "vessels to other ports. The harbour authority urged both sides "
          "to talk, and the union leader Ilse Marek said dockers had not "
          "had a rise in four years.",
          0, NULL },
        { "u2", "Port Velmar dockers walk out over wages",
          "Dockers walked out at Port Velmar on Monday, halting container "
          "traffic, after talks on pay failed. The union said the strike "
          "would go on until wages rise, and union leader Ilse Marek said "
          "dockers had waited four years for a rise. Shipping lines began "
          "to divert vessels to other ports.",
          0, NULL },
        { "u3", "Cranes turn again as members back nine percent deal",
          "Members voted by a wide margin on Thursday to accept a revised "
          "offer of nine percent over two years, and the first crews return "
          "to the cranes at dawn, the negotiators announced after the count "
          "in the assembly hall. The agreement ends a stoppage of five weeks "
          "at the harbour of Port Velmar. "
          "Dockers walked out over pay and the union said the strike would "
          "last until wages rise; shipping lines diverted vessels to other "
          "ports and the harbour authority urged both sides to talk.",
          0, NULL },
    };
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r[3];
    sl_cluster_explain x;
    sl_cluster_doc a = { 0 }, b = { 0 };

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        add(&r[i], c, &undated[i]);
    }
    assert_int_equal(r[1].event_id, r[0].event_id);
    assert_int_not_equal(r[2].event_id, r[0].event_id);
    assert_int_equal(r[2].storyline_id, r[0].storyline_id);
    a.id = "u1";
    a.title = undated[0].title;
    a.text = undated[0].text;
    b.id = "u3";
    b.title = undated[2].title;
    b.text = undated[2].text;
    assert_int_equal(sl_clusterer_explain(&x, c, &a, &b), SL_OK);
    assert_true(x.threshold > 0.39 && x.threshold < 0.41);
    assert_false(x.would_join);
    b.published_ms = T0;
    a.published_ms = T0;
    assert_int_equal(sl_clusterer_explain(&x, c, &a, &b), SL_OK);
    assert_true(x.threshold < 0.2);
    sl_clusterer_free(c);
}

static void test_cluster__save_load(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_clusterer *d = NULL;
    sl_cluster_result r1, r2;
    char *buf = NULL;
    size_t len = 0;

    (void)state;
    add(&r1, c, &stream[0]);
    add(&r1, c, &stream[1]);
    assert_int_equal(sl_clusterer_save(&buf, &len, c), SL_OK);
    assert_int_equal(sl_clusterer_load(&d, buf, len), SL_OK);
    for (size_t i = 2; i < 5; i++) {
        add(&r1, c, &stream[i]);
        add(&r2, d, &stream[i]);
        assert_int_equal(r1.event_id, r2.event_id);
        assert_int_equal(r1.storyline_id, r2.storyline_id);
        assert_true(r1.score == r2.score);
    }
    /* Every truncation is refused, never trusted. */
    for (size_t n = 0; n < len; n += 7) {
        sl_clusterer *x = NULL;
        assert_int_equal(sl_clusterer_load(&x, buf, n), SL_EFORMAT);
        assert_null(x);
    }
    buf[0] ^= 1;
    sl_clusterer *bad = NULL;
    assert_int_equal(sl_clusterer_load(&bad, buf, len), SL_EFORMAT);
    sl_free(buf);
    sl_clusterer_free(c);
    sl_clusterer_free(d);
}

static void test_cluster__explain(void **state)
{
    sl_clusterer *c = new_clusterer();
    sl_cluster_result r;
    sl_cluster_explain x;
    sl_cluster_doc a = { 0 }, b = { 0 };

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        add(&r, c, &stream[i]);
    }
    a.id = stream[0].id;
    a.title = stream[0].title;
    a.text = stream[0].text;
    a.published_ms = stream[0].ms;
    b.id = stream[2].id;
    b.title = stream[2].title;
    b.text = stream[2].text;
    b.published_ms = stream[2].ms;
    assert_int_equal(sl_clusterer_explain(&x, c, &a, &b), SL_OK);
    assert_true(x.title_cosine > 0 && x.body_cosine > 0);
    assert_true(x.gap_days == 1.0);
    assert_true(x.would_join);
    assert_int_equal(x.event_a, x.event_b);
    sl_clusterer_free(c);
}

/* Huge bodies and endless unique words: work and memory stay bounded by
 * the caps (body words, term table, live events). */
static void test_cluster__hostile(void **state)
{
    sl_cluster_options o = { 0 };
    sl_clusterer *c = NULL;
    sl_cluster_result r;
    sl_cluster_stats st;
    size_t big = 4u << 20;
    char *text = malloc(big + 1);
    char id[32];

    (void)state;
    assert_non_null(text);
    o.max_terms = 4096;
    o.max_events = 200;
    assert_int_equal(sl_clusterer_new(&c, &o), SL_OK);
    for (int n = 0; n < 2000; n++) {
        size_t k = 0;
        unsigned x = (unsigned)n * 2654435761u + 1;
        /* 'size' bytes of random lowercase words. */
        size_t size = n == 0 ? big : 2000;
        while (k + 10 < size) {
            for (int j = 0; j < 8; j++) {
                x = x * 1103515245u + 12345u;
                text[k++] = (char)('a' + (x >> 16) % 26);
            }
            text[k++] = ' ';
        }
        text[k] = '\0';
        snprintf(id, sizeof(id), "h%d", n);
        sl_cluster_doc d = { 0 };
        d.id = id;
        d.text = text;
        d.published_ms = T0 + n * 1000;
        assert_int_equal(sl_clusterer_add(&r, c, &d), SL_OK);
    }
    sl_clusterer_stats(&st, c);
    assert_true(st.terms <= 4096);
    assert_true(st.live_events <= 200);
    sl_clusterer_free(c);
    free(text);
}

/* Create a clusterer and add the whole stream, stopping at the first
 * error; returns that error or SL_OK. */
static int try_stream(sl_clusterer **out)
{
    sl_cluster_result r;
    int rc = sl_clusterer_new(out, NULL);

    for (size_t i = 0; rc == SL_OK && i < sizeof(stream) / sizeof(*stream);
         i++) {
        sl_cluster_doc d = { 0 };
        d.id = stream[i].id;
        d.title = stream[i].title;
        d.text = stream[i].text;
        d.published_ms = stream[i].ms;
        d.copy_of = stream[i].copy_of;
        rc = sl_clusterer_add(&r, *out, &d);
    }
    return rc;
}

/* Every allocation of new, add and load fails in turn: each run returns
 * SL_ENOMEM and, under ASan, leaks nothing once the clusterer is freed,
 * until a run gets through. */
static void test_cluster__out_of_memory(void **state)
{
    const sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    sl_clusterer *c = NULL;
    char *saved = NULL;
    size_t saved_len = 0;
    long n;
    int rc = SL_ENOMEM;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = try_stream(&c);
        if (rc != SL_OK) {
            sl_clusterer_free(c);
            c = NULL;
        }
    }
    assert_int_equal(rc, SL_OK);
    assert_true(n > 10);
    test_fail_at = -1;
    assert_int_equal(sl_clusterer_save(&saved, &saved_len, c), SL_OK);
    sl_clusterer_free(c);
    c = NULL;

    rc = SL_ENOMEM;
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_clusterer_load(&c, saved, saved_len);
        if (rc == SL_ENOMEM) {
            assert_null(c);
        }
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 5);
    uint64_t ev = 0;
    assert_int_equal(sl_clusterer_lookup(&ev, NULL, c, "a2"), SL_OK);
    assert_true(ev != 0);
    sl_clusterer_free(c);
    sl_free(saved);
}

static void test_cluster__bad_args(void **state)
{
    sl_clusterer *c = NULL;
    sl_cluster_options o = { 0 };
    sl_cluster_result r;
    sl_cluster_doc d = { 0 };

    (void)state;
    o.language = "klingon";
    assert_int_equal(sl_clusterer_new(&c, &o), SL_EINVAL);
    assert_null(c);
    o.language = NULL;
    o.event_threshold = -1;
    assert_int_equal(sl_clusterer_new(&c, &o), SL_EINVAL);
    c = new_clusterer();
    assert_int_equal(sl_clusterer_add(&r, c, &d), SL_EINVAL);
    d.id = "empty";
    assert_int_equal(sl_clusterer_add(&r, c, &d), SL_OK);
    assert_true(r.new_event);
    sl_clusterer_free(c);
    sl_clusterer_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cluster__two_events),
        cmocka_unit_test(test_cluster__short_titles),
        cmocka_unit_test(test_cluster__storyline_link),
        cmocka_unit_test(test_cluster__young_event_moves),
        cmocka_unit_test(test_cluster__young_event_leaves),
        cmocka_unit_test(test_cluster__deterministic),
        cmocka_unit_test(test_cluster__copy_joins_original),
        cmocka_unit_test(test_cluster__undated),
        cmocka_unit_test(test_cluster__undated_events_of_a_storyline),
        cmocka_unit_test(test_cluster__save_load),
        cmocka_unit_test(test_cluster__explain),
        cmocka_unit_test(test_cluster__hostile),
        cmocka_unit_test(test_cluster__out_of_memory),
        cmocka_unit_test(test_cluster__bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
