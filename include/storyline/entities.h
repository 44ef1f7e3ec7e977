/**
 * @file storyline/entities.h
 * @brief Named entities in English news text: people (PER), organisations
 * (ORG), places (LOC) and other names (MISC).
 *
 * The tagger splits UTF-8 text into tokens ("Paris," gives "Paris" and
 * ","; "U.S." stays whole; "Jackson's" gives "Jackson" and "'s"), cuts it
 * into sentences at line breaks and sentence-final punctuation, and labels
 * each token with a greedy left-to-right averaged perceptron (Collins 2002)
 * over BILOU tags (Ratinov and Roth 2009). Its weights are built into the
 * library; they were trained on the CoNLL-2003 English training set
 * (Tjong Kim Sang and De Meulder 2003), so the tagger knows the four
 * CoNLL types as Reuters used them.
 *
 * Same text, same entities: the tagger keeps no state between calls and
 * uses no randomness. Offsets are byte offsets into the text given;
 * sl_entities_cp_offset() converts them to code-point offsets, which is
 * what languages with Unicode strings (Python, JavaScript with care) index
 * by.
 *
 * Any bytes are accepted: ill-formed UTF-8 is tagged byte by byte and
 * never makes a call fail.
 *
 * Thread-safety: an sl_entities handle is used by one thread at a time;
 * distinct handles may run in parallel (the weights are read-only).
 */
#ifndef SL_STORYLINE_ENTITIES_H
#define SL_STORYLINE_ENTITIES_H

#include "common.h"

/** The four CoNLL-2003 entity types. */
typedef enum sl_entity_type {
    SL_ENTITY_PER = 0,  /**< a person: "Phil Simmons" */
    SL_ENTITY_ORG = 1,  /**< an organisation: "Leicestershire", "U.N." */
    SL_ENTITY_LOC = 2,  /**< a place: "London", "West Bank" */
    SL_ENTITY_MISC = 3, /**< other names: "West Indian", "Euro 96" */
} sl_entity_type;

/** One entity: a span of the text and its type. */
typedef struct sl_entity {
    size_t start;        /**< byte offset of the first byte */
    size_t end;          /**< byte offset one past the last byte */
    sl_entity_type type; /**< what it names */
} sl_entity;

/** Default cap on the text given to sl_entities_tag(): 16 MiB. */
#define SL_ENTITIES_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)

/** Options for sl_entities_new(). Zero means default. */
typedef struct sl_entities_options {
    /** Largest text accepted by sl_entities_tag(), in bytes; 0 means
     *  SL_ENTITIES_DEFAULT_MAX_BYTES. */
    size_t max_bytes;
    /** Weights to use instead of the built-in ones: the bytes of a model
     *  file written by tools/train_ner, or NULL. Borrowed: they must stay
     *  valid, unchanged and 8-byte aligned until sl_entities_free(). */
    const void *model;
    size_t model_len; /**< length of 'model' in bytes */
} sl_entities_options;

/** A tagger: the weights it reads and the buffers it reuses. Opaque. */
typedef struct sl_entities sl_entities;

/**
 * Create a tagger.
 *
 * @param[out] out  receives the tagger; free it with sl_entities_free()
 * @param opts      options, or NULL for defaults; copied, not kept (but
 *                  see sl_entities_options.model)
 * @return SL_OK; SL_EFORMAT if opts->model is not a model file of this
 *         version; SL_ENOMEM
 */
SL_API int sl_entities_new(sl_entities **out, const sl_entities_options *opts);

/** Free a tagger and everything it owns. NULL is a no-op. */
SL_API void sl_entities_free(sl_entities *ner);

/**
 * Find the named entities in a text.
 *
 * Entities come in text order and never overlap. Each starts and ends on
 * a token boundary, so a span never cuts a UTF-8 sequence in two.
 *
 * @param[out] out        receives the entities, or NULL when there are
 *                        none; borrowed from 'ner', valid until the next
 *                        call on it or sl_entities_free()
 * @param[out] out_count  receives the number of entities
 * @param ner             the tagger
 * @param text            UTF-8 text; need not be NUL-terminated; may be
 *                        NULL when len is 0
 * @param len             its length in bytes
 * @return SL_OK (also for empty text); SL_ELIMIT if len exceeds the
 *         max_bytes option; SL_ENOMEM. On error *out is NULL and
 *         *out_count 0.
 */
SL_API int sl_entities_tag(const sl_entity **out,
                           size_t *out_count,
                           sl_entities *ner,
                           const char *text,
                           size_t len);

/**
 * Convert byte offsets to code-point offsets in place, in one pass over
 * the text. Each ill-formed byte counts as one code point.
 *
 * @param ents   entities in text order, as sl_entities_tag() gives them,
 *               copied by the caller; their start and end become
 *               code-point offsets
 * @param count  number of entities
 * @param text   the text they were found in
 * @param len    its length in bytes
 * @return SL_OK; SL_EINVAL if the entities are not in order or lie past
 *         the end of the text (then nothing is changed)
 */
SL_API int sl_entities_to_codepoints(sl_entity *ents,
                                     size_t count,
                                     const char *text,
                                     size_t len);

/**
 * Name of an entity type: "PER", "ORG", "LOC" or "MISC".
 *
 * @return a static string; "?" for a value outside the enum
 */
SL_API const char *sl_entity_type_name(sl_entity_type type);

#endif
