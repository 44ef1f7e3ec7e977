/*
 * test_timex.c - temporal expressions: absolute and relative dates,
 * durations, sets, an unknown document date, code-point offsets,
 * reading values back, the rules files, allocation failures.
 *
 * Every sentence here is invented for the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/timex.h"
#include "support.h"
#include "timex/calendar.h"
#include "timex/lexicon.h"

/* ms UTC at noon of a day. */
static int64_t day_ms(int y, int m, int d)
{
    return sl__cal_days(y, m, d) * INT64_C(86400000) + INT64_C(43200000);
}

/* The expressions of s against the DCT as "text=TYPE:value" joined by
 * '|', mods as "/MOD". */
static char *find(const char *s, int64_t dct_ms)
{
    sl_timex *t = NULL;
    size_t n = 0, len = 0;
    char *out = malloc(strlen(s) * 4 + 64);

    assert_non_null(out);
    assert_int_equal(sl_timex_find(&t, &n, s, strlen(s), dct_ms, NULL), SL_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        len += (size_t)sprintf(out + len, "%s%.*s=%s:%s%s%s", i ? "|" : "",
                               (int)(t[i].end - t[i].start), s + t[i].start,
                               sl_timex_type_name(t[i].type), t[i].value,
                               t[i].mod[0] ? "/" : "", t[i].mod);
    }
    sl_free(t);
    return out;
}

static void check(const char *in, int64_t dct_ms, const char *want)
{
    char *got = find(in, dct_ms);

    if (strcmp(got, want) != 0) {
        fail_msg("timexes of '%s':\n  got  %s\n  want %s", in, got, want);
    }
    free(got);
}

/* A Wednesday. */
#define DCT day_ms(2022, 8, 17)

static void test_timex__absolute(void **state)
{
    (void)state;
    check("It began on 15 August 2022.", DCT, "15 August 2022=DATE:2022-08-15");
    check("Signed Aug. 15, 2021 in Bamako.", DCT,
          "Aug. 15, 2021=DATE:2021-08-15");
    check("The log says 2022-08-15 at the top.", DCT,
          "2022-08-15=DATE:2022-08-15");
    check("Operation Serval began in January 2013.", DCT,
          "January 2013=DATE:2013-01");
    check("The 2012 insurgency spread.", DCT, "2012=DATE:2012");
    check("Prices rose in the 1980s and the '90s.", DCT,
          "the 1980s=DATE:198|the '90s=DATE:209");
    check("It was built in the 11th century.", DCT, "the 11th century=DATE:10");
    check("Sales fell in the third quarter of 2021.", DCT,
          "the third quarter of 2021=DATE:2021-Q3");
    check("Nineteen ninety-six was dry.", DCT, "Nineteen ninety-six=DATE:1996");
    check("He paid $1990 for 1,500 shares.", DCT, "");
}

static void test_timex__relative(void **state)
{
    (void)state;
    check("The last troops left on Monday.", DCT, "Monday=DATE:2022-08-15");
    check("Talks will resume on Monday.", DCT, "Monday=DATE:2022-08-22");
    check("She arrived yesterday and leaves tomorrow.", DCT,
          "yesterday=DATE:2022-08-16|tomorrow=DATE:2022-08-18");
    check("Prices fell last week.", DCT, "last week=DATE:2022-W32");
    check("Prices fell last year, rise this year.", DCT,
          "last year=DATE:2021|this year=DATE:2022");
    check("The withdrawal was announced in February.", DCT,
          "February=DATE:2022-02");
    check("A referendum will be held in March.", DCT, "March=DATE:2023-03");
    check("It opened two years ago.", DCT, "two years ago=DATE:2020");
    check("It closed earlier this year.", DCT,
          "earlier this year=DATE:2022/START");
    check("Rain is due late next week.", DCT,
          "late next week=DATE:2022-W34/END");
    check("He is busy now but was ill recently.", DCT,
          "now=DATE:PRESENT_REF|recently=DATE:PAST_REF");
    check("They met this morning.", DCT, "this morning=TIME:2022-08-17TMO");
    check("The vote ends at 7:15 p.m. tomorrow.", DCT,
          "7:15 p.m. tomorrow=TIME:2022-08-18T19:15");
    check("It may rain.", DCT, "");
    check("It closes by year-end; in June last year it did not.", DCT,
          "year-end=DATE:2022/END|June last year=DATE:2021-06");
    check("Turnout will peak on March eighth.", DCT,
          "March eighth=DATE:2023-03-08");
}

/* A bare weekday after "by", "until" or "no later than" is a limit still
 * ahead unless the sentence looks back; "expect" looks forward. */
static void test_timex__deadline_weekday(void **state)
{
    (void)state;
    check("The wind should ease by Friday.", DCT, "Friday=DATE:2022-08-19");
    check("Forecasters expect the wind to ease by Monday.", DCT,
          "Monday=DATE:2022-08-22");
    check("Bids must arrive no later than Tuesday.", DCT,
          "Tuesday=DATE:2022-08-23");
    check("The road stays shut until Monday.", DCT, "Monday=DATE:2022-08-22");
    check("Repairs should be done by the weekend.", DCT,
          "the weekend=DATE:2022-W33-WE");
    /* A tense cue that looks back still wins. */
    check("The water had gone down by Monday.", DCT, "Monday=DATE:2022-08-15");
    check("Crews were home by Tuesday.", DCT, "Tuesday=DATE:2022-08-16");
    /* A possessive weekday names an event, not a limit. */
    check("Its share before Monday's sale is small.", DCT,
          "Monday=DATE:2022-08-15");
    /* Without a limit word, a bare weekday with no cue looks back. */
    check("Rain fell on Monday.", DCT, "Monday=DATE:2022-08-15");
}

static void test_timex__durations(void **state)
{
    (void)state;
    check("The war lasted nine years.", DCT, "nine years=DURATION:P9Y");
    check("A three-month truce held.", DCT, "three-month=DURATION:P3M");
    check("Profit rose in the past two months.", DCT,
          "the past two months=DURATION:P2M");
    check("The talks took several weeks.", DCT, "several weeks=DURATION:PXW");
    check("It took about 40 minutes and nearly an hour.", DCT,
          "about 40 minutes=DURATION:PT40M/APPROX|"
          "nearly an hour=DURATION:PT1H/LESS_THAN");
    check("Twenty-six days passed.", DCT, "Twenty-six days=DURATION:P26D");
    /* Ages and rates are not durations. */
    check("Mr. Reyes, 52 years old, runs a 136-year-old firm.", DCT, "");
    check("Four flights a week leave, 700 seats a week.", DCT, "");
    check("Sales rose in recent years and will in coming months.", DCT,
          "recent years=DATE:PAST_REF|coming months=DATE:FUTURE_REF");
}

static void test_timex__sets(void **state)
{
    (void)state;
    check("The board meets every week and reports annually.", DCT,
          "every week=SET:P1W|annually=SET:P1Y");
    check("The fair opens each July.", DCT, "each July=SET:XXXX-07");
}

static void test_timex__unknown_dct(void **state)
{
    (void)state;
    check("She left yesterday, in March, on Monday, last year.", 0,
          "yesterday=DATE:XXXX-XX-XX|March=DATE:XXXX-03|"
          "Monday=DATE:XXXX-WXX-1|last year=DATE:XXXX");
    check("On 15 August 2022 for nine years.", 0,
          "15 August 2022=DATE:2022-08-15|nine years=DURATION:P9Y");
}

static void test_timex__codepoints(void **state)
{
    const char *s = "Caf\xc3\xa9 \xe2\x80\x94 le 15 ao\xc3\xbbt; "
                    "Z\xc3\xbcrich on Monday \xf0\x9f\x93\x85 2013.";
    sl_timex *t = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(sl_timex_find(&t, &n, s, strlen(s), DCT, NULL), SL_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(s + t[0].start, "Monday", 6);
    assert_memory_equal(s + t[1].start, "2013", 4);
    assert_int_equal(sl_timex_to_codepoints(t, n, s, strlen(s)), SL_OK);
    /* "Café — le 15 août; Zürich on " is 29 code points. */
    assert_int_equal(t[0].start, 29);
    assert_int_equal(t[0].end, 35);
    assert_int_equal(t[1].start, 38);
    assert_int_equal(t[1].end, 42);
    /* Out of order: refused, nothing changed. */
    t[0].start = 40;
    assert_int_equal(sl_timex_to_codepoints(t, n, s, strlen(s)), SL_EINVAL);
    assert_int_equal(t[0].start, 40);
    sl_free(t);
}

static void test_timex__hostile(void **state)
{
    char buf[3000];
    sl_timex *t = NULL;
    size_t n = 7;
    sl_timex_options o = { 0 };

    (void)state;
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = (char)((i * 7919) % 256);
    }
    assert_int_equal(sl_timex_find(&t, &n, buf, sizeof(buf), DCT, NULL), SL_OK);
    sl_free(t);
    assert_int_equal(sl_timex_find(&t, &n, NULL, 0, DCT, NULL), SL_OK);
    assert_null(t);
    assert_int_equal(n, 0);
    o.max_bytes = 10;
    assert_int_equal(sl_timex_find(&t, &n, "in March 2020", 13, DCT, &o),
                     SL_ELIMIT);
    assert_null(t);
    o.max_bytes = 0;
    o.language = "xx";
    assert_int_equal(sl_timex_find(&t, &n, "in March 2020", 13, DCT, &o),
                     SL_ENOTFOUND);
    memset(buf, '9', sizeof(buf));
    assert_int_equal(sl_timex_find(&t, &n, buf, sizeof(buf), DCT, NULL), SL_OK);
    sl_free(t);
}

static void test_timex__values(void **state)
{
    int y, m, d;
    int64_t a, b;

    (void)state;
    assert_int_equal(sl_timex_day("2022-08-15", &y, &m, &d), SL_OK);
    assert_true(y == 2022 && m == 8 && d == 15);
    assert_int_equal(sl_timex_day("2022-08-15T14:00", &y, &m, &d), SL_OK);
    assert_int_equal(sl_timex_day("2022-08", &y, &m, &d), SL_ENOTFOUND);
    assert_int_equal(sl_timex_day("P9Y", &y, &m, &d), SL_ENOTFOUND);
    assert_int_equal(sl_timex_day("XXXX-08-15", &y, &m, &d), SL_ENOTFOUND);
    assert_int_equal(sl_timex_day("2022-02-30", &y, &m, &d), SL_ENOTFOUND);
    assert_int_equal(sl_timex_range("2022-08", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(2022, 8, 1) &&
                b == sl__cal_days(2022, 8, 31));
    assert_int_equal(sl_timex_range("2022-Q3", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(2022, 7, 1) &&
                b == sl__cal_days(2022, 9, 30));
    assert_int_equal(sl_timex_range("2022-W33", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(2022, 8, 15) &&
                b == sl__cal_days(2022, 8, 21));
    assert_int_equal(sl_timex_range("2022-W33-WE", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(2022, 8, 20));
    assert_int_equal(sl_timex_range("2022-WI", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(2022, 12, 1) &&
                b == sl__cal_days(2023, 2, 28));
    assert_int_equal(sl_timex_range("198", &a, &b), SL_OK);
    assert_true(a == sl__cal_days(1980, 1, 1) &&
                b == sl__cal_days(1989, 12, 31));
    assert_int_equal(sl_timex_range("PRESENT_REF", &a, &b), SL_ENOTFOUND);
    assert_int_equal(sl_timex_range("2022-W60", &a, &b), SL_ENOTFOUND);
    assert_string_equal(sl_timex_type_name(SL_TIMEX_SET), "SET");
    assert_string_equal(sl_timex_languages(), "en");
}

static void test_timex__calendar(void **state)
{
    int y, m, d, wy, ww;

    (void)state;
    assert_true(sl__cal_days(1970, 1, 1) == 0);
    sl__cal_civil(sl__cal_days(2000, 2, 29), &y, &m, &d);
    assert_true(y == 2000 && m == 2 && d == 29);
    assert_int_equal(sl__cal_weekday(sl__cal_days(2022, 8, 17)), 3);
    sl__cal_iso_week(sl__cal_days(2021, 1, 3), &wy, &ww);
    assert_true(wy == 2020 && ww == 53);
    sl__cal_iso_week(sl__cal_days(1998, 1, 8), &wy, &ww);
    assert_true(wy == 1998 && ww == 2);
}

static void test_timex__rules_files(void **state)
{
    const char *langs = sl_timex_languages();
    size_t bad_line = 0, len;
    const char *rules;

    (void)state;
    rules = sl__timex_rules("en", &len);
    assert_non_null(rules);
    assert_true(len > 1000);
    assert_true(strstr(langs, "en") != NULL);
    if (sl__timex_lex_check(rules, len, &bad_line) != 0) {
        fail_msg("rules/en.lex: line %zu is not an entry", bad_line);
    }
    assert_int_equal(sl__timex_lex_check("x\tNOSUCH\n", 9, &bad_line), 1);
    assert_int_equal(bad_line, 1);
}

static void test_timex__rules_object(void **state)
{
    const char *s = "They left on Monday, nine years after 2013.";
    sl_timex_rules *rules = NULL;
    sl_timex_options o = { 0 };
    sl_timex *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    (void)state;
    assert_int_equal(sl_timex_rules_new(&rules, "xx"), SL_ENOTFOUND);
    assert_null(rules);
    assert_int_equal(sl_timex_rules_new(&rules, NULL), SL_OK);
    o.rules = rules;
    o.language = "xx"; /* ignored when rules are given */
    assert_int_equal(sl_timex_find(&a, &na, s, strlen(s), DCT, &o), SL_OK);
    assert_int_equal(sl_timex_find(&b, &nb, s, strlen(s), DCT, NULL), SL_OK);
    assert_int_equal(na, 3);
    assert_int_equal(nb, na);
    assert_memory_equal(a, b, na * sizeof(*a));
    sl_free(a);
    sl_free(b);
    sl_timex_rules_free(rules);
    sl_timex_rules_free(NULL);
}

static void test_timex__oom(void **state)
{
    const char *s = "On Monday, nine years after Operation Serval began in "
                    "January 2013, the last troops left; a referendum "
                    "follows in March, every week until the end of 2023.";
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    int rc = SL_ENOMEM;

    (void)state;
    sl_set_allocator(&a);
    for (long n = 0; rc == SL_ENOMEM && n < 1000; n++) {
        sl_timex *t = (sl_timex *)1;
        size_t count = 9;
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_timex_find(&t, &count, s, strlen(s), DCT, NULL);
        if (rc == SL_ENOMEM) {
            assert_null(t);
            assert_int_equal(count, 0);
        } else {
            assert_int_equal(rc, SL_OK);
            assert_true(count >= 5);
        }
        sl_free(t);
    }
    for (long n = 0, done = 0; !done && n < 100; n++) {
        sl_timex_rules *rules = NULL;
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_timex_rules_new(&rules, "en");
        assert_true(rc == SL_OK || rc == SL_ENOMEM);
        assert_true((rc == SL_OK) == (rules != NULL));
        done = rc == SL_OK;
        sl_timex_rules_free(rules);
    }
    test_fail_at = -1;
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timex__absolute),
        cmocka_unit_test(test_timex__relative),
        cmocka_unit_test(test_timex__durations),
        cmocka_unit_test(test_timex__sets),
        cmocka_unit_test(test_timex__unknown_dct),
        cmocka_unit_test(test_timex__codepoints),
        cmocka_unit_test(test_timex__hostile),
        cmocka_unit_test(test_timex__deadline_weekday),
        cmocka_unit_test(test_timex__values),
        cmocka_unit_test(test_timex__calendar),
        cmocka_unit_test(test_timex__rules_files),
        cmocka_unit_test(test_timex__rules_object),
        cmocka_unit_test(test_timex__oom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
