/*
 * pubdate.c - the publication and modification dates of a page.
 *
 * Evidence is read in order of trust and the first plausible published
 * date wins, after htmldate's ordered heuristics (A. Barbaresi, "htmldate:
 * A Python package to extract publication dates from web pages", JOSS
 * 5(51), 2020):
 *
 *   1. JSON-LD datePublished, Article-like objects before WebPage ones;
 *   2. <meta> tags, in a fixed order of known published-date keys;
 *   3. microdata: itemprop="datePublished" on an element;
 *   4. <time> elements: pubdate or "published" ones, else the first;
 *   5. a full date in the URL path (/2022/08/15/, 2022-08-15, 20220815);
 *   6. short elements whose class or id names a date ("date", "byline",
 *      "posted", "meta"...), in document order;
 *   7. the dates written in the visible text, weighed by how often and how
 *      early they appear and by the words before them.
 *
 * Published dates are preferred to modified or updated ones at every
 * step. A date is plausible when it is not before 1995 and not after the
 * caller's now_ms; dates in markup and text must also agree with a
 * year/month stated in the URL. Exports sl__pubdate_extract() (page.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "page.h"
#include "storyline/dates.h"
#include "util/alloc.h"

/* Earliest plausible publication year on the web (htmldate uses 1995). */
#define MIN_YEAR 1995
/* Visible text scanned for dates, in bytes. */
#define TEXT_CAP (64 * 1024)
/* Text of one date-named element read, in bytes. */
#define MARKUP_TEXT_CAP 320
/* Date-named elements examined. */
#define MARKUP_MAX 300
/* Dates kept from the visible text. */
#define TEXT_DATES_MAX 256
/* Text after the headline where a byline date is looked for, in bytes. */
#define TITLE_NEAR 1500
/* Text before the headline where a dateline is looked for, in bytes. */
#define TITLE_NEAR_BEFORE 300
/* Deepest ancestor chain looked at for boilerplate. */
#define NOISE_DEPTH 40

typedef struct ctx {
    sl__page *p;
    unsigned flags; /* day/month order for ambiguous numeric dates */
    int url_year;   /* year, month and day stated in the URL, 0 if not */
    int url_month;
    int url_day;
    xmlNodePtr title; /* the headline element, or NULL */
    size_t title_at;  /* text offset where it starts, or SIZE_MAX */
    sl_buf text;      /* scratch text, capped */
    int rc;           /* first fatal error (SL_ENOMEM), else SL_OK */
} ctx;

/*---- Small string helpers ----*/

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Does 'hay' contain the lower-case ASCII 'needle', ignoring case? */
static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    if (hay == NULL) {
        return 0;
    }
    for (; *hay != '\0'; hay++) {
        size_t k = 0;
        while (k < n && hay[k] != '\0' &&
               lower((unsigned char)hay[k]) == (unsigned char)needle[k]) {
            k++;
        }
        if (k == n) {
            return 1;
        }
    }
    return 0;
}

/* Does s[0..len) contain one of the lower-case words, ignoring case? */
static int ci_has_any(const char *s, size_t len, const char *const *words)
{
    for (size_t w = 0; words[w] != NULL; w++) {
        size_t n = strlen(words[w]);
        for (size_t i = 0; i + n <= len; i++) {
            size_t k = 0;
            while (k < n && lower((unsigned char)s[i + k]) ==
                                (unsigned char)words[w][k]) {
                k++;
            }
            if (k == n) {
                return 1;
            }
        }
    }
    return 0;
}

/*---- Plausibility ----*/

static int plausible(const ctx *c, const sl_date *d)
{
    if (d->year < MIN_YEAR) {
        return 0;
    }
    if (c->p->now_ms > 0) {
        sl_date day = *d;
        /* Compare days: a date without a time is not "later" than a
         * now_ms on the same day. */
        day.has_time = 0;
        day.has_tz = 0;
        if (sl_date_to_ms(&day) > c->p->now_ms) {
            return 0;
        }
    }
    return 1;
}

/* Does 'd' agree with the year and month the URL states? */
static int agrees_with_url(const ctx *c, const sl_date *d)
{
    if (c->url_year != 0 && d->year != c->url_year) {
        return 0;
    }
    if (c->url_month != 0 && d->month != c->url_month) {
        return 0;
    }
    return 1;
}

/* Read a date from a metadata value: the whole value, or else, for a
 * short value, the first date inside it. */
static int read_value(const ctx *c, const char *s, sl_date *out)
{
    size_t len;

    if (s == NULL) {
        return 0;
    }
    len = strnlen(s, 256);
    if (len == 0 || len == 256) {
        return 0;
    }
    if (sl_date_parse(out, s, len) == SL_OK && plausible(c, out)) {
        return 1;
    }
    if (len <= 120 &&
        sl_date_find(out, NULL, NULL, s, len, c->flags) == SL_OK &&
        plausible(c, out)) {
        return 1;
    }
    return 0;
}

/*---- Page language: day or month first ----*/

static unsigned order_flags(const sl__page *p)
{
    const char *l = p->lang;

    /* A bare "en" says nothing of the country; og:locale may. */
    if (l == NULL || l[0] == '\0' ||
        ((l[0] | 0x20) == 'e' && (l[1] | 0x20) == 'n' && l[2] == '\0')) {
        const char *loc = sl__page_meta(p, "og:locale");
        if (loc != NULL && loc[0] != '\0') {
            l = loc;
        }
    }
    if (l == NULL || l[0] == '\0') {
        l = sl__page_meta(p, "content-language");
    }
    if (l == NULL || l[0] == '\0') {
        return 0;
    }
    if (lower((unsigned char)l[0]) == 'e' &&
        lower((unsigned char)l[1]) == 'n' &&
        (l[2] == '\0' || l[2] == '-' || l[2] == '_')) {
        if (l[2] == '\0') {
            return 0;
        }
        if (lower((unsigned char)l[3]) == 'u' &&
            lower((unsigned char)l[4]) == 's') {
            return SL_DATE_MONTH_FIRST;
        }
        return SL_DATE_DAY_FIRST;
    }
    return SL_DATE_DAY_FIRST;
}

/*---- JSON-LD ----*/

typedef struct ld_best {
    const char *value;
    int rank; /* lower is better */
} ld_best;

/* How article-like a schema.org @type is: 0 article, 1 page, 2 other. */
static int type_rank(json_t *obj)
{
    json_t *t = json_object_get(obj, "@type");
    int best = 2;

    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v)
        {
            if (json_is_string(v)) {
                const char *s = json_string_value(v);
                int r = ci_contains(s, "article") ||
                                ci_contains(s, "posting") ||
                                ci_contains(s, "report")
                            ? 0
                        : ci_contains(s, "page") ? 1
                                                 : 2;
                if (r < best) {
                    best = r;
                }
            }
        }
        return best;
    }
    if (json_is_string(t)) {
        const char *s = json_string_value(t);
        if (ci_contains(s, "article") || ci_contains(s, "posting") ||
            ci_contains(s, "report")) {
            return 0;
        }
        if (ci_contains(s, "page")) {
            return 1;
        }
    }
    return 2;
}

static void ld_walk(json_t *j, const char *key, int depth, ld_best *best)
{
    if (depth > 12 || j == NULL) {
        return;
    }
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            ld_walk(v, key, depth + 1, best);
        }
        return;
    }
    if (!json_is_object(j)) {
        return;
    }
    json_t *v = json_object_get(j, key);
    if (json_is_string(v)) {
        /* Objects nested in others (isPartOf, itemListElement...) are
         * less likely to describe this page. */
        int rank = type_rank(j) * 100 + (depth < 99 ? depth : 99);
        if (best->value == NULL || rank < best->rank) {
            best->value = json_string_value(v);
            best->rank = rank;
        }
    }
    const char *k;
    json_t *child;
    json_object_foreach(j, k, child)
    {
        if (json_is_object(child) || json_is_array(child)) {
            /* @graph members are top-level objects in all but syntax. */
            int d = strcmp(k, "@graph") == 0 ? depth : depth + 2;
            ld_walk(child, key, d, best);
        }
    }
}

static int from_jsonld(const ctx *c, const char *key, sl_date *out)
{
    ld_best best = { NULL, 0 };

    for (size_t i = 0; i < c->p->jsonld_count; i++) {
        ld_walk(c->p->jsonld[i], key, 0, &best);
    }
    return best.value != NULL && read_value(c, best.value, out);
}

/*---- <meta> ----*/

/* Keys naming the publication date, most trusted first (htmldate's
 * DATE_ATTRIBUTES and the schema.org, Dublin Core, Open Graph, Parse.ly,
 * Sailthru and citation vocabularies). */
static const char *const published_keys[] = {
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc:date.issued",
    "dcterms.created",
    "dc.date.created",
    "dc.created",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "article_date_original",
    "article.created",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "originalpublicationdate",
    "bt:pubdate",
    "shareaholic:article_published_time",
    "og:pubdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "publication-date",
    "published-date",
    "date_published",
    "displaydate",
    "pdate",
    "datecreated",
    NULL,
};

/* Generic keys, often the crawl or modification time: trusted less than
 * <time> elements. */
static const char *const weak_keys[] = {
    "date",
    "created",
    "timestamp",
    NULL,
};

static const char *const modified_keys[] = {
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "og:modified_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "modified",
    NULL,
};

static int from_meta(const ctx *c, const char *const *keys, sl_date *out)
{
    for (size_t k = 0; keys[k] != NULL; k++) {
        if (read_value(c, sl__page_meta(c->p, keys[k]), out)) {
            return 1;
        }
    }
    return 0;
}

/*---- Boilerplate ----*/

static int noisy_name(const char *v)
{
    static const char *const words[] = { "comment",   "related", "sidebar",
                                         "recommend", "popular", "teaser",
                                         "similar",   "reply",   NULL };

    if (v == NULL) {
        return 0;
    }
    return ci_has_any(v, strnlen(v, 200), words);
}

/* Does 'n' contain the headline? */
static int holds_title(const ctx *c, xmlNodePtr n)
{
    xmlNodePtr t = c->title;

    for (int d = 0; t != NULL && d < NOISE_DEPTH; d++, t = t->parent) {
        if (t == n) {
            return 1;
        }
    }
    return 0;
}

static int has_ancestor(xmlNodePtr n, const char *tag)
{
    n = n->parent;
    for (int d = 0; n != NULL && d < NOISE_DEPTH; d++, n = n->parent) {
        if (sl__dom_is(n, tag)) {
            return 1;
        }
    }
    return 0;
}

/* Is 'n' itself boilerplate: navigation, an aside outside the article,
 * or named as comments, related links, a sidebar...? An element that
 * holds the headline is the page, whatever its name. */
static int noisy(const ctx *c, xmlNodePtr n)
{
    if (!sl__dom_is(n, "nav") &&
        !(sl__dom_is(n, "aside") && !has_ancestor(n, "article")) &&
        !noisy_name(sl__dom_attr(n, "class")) &&
        !noisy_name(sl__dom_attr(n, "id"))) {
        return 0;
    }
    return !holds_title(c, n);
}

/* Is 'n' inside boilerplate? */
static int in_noise(const ctx *c, xmlNodePtr n)
{
    for (int d = 0; n != NULL && n->type == XML_ELEMENT_NODE && d < NOISE_DEPTH;
         d++, n = n->parent) {
        if (noisy(c, n)) {
            return 1;
        }
    }
    return 0;
}

/* A class list naming a modification date: a token with "update" or
 * "modif" in it, but not the bare hAtom "updated" that many themes put on
 * the publication date too. */
static int update_class(const char *list)
{
    while (list != NULL && *list != '\0') {
        while (*list == ' ' || *list == '\t' || *list == '\n') {
            list++;
        }
        size_t k = 0;
        while (list[k] != '\0' && list[k] != ' ' && list[k] != '\t' &&
               list[k] != '\n') {
            k++;
        }
        static const char *const words[] = { "update", "modif", NULL };
        if (k > 0 && ci_has_any(list, k, words) &&
            !(k == 7 && strncmp(list, "updated", 7) == 0)) {
            return 1;
        }
        list += k;
    }
    return 0;
}

/*---- Microdata and <time> ----*/

static int skipped_tag(xmlNodePtr n)
{
    return sl__dom_is(n, "script") || sl__dom_is(n, "style") ||
           sl__dom_is(n, "noscript") || sl__dom_is(n, "template") ||
           sl__dom_is(n, "svg") || sl__dom_is(n, "select");
}

static int boundary_space(sl_buf *b)
{
    if (b->len > 0 && b->ptr[b->len - 1] != ' ') {
        return sl__buf_addc(b, ' ');
    }
    return SL_OK;
}

/* Put the visible text under 'root' in c->text, at most 'cap' bytes, with
 * a space at every element boundary so that "<span>Apr</span><span>04
 * </span>" reads "Apr 04". With 'skip_noise', navigation, asides,
 * comments and related links are left out. Notes in c->title_at where
 * the headline's text starts. Returns SL_OK (also when the cap cut the
 * text short) or SL_ENOMEM. */
static int gather(ctx *c, xmlNodePtr root, size_t cap, int skip_noise)
{
    xmlNodePtr n;
    int depth = 1, rc = SL_OK;

    sl__buf_reset(&c->text);
    c->text.max = cap;
    if (root == NULL) {
        return SL_OK;
    }
    if (root->type == XML_TEXT_NODE) {
        rc = sl__dom_text(&c->text, root);
        return rc == SL_ELIMIT ? SL_OK : rc;
    }
    n = root->children;
    while (n != NULL && rc == SL_OK) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            rc = sl__dom_text(&c->text, n);
        } else if (n->type == XML_ELEMENT_NODE && !skipped_tag(n)) {
            descend = !skip_noise || !noisy(c, n);
            if (descend) {
                rc = boundary_space(&c->text);
                if (n == c->title) {
                    c->title_at = c->text.len;
                }
            }
        }
        if (descend && n->children != NULL && depth < SL_DOM_MAX_DEPTH) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n == root || depth <= 0) {
                n = NULL;
            } else if (rc == SL_OK) {
                rc = boundary_space(&c->text);
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    return rc == SL_ELIMIT ? SL_OK : rc;
}

static int element_date(ctx *c, xmlNodePtr n, sl_date *out)
{
    static const char *const attrs[] = { "datetime", "content", "title",
                                         "data-date", NULL };

    for (size_t a = 0; attrs[a] != NULL; a++) {
        if (read_value(c, sl__dom_attr(n, attrs[a]), out)) {
            return 1;
        }
    }
    if (gather(c, n, MARKUP_TEXT_CAP, 0) < 0) {
        return 0;
    }
    return c->text.len > 0 && c->text.len < MARKUP_TEXT_CAP &&
           sl_date_find(out, NULL, NULL, c->text.ptr, c->text.len, c->flags) ==
               SL_OK &&
           plausible(c, out);
}

static int has_token(const char *list, const char *tok)
{
    size_t n = strlen(tok);

    while (list != NULL && *list != '\0') {
        while (*list == ' ' || *list == '\t' || *list == '\n') {
            list++;
        }
        size_t k = 0;
        while (list[k] != '\0' && list[k] != ' ' && list[k] != '\t' &&
               list[k] != '\n') {
            k++;
        }
        if (k == n && strncmp(list, tok, n) == 0) {
            return 1;
        }
        list += k;
    }
    return 0;
}

static int from_itemprop(ctx *c, const char *prop, sl_date *out)
{
    for (size_t i = 0; i < c->p->itemprops.len; i++) {
        xmlNodePtr n = c->p->itemprops.v[i];
        if (has_token(sl__dom_attr(n, "itemprop"), prop) &&
            element_date(c, n, out)) {
            return 1;
        }
    }
    return 0;
}

static int from_time(ctx *c, sl_date *out)
{
    xmlNodePtr first = NULL;

    /* A time marked as the publication date wins. */
    for (size_t i = 0; i < c->p->times.len; i++) {
        xmlNodePtr n = c->p->times.v[i];
        const char *cls = sl__dom_attr(n, "class");
        if (in_noise(c, n)) {
            continue;
        }
        if (sl__dom_attr(n, "pubdate") != NULL || ci_contains(cls, "publish") ||
            ci_contains(cls, "entry-date") || ci_contains(cls, "created")) {
            if (element_date(c, n, out)) {
                return 1;
            }
        }
        if (first == NULL && !update_class(cls)) {
            first = n;
        }
    }
    return first != NULL && element_date(c, first, out);
}

/*---- The URL ----*/

static int url_digits(const char *s, size_t n, int *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

static int url_sep(char ch)
{
    return ch == '/' || ch == '-' || ch == '_' || ch == '.';
}

static int is_num(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Find Y/M/D, YYYYMMDD or Y/M in the path and query of 'url'. */
static void url_date(ctx *c, const char *url)
{
    const char *s;
    size_t len;

    if (url == NULL) {
        return;
    }
    s = strstr(url, "://");
    s = s != NULL ? strchr(s + 3, '/') : url;
    if (s == NULL) {
        return;
    }
    len = strnlen(s, 2048);
    for (size_t i = 0; i + 6 <= len; i++) {
        int y, m, d = 0;
        size_t j;
        if ((i > 0 && is_num(s[i - 1])) || !url_digits(s + i, 4, &y) ||
            y < MIN_YEAR || y > 2099) {
            continue;
        }
        j = i + 4;
        if (j + 4 <= len && url_digits(s + j, 4, &m) &&
            (j + 4 == len || !is_num(s[j + 4]))) {
            /* YYYYMMDD */
            d = m % 100;
            m /= 100;
        } else if (url_sep(s[j]) && j + 1 < len && is_num(s[j + 1])) {
            char sep = s[j];
            size_t k = j + 1, mk = 0;
            while (k < len && is_num(s[k]) && mk < 3) {
                k++;
                mk++;
            }
            if (mk == 0 || mk > 2 || !url_digits(s + j + 1, mk, &m)) {
                continue;
            }
            if (k + 1 < len && s[k] == sep && is_num(s[k + 1])) {
                size_t dk = 0, e = k + 1;
                while (e < len && is_num(s[e]) && dk < 3) {
                    e++;
                    dk++;
                }
                if (dk >= 1 && dk <= 2) {
                    url_digits(s + k + 1, dk, &d);
                }
            } else if (!(k == len || s[k] == '/' || s[k] == '?' ||
                         s[k] == '#' || s[k] == '-' || s[k] == '_')) {
                continue;
            }
        } else {
            continue;
        }
        if (m < 1 || m > 12) {
            continue;
        }
        sl_date t = { 0 };
        t.year = y;
        t.month = m;
        t.day = d != 0 ? d : 1;
        if (!plausible(c, &t)) {
            continue;
        }
        if (d != 0) {
            char iso[40];
            sl_date chk;
            /* Let the parser check the day against the calendar. */
            snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
            if (sl_date_parse(&chk, iso, strlen(iso)) != SL_OK) {
                continue;
            }
        }
        c->url_year = y;
        c->url_month = m;
        c->url_day = d;
        if (d != 0) {
            return;
        }
    }
}

/*---- Markup named like a date ----*/

static int date_name(const char *v)
{
    static const char *const words[] = {
        "date", "datum", "time",     "publish", "posted", "byline", "subline",
        "meta", "fecha", "parution", "zeit",    "info",   NULL,
    };

    if (v == NULL) {
        return 0;
    }
    return ci_has_any(v, strnlen(v, 200), words);
}

/* Words that, just before a date, mark it as an update, not the
 * publication. */
static const char *const update_words[] = {
    "update",     "aktualisiert", "geändert",  "modified",
    "mis à jour", "actualiz",     "aggiornat", "atualiz",
    "bijgewerkt", "edited",       "revised",   NULL,
};

static const char *const publish_words[] = {
    "publi",     "veröffentlicht", "posted",  "erstellt", "erschienen",
    "geplaatst", "pubblicato",     "written", NULL,
};

/* Is the date at t[start] announced as an update by the words before? */
static int after_update_word(const char *t, size_t start)
{
    size_t from = start > 40 ? start - 40 : 0;

    return ci_has_any(t + from, start - from, update_words);
}

/* The first date in t[0..len) that is plausible, agrees with the URL and
 * is not announced as an update. */
static int first_date(const ctx *c, const char *t, size_t len, sl_date *out)
{
    size_t pos = 0;

    while (pos < len) {
        size_t start, end;
        sl_date d;
        if (sl_date_find(&d, &start, &end, t + pos, len - pos, c->flags) !=
            SL_OK) {
            return 0;
        }
        start += pos;
        end += pos;
        if (plausible(c, &d) && agrees_with_url(c, &d) &&
            !after_update_word(t, start)) {
            *out = d;
            return 1;
        }
        pos = end > start ? end : start + 1;
    }
    return 0;
}

static int markup_candidate(ctx *c, xmlNodePtr n, sl_date *out)
{
    static const char *const attrs[] = { "datetime", "content", "title",
                                         "data-date", NULL };
    int rc;

    for (size_t a = 0; attrs[a] != NULL; a++) {
        if (read_value(c, sl__dom_attr(n, attrs[a]), out) &&
            agrees_with_url(c, out)) {
            return 1;
        }
    }
    rc = gather(c, n, MARKUP_TEXT_CAP, 0);
    if (rc < 0) {
        c->rc = rc;
        return 0;
    }
    return c->text.len > 0 && c->text.len < MARKUP_TEXT_CAP &&
           first_date(c, c->text.ptr, c->text.len, out);
}

/* Walk the body in document order. The first date in an element named
 * like a date after the headline wins; one before it (often the site's
 * "today" in the page header) only when none follows. */
static int from_markup(ctx *c, sl_date *out)
{
    xmlNodePtr n;
    sl_date before;
    int depth = 1, seen = 0, have_before = 0, after = c->title == NULL;

    if (c->p->body == NULL) {
        return 0;
    }
    n = c->p->body->children;
    while (n != NULL && seen < MARKUP_MAX) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            descend = !skipped_tag(n) && !noisy(c, n);
            if (n == c->title) {
                after = 1;
            }
            if (descend && (after || !have_before) &&
                (date_name(sl__dom_attr(n, "class")) ||
                 date_name(sl__dom_attr(n, "id")) || sl__dom_is(n, "abbr"))) {
                sl_date d;
                seen++;
                if (!update_class(sl__dom_attr(n, "class")) &&
                    markup_candidate(c, n, &d)) {
                    if (after) {
                        *out = d;
                        return 1;
                    }
                    before = d;
                    have_before = 1;
                }
            }
        }
        if (descend && n->children != NULL && depth < SL_DOM_MAX_DEPTH) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            depth--;
            if (n == c->p->body || depth <= 0) {
                n = NULL;
            }
        }
        if (n != NULL) {
            n = n->next;
        }
    }
    if (have_before) {
        *out = before;
    }
    return have_before;
}

/*---- Visible text ----*/

typedef struct text_date {
    sl_date d;
    size_t at;     /* offset of the mention */
    int published; /* announced as the publication */
    int updated;   /* announced as an update */
} text_date;

static int same_day(const sl_date *a, const sl_date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* Pick among the mentions: the first one announced as the publication;
 * else the first one soon after the headline, or just before it; else
 * the day mentioned most often, the earliest on a tie. Updates come
 * last. */
static size_t pick_mention(const ctx *c, const text_date *v, size_t count)
{
    size_t best = count;
    int best_n = 0;

    for (size_t k = 0; k < count; k++) {
        if (v[k].published) {
            return k;
        }
    }
    if (c->title_at != SIZE_MAX) {
        /* The mention closest to the headline, a distance before it
         * counting double: bylines mostly follow the title. */
        size_t near = count, near_cost = SIZE_MAX;
        for (size_t k = 0; k < count; k++) {
            size_t cost;
            if (v[k].updated) {
                continue;
            }
            if (v[k].at >= c->title_at) {
                cost = v[k].at - c->title_at;
                if (cost > TITLE_NEAR) {
                    break;
                }
            } else {
                cost = c->title_at - v[k].at;
                if (cost > TITLE_NEAR_BEFORE) {
                    continue;
                }
                cost *= 2;
            }
            if (cost < near_cost) {
                near = k;
                near_cost = cost;
            }
        }
        if (near < count) {
            return near;
        }
    }
    for (size_t k = 0; k < count; k++) {
        int n = 0;
        if (v[k].updated) {
            continue;
        }
        for (size_t j = 0; j < count; j++) {
            n += same_day(&v[j].d, &v[k].d);
        }
        if (n > best_n) {
            best = k;
            best_n = n;
        }
    }
    return best < count ? best : 0;
}

static int from_text(ctx *c, sl_date *out)
{
    text_date *v = NULL;
    size_t count = 0, pos = 0, len;
    const char *t;
    int rc;

    rc = gather(c, c->p->body, TEXT_CAP, 1);
    if (rc < 0) {
        c->rc = rc;
        return 0;
    }
    t = c->text.ptr;
    len = c->text.len;
    if (t == NULL || len == 0) {
        return 0;
    }
    v = sl__malloc(TEXT_DATES_MAX * sizeof(*v));
    if (v == NULL) {
        c->rc = SL_ENOMEM;
        return 0;
    }
    while (pos < len && count < TEXT_DATES_MAX) {
        size_t start, end;
        sl_date d;
        if (sl_date_find(&d, &start, &end, t + pos, len - pos, c->flags) !=
            SL_OK) {
            break;
        }
        start += pos;
        end += pos;
        pos = end > start ? end : start + 1;
        if (!plausible(c, &d) || !agrees_with_url(c, &d)) {
            continue;
        }
        size_t from = start > 48 ? start - 48 : 0;
        v[count].d = d;
        v[count].at = start;
        v[count].updated = after_update_word(t, start);
        v[count].published = !v[count].updated &&
                             ci_has_any(t + from, start - from, publish_words);
        count++;
    }
    if (count > 0) {
        *out = v[pick_mention(c, v, count)].d;
    }
    sl__free(v);
    return count > 0;
}

/*---- Entry point ----*/

/* The headline: the <h1> whose text is, or is part of, the title found
 * by meta.c; else the first <h1> with some text outside navigation and
 * asides. Class names are not consulted: the page's own wrapper may be
 * called "sidebar-right" and still hold the article. */
static xmlNodePtr find_title(ctx *c, const char *title)
{
    xmlNodePtr first = NULL;

    for (size_t i = 0; i < c->p->h1s.len && i < 16; i++) {
        xmlNodePtr n = c->p->h1s.v[i];
        if (has_ancestor(n, "nav") || has_ancestor(n, "aside") ||
            gather(c, n, 256, 0) != SL_OK || c->text.len < 8) {
            continue;
        }
        const char *h = c->text.ptr;
        while (*h == ' ') {
            h++;
        }
        sl__buf_rtrim(&c->text, " ");
        if (title != NULL &&
            (strstr(title, h) != NULL || strstr(h, title) != NULL)) {
            return n;
        }
        if (first == NULL) {
            first = n;
        }
    }
    return first;
}

/* A UTC timestamp one day off the URL's date is the same moment seen
 * from the publisher's zone, whose day the URL states: 02:18Z on the 18th
 * is the evening of the 17th in the Americas. */
static int url_local_day(const ctx *c, const sl_date *d)
{
    sl_date u = { 0 };
    int64_t diff;

    if (c->url_day == 0 || !d->has_tz || d->tz_offset_min != 0) {
        return 0;
    }
    u.year = c->url_year;
    u.month = c->url_month;
    u.day = c->url_day;
    sl_date day = *d;
    day.has_time = 0;
    day.has_tz = 0;
    diff = sl_date_to_ms(&day) - sl_date_to_ms(&u);
    return (diff == 86400000 && d->hour < 8) ||
           (diff == -86400000 && d->hour >= 16);
}

static int set_iso(char **dst, const sl_date *d)
{
    char buf[32];

    if (sl_date_to_iso(buf, sizeof(buf), d) < 0) {
        return SL_OK;
    }
    *dst = sl__strdup(buf);
    return *dst == NULL ? SL_ENOMEM : SL_OK;
}

int sl__pubdate_extract(sl_article *a, sl__page *p)
{
    ctx c;
    sl_date d;
    sl_date_source src = SL_DATE_NONE;
    int rc = SL_OK;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.title_at = SIZE_MAX;
    sl__buf_init(&c.text, MARKUP_TEXT_CAP);
    c.flags = order_flags(p);
    url_date(&c, p->given_url);
    if (c.url_day == 0 && a->url != NULL) {
        url_date(&c, a->url);
    }
    c.title = find_title(&c, a->title);

    if (from_jsonld(&c, "datePublished", &d)) {
        src = SL_DATE_JSONLD;
    } else if (from_meta(&c, published_keys, &d)) {
        src = SL_DATE_META;
    } else if (from_itemprop(&c, "datePublished", &d)) {
        src = SL_DATE_MICRODATA;
    } else if (from_time(&c, &d)) {
        src = SL_DATE_TIME;
    } else if (from_meta(&c, weak_keys, &d)) {
        src = SL_DATE_META;
    }
    if (c.url_day != 0 && (src == SL_DATE_NONE || url_local_day(&c, &d))) {
        memset(&d, 0, sizeof(d));
        d.year = c.url_year;
        d.month = c.url_month;
        d.day = c.url_day;
        src = SL_DATE_URL;
    }
    if (src == SL_DATE_NONE) {
        if (from_markup(&c, &d)) {
            src = SL_DATE_ABBR;
        } else if (from_text(&c, &d)) {
            src = SL_DATE_TEXT;
        }
    }
    if (src != SL_DATE_NONE && c.rc == SL_OK) {
        rc = set_iso(&a->published, &d);
        a->published_source = src;
    }
    if (rc == SL_OK && c.rc == SL_OK &&
        (from_jsonld(&c, "dateModified", &d) ||
         from_meta(&c, modified_keys, &d) ||
         from_itemprop(&c, "dateModified", &d))) {
        rc = set_iso(&a->modified, &d);
    }
    sl__buf_dispose(&c.text);
    return c.rc < 0 ? c.rc : rc;
}
