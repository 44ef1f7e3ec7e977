/*
 * jsonl.c - JSON Lines articles (own field names and news-please's).
 */
#include "storyline/ingest.h"

int sl_jsonl_read(const char *data,
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
