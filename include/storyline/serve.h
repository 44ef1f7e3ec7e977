/**
 * @file storyline/serve.h
 * @brief The HTTP/JSON API and the web page: a router, the handlers and
 * the server around them.
 *
 * Three layers, each usable alone:
 *
 * 1. The router, sl_serve_parse(), is pure: a method and a raw request
 *    target ("/api/search?q=flood&limit=5") in, an sl_serve_request out,
 *    or the HTTP status that refuses it. It percent-decodes, checks that
 *    every decoded byte is UTF-8 without controls, rejects dot segments,
 *    unknown or repeated parameters and out-of-range numbers, and never
 *    allocates: everything it decodes lives in the request's own fixed
 *    buffer (SL_SERVE_MAX_TARGET bytes), which is the cap.
 * 2. The handlers, sl_serve_handle(), turn a request into a reply (a
 *    status, a content type, a body) from a store handle: JSON from the
 *    store, or a built-in web asset. They never write to the store.
 * 3. The server, sl_server_start(), serves both over HTTP/1.1 with
 *    libmicrohttpd: a pool of worker threads, each request given one of a
 *    pool of read-only store handles; a cache of finished replies,
 *    emptied whenever the store changes; strong ETags and 304 replies,
 *    gzip when the client accepts it, JSON errors, caps on headers,
 *    bodies and connections, a timeout for slow clients, and, when a
 *    token is given, POST /api/articles to ingest JSON or JSON Lines.
 *
 * The endpoints and their JSON are specified in docs/http-api.md and in
 * the OpenAPI document served at /api/openapi.json.
 *
 * Thread-safety: sl_serve_parse() is reentrant. sl_serve_handle() may run
 * on many threads at once, each with its own store handle. A server is
 * started and stopped from one thread.
 */
#ifndef SL_STORYLINE_SERVE_H
#define SL_STORYLINE_SERVE_H

#include "common.h"
#include "store.h"

/** Longest request target (path and query) the router accepts. */
#define SL_SERVE_MAX_TARGET 4096
/** Longest decoded search string, in bytes. */
#define SL_SERVE_MAX_QUERY 256
/** Most items a page of results may hold (?limit=). */
#define SL_SERVE_MAX_LIMIT 100
/** Largest ?offset= accepted. */
#define SL_SERVE_MAX_OFFSET 1000000

/** What a request asks for. */
typedef enum sl_serve_route {
    SL_ROUTE_NONE = 0,     /**< refused: see sl_serve_request.status */
    SL_ROUTE_ASSET,        /**< a built-in web asset (GET) */
    SL_ROUTE_STATUS,       /**< GET /api/status: counts and version */
    SL_ROUTE_OPENAPI,      /**< GET /api/openapi.json */
    SL_ROUTE_STORIES,      /**< GET /api/stories */
    SL_ROUTE_STORY,        /**< GET /api/stories/{id} */
    SL_ROUTE_ARTICLES,     /**< GET /api/articles */
    SL_ROUTE_ARTICLE,      /**< GET /api/articles/{key} */
    SL_ROUTE_ARTICLE_POST, /**< POST /api/articles (ingest) */
    SL_ROUTE_SEARCH,       /**< GET /api/search */
    SL_ROUTE_COPIES        /**< GET /api/copies */
} sl_serve_route;

/** Orders for listings. */
typedef enum sl_serve_sort {
    SL_SORT_DEFAULT = 0, /**< the endpoint's own order */
    SL_SORT_NEWEST,      /**< latest first */
    SL_SORT_SIZE         /**< most articles first */
} sl_serve_sort;

/**
 * A routed request. Every string points into 'mem' (or is a static
 * string) and is NULL when absent; it lives as long as the struct.
 */
typedef struct sl_serve_request {
    sl_serve_route route;
    int head;          /**< HEAD: reply as GET without a body */
    int status;        /**< for SL_ROUTE_NONE: 400, 404, 405 or 414 */
    const char *error; /**< for SL_ROUTE_NONE: a static message */
    int64_t id;        /**< {id} of a story; 0 when absent */
    const char *key;   /**< {key} of an article: id, external id or URL */
    const char *asset; /**< SL_ROUTE_ASSET: the asset's name ("index.html") */
    const char *q;     /**< ?q= search words */
    const char *since, *until; /**< ?since= ?until= dates (YYYY-MM-DD...) */
    const char *source;        /**< ?source= outlet, exact */
    const char *lang;          /**< ?lang= language tag prefix */
    const char *kind;          /**< ?kind= copy kind */
    int64_t article;           /**< ?article= id, for /api/copies */
    int64_t storyline;         /**< ?storyline= id, for /api/stories */
    size_t limit;              /**< ?limit=, 1..SL_SERVE_MAX_LIMIT; 0 =
                                    the endpoint's default */
    size_t offset;             /**< ?offset= */
    sl_serve_sort sort;        /**< ?sort= */
    size_t used;               /**< bytes of 'mem' in use */
    char mem[SL_SERVE_MAX_TARGET + 64];
} sl_serve_request;

/**
 * Route a request.
 *
 * Accepted: GET and HEAD on every route, POST on /api/articles. The
 * target is "path" or "path?query" as sent on the request line, before
 * any decoding; a fragment is not part of it.
 *
 * @param[out] out   receives the request; on refusal out->route is
 *                   SL_ROUTE_NONE with out->status and out->error set
 * @param method     "GET", "HEAD", "POST", ... (NUL-terminated)
 * @param target     the raw request target; need not be NUL-terminated
 * @param len        its length
 * @return SL_OK when routed; SL_EINVAL when refused (bad syntax, bad
 *         UTF-8, unknown or repeated parameter, bad value: status 400;
 *         no such path: 404; method not allowed: 405); SL_ELIMIT when the
 *         target is longer than SL_SERVE_MAX_TARGET (status 414)
 */
SL_API int sl_serve_parse(sl_serve_request *out,
                          const char *method,
                          const char *target,
                          size_t len);

/** A reply: status, content type and body. */
typedef struct sl_serve_reply {
    int status;               /**< HTTP status */
    const char *content_type; /**< a static string */
    const char *body;         /**< the bytes to send (owned or static) */
    size_t len;
    char *owned;   /**< heap copy behind 'body', or NULL when the
                        body is static (a built-in asset) */
    int cacheable; /**< a built-in asset: may be cached longer */
} sl_serve_reply;

/**
 * Answer a routed GET or HEAD request from a store.
 *
 * Errors are replies too: a missing article is a 404 with a JSON body
 * {"error":{"status":404,"message":"..."}}, a store failure a 500.
 * SL_ROUTE_ARTICLE_POST is not handled here (see sl_server_start()); it
 * gets a 405.
 *
 * @param[out] out  receives the reply; release with sl_serve_reply_dispose()
 * @param st        a store handle used by this thread alone; may be NULL
 *                  for requests that need no store (assets, OpenAPI)
 * @param req       a request routed by sl_serve_parse()
 * @return SL_OK (the reply may still be an error status), or SL_ENOMEM
 */
SL_API int
sl_serve_handle(sl_serve_reply *out, sl_store *st, const sl_serve_request *req);

/** Release what a reply owns. A zeroed reply is fine. */
SL_API void sl_serve_reply_dispose(sl_serve_reply *r);

/**
 * Build a JSON error reply {"error":{"status":N,"message":"..."}}.
 *
 * @param[out] out  receives the reply; release with sl_serve_reply_dispose()
 * @return SL_OK or SL_ENOMEM
 */
SL_API int sl_serve_error(sl_serve_reply *out, int status, const char *message);

/**
 * A built-in asset of the web page, by name ("index.html", "app.js",
 * "style.css", "favicon.svg", "openapi.json").
 *
 * @param[out] data          receives a pointer to the bytes (static)
 * @param[out] len           receives their number
 * @param[out] content_type  receives the media type (static)
 * @return SL_OK or SL_ENOTFOUND
 */
SL_API int sl_serve_asset(const char **data,
                          size_t *len,
                          const char **content_type,
                          const char *name);

/** Options for sl_server_start(). Zero means default. */
typedef struct sl_server_options {
    const char *db_path;      /**< the store; required */
    const char *listen;       /**< "HOST:PORT", "[V6]:PORT" or "PORT"; default
                                   "127.0.0.1:8080"; port 0 picks a free one */
    unsigned threads;         /**< worker threads; default 2 */
    unsigned max_connections; /**< open connections at most; default 512 */
    unsigned timeout_s;       /**< idle connection timeout; default 15 */
    size_t max_header_bytes;  /**< request line and headers; default
                                   16 KiB (larger: 431 or 414) */
    size_t max_body_bytes;    /**< POST body cap; default 8 MiB (413) */
    const char *ingest_token; /**< bearer token for POST /api/articles;
                                   NULL: ingest over HTTP is off (403) */
    int no_copies;            /**< ingest without copy detection */
    int no_cache;             /**< answer every request from the store */
    size_t cache_bytes;       /**< reply cache cap; default 64 MiB */
    /** The clock stored as ingested_ms for articles posted; required when
     *  ingest_token is set (the library reads no clock itself). */
    int64_t (*now_ms)(void *payload);
    void *payload; /**< passed to now_ms */
} sl_server_options;

typedef struct sl_server sl_server; /* opaque */

/**
 * Open the store and start serving in background threads.
 *
 * @param[out] out  receives the server; stop it with sl_server_stop(). On
 *                  failure *out may hold a server whose sl_server_errmsg()
 *                  says why; stop it too.
 * @return SL_OK; SL_EINVAL (bad listen address or options); SL_EDB (the
 *         store cannot be opened); SL_EIO (cannot bind or start);
 *         SL_ENOMEM
 */
SL_API int sl_server_start(sl_server **out, const sl_server_options *opts);

/** The port the server listens on (the real one when 0 was asked). */
SL_API unsigned sl_server_port(const sl_server *s);

/** Message for the last failure. Never NULL. */
SL_API const char *sl_server_errmsg(const sl_server *s);

/** Stop serving, wait for the workers and free everything. NULL is a
 *  no-op. */
SL_API void sl_server_stop(sl_server *s);

#endif
