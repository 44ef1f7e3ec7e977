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

#include "check.h"
#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

/* FNV-1a over a string and its terminator, 0 for NULL. */
static size_t hash_str(size_t h, const char *s)
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
    fuzz_seen *s = payload;

    s->docs++;
    fuzz_check(d->kind == SL_DOC_TEXT);
    fuzz_check(d->text != NULL && d->text[0] != '\0' &&
               fuzz_valid_utf8(d->text));
    fuzz_check(d->title == NULL || fuzz_valid_utf8(d->title));
    fuzz_check(d->published == NULL || fuzz_valid_utf8(d->published));
    fuzz_check(d->path != NULL && strcmp(d->path, "page.txt") == 0);
    fuzz_check(d->where != NULL && strcmp(d->where, "page.txt") == 0);
    s->hash =
        hash_str(hash_str(hash_str(14695981039346656037u, d->title), d->text),
                 d->published);
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    fuzz_seen *s = payload;

    fuzz_check(where != NULL && msg != NULL);
    s->errors++;
}

static int run(const uint8_t *data, size_t size, fuzz_seen *s)
{
    sl_ingest_options o = { 0 };
    int rc;

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = s;
    rc = sl_text_read((const char *)data, size, "page.txt", &o);
    if (size > FUZZ_MAX_BYTES) {
        fuzz_check(rc == SL_ELIMIT);
    }
    if (rc == SL_OK) {
        fuzz_check(s->docs == 1 && s->errors == 0);
    } else {
        fuzz_check(rc == SL_EINVAL || rc == SL_ELIMIT || rc == SL_ENOMEM);
        fuzz_check(s->docs == 0 && s->errors == (rc == SL_ENOMEM ? 0 : 1));
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_seen a = { 0 }, b = { 0 };

    fuzz_check(run(data, size, &a) == run(data, size, &b));
    fuzz_check(a.hash == b.hash);
    return 0;
}
