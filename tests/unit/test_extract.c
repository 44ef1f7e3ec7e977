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

/* Paragraphs of a body long enough that the extractor keeps to it. */
#define BODY_PARAS                                                            \
    "<p>The ferry service across the estuary will stop for three weeks from " \
    "Monday while the landing stages are rebuilt, the operator said.</p>"     \
    "<p>Passengers will be carried by bus over the river bridge instead, a "  \
    "journey the operator expects to take about forty minutes.</p>"           \
    "<p>Traders on the quay said the closure, in the busiest part of the "    \
    "year, would cost them dearly, and asked for a rent holiday.</p>"

/* The body of 'html' (a fragment put inside <body>); the caller frees. */
static sl_article *extract_body(const char *html)
{
    sl_article *a = NULL;
    char *doc = malloc(strlen(html) + 128);

    assert_non_null(doc);
    strcpy(doc, "<!DOCTYPE html><html lang=\"en\"><head><title>Ferry stops"
                "</title></head><body>");
    strcat(doc, html);
    strcat(doc, "</body></html>");
    assert_int_equal(sl_extract(&a, doc, strlen(doc), NULL), SL_OK);
    free(doc);
    assert_non_null(a);
    assert_non_null(a->body);
    assert_non_null(strstr(a->body, "forty minutes"));
    return a;
}

/* A byline or dateline with no sentence in it is not body, whether its
 * element is named so or not. */
static void test_extract__byline_dropped(void **state)
{
    static const char *const pages[] = {
        "<article><h1>Ferry stops</h1><div class=\"story-byline\">Mara "
        "Quill, Estuary News</div><div class=\"text\">" BODY_PARAS
        "</div></article>",
        "<article><h1>Ferry stops</h1><div class=\"info\"><span>Mara "
        "Quill</span> <span>Chief Reporter</span> <time>4 June "
        "2024</time></div><div>" BODY_PARAS "</div></article>",
        "<article><p>Mara Quill, Estuary News \xc2\xb7 Tuesday 4 June 2024, "
        "5.45pm</p>" BODY_PARAS "</article>",
        "<article><p>By Staff Writer \xe2\x80\xa2 June 4, 2024 \xe2\x80\xa2 "
        "2 min read</p>" BODY_PARAS "</article>",
        "<article><p>Staff reporter</p>" BODY_PARAS "</article>",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        sl_article *a = extract_body(pages[i]);
        if (strstr(a->body, "Quill") != NULL ||
            strstr(a->body, "min read") != NULL ||
            strstr(a->body, "Staff") != NULL ||
            strstr(a->body, "2024") != NULL) {
            fail_msg("page %zu kept its byline: %s", i, a->body);
        }
        assert_true(strncmp(a->body, "The ferry service", 17) == 0);
        sl_article_free(a);
    }
    /* A name marked up inside a sentence stays in it. */
    sl_article *a = extract_body(
        "<article>" BODY_PARAS "<p>The timetable was drawn up by <span "
        "class=\"author\">Mara Quill</span> of the harbour board.</p>"
        "</article>");
    assert_non_null(strstr(a->body, "drawn up by Mara Quill of the harbour"));
    sl_article_free(a);
    /* A closing table of dates is data, not a dateline. */
    a = extract_body("<article>" BODY_PARAS
                     "<table><tr><th>Date</th><th>Sailing</th></tr>"
                     "<tr><td>3 June 2024</td><td>Morning</td></tr>"
                     "<tr><td>4 June 2024</td><td>Evening</td></tr></table>"
                     "</article>");
    assert_non_null(strstr(a->body, "4 June 2024 | Evening"));
    sl_article_free(a);
}

/* Short adverts inside the article go, by name or by their label; a
 * paragraph that merely starts with such a word stays. */
static void test_extract__inline_ads_dropped(void **state)
{
    static const char *const pages[] = {
        "<article>" BODY_PARAS "<div class=\"inline-ad\">Cheap cottages by "
        "the sea</div><p>The landing stages were built in 1962.</p></article>",
        "<article>" BODY_PARAS "<p>Sponsored: Cheap cottages by the sea</p>"
        "<p>The landing stages were built in 1962.</p></article>",
        "<article>" BODY_PARAS "<aside id=\"promo-box\">Cheap cottages by "
        "the sea</aside><p>The landing stages were built in 1962.</p>"
        "</article>",
        "<article>" BODY_PARAS "<p>ADVERTISEMENT \xe2\x80\x93 Cheap cottages "
        "by the sea</p><p>The landing stages were built in 1962.</p>"
        "</article>",
    };
    sl_article *a;

    (void)state;
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        a = extract_body(pages[i]);
        if (strstr(a->body, "cottages") != NULL) {
            fail_msg("page %zu kept its advert: %s", i, a->body);
        }
        assert_non_null(strstr(a->body, "built in 1962"));
        sl_article_free(a);
    }
    a = extract_body("<article>" BODY_PARAS
                     "<p>Advertising on the quay is banned, the council "
                     "says.</p></article>");
    assert_non_null(strstr(a->body, "Advertising on the quay"));
    sl_article_free(a);
    a = extract_body("<article>" BODY_PARAS
                     "<p>Ad-hoc ferries ran on Sunday.</p></article>");
    assert_non_null(strstr(a->body, "Ad-hoc ferries"));
    sl_article_free(a);
    /* A long block named like an advert is not one. */
    a = extract_body("<div class=\"ad-free\">" BODY_PARAS "</div>");
    assert_non_null(strstr(a->body, "The ferry service"));
    sl_article_free(a);
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
        cmocka_unit_test(test_extract__byline_dropped),
        cmocka_unit_test(test_extract__inline_ads_dropped),
        cmocka_unit_test(test_extract__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
