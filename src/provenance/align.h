/*
 * align.h - sentence alignment of two analysed bodies (doc.h): which
 * sentences of one are found, verbatim or rewritten, in the other.
 *
 * Two sentences match when the Dice coefficient of their content-word
 * sets reaches SL__PROV_SENT_MIN_SIM. Sets, not sequences: a spun copy
 * moves phrases and drops words, and a quarter of its words are
 * synonyms, yet keeps most of the others (and all names and numbers).
 */
#ifndef SL_PROVENANCE_ALIGN_H
#define SL_PROVENANCE_ALIGN_H

#include "doc.h"

#define SL__PROV_SENT_MIN_SIM 0.45

/* Similarity of two sentences: Dice over content words, 0..1. */
double sl__prov_sent_sim(const sl__prov_doc *a,
                         const sl__prov_sent *sa,
                         const sl__prov_doc *b,
                         const sl__prov_sent *sb,
                         uint32_t *out_common);

typedef struct sl__prov_pair {
    uint32_t a, b; /* sentence indexes */
    float sim;
} sl__prov_pair;

typedef struct sl__prov_match {
    double share_a;   /* share of a's weight found in b */
    double share_b;   /* share of b's weight found in a */
    double matched_a; /* a's weight found in b */
    double matched_b;
    double sim;   /* mean similarity of the matched sentences */
    double exact; /* share of matched weight with similarity >= 0.9 */
    double order; /* share of successive matches in the same order */
    size_t runs;  /* passages: runs of successive matches */
    sl__prov_pair *pairs;
    size_t npairs, cap;
} sl__prov_match;

void sl__prov_match_init(sl__prov_match *m);
void sl__prov_match_dispose(sl__prov_match *m);

/* Align 'a' against 'b' into 'm' (reset first). SL_OK or SL_ENOMEM. */
int sl__prov_align(sl__prov_match *m,
                   const sl__prov_doc *a,
                   const sl__prov_doc *b);

#endif
