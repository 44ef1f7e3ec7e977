/*
 * feed.c - RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with libxml2.
 */
#include "storyline/ingest.h"

int sl_feed_read(const char *data,
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
