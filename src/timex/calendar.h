/*
 * calendar.h - proleptic Gregorian day arithmetic for the timex engine.
 *
 * Days are counted from 1970-01-01 (day 0), as in H. Hinnant's
 * "chrono-Compatible Low-Level Date Algorithms"; weeks follow ISO 8601
 * (weeks start on Monday, week 1 holds the year's first Thursday).
 */
#ifndef SL_TIMEX_CALENDAR_H
#define SL_TIMEX_CALENDAR_H

#include <stdint.h>

int64_t sl__cal_days(int y, int m, int d);
void sl__cal_civil(int64_t days, int *y, int *m, int *d);
/* 1 Monday ... 7 Sunday. */
int sl__cal_weekday(int64_t days);
/* The ISO week-numbering year and week of a day. */
void sl__cal_iso_week(int64_t days, int *wy, int *ww);
/* The Monday of ISO week 'ww' of week-year 'wy'. */
int64_t sl__cal_iso_monday(int wy, int ww);
int sl__cal_month_len(int y, int m);

#endif
