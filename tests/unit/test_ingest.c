/*
 * test_ingest.c - the input readers of storyline/ingest.h.
 *
 * Every input is written here, small enough to read. Each reader is also
 * run with each of its allocations failing in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "storyline/ingest.h"
#include "util/buf.h"

/*---- Collecting what a reader hands over ----*/

#define MAX_GOT 16

typedef struct got_doc {
    sl_doc_kind kind;
    char *ext_id, *url, *where, *html, *title, *text, *published, *source;
    char *lang, *description, *authors;
    size_t html_len, author_count;
    int64_t fetched_ms;
} got_doc;

typedef struct got {
    got_doc docs[MAX_GOT];
    size_t count;
    char *err_where[MAX_GOT];
    char *err_msg[MAX_GOT];
    size_t err_count;
    int stop_after; /* return 7 from the nth document (1-based); 0 never */
} got;

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static int on_doc(const sl_doc *d, void *payload)
{
    got *g = payload;
    got_doc *o;

    assert_true(g->count < MAX_GOT);
    assert_non_null(d->where);
    assert_non_null(d->path);
    o = &g->docs[g->count++];
    o->kind = d->kind;
    o->ext_id = dup_or_null(d->ext_id);
    o->url = dup_or_null(d->url);
    o->where = dup_or_null(d->where);
    o->title = dup_or_null(d->title);
    o->text = dup_or_null(d->text);
    o->published = dup_or_null(d->published);
    o->source = dup_or_null(d->source);
    o->lang = dup_or_null(d->lang);
    o->description = dup_or_null(d->description);
    o->fetched_ms = d->fetched_ms;
    o->html_len = d->html_len;
    if (d->html != NULL) {
        o->html = malloc(d->html_len + 1);
        memcpy(o->html, d->html, d->html_len);
        o->html[d->html_len] = '\0';
    }
    /* Authors joined with '|' for easy comparison. */
    o->author_count = d->author_count;
    if (d->author_count > 0) {
        size_t len = 0;
        for (size_t i = 0; i < d->author_count; i++) {
            len += strlen(d->authors[i]) + 1;
        }
        o->authors = calloc(1, len);
        for (size_t i = 0; i < d->author_count; i++) {
            if (i > 0) {
                strcat(o->authors, "|");
            }
            strcat(o->authors, d->authors[i]);
        }
    }
    return g->stop_after != 0 && g->count == (size_t)g->stop_after ? 7 : 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    got *g = payload;

    assert_true(g->err_count < MAX_GOT);
    g->err_where[g->err_count] = strdup(where);
    g->err_msg[g->err_count] = strdup(msg);
    g->err_count++;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->count; i++) {
        got_doc *o = &g->docs[i];
        free(o->ext_id);
        free(o->url);
        free(o->where);
        free(o->html);
        free(o->title);
        free(o->text);
        free(o->published);
        free(o->source);
        free(o->lang);
        free(o->description);
        free(o->authors);
    }
    for (size_t i = 0; i < g->err_count; i++) {
        free(g->err_where[i]);
        free(g->err_msg[i]);
    }
    memset(g, 0, sizeof(*g));
}

static sl_ingest_options opts_for(got *g)
{
    sl_ingest_options o = { 0 };

    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = g;
    return o;
}

/*---- Out of memory ----*/

/* Fail the Nth allocation made through the library's allocator. */
static long fail_at = -1;
static long alloc_count;

static void *failing_malloc(size_t size)
{
    if (alloc_count++ == fail_at) {
        return NULL;
    }
    return malloc(size);
}

static void *failing_realloc(void *ptr, size_t size)
{
    if (alloc_count++ == fail_at) {
        return NULL;
    }
    return realloc(ptr, size);
}

typedef int (*reader_fn)(const char *data,
                         size_t len,
                         const char *path,
                         const sl_ingest_options *opts);

/* For n = 0, 1, 2 ...: fail the nth allocation. While a run reaches it,
 * the reader must return SL_ENOMEM (ASan checks that nothing leaks);
 * the first run that does not reach it must succeed. */
static void oom_loop(reader_fn read, const char *in, size_t len)
{
    const sl_allocator a = { failing_malloc, failing_realloc, free };
    got g = { 0 };
    sl_ingest_options o = opts_for(&g);
    long n;
    int rc = SL_ENOMEM;

    sl_set_allocator(&a);
    for (n = 0; n < 100000; n++) {
        fail_at = n;
        alloc_count = 0;
        rc = read(in, len, "oom.in", &o);
        got_free(&g);
        if (alloc_count <= n) {
            break;
        }
        if (rc != SL_ENOMEM) {
            sl_set_allocator(NULL);
            fail_msg("allocation %ld failed, yet rc = %d", n, rc);
        }
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 3);
}

/*---- JSON Lines ----*/

static void test_ingest__jsonl_names(void **state)
{
    static const char in[] =
        "{\"id\": \"a1\", \"title\": \"Own\", \"text\": \"Body one.\", "
        "\"published\": \"2020-01-02\", \"source\": \"Daily\", "
        "\"url\": \"https://x.example/1\", \"authors\": [\"A\", \"B\"], "
        "\"lang\": \"en\", \"description\": \"Desc\"}\n"
        "\n"
        "   \r\n"
        "{\"title\": \"NP\", \"maintext\": \"From news-please.\", "
        "\"date_publish\": \"2017-11-21 16:00:00\", "
        "\"source_domain\": \"np.example\", \"authors\": \"Solo\", "
        "\"language\": \"de\", \"filename\": \"x.json\", \"id\": 42}\r\n"
        "{\"text\": \"own\", \"maintext\": \"np\", \"source\": \"S\", "
        "\"source_domain\": \"d\", \"language\": \"fr\", \"lang\": \"it\"}\n"
        "[1, 2]\n"
        "{\"title\": \"broken\"\n"
        "{\"url\": \"https://x.example/no-text\"}\n"
        "{\"title\": \"nul\\u0000s\", \"text\": \"\", \"authors\": "
        "[\"x\\u0000y\", \"\", 3, \"z\"]}\n"
        "{\"title\": \"last\", \"text\": \"no newline\"}";
    got g = { 0 };
    sl_ingest_options o = opts_for(&g);

    (void)state;
    assert_int_equal(sl_jsonl_read(in, sizeof(in) - 1, "a.jsonl", &o), SL_OK);
    assert_int_equal(g.count, 5);
    got_doc *d = &g.docs[0];
    assert_int_equal(d->kind, SL_DOC_TEXT);
    assert_string_equal(d->ext_id, "a1");
    assert_string_equal(d->title, "Own");
    assert_string_equal(d->text, "Body one.");
    assert_string_equal(d->published, "2020-01-02");
    assert_string_equal(d->source, "Daily");
    assert_string_equal(d->url, "https://x.example/1");
    assert_string_equal(d->authors, "A|B");
    assert_string_equal(d->lang, "en");
    assert_string_equal(d->description, "Desc");
    assert_string_equal(d->where, "a.jsonl:1");
    d = &g.docs[1];
    assert_string_equal(d->ext_id, "42");
    assert_string_equal(d->text, "From news-please.");
    assert_string_equal(d->published, "2017-11-21 16:00:00");
    assert_string_equal(d->source, "np.example");
    assert_string_equal(d->authors, "Solo");
    assert_string_equal(d->lang, "de");
    assert_null(d->url);
    assert_string_equal(d->where, "a.jsonl:4");
    d = &g.docs[2];
    assert_string_equal(d->text, "own");
    assert_string_equal(d->source, "S");
    assert_string_equal(d->lang, "it");
    d = &g.docs[3];
    assert_string_equal(d->title, "nuls");
    assert_null(d->text);
    assert_string_equal(d->authors, "xy|z");
    assert_int_equal(d->author_count, 2);
    d = &g.docs[4];
    assert_string_equal(d->text, "no newline");
    assert_string_equal(d->where, "a.jsonl:10");
    assert_int_equal(g.err_count, 3);
    assert_string_equal(g.err_where[0], "a.jsonl:6");
    assert_string_equal(g.err_msg[0], "not a JSON object");
    assert_string_equal(g.err_where[1], "a.jsonl:7");
    assert_non_null(strstr(g.err_msg[1], "invalid JSON"));
    assert_string_equal(g.err_where[2], "a.jsonl:8");
    assert_string_equal(g.err_msg[2], "no text or title");
    got_free(&g);
}

static void test_ingest__jsonl_caps(void **state)
{
    static const char in[] = "{\"title\": \"a long title here\"}\n"
                             "{\"title\": \"ok\"}\n";
    got g = { 0 };
    sl_ingest_options o = opts_for(&g);

    (void)state;
    o.max_record_bytes = 20;
    assert_int_equal(sl_jsonl_read(in, sizeof(in) - 1, "c.jsonl", &o), SL_OK);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.err_count, 1);
    assert_string_equal(g.err_where[0], "c.jsonl:1");
    got_free(&g);
    o.max_record_bytes = 0;
    g.stop_after = 1;
    assert_int_equal(sl_jsonl_read(in, sizeof(in) - 1, "c.jsonl", &o), 7);
    got_free(&g);
    assert_int_equal(sl_jsonl_read(NULL, 0, "e.jsonl", &o), SL_OK);
    assert_int_equal(g.count, 0);
}

static void test_ingest__jsonl_out_of_memory(void **state)
{
    static const char jl[] =
        "{\"id\": 3, \"title\": \"T\", \"text\": \"x\\u0000y\", "
        "\"authors\": [\"a\\u0000b\", \"c\"]}\n"
        "not json\n";

    (void)state;
    oom_loop(sl_jsonl_read, jl, sizeof(jl) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest__jsonl_names),
        cmocka_unit_test(test_ingest__jsonl_caps),
        cmocka_unit_test(test_ingest__jsonl_out_of_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
