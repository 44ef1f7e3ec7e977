/**
 * @file storyline/cluster.h
 * @brief Online story clustering: articles into events, events into
 * storylines, in one pass as they arrive.
 *
 * An *event* is one happening reported by several articles (a vote, a
 * verdict, a withdrawal, a government's reply to it); a *storyline* is
 * the chain of events about one subject over weeks or months. Each article
 * given to sl_clusterer_add() is assigned at once and for good: it joins
 * the most similar live event if the similarity reaches the event
 * threshold, or opens a new event, and a new event joins the most similar
 * live storyline or opens a new one. A young event (2, 4 or 8 articles) is
 * placed again by all its articles and may move to a storyline that fits
 * it better, or to one of its own; its articles go with it
 * (sl_clusterer_lookup() gives an article's current storyline).
 *
 * Similarity is the cosine between the article's tf-idf vector (stems of
 * title and body, the title weighted up, entities when given) and the
 * event's centroid, times a decay on the time gap between the article and
 * the event's articles (never below one half for events, so a strong
 * match still joins weeks later). Articles without a date compare by
 * text alone. Short articles (a headline, a few sentences) are scored
 * instead by the MStream mixture model (Yin et al., KDD 2018): the odds
 * that the event's word counts produced the article's stems against the
 * odds of a new event, mapped so that even odds meet the threshold; for
 * lengths in between (12 to 20 stems) the two scores are blended. When an
 * article matches two events whose centroids have grown close, the older
 * evidence is folded together: the result names the event merged away, and
 * callers relabel its articles. An article whose copy_of names a live article
 * joins that article's event. Document frequencies are learnt from the stream
 * itself.
 *
 * Memory stays bounded on an endless stream: events that see no article
 * for event_window_ms (by the stream's clock, the latest publication time
 * seen) or that fall out of the max_events most recently updated ones
 * retire, with their articles and index entries; storylines likewise.
 * A retired event can no longer be joined.
 *
 * Determinism: the same options and the same articles in the same order
 * give the same ids and scores, on every platform; no clock is read.
 *
 * Thread-safety: a clusterer is not thread-safe; distinct clusterers are
 * independent.
 */
#ifndef SL_STORYLINE_CLUSTER_H
#define SL_STORYLINE_CLUSTER_H

#include "common.h"

/** An online clusterer (opaque). */
typedef struct sl_clusterer sl_clusterer;

/** Options. Zero means the default given for each field. */
typedef struct sl_cluster_options {
    /** Similarity an article needs to join an event; default 0.15. */
    double event_threshold;
    /** Similarity a new event needs to join a storyline; default 0.06. */
    double story_threshold;
    /** Centroid cosine at which two events that an article matches both
     *  are merged; default 0.30. */
    double event_merge;
    /** Likewise for storylines; default 0.30. */
    double story_merge;
    /** Half-life of the time decay on event similarity; default 7 days. */
    int64_t event_half_life_ms;
    /** Half-life of the time decay on storyline similarity; default 60
     *  days. */
    int64_t story_half_life_ms;
    /** An event idle this long retires; default 30 days. */
    int64_t event_window_ms;
    /** A storyline idle this long retires; default 365 days. */
    int64_t story_window_ms;
    /** Weight of a title term against a body term; default 3. */
    double title_weight;
    /** Weight of an entity against a body term; default 0.5. */
    double entity_weight;
    /** Words of the body read; default 400. */
    size_t max_body_words;
    /** Similarity an undated article needs to join an event; default
     *  0.40. Without a date, time cannot tell apart two events of one
     *  storyline (the decay and the retirement of idle events do that for
     *  dated articles), so the text must say more. */
    double undated_event_threshold;
    /** Words of the body read to place an undated article in an event;
     *  default 50. Its event is judged on the headline and the lead, which
     *  say what happened; the rest of an article is mostly background
     *  shared by the whole storyline, and places its event in a storyline
     *  (the whole article, up to max_body_words, is read for that). */
    size_t undated_body_words;
    /** Live events kept at most; default 100000. */
    size_t max_events;
    /** Live storylines kept at most; default 20000. */
    size_t max_storylines;
    /** Distinct terms whose document frequency is kept; default 2^21. */
    size_t max_terms;
    /** Snowball stemmer language ("english", "german", ...); NULL =
     *  "english". The stop list applies to English only. */
    const char *language;
    /** Seed of the term hashes; 0 = a fixed default. */
    uint64_t seed;
} sl_cluster_options;

/** One article to cluster. Strings are NUL-terminated UTF-8, borrowed for
 *  the duration of the call. */
typedef struct sl_cluster_doc {
    const char *id;              /**< the article's id; required, unique */
    const char *title;           /**< headline; NULL = none */
    const char *text;            /**< body; NULL = none; only the first
                                    max_body_words words are read */
    int64_t published_ms;        /**< publication time, ms UTC; 0 = unknown */
    const char *const *entities; /**< entity names (people, places,
                                    organisations); NULL = none */
    size_t entity_count;         /**< number of entities */
    const char *copy_of;         /**< id of the article this one copies; NULL */
} sl_cluster_doc;

/** Where an article went. */
typedef struct sl_cluster_result {
    uint64_t event_id;        /**< the event joined or opened (from 1) */
    uint64_t storyline_id;    /**< the event's storyline (from 1) */
    int new_event;            /**< 1 if the article opened the event */
    int new_storyline;        /**< 1 if the event opened the storyline */
    int by_copy;              /**< 1 if copy_of decided the event */
    double score;             /**< similarity to the best candidate event
                                 (0 when there was none) */
    uint64_t best_event_id;   /**< that candidate, joined or not; 0 = none */
    double story_score;       /**< similarity of a new event to the best
                                 storyline (0 when the event was joined) */
    size_t candidates;        /**< candidate events scored */
    uint64_t merged_event_id; /**< an older event folded into event_id
                                 by this article (its articles now belong
                                 to event_id); 0 = none */
    uint64_t merged_storyline_id; /**< likewise for storylines */
} sl_cluster_result;

/** Why two articles would or would not share an event. */
typedef struct sl_cluster_explain {
    double title_cosine;  /**< cosine of the title terms alone */
    double body_cosine;   /**< cosine of the body terms alone */
    double entity_cosine; /**< cosine of the entities alone */
    double text_cosine;   /**< cosine of the full vectors */
    double gap_days;      /**< days between the two; -1 if either is
                             undated */
    double time_factor;   /**< the event decay for that gap (1 if undated) */
    double score;         /**< text_cosine * time_factor; 1 for a copy */
    double threshold;     /**< the event threshold (the undated one when
                             either article is undated) */
    int copy;             /**< 1 if one names the other in copy_of */
    int would_join;       /**< score >= threshold or copy */
    uint64_t event_a;     /**< event of a if still live, else 0 */
    uint64_t event_b;     /**< event of b if still live, else 0 */
} sl_cluster_explain;

/** Counters, for monitoring and benchmarks. */
typedef struct sl_cluster_stats {
    uint64_t articles;      /**< articles added */
    size_t live_events;     /**< events not retired */
    size_t live_storylines; /**< storylines not retired */
    uint64_t events;        /**< events ever opened */
    uint64_t storylines;    /**< storylines ever opened */
    size_t terms;           /**< terms with a document frequency */
    size_t postings;        /**< references in the candidate indexes */
} sl_cluster_stats;

/**
 * Create an empty clusterer.
 *
 * @param[out] out  receives the clusterer; free it with sl_clusterer_free()
 * @param opts      options, or NULL for defaults; copied, not kept
 * @return SL_OK, SL_ENOMEM, or SL_EINVAL for an unknown stemmer language
 *         or a negative threshold or window
 */
SL_API int sl_clusterer_new(sl_clusterer **out, const sl_cluster_options *opts);

/** Free a clusterer and all it owns. NULL is a no-op. */
SL_API void sl_clusterer_free(sl_clusterer *c);

/**
 * Assign one article to an event and a storyline.
 *
 * @param[out] out  where the article went
 * @param c         the clusterer
 * @param doc       the article; all of it is borrowed for the call only
 * @return SL_OK; SL_EINVAL if doc or its id is missing; SL_ENOMEM (the
 *         clusterer is then unchanged as far as later results go, except
 *         that the article's terms may have been counted)
 */
SL_API int sl_clusterer_add(sl_cluster_result *out,
                            sl_clusterer *c,
                            const sl_cluster_doc *doc);

/**
 * The event and storyline of an article, while its event is live.
 *
 * @param[out] event_id      the event; may be NULL
 * @param[out] storyline_id  the storyline; may be NULL
 * @return SL_OK, or SL_ENOTFOUND if the article is unknown or retired
 */
SL_API int sl_clusterer_lookup(uint64_t *event_id,
                               uint64_t *storyline_id,
                               const sl_clusterer *c,
                               const char *id);

/**
 * Score two articles against each other feature by feature, with the
 * clusterer's current document frequencies and options (for "why are A
 * and B together"). Nothing is added to the clusterer.
 *
 * @param[out] out  the scores
 * @return SL_OK, SL_EINVAL if a document or id is missing, SL_ENOMEM
 */
SL_API int sl_clusterer_explain(sl_cluster_explain *out,
                                sl_clusterer *c,
                                const sl_cluster_doc *a,
                                const sl_cluster_doc *b);

/** Fill 'out' with the clusterer's counters. */
SL_API void sl_clusterer_stats(sl_cluster_stats *out, const sl_clusterer *c);

/**
 * Serialise the whole state (options, document frequencies, live events
 * and storylines with their indexes, counters) so that a clusterer loaded
 * from it continues exactly as this one would.
 *
 * @param[out] out      receives the bytes; free with sl_free()
 * @param[out] out_len  their number
 * @return SL_OK or SL_ENOMEM
 */
SL_API int
sl_clusterer_save(char **out, size_t *out_len, const sl_clusterer *c);

/**
 * Rebuild a clusterer from sl_clusterer_save() bytes. The bytes are
 * checked: a truncated or altered state is refused, never trusted.
 *
 * @param[out] out  receives the clusterer; free with sl_clusterer_free()
 * @param data      the saved bytes; not kept
 * @return SL_OK, SL_EFORMAT for bytes that are not a valid state,
 *         SL_EINVAL for an unknown stemmer language, SL_ENOMEM
 */
SL_API int sl_clusterer_load(sl_clusterer **out, const void *data, size_t len);

#endif
