/*
 * charset.c - charset sniffing and conversion to UTF-8 (see charset.h).
 *
 * Reference: WHATWG Encoding Standard, "prescan a byte stream to determine
 * its encoding" (simplified: attributes are searched inside <meta> tags
 * only, within the first SNIFF_BYTES bytes).
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "storyline/common.h"
#include "util/utf8.h"

#define SNIFF_BYTES 16384

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Case-insensitive search for 'needle' (lower case) in s[0..len). */
static const char *find_ci(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle), i, j;

    if (n > len) {
        return NULL;
    }
    for (i = 0; i + n <= len; i++) {
        for (j = 0; j < n; j++) {
            if (lower((unsigned char)s[i + j]) != needle[j]) {
                break;
            }
        }
        if (j == n) {
            return s + i;
        }
    }
    return NULL;
}

/* Copy a charset label starting at p (after "charset=" or "encoding="). */
static int take_label(char *name, size_t cap, const char *p, const char *end)
{
    size_t n = 0;

    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '=')) {
        p++;
    }
    while (p < end && n + 1 < cap) {
        int c = lower((unsigned char)*p);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.' || c == ':')) {
            break;
        }
        name[n++] = (char)c;
        p++;
    }
    name[n] = '\0';
    return n > 0;
}

int sl__charset_sniff(char *name, size_t name_cap, const char *in, size_t len)
{
    const char *end = in + (len < SNIFF_BYTES ? len : SNIFF_BYTES);
    const char *p = in;

    if (len >= 5 && memcmp(in, "<?xml", 5) == 0) {
        const char *gt = memchr(in, '>', (size_t)(end - in));
        const char *enc;
        if (gt != NULL && (enc = find_ci(in, (size_t)(gt - in), "encoding")) &&
            take_label(name, name_cap, enc + 8, gt)) {
            return 1;
        }
    }
    while (p < end) {
        const char *meta = find_ci(p, (size_t)(end - p), "<meta");
        const char *gt, *cs;

        if (meta == NULL) {
            break;
        }
        gt = memchr(meta, '>', (size_t)(end - meta));
        if (gt == NULL) {
            break;
        }
        cs = find_ci(meta, (size_t)(gt - meta), "charset");
        if (cs != NULL) {
            const char *q = cs + 7;
            while (q < gt && *q == ' ') {
                q++;
            }
            if (q < gt && *q == '=' && take_label(name, name_cap, q, gt)) {
                return 1;
            }
        }
        p = gt + 1;
    }
    return 0;
}

static int is_utf8_label(const char *n)
{
    return strcmp(n, "utf-8") == 0 || strcmp(n, "utf8") == 0 ||
           strcmp(n, "unicode-1-1-utf-8") == 0;
}

static int is_latin1_label(const char *n)
{
    return strcmp(n, "iso-8859-1") == 0 || strcmp(n, "latin1") == 0 ||
           strcmp(n, "iso8859-1") == 0 || strcmp(n, "windows-1252") == 0 ||
           strcmp(n, "cp1252") == 0 || strcmp(n, "us-ascii") == 0 ||
           strcmp(n, "ascii") == 0 || strcmp(n, "iso_8859-1") == 0 ||
           strcmp(n, "l1") == 0;
}

static int decode_cp1252(sl_buf *out, const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i, run = 0;
    int rc;

    for (i = 0; i < len; i++) {
        if (p[i] != 0 && p[i] < 0x80) {
            continue;
        }
        rc = sl__buf_add(out, in + run, i - run);
        if (rc == SL_OK && p[i] != 0) {
            rc = sl__utf8_put(out, sl__cp1252_to_ucs(p[i]));
        }
        if (rc < 0) {
            return rc;
        }
        run = i + 1;
    }
    return sl__buf_add(out, in + run, len - run);
}

/* Convert with iconv; an unconvertible byte becomes U+FFFD. Returns
 * SL_EFORMAT when iconv does not know the charset. */
static int
decode_iconv(sl_buf *out, const char *label, const char *in, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", label);
    char tmp[16384];
    char *ip = (char *)(uintptr_t)in;
    size_t il = len;
    int rc = SL_OK;

    if (cd == (iconv_t)-1) {
        return SL_EFORMAT;
    }
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof(tmp);
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        rc = sl__buf_add(out, tmp, (size_t)(op - tmp));
        if (rc < 0) {
            break;
        }
        if (r == (size_t)-1) {
            if (errno == E2BIG) {
                continue;
            }
            /* EILSEQ or EINVAL (incomplete at the end): skip one byte. */
            rc = sl__utf8_put(out, 0xFFFD);
            if (rc < 0) {
                break;
            }
            ip++;
            il--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    return rc;
}

static void set_name(char *name, size_t cap, const char *v)
{
    size_t n = strlen(v);

    if (cap == 0) {
        return;
    }
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(name, v, n);
    name[n] = '\0';
}

int sl__charset_decode(
    sl_buf *out, char *name, size_t name_cap, const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    char label[48];
    size_t bad, multi;
    int rc;

    /* Byte order marks decide. */
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        set_name(name, name_cap, "utf-8");
        return sl__utf8_repair(out, in + 3, len - 3);
    }
    if (len >= 2 &&
        ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        const char *l = p[0] == 0xFF ? "utf-16le" : "utf-16be";
        set_name(name, name_cap, l);
        return decode_iconv(out, p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", in + 2,
                            len - 2);
    }
    if (!sl__charset_sniff(label, sizeof(label), in, len)) {
        label[0] = '\0';
    }
    if (label[0] == '\0' || is_utf8_label(label) || is_latin1_label(label)) {
        bad = sl__utf8_count_invalid(in, len, &multi);
        /* Declared Latin-1 but the bytes are clean UTF-8: trust the bytes.
         * Declared or assumed UTF-8 with mostly good sequences: repair. */
        if (label[0] != '\0' && is_latin1_label(label) &&
            !(bad == 0 && multi > 0)) {
            set_name(name, name_cap, "windows-1252");
            return decode_cp1252(out, in, len);
        }
        if (bad == 0 || bad <= multi || (label[0] && is_utf8_label(label))) {
            set_name(name, name_cap, "utf-8");
            return sl__utf8_repair(out, in, len);
        }
        set_name(name, name_cap, "windows-1252");
        return decode_cp1252(out, in, len);
    }
    /* A label iconv knows under another name. */
    if (strcmp(label, "x-sjis") == 0 || strcmp(label, "shift-jis") == 0) {
        set_name(label, sizeof(label), "shift_jis");
    } else if (strcmp(label, "gb2312") == 0 || strcmp(label, "gbk") == 0) {
        set_name(label, sizeof(label), "gb18030");
    }
    rc = decode_iconv(out, label, in, len);
    if (rc == SL_EFORMAT) {
        /* Unknown label: fall back to UTF-8 with repair. */
        set_name(name, name_cap, "utf-8");
        return sl__utf8_repair(out, in, len);
    }
    set_name(name, name_cap, label);
    return rc;
}
