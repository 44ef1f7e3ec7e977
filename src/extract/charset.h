/*
 * charset.h - decode page bytes to UTF-8.
 *
 * Order of evidence, after the WHATWG encoding sniffing algorithm: a byte
 * order mark; a charset declared in <meta charset>, <meta http-equiv
 * content-type> or an XML declaration within the first bytes; else UTF-8.
 * Pages declared (or assumed) UTF-8 or Latin-1 are checked against their
 * bytes, since many lie: valid UTF-8 with multi-byte sequences is read as
 * UTF-8, and stray bytes in UTF-8 text are read as windows-1252. Other
 * charsets go through iconv(3). The output is always valid UTF-8.
 */
#ifndef SL_EXTRACT_CHARSET_H
#define SL_EXTRACT_CHARSET_H

#include <stddef.h>

#include "util/buf.h"

/* Decode 'in' into 'out' (appended). 'name' receives the charset used,
 * lower case, NUL-terminated, at most name_cap bytes. */
int sl__charset_decode(
    sl_buf *out, char *name, size_t name_cap, const char *in, size_t len);

/* Find a declared charset in the first bytes of a page. Returns 1 and
 * fills 'name' (lower case) when one is found, else 0. */
int sl__charset_sniff(char *name, size_t name_cap, const char *in, size_t len);

#endif
