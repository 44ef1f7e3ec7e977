/*
 * dateparse.c - sl_date_parse() and friends (storyline/dates.h).
 */
#include "storyline/dates.h"

#include <stdio.h>

static int digits(const char *s, size_t len, size_t at, size_t n, int *v)
{
    size_t i;

    if (at + n > len) {
        return 0;
    }
    *v = 0;
    for (i = 0; i < n; i++) {
        if (s[at + i] < '0' || s[at + i] > '9') {
            return 0;
        }
        *v = *v * 10 + (s[at + i] - '0');
    }
    return 1;
}

int sl_date_parse(sl_date *out, const char *s, size_t len)
{
    sl_date d = { 0 };

    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n')) {
        s++;
        len--;
    }
    if (!digits(s, len, 0, 4, &d.year) || len < 10 || s[4] != '-' ||
        !digits(s, len, 5, 2, &d.month) || s[7] != '-' ||
        !digits(s, len, 8, 2, &d.day)) {
        return SL_EINVAL;
    }
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) {
        return SL_EINVAL;
    }
    *out = d;
    return SL_OK;
}

int sl_date_to_iso(char *buf, size_t cap, const sl_date *d)
{
    int n = snprintf(buf, cap, "%04d-%02d-%02d", d->year, d->month, d->day);

    if (n < 0 || (size_t)n >= cap) {
        return SL_ELIMIT;
    }
    return n;
}

int64_t sl_date_to_ms(const sl_date *d)
{
    (void)d;
    return 0;
}
