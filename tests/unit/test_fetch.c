/*
 * test_fetch.c - robots.txt parsing (robots.c) and the URL list handling
 * of sl_fetch_urls() that needs no network.
 *
 * The robots.txt cases follow RFC 9309: group selection (section 2.1),
 * longest match with Allow winning ties (2.2.2), '*' and '$' and
 * percent-encoding (2.2.3), plus Crawl-delay and hostile input. Fetching
 * over a socket is tested by tests/fetch/fetch_local.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/robots.h"
#include "storyline/ingest.h"

#define AGENT "storyline"

static int allowed(const char *robots, const char *path)
{
    return sl__robots_allowed(robots, strlen(robots), AGENT, path, NULL);
}

static long delay_of(const char *robots)
{
    long ms = -1;

    (void)sl__robots_allowed(robots, strlen(robots), AGENT, "/", &ms);
    return ms;
}

/*---- Groups ----*/

static void test_fetch__robots_our_group_beats_star(void **state)
{
    const char *r = "User-agent: *\n"
                    "Disallow: /\n"
                    "\n"
                    "User-agent: storyline\n"
                    "Disallow: /private\n";

    (void)state;
    assert_true(allowed(r, "/news/a.html"));
    assert_false(allowed(r, "/private/x"));
    /* Another crawler's token gets the "*" group. */
    assert_false(sl__robots_allowed(r, strlen(r), "otherbot", "/news", NULL));
}

static void test_fetch__robots_star_group_applies_alone(void **state)
{
    const char *r = "User-agent: otherbot\n"
                    "Disallow: /\n"
                    "User-agent: *\n"
                    "Disallow: /tmp/\n";

    (void)state;
    assert_true(allowed(r, "/index.html"));
    assert_false(allowed(r, "/tmp/file"));
}

static void test_fetch__robots_agent_matching(void **state)
{
    /* Token match is case-insensitive and ignores a version; a longer
     * token is a different crawler. */
    const char *versioned = "User-agent: StoryLine/2.0\nDisallow: /a\n";
    const char *longer = "User-agent: storylinebot\nDisallow: /a\n";

    (void)state;
    assert_false(allowed(versioned, "/a"));
    assert_true(allowed(longer, "/a"));
}

static void test_fetch__robots_groups_merge(void **state)
{
    /* Two groups naming us are combined; several user-agent lines share
     * one group; a user-agent line after rules starts a new group. */
    const char *r = "User-agent: storyline\n"
                    "Disallow: /one\n"
                    "User-agent: otherbot\n"
                    "User-agent: storyline\n"
                    "Disallow: /two\n"
                    "User-agent: otherbot\n"
                    "Disallow: /three\n";

    (void)state;
    assert_false(allowed(r, "/one"));
    assert_false(allowed(r, "/two"));
    assert_true(allowed(r, "/three"));
}

static void test_fetch__robots_rules_outside_groups_ignored(void **state)
{
    const char *r = "Disallow: /\n"
                    "Sitemap: https://example.test/sitemap.xml\n";

    (void)state;
    assert_true(allowed(r, "/anything"));
    assert_true(allowed("", "/anything"));
    assert_true(sl__robots_allowed(NULL, 0, AGENT, "/x", NULL));
}

/*---- Precedence ----*/

static void test_fetch__robots_longest_match_wins(void **state)
{
    const char *r = "User-agent: *\n"
                    "Disallow: /\n"
                    "Allow: /public\n"
                    "Disallow: /public/drafts\n";

    (void)state;
    assert_false(allowed(r, "/"));
    assert_true(allowed(r, "/public/story"));
    assert_false(allowed(r, "/public/drafts/1"));
    /* The order of the lines does not matter. */
    const char *rev = "User-agent: *\n"
                      "Disallow: /public/drafts\n"
                      "Allow: /public\n"
                      "Disallow: /\n";
    assert_true(allowed(rev, "/public/story"));
    assert_false(allowed(rev, "/public/drafts/1"));
}

static void test_fetch__robots_allow_wins_ties(void **state)
{
    const char *r = "User-agent: *\n"
                    "Disallow: /page\n"
                    "Allow: /page\n";

    (void)state;
    assert_true(allowed(r, "/page"));
}

static void test_fetch__robots_empty_disallow_allows(void **state)
{
    const char *r = "User-agent: *\nDisallow:\n";

    (void)state;
    assert_true(allowed(r, "/x"));
    assert_true(allowed("User-agent: *\nAllow:\nDisallow: /\n", "/") == 0);
}

/*---- Special characters ----*/

static void test_fetch__robots_wildcards(void **state)
{
    const char *r = "User-agent: *\n"
                    "Disallow: /*.pdf$\n"
                    "Disallow: /fish*\n"
                    "Disallow: /*?print=\n"
                    "Disallow: /a*b*c$\n";

    (void)state;
    assert_false(allowed(r, "/docs/report.pdf"));
    assert_true(allowed(r, "/docs/report.pdf?page=2"));
    assert_true(allowed(r, "/docs/report.pdfx"));
    assert_false(allowed(r, "/fish"));
    assert_false(allowed(r, "/fishing/boats"));
    assert_true(allowed(r, "/Fish"));
    assert_false(allowed(r, "/story?print=1&id=3"));
    assert_true(allowed(r, "/story?id=3&print=1"));
    assert_true(allowed(r, "/story?id=3"));
    assert_false(allowed(r, "/aXbYc"));
    assert_false(allowed(r, "/abcbc"));
    assert_true(allowed(r, "/abcd"));
    /* Backtracking over many near-misses still ends. */
    assert_true(
        allowed(r, "/aaaaaaaaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbb"));
}

static void test_fetch__robots_dollar_inside_is_literal(void **state)
{
    const char *r = "User-agent: *\nDisallow: /a$b\n";

    (void)state;
    assert_false(allowed(r, "/a$b/c"));
    assert_true(allowed(r, "/a"));
}

static void test_fetch__robots_percent_encoding(void **state)
{
    const char *r = "User-agent: *\n"
                    "Disallow: /%7Ejoe/\n"
                    "Disallow: /caf\xC3\xA9\n"
                    "Disallow: /a%2Fb\n";

    (void)state;
    /* %7E is '~', an unreserved character. */
    assert_false(allowed(r, "/~joe/index.html"));
    assert_false(allowed(r, "/%7ejoe/index.html"));
    /* Raw UTF-8 in a rule equals its encoding in the URL, any case. */
    assert_false(allowed(r, "/caf%C3%A9/menu"));
    assert_false(allowed(r, "/caf%c3%a9"));
    /* An encoded '/' is not a path separator. */
    assert_false(allowed(r, "/a%2fb"));
    assert_true(allowed(r, "/a/b"));
}

static void test_fetch__robots_txt_always_allowed(void **state)
{
    (void)state;
    assert_true(allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    /* An empty path is "/". */
    assert_false(allowed("User-agent: *\nDisallow: /\n", ""));
}

/*---- Crawl-delay ----*/

static void test_fetch__robots_crawl_delay(void **state)
{
    (void)state;
    assert_int_equal(delay_of("User-agent: storyline\nCrawl-delay: 2\n"), 2000);
    assert_int_equal(delay_of("User-agent: *\nCrawl-delay: 0.25\n"), 250);
    assert_int_equal(delay_of("User-agent: *\nCrawl-delay: soon\n"), 0);
    assert_int_equal(delay_of("User-agent: *\nDisallow: /x\n"), 0);
    /* Ours wins over "*" even when ours gives none. */
    assert_int_equal(delay_of("User-agent: *\nCrawl-delay: 9\n"
                              "User-agent: storyline\nDisallow: /x\n"),
                     0);
    /* Absurd values are clamped to a day. */
    assert_int_equal(
        delay_of("User-agent: *\nCrawl-delay: 99999999999999999999\n"),
        86400L * 1000);
}

/*---- Hostile input ----*/

static void test_fetch__robots_line_endings_and_comments(void **state)
{
    const char *r = "\xEF\xBB\xBF"
                    "USER-AGENT : *   # everyone\r\n"
                    "disallow:/x # not /y\r"
                    "Disallow /y\n"
                    "Allow: /x/ok\t\n";

    (void)state;
    assert_false(allowed(r, "/x/1"));
    assert_true(allowed(r, "/x/ok"));
    /* No colon: ignored. */
    assert_true(allowed(r, "/y"));
}

static void test_fetch__robots_garbage(void **state)
{
    unsigned char junk[4096];
    unsigned int seed = 12345;

    (void)state;
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof(junk); i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (unsigned char)(seed >> 16);
            /* Salt with the bytes the parser cares about. */
            if (junk[i] % 7 == 0) {
                junk[i] = (unsigned char)":\n*$%#/"[junk[i] % 7];
            }
        }
        long ms = -1;
        int a = sl__robots_allowed((const char *)junk, sizeof(junk), AGENT,
                                   "/some/path?q=1", &ms);
        assert_true(a == 0 || a == 1);
        assert_true(ms >= 0);
    }
    /* NUL bytes inside the body are just bytes. */
    const char nul[] = "User-agent: *\nDisallow: /a\0b\nDisallow: /c\n";
    assert_false(sl__robots_allowed(nul, sizeof(nul) - 1, AGENT, "/c/d", NULL));
}

static void test_fetch__robots_reads_only_the_cap(void **state)
{
    size_t pad = SL_ROBOTS_MAX_BYTES + 100;
    const char head[] = "User-agent: *\nDisallow: /early\n";
    const char tail[] = "\nDisallow: /late\n";
    char *r = malloc(sizeof(head) + pad + sizeof(tail));

    (void)state;
    assert_non_null(r);
    memcpy(r, head, sizeof(head) - 1);
    memset(r + sizeof(head) - 1, '#', pad);
    memcpy(r + sizeof(head) - 1 + pad, tail, sizeof(tail) - 1);
    size_t len = sizeof(head) - 1 + pad + sizeof(tail) - 1;
    assert_false(sl__robots_allowed(r, len, AGENT, "/early", NULL));
    assert_true(sl__robots_allowed(r, len, AGENT, "/late", NULL));
    free(r);
}

/*---- sl_fetch_urls without the network ----*/

typedef struct seen {
    int docs;
    int errors;
    char log[2048];
} seen;

static int count_doc(const sl_doc *d, void *payload)
{
    seen *s = payload;

    (void)d;
    s->docs++;
    return 0;
}

static void count_error(const char *where, const char *msg, void *payload)
{
    seen *s = payload;
    size_t n = strlen(s->log);

    s->errors++;
    snprintf(s->log + n, sizeof(s->log) - n, "%s %s\n", where, msg);
}

static void test_fetch__list_rejects_what_it_cannot_fetch(void **state)
{
    char list[8192];
    seen s = { 0 };
    sl_ingest_options io = { 0 };
    int n;

    (void)state;
    n = snprintf(list, sizeof(list),
                 "# a comment\n"
                 "\n"
                 "   \t\r\n"
                 "ftp://127.0.0.1/file\r\n"
                 "file:///etc/hostname\n"
                 "not a url\n"
                 "http://\n"
                 "http://127.0.0.1:99999/\n");
    memset(list + n, 'a', 5000);
    n += 5000;
    list[n++] = '\n';
    io.on_doc = count_doc;
    io.on_error = count_error;
    io.payload = &s;
    assert_int_equal(sl_fetch_urls(list, (size_t)n, "list.txt", NULL, &io),
                     SL_OK);
    assert_int_equal(s.docs, 0);
    assert_int_equal(s.errors, 6);
    assert_non_null(strstr(s.log, "list.txt:4 ftp://127.0.0.1/file: "
                                  "unsupported scheme"));
    assert_non_null(strstr(s.log, "list.txt:5 file:///etc/hostname: "
                                  "unsupported scheme"));
    assert_non_null(strstr(s.log, "list.txt:6 not a url: not a valid URL"));
    assert_non_null(strstr(s.log, "list.txt:7 http://: not a valid URL"));
    assert_non_null(strstr(s.log, "list.txt:8 http://127.0.0.1:99999/: "));
    assert_non_null(strstr(s.log, "list.txt:9 aaaa"));
    assert_non_null(strstr(s.log, "URL too long (5000 bytes"));
}

static void test_fetch__bad_arguments(void **state)
{
    sl_ingest_options io = { 0 };

    (void)state;
    assert_int_equal(sl_fetch_urls("", 0, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(sl_fetch_urls("", 0, "x", NULL, &io), SL_EINVAL);
    io.on_doc = count_doc;
    assert_int_equal(sl_fetch_urls(NULL, 3, "x", NULL, &io), SL_EINVAL);
    assert_int_equal(sl_fetch_urls(NULL, 0, NULL, NULL, &io), SL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fetch__robots_our_group_beats_star),
        cmocka_unit_test(test_fetch__robots_star_group_applies_alone),
        cmocka_unit_test(test_fetch__robots_agent_matching),
        cmocka_unit_test(test_fetch__robots_groups_merge),
        cmocka_unit_test(test_fetch__robots_rules_outside_groups_ignored),
        cmocka_unit_test(test_fetch__robots_longest_match_wins),
        cmocka_unit_test(test_fetch__robots_allow_wins_ties),
        cmocka_unit_test(test_fetch__robots_empty_disallow_allows),
        cmocka_unit_test(test_fetch__robots_wildcards),
        cmocka_unit_test(test_fetch__robots_dollar_inside_is_literal),
        cmocka_unit_test(test_fetch__robots_percent_encoding),
        cmocka_unit_test(test_fetch__robots_txt_always_allowed),
        cmocka_unit_test(test_fetch__robots_crawl_delay),
        cmocka_unit_test(test_fetch__robots_line_endings_and_comments),
        cmocka_unit_test(test_fetch__robots_garbage),
        cmocka_unit_test(test_fetch__robots_reads_only_the_cap),
        cmocka_unit_test(test_fetch__list_rejects_what_it_cannot_fetch),
        cmocka_unit_test(test_fetch__bad_arguments),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
