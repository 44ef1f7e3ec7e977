/*
 * pubdate.c - the publication and modification dates of a page.
 */
#include <string.h>

#include "page.h"
#include "storyline/dates.h"
#include "util/alloc.h"

static char *iso_of(const char *s, int *rc)
{
    sl_date d;
    char buf[32];

    *rc = SL_OK;
    if (s == NULL || sl_date_parse(&d, s, strlen(s)) < 0 ||
        sl_date_to_iso(buf, sizeof(buf), &d) < 0) {
        return NULL;
    }
    char *r = sl__strdup(buf);
    if (r == NULL) {
        *rc = SL_ENOMEM;
    }
    return r;
}

int sl__pubdate_extract(sl_article *a, sl__page *p)
{
    int rc = SL_OK;

    a->published = iso_of(sl__page_meta(p, "article:published_time"), &rc);
    if (a->published != NULL) {
        a->published_source = SL_DATE_META;
    }
    if (rc == SL_OK) {
        a->modified = iso_of(sl__page_meta(p, "article:modified_time"), &rc);
    }
    return rc;
}
