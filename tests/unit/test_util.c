/*
 * test_util.c - buf, utf8 and io.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "storyline/io.h"
#include "util/buf.h"
#include "util/utf8.h"

static void test_buf__cap_is_enforced(void **state)
{
    sl_buf b;

    (void)state;
    sl__buf_init(&b, 8);
    assert_int_equal(sl__buf_adds(&b, "12345678"), SL_OK);
    assert_int_equal(sl__buf_addc(&b, '9'), SL_ELIMIT);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.ptr, "12345678");
    sl__buf_dispose(&b);
}

static void test_buf__json_escapes(void **state)
{
    sl_buf b;
    const char s[] = "a\"b\\c\n\x01";

    (void)state;
    sl__buf_init(&b, 0);
    assert_int_equal(sl__buf_add_json_str(&b, s, sizeof(s) - 1), SL_OK);
    assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
    sl__buf_dispose(&b);
}

static void test_utf8__repair_maps_cp1252(void **state)
{
    sl_buf b;
    /* "caf\xe9 \x93q\x94" in windows-1252 inside otherwise UTF-8 text. */
    const char s[] = "caf\xe9 \x93q\x94 \xc3\xa9";

    (void)state;
    sl__buf_init(&b, 0);
    assert_int_equal(sl__utf8_repair(&b, s, sizeof(s) - 1), SL_OK);
    assert_string_equal(b.ptr,
                        "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xc3\xa9");
    assert_int_equal(sl__utf8_count_invalid(b.ptr, b.len, NULL), 0);
    sl__buf_dispose(&b);
}

static void test_utf8__long_ascii_runs(void **state)
{
    sl_buf b;
    /* Runs longer than a word, a NUL inside one, a stray byte after one. */
    const char s[] = "abcdefghijklmnop\0qrstuvwxyz0123456789\xe9"
                     "ABCDEFGH";
    size_t multi = 9;

    (void)state;
    sl__buf_init(&b, 0);
    assert_int_equal(sl__utf8_repair(&b, s, sizeof(s) - 1), SL_OK);
    assert_string_equal(b.ptr, "abcdefghijklmnopqrstuvwxyz0123456789\xc3\xa9"
                               "ABCDEFGH");
    assert_int_equal(sl__utf8_count_invalid(s, sizeof(s) - 1, &multi), 1);
    assert_int_equal(multi, 0);
    sl__buf_dispose(&b);
}

static void test_utf8__rejects_overlong_and_surrogates(void **state)
{
    uint32_t cp;

    (void)state;
    assert_int_equal(sl__utf8_decode(&cp, (const unsigned char *)"\xc0\xaf", 2),
                     0);
    assert_int_equal(
        sl__utf8_decode(&cp, (const unsigned char *)"\xed\xa0\x80", 3), 0);
    assert_int_equal(
        sl__utf8_decode(&cp, (const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(
        sl__utf8_decode(&cp, (const unsigned char *)"\xe2\x82\xac", 3), 3);
    assert_int_equal(cp, 0x20AC);
}

static void test_io__gunzip_truncated(void **state)
{
    /* gzip of "hello\n", then the same cut short. */
    static const unsigned char gz[] = {
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00,
        0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
    };
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(sl_gunzip(&out, &len, (const char *)gz, sizeof(gz), 0),
                     SL_OK);
    assert_int_equal(len, 6);
    assert_memory_equal(out, "hello\n", 6);
    sl_free(out);
    out = NULL;
    assert_int_equal(sl_gunzip(&out, &len, (const char *)gz, 14, 0), SL_ETRUNC);
    assert_null(out);
    assert_int_equal(sl_gunzip(&out, &len, (const char *)gz, sizeof(gz), 3),
                     SL_ELIMIT);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__cap_is_enforced),
        cmocka_unit_test(test_buf__json_escapes),
        cmocka_unit_test(test_utf8__repair_maps_cp1252),
        cmocka_unit_test(test_utf8__long_ascii_runs),
        cmocka_unit_test(test_utf8__rejects_overlong_and_surrogates),
        cmocka_unit_test(test_io__gunzip_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
