/*
 * fuzz_postings.c - bytes -> sl__postings_decode(), the reader of the
 * fingerprint index's bucket blobs (src/provenance/postings.h).
 *
 * The blobs come from the store file, which other programs can write
 * to: a damaged one must give SL_EFORMAT, never a crash, an overread or
 * a huge allocation. The first byte picks the tag bits (0 to 32), the
 * next four the bucket's prefix; the rest is the blob. When a blob
 * decodes, the target checks what the format promises and aborts when a
 * promise is broken:
 *
 *   - ids never decrease and every hash carries the bucket's prefix;
 *   - encoding the postings again and decoding that gives them back.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "provenance/postings.h"
#include "storyline/storyline.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl__posting *v = NULL, *w = NULL;
    size_t n = 0, cap = 0, m = 0, wcap = 0;
    unsigned tagbits;
    uint32_t prefix;
    sl_buf b;
    int rc;

    if (size < 5) {
        return 0;
    }
    tagbits = data[0] % 33;
    prefix = (uint32_t)data[1] | (uint32_t)data[2] << 8 |
             (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
    prefix = tagbits == 0 ? prefix : (tagbits >= 32 ? 0 : prefix >> tagbits);
    rc = sl__postings_decode(data + 5, size - 5, tagbits, prefix, &v, &n, &cap);
    if (rc != SL_OK) {
        fuzz_check(rc == SL_EFORMAT || rc == SL_ENOMEM);
        fuzz_check(n == 0);
        sl__free(v);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        fuzz_check(v[i].id >= 0);
        fuzz_check(i == 0 || v[i].id >= v[i - 1].id);
        if (tagbits < 32) {
            fuzz_check(v[i].h >> tagbits == prefix);
        }
    }
    sl__buf_init(&b, 0);
    fuzz_check(sl__postings_encode(v, n, tagbits, &b) == SL_OK);
    fuzz_check(sl__postings_decode(b.ptr, b.len, tagbits, prefix, &w, &m,
                                   &wcap) == SL_OK);
    fuzz_check(m == n);
    for (size_t i = 0; i < n; i++) {
        fuzz_check(w[i].id == v[i].id && w[i].h == v[i].h);
    }
    sl__buf_dispose(&b);
    sl__free(v);
    sl__free(w);
    return 0;
}
