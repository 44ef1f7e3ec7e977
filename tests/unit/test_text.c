/*
 * test_text.c - sl_text_read(): headline, boilerplate, dates, repair.
 *
 * Every page here is invented for the test: the kinds of lines that
 * saved-as-text news pages carry (site names, section labels, bylines,
 * share prompts, author boxes, "Full story at ...") around made-up
 * stories.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storyline/ingest.h"
#include "support.h"

/* What the callbacks saw, copied out. */
typedef struct got {
    int docs;
    int errors;
    int stop; /* value on_doc returns */
    char *title;
    char *text;
    char *published;
    char where[64];
    sl_doc_kind kind;
} got;

static char *dup_or_null(const char *s)
{
    char *d;

    if (s == NULL) {
        return NULL;
    }
    d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static int on_doc(const sl_doc *d, void *payload)
{
    got *g = payload;

    g->docs++;
    g->kind = d->kind;
    g->title = dup_or_null(d->title);
    g->text = dup_or_null(d->text);
    g->published = dup_or_null(d->published);
    snprintf(g->where, sizeof(g->where), "%s", d->where);
    return g->stop;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    got *g = payload;

    (void)msg;
    g->errors++;
    snprintf(g->where, sizeof(g->where), "%s", where);
}

static int read_page(got *g, const char *page, size_t max)
{
    sl_ingest_options o = { 0 };

    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = g;
    o.max_record_bytes = max;
    return sl_text_read(page, strlen(page), "page.txt", &o);
}

static void got_free(got *g)
{
    free(g->title);
    free(g->text);
    free(g->published);
    memset(g, 0, sizeof(*g));
}

/* A page with furniture on every side of the story. */
static const char full_page[] =
    "The Valley Courier\n"
    "\n"
    "Local News\n"
    "\n"
    "Share\n"
    "\n"
    "Old Mill Bridge Reopens to Traffic After Two Years of Repairs\n"
    "\n"
    "By Hanna Oduya\n"
    "Published: 2021-03-12 09:30\n"
    "\n"
    "The Old Mill bridge over the Ferrow river reopened to cars on Monday, "
    "two years after engineers closed it over cracks in its main span.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "Drivers queued from dawn to be among the first across, and the town "
    "council handed out coffee at the east end of the bridge.\n"
    "\n"
    "Inside the town\n"
    "\n"
    "Shops on Mill Street said trade had fallen by a third while the "
    "bridge was shut, as shoppers from the far bank went elsewhere.\n"
    "Follow us on Twitter for updates\n"
    "\n"
    "Related Articles\n"
    "\n"
    "Council approves new budget for road repairs\n"
    "\n"
    "Hanna Oduya\n"
    "\n"
    "Hanna is a reporter covering transport and local politics.\n"
    "\n"
    "\xC2\xA9 2021 The Valley Courier. All rights reserved.\n";

static void test_text__full_page(void **state)
{
    got g = { 0 };

    (void)state;
    assert_int_equal(read_page(&g, full_page, 0), SL_OK);
    assert_int_equal(g.docs, 1);
    assert_int_equal(g.kind, SL_DOC_TEXT);
    assert_string_equal(g.where, "page.txt");
    assert_string_equal(
        g.title,
        "Old Mill Bridge Reopens to Traffic After Two Years of Repairs");
    assert_string_equal(
        g.text,
        "The Old Mill bridge over the Ferrow river reopened to cars on "
        "Monday, two years after engineers closed it over cracks in its "
        "main span.\n"
        "\n"
        "Drivers queued from dawn to be among the first across, and the "
        "town council handed out coffee at the east end of the bridge.\n"
        "\n"
        "Inside the town\n"
        "\n"
        "Shops on Mill Street said trade had fallen by a third while the "
        "bridge was shut, as shoppers from the far bank went elsewhere.");
    assert_non_null(g.published);
    assert_true(strncmp(g.published, "2021-03-12", 10) == 0);
    got_free(&g);
}

/* A site name followed by a tagline, the headline twice, and a pointer to
 * the full story followed by a newsletter box. */
static const char repost_page[] =
    "Harbour Watch Weekly\n"
    "\n"
    "Notes for people who work on the water.\n"
    "\n"
    "\n"
    "Ferry Crews Vote to Strike Over Night Shift Rotas\n"
    "\n"
    "Ferry Crews Vote to Strike Over Night Shift Rotas\n"
    "\n"
    "Written by T. Marsh\n"
    "\n"
    "Crews on the three island ferries voted by a wide margin to strike "
    "next month, their union said, after talks on night shift rotas broke "
    "down.\n"
    "\n"
    "The operator said it would run a reduced timetable and urged the "
    "union to return to talks before the first walkout.\n"
    "\n"
    "Full story at https://news.example.invalid/ferries/strike-vote\n"
    "\n"
    "Stay in the loop\n"
    "\n"
    "Get our weekly letter with the news from every harbour on the "
    "coast, straight to your inbox.\n";

static void test_text__site_header_and_repeat(void **state)
{
    got g = { 0 };

    (void)state;
    assert_int_equal(read_page(&g, repost_page, 0), SL_OK);
    assert_string_equal(g.title,
                        "Ferry Crews Vote to Strike Over Night Shift Rotas");
    assert_string_equal(
        g.text,
        "Crews on the three island ferries voted by a wide margin to strike "
        "next month, their union said, after talks on night shift rotas "
        "broke down.\n"
        "\n"
        "The operator said it would run a reduced timetable and urged the "
        "union to return to talks before the first walkout.");
    assert_null(g.published);
    got_free(&g);
}

static void test_text__title_suffixes(void **state)
{
    got g = { 0 };
    const char *strong = "Orchard growers count losses after late frost | "
                         "Farm Gazette\n\n"
                         "Apple and pear growers across the county say a late "
                         "frost last week killed most of the blossom on "
                         "their trees.\n";
    const char *dash = "Farm Gazette\n\n"
                       "Orchard growers count losses after late frost - "
                       "Farm Gazette\n\n"
                       "Apple and pear growers across the county say a late "
                       "frost last week killed most of the blossom on "
                       "their trees.\n";
    const char *keep = "Growers weigh frost cover - and its cost\n\n"
                       "Apple and pear growers across the county say a late "
                       "frost last week killed most of the blossom on "
                       "their trees.\n";

    (void)state;
    assert_int_equal(read_page(&g, strong, 0), SL_OK);
    assert_string_equal(g.title,
                        "Orchard growers count losses after late frost");
    got_free(&g);
    assert_int_equal(read_page(&g, dash, 0), SL_OK);
    assert_string_equal(g.title,
                        "Orchard growers count losses after late frost");
    got_free(&g);
    /* A dash inside a headline stays when nothing above names an outlet. */
    assert_int_equal(read_page(&g, keep, 0), SL_OK);
    assert_string_equal(g.title, "Growers weigh frost cover - and its cost");
    got_free(&g);
}

static void test_text__no_headline(void **state)
{
    got g = { 0 };
    const char *page =
        "The library will stay open until nine on weekdays from next month, "
        "the county said, after a survey of readers.\n"
        "\n"
        "Weekend hours are unchanged, and the reading room will keep its "
        "Sunday opening through the summer.\n";

    (void)state;
    assert_int_equal(read_page(&g, page, 0), SL_OK);
    assert_null(g.title);
    assert_non_null(strstr(g.text, "The library will stay open"));
    assert_non_null(strstr(g.text, "\n\nWeekend hours"));
    got_free(&g);
}

static void test_text__sentences_that_look_like_furniture(void **state)
{
    got g = { 0 };
    const char *page =
        "Flood Defences Hold as River Peaks Overnight\n"
        "\n"
        "The river rose to its highest level in a decade overnight, but the "
        "new flood walls along the quay held, the environment agency said.\n"
        "\n"
        "By Friday, the water had fallen by half a metre.\n"
        "\n"
        "Related\n"
        "\n"
        "Residents who left their homes on Wednesday were told they could "
        "return once the agency had checked the drains on each street, "
        "which it expected to finish within two days.\n"
        "\n"
        "Engineers will inspect the walls again next week, and the council "
        "said it would publish their report in full.\n";

    (void)state;
    assert_int_equal(read_page(&g, page, 0), SL_OK);
    assert_string_equal(g.title,
                        "Flood Defences Hold as River Peaks Overnight");
    /* A sentence starting "By" is not a byline. */
    assert_non_null(strstr(g.text, "By Friday, the water"));
    /* A label early in the page is dropped without cutting the rest. */
    assert_null(strstr(g.text, "Related"));
    assert_non_null(strstr(g.text, "Engineers will inspect"));
    got_free(&g);
}

static void test_text__repair_and_spaces(void **state)
{
    got g = { 0 };
    /* Windows-1252 quotes, CRLF lines, NBSP runs, a zero-width space. */
    const char *page =
        "Caf\xE9 Owners Protest New Terrace Fees\r\n"
        "\r\n"
        "Owners of \x93pavement caf\xE9s\x94 said\xC2\xA0\xC2\xA0the fees "
        "would\xE2\x80\x8B cost them more than a month of summer takings, "
        "and asked the council to think again.\r\n";

    (void)state;
    assert_int_equal(read_page(&g, page, 0), SL_OK);
    assert_string_equal(g.title, "Caf\xC3\xA9 Owners Protest New Terrace Fees");
    assert_string_equal(
        g.text, "Owners of \xE2\x80\x9Cpavement caf\xC3\xA9s\xE2\x80\x9D"
                " said the fees would cost them more than a month of "
                "summer takings, and asked the council to think "
                "again.");
    got_free(&g);
}

static void test_text__dates(void **state)
{
    got g = { 0 };
    const char *page = "Updated: 2021-04-05\n"
                       "\n"
                       "School Meals Contract Goes to Local Firm\n"
                       "\n"
                       "A bakery and catering firm from the market town will "
                       "cook lunches for the district's twelve primary "
                       "schools from September.\n"
                       "\n"
                       "Posted by Lee Amari on 2021-04-01\n";

    (void)state;
    assert_int_equal(read_page(&g, page, 0), SL_OK);
    assert_string_equal(g.title, "School Meals Contract Goes to Local Firm");
    /* The publication date, not the update. */
    assert_non_null(g.published);
    assert_string_equal(g.published, "2021-04-01");
    assert_null(strstr(g.text, "Posted by"));
    assert_null(strstr(g.text, "Updated"));
    got_free(&g);
}

static void test_text__nothing_left(void **state)
{
    got g = { 0 };

    (void)state;
    assert_int_equal(read_page(&g, "Share\n\nAdvertisement\n\nClose\n", 0),
                     SL_EINVAL);
    assert_int_equal(g.docs, 0);
    assert_int_equal(g.errors, 1);
    assert_string_equal(g.where, "page.txt");
    got_free(&g);
    assert_int_equal(read_page(&g, "", 0), SL_EINVAL);
    assert_int_equal(read_page(&g, "\n\n \t \n", 0), SL_EINVAL);
    got_free(&g);
}

static void test_text__cap_and_arguments(void **state)
{
    got g = { 0 };
    sl_ingest_options o = { 0 };

    (void)state;
    assert_int_equal(read_page(&g, full_page, 100), SL_ELIMIT);
    assert_int_equal(g.docs, 0);
    assert_int_equal(g.errors, 1);
    assert_int_equal(sl_text_read("x", 1, "p", NULL), SL_EINVAL);
    assert_int_equal(sl_text_read("x", 1, "p", &o), SL_EINVAL);
    got_free(&g);
}

static void test_text__callback_stops(void **state)
{
    got g = { 0 };

    (void)state;
    g.stop = 7;
    assert_int_equal(read_page(&g, full_page, 0), 7);
    assert_int_equal(g.docs, 1);
    got_free(&g);
}

static void test_text__hostile_bytes(void **state)
{
    unsigned char page[3000];
    unsigned int seed = 99;

    (void)state;
    for (int round = 0; round < 100; round++) {
        got g = { 0 };
        sl_ingest_options o = { 0 };
        for (size_t i = 0; i < sizeof(page); i++) {
            seed = seed * 1103515245u + 12345u;
            page[i] = (unsigned char)(seed >> 16);
            if (page[i] % 5 == 0) {
                page[i] = (unsigned char)"\n \n.a"[page[i] % 5];
            }
        }
        o.on_doc = on_doc;
        o.on_error = on_error;
        o.payload = &g;
        int rc = sl_text_read((const char *)page, sizeof(page), NULL, &o);
        assert_true(rc == SL_OK || rc == SL_EINVAL);
        assert_int_equal(g.docs + g.errors, 1);
        got_free(&g);
    }
}

/*---- Data cases: tests/data/text/<name>.txt and <name>.want ----*/

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (fp == NULL) {
        return NULL;
    }
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* Check one case; 'want' is "title: T\npublished: P\n\nTEXT\n". */
static void check_case(const char *dir, const char *name)
{
    char path[1024];
    char *page, *want, *title, *published, *text;
    size_t len, wlen;
    int n;
    got g = { 0 };
    sl_ingest_options o = { 0 };

    n = snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof(path));
    page = slurp(path, &len);
    assert_non_null(page);
    n = snprintf(path, sizeof(path), "%s/%s.want", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof(path));
    want = slurp(path, &wlen);
    assert_non_null(want);
    assert_true(strncmp(want, "title: ", 7) == 0);
    title = want + 7;
    published = strstr(title, "\npublished: ");
    assert_non_null(published);
    *published = '\0';
    published += strlen("\npublished: ");
    text = strstr(published, "\n\n");
    assert_non_null(text);
    *text = '\0';
    text += 2;
    while (wlen > 0 && want[wlen - 1] == '\n') {
        want[--wlen] = '\0';
    }

    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &g;
    print_message("case %s\n", name);
    assert_int_equal(sl_text_read(page, len, name, &o), SL_OK);
    assert_string_equal(g.title != NULL ? g.title : "", title);
    assert_string_equal(g.published != NULL ? g.published : "", published);
    assert_string_equal(g.text, text);
    got_free(&g);
    free(page);
    free(want);
}

static void test_text__data_cases(void **state)
{
    const char *root = getenv("SL_TEST_DATA");
    char dir[1024];
    DIR *d;
    struct dirent *e;
    int cases = 0;

    (void)state;
    if (root == NULL) {
        skip();
    }
    int w = snprintf(dir, sizeof(dir), "%s/text", root);
    assert_true(w > 0 && (size_t)w < sizeof(dir));
    d = opendir(dir);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char name[256];
        if (n < 5 || n >= sizeof(name) ||
            strcmp(e->d_name + n - 4, ".txt") != 0) {
            continue;
        }
        memcpy(name, e->d_name, n - 4);
        name[n - 4] = '\0';
        check_case(dir, name);
        cases++;
    }
    closedir(d);
    assert_true(cases >= 2);
}

/*---- Allocation failures ----*/

static void test_text__oom(void **state)
{
    sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    int rc = SL_ENOMEM;
    long n;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 10000 && rc == SL_ENOMEM; n++) {
        got g = { 0 };
        test_fail_at = n;
        test_alloc_count = 0;
        rc = read_page(&g, full_page, 0);
        assert_true(rc == SL_OK || rc == SL_ENOMEM);
        assert_int_equal(g.docs, rc == SL_OK ? 1 : 0);
        got_free(&g);
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__full_page),
        cmocka_unit_test(test_text__site_header_and_repeat),
        cmocka_unit_test(test_text__title_suffixes),
        cmocka_unit_test(test_text__no_headline),
        cmocka_unit_test(test_text__sentences_that_look_like_furniture),
        cmocka_unit_test(test_text__repair_and_spaces),
        cmocka_unit_test(test_text__dates),
        cmocka_unit_test(test_text__nothing_left),
        cmocka_unit_test(test_text__cap_and_arguments),
        cmocka_unit_test(test_text__callback_stops),
        cmocka_unit_test(test_text__hostile_bytes),
        cmocka_unit_test(test_text__data_cases),
        cmocka_unit_test(test_text__oom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
