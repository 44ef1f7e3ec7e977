/*
 * fuzz_timeline.c - any bytes -> sl_timeline_load() and sl_digest_load(),
 * the readers of the story digests kept in the store.
 *
 * Each input is loaded twice: as given (almost always refused by the
 * checksum) and with its last eight bytes replaced by the right checksum,
 * so that the fuzzer reaches the structural checks behind it. Whenever a
 * load succeeds, the target checks what storyline/timeline.h promises:
 *
 *   - the accumulator renders, days in strictly increasing order, each a
 *     valid "YYYY-MM-DD" with well-formed UTF-8 sentences;
 *   - saving it gives bytes that load again and save to the same bytes;
 *   - adding an article to it works.
 *
 * Inputs that start like a digest ("SLSD") also go to sl_digest_load(),
 * with the timeline part's checksum fixed likewise; a loaded digest must
 * save to bytes that load again and save the same.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/digest.h"
#include "storyline/timeline.h"

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static void check_loaded(sl_timeline *tl)
{
    sl_timeline_render_options ro = { .dates = 50, .sentences = 3 };
    sl_timeline_result *r;
    unsigned char *a, *b;
    size_t na, nb;
    sl_timeline *t2;

    fuzz_check(sl_timeline_render(&r, tl, &ro) == SL_OK);
    for (size_t i = 0; i < r->count; i++) {
        const char *d = r->entries[i].date;
        fuzz_check(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
        if (i > 0) {
            fuzz_check(strcmp(r->entries[i - 1].date, d) < 0);
        }
        fuzz_check(r->entries[i].sentence_count <= 3);
        for (size_t j = 0; j < r->entries[i].sentence_count; j++) {
            fuzz_check(fuzz_valid_utf8(r->entries[i].sentences[j]));
        }
    }
    sl_timeline_result_free(r);

    fuzz_check(sl_timeline_save(&a, &na, tl) == SL_OK);
    fuzz_check(sl_timeline_load(&t2, a, na, NULL) == SL_OK);
    fuzz_check(sl_timeline_save(&b, &nb, t2) == SL_OK);
    fuzz_check(na == nb && memcmp(a, b, na) == 0);
    sl_free(a);
    sl_free(b);
    sl_timeline_free(t2);

    const char *text = "The bridge reopened on 2 May 2021 after repairs.";
    sl_timeline_article art = { .published_ms = INT64_C(1620000000000),
                                .body = text,
                                .body_len = strlen(text) };
    fuzz_check(sl_timeline_add(tl, &art) == SL_OK);
}

static void check_digest(const unsigned char *buf, size_t size)
{
    sl_digest *d, *d2;
    unsigned char *a, *b;
    size_t na, nb;

    if (sl_digest_load(&d, buf, size, NULL) != SL_OK) {
        fuzz_check(d == NULL);
        return;
    }
    fuzz_check(sl_digest_save(&a, &na, d) == SL_OK);
    fuzz_check(sl_digest_load(&d2, a, na, NULL) == SL_OK);
    fuzz_check(sl_digest_save(&b, &nb, d2) == SL_OK);
    fuzz_check(na == nb && memcmp(a, b, na) == 0);
    sl_free(a);
    sl_free(b);
    sl_digest_free(d2);
    sl_digest_free(d);
}

/* A digest: "SLSD", version, timeline length, timeline bytes, ... Fix
 * the checksum at the end of the timeline part, if the length allows. */
static void fuzz_digest(unsigned char *buf, size_t size)
{
    check_digest(buf, size);
    if (size < 12) {
        return;
    }
    size_t nt = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
                (size_t)buf[11] << 24;
    if (nt < 8 || nt > size - 12) {
        return;
    }
    uint64_t h = fnv1a(buf + 12, nt - 8);
    for (int i = 0; i < 8; i++) {
        buf[12 + nt - 8 + i] = (unsigned char)(h >> (8 * i));
    }
    check_digest(buf, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf = malloc(size ? size : 1);
    sl_timeline *tl;

    if (buf == NULL) {
        return 0;
    }
    memcpy(buf, data, size);
    if (size >= 4 && memcmp(buf, "SLSD", 4) == 0) {
        fuzz_digest(buf, size);
        memcpy(buf, data, size);
    }
    if (sl_timeline_load(&tl, buf, size, NULL) == SL_OK) {
        check_loaded(tl);
        sl_timeline_free(tl);
    } else {
        fuzz_check(tl == NULL);
    }
    if (size >= 8) {
        uint64_t h = fnv1a(buf, size - 8);
        for (int i = 0; i < 8; i++) {
            buf[size - 8 + i] = (unsigned char)(h >> (8 * i));
        }
        if (sl_timeline_load(&tl, buf, size, NULL) == SL_OK) {
            check_loaded(tl);
            sl_timeline_free(tl);
        } else {
            fuzz_check(tl == NULL);
        }
    }
    free(buf);
    return 0;
}
