/*
 * router.c - method, path and query string in; a routed request or the
 * HTTP status that refuses it out (sl_serve_parse(), storyline/serve.h).
 *
 * Pure and allocation-free, so it can be fuzzed and unit-tested alone:
 * every decoded byte lives in the request's own buffer, whose size is the
 * cap on a request target.
 *
 * Grammar (RFC 3986 section 3 for the target, the WHATWG
 * application/x-www-form-urlencoded rules for the query):
 *
 *   target  = path [ "?" query ]          ; a "#fragment" is dropped
 *   path    = 1*( "/" segment )           ; each segment percent-decoded
 *   query   = pair *( "&" pair )          ; empty pairs are skipped
 *   pair    = key [ "=" value ]           ; "+" is a space, then %XX
 *
 * The path is split on raw "/" before decoding, so "%2F" inside an
 * article key stays part of the key. Every decoded segment, key and value
 * must be valid UTF-8 without C0 controls or DEL; "." and ".." segments
 * are refused outright (400) rather than resolved, so no path can climb
 * out of the asset table. Each route names the parameters it takes: an
 * unknown or repeated one is a 400, as is a number out of range, so a
 * typo never silently falls back to a default.
 */
#include <string.h>

#include "../util/utf8.h"
#include "storyline/serve.h"

/* Why a target is refused; the message is the JSON error's text. */
static int refuse(sl_serve_request *r, int status, const char *msg)
{
    r->route = SL_ROUTE_NONE;
    r->status = status;
    r->error = msg;
    return status == 414 ? SL_ELIMIT : SL_EINVAL;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Check decoded bytes: well-formed UTF-8 and no control characters. */
static int clean_utf8(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                return 0;
            }
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t n = sl__utf8_decode(&cp, (const unsigned char *)s + i, len - i);
        if (n == 0 || (cp >= 0x80 && cp < 0xa0)) {
            return 0;
        }
        i += n;
    }
    return 1;
}

/*
 * Percent-decode raw[0..len) into the request's buffer at r->used,
 * NUL-terminated, without advancing r->used (keep() does that). '+' is a
 * space when 'plus' is set (query strings). Returns the decoded string,
 * or NULL with the refusal set.
 */
static const char *decode(
    sl_serve_request *r, const char *raw, size_t len, int plus, size_t *out_len)
{
    char *d = r->mem + r->used;
    size_t room = sizeof(r->mem) - r->used, n = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (n + 1 >= room) {
            refuse(r, 414, "request target too long");
            return NULL;
        }
        if (c == '%') {
            int hi = i + 2 < len ? hexval((unsigned char)raw[i + 1]) : -1;
            int lo = i + 2 < len ? hexval((unsigned char)raw[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                refuse(r, 400, "bad percent-encoding");
                return NULL;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        } else if (c <= 0x20 || c == 0x7f) {
            refuse(r, 400, "bad character in request target");
            return NULL;
        }
        d[n++] = (char)c;
    }
    d[n] = '\0';
    if (!clean_utf8(d, n)) {
        refuse(r, 400, "request target is not valid UTF-8 text");
        return NULL;
    }
    *out_len = n;
    return d;
}

/* Keep the string decode() just wrote. */
static void keep(sl_serve_request *r, size_t len)
{
    r->used += len + 1;
}

/* A decimal number in [lo, hi]; no sign, no leading '+', at most 19
 * digits. */
static int parse_num(int64_t *out, const char *s, int64_t lo, int64_t hi)
{
    int64_t v = 0;
    size_t n = strlen(s);

    if (n == 0 || n > 19) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        if (v > (INT64_MAX - (s[i] - '0')) / 10) {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi) {
        return -1;
    }
    *out = v;
    return 0;
}

/* YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time and zone made
 * of digits and "T:.+-Z " (the store compares them as strings). */
static int valid_date(const char *s)
{
    size_t n = strlen(s);

    if (n < 4 || n > 35) {
        return 0;
    }
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    for (size_t i = 4; i < n; i++) {
        if (!strchr("0123456789-T:.+Z ", s[i])) {
            return 0;
        }
    }
    return 1;
}

static int valid_lang(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 35) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-')) {
            return 0;
        }
    }
    return 1;
}

/* Which parameters each route takes. */
enum {
    P_Q = 1 << 0,
    P_LIMIT = 1 << 1,
    P_OFFSET = 1 << 2,
    P_SINCE = 1 << 3,
    P_UNTIL = 1 << 4,
    P_SOURCE = 1 << 5,
    P_LANG = 1 << 6,
    P_SORT = 1 << 7,
    P_STORYLINE = 1 << 8,
    P_ARTICLE = 1 << 9,
    P_KIND = 1 << 10
};

static const struct {
    const char *name;
    unsigned bit;
} params[] = {
    { "q", P_Q },
    { "limit", P_LIMIT },
    { "offset", P_OFFSET },
    { "since", P_SINCE },
    { "until", P_UNTIL },
    { "source", P_SOURCE },
    { "lang", P_LANG },
    { "sort", P_SORT },
    { "storyline", P_STORYLINE },
    { "article", P_ARTICLE },
    { "kind", P_KIND },
};

static unsigned route_params(sl_serve_route route)
{
    const unsigned page = P_LIMIT | P_OFFSET;
    const unsigned filt = P_SINCE | P_UNTIL | P_SOURCE;

    switch (route) {
    case SL_ROUTE_STORIES:
        return page | P_SINCE | P_UNTIL | P_SORT | P_STORYLINE | P_Q;
    case SL_ROUTE_ARTICLES:
        return page | filt | P_LANG;
    case SL_ROUTE_SEARCH:
        return page | filt | P_LANG | P_Q;
    case SL_ROUTE_COPIES:
        return page | P_ARTICLE | P_KIND;
    default:
        return 0;
    }
}

/* Store one parameter's value after checking it. */
static int set_param(sl_serve_request *r, unsigned bit, const char *v)
{
    int64_t n = 0;

    switch (bit) {
    case P_Q:
        if (strlen(v) > SL_SERVE_MAX_QUERY) {
            return refuse(r, 400, "search string too long");
        }
        r->q = v;
        break;
    case P_LIMIT:
        if (parse_num(&n, v, 1, SL_SERVE_MAX_LIMIT) < 0) {
            return refuse(r, 400, "limit must be a number from 1 to 100");
        }
        r->limit = (size_t)n;
        break;
    case P_OFFSET:
        if (parse_num(&n, v, 0, SL_SERVE_MAX_OFFSET) < 0) {
            return refuse(r, 400, "offset must be a number from 0 to 1000000");
        }
        r->offset = (size_t)n;
        break;
    case P_STORYLINE:
        if (parse_num(&n, v, 1, INT64_MAX) < 0) {
            return refuse(r, 400, "storyline must be a positive id");
        }
        r->storyline = n;
        break;
    case P_ARTICLE:
        if (parse_num(&n, v, 1, INT64_MAX) < 0) {
            return refuse(r, 400, "article must be a positive id");
        }
        r->article = n;
        break;
    case P_SINCE:
    case P_UNTIL:
        if (!valid_date(v)) {
            return refuse(r, 400, "dates are YYYY-MM-DD");
        }
        if (bit == P_SINCE) {
            r->since = v;
        } else {
            r->until = v;
        }
        break;
    case P_SOURCE:
        if (*v == '\0' || strlen(v) > 200) {
            return refuse(r, 400, "source takes 1 to 200 bytes");
        }
        r->source = v;
        break;
    case P_LANG:
        if (!valid_lang(v)) {
            return refuse(r, 400, "lang must be a language tag");
        }
        r->lang = v;
        break;
    case P_SORT:
        if (strcmp(v, "newest") == 0) {
            r->sort = SL_SORT_NEWEST;
        } else if (strcmp(v, "size") == 0) {
            r->sort = SL_SORT_SIZE;
        } else {
            return refuse(r, 400, "sort is newest or size");
        }
        break;
    case P_KIND:
        if (strcmp(v, "reprint") != 0 && strcmp(v, "excerpt") != 0 &&
            strcmp(v, "partial") != 0 && strcmp(v, "spun") != 0 &&
            strcmp(v, "update") != 0) {
            return refuse(r, 400,
                          "kind is reprint, excerpt, partial, spun or update");
        }
        r->kind = v;
        break;
    default:
        return refuse(r, 400, "unknown parameter");
    }
    return SL_OK;
}

static int parse_query(sl_serve_request *r, const char *q, size_t len)
{
    unsigned allowed = route_params(r->route), seen = 0;
    size_t i = 0;

    while (i <= len) {
        size_t end = i;
        while (end < len && q[end] != '&') {
            end++;
        }
        if (end > i) {
            size_t eq = i;
            while (eq < end && q[eq] != '=') {
                eq++;
            }
            size_t klen = 0, vlen = 0;
            const char *k = decode(r, q + i, eq - i, 1, &klen);
            if (k == NULL) {
                return SL_EINVAL;
            }
            unsigned bit = 0;
            for (size_t p = 0; p < sizeof(params) / sizeof(params[0]); p++) {
                if (strcmp(k, params[p].name) == 0) {
                    bit = params[p].bit;
                    break;
                }
            }
            if (bit == 0 || (allowed & bit) == 0) {
                return refuse(r, 400, "unknown parameter");
            }
            if (seen & bit) {
                return refuse(r, 400, "repeated parameter");
            }
            seen |= bit;
            const char *v = eq < end
                                ? decode(r, q + eq + 1, end - eq - 1, 1, &vlen)
                                : decode(r, "", 0, 1, &vlen);
            if (v == NULL) {
                return r->status == 414 ? SL_ELIMIT : SL_EINVAL;
            }
            keep(r, vlen);
            int rc = set_param(r, bit, v);
            if (rc < 0) {
                return rc;
            }
        }
        i = end + 1;
    }
    return SL_OK;
}

/* The segments of a path, raw (not yet decoded). */
#define MAX_SEGMENTS 8

typedef struct segment {
    const char *ptr;
    size_t len;
} segment;

static int raw_is(const segment *s, const char *lit)
{
    return s->len == strlen(lit) && memcmp(s->ptr, lit, s->len) == 0;
}

/* Route by the raw segments; decoding happens only where a segment is a
 * value (an id, a key, an asset name). */
static int route_path(sl_serve_request *r, const segment *seg, size_t n)
{
    size_t dlen = 0;
    const char *d;
    int64_t id = 0;

    if (n == 0) {
        r->route = SL_ROUTE_ASSET;
        r->asset = "index.html";
        return SL_OK;
    }
    if (!raw_is(&seg[0], "api")) {
        const char *data, *type;
        size_t len;
        if (n != 1) {
            return refuse(r, 404, "no such page");
        }
        d = decode(r, seg[0].ptr, seg[0].len, 0, &dlen);
        if (d == NULL) {
            return SL_EINVAL;
        }
        if (strcmp(d, "openapi.json") == 0 ||
            sl_serve_asset(&data, &len, &type, d) < 0) {
            return refuse(r, 404, "no such page");
        }
        keep(r, dlen);
        r->route = SL_ROUTE_ASSET;
        r->asset = d;
        return SL_OK;
    }
    if (n == 2 && raw_is(&seg[1], "stories")) {
        r->route = SL_ROUTE_STORIES;
    } else if (n == 3 && raw_is(&seg[1], "stories")) {
        d = decode(r, seg[2].ptr, seg[2].len, 0, &dlen);
        if (d == NULL) {
            return SL_EINVAL;
        }
        if (parse_num(&id, d, 1, INT64_MAX) < 0) {
            return refuse(r, 404, "no such story");
        }
        r->route = SL_ROUTE_STORY;
        r->id = id;
    } else if (n == 2 && raw_is(&seg[1], "articles")) {
        r->route = SL_ROUTE_ARTICLES;
    } else if (n == 3 && raw_is(&seg[1], "articles")) {
        d = decode(r, seg[2].ptr, seg[2].len, 0, &dlen);
        if (d == NULL) {
            return SL_EINVAL;
        }
        if (dlen == 0 || dlen > 2048) {
            return refuse(r, 404, "no such article");
        }
        keep(r, dlen);
        r->route = SL_ROUTE_ARTICLE;
        r->key = d;
    } else if (n == 2 && raw_is(&seg[1], "search")) {
        r->route = SL_ROUTE_SEARCH;
    } else if (n == 2 && raw_is(&seg[1], "copies")) {
        r->route = SL_ROUTE_COPIES;
    } else if (n == 2 && raw_is(&seg[1], "status")) {
        r->route = SL_ROUTE_STATUS;
    } else if (n == 2 && raw_is(&seg[1], "openapi.json")) {
        r->route = SL_ROUTE_OPENAPI;
    } else {
        return refuse(r, 404, "no such endpoint");
    }
    return SL_OK;
}

int sl_serve_parse(sl_serve_request *out,
                   const char *method,
                   const char *target,
                   size_t len)
{
    sl_serve_request *r = out;
    segment seg[MAX_SEGMENTS];
    size_t n = 0, path_len, i;
    int post = 0, rc;

    memset(r, 0, sizeof(*r));
    if (len > SL_SERVE_MAX_TARGET) {
        return refuse(r, 414, "request target too long");
    }
    if (method == NULL || target == NULL || len == 0 || target[0] != '/') {
        return refuse(r, 400, "bad request target");
    }
    if (strcmp(method, "HEAD") == 0) {
        r->head = 1;
    } else if (strcmp(method, "POST") == 0) {
        post = 1;
    } else if (strcmp(method, "GET") != 0) {
        return refuse(r, 405, "method not allowed");
    }
    /* A fragment is never sent by browsers; drop it if a client does. */
    const char *hash = memchr(target, '#', len);
    if (hash != NULL) {
        len = (size_t)(hash - target);
    }
    const char *qmark = memchr(target, '?', len);
    path_len = qmark != NULL ? (size_t)(qmark - target) : len;

    /* Split the path on raw '/'. An empty segment is only allowed as the
     * trailing one ("/api/stories/" is "/api/stories"). */
    i = 1;
    while (i <= path_len) {
        size_t end = i;
        while (end < path_len && target[end] != '/') {
            end++;
        }
        if (end == i) {
            if (end < path_len) {
                return refuse(r, 404, "no such page");
            }
            break;
        }
        if (n == MAX_SEGMENTS) {
            return refuse(r, 404, "no such page");
        }
        seg[n].ptr = target + i;
        seg[n].len = end - i;
        /* Refuse dot segments, plain or encoded, before routing. */
        size_t dlen = 0;
        const char *d = decode(r, seg[n].ptr, seg[n].len, 0, &dlen);
        if (d == NULL) {
            return r->status == 414 ? SL_ELIMIT : SL_EINVAL;
        }
        if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0 ||
            strchr(d, '\\') != NULL) {
            return refuse(r, 400, "dot segments are not allowed");
        }
        n++;
        i = end + 1;
    }
    rc = route_path(r, seg, n);
    if (rc < 0) {
        return rc;
    }
    if (post && r->route != SL_ROUTE_ARTICLES) {
        return refuse(r, 405, "method not allowed");
    }
    if (post) {
        r->route = SL_ROUTE_ARTICLE_POST;
    }
    if (qmark != NULL) {
        rc = parse_query(r, qmark + 1, len - path_len - 1);
        if (rc < 0) {
            return rc;
        }
    }
    if (r->route == SL_ROUTE_SEARCH && (r->q == NULL || *r->q == '\0')) {
        return refuse(r, 400, "search needs q");
    }
    return SL_OK;
}
