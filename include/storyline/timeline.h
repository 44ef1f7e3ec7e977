/**
 * @file storyline/timeline.h
 * @brief Dated timelines per story, built incrementally as articles arrive.
 *
 * A timeline is a list of (day, one to a few sentences). An sl_timeline
 * accumulates, article by article, what a timeline needs and nothing more,
 * so that a story's timeline can be kept with the story and refreshed as
 * each article arrives instead of being recomputed over the archive:
 *
 * - for each day, how much of the coverage refers to it: the articles
 *   published that day, and the mentions of it in articles published on or
 *   after it (temporal expressions normalised against each article's
 *   publication date: "20 April", "on Tuesday", "yesterday"), with a bonus
 *   for mentions in an article's lead and for the number of distinct
 *   publication days that mention it;
 * - for each day, a bounded pool of candidate sentences: the sentences that
 *   mention the day and the lead sentences of the articles published that
 *   day, each with the hashes of its stems. A sentence nearly identical to
 *   one in the pool (a copy) is not added again; it raises that one's
 *   weight.
 *
 * sl_timeline_render() ranks the days by that score, keeps the top N (in a
 * window of days if asked), picks in each the K most central sentences of
 * its pool (the sum of their cosine similarity to the rest of the pool,
 * copies counted) and never says near-identical sentences twice. Days come
 * out in chronological order.
 *
 * The date ranking follows the feature families of Datewise (Gholipour
 * Ghalandari & Ifrim, "Examining the State-of-the-Art in News Timeline
 * Summarization", ACL 2020: publication count, mention count, distinct
 * mentioning days) with fixed weights; centrality within a day's pool
 * follows the TextRank/LexRank degree idea (Mihalcea & Tarau 2004, Erkan &
 * Radev 2004).
 *
 * Bounds: at most max_days days are tracked (the lowest-scored one is
 * evicted when a new day needs room), at most pool_size sentences per day
 * (the least central one is dropped), each sentence at most
 * max_sentence_bytes bytes and max_terms stems. An accumulator's memory is
 * therefore bounded whatever the number of articles added.
 *
 * Storage: sl_timeline_save() writes the accumulator to bytes (versioned,
 * little-endian, with a checksum) and sl_timeline_load() reads them back,
 * refusing anything malformed with SL_EFORMAT. Saving then loading gives an
 * accumulator that renders and saves exactly as the original.
 *
 * Determinism: the same options and the same articles in the same order
 * give the same bytes and the same timeline. No clock is read.
 *
 * Thread-safety: an accumulator is not thread-safe; distinct accumulators
 * are independent.
 */
#ifndef SL_STORYLINE_TIMELINE_H
#define SL_STORYLINE_TIMELINE_H

#include "common.h"

/** A timeline accumulator (opaque). */
typedef struct sl_timeline sl_timeline;

/** Options. Zero means the default given for each field. The bounds are
 *  saved with the accumulator; sl_timeline_load() keeps the saved ones. */
typedef struct sl_timeline_options {
    /** Days tracked at most; default 1024. */
    size_t max_days;
    /** Candidate sentences kept per day; default 12. */
    size_t pool_size;
    /** Longest sentence kept, in bytes; longer ones (often a headline,
     *  caption and lead run together) are skipped; default 300, about
     *  50 words. */
    size_t max_sentence_bytes;
    /** Stems kept per sentence; default 48. */
    size_t max_terms;
    /** Sentences of an article read at most; default 300. */
    size_t max_sentences;
    /** Snowball stemmer language; NULL = "english". Not saved. */
    const char *language;
    /** Language of the temporal expression rules (storyline/timex.h);
     *  NULL = "en". A language without rules finds no mentions, so days
     *  rank by publications alone. Not saved. */
    const char *timex_language;
} sl_timeline_options;

/** One article to add. Text is UTF-8, borrowed for the call. */
typedef struct sl_timeline_article {
    int64_t published_ms; /**< publication time, ms UTC; required */
    const char *title;    /**< headline or NULL */
    size_t title_len;
    const char *body; /**< body text or NULL */
    size_t body_len;
} sl_timeline_article;

/**
 * Create an empty accumulator.
 *
 * @param[out] out  receives it; free with sl_timeline_free()
 * @param opts      options or NULL; copied, not kept
 * @return SL_OK, SL_ENOMEM, SL_EINVAL (unknown language)
 */
SL_API int sl_timeline_new(sl_timeline **out, const sl_timeline_options *opts);

/** Free an accumulator. NULL is a no-op. */
SL_API void sl_timeline_free(sl_timeline *tl);

/**
 * Add one article: count its publication day and the days it mentions,
 * and offer its sentences to those days' pools.
 *
 * On SL_ENOMEM the accumulator may hold part of the article (some of its
 * mentions counted); it stays valid and can be used, saved and freed.
 *
 * @return SL_OK; SL_EINVAL if published_ms is 0 or out of range (years
 *         1..9999); SL_ENOMEM
 */
SL_API int sl_timeline_add(sl_timeline *tl, const sl_timeline_article *a);

/**
 * Add one article to several accumulators at once, as sl_timeline_add()
 * on each in turn, but reading the article (sentences, temporal
 * expressions, stems) once, with the first accumulator's languages. The
 * accumulators must have been made with the same options.
 *
 * @param tls    the accumulators
 * @param count  their number (0 checks the time and does nothing)
 * @param a      the article
 * @return as sl_timeline_add()
 */
SL_API int sl_timeline_add_many(sl_timeline *const *tls,
                                size_t count,
                                const sl_timeline_article *a);

/**
 * Fold the accumulator 'from' into 'into', as if into's articles and
 * from's had been added to one accumulator (up to the bounds: pools keep
 * their most central sentences, and a day mentioned from the same
 * publication day in both is counted once when both still remember that
 * day). Used when two stories merge. 'from' is not changed.
 *
 * On SL_ENOMEM 'into' may hold part of 'from'; it stays valid.
 *
 * @return SL_OK, SL_EINVAL (into == from), SL_ENOMEM
 */
SL_API int sl_timeline_merge(sl_timeline *into, const sl_timeline *from);

/** Number of articles added so far (across saves and loads). */
SL_API uint64_t sl_timeline_article_count(const sl_timeline *tl);

/** Number of days tracked now. */
SL_API size_t sl_timeline_day_count(const sl_timeline *tl);

/** Options for sl_timeline_render(). Zero means default. */
typedef struct sl_timeline_render_options {
    size_t dates;     /**< days to give; default 10 */
    size_t sentences; /**< sentences per day at most; default 1 */
    int64_t since_ms; /**< only days on or after this day; 0 = no bound */
    int64_t until_ms; /**< only days on or before this day; 0 = no bound */
} sl_timeline_render_options;

/** One day of a rendered timeline. */
typedef struct sl_timeline_entry {
    char date[11];     /**< "YYYY-MM-DD" */
    double score;      /**< the day's ranking score */
    uint32_t articles; /**< articles published that day */
    char **sentences;  /**< NUL-terminated UTF-8 */
    size_t sentence_count;
} sl_timeline_entry;

/** A rendered timeline: entries in chronological order. */
typedef struct sl_timeline_result {
    sl_timeline_entry *entries;
    size_t count;
} sl_timeline_result;

/**
 * Render the timeline: the top 'dates' days by score, each with up to
 * 'sentences' sentences, in chronological order. A day with no sentence
 * left to say (its pool empty, or all of it said by better-ranked days)
 * is passed over and the next day in rank is given instead, so each day
 * given has at least one sentence; only when no day in range has any
 * sentence are days given without them. Fewer than 'dates' days come
 * out when fewer have something to say.
 *
 * @param[out] out  receives the result; free with sl_timeline_result_free()
 * @return SL_OK, SL_ENOMEM
 */
SL_API int sl_timeline_render(sl_timeline_result **out,
                              const sl_timeline *tl,
                              const sl_timeline_render_options *opts);

/** Free a rendered timeline. NULL is a no-op. */
SL_API void sl_timeline_result_free(sl_timeline_result *r);

/**
 * Serialise an accumulator.
 *
 * @param[out] out      receives the bytes; free with sl_free()
 * @param[out] out_len  receives their length
 * @return SL_OK, SL_ENOMEM
 */
SL_API int
sl_timeline_save(unsigned char **out, size_t *out_len, const sl_timeline *tl);

/**
 * Read an accumulator saved by sl_timeline_save(). Every length, count and
 * bound is checked against the bytes and the checksum must match.
 *
 * @param[out] out  receives the accumulator; free with sl_timeline_free()
 * @param data      the bytes
 * @param len       their length
 * @param opts      options or NULL: only 'language' and 'timex_language'
 *                  are used; the bounds are those saved
 * @return SL_OK, SL_EFORMAT (not a timeline, wrong version, corrupt),
 *         SL_EINVAL (unknown language), SL_ENOMEM
 */
SL_API int sl_timeline_load(sl_timeline **out,
                            const unsigned char *data,
                            size_t len,
                            const sl_timeline_options *opts);

#endif
