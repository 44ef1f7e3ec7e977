/*
 * doc.h - an article body as provenance sees it: content sentences, each
 * a sorted set of content-word hashes, with two fingerprints.
 *
 * Boilerplate is left out before anything is counted: URLs, lines of
 * fewer than eight words (bylines, "Share this", dates, copyright), and
 * lines without closing punctuation shorter than twenty words (headlines
 * repeated at the top, "Related Articles" lists of other titles,
 * captions). Sentences mostly inside quotation marks weigh a quarter of
 * their words, so that independent reports quoting the same statement
 * share little weight.
 *
 * Per sentence:
 *   - fp_exact hashes the whole word sequence (stopwords included), so it
 *     survives any change of typography or page furniture, but no edit;
 *   - fp_anchor hashes the two smallest anchor hashes of the sentence
 *     (numbers and capitalised words past the first), which synonym
 *     spinning, dropped words and phrase moves leave in place.
 *
 * For the index, word 5-gram hashes of each paragraph are winnowed and
 * a quarter of the anchor fingerprints (chosen by hash value, so the same
 * in every copy) are kept; queries use all anchor fingerprints.
 *
 * Invariant: sents[i].tok .. tok+ntok index doc->toks, sorted by hash,
 * without duplicates. Everything is deterministic (fixed hash seeds).
 */
#ifndef SL_PROVENANCE_DOC_H
#define SL_PROVENANCE_DOC_H

#include <stddef.h>
#include <stdint.h>

#define SL__PROV_TOK_ANCHOR 1u /* number or capitalised name */
#define SL__PROV_TOK_NUMBER 2u

typedef struct sl__prov_tok {
    uint32_t h;
    uint32_t flags;
    uint32_t off; /* first occurrence in the body, for evidence */
    uint32_t len;
} sl__prov_tok;

typedef struct sl__prov_sent {
    size_t off, len;   /* byte span in the body */
    uint32_t tok;      /* first content token in doc->toks */
    uint32_t ntok;     /* unique content tokens */
    uint32_t para;     /* line number of the paragraph */
    uint32_t fp_exact; /* hash of the word sequence */
    uint32_t fp_anchor;
    float weight; /* ntok, a quarter of it for quoted sentences */
} sl__prov_sent;

typedef struct sl__prov_doc {
    sl__prov_sent *sents;
    size_t nsent, cap_sent;
    sl__prov_tok *toks;
    size_t ntok, cap_tok;
    double weight; /* sum of the sentence weights */
    /* Fingerprints for the index: fps[0..nindex) are stored and looked
     * up; fps[nindex..nfps), the other anchors, only count towards the
     * size of the text (provenance.c asks a short text for one shared
     * fingerprint, not two). Sorted and unique within each part. */
    uint32_t *fps;
    size_t nfps, nindex, cap_fps;
} sl__prov_doc;

/* Words per shingle and winnowing window (Schleimer et al. 2003): every
 * run of SL__PROV_WINNOW_W + SL__PROV_SHINGLE - 1 words shared by two
 * bodies yields at least one fingerprint they share. */
#define SL__PROV_SHINGLE  5
#define SL__PROV_WINNOW_W 20
/* One sentence anchor fingerprint in this many is stored. */
#define SL__PROV_ANCHOR_RATE 4

/* Cap on the body bytes analysed: the rest of a huge page is ignored. */
#define SL__PROV_MAX_BODY (1u << 20)

void sl__prov_doc_init(sl__prov_doc *d);
void sl__prov_doc_dispose(sl__prov_doc *d);

/* Analyse 'body' (valid UTF-8) into 'd', replacing what it held.
 * Returns SL_OK or SL_ENOMEM. */
int sl__prov_doc_build(sl__prov_doc *d, const char *body, size_t len);

/* 32-bit hash of a lower-cased word; exposed for tests. */
uint32_t sl__prov_word_hash(const char *s, size_t len);

/* Final mixer (murmur3 fmix32): spreads fingerprints over buckets. */
uint32_t sl__prov_mix32(uint32_t h);

#endif
