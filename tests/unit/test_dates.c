/*
 * test_dates.c - sl_date_parse(), sl_date_find(), ISO rendering and the
 * instant a date denotes.
 *
 * Most parse cases are data: tests/data/dates/cases.tsv, one per line,
 * "input<TAB>expected ISO" or "input<TAB>-" for a rejected input. The
 * directory comes from the SL_TEST_DATA environment variable, which ctest
 * sets to tests/data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/dates.h"

static void test_dates__iso_day(void **state)
{
    sl_date d;
    char buf[32];
    const char *s = "2022-08-15";

    (void)state;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_int_equal(d.year, 2022);
    assert_int_equal(d.month, 8);
    assert_int_equal(d.day, 15);
    assert_false(d.has_time);
    assert_true(sl_date_to_iso(buf, sizeof(buf), &d) > 0);
    assert_string_equal(buf, "2022-08-15");
}

static void test_dates__rejects_garbage(void **state)
{
    sl_date d;

    (void)state;
    assert_int_equal(sl_date_parse(&d, "2022-13-01", 10), SL_EINVAL);
    assert_int_equal(sl_date_parse(&d, "hello", 5), SL_EINVAL);
    assert_int_equal(sl_date_parse(&d, "", 0), SL_EINVAL);
    assert_int_equal(sl_date_parse(&d, NULL, 0), SL_EINVAL);
}

static void test_dates__rfc2822_with_zone(void **state)
{
    const char *s = "Tue, 09 Nov 2010 14:49:00 +0100";
    sl_date d;

    (void)state;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_true(d.has_tz);
    assert_int_equal(d.tz_offset_min, 60);
    assert_true(sl_date_to_ms(&d) == INT64_C(1289310540000)); /* 13:49Z */
}

static void test_dates__to_ms(void **state)
{
    sl_date d;
    const char *s = "1970-01-02";

    (void)state;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_true(sl_date_to_ms(&d) == INT64_C(86400000));
    s = "2020-05-01T23:30:00-04:00";
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_true(sl_date_to_ms(&d) == INT64_C(1588390200000));
    s = "2000-03-01";
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_true(sl_date_to_ms(&d) == INT64_C(951868800000));
}

static void test_dates__iso_small_buffer(void **state)
{
    sl_date d;
    char buf[26];
    const char *s = "2020-05-01T23:30:00-04:00";

    (void)state;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), SL_OK);
    assert_int_equal(sl_date_to_iso(buf, sizeof(buf), &d), 25);
    assert_string_equal(buf, s);
    assert_int_equal(sl_date_to_iso(buf, 10, &d), SL_ELIMIT);
}

static void test_dates__find_in_text(void **state)
{
    const char *s = "Von Anna Muster | Veröffentlicht am 15. August 2022, "
                    "10:30 Uhr | 3 Kommentare";
    sl_date d;
    size_t start = 0, end = 0;

    (void)state;
    assert_int_equal(sl_date_find(&d, &start, &end, s, strlen(s), 0), SL_OK);
    assert_int_equal(d.year, 2022);
    assert_int_equal(d.month, 8);
    assert_int_equal(d.day, 15);
    assert_true(d.has_time);
    assert_int_equal(d.hour, 10);
    assert_memory_equal(s + start, "15. August", 10);
    assert_memory_equal(s + end - 9, "10:30 Uhr", 9);
}

static void test_dates__find_skips_numbers(void **state)
{
    const char *s = "Version 1.2.2022 build 3 ids 123-45-2020 and 20220815";
    sl_date d;

    (void)state;
    /* "1.2.2022" is a day (1 February) and should be found; the rest are
     * parts of longer numbers. */
    assert_int_equal(sl_date_find(&d, NULL, NULL, s, strlen(s), 0), SL_OK);
    assert_int_equal(d.month, 2);
    s = "ids 123-45-2020 and 20220815 and 1.2.3.4";
    assert_int_equal(sl_date_find(&d, NULL, NULL, s, strlen(s), 0),
                     SL_ENOTFOUND);
}

static void test_dates__find_day_month_order(void **state)
{
    const char *s = "Posted 03/04/2020";
    sl_date d;

    (void)state;
    assert_int_equal(sl_date_find(&d, NULL, NULL, s, strlen(s), 0),
                     SL_ENOTFOUND);
    assert_int_equal(
        sl_date_find(&d, NULL, NULL, s, strlen(s), SL_DATE_DAY_FIRST), SL_OK);
    assert_int_equal(d.month, 4);
    assert_int_equal(
        sl_date_find(&d, NULL, NULL, s, strlen(s), SL_DATE_MONTH_FIRST), SL_OK);
    assert_int_equal(d.month, 3);
}

static void test_dates__find_bounds(void **state)
{
    /* A date cut off at the end of the buffer must not be read past it. */
    const char *s = "15 August 2022";
    sl_date d;

    (void)state;
    for (size_t n = 0; n < strlen(s); n++) {
        assert_int_equal(sl_date_find(&d, NULL, NULL, s, n, 0), SL_ENOTFOUND);
    }
    assert_int_equal(sl_date_find(&d, NULL, NULL, s, strlen(s), 0), SL_OK);
}

/* Replay tests/data/dates/cases.tsv. */
static void test_dates__cases_file(void **state)
{
    const char *dir = getenv("SL_TEST_DATA");
    char path[1024], line[512];
    FILE *f;
    int n = 0, failed = 0;

    (void)state;
    if (dir == NULL) {
        skip();
    }
    snprintf(path, sizeof(path), "%s/dates/cases.tsv", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL) {
        size_t len = strcspn(line, "\r\n");
        char *tab, got[32];
        sl_date d;
        int rc;

        line[len] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        tab = strrchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        rc = sl_date_parse(&d, line, strlen(line));
        if (rc == SL_OK) {
            assert_true(sl_date_to_iso(got, sizeof(got), &d) > 0);
        } else {
            strcpy(got, "-");
        }
        if (strcmp(got, tab + 1) != 0) {
            fprintf(stderr, "cases.tsv: '%s': got %s, want %s\n", line, got,
                    tab + 1);
            failed++;
        }
        n++;
    }
    fclose(f);
    assert_true(n > 50);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates__iso_day),
        cmocka_unit_test(test_dates__rejects_garbage),
        cmocka_unit_test(test_dates__rfc2822_with_zone),
        cmocka_unit_test(test_dates__to_ms),
        cmocka_unit_test(test_dates__iso_small_buffer),
        cmocka_unit_test(test_dates__find_in_text),
        cmocka_unit_test(test_dates__find_skips_numbers),
        cmocka_unit_test(test_dates__find_day_month_order),
        cmocka_unit_test(test_dates__find_bounds),
        cmocka_unit_test(test_dates__cases_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
