/*
 * body.c - the article body: find the main content, drop the boilerplate
 * around and inside it, and render it as text or Markdown.
 *
 * Three passes over the tree, each linear in its size:
 *
 *  1. Index. Every element gets an info slot (node->_private points at
 *     it) with its parent, whether it is dropped as boilerplate (tags
 *     such as nav and script, hidden elements, class/id names such as
 *     "share" or "related" on elements that are not content wrappers) and
 *     its own visible and linked text length. Lengths are then summed up
 *     the tree in reverse document order.
 *
 *  2. Score. As in Arc90's Readability (and Mozilla's readability.js):
 *     each paragraph-like block of at least MIN_PARA bytes gives its
 *     parent a score (1 + commas + length/100, at most 3 for length), its
 *     grandparent half and the levels above a third. Candidates start
 *     from a weight for their tag and class/id names; scores are then
 *     scaled by 1 - link density. The best candidate wins; a parent that
 *     holds several good candidates is preferred to one of them, and
 *     siblings that look like content join it.
 *
 *  3. Render. The chosen subtrees are written out block by block. Blocks
 *     that are mostly links, figure captions, the headline and short
 *     boilerplate phrases ("Advertisement", "Read more") are skipped.
 *
 * Every per-page allocation is one array sized by the element count; the
 * walks are iterative and stop descending at SL_DOM_MAX_DEPTH.
 *
 * References: Arc90 Readability (2009); Mozilla readability.js; Kohlschuetter
 * et al., "Boilerplate Detection using Shallow Text Features" (WSDM 2010).
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "util/alloc.h"

#define MIN_PARA         25 /* bytes of text for a block to score */
#define MAX_ELEMENTS     (1u << 22)
#define CLASS_BUF        256 /* class + id bytes examined per element */
#define SIBLING_MIN_FRAC 0.2f

enum {
    F_DROP = 1,       /* boilerplate: neither scored nor rendered */
    F_BLOCK = 2,      /* block-level element */
    F_LINK = 4,       /* <a> */
    F_HEADING = 8,    /* h1-h6 */
    F_CHOSEN = 16,    /* a root of the rendered content */
    F_CANDIDATE = 32, /* has received a score */
    F_UNLIKELY = 64,  /* boilerplate by name, unless it holds the page */
    F_AD = 128,       /* named as an advert or promotion */
    F_BYLINE = 256    /* named as a byline, dateline or author line */
};

/* An element named as an advert (F_AD) or a byline (F_BYLINE) is dropped
 * when it holds at most this many bytes of text: a short block in the
 * flow of the article, not a wrapper around it. */
#define AD_MAX_TEXT     400
#define BYLINE_MAX_TEXT 160

/* An element named like boilerplate is kept when it holds at least this
 * share of the page's text: it is a wrapper around everything. */
#define UNLIKELY_KEEP_SHARE 0.6f

typedef struct ninfo {
    xmlNodePtr node;
    uint32_t parent;             /* index of parent info; UINT32_MAX for none */
    uint32_t text;               /* bytes of visible non-space text below */
    uint32_t link;               /* of which inside links */
    uint32_t paras;              /* paragraph-like blocks below */
    uint32_t ptext;              /* text in those blocks */
    uint32_t own_text, own_link; /* in the element's own text nodes */
    uint32_t anchors;            /* <a> elements below, itself included */
    uint16_t flags;
    int16_t weight; /* class/id and tag weight */
    float score;
} ninfo;

typedef struct body_ctx {
    sl__page *page;
    ninfo *info;
    uint32_t count;
    sl_body_format fmt;
    const char *title; /* headline, to skip when repeated in the body */
    sl_buf out;
    sl_buf para;
    int list_depth;
    int strip_unlikely; /* drop elements named like boilerplate */
    int last_item;      /* the last block written was a list item */
} body_ctx;

/* A body shorter than this after dropping elements by their names is
 * found again without that step, as Readability does. */
#define MIN_BODY_BYTES 250

/*---- Tag tables ----*/

enum { TG_DROP = 1, TG_BLOCK = 2 };

typedef struct tag_desc {
    const char *name;
    uint8_t flags;
    int8_t weight; /* Readability's tag weight for candidates */
} tag_desc;

/* Sorted by name for bsearch. */
static const tag_desc tag_table[] = {
    { "address", TG_BLOCK, -3 },   { "article", TG_BLOCK, 10 },
    { "aside", TG_BLOCK, 0 },      { "audio", TG_DROP, 0 },
    { "blockquote", TG_BLOCK, 3 }, { "body", TG_BLOCK, 0 },
    { "button", TG_DROP, 0 },      { "canvas", TG_DROP, 0 },
    { "caption", TG_BLOCK, 0 },    { "center", TG_BLOCK, 0 },
    { "dd", TG_BLOCK, -3 },        { "details", TG_BLOCK, 0 },
    { "dialog", TG_DROP, 0 },      { "div", TG_BLOCK, 5 },
    { "dl", TG_BLOCK, -3 },        { "dt", TG_BLOCK, -3 },
    { "embed", TG_DROP, 0 },       { "fieldset", TG_BLOCK, 0 },
    { "figcaption", TG_DROP, 0 },  { "figure", TG_DROP, 0 },
    { "footer", TG_BLOCK, 0 },     { "h1", TG_BLOCK, -5 },
    { "h2", TG_BLOCK, -5 },        { "h3", TG_BLOCK, -5 },
    { "h4", TG_BLOCK, -5 },        { "h5", TG_BLOCK, -5 },
    { "h6", TG_BLOCK, -5 },        { "header", TG_BLOCK, 0 },
    { "hgroup", TG_BLOCK, 0 },     { "hr", TG_BLOCK, 0 },
    { "html", TG_BLOCK, 0 },       { "iframe", TG_DROP, 0 },
    { "input", TG_DROP, 0 },       { "label", TG_DROP, 0 },
    { "li", TG_BLOCK, -3 },        { "link", TG_DROP, 0 },
    { "main", TG_BLOCK, 0 },       { "map", TG_DROP, 0 },
    { "menu", TG_DROP, 0 },        { "meta", TG_DROP, 0 },
    { "nav", TG_DROP, 0 },         { "noscript", TG_DROP, 0 },
    { "object", TG_DROP, 0 },      { "ol", TG_BLOCK, -3 },
    { "option", TG_DROP, 0 },      { "p", TG_BLOCK, 0 },
    { "picture", TG_DROP, 0 },     { "pre", TG_BLOCK, 3 },
    { "script", TG_DROP, 0 },      { "section", TG_BLOCK, 0 },
    { "select", TG_DROP, 0 },      { "style", TG_DROP, 0 },
    { "summary", TG_BLOCK, 0 },    { "svg", TG_DROP, 0 },
    { "table", TG_BLOCK, 0 },      { "tbody", TG_BLOCK, 0 },
    { "td", TG_BLOCK, 3 },         { "template", TG_DROP, 0 },
    { "textarea", TG_DROP, 0 },    { "tfoot", TG_BLOCK, 0 },
    { "th", TG_BLOCK, -5 },        { "thead", TG_BLOCK, 0 },
    { "title", TG_DROP, 0 },       { "tr", TG_BLOCK, 0 },
    { "ul", TG_BLOCK, -3 },        { "video", TG_DROP, 0 },
};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const tag_desc *)elem)->name);
}

static const tag_desc *tag_lookup(const char *name)
{
    return bsearch(name, tag_table, sizeof(tag_table) / sizeof(tag_table[0]),
                   sizeof(tag_table[0]), tag_cmp);
}

/*---- Class and id names ----*/

/* Boilerplate containers: dropped unless the name also says content. */
static const char *const unlikely_names[] = {
    "-ad-",
    "ad-break",
    "agegate",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cookie",
    "disqus",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "pagination",
    "pager",
    "popup",
    "modal",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "outbrain",
    "taboola",
    "recommend",
    "promo",
    "signup",
    "sign-up",
    "paywall",
    "read-more",
    "readmore",
    "more-stories",
    "most-popular",
    "mostpopular",
    "trending",
    "author-bio",
    "authorbio",
    "byline",
    "tags",
    "toolbar",
    "print-only",
    "advert",
    "sr-only",
    "screen-reader",
    "visually-hidden",
    "visuallyhidden",
    "hidden",
    "caption",
    "credit",
    "widget",
    "teaser",
    NULL,
};

/* Names that keep an element whose name is also in unlikely_names. */
static const char *const maybe_names[] = {
    "and",    "article", "body",  "column", "content", "main",
    "shadow", "story",   "entry", "post",   "text",    NULL,
};

static const char *const positive_names[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main",
    "page",    "post", "text",    "blog",  "story",  "prose",   NULL,
};

static const char *const negative_names[] = {
    "-ad-",     "hidden",   "banner",     "combx",     "comment",    "com-",
    "contact",  "foot",     "footnote",   "gdpr",      "masthead",   "media",
    "meta",     "outbrain", "promo",      "related",   "scroll",     "share",
    "shoutbox", "sidebar",  "skyscraper", "sponsor",   "shopping",   "tags",
    "tool",     "widget",   "nav",        "subscribe", "newsletter", NULL,
};

/* Names of elements that hold the article body on many sites. */
static const char *const body_names[] = {
    "articlebody",     "article-body",     "article__body",
    "article-content", "articlecontent",   "story-body",
    "storybody",       "story-content",    "entry-content",
    "post-content",    "post-body",        "postbody",
    "article-text",    "articletext",      "body-text",
    "main-content",    "content-body",     "story__body",
    "rich-text",       "article__content", NULL,
};

enum {
    N_UNLIKELY = 1,
    N_MAYBE = 2,
    N_POSITIVE = 4,
    N_NEGATIVE = 8,
    N_BODY = 16
};

/* All the name lists merged: each pattern once, with the lists it is in
 * as a mask, sorted so that patterns sharing a first byte are adjacent.
 * Built once (pthread_once); read-only afterwards. */
typedef struct name_pat {
    const char *pat;
    uint8_t len;
    uint8_t mask;
} name_pat;

#define MAX_PATTERNS 160
static name_pat patterns[MAX_PATTERNS];
static size_t pattern_count;
static uint16_t first_at[257]; /* patterns starting with byte c:
                                  first_at[c] .. first_at[c + 1] - 1 */
static pthread_once_t patterns_once = PTHREAD_ONCE_INIT;

static int pat_cmp(const void *a, const void *b)
{
    return strcmp(((const name_pat *)a)->pat, ((const name_pat *)b)->pat);
}

static void add_patterns(const char *const *list, uint8_t mask)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        size_t k;
        for (k = 0; k < pattern_count; k++) {
            if (strcmp(patterns[k].pat, list[i]) == 0) {
                break;
            }
        }
        if (k == pattern_count) {
            assert(pattern_count < MAX_PATTERNS);
            patterns[k].pat = list[i];
            patterns[k].len = (uint8_t)strlen(list[i]);
            pattern_count++;
        }
        patterns[k].mask |= mask;
    }
}

static void build_patterns(void)
{
    size_t i = 0;

    add_patterns(unlikely_names, N_UNLIKELY);
    add_patterns(maybe_names, N_MAYBE);
    add_patterns(positive_names, N_POSITIVE);
    add_patterns(negative_names, N_NEGATIVE);
    add_patterns(body_names, N_BODY);
    qsort(patterns, pattern_count, sizeof(patterns[0]), pat_cmp);
    for (int c = 0; c < 256; c++) {
        while (i < pattern_count && (unsigned char)patterns[i].pat[0] < c) {
            i++;
        }
        first_at[c] = (uint16_t)i;
    }
    first_at[256] = (uint16_t)pattern_count;
}

/* The lists any pattern occurring in 'names' belongs to, in one pass. */
static unsigned name_mask(const char *names, size_t len)
{
    unsigned mask = 0;

    pthread_once(&patterns_once, build_patterns);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)names[i];
        for (uint16_t k = first_at[c]; k < first_at[c + 1]; k++) {
            const name_pat *p = &patterns[k];
            if (p->len <= len - i && memcmp(names + i, p->pat, p->len) == 0) {
                mask |= p->mask;
            }
        }
    }
    return mask;
}

/* Whole parts of class and id names (split at spaces, '-' and '_'), so
 * that "inline-ad", "ad_slot" and "ad" match but "head" and "load-more"
 * do not. Advert parts mark F_AD, byline parts F_BYLINE; unlike the
 * substring lists above, a content word in the same name does not save
 * the element ("story-byline", "post-ad"), the size cap does. */
static const char *const ad_parts[] = {
    "ad",     "ads",      "adslot",      "adunit",
    "advert", "adverts",  "advertising", "advertisement",
    "dfp",    "sponsor",  "sponsored",   "sponsors",
    "promo",  "promoted", "promotion",   NULL,
};

static const char *const byline_parts[] = {
    "byline",    "bylines", "dateline", "author", "authors",
    "timestamp", "pubdate", "meta",     NULL,
};

static int part_in(const char *s, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strlen(list[i]) == len && memcmp(s, list[i], len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* F_AD and F_BYLINE for lower-cased names 'names'. */
static unsigned name_parts_flags(const char *names, size_t len)
{
    unsigned flags = 0;
    size_t i = 0;

    while (i < len) {
        size_t j = i;
        while (j < len && names[j] != ' ' && names[j] != '-' &&
               names[j] != '_') {
            j++;
        }
        if (j > i) {
            if (part_in(names + i, j - i, ad_parts)) {
                flags |= F_AD;
            }
            if (part_in(names + i, j - i, byline_parts)) {
                flags |= F_BYLINE;
            }
        }
        i = j + 1;
    }
    return flags;
}

/* The attributes classify() reads, found in one pass. */
typedef struct elem_attrs {
    const char *cls, *id, *role, *itemprop, *style, *aria_hidden;
    int hidden;
} elem_attrs;

static const char *attr_value(xmlAttrPtr at)
{
    if (at->children != NULL && at->children->content != NULL) {
        return (const char *)at->children->content;
    }
    return "";
}

static void read_attrs(elem_attrs *ea, xmlNodePtr n)
{
    memset(ea, 0, sizeof(*ea));
    for (xmlAttrPtr at = n->properties; at != NULL; at = at->next) {
        const char *an = (const char *)at->name;
        /* libxml2's HTML parser lower-cases attribute names. */
        switch (an[0]) {
        case 'a':
            if (strcmp(an, "aria-hidden") == 0) {
                ea->aria_hidden = attr_value(at);
            }
            break;
        case 'c':
            if (strcmp(an, "class") == 0) {
                ea->cls = attr_value(at);
            }
            break;
        case 'h':
            if (strcmp(an, "hidden") == 0) {
                ea->hidden = 1;
            }
            break;
        case 'i':
            if (strcmp(an, "id") == 0) {
                ea->id = attr_value(at);
            } else if (strcmp(an, "itemprop") == 0) {
                ea->itemprop = attr_value(at);
            }
            break;
        case 'r':
            if (strcmp(an, "role") == 0) {
                ea->role = attr_value(at);
            }
            break;
        case 's':
            if (strcmp(an, "style") == 0) {
                ea->style = attr_value(at);
            }
            break;
        default:
            break;
        }
    }
}

/* Lower-cased "class id" of an element into buf; returns its length. */
static size_t class_id(char *buf, size_t cap, const elem_attrs *ea)
{
    size_t len = 0;

    for (int k = 0; k < 2; k++) {
        const char *s = k == 0 ? ea->cls : ea->id;
        if (s == NULL) {
            continue;
        }
        if (len > 0 && len + 1 < cap) {
            buf[len++] = ' ';
        }
        for (; *s && len + 1 < cap; s++) {
            char ch = *s;
            buf[len++] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
        }
    }
    buf[len] = '\0';
    return len;
}

static int is_hidden(const elem_attrs *ea)
{
    const char *v = ea->style;

    if (ea->hidden ||
        (ea->aria_hidden != NULL && strcmp(ea->aria_hidden, "true") == 0)) {
        return 1;
    }
    return v != NULL &&
           (strstr(v, "display:none") || strstr(v, "display: none") ||
            strstr(v, "visibility:hidden") || strstr(v, "visibility: hidden"));
}

/* Decide the flags and weight of an element from its tag and names. */
static void classify(ninfo *in, xmlNodePtr n)
{
    char names[CLASS_BUF];
    const tag_desc *td = tag_lookup((const char *)n->name);
    const char *role, *itemprop;
    elem_attrs ea;
    size_t len;
    unsigned mask;

    if (td != NULL && (td->flags & TG_DROP)) {
        in->flags |= F_DROP;
        return;
    }
    read_attrs(&ea, n);
    if (is_hidden(&ea)) {
        in->flags |= F_DROP;
        return;
    }
    if (td != NULL) {
        if (td->flags & TG_BLOCK) {
            in->flags |= F_BLOCK;
        }
        in->weight = td->weight;
    }
    if (n->name[0] == 'a' && n->name[1] == '\0') {
        in->flags |= F_LINK;
        in->anchors = 1;
    } else if (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' &&
               n->name[2] == '\0') {
        in->flags |= F_HEADING;
    } else if (strcmp((const char *)n->name, "form") == 0) {
        /* ASP.NET pages wrap the whole page in a form. */
        in->flags |= F_UNLIKELY;
    }
    role = ea.role;
    if (role != NULL &&
        (strcmp(role, "navigation") == 0 ||
         strcmp(role, "complementary") == 0 || strcmp(role, "banner") == 0 ||
         strcmp(role, "contentinfo") == 0 || strcmp(role, "dialog") == 0 ||
         strcmp(role, "alert") == 0)) {
        in->flags |= F_DROP;
        return;
    }
    itemprop = ea.itemprop;
    if (itemprop != NULL && (strstr(itemprop, "articleBody") != NULL ||
                             strstr(itemprop, "articlebody") != NULL)) {
        in->weight += 40;
    }
    len = class_id(names, sizeof(names), &ea);
    if (len == 0) {
        return;
    }
    mask = name_mask(names, len);
    if (sl__dom_is(n, "body") || sl__dom_is(n, "html") ||
        sl__dom_is(n, "article") || sl__dom_is(n, "main")) {
        /* Structural roots are never dropped by name. */
    } else {
        if ((mask & N_UNLIKELY) && !(mask & N_MAYBE)) {
            in->flags |= F_UNLIKELY;
        }
        in->flags |= (uint16_t)name_parts_flags(names, len);
    }
    if (mask & N_BODY) {
        in->weight += 30;
    }
    if (mask & N_POSITIVE) {
        in->weight += 25;
    }
    if (mask & N_NEGATIVE) {
        in->weight -= 25;
    }
}

/*---- Pass 1: index ----*/

static uint32_t text_bytes(const char *s)
{
    uint32_t n = 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
            n++;
        }
    }
    return n;
}

static uint32_t count_commas(xmlNodePtr n, int depth)
{
    uint32_t c = 0;

    for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content != NULL) {
            for (const char *s = (const char *)k->content; *s; s++) {
                c += *s == ',';
            }
        } else if (k->type == XML_ELEMENT_NODE && depth < 8 &&
                   k->_private != NULL &&
                   !(((ninfo *)k->_private)->flags & F_DROP)) {
            c += count_commas(k, depth + 1);
        }
    }
    return c;
}

/* Sum text lengths up the tree, leaving out dropped subtrees. Infos are
 * in document order, so a parent comes before its children. */
static void sum_text(body_ctx *x)
{
    uint32_t i;

    for (i = 0; i < x->count; i++) {
        ninfo *in = &x->info[i];
        if (in->parent != UINT32_MAX && (x->info[in->parent].flags & F_DROP)) {
            in->flags |= F_DROP;
        }
        in->text = in->own_text;
        in->link = in->own_link;
        in->anchors = (in->flags & F_LINK) ? 1 : 0;
    }
    for (i = x->count; i-- > 1;) {
        ninfo *in = &x->info[i];
        if (in->parent != UINT32_MAX && !(in->flags & F_DROP)) {
            x->info[in->parent].text += in->text;
            x->info[in->parent].link += in->link;
            x->info[in->parent].anchors += in->anchors;
        }
    }
}

/* A run of links with little else: a menu, a tag list, or the pop-up
 * card some sites nest inside a paragraph next to a name. */
static int is_link_run(const ninfo *in)
{
    return in->anchors >= 3 && !(in->flags & F_LINK) &&
           (float)in->link > 0.8f * (float)in->text &&
           in->text - in->link < 200;
}

static int build_index(body_ctx *x, xmlNodePtr root)
{
    xmlNodePtr n;
    uint32_t count = 0, cur = UINT32_MAX, cap;
    int depth = 0, in_drop = 0;
    uint32_t link_depth = 0;
    (void)in_drop;

    /* Count elements to size the array. */
    for (n = root; n != NULL;) {
        if (n->type == XML_ELEMENT_NODE) {
            count++;
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
            depth < SL_DOM_MAX_DEPTH) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != NULL && n != root && n->next == NULL) {
            n = n->parent;
            depth--;
        }
        n = (n == NULL || n == root) ? NULL : n->next;
    }
    if (count == 0) {
        return SL_OK;
    }
    if (count > MAX_ELEMENTS) {
        count = MAX_ELEMENTS;
    }
    cap = count;
    x->info = sl__calloc(cap, sizeof(ninfo));
    if (x->info == NULL) {
        return SL_ENOMEM;
    }

    /* Pre-order walk: classify, attribute own text to the nearest
     * element, remember parents. Dropped subtrees are not entered. */
    depth = 0;
    n = root;
    link_depth = 0;
    while (n != NULL) {
        int descend = 0;

        if (n->type == XML_ELEMENT_NODE && x->count < cap) {
            uint32_t i = x->count++;
            ninfo *in = &x->info[i];
            in->node = n;
            in->parent = cur;
            n->_private = in;
            classify(in, n);
            if (!(in->flags & F_DROP) && n->children != NULL &&
                depth < SL_DOM_MAX_DEPTH) {
                descend = 1;
                cur = i;
                if (in->flags & F_LINK) {
                    link_depth++;
                }
            }
        } else if ((n->type == XML_TEXT_NODE ||
                    n->type == XML_CDATA_SECTION_NODE) &&
                   n->content != NULL && cur != UINT32_MAX) {
            uint32_t t = text_bytes((const char *)n->content);
            x->info[cur].own_text += t;
            if (link_depth > 0) {
                x->info[cur].own_link += t;
            }
        }
        if (descend) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != NULL && n != root && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n != NULL && n->_private != NULL) {
                ninfo *pin = n->_private;
                if (pin->flags & F_LINK) {
                    link_depth--;
                }
                cur = pin->parent;
            }
        }
        if (n == NULL || n == root) {
            break;
        }
        n = n->next;
    }
    sum_text(x);
    /* Drop what is named like boilerplate unless it is the wrapper of
     * most of the page, then count again without it. */
    uint32_t total = x->info[0].text;
    int dropped = 0;
    for (uint32_t i = 0; i < x->count; i++) {
        ninfo *in = &x->info[i];
        if (((x->strip_unlikely && (in->flags & F_UNLIKELY)) ||
             is_link_run(in)) &&
            (float)in->text < UNLIKELY_KEEP_SHARE * (float)total) {
            in->flags |= F_DROP;
            dropped = 1;
        } else if ((((in->flags & F_AD) && in->text <= AD_MAX_TEXT) ||
                    ((in->flags & F_BYLINE) && in->text <= BYLINE_MAX_TEXT)) &&
                   (in->flags & F_BLOCK) &&
                   (float)in->text < UNLIKELY_KEEP_SHARE * (float)total) {
            /* Furniture inside the article: an inline advert, the
             * byline. A block of its own (a name inside a sentence stays
             * in it), too small to be the article, and not the wrapper
             * of a page that holds little else. */
            in->flags |= F_DROP;
            dropped = 1;
        }
    }
    if (dropped) {
        sum_text(x);
    }
    return SL_OK;
}

/*---- Pass 2: score ----*/

static ninfo *info_of(xmlNodePtr n)
{
    return n != NULL ? (ninfo *)n->_private : NULL;
}

/* A paragraph-like block: <p>, <pre>, <td>, <blockquote>, or a <div>
 * holding text but no block children of its own. */
static int is_para(const ninfo *in)
{
    xmlNodePtr n = in->node;

    if (sl__dom_is(n, "p") || sl__dom_is(n, "pre") || sl__dom_is(n, "td") ||
        sl__dom_is(n, "blockquote")) {
        return 1;
    }
    if (sl__dom_is(n, "div") || sl__dom_is(n, "section") ||
        sl__dom_is(n, "span") || sl__dom_is(n, "li")) {
        for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
            ninfo *kin = info_of(k);
            if (k->type == XML_ELEMENT_NODE && kin != NULL &&
                (kin->flags & F_BLOCK) && !(kin->flags & F_DROP) &&
                kin->text > 0) {
                return 0;
            }
        }
        return sl__dom_is(n, "div") || sl__dom_is(n, "section") ||
               (sl__dom_is(n, "li") && in->text > 100);
    }
    return 0;
}

static float link_density(const ninfo *in)
{
    return in->text ? (float)in->link / (float)in->text : 0.0f;
}

static void add_score(ninfo *in, float s)
{
    if (!(in->flags & F_CANDIDATE)) {
        in->flags |= F_CANDIDATE;
        in->score = (float)in->weight;
    }
    in->score += s;
}

static ninfo *score_candidates(body_ctx *x)
{
    ninfo *best = NULL;
    uint32_t i;

    for (i = 0; i < x->count; i++) {
        ninfo *in = &x->info[i];
        float s;
        uint32_t up, level;

        int own = 0;

        if ((in->flags & F_DROP) || in->text < MIN_PARA) {
            continue;
        }
        if (!is_para(in)) {
            /* Loose text beside blocks, as in <div>text<p>..</p></div>,
             * counts as a paragraph of the element itself. */
            if (in->own_text < MIN_PARA || in->own_link * 2 > in->own_text ||
                !(in->flags & F_BLOCK)) {
                continue;
            }
            own = 1;
        } else if (link_density(in) > 0.5f) {
            continue;
        }
        uint32_t len = own ? in->own_text : in->text;
        s = 1.0f + (float)count_commas(in->node, own ? 8 : 0);
        s += len / 100 < 3 ? (float)(len / 100) : 3.0f;
        /* Count the paragraph on its ancestors too. */
        for (up = in->parent; up != UINT32_MAX; up = x->info[up].parent) {
            x->info[up].paras++;
            x->info[up].ptext += len;
        }
        up = own ? (uint32_t)(in - x->info) : in->parent;
        for (level = 0; up != UINT32_MAX && level < 5; level++) {
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : level * 3.0f;
            add_score(&x->info[up], s / div);
            up = x->info[up].parent;
        }
    }
    for (i = 0; i < x->count; i++) {
        ninfo *in = &x->info[i];
        if (!(in->flags & F_CANDIDATE) || (in->flags & F_DROP)) {
            continue;
        }
        in->score *= 1.0f - link_density(in);
        if (best == NULL || in->score > best->score) {
            best = in;
        }
    }
    return best;
}

/* Readability's step up: when the parent of the top candidate, or some
 * ancestor, holds at least three alternative candidates that score
 * nearly as well, the content is spread over them; take the ancestor. */
static ninfo *climb(body_ctx *x, ninfo *top)
{
    ninfo *best = top;

    /* A parent with much the same text is the same content with a wrapper
     * around it; prefer it when its score is close. */
    for (uint32_t up = top->parent; up != UINT32_MAX; up = x->info[up].parent) {
        ninfo *p = &x->info[up];
        if (sl__dom_is(p->node, "body") || sl__dom_is(p->node, "html")) {
            break;
        }
        if (!(p->flags & F_CANDIDATE)) {
            continue;
        }
        if (p->score >= best->score * 0.9f && p->text < best->text * 2 &&
            link_density(p) < 0.3f) {
            best = p;
        } else if (p->score < best->score / 3) {
            break;
        }
    }
    return best;
}

static int same_attr(const char *a, const char *b)
{
    return (a == NULL && b == NULL) ||
           (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Some pages cut the article into chunks: repeated containers with the
 * same tag and class, one of which holds the winner. Up to three levels
 * above it, choose the chunk's look-alike siblings that hold paragraphs. */
static void choose_chunks(body_ctx *x, ninfo *top)
{
    ninfo *c = top;

    for (int level = 0; level < 3 && c->parent != UINT32_MAX; level++) {
        ninfo *p = &x->info[c->parent];
        const char *cls = sl__dom_attr(c->node, "class");
        if (sl__dom_is(p->node, "body") || sl__dom_is(p->node, "html")) {
            break;
        }
        if (cls != NULL && cls[0] != '\0') {
            for (xmlNodePtr k = p->node->children; k != NULL; k = k->next) {
                ninfo *in = info_of(k);
                if (k->type != XML_ELEMENT_NODE || in == NULL || in == c ||
                    (in->flags & F_DROP) || in->ptext < MIN_PARA ||
                    strcmp((const char *)k->name,
                           (const char *)c->node->name) != 0 ||
                    !same_attr(sl__dom_attr(k, "class"), cls) ||
                    link_density(in) > 0.25f) {
                    continue;
                }
                in->flags |= F_CHOSEN;
            }
        }
        c = p;
    }
}

/* Mark the chosen root and the siblings that look like more content. */
static void choose(body_ctx *x, ninfo *top)
{
    ninfo *parent;
    float threshold = top->score * SIBLING_MIN_FRAC;

    top->flags |= F_CHOSEN;
    choose_chunks(x, top);
    if (threshold < 10.0f) {
        threshold = 10.0f;
    }
    if (top->parent == UINT32_MAX) {
        return;
    }
    parent = &x->info[top->parent];
    for (xmlNodePtr k = parent->node->children; k != NULL; k = k->next) {
        ninfo *in = info_of(k);
        if (k->type != XML_ELEMENT_NODE || in == NULL || in == top ||
            (in->flags & F_DROP) || in->text == 0) {
            continue;
        }
        float bonus = 0.0f;
        if (top->weight > 0 && in->weight == top->weight && in->weight >= 25) {
            bonus = top->score * 0.2f;
        }
        if ((in->flags & F_CANDIDATE) && in->score + bonus >= threshold) {
            in->flags |= F_CHOSEN;
        } else if (sl__dom_is(k, "p") || is_para(in)) {
            float ld = link_density(in);
            if ((in->text > 80 && ld < 0.25f) ||
                (in->text > 0 && in->text < 80 && ld == 0.0f &&
                 in->paras == 0)) {
                in->flags |= F_CHOSEN;
            }
        }
    }
}

/*---- Pass 3: render ----*/

/* Phrases that make up a whole block of page furniture, lower case. */
static const char *const junk_blocks[] = {
    "advertisement",
    "advertisements",
    "sponsored",
    "read more",
    "read more:",
    "related",
    "related articles",
    "related stories",
    "related content",
    "related posts",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "continue reading",
    "click here",
    "subscribe",
    "sign up",
    "follow us",
    "comments",
    "leave a comment",
    "close",
    "see also",
    "more from",
    "recommended",
    "tags",
    "loading...",
    "loading",
    "skip to content",
    "skip to main content",
    "print",
    "email",
    "back to top",
    "next article",
    "previous article",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    NULL,
};

static int is_junk_block(const char *s, size_t len)
{
    char low[48];
    size_t i;

    if (len >= sizeof(low)) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        char c = s[i];
        low[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    low[len] = '\0';
    while (len > 0 && (low[len - 1] == ' ' || low[len - 1] == ':' ||
                       low[len - 1] == '.' || low[len - 1] == '|')) {
        low[--len] = '\0';
    }
    for (i = 0; junk_blocks[i] != NULL; i++) {
        if (strcmp(low, junk_blocks[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Labels that open a paid or promotional block: "Sponsored: ...",
 * "Advertisement - ...". Lower case; a separator or the end must follow. */
static const char *const ad_labels[] = {
    "sponsored",
    "sponsored content",
    "sponsored post",
    "advertisement",
    "advertorial",
    "advert",
    "ad",
    "promoted",
    "promoted content",
    "promoted stories",
    "paid content",
    "paid post",
    "paid partnership",
    "partner content",
    "anzeige",
    "werbung",
    NULL,
};

/* A block of at most AD_LABEL_MAX bytes that starts with an ad label is
 * an advert placed in the flow of the text. */
#define AD_LABEL_MAX 200

static int is_ad_block(const char *s, size_t len)
{
    if (len > AD_LABEL_MAX) {
        return 0;
    }
    for (size_t i = 0; ad_labels[i] != NULL; i++) {
        size_t n = strlen(ad_labels[i]), k;
        if (len < n) {
            continue;
        }
        for (k = 0; k < n; k++) {
            char c = s[k];
            if ((char)((c >= 'A' && c <= 'Z') ? c + 32 : c) !=
                ad_labels[i][k]) {
                break;
            }
        }
        if (k < n) {
            continue;
        }
        int spaced = k < len && s[k] == ' ';
        while (k < len && s[k] == ' ') {
            k++;
        }
        /* The label alone or followed by ':' or '|'; or, after a space, by
         * a hyphen, a dash or a middle dot (UTF-8 sequences that start
         * with 0xE2 or 0xC2), so that "Ad-hoc" and "Ad's" are words. */
        if (k == len || s[k] == ':' || s[k] == '|' ||
            (spaced && (s[k] == '-' || (unsigned char)s[k] == 0xE2 ||
                        (unsigned char)s[k] == 0xC2))) {
            return 1;
        }
    }
    return 0;
}

static int same_text(const char *a, const char *b)
{
    /* Compare ignoring case of ASCII letters and surrounding space. */
    while (*a == ' ') {
        a++;
    }
    while (*b == ' ') {
        b++;
    }
    while (*a && *b) {
        char ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        char cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb) {
            return 0;
        }
        a++;
        b++;
    }
    while (*a == ' ') {
        a++;
    }
    return *a == '\0' && *b == '\0';
}

/* End the current paragraph: trim it, filter it, append it to out. */
static int flush_para(body_ctx *x, const char *prefix, int is_heading)
{
    sl_buf *p = &x->para;
    size_t start = 0;
    int rc = SL_OK;

    sl__buf_rtrim(p, " \n");
    while (start < p->len && (p->ptr[start] == ' ' || p->ptr[start] == '\n')) {
        start++;
    }
    if (start == p->len) {
        sl__buf_reset(p);
        return SL_OK;
    }
    const char *s = p->ptr + start;
    size_t len = p->len - start;
    if (is_junk_block(s, len) || is_ad_block(s, len) ||
        (is_heading && x->title != NULL && same_text(s, x->title))) {
        sl__buf_reset(p);
        return SL_OK;
    }
    /* Markdown list items follow each other line by line (a tight list). */
    int item = x->fmt == SL_BODY_MARKDOWN && prefix != NULL &&
               (prefix[0] == '-' || prefix[0] == '1');
    if (x->out.len > 0) {
        rc = sl__buf_adds(&x->out, item && x->last_item ? "\n" : "\n\n");
    }
    x->last_item = item;
    if (rc == SL_OK && prefix != NULL && x->fmt == SL_BODY_MARKDOWN) {
        rc = sl__buf_adds(&x->out, prefix);
    }
    if (rc == SL_OK) {
        rc = sl__buf_add(&x->out, s, len);
    }
    sl__buf_reset(p);
    return rc;
}

static int render(body_ctx *x, xmlNodePtr n, int depth);

static int render_children(body_ctx *x, xmlNodePtr n, int depth)
{
    int rc = SL_OK;

    for (xmlNodePtr k = n->children; k != NULL && rc == SL_OK; k = k->next) {
        rc = render(x, k, depth + 1);
    }
    return rc;
}

static const char *heading_prefix(xmlNodePtr n)
{
    static const char *const pre[] = { "# ",    "## ",    "### ",
                                       "#### ", "##### ", "###### " };
    return pre[n->name[1] - '1'];
}

/* A list or block of mostly links (menus, tag clouds, "more stories"). */
static int is_link_cluster(const ninfo *in)
{
    if (in->text == 0) {
        return 0;
    }
    float ld = link_density(in);
    if (sl__dom_is(in->node, "ul") || sl__dom_is(in->node, "ol")) {
        return ld > 0.6f;
    }
    if (sl__dom_is(in->node, "p")) {
        return ld > 0.8f && in->text < 200;
    }
    return ld > 0.65f && in->text < 400;
}

static int is_data_table(const ninfo *tin);
static int render_table(body_ctx *x, xmlNodePtr n, int depth);

static int render(body_ctx *x, xmlNodePtr n, int depth)
{
    ninfo *in;
    int rc = SL_OK;

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        return n->content ? sl__text_add(&x->para, (const char *)n->content,
                                         strlen((const char *)n->content))
                          : SL_OK;
    }
    if (n->type != XML_ELEMENT_NODE || depth > SL_DOM_MAX_DEPTH) {
        return SL_OK;
    }
    in = info_of(n);
    if (in == NULL || (in->flags & F_DROP)) {
        return SL_OK;
    }
    if (sl__dom_is(n, "br")) {
        if (x->para.len > 0 && x->para.ptr[x->para.len - 1] == '\n') {
            /* Two line breaks end a paragraph. */
            return flush_para(x, NULL, 0);
        }
        return sl__buf_addc(&x->para, '\n');
    }
    if (!(in->flags & F_BLOCK)) {
        return render_children(x, n, depth);
    }
    if (in->text == 0 || is_link_cluster(in)) {
        return SL_OK;
    }
    if (sl__dom_is(n, "h1") && x->title != NULL) {
        /* The headline is metadata, not body. */
        sl_buf t;
        sl__buf_init(&t, 0);
        rc = sl__dom_text(&t, n);
        int same = rc == SL_OK && t.ptr != NULL && same_text(t.ptr, x->title);
        sl__buf_dispose(&t);
        if (rc < 0 || same) {
            return rc;
        }
    }
    rc = flush_para(x, NULL, 0);
    if (rc < 0) {
        return rc;
    }
    if (sl__dom_is(n, "table") && is_data_table(in)) {
        return render_table(x, n, depth);
    }
    if (in->flags & F_HEADING) {
        rc = render_children(x, n, depth);
        return rc == SL_OK ? flush_para(x, heading_prefix(n), 1) : rc;
    }
    if (sl__dom_is(n, "li")) {
        xmlNodePtr par = n->parent;
        const char *pre = (par != NULL && sl__dom_is(par, "ol")) ? "1. " : "- ";
        rc = render_children(x, n, depth);
        return rc == SL_OK ? flush_para(x, pre, 0) : rc;
    }
    if (sl__dom_is(n, "blockquote") && x->fmt == SL_BODY_MARKDOWN) {
        size_t mark = x->out.len;
        rc = render_children(x, n, depth);
        if (rc == SL_OK) {
            rc = flush_para(x, NULL, 0);
        }
        /* Prefix every paragraph written inside the quote. */
        if (rc == SL_OK && x->out.len > mark) {
            sl_buf q;
            sl__buf_init(&q, 0);
            const char *s = x->out.ptr + mark;
            size_t skip = 0;
            while (s[skip] == '\n') {
                skip++;
            }
            rc = sl__buf_add(&q, s, skip);
            for (const char *c = s + skip; rc == SL_OK && *c; c++) {
                if (c == s + skip || c[-1] == '\n') {
                    rc = sl__buf_adds(&q, *c == '\n' ? ">" : "> ");
                }
                if (rc == SL_OK) {
                    rc = sl__buf_addc(&q, *c);
                }
            }
            if (rc == SL_OK) {
                x->out.len = mark;
                rc = sl__buf_add(&x->out, q.ptr, q.len);
            }
            sl__buf_dispose(&q);
        }
        return rc;
    }
    if (sl__dom_is(n, "pre") && x->fmt == SL_BODY_MARKDOWN) {
        rc = sl__buf_adds(&x->para, "```\n");
        if (rc == SL_OK) {
            rc = sl__dom_text(&x->para, n);
        }
        if (rc == SL_OK) {
            rc = sl__buf_adds(&x->para, "\n```");
        }
        return rc == SL_OK ? flush_para(x, NULL, 0) : rc;
    }
    rc = render_children(x, n, depth);
    return rc == SL_OK ? flush_para(x, NULL, 0) : rc;
}

/* Markdown pipe table: one line per row, cells' text with pipes escaped. */
/* A table of data, not of layout: rows of short cells, no nested tables
 * or paragraphs. Layout tables are rendered as the blocks they hold. */
static int is_data_table(const ninfo *tin)
{
    xmlNodePtr table = tin->node, n = table->children;
    int rows = 0, d = 0;

    if (tin->text == 0 || tin->text > 20000) {
        return 0;
    }
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE) {
            if (sl__dom_is(n, "table") || sl__dom_is(n, "p") ||
                sl__dom_is(n, "div") || sl__dom_is(n, "ul") ||
                sl__dom_is(n, "ol") || sl__dom_is(n, "blockquote")) {
                return 0;
            }
            if (sl__dom_is(n, "tr")) {
                rows++;
            }
            if ((sl__dom_is(n, "td") || sl__dom_is(n, "th")) &&
                n->_private != NULL && ((ninfo *)n->_private)->text > 300) {
                return 0;
            }
            if (n->children != NULL && d < 16) {
                n = n->children;
                d++;
                continue;
            }
        }
        while (n != NULL && n != table && n->next == NULL) {
            n = n->parent;
            d--;
        }
        n = (n == NULL || n == table) ? NULL : n->next;
    }
    return rows >= 2;
}

/* A data table as one block: in Markdown a pipe table, in text one line
 * per row with the cells separated by " | ". */
static int render_table(body_ctx *x, xmlNodePtr table, int depth)
{
    xmlNodePtr n = table->children;
    int rows = 0, rc = SL_OK, d = depth;
    int md = x->fmt == SL_BODY_MARKDOWN;
    sl_buf cell;

    sl__buf_init(&cell, 0);
    x->last_item = 0;
    if (x->out.len > 0) {
        rc = sl__buf_adds(&x->out, "\n\n");
    }
    /* Walk rows in document order, including those inside tbody/thead. */
    while (n != NULL && rc == SL_OK) {
        if (sl__dom_is(n, "tr")) {
            int cells = 0;
            if (md) {
                rc = sl__buf_addc(&x->out, '|');
            } else if (rows > 0) {
                rc = sl__buf_addc(&x->out, '\n');
            }
            for (xmlNodePtr c = n->children; c != NULL && rc == SL_OK;
                 c = c->next) {
                if (!sl__dom_is(c, "td") && !sl__dom_is(c, "th")) {
                    continue;
                }
                sl__buf_reset(&cell);
                rc = sl__dom_text(&cell, c);
                sl__buf_rtrim(&cell, " ");
                if (rc == SL_OK && (md || cells > 0)) {
                    rc = sl__buf_adds(&x->out, md || cells == 0 ? " " : " | ");
                }
                for (size_t i = 0; rc == SL_OK && i < cell.len; i++) {
                    if (md && cell.ptr[i] == '|') {
                        rc = sl__buf_addc(&x->out, '\\');
                    }
                    if (rc == SL_OK) {
                        rc = sl__buf_addc(&x->out, cell.ptr[i]);
                    }
                }
                if (rc == SL_OK && md) {
                    rc = sl__buf_adds(&x->out, " |");
                }
                cells++;
            }
            if (rc == SL_OK && md) {
                rc = sl__buf_addc(&x->out, '\n');
            }
            if (rc == SL_OK && md && rows == 0) {
                rc = sl__buf_addc(&x->out, '|');
                for (int i = 0; rc == SL_OK && i < cells; i++) {
                    rc = sl__buf_adds(&x->out, " --- |");
                }
                if (rc == SL_OK) {
                    rc = sl__buf_addc(&x->out, '\n');
                }
            }
            rows++;
        } else if (n->children != NULL && n->type == XML_ELEMENT_NODE &&
                   !sl__dom_is(n, "table") && d < SL_DOM_MAX_DEPTH) {
            n = n->children;
            d++;
            continue;
        }
        while (n != NULL && n != table && n->next == NULL) {
            n = n->parent;
            d--;
        }
        n = (n == NULL || n == table) ? NULL : n->next;
    }
    sl__buf_rtrim(&x->out, "\n");
    sl__buf_dispose(&cell);
    return rc;
}

/* Render the chosen roots in document order. */
static int render_chosen(body_ctx *x)
{
    int rc = SL_OK;

    for (uint32_t i = 0; i < x->count && rc == SL_OK; i++) {
        ninfo *in = &x->info[i];
        if (!(in->flags & F_CHOSEN)) {
            continue;
        }
        rc = render(x, in->node, 0);
        if (rc == SL_OK) {
            rc = flush_para(x, NULL, 0);
        }
    }
    return rc;
}

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int starts_with_word(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w), i;

    if (len < n) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (lower_ascii((unsigned char)s[i]) != w[i]) {
            return 0;
        }
    }
    return len == n || s[n] == ' ' || s[n] == ':';
}

/* A clock time "9:05" or "21:05" somewhere in s. */
static int has_clock(const char *s, size_t len)
{
    for (size_t i = 1; i + 2 < len; i++) {
        if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' &&
            s[i + 1] >= '0' && s[i + 1] <= '5' && s[i + 2] >= '0' &&
            s[i + 2] <= '9') {
            return 1;
        }
    }
    return 0;
}

/* Does s hold "min read", "minute read" or "reading time"? */
static int has_reading_time(const char *s, size_t len)
{
    static const char *const marks[] = { "min read",     "mins read",
                                         "minute read",  "minutes read",
                                         "reading time", NULL };

    for (size_t i = 0; i < len; i++) {
        for (size_t k = 0; marks[k] != NULL; k++) {
            size_t n = strlen(marks[k]), j;
            if (len - i < n) {
                continue;
            }
            for (j = 0; j < n; j++) {
                if (lower_ascii((unsigned char)s[i + j]) != marks[k][j]) {
                    break;
                }
            }
            if (j == n) {
                return 1;
            }
        }
    }
    return 0;
}

/* Lower-case words a byline or dateline may hold beside names, titles,
 * dates and times. */
static const char *const dateline_words[] = {
    "a",    "am",  "and", "at", "by",  "de",  "der", "di",  "du", "for",
    "from", "gmt", "in",  "la", "le",  "m",   "nd",  "of",  "on", "p",
    "pm",   "rd",  "st",  "th", "the", "utc", "van", "von", NULL,
};

static const char *const month_words[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", "jan",  "feb",
    "mar",     "apr",       "jun",     "jul",      "aug",      "sep",  "sept",
    "oct",     "nov",       "dec",     NULL,
};

static int word_in(const char *w, size_t n, const char *const *list)
{
    char low[16];

    if (n >= sizeof(low)) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)lower_ascii((unsigned char)w[i]);
    }
    low[n] = '\0';
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(low, list[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A byline or dateline with no sentence in it: "Anjali Mistry Chief
 * Reporter 14 March 2025", "Leon Farrow, Radio News - Monday 10 March
 * 2025, 5.45pm". Short, not ended as a sentence, it names a date (a
 * month, a year or a clock time) and every other word is capitalised or
 * one of dateline_words. */
static int is_dateline(const char *s, size_t len)
{
    int date = 0;
    size_t i = 0;

    if (len == 0 || len > 120 || memchr(s, '\n', len) != NULL) {
        return 0; /* empty, long, or lines of a table or a list */
    }
    switch (s[len - 1]) {
    case '.':
    case '!':
    case '?':
    case '"':
    case ';':
        return 0;
    default:
        break;
    }
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t j = i;
        if (c >= '0' && c <= '9') {
            while (j < len && s[j] >= '0' && s[j] <= '9') {
                j++;
            }
            if (j - i == 4 && ((s[i] == '1' && s[i + 1] == '9') ||
                               (s[i] == '2' && s[i + 1] == '0'))) {
                date = 1; /* a year, 1900 to 2099 */
            }
            i = j;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            i++;
            continue;
        }
        while (j < len &&
               ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                (unsigned char)s[j] >= 0x80 || s[j] == '\'')) {
            j++;
        }
        if (word_in(s + i, j - i, month_words)) {
            date = 1;
        } else if (c >= 'a' && c <= 'z' &&
                   !word_in(s + i, j - i, dateline_words)) {
            return 0; /* a lower-case word: running text */
        }
        i = j;
    }
    return date || has_clock(s, len);
}

/* Page furniture that sits on the edges of an article: the byline, the
 * dateline ("Posted: Fri 6:45 PM"), the reading time, a repeated
 * headline. */
static int is_edge_furniture(const body_ctx *x, const char *s, size_t len)
{
    static const char *const lead[] = {
        "by",           "posted",
        "updated",      "published",
        "last updated", "von",
        "par",          "por",
        "di",           "door",
        "filed under",  "tags",
        "source",       "photo",
        "image",        "written by",
        "reporting by", "staff reporter",
        "staff writer", "staff correspondent",
        NULL,
    };

    if (len > 120) {
        return 0;
    }
    if (has_reading_time(s, len) || is_dateline(s, len)) {
        return 1;
    }
    if (x->title != NULL) {
        char tmp[128];
        memcpy(tmp, s, len);
        tmp[len] = '\0';
        if (same_text(tmp, x->title)) {
            return 1;
        }
    }
    for (size_t i = 0; lead[i] != NULL; i++) {
        if (starts_with_word(s, len, lead[i]) &&
            (len < 80 || has_clock(s, len))) {
            return 1;
        }
    }
    return len < 80 && has_clock(s, len);
}

/* Drop furniture blocks from the first four and the last two blocks. */
static int trim_edges(body_ctx *x)
{
    sl_buf *o = &x->out;
    size_t start = 0, end;
    int k;

    if (o->len == 0) {
        return SL_OK;
    }
    for (k = 0; k < 4 && start < o->len; k++) {
        const char *sep = strstr(o->ptr + start, "\n\n");
        size_t bend = sep ? (size_t)(sep - o->ptr) : o->len;
        const char *b = o->ptr + start;
        if (x->fmt == SL_BODY_MARKDOWN && *b == '#') {
            break;
        }
        if (!is_edge_furniture(x, b, bend - start)) {
            break;
        }
        start = sep ? bend + 2 : o->len;
    }
    end = o->len;
    for (k = 0; k < 2 && end > start; k++) {
        size_t bstart = end;
        while (bstart > start &&
               !(bstart >= start + 2 && o->ptr[bstart - 1] == '\n' &&
                 o->ptr[bstart - 2] == '\n')) {
            bstart--;
        }
        if (!is_edge_furniture(x, o->ptr + bstart, end - bstart)) {
            break;
        }
        end = bstart >= start + 2 ? bstart - 2 : start;
    }
    if (start > 0 || end < o->len) {
        memmove(o->ptr, o->ptr + start, end - start);
        o->len = end - start;
        o->ptr[o->len] = '\0';
    }
    return SL_OK;
}

static void clear_private(body_ctx *x)
{
    for (uint32_t i = 0; i < x->count; i++) {
        x->info[i].node->_private = NULL;
    }
}

/* One extraction attempt into x->out. */
static int extract_once(body_ctx *x, xmlNodePtr root)
{
    ninfo *top;
    int rc = SL_OK;

    if (root != NULL) {
        rc = build_index(x, root);
    }
    if (rc == SL_OK && x->count > 0) {
        top = score_candidates(x);
        if (top == NULL) {
            top = &x->info[0];
        } else {
            top = climb(x, top);
        }
        choose(x, top);
        rc = render_chosen(x);
    }
    if (rc == SL_OK) {
        rc = trim_edges(x);
    }
    if (x->info != NULL) {
        clear_private(x);
    }
    sl__free(x->info);
    x->info = NULL;
    x->count = 0;
    sl__buf_reset(&x->para);
    return rc;
}

int sl__body_extract(sl_article *a, sl__page *p, sl_body_format fmt)
{
    body_ctx x;
    /* The whole document, not <body>: on tag soup libxml2 may leave the
     * content inside <head>. */
    xmlNodePtr root = xmlDocGetRootElement(p->doc);
    sl_buf first;
    int rc;

    memset(&x, 0, sizeof(x));
    x.page = p;
    x.fmt = fmt;
    x.title = a->title;
    x.strip_unlikely = 1;
    sl__buf_init(&x.out, 0);
    sl__buf_init(&x.para, 0);
    sl__buf_init(&first, 0);
    rc = extract_once(&x, root);
    if (rc == SL_OK && x.out.len < MIN_BODY_BYTES) {
        /* Keep the first result and try without names. */
        first = x.out;
        sl__buf_init(&x.out, 0);
        x.strip_unlikely = 0;
        rc = extract_once(&x, root);
        if (rc == SL_OK && x.out.len <= first.len) {
            sl__buf_dispose(&x.out);
            x.out = first;
            sl__buf_init(&first, 0);
        }
    }
    sl__buf_dispose(&first);
    sl__buf_dispose(&x.para);
    if (rc == SL_OK) {
        a->body = sl__buf_detach(&x.out, NULL);
        if (a->body == NULL) {
            rc = SL_ENOMEM;
        }
    }
    sl__buf_dispose(&x.out);
    return rc;
}
