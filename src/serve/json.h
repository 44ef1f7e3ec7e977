/*
 * json.h - a small streaming JSON writer over sl_buf, for the server's
 * replies.
 *
 * The writer keeps its first error (sticky, like a stdio stream's error
 * flag), so a handler writes a whole document and checks once at the end.
 * Commas are placed by the writer: jw_key() or any value inside an array
 * adds one when needed. Strings must be valid UTF-8 (the store keeps
 * them so); NULL strings are written as null. Nesting is capped at
 * JW_MAX_DEPTH.
 */
#ifndef SL_SERVE_JSON_H
#define SL_SERVE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

#define JW_MAX_DEPTH 32

typedef struct jw {
    sl_buf b;
    int rc; /* first error, SL_OK while none */
    unsigned depth;
    int after_key; /* the next value follows a key: no comma */
    unsigned char has_item[JW_MAX_DEPTH];
} jw;

/* Start a document in a buffer capped at 'max' bytes (0 = no cap). */
void sl__jw_init(jw *w, size_t max);
void sl__jw_dispose(jw *w);
void sl__jw_open(jw *w, char c); /* '{' or '[' */
void sl__jw_close(jw *w, char c);
void sl__jw_key(jw *w, const char *key);
void sl__jw_str(jw *w, const char *s);
void sl__jw_strn(jw *w, const char *s, size_t len);
void sl__jw_int(jw *w, int64_t v);
void sl__jw_num(jw *w, double v);
void sl__jw_bool(jw *w, int v);
void sl__jw_null(jw *w);
/* A value already in JSON (the store's evidence objects). */
void sl__jw_raw(jw *w, const char *json);

/* Shorthands for "key": value. */
void sl__jw_kstr(jw *w, const char *key, const char *s);
void sl__jw_kint(jw *w, const char *key, int64_t v);

#endif
