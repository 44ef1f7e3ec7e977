/*
 * source.h - where the timeline's evidence comes from: the sentences of
 * an article and the days its temporal expressions name.
 *
 * Both are behind one function each so that the method can change
 * without touching the accumulator: mentions come from the temporal
 * expression tagger (storyline/timex.h), normalised against the article's
 * publication day; sentences from the sentence splitter.
 */
#ifndef SL_TIMELINE_SOURCE_H
#define SL_TIMELINE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "storyline/timex.h"

/* A day named in the text, with its weight in quarter units (4 for a day
 * written out or said relative to the publication day, 2 for a bare
 * weekday, which is more often wrong). */
typedef struct tl_mention {
    size_t start, end; /* byte span in the text */
    int32_t day;       /* days since 1970-01-01 */
    uint32_t weight_q;
} tl_mention;

/* Find the day-level temporal expressions of s[0..len) normalised
 * against the publication time 'pub_ms', with 'rules' (none found when
 * NULL). *out receives an array (free with
 * sl__free) of *count mentions in text order. SL_OK or SL_ENOMEM. */
int sl__timeline_mentions(tl_mention **out,
                          size_t *count,
                          const sl_timex_rules *rules,
                          const char *s,
                          size_t len,
                          int64_t pub_ms);

/* A sentence: byte span, trimmed of surrounding white space. */
typedef struct tl_span {
    size_t start, end;
} tl_span;

/* Split s[0..len) into at most 'max' sentences. *out receives an array
 * (free with sl__free). SL_OK or SL_ENOMEM. */
int sl__timeline_sentences(
    tl_span **out, size_t *count, const char *s, size_t len, size_t max);

#endif
