/*
 * buf.c - growable, capped byte buffer (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

void sl__buf_init(sl_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void sl__buf_dispose(sl_buf *b)
{
    sl__free(b->ptr);
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void sl__buf_reset(sl_buf *b)
{
    b->len = 0;
    if (b->ptr != NULL) {
        b->ptr[0] = '\0';
    }
}

int sl__buf_grow(sl_buf *b, size_t extra)
{
    size_t need, ncap;
    char *p;

    if (__builtin_add_overflow(b->len, extra, &need) ||
        __builtin_add_overflow(need, 1, &need)) {
        return SL_ELIMIT;
    }
    if (b->max && need - 1 > b->max) {
        return SL_ELIMIT;
    }
    if (need <= b->cap) {
        return SL_OK;
    }
    ncap = b->cap ? b->cap : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            ncap = need;
            break;
        }
        ncap *= 2;
    }
    p = sl__realloc(b->ptr, ncap);
    if (p == NULL) {
        return SL_ENOMEM;
    }
    b->ptr = p;
    b->cap = ncap;
    return SL_OK;
}

int sl__buf_add(sl_buf *b, const void *data, size_t len)
{
    int rc = sl__buf_grow(b, len);

    if (rc < 0) {
        return rc;
    }
    if (len) {
        memcpy(b->ptr + b->len, data, len);
    }
    b->len += len;
    b->ptr[b->len] = '\0';
    return SL_OK;
}

int sl__buf_addc(sl_buf *b, char c)
{
    return sl__buf_add(b, &c, 1);
}

int sl__buf_adds(sl_buf *b, const char *s)
{
    return sl__buf_add(b, s, strlen(s));
}

int sl__buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return SL_EINVAL;
    }
    rc = sl__buf_grow(b, (size_t)n);
    if (rc < 0) {
        return rc;
    }
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SL_OK;
}

char *sl__buf_detach(sl_buf *b, size_t *out_len)
{
    char *p;

    if (b->ptr == NULL && sl__buf_grow(b, 0) < 0) {
        return NULL;
    }
    if (b->ptr != NULL && b->len == 0) {
        b->ptr[0] = '\0';
    }
    p = b->ptr;
    if (out_len != NULL) {
        *out_len = b->len;
    }
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

void sl__buf_rtrim(sl_buf *b, const char *set)
{
    while (b->len > 0 && strchr(set, b->ptr[b->len - 1]) != NULL) {
        b->len--;
    }
    if (b->ptr != NULL) {
        b->ptr[b->len] = '\0';
    }
}

int sl__buf_add_json_str(sl_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, start = 0;
    int rc;

    rc = sl__buf_addc(b, '"');
    for (i = 0; rc == SL_OK && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[7];
        size_t n = 0;

        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        esc[n++] = '\\';
        switch (c) {
        case '"':
            esc[n++] = '"';
            break;
        case '\\':
            esc[n++] = '\\';
            break;
        case '\n':
            esc[n++] = 'n';
            break;
        case '\t':
            esc[n++] = 't';
            break;
        case '\r':
            esc[n++] = 'r';
            break;
        default:
            esc[n++] = 'u';
            esc[n++] = '0';
            esc[n++] = '0';
            esc[n++] = hex[c >> 4];
            esc[n++] = hex[c & 15];
            break;
        }
        rc = sl__buf_add(b, s + start, i - start);
        if (rc == SL_OK) {
            rc = sl__buf_add(b, esc, n);
        }
        start = i + 1;
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(b, s + start, len - start);
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(b, '"');
    }
    return rc;
}
