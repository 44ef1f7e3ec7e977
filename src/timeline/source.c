/*
 * source.c - sentences and day mentions for the timeline (see source.h).
 *
 * Mentions: every date sl_date_find() reads in the text, in turn, names
 * its day. Sentences: sl_sentence_split() (storyline/summary.h).
 */
#include "source.h"

#include <string.h>

#include "accum.h"
#include "storyline/common.h"
#include "storyline/dates.h"
#include "storyline/summary.h"
#include "util/alloc.h"

/* Grow a mention or span array by one. */
static int grow(void **arr, size_t *cap, size_t count, size_t elem)
{
    if (count < *cap) {
        return SL_OK;
    }
    size_t ncap = *cap ? *cap * 2 : 16;
    size_t bytes;
    if (__builtin_mul_overflow(ncap, elem, &bytes)) {
        return SL_ENOMEM;
    }
    void *p = sl__realloc(*arr, bytes);
    if (p == NULL) {
        return SL_ENOMEM;
    }
    *arr = p;
    *cap = ncap;
    return SL_OK;
}

int sl__timeline_mentions(
    tl_mention **out, size_t *count, const char *s, size_t len, int32_t pub_day)
{
    tl_mention *m = NULL;
    size_t n = 0, cap = 0, pos = 0;

    (void)pub_day;
    while (pos < len) {
        sl_date d;
        size_t a, b;
        if (sl_date_find(&d, &a, &b, s + pos, len - pos, 0) != SL_OK) {
            break;
        }
        if (grow((void **)&m, &cap, n, sizeof(*m)) != SL_OK) {
            sl__free(m);
            return SL_ENOMEM;
        }
        m[n].start = pos + a;
        m[n].end = pos + b;
        m[n].day = sl__timeline_day_from_civil(d.year, d.month, d.day);
        m[n].weight_q = 4;
        n++;
        pos += b > 0 ? b : 1;
    }
    *out = m;
    *count = n;
    return SL_OK;
}

int sl__timeline_sentences(
    tl_span **out, size_t *count, const char *s, size_t len, size_t max)
{
    sl_span *v = NULL;
    size_t n = 0;
    tl_span *t;

    *out = NULL;
    *count = 0;
    if (len == 0) {
        return SL_OK;
    }
    int rc = sl_sentence_split(&v, &n, s, len);
    if (rc != SL_OK) {
        return rc;
    }
    if (n > max) {
        n = max;
    }
    t = sl__malloc((n ? n : 1) * sizeof(*t));
    if (t == NULL) {
        sl_free(v);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        t[i].start = v[i].start;
        t[i].end = v[i].end;
    }
    sl_free(v);
    *out = t;
    *count = n;
    return SL_OK;
}
