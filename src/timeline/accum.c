/*
 * accum.c - the timeline accumulator: options, adding articles, the
 * bounded day table and the bounded sentence pools (see
 * include/storyline/timeline.h for the method, accum.h for the state).
 *
 * Day scores, in quarter units (4 = one article):
 *   4 * articles published that day
 * + the weight of each article's mentions of the day, counted once per
 *   article (4 for a day written out or relative, 2 for a bare weekday),
 *   from articles published after it (a mention of the publication day
 *   itself adds nothing the publication count does not say)
 * + half that weight again when the mention is in the article's title or
 *   first three sentences
 * + 2 for each distinct publication day that mentions it.
 * The weights were set on the T17 development timelines by hand; every
 * family helps there (publication counts alone rank days clearly worse
 * than with mentions), and the result is flat around these values.
 */
#include "accum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "storyline/common.h"
#include "util/alloc.h"

#define MS_PER_DAY INT64_C(86400000)

/* Sentences of an article's body that count as its lead. */
#define LEAD_MENTION_SENTENCES 3
/* Sentences of an article offered to its publication day's pool. */
#define LEAD_POOL_SENTENCES 2
/* Shortest sentence offered to a pool: bytes and stems. */
#define MIN_SENTENCE_BYTES 20
#define MIN_SENTENCE_TERMS 4
/* Distinct days one article may mention; more are ignored. */
#define MAX_ARTICLE_DAYS 256

int32_t sl__timeline_day_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void sl__timeline_civil_from_day(int32_t day, int *y, int *m, int *d)
{
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

uint64_t sl__timeline_score(const tl_day *d)
{
    return 4 * (uint64_t)d->pubs + d->men_q + d->lead_q +
           2 * (uint64_t)d->ref_days;
}

static size_t common_terms(const tl_sent *a, const tl_sent *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->nterms && j < b->nterms) {
        if (a->terms[i] == b->terms[j]) {
            n++;
            i++;
            j++;
        } else if (a->terms[i] < b->terms[j]) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

double sl__timeline_cosine(const tl_sent *a, const tl_sent *b)
{
    if (a->nterms == 0 || b->nterms == 0) {
        return 0.0;
    }
    double n = (double)common_terms(a, b);
    return n / sqrt((double)a->nterms * (double)b->nterms);
}

double sl__timeline_jaccard(const tl_sent *a, const tl_sent *b)
{
    size_t n = common_terms(a, b);
    size_t u = (size_t)a->nterms + b->nterms - n;
    return u ? (double)n / (double)u : 0.0;
}

int sl__timeline_resolve(sl_timeline_options *o)
{
    if (o->max_days == 0) {
        o->max_days = 1024;
    }
    if (o->pool_size == 0) {
        o->pool_size = 12;
    }
    if (o->max_sentence_bytes == 0) {
        o->max_sentence_bytes = 300;
    }
    if (o->max_terms == 0) {
        o->max_terms = 48;
    }
    if (o->max_sentences == 0) {
        o->max_sentences = 300;
    }
    if (o->max_days > TL_MAX_DAYS_CAP || o->pool_size > TL_POOL_CAP ||
        o->max_sentence_bytes > TL_SENTENCE_CAP ||
        o->max_terms > TL_TERMS_CAP || o->max_sentences > TL_SENTENCES_CAP) {
        return SL_EINVAL;
    }
    return SL_OK;
}

int sl__timeline_alloc(sl_timeline **out,
                       const sl_timeline_options *o,
                       const char *language,
                       const char *timex_language)
{
    sl_timeline *tl = sl__calloc(1, sizeof(*tl));
    int rc;

    *out = NULL;
    if (tl == NULL) {
        return SL_ENOMEM;
    }
    tl->max_days = o->max_days;
    tl->pool_size = o->pool_size;
    tl->max_sentence_bytes = o->max_sentence_bytes;
    tl->max_terms = o->max_terms;
    tl->max_sentences = o->max_sentences;
    /* The temporal expression rules (about 45 us to read) are read at
     * the first add: an accumulator loaded only to be rendered, saved or
     * merged never needs them. */
    rc = sl__ctext_new(&tl->ctext, language);
    if (rc == SL_OK && timex_language != NULL) {
        tl->timex_language = sl__strdup(timex_language);
        rc = tl->timex_language == NULL ? SL_ENOMEM : SL_OK;
    }
    if (rc != SL_OK) {
        sl__ctext_free(tl->ctext);
        sl__free(tl);
        return rc;
    }
    *out = tl;
    return SL_OK;
}

int sl_timeline_new(sl_timeline **out, const sl_timeline_options *opts)
{
    sl_timeline_options o = { 0 };

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (sl__timeline_resolve(&o) != SL_OK) {
        return SL_EINVAL;
    }
    return sl__timeline_alloc(out, &o, o.language, o.timex_language);
}

void sl__timeline_sent_dispose(tl_sent *s)
{
    sl__free(s->text);
    sl__free(s->terms);
    memset(s, 0, sizeof(*s));
}

void sl__timeline_day_dispose(tl_day *d)
{
    for (uint32_t i = 0; i < d->npool; i++) {
        sl__timeline_sent_dispose(&d->pool[i]);
    }
    sl__free(d->pool);
    memset(d, 0, sizeof(*d));
}

void sl_timeline_free(sl_timeline *tl)
{
    if (tl == NULL) {
        return;
    }
    for (size_t i = 0; i < tl->ndays; i++) {
        sl__timeline_day_dispose(&tl->days[i]);
    }
    sl__free(tl->days);
    sl__ctext_free(tl->ctext);
    sl_timex_rules_free(tl->rules);
    sl__free(tl->timex_language);
    sl__free(tl);
}

uint64_t sl_timeline_article_count(const sl_timeline *tl)
{
    return tl->articles;
}

size_t sl_timeline_day_count(const sl_timeline *tl)
{
    return tl->ndays;
}

/* Index of 'day' in tl->days, or where it would go (with *found = 0). */
static size_t find_day(const sl_timeline *tl, int32_t day, int *found)
{
    size_t lo = 0, hi = tl->ndays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->days[mid].day < day) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = lo < tl->ndays && tl->days[lo].day == day;
    return lo;
}

/* The day's entry, created (evicting the lowest-scored day, the oldest
 * among equals, when the table is full). */
static int get_day(tl_day **out, sl_timeline *tl, int32_t day)
{
    int found;
    size_t at = find_day(tl, day, &found);

    if (found) {
        *out = &tl->days[at];
        return SL_OK;
    }
    if (tl->ndays >= tl->max_days) {
        size_t worst = 0;
        uint64_t ws = UINT64_MAX;
        for (size_t i = 0; i < tl->ndays; i++) {
            uint64_t s = sl__timeline_score(&tl->days[i]);
            if (s < ws) {
                ws = s;
                worst = i;
            }
        }
        sl__timeline_day_dispose(&tl->days[worst]);
        memmove(&tl->days[worst], &tl->days[worst + 1],
                (tl->ndays - worst - 1) * sizeof(tl_day));
        tl->ndays--;
        at = find_day(tl, day, &found);
    }
    if (tl->ndays == tl->cap) {
        size_t ncap = tl->cap ? tl->cap * 2 : 16;
        if (ncap > tl->max_days) {
            ncap = tl->max_days;
        }
        tl_day *p = sl__realloc(tl->days, ncap * sizeof(tl_day));
        if (p == NULL) {
            return SL_ENOMEM;
        }
        tl->days = p;
        tl->cap = ncap;
    }
    memmove(&tl->days[at + 1], &tl->days[at],
            (tl->ndays - at) * sizeof(tl_day));
    memset(&tl->days[at], 0, sizeof(tl_day));
    tl->days[at].day = day;
    tl->ndays++;
    *out = &tl->days[at];
    return SL_OK;
}

/* One distinct day an article mentions. */
typedef struct art_day {
    int32_t day;
    uint32_t weight_q;
    int lead;
} art_day;

/* A sentence of the article being added, with its stems once computed. */
typedef struct art_sent {
    size_t start, end;
    tl_sent s; /* text points into the article until copied */
    int done;  /* terms computed */
} art_sent;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Compute the sorted distinct stem hashes of a sentence. */
static int sent_terms(sl_timeline *tl, art_sent *as, const char *text)
{
    uint64_t h[TL_TERMS_CAP];
    size_t n = 0;

    if (as->done) {
        return SL_OK;
    }
    as->done = 1;
    if (sl__ctext_terms(h, &n, tl->max_terms, tl->ctext, text + as->start,
                        as->end - as->start, 4 * tl->max_terms, 0) < 0) {
        return SL_ENOMEM;
    }
    if (n == 0) {
        return SL_OK;
    }
    uint32_t *t = sl__malloc(n * sizeof(uint32_t));
    if (t == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        t[i] = (uint32_t)(h[i] ^ (h[i] >> 32));
    }
    qsort(t, n, sizeof(uint32_t), cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || t[k - 1] != t[i]) {
            t[k++] = t[i];
        }
    }
    as->s.terms = t;
    as->s.nterms = (uint32_t)k;
    return SL_OK;
}

/* Centrality of pool member 'i' among 'n' sentences (one of which may be
 * 'extra', at index n - 1 when given). */
static double
centrality(const tl_sent *pool, size_t n, const tl_sent *extra, size_t i)
{
    const tl_sent *a = (extra && i == n - 1) ? extra : &pool[i];
    double c = (double)(a->weight - 1);
    for (size_t j = 0; j < n; j++) {
        if (j == i) {
            continue;
        }
        const tl_sent *b = (extra && j == n - 1) ? extra : &pool[j];
        c += sl__timeline_cosine(a, b) * (double)b->weight;
    }
    return c;
}

double sl__timeline_centrality(const tl_day *d, size_t i)
{
    return centrality(d->pool, d->npool, NULL, i);
}

static int copy_sent(tl_sent *dst, const tl_sent *src, const char *text)
{
    memset(dst, 0, sizeof(*dst));
    dst->text = sl__strndup(text, src->len);
    dst->terms = sl__malloc((src->nterms ? src->nterms : 1) * sizeof(uint32_t));
    if (dst->text == NULL || dst->terms == NULL) {
        sl__free(dst->text);
        sl__free(dst->terms);
        dst->text = NULL;
        dst->terms = NULL;
        return SL_ENOMEM;
    }
    memcpy(dst->terms, src->terms, src->nterms * sizeof(uint32_t));
    dst->len = src->len;
    dst->nterms = src->nterms;
    dst->weight = src->weight;
    dst->flags = src->flags;
    dst->pub_day = src->pub_day;
    return SL_OK;
}

/* Offer a sentence to a day's pool: a copy raises the weight of the one
 * it copies; otherwise it joins, pushing out the least central sentence
 * when the pool is full (or is not kept if it is the least central). */
static int offer(sl_timeline *tl,
                 tl_day *d,
                 const tl_sent *s,
                 const char *text,
                 uint32_t flags,
                 uint32_t weight)
{
    for (uint32_t i = 0; i < d->npool; i++) {
        if (sl__timeline_jaccard(&d->pool[i], s) >= TL_COPY_JACCARD) {
            uint32_t w = d->pool[i].weight + weight;
            d->pool[i].weight = w < TL_WEIGHT_CAP ? w : TL_WEIGHT_CAP;
            d->pool[i].flags |= flags;
            return SL_OK;
        }
    }
    if (d->pool == NULL) {
        d->pool = sl__calloc(tl->pool_size, sizeof(tl_sent));
        if (d->pool == NULL) {
            return SL_ENOMEM;
        }
    }
    tl_sent cand = *s;
    cand.flags = flags;
    cand.weight = weight;
    size_t slot = d->npool;
    if (d->npool >= tl->pool_size) {
        size_t n = d->npool + 1;
        double worst = centrality(d->pool, n, &cand, n - 1);
        slot = SIZE_MAX; /* the candidate is the least central so far */
        for (size_t i = 0; i < d->npool; i++) {
            double c = centrality(d->pool, n, &cand, i);
            if (c < worst) {
                worst = c;
                slot = i;
            }
        }
        if (slot == SIZE_MAX) {
            return SL_OK;
        }
        tl_sent fresh;
        if (copy_sent(&fresh, &cand, text) != SL_OK) {
            return SL_ENOMEM;
        }
        sl__timeline_sent_dispose(&d->pool[slot]);
        d->pool[slot] = fresh;
        return SL_OK;
    }
    if (copy_sent(&d->pool[slot], &cand, text) != SL_OK) {
        return SL_ENOMEM;
    }
    d->npool++;
    return SL_OK;
}

/* Record that the article mentions 'day' with 'weight_q'. */
static void note_day(art_day *v, size_t *n, int32_t day, uint32_t w, int lead)
{
    for (size_t i = 0; i < *n; i++) {
        if (v[i].day == day) {
            if (w > v[i].weight_q) {
                v[i].weight_q = w;
            }
            v[i].lead |= lead;
            return;
        }
    }
    if (*n < MAX_ARTICLE_DAYS) {
        v[*n].day = day;
        v[*n].weight_q = w;
        v[*n].lead = lead;
        (*n)++;
    }
}

/* Count one article's mention of 'ad' published on 'pub'. */
static int count_mention(sl_timeline *tl, const art_day *ad, int32_t pub)
{
    tl_day *d;
    int rc = get_day(&d, tl, ad->day);
    if (rc != SL_OK) {
        return rc;
    }
    d->men_q += ad->weight_q;
    if (ad->lead) {
        d->lead_q += ad->weight_q / 2;
    }
    for (uint32_t i = 0; i < d->nrecent; i++) {
        if (d->recent[i] == pub) {
            return SL_OK;
        }
    }
    d->ref_days++;
    if (d->nrecent == TL_RECENT) {
        memmove(&d->recent[0], &d->recent[1],
                (TL_RECENT - 1) * sizeof(int32_t));
        d->nrecent--;
    }
    d->recent[d->nrecent++] = pub;
    return SL_OK;
}

static int sentence_ok(const sl_timeline *tl, const art_sent *as)
{
    size_t n = as->end - as->start;
    return n >= MIN_SENTENCE_BYTES && n <= tl->max_sentence_bytes;
}

/* Offer sentence 'as' to the pool of 'day', if that day is tracked. */
static int offer_to(sl_timeline *tl,
                    int32_t day,
                    art_sent *as,
                    const char *body,
                    int32_t pub,
                    uint32_t flags)
{
    int found;
    size_t at = find_day(tl, day, &found);
    int rc;

    if (!found || !sentence_ok(tl, as)) {
        return SL_OK;
    }
    rc = sent_terms(tl, as, body);
    if (rc != SL_OK) {
        return rc;
    }
    if (as->s.nterms < MIN_SENTENCE_TERMS) {
        return SL_OK;
    }
    as->s.len = (uint32_t)(as->end - as->start);
    as->s.pub_day = pub;
    return offer(tl, &tl->days[at], &as->s, body + as->start, flags, 1);
}

int sl_timeline_add(sl_timeline *tl, const sl_timeline_article *a)
{
    return sl_timeline_add_many(&tl, 1, a);
}

int sl_timeline_add_many(sl_timeline *const *tls,
                         size_t count,
                         const sl_timeline_article *a)
{
    art_day *days = NULL;
    size_t ndays = 0;
    tl_span *spans = NULL;
    size_t nspans = 0;
    art_sent *sents = NULL;
    tl_mention *m = NULL;
    size_t nm = 0;
    /* Mentions per sentence, as (sentence, day) pairs. */
    struct pair {
        uint32_t sent;
        int32_t day;
    } *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    const char *body = a->body ? a->body : "";
    size_t body_len = a->body ? a->body_len : 0;
    int rc;

    if (a->published_ms == 0) {
        return SL_EINVAL;
    }
    if (count == 0) {
        return SL_OK;
    }
    /* The article is read once, with the first accumulator's rules. */
    sl_timeline *tl = tls[0];
    int64_t pd = a->published_ms / MS_PER_DAY;
    if (a->published_ms % MS_PER_DAY < 0) {
        pd--;
    }
    if (pd < TL_DAY_MIN || pd > TL_DAY_MAX) {
        return SL_EINVAL;
    }
    int32_t pub = (int32_t)pd;

    if (!tl->rules_read) {
        rc = sl_timex_rules_new(&tl->rules, tl->timex_language);
        if (rc == SL_ENOTFOUND) {
            tl->rules = NULL;
            rc = SL_OK;
        }
        if (rc != SL_OK) {
            return rc;
        }
        tl->rules_read = 1;
    }
    days = sl__malloc(MAX_ARTICLE_DAYS * sizeof(art_day));
    if (days == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    if (a->title != NULL && a->title_len > 0) {
        rc = sl__timeline_mentions(&m, &nm, tl->rules, a->title, a->title_len,
                                   a->published_ms);
        if (rc != SL_OK) {
            goto out;
        }
        for (size_t k = 0; k < nm; k++) {
            if (m[k].day < pub && m[k].day >= TL_DAY_MIN) {
                note_day(days, &ndays, m[k].day, m[k].weight_q, 1);
            }
        }
        sl__free(m);
        m = NULL;
    }
    rc = sl__timeline_sentences(&spans, &nspans, body, body_len,
                                tl->max_sentences);
    if (rc != SL_OK) {
        goto out;
    }
    sents = sl__calloc(nspans ? nspans : 1, sizeof(art_sent));
    if (sents == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < nspans; i++) {
        sents[i].start = spans[i].start;
        sents[i].end = spans[i].end;
    }
    rc = sl__timeline_mentions(&m, &nm, tl->rules, body, body_len,
                               a->published_ms);
    if (rc != SL_OK) {
        goto out;
    }
    size_t si = 0; /* the sentence holding mention k (both in text order) */
    for (size_t k = 0; k < nm; k++) {
        int32_t day = m[k].day;
        while (si < nspans && spans[si].end <= m[k].start) {
            si++;
        }
        if (si >= nspans) {
            break; /* past the sentences read */
        }
        if (day > pub || day < TL_DAY_MIN) {
            continue; /* the future is announced, not reported */
        }
        if (day < pub) {
            note_day(days, &ndays, day, m[k].weight_q,
                     si < LEAD_MENTION_SENTENCES);
        }
        if (m[k].start < spans[si].start) {
            continue; /* between sentences */
        }
        if (npairs == pcap) {
            size_t nc = pcap ? pcap * 2 : 16;
            struct pair *p = sl__realloc(pairs, nc * sizeof(*p));
            if (p == NULL) {
                rc = SL_ENOMEM;
                goto out;
            }
            pairs = p;
            pcap = nc;
        }
        pairs[npairs].sent = (uint32_t)si;
        pairs[npairs].day = day;
        npairs++;
    }

    /* Then each accumulator counts it; the sentences' stems, computed
     * for the first that needs them, serve the others. */
    for (size_t t = 0; t < count; t++) {
        /* Counts first, so that the pools below go to days that exist. */
        tl_day *d;
        tl = tls[t];
        rc = get_day(&d, tl, pub);
        if (rc != SL_OK) {
            goto out;
        }
        d->pubs++;
        for (size_t k = 0; k < ndays; k++) {
            rc = count_mention(tl, &days[k], pub);
            if (rc != SL_OK) {
                goto out;
            }
        }
        for (size_t i = 0; i < nspans && i < LEAD_POOL_SENTENCES; i++) {
            rc = offer_to(tl, pub, &sents[i], body, pub, TL_SENT_LEAD);
            if (rc != SL_OK) {
                goto out;
            }
        }
        for (size_t k = 0; k < npairs; k++) {
            /* A sentence naming a day twice is offered once. */
            int dup = 0;
            for (size_t j = 0; j < k; j++) {
                if (pairs[j].sent == pairs[k].sent &&
                    pairs[j].day == pairs[k].day) {
                    dup = 1;
                    break;
                }
            }
            if (dup) {
                continue;
            }
            rc = offer_to(tl, pairs[k].day, &sents[pairs[k].sent], body, pub,
                          TL_SENT_MENTION);
            if (rc != SL_OK) {
                goto out;
            }
        }
        tl->articles++;
    }
out:
    if (sents != NULL) {
        for (size_t i = 0; i < nspans; i++) {
            sl__free(sents[i].s.terms);
        }
    }
    sl__free(sents);
    sl__free(spans);
    sl__free(pairs);
    sl__free(m);
    sl__free(days);
    return rc;
}

static uint32_t sat_add(uint32_t a, uint32_t b)
{
    uint32_t r;
    return __builtin_add_overflow(a, b, &r) ? UINT32_MAX : r;
}

/* Fold day 'from' into 'd': counts add up; a mentioning day both
 * remember is counted once; pool sentences are offered with their
 * weights. */
static int merge_day(sl_timeline *tl, tl_day *d, const tl_day *from)
{
    int32_t day = d->day;
    d->pubs = sat_add(d->pubs, from->pubs);
    d->men_q = sat_add(d->men_q, from->men_q);
    d->lead_q = sat_add(d->lead_q, from->lead_q);
    d->ref_days = sat_add(d->ref_days, from->ref_days);
    for (uint32_t i = 0; i < from->nrecent; i++) {
        int seen = 0;
        for (uint32_t j = 0; j < d->nrecent; j++) {
            if (d->recent[j] == from->recent[i]) {
                seen = 1;
                break;
            }
        }
        if (seen) {
            if (d->ref_days > 0) {
                d->ref_days--;
            }
            continue;
        }
        if (d->nrecent == TL_RECENT) {
            memmove(&d->recent[0], &d->recent[1],
                    (TL_RECENT - 1) * sizeof(int32_t));
            d->nrecent--;
        }
        d->recent[d->nrecent++] = from->recent[i];
    }
    for (uint32_t i = 0; i < from->npool; i++) {
        int found;
        size_t at = find_day(tl, day, &found);
        if (!found) {
            return SL_OK;
        }
        tl_sent s = from->pool[i];
        if (s.nterms > tl->max_terms || s.len > tl->max_sentence_bytes) {
            continue; /* made with larger bounds */
        }
        int rc = offer(tl, &tl->days[at], &s, s.text, s.flags, s.weight);
        if (rc != SL_OK) {
            return rc;
        }
    }
    return SL_OK;
}

int sl_timeline_merge(sl_timeline *into, const sl_timeline *from)
{
    if (into == from) {
        return SL_EINVAL;
    }
    for (size_t i = 0; i < from->ndays; i++) {
        tl_day *d;
        int rc = get_day(&d, into, from->days[i].day);
        if (rc != SL_OK) {
            return rc;
        }
        rc = merge_day(into, d, &from->days[i]);
        if (rc != SL_OK) {
            return rc;
        }
    }
    into->articles += from->articles;
    return SL_OK;
}
