/*
 * jsonl.c - JSON Lines articles (own field names and news-please's).
 *
 * Each line of the input is one JSON object (jsonlines.org); each object
 * becomes one SL_DOC_TEXT document. Lines end with LF or CRLF; the last
 * one may have no end; blank lines are skipped; a UTF-8 byte order mark
 * at the start is ignored. Lines are parsed one at a time with jansson's
 * json_loadb() straight from the input buffer, so the work is linear in
 * the input and memory is bounded by one parsed line.
 *
 * Keys read, own name first, then the fallback used by news-please
 * (github.com/fhamborg/news-please, its JSON output) and other dumps:
 *
 *   id           ext_id       string, or a number written as text
 *   title        title
 *   text         text         fallback maintext
 *   published    published    fallback date_publish (string or number)
 *   source       source       fallback source_domain
 *   url          url
 *   authors      authors      array of strings or one string; fallback
 *                             author
 *   lang         lang         fallback language
 *   description  description
 *
 * Any other key (filename, localpath, image_url ...) is ignored. A value
 * of the wrong type, null or "" counts as absent, and then the fallback
 * is tried. jansson checks that strings are valid UTF-8; a string with
 * \u0000 escapes is passed on with the NULs removed, so every string
 * handed over is NUL-terminated UTF-8.
 *
 * A line that is not JSON, not an object, over max_record_bytes, or has
 * neither a text nor a title is reported as "FILE:LINE" and skipped.
 *
 * Exports sl_jsonl_read() (storyline/ingest.h). Reference: RFC 8259
 * (JSON), jsonlines.org.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Author names kept per article; the rest of a longer list is dropped. */
#define MAX_AUTHORS 256

/* The string fields of a document; each has its own scratch buffer for
 * the rare value that needs a copy (NULs removed, a number as text). */
enum {
    F_ID,
    F_TITLE,
    F_TEXT,
    F_PUBLISHED,
    F_SOURCE,
    F_URL,
    F_LANG,
    F_DESCRIPTION,
    F_COUNT
};

typedef struct jsonl {
    const char *path;
    const sl_ingest_options *opts;
    size_t max; /* max_record_bytes */
    sl_buf where;
    sl_buf scratch[F_COUNT];
    sl_buf names;          /* copied author names, NUL-separated */
    const char **authors;  /* MAX_AUTHORS slots */
    size_t *author_offset; /* into 'names', or SIZE_MAX when borrowed */
    char msg[256];
} jsonl;

/* Copy 's' without its NUL bytes into 'b'; returns the copy or NULL. */
static const char *strip_nuls(sl_buf *b, const char *s, size_t len)
{
    sl__buf_reset(b);
    for (size_t i = 0; i < len;) {
        const char *z = memchr(s + i, '\0', len - i);
        size_t n = z != NULL ? (size_t)(z - (s + i)) : len - i;
        if (sl__buf_add(b, s + i, n) < 0) {
            return NULL;
        }
        i += n + (z != NULL);
    }
    if (b->ptr == NULL && sl__buf_add(b, "", 0) < 0) {
        return NULL;
    }
    return b->ptr;
}

/* The value of 'key' as a string: NULL when absent, not a string (or a
 * number, when 'numbers' is set), or empty. Sets *rc on out of memory. */
static const char *get_str(jsonl *j,
                           const json_t *obj,
                           const char *key,
                           int field,
                           int numbers,
                           int *rc)
{
    json_t *v = json_object_get(obj, key);
    sl_buf *b = &j->scratch[field];

    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (len == 0) {
            return NULL;
        }
        if (strlen(s) == len) {
            return s;
        }
        s = strip_nuls(b, s, len);
        if (s == NULL) {
            *rc = SL_ENOMEM;
        }
        return s != NULL && *s != '\0' ? s : NULL;
    }
    if (numbers && json_is_number(v)) {
        int prc;
        sl__buf_reset(b);
        if (json_is_integer(v)) {
            prc = sl__buf_printf(b, "%lld", (long long)json_integer_value(v));
        } else {
            prc = sl__buf_printf(b, "%.17g", json_real_value(v));
        }
        if (prc < 0) {
            *rc = prc;
            return NULL;
        }
        return b->ptr;
    }
    return NULL;
}

/* Own name first, then the fallback. */
static const char *get_either(jsonl *j,
                              const json_t *obj,
                              const char *key,
                              const char *alt,
                              int field,
                              int numbers,
                              int *rc)
{
    const char *s = get_str(j, obj, key, field, numbers, rc);

    if (s == NULL && *rc == SL_OK && alt != NULL) {
        s = get_str(j, obj, alt, field, numbers, rc);
    }
    return s;
}

static int add_author(jsonl *j, const json_t *v, size_t *count)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);

    if (s == NULL || len == 0 || *count >= MAX_AUTHORS) {
        return SL_OK;
    }
    if (strlen(s) == len) {
        j->authors[*count] = s;
        j->author_offset[*count] = SIZE_MAX;
    } else {
        /* Copy without NULs; the pointer is set once 'names' stops
         * moving. */
        size_t at = j->names.len;
        for (size_t i = 0; i < len; i++) {
            if (s[i] != '\0' && sl__buf_addc(&j->names, s[i]) < 0) {
                return SL_ENOMEM;
            }
        }
        if (j->names.len == at) {
            return SL_OK;
        }
        if (sl__buf_addc(&j->names, '\0') < 0) {
            return SL_ENOMEM;
        }
        j->author_offset[*count] = at;
    }
    (*count)++;
    return SL_OK;
}

/* authors: an array of strings or one string; fallback "author". */
static int get_authors(jsonl *j, const json_t *obj, size_t *count)
{
    static const char *const keys[] = { "authors", "author" };
    int rc = SL_OK;

    *count = 0;
    sl__buf_reset(&j->names);
    for (size_t k = 0; k < 2 && *count == 0 && rc == SL_OK; k++) {
        json_t *v = json_object_get(obj, keys[k]);
        if (json_is_array(v)) {
            for (size_t i = 0; i < json_array_size(v) && rc == SL_OK; i++) {
                json_t *a = json_array_get(v, i);
                if (json_is_string(a)) {
                    rc = add_author(j, a, count);
                }
            }
        } else if (json_is_string(v)) {
            rc = add_author(j, v, count);
        }
    }
    for (size_t i = 0; i < *count; i++) {
        if (j->author_offset[i] != SIZE_MAX) {
            j->authors[i] = j->names.ptr + j->author_offset[i];
        }
    }
    return rc;
}

static int set_where(jsonl *j, size_t line_no)
{
    sl__buf_reset(&j->where);
    return sl__buf_printf(&j->where, "%s:%zu", j->path, line_no);
}

static int report(jsonl *j, size_t line_no, const char *msg)
{
    int rc;

    if (j->opts->on_error == NULL) {
        return SL_OK;
    }
    rc = set_where(j, line_no);
    if (rc == SL_OK) {
        j->opts->on_error(j->where.ptr, msg, j->opts->payload);
    }
    return rc;
}

/* jansson's message may quote input bytes: keep printable ASCII. */
static void copy_printable(char *dst, size_t cap, const char *src)
{
    size_t n = 0;

    for (; *src != '\0' && n + 1 < cap; src++) {
        dst[n++] = *src >= 0x20 && *src < 0x7f ? *src : '?';
    }
    dst[n] = '\0';
}

/* Parse one line (no line end) and hand its document over. Returns SL_OK,
 * SL_ENOMEM or the callback's non-zero value. */
static int read_line(jsonl *j, const char *s, size_t len, size_t line_no)
{
    json_error_t err;
    json_t *obj = NULL;
    sl_doc doc;
    int rc = SL_OK;

    if (len > j->max) {
        snprintf(j->msg, sizeof(j->msg),
                 "line of %zu bytes over the "
                 "%zu-byte cap",
                 len, j->max);
        return report(j, line_no, j->msg);
    }
    obj = json_loadb(s, len, JSON_ALLOW_NUL, &err);
    if (obj == NULL) {
        char text[JSON_ERROR_TEXT_LENGTH];
        copy_printable(text, sizeof(text), err.text);
        snprintf(j->msg, sizeof(j->msg), "invalid JSON at column %d: %s",
                 err.column, text);
        return report(j, line_no, j->msg);
    }
    if (!json_is_object(obj)) {
        rc = report(j, line_no, "not a JSON object");
        goto out;
    }
    memset(&doc, 0, sizeof(doc));
    doc.kind = SL_DOC_TEXT;
    doc.path = j->path;
    doc.ext_id = get_str(j, obj, "id", F_ID, 1, &rc);
    doc.title = get_str(j, obj, "title", F_TITLE, 0, &rc);
    doc.text = get_either(j, obj, "text", "maintext", F_TEXT, 0, &rc);
    doc.published =
        get_either(j, obj, "published", "date_publish", F_PUBLISHED, 1, &rc);
    doc.source =
        get_either(j, obj, "source", "source_domain", F_SOURCE, 0, &rc);
    doc.url = get_str(j, obj, "url", F_URL, 0, &rc);
    doc.lang = get_either(j, obj, "lang", "language", F_LANG, 0, &rc);
    doc.description = get_str(j, obj, "description", F_DESCRIPTION, 0, &rc);
    if (rc == SL_OK) {
        rc = get_authors(j, obj, &doc.author_count);
    }
    if (rc != SL_OK) {
        goto out;
    }
    doc.authors = doc.author_count > 0 ? j->authors : NULL;
    if (doc.text == NULL && doc.title == NULL) {
        rc = report(j, line_no, "no text or title");
        goto out;
    }
    rc = set_where(j, line_no);
    if (rc != SL_OK) {
        goto out;
    }
    doc.where = j->where.ptr;
    rc = j->opts->on_doc(&doc, j->opts->payload);
out:
    json_decref(obj);
    return rc;
}

int sl_jsonl_read(const char *data,
                  size_t len,
                  const char *path,
                  const sl_ingest_options *opts)
{
    jsonl j;
    const char *p = data, *end = data + len;
    size_t line_no = 0;
    int rc = SL_OK;

    if (opts == NULL || opts->on_doc == NULL || path == NULL ||
        (data == NULL && len > 0)) {
        return SL_EINVAL;
    }
    memset(&j, 0, sizeof(j));
    j.path = path;
    j.opts = opts;
    j.max = opts->max_record_bytes ? opts->max_record_bytes
                                   : SL_EXTRACT_DEFAULT_MAX_BYTES;
    sl__buf_init(&j.where, 0);
    sl__buf_init(&j.names, 0);
    for (int f = 0; f < F_COUNT; f++) {
        sl__buf_init(&j.scratch[f], 0);
    }
    j.authors = sl__calloc(MAX_AUTHORS, sizeof(*j.authors));
    j.author_offset = sl__calloc(MAX_AUTHORS, sizeof(*j.author_offset));
    if (j.authors == NULL || j.author_offset == NULL) {
        rc = SL_ENOMEM;
        goto out;
    }
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl != NULL ? nl : end;
        const char *q = p;
        line_no++;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r')) {
            q++;
        }
        if (q < eol) {
            size_t n = (size_t)(eol - p);
            if (eol[-1] == '\r') {
                n--;
            }
            rc = read_line(&j, p, n, line_no);
            if (rc != SL_OK) {
                break;
            }
        }
        p = nl != NULL ? nl + 1 : end;
    }
out:
    sl__free(j.authors);
    sl__free(j.author_offset);
    for (int f = 0; f < F_COUNT; f++) {
        sl__buf_dispose(&j.scratch[f]);
    }
    sl__buf_dispose(&j.names);
    sl__buf_dispose(&j.where);
    return rc;
}
