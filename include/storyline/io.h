/**
 * @file storyline/io.h
 * @brief Reading input files: plain or gzip-compressed, with a size cap.
 */
#ifndef SL_STORYLINE_IO_H
#define SL_STORYLINE_IO_H

#include "common.h"

/**
 * Read a whole file into memory. A gzip stream (detected by its magic
 * bytes, not by the file name) is decompressed; concatenated gzip members
 * are read in turn.
 *
 * @param[out] out      receives the bytes, NUL-terminated; free with
 *                      sl_free()
 * @param[out] out_len  receives the length, not counting the NUL
 * @param path          file to read; "-" reads standard input
 * @param max_bytes     cap on the (decompressed) size; 0 means no cap
 * @return SL_OK; SL_EIO if the file cannot be read (errno is kept);
 *         SL_ELIMIT if the content exceeds max_bytes; SL_ETRUNC if a
 *         gzip stream ends early; SL_EFORMAT if it is corrupt; SL_ENOMEM
 */
SL_API int
sl_read_file(char **out, size_t *out_len, const char *path, size_t max_bytes);

/**
 * Decompress a gzip buffer held in memory (same rules as sl_read_file()).
 *
 * @param[out] out      receives the bytes, NUL-terminated; free with
 *                      sl_free()
 * @param[out] out_len  receives the length
 * @return SL_OK, SL_ELIMIT, SL_ETRUNC, SL_EFORMAT or SL_ENOMEM
 */
SL_API int sl_gunzip(
    char **out, size_t *out_len, const char *in, size_t len, size_t max_bytes);

#endif
