/*
 * ingest.c - sl_store_ingest_doc(): one document from a reader into the
 * store, extracted first when it is HTML.
 *
 * What the input says wins over what extraction finds for the fields both
 * have (a feed's title and date, a JSON line's source), except the body,
 * which comes from the page. A crawl time (WARC-Date, fetch time) becomes
 * the extractor's upper bound for dates.
 *
 * What happens to a stored article next is sl_store_put()'s (store.c):
 * copy detection (provenance/), then, for a new article, its event and
 * storyline (stories.c), then the article hook a module registered with
 * sl_store_set_article_hook() (storyline/stories.h), all in the caller's
 * transaction.
 */
#include <string.h>

#include "backend.h"
#include "util/alloc.h"

static const char *pick(const char *given, const char *found)
{
    return (given != NULL && given[0] != '\0') ? given : found;
}

int sl_store_ingest_doc(sl_store *st,
                        const sl_doc *doc,
                        const sl_extract_options *xo,
                        int64_t now_ms,
                        sl_ingest_stats *stats)
{
    sl_extract_options o = { 0 };
    sl_article *a = NULL;
    sl_store_input in;
    sl_put_result res = SL_PUT_UNCHANGED;
    int rc;

    if (stats != NULL) {
        stats->docs++;
    }
    memset(&in, 0, sizeof(in));
    in.ext_id = doc->ext_id;
    in.url = doc->url;
    in.path = doc->path;
    in.fetched_ms = doc->fetched_ms;
    in.ingested_ms = now_ms;
    if (doc->kind == SL_DOC_HTML) {
        if (xo != NULL) {
            o = *xo;
        }
        if (doc->fetched_ms > 0) {
            o.now_ms = doc->fetched_ms;
        }
        o.url = doc->url;
        rc = sl_extract(&a, doc->html, doc->html_len, &o);
        if (rc < 0) {
            if (stats != NULL && rc != SL_ENOMEM) {
                stats->failed++;
            }
            return rc == SL_ENOMEM
                       ? SL_ENOMEM
                       : sl__store_seterr(st, SL_EINVAL, "%s: %s",
                                          doc->where ? doc->where : "page",
                                          rc == SL_EINVAL ? "not an HTML page"
                                                          : sl_strerror(rc));
        }
        in.url = pick(doc->url, a->url);
        in.title = pick(doc->title, a->title);
        in.body = a->body;
        in.published = pick(doc->published, a->published);
        in.published_source =
            (doc->published != NULL && doc->published[0] != '\0')
                ? "input"
                : (a->published ? sl_date_source_name(a->published_source)
                                : NULL);
        in.modified = a->modified;
        in.source = pick(doc->source, a->site_name);
        in.lang = pick(doc->lang, a->lang);
        in.description = pick(doc->description, a->description);
        if (doc->author_count > 0) {
            in.authors = doc->authors;
            in.author_count = doc->author_count;
        } else {
            in.authors = (const char *const *)a->authors;
            in.author_count = a->author_count;
        }
    } else {
        in.title = doc->title;
        in.body = doc->text;
        in.published = doc->published;
        in.published_source = doc->published ? "input" : NULL;
        in.source = doc->source;
        in.lang = doc->lang;
        in.description = doc->description;
        in.authors = doc->authors;
        in.author_count = doc->author_count;
    }
    rc = sl_store_put(NULL, &res, st, &in);
    if (rc == SL_OK && stats != NULL) {
        if (res == SL_PUT_ADDED) {
            stats->added++;
        } else if (res == SL_PUT_REVISED) {
            stats->revised++;
        } else {
            stats->unchanged++;
        }
    } else if (rc == SL_EINVAL && stats != NULL) {
        stats->failed++;
    }
    sl_article_free(a);
    return rc;
}
