/*
 * fuzz_dates.c - any bytes -> sl_date_parse() and sl_date_find().
 *
 * Beyond "no crash, no sanitizer report", the target checks what
 * storyline/dates.h promises and aborts when a promise is broken:
 *
 *   - a parsed or found date is a real calendar day (1000-9999, month
 *     1-12, day within the month), with a time of day in range and an
 *     offset of at most 14 hours;
 *   - sl_date_to_iso() fits in 26 bytes and reads back to the same date;
 *   - sl_date_find() reports a span inside the input, and the span read
 *     alone gives the same date again.
 *
 * The input is copied to a buffer of its exact size, so that a read one
 * byte past the end is seen by AddressSanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/dates.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void check_date(const sl_date *d)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31 };

    fuzz_check(d->year >= 1000 && d->year <= 9999);
    fuzz_check(d->month >= 1 && d->month <= 12);
    fuzz_check(d->day >= 1 && d->day <= mdays[d->month - 1] +
                                            (d->month == 2 && leap(d->year)));
    if (d->has_time) {
        fuzz_check(d->hour >= 0 && d->hour <= 23);
        fuzz_check(d->minute >= 0 && d->minute <= 59);
        fuzz_check(d->second >= 0 && d->second <= 60);
    }
    if (d->has_tz) {
        fuzz_check(d->has_time);
        fuzz_check(d->tz_offset_min >= -14 * 60 && d->tz_offset_min <= 14 * 60);
    }
}

static int same(const sl_date *a, const sl_date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->has_time == b->has_time && a->has_tz == b->has_tz &&
           (!a->has_time || (a->hour == b->hour && a->minute == b->minute &&
                             a->second == b->second)) &&
           (!a->has_tz || a->tz_offset_min == b->tz_offset_min);
}

static void check_roundtrip(const sl_date *d)
{
    char iso[26];
    sl_date back;
    int n = sl_date_to_iso(iso, sizeof(iso), d);

    fuzz_check(n > 0 && (size_t)n < sizeof(iso));
    fuzz_check(sl_date_parse(&back, iso, (size_t)n) == SL_OK);
    fuzz_check(same(d, &back));
    (void)sl_date_to_ms(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned flags[] = { 0, SL_DATE_DAY_FIRST,
                                      SL_DATE_MONTH_FIRST };
    char *s = malloc(size ? size : 1);
    sl_date d;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    if (sl_date_parse(&d, s, size) == SL_OK) {
        check_date(&d);
        check_roundtrip(&d);
    }
    for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
        size_t pos = 0;
        /* Walk every date of the input, as the text scan does. */
        for (int k = 0; k < 64 && pos < size; k++) {
            size_t start = 0, end = 0;
            sl_date again;
            if (sl_date_find(&d, &start, &end, s + pos, size - pos, flags[f]) !=
                SL_OK) {
                break;
            }
            fuzz_check(start < end && end <= size - pos);
            check_date(&d);
            check_roundtrip(&d);
            fuzz_check(sl_date_find(&again, NULL, NULL, s + pos + start,
                                    end - start, flags[f]) == SL_OK);
            fuzz_check(same(&d, &again));
            pos += end;
        }
    }
    free(s);
    return 0;
}
