/*
 * lexicon.c - reading a timex rules file into a sorted word list.
 *
 * Grammar of a rules file (one entry a line, '\n' or "\r\n" endings):
 *
 *   line    = blank | "#" anything | entry
 *   entry   = phrase TAB+ class [TAB+ arg]
 *   phrase  = lower-case text without TAB; a space stands for any run of
 *             white space in the text
 *   class   = one of the names in class_names[] below
 *   arg     = text without TAB: a number ("-1", "12") or a code ("SU")
 *
 * Entries keep pointers into the file, which is built into the library
 * and never freed. A phrase's key is its first word: the leading run of
 * ASCII letters, digits and bytes >= 0x80, or its first character when
 * it starts with something else ("'ll"). The text side computes the same
 * key for each token, so one binary search finds every entry that may
 * start at a token.
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* Indexed by lx_class; LX_NONE has no name. */
static const char *const class_names[LX_CLASS_COUNT] = {
    [LX_MONTH] = "MONTH",
    [LX_WEEKDAY] = "WEEKDAY",
    [LX_WEEKDAYS] = "WEEKDAYS",
    [LX_NUM] = "NUM",
    [LX_MULT] = "MULT",
    [LX_ART] = "ART",
    [LX_AND] = "AND",
    [LX_HALF] = "HALF",
    [LX_ORD] = "ORD",
    [LX_ORDSUF] = "ORDSUF",
    [LX_DECSUF] = "DECSUF",
    [LX_UNIT] = "UNIT",
    [LX_UNITS] = "UNITS",
    [LX_PERIOD] = "PERIOD",
    [LX_SEASON] = "SEASON",
    [LX_SEASONS] = "SEASONS",
    [LX_PART] = "PART",
    [LX_PARTS] = "PARTS",
    [LX_REL] = "REL",
    [LX_RELPART] = "RELPART",
    [LX_CLOCK] = "CLOCK",
    [LX_AMPM] = "AMPM",
    [LX_ZONE] = "ZONE",
    [LX_REF] = "REF",
    [LX_PREV] = "PREV",
    [LX_NEXT] = "NEXT",
    [LX_THIS] = "THIS",
    [LX_LATEST] = "LATEST",
    [LX_THE] = "THE",
    [LX_OF] = "OF",
    [LX_IN] = "IN",
    [LX_AGO] = "AGO",
    [LX_AGO_FWD] = "AGO_FWD",
    [LX_BEFORE] = "BEFORE",
    [LX_AFTER] = "AFTER",
    [LX_YEARAGO] = "YEARAGO",
    [LX_FILLER] = "FILLER",
    [LX_EARLY] = "EARLY",
    [LX_LATE] = "LATE",
    [LX_MID] = "MID",
    [LX_APPROX] = "APPROX",
    [LX_QUANT] = "QUANT",
    [LX_EVERY] = "EVERY",
    [LX_SETWORD] = "SETWORD",
    [LX_FISCAL] = "FISCAL",
    [LX_AMBIG] = "AMBIG",
    [LX_AGE] = "AGE",
    [LX_YEAREND] = "YEAREND",
    [LX_FUT] = "FUT",
    [LX_PAST] = "PAST",
    [LX_DEADLINE] = "DEADLINE",
};

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

static size_t key_len(const char *s, size_t len)
{
    size_t i = 0;

    if (len == 0) {
        return 0;
    }
    if (!is_word_byte((unsigned char)s[0])) {
        return 1;
    }
    while (i < len && is_word_byte((unsigned char)s[i])) {
        i++;
    }
    return i;
}

static int class_of(const char *s, size_t len)
{
    for (int c = 1; c < LX_CLASS_COUNT; c++) {
        const char *name = class_names[c];
        if (name != NULL && name[0] == s[0] && strncmp(name, s, len) == 0 &&
            name[len] == '\0') {
            return c;
        }
    }
    return LX_NONE;
}

/* Split one line into its fields. Returns 1 for an entry, 0 for a blank
 * or comment line, -1 for a malformed one. */
static int parse_line(lx_entry *e, const char *s, size_t len)
{
    const char *f[3] = { NULL, NULL, NULL };
    size_t flen[3] = { 0, 0, 0 };
    size_t i = 0, nf = 0;

    if (len > 0 && s[len - 1] == '\r') {
        len--;
    }
    if (len == 0 || s[0] == '#') {
        return 0;
    }
    while (i < len && nf < 3) {
        size_t st = i;
        while (i < len && s[i] != '\t') {
            i++;
        }
        f[nf] = s + st;
        flen[nf] = i - st;
        nf++;
        while (i < len && s[i] == '\t') {
            i++;
        }
    }
    if (i < len || nf < 2 || flen[0] == 0 || flen[0] > 0xFFFF ||
        flen[nf - 1] > 0xFFFF) {
        return -1;
    }
    e->cls = (uint8_t)class_of(f[1], flen[1]);
    if (e->cls == LX_NONE) {
        return -1;
    }
    e->phrase = f[0];
    e->phrase_len = (uint16_t)flen[0];
    e->key_len = (uint16_t)key_len(f[0], flen[0]);
    e->arg = nf == 3 ? f[2] : "";
    e->arg_len = nf == 3 ? (uint16_t)flen[2] : 0;
    e->num = 0;
    if (nf == 3) {
        size_t k = 0;
        int neg = 0;
        long v = 0;
        if (k < flen[2] && f[2][k] == '-') {
            neg = 1;
            k++;
        }
        while (k < flen[2] && f[2][k] >= '0' && f[2][k] <= '9' &&
               v < 100000000) {
            v = v * 10 + (f[2][k] - '0');
            k++;
        }
        e->num = (int32_t)(neg ? -v : v);
    }
    return 1;
}

static int cmp_key(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int r = memcmp(a, b, n);

    if (r != 0) {
        return r;
    }
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
    const lx_entry *a = pa, *b = pb;
    int r = cmp_key(a->phrase, a->key_len, b->phrase, b->key_len);

    if (r != 0) {
        return r;
    }
    if (a->phrase_len != b->phrase_len) {
        return a->phrase_len > b->phrase_len ? -1 : 1;
    }
    r = memcmp(a->phrase, b->phrase, a->phrase_len);
    if (r != 0) {
        return r;
    }
    return (int)a->cls - (int)b->cls;
}

/* Call 'cb' on each line; returns the number of lines. */
static size_t count_lines(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            n++;
        }
    }
    return n + 1;
}

int sl__timex_lex_load(sl__timex_lex *lex, const char *rules, size_t len)
{
    size_t cap = count_lines(rules, len), n = 0, st = 0;
    lx_entry *e;

    lex->entries = NULL;
    lex->count = 0;
    e = sl__calloc(cap, sizeof(*e));
    if (e == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i <= len; i++) {
        if (i == len || rules[i] == '\n') {
            if (n < cap && parse_line(&e[n], rules + st, i - st) == 1) {
                n++;
            }
            st = i + 1;
        }
    }
    qsort(e, n, sizeof(*e), cmp_entry);
    lex->entries = e;
    lex->count = n;
    return SL_OK;
}

void sl__timex_lex_dispose(sl__timex_lex *lex)
{
    if (lex != NULL) {
        sl__free(lex->entries);
        lex->entries = NULL;
        lex->count = 0;
    }
}

size_t sl__timex_lex_lookup(const sl__timex_lex *lex,
                            const char *key,
                            size_t len,
                            size_t *first)
{
    size_t lo = 0, hi = lex->count, end;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const lx_entry *e = &lex->entries[mid];
        if (cmp_key(e->phrase, e->key_len, key, len) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    end = lo;
    while (end < lex->count &&
           cmp_key(lex->entries[end].phrase, lex->entries[end].key_len, key,
                   len) == 0) {
        end++;
    }
    *first = lo;
    return end - lo;
}

size_t sl__timex_lex_check(const char *rules, size_t len, size_t *first_bad)
{
    size_t bad = 0, line = 0, st = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || rules[i] == '\n') {
            lx_entry e;
            line++;
            if (parse_line(&e, rules + st, i - st) < 0) {
                if (bad == 0 && first_bad != NULL) {
                    *first_bad = line;
                }
                bad++;
            }
            st = i + 1;
        }
    }
    return bad;
}
