/*
 * support.c - helpers shared by the unit tests (see support.h).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long test_fail_at = -1;
long test_alloc_count;

void *test_failing_malloc(size_t size)
{
    if (test_alloc_count++ == test_fail_at) {
        return NULL;
    }
    return malloc(size);
}

void *test_failing_realloc(void *ptr, size_t size)
{
    if (test_alloc_count++ == test_fail_at) {
        return NULL;
    }
    return realloc(ptr, size);
}

int test_store_setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    if (f == NULL) {
        return -1;
    }
    strcpy(f->dir, "/tmp/sl-test-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
    if (sl_store_open(&f->st, f->path, NULL) != SL_OK) {
        sl_store_close(f->st);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

int test_store_teardown(void **state)
{
    fixture *f = *state;
    char cmd[200];

    sl_store_close(f->st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        return -1;
    }
    free(f);
    return 0;
}
