/*
 * features.c - per-token facts and feature hashes for the entity tagger.
 *
 * The feature set follows Ratinov and Roth (2009), "Design Challenges and
 * Misconceptions in Named Entity Recognition" (CoNLL 2009): the word and
 * its neighbours within two tokens, prefixes and suffixes, word shapes,
 * the two previous tags, the tag given earlier in the document to the
 * same word ("extended prediction history"), and gazetteer matches. The
 * gazetteers and word statistics come from the training data only; the
 * trainer builds them by jackknife (each fold of the training documents
 * sees lists built from the other folds), so the weights learn how much
 * to trust a list entry on unseen text (Florian et al. 2003 do the same).
 *
 * Two facts deal with capitals, where case carries no information:
 * how often the training data writes the word in lowercase
 * (SL__NER_LEX_CASE), and how the same word is written elsewhere in the
 * document (SL__NER_DOC_*): "LEICESTERSHIRE" in a headline is read with
 * the "Leicestershire" of the body (Chieu and Ng 2003 use such global
 * features).
 *
 * A feature is a 64-bit hash of a template number and its values; hashes
 * are never stored as strings. Exports what features.h declares.
 */
#include "features.h"

#include <string.h>

#include "storyline/common.h"
#include "util/alloc.h"

#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define K1        0x9E3779B97F4A7C15ULL
#define K2        0xC2B2AE3D27D4EB4FULL

/* Values standing for the tokens before and after a sentence. */
#define BOS_HASH 0x5bd1e9955bd1e995ULL
#define EOS_HASH 0x27d4eb2f165667c5ULL
#define EDGE_CLS 7

/* Other occurrences of a word whose contexts a token sees. */
#define AGG_MAX 3

/* splitmix64's finaliser (Steele et al. 2014). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t f1(unsigned t, uint64_t a)
{
    return mix(a * K2 + t);
}

static uint64_t f2(unsigned t, uint64_t a, uint64_t b)
{
    return mix(f1(t, a) ^ (b * K1 + 0x632be59bd9b4e019ULL));
}

static uint64_t f3(unsigned t, uint64_t a, uint64_t b, uint64_t c)
{
    return mix(f2(t, a, b) ^ (c * K2 + 0x8cb92ba72f3d8dd7ULL));
}

uint64_t sl__ner_lex_key(unsigned kind, uint64_t h)
{
    return mix(h + (uint64_t)kind * K1);
}

uint64_t sl__ner_phrase_add(uint64_t h, uint64_t lower)
{
    return mix(h * K1 + lower);
}

int sl__ner_cls_capitalised(unsigned cls)
{
    return cls == SL__NER_CLS_TITLE || cls == SL__NER_CLS_CAPS ||
           cls == SL__NER_CLS_INITIAL || cls == SL__NER_CLS_MIXED;
}

/* Letter case of the scripts news text mostly uses: ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic. Other letters count as caseless
 * (lowercase, for the classes). */
static int is_upper(uint32_t c)
{
    if (c < 0x80) {
        return c >= 'A' && c <= 'Z';
    }
    if (c >= 0xC0 && c <= 0xDE) {
        return c != 0xD7;
    }
    if (c >= 0x100 && c <= 0x17F) {
        return c % 2 == 0 && c != 0x138;
    }
    return (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}

static uint32_t to_lower(uint32_t c)
{
    if (c < 0x80) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
    if (!is_upper(c)) {
        return c;
    }
    if (c >= 0x100 && c <= 0x17F) {
        return c + 1;
    }
    if (c >= 0x400 && c <= 0x40F) {
        return c + 0x50;
    }
    return c + 0x20; /* Latin-1, Greek, basic Cyrillic */
}

/* Punctuation and symbols, as opposed to letters and digits. */
static int is_symbol(uint32_t c)
{
    if (c < 0x80) {
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9'));
    }
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
           (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
           c == 0xFFFD;
}

/* Fold typographic quotes to ASCII and digits to 0, so "’s" is "'s" and
 * every year is "0000". */
static uint32_t fold(uint32_t c)
{
    if (c >= '0' && c <= '9') {
        return '0';
    }
    if (c == 0x2018 || c == 0x2019 || c == 0x201B || c == '`') {
        return '\'';
    }
    if (c == 0x201C || c == 0x201D || c == 0x201E) {
        return '"';
    }
    if (c == 0x2013 || c == 0x2014) {
        return '-';
    }
    return c;
}

static uint64_t fnv(uint64_t h, uint32_t c)
{
    return (h ^ c) * FNV_PRIME;
}

/* A shape hash that cuts runs of one shape character at 'cap'. */
typedef struct shape_acc {
    uint64_t h;
    uint32_t last;
    unsigned run;
} shape_acc;

static void shape_add(shape_acc *s, uint32_t c, unsigned cap)
{
    if (c == s->last) {
        if (s->run >= cap) {
            return;
        }
        s->run++;
    } else {
        s->last = c;
        s->run = 1;
    }
    s->h = fnv(s->h, c);
}

static void analyse(sl__ner_tokinfo *t, const char *s, size_t len)
{
    uint32_t ring[4] = { 0 };
    shape_acc sh = { FNV_BASIS, 0, 0 }, ssh = { FNV_BASIS, 0, 0 };
    uint64_t hw = FNV_BASIS, hl = FNV_BASIS;
    size_t i = 0, n = 0, nup = 0, nlow = 0, ndig = 0, nlet = 0;
    int first = -1; /* 1 upper, 0 lower, 2 neither */
    unsigned k;

    memset(t->pre, 0, sizeof(t->pre));
    memset(t->suf, 0, sizeof(t->suf));
    while (i < len) {
        uint32_t c;
        uint32_t shape;
        i += sl__ner_char(&c, s + i, len - i);
        c = fold(c);
        uint32_t lc = to_lower(c);
        hw = fnv(hw, c);
        hl = fnv(hl, lc);
        if (n < 4) {
            t->pre[n] = mix(hl + 1);
        }
        ring[n % 4] = lc;
        n++;
        if (c == '0') {
            ndig++;
            shape = 'd';
        } else if (is_symbol(c)) {
            shape = c < 0x80 ? c : '~';
        } else if (is_upper(c)) {
            nup++;
            nlet++;
            shape = 'X';
        } else {
            nlow++;
            nlet++;
            shape = 'x';
        }
        if (first < 0) {
            first = shape == 'X' ? 1 : shape == 'x' ? 0 : 2;
        }
        shape_add(&sh, shape, 4);
        shape_add(&ssh, shape, 1);
    }
    for (k = 0; k < 4 && k < n; k++) {
        uint64_t h = FNV_BASIS;
        size_t j;
        for (j = n - k - 1; j < n; j++) {
            h = fnv(h, ring[j % 4]);
        }
        t->suf[k] = mix(h + 2);
    }
    t->word = mix(hw);
    t->lower = mix(hl);
    t->shape = mix(sh.h);
    t->sshape = mix(ssh.h + 3);
    t->nchars = n > 255 ? 255 : (uint8_t)n;
    if (nlet == 0) {
        t->cls = ndig > 0 ? SL__NER_CLS_DIGIT : SL__NER_CLS_PUNCT;
    } else if (first == 0) {
        t->cls = SL__NER_CLS_LOWER;
    } else if (nlet == 1 && nup == 1 && first == 1) {
        t->cls = SL__NER_CLS_INITIAL;
    } else if (nlow == 0) {
        t->cls = SL__NER_CLS_CAPS;
    } else if (first == 1 && nup == 1) {
        t->cls = SL__NER_CLS_TITLE;
    } else if (nup > 0) {
        t->cls = SL__NER_CLS_MIXED;
    } else {
        t->cls = SL__NER_CLS_LOWER;
    }
}

static size_t pow2_at_least(size_t n)
{
    size_t p = 16;

    while (p < n && p < ((size_t)1 << 40)) {
        p *= 2;
    }
    return p;
}

int sl__ner_doc_table_reset(sl__ner_doc *doc, size_t count)
{
    size_t want = pow2_at_least(count * 2 + 1);

    if (want > doc->table_cap) {
        uint64_t *p = sl__calloc(want, sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        sl__free(doc->table);
        doc->table = p;
        doc->table_cap = want;
        return SL_OK;
    }
    memset(doc->table, 0, doc->table_cap * sizeof(*doc->table));
    return SL_OK;
}

uint64_t *sl__ner_doc_table_slot(sl__ner_doc *doc, uint64_t key)
{
    uint64_t want = sl__ner_lex_entry(key, 0);
    size_t mask = doc->table_cap - 1;
    size_t i;

    for (i = (size_t)key & mask;; i = (i + 1) & mask) {
        uint64_t *e = &doc->table[i];
        if (*e == 0) {
            *e = want;
            return e;
        }
        if ((*e & ~(uint64_t)0xFF) == want) {
            return e;
        }
    }
}

static int grow_info(sl__ner_doc *doc, size_t count)
{
    sl__ner_tokinfo *p;
    size_t cap;

    if (count <= doc->info_cap) {
        return SL_OK;
    }
    cap = doc->info_cap ? doc->info_cap : 256;
    while (cap < count) {
        cap *= 2;
    }
    if (cap > SIZE_MAX / sizeof(*p)) {
        return SL_ENOMEM;
    }
    p = sl__realloc(doc->info, cap * sizeof(*p));
    if (p == NULL) {
        return SL_ENOMEM;
    }
    doc->info = p;
    doc->info_cap = cap;
    return SL_OK;
}

/* Mark sentences and headlines: a headline has letters and at least four
 * in five of its words with letters are in capitals. */
static void mark_sentences(sl__ner_doc *doc)
{
    size_t n = doc->toks.count;
    size_t a = 0;

    while (a < n) {
        size_t b = a + 1, i, nlet = 0, ncaps = 0;
        while (b < n && !doc->toks.items[b].sent_start) {
            b++;
        }
        for (i = a; i < b; i++) {
            unsigned c = doc->info[i].cls;
            if (c != SL__NER_CLS_DIGIT && c != SL__NER_CLS_PUNCT) {
                nlet++;
                ncaps += c == SL__NER_CLS_CAPS || c == SL__NER_CLS_INITIAL;
            }
        }
        for (i = a; i < b; i++) {
            doc->info[i].sent = (uint32_t)a;
            doc->info[i].sent_end = (uint32_t)b;
            doc->info[i].headline = nlet > 0 && ncaps * 5 >= nlet * 4;
        }
        a = b;
    }
}

/* How each word is written across the document, and where else each
 * capitalised word occurs. */
static int mark_document(sl__ner_doc *doc)
{
    size_t n = doc->toks.count, i;
    int rc;

    if ((rc = sl__ner_doc_table_reset(doc, n)) < 0) {
        return rc;
    }
    if (doc->occ_cap < doc->table_cap) {
        uint32_t *p;
        if (doc->table_cap > SIZE_MAX / (2 * sizeof(*p))) {
            return SL_ENOMEM;
        }
        p = sl__realloc(doc->occ, doc->table_cap * 2 * sizeof(*p));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        doc->occ = p;
        doc->occ_cap = doc->table_cap;
    }
    memset(doc->occ, 0xFF, doc->table_cap * 2 * sizeof(*doc->occ));
    for (i = 0; i < n; i++) {
        sl__ner_tokinfo *t = &doc->info[i];
        unsigned bits = 0;
        int inside = i != t->sent && !t->headline;
        t->first_same = t->next_same = UINT32_MAX;
        if (sl__ner_cls_capitalised(t->cls)) {
            size_t si =
                (size_t)(sl__ner_doc_table_slot(doc, t->lower) - doc->table);
            uint32_t *occ = &doc->occ[2 * si];
            if (occ[0] == UINT32_MAX) {
                occ[0] = (uint32_t)i;
            } else {
                doc->info[occ[1]].next_same = (uint32_t)i;
            }
            occ[1] = (uint32_t)i;
        }
        if (t->cls == SL__NER_CLS_LOWER) {
            bits = SL__NER_DOC_LOWER;
        } else if (inside && (t->cls == SL__NER_CLS_TITLE ||
                              t->cls == SL__NER_CLS_MIXED)) {
            bits = SL__NER_DOC_TITLE;
        } else if (inside && t->cls == SL__NER_CLS_CAPS) {
            bits = SL__NER_DOC_CAPS;
        }
        if (bits != 0) {
            *sl__ner_doc_table_slot(doc, t->lower) |= bits;
        }
    }
    for (i = 0; i < n; i++) {
        sl__ner_tokinfo *t = &doc->info[i];
        uint64_t *slot = sl__ner_doc_table_slot(doc, t->lower);
        t->doc = (uint8_t)(*slot & 0xFF);
        if (sl__ner_cls_capitalised(t->cls)) {
            t->first_same = doc->occ[2 * (size_t)(slot - doc->table)];
        }
    }
    return SL_OK;
}

/* Longest gazetteer phrase starting at each capitalised token. */
static void mark_gazetteer(sl__ner_doc *doc, const sl__ner_lex *lex)
{
    size_t n = doc->toks.count, i;
    uint64_t ph[17];

    if (lex->slots == NULL || lex->max_phrase == 0) {
        return;
    }
    for (i = 0; i < n; i++) {
        sl__ner_tokinfo *t = &doc->info[i];
        size_t maxl = lex->max_phrase, l;
        if (!sl__ner_cls_capitalised(t->cls)) {
            continue;
        }
        if (maxl > t->sent_end - i) {
            maxl = t->sent_end - i;
        }
        if (maxl > 16) {
            maxl = 16;
        }
        ph[0] = 0;
        for (l = 1; l <= maxl; l++) {
            ph[l] = sl__ner_phrase_add(ph[l - 1], doc->info[i + l - 1].lower);
        }
        for (l = maxl; l >= 1; l--) {
            unsigned v, type, amb, j;
            if (!sl__ner_lex_get(
                    lex, sl__ner_lex_key(SL__NER_LEX_PHRASE, ph[l]), &v)) {
                continue;
            }
            type = (v & 7) - 1;
            amb = v & 8;
            if (type >= SL__NER_NTYPES) {
                break;
            }
            for (j = 0; j < l; j++) {
                unsigned pos = l == 1       ? SL__NER_U
                               : j == 0     ? SL__NER_B
                               : j == l - 1 ? SL__NER_L
                                            : SL__NER_I;
                uint8_t *g = &doc->info[i + j].gaz[type];
                if (*g == 0) {
                    *g = (uint8_t)(1 + pos + amb);
                }
            }
            break;
        }
    }
}

int sl__ner_doc_prepare(sl__ner_doc *doc,
                        const char *text,
                        size_t len,
                        const sl__ner_lex *lex)
{
    size_t i, n;
    int rc;

    doc->text = text;
    doc->len = len;
    if ((rc = sl__ner_tokenize(&doc->toks, text, len)) < 0) {
        return rc;
    }
    n = doc->toks.count;
    if (n > UINT32_MAX - 1) {
        return SL_ENOMEM;
    }
    if ((rc = grow_info(doc, n)) < 0) {
        return rc;
    }
    for (i = 0; i < n; i++) {
        const sl__ner_token *k = &doc->toks.items[i];
        sl__ner_tokinfo *t = &doc->info[i];
        unsigned v;
        analyse(t, text + k->start, k->end - k->start);
        t->lcase = t->ltypes = 0;
        memset(t->gaz, 0, sizeof(t->gaz));
        if (sl__ner_lex_get(lex, sl__ner_lex_key(SL__NER_LEX_CASE, t->lower),
                            &v)) {
            t->lcase = (uint8_t)v;
        }
        if (sl__ner_lex_get(lex, sl__ner_lex_key(SL__NER_LEX_TYPES, t->lower),
                            &v)) {
            t->ltypes = (uint8_t)v;
        }
    }
    mark_sentences(doc);
    if ((rc = mark_document(doc)) < 0) {
        return rc;
    }
    mark_gazetteer(doc, lex);
    return SL_OK;
}

void sl__ner_doc_dispose(sl__ner_doc *doc)
{
    sl__ner_tokens_dispose(&doc->toks);
    sl__free(doc->info);
    sl__free(doc->table);
    sl__free(doc->occ);
    memset(doc, 0, sizeof(*doc));
}

size_t sl__ner_features(uint64_t *out,
                        const sl__ner_doc *doc,
                        size_t i,
                        unsigned p1,
                        unsigned p2,
                        unsigned hist)
{
    const sl__ner_tokinfo *t = &doc->info[i];
    size_t s = t->sent, e = t->sent_end, n = 0;
    unsigned pb = i == s ? 0 : i == s + 1 ? 1 : 2;
    unsigned edge = pb == 0 || t->headline;
    uint64_t lo[5], ssh[5];
    unsigned cls[5], lcase[5];
    int d;

    /* Neighbours i-2 .. i+2, with sentence edges. */
    for (d = -2; d <= 2; d++) {
        size_t j = i + (size_t)(ptrdiff_t)d;
        if (d < 0 && i < s + (size_t)(-d)) {
            lo[d + 2] = ssh[d + 2] = BOS_HASH;
            cls[d + 2] = lcase[d + 2] = EDGE_CLS;
        } else if (d > 0 && j >= e) {
            lo[d + 2] = ssh[d + 2] = EOS_HASH;
            cls[d + 2] = lcase[d + 2] = EDGE_CLS;
        } else {
            lo[d + 2] = doc->info[j].lower;
            ssh[d + 2] = doc->info[j].sshape;
            cls[d + 2] = doc->info[j].cls;
            lcase[d + 2] = doc->info[j].lcase;
        }
    }

    out[n++] = f1(1, 0);
    out[n++] = f1(2, t->word);
    out[n++] = f1(3, t->lower);
    out[n++] = f1(4, lo[1]);
    out[n++] = f1(5, lo[3]);
    out[n++] = f1(6, lo[0]);
    out[n++] = f1(7, lo[4]);
    if (t->cls != SL__NER_CLS_PUNCT) {
        unsigned k;
        for (k = 0; k < 4 && k + 1 < t->nchars; k++) {
            out[n++] = f1(8 + k, t->pre[k]);
            out[n++] = f1(12 + k, t->suf[k]);
        }
    }
    out[n++] = f1(16, t->shape);
    out[n++] = f1(17, ssh[1]);
    out[n++] = f1(18, ssh[3]);
    out[n++] = f1(19, ssh[0]);
    out[n++] = f1(20, ssh[4]);
    out[n++] = f2(21, ssh[1], ssh[2]);
    out[n++] = f2(22, ssh[2], ssh[3]);
    out[n++] = f3(23, ssh[1], ssh[2], ssh[3]);
    out[n++] = f2(24, lo[1], t->lower);
    out[n++] = f2(25, t->lower, lo[3]);
    out[n++] = f3(26, t->cls, pb, t->headline);
    if (t->headline) {
        out[n++] = f1(27, t->lower);
    }
    out[n++] = f1(28, p1);
    out[n++] = f2(29, p2, p1);
    out[n++] = f2(30, p1, t->lower);
    out[n++] = f2(31, p1, t->sshape);
    out[n++] = f2(32, p1, t->cls);
    out[n++] = f3(33, t->lcase, t->cls, edge);
    out[n++] = f2(34, lcase[1], cls[1]);
    out[n++] = f2(35, lcase[3], cls[3]);
    if (t->ltypes != 0) {
        unsigned k;
        out[n++] = f2(36, t->ltypes & 7, t->cls);
        for (k = 0; k < SL__NER_NTYPES; k++) {
            if (t->ltypes & (8u << k)) {
                out[n++] = f2(37, k, t->cls);
            }
        }
    }
    for (unsigned k = 0; k < SL__NER_NTYPES; k++) {
        if (t->gaz[k] != 0) {
            out[n++] = f2(38, k, t->gaz[k]);
            out[n++] = f3(39, k, t->gaz[k], t->cls);
        }
    }
    out[n++] = f3(40, t->doc, t->cls, pb == 0 ? 0 : t->headline ? 1 : 2);
    if (hist != 0) {
        out[n++] = f2(41, hist, t->cls);
        out[n++] = f3(42, hist, t->cls, edge);
    }
    out[n++] = f2(43, pb, ssh[3]);
    out[n++] = f3(44, cls[1], cls[2], cls[3]);
    out[n++] = f2(45, lo[1], t->sshape);
    out[n++] = f2(46, lo[3], t->sshape);
    out[n++] = f2(47, t->nchars > 10 ? 10 : t->nchars, t->cls);
    /* Context aggregation (Ratinov and Roth 2009): the neighbours of the
     * same word's other occurrences in the document. */
    {
        uint32_t j = t->first_same;
        unsigned seen = 0, agg_max = AGG_MAX;
        while (j != UINT32_MAX && seen < agg_max) {
            const sl__ner_tokinfo *o = &doc->info[j];
            if (j != i) {
                out[n++] =
                    f1(48, j > o->sent ? doc->info[j - 1].lower : BOS_HASH);
                seen++;
            }
            j = o->next_same;
        }
    }
    return n;
}
