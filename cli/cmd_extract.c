/*
 * cmd_extract.c - `storyline extract`: pages in, JSON Lines out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char help[] =
    "NAME\n"
    "    storyline extract - extract articles from HTML pages\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline extract [OPTIONS] [FILE|DIR|-]...\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads each HTML page (plain or gzip-compressed, recognised by its\n"
    "    bytes) and prints one JSON object per page on standard output, one\n"
    "    per line. A DIR is walked recursively in name order, skipping\n"
    "    hidden entries; '-' or no argument reads one page from standard\n"
    "    input. The page's charset is taken from its byte order mark or\n"
    "    <meta> declaration and checked against its bytes; the output is\n"
    "    always valid UTF-8.\n"
    "\n"
    "OUTPUT\n"
    "    path              the input file as given or found\n"
    "    url               canonical URL (<link rel=canonical>, og:url),\n"
    "                      else the URL given with --url or --url-map\n"
    "    title             headline\n"
    "    authors           list of author names\n"
    "    published         publication date, ISO 8601 as the page states\n"
    "                      it (its own UTC offset kept, the day unshifted)\n"
    "    published_source  evidence that gave the date: json-ld, meta,\n"
    "                      microdata, time, markup, url or text\n"
    "    modified          last modification date, ISO 8601\n"
    "    site_name         outlet name\n"
    "    lang              language tag of the page\n"
    "    description       the page's own summary\n"
    "    body              article text without boilerplate: paragraphs\n"
    "                      separated by a blank line\n"
    "    Values that cannot be found are null (body: \"\").\n"
    "\n"
    "OPTIONS\n"
    "    --format text|markdown\n"
    "        Body rendering. markdown keeps headings, lists, quotes and\n"
    "        tables. Default: text.\n"
    "    --url URL\n"
    "        The URL the page was fetched from, used when the page names\n"
    "        no canonical URL and as evidence for the date.\n"
    "    --url-map FILE\n"
    "        Tab-separated lines 'NAME<TAB>URL' giving each input's URL;\n"
    "        NAME is matched against the path as found, then its base\n"
    "        name, then its base name without .gz/.html/.htm.\n"
    "    --now TIME\n"
    "        Latest possible date (e.g. the crawl time): YYYY-MM-DD,\n"
    "        an ISO 8601 date-time, or @UNIX_SECONDS. A date later than\n"
    "        TIME is never reported. Default: no bound.\n"
    "    --max-bytes SIZE\n"
    "        Largest page accepted, after decompression, e.g. 500k, 64M.\n"
    "        Larger pages are reported as errors. Default: 32M.\n"
    "    -h, --help\n"
    "        Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 every page was extracted; 1 some pages failed (each is named on\n"
    "    standard error, the others were printed), or out of memory\n"
    "    reading --map; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline extract examples/\n"
    "    storyline extract --format markdown --url https://example.org/a page.html\n"
    "    zcat page.html.gz | storyline extract - | jq .title\n";

typedef struct url_map {
    char **names;
    char **urls;
    size_t len, cap;
} url_map;

typedef struct extract_ctx {
    sl_extract_options opts;
    const char *url;
    url_map map;
    size_t ok, failed;
} extract_ctx;

static void map_free(url_map *m)
{
    for (size_t k = 0; k < m->len; k++) {
        free(m->names[k]);
        free(m->urls[k]);
    }
    free(m->names);
    free(m->urls);
    memset(m, 0, sizeof(*m));
}

/* Read NAME<TAB>URL lines into 'm'. Returns 0, -1 when the file cannot be
 * read (said on standard error), -2 when out of memory. */
static int load_url_map(url_map *m, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    if (f == NULL) {
        cli_err("extract", "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        char *tab = strchr(line, '\t');
        if (tab == NULL) {
            continue;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            line[--n] = '\0';
        }
        *tab = '\0';
        if (m->len == m->cap) {
            size_t ncap = m->cap ? m->cap * 2 : 64;
            char **names = realloc(m->names, ncap * sizeof(char *));
            if (names != NULL) {
                m->names = names;
            }
            char **urls =
                names != NULL ? realloc(m->urls, ncap * sizeof(char *)) : NULL;
            if (urls == NULL) {
                break;
            }
            m->urls = urls;
            m->cap = ncap;
        }
        char *name = strdup(line);
        char *url = name != NULL ? strdup(tab + 1) : NULL;
        if (url == NULL) {
            free(name);
            break;
        }
        m->names[m->len] = name;
        m->urls[m->len] = url;
        m->len++;
    }
    /* The loop ends at the end of the file, or early when out of memory. */
    int oom = !feof(f) && !ferror(f);
    free(line);
    fclose(f);
    return oom ? -2 : 0;
}

static const char *map_find(const url_map *m, const char *key, size_t len)
{
    size_t i;

    for (i = 0; i < m->len; i++) {
        if (strlen(m->names[i]) == len && memcmp(m->names[i], key, len) == 0) {
            return m->urls[i];
        }
    }
    return NULL;
}

static const char *url_for(const extract_ctx *x, const char *path)
{
    const char *base, *u;
    size_t len;

    if (x->map.len == 0) {
        return x->url;
    }
    if ((u = map_find(&x->map, path, strlen(path))) != NULL) {
        return u;
    }
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    len = strlen(base);
    if ((u = map_find(&x->map, base, len)) != NULL) {
        return u;
    }
    if (len > 3 && strcmp(base + len - 3, ".gz") == 0) {
        len -= 3;
    }
    if (len > 5 && memcmp(base + len - 5, ".html", 5) == 0) {
        len -= 5;
    } else if (len > 4 && memcmp(base + len - 4, ".htm", 4) == 0) {
        len -= 4;
    }
    if ((u = map_find(&x->map, base, len)) != NULL) {
        return u;
    }
    return x->url;
}

static int extract_one(const char *path, void *payload)
{
    extract_ctx *x = payload;
    sl_extract_options o = x->opts;
    sl_article *a = NULL;
    char *data = NULL, *json = NULL;
    size_t len = 0, jlen = 0;
    int rc;

    rc = sl_read_file(&data, &len, path, o.max_bytes);
    if (rc == SL_EIO) {
        cli_err("extract", "%s: %s", path, strerror(errno));
        x->failed++;
        return 0;
    }
    if (rc < 0) {
        cli_err("extract", "%s: %s", path,
                rc == SL_ELIMIT ? "page exceeds --max-bytes" : sl_strerror(rc));
        x->failed++;
        return 0;
    }
    o.url = url_for(x, path);
    rc = sl_extract(&a, data, len, &o);
    sl_free(data);
    if (rc == SL_OK) {
        rc = sl_article_to_json(&json, &jlen, a, path);
    }
    if (rc < 0) {
        cli_err("extract", "%s: %s", path,
                rc == SL_EINVAL ? "not an HTML page (empty or binary)"
                                : sl_strerror(rc));
        x->failed++;
    } else {
        fwrite(json, 1, jlen, stdout);
        fputc('\n', stdout);
        x->ok++;
    }
    sl_free(json);
    sl_article_free(a);
    return 0;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "url", required_argument, NULL, 'u' },
        { "url-map", required_argument, NULL, 'm' },
        { "now", required_argument, NULL, 'n' },
        { "max-bytes", required_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    extract_ctx x;
    int c, i, rc, status;

    memset(&x, 0, sizeof(x));
    x.opts.max_bytes = SL_EXTRACT_DEFAULT_MAX_BYTES;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "text") == 0) {
                x.opts.format = SL_BODY_TEXT;
            } else if (strcmp(optarg, "markdown") == 0 ||
                       strcmp(optarg, "md") == 0) {
                x.opts.format = SL_BODY_MARKDOWN;
            } else {
                cli_err("extract",
                        "--format: expected text or markdown, "
                        "got '%s'",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'u':
            x.url = optarg;
            break;
        case 'm':
            rc = load_url_map(&x.map, optarg);
            if (rc < 0) {
                map_free(&x.map);
                if (rc == -2) {
                    fputs("storyline: out of memory\n", stderr);
                    return CLI_EXIT_PARTIAL;
                }
                return CLI_EXIT_USAGE;
            }
            break;
        case 'n':
            if (cli_parse_time(&x.opts.now_ms, optarg) < 0) {
                cli_err("extract", "--now: cannot read '%s' as a time", optarg);
                map_free(&x.map);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'b':
            if (cli_parse_size(&x.opts.max_bytes, optarg) < 0 ||
                x.opts.max_bytes == 0) {
                cli_err("extract", "--max-bytes: cannot read '%s' as a size",
                        optarg);
                map_free(&x.map);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            map_free(&x.map);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline extract --help'.\n", stderr);
            map_free(&x.map);
            return CLI_EXIT_USAGE;
        }
    }
    sl_extract_global_init();
    if (optind >= argc) {
        extract_one("-", &x);
    }
    for (i = optind; i < argc; i++) {
        if (cli_walk(argv[i], extract_one, &x) < 0) {
            x.failed++;
        }
    }
    fflush(stdout);
    status = x.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
    map_free(&x.map);
    return status;
}
