/*
 * fuzz_jsonl.c - JSON Lines bytes -> sl_jsonl_read().
 *
 * Checks, abort() when broken: the reader returns SL_OK; every document
 * is SL_DOC_TEXT with a title or a text; every string is non-empty,
 * NUL-terminated, valid UTF-8 (RFC 3629); the author list is as long as
 * author_count says; 'where' is "fuzz.jsonl:N" with N growing from one
 * document or report to the next; the same bytes give the same documents
 * and reports twice. The line cap is 1 KiB so that the oversized-line
 * path runs.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)1024)

static void check(int ok)
{
    if (!ok) {
        abort();
    }
}

/* Strict UTF-8 check of a NUL-terminated string (RFC 3629). */
static int valid_utf8(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    while (*s != 0) {
        unsigned char c = *s;
        unsigned long cp;
        int n;
        if (c < 0x80) {
            s++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return 0;
        }
        s += n + 1;
    }
    return 1;
}

/* A running hash of everything handed over, to compare two runs. */
typedef struct seen {
    uint64_t hash;
    size_t docs, errors;
} seen;

static void mix(seen *s, const void *p, size_t len)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < len; i++) {
        s->hash = (s->hash ^ b[i]) * UINT64_C(1099511628211);
    }
    s->hash = (s->hash ^ 0xff) * UINT64_C(1099511628211);
}

typedef struct state {
    seen s;
    unsigned long last_line;
} state;

static void check_str(seen *s, const char *str)
{
    if (str != NULL) {
        check(str[0] != '\0' && valid_utf8(str));
        mix(s, str, strlen(str));
    } else {
        mix(s, "", 0);
    }
}

static void check_where(state *st, const char *where)
{
    char *end;
    unsigned long line;

    check(where != NULL && strncmp(where, "fuzz.jsonl:", 11) == 0);
    line = strtoul(where + 11, &end, 10);
    check(*end == '\0' && line > st->last_line);
    st->last_line = line;
}

static int on_doc(const sl_doc *d, void *payload)
{
    state *st = payload;

    check(d->kind == SL_DOC_TEXT && d->html == NULL);
    check(d->title != NULL || d->text != NULL);
    check(d->path != NULL && strcmp(d->path, "fuzz.jsonl") == 0);
    check_where(st, d->where);
    check_str(&st->s, d->ext_id);
    check_str(&st->s, d->url);
    check_str(&st->s, d->title);
    check_str(&st->s, d->text);
    check_str(&st->s, d->published);
    check_str(&st->s, d->source);
    check_str(&st->s, d->lang);
    check_str(&st->s, d->description);
    check((d->author_count == 0) == (d->authors == NULL));
    for (size_t i = 0; i < d->author_count; i++) {
        check(d->authors[i] != NULL);
        check_str(&st->s, d->authors[i]);
    }
    st->s.docs++;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    state *st = payload;

    check_where(st, where);
    check(msg != NULL && msg[0] != '\0');
    mix(&st->s, where, strlen(where));
    mix(&st->s, msg, strlen(msg));
    st->s.errors++;
}

static seen run(const char *data, size_t len)
{
    state st = { { 0 }, 0 };
    sl_ingest_options o = { 0 };

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &st;
    check(sl_jsonl_read(data, len, "fuzz.jsonl", &o) == SL_OK);
    return st.s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen a = run((const char *)data, size);
    seen b = run((const char *)data, size);

    check(a.docs == b.docs && a.errors == b.errors && a.hash == b.hash);
    return 0;
}
