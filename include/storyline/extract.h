/**
 * @file storyline/extract.h
 * @brief Article extraction: one HTML page in, one sl_article out.
 *
 * The extractor decodes the page to UTF-8 (byte order mark, HTTP-equiv
 * and <meta charset> declarations, then a repair pass for bytes that are
 * not valid UTF-8), parses it with libxml2's HTML parser and finds the
 * title, authors, publication and modification dates, outlet name,
 * language, canonical URL, description and the article body without
 * page boilerplate.
 *
 * Every string in an sl_article is valid, NUL-terminated UTF-8. The same
 * bytes and options always give the same article: the clock is passed in
 * through sl_extract_options.now_ms, never read.
 *
 * Thread-safety: sl_extract() keeps no global state beyond libxml2's own
 * (initialised once by sl_extract_global_init()), so distinct calls may
 * run in parallel.
 */
#ifndef SL_STORYLINE_EXTRACT_H
#define SL_STORYLINE_EXTRACT_H

#include "common.h"

/** Default cap on the size of one page, in bytes (32 MiB). */
#define SL_EXTRACT_DEFAULT_MAX_BYTES ((size_t)32 * 1024 * 1024)

/** How the body is rendered. */
typedef enum sl_body_format {
    SL_BODY_TEXT = 0,    /**< plain paragraphs separated by a blank line */
    SL_BODY_MARKDOWN = 1 /**< headings, lists, quotes and tables kept */
} sl_body_format;

/** Options for sl_extract(). Zero means default for every field. */
typedef struct sl_extract_options {
    /** Cap on the page size; 0 = SL_EXTRACT_DEFAULT_MAX_BYTES. */
    size_t max_bytes;
    /** Body rendering. */
    sl_body_format format;
    /** The page's URL when the caller knows it (crawl record, feed), or
     *  NULL. Used as a fallback for the canonical URL and as evidence for
     *  the publication date. Copied, not kept. */
    const char *url;
    /** Upper bound for any date found, in ms since the epoch UTC (e.g. the
     *  crawl time): a later date is rejected as impossible. 0 = none. */
    int64_t now_ms;
} sl_extract_options;

/** Where the publication date came from. */
typedef enum sl_date_source {
    SL_DATE_NONE = 0,
    SL_DATE_JSONLD,    /**< schema.org datePublished in JSON-LD */
    SL_DATE_META,      /**< a <meta> tag (article:published_time...) */
    SL_DATE_MICRODATA, /**< itemprop="datePublished" */
    SL_DATE_TIME,      /**< a <time datetime> element */
    SL_DATE_URL,       /**< a date in the URL path */
    SL_DATE_TEXT,      /**< a date written in the visible text */
    SL_DATE_ABBR       /**< <abbr> or other markup with a date title */
} sl_date_source;

/** One extracted page. Every string is owned by the article. */
typedef struct sl_article {
    char *url;      /**< canonical URL, og:url or the given URL; or NULL */
    char *title;    /**< headline; or NULL */
    char **authors; /**< author names, author_count of them */
    size_t author_count;
    char *published; /**< ISO 8601 as the page states it; or NULL */
    sl_date_source published_source;
    char *modified;    /**< ISO 8601; or NULL */
    char *site_name;   /**< outlet name; or NULL */
    char *lang;        /**< language tag, e.g. "en" or "de-DE"; or NULL */
    char *description; /**< summary from the page's metadata; or NULL */
    char *body;        /**< article text ("" when none was found) */
    char *charset;     /**< charset the page was decoded from */
} sl_article;

/**
 * Initialise the HTML parser's global state. Call once from the main
 * thread before sl_extract() is used from several threads; calling it
 * more than once is harmless.
 */
SL_API void sl_extract_global_init(void);

/**
 * Extract the article from one HTML page.
 *
 * @param[out] out  receives the article; free it with sl_article_free()
 * @param html      page bytes in any charset (not NUL-terminated)
 * @param len       number of bytes
 * @param opts      options, or NULL for defaults; copied, not kept
 * @return SL_OK; SL_ELIMIT if len exceeds the size cap; SL_EINVAL if the
 *         input is empty or is not a page (e.g. binary data); SL_ENOMEM
 */
SL_API int sl_extract(sl_article **out,
                      const char *html,
                      size_t len,
                      const sl_extract_options *opts);

/** Free an article and every string it owns. NULL is a no-op. */
SL_API void sl_article_free(sl_article *a);

/** Name of a date source ("json-ld", "meta", ...). Never NULL. */
SL_API const char *sl_date_source_name(sl_date_source src);

/**
 * Render an article as one line of JSON (no trailing newline) with the
 * keys path, url, title, authors, published, published_source, modified,
 * site_name, lang, description, body. Absent values are null.
 *
 * @param[out] out      receives the NUL-terminated JSON; free with
 *                      sl_free()
 * @param[out] out_len  receives its length
 * @param a             the article
 * @param path          value of the "path" key, or NULL to omit it
 * @return SL_OK or SL_ENOMEM
 */
SL_API int sl_article_to_json(char **out,
                              size_t *out_len,
                              const sl_article *a,
                              const char *path);

#endif
