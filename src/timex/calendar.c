/*
 * calendar.c - day numbers, weekdays and ISO weeks (see calendar.h).
 *
 * Reference: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (days_from_civil, civil_from_days); ISO 8601 section 3.2.2 for weeks.
 */
#include "calendar.h"

static int64_t floordiv(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int64_t sl__cal_days(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floordiv(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t mp = (m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void sl__cal_civil(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = floordiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;

    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int sl__cal_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t w = (days + 3) % 7;

    if (w < 0) {
        w += 7;
    }
    return (int)w + 1;
}

int64_t sl__cal_iso_monday(int wy, int ww)
{
    int64_t jan4 = sl__cal_days(wy, 1, 4);
    int64_t week1 = jan4 - (sl__cal_weekday(jan4) - 1);

    return week1 + (int64_t)(ww - 1) * 7;
}

void sl__cal_iso_week(int64_t days, int *wy, int *ww)
{
    int y, m, d;
    int64_t thursday = days - sl__cal_weekday(days) + 4;

    sl__cal_civil(thursday, &y, &m, &d);
    *wy = y;
    *ww = (int)((thursday - sl__cal_days(y, 1, 1)) / 7 + 1);
}

int sl__cal_month_len(int y, int m)
{
    static const int len[12] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m < 1 || m > 12) {
        return 0;
    }
    return m == 2 && leap ? 29 : len[m - 1];
}
