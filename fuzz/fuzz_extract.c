/*
 * fuzz_extract.c - HTML bytes -> sl_extract(), in both body formats.
 *
 * Any byte string must give either an article or an error code, never a
 * crash, a leak or a sanitizer report. Beyond that the target checks what
 * storyline/extract.h promises, and aborts when a promise is broken:
 *
 *   - input longer than max_bytes gives SL_ELIMIT; on error *out is NULL
 *     and the code is one extract.h lists;
 *   - every string of an article is valid UTF-8 (RFC 3629: no overlong
 *     forms, no surrogates, nothing past U+10FFFF), the body and charset
 *     are never NULL, the author list is as long as author_count says;
 *   - sl_article_to_json() gives one line of valid JSON;
 *   - the same bytes and options give the same JSON twice.
 *
 * max_bytes is kept small (64 KiB) so that the SL_ELIMIT path is reached
 * and each run stays fast. A URL with a date in its path and a reference
 * time are passed, so the URL and date code paths run as well.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "storyline/extract.h"

#define FUZZ_MAX_BYTES ((size_t)64 * 1024)

static void check_str(const char *s)
{
    fuzz_check(s == NULL || fuzz_valid_utf8(s));
}

static void check_article(const sl_article *a)
{
    fuzz_check(a != NULL);
    fuzz_check(a->body != NULL && a->charset != NULL);
    fuzz_check(a->author_count == 0 || a->authors != NULL);
    for (size_t i = 0; i < a->author_count; i++) {
        fuzz_check(a->authors[i] != NULL);
        check_str(a->authors[i]);
    }
    check_str(a->url);
    check_str(a->title);
    check_str(a->published);
    check_str(a->modified);
    check_str(a->site_name);
    check_str(a->lang);
    check_str(a->description);
    check_str(a->body);
    check_str(a->charset);
}

/* Extract with 'fmt'; return the article's JSON (caller frees with
 * sl_free()), or NULL when extraction failed as it may. */
static char *run(const uint8_t *data, size_t size, sl_body_format fmt)
{
    static sl_article sentinel;
    sl_extract_options o = { 0 };
    sl_article *a = &sentinel; /* sl_extract() must reset it on error */
    char *json = NULL;
    size_t len = 0;
    int rc;

    o.max_bytes = FUZZ_MAX_BYTES;
    o.format = fmt;
    o.url = "https://news.example/2021/03/04/story.html";
    o.now_ms = INT64_C(1735689600000); /* 2025-01-01T00:00:00Z */
    rc = sl_extract(&a, (const char *)data, size, &o);
    if (size > FUZZ_MAX_BYTES) {
        fuzz_check(rc == SL_ELIMIT);
    }
    if (rc < 0) {
        fuzz_check(a == NULL);
        fuzz_check(rc == SL_ELIMIT || rc == SL_EINVAL || rc == SL_ENOMEM);
        return NULL;
    }
    fuzz_check(rc == SL_OK);
    check_article(a);
    rc = sl_article_to_json(&json, &len, a, "page.html");
    fuzz_check(rc == SL_OK && json != NULL && strlen(json) == len);
    fuzz_check(fuzz_valid_utf8(json) && memchr(json, '\n', len) == NULL);
    json_error_t err;
    json_t *j = json_loadb(json, len, 0, &err);
    fuzz_check(j != NULL && json_is_object(j));
    json_decref(j);
    sl_article_free(a);
    return json;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sl_extract_global_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = run(data, size, SL_BODY_TEXT);
    char *again = run(data, size, SL_BODY_TEXT);
    char *md = run(data, size, SL_BODY_MARKDOWN);

    /* Determinism; markdown fails exactly when text does. */
    fuzz_check((text == NULL) == (again == NULL) &&
               (text == NULL) == (md == NULL));
    fuzz_check(text == NULL || strcmp(text, again) == 0);
    sl_free(text);
    sl_free(again);
    sl_free(md);
    return 0;
}
