/*
 * api.c - the JSON API's handlers: a routed request and a store handle
 * in, a reply out (sl_serve_handle(), storyline/serve.h).
 *
 * Handlers only read the store. Listings fetch one row more than the page
 * holds, so a reply can say whether there is a next page ("more") without
 * counting the whole result. Every reply body is built in a capped buffer
 * (64 MiB, above the store's largest article); failures become JSON error
 * replies: SL_ENOTFOUND a 404, anything else from the store a 500 whose
 * message does not echo internals. The JSON shapes are documented in
 * docs/http-api.md and docs/openapi.json; keep the three in step.
 */
#include <string.h>

#include "../util/alloc.h"
#include "json.h"
#include "serve_int.h"
#include "storyline/provenance.h"
#include "storyline/serve.h"

#define REPLY_MAX_BYTES ((size_t)64 << 20)

static const char json_type[] = "application/json; charset=utf-8";

void sl_serve_reply_dispose(sl_serve_reply *r)
{
    if (r != NULL) {
        sl__free(r->owned);
        memset(r, 0, sizeof(*r));
    }
}

int sl__serve_finish(sl_serve_reply *out, jw *w, int status)
{
    size_t len = 0;

    if (w->rc < 0) {
        int rc = w->rc;
        sl__jw_dispose(w);
        return rc;
    }
    out->owned = sl__buf_detach(&w->b, &len);
    if (out->owned == NULL) {
        return SL_ENOMEM;
    }
    out->status = status;
    out->content_type = json_type;
    out->body = out->owned;
    out->len = len;
    return SL_OK;
}

int sl_serve_error(sl_serve_reply *out, int status, const char *message)
{
    jw w;

    memset(out, 0, sizeof(*out));
    sl__jw_init(&w, 0);
    sl__jw_open(&w, '{');
    sl__jw_key(&w, "error");
    sl__jw_open(&w, '{');
    sl__jw_kint(&w, "status", status);
    sl__jw_kstr(&w, "message", message);
    sl__jw_close(&w, '{');
    sl__jw_close(&w, '{');
    return sl__serve_finish(out, &w, status);
}

int sl__serve_fail(sl_serve_reply *out, int rc, const char *what)
{
    if (rc == SL_ENOMEM) {
        return rc;
    }
    if (rc == SL_ENOTFOUND) {
        return sl_serve_error(out, 404, what);
    }
    return sl_serve_error(out, 500, "the store failed to answer");
}

/* ------------------------------------------------------------------ */
/* Listings: /api/articles and /api/search                             */

typedef struct rows_ctx {
    jw *w;
    size_t n, limit;
    int more;
} rows_ctx;

static int put_row(const sl_article_row *r, void *payload)
{
    rows_ctx *x = payload;
    jw *w = x->w;

    if (x->n == x->limit) {
        x->more = 1;
        return 1; /* stop: the extra row only says there is more */
    }
    x->n++;
    sl__jw_open(w, '{');
    sl__jw_kint(w, "id", r->id);
    sl__jw_kstr(w, "ext_id", r->ext_id);
    sl__jw_kstr(w, "url", r->url);
    sl__jw_kstr(w, "title", r->title);
    sl__jw_kstr(w, "published", r->published);
    sl__jw_kstr(w, "source", r->source);
    sl__jw_kstr(w, "lang", r->lang);
    sl__jw_kint(w, "revisions", r->rev_count);
    sl__jw_kint(w, "body_bytes", (int64_t)r->body_bytes);
    if (r->snippet != NULL) {
        sl__jw_kstr(w, "snippet", r->snippet);
        sl__jw_key(w, "score");
        sl__jw_num(w, r->score);
    }
    sl__jw_close(w, '{');
    return w->rc < 0 ? w->rc : 0;
}

static int list_articles(sl_serve_reply *out,
                         sl_store *st,
                         const sl_serve_request *req,
                         int search)
{
    sl_query_options q = { 0 };
    rows_ctx x = { 0 };
    jw w;
    int rc;

    x.limit = req->limit ? req->limit : 20;
    q.query = req->q;
    q.since = req->since;
    q.until = req->until;
    q.source = req->source;
    q.lang = req->lang;
    q.limit = x.limit + 1;
    q.offset = req->offset;
    x.w = &w;
    sl__jw_init(&w, REPLY_MAX_BYTES);
    sl__jw_open(&w, '{');
    if (search) {
        sl__jw_kstr(&w, "q", req->q);
    }
    sl__jw_kint(&w, "offset", (int64_t)req->offset);
    sl__jw_kint(&w, "limit", (int64_t)x.limit);
    sl__jw_key(&w, "items");
    sl__jw_open(&w, '[');
    rc = search ? sl_store_search(st, &q, put_row, &x)
                : sl_store_list(st, &q, put_row, &x);
    if (rc < 0 && w.rc == SL_OK) {
        sl__jw_dispose(&w);
        /* The store reads the search string as plain words; one with no
         * word in it (only quotes, operators, punctuation) is refused. */
        if (rc == SL_EINVAL && search) {
            return sl_serve_error(out, 400, "the search has no words");
        }
        return sl__serve_fail(out, rc, "");
    }
    sl__jw_close(&w, '[');
    sl__jw_key(&w, "more");
    sl__jw_bool(&w, x.more);
    sl__jw_close(&w, '{');
    return sl__serve_finish(out, &w, 200);
}

/* ------------------------------------------------------------------ */
/* One article: /api/articles/{key}                                    */

typedef struct prov_ctx {
    jw *w;
    int64_t self;
    int self_seen;
    size_t copies;
} prov_ctx;

/* The article's own row comes first: its link to an original, if any.
 * The rows after it are the articles that copy it. */
static int put_prov(const sl_copy_row *r, void *payload)
{
    prov_ctx *x = payload;
    jw *w = x->w;

    if (r->id == x->self && !x->self_seen) {
        x->self_seen = 1;
        sl__jw_key(w, "original");
        if (r->original_id != 0) {
            sl__jw_open(w, '{');
            sl__jw_kint(w, "id", r->original_id);
            sl__jw_kstr(w, "ext_id", r->original_ext_id);
            sl__jw_kint(w, "parent_id", r->parent_id);
            sl__jw_kstr(w, "kind", r->kind);
            sl__jw_key(w, "evidence");
            sl__jw_raw(w, r->evidence);
            sl__jw_close(w, '{');
        } else {
            sl__jw_null(w);
        }
        sl__jw_kint(w, "copy_count", r->copies);
        sl__jw_key(w, "copies");
        sl__jw_open(w, '[');
        return w->rc < 0 ? w->rc : 0;
    }
    if (!x->self_seen || x->copies >= 1000) {
        return 0;
    }
    x->copies++;
    sl__jw_open(w, '{');
    sl__jw_kint(w, "id", r->id);
    sl__jw_kstr(w, "ext_id", r->ext_id);
    sl__jw_kstr(w, "title", r->title);
    sl__jw_kstr(w, "source", r->source);
    sl__jw_kstr(w, "published", r->published);
    sl__jw_kstr(w, "kind", r->kind);
    sl__jw_kint(w, "original_id", r->original_id);
    sl__jw_kint(w, "parent_id", r->parent_id);
    sl__jw_key(w, "evidence");
    sl__jw_raw(w, r->evidence);
    sl__jw_close(w, '{');
    return w->rc < 0 ? w->rc : 0;
}

static int
get_article(sl_serve_reply *out, sl_store *st, const sl_serve_request *req)
{
    sl_stored_article *a = NULL;
    prov_ctx x = { 0 };
    jw w;
    int rc;

    rc = sl_store_get(&a, st, req->key, 0);
    if (rc < 0) {
        return sl__serve_fail(out, rc, "no such article");
    }
    sl__jw_init(&w, REPLY_MAX_BYTES);
    sl__jw_open(&w, '{');
    sl__jw_kint(&w, "id", a->id);
    sl__jw_kstr(&w, "identity", a->identity);
    sl__jw_kstr(&w, "ext_id", a->ext_id);
    sl__jw_kstr(&w, "url", a->url);
    sl__jw_kstr(&w, "path", a->path);
    sl__jw_kstr(&w, "title", a->title);
    sl__jw_key(&w, "authors");
    sl__jw_open(&w, '[');
    for (size_t i = 0; i < a->author_count; i++) {
        sl__jw_str(&w, a->authors[i]);
    }
    sl__jw_close(&w, '[');
    sl__jw_kstr(&w, "published", a->published);
    sl__jw_kstr(&w, "published_source", a->published_source);
    sl__jw_kstr(&w, "modified", a->modified);
    sl__jw_kstr(&w, "source", a->source);
    sl__jw_kstr(&w, "lang", a->lang);
    sl__jw_kstr(&w, "description", a->description);
    sl__jw_kint(&w, "revision", a->rev);
    sl__jw_kint(&w, "revisions", a->rev_count);
    sl__jw_kstr(&w, "content_hash", a->content_hash);
    sl__jw_kint(&w, "fetched_ms", a->fetched_ms);
    sl__jw_kint(&w, "ingested_ms", a->ingested_ms);
    sl__jw_key(&w, "story");
    sl__serve_article_story(&w, st, a->id);
    sl__jw_key(&w, "provenance");
    sl__jw_open(&w, '{');
    x.w = &w;
    x.self = a->id;
    rc = sl_copies_list(st, a->id, put_prov, &x);
    if (!x.self_seen) {
        /* No provenance row: an article stored without copy detection. */
        sl__jw_key(&w, "original");
        sl__jw_null(&w);
        sl__jw_kint(&w, "copy_count", 0);
        sl__jw_key(&w, "copies");
        sl__jw_open(&w, '[');
    }
    sl__jw_close(&w, '[');
    sl__jw_close(&w, '{');
    sl__jw_kstr(&w, "body", a->body);
    sl__jw_close(&w, '{');
    sl_stored_article_free(a);
    if (rc < 0 && w.rc == SL_OK) {
        sl__jw_dispose(&w);
        return sl__serve_fail(out, rc, "");
    }
    return sl__serve_finish(out, &w, 200);
}

/* ------------------------------------------------------------------ */
/* Copy links: /api/copies                                             */

typedef struct copies_ctx {
    jw *w;
    const sl_serve_request *req;
    size_t skip, n, limit;
    int more;
} copies_ctx;

static int put_copy(const sl_copy_row *r, void *payload)
{
    copies_ctx *x = payload;
    jw *w = x->w;

    if (r->original_id == 0) {
        return 0;
    }
    if (x->req->kind != NULL &&
        (r->kind == NULL || strcmp(r->kind, x->req->kind) != 0)) {
        return 0;
    }
    if (x->skip > 0) {
        x->skip--;
        return 0;
    }
    if (x->n == x->limit) {
        x->more = 1;
        return 1;
    }
    x->n++;
    sl__jw_open(w, '{');
    sl__jw_kint(w, "id", r->id);
    sl__jw_kstr(w, "ext_id", r->ext_id);
    sl__jw_kstr(w, "title", r->title);
    sl__jw_kstr(w, "source", r->source);
    sl__jw_kstr(w, "published", r->published);
    sl__jw_kstr(w, "kind", r->kind);
    sl__jw_kint(w, "original_id", r->original_id);
    sl__jw_kstr(w, "original_ext_id", r->original_ext_id);
    sl__jw_kint(w, "parent_id", r->parent_id);
    sl__jw_key(w, "evidence");
    sl__jw_raw(w, r->evidence);
    sl__jw_close(w, '{');
    return w->rc < 0 ? w->rc : 0;
}

static int
list_copies(sl_serve_reply *out, sl_store *st, const sl_serve_request *req)
{
    copies_ctx x = { 0 };
    jw w;
    int rc;

    x.w = &w;
    x.req = req;
    x.skip = req->offset;
    x.limit = req->limit ? req->limit : 50;
    sl__jw_init(&w, REPLY_MAX_BYTES);
    sl__jw_open(&w, '{');
    sl__jw_kint(&w, "offset", (int64_t)req->offset);
    sl__jw_kint(&w, "limit", (int64_t)x.limit);
    sl__jw_key(&w, "items");
    sl__jw_open(&w, '[');
    rc = sl_copies_list(st, req->article, put_copy, &x);
    if (rc < 0 && w.rc == SL_OK) {
        sl__jw_dispose(&w);
        return sl__serve_fail(out, rc, "");
    }
    sl__jw_close(&w, '[');
    sl__jw_key(&w, "more");
    sl__jw_bool(&w, x.more);
    sl__jw_close(&w, '{');
    return sl__serve_finish(out, &w, 200);
}

/* ------------------------------------------------------------------ */

static int status_reply(sl_serve_reply *out, sl_store *st)
{
    int64_t articles = 0, revisions = 0;
    jw w;
    int rc;

    rc = sl_store_count(st, &articles, &revisions);
    if (rc < 0) {
        return sl__serve_fail(out, rc, "");
    }
    sl__jw_init(&w, 0);
    sl__jw_open(&w, '{');
    sl__jw_kstr(&w, "version", SL_VERSION_STRING);
    sl__jw_kint(&w, "schema", sl_store_schema_version(st));
    sl__jw_kint(&w, "articles", articles);
    sl__jw_kint(&w, "revisions", revisions);
    sl__jw_key(&w, "stories");
    sl__jw_bool(&w, sl__serve_have_stories());
    sl__jw_close(&w, '{');
    return sl__serve_finish(out, &w, 200);
}

static int asset_reply(sl_serve_reply *out, const char *name)
{
    const char *data, *type;
    size_t len;

    if (sl_serve_asset(&data, &len, &type, name) < 0) {
        return sl_serve_error(out, 404, "no such page");
    }
    memset(out, 0, sizeof(*out));
    out->status = 200;
    out->content_type = type;
    out->body = data;
    out->len = len;
    out->cacheable = 1;
    return SL_OK;
}

int sl_serve_handle(sl_serve_reply *out,
                    sl_store *st,
                    const sl_serve_request *req)
{
    memset(out, 0, sizeof(*out));
    switch (req->route) {
    case SL_ROUTE_NONE:
        return sl_serve_error(out, req->status ? req->status : 400,
                              req->error ? req->error : "bad request");
    case SL_ROUTE_ASSET:
        return asset_reply(out, req->asset);
    case SL_ROUTE_OPENAPI:
        return asset_reply(out, "openapi.json");
    case SL_ROUTE_ARTICLE_POST:
        return sl_serve_error(out, 405, "method not allowed");
    default:
        break;
    }
    if (st == NULL) {
        return sl_serve_error(out, 503, "no store");
    }
    switch (req->route) {
    case SL_ROUTE_STATUS:
        return status_reply(out, st);
    case SL_ROUTE_ARTICLES:
        return list_articles(out, st, req, 0);
    case SL_ROUTE_SEARCH:
        return list_articles(out, st, req, 1);
    case SL_ROUTE_ARTICLE:
        return get_article(out, st, req);
    case SL_ROUTE_COPIES:
        return list_copies(out, st, req);
    case SL_ROUTE_STORIES:
        return sl__serve_stories(out, st, req);
    case SL_ROUTE_STORY:
        return sl__serve_story(out, st, req);
    default:
        return sl_serve_error(out, 404, "no such endpoint");
    }
}
