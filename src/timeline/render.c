/*
 * render.c - from an accumulator to a timeline: rank the days, pick each
 * day's most central sentences, say no near-identical sentence twice,
 * give the days in date order.
 *
 * Days are chosen by score (ties: the earlier day first); their sentences
 * are chosen in that rank order too, so that when two days' pools hold
 * the same sentence the better-ranked day says it, and a day left with
 * nothing new to say is passed over for the next one in rank.
 */
#include <stdlib.h>
#include <string.h>

#include "accum.h"
#include "storyline/common.h"
#include "util/alloc.h"

#define MS_PER_DAY INT64_C(86400000)

typedef struct ranked {
    size_t idx;
    uint64_t score;
    int32_t day;
} ranked;

static int cmp_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score) {
        return x->score > y->score ? -1 : 1;
    }
    return (x->day > y->day) - (x->day < y->day);
}

typedef struct scored {
    size_t idx;
    double c;
} scored;

static int cmp_central(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->c != y->c) {
        return x->c > y->c ? -1 : 1;
    }
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_entry(const void *a, const void *b)
{
    const sl_timeline_entry *x = a, *y = b;
    return strcmp(x->date, y->date);
}

static int32_t day_of(int64_t ms)
{
    int64_t d = ms / MS_PER_DAY;
    if (ms % MS_PER_DAY < 0) {
        d--;
    }
    if (d < TL_DAY_MIN) {
        return TL_DAY_MIN;
    }
    if (d > TL_DAY_MAX) {
        return TL_DAY_MAX;
    }
    return (int32_t)d;
}

void sl_timeline_result_free(sl_timeline_result *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < r->count; i++) {
        for (size_t j = 0; j < r->entries[i].sentence_count; j++) {
            sl__free(r->entries[i].sentences[j]);
        }
        sl__free(r->entries[i].sentences);
    }
    sl__free(r->entries);
    sl__free(r);
}

/* Fill entry 'e' for day 'd' with up to 'k' sentences not near-identical
 * to any in said[0..*nsaid). */
static int fill_entry(sl_timeline_entry *e,
                      const tl_day *d,
                      size_t k,
                      const tl_sent **said,
                      size_t *nsaid)
{
    int y, m, dd;
    scored *order = NULL;

    sl__timeline_civil_from_day(d->day, &y, &m, &dd);
    e->date[0] = (char)('0' + y / 1000 % 10);
    e->date[1] = (char)('0' + y / 100 % 10);
    e->date[2] = (char)('0' + y / 10 % 10);
    e->date[3] = (char)('0' + y % 10);
    e->date[4] = '-';
    e->date[5] = (char)('0' + m / 10);
    e->date[6] = (char)('0' + m % 10);
    e->date[7] = '-';
    e->date[8] = (char)('0' + dd / 10);
    e->date[9] = (char)('0' + dd % 10);
    e->date[10] = '\0';
    e->score = (double)sl__timeline_score(d) / 4.0;
    e->articles = d->pubs;
    if (k == 0 || d->npool == 0) {
        return SL_OK;
    }
    order = sl__malloc(d->npool * sizeof(scored));
    e->sentences = sl__calloc(k < d->npool ? k : d->npool, sizeof(char *));
    if (order == NULL || e->sentences == NULL) {
        sl__free(order);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < d->npool; i++) {
        order[i].idx = i;
        order[i].c = sl__timeline_centrality(d, i);
    }
    qsort(order, d->npool, sizeof(scored), cmp_central);
    for (size_t i = 0; i < d->npool && e->sentence_count < k; i++) {
        const tl_sent *s = &d->pool[order[i].idx];
        int dup = 0;
        for (size_t j = 0; j < *nsaid; j++) {
            if (sl__timeline_jaccard(said[j], s) >= TL_COPY_JACCARD) {
                dup = 1;
                break;
            }
        }
        if (dup) {
            continue;
        }
        char *t = sl__strndup(s->text, s->len);
        if (t == NULL) {
            sl__free(order);
            return SL_ENOMEM;
        }
        e->sentences[e->sentence_count++] = t;
        said[(*nsaid)++] = s;
    }
    sl__free(order);
    return SL_OK;
}

int sl_timeline_render(sl_timeline_result **out,
                       const sl_timeline *tl,
                       const sl_timeline_render_options *opts)
{
    sl_timeline_render_options o = { 0 };
    sl_timeline_result *r = NULL;
    ranked *rk = NULL;
    const tl_sent **said = NULL;
    size_t n = 0, nsaid = 0;
    int rc = SL_OK;

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.dates == 0) {
        o.dates = 10;
    }
    if (o.sentences == 0) {
        o.sentences = 1;
    }
    if (o.sentences > tl->pool_size) {
        o.sentences = tl->pool_size; /* no day can say more */
    }
    int32_t lo = o.since_ms ? day_of(o.since_ms) : TL_DAY_MIN;
    int32_t hi = o.until_ms ? day_of(o.until_ms) : TL_DAY_MAX;

    r = sl__calloc(1, sizeof(*r));
    rk = sl__malloc((tl->ndays ? tl->ndays : 1) * sizeof(ranked));
    if (r == NULL || rk == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < tl->ndays; i++) {
        const tl_day *d = &tl->days[i];
        uint64_t s = sl__timeline_score(d);
        if (d->day < lo || d->day > hi || s == 0) {
            continue;
        }
        rk[n].idx = i;
        rk[n].score = s;
        rk[n].day = d->day;
        n++;
    }
    qsort(rk, n, sizeof(ranked), cmp_rank);
    /* A day left with nothing to say (its sentences all said by better
     * days) gives way to the next day in rank, unless no day has any
     * sentence: then the days alone are the timeline. */
    int any = 0;
    for (size_t i = 0; i < n && !any; i++) {
        any = tl->days[rk[i].idx].npool > 0;
    }
    size_t want = n < o.dates ? n : o.dates;
    if (want == 0) {
        goto out;
    }
    size_t maxsaid;
    if (__builtin_mul_overflow(want, o.sentences, &maxsaid) ||
        maxsaid > SIZE_MAX / sizeof(*said)) {
        rc = SL_ENOMEM;
        goto out;
    }
    r->entries = sl__calloc(want, sizeof(sl_timeline_entry));
    said = sl__malloc(maxsaid * sizeof(*said));
    if (r->entries == NULL || said == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n && r->count < want; i++) {
        sl_timeline_entry *e = &r->entries[r->count];
        r->count++;
        rc = fill_entry(e, &tl->days[rk[i].idx], o.sentences, said, &nsaid);
        if (rc != SL_OK) {
            goto out;
        }
        if (any && e->sentence_count == 0) {
            sl__free(e->sentences);
            memset(e, 0, sizeof(*e));
            r->count--;
        }
    }
    qsort(r->entries, r->count, sizeof(sl_timeline_entry), cmp_entry);
out:
    sl__free(rk);
    sl__free(said);
    if (rc != SL_OK) {
        sl_timeline_result_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}
