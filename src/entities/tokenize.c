/*
 * tokenize.c - words, punctuation and sentences for the entity tagger.
 *
 * The text is cut at white space into chunks; each chunk loses its
 * leading punctuation (opening brackets and quotes, currency signs), then
 * its trailing punctuation (closing brackets and quotes, commas, colons,
 * a final period unless the word is an abbreviation), then its clitic
 * ("'s", "'re", "n't" ...). What is left is one word. This is the Penn
 * Treebank tokenisation the CoNLL-2003 files use (Marcus et al. 1993;
 * Tjong Kim Sang and De Meulder 2003), applied to one chunk at a time.
 *
 * A period stays on its word when the word is an initial ("J."), holds
 * another period ("U.S.", "a.m."), is a known abbreviation ("Corp.",
 * "St.", "Calif.") or is a list number at the start of a line ("2.").
 *
 * Exports sl__ner_tokenize(), sl__ner_tokens_dispose(), sl__ner_char().
 */
#include "tokenize.h"

#include <string.h>

#include "storyline/common.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* Most tokens split off one chunk's end: "Smith.)" gives three. */
#define MAX_TRAIL 8

size_t sl__ner_char(uint32_t *cp, const char *s, size_t len)
{
    size_t n;

    if (len == 0) {
        *cp = 0;
        return 0;
    }
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    n = sl__utf8_decode(cp, (const unsigned char *)s, len);
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

static int is_space(uint32_t cp)
{
    return cp <= 0x20 || cp == 0x7F || cp == 0x85 || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static int is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x85 ||
           cp == 0x2028 || cp == 0x2029;
}

/* Punctuation split off the front of a chunk. */
static int is_lead_punct(uint32_t cp)
{
    switch (cp) {
    case '(':
    case '[':
    case '{':
    case '<':
    case '"':
    case '`':
    case '\'':
    case '*':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '$':
    case '#':
    case '&':
    case '/':
    case 0xA1:   /* inverted exclamation mark */
    case 0xA3:   /* pound sign */
    case 0xAB:   /* left guillemet */
    case 0xBF:   /* inverted question mark */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2018: /* left single quote */
    case 0x2019: /* right single quote, used as an opening one too */
    case 0x201C: /* left double quote */
    case 0x201D: /* right double quote */
    case 0x201E: /* low double quote */
    case 0x2026: /* ellipsis */
    case 0x20AC: /* euro sign */
        return 1;
    default:
        return 0;
    }
}

/* Punctuation split off the end of a chunk (the period has its own
 * rule). */
static int is_trail_punct(uint32_t cp)
{
    switch (cp) {
    case ')':
    case ']':
    case '}':
    case '>':
    case '"':
    case '\'':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '%':
    case '*':
    case '/':
    case 0xBB:   /* right guillemet */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2019: /* right single quote */
    case 0x201D: /* right double quote */
    case 0x2026: /* ellipsis */
        return 1;
    default:
        return 0;
    }
}

static int is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does s[0..len) equal the lowercase ASCII word 'w', ignoring case? */
static int word_is(const char *s, size_t len, const char *w)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i]) {
            return 0;
        }
    }
    return w[i] == '\0';
}

/* Abbreviations that keep their period (the common ones in news text:
 * titles, company forms, months, US states as Reuters writes them). */
static const char *const abbrevs[] = {
    "mr",   "mrs",  "ms",   "dr",    "prof",   "st",    "jr",     "sr",
    "inc",  "corp", "co",   "ltd",   "bros",   "plc",   "gen",    "gov",
    "sen",  "rep",  "lt",   "col",   "capt",   "sgt",   "maj",    "adm",
    "rev",  "hon",  "vs",   "etc",   "jan",    "feb",   "mar",    "apr",
    "jun",  "jul",  "aug",  "sep",   "sept",   "oct",   "nov",    "dec",
    "mt",   "ft",   "no",   "nos",   "vol",    "calif", "fla",    "ariz",
    "conn", "ill",  "ind",  "kan",   "mass",   "mich",  "minn",   "neb",
    "nev",  "okla", "ore",  "penn",  "tenn",   "tex",   "va",     "wash",
    "wis",  "wyo",  "colo", "del",   "ga",     "ky",    "la",     "md",
    "mo",   "miss", "ala",  "ark",   "dept",   "est",   "approx", "univ",
    "assn", "ave",  "blvd", "gen'l", "messrs", "mme",   "mlle",   "cie",
};

static int is_abbrev(const char *s, size_t len)
{
    size_t i;

    if (len > 6) {
        return 0;
    }
    for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++) {
        if (word_is(s, len, abbrevs[i])) {
            return 1;
        }
    }
    return 0;
}

/* Should the period after core s[0..len) stay on it? 'line_start': the
 * chunk is the first on its line. */
static int keep_period(const char *s, size_t len, int line_start)
{
    size_t i, letters = 0, digits = 0, dots = 0;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (is_alpha(s[i])) {
            letters++;
        } else if (is_digit(s[i])) {
            digits++;
        } else if (s[i] == '.') {
            dots++;
        }
    }
    if (len == 1 && letters == 1) {
        return 1; /* an initial */
    }
    if (dots > 0 && letters > 0 && letters + dots == len) {
        return 1; /* U.S, a.m, F.C */
    }
    if (digits == len && len <= 3 && line_start) {
        return 1; /* "2." opening a ranked list */
    }
    return is_abbrev(s, len);
}

static int push(sl__ner_tokens *toks, size_t start, size_t end)
{
    if (toks->count == toks->cap) {
        size_t cap = toks->cap ? toks->cap * 2 : 256;
        sl__ner_token *p;
        if (cap > SIZE_MAX / sizeof(*p)) {
            return SL_ENOMEM;
        }
        p = sl__realloc(toks->items, cap * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        toks->items = p;
        toks->cap = cap;
    }
    toks->items[toks->count].start = start;
    toks->items[toks->count].end = end;
    toks->items[toks->count].sent_start = 0;
    toks->count++;
    return SL_OK;
}

/* Length of the clitic that ends core s[0..len), or 0. The word before it
 * must end in a letter: "'s" alone and "O'Neal" stay whole. */
static size_t clitic_len(const char *s, size_t len)
{
    static const char *const clitics[] = { "s", "re", "ve", "ll", "d", "m" };
    size_t i;

    if (len >= 4 && word_is(s + len - 3, 3, "n't") && is_alpha(s[len - 4])) {
        return 3;
    }
    for (i = 0; i < sizeof(clitics) / sizeof(clitics[0]); i++) {
        size_t cl = strlen(clitics[i]);
        size_t alen;
        /* The apostrophe is ' (1 byte) or U+2019 (3 bytes). */
        for (alen = 1; alen <= 3; alen += 2) {
            size_t n = cl + alen;
            uint32_t cp;
            if (len < n + 1 || !word_is(s + len - cl, cl, clitics[i])) {
                continue;
            }
            if (sl__ner_char(&cp, s + len - n, alen) != alen ||
                !is_apostrophe(cp)) {
                continue;
            }
            if (!is_alpha(s[len - n - 1]) &&
                (unsigned char)s[len - n - 1] < 0x80) {
                continue;
            }
            return n;
        }
    }
    return 0;
}

/* Is the chunk s[0..len) an apostrophe followed by a clitic or digits
 * ("'s", "'re", "'96"), to be kept whole? */
static int apostrophe_word(const char *s, size_t len, size_t alen)
{
    size_t i;

    if (len <= alen) {
        return 0;
    }
    s += alen;
    len -= alen;
    if (word_is(s, len, "s") || word_is(s, len, "re") ||
        word_is(s, len, "ve") || word_is(s, len, "ll") ||
        word_is(s, len, "d") || word_is(s, len, "m") || word_is(s, len, "t")) {
        return 1;
    }
    for (i = 0; i < len && is_digit(s[i]); i++) {
    }
    return i == len && len == 2;
}

/* Length of the run of character 'cp' (one byte, ASCII) at s. */
static size_t run_len(const char *s, size_t len, char c)
{
    size_t n = 0;

    while (n < len && s[n] == c) {
        n++;
    }
    return n;
}

/* Split one white-space-free chunk text[s..e) into tokens. */
static int chunk(
    sl__ner_tokens *toks, const char *text, size_t s, size_t e, int line_start)
{
    size_t trail_start[MAX_TRAIL], trail_end[MAX_TRAIL];
    size_t ntrail = 0;
    uint32_t cp;
    size_t n;
    int rc;

    /* Leading punctuation. */
    while (s < e) {
        n = sl__ner_char(&cp, text + s, e - s);
        if (cp == '-' || cp == '.') {
            size_t r = run_len(text + s, e - s, (char)cp);
            if (r == 1 && s + 1 < e && is_digit(text[s + 1])) {
                break; /* -5, .5 */
            }
            if (r == 1 && cp == '-' && s + 1 < e) {
                break; /* -LRB- and other odd words */
            }
            if (r == 1 && cp == '.' && s + 1 < e) {
                break;
            }
            n = r;
        } else if (!is_lead_punct(cp)) {
            break;
        } else if (is_apostrophe(cp) && apostrophe_word(text + s, e - s, n)) {
            break;
        }
        if (n == e - s && e - s > 1 && cp != '-' && cp != '.') {
            /* The chunk is all punctuation: keep a run of one kind
             * ("''", "**") whole. */
            size_t k = 0;
            uint32_t cp2;
            while (k < e - s) {
                size_t m = sl__ner_char(&cp2, text + s + k, e - s - k);
                if (cp2 != cp) {
                    break;
                }
                k += m;
            }
            n = k;
        }
        if ((rc = push(toks, s, s + n)) < 0) {
            return rc;
        }
        s += n;
    }
    /* Trailing punctuation, collected from the end. */
    while (s < e && ntrail < MAX_TRAIL) {
        size_t b = e - 1;
        /* Step back to the first byte of the last character. */
        while (b > s && ((unsigned char)text[b] & 0xC0) == 0x80 && e - b < 4) {
            b--;
        }
        n = sl__ner_char(&cp, text + b, e - b);
        if (b + n != e) {
            b = e - 1;
            cp = 0xFFFD;
        }
        if (cp == '.' || cp == '-') {
            size_t r = 0;
            while (b - r > s && text[b - r - 1] == (char)cp) {
                r++;
            }
            if (cp == '-' && r == 0) {
                break; /* a single hyphen stays: "ex-" */
            }
            if (cp == '.' && r == 0 &&
                keep_period(text + s, b - s, line_start)) {
                break;
            }
            b -= r;
        } else if (!is_trail_punct(cp)) {
            break;
        }
        if (b == s) {
            break; /* the whole rest: leave it as the word */
        }
        trail_start[ntrail] = b;
        trail_end[ntrail] = e;
        ntrail++;
        e = b;
    }
    /* The word and its clitic. */
    if (s < e) {
        size_t cl = clitic_len(text + s, e - s);
        if (cl > 0 && cl < e - s) {
            if ((rc = push(toks, s, e - cl)) < 0 ||
                (rc = push(toks, e - cl, e)) < 0) {
                return rc;
            }
        } else if ((rc = push(toks, s, e)) < 0) {
            return rc;
        }
    }
    while (ntrail > 0) {
        ntrail--;
        if ((rc = push(toks, trail_start[ntrail], trail_end[ntrail])) < 0) {
            return rc;
        }
    }
    return SL_OK;
}

/* Does the token end a sentence (". ! ? ..." only)? */
static int is_final(const char *text, const sl__ner_token *t)
{
    size_t i;

    for (i = t->start; i < t->end; i++) {
        if (text[i] != '.' && text[i] != '!' && text[i] != '?') {
            return 0;
        }
    }
    return 1;
}

/* Closing quote or bracket that may follow a sentence-final mark. */
static int is_closer(const char *text, const sl__ner_token *t)
{
    uint32_t cp;
    size_t n = sl__ner_char(&cp, text + t->start, t->end - t->start);

    return n == t->end - t->start &&
           (cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x2019 ||
            cp == 0x201D || cp == 0xBB);
}

/* Can the token open a sentence after a final mark? */
static int is_opener(const char *text, const sl__ner_token *t)
{
    uint32_t cp;
    unsigned char c = (unsigned char)text[t->start];

    if ((c >= 'A' && c <= 'Z') || is_digit((char)c) || c == '"' || c == '(') {
        return 1;
    }
    sl__ner_char(&cp, text + t->start, t->end - t->start);
    return cp == 0x201C || cp == 0x2018 || (cp >= 0xC0 && cp <= 0xDE) ||
           (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F);
}

int sl__ner_tokenize(sl__ner_tokens *toks, const char *text, size_t len)
{
    size_t i = 0, first = 0, sent_len = 0;
    int line_start = 1;
    int rc;

    toks->count = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = sl__ner_char(&cp, text + i, len - i);
        size_t s, before;
        if (is_space(cp)) {
            if (is_line_break(cp)) {
                line_start = 1;
            }
            i += n;
            continue;
        }
        s = i;
        while (i < len) {
            n = sl__ner_char(&cp, text + i, len - i);
            if (is_space(cp)) {
                break;
            }
            i += n;
        }
        before = toks->count;
        if ((rc = chunk(toks, text, s, i, line_start)) < 0) {
            return rc;
        }
        if (line_start && toks->count > before) {
            toks->items[before].sent_start = 1;
        }
        line_start = 0;
    }
    /* Sentence ends inside lines, and the length cap. */
    for (i = 0; i < toks->count; i++) {
        sl__ner_token *t = &toks->items[i];
        if (i == 0 || t->sent_start || sent_len >= SL__NER_MAX_SENT) {
            t->sent_start = 1;
            first = i;
            sent_len = 1;
            continue;
        }
        /* A quote glued to the mark before it closes, not opens. */
        if (is_opener(text, t) &&
            !(t->start == toks->items[i - 1].end && is_closer(text, t))) {
            size_t j = i - 1;
            while (j > first && is_closer(text, &toks->items[j])) {
                j--;
            }
            if (j > first && is_final(text, &toks->items[j])) {
                t->sent_start = 1;
                first = i;
                sent_len = 1;
                continue;
            }
        }
        sent_len++;
    }
    return SL_OK;
}

void sl__ner_tokens_dispose(sl__ner_tokens *toks)
{
    sl__free(toks->items);
    toks->items = NULL;
    toks->count = toks->cap = 0;
}
