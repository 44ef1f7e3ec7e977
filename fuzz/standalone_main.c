/*
 * standalone_main.c - replay fuzz inputs without libFuzzer.
 *
 * usage: fuzz_<target> PATH...
 *
 * Each PATH is a file, or a folder whose regular files are replayed in
 * byte order of names (hidden entries skipped, not recursive). Every
 * input is handed to LLVMFuzzerTestOneInput() as libFuzzer would: in a
 * fresh heap buffer of exactly its size, so that the sanitizers catch a
 * read one byte past the end. This is how the committed corpora in
 * fuzz/corpus/<target>/ run under ctest in builds without libFuzzer (as
 * libgit2's fuzzers/standalone_driver.c).
 *
 * Exit status: 0 when every input ran, 1 if a file could not be read or
 * no input was found; a bug in the target aborts the process instead.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Defined by the target or not: libFuzzer treats it the same way. */
extern int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t len = 0, cap = 0, n;
    int rc = -1;

    if (f == NULL) {
        fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            unsigned char *nd = realloc(data, cap);
            if (nd == NULL) {
                fprintf(stderr, "fuzz: %s: out of memory\n", path);
                goto out;
            }
            data = nd;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "fuzz: %s: read error\n", path);
        goto out;
    }
    /* An exact-size copy: the slack in 'data' would hide overreads. */
    unsigned char *exact = malloc(len ? len : 1);
    if (exact == NULL) {
        fprintf(stderr, "fuzz: %s: out of memory\n", path);
        goto out;
    }
    memcpy(exact, data, len);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    rc = 0;
out:
    free(data);
    fclose(f);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file in 'dir'; add the count to '*ran'. */
static int run_dir(const char *dir, size_t *ran)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "fuzz: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char **nn = realloc(names, (n + 1) * sizeof(*nn));
        if (nn == NULL || (nn[n] = malloc(len)) == NULL) {
            names = nn ? nn : names;
            rc = -1;
            break;
        }
        names = nn;
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) {
        qsort(names, n, sizeof(*names), cmp_names);
    }
    for (i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i]) < 0) {
                rc = -1;
            } else {
                (*ran)++;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t ran = 0;
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 1;
    }
    if (LLVMFuzzerInitialize != NULL) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "fuzz: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &ran) < 0) {
                rc = 1;
            }
        } else if (run_file(argv[i]) < 0) {
            rc = 1;
        } else {
            ran++;
        }
    }
    printf("%s: %zu inputs replayed\n", argv[0], ran);
    if (ran == 0) {
        fprintf(stderr, "fuzz: no input found\n");
        rc = 1;
    }
    return rc;
}
