/*
 * value.c - reading TIMEX3 values back: the day or the range of days a
 * DATE value names, type names, and code-point offsets.
 *
 * Accepted value forms (TimeML TIMEX3, ISO 8601 based):
 *
 *   YYYY-MM-DD[T...]  a day (a time of day after it is ignored)
 *   YYYY-Www[-WE]     an ISO week, or its weekend
 *   YYYY-MM           a month
 *   YYYY-Qn, YYYY-Hn  a quarter, a half year
 *   YYYY-SP|SU|FA|WI  a season (meteorological: March-May, June-August,
 *                     September-November, December-February)
 *   YYYY, YYY, YY     a year, a decade, a century
 *
 * Anything with an X, a duration ("P9Y") or a reference ("PRESENT_REF")
 * has no place in time and gives SL_ENOTFOUND.
 *
 * Exports sl_timex_day(), sl_timex_range(), sl_timex_type_name(),
 * sl_timex_to_codepoints(), sl_timex_languages().
 */
#include "storyline/timex.h"

#include <string.h>

#include "timex/calendar.h"
#include "timex/lexicon.h"

/* Read exactly n digits at s; -1 if they are not digits. */
static int digits_at(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int sl_timex_day(const char *value, int *year, int *month, int *day)
{
    size_t len;
    int y, m, d;

    if (value == NULL) {
        return SL_ENOTFOUND;
    }
    len = strlen(value);
    if (len < 10 || (len > 10 && value[10] != 'T') || value[4] != '-' ||
        value[7] != '-') {
        return SL_ENOTFOUND;
    }
    y = digits_at(value, 4);
    m = digits_at(value + 5, 2);
    d = digits_at(value + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > sl__cal_month_len(y, m)) {
        return SL_ENOTFOUND;
    }
    *year = y;
    *month = m;
    *day = d;
    return SL_OK;
}

int sl_timex_range(const char *value, int64_t *first, int64_t *last)
{
    static const struct {
        char code[3];
        int m0, m1; /* first and last month; m0 > m1 spans a new year */
    } seasons[] = {
        { "SP", 3, 5 }, { "SU", 6, 8 }, { "FA", 9, 11 }, { "WI", 12, 2 }
    };
    int y, m, d, n;
    size_t len;

    if (value == NULL) {
        return SL_ENOTFOUND;
    }
    if (sl_timex_day(value, &y, &m, &d) == SL_OK) {
        *first = *last = sl__cal_days(y, m, d);
        return SL_OK;
    }
    len = strlen(value);
    if (len == 2 && (n = digits_at(value, 2)) >= 0) {
        *first = sl__cal_days(n * 100, 1, 1);
        *last = sl__cal_days(n * 100 + 99, 12, 31);
        return SL_OK;
    }
    if (len == 3 && (n = digits_at(value, 3)) >= 0) {
        *first = sl__cal_days(n * 10, 1, 1);
        *last = sl__cal_days(n * 10 + 9, 12, 31);
        return SL_OK;
    }
    if (len < 4 || (y = digits_at(value, 4)) < 0) {
        return SL_ENOTFOUND;
    }
    if (len == 4) {
        *first = sl__cal_days(y, 1, 1);
        *last = sl__cal_days(y, 12, 31);
        return SL_OK;
    }
    if (value[4] != '-') {
        return SL_ENOTFOUND;
    }
    if (len == 7 && (m = digits_at(value + 5, 2)) >= 1 && m <= 12) {
        *first = sl__cal_days(y, m, 1);
        *last = sl__cal_days(y, m, sl__cal_month_len(y, m));
        return SL_OK;
    }
    if (len == 7 && (value[5] == 'Q' || value[5] == 'H')) {
        int k = value[6] - '0', span = value[5] == 'Q' ? 3 : 6;
        if (k < 1 || k > 12 / span) {
            return SL_ENOTFOUND;
        }
        m = (k - 1) * span + 1;
        *first = sl__cal_days(y, m, 1);
        *last =
            sl__cal_days(y, m + span - 1, sl__cal_month_len(y, m + span - 1));
        return SL_OK;
    }
    if ((len == 8 || (len == 11 && strcmp(value + 8, "-WE") == 0)) &&
        value[5] == 'W' && (n = digits_at(value + 6, 2)) >= 1 && n <= 53) {
        int64_t mon = sl__cal_iso_monday(y, n);
        int wy, ww;
        sl__cal_iso_week(mon, &wy, &ww);
        if (wy != y || ww != n) {
            return SL_ENOTFOUND;
        }
        *first = len == 8 ? mon : mon + 5;
        *last = mon + 6;
        return SL_OK;
    }
    for (size_t i = 0; len == 7 && i < sizeof(seasons) / sizeof(seasons[0]);
         i++) {
        if (memcmp(value + 5, seasons[i].code, 2) == 0) {
            int y1 = seasons[i].m0 > seasons[i].m1 ? y + 1 : y;
            *first = sl__cal_days(y, seasons[i].m0, 1);
            *last = sl__cal_days(y1, seasons[i].m1,
                                 sl__cal_month_len(y1, seasons[i].m1));
            return SL_OK;
        }
    }
    return SL_ENOTFOUND;
}

const char *sl_timex_type_name(sl_timex_type type)
{
    switch (type) {
    case SL_TIMEX_DATE:
        return "DATE";
    case SL_TIMEX_TIME:
        return "TIME";
    case SL_TIMEX_DURATION:
        return "DURATION";
    case SL_TIMEX_SET:
        return "SET";
    }
    return "?";
}

/* Length of the UTF-8 sequence at s[0..len) if well-formed, else 1. */
static size_t seq_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t need;

    if (c < 0x80) {
        return 1;
    }
    need = c >= 0xC2 && c <= 0xDF   ? 2
           : c >= 0xE0 && c <= 0xEF ? 3
           : c >= 0xF0 && c <= 0xF4 ? 4
                                    : 0;
    if (need == 0 || need > len) {
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 1;
        }
    }
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F)) {
        return 1;
    }
    return need;
}

int sl_timex_to_codepoints(sl_timex *tx,
                           size_t count,
                           const char *text,
                           size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t pos = 0, cp = 0;

    for (size_t i = 0; i < count; i++) {
        if (tx[i].start > tx[i].end || tx[i].end > len ||
            (i > 0 && tx[i].start < tx[i - 1].end)) {
            return SL_EINVAL;
        }
    }
    for (size_t i = 0; i < count; i++) {
        size_t ends[2] = { tx[i].start, tx[i].end };
        for (int k = 0; k < 2; k++) {
            while (pos < ends[k]) {
                pos += seq_len(s + pos, len - pos);
                cp++;
            }
            ends[k] = cp;
        }
        tx[i].start = ends[0];
        tx[i].end = ends[1];
    }
    return SL_OK;
}

const char *sl_timex_languages(void)
{
    return sl__timex_language_list;
}
