/*
 * test_summary.c - sentence splitting and extractive summaries.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary__split_plain),
        cmocka_unit_test(test_summary__split_abbreviations),
        cmocka_unit_test(test_summary__split_quotes_ellipses),
        cmocka_unit_test(test_summary__split_lines_multibyte),
        cmocka_unit_test(test_summary__split_long),
        cmocka_unit_test(test_summary__split_oom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
