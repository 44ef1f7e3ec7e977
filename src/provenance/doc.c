/*
 * doc.c - body analysis for provenance: paragraphs, sentences, content
 * words, anchors and sentence fingerprints (see doc.h).
 *
 * Words are runs of ASCII letters and digits and of non-ASCII letters;
 * the Latin-1 punctuation block (U+0080..U+00BF) and the General
 * Punctuation block (U+2000..U+206F: curly quotes, dashes, ellipsis) are
 * separators, so "don’t" and "don't", "--" and "—" read alike. ASCII is
 * folded to lower case; other letters are kept as they are.
 *
 * A sentence ends at '.', '!' or '?' (closing quotes and brackets
 * allowed after it) followed by white space and an upper-case letter,
 * a digit or an opening quote, unless the word before is one letter or a
 * short capitalised abbreviation ("U.S.", "Mr.", "Gen."). Sentence
 * splitting need not be right, only the same for the same text.
 *
 * Content words are words of three bytes or more that are not on a short
 * list of English function words. Reference for the fingerprint idea:
 * Broder, "On the resemblance and containment of documents" (1997), and
 * Schleimer, Wilkerson, Aiken, "Winnowing" (SIGMOD 2003).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static const char *const stopwords[] = {
    "about",  "above",   "after",   "again",   "against", "all",    "also",
    "and",    "any",     "are",     "because", "been",    "before", "being",
    "below",  "between", "both",    "but",     "can",     "could",  "did",
    "does",   "doing",   "down",    "during",  "each",    "few",    "for",
    "from",   "further", "had",     "has",     "have",    "having", "her",
    "here",   "hers",    "herself", "him",     "himself", "his",    "how",
    "into",   "its",     "itself",  "just",    "more",    "most",   "not",
    "now",    "off",     "once",    "only",    "other",   "our",    "ours",
    "out",    "over",    "own",     "said",    "same",    "says",   "she",
    "should", "some",    "such",    "than",    "that",    "the",    "their",
    "theirs", "them",    "then",    "there",   "these",   "they",   "this",
    "those",  "through", "too",     "under",   "until",   "very",   "was",
    "were",   "what",    "when",    "where",   "which",   "while",  "who",
    "whom",   "why",     "will",    "with",    "would",   "you",    "your",
};

/* The longest stop word ("because", "between", ...): longer words are not
 * looked up. */
#define STOPWORD_MAX_LEN 7

static int is_stopword(const char *w, size_t len)
{
    size_t lo = 0, hi = sizeof(stopwords) / sizeof(stopwords[0]);

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *s = (const unsigned char *)stopwords[mid];
        size_t i = 0;
        while (i < len && s[i] != '\0' && (unsigned char)w[i] == s[i]) {
            i++;
        }
        /* The stop word ends first (NUL) or the bytes differ. */
        int c = i == len ? (s[i] == '\0' ? 0 : -1)
                         : (int)(unsigned char)w[i] - (int)s[i];
        if (c == 0) {
            return 1;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return 0;
}

uint32_t sl__prov_mix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

uint32_t sl__prov_word_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c | 0x20);
        }
        h = (h ^ c) * 16777619u;
    }
    return sl__prov_mix32(h);
}

void sl__prov_doc_init(sl__prov_doc *d)
{
    memset(d, 0, sizeof(*d));
}

void sl__prov_doc_dispose(sl__prov_doc *d)
{
    sl__free(d->sents);
    sl__free(d->toks);
    sl__free(d->fps);
    memset(d, 0, sizeof(*d));
}

/* Length of the separator or word character at p (1..4), and whether it
 * belongs to a word. */
static size_t
char_at(const unsigned char *p, const unsigned char *end, int *word)
{
    unsigned char c = p[0];

    if (c < 0x80) {
        *word =
            (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        return 1;
    }
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if ((size_t)(end - p) < n) {
        n = (size_t)(end - p);
    }
    *word = 1;
    if (c == 0xc2) {
        *word = 0; /* U+0080..U+00BF: nbsp, pound, copyright, guillemets */
    } else if (c == 0xe2 && n >= 2 && (p[1] == 0x80 || p[1] == 0x81)) {
        *word = 0; /* U+2000..U+207F: dashes, curly quotes, ellipsis */
    } else if (c == 0xef && n >= 3 && p[1] == 0xbb && p[2] == 0xbf) {
        *word = 0; /* byte order mark */
    }
    return n;
}

/* A word of the current line while it is being read. */
typedef struct word {
    size_t off, len;
    uint32_t h;
    unsigned cap : 1, num : 1, stop : 1, quoted : 1, sent_end : 1;
} word;

typedef struct scratch {
    word *w;
    size_t n, cap;
} scratch;

static int push_word(scratch *s, const word *w)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        word *nw = sl__realloc(s->w, cap * sizeof(*nw));
        if (nw == NULL) {
            return SL_ENOMEM;
        }
        s->w = nw;
        s->cap = cap;
    }
    s->w[s->n++] = *w;
    return SL_OK;
}

/* Sort a sentence's tokens by hash. Sentences hold tens of words, where
 * insertion sort beats qsort's merge buffers and indirect calls. */
static void sort_toks(sl__prov_tok *t, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        sl__prov_tok v = t[i];
        size_t j = i;
        while (j > 0 && t[j - 1].h > v.h) {
            t[j] = t[j - 1];
            j--;
        }
        t[j] = v;
    }
}

/* Is the text after a word a sentence end? 'p' points just past it. */
static int ends_sentence(const unsigned char *p, const unsigned char *end)
{
    if (p >= end || (*p != '.' && *p != '!' && *p != '?')) {
        return 0;
    }
    while (p < end && (*p == '.' || *p == '!' || *p == '?')) {
        p++;
    }
    /* Closing quotes and brackets. */
    for (;;) {
        if (p < end && (*p == '"' || *p == '\'' || *p == ')')) {
            p++;
        } else if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
                   (p[2] == 0x9d || p[2] == 0x99)) {
            p += 3;
        } else {
            break;
        }
    }
    if (p >= end) {
        return 1;
    }
    if (*p != ' ' && *p != '\t') {
        return 0;
    }
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }
    if (p >= end) {
        return 1;
    }
    return (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '"' ||
           *p == '(' || *p >= 0x80;
}

static int add_sentence(sl__prov_doc *d, const word *w, size_t n, uint32_t para)
{
    size_t content = 0, quoted = 0;
    uint32_t exact = 2166136261u;

    for (size_t i = 0; i < n; i++) {
        exact = (exact ^ w[i].h) * 16777619u;
        if (!w[i].stop) {
            content++;
            quoted += w[i].quoted;
        }
    }
    if (content < 3) {
        return SL_OK;
    }
    if (d->ntok + content > d->cap_tok) {
        size_t cap = d->cap_tok ? d->cap_tok * 2 : 1024;
        while (cap < d->ntok + content) {
            cap *= 2;
        }
        sl__prov_tok *t = sl__realloc(d->toks, cap * sizeof(*t));
        if (t == NULL) {
            return SL_ENOMEM;
        }
        d->toks = t;
        d->cap_tok = cap;
    }
    if (d->nsent == d->cap_sent) {
        size_t cap = d->cap_sent ? d->cap_sent * 2 : 64;
        sl__prov_sent *s = sl__realloc(d->sents, cap * sizeof(*s));
        if (s == NULL) {
            return SL_ENOMEM;
        }
        d->sents = s;
        d->cap_sent = cap;
    }
    sl__prov_tok *t = d->toks + d->ntok;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i].stop) {
            continue;
        }
        t[k].h = w[i].h;
        t[k].flags = 0;
        t[k].off = (uint32_t)w[i].off;
        t[k].len = (uint32_t)w[i].len;
        /* The first word is capitalised by grammar, not as a name. */
        if (w[i].num || (w[i].cap && i > 0)) {
            t[k].flags |= SL__PROV_TOK_ANCHOR;
        }
        if (w[i].num) {
            t[k].flags |= SL__PROV_TOK_NUMBER;
        }
        k++;
    }
    sort_toks(t, k);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (u > 0 && t[u - 1].h == t[i].h) {
            t[u - 1].flags |= t[i].flags;
            if (t[i].off < t[u - 1].off) {
                t[u - 1].off = t[i].off;
                t[u - 1].len = t[i].len;
            }
        } else {
            t[u++] = t[i];
        }
    }
    uint32_t a1 = 0, a2 = 0;
    int na = 0;
    for (size_t i = 0; i < u && na < 2; i++) {
        if (t[i].flags & SL__PROV_TOK_ANCHOR) {
            if (na == 0) {
                a1 = t[i].h;
            } else {
                a2 = t[i].h;
            }
            na++;
        }
    }
    sl__prov_sent *s = &d->sents[d->nsent++];
    s->off = w[0].off;
    s->len = w[n - 1].off + w[n - 1].len - w[0].off;
    s->tok = (uint32_t)d->ntok;
    s->ntok = (uint32_t)u;
    s->para = para;
    s->fp_exact = sl__prov_mix32(exact ^ 0x9e3779b9u);
    s->fp_anchor =
        na == 2 ? sl__prov_mix32(a1 * 0x01000193u ^ a2 ^ 0x7f4a7c15u) : 0;
    s->weight = (float)u;
    if (quoted * 2 > content) {
        s->weight *= 0.25f;
    }
    d->weight += s->weight;
    d->ntok += u;
    return SL_OK;
}

/* Read one line into words; return whether it holds article text. */
static int read_line(scratch *sc,
                     const unsigned char *base,
                     const unsigned char *p,
                     const unsigned char *end)
{
    const unsigned char *line = p;
    int quoted = 0, terminal = 0;

    sc->n = 0;
    while (p < end) {
        int isword;
        size_t n = char_at(p, end, &isword);
        if (!isword) {
            if (*p == '"') {
                quoted = !quoted;
            } else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x9c) {
                quoted = 1;
            } else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x9d) {
                quoted = 0;
            }
            p += n;
            continue;
        }
        const unsigned char *start = p;
        while (p < end) {
            n = char_at(p, end, &isword);
            if (!isword) {
                break;
            }
            p += n;
        }
        size_t len = (size_t)(p - start);
        /* URLs and e-mail-like runs are page furniture: skip them. */
        if ((len == 4 || len == 5) && end - p >= 3 && p[0] == ':' &&
            p[1] == '/' && p[2] == '/') {
            while (p < end && *p != ' ' && *p != '\t') {
                p++;
            }
            continue;
        }
        if (len == 3 && memcmp(start, "www", 3) == 0 && p < end && *p == '.') {
            while (p < end && *p != ' ' && *p != '\t') {
                p++;
            }
            continue;
        }
        word w;
        memset(&w, 0, sizeof(w));
        w.off = (size_t)(start - base);
        w.len = len;
        w.h = sl__prov_word_hash((const char *)start, len);
        w.cap = *start >= 'A' && *start <= 'Z';
        w.num = *start >= '0' && *start <= '9';
        char low[16];
        if (len < 3) {
            w.stop = 1;
        } else if (len <= STOPWORD_MAX_LEN) {
            for (size_t i = 0; i < len; i++) {
                low[i] = (char)((start[i] >= 'A' && start[i] <= 'Z')
                                    ? (start[i] | 0x20)
                                    : start[i]);
            }
            w.stop = is_stopword(low, len);
        }
        w.quoted = (unsigned)quoted;
        if (ends_sentence(p, end)) {
            int abbrev =
                len == 1 || (len <= 3 && w.cap && !w.num &&
                             !(len >= 2 && start[1] >= 'A' && start[1] <= 'Z'));
            w.sent_end = !abbrev;
        }
        if (push_word(sc, &w) < 0) {
            return SL_ENOMEM;
        }
    }
    /* Closing punctuation: the last visible byte of the line. */
    while (end > line &&
           (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
        end--;
    }
    if (end > line) {
        unsigned char c = end[-1];
        terminal = c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' ||
                   c == ')' || c == 0x9d || c == 0x99;
    }
    if (sc->n < 8 || (!terminal && sc->n < 20)) {
        return 0;
    }
    return 1;
}

static int push_fp(sl__prov_doc *d, uint32_t fp)
{
    if (d->nfps == d->cap_fps) {
        size_t cap = d->cap_fps ? d->cap_fps * 2 : 128;
        uint32_t *f = sl__realloc(d->fps, cap * sizeof(*f));
        if (f == NULL) {
            return SL_ENOMEM;
        }
        d->fps = f;
        d->cap_fps = cap;
    }
    d->fps[d->nfps++] = fp;
    return SL_OK;
}

/* Winnow the word shingles of one paragraph: the smallest hash of every
 * window of SL__PROV_WINNOW_W shingles (the rightmost on ties), each
 * selected position once. A paragraph shorter than one window gives its
 * smallest shingle. Each shingle is hashed once, into 'sh' (a scratch
 * array the caller keeps between paragraphs). */
static int
winnow(sl__prov_doc *d, const word *w, size_t n, uint32_t **sh, size_t *cap)
{
    enum { K = SL__PROV_SHINGLE, W = SL__PROV_WINNOW_W };
    size_t nsh, span, last = (size_t)-1;

    if (n < K) {
        return SL_OK;
    }
    nsh = n - K + 1;
    if (nsh > *cap) {
        uint32_t *v = sl__realloc(*sh, nsh * sizeof(*v));
        if (v == NULL) {
            return SL_ENOMEM;
        }
        *sh = v;
        *cap = nsh;
    }
    uint32_t *h = *sh;
    for (size_t i = 0; i < nsh; i++) {
        uint32_t x = 0x811c9dc5u;
        for (size_t k = 0; k < K; k++) {
            x = (x ^ w[i + k].h) * 16777619u;
        }
        h[i] = sl__prov_mix32(x);
    }
    span = nsh < W ? nsh : W;
    for (size_t start = 0; start + span <= nsh; start++) {
        size_t best = start;
        for (size_t i = start + 1; i < start + span; i++) {
            if (h[i] <= h[best]) {
                best = i;
            }
        }
        if (best != last) {
            last = best;
            if (push_fp(d, h[best]) < 0) {
                return SL_ENOMEM;
            }
        }
    }
    return SL_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

static size_t uniq_u32(uint32_t *v, size_t n)
{
    size_t u = 0;

    if (n < 2) {
        return n;
    }
    qsort(v, n, sizeof(*v), cmp_u32);
    for (size_t i = 0; i < n; i++) {
        if (u == 0 || v[u - 1] != v[i]) {
            v[u++] = v[i];
        }
    }
    return u;
}

/* Lay out the fingerprints: winnowed shingles and the sampled anchors
 * (stored and looked up), then the other anchors (counted only). */
static int finish_fps(sl__prov_doc *d)
{
    size_t nw = uniq_u32(d->fps, d->nfps), keep = nw, rest = 0;
    uint32_t *tail;

    d->nfps = nw;
    for (size_t i = 0; i < d->nsent; i++) {
        if (d->sents[i].fp_anchor != 0 && push_fp(d, 0) < 0) {
            return SL_ENOMEM;
        }
    }
    d->nfps = nw;
    tail = sl__malloc((d->nsent + 1) * sizeof(*tail));
    if (tail == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < d->nsent; i++) {
        uint32_t a = d->sents[i].fp_anchor;
        if (a == 0) {
            continue;
        }
        if (a % SL__PROV_ANCHOR_RATE == 0) {
            d->fps[keep++] = a;
        } else {
            tail[rest++] = a;
        }
    }
    keep = uniq_u32(d->fps, keep);
    rest = uniq_u32(tail, rest);
    if (rest > 0) {
        memcpy(d->fps + keep, tail, rest * sizeof(*tail));
    }
    sl__free(tail);
    d->nindex = keep;
    d->nfps = keep + rest;
    return SL_OK;
}

int sl__prov_doc_build(sl__prov_doc *d, const char *body, size_t len)
{
    const unsigned char *base = (const unsigned char *)body;
    const unsigned char *p = base, *end;
    scratch sc = { 0 };
    uint32_t *sh = NULL;
    size_t sh_cap = 0;
    uint32_t para = 0;
    int rc = SL_OK;

    d->nsent = 0;
    d->ntok = 0;
    d->weight = 0;
    d->nfps = 0;
    d->nindex = 0;
    if (len > SL__PROV_MAX_BODY) {
        len = SL__PROV_MAX_BODY;
    }
    end = base + len;
    while (p < end && rc == SL_OK) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *le = nl ? nl : end;
        int keep = read_line(&sc, base, p, le);
        if (keep < 0) {
            rc = keep;
            break;
        }
        if (keep) {
            size_t from = 0;
            rc = winnow(d, sc.w, sc.n, &sh, &sh_cap);
            for (size_t i = 0; i < sc.n && rc == SL_OK; i++) {
                if (sc.w[i].sent_end || i + 1 == sc.n) {
                    rc = add_sentence(d, sc.w + from, i + 1 - from, para);
                    from = i + 1;
                }
            }
            para++;
        }
        p = nl ? nl + 1 : end;
    }
    sl__free(sc.w);
    sl__free(sh);
    if (rc == SL_OK) {
        rc = finish_fps(d);
    }
    return rc;
}
