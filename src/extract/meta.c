/*
 * meta.c - page metadata: title, authors, outlet, language, canonical URL
 * and description, from JSON-LD, <meta> tags, microdata and markup.
 */
#include <string.h>

#include "page.h"
#include "util/alloc.h"

static char *dup_clean(const char *s, int *rc)
{
    return s ? sl__clean_dup(s, strlen(s), rc) : NULL;
}

int sl__meta_extract(sl_article *a, sl__page *p)
{
    const char *v;
    int rc = SL_OK;

    v = sl__page_meta(p, "og:title");
    if (v != NULL) {
        a->title = dup_clean(v, &rc);
    } else if (p->title_el != NULL) {
        sl__buf_reset(&p->scratch);
        rc = sl__dom_text(&p->scratch, p->title_el);
        if (rc == SL_OK) {
            a->title = sl__clean_dup(p->scratch.ptr, p->scratch.len, &rc);
        }
    }
    if (rc == SL_OK) {
        v = p->canonical ? p->canonical : sl__page_meta(p, "og:url");
        if (v == NULL) {
            v = p->given_url;
        }
        a->url = dup_clean(v, &rc);
    }
    if (rc == SL_OK) {
        a->site_name = dup_clean(sl__page_meta(p, "og:site_name"), &rc);
    }
    if (rc == SL_OK) {
        a->lang = dup_clean(p->lang, &rc);
    }
    if (rc == SL_OK) {
        v = sl__page_meta(p, "description");
        if (v == NULL) {
            v = sl__page_meta(p, "og:description");
        }
        a->description = dup_clean(v, &rc);
    }
    return rc;
}
