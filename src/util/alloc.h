/*
 * alloc.h - the library's allocation entry points.
 *
 * Every allocation in src/ goes through sl__malloc/sl__realloc/sl__free so
 * that tests can replace the allocator (sl_set_allocator) and fail the Nth
 * call. Size helpers check for overflow on input-derived sizes.
 */
#ifndef SL_UTIL_ALLOC_H
#define SL_UTIL_ALLOC_H

#include <stddef.h>

#include "storyline/common.h"

/* File-local functions that unit tests call: static in the library,
 * visible in the test build (curl's UNITTEST). Declare such a function in
 * the module's internal header under #ifdef SL_UNITTESTS. */
#ifdef SL_UNITTESTS
#define SL_TESTABLE
#else
#define SL_TESTABLE static
#endif

void *sl__malloc(size_t size);
void *sl__calloc(size_t count, size_t size);
void *sl__realloc(void *ptr, size_t size);
void sl__free(void *ptr);

/* Copy 'len' bytes of 's' into a new NUL-terminated string, or NULL. */
char *sl__strndup(const char *s, size_t len);
char *sl__strdup(const char *s);

#endif
