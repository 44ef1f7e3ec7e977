/*
 * tokenize.h - words, punctuation and sentences for the entity tagger.
 *
 * Splits UTF-8 text into tokens the way the CoNLL-2003 data is tokenised
 * (Penn Treebank habits): punctuation comes off words ("Paris," gives
 * "Paris" ","), abbreviations and initials keep their period ("U.S.",
 * "Corp.", "J."), clitics are split ("Jackson's" gives "Jackson" "'s",
 * "don't" gives "do" "n't"), hyphenated words and numbers stay whole.
 * Text that is already tokenised (tokens joined by single spaces) comes
 * out unchanged.
 *
 * Sentences end at every line break, after sentence-final punctuation
 * followed by a capital, a digit or an opening quote, and after
 * SL__NER_MAX_SENT tokens.
 *
 * Invariant: tokens are in text order, never empty, never overlapping,
 * and start and end on UTF-8 sequence boundaries when the text is valid
 * UTF-8 (an ill-formed byte is a character of its own).
 */
#ifndef SL_ENTITIES_TOKENIZE_H
#define SL_ENTITIES_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

/* Longest sentence, in tokens; a longer run is cut. */
#define SL__NER_MAX_SENT 256

typedef struct sl__ner_token {
    size_t start;   /* byte offset */
    size_t end;     /* one past the last byte */
    int sent_start; /* non-zero: first token of a sentence */
} sl__ner_token;

typedef struct sl__ner_tokens {
    sl__ner_token *items;
    size_t count;
    size_t cap;
} sl__ner_tokens;

/* Tokenise text[0..len) into 'toks' (emptied first; its storage is
 * reused). Returns SL_OK or SL_ENOMEM. */
int sl__ner_tokenize(sl__ner_tokens *toks, const char *text, size_t len);

/* Free the token storage. */
void sl__ner_tokens_dispose(sl__ner_tokens *toks);

/* Decode the character at s[0..len): its code point in *cp and its
 * length in bytes (>= 1 when len >= 1); an ill-formed byte decodes as
 * itself with length 1. */
size_t sl__ner_char(uint32_t *cp, const char *s, size_t len);

#endif
