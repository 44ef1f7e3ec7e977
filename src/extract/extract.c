/*
 * extract.c - sl_extract(): bytes -> UTF-8 -> libxml2 tree -> sl_article.
 *
 * The steps, in order: cap and sanity checks on the input; charset
 * decoding (charset.c); one parse with libxml2's HTML parser, which
 * recovers from any tag soup; one walk that indexes metadata for the
 * other modules (page.h); then meta.c, pubdate.c and body.c fill the
 * article. This is the only file that calls the parser itself.
 */
#include <string.h>

#include "charset.h"
#include "page.h"
#include "util/alloc.h"
#include "util/utf8.h"

static const char *const source_names[] = {
    "none", "json-ld", "meta", "microdata", "time", "url", "text", "markup",
};

const char *sl_date_source_name(sl_date_source src)
{
    if ((unsigned)src < sizeof(source_names) / sizeof(source_names[0])) {
        return source_names[src];
    }
    return "none";
}

void sl_extract_global_init(void)
{
    xmlInitParser();
}

/*---- DOM helpers shared by the modules ----*/

int sl__dom_is(xmlNodePtr n, const char *name)
{
    const char *a, *b;

    if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL) {
        return 0;
    }
    /* libxml2's HTML parser lower-cases tag names. */
    a = (const char *)n->name;
    b = name;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* ASCII-only lower case: attribute and meta names are ASCII. Folding with
 * "| 0x20" would equate a space with the end of the string. */
static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

const char *sl__dom_attr(xmlNodePtr n, const char *name)
{
    xmlAttrPtr at;

    if (n == NULL || n->type != XML_ELEMENT_NODE) {
        return NULL;
    }
    for (at = n->properties; at != NULL; at = at->next) {
        const char *an = (const char *)at->name;
        const char *b = name;
        while (*an && ascii_lower(*an) == ascii_lower(*b)) {
            an++;
            b++;
        }
        if (*an == '\0' && *b == '\0') {
            if (at->children != NULL && at->children->content != NULL) {
                return (const char *)at->children->content;
            }
            return "";
        }
    }
    return NULL;
}

/*
 * Append page text to 'out': runs of white space (ASCII, U+00A0) become
 * one space, none at the start of a line; zero-width characters are
 * dropped; C1 controls, which pages produce with numeric references such
 * as "&#147;", are read as windows-1252 as HTML5 says.
 */
int sl__text_add(sl_buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    int rc = SL_OK;

    while (i < len && rc == SL_OK) {
        unsigned char c = u[i];
        size_t skip = 0;
        uint32_t repl = 0;
        int space = 0;

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            space = 1;
            skip = 1;
        } else if (c == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {
            space = 1;
            skip = 2;
        } else if (c == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 &&
                   u[i + 1] < 0xA0) {
            repl = sl__cp1252_to_ucs(u[i + 1]);
            skip = 2;
        } else if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80 &&
                   (u[i + 2] == 0x8B || u[i + 2] == 0x8C || u[i + 2] == 0x8D)) {
            skip = 3; /* U+200B-U+200D */
        } else if (c == 0xEF && i + 2 < len && u[i + 1] == 0xBB &&
                   u[i + 2] == 0xBF) {
            skip = 3; /* U+FEFF */
        } else {
            i++;
            continue;
        }
        rc = sl__buf_add(out, s + run, i - run);
        if (rc == SL_OK && space) {
            if (out->len > 0 && out->ptr[out->len - 1] != ' ' &&
                out->ptr[out->len - 1] != '\n') {
                rc = sl__buf_addc(out, ' ');
            }
        } else if (rc == SL_OK && repl != 0) {
            rc = sl__utf8_put(out, repl);
        }
        i += skip;
        run = i;
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(out, s + run, len - run);
    }
    return rc;
}

static int skip_for_text(xmlNodePtr n)
{
    return sl__dom_is(n, "script") || sl__dom_is(n, "style") ||
           sl__dom_is(n, "noscript") || sl__dom_is(n, "template") ||
           sl__dom_is(n, "svg");
}

int sl__dom_text(sl_buf *out, xmlNodePtr root)
{
    xmlNodePtr n = root;
    int depth = 0, rc = SL_OK;

    if (root == NULL) {
        return SL_OK;
    }
    if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE) {
        return root->content ? sl__text_add(out, (const char *)root->content,
                                            strlen((const char *)root->content))
                             : SL_OK;
    }
    n = root->children;
    depth = 1;
    while (n != NULL && rc == SL_OK) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != NULL) {
                rc = sl__text_add(out, (const char *)n->content,
                                  strlen((const char *)n->content));
            }
        } else if (n->type == XML_ELEMENT_NODE && !skip_for_text(n)) {
            if (sl__dom_is(n, "br") && out->len > 0 &&
                out->ptr[out->len - 1] != ' ') {
                rc = sl__buf_addc(out, ' ');
            }
            if (n->children != NULL && depth < SL_DOM_MAX_DEPTH) {
                n = n->children;
                depth++;
                continue;
            }
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n == root || depth <= 0) {
                n = NULL;
                break;
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    return rc;
}

const char *sl__page_meta(const sl__page *p, const char *key)
{
    size_t i;

    for (i = 0; i < p->meta_count; i++) {
        const char *a = p->metas[i].key, *b = key;
        while (*a && ascii_lower(*a) == ascii_lower(*b)) {
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0' && p->metas[i].content[0] != '\0') {
            return p->metas[i].content;
        }
    }
    return NULL;
}

char *sl__clean_dup(const char *s, size_t len, int *rc)
{
    sl_buf b;
    char *r;

    *rc = SL_OK;
    sl__buf_init(&b, 0);
    if (s == NULL) {
        return NULL;
    }
    *rc = sl__text_add(&b, s, len);
    sl__buf_rtrim(&b, " ");
    if (*rc < 0 || b.len == 0) {
        sl__buf_dispose(&b);
        return NULL;
    }
    r = sl__buf_detach(&b, NULL);
    if (r == NULL) {
        *rc = SL_ENOMEM;
    }
    return r;
}

/*---- The index walk ----*/

static int nodes_push(sl__nodes *v, xmlNodePtr n)
{
    if (v->len == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;
        xmlNodePtr *nv = sl__realloc(v->v, ncap * sizeof(*nv));
        if (nv == NULL) {
            return SL_ENOMEM;
        }
        v->v = nv;
        v->cap = ncap;
    }
    v->v[v->len++] = n;
    return SL_OK;
}

static int add_meta(sl__page *p, const char *key, const char *content)
{
    if (p->meta_count == p->meta_cap) {
        size_t ncap = p->meta_cap ? p->meta_cap * 2 : 32;
        sl__meta *nm = sl__realloc(p->metas, ncap * sizeof(*nm));
        if (nm == NULL) {
            return SL_ENOMEM;
        }
        p->metas = nm;
        p->meta_cap = ncap;
    }
    p->metas[p->meta_count].key = key;
    p->metas[p->meta_count].content = content;
    p->meta_count++;
    return SL_OK;
}

static int add_jsonld(sl__page *p, xmlNodePtr script)
{
    json_t *j;
    json_error_t err;
    sl_buf *b = &p->scratch;
    xmlNodePtr c;

    sl__buf_reset(b);
    for (c = script->children; c != NULL; c = c->next) {
        if (c->content != NULL) {
            int rc = sl__buf_adds(b, (const char *)c->content);
            if (rc < 0) {
                return rc;
            }
        }
    }
    if (b->len == 0) {
        return SL_OK;
    }
    j = json_loadb(b->ptr, b->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (j == NULL) {
        return SL_OK; /* malformed JSON-LD is common; ignore it */
    }
    if (p->jsonld_count == p->jsonld_cap) {
        size_t ncap = p->jsonld_cap ? p->jsonld_cap * 2 : 4;
        json_t **nj = sl__realloc(p->jsonld, ncap * sizeof(*nj));
        if (nj == NULL) {
            json_decref(j);
            return SL_ENOMEM;
        }
        p->jsonld = nj;
        p->jsonld_cap = ncap;
    }
    p->jsonld[p->jsonld_count++] = j;
    return SL_OK;
}

static int index_element(sl__page *p, xmlNodePtr n)
{
    const char *v;
    int rc = SL_OK;

    switch (n->name[0]) {
    case 'b':
        if (p->body == NULL && sl__dom_is(n, "body")) {
            p->body = n;
        }
        break;
    case 'h':
        if (sl__dom_is(n, "html")) {
            if (p->html == NULL) {
                p->html = n;
            }
            if (p->lang == NULL && (v = sl__dom_attr(n, "lang")) != NULL &&
                v[0] != '\0') {
                p->lang = v;
            }
        } else if (sl__dom_is(n, "h1")) {
            rc = nodes_push(&p->h1s, n);
        }
        break;
    case 'l':
        if (sl__dom_is(n, "link") && p->canonical == NULL &&
            (v = sl__dom_attr(n, "rel")) != NULL &&
            strstr(v, "canonical") != NULL) {
            p->canonical = sl__dom_attr(n, "href");
        }
        break;
    case 'm':
        if (sl__dom_is(n, "meta")) {
            const char *content = sl__dom_attr(n, "content");
            const char *key = sl__dom_attr(n, "property");
            if (key == NULL) {
                key = sl__dom_attr(n, "name");
            }
            if (key == NULL) {
                key = sl__dom_attr(n, "itemprop");
            }
            if (key == NULL) {
                key = sl__dom_attr(n, "http-equiv");
            }
            if (key != NULL && content != NULL) {
                rc = add_meta(p, key, content);
            }
        }
        break;
    case 's':
        if (sl__dom_is(n, "script") && (v = sl__dom_attr(n, "type")) &&
            strstr(v, "ld+json") != NULL) {
            rc = add_jsonld(p, n);
        }
        break;
    case 't':
        if (sl__dom_is(n, "title")) {
            if (p->title_el == NULL) {
                p->title_el = n;
            }
        } else if (sl__dom_is(n, "time")) {
            rc = nodes_push(&p->times, n);
        }
        break;
    default:
        break;
    }
    if (rc == SL_OK && n->properties != NULL &&
        sl__dom_attr(n, "itemprop") != NULL && !sl__dom_is(n, "meta")) {
        rc = nodes_push(&p->itemprops, n);
    }
    return rc;
}

static int index_page(sl__page *p)
{
    xmlNodePtr n = xmlDocGetRootElement(p->doc);
    int depth = 0, rc = SL_OK;

    while (n != NULL && rc == SL_OK) {
        if (n->type == XML_ELEMENT_NODE && n->name != NULL) {
            rc = index_element(p, n);
            if (n->children != NULL && depth < SL_DOM_MAX_DEPTH) {
                n = n->children;
                depth++;
                continue;
            }
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n == NULL || n->type == XML_DOCUMENT_NODE ||
                n->type == XML_HTML_DOCUMENT_NODE) {
                n = NULL;
                break;
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    return rc;
}

static void page_dispose(sl__page *p)
{
    size_t i;

    for (i = 0; i < p->jsonld_count; i++) {
        json_decref(p->jsonld[i]);
    }
    sl__free(p->jsonld);
    sl__free(p->metas);
    sl__free(p->times.v);
    sl__free(p->itemprops.v);
    sl__free(p->h1s.v);
    sl__buf_dispose(&p->scratch);
    if (p->doc != NULL) {
        xmlFreeDoc(p->doc);
    }
}

/*---- Raw-text elements ----*/

static int ci_prefix(const char *s, const char *end, const char *lower_word)
{
    for (; *lower_word; lower_word++, s++) {
        if (s >= end || ((*s | 0x20) != *lower_word)) {
            return 0;
        }
    }
    return 1;
}

/* Find "</name" (case-blind) at or after s; returns end if none. */
static const char *find_close(const char *s, const char *end, const char *name)
{
    while (s < end) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        if (lt == NULL) {
            return end;
        }
        if (lt + 1 < end && lt[1] == '/' && ci_prefix(lt + 2, end, name)) {
            return lt;
        }
        s = lt + 1;
    }
    return end;
}

/*
 * Copy the page without the content of <script> (except JSON-LD),
 * <style> and comments. The parser would read these byte by byte only for
 * us to ignore them, and on news pages they are often most of the bytes.
 * The scan follows the HTML tokenizer's states for them (comment; script
 * and style data end at the first "</script" or "</style"), so it cuts
 * where the parser would.
 */
int sl__strip_raw_text(sl_buf *out, const char *s, size_t len)
{
    const char *p = s, *end = s + len, *run = s;
    int rc = SL_OK;

    while (p < end && rc == SL_OK) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *cut_from, *cut_to;
        const char *name = NULL;

        if (lt == NULL) {
            break;
        }
        if (lt + 3 < end && lt[1] == '!' && lt[2] == '-' && lt[3] == '-') {
            const char *q = lt + 4;
            cut_from = lt;
            cut_to = end;
            while (q + 2 < end) {
                const char *dash = memchr(q, '-', (size_t)(end - q));
                if (dash == NULL || dash + 2 >= end) {
                    break;
                }
                if (dash[1] == '-' && dash[2] == '>') {
                    cut_to = dash + 3;
                    break;
                }
                q = dash + 1;
            }
        } else if (ci_prefix(lt + 1, end, "script") ||
                   ci_prefix(lt + 1, end, "style")) {
            name = (lt[2] | 0x20) == 'c' ? "script" : "style";
            const char *after = lt + 1 + strlen(name);
            if (after < end && *after != '>' && *after != ' ' &&
                *after != '\t' && *after != '\n' && *after != '\r' &&
                *after != '/') {
                p = lt + 1; /* e.g. <scripts>, not a script tag */
                continue;
            }
            const char *gt = memchr(after, '>', (size_t)(end - after));
            if (gt == NULL) {
                break;
            }
            /* Keep JSON-LD: metadata lives there. */
            const char *t = lt;
            int keep = 0;
            for (; t + 7 <= gt; t++) {
                if ((*t | 0x20) == 'l' && ci_prefix(t, gt, "ld+json")) {
                    keep = 1;
                    break;
                }
            }
            if (keep) {
                p = gt + 1;
                continue;
            }
            cut_from = gt + 1;
            cut_to = find_close(gt + 1, end, name);
        } else {
            p = lt + 1;
            continue;
        }
        rc = sl__buf_add(out, run, (size_t)(cut_from - run));
        run = cut_to;
        p = cut_to;
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(out, run, (size_t)(end - run));
    }
    return rc;
}

/*---- Entry points ----*/

void sl_article_free(sl_article *a)
{
    size_t i;

    if (a == NULL) {
        return;
    }
    sl__free(a->url);
    sl__free(a->title);
    for (i = 0; i < a->author_count; i++) {
        sl__free(a->authors[i]);
    }
    sl__free(a->authors);
    sl__free(a->published);
    sl__free(a->modified);
    sl__free(a->site_name);
    sl__free(a->lang);
    sl__free(a->description);
    sl__free(a->body);
    sl__free(a->charset);
    sl__free(a);
}

/* Nothing but white space (or nothing at all). */
static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
            c != '\v') {
            return 0;
        }
    }
    return 1;
}

/* Binary data: NUL or control bytes in more than 1 of 64 of the first
 * bytes, with no '<' at all. Text with tags is parsed whatever it holds. */
static int looks_binary(const char *s, size_t len)
{
    size_t n = len < 4096 ? len : 4096, i, ctl = 0, lt = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<') {
            lt++;
        } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
                   c != '\f') {
            ctl++;
        }
    }
    return ctl * 64 > n || (lt == 0 && ctl > 0);
}

int sl_extract(sl_article **out,
               const char *html,
               size_t len,
               const sl_extract_options *opts)
{
    sl_extract_options o = { 0 };
    sl__page page;
    sl_buf utf8, stripped;
    sl_article *a = NULL;
    char charset[48] = "";
    int rc;

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.max_bytes == 0) {
        o.max_bytes = SL_EXTRACT_DEFAULT_MAX_BYTES;
    }
    if (len > o.max_bytes) {
        return SL_ELIMIT;
    }
    if (html == NULL || is_blank(html, len) || looks_binary(html, len)) {
        return SL_EINVAL;
    }
    memset(&page, 0, sizeof(page));
    sl__buf_init(&page.scratch, 0);
    sl__buf_init(&utf8, 0);
    sl__buf_init(&stripped, 0);
    page.given_url = o.url;
    page.now_ms = o.now_ms;

    rc = sl__charset_decode(&utf8, charset, sizeof(charset), html, len);
    if (rc < 0) {
        goto out;
    }
    if (utf8.len == 0 || utf8.len > INT32_MAX) {
        rc = utf8.len == 0 ? SL_EINVAL : SL_ELIMIT;
        goto out;
    }
    rc = sl__strip_raw_text(&stripped, utf8.ptr, utf8.len);
    if (rc < 0) {
        goto out;
    }
    page.raw = utf8.ptr;
    page.raw_len = utf8.len;
    page.doc = htmlReadMemory(stripped.ptr, (int)stripped.len, o.url, "UTF-8",
                              HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                  HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                  HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
                                  XML_PARSE_HUGE);
    sl__buf_dispose(&stripped);
    if (page.doc == NULL) {
        rc = SL_EINVAL;
        goto out;
    }
    rc = index_page(&page);
    if (rc < 0) {
        goto out;
    }
    a = sl__calloc(1, sizeof(*a));
    if (a == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    a->charset = sl__strdup(charset);
    if (a->charset == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    rc = sl__meta_extract(a, &page);
    if (rc == SL_OK) {
        rc = sl__pubdate_extract(a, &page);
    }
    if (rc == SL_OK) {
        rc = sl__body_extract(a, &page, o.format);
    }
    if (rc < 0) {
        goto out;
    }
    *out = a;
    a = NULL;
out:
    sl__buf_dispose(&utf8);
    sl__buf_dispose(&stripped);
    page_dispose(&page);
    sl_article_free(a);
    return rc;
}

/*---- JSON rendering ----*/

static int add_key(sl_buf *b, const char *key, int first)
{
    int rc = SL_OK;

    if (!first) {
        rc = sl__buf_addc(b, ',');
    }
    if (rc == SL_OK) {
        rc = sl__buf_add_json_str(b, key, strlen(key));
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(b, ':');
    }
    return rc;
}

static int add_str_field(sl_buf *b, const char *key, const char *v)
{
    int rc = add_key(b, key, 0);

    if (rc < 0) {
        return rc;
    }
    if (v == NULL) {
        return sl__buf_adds(b, "null");
    }
    return sl__buf_add_json_str(b, v, strlen(v));
}

int sl_article_to_json(char **out,
                       size_t *out_len,
                       const sl_article *a,
                       const char *path)
{
    sl_buf b;
    size_t i;
    int rc;

    sl__buf_init(&b, 0);
    rc = sl__buf_addc(&b, '{');
    if (rc == SL_OK && path != NULL) {
        rc = add_key(&b, "path", 1);
        if (rc == SL_OK) {
            rc = sl__buf_add_json_str(&b, path, strlen(path));
        }
        if (rc == SL_OK) {
            rc = sl__buf_addc(&b, ',');
        }
    }
    if (rc == SL_OK) {
        rc = add_key(&b, "url", 1);
    }
    if (rc == SL_OK) {
        rc = a->url ? sl__buf_add_json_str(&b, a->url, strlen(a->url))
                    : sl__buf_adds(&b, "null");
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "title", a->title);
    }
    if (rc == SL_OK) {
        rc = add_key(&b, "authors", 0);
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(&b, '[');
    }
    for (i = 0; rc == SL_OK && i < a->author_count; i++) {
        if (i > 0) {
            rc = sl__buf_addc(&b, ',');
        }
        if (rc == SL_OK) {
            rc = sl__buf_add_json_str(&b, a->authors[i], strlen(a->authors[i]));
        }
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(&b, ']');
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "published", a->published);
    }
    if (rc == SL_OK) {
        rc = add_str_field(
            &b, "published_source",
            a->published ? sl_date_source_name(a->published_source) : NULL);
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "modified", a->modified);
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "site_name", a->site_name);
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "lang", a->lang);
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "description", a->description);
    }
    if (rc == SL_OK) {
        rc = add_str_field(&b, "body", a->body ? a->body : "");
    }
    if (rc == SL_OK) {
        rc = sl__buf_addc(&b, '}');
    }
    if (rc < 0) {
        sl__buf_dispose(&b);
        return rc;
    }
    *out = sl__buf_detach(&b, out_len);
    return *out ? SL_OK : SL_ENOMEM;
}
