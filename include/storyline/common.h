/**
 * @file storyline/common.h
 * @brief Error codes, the allocator hook and the export macro shared by
 * every public storyline header.
 *
 * Every function that can fail returns an int: SL_OK (0) on success or a
 * negative SL_E* code. sl_strerror() turns a code into a message.
 */
#ifndef SL_STORYLINE_COMMON_H
#define SL_STORYLINE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SL_API __attribute__((visibility("default")))
#else
#define SL_API
#endif

#define SL_VERSION_STRING "0.1.0"

/** Result codes. Every failure is negative. */
enum {
    SL_OK = 0,         /**< success */
    SL_ENOMEM = -1,    /**< out of memory */
    SL_EINVAL = -2,    /**< malformed input or bad argument */
    SL_ENOTFOUND = -3, /**< nothing found (no date, no such article) */
    SL_ELIMIT = -4,    /**< an input exceeded a configured cap */
    SL_EIO = -5,       /**< a read or write failed; see errno */
    SL_EDB = -6,       /**< the store reported an error */
    SL_EFORMAT = -7,   /**< input is not in the expected format */
    SL_ETRUNC = -8     /**< input ended early (truncated stream) */
};

/**
 * Describe a result code.
 *
 * @param code  an SL_* code
 * @return a static string; never NULL
 */
SL_API const char *sl_strerror(int code);

/** Allocation functions used by the whole library. */
typedef struct sl_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} sl_allocator;

/**
 * Replace the allocator used by the library (tests use it to fail the
 * Nth allocation). Call before any other storyline function; not
 * thread-safe.
 *
 * @param a  the functions to use, or NULL to restore malloc/realloc/free
 */
SL_API void sl_set_allocator(const sl_allocator *a);

/** Free memory that the library handed to the caller. NULL is a no-op. */
SL_API void sl_free(void *ptr);

#endif
