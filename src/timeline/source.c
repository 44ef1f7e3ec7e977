/*
 * source.c - sentences and day mentions for the timeline (see source.h).
 *
 * Mentions: the temporal expressions sl_timex_find() finds and
 * normalises against the publication time that name one day (a DATE or
 * TIME value such as "2024-03-04" or "2024-03-04T14:00"); months, weeks,
 * years, durations and sets are left out. Sentences: sl_sentence_split()
 * (storyline/summary.h).
 */
#include "source.h"

#include <string.h>

#include "accum.h"
#include "storyline/common.h"
#include "storyline/summary.h"
#include "storyline/timex.h"
#include "util/alloc.h"

/* Is s[0..n) a bare weekday ("Monday", "on Tuesday", "last Friday")?
 * Such a day is more often placed wrong than a date written out. */
static int bare_weekday(const char *s, size_t n)
{
    static const char *const days[] = { "monday",   "tuesday", "wednesday",
                                        "thursday", "friday",  "saturday",
                                        "sunday" };
    char low[48];

    if (n >= sizeof(low)) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            return 0; /* "Monday 4 March" names its day */
        }
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        if (strstr(low, days[i]) != NULL) {
            return 1;
        }
    }
    return 0;
}

int sl__timeline_mentions(tl_mention **out,
                          size_t *count,
                          const sl_timex_rules *rules,
                          const char *s,
                          size_t len,
                          int64_t pub_ms)
{
    sl_timex *tx = NULL;
    size_t n = 0, k = 0;
    tl_mention *m;
    int rc;

    *out = NULL;
    *count = 0;
    if (rules == NULL) {
        return SL_OK;
    }
    sl_timex_options to = { .rules = rules };
    rc = sl_timex_find(&tx, &n, s, len, pub_ms, &to);
    if (rc == SL_ELIMIT || rc == SL_ENOTFOUND) {
        return SL_OK; /* too long to read, or no rules: no mentions */
    }
    if (rc != SL_OK) {
        return rc;
    }
    m = sl__malloc((n ? n : 1) * sizeof(*m));
    if (m == NULL) {
        sl_free(tx);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        int y, mo, d;
        if (tx[i].type != SL_TIMEX_DATE && tx[i].type != SL_TIMEX_TIME) {
            continue;
        }
        if (sl_timex_day(tx[i].value, &y, &mo, &d) != SL_OK) {
            continue; /* a month, a year, a week: not one day */
        }
        m[k].start = tx[i].start;
        m[k].end = tx[i].end;
        m[k].day = sl__timeline_day_from_civil(y, mo, d);
        m[k].weight_q =
            bare_weekday(s + tx[i].start, tx[i].end - tx[i].start) ? 2 : 4;
        k++;
    }
    sl_free(tx);
    *out = m;
    *count = k;
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
