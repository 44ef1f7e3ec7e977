/*
 * feed.c - RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with libxml2.
 *
 * The feed is parsed once with libxml2's XML parser in recover mode, so
 * that the usual damage (a stray '&', an unclosed tag) still gives items.
 * Entities are never substituted and no DTD or external subset is loaded
 * (no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR; and
 * XML_PARSE_NONET): an external entity such as
 * <!ENTITY x SYSTEM "file:///etc/passwd"> stays an unexpanded reference,
 * and the text walkers below skip entity references altogether, so an
 * internal "billion laughs" entity does not grow either.
 *
 * Each item (RSS 2.0 channel/item, RDF item, Atom entry) becomes one
 * document:
 *   - with full HTML content (content:encoded, Atom <content> of type
 *     html or xhtml): SL_DOC_HTML, html = that content as UTF-8 bytes,
 *     and title, published, authors, description set for the driver;
 *   - otherwise SL_DOC_TEXT, text = Atom text content, or else the
 *     description/summary turned from HTML into plain text (parsed with
 *     libxml2's HTML parser; paragraphs split by blank lines).
 * ext_id is the guid (RSS 2.0), rdf:about (RSS 1.0) or id (Atom); url the
 * link (Atom: link rel="alternate", or an atom:link inside RSS); published
 * the date as written (pubDate, published, dc:date, updated ...); source
 * the channel or feed title; authors dc:creator, author, Atom author/name.
 * Element names are matched by local name and namespace URI, with the
 * RSS and Atom names also accepted without a namespace, as feeds in the
 * wild mix them.
 *
 * Exports sl_feed_read() (storyline/ingest.h).
 *
 * References: RSS 2.0 (rssboard.org/rss-specification); RSS 1.0
 * (web.resource.org/rss/1.0/spec) and its content and Dublin Core
 * modules; RFC 4287 (Atom), sections 3.1 (text constructs) and 4.1.3
 * (atom:content); OWASP "XML External Entity Prevention Cheat Sheet".
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

/* Author names kept per item. */
#define MAX_AUTHORS 64

/*---- Names ----*/

enum {
    NS_NONE = 1,
    NS_RSS = 2, /* RSS 1.0 / 0.90 default namespaces */
    NS_ATOM = 4,
    NS_CONTENT = 8,
    NS_DC = 16,
    NS_RDF = 32,
    NS_OTHER = 64,
    NS_PLAIN = NS_NONE | NS_RSS | NS_ATOM
};

static int ns_of_href(const char *href)
{
    static const struct {
        const char *href;
        int ns;
    } known[] = {
        { "http://purl.org/rss/1.0/", NS_RSS },
        { "http://my.netscape.com/rdf/simple/0.9/", NS_RSS },
        { "http://backend.userland.com/rss2", NS_RSS },
        { "http://www.w3.org/2005/Atom", NS_ATOM },
        { "http://purl.org/atom/ns#", NS_ATOM },
        { "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
        { "http://purl.org/dc/elements/1.1/", NS_DC },
        { "http://purl.org/dc/terms/", NS_DC },
        { "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
    };

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(href, known[i].href) == 0) {
            return known[i].ns;
        }
    }
    return NS_OTHER;
}

/* The local name of element 'n' and its namespace class in *ns. A prefix
 * that was never declared (a common fault: content:encoded without
 * xmlns:content) leaves the qualified name in n->name; the usual prefixes
 * are then read as their namespaces. */
static const char *local_name(const xmlNode *n, int *ns)
{
    static const struct {
        const char *prefix;
        int ns;
    } usual[] = {
        { "content:", NS_CONTENT }, { "dc:", NS_DC },   { "dcterms:", NS_DC },
        { "atom:", NS_ATOM },       { "rdf:", NS_RDF },
    };
    const char *name = (const char *)n->name;

    if (n->ns != NULL && n->ns->href != NULL) {
        *ns = ns_of_href((const char *)n->ns->href);
        return name;
    }
    *ns = NS_NONE;
    const char *colon = strchr(name, ':');
    if (colon == NULL) {
        return name;
    }
    *ns = NS_OTHER;
    for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++) {
        size_t len = strlen(usual[i].prefix);
        if (strncmp(name, usual[i].prefix, len) == 0) {
            *ns = usual[i].ns;
            break;
        }
    }
    return colon + 1;
}

/* Is 'n' an element named 'local' in one of the namespaces 'ns'? */
static int is_el(const xmlNode *n, int ns, const char *local)
{
    int el_ns;

    if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL) {
        return 0;
    }
    return strcmp(local_name(n, &el_ns), local) == 0 && (el_ns & ns) != 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (a->name != NULL && strcmp((const char *)a->name, name) == 0 &&
            a->children != NULL && a->children->type == XML_TEXT_NODE &&
            a->children->next == NULL) {
            return (const char *)a->children->content;
        }
    }
    return NULL;
}

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') {
            x += 32;
        }
        if (y >= 'A' && y <= 'Z') {
            y += 32;
        }
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

/* Next node after 'n' in document order inside 'root', descending into
 * elements only: entity references share their children with the entity
 * declaration and are never entered. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root)
{
    if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
        return n->children;
    }
    while (n != NULL && n != root) {
        if (n->next != NULL) {
            return n->next;
        }
        n = n->parent;
    }
    return NULL;
}

/*---- Text ----*/

/* Appends text, collapsing white space runs to one space and turning
 * paragraph breaks into one blank line; nothing leads or trails. */
typedef struct sink {
    sl_buf *out;
    int space; /* a space is pending */
    int para;  /* a paragraph break is pending */
} sink;

/* How 'raw' text becomes a field. */
enum { AS_LINE, AS_PARAGRAPHS, AS_HTML };

static int is_space(const char *s, size_t len, size_t *n)
{
    unsigned char c = (unsigned char)s[0];

    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
        *n = 1;
        return 1;
    }
    if (c == 0xC2 && len > 1 && (unsigned char)s[1] == 0xA0) {
        *n = 2; /* U+00A0 NO-BREAK SPACE */
        return 1;
    }
    return 0;
}

/* 'blank_lines': a blank line in 's' breaks the paragraph (plain text);
 * otherwise it is just white space (HTML, one-line fields). */
static int sink_add(sink *k, const char *s, size_t len, int blank_lines)
{
    size_t i = 0, n;
    int rc;

    while (i < len) {
        size_t j = i, newlines = 0;
        while (j < len && is_space(s + j, len - j, &n)) {
            newlines += s[j] == '\n';
            j += n;
        }
        if (j > i) {
            if (k->out->len > 0) {
                k->space = 1;
                k->para |= blank_lines && newlines >= 2;
            }
            i = j;
            continue;
        }
        while (j < len && !is_space(s + j, len - j, &n)) {
            j++;
        }
        if (k->para) {
            rc = sl__buf_add(k->out, "\n\n", 2);
        } else if (k->space) {
            rc = sl__buf_addc(k->out, ' ');
        } else {
            rc = SL_OK;
        }
        if (rc == SL_OK) {
            rc = sl__buf_add(k->out, s + i, j - i);
        }
        if (rc < 0) {
            return rc;
        }
        k->para = 0;
        k->space = 0;
        i = j;
    }
    return SL_OK;
}

static void sink_break(sink *k)
{
    if (k->out->len > 0) {
        k->para = 1;
    }
}

/* Elements that start and end a paragraph (HTML block-level content,
 * plus br). */
static int html_block(const char *name)
{
    static const char *const blocks[] = {
        "address", "article", "aside", "blockquote", "br",         "dd",
        "details", "div",     "dl",    "dt",         "figcaption", "figure",
        "footer",  "h1",      "h2",    "h3",         "h4",         "h5",
        "h6",      "header",  "hr",    "li",         "main",       "nav",
        "ol",      "p",       "pre",   "section",    "table",      "td",
        "th",      "tr",      "ul",
    };

    for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
        if (ascii_ieq(name, blocks[i])) {
            return 1;
        }
    }
    return 0;
}

static int html_skipped(const char *name)
{
    return ascii_ieq(name, "script") || ascii_ieq(name, "style") ||
           ascii_ieq(name, "noscript") || ascii_ieq(name, "template");
}

static int block_el(const xmlNode *n)
{
    int ns;

    return n->type == XML_ELEMENT_NODE && n->name != NULL &&
           html_block(local_name(n, &ns));
}

/* Text of the tree under 'root' as paragraphs: an HTML parse, or inline
 * XHTML (Atom type="xhtml"). Walks without recursion. */
static int tree_text(sink *k, xmlNode *root)
{
    xmlNode *n = root->children;
    int ns, rc;

    while (n != NULL) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != NULL) {
                rc = sink_add(k, (const char *)n->content,
                              strlen((const char *)n->content), 0);
                if (rc < 0) {
                    return rc;
                }
            }
        } else if (n->type == XML_ELEMENT_NODE && n->name != NULL &&
                   !html_skipped(local_name(n, &ns))) {
            if (block_el(n)) {
                sink_break(k);
            }
            if (n->children != NULL) {
                n = n->children;
                continue;
            }
        }
        /* Leave 'n' and the ancestors it closes. */
        for (;;) {
            if (block_el(n)) {
                sink_break(k);
            }
            if (n->next != NULL) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == NULL || n == root) {
                n = NULL;
                break;
            }
        }
    }
    return SL_OK;
}

/* Plain text of an HTML fragment (UTF-8), appended to 'out'. A fragment
 * without markup or references is read as plain text. */
static int html_to_text(sl_buf *out, const char *s, size_t len)
{
    sink k = { out, 0, 0 };
    htmlDocPtr doc;
    int rc;

    if (memchr(s, '<', len) == NULL && memchr(s, '&', len) == NULL) {
        return sink_add(&k, s, len, 1);
    }
    if (len > INT_MAX) {
        return SL_ELIMIT;
    }
    doc = htmlReadMemory(s, (int)len, NULL, "UTF-8",
                         HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    if (doc == NULL) {
        return SL_OK; /* nothing readable: no text */
    }
    rc = tree_text(&k, (xmlNode *)doc);
    xmlFreeDoc(doc);
    return rc;
}

/* Append the text nodes under 'el', in order and as they are; entity
 * references are skipped. */
static int raw_text(sl_buf *out, xmlNode *el)
{
    for (xmlNode *n = el->children; n != NULL; n = next_node(n, el)) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            n->content != NULL) {
            int rc = sl__buf_adds(out, (const char *)n->content);
            if (rc < 0) {
                return rc;
            }
        }
    }
    return SL_OK;
}

/*---- Mending ill-formed feeds ----*/

static size_t find(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);

    for (size_t i = 0; i + n <= len; i++) {
        if (s[i] == w[0] && memcmp(s + i, w, n) == 0) {
            return i;
        }
    }
    return len;
}

static int starts(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);

    return len >= n && memcmp(s, w, n) == 0;
}

/* Where the markup at s[0] == '<' that must be copied untouched ends
 * (CDATA section, comment, processing instruction, doctype with its
 * internal subset), or 0 for any other tag. */
static size_t opaque_len(const char *s, size_t len)
{
    size_t end;

    if (starts(s, len, "<![CDATA[")) {
        end = find(s, len, "]]>");
        return end < len ? end + 3 : len;
    }
    if (starts(s, len, "<!--")) {
        end = find(s + 4, len - 4, "-->") + 4;
        return end < len ? end + 3 : len;
    }
    if (starts(s, len, "<?")) {
        end = find(s, len, "?>");
        return end < len ? end + 2 : len;
    }
    if (starts(s, len, "<!DOCTYPE") || starts(s, len, "<!doctype")) {
        /* Each search stops where the copy does: no rescans. */
        size_t gt = find(s, len, ">"), lb = find(s, gt, "[");
        if (lb < gt) {
            end = find(s, len, "]>");
            return end < len ? end + 2 : len;
        }
        return gt < len ? gt + 1 : len;
    }
    return 0;
}

/* An XML Char (XML 1.0 section 2.2). */
static int xml_char(unsigned long cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD ||
           (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Read the reference at s[0] == '&'. Returns its length (';' included),
 * or 0 when it is not one; *cp is the code point of a character
 * reference (0 if it names no XML Char), and 'name' (cap 40) receives an
 * entity name. */
static size_t ref_len(const char *s, size_t len, unsigned long *cp, char *name)
{
    size_t i = 1;

    *cp = 0;
    name[0] = '\0';
    if (i < len && s[i] == '#') {
        int hex = i + 1 < len && s[i + 1] == 'x';
        unsigned long v = 0;
        size_t digits = 0;
        for (i += 1 + hex; i < len && digits <= 8; i++, digits++) {
            int c = (unsigned char)s[i], d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                d = (c | 0x20) - 'a' + 10;
            } else {
                break;
            }
            v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (digits == 0 || digits > 8 || i >= len || s[i] != ';') {
            return 0;
        }
        *cp = xml_char(v) ? v : 0;
        return i + 1;
    }
    for (; i < len && i < 40; i++) {
        int c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 1 && c >= '0' && c <= '9') || c == '_' || c == ':' ||
              (i > 1 && (c == '-' || c == '.')))) {
            break;
        }
    }
    if (i == 1 || i >= len || s[i] != ';') {
        return 0;
    }
    memcpy(name, s + 1, i - 1);
    name[i - 1] = '\0';
    return i + 1;
}

/*
 * libxml2 2.9 drops every entity reference it meets after the first
 * well-formedness error, &amp; and &lt; included (xmlParseReference
 * returns early once ctxt->wellFormed is 0). So one stray '&' or one
 * HTML entity such as &nbsp; early in a feed would strip the markup out
 * of every description after it. When the first parse is not well
 * formed the input is mended and parsed again: a '&' that starts no
 * reference becomes &amp;, an HTML entity name its character reference
 * (&nbsp; -> &#160;), any other undeclared-looking name is escaped, and a
 * character reference to a non-character is dropped. Line breaks are
 * kept, so line numbers still hold. CDATA sections, comments, processing
 * instructions and the doctype are copied untouched.
 */
static int mend(sl_buf *out, const char *s, size_t len)
{
    size_t i = 0, start = 0;
    int rc = SL_OK;

    while (i < len && rc == SL_OK) {
        if (s[i] == '<') {
            size_t n = opaque_len(s + i, len - i);
            i += n > 0 ? n : 1;
            continue;
        }
        if (s[i] != '&') {
            i++;
            continue;
        }
        char name[48];
        unsigned long cp;
        size_t n = ref_len(s + i, len - i, &cp, name);
        if (n > 0 && name[0] == '\0' && cp != 0) {
            i += n; /* a good character reference */
            continue;
        }
        if (n > 0 && (strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 ||
                      strcmp(name, "gt") == 0 || strcmp(name, "quot") == 0 ||
                      strcmp(name, "apos") == 0)) {
            i += n;
            continue;
        }
        rc = sl__buf_add(out, s + start, i - start);
        if (rc < 0) {
            break;
        }
        const htmlEntityDesc *e = n > 0 && name[0] != '\0'
                                      ? htmlEntityLookup((const xmlChar *)name)
                                      : NULL;
        if (e != NULL) {
            rc = sl__buf_printf(out, "&#%u;", e->value);
            i += n;
        } else if (n > 0 && name[0] == '\0') {
            i += n; /* a reference to a non-character: dropped */
        } else {
            rc = sl__buf_adds(out, "&amp;");
            i++;
        }
        start = i;
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(out, s + start, len - start);
    }
    return rc;
}

/*---- Items ----*/

enum {
    F_ID,
    F_URL,
    F_TITLE,
    F_TEXT,
    F_PUBLISHED,
    F_LANG,
    F_DESCRIPTION,
    F_COUNT
};

typedef struct feed {
    const char *path;
    const sl_ingest_options *opts;
    size_t max;
    sl_buf f[F_COUNT]; /* the item's strings, valid UTF-8 */
    sl_buf source;     /* the channel's title */
    sl_buf lang;       /* the channel's language */
    sl_buf html;       /* SL_DOC_HTML content */
    sl_buf raw;        /* text as found */
    sl_buf tmp;        /* text repaired */
    sl_buf names;      /* author names, NUL-separated */
    sl_buf where;
    const char *authors[MAX_AUTHORS];
    size_t author_offset[MAX_AUTHORS];
    size_t author_count;
} feed;

static void report(feed *fd, const char *where, const char *msg)
{
    if (fd->opts->on_error != NULL) {
        fd->opts->on_error(where, msg, fd->opts->payload);
    }
}

/* libxml2 in recover mode may let a stray byte through (an encoding
 * error in the middle of a text node): repair 'dst' in place if so. */
static int ensure_utf8(feed *fd, sl_buf *dst)
{
    int rc;

    if (dst->len == 0 ||
        sl__utf8_count_invalid(dst->ptr, dst->len, NULL) == 0) {
        return SL_OK;
    }
    sl__buf_reset(&fd->tmp);
    rc = sl__utf8_repair(&fd->tmp, dst->ptr, dst->len);
    if (rc == SL_OK) {
        sl__buf_reset(dst);
        rc = sl__buf_add(dst, fd->tmp.ptr, fd->tmp.len);
    }
    return rc;
}

/* Set 'dst' from s[0..len): repaired to valid UTF-8, then read 'as' a
 * line, paragraphs or HTML. */
static int set_text(feed *fd, sl_buf *dst, const char *s, size_t len, int as)
{
    sink k = { dst, 0, 0 };
    int rc;

    sl__buf_reset(dst);
    sl__buf_reset(&fd->tmp);
    rc = sl__utf8_repair(&fd->tmp, s, len);
    if (rc < 0 || fd->tmp.len == 0) {
        return rc;
    }
    if (as == AS_HTML) {
        rc = html_to_text(dst, fd->tmp.ptr, fd->tmp.len);
        return rc == SL_OK ? ensure_utf8(fd, dst) : rc;
    }
    return sink_add(&k, fd->tmp.ptr, fd->tmp.len, as == AS_PARAGRAPHS);
}

/* Set 'dst', unless already set, from element 'el': its text read 'as'
 * given, or as an Atom text construct (RFC 4287 3.1) when 'el' says its
 * type is html or xhtml. */
static int take_text(feed *fd, sl_buf *dst, xmlNode *el, int as)
{
    const char *type = attr(el, "type");
    int rc;

    if (dst->len > 0) {
        return SL_OK;
    }
    if (type != NULL && ascii_ieq(type, "xhtml")) {
        sink k = { dst, 0, 0 };
        rc = tree_text(&k, el);
        return rc == SL_OK ? ensure_utf8(fd, dst) : rc;
    }
    if (type != NULL &&
        (ascii_ieq(type, "html") || ascii_ieq(type, "text/html"))) {
        as = AS_HTML;
    }
    sl__buf_reset(&fd->raw);
    rc = raw_text(&fd->raw, el);
    if (rc == SL_OK && fd->raw.len > 0) {
        rc = set_text(fd, dst, fd->raw.ptr, fd->raw.len, as);
    }
    return rc;
}

static int take_str(feed *fd, sl_buf *dst, const char *s)
{
    if (dst->len > 0 || s == NULL) {
        return SL_OK;
    }
    return set_text(fd, dst, s, strlen(s), AS_LINE);
}

/* Add the author named by the text of 'el'. RSS 2.0 writes
 * "jd@example.com (Jane Doe)": that gives "Jane Doe". */
static int take_author(feed *fd, xmlNode *el)
{
    int rc;

    if (fd->author_count >= MAX_AUTHORS) {
        return SL_OK;
    }
    sl__buf_reset(&fd->raw);
    rc = raw_text(&fd->raw, el);
    if (rc < 0 || fd->raw.len == 0) {
        return rc;
    }
    const char *s = fd->raw.ptr;
    size_t len = fd->raw.len;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' ||
                       s[len - 1] == '\t' || s[len - 1] == '\r')) {
        len--;
    }
    const char *open = memchr(s, '(', len);
    if (open != NULL && len > 0 && s[len - 1] == ')' &&
        memchr(s, '@', (size_t)(open - s)) != NULL) {
        len = (size_t)(s + len - 1 - (open + 1));
        s = open + 1;
    }
    sl__buf_reset(&fd->tmp);
    rc = sl__utf8_repair(&fd->tmp, s, len);
    if (rc < 0 || fd->tmp.len == 0) {
        return rc;
    }
    size_t at = fd->names.len;
    sink k = { &fd->names, 0, 0 };
    rc = sink_add(&k, fd->tmp.ptr, fd->tmp.len, 0);
    if (rc == SL_OK && fd->names.len > at) {
        rc = sl__buf_addc(&fd->names, '\0');
        fd->author_offset[fd->author_count++] = at;
    }
    return rc;
}

/* The HTML of content:encoded or of an Atom <content> of type html
 * (escaped in the text) or xhtml (inline elements, serialised). */
static int take_html(feed *fd, xmlNode *el, int xhtml)
{
    int rc;

    if (fd->html.len > 0) {
        return SL_OK;
    }
    if (!xhtml) {
        sl__buf_reset(&fd->raw);
        rc = raw_text(&fd->raw, el);
        if (rc == SL_OK && fd->raw.len > 0) {
            rc = sl__utf8_repair(&fd->html, fd->raw.ptr, fd->raw.len);
        }
        return rc;
    }
    xmlBufferPtr xb = xmlBufferCreate();
    if (xb == NULL) {
        return SL_ENOMEM;
    }
    rc = SL_OK;
    for (xmlNode *c = el->children; c != NULL; c = c->next) {
        if (xmlNodeDump(xb, el->doc, c, 0, 0) < 0) {
            break;
        }
        if ((size_t)xmlBufferLength(xb) > fd->max) {
            rc = SL_ELIMIT;
            break;
        }
    }
    if (rc == SL_OK && xmlBufferLength(xb) > 0) {
        rc = sl__utf8_repair(&fd->html, (const char *)xmlBufferContent(xb),
                             (size_t)xmlBufferLength(xb));
    }
    xmlBufferFree(xb);
    return rc;
}

/* Is the buffer empty or only white space? */
static int blank(const sl_buf *b)
{
    for (size_t i = 0; i < b->len; i++) {
        if (b->ptr[i] != ' ' && b->ptr[i] != '\t' && b->ptr[i] != '\n' &&
            b->ptr[i] != '\r') {
            return 0;
        }
    }
    return 1;
}

/* The Atom link to the page among the children of 'item' in namespaces
 * 'ns': rel="alternate" or no rel, text/html preferred. */
static const char *atom_link(xmlNode *item, int ns)
{
    const char *best = NULL;
    int best_html = 0;

    for (xmlNode *c = item->children; c != NULL; c = c->next) {
        if (!is_el(c, ns, "link")) {
            continue;
        }
        const char *rel = attr(c, "rel"), *type = attr(c, "type");
        const char *href = attr(c, "href");
        if (href == NULL || (rel != NULL && !ascii_ieq(rel, "alternate"))) {
            continue;
        }
        int html = type == NULL || ascii_ieq(type, "text/html");
        if (best == NULL || (html && !best_html)) {
            best = href;
            best_html = html;
        }
    }
    return best;
}

/* Atom <content>: HTML, text, or neither (out of line, other media). */
static int read_content(feed *fd, xmlNode *c, xmlNode **text_content)
{
    const char *type = attr(c, "type");

    if (attr(c, "src") != NULL) {
        return SL_OK;
    }
    if (type != NULL && ascii_ieq(type, "xhtml")) {
        return take_html(fd, c, 1);
    }
    if (type != NULL &&
        (ascii_ieq(type, "html") || ascii_ieq(type, "text/html"))) {
        return take_html(fd, c, 0);
    }
    if ((type == NULL || ascii_ieq(type, "text") ||
         ascii_ieq(type, "text/plain")) &&
        *text_content == NULL) {
        *text_content = c;
    }
    return SL_OK;
}

static int read_author(feed *fd, xmlNode *c)
{
    int named = 0, rc = SL_OK;

    /* Atom: <author><name>; RSS 2.0: <author> holds the text. */
    for (xmlNode *a = c->children; a != NULL && rc == SL_OK; a = a->next) {
        if (is_el(a, NS_PLAIN, "name")) {
            rc = take_author(fd, a);
            named = 1;
        }
    }
    if (!named && rc == SL_OK) {
        rc = take_author(fd, c);
    }
    return rc;
}

/* The first date present, in order of preference, as written. */
static int read_date(feed *fd, xmlNode *item)
{
    static const struct {
        int ns;
        const char *name;
    } dates[] = {
        { NS_PLAIN, "pubDate" },  { NS_PLAIN, "published" },
        { NS_DC, "date" },        { NS_PLAIN, "issued" },
        { NS_DC, "created" },     { NS_PLAIN, "updated" },
        { NS_PLAIN, "modified" },
    };

    for (size_t d = 0; d < sizeof(dates) / sizeof(dates[0]); d++) {
        for (xmlNode *c = item->children; c != NULL; c = c->next) {
            if (is_el(c, dates[d].ns, dates[d].name)) {
                int rc = take_text(fd, &fd->f[F_PUBLISHED], c, AS_LINE);
                if (rc < 0 || fd->f[F_PUBLISHED].len > 0) {
                    return rc;
                }
            }
        }
    }
    return SL_OK;
}

/* Fill the fields from one item's (or entry's) children. */
static int read_fields(feed *fd, xmlNode *item, int atom)
{
    xmlNode *desc = NULL, *text_content = NULL;
    int rc = SL_OK;

    for (xmlNode *c = item->children; c != NULL && rc == SL_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is_el(c, NS_PLAIN, "title")) {
            rc = take_text(fd, &fd->f[F_TITLE], c, AS_LINE);
        } else if (!atom && is_el(c, NS_NONE | NS_RSS, "link")) {
            rc = take_text(fd, &fd->f[F_URL], c, AS_LINE);
        } else if (is_el(c, NS_PLAIN, "guid") ||
                   (atom && is_el(c, NS_PLAIN, "id"))) {
            rc = take_text(fd, &fd->f[F_ID], c, AS_LINE);
        } else if (is_el(c, NS_PLAIN, "description") ||
                   is_el(c, NS_PLAIN, "summary")) {
            desc = desc != NULL ? desc : c;
        } else if (is_el(c, NS_CONTENT, "encoded")) {
            rc = take_html(fd, c, 0);
        } else if (is_el(c, NS_PLAIN, "content")) {
            rc = read_content(fd, c, &text_content);
        } else if (is_el(c, NS_PLAIN, "author")) {
            rc = read_author(fd, c);
        } else if (is_el(c, NS_DC, "creator")) {
            rc = take_author(fd, c);
        } else if (is_el(c, NS_DC, "language")) {
            rc = take_text(fd, &fd->f[F_LANG], c, AS_LINE);
        }
    }
    if (rc == SL_OK) {
        rc = read_date(fd, item);
    }
    if (rc == SL_OK) {
        /* Atom's link; in RSS, an atom:link when there is no <link>. */
        rc = take_str(fd, &fd->f[F_URL],
                      atom_link(item, atom ? NS_PLAIN : NS_ATOM));
    }
    if (rc == SL_OK && !atom) {
        /* RSS 1.0 names the item by its URI, rdf:about. */
        rc = take_str(fd, &fd->f[F_ID], attr(item, "about"));
    }
    if (rc == SL_OK && text_content != NULL) {
        rc = take_text(fd, &fd->f[F_TEXT], text_content, AS_PARAGRAPHS);
    }
    if (rc == SL_OK && desc != NULL) {
        /* An RSS description holds HTML (escaped or in CDATA); an Atom
         * summary is a text construct. */
        rc = take_text(fd, &fd->f[F_DESCRIPTION], desc,
                       atom ? AS_PARAGRAPHS : AS_HTML);
    }
    return rc;
}

static const char *field(const sl_buf *b)
{
    return b->len > 0 ? b->ptr : NULL;
}

static int read_item(feed *fd, xmlNode *item, int atom)
{
    sl_doc doc;
    long line = xmlGetLineNo(item);
    int rc;

    for (int f = 0; f < F_COUNT; f++) {
        sl__buf_reset(&fd->f[f]);
    }
    sl__buf_reset(&fd->html);
    sl__buf_reset(&fd->names);
    fd->author_count = 0;
    sl__buf_reset(&fd->where);
    rc = line > 0 ? sl__buf_printf(&fd->where, "%s:%ld", fd->path, line)
                  : sl__buf_adds(&fd->where, fd->path);
    if (rc < 0) {
        return rc;
    }
    rc = read_fields(fd, item, atom);
    if (rc == SL_OK && fd->f[F_LANG].len == 0) {
        /* The nearest xml:lang, else the channel's language. */
        xmlChar *xl = xmlNodeGetLang(item);
        rc = take_str(fd, &fd->f[F_LANG],
                      xl != NULL ? (const char *)xl : field(&fd->lang));
        xmlFree(xl);
    }
    if (rc == SL_ELIMIT) {
        report(fd, fd->where.ptr, "item over the size cap");
        return SL_OK;
    }
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < fd->author_count; i++) {
        fd->authors[i] = fd->names.ptr + fd->author_offset[i];
    }
    memset(&doc, 0, sizeof(doc));
    doc.path = fd->path;
    doc.where = fd->where.ptr;
    doc.ext_id = field(&fd->f[F_ID]);
    doc.url = field(&fd->f[F_URL]);
    doc.title = field(&fd->f[F_TITLE]);
    doc.published = field(&fd->f[F_PUBLISHED]);
    doc.source = field(&fd->source);
    doc.lang = field(&fd->f[F_LANG]);
    doc.authors = fd->author_count > 0 ? fd->authors : NULL;
    doc.author_count = fd->author_count;
    if (!blank(&fd->html)) {
        doc.kind = SL_DOC_HTML;
        doc.html = fd->html.ptr;
        doc.html_len = fd->html.len;
        doc.description = field(&fd->f[F_DESCRIPTION]);
    } else {
        doc.kind = SL_DOC_TEXT;
        doc.text = field(&fd->f[F_TEXT]);
        if (doc.text == NULL) {
            doc.text = field(&fd->f[F_DESCRIPTION]);
        } else {
            doc.description = field(&fd->f[F_DESCRIPTION]);
        }
    }
    if (doc.url == NULL && doc.ext_id == NULL && doc.title == NULL &&
        doc.text == NULL && doc.html == NULL) {
        report(fd, fd->where.ptr, "item has no link, guid, title or text");
        return SL_OK;
    }
    return fd->opts->on_doc(&doc, fd->opts->payload);
}

/* The channel's (or feed's) title and language, for every item. */
static int read_channel(feed *fd, xmlNode *ch)
{
    int rc = SL_OK;

    for (xmlNode *c = ch->children; c != NULL && rc == SL_OK; c = c->next) {
        if (is_el(c, NS_PLAIN, "title")) {
            rc = take_text(fd, &fd->source, c, AS_LINE);
        } else if (is_el(c, NS_PLAIN, "language") ||
                   is_el(c, NS_DC, "language")) {
            rc = take_text(fd, &fd->lang, c, AS_LINE);
        }
    }
    return rc == SL_ELIMIT ? SL_OK : rc; /* the items can do without */
}

/* Items in document order: channel/item (RSS 2.0), item beside the
 * channel (RSS 1.0), entry (Atom). */
static int read_items(feed *fd, xmlNode *parent, int atom)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        int rc = SL_OK;
        if (atom ? is_el(c, NS_PLAIN, "entry") : is_el(c, NS_PLAIN, "item")) {
            rc = read_item(fd, c, atom);
        } else if (!atom && is_el(c, NS_PLAIN, "channel")) {
            rc = read_items(fd, c, 0);
        }
        if (rc != SL_OK) {
            return rc;
        }
    }
    return SL_OK;
}

static int read_feed(feed *fd, const char *data, size_t len)
{
    /* No XML_PARSE_NOENT, DTDLOAD or DTDATTR: entities stay references
     * and nothing outside the buffer is read. */
    const int options = XML_PARSE_RECOVER | XML_PARSE_NONET |
                        XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                        XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    xmlNode *root;
    int rc = SL_OK, atom;

    xmlInitParser();
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        return SL_ENOMEM;
    }
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, options);
    if (!ctxt->wellFormed) {
        sl_buf m;
        /* Escaping can make the text longer; past twice its size the
         * first parse is kept. */
        sl__buf_init(&m, len < INT_MAX / 2 ? 2 * len + 64 : INT_MAX);
        rc = mend(&m, data, len);
        if (rc == SL_OK && m.len <= INT_MAX) {
            xmlDocPtr again =
                xmlCtxtReadMemory(ctxt, m.ptr != NULL ? m.ptr : "", (int)m.len,
                                  NULL, NULL, options);
            if (again != NULL && xmlDocGetRootElement(again) != NULL) {
                xmlFreeDoc(doc);
                doc = again;
            } else {
                xmlFreeDoc(again);
            }
        }
        sl__buf_dispose(&m);
        if (rc == SL_ENOMEM) {
            xmlFreeDoc(doc);
            xmlFreeParserCtxt(ctxt);
            return rc;
        }
        rc = SL_OK;
    }
    xmlFreeParserCtxt(ctxt);
    root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    if (root == NULL) {
        report(fd, fd->path, "not XML: no feed found");
        xmlFreeDoc(doc);
        return SL_EFORMAT;
    }
    if (is_el(root, NS_PLAIN, "rss") || is_el(root, NS_RDF, "RDF")) {
        atom = 0;
    } else if (is_el(root, NS_PLAIN, "feed")) {
        atom = 1;
    } else {
        report(fd, fd->path,
               "not a feed: the root element is not rss, rdf:RDF or feed");
        xmlFreeDoc(doc);
        return SL_EFORMAT;
    }
    if (atom) {
        rc = read_channel(fd, root);
    } else {
        for (xmlNode *c = root->children; c != NULL; c = c->next) {
            if (is_el(c, NS_PLAIN, "channel")) {
                rc = read_channel(fd, c);
                break;
            }
        }
    }
    if (rc == SL_OK) {
        rc = read_items(fd, root, atom);
    }
    xmlFreeDoc(doc);
    return rc;
}

int sl_feed_read(const char *data,
                 size_t len,
                 const char *path,
                 const sl_ingest_options *opts)
{
    feed *fd;
    int rc;

    if (opts == NULL || opts->on_doc == NULL || path == NULL ||
        (data == NULL && len > 0)) {
        return SL_EINVAL;
    }
    fd = sl__calloc(1, sizeof(*fd));
    if (fd == NULL) {
        return SL_ENOMEM;
    }
    fd->path = path;
    fd->opts = opts;
    fd->max = opts->max_record_bytes ? opts->max_record_bytes
                                     : SL_EXTRACT_DEFAULT_MAX_BYTES;
    if (len > fd->max || len > INT_MAX) {
        char msg[128];
        snprintf(msg, sizeof(msg), "feed of %zu bytes over the %zu-byte cap",
                 len, fd->max);
        report(fd, path, msg);
        sl__free(fd);
        return SL_ELIMIT;
    }
    for (int f = 0; f < F_COUNT; f++) {
        sl__buf_init(&fd->f[f], fd->max);
    }
    sl__buf_init(&fd->source, fd->max);
    sl__buf_init(&fd->lang, fd->max);
    sl__buf_init(&fd->html, fd->max);
    sl__buf_init(&fd->raw, fd->max);
    sl__buf_init(&fd->tmp, fd->max);
    sl__buf_init(&fd->names, fd->max);
    sl__buf_init(&fd->where, 0);
    rc = read_feed(fd, data != NULL ? data : "", len);
    for (int f = 0; f < F_COUNT; f++) {
        sl__buf_dispose(&fd->f[f]);
    }
    sl__buf_dispose(&fd->source);
    sl__buf_dispose(&fd->lang);
    sl__buf_dispose(&fd->html);
    sl__buf_dispose(&fd->raw);
    sl__buf_dispose(&fd->tmp);
    sl__buf_dispose(&fd->names);
    sl__buf_dispose(&fd->where);
    sl__free(fd);
    return rc;
}
