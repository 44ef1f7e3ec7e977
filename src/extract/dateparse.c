/*
 * dateparse.c - reading dates as web pages write them (storyline/dates.h).
 *
 * One reader, parse_at(), tries the forms below at one position of a
 * string. sl_date_parse() applies it to a whole string, sl_date_find()
 * slides it over free text. The forms accepted:
 *
 *   ISO 8601 / RFC 3339   2022-08-15, 2022-08-15T10:30:00.123+02:00,
 *                         2022-08-15 10:30 UTC, 2022/08/15, 2022.08.15
 *   basic ISO             20220815 (sl_date_parse() only: a whole string)
 *   CJK                   2022年8月15日, 2022년 8월 15일
 *   numeric, day first    15.08.2022, 15.8.22, 15/08/2022
 *   numeric, month first  08/15/2022
 *   month names           15 August 2022, 15. August 2022, 15th Aug 2022,
 *                         15-Aug-2022, August 15, 2022, Aug. 15 2022,
 *                         15 de agosto de 2022, 1er mars 2020, and RFC 2822
 *                         "Tue, 09 Nov 2010 14:49:00 +0100", 2020.
 *                         augusztus 24., 24 نيسان / أبريل 2020
 *   time of day           10:30, 10:30:15, 10:30 pm, T10:30:15.5Z, +02:00,
 *                         +0200, GMT, UTC, CET, EST...
 *
 * Numeric dates separated by '/' or '-' whose day and month could be
 * swapped (03/04/2020) are read only when the caller says which order
 * the page uses (SL_DATE_DAY_FIRST, SL_DATE_MONTH_FIRST); dots always
 * mean day first. Month names are known in English, German, French,
 * Spanish, Italian, Portuguese, Dutch, the Scandinavian languages,
 * Indonesian, Romanian, Polish, Czech, Finnish, Hungarian ("2020.
 * augusztus 24."), Turkish, Arabic, Greek, Ukrainian and Russian; ASCII
 * and Latin-1 letters match in either case. Every field is checked against
 * the calendar (leap years included). Years run from 1000 to 9999;
 * two-digit years, accepted only in day-first numeric dates, map to
 * 1970-2069.
 *
 * Invariant: no reader looks at s[len] or beyond; nothing allocates.
 */
#include "storyline/dates.h"

#include <stdio.h>
#include <string.h>

/*---- Characters ----*/

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Length of a space at s[i]: ASCII space, U+00A0 or U+202F; 0 if none. */
static size_t space_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;

    if (i >= len) {
        return 0;
    }
    if (is_space(u[i])) {
        return 1;
    }
    if (u[i] == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {
        return 2;
    }
    if (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 &&
        (u[i + 2] == 0xAF || u[i + 2] == 0x89)) {
        return 3;
    }
    return 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    size_t n;

    while ((n = space_at(s, len, i)) > 0) {
        i += n;
    }
    return i;
}

/* Read between min and max digits at *i; fails if more digits follow. */
static int
number(const char *s, size_t len, size_t *i, int min, int max, int *v)
{
    size_t j = *i;
    int n = 0, k = 0;

    while (j < len && is_digit((unsigned char)s[j])) {
        if (k == max) {
            return 0;
        }
        n = n * 10 + (s[j] - '0');
        j++;
        k++;
    }
    if (k < min) {
        return 0;
    }
    *v = n;
    *i = j;
    return 1;
}

/* Fold one ASCII or two-byte Latin-1 (U+00C0-U+00DE) letter at s[i] to
 * lower case, writing its bytes to 'out'; returns the bytes consumed. */
static size_t fold_at(
    const char *s, size_t len, size_t i, unsigned char *out, size_t *out_len)
{
    unsigned char c = (unsigned char)s[i];

    if (c >= 'A' && c <= 'Z') {
        out[0] = (unsigned char)(c | 0x20);
        *out_len = 1;
        return 1;
    }
    if (c == 0xC3 && i + 1 < len) {
        unsigned char d = (unsigned char)s[i + 1];
        if (d >= 0x80 && d <= 0x9E && d != 0x97) {
            d = (unsigned char)(d + 0x20);
        }
        out[0] = c;
        out[1] = d;
        *out_len = 2;
        return 2;
    }
    out[0] = c;
    *out_len = 1;
    return 1;
}

/* Does the lower-case word 'w' start at s[i], ignoring case, and end at a
 * word boundary? On success *end is just past it. */
static int
word_at(const char *s, size_t len, size_t i, const char *w, size_t *end)
{
    const unsigned char *p = (const unsigned char *)w;

    while (*p != '\0') {
        unsigned char f[2];
        size_t flen, used;
        if (i >= len) {
            return 0;
        }
        used = fold_at(s, len, i, f, &flen);
        if (p[0] != f[0] || (flen == 2 && p[1] != f[1])) {
            return 0;
        }
        p += flen;
        i += used;
    }
    if (i < len && is_alpha((unsigned char)s[i])) {
        return 0;
    }
    *end = i;
    return 1;
}

/*---- Names ----*/

typedef struct name {
    const char *word; /* lower case, UTF-8 */
    int value;
} name;

/* Month names by language, January first, in lower case; "" where a row
 * has no form for that month. Rows of abbreviations and variants follow
 * the full names. Dutch, Scandinavian and Indonesian names that equal
 * German or English ones are not repeated. */
static const char *const months[][12] = {
    /* English */
    { "january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december" },
    { "jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov",
      "dec" },
    { "", "", "", "", "", "", "", "", "sept", "", "", "" },
    /* German, Austrian variants */
    { "januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
      "september", "oktober", "november", "dezember" },
    { "jänner", "feber", "maerz", "", "", "", "", "", "", "okt", "", "dez" },
    { "jän", "", "mrz", "", "", "", "", "", "", "", "", "" },
    { "", "", "mär", "", "", "", "", "", "", "", "", "" },
    /* French */
    { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
      "septembre", "octobre", "novembre", "décembre" },
    { "janv", "févr", "", "avr", "", "", "juil", "aout", "", "", "", "déc" },
    { "", "fevrier", "", "", "", "", "", "", "", "", "", "decembre" },
    { "", "fév", "", "", "", "", "", "", "", "", "", "" },
    /* Spanish */
    { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
      "septiembre", "octubre", "noviembre", "diciembre" },
    { "ene", "", "", "abr", "", "", "", "ago", "setiembre", "", "", "dic" },
    /* Italian */
    { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
      "agosto", "settembre", "ottobre", "novembre", "dicembre" },
    { "gen", "", "", "", "mag", "giu", "lug", "", "set", "ott", "", "" },
    /* Portuguese */
    { "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
      "agosto", "setembro", "outubro", "novembro", "dezembro" },
    { "", "fev", "marco", "", "", "", "", "", "", "out", "", "" },
    /* Dutch */
    { "januari", "februari", "maart", "", "mei", "", "", "augustus", "", "", "",
      "" },
    { "", "", "mrt", "", "", "", "", "", "", "", "", "" },
    /* Swedish, Danish, Norwegian, Indonesian */
    { "", "", "", "", "maj", "", "", "augusti", "", "", "", "desember" },
    { "", "", "marts", "", "", "", "", "agustus", "", "", "", "des" },
    { "", "", "maret", "", "", "", "", "", "", "", "", "" },
    /* Romanian */
    { "ianuarie", "februarie", "martie", "aprilie", "", "iunie", "iulie", "",
      "septembrie", "octombrie", "noiembrie", "decembrie" },
    /* Polish (genitive, as dates write them) */
    { "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
      "sierpnia", "września", "października", "listopada", "grudnia" },
    /* Czech (genitive) */
    { "ledna", "února", "března", "dubna", "května", "června", "července",
      "srpna", "září", "října", "listopadu", "prosince" },
    /* Finnish (partitive) */
    { "tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
      "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta",
      "marraskuuta", "joulukuuta" },
    /* Turkish */
    { "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos",
      "eylül", "ekim", "kasım", "aralık" },
    /* Hungarian */
    { "január", "február", "március", "április", "május", "június", "július",
      "augusztus", "szeptember", "október", "", "" },
    { "", "febr", "márc", "ápr", "máj", "jún", "júl", "", "szept", "", "", "" },
    /* Arabic: Egyptian names with common spellings, then the single-word
     * Levantine ones */
    { "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
      "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
    { "", "", "", "إبريل", "", "", "", "اغسطس", "", "اكتوبر", "", "" },
    { "", "", "", "ابريل", "", "", "", "", "", "", "", "" },
    { "", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "",
      "", "" },
    /* Greek (genitive; capitals are not folded, so both forms) */
    { "ιανουαρίου", "φεβρουαρίου", "μαρτίου", "απριλίου", "μαΐου", "ιουνίου",
      "ιουλίου", "αυγούστου", "σεπτεμβρίου", "οκτωβρίου", "νοεμβρίου",
      "δεκεμβρίου" },
    { "Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
      "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου",
      "Δεκεμβρίου" },
    /* Ukrainian (genitive) */
    { "січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
      "серпня", "вересня", "жовтня", "листопада", "грудня" },
    /* Russian (genitive) */
    { "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
      "сентября", "октября", "ноября", "декабря" },
};

/* Weekdays, skipped before a date ("Tue, 09 Nov 2010"). */
static const char *const weekdays[] = {
    "monday",    "tuesday",  "wednesday",  "thursday", "friday",    "saturday",
    "sunday",    "mon",      "tue",        "tues",     "wed",       "thu",
    "thur",      "thurs",    "fri",        "sat",      "sun",       "montag",
    "dienstag",  "mittwoch", "donnerstag", "freitag",  "samstag",   "sonnabend",
    "sonntag",   "lundi",    "mardi",      "mercredi", "jeudi",     "vendredi",
    "samedi",    "dimanche", "lunes",      "martes",   "miércoles", "jueves",
    "viernes",   "sábado",   "domingo",    "lunedì",   "martedì",   "mercoledì",
    "giovedì",   "venerdì",  "sabato",     "maandag",  "dinsdag",   "woensdag",
    "donderdag", "vrijdag",  "zaterdag",   "zondag",
};

/* Time zones named in RFC 2822 and common on news sites, minutes east. */
static const name zones[] = {
    { "utc", 0 },    { "gmt", 0 },    { "ut", 0 },     { "z", 0 },
    { "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
    { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
    { "cet", 60 },   { "cest", 120 }, { "mez", 60 },   { "mesz", 120 },
    { "bst", 60 },   { "eet", 120 },  { "eest", 180 }, { "wet", 0 },
    { "west", 60 },  { "jst", 540 },  { "kst", 540 },  { "aest", 600 },
    { "aedt", 660 },
};

static int month_at(const char *s, size_t len, size_t *i)
{
    unsigned char f[2];
    size_t flen, end;

    if (*i >= len || !is_alpha((unsigned char)s[*i])) {
        return 0;
    }
    fold_at(s, len, *i, f, &flen);
    for (size_t r = 0; r < sizeof(months) / sizeof(months[0]); r++) {
        for (int m = 0; m < 12; m++) {
            const char *w = months[r][m];
            if ((unsigned char)w[0] != f[0] || !word_at(s, len, *i, w, &end)) {
                continue;
            }
            if (end < len && s[end] == '.') {
                end++;
            }
            *i = end;
            return m + 1;
        }
    }
    return 0;
}

/* Skip a weekday name and the comma or dot after it. */
static size_t skip_weekday(const char *s, size_t len, size_t i)
{
    size_t end;

    for (size_t k = 0; k < sizeof(weekdays) / sizeof(weekdays[0]); k++) {
        if (word_at(s, len, i, weekdays[k], &end)) {
            if (end < len && (s[end] == ',' || s[end] == '.')) {
                end++;
            }
            return skip_spaces(s, len, end);
        }
    }
    return i;
}

/*---- Calendar ----*/

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && leap(y) ? 29 : n[m - 1];
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

/*---- Time of day ----*/

/* A numeric offset at s[*i]: "+02:00", "+0200", "+02", "-5", with an
 * ASCII or a Unicode minus. 'strict' asks for four digits (RFC 2822 after
 * a space) or HH:MM. */
static int offset_at(const char *s, size_t len, size_t *i, int strict, int *off)
{
    size_t j = *i, before;
    int sign, hh = 0, mm = 0;

    if (j < len && (s[j] == '+' || s[j] == '-')) {
        sign = s[j] == '+' ? 1 : -1;
        j++;
    } else if (j + 2 < len && (unsigned char)s[j] == 0xE2 &&
               (unsigned char)s[j + 1] == 0x88 &&
               (unsigned char)s[j + 2] == 0x92) {
        sign = -1;
        j += 3;
    } else {
        return 0;
    }
    before = j;
    if (!number(s, len, &j, 1, 4, &hh)) {
        return 0;
    }
    if (j - before == 4) {
        mm = hh % 100;
        hh /= 100;
    } else if (j - before == 3) {
        return 0;
    } else if (j + 2 < len && s[j] == ':' &&
               is_digit((unsigned char)s[j + 1])) {
        j++;
        if (!number(s, len, &j, 2, 2, &mm)) {
            return 0;
        }
    } else if (strict) {
        return 0;
    }
    /* Real offsets run from -12:00 to +14:00. */
    if (mm > 59 || hh * 60 + mm > 14 * 60) {
        return 0;
    }
    *off = sign * (hh * 60 + mm);
    *i = j;
    return 1;
}

/* The zone after a time: "Z", "+02:00", "+0200", " +0100", " GMT",
 * " UTC+1", " CEST". Returns 1 and the offset in minutes east of UTC,
 * moving *i past it. */
static int zone_at(const char *s, size_t len, size_t *i, int *off)
{
    size_t j = *i, k = skip_spaces(s, len, *i), end;
    int o = 0;

    if (offset_at(s, len, &j, 0, &o) ||
        (k != j && offset_at(s, len, &k, 1, &o) && (j = k, 1))) {
        *off = o;
        *i = j;
        return 1;
    }
    if (k >= len || !is_alpha((unsigned char)s[k])) {
        return 0;
    }
    for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
        /* A bare "Z" only right after the time, as ISO writes it. */
        if (zones[z].word[1] == '\0' && k != j) {
            continue;
        }
        if (word_at(s, len, k, zones[z].word, &end)) {
            o = zones[z].value;
            /* "UTC+1", "GMT-05:00". */
            if (o == 0 && zones[z].word[1] != '\0') {
                int extra = 0;
                size_t e = end;
                if (offset_at(s, len, &e, 0, &extra)) {
                    o = extra;
                    end = e;
                }
            }
            *off = o;
            *i = end;
            return 1;
        }
    }
    return 0;
}

/* A time after a date: separators ("T", ", ", " at ", " um ", " - "...),
 * then HH:MM[:SS[.frac]], an optional am/pm and an optional zone. */
static int time_at(const char *s, size_t len, size_t *i, sl_date *d)
{
    static const char *const links[] = { "at",  "um",   "à",    "a", "às",
                                         "om",  "alle", "kl",   "o", "ore",
                                         "las", "klo",  "kello" };
    size_t j = *i;
    int hh, mm, ss = 0, off = 0;

    if (j < len && (s[j] == 'T' || s[j] == 't') && j + 1 < len &&
        is_digit((unsigned char)s[j + 1])) {
        j++;
    } else {
        size_t k = j;
        int seps = 0;
        while (k < len && seps < 6) {
            size_t n = space_at(s, len, k);
            if (n > 0) {
                k += n;
            } else if (s[k] == ',' || s[k] == '-' || s[k] == '|' ||
                       s[k] == '/' || s[k] == '@' || s[k] == '.') {
                k++;
            } else {
                break;
            }
            seps++;
        }
        /* One or two short linking words ("at", "a las", "um"). */
        for (int w = 0; w < 2 && k < len && is_alpha((unsigned char)s[k]);
             w++) {
            size_t end = 0;
            int hit = 0;
            for (size_t l = 0; l < sizeof(links) / sizeof(links[0]); l++) {
                if (word_at(s, len, k, links[l], &end)) {
                    hit = 1;
                    break;
                }
            }
            if (!hit) {
                break;
            }
            if (end < len && s[end] == '.') {
                end++;
            }
            k = skip_spaces(s, len, end);
        }
        if (k == j || k > j + 16) {
            return 0;
        }
        j = k;
    }
    if (!number(s, len, &j, 1, 2, &hh) || j >= len ||
        (s[j] != ':' && s[j] != 'h')) {
        return 0;
    }
    j++;
    if (!number(s, len, &j, 2, 2, &mm)) {
        return 0;
    }
    if (j + 2 < len && s[j] == ':' && is_digit((unsigned char)s[j + 1])) {
        j++;
        if (!number(s, len, &j, 2, 2, &ss)) {
            return 0;
        }
        if (j + 1 < len && (s[j] == '.' || s[j] == ',') &&
            is_digit((unsigned char)s[j + 1])) {
            j++;
            while (j < len && is_digit((unsigned char)s[j])) {
                j++;
            }
        }
    }
    if (hh > 23 || mm > 59 || ss > 60) {
        return 0;
    }
    /* am / pm, a.m. / p.m. */
    {
        size_t k = skip_spaces(s, len, j), end;
        if (k < len &&
            (s[k] == 'a' || s[k] == 'A' || s[k] == 'p' || s[k] == 'P')) {
            int pm = s[k] == 'p' || s[k] == 'P';
            if (word_at(s, len, k, pm ? "pm" : "am", &end) ||
                word_at(s, len, k, pm ? "p.m" : "a.m", &end) ||
                (k + 4 <= len &&
                 (memcmp(s + k + 1, ".m.", 3) == 0 ||
                  memcmp(s + k + 1, ".M.", 3) == 0) &&
                 (end = k + 4, 1))) {
                if (end < len && s[end] == '.') {
                    end++;
                }
                if (hh < 1 || hh > 12) {
                    return 0;
                }
                hh = hh % 12 + (pm ? 12 : 0);
                j = end;
            }
        }
    }
    /* "10:30 Uhr", "10:30 hrs", "10:30 h". */
    {
        static const char *const units[] = { "uhr", "hrs", "h", "horas" };
        size_t k = skip_spaces(s, len, j), end;
        for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
            if (word_at(s, len, k, units[u], &end)) {
                j = end;
                break;
            }
        }
    }
    d->hour = hh;
    d->minute = mm;
    d->second = ss;
    d->has_time = 1;
    if (zone_at(s, len, &j, &off)) {
        d->has_tz = 1;
        d->tz_offset_min = off;
    }
    *i = j;
    return 1;
}

/*---- Dates ----*/

static int year2(int yy)
{
    return yy < 70 ? 2000 + yy : 1900 + yy;
}

/* "st", "nd", "rd", "th", "er", "º", "." after a day number. */
static size_t skip_ordinal(const char *s, size_t len, size_t i)
{
    static const char *const suffixes[] = { "st", "nd", "rd", "th", "er", "e" };
    size_t end;

    if (i < len && s[i] == '.') {
        return i + 1;
    }
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
        ((unsigned char)s[i + 1] == 0xBA || (unsigned char)s[i + 1] == 0xB0)) {
        return i + 2;
    }
    for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++) {
        if (word_at(s, len, i, suffixes[k], &end)) {
            return end;
        }
    }
    return i;
}

/* The Spanish/Portuguese linker "de" (and "del"), as in "15 de agosto de
 * 2022". */
static size_t skip_de(const char *s, size_t len, size_t i)
{
    size_t end;

    if (word_at(s, len, i, "de", &end) || word_at(s, len, i, "del", &end)) {
        return skip_spaces(s, len, end);
    }
    return i;
}

/* Year first: 2022-08-15, 2022/8/15, 2022.08.15, 2022年8月15日. */
static int
year_first(const char *s, size_t len, size_t i, int y, sl_date *d, size_t *end)
{
    int m, day;
    size_t j = i;

    if (j < len && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
        char sep = s[j];
        j++;
        if (!number(s, len, &j, 1, 2, &m) || j >= len || s[j] != sep) {
            return 0;
        }
        j++;
        if (!number(s, len, &j, 1, 2, &day)) {
            return 0;
        }
    } else {
        /* 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5; 년 EB 85 84, 월 EC 9B 94,
         * 일 EC 9D BC. */
        static const char *const cjk[2][3] = {
            { "\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5" },
            { "\xEB\x85\x84", "\xEC\x9B\x94", "\xEC\x9D\xBC" },
        };
        int k;
        for (k = 0; k < 2; k++) {
            if (j + 3 <= len && memcmp(s + j, cjk[k][0], 3) == 0) {
                break;
            }
        }
        if (k == 2) {
            return 0;
        }
        j = skip_spaces(s, len, j + 3);
        if (!number(s, len, &j, 1, 2, &m)) {
            return 0;
        }
        if (j + 3 > len || memcmp(s + j, cjk[k][1], 3) != 0) {
            return 0;
        }
        j = skip_spaces(s, len, j + 3);
        if (!number(s, len, &j, 1, 2, &day)) {
            return 0;
        }
        if (j + 3 <= len && memcmp(s + j, cjk[k][2], 3) == 0) {
            j += 3;
        }
    }
    if (!valid_ymd(y, m, day)) {
        return 0;
    }
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return 1;
}

/* Year, then month name, then day, as Hungarian writes it: "2020.
 * augusztus 24." (both dots are required). */
static int year_month_name(
    const char *s, size_t len, size_t i, int y, sl_date *d, size_t *end)
{
    size_t j = i + 1;
    int m, day;

    if (i >= len || s[i] != '.') {
        return 0;
    }
    j = skip_spaces(s, len, j);
    if (j == i + 1) {
        return 0;
    }
    m = month_at(s, len, &j);
    if (m == 0) {
        return 0;
    }
    j = skip_spaces(s, len, j);
    /* The dot after the day too, so that an English sentence ending in a
     * year and the next starting with "May 5" is not read as one date. */
    if (!number(s, len, &j, 1, 2, &day) || !valid_ymd(y, m, day) || j >= len ||
        s[j] != '.') {
        return 0;
    }
    j++;
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return 1;
}

/* Numeric, day or month first: 15.08.2022, 15/08/2022, 08/15/2022,
 * 15-08-22. 'a' is the first number, already read. */
static int numeric_dm(const char *s,
                      size_t len,
                      size_t i,
                      int a,
                      unsigned flags,
                      sl_date *d,
                      size_t *end)
{
    char sep = s[i];
    size_t j = i + 1, before;
    int b, y, day, m;

    if (!number(s, len, &j, 1, 2, &b) || j >= len || s[j] != sep) {
        return 0;
    }
    j++;
    before = j;
    if (!number(s, len, &j, 2, 4, &y) || j - before == 3) {
        return 0;
    }
    if (j - before == 2) {
        /* "15.08.22" is common in German; "08/15/22" too rare and too
         * ambiguous to trust. */
        if (sep != '.') {
            return 0;
        }
        y = year2(y);
    }
    if (sep == '.') {
        day = a;
        m = b;
        if (m > 12 && day <= 12) {
            day = b;
            m = a;
        }
    } else if (a > 12) {
        day = a;
        m = b;
    } else if (b > 12 || (flags & SL_DATE_MONTH_FIRST)) {
        m = a;
        day = b;
    } else if (a == b || (flags & SL_DATE_DAY_FIRST)) {
        day = a;
        m = b;
    } else {
        return 0;
    }
    if (!valid_ymd(y, m, day)) {
        return 0;
    }
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return 1;
}

/* Day then month name: "15 August 2022", "15. Aug. 2022", "15th of
 * August, 2022", "15 de agosto de 2022", "15-Aug-2022". 'day' is read. */
static int day_month_year(
    const char *s, size_t len, size_t i, int day, sl_date *d, size_t *end)
{
    size_t j = skip_ordinal(s, len, i), w;
    int m, y;
    char dash = 0;

    if (j < len && (s[j] == '-' || s[j] == '/') && j == i) {
        dash = s[j];
        j++;
    } else {
        j = skip_spaces(s, len, j);
        j = skip_de(s, len, j);
        if (word_at(s, len, j, "of", &w)) {
            j = skip_spaces(s, len, w);
        }
    }
    m = month_at(s, len, &j);
    if (m == 0) {
        return 0;
    }
    /* "24 نيسان / أبريل 2020": the same month in two calendars' names. */
    if (!dash) {
        size_t k = skip_spaces(s, len, j);
        if (k < len && s[k] == '/') {
            k = skip_spaces(s, len, k + 1);
            if (month_at(s, len, &k) == m) {
                j = k;
            }
        }
    }
    if (dash) {
        if (j >= len || s[j] != dash) {
            return 0;
        }
        j++;
    } else {
        if (j < len && s[j] == ',') {
            j++;
        }
        j = skip_spaces(s, len, j);
        j = skip_de(s, len, j);
    }
    if (!number(s, len, &j, 4, 4, &y) || !valid_ymd(y, m, day)) {
        return 0;
    }
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return 1;
}

/* Month name then day: "August 15, 2022", "Aug. 15th 2022". */
static int
month_day_year(const char *s, size_t len, size_t i, sl_date *d, size_t *end)
{
    size_t j = i;
    int m = month_at(s, len, &j), day, y;

    if (m == 0) {
        return 0;
    }
    j = skip_spaces(s, len, j);
    if (!number(s, len, &j, 1, 2, &day)) {
        return 0;
    }
    if (j < len && s[j] != '.') {
        j = skip_ordinal(s, len, j);
    }
    if (j < len && s[j] == ',') {
        j++;
    }
    if (space_at(s, len, j) == 0 && s[j - 1] != ',') {
        return 0;
    }
    j = skip_spaces(s, len, j);
    if (!number(s, len, &j, 4, 4, &y) || !valid_ymd(y, m, day)) {
        return 0;
    }
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return 1;
}

/* Try every form at s[i]. On success *end is past the date (and its time
 * of day when one follows). */
static int parse_at(const char *s,
                    size_t len,
                    size_t i,
                    unsigned flags,
                    sl_date *out,
                    size_t *end)
{
    sl_date d;
    size_t j = i, e = 0;
    int ok = 0;

    memset(&d, 0, sizeof(d));
    if (j >= len) {
        return 0;
    }
    if (is_digit((unsigned char)s[j])) {
        int a;
        size_t start = j;
        if (!number(s, len, &j, 1, 4, &a)) {
            return 0;
        }
        if (j - start == 4) {
            ok = year_first(s, len, j, a, &d, &e) ||
                 year_month_name(s, len, j, a, &d, &e);
        } else if (j - start <= 2 && j < len) {
            if ((s[j] == '.' || s[j] == '/' || s[j] == '-') && j + 1 < len &&
                is_digit((unsigned char)s[j + 1])) {
                ok = numeric_dm(s, len, j, a, flags, &d, &e);
            } else {
                ok = day_month_year(s, len, j, a, &d, &e);
            }
        }
    } else {
        ok = month_day_year(s, len, j, &d, &e);
    }
    if (!ok || (e < len && is_digit((unsigned char)s[e]))) {
        return 0;
    }
    time_at(s, len, &e, &d);
    *out = d;
    *end = e;
    return 1;
}

/*---- Public ----*/

static int trim_char(unsigned char c)
{
    return is_space(c) || c == ',' || c == ';' || c == ':' || c == '|' ||
           c == '(' || c == ')' || c == '[' || c == ']' || c == '"' ||
           c == '\'' || c == '.' || c == '-';
}

int sl_date_parse(sl_date *out, const char *s, size_t len)
{
    size_t i = 0, end = 0;
    sl_date d;

    if (s == NULL) {
        return SL_EINVAL;
    }
    /* Trailing punctuation is left for after the date: a dot may end it
     * ("2020. augusztus 24."). */
    while (len > 0 && is_space((unsigned char)s[len - 1])) {
        len--;
    }
    while (i < len &&
           (trim_char((unsigned char)s[i]) || space_at(s, len, i) > 0)) {
        i += space_at(s, len, i) > 0 ? space_at(s, len, i) : 1;
    }
    /* The basic ISO form 20220815 stands alone or not at all. */
    if (len - i == 8) {
        int v;
        size_t k = i;
        if (number(s, len, &k, 8, 8, &v)) {
            memset(&d, 0, sizeof(d));
            d.year = v / 10000;
            d.month = v / 100 % 100;
            d.day = v % 100;
            if (!valid_ymd(d.year, d.month, d.day)) {
                return SL_EINVAL;
            }
            *out = d;
            return SL_OK;
        }
    }
    i = skip_weekday(s, len, i);
    if (!parse_at(s, len, i, 0, &d, &end)) {
        return SL_EINVAL;
    }
    /* A zone may stand after the time with no separator handled above
     * ("...14:49:00 (CET)"); only trailing punctuation is allowed. */
    while (end < len &&
           (trim_char((unsigned char)s[end]) || space_at(s, len, end) > 0)) {
        end += space_at(s, len, end) > 0 ? space_at(s, len, end) : 1;
    }
    if (end != len) {
        return SL_EINVAL;
    }
    *out = d;
    return SL_OK;
}

/* Could a date start at s[i]? A digit not glued to a word or a number,
 * or a letter starting a word. */
static int may_start(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';

    if (is_digit(c)) {
        if (is_digit(p) || (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z')) {
            return 0;
        }
        /* Not the middle of "1.2.3" or "10:30". */
        if ((p == '.' || p == ':' || p == ',' || p == '/' || p == '-') &&
            i > 1 && is_digit((unsigned char)s[i - 2])) {
            return 0;
        }
        return 1;
    }
    if (is_alpha(c) && !is_alpha(p) && !is_digit(p)) {
        return 1;
    }
    return 0;
}

/* A word can start a date only as a month name followed by the day:
 * "August 15", "Aug. 15". Checked before the name tables are searched,
 * which most words of a text never reach. */
static int word_then_digit(const char *s, size_t len, size_t i)
{
    size_t j = i;

    while (j < len && j - i <= 24 && is_alpha((unsigned char)s[j])) {
        j++;
    }
    if (j - i < 3 || j - i > 24) {
        return 0;
    }
    if (j < len && s[j] == '.') {
        j++;
    }
    j = skip_spaces(s, len, j);
    return j < len && is_digit((unsigned char)s[j]);
}

int sl_date_find(sl_date *out,
                 size_t *out_start,
                 size_t *out_end,
                 const char *s,
                 size_t len,
                 unsigned flags)
{
    if (s == NULL) {
        return SL_ENOTFOUND;
    }
    for (size_t i = 0; i < len; i++) {
        size_t end;
        sl_date d;
        if (!may_start(s, i) ||
            (!is_digit((unsigned char)s[i]) && !word_then_digit(s, len, i))) {
            continue;
        }
        if (parse_at(s, len, i, flags, &d, &end)) {
            *out = d;
            if (out_start != NULL) {
                *out_start = i;
            }
            if (out_end != NULL) {
                *out_end = end;
            }
            return SL_OK;
        }
    }
    return SL_ENOTFOUND;
}

int sl_date_to_iso(char *buf, size_t cap, const sl_date *d)
{
    int n;

    if (!d->has_time) {
        n = snprintf(buf, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
    } else if (!d->has_tz) {
        n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d", d->year,
                     d->month, d->day, d->hour, d->minute, d->second);
    } else if (d->tz_offset_min == 0) {
        n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", d->year,
                     d->month, d->day, d->hour, d->minute, d->second);
    } else {
        int off = d->tz_offset_min < 0 ? -d->tz_offset_min : d->tz_offset_min;
        n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                     d->year, d->month, d->day, d->hour, d->minute, d->second,
                     d->tz_offset_min < 0 ? '-' : '+', off / 60 % 100,
                     off % 60);
    }
    if (n < 0 || (size_t)n >= cap) {
        return SL_ELIMIT;
    }
    return n;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

int64_t sl_date_to_ms(const sl_date *d)
{
    int64_t s = days_from_civil(d->year, d->month, d->day) * 86400;

    if (d->has_time) {
        s += (int64_t)d->hour * 3600 + d->minute * 60 + d->second;
        if (d->has_tz) {
            s -= (int64_t)d->tz_offset_min * 60;
        }
    }
    return s * 1000;
}
