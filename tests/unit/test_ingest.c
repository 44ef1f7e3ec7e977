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
