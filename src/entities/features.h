/*
 * features.h - what the entity tagger knows about each token.
 *
 * sl__ner_doc_prepare() tokenises a text and works out, once per token,
 * everything the features need: hashes of the word, its lowercase form,
 * prefixes, suffixes and shapes, its capitalisation class, its lexicon
 * entries, the gazetteer phrases that cover it, whether its sentence is
 * an all-caps headline, and how the same word is written elsewhere in the
 * text. sl__ner_features() then turns a token and the tags already given
 * to the two before it into feature hashes, which the model scores.
 *
 * The trainer (tools/train_ner) calls the same two functions, so training
 * and tagging see exactly the same features.
 */
#ifndef SL_ENTITIES_FEATURES_H
#define SL_ENTITIES_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "tokenize.h"

/* Capitalisation classes. */
enum {
    SL__NER_CLS_LOWER = 0,   /* "said", "de", "iPhone" */
    SL__NER_CLS_TITLE = 1,   /* "London" */
    SL__NER_CLS_CAPS = 2,    /* "LONDON", "UN" */
    SL__NER_CLS_INITIAL = 3, /* "J", "J." */
    SL__NER_CLS_MIXED = 4,   /* "McDonald", "U.S.-based" */
    SL__NER_CLS_DIGIT = 5,   /* "1996-08-30" */
    SL__NER_CLS_PUNCT = 6    /* ",", "--" */
};

/* Lexicon key kinds (the training data's statistics). */
enum {
    SL__NER_LEX_CASE = 1,  /* word: how often it is capitalised */
    SL__NER_LEX_TYPES = 2, /* word: the entity types it was part of */
    SL__NER_LEX_PHRASE = 3 /* token sequence: an entity it named */
};

/* Document flags of a word (bits of sl__ner_tokinfo.doc). */
enum {
    SL__NER_DOC_TITLE = 1, /* capitalised inside a sentence somewhere */
    SL__NER_DOC_LOWER = 2, /* in lowercase somewhere */
    SL__NER_DOC_CAPS = 4   /* in capitals outside headlines somewhere */
};

typedef struct sl__ner_tokinfo {
    uint64_t word;       /* hash of the form, digits as 0, quotes folded */
    uint64_t lower;      /* the same, lowercased */
    uint64_t shape;      /* "Xxxx", "X.X.", "dddd-dd-dd" (runs cut at 4) */
    uint64_t sshape;     /* runs cut at 1: "Xx", "X.X.", "d-d-d" */
    uint64_t pre[4];     /* lowercase prefixes of 1..4 characters */
    uint64_t suf[4];     /* lowercase suffixes of 1..4 characters */
    uint32_t sent;       /* index of its sentence's first token */
    uint32_t sent_end;   /* one past its sentence's last token */
    uint32_t first_same; /* first capitalised token of the same word in
                            the document, or UINT32_MAX */
    uint32_t next_same;  /* the next one after this token, or UINT32_MAX */
    uint8_t cls;         /* SL__NER_CLS_* */
    uint8_t nchars;      /* length in characters, capped at 255 */
    uint8_t headline;    /* its sentence is in capitals */
    uint8_t doc;         /* SL__NER_DOC_* bits of its lowercase form */
    uint8_t lcase;       /* SL__NER_LEX_CASE value, 0 if unknown */
    uint8_t ltypes;      /* SL__NER_LEX_TYPES value, 0 if unknown */
    uint8_t gaz[SL__NER_NTYPES]; /* per type: 0, or 1 + BILOU position
                                    of a gazetteer phrase over it, plus 8
                                    if that phrase was ambiguous */
} sl__ner_tokinfo;

typedef struct sl__ner_doc {
    const char *text;
    size_t len;
    sl__ner_tokens toks;
    sl__ner_tokinfo *info;
    size_t info_cap;
    uint64_t *table;  /* scratch: word -> flags, then word -> history */
    size_t table_cap; /* a power of two, or 0 */
    uint32_t *occ;    /* per table slot: first and last occurrence */
    size_t occ_cap;
} sl__ner_doc;

/* Tokenise text[0..len) and fill doc->info; the lexicon may have no
 * slots (then no lexicon features fire). The doc keeps its storage
 * between calls. Returns SL_OK or SL_ENOMEM. */
int sl__ner_doc_prepare(sl__ner_doc *doc,
                        const char *text,
                        size_t len,
                        const sl__ner_lex *lex);

/* Free a doc's storage. */
void sl__ner_doc_dispose(sl__ner_doc *doc);

/* Clear the scratch table and make it hold at least 'count' keys; used
 * for the per-document tag history. Returns SL_OK or SL_ENOMEM. */
int sl__ner_doc_table_reset(sl__ner_doc *doc, size_t count);

/* The history slot of word hash 'key': the uint64 whose low byte holds
 * the value, 0 when new (the slot is then claimed). */
uint64_t *sl__ner_doc_table_slot(sl__ner_doc *doc, uint64_t key);

/* Features of token i, given the tags of the two tokens before it
 * (SL__NER_NTAGS for none: sentence start) and the history value of its
 * word (0 none, 1 last tagged O, 2 + type). Writes at most
 * SL__NER_MAX_FEATS hashes to out; returns their number. */
size_t sl__ner_features(uint64_t *out,
                        const sl__ner_doc *doc,
                        size_t i,
                        unsigned p1,
                        unsigned p2,
                        unsigned hist);

/* The lexicon key of kind 'kind' (SL__NER_LEX_*) for hash h. */
uint64_t sl__ner_lex_key(unsigned kind, uint64_t h);

/* Hash of a phrase of lowercase word hashes, extended by one word. Start
 * with h = 0. */
uint64_t sl__ner_phrase_add(uint64_t h, uint64_t lower);

/* Is the class one of a capitalised word (title, caps, initial, mixed)? */
int sl__ner_cls_capitalised(unsigned cls);

#endif
