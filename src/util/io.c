/*
 * io.c - whole-file reads with a size cap, gzip decoded transparently.
 *
 * Exports sl_read_file() and sl_gunzip() (storyline/io.h). A gzip stream
 * is recognised by its magic bytes (RFC 1952, 1f 8b); concatenated
 * members are decoded in turn, as gzip(1) does. The cap applies to the
 * decompressed size so that a small bomb cannot exhaust memory.
 */
#include "storyline/io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "alloc.h"
#include "buf.h"

int sl_gunzip(
    char **out, size_t *out_len, const char *in, size_t len, size_t max_bytes)
{
    z_stream zs;
    sl_buf b;
    unsigned char chunk[65536];
    int rc = SL_OK, zrc;

    sl__buf_init(&b, max_bytes);
    memset(&zs, 0, sizeof(zs));
    /* 16 + MAX_WBITS: expect a gzip header. */
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return SL_ENOMEM;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = 0;
    size_t left = len;
    for (;;) {
        if (zs.avail_in == 0 && left > 0) {
            uInt take = left > (1u << 30) ? (1u << 30) : (uInt)left;
            zs.avail_in = take;
            left -= take;
        }
        zs.next_out = chunk;
        zs.avail_out = sizeof(chunk);
        zrc = inflate(&zs, Z_NO_FLUSH);
        if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
            rc = zrc == Z_MEM_ERROR ? SL_ENOMEM : SL_EFORMAT;
            goto out;
        }
        rc = sl__buf_add(&b, chunk, sizeof(chunk) - zs.avail_out);
        if (rc < 0) {
            goto out;
        }
        if (zrc == Z_STREAM_END) {
            /* Another member may follow; trailing zero padding is fine. */
            if (zs.avail_in == 0 && left == 0) {
                break;
            }
            if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f &&
                zs.next_in[1] == 0x8b) {
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (zrc == Z_BUF_ERROR && zs.avail_in == 0 && left == 0) {
            rc = SL_ETRUNC;
            goto out;
        }
    }
    *out = sl__buf_detach(&b, out_len);
    if (*out == NULL) {
        rc = SL_ENOMEM;
    }
out:
    inflateEnd(&zs);
    sl__buf_dispose(&b);
    return rc;
}

int sl_read_file(char **out,
                 size_t *out_len,
                 const char *path,
                 size_t max_bytes)
{
    FILE *f = NULL;
    sl_buf b;
    char chunk[65536];
    size_t n;
    int rc = SL_OK;
    /* The compressed form of an oversized page may itself be large; allow
     * the raw read to reach the cap, then decompress under the cap. */
    sl__buf_init(&b, max_bytes);
    *out = NULL;
    *out_len = 0;
    if (strcmp(path, "-") == 0) {
        f = stdin;
    } else {
        f = fopen(path, "rb");
        if (f == NULL) {
            return SL_EIO;
        }
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        rc = sl__buf_add(&b, chunk, n);
        if (rc < 0) {
            goto out;
        }
    }
    if (ferror(f)) {
        rc = SL_EIO;
        goto out;
    }
    if (b.len >= 2 && (unsigned char)b.ptr[0] == 0x1f &&
        (unsigned char)b.ptr[1] == 0x8b) {
        rc = sl_gunzip(out, out_len, b.ptr, b.len, max_bytes);
        goto out;
    }
    *out = sl__buf_detach(&b, out_len);
    if (*out == NULL) {
        rc = SL_ENOMEM;
    }
out:
    if (f != NULL && f != stdin) {
        int saved = errno;
        fclose(f);
        errno = saved;
    }
    sl__buf_dispose(&b);
    return rc;
}
