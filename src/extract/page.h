/*
 * page.h - the parsed page shared by the extraction modules.
 *
 * extract.c decodes and parses the page once, then indexes in one walk
 * what the other modules look up: <meta> tags, JSON-LD blocks, <time>
 * elements, elements with itemprop, headings. meta.c (title, authors,
 * outlet, language, URL, description), pubdate.c (dates) and body.c (the
 * article text) read the index and the tree; none of them re-parses.
 *
 * Ownership: every pointer into the tree is borrowed and valid until
 * sl__page_dispose(). The JSON-LD values are owned by the page.
 */
#ifndef SL_EXTRACT_PAGE_H
#define SL_EXTRACT_PAGE_H

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "storyline/extract.h"
#include "util/buf.h"

/* Deepest element the walks descend into; deeper content is ignored. */
#define SL_DOM_MAX_DEPTH 512

typedef struct sl__meta {
    const char *key;     /* name, property or itemprop value (borrowed) */
    const char *content; /* content attribute (borrowed) */
} sl__meta;

typedef struct sl__nodes {
    xmlNodePtr *v;
    size_t len, cap;
} sl__nodes;

typedef struct sl__page {
    htmlDocPtr doc;
    xmlNodePtr html;       /* root element or NULL */
    xmlNodePtr body;       /* <body> or NULL */
    const char *given_url; /* from the options, or NULL */
    /* The whole page decoded to UTF-8, scripts included (the tree is
     * parsed from a copy without script, style and comment content). */
    const char *raw;
    size_t raw_len;
    int64_t now_ms;

    sl__meta *metas;
    size_t meta_count, meta_cap;
    json_t **jsonld; /* parsed application/ld+json blocks */
    size_t jsonld_count, jsonld_cap;
    const char *canonical; /* <link rel=canonical href> */
    const char *lang;      /* <html lang> */
    xmlNodePtr title_el;   /* <title> */
    sl__nodes times;       /* <time> elements */
    sl__nodes itemprops;   /* elements with an itemprop attribute */
    sl__nodes h1s;         /* <h1> elements */

    sl_buf scratch; /* reusable text buffer */
} sl__page;

/* Copy s without the content of scripts (JSON-LD kept), styles and
 * comments (extract.c). */
int sl__strip_raw_text(sl_buf *out, const char *s, size_t len);

/* Tag name test: 'name' in lower case. */
int sl__dom_is(xmlNodePtr n, const char *name);
/* Attribute value (borrowed) or NULL. Names are matched case-blind. */
const char *sl__dom_attr(xmlNodePtr n, const char *name);
/* Append the visible text under 'n' to 'out', whitespace collapsed to
 * single spaces (script, style and similar are skipped). */
int sl__dom_text(sl_buf *out, xmlNodePtr n);
/* Append page text with white space collapsed (see extract.c). */
int sl__text_add(sl_buf *out, const char *s, size_t len);
/* First meta content whose key equals 'key' (case-blind), or NULL. */
const char *sl__page_meta(const sl__page *p, const char *key);

/* Copy s[0..len) with whitespace collapsed and trimmed; NULL if empty or
 * out of memory (*rc says which). */
char *sl__clean_dup(const char *s, size_t len, int *rc);

/* The modules. Each fills its fields of 'a' and returns SL_OK or a
 * negative code (only SL_ENOMEM is fatal to the extraction). */
int sl__meta_extract(sl_article *a, sl__page *p);
int sl__pubdate_extract(sl_article *a, sl__page *p);
int sl__body_extract(sl_article *a, sl__page *p, sl_body_format fmt);

#endif
