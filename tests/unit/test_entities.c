/*
 * test_entities.c - the entity tagger: tokenisation, sentences, tagging,
 * offsets, hostile input, model checks, allocation failures.
 *
 * Every sentence here is invented for the test; the people, companies
 * and countries in them are made up, except for a few well-known places.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities/model.h"
#include "entities/tokenize.h"
#include "storyline/entities.h"
#include "support.h"

/* The tokens of s joined by '|', sentence starts marked with '#'. */
static char *tokens_of(const char *s)
{
    sl__ner_tokens toks = { 0 };
    size_t i, len = 0;
    char *out = malloc(strlen(s) * 3 + 2);

    assert_non_null(out);
    assert_int_equal(sl__ner_tokenize(&toks, s, strlen(s)), SL_OK);
    for (i = 0; i < toks.count; i++) {
        const sl__ner_token *t = &toks.items[i];
        if (i > 0) {
            out[len++] = '|';
        }
        if (t->sent_start && i > 0) {
            out[len++] = '#';
        }
        memcpy(out + len, s + t->start, t->end - t->start);
        len += t->end - t->start;
    }
    out[len] = '\0';
    sl__ner_tokens_dispose(&toks);
    return out;
}

static void check_tokens(const char *in, const char *want)
{
    char *got = tokens_of(in);

    if (strcmp(got, want) != 0) {
        fail_msg("tokens of '%s':\n  got  %s\n  want %s", in, got, want);
    }
    free(got);
}

static void test_entities__tokenize(void **state)
{
    (void)state;
    check_tokens("Paris, France.", "Paris|,|France|.");
    check_tokens("the U.S. Army", "the|U.S.|Army");
    check_tokens("Jackson's lawyers", "Jackson|'s|lawyers");
    check_tokens("Jackson\xe2\x80\x99s", "Jackson|\xe2\x80\x99s");
    check_tokens("don't go", "do|n't|go");
    check_tokens("O'Neal scored", "O'Neal|scored");
    check_tokens("(Reuters) -", "(|Reuters|)|-");
    check_tokens("\"Yes,\" he said.", "\"|Yes|,|\"|he|said|.");
    check_tokens("Acme Corp. and Beta Inc. merged",
                 "Acme|Corp.|and|Beta|Inc.|merged");
    check_tokens("J. R. Tolland", "J.|R.|Tolland");
    check_tokens("rain-affected 1996-08-30 3.5 1,000",
                 "rain-affected|1996-08-30|3.5|1,000");
    check_tokens("$5 and 12%", "$|5|and|12|%");
    check_tokens("wait... what", "wait|...|what");
    check_tokens("a -- b", "a|--|b");
    check_tokens("the Smiths' car", "the|Smiths|'|car");
    check_tokens("\xe2\x80\x9c"
                 "Berlin\xe2\x80\x9d",
                 "\xe2\x80\x9c|Berlin|\xe2\x80\x9d");
    /* Already tokenised text comes out as it went in. */
    check_tokens("Simmons took four for 38 on Friday .",
                 "Simmons|took|four|for|38|on|Friday|.");
    check_tokens("Jackson 's U.S. - based firm 's",
                 "Jackson|'s|U.S.|-|based|firm|'s");
}

static void test_entities__sentences(void **state)
{
    (void)state;
    check_tokens("He left. She came.", "He|left|.|#She|came|.");
    check_tokens("He said: \"Go.\" Then he left.",
                 "He|said|:|\"|Go|.|\"|#Then|he|left|.");
    check_tokens("line one\nline two", "line|one|#line|two");
    check_tokens("Mr. Ambrose left.", "Mr.|Ambrose|left|.");
    check_tokens("2. Ilse Varga", "2.|Ilse|Varga");
    check_tokens("ranked 2. Ilse", "ranked|2|.|#Ilse");
}

typedef struct want {
    const char *text;
    const char *type;
} want;

/* Does tagging s find every entity in w (text and type)? */
static void check_finds(sl_entities *ner, const char *s, const want *w)
{
    const sl_entity *e = NULL;
    size_t n = 0, i;

    assert_int_equal(sl_entities_tag(&e, &n, ner, s, strlen(s)), SL_OK);
    for (; w->text != NULL; w++) {
        int found = 0;
        for (i = 0; i < n; i++) {
            if (e[i].end - e[i].start == strlen(w->text) &&
                memcmp(s + e[i].start, w->text, strlen(w->text)) == 0 &&
                strcmp(sl_entity_type_name(e[i].type), w->type) == 0) {
                found = 1;
            }
        }
        if (!found) {
            fail_msg("'%s' (%s) not found in: %s", w->text, w->type, s);
        }
    }
}

static void test_entities__tag(void **state)
{
    static const want w1[] = { { "Tobias Wrenfield", "PER" },
                               { "Madrid", "LOC" },
                               { "European Union", "ORG" },
                               { NULL, NULL } };
    static const want w2[] = { { "Halvard Brennick", "PER" },
                               { "Washington", "LOC" },
                               { "International Monetary Fund", "ORG" },
                               { NULL, NULL } };
    static const want w3[] = { { "Marta Kowalczyk", "PER" },
                               { "Toronto", "LOC" },
                               { NULL, NULL } };
    static const want w4[] = { { "LONDON", "LOC" }, { NULL, NULL } };
    sl_entities *ner = NULL;
    const sl_entity *e = NULL;
    size_t n = 99, i;
    const char *lower = "the quick brown fox jumps over the lazy dog.";

    (void)state;
    assert_int_equal(sl_entities_new(&ner, NULL), SL_OK);
    check_finds(ner,
                "Mr. Tobias Wrenfield told reporters in Madrid that the "
                "European Union had not decided.",
                w1);
    check_finds(ner,
                "President Halvard Brennick arrived in Washington for talks "
                "with the International Monetary Fund.",
                w2);
    check_finds(ner,
                "Marta Kowalczyk, a spokeswoman, said in Toronto on Monday "
                "that 300 jobs would go.",
                w3);
    check_finds(ner, "LONDON 1996-08-30\nShares fell on Friday .", w4);
    assert_int_equal(sl_entities_tag(&e, &n, ner, lower, strlen(lower)), SL_OK);
    assert_int_equal(n, 0);
    assert_null(e);

    /* Same text, same answer, whatever came before. */
    {
        const char *s = "Ilse Varga of Brandt Holdings spoke in Vienna.";
        sl_entity first[16];
        size_t n1;
        assert_int_equal(sl_entities_tag(&e, &n1, ner, s, strlen(s)), SL_OK);
        assert_true(n1 <= 16);
        memcpy(first, e, n1 * sizeof(*e));
        assert_int_equal(sl_entities_tag(&e, &n, ner, lower, strlen(lower)),
                         SL_OK);
        assert_int_equal(sl_entities_tag(&e, &n, ner, s, strlen(s)), SL_OK);
        assert_int_equal(n, n1);
        for (i = 0; i < n; i++) {
            assert_int_equal(e[i].start, first[i].start);
            assert_int_equal(e[i].end, first[i].end);
            assert_int_equal(e[i].type, first[i].type);
        }
    }
    sl_entities_free(ner);
}

static void test_entities__codepoints(void **state)
{
    /* "Zoë Ødegaard" is 12 code points in 14 bytes. */
    const char *s = "Gda\xc5\x84sk and Krak\xc3\xb3w hosted "
                    "Zo\xc3\xab \xc3\x98"
                    "degaard, who works for the "
                    "United Nations in Geneva.";
    sl_entities *ner = NULL;
    const sl_entity *e = NULL;
    sl_entity copy[16];
    size_t n = 0, i;
    int saw_person = 0;

    (void)state;
    assert_int_equal(sl_entities_new(&ner, NULL), SL_OK);
    assert_int_equal(sl_entities_tag(&e, &n, ner, s, strlen(s)), SL_OK);
    assert_true(n >= 2 && n <= 16);
    memcpy(copy, e, n * sizeof(*e));
    assert_int_equal(sl_entities_to_codepoints(copy, n, s, strlen(s)), SL_OK);
    for (i = 0; i < n; i++) {
        assert_true(copy[i].start <= e[i].start);
        assert_true(copy[i].end - copy[i].start <= e[i].end - e[i].start);
        if (e[i].type == SL_ENTITY_PER) {
            /* Bytes 27..41, code points 25..37. */
            assert_int_equal(e[i].start, 27);
            assert_int_equal(e[i].end, 41);
            assert_int_equal(copy[i].start, 25);
            assert_int_equal(copy[i].end, 37);
            saw_person = 1;
        }
    }
    assert_true(saw_person);

    /* Out of order or past the end: refused, nothing changed. */
    copy[0].start = 5;
    copy[0].end = 3;
    assert_int_equal(sl_entities_to_codepoints(copy, 1, s, strlen(s)),
                     SL_EINVAL);
    assert_int_equal(copy[0].start, 5);
    copy[0].start = 0;
    copy[0].end = strlen(s) + 1;
    assert_int_equal(sl_entities_to_codepoints(copy, 1, s, strlen(s)),
                     SL_EINVAL);
    /* An ill-formed byte counts as one code point. */
    copy[0].start = 2;
    copy[0].end = 4;
    assert_int_equal(sl_entities_to_codepoints(copy, 1,
                                               "\xff\xfe"
                                               "ab",
                                               4),
                     SL_OK);
    assert_int_equal(copy[0].start, 2);
    assert_int_equal(copy[0].end, 4);
    assert_int_equal(sl_entities_to_codepoints(NULL, 0, "", 0), SL_OK);
    sl_entities_free(ner);
}

/* Entities must be in order, inside the text, and on token edges. */
static void check_sane(const sl_entity *e, size_t n, size_t len)
{
    size_t i, last = 0;

    for (i = 0; i < n; i++) {
        assert_true(e[i].start >= last);
        assert_true(e[i].end > e[i].start);
        assert_true(e[i].end <= len);
        assert_true(e[i].type <= SL_ENTITY_MISC);
        last = e[i].end;
    }
}

static void test_entities__hostile(void **state)
{
    sl_entities *ner = NULL;
    sl_entities_options o = { 0 };
    const sl_entity *e = NULL;
    size_t n = 0, i;
    char *big;
    const size_t big_len = 200000;
    static const char *const odd[] = {
        "\xff\xfe\xfd Nowhere \xc3",
        "\xe2\x80",
        "'",
        "''''''''",
        "...",
        "Paris,,,,,,,,,,,,,",
        "\"\"\"(((Paris)))\"\"\"",
        "\xe2\x80\x99s",
        "A.",
        ".",
        "-",
        "U.S.A.B.C.D.E.F.",
        "\n\n\n\r\n\t\v\f",
        "Mr.\xc2\xa0Smith\xe2\x80\x83went\xe3\x80\x80home",
    };

    (void)state;
    o.max_bytes = 1000;
    assert_int_equal(sl_entities_new(&ner, &o), SL_OK);
    /* Empty text, NULL allowed when empty. */
    assert_int_equal(sl_entities_tag(&e, &n, ner, NULL, 0), SL_OK);
    assert_int_equal(n, 0);
    /* The cap. */
    big = malloc(big_len);
    assert_non_null(big);
    memset(big, 'A', big_len);
    assert_int_equal(sl_entities_tag(&e, &n, ner, big, 1001), SL_ELIMIT);
    assert_null(e);
    assert_int_equal(n, 0);
    for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        assert_int_equal(sl_entities_tag(&e, &n, ner, odd[i], strlen(odd[i])),
                         SL_OK);
        check_sane(e, n, strlen(odd[i]));
    }
    /* NUL bytes inside. */
    assert_int_equal(sl_entities_tag(&e, &n, ner, "Ann\0Berg in Oslo", 16),
                     SL_OK);
    check_sane(e, n, 16);
    sl_entities_free(ner);

    /* One huge token, then a long sentence with no break, then every
     * byte value. */
    assert_int_equal(sl_entities_new(&ner, NULL), SL_OK);
    assert_int_equal(sl_entities_tag(&e, &n, ner, big, big_len), SL_OK);
    check_sane(e, n, big_len);
    for (i = 0; i < big_len; i++) {
        big[i] = i % 7 == 6 ? ' ' : (char)('A' + i % 26);
    }
    assert_int_equal(sl_entities_tag(&e, &n, ner, big, big_len), SL_OK);
    check_sane(e, n, big_len);
    for (i = 0; i < big_len; i++) {
        big[i] = (char)(i * 7919 % 256);
    }
    assert_int_equal(sl_entities_tag(&e, &n, ner, big, big_len), SL_OK);
    check_sane(e, n, big_len);
    free(big);
    sl_entities_free(ner);
    sl_entities_free(NULL);
}

static void test_entities__names(void **state)
{
    (void)state;
    assert_string_equal(sl_entity_type_name(SL_ENTITY_PER), "PER");
    assert_string_equal(sl_entity_type_name(SL_ENTITY_ORG), "ORG");
    assert_string_equal(sl_entity_type_name(SL_ENTITY_LOC), "LOC");
    assert_string_equal(sl_entity_type_name(SL_ENTITY_MISC), "MISC");
    assert_string_equal(sl_entity_type_name((sl_entity_type)9), "?");
}

static void test_entities__bad_model(void **state)
{
    sl_entities_options o = { 0 };
    sl_entities *ner = NULL;
    sl__ner_model m;
    uint64_t *copy;
    size_t len = (size_t)sl__ner_blob_len;
    sl__ner_header h;

    (void)state;
    assert_int_equal(sl__ner_model_builtin(&m), SL_OK);
    copy = malloc(len + 8);
    assert_non_null(copy);
    memcpy(copy, sl__ner_blob, len);
    o.model = copy;
    o.model_len = len;
    assert_int_equal(sl_entities_new(&ner, &o), SL_OK);
    sl_entities_free(ner);

    /* Truncated, misaligned, wrong magic, offsets out of bounds. */
    o.model_len = len - 8;
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    assert_null(ner);
    o.model_len = 100;
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    o.model = (const char *)copy + 1;
    o.model_len = len;
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    o.model = copy;
    memcpy(&h, (char *)copy + SL__NER_PREAMBLE, sizeof(h));
    h.weights = len;
    h.nweights = 4;
    memcpy((char *)copy + SL__NER_PREAMBLE, &h, sizeof(h));
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    memcpy(copy, sl__ner_blob, len);
    memcpy(&h, (char *)copy + SL__NER_PREAMBLE, sizeof(h));
    h.nweights = 0; /* every weight offset now points past the end */
    memcpy((char *)copy + SL__NER_PREAMBLE, &h, sizeof(h));
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    memcpy(copy, sl__ner_blob, len);
    ((char *)copy)[SL__NER_PREAMBLE] = 'X';
    assert_int_equal(sl_entities_new(&ner, &o), SL_EFORMAT);
    free(copy);
}

static void test_entities__oom(void **state)
{
    const sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    const char *s = "Ilse Varga of Brandt Holdings spoke in Vienna.\n"
                    "Varga said the Vienna office would stay open.";
    int rc = SL_ENOMEM;
    long n;

    (void)state;
    sl_set_allocator(&a);
    for (n = 0; n < 1000 && rc == SL_ENOMEM; n++) {
        sl_entities *ner = NULL;
        const sl_entity *e = NULL;
        size_t count = 0;
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl_entities_new(&ner, NULL);
        if (rc == SL_OK) {
            rc = sl_entities_tag(&e, &count, ner, s, strlen(s));
            if (rc == SL_ENOMEM) {
                assert_null(e);
                assert_int_equal(count, 0);
            }
        }
        assert_true(rc == SL_OK || rc == SL_ENOMEM);
        sl_entities_free(ner);
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entities__tokenize),
        cmocka_unit_test(test_entities__sentences),
        cmocka_unit_test(test_entities__tag),
        cmocka_unit_test(test_entities__codepoints),
        cmocka_unit_test(test_entities__hostile),
        cmocka_unit_test(test_entities__names),
        cmocka_unit_test(test_entities__bad_model),
        cmocka_unit_test(test_entities__oom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
