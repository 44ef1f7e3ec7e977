/*
 * stories.h - events and storylines inside the store: what store.c calls
 * on puts, commits and rollbacks (stories.c), and the SQL side that keeps
 * the rows (stories_sqlite.c).
 *
 * stories.c owns the clusterer, the entity tagger and the article hook;
 * it decides what to write. stories_sqlite.c only reads and writes the
 * tables story_state, story_members, story_events, story_storylines and
 * story_digest (docs/schema.md) through the backend's connection.
 *
 * Invariant: the rows and the clusterer state always describe the same
 * stream. The state is written in the transaction that commits the rows
 * (sl__stories_before_commit); a rollback drops the in-memory clusterer,
 * which is read again from the store when next needed.
 */
#ifndef SL_STORE_STORIES_H
#define SL_STORE_STORIES_H

#include <stdint.h>

#include "storyline/store.h"
#include "storyline/stories.h"
#include "util/buf.h"

/*---- Called by store.c ---------------------------------------------*/

/* Cluster the article just added (not for revisions). */
int sl__stories_on_put(sl_store *st,
                       int64_t article_id,
                       const sl_store_input *in,
                       int64_t published_ms);

/* Write the clusterer state if it changed; before COMMIT. */
int sl__stories_before_commit(sl_store *st);

/* Forget the in-memory clusterer (its rows were rolled back). */
void sl__stories_rollback(sl_store *st);

/* Free everything stories.c keeps on the handle. */
void sl__stories_close(sl_store *st);

/*---- The SQL side (stories_sqlite.c) ---------------------------------*/

/* One member row to add. */
typedef struct sl__story_member {
    int64_t article;
    int64_t event;
    int64_t copy_of; /* 0 = none */
    int64_t seen_ms;
    const char *source;   /* or NULL */
    const char *entities; /* "TYPE\tname\n" lines */
} sl__story_member;

/* The saved clusterer state (a checkpoint) and the last article it
 * covers: *out = NULL when there is none. */
int sl__stdb_state_get(sl_store *st,
                       char **out,
                       size_t *out_len,
                       int64_t *last_article);
int sl__stdb_state_put(sl_store *st,
                       const void *data,
                       size_t len,
                       int64_t last_article);

/* The event's storyline; 0 when the event has no row. */
int sl__stdb_event_storyline(sl_store *st, int64_t event, int64_t *out);

/* Apply one assignment (see stories.c: apply()). */
int sl__stdb_member_add(sl_store *st, const sl__story_member *m);
/* A new event titled by 'article' (its headline is 'title'). */
int sl__stdb_event_new(sl_store *st,
                       int64_t event,
                       int64_t storyline,
                       int64_t article,
                       const char *title);
/* Offer a member's headline as the event's title: it replaces the
 * current one when 'article' stands better for the event (not a copy,
 * then seen earlier, then the lower id; stories_sqlite.c TITLE_RANK).
 * The member row must be written first. */
int sl__stdb_event_offer_title(sl_store *st,
                               int64_t event,
                               int64_t article,
                               const char *title);
int sl__stdb_event_move(sl_store *st, int64_t event, int64_t storyline);
/* Relabel the members of 'from' to 'to' and delete 'from'; 'to' takes
 * the title of 'from' when that stands better for it (or it has none). Digests
 * are left to the caller (stories.c deletes them after the article hook). */
int sl__stdb_event_merge(sl_store *st, int64_t from, int64_t to);
int sl__stdb_storyline_merge(sl_store *st, int64_t from, int64_t to);
int sl__stdb_storyline_touch(sl_store *st, int64_t storyline);
/* *out = 1 when 'source' is set and no member of 'event' has it yet. */
int sl__stdb_source_new(sl_store *st,
                        int64_t event,
                        const char *source,
                        int *out);
/* One more article seen at seen_ms: an event's and a storyline's
 * aggregates, updated in place (and the storyline's title). */
int sl__stdb_event_add(sl_store *st,
                       int64_t event,
                       int64_t seen_ms,
                       int new_source);
int sl__stdb_storyline_add(sl_store *st,
                           int64_t storyline,
                           int64_t seen_ms,
                           int new_event);
/* Recompute the aggregates of an event or a storyline from its parts; a
 * storyline left without events is deleted. */
int sl__stdb_event_refresh(sl_store *st, int64_t event);
int sl__stdb_storyline_refresh(sl_store *st, int64_t storyline);

/* Every member's (article, copy_of), in article order; for recluster. */
typedef struct sl__copy_pair {
    int64_t article;
    int64_t copy_of;
} sl__copy_pair;
int sl__stdb_copy_pairs(sl_store *st, sl__copy_pair **out, size_t *count);
/* The members after article 'after', in order: what a checkpoint does
 * not cover yet. */
int sl__stdb_replay(sl_store *st,
                    int64_t after,
                    sl__copy_pair **out,
                    size_t *count);
/* The highest clustered article id, 0 if none. */
int sl__stdb_last_member(sl_store *st, int64_t *out);
/* Every article id in order. */
int sl__stdb_article_ids(sl_store *st, int64_t **out, size_t *count);
/* Drop all story rows, digests and the state. */
int sl__stdb_clear(sl_store *st);

void sl__stdb_close(sl_store *st);

#endif
