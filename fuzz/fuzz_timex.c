/*
 * fuzz_timex.c - text bytes -> sl_timex_find().
 *
 * Any byte string (valid UTF-8 or not, NULs included) must give SL_OK and
 * a list of expressions, never a crash, a leak or a sanitizer report.
 * Beyond that the target checks what storyline/timex.h promises, and
 * aborts when a promise is broken:
 *
 *   - input over max_bytes gives SL_ELIMIT with no expressions;
 *   - expressions are in text order, non-empty, non-overlapping, inside
 *     the text, of one of the four types, with a NUL-terminated,
 *     non-empty value and mod;
 *   - a value that sl_timex_day() reads also has an sl_timex_range() of
 *     that one day;
 *   - sl_timex_to_codepoints() accepts them and gives offsets no larger
 *     than the byte offsets;
 *   - the same bytes give the same expressions twice, with a known and
 *     with an unknown document date.
 *
 * The first two bytes, when present, pick the document date, so dates
 * near year and week boundaries are reached.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/timex.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

static uint64_t run(const uint8_t *data, size_t size, int64_t dct_ms)
{
    sl_timex_options o = { 0 };
    sl_timex *t = NULL;
    size_t n = 99, last = 0;
    fuzz_seen s = { 0 };
    int rc;

    o.max_bytes = FUZZ_MAX_BYTES;
    rc = sl_timex_find(&t, &n, (const char *)data, size, dct_ms, &o);
    if (size > FUZZ_MAX_BYTES) {
        fuzz_check(rc == SL_ELIMIT && t == NULL && n == 0);
        return 0;
    }
    fuzz_check(rc == SL_OK);
    fuzz_check((n == 0) == (t == NULL));
    for (size_t i = 0; i < n; i++) {
        int y, m, d;
        int64_t a, b;
        fuzz_check(t[i].start >= last && t[i].end > t[i].start);
        fuzz_check(t[i].end <= size);
        fuzz_check(t[i].type >= SL_TIMEX_DATE && t[i].type <= SL_TIMEX_SET);
        fuzz_check(memchr(t[i].value, '\0', sizeof(t[i].value)) != NULL);
        fuzz_check(t[i].value[0] != '\0');
        fuzz_check(memchr(t[i].mod, '\0', sizeof(t[i].mod)) != NULL);
        if (sl_timex_day(t[i].value, &y, &m, &d) == SL_OK) {
            fuzz_check(sl_timex_range(t[i].value, &a, &b) == SL_OK);
            fuzz_check(a == b);
        }
        last = t[i].end;
        fuzz_mix(&s, &t[i].start, sizeof(t[i].start));
        fuzz_mix(&s, &t[i].end, sizeof(t[i].end));
        fuzz_mix(&s, t[i].value, strlen(t[i].value));
    }
    if (n > 0) {
        size_t *bytes = malloc(n * sizeof(*bytes));
        fuzz_check(bytes != NULL);
        for (size_t i = 0; i < n; i++) {
            bytes[i] = t[i].end;
        }
        fuzz_check(sl_timex_to_codepoints(t, n, (const char *)data, size) ==
                   SL_OK);
        for (size_t i = 0; i < n; i++) {
            fuzz_check(t[i].end <= bytes[i] && t[i].end > t[i].start);
        }
        free(bytes);
    }
    sl_free(t);
    return s.hash ^ n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 1990-01-01 plus up to 65535 days. */
    int64_t dct_ms = INT64_C(631152000000);

    if (size >= 2) {
        dct_ms += (int64_t)(data[0] | data[1] << 8) * INT64_C(86400000);
    }
    fuzz_check(run(data, size, dct_ms) == run(data, size, dct_ms));
    fuzz_check(run(data, size, 0) == run(data, size, 0));
    return 0;
}
