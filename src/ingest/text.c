/*
 * text.c - plain-text pages: find the headline, drop boilerplate lines.
 */
#include "storyline/ingest.h"

int sl_text_read(const char *data,
                 size_t len,
                 const char *path,
                 const sl_ingest_options *opts)
{
    (void)data;
    (void)len;
    (void)path;
    (void)opts;
    return SL_EFORMAT;
}
