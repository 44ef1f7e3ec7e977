/*
 * provenance.c - online copy detection and attribution (see
 * provenance.h for the steps, storyline/provenance.h for the contract).
 *
 * When is a pair a copy? Three tests on the sentence alignment, each
 * asking for a share of the smaller text that independent reports on the
 * same event do not reach:
 *   verbatim:  60% of one text found, 80% of that word for word
 *              (reprints and excerpts);
 *   rewritten: 60% of one text found at mean similarity 0.6, over four
 *              sentences or more (spun copies);
 *   partial:   30% of one text found over three sentences or more, half
 *              of it word for word (partial copies).
 * Quoted sentences weigh a quarter (doc.c), so a shared quotation alone
 * stays under every bar.
 *
 * Which is the original? In order: the same outlet or URL makes the later
 * one an update; a text citing the other's URL, or naming the other's
 * outlet when the other does not name it back, is the copy; a text
 * contained in the other (an excerpt) is the copy whatever the dates
 * say, since clocks are wrong more often than excerpts grow; then the
 * earlier publication date, then the earlier ingest, then the lower id.
 * The reason is recorded in the evidence.
 *
 * Families: a copy links to the root of its best parent (a copy of a copy
 * is attributed to the root). When X turns out to be the original of an
 * article that was a root, that root and its family move under X's root:
 * a late-arriving original takes over. After each change, the family's
 * dates are checked against its root (review_family()): a root whose date
 * stands apart from where the family clusters loses it to the member the
 * family follows.
 */
#include "provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "doc.h"
#include "index.h"
#include "postings.h"
#include "store/backend.h"
#include "util/alloc.h"
#include "util/buf.h"

/* What provenance knows of one side of a pair. */
typedef struct side {
    int64_t id;
    int64_t published_ms, ingested_ms;
    const char *source, *url, *title, *body;
    size_t body_len;
    const sl__prov_doc *doc;
} side;

typedef struct cand {
    int64_t id;
    uint32_t hits;
} cand;

/* A verified pair (X, C) and its orientation. */
typedef struct verdict {
    int64_t other;
    int x_is_copy;
    const char *kind;
    const char *reason;
    int date_disagrees;
    double score;
    double verbatim;      /* share of the matched weight word for word */
    int64_t other_pub_ms; /* the other's publication date */
    char *evidence;       /* JSON, owned */
} verdict;

/*---- Candidates ----*/

typedef struct ids {
    int64_t *v;
    size_t n, cap;
} ids;

static int ids_push(ids *a, int64_t id)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        int64_t *v = sl__realloc(a->v, cap * sizeof(*v));
        if (v == NULL) {
            return SL_ENOMEM;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = id;
    return SL_OK;
}

typedef struct match_ctx {
    int64_t self;
    ids *out;
    size_t found;
} match_ctx;

static int on_match(int64_t id, void *payload)
{
    match_ctx *m = payload;

    if (id == m->self) {
        return 0;
    }
    m->found++;
    if (m->found > SL__PROV_MAX_DF) {
        return 1; /* too common: stop, the caller drops it */
    }
    return ids_push(m->out, id) < 0 ? SL_ENOMEM : 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;

    if (x->hits != y->hits) {
        return x->hits > y->hits ? -1 : 1;
    }
    return x->id > y->id ? -1 : (x->id < y->id ? 1 : 0);
}

/* Candidates of 'd': articles sharing its fingerprints, best first. */
static int find_candidates(const sl__prov_doc *d,
                           const sl__postings *idx,
                           int64_t self,
                           cand *out,
                           size_t *out_n)
{
    ids all = { 0 };
    int rc = SL_OK;

    *out_n = 0;
    for (size_t i = 0; i < d->nindex && rc == SL_OK; i++) {
        size_t mark = all.n;
        match_ctx m = { .self = self, .out = &all };
        rc = sl__postings_each(idx, d->fps[i], on_match, &m);
        if (rc == 1) {
            all.n = mark; /* page furniture or formula */
            rc = SL_OK;
        }
    }
    if (rc == SL_OK && all.n > 0) {
        size_t n = 0, cap = SL__PROV_MAX_CANDIDATES;
        cand *c = sl__malloc(all.n * sizeof(*c));
        if (c == NULL) {
            rc = SL_ENOMEM;
        } else {
            qsort(all.v, all.n, sizeof(*all.v), cmp_i64);
            for (size_t i = 0; i < all.n; i++) {
                if (n > 0 && c[n - 1].id == all.v[i]) {
                    c[n - 1].hits++;
                } else {
                    c[n].id = all.v[i];
                    c[n].hits = 1;
                    n++;
                }
            }
            qsort(c, n, sizeof(*c), cmp_cand);
            /* One shared fingerprint is most often a coincidence (a quoted
             * name and number): a candidate needs two, unless the article
             * is so short that it has few fingerprints at all. Verifying
             * costs a fetch and an alignment, so this keeps ingest fast
             * on streams where many articles tell the same story. */
            uint32_t floor = d->nfps >= 16 ? 2 : 1;
            while (n > 0 && c[n - 1].hits < floor) {
                n--;
            }
            *out_n = n < cap ? n : cap;
            memcpy(out, c, *out_n * sizeof(*c));
            sl__free(c);
        }
    }
    sl__free(all.v);
    return rc;
}

/*---- Analysed bodies ----*/

/* The analyses of recent bodies, so that an article verified against
 * many later texts (the root of a busy family) is analysed once. Slots
 * are direct-mapped by article id; an entry is used only when the id,
 * length and 64-bit hash of the body fetched from the store match, so a
 * revised article or a rolled-back id never sees a stale analysis. The
 * cache only saves work: results are the same with or without it. */
typedef struct cache_slot {
    int64_t id; /* 0: empty */
    uint64_t hash;
    size_t len;
    sl__prov_doc doc;
} cache_slot;

struct sl__prov_cache {
    cache_slot slot[SL__PROV_CACHE_SLOTS];
};

static uint64_t body_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    }
    return h;
}

void sl__prov_cache_free(sl__prov_cache *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < SL__PROV_CACHE_SLOTS; i++) {
        sl__prov_doc_dispose(&c->slot[i].doc);
    }
    sl__free(c);
}

/* The store's cache, created on first use. */
static int cache_of(sl_store *st, sl__prov_cache **out)
{
    sl__prov_cache **slot = NULL;
    int rc = st->ops->prov->cache(st, &slot);

    *out = NULL;
    if (rc < 0) {
        return rc;
    }
    if (*slot == NULL) {
        *slot = sl__calloc(1, sizeof(**slot));
        if (*slot == NULL) {
            return SL_ENOMEM;
        }
    }
    *out = *slot;
    return SL_OK;
}

static cache_slot *cache_slot_of(sl__prov_cache *c, int64_t id)
{
    return &c->slot[(uint64_t)id % SL__PROV_CACHE_SLOTS];
}

/* The analysis of body 's' of article 'id': from the cache, or built
 * into the cache (the slot's old analysis is dropped). */
static int analysed(sl__prov_cache *c,
                    int64_t id,
                    const char *s,
                    size_t len,
                    const sl__prov_doc **out)
{
    cache_slot *e = cache_slot_of(c, id);
    uint64_t h = body_hash(s, len);
    int rc;

    if (e->id == id && e->hash == h && e->len == len) {
        *out = &e->doc;
        return SL_OK;
    }
    e->id = 0;
    rc = sl__prov_doc_build(&e->doc, s, len);
    if (rc < 0) {
        return rc;
    }
    e->id = id;
    e->hash = h;
    e->len = len;
    *out = &e->doc;
    return SL_OK;
}

/* Keep the analysis 'd' of the body of article 'id' (just stored): 'd'
 * swaps buffers with the slot and is left for its owner to dispose. */
static void cache_keep(
    sl__prov_cache *c, int64_t id, const char *s, size_t len, sl__prov_doc *d)
{
    cache_slot *e = cache_slot_of(c, id);
    sl__prov_doc old = e->doc;

    e->doc = *d;
    *d = old;
    e->id = id;
    e->hash = body_hash(s, len);
    e->len = len;
}

/*---- Pair decisions ----*/

static int ieq(const char *a, const char *b)
{
    if (a == NULL || b == NULL || a[0] == '\0' || b[0] == '\0') {
        return 0;
    }
    for (; *a && *b; a++, b++) {
        char x = (char)((*a >= 'A' && *a <= 'Z') ? (*a | 0x20) : *a);
        char y = (char)((*b >= 'A' && *b <= 'Z') ? (*b | 0x20) : *b);
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

/* Does 'body' contain 'needle' (at least 'min' bytes long)? */
static int mentions(const side *s, const char *needle, size_t min)
{
    size_t n;

    if (needle == NULL || s->body == NULL) {
        return 0;
    }
    n = strlen(needle);
    if (n < min || n > s->body_len) {
        return 0;
    }
    for (const char *p = s->body;
         (p = memchr(p, needle[0], s->body_len - (size_t)(p - s->body))) !=
         NULL;
         p++) {
        if ((size_t)(s->body + s->body_len - p) < n) {
            return 0;
        }
        if (memcmp(p, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Does the title of 's' contain 'needle' (at least 'min' bytes long)? */
static int titled(const side *s, const char *needle, size_t min)
{
    side t;

    if (s->title == NULL) {
        return 0;
    }
    memset(&t, 0, sizeof(t));
    t.body = s->title;
    t.body_len = strlen(s->title);
    return mentions(&t, needle, min);
}

/* The host of 'url' without "www.", into 'out' (empty when there is none
 * or it does not fit). */
static void url_host(const char *url, char *out, size_t cap)
{
    const char *p, *e;
    size_t n;

    out[0] = '\0';
    if (url == NULL || (p = strstr(url, "://")) == NULL) {
        return;
    }
    p += 3;
    if (strncmp(p, "www.", 4) == 0) {
        p += 4;
    }
    for (e = p; *e && *e != '/' && *e != ':' && *e != '?' && *e != '#'; e++) {
    }
    n = (size_t)(e - p);
    if (n == 0 || n >= cap) {
        return;
    }
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Does the body of 's' name the site of 'url' (its host, "www." left
 * out), as in "This article originally appeared on example.com"? */
static int names_site(const side *s, const char *url)
{
    char host[128];

    url_host(url, host, sizeof(host));
    return strchr(host, '.') != NULL && mentions(s, host, 6);
}

/* Does the body of 's' carry the clock time of 'ms' ("HH:MM", UTC), not
 * inside a longer number? A page copied whole keeps the original's date
 * line ("Updated 28/04/2009 20:38 GMT"). */
static int carries_time(const side *s, int64_t ms)
{
    char hm[8];
    int64_t day = 24 * 3600 * 1000LL, t = ((ms % day) + day) % day;

    if (ms == 0 || s->body == NULL) {
        return 0;
    }
    snprintf(hm, sizeof(hm), "%02d:%02d", (int)(t / 3600000),
             (int)(t / 60000 % 60));
    for (const char *p = s->body, *end = s->body + s->body_len;
         (p = memchr(p, hm[0], (size_t)(end - p))) != NULL; p++) {
        if (end - p < 5) {
            return 0;
        }
        if (memcmp(p, hm, 5) == 0 &&
            (p == s->body || !(p[-1] >= '0' && p[-1] <= '9')) &&
            (end - p == 5 || !(p[5] >= '0' && p[5] <= '9'))) {
            return 1;
        }
    }
    return 0;
}

/* Is the text on side 'a' contained in the other: most of it found there,
 * while little of the other is found in it? 'a' and 'b' are the shares
 * of each text found in the other. */
static int contained(double a, double b)
{
    return (a >= 0.9 && b <= 0.6) || (a >= 0.6 && b <= 0.3);
}

/* Is the pair a copy at all? 'm' aligns x against c. */
static int is_copy(const sl__prov_match *m)
{
    double top = m->share_a > m->share_b ? m->share_a : m->share_b;
    double least = m->matched_a < m->matched_b ? m->matched_a : m->matched_b;

    if (top >= 0.6 && m->exact >= 0.8 && least >= 10) {
        return 1;
    }
    if (top >= 0.6 && m->sim >= 0.6 && m->npairs >= 4) {
        return 1;
    }
    return top >= 0.3 && m->npairs >= 3 && m->exact >= 0.5;
}

/* Orient the pair: returns 1 when x is the copy, 0 when c is. */
static int orient(const side *x,
                  const side *c,
                  const sl__prov_match *m,
                  const char **reason,
                  int *update)
{
    int dates = 0; /* 1: x is later by date, -1: c is later, 0: unknown */

    *update = 0;
    if (x->published_ms != 0 && c->published_ms != 0 &&
        x->published_ms != c->published_ms) {
        dates = x->published_ms > c->published_ms ? 1 : -1;
    }
    if (ieq(x->source, c->source) || ieq(x->url, c->url)) {
        *update = 1;
        *reason = "same outlet, later version";
        if (dates != 0) {
            return dates > 0;
        }
        return x->id > c->id;
    }
    int x_cites = mentions(x, c->url, 12), c_cites = mentions(c, x->url, 12);
    if (x_cites != c_cites) {
        *reason = "cites the other's URL";
        return x_cites;
    }
    /* The outlet's name, in the text or in the title kept from the
     * other's page ("... :: Other Outlet"). */
    int x_names = mentions(x, c->source, 4) || titled(x, c->source, 4),
        c_names = mentions(c, x->source, 4) || titled(c, x->source, 4);
    if (x_names != c_names) {
        *reason = "names the other's outlet";
        return x_names;
    }
    int x_site = names_site(x, c->url), c_site = names_site(c, x->url);
    if (x_site != c_site) {
        *reason = "names the other's site";
        return x_site;
    }
    if (m->exact >= 0.8 && contained(m->share_a, m->share_b)) {
        *reason = "contained in the other";
        return 1;
    }
    if (m->exact >= 0.8 && contained(m->share_b, m->share_a)) {
        *reason = "contains the other";
        return 0;
    }
    if (dates != 0) {
        /* A page taken whole keeps the other's date line: a text showing
         * the other's clock time, when the other does not show its own,
         * is the copy whatever its own date says. */
        int x_time = carries_time(x, c->published_ms) &&
                     !carries_time(x, x->published_ms),
            c_time = carries_time(c, x->published_ms) &&
                     !carries_time(c, c->published_ms);
        if (x_time != c_time) {
            *reason = "shows the other's date line";
            return x_time;
        }
        *reason = "earlier publication date";
        return dates > 0;
    }
    if (x->ingested_ms != c->ingested_ms && x->ingested_ms != 0 &&
        c->ingested_ms != 0) {
        *reason = "earlier ingest";
        return x->ingested_ms > c->ingested_ms;
    }
    *reason = "stored first";
    return x->id > c->id;
}

/* Kind of a copy given the shares of the copy and of the original. */
static const char *kind_of(const sl__prov_match *m,
                           double copy_share,
                           double orig_share,
                           int update)
{
    if (update) {
        return "update";
    }
    if (m->exact >= 0.8) {
        if (orig_share >= 0.8 && copy_share >= 0.8) {
            return "reprint";
        }
        if (copy_share >= 0.8 && m->runs <= 2) {
            return "excerpt";
        }
        return "partial";
    }
    if (copy_share >= 0.6) {
        return "spun";
    }
    return "partial";
}

static int add_json_num(sl_buf *b, const char *key, double v)
{
    return sl__buf_printf(b, ",\"%s\":%.3f", key, v);
}

/* Evidence of a link, as JSON (docs/schema.md). */
static int evidence(sl_buf *b,
                    const sl__prov_match *m,
                    const side *copy,
                    const side *orig,
                    int x_is_copy,
                    const verdict *v)
{
    const side *a = x_is_copy ? copy : orig; /* the aligned 'a' side: x */
    const side *bs = x_is_copy ? orig : copy;
    int rc;

    rc = sl__buf_printf(b, "{\"kind\":\"%s\"", v->kind);
    if (rc == SL_OK) {
        rc = add_json_num(b, "copy_share", x_is_copy ? m->share_a : m->share_b);
    }
    if (rc == SL_OK) {
        rc = add_json_num(b, "original_share",
                          x_is_copy ? m->share_b : m->share_a);
    }
    if (rc == SL_OK) {
        rc = add_json_num(b, "similarity", m->sim);
    }
    if (rc == SL_OK) {
        rc = add_json_num(b, "verbatim", m->exact);
    }
    if (rc == SL_OK) {
        rc = sl__buf_printf(b, ",\"sentences\":%zu,\"passages\":[", m->npairs);
    }
    /* Passages: runs of successive sentence matches, as byte spans. */
    size_t written = 0;
    for (size_t k = 0; rc == SL_OK && k < m->npairs;) {
        size_t e = k;
        while (e + 1 < m->npairs && m->pairs[e + 1].a == m->pairs[e].a + 1 &&
               m->pairs[e + 1].b > m->pairs[e].b &&
               m->pairs[e + 1].b <= m->pairs[e].b + 2) {
            e++;
        }
        const sl__prov_sent *a0 = &a->doc->sents[m->pairs[k].a];
        const sl__prov_sent *a1 = &a->doc->sents[m->pairs[e].a];
        const sl__prov_sent *b0 = &bs->doc->sents[m->pairs[k].b];
        const sl__prov_sent *b1 = &bs->doc->sents[m->pairs[e].b];
        size_t aoff = a0->off, alen = a1->off + a1->len - a0->off;
        size_t boff = b0->off, blen = b1->off + b1->len - b0->off;
        if (written < 32) {
            rc = sl__buf_printf(
                b, "%s{\"copy\":[%zu,%zu],\"original\":[%zu,%zu]}",
                written ? "," : "", x_is_copy ? aoff : boff,
                x_is_copy ? alen : blen, x_is_copy ? boff : aoff,
                x_is_copy ? blen : alen);
            written++;
        }
        k = e + 1;
    }
    if (rc == SL_OK) {
        rc = sl__buf_adds(b, "],\"anchors\":[");
    }
    /* Shared anchors (names, numbers) of the matched sentences, in
     * sentence order and hash order within one, each once, at most 16. */
    size_t nanch = 0;
    uint32_t seen[16];
    for (size_t k = 0; rc == SL_OK && k < m->npairs && nanch < 16; k++) {
        const sl__prov_sent *sa = &a->doc->sents[m->pairs[k].a];
        const sl__prov_sent *sb = &bs->doc->sents[m->pairs[k].b];
        const sl__prov_tok *ta = a->doc->toks + sa->tok;
        const sl__prov_tok *tb = bs->doc->toks + sb->tok;
        uint32_t i = 0, j = 0;
        while (rc == SL_OK && i < sa->ntok && j < sb->ntok && nanch < 16) {
            if (ta[i].h < tb[j].h) {
                i++;
                continue;
            }
            if (ta[i].h > tb[j].h) {
                j++;
                continue;
            }
            int dup = !(ta[i].flags & SL__PROV_TOK_ANCHOR);
            for (size_t s = 0; s < nanch && !dup; s++) {
                dup = seen[s] == ta[i].h;
            }
            if (!dup && ta[i].off + ta[i].len <= a->body_len) {
                seen[nanch] = ta[i].h;
                rc = sl__buf_adds(b, nanch ? "," : "");
                if (rc == SL_OK) {
                    rc =
                        sl__buf_add_json_str(b, a->body + ta[i].off, ta[i].len);
                }
                nanch++;
            }
            i++;
            j++;
        }
    }
    if (rc == SL_OK) {
        rc = sl__buf_adds(b, "],\"reason\":");
    }
    if (rc == SL_OK) {
        rc = sl__buf_add_json_str(b, v->reason, strlen(v->reason));
    }
    if (rc == SL_OK && v->date_disagrees) {
        rc = sl__buf_adds(b, ",\"dates_disagree\":true");
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(b, '}');
    }
    return rc;
}

/* Fill 'v' for the aligned copy pair (x, c). 'forced' names the reason
 * when x is already known to be the copy; NULL orients the pair here. */
static int judge(const side *x,
                 const side *c,
                 const sl__prov_match *m,
                 const char *forced,
                 verdict *v)
{
    sl_buf ev;
    int update = 0, rc;

    memset(v, 0, sizeof(*v));
    v->other = c->id;
    if (forced != NULL) {
        v->x_is_copy = 1;
        v->reason = forced;
    } else {
        v->x_is_copy = orient(x, c, m, &v->reason, &update);
    }
    if (x->published_ms && c->published_ms &&
        (x->published_ms > c->published_ms) != v->x_is_copy &&
        x->published_ms != c->published_ms) {
        v->date_disagrees = 1;
    }
    double copy_share = v->x_is_copy ? m->share_a : m->share_b;
    double orig_share = v->x_is_copy ? m->share_b : m->share_a;
    v->kind = kind_of(m, copy_share, orig_share, update);
    v->verbatim = m->exact;
    v->other_pub_ms = c->published_ms;
    v->score =
        (m->matched_a < m->matched_b ? m->matched_a : m->matched_b) * m->sim;
    sl__buf_init(&ev, 0);
    rc = evidence(&ev, m, v->x_is_copy ? x : c, v->x_is_copy ? c : x,
                  v->x_is_copy, v);
    if (rc == SL_OK) {
        v->evidence = sl__buf_detach(&ev, NULL);
        if (v->evidence == NULL) {
            rc = SL_ENOMEM;
        }
    }
    sl__buf_dispose(&ev);
    return rc;
}

/* Compare x with candidate article 'cid'; fill 'v' when it is a copy,
 * oriented by 'forced' when not NULL (see judge()). */
static int verify(sl_store *st,
                  const side *x,
                  int64_t cid,
                  sl__prov_match *m,
                  const char *forced,
                  verdict *v,
                  int *related)
{
    sl_stored_article *a = NULL;
    sl__prov_cache *cache = NULL;
    const sl__prov_doc *cdoc = NULL;
    side c;
    int rc;

    *related = 0;
    rc = cache_of(st, &cache);
    if (rc < 0) {
        return rc;
    }
    rc = st->ops->get(st, cid, 0, &a);
    if (rc == SL_ENOTFOUND) {
        return SL_OK;
    }
    if (rc < 0) {
        return rc;
    }
    memset(&c, 0, sizeof(c));
    c.id = cid;
    c.published_ms = a->published_ms;
    c.ingested_ms = a->ingested_ms;
    c.source = a->source;
    c.url = a->url;
    c.title = a->title;
    c.body = a->body ? a->body : "";
    c.body_len = strlen(c.body);
    rc = analysed(cache, cid, c.body, c.body_len, &cdoc);
    c.doc = cdoc;
    if (rc == SL_OK) {
        rc = sl__prov_align(m, x->doc, cdoc);
    }
    if (rc < 0 || !is_copy(m)) {
        sl_stored_article_free(a);
        return rc;
    }
    rc = judge(x, &c, m, forced, v);
    sl_stored_article_free(a);
    if (rc == SL_OK) {
        *related = 1;
    }
    return rc;
}

/*---- Families ----*/

static int root_of(sl_store *st, int64_t id, int64_t *out)
{
    int64_t original = 0, parent = 0;
    int rc = st->ops->prov->link_get(st, id, &original, &parent);

    if (rc == SL_OK) {
        *out = original ? original : id;
    }
    return rc;
}

static int
link(sl_store *st, int64_t copy, int64_t root, int64_t parent, const verdict *v)
{
    sl__prov_link l;

    l.copy = copy;
    l.original = root;
    l.parent = parent;
    l.kind = v->kind;
    l.evidence = v->evidence;
    return st->ops->prov->link_put(st, &l);
}

/* The verdict x is linked by: the best-scoring one where x is the copy,
 * or NULL. */
static verdict *best_verdict(verdict *vs, size_t n)
{
    verdict *best = NULL;

    for (size_t i = 0; i < n; i++) {
        if (vs[i].x_is_copy && (best == NULL || vs[i].score > best->score)) {
            best = &vs[i];
        }
    }
    return best;
}

static int apply(sl_store *st, int64_t xid, verdict *vs, size_t n)
{
    const sl__prov_ops *ops = st->ops->prov;
    int64_t root = xid, cur_orig = 0, cur_parent = 0;
    verdict *best = best_verdict(vs, n);
    int rc;

    rc = ops->link_get(st, xid, &cur_orig, &cur_parent);
    if (rc < 0) {
        return rc;
    }
    if (cur_orig != 0) {
        root = cur_orig; /* a revision keeps the link it has */
    } else if (best != NULL) {
        rc = root_of(st, best->other, &root);
        if (rc < 0) {
            return rc;
        }
        if (root == xid) {
            root = xid; /* contradictory orientation: stay a root */
        } else {
            rc = link(st, xid, root, best->other, best);
            if (rc < 0) {
                return rc;
            }
            /* X's own copies (if X was a root) follow it. */
            rc = ops->reroot(st, xid, root);
            if (rc < 0) {
                return rc;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        int64_t croot = 0;
        if (vs[i].x_is_copy) {
            continue;
        }
        rc = root_of(st, vs[i].other, &croot);
        if (rc < 0) {
            return rc;
        }
        if (croot == root || vs[i].other == root) {
            continue;
        }
        if (croot != vs[i].other) {
            /* Already a copy of another root: that root, if it copies X
             * too, moves with its family when its turn comes. */
            continue;
        }
        /* A root that copies X: X's root takes over its family. */
        rc = link(st, vs[i].other, root, xid, &vs[i]);
        if (rc == SL_OK) {
            rc = ops->reroot(st, vs[i].other, root);
        }
        if (rc < 0) {
            return rc;
        }
    }
    return SL_OK;
}

/*---- Family timing ----*/

/* A family's copies mostly follow their original within hours. When the
 * root's date precedes a member whose own date many members follow
 * closely, and the root was put first by its date alone, the root's clock
 * is the likelier one to be wrong: the member takes over the family. */
#define SL__PROV_FOLLOW_MS (3 * 3600 * 1000LL)
/* A wrong clock or time zone puts a date off by hours, not days (offsets
 * span -12..+14 h): a root dated more than a day before the member that
 * would replace it is a genuine earlier original, whatever burst of
 * copies follows later. */
#define SL__PROV_SKEW_MAX_MS (24 * 3600 * 1000LL)
#define SL__PROV_FOLLOW_MORE 3
#define SL__PROV_FOLLOW_RANK 3

typedef struct member {
    int64_t id, published_ms;
    int by_date; /* linked to the family by its date alone */
} member;

typedef struct family {
    member *v;
    size_t n, cap;
} family;

static int
on_member(int64_t id, int64_t published_ms, const char *evidence, void *payload)
{
    family *f = payload;

    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        member *v = sl__realloc(f->v, cap * sizeof(*v));
        if (v == NULL) {
            return SL_ENOMEM;
        }
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n].id = id;
    f->v[f->n].published_ms = published_ms;
    f->v[f->n].by_date =
        evidence != NULL &&
        strstr(evidence, "\"reason\":\"earlier publication date\"") != NULL;
    f->n++;
    return 0;
}

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;

    if (x->published_ms != y->published_ms) {
        return x->published_ms < y->published_ms ? -1 : 1;
    }
    return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* Members dated after member i and at most SL__PROV_FOLLOW_MS later. */
static size_t followers(const family *f, size_t i)
{
    size_t n = 0;

    for (size_t j = i + 1; j < f->n; j++) {
        int64_t d = f->v[j].published_ms - f->v[i].published_ms;
        if (d > SL__PROV_FOLLOW_MS) {
            break;
        }
        n += d > 0;
    }
    return n;
}

/* Member 'to' takes over the family of 'root': the root becomes its
 * copy, aligned again so that the evidence describes the new pair. */
static int take_over(sl_store *st, int64_t root, int64_t to, const char *why)
{
    const sl__prov_ops *ops = st->ops->prov;
    sl_stored_article *a = NULL;
    sl__prov_doc d;
    sl__prov_match m;
    verdict v = { 0 };
    side x;
    int related = 0, rc;

    rc = st->ops->get(st, root, 0, &a);
    if (rc < 0) {
        return rc == SL_ENOTFOUND ? SL_OK : rc;
    }
    memset(&x, 0, sizeof(x));
    x.id = root;
    x.published_ms = a->published_ms;
    x.ingested_ms = a->ingested_ms;
    x.source = a->source;
    x.url = a->url;
    x.title = a->title;
    x.body = a->body ? a->body : "";
    x.body_len = strlen(x.body);
    x.doc = &d;
    sl__prov_doc_init(&d);
    sl__prov_match_init(&m);
    rc = sl__prov_doc_build(&d, x.body, x.body_len);
    if (rc == SL_OK) {
        rc = verify(st, &x, to, &m, why, &v, &related);
    }
    if (rc == SL_OK && related) {
        rc = link(st, root, to, to, &v);
        if (rc == SL_OK) {
            rc = ops->reroot(st, root, to);
        }
        if (rc == SL_OK) {
            rc = ops->link_del(st, to);
        }
    }
    sl__free(v.evidence);
    sl__prov_match_dispose(&m);
    sl__prov_doc_dispose(&d);
    sl_stored_article_free(a);
    return rc;
}

/* Re-root article 'root''s family when its timing says so (see above). */
static int review_family(sl_store *st, int64_t root)
{
    const sl__prov_ops *ops = st->ops->prov;
    family f = { 0 };
    size_t iroot = 0, pick = 0, nroot = 0;
    int rc;

    rc = ops->family(st, root, on_member, &f);
    if (rc != SL_OK || f.n < SL__PROV_FOLLOW_MORE + 2) {
        sl__free(f.v);
        return rc < 0 ? rc : SL_OK;
    }
    qsort(f.v, f.n, sizeof(*f.v), cmp_member);
    while (iroot < f.n && f.v[iroot].id != root) {
        iroot++;
    }
    if (iroot < f.n && f.v[iroot].published_ms != 0) {
        nroot = followers(&f, iroot);
        for (size_t i = iroot + 1; i < f.n && i < SL__PROV_FOLLOW_RANK; i++) {
            size_t k = followers(&f, i);
            int64_t gap = f.v[i].published_ms - f.v[iroot].published_ms;
            if (f.v[i].by_date && gap > 0 && gap <= SL__PROV_SKEW_MAX_MS &&
                k >= nroot + SL__PROV_FOLLOW_MORE) {
                pick = i;
                break;
            }
        }
    }
    if (pick != 0) {
        rc = take_over(st, root, f.v[pick].id,
                       "family timing: the family follows the other's date");
    }
    sl__free(f.v);
    return rc;
}

/*---- Rewritten roots ----*/

/* Published date of article 'id' (0 if unknown or missing). */
static int published_of(sl_store *st, int64_t id, int64_t *out)
{
    return st->ops->prov->published(st, id, out);
}

/* Skewed clocks also put a rewrite before the text it rewrites. When x
 * copies member P of a family word for word, while P was linked to the
 * root as its spun rewrite by date alone and within a clock error of it,
 * the family is copying P's words, not the root's: a spun text is rarely
 * reprinted, so P is the original and the root its rewrite. */
#define SPUN_PREFIX "{\"kind\":\"spun\","

static int review_rewrite(sl_store *st, const verdict *best, int64_t root)
{
    const sl__prov_ops *ops = st->ops->prov;
    int64_t porig = 0, pparent = 0, root_ms = 0;
    sl_buf ev;
    int rc;

    if (best == NULL || best->verbatim < 0.8 || best->other == root) {
        return SL_OK;
    }
    rc = ops->link_get(st, best->other, &porig, &pparent);
    if (rc < 0 || porig != root || pparent != root) {
        return rc;
    }
    sl__buf_init(&ev, 0);
    rc = ops->link_evidence(st, best->other, &ev);
    if (rc == SL_OK) {
        rc = sl__buf_addc(&ev, '\0');
    }
    if (rc == SL_OK && strncmp(ev.ptr, SPUN_PREFIX, strlen(SPUN_PREFIX)) == 0 &&
        strstr(ev.ptr, "\"reason\":\"earlier publication date\"") != NULL) {
        rc = published_of(st, root, &root_ms);
        int64_t gap = best->other_pub_ms - root_ms;
        if (rc == SL_OK && root_ms != 0 && gap > 0 &&
            gap <= SL__PROV_SKEW_MAX_MS) {
            rc = take_over(st, root, best->other,
                           "rewrite: the family copies the other's words");
        }
    }
    sl__buf_dispose(&ev);
    return rc;
}

/*---- Entry points ----*/

/* Does the family of 'root' need a timing review after x joined it?
 * review_family() only moves a family to a member dated within
 * SL__PROV_SKEW_MAX_MS of the root, on the strength of the members
 * that follow it within SL__PROV_FOLLOW_MS: an article dated later than
 * both windows cannot change its outcome. */
static int needs_review(sl_store *st, const side *x, int64_t root, int *out)
{
    int64_t root_ms = 0;
    int rc;

    *out = 1;
    if (root == x->id || x->published_ms == 0) {
        return SL_OK;
    }
    rc = published_of(st, root, &root_ms);
    if (rc == SL_OK && root_ms != 0 &&
        x->published_ms - root_ms > SL__PROV_SKEW_MAX_MS + SL__PROV_FOLLOW_MS) {
        *out = 0;
    }
    return rc;
}

static int detect(sl_store *st, const side *x)
{
    cand cands[SL__PROV_MAX_CANDIDATES];
    int64_t roots[SL__PROV_MAX_CANDIDATES];
    verdict vs[SL__PROV_MAX_CANDIDATES];
    size_t ncand = 0, nv = 0;
    sl__prov_match m;
    int rc;

    sl__postings idx;

    sl__postings_init(&idx);
    sl__prov_match_init(&m);
    rc = sl__postings_load(st, &idx, x->doc->fps, x->doc->nindex);
    if (rc == SL_OK) {
        rc = find_candidates(x->doc, &idx, x->id, cands, &ncand);
    }
    for (size_t i = 0; rc == SL_OK && i < ncand; i++) {
        rc = root_of(st, cands[i].id, &roots[i]);
    }
    for (size_t i = 0; rc == SL_OK && i < ncand; i++) {
        int related = 0;
        /* Members of one family say much the same of x: verify every
         * root, but only the SL__PROV_FAMILY_VERIFY members of a family
         * that share most fingerprints with x. */
        if (roots[i] != cands[i].id) {
            size_t seen = 0;
            for (size_t j = 0; j < i; j++) {
                seen += roots[j] == roots[i] && cands[j].id != roots[j];
            }
            if (seen >= SL__PROV_FAMILY_VERIFY) {
                continue;
            }
        }
        rc = verify(st, x, cands[i].id, &m, NULL, &vs[nv], &related);
        if (rc == SL_OK && related) {
            nv++;
        }
    }
    if (rc == SL_OK && nv > 0) {
        rc = apply(st, x->id, vs, nv);
    }
    if (rc == SL_OK && nv > 0) {
        int64_t root = 0;
        int review = 1;
        rc = root_of(st, x->id, &root);
        if (rc == SL_OK && root != x->id) {
            rc = review_rewrite(st, best_verdict(vs, nv), root);
            if (rc == SL_OK) {
                rc = root_of(st, x->id, &root);
            }
        }
        if (rc == SL_OK) {
            rc = needs_review(st, x, root, &review);
        }
        if (rc == SL_OK && review) {
            rc = review_family(st, root);
        }
    }
    if (rc == SL_OK) {
        rc = sl__postings_add(st, &idx, x->doc->fps, x->doc->nindex, x->id,
                              SL__PROV_KEEP_DF);
    }
    for (size_t i = 0; i < nv; i++) {
        sl__free(vs[i].evidence);
    }
    sl__postings_dispose(&idx);
    sl__prov_match_dispose(&m);
    return rc;
}

/* Index the stored revisions again, but for the one being put: once,
 * when the postings were dropped by a change of their layout (the
 * header says stale). Detection is not run again; links stay. */
typedef struct reindex_ctx {
    sl_store *st;
    int64_t skip_id;
    int skip_rev;
    sl__postings idx;
    sl__prov_doc doc;
} reindex_ctx;

static int reindex_one(int64_t article_id, int rev, void *payload)
{
    reindex_ctx *r = payload;
    sl_stored_article *a = NULL;
    int rc;

    if (article_id == r->skip_id && rev == r->skip_rev) {
        return 0;
    }
    rc = r->st->ops->get(r->st, article_id, rev, &a);
    if (rc < 0) {
        return rc;
    }
    const char *body = a->body ? a->body : "";
    rc = sl__prov_doc_build(&r->doc, body, strlen(body));
    if (rc == SL_OK) {
        rc = sl__postings_load(r->st, &r->idx, r->doc.fps, r->doc.nindex);
    }
    if (rc == SL_OK) {
        rc = sl__postings_add(r->st, &r->idx, r->doc.fps, r->doc.nindex,
                              article_id, SL__PROV_KEEP_DF);
    }
    sl_stored_article_free(a);
    return rc;
}

static int index_if_stale(sl_store *st, int64_t article_id, int rev)
{
    reindex_ctx r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.st = st;
    r.skip_id = article_id;
    r.skip_rev = rev;
    sl__postings_init(&r.idx);
    rc = sl__postings_load(st, &r.idx, NULL, 0);
    if (rc == SL_OK && r.idx.stale) {
        sl__prov_doc_init(&r.doc);
        rc = st->ops->prov->revisions(st, reindex_one, &r);
        if (rc == SL_OK) {
            rc = sl__postings_load(st, &r.idx, NULL, 0);
        }
        if (rc == SL_OK) {
            rc = sl__postings_mark_live(st, &r.idx);
        }
        sl__prov_doc_dispose(&r.doc);
    }
    sl__postings_dispose(&r.idx);
    return rc;
}

int sl__prov_on_put(sl_store *st,
                    int64_t article_id,
                    int rev,
                    const sl_store_input *in,
                    int64_t published_ms)
{
    sl__prov_doc d;
    side x;
    int rc;

    if (st->ops->prov == NULL) {
        return SL_OK;
    }
    rc = index_if_stale(st, article_id, rev);
    if (rc < 0) {
        return rc;
    }
    memset(&x, 0, sizeof(x));
    x.id = article_id;
    x.published_ms = published_ms;
    x.ingested_ms = in->ingested_ms;
    x.source = in->source;
    x.url = in->url;
    x.title = in->title;
    x.body = in->body ? in->body : "";
    x.body_len = strlen(x.body);
    sl__prov_doc_init(&d);
    rc = sl__prov_doc_build(&d, x.body, x.body_len);
    x.doc = &d;
    if (rc == SL_OK) {
        rc = detect(st, &x);
    }
    if (rc == SL_OK) {
        /* Later texts are verified against this one: keep its analysis. */
        sl__prov_cache *cache = NULL;
        rc = cache_of(st, &cache);
        if (rc == SL_OK) {
            cache_keep(cache, article_id, x.body, x.body_len, &d);
        }
    }
    sl__prov_doc_dispose(&d);
    return rc;
}

typedef struct rebuild_ctx {
    sl_store *st;
    size_t done;
} rebuild_ctx;

static int rebuild_one(int64_t article_id, int rev, void *payload)
{
    rebuild_ctx *r = payload;
    sl_stored_article *a = NULL;
    sl_store_input in;
    int rc;

    rc = r->st->ops->get(r->st, article_id, rev, &a);
    if (rc < 0) {
        return rc;
    }
    memset(&in, 0, sizeof(in));
    in.url = a->url;
    in.title = a->title;
    in.source = a->source;
    in.body = a->body;
    in.ingested_ms = a->ingested_ms;
    rc = sl__prov_on_put(r->st, article_id, rev, &in, a->published_ms);
    sl_stored_article_free(a);
    r->done++;
    return rc;
}

int sl_copies_rebuild(sl_store *st, size_t *out_articles)
{
    rebuild_ctx r = { st, 0 };
    int rc;

    if (st->ops->prov == NULL) {
        return sl__store_seterr(st, SL_EDB, "no provenance index here");
    }
    rc = st->ops->prov->clear(st);
    if (rc == SL_OK) {
        rc = st->ops->prov->revisions(st, rebuild_one, &r);
    }
    if (out_articles != NULL) {
        *out_articles = r.done;
    }
    return rc;
}

int sl_copies_list(sl_store *st,
                   int64_t article_id,
                   sl_copy_cb cb,
                   void *payload)
{
    if (st->ops->prov == NULL) {
        return sl__store_seterr(st, SL_EDB, "no provenance index here");
    }
    return st->ops->prov->list(st, article_id, cb, payload);
}

int sl_copies_index_bytes(sl_store *st, int64_t *out)
{
    if (st->ops->prov == NULL) {
        return SL_ENOTFOUND;
    }
    return st->ops->prov->index_bytes(st, out);
}
