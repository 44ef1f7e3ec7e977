/*
 * fuzz_robots.c - robots.txt bytes -> sl__robots_allowed().
 *
 * The input's first line (up to 512 bytes) is the URL path to judge, the
 * rest is the robots.txt body. Any bytes must give an answer, never a
 * crash, a hang or a sanitizer report; beyond that the target checks what
 * src/ingest/robots.h promises, and aborts when a promise is broken:
 *
 *   - the answer is 1 or 0, the same on a second call;
 *   - the Crawl-delay is between 0 and a day, in milliseconds;
 *   - "/robots.txt" is always allowed;
 *   - bytes past SL_ROBOTS_MAX_BYTES do not change the answer.
 *
 * robots.c is internal (the fetcher is its only caller), so this target,
 * unlike the others, includes an internal header by its path in the tree.
 */
#include <stdlib.h>
#include <string.h>

#include "../src/ingest/robots.h"
#include "check.h"
#include "fuzz.h"

#define PATH_MAX_BYTES 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t scan = size < PATH_MAX_BYTES ? size : PATH_MAX_BYTES;
    const char *nl = size > 0 ? memchr(s, '\n', scan) : NULL;
    size_t plen = nl != NULL ? (size_t)(nl - s) : 0;
    const char *body = nl != NULL ? nl + 1 : s;
    size_t blen = size - (size_t)(body - s);
    char path[PATH_MAX_BYTES + 1];
    long ms = -1, ms2 = -1;

    if (plen > 0) {
        memcpy(path, s, plen);
    }
    path[plen] = '\0';

    int a = sl__robots_allowed(body, blen, "storyline", path, &ms);
    int b = sl__robots_allowed(body, blen, "storyline", path, &ms2);
    fuzz_check(a == 0 || a == 1);
    fuzz_check(a == b && ms == ms2);
    fuzz_check(ms >= 0 && ms <= 86400L * 1000);
    fuzz_check(sl__robots_allowed(body, blen, "*", "/robots.txt", NULL) == 1);
    if (blen > SL_ROBOTS_MAX_BYTES) {
        fuzz_check(sl__robots_allowed(body, SL_ROBOTS_MAX_BYTES, "storyline",
                                      path, NULL) == a);
    }
    return 0;
}
