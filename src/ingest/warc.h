/*
 * warc.h - the WARC reader's in-memory entry point.
 *
 * sl_warc_read_file() (storyline/ingest.h) streams a file; the fuzz target
 * and the unit tests feed bytes held in memory through the same parser
 * with sl__warc_read_mem(). Both read plain or gzip input (one member per
 * record, as Common Crawl writes it, or one member for the whole file).
 * Reference: ISO 28500:2017 (WARC 1.1), RFC 9112 (HTTP/1.1 messages).
 */
#ifndef SL_INGEST_WARC_H
#define SL_INGEST_WARC_H

#include "storyline/ingest.h"

/* Read the WARC records in data[0..len) as sl_warc_read_file() reads a
 * file: 'path' names the input in sl_doc.path and in messages. Returns
 * the same codes. */
int sl__warc_read_mem(const char *data,
                      size_t len,
                      const char *path,
                      const sl_ingest_options *opts);

#endif
