/*
 * provenance.h - copy detection and attribution, called by the store on
 * every put that adds or revises an article (store.c), and the
 * implementation of storyline/provenance.h.
 *
 * Steps for a new text X (provenance.c):
 *   1. analyse the body (doc.c): content sentences and fingerprints;
 *   2. candidates: articles sharing fingerprints, from the index
 *      (index.h), most shared first, at most SL__PROV_MAX_CANDIDATES;
 *      fingerprints held by more than SL__PROV_MAX_DF articles are page
 *      furniture or formula and vote for nobody;
 *   3. verify: align X with each candidate root and with at most
 *      SL__PROV_FAMILY_VERIFY other members of its family (align.c),
 *      candidates' analyses coming from a cache on the store handle,
 *      and keep pairs that share enough of the smaller text;
 *   4. orient each pair (which is the copy) and link X, and the articles
 *      found to copy X, to the root of the family;
 *   5. review the family when dates alone made its root (a spun root
 *      whose family copies another member's words; family timing);
 *   6. add X's fingerprints to the index.
 */
#ifndef SL_PROVENANCE_PROVENANCE_H
#define SL_PROVENANCE_PROVENANCE_H

#include <stdint.h>

#include "storyline/provenance.h"
#include "storyline/store.h"

#define SL__PROV_MAX_CANDIDATES 24
#define SL__PROV_MAX_DF         64
/* Postings kept per fingerprint: a lookup drops a fingerprint once it
 * has seen SL__PROV_MAX_DF + 1 holders besides the text itself (whose
 * earlier revision may be one), so more would never change a result. */
#define SL__PROV_KEEP_DF (SL__PROV_MAX_DF + 2)
/* Members of one family verified against a new text, besides its root. */
#define SL__PROV_FAMILY_VERIFY 1
/* Analysed bodies kept per store handle (provenance.c): 10 to 20 KB
 * each for a news article, so up to about 80 MB when every slot is
 * full. */
#define SL__PROV_CACHE_SLOTS 4096

typedef struct sl__prov_cache sl__prov_cache;

/* Free a store's cache of analysed bodies; NULL is a no-op. Called by
 * the index backend when the store closes. */
void sl__prov_cache_free(sl__prov_cache *c);

/* Detect the copy links of the text just stored as revision 'rev' of
 * article 'article_id'. Returns SL_OK, SL_EDB or SL_ENOMEM. */
int sl__prov_on_put(sl_store *st,
                    int64_t article_id,
                    int rev,
                    const sl_store_input *in,
                    int64_t published_ms);

#endif
