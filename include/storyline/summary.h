/**
 * @file storyline/summary.h
 * @brief Sentences and extractive summaries.
 *
 * sl_sentence_split() cuts UTF-8 text into sentences, as byte spans into
 * the text. It is a rule-based splitter for news prose: it knows common
 * abbreviations (Mr., Gen., Jan., Inc.), initials (J. R. Smith), dotted
 * abbreviations (U.S., a.m.), decimals and numbers (3.5, 1.000), closing
 * quotes and brackets after the final stop, ellipses, the CJK full stops,
 * and line breaks. Pure function: no locale, no global state; safe to
 * call from any thread.
 */
#ifndef SL_STORYLINE_SUMMARY_H
#define SL_STORYLINE_SUMMARY_H

#include "common.h"

/** A sentence: bytes [start, end) of the text it was found in. */
typedef struct sl_span {
    size_t start; /**< offset of the first byte */
    size_t end;   /**< offset one past the last byte */
} sl_span;

/** A sentence longer than this many bytes is cut at a space before it
 *  (text without stops, tables, lists run together). */
#define SL_SENTENCE_MAX_BYTES 2000

/**
 * Split UTF-8 text into sentences.
 *
 * A sentence ends at '.', '!', '?', an ellipsis or a CJK full stop, with
 * any closing quotes or brackets that follow, when space and then a
 * likely sentence start come next (anything but a lower-case letter; for
 * an abbreviation or an initial, only a word such as "The" or "He").
 * A blank line always ends a sentence; a single line break does too,
 * unless the next line starts with a lower-case letter (a wrapped line).
 * So one-sentence-per-line text splits into its lines. Spans never
 * include leading or trailing white space and are never empty; a span is
 * at most SL_SENTENCE_MAX_BYTES long. Bytes that are not valid UTF-8 are
 * kept inside sentences and never split.
 *
 * @param[out] out    receives an array of *count spans in text order
 *                    (NULL when *count is 0); free it with sl_free()
 * @param[out] count  receives the number of sentences
 * @param text        the text (not NUL-terminated); may be NULL if len is 0
 * @param len         its length in bytes
 * @return SL_OK or SL_ENOMEM (then *out is NULL and *count 0)
 */
SL_API int
sl_sentence_split(sl_span **out, size_t *count, const char *text, size_t len);

#endif
