/*
 * accum.h - the timeline accumulator's state, shared by the files of
 * src/timeline/ (accum.c adds articles, render.c renders, codec.c saves
 * and loads). See include/storyline/timeline.h for the method.
 *
 * Invariants: days[] is sorted by day, strictly increasing, and holds at
 * most max_days entries; each pool holds at most pool_size sentences;
 * each sentence's terms are sorted and distinct, at most max_terms; its
 * text is valid UTF-8 of at most max_sentence_bytes bytes with no NUL.
 * Scores are integers in quarter units so that they save exactly.
 */
#ifndef SL_TIMELINE_ACCUM_H
#define SL_TIMELINE_ACCUM_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/text.h"
#include "storyline/timeline.h"
#include "storyline/timex.h"

/* Distinct mentioning publication days remembered per day, to count
 * "mentioned from N distinct days" without keeping every one. */
#define TL_RECENT 8

/* Hard caps on the saved bounds, so that loaded bytes cannot ask for
 * absurd sizes. */
#define TL_MAX_DAYS_CAP  (1u << 20)
#define TL_POOL_CAP      256u
#define TL_SENTENCE_CAP  (1u << 14)
#define TL_TERMS_CAP     512u
#define TL_SENTENCES_CAP (1u << 16)
#define TL_WEIGHT_CAP    (1u << 20)

/* Days since 1970-01-01 of years 1 and 9999 inclusive. */
#define TL_DAY_MIN (-719162)
#define TL_DAY_MAX 2932896

/* Sentence flags. */
#define TL_SENT_MENTION 0x1u /* names the day */
#define TL_SENT_LEAD    0x2u /* a lead sentence of an article that day */

typedef struct tl_sent {
    char *text;      /* NUL-terminated */
    uint32_t len;    /* bytes of text */
    uint32_t *terms; /* stem hashes, sorted, distinct */
    uint32_t nterms;
    uint32_t weight; /* 1 + copies seen */
    uint32_t flags;  /* TL_SENT_* */
    int32_t pub_day; /* publication day of the article it came from */
} tl_sent;

typedef struct tl_day {
    int32_t day;       /* days since 1970-01-01 */
    uint32_t pubs;     /* articles published that day */
    uint32_t men_q;    /* weighted mentions from other days, in quarters */
    uint32_t lead_q;   /* extra weight of mentions in leads, in quarters */
    uint32_t ref_days; /* distinct publication days that mention it */
    uint32_t nrecent;
    int32_t recent[TL_RECENT]; /* the latest of those days, oldest first */
    tl_sent *pool;
    uint32_t npool;
} tl_day;

struct sl_timeline {
    size_t max_days, pool_size, max_sentence_bytes, max_terms, max_sentences;
    sl_ctext *ctext;
    sl_timex_rules *rules; /* read at the first add; NULL: none yet, or no
                              rules for the language (no mentions) */
    char *timex_language;  /* of the rules; NULL: "en" */
    int rules_read;        /* the rules have been looked for */
    uint64_t articles;
    tl_day *days;
    size_t ndays, cap;
};

/* Fill zero options with defaults and check them against the caps. */
int sl__timeline_resolve(sl_timeline_options *o);

/* An empty accumulator with these (resolved) bounds. */
int sl__timeline_alloc(sl_timeline **out,
                       const sl_timeline_options *o,
                       const char *language,
                       const char *timex_language);

void sl__timeline_sent_dispose(tl_sent *s);
void sl__timeline_day_dispose(tl_day *d);

/* The ranking score of a day, in quarter units. */
uint64_t sl__timeline_score(const tl_day *d);

/* Cosine similarity of two sorted term sets, and their Jaccard index. */
double sl__timeline_cosine(const tl_sent *a, const tl_sent *b);
double sl__timeline_jaccard(const tl_sent *a, const tl_sent *b);

/* Centrality of pool sentence i of a day: the sum of its cosine
 * similarity to the others, each weighted by its copies, plus its own
 * copies. */
double sl__timeline_centrality(const tl_day *d, size_t i);

/* Jaccard index at or above which two sentences are copies. */
#define TL_COPY_JACCARD 0.6

/* Day number <-> civil date (H. Hinnant's algorithms). */
int32_t sl__timeline_day_from_civil(int y, int m, int d);
void sl__timeline_civil_from_day(int32_t day, int *y, int *m, int *d);

#endif
