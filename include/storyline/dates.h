/**
 * @file storyline/dates.h
 * @brief Calendar dates as written on web pages: parsing and ISO 8601.
 *
 * sl_date_parse() reads one date string as found in metadata, markup, URLs
 * or visible text (ISO 8601, RFC 2822, "15 August 2022", "Aug. 15, 2022",
 * "15.08.2022", month names in several languages...) and keeps what the
 * string states: a day with or without a time, with or without an offset.
 * Nothing is shifted to UTC, so the day written on the page is the day
 * reported. sl_date_find() looks for the first date inside free text
 * ("Posted on 15. August 2022 by ..."). Pure functions: no locale, no
 * clock, no global state; safe to call from any thread.
 */
#ifndef SL_STORYLINE_DATES_H
#define SL_STORYLINE_DATES_H

#include "common.h"

/** A date as stated by a page. */
typedef struct sl_date {
    int year;          /**< e.g. 2022 */
    int month;         /**< 1-12 */
    int day;           /**< 1-31 */
    int hour;          /**< 0-23, valid when has_time */
    int minute;        /**< 0-59, valid when has_time */
    int second;        /**< 0-60, valid when has_time */
    int has_time;      /**< a time of day was given */
    int has_tz;        /**< a UTC offset was given (has_time is then set) */
    int tz_offset_min; /**< offset east of UTC in minutes, when has_tz */
} sl_date;

/** Flags for sl_date_find(): how to read a numeric date whose day and
 *  month could be swapped, such as 03/04/2020. With neither flag such a
 *  date is not read; dotted dates (03.04.2020) are always day first. */
#define SL_DATE_DAY_FIRST   0x1u /**< 03/04/2020 is 3 April */
#define SL_DATE_MONTH_FIRST 0x2u /**< 03/04/2020 is March 4 (US usage) */

/**
 * Parse one date string. Leading and trailing space and punctuation are
 * ignored; the whole remaining string must be a date.
 *
 * @param[out] out  receives the date
 * @param s         the string (UTF-8, not NUL-terminated)
 * @param len       its length in bytes
 * @return SL_OK, or SL_EINVAL if the string is not a valid date
 *
 * A leading weekday ("Tue, 09 Nov 2010 14:49:00 +0100") is skipped. The
 * basic ISO form "20220815" is read only here, never by sl_date_find().
 * Numeric dates that could be read day or month first are rejected.
 */
SL_API int sl_date_parse(sl_date *out, const char *s, size_t len);

/**
 * Find the first date written inside free text.
 *
 * A date starts at a word boundary; it is the first one, in text order,
 * that reads in full, with its time of day when one follows.
 *
 * @param[out] out        receives the date
 * @param[out] out_start  receives the offset of its first byte, or NULL
 * @param[out] out_end    receives the offset just past it, or NULL
 * @param s               the text (UTF-8, not NUL-terminated)
 * @param len             its length in bytes
 * @param flags           SL_DATE_DAY_FIRST, SL_DATE_MONTH_FIRST or 0
 * @return SL_OK, or SL_ENOTFOUND if the text holds no date
 */
SL_API int sl_date_find(sl_date *out,
                        size_t *out_start,
                        size_t *out_end,
                        const char *s,
                        size_t len,
                        unsigned flags);

/**
 * Write a date as ISO 8601: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" with
 * "Z" or "+HH:MM" when the offset is known.
 *
 * @param buf  output buffer, NUL-terminated on success
 * @param cap  its size; 26 bytes always suffice
 * @return the length written, or SL_ELIMIT if cap is too small
 */
SL_API int sl_date_to_iso(char *buf, size_t cap, const sl_date *d);

/**
 * The instant a date denotes, in ms since the epoch. A date without an
 * offset is read as UTC; a date without a time as its midnight.
 */
SL_API int64_t sl_date_to_ms(const sl_date *d);

#endif
