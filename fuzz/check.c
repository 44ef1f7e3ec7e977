/*
 * check.c - helpers shared by the fuzz targets (see check.h).
 */
#include "check.h"

#include <stdlib.h>

void fuzz_check(int ok)
{
    if (!ok) {
        abort();
    }
}

int fuzz_valid_utf8(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    while (*s != 0) {
        unsigned char c = *s;
        unsigned long cp;
        int n;
        if (c < 0x80) {
            s++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return 0;
        }
        s += n + 1;
    }
    return 1;
}

void fuzz_mix(fuzz_seen *s, const void *p, size_t len)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < len; i++) {
        s->hash = (s->hash ^ b[i]) * UINT64_C(1099511628211);
    }
    s->hash = (s->hash ^ 0xff) * UINT64_C(1099511628211);
}
