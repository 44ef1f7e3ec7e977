/*
 * test_dates.c - sl_date_parse() and ISO rendering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates__iso_day),
        cmocka_unit_test(test_dates__rejects_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
