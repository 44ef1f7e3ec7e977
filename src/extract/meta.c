/*
 * meta.c - page metadata: title, authors, outlet, language, canonical URL
 * and description, from JSON-LD, <meta> tags, microdata and markup.
 *
 * Exports sl__meta_extract() (page.h). Every field is taken from the most
 * explicit source the page offers and falls back to weaker evidence:
 *
 *   url          <link rel=canonical> (resolved against the given URL),
 *                og:url, the given URL; http(s) only
 *   site_name    og:site_name, JSON-LD publisher / WebSite name,
 *                application-name, twitter:site, the URL's host
 *   title        og:title, twitter:title, JSON-LD headline, <title>, <h1>;
 *                outlet names and section labels around separators are cut
 *                off, and an <h1> equal to part of the title wins
 *   authors      JSON-LD author, author-like <meta> tags, itemprop=author,
 *                rel=author links, byline elements
 *   lang         <html lang>, content-language, og:locale, inLanguage
 *   description  description, og:description, twitter:description,
 *                JSON-LD description
 *
 * Invariant: every string stored in the article is valid UTF-8, with
 * character references decoded (meta and JSON-LD values are often encoded
 * twice), markup removed, whitespace collapsed, and a byte cap applied.
 * Metadata that cannot be used is skipped, never an error: the only
 * failure is SL_ENOMEM.
 *
 * References: Open Graph protocol (ogp.me), schema.org NewsArticle and
 * Person, JSON-LD 1.1 section 4.9 (@graph), BCP 47 for language tags,
 * RFC 3986 section 5 for resolving relative references.
 */
#include <string.h>

#include "page.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* Byte caps on what one field may hold. */
#define TITLE_MAX_BYTES 512
#define SITE_MAX_BYTES  128
#define DESC_MAX_BYTES  2048
#define URL_MAX_BYTES   2048
#define NAME_MAX_BYTES  80
#define AUTHORS_MAX     10
#define NAME_MAX_WORDS  6

/* JSON-LD objects looked at, and how deep arrays and @graph are followed. */
#define LD_NODES_MAX 64
#define LD_DEPTH_MAX 4

/* Title separators considered; at most this many split points. */
#define TITLE_SEGS_MAX 8

/* Byline candidates: text longer than this is prose, not a byline. */
#define BYLINE_MAX_BYTES 200

/*---- Text cleaning ----*/

typedef struct entity {
    const char *name;
    uint32_t cp;
} entity;

/* The named references that occur in metadata in practice. */
static const entity entities[] = {
    { "amp", '&' },      { "lt", '<' },       { "gt", '>' },
    { "quot", '"' },     { "apos", '\'' },    { "nbsp", 0xA0 },
    { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 },
    { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "ldquo", 0x201C },
    { "rdquo", 0x201D }, { "bdquo", 0x201E }, { "hellip", 0x2026 },
    { "laquo", 0xAB },   { "raquo", 0xBB },   { "middot", 0xB7 },
    { "bull", 0x2022 },  { "copy", 0xA9 },    { "reg", 0xAE },
    { "trade", 0x2122 }, { "euro", 0x20AC },  { "pound", 0xA3 },
    { "deg", 0xB0 },     { "times", 0xD7 },   { "shy", 0xAD },
    { "aacute", 0xE1 },  { "agrave", 0xE0 },  { "acirc", 0xE2 },
    { "atilde", 0xE3 },  { "auml", 0xE4 },    { "aring", 0xE5 },
    { "ccedil", 0xE7 },  { "eacute", 0xE9 },  { "egrave", 0xE8 },
    { "ecirc", 0xEA },   { "euml", 0xEB },    { "iacute", 0xED },
    { "igrave", 0xEC },  { "icirc", 0xEE },   { "iuml", 0xEF },
    { "ntilde", 0xF1 },  { "oacute", 0xF3 },  { "ograve", 0xF2 },
    { "ocirc", 0xF4 },   { "otilde", 0xF5 },  { "ouml", 0xF6 },
    { "oslash", 0xF8 },  { "uacute", 0xFA },  { "ugrave", 0xF9 },
    { "ucirc", 0xFB },   { "uuml", 0xFC },    { "szlig", 0xDF },
    { "Aacute", 0xC1 },  { "Agrave", 0xC0 },  { "Auml", 0xC4 },
    { "Ccedil", 0xC7 },  { "Eacute", 0xC9 },  { "Egrave", 0xC8 },
    { "Oacute", 0xD3 },  { "Ouml", 0xD6 },    { "Uuml", 0xDC },
    { "Oslash", 0xD8 },  { "Aring", 0xC5 },   { "Ntilde", 0xD1 },
};

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
    return is_alpha(c) || is_digit(c);
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Parse a character reference at s[0] == '&'. Grammar: "&name;",
 * "&#digits;" or "&#xhex;" (the ';' optional after numbers). Returns the
 * bytes consumed and the code point in *cp, or 0 when it is not one. */
static size_t parse_entity(uint32_t *cp, const char *s, size_t len)
{
    size_t i = 1;

    if (len < 3) {
        return 0;
    }
    if (s[1] == '#') {
        int hex = len > 2 && (s[2] | 0x20) == 'x';
        uint32_t v = 0;
        size_t start;

        i = hex ? 3 : 2;
        start = i;
        while (i < len && i - start < 8) {
            unsigned char c = (unsigned char)s[i];
            if (is_digit(c)) {
                v = v * (hex ? 16 : 10) + (c - '0');
            } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                v = v * 16 + ((c | 0x20) - 'a' + 10);
            } else {
                break;
            }
            i++;
        }
        if (i == start || (i < len && is_alnum((unsigned char)s[i]))) {
            return 0;
        }
        if (v >= 0x80 && v < 0xA0) {
            v = sl__cp1252_to_ucs((unsigned char)v); /* as HTML does */
        } else if (v == 0 || v > 0x10FFFF) {
            v = 0xFFFD;
        }
        *cp = v;
        return i < len && s[i] == ';' ? i + 1 : i;
    }
    while (i < len && i < 10 && is_alnum((unsigned char)s[i])) {
        i++;
    }
    if (i == 1 || i >= len || s[i] != ';') {
        return 0;
    }
    for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
        const char *nm = entities[k].name;
        if (strlen(nm) == i - 1 && memcmp(nm, s + 1, i - 1) == 0) {
            *cp = entities[k].cp;
            return i + 1;
        }
    }
    return 0;
}

/* Append s[0..len) to 'out' with character references decoded, control
 * characters turned into spaces and invalid UTF-8 repaired. *decoded
 * counts the references replaced. */
static int decode_text(sl_buf *out, const char *s, size_t len, int *decoded)
{
    size_t i = 0, run = 0;
    int rc = SL_OK;

    while (i < len && rc == SL_OK) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = 0;
        size_t n = 0;

        if (c == '&') {
            n = parse_entity(&cp, s + i, len - i);
        } else if (c < 0x20 || c == 0x7F) {
            cp = ' ';
            n = 1;
        }
        if (n == 0) {
            i++;
            continue;
        }
        rc = sl__utf8_repair(out, s + run, i - run);
        if (rc == SL_OK) {
            rc = sl__utf8_put(out, cp);
        }
        if (c == '&') {
            (*decoded)++;
        }
        i += n;
        run = i;
    }
    if (rc == SL_OK) {
        rc = sl__utf8_repair(out, s + run, len - run);
    }
    return rc;
}

/* Length of a tag at s[0] == '<': '<' then a letter, '/' or '!', up to
 * the next '>' within 256 bytes with no '<' in between. 0 if not a tag. */
static size_t tag_len(const char *s, size_t len)
{
    size_t i;

    if (len < 3 ||
        !(is_alpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!')) {
        return 0;
    }
    for (i = 1; i < len && i < 256; i++) {
        if (s[i] == '>') {
            return i + 1;
        }
        if (s[i] == '<') {
            return 0;
        }
    }
    return 0;
}

/* Copy with markup removed; a tag becomes a space so that words on both
 * sides of a <br> or </p> stay apart (spaces are collapsed later). */
static int strip_tags(sl_buf *out, const char *s, size_t len)
{
    size_t i = 0, run = 0;
    int rc = SL_OK;

    while (i < len && rc == SL_OK) {
        size_t n = s[i] == '<' ? tag_len(s + i, len - i) : 0;
        if (n == 0) {
            i++;
            continue;
        }
        rc = sl__buf_add(out, s + run, i - run);
        if (rc == SL_OK) {
            rc = sl__buf_addc(out, ' ');
        }
        i += n;
        run = i;
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(out, s + run, len - run);
    }
    return rc;
}

/* Cut 's' to at most 'max' bytes on a character boundary. */
static void cap_utf8(char *s, size_t max)
{
    size_t len = strlen(s);

    if (len <= max) {
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) {
        max--;
    }
    while (max > 0 && s[max - 1] == ' ') {
        max--;
    }
    s[max] = '\0';
}

/* Clean s[0..len) into a new string (decoded twice at most, markup
 * stripped, whitespace collapsed, capped at max_bytes). *out is NULL when
 * nothing is left. Returns SL_OK or SL_ENOMEM. */
static int clean_text(char **out, const char *s, size_t len, size_t max_bytes)
{
    sl_buf a, b;
    int rc, decoded = 0;

    *out = NULL;
    if (s == NULL) {
        return SL_OK;
    }
    /* Collapsing only shrinks text, so a bounded prefix is enough. */
    if (len > max_bytes * 4 + 64) {
        len = max_bytes * 4 + 64;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) {
            len--;
        }
    }
    sl__buf_init(&a, 0);
    sl__buf_init(&b, 0);
    rc = decode_text(&a, s, len, &decoded);
    if (rc == SL_OK && decoded > 0 && a.len > 0 && memchr(a.ptr, '&', a.len)) {
        decoded = 0;
        rc = decode_text(&b, a.ptr, a.len, &decoded);
        if (rc == SL_OK) {
            sl_buf t = a;
            a = b;
            b = t;
            sl__buf_reset(&b);
        }
    }
    if (rc == SL_OK && a.len > 0 && memchr(a.ptr, '<', a.len)) {
        sl__buf_reset(&b);
        rc = strip_tags(&b, a.ptr, a.len);
        if (rc == SL_OK) {
            sl_buf t = a;
            a = b;
            b = t;
        }
    }
    if (rc == SL_OK && a.len > 0) {
        *out = sl__clean_dup(a.ptr, a.len, &rc);
        if (*out != NULL) {
            cap_utf8(*out, max_bytes);
            if ((*out)[0] == '\0') {
                sl__free(*out);
                *out = NULL;
            }
        }
    }
    sl__buf_dispose(&a);
    sl__buf_dispose(&b);
    return rc < 0 ? SL_ENOMEM : SL_OK;
}

static int clean_str(char **out, const char *s, size_t max_bytes)
{
    return clean_text(out, s, s ? strlen(s) : 0, max_bytes);
}

/*---- Comparison keys ----*/

/* Bytes to skip when comparing names and titles: ASCII that is not a
 * letter or digit, U+00A0/AB/B7/BB and the General Punctuation block
 * (quotes, dashes, ellipsis), so "Site’s" equals "site's". */
static size_t key_skip(const unsigned char *s, size_t len)
{
    if (s[0] < 0x80) {
        return is_alnum(s[0]) ? 0 : 1;
    }
    if (s[0] == 0xC2 && len > 1 &&
        (s[1] == 0xA0 || s[1] == 0xAB || s[1] == 0xB7 || s[1] == 0xBB)) {
        return 2;
    }
    if (s[0] == 0xE2 && len > 2 && (s[1] == 0x80 || s[1] == 0x81)) {
        return 3;
    }
    return 0;
}

/* Compare a and b ignoring ASCII case, punctuation and spaces: whether
 * they are equal or, with 'prefix', whether b starts like a. Both must
 * hold at least one letter or digit. */
static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen, int prefix)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    size_t i = 0, j = 0, n = 0;

    for (;;) {
        size_t k;
        while (i < alen && (k = key_skip(x + i, alen - i)) > 0) {
            i += k;
        }
        while (j < blen && (k = key_skip(y + j, blen - j)) > 0) {
            j += k;
        }
        if (i == alen || j == blen) {
            return i == alen && (j == blen || prefix) && n > 0;
        }
        if (lower(x[i]) != lower(y[j])) {
            return 0;
        }
        i++;
        j++;
        n++;
    }
}

static int key_eq(const char *a, size_t alen, const char *b, size_t blen)
{
    return key_cmp(a, alen, b, blen, 0);
}

static int has_prefix_ci(const char *s, size_t len, const char *pre)
{
    size_t n = strlen(pre);

    if (len < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)s[i]) != (unsigned char)pre[i]) {
            return 0;
        }
    }
    return 1;
}

/* Whether s[0..len) contains 'needle', ignoring ASCII case ('needle' is
 * lower case). */
static int contains_n(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= len; i++) {
        if (has_prefix_ci(s + i, len - i, needle)) {
            return 1;
        }
    }
    return 0;
}

/* Whether <meta> key 'k' is 'key' (lower case), ignoring ASCII case and
 * spaces around 'k'. Local rather than sl__page_meta() so that a key
 * such as "title " cannot match "title" through the case fold of ' '
 * and NUL. */
static int meta_key_is(const char *k, const char *key)
{
    size_t len;

    while (*k == ' ') {
        k++;
    }
    len = strlen(k);
    while (len > 0 && k[len - 1] == ' ') {
        len--;
    }
    return len == strlen(key) && has_prefix_ci(k, len, key);
}

/* First non-empty content of a <meta> with key 'key', or NULL. */
static const char *meta_get(const sl__page *p, const char *key)
{
    for (size_t i = 0; i < p->meta_count; i++) {
        if (p->metas[i].content[0] != '\0' &&
            meta_key_is(p->metas[i].key, key)) {
            return p->metas[i].content;
        }
    }
    return NULL;
}

/*---- URLs ----*/

static int is_http_url(const char *s)
{
    return has_prefix_ci(s, strlen(s), "http://") ||
           has_prefix_ci(s, strlen(s), "https://");
}

/* Host of an absolute URL without "www." and port: a slice of 'url'. */
static const char *url_host(const char *url, size_t *len)
{
    const char *h = strstr(url, "://"), *e;

    *len = 0;
    if (h == NULL) {
        return NULL;
    }
    h += 3;
    e = h + strcspn(h, "/?#");
    if (memchr(h, '@', (size_t)(e - h)) != NULL) {
        h = (const char *)memchr(h, '@', (size_t)(e - h)) + 1;
    }
    if (has_prefix_ci(h, (size_t)(e - h), "www.")) {
        h += 4;
    }
    *len = strcspn(h, ":/?#");
    if (*len > (size_t)(e - h)) {
        *len = (size_t)(e - h);
    }
    return *len > 0 ? h : NULL;
}

/* Whether the URL's path is empty or "/" (a home page). */
static int url_is_root(const char *url)
{
    const char *h = strstr(url, "://");
    const char *path;

    if (h == NULL) {
        return 0;
    }
    path = h + 3 + strcspn(h + 3, "/?#");
    return *path == '\0' || strcmp(path, "/") == 0;
}

static int same_host(const char *a, const char *b)
{
    size_t alen, blen;
    const char *ha = url_host(a, &alen), *hb = url_host(b, &blen);

    if (ha == NULL || hb == NULL || alen != blen) {
        return 0;
    }
    for (size_t i = 0; i < alen; i++) {
        if (lower((unsigned char)ha[i]) != lower((unsigned char)hb[i])) {
            return 0;
        }
    }
    return 1;
}

/* Append path p[0..len) to 'out' with "." and ".." segments removed
 * (RFC 3986 section 5.2.4); the rest of the reference (query, fragment)
 * is copied as it is. */
static int add_path(sl_buf *out, const char *p, size_t len)
{
    size_t plen = strcspn(p, "?#"), root = out->len, i = 0;
    int rc = SL_OK;

    if (plen > len) {
        plen = len;
    }
    while (i < plen && rc == SL_OK) {
        size_t n = 1;
        while (i + n < plen && p[i + n] != '/') {
            n++;
        }
        /* p[i..i+n) is "/seg" (or "seg" for a path with no leading '/'). */
        const char *seg = p[i] == '/' ? p + i + 1 : p + i;
        size_t slen = p[i] == '/' ? n - 1 : n;
        if (slen == 1 && seg[0] == '.') {
            if (i + n == plen) {
                rc = sl__buf_addc(out, '/');
            }
        } else if (slen == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out->len > root && out->ptr[out->len - 1] != '/') {
                out->len--;
            }
            if (out->len > root) {
                out->len--;
            }
            out->ptr[out->len] = '\0';
            if (i + n == plen) {
                rc = sl__buf_addc(out, '/');
            }
        } else {
            rc = sl__buf_addc(out, '/');
            if (rc == SL_OK) {
                rc = sl__buf_add(out, seg, slen);
            }
        }
        i += n;
    }
    if (rc == SL_OK && out->len == root) {
        rc = sl__buf_addc(out, '/');
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(out, p + plen, len - plen);
    }
    return rc;
}

/* Resolve relative reference 'ref' against the absolute http(s) URL
 * 'base' into 'out' (RFC 3986 section 5.2.2 without re-encoding, so the
 * result keeps the page's own spelling). */
static int resolve_relative(sl_buf *out, const char *ref, const char *base)
{
    const char *auth = strstr(base, "://") + 3;
    size_t scheme_len = (size_t)(auth - base - 3);
    size_t auth_end = (size_t)(auth - base) + strcspn(auth, "/?#");
    size_t path_end = auth_end + strcspn(base + auth_end, "?#");
    int rc;

    if (ref[0] == '/' && ref[1] == '/') {
        rc = sl__buf_add(out, base, scheme_len + 1);
        return rc == SL_OK ? sl__buf_adds(out, ref) : rc;
    }
    rc = sl__buf_add(out, base, auth_end);
    if (rc < 0) {
        return rc;
    }
    if (ref[0] == '/') {
        return add_path(out, ref, strlen(ref));
    }
    if (ref[0] == '?') {
        rc = sl__buf_add(out, base + auth_end, path_end - auth_end);
        return rc == SL_OK ? sl__buf_adds(out, ref) : rc;
    }
    /* Merge: the base path up to its last '/', then the reference. */
    sl_buf merged;
    size_t dir = path_end;
    while (dir > auth_end && base[dir - 1] != '/') {
        dir--;
    }
    sl__buf_init(&merged, 0);
    rc = sl__buf_add(&merged, base + auth_end, dir - auth_end);
    if (rc == SL_OK && merged.len == 0) {
        rc = sl__buf_addc(&merged, '/');
    }
    if (rc == SL_OK) {
        rc = sl__buf_adds(&merged, ref);
    }
    if (rc == SL_OK) {
        rc = add_path(out, merged.ptr, merged.len);
    }
    sl__buf_dispose(&merged);
    return rc;
}

/* Resolve reference 'ref' against 'base' (may be NULL) into a new
 * absolute http(s) URL; *out stays NULL when there is none. Whitespace
 * around the reference is ignored; inside it, it disqualifies it. */
static int resolve_url(char **out, const char *ref, const char *base)
{
    size_t len, hlen;
    sl_buf b;
    char *r = NULL;
    int rc = SL_OK;

    *out = NULL;
    if (ref == NULL) {
        return SL_OK;
    }
    while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r') {
        ref++;
    }
    len = strlen(ref);
    while (len > 0 && (ref[len - 1] == ' ' || ref[len - 1] == '\t' ||
                       ref[len - 1] == '\n' || ref[len - 1] == '\r')) {
        len--;
    }
    if (len == 0 || len > URL_MAX_BYTES) {
        return SL_OK;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)ref[i] <= ' ' || ref[i] == 0x7F) {
            return SL_OK;
        }
    }
    sl__buf_init(&b, 0);
    rc = sl__buf_add(&b, ref, len);
    if (rc == SL_OK && !is_http_url(b.ptr)) {
        /* A ':' before any '/', '?' or '#' starts another scheme
         * ("javascript:", "mailto:"); later it is part of the path. */
        char *rel = b.ptr;
        sl__buf_init(&b, 0);
        if (base != NULL && is_http_url(base) && rel[0] != '#' &&
            rel[strcspn(rel, ":/?#")] != ':') {
            rc = resolve_relative(&b, rel, base);
        }
        sl__free(rel);
    }
    if (rc == SL_OK && b.len > 0 && b.len <= URL_MAX_BYTES &&
        url_host(b.ptr, &hlen) != NULL &&
        sl__utf8_count_invalid(b.ptr, b.len, NULL) == 0) {
        r = sl__buf_detach(&b, NULL);
        if (r == NULL) {
            rc = SL_ENOMEM;
        }
    }
    sl__buf_dispose(&b);
    *out = r;
    return rc < 0 ? SL_ENOMEM : SL_OK;
}

/*---- JSON-LD ----*/

/* The objects of every ld+json block, flattened: top-level arrays,
 * @graph members and mainEntity values, in document order. */
typedef struct ld_index {
    json_t *nodes[LD_NODES_MAX];
    size_t count;
    json_t *article; /* first *Article / *Posting / *Report */
    json_t *page;    /* first *Page */
    json_t *site;    /* first WebSite */
    json_t *org;     /* first *Organization / *Corporation */
} ld_index;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int is_article_type(const char *t)
{
    return ends_with(t, "Article") || ends_with(t, "Posting") ||
           ends_with(t, "Report");
}

static int is_page_type(const char *t)
{
    return ends_with(t, "Page");
}

static int is_site_type(const char *t)
{
    return ends_with(t, "WebSite");
}

static int is_org_type(const char *t)
{
    return ends_with(t, "Organization") || ends_with(t, "Corporation");
}

/* Whether the node's @type (a string or an array of them) passes. */
static int ld_has_type(json_t *o, int (*pred)(const char *))
{
    json_t *t = json_object_get(o, "@type");
    size_t i;
    json_t *v;

    if (json_is_string(t)) {
        return pred(json_string_value(t));
    }
    json_array_foreach(t, i, v)
    {
        if (json_is_string(v) && pred(json_string_value(v))) {
            return 1;
        }
    }
    return 0;
}

static void ld_collect(ld_index *ld, json_t *v, int depth)
{
    size_t i;
    json_t *item, *sub;

    if (depth > LD_DEPTH_MAX) {
        return;
    }
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            ld_collect(ld, item, depth + 1);
        }
        return;
    }
    if (!json_is_object(v) || ld->count == LD_NODES_MAX) {
        return;
    }
    ld->nodes[ld->count++] = v;
    if ((sub = json_object_get(v, "@graph")) != NULL) {
        ld_collect(ld, sub, depth + 1);
    }
    if ((sub = json_object_get(v, "mainEntity")) != NULL) {
        ld_collect(ld, sub, depth + 1);
    }
}

static void ld_build(ld_index *ld, const sl__page *p)
{
    memset(ld, 0, sizeof(*ld));
    for (size_t i = 0; i < p->jsonld_count; i++) {
        ld_collect(ld, p->jsonld[i], 0);
    }
    for (size_t i = 0; i < ld->count; i++) {
        json_t *o = ld->nodes[i];
        if (ld->article == NULL && ld_has_type(o, is_article_type)) {
            ld->article = o;
        } else if (ld->page == NULL && ld_has_type(o, is_page_type)) {
            ld->page = o;
        } else if (ld->site == NULL && ld_has_type(o, is_site_type)) {
            ld->site = o;
        } else if (ld->org == NULL && ld_has_type(o, is_org_type)) {
            ld->org = o;
        }
    }
}

/* A reference {"@id": X} without a name stands for the node with that
 * @id elsewhere in the page (Yoast and others link authors that way). */
static json_t *ld_resolve(const ld_index *ld, json_t *v)
{
    json_t *id = json_object_get(v, "@id");

    if (!json_is_string(id) || json_object_get(v, "name") != NULL) {
        return v;
    }
    for (size_t i = 0; i < ld->count; i++) {
        json_t *o = ld->nodes[i], *oid = json_object_get(o, "@id");
        if (o != v && json_is_string(oid) &&
            strcmp(json_string_value(oid), json_string_value(id)) == 0) {
            return o;
        }
    }
    return v;
}

/* A string property, or the first string of an array of them. */
static const char *ld_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (json_is_array(v)) {
        v = json_array_get(v, 0);
    }
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The "name" of an object property (publisher, author...), or NULL. */
static const char *ld_name_of(const ld_index *ld, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (json_is_array(v)) {
        v = json_array_get(v, 0);
    }
    if (json_is_string(v)) {
        return json_string_value(v);
    }
    if (!json_is_object(v)) {
        return NULL;
    }
    return ld_str(ld_resolve(ld, v), "name");
}

/*---- Context shared by the field extractors ----*/

typedef struct meta_ctx {
    sl_article *a;
    sl__page *p;
    ld_index ld;
    const char *host; /* host of a->url without "www.", or NULL */
    size_t host_len;
} meta_ctx;

/* Whether 's' names the outlet: equal to the site name, to the host, or
 * to one of the host's labels before the top-level one ("sportsnet" in
 * sportsnet.ca), ignoring case and punctuation. */
static int is_site(const meta_ctx *m, const char *s, size_t len)
{
    const char *h = m->host;
    size_t hlen = m->host_len;

    if (m->a->site_name != NULL &&
        key_eq(s, len, m->a->site_name, strlen(m->a->site_name))) {
        return 1;
    }
    if (h == NULL) {
        return 0;
    }
    if (key_eq(s, len, h, hlen)) {
        return 1;
    }
    while (hlen > 0) {
        const char *dot = memchr(h, '.', hlen);
        if (dot == NULL) {
            break; /* the last label is the top-level domain */
        }
        size_t l = (size_t)(dot - h);
        if (l >= 3 && key_eq(s, len, h, l)) {
            return 1;
        }
        hlen -= l + 1;
        h = dot + 1;
    }
    return 0;
}

/* Whether 's' is a bare domain name such as "Example.com". */
static int is_domain(const char *s, size_t len)
{
    size_t dot = 0, i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            dot = i;
        } else if (!is_alnum(c) && c != '-') {
            return 0;
        }
    }
    if (dot == 0 || len - dot - 1 < 2) {
        return 0;
    }
    for (i = dot + 1; i < len; i++) {
        if (!is_alpha((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

static size_t count_words(const char *s, size_t len)
{
    size_t n = len > 0 ? 1 : 0;

    for (size_t i = 0; i < len; i++) {
        n += s[i] == ' ';
    }
    return n;
}

/*---- URL and site name ----*/

static int url_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    const char *og = meta_get(p, "og:url");
    const char *base = p->given_url;
    char *canon = NULL, *ogu = NULL;
    int rc;

    rc = resolve_url(&ogu, og, base);
    if (rc == SL_OK) {
        rc = resolve_url(&canon, p->canonical, base ? base : ogu);
    }
    if (rc < 0) {
        goto out;
    }
    /* Some sites point every page's canonical link at the home page. */
    if (canon != NULL && url_is_root(canon)) {
        const char *other = ogu ? ogu : base;
        if (other != NULL && is_http_url(other) && !url_is_root(other) &&
            same_host(canon, other)) {
            sl__free(canon);
            canon = NULL;
        }
    }
    if (canon != NULL) {
        m->a->url = canon;
        canon = NULL;
    } else if (ogu != NULL) {
        m->a->url = ogu;
        ogu = NULL;
    } else if (base != NULL) {
        rc = clean_str(&m->a->url, base, URL_MAX_BYTES);
    }
out:
    sl__free(canon);
    sl__free(ogu);
    if (rc == SL_OK && m->a->url != NULL) {
        m->host = url_host(m->a->url, &m->host_len);
    }
    return rc;
}

/* Title separators: strong ones almost always set off an outlet or a
 * section; weak ones (dashes) also occur inside headlines. */
typedef struct sep {
    const char *s;
    int strong;
} sep;

static const sep separators[] = {
    { " | ", 1 },
    { " :: ", 1 },
    { " // ", 1 },
    { " \xC2\xBB ", 1 }, /* U+00BB » */
    { " \xC2\xB7 ", 1 }, /* U+00B7 · */
    { " - ", 0 },
    { " \xE2\x80\x93 ", 0 }, /* U+2013 en dash */
    { " \xE2\x80\x94 ", 0 }, /* U+2014 em dash */
    { "|", 1 },              /* written without spaces in CJK titles */
    { "\xEF\xBD\x9C", 1 },   /* U+FF5C fullwidth vertical line */
};

/* The separator at s[0..len), or NULL. */
static const sep *sep_at(const char *s, size_t len)
{
    if (s[0] != ' ' && s[0] != '|' && (unsigned char)s[0] != 0xEF) {
        return NULL;
    }
    for (size_t k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
        size_t n = strlen(separators[k].s);
        if (n <= len && memcmp(s, separators[k].s, n) == 0) {
            return &separators[k];
        }
    }
    return NULL;
}

/* Keep the first segment of a site name ("Outlet | Tagline",
 * "Outlet - Slogan"). */
static void site_first_segment(char *s)
{
    size_t len = strlen(s);

    for (size_t i = 1; i < len; i++) {
        if (sep_at(s + i, len - i) != NULL) {
            s[i] = '\0';
            return;
        }
    }
}

static int site_candidate(meta_ctx *m, const char *v)
{
    char *s = NULL;
    int rc;

    if (v == NULL || m->a->site_name != NULL) {
        return SL_OK;
    }
    rc = clean_str(&s, v, SITE_MAX_BYTES);
    if (s == NULL) {
        return rc;
    }
    /* A handle ("@outlet") names the outlet's account, not the outlet;
     * without the '@' it is still better than nothing. */
    if (s[0] == '@') {
        memmove(s, s + 1, strlen(s));
    }
    site_first_segment(s);
    if (s[0] == '\0' || is_http_url(s) || has_prefix_ci(s, strlen(s), "www.") ||
        strchr(s, '/') != NULL || strchr(s, '{') != NULL) {
        sl__free(s);
        return SL_OK;
    }
    m->a->site_name = s;
    return SL_OK;
}

static int site_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    const ld_index *ld = &m->ld;
    const char *pub = NULL;
    int rc;

    if (ld->article != NULL) {
        pub = ld_name_of(ld, ld->article, "publisher");
    }
    if (pub == NULL && ld->page != NULL) {
        pub = ld_name_of(ld, ld->page, "publisher");
    }
    rc = site_candidate(m, meta_get(p, "og:site_name"));
    if (rc == SL_OK) {
        rc = site_candidate(m, pub);
    }
    if (rc == SL_OK && ld->site != NULL) {
        rc = site_candidate(m, ld_str(ld->site, "name"));
    }
    if (rc == SL_OK) {
        rc = site_candidate(m, meta_get(p, "application-name"));
    }
    if (rc == SL_OK && ld->org != NULL) {
        rc = site_candidate(m, ld_str(ld->org, "name"));
    }
    if (rc == SL_OK) {
        rc = site_candidate(m, meta_get(p, "twitter:site"));
    }
    if (rc == SL_OK && m->a->site_name == NULL && m->host != NULL) {
        m->a->site_name = sl__strndup(m->host, m->host_len);
        if (m->a->site_name == NULL) {
            rc = SL_ENOMEM;
        }
    }
    return rc;
}

/*---- Title ----*/

#define H1_MAX 4

typedef struct title_parts {
    size_t start[TITLE_SEGS_MAX + 1]; /* segment i is [start, end) */
    size_t end[TITLE_SEGS_MAX + 1];
    int strong[TITLE_SEGS_MAX + 1]; /* separator before segment i */
    size_t count;
} title_parts;

static void title_split(title_parts *tp, const char *t, size_t len)
{
    size_t i;

    tp->count = 1;
    tp->start[0] = 0;
    tp->strong[0] = 0;
    for (i = 1; i < len && tp->count <= TITLE_SEGS_MAX; i++) {
        const sep *s = sep_at(t + i, len - i);
        if (s == NULL) {
            continue;
        }
        tp->end[tp->count - 1] = i;
        i += strlen(s->s);
        tp->start[tp->count] = i;
        tp->strong[tp->count] = s->strong;
        tp->count++;
        i--;
    }
    tp->end[tp->count - 1] = len;
}

/* Find a run of segments equal to one of the <h1> texts and containing
 * the longest segment; sets [*from, *to). */
static int title_match_h1(const title_parts *tp,
                          const char *t,
                          char *const *h1s,
                          size_t h1_count,
                          size_t *from,
                          size_t *to)
{
    size_t longest = 0;

    for (size_t i = 1; i < tp->count; i++) {
        if (tp->end[i] - tp->start[i] > tp->end[longest] - tp->start[longest]) {
            longest = i;
        }
    }
    for (size_t h = 0; h < h1_count; h++) {
        size_t hlen = strlen(h1s[h]);
        for (size_t s = 0; s <= longest; s++) {
            for (size_t e = longest; e < tp->count; e++) {
                size_t a = tp->start[s], b = tp->end[e];
                if (key_eq(t + a, b - a, h1s[h], hlen)) {
                    *from = a;
                    *to = b;
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* A segment that can go: the outlet's name, a bare domain, or a short
 * label ("Opinion", "Editorial") behind a strong separator. */
static int title_droppable(
    const meta_ctx *m, const char *seg, size_t len, size_t rest_len, int strong)
{
    if (is_site(m, seg, len) || is_domain(seg, len)) {
        return 1;
    }
    /* "Vortex Cannon Entertainment" on vortexcannon.org: a short segment
     * that begins with the host's name. */
    if (m->host != NULL && count_words(seg, len) <= 5) {
        size_t l = strcspn(m->host, ".");
        if (l >= 6 && l < m->host_len && key_cmp(m->host, l, seg, len, 1)) {
            return 1;
        }
    }
    return strong && count_words(seg, len) <= 4 && len < rest_len;
}

/* Cut outlet names and labels off both ends of 't' in place. */
static void
title_trim(const meta_ctx *m, char *t, char *const *h1s, size_t h1_count)
{
    title_parts tp;
    size_t len = strlen(t), from = 0, to = len, first, last;

    title_split(&tp, t, len);
    if (tp.count == 1) {
        return;
    }
    if (!title_match_h1(&tp, t, h1s, h1_count, &from, &to)) {
        first = 0;
        last = tp.count - 1;
        while (first < last) {
            size_t rest = tp.end[last - 1] - tp.start[first];
            size_t lrest = tp.end[last] - tp.start[first + 1];
            if (title_droppable(m, t + tp.start[last],
                                tp.end[last] - tp.start[last], rest,
                                tp.strong[last])) {
                last--;
            } else if (title_droppable(m, t + tp.start[first],
                                       tp.end[first] - tp.start[first], lrest,
                                       tp.strong[first + 1])) {
                first++;
            } else {
                break;
            }
        }
        from = tp.start[first];
        to = tp.end[last];
    }
    if (to > from) {
        memmove(t, t + from, to - from);
        t[to - from] = '\0';
    }
}

/* Visible text of an element, cleaned, or NULL. */
static int node_text(char **out, sl__page *p, xmlNodePtr n, size_t max_bytes)
{
    int rc;

    *out = NULL;
    sl__buf_reset(&p->scratch);
    rc = sl__dom_text(&p->scratch, n);
    if (rc < 0) {
        return rc;
    }
    return clean_text(out, p->scratch.ptr, p->scratch.len, max_bytes);
}

static int title_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    const ld_index *ld = &m->ld;
    const char *cands[6];
    char *h1s[H1_MAX] = { NULL };
    size_t h1_count = 0, n = 0;
    char *t = NULL;
    int rc = SL_OK;

    cands[n++] = meta_get(p, "og:title");
    cands[n++] = meta_get(p, "twitter:title");
    cands[n++] = ld->article ? ld_str(ld->article, "headline") : NULL;
    cands[n++] = ld->article ? ld_str(ld->article, "name") : NULL;
    cands[n++] = meta_get(p, "headline");
    for (size_t i = 0; i < n && t == NULL && rc == SL_OK; i++) {
        rc = clean_str(&t, cands[i], TITLE_MAX_BYTES);
        /* A page whose og:title is just the outlet's name says nothing. */
        if (t != NULL && is_site(m, t, strlen(t))) {
            sl__free(t);
            t = NULL;
        }
    }
    if (rc == SL_OK && t == NULL && p->title_el != NULL) {
        rc = node_text(&t, p, p->title_el, TITLE_MAX_BYTES);
    }
    for (size_t i = 0; i < p->h1s.len && h1_count < H1_MAX && rc == SL_OK;
         i++) {
        rc = node_text(&h1s[h1_count], p, p->h1s.v[i], TITLE_MAX_BYTES);
        if (h1s[h1_count] != NULL) {
            h1_count++;
        }
    }
    if (rc == SL_OK && t == NULL && h1_count > 0) {
        t = sl__strdup(h1s[0]);
        if (t == NULL) {
            rc = SL_ENOMEM;
        }
    }
    if (rc == SL_OK && t != NULL) {
        title_trim(m, t, h1s, h1_count);
        m->a->title = t;
        t = NULL;
    }
    sl__free(t);
    for (size_t i = 0; i < h1_count; i++) {
        sl__free(h1s[i]);
    }
    return rc;
}

/*---- Authors ----*/

/* Words that make a whole name junk when every word is one of them
 * ("Staff Writer", "News Desk"), and words that make it junk alone. */
static const char *const weak_words[] = {
    "agencies", "agency",  "all",    "and",       "author",   "authors",
    "bild",     "bureau",  "by",     "chief",     "da",       "de",
    "di",       "digital", "do",     "door",      "email",    "facebook",
    "follow",   "foto",    "fotos",  "freelance", "from",     "guest",
    "more",     "news",    "of",     "online",    "opinion",  "our",
    "par",      "photo",   "photos", "por",       "posts",    "profile",
    "read",     "see",     "senior", "service",   "services", "special",
    "text",     "texto",   "the",    "twitter",   "unknown",  "via",
    "video",    "view",    "von",    "web",       "wire",
};

/* Roles, desks and legal forms: one of them is enough ("AP Sports
 * Writer", "Redacción", "Example GmbH"). */
static const char *const strong_words[] = {
    "admin",         "administrator", "anonymous",     "columnist",
    "contributor",   "contributors",  "correspondent", "correspondents",
    "designed",      "desk",          "editor",        "editorial",
    "editors",       "equipe",        "theme",         "\xC3\xA9quipe",
    "\xC3\x89quipe", "gmbh",          "inc",           "journalist",
    "llc",           "ltd",           "newsroom",      "none",
    "null",          "photographer",  "producer",      "redaccion",
    "redacción",     "redacao",       "redação",       "redactie",
    "rédaction",     "redaktion",     "redazione",     "reporter",
    "reporters",     "staff",         "team",          "undefined",
    "webmaster",     "writer",        "writers",
};

static int
word_in(const char *w, size_t len, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == len && has_prefix_ci(w, len, list[i])) {
            return 1;
        }
    }
    return 0;
}

/* Whether every word is a weak junk word or any is a strong one. Words
 * are split at spaces and hyphens ("Editor-at-large"). */
static int name_is_junk(const char *s, size_t len)
{
    size_t i = 0, weak = 0, words = 0;

    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ' ' && s[j] != '-') {
            j++;
        }
        if (j > i) {
            words++;
            if (word_in(s + i, j - i, strong_words,
                        sizeof(strong_words) / sizeof(strong_words[0]))) {
                return 1;
            }
            weak += word_in(s + i, j - i, weak_words,
                            sizeof(weak_words) / sizeof(weak_words[0]));
        }
        i = j + 1;
    }
    /* Account names such as "siteadmin". */
    if (words == 1 && contains_n(s, len, "admin")) {
        return 1;
    }
    return words == 0 || weak == words;
}

/* Prefixes that introduce a byline. Those marked 'multi' are only taken
 * off when two words remain, because they also begin surnames ("Von
 * Miller", "Di Caprio"). */
typedef struct byline_prefix {
    const char *s;
    int multi;
} byline_prefix;

static const byline_prefix prefixes[] = {
    { "written by ", 0 },
    { "posted by ", 0 },
    { "reported by ", 0 },
    { "reporting by ", 0 },
    { "story by ", 0 },
    { "words by ", 0 },
    { "text by ", 0 },
    { "authored by ", 0 },
    { "by: ", 0 },
    { "by:", 0 },
    { "by ", 0 },
    { "authors: ", 0 },
    { "author: ", 0 },
    { "autor: ", 0 },
    { "autora: ", 0 },
    { "auteur : ", 0 },
    { "auteur: ", 0 },
    { "von ", 1 },
    { "par ", 1 },
    { "por ", 1 },
    { "di ", 1 },
    { "door ", 1 },
    { "av ", 1 },
    { "af ", 1 },
    { "veröffentlicht von ", 0 },
    { "geschrieben von ", 0 },
    { "eingestellt von ", 0 },
    { "publié par ", 0 },
    { "écrit par ", 0 },
    { "publicado por ", 0 },
    { "escrito por ", 0 },
    { "pubblicato da ", 0 },
    { "scritto da ", 0 },
};

/* Trim spaces and punctuation from both ends of s[*from..*to). */
static void trim_punct(const char *s, size_t *from, size_t *to)
{
    static const char set[] = " .,:;|-\"'()[]*/\\";

    while (*from < *to && strchr(set, s[*from]) != NULL) {
        (*from)++;
    }
    while (*to > *from && strchr(set, s[*to - 1]) != NULL) {
        (*to)--;
    }
}

static void strip_prefixes(const char *s, size_t *from, size_t to)
{
    /* "Analysis by Ann Lee", "Interview by ...": English "by" is never
     * part of a name, so one word before it is a label. */
    for (size_t i = *from + 1; i < to && i < *from + 16; i++) {
        if (s[i] == ' ' && has_prefix_ci(s + i, to - i, " by ")) {
            *from = i + 4;
            break;
        }
        if (s[i] == ' ') {
            break;
        }
    }
    for (int round = 0; round < 2; round++) {
        size_t k;
        for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
            const char *pre = prefixes[k].s;
            size_t n = strlen(pre);
            if (!has_prefix_ci(s + *from, to - *from, pre)) {
                continue;
            }
            if (prefixes[k].multi &&
                memchr(s + *from + n, ' ', to - *from - n) == NULL) {
                continue;
            }
            *from += n;
            while (*from < to && s[*from] == ' ') {
                (*from)++;
            }
            break;
        }
        if (k == sizeof(prefixes) / sizeof(prefixes[0])) {
            return;
        }
    }
}

/* Whether s[0..len) can be a person's (or agency's) name. Names from page
 * markup must also not begin with a lower-case letter. */
static int name_ok(const meta_ctx *m, const char *s, size_t len, int dom)
{
    int letter = 0;

    if (len < 2 || len > NAME_MAX_BYTES ||
        count_words(s, len) > NAME_MAX_WORDS) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_digit(c) || strchr("@<>={}[]#?!", c) != NULL) {
            return 0;
        }
        letter |= is_alpha(c) || c >= 0x80;
    }
    if (!letter || (dom && s[0] >= 'a' && s[0] <= 'z')) {
        return 0;
    }
    if (has_prefix_ci(s, len, "www.") || contains_n(s, len, "://") ||
        is_domain(s, len)) {
        return 0;
    }
    return !name_is_junk(s, len) && !is_site(m, s, len);
}

static int add_author(meta_ctx *m, const char *s, size_t len)
{
    sl_article *a = m->a;
    char *v;

    for (size_t i = 0; i < a->author_count; i++) {
        if (key_eq(a->authors[i], strlen(a->authors[i]), s, len)) {
            return SL_OK;
        }
    }
    if (a->author_count == AUTHORS_MAX) {
        return SL_OK;
    }
    if (a->authors == NULL) {
        a->authors = sl__calloc(AUTHORS_MAX, sizeof(*a->authors));
        if (a->authors == NULL) {
            return SL_ENOMEM;
        }
    }
    v = sl__strndup(s, len);
    if (v == NULL) {
        return SL_ENOMEM;
    }
    a->authors[a->author_count++] = v;
    return SL_OK;
}

static const char *const months[] = {
    "jan",     "feb",       "mar",       "apr",     "may",       "jun",
    "jul",     "aug",       "sep",       "sept",    "oct",       "nov",
    "dec",     "january",   "february",  "march",   "april",     "june",
    "july",    "august",    "september", "october", "november",  "december",
    "updated", "published", "posted",    "last",    "modified",  "on",
    "at",      "am",        "pm",        "et",      "est",       "edt",
    "gmt",     "utc",       "monday",    "tuesday", "wednesday", "thursday",
    "friday",  "saturday",  "sunday",    "mon",     "tue",       "wed",
    "thu",     "fri",       "sat",       "sun",
};

/* In byline markup, cut the text at its first digit and drop the words of
 * a date or time before it ("By Ann Lee Updated Nov. 18, 2019"). */
static size_t cut_date(const char *s, size_t len)
{
    size_t to = len;

    for (size_t i = 0; i < len; i++) {
        if (is_digit((unsigned char)s[i])) {
            to = i;
            break;
        }
    }
    while (to > 0) {
        size_t e = to, b;
        while (e > 0 && strchr(" .,:;|-", s[e - 1]) != NULL) {
            e--;
        }
        b = e;
        while (b > 0 && s[b - 1] != ' ') {
            b--;
        }
        if (b == e || !word_in(s + b, e - b, months,
                               sizeof(months) / sizeof(months[0]))) {
            return e;
        }
        to = b;
    }
    return to;
}

/* Name separators inside one byline or author value. *comma is set for
 * the list separators after which a single word is more likely a
 * credential, a place or an agency than a person ("Ann Lee, PhD"). */
static size_t name_sep_at(const char *s, size_t len, int *comma)
{
    static const char *const seps[] = {
        " and ",        " und ", " et ", " & ", " / ",          "/",
        "\xEF\xBC\x8F", /* U+FF0F fullwidth solidus */
        ", ",           "; ",    ",",    ";",   "\xEF\xBC\x8C", /* U+FF0C
                                                                   fullwidth
                                                                   comma */
        "\xE3\x80\x81", /* U+3001 ideographic comma */
    };

    for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
        if (has_prefix_ci(s, len, seps[k])) {
            *comma = k >= 7;
            return strlen(seps[k]);
        }
    }
    return 0;
}

/* Where a byline stops naming people: at a title separator, a bullet, a
 * sentence end ("Ann Lee. Special to the Courier") or " for " ("Ann Lee
 * for The Courier"). An initial's full stop ("Troy L. Smith") is not a
 * sentence end. */
static size_t byline_end(const char *t, size_t len)
{
    for (size_t i = 1; i < len; i++) {
        if (sep_at(t + i, len - i) != NULL ||
            (len - i >= 4 && memcmp(t + i, " \xE2\x80\xA2", 4) == 0) ||
            has_prefix_ci(t + i, len - i, " for ") ||
            (t[i] == '.' && i + 1 < len && t[i + 1] == ' ' && i >= 3 &&
             is_alpha((unsigned char)t[i - 1]) &&
             is_alpha((unsigned char)t[i - 2]) &&
             is_alpha((unsigned char)t[i - 3]))) {
            return i;
        }
    }
    return len;
}

/* Labels before a colon that introduce someone other than the author. */
static const char *const other_roles[] = {
    "bild",
    "foto",
    "fotos",
    "grafik",
    "illustration",
    "image",
    "images",
    "photo",
    "photos",
    "video",
    "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE", /* "foto" in Cyrillic */
    "\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE", /* the same capitalised */
};

/* Check one name candidate t[from..to) and add it when it passes. */
static int name_part(meta_ctx *m,
                     const char *t,
                     size_t from,
                     size_t to,
                     int dom,
                     int after_comma)
{
    const char *colon;

    trim_punct(t, &from, &to);
    /* "Text: Ann Lee" keeps the name; "Photo: Ann Lee" drops it. */
    colon = memchr(t + from, ':', to - from);
    if (colon != NULL) {
        size_t lf = from, lt = (size_t)(colon - t);
        trim_punct(t, &lf, &lt);
        if (word_in(t + lf, lt - lf, other_roles,
                    sizeof(other_roles) / sizeof(other_roles[0]))) {
            return SL_OK;
        }
        from = lt + 1;
        trim_punct(t, &from, &to);
    }
    strip_prefixes(t, &from, to);
    if (after_comma && memchr(t + from, ' ', to - from) == NULL) {
        return SL_OK;
    }
    if (!name_ok(m, t + from, to - from, dom)) {
        return SL_OK;
    }
    return add_author(m, t + from, to - from);
}

/* Split an author value or byline into names and add the good ones. */
static int add_names(meta_ctx *m, const char *s, size_t len, int dom)
{
    char *t = NULL;
    size_t tlen, i, start;
    int rc, comma = 0;

    rc = clean_text(&t, s, len, 512);
    if (t == NULL) {
        return rc;
    }
    tlen = strlen(t);
    /* A profile URL or an address is not a name, and splitting it at its
     * slashes would make "https" one. */
    if (contains_n(t, tlen, "://") || has_prefix_ci(t, tlen, "www.")) {
        sl__free(t);
        return SL_OK;
    }
    tlen = byline_end(t, tlen);
    if (dom) {
        tlen = cut_date(t, tlen);
    }
    start = 0;
    strip_prefixes(t, &start, tlen);
    for (i = start; i <= tlen && rc == SL_OK;) {
        int next_comma = 0;
        size_t n = i < tlen ? name_sep_at(t + i, tlen - i, &next_comma) : 1;
        if (n == 0) {
            i++;
            continue;
        }
        rc = name_part(m, t, start, i, dom, comma);
        comma = next_comma;
        i += n;
        start = i;
    }
    sl__free(t);
    return rc;
}

/* schema.org author: a string, a Person or Organization (maybe only an
 * @id reference), or an array of those. */
static int add_ld_authors(meta_ctx *m, json_t *v, int depth)
{
    size_t i;
    json_t *item;
    const char *name;
    int rc = SL_OK;

    if (json_is_string(v)) {
        name = json_string_value(v);
        return add_names(m, name, strlen(name), 0);
    }
    if (json_is_array(v) && depth == 0) {
        json_array_foreach(v, i, item)
        {
            rc = add_ld_authors(m, item, depth + 1);
            if (rc < 0) {
                break;
            }
        }
        return rc;
    }
    if (json_is_object(v)) {
        name = ld_str(ld_resolve(&m->ld, v), "name");
        if (name != NULL) {
            return add_names(m, name, strlen(name), 0);
        }
    }
    return SL_OK;
}

/* <meta> keys that carry author names, strongest first. */
static const char *const author_keys[] = {
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "og:article:author",
};

static int itemprop_has(xmlNodePtr n, const char *word)
{
    const char *v = sl__dom_attr(n, "itemprop");
    size_t wlen = strlen(word);

    while (v != NULL && *v != '\0') {
        size_t l = strcspn(v, " \t\n");
        if (l == wlen && has_prefix_ci(v, l, word)) {
            return 1;
        }
        v += l;
        v += strspn(v, " \t\n");
    }
    return 0;
}

static int is_ancestor(xmlNodePtr anc, xmlNodePtr n)
{
    for (int i = 0; n != NULL && i < 16; i++, n = n->parent) {
        if (n == anc) {
            return 1;
        }
    }
    return 0;
}

static int contains_ci(const char *hay, const char *needle)
{
    return contains_n(hay, strlen(hay), needle);
}

/* Classes and ids near an author's name that hold something else. */
static int byline_excluded(const char *v)
{
    static const char *const words[] = {
        "comment", "avatar", "photo", "image",  "img",   "thumb",
        "bio",     "social", "share", "follow", "about", "description",
    };

    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (contains_ci(v, words[k])) {
            return 1;
        }
    }
    return 0;
}

/* Kind of byline evidence an element is: 1 an <a rel=author>, 2 class or
 * id with "byline", 3 with "author"; 0 none. The exclusions are only
 * looked at for candidates: this runs on every element of the body. */
static int byline_kind(xmlNodePtr n)
{
    const char *rel, *v[2];
    int kind = 0;

    if (n->properties == NULL) {
        return 0;
    }
    if (sl__dom_is(n, "a") && (rel = sl__dom_attr(n, "rel")) != NULL &&
        contains_ci(rel, "author")) {
        return 1;
    }
    v[0] = sl__dom_attr(n, "class");
    v[1] = sl__dom_attr(n, "id");
    for (int k = 0; k < 2; k++) {
        if (v[k] == NULL) {
            continue;
        }
        if (contains_ci(v[k], "byline")) {
            kind = 2;
        } else if (kind == 0 && contains_ci(v[k], "author")) {
            kind = 3;
        }
    }
    if (kind != 0 && ((v[0] != NULL && byline_excluded(v[0])) ||
                      (v[1] != NULL && byline_excluded(v[1])))) {
        return 0;
    }
    return kind;
}

/* Whether the text under 'n' is at most max_bytes long, looking at no
 * more than a few hundred nodes. */
static int text_is_short(xmlNodePtr n, size_t max_bytes)
{
    xmlNodePtr c = n->children;
    size_t total = 0;
    int depth = 1, visited = 0;

    while (c != NULL) {
        if (++visited > 300) {
            return 0;
        }
        if (c->type == XML_TEXT_NODE && c->content != NULL) {
            total += strlen((const char *)c->content);
            if (total > max_bytes * 2) {
                return 0;
            }
        } else if (c->type == XML_ELEMENT_NODE && c->children != NULL &&
                   depth < 32) {
            c = c->children;
            depth++;
            continue;
        }
        while (c != NULL && c->next == NULL) {
            c = c->parent;
            if (--depth <= 0) {
                return 1;
            }
        }
        if (c != NULL) {
            c = c->next;
        }
    }
    return 1;
}

#define BYLINE_NODES_MAX 16

/* The text of a short byline element with a space between any two text
 * nodes, so that "<span>Posted by</span><a>Ann Lee</a>" does not read
 * "byAnn". Only called after text_is_short(), which bounds the walk. */
static int byline_text(char **out, sl__page *p, xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    int depth = 1, rc = SL_OK;

    *out = NULL;
    sl__buf_reset(&p->scratch);
    while (c != NULL && rc == SL_OK) {
        if (c->type == XML_TEXT_NODE && c->content != NULL) {
            rc = sl__buf_adds(&p->scratch, (const char *)c->content);
            if (rc == SL_OK) {
                rc = sl__buf_addc(&p->scratch, ' ');
            }
        } else if (c->type == XML_ELEMENT_NODE && c->children != NULL &&
                   depth < 32 && !sl__dom_is(c, "script") &&
                   !sl__dom_is(c, "style")) {
            c = c->children;
            depth++;
            continue;
        }
        while (c != NULL && c->next == NULL) {
            c = c->parent;
            if (--depth <= 0) {
                c = NULL;
            }
        }
        if (c != NULL) {
            c = c->next;
        }
    }
    if (rc < 0) {
        return rc;
    }
    return clean_text(out, p->scratch.ptr, p->scratch.len, BYLINE_MAX_BYTES);
}

/* Whether 'n' sits in a comment thread: an ancestor's class or id says
 * "comment". Commenters are marked up as authors too. */
static int in_comments(xmlNodePtr n)
{
    for (int i = 0; n != NULL && n->type == XML_ELEMENT_NODE && i < 12;
         i++, n = n->parent) {
        const char *cls = sl__dom_attr(n, "class");
        const char *id = sl__dom_attr(n, "id");
        if ((cls != NULL && contains_ci(cls, "comment")) ||
            (id != NULL && contains_ci(id, "comment"))) {
            return 1;
        }
    }
    return 0;
}

/* Microdata: itemprop=author, its itemprop=name when it has one. */
static int authors_from_itemprops(meta_ctx *m)
{
    sl__page *p = m->p;
    int rc = SL_OK;

    for (size_t i = 0; i < p->itemprops.len && rc == SL_OK; i++) {
        xmlNodePtr n = p->itemprops.v[i], name = NULL;
        char *t = NULL;

        if ((!itemprop_has(n, "author") && !itemprop_has(n, "creator")) ||
            in_comments(n)) {
            continue;
        }
        for (size_t j = i + 1; j < p->itemprops.len && j < i + 16; j++) {
            if (itemprop_has(p->itemprops.v[j], "name") &&
                is_ancestor(n, p->itemprops.v[j])) {
                name = p->itemprops.v[j];
                break;
            }
        }
        if (name == NULL) {
            name = n;
        }
        const char *content = sl__dom_attr(name, "content");
        if (content != NULL) {
            rc = add_names(m, content, strlen(content), 0);
            continue;
        }
        /* The author element itself may hold a whole byline. */
        if (text_is_short(name, BYLINE_MAX_BYTES)) {
            rc = byline_text(&t, p, name);
            if (t != NULL) {
                rc = add_names(m, t, strlen(t), name == n);
            }
            sl__free(t);
        }
    }
    return rc;
}

/* Walk the body once for rel=author links and byline-like elements, then
 * use the strongest kind that yields names. */
static int authors_from_markup(meta_ctx *m)
{
    sl__page *p = m->p;
    xmlNodePtr found[3][BYLINE_NODES_MAX];
    size_t nfound[3] = { 0, 0, 0 };
    xmlNodePtr n = p->body ? p->body->children : NULL;
    int depth = 1, rc = SL_OK;

    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE) {
            int kind = byline_kind(n);
            if (kind > 0 && nfound[kind - 1] < BYLINE_NODES_MAX &&
                !in_comments(n)) {
                found[kind - 1][nfound[kind - 1]++] = n;
            }
            /* Site footers and menus credit themes and list staff. */
            if (n->children != NULL && depth < SL_DOM_MAX_DEPTH &&
                !sl__dom_is(n, "script") && !sl__dom_is(n, "style") &&
                !sl__dom_is(n, "svg") && !sl__dom_is(n, "noscript") &&
                !sl__dom_is(n, "footer") && !sl__dom_is(n, "nav") &&
                !sl__dom_is(n, "aside")) {
                n = n->children;
                depth++;
                continue;
            }
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            if (--depth <= 0) {
                n = NULL;
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    for (int kind = 0; kind < 3 && m->a->author_count == 0; kind++) {
        for (size_t i = 0; i < nfound[kind] && rc == SL_OK; i++) {
            char *t = NULL;
            if (!text_is_short(found[kind][i], BYLINE_MAX_BYTES)) {
                continue;
            }
            rc = byline_text(&t, p, found[kind][i]);
            if (t != NULL) {
                rc = add_names(m, t, strlen(t), 1);
            }
            sl__free(t);
            /* Links are one name each; a byline element names them all. */
            if (kind > 0 && m->a->author_count > 0) {
                break;
            }
        }
    }
    return rc;
}

static int authors_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    json_t *o = m->ld.article;
    int rc = SL_OK;

    if (o != NULL) {
        json_t *v = json_object_get(o, "author");
        rc = add_ld_authors(m, v ? v : json_object_get(o, "creator"), 0);
    }
    for (size_t k = 0; k < sizeof(author_keys) / sizeof(author_keys[0]) &&
                       m->a->author_count == 0 && rc == SL_OK;
         k++) {
        for (size_t i = 0; i < p->meta_count && rc == SL_OK; i++) {
            const char *c = p->metas[i].content;
            if (meta_key_is(p->metas[i].key, author_keys[k])) {
                rc = add_names(m, c, strlen(c), 0);
            }
        }
    }
    if (rc == SL_OK && m->a->author_count == 0) {
        rc = authors_from_itemprops(m);
    }
    if (rc == SL_OK && m->a->author_count == 0) {
        rc = authors_from_markup(m);
    }
    return rc;
}

/*---- Language ----*/

/* Normalise a BCP 47-like tag into out[0..cap): '_' becomes '-', the
 * language is lower case, a region upper case, a script title case.
 * Anything after ',' or ';' is ignored ("en, fr"). Returns 0 when it is
 * not a tag (or is "und"). */
static int lang_norm(char *out, size_t cap, const char *s)
{
    size_t i = 0, o = 0, sub = 0;

    while (*s == ' ') {
        s++;
    }
    for (;;) {
        size_t n = 0;
        int alpha = 1;
        while (is_alnum((unsigned char)s[i + n])) {
            alpha &= is_alpha((unsigned char)s[i + n]);
            n++;
        }
        if (n == 0 || n > 8 || o + n + 1 >= cap) {
            return 0;
        }
        if (sub == 0 && (!alpha || n < 2 || n > 3)) {
            return 0;
        }
        if (sub > 0) {
            out[o++] = '-';
        }
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)s[i + k];
            if (sub > 0 && alpha && (n == 2 || (n == 4 && k == 0))) {
                c = c >= 'a' && c <= 'z' ? (unsigned char)(c - 32) : c;
            } else {
                c = lower(c);
            }
            out[o++] = (char)c;
        }
        i += n;
        sub++;
        if (s[i] != '-' && s[i] != '_') {
            break;
        }
        i++;
    }
    if (s[i] != '\0' && strchr(" ,;", s[i]) == NULL) {
        return 0;
    }
    out[o] = '\0';
    return strcmp(out, "und") != 0;
}

static int lang_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    const ld_index *ld = &m->ld;
    const char *cands[8];
    char tag[40];
    size_t n = 0;

    cands[n++] = p->lang;
    cands[n++] = meta_get(p, "content-language");
    cands[n++] = meta_get(p, "og:locale");
    cands[n++] = meta_get(p, "language");
    cands[n++] = meta_get(p, "dc.language");
    cands[n++] = ld->article ? ld_str(ld->article, "inLanguage") : NULL;
    cands[n++] = ld->page ? ld_str(ld->page, "inLanguage") : NULL;
    cands[n++] = ld->site ? ld_str(ld->site, "inLanguage") : NULL;
    for (size_t i = 0; i < n; i++) {
        if (cands[i] != NULL && lang_norm(tag, sizeof(tag), cands[i])) {
            m->a->lang = sl__strdup(tag);
            return m->a->lang ? SL_OK : SL_ENOMEM;
        }
    }
    return SL_OK;
}

/*---- Description ----*/

static int description_extract(meta_ctx *m)
{
    sl__page *p = m->p;
    const ld_index *ld = &m->ld;
    const char *cands[5];
    size_t n = 0;
    int rc = SL_OK;

    cands[n++] = meta_get(p, "description");
    cands[n++] = meta_get(p, "og:description");
    cands[n++] = meta_get(p, "twitter:description");
    cands[n++] = ld->article ? ld_str(ld->article, "description") : NULL;
    cands[n++] = ld->page ? ld_str(ld->page, "description") : NULL;
    for (size_t i = 0; i < n && m->a->description == NULL && rc == SL_OK; i++) {
        rc = clean_str(&m->a->description, cands[i], DESC_MAX_BYTES);
    }
    return rc;
}

/*---- Entry point ----*/

int sl__meta_extract(sl_article *a, sl__page *p)
{
    meta_ctx m;
    int rc;

    memset(&m, 0, sizeof(m));
    m.a = a;
    m.p = p;
    ld_build(&m.ld, p);
    rc = url_extract(&m);
    if (rc == SL_OK) {
        rc = site_extract(&m);
    }
    if (rc == SL_OK) {
        rc = title_extract(&m);
    }
    if (rc == SL_OK) {
        rc = authors_extract(&m);
    }
    if (rc == SL_OK) {
        rc = lang_extract(&m);
    }
    if (rc == SL_OK) {
        rc = description_extract(&m);
    }
    return rc;
}
