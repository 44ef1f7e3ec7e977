/*
 * tagger.c - the public entity API (storyline/entities.h) and the greedy
 * BILOU decoder it shares with the trainer.
 *
 * Decoding is greedy, left to right, one decision per token, as in
 * Ratinov and Roth (2009), who found it as accurate as Viterbi for this
 * task once the previous tags and the document's earlier decisions are
 * features; it is also what makes the "extended prediction history"
 * feature possible: each capitalised word remembers the type it was last
 * given in the document, and later occurrences see it.
 *
 * Invariant: the tag sequence is always a valid BILOU sequence (see
 * sl__ner_allowed()), so every entity read off it is well-formed.
 */
#include "storyline/entities.h"

#include <string.h>

#include "entities/model.h"
#include "entities/tagger.h"
#include "util/alloc.h"

struct sl_entities {
    sl__ner_model model;
    size_t max_bytes;
    sl__ner_doc doc;
    uint8_t *tags;
    size_t tags_cap;
    sl_entity *ents;
    size_t ents_cap;
};

uint32_t sl__ner_allowed(unsigned prev, int last)
{
    uint32_t mask = 1; /* O */
    unsigned k;

    if (prev != 0 && prev < SL__NER_NTAGS) {
        unsigned pos = SL__NER_POS(prev), type = SL__NER_TYPE(prev);
        if (pos == SL__NER_B || pos == SL__NER_I) {
            mask = 1u << SL__NER_TAG(type, SL__NER_L);
            if (!last) {
                mask |= 1u << SL__NER_TAG(type, SL__NER_I);
            }
            return mask;
        }
    }
    for (k = 0; k < SL__NER_NTYPES; k++) {
        mask |= 1u << SL__NER_TAG(k, SL__NER_U);
        if (!last) {
            mask |= 1u << SL__NER_TAG(k, SL__NER_B);
        }
    }
    return mask;
}

int sl__ner_decode(uint8_t *tags, sl__ner_doc *doc, const sl__ner_scorer *sc)
{
    uint64_t feats[SL__NER_MAX_FEATS];
    size_t n = doc->toks.count, i;
    int rc;

    if ((rc = sl__ner_doc_table_reset(doc, n)) < 0) {
        return rc;
    }
    for (i = 0; i < n; i++) {
        const sl__ner_tokinfo *t = &doc->info[i];
        double scores[SL__NER_NTAGS] = { 0 };
        unsigned p1 = i > t->sent ? tags[i - 1] : SL__NER_NTAGS;
        unsigned p2 = i > t->sent + 1 ? tags[i - 2] : SL__NER_NTAGS;
        unsigned hist = 0, best = 0, k;
        uint64_t *slot = NULL;
        uint32_t allowed;
        size_t nf;

        if (sl__ner_cls_capitalised(t->cls)) {
            slot = sl__ner_doc_table_slot(doc, t->lower);
            hist = (unsigned)(*slot & 0xFF);
        }
        nf = sl__ner_features(feats, doc, i, p1, p2, hist);
        sc->score(scores, i, feats, nf, sc->payload);
        allowed = sl__ner_allowed(p1, i + 1 == t->sent_end);
        best = SL__NER_NTAGS;
        for (k = 0; k < SL__NER_NTAGS; k++) {
            if ((allowed & (1u << k)) &&
                (best == SL__NER_NTAGS || scores[k] > scores[best])) {
                best = k;
            }
        }
        if (sc->step != NULL) {
            sc->step(i, feats, nf, best, allowed, sc->payload);
        }
        tags[i] = (uint8_t)best;
        if (slot != NULL) {
            *slot = (*slot & ~(uint64_t)0xFF) |
                    (best == 0 ? 1u : 2u + SL__NER_TYPE(best));
        }
    }
    return SL_OK;
}

static void model_score(
    double *scores, size_t i, const uint64_t *feats, size_t n, void *payload)
{
    const sl__ner_model *m = payload;
    int32_t s[SL__NER_NTAGS] = { 0 };
    unsigned k;

    (void)i;
    sl__ner_model_score(m, feats, n, s);
    for (k = 0; k < SL__NER_NTAGS; k++) {
        scores[k] = s[k];
    }
}

int sl_entities_new(sl_entities **out, const sl_entities_options *opts)
{
    sl_entities *ner;
    int rc;

    *out = NULL;
    ner = sl__calloc(1, sizeof(*ner));
    if (ner == NULL) {
        return SL_ENOMEM;
    }
    if (opts != NULL && opts->model != NULL) {
        rc = sl__ner_model_open(&ner->model, opts->model, opts->model_len);
    } else {
        rc = sl__ner_model_builtin(&ner->model);
    }
    if (rc < 0) {
        sl__free(ner);
        return rc;
    }
    ner->max_bytes = opts != NULL && opts->max_bytes != 0
                         ? opts->max_bytes
                         : SL_ENTITIES_DEFAULT_MAX_BYTES;
    *out = ner;
    return SL_OK;
}

void sl_entities_free(sl_entities *ner)
{
    if (ner == NULL) {
        return;
    }
    sl__ner_doc_dispose(&ner->doc);
    sl__free(ner->tags);
    sl__free(ner->ents);
    sl__free(ner);
}

/* Make room for 'count' items of 'size' bytes in *p (capacity *cap). */
static void *grow(void *p, size_t *cap, size_t count, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *np;

    if (count <= *cap) {
        return p;
    }
    while (c < count) {
        c *= 2;
    }
    if (c > SIZE_MAX / size) {
        return NULL;
    }
    np = sl__realloc(p, c * size);
    if (np != NULL) {
        *cap = c;
    }
    return np;
}

/* Read the entities off a valid BILOU tag sequence. */
static int collect(sl_entities *ner, size_t *out_count)
{
    const sl__ner_tokens *toks = &ner->doc.toks;
    size_t i, count = 0, start = 0;

    for (i = 0; i < toks->count; i++) {
        unsigned tag = ner->tags[i], pos;
        sl_entity *e;
        if (tag == 0) {
            continue;
        }
        pos = SL__NER_POS(tag);
        if (pos == SL__NER_B || pos == SL__NER_U) {
            start = toks->items[i].start;
        }
        if (pos == SL__NER_B || pos == SL__NER_I) {
            continue;
        }
        e = grow(ner->ents, &ner->ents_cap, count + 1, sizeof(*e));
        if (e == NULL) {
            return SL_ENOMEM;
        }
        ner->ents = e;
        e = &ner->ents[count++];
        e->start = start;
        e->end = toks->items[i].end;
        e->type = (sl_entity_type)SL__NER_TYPE(tag);
    }
    *out_count = count;
    return SL_OK;
}

int sl_entities_tag(const sl_entity **out,
                    size_t *out_count,
                    sl_entities *ner,
                    const char *text,
                    size_t len)
{
    sl__ner_scorer sc = { model_score, NULL, NULL };
    uint8_t *tags;
    size_t count = 0;
    int rc;

    *out = NULL;
    *out_count = 0;
    if (len > ner->max_bytes) {
        return SL_ELIMIT;
    }
    if (len == 0) {
        return SL_OK;
    }
    rc = sl__ner_doc_prepare(&ner->doc, text, len, &ner->model.lex);
    if (rc < 0) {
        return rc;
    }
    tags = grow(ner->tags, &ner->tags_cap, ner->doc.toks.count, 1);
    if (tags == NULL) {
        return SL_ENOMEM;
    }
    ner->tags = tags;
    sc.payload = &ner->model;
    rc = sl__ner_decode(ner->tags, &ner->doc, &sc);
    if (rc < 0) {
        return rc;
    }
    rc = collect(ner, &count);
    if (rc < 0) {
        return rc;
    }
    *out = count > 0 ? ner->ents : NULL;
    *out_count = count;
    return SL_OK;
}

int sl_entities_to_codepoints(sl_entity *ents,
                              size_t count,
                              const char *text,
                              size_t len)
{
    size_t pos = 0, cp = 0, last = 0, i;

    for (i = 0; i < count; i++) {
        if (ents[i].start < last || ents[i].end < ents[i].start ||
            ents[i].end > len) {
            return SL_EINVAL;
        }
        last = ents[i].end;
    }
    for (i = 0; i < count; i++) {
        size_t *offs[2] = { &ents[i].start, &ents[i].end };
        int k;
        for (k = 0; k < 2; k++) {
            while (pos < *offs[k]) {
                uint32_t c;
                pos += sl__ner_char(&c, text + pos, len - pos);
                cp++;
            }
            *offs[k] = cp;
        }
    }
    return SL_OK;
}

const char *sl_entity_type_name(sl_entity_type type)
{
    switch (type) {
    case SL_ENTITY_PER:
        return "PER";
    case SL_ENTITY_ORG:
        return "ORG";
    case SL_ENTITY_LOC:
        return "LOC";
    case SL_ENTITY_MISC:
        return "MISC";
    }
    return "?";
}
