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

#include "check.h"
#include "fuzz.h"
#include "storyline/ingest.h"

#define FUZZ_MAX_BYTES ((size_t)1024)

typedef struct state {
    fuzz_seen s;
    unsigned long last_line;
} state;

static void check_str(fuzz_seen *s, const char *str)
{
    if (str != NULL) {
        fuzz_check(str[0] != '\0' && fuzz_valid_utf8(str));
        fuzz_mix(s, str, strlen(str));
    } else {
        fuzz_mix(s, "", 0);
    }
}

static void check_where(state *st, const char *where)
{
    char *end;
    unsigned long line;

    fuzz_check(where != NULL && strncmp(where, "fuzz.jsonl:", 11) == 0);
    line = strtoul(where + 11, &end, 10);
    fuzz_check(*end == '\0' && line > st->last_line);
    st->last_line = line;
}

static int on_doc(const sl_doc *d, void *payload)
{
    state *st = payload;

    fuzz_check(d->kind == SL_DOC_TEXT && d->html == NULL);
    fuzz_check(d->title != NULL || d->text != NULL);
    fuzz_check(d->path != NULL && strcmp(d->path, "fuzz.jsonl") == 0);
    check_where(st, d->where);
    check_str(&st->s, d->ext_id);
    check_str(&st->s, d->url);
    check_str(&st->s, d->title);
    check_str(&st->s, d->text);
    check_str(&st->s, d->published);
    check_str(&st->s, d->source);
    check_str(&st->s, d->lang);
    check_str(&st->s, d->description);
    fuzz_check((d->author_count == 0) == (d->authors == NULL));
    for (size_t i = 0; i < d->author_count; i++) {
        fuzz_check(d->authors[i] != NULL);
        check_str(&st->s, d->authors[i]);
    }
    st->s.docs++;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    state *st = payload;

    check_where(st, where);
    fuzz_check(msg != NULL && msg[0] != '\0');
    fuzz_mix(&st->s, where, strlen(where));
    fuzz_mix(&st->s, msg, strlen(msg));
    st->s.errors++;
}

static fuzz_seen run(const char *data, size_t len)
{
    state st = { { 0 }, 0 };
    sl_ingest_options o = { 0 };

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &st;
    fuzz_check(sl_jsonl_read(data, len, "fuzz.jsonl", &o) == SL_OK);
    return st.s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_seen a = run((const char *)data, size);
    fuzz_seen b = run((const char *)data, size);

    fuzz_check(a.docs == b.docs && a.errors == b.errors && a.hash == b.hash);
    return 0;
}
