/*
 * text.c - plain-text pages: find the headline, drop boilerplate lines.
 *
 * sl_text_read() (storyline/ingest.h) reads a web page saved as text, the
 * way a browser's "save as text" or a scraper leaves it: site name and
 * section labels first, then the headline (often twice), a byline and a
 * date, the paragraphs separated by blank lines, and page furniture at the
 * end ("Related Articles", an author box, "Full story at ...", menus).
 *
 * The reading, in order:
 *
 *   1. Input over the record cap is refused; bytes are repaired to UTF-8
 *      (util/utf8.h) and each line is trimmed, runs of white space (NBSP
 *      and the other Unicode spaces included) becoming one space.
 *   2. Each line is text, a boilerplate line (a furniture label, a share
 *      or follow prompt, a byline, a date alone, a copyright notice, a bare
 *      URL), or an end marker (a boilerplate line after which a page shows
 *      only furniture: "Related Articles", "About the author", "Full story
 *      at ..."). The label list matches body.c's junk_blocks, grouped in
 *      families by their first words.
 *   3. Blocks are runs of non-blank lines. The headline is the first block
 *      among the first HEAD_SCAN_BLOCKS that is one line that reads like a
 *      headline (three or more words, 10-200 bytes, title case or at least
 *      20 bytes) and is followed, past boilerplate and a repeat of itself,
 *      by a body paragraph (80 bytes and 10 words or more). Failing that,
 *      the first headline-like block followed by any text. A site name
 *      followed by a tagline, or a section label followed by the headline,
 *      is never followed by a paragraph, which is what sets them apart.
 *      Outlet suffixes behind strong separators ("Headline | Outlet") are
 *      cut as meta.c cuts them off <title>.
 *   4. The body is every text block after the headline, repeats of the
 *      headline left out. Its tail is then trimmed as body.c trims the
 *      edges of an HTML article: cut at the first end marker that has more
 *      body before it than after; drop an author box (a name line followed
 *      by at most two short blocks, the first reading like a biography);
 *      drop trailing labels (four words or fewer, no closing punctuation)
 *      and truncated teasers ending in "..."; and drop leading labels.
 *   5. A publication date is looked for in short lines among the first and
 *      last DATE_SCAN_LINES lines: windows of one to six words, with a
 *      four-digit year, that sl_date_parse() reads in full; "Updated"
 *      lines only when nothing else gives one.
 *
 * Only general rules: nothing here knows a site, a seed file or a phrase
 * taken from one page. Invariant: every string handed out is valid UTF-8
 * and NUL-terminated; every buffer is capped by the input's size.
 *
 * References: Kohlschütter et al., "Boilerplate Detection using Shallow
 * Text Features" (WSDM 2010), for short-line and link-text cues; RFC 3629
 * for the UTF-8 repaired to.
 */
#include "storyline/ingest.h"

#include <string.h>

#include "storyline/dates.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#define TEXT_DEFAULT_MAX_BYTES ((size_t)32 * 1024 * 1024)
/* Blocks looked at for the headline. */
#define HEAD_SCAN_BLOCKS 12
/* Lines at each end looked at for a date. */
#define DATE_SCAN_LINES 8
/* A headline is at most this long, in bytes and in words. */
#define HEADLINE_MAX_BYTES 200
#define HEADLINE_MAX_WORDS 30
/* A body paragraph is at least this long. */
#define PARA_MIN_BYTES 80
#define PARA_MIN_WORDS 10
/* Lines longer than this are never furniture. */
#define SHORT_LINE_BYTES 120
/* Longest date phrase tried, in words and bytes. */
#define DATE_MAX_WORDS 6
#define DATE_MAX_BYTES 64

typedef enum line_kind {
    L_BLANK = 0,
    L_TEXT,
    L_DROP, /* boilerplate */
    L_END   /* boilerplate that may end the article */
} line_kind;

typedef struct line {
    size_t off; /* in page.norm */
    size_t len;
    line_kind kind;
} line;

/* A run of non-blank lines. */
typedef struct block {
    size_t first;
    size_t count;
    size_t kept;     /* L_TEXT lines */
    size_t kept_len; /* their bytes, joined by spaces */
    size_t words;
    size_t text_line; /* the first L_TEXT line, when kept > 0 */
} block;

/* A body paragraph, or an end marker (len 0, end set), in page.body. */
typedef struct para {
    size_t off;
    size_t len;
    int end;
} para;

typedef struct page {
    sl_buf raw;  /* repaired input */
    sl_buf norm; /* normalised lines, each followed by '\n' */
    line *lines;
    size_t line_count;
    block *blocks;
    size_t block_count;
    sl_buf body; /* paragraph texts, back to back */
    para *paras;
    size_t para_count;
    size_t para_cap;
    sl_buf out;   /* the final text */
    sl_buf title; /* the final headline */
    char published[DATE_MAX_BYTES + 1];
} page;

/*---- Small string helpers ----*/

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static size_t count_words(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) {
            n++;
        }
    }
    return n;
}

/* Whether s starts with word sequence p (lower case), followed by the end,
 * a space or punctuation. */
static int starts_with(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);

    if (len < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)s[i]) != p[i]) {
            return 0;
        }
    }
    if (len == n) {
        return 1;
    }
    unsigned char c = (unsigned char)s[n];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
             c >= 0x80);
}

/* Whether s starts with p (lower case), ignoring ASCII case. */
static int has_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);

    if (len < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)s[i]) != p[i]) {
            return 0;
        }
    }
    return 1;
}

static int contains_ci(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);

    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && lower((unsigned char)s[i + k]) == p[k]) {
            k++;
        }
        if (k == n) {
            return 1;
        }
    }
    return 0;
}

/* Equal ignoring ASCII case and trailing punctuation and spaces. */
static size_t trim_punct_len(const char *s, size_t len)
{
    while (len > 0 && strchr(" .:;,|!?-", s[len - 1]) != NULL) {
        len--;
    }
    return len;
}

static int same_text(const char *a, size_t alen, const char *b, size_t blen)
{
    alen = trim_punct_len(a, alen);
    blen = trim_punct_len(b, blen);
    if (alen != blen || alen == 0) {
        return 0;
    }
    for (size_t i = 0; i < alen; i++) {
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) {
            return 0;
        }
    }
    return 1;
}

/* Whether the last character closes a sentence or a quotation. */
static int ends_sentence(const char *s, size_t len)
{
    static const char *const closers[] = {
        "\xE2\x80\x9D", /* U+201D */
        "\xE2\x80\x99", /* U+2019 */
        "\xC2\xBB",     /* U+00BB */
        NULL,
    };

    if (len == 0) {
        return 0;
    }
    if (strchr(".!?\")'", s[len - 1]) != NULL) {
        return 1;
    }
    for (size_t i = 0; closers[i] != NULL; i++) {
        size_t n = strlen(closers[i]);
        if (len >= n && memcmp(s + len - n, closers[i], n) == 0) {
            return 1;
        }
    }
    return 0;
}

static int ends_with_ellipsis(const char *s, size_t len)
{
    return (len >= 3 && memcmp(s + len - 3, "...", 3) == 0) ||
           (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0);
}

/* Share of words of four letters or more that start with a capital. */
static int title_case(const char *s, size_t len)
{
    size_t long_words = 0, caps = 0;

    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s[j] != ' ') {
            j++;
        }
        if (j - i >= 4) {
            long_words++;
            unsigned char c = (unsigned char)s[i];
            if ((c >= 'A' && c <= 'Z') || is_digit(c) || c >= 0x80) {
                caps++;
            }
        }
        i = j + 1;
    }
    return long_words > 0 && caps * 10 >= long_words * 7;
}

/*---- Step 1: normalise ----*/

/* Length of a Unicode space or zero-width character at s, else 0; *zw is
 * set for characters that vanish rather than become a space. */
static size_t unicode_space(const unsigned char *s, size_t len, int *zw)
{
    *zw = 0;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
        return 2; /* U+00A0 */
    }
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF)) {
        return 3; /* U+2000..U+200A, U+202F */
    }
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x8B &&
        s[2] <= 0x8D) {
        *zw = 1; /* U+200B..U+200D */
        return 3;
    }
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
        return 3; /* U+3000 */
    }
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *zw = 1; /* U+FEFF */
        return 3;
    }
    return 0;
}

static int push_line(page *p, size_t off, size_t len)
{
    if (p->line_count % 256 == 0) {
        size_t n;
        line *nl;
        if (__builtin_add_overflow(p->line_count, (size_t)256, &n) ||
            __builtin_mul_overflow(n, sizeof(line), &n)) {
            return SL_ELIMIT;
        }
        nl = sl__realloc(p->lines, n);
        if (nl == NULL) {
            return SL_ENOMEM;
        }
        p->lines = nl;
    }
    p->lines[p->line_count].off = off;
    p->lines[p->line_count].len = len;
    p->lines[p->line_count].kind = len == 0 ? L_BLANK : L_TEXT;
    p->line_count++;
    return SL_OK;
}

/* Split raw into trimmed lines with single spaces, in p->norm. */
static int normalise(page *p)
{
    const unsigned char *s = (const unsigned char *)p->raw.ptr;
    size_t len = p->raw.len, start = 0;
    int space = 0, rc = SL_OK;

    for (size_t i = 0; i <= len && rc == SL_OK;) {
        int zw;
        size_t n;

        if (i == len || s[i] == '\n' || s[i] == '\r') {
            rc = push_line(p, start, p->norm.len - start);
            if (rc == SL_OK) {
                rc = sl__buf_addc(&p->norm, '\n');
            }
            start = p->norm.len;
            space = 0;
            if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
                i++;
            }
            i++;
            continue;
        }
        if (s[i] < 0x20 || s[i] == ' ' || s[i] == 0x7F) {
            space = 1;
            i++;
            continue;
        }
        n = unicode_space(s + i, len - i, &zw);
        if (n > 0) {
            space |= !zw;
            i += n;
            continue;
        }
        if (space && p->norm.len > start) {
            rc = sl__buf_addc(&p->norm, ' ');
        }
        space = 0;
        if (rc == SL_OK) {
            rc = sl__buf_addc(&p->norm, (char)s[i]);
        }
        i++;
    }
    return rc;
}

/*---- Step 2: boilerplate lines ----*/

/* Whole-line labels of page furniture (lower case, trailing punctuation
 * ignored), as body.c's junk_blocks, and the navigation and widget
 * headings that sit around articles. The first column says whether the
 * label may end the article. */
typedef struct label {
    int end;
    const char *s;
} label;

static const label labels[] = {
    { 0, "advertisement" },
    { 0, "advertisements" },
    { 0, "sponsored" },
    { 0, "sponsored content" },
    { 0, "close" },
    { 0, "menu" },
    { 0, "search" },
    { 0, "home" },
    { 0, "print" },
    { 0, "email" },
    { 0, "e-mail" },
    { 0, "share" },
    { 0, "tweet" },
    { 0, "facebook" },
    { 0, "twitter" },
    { 0, "linkedin" },
    { 0, "whatsapp" },
    { 0, "subscribe" },
    { 0, "sign up" },
    { 0, "sign in" },
    { 0, "log in" },
    { 0, "login" },
    { 0, "loading" },
    { 0, "loading..." },
    { 0, "click here" },
    { 0, "continue reading" },
    { 0, "skip to content" },
    { 0, "skip to main content" },
    { 0, "next" },
    { 0, "previous" },
    { 0, "next article" },
    { 0, "previous article" },
    { 0, "next post" },
    { 0, "previous post" },
    { 0, "tags" },
    { 0, "anzeige" },
    { 0, "werbung" },
    { 0, "publicit\xC3\xA9" },
    { 0, "publicidad" },
    { 0, "pubblicit\xC3\xA0" },
    { 1, "read more" },
    { 1, "related" },
    { 1, "comments" },
    { 1, "leave a comment" },
    { 1, "leave a reply" },
    { 1, "recommended" },
    { 1, "see also" },
    { 1, "trending" },
    { 1, "most popular" },
    { 1, "most read" },
    { 1, "latest news" },
    { 1, "top stories" },
    { 1, "more stories" },
    { 1, "source link" },
    { 1, "you may also like" },
    { 1, "you might also like" },
    { 1, "about the author" },
    { 1, "about author" },
    { 1, "about the writer" },
    { 0, NULL },
};

/* Families of short furniture lines by their first words: a label and
 * whatever follows it ("Related Articles", "Share on Facebook", "Back to
 * top button", "Full story at https://..."). */
static const label prefixes[] = {
    { 1, "related" },
    { 1, "more from" },
    { 1, "more stories" },
    { 1, "more on this" },
    { 1, "check also" },
    { 1, "see also" },
    { 1, "full story" },
    { 1, "read the full story" },
    { 1, "read the full article" },
    { 1, "read the original" },
    { 1, "originally published" },
    { 1, "this article originally appeared" },
    { 1, "back to top" },
    { 1, "about the author" },
    { 0, "share this" },
    { 0, "share on" },
    { 0, "share via" },
    { 0, "follow us" },
    { 0, "follow @" },
    { 0, "like us on" },
    { 0, "sign up for" },
    { 0, "subscribe to" },
    { 0, "download our app" },
    { 0, "also read" },
    { 0, "read also" },
    { 0, "read more" },
    { 0, "click here" },
    { 0, "tags:" },
    { 0, "filed under" },
    { 0, "copyright" },
    { 0, "all rights reserved" },
    { 0, "photo:" },
    { 0, "photo by" },
    { 0, "photos:" },
    { 0, "image:" },
    { 0, "image by" },
    { 0, "image source" },
    { 0, "credit:" },
    { 0, "source:" },
    { 0, "file photo" },
    { 0, NULL },
};

/* Words that open a byline. */
static const char *const byline_leads[] = {
    "by",          "written by", "reported by", "reporting by",
    "posted by",   "story by",   "words by",    "edited by",
    "compiled by", "text by",    NULL,
};

/* Words that open a dateline. */
static const char *const date_leads[] = {
    "published", "updated", "last updated", "first published",
    "posted",    "date",    "modified",     NULL,
};

static int match_label(const char *s, size_t len, const label *set)
{
    char low[48];

    len = trim_punct_len(s, len);
    if (len == 0 || len >= sizeof(low)) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        low[i] = (char)lower((unsigned char)s[i]);
    }
    low[len] = '\0';
    for (size_t i = 0; set[i].s != NULL; i++) {
        if (strcmp(low, set[i].s) == 0) {
            return set[i].end;
        }
    }
    return -1;
}

static int match_prefix(const char *s, size_t len, const label *set)
{
    for (size_t i = 0; set[i].s != NULL; i++) {
        size_t n = strlen(set[i].s);
        /* "follow @", "tags:" end in punctuation: match them as is. */
        if (strchr(":@", set[i].s[n - 1]) != NULL) {
            if (len >= n && contains_ci(s, n, set[i].s)) {
                return set[i].end;
            }
        } else if (starts_with(s, len, set[i].s)) {
            return set[i].end;
        }
    }
    return -1;
}

static int has_year(const char *s, size_t len)
{
    size_t run = 0;

    for (size_t i = 0; i < len; i++) {
        run = is_digit((unsigned char)s[i]) ? run + 1 : 0;
        if (run == 4 && (i + 1 == len || !is_digit((unsigned char)s[i + 1]))) {
            return 1;
        }
    }
    return 0;
}

static int is_date_text(const char *s, size_t len)
{
    sl_date d;

    return len <= DATE_MAX_BYTES && has_year(s, len) &&
           sl_date_parse(&d, s, len) == SL_OK;
}

/* "By Jane Doe", "Posted by J. Doe | 3 May 2021": a byline is short, and
 * its name starts with a capital. */
static int is_byline(const char *s, size_t len)
{
    for (size_t i = 0; byline_leads[i] != NULL; i++) {
        size_t n = strlen(byline_leads[i]);
        /* "By Friday, the town was empty." is a sentence. */
        if (starts_with(s, len, byline_leads[i]) && len > n + 1 &&
            count_words(s, len) <= 12 && !ends_sentence(s, len)) {
            unsigned char c = (unsigned char)s[n + 1];
            return (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '@';
        }
    }
    return 0;
}

/* "Published: 3 May 2021", "Updated 14:05, 2 June 2020". */
static int is_dateline(const char *s, size_t len)
{
    for (size_t i = 0; date_leads[i] != NULL; i++) {
        if (starts_with(s, len, date_leads[i]) && len <= 80) {
            for (size_t k = 0; k < len; k++) {
                if (is_digit((unsigned char)s[k])) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* "5 min read", "3 hours ago". */
static int is_reading_time(const char *s, size_t len)
{
    if (len > 24 || len == 0 || !is_digit((unsigned char)s[0])) {
        return 0;
    }
    return contains_ci(s, len, " read") || contains_ci(s, len, " ago");
}

/* Whether s starts with a URL ("https://...", "www.example.org"). */
static int is_url(const char *s, size_t len)
{
    return has_prefix(s, len, "http://") || has_prefix(s, len, "https://") ||
           has_prefix(s, len, "www.");
}

/* Length of s without its URLs: "Full story at https://..." is as short
 * as "Full story at" when it comes to telling furniture from text. */
static size_t visible_len(const char *s, size_t len)
{
    size_t n = len;

    for (size_t i = 0; i < len; i++) {
        if ((i == 0 || s[i - 1] == ' ') && is_url(s + i, len - i)) {
            size_t j = i;
            while (j < len && s[j] != ' ') {
                j++;
            }
            n -= j - i;
            i = j;
        }
    }
    return n;
}

/* No letter or digit at all: rules, bullets, "* * *". */
static int no_alnum(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
            (c >= 0xC3 && c < 0xE2)) {
            return 0;
        }
    }
    return 1;
}

static line_kind classify(const char *s, size_t len)
{
    int m;

    if (len == 0) {
        return L_BLANK;
    }
    /* A leading bullet does not change what the line is. */
    while (len > 2 && strchr("*-+>", s[0]) != NULL && s[1] == ' ') {
        s += 2;
        len -= 2;
    }
    if (len > 3 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0) { /* U+2022 */
        s += 4;
        len -= 4;
    }
    if ((m = match_label(s, len, labels)) >= 0) {
        return m ? L_END : L_DROP;
    }
    if (visible_len(s, len) > SHORT_LINE_BYTES) {
        return L_TEXT;
    }
    if ((m = match_prefix(s, len, prefixes)) >= 0) {
        return m ? L_END : L_DROP;
    }
    if (no_alnum(s, len) || visible_len(s, len) == 0 || is_byline(s, len) ||
        is_dateline(s, len) || is_reading_time(s, len) ||
        is_date_text(s, len)) {
        return L_DROP;
    }
    if ((len >= 2 && memcmp(s, "\xC2\xA9", 2) == 0) ||
        starts_with(s, len, "(c)") || contains_ci(s, len, "rights reserved")) {
        return L_DROP;
    }
    return L_TEXT;
}

/*---- Step 3: blocks and the headline ----*/

static const char *line_ptr(const page *p, size_t i)
{
    return p->norm.ptr + p->lines[i].off;
}

static int make_blocks(page *p)
{
    size_t i = 0;

    p->blocks = sl__calloc(p->line_count + 1, sizeof(block));
    if (p->blocks == NULL) {
        return SL_ENOMEM;
    }
    while (i < p->line_count) {
        if (p->lines[i].kind == L_BLANK) {
            i++;
            continue;
        }
        block *b = &p->blocks[p->block_count++];
        b->first = i;
        for (; i < p->line_count && p->lines[i].kind != L_BLANK; i++) {
            b->count++;
            if (p->lines[i].kind == L_TEXT) {
                if (b->kept == 0) {
                    b->text_line = i;
                } else {
                    b->kept_len++;
                }
                b->kept++;
                b->kept_len += p->lines[i].len;
                b->words += count_words(line_ptr(p, i), p->lines[i].len);
            }
        }
    }
    return SL_OK;
}

static int headline_like(const char *s, size_t len)
{
    size_t words = count_words(s, len);

    if (len < 10 || len > HEADLINE_MAX_BYTES || words < 3 ||
        words > HEADLINE_MAX_WORDS || s[len - 1] == ':' ||
        ends_with_ellipsis(s, len)) {
        return 0;
    }
    return title_case(s, len) || len >= 20;
}

/* Whether block b repeats the text of line l. */
static int block_repeats(const page *p, const block *b, size_t l)
{
    return b->kept == 1 &&
           same_text(line_ptr(p, b->text_line), p->lines[b->text_line].len,
                     line_ptr(p, l), p->lines[l].len);
}

/* Index of the headline block, or p->block_count if there is none. With
 * 'strict', the block must be followed by a body paragraph. */
static size_t find_headline(const page *p, int strict)
{
    size_t seen = 0;

    for (size_t i = 0; i < p->block_count && seen < HEAD_SCAN_BLOCKS; i++) {
        const block *b = &p->blocks[i];
        if (b->kept == 0) {
            continue;
        }
        seen++;
        const char *s = line_ptr(p, b->text_line);
        size_t len = p->lines[b->text_line].len;
        if (b->kept != 1 || !headline_like(s, len)) {
            continue;
        }
        int repeated = 0;
        size_t j = i + 1;
        for (; j < p->block_count; j++) {
            const block *n = &p->blocks[j];
            if (n->kept == 0) {
                continue;
            }
            if (block_repeats(p, n, b->text_line)) {
                repeated = 1;
                continue;
            }
            break;
        }
        if (j == p->block_count) {
            continue;
        }
        /* A line ending like a sentence is a headline only when it is in
         * title case or the page repeats it (a title and an <h1>). */
        if (s[len - 1] == '.' && !repeated && !title_case(s, len)) {
            continue;
        }
        const block *next = &p->blocks[j];
        if (!strict || (next->kept_len >= PARA_MIN_BYTES &&
                        next->words >= PARA_MIN_WORDS)) {
            return i;
        }
    }
    return p->block_count;
}

/* Strong title separators, as meta.c's. */
static const char *const strong_seps[] = {
    " | ", " :: ", " // ", " \xC2\xBB ", " \xC2\xB7 ", NULL,
};

static const char *const weak_seps[] = {
    " - ",
    " \xE2\x80\x93 ",
    " \xE2\x80\x94 ",
    NULL,
};

/* Find the last separator of 'set' in s; returns its offset or len. */
static size_t
last_sep(const char *s, size_t len, const char *const *set, size_t *sep_len)
{
    for (size_t i = len; i-- > 1;) {
        for (size_t k = 0; set[k] != NULL; k++) {
            size_t n = strlen(set[k]);
            if (i + n <= len && memcmp(s + i, set[k], n) == 0) {
                *sep_len = n;
                return i;
            }
        }
    }
    return len;
}

static size_t
first_sep(const char *s, size_t len, const char *const *set, size_t *sep_len)
{
    for (size_t i = 1; i < len; i++) {
        for (size_t k = 0; set[k] != NULL; k++) {
            size_t n = strlen(set[k]);
            if (i + n <= len && memcmp(s + i, set[k], n) == 0) {
                *sep_len = n;
                return i;
            }
        }
    }
    return len;
}

/* Whether a label seen before the headline (a site name) says 's'. */
static int seen_before(const page *p, size_t head, const char *s, size_t len)
{
    for (size_t i = 0; i < head; i++) {
        for (size_t l = p->blocks[i].first;
             l < p->blocks[i].first + p->blocks[i].count; l++) {
            if (same_text(line_ptr(p, l), p->lines[l].len, s, len)) {
                return 1;
            }
        }
    }
    return 0;
}

/* Cut an outlet or section name off the headline: a segment behind a
 * strong separator of four words or fewer that is shorter than the rest
 * ("Headline | Outlet", "Section | Headline"), or a segment behind a dash
 * that the page showed on its own above the headline. */
static int set_title(page *p, size_t head)
{
    size_t l = p->blocks[head].text_line;
    const char *s = line_ptr(p, l);
    size_t len = p->lines[l].len, n = 0, at;

    at = last_sep(s, len, strong_seps, &n);
    if (at < len && count_words(s + at + n, len - at - n) <= 4 &&
        len - at - n < at) {
        len = at;
    }
    at = first_sep(s, len, strong_seps, &n);
    if (at < len && count_words(s, at) <= 4 && at < len - at - n) {
        s += at + n;
        len -= at + n;
    }
    at = last_sep(s, len, weak_seps, &n);
    if (at < len && seen_before(p, head, s + at + n, len - at - n)) {
        len = at;
    }
    return sl__buf_add(&p->title, s, len);
}

/*---- Step 4: the body ----*/

static int push_para(page *p, size_t off, size_t len, int end)
{
    if (p->para_count == p->para_cap) {
        size_t ncap = p->para_cap ? 2 * p->para_cap : 32, bytes;
        para *np;
        if (__builtin_mul_overflow(ncap, sizeof(para), &bytes)) {
            return SL_ELIMIT;
        }
        np = sl__realloc(p->paras, bytes);
        if (np == NULL) {
            return SL_ENOMEM;
        }
        p->paras = np;
        p->para_cap = ncap;
    }
    p->paras[p->para_count].off = off;
    p->paras[p->para_count].len = len;
    p->paras[p->para_count].end = end;
    p->para_count++;
    return SL_OK;
}

/* Paragraphs of the blocks after 'head' (or all blocks when head is
 * block_count), end markers kept as empty entries. */
static int collect_paras(page *p, size_t head)
{
    size_t from = head < p->block_count ? head + 1 : 0;
    size_t hl = head < p->block_count ? p->blocks[head].text_line : 0;
    int rc = SL_OK;

    for (size_t i = from; i < p->block_count && rc == SL_OK; i++) {
        const block *b = &p->blocks[i];
        size_t start = p->body.len;
        if (head < p->block_count && block_repeats(p, b, hl)) {
            continue;
        }
        for (size_t l = b->first; l < b->first + b->count && rc == SL_OK; l++) {
            if (p->lines[l].kind == L_END) {
                if (p->body.len > start) {
                    rc = push_para(p, start, p->body.len - start, 0);
                }
                if (rc == SL_OK) {
                    rc = push_para(p, p->body.len, 0, 1);
                }
                start = p->body.len;
                continue;
            }
            if (p->lines[l].kind != L_TEXT) {
                continue;
            }
            if (p->body.len > start) {
                rc = sl__buf_addc(&p->body, ' ');
            }
            if (rc == SL_OK) {
                rc = sl__buf_add(&p->body, line_ptr(p, l), p->lines[l].len);
            }
        }
        if (rc == SL_OK && p->body.len > start) {
            rc = push_para(p, start, p->body.len - start, 0);
        }
    }
    return rc;
}

static const char *para_ptr(const page *p, size_t i)
{
    return p->body.ptr + p->paras[i].off;
}

/* Cut at the first end marker with more body before it than after;
 * remove the other markers. */
static void cut_at_end_marker(page *p)
{
    size_t total = 0, before = 0, n = 0;

    for (size_t i = 0; i < p->para_count; i++) {
        total += p->paras[i].len;
    }
    for (size_t i = 0; i < p->para_count; i++) {
        if (p->paras[i].end && before > 0 && before >= total - before) {
            p->para_count = i;
            break;
        }
        before += p->paras[i].len;
    }
    for (size_t i = 0; i < p->para_count; i++) {
        if (!p->paras[i].end) {
            p->paras[n++] = p->paras[i];
        }
    }
    p->para_count = n;
}

/* "Jane Doe", "J. R. Smith-Jones": two to four capitalised words, no
 * digits, no sentence punctuation. */
static int name_like(const char *s, size_t len)
{
    size_t words = count_words(s, len);

    if (words < 2 || words > 4 || len > 50) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 0 || s[i - 1] == ' ') {
            if (!((c >= 'A' && c <= 'Z') || c >= 0xC3)) {
                return 0;
            }
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     c >= 0x80 || c == ' ' || c == '.' || c == '-' ||
                     c == '\'')) {
            return 0;
        }
    }
    return 1;
}

/* Cues of a biography in an author box. */
static int bio_like(const char *s, size_t len)
{
    static const char *const cues[] = {
        "journalist", "reporter",  "correspondent", "writer",
        "editor",     "columnist", "contributor",   "i cover",
        " covers ",   "is a ",     "is an ",        "has written",
        "has been ",  "graduate ", "author of",     NULL,
    };

    if (len > 400) {
        return 0;
    }
    for (size_t i = 0; cues[i] != NULL; i++) {
        if (contains_ci(s, len, cues[i])) {
            return 1;
        }
    }
    return 0;
}

static void drop_author_box(page *p)
{
    size_t n = p->para_count;

    for (size_t i = n >= 3 ? n - 3 : 1; i + 1 < n; i++) {
        if (i == 0 || !name_like(para_ptr(p, i), p->paras[i].len) ||
            !bio_like(para_ptr(p, i + 1), p->paras[i + 1].len)) {
            continue;
        }
        if (i + 2 < n && p->paras[i + 2].len > 400) {
            continue;
        }
        p->para_count = i;
        return;
    }
}

static int label_like(const char *s, size_t len)
{
    return count_words(s, len) <= 4 && len <= 40 && !ends_sentence(s, len);
}

static void trim_edges(page *p)
{
    int changed = 1;

    while (changed && p->para_count > 1) {
        size_t last = p->para_count - 1;
        const char *s = para_ptr(p, last);
        size_t len = p->paras[last].len;
        changed = 0;
        if (label_like(s, len) ||
            (len <= SHORT_LINE_BYTES && ends_with_ellipsis(s, len))) {
            p->para_count--;
            changed = 1;
            continue;
        }
        size_t before = p->para_count;
        drop_author_box(p);
        changed = p->para_count != before;
    }
    size_t skip = 0;
    while (skip + 1 < p->para_count &&
           count_words(para_ptr(p, skip), p->paras[skip].len) <= 3 &&
           label_like(para_ptr(p, skip), p->paras[skip].len)) {
        skip++;
    }
    if (skip > 0) {
        memmove(p->paras, p->paras + skip,
                (p->para_count - skip) * sizeof(para));
        p->para_count -= skip;
    }
}

static int join_paras(page *p)
{
    int rc = SL_OK;

    for (size_t i = 0; i < p->para_count && rc == SL_OK; i++) {
        if (i > 0) {
            rc = sl__buf_add(&p->out, "\n\n", 2);
        }
        if (rc == SL_OK) {
            rc = sl__buf_add(&p->out, para_ptr(p, i), p->paras[i].len);
        }
    }
    return rc;
}

/*---- Step 5: the publication date ----*/

/* The longest run of one to DATE_MAX_WORDS words of s that is a date,
 * earliest first; copied to p->published. */
static int date_in_line(page *p, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && s[i - 1] != ' ') {
            continue;
        }
        size_t ends[DATE_MAX_WORDS], count = 0;
        for (size_t j = i; j <= len && count < DATE_MAX_WORDS; j++) {
            if (j == len || s[j] == ' ') {
                ends[count++] = j;
            }
        }
        while (count-- > 0) {
            size_t n = ends[count] - i;
            if (n > 0 && is_date_text(s + i, n)) {
                size_t a = i;
                /* sl_date_parse() skips punctuation around a date; so
                 * does the copy ("| 3 May 2021" gives "3 May 2021"). */
                while (n > 0 && (unsigned char)s[a] < 0x80 &&
                       !is_digit((unsigned char)s[a]) &&
                       !((s[a] | 0x20) >= 'a' && (s[a] | 0x20) <= 'z')) {
                    a++;
                    n--;
                }
                while (n > 0 && strchr(" ,.;|)]", s[a + n - 1]) != NULL) {
                    n--;
                }
                memcpy(p->published, s + a, n);
                p->published[n] = '\0';
                return 1;
            }
        }
    }
    return 0;
}

static int is_update_line(const char *s, size_t len)
{
    return starts_with(s, len, "updated") ||
           starts_with(s, len, "last updated") ||
           starts_with(s, len, "modified") ||
           starts_with(s, len, "last modified");
}

static int date_scan(page *p, size_t head_line, int updates)
{
    size_t seen = 0;

    for (size_t i = 0; i < p->line_count && seen < DATE_SCAN_LINES; i++) {
        const char *s = line_ptr(p, i);
        size_t len = p->lines[i].len;
        if (p->lines[i].kind == L_BLANK) {
            continue;
        }
        seen++;
        if (i != head_line && len <= SHORT_LINE_BYTES &&
            is_update_line(s, len) == updates && date_in_line(p, s, len)) {
            return 1;
        }
    }
    seen = 0;
    for (size_t i = p->line_count; i-- > 0 && seen < DATE_SCAN_LINES;) {
        const char *s = line_ptr(p, i);
        size_t len = p->lines[i].len;
        if (p->lines[i].kind == L_BLANK) {
            continue;
        }
        seen++;
        if (i != head_line && len <= SHORT_LINE_BYTES &&
            is_update_line(s, len) == updates && date_in_line(p, s, len)) {
            return 1;
        }
    }
    return 0;
}

static void find_published(page *p, size_t head)
{
    size_t hl =
        head < p->block_count ? p->blocks[head].text_line : p->line_count;

    if (!date_scan(p, hl, 0)) {
        (void)date_scan(p, hl, 1);
    }
}

/*---- Entry point ----*/

static void page_dispose(page *p)
{
    sl__buf_dispose(&p->raw);
    sl__buf_dispose(&p->norm);
    sl__buf_dispose(&p->body);
    sl__buf_dispose(&p->out);
    sl__buf_dispose(&p->title);
    sl__free(p->lines);
    sl__free(p->blocks);
    sl__free(p->paras);
}

int sl_text_read(const char *data,
                 size_t len,
                 const char *path,
                 const sl_ingest_options *opts)
{
    page p;
    size_t max, cap, head;
    const char *where = path != NULL ? path : "-";
    sl_doc d = { 0 };
    int rc;

    if (opts == NULL || opts->on_doc == NULL || (data == NULL && len > 0)) {
        return SL_EINVAL;
    }
    max = opts->max_record_bytes ? opts->max_record_bytes
                                 : TEXT_DEFAULT_MAX_BYTES;
    if (len > max) {
        if (opts->on_error != NULL) {
            opts->on_error(where, "page exceeds the record size cap",
                           opts->payload);
        }
        return SL_ELIMIT;
    }
    /* Repair turns one stray byte into at most three. */
    if (__builtin_mul_overflow(len, (size_t)3, &cap) ||
        __builtin_add_overflow(cap, (size_t)16, &cap)) {
        return SL_ELIMIT;
    }
    memset(&p, 0, sizeof(p));
    sl__buf_init(&p.raw, cap);
    sl__buf_init(&p.norm, cap);
    sl__buf_init(&p.body, cap);
    sl__buf_init(&p.out, cap);
    sl__buf_init(&p.title, HEADLINE_MAX_BYTES + 1);

    rc = len > 0 ? sl__utf8_repair(&p.raw, data, len) : SL_OK;
    if (rc == SL_OK) {
        rc = normalise(&p);
    }
    if (rc != SL_OK) {
        goto out;
    }
    for (size_t i = 0; i < p.line_count; i++) {
        p.lines[i].kind = classify(line_ptr(&p, i), p.lines[i].len);
    }
    rc = make_blocks(&p);
    if (rc != SL_OK) {
        goto out;
    }
    head = find_headline(&p, 1);
    if (head == p.block_count) {
        head = find_headline(&p, 0);
    }
    if (head < p.block_count) {
        rc = set_title(&p, head);
    }
    if (rc == SL_OK) {
        rc = collect_paras(&p, head);
    }
    if (rc != SL_OK) {
        goto out;
    }
    cut_at_end_marker(&p);
    trim_edges(&p);
    rc = join_paras(&p);
    if (rc != SL_OK) {
        goto out;
    }
    if (p.out.len == 0) {
        if (opts->on_error != NULL) {
            opts->on_error(where, "no text found", opts->payload);
        }
        rc = SL_EINVAL;
        goto out;
    }
    find_published(&p, head);

    d.kind = SL_DOC_TEXT;
    d.path = path;
    d.where = where;
    d.title = p.title.len > 0 ? p.title.ptr : NULL;
    d.text = p.out.ptr;
    d.published = p.published[0] != '\0' ? p.published : NULL;
    rc = opts->on_doc(&d, opts->payload);
out:
    page_dispose(&p);
    return rc;
}
