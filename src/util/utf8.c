/*
 * utf8.c - UTF-8 validation and repair (see utf8.h).
 */
#include "utf8.h"

#include <string.h>

#include "storyline/common.h"

/* windows-1252 0x80-0x9F; the other bytes map to themselves (ISO-8859-1).
 * The five undefined slots map to their C1 code points, as WHATWG does. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

uint32_t sl__cp1252_to_ucs(unsigned char c)
{
    if (c >= 0x80 && c < 0xA0) {
        return cp1252_high[c - 0x80];
    }
    return c;
}

size_t sl__utf8_decode(uint32_t *cp, const unsigned char *s, size_t len)
{
    unsigned char c;
    uint32_t v;
    size_t n, i;

    if (len == 0) {
        return 0;
    }
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (len < n) {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* Overlongs, surrogates and values past U+10FFFF. */
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF)) {
        return 0;
    }
    *cp = v;
    return n;
}

/* Bytes from p[i] on that are ASCII and not NUL, eight at a time: most of
 * a page is markup. */
static size_t ascii_run(const unsigned char *p, size_t i, size_t len)
{
    const uint64_t high = UINT64_C(0x8080808080808080);
    const uint64_t ones = UINT64_C(0x0101010101010101);

    while (i + 8 <= len) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        if ((v & high) != 0 || ((v - ones) & ~v & high) != 0) {
            break;
        }
        i += 8;
    }
    return i;
}

size_t sl__utf8_count_invalid(const char *s, size_t len, size_t *multibyte)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, bad = 0, multi = 0;

    while (i < len) {
        uint32_t cp;
        size_t n;

        i = ascii_run(p, i, len);
        if (i >= len) {
            break;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        n = sl__utf8_decode(&cp, p + i, len - i);
        if (n == 0) {
            bad++;
            i++;
        } else {
            multi++;
            i += n;
        }
    }
    if (multibyte != NULL) {
        *multibyte = multi;
    }
    return bad;
}

int sl__utf8_put(sl_buf *out, uint32_t cp)
{
    char tmp[4];
    size_t n;

    if (cp < 0x80) {
        tmp[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | (cp >> 6));
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        tmp[0] = (char)(0xE0 | (cp >> 12));
        tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else if (cp <= 0x10FFFF) {
        tmp[0] = (char)(0xF0 | (cp >> 18));
        tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    } else {
        return sl__utf8_put(out, 0xFFFD);
    }
    return sl__buf_add(out, tmp, n);
}

int sl__utf8_repair(sl_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    int rc = SL_OK;

    /* Copy runs of valid bytes in one call; fix the others one by one. */
    while (i < len) {
        uint32_t cp;
        size_t n;

        i = ascii_run(p, i, len);
        if (i >= len) {
            break;
        }
        if (p[i] != 0 && p[i] < 0x80) {
            i++;
            continue;
        }
        n = p[i] ? sl__utf8_decode(&cp, p + i, len - i) : 0;
        if (n > 0) {
            i += n;
            continue;
        }
        rc = sl__buf_add(out, s + run, i - run);
        if (rc == SL_OK && p[i] != 0) {
            rc = sl__utf8_put(out, sl__cp1252_to_ucs(p[i]));
        }
        if (rc < 0) {
            return rc;
        }
        i++;
        run = i;
    }
    return sl__buf_add(out, s + run, len - run);
}
