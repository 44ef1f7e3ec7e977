/*
 * summary.c - extractive summaries from a bounded sentence pool
 * (sl_summarize, sl_summary_pool_*; see storyline/summary.h).
 *
 * A pool holds the story's concept counts (concept -> number of documents
 * using it, in an sl_map) and its candidate sentences, each with a copy
 * of its text and its sorted, distinct concepts. A concept is the hash of
 * a content stem (tokenising, stop words and Snowball stemming are those
 * of the clustering stage, src/cluster/text.h) with the low bit clear, or
 * the hash of two adjacent content stems with the low bit set.
 *
 * Rendering is greedy maximisation of weighted concept coverage under a
 * word budget (Lin and Bilmes, ACL 2011, with the cost-scaled gain
 * gain / words^r of their budgeted greedy; concepts after Gillick and
 * Favre, "A scalable global model for summarization", ILP-NLP 2009). A
 * concept weighs df - 1 (times UNIGRAM_WEIGHT for single stems), where df
 * is the number of documents using it, so only what several documents
 * say counts. The gain is multiplied by a lead prior
 * 1 + LEAD_PRIOR / (1 + position): news puts the gist first. A candidate
 * that shares most of its stems with a chosen sentence is refused
 * (near-copies across wire reprints). The constants were set on a
 * development set of news clusters, where the optimum is flat: moving
 * any of them by a quarter changes ROUGE by well under a point.
 *
 * Saved pool format (integers little-endian; "v" is an unsigned LEB128
 * varint):
 *
 *   "SLSP" u32:version=2 v:docs v:nconcepts v:ncands
 *   nconcepts x v:key - previous key        keys strictly ascending
 *   nconcepts x v:df
 *   ncands x { v:doc_id v:published_ms v:start v:end - start v:doc
 *              v:index v:words v:len bytes[len] }
 *   u64:checksum                            sl__hash64 of all before it
 *
 * A candidate's concepts are not saved: they are those of its text and
 * are found again at load. Concept ids are 32-bit hashes (a pool holds a
 * few thousand concepts, so two sharing an id is rare and only adds
 * their counts), which keeps the counts at 3-4 bytes each once sorted
 * and delta-coded; a random 64-bit id would cost 7. Version 1 (fixed
 * 64-bit fields, 64-bit ids, concepts with each candidate) still loads:
 * its ids are folded to 32 bits as new ones are.
 *
 * Invariants: a pool's candidates are in arrival order (document, then
 * sentence), every candidate fits the length options, and the pool never
 * holds more than pool_sentences candidates after an add. Rendering never
 * changes the pool, and everything is ordered by explicit keys, so the
 * same adds give the same bytes and summaries.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/map.h"
#include "cluster/text.h"
#include "storyline/summary.h"
#include "util/alloc.h"

#define DEFAULT_MAX_WORDS      100
#define DEFAULT_MIN_WORDS      8
#define DEFAULT_LONG_WORDS     60
#define DEFAULT_POOL_SENTENCES 400
#define DEFAULT_POOL_CONCEPTS  65536

/* Seed of the stem hashes; part of the saved format. */
#define TERM_SEED UINT64_C(0x73756d6d61727931)
/* Most content words read from one sentence. */
#define MAX_TERMS 1024

#define UNIGRAM_WEIGHT  1.0
#define LENGTH_EXPONENT 0.8
#define LEAD_PRIOR      1.0
/* A candidate sharing this share of its stems with a chosen sentence
 * (of the smaller stem set) is a near-copy. */
#define REDUNDANT_SHARE 0.6

#define POOL_MAGIC      "SLSP"
#define POOL_VERSION    2u
#define POOL_VERSION_V1 1u

typedef struct cand {
    char *text; /* NUL-terminated copy */
    size_t len;
    size_t start, end; /* in the document's text */
    uint64_t doc_id;
    int64_t published_ms;
    uint32_t doc;   /* arrival number of its document */
    uint32_t index; /* sentence number in the document */
    uint32_t words;
    uint32_t nconcepts;
    uint64_t *concepts; /* sorted, distinct */
} cand;

struct sl_summary_pool {
    sl_summary_options o; /* defaults filled in; language points to lang */
    char *lang;
    sl_ctext *ct;
    sl_map df; /* concept -> documents using it */
    size_t docs;
    cand *c;
    size_t count, cap;
    uint64_t *terms; /* scratch: MAX_TERMS stem hashes */
};

/* ------------------------------------------------------------------ */
/* Words and concepts                                                  */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static size_t count_words(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;

    for (size_t i = 0; i < len; i++) {
        int sp = is_space((unsigned char)s[i]);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

static uint64_t pair_key(uint64_t a, uint64_t b)
{
    unsigned char buf[16];

    for (int i = 0; i < 8; i++) {
        buf[i] = (unsigned char)(a >> (8 * i));
        buf[8 + i] = (unsigned char)(b >> (8 * i));
    }
    return sl__hash64(buf, sizeof(buf), TERM_SEED) | 1u;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* Sort v[0..n) ascending: insertion sort for a sentence's few concepts,
 * else a byte-wise radix sort over the bytes the largest value uses
 * (four for concept ids); qsort if there is no memory for it. Sorting a
 * document's concepts with qsort's callbacks was 4% of an ingest. */
static void sort_u64(uint64_t *v, size_t n)
{
    uint64_t max = 0, *tmp;

    if (n <= 48) {
        for (size_t i = 1; i < n; i++) {
            uint64_t x = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1] > x) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    tmp = sl__malloc(n * sizeof(*tmp));
    if (tmp == NULL) {
        qsort(v, n, sizeof(*v), cmp_u64);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        max |= v[i];
    }
    uint64_t *from = v, *to = tmp;
    for (unsigned shift = 0; shift < 64 && (max >> shift) != 0; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++) {
            count[((from[i] >> shift) & 0xff) + 1]++;
        }
        for (size_t b = 1; b < 257; b++) {
            count[b] += count[b - 1];
        }
        for (size_t i = 0; i < n; i++) {
            to[count[(from[i] >> shift) & 0xff]++] = from[i];
        }
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != v) {
        memcpy(v, from, n * sizeof(*v));
    }
    sl__free(tmp);
}

static size_t sort_unique(uint64_t *v, size_t n)
{
    size_t k = 0;

    if (n == 0) {
        return 0;
    }
    sort_u64(v, n);
    for (size_t i = 1; i < n; i++) {
        if (v[i] != v[k]) {
            v[++k] = v[i];
        }
    }
    return k + 1;
}

/* The id of the concept with hash h: its two halves folded to 32 bits,
 * the low bit (pair or single stem) kept; never 0. */
static uint64_t concept_id(uint64_t h)
{
    uint32_t f = (uint32_t)(h ^ (h >> 32));

    return sl__map_key((uint64_t)((f & ~1u) | (uint32_t)(h & 1)));
}

/* The concepts of s[0..len) into out[0..2*MAX_TERMS), sorted and
 * distinct; returns their number or SL_ENOMEM. */
static int
concepts_of(uint64_t *out, sl_summary_pool *p, const char *s, size_t len)
{
    size_t n = 0, k = 0;
    int rc;

    rc = sl__ctext_terms(p->terms, &n, MAX_TERMS, p->ct, s, len, SIZE_MAX,
                         TERM_SEED);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        out[k++] = p->terms[i] & ~(uint64_t)1;
        if (i + 1 < n) {
            out[k++] = pair_key(p->terms[i], p->terms[i + 1]);
        }
    }
    for (size_t i = 0; i < k; i++) {
        out[i] = concept_id(out[i]);
    }
    return (int)sort_unique(out, k);
}

/* ------------------------------------------------------------------ */
/* Candidates                                                          */

/* May sentence s[0..len) with 'words' words be part of a summary? It
 * must fit the length range (and SL_SENTENCE_MAX_BYTES), open with no
 * lower-case letter (not a fragment) and not be a question. Found by the
 * splitter, it must also close like a statement, which keeps headlines,
 * bylines and datelines out; given by the caller ('given'), it may end
 * without a stop (text that is one sentence per line, unpunctuated). */
static int is_candidate(const sl_summary_options *o,
                        const char *s,
                        size_t len,
                        size_t words,
                        int given)
{
    unsigned char first, last;

    if (words < o->min_words || words > o->long_words || len == 0 ||
        len > SL_SENTENCE_MAX_BYTES || memchr(s, '\0', len) != NULL) {
        return 0;
    }
    first = (unsigned char)s[0];
    if (first >= 'a' && first <= 'z') {
        return 0;
    }
    while (len > 0 && strchr("\"')]", s[len - 1]) != NULL) {
        len--;
    }
    if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 &&
        (unsigned char)s[len - 2] == 0x80 &&
        ((unsigned char)s[len - 1] == 0x9D ||
         (unsigned char)s[len - 1] == 0x99)) {
        len -= 3;
    }
    if (len == 0) {
        return 0;
    }
    last = (unsigned char)s[len - 1];
    if (last == '?') {
        return 0;
    }
    return given || last == '.' || last == '!';
}

static void cand_dispose(cand *c)
{
    sl__free(c->text);
    sl__free(c->concepts);
    memset(c, 0, sizeof(*c));
}

/* Copy sentence s[0..len) and its concepts into 'c'. */
static int cand_init(cand *c,
                     const char *s,
                     size_t len,
                     const uint64_t *concepts,
                     size_t nconcepts)
{
    memset(c, 0, sizeof(*c));
    c->text = sl__strndup(s, len);
    c->concepts = sl__malloc((nconcepts ? nconcepts : 1) * sizeof(uint64_t));
    if (c->text == NULL || c->concepts == NULL) {
        cand_dispose(c);
        return SL_ENOMEM;
    }
    c->len = len;
    if (nconcepts > 0) {
        memcpy(c->concepts, concepts, nconcepts * sizeof(uint64_t));
    }
    c->nconcepts = (uint32_t)nconcepts;
    return SL_OK;
}

/* Weight of 'key' given the pool's counts. */
static double weight(const sl_summary_pool *p, uint64_t key)
{
    const uint64_t *df = sl__map_get(&p->df, key);

    if (df == NULL || *df < 2) {
        return 0.0;
    }
    return (double)(*df - 1) * ((key & 1) ? 1.0 : UNIGRAM_WEIGHT);
}

static double lead_prior(uint32_t index)
{
    return 1.0 + LEAD_PRIOR / (1.0 + (double)index);
}

static double length_cost(uint32_t words)
{
    return pow((double)(words ? words : 1), LENGTH_EXPONENT);
}

/* ------------------------------------------------------------------ */
/* Pool maintenance                                                    */

typedef struct ranked {
    double score;
    size_t i;
} ranked;

/* Does x rank before y: the better score, then the earlier arrival? */
static int ranked_before(const void *a, const void *b)
{
    const ranked *x = a, *y = b;

    return x->score != y->score ? x->score > y->score : x->i < y->i;
}

/* Swap elements i and j of 'size' (<= 32) bytes. */
static void swap_at(unsigned char *v, size_t size, size_t i, size_t j)
{
    unsigned char t[32];

    memcpy(t, v + i * size, size);
    memcpy(v + i * size, v + j * size, size);
    memcpy(v + j * size, t, size);
}

/* Reorder the n elements of 'size' bytes at 'base' so that the first k
 * are its k first in the order of 'before' (a strict total order), in
 * no particular order among themselves: Hoare's selection with a
 * median-of-three pivot, linear time in expectation, where sorting all
 * n would cost n log n. Used for candidates and for concepts. */
static void select_first(void *base,
                         size_t n,
                         size_t size,
                         size_t k,
                         int (*before)(const void *, const void *))
{
    unsigned char *v = base;
    size_t lo = 0, hi = n;

#define AT(i) (v + (i)*size)
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1, at = lo;

        if (before(AT(mid), AT(lo))) {
            swap_at(v, size, lo, mid);
        }
        if (before(AT(last), AT(lo))) {
            swap_at(v, size, lo, last);
        }
        if (before(AT(mid), AT(last))) {
            swap_at(v, size, mid, last);
        }
        /* v[lo] <= v[last] <= v[mid]: v[last] is the pivot. */
        for (size_t i = lo; i < last; i++) {
            if (before(AT(i), AT(last))) {
                swap_at(v, size, i, at++);
            }
        }
        swap_at(v, size, at, last);
        /* v[lo..at) come before v[at], v[at + 1..hi) after it. */
        if (at == k || at + 1 == k) {
            break;
        }
        if (k < at) {
            hi = at;
        } else {
            lo = at + 1;
        }
    }
#undef AT
}

/* Keep the pool_sentences candidates that would score best alone (ties:
 * the earlier), in arrival order. Best effort: without memory for the
 * ranking the pool stays as it is. */
static void prune_sentences(sl_summary_pool *p)
{
    ranked *r;
    size_t keep = p->o.pool_sentences, k = 0;

    if (p->count <= keep) {
        return;
    }
    r = sl__malloc(p->count * sizeof(*r));
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < p->count; i++) {
        const cand *c = &p->c[i];
        double g = 0.0;
        for (uint32_t j = 0; j < c->nconcepts; j++) {
            g += weight(p, c->concepts[j]);
        }
        r[i].score = g / length_cost(c->words) * lead_prior(c->index);
        r[i].i = i;
    }
    select_first(r, p->count, sizeof(*r), keep, ranked_before);
    for (size_t i = keep; i < p->count; i++) {
        cand_dispose(&p->c[r[i].i]); /* its text becomes NULL */
    }
    for (size_t i = 0; i < p->count; i++) {
        if (p->c[i].text != NULL) {
            p->c[k++] = p->c[i];
        }
    }
    p->count = k;
    sl__free(r);
}

typedef struct counted {
    uint64_t key, df;
} counted;

/* Does x come before y in the order of prune_concepts: more documents
 * first, then the smaller key? Keys are distinct, so the order is total. */
static int counted_before(const void *a, const void *b)
{
    const counted *x = a, *y = b;

    return x->df != y->df ? x->df > y->df : x->key < y->key;
}

/* Keep the pool_concepts most used concepts (ties: smaller key), in the
 * manner of a space-saving counter, once a quarter more have gathered:
 * a story's articles bring a few hundred new concepts each, and sorting
 * the counts at every add would cost more than all the rest of it.
 * Best effort, like prune_sentences. */
static void prune_concepts(sl_summary_pool *p)
{
    size_t keep = p->o.pool_concepts, k = 0;
    counted *v;
    sl_map m;

    if (p->df.count <= keep || p->df.count - keep <= keep / 4) {
        return;
    }
    v = sl__malloc(p->df.count * sizeof(*v));
    if (v == NULL) {
        return;
    }
    for (size_t i = 0; i < p->df.cap; i++) {
        if (p->df.slots[i].key != 0) {
            v[k].key = p->df.slots[i].key;
            v[k].df = p->df.slots[i].val;
            k++;
        }
    }
    select_first(v, k, sizeof(*v), keep, counted_before);
    sl__map_init(&m);
    if (sl__map_reserve(&m, keep) < 0) {
        sl__free(v);
        return;
    }
    for (size_t i = 0; i < keep && i < k; i++) {
        int created;
        *sl__map_put(&m, v[i].key, v[i].df, &created) = v[i].df;
    }
    sl__map_dispose(&p->df);
    p->df = m;
    sl__free(v);
}

static int pool_reserve(sl_summary_pool *p, size_t more)
{
    size_t need, cap;
    cand *c;

    if (__builtin_add_overflow(p->count, more, &need)) {
        return SL_ENOMEM;
    }
    if (need <= p->cap) {
        return SL_OK;
    }
    cap = p->cap ? p->cap : 16;
    while (cap < need) {
        if (__builtin_mul_overflow(cap, 2, &cap)) {
            return SL_ENOMEM;
        }
    }
    if (cap > SIZE_MAX / sizeof(*c)) {
        return SL_ENOMEM;
    }
    c = sl__realloc(p->c, cap * sizeof(*c));
    if (c == NULL) {
        return SL_ENOMEM;
    }
    p->c = c;
    p->cap = cap;
    return SL_OK;
}

/* ------------------------------------------------------------------ */
/* Public: pools                                                       */

static int
pool_new(sl_summary_pool **out, const sl_summary_options *opts, int unbounded)
{
    sl_summary_pool *p;
    int rc;

    *out = NULL;
    p = sl__calloc(1, sizeof(*p));
    if (p == NULL) {
        return SL_ENOMEM;
    }
    if (opts != NULL) {
        p->o = *opts;
    }
    p->o.max_words = p->o.max_words ? p->o.max_words : DEFAULT_MAX_WORDS;
    p->o.min_words = p->o.min_words ? p->o.min_words : DEFAULT_MIN_WORDS;
    p->o.long_words = p->o.long_words ? p->o.long_words : DEFAULT_LONG_WORDS;
    p->o.pool_sentences =
        p->o.pool_sentences ? p->o.pool_sentences : DEFAULT_POOL_SENTENCES;
    p->o.pool_concepts =
        p->o.pool_concepts ? p->o.pool_concepts : DEFAULT_POOL_CONCEPTS;
    if (unbounded) {
        p->o.pool_sentences = SIZE_MAX;
        p->o.pool_concepts = SIZE_MAX;
    }
    sl__map_init(&p->df);
    p->lang = sl__strdup(p->o.language ? p->o.language : "english");
    p->terms = sl__malloc(MAX_TERMS * sizeof(uint64_t));
    if (p->lang == NULL || p->terms == NULL) {
        sl_summary_pool_free(p);
        return SL_ENOMEM;
    }
    p->o.language = p->lang;
    rc = sl__ctext_new(&p->ct, p->lang);
    if (rc < 0) {
        sl_summary_pool_free(p);
        return rc;
    }
    *out = p;
    return SL_OK;
}

int sl_summary_pool_new(sl_summary_pool **out, const sl_summary_options *opts)
{
    return pool_new(out, opts, 0);
}

void sl_summary_pool_free(sl_summary_pool *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->count; i++) {
        cand_dispose(&p->c[i]);
    }
    sl__free(p->c);
    sl__map_dispose(&p->df);
    sl__ctext_free(p->ct);
    sl__free(p->terms);
    sl__free(p->lang);
    sl__free(p);
}

size_t sl_summary_pool_docs(const sl_summary_pool *p)
{
    return p->docs;
}

size_t sl_summary_pool_sentences(const sl_summary_pool *p)
{
    return p->count;
}

/* A document read once for one or several pools: its sentences, the
 * concepts of each (sentence i's are cc[off[i]..off[i + 1])), its words,
 * and all its concepts sorted and distinct. */
typedef struct prepared {
    sl_span *own; /* spans split here, else NULL */
    const sl_span *sp;
    size_t nsp;
    uint64_t *cc;
    size_t *off;
    size_t *words;
    uint64_t *all;
    size_t nall;
} prepared;

static void prepared_dispose(prepared *d)
{
    sl__free(d->own);
    sl__free(d->cc);
    sl__free(d->off);
    sl__free(d->words);
    sl__free(d->all);
}

/* Read 'doc' with p's tokeniser into d (zeroed on entry; dispose it
 * whatever the result). */
static int prepare(prepared *d, sl_summary_pool *p, const sl_summary_doc *doc)
{
    uint64_t *cc = NULL;
    size_t cap = 0, n = 0;
    int rc;

    if (doc->text == NULL && doc->len > 0) {
        return SL_EINVAL;
    }
    if (doc->text == NULL) {
        d->nsp = 0;
    } else if (doc->sentences != NULL) {
        d->sp = doc->sentences;
        d->nsp = doc->sentence_count;
        for (size_t i = 0; i < d->nsp; i++) {
            if (d->sp[i].start > d->sp[i].end || d->sp[i].end > doc->len) {
                return SL_EINVAL;
            }
        }
    } else {
        rc = sl_sentence_split(&d->own, &d->nsp, doc->text, doc->len);
        if (rc < 0) {
            return rc;
        }
        d->sp = d->own;
    }
    cc = sl__malloc(2 * MAX_TERMS * sizeof(uint64_t));
    d->off = sl__malloc((d->nsp + 1) * sizeof(size_t));
    d->words = sl__malloc((d->nsp + 1) * sizeof(size_t));
    if (cc == NULL || d->off == NULL || d->words == NULL) {
        sl__free(cc);
        return SL_ENOMEM;
    }
    d->off[0] = 0;
    for (size_t i = 0; i < d->nsp; i++) {
        const char *s = doc->text + d->sp[i].start;
        size_t len = d->sp[i].end - d->sp[i].start;
        int k = concepts_of(cc, p, s, len);

        if (k < 0) {
            sl__free(cc);
            return k;
        }
        if (n + (size_t)k > cap) {
            size_t nc = cap ? cap * 2 : 256;
            while (nc < n + (size_t)k) {
                nc *= 2;
            }
            uint64_t *v = sl__realloc(d->cc, nc * sizeof(*v));
            if (v == NULL) {
                sl__free(cc);
                return SL_ENOMEM;
            }
            d->cc = v;
            cap = nc;
        }
        if (k > 0) {
            memcpy(d->cc + n, cc, (size_t)k * sizeof(*cc));
            n += (size_t)k;
        }
        d->off[i + 1] = n;
        d->words[i] = count_words(s, len);
    }
    sl__free(cc);
    d->all = sl__malloc((n ? n : 1) * sizeof(uint64_t));
    if (d->all == NULL) {
        return SL_ENOMEM;
    }
    if (n > 0) {
        memcpy(d->all, d->cc, n * sizeof(uint64_t));
    }
    d->nall = sort_unique(d->all, n);
    return SL_OK;
}

/* Add the prepared document to p; on error p is as it was. */
static int
apply(sl_summary_pool *p, const sl_summary_doc *doc, const prepared *d)
{
    size_t added = 0;
    int rc = SL_OK;

    if (p->docs >= UINT32_MAX) {
        return SL_ELIMIT;
    }
    for (size_t i = 0; i < d->nsp; i++) {
        const char *s = doc->text + d->sp[i].start;
        size_t len = d->sp[i].end - d->sp[i].start;

        if (!is_candidate(&p->o, s, len, d->words[i], doc->sentences != NULL)) {
            continue;
        }
        rc = pool_reserve(p, added + 1);
        if (rc < 0) {
            goto out;
        }
        cand *c = &p->c[p->count + added];
        rc = cand_init(c, s, len, d->cc + d->off[i], d->off[i + 1] - d->off[i]);
        if (rc < 0) {
            goto out;
        }
        c->start = d->sp[i].start;
        c->end = d->sp[i].end;
        c->doc_id = doc->id;
        c->published_ms = doc->published_ms;
        c->doc = (uint32_t)p->docs;
        c->index = i > UINT32_MAX ? UINT32_MAX : (uint32_t)i;
        c->words =
            d->words[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)d->words[i];
        added++;
    }
    rc = sl__map_reserve(&p->df, p->df.count + d->nall);
    if (rc < 0) {
        goto out;
    }
    /* Nothing below fails: commit. */
    for (size_t i = 0; i < d->nall; i++) {
        int created;
        (*sl__map_put(&p->df, d->all[i], 0, &created))++;
    }
    p->count += added;
    added = 0;
    p->docs++;
    prune_concepts(p);
    prune_sentences(p);
    rc = SL_OK;
out:
    for (size_t i = 0; i < added; i++) {
        cand_dispose(&p->c[p->count + i]);
    }
    return rc;
}

int sl_summary_pool_add(sl_summary_pool *p, const sl_summary_doc *doc)
{
    return sl_summary_pool_add_many(&p, 1, doc);
}

int sl_summary_pool_add_many(sl_summary_pool *const *pools,
                             size_t count,
                             const sl_summary_doc *doc)
{
    prepared d;
    int rc;

    if (count == 0) {
        return SL_OK;
    }
    for (size_t i = 0; i < count; i++) {
        if (pools[i]->docs >= UINT32_MAX) {
            return SL_ELIMIT;
        }
    }
    memset(&d, 0, sizeof(d));
    rc = prepare(&d, pools[0], doc);
    for (size_t i = 0; rc == SL_OK && i < count; i++) {
        rc = apply(pools[i], doc, &d);
    }
    prepared_dispose(&d);
    return rc;
}

int sl_summary_pool_merge(sl_summary_pool *into, const sl_summary_pool *from)
{
    size_t docs, added = 0;
    int rc;

    if (into == from) {
        return SL_EINVAL;
    }
    if (__builtin_add_overflow(into->docs, from->docs, &docs) ||
        docs > UINT32_MAX) {
        return SL_ELIMIT;
    }
    rc = sl__map_reserve(&into->df, into->df.count + from->df.count);
    if (rc == SL_OK) {
        rc = pool_reserve(into, from->count);
    }
    /* Copy the candidates past the end first: until all are copied the
     * pool is as it was. */
    for (size_t i = 0; rc == SL_OK && i < from->count; i++) {
        const cand *f = &from->c[i];
        cand *c = &into->c[into->count + i];

        rc = cand_init(c, f->text, f->len, f->concepts, f->nconcepts);
        if (rc < 0) {
            break;
        }
        c->start = f->start;
        c->end = f->end;
        c->doc_id = f->doc_id;
        c->published_ms = f->published_ms;
        /* from's documents come after into's, in their order. */
        c->doc = (uint32_t)(f->doc + into->docs);
        c->index = f->index;
        c->words = f->words;
        added++;
    }
    if (rc < 0) {
        for (size_t i = 0; i < added; i++) {
            cand_dispose(&into->c[into->count + i]);
        }
        return rc;
    }
    /* Nothing below fails: commit. */
    for (size_t i = 0; i < from->df.cap; i++) {
        if (from->df.slots[i].key != 0) {
            int created;
            *sl__map_put(&into->df, from->df.slots[i].key, 0, &created) +=
                from->df.slots[i].val;
        }
    }
    into->count += added;
    into->docs = docs;
    prune_concepts(into);
    prune_sentences(into);
    return SL_OK;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

/* Share of the smaller stem set that a and b have in common. */
static double stem_overlap(const cand *a, const cand *b)
{
    size_t i = 0, j = 0, na = 0, nb = 0, both = 0;

    for (size_t k = 0; k < a->nconcepts; k++) {
        na += !(a->concepts[k] & 1);
    }
    for (size_t k = 0; k < b->nconcepts; k++) {
        nb += !(b->concepts[k] & 1);
    }
    while (i < a->nconcepts && j < b->nconcepts) {
        uint64_t x = a->concepts[i], y = b->concepts[j];
        if (x == y) {
            both += !(x & 1);
            i++;
            j++;
        } else if (x < y) {
            i++;
        } else {
            j++;
        }
    }
    size_t small = na < nb ? na : nb;
    return small ? (double)both / (double)small : 0.0;
}

static int cmp_story_order(const void *a, const void *b)
{
    const sl_summary_sentence *x = a, *y = b;

    if (x->published_ms != y->published_ms) {
        return x->published_ms < y->published_ms ? -1 : 1;
    }
    if (x->doc != y->doc) {
        return x->doc < y->doc ? -1 : 1;
    }
    return (x->index > y->index) - (x->index < y->index);
}

void sl_summary_free(sl_summary *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t i = 0; i < s->count; i++) {
        sl__free(s->sentences[i].text);
    }
    sl__free(s->sentences);
    sl__free(s);
}

int sl_summary_pool_render(sl_summary **out,
                           const sl_summary_pool *p,
                           size_t max_words)
{
    sl_summary *s = NULL;
    double *w = NULL;
    size_t *off = NULL, *chosen = NULL, nchosen = 0, total = 0;
    unsigned char *used = NULL;
    sl_map covered;
    int rc = SL_ENOMEM;

    *out = NULL;
    sl__map_init(&covered);
    if (max_words == 0) {
        max_words = p->o.max_words;
    }
    s = sl__calloc(1, sizeof(*s));
    off = sl__malloc((p->count + 1) * sizeof(*off));
    used = sl__calloc(p->count + 1, 1);
    chosen = sl__malloc((p->count + 1) * sizeof(*chosen));
    if (s == NULL || off == NULL || used == NULL || chosen == NULL) {
        goto out;
    }
    /* Each candidate's concept weights, flattened. */
    off[0] = 0;
    for (size_t i = 0; i < p->count; i++) {
        off[i + 1] = off[i] + p->c[i].nconcepts;
    }
    w = sl__malloc((off[p->count] + 1) * sizeof(*w));
    if (w == NULL) {
        goto out;
    }
    for (size_t i = 0; i < p->count; i++) {
        for (uint32_t j = 0; j < p->c[i].nconcepts; j++) {
            w[off[i] + j] = weight(p, p->c[i].concepts[j]);
        }
    }
    for (;;) {
        size_t best = SIZE_MAX;
        double best_score = -1.0;

        for (size_t i = 0; i < p->count; i++) {
            const cand *c = &p->c[i];
            double gain = 0.0, score;
            int redundant = 0;

            if (used[i] || total + c->words > max_words) {
                continue;
            }
            for (uint32_t j = 0; j < c->nconcepts; j++) {
                if (sl__map_get(&covered, c->concepts[j]) == NULL) {
                    gain += w[off[i] + j];
                }
            }
            /* A small constant keeps the lead prior deciding among
             * sentences that add nothing new. */
            score =
                (gain + 0.01) / length_cost(c->words) * lead_prior(c->index);
            if (score <= best_score) {
                continue;
            }
            for (size_t k = 0; k < nchosen && !redundant; k++) {
                redundant =
                    stem_overlap(c, &p->c[chosen[k]]) >= REDUNDANT_SHARE;
            }
            if (redundant) {
                continue;
            }
            best = i;
            best_score = score;
        }
        if (best == SIZE_MAX) {
            break;
        }
        used[best] = 1;
        chosen[nchosen++] = best;
        total += p->c[best].words;
        for (uint32_t j = 0; j < p->c[best].nconcepts; j++) {
            int created;
            if (sl__map_put(&covered, p->c[best].concepts[j], 1, &created) ==
                NULL) {
                goto out;
            }
        }
    }
    if (nchosen > 0) {
        s->sentences = sl__calloc(nchosen, sizeof(*s->sentences));
        if (s->sentences == NULL) {
            goto out;
        }
    }
    for (size_t k = 0; k < nchosen; k++) {
        const cand *c = &p->c[chosen[k]];
        sl_summary_sentence *o = &s->sentences[k];
        char *t = sl__strndup(c->text, c->len);

        if (t == NULL) {
            goto out;
        }
        o->text = t;
        s->count++;
        o->len = c->len;
        o->words = c->words;
        o->doc = c->doc;
        o->doc_id = c->doc_id;
        o->published_ms = c->published_ms;
        o->start = c->start;
        o->end = c->end;
        o->index = c->index;
        s->words += c->words;
    }
    if (s->count > 1) {
        qsort(s->sentences, s->count, sizeof(*s->sentences), cmp_story_order);
    }
    *out = s;
    s = NULL;
    rc = SL_OK;
out:
    sl_summary_free(s);
    sl__map_dispose(&covered);
    sl__free(w);
    sl__free(off);
    sl__free(used);
    sl__free(chosen);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Saving and loading                                                  */

typedef struct writer {
    uint8_t *p;
    size_t n;
} writer;

static void put_u32(writer *w, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        w->p[w->n++] = (uint8_t)(v >> (8 * i));
    }
}

static void put_u64(writer *w, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        w->p[w->n++] = (uint8_t)(v >> (8 * i));
    }
}

/* Unsigned LEB128: at most 10 bytes. */
static void put_var(writer *w, uint64_t v)
{
    while (v >= 0x80) {
        w->p[w->n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    w->p[w->n++] = (uint8_t)v;
}

int sl_summary_pool_save(uint8_t **out, size_t *len, const sl_summary_pool *p)
{
    uint64_t *v = NULL;
    size_t k = 0, size;
    writer w = { 0 };

    *out = NULL;
    *len = 0;
    /* Every count here is bounded by memory already held, so the sum
     * cannot overflow before the allocation would fail. */
    size = 4 + 4 + 3 * 10 + p->df.count * 20 + 8;
    for (size_t i = 0; i < p->count; i++) {
        size += 8 * 10 + p->c[i].len;
    }
    v = sl__malloc((p->df.count + 1) * sizeof(*v));
    w.p = sl__malloc(size);
    if (v == NULL || w.p == NULL) {
        sl__free(v);
        sl__free(w.p);
        return SL_ENOMEM;
    }
    /* Ids are 32-bit and counts at most the documents (< 2^32): each
     * (id, count) packed in one word sorts by id. */
    for (size_t i = 0; i < p->df.cap; i++) {
        if (p->df.slots[i].key != 0) {
            v[k++] = p->df.slots[i].key << 32 | p->df.slots[i].val;
        }
    }
    sort_u64(v, k);
    memcpy(w.p, POOL_MAGIC, 4);
    w.n = 4;
    put_u32(&w, POOL_VERSION);
    put_var(&w, p->docs);
    put_var(&w, k);
    put_var(&w, p->count);
    for (size_t i = 0; i < k; i++) {
        put_var(&w, (v[i] >> 32) - (i > 0 ? v[i - 1] >> 32 : 0));
    }
    for (size_t i = 0; i < k; i++) {
        put_var(&w, v[i] & UINT32_MAX);
    }
    for (size_t i = 0; i < p->count; i++) {
        const cand *c = &p->c[i];
        uint64_t pub = (uint64_t)c->published_ms;
        put_var(&w, c->doc_id);
        put_var(&w, (pub << 1) ^ (uint64_t)(c->published_ms < 0 ? -1 : 0));
        put_var(&w, c->start);
        put_var(&w, c->end - c->start);
        put_var(&w, c->doc);
        put_var(&w, c->index);
        put_var(&w, c->words);
        put_var(&w, c->len);
        memcpy(w.p + w.n, c->text, c->len);
        w.n += c->len;
    }
    put_u64(&w, sl__hash64(w.p, w.n, TERM_SEED));
    sl__free(v);
    *out = w.p;
    *len = w.n;
    return SL_OK;
}

typedef struct reader {
    const uint8_t *p;
    size_t n, at;
} reader;

static int get_u32(reader *r, uint32_t *v)
{
    if (r->n - r->at < 4) {
        return SL_EFORMAT;
    }
    *v = 0;
    for (int i = 0; i < 4; i++) {
        *v |= (uint32_t)r->p[r->at++] << (8 * i);
    }
    return SL_OK;
}

static int get_u64(reader *r, uint64_t *v)
{
    if (r->n - r->at < 8) {
        return SL_EFORMAT;
    }
    *v = 0;
    for (int i = 0; i < 8; i++) {
        *v |= (uint64_t)r->p[r->at++] << (8 * i);
    }
    return SL_OK;
}

static int get_var(reader *r, uint64_t *v)
{
    uint64_t x = 0;

    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->at >= r->n) {
            return SL_EFORMAT;
        }
        uint8_t b = r->p[r->at++];
        x |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *v = x;
            return SL_OK;
        }
    }
    return SL_EFORMAT;
}

/* The fields of a saved candidate, before its text. */
typedef struct cand_head {
    uint64_t doc_id, published, start, end, doc, index, words, len;
} cand_head;

/* Check a candidate read into h (its text at r's position) against the
 * pool's options and document count, take its text and find its
 * concepts into 'c' (zeroed on entry) with the scratch cc. */
static int cand_finish(
    cand *c, reader *r, sl_summary_pool *p, const cand_head *h, uint64_t *cc)
{
    int k, rc;

    if (h->doc >= p->docs || h->start > h->end || h->len == 0 ||
        h->len > SL_SENTENCE_MAX_BYTES || h->index > UINT32_MAX ||
        h->words > UINT32_MAX || r->n - r->at < h->len) {
        return SL_EFORMAT;
    }
    const char *text = (const char *)r->p + r->at;
    size_t len = (size_t)h->len;
    r->at += len;
    if (memchr(text, '\0', len) != NULL || count_words(text, len) != h->words) {
        return SL_EFORMAT;
    }
    k = concepts_of(cc, p, text, len);
    rc = k < 0 ? k : cand_init(c, text, len, cc, (size_t)k);
    if (rc < 0) {
        return rc;
    }
    c->doc_id = h->doc_id;
    c->published_ms = (int64_t)h->published;
    c->start = (size_t)h->start;
    c->end = (size_t)h->end;
    c->doc = (uint32_t)h->doc;
    c->index = (uint32_t)h->index;
    c->words = (uint32_t)h->words;
    return SL_OK;
}

/* Read one candidate of a version 1 pool: fixed-width fields and its
 * 64-bit concepts, which are checked and then found again as 32-bit
 * ones from the text. */
static int load_cand_v1(cand *c, reader *r, sl_summary_pool *p, uint64_t *cc)
{
    cand_head h;
    uint32_t doc, index, words, len, n;
    uint64_t prev = 0;
    size_t at;

    if (get_u64(r, &h.doc_id) < 0 || get_u64(r, &h.published) < 0 ||
        get_u64(r, &h.start) < 0 || get_u64(r, &h.end) < 0 ||
        get_u32(r, &doc) < 0 || get_u32(r, &index) < 0 ||
        get_u32(r, &words) < 0 || get_u32(r, &len) < 0) {
        return SL_EFORMAT;
    }
    h.doc = doc;
    h.index = index;
    h.words = words;
    h.len = len;
    if (r->n - r->at < len) {
        return SL_EFORMAT;
    }
    at = r->at;
    r->at += len;
    if (get_u32(r, &n) < 0 || (r->n - r->at) / 8 < n) {
        return SL_EFORMAT;
    }
    for (uint32_t j = 0; j < n; j++) {
        uint64_t key = 0;
        (void)get_u64(r, &key);
        if (key <= prev) {
            return SL_EFORMAT; /* keys are distinct, ascending, not 0 */
        }
        prev = key;
    }
    size_t end = r->at;
    r->at = at;
    int rc = cand_finish(c, r, p, &h, cc);
    r->at = end;
    return rc;
}

/* Read one candidate of a version 2 pool. */
static int load_cand_v2(cand *c, reader *r, sl_summary_pool *p, uint64_t *cc)
{
    cand_head h;
    uint64_t zz, span;

    if (get_var(r, &h.doc_id) < 0 || get_var(r, &zz) < 0 ||
        get_var(r, &h.start) < 0 || get_var(r, &span) < 0 ||
        get_var(r, &h.doc) < 0 || get_var(r, &h.index) < 0 ||
        get_var(r, &h.words) < 0 || get_var(r, &h.len) < 0 ||
        span > UINT64_MAX - h.start || h.start > SIZE_MAX ||
        h.start + span > SIZE_MAX) {
        return SL_EFORMAT;
    }
    h.published = (zz >> 1) ^ (uint64_t)(-(int64_t)(zz & 1));
    h.end = h.start + span;
    return cand_finish(c, r, p, &h, cc);
}

/* Read the concept counts: version 1 as 64-bit (key, df) pairs, folded
 * to 32-bit ids (counts of ids that meet add up, up to the documents),
 * version 2 as the delta-coded ids, then their counts. */
static int load_concepts(
    sl_summary_pool *p, reader *r, uint32_t version, uint64_t n, uint64_t docs)
{
    uint64_t *keys = NULL, prev = 0;
    int rc;

    if (n > (r->n - r->at) / (version == POOL_VERSION ? 2 : 16)) {
        return SL_EFORMAT;
    }
    rc = sl__map_reserve(&p->df, (size_t)n);
    if (rc < 0) {
        return rc;
    }
    if (version == POOL_VERSION_V1) {
        for (uint64_t i = 0; i < n; i++) {
            uint64_t key = 0, df = 0;
            int created;
            (void)get_u64(r, &key);
            (void)get_u64(r, &df);
            if (key <= prev || df == 0 || df > docs) {
                return SL_EFORMAT;
            }
            prev = key;
            uint64_t *v = sl__map_put(&p->df, concept_id(key), 0, &created);
            *v = *v + df > docs ? docs : *v + df;
        }
        return SL_OK;
    }
    keys = sl__malloc((n ? n : 1) * sizeof(*keys));
    if (keys == NULL) {
        return SL_ENOMEM;
    }
    for (uint64_t i = 0; rc == SL_OK && i < n; i++) {
        uint64_t d = 0;
        if (get_var(r, &d) < 0 || d == 0 || d > UINT32_MAX - prev) {
            rc = SL_EFORMAT; /* ids are distinct, ascending, 32-bit */
        }
        keys[i] = prev += d;
    }
    for (uint64_t i = 0; rc == SL_OK && i < n; i++) {
        uint64_t df = 0;
        int created;
        if (get_var(r, &df) < 0 || df == 0 || df > docs) {
            rc = SL_EFORMAT;
            break;
        }
        *sl__map_put(&p->df, keys[i], df, &created) = df;
    }
    sl__free(keys);
    return rc;
}

int sl_summary_pool_load(sl_summary_pool **out,
                         const void *data,
                         size_t len,
                         const sl_summary_options *opts)
{
    sl_summary_pool *p = NULL;
    reader r = { data, len, 4 };
    uint64_t docs = 0, nconcepts = 0, ncands = 0, sum, *cc = NULL;
    uint32_t version;
    int rc;

    *out = NULL;
    if (data == NULL || len < 4 + 4 + 3 + 8 ||
        memcmp(data, POOL_MAGIC, 4) != 0) {
        return SL_EFORMAT;
    }
    r.n = len - 8;
    {
        reader t = { data, len, len - 8 };
        (void)get_u64(&t, &sum);
    }
    if (sl__hash64(data, len - 8, TERM_SEED) != sum ||
        get_u32(&r, &version) < 0) {
        return SL_EFORMAT;
    }
    if (version == POOL_VERSION_V1) {
        rc = get_u64(&r, &docs) < 0 || get_u64(&r, &nconcepts) < 0 ||
                     get_u64(&r, &ncands) < 0 || (r.n - r.at) / 40 < ncands
                 ? SL_EFORMAT
                 : SL_OK;
    } else if (version == POOL_VERSION) {
        rc = get_var(&r, &docs) < 0 || get_var(&r, &nconcepts) < 0 ||
                     get_var(&r, &ncands) < 0 || (r.n - r.at) / 9 < ncands
                 ? SL_EFORMAT
                 : SL_OK;
    } else {
        rc = SL_EFORMAT;
    }
    if (rc < 0 || docs > UINT32_MAX) {
        return SL_EFORMAT;
    }
    rc = pool_new(&p, opts, 0);
    if (rc < 0) {
        return rc;
    }
    p->docs = (size_t)docs;
    rc = load_concepts(p, &r, version, nconcepts, docs);
    if (rc < 0) {
        goto out;
    }
    rc = pool_reserve(p, (size_t)ncands);
    cc = sl__malloc(2 * MAX_TERMS * sizeof(uint64_t));
    if (rc == SL_OK && cc == NULL) {
        rc = SL_ENOMEM;
    }
    if (rc < 0) {
        goto out;
    }
    for (uint64_t i = 0; i < ncands; i++) {
        cand *c = &p->c[p->count];
        memset(c, 0, sizeof(*c));
        rc = version == POOL_VERSION ? load_cand_v2(c, &r, p, cc)
                                     : load_cand_v1(c, &r, p, cc);
        if (rc < 0) {
            cand_dispose(c);
            goto out;
        }
        if (p->count > 0 && (c->doc < p->c[p->count - 1].doc ||
                             (c->doc == p->c[p->count - 1].doc &&
                              c->index <= p->c[p->count - 1].index))) {
            cand_dispose(c);
            rc = SL_EFORMAT; /* candidates are in arrival order */
            goto out;
        }
        p->count++;
    }
    if (r.at != r.n) {
        rc = SL_EFORMAT;
        goto out;
    }
    prune_concepts(p);
    prune_sentences(p);
    *out = p;
    p = NULL;
out:
    sl__free(cc);
    sl_summary_pool_free(p);
    return rc;
}

int sl_summarize(sl_summary **out,
                 const sl_summary_doc *docs,
                 size_t count,
                 const sl_summary_options *opts)
{
    sl_summary_pool *p = NULL;
    int rc;

    *out = NULL;
    rc = pool_new(&p, opts, 1);
    for (size_t i = 0; rc == SL_OK && i < count; i++) {
        rc = sl_summary_pool_add(p, &docs[i]);
    }
    if (rc == SL_OK) {
        rc = sl_summary_pool_render(out, p, 0);
    }
    sl_summary_pool_free(p);
    return rc;
}
