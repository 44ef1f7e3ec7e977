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
 *
 * sl_summarize() picks sentences from a set of documents about one story
 * for a summary of at most N words. A sentence pool (sl_summary_pool)
 * does the same incrementally: documents are added as they arrive, the
 * pool keeps a bounded number of candidate sentences with their terms
 * and the story's term statistics, renders a summary at any time, and
 * is saved to bytes and loaded back, so a story's summary is refreshed
 * without rereading its articles.
 *
 * Method: each sentence is a set of concepts, the stems of its content
 * words and the pairs of adjacent content stems. A concept weighs by the
 * number of documents that use it (one document counts nothing, so a
 * concept must be shared to matter). Selection is greedy on a monotone
 * submodular coverage objective under the word budget (Lin and Bilmes,
 * "A class of submodular functions for document summarization", ACL
 * 2011; Gillick and Favre's concept coverage, ICSI, TAC 2008/2009): at
 * each step the sentence with the best gain in uncovered concept weight
 * per word, scaled by a lead-position prior, that still fits. Covered
 * concepts give nothing again, so repeats are not chosen; near-copies
 * of a chosen sentence are refused outright. Ties break on document
 * order and then sentence order, so the same input gives the same
 * summary. Words are counted as runs of non-space bytes.
 *
 * Ownership: every output is allocated by the library; free spans with
 * sl_free(), summaries with sl_summary_free(), saved pools with
 * sl_free(). A pool is not thread-safe; different pools are
 * independent.
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
 * A blank line always ends a sentence. A single line break ends one
 * when the next line starts with anything but a lower-case letter and
 * the line before is short (under 50 bytes: a headline, a byline) or
 * ends in a word that is not lower-case; other line breaks are prose
 * wrapped at a column and read as spaces.
 * Text with one sentence per line, each ending in a stop, splits into
 * its lines. Spans never
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

/** One document given to sl_summarize() or sl_summary_pool_add(). */
typedef struct sl_summary_doc {
    const char *text;         /**< UTF-8 text, not NUL-terminated */
    size_t len;               /**< its length in bytes */
    int64_t published_ms;     /**< publication time (ms UTC), 0 = unknown */
    uint64_t id;              /**< the caller's id for it, echoed back */
    const sl_span *sentences; /**< its sentences (byte spans into text;
                                   they may lack final stops), or NULL to
                                   split the text with sl_sentence_split() */
    size_t sentence_count;    /**< number of spans in sentences */
} sl_summary_doc;

/** Options; zero means the default. */
typedef struct sl_summary_options {
    size_t max_words;      /**< word budget of a summary, 0 = 100 */
    size_t min_words;      /**< shorter sentences are not picked, 0 = 8 */
    size_t long_words;     /**< longer sentences are not picked, 0 = 60 */
    size_t pool_sentences; /**< a pool keeps at most this many candidate
                                sentences, 0 = 400 */
    size_t pool_concepts;  /**< and the counts of this many concepts
                                (up to a quarter more between prunes),
                                0 = 65536 */
    const char *language;  /**< Snowball stemmer name, NULL = "english" */
} sl_summary_options;

/** A sentence chosen for a summary. */
typedef struct sl_summary_sentence {
    char *text;           /**< the sentence, NUL-terminated; owned by the
                               summary */
    size_t len;           /**< its length in bytes */
    size_t words;         /**< its words (runs of non-space bytes) */
    size_t doc;           /**< its document: index in the order given */
    uint64_t doc_id;      /**< that document's id */
    int64_t published_ms; /**< that document's time */
    size_t start;         /**< byte offset in the document's text */
    size_t end;           /**< offset one past its last byte */
    size_t index;         /**< sentence number inside the document */
} sl_summary_sentence;

/** A summary: sentences in story order (time, then document, then
 *  position in the document; documents without a time come first). */
typedef struct sl_summary {
    sl_summary_sentence *sentences;
    size_t count; /**< number of sentences */
    size_t words; /**< total words, at most the budget */
} sl_summary;

/**
 * Summarise a set of documents about one story.
 *
 * @param[out] out  receives the summary; free it with sl_summary_free()
 * @param docs      the documents, in arrival order
 * @param count     number of documents
 * @param opts      options, or NULL for defaults; copied, not kept
 * @return SL_OK, SL_ENOMEM, or SL_EINVAL (a span outside its text, an
 *         unknown language)
 *
 * The summary may be empty (no document, or no sentence in the length
 * range). Same input, same output.
 */
SL_API int sl_summarize(sl_summary **out,
                        const sl_summary_doc *docs,
                        size_t count,
                        const sl_summary_options *opts);

/** Free a summary. NULL is a no-op. */
SL_API void sl_summary_free(sl_summary *s);

/** A story's bounded sentence pool (opaque). */
typedef struct sl_summary_pool sl_summary_pool;

/**
 * Create an empty pool.
 *
 * @param[out] out  receives the pool; free it with sl_summary_pool_free()
 * @param opts      options, or NULL for defaults; copied, not kept
 * @return SL_OK, SL_ENOMEM, or SL_EINVAL for an unknown language
 */
SL_API int sl_summary_pool_new(sl_summary_pool **out,
                               const sl_summary_options *opts);

/** Free a pool. NULL is a no-op. */
SL_API void sl_summary_pool_free(sl_summary_pool *p);

/**
 * Add one document: count its concepts, copy its candidate sentences
 * into the pool, then keep only the pool_sentences best candidates and,
 * once the concepts counted exceed pool_concepts by a quarter, the
 * pool_concepts most used ones. The document's text is not kept.
 *
 * @param p    the pool
 * @param doc  the document; its index is the number of documents added
 *             before it
 * @return SL_OK, SL_ENOMEM, SL_EINVAL (a span outside the text), or
 *         SL_ELIMIT (more than 2^32 - 1 documents); on error the pool
 *         is as it was
 */
SL_API int sl_summary_pool_add(sl_summary_pool *p, const sl_summary_doc *doc);

/**
 * Fold pool 'from' into 'into', as if from's documents had been added to
 * 'into' after its own, in from's order (up to the bounds: the counts of
 * concepts add up, then the pool keeps its pool_sentences best candidates
 * and pool_concepts most used concepts, as after an add). Both pools
 * should have been made with the same language. 'from' is not changed.
 *
 * @param into  the pool that grows
 * @param from  the pool folded in
 * @return SL_OK, SL_ENOMEM, SL_EINVAL (into == from), or SL_ELIMIT (more
 *         than 2^32 - 1 documents together); on error 'into' is as it was
 */
SL_API int sl_summary_pool_merge(sl_summary_pool *into,
                                 const sl_summary_pool *from);

/**
 * Add one document to several pools at once, as sl_summary_pool_add()
 * on each in turn, but reading the document (sentences, stems) once. The
 * pools must share their language; other options may differ.
 *
 * @param pools  the pools
 * @param count  their number (0 does nothing)
 * @param doc    the document
 * @return as sl_summary_pool_add(); on error each pool either holds the
 *         document or is as it was
 */
SL_API int sl_summary_pool_add_many(sl_summary_pool *const *pools,
                                    size_t count,
                                    const sl_summary_doc *doc);

/** Number of documents added to a pool. */
SL_API size_t sl_summary_pool_docs(const sl_summary_pool *p);

/** Number of candidate sentences a pool holds now. */
SL_API size_t sl_summary_pool_sentences(const sl_summary_pool *p);

/**
 * Render the pool's summary as it stands.
 *
 * @param[out] out  receives the summary; free it with sl_summary_free()
 * @param p         the pool (not changed)
 * @param max_words word budget, or 0 for the pool's max_words option
 * @return SL_OK or SL_ENOMEM
 */
SL_API int sl_summary_pool_render(sl_summary **out,
                                  const sl_summary_pool *p,
                                  size_t max_words);

/**
 * Serialise a pool (a versioned, little-endian, self-checking format;
 * the options are not part of it).
 *
 * @param[out] out  receives the bytes; free them with sl_free()
 * @param[out] len  receives their number
 * @param p         the pool
 * @return SL_OK or SL_ENOMEM
 */
SL_API int
sl_summary_pool_save(uint8_t **out, size_t *len, const sl_summary_pool *p);

/**
 * Load a pool saved by sl_summary_pool_save().
 *
 * @param[out] out  receives the pool; free it with sl_summary_pool_free()
 * @param data      the bytes
 * @param len       their number
 * @param opts      options, or NULL for defaults: pass the ones the pool
 *                  was made with (a smaller pool_sentences trims it)
 * @return SL_OK, SL_ENOMEM, SL_EINVAL for an unknown language, or
 *         SL_EFORMAT when the bytes are not a saved pool (bad magic,
 *         version, checksum or structure)
 */
SL_API int sl_summary_pool_load(sl_summary_pool **out,
                                const void *data,
                                size_t len,
                                const sl_summary_options *opts);

#endif
