/*
 * text.c - tokenising, case folding, stop words and stemming (see text.h).
 *
 * Word characters are ASCII letters and digits and every code point that
 * is not in a punctuation or symbol block (a coarse test that needs no
 * Unicode tables and is right for the scripts news is written in). A word
 * is folded to lower case, dropped if it is a stop word, a single byte or
 * a number other than a four-digit year, then stemmed with Snowball
 * (M. Porter, "Snowball: A language for stemming algorithms", 2001;
 * snowballstem.org) and hashed.
 */
#include "text.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "storyline/common.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* Open-addressing set of the stop words (their index + 1; 0 empty),
 * made with each reader: one hash and about one comparison per word
 * where a binary search took seven. */
#define STOP_SLOTS 512

struct sl_ctext {
    struct sb_stemmer *stemmer;
    int english;
    uint8_t stop[STOP_SLOTS];
};

/* Forms a stemmer would leave as they are and that
 * carry no topic: articles, pronouns, auxiliaries, prepositions, and the
 * reporting verbs every news article uses. */
static const char *const stop_words[] = {
    "a",       "about",  "above",   "after",  "again",   "against", "all",
    "also",    "am",     "an",      "and",    "any",     "are",     "as",
    "at",      "be",     "because", "been",   "before",  "being",   "below",
    "between", "both",   "but",     "by",     "can",     "could",   "did",
    "do",      "does",   "doing",   "down",   "during",  "each",    "few",
    "for",     "from",   "further", "had",    "has",     "have",    "having",
    "he",      "her",    "here",    "hers",   "herself", "him",     "himself",
    "his",     "how",    "i",       "if",     "in",      "into",    "is",
    "it",      "its",    "itself",  "just",   "me",      "more",    "most",
    "my",      "myself", "no",      "nor",    "not",     "now",     "of",
    "off",     "on",     "once",    "one",    "only",    "or",      "other",
    "our",     "ours",   "out",     "over",   "own",     "said",    "same",
    "say",     "says",   "she",     "should", "so",      "some",    "such",
    "than",    "that",   "the",     "their",  "theirs",  "them",    "then",
    "there",   "these",  "they",    "this",   "those",   "through", "to",
    "too",     "under",  "until",   "up",     "very",    "was",     "we",
    "were",    "what",   "when",    "where",  "which",   "while",   "who",
    "whom",    "why",    "will",    "with",   "would",   "you",     "your",
    "yours",
};

#define STOP_COUNT (sizeof(stop_words) / sizeof(stop_words[0]))
_Static_assert(STOP_COUNT < 255 && STOP_COUNT * 2 < STOP_SLOTS,
               "the stop set holds indexes in bytes, at most half full");

static uint32_t stop_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    }
    return (h ^ (h >> 15)) % STOP_SLOTS;
}

static void stop_build(sl_ctext *t)
{
    for (size_t k = 0; k < STOP_COUNT; k++) {
        uint32_t h = stop_hash(stop_words[k], strlen(stop_words[k]));
        while (t->stop[h] != 0) {
            h = (h + 1) % STOP_SLOTS;
        }
        t->stop[h] = (uint8_t)(k + 1);
    }
}

static int is_stop(const sl_ctext *t, const char *w, size_t len)
{
    /* No stop word is longer than seven bytes. */
    if (len > 7) {
        return 0;
    }
    for (uint32_t h = stop_hash(w, len); t->stop[h] != 0;
         h = (h + 1) % STOP_SLOTS) {
        if (strcmp(stop_words[t->stop[h] - 1], w) == 0) {
            return 1;
        }
    }
    return 0;
}
int sl__ctext_new(sl_ctext **out, const char *language)
{
    sl_ctext *t;

    *out = NULL;
    if (language == NULL || language[0] == '\0') {
        language = "english";
    }
    t = sl__calloc(1, sizeof(*t));
    if (t == NULL) {
        return SL_ENOMEM;
    }
    t->stemmer = sb_stemmer_new(language, "UTF_8");
    if (t->stemmer == NULL) {
        sl__free(t);
        return SL_EINVAL;
    }
    t->english = strcmp(language, "english") == 0 ||
                 strcmp(language, "en") == 0 || strcmp(language, "eng") == 0 ||
                 strcmp(language, "porter") == 0;
    if (t->english) {
        stop_build(t);
    }
    *out = t;
    return SL_OK;
}

void sl__ctext_free(sl_ctext *t)
{
    if (t == NULL) {
        return;
    }
    sb_stemmer_delete(t->stemmer);
    sl__free(t);
}

/* Is code point 'cp' part of a word? */
static int is_word_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    }
    if (cp < 0xC0) {
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    }
    if (cp == 0xD7 || cp == 0xF7) {
        return 0;
    }
    /* General punctuation, super/subscripts, currency, letterlike and
     * number forms, arrows, maths, technical, boxes, shapes, dingbats. */
    if (cp >= 0x2000 && cp <= 0x2BFF) {
        return 0;
    }
    /* CJK punctuation, half/full-width forms' punctuation, specials. */
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE10 && cp <= 0xFE6F) ||
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFFF0 && cp <= 0xFFFF)) {
        return 0;
    }
    /* Emoji and pictographs. */
    if (cp >= 0x1F000 && cp <= 0x1FAFF) {
        return 0;
    }
    return 1;
}

static uint32_t fold_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') {
        return cp + 32;
    }
    if (cp < 0xC0) {
        return cp;
    }
    if (cp <= 0xDE && cp != 0xD7) {
        return cp + 32;
    }
    if (cp >= 0x100 && cp <= 0x137) {
        return cp | 1;
    }
    if (cp >= 0x139 && cp <= 0x148) {
        return (cp & 1) ? cp + 1 : cp;
    }
    if (cp >= 0x14A && cp <= 0x177) {
        return cp | 1;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) {
        return cp + 32;
    }
    if (cp >= 0x410 && cp <= 0x42F) {
        return cp + 32;
    }
    if (cp >= 0x400 && cp <= 0x40F) {
        return cp + 80;
    }
    return cp;
}

/* Encode 'cp' at out[n..cap); returns the new length, or cap + 1 when it
 * does not fit (the caller then drops the word). */
static size_t put_cp(char *out, size_t n, size_t cap, uint32_t cp)
{
    unsigned char b[4];
    size_t k;

    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    if (n + k > cap) {
        return cap + 1;
    }
    memcpy(out + n, b, k);
    return n + k;
}

/* Decode one code point at s[i..len); invalid bytes read as U+FFFD and
 * advance by one, so the tokeniser never stalls even when the input was
 * not repaired. */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
    uint32_t cp = 0;
    size_t n = sl__utf8_decode(&cp, (const unsigned char *)s + *i, len - *i);

    if (n == 0) {
        *i += 1;
        return 0xFFFD;
    }
    *i += n;
    return cp;
}

size_t sl__ctext_fold(char *out, size_t cap, const char *s, size_t len)
{
    size_t n = 0;
    size_t i = 0;

    if (cap == 0) {
        return 0;
    }
    while (i < len) {
        uint32_t cp = next_cp(s, len, &i);
        size_t m = put_cp(out, n, cap - 1, fold_cp(cp));
        if (m > cap - 1) {
            break;
        }
        n = m;
    }
    out[n] = '\0';
    return n;
}

static int keep_word(const sl_ctext *t, const char *w, size_t len)
{
    size_t digits = 0;

    if (len < 2) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        digits += (w[i] >= '0' && w[i] <= '9');
    }
    if (digits == len && len != 4) {
        return 0;
    }
    return !(t->english && is_stop(t, w, len));
}

int sl__ctext_terms(uint64_t *out,
                    size_t *count,
                    size_t cap,
                    sl_ctext *t,
                    const char *s,
                    size_t len,
                    size_t max_words,
                    uint64_t seed)
{
    char word[SL_CTEXT_MAX_WORD + 1];
    size_t i = 0;
    int words = 0;

    if (s == NULL) {
        return 0;
    }
    while (i < len && (size_t)words < max_words && *count < cap) {
        size_t n = 0;
        int too_long = 0;
        uint32_t cp = next_cp(s, len, &i);

        if (!is_word_cp(cp)) {
            continue;
        }
        for (;;) {
            if (!too_long) {
                n = put_cp(word, n, SL_CTEXT_MAX_WORD, fold_cp(cp));
                if (n > SL_CTEXT_MAX_WORD) {
                    too_long = 1;
                }
            }
            if (i >= len) {
                break;
            }
            size_t j = i;
            cp = next_cp(s, len, &j);
            if (!is_word_cp(cp)) {
                break;
            }
            i = j;
        }
        words++;
        if (too_long) {
            continue;
        }
        word[n] = '\0';
        if (!keep_word(t, word, n)) {
            continue;
        }
        const sb_symbol *stem =
            sb_stemmer_stem(t->stemmer, (const sb_symbol *)word, (int)n);
        if (stem == NULL) {
            return SL_ENOMEM;
        }
        size_t stem_len = (size_t)sb_stemmer_length(t->stemmer);
        out[(*count)++] = sl__map_key(sl__hash64(stem, stem_len, seed));
    }
    return words;
}
