/*
 * test_extract.c - sl_extract() on small pages written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "extract/page.h"
#include "storyline/extract.h"
#include "support.h"

static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head>"
    "<title>Harbour bridge reopens | The Coastal Courier</title>"
    "<meta property=\"og:site_name\" content=\"The Coastal Courier\">"
    "<meta property=\"article:published_time\" "
    "content=\"2024-03-05T08:30:00+01:00\">"
    "<link rel=\"canonical\" href=\"https://courier.example/bridge\">"
    "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<article><h1>Harbour bridge reopens</h1>"
    "<p>The harbour bridge reopened to traffic on Tuesday after eight months "
    "of repairs, the city council said.</p>"
    "<p>Engineers replaced forty steel cables and resurfaced the deck, at a "
    "cost the council put at twelve million euros.</p>"
    "</article><footer>Copyright The Coastal Courier</footer></body></html>";

static void test_extract__small_page(void **state)
{
    sl_article *a = NULL;

    (void)state;
    assert_int_equal(sl_extract(&a, page, sizeof(page) - 1, NULL), SL_OK);
    assert_non_null(a);
    assert_string_equal(a->url, "https://courier.example/bridge");
    assert_string_equal(a->lang, "en");
    assert_string_equal(a->site_name, "The Coastal Courier");
    assert_non_null(a->published);
    assert_int_equal(strncmp(a->published, "2024-03-05", 10), 0);
    assert_non_null(strstr(a->body, "forty steel cables"));
    sl_article_free(a);
}

static void test_extract__empty_and_binary(void **state)
{
    sl_article *a = NULL;
    const char bin[] = "\x00\x01\x02\x03\x04\x05\x06\x07\x00\x00\xff\xfe";

    (void)state;
    assert_int_equal(sl_extract(&a, "", 0, NULL), SL_EINVAL);
    assert_int_equal(sl_extract(&a, " \n\t\r\n ", 6, NULL), SL_EINVAL);
    assert_null(a);
    assert_int_equal(sl_extract(&a, bin, sizeof(bin) - 1, NULL), SL_EINVAL);
    assert_null(a);
}

static void test_extract__size_cap(void **state)
{
    sl_article *a = NULL;
    sl_extract_options o = { .max_bytes = 100 };

    (void)state;
    assert_int_equal(sl_extract(&a, page, sizeof(page) - 1, &o), SL_ELIMIT);
    assert_null(a);
}

static void test_extract__strip_raw_text(void **state)
{
    sl_buf b;
    const char s[] = "<p>a</p><script>if (x < 1) { y = \"</p>\"; }</script>"
                     "<!-- <script> -->b<STYLE>p{}</STYLE>"
                     "<script type=\"application/ld+json\">{\"k\":1}</script>"
                     "<scripts>c</scripts><script src=x></script>"
                     "<script type=application/ld+json>{}</script>";

    (void)state;
    sl__buf_init(&b, 0);
    assert_int_equal(sl__strip_raw_text(&b, s, sizeof(s) - 1), SL_OK);
    assert_string_equal(b.ptr, "<p>a</p><script></script>b<STYLE></STYLE>"
                               "<script type=\"application/ld+json\">"
                               "{\"k\":1}</script><scripts>c</scripts>"
                               "<script src=x></script>"
                               "<script type=application/ld+json>{}</script>");
    sl__buf_reset(&b);
    /* Unterminated comment and script: the rest is cut. */
    assert_int_equal(sl__strip_raw_text(&b, "x<!-- y", 7), SL_OK);
    assert_string_equal(b.ptr, "x");
    sl__buf_reset(&b);
    assert_int_equal(sl__strip_raw_text(&b, "x<script>y", 10), SL_OK);
    assert_string_equal(b.ptr, "x<script>");
    sl__buf_dispose(&b);
}

static void test_extract__out_of_memory(void **state)
{
    const sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    sl_article *art = NULL;
    long n;
    int rc = SL_ENOMEM;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 10000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_extract(&art, page, sizeof(page) - 1, NULL);
        if (rc == SL_ENOMEM) {
            assert_null(art);
        }
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 5);
    sl_article_free(art);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extract__small_page),
        cmocka_unit_test(test_extract__empty_and_binary),
        cmocka_unit_test(test_extract__size_cap),
        cmocka_unit_test(test_extract__strip_raw_text),
        cmocka_unit_test(test_extract__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
