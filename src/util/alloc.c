/*
 * alloc.c - the replaceable allocator and sl_strerror.
 *
 * The hook is a plain struct of function pointers set once before use, as
 * libuv's uv_replace_allocator: no locking, no per-thread state.
 */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static sl_allocator g_alloc = { malloc, realloc, free };

void sl_set_allocator(const sl_allocator *a)
{
    if (a == NULL) {
        g_alloc.malloc_fn = malloc;
        g_alloc.realloc_fn = realloc;
        g_alloc.free_fn = free;
        return;
    }
    g_alloc = *a;
}

void *sl__malloc(size_t size)
{
    return g_alloc.malloc_fn(size ? size : 1);
}

void *sl__calloc(size_t count, size_t size)
{
    size_t total;
    void *p;

    if (__builtin_mul_overflow(count, size, &total)) {
        return NULL;
    }
    p = sl__malloc(total);
    if (p != NULL) {
        memset(p, 0, total);
    }
    return p;
}

void *sl__realloc(void *ptr, size_t size)
{
    return g_alloc.realloc_fn(ptr, size ? size : 1);
}

void sl__free(void *ptr)
{
    if (ptr != NULL) {
        g_alloc.free_fn(ptr);
    }
}

void sl_free(void *ptr)
{
    sl__free(ptr);
}

char *sl__strndup(const char *s, size_t len)
{
    char *p;

    if (len == SIZE_MAX) {
        return NULL;
    }
    p = sl__malloc(len + 1);
    if (p == NULL) {
        return NULL;
    }
    if (len) {
        memcpy(p, s, len);
    }
    p[len] = '\0';
    return p;
}

char *sl__strdup(const char *s)
{
    return sl__strndup(s, strlen(s));
}

const char *sl_strerror(int code)
{
    switch (code) {
    case SL_OK:
        return "success";
    case SL_ENOMEM:
        return "out of memory";
    case SL_EINVAL:
        return "invalid input";
    case SL_ENOTFOUND:
        return "not found";
    case SL_ELIMIT:
        return "input exceeds the size limit";
    case SL_EIO:
        return "input/output error";
    case SL_EDB:
        return "store error";
    case SL_EFORMAT:
        return "unrecognised or corrupt format";
    case SL_ETRUNC:
        return "input is truncated";
    default:
        return "unknown error";
    }
}
