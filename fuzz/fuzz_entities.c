/*
 * fuzz_entities.c - text bytes -> sl_entities_tag().
 *
 * Any byte string (valid UTF-8 or not, NULs included) must give SL_OK and
 * a list of entities, never a crash, a leak or a sanitizer report.
 * Beyond that the target checks what storyline/entities.h promises, and
 * aborts when a promise is broken:
 *
 *   - input over max_bytes gives SL_ELIMIT with no entities;
 *   - entities are in text order, non-empty, non-overlapping, inside the
 *     text, of one of the four types, and never start or end inside a
 *     well-formed UTF-8 sequence;
 *   - sl_entities_to_codepoints() accepts them and gives offsets no
 *     larger than the byte offsets, in the same order;
 *   - the same bytes give the same entities twice, also after another
 *     text went through the same tagger.
 *
 * max_bytes is kept small (64 KiB) so that the cap is reached.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/entities.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

static sl_entities *ner;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    sl_entities_options o = { 0 };

    (void)argc;
    (void)argv;
    o.max_bytes = FUZZ_MAX_BYTES;
    fuzz_check(sl_entities_new(&ner, &o) == SL_OK);
    return 0;
}

/* Is byte offset 'off' a continuation byte of a well-formed sequence? */
static int inside_sequence(const uint8_t *data, size_t size, size_t off)
{
    size_t back;

    if (off >= size || (data[off] & 0xC0) != 0x80) {
        return 0;
    }
    for (back = 1; back <= 3 && back <= off; back++) {
        uint8_t c = data[off - back];
        size_t need;
        if ((c & 0xC0) == 0x80) {
            continue;
        }
        need = c >= 0xF0 && c <= 0xF4   ? 4
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xC2 && c <= 0xDF ? 2
                                        : 0;
        return need > back;
    }
    return 0;
}

static uint64_t run(const uint8_t *data, size_t size)
{
    const sl_entity *e = NULL;
    sl_entity *copy;
    size_t n = 99, i, last = 0;
    fuzz_seen s = { 0 };
    int rc;

    rc = sl_entities_tag(&e, &n, ner, (const char *)data, size);
    if (size > FUZZ_MAX_BYTES) {
        fuzz_check(rc == SL_ELIMIT && e == NULL && n == 0);
        return 0;
    }
    fuzz_check(rc == SL_OK);
    fuzz_check((n == 0) == (e == NULL));
    for (i = 0; i < n; i++) {
        fuzz_check(e[i].start >= last && e[i].end > e[i].start);
        fuzz_check(e[i].end <= size);
        fuzz_check(e[i].type >= SL_ENTITY_PER && e[i].type <= SL_ENTITY_MISC);
        fuzz_check(!inside_sequence(data, size, e[i].start));
        fuzz_check(!inside_sequence(data, size, e[i].end));
        last = e[i].end;
        fuzz_mix(&s, &e[i], sizeof(e[i]));
    }
    copy = malloc(n * sizeof(*copy) + 1);
    fuzz_check(copy != NULL);
    if (n > 0) {
        memcpy(copy, e, n * sizeof(*copy));
    }
    fuzz_check(sl_entities_to_codepoints(copy, n, (const char *)data, size) ==
               SL_OK);
    for (i = 0; i < n; i++) {
        fuzz_check(copy[i].start <= e[i].start && copy[i].end <= e[i].end);
        fuzz_check(copy[i].end > copy[i].start);
        fuzz_check(i == 0 || copy[i].start >= copy[i - 1].end);
    }
    free(copy);
    return s.hash ^ n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char other[] = "Ilse Varga of Brandt Holdings, Vienna.";
    const sl_entity *e;
    size_t n;
    uint64_t h1, h2;

    h1 = run(data, size);
    fuzz_check(sl_entities_tag(&e, &n, ner, other, sizeof(other) - 1) == SL_OK);
    h2 = run(data, size);
    fuzz_check(h1 == h2);
    return 0;
}
