/*
 * test_ingest.c - the input readers of storyline/ingest.h.
 *
 * Every input is written here, small enough to read: WARC records are
 * built with their offsets known, so that the "FILE@OFFSET" positions
 * can be checked; gzip members are made with zlib. Each reader is also
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

#include "ingest/warc.h"
#include "storyline/ingest.h"
#include "support.h"
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

typedef int (*reader_fn)(const char *data,
                         size_t len,
                         const char *path,
                         const sl_ingest_options *opts);

/* For n = 0, 1, 2 ...: fail the nth allocation. While a run reaches it,
 * the reader must return SL_ENOMEM (ASan checks that nothing leaks);
 * the first run that does not reach it must succeed. */
static void oom_loop(reader_fn read, const char *in, size_t len)
{
    const sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    got g = { 0 };
    sl_ingest_options o = opts_for(&g);
    long n;
    int rc = SL_ENOMEM;

    sl_set_allocator(&a);
    for (n = 0; n < 100000; n++) {
        test_fail_at = n;
        test_alloc_count = 0;
        rc = read(in, len, "oom.in", &o);
        got_free(&g);
        if (test_alloc_count <= n) {
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

/*---- Building WARC input ----*/

/* Append one record: header lines (each ending in CRLF), the block, the
 * trailer. Returns the record's offset. */
static size_t add_record(sl_buf *b,
                         const char *type,
                         const char *headers,
                         const char *block,
                         size_t block_len)
{
    size_t at = b->len;

    assert_int_equal(sl__buf_printf(b,
                                    "WARC/1.0\r\n"
                                    "WARC-Type: %s\r\n"
                                    "WARC-Record-ID: <urn:uuid:%zu>\r\n"
                                    "%s"
                                    "Content-Length: %zu\r\n\r\n",
                                    type, at, headers, block_len),
                     SL_OK);
    assert_int_equal(sl__buf_add(b, block, block_len), SL_OK);
    assert_int_equal(sl__buf_adds(b, "\r\n\r\n"), SL_OK);
    return at;
}

static const char page[] = "<html><head><title>Hi</title></head>"
                           "<body><p>Hello, world.</p></body></html>";

static size_t add_response(sl_buf *b, const char *url, const char *http)
{
    char headers[512];

    snprintf(headers, sizeof(headers),
             "WARC-Target-URI: %s\r\n"
             "WARC-Date: 2024-03-05T06:07:08Z\r\n"
             "Content-Type: application/http; msgtype=response\r\n",
             url);
    return add_record(b, "response", headers, http, strlen(http));
}

static void add_three(sl_buf *b, size_t *resp_at)
{
    const char info[] = "software: test\r\nformat: WARC File Format 1.0\r\n";
    const char req[] = "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n";
    char http[512];

    add_record(b, "warcinfo",
               "WARC-Date: 2024-03-05T06:07:08Z\r\n"
               "Content-Type: application/warc-fields\r\n",
               info, strlen(info));
    add_record(b, "request",
               "WARC-Target-URI: https://news.example/a\r\n"
               "Content-Type: application/http; msgtype=request\r\n",
               req, strlen(req));
    snprintf(http, sizeof(http),
             "HTTP/1.1 200 OK\r\n"
             "Content-Type: text/html; charset=utf-8\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             strlen(page), page);
    *resp_at = add_response(b, "https://news.example/a", http);
}

/* Compress 'len' bytes of 'data' as one gzip member appended to 'out'. */
static void gz_member(sl_buf *out, const char *data, size_t len)
{
    z_stream zs;
    unsigned char chunk[4096];
    int zrc;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(
        deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    do {
        zs.next_out = chunk;
        zs.avail_out = sizeof(chunk);
        zrc = deflate(&zs, Z_FINISH);
        assert_int_equal(sl__buf_add(out, chunk, sizeof(chunk) - zs.avail_out),
                         SL_OK);
    } while (zrc == Z_OK);
    assert_int_equal(zrc, Z_STREAM_END);
    deflateEnd(&zs);
}

static int warc_mem(got *g, const sl_buf *b, size_t max)
{
    sl_ingest_options o = opts_for(g);

    o.max_record_bytes = max;
    return sl__warc_read_mem(b->ptr, b->len, "t.warc", &o);
}

static char *temp_file(const sl_buf *b)
{
    char *path = strdup("/tmp/sl_test_ingest_XXXXXX");
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->ptr, b->len), (ssize_t)b->len);
    close(fd);
    return path;
}

/*---- WARC ----*/

static void test_ingest__warc_three_records(void **state)
{
    sl_buf b;
    got g = { 0 };
    size_t at;
    char where[64];

    (void)state;
    sl__buf_init(&b, 0);
    add_three(&b, &at);
    assert_int_equal(warc_mem(&g, &b, 0), SL_OK);
    assert_int_equal(g.err_count, 0);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.docs[0].kind, SL_DOC_HTML);
    assert_string_equal(g.docs[0].url, "https://news.example/a");
    assert_string_equal(g.docs[0].html, page);
    assert_null(g.docs[0].ext_id);
    /* 2024-03-05T06:07:08Z */
    assert_true(g.docs[0].fetched_ms == INT64_C(1709618828000));
    snprintf(where, sizeof(where), "t.warc@%zu", at);
    assert_string_equal(g.docs[0].where, where);
    got_free(&g);
    sl__buf_dispose(&b);
}

static void test_ingest__warc_gzip_per_record(void **state)
{
    sl_buf plain, gz, one;
    got g = { 0 };
    size_t at;
    char *path;
    char where[64];

    (void)state;
    sl__buf_init(&plain, 0);
    sl__buf_init(&gz, 0);
    sl__buf_init(&one, 0);
    add_three(&plain, &at);
    /* One member per record, as Common Crawl writes them. */
    size_t starts[4] = { 0 }, n = 0;
    for (size_t i = 0; i + 8 <= plain.len && n < 4; i++) {
        if (memcmp(plain.ptr + i, "WARC/1.0", 8) == 0 &&
            (i == 0 || plain.ptr[i - 1] == '\n')) {
            starts[n++] = i;
        }
    }
    assert_int_equal(n, 3);
    starts[3] = plain.len;
    for (size_t i = 0; i < 3; i++) {
        gz_member(&gz, plain.ptr + starts[i], starts[i + 1] - starts[i]);
    }
    path = temp_file(&gz);
    sl_ingest_options o = opts_for(&g);
    assert_int_equal(sl_warc_read_file(path, &o), SL_OK);
    assert_int_equal(g.err_count, 0);
    assert_int_equal(g.count, 1);
    assert_string_equal(g.docs[0].html, page);
    snprintf(where, sizeof(where), "%s@%zu", path, at);
    assert_string_equal(g.docs[0].where, where);
    got_free(&g);
    unlink(path);
    free(path);

    /* The whole file as one member reads the same. */
    gz_member(&one, plain.ptr, plain.len);
    assert_int_equal(warc_mem(&g, &one, 0), SL_OK);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.err_count, 0);
    got_free(&g);

    /* A damaged middle member: the records around it still read. */
    sl__buf_reset(&gz);
    size_t mid_at = 0;
    for (size_t i = 0; i < 3; i++) {
        const char *http = "HTTP/1.1 200 OK\r\n\r\n<p>page</p>";
        sl__buf_reset(&one);
        add_response(&one, "https://news.example/z", http);
        if (i == 1) {
            mid_at = gz.len;
        }
        gz_member(&gz, one.ptr, one.len);
    }
    gz.ptr[mid_at + 30] ^= 0x55;
    gz.ptr[mid_at + 31] ^= 0x55;
    assert_int_equal(warc_mem(&g, &gz, 0), SL_OK);
    assert_int_equal(g.count, 2);
    assert_int_equal(g.err_count, 1);
    assert_non_null(strstr(g.err_msg[0], "gzip"));
    got_free(&g);
    sl__buf_dispose(&plain);
    sl__buf_dispose(&gz);
    sl__buf_dispose(&one);
}

static void test_ingest__warc_malformed_record(void **state)
{
    sl_buf b;
    got g = { 0 };
    const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                     "<p>one</p>";
    size_t bad_at, bad2_at;
    char where[64];

    (void)state;
    sl__buf_init(&b, 0);
    add_response(&b, "https://news.example/1", ok);
    /* A Content-Length that is not a number. */
    bad_at = b.len;
    sl__buf_adds(&b, "WARC/1.0\r\nWARC-Type: response\r\n"
                     "Content-Length: 12x\r\n\r\n"
                     "HTTP/1.1 200 OK\r\n\r\n<p>bad</p>\r\n\r\n");
    add_response(&b, "https://news.example/2", ok);
    /* A Content-Length too short: no trailer where it should be. */
    bad2_at = b.len;
    sl__buf_adds(&b, "WARC/1.1\r\nWARC-Type: response\r\n"
                     "Content-Length: 5\r\n\r\n"
                     "HTTP/1.1 200 OK\r\n\r\n<p>bad</p>\r\n\r\n");
    /* Garbage between records. */
    sl__buf_adds(&b, "garbage\x01\x02 WARC/1.0 not at a line start\n");
    add_response(&b, "https://news.example/3", ok);
    /* Cut short: the file ends inside the block. */
    sl__buf_adds(&b, "WARC/1.0\r\nWARC-Type: response\r\n"
                     "Content-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\n");
    assert_int_equal(warc_mem(&g, &b, 0), SL_OK);
    assert_int_equal(g.count, 3);
    assert_string_equal(g.docs[0].url, "https://news.example/1");
    assert_string_equal(g.docs[1].url, "https://news.example/2");
    assert_string_equal(g.docs[2].url, "https://news.example/3");
    assert_string_equal(g.docs[2].html, "<p>one</p>");
    assert_int_equal(g.err_count, 3);
    snprintf(where, sizeof(where), "t.warc@%zu", bad_at);
    assert_string_equal(g.err_where[0], where);
    assert_non_null(strstr(g.err_msg[0], "Content-Length"));
    snprintf(where, sizeof(where), "t.warc@%zu", bad2_at);
    assert_string_equal(g.err_where[1], where);
    assert_non_null(strstr(g.err_msg[1], "CRLF"));
    assert_non_null(strstr(g.err_msg[2], "ends"));
    got_free(&g);
    sl__buf_dispose(&b);
}

static void test_ingest__warc_http_bodies(void **state)
{
    sl_buf b, gz, http;
    got g = { 0 };

    (void)state;
    sl__buf_init(&b, 0);
    sl__buf_init(&gz, 0);
    sl__buf_init(&http, 0);
    /* Chunked, with a chunk extension and a trailer field. */
    add_response(&b, "https://news.example/chunked",
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                 "Content-Type: text/html\r\n\r\n"
                 "6\r\n<p>Hel\r\n"
                 "a;ext=1\r\nlo, chunk.\r\n"
                 "4\r\n</p>\r\n"
                 "0\r\nX-Trailer: 1\r\n\r\n");
    /* gzip content coding, chunked on top. */
    gz_member(&gz, page, strlen(page));
    sl__buf_printf(&http,
                   "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n%zx\r\n",
                   gz.len);
    sl__buf_add(&http, gz.ptr, gz.len);
    sl__buf_adds(&http, "\r\n0\r\n\r\n");
    add_record(&b, "response",
               "WARC-Target-URI: https://news.example/gz\r\n"
               "Content-Type: application/http; msgtype=response\r\n",
               http.ptr, http.len);
    /* Skipped silently: not 2xx, not HTML, a revisit, a metadata record. */
    add_response(&b, "https://news.example/404",
                 "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx");
    add_response(&b, "https://news.example/png",
                 "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG");
    add_record(&b, "revisit", "", "HTTP/1.1 200 OK\r\n\r\n", 19);
    add_record(&b, "metadata", "", "fetchTimeMs: 12\r\n", 17);
    /* A bare resource record with an HTML type is a page too. */
    add_record(&b, "resource",
               "WARC-Target-URI: <https://news.example/res>\r\n"
               "WARC-Date: 2024-03-05T06:07:08.5Z\r\n"
               "Content-Type: text/html\r\n",
               "<p>res</p>", 10);
    /* Bad HTTP: reported, the next record still read. */
    add_response(&b, "https://news.example/bad", "HTTP/1.1 2x0 OK\r\n\r\nx");
    add_response(&b, "https://news.example/br",
                 "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx");
    assert_int_equal(warc_mem(&g, &b, 0), SL_OK);
    assert_int_equal(g.count, 3);
    assert_string_equal(g.docs[0].html, "<p>Hello, chunk.</p>");
    assert_string_equal(g.docs[1].url, "https://news.example/gz");
    assert_string_equal(g.docs[1].html, page);
    assert_string_equal(g.docs[2].url, "https://news.example/res");
    assert_string_equal(g.docs[2].html, "<p>res</p>");
    assert_true(g.docs[2].fetched_ms == INT64_C(1709618828500));
    assert_int_equal(g.err_count, 2);
    assert_non_null(strstr(g.err_msg[0], "status line"));
    assert_non_null(strstr(g.err_msg[1], "'br'"));
    got_free(&g);
    sl__buf_dispose(&b);
    sl__buf_dispose(&gz);
    sl__buf_dispose(&http);
}

static void test_ingest__warc_caps_and_stops(void **state)
{
    sl_buf b;
    got g = { 0 };
    char big[300];
    char http[400];

    (void)state;
    sl__buf_init(&b, 0);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    snprintf(http, sizeof(http), "HTTP/1.1 200 OK\r\n\r\n%s", big);
    add_response(&b, "https://news.example/big", http);
    add_response(&b, "https://news.example/small",
                 "HTTP/1.1 200 OK\r\n\r\n<p>s</p>");
    add_response(&b, "https://news.example/third",
                 "HTTP/1.1 200 OK\r\n\r\n<p>t</p>");
    assert_int_equal(warc_mem(&g, &b, 100), SL_OK);
    assert_int_equal(g.count, 2);
    assert_int_equal(g.err_count, 1);
    assert_non_null(strstr(g.err_msg[0], "cap"));
    assert_string_equal(g.err_where[0], "t.warc@0");
    got_free(&g);

    /* The callback's value stops the read and comes back. */
    g.stop_after = 1;
    assert_int_equal(warc_mem(&g, &b, 0), 7);
    assert_int_equal(g.count, 1);
    got_free(&g);

    sl_ingest_options o = opts_for(&g);
    assert_int_equal(sl_warc_read_file("/nonexistent/x.warc", &o), SL_EIO);
    assert_int_equal(sl__warc_read_mem("", 0, "e.warc", &o), SL_OK);
    assert_int_equal(g.count, 0);
    /* Not WARC at all: one report, no loop. */
    assert_int_equal(sl__warc_read_mem("hello\nworld\n", 12, "h.warc", &o),
                     SL_OK);
    assert_int_equal(g.err_count, 1);
    assert_string_equal(g.err_where[0], "h.warc@0");
    got_free(&g);
    sl__buf_dispose(&b);
}

static void test_ingest__warc_file_skips_by_seeking(void **state)
{
    sl_buf b;
    got g = { 0 };
    size_t big_len = 300 * 1024, at;
    char *big = malloc(big_len), *path;
    char where[64];

    (void)state;
    memset(big, 'm', big_len);
    sl__buf_init(&b, 0);
    add_record(&b, "metadata", "", big, big_len);
    at = add_response(&b, "https://news.example/after",
                      "HTTP/1.1 200 OK\r\n\r\n<p>after</p>");
    /* A long block cut short by the end of the file. */
    sl__buf_printf(&b,
                   "WARC/1.0\r\nWARC-Type: metadata\r\n"
                   "Content-Length: %zu\r\n\r\n",
                   big_len);
    sl__buf_add(&b, big, big_len / 2);
    path = temp_file(&b);
    sl_ingest_options o = opts_for(&g);
    assert_int_equal(sl_warc_read_file(path, &o), SL_OK);
    assert_int_equal(g.count, 1);
    snprintf(where, sizeof(where), "%s@%zu", path, at);
    assert_string_equal(g.docs[0].where, where);
    assert_string_equal(g.docs[0].html, "<p>after</p>");
    assert_int_equal(g.err_count, 1);
    assert_non_null(strstr(g.err_msg[0], "ends"));
    got_free(&g);
    unlink(path);
    free(path);
    free(big);
    sl__buf_dispose(&b);
}

static void test_ingest__warc_out_of_memory(void **state)
{
    sl_buf b, gz;
    size_t at;

    (void)state;
    sl__buf_init(&b, 0);
    sl__buf_init(&gz, 0);
    add_three(&b, &at);
    add_response(&b, "https://news.example/c",
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "3\r\n<p>\r\n0\r\n\r\n");
    sl__buf_adds(&b, "WARC/1.0\r\nContent-Length: x\r\n\r\n");
    oom_loop(sl__warc_read_mem, b.ptr, b.len);
    gz_member(&gz, b.ptr, b.len);
    oom_loop(sl__warc_read_mem, gz.ptr, gz.len);
    sl__buf_dispose(&b);
    sl__buf_dispose(&gz);
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

/*---- Feeds ----*/

static int feed_read(got *g, const char *xml, const char *path)
{
    sl_ingest_options o = opts_for(g);

    return sl_feed_read(xml, strlen(xml), path, &o);
}

static void test_ingest__feed_rss2(void **state)
{
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\"\n"
        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        " xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
        "<channel>\n"
        "<title>The  Daily\n Example</title>\n"
        "<link>https://daily.example/</link>\n"
        "<language>en-gb</language>\n"
        "<atom:link rel=\"self\" href=\"https://daily.example/feed\"/>\n"
        "<item>\n"
        "<title>Full story</title>\n"
        "<link>https://daily.example/full</link>\n"
        "<guid isPermaLink=\"false\">full-1</guid>\n"
        "<pubDate>Tue, 09 Nov 2010 14:49:00 +0100</pubDate>\n"
        "<dc:creator>Ann Author</dc:creator>\n"
        "<dc:creator>Bob Writer</dc:creator>\n"
        "<description>Short &amp; sweet.</description>\n"
        "<content:encoded><![CDATA[<p>First para.</p><p>Second "
        "&eacute;.</p>]]></content:encoded>\n"
        "</item>\n"
        "<item>\n"
        "<title>Summary only</title>\n"
        "<guid>https://daily.example/sum</guid>\n"
        "<author>jd@daily.example (Jane Doe)</author>\n"
        "<atom:link rel=\"alternate\" href=\"https://daily.example/sum\"/>\n"
        "<description>&lt;p&gt;One &lt;b&gt;bold&lt;/b&gt;&amp;nbsp;"
        "word.&lt;/p&gt;&lt;p&gt;Two.&lt;br&gt;Three&lt;/p&gt;"
        "&lt;script&gt;x()&lt;/script&gt;</description>\n"
        "</item>\n"
        "<item><description></description></item>\n"
        "</channel>\n"
        "</rss>\n";
    got g = { 0 };

    (void)state;
    assert_int_equal(feed_read(&g, xml, "f.xml"), SL_OK);
    assert_int_equal(g.count, 2);
    got_doc *d = &g.docs[0];
    assert_int_equal(d->kind, SL_DOC_HTML);
    assert_string_equal(d->html, "<p>First para.</p><p>Second &eacute;.</p>");
    assert_string_equal(d->title, "Full story");
    assert_string_equal(d->url, "https://daily.example/full");
    assert_string_equal(d->ext_id, "full-1");
    assert_string_equal(d->published, "Tue, 09 Nov 2010 14:49:00 +0100");
    assert_string_equal(d->authors, "Ann Author|Bob Writer");
    assert_string_equal(d->source, "The Daily Example");
    assert_string_equal(d->lang, "en-gb");
    assert_string_equal(d->description, "Short & sweet.");
    assert_string_equal(d->where, "f.xml:12");
    d = &g.docs[1];
    assert_int_equal(d->kind, SL_DOC_TEXT);
    assert_string_equal(d->text, "One bold word.\n\nTwo.\n\nThree");
    assert_string_equal(d->url, "https://daily.example/sum");
    assert_string_equal(d->authors, "Jane Doe");
    assert_string_equal(d->where, "f.xml:22");
    assert_int_equal(g.err_count, 1);
    assert_string_equal(g.err_where[0], "f.xml:29");
    got_free(&g);
}

static void test_ingest__feed_atom(void **state)
{
    static const char xml[] =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">\n"
        "<title type=\"text\">Atom Example</title>\n"
        "<entry>\n"
        "<id>tag:atom.example,2024:1</id>\n"
        "<title type=\"html\">A &lt;b&gt;bold&lt;/b&gt; title</title>\n"
        "<link rel=\"self\" href=\"https://atom.example/self\"/>\n"
        "<link rel=\"alternate\" type=\"text/html\" "
        "href=\"https://atom.example/1\"/>\n"
        "<updated>2024-01-02T00:00:00Z</updated>\n"
        "<published>2024-01-01T00:00:00Z</published>\n"
        "<author><name>Ann</name></author><author><name>Bo</name></author>\n"
        "<content type=\"html\">&lt;p&gt;Body&lt;/p&gt;</content>\n"
        "</entry>\n"
        "<entry xml:lang=\"en\">\n"
        "<id>tag:atom.example,2024:2</id>\n"
        "<title>Second</title>\n"
        "<link href=\"https://atom.example/2\"/>\n"
        "<updated>2024-02-02T00:00:00Z</updated>\n"
        "<summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<p>Sum one.</p><p>Sum two.</p></div></summary>\n"
        "</entry>\n"
        "<entry>\n"
        "<title>Third</title>\n"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<p>X</p></div></content>\n"
        "</entry>\n"
        "</feed>\n";
    got g = { 0 };

    (void)state;
    assert_int_equal(feed_read(&g, xml, "a.xml"), SL_OK);
    assert_int_equal(g.err_count, 0);
    assert_int_equal(g.count, 3);
    got_doc *d = &g.docs[0];
    assert_int_equal(d->kind, SL_DOC_HTML);
    assert_string_equal(d->html, "<p>Body</p>");
    assert_string_equal(d->title, "A bold title");
    assert_string_equal(d->url, "https://atom.example/1");
    assert_string_equal(d->ext_id, "tag:atom.example,2024:1");
    assert_string_equal(d->published, "2024-01-01T00:00:00Z");
    assert_string_equal(d->authors, "Ann|Bo");
    assert_string_equal(d->source, "Atom Example");
    assert_string_equal(d->lang, "de");
    assert_string_equal(d->where, "a.xml:3");
    d = &g.docs[1];
    assert_int_equal(d->kind, SL_DOC_TEXT);
    assert_string_equal(d->text, "Sum one.\n\nSum two.");
    assert_string_equal(d->url, "https://atom.example/2");
    assert_string_equal(d->published, "2024-02-02T00:00:00Z");
    assert_string_equal(d->lang, "en");
    d = &g.docs[2];
    assert_int_equal(d->kind, SL_DOC_HTML);
    assert_non_null(strstr(d->html, "<p>X</p>"));
    got_free(&g);
}

static void test_ingest__feed_rdf(void **state)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
        "  xmlns=\"http://purl.org/rss/1.0/\"\n"
        "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel rdf:about=\"https://rdf.example/\">\n"
        "<title>RDF Site</title>\n"
        "<dc:language>fr</dc:language>\n"
        "</channel>\n"
        "<item rdf:about=\"https://rdf.example/1\">\n"
        "<title>Un</title>\n"
        "<link>https://rdf.example/1</link>\n"
        "<description>Premier texte.</description>\n"
        "<dc:date>2003-12-13T18:30:02Z</dc:date>\n"
        "<dc:creator>Zo\xc3\xa9</dc:creator>\n"
        "</item>\n"
        "</rdf:RDF>\n";
    got g = { 0 };

    (void)state;
    assert_int_equal(feed_read(&g, xml, "r.rdf"), SL_OK);
    assert_int_equal(g.count, 1);
    got_doc *d = &g.docs[0];
    assert_int_equal(d->kind, SL_DOC_TEXT);
    assert_string_equal(d->ext_id, "https://rdf.example/1");
    assert_string_equal(d->url, "https://rdf.example/1");
    assert_string_equal(d->title, "Un");
    assert_string_equal(d->text, "Premier texte.");
    assert_string_equal(d->published, "2003-12-13T18:30:02Z");
    assert_string_equal(d->authors, "Zo\xc3\xa9");
    assert_string_equal(d->source, "RDF Site");
    assert_string_equal(d->lang, "fr");
    assert_string_equal(d->where, "r.rdf:9");
    got_free(&g);
}

static void test_ingest__feed_broken(void **state)
{
    got g = { 0 };

    (void)state;
    assert_int_equal(feed_read(&g, "just some text", "b.xml"), SL_EFORMAT);
    assert_int_equal(g.err_count, 1);
    assert_string_equal(g.err_where[0], "b.xml");
    got_free(&g);
    assert_int_equal(
        feed_read(&g, "<html><body><p>a page</p></body></html>", "h.xml"),
        SL_EFORMAT);
    assert_int_equal(g.err_count, 1);
    got_free(&g);
    assert_int_equal(feed_read(&g, "", "e.xml"), SL_EFORMAT);
    got_free(&g);
    /* Recover mode: an unclosed feed with a stray '&' still gives its
     * item; an undeclared content: prefix is still read. */
    assert_int_equal(feed_read(&g,
                               "<rss><channel><item><title>A & B&nbsp;C"
                               "&#1;</title>"
                               "<content:encoded>&lt;p&gt;x&lt;/p&gt;"
                               "</content:encoded></item>",
                               "u.xml"),
                     SL_OK);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.docs[0].kind, SL_DOC_HTML);
    assert_string_equal(g.docs[0].html, "<p>x</p>");
    assert_string_equal(g.docs[0].title, "A & B C");
    got_free(&g);
}

static void test_ingest__feed_no_entities(void **state)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        "<rss><channel><title>&x;</title><item><title>T&x;</title>"
        "<description>D &x;</description>"
        "<content:encoded xmlns:content="
        "\"http://purl.org/rss/1.0/modules/content/\">&x;C</content:encoded>"
        "</item></channel></rss>\n";
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>\n"
        "<rss><channel><item><title>L&f;</title></item></channel></rss>\n";
    got g = { 0 };

    (void)state;
    assert_int_equal(feed_read(&g, xxe, "x.xml"), SL_OK);
    assert_int_equal(g.count, 1);
    got_doc *d = &g.docs[0];
    assert_string_equal(d->title, "T");
    assert_null(d->source);
    assert_int_equal(d->kind, SL_DOC_HTML);
    assert_string_equal(d->html, "C");
    assert_string_equal(d->description, "D");
    got_free(&g);
    assert_int_equal(feed_read(&g, laughs, "l.xml"), SL_OK);
    assert_int_equal(g.count, 1);
    /* Never expanded (libxml2 may flag the declarations, and the title
     * then keeps the reference as text). */
    assert_true(strncmp(g.docs[0].title, "L", 1) == 0);
    assert_null(strstr(g.docs[0].title, "aaa"));
    got_free(&g);
}

static void test_ingest__feed_out_of_memory(void **state)
{
    static const char rss[] =
        "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title>S &amp; T</title><item><title>A & B</title>"
        "<dc:creator>Ann</dc:creator><link>https://x.example/</link>"
        "<description>&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;"
        "</description></item><item/></channel></rss>";
    static const char atom[] =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>i</id>"
        "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<b>T</b></div></title><content type=\"xhtml\"><div "
        "xmlns=\"http://www.w3.org/1999/xhtml\"><p>C</p></div></content>"
        "</entry></feed>";

    (void)state;
    oom_loop(sl_feed_read, rss, sizeof(rss) - 1);
    oom_loop(sl_feed_read, atom, sizeof(atom) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest__warc_three_records),
        cmocka_unit_test(test_ingest__warc_gzip_per_record),
        cmocka_unit_test(test_ingest__warc_malformed_record),
        cmocka_unit_test(test_ingest__warc_http_bodies),
        cmocka_unit_test(test_ingest__warc_caps_and_stops),
        cmocka_unit_test(test_ingest__warc_file_skips_by_seeking),
        cmocka_unit_test(test_ingest__warc_out_of_memory),
        cmocka_unit_test(test_ingest__jsonl_names),
        cmocka_unit_test(test_ingest__jsonl_caps),
        cmocka_unit_test(test_ingest__jsonl_out_of_memory),
        cmocka_unit_test(test_ingest__feed_rss2),
        cmocka_unit_test(test_ingest__feed_atom),
        cmocka_unit_test(test_ingest__feed_rdf),
        cmocka_unit_test(test_ingest__feed_broken),
        cmocka_unit_test(test_ingest__feed_no_entities),
        cmocka_unit_test(test_ingest__feed_out_of_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
