/*
 * sniff.c - tell an input's format from its first bytes.
 *
 * Order: WARC magic ("WARC/"), then the first non-space byte: '{' is JSON
 * Lines; '<' starts markup, which is a feed when its root element (past
 * any XML declaration, comments and doctype) is rss, rdf:RDF or feed, and
 * HTML otherwise; text with no NUL or control bytes is a plain-text page.
 */
#include <string.h>

#include "storyline/ingest.h"

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
                       *p == '\f')) {
        p++;
    }
    return p;
}

static int ci_eq(const char *p, const char *end, const char *w)
{
    for (; *w; w++, p++) {
        if (p >= end || (*p | 0x20) != *w) {
            return 0;
        }
    }
    return 1;
}

/* Skip <?...?>, <!--...-->, <!DOCTYPE ...> and white space. */
static const char *skip_prolog(const char *p, const char *end)
{
    for (;;) {
        p = skip_space(p, end);
        if (p + 1 >= end || *p != '<') {
            return p;
        }
        if (p[1] == '?' || (p[1] == '!' && !(p + 3 < end && p[2] == '-'))) {
            const char *gt = memchr(p, '>', (size_t)(end - p));
            if (gt == NULL) {
                return end;
            }
            p = gt + 1;
        } else if (p[1] == '!') {
            const char *q = p + 4;
            while (q + 2 < end &&
                   !(q[0] == '-' && q[1] == '-' && q[2] == '>')) {
                q++;
            }
            if (q + 2 >= end) {
                return end;
            }
            p = q + 3;
        } else {
            return p;
        }
    }
}

sl_input_format sl_input_sniff(const char *head, size_t len)
{
    const char *end = head + len, *p;
    size_t i, ctl = 0;

    /* A UTF-8 byte order mark says nothing about the format. */
    if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
        head += 3;
        len -= 3;
    }
    if (len >= 5 && memcmp(head, "WARC/", 5) == 0) {
        return SL_INPUT_WARC;
    }
    for (i = 0; i < len && i < 4096; i++) {
        unsigned char c = (unsigned char)head[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
            ctl++;
        }
    }
    if (len == 0 || ctl * 64 > (len < 4096 ? len : 4096)) {
        return SL_INPUT_UNKNOWN;
    }
    p = skip_space(head, end);
    if (p < end && *p == '{') {
        return SL_INPUT_JSONL;
    }
    if (p < end && *p == '<') {
        const char *root = skip_prolog(p, end);
        if (root + 1 < end && *root == '<' &&
            (ci_eq(root + 1, end, "rss") || ci_eq(root + 1, end, "rdf:rdf") ||
             ci_eq(root + 1, end, "feed"))) {
            return SL_INPUT_FEED;
        }
        return SL_INPUT_HTML;
    }
    /* Text that has markup somewhere near its top is still HTML. */
    for (const char *q = p; q + 5 < end && q < head + 1024; q++) {
        if (*q == '<' &&
            (ci_eq(q + 1, end, "html") || ci_eq(q + 1, end, "body") ||
             ci_eq(q + 1, end, "div") || ci_eq(q + 1, end, "p>"))) {
            return SL_INPUT_HTML;
        }
    }
    return SL_INPUT_TEXT;
}

const char *sl_input_format_name(sl_input_format f)
{
    switch (f) {
    case SL_INPUT_HTML:
        return "html";
    case SL_INPUT_WARC:
        return "warc";
    case SL_INPUT_FEED:
        return "feed";
    case SL_INPUT_JSONL:
        return "jsonl";
    case SL_INPUT_TEXT:
        return "text";
    default:
        return "unknown";
    }
}
