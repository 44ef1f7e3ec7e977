/*
 * cmd_copies.c - `storyline copies` and `storyline origin`: the copy
 * links the store found (storyline/provenance.h), with their evidence, as
 * text, JSON or the TSV the evaluation scorer reads.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char copies_help[] =
    "NAME\n"
    "    storyline copies - which stored articles copy which\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline copies [OPTIONS] [ARTICLE]\n"
    "    storyline copies --rebuild [--db PATH]\n"
    "\n"
    "DESCRIPTION\n"
    "    Every article added to the store is compared with the articles\n"
    "    that share fingerprints with it; a copy is linked to its\n"
    "    original, the earliest source of its family (a copy of a copy is\n"
    "    linked to the root). Kinds: reprint (the same text), excerpt (a\n"
    "    contiguous part), partial (part of the original mixed with other\n"
    "    text), spun (a rewrite with synonyms and moved phrases), update\n"
    "    (the same outlet or URL, later and changed).\n"
    "\n"
    "    Without ARTICLE, lists every copy with its original. With\n"
    "    ARTICLE (an id, external id, URL or identity), shows that\n"
    "    article's link and the articles that copy it, with the evidence:\n"
    "    the share of the copy found in the original and of the original\n"
    "    found in the copy, similarity, aligned passages (byte offsets in\n"
    "    both bodies), shared names and numbers, and why this original\n"
    "    was chosen.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    --json        One JSON array of rows, evidence included.\n"
    "    --tsv         One line per article: external id (or identity),\n"
    "                  the original's external id (empty if none), kind\n"
    "                  (a copy kind, 'original' when it has copies, else\n"
    "                  'independent').\n"
    "    --rebuild     Drop the fingerprint index and the links and detect\n"
    "                  again over every stored revision, in the order they\n"
    "                  were stored.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such article, or the store failed; 2 usage\n"
    "    error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline copies --db news.db\n"
    "    storyline copies --db news.db --json 3f9c0a1b2c4d\n"
    "    storyline copies --db news.db --tsv > pred.tsv\n";

static const char origin_help[] =
    "NAME\n"
    "    storyline origin - the original of an article\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline origin [--db PATH] [--json] ARTICLE\n"
    "\n"
    "DESCRIPTION\n"
    "    Prints the original ARTICLE was copied from (the root of its\n"
    "    family), the kind of copy and the reason this original was\n"
    "    chosen; or says that ARTICLE is itself an original, with the\n"
    "    number of its copies. ARTICLE is an id, external id, URL or\n"
    "    identity.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    --json        One JSON object.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such article, or the store failed; 2 usage\n"
    "    error.\n";

typedef struct copies_ctx {
    out_format fmt;
    int tsv;
    int all; /* listing every article: text shows copies only */
    size_t n;
} copies_ctx;

static const char *name_of(const char *ext_id, const char *identity)
{
    return ext_id != NULL ? ext_id : (identity != NULL ? identity : "");
}

static void print_json(const sl_copy_row *r)
{
    printf("{\"id\":%lld,\"ext_id\":", (long long)r->id);
    out_json_str(stdout, r->ext_id);
    fputs(",\"title\":", stdout);
    out_json_str(stdout, r->title);
    fputs(",\"source\":", stdout);
    out_json_str(stdout, r->source);
    fputs(",\"published\":", stdout);
    out_json_str(stdout, r->published);
    fputs(",\"kind\":", stdout);
    out_json_str(stdout, r->kind);
    if (r->original_id != 0) {
        printf(",\"original_id\":%lld,\"original_ext_id\":",
               (long long)r->original_id);
        out_json_str(stdout, r->original_ext_id);
        printf(",\"parent_id\":%lld", (long long)r->parent_id);
    } else {
        fputs(",\"original_id\":null", stdout);
    }
    printf(",\"copies\":%lld,\"evidence\":%s}", (long long)r->copies,
           r->evidence != NULL ? r->evidence : "null");
}

static int print_row(const sl_copy_row *r, void *payload)
{
    copies_ctx *x = payload;

    if (x->tsv) {
        printf("%s\t%s\t%s\n", name_of(r->ext_id, r->identity),
               r->original_id ? name_of(r->original_ext_id, NULL) : "",
               r->kind ? r->kind : (r->copies ? "original" : "independent"));
        return 0;
    }
    if (x->fmt == OUT_JSON) {
        if (x->all && r->original_id == 0 && r->copies == 0) {
            return 0;
        }
        fputs(x->n == 0 ? "[\n" : ",\n", stdout);
        print_json(r);
        x->n++;
        return 0;
    }
    if (x->all && r->original_id == 0) {
        return 0;
    }
    if (r->original_id != 0) {
        printf("%-6lld  %-8s  of %-6lld  %s\n", (long long)r->id, r->kind,
               (long long)r->original_id, r->title ? r->title : "");
        if (!x->all && r->evidence != NULL) {
            printf("        %s\n", r->evidence);
        }
    } else {
        printf("%-6lld  %-8s  %-9s  %s (%lld copies)\n", (long long)r->id,
               "original", "", r->title ? r->title : "", (long long)r->copies);
    }
    x->n++;
    return 0;
}

static int open_store(sl_store **st, const char *db, int write)
{
    sl_store_options o = { 0 };

    o.read_only = !write;
    if (sl_store_open(st, db, &o) < 0) {
        cli_err("copies", "%s: %s", db, sl_store_errmsg(*st));
        sl_store_close(*st);
        *st = NULL;
        return -1;
    }
    return 0;
}

static int resolve(sl_store *st, const char *key, int64_t *id)
{
    sl_stored_article *a = NULL;

    if (sl_store_get(&a, st, key, 0) < 0) {
        cli_err("copies", "%s", sl_store_errmsg(st));
        return -1;
    }
    *id = a->id;
    sl_stored_article_free(a);
    return 0;
}

int cmd_copies(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_JSON, OPT_TSV, OPT_REBUILD };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "json", no_argument, NULL, OPT_JSON },
        { "tsv", no_argument, NULL, OPT_TSV },
        { "rebuild", no_argument, NULL, OPT_REBUILD },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB;
    copies_ctx x = { .fmt = OUT_TEXT };
    int rebuild = 0, c, rc;
    int64_t id = 0;
    sl_store *st = NULL;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_JSON:
            x.fmt = OUT_JSON;
            break;
        case OPT_TSV:
            x.tsv = 1;
            break;
        case OPT_REBUILD:
            rebuild = 1;
            break;
        case 'h':
            fputs(copies_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline copies --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind > 1 || (rebuild && argc - optind > 0)) {
        cli_err("copies", "too many arguments");
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, db, rebuild) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (rebuild) {
        size_t n = 0;
        rc = sl_store_begin(st);
        if (rc == SL_OK) {
            rc = sl_copies_rebuild(st, &n);
        }
        if (rc == SL_OK) {
            rc = sl_store_commit(st);
        }
        if (rc < 0) {
            cli_err("copies", "rebuild: %s", sl_store_errmsg(st));
        } else {
            fprintf(stderr, "copies: %zu revisions indexed\n", n);
        }
        sl_store_close(st);
        return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
    }
    if (optind < argc && resolve(st, argv[optind], &id) < 0) {
        sl_store_close(st);
        return CLI_EXIT_PARTIAL;
    }
    x.all = id == 0;
    rc = sl_copies_list(st, id, print_row, &x);
    if (rc < 0) {
        cli_err("copies", "%s", sl_store_errmsg(st));
    } else if (x.fmt == OUT_JSON && !x.tsv) {
        fputs(x.n == 0 ? "[]\n" : "\n]\n", stdout);
    }
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

typedef struct origin_ctx {
    int json;
    int found;
} origin_ctx;

static int print_origin(const sl_copy_row *r, void *payload)
{
    origin_ctx *o = payload;

    if (o->found) {
        return 0; /* the first row is the article itself */
    }
    o->found = 1;
    if (o->json) {
        print_json(r);
        fputc('\n', stdout);
        return 0;
    }
    if (r->original_id == 0) {
        printf("%lld is an original (%lld copies)\n", (long long)r->id,
               (long long)r->copies);
        return 0;
    }
    printf("%lld is a %s of %lld", (long long)r->id, r->kind,
           (long long)r->original_id);
    if (r->original_ext_id != NULL) {
        printf(" (%s)", r->original_ext_id);
    }
    fputc('\n', stdout);
    if (r->evidence != NULL) {
        printf("evidence: %s\n", r->evidence);
    }
    return 0;
}

int cmd_origin(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_JSON };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "json", no_argument, NULL, OPT_JSON },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB;
    origin_ctx o = { 0 };
    int64_t id = 0;
    sl_store *st = NULL;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case 'h':
            fputs(origin_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline origin --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_err("origin", "give one ARTICLE");
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, db, 0) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (resolve(st, argv[optind], &id) < 0) {
        sl_store_close(st);
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_copies_list(st, id, print_origin, &o);
    if (rc < 0) {
        cli_err("origin", "%s", sl_store_errmsg(st));
    }
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
