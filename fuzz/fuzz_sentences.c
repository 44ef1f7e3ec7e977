/*
 * fuzz_sentences.c - text bytes -> sl_sentence_split().
 *
 * Any byte string must split without a crash, a leak or a sanitizer
 * report. The target checks what storyline/summary.h promises and aborts
 * when a promise is broken:
 *
 *   - spans are in text order, inside the text, never overlapping;
 *   - no span is empty, longer than SL_SENTENCE_MAX_BYTES, or starts or
 *     ends with white space;
 *   - every non-space byte of the text is inside some span;
 *   - the same bytes give the same spans twice.
 */
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/summary.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    sl_span *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, covered = 0, pos = 0;

    if (sl_sentence_split(&a, &na, text, size) != SL_OK) {
        return 0; /* out of memory only */
    }
    for (size_t i = 0; i < na; i++) {
        fuzz_check(a[i].start >= pos && a[i].end > a[i].start);
        fuzz_check(a[i].end <= size);
        fuzz_check(a[i].end - a[i].start <= SL_SENTENCE_MAX_BYTES);
        fuzz_check(!is_space(data[a[i].start]) &&
                   !is_space(data[a[i].end - 1]));
        for (size_t j = pos; j < a[i].start; j++) {
            fuzz_check(is_space(data[j]));
        }
        covered += a[i].end - a[i].start;
        pos = a[i].end;
    }
    for (size_t j = pos; j < size; j++) {
        fuzz_check(is_space(data[j]));
    }
    fuzz_check(covered <= size);
    fuzz_check(sl_sentence_split(&b, &nb, text, size) == SL_OK);
    fuzz_check(na == nb);
    fuzz_check(na == 0 || memcmp(a, b, na * sizeof(*a)) == 0);
    sl_free(a);
    sl_free(b);
    return 0;
}
