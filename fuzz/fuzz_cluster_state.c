/*
 * fuzz_cluster_state.c - any bytes -> sl_clusterer_load(), the reader of
 * the clusterer state the store keeps in story_state (docs/schema.md).
 *
 * A damaged state must be refused with a code, never trusted. Whenever a
 * load succeeds, the target checks what storyline/cluster.h promises:
 *
 *   - saving it gives bytes that load again and save to the same bytes;
 *   - the clusterer goes on: an article can be added, explained against
 *     another and looked up.
 */
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/cluster.h"

static void check_loaded(sl_clusterer *c)
{
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    sl_clusterer *again = NULL;
    sl_cluster_result r;
    sl_cluster_explain x;
    sl_cluster_doc d = { 0 }, e = { 0 };
    static const char *const names[] = { "Port Elwin", "Ada Brennan" };

    fuzz_check(sl_clusterer_save(&a, &na, c) == SL_OK);
    fuzz_check(sl_clusterer_load(&again, a, na) == SL_OK);
    fuzz_check(sl_clusterer_save(&b, &nb, again) == SL_OK);
    fuzz_check(na == nb && memcmp(a, b, na) == 0);
    d.id = "fuzz-1";
    d.title = "Storm closes the harbour bridge";
    d.text = "Waves broke over the harbour bridge on Tuesday and the mayor "
             "closed it until engineers inspect the piers.";
    d.published_ms = INT64_C(1700000000000);
    d.entities = names;
    d.entity_count = 2;
    e.id = "fuzz-2";
    e.title = "Harbour bridge shut";
    fuzz_check(sl_clusterer_add(&r, again, &d) == SL_OK);
    fuzz_check(r.event_id > 0 && r.storyline_id > 0);
    fuzz_check(sl_clusterer_explain(&x, again, &d, &e) == SL_OK);
    fuzz_check(x.score >= 0 && x.threshold > 0);
    uint64_t ev = 0;
    fuzz_check(sl_clusterer_lookup(&ev, NULL, again, "fuzz-1") == SL_OK);
    fuzz_check(ev == r.event_id);
    sl_free(a);
    sl_free(b);
    sl_clusterer_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_clusterer *c = NULL;
    int rc = sl_clusterer_load(&c, data, size);

    if (rc == SL_OK) {
        fuzz_check(c != NULL);
        check_loaded(c);
    } else {
        fuzz_check(rc == SL_EFORMAT || rc == SL_EINVAL || rc == SL_ENOMEM);
    }
    sl_clusterer_free(c);
    return 0;
}
