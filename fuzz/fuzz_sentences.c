/*
 * fuzz_sentences.c - text bytes -> sl_sentence_split() and
 * sl_summarize(); the same bytes as a saved pool -> sl_summary_pool_load().
 *
 * Any byte string must go through without a crash, a leak or a sanitizer
 * report. The target checks what storyline/summary.h promises and aborts
 * when a promise is broken:
 *
 *   - spans are in text order, inside the text, never overlapping;
 *   - no span is empty, longer than SL_SENTENCE_MAX_BYTES, or starts or
 *     ends with white space;
 *   - every non-space byte of the text is inside some span;
 *   - the same bytes give the same spans twice;
 *   - a summary of the bytes (as two documents) keeps to its word budget
 *     and its sentences are the bytes at their offsets;
 *   - loading the bytes as a saved pool gives SL_OK or SL_EFORMAT, and a
 *     pool that loads renders within its budget and saves again to bytes
 *     that load.
 *
 * Files in the corpus that start with "SLSP" are saved pools.
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

#define BUDGET 40

static void
check_summary(const sl_summary *s, const sl_summary_doc *docs, size_t ndocs)
{
    size_t words = 0;

    for (size_t i = 0; i < s->count; i++) {
        const sl_summary_sentence *t = &s->sentences[i];
        words += t->words;
        fuzz_check(t->text != NULL && strlen(t->text) == t->len);
        if (docs != NULL) {
            fuzz_check(t->doc < ndocs && t->end <= docs[t->doc].len &&
                       t->end - t->start == t->len);
            fuzz_check(memcmp(docs[t->doc].text + t->start, t->text, t->len) ==
                       0);
        }
    }
    fuzz_check(words == s->words && words <= BUDGET);
}

static void summarize(const uint8_t *data, size_t size)
{
    sl_summary_options o = { 0 };
    sl_summary_doc docs[2];
    sl_summary *s = NULL;

    o.max_words = BUDGET;
    o.min_words = 2;
    memset(docs, 0, sizeof(docs));
    docs[0].text = (const char *)data;
    docs[0].len = size / 2;
    docs[1].text = (const char *)data + size / 2;
    docs[1].len = size - size / 2;
    if (sl_summarize(&s, docs, 2, &o) == SL_OK) {
        check_summary(s, docs, 2);
    }
    sl_summary_free(s);
}

static void load_pool(const uint8_t *data, size_t size)
{
    sl_summary_options o = { 0 };
    sl_summary_pool *p = NULL, *q = NULL;
    sl_summary *s = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rc;

    o.max_words = BUDGET;
    rc = sl_summary_pool_load(&p, data, size, &o);
    fuzz_check(rc == SL_OK || rc == SL_EFORMAT || rc == SL_ENOMEM);
    if (rc != SL_OK) {
        fuzz_check(p == NULL);
        return;
    }
    if (sl_summary_pool_render(&s, p, 0) == SL_OK) {
        check_summary(s, NULL, 0);
    }
    if (sl_summary_pool_save(&bytes, &len, p) == SL_OK) {
        rc = sl_summary_pool_load(&q, bytes, len, &o);
        fuzz_check(rc == SL_OK || rc == SL_ENOMEM);
    }
    sl_summary_free(s);
    sl_free(bytes);
    sl_summary_pool_free(q);
    sl_summary_pool_free(p);
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
    summarize(data, size);
    load_pool(data, size);
    return 0;
}
