/*
 * support.h - what several unit tests share: an allocator that fails the
 * Nth allocation (for out-of-memory loops, as curl's torture tests) and a
 * store in a fresh temporary folder (a cmocka setup/teardown pair).
 */
#ifndef SL_TESTS_UNIT_SUPPORT_H
#define SL_TESTS_UNIT_SUPPORT_H

#include <stddef.h>

#include "storyline/store.h"

/* Allocations counted since the test last set it to 0, and the one to
 * fail (-1: none). Install with
 *   sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
 *   sl_set_allocator(&a);
 */
extern long test_fail_at;
extern long test_alloc_count;

void *test_failing_malloc(size_t size);
void *test_failing_realloc(void *ptr, size_t size);

/* A store opened in a new folder under /tmp; *state is the fixture. */
typedef struct fixture {
    char dir[64];
    char path[128];
    sl_store *st;
} fixture;

int test_store_setup(void **state);
/* Close the store and remove its folder. */
int test_store_teardown(void **state);

#endif
