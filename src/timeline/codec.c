/*
 * codec.c - an accumulator to bytes and back.
 *
 * Format (little-endian; version 1):
 *   "SLTL" u32 version
 *   u32 max_days, pool_size, max_sentence_bytes, max_terms, max_sentences
 *   u64 articles, u32 day count, then per day:
 *     i32 day, u32 pubs, men_q, lead_q, ref_days, nrecent,
 *     i32 recent[nrecent], u32 pool count, then per sentence:
 *       u32 len, bytes[len], u32 nterms, u32 terms[nterms],
 *       u32 weight, u32 flags, i32 pub_day
 *   u64 FNV-1a of every byte before it.
 * The loader checks every field against the invariants of accum.h, so a
 * loaded accumulator is as sound as one built by sl_timeline_add().
 */
#include <string.h>

#include "accum.h"
#include "storyline/common.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#define TL_VERSION 1u

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static int put32(sl_buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    return sl__buf_add(b, x, 4);
}

static int put64(sl_buf *b, uint64_t v)
{
    int rc = put32(b, (uint32_t)v);
    return rc != SL_OK ? rc : put32(b, (uint32_t)(v >> 32));
}

static int put_sent(sl_buf *b, const tl_sent *s)
{
    int rc = put32(b, s->len);
    if (rc == SL_OK) {
        rc = sl__buf_add(b, s->text, s->len);
    }
    if (rc == SL_OK) {
        rc = put32(b, s->nterms);
    }
    for (uint32_t i = 0; rc == SL_OK && i < s->nterms; i++) {
        rc = put32(b, s->terms[i]);
    }
    if (rc == SL_OK) {
        rc = put32(b, s->weight);
    }
    if (rc == SL_OK) {
        rc = put32(b, s->flags);
    }
    if (rc == SL_OK) {
        rc = put32(b, (uint32_t)s->pub_day);
    }
    return rc;
}

static int put_day(sl_buf *b, const tl_day *d)
{
    int rc = put32(b, (uint32_t)d->day);
    if (rc == SL_OK) {
        rc = put32(b, d->pubs);
    }
    if (rc == SL_OK) {
        rc = put32(b, d->men_q);
    }
    if (rc == SL_OK) {
        rc = put32(b, d->lead_q);
    }
    if (rc == SL_OK) {
        rc = put32(b, d->ref_days);
    }
    if (rc == SL_OK) {
        rc = put32(b, d->nrecent);
    }
    for (uint32_t i = 0; rc == SL_OK && i < d->nrecent; i++) {
        rc = put32(b, (uint32_t)d->recent[i]);
    }
    if (rc == SL_OK) {
        rc = put32(b, d->npool);
    }
    for (uint32_t i = 0; rc == SL_OK && i < d->npool; i++) {
        rc = put_sent(b, &d->pool[i]);
    }
    return rc;
}

int sl_timeline_save(unsigned char **out,
                     size_t *out_len,
                     const sl_timeline *tl)
{
    sl_buf b;
    int rc;

    *out = NULL;
    *out_len = 0;
    sl__buf_init(&b, 0);
    rc = sl__buf_add(&b, "SLTL", 4);
    if (rc == SL_OK) {
        rc = put32(&b, TL_VERSION);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->max_days);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->pool_size);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->max_sentence_bytes);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->max_terms);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->max_sentences);
    }
    if (rc == SL_OK) {
        rc = put64(&b, tl->articles);
    }
    if (rc == SL_OK) {
        rc = put32(&b, (uint32_t)tl->ndays);
    }
    for (size_t i = 0; rc == SL_OK && i < tl->ndays; i++) {
        rc = put_day(&b, &tl->days[i]);
    }
    if (rc == SL_OK) {
        rc = put64(&b, fnv1a((const unsigned char *)b.ptr, b.len));
    }
    if (rc != SL_OK) {
        sl__buf_dispose(&b);
        return rc;
    }
    size_t n;
    char *p = sl__buf_detach(&b, &n);
    if (p == NULL) {
        return SL_ENOMEM;
    }
    *out = (unsigned char *)p;
    *out_len = n;
    return SL_OK;
}

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
} reader;

static int get32(reader *r, uint32_t *v)
{
    if (r->len - r->pos < 4) {
        return SL_EFORMAT;
    }
    const unsigned char *q = r->p + r->pos;
    *v = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
         (uint32_t)q[3] << 24;
    r->pos += 4;
    return SL_OK;
}

static int get64(reader *r, uint64_t *v)
{
    uint32_t lo, hi;
    if (get32(r, &lo) != SL_OK || get32(r, &hi) != SL_OK) {
        return SL_EFORMAT;
    }
    *v = (uint64_t)hi << 32 | lo;
    return SL_OK;
}

static int day_ok(uint32_t v)
{
    int32_t d = (int32_t)v;
    return d >= TL_DAY_MIN && d <= TL_DAY_MAX;
}

static int get_sent(reader *r, const sl_timeline *tl, tl_sent *s)
{
    uint32_t len, nterms, v;

    if (get32(r, &len) != SL_OK || len > tl->max_sentence_bytes ||
        r->len - r->pos < len) {
        return SL_EFORMAT;
    }
    const char *text = (const char *)r->p + r->pos;
    if (memchr(text, '\0', len) != NULL ||
        sl__utf8_count_invalid(text, len, NULL) != 0) {
        return SL_EFORMAT;
    }
    r->pos += len;
    if (get32(r, &nterms) != SL_OK || nterms > tl->max_terms ||
        (r->len - r->pos) / 4 < nterms) {
        return SL_EFORMAT;
    }
    s->text = sl__strndup(text, len);
    s->terms = sl__malloc((nterms ? nterms : 1) * sizeof(uint32_t));
    if (s->text == NULL || s->terms == NULL) {
        return SL_ENOMEM;
    }
    s->len = len;
    for (uint32_t i = 0; i < nterms; i++) {
        (void)get32(r, &s->terms[i]);
        if (i > 0 && s->terms[i] <= s->terms[i - 1]) {
            return SL_EFORMAT;
        }
    }
    s->nterms = nterms;
    if (get32(r, &s->weight) != SL_OK || s->weight == 0 ||
        s->weight > TL_WEIGHT_CAP) {
        return SL_EFORMAT;
    }
    if (get32(r, &s->flags) != SL_OK ||
        (s->flags & ~(TL_SENT_MENTION | TL_SENT_LEAD)) != 0) {
        return SL_EFORMAT;
    }
    if (get32(r, &v) != SL_OK || !day_ok(v)) {
        return SL_EFORMAT;
    }
    s->pub_day = (int32_t)v;
    return SL_OK;
}

static int get_day(reader *r, const sl_timeline *tl, tl_day *d)
{
    uint32_t v, n;

    if (get32(r, &v) != SL_OK || !day_ok(v)) {
        return SL_EFORMAT;
    }
    d->day = (int32_t)v;
    if (get32(r, &d->pubs) != SL_OK || get32(r, &d->men_q) != SL_OK ||
        get32(r, &d->lead_q) != SL_OK || get32(r, &d->ref_days) != SL_OK ||
        get32(r, &d->nrecent) != SL_OK || d->nrecent > TL_RECENT) {
        return SL_EFORMAT;
    }
    for (uint32_t i = 0; i < d->nrecent; i++) {
        if (get32(r, &v) != SL_OK || !day_ok(v)) {
            return SL_EFORMAT;
        }
        d->recent[i] = (int32_t)v;
    }
    if (get32(r, &n) != SL_OK || n > tl->pool_size) {
        return SL_EFORMAT;
    }
    if (n == 0) {
        return SL_OK;
    }
    d->pool = sl__calloc(tl->pool_size, sizeof(tl_sent));
    if (d->pool == NULL) {
        return SL_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        int rc = get_sent(r, tl, &d->pool[i]);
        d->npool = i + 1; /* disposed with the day, even half read */
        if (rc != SL_OK) {
            return rc;
        }
    }
    return SL_OK;
}

int sl_timeline_load(sl_timeline **out,
                     const unsigned char *data,
                     size_t len,
                     const sl_timeline_options *opts)
{
    reader r = { data, len, 0 };
    sl_timeline_options o = { 0 };
    sl_timeline *tl = NULL;
    uint32_t v[6], ndays;
    uint64_t sum;
    int rc;

    *out = NULL;
    if (data == NULL || len < 4 + 4 + 4 * 5 + 8 + 4 + 8 ||
        memcmp(data, "SLTL", 4) != 0) {
        return SL_EFORMAT;
    }
    r.len = len - 8;
    r.pos = 4;
    {
        reader t = { data, len, len - 8 };
        (void)get64(&t, &sum);
    }
    if (fnv1a(data, len - 8) != sum) {
        return SL_EFORMAT;
    }
    for (int i = 0; i < 6; i++) {
        (void)get32(&r, &v[i]);
    }
    if (v[0] != TL_VERSION || v[1] == 0 || v[2] == 0 || v[3] == 0 ||
        v[4] == 0 || v[5] == 0) {
        return SL_EFORMAT;
    }
    o.max_days = v[1];
    o.pool_size = v[2];
    o.max_sentence_bytes = v[3];
    o.max_terms = v[4];
    o.max_sentences = v[5];
    if (sl__timeline_resolve(&o) != SL_OK) {
        return SL_EFORMAT;
    }
    rc = sl__timeline_alloc(&tl, &o, opts ? opts->language : NULL,
                            opts ? opts->timex_language : NULL);
    if (rc != SL_OK) {
        return rc;
    }
    if (get64(&r, &tl->articles) != SL_OK || get32(&r, &ndays) != SL_OK ||
        ndays > tl->max_days) {
        rc = SL_EFORMAT;
        goto out;
    }
    if (ndays > 0) {
        tl->days = sl__calloc(ndays, sizeof(tl_day));
        if (tl->days == NULL) {
            rc = SL_ENOMEM;
            goto out;
        }
        tl->cap = ndays;
    }
    for (uint32_t i = 0; i < ndays; i++) {
        rc = get_day(&r, tl, &tl->days[i]);
        tl->ndays = i + 1;
        if (rc != SL_OK) {
            goto out;
        }
        if (i > 0 && tl->days[i].day <= tl->days[i - 1].day) {
            rc = SL_EFORMAT;
            goto out;
        }
    }
    if (r.pos != r.len) {
        rc = SL_EFORMAT;
        goto out;
    }
    *out = tl;
    tl = NULL;
out:
    sl_timeline_free(tl);
    return rc;
}
