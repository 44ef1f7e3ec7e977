/*
 * align.c - sentence alignment (see align.h).
 *
 * For each sentence of a, the most similar sentence of b is found by
 * merging the two sorted word sets; pairs at or above the threshold are
 * kept. The cost is |a| x |b| merges of a few dozen words, bounded by the
 * sentence caps of doc.c; a copy check compares only a handful of
 * candidate pairs per article, so this is not on a path that grows with
 * the store.
 */
#include "align.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void sl__prov_match_init(sl__prov_match *m)
{
    memset(m, 0, sizeof(*m));
}

void sl__prov_match_dispose(sl__prov_match *m)
{
    sl__free(m->pairs);
    memset(m, 0, sizeof(*m));
}

double sl__prov_sent_sim(const sl__prov_doc *a,
                         const sl__prov_sent *sa,
                         const sl__prov_doc *b,
                         const sl__prov_sent *sb,
                         uint32_t *out_common)
{
    const sl__prov_tok *x = a->toks + sa->tok, *y = b->toks + sb->tok;
    uint32_t i = 0, j = 0, common = 0;

    while (i < sa->ntok && j < sb->ntok) {
        if (x[i].h == y[j].h) {
            common++;
            i++;
            j++;
        } else if (x[i].h < y[j].h) {
            i++;
        } else {
            j++;
        }
    }
    if (out_common != NULL) {
        *out_common = common;
    }
    if (sa->ntok + sb->ntok == 0) {
        return 0;
    }
    return 2.0 * common / (double)(sa->ntok + sb->ntok);
}

typedef struct word_ent {
    uint32_t h;    /* word hash */
    uint32_t sent; /* sentence of b that holds it */
} word_ent;

/* Sort entries by (hash, sentence): a stable radix sort on the hash,
 * byte by byte, of entries made in sentence order. 'tmp' holds n. */
static void sort_ents(word_ent *v, word_ent *tmp, size_t n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++) {
            count[((v[i].h >> shift) & 0xff) + 1]++;
        }
        for (size_t k = 0; k < 256; k++) {
            count[k + 1] += count[k];
        }
        for (size_t i = 0; i < n; i++) {
            tmp[count[(v[i].h >> shift) & 0xff]++] = v[i];
        }
        memcpy(v, tmp, n * sizeof(*v));
    }
}

/* Sort a few sentence numbers (insertion sort). */
static void sort_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static int push_pair(sl__prov_match *m, uint32_t a, uint32_t b, double sim)
{
    if (m->npairs == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        sl__prov_pair *p = sl__realloc(m->pairs, cap * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        m->pairs = p;
        m->cap = cap;
    }
    m->pairs[m->npairs].a = a;
    m->pairs[m->npairs].b = b;
    m->pairs[m->npairs].sim = (float)sim;
    m->npairs++;
    return SL_OK;
}

int sl__prov_align(sl__prov_match *m,
                   const sl__prov_doc *a,
                   const sl__prov_doc *b)
{
    unsigned char *seen_b = NULL;
    word_ent *ent = NULL;
    uint32_t *common = NULL, *touched = NULL;
    double sim_sum = 0, exact_w = 0;
    size_t in_order = 0;
    int rc = SL_OK;

    m->npairs = 0;
    m->share_a = m->share_b = m->matched_a = m->matched_b = 0;
    m->sim = m->exact = m->order = 0;
    m->runs = 0;
    if (a->nsent == 0 || b->nsent == 0) {
        return SL_OK;
    }
    seen_b = sl__calloc(b->nsent, 1);
    if (seen_b == NULL) {
        return SL_ENOMEM;
    }
    /* An index of b's words: (hash, sentence) sorted, so that each word
     * of a sentence of a finds the sentences of b that hold it, and only
     * those are scored. Same result as comparing every pair of
     * sentences, at a fraction of the cost on long articles. */
    size_t nent = 0;
    for (size_t j = 0; j < b->nsent; j++) {
        nent += b->sents[j].ntok;
    }
    ent = sl__malloc((nent ? nent : 1) * 2 * sizeof(*ent));
    common = sl__calloc(b->nsent, sizeof(*common));
    touched = sl__malloc(b->nsent * sizeof(*touched));
    if (ent == NULL || common == NULL || touched == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    nent = 0;
    for (size_t j = 0; j < b->nsent; j++) {
        const sl__prov_sent *sb = &b->sents[j];
        for (uint32_t t = 0; t < sb->ntok; t++) {
            ent[nent].h = b->toks[sb->tok + t].h;
            ent[nent].sent = (uint32_t)j;
            nent++;
        }
    }
    sort_ents(ent, ent + nent, nent);
    for (size_t i = 0; i < a->nsent; i++) {
        const sl__prov_sent *sa = &a->sents[i];
        const sl__prov_tok *x = a->toks + sa->tok;
        size_t ntouched = 0;
        double best = 0;
        size_t bj = 0;

        for (uint32_t t = 0; t < sa->ntok; t++) {
            size_t lo = 0, hi = nent;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (ent[mid].h < x[t].h) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (; lo < nent && ent[lo].h == x[t].h; lo++) {
                uint32_t j = ent[lo].sent;
                if (common[j]++ == 0) {
                    touched[ntouched++] = j;
                }
            }
        }
        /* Score in sentence order, so ties go to the first, as a full
         * scan would. */
        sort_u32(touched, ntouched);
        for (size_t k = 0; k < ntouched; k++) {
            uint32_t j = touched[k];
            const sl__prov_sent *sb = &b->sents[j];
            uint32_t c = common[j];
            common[j] = 0;
            uint32_t lo = sa->ntok < sb->ntok ? sa->ntok : sb->ntok;
            if (2.0 * lo < SL__PROV_SENT_MIN_SIM * (sa->ntok + sb->ntok)) {
                continue;
            }
            double sim = 2.0 * c / (double)(sa->ntok + sb->ntok);
            if (sim > best && c >= 3) {
                best = sim;
                bj = j;
            }
        }
        if (best < SL__PROV_SENT_MIN_SIM) {
            continue;
        }
        if (push_pair(m, (uint32_t)i, (uint32_t)bj, best) < 0) {
            rc = SL_ENOMEM;
            goto out;
        }
        m->matched_a += sa->weight;
        sim_sum += best * sa->weight;
        if (best >= 0.9) {
            exact_w += sa->weight;
        }
        if (!seen_b[bj]) {
            seen_b[bj] = 1;
            m->matched_b += b->sents[bj].weight;
        }
    }
    for (size_t k = 0; k < m->npairs; k++) {
        if (k == 0 || m->pairs[k].a != m->pairs[k - 1].a + 1 ||
            m->pairs[k].b <= m->pairs[k - 1].b ||
            m->pairs[k].b > m->pairs[k - 1].b + 2) {
            m->runs++;
        }
        if (k > 0 && m->pairs[k].b > m->pairs[k - 1].b) {
            in_order++;
        }
    }
    if (m->npairs > 1) {
        m->order = (double)in_order / (double)(m->npairs - 1);
    } else {
        m->order = 1;
    }
    if (a->weight > 0) {
        m->share_a = m->matched_a / a->weight;
    }
    if (b->weight > 0) {
        m->share_b = m->matched_b / b->weight;
    }
    if (m->matched_a > 0) {
        m->sim = sim_sum / m->matched_a;
        m->exact = exact_w / m->matched_a;
    }
out:
    sl__free(seen_b);
    sl__free(ent);
    sl__free(common);
    sl__free(touched);
    return rc;
}
