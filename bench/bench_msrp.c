/*
 * bench_msrp.c - the rewrite similarity of provenance on sentence pairs:
 * accuracy and F1 of "similarity >= threshold" against the paraphrase
 * labels of the Microsoft Research Paraphrase Corpus (Dolan, Quirk and
 * Brockett 2004), or any file in its layout.
 *
 * Each sentence is analysed as a body of its own (src/provenance/doc.c)
 * and a pair's similarity is the Dice coefficient of their content-word
 * sets, the measure align.c uses to match a sentence with its rewrite.
 * One line:
 *
 *   stage=msrp pairs=N threshold=T accuracy=... F1=... P=... R=...
 *     best_threshold=... best_accuracy=...
 *
 * at the threshold alignment uses (SL__PROV_SENT_MIN_SIM), and the
 * threshold with the best accuracy on the file, in steps of 0.01.
 *
 * Input: UTF-8 (a byte order mark is skipped), tab-separated, a header
 * line, then "Quality  #1 ID  #2 ID  #1 String  #2 String" (split on
 * tabs only: the strings hold unbalanced quotes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/align.h"
#include "provenance/doc.h"

/* Longest sentence read; longer ones are cut. */
#define MAX_SENTENCE 4096

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

/* The content-word hashes of 'd', sorted and unique, into 'out' (which
 * the caller frees); the count. */
static size_t word_set(const sl__prov_doc *d, uint32_t **out)
{
    uint32_t *v = malloc((d->ntok ? d->ntok : 1) * sizeof(*v));
    size_t n = 0;

    if (v == NULL) {
        *out = NULL;
        return 0;
    }
    for (size_t i = 0; i < d->ntok; i++) {
        v[i] = d->toks[i].h;
    }
    qsort(v, d->ntok, sizeof(*v), cmp_u32);
    for (size_t i = 0; i < d->ntok; i++) {
        if (n == 0 || v[n - 1] != v[i]) {
            v[n++] = v[i];
        }
    }
    *out = v;
    return n;
}

/* Dice similarity of the content words of two sentences. */
static double
similarity(sl__prov_doc *a, sl__prov_doc *b, const char *x, const char *y)
{
    char bx[MAX_SENTENCE + 3], by[MAX_SENTENCE + 3];
    uint32_t *sa = NULL, *sb = NULL;
    size_t na, nb, i = 0, j = 0, common = 0;

    /* A closing full stop keeps a short sentence from being read as a
     * headline or caption by the boilerplate filter. */
    snprintf(bx, sizeof(bx), "%.*s .", MAX_SENTENCE, x);
    snprintf(by, sizeof(by), "%.*s .", MAX_SENTENCE, y);
    if (sl__prov_doc_build(a, bx, strlen(bx)) != 0 ||
        sl__prov_doc_build(b, by, strlen(by)) != 0) {
        return 0;
    }
    na = word_set(a, &sa);
    nb = word_set(b, &sb);
    while (i < na && j < nb) {
        if (sa[i] == sb[j]) {
            common++;
            i++;
            j++;
        } else if (sa[i] < sb[j]) {
            i++;
        } else {
            j++;
        }
    }
    free(sa);
    free(sb);
    return na + nb ? 2.0 * (double)common / (double)(na + nb) : 0;
}

typedef struct score {
    double accuracy, f1, p, r;
} score;

static score score_at(const double *sim, const int *label, size_t n, double t)
{
    size_t tp = 0, fp = 0, fn = 0, tn = 0;
    score s;

    for (size_t i = 0; i < n; i++) {
        int said = sim[i] >= t;
        tp += said && label[i];
        fp += said && !label[i];
        fn += !said && label[i];
        tn += !said && !label[i];
    }
    s.accuracy = n ? (double)(tp + tn) / (double)n : 0;
    s.p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
    s.r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    s.f1 = s.p + s.r > 0 ? 2 * s.p * s.r / (s.p + s.r) : 0;
    return s;
}

int main(int argc, char **argv)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0, room = 0;
    double *sim = NULL;
    int *label = NULL;
    sl__prov_doc a, b;

    if (argc != 2) {
        fprintf(stderr, "usage: bench_msrp msr_paraphrase_train.txt\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    sl__prov_doc_init(&a);
    sl__prov_doc_init(&b);
    for (int first = 1; getline(&line, &cap, f) > 0; first = 0) {
        char *col[5], *p = line;
        int k = 0;

        if (first) {
            continue; /* header */
        }
        line[strcspn(line, "\r\n")] = '\0';
        col[k++] = p;
        for (; *p != '\0' && k < 5; p++) {
            if (*p == '\t') {
                *p = '\0';
                col[k++] = p + 1;
            }
        }
        if (k < 5) {
            continue;
        }
        if (n == room) {
            room = room ? room * 2 : 4096;
            double *ns = realloc(sim, room * sizeof(*ns));
            int *nl = realloc(label, room * sizeof(*nl));
            if (ns == NULL || nl == NULL) {
                fprintf(stderr, "bench_msrp: out of memory\n");
                return 1;
            }
            sim = ns;
            label = nl;
        }
        /* The quality column may follow a byte order mark. */
        label[n] = strchr(col[0], '1') != NULL;
        sim[n] = similarity(&a, &b, col[3], col[4]);
        n++;
    }
    fclose(f);
    free(line);
    sl__prov_doc_dispose(&a);
    sl__prov_doc_dispose(&b);
    if (n == 0) {
        fprintf(stderr, "bench_msrp: no pairs in %s\n", argv[1]);
        return 1;
    }
    double best_t = 0;
    score best = { 0 };
    for (int i = 0; i <= 100; i++) {
        score s = score_at(sim, label, n, i / 100.0);
        if (s.accuracy > best.accuracy) {
            best = s;
            best_t = i / 100.0;
        }
    }
    score s = score_at(sim, label, n, SL__PROV_SENT_MIN_SIM);
    printf("stage=msrp pairs=%zu threshold=%.2f accuracy=%.3f F1=%.3f "
           "P=%.3f R=%.3f best_threshold=%.2f best_accuracy=%.3f "
           "best_F1=%.3f\n",
           n, SL__PROV_SENT_MIN_SIM, s.accuracy, s.f1, s.p, s.r, best_t,
           best.accuracy, best.f1);
    free(sim);
    free(label);
    return 0;
}
