/*
 * test_meta.c - page metadata (src/extract/meta.c) through sl_extract().
 *
 * Two kinds of cases. Data files: every tests/data/extract/meta-<name>.html
 * comes with meta-<name>.json holding the expected title, authors,
 * site_name, lang, url and description (null where none is expected) and
 * an optional "given_url" passed as sl_extract_options.url; adding a case
 * needs no C. Inline pages below pin single rules (entity decoding, caps,
 * junk filtering, URL resolution) and the out-of-memory behaviour. The
 * data directory comes from SL_TEST_DATA, set by ctest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/extract.h"
#include "storyline/io.h"
#include "support.h"

static sl_article *extract(const char *html, const char *url)
{
    sl_extract_options o = { .url = url };
    sl_article *a = NULL;

    assert_int_equal(sl_extract(&a, html, strlen(html), &o), SL_OK);
    assert_non_null(a);
    return a;
}

/* Compare one string field with the expectation; report and count. */
static int
check_str(const char *file, const char *key, const char *got, json_t *want)
{
    const char *w = json_is_string(want) ? json_string_value(want) : NULL;

    if (json_is_string(want) || json_is_null(want)) {
        if ((w == NULL) != (got == NULL) ||
            (w != NULL && strcmp(w, got) != 0)) {
            fprintf(stderr, "%s: %s: got '%s', want '%s'\n", file, key,
                    got ? got : "(null)", w ? w : "(null)");
            return 1;
        }
    }
    return 0;
}

static int check_case(const char *dir, const char *name)
{
    char path[1024];
    char *html = NULL;
    size_t len = 0, n;
    json_error_t err;
    json_t *want, *authors;
    sl_article *a;
    int failed = 0;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
        sizeof(path)) {
        fail_msg("path too long: %s/%s", dir, name);
    }
    assert_int_equal(sl_read_file(&html, &len, path, 0), SL_OK);
    n = strlen(path);
    strcpy(path + n - strlen(".html"), ".json");
    want = json_load_file(path, 0, &err);
    if (want == NULL) {
        fprintf(stderr, "%s: %s\n", path, err.text);
        fail();
    }
    a = extract(html, json_string_value(json_object_get(want, "given_url")));
    failed +=
        check_str(name, "title", a->title, json_object_get(want, "title"));
    failed += check_str(name, "site_name", a->site_name,
                        json_object_get(want, "site_name"));
    failed += check_str(name, "lang", a->lang, json_object_get(want, "lang"));
    failed += check_str(name, "url", a->url, json_object_get(want, "url"));
    failed += check_str(name, "description", a->description,
                        json_object_get(want, "description"));
    authors = json_object_get(want, "authors");
    if (json_is_array(authors)) {
        size_t i;
        json_t *v;
        if (json_array_size(authors) != a->author_count) {
            fprintf(stderr, "%s: %zu authors, want %zu\n", name,
                    a->author_count, json_array_size(authors));
            failed++;
        }
        json_array_foreach(authors, i, v)
        {
            if (i < a->author_count) {
                failed += check_str(name, "author", a->authors[i], v);
            }
        }
    }
    json_decref(want);
    sl_article_free(a);
    sl_free(html);
    return failed;
}

/* Replay every tests/data/extract/meta-*.html against its .json. */
static void test_meta__data_cases(void **state)
{
    const char *data = getenv("SL_TEST_DATA");
    char dir[1024];
    struct dirent *e;
    DIR *d;
    int cases = 0, failed = 0;

    (void)state;
    if (data == NULL) {
        skip();
    }
    snprintf(dir, sizeof(dir), "%s/extract", data);
    d = opendir(dir);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "meta-", 5) != 0 || n < 10 ||
            strcmp(e->d_name + n - 5, ".html") != 0) {
            continue;
        }
        failed += check_case(dir, e->d_name);
        cases++;
    }
    closedir(d);
    assert_true(cases >= 4);
    assert_int_equal(failed, 0);
}

static void test_meta__title_suffixes(void **state)
{
    static const struct {
        const char *head, *want;
    } cases[] = {
        /* The outlet's name after a dash, as the host says it. */
        { "<title>Dam opens its gates - Valleyradio.example</title>",
          "Dam opens its gates" },
        { "<title>Dam opens its gates :: Valley Radio</title>"
          "<meta property=\"og:site_name\" content=\"Valley Radio\">",
          "Dam opens its gates" },
        /* A dash inside a headline stays when nothing names the outlet. */
        { "<title>Mayor - the interview</title>", "Mayor - the interview" },
        /* An og:title that is only the outlet's name is skipped. */
        { "<meta property=\"og:title\" content=\"Valley Radio\">"
          "<meta property=\"og:site_name\" content=\"Valley Radio\">"
          "<title>Dam opens its gates | Valley Radio</title>",
          "Dam opens its gates" },
        /* A short label behind a pipe goes, the headline stays. */
        { "<title>Analysis | A longer look at the budget vote</title>",
          "A longer look at the budget vote" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char html[1024];
        sl_article *a;

        snprintf(html, sizeof(html),
                 "<html><head>%s</head><body><p>x</p>"
                 "</body></html>",
                 cases[i].head);
        a = extract(html, "https://valleyradio.example/news/dam");
        assert_non_null(a->title);
        assert_string_equal(a->title, cases[i].want);
        sl_article_free(a);
    }
}

static void test_meta__entities_and_markup(void **state)
{
    const char html[] =
        "<html><head>"
        "<meta property=\"og:title\" content=\"Caf&amp;eacute; owners&amp;#8217; "
        "&amp;quot;last&amp;quot; stand\">"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\","
        " \"description\": \"&lt;p&gt;Two&#160;cafés &amp; one <b>bakery</b>"
        "&lt;/p&gt;\", \"author\": \"Ana P&eacute;rez &amp; Li Wei\"}</script>"
        "</head><body><p>x</p></body></html>";
    sl_article *a = extract(html, NULL);

    (void)state;
    assert_string_equal(a->title, "Café owners’ \"last\" stand");
    assert_string_equal(a->description, "Two cafés & one bakery");
    assert_int_equal(a->author_count, 2);
    assert_string_equal(a->authors[0], "Ana Pérez");
    assert_string_equal(a->authors[1], "Li Wei");
    sl_article_free(a);
}

static void test_meta__authors_capped_and_deduplicated(void **state)
{
    char html[4096];
    size_t n = 0;
    sl_article *a;

    (void)state;
    n += (size_t)snprintf(html + n, sizeof(html) - n,
                          "<html><head><script type=\"application/ld+json\">"
                          "{\"@type\": \"Article\", \"author\": [");
    for (int i = 0; i < 14; i++) {
        n += (size_t)snprintf(html + n, sizeof(html) - n,
                              "%s{\"name\": \"Ann %c Lee\"}", i ? "," : "",
                              'A' + i);
    }
    n += (size_t)snprintf(html + n, sizeof(html) - n,
                          ",\"ANN A LEE\"]}</script></head>"
                          "<body><p>x</p></body></html>");
    assert_true(n < sizeof(html));
    a = extract(html, NULL);
    assert_int_equal(a->author_count, 10);
    assert_string_equal(a->authors[0], "Ann A Lee");
    assert_string_equal(a->authors[9], "Ann J Lee");
    sl_article_free(a);
}

static void test_meta__author_junk(void **state)
{
    static const char *const junk[] = {
        "Staff",
        "News Desk",
        "admin",
        "ann@lee.example",
        "https://x.example/ann",
        "Editorial Team",
        "By",
        "12345",
        "{{author}}",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        char html[512];
        sl_article *a;

        snprintf(html, sizeof(html),
                 "<html><head><meta name=\"author\" content=\"%s\">"
                 "</head><body><p>x</p></body></html>",
                 junk[i]);
        a = extract(html, NULL);
        if (a->author_count != 0) {
            fprintf(stderr, "'%s' gave '%s'\n", junk[i], a->authors[0]);
        }
        assert_int_equal(a->author_count, 0);
        sl_article_free(a);
    }
}

static void test_meta__url_resolution(void **state)
{
    static const struct {
        const char *head, *given, *want;
    } cases[] = {
        { "<link rel=\"canonical\" href=\"../b/c?x=1\">",
          "https://site.example/a/page", "https://site.example/b/c?x=1" },
        { "<link rel=\"canonical\" href=\"//cdn.site.example/p\">",
          "https://site.example/a", "https://cdn.site.example/p" },
        { "<link rel=\"canonical\" href=\"ftp://site.example/p\">"
          "<meta property=\"og:url\" content=\"http://site.example/q\">",
          NULL, "http://site.example/q" },
        { "<link rel=\"canonical\" href=\"/only/relative\">", NULL, NULL },
        { "<link rel=\"canonical\" href=\"./d/../e/./f\">",
          "https://site.example/a/b/page?q=1", "https://site.example/a/b/e/f" },
        { "<link rel=\"canonical\" href=\"../../../up\">",
          "https://site.example/a/b", "https://site.example/up" },
        { "<link rel=\"canonical\" href=\"?page=2\">",
          "https://site.example/list?page=1#top",
          "https://site.example/list?page=2" },
        { "<link rel=\"canonical\" href=\"/wiki/Topic:Rivers\">",
          "https://site.example/a", "https://site.example/wiki/Topic:Rivers" },
        { "<link rel=\"canonical\" href=\"mailto:desk@site.example\">",
          "https://site.example/a", "https://site.example/a" },
        { "<link rel=\"canonical\" href=\" https://site.example/t \">", NULL,
          "https://site.example/t" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char html[512];
        sl_article *a;

        snprintf(html, sizeof(html),
                 "<html><head>%s</head><body><p>x</p></body></html>",
                 cases[i].head);
        a = extract(html, cases[i].given);
        if (cases[i].want == NULL) {
            assert_null(a->url);
        } else {
            assert_non_null(a->url);
            assert_string_equal(a->url, cases[i].want);
        }
        sl_article_free(a);
    }
}

static void test_meta__lang_tags(void **state)
{
    static const struct {
        const char *head, *want;
    } cases[] = {
        { "<meta property=\"og:locale\" content=\"pt_br\">", "pt-BR" },
        { "<meta name=\"language\" content=\"zh-hant-tw\">", "zh-Hant-TW" },
        { "<meta property=\"og:locale\" content=\"english\">", NULL },
        { "<meta property=\"og:locale\" content=\"und\">", NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char html[512];
        sl_article *a;

        snprintf(html, sizeof(html),
                 "<html><head>%s</head><body><p>x</p></body></html>",
                 cases[i].head);
        a = extract(html, NULL);
        if (cases[i].want == NULL) {
            assert_null(a->lang);
        } else {
            assert_non_null(a->lang);
            assert_string_equal(a->lang, cases[i].want);
        }
        sl_article_free(a);
    }
}

/* Keys with trailing spaces, huge values and broken JSON-LD are input,
 * not errors. */
static void test_meta__hostile_metadata(void **state)
{
    char *html;
    size_t n = 0, cap = 200000;
    sl_article *a;

    (void)state;
    html = malloc(cap);
    assert_non_null(html);
    n += (size_t)snprintf(html + n, cap - n,
                          "<html><head><meta name=\"title \" content=\"t\">"
                          "<script type=\"application/ld+json\">{\"@graph\":"
                          " [[[[[[{\"@type\": \"Article\"}]]]]]], \"author\":"
                          " {\"@id\": \"#me\"}}</script>"
                          "<script type=\"application/ld+json\">{broken"
                          "</script><meta property=\"og:title\" content=\"");
    while (n < cap - 100) {
        html[n] = n % 7 ? 'a' : ' ';
        n++;
    }
    n += (size_t)snprintf(html + n, cap - n,
                          "\"></head><body><p>x</p></body></html>");
    a = extract(html, NULL);
    assert_non_null(a->title);
    assert_true(strlen(a->title) <= 512);
    assert_int_equal(a->author_count, 0);
    sl_article_free(a);
    free(html);
}

/* A page that exercises every metadata path must give SL_ENOMEM, not a
 * partial article or a leak, whichever allocation fails. */
static void test_meta__out_of_memory(void **state)
{
    const sl_allocator al = { test_failing_malloc, test_failing_realloc, free };
    const char html[] =
        "<html><head><title>A &amp;amp; B | Site</title>"
        "<meta property=\"og:site_name\" content=\"Site\">"
        "<meta name=\"description\" content=\"d &amp;amp; e\">"
        "<meta property=\"og:locale\" content=\"en_GB\">"
        "<link rel=\"canonical\" href=\"/x\">"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\","
        " \"author\": [\"Ann Lee and Bo Chen\", {\"name\": \"Cy Dunn\"}]}"
        "</script></head><body><h1>A &amp; B</h1>"
        "<p class=\"byline\">By <a rel=\"author\">Di Eve</a></p>"
        "<p>Body text.</p></body></html>";
    sl_extract_options o = { .url = "https://site.example/a" };
    sl_article *a = NULL;
    long n;
    int rc = SL_ENOMEM;

    (void)state;
    sl_set_allocator(&al);
    for (n = 0; n < 20000 && rc == SL_ENOMEM; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_extract(&a, html, sizeof(html) - 1, &o);
        if (rc == SL_ENOMEM) {
            assert_null(a);
        }
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_int_equal(a->author_count, 3);
    assert_string_equal(a->title, "A & B");
    assert_string_equal(a->url, "https://site.example/x");
    sl_article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta__data_cases),
        cmocka_unit_test(test_meta__title_suffixes),
        cmocka_unit_test(test_meta__entities_and_markup),
        cmocka_unit_test(test_meta__authors_capped_and_deduplicated),
        cmocka_unit_test(test_meta__author_junk),
        cmocka_unit_test(test_meta__url_resolution),
        cmocka_unit_test(test_meta__lang_tags),
        cmocka_unit_test(test_meta__hostile_metadata),
        cmocka_unit_test(test_meta__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
