/*
 * timex.c - finding and normalising temporal expressions (TIMEX3).
 *
 * A rule engine in the manner of HeidelTime (Stroetgen and Gertz 2010)
 * and SUTime (Chang and Manning 2012), without a tagger in front of it:
 *
 *   1. The text is cut into tokens: runs of letters (bytes >= 0x80 count
 *      as letters), runs of digits, and single punctuation characters.
 *      Each token knows whether white space or a line break precedes it.
 *   2. Every token is looked up in the language's lexicon (lexicon.h);
 *      a phrase may span several tokens ("a couple of", "p.m.").
 *   3. At each token the grammar below tries its rules, each a sequence
 *      of word classes, and keeps the longest match; the scan resumes
 *      after it. Rules never name a word, only classes, so the same
 *      grammar serves every language whose rules file fills the classes.
 *   4. The match is normalised against the document creation time (DCT):
 *      "last week" is the ISO week before the DCT's, a bare weekday or
 *      month is the nearest one before or after the DCT as the tense
 *      cues of the sentence say (FUT and PAST words; a DEADLINE word
 *      such as "by" right before a weekday looks forward), "a year earlier"
 *      takes the granularity of the last quarter the text spoke of.
 *
 * Values follow TimeML's TIMEX3 (ISO-TimeML, ISO 24617-1) as TimeBank 1.2
 * writes them: "1998-01-08", "1998-W02", "1989-Q3", "1989-SU", "198" for
 * the 1980s, "P9M", "PT2H", "PXY" for "several years", "PRESENT_REF".
 *
 * Exports sl_timex_find(), sl_timex_day(), sl_timex_range(),
 * sl_timex_type_name(), sl_timex_to_codepoints(), sl_timex_languages().
 */
#include "storyline/timex.h"

#include <stdio.h>
#include <string.h>

#include "timex/calendar.h"
#include "timex/lexicon.h"
#include "util/alloc.h"

/* A year that is not known: formatted as "XXXX". */
#define Y_UNKNOWN (-100000)

enum { TK_WORD, TK_DIGITS, TK_PUNCT };

/* Gap before a token: none (glued to the previous one), white space, or
 * a blank line (a paragraph break). */
enum { GAP_NONE, GAP_SPACE, GAP_PARA };

typedef struct tok {
    size_t s, e;   /* byte span */
    uint32_t hit0; /* first of its lexicon hits in ctx.hits */
    uint16_t nhit;
    uint8_t kind;
    uint8_t gap;
    int32_t num; /* TK_DIGITS: the value when at most 9 digits, else -1 */
    uint8_t ndig;
} tok;

typedef struct hit {
    uint32_t entry;
    uint16_t ntok;
} hit;

typedef enum dir { DIR_NONE, DIR_PAST, DIR_FUT } dir;

typedef struct ctx {
    const char *text;
    size_t len;
    const sl__timex_lex *lex;
    tok *t;
    size_t nt, tcap;
    hit *h;
    size_t nh, hcap;
    int known;    /* the DCT is known */
    int64_t dday; /* the DCT as a day number */
    int dy, dm, dd;
    int qy, q; /* the last quarter the text spoke of, q 0 if none */
} ctx;

/* A match: the tokens [start, end) and the expression they make. */
typedef struct res {
    size_t end;
    sl_timex_type type;
    char value[40];
    char mod[16];
    int names_quarter; /* the text names a quarter: it becomes the context */
} res;

/*---- Tokens and lexicon hits ----*/

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int push_tok(ctx *c, const tok *t)
{
    if (c->nt == c->tcap) {
        size_t ncap = c->tcap ? c->tcap * 2 : 256;
        tok *p = sl__realloc(c->t, ncap * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        c->t = p;
        c->tcap = ncap;
    }
    c->t[c->nt++] = *t;
    return SL_OK;
}

static int tokenize(ctx *c)
{
    const unsigned char *s = (const unsigned char *)c->text;
    size_t i = 0, len = c->len;
    int newlines = 0, space = 0;

    while (i < len) {
        tok t = { 0 };
        if (is_space(s[i])) {
            if (s[i] == '\n') {
                newlines++;
            }
            space = 1;
            i++;
            continue;
        }
        t.s = i;
        t.gap = newlines >= 2 ? GAP_PARA : space ? GAP_SPACE : GAP_NONE;
        if (is_digit(s[i])) {
            int64_t v = 0;
            t.kind = TK_DIGITS;
            while (i < len && is_digit(s[i])) {
                if (t.ndig < 255) {
                    t.ndig++;
                }
                if (v < 1000000000) {
                    v = v * 10 + (s[i] - '0');
                }
                i++;
            }
            t.num = t.ndig <= 9 ? (int32_t)v : -1;
        } else if (is_alpha(s[i])) {
            t.kind = TK_WORD;
            while (i < len && is_alpha(s[i])) {
                i++;
            }
        } else {
            t.kind = TK_PUNCT;
            i++;
        }
        t.e = i;
        newlines = 0;
        space = 0;
        if (push_tok(c, &t) < 0) {
            return SL_ENOMEM;
        }
    }
    return SL_OK;
}

/* Does entry 'e' match the text at byte 'pos'? Returns the end of the
 * match, or 0. A space in the phrase matches a run of white space. */
static size_t match_phrase(const ctx *c, size_t pos, const lx_entry *e)
{
    const unsigned char *s = (const unsigned char *)c->text;
    size_t p = 0;

    while (p < e->phrase_len) {
        unsigned char ch = (unsigned char)e->phrase[p];
        if (ch == ' ') {
            if (pos >= c->len || !is_space(s[pos])) {
                return 0;
            }
            while (pos < c->len && is_space(s[pos])) {
                pos++;
            }
        } else {
            if (pos >= c->len || lower(s[pos]) != ch) {
                return 0;
            }
            pos++;
        }
        p++;
    }
    /* The match must end where a word ends. */
    if (pos < c->len) {
        unsigned char a = s[pos - 1], b = s[pos];
        if ((is_alpha(a) && is_alpha(b)) || (is_digit(a) && is_digit(b))) {
            return 0;
        }
    }
    return pos;
}

static int push_hit(ctx *c, uint32_t entry, uint16_t ntok)
{
    if (c->nh == c->hcap) {
        size_t ncap = c->hcap ? c->hcap * 2 : 256;
        hit *p = sl__realloc(c->h, ncap * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        c->h = p;
        c->hcap = ncap;
    }
    c->h[c->nh].entry = entry;
    c->h[c->nh].ntok = ntok;
    c->nh++;
    return SL_OK;
}

static int find_hits(ctx *c)
{
    char key[32];

    for (size_t i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        size_t klen = t->e - t->s, first, n;
        t->hit0 = (uint32_t)c->nh;
        t->nhit = 0;
        if (klen > sizeof(key)) {
            continue;
        }
        for (size_t k = 0; k < klen; k++) {
            key[k] = (char)lower((unsigned char)c->text[t->s + k]);
        }
        n = sl__timex_lex_lookup(c->lex, key, klen, &first);
        for (size_t k = 0; k < n && t->nhit < 0xFFFF; k++) {
            const lx_entry *e = &c->lex->entries[first + k];
            size_t end = match_phrase(c, t->s, e), j = i;
            if (end == 0) {
                continue;
            }
            while (j < c->nt && c->t[j].s < end) {
                j++;
            }
            if (c->t[j - 1].e != end || j - i > 0xFFFF) {
                continue;
            }
            if (push_hit(c, (uint32_t)(first + k), (uint16_t)(j - i)) < 0) {
                return SL_ENOMEM;
            }
            t->nhit++;
        }
    }
    return SL_OK;
}

/* The longest lexicon entry of class 'cls' that starts at token i; its
 * length in tokens goes to *n. NULL if there is none. */
static const lx_entry *lx(const ctx *c, size_t i, int cls, size_t *n)
{
    const lx_entry *best = NULL;
    size_t bn = 0;

    if (i >= c->nt) {
        return NULL;
    }
    for (size_t k = 0; k < c->t[i].nhit; k++) {
        const hit *h = &c->h[c->t[i].hit0 + k];
        const lx_entry *e = &c->lex->entries[h->entry];
        if (e->cls == cls && h->ntok > bn) {
            best = e;
            bn = h->ntok;
        }
    }
    if (n != NULL) {
        *n = bn;
    }
    return best;
}

static int has(const ctx *c, size_t i, int cls)
{
    return lx(c, i, cls, NULL) != NULL;
}

/* Is token i the punctuation character 'ch'? */
static int punct(const ctx *c, size_t i, char ch)
{
    return i < c->nt && c->t[i].kind == TK_PUNCT && c->text[c->t[i].s] == ch;
}

static int glued(const ctx *c, size_t i)
{
    return i < c->nt && c->t[i].gap == GAP_NONE;
}

static int digits(const ctx *c, size_t i, int ndig_min, int ndig_max)
{
    return i < c->nt && c->t[i].kind == TK_DIGITS && c->t[i].ndig >= ndig_min &&
           c->t[i].ndig <= ndig_max;
}

static int capitalised(const ctx *c, size_t i)
{
    unsigned char ch = (unsigned char)c->text[c->t[i].s];

    return ch >= 'A' && ch <= 'Z';
}

/* Does a sentence start at token i? */
static int sentence_start(const ctx *c, size_t i)
{
    if (i == 0 || c->t[i].gap == GAP_PARA) {
        return 1;
    }
    return punct(c, i - 1, '.') || punct(c, i - 1, '!') ||
           punct(c, i - 1, '?') || punct(c, i - 1, '"');
}

/* The direction the sentence around tokens [i, j) looks in: the nearest
 * tense cue wins. */
static dir tense(const ctx *c, size_t i, size_t j)
{
    size_t back = 0, fwd = 0;
    dir bd = DIR_NONE, fd = DIR_NONE;

    for (size_t k = i; k > 0 && back < 20; back++) {
        if (sentence_start(c, k)) {
            break;
        }
        k--;
        if (has(c, k, LX_FUT)) {
            bd = DIR_FUT;
            break;
        }
        if (has(c, k, LX_PAST)) {
            bd = DIR_PAST;
            break;
        }
    }
    for (size_t k = j; k < c->nt && fwd < 12; k++, fwd++) {
        if (k > j && sentence_start(c, k)) {
            break;
        }
        if (has(c, k, LX_FUT)) {
            fd = DIR_FUT;
            break;
        }
        if (has(c, k, LX_PAST)) {
            fd = DIR_PAST;
            break;
        }
    }
    if (bd != DIR_NONE && (fd == DIR_NONE || back <= fwd)) {
        return bd;
    }
    return fd;
}

/* Does a phrase of class 'cls' end right before token i? Phrases are at
 * most a few tokens long. */
static int ends_before(const ctx *c, size_t i, int cls)
{
    for (size_t back = 1; back <= 4 && back <= i; back++) {
        size_t n;
        if (lx(c, i - back, cls, &n) != NULL && n == back) {
            return 1;
        }
    }
    return 0;
}

static size_t possessive(const ctx *c, size_t j);

/* The direction of a bare weekday or "the weekend" at tokens [i, j): the
 * sentence's tense, or forward when a DEADLINE word ("by", "until") comes
 * right before it and no tense cue says otherwise. A limit set in a news
 * story is still ahead of it: "the wind should ease by Wednesday". A
 * possessive names an event, not a limit: "before Friday's sale". */
static dir day_dir(const ctx *c, size_t i, size_t j)
{
    dir d = tense(c, i, j);

    if (d == DIR_NONE && ends_before(c, i, LX_DEADLINE) &&
        possessive(c, j) == 0) {
        d = DIR_FUT;
    }
    return d;
}

/*---- Values ----*/

static void set_year(res *r, int y)
{
    if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX");
    } else {
        snprintf(r->value, sizeof(r->value), "%04d", y);
    }
}

static void set_month(res *r, int y, int m)
{
    if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX-%02d", m);
    } else {
        snprintf(r->value, sizeof(r->value), "%04d-%02d", y, m);
    }
}

static void set_ymd(res *r, int y, int m, int d)
{
    if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX-%02d-%02d", m, d);
    } else {
        snprintf(r->value, sizeof(r->value), "%04d-%02d-%02d", y, m, d);
    }
}

/* A day counted from the DCT. */
static void set_rel_day(const ctx *c, res *r, int64_t delta)
{
    int y, m, d;

    if (!c->known) {
        snprintf(r->value, sizeof(r->value), "XXXX-XX-XX");
        return;
    }
    sl__cal_civil(c->dday + delta, &y, &m, &d);
    set_ymd(r, y, m, d);
}

static void set_week(const ctx *c, res *r, int64_t day, const char *suffix)
{
    int wy, ww;

    if (!c->known) {
        snprintf(r->value, sizeof(r->value), "XXXX-WXX%s", suffix);
        return;
    }
    sl__cal_iso_week(day, &wy, &ww);
    snprintf(r->value, sizeof(r->value), "%04d-W%02d%s", wy, ww, suffix);
}

static void set_quarter(res *r, int y, int q)
{
    if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX-Q%d", q);
    } else {
        snprintf(r->value, sizeof(r->value), "%04d-Q%d", y, q);
    }
}

/* Append "T" and a part of day or a clock time to a date value. */
static void append_time(res *r, const char *t, size_t len)
{
    size_t n = strlen(r->value);

    if (n + 1 + len < sizeof(r->value)) {
        r->value[n] = 'T';
        memcpy(r->value + n + 1, t, len);
        r->value[n + 1 + len] = '\0';
    }
}

static int dct_year(const ctx *c)
{
    return c->known ? c->dy : Y_UNKNOWN;
}

static int add_years(const ctx *c, int delta)
{
    return c->known ? c->dy + delta : Y_UNKNOWN;
}

/* The year of a month (and day, 0 for none) given without one: the
 * nearest to the DCT, or the nearest before it (after it) when the
 * sentence looks back (forward). The DCT's own month counts as both. */
static int year_for(const ctx *c, int m, int d, dir dr)
{
    int best = Y_UNKNOWN;
    long best_dist = 0;

    (void)d;
    if (!c->known) {
        return Y_UNKNOWN;
    }
    for (int y = c->dy - 1; y <= c->dy + 1; y++) {
        long diff = (long)(y - c->dy) * 12 + (m - c->dm);
        long dist = diff < 0 ? -diff * 2 : diff * 3 + 1;
        if ((dr == DIR_PAST && diff > 1) || (dr == DIR_FUT && diff < 0)) {
            continue;
        }
        if (best == Y_UNKNOWN || dist < best_dist) {
            best = y;
            best_dist = dist;
        }
    }
    return best;
}

/* The day of weekday 'wd' nearest the DCT in direction 'dr'; with
 * 'strict' the DCT itself does not count. */
static int64_t weekday_day(const ctx *c, int wd, dir dr, int strict)
{
    int cur = sl__cal_weekday(c->dday);
    int64_t delta;

    if (dr == DIR_FUT) {
        delta = (wd - cur + 7) % 7;
        if (delta == 0 && strict) {
            delta = 7;
        }
    } else {
        delta = -((cur - wd + 7) % 7);
        if (delta == 0 && strict) {
            delta = -7;
        }
    }
    return c->dday + delta;
}

/* Shift the DCT by n units and set the value at the unit's granularity.
 * Returns 0 for a unit that cannot be shifted. */
static int shift(const ctx *c, res *r, const char *unit, long n)
{
    int y, m, d;

    if (strcmp(unit, "Y") == 0) {
        if (c->q != 0 && c->known) {
            set_quarter(r, c->qy + (int)n, c->q);
        } else {
            set_year(r, add_years(c, (int)n));
        }
        return 1;
    }
    if (!c->known) {
        if (strcmp(unit, "M") == 0) {
            snprintf(r->value, sizeof(r->value), "XXXX-XX");
        } else if (strcmp(unit, "D") == 0 || strcmp(unit, "W") == 0) {
            snprintf(r->value, sizeof(r->value), "XXXX-XX-XX");
        } else if (strcmp(unit, "Q") == 0) {
            snprintf(r->value, sizeof(r->value), "XXXX-QX");
        } else {
            return 0;
        }
        return 1;
    }
    if (strcmp(unit, "M") == 0) {
        long mm = (long)c->dy * 12 + (c->dm - 1) + n;
        set_month(r, (int)(mm / 12), (int)(mm % 12) + 1);
        return 1;
    }
    if (strcmp(unit, "D") == 0 || strcmp(unit, "W") == 0) {
        int64_t days = strcmp(unit, "W") == 0 ? 7 * (int64_t)n : n;
        sl__cal_civil(c->dday + days, &y, &m, &d);
        set_ymd(r, y, m, d);
        return 1;
    }
    if (strcmp(unit, "Q") == 0) {
        long qq = (long)c->dy * 4 + (c->dm - 1) / 3 + n;
        set_quarter(r, (int)(qq / 4), (int)(qq % 4) + 1);
        return 1;
    }
    if (strcmp(unit, "E") == 0) {
        snprintf(r->value, sizeof(r->value), "%03d", c->dy / 10 + (int)n);
        return 1;
    }
    if (strcmp(unit, "C") == 0) {
        snprintf(r->value, sizeof(r->value), "%02d", c->dy / 100 + (int)n);
        return 1;
    }
    return 0;
}

/* The quarter the text is talking about: the last one it named, else
 * the one before the DCT's (reports follow the quarter they cover). */
static void context_quarter(const ctx *c, res *r, int year_delta)
{
    if (c->q != 0) {
        set_quarter(r, c->qy + year_delta, c->q);
    } else if (c->known) {
        long qq = (long)c->dy * 4 + (c->dm - 1) / 3 - 1 + year_delta * 4;
        set_quarter(r, (int)(qq / 4), (int)(qq % 4) + 1);
    } else {
        snprintf(r->value, sizeof(r->value), "XXXX-QX");
    }
}

/*---- Numbers ----*/

/* A cardinal number at token i, in digits or in words ("twenty-six",
 * "a hundred", "two thousand"). Returns the end token, 0 if none. */
static size_t number(const ctx *c, size_t i, long *v)
{
    long total = 0, cur = 0;
    size_t k = i, n;
    int any = 0, after_mult = 0;
    const lx_entry *e;

    if (i >= c->nt) {
        return 0;
    }
    if (c->t[i].kind == TK_DIGITS) {
        if (c->t[i].num < 0 || punct(c, i - 1, '$') ||
            (i > 0 && glued(c, i) &&
             (punct(c, i - 1, ',') || punct(c, i - 1, '.')))) {
            return 0;
        }
        /* 1,500 and 2.5 are not read. */
        if ((punct(c, i + 1, ',') || punct(c, i + 1, '.')) && glued(c, i + 1) &&
            digits(c, i + 2, 1, 9) && glued(c, i + 2)) {
            return 0;
        }
        *v = c->t[i].num;
        return i + 1;
    }
    if ((e = lx(c, k, LX_ART, &n)) != NULL && has(c, k + n, LX_MULT)) {
        cur = e->num;
        k += n;
        any = 1;
    }
    for (;;) {
        if ((e = lx(c, k, LX_NUM, &n)) != NULL) {
            long x = e->num;
            int joins = !any || after_mult ||
                        (cur % 100 >= 20 && cur % 10 == 0 && x < 10);
            if (!joins) {
                break;
            }
            cur += x;
            k += n;
            any = 1;
            after_mult = 0;
        } else if ((e = lx(c, k, LX_MULT, &n)) != NULL && any) {
            cur = (cur ? cur : 1) * e->num;
            if (e->num >= 1000) {
                total += cur;
                cur = 0;
            }
            k += n;
            after_mult = 1;
        } else if (any && punct(c, k, '-') && glued(c, k) && glued(c, k + 1) &&
                   has(c, k + 1, LX_NUM)) {
            k++;
        } else if (any && after_mult && has(c, k, LX_AND) &&
                   has(c, k + 1, LX_NUM)) {
            k++;
        } else {
            break;
        }
        if (total + cur > 100000000) {
            return 0;
        }
    }
    if (!any) {
        return 0;
    }
    *v = total + cur;
    return k;
}

/* A year: four digits, or words ("nineteen ninety-six", "two
 * thousand"). Returns the end token, 0 if none. */
static size_t year(const ctx *c, size_t i, int *y)
{
    const lx_entry *e;
    size_t n, k;
    long v;

    if (digits(c, i, 4, 4)) {
        if (punct(c, i - 1, '$') || (punct(c, i + 1, ',') && glued(c, i + 1) &&
                                     digits(c, i + 2, 3, 3))) {
            return 0;
        }
        *y = c->t[i].num;
        return i + 1;
    }
    if ((e = lx(c, i, LX_NUM, &n)) != NULL && e->num >= 10 && e->num <= 20 &&
        (k = number(c, i + n, &v)) != 0 && v >= 10 && v < 100 &&
        c->t[i + n].kind != TK_DIGITS) {
        *y = (int)(e->num * 100 + v);
        return k;
    }
    if (e != NULL && (k = number(c, i, &v)) != 0 && v >= 1000 && v < 3000) {
        *y = (int)v;
        return k;
    }
    return 0;
}

/* Digits followed by an ordinal suffix ("3rd"), or an ordinal word. */
static size_t ordinal(const ctx *c, size_t i, long *v)
{
    const lx_entry *e;
    size_t n;

    if (digits(c, i, 1, 3) && glued(c, i + 1) && has(c, i + 1, LX_ORDSUF)) {
        *v = c->t[i].num;
        return i + 2;
    }
    if ((e = lx(c, i, LX_ORD, &n)) != NULL) {
        *v = e->num;
        return i + n;
    }
    return 0;
}

static const char *unit_code(const lx_entry *e, char *buf, size_t size)
{
    size_t n = e->arg_len < size - 1 ? e->arg_len : size - 1;

    memcpy(buf, e->arg, n);
    buf[n] = '\0';
    return buf;
}

/* The value of a duration of n units (n < 0: unstated, "X"). */
static void set_duration(res *r, const char *u, long n)
{
    char num[24];

    if (n < 0) {
        snprintf(num, sizeof(num), "X");
    } else if (strcmp(u, "E") == 0) {
        snprintf(num, sizeof(num), "%ld", n * 10);
        u = "Y";
    } else if (strcmp(u, "C") == 0) {
        snprintf(num, sizeof(num), "%ld", n * 100);
        u = "Y";
    } else if (strcmp(u, "HY") == 0) {
        snprintf(num, sizeof(num), "%ld", n * 6);
        u = "M";
    } else {
        snprintf(num, sizeof(num), "%ld", n);
    }
    r->type = SL_TIMEX_DURATION;
    if (strcmp(u, "H") == 0) {
        snprintf(r->value, sizeof(r->value), "PT%sH", num);
    } else if (strcmp(u, "TM") == 0) {
        snprintf(r->value, sizeof(r->value), "PT%sM", num);
    } else if (strcmp(u, "TS") == 0) {
        snprintf(r->value, sizeof(r->value), "PT%sS", num);
    } else if (strcmp(u, "HY") == 0) {
        snprintf(r->value, sizeof(r->value), "P%sM", num);
    } else {
        snprintf(r->value, sizeof(r->value), "P%s%s", num, u);
    }
}

/*---- Rules: each returns the end token of its match, 0 for none ----*/

/* 1998-01-08, 01/08/1998 (month first). */
static size_t r_numeric_date(const ctx *c, size_t i, res *r)
{
    const tok *t = c->t;

    if (digits(c, i, 4, 4) && punct(c, i + 1, '-') && glued(c, i + 1) &&
        digits(c, i + 2, 1, 2) && glued(c, i + 2) && punct(c, i + 3, '-') &&
        glued(c, i + 3) && digits(c, i + 4, 1, 2) && glued(c, i + 4)) {
        int y = t[i].num, m = t[i + 2].num, d = t[i + 4].num;
        if (m >= 1 && m <= 12 && d >= 1 && d <= sl__cal_month_len(y, m)) {
            r->type = SL_TIMEX_DATE;
            set_ymd(r, y, m, d);
            return i + 5;
        }
    }
    if (digits(c, i, 1, 2) && punct(c, i + 1, '/') && glued(c, i + 1) &&
        digits(c, i + 2, 1, 2) && glued(c, i + 2) && punct(c, i + 3, '/') &&
        glued(c, i + 3) && (digits(c, i + 4, 2, 2) || digits(c, i + 4, 4, 4)) &&
        glued(c, i + 4)) {
        int m = t[i].num, d = t[i + 2].num, y = t[i + 4].num;
        if (y < 100) {
            y += y < 50 ? 2000 : 1900;
        }
        if (m >= 1 && m <= 12 && d >= 1 && d <= sl__cal_month_len(y, m)) {
            r->type = SL_TIMEX_DATE;
            set_ymd(r, y, m, d);
            return i + 5;
        }
    }
    return 0;
}

/* A month name that may stand here: a word that is also something else
 * ("may", "march") must be capitalised and not open a sentence. */
static const lx_entry *month_at(const ctx *c, size_t i, size_t *n, int bare)
{
    const lx_entry *e = lx(c, i, LX_MONTH, n);

    if (e == NULL) {
        return NULL;
    }
    if (has(c, i, LX_AMBIG) &&
        (!capitalised(c, i) || (bare && sentence_start(c, i)))) {
        return NULL;
    }
    return e;
}

/* last year | this year | next year, after a month: the year meant. */
static size_t relative_year(const ctx *c, size_t i, int *y)
{
    size_t n, k;
    const lx_entry *e;
    int delta;

    if (lx(c, i, LX_PREV, &n) != NULL) {
        delta = -1;
    } else if (lx(c, i, LX_NEXT, &n) != NULL) {
        delta = 1;
    } else if (lx(c, i, LX_THIS, &n) != NULL) {
        delta = 0;
    } else {
        return 0;
    }
    k = i + n;
    if ((e = lx(c, k, LX_UNIT, &n)) == NULL || e->arg_len != 1 ||
        e->arg[0] != 'Y') {
        return 0;
    }
    *y = add_years(c, delta);
    return k + n;
}

/* Aug. 15 [, 2022] | August [,] 2022 | August of 2022 | August. */
static size_t r_month(const ctx *c, size_t i, res *r, int allow_bare)
{
    size_t n, j, k;
    const lx_entry *e = month_at(c, i, &n, 0);
    int y, m;

    if (e == NULL) {
        return 0;
    }
    m = e->num;
    j = i + n;
    if (m < 1 || m > 12) {
        return 0;
    }
    long dw = 0;
    size_t dend = 0;
    if (digits(c, j, 1, 2) && c->t[j].num >= 1 && c->t[j].num <= 31 &&
        !(punct(c, j + 1, ':') && glued(c, j + 1) && glued(c, j + 2) &&
          digits(c, j + 2, 2, 2)) &&
        !(punct(c, j + 1, ',') && glued(c, j + 1) && digits(c, j + 2, 3, 3))) {
        dw = c->t[j].num;
        dend = j + 1;
        if (glued(c, dend) && has(c, dend, LX_ORDSUF)) {
            dend++;
        }
    } else if ((dend = ordinal(c, j, &dw)) != 0 && (dw < 1 || dw > 31)) {
        dend = 0;
    }
    if (dend != 0) {
        int d = (int)dw;
        k = dend;
        size_t k2 = k + (punct(c, k, ',') ? 1 : 0);
        if ((j = year(c, k2, &y)) != 0) {
            k = j;
        } else {
            y = year_for(c, m, d, tense(c, i, k));
        }
        if (y != Y_UNKNOWN && d > sl__cal_month_len(y, m)) {
            return 0;
        }
        r->type = SL_TIMEX_DATE;
        set_ymd(r, y, m, d);
        return k;
    }
    k = j + (punct(c, j, ',') || has(c, j, LX_OF) ? 1 : 0);
    if ((j = year(c, k, &y)) != 0) {
        r->type = SL_TIMEX_DATE;
        set_month(r, y, m);
        return j;
    }
    /* "June last year", "January this year". */
    if ((j = relative_year(c, i + n, &y)) != 0) {
        r->type = SL_TIMEX_DATE;
        set_month(r, y, m);
        return j;
    }
    if (!allow_bare || month_at(c, i, &n, 1) == NULL) {
        return 0;
    }
    r->type = SL_TIMEX_DATE;
    set_month(r, year_for(c, m, 0, tense(c, i, i + n)), m);
    return i + n;
}

/* 15 August [2022] | 15th of August. */
static size_t r_day_first(const ctx *c, size_t i, res *r)
{
    size_t k, n;
    long d;
    int y;
    const lx_entry *e;

    if (digits(c, i, 1, 2)) {
        d = c->t[i].num;
        k = i + 1;
        if (glued(c, k) && has(c, k, LX_ORDSUF)) {
            k++;
        }
    } else if ((k = ordinal(c, i, &d)) == 0) {
        return 0;
    }
    if (has(c, k, LX_OF)) {
        k++;
    }
    if (d < 1 || d > 31 || (e = month_at(c, k, &n, 0)) == NULL) {
        return 0;
    }
    k += n;
    size_t j = year(c, k + (punct(c, k, ',') ? 1 : 0), &y);
    if (j != 0) {
        k = j;
    } else {
        y = year_for(c, e->num, (int)d, tense(c, i, k));
    }
    if (y != Y_UNKNOWN && d > sl__cal_month_len(y, e->num)) {
        return 0;
    }
    r->type = SL_TIMEX_DATE;
    set_ymd(r, y, e->num, (int)d);
    return k;
}

/* A part of the day after a date: "Friday evening", "yesterday morning". */
static size_t part_after(const ctx *c, size_t j, res *r)
{
    const lx_entry *e;
    size_t n;

    if ((e = lx(c, j, LX_PART, &n)) != NULL) {
        r->type = SL_TIMEX_TIME;
        append_time(r, e->arg, e->arg_len);
        return j + n;
    }
    return j;
}

/* Monday [, Oct. 26] [evening]. */
static size_t r_weekday(const ctx *c, size_t i, res *r)
{
    size_t n, j, k;
    const lx_entry *e = lx(c, i, LX_WEEKDAY, &n);

    if (e == NULL) {
        return 0;
    }
    j = i + n;
    k = j + (punct(c, j, ',') ? 1 : 0);
    if ((j = r_month(c, k, r, 0)) != 0 || (j = r_day_first(c, k, r)) != 0) {
        if (strchr(r->value, '-') != NULL && strlen(r->value) == 10) {
            return part_after(c, j, r);
        }
    }
    j = i + n;
    r->type = SL_TIMEX_DATE;
    if (!c->known) {
        snprintf(r->value, sizeof(r->value), "XXXX-WXX-%d", e->num);
    } else {
        int y, m, d;
        sl__cal_civil(weekday_day(c, e->num, day_dir(c, i, j), 0), &y, &m, &d);
        set_ymd(r, y, m, d);
    }
    return part_after(c, j, r);
}

/* yesterday [morning] | tonight | morning yesterday. */
static size_t r_rel(const ctx *c, size_t i, res *r)
{
    const lx_entry *e, *p;
    size_t n, pn;

    if ((e = lx(c, i, LX_REL, &n)) != NULL &&
        !(e->num == 0 && possessive(c, i + n))) {
        /* "today's computers" is the present at large, not the day. */
        r->type = SL_TIMEX_DATE;
        set_rel_day(c, r, e->num);
        return part_after(c, i + n, r);
    }
    if ((e = lx(c, i, LX_RELPART, &n)) != NULL) {
        r->type = SL_TIMEX_TIME;
        set_rel_day(c, r, 0);
        append_time(r, e->arg, e->arg_len);
        return i + n;
    }
    if ((p = lx(c, i, LX_PART, &pn)) != NULL &&
        (e = lx(c, i + pn, LX_REL, &n)) != NULL) {
        r->type = SL_TIMEX_TIME;
        set_rel_day(c, r, e->num);
        append_time(r, p->arg, p->arg_len);
        return i + pn + n;
    }
    return 0;
}

/* The year a quarter named without one belongs to. */
static int quarter_year(const ctx *c, int q, size_t i, size_t j)
{
    if (!c->known) {
        return Y_UNKNOWN;
    }
    if (q > (c->dm - 1) / 3 + 1 && tense(c, i, j) == DIR_PAST) {
        return c->dy - 1;
    }
    return c->dy;
}

/* [fiscal] third[-]quarter [of 1990] | first half. */
static size_t r_ord_quarter(ctx *c, size_t i, res *r, int y)
{
    size_t k = i, n, j;
    long q;
    const lx_entry *e;
    char u[8];

    if (has(c, k, LX_FISCAL)) {
        k++;
        if (punct(c, k, '-')) {
            k++;
        }
    }
    if ((j = ordinal(c, k, &q)) == 0) {
        return 0;
    }
    k = j;
    if (punct(c, k, '-') && glued(c, k)) {
        k++;
    }
    if (has(c, k, LX_FISCAL)) {
        k++;
    }
    if (lx(c, k, LX_HALF, &n) != NULL) {
        snprintf(u, sizeof(u), "HY");
    } else if ((e = lx(c, k, LX_UNIT, &n)) != NULL) {
        unit_code(e, u, sizeof(u));
    } else {
        return 0;
    }
    if (!((strcmp(u, "Q") == 0 && q >= 1 && q <= 4) ||
          (strcmp(u, "HY") == 0 && q >= 1 && q <= 2))) {
        return 0;
    }
    k += n;
    if (y == Y_UNKNOWN) {
        size_t k2 = k + (has(c, k, LX_OF) || punct(c, k, ',') ? 1 : 0);
        if ((j = year(c, k2, &y)) != 0) {
            k = j;
        } else {
            y = quarter_year(c, (int)(u[0] == 'Q' ? q : q * 2 - 1), i, k);
        }
    }
    r->type = SL_TIMEX_DATE;
    if (u[0] == 'Q') {
        set_quarter(r, y, (int)q);
        r->names_quarter = 1;
    } else if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX-H%ld", q);
    } else {
        snprintf(r->value, sizeof(r->value), "%04d-H%ld", y, q);
    }
    return k;
}

/* "'s" after a year word: "this year's third quarter". */
static size_t possessive(const ctx *c, size_t j)
{
    if (punct(c, j, '\'') && glued(c, j) && glued(c, j + 1) && j + 1 < c->nt &&
        c->t[j + 1].e - c->t[j + 1].s == 1 &&
        lower((unsigned char)c->text[c->t[j + 1].s]) == 's') {
        return j + 2;
    }
    return 0;
}

/* last/next/this + year, month, week, quarter, weekday, month name,
 * season, part of day. */
static size_t r_modified(ctx *c, size_t i, res *r)
{
    size_t n, j, k;
    int kind, delta;
    const lx_entry *e;
    char u[8];

    if (lx(c, i, LX_PREV, &n) != NULL) {
        kind = LX_PREV;
        delta = -1;
    } else if (lx(c, i, LX_NEXT, &n) != NULL) {
        kind = LX_NEXT;
        delta = 1;
    } else if (lx(c, i, LX_THIS, &n) != NULL) {
        kind = LX_THIS;
        delta = 0;
    } else {
        return 0;
    }
    j = i + n;
    if (has(c, j, LX_FISCAL)) {
        j++;
    }
    r->type = SL_TIMEX_DATE;
    if ((e = lx(c, j, LX_UNIT, &n)) != NULL) {
        unit_code(e, u, sizeof(u));
        j += n;
        if (strcmp(u, "Y") == 0) {
            int y = add_years(c, delta);
            if ((k = possessive(c, j)) != 0) {
                size_t k2 = r_ord_quarter(c, k, r, y);
                if (k2 != 0) {
                    return k2;
                }
                if ((e = lx(c, k, LX_UNIT, &n)) != NULL && e->arg_len == 1 &&
                    e->arg[0] == 'Q') {
                    context_quarter(c, r, delta);
                    if (c->known && c->q == 0) {
                        set_quarter(r, y, (c->dm - 1) / 3 + 1);
                    }
                    return k + n;
                }
            }
            set_year(r, y);
            return j;
        }
        if (strcmp(u, "WE") == 0) {
            if (!c->known) {
                set_week(c, r, 0, "-WE");
            } else {
                set_week(c, r, c->dday + 7 * delta, "-WE");
            }
            return j;
        }
        if (strcmp(u, "W") == 0) {
            set_week(c, r, c->dday + 7 * delta, "");
            return j;
        }
        if (strcmp(u, "D") == 0) {
            set_rel_day(c, r, delta);
            return j;
        }
        if (strcmp(u, "C") == 0) {
            if (c->known) {
                snprintf(r->value, sizeof(r->value), "%02d",
                         c->dy / 100 + delta);
            } else {
                snprintf(r->value, sizeof(r->value), "XX");
            }
            return j;
        }
        if (strcmp(u, "HY") == 0) {
            if (c->known) {
                long hh = (long)c->dy * 2 + (c->dm - 1) / 6 + delta;
                snprintf(r->value, sizeof(r->value), "%04ld-H%ld", hh / 2,
                         hh % 2 + 1);
            } else {
                snprintf(r->value, sizeof(r->value), "XXXX-HX");
            }
            return j;
        }
        if (shift(c, r, u, delta)) {
            if (strcmp(u, "M") == 0 && kind == LX_THIS && c->known) {
                set_month(r, c->dy, c->dm);
            }
            return j;
        }
        return 0;
    }
    if ((e = month_at(c, j, &n, 0)) != NULL) {
        int y = dct_year(c);
        if (c->known && kind == LX_PREV) {
            y = e->num < c->dm ? c->dy : c->dy - 1;
        } else if (c->known && kind == LX_NEXT) {
            y = e->num > c->dm ? c->dy : c->dy + 1;
        }
        set_month(r, y, e->num);
        return j + n;
    }
    if ((e = lx(c, j, LX_WEEKDAY, &n)) != NULL) {
        if (!c->known) {
            snprintf(r->value, sizeof(r->value), "XXXX-WXX-%d", e->num);
        } else {
            int64_t day;
            if (kind == LX_THIS) {
                day = c->dday - sl__cal_weekday(c->dday) + e->num;
            } else {
                day = weekday_day(c, e->num,
                                  kind == LX_NEXT ? DIR_FUT : DIR_PAST, 1);
            }
            int y, m, d;
            sl__cal_civil(day, &y, &m, &d);
            set_ymd(r, y, m, d);
        }
        return part_after(c, j + n, r);
    }
    if ((e = lx(c, j, LX_SEASON, &n)) != NULL) {
        int y = add_years(c, delta);
        if (y == Y_UNKNOWN) {
            snprintf(r->value, sizeof(r->value), "XXXX-%.*s", (int)e->arg_len,
                     e->arg);
        } else {
            snprintf(r->value, sizeof(r->value), "%04d-%.*s", y,
                     (int)e->arg_len, e->arg);
        }
        return j + n;
    }
    if ((e = lx(c, j, LX_PART, &n)) != NULL && kind != LX_NEXT) {
        r->type = SL_TIMEX_TIME;
        set_rel_day(c, r, kind == LX_PREV ? -1 : 0);
        append_time(r, e->arg, e->arg_len);
        return j + n;
    }
    return 0;
}

/* the latest quarter | latest period | latest fiscal year. */
static size_t r_latest(ctx *c, size_t i, res *r)
{
    size_t n, j;
    const lx_entry *e;

    if (lx(c, i, LX_LATEST, &n) == NULL) {
        return 0;
    }
    j = i + n;
    if (has(c, j, LX_FISCAL)) {
        j++;
    }
    r->type = SL_TIMEX_DATE;
    if (lx(c, j, LX_PERIOD, &n) != NULL) {
        context_quarter(c, r, 0);
        return j + n;
    }
    if ((e = lx(c, j, LX_UNIT, &n)) != NULL) {
        if (e->arg_len == 1 && e->arg[0] == 'Q') {
            context_quarter(c, r, 0);
            return j + n;
        }
        if (e->arg_len == 1 && e->arg[0] == 'Y') {
            set_year(r, add_years(c, -1));
            return j + n;
        }
    }
    return 0;
}

/* N units ago | N units earlier | N units from now. */
static size_t r_ago(ctx *c, size_t i, res *r)
{
    size_t j, n;
    long v = -1;
    const lx_entry *e;
    char u[8];
    int sign;

    if ((e = lx(c, i, LX_ART, &n)) != NULL) {
        v = e->num;
        j = i + n;
    } else if (lx(c, i, LX_QUANT, &n) != NULL) {
        j = i + n;
    } else if ((j = number(c, i, &v)) == 0) {
        return 0;
    }
    if (punct(c, j, '-') && glued(c, j)) {
        j++;
    }
    if ((e = lx(c, j, LX_UNIT, &n)) == NULL &&
        (e = lx(c, j, LX_UNITS, &n)) == NULL) {
        return 0;
    }
    unit_code(e, u, sizeof(u));
    j += n;
    if (lx(c, j, LX_FILLER, &n) != NULL) {
        j += n;
    }
    if (lx(c, j, LX_AGO, &n) != NULL) {
        sign = -1;
    } else if (lx(c, j, LX_AGO_FWD, &n) != NULL) {
        sign = 1;
    } else if (lx(c, j, LX_BEFORE, &n) != NULL ||
               lx(c, j, LX_AFTER, &n) != NULL) {
        /* "three days later", "a week earlier": counted from an event
         * in the text, not from the DCT; TimeBank marks the length. Years
         * and quarters are the exception: "a year earlier" compares with
         * the same period of the year before. */
        if (v < 0 || (strcmp(u, "Y") != 0 && strcmp(u, "Q") != 0)) {
            set_duration(r, u, v);
            return j + n;
        }
        sign = lx(c, j, LX_BEFORE, &n) != NULL ? -1 : 1;
    } else {
        return 0;
    }
    j += n;
    r->type = SL_TIMEX_DATE;
    if (v < 0) {
        snprintf(r->value, sizeof(r->value), "%s",
                 sign < 0 ? "PAST_REF" : "FUTURE_REF");
        return j;
    }
    if (v > 100000 || !shift(c, r, u, sign * v)) {
        return 0;
    }
    return j;
}

/* year-ago | year-earlier [third] [quarter|period]. */
static size_t r_yearago(ctx *c, size_t i, res *r)
{
    size_t n, j, k;
    long q;
    const lx_entry *e;

    if (lx(c, i, LX_YEARAGO, &n) == NULL) {
        return 0;
    }
    j = i + n;
    r->type = SL_TIMEX_DATE;
    if ((k = ordinal(c, j, &q)) != 0 && (e = lx(c, k, LX_UNIT, &n)) != NULL &&
        e->arg_len == 1 && e->arg[0] == 'Q' && q >= 1 && q <= 4) {
        set_quarter(r, add_years(c, -1), (int)q);
        return k + n;
    }
    if (((e = lx(c, j, LX_UNIT, &n)) != NULL && e->arg_len == 1 &&
         e->arg[0] == 'Q') ||
        lx(c, j, LX_PERIOD, &n) != NULL) {
        context_quarter(c, r, -1);
        return j + n;
    }
    if (c->q != 0) {
        set_quarter(r, c->qy - 1, c->q);
    } else {
        set_year(r, add_years(c, -1));
    }
    return j;
}

/* A year in digits or words, a decade ("1980s", "'80s"), "fiscal 1989",
 * "1988 period", "1988 third quarter". */
static size_t r_year(ctx *c, size_t i, res *r, int after_the)
{
    size_t j, k, n;
    int y, fiscal = 0;

    r->type = SL_TIMEX_DATE;
    if (punct(c, i, '\'') && digits(c, i + 1, 2, 2) && glued(c, i + 1) &&
        glued(c, i + 2) && has(c, i + 2, LX_DECSUF)) {
        int cent = c->known ? c->dy / 100 : 19;
        snprintf(r->value, sizeof(r->value), "%02d%d", cent,
                 c->t[i + 1].num / 10);
        return i + 3;
    }
    if (digits(c, i, 4, 4) && glued(c, i + 1) && has(c, i + 1, LX_DECSUF)) {
        snprintf(r->value, sizeof(r->value), "%03d", c->t[i].num / 10);
        return i + 2;
    }
    k = i;
    if (has(c, k, LX_FISCAL)) {
        fiscal = 1;
        k++;
        const lx_entry *e = lx(c, k, LX_UNIT, &n);
        if (e != NULL && e->arg_len == 1 && e->arg[0] == 'Y') {
            k += n;
        }
    }
    if ((j = year(c, k, &y)) == 0) {
        return 0;
    }
    if (!fiscal && c->t[k].kind == TK_DIGITS &&
        (y < 1850 || y > 2099 || punct(c, j, '%') ||
         (punct(c, j, '.') && glued(c, j) && digits(c, j + 1, 1, 9)))) {
        return 0;
    }
    if (!fiscal && !after_the && c->t[k].kind != TK_DIGITS &&
        number(c, k, &(long){ 0 }) == j) {
        /* "two thousand" alone is a number, not a year. */
        return 0;
    }
    if ((k = r_ord_quarter(c, j, r, y)) != 0) {
        return k;
    }
    const lx_entry *qe = lx(c, j, LX_UNIT, &n);
    if (after_the && (lx(c, j, LX_PERIOD, &n) != NULL ||
                      (qe != NULL && qe->arg_len == 1 && qe->arg[0] == 'Q'))) {
        if (c->q != 0) {
            set_quarter(r, y, c->q);
        } else {
            set_year(r, y);
        }
        return j + n;
    }
    if (after_the) {
        /* "the 2012 elections": the article belongs to the noun. */
        return 0;
    }
    r->type = SL_TIMEX_DATE;
    set_year(r, y);
    return j;
}

/* 20th century | eleventh century. */
static size_t r_century(const ctx *c, size_t i, res *r)
{
    size_t j, n;
    long v;
    const lx_entry *e;

    if ((j = ordinal(c, i, &v)) == 0 || v < 1 || v > 30) {
        return 0;
    }
    if ((e = lx(c, j, LX_UNIT, &n)) == NULL || e->arg_len != 1 ||
        e->arg[0] != 'C') {
        return 0;
    }
    r->type = SL_TIMEX_DATE;
    snprintf(r->value, sizeof(r->value), "%02ld", v - 1);
    return j + n;
}

/* summer [of] [1994]. */
static size_t r_season(const ctx *c, size_t i, res *r, int after_the)
{
    size_t n, j, k;
    int y;
    const lx_entry *e = lx(c, i, LX_SEASON, &n);

    if (e == NULL) {
        return 0;
    }
    j = i + n;
    k = j + (has(c, j, LX_OF) || punct(c, j, ',') ? 1 : 0);
    if ((k = year(c, k, &y)) != 0) {
        j = k;
    } else {
        if (!after_the && (has(c, i, LX_AMBIG) || !capitalised(c, i))) {
            return 0;
        }
        y = dct_year(c);
    }
    r->type = SL_TIMEX_DATE;
    if (y == Y_UNKNOWN) {
        snprintf(r->value, sizeof(r->value), "XXXX-%.*s", (int)e->arg_len,
                 e->arg);
    } else {
        snprintf(r->value, sizeof(r->value), "%04d-%.*s", y, (int)e->arg_len,
                 e->arg);
    }
    return j;
}

/* 7:15 p.m. [EST] [Wednesday|Nov. 9|yesterday] | noon Saturday. */
static size_t r_clock(ctx *c, size_t i, res *r)
{
    size_t j, n;
    const lx_entry *e;
    char hm[8];
    int h, m = 0;

    if ((e = lx(c, i, LX_CLOCK, &n)) != NULL) {
        snprintf(hm, sizeof(hm), "%.5s", e->arg);
        j = i + n;
    } else if (digits(c, i, 1, 2) && c->t[i].num <= 24) {
        h = c->t[i].num;
        j = i + 1;
        if (punct(c, j, ':') && glued(c, j) && digits(c, j + 1, 2, 2) &&
            glued(c, j + 1) && c->t[j + 1].num < 60) {
            m = c->t[j + 1].num;
            j += 2;
        }
        if ((e = lx(c, j, LX_AMPM, &n)) == NULL) {
            return 0;
        }
        if (e->num >= 0) {
            if (h > 12 || h == 0) {
                return 0;
            }
            h = h % 12 + e->num;
        }
        j += n;
        snprintf(hm, sizeof(hm), "%02d:%02d", h % 100, m % 100);
    } else {
        return 0;
    }
    if (has(c, j, LX_ZONE)) {
        j++;
    }
    size_t k = j + (punct(c, j, ',') ? 1 : 0);
    res d = { 0 };
    size_t e2;
    if ((e2 = r_weekday(c, k, &d)) != 0 || (e2 = r_month(c, k, &d, 0)) != 0 ||
        (e2 = r_rel(c, k, &d)) != 0) {
        if (strlen(d.value) == 10) {
            memcpy(r->value, d.value, sizeof(r->value));
            j = e2;
        } else {
            set_rel_day(c, r, 0);
        }
    } else {
        set_rel_day(c, r, 0);
    }
    r->type = SL_TIMEX_TIME;
    append_time(r, hm, strlen(hm));
    return j;
}

/* Does a number stand in the three tokens before token i? Then "a week"
 * after it is a rate ("four flights a week"). */
static int after_count(const ctx *c, size_t i)
{
    for (size_t k = i; k > 0 && i - k < 3; k--) {
        long v;
        if (c->t[k - 1].kind == TK_DIGITS || number(c, k - 1, &v) != 0) {
            return 1;
        }
    }
    return 0;
}

/* [the] [past|next|first] N units | several units | recent weeks. */
static size_t r_duration(const ctx *c, size_t i, res *r)
{
    size_t j = i, n, k, numtok = c->nt;
    long v = -1, ord;
    const lx_entry *e;
    char u[8];

    const char *ref = NULL;

    if (lx(c, j, LX_PREV, &n) != NULL) {
        ref = "PAST_REF";
        j += n;
    } else if (lx(c, j, LX_NEXT, &n) != NULL) {
        ref = "FUTURE_REF";
        j += n;
    } else if (lx(c, j, LX_LATEST, &n) != NULL ||
               lx(c, j, LX_YEARAGO, &n) != NULL) {
        j += n;
    } else if ((k = ordinal(c, j, &ord)) != 0 && !has(c, j, LX_UNIT)) {
        j = k;
    }
    if (ref != NULL && (e = lx(c, j, LX_UNITS, &n)) != NULL) {
        /* "past years", "coming weeks": the past or future at large. */
        r->type = SL_TIMEX_DATE;
        snprintf(r->value, sizeof(r->value), "%s", ref);
        return j + n;
    }
    if ((e = lx(c, j, LX_QUANT, &n)) != NULL) {
        const lx_entry *q = e;
        j += n;
        if ((e = lx(c, j, LX_UNITS, &n)) == NULL) {
            return 0;
        }
        if (q->arg_len > 0) {
            /* "recent years": a reference, not a length. */
            r->type = SL_TIMEX_DATE;
            snprintf(r->value, sizeof(r->value), "%.*s", (int)q->arg_len,
                     q->arg);
            return j + n;
        }
    } else {
        if ((k = number(c, j, &v)) != 0) {
            numtok = j;
            j = k;
        } else if ((e = lx(c, j, LX_ART, &n)) != NULL) {
            if (after_count(c, j) || has(c, j + n, LX_YEARAGO)) {
                return 0;
            }
            v = e->num;
            j += n;
        } else {
            return 0;
        }
        if (punct(c, j, '-') && glued(c, j) && glued(c, j + 1)) {
            j++;
        }
        if ((e = lx(c, j, LX_UNIT, &n)) == NULL &&
            (e = lx(c, j, LX_UNITS, &n)) == NULL) {
            return 0;
        }
    }
    unit_code(e, u, sizeof(u));
    if (has(c, j + n, LX_AGE) || (punct(c, j + n, '-') && glued(c, j + n) &&
                                  has(c, j + n + 1, LX_AGE))) {
        /* "52 years old", "a 136-year-old bank": an age. */
        return 0;
    }
    if (strcmp(u, "WE") == 0 || v > 10000 ||
        (v >= 1000 && digits(c, numtok, 4, 4))) {
        return 0;
    }
    /* "a quarter of", "three-quarters": fractions, not time. */
    if (strcmp(u, "Q") == 0 &&
        (has(c, j + n, LX_OF) || c->t[j].gap == GAP_NONE ||
         (numtok == c->nt && v == 1))) {
        return 0;
    }
    set_duration(r, u, v);
    return j + n;
}

/* every week | each July | annually | Tuesday nights. */
static size_t r_set(const ctx *c, size_t i, res *r)
{
    size_t n, j, k;
    const lx_entry *e;
    long v = 1;
    char u[8];

    r->type = SL_TIMEX_SET;
    if ((e = lx(c, i, LX_SETWORD, &n)) != NULL) {
        snprintf(r->value, sizeof(r->value), "%.*s", (int)e->arg_len, e->arg);
        return i + n;
    }
    if ((e = lx(c, i, LX_WEEKDAYS, &n)) != NULL) {
        snprintf(r->value, sizeof(r->value), "XXXX-WXX-%d", e->num);
        j = i + n;
        if ((e = lx(c, j, LX_PARTS, &n)) != NULL ||
            (e = lx(c, j, LX_PART, &n)) != NULL) {
            append_time(r, e->arg, e->arg_len);
            j += n;
        }
        return j;
    }
    if (lx(c, i, LX_EVERY, &n) == NULL) {
        return 0;
    }
    j = i + n;
    if ((k = number(c, j, &v)) != 0) {
        j = k;
    } else if ((k = ordinal(c, j, &v)) != 0) {
        j = k;
        v = 2; /* "every other": every second one */
    }
    if ((e = lx(c, j, LX_UNIT, &n)) != NULL ||
        (e = lx(c, j, LX_UNITS, &n)) != NULL) {
        unit_code(e, u, sizeof(u));
        set_duration(r, u, v);
        r->type = SL_TIMEX_SET;
        return j + n;
    }
    if ((e = lx(c, j, LX_MONTH, &n)) != NULL) {
        snprintf(r->value, sizeof(r->value), "XXXX-%02d", e->num);
        return j + n;
    }
    if ((e = lx(c, j, LX_WEEKDAY, &n)) != NULL) {
        snprintf(r->value, sizeof(r->value), "XXXX-WXX-%d", e->num);
        return j + n;
    }
    if ((e = lx(c, j, LX_SEASON, &n)) != NULL) {
        snprintf(r->value, sizeof(r->value), "XXXX-%.*s", (int)e->arg_len,
                 e->arg);
        return j + n;
    }
    return 0;
}

static size_t r_ref(const ctx *c, size_t i, res *r)
{
    size_t n;
    const lx_entry *e = lx(c, i, LX_REF, &n);

    if (e == NULL) {
        return 0;
    }
    r->type = SL_TIMEX_DATE;
    snprintf(r->value, sizeof(r->value), "%.*s", (int)e->arg_len, e->arg);
    return i + n;
}

/* Keep 'cand' in 'best' when it reaches further. */
static void keep(res *best, size_t end, const res *cand)
{
    if (end > best->end) {
        *best = *cand;
        best->end = end;
    }
}

/* Rules that name a point or period of time (no durations or sets). */
static void dates_at(ctx *c, size_t i, res *best, int after_the)
{
    res r = { 0 };
    size_t e;

    if ((e = r_numeric_date(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_month(c, i, &r, 1)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_day_first(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_weekday(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_rel(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_modified(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_latest(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_ord_quarter(c, i, &r, Y_UNKNOWN)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_ago(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_yearago(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_year(c, i, &r, after_the)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_century(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_season(c, i, &r, after_the)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_clock(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
}

/* Everything that may start at token i, after an optional article. */
static void core_at(ctx *c, size_t i, res *best, int after_the)
{
    res r = { 0 };
    size_t e, n;
    const lx_entry *x;

    dates_at(c, i, best, after_the);
    if ((e = r_duration(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    memset(&r, 0, sizeof(r));
    if ((e = r_set(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    if (!after_the && (x = lx(c, i, LX_UNITS, &n)) != NULL &&
        !(x->arg_len == 1 && x->arg[0] == 'Q') && !glued(c, i) &&
        !(i > 0 && (has(c, i - 1, LX_OF) || after_count(c, i))) &&
        !has(c, i + n, LX_AGE)) {
        /* "for years", "centuries": an unstated number of units (but not
         * "hundreds of years", "living quarters"). */
        char code[8];
        memset(&r, 0, sizeof(r));
        set_duration(&r, unit_code(x, code, sizeof(code)), -1);
        keep(best, i + n, &r);
    }
    if ((x = lx(c, i, LX_YEAREND, &n)) != NULL) {
        /* "year-end", "by year's end": the end of the present year. */
        memset(&r, 0, sizeof(r));
        r.type = SL_TIMEX_DATE;
        set_year(&r, dct_year(c));
        snprintf(r.mod, sizeof(r.mod), "END");
        keep(best, i + n, &r);
    }
    memset(&r, 0, sizeof(r));
    if (!after_the && (e = r_ref(c, i, &r)) != 0) {
        keep(best, e, &r);
    }
    size_t fy = after_the && has(c, i, LX_FISCAL) ? 1 : 0;
    if (after_the && (x = lx(c, i + fy, LX_UNIT, &n)) != NULL &&
        (fy == 0 || (x->arg_len == 1 && x->arg[0] == 'Y'))) {
        n += fy;
        /* "the quarter", "the year", "the weekend". */
        memset(&r, 0, sizeof(r));
        r.type = SL_TIMEX_DATE;
        if (x->arg_len == 1 && x->arg[0] == 'Q') {
            context_quarter(c, &r, 0);
            keep(best, i + n, &r);
        } else if (x->arg_len == 2 && memcmp(x->arg, "WE", 2) == 0) {
            /* after_the: "the" is token i - 1. */
            dir d = day_dir(c, i - 1, i + n);
            if (c->known) {
                int64_t sat =
                    weekday_day(c, 6, d == DIR_FUT ? DIR_FUT : DIR_PAST, 0);
                set_week(c, &r, sat, "-WE");
            } else {
                set_week(c, &r, 0, "-WE");
            }
            keep(best, i + n, &r);
        } else if (x->arg_len == 1 && (x->arg[0] == 'Y' || x->arg[0] == 'M')) {
            size_t k;
            int y;
            if ((k = year(c, i + n, &y)) != 0) {
                set_year(&r, y);
                keep(best, k, &r);
            } else {
                set_duration(&r, x->arg[0] == 'Y' ? "Y" : "M", 1);
                keep(best, i + n, &r);
            }
        }
    }
}

/* The present unit: this year, month, week or quarter. */
static int this_unit(const ctx *c, res *r, const char *u)
{
    if (strcmp(u, "Y") == 0) {
        set_year(r, dct_year(c));
    } else if (strcmp(u, "M") == 0) {
        if (c->known) {
            set_month(r, c->dy, c->dm);
        } else {
            snprintf(r->value, sizeof(r->value), "XXXX-XX");
        }
    } else if (strcmp(u, "W") == 0) {
        set_week(c, r, c->dday, "");
    } else if (strcmp(u, "Q") == 0) {
        return shift(c, r, "Q", 0);
    } else {
        return 0;
    }
    return 1;
}

/* Edges: early 2013, late yesterday, mid-November, the end of 1990,
 * earlier this year. */
static void edge_at(ctx *c, size_t i, res *best)
{
    static const struct {
        int cls;
        const char *mod;
    } edges[] = { { LX_EARLY, "START" },
                  { LX_LATE, "END" },
                  { LX_MID, "MID" } };

    for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
        size_t n, j;
        const lx_entry *p;
        res r = { 0 };
        if (lx(c, i, edges[k].cls, &n) == NULL) {
            continue;
        }
        j = i + n;
        if (punct(c, j, '-') && glued(c, j)) {
            j++;
        }
        if (has(c, j, LX_IN)) {
            j++;
        }
        int the = has(c, j, LX_THE);
        if (the) {
            j++;
        }
        dates_at(c, j, &r, the);
        if (r.end == 0 && the) {
            /* "the end of the year": the present one. */
            const lx_entry *u = lx(c, j, LX_UNIT, &n);
            if (u != NULL) {
                char code[8];
                unit_code(u, code, sizeof(code));
                r.type = SL_TIMEX_DATE;
                if (this_unit(c, &r, code)) {
                    r.end = j + n;
                }
            }
        }
        if (r.end == 0 && (p = lx(c, j, LX_PART, &n)) != NULL) {
            r.type = SL_TIMEX_TIME;
            set_rel_day(c, &r, 0);
            append_time(&r, p->arg, p->arg_len);
            r.end = j + n;
            res y = { 0 };
            size_t e2 = r_rel(c, r.end, &y);
            if (e2 != 0) {
                y.type = SL_TIMEX_TIME;
                append_time(&y, p->arg, p->arg_len);
                y.end = e2;
                r = y;
            }
        }
        if (r.end == 0 || r.type == SL_TIMEX_DURATION ||
            strchr(r.value, '_') != NULL) {
            continue;
        }
        if (r.type == SL_TIMEX_DATE && strcmp(r.value, "P1Y") == 0) {
            continue;
        }
        snprintf(r.mod, sizeof(r.mod), "%s", edges[k].mod);
        keep(best, r.end, &r);
    }
}

/* Does the article before the match r at token i belong to it? Not when
 * the match is a date or a compound that modifies a noun: "the Feb. 23
 * meeting", "the eight-year contract", "the third-quarter loss". */
static int the_fits(const ctx *c, size_t i, const res *r)
{
    const char *v = r->value;
    size_t len = strlen(v);

    if (r->mod[0] == '\0' && (len == 7 || len == 10) && v[4] == '-' &&
        ((v[5] >= '0' && v[5] <= '9') || v[5] == 'X')) {
        return 0;
    }
    if (r->type == SL_TIMEX_TIME ||
        (len >= 10 && memcmp(v, "XXXX-WXX-", 9) == 0)) {
        return 0;
    }
    for (size_t k = i + 1; k + 1 < r->end; k++) {
        if (punct(c, k, '-') && glued(c, k) && glued(c, k + 1) &&
            k + 2 == r->end) {
            return 0;
        }
    }
    return 1;
}

/* Is token i, a word usually written in lower case, capitalised after a
 * capitalised word inside a sentence? Then it belongs to a name: "USA
 * Today", "Radio Free Europe Now". Month and weekday names are always
 * capitalised and do not count. */
static int in_name(const ctx *c, size_t i)
{
    if (i == 0 || c->t[i].kind != TK_WORD || !capitalised(c, i) ||
        sentence_start(c, i) || c->t[i - 1].kind != TK_WORD ||
        !capitalised(c, i - 1) || sentence_start(c, i - 1)) {
        return 0;
    }
    return !has(c, i, LX_MONTH) && !has(c, i, LX_WEEKDAY) &&
           !has(c, i, LX_WEEKDAYS) && !has(c, i, LX_SEASON);
}

/* The longest expression starting at token i; best->end is 0 if none. */
static void parse_at(ctx *c, size_t i, res *best)
{
    size_t n;
    const lx_entry *a;

    memset(best, 0, sizeof(*best));
    if (in_name(c, i)) {
        return;
    }
    edge_at(c, i, best);
    core_at(c, i, best, 0);
    if (has(c, i, LX_THE)) {
        res r = { 0 };
        edge_at(c, i + 1, &r);
        core_at(c, i + 1, &r, 1);
        if (r.end != 0 && the_fits(c, i + 1, &r)) {
            keep(best, r.end, &r);
        }
    }
    if ((a = lx(c, i, LX_APPROX, &n)) != NULL && best->end == 0) {
        res r = { 0 };
        size_t j = i + n;
        int the = has(c, j, LX_THE);
        core_at(c, j + (the ? 1 : 0), &r, the);
        if (r.end != 0 &&
            (r.type == SL_TIMEX_DURATION || r.type == SL_TIMEX_TIME ||
             (r.value[0] >= '0' && r.value[0] <= '9'))) {
            snprintf(r.mod, sizeof(r.mod), "%.*s", (int)a->arg_len, a->arg);
            keep(best, r.end, &r);
        }
    }
}

/*---- The public API ----*/

static int
emit(ctx *c, sl_timex **out, size_t *count, size_t *cap, size_t i, const res *r)
{
    sl_timex *t;

    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        sl_timex *p = sl__realloc(*out, ncap * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        *out = p;
        *cap = ncap;
    }
    t = &(*out)[(*count)++];
    memset(t, 0, sizeof(*t));
    t->start = c->t[i].s;
    t->end = c->t[r->end - 1].e;
    t->type = r->type;
    memcpy(t->value, r->value, sizeof(t->value));
    t->value[sizeof(t->value) - 1] = '\0';
    memcpy(t->mod, r->mod, sizeof(t->mod));
    t->mod[sizeof(t->mod) - 1] = '\0';
    /* Remember the quarter the text speaks of. */
    if (r->names_quarter && strlen(t->value) == 7 && t->value[4] == '-' &&
        t->value[5] == 'Q' && t->value[6] >= '1' && t->value[6] <= '4' &&
        t->value[0] != 'X') {
        c->qy = (t->value[0] - '0') * 1000 + (t->value[1] - '0') * 100 +
                (t->value[2] - '0') * 10 + (t->value[3] - '0');
        c->q = t->value[6] - '0';
    }
    return SL_OK;
}

struct sl_timex_rules {
    sl__timex_lex lex;
};

int sl_timex_rules_new(sl_timex_rules **out, const char *language)
{
    sl_timex_rules *r;
    const char *rules;
    size_t len;
    int rc;

    *out = NULL;
    rules = sl__timex_rules(language, &len);
    if (rules == NULL) {
        return SL_ENOTFOUND;
    }
    r = sl__calloc(1, sizeof(*r));
    if (r == NULL) {
        return SL_ENOMEM;
    }
    rc = sl__timex_lex_load(&r->lex, rules, len);
    if (rc < 0) {
        sl__free(r);
        return rc;
    }
    *out = r;
    return SL_OK;
}

void sl_timex_rules_free(sl_timex_rules *rules)
{
    if (rules != NULL) {
        sl__timex_lex_dispose(&rules->lex);
        sl__free(rules);
    }
}

int sl_timex_find(sl_timex **out,
                  size_t *count,
                  const char *text,
                  size_t len,
                  int64_t dct_ms,
                  const sl_timex_options *opts)
{
    sl__timex_lex lex = { 0 };
    ctx c;
    const char *rules = NULL;
    size_t rules_len = 0, cap = 0;
    size_t max =
        opts && opts->max_bytes ? opts->max_bytes : SL_TIMEX_DEFAULT_MAX_BYTES;
    int rc;

    *out = NULL;
    *count = 0;
    memset(&c, 0, sizeof(c));
    if (opts != NULL && opts->rules != NULL) {
        c.lex = &opts->rules->lex;
    } else {
        rules = sl__timex_rules(opts ? opts->language : NULL, &rules_len);
        if (rules == NULL) {
            return SL_ENOTFOUND;
        }
    }
    if (len > max) {
        return SL_ELIMIT;
    }
    if (len == 0) {
        return SL_OK;
    }
    if (c.lex == NULL) {
        rc = sl__timex_lex_load(&lex, rules, rules_len);
        if (rc < 0) {
            goto out;
        }
        c.lex = &lex;
    }
    c.text = text;
    c.len = len;
    if (dct_ms != 0) {
        int64_t days = dct_ms / 86400000;
        if (dct_ms < 0 && dct_ms % 86400000 != 0) {
            days--;
        }
        if (days > -700000 && days < 2900000) {
            c.known = 1;
            c.dday = days;
            sl__cal_civil(days, &c.dy, &c.dm, &c.dd);
        }
    }
    rc = tokenize(&c);
    if (rc < 0) {
        goto out;
    }
    rc = find_hits(&c);
    if (rc < 0) {
        goto out;
    }
    for (size_t i = 0; i < c.nt;) {
        res r;
        parse_at(&c, i, &r);
        if (r.end == 0) {
            i++;
            continue;
        }
        rc = emit(&c, out, count, &cap, i, &r);
        if (rc < 0) {
            goto out;
        }
        i = r.end;
    }
out:
    if (rc < 0) {
        sl__free(*out);
        *out = NULL;
        *count = 0;
    } else if (*count == 0) {
        sl__free(*out);
        *out = NULL;
    }
    sl__free(c.t);
    sl__free(c.h);
    sl__timex_lex_dispose(&lex);
    return rc;
}
