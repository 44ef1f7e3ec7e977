/*
 * sentence.c - rule-based sentence splitting (sl_sentence_split, see
 * storyline/summary.h).
 *
 * One pass over the bytes. A candidate boundary is a run of terminal
 * punctuation ('.', '!', '?', U+2026 and the CJK stops U+3002, U+FF01,
 * U+FF1F) followed by closing quotes or brackets and then white space or
 * the end of the text; a line break is a candidate of its own (see
 * line_breaks() for when a single one ends a sentence). Whether a
 * candidate is a boundary depends on the word before the stop and the
 * first character after the space:
 *
 *   - a lower-case ASCII letter next never starts a sentence;
 *   - after a title ("Mr.", "Gen.", "Sen.") there is never a boundary;
 *   - after another known abbreviation ("Jan.", "Inc.", "etc."), a dotted
 *     one ("U.S.", "a.m.") or an initial ("J."), there is one only before
 *     a word that usually opens a sentence ("The", "He", "But" ...), as in
 *     "moved to the U.S. The company";
 *   - after "No." there is none before a digit ("No. 5");
 *   - otherwise a stop followed by space is a boundary.
 *
 * The CJK stops need no space after them. This is the approach of the
 * Punkt-free splitters used in summarisation pipelines (e.g. the
 * abbreviation lists of Stanford CoreNLP's PTBTokenizer and of
 * Grefenstette and Tapanainen, "What is a word, what is a sentence?",
 * 1994), reduced to what news prose needs.
 */
#include <stdint.h>
#include <string.h>

#include "storyline/summary.h"
#include "util/alloc.h"

/* Titles: a name always follows, so never a boundary after them. */
static const char *const titles[] = {
    "adm", "brig", "capt", "cdr",  "cmdr", "col",  "cpl", "det",    "dr",
    "fr",  "gen",  "gov",  "hon",  "insp", "lt",   "maj", "messrs", "mme",
    "mr",  "mrs",  "ms",   "msgr", "pres", "prof", "pvt", "rep",    "reps",
    "rev", "sen",  "sens", "sgt",  "st",   "supt",
};

/* Other abbreviations: a boundary only before a typical sentence opener. */
static const char *const abbrevs[] = {
    "apr", "approx", "assn", "aug", "ave", "blvd", "bros", "ch",  "co", "corp",
    "dec", "dept",   "ed",   "eds", "est", "etc",  "feb",  "fig", "ft", "inc",
    "jan", "jul",    "jun",  "ltd", "mar", "mt",   "nov",  "oct", "pp", "rd",
    "sep", "sept",   "univ", "vol", "vs",  "jr",   "sr",
};

/* "No." before a number is an abbreviation ("No. 5"). */
static const char *const number_signs[] = { "no", "nos" };

/* Words that usually open a sentence, for the cases above. */
static const char *const openers[] = {
    "a",    "after", "also",   "an",    "and",   "as",        "at",   "before",
    "but",  "by",    "during", "for",   "he",    "her",       "his",  "however",
    "i",    "if",    "in",     "it",    "its",   "meanwhile", "most", "mr",
    "mrs",  "ms",    "on",     "one",   "our",   "she",       "so",   "some",
    "that", "the",   "their",  "there", "these", "they",      "this", "those",
    "to",   "we",    "when",   "while", "with",  "yet",       "you",
};

#define N_OF(a)  (sizeof(a) / sizeof((a)[0]))
#define WORD_CAP 16
/* Lines shorter than this, in bytes, are not wrapped prose. */
#define SHORT_LINE 50

/* Is w[0..len) (ASCII, any case) one of 'list'? */
static int in_list(const char *const *list, size_t n, const char *w, size_t len)
{
    char low[WORD_CAP];

    if (len == 0 || len >= WORD_CAP) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        }
        low[i] = (char)c;
    }
    low[len] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], low) == 0) {
            return 1;
        }
    }
    return 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alpha(unsigned char c)
{
    return is_lower(c) || is_upper(c);
}

/* Length of a multi-byte terminal stop at s[0..len): U+2026 (ellipsis),
 * U+3002, U+FF01, U+FF1F; 0 if none. *cjk is set for the CJK ones. */
static size_t multibyte_stop(const unsigned char *s, size_t len, int *cjk)
{
    *cjk = 0;
    if (len < 3) {
        return 0;
    }
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA6) {
        return 3;
    }
    if ((s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x82) ||
        (s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x81 || s[2] == 0x9F))) {
        *cjk = 1;
        return 3;
    }
    return 0;
}

/* Length of a closing quote or bracket at s[0..len), 0 if none:
 * " ' ) ] } and U+2019, U+201D, U+00BB, U+300D, U+300F. */
static size_t closer(const unsigned char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    if (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']' ||
        s[0] == '}') {
        return 1;
    }
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xBB) {
        return 2;
    }
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x99 || s[2] == 0x9D)) {
        return 3;
    }
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 &&
        (s[2] == 0x8D || s[2] == 0x8F)) {
        return 3;
    }
    return 0;
}

/* Does an opening quote or bracket start s[0..len)? " ' ( [ and U+2018,
 * U+201C, U+00AB. Its length, or 0. */
static size_t opener_mark(const unsigned char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    if (s[0] == '"' || s[0] == '\'' || s[0] == '(' || s[0] == '[') {
        return 1;
    }
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xAB) {
        return 2;
    }
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x98 || s[2] == 0x9C)) {
        return 3;
    }
    return 0;
}

/* The kind of the word that ends just before a single '.' at s[dot]. */
enum word_kind { W_PLAIN, W_TITLE, W_ABBREV, W_NUMBER_SIGN };

static enum word_kind word_before(const unsigned char *s, size_t dot)
{
    size_t b = dot;
    size_t len;
    int dotted = 0;

    while (b > 0 && !is_space(s[b - 1])) {
        b--;
    }
    /* Skip opening quotes and brackets before the word. */
    while (b < dot &&
           (s[b] == '"' || s[b] == '\'' || s[b] == '(' || s[b] == '[')) {
        b++;
    }
    len = dot - b;
    if (len == 0) {
        return W_PLAIN;
    }
    for (size_t i = b; i < dot; i++) {
        if (s[i] == '.') {
            dotted = 1;
        } else if (!is_alpha(s[i])) {
            return W_PLAIN;
        }
    }
    if (dotted) {
        /* U.S, a.m, e.g: letters and dots, no two dots in a row. */
        for (size_t i = b + 1; i < dot; i++) {
            if (s[i] == '.' && s[i - 1] == '.') {
                return W_PLAIN;
            }
        }
        return s[b] == '.' ? W_PLAIN : W_ABBREV;
    }
    if (len == 1) {
        return is_upper(s[b]) ? W_ABBREV : W_PLAIN; /* an initial */
    }
    if (in_list(titles, N_OF(titles), (const char *)s + b, len)) {
        return W_TITLE;
    }
    if (in_list(number_signs, N_OF(number_signs), (const char *)s + b, len)) {
        return W_NUMBER_SIGN;
    }
    if (in_list(abbrevs, N_OF(abbrevs), (const char *)s + b, len)) {
        return W_ABBREV;
    }
    return W_PLAIN;
}

/* Is the word at s[i..len) (after any opening mark) a usual opener? */
static int opens_sentence(const unsigned char *s, size_t len, size_t i)
{
    size_t e;

    i += opener_mark(s + i, len - i);
    e = i;
    while (e < len && is_alpha(s[e])) {
        e++;
    }
    if (e == i || !is_upper(s[i])) {
        return 0;
    }
    return in_list(openers, N_OF(openers), (const char *)s + i, e - i);
}

/* Does the single line break at s[nl], with the next line starting at
 * s[next], end a sentence that started at s[start]? Not before a
 * lower-case letter. Otherwise yes after a short line (a headline, a
 * byline, a list item) or a line whose last word is not lower-case;
 * a long line ending in a lower-case word is prose wrapped at a column. */
static int
line_breaks(const unsigned char *s, size_t start, size_t nl, size_t next)
{
    size_t a = nl, e = nl, w;

    if (is_lower(s[next])) {
        return 0;
    }
    while (e > start && is_space(s[e - 1])) {
        e--;
    }
    while (a > start && s[a - 1] != '\n') {
        a--;
    }
    while (a < e && is_space(s[a])) {
        a++;
    }
    if (e - a < SHORT_LINE) {
        return 1;
    }
    w = e;
    while (w > a && !is_space(s[w - 1])) {
        w--;
    }
    return !is_lower(s[w]);
}

typedef struct spans {
    sl_span *v;
    size_t count;
    size_t cap;
} spans;

static int push_raw(spans *sp, size_t start, size_t end)
{
    if (sp->count == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 16;
        size_t bytes;
        sl_span *v;

        if (__builtin_mul_overflow(cap, sizeof(*v), &bytes)) {
            return SL_ENOMEM;
        }
        v = sl__realloc(sp->v, bytes);
        if (v == NULL) {
            return SL_ENOMEM;
        }
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->count].start = start;
    sp->v[sp->count].end = end;
    sp->count++;
    return SL_OK;
}

/* Back 'i' up to the start of the UTF-8 sequence it is inside. */
static size_t char_start(const unsigned char *s, size_t start, size_t i)
{
    while (i > start && (s[i] & 0xC0) == 0x80) {
        i--;
    }
    return i;
}

/* Trim [start, end), then push it in pieces of at most
 * SL_SENTENCE_MAX_BYTES, each cut at the last space inside the limit
 * (or at a character boundary when there is none). */
static int push(spans *sp, const unsigned char *s, size_t start, size_t end)
{
    while (start < end && is_space(s[start])) {
        start++;
    }
    while (end > start && is_space(s[end - 1])) {
        end--;
    }
    while (end - start > SL_SENTENCE_MAX_BYTES) {
        size_t cut = start + SL_SENTENCE_MAX_BYTES;
        size_t sp_at = cut;
        int rc;

        while (sp_at > start && !is_space(s[sp_at])) {
            sp_at--;
        }
        if (sp_at > start) {
            cut = sp_at;
        } else {
            cut = char_start(s, start, cut);
            if (cut == start) {
                cut = start + SL_SENTENCE_MAX_BYTES;
            }
        }
        size_t piece_end = cut;
        while (piece_end > start && is_space(s[piece_end - 1])) {
            piece_end--;
        }
        rc = push_raw(sp, start, piece_end);
        if (rc < 0) {
            return rc;
        }
        start = cut;
        while (start < end && is_space(s[start])) {
            start++;
        }
    }
    if (end > start) {
        return push_raw(sp, start, end);
    }
    return SL_OK;
}

/* Given a stop run s[i..j) (ASCII or multi-byte), decide whether a
 * sentence ends after it, and where (*end, after closers). */
static int stop_ends(const unsigned char *s,
                     size_t len,
                     size_t i,
                     size_t j,
                     int cjk,
                     size_t *end)
{
    size_t k = j, n;

    while ((n = closer(s + k, len - k)) > 0) {
        k += n;
    }
    *end = k;
    if (k >= len) {
        return 1;
    }
    if (cjk) {
        return 1;
    }
    if (!is_space(s[k])) {
        return 0; /* 3.5, example.com, U.S.-led, "?!x" */
    }
    size_t nx = k;
    while (nx < len && is_space(s[nx])) {
        nx++;
    }
    if (nx >= len) {
        return 1;
    }
    if (is_lower(s[nx])) {
        return 0;
    }
    /* A single '.' right after a word: check the word. */
    if (j == i + 1 && s[i] == '.') {
        switch (word_before(s, i)) {
        case W_TITLE:
            return 0;
        case W_NUMBER_SIGN:
            if (s[nx] >= '0' && s[nx] <= '9') {
                return 0;
            }
            return opens_sentence(s, len, nx);
        case W_ABBREV:
            return opens_sentence(s, len, nx);
        case W_PLAIN:
            break;
        }
    }
    return 1;
}

int sl_sentence_split(sl_span **out,
                      size_t *count,
                      const char *text,
                      size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    spans sp = { 0 };
    size_t start = 0, i = 0;
    int rc = SL_OK;

    *out = NULL;
    *count = 0;
    if (text == NULL || len == 0) {
        return SL_OK;
    }
    while (i < len) {
        unsigned char c = s[i];
        int cjk = 0;
        size_t m;

        if (c == '\n') {
            size_t j = i, lines = 0;
            while (j < len && is_space(s[j])) {
                lines += s[j] == '\n';
                j++;
            }
            if (lines >= 2 || j >= len || line_breaks(s, start, i, j)) {
                rc = push(&sp, s, start, i);
                if (rc < 0) {
                    goto out;
                }
                start = j;
            }
            i = j;
            continue;
        }
        if (c == '.' || c == '!' || c == '?') {
            size_t j = i;
            while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?')) {
                j++;
            }
            size_t end;
            if (stop_ends(s, len, i, j, 0, &end)) {
                rc = push(&sp, s, start, end);
                if (rc < 0) {
                    goto out;
                }
                start = end;
            }
            i = end;
            continue;
        }
        if (c >= 0xE2 && (m = multibyte_stop(s + i, len - i, &cjk)) > 0) {
            size_t j = i + m;
            size_t end;
            if (stop_ends(s, len, i, j, cjk, &end)) {
                rc = push(&sp, s, start, end);
                if (rc < 0) {
                    goto out;
                }
                start = end;
            }
            i = end;
            continue;
        }
        i++;
    }
    rc = push(&sp, s, start, len);
out:
    if (rc < 0) {
        sl__free(sp.v);
        return rc;
    }
    if (sp.count == 0) {
        sl__free(sp.v);
        sp.v = NULL;
    }
    *out = sp.v;
    *count = sp.count;
    return SL_OK;
}
