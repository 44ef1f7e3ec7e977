/*
 * store.c - the store front: identities, content hashes, the put
 * decision, query sanitising, and dispatch to the backend (backend.h).
 *
 * Exports the sl_store_* functions of storyline/store.h except
 * sl_store_ingest_doc() (ingest.c).
 *
 * The put decision: an article's identity is "id:" + its external id,
 * else "url:" + its URL, else "path:" + its file path. Unknown identity:
 * a new article. Known identity whose revisions include this content
 * hash: nothing. Known identity, new hash: a new revision linked to the
 * one stored before it, which becomes the latest unless its version
 * date (modified, else published) is known and earlier than the
 * latest's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "backend.h"
#include "provenance/index.h"
#include "provenance/provenance.h"
#include "stories.h"
#include "storyline/dates.h"
#include "util/alloc.h"
#include "util/buf.h"

int sl__store_seterr(sl_store *st, int rc, const char *fmt, ...)
{
    va_list ap;

    if (st != NULL) {
        va_start(ap, fmt);
        vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
        va_end(ap);
    }
    return rc;
}

uint64_t sl__content_hash(const char *title, const char *body)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    const unsigned char *p;

    for (p = (const unsigned char *)(title ? title : ""); *p; p++) {
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    }
    h = (h ^ 0) * UINT64_C(0x100000001b3);
    for (p = (const unsigned char *)(body ? body : ""); *p; p++) {
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    }
    return h;
}

/* Bodies under this size are stored as they are: deflate would not pay. */
#define PACK_MIN_BYTES 256

int sl__body_pack(char **out, size_t *out_len, const char *body, size_t len)
{
    uLongf bound = compressBound((uLong)len);
    unsigned char *buf;

    if (len > UINT32_MAX) {
        return SL_ELIMIT;
    }
    buf = sl__malloc((size_t)bound + 1);
    if (buf == NULL) {
        return SL_ENOMEM;
    }
    if (len >= PACK_MIN_BYTES &&
        compress2(buf + 1, &bound, (const Bytef *)body, (uLong)len, 6) ==
            Z_OK &&
        bound < len) {
        buf[0] = 1;
        *out_len = (size_t)bound + 1;
    } else {
        buf[0] = 0;
        memcpy(buf + 1, body, len);
        *out_len = len + 1;
    }
    *out = (char *)buf;
    return SL_OK;
}

int sl__body_unpack(char **out, size_t *out_len, const void *data, size_t len)
{
    const unsigned char *p = data;
    char *buf;

    if (len == 0) {
        return SL_EFORMAT;
    }
    if (p[0] == 0) {
        buf = sl__strndup((const char *)p + 1, len - 1);
        if (buf == NULL) {
            return SL_ENOMEM;
        }
        *out = buf;
        *out_len = len - 1;
        return SL_OK;
    }
    if (p[0] != 1) {
        return SL_EFORMAT;
    }
    /* The packed form does not record the length; grow until it fits. */
    uLongf cap = (uLongf)len * 4 + 256;
    for (;;) {
        uLongf n = cap;
        buf = sl__malloc((size_t)cap + 1);
        if (buf == NULL) {
            return SL_ENOMEM;
        }
        int zrc = uncompress((Bytef *)buf, &n, p + 1, (uLong)(len - 1));
        if (zrc == Z_OK) {
            buf[n] = '\0';
            *out = buf;
            *out_len = (size_t)n;
            return SL_OK;
        }
        sl__free(buf);
        if (zrc != Z_BUF_ERROR || cap > (uLongf)1 << 31) {
            return SL_EFORMAT;
        }
        cap *= 4;
    }
}

int sl_store_open(sl_store **out,
                  const char *path,
                  const sl_store_options *opts)
{
    sl_store_options o = { 0 };
    sl_store *st;
    int rc;

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.busy_timeout_ms == 0) {
        o.busy_timeout_ms = 5000;
    }
    if (o.cache_mb <= 0 && !o.read_only) {
        /* At a million articles the fingerprint index alone is about
         * 200 MB, read and written at some forty random pages per
         * article: SQLite's 2 MiB default turns most of them into
         * system calls (bench/bench_copies: 0.83 against 1.03 ms per
         * article at 50,000 articles). */
        o.cache_mb = 64;
    }
    st = sl__calloc(1, sizeof(*st));
    if (st == NULL) {
        return SL_ENOMEM;
    }
    st->ops = &sl__sqlite_ops;
    st->copies_off = o.no_copies;
    st->stories_off = o.no_stories;
    st->read_only = o.read_only;
    *out = st;
    rc = st->ops->open(st, path, &o);
    if (rc == SL_OK) {
        st->errmsg[0] = '\0';
    }
    return rc;
}

void sl_store_close(sl_store *st)
{
    if (st == NULL) {
        return;
    }
    if (st->ops->prov != NULL && st->impl != NULL) {
        st->ops->prov->close(st);
    }
    if (st->impl != NULL) {
        sl__stories_close(st);
    }
    if (st->impl != NULL) {
        st->ops->close(st);
    }
    sl__free(st);
}

const char *sl_store_errmsg(const sl_store *st)
{
    if (st == NULL) {
        return "out of memory";
    }
    return st->errmsg[0] ? st->errmsg : "no error";
}

int sl_store_schema_version(const sl_store *st)
{
    return st->schema_version;
}

int sl_store_begin(sl_store *st)
{
    int rc = st->ops->begin(st);

    if (rc == SL_OK) {
        st->in_txn = 1;
    }
    return rc;
}

int sl_store_commit(sl_store *st)
{
    /* The clusterer's state goes in the transaction of its rows. */
    int rc = sl__stories_before_commit(st);

    if (rc < 0) {
        return rc;
    }
    rc = st->ops->commit(st);

    if (rc == SL_OK) {
        st->in_txn = 0;
    }
    return rc;
}

int sl_store_rollback(sl_store *st)
{
    st->in_txn = 0;
    sl__stories_rollback(st);
    return st->ops->rollback(st);
}

/* A stated date as ms UTC; 0 when absent or unreadable. */
static int64_t date_ms(const char *s)
{
    sl_date d;

    if (s == NULL || sl_date_parse(&d, s, strlen(s)) != SL_OK) {
        return 0;
    }
    return sl_date_to_ms(&d);
}

/* "id:..." / "url:..." / "path:..." into b. */
static int make_identity(sl_buf *b, const sl_store_input *in)
{
    if (in->ext_id != NULL && in->ext_id[0] != '\0') {
        return sl__buf_printf(b, "id:%s", in->ext_id);
    }
    if (in->url != NULL && in->url[0] != '\0') {
        return sl__buf_printf(b, "url:%s", in->url);
    }
    if (in->path != NULL && in->path[0] != '\0') {
        return sl__buf_printf(b, "path:%s", in->path);
    }
    return SL_EINVAL;
}

static int authors_json(sl_buf *b, const sl_store_input *in)
{
    int rc = sl__buf_addc(b, '[');

    for (size_t i = 0; rc == SL_OK && i < in->author_count; i++) {
        if (i > 0) {
            rc = sl__buf_addc(b, ',');
        }
        if (rc == SL_OK) {
            rc =
                sl__buf_add_json_str(b, in->authors[i], strlen(in->authors[i]));
        }
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(b, ']');
    }
    return rc;
}

int sl_store_put(int64_t *out_id,
                 sl_put_result *result,
                 sl_store *st,
                 const sl_store_input *in)
{
    sl_buf ident, authors;
    sl__identity_state state;
    sl__revision rv;
    int64_t id = 0;
    int rc;

    sl__buf_init(&ident, 0);
    sl__buf_init(&authors, 0);
    memset(&rv, 0, sizeof(rv));
    rc = make_identity(&ident, in);
    if (rc == SL_EINVAL) {
        rc = sl__store_seterr(st, rc, "article has no id, URL or path");
        goto out;
    }
    if (rc < 0) {
        goto out;
    }
    if ((in->body == NULL || in->body[0] == '\0') &&
        (in->title == NULL || in->title[0] == '\0')) {
        rc = sl__store_seterr(st, SL_EINVAL, "%s: no title and no text",
                              ident.ptr);
        goto out;
    }
    rv.in = in;
    rv.identity = ident.ptr;
    rv.content_hash = sl__content_hash(in->title, in->body);
    rv.published_ms = date_ms(in->published);
    rv.version_ms = date_ms(in->modified);
    if (rv.version_ms == 0) {
        rv.version_ms = rv.published_ms;
    }
    rc = authors_json(&authors, in);
    if (rc < 0) {
        goto out;
    }
    rv.authors_json = authors.ptr;
    rc = st->ops->lookup(st, ident.ptr, rv.content_hash, &state);
    if (rc < 0) {
        goto out;
    }
    /* Content equal to any stored revision, not only the latest: an
     * earlier version read again is not news. */
    if (state.article_id != 0 && state.same_content) {
        id = state.article_id;
        if (result != NULL) {
            *result = SL_PUT_UNCHANGED;
        }
        goto out;
    }
    /* A version dated before the latest one (both dates known) is kept
     * but does not replace it; otherwise arrival order decides. */
    rv.latest = state.article_id == 0 || rv.version_ms == 0 ||
                state.version_ms == 0 || rv.version_ms >= state.version_ms;
    rc = st->ops->add_revision(st, &state, &rv, &id);
    if (rc == SL_OK && !st->copies_off) {
        /* Copy detection sees every new text (provenance.h). */
        rc = sl__prov_on_put(st, id, state.rev + 1, in, rv.published_ms);
    }
    if (rc == SL_OK && !st->stories_off && state.article_id == 0) {
        /* A new article joins an event, after provenance so that a copy
         * can join its original's (stories.h); revisions keep theirs. */
        rc = sl__stories_on_put(st, id, in, rv.published_ms);
    }
    if (rc == SL_OK && result != NULL) {
        *result = state.article_id ? SL_PUT_REVISED : SL_PUT_ADDED;
    }
out:
    if (rc == SL_OK && out_id != NULL) {
        *out_id = id;
    }
    sl__buf_dispose(&ident);
    sl__buf_dispose(&authors);
    return rc;
}

int sl_store_get(sl_stored_article **out,
                 sl_store *st,
                 const char *key,
                 int rev)
{
    int64_t id = 0;
    int rc;

    *out = NULL;
    rc = st->ops->resolve(st, key, &id);
    if (rc < 0) {
        return rc;
    }
    return st->ops->get(st, id, rev, out);
}

void sl_stored_article_free(sl_stored_article *a)
{
    if (a == NULL) {
        return;
    }
    sl__free(a->identity);
    sl__free(a->ext_id);
    sl__free(a->url);
    sl__free(a->path);
    sl__free(a->title);
    sl__free(a->body);
    sl__free(a->published);
    sl__free(a->published_source);
    sl__free(a->modified);
    sl__free(a->source);
    sl__free(a->lang);
    sl__free(a->description);
    for (size_t i = 0; i < a->author_count; i++) {
        sl__free(a->authors[i]);
    }
    sl__free(a->authors);
    sl__free(a->content_hash);
    sl__free(a);
}

/*
 * Turn what a user typed into an FTS5 query that cannot be a syntax
 * error: every word becomes a quoted string ("word"), text between double
 * quotes a quoted phrase, a trailing '*' a prefix query, and a bare OR
 * (upper case) stays the OR operator. Everything else - parentheses,
 * colons, carets, NEAR, unbalanced quotes - is read as separators.
 */
int sl__fts_sanitize(sl_buf *out, const char *q)
{
    const unsigned char *p = (const unsigned char *)q;
    int rc = SL_OK, terms = 0, pending_or = 0;

    while (*p && rc == SL_OK) {
        const unsigned char *start;
        int phrase = 0;

        if (*p == '"') {
            const unsigned char *close =
                (const unsigned char *)strchr((const char *)p + 1, '"');
            if (close != NULL) {
                phrase = 1;
                start = p + 1;
                /* Emit the phrase's words inside one quoted string. */
                if (terms > 0) {
                    rc = sl__buf_adds(out, pending_or ? " OR " : " ");
                }
                pending_or = 0;
                if (rc == SL_OK) {
                    rc = sl__buf_addc(out, '"');
                }
                int words = 0;
                for (const unsigned char *c = start; rc == SL_OK && c < close;
                     c++) {
                    int word = *c >= 0x80 || (*c >= '0' && *c <= '9') ||
                               ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z');
                    if (word) {
                        if (words > 0 &&
                            !(c[-1] >= 0x80 || (c[-1] >= '0' && c[-1] <= '9') ||
                              ((c[-1] | 0x20) >= 'a' &&
                               (c[-1] | 0x20) <= 'z'))) {
                            rc = sl__buf_addc(out, ' ');
                        }
                        if (rc == SL_OK) {
                            rc = sl__buf_addc(out, (char)*c);
                        }
                        words++;
                    }
                }
                if (rc == SL_OK) {
                    rc = sl__buf_addc(out, '"');
                }
                if (words == 0) {
                    /* An empty phrase: take it back. */
                    out->len -= 2;
                    out->ptr[out->len] = '\0';
                } else {
                    terms++;
                }
                p = close + 1;
                continue;
            }
        }
        (void)phrase;
        if (!(*p >= 0x80 || (*p >= '0' && *p <= '9') ||
              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))) {
            p++;
            continue;
        }
        start = p;
        while (*p >= 0x80 || (*p >= '0' && *p <= '9') ||
               ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p == '_') {
            p++;
        }
        size_t n = (size_t)(p - start);
        if (n == 2 && memcmp(start, "OR", 2) == 0 && terms > 0) {
            pending_or = 1;
            continue;
        }
        if (terms > 0) {
            rc = sl__buf_adds(out, pending_or ? " OR " : " ");
        }
        pending_or = 0;
        if (rc == SL_OK) {
            rc = sl__buf_addc(out, '"');
        }
        if (rc == SL_OK) {
            rc = sl__buf_add(out, start, n);
        }
        if (rc == SL_OK) {
            rc = sl__buf_addc(out, '"');
        }
        if (rc == SL_OK && *p == '*') {
            rc = sl__buf_addc(out, '*');
            p++;
        }
        terms++;
    }
    return rc < 0 ? rc : terms;
}

int sl_store_search(sl_store *st,
                    const sl_query_options *q,
                    sl_row_cb cb,
                    void *payload)
{
    sl_buf fq;
    int rc;

    if (q == NULL || q->query == NULL) {
        return sl__store_seterr(st, SL_EINVAL, "empty query");
    }
    sl__buf_init(&fq, 4096);
    rc = sl__fts_sanitize(&fq, q->query);
    if (rc == 0) {
        rc = sl__store_seterr(st, SL_EINVAL, "query has no words");
    } else if (rc == SL_ELIMIT) {
        rc = sl__store_seterr(st, SL_EINVAL, "query too long");
    } else if (rc > 0) {
        rc = st->ops->query(st, q, fq.ptr, cb, payload);
    }
    sl__buf_dispose(&fq);
    return rc;
}

int sl_store_list(sl_store *st,
                  const sl_query_options *q,
                  sl_row_cb cb,
                  void *payload)
{
    sl_query_options none = { 0 };

    return st->ops->query(st, q ? q : &none, NULL, cb, payload);
}

int sl_store_count(sl_store *st, int64_t *articles, int64_t *revisions)
{
    return st->ops->count(st, articles, revisions);
}
