/*
 * utf8.h - UTF-8 validation, repair and small code-point helpers.
 *
 * The extraction boundary repairs input once (sl__utf8_repair); stages
 * after it may assume valid UTF-8. Reference: RFC 3629 (well-formed
 * sequences: no overlongs, no surrogates, nothing above U+10FFFF).
 */
#ifndef SL_UTIL_UTF8_H
#define SL_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Length of the well-formed sequence at s[0..len), or 0 if the bytes there
 * are not one. Decoded code point in *cp when non-zero. */
size_t sl__utf8_decode(uint32_t *cp, const unsigned char *s, size_t len);

/* Number of ill-formed positions in s (0 means valid UTF-8); sets
 * *multibyte to the number of well-formed multi-byte sequences. */
size_t sl__utf8_count_invalid(const char *s, size_t len, size_t *multibyte);

/* Append 's' to 'out' as valid UTF-8: well-formed sequences are copied,
 * every other byte is read as windows-1252 (the usual origin of stray
 * bytes in pages labelled UTF-8). NUL bytes are dropped. */
int sl__utf8_repair(sl_buf *out, const char *s, size_t len);

/* Append code point 'cp' encoded as UTF-8. */
int sl__utf8_put(sl_buf *out, uint32_t cp);

/* The Unicode code point for windows-1252 byte 'c'. */
uint32_t sl__cp1252_to_ucs(unsigned char c);

#endif
