/*
 * train_ner.c - train the entity tagger's weights (src/entities/model.bin).
 *
 * usage: train_ner --docs DOCS.jsonl --gold GOLD.jsonl --out MODEL.bin
 *                  [--epochs N] [--cutoff N] [--prune Q] [--seed N]
 *                  [--heldout]
 *
 * DOCS holds one {"id","text"} object per line and GOLD one
 * {"id","entities":[{"start","end","type"}]} per line, offsets in code
 * points (the layout of the CoNLL-2003 files in shared/data/ner; see
 * scripts/train_ner.sh). Only the training set may be given: the model
 * must never see the documents it is measured on.
 *
 * The steps:
 *
 *  1. Tokenise every document with the library's tokenizer and give each
 *     token its gold BILOU tag from the entity offsets.
 *  2. Count, per fold of documents (document i is in fold i % 10), how
 *     each word is capitalised, which entity types it is part of, and
 *     which token sequences are entities. Each fold's lexicon is built
 *     from the other nine folds (jackknife), so that a word's lexicon
 *     entry during training is as informative as on unseen text; the
 *     lexicon written with the model is built from all documents.
 *  3. Keep the features seen at least --cutoff times with gold history.
 *  4. Train an averaged perceptron (Collins 2002; Freund and Schapire
 *     1999) by greedy decoding with the library's decoder, documents in
 *     a shuffled order fixed by --seed. After a wrong decision the target
 *     is the best tag still reachable: the gold tag if allowed, else the
 *     tag closing the current entity, else O.
 *  5. Average, scale the weights to int16, drop those under --prune after
 *     scaling, and write the blob described in src/entities/model.h.
 *
 * --heldout trains on folds 0-8 only and reports the entity F1 on fold 9
 * after every epoch (also through the written model, read back by the
 * library), which is how the epoch count and pruning were chosen without
 * looking at the test data.
 *
 * Deterministic: the same inputs and options give the same bytes.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities/features.h"
#include "entities/model.h"
#include "entities/tagger.h"
#include "storyline/entities.h"

#define NFOLDS 10
#define NT     SL__NER_NTAGS
#define MAXPH  8 /* longest phrase put in the gazetteer */

/* The fold held out by --heldout (--devfold). */
static int devfold = NFOLDS - 1;

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "train_ner: out of memory\n");
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "train_ner: out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- A map from 64-bit keys to dense indices --------------------------- */

typedef struct map {
    uint64_t *keys; /* 0 = empty; key 0 is stored as 1 */
    uint32_t *vals;
    size_t cap, count;
} map;

static uint64_t map_key(uint64_t k)
{
    return k == 0 ? 1 : k;
}

static void map_grow(map *m)
{
    map old = *m;
    size_t i;

    m->cap = old.cap ? old.cap * 2 : 1024;
    m->keys = xmalloc(m->cap * sizeof(uint64_t));
    m->vals = xmalloc(m->cap * sizeof(uint32_t));
    m->count = 0;
    for (i = 0; i < old.cap; i++) {
        if (old.keys[i] != 0) {
            size_t j = old.keys[i] & (m->cap - 1);
            while (m->keys[j] != 0) {
                j = (j + 1) & (m->cap - 1);
            }
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
            m->count++;
        }
    }
    free(old.keys);
    free(old.vals);
}

/* Index of key, or UINT32_MAX. */
static uint32_t map_get(const map *m, uint64_t key)
{
    size_t j;

    if (m->cap == 0) {
        return UINT32_MAX;
    }
    key = map_key(key);
    for (j = key & (m->cap - 1); m->keys[j] != 0; j = (j + 1) & (m->cap - 1)) {
        if (m->keys[j] == key) {
            return m->vals[j];
        }
    }
    return UINT32_MAX;
}

/* Index of key, added as 'next' if new (*added set). */
static uint32_t map_put(map *m, uint64_t key, uint32_t next, int *added)
{
    size_t j;

    if (m->count * 2 >= m->cap) {
        map_grow(m);
    }
    key = map_key(key);
    for (j = key & (m->cap - 1); m->keys[j] != 0; j = (j + 1) & (m->cap - 1)) {
        if (m->keys[j] == key) {
            *added = 0;
            return m->vals[j];
        }
    }
    m->keys[j] = key;
    m->vals[j] = next;
    m->count++;
    *added = 1;
    return next;
}

/* ---- Documents --------------------------------------------------------- */

typedef struct span {
    size_t start, end; /* bytes */
    int type;
} span;

typedef struct tdoc {
    char *id;
    char *text;
    size_t len;
    span *gold;
    size_t ngold;
    sl__ner_doc doc;
    uint8_t *gtags; /* gold tag per token */
    uint8_t *ptags; /* predicted */
    int fold;
} tdoc;

static int type_of(const char *s)
{
    static const char *const names[] = { "PER", "ORG", "LOC", "MISC" };
    int k;

    for (k = 0; k < 4; k++) {
        if (strcmp(s, names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

/* Byte offset of code point 'cp' in text. */
static size_t cp_to_byte(const char *text, size_t len, size_t cp)
{
    size_t pos = 0;

    while (cp > 0 && pos < len) {
        uint32_t c;
        pos += sl__ner_char(&c, text + pos, len - pos);
        cp--;
    }
    return pos;
}

static json_t *load_line(char *line, const char *path, size_t lineno)
{
    json_error_t err;
    json_t *j = json_loads(line, JSON_ALLOW_NUL, &err);

    if (j == NULL || !json_is_object(j)) {
        fprintf(stderr, "train_ner: %s:%zu: %s\n", path, lineno,
                j == NULL ? err.text : "not an object");
        exit(1);
    }
    return j;
}

static tdoc *
load_docs(const char *docs_path, const char *gold_path, size_t *out_count)
{
    FILE *f = fopen(docs_path, "r");
    char *line = NULL;
    size_t cap = 0, count = 0, alloc = 0, lineno = 0;
    tdoc *docs = NULL;
    map ids = { 0 };

    if (f == NULL) {
        fprintf(stderr, "train_ner: %s: %s\n", docs_path, strerror(errno));
        exit(1);
    }
    while (getline(&line, &cap, f) > 0) {
        json_t *j = load_line(line, docs_path, ++lineno);
        json_t *id = json_object_get(j, "id");
        json_t *text = json_object_get(j, "text");
        tdoc *d;
        int added;
        if (!json_is_string(id) || !json_is_string(text)) {
            fprintf(stderr, "train_ner: %s:%zu: no id or text\n", docs_path,
                    lineno);
            exit(1);
        }
        if (count == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            docs = xrealloc(docs, alloc * sizeof(*docs));
        }
        d = &docs[count];
        memset(d, 0, sizeof(*d));
        d->id = strdup(json_string_value(id));
        d->len = json_string_length(text);
        d->text = xmalloc(d->len + 1);
        memcpy(d->text, json_string_value(text), d->len);
        d->fold = (int)(count % NFOLDS);
        {
            uint64_t h = 1469598103934665603ULL;
            const char *s;
            for (s = d->id; *s; s++) {
                h = (h ^ (unsigned char)*s) * 1099511628211ULL;
            }
            map_put(&ids, h, (uint32_t)count, &added);
        }
        count++;
        json_decref(j);
    }
    fclose(f);

    f = fopen(gold_path, "r");
    if (f == NULL) {
        fprintf(stderr, "train_ner: %s: %s\n", gold_path, strerror(errno));
        exit(1);
    }
    lineno = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = load_line(line, gold_path, ++lineno);
        json_t *id = json_object_get(j, "id");
        json_t *ents = json_object_get(j, "entities");
        uint64_t h = 1469598103934665603ULL;
        const char *s;
        uint32_t k;
        size_t e;
        tdoc *d;
        if (!json_is_string(id) || !json_is_array(ents)) {
            fprintf(stderr, "train_ner: %s:%zu: no id or entities\n", gold_path,
                    lineno);
            exit(1);
        }
        for (s = json_string_value(id); *s; s++) {
            h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        }
        k = map_get(&ids, h);
        if (k == UINT32_MAX || strcmp(docs[k].id, json_string_value(id))) {
            fprintf(stderr, "train_ner: %s:%zu: unknown id\n", gold_path,
                    lineno);
            exit(1);
        }
        d = &docs[k];
        d->ngold = json_array_size(ents);
        d->gold = xmalloc(d->ngold * sizeof(span));
        for (e = 0; e < d->ngold; e++) {
            json_t *x = json_array_get(ents, e);
            json_t *js = json_object_get(x, "start");
            json_t *je = json_object_get(x, "end");
            json_t *jt = json_object_get(x, "type");
            if (!json_is_integer(js) || !json_is_integer(je) ||
                !json_is_string(jt) || type_of(json_string_value(jt)) < 0) {
                fprintf(stderr, "train_ner: %s:%zu: bad entity\n", gold_path,
                        lineno);
                exit(1);
            }
            d->gold[e].start =
                cp_to_byte(d->text, d->len, (size_t)json_integer_value(js));
            d->gold[e].end =
                cp_to_byte(d->text, d->len, (size_t)json_integer_value(je));
            d->gold[e].type = type_of(json_string_value(jt));
        }
        json_decref(j);
    }
    fclose(f);
    free(line);
    free(ids.keys);
    free(ids.vals);
    *out_count = count;
    return docs;
}

/* Gold BILOU tags of the tokens; counts entity edges that fall inside a
 * token (tokenizer and data disagree). */
static size_t gold_tags(tdoc *d)
{
    const sl__ner_tokens *toks = &d->doc.toks;
    size_t n = toks->count, e, i = 0, bad = 0;

    d->gtags = xmalloc(n ? n : 1);
    d->ptags = xmalloc(n ? n : 1);
    for (e = 0; e < d->ngold; e++) {
        const span *g = &d->gold[e];
        size_t a, b;
        while (i < n && toks->items[i].end <= g->start) {
            i++;
        }
        a = i;
        while (i < n && toks->items[i].start < g->end) {
            i++;
        }
        b = i;
        if (a == b) {
            bad++;
            continue;
        }
        if (toks->items[a].start != g->start ||
            toks->items[b - 1].end != g->end) {
            bad++;
        }
        if (b - a == 1) {
            d->gtags[a] = (uint8_t)SL__NER_TAG(g->type, SL__NER_U);
        } else {
            size_t k;
            d->gtags[a] = (uint8_t)SL__NER_TAG(g->type, SL__NER_B);
            for (k = a + 1; k + 1 < b; k++) {
                d->gtags[k] = (uint8_t)SL__NER_TAG(g->type, SL__NER_I);
            }
            d->gtags[b - 1] = (uint8_t)SL__NER_TAG(g->type, SL__NER_L);
        }
        /* A sentence break inside an entity would make it untaggable:
         * keep the sentence whole. */
        {
            size_t k;
            for (k = a + 1; k < b; k++) {
                if (toks->items[k].sent_start) {
                    bad++;
                    break;
                }
            }
        }
    }
    return bad;
}

/* ---- Lexicons ---------------------------------------------------------- */

/* Per key, NFOLDS rows of W counts. */
typedef struct counts {
    map m;
    uint64_t *keys;
    uint32_t *c;
    size_t count, alloc;
    unsigned width;
} counts;

static void counts_add(counts *k, uint64_t key, int fold, unsigned col)
{
    int added;
    uint32_t i = map_put(&k->m, key, (uint32_t)k->count, &added);

    if (added) {
        if (k->count == k->alloc) {
            size_t old = k->alloc;
            k->alloc = k->alloc ? k->alloc * 2 : 4096;
            k->keys = xrealloc(k->keys, k->alloc * sizeof(uint64_t));
            k->c =
                xrealloc(k->c, k->alloc * NFOLDS * k->width * sizeof(uint32_t));
            memset(k->c + old * NFOLDS * k->width, 0,
                   (k->alloc - old) * NFOLDS * k->width * sizeof(uint32_t));
        }
        k->keys[k->count++] = key;
    }
    k->c[((size_t)i * NFOLDS + (size_t)fold) * k->width + col]++;
}

/* Sum of the counts of entry i over every fold but 'skip' (-1: none). */
static void counts_sum(const counts *k, size_t i, int skip, uint32_t *out)
{
    unsigned w;
    int f;

    for (w = 0; w < k->width; w++) {
        out[w] = 0;
        for (f = 0; f < NFOLDS; f++) {
            if (f != skip) {
                out[w] += k->c[((size_t)i * NFOLDS + (size_t)f) * k->width + w];
            }
        }
    }
}

typedef struct lexb {
    uint64_t *slots;
    size_t cap;
} lexb;

static void lex_insert(lexb *l, uint64_t key, unsigned value)
{
    size_t j;

    for (j = key & (l->cap - 1); l->slots[j] != 0; j = (j + 1) & (l->cap - 1)) {
    }
    l->slots[j] = sl__ner_lex_entry(key, value);
}

static unsigned case_value(const uint32_t *c)
{
    uint32_t nl = c[0], nc = c[1], total = nl + nc;
    unsigned b;

    if (total == 0) {
        return 0;
    }
    if (nc == 0) {
        b = 1;
    } else if (nc * 10 < total) {
        b = 2;
    } else if (nc * 2 < total) {
        b = 3;
    } else if (nc * 10 < total * 9) {
        b = 4;
    } else if (nl > 0) {
        b = 5;
    } else {
        b = 6;
    }
    return b | (total < 3 ? 8 : 0);
}

static unsigned types_value(const uint32_t *c)
{
    unsigned maj = 0, k, mask = 0;
    uint32_t total = 0;

    for (k = 0; k < 5; k++) {
        total += c[k];
        if (c[k] > c[maj]) {
            maj = k;
        }
        if (k > 0 && c[k] > 0) {
            mask |= 1u << (k - 1);
        }
    }
    if (total == 0) {
        return 0;
    }
    return (maj + 1) | (mask << 3);
}

static unsigned phrase_value(const uint32_t *c)
{
    unsigned maj = 0, k;
    uint32_t total = 0;

    for (k = 0; k < 4; k++) {
        total += c[k];
        if (c[k] > c[maj]) {
            maj = k;
        }
    }
    if (total == 0) {
        return 0;
    }
    return (maj + 1) | (c[maj] * 5 < total * 4 ? 8 : 0);
}

/* Build the lexicon that leaves out fold 'skip' (-1: none). */
static lexb
lex_build(const counts *cs, const counts *ct, const counts *cp, int skip)
{
    const counts *all[3] = { cs, ct, cp };
    unsigned kinds[3] = { SL__NER_LEX_CASE, SL__NER_LEX_TYPES,
                          SL__NER_LEX_PHRASE };
    lexb l;
    size_t total = cs->count + ct->count + cp->count;
    int a;

    l.cap = 16;
    while (l.cap < total * 2) {
        l.cap *= 2;
    }
    l.slots = xmalloc(l.cap * sizeof(uint64_t));
    for (a = 0; a < 3; a++) {
        size_t i;
        for (i = 0; i < all[a]->count; i++) {
            uint32_t c[8];
            unsigned v;
            counts_sum(all[a], i, skip, c);
            v = a == 0   ? case_value(c)
                : a == 1 ? types_value(c)
                         : phrase_value(c);
            if (v != 0) {
                lex_insert(&l, sl__ner_lex_key(kinds[a], all[a]->keys[i]), v);
            }
        }
    }
    return l;
}

static void
count_lexicons(tdoc *docs, size_t ndocs, counts *cs, counts *ct, counts *cp)
{
    size_t di;

    cs->width = 2;
    ct->width = 5;
    cp->width = 4;
    for (di = 0; di < ndocs; di++) {
        tdoc *d = &docs[di];
        const sl__ner_tokinfo *info = d->doc.info;
        size_t n = d->doc.toks.count, i;
        for (i = 0; i < n; i++) {
            const sl__ner_tokinfo *t = &info[i];
            unsigned g = d->gtags[i];
            if (!t->headline) {
                if (t->cls == SL__NER_CLS_LOWER) {
                    counts_add(cs, t->lower, d->fold, 0);
                } else if (i != t->sent && sl__ner_cls_capitalised(t->cls)) {
                    counts_add(cs, t->lower, d->fold, 1);
                }
            }
            if (sl__ner_cls_capitalised(t->cls)) {
                counts_add(ct, t->lower, d->fold,
                           g == 0 ? 0 : 1 + SL__NER_TYPE(g));
            }
            if (g != 0 &&
                (SL__NER_POS(g) == SL__NER_B || SL__NER_POS(g) == SL__NER_U)) {
                size_t j = i;
                uint64_t h = 0;
                for (;;) {
                    h = sl__ner_phrase_add(h, info[j].lower);
                    if (SL__NER_POS(d->gtags[j]) == SL__NER_L ||
                        SL__NER_POS(d->gtags[j]) == SL__NER_U) {
                        break;
                    }
                    j++;
                }
                if (j - i + 1 <= MAXPH &&
                    sl__ner_cls_capitalised(info[i].cls)) {
                    counts_add(cp, h, d->fold, SL__NER_TYPE(g));
                }
            }
        }
    }
}

/* ---- The perceptron ---------------------------------------------------- */

typedef struct model {
    map feats; /* feature hash -> row */
    uint64_t *hashes;
    size_t nfeats;
    float *w;   /* nfeats * NT */
    double *u;  /* sum of c * update, for averaging */
    float *avg; /* averaged weights, when scoring with them */
    double c;   /* update clock */
    int use_avg;
    /* current document, for the step callback */
    tdoc *doc;
    int count_pass;
    map *counter;
    uint32_t *cnt;
    size_t ncnt, cnt_alloc;
    uint64_t *cnt_keys;
} model;

static void score_fn(
    double *scores, size_t i, const uint64_t *feats, size_t n, void *payload)
{
    model *m = payload;
    const float *w = m->use_avg ? m->avg : m->w;
    size_t k;

    if (m->count_pass) {
        /* Follow the gold path: the count pass sees gold history. */
        scores[m->doc->gtags[i]] = 1;
        return;
    }
    for (k = 0; k < n; k++) {
        uint32_t r = map_get(&m->feats, feats[k]);
        if (r != UINT32_MAX) {
            const float *row = w + (size_t)r * NT;
            unsigned t;
            for (t = 0; t < NT; t++) {
                scores[t] += row[t];
            }
        }
    }
}

static void
update(model *m, const uint64_t *feats, size_t n, unsigned t, float d)
{
    size_t k;

    for (k = 0; k < n; k++) {
        uint32_t r = map_get(&m->feats, feats[k]);
        if (r != UINT32_MAX) {
            m->w[(size_t)r * NT + t] += d;
            m->u[(size_t)r * NT + t] += m->c * d;
        }
    }
}

static void step_fn(size_t i,
                    const uint64_t *feats,
                    size_t n,
                    unsigned pred,
                    uint32_t allowed,
                    void *payload)
{
    model *m = payload;
    unsigned g = m->doc->gtags[i], oracle;

    if (m->count_pass) {
        size_t k;
        for (k = 0; k < n; k++) {
            int added;
            uint32_t r =
                map_put(m->counter, feats[k], (uint32_t)m->ncnt, &added);
            if (added) {
                if (m->ncnt == m->cnt_alloc) {
                    m->cnt_alloc = m->cnt_alloc ? m->cnt_alloc * 2 : 65536;
                    m->cnt = xrealloc(m->cnt, m->cnt_alloc * sizeof(uint32_t));
                    m->cnt_keys =
                        xrealloc(m->cnt_keys, m->cnt_alloc * sizeof(uint64_t));
                }
                m->cnt[m->ncnt] = 0;
                m->cnt_keys[m->ncnt] = feats[k];
                m->ncnt++;
            }
            m->cnt[r]++;
        }
        return;
    }
    if (m->use_avg) {
        return;
    }
    m->c += 1;
    if (allowed & (1u << g)) {
        oracle = g;
    } else if (!(allowed & 1u)) {
        /* Inside a wrong entity: close it now. */
        for (oracle = 0; oracle < NT; oracle++) {
            if ((allowed & (1u << oracle)) &&
                SL__NER_POS(oracle) == SL__NER_L) {
                break;
            }
        }
    } else {
        oracle = 0;
    }
    if (pred != oracle) {
        update(m, feats, n, oracle, 1.0f);
        update(m, feats, n, pred, -1.0f);
    }
}

static void decode(model *m, tdoc *d)
{
    sl__ner_scorer sc = { score_fn, step_fn, m };

    m->doc = d;
    if (sl__ner_decode(d->ptags, &d->doc, &sc) < 0) {
        fprintf(stderr, "train_ner: out of memory\n");
        exit(1);
    }
}

/* ---- Evaluation -------------------------------------------------------- */

typedef struct prf {
    size_t tp, npred, ngold;
} prf;

/* Entities of a tag sequence as (start token, end token, type) triples
 * compared by exact match. */
static void
score_tags(prf *s, const uint8_t *gold, const uint8_t *pred, size_t n)
{
    size_t i, gs = 0, ps = 0;

    for (i = 0; i < n; i++) {
        unsigned g = gold[i], p = pred[i];
        if (g && (SL__NER_POS(g) == SL__NER_B || SL__NER_POS(g) == SL__NER_U)) {
            gs = i;
        }
        if (p && (SL__NER_POS(p) == SL__NER_B || SL__NER_POS(p) == SL__NER_U)) {
            ps = i;
        }
        if (g && (SL__NER_POS(g) == SL__NER_L || SL__NER_POS(g) == SL__NER_U)) {
            s->ngold++;
        }
        if (p && (SL__NER_POS(p) == SL__NER_L || SL__NER_POS(p) == SL__NER_U)) {
            s->npred++;
            if (g == p && gs == ps) {
                s->tp++;
            }
        }
    }
}

static double f1_of(const prf *s)
{
    double p = s->npred ? (double)s->tp / (double)s->npred : 0;
    double r = s->ngold ? (double)s->tp / (double)s->ngold : 0;

    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void averaged(model *m)
{
    size_t i;

    for (i = 0; i < m->nfeats * NT; i++) {
        m->avg[i] = (float)(m->w[i] - m->u[i] / (m->c > 0 ? m->c : 1));
    }
}

static double eval_dev(model *m, tdoc *docs, size_t ndocs)
{
    prf s = { 0 };
    size_t di;

    averaged(m);
    m->use_avg = 1;
    for (di = 0; di < ndocs; di++) {
        if (docs[di].fold == devfold) {
            decode(m, &docs[di]);
            score_tags(&s, docs[di].gtags, docs[di].ptags,
                       docs[di].doc.toks.count);
        }
    }
    m->use_avg = 0;
    return f1_of(&s);
}

/* ---- Writing the blob -------------------------------------------------- */

static int log2_for(size_t n, double load)
{
    int k = 4;

    while ((double)((size_t)1 << k) * load < (double)n) {
        k++;
    }
    return k;
}

static void
put(unsigned char **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
    if (*len + n > *cap) {
        while (*len + n > *cap) {
            *cap = *cap ? *cap * 2 : 1 << 20;
        }
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, p, n);
    *len += n;
}

static void pad8(unsigned char **buf, size_t *len, size_t *cap)
{
    static const unsigned char zero[8] = { 0 };

    put(buf, len, cap, zero, (8 - *len % 8) % 8);
}

static unsigned char *write_blob(model *m,
                                 const lexb *lex,
                                 unsigned maxph,
                                 int prune,
                                 const char *cmd,
                                 size_t *out_len,
                                 size_t *out_feats)
{
    float maxw = 0;
    double scale;
    size_t i, kept = 0, nweights = 0;
    uint64_t *slots;
    uint32_t *offs;
    int16_t *q;
    uint32_t *masks;
    int16_t *wts;
    int k;
    sl__ner_header h;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    char pre[SL__NER_PREAMBLE];

    averaged(m);
    for (i = 0; i < m->nfeats * NT; i++) {
        if (fabsf(m->avg[i]) > maxw) {
            maxw = fabsf(m->avg[i]);
        }
    }
    scale = maxw > 0 ? 32000.0 / maxw : 1;
    q = xmalloc(m->nfeats * NT * sizeof(int16_t));
    masks = xmalloc(m->nfeats * sizeof(uint32_t));
    for (i = 0; i < m->nfeats; i++) {
        unsigned t;
        for (t = 0; t < NT; t++) {
            long v = lround(m->avg[i * NT + t] * scale);
            if (labs(v) < prune) {
                v = 0;
            }
            q[i * NT + t] = (int16_t)v;
            if (v != 0) {
                masks[i] |= 1u << t;
            }
        }
        kept += masks[i] != 0;
    }
    k = log2_for(kept, 0.6);
    slots = xmalloc(((size_t)1 << k) * sizeof(uint64_t));
    offs = xmalloc(((size_t)1 << k) * sizeof(uint32_t));
    for (i = 0; i < m->nfeats; i++) {
        uint64_t hh = m->hashes[i], j;
        uint64_t mask = ((uint64_t)1 << k) - 1;
        if (masks[i] == 0) {
            continue;
        }
        for (j = hh & mask; slots[j] != 0; j = (j + 1) & mask) {
        }
        slots[j] = (hh >> 17) << 17 | masks[i];
        offs[j] = (uint32_t)i; /* row for now; weight offset below */
    }
    wts = xmalloc(kept * NT * sizeof(int16_t));
    for (i = 0; i < ((size_t)1 << k); i++) {
        size_t row = offs[i];
        unsigned t;
        if (slots[i] == 0) {
            offs[i] = 0;
            continue;
        }
        offs[i] = (uint32_t)nweights;
        for (t = 0; t < NT; t++) {
            if (slots[i] & (1u << t)) {
                wts[nweights++] = q[row * NT + t];
            }
        }
    }

    memset(pre, 0, sizeof(pre));
    snprintf(pre, sizeof(pre),
             "storyline entity tagger model (layout: src/entities/model.h)\n"
             "Generated by tools/train_ner (command: %s) -- do not edit\n"
             "features=%zu weights=%zu scale=%.6g\n",
             cmd, kept, nweights, scale);
    put(&buf, &len, &cap, pre, sizeof(pre));
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, "SLNER\0\0\0", 8);
    h.version = SL__NER_VERSION;
    h.ntags = NT;
    h.feat_log2 = (uint32_t)k;
    h.lex_log2 = (uint32_t)log2_for(lex->cap, 1.0);
    h.nweights = (uint32_t)nweights;
    h.max_phrase = maxph;
    put(&buf, &len, &cap, &h, sizeof(h));
    pad8(&buf, &len, &cap);
    h.feat_slots = len;
    put(&buf, &len, &cap, slots, ((size_t)1 << k) * sizeof(uint64_t));
    h.feat_offsets = len;
    put(&buf, &len, &cap, offs, ((size_t)1 << k) * sizeof(uint32_t));
    pad8(&buf, &len, &cap);
    h.weights = len;
    put(&buf, &len, &cap, wts, nweights * sizeof(int16_t));
    pad8(&buf, &len, &cap);
    h.lex_slots = len;
    put(&buf, &len, &cap, lex->slots, lex->cap * sizeof(uint64_t));
    h.total = len;
    memcpy(buf + SL__NER_PREAMBLE, &h, sizeof(h));
    free(slots);
    free(offs);
    free(q);
    free(masks);
    free(wts);
    *out_len = len;
    *out_feats = kept;
    return buf;
}

/* F1 on the held-out fold through the library's own tagger. */
static double
eval_blob(const unsigned char *blob, size_t len, tdoc *docs, size_t ndocs)
{
    sl_entities_options o = { 0 };
    sl_entities *ner = NULL;
    prf s = { 0 };
    size_t di;

    o.model = blob;
    o.model_len = len;
    if (sl_entities_new(&ner, &o) != SL_OK) {
        fprintf(stderr, "train_ner: the written model does not load\n");
        exit(1);
    }
    for (di = 0; di < ndocs; di++) {
        const sl_entity *e;
        size_t n, a, b;
        if (docs[di].fold != devfold) {
            continue;
        }
        if (sl_entities_tag(&e, &n, ner, docs[di].text, docs[di].len) < 0) {
            fprintf(stderr, "train_ner: tagging failed\n");
            exit(1);
        }
        s.npred += n;
        s.ngold += docs[di].ngold;
        for (a = 0, b = 0; a < n && b < docs[di].ngold;) {
            const span *g = &docs[di].gold[b];
            if (e[a].start == g->start && e[a].end == g->end) {
                s.tp += (int)e[a].type == g->type;
                a++;
                b++;
            } else if (e[a].start < g->start ||
                       (e[a].start == g->start && e[a].end < g->end)) {
                a++;
            } else {
                b++;
            }
        }
    }
    sl_entities_free(ner);
    return f1_of(&s);
}

/* ---- Main -------------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int usage(void)
{
    fputs("usage: train_ner --docs DOCS.jsonl --gold GOLD.jsonl --out "
          "MODEL.bin\n"
          "                 [--epochs N] [--cutoff N] [--prune Q] [--seed N]"
          " [--heldout]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *docs_path = NULL, *gold_path = NULL, *out_path = NULL;
    long epochs = 12, cutoff = 2, prune = 20;
    uint64_t seed = 20030601;
    int heldout = 0, a;
    size_t ndocs, di, bad = 0, ntok = 0, nfeat_all;
    tdoc *docs;
    counts cs = { 0 }, ct = { 0 }, cpx = { 0 };
    lexb flex[NFOLDS], full;
    sl__ner_lex empty = { 0 };
    model m;
    map counter = { 0 };
    size_t *order, norder = 0;
    char cmd[300];
    size_t cmdlen = 0;
    unsigned char *blob;
    size_t blob_len, kept;
    FILE *f;

    memset(&m, 0, sizeof(m));
    cmdlen = (size_t)snprintf(cmd, sizeof(cmd), "train_ner");
    for (a = 1; a < argc; a++) {
        const char *arg = argv[a];
        const char *val = a + 1 < argc ? argv[a + 1] : NULL;
        if (cmdlen < sizeof(cmd)) {
            int w = snprintf(cmd + cmdlen, sizeof(cmd) - cmdlen, " %s", arg);
            cmdlen += w > 0 ? (size_t)w : 0;
        }
        if (strcmp(arg, "--heldout") == 0) {
            heldout = 1;
            continue;
        }
        if (val == NULL) {
            return usage();
        }
        if (strcmp(arg, "--docs") == 0) {
            docs_path = val;
        } else if (strcmp(arg, "--gold") == 0) {
            gold_path = val;
        } else if (strcmp(arg, "--out") == 0) {
            out_path = val;
        } else if (strcmp(arg, "--epochs") == 0) {
            epochs = strtol(val, NULL, 10);
        } else if (strcmp(arg, "--cutoff") == 0) {
            cutoff = strtol(val, NULL, 10);
        } else if (strcmp(arg, "--prune") == 0) {
            prune = strtol(val, NULL, 10);
        } else if (strcmp(arg, "--devfold") == 0) {
            devfold = (int)strtol(val, NULL, 10);
            if (devfold < 0 || devfold >= NFOLDS) {
                return usage();
            }
        } else if (strcmp(arg, "--seed") == 0) {
            seed = strtoull(val, NULL, 10);
        } else {
            return usage();
        }
        if (cmdlen < sizeof(cmd)) {
            /* Record file arguments by base name: the command must not
             * depend on where the data sat on one machine. */
            const char *shown = val;
            if (strcmp(arg, "--docs") == 0 || strcmp(arg, "--gold") == 0) {
                const char *slash = strrchr(val, '/');
                shown = slash ? slash + 1 : val;
            }
            int w = snprintf(cmd + cmdlen, sizeof(cmd) - cmdlen, " %s", shown);
            cmdlen += w > 0 ? (size_t)w : 0;
        }
        a++;
    }
    if (docs_path == NULL || gold_path == NULL || out_path == NULL ||
        epochs < 0 || cutoff < 1 || prune < 0 || seed == 0) {
        return usage();
    }

    docs = load_docs(docs_path, gold_path, &ndocs);
    for (di = 0; di < ndocs; di++) {
        if (sl__ner_doc_prepare(&docs[di].doc, docs[di].text, docs[di].len,
                                &empty) < 0) {
            fprintf(stderr, "train_ner: out of memory\n");
            return 1;
        }
        bad += gold_tags(&docs[di]);
        ntok += docs[di].doc.toks.count;
    }
    fprintf(stderr,
            "train_ner: %zu documents, %zu tokens, %zu entity edges "
            "off token boundaries\n",
            ndocs, ntok, bad);

    count_lexicons(docs, ndocs, &cs, &ct, &cpx);
    for (a = 0; a < NFOLDS; a++) {
        flex[a] = lex_build(&cs, &ct, &cpx, a);
    }
    full = heldout ? flex[devfold] : lex_build(&cs, &ct, &cpx, -1);
    fprintf(stderr,
            "train_ner: lexicon: %zu case, %zu type, %zu phrase "
            "entries\n",
            cs.count, ct.count, cpx.count);
    for (di = 0; di < ndocs; di++) {
        sl__ner_lex lx;
        lx.slots = flex[docs[di].fold].slots;
        lx.mask = flex[docs[di].fold].cap - 1;
        lx.max_phrase = MAXPH;
        if (sl__ner_doc_prepare(&docs[di].doc, docs[di].text, docs[di].len,
                                &lx) < 0) {
            fprintf(stderr, "train_ner: out of memory\n");
            return 1;
        }
    }

    /* Feature dictionary from a pass along the gold path. */
    m.count_pass = 1;
    m.counter = &counter;
    for (di = 0; di < ndocs; di++) {
        if (heldout && docs[di].fold == devfold) {
            continue;
        }
        decode(&m, &docs[di]);
    }
    m.count_pass = 0;
    nfeat_all = m.ncnt;
    m.hashes = xmalloc(m.ncnt * sizeof(uint64_t));
    for (di = 0; di < m.ncnt; di++) {
        if (m.cnt[di] >= (uint32_t)cutoff) {
            int added;
            map_put(&m.feats, m.cnt_keys[di], (uint32_t)m.nfeats, &added);
            m.hashes[m.nfeats++] = m.cnt_keys[di];
        }
    }
    free(m.cnt);
    free(m.cnt_keys);
    free(counter.keys);
    free(counter.vals);
    fprintf(stderr, "train_ner: %zu features, %zu seen %ld+ times\n", nfeat_all,
            m.nfeats, cutoff);
    m.w = xmalloc(m.nfeats * NT * sizeof(float));
    m.u = xmalloc(m.nfeats * NT * sizeof(double));
    m.avg = xmalloc(m.nfeats * NT * sizeof(float));

    order = xmalloc(ndocs * sizeof(size_t));
    for (di = 0; di < ndocs; di++) {
        if (!(heldout && docs[di].fold == devfold)) {
            order[norder++] = di;
        }
    }
    for (a = 0; a < epochs; a++) {
        prf s = { 0 };
        size_t i;
        for (i = norder; i > 1; i--) {
            size_t j = (size_t)(rng_next(&seed) % i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (i = 0; i < norder; i++) {
            tdoc *d = &docs[order[i]];
            decode(&m, d);
            score_tags(&s, d->gtags, d->ptags, d->doc.toks.count);
        }
        if (heldout) {
            fprintf(stderr, "epoch %d: train f1=%.4f heldout f1=%.4f\n", a + 1,
                    f1_of(&s), eval_dev(&m, docs, ndocs));
        } else {
            fprintf(stderr, "epoch %d: train f1=%.4f\n", a + 1, f1_of(&s));
        }
    }

    blob = write_blob(&m, &full, MAXPH, (int)prune, cmd, &blob_len, &kept);
    fprintf(stderr, "train_ner: wrote %zu features, %zu bytes\n", kept,
            blob_len);
    if (heldout) {
        fprintf(stderr, "train_ner: heldout f1 through the library: %.4f\n",
                eval_blob(blob, blob_len, docs, ndocs));
    }
    f = fopen(out_path, "wb");
    if (f == NULL || fwrite(blob, 1, blob_len, f) != blob_len ||
        fclose(f) != 0) {
        fprintf(stderr, "train_ner: %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    free(blob);
    return 0;
}
