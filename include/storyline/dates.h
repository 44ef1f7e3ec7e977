/**
 * @file storyline/dates.h
 * @brief Calendar dates as written on web pages: parsing and ISO 8601.
 *
 * sl_date_parse() reads one date string as found in metadata, markup, URLs
 * or visible text (ISO 8601, RFC 2822, "15 August 2022", "Aug. 15, 2022",
 * "15.08.2022", month names in several languages...) and keeps what the
 * string states: a day with or without a time, with or without an offset.
 * Nothing is shifted to UTC, so the day written on the page is the day
 * reported. Pure functions: no locale, no clock, no global state.
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

/**
 * Parse one date string. Leading and trailing space and punctuation are
 * ignored; the whole remaining string must be a date.
 *
 * @param[out] out  receives the date
 * @param s         the string (UTF-8, not NUL-terminated)
 * @param len       its length in bytes
 * @return SL_OK, or SL_EINVAL if the string is not a valid date
 */
SL_API int sl_date_parse(sl_date *out, const char *s, size_t len);

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
