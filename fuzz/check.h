/*
 * check.h - what the fuzz targets share: a check that aborts, a strict
 * UTF-8 test, and a running hash to compare two runs of one input.
 *
 * A fuzz target states the invariants of its parser with fuzz_check();
 * libFuzzer and the sanitizers turn the abort into a report with the
 * input that broke it.
 */
#ifndef SL_FUZZ_CHECK_H
#define SL_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* abort() when 'ok' is zero. */
void fuzz_check(int ok);

/* Non-zero when the NUL-terminated 'str' is well-formed UTF-8 (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
int fuzz_valid_utf8(const char *str);

/* A running FNV-1a hash of everything a parser handed over, with counts,
 * so that two runs on the same input can be compared. */
typedef struct fuzz_seen {
    uint64_t hash;
    size_t docs, errors;
} fuzz_seen;

/* Mix 'len' bytes, then a separator, into s->hash. */
void fuzz_mix(fuzz_seen *s, const void *p, size_t len);

#endif
