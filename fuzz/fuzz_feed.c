/*
 * fuzz_feed.c - feed bytes (RSS 2.0, RSS 1.0, Atom, or anything) ->
 * sl_feed_read().
 *
 * Checks, abort() when broken: the reader returns SL_OK, SL_EFORMAT
 * (after one report, and no document) or SL_ELIMIT (only for input over
 * the cap); every document has a link, guid, title, text or page; every
 * string, the page included, is non-empty valid UTF-8 (RFC 3629); the
 * author list is as long as author_count says; 'where' names the file;
 * the same bytes give the same documents and reports twice. The cap is
 * 64 KiB.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

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

static void check_str(seen *s, const char *str)
{
    if (str != NULL) {
        check(str[0] != '\0' && valid_utf8(str));
        mix(s, str, strlen(str));
    } else {
        mix(s, "", 0);
    }
}

static int on_doc(const sl_doc *d, void *payload)
{
    seen *s = payload;

    check(d->path != NULL && strcmp(d->path, "fuzz.xml") == 0);
    check(d->where != NULL && strncmp(d->where, "fuzz.xml", 8) == 0);
    if (d->kind == SL_DOC_HTML) {
        check(d->html != NULL && d->html_len > 0 && d->text == NULL);
        check(strlen(d->html) == d->html_len && valid_utf8(d->html));
        mix(s, d->html, d->html_len);
    } else {
        check(d->kind == SL_DOC_TEXT && d->html == NULL);
    }
    check(d->url != NULL || d->ext_id != NULL || d->title != NULL ||
          d->text != NULL || d->html != NULL);
    mix(s, d->where, strlen(d->where));
    check_str(s, d->ext_id);
    check_str(s, d->url);
    check_str(s, d->title);
    check_str(s, d->text);
    check_str(s, d->published);
    check_str(s, d->source);
    check_str(s, d->lang);
    check_str(s, d->description);
    check((d->author_count == 0) == (d->authors == NULL));
    for (size_t i = 0; i < d->author_count; i++) {
        check(d->authors[i] != NULL);
        check_str(s, d->authors[i]);
    }
    s->docs++;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    seen *s = payload;

    check(where != NULL && strncmp(where, "fuzz.xml", 8) == 0);
    check(msg != NULL && msg[0] != '\0');
    mix(s, where, strlen(where));
    mix(s, msg, strlen(msg));
    s->errors++;
}

static seen run(const char *data, size_t len)
{
    seen s = { 0 };
    sl_ingest_options o = { 0 };
    int rc;

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &s;
    rc = sl_feed_read(data, len, "fuzz.xml", &o);
    if (len > FUZZ_MAX_BYTES) {
        check(rc == SL_ELIMIT && s.docs == 0 && s.errors == 1);
    } else if (rc == SL_EFORMAT) {
        check(s.docs == 0 && s.errors == 1);
    } else {
        check(rc == SL_OK);
    }
    mix(&s, &rc, sizeof(rc));
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen a = run((const char *)data, size);
    seen b = run((const char *)data, size);

    check(a.docs == b.docs && a.errors == b.errors && a.hash == b.hash);
    return 0;
}
