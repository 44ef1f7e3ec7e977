/*
 * util.c - file walking, size and time parsing, messages for the CLI.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "storyline/dates.h"

void cli_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "storyline %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(const char *dir, cli_file_cb cb, void *payload, int depth)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int stop = 0, oom = 0;

    if (depth > 64) {
        return 0;
    }
    d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "storyline: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **nn = realloc(names, ncap * sizeof(*nn));
            if (nn == NULL) {
                oom = 1;
                break;
            }
            names = nn;
            cap = ncap;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL) {
            oom = 1;
            break;
        }
        snprintf(names[n], len, "%s%s%s", dir,
                 dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    if (oom) {
        fprintf(stderr, "storyline: %s: out of memory listing the folder\n",
                dir);
        for (i = 0; i < n; i++) {
            free(names[i]);
        }
        free(names);
        return -1;
    }
    if (n > 1) {
        qsort(names, n, sizeof(*names), cmp_str);
    }
    for (i = 0; i < n && !stop; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            walk_dir(names[i], cb, payload, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            stop = cb(names[i], payload);
        }
    }
    for (i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    return 0;
}

int cli_walk(const char *path, cli_file_cb cb, void *payload)
{
    struct stat st;

    if (strcmp(path, "-") == 0) {
        cb(path, payload);
        return 0;
    }
    if (stat(path, &st) != 0) {
        fprintf(stderr, "storyline: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        return walk_dir(path, cb, payload, 0);
    }
    cb(path, payload);
    return 0;
}

int cli_parse_size(size_t *out, const char *s)
{
    char *end;
    unsigned long long v;
    unsigned long long mul = 1;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s) {
        return -1;
    }
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1024ULL;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1024ULL * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1024ULL * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b') {
        end++;
    }
    if (*end != '\0' || v > SIZE_MAX / mul) {
        return -1;
    }
    *out = (size_t)(v * mul);
    return 0;
}

int cli_parse_time(int64_t *out, const char *s)
{
    sl_date d;

    if (s[0] == '@') {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(s + 1, &end, 10);
        if (errno != 0 || *end != '\0' || end == s + 1) {
            return -1;
        }
        *out = (int64_t)v * 1000;
        return 0;
    }
    if (sl_date_parse(&d, s, strlen(s)) < 0) {
        return -1;
    }
    *out = sl_date_to_ms(&d);
    return 0;
}

int64_t cli_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t cli_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read one line of at most max bytes into *buf (grown with realloc),
 * without its '\n' and not NUL-terminated. Returns 1 for a line, 0 at
 * the end, -1 for a line over the cap (its rest is skipped), -2 when out
 * of memory. */
static int read_line(FILE *f, char **buf, size_t *cap, size_t *len, size_t max)
{
    int c;
    int over = 0;

    *len = 0;
    while ((c = getc_unlocked(f)) != EOF) {
        if (c == '\n') {
            return over ? -1 : 1;
        }
        if (over) {
            continue;
        }
        if (*len >= max) {
            over = 1;
            continue;
        }
        if (*len + 1 >= *cap) {
            size_t ncap = *cap ? *cap * 2 : 4096;
            char *p = realloc(*buf, ncap);
            if (p == NULL) {
                return -2;
            }
            *buf = p;
            *cap = ncap;
        }
        (*buf)[(*len)++] = (char)c;
    }
    if (over) {
        return -1;
    }
    return *len > 0 ? 1 : 0;
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
            return 0;
        }
    }
    return 1;
}

int cli_each_line(FILE *f, size_t max, cli_line_cb cb, void *ctx)
{
    char *line = NULL;
    size_t cap = 0, len = 0, lineno = 0;
    int r, rc = 0;

    while ((r = read_line(f, &line, &cap, &len, max)) != 0) {
        lineno++;
        if (r == -2) {
            rc = -2;
            break;
        }
        if (r == 1 && blank(line, len)) {
            continue;
        }
        if (cb(ctx, lineno, r == 1 ? line : NULL, r == 1 ? len : 0) != 0) {
            rc = 1;
            break;
        }
    }
    free(line);
    if (rc == 0 && ferror(f)) {
        rc = -1;
    }
    return rc;
}
