/*
 * fuzz_text.c - plain-text page bytes -> sl_text_read().
 *
 * Any byte string must give one document or one reported error, never a
 * crash, a leak or a sanitizer report. Beyond that the target checks what
 * storyline/ingest.h promises, and aborts when a promise is broken:
 *
 *   - the result is SL_OK with exactly one SL_DOC_TEXT document, or
 *     SL_EINVAL / SL_ELIMIT with exactly one error report and no document;
 *   - input over max_record_bytes gives SL_ELIMIT;
 *   - title, text and published are valid UTF-8 (RFC 3629), the text is
 *     never NULL or empty, and path and where are the path passed in;
 *   - the same bytes give the same document twice.
 *
 * max_record_bytes is kept small (64 KiB) so that the cap is reached.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

typedef struct seen {
    int docs;
    int errors;
    size_t hash;
} seen;

static void check(int ok)
{
    if (!ok) {
        abort();
    }
}

/* Strict UTF-8 check of a NUL-terminated string. */
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

/* FNV-1a over a string and its terminator, 0 for NULL. */
static size_t mix(size_t h, const char *s)
{
    if (s == NULL) {
        return h * 31u;
    }
    for (;; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211u;
        if (*s == '\0') {
            return h;
        }
    }
}

static int on_doc(const sl_doc *d, void *payload)
{
    seen *s = payload;

    s->docs++;
    check(d->kind == SL_DOC_TEXT);
    check(d->text != NULL && d->text[0] != '\0' && valid_utf8(d->text));
    check(d->title == NULL || valid_utf8(d->title));
    check(d->published == NULL || valid_utf8(d->published));
    check(d->path != NULL && strcmp(d->path, "page.txt") == 0);
    check(d->where != NULL && strcmp(d->where, "page.txt") == 0);
    s->hash =
        mix(mix(mix(14695981039346656037u, d->title), d->text), d->published);
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    seen *s = payload;

    check(where != NULL && msg != NULL);
    s->errors++;
}

static int run(const uint8_t *data, size_t size, seen *s)
{
    sl_ingest_options o = { 0 };
    int rc;

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = s;
    rc = sl_text_read((const char *)data, size, "page.txt", &o);
    if (size > FUZZ_MAX_BYTES) {
        check(rc == SL_ELIMIT);
    }
    if (rc == SL_OK) {
        check(s->docs == 1 && s->errors == 0);
    } else {
        check(rc == SL_EINVAL || rc == SL_ELIMIT || rc == SL_ENOMEM);
        check(s->docs == 0 && s->errors == (rc == SL_ENOMEM ? 0 : 1));
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen a = { 0 }, b = { 0 };

    check(run(data, size, &a) == run(data, size, &b));
    check(a.hash == b.hash);
    return 0;
}
