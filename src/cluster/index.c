/*
 * index.c - term -> cluster postings with lazy deletion (see index.h).
 *
 * Candidate retrieval through an inverted index, as in the TDT first-story
 * detection systems (J. Allan, R. Papka & V. Lavrenko, "On-line new event
 * detection and tracking", SIGIR 1998; S. Petrovic, M. Osborne & V.
 * Lavrenko, "Streaming first story detection with application to
 * Twitter", NAACL 2010, which also bounds the work per document).
 */
#include "index.h"

#include <string.h>

#include "storyline/common.h"
#include "util/alloc.h"

void sl__index_init(sl_index *ix, uint32_t max_len)
{
    memset(ix, 0, sizeof(*ix));
    sl__map_init(&ix->terms);
    ix->max_len = max_len < 4 ? 4 : max_len;
}

void sl__index_dispose(sl_index *ix)
{
    for (uint32_t i = 0; i < ix->nlists; i++) {
        sl__free(ix->lists[i].refs);
    }
    sl__free(ix->lists);
    sl__free(ix->free_lists);
    sl__map_dispose(&ix->terms);
    memset(ix, 0, sizeof(*ix));
}

sl_posting *sl__index_get(sl_index *ix, uint64_t term)
{
    uint64_t *pos = sl__map_get(&ix->terms, term);

    return pos ? &ix->lists[*pos] : NULL;
}

static int new_list(sl_index *ix, uint32_t *out)
{
    if (ix->nfree > 0) {
        *out = ix->free_lists[--ix->nfree];
        return SL_OK;
    }
    if (ix->nlists == ix->lists_cap) {
        uint32_t cap = ix->lists_cap ? ix->lists_cap * 2 : 64;
        if (cap < ix->lists_cap) {
            return SL_ENOMEM;
        }
        sl_posting *l = sl__realloc(ix->lists, (size_t)cap * sizeof(*l));
        if (l == NULL) {
            return SL_ENOMEM;
        }
        ix->lists = l;
        uint32_t *f = sl__realloc(ix->free_lists, (size_t)cap * sizeof(*f));
        if (f == NULL) {
            return SL_ENOMEM;
        }
        ix->free_lists = f;
        ix->lists_cap = cap;
    }
    memset(&ix->lists[ix->nlists], 0, sizeof(ix->lists[0]));
    *out = ix->nlists++;
    return SL_OK;
}

int sl__index_add(sl_index *ix, uint64_t term, uint64_t ref)
{
    uint64_t *pos = sl__map_get(&ix->terms, term);
    sl_posting *p;

    if (pos == NULL) {
        uint32_t at;
        int created;
        int rc = sl__map_reserve(&ix->terms, ix->terms.count + 1);
        if (rc < 0) {
            return rc;
        }
        rc = new_list(ix, &at);
        if (rc < 0) {
            return rc;
        }
        pos = sl__map_put(&ix->terms, term, at, &created);
    }
    p = &ix->lists[*pos];
    if (p->len > 0 && p->refs[p->len - 1] == ref) {
        return SL_OK;
    }
    if (p->len >= ix->max_len) {
        uint32_t drop = ix->max_len / 4;
        memmove(p->refs, p->refs + drop, (p->len - drop) * sizeof(*p->refs));
        p->len -= drop;
        ix->refs -= drop;
    }
    if (p->len == p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 4;
        if (cap > ix->max_len) {
            cap = ix->max_len;
        }
        uint64_t *r = sl__realloc(p->refs, (size_t)cap * sizeof(*r));
        if (r == NULL) {
            if (p->len == 0) {
                /* Keep the invariant that a mapped term has a list. */
                sl__map_del(&ix->terms, term);
                ix->free_lists[ix->nfree++] = (uint32_t)(p - ix->lists);
            }
            return SL_ENOMEM;
        }
        p->refs = r;
        p->cap = cap;
    }
    p->refs[p->len++] = ref;
    ix->refs++;
    return SL_OK;
}

void sl__index_compact(sl_index *ix,
                       sl_posting *p,
                       sl_index_live_fn live,
                       void *payload)
{
    uint32_t k = 0;

    for (uint32_t i = 0; i < p->len; i++) {
        if (live(p->refs[i], payload)) {
            p->refs[k++] = p->refs[i];
        }
    }
    ix->refs -= p->len - k;
    p->len = k;
}

int sl__index_sweep(sl_index *ix, sl_index_live_fn live, void *payload)
{
    uint64_t *dead;
    size_t ndead = 0;

    dead = sl__malloc((ix->terms.count + 1) * sizeof(*dead));
    if (dead == NULL) {
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < ix->terms.cap; i++) {
        sl_map_slot *s = &ix->terms.slots[i];
        if (s->key == 0) {
            continue;
        }
        sl_posting *p = &ix->lists[s->val];
        sl__index_compact(ix, p, live, payload);
        if (p->len == 0) {
            dead[ndead++] = s->key;
        }
    }
    for (size_t i = 0; i < ndead; i++) {
        uint64_t *pos = sl__map_get(&ix->terms, dead[i]);
        sl_posting *p = &ix->lists[*pos];
        sl__free(p->refs);
        memset(p, 0, sizeof(*p));
        ix->free_lists[ix->nfree++] = (uint32_t)*pos;
        sl__map_del(&ix->terms, dead[i]);
    }
    sl__free(dead);
    return SL_OK;
}
