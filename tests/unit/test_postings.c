/*
 * test_postings.c - the fingerprint index of provenance: the bucket
 * codec round-trips and rejects damaged blobs; the index finds exactly
 * the articles holding a fingerprint while its buckets split, after a
 * reopen, for an older article added late and for duplicates; a
 * fingerprint stops gaining postings at its cap; a corrupt
 * bucket is an error, not a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "provenance/index.h"
#include "provenance/postings.h"
#include "store/backend.h"
#include "storyline/store.h"
#include "support.h"

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

static void check_round_trip(unsigned tagbits, size_t n, uint64_t max_gap)
{
    sl__posting *v = calloc(n + 1, sizeof(*v));
    sl__posting *back = NULL;
    size_t nb = 0, cap = 0;
    uint32_t prefix = tagbits >= 32 ? 0 : rng() >> tagbits;
    uint32_t top = tagbits >= 32 ? 0 : prefix << tagbits;
    uint32_t mask = tagbits >= 32 ? 0xffffffffu : (1u << tagbits) - 1;
    int64_t id = (int64_t)(rng() % 1000);
    sl_buf b;

    assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && rng() % 4 != 0) {
            id += (int64_t)(((uint64_t)rng() << 16 ^ rng()) % (max_gap + 1));
        }
        v[i].id = id;
        v[i].h = top | (rng() & mask);
        /* Keep (id, h) increasing when the gap was 0. */
        if (i > 0 && v[i].id == v[i - 1].id && v[i].h <= v[i - 1].h) {
            v[i].id++;
            id++;
        }
    }
    sl__buf_init(&b, 0);
    assert_int_equal(sl__postings_encode(v, n, tagbits, &b), SL_OK);
    assert_int_equal(
        sl__postings_decode(b.ptr, b.len, tagbits, prefix, &back, &nb, &cap),
        SL_OK);
    assert_int_equal(nb, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(back[i].id, v[i].id);
        assert_int_equal(back[i].h, v[i].h);
    }
    /* Every cut blob and a blob with a byte more are refused. */
    for (size_t cut = 0; cut < b.len; cut += 1 + b.len / 40) {
        size_t before = nb;
        assert_int_equal(
            sl__postings_decode(b.ptr, cut, tagbits, prefix, &back, &nb, &cap),
            SL_EFORMAT);
        assert_int_equal(nb, before);
    }
    assert_int_equal(sl__buf_addc(&b, 0x5a), SL_OK);
    assert_int_equal(
        sl__postings_decode(b.ptr, b.len, tagbits, prefix, &back, &nb, &cap),
        SL_EFORMAT);
    sl__buf_dispose(&b);
    free(back);
    free(v);
}

static void test_postings__codec_round_trip(void **state)
{
    static const unsigned tagbits[] = { 0, 1, 7, 16, 20, 31, 32 };
    static const size_t sizes[] = { 1, 2, 3, 64, 1000 };

    (void)state;
    rng_state = 7;
    for (size_t t = 0; t < sizeof(tagbits) / sizeof(*tagbits); t++) {
        for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
            check_round_trip(tagbits[t], sizes[s], 3);
            check_round_trip(tagbits[t], sizes[s], 20000);
            check_round_trip(tagbits[t], sizes[s], UINT64_C(1) << 40);
        }
    }
}

static void test_postings__codec_checks_its_input(void **state)
{
    sl__posting v[2] = { { 5, 1 }, { 4, 2 } };
    sl__posting *back = NULL;
    size_t n = 0, cap = 0;
    sl_buf b;

    (void)state;
    sl__buf_init(&b, 0);
    /* Out of order, negative ids, too many tag bits. */
    assert_int_equal(sl__postings_encode(v, 2, 16, &b), SL_EINVAL);
    v[0].id = -1;
    assert_int_equal(sl__postings_encode(v, 1, 16, &b), SL_EINVAL);
    assert_int_equal(sl__postings_encode(v, 1, 33, &b), SL_EINVAL);
    /* An empty bucket is a count of 0 and nothing else. */
    assert_int_equal(sl__postings_encode(v, 0, 16, &b), SL_OK);
    assert_int_equal(b.len, 1);
    assert_int_equal(sl__postings_decode(b.ptr, b.len, 16, 0, &back, &n, &cap),
                     SL_OK);
    assert_int_equal(n, 0);
    /* A count no blob of this size can hold. */
    static const unsigned char huge[] = { 0xff, 0xff, 0xff, 0x7f, 0x01, 0x03 };
    assert_int_equal(
        sl__postings_decode(huge, sizeof(huge), 16, 0, &back, &n, &cap),
        SL_EFORMAT);
    sl__buf_dispose(&b);
    free(back);
}

/* Fingerprints of article 'id' in the index test: 24 of its own and one
 * shared by every tenth article. */
enum { PER_ARTICLE = 24, ARTICLES = 4000, SHARED = 0x12345678u };

static void article_fps(uint32_t *fps, size_t *n, int64_t id)
{
    rng_state = (uint64_t)id * 0x9e3779b97f4a7c15u + 1;
    *n = 0;
    for (size_t i = 0; i < PER_ARTICLE; i++) {
        /* A narrow range: articles share fingerprints now and then. */
        fps[(*n)++] = rng() % 60000;
    }
    if (id % 10 == 0) {
        fps[(*n)++] = SHARED;
    }
}

static int collect(int64_t id, void *payload)
{
    int64_t **p = payload;

    *(*p)++ = id;
    return 0;
}

/* The articles holding 'fp' as the index says, and as brute force
 * says; both in increasing order. */
static void check_lookup(sl_store *st, uint32_t fp)
{
    static int64_t got[ARTICLES + 1], want[ARTICLES + 1];
    int64_t *g = got;
    size_t nwant = 0;
    sl__postings p;

    for (int64_t id = 1; id <= ARTICLES; id++) {
        uint32_t fps[PER_ARTICLE + 1];
        size_t n;
        article_fps(fps, &n, id);
        for (size_t i = 0; i < n; i++) {
            if (fps[i] == fp) {
                want[nwant++] = id;
                break;
            }
        }
    }
    sl__postings_init(&p);
    assert_int_equal(sl__postings_load(st, &p, &fp, 1), SL_OK);
    assert_int_equal(sl__postings_each(&p, fp, collect, &g), 0);
    assert_int_equal((size_t)(g - got), nwant);
    for (size_t i = 0; i < nwant; i++) {
        assert_int_equal(got[i], want[i]);
    }
    sl__postings_dispose(&p);
}

static void test_postings__index_grows_and_finds(void **state)
{
    fixture *f = *state;
    sl__postings p;

    sl__postings_init(&p);
    assert_int_equal(sl_store_begin(f->st), SL_OK);
    for (int64_t id = 1; id <= ARTICLES; id++) {
        uint32_t fps[PER_ARTICLE + 1];
        size_t n;
        article_fps(fps, &n, id);
        assert_int_equal(sl__postings_load(f->st, &p, fps, n), SL_OK);
        assert_int_equal(sl__postings_add(f->st, &p, fps, n, id, 0), SL_OK);
        if (id % 500 == 0) {
            assert_int_equal(sl_store_commit(f->st), SL_OK);
            assert_int_equal(sl_store_begin(f->st), SL_OK);
        }
    }
    assert_int_equal(sl_store_commit(f->st), SL_OK);
    /* About 96,000 postings: over a thousand buckets, none large. */
    assert_int_equal(sl__postings_load(f->st, &p, NULL, 0), SL_OK);
    assert_true(p.level >= 10);
    assert_true(p.count > 90000 && p.count <= ARTICLES * (PER_ARTICLE + 1));
    sl__postings_dispose(&p);
    check_lookup(f->st, SHARED);
    for (uint32_t fp = 0; fp < 60000; fp += 997) {
        check_lookup(f->st, fp);
    }
    check_lookup(f->st, 0xdeadbeefu); /* held by nobody */
    /* The same after a reopen: nothing is rebuilt. */
    sl_store_close(f->st);
    assert_int_equal(sl_store_open(&f->st, f->path, NULL), SL_OK);
    check_lookup(f->st, SHARED);
    check_lookup(f->st, 12345);
}

static void test_postings__late_and_repeated_articles(void **state)
{
    fixture *f = *state;
    uint32_t fps[3] = { 77, 78, 77 };
    int64_t got[8], *g = got;
    sl__postings p;

    sl__postings_init(&p);
    assert_int_equal(sl_store_begin(f->st), SL_OK);
    /* Article 10, then 5 (an older article's revision), then 10 again. */
    static const int64_t order[] = { 10, 5, 10 };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(sl__postings_load(f->st, &p, fps, 3), SL_OK);
        assert_int_equal(sl__postings_add(f->st, &p, fps, 3, order[i], 0),
                         SL_OK);
    }
    assert_int_equal(sl_store_commit(f->st), SL_OK);
    assert_int_equal(sl__postings_load(f->st, &p, fps, 3), SL_OK);
    assert_int_equal(p.count, 4); /* (5, 77) (5, 78) (10, 77) (10, 78) */
    assert_int_equal(sl__postings_each(&p, 77, collect, &g), 0);
    assert_int_equal(g - got, 2);
    assert_int_equal(got[0], 5);
    assert_int_equal(got[1], 10);
    sl__postings_dispose(&p);
}

static void test_postings__common_fingerprints_are_capped(void **state)
{
    fixture *f = *state;
    uint32_t fps[2] = { 42, 43 };
    int64_t got[16], *g = got;
    sl__postings p;

    sl__postings_init(&p);
    assert_int_equal(sl_store_begin(f->st), SL_OK);
    /* 42 in ten articles, 43 in the last only: 42 stops at four. */
    for (int64_t id = 1; id <= 10; id++) {
        assert_int_equal(sl__postings_load(f->st, &p, fps, 2), SL_OK);
        assert_int_equal(
            sl__postings_add(f->st, &p, fps, id == 10 ? 2 : 1, id, 4), SL_OK);
    }
    assert_int_equal(sl_store_commit(f->st), SL_OK);
    assert_int_equal(sl__postings_load(f->st, &p, fps, 2), SL_OK);
    assert_int_equal(p.count, 5);
    assert_int_equal(sl__postings_each(&p, 42, collect, &g), 0);
    assert_int_equal(g - got, 4);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[3], 4);
    g = got;
    assert_int_equal(sl__postings_each(&p, 43, collect, &g), 0);
    assert_int_equal(g - got, 1);
    assert_int_equal(got[0], 10);
    sl__postings_dispose(&p);
}

static void test_postings__corrupt_bucket_is_an_error(void **state)
{
    fixture *f = *state;
    uint32_t fp = 99;
    sl__postings p;

    sl__postings_init(&p);
    assert_int_equal(sl_store_begin(f->st), SL_OK);
    assert_int_equal(sl__postings_load(f->st, &p, &fp, 1), SL_OK);
    assert_int_equal(sl__postings_add(f->st, &p, &fp, 1, 1, 0), SL_OK);
    /* An empty index has one bucket, key 1. */
    assert_int_equal(f->st->ops->prov->bucket_put(f->st, 1, "\x05\x01\x00", 3),
                     SL_OK);
    assert_int_equal(sl__postings_load(f->st, &p, &fp, 1), SL_EDB);
    /* A damaged header too. */
    assert_int_equal(f->st->ops->prov->bucket_put(f->st, 0, "\x07", 1), SL_OK);
    assert_int_equal(sl__postings_load(f->st, &p, &fp, 1), SL_EDB);
    assert_int_equal(sl_store_rollback(f->st), SL_OK);
    sl__postings_dispose(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postings__codec_round_trip),
        cmocka_unit_test(test_postings__codec_checks_its_input),
        cmocka_unit_test_setup_teardown(test_postings__index_grows_and_finds,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_postings__late_and_repeated_articles, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_postings__common_fingerprints_are_capped, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_postings__corrupt_bucket_is_an_error, test_store_setup,
            test_store_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
