/*
 * store.c - (being written)
 */
#include "storyline/store.h"

int sl_store_open(sl_store **out,
                  const char *path,
                  const sl_store_options *opts)
{
    (void)path;
    (void)opts;
    *out = NULL;
    return SL_EDB;
}
