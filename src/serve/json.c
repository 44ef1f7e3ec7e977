/*
 * json.c - the streaming JSON writer of json.h.
 *
 * Numbers are written with %lld and %.6g (non-finite ones as null, which
 * JSON cannot hold otherwise); strings go through sl__buf_add_json_str().
 */
#include "json.h"

#include <math.h>
#include <string.h>

#include "storyline/common.h"

void sl__jw_init(jw *w, size_t max)
{
    memset(w, 0, sizeof(*w));
    sl__buf_init(&w->b, max);
}

void sl__jw_dispose(jw *w)
{
    sl__buf_dispose(&w->b);
}

/* The comma before a value, when it is not the first of its container. */
static void sep(jw *w)
{
    if (w->rc < 0) {
        return;
    }
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->has_item[w->depth - 1]) {
            w->rc = sl__buf_addc(&w->b, ',');
        }
        w->has_item[w->depth - 1] = 1;
    }
}

void sl__jw_open(jw *w, char c)
{
    sep(w);
    if (w->rc < 0) {
        return;
    }
    if (w->depth == JW_MAX_DEPTH) {
        w->rc = SL_ELIMIT;
        return;
    }
    w->has_item[w->depth++] = 0;
    w->rc = sl__buf_addc(&w->b, c);
}

void sl__jw_close(jw *w, char c)
{
    if (w->rc < 0) {
        return;
    }
    if (w->depth > 0) {
        w->depth--;
    }
    w->rc = sl__buf_addc(&w->b, c == '{' ? '}' : c == '[' ? ']' : c);
}

void sl__jw_key(jw *w, const char *key)
{
    sep(w);
    if (w->rc < 0) {
        return;
    }
    w->rc = sl__buf_add_json_str(&w->b, key, strlen(key));
    if (w->rc == SL_OK) {
        w->rc = sl__buf_addc(&w->b, ':');
    }
    w->after_key = 1;
}

void sl__jw_strn(jw *w, const char *s, size_t len)
{
    sep(w);
    if (w->rc < 0) {
        return;
    }
    w->rc = s == NULL ? sl__buf_adds(&w->b, "null")
                      : sl__buf_add_json_str(&w->b, s, len);
}

void sl__jw_str(jw *w, const char *s)
{
    sl__jw_strn(w, s, s != NULL ? strlen(s) : 0);
}

void sl__jw_int(jw *w, int64_t v)
{
    sep(w);
    if (w->rc == SL_OK) {
        w->rc = sl__buf_printf(&w->b, "%lld", (long long)v);
    }
}

void sl__jw_num(jw *w, double v)
{
    sep(w);
    if (w->rc == SL_OK) {
        w->rc = isfinite(v) ? sl__buf_printf(&w->b, "%.6g", v)
                            : sl__buf_adds(&w->b, "null");
    }
}

void sl__jw_bool(jw *w, int v)
{
    sep(w);
    if (w->rc == SL_OK) {
        w->rc = sl__buf_adds(&w->b, v ? "true" : "false");
    }
}

void sl__jw_null(jw *w)
{
    sep(w);
    if (w->rc == SL_OK) {
        w->rc = sl__buf_adds(&w->b, "null");
    }
}

void sl__jw_raw(jw *w, const char *json)
{
    sep(w);
    if (w->rc == SL_OK) {
        w->rc = sl__buf_adds(&w->b, json != NULL ? json : "null");
    }
}

void sl__jw_kstr(jw *w, const char *key, const char *s)
{
    sl__jw_key(w, key);
    sl__jw_str(w, s);
}

void sl__jw_kint(jw *w, const char *key, int64_t v)
{
    sl__jw_key(w, key);
    sl__jw_int(w, v);
}
