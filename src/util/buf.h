/*
 * buf.h - a growable byte buffer with a hard size cap.
 *
 * Invariant: when ptr != NULL, ptr[len] == '\0', so the content can be
 * used as a C string; len never exceeds max (0 = no cap). Appending past
 * the cap fails with SL_ELIMIT and leaves the buffer unchanged, as curl's
 * dynbuf does with its 'toobig' limit. Docs: docs/internals/buf.md.
 */
#ifndef SL_UTIL_BUF_H
#define SL_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sl_buf {
    char *ptr;
    size_t len;
    size_t cap;
    size_t max; /* 0 = unlimited */
} sl_buf;

void sl__buf_init(sl_buf *b, size_t max);
void sl__buf_dispose(sl_buf *b);
void sl__buf_reset(sl_buf *b);
int sl__buf_grow(sl_buf *b, size_t extra);
int sl__buf_add(sl_buf *b, const void *data, size_t len);
int sl__buf_addc(sl_buf *b, char c);
int sl__buf_adds(sl_buf *b, const char *s);
int sl__buf_printf(sl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the content to the caller (NUL-terminated, never NULL unless out of
 * memory) and leave the buffer empty. */
char *sl__buf_detach(sl_buf *b, size_t *out_len);
/* Remove trailing bytes in 'set'. */
void sl__buf_rtrim(sl_buf *b, const char *set);

/* Append 's' as a JSON string literal, quotes included. 's' must be valid
 * UTF-8; control characters are escaped. */
int sl__buf_add_json_str(sl_buf *b, const char *s, size_t len);

#endif
