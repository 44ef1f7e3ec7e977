/*
 * fuzz_http.c - request routing and query parsing: sl_serve_parse() and
 * the replies that need no store (storyline/serve.h).
 *
 * Input: the first byte picks the method (below 0xf0: GET, HEAD, POST or
 * PUT by its top two bits; from 0xf0, the next bytes up to a space are a
 * method of their own); the rest is the raw request target. Checks:
 *  - SL_OK exactly when a route was found; a refusal has a status of 400,
 *    404, 405 or 414 and a message, and SL_ELIMIT only with 414;
 *  - targets over SL_SERVE_MAX_TARGET are refused with 414;
 *  - every string the request holds is valid UTF-8 without control
 *    characters, within the request's own buffer or static;
 *  - limits and offsets stay within their caps, a search has words;
 *  - an asset route names a built-in asset;
 *  - the same target routes the same way twice;
 *  - the reply (sl_serve_handle without a store, or the error reply of a
 *    refusal) is JSON with the status, or an asset, and frees cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/serve.h"

static sl_serve_request a, b;

static void check_str(const sl_serve_request *r, const char *s)
{
    if (s == NULL) {
        return;
    }
    fuzz_check(fuzz_valid_utf8(s));
    for (const char *p = s; *p; p++) {
        fuzz_check((unsigned char)*p >= 0x20 && *p != 0x7f);
    }
    /* Strings live in the request's buffer, or are static names. */
    if (s >= r->mem && s < r->mem + sizeof(r->mem)) {
        fuzz_check(s + strlen(s) < r->mem + sizeof(r->mem));
    }
}

static void check_same_str(const char *x, const char *y)
{
    fuzz_check((x == NULL) == (y == NULL));
    if (x != NULL) {
        fuzz_check(strcmp(x, y) == 0);
    }
}

static void check_reply(const sl_serve_request *r)
{
    sl_serve_reply rep;
    int rc;

    if (r->route != SL_ROUTE_NONE && r->route != SL_ROUTE_ASSET &&
        r->route != SL_ROUTE_OPENAPI) {
        /* These need a store; without one the reply says 503 (or 405 for
         * a POST, which the server handles itself). */
        rc = sl_serve_handle(&rep, NULL, r);
        fuzz_check(rc == SL_OK);
        fuzz_check(rep.status == 503 || rep.status == 405);
        sl_serve_reply_dispose(&rep);
        return;
    }
    rc = sl_serve_handle(&rep, NULL, r);
    fuzz_check(rc == SL_OK);
    if (r->route == SL_ROUTE_NONE) {
        json_error_t err;
        json_t *j = json_loadb(rep.body, rep.len, 0, &err);
        fuzz_check(j != NULL);
        json_t *e = json_object_get(j, "error");
        fuzz_check(json_integer_value(json_object_get(e, "status")) ==
                   r->status);
        fuzz_check(rep.status == r->status);
        json_decref(j);
    } else {
        fuzz_check(rep.status == 200 && rep.len > 0 && rep.owned == NULL);
    }
    sl_serve_reply_dispose(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = { "GET", "HEAD", "POST", "PUT" };
    char method[16];
    const char *target;
    size_t len;
    int rc;

    if (size == 0) {
        return 0;
    }
    if (data[0] < 0xf0) {
        strcpy(method, methods[data[0] / 64 % 4]);
        target = (const char *)data + 1;
        len = size - 1;
    } else {
        size_t n = 0;
        while (n + 1 < size && n < sizeof(method) - 1 && data[n + 1] != ' ' &&
               data[n + 1] != '\0') {
            method[n] = (char)data[n + 1];
            n++;
        }
        method[n] = '\0';
        target = (const char *)data + 1 + n;
        len = size - 1 - n;
        if (len > 0) {
            target++;
            len--;
        }
    }

    rc = sl_serve_parse(&a, method, target, len);
    fuzz_check((rc == SL_OK) == (a.route != SL_ROUTE_NONE));
    if (rc != SL_OK) {
        fuzz_check(a.status == 400 || a.status == 404 || a.status == 405 ||
                   a.status == 414);
        fuzz_check(a.error != NULL && a.error[0] != '\0');
        fuzz_check((rc == SL_ELIMIT) == (a.status == 414));
    }
    if (len > SL_SERVE_MAX_TARGET) {
        fuzz_check(a.status == 414);
    }
    fuzz_check(a.used <= sizeof(a.mem));
    check_str(&a, a.key);
    check_str(&a, a.asset);
    check_str(&a, a.q);
    check_str(&a, a.since);
    check_str(&a, a.until);
    check_str(&a, a.source);
    check_str(&a, a.lang);
    check_str(&a, a.kind);
    fuzz_check(a.limit <= SL_SERVE_MAX_LIMIT);
    fuzz_check(a.offset <= SL_SERVE_MAX_OFFSET);
    if (a.route == SL_ROUTE_SEARCH) {
        fuzz_check(a.q != NULL && a.q[0] != '\0' &&
                   strlen(a.q) <= SL_SERVE_MAX_QUERY);
    }
    if (a.route == SL_ROUTE_STORY) {
        fuzz_check(a.id > 0);
    }
    if (a.route == SL_ROUTE_ASSET) {
        const char *d, *t;
        size_t n;
        fuzz_check(sl_serve_asset(&d, &n, &t, a.asset) == SL_OK);
    }

    sl_serve_parse(&b, method, target, len);
    fuzz_check(a.route == b.route && a.status == b.status && a.id == b.id &&
               a.limit == b.limit && a.offset == b.offset && a.sort == b.sort &&
               a.article == b.article && a.storyline == b.storyline &&
               a.head == b.head);
    check_same_str(a.key, b.key);
    check_same_str(a.q, b.q);
    check_same_str(a.asset, b.asset);
    check_same_str(a.source, b.source);

    check_reply(&a);
    return 0;
}
