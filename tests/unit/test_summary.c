/*
 * test_summary.c - sentence splitting, extractive summaries and the
 * sentence pool.
 *
 * Every text here is written for the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/map.h"
#include "storyline/summary.h"
#include "support.h"

/* Split 'text' and compare the sentences with the NULL-terminated list
 * 'want'. */
static void check_split(const char *text, const char *const *want)
{
    sl_span *sp = NULL;
    size_t count = 0, n = 0;

    assert_int_equal(sl_sentence_split(&sp, &count, text, strlen(text)), SL_OK);
    while (want[n] != NULL) {
        n++;
    }
    for (size_t i = 0; i < count; i++) {
        if (i >= n || strlen(want[i]) != sp[i].end - sp[i].start ||
            memcmp(want[i], text + sp[i].start, sp[i].end - sp[i].start)) {
            fail_msg("sentence %zu: got [%.*s]", i,
                     (int)(sp[i].end - sp[i].start), text + sp[i].start);
        }
    }
    assert_int_equal(count, n);
    sl_free(sp);
}

static void test_summary__split_plain(void **state)
{
    (void)state;
    check_split("The river rose. Roads closed! Was anyone hurt? No.",
                (const char *const[]){ "The river rose.", "Roads closed!",
                                       "Was anyone hurt?", "No.", NULL });
    check_split("  no stop at the end  ",
                (const char *const[]){ "no stop at the end", NULL });
    check_split("", (const char *const[]){ NULL });
    check_split(" \n\n\t ", (const char *const[]){ NULL });
}

static void test_summary__split_abbreviations(void **state)
{
    (void)state;
    check_split("Mr. Smith met Dr. Jones on Jan. 5 at 10 a.m. in the U.S. "
                "capital. They talked.",
                (const char *const[]){ "Mr. Smith met Dr. Jones on Jan. 5 "
                                       "at 10 a.m. in the U.S. capital.",
                                       "They talked.", NULL });
    check_split("The firm moved to the U.S. The move cost $3.5 million.",
                (const char *const[]){ "The firm moved to the U.S.",
                                       "The move cost $3.5 million.", NULL });
    check_split("Gen. Ann B. Cole of Acme Inc. Ltd. spoke. She left.",
                (const char *const[]){ "Gen. Ann B. Cole of Acme Inc. Ltd. "
                                       "spoke.",
                                       "She left.", NULL });
    check_split("He wore No. 7 and won. No. That was it.",
                (const char *const[]){ "He wore No. 7 and won.", "No.",
                                       "That was it.", NULL });
    check_split("Prices rose 2.5 percent, e.g. bread. See example.com now.",
                (const char *const[]){ "Prices rose 2.5 percent, e.g. "
                                       "bread.",
                                       "See example.com now.", NULL });
}

static void test_summary__split_quotes_ellipses(void **state)
{
    (void)state;
    check_split("\"We will rebuild.\" The mayor left. \"Why?\" he asked.",
                (const char *const[]){ "\"We will rebuild.\"",
                                       "The mayor left.", "\"Why?\" he asked.",
                                       NULL });
    check_split("He paused... and went on. Then... Silence (for now.) Yes.",
                (const char *const[]){ "He paused... and went on.", "Then...",
                                       "Silence (for now.)", "Yes.", NULL });
    check_split("Wait\xE2\x80\xA6 Go on. \xE2\x80\x9C"
                "Fine.\xE2\x80\x9D Ok.",
                (const char *const[]){ "Wait\xE2\x80\xA6", "Go on.",
                                       "\xE2\x80\x9C"
                                       "Fine.\xE2\x80\x9D",
                                       "Ok.", NULL });
}

static void test_summary__split_lines_multibyte(void **state)
{
    (void)state;
    check_split("Headline without stop\nFirst line of the body.\nSecond "
                "one\nwraps here.\n\nNew paragraph",
                (const char *const[]){
                    "Headline without stop", "First line of the body.",
                    "Second one\nwraps here.", "New paragraph", NULL });
    /* Prose wrapped at a column: long lines ending in lower-case words. */
    check_split("Winds of 140 km/h tore roofs from houses near the harbour "
                "and cut power to\n20,000 homes. The council will pay for "
                "repairs to the wall in Marlow after\nStorm Delia.\nBy "
                "Ann Lee\nOfficials said the wall will be rebuilt.",
                (const char *const[]){
                    "Winds of 140 km/h tore roofs from houses near the "
                    "harbour and cut power to\n20,000 homes.",
                    "The council will pay for repairs to the wall in Marlow "
                    "after\nStorm Delia.",
                    "By Ann Lee", "Officials said the wall will be rebuilt.",
                    NULL });
    check_split("\xC3\x89t\xC3\xA9 chaud. \xC3\x80 Paris, 30\xC2\xB0"
                "C.",
                (const char *const[]){ "\xC3\x89t\xC3\xA9 chaud.",
                                       "\xC3\x80 Paris, 30\xC2\xB0"
                                       "C.",
                                       NULL });
    check_split("\xE6\xB0\xB4\xE3\x80\x82\xE7\x81\xAB\xEF\xBC\x81x",
                (const char *const[]){ "\xE6\xB0\xB4\xE3\x80\x82",
                                       "\xE7\x81\xAB\xEF\xBC\x81", "x", NULL });
    /* Invalid bytes stay inside a sentence. */
    check_split("Bad \xFF\xFE bytes. Fine.",
                (const char *const[]){ "Bad \xFF\xFE bytes.", "Fine.", NULL });
}

static void test_summary__split_long(void **state)
{
    char *text;
    sl_span *sp = NULL;
    size_t count = 0, len = 3 * SL_SENTENCE_MAX_BYTES + 7;

    (void)state;
    text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++) {
        text[i] = (i % 10 == 9) ? ' ' : 'x';
    }
    assert_int_equal(sl_sentence_split(&sp, &count, text, len), SL_OK);
    assert_true(count >= 3);
    for (size_t i = 0; i < count; i++) {
        assert_true(sp[i].end > sp[i].start);
        assert_true(sp[i].end - sp[i].start <= SL_SENTENCE_MAX_BYTES);
        assert_true(text[sp[i].start] != ' ' && text[sp[i].end - 1] != ' ');
        assert_true(i == 0 || sp[i].start >= sp[i - 1].end);
    }
    sl_free(sp);
    free(text);
}

static void test_summary__split_oom(void **state)
{
    const char *t = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. "
                    "Ten. Eleven. Twelve. Thirteen. Fourteen. Fifteen. "
                    "Sixteen. Seventeen. Eighteen.";
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    sl_span *sp = NULL;
    size_t count = 0;
    int rc = SL_ENOMEM;
    long n;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 1000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_sentence_split(&sp, &count, t, strlen(t));
        if (rc == SL_ENOMEM) {
            assert_null(sp);
            assert_int_equal(count, 0);
        }
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_int_equal(count, 18);
    assert_true(n > 1);
    sl_free(sp);
}

/* Four short reports of one invented story. The dam sentence is in all
 * of them, word for word (a wire reprint); the others overlap in part. */
static const char *const story[] = {
    "The Elwin river burst its banks on Monday and flooded the old town "
    "centre. Police closed the harbour road and the bridge to all "
    "traffic. The flood barrier built after the last great flood failed "
    "near the mill. A spokesman for the council thanked the volunteers "
    "who filled sandbags all night.",

    "Residents of the old town centre were moved to the school hall as "
    "the Elwin river rose. The flood barrier built after the last great "
    "flood failed near the mill. Engineers from the water board will "
    "inspect the barrier when the water falls. The harbour road stays "
    "closed.",

    "Heavy rain over the hills made the Elwin river burst its banks. "
    "The flood barrier built after the last great flood failed near the "
    "mill. About two hundred residents of the old town centre spent the "
    "night in the school hall. The council said repairs to the barrier "
    "will cost millions.",

    "Water levels in the Elwin river fell on Tuesday and residents began "
    "to return to the old town centre. The flood barrier built after the "
    "last great flood failed near the mill. The council will ask the "
    "government for help to pay for the repairs to the barrier.",
};
#define STORY_DOCS (sizeof(story) / sizeof(story[0]))

static void story_docs(sl_summary_doc *docs)
{
    for (size_t i = 0; i < STORY_DOCS; i++) {
        memset(&docs[i], 0, sizeof(docs[i]));
        docs[i].text = story[i];
        docs[i].len = strlen(story[i]);
        docs[i].id = 100 + i;
        docs[i].published_ms = INT64_C(1700000000000) + (int64_t)i * 3600000;
    }
}

/* Both summaries have the same sentences, in the same order. */
static void assert_same(const sl_summary *a, const sl_summary *b)
{
    assert_int_equal(a->count, b->count);
    assert_int_equal(a->words, b->words);
    for (size_t i = 0; i < a->count; i++) {
        assert_string_equal(a->sentences[i].text, b->sentences[i].text);
        assert_int_equal(a->sentences[i].doc, b->sentences[i].doc);
        assert_int_equal(a->sentences[i].start, b->sentences[i].start);
    }
}

static void test_summary__deterministic_and_ordered(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary *a = NULL, *b = NULL;

    (void)state;
    story_docs(docs);
    assert_int_equal(sl_summarize(&a, docs, STORY_DOCS, NULL), SL_OK);
    assert_int_equal(sl_summarize(&b, docs, STORY_DOCS, NULL), SL_OK);
    assert_true(a->count >= 2);
    assert_same(a, b);
    for (size_t i = 0; i < a->count; i++) {
        const sl_summary_sentence *t = &a->sentences[i];
        assert_true(t->doc < STORY_DOCS);
        assert_int_equal(t->doc_id, 100 + t->doc);
        assert_true(t->end <= docs[t->doc].len);
        assert_int_equal(t->len, t->end - t->start);
        assert_memory_equal(t->text, story[t->doc] + t->start, t->len);
        assert_int_equal(strlen(t->text), t->len);
        if (i > 0) { /* story order: time, then position */
            const sl_summary_sentence *u = &a->sentences[i - 1];
            assert_true(u->published_ms < t->published_ms ||
                        (u->doc == t->doc && u->index < t->index));
        }
    }
    sl_summary_free(a);
    sl_summary_free(b);
}

static void test_summary__budget(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_options o = { 0 };

    (void)state;
    story_docs(docs);
    for (size_t budget = 1; budget <= 120; budget += 7) {
        sl_summary *s = NULL;
        size_t words = 0;

        o.max_words = budget;
        assert_int_equal(sl_summarize(&s, docs, STORY_DOCS, &o), SL_OK);
        for (size_t i = 0; i < s->count; i++) {
            words += s->sentences[i].words;
        }
        assert_int_equal(words, s->words);
        assert_true(s->words <= budget);
        if (budget >= 40) {
            assert_true(s->words + 25 > budget); /* the budget is used */
        }
        sl_summary_free(s);
    }
}

static void test_summary__no_repeats(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_options o = { 0 };
    sl_summary *s = NULL;
    size_t barrier = 0;

    (void)state;
    story_docs(docs);
    o.max_words = 1000; /* room for everything */
    assert_int_equal(sl_summarize(&s, docs, STORY_DOCS, &o), SL_OK);
    for (size_t i = 0; i < s->count; i++) {
        barrier += strstr(s->sentences[i].text, "barrier built") != NULL;
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(s->sentences[i].text, s->sentences[j].text);
        }
    }
    /* The shared sentence is the story's core: chosen, and only once. */
    assert_int_equal(barrier, 1);
    sl_summary_free(s);
}

static void test_summary__presplit_and_errors(void **state)
{
    const char *text = "short line\nThe Elwin river burst its banks and "
                       "flooded the town.\nthe end";
    sl_span lines[3] = { { 0, 10 }, { 11, 64 }, { 65, 72 } };
    sl_summary_doc d = { 0 };
    sl_summary *s = NULL;

    (void)state;
    d.text = text;
    d.len = strlen(text);
    d.sentences = lines;
    d.sentence_count = 3;
    assert_int_equal(sl_summarize(&s, &d, 1, NULL), SL_OK);
    assert_int_equal(s->count, 1);
    assert_string_equal(s->sentences[0].text,
                        "The Elwin river burst its banks and flooded the "
                        "town.");
    assert_int_equal(s->sentences[0].index, 1);
    sl_summary_free(s);

    lines[2].end = d.len + 1;
    assert_int_equal(sl_summarize(&s, &d, 1, NULL), SL_EINVAL);
    assert_null(s);

    sl_summary_options o = { 0 };
    o.language = "klingon";
    assert_int_equal(sl_summarize(&s, NULL, 0, &o), SL_EINVAL);
    assert_int_equal(sl_summarize(&s, NULL, 0, NULL), SL_OK);
    assert_int_equal(s->count, 0);
    assert_int_equal(s->words, 0);
    sl_summary_free(s);
}

static void test_summary__pool_round_trip(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_pool *p = NULL, *q = NULL;
    sl_summary *a = NULL, *b = NULL, *c = NULL;
    uint8_t *bytes = NULL, *again = NULL;
    size_t len = 0, len2 = 0;

    (void)state;
    story_docs(docs);
    assert_int_equal(sl_summary_pool_new(&p, NULL), SL_OK);
    for (size_t i = 0; i < STORY_DOCS; i++) {
        assert_int_equal(sl_summary_pool_add(p, &docs[i]), SL_OK);
    }
    assert_int_equal(sl_summary_pool_docs(p), STORY_DOCS);
    assert_int_equal(sl_summary_pool_render(&a, p, 0), SL_OK);
    assert_int_equal(sl_summarize(&b, docs, STORY_DOCS, NULL), SL_OK);
    assert_same(a, b);

    assert_int_equal(sl_summary_pool_save(&bytes, &len, p), SL_OK);
    assert_int_equal(sl_summary_pool_load(&q, bytes, len, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_render(&c, q, 0), SL_OK);
    assert_same(a, c);
    assert_int_equal(sl_summary_pool_save(&again, &len2, q), SL_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(bytes, again, len);
    sl_summary_pool_free(q);
    q = NULL;

    /* Any flipped byte or cut is refused. */
    for (size_t i = 0; i < len; i += 7) {
        bytes[i] ^= 0x20;
        assert_int_equal(sl_summary_pool_load(&q, bytes, len, NULL),
                         SL_EFORMAT);
        assert_null(q);
        bytes[i] ^= 0x20;
    }
    for (size_t cut = 0; cut < len; cut += 13) {
        assert_int_equal(sl_summary_pool_load(&q, bytes, cut, NULL),
                         SL_EFORMAT);
    }
    sl_free(bytes);
    sl_free(again);
    sl_summary_free(a);
    sl_summary_free(b);
    sl_summary_free(c);
    sl_summary_pool_free(p);
}

/* A little-endian writer for hand-made saved pools. */
typedef struct v1buf {
    uint8_t b[1024];
    size_t n;
} v1buf;

static void v1_put(v1buf *w, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        w->b[w->n++] = (uint8_t)(v >> (8 * i));
    }
}

/* A pool saved in version 1 (64-bit fields, 64-bit concept ids, concepts
 * with each candidate) still loads: ids are folded to 32 bits, counts of
 * ids that meet add up (to at most the documents), and the candidate's
 * concepts are found again from its text. */
static void test_summary__pool_loads_version_1(void **state)
{
    static const char sentence[] =
        "The flood barrier built after the last great flood failed near "
        "the mill.";
    const uint64_t k1 = UINT64_C(0x0123456789abcdf0);
    /* Both halves moved by the same even amount: k3 folds onto k1. */
    const uint64_t k3 = k1 ^ UINT64_C(0x0000000200000002);
    const uint64_t keys[3] = { k3, k1, UINT64_C(0x1111111122222223) };
    const uint64_t dfs[3] = { 1, 2, 1 };
    sl_summary_pool *p = NULL, *q = NULL;
    sl_summary *s = NULL;
    uint8_t *bytes = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    v1buf w = { .n = 0 };

    (void)state;
    memcpy(w.b, "SLSP", 4);
    w.n = 4;
    v1_put(&w, 1, 4); /* version */
    v1_put(&w, 2, 8); /* documents */
    v1_put(&w, 3, 8); /* concepts */
    v1_put(&w, 1, 8); /* candidates */
    for (size_t i = 0; i < 3; i++) {
        v1_put(&w, keys[i], 8);
        v1_put(&w, dfs[i], 8);
    }
    v1_put(&w, 77, 8);                        /* doc id */
    v1_put(&w, UINT64_C(1700000000000), 8);   /* published */
    v1_put(&w, 10, 8);                        /* start */
    v1_put(&w, 10 + sizeof(sentence) - 1, 8); /* end */
    v1_put(&w, 1, 4);                         /* document */
    v1_put(&w, 0, 4);                         /* index */
    v1_put(&w, 13, 4);                        /* words */
    v1_put(&w, sizeof(sentence) - 1, 4);
    memcpy(w.b + w.n, sentence, sizeof(sentence) - 1);
    w.n += sizeof(sentence) - 1;
    v1_put(&w, 2, 4); /* its concepts, as they were then */
    v1_put(&w, 5, 8);
    v1_put(&w, 9, 8);
    v1_put(&w, sl__hash64(w.b, w.n, UINT64_C(0x73756d6d61727931)), 8);

    assert_int_equal(sl_summary_pool_load(&p, w.b, w.n, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_docs(p), 2);
    assert_int_equal(sl_summary_pool_sentences(p), 1);
    assert_int_equal(sl_summary_pool_render(&s, p, 0), SL_OK);
    assert_int_equal(s->count, 1);
    assert_string_equal(s->sentences[0].text, sentence);
    assert_int_equal(s->sentences[0].doc_id, 77);
    assert_int_equal(s->sentences[0].start, 10);
    /* Saved again in the current version, it loads to the same bytes. */
    assert_int_equal(sl_summary_pool_save(&bytes, &len, p), SL_OK);
    assert_true(len < w.n);
    assert_int_equal(sl_summary_pool_load(&q, bytes, len, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_save(&again, &len2, q), SL_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(bytes, again, len);

    /* An unknown version is refused. */
    w.b[4] = 3;
    w.n -= 8;
    v1_put(&w, sl__hash64(w.b, w.n, UINT64_C(0x73756d6d61727931)), 8);
    sl_summary_pool_free(q);
    q = NULL;
    assert_int_equal(sl_summary_pool_load(&q, w.b, w.n, NULL), SL_EFORMAT);
    assert_null(q);
    sl_free(bytes);
    sl_free(again);
    sl_summary_free(s);
    sl_summary_pool_free(p);
}

static void test_summary__pool_bounded(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_options o = { 0 };
    sl_summary_pool *p = NULL;
    sl_summary *s = NULL;

    (void)state;
    story_docs(docs);
    o.pool_sentences = 3;
    o.pool_concepts = 40;
    assert_int_equal(sl_summary_pool_new(&p, &o), SL_OK);
    for (size_t round = 0; round < 5; round++) {
        for (size_t i = 0; i < STORY_DOCS; i++) {
            assert_int_equal(sl_summary_pool_add(p, &docs[i]), SL_OK);
            assert_true(sl_summary_pool_sentences(p) <= 3);
        }
    }
    assert_int_equal(sl_summary_pool_docs(p), 5 * STORY_DOCS);
    assert_int_equal(sl_summary_pool_render(&s, p, 40), SL_OK);
    assert_true(s->count >= 1 && s->words <= 40);
    sl_summary_free(s);
    sl_summary_pool_free(p);
}

/* Two pools of halves of a story, merged, are the pool of the whole
 * story (nothing pruned here): same bytes, same summary. */
static void test_summary__pool_merge(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_pool *all = NULL, *a = NULL, *b = NULL;
    sl_summary *s1 = NULL, *s2 = NULL;
    uint8_t *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;

    (void)state;
    story_docs(docs);
    assert_int_equal(sl_summary_pool_new(&all, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_new(&a, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_new(&b, NULL), SL_OK);
    for (size_t i = 0; i < STORY_DOCS; i++) {
        assert_int_equal(sl_summary_pool_add(all, &docs[i]), SL_OK);
        assert_int_equal(sl_summary_pool_add(i < 2 ? a : b, &docs[i]), SL_OK);
    }
    assert_int_equal(sl_summary_pool_merge(a, a), SL_EINVAL);
    assert_int_equal(sl_summary_pool_merge(a, b), SL_OK);
    assert_int_equal(sl_summary_pool_docs(a), STORY_DOCS);
    assert_int_equal(sl_summary_pool_docs(b), STORY_DOCS - 2);
    assert_int_equal(sl_summary_pool_save(&x, &nx, all), SL_OK);
    assert_int_equal(sl_summary_pool_save(&y, &ny, a), SL_OK);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    assert_int_equal(sl_summary_pool_render(&s1, all, 0), SL_OK);
    assert_int_equal(sl_summary_pool_render(&s2, a, 0), SL_OK);
    assert_same(s1, s2);
    sl_summary_free(s1);
    sl_summary_free(s2);
    sl_free(x);
    sl_free(y);
    sl_summary_pool_free(all);
    sl_summary_pool_free(a);
    sl_summary_pool_free(b);
}

/* A document added to two pools at once leaves each as adding it alone
 * does. */
static void test_summary__pool_add_many(void **state)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_pool *one = NULL, *two[2] = { NULL, NULL };
    uint8_t *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;

    (void)state;
    story_docs(docs);
    assert_int_equal(sl_summary_pool_new(&one, NULL), SL_OK);
    assert_int_equal(sl_summary_pool_new(&two[0], NULL), SL_OK);
    assert_int_equal(sl_summary_pool_new(&two[1], NULL), SL_OK);
    assert_int_equal(sl_summary_pool_add_many(two, 0, &docs[0]), SL_OK);
    for (size_t i = 0; i < STORY_DOCS; i++) {
        assert_int_equal(sl_summary_pool_add(one, &docs[i]), SL_OK);
        /* The second pool misses the first document until the end. */
        assert_int_equal(
            sl_summary_pool_add_many(two, i == 0 ? 1 : 2, &docs[i]), SL_OK);
    }
    assert_int_equal(sl_summary_pool_add(two[1], &docs[0]), SL_OK);
    assert_int_equal(sl_summary_pool_save(&x, &nx, one), SL_OK);
    assert_int_equal(sl_summary_pool_save(&y, &ny, two[0]), SL_OK);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    assert_int_equal(sl_summary_pool_docs(two[1]), STORY_DOCS);
    sl_free(x);
    sl_free(y);
    sl_summary_pool_free(one);
    sl_summary_pool_free(two[0]);
    sl_summary_pool_free(two[1]);
}

static int oom_summarize(void)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary *s = NULL;
    int rc;

    story_docs(docs);
    rc = sl_summarize(&s, docs, STORY_DOCS, NULL);
    if (rc == SL_OK) {
        assert_true(s->count >= 2);
    } else {
        assert_null(s);
    }
    sl_summary_free(s);
    return rc;
}

static int oom_pool(void)
{
    sl_summary_doc docs[STORY_DOCS];
    sl_summary_options o = { 0 };
    sl_summary_pool *p = NULL, *q = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rc;

    story_docs(docs);
    o.pool_sentences = 4;
    o.pool_concepts = 30;
    rc = sl_summary_pool_new(&p, &o);
    for (size_t i = 0; rc == SL_OK && i < STORY_DOCS; i++) {
        size_t before = sl_summary_pool_docs(p);
        rc = sl_summary_pool_add(p, &docs[i]);
        /* A failed add leaves the pool as it was. */
        assert_int_equal(sl_summary_pool_docs(p), before + (rc == SL_OK));
    }
    if (rc == SL_OK) {
        rc = sl_summary_pool_save(&bytes, &len, p);
    }
    if (rc == SL_OK) {
        rc = sl_summary_pool_load(&q, bytes, len, &o);
    }
    if (rc == SL_OK) {
        size_t before = sl_summary_pool_docs(q);
        rc = sl_summary_pool_merge(q, p);
        /* A failed merge leaves the pool as it was. */
        assert_int_equal(sl_summary_pool_docs(q),
                         rc == SL_OK ? 2 * before : before);
        assert_true(sl_summary_pool_sentences(q) <= 4);
    }
    sl_free(bytes);
    sl_summary_pool_free(q);
    sl_summary_pool_free(p);
    return rc;
}

static void oom_loop(int (*fn)(void))
{
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    int rc = SL_ENOMEM;
    long n;

    sl_set_allocator(&a);
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = fn();
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 5);
}

static void test_summary__oom(void **state)
{
    (void)state;
    oom_loop(oom_summarize);
    oom_loop(oom_pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary__split_plain),
        cmocka_unit_test(test_summary__split_abbreviations),
        cmocka_unit_test(test_summary__split_quotes_ellipses),
        cmocka_unit_test(test_summary__split_lines_multibyte),
        cmocka_unit_test(test_summary__split_long),
        cmocka_unit_test(test_summary__split_oom),
        cmocka_unit_test(test_summary__deterministic_and_ordered),
        cmocka_unit_test(test_summary__budget),
        cmocka_unit_test(test_summary__no_repeats),
        cmocka_unit_test(test_summary__presplit_and_errors),
        cmocka_unit_test(test_summary__pool_round_trip),
        cmocka_unit_test(test_summary__pool_loads_version_1),
        cmocka_unit_test(test_summary__pool_bounded),
        cmocka_unit_test(test_summary__pool_merge),
        cmocka_unit_test(test_summary__pool_add_many),
        cmocka_unit_test(test_summary__oom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
