/*
 * model.h - the entity tagger's weights and lexicons, read in place.
 *
 * A model is one little-endian blob, written by tools/train_ner and
 * linked into the library as static data (model_data.c), so nothing is
 * parsed or allocated when a tagger starts. The layout:
 *
 *   offset 0    SL__NER_PREAMBLE bytes of text: what the file is and the
 *               command that made it, NUL-padded
 *   preamble    sl__ner_header
 *   ...         feature slots: 2^feat_log2 uint64; 0 is empty, else the
 *               feature's fingerprint (hash >> 17) << 17 | the mask of
 *               tags it has weights for (17 bits)
 *   ...         weight offsets: one uint32 per slot, into the weights
 *   ...         weights: int16, one per set mask bit, in tag order
 *   ...         lexicon slots: 2^lex_log2 uint64; 0 is empty, else
 *               key & ~0xFF | value (8 bits)
 *
 * Both tables use linear probing from slot (hash & (size - 1)) and have
 * at least one empty slot, so every lookup ends.
 *
 * Tags: 0 is O (outside); 1 + 4 * type + position is the tag of an entity
 * token, with type an sl_entity_type and position B, I, L or U (begin,
 * inside, last, unit: the BILOU scheme of Ratinov and Roth 2009).
 */
#ifndef SL_ENTITIES_MODEL_H
#define SL_ENTITIES_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define SL__NER_NTAGS     17
#define SL__NER_NTYPES    4
#define SL__NER_PREAMBLE  512
#define SL__NER_VERSION   1
#define SL__NER_MAX_FEATS 80

enum { SL__NER_B = 0, SL__NER_I = 1, SL__NER_L = 2, SL__NER_U = 3 };

#define SL__NER_TAG(type, pos) (1 + 4 * (type) + (pos))
#define SL__NER_TYPE(tag)      (((tag)-1) / 4)
#define SL__NER_POS(tag)       (((tag)-1) % 4)

typedef struct sl__ner_header {
    char magic[8];       /* "SLNER\0\0\0" */
    uint32_t version;    /* SL__NER_VERSION */
    uint32_t ntags;      /* SL__NER_NTAGS */
    uint32_t feat_log2;  /* log2 of the number of feature slots */
    uint32_t lex_log2;   /* log2 of the number of lexicon slots */
    uint32_t nweights;   /* number of int16 weights */
    uint32_t max_phrase; /* longest gazetteer phrase, in tokens */
    uint64_t feat_slots; /* byte offsets of the sections */
    uint64_t feat_offsets;
    uint64_t weights;
    uint64_t lex_slots;
    uint64_t total; /* length of the whole blob */
} sl__ner_header;

/* A lexicon: word and phrase statistics from the training data. */
typedef struct sl__ner_lex {
    const uint64_t *slots;
    uint64_t mask; /* number of slots - 1 */
    unsigned max_phrase;
} sl__ner_lex;

typedef struct sl__ner_model {
    const uint64_t *feat_slots;
    uint64_t feat_mask;
    const uint32_t *feat_offsets;
    const int16_t *weights;
    sl__ner_lex lex;
} sl__ner_model;

/* The lexicon entry for 'key' with 'value', as stored in a slot. */
uint64_t sl__ner_lex_entry(uint64_t key, unsigned value);

/* Look 'key' up: 1 and its value in *value if found, else 0. */
int sl__ner_lex_get(const sl__ner_lex *lex, uint64_t key, unsigned *value);

/* Check a blob and point 'm' into it. SL_OK or SL_EFORMAT. */
int sl__ner_model_open(sl__ner_model *m, const void *blob, size_t len);

/* The weights built into the library. SL_OK or SL_EFORMAT. */
int sl__ner_model_builtin(sl__ner_model *m);

/* Add the weights of features feats[0..n) to scores[0..SL__NER_NTAGS). */
void sl__ner_model_score(const sl__ner_model *m,
                         const uint64_t *feats,
                         size_t n,
                         int32_t *scores);

/* The built-in blob and its length in bytes (model_data.c). */
extern const unsigned char sl__ner_blob[];
extern const uint64_t sl__ner_blob_len;

#endif
