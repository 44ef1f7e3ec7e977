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

void *sl__malloc(size_t size);
void *sl__calloc(size_t count, size_t size);
void *sl__realloc(void *ptr, size_t size);
void sl__free(void *ptr);

/* Copy 'len' bytes of 's' into a new NUL-terminated string, or NULL. */
char *sl__strndup(const char *s, size_t len);
char *sl__strdup(const char *s);

#endif
