/*
 * warc.c - streaming WARC reader (ISO 28500, WARC/1.0 and 1.1).
 *
 * A WARC file is a sequence of records, each a version line, header
 * lines up to an empty line, a block of exactly Content-Length bytes and
 * a CRLF CRLF trailer (ISO 28500:2017 section 4). The reader pulls bytes
 * through a 64 KiB window, inflating on the way when the file is gzip
 * (one member per record as Common Crawl writes it, or one for the whole
 * file), so memory stays bounded by the largest record kept: only the
 * blocks of `response` and `resource` records are buffered, up to
 * max_record_bytes; every other block is skipped as it streams by.
 *
 * A `response` record whose block is an HTTP message (RFC 9112) with a
 * 2xx status and an HTML media type (or none) becomes an SL_DOC_HTML
 * document; its body is de-chunked and gunzipped/inflated first when the
 * headers say so. A `resource` record (a page archived without its HTTP
 * envelope) with an HTML Content-Type becomes one too. The charset named
 * by the HTTP Content-Type is not passed on: sl_doc has no field for it
 * and the extractor sniffs the page itself (<meta charset>, BOM, bytes).
 *
 * Errors. A record that breaks the grammar (version line, missing or bad
 * Content-Length, block cut short, missing trailer, bad HTTP) is reported
 * as "FILE@OFFSET", OFFSET being the record's first byte in the
 * decompressed stream; the reader then drops bytes up to the next line
 * that starts with "WARC/1." and goes on. Each step consumes input, so
 * the loop ends on any bytes. A corrupt gzip member is reported as well;
 * inflation resumes at the next gzip member header (1f 8b 08), and reads
 * stop at that gap so that the damaged record does not swallow the next.
 *
 * Exports sl_warc_read_file() (storyline/ingest.h) and
 * sl__warc_read_mem() (warc.h).
 *
 * References: ISO 28500:2017, "The WARC File Format 1.1"
 * (iipc.github.io/warc-specifications); RFC 9112 sections 4, 6 and 7.1
 * (status line, message body, chunked coding); RFC 1952 (gzip); W3C
 * "Date and Time Formats" (the WARC-Date profile of ISO 8601).
 */
#include "warc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <zlib.h>

#include "storyline/extract.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#define WIN_SIZE ((size_t)64 * 1024)
#define RAW_SIZE ((size_t)64 * 1024)
/* Cap on a record's header block: real ones are well under 4 KiB. */
#define MAX_HEADER_BYTES ((size_t)256 * 1024)

/*---- Byte source: file or memory, plain or gzip ----*/

typedef struct reader {
    FILE *f; /* file source, or NULL for memory */
    const unsigned char *mem;
    size_t mem_len;
    size_t mem_pos;
    int gzip;      /* the stream is gzip: raw bytes go through inflate */
    int z_live;    /* inflateInit2() succeeded */
    int in_member; /* inside a gzip member */
    int z_skip;    /* after corrupt data: looking for the next member */
    int brk;       /* a gap in the stream: reads stop until it is cleared */
    int src_eof;   /* no more input */
    int rc;        /* sticky failure: SL_EIO or SL_ENOMEM */
    int seekable;  /* plain regular file: skip blocks with fseeko() */
    uint64_t size; /* its size */
    z_stream zs;
    unsigned char *raw; /* gzip input, RAW_SIZE bytes */
    unsigned char *win; /* decompressed window, WIN_SIZE bytes */
    size_t lo, hi;      /* unread bytes are win[lo..hi) */
    uint64_t pos;       /* stream offset of win[lo] */
} reader;

static size_t raw_read(reader *r, unsigned char *buf, size_t n)
{
    size_t got;

    if (r->f != NULL) {
        got = fread(buf, 1, n, r->f);
        if (got < n && ferror(r->f)) {
            r->rc = SL_EIO;
        }
    } else {
        got = r->mem_len - r->mem_pos;
        if (got > n) {
            got = n;
        }
        if (got > 0) {
            memcpy(buf, r->mem + r->mem_pos, got);
        }
        r->mem_pos += got;
    }
    return got;
}

/* After corrupt gzip data: drop raw bytes up to the next member header
 * (1f 8b 08, RFC 1952 section 2.3.1). Keeps a partial match that straddles
 * two reads. */
static void gz_seek_member(reader *r)
{
    unsigned char *p = r->zs.next_in, *end = p + r->zs.avail_in;

    while (p < end) {
        unsigned char *q = memchr(p, 0x1f, (size_t)(end - p));
        if (q == NULL) {
            break;
        }
        if (end - q < 3) {
            size_t keep = (size_t)(end - q), n;
            memmove(r->raw, q, keep);
            n = raw_read(r, r->raw + keep, RAW_SIZE - keep);
            if (n == 0) {
                r->src_eof = 1;
                break;
            }
            p = r->raw;
            end = r->raw + keep + n;
            continue;
        }
        if (q[1] == 0x8b && q[2] == 0x08) {
            r->zs.next_in = q;
            r->zs.avail_in = (uInt)(end - q);
            r->z_skip = 0;
            return;
        }
        p = q + 1;
    }
    r->zs.avail_in = 0;
}

/* Inflate into out[0..cap); returns the number of bytes made, 0 only at
 * the end, at a gap (r->brk) or on failure (r->rc). */
static size_t gz_read(reader *r, unsigned char *out, size_t cap)
{
    r->zs.next_out = out;
    r->zs.avail_out = (uInt)cap;
    while (r->zs.avail_out == cap && r->rc == SL_OK && !r->src_eof && !r->brk) {
        if (r->zs.avail_in == 0) {
            size_t n = raw_read(r, r->raw, RAW_SIZE);
            if (n == 0) {
                r->src_eof = 1;
                break;
            }
            r->zs.next_in = r->raw;
            r->zs.avail_in = (uInt)n;
        }
        if (r->z_skip) {
            gz_seek_member(r);
            continue;
        }
        if (!r->in_member) {
            /* Zero bytes between or after members are padding. */
            if (*r->zs.next_in == 0) {
                r->zs.next_in++;
                r->zs.avail_in--;
                continue;
            }
            r->in_member = 1;
        }
        int zrc = inflate(&r->zs, Z_NO_FLUSH);
        if (zrc == Z_STREAM_END) {
            inflateReset(&r->zs);
            r->in_member = 0;
        } else if (zrc == Z_MEM_ERROR) {
            r->rc = SL_ENOMEM;
        } else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
            /* Skip one byte so that a bad header at next_in is not found
             * again by gz_seek_member(). */
            if (r->zs.avail_in > 0) {
                r->zs.next_in++;
                r->zs.avail_in--;
            }
            inflateReset(&r->zs);
            r->in_member = 0;
            r->z_skip = 1;
            r->brk = 1;
        }
    }
    return cap - r->zs.avail_out;
}

/* Make at least 'want' (<= WIN_SIZE) bytes available at win[lo] if the
 * stream has them before its end or the next gap; returns how many are. */
static size_t need(reader *r, size_t want)
{
    while (r->hi - r->lo < want && !r->src_eof && !r->brk && r->rc == SL_OK) {
        size_t n;
        if (r->lo > 0) {
            memmove(r->win, r->win + r->lo, r->hi - r->lo);
            r->hi -= r->lo;
            r->lo = 0;
        }
        if (r->gzip) {
            n = gz_read(r, r->win + r->hi, WIN_SIZE - r->hi);
        } else {
            n = raw_read(r, r->win + r->hi, WIN_SIZE - r->hi);
            if (n == 0) {
                r->src_eof = 1;
            }
        }
        r->hi += n;
    }
    return r->hi - r->lo;
}

static void consume(reader *r, size_t n)
{
    r->lo += n;
    r->pos += n;
}

/* Set up 'r' on a file or a buffer and tell plain from gzip. */
static int reader_open(reader *r, FILE *f, const char *data, size_t len)
{
    size_t n;

    memset(r, 0, sizeof(*r));
    r->f = f;
    r->mem = (const unsigned char *)data;
    r->mem_len = len;
    r->raw = sl__malloc(RAW_SIZE);
    r->win = sl__malloc(WIN_SIZE);
    if (r->raw == NULL || r->win == NULL) {
        return SL_ENOMEM;
    }
    n = raw_read(r, r->raw, RAW_SIZE);
    if (r->rc < 0) {
        return r->rc;
    }
    if (n >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b) {
        /* 16 + MAX_WBITS: gzip wrapper; inflateReset() keeps it. */
        if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK) {
            return SL_ENOMEM;
        }
        r->z_live = 1;
        r->gzip = 1;
        r->zs.next_in = r->raw;
        r->zs.avail_in = (uInt)n;
    } else {
        struct stat st;
        memcpy(r->win, r->raw, n);
        r->hi = n;
        r->src_eof = n == 0;
        if (f != NULL && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_size > 0) {
            r->seekable = 1;
            r->size = (uint64_t)st.st_size;
        }
    }
    return SL_OK;
}

static void reader_close(reader *r)
{
    if (r->z_live) {
        inflateEnd(&r->zs);
    }
    sl__free(r->raw);
    sl__free(r->win);
}

/* Append the next line, '\n' included, to 'out'. Returns 1 for a whole
 * line, 0 when the stream ended (or reached a gap) first, with the partial
 * line appended, or a negative code (SL_ELIMIT when 'out' is full). */
static int read_line(reader *r, sl_buf *out)
{
    for (;;) {
        size_t avail = need(r, 1);
        if (avail == 0) {
            return r->rc;
        }
        unsigned char *s = r->win + r->lo;
        unsigned char *nl = memchr(s, '\n', avail);
        size_t n = nl != NULL ? (size_t)(nl - s) + 1 : avail;
        int rc = sl__buf_add(out, s, n);
        if (rc < 0) {
            return rc;
        }
        consume(r, n);
        if (nl != NULL) {
            return 1;
        }
    }
}

/* Append up to 'n' bytes to 'out'; returns how many were read (fewer at
 * the end of the stream or a gap). The caller checked the cap. */
static uint64_t read_block(reader *r, sl_buf *out, uint64_t n, int *rc)
{
    uint64_t done = 0;

    *rc = SL_OK;
    while (done < n) {
        size_t avail = need(r, 1);
        if (avail == 0) {
            break;
        }
        if (avail > n - done) {
            avail = (size_t)(n - done);
        }
        *rc = sl__buf_add(out, r->win + r->lo, avail);
        if (*rc < 0) {
            break;
        }
        consume(r, avail);
        done += avail;
    }
    return done;
}

static uint64_t skip_bytes(reader *r, uint64_t n)
{
    uint64_t done = 0;

    while (done < n) {
        if (r->seekable && r->lo == r->hi && n - done > WIN_SIZE) {
            /* The window is empty: the file position is the stream's. */
            off_t here = ftello(r->f);
            uint64_t step = n - done;
            if (here >= 0 && (uint64_t)here >= r->size) {
                break;
            }
            if (here >= 0 && step > r->size - (uint64_t)here) {
                step = r->size - (uint64_t)here;
            }
            if (here >= 0 && fseeko(r->f, (off_t)step, SEEK_CUR) == 0) {
                r->pos += step;
                done += step;
                continue;
            }
            r->seekable = 0;
        }
        size_t avail = need(r, 1);
        if (avail == 0) {
            break;
        }
        if (avail > n - done) {
            avail = (size_t)(n - done);
        }
        consume(r, avail);
        done += avail;
    }
    return done;
}

/* Drop bytes up to the next line that starts with "WARC/1.", the end of
 * the stream or a gap. 'line_start' says whether the current position
 * starts a line. */
static void resync(reader *r, int line_start)
{
    for (;;) {
        size_t avail = need(r, 7);
        const unsigned char *s = r->win + r->lo, *nl;
        if (avail == 0) {
            return;
        }
        if (line_start && avail >= 7 && memcmp(s, "WARC/1.", 7) == 0) {
            return;
        }
        /* Look for the next line start past the current byte. */
        nl = memchr(s, '\n', avail);
        if (nl != NULL) {
            consume(r, (size_t)(nl - s) + 1);
            line_start = 1;
        } else {
            consume(r, avail);
            line_start = 0;
        }
    }
}

/*---- Small parsers ----*/

typedef struct slice {
    const char *ptr;
    size_t len;
} slice;

static int ci_eq(slice s, const char *w)
{
    size_t n = strlen(w);

    if (s.len != n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s.ptr[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if (c != w[i]) {
            return 0;
        }
    }
    return 1;
}

static int ci_prefix(slice s, const char *w)
{
    size_t n = strlen(w);

    if (s.len < n) {
        return 0;
    }
    return ci_eq((slice){ s.ptr, n }, w);
}

static slice trim(slice s)
{
    while (s.len > 0 && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 &&
           (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
            s.ptr[s.len - 1] == '\r' || s.ptr[s.len - 1] == '\n')) {
        s.len--;
    }
    return s;
}

/* Content-Length: 1*DIGIT, no sign. */
static int parse_length(uint64_t *out, slice s)
{
    uint64_t v = 0;

    if (s.len == 0) {
        return -1;
    }
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9') {
            return -1;
        }
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, (uint64_t)(s.ptr[i] - '0'), &v)) {
            return -1;
        }
    }
    *out = v;
    return 0;
}

static int digits(const char *s, size_t len, size_t at, size_t n, int *out)
{
    int v = 0;

    if (at + n > len) {
        return -1;
    }
    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30,
                                             31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return mdays[m - 1] + (m == 2 && leap);
}

/* WARC-Date, W3C-ISO8601: YYYY-MM-DDThh:mm:ssZ, with optional fractional
 * seconds (WARC 1.1); the shorter W3C forms (YYYY, YYYY-MM, YYYY-MM-DD)
 * and +hh:mm offsets are read too. Returns ms UTC, or 0 (unknown) when
 * the value is not such a date. */
static int64_t parse_date(slice v)
{
    const char *s = v.ptr;
    size_t len = v.len, i = 4;
    int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0, off_min = 0;

    if (digits(s, len, 0, 4, &y) < 0) {
        return 0;
    }
    if (i < len && s[i] == '-') {
        if (digits(s, len, i + 1, 2, &mo) < 0) {
            return 0;
        }
        i += 3;
        if (i < len && s[i] == '-') {
            if (digits(s, len, i + 1, 2, &d) < 0) {
                return 0;
            }
            i += 3;
        }
    }
    if (i < len && (s[i] == 'T' || s[i] == 't')) {
        if (digits(s, len, i + 1, 2, &h) < 0 || i + 3 >= len ||
            s[i + 3] != ':' || digits(s, len, i + 4, 2, &mi) < 0) {
            return 0;
        }
        i += 6;
        if (i < len && s[i] == ':') {
            if (digits(s, len, i + 1, 2, &sec) < 0) {
                return 0;
            }
            i += 3;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                int scale = 100;
                if (i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9') {
                    return 0;
                }
                for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
                    ms += (s[i] - '0') * scale;
                    scale /= 10;
                }
            }
        }
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
            if (digits(s, len, i + 1, 2, &oh) < 0) {
                return 0;
            }
            i += 3;
            if (i < len && s[i] == ':') {
                i++;
            }
            if (digits(s, len, i, 2, &om) == 0) {
                i += 2;
            }
            if (oh > 23 || om > 59) {
                return 0;
            }
            off_min = sign * (oh * 60 + om);
        }
    }
    if (i != len || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || sec > 60) {
        return 0;
    }
    int64_t t = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi - off_min;
    return (t * 60 + sec) * 1000 + ms;
}

/*---- Records ----*/

typedef struct warc {
    reader r;
    const char *path;
    const sl_ingest_options *opts;
    size_t max; /* max_record_bytes */
    int rc;     /* what to return: a failure or the callback's value */
    int oom;    /* a report could not be made: out of memory */
    sl_buf hdr; /* the record's header block */
    sl_buf blk; /* the record's block */
    sl_buf dec; /* de-chunked HTTP body */
    sl_buf inf; /* inflated HTTP body */
    sl_buf url; /* WARC-Target-URI, repaired UTF-8 */
    sl_buf where;
    char msg[512];
} warc;

enum { REC_OK, REC_BAD, REC_STOP };

/* The header fields the reader uses. */
typedef struct record {
    uint64_t offset;
    slice type, uri, date, length, ctype;
    int have_length;
} record;

static void report(warc *w, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(warc *w, uint64_t offset, const char *fmt, ...)
{
    va_list ap;

    if (w->opts->on_error == NULL) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
    va_end(ap);
    sl__buf_reset(&w->where);
    if (sl__buf_printf(&w->where, "%s@%llu", w->path,
                       (unsigned long long)offset) < 0) {
        w->oom = 1;
        return;
    }
    w->opts->on_error(w->where.ptr, w->msg, w->opts->payload);
}

/* A header value fit for a message: printable ASCII, at most 40 bytes. */
static const char *shown(char *dst, size_t cap, slice s)
{
    size_t n = 0;

    for (size_t i = 0; i < s.len && n + 1 < cap && n < 40; i++) {
        char c = s.ptr[i];
        dst[n++] = c >= 0x20 && c < 0x7f ? c : '?';
    }
    dst[n] = '\0';
    return dst;
}

/* Read the version line and header lines of the record at the current
 * position into w->hdr and pick out the fields in 'rec'. */
static int read_header(warc *w, record *rec)
{
    const char *p, *end;
    int rc;

    sl__buf_reset(&w->hdr);
    rc = read_line(&w->r, &w->hdr);
    if (rc < 0 && rc != SL_ELIMIT) {
        w->rc = rc;
        return REC_STOP;
    }
    slice v = trim((slice){ w->hdr.ptr, w->hdr.len });
    int ok = v.len > 7 && memcmp(v.ptr, "WARC/1.", 7) == 0;
    for (size_t i = 7; ok && i < v.len; i++) {
        ok = v.ptr[i] >= '0' && v.ptr[i] <= '9';
    }
    if (!ok) {
        report(w, rec->offset,
               "not a WARC record: expected a WARC/1.0 or "
               "WARC/1.1 version line");
        return REC_BAD;
    }
    /* Header lines up to the empty line. */
    size_t start = w->hdr.len;
    for (;;) {
        size_t line_at = w->hdr.len;
        rc = read_line(&w->r, &w->hdr);
        if (rc == SL_ELIMIT) {
            report(w, rec->offset, "WARC header block over %zu bytes",
                   (size_t)MAX_HEADER_BYTES);
            return REC_BAD;
        }
        if (rc < 0) {
            w->rc = rc;
            return REC_STOP;
        }
        if (rc == 0) {
            report(w, rec->offset, "%s inside the WARC header block",
                   w->r.brk ? "corrupt gzip data" : "the file ends");
            return REC_BAD;
        }
        const char *l = w->hdr.ptr + line_at;
        size_t n = w->hdr.len - line_at;
        if ((n == 1 && l[0] == '\n') ||
            (n == 2 && l[0] == '\r' && l[1] == '\n')) {
            break;
        }
    }
    /* Pick out the fields; continuation lines (leading white space) and
     * lines without a colon are ignored. */
    p = w->hdr.ptr + start;
    end = w->hdr.ptr + w->hdr.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl != NULL ? nl : end;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (colon != NULL && p[0] != ' ' && p[0] != '\t') {
            slice name = trim((slice){ p, (size_t)(colon - p) });
            slice val = trim((slice){ colon + 1, (size_t)(eol - colon - 1) });
            if (ci_eq(name, "warc-type")) {
                rec->type = val;
            } else if (ci_eq(name, "warc-target-uri")) {
                rec->uri = val;
            } else if (ci_eq(name, "warc-date")) {
                rec->date = val;
            } else if (ci_eq(name, "content-length")) {
                rec->length = val;
                rec->have_length = 1;
            } else if (ci_eq(name, "content-type")) {
                rec->ctype = val;
            }
        }
        p = eol + (nl != NULL);
    }
    return REC_OK;
}

/* An HTML media type: text/html or application/xhtml+xml, parameters
 * ignored; an absent or empty type counts as HTML, as browsers sniff. */
static int html_type(slice ct)
{
    if (ct.len == 0) {
        return 1;
    }
    const char *semi = memchr(ct.ptr, ';', ct.len);
    slice t = trim((slice){ ct.ptr, semi ? (size_t)(semi - ct.ptr) : ct.len });

    return t.len == 0 || ci_eq(t, "text/html") ||
           ci_eq(t, "application/xhtml+xml");
}

/* Does the comma-separated list 'v' hold token 'tok'? */
static int has_token(slice v, const char *tok)
{
    const char *p = v.ptr, *end = v.ptr + v.len;

    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma != NULL ? comma : end;
        const char *semi = memchr(p, ';', (size_t)(e - p));
        if (ci_eq(trim((slice){ p, (size_t)((semi ? semi : e) - p) }), tok)) {
            return 1;
        }
        p = e + (comma != NULL);
    }
    return 0;
}

/* Decode a chunked body (RFC 9112 section 7.1) into w->dec. A body that
 * does not start with a chunk-size line was stored already decoded (some
 * crawlers do that and keep the header): it is used as it is. A body cut
 * short keeps the chunks that arrived. */
static int dechunk(warc *w, slice *body)
{
    const char *p = body->ptr, *end = body->ptr + body->len;
    int rc = SL_OK, first = 1;

    sl__buf_reset(&w->dec);
    while (p < end) {
        uint64_t size = 0;
        const char *q = p;
        for (; q < end; q++) {
            int c = (unsigned char)*q, v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                v = (c | 0x20) - 'a' + 10;
            } else {
                break;
            }
            if (size > (UINT64_MAX >> 4)) {
                return SL_OK; /* nonsense size: keep the body */
            }
            size = (size << 4) | (uint64_t)v;
        }
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        if (q == p || nl == NULL ||
            (q < end && *q != ';' && *q != '\r' && *q != '\n' && *q != ' ' &&
             *q != '\t')) {
            if (first) {
                return SL_OK;
            }
            break;
        }
        first = 0;
        p = nl + 1;
        if (size == 0) {
            break; /* last-chunk; trailer fields are of no use */
        }
        size_t take =
            (uint64_t)(end - p) < size ? (size_t)(end - p) : (size_t)size;
        rc = sl__buf_add(&w->dec, p, take);
        if (rc < 0) {
            return rc;
        }
        p += take;
        if (p < end && *p == '\r') {
            p++;
        }
        if (p < end && *p == '\n') {
            p++;
        }
    }
    body->ptr = w->dec.ptr != NULL ? w->dec.ptr : "";
    body->len = w->dec.len;
    return SL_OK;
}

/* Inflate a gzip or deflate body into w->inf. 'wbits' as for
 * inflateInit2(). Returns SL_OK with a partial result when the data is
 * cut short or damaged after some output, SL_EFORMAT when nothing came
 * out, SL_ELIMIT over the cap, SL_ENOMEM. */
static int inflate_body(warc *w, slice *body, int wbits)
{
    z_stream zs;
    unsigned char chunk[16384];
    int rc = SL_OK, zrc;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, wbits) != Z_OK) {
        return SL_ENOMEM;
    }
    if (body->len > UINT32_MAX) {
        inflateEnd(&zs);
        return SL_ELIMIT;
    }
    sl__buf_reset(&w->inf);
    zs.next_in = (Bytef *)(uintptr_t)body->ptr;
    zs.avail_in = (uInt)body->len;
    do {
        zs.next_out = chunk;
        zs.avail_out = sizeof(chunk);
        zrc = inflate(&zs, Z_NO_FLUSH);
        if (zrc == Z_MEM_ERROR) {
            rc = SL_ENOMEM;
            goto out;
        }
        rc = sl__buf_add(&w->inf, chunk, sizeof(chunk) - zs.avail_out);
        if (rc < 0) {
            goto out;
        }
    } while (zrc == Z_OK);
    if (zrc != Z_STREAM_END && w->inf.len == 0) {
        rc = SL_EFORMAT;
        goto out;
    }
    body->ptr = w->inf.ptr;
    body->len = w->inf.len;
out:
    inflateEnd(&zs);
    return rc;
}

static int content_decode(warc *w, const record *rec, slice ce, slice *body)
{
    char v[48];
    int rc;

    if (ce.len == 0 || ci_eq(ce, "identity")) {
        return REC_OK;
    }
    if (ci_eq(ce, "gzip") || ci_eq(ce, "x-gzip")) {
        /* Some crawlers store the body decoded and keep the header. */
        if (body->len < 2 || (unsigned char)body->ptr[0] != 0x1f ||
            (unsigned char)body->ptr[1] != 0x8b) {
            return REC_OK;
        }
        rc = inflate_body(w, body, 16 + MAX_WBITS);
    } else if (ci_eq(ce, "deflate")) {
        /* "deflate" is meant to be zlib-wrapped (RFC 9110 8.4.1.2), but
         * servers send raw deflate too. */
        rc = inflate_body(w, body, MAX_WBITS);
        if (rc == SL_EFORMAT) {
            rc = inflate_body(w, body, -MAX_WBITS);
        }
    } else {
        report(w, rec->offset, "HTTP Content-Encoding '%s' not supported",
               shown(v, sizeof(v), ce));
        return REC_BAD;
    }
    if (rc == SL_ELIMIT) {
        report(w, rec->offset, "decoded HTTP body over the %zu-byte cap",
               w->max);
        return REC_BAD;
    }
    if (rc == SL_EFORMAT) {
        report(w, rec->offset, "HTTP body is not valid %s data",
               shown(v, sizeof(v), ce));
        return REC_BAD;
    }
    if (rc < 0) {
        w->rc = rc;
        return REC_STOP;
    }
    return REC_OK;
}

/* Parse the HTTP response in the block. On REC_OK, *body is the HTML to
 * pass on, or has ptr NULL when the response is not an HTML page. */
static int parse_http(warc *w, const record *rec, slice *body)
{
    const char *p = w->blk.ptr, *end = w->blk.ptr + w->blk.len;
    slice ctype = { NULL, 0 }, te = { NULL, 0 }, ce = { NULL, 0 };
    int status = 0, have_ctype = 0;

    body->ptr = NULL;
    body->len = 0;
    /* status-line = HTTP-version SP status-code SP [ reason-phrase ] */
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *q = p + 5;
    int ok = nl != NULL && end - p > 5 && memcmp(p, "HTTP/", 5) == 0;
    while (ok && q < nl && ((*q >= '0' && *q <= '9') || *q == '.')) {
        q++;
    }
    ok = ok && q > p + 5 && q < nl && *q == ' ';
    while (ok && q < nl && *q == ' ') {
        q++;
    }
    for (int i = 0; ok && i < 3; i++, q++) {
        ok = q < nl && *q >= '0' && *q <= '9';
        if (ok) {
            status = status * 10 + (*q - '0');
        }
    }
    ok = ok && (q == nl || *q == ' ' || *q == '\r');
    if (!ok) {
        report(w, rec->offset, "malformed HTTP status line");
        return REC_BAD;
    }
    p = nl + 1;
    for (;;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            report(w, rec->offset, "HTTP header block not terminated");
            return REC_BAD;
        }
        slice line = trim((slice){ p, (size_t)(nl - p) });
        if (line.len == 0 && (nl == p || (nl == p + 1 && *p == '\r'))) {
            p = nl + 1;
            break;
        }
        const char *colon = memchr(p, ':', (size_t)(nl - p));
        if (colon != NULL && *p != ' ' && *p != '\t') {
            slice name = trim((slice){ p, (size_t)(colon - p) });
            slice val = trim((slice){ colon + 1, (size_t)(nl - colon - 1) });
            if (ci_eq(name, "content-type")) {
                ctype = val;
                have_ctype = 1;
            } else if (ci_eq(name, "transfer-encoding")) {
                te = val;
            } else if (ci_eq(name, "content-encoding")) {
                ce = val;
            }
        }
        p = nl + 1;
    }
    if (status < 200 || status > 299 || (have_ctype && !html_type(ctype))) {
        return REC_OK;
    }
    *body = (slice){ p, (size_t)(end - p) };
    if (te.len > 0 && has_token(te, "chunked")) {
        int rc = dechunk(w, body);
        if (rc < 0) {
            w->rc = rc;
            return REC_STOP;
        }
    }
    int rc = content_decode(w, rec, ce, body);
    if (rc != REC_OK) {
        body->ptr = NULL;
    }
    return rc;
}

static int emit(warc *w, const record *rec, slice html)
{
    sl_doc doc;
    int rc;

    if (html.len == 0) {
        return REC_OK;
    }
    memset(&doc, 0, sizeof(doc));
    doc.kind = SL_DOC_HTML;
    doc.path = w->path;
    doc.html = html.ptr;
    doc.html_len = html.len;
    sl__buf_reset(&w->url);
    slice u = rec->uri;
    /* WARC 1.0's grammar showed the URI in angle brackets; some writers
     * still add them. */
    if (u.len >= 2 && u.ptr[0] == '<' && u.ptr[u.len - 1] == '>') {
        u.ptr++;
        u.len -= 2;
    }
    if (u.len > 0) {
        rc = sl__utf8_repair(&w->url, u.ptr, u.len);
        if (rc == SL_OK && w->url.ptr == NULL) {
            rc = sl__buf_add(&w->url, "", 0);
        }
        if (rc < 0) {
            w->rc = rc;
            return REC_STOP;
        }
        doc.url = w->url.ptr;
    }
    doc.fetched_ms = parse_date(rec->date);
    sl__buf_reset(&w->where);
    rc = sl__buf_printf(&w->where, "%s@%llu", w->path,
                        (unsigned long long)rec->offset);
    if (rc < 0) {
        w->rc = rc;
        return REC_STOP;
    }
    doc.where = w->where.ptr;
    rc = w->opts->on_doc(&doc, w->opts->payload);
    if (rc != 0) {
        w->rc = rc;
        return REC_STOP;
    }
    return REC_OK;
}

/* Which records may hold a page: responses in an HTTP envelope, and
 * resources archived bare with an HTML Content-Type. */
static int wanted(const record *rec)
{
    if (ci_eq(rec->type, "response")) {
        return rec->ctype.len == 0 || ci_prefix(rec->ctype, "application/http");
    }
    if (ci_eq(rec->type, "resource")) {
        return rec->ctype.len > 0 && html_type(rec->ctype);
    }
    return 0;
}

/* Read one record; the current position is its first byte. Sets
 * *line_start for resync() when the record is bad. */
static int read_record(warc *w, uint64_t offset, int *line_start)
{
    record rec;
    uint64_t len, got;
    int rc, keep;

    memset(&rec, 0, sizeof(rec));
    rec.offset = offset;
    *line_start = 1;
    rc = read_header(w, &rec);
    if (rc != REC_OK) {
        *line_start = w->hdr.len < MAX_HEADER_BYTES;
        return rc;
    }
    if (!rec.have_length) {
        report(w, offset, "record has no Content-Length");
        return REC_BAD;
    }
    if (parse_length(&len, rec.length) < 0) {
        char v[48];
        report(w, offset, "invalid Content-Length '%s'",
               shown(v, sizeof(v), rec.length));
        return REC_BAD;
    }
    keep = wanted(&rec);
    if (keep && len > w->max) {
        report(w, offset, "record of %llu bytes over the %zu-byte cap; skipped",
               (unsigned long long)len, w->max);
        keep = 0;
    }
    sl__buf_reset(&w->blk);
    if (keep) {
        rc = sl__buf_grow(&w->blk, (size_t)len);
        if (rc < 0) {
            w->rc = rc;
            return REC_STOP;
        }
        got = read_block(&w->r, &w->blk, len, &rc);
        if (rc < 0) {
            w->rc = rc;
            return REC_STOP;
        }
    } else {
        got = skip_bytes(&w->r, len);
    }
    if (w->r.rc < 0) {
        w->rc = w->r.rc;
        return REC_STOP;
    }
    if (got < len) {
        report(w, offset, "%s after %llu of the %llu block bytes",
               w->r.brk ? "corrupt gzip data" : "the file ends",
               (unsigned long long)got, (unsigned long long)len);
        w->r.brk = 0;
        return REC_BAD;
    }
    /* The trailer: CRLF CRLF. A file that ends right after the block (or
     * in the trailer) is let pass: the length was right. */
    size_t avail = need(&w->r, 4);
    const char *t = (const char *)w->r.win + w->r.lo;
    if (avail >= 4 && memcmp(t, "\r\n\r\n", 4) == 0) {
        consume(&w->r, 4);
    } else if (avail < 4 && !w->r.brk && memcmp(t, "\r\n\r\n", avail) == 0) {
        consume(&w->r, avail);
    } else {
        report(w, offset,
               "no CRLF CRLF after the %llu-byte block: wrong "
               "Content-Length?",
               (unsigned long long)len);
        *line_start = 0;
        return REC_BAD;
    }
    if (!keep || w->blk.len == 0) {
        return REC_OK;
    }
    slice html = { w->blk.ptr, w->blk.len };
    if (ci_eq(rec.type, "response") &&
        (rec.ctype.len > 0 ||
         (html.len >= 5 && !memcmp(html.ptr, "HTTP/", 5)))) {
        rc = parse_http(w, &rec, &html);
        if (rc != REC_OK) {
            /* The framing was fine: no resync needed. */
            return rc == REC_BAD ? REC_OK : rc;
        }
        if (html.ptr == NULL) {
            return REC_OK;
        }
    } else if (ci_eq(rec.type, "response")) {
        return REC_OK;
    }
    return emit(w, &rec, html);
}

static int read_all(warc *w)
{
    reader *r = &w->r;
    int line_start;

    for (;;) {
        if (r->brk) {
            report(w, r->pos,
                   "corrupt gzip data; skipped to the next gzip "
                   "member");
            r->brk = 0;
        }
        /* Blank lines between records are tolerated. */
        while (need(r, 1) > 0 &&
               (r->win[r->lo] == '\r' || r->win[r->lo] == '\n')) {
            consume(r, 1);
        }
        if (r->rc < 0) {
            return r->rc;
        }
        if (r->hi == r->lo) {
            if (r->brk) {
                continue;
            }
            return w->oom ? SL_ENOMEM : SL_OK;
        }
        int rc = read_record(w, r->pos, &line_start);
        if (rc == REC_STOP) {
            return w->rc;
        }
        if (w->oom) {
            return SL_ENOMEM;
        }
        if (rc == REC_BAD) {
            if (r->brk) {
                r->brk = 0;
                line_start = 1;
            }
            resync(r, line_start);
        }
        if (r->rc < 0) {
            return r->rc;
        }
    }
}

static int warc_read(FILE *f,
                     const char *data,
                     size_t len,
                     const char *path,
                     const sl_ingest_options *opts)
{
    warc w;
    int rc;

    if (opts == NULL || opts->on_doc == NULL || path == NULL) {
        return SL_EINVAL;
    }
    memset(&w, 0, sizeof(w));
    w.path = path;
    w.opts = opts;
    w.max = opts->max_record_bytes ? opts->max_record_bytes
                                   : SL_EXTRACT_DEFAULT_MAX_BYTES;
    sl__buf_init(&w.hdr, MAX_HEADER_BYTES);
    sl__buf_init(&w.blk, w.max);
    sl__buf_init(&w.dec, w.max);
    sl__buf_init(&w.inf, w.max);
    sl__buf_init(&w.url, 0);
    sl__buf_init(&w.where, 0);
    rc = reader_open(&w.r, f, data, len);
    if (rc == SL_OK) {
        rc = read_all(&w);
    }
    reader_close(&w.r);
    sl__buf_dispose(&w.hdr);
    sl__buf_dispose(&w.blk);
    sl__buf_dispose(&w.dec);
    sl__buf_dispose(&w.inf);
    sl__buf_dispose(&w.url);
    sl__buf_dispose(&w.where);
    return rc;
}

int sl__warc_read_mem(const char *data,
                      size_t len,
                      const char *path,
                      const sl_ingest_options *opts)
{
    if (data == NULL && len > 0) {
        return SL_EINVAL;
    }
    return warc_read(NULL, data != NULL ? data : "", len, path, opts);
}

int sl_warc_read_file(const char *path, const sl_ingest_options *opts)
{
    FILE *f;
    int rc;

    if (path == NULL) {
        return SL_EINVAL;
    }
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        return SL_EIO;
    }
    rc = warc_read(f, NULL, 0, path, opts);
    if (f != stdin) {
        fclose(f);
    }
    return rc;
}
