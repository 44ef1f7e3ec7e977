/*
 * http.c - the HTTP server: libmicrohttpd around the router and the
 * handlers (sl_server_start(), storyline/serve.h). The only file that
 * includes microhttpd.h.
 *
 * Threads and the store. libmicrohttpd runs a pool of worker threads
 * (internal epoll), each serving its connections one request at a time.
 * SQLite handles are opened without a mutex, so they must not be shared:
 * the server opens one read-only handle per worker and lends one to each
 * request for its duration (a stack under a mutex, never empty since
 * there are as many handles as workers). POSTed articles go through a
 * separate read-write handle under its own mutex; readers see them at
 * their next request, as WAL readers do.
 *
 * The request target is taken raw from libmicrohttpd's URI-log hook,
 * before libmicrohttpd decodes it, so the router's own decoding and
 * checks are the only ones (the hook also creates the per-request state,
 * freed when the request completes).
 *
 * Caching. Every 200 reply carries a strong ETag, a 64-bit FNV-1a hash of
 * the body (a different one for the gzip form, RFC 9110 section 8.8.3),
 * and a matching If-None-Match gets a 304 with no body. API replies say
 * "no-cache" (revalidate each time: the store may change); built-in
 * assets may be kept for five minutes. Bodies of 512 bytes and more are
 * gzipped when Accept-Encoding allows; the assets are compressed once,
 * at start.
 *
 * Hostile clients. Headers over the cap get libmicrohttpd's 431 (its
 * memory pool per connection is the cap), targets over 4 KiB a 414, slow
 * or idle connections are closed after timeout_s, open connections are
 * capped (and one address may hold half of them), POST bodies over the
 * cap get a 413 (at once from Content-Length, else at the body's end,
 * and a body four times the cap is cut off), and every refusal is a JSON
 * error.
 * The server binds to 127.0.0.1 unless told otherwise.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <jansson.h>
#include <microhttpd.h>
#include <zlib.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "cache.h"
#include "json.h"
#include "serve_int.h"
#include "storyline/serve.h"

#define GZIP_MIN_BYTES      512
#define MAX_REPORTED_ERRORS 20

/* A built-in asset, with its gzip form and ETags made at start. */
typedef struct asset_entry {
    const char *name;
    const char *data;
    size_t len;
    const char *type;
    char *gz;
    size_t gz_len;
    char etag[24], etag_gz[28];
} asset_entry;

static const char *const asset_names[] = { "index.html", "app.js", "style.css",
                                           "favicon.svg", "openapi.json" };
#define ASSET_COUNT (sizeof(asset_names) / sizeof(asset_names[0]))

struct sl_server {
    struct MHD_Daemon *daemon;
    sl_server_options o;
    char *token;
    size_t token_len;
    sl_store **pool; /* all read handles */
    sl_store **free_handles;
    size_t pool_count, free_count;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int sync_ready;
    sl_store *writer;
    pthread_mutex_t wmu;
    uint64_t posts; /* POSTs that stored something: part of the
                       generation */
    sl_cache *cache;
    char *db_path;
    unsigned port;
    asset_entry assets[ASSET_COUNT];
    char err[256];
};

/* Per-request state, made by the URI-log hook. */
typedef struct req_state {
    char *uri;
    int started;
    int answered;
    int json_body; /* POST: a JSON document, not JSON Lines */
    int too_big;
    size_t dropped; /* bytes of an oversized body read and dropped */
    sl_buf body;
    sl_serve_request req;
} req_state;

/* The message is 'what' followed by 'arg' (may be NULL). */
static void set_err(sl_server *s, const char *what, const char *arg)
{
    snprintf(s->err, sizeof(s->err), "%s%s", what, arg != NULL ? arg : "");
}

/* ------------------------------------------------------------------ */
/* Store handles                                                       */

static sl_store *borrow(sl_server *s)
{
    sl_store *st;

    pthread_mutex_lock(&s->mu);
    while (s->free_count == 0) {
        pthread_cond_wait(&s->cv, &s->mu);
    }
    st = s->free_handles[--s->free_count];
    pthread_mutex_unlock(&s->mu);
    return st;
}

static void give_back(sl_server *s, sl_store *st)
{
    pthread_mutex_lock(&s->mu);
    s->free_handles[s->free_count++] = st;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ------------------------------------------------------------------ */
/* ETags and gzip                                                      */

static uint64_t fnv1a(const char *p, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static void make_etag(char *out, size_t size, const char *p, size_t len, int gz)
{
    snprintf(out, size, gz ? "\"%016llx-gz\"" : "\"%016llx\"",
             (unsigned long long)fnv1a(p, len));
}

/* Compress to a gzip member; *out is freed with sl__free(). */
static int gzip(char **out, size_t *out_len, const char *p, size_t len)
{
    z_stream z;
    char *buf = NULL;
    int rc;

    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return SL_ENOMEM;
    }
    size_t cap = deflateBound(&z, (uLong)len) + 32;
    buf = sl__malloc(cap);
    if (buf == NULL) {
        deflateEnd(&z);
        return SL_ENOMEM;
    }
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)cap;
    rc = deflate(&z, Z_FINISH);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        sl__free(buf);
        return SL_ENOMEM;
    }
    *out = buf;
    return SL_OK;
}

/* Does the token list in 'h' hold 'tok' (case-insensitively), with a q
 * value other than zero? Used for Accept-Encoding. */
static int accepts(const char *h, const char *tok)
{
    size_t tlen = strlen(tok);

    while (h != NULL && *h) {
        while (*h == ' ' || *h == '\t' || *h == ',') {
            h++;
        }
        const char *end = h;
        while (*end && *end != ',' && *end != ';' && *end != ' ') {
            end++;
        }
        int match = (size_t)(end - h) == tlen && strncasecmp(h, tok, tlen) == 0;
        const char *next = strchr(end, ',');
        if (match) {
            const char *q = strstr(end, "q=");
            if (q != NULL && (next == NULL || q < next)) {
                return strtod(q + 2, NULL) > 0;
            }
            return 1;
        }
        h = next;
    }
    return 0;
}

/* If-None-Match: "*" or a list of entity tags, weak ones compared
 * weakly (RFC 9110 section 13.1.2). */
static int etag_matches(const char *h, const char *etag)
{
    size_t elen = strlen(etag);

    while (h != NULL && *h) {
        while (*h == ' ' || *h == '\t' || *h == ',') {
            h++;
        }
        if (*h == '*') {
            return 1;
        }
        if (strncmp(h, "W/", 2) == 0) {
            h += 2;
        }
        if (strncmp(h, etag, elen) == 0 &&
            (h[elen] == '\0' || h[elen] == ',' || h[elen] == ' ')) {
            return 1;
        }
        h = strchr(h, ',');
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Replies                                                             */

static void free_body(void *p)
{
    sl__free(p);
}

static const char json_mime[] = "application/json; charset=utf-8";

static void common_headers(struct MHD_Response *r, const char *type)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (strncmp(type, "text/html", 9) == 0) {
        MHD_add_response_header(
            r, "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'");
    }
}

/* A body ready to send: its bytes (freed by libmicrohttpd when 'owned'),
 * whether they are gzip, and their ETag (for 200 replies). */
typedef struct out_body {
    const char *ptr;
    size_t len;
    char *owned;
    int gz;
    char etag[32];
} out_body;

/* Queue a reply: a 304 when the client's ETag matches, else the body
 * with the headers its status calls for. Takes 'b->owned' in all cases. */
static enum MHD_Result emit(struct MHD_Connection *c,
                            int status,
                            const char *type,
                            int cacheable,
                            out_body *b,
                            const sl_serve_request *req)
{
    const char *inm =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    const char *cache_control = cacheable ? "public, max-age=300" : "no-cache";
    struct MHD_Response *r;
    enum MHD_Result ok;

    if (status == 200 && etag_matches(inm, b->etag)) {
        sl__free(b->owned);
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r == NULL) {
            return MHD_NO;
        }
        MHD_add_response_header(r, "ETag", b->etag);
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
        MHD_add_response_header(r, "Cache-Control", cache_control);
        ok = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
        MHD_destroy_response(r);
        return ok;
    }
    if (b->owned != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback(b->len, b->owned,
                                                               free_body);
        if (r == NULL) {
            sl__free(b->owned);
        }
    } else {
        r = MHD_create_response_from_buffer(b->len, (void *)(uintptr_t)b->ptr,
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (r == NULL) {
        return MHD_NO; /* libmicrohttpd closes the connection */
    }
    common_headers(r, type);
    if (status == 200) {
        MHD_add_response_header(r, "ETag", b->etag);
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
        MHD_add_response_header(r, "Cache-Control", cache_control);
    } else {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    if (b->gz) {
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    }
    if (status == 405) {
        MHD_add_response_header(r, "Allow",
                                req != NULL &&
                                        (req->route == SL_ROUTE_ARTICLES ||
                                         req->route == SL_ROUTE_ARTICLE_POST)
                                    ? "GET, HEAD, POST"
                                    : "GET, HEAD");
    }
    if (status == 401) {
        MHD_add_response_header(r, "WWW-Authenticate",
                                "Bearer realm=\"storyline\"");
    }
    ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

static int wants_gzip(struct MHD_Connection *c)
{
    return accepts(
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding"),
        "gzip");
}

/* Send a reply: gzip when the client accepts it, a 304 when it has it. */
static enum MHD_Result send_reply(sl_server *s,
                                  struct MHD_Connection *c,
                                  sl_serve_reply *rep,
                                  const sl_serve_request *req)
{
    out_body b = { 0 };
    int use_gz = rep->len >= GZIP_MIN_BYTES && wants_gzip(c);

    b.ptr = rep->body;
    b.len = rep->len;
    if (rep->status == 200 && rep->cacheable) {
        /* A built-in asset: its forms were made at start. */
        for (size_t i = 0; i < ASSET_COUNT; i++) {
            asset_entry *a = &s->assets[i];
            if (a->data == rep->body) {
                b.gz = use_gz && a->gz != NULL;
                if (b.gz) {
                    b.ptr = a->gz;
                    b.len = a->gz_len;
                }
                snprintf(b.etag, sizeof(b.etag), "%s",
                         b.gz ? a->etag_gz : a->etag);
                break;
            }
        }
        return emit(c, 200, rep->content_type, 1, &b, req);
    }
    if (rep->status == 200 && use_gz) {
        char *gz = NULL;
        size_t gz_len = 0;
        if (gzip(&gz, &gz_len, rep->body, rep->len) == SL_OK) {
            b.ptr = b.owned = gz;
            b.len = gz_len;
            b.gz = 1;
        }
    }
    if (!b.gz) {
        b.owned = rep->owned;
        rep->owned = NULL; /* now the response's */
    }
    if (rep->status == 200) {
        make_etag(b.etag, sizeof(b.etag), b.ptr, b.len, b.gz);
    }
    return emit(c, rep->status, rep->content_type, 0, &b, req);
}

/* The store's generation: the sizes and modification times of its files
 * (a commit by any process changes the WAL file, a checkpoint the main
 * file) and the number of POSTs this server has taken. */
static uint64_t generation(sl_server *s)
{
    static const char *const suffix[] = { "", "-wal" };
    char path[4200];
    struct stat sb;
    uint64_t h = __atomic_load_n(&s->posts, __ATOMIC_ACQUIRE) + 1;

    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s%s", s->db_path, suffix[i]);
        if (stat(path, &sb) == 0) {
            h = h * 31 + (uint64_t)sb.st_size;
            h = h * 31 + (uint64_t)sb.st_mtim.tv_sec;
            h = h * 31 + (uint64_t)sb.st_mtim.tv_nsec;
            h = h * 31 + (uint64_t)sb.st_ino;
        } else {
            h = h * 31 + 7;
        }
    }
    return h;
}

static enum MHD_Result send_error(sl_server *s,
                                  struct MHD_Connection *c,
                                  int status,
                                  const char *msg,
                                  const sl_serve_request *req);

/* A GET of the API: from the cache when it holds the reply, else from
 * the store, then into the cache. */
static enum MHD_Result
api_get(sl_server *s, struct MHD_Connection *c, req_state *rs)
{
    uint64_t gen = generation(s);
    int want_gz = wants_gzip(c);
    sl_cache_hit hit;
    sl_serve_reply rep;
    out_body b = { 0 };
    int rc;

    rc = s->cache != NULL ? sl__cache_get(&hit, s->cache, gen, rs->uri, want_gz)
                          : 0;
    if (rc == 1) {
        b.ptr = b.owned = hit.body;
        b.len = hit.len;
        b.gz = hit.gz;
        memcpy(b.etag, hit.etag, sizeof(b.etag));
        if (hit.need_gz && hit.len >= GZIP_MIN_BYTES) {
            char *gz = NULL;
            size_t gz_len = 0;
            if (gzip(&gz, &gz_len, hit.body, hit.len) == SL_OK) {
                sl__free(hit.body);
                b.ptr = b.owned = gz;
                b.len = gz_len;
                b.gz = 1;
                make_etag(b.etag, sizeof(b.etag), gz, gz_len, 1);
                sl__cache_put_gz(s->cache, gen, rs->uri, gz, gz_len, b.etag);
            }
        }
        return emit(c, 200, json_mime, 0, &b, &rs->req);
    }
    sl_store *st = borrow(s);
    rc = sl_serve_handle(&rep, st, &rs->req);
    give_back(s, st);
    if (rc == SL_OK && rep.status == 200 && s->cache != NULL) {
        char etag[32];
        make_etag(etag, sizeof(etag), rep.body, rep.len, 0);
        sl__cache_put(s->cache, gen, rs->uri, rep.body, rep.len, etag);
    } else if (s->cache != NULL) {
        sl__cache_abandon(s->cache, gen, rs->uri);
    }
    if (rc < 0) {
        return send_error(s, c, 503, "out of memory", &rs->req);
    }
    enum MHD_Result ok = send_reply(s, c, &rep, &rs->req);
    sl_serve_reply_dispose(&rep);
    return ok;
}

static enum MHD_Result send_error(sl_server *s,
                                  struct MHD_Connection *c,
                                  int status,
                                  const char *msg,
                                  const sl_serve_request *req)
{
    sl_serve_reply rep;
    enum MHD_Result ok;

    if (sl_serve_error(&rep, status, msg) < 0) {
        return MHD_NO;
    }
    ok = send_reply(s, c, &rep, req);
    sl_serve_reply_dispose(&rep);
    return ok;
}

/* ------------------------------------------------------------------ */
/* POST /api/articles                                                  */

typedef struct ingest_ctx {
    sl_server *s;
    sl_ingest_stats stats;
    jw *w; /* the errors array */
    size_t errors;
    int rc;
} ingest_ctx;

static int on_doc(const sl_doc *doc, void *payload)
{
    ingest_ctx *x = payload;
    int64_t now = x->s->o.now_ms(x->s->o.payload);
    int rc = sl_store_ingest_doc(x->s->writer, doc, NULL, now, &x->stats);

    if (rc == SL_EINVAL) {
        return 0; /* counted as failed */
    }
    if (rc < 0) {
        x->rc = rc;
        return 1;
    }
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    ingest_ctx *x = payload;

    if (x->errors++ < MAX_REPORTED_ERRORS) {
        sl__jw_open(x->w, '{');
        sl__jw_kstr(x->w, "where", where);
        sl__jw_kstr(x->w, "message", msg);
        sl__jw_close(x->w, '{');
    }
}

/* Turn a JSON body (one object, or an array of them) into JSON Lines
 * for the JSON Lines reader, so both forms take the same path. */
static int json_to_lines(sl_buf *out, const char *p, size_t len)
{
    json_error_t err;
    json_t *doc = json_loadb(p, len, JSON_REJECT_DUPLICATES, &err);
    int rc = SL_OK;

    if (doc == NULL) {
        return SL_EFORMAT;
    }
    if (json_is_object(doc)) {
        char *s = json_dumps(doc, JSON_COMPACT);
        rc = s != NULL ? sl__buf_adds(out, s) : SL_ENOMEM;
        free(s);
    } else if (json_is_array(doc)) {
        size_t i;
        json_t *v;
        json_array_foreach(doc, i, v)
        {
            char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            rc = s != NULL ? sl__buf_adds(out, s) : SL_ENOMEM;
            free(s);
            if (rc == SL_OK) {
                rc = sl__buf_addc(out, '\n');
            }
            if (rc < 0) {
                break;
            }
        }
    } else {
        rc = SL_EFORMAT;
    }
    json_decref(doc);
    return rc;
}

static enum MHD_Result
ingest_body(sl_server *s, struct MHD_Connection *c, req_state *rs)
{
    sl_buf lines;
    ingest_ctx x = { 0 };
    sl_ingest_options io = { 0 };
    sl_serve_reply rep = { 0 };
    const char *data = rs->body.ptr != NULL ? rs->body.ptr : "";
    size_t len = rs->body.len;
    jw w;
    int rc = SL_OK;

    sl__buf_init(&lines, 0);
    if (rs->json_body) {
        rc = json_to_lines(&lines, data, len);
        if (rc == SL_EFORMAT) {
            sl__buf_dispose(&lines);
            return send_error(
                s, c, 400, "the body is not a JSON object or array", &rs->req);
        }
        data = lines.ptr != NULL ? lines.ptr : "";
        len = lines.len;
    }
    sl__jw_init(&w, 0);
    sl__jw_open(&w, '{');
    sl__jw_key(&w, "errors");
    sl__jw_open(&w, '[');
    x.s = s;
    x.w = &w;
    io.max_record_bytes = s->o.max_body_bytes;
    io.on_doc = on_doc;
    io.on_error = on_error;
    io.payload = &x;
    pthread_mutex_lock(&s->wmu);
    if (rc == SL_OK) {
        rc = sl_store_begin(s->writer);
    }
    if (rc == SL_OK) {
        rc = sl_jsonl_read(data, len, "body", &io);
        if (rc > 0) {
            rc = x.rc;
        }
        rc = rc == SL_OK ? sl_store_commit(s->writer)
                         : (sl_store_rollback(s->writer), rc);
    }
    /* Cached replies may be stale from here on. */
    __atomic_add_fetch(&s->posts, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&s->wmu);
    sl__buf_dispose(&lines);
    sl__jw_close(&w, '[');
    sl__jw_kint(&w, "docs", (int64_t)x.stats.docs);
    sl__jw_kint(&w, "added", (int64_t)x.stats.added);
    sl__jw_kint(&w, "revised", (int64_t)x.stats.revised);
    sl__jw_kint(&w, "unchanged", (int64_t)x.stats.unchanged);
    sl__jw_kint(&w, "failed", (int64_t)(x.stats.failed + x.errors));
    sl__jw_close(&w, '{');
    if (rc < 0) {
        sl__jw_dispose(&w);
        return send_error(s, c, rc == SL_ENOMEM ? 503 : 500,
                          "the store failed to take the articles", &rs->req);
    }
    if (sl__serve_finish(&rep, &w, 200) < 0) {
        return MHD_NO;
    }
    enum MHD_Result ok = send_reply(s, c, &rep, &rs->req);
    sl_serve_reply_dispose(&rep);
    return ok;
}

/* Constant-time comparison of the bearer token. */
static int token_ok(const sl_server *s, const char *auth)
{
    const char *t;
    size_t len;
    unsigned char diff = 0;

    if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0) {
        return 0;
    }
    t = auth + 7;
    while (*t == ' ') {
        t++;
    }
    len = strlen(t);
    if (len != s->token_len) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        diff |= (unsigned char)(t[i] ^ s->token[i]);
    }
    return diff == 0;
}

/* The first call of a POST: refuse it early, or get ready for its body. */
static enum MHD_Result
post_start(sl_server *s, struct MHD_Connection *c, req_state *rs)
{
    const char *auth =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *type =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *clen =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");

    if (s->token == NULL) {
        rs->answered = 1;
        return send_error(s, c, 403,
                          "ingest over HTTP is off (start the server with a "
                          "token file)",
                          &rs->req);
    }
    if (!token_ok(s, auth)) {
        rs->answered = 1;
        return send_error(s, c, 401, "a valid bearer token is required",
                          &rs->req);
    }
    if (type == NULL) {
        type = "";
    }
    if (strncasecmp(type, "application/json", 16) == 0 &&
        (type[16] == '\0' || type[16] == ';' || type[16] == ' ')) {
        rs->json_body = 1;
    } else if (strncasecmp(type, "application/x-ndjson", 20) != 0 &&
               strncasecmp(type, "application/jsonl", 17) != 0 &&
               strncasecmp(type, "application/json-lines", 22) != 0) {
        rs->answered = 1;
        return send_error(s, c, 415,
                          "send application/json or application/x-ndjson",
                          &rs->req);
    }
    if (clen != NULL && strtoull(clen, NULL, 10) > s->o.max_body_bytes) {
        rs->answered = 1;
        return send_error(s, c, 413, "the body is too large", &rs->req);
    }
    sl__buf_init(&rs->body, s->o.max_body_bytes);
    return MHD_YES;
}

/* ------------------------------------------------------------------ */
/* libmicrohttpd callbacks                                             */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    req_state *rs = sl__calloc(1, sizeof(*rs));

    (void)cls;
    (void)c;
    if (rs != NULL) {
        rs->uri = sl__strdup(uri != NULL ? uri : "");
        if (rs->uri == NULL) {
            sl__free(rs);
            rs = NULL;
        }
    }
    return rs;
}

static void on_done(void *cls,
                    struct MHD_Connection *c,
                    void **req_cls,
                    enum MHD_RequestTerminationCode toe)
{
    req_state *rs = *req_cls;

    (void)cls;
    (void)c;
    (void)toe;
    if (rs != NULL) {
        sl__buf_dispose(&rs->body);
        sl__free(rs->uri);
        sl__free(rs);
        *req_cls = NULL;
    }
}

static enum MHD_Result on_request(void *cls,
                                  struct MHD_Connection *c,
                                  const char *url,
                                  const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size,
                                  void **req_cls)
{
    sl_server *s = cls;
    req_state *rs = *req_cls;
    sl_serve_reply rep;
    enum MHD_Result ok;

    (void)url;
    (void)version;
    if (rs == NULL) {
        return MHD_NO; /* out of memory in on_uri: drop the connection */
    }
    if (rs->answered) {
        *upload_data_size = 0; /* discard the rest of a refused body */
        return MHD_YES;
    }
    if (!rs->started) {
        rs->started = 1;
        sl_serve_parse(&rs->req, method, rs->uri, strlen(rs->uri));
        if (rs->req.route == SL_ROUTE_ARTICLE_POST) {
            return post_start(s, c, rs);
        }
        /* Answer on the next call, once the request is complete: a reply
         * queued earlier makes libmicrohttpd close the connection. */
        return MHD_YES;
    }
    if (rs->req.route != SL_ROUTE_ARTICLE_POST) {
        /* A body where none belongs is read, dropped and refused at its
         * end (libmicrohttpd cannot reply in the middle of an upload);
         * past the POST cap the connection is cut. */
        if (*upload_data_size > 0) {
            rs->dropped += *upload_data_size;
            *upload_data_size = 0;
            return rs->dropped > s->o.max_body_bytes ? MHD_NO : MHD_YES;
        }
        rs->answered = 1;
        if (rs->req.route == SL_ROUTE_NONE) {
            return send_error(s, c, rs->req.status, rs->req.error, &rs->req);
        }
        if (rs->dropped > 0) {
            return send_error(s, c, 400, "this request takes no body",
                              &rs->req);
        }
        if (rs->req.route != SL_ROUTE_ASSET &&
            rs->req.route != SL_ROUTE_OPENAPI) {
            return api_get(s, c, rs);
        }
        int rc = sl_serve_handle(&rep, NULL, &rs->req);
        if (rc < 0) {
            return send_error(s, c, 503, "out of memory", &rs->req);
        }
        ok = send_reply(s, c, &rep, &rs->req);
        sl_serve_reply_dispose(&rep);
        return ok;
    }
    /* POST body. libmicrohttpd cannot queue a reply in the middle of an
     * upload, so a body past the cap is read and dropped, and refused at
     * its end; one that goes on past four times the cap is cut off. */
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (rs->too_big) {
            rs->dropped += n;
            return rs->dropped > 4 * s->o.max_body_bytes ? MHD_NO : MHD_YES;
        }
        if (sl__buf_add(&rs->body, upload_data, n) < 0) {
            rs->too_big = 1;
            rs->dropped = rs->body.len + n;
            sl__buf_dispose(&rs->body);
        }
        return MHD_YES;
    }
    rs->answered = 1;
    if (rs->too_big) {
        return send_error(s, c, 413, "the body is too large", &rs->req);
    }
    return ingest_body(s, c, rs);
}

/* ------------------------------------------------------------------ */
/* Start and stop                                                      */

/* "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT"; HOST is numeric or
 * "localhost". */
static int
parse_listen(struct sockaddr_storage *ss, int *v6, const char *listen)
{
    char host[64] = "127.0.0.1";
    const char *port_s = listen;
    const char *colon = strrchr(listen, ':');
    char *end = NULL;

    memset(ss, 0, sizeof(*ss));
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (close == NULL || close[1] != ':' ||
            (size_t)(close - listen - 1) >= sizeof(host)) {
            return SL_EINVAL;
        }
        memcpy(host, listen + 1, (size_t)(close - listen - 1));
        host[close - listen - 1] = '\0';
        port_s = close + 2;
    } else if (colon != NULL) {
        if ((size_t)(colon - listen) >= sizeof(host)) {
            return SL_EINVAL;
        }
        if (colon > listen) {
            memcpy(host, listen, (size_t)(colon - listen));
            host[colon - listen] = '\0';
        }
        port_s = colon + 1;
    }
    unsigned long port = strtoul(port_s, &end, 10);
    if (*port_s == '\0' || *end != '\0' || port > 65535) {
        return SL_EINVAL;
    }
    if (strcmp(host, "localhost") == 0) {
        strcpy(host, "127.0.0.1");
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = 0;
    } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
    } else {
        return SL_EINVAL;
    }
    return SL_OK;
}

static int prepare_assets(sl_server *s)
{
    for (size_t i = 0; i < ASSET_COUNT; i++) {
        asset_entry *a = &s->assets[i];
        a->name = asset_names[i];
        if (sl_serve_asset(&a->data, &a->len, &a->type, a->name) < 0) {
            continue;
        }
        make_etag(a->etag, sizeof(a->etag), a->data, a->len, 0);
        if (a->len >= GZIP_MIN_BYTES) {
            int rc = gzip(&a->gz, &a->gz_len, a->data, a->len);
            if (rc < 0) {
                return rc;
            }
            make_etag(a->etag_gz, sizeof(a->etag_gz), a->gz, a->gz_len, 1);
        }
    }
    return SL_OK;
}

static int open_stores(sl_server *s)
{
    sl_store_options so = { 0 };
    int rc;

    if (s->o.ingest_token != NULL) {
        /* The writer first: it creates and migrates a new store. */
        so.no_copies = s->o.no_copies;
        rc = sl_store_open(&s->writer, s->o.db_path, &so);
        if (rc < 0) {
            set_err(s, "cannot open the store: ", sl_store_errmsg(s->writer));
            return rc;
        }
        so = (sl_store_options){ 0 };
    }
    so.read_only = 1;
    s->pool_count = s->o.threads;
    s->pool = sl__calloc(s->pool_count, sizeof(*s->pool));
    s->free_handles = sl__calloc(s->pool_count, sizeof(*s->free_handles));
    if (s->pool == NULL || s->free_handles == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < s->pool_count; i++) {
        rc = sl_store_open(&s->pool[i], s->o.db_path, &so);
        if (rc < 0) {
            set_err(s, "cannot open the store: ", sl_store_errmsg(s->pool[i]));
            return rc;
        }
        s->free_handles[s->free_count++] = s->pool[i];
    }
    return SL_OK;
}

int sl_server_start(sl_server **out, const sl_server_options *opts)
{
    struct sockaddr_storage ss;
    sl_server *s;
    int v6 = 0, rc;

    *out = NULL;
    s = sl__calloc(1, sizeof(*s));
    if (s == NULL) {
        return SL_ENOMEM;
    }
    *out = s;
    s->o = *opts;
    if (s->o.listen == NULL) {
        s->o.listen = "127.0.0.1:8080";
    }
    if (s->o.threads == 0) {
        s->o.threads = 2;
    }
    if (s->o.threads > 64) {
        s->o.threads = 64;
    }
    if (s->o.max_connections == 0) {
        s->o.max_connections = 512;
    }
    if (s->o.timeout_s == 0) {
        s->o.timeout_s = 15;
    }
    if (s->o.max_header_bytes == 0) {
        s->o.max_header_bytes = 16 * 1024;
    }
    if (s->o.max_body_bytes == 0) {
        s->o.max_body_bytes = 8 * 1024 * 1024;
    }
    if (s->o.db_path == NULL ||
        (s->o.ingest_token != NULL && s->o.now_ms == NULL)) {
        set_err(s, "", "no store, or ingest without a clock");
        return SL_EINVAL;
    }
    s->o.db_path = NULL;
    s->o.ingest_token = NULL;
    s->o.listen = NULL;
    if (opts->ingest_token != NULL) {
        s->token = sl__strdup(opts->ingest_token);
        if (s->token == NULL) {
            return SL_ENOMEM;
        }
        s->token_len = strlen(s->token);
        if (s->token_len == 0) {
            set_err(s, "", "the ingest token is empty");
            return SL_EINVAL;
        }
    }
    if (parse_listen(&ss, &v6,
                     opts->listen != NULL ? opts->listen : "127.0.0.1:8080") <
        0) {
        set_err(s, "bad listen address (HOST:PORT): ", opts->listen);
        return SL_EINVAL;
    }
    if (pthread_mutex_init(&s->mu, NULL) != 0) {
        return SL_ENOMEM;
    }
    if (pthread_cond_init(&s->cv, NULL) != 0) {
        pthread_mutex_destroy(&s->mu);
        return SL_ENOMEM;
    }
    if (pthread_mutex_init(&s->wmu, NULL) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        return SL_ENOMEM;
    }
    s->sync_ready = 1;
    s->db_path = sl__strdup(opts->db_path);
    if (s->db_path == NULL) {
        return SL_ENOMEM;
    }
    if (!s->o.no_cache) {
        rc = sl__cache_new(&s->cache, 4096,
                           s->o.cache_bytes ? s->o.cache_bytes
                                            : (size_t)64 << 20);
        if (rc < 0) {
            return rc;
        }
    }
    s->o.db_path = opts->db_path;
    s->o.ingest_token = s->token;
    rc = prepare_assets(s);
    if (rc == SL_OK) {
        rc = open_stores(s);
    }
    s->o.db_path = NULL;
    if (rc < 0) {
        if (s->err[0] == '\0') {
            set_err(s, "", sl_strerror(rc));
        }
        return rc;
    }
    size_t pool_bytes = s->o.max_header_bytes * 2;
    if (pool_bytes < 32 * 1024) {
        pool_bytes = 32 * 1024;
    }
    /* One client may take half the connections, so a slow one that
     * trickles bytes just inside the timeout cannot take them all. */
    unsigned per_ip = s->o.max_connections / 2 ? s->o.max_connections / 2 : 1;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
    if (v6) {
        flags |= MHD_USE_IPv6;
    }
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)s->o.threads, MHD_OPTION_CONNECTION_LIMIT,
        s->o.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool_bytes,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, (void *)s,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, (void *)s,
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        set_err(s, "cannot listen (address in use or not allowed?) on ",
                opts->listen != NULL ? opts->listen : "127.0.0.1:8080");
        return SL_EIO;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info != NULL ? info->port : 0;
    return SL_OK;
}

unsigned sl_server_port(const sl_server *s)
{
    return s != NULL ? s->port : 0;
}

const char *sl_server_errmsg(const sl_server *s)
{
    if (s == NULL) {
        return "out of memory";
    }
    return s->err[0] ? s->err : "no error";
}

void sl_server_stop(sl_server *s)
{
    if (s == NULL) {
        return;
    }
    if (s->daemon != NULL) {
        MHD_stop_daemon(s->daemon);
    }
    for (size_t i = 0; i < s->pool_count && s->pool != NULL; i++) {
        sl_store_close(s->pool[i]);
    }
    sl__free(s->pool);
    sl__free(s->free_handles);
    sl_store_close(s->writer);
    for (size_t i = 0; i < ASSET_COUNT; i++) {
        sl__free(s->assets[i].gz);
    }
    if (s->sync_ready) {
        pthread_mutex_destroy(&s->wmu);
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
    }
    sl__cache_free(s->cache);
    sl__free(s->db_path);
    sl__free(s->token);
    sl__free(s);
}
