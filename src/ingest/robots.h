/*
 * robots.h - the Robots Exclusion Protocol: may a crawler fetch a path?
 *
 * sl__robots_allowed() reads a robots.txt body as a site serves it and
 * answers for one user-agent token and one URL path. It is a pure
 * function: no allocation, no global state, any bytes accepted (lines it
 * cannot read are ignored, as RFC 9309 asks).
 *
 * Reference: RFC 9309, "Robots Exclusion Protocol" (2022); Crawl-delay is
 * not in the RFC and is read as most crawlers that honour it do (seconds,
 * fractions allowed).
 */
#ifndef SL_INGEST_ROBOTS_H
#define SL_INGEST_ROBOTS_H

#include <stddef.h>

/* Bytes of a robots.txt that are read; the rest is ignored. RFC 9309
 * section 2.5 asks crawlers to parse at least 500 KiB. */
#define SL_ROBOTS_MAX_BYTES ((size_t)512 * 1024)

/*
 * Whether 'agent' may fetch 'path' under the robots.txt 'robots'.
 *
 * 'agent' is the product token ("storyline"), matched case-insensitively
 * against the leading token of each User-agent line; the groups naming it
 * are merged, and the "*" groups apply only when none names it. 'path' is
 * the URL's path and query as sent on the request line ("/a/b?c=d"). The
 * longest matching Allow or Disallow rule decides, Allow winning ties;
 * '*' matches any run of bytes and a final '$' anchors the end.
 * Percent-encoded unreserved characters compare equal to the characters
 * themselves, and hex digits compare without regard to case. "/robots.txt"
 * itself is always allowed.
 *
 * 'crawl_delay_ms' (may be NULL) receives the Crawl-delay of the groups
 * that apply, in milliseconds (the largest if several give one), or 0.
 *
 * Returns 1 if allowed, 0 if disallowed. Input past SL_ROBOTS_MAX_BYTES is
 * ignored.
 */
int sl__robots_allowed(const char *robots,
                       size_t len,
                       const char *agent,
                       const char *path,
                       long *crawl_delay_ms);

#endif
