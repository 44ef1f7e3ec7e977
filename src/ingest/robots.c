/*
 * robots.c - robots.txt: which group applies to us, and what it allows.
 *
 * Grammar read (RFC 9309 section 2.2, with the usual leniency):
 *
 *   file    = *(line EOL)         EOL is LF, CR or CRLF; a UTF-8 BOM is
 *                                 skipped
 *   line    = key *WS ":" *WS value *WS ["#" comment]
 *   key     = "user-agent" / "allow" / "disallow" / "crawl-delay" / other
 *
 * Keys are case-insensitive; a line without ':' and an unknown key
 * ("sitemap", typos) is ignored. A group is one or more User-agent lines
 * and the rules after them; a User-agent line after a rule starts a new
 * group. Rules before the first User-agent line belong to no group.
 *
 * Invariant: the function never reads past robots[len] nor past the NUL
 * of 'agent' and 'path', allocates nothing and keeps no state, so any
 * byte string is safe input (see fuzz/fuzz_robots.c). Matching one rule
 * costs at most O(rule length x path length), the usual bound of a
 * '*'-only glob matcher with backtracking to the last star.
 *
 * Exports sl__robots_allowed() (robots.h). References: RFC 9309 sections
 * 2.1 (user-agent matching), 2.2.2 (longest match, Allow wins ties),
 * 2.2.3 (special characters '*', '$', percent-encoding).
 */
#include "robots.h"

#include <string.h>

/* Crawl-delay values above this many seconds are clamped. */
#define CRAWL_DELAY_MAX_S 86400L

/* What the rules of one kind of group (ours or "*") add up to for the
 * path in question. A length of -1 means no rule of that kind matched. */
typedef struct verdict {
    long allow_len;
    long disallow_len;
    long delay_ms;
    int seen; /* at least one group of this kind exists */
} verdict;

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = lower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* RFC 3986 section 2.3: characters that mean the same encoded or not. */
static int is_unreserved(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

/* Read one comparison unit of a URL path at s[*i] and advance *i. A
 * percent-encoded unreserved character reads as the character itself;
 * any other encoded octet, and any raw octet above 0x7F (which a URL
 * would carry encoded), reads as 0x100 | octet. Raw ASCII reads as is. */
static int unit_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];

    if (c == '%' && *i + 2 < len) {
        int hi = hexval((unsigned char)s[*i + 1]);
        int lo = hexval((unsigned char)s[*i + 2]);
        if (hi >= 0 && lo >= 0) {
            int v = hi * 16 + lo;
            *i += 3;
            return is_unreserved(v) ? v : (0x100 | v);
        }
    }
    *i += 1;
    return c >= 0x80 ? (0x100 | c) : c;
}

/*
 * Whether the rule pattern p[0..plen) matches the start of the path
 * s[0..slen). '*' matches any run of units; a '$' ending the pattern
 * requires the path to end there. Greedy matching that backtracks to the
 * last '*' seen is exact for patterns whose only operator is '*'.
 */
static int rule_matches(const char *p, size_t plen, const char *s, size_t slen)
{
    int anchored = 0;
    size_t pi = 0, si = 0;
    size_t star_p = 0, star_s = 0;
    int have_star = 0;

    if (plen > 0 && p[plen - 1] == '$') {
        anchored = 1;
        plen--;
    }
    for (;;) {
        if (pi < plen && p[pi] == '*') {
            while (pi < plen && p[pi] == '*') {
                pi++;
            }
            have_star = 1;
            star_p = pi;
            star_s = si;
            continue;
        }
        if (pi == plen) {
            if (!anchored || si == slen) {
                return 1;
            }
        } else if (si < slen) {
            size_t pn = pi, sn = si;
            if (unit_next(p, plen, &pn) == unit_next(s, slen, &sn)) {
                pi = pn;
                si = sn;
                continue;
            }
        }
        /* Mismatch: let the last star swallow one more unit. */
        if (!have_star || star_s >= slen) {
            return 0;
        }
        (void)unit_next(s, slen, &star_s);
        pi = star_p;
        si = star_s;
    }
}

/* The product token at the start of a User-agent value: letters, '_'
 * and '-' (RFC 9309 section 2.2.1). Compared case-insensitively. */
static int agent_matches(const char *v, size_t vlen, const char *agent)
{
    size_t n = 0, alen = strlen(agent);

    while (n < vlen && ((lower((unsigned char)v[n]) >= 'a' &&
                         lower((unsigned char)v[n]) <= 'z') ||
                        v[n] == '_' || v[n] == '-')) {
        n++;
    }
    if (n == 0 || n != alen) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)v[i]) != lower((unsigned char)agent[i])) {
            return 0;
        }
    }
    return 1;
}

static int key_is(const char *k, size_t klen, const char *name)
{
    size_t n = strlen(name);

    if (klen != n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)k[i]) != name[i]) {
            return 0;
        }
    }
    return 1;
}

/* Seconds, with an optional fraction ("2", "0.5"), as milliseconds; -1
 * if the value is not a number. */
static long parse_delay_ms(const char *v, size_t vlen)
{
    long s = 0, ms = 0, scale = 100;
    size_t i = 0;

    if (vlen == 0 || !(v[0] >= '0' && v[0] <= '9')) {
        return -1;
    }
    for (; i < vlen && v[i] >= '0' && v[i] <= '9'; i++) {
        if (s < CRAWL_DELAY_MAX_S) {
            s = s * 10 + (v[i] - '0');
        }
    }
    if (s >= CRAWL_DELAY_MAX_S) {
        return CRAWL_DELAY_MAX_S * 1000;
    }
    if (i < vlen && v[i] == '.') {
        for (i++; i < vlen && v[i] >= '0' && v[i] <= '9'; i++) {
            ms += (v[i] - '0') * scale;
            scale /= 10;
        }
    }
    return s * 1000 + ms;
}

static void apply_rule(verdict *vd,
                       int allow,
                       const char *v,
                       size_t vlen,
                       const char *path,
                       size_t path_len)
{
    long *best = allow ? &vd->allow_len : &vd->disallow_len;

    /* An empty Disallow allows everything; an empty Allow says nothing. */
    if (vlen == 0 || (long)vlen <= *best) {
        return;
    }
    if (rule_matches(v, vlen, path, path_len)) {
        *best = (long)vlen;
    }
}

static void apply_delay(verdict *vd, const char *v, size_t vlen)
{
    long ms = parse_delay_ms(v, vlen);

    if (ms > vd->delay_ms) {
        vd->delay_ms = ms;
    }
}

int sl__robots_allowed(const char *robots,
                       size_t len,
                       const char *agent,
                       const char *path,
                       long *crawl_delay_ms)
{
    verdict ours = { -1, -1, 0, 0 }, star = { -1, -1, 0, 0 };
    const verdict *vd;
    int in_agents = 0, group_ours = 0, group_star = 0, in_group = 0;
    size_t i = 0, path_len;

    if (crawl_delay_ms != NULL) {
        *crawl_delay_ms = 0;
    }
    if (path == NULL || path[0] == '\0') {
        path = "/";
    }
    path_len = strlen(path);
    if (strcmp(path, "/robots.txt") == 0) {
        return 1;
    }
    if (robots == NULL) {
        return 1;
    }
    if (len > SL_ROBOTS_MAX_BYTES) {
        len = SL_ROBOTS_MAX_BYTES;
    }
    if (len >= 3 && memcmp(robots, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
    }
    while (i < len) {
        size_t start = i, end, colon, k0, k1, v0, v1;

        while (i < len && robots[i] != '\n' && robots[i] != '\r') {
            i++;
        }
        end = i;
        if (i < len && robots[i] == '\r' && i + 1 < len &&
            robots[i + 1] == '\n') {
            i++;
        }
        i++;

        const char *hash = memchr(robots + start, '#', end - start);
        if (hash != NULL) {
            end = (size_t)(hash - robots);
        }
        const char *c = memchr(robots + start, ':', end - start);
        if (c == NULL) {
            continue;
        }
        colon = (size_t)(c - robots);
        for (k0 = start; k0 < colon && is_ws((unsigned char)robots[k0]);) {
            k0++;
        }
        for (k1 = colon; k1 > k0 && is_ws((unsigned char)robots[k1 - 1]);) {
            k1--;
        }
        for (v0 = colon + 1; v0 < end && is_ws((unsigned char)robots[v0]);) {
            v0++;
        }
        for (v1 = end; v1 > v0 && is_ws((unsigned char)robots[v1 - 1]);) {
            v1--;
        }
        const char *k = robots + k0, *v = robots + v0;
        size_t klen = k1 - k0, vlen = v1 - v0;

        if (key_is(k, klen, "user-agent")) {
            if (!in_agents) {
                in_agents = 1;
                in_group = 1;
                group_ours = 0;
                group_star = 0;
            }
            if (vlen > 0 && v[0] == '*') {
                group_star = 1;
                star.seen = 1;
            } else if (agent != NULL && agent_matches(v, vlen, agent)) {
                group_ours = 1;
                ours.seen = 1;
            }
            continue;
        }
        int is_allow = key_is(k, klen, "allow");
        int is_disallow = key_is(k, klen, "disallow");
        int is_delay = key_is(k, klen, "crawl-delay");
        if (!is_allow && !is_disallow && !is_delay) {
            continue;
        }
        in_agents = 0;
        if (!in_group) {
            continue;
        }
        verdict *targets[2] = { group_ours ? &ours : NULL,
                                group_star ? &star : NULL };
        for (int t = 0; t < 2; t++) {
            if (targets[t] == NULL) {
                continue;
            }
            if (is_delay) {
                apply_delay(targets[t], v, vlen);
            } else {
                apply_rule(targets[t], is_allow, v, vlen, path, path_len);
            }
        }
    }
    vd = ours.seen ? &ours : &star;
    if (crawl_delay_ms != NULL) {
        *crawl_delay_ms = vd->delay_ms;
    }
    return vd->disallow_len < 0 || vd->allow_len >= vd->disallow_len;
}
