/*
 * model.c - checking a model blob and reading weights out of it.
 *
 * A blob is checked once when a tagger is made: the header, the section
 * bounds and alignment, every weight offset against the weight count, and
 * an empty slot in each table. After that, lookups trust it. A blob from
 * outside (sl_entities_options.model) gets the same checks, so a corrupt
 * file gives SL_EFORMAT instead of reads out of bounds.
 *
 * Exports sl__ner_model_open(), sl__ner_model_builtin(),
 * sl__ner_model_score(), sl__ner_lex_get(), sl__ner_lex_entry().
 */
#include "model.h"

#include <string.h>

#include "storyline/common.h"

uint64_t sl__ner_lex_entry(uint64_t key, unsigned value)
{
    uint64_t k = key & ~(uint64_t)0xFF;

    if (k == 0) {
        k = 0x100;
    }
    return k | (value & 0xFF);
}

int sl__ner_lex_get(const sl__ner_lex *lex, uint64_t key, unsigned *value)
{
    uint64_t want = sl__ner_lex_entry(key, 0);
    uint64_t i;

    if (lex->slots == NULL) {
        return 0;
    }
    for (i = key & lex->mask;; i = (i + 1) & lex->mask) {
        uint64_t e = lex->slots[i];
        if (e == 0) {
            return 0;
        }
        if ((e & ~(uint64_t)0xFF) == want) {
            *value = (unsigned)(e & 0xFF);
            return 1;
        }
    }
}

void sl__ner_model_score(const sl__ner_model *m,
                         const uint64_t *feats,
                         size_t n,
                         int32_t *scores)
{
    size_t k;

    for (k = 0; k < n; k++) {
        uint64_t h = feats[k];
        uint64_t fp = h >> 17;
        uint64_t i;
        for (i = h & m->feat_mask;; i = (i + 1) & m->feat_mask) {
            uint64_t e = m->feat_slots[i];
            if (e == 0) {
                break;
            }
            if ((e >> 17) == fp) {
                const int16_t *w = m->weights + m->feat_offsets[i];
                uint32_t bits = (uint32_t)(e & 0x1FFFF);
                while (bits != 0) {
                    scores[__builtin_ctz(bits)] += *w++;
                    bits &= bits - 1;
                }
                break;
            }
        }
    }
}

static int section_ok(uint64_t off, uint64_t count, uint64_t size, size_t len)
{
    uint64_t bytes;

    if (off % 8 != 0 || off > len) {
        return 0;
    }
    if (__builtin_mul_overflow(count, size, &bytes)) {
        return 0;
    }
    return bytes <= len - off;
}

int sl__ner_model_open(sl__ner_model *m, const void *blob, size_t len)
{
    const unsigned char *b = blob;
    sl__ner_header h;
    uint64_t nslots, nlex, i;
    int empty;

    memset(m, 0, sizeof(*m));
    if (blob == NULL || (uintptr_t)blob % 8 != 0 ||
        len < SL__NER_PREAMBLE + sizeof(h)) {
        return SL_EFORMAT;
    }
    memcpy(&h, b + SL__NER_PREAMBLE, sizeof(h));
    if (memcmp(h.magic, "SLNER\0\0\0", 8) != 0 ||
        h.version != SL__NER_VERSION || h.ntags != SL__NER_NTAGS ||
        h.feat_log2 < 1 || h.feat_log2 > 30 || h.lex_log2 < 1 ||
        h.lex_log2 > 30 || h.total != len || h.max_phrase > 16) {
        return SL_EFORMAT;
    }
    nslots = (uint64_t)1 << h.feat_log2;
    nlex = (uint64_t)1 << h.lex_log2;
    if (!section_ok(h.feat_slots, nslots, 8, len) ||
        !section_ok(h.feat_offsets, nslots, 4, len) ||
        !section_ok(h.weights, h.nweights, 2, len) ||
        !section_ok(h.lex_slots, nlex, 8, len)) {
        return SL_EFORMAT;
    }
    m->feat_slots = (const uint64_t *)(const void *)(b + h.feat_slots);
    m->feat_mask = nslots - 1;
    m->feat_offsets = (const uint32_t *)(const void *)(b + h.feat_offsets);
    m->weights = (const int16_t *)(const void *)(b + h.weights);
    m->lex.slots = (const uint64_t *)(const void *)(b + h.lex_slots);
    m->lex.mask = nlex - 1;
    m->lex.max_phrase = h.max_phrase;
    empty = 0;
    for (i = 0; i < nslots; i++) {
        uint64_t e = m->feat_slots[i];
        uint64_t end;
        if (e == 0) {
            empty = 1;
            continue;
        }
        end = (uint64_t)m->feat_offsets[i] +
              (uint64_t)__builtin_popcountll(e & 0x1FFFF);
        if ((e & 0x1FFFF) == 0 || end > h.nweights) {
            memset(m, 0, sizeof(*m));
            return SL_EFORMAT;
        }
    }
    for (i = 0; i < nlex && empty; i++) {
        if (m->lex.slots[i] == 0) {
            empty = 2;
            break;
        }
    }
    if (empty != 2) {
        memset(m, 0, sizeof(*m));
        return SL_EFORMAT;
    }
    return SL_OK;
}

int sl__ner_model_builtin(sl__ner_model *m)
{
    return sl__ner_model_open(m, sl__ner_blob, (size_t)sl__ner_blob_len);
}
