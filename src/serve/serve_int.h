/*
 * serve_int.h - what the files of src/serve/ share: reply helpers used by
 * every handler, and the story handlers (stories.c), which follow the
 * store's story API.
 */
#ifndef SL_SERVE_SERVE_INT_H
#define SL_SERVE_SERVE_INT_H

#include "json.h"
#include "storyline/serve.h"

/* Hand a finished JSON document to 'out' with 'status'; the writer's
 * buffer moves to the reply. On a writer error, frees it and returns the
 * error. */
int sl__serve_finish(sl_serve_reply *out, jw *w, int status);

/* A store failure as a reply: SL_ENOTFOUND a 404 saying 'what', other
 * codes a 500; SL_ENOMEM is returned as is. */
int sl__serve_fail(sl_serve_reply *out, int rc, const char *what);

/* Whether this build answers /api/stories. */
int sl__serve_have_stories(void);

/* GET /api/stories and GET /api/stories/{id}. */
int sl__serve_stories(sl_serve_reply *out,
                      sl_store *st,
                      const sl_serve_request *req);
int sl__serve_story(sl_serve_reply *out,
                    sl_store *st,
                    const sl_serve_request *req);

/* Write the story an article belongs to ({"id":..,"title":..}) or null. */
void sl__serve_article_story(jw *w, sl_store *st, int64_t article_id);

#endif
