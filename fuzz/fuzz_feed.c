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

#include "check.h"
#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

static void check_str(fuzz_seen *s, const char *str)
{
    if (str != NULL) {
        fuzz_check(str[0] != '\0' && fuzz_valid_utf8(str));
        fuzz_mix(s, str, strlen(str));
    } else {
        fuzz_mix(s, "", 0);
    }
}

static int on_doc(const sl_doc *d, void *payload)
{
    fuzz_seen *s = payload;

    fuzz_check(d->path != NULL && strcmp(d->path, "fuzz.xml") == 0);
    fuzz_check(d->where != NULL && strncmp(d->where, "fuzz.xml", 8) == 0);
    if (d->kind == SL_DOC_HTML) {
        fuzz_check(d->html != NULL && d->html_len > 0 && d->text == NULL);
        fuzz_check(strlen(d->html) == d->html_len && fuzz_valid_utf8(d->html));
        fuzz_mix(s, d->html, d->html_len);
    } else {
        fuzz_check(d->kind == SL_DOC_TEXT && d->html == NULL);
    }
    fuzz_check(d->url != NULL || d->ext_id != NULL || d->title != NULL ||
               d->text != NULL || d->html != NULL);
    fuzz_mix(s, d->where, strlen(d->where));
    check_str(s, d->ext_id);
    check_str(s, d->url);
    check_str(s, d->title);
    check_str(s, d->text);
    check_str(s, d->published);
    check_str(s, d->source);
    check_str(s, d->lang);
    check_str(s, d->description);
    fuzz_check((d->author_count == 0) == (d->authors == NULL));
    for (size_t i = 0; i < d->author_count; i++) {
        fuzz_check(d->authors[i] != NULL);
        check_str(s, d->authors[i]);
    }
    s->docs++;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    fuzz_seen *s = payload;

    fuzz_check(where != NULL && strncmp(where, "fuzz.xml", 8) == 0);
    fuzz_check(msg != NULL && msg[0] != '\0');
    fuzz_mix(s, where, strlen(where));
    fuzz_mix(s, msg, strlen(msg));
    s->errors++;
}

static fuzz_seen run(const char *data, size_t len)
{
    fuzz_seen s = { 0 };
    sl_ingest_options o = { 0 };
    int rc;

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &s;
    rc = sl_feed_read(data, len, "fuzz.xml", &o);
    if (len > FUZZ_MAX_BYTES) {
        fuzz_check(rc == SL_ELIMIT && s.docs == 0 && s.errors == 1);
    } else if (rc == SL_EFORMAT) {
        fuzz_check(s.docs == 0 && s.errors == 1);
    } else {
        fuzz_check(rc == SL_OK);
    }
    fuzz_mix(&s, &rc, sizeof(rc));
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_seen a = run((const char *)data, size);
    fuzz_seen b = run((const char *)data, size);

    fuzz_check(a.docs == b.docs && a.errors == b.errors && a.hash == b.hash);
    return 0;
}
