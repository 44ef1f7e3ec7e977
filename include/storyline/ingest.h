/**
 * @file storyline/ingest.h
 * @brief Input readers: the forms news arrives in, turned into documents.
 *
 * Every reader parses one input (a WARC file, a feed, a JSON Lines file, a
 * plain-text page, an HTML page, a fetched URL) and calls a callback once
 * per document found, in input order. A reader never stores anything: the
 * ingest driver (storyline/store.h, the `ingest` command) extracts,
 * identifies and stores what the callback receives.
 *
 * A record that cannot be read (a malformed WARC record, a bad JSON line,
 * a broken feed item) is reported through the error callback with its
 * position ("FILE:LINE" or "FILE@OFFSET") and skipped; the reader then goes
 * on with the next record. Only a failure that stops the whole input
 * (cannot open, out of memory, a cap exceeded on the input as a whole)
 * makes the reader return an error code.
 *
 * Thread-safety: readers keep no global state; distinct calls may run in
 * parallel.
 */
#ifndef SL_STORYLINE_INGEST_H
#define SL_STORYLINE_INGEST_H

#include "common.h"

/** What a document carries: HTML to extract, or text already extracted. */
typedef enum sl_doc_kind {
    SL_DOC_HTML =
        0, /**< html/html_len hold a page to run through sl_extract() */
    SL_DOC_TEXT = 1 /**< title/text hold the article; no extraction needed */
} sl_doc_kind;

/**
 * One document as a reader found it. Every pointer is borrowed from the
 * reader and valid only during the callback; NULL means absent. Strings
 * are NUL-terminated UTF-8 (readers repair invalid bytes), except html,
 * which is the raw page in any charset.
 */
typedef struct sl_doc {
    sl_doc_kind kind;
    const char *ext_id; /**< the input's own id (JSON "id", feed guid) */
    const char *url;    /**< the article's URL */
    const char *path;   /**< file the document came from */
    const char *where; /**< position for messages: "FILE:LINE", "FILE@OFFSET" */
    const char *html;  /**< SL_DOC_HTML: page bytes */
    size_t html_len;
    const char *title; /**< SL_DOC_TEXT: headline */
    const char *text; /**< SL_DOC_TEXT: body, paragraphs split by blank lines */
    const char *published;      /**< publication date as given (any format
                                   sl_date_parse reads) */
    const char *source;         /**< outlet name or domain */
    const char *const *authors; /**< author names, author_count of them */
    size_t author_count;
    const char *lang;        /**< language tag */
    const char *description; /**< summary, when the input has one */
    int64_t fetched_ms; /**< when it was fetched or crawled (WARC-Date); 0 =
                           unknown */
} sl_doc;

/** Called once per document; return 0 to go on, non-zero to stop the read
 *  (the reader then returns that value). */
typedef int (*sl_doc_cb)(const sl_doc *doc, void *payload);

/** Called once per skipped record: 'where' is "FILE:LINE" or "FILE@OFFSET",
 *  'msg' says what was wrong. */
typedef void (*sl_ingest_err_cb)(const char *where,
                                 const char *msg,
                                 void *payload);

/** Options shared by the readers. Zero means default. */
typedef struct sl_ingest_options {
    /** Cap on one record (a page, a JSON line, a feed file), in bytes;
     *  0 = SL_EXTRACT_DEFAULT_MAX_BYTES (32 MiB). */
    size_t max_record_bytes;
    sl_doc_cb on_doc;          /**< required */
    sl_ingest_err_cb on_error; /**< may be NULL */
    void *payload;             /**< passed to both callbacks */
} sl_ingest_options;

/** The kinds of input the sniffer tells apart. */
typedef enum sl_input_format {
    SL_INPUT_UNKNOWN = 0,
    SL_INPUT_HTML,
    SL_INPUT_WARC,
    SL_INPUT_FEED, /**< RSS 2.0, RSS 1.0/RDF or Atom */
    SL_INPUT_JSONL,
    SL_INPUT_TEXT /**< a plain-text page */
} sl_input_format;

/**
 * Tell the format of an input from its first bytes (already decompressed).
 *
 * @param head  the first bytes of the input (a few KiB suffice)
 * @param len   their number
 * @return the format; SL_INPUT_UNKNOWN for binary data
 */
SL_API sl_input_format sl_input_sniff(const char *head, size_t len);

/** Name of a format ("html", "warc", "feed", "jsonl", "text", "unknown"). */
SL_API const char *sl_input_format_name(sl_input_format f);

/**
 * Read a WARC file (plain or gzip, including one gzip member per record as
 * Common Crawl writes them), streaming: memory stays bounded by the
 * largest record. Each `response` record with an HTTP 2xx HTML payload
 * becomes an SL_DOC_HTML document with url = WARC-Target-URI and
 * fetched_ms = WARC-Date; other records are skipped silently.
 *
 * @return SL_OK (even if some records were skipped), SL_EIO if the file
 *         cannot be read, SL_ENOMEM, or the callback's non-zero value
 */
SL_API int sl_warc_read_file(const char *path, const sl_ingest_options *opts);

/**
 * Read a JSON Lines buffer: one article per line with the keys id, title,
 * text, published, source, url, authors, lang — or news-please's maintext,
 * date_publish, source_domain, authors, language. Each line becomes an
 * SL_DOC_TEXT document. Blank lines are skipped; a line that is not a JSON
 * object, or has neither text nor title, is reported and skipped.
 *
 * @param data  the whole input (decompressed)
 * @param path  file name for messages and sl_doc.path
 * @return SL_OK, SL_ENOMEM or the callback's non-zero value
 */
SL_API int sl_jsonl_read(const char *data,
                         size_t len,
                         const char *path,
                         const sl_ingest_options *opts);

/**
 * Read an RSS 2.0, RSS 1.0 (RDF) or Atom feed. Each item becomes a
 * document: SL_DOC_HTML when it carries full HTML content
 * (content:encoded, Atom content type="html"), else SL_DOC_TEXT from its
 * description/summary. ext_id is the guid or Atom id, url the link.
 *
 * @return SL_OK; SL_EFORMAT if the input is not a feed at all; SL_ENOMEM;
 *         or the callback's non-zero value
 */
SL_API int sl_feed_read(const char *data,
                        size_t len,
                        const char *path,
                        const sl_ingest_options *opts);

/**
 * Read a plain-text page (a scraped page saved as text): the headline is
 * found among the first lines, past site names and section labels, and
 * boilerplate lines ("Related Articles", "Share this", bylines, "Full
 * story at ...") are dropped. Yields one SL_DOC_TEXT document.
 *
 * @return SL_OK, SL_EINVAL if no text is left, SL_ENOMEM, or the
 *         callback's non-zero value
 */
SL_API int sl_text_read(const char *data,
                        size_t len,
                        const char *path,
                        const sl_ingest_options *opts);

/** Options for fetching URLs. Zero means default. */
typedef struct sl_fetch_options {
    long timeout_ms;         /**< whole transfer; default 30000 */
    long connect_timeout_ms; /**< default 10000 */
    long max_redirects;      /**< default 5; negative: follow none */
    size_t max_bytes;        /**< response body cap; default 32 MiB */
    long host_delay_ms;      /**< minimum time between two requests to one
                                  host; default 1000 */
    const char *user_agent;  /**< default "storyline/VERSION (+news story
                                  engine)"; its first word is the product
                                  token matched in robots.txt */
    int ignore_robots;       /**< non-zero: do not read robots.txt */
} sl_fetch_options;

/**
 * Fetch each URL listed in a buffer (one per line; blank lines and lines
 * starting with '#' are skipped) with libcurl, obeying robots.txt and the
 * per-host delay, and call on_doc with an SL_DOC_HTML document for each
 * HTML response; a feed response (RSS or Atom) is read with sl_feed_read(),
 * one document per item. A URL that fails (network error, HTTP error,
 * refused by robots.txt, too large, neither HTML nor a feed) is reported
 * through on_error as "FILE:LINE" and skipped.
 *
 * @return SL_OK, SL_ENOMEM, or the callback's non-zero value
 */
SL_API int sl_fetch_urls(const char *list,
                         size_t len,
                         const char *path,
                         const sl_fetch_options *fopts,
                         const sl_ingest_options *opts);

#endif
