/*
 * fetch_driver.c - run sl_fetch_urls() on a URL list, print what it gives.
 *
 * usage: fetch_driver LIST [--delay-ms N] [--timeout-ms N]
 *                          [--max-bytes N] [--max-redirects N]
 *
 * Prints one line per callback, in order, for tests/fetch/fetch_local.sh:
 *
 *   doc WHERE URL bytes=N title=TITLE time=ok|bad
 *   error WHERE MESSAGE
 *
 * then "rc=CODE". TITLE is the text of the page's <title>, "-" if none;
 * time=ok when fetched_ms lies within the wall-clock span of the call.
 * Exit status 0 when sl_fetch_urls() returned SL_OK, 1 otherwise, 2 on
 * bad usage. Only the public API is used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storyline/ingest.h"

#define LIST_MAX_BYTES (1024 * 1024)

typedef struct run {
    int64_t start_ms;
} run;

static int64_t wall_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int on_doc(const sl_doc *d, void *payload)
{
    const run *r = payload;
    const char *t = NULL, *e = NULL;
    int64_t now = wall_ms();

    if (d->html != NULL) {
        t = strstr(d->html, "<title>");
    }
    if (t != NULL) {
        t += strlen("<title>");
        e = strstr(t, "</title>");
    }
    if (d->kind == SL_DOC_TEXT) {
        /* A feed item. */
        printf("item %s %s title=%s\n", d->where, d->url ? d->url : "-",
               d->title ? d->title : "-");
        return 0;
    }
    printf("doc %s %s bytes=%zu title=%.*s time=%s\n", d->where, d->url,
           d->html_len, e != NULL ? (int)(e - t) : 1, e != NULL ? t : "-",
           d->kind == SL_DOC_HTML && d->fetched_ms >= r->start_ms &&
                   d->fetched_ms <= now
               ? "ok"
               : "bad");
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    (void)payload;
    printf("error %s %s\n", where, msg);
}

int main(int argc, char **argv)
{
    sl_fetch_options fo = { 0 };
    sl_ingest_options io = { 0 };
    run r;
    char *list;
    size_t len;
    FILE *fp;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: fetch_driver LIST [--delay-ms N] ...\n");
        return 2;
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        long v = strtol(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--delay-ms") == 0) {
            fo.host_delay_ms = v;
        } else if (strcmp(argv[i], "--timeout-ms") == 0) {
            fo.timeout_ms = v;
        } else if (strcmp(argv[i], "--max-bytes") == 0) {
            fo.max_bytes = (size_t)v;
        } else if (strcmp(argv[i], "--max-redirects") == 0) {
            fo.max_redirects = v;
        } else {
            fprintf(stderr, "fetch_driver: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    fp = fopen(argv[1], "rb");
    if (fp == NULL) {
        perror(argv[1]);
        return 2;
    }
    list = malloc(LIST_MAX_BYTES);
    if (list == NULL) {
        fclose(fp);
        return 2;
    }
    len = fread(list, 1, LIST_MAX_BYTES, fp);
    fclose(fp);
    io.on_doc = on_doc;
    io.on_error = on_error;
    io.payload = &r;
    r.start_ms = wall_ms();
    rc = sl_fetch_urls(list, len, argv[1], &fo, &io);
    printf("rc=%d\n", rc);
    free(list);
    return rc == SL_OK ? 0 : 1;
}
