/*
 * body.c - the article body.
 */
#include "page.h"
#include "util/alloc.h"

int sl__body_extract(sl_article *a, sl__page *p, sl_body_format fmt)
{
    int rc;

    (void)fmt;
    sl__buf_reset(&p->scratch);
    rc = sl__dom_text(&p->scratch, p->body);
    if (rc == SL_OK) {
        a->body =
            sl__strndup(p->scratch.ptr ? p->scratch.ptr : "", p->scratch.len);
        if (a->body == NULL) {
            rc = SL_ENOMEM;
        }
    }
    return rc;
}
