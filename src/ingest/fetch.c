/*
 * fetch.c - fetching URL lists with libcurl: robots.txt, per-host delay,
 * timeouts, redirects and a response size cap.
 *
 * sl_fetch_urls() (storyline/ingest.h) walks a list of URLs, one per
 * line, and fetches each with one reused curl easy handle, so that
 * requests to one host share a connection. For every URL:
 *
 *   1. Only http and https URLs are fetched; anything else is reported.
 *   2. robots.txt is fetched once per origin (scheme, host, port) and kept
 *      for the run; robots.c decides with the group for our product token
 *      (the leading token of the User-Agent) or "*". Status 4xx means no
 *      restriction; 5xx, 429 or a network error means "disallow the whole
 *      origin for this run", as RFC 9309 section 2.3.1.4 asks and Google
 *      does. A Crawl-delay longer than host_delay_ms is honoured, up to
 *      FETCH_MAX_CRAWL_DELAY_MS.
 *   3. Two requests to one host name (robots.txt included) are at least
 *      the host's delay apart, counted from the end of the previous one.
 *   4. Redirects are followed here, not inside curl: each hop is checked
 *      against the robots.txt of its own origin and waits for its own
 *      host's delay, which curl's CURLOPT_FOLLOWLOCATION cannot do. At
 *      most max_redirects hops; curl itself is restricted to http and
 *      https (CURLOPT_PROTOCOLS_STR) and every hop's scheme is checked.
 *   5. The body is capped at max_bytes: the write callback stops the
 *      transfer one byte past the cap. Bodies of responses we will not
 *      use (errors, redirects, other media types) are read and dropped up
 *      to DISCARD_MAX_BYTES, so the connection can be reused, and cut
 *      short beyond that.
 *   6. A 2xx response with Content-Type text/html or application/xhtml+xml
 *      becomes an SL_DOC_HTML document; a feed (application/rss+xml,
 *      atom+xml, rdf+xml, or XML whose root is a feed) is read with
 *      sl_feed_read(), one document per item; everything else is reported as
 *      "URL: message" at "FILE:LINE" and skipped.
 *
 * Invariants: the only clock reads are in clock_ms(); the only sleeps in
 * sleep_ms(). The host table holds at most FETCH_MAX_HOSTS origins and
 * evicts the least recently used one, after its delay has run out, so a
 * forgotten host is never asked again too early. A robots.txt is kept up
 * to SL_ROBOTS_MAX_BYTES.
 *
 * Thread-safety: curl_global_init() is not thread-safe in every libcurl
 * build, so it runs exactly once per process, under pthread_once(), and
 * is never undone (curl_global_cleanup() would break other threads still
 * fetching). Everything else lives in one call's stack frame, so distinct
 * calls may run in parallel. An application that also uses libcurl
 * directly should call curl_global_init() itself before starting threads.
 *
 * References: RFC 9309 (Robots Exclusion Protocol); RFC 9110 sections
 * 15.4 (redirection) and 8.3 (Content-Type); libcurl-tutorial(3) on
 * handle reuse; curl_easy_setopt(3).
 */
#include "storyline/ingest.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "robots.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#define FETCH_TIMEOUT_MS         30000L
#define FETCH_CONNECT_TIMEOUT_MS 10000L
#define FETCH_MAX_REDIRECTS      5L
#define FETCH_MAX_BYTES          ((size_t)32 * 1024 * 1024)
#define FETCH_HOST_DELAY_MS      1000L
#define FETCH_MAX_CRAWL_DELAY_MS 60000L
/* Longest URL read from a list or a Location header, in bytes. */
#define FETCH_MAX_URL 4096
/* Origins remembered at once (robots.txt and last request time). */
#define FETCH_MAX_HOSTS 64
/* Bodies we do not keep are read this far, then the transfer is cut. */
#define DISCARD_MAX_BYTES ((size_t)64 * 1024)
/* Redirects followed when fetching robots.txt (RFC 9309 2.3.1.2). */
#define ROBOTS_MAX_REDIRECTS 5L
/* Our product token when the User-Agent does not start with one. */
#define FETCH_AGENT_TOKEN "storyline"

typedef enum robots_state {
    ROBOTS_UNKNOWN = 0, /* not fetched yet */
    ROBOTS_ALLOW_ALL,   /* 4xx, or ignore_robots */
    ROBOTS_RULES,       /* 2xx: the body decides */
    ROBOTS_DENY_ALL     /* 5xx, 429 or unreachable */
} robots_state;

/* One origin, "scheme://host:port". */
typedef struct host {
    char *origin;
    char *name;   /* host name, for the per-host delay */
    char *robots; /* robots.txt body when state is ROBOTS_RULES */
    size_t robots_len;
    robots_state state;
    char why[160];   /* why the origin is denied, for messages */
    long delay_ms;   /* max(host_delay_ms, Crawl-delay) */
    int64_t last_ms; /* monotonic end of the last request; 0 = never */
    uint64_t used;   /* LRU tick */
} host;

/* What the write callback needs for one transfer. */
typedef struct xfer {
    CURL *curl;
    sl_buf *body;
    size_t max_bytes; /* cap for a body we keep */
    int robots;       /* keep any 2xx body, truncate at the cap */
    int decided;      /* keep/limit chosen at the first write */
    int keep;
    size_t limit;
    size_t seen;
    int over;  /* the cap was reached and the transfer stopped */
    int nomem; /* sl__buf_add failed */
} xfer;

typedef struct fetcher {
    CURL *curl;
    const sl_ingest_options *opts;
    const char *path;
    long timeout_ms;
    long connect_timeout_ms;
    long max_redirects;
    size_t max_bytes;
    long host_delay_ms;
    const char *user_agent;
    char token[64]; /* product token for robots.txt */
    int ignore_robots;
    host hosts[FETCH_MAX_HOSTS];
    size_t host_count;
    uint64_t tick;
    sl_buf body;
    sl_buf msg;
    char where[64 + FETCH_MAX_URL];
    char errbuf[CURL_ERROR_SIZE];
} fetcher;

/* A parsed URL, each part NUL-terminated and owned. */
typedef struct url_parts {
    char *origin; /* "scheme://host:port" */
    char *name;   /* host, lower case */
    char *target; /* path and query: "/a/b?c" */
} url_parts;

/*---- Clock ----*/

/* The one place the fetcher reads a clock: CLOCK_MONOTONIC for delays,
 * CLOCK_REALTIME for fetched_ms. In ms. */
static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts;

    if (ms <= 0) {
        return;
    }
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/*---- libcurl set-up ----*/

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int has_prefix_ci(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);

    if (len < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)s[i]) != p[i]) {
            return 0;
        }
    }
    return 1;
}

/* The product token that starts a User-Agent ("storyline/0.1 (...)" gives
 * "storyline"), as robots.txt groups name crawlers. */
static void agent_token(char *out, size_t cap, const char *ua)
{
    size_t n = 0;

    while (ua[n] != '\0' && n + 1 < cap &&
           ((lower((unsigned char)ua[n]) >= 'a' &&
             lower((unsigned char)ua[n]) <= 'z') ||
            ua[n] == '_' || ua[n] == '-')) {
        out[n] = ua[n];
        n++;
    }
    if (n == 0) {
        strcpy(out, FETCH_AGENT_TOKEN);
        return;
    }
    out[n] = '\0';
}

static int setup_handle(fetcher *f)
{
    CURL *c = f->curl;

    /* setopt fails only for lack of memory or of a feature. */
    if (curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") !=
            CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, f->timeout_ms) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, f->connect_timeout_ms) !=
            CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_USERAGENT, f->user_agent) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->errbuf) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK) {
        return SL_ENOMEM;
    }
    return SL_OK;
}

/*---- Messages ----*/

static void report(fetcher *f, const char *url, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report "URL: message" at the current list line. */
static void report(fetcher *f, const char *url, const char *fmt, ...)
{
    va_list ap;
    char text[FETCH_MAX_URL + 512];

    if (f->opts->on_error == NULL) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    sl__buf_reset(&f->msg);
    if (sl__buf_adds(&f->msg, url) < 0 || sl__buf_adds(&f->msg, ": ") < 0 ||
        sl__buf_adds(&f->msg, text) < 0) {
        /* Out of memory for a message: say less rather than nothing. */
        f->opts->on_error(f->where, text, f->opts->payload);
        return;
    }
    f->opts->on_error(f->where, f->msg.ptr, f->opts->payload);
}

/* The curl error for 'cc', with the detail of the error buffer. */
static const char *curl_msg(const fetcher *f, CURLcode cc)
{
    return f->errbuf[0] != '\0' ? f->errbuf : curl_easy_strerror(cc);
}

/*---- URLs ----*/

static void url_parts_dispose(url_parts *u)
{
    sl__free(u->origin);
    sl__free(u->name);
    sl__free(u->target);
    memset(u, 0, sizeof(*u));
}

/*
 * Split 'url' into origin, host name and request target. Returns SL_OK,
 * SL_ENOMEM, or SL_EINVAL with *why set when the URL is unusable (not a
 * URL, not http or https, no host).
 */
static int url_split(url_parts *out, const char *url, const char **why)
{
    CURLU *h = curl_url();
    char *scheme = NULL, *hostname = NULL, *port = NULL, *upath = NULL;
    char *query = NULL;
    sl_buf b;
    int rc = SL_EINVAL;

    memset(out, 0, sizeof(*out));
    sl__buf_init(&b, 3 * FETCH_MAX_URL);
    if (h == NULL) {
        return SL_ENOMEM;
    }
    if (curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
        CURLUE_OK) {
        *why = "not a valid URL";
        goto out;
    }
    if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
        *why = "unsupported scheme (only http and https are fetched)";
        goto out;
    }
    if (curl_url_get(h, CURLUPART_HOST, &hostname, 0) != CURLUE_OK ||
        hostname[0] == '\0') {
        *why = "no host in URL";
        goto out;
    }
    if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
        CURLUE_OK) {
        *why = "bad port in URL";
        goto out;
    }
    if (curl_url_get(h, CURLUPART_PATH, &upath, 0) != CURLUE_OK) {
        *why = "bad path in URL";
        goto out;
    }
    (void)curl_url_get(h, CURLUPART_QUERY, &query, 0);
    for (char *p = hostname; *p != '\0'; p++) {
        *p = (char)lower((unsigned char)*p);
    }
    rc = sl__buf_printf(&b, "%s://%s:%s", scheme, hostname, port);
    if (rc == SL_OK) {
        out->origin = sl__buf_detach(&b, NULL);
        rc = sl__buf_printf(&b, "%s%s%s", upath[0] == '/' ? "" : "/", upath,
                            query != NULL ? "?" : "");
    }
    if (rc == SL_OK && query != NULL) {
        rc = sl__buf_adds(&b, query);
    }
    if (rc == SL_OK) {
        out->target = sl__buf_detach(&b, NULL);
        out->name = sl__strdup(hostname);
    }
    if (rc == SL_ELIMIT) {
        *why = "URL too long";
        rc = SL_EINVAL;
    } else if (rc == SL_OK && (out->origin == NULL || out->target == NULL ||
                               out->name == NULL)) {
        rc = SL_ENOMEM;
    }
    if (rc != SL_OK) {
        url_parts_dispose(out);
    }
out:
    curl_free(scheme);
    curl_free(hostname);
    curl_free(port);
    curl_free(upath);
    curl_free(query);
    curl_url_cleanup(h);
    sl__buf_dispose(&b);
    return rc;
}

/*---- Hosts ----*/

static void host_dispose(host *h)
{
    sl__free(h->origin);
    sl__free(h->name);
    sl__free(h->robots);
    memset(h, 0, sizeof(*h));
}

/* Wait until a request to host name 'name' keeps every delay. */
static void wait_for_host(fetcher *f, const char *name)
{
    int64_t due = 0;

    for (size_t i = 0; i < f->host_count; i++) {
        const host *h = &f->hosts[i];
        if (h->last_ms != 0 && strcmp(h->name, name) == 0 &&
            h->last_ms + h->delay_ms > due) {
            due = h->last_ms + h->delay_ms;
        }
    }
    if (due != 0) {
        sleep_ms(due - clock_ms(CLOCK_MONOTONIC));
    }
}

/* The entry for u's origin, created (and an old one evicted) if need be;
 * NULL when out of memory. */
static host *host_get(fetcher *f, const url_parts *u)
{
    host *h = NULL;

    for (size_t i = 0; i < f->host_count; i++) {
        if (strcmp(f->hosts[i].origin, u->origin) == 0) {
            h = &f->hosts[i];
            h->used = ++f->tick;
            return h;
        }
    }
    if (f->host_count < FETCH_MAX_HOSTS) {
        h = &f->hosts[f->host_count++];
    } else {
        h = &f->hosts[0];
        for (size_t i = 1; i < f->host_count; i++) {
            if (f->hosts[i].used < h->used) {
                h = &f->hosts[i];
            }
        }
        /* Forget it only once its delay is over, so that asking it
         * again later can never come too early. */
        if (h->last_ms != 0) {
            sleep_ms(h->last_ms + h->delay_ms - clock_ms(CLOCK_MONOTONIC));
        }
        host_dispose(h);
    }
    h->origin = sl__strdup(u->origin);
    h->name = sl__strdup(u->name);
    h->delay_ms = f->host_delay_ms;
    h->used = ++f->tick;
    if (h->origin == NULL || h->name == NULL) {
        /* Leave a harmless empty slot: origin "" never matches a URL. */
        sl__free(h->origin);
        sl__free(h->name);
        h->origin = NULL;
        h->name = NULL;
        f->host_count--;
        if (h != &f->hosts[f->host_count]) {
            *h = f->hosts[f->host_count];
            memset(&f->hosts[f->host_count], 0, sizeof(host));
        }
        return NULL;
    }
    return h;
}

/*---- Transfers ----*/

static int is_html_type(const char *ct)
{
    size_t n;

    if (ct == NULL) {
        return 0;
    }
    while (*ct == ' ' || *ct == '\t') {
        ct++;
    }
    n = strcspn(ct, "; \t");
    return (n == 9 && has_prefix_ci(ct, n, "text/html")) ||
           (n == 21 && has_prefix_ci(ct, n, "application/xhtml+xml"));
}

/* RSS and Atom feeds, served under their own types or as generic XML. */
static int is_feed_type(const char *ct)
{
    static const char *const types[] = {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    };
    size_t n;

    if (ct == NULL) {
        return 0;
    }
    while (*ct == ' ' || *ct == '\t') {
        ct++;
    }
    n = strcspn(ct, "; \t");
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (n == strlen(types[i]) && has_prefix_ci(ct, n, types[i])) {
            return 1;
        }
    }
    return 0;
}

static int is_wanted_type(const char *ct)
{
    return is_html_type(ct) || is_feed_type(ct);
}

/* Choose, at the first bytes of a body, whether to keep it. */
static void xfer_decide(xfer *x)
{
    long status = 0;
    char *ct = NULL;

    (void)curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &status);
    (void)curl_easy_getinfo(x->curl, CURLINFO_CONTENT_TYPE, &ct);
    x->decided = 1;
    if (status >= 200 && status < 300 && (x->robots || is_wanted_type(ct))) {
        x->keep = 1;
        x->limit = x->max_bytes;
    } else {
        x->keep = 0;
        x->limit =
            x->max_bytes < DISCARD_MAX_BYTES ? x->max_bytes : DISCARD_MAX_BYTES;
    }
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb; /* curl passes size == 1 */

    if (!x->decided) {
        xfer_decide(x);
    }
    if (n > x->limit - x->seen) {
        /* Keep what fits of a robots.txt (the rest is ignored anyway);
         * stop every other transfer. */
        if (x->keep && x->robots &&
            sl__buf_add(x->body, ptr, x->limit - x->seen) < 0) {
            x->nomem = 1;
        }
        x->seen = x->limit;
        x->over = 1;
        return 0;
    }
    x->seen += n;
    if (x->keep && sl__buf_add(x->body, ptr, n) < 0) {
        x->nomem = 1;
        return 0;
    }
    return n;
}

/*
 * GET 'url' into f->body. *status receives the HTTP status (0 if none).
 * Returns the CURLcode; *over is set when the body cap stopped the
 * transfer, and SL_ENOMEM is signalled through *nomem.
 */
static CURLcode perform(fetcher *f,
                        const char *url,
                        int robots,
                        long *status,
                        int *over,
                        int *nomem)
{
    xfer x = { 0 };
    CURLcode cc;

    x.curl = f->curl;
    x.body = &f->body;
    x.robots = robots;
    x.max_bytes = robots ? SL_ROBOTS_MAX_BYTES : f->max_bytes;
    sl__buf_reset(&f->body);
    f->errbuf[0] = '\0';
    *status = 0;
    cc = curl_easy_setopt(f->curl, CURLOPT_URL, url);
    if (cc == CURLE_OK) {
        cc = curl_easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, on_write);
    }
    if (cc == CURLE_OK) {
        cc = curl_easy_setopt(f->curl, CURLOPT_WRITEDATA, &x);
    }
    if (cc == CURLE_OK) {
        cc = curl_easy_perform(f->curl);
    }
    (void)curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, status);
    *over = x.over;
    *nomem = x.nomem;
    return cc;
}

/* Fetch and judge the robots.txt of h. Returns SL_OK or SL_ENOMEM; the
 * outcome is in h->state. */
static int robots_load(fetcher *f, host *h)
{
    char *url = NULL;
    long status = 0, delay = 0;
    int over = 0, nomem = 0;
    CURLcode cc;
    size_t n = strlen(h->origin) + sizeof("/robots.txt");

    url = sl__malloc(n);
    if (url == NULL) {
        return SL_ENOMEM;
    }
    snprintf(url, n, "%s/robots.txt", h->origin);
    wait_for_host(f, h->name);
    /* curl follows the redirects of robots.txt itself: they are few, and
     * a robots.txt served from elsewhere is still this origin's. */
    (void)curl_easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 1L);
    (void)curl_easy_setopt(f->curl, CURLOPT_MAXREDIRS, ROBOTS_MAX_REDIRECTS);
    cc = perform(f, url, 1, &status, &over, &nomem);
    (void)curl_easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 0L);
    h->last_ms = clock_ms(CLOCK_MONOTONIC);
    sl__free(url);
    if (nomem) {
        return SL_ENOMEM;
    }
    if ((cc == CURLE_OK || (cc == CURLE_WRITE_ERROR && over)) &&
        status >= 200 && status < 300) {
        h->robots = sl__buf_detach(&f->body, &h->robots_len);
        if (h->robots == NULL) {
            return SL_ENOMEM;
        }
        h->state = ROBOTS_RULES;
        (void)sl__robots_allowed(h->robots, h->robots_len, f->token, "/",
                                 &delay);
        if (delay > FETCH_MAX_CRAWL_DELAY_MS) {
            delay = FETCH_MAX_CRAWL_DELAY_MS;
        }
        if (delay > h->delay_ms) {
            h->delay_ms = delay;
        }
    } else if (cc == CURLE_TOO_MANY_REDIRECTS ||
               ((cc == CURLE_OK || (cc == CURLE_WRITE_ERROR && over)) &&
                status >= 400 && status < 500 && status != 429)) {
        /* Unavailable (RFC 9309 2.3.1.3): no restriction. */
        h->state = ROBOTS_ALLOW_ALL;
    } else if (cc == CURLE_OK || (cc == CURLE_WRITE_ERROR && over)) {
        h->state = ROBOTS_DENY_ALL;
        snprintf(h->why, sizeof(h->why), "robots.txt answered HTTP %ld",
                 status);
    } else {
        h->state = ROBOTS_DENY_ALL;
        snprintf(h->why, sizeof(h->why), "robots.txt unreachable: %.100s",
                 curl_msg(f, cc));
    }
    return SL_OK;
}

/* Hand a fetched page to on_doc. Returns SL_OK, SL_ENOMEM or the
 * callback's value. */
static int emit(fetcher *f, const char *url)
{
    sl_buf u;
    sl_doc d = { 0 };
    int rc;

    sl__buf_init(&u, 0);
    rc = sl__utf8_repair(&u, url, strlen(url));
    if (rc == SL_OK && u.ptr == NULL) {
        rc = sl__buf_adds(&u, "");
    }
    if (rc != SL_OK) {
        sl__buf_dispose(&u);
        return rc;
    }
    d.kind = SL_DOC_HTML;
    d.url = u.ptr;
    d.path = f->path;
    d.where = f->where;
    d.html = f->body.ptr;
    d.html_len = f->body.len;
    d.fetched_ms = clock_ms(CLOCK_REALTIME);
    rc = f->opts->on_doc(&d, f->opts->payload);
    sl__buf_dispose(&u);
    return rc;
}

/*
 * Fetch one listed URL, following redirects. Returns SL_OK when the URL
 * was fetched or reported, SL_ENOMEM, or the callback's non-zero value.
 */
static int fetch_one(fetcher *f, const char *listed)
{
    url_parts u = { 0 };
    char *url = NULL;
    int rc = SL_OK;

    url = sl__strdup(listed);
    if (url == NULL) {
        return SL_ENOMEM;
    }
    for (long hop = 0;; hop++) {
        const char *why = NULL;
        long status = 0;
        int over = 0, nomem = 0;
        char *ct = NULL, *loc = NULL;
        CURLcode cc;
        host *h;

        url_parts_dispose(&u);
        rc = url_split(&u, url, &why);
        if (rc == SL_EINVAL) {
            if (hop == 0) {
                report(f, listed, "%s", why);
            } else {
                report(f, listed, "redirected to %.*s: %s", FETCH_MAX_URL, url,
                       why);
            }
            rc = SL_OK;
            break;
        }
        if (rc != SL_OK) {
            break;
        }
        h = host_get(f, &u);
        if (h == NULL) {
            rc = SL_ENOMEM;
            break;
        }
        if (f->ignore_robots) {
            h->state = ROBOTS_ALLOW_ALL;
        } else if (h->state == ROBOTS_UNKNOWN) {
            rc = robots_load(f, h);
            if (rc != SL_OK) {
                break;
            }
        }
        if (h->state == ROBOTS_DENY_ALL) {
            report(f, listed, "disallowed: %s", h->why);
            break;
        }
        if (h->state == ROBOTS_RULES &&
            !sl__robots_allowed(h->robots, h->robots_len, f->token, u.target,
                                NULL)) {
            if (hop == 0) {
                report(f, listed, "disallowed by robots.txt");
            } else {
                report(f, listed, "redirected to %s: disallowed by robots.txt",
                       url);
            }
            break;
        }
        wait_for_host(f, h->name);
        cc = perform(f, url, 0, &status, &over, &nomem);
        h->last_ms = clock_ms(CLOCK_MONOTONIC);
        if (nomem) {
            rc = SL_ENOMEM;
            break;
        }
        (void)curl_easy_getinfo(f->curl, CURLINFO_CONTENT_TYPE, &ct);
        if (over && is_wanted_type(ct) && status >= 200 && status < 300) {
            report(f, listed, "response exceeds %zu bytes", f->max_bytes);
            break;
        }
        if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && over)) {
            report(f, listed, "%s", curl_msg(f, cc));
            break;
        }
        if (status >= 300 && status < 400 &&
            curl_easy_getinfo(f->curl, CURLINFO_REDIRECT_URL, &loc) ==
                CURLE_OK &&
            loc != NULL) {
            if (hop >= f->max_redirects) {
                report(f, listed, "too many redirects (more than %ld)",
                       f->max_redirects);
                break;
            }
            if (strlen(loc) > FETCH_MAX_URL) {
                report(f, listed, "redirect URL too long");
                break;
            }
            char *next = sl__strdup(loc);
            if (next == NULL) {
                rc = SL_ENOMEM;
                break;
            }
            sl__free(url);
            url = next;
            continue;
        }
        if (status < 200 || status >= 300) {
            report(f, listed, "HTTP %ld", status);
            break;
        }
        if (!is_wanted_type(ct)) {
            report(f, listed, "not HTML or a feed (Content-Type: %s)",
                   ct != NULL ? ct : "none");
            break;
        }
        if (f->body.len == 0) {
            report(f, listed, "empty response");
            break;
        }
        if (is_feed_type(ct) ||
            sl_input_sniff(f->body.ptr, f->body.len) == SL_INPUT_FEED) {
            /* A feed: each item becomes a document. */
            rc = sl_feed_read(f->body.ptr, f->body.len, url, f->opts);
            if (rc == SL_EFORMAT || rc == SL_ELIMIT) {
                rc = SL_OK; /* reported through on_error */
            }
            break;
        }
        rc = emit(f, url);
        break;
    }
    url_parts_dispose(&u);
    sl__free(url);
    return rc;
}

/*---- The list ----*/

static int fetcher_init(fetcher *f,
                        const char *path,
                        const sl_fetch_options *fo,
                        const sl_ingest_options *opts)
{
    memset(f, 0, sizeof(*f));
    f->opts = opts;
    f->path = path != NULL ? path : "-";
    f->timeout_ms = FETCH_TIMEOUT_MS;
    f->connect_timeout_ms = FETCH_CONNECT_TIMEOUT_MS;
    f->max_redirects = FETCH_MAX_REDIRECTS;
    f->max_bytes = FETCH_MAX_BYTES;
    f->host_delay_ms = FETCH_HOST_DELAY_MS;
    f->user_agent = "storyline/" SL_VERSION_STRING " (+news story engine)";
    if (fo != NULL) {
        f->timeout_ms = fo->timeout_ms > 0 ? fo->timeout_ms : f->timeout_ms;
        f->connect_timeout_ms = fo->connect_timeout_ms > 0
                                    ? fo->connect_timeout_ms
                                    : f->connect_timeout_ms;
        /* Zero means the default; a negative count follows none. */
        f->max_redirects = fo->max_redirects > 0   ? fo->max_redirects
                           : fo->max_redirects < 0 ? 0
                                                   : f->max_redirects;
        f->max_bytes = fo->max_bytes > 0 ? fo->max_bytes : f->max_bytes;
        f->host_delay_ms =
            fo->host_delay_ms > 0 ? fo->host_delay_ms : f->host_delay_ms;
        f->user_agent = fo->user_agent != NULL && fo->user_agent[0] != '\0'
                            ? fo->user_agent
                            : f->user_agent;
        f->ignore_robots = fo->ignore_robots;
    }
    agent_token(f->token, sizeof(f->token), f->user_agent);
    sl__buf_init(&f->body, 0); /* capped per transfer by the callback */
    sl__buf_init(&f->msg, 4 * FETCH_MAX_URL);
    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK) {
        return SL_ENOMEM;
    }
    f->curl = curl_easy_init();
    if (f->curl == NULL) {
        return SL_ENOMEM;
    }
    return setup_handle(f);
}

static void fetcher_dispose(fetcher *f)
{
    for (size_t i = 0; i < f->host_count; i++) {
        host_dispose(&f->hosts[i]);
    }
    if (f->curl != NULL) {
        curl_easy_cleanup(f->curl);
    }
    sl__buf_dispose(&f->body);
    sl__buf_dispose(&f->msg);
}

int sl_fetch_urls(const char *list,
                  size_t len,
                  const char *path,
                  const sl_fetch_options *fopts,
                  const sl_ingest_options *opts)
{
    fetcher *f = NULL;
    size_t i = 0, line = 0;
    int rc;

    if (opts == NULL || opts->on_doc == NULL || (list == NULL && len > 0)) {
        return SL_EINVAL;
    }
    /* The fetcher is large (the host table); keep it off the stack. */
    f = sl__malloc(sizeof(*f));
    if (f == NULL) {
        return SL_ENOMEM;
    }
    rc = fetcher_init(f, path, fopts, opts);
    while (rc == SL_OK && i < len) {
        size_t start = i, end;
        char url[FETCH_MAX_URL + 1];

        while (i < len && list[i] != '\n') {
            i++;
        }
        end = i++;
        line++;
        while (start < end && (list[start] == ' ' || list[start] == '\t' ||
                               list[start] == '\r')) {
            start++;
        }
        while (end > start && (list[end - 1] == ' ' || list[end - 1] == '\t' ||
                               list[end - 1] == '\r')) {
            end--;
        }
        if (start == end || list[start] == '#') {
            continue;
        }
        snprintf(f->where, sizeof(f->where), "%.*s:%zu", 40 + FETCH_MAX_URL,
                 f->path, line);
        if (end - start > FETCH_MAX_URL) {
            snprintf(url, sizeof(url), "%.*s...", 60, list + start);
            report(f, url, "URL too long (%zu bytes, at most %d)", end - start,
                   FETCH_MAX_URL);
            continue;
        }
        memcpy(url, list + start, end - start);
        url[end - start] = '\0';
        if (strlen(url) != end - start) {
            report(f, url, "not a valid URL (NUL byte)");
            continue;
        }
        rc = fetch_one(f, url);
    }
    fetcher_dispose(f);
    sl__free(f);
    return rc;
}
