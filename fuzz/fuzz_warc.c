/*
 * fuzz_warc.c - WARC bytes -> the streaming WARC reader.
 *
 * Input is fed to sl__warc_read_mem() (src/ingest/warc.h), the in-memory
 * twin of sl_warc_read_file(): the same parser, no temporary file. A
 * first byte of 1, 2 or 3 selects a transformation of the rest, so that
 * the gzip layer sees well-formed members around any content:
 *
 *   1  the rest as one gzip member;
 *   2  one gzip member per record (split before each "WARC/1." line),
 *      as Common Crawl writes them;
 *   3  as 2, then one byte of the compressed stream flipped, chosen by
 *      the second byte: the corrupt-member path.
 *
 * Any other input is read as it is (plain WARC or a gzip file). Checks,
 * abort() when broken: the reader returns SL_OK, or the callback's value
 * when it asked to stop (never another code for bytes in memory); every
 * document is SL_DOC_HTML with a non-empty page no longer than the cap,
 * its url valid UTF-8, its where "fuzz.warc@N"; every report has a
 * position and a message; the same bytes give the same documents and
 * reports twice. The cap is 4 KiB so that the oversized-record path runs.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../src/ingest/warc.h"
#include "check.h"
#include "fuzz.h"

#define FUZZ_MAX_BYTES ((size_t)4096)

static int on_doc(const sl_doc *d, void *payload)
{
    fuzz_seen *s = payload;

    fuzz_check(d->kind == SL_DOC_HTML);
    fuzz_check(d->html != NULL && d->html_len > 0 &&
               d->html_len <= FUZZ_MAX_BYTES);
    fuzz_check(d->path != NULL && strcmp(d->path, "fuzz.warc") == 0);
    fuzz_check(d->where != NULL && strncmp(d->where, "fuzz.warc@", 10) == 0);
    fuzz_check(d->url == NULL || fuzz_valid_utf8(d->url));
    fuzz_check(d->ext_id == NULL && d->title == NULL && d->text == NULL);
    fuzz_mix(s, d->html, d->html_len);
    fuzz_mix(s, d->where, strlen(d->where));
    if (d->url != NULL) {
        fuzz_mix(s, d->url, strlen(d->url));
    }
    fuzz_mix(s, &d->fetched_ms, sizeof(d->fetched_ms));
    s->docs++;
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    fuzz_seen *s = payload;

    fuzz_check(where != NULL && strncmp(where, "fuzz.warc@", 10) == 0);
    fuzz_check(msg != NULL && msg[0] != '\0');
    fuzz_mix(s, where, strlen(where));
    fuzz_mix(s, msg, strlen(msg));
    s->errors++;
}

static fuzz_seen run(const char *data, size_t len)
{
    fuzz_seen s = { 0 };
    sl_ingest_options o = { 0 };

    o.max_record_bytes = FUZZ_MAX_BYTES;
    o.on_doc = on_doc;
    o.on_error = on_error;
    o.payload = &s;
    fuzz_check(sl__warc_read_mem(data, len, "fuzz.warc", &o) == SL_OK);
    return s;
}

/* Append a gzip member holding in[0..len) to out (sized by the caller). */
static size_t
gz_member(unsigned char *out, size_t cap, const uint8_t *in, size_t len)
{
    z_stream zs;
    size_t made;

    memset(&zs, 0, sizeof(zs));
    fuzz_check(deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
                            Z_DEFAULT_STRATEGY) == Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    fuzz_check(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    made = cap - zs.avail_out;
    deflateEnd(&zs);
    return made;
}

static void run_twice(const char *data, size_t len)
{
    fuzz_seen a = run(data, len);
    fuzz_seen b = run(data, len);

    fuzz_check(a.docs == b.docs && a.errors == b.errors && a.hash == b.hash);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || data[0] < 1 || data[0] > 3) {
        run_twice((const char *)data, size);
        return 0;
    }
    int mode = data[0];
    const uint8_t *in = data + 1;
    size_t len = size - 1, flip = size > 1 ? data[1] : 0;
    /* Each member costs at most ~len + 5 per 16 KiB + 18 bytes of gzip
     * framing; every record start adds one member. */
    size_t members = 1, cap, out_len = 0;
    for (size_t i = 0; i + 7 <= len; i++) {
        members += memcmp(in + i, "WARC/1.", 7) == 0;
    }
    cap = len + len / 8 + 64 * members + 64;
    unsigned char *out = malloc(cap);
    fuzz_check(out != NULL);
    if (mode == 1) {
        out_len = gz_member(out, cap, in, len);
    } else {
        size_t start = 0;
        for (size_t i = 1; i + 7 <= len; i++) {
            if (memcmp(in + i, "WARC/1.", 7) == 0 && in[i - 1] == '\n') {
                out_len += gz_member(out + out_len, cap - out_len, in + start,
                                     i - start);
                start = i;
            }
        }
        out_len +=
            gz_member(out + out_len, cap - out_len, in + start, len - start);
        if (mode == 3 && out_len > 0) {
            out[(flip * 131) % out_len] ^= 0x5a;
        }
    }
    run_twice((const char *)out, out_len);
    free(out);
    return 0;
}
