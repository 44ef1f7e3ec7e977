/*
 * test_charset.c - charset sniffing and decoding to UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "extract/charset.h"
#include "storyline/common.h"
#include "util/utf8.h"

static void decode(sl_buf *b, char *name, const char *s, size_t len)
{
    sl__buf_init(b, 0);
    assert_int_equal(sl__charset_decode(b, name, 48, s, len), SL_OK);
    assert_int_equal(sl__utf8_count_invalid(b->ptr, b->len, NULL), 0);
}

static void test_charset__sniff_meta(void **state)
{
    char name[48];
    const char *a = "<html><head><meta charset=\"ISO-8859-15\">";
    const char *b = "<meta http-equiv=\"Content-Type\" "
                    "content=\"text/html; charset=Shift_JIS\">";

    (void)state;
    assert_int_equal(sl__charset_sniff(name, sizeof(name), a, strlen(a)), 1);
    assert_string_equal(name, "iso-8859-15");
    assert_int_equal(sl__charset_sniff(name, sizeof(name), b, strlen(b)), 1);
    assert_string_equal(name, "shift_jis");
    assert_int_equal(sl__charset_sniff(name, sizeof(name), "<p>x", 4), 0);
}

static void test_charset__declared_latin1(void **state)
{
    sl_buf b;
    char name[48];
    const char s[] = "<meta charset=iso-8859-1><p>Gr\xfc\xdf Gott</p>";

    (void)state;
    decode(&b, name, s, sizeof(s) - 1);
    assert_string_equal(name, "windows-1252");
    assert_non_null(strstr(b.ptr, "Gr\xc3\xbc\xc3\x9f Gott"));
    sl__buf_dispose(&b);
}

static void test_charset__latin1_label_on_utf8_bytes(void **state)
{
    sl_buf b;
    char name[48];
    const char s[] = "<meta charset=iso-8859-1><p>caf\xc3\xa9</p>";

    (void)state;
    decode(&b, name, s, sizeof(s) - 1);
    assert_string_equal(name, "utf-8");
    assert_non_null(strstr(b.ptr, "caf\xc3\xa9"));
    sl__buf_dispose(&b);
}

static void test_charset__bom_and_iconv(void **state)
{
    sl_buf b;
    char name[48];
    const char bom[] = "\xef\xbb\xbf<p>x</p>";
    const char koi[] = "<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";

    (void)state;
    decode(&b, name, bom, sizeof(bom) - 1);
    assert_string_equal(name, "utf-8");
    assert_string_equal(b.ptr, "<p>x</p>");
    sl__buf_dispose(&b);
    decode(&b, name, koi, sizeof(koi) - 1);
    assert_string_equal(name, "koi8-r");
    /* "Привет" */
    assert_non_null(strstr(b.ptr, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
                                  "\xd1\x82"));
    sl__buf_dispose(&b);
}

static void test_charset__undeclared_invalid(void **state)
{
    sl_buf b;
    char name[48];
    const char s[] = "<p>na\xefve r\xe9sum\xe9</p>";

    (void)state;
    decode(&b, name, s, sizeof(s) - 1);
    assert_string_equal(name, "windows-1252");
    assert_non_null(strstr(b.ptr, "na\xc3\xafve r\xc3\xa9sum\xc3\xa9"));
    sl__buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset__sniff_meta),
        cmocka_unit_test(test_charset__declared_latin1),
        cmocka_unit_test(test_charset__latin1_label_on_utf8_bytes),
        cmocka_unit_test(test_charset__bom_and_iconv),
        cmocka_unit_test(test_charset__undeclared_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
