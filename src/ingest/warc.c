/*
 * warc.c - streaming WARC reader (ISO 28500, WARC/1.0 and 1.1).
 */
#include "storyline/ingest.h"

int sl_warc_read_file(const char *path, const sl_ingest_options *opts)
{
    (void)path;
    (void)opts;
    return SL_EFORMAT;
}
