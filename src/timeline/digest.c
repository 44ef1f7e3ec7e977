/*
 * digest.c - what the store keeps with each event and storyline (a
 * story's timeline accumulator and summary sentence pool), and the
 * article hook that keeps the digests of the store's events and
 * storylines current (see include/storyline/digest.h).
 *
 * Format: "SLSD" u32 version, u32 timeline length, the timeline's bytes
 * (sl_timeline_save), u32 pool length, the pool's bytes
 * (sl_summary_pool_save); little-endian; each part checks itself. A pool
 * length of 0 (digests written before summaries were kept) loads as an
 * empty pool.
 */
#include "storyline/digest.h"

#include <string.h>

#include "util/alloc.h"

#define DIGEST_VERSION 1u

/* A story's summary needs far fewer candidates and concept counts than
 * the pool's defaults, and a digest is loaded and saved at each article
 * of its story: these keep that cheap. */
#define DIGEST_POOL_SENTENCES 100
#define DIGEST_POOL_CONCEPTS  4096

struct sl_digest {
    sl_timeline *tl;
    sl_summary_pool *pool;
    sl_digest_options o;
};

static void resolve(sl_digest_options *o, const sl_digest_options *in)
{
    if (in != NULL) {
        *o = *in;
    }
    if (o->summary.pool_sentences == 0) {
        o->summary.pool_sentences = DIGEST_POOL_SENTENCES;
    }
    if (o->summary.pool_concepts == 0) {
        o->summary.pool_concepts = DIGEST_POOL_CONCEPTS;
    }
}

int sl_digest_new(sl_digest **out, const sl_digest_options *opts)
{
    sl_digest *d = sl__calloc(1, sizeof(*d));
    int rc;

    *out = NULL;
    if (d == NULL) {
        return SL_ENOMEM;
    }
    resolve(&d->o, opts);
    rc = sl_timeline_new(&d->tl, &d->o.timeline);
    if (rc == SL_OK) {
        rc = sl_summary_pool_new(&d->pool, &d->o.summary);
    }
    if (rc != SL_OK) {
        sl_digest_free(d);
        return rc;
    }
    *out = d;
    return SL_OK;
}

void sl_digest_free(sl_digest *d)
{
    if (d == NULL) {
        return;
    }
    sl_timeline_free(d->tl);
    sl_summary_pool_free(d->pool);
    sl__free(d);
}

int sl_digest_add(sl_digest *d, const sl_digest_article *a)
{
    sl_timeline_article ta = { .published_ms = a->published_ms,
                               .title = a->title,
                               .title_len = a->title ? a->title_len : 0,
                               .body = a->body,
                               .body_len = a->body ? a->body_len : 0 };
    int rc = sl_timeline_add(d->tl, &ta);
    if (rc != SL_OK) {
        return rc;
    }
    /* The summary reads the body; a story told only in headlines (feeds,
     * wires) is summarised from its titles. */
    sl_summary_doc sd = { .text = "",
                          .published_ms = a->published_ms,
                          .id = a->id };
    if (a->body != NULL && a->body_len > 0) {
        sd.text = a->body;
        sd.len = a->body_len;
    } else if (a->title != NULL) {
        sd.text = a->title;
        sd.len = a->title_len;
    }
    return sl_summary_pool_add(d->pool, &sd);
}

int sl_digest_merge(sl_digest *into, const sl_digest *from)
{
    return sl_timeline_merge(into->tl, from->tl);
}

const sl_timeline *sl_digest_timeline(const sl_digest *d)
{
    return d->tl;
}

const sl_summary_pool *sl_digest_summary(const sl_digest *d)
{
    return d->pool;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

int sl_digest_save(unsigned char **out, size_t *out_len, const sl_digest *d)
{
    unsigned char *t = NULL, *buf = NULL;
    uint8_t *p = NULL;
    size_t nt = 0, np = 0, n;
    int rc;

    *out = NULL;
    *out_len = 0;
    rc = sl_timeline_save(&t, &nt, d->tl);
    if (rc == SL_OK) {
        rc = sl_summary_pool_save(&p, &np, d->pool);
    }
    if (rc != SL_OK) {
        goto out;
    }
    if (nt > UINT32_MAX - 16 || np > UINT32_MAX - 16 - nt) {
        rc = SL_ELIMIT;
        goto out;
    }
    n = 16 + nt + np;
    buf = sl__malloc(n);
    if (buf == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    memcpy(buf, "SLSD", 4);
    put32(buf + 4, DIGEST_VERSION);
    put32(buf + 8, (uint32_t)nt);
    memcpy(buf + 12, t, nt);
    put32(buf + 12 + nt, (uint32_t)np);
    memcpy(buf + 16 + nt, p, np);
    *out = buf;
    *out_len = n;
out:
    sl_free(t);
    sl_free(p);
    return rc;
}

int sl_digest_load(sl_digest **out,
                   const void *data,
                   size_t len,
                   const sl_digest_options *opts)
{
    const unsigned char *p = data;
    sl_digest *d = NULL;
    int rc;

    *out = NULL;
    if (p == NULL || len < 16 || memcmp(p, "SLSD", 4) != 0 ||
        get32(p + 4) != DIGEST_VERSION) {
        return SL_EFORMAT;
    }
    size_t nt = get32(p + 8);
    if (nt > len - 16) {
        return SL_EFORMAT;
    }
    size_t np = get32(p + 12 + nt);
    if (np != len - 16 - nt) {
        return SL_EFORMAT;
    }
    d = sl__calloc(1, sizeof(*d));
    if (d == NULL) {
        return SL_ENOMEM;
    }
    resolve(&d->o, opts);
    rc = sl_timeline_load(&d->tl, p + 12, nt, &d->o.timeline);
    if (rc == SL_OK && np == 0) {
        rc = sl_summary_pool_new(&d->pool, &d->o.summary);
    } else if (rc == SL_OK) {
        rc = sl_summary_pool_load(&d->pool, p + 16 + nt, np, &d->o.summary);
    }
    if (rc != SL_OK) {
        sl_digest_free(d);
        return rc;
    }
    *out = d;
    return SL_OK;
}

int sl_digest_read(sl_digest **out,
                   sl_store *st,
                   sl_digest_kind kind,
                   int64_t id)
{
    void *bytes = NULL;
    size_t n = 0;
    int rc;

    *out = NULL;
    rc = sl_store_digest_get(&bytes, &n, NULL, st, kind, id);
    if (rc != SL_OK) {
        return rc;
    }
    rc = sl_digest_load(out, bytes, n, NULL);
    sl_free(bytes);
    return rc;
}

/* The stored digest of (kind, id), or a new one when there is none or it
 * does not load. */
static int
read_or_new(sl_digest **out, sl_store *st, sl_digest_kind kind, int64_t id)
{
    int rc = sl_digest_read(out, st, kind, id);
    if (rc == SL_ENOTFOUND || rc == SL_EFORMAT || rc == SL_EINVAL) {
        rc = sl_digest_new(out, NULL);
    }
    return rc;
}

static int write_digest(sl_store *st,
                        sl_digest_kind kind,
                        int64_t id,
                        const sl_digest *d,
                        int64_t now_ms)
{
    unsigned char *bytes = NULL;
    size_t n = 0;
    int rc = sl_digest_save(&bytes, &n, d);
    if (rc == SL_OK) {
        rc = sl_store_digest_put(st, kind, id, bytes, n, now_ms);
    }
    sl_free(bytes);
    return rc;
}

/* Fold the stored digest of (kind, other) into d, if there is one. */
static int fold(sl_digest *d, sl_store *st, sl_digest_kind kind, int64_t other)
{
    sl_digest *o = NULL;
    int rc;

    if (other == 0) {
        return SL_OK;
    }
    rc = sl_digest_read(&o, st, kind, other);
    if (rc == SL_OK) {
        rc = sl_digest_merge(d, o);
    } else if (rc == SL_ENOTFOUND || rc == SL_EFORMAT) {
        rc = SL_OK;
    }
    sl_digest_free(o);
    return rc;
}

int sl_digest_hook(sl_store *st, const sl_story_update *u, void *payload)
{
    sl_digest *ev = NULL, *sd = NULL;
    const char *title = u->title ? u->title : "";
    const char *body = u->body ? u->body : "";
    sl_digest_article a = { .published_ms = u->seen_ms,
                            .id = (uint64_t)u->article_id,
                            .title = title,
                            .title_len = strlen(title),
                            .body = body,
                            .body_len = strlen(body) };
    int rc;

    (void)payload;
    rc = read_or_new(&ev, st, SL_DIGEST_EVENT, u->event_id);
    if (rc == SL_OK) {
        rc = fold(ev, st, SL_DIGEST_EVENT, u->merged_event_id);
    }
    if (rc == SL_OK && u->storyline_id != 0) {
        rc = read_or_new(&sd, st, SL_DIGEST_STORYLINE, u->storyline_id);
        if (rc == SL_OK) {
            rc = fold(sd, st, SL_DIGEST_STORYLINE, u->merged_storyline_id);
        }
        /* An event that moved brings what it holds so far. */
        if (rc == SL_OK && u->moved_from_storyline != 0 && !u->new_event) {
            rc = sl_digest_merge(sd, ev);
        }
    }
    /* An article without a usable time adds nothing (SL_EINVAL). */
    if (rc == SL_OK) {
        rc = sl_digest_add(ev, &a);
        if (rc == SL_OK && sd != NULL) {
            rc = sl_digest_add(sd, &a);
        }
        if (rc == SL_EINVAL) {
            rc = SL_OK;
        }
    }
    if (rc == SL_OK) {
        rc = write_digest(st, SL_DIGEST_EVENT, u->event_id, ev, u->seen_ms);
    }
    if (rc == SL_OK && sd != NULL) {
        rc = write_digest(st, SL_DIGEST_STORYLINE, u->storyline_id, sd,
                          u->seen_ms);
    }
    sl_digest_free(ev);
    sl_digest_free(sd);
    return rc;
}

void sl_digest_attach(sl_store *st)
{
    sl_store_set_article_hook(st, sl_digest_hook, NULL);
}
