/**
 * @file storyline/timex.h
 * @brief Temporal expressions: find dates, times, durations and sets in
 * text and normalise them TIMEX3-style against the document's date.
 *
 * sl_timex_find() reads raw UTF-8 text ("The troops left on Monday, nine
 * years after Operation Serval began in January 2013") and returns each
 * temporal expression with its span, its TimeML type and its TIMEX3
 * value: "2022-08-15" for a day, "2022-08" a month, "2022-W33" an ISO
 * week, "2022-Q3" a quarter, "2022-SU" a season, "198" the 1980s, "P9Y"
 * nine years, "T14:00" or "2022-08-15T14:00" a time, "PRESENT_REF" for
 * "now", "XXXX-03" a March of unknown year.
 *
 * Relative expressions ("Monday", "last week", "yesterday", "in March",
 * "a year ago") are resolved against the document creation time (DCT)
 * given by the caller; the tense of the sentence decides whether a bare
 * weekday or month lies before or after it. With no DCT they keep their
 * granularity but get X digits: "yesterday" becomes "XXXX-XX-XX".
 *
 * The words of each language (month and weekday names, numbers, units,
 * modifiers) live in a rules file built into the library (see
 * docs/ARCHITECTURE.md, section "timex"); the grammar that combines them
 * works on word classes, not on words. English ("en") is built in.
 *
 * Pure functions: no clock, no locale, no global state; the same text and
 * DCT give the same output. Safe to call from any thread. Each call reads
 * the language's rules anew unless the caller passes rules read once with
 * sl_timex_rules_new() in the options.
 */
#ifndef SL_STORYLINE_TIMEX_H
#define SL_STORYLINE_TIMEX_H

#include "common.h"

/** TimeML TIMEX3 types. */
typedef enum sl_timex_type {
    SL_TIMEX_DATE = 0,     /**< a day, month, year, week, quarter... */
    SL_TIMEX_TIME = 1,     /**< a time of day, or a part of a day */
    SL_TIMEX_DURATION = 2, /**< a length of time: "nine years" */
    SL_TIMEX_SET = 3       /**< a recurrence: "every week", "annually" */
} sl_timex_type;

/** One temporal expression. */
typedef struct sl_timex {
    size_t start;       /**< byte offset of the first byte */
    size_t end;         /**< byte offset one past the last byte */
    sl_timex_type type; /**< its TimeML type */
    /** TIMEX3 value, NUL-terminated: "2022-08-15", "2022-08",
     *  "2022-W33", "P9Y", "PRESENT_REF", "XXXX-03", "T14:00"... */
    char value[40];
    /** TIMEX3 mod, NUL-terminated, or "": "START" for "early 2013",
     *  "END", "MID", "APPROX", "LESS_THAN", "MORE_THAN",
     *  "EQUAL_OR_MORE", "EQUAL_OR_LESS". */
    char mod[16];
} sl_timex;

/** A language's rules, read once to serve many calls. Opaque; see
 *  sl_timex_rules_new(). */
typedef struct sl_timex_rules sl_timex_rules;

/** Default cap on the text given to sl_timex_find(): 16 MiB. */
#define SL_TIMEX_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)

/** Options for sl_timex_find(). Zero means default. */
typedef struct sl_timex_options {
    /** Language of the text as a code ("en"); NULL means "en".
     *  sl_timex_languages() lists the built-in ones. */
    const char *language;
    /** Largest text accepted, in bytes; 0 means
     *  SL_TIMEX_DEFAULT_MAX_BYTES. */
    size_t max_bytes;
    /** Rules made by sl_timex_rules_new(), or NULL to read the built-in
     *  rules of 'language' anew on each call (tens of microseconds: worth
     *  avoiding for many short texts). When set, 'language' is ignored.
     *  Borrowed: must outlive the call. */
    const sl_timex_rules *rules;
} sl_timex_options;

/**
 * Read the built-in rules of a language once, for many sl_timex_find()
 * calls (through sl_timex_options.rules). The rules are read-only once
 * made: one object may serve several threads at once.
 *
 * @param[out] out   receives the rules; free them with sl_timex_rules_free()
 * @param language   a language code ("en"); NULL means "en"
 * @return SL_OK; SL_ENOTFOUND if the language has no built-in rules;
 *         SL_ENOMEM
 */
SL_API int sl_timex_rules_new(sl_timex_rules **out, const char *language);

/** Free rules made by sl_timex_rules_new(). NULL is a no-op. */
SL_API void sl_timex_rules_free(sl_timex_rules *rules);

/**
 * Find and normalise the temporal expressions of a text.
 *
 * Expressions come in text order and never overlap. Each starts and ends
 * on a word boundary, so a span never cuts a UTF-8 sequence in two. Any
 * bytes are accepted; ill-formed UTF-8 is never an error.
 *
 * @param[out] out    receives an array of *count expressions, or NULL
 *                    when there are none; the caller frees it with
 *                    sl_free()
 * @param[out] count  receives the number of expressions
 * @param text        UTF-8 text, not necessarily NUL-terminated; may be
 *                    NULL when len is 0
 * @param len         its length in bytes
 * @param dct_ms      the document's creation time, in ms since the epoch
 *                    UTC; 0 means unknown (relative expressions then get
 *                    X digits instead of an anchored value)
 * @param opts        options, or NULL for defaults; not kept
 * @return SL_OK (also when nothing is found); SL_ENOTFOUND if the
 *         language has no rules; SL_ELIMIT if len exceeds max_bytes;
 *         SL_ENOMEM. On error *out is NULL and *count 0.
 */
SL_API int sl_timex_find(sl_timex **out,
                         size_t *count,
                         const char *text,
                         size_t len,
                         int64_t dct_ms,
                         const sl_timex_options *opts);

/**
 * The single calendar day a value names, if it names one: "2022-08-15"
 * and "2022-08-15T14:00" do; "2022-08", "2022-W33", "P9Y" and
 * "XXXX-08-15" do not.
 *
 * @param value       a TIMEX3 value, NUL-terminated
 * @param[out] year   receives the year
 * @param[out] month  receives the month, 1-12
 * @param[out] day    receives the day, 1-31
 * @return SL_OK or SL_ENOTFOUND
 */
SL_API int sl_timex_day(const char *value, int *year, int *month, int *day);

/**
 * The first and last day a DATE value covers, as days since 1970-01-01:
 * a day, an ISO week ("2022-W33"), a weekend ("2022-W33-WE"), a month, a
 * quarter ("2022-Q3"), a half ("2022-H1"), a season ("2022-SU": March to
 * May for SP, June-August SU, September-November FA, December to
 * February WI), a year, a decade ("198") or a century ("19"). A time of
 * day after the date ("2022-08-15T14:00", "2022-08-15TMO") is ignored.
 *
 * @param value       a TIMEX3 value, NUL-terminated
 * @param[out] first  receives the first day covered
 * @param[out] last   receives the last day covered (inclusive)
 * @return SL_OK, or SL_ENOTFOUND for a value without a fixed place in
 *         time ("P9Y", "PRESENT_REF", "XXXX-08")
 */
SL_API int sl_timex_range(const char *value, int64_t *first, int64_t *last);

/** "DATE", "TIME", "DURATION" or "SET"; "?" for anything else. */
SL_API const char *sl_timex_type_name(sl_timex_type type);

/**
 * Convert byte offsets to code-point offsets in place, in one pass over
 * the text. Each ill-formed byte counts as one code point.
 *
 * @param tx     expressions in text order, as sl_timex_find() gives them
 * @param count  their number
 * @param text   the text they were found in
 * @param len    its length in bytes
 * @return SL_OK; SL_EINVAL if the expressions are not in order or lie
 *         past the end of the text (then nothing is changed)
 */
SL_API int sl_timex_to_codepoints(sl_timex *tx,
                                  size_t count,
                                  const char *text,
                                  size_t len);

/**
 * The languages with built-in rules, as a space-separated list of codes
 * ("en"). Returns a static string.
 */
SL_API const char *sl_timex_languages(void);

#endif
