/*
 * lexicon.h - the words of one language for the timex grammar.
 *
 * A rules file (src/timex/rules/<lang>.lex, built into the library by
 * rules_data.c) lists phrases with a word class and an argument. The
 * grammar in timex.c asks only for classes ("is there a MONTH here?"),
 * never for words, so a language is added by writing its rules file. The
 * file format is described at the top of rules/en.lex and in
 * docs/ARCHITECTURE.md.
 *
 * sl__timex_lex_load() parses a rules file into entries that point into
 * the file's bytes (nothing is copied) and sorts them by their first word
 * so that sl__timex_lex_lookup() finds the candidates for a word with a
 * binary search.
 */
#ifndef SL_TIMEX_LEXICON_H
#define SL_TIMEX_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* The word classes. Their names in rules files are the names without the
 * LX_ prefix (see lexicon.c). */
typedef enum lx_class {
    LX_NONE = 0,
    LX_MONTH,
    LX_WEEKDAY,
    LX_WEEKDAYS,
    LX_NUM,
    LX_MULT,
    LX_ART,
    LX_AND,
    LX_HALF,
    LX_ORD,
    LX_ORDSUF,
    LX_DECSUF,
    LX_UNIT,
    LX_UNITS,
    LX_PERIOD,
    LX_SEASON,
    LX_SEASONS,
    LX_PART,
    LX_PARTS,
    LX_REL,
    LX_RELPART,
    LX_CLOCK,
    LX_AMPM,
    LX_ZONE,
    LX_REF,
    LX_PREV,
    LX_NEXT,
    LX_THIS,
    LX_LATEST,
    LX_THE,
    LX_OF,
    LX_IN,
    LX_AGO,
    LX_AGO_FWD,
    LX_BEFORE,
    LX_AFTER,
    LX_YEARAGO,
    LX_FILLER,
    LX_EARLY,
    LX_LATE,
    LX_MID,
    LX_APPROX,
    LX_QUANT,
    LX_EVERY,
    LX_SETWORD,
    LX_FISCAL,
    LX_AMBIG,
    LX_AGE,
    LX_YEAREND,
    LX_FUT,
    LX_PAST,
    LX_DEADLINE,
    LX_CLASS_COUNT
} lx_class;

/* One entry of a rules file. 'phrase' and 'arg' point into the file. */
typedef struct lx_entry {
    const char *phrase; /* lower case, not NUL-terminated */
    const char *arg;    /* the argument text, or "" */
    uint16_t phrase_len;
    uint16_t key_len; /* length of the phrase's first word */
    uint16_t arg_len;
    uint8_t cls; /* an lx_class */
    int32_t num; /* the argument read as an integer, or 0 */
} lx_entry;

typedef struct sl__timex_lex {
    lx_entry *entries; /* sorted by first word, then longest first */
    size_t count;
} sl__timex_lex;

/* Parse 'len' bytes of rules into 'lex'. Lines that cannot be read are
 * skipped (the built-in files are checked by the unit tests with
 * sl__timex_lex_check). Returns SL_OK or SL_ENOMEM. */
int sl__timex_lex_load(sl__timex_lex *lex, const char *rules, size_t len);

/* Free what sl__timex_lex_load() allocated. */
void sl__timex_lex_dispose(sl__timex_lex *lex);

/* The entries whose first word is 'key' (lower case, 'len' bytes): sets
 * *first to the index of the first one and returns their number. */
size_t sl__timex_lex_lookup(const sl__timex_lex *lex,
                            const char *key,
                            size_t len,
                            size_t *first);

/* Number of lines of 'rules' that are neither blank, comments nor valid
 * entries; 0 for a well-formed file. The 1-based number of the first bad
 * line goes to *first_bad when there is one. */
size_t sl__timex_lex_check(const char *rules, size_t len, size_t *first_bad);

/* The built-in rules file for 'language' ("en"), or NULL. */
const char *sl__timex_rules(const char *language, size_t *len);

/* Space-separated codes of the built-in languages. */
extern const char sl__timex_language_list[];

#endif
