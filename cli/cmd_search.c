/*
 * cmd_search.c - `storyline search` and `storyline articles`: full-text
 * search, listings and single articles from the store, as text, JSON,
 * JSON Lines or CSV.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char search_help[] =
    "NAME\n"
    "    storyline search - full-text search over the stored articles\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline search [OPTIONS] QUERY...\n"
    "\n"
    "DESCRIPTION\n"
    "    Finds the articles whose title or body contain every word of\n"
    "    QUERY (the latest revision of each article), best first: ranked\n"
    "    by bm25, title matches weighing five times body matches. \"two\n"
    "    words\" in double quotes must occur together, word* matches a\n"
    "    prefix, and OR between words accepts either. Any other\n"
    "    punctuation separates words. Each hit comes with a snippet, the\n"
    "    matched words in [brackets].\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH       The store (default ./storyline.db).\n"
    "    --since DATE    Published on or after DATE (YYYY-MM-DD or ISO 8601).\n"
    "    --until DATE    Published on or before DATE (a bare day counts\n"
    "                    whole).\n"
    "    --source NAME   Only this outlet (exact name).\n"
    "    --lang TAG      Only this language (prefix: 'en' matches 'en-GB').\n"
    "    --limit N       At most N hits (default 20).\n"
    "    --offset N      Skip the first N hits.\n"
    "    --json          One JSON array of hits.\n"
    "    --jsonl         One JSON object per hit and line.\n"
    "    --csv           CSV with a header line.\n"
    "    -h, --help      Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    Text: per hit, 'ID  DATE  SOURCE  TITLE' and the snippet\n"
    "    indented. JSON/CSV fields: id, ext_id, score, published, source,\n"
    "    lang, title, url, snippet.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success (also when nothing matched); 1 the store failed or the\n"
    "    query has no words; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline search harbour wall\n"
    "    storyline search --since 2025-01-01 --json '\"sea wall\" OR flood'\n";

static const char articles_help[] =
    "NAME\n"
    "    storyline articles - list, show and count stored articles\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline articles [list] [OPTIONS]\n"
    "    storyline articles show [OPTIONS] ID\n"
    "    storyline articles count [--db PATH]\n"
    "\n"
    "DESCRIPTION\n"
    "    list prints the stored articles in id order (latest revision of\n"
    "    each). show prints one article with its body; ID is the article\n"
    "    id, its external id, its URL or its identity (id:..., url:...,\n"
    "    path:...). count prints the numbers of articles and revisions.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH       The store (default ./storyline.db).\n"
    "    --since DATE, --until DATE, --source NAME, --lang TAG\n"
    "                    Filters of list, as for `storyline search`.\n"
    "    --limit N, --offset N\n"
    "                    Paging of list (default: all).\n"
    "    --rev N         show: revision N instead of the latest.\n"
    "    --json          list: one JSON array; show: one JSON object.\n"
    "    --jsonl         list: one JSON object per line.\n"
    "    --csv           list: CSV with a header line.\n"
    "    -h, --help      Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    list fields: id, ext_id, revisions, published, source, lang,\n"
    "    title, url, path, body_bytes. show adds: revision, identity,\n"
    "    authors, published_source, modified, description, content_hash,\n"
    "    ingested_ms, fetched_ms, body.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such article, or the store failed; 2 usage\n"
    "    error.\n";

typedef struct rows_ctx {
    out_format fmt;
    int search;
    size_t n;
} rows_ctx;

static void print_row_json(const sl_article_row *r, int search)
{
    printf("{\"id\":%lld,\"ext_id\":", (long long)r->id);
    out_json_str(stdout, r->ext_id);
    if (search) {
        printf(",\"score\":%.4f", -r->score);
    } else {
        printf(",\"revisions\":%d", r->rev_count);
    }
    fputs(",\"published\":", stdout);
    out_json_str(stdout, r->published);
    fputs(",\"source\":", stdout);
    out_json_str(stdout, r->source);
    fputs(",\"lang\":", stdout);
    out_json_str(stdout, r->lang);
    fputs(",\"title\":", stdout);
    out_json_str(stdout, r->title);
    fputs(",\"url\":", stdout);
    out_json_str(stdout, r->url);
    if (search) {
        fputs(",\"snippet\":", stdout);
        out_json_str(stdout, r->snippet);
    } else {
        fputs(",\"path\":", stdout);
        out_json_str(stdout, r->path);
        printf(",\"body_bytes\":%zu", r->body_bytes);
    }
    fputc('}', stdout);
}

static int print_row(const sl_article_row *r, void *payload)
{
    rows_ctx *x = payload;
    char date[11] = "";

    if (r->published != NULL) {
        snprintf(date, sizeof(date), "%.10s", r->published);
    }
    switch (x->fmt) {
    case OUT_JSON:
        fputs(x->n == 0 ? "[\n" : ",\n", stdout);
        print_row_json(r, x->search);
        break;
    case OUT_JSONL:
        print_row_json(r, x->search);
        fputc('\n', stdout);
        break;
    case OUT_CSV:
        if (x->n == 0) {
            puts(x->search ? "id,ext_id,score,published,source,lang,title,"
                             "url,snippet"
                           : "id,ext_id,revisions,published,source,lang,"
                             "title,url,path,body_bytes");
        }
        printf("%lld,", (long long)r->id);
        out_csv_field(stdout, r->ext_id);
        if (x->search) {
            printf(",%.4f,", -r->score);
        } else {
            printf(",%d,", r->rev_count);
        }
        out_csv_field(stdout, r->published);
        fputc(',', stdout);
        out_csv_field(stdout, r->source);
        fputc(',', stdout);
        out_csv_field(stdout, r->lang);
        fputc(',', stdout);
        out_csv_field(stdout, r->title);
        fputc(',', stdout);
        out_csv_field(stdout, r->url);
        fputc(',', stdout);
        if (x->search) {
            out_csv_field(stdout, r->snippet);
        } else {
            out_csv_field(stdout, r->path);
            printf(",%zu", r->body_bytes);
        }
        fputc('\n', stdout);
        break;
    default:
        printf("%-6lld  %-10s  %-20.20s  %s\n", (long long)r->id,
               date[0] ? date : "-", r->source ? r->source : "-",
               r->title ? r->title : "");
        if (x->search && r->snippet != NULL) {
            printf("        %s\n", r->snippet);
        }
        break;
    }
    x->n++;
    return 0;
}

static void finish_rows(rows_ctx *x)
{
    if (x->fmt == OUT_JSON) {
        fputs(x->n == 0 ? "[]\n" : "\n]\n", stdout);
    }
}

/* Options shared by search and articles. Returns 1 when handled, 0 when
 * not one of them, -1 on a bad value. */
static int
common_opt(int c, sl_query_options *q, const char **db, out_format *fmt)
{
    char *end;

    switch (c) {
    case 'd':
        *db = optarg;
        return 1;
    case 's':
        q->since = optarg;
        return 1;
    case 'u':
        q->until = optarg;
        return 1;
    case 'S':
        q->source = optarg;
        return 1;
    case 'L':
        q->lang = optarg;
        return 1;
    case 'l':
    case 'o': {
        unsigned long v = strtoul(optarg, &end, 10);
        if (*end != '\0' || optarg[0] == '-') {
            return -1;
        }
        if (c == 'l') {
            q->limit = v;
        } else {
            q->offset = v;
        }
        return 1;
    }
    case 'j':
        *fmt = OUT_JSON;
        return 1;
    case 'J':
        *fmt = OUT_JSONL;
        return 1;
    case 'c':
        *fmt = OUT_CSV;
        return 1;
    default:
        return 0;
    }
}

#define COMMON_LONGOPTS                             \
    { "db", required_argument, NULL, 'd' },         \
        { "since", required_argument, NULL, 's' },  \
        { "until", required_argument, NULL, 'u' },  \
        { "source", required_argument, NULL, 'S' }, \
        { "lang", required_argument, NULL, 'L' },   \
        { "limit", required_argument, NULL, 'l' },  \
        { "offset", required_argument, NULL, 'o' }, \
        { "json", no_argument, NULL, 'j' },         \
        { "jsonl", no_argument, NULL, 'J' },        \
        { "csv", no_argument, NULL, 'c' },          \
    {                                               \
        "help", no_argument, NULL, 'h'              \
    }

static int open_store(sl_store **st, const char *db, const char *cmd)
{
    sl_store_options so = { .read_only = 1 };

    if (sl_store_open(st, db, &so) < 0) {
        cli_err(cmd, "%s: %s", db, sl_store_errmsg(*st));
        sl_store_close(*st);
        *st = NULL;
        return -1;
    }
    return 0;
}

int cmd_search(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        { NULL, 0, NULL, 0 },
    };
    sl_query_options q = { 0 };
    const char *db = CLI_DEFAULT_DB;
    rows_ctx x = { .fmt = OUT_TEXT, .search = 1 };
    char query[4096] = "";
    sl_store *st = NULL;
    int c, i, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = common_opt(c, &q, &db, &x.fmt);
        if (r == 1) {
            continue;
        }
        if (c == 'h') {
            fputs(search_help, stdout);
            return CLI_EXIT_OK;
        }
        if (r < 0) {
            cli_err("search", "bad number '%s'", optarg);
        }
        fputs("Try 'storyline search --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    if (optind >= argc) {
        cli_err("search", "no QUERY given");
        return CLI_EXIT_USAGE;
    }
    for (i = optind; i < argc; i++) {
        if (strlen(query) + strlen(argv[i]) + 2 > sizeof(query)) {
            cli_err("search", "query too long");
            return CLI_EXIT_USAGE;
        }
        if (i > optind) {
            strcat(query, " ");
        }
        strcat(query, argv[i]);
    }
    q.query = query;
    if (open_store(&st, db, "search") < 0) {
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_store_search(st, &q, print_row, &x);
    if (rc < 0) {
        cli_err("search", "%s", sl_store_errmsg(st));
    } else {
        finish_rows(&x);
    }
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

static void show_text(const sl_stored_article *a)
{
    printf("id:          %lld (revision %d of %d)\n", (long long)a->id, a->rev,
           a->rev_count);
    printf("identity:    %s\n", a->identity);
    printf("title:       %s\n", a->title ? a->title : "");
    printf("published:   %s%s%s%s\n", a->published ? a->published : "-",
           a->published_source ? " (" : "",
           a->published_source ? a->published_source : "",
           a->published_source ? ")" : "");
    printf("source:      %s\n", a->source ? a->source : "-");
    printf("url:         %s\n", a->url ? a->url : "-");
    if (a->path != NULL) {
        printf("path:        %s\n", a->path);
    }
    if (a->author_count > 0) {
        printf("authors:     ");
        for (size_t i = 0; i < a->author_count; i++) {
            printf("%s%s", i ? ", " : "", a->authors[i]);
        }
        putchar('\n');
    }
    printf("\n%s\n", a->body ? a->body : "");
}

static void show_json(const sl_stored_article *a)
{
    printf("{\"id\":%lld,\"revision\":%d,\"revisions\":%d,\"identity\":",
           (long long)a->id, a->rev, a->rev_count);
    out_json_str(stdout, a->identity);
    fputs(",\"ext_id\":", stdout);
    out_json_str(stdout, a->ext_id);
    fputs(",\"url\":", stdout);
    out_json_str(stdout, a->url);
    fputs(",\"path\":", stdout);
    out_json_str(stdout, a->path);
    fputs(",\"title\":", stdout);
    out_json_str(stdout, a->title);
    fputs(",\"authors\":[", stdout);
    for (size_t i = 0; i < a->author_count; i++) {
        if (i > 0) {
            fputc(',', stdout);
        }
        out_json_str(stdout, a->authors[i]);
    }
    fputs("],\"published\":", stdout);
    out_json_str(stdout, a->published);
    fputs(",\"published_source\":", stdout);
    out_json_str(stdout, a->published_source);
    fputs(",\"modified\":", stdout);
    out_json_str(stdout, a->modified);
    fputs(",\"source\":", stdout);
    out_json_str(stdout, a->source);
    fputs(",\"lang\":", stdout);
    out_json_str(stdout, a->lang);
    fputs(",\"description\":", stdout);
    out_json_str(stdout, a->description);
    fputs(",\"content_hash\":", stdout);
    out_json_str(stdout, a->content_hash);
    printf(",\"ingested_ms\":%lld,\"fetched_ms\":", (long long)a->ingested_ms);
    if (a->fetched_ms) {
        printf("%lld", (long long)a->fetched_ms);
    } else {
        fputs("null", stdout);
    }
    fputs(",\"body\":", stdout);
    out_json_str(stdout, a->body);
    fputs("}\n", stdout);
}

int cmd_articles(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        { "rev", required_argument, NULL, 'r' },
        { NULL, 0, NULL, 0 },
    };
    sl_query_options q = { 0 };
    const char *db = CLI_DEFAULT_DB, *verb = "list";
    rows_ctx x = { .fmt = OUT_TEXT };
    sl_store *st = NULL;
    int c, rc, rev = 0;

    if (argc > 1 && argv[1][0] != '-') {
        verb = argv[1];
        argc--;
        argv++;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = common_opt(c, &q, &db, &x.fmt);
        char *end;
        if (r == 1) {
            continue;
        }
        if (c == 'r') {
            rev = (int)strtol(optarg, &end, 10);
            if (*end == '\0' && rev > 0) {
                continue;
            }
            cli_err("articles", "--rev: expected a revision number");
            return CLI_EXIT_USAGE;
        }
        if (c == 'h') {
            fputs(articles_help, stdout);
            return CLI_EXIT_OK;
        }
        if (r < 0) {
            cli_err("articles", "bad number '%s'", optarg);
        }
        fputs("Try 'storyline articles --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0 &&
        strcmp(verb, "count") != 0) {
        cli_err("articles", "unknown subcommand '%s'", verb);
        fputs("Try 'storyline articles --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(verb, "show") == 0 && optind != argc - 1) {
        cli_err("articles", "show needs one ID");
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, db, "articles") < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (strcmp(verb, "count") == 0) {
        int64_t n = 0, revs = 0;
        rc = sl_store_count(st, &n, &revs);
        if (rc == SL_OK) {
            printf("%lld articles, %lld revisions\n", (long long)n,
                   (long long)revs);
        }
    } else if (strcmp(verb, "show") == 0) {
        sl_stored_article *a = NULL;
        rc = sl_store_get(&a, st, argv[optind], rev);
        if (rc == SL_OK) {
            if (x.fmt == OUT_JSON || x.fmt == OUT_JSONL) {
                show_json(a);
            } else {
                show_text(a);
            }
        }
        sl_stored_article_free(a);
    } else {
        rc = sl_store_list(st, &q, print_row, &x);
        if (rc == SL_OK) {
            finish_rows(&x);
        }
    }
    if (rc < 0) {
        cli_err("articles", "%s", sl_store_errmsg(st));
    }
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
