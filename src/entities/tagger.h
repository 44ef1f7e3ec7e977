/*
 * tagger.h - greedy left-to-right BILOU decoding, shared by the library
 * and the trainer (tools/train_ner).
 *
 * The decoder visits the tokens of a prepared document in order. For each
 * it computes the features, asks a scorer for the score of every tag,
 * keeps only the tags that can follow the previous one (I and L only
 * inside an entity of the same type, B and U only outside, and no entity
 * left open at a sentence end) and takes the best. A step callback may
 * watch each decision: the trainer uses it to update its weights.
 */
#ifndef SL_ENTITIES_TAGGER_H
#define SL_ENTITIES_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "features.h"

typedef struct sl__ner_scorer {
    /* Fill scores[0..SL__NER_NTAGS) for token i, whose features are
     * feats[0..n). */
    void (*score)(double *scores,
                  size_t i,
                  const uint64_t *feats,
                  size_t n,
                  void *payload);
    /* Optional: called after token i was given tag 'pred' among the
     * allowed tags (bit t of 'allowed' set for tag t). */
    void (*step)(size_t i,
                 const uint64_t *feats,
                 size_t n,
                 unsigned pred,
                 uint32_t allowed,
                 void *payload);
    void *payload;
} sl__ner_scorer;

/* Tag every token of 'doc' into tags[0..doc->toks.count). Returns SL_OK
 * or SL_ENOMEM. */
int sl__ner_decode(uint8_t *tags, sl__ner_doc *doc, const sl__ner_scorer *sc);

/* The tags allowed after tag 'prev' (SL__NER_NTAGS at a sentence start);
 * 'last': the token ends its sentence. */
uint32_t sl__ner_allowed(unsigned prev, int last);

#endif
