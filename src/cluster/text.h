/*
 * text.h - words to term hashes for the clustering stage.
 *
 * A tokeniser for valid UTF-8 (letters and digits form words; punctuation,
 * symbols, apostrophes and hyphens split them), a small case folding
 * (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), an English stop
 * list, and the Snowball stemmer of the chosen language (libstemmer; this
 * file is the only one that includes it). Each surviving stem becomes a
 * seeded 64-bit hash: the rest of the stage never sees strings.
 */
#ifndef SL_CLUSTER_TEXT_H
#define SL_CLUSTER_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Longest word kept, in bytes; longer runs (URLs, base64) are skipped. */
#define SL_CTEXT_MAX_WORD 48

typedef struct sl_ctext sl_ctext;

/* A stemmer for 'language' (a Snowball name: "english", "french", ...;
 * NULL = "english"). SL_OK, SL_EINVAL for an unknown language, SL_ENOMEM.
 * The stop list is used only for English. Not thread-safe: one per
 * clusterer. */
int sl__ctext_new(sl_ctext **out, const char *language);
void sl__ctext_free(sl_ctext *t);

/* Read at most 'max_words' words of s[0..len) and append the hash of each
 * non-stop stem to out[*count..cap). Stops early when 'out' is full.
 * Returns the number of words read (stop words included), or SL_ENOMEM
 * when the stemmer fails. */
int sl__ctext_terms(uint64_t *out,
                    size_t *count,
                    size_t cap,
                    sl_ctext *t,
                    const char *s,
                    size_t len,
                    size_t max_words,
                    uint64_t seed);

/* Fold 's' to lower case into 'out' (at most 'cap' - 1 bytes, then NUL);
 * returns the bytes written. Used for entity strings. */
size_t sl__ctext_fold(char *out, size_t cap, const char *s, size_t len);

#endif
