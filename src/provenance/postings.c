/*
 * postings.c - the fingerprint index: linear hashing over Rice-coded
 * bucket blobs (layout in postings.h and docs/schema.md).
 *
 * Why linear hashing: with a fixed number of buckets every bucket grows
 * with the store, and each new article rewrites some forty of them, so
 * the cost of an insert grew linearly (about 3x per article from 10,000
 * to 400,000 articles). Splitting one bucket at a time as postings
 * arrive keeps a bucket at about SL__POSTINGS_LOAD postings at any size,
 * and a split touches one old and two new rows.
 *
 * Why Rice codes: sorted article ids within a bucket differ by about
 * (articles / postings per bucket); a Rice code with the parameter fitted
 * to that mean spends close to the entropy of the gap, and the hash bits
 * below the bucket's address follow raw. The sum hardly depends on the
 * size of the store (postings.h), so bytes per article stay flat.
 */
#include "postings.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "index.h"
#include "store/backend.h"
#include "util/alloc.h"

enum { FORMAT_STALE = 0, FORMAT_LIVE = 1 };

uint32_t sl__postings_spread(uint32_t fp)
{
    /* murmur3's fmix32 of a shifted value: each step is a bijection. */
    return sl__prov_mix32(fp ^ 0x9e3779b9u);
}

void sl__postings_init(sl__postings *p)
{
    memset(p, 0, sizeof(*p));
}

void sl__postings_dispose(sl__postings *p)
{
    sl__free(p->key);
    sl__free(p->off);
    sl__free(p->n);
    sl__free(p->ents);
    memset(p, 0, sizeof(*p));
}

/*---- Codec ----*/

static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static const unsigned char *
get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
    uint64_t x = 0;

    for (int shift = 0; p < end && shift < 64; shift += 7) {
        unsigned char c = *p++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return p;
        }
    }
    return NULL;
}

static uint64_t low_bits(uint64_t v, unsigned n)
{
    return n >= 64 ? v : v & ((UINT64_C(1) << n) - 1);
}

/* Largest Rice parameter: a remainder is read in one step. */
#define MAX_K 56

typedef struct bitw {
    unsigned char *p;
    uint64_t acc;
    unsigned nacc; /* < 32 between calls */
} bitw;

/* Append the low 'n' (<= 32) bits of 'v'. */
static void bw_put(bitw *w, uint64_t v, unsigned n)
{
    w->acc |= low_bits(v, n) << w->nacc;
    w->nacc += n;
    if (w->nacc >= 32) {
        uint64_t a = w->acc;
        w->p[0] = (unsigned char)a;
        w->p[1] = (unsigned char)(a >> 8);
        w->p[2] = (unsigned char)(a >> 16);
        w->p[3] = (unsigned char)(a >> 24);
        w->p += 4;
        w->acc = a >> 32;
        w->nacc -= 32;
    }
}

/* The bits left in the accumulator, zero-padded to a byte. */
static void bw_flush(bitw *w)
{
    while (w->nacc > 0) {
        *w->p++ = (unsigned char)w->acc;
        w->acc >>= 8;
        w->nacc = w->nacc > 8 ? w->nacc - 8 : 0;
    }
}

int sl__postings_encode(const sl__posting *v,
                        size_t n,
                        unsigned tagbits,
                        sl_buf *out)
{
    unsigned char head[24];
    size_t hn;
    unsigned k = 0;
    uint64_t bits = tagbits;
    int rc;

    if (tagbits > 32) {
        return SL_EINVAL;
    }
    hn = put_varint(head, n);
    if (n == 0) {
        return sl__buf_add(out, head, hn);
    }
    if (v[0].id < 0) {
        return SL_EINVAL;
    }
    for (size_t i = 1; i < n; i++) {
        if (v[i].id < v[i - 1].id) {
            return SL_EINVAL;
        }
    }
    hn += put_varint(head + hn, (uint64_t)v[0].id);
    if (n > 1) {
        /* The parameter near log2 of the mean gap, the best of three:
         * the unary parts of the three in one pass. */
        uint64_t mean = (uint64_t)(v[n - 1].id - v[0].id) / (n - 1);
        uint64_t q[3] = { 0, 0, 0 };
        unsigned k0 = 1;
        while (k0 < MAX_K - 1 && (UINT64_C(2) << k0) <= mean) {
            k0++;
        }
        for (size_t i = 1; i < n; i++) {
            uint64_t gap = (uint64_t)(v[i].id - v[i - 1].id);
            q[0] += gap >> (k0 - 1);
            q[1] += gap >> k0;
            q[2] += gap >> (k0 + 1);
        }
        uint64_t best = UINT64_MAX;
        for (unsigned c = 0; c < 3; c++) {
            uint64_t b = q[c] + (uint64_t)(n - 1) * (k0 + c);
            if (b < best) {
                best = b;
                k = k0 - 1 + c;
            }
        }
        bits += best + (uint64_t)(n - 1) * tagbits;
    }
    head[hn++] = (unsigned char)k;
    if (bits / 8 > SIZE_MAX / 2) {
        return SL_ELIMIT;
    }
    size_t bytes = (size_t)((bits + 7) / 8);
    rc = sl__buf_grow(out, hn + bytes + 8);
    if (rc < 0) {
        return rc;
    }
    memcpy(out->ptr + out->len, head, hn);
    bitw w = { (unsigned char *)out->ptr + out->len + hn, 0, 0 };
    bw_put(&w, v[0].h, tagbits);
    for (size_t i = 1; i < n; i++) {
        uint64_t gap = (uint64_t)(v[i].id - v[i - 1].id);
        uint64_t q = gap >> k;
        while (q >= 32) {
            bw_put(&w, 0xffffffffu, 32);
            q -= 32;
        }
        bw_put(&w, (UINT64_C(1) << q) - 1, (unsigned)q + 1); /* q ones, 0 */
        if (k > 32) {
            bw_put(&w, gap, 32);
            bw_put(&w, gap >> 32, k - 32);
        } else {
            bw_put(&w, gap, k);
        }
        bw_put(&w, v[i].h, tagbits);
    }
    bw_flush(&w);
    out->len += hn + bytes;
    out->ptr[out->len] = '\0';
    return SL_OK;
}

static uint64_t load_le64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
           (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
           (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

int sl__postings_decode(const void *data,
                        size_t len,
                        unsigned tagbits,
                        uint32_t prefix,
                        sl__posting **v,
                        size_t *n,
                        size_t *cap)
{
    const unsigned char *p = data, *end = p + len;
    uint64_t count, id, acc = 0;
    unsigned k, nacc = 0; /* bits buffered in acc, at most 63 */
    uint32_t top;

    if (tagbits > 32) {
        return SL_EINVAL;
    }
    top = tagbits >= 32 ? 0 : (uint32_t)((uint64_t)prefix << tagbits);
    p = get_varint(p, end, &count);
    if (p == NULL) {
        return SL_EFORMAT;
    }
    if (count == 0) {
        return p == end ? SL_OK : SL_EFORMAT;
    }
    p = get_varint(p, end, &id);
    if (p == NULL || p == end || count > SL__POSTINGS_MAX_BUCKET ||
        id > INT64_MAX) {
        return SL_EFORMAT;
    }
    k = *p++;
    /* Every posting but the first takes at least k + 1 bits. */
    if (k > MAX_K || (count - 1) * (k + 1) > (uint64_t)(end - p) * 8) {
        return SL_EFORMAT;
    }
    if (*n + count > *cap) {
        size_t want = *n + (size_t)count;
        size_t c = *cap ? *cap : 64;
        while (c < want) {
            c *= 2;
        }
        sl__posting *nv = sl__realloc(*v, c * sizeof(*nv));
        if (nv == NULL) {
            return SL_ENOMEM;
        }
        *v = nv;
        *cap = c;
    }
    /* Refill to at least 56 bits, or all that remain. With eight bytes
     * at hand, one load: its bits past the new count are the next
     * bytes', so OR-ing them in again later changes nothing. */
#define FILL()                             \
    if (end - p >= 8) {                    \
        acc |= load_le64(p) << nacc;       \
        p += (63 - nacc) >> 3;             \
        nacc |= 56;                        \
    } else {                               \
        while (nacc < 56 && p < end) {     \
            acc |= (uint64_t)*p++ << nacc; \
            nacc += 8;                     \
        }                                  \
    }
    sl__posting *out = *v + *n;
    for (uint64_t i = 0; i < count; i++) {
        FILL(); /* one refill serves most postings whole */
        if (i > 0) {
            uint64_t q = 0, gap;
            for (;;) {
                uint64_t zeros = ~acc & ((UINT64_C(1) << nacc) - 1);
                if (zeros != 0) {
                    unsigned t = (unsigned)__builtin_ctzll(zeros);
                    q += t;
                    acc >>= t + 1;
                    nacc -= t + 1;
                    break;
                }
                if (nacc == 0) {
                    return SL_EFORMAT;
                }
                q += nacc;
                acc = 0;
                nacc = 0;
                FILL();
            }
            if (nacc < k) {
                FILL();
                if (nacc < k) {
                    return SL_EFORMAT;
                }
            }
            if (q > ((uint64_t)INT64_MAX >> k)) {
                return SL_EFORMAT;
            }
            gap = q << k | low_bits(acc, k);
            acc >>= k;
            nacc -= k;
            if (gap > (uint64_t)INT64_MAX - id) {
                return SL_EFORMAT;
            }
            id += gap;
        }
        if (nacc < tagbits) {
            FILL();
            if (nacc < tagbits) {
                return SL_EFORMAT;
            }
        }
        out[i].id = (int64_t)id;
        out[i].h = top | (uint32_t)low_bits(acc, tagbits);
        acc >>= tagbits;
        nacc -= tagbits;
    }
#undef FILL
    /* Only zero padding may follow. */
    if (p != end || nacc >= 8 || acc != 0) {
        return SL_EFORMAT;
    }
    *n += (size_t)count;
    return SL_OK;
}

/*---- Addressing ----*/

/* The key of the bucket holding h: (1 << bits) | top 'bits' bits. */
static uint64_t key_of(const sl__postings *p, uint32_t h)
{
    unsigned bits = p->level;
    uint32_t top = bits ? h >> (32 - bits) : 0;

    if (top < p->split) {
        bits++;
        top = h >> (32 - bits);
    }
    return UINT64_C(1) << bits | top;
}

static unsigned key_bits(uint64_t key)
{
    return 63u - (unsigned)__builtin_clzll(key);
}

static uint32_t key_prefix(uint64_t key)
{
    return (uint32_t)(key & ((UINT64_C(1) << key_bits(key)) - 1));
}

/*---- Header ----*/

static int header_read(sl_store *st, sl__postings *p)
{
    sl_buf b;
    int rc;

    p->level = 0;
    p->split = 0;
    p->count = 0;
    p->stale = 0;
    sl__buf_init(&b, 0);
    rc = st->ops->prov->bucket_get(st, 0, &b);
    if (rc == SL_OK && b.len > 0) {
        const unsigned char *q = (const unsigned char *)b.ptr;
        const unsigned char *end = q + b.len;
        uint64_t level = 0, split = 0, count = 0;
        if (q[0] == FORMAT_STALE) {
            p->stale = 1;
        } else if (q[0] != FORMAT_LIVE ||
                   (q = get_varint(q + 1, end, &level)) == NULL ||
                   (q = get_varint(q, end, &split)) == NULL ||
                   (q = get_varint(q, end, &count)) == NULL ||
                   level > SL__POSTINGS_MAX_LEVEL ||
                   split >= (UINT64_C(1) << level) ||
                   (level == SL__POSTINGS_MAX_LEVEL && split != 0)) {
            rc = sl__store_seterr(st, SL_EDB,
                                  "corrupt fingerprint index header");
        } else {
            p->level = (uint32_t)level;
            p->split = (uint32_t)split;
            p->count = count;
        }
    }
    sl__buf_dispose(&b);
    return rc;
}

static int header_write(sl_store *st, const sl__postings *p)
{
    unsigned char h[32];
    size_t n = 0;

    h[n++] = FORMAT_LIVE;
    n += put_varint(h + n, p->level);
    n += put_varint(h + n, p->split);
    n += put_varint(h + n, p->count);
    return st->ops->prov->bucket_put(st, 0, h, n);
}

int sl__postings_mark_live(sl_store *st, sl__postings *p)
{
    p->stale = 0;
    return header_write(st, p);
}

/*---- Buckets ----*/

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

static int corrupt(sl_store *st, int rc)
{
    if (rc == SL_EFORMAT || rc == SL_EINVAL) {
        return sl__store_seterr(st, SL_EDB, "corrupt fingerprint index");
    }
    return rc;
}

/* Read bucket 'key' and append its postings to *v. */
static int read_bucket(sl_store *st,
                       uint64_t key,
                       sl_buf *scratch,
                       sl__posting **v,
                       size_t *n,
                       size_t *cap)
{
    int rc;

    sl__buf_reset(scratch);
    rc = st->ops->prov->bucket_get(st, (int64_t)key, scratch);
    if (rc == SL_OK && scratch->len > 0) {
        rc = sl__postings_decode(scratch->ptr, scratch->len, 32 - key_bits(key),
                                 key_prefix(key), v, n, cap);
    }
    return corrupt(st, rc);
}

static int write_bucket(
    sl_store *st, uint64_t key, const sl__posting *v, size_t n, sl_buf *scratch)
{
    int rc;

    if (n == 0) {
        return st->ops->prov->bucket_del(st, (int64_t)key);
    }
    sl__buf_reset(scratch);
    rc = sl__postings_encode(v, n, 32 - key_bits(key), scratch);
    if (rc == SL_OK) {
        rc = st->ops->prov->bucket_put(st, (int64_t)key, scratch->ptr,
                                       scratch->len);
    }
    return corrupt(st, rc);
}

int sl__postings_load(sl_store *st,
                      sl__postings *p,
                      const uint32_t *fps,
                      size_t n)
{
    sl_buf scratch;
    size_t nk = 0;
    int rc;

    p->nb = 0;
    p->nents = 0;
    rc = header_read(st, p);
    if (rc < 0 || n == 0) {
        return rc;
    }
    if (n > p->cap_b) {
        uint64_t *key = sl__realloc(p->key, n * sizeof(*key));
        if (key != NULL) {
            p->key = key;
        }
        size_t *off = sl__realloc(p->off, n * sizeof(*off));
        if (off != NULL) {
            p->off = off;
        }
        size_t *cnt = sl__realloc(p->n, n * sizeof(*cnt));
        if (cnt != NULL) {
            p->n = cnt;
        }
        if (key == NULL || off == NULL || cnt == NULL) {
            return SL_ENOMEM;
        }
        p->cap_b = n;
    }
    for (size_t i = 0; i < n; i++) {
        p->key[i] = key_of(p, sl__postings_spread(fps[i]));
    }
    qsort(p->key, n, sizeof(*p->key), cmp_u64);
    for (size_t i = 0; i < n; i++) {
        if (nk == 0 || p->key[nk - 1] != p->key[i]) {
            p->key[nk++] = p->key[i];
        }
    }
    sl__buf_init(&scratch, 0);
    for (size_t i = 0; i < nk && rc == SL_OK; i++) {
        p->off[i] = p->nents;
        rc = read_bucket(st, p->key[i], &scratch, &p->ents, &p->nents,
                         &p->cap_ents);
        p->n[i] = p->nents - p->off[i];
        p->nb = i + 1;
    }
    sl__buf_dispose(&scratch);
    return rc;
}

/* Index of the loaded bucket 'key'; p->nb when absent. */
static size_t find_bucket(const sl__postings *p, uint64_t key)
{
    size_t lo = 0, hi = p->nb;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->key[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < p->nb && p->key[lo] == key ? lo : p->nb;
}

int sl__postings_each(const sl__postings *p,
                      uint32_t fp,
                      int (*cb)(int64_t id, void *payload),
                      void *payload)
{
    uint32_t h = sl__postings_spread(fp);
    size_t b = find_bucket(p, key_of(p, h));
    int64_t last = -1;

    if (b == p->nb) {
        return 0;
    }
    const sl__posting *v = p->ents + p->off[b];
    for (size_t i = 0; i < p->n[b]; i++) {
        if (v[i].h == h && v[i].id != last) {
            last = v[i].id;
            int rc = cb(v[i].id, payload);
            if (rc != 0) {
                return rc;
            }
        }
    }
    return 0;
}

static int cmp_posting(const void *a, const void *b)
{
    const sl__posting *x = a, *y = b;

    if (x->id != y->id) {
        return x->id < y->id ? -1 : 1;
    }
    return x->h < y->h ? -1 : (x->h > y->h ? 1 : 0);
}

/* Split bucket 'split' of level 'level' in two on its next bit. */
static int split_one(sl_store *st,
                     sl__postings *p,
                     sl__posting **v,
                     size_t *cap,
                     sl_buf *scratch)
{
    uint64_t key = UINT64_C(1) << p->level | p->split;
    uint64_t lo_key = UINT64_C(1) << (p->level + 1) | (uint64_t)p->split << 1;
    unsigned childbits = 31 - p->level; /* tag bits in a child */
    size_t n = 0, nlo = 0;
    int rc;

    rc = read_bucket(st, key, scratch, v, &n, cap);
    if (rc < 0) {
        return rc;
    }
    /* Stable partition on the bit below the children's address: each
     * half stays sorted. */
    sl__posting *a = *v;
    if (n > 0) {
        sl__posting *tmp = sl__malloc(n * sizeof(*tmp));
        size_t nhi = 0;
        if (tmp == NULL) {
            return SL_ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            if ((a[i].h >> childbits) & 1) {
                tmp[nhi++] = a[i];
            } else {
                a[nlo++] = a[i];
            }
        }
        memcpy(a + nlo, tmp, nhi * sizeof(*tmp));
        sl__free(tmp);
    }
    rc = st->ops->prov->bucket_del(st, (int64_t)key);
    if (rc == SL_OK) {
        rc = write_bucket(st, lo_key, a, nlo, scratch);
    }
    if (rc == SL_OK) {
        rc = write_bucket(st, lo_key | 1, a + nlo, n - nlo, scratch);
    }
    if (rc == SL_OK && ++p->split == UINT32_C(1) << p->level) {
        p->level++;
        p->split = 0;
    }
    return rc;
}

typedef struct keyed {
    uint64_t key;
    uint32_t h;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;

    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    return x->h < y->h ? -1 : (x->h > y->h ? 1 : 0);
}

/* The postings of 'h' among v[0..n). */
static size_t held_by(const sl__posting *v, size_t n, uint32_t h)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++) {
        c += v[i].h == h;
    }
    return c;
}

int sl__postings_add(sl_store *st,
                     sl__postings *p,
                     const uint32_t *fps,
                     size_t n,
                     int64_t id,
                     size_t max_df)
{
    keyed *add = NULL;
    sl__posting *merged = NULL;
    size_t cap = 0;
    sl_buf scratch;
    int rc = SL_OK;

    if (n == 0) {
        return SL_OK;
    }
    if (id < 0) {
        return SL_EINVAL;
    }
    add = sl__malloc(n * sizeof(*add));
    if (add == NULL) {
        return SL_ENOMEM;
    }
    /* By bucket, then by h: each bucket's new postings in a run. */
    for (size_t i = 0; i < n; i++) {
        add[i].h = sl__postings_spread(fps[i]);
        add[i].key = key_of(p, add[i].h);
    }
    qsort(add, n, sizeof(*add), cmp_keyed);
    sl__buf_init(&scratch, 0);
    for (size_t i = 0; i < n && rc == SL_OK;) {
        uint64_t key = add[i].key;
        size_t b = find_bucket(p, key), j = i, m = 0, old;
        if (b == p->nb) {
            rc = SL_EINVAL; /* not loaded: a caller error */
            break;
        }
        while (j < n && add[j].key == key) {
            j++;
        }
        old = p->n[b];
        if (old + (j - i) > cap) {
            cap = old + (j - i);
            sl__posting *nm = sl__realloc(merged, cap * sizeof(*nm));
            if (nm == NULL) {
                rc = SL_ENOMEM;
                break;
            }
            merged = nm;
        }
        /* Merge: old postings are sorted, the new ones share 'id' and
         * come in increasing h; a posting already there is kept once. */
        const sl__posting *o = p->ents + p->off[b];
        size_t a = 0;
        for (size_t k = i; k < j; k++) {
            sl__posting e = { id, add[k].h };
            if (max_df > 0 && held_by(o, old, e.h) >= max_df) {
                continue; /* common enough: one more changes nothing */
            }
            while (a < old && cmp_posting(&o[a], &e) <= 0) {
                merged[m++] = o[a++];
            }
            if (m == 0 || cmp_posting(&merged[m - 1], &e) != 0) {
                merged[m++] = e;
            }
        }
        while (a < old) {
            merged[m++] = o[a++];
        }
        p->count += m - old;
        rc = write_bucket(st, key, merged, m, &scratch);
        i = j;
    }
    sl__free(add);
    /* The loaded buckets are stale from here on. */
    p->nb = 0;
    p->nents = 0;
    while (rc == SL_OK && p->level < SL__POSTINGS_MAX_LEVEL &&
           p->count > (uint64_t)SL__POSTINGS_LOAD *
                          ((UINT64_C(1) << p->level) + p->split)) {
        rc = split_one(st, p, &merged, &cap, &scratch);
    }
    if (rc == SL_OK) {
        rc = header_write(st, p);
    }
    sl__free(merged);
    sl__buf_dispose(&scratch);
    return rc == SL_EINVAL ? corrupt(st, rc) : rc;
}
