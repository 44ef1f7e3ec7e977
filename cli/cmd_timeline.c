/*
 * cmd_timeline.c - `storyline timeline` and `storyline summary`: a
 * story's dated timeline and its extractive summary, read from the digest
 * the store keeps with each event and storyline (storyline/digest.h), or,
 * for `timeline --all`, built on the fly from the stored articles.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/digest.h"
#include "storyline/storyline.h"

static const char timeline_help[] =
    "NAME\n"
    "    storyline timeline - a dated timeline of a story, or of the store\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline timeline [--db PATH] [--storyline] [--dates N]\n"
    "                       [--sentences K] [--json | --markdown] ID\n"
    "    storyline timeline [--db PATH] --all [--since D] [--until D]\n"
    "                       [--dates N] [--sentences K]\n"
    "                       [--json | --markdown]\n"
    "\n"
    "DESCRIPTION\n"
    "    A timeline is a list of days, each with one to a few sentences\n"
    "    saying what happened. Days are ranked by how much of the coverage\n"
    "    refers to them: the articles published that day, and the dates\n"
    "    the articles mention (\"on 4 March\", \"on Monday\",\n"
    "    \"yesterday\"), read against each article's publication date,\n"
    "    with more weight for a mention in an article's lead and for a day\n"
    "    mentioned on many different days. The N best days are given in\n"
    "    date order, each with its K most central sentences: those that\n"
    "    name the day or lead an article published that day, and that\n"
    "    share the most words with the others. A sentence said once is\n"
    "    not said again, however many articles copy it.\n"
    "\n"
    "    With ID, the timeline of event ID (as `storyline stories` lists\n"
    "    it), or of storyline ID with --storyline. It is read from the\n"
    "    digest the store keeps up to date as articles arrive, so it costs\n"
    "    the same for a story of ten articles or ten thousand.\n"
    "\n"
    "    With --all, the timeline of every stored article published in\n"
    "    [--since, --until], built from the articles; only days in that\n"
    "    window are given.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH        The store (default ./storyline.db).\n"
    "    --storyline      ID is a storyline, not an event.\n"
    "    --all            Every stored article instead of one story.\n"
    "    --since D        With --all: articles published on or after D\n"
    "                     (YYYY-MM-DD).\n"
    "    --until D        With --all: on or before D (the whole day).\n"
    "    --dates N        Days to give (default 10).\n"
    "    --sentences K    Sentences per day at most (default 1).\n"
    "    --json           [{\"date\": \"YYYY-MM-DD\", \"sentences\": [...]},\n"
    "                     ...], as ../shared/tools/score_timeline.py reads\n"
    "                     it.\n"
    "    --markdown       A heading per day and a bullet per sentence.\n"
    "    -h, --help       Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    Text: each day as 'YYYY-MM-DD  (A articles, score S)', then its\n"
    "    sentences indented. The score counts an article published that\n"
    "    day as 1.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such story (or no digest: run `storyline\n"
    "    recluster` on a store made before digests were kept), or the\n"
    "    store failed; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline timeline --db news.db 12\n"
    "    storyline timeline --db news.db --storyline --dates 20 3\n"
    "    storyline timeline --db news.db --all --since 2010-04-20 \\\n"
    "        --until 2010-09-19 --dates 48 --sentences 1 --json\n";

static const char summary_help[] =
    "NAME\n"
    "    storyline summary - an extractive summary of a story\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline summary [--db PATH] [--storyline] [--words N] [--json]\n"
    "                      ID\n"
    "\n"
    "DESCRIPTION\n"
    "    Prints a summary of event ID (or storyline ID with --storyline)\n"
    "    of at most N words, made of sentences of its articles: those that\n"
    "    cover the most of what the story's articles share, without\n"
    "    saying the same thing twice, in story order. It is read from the\n"
    "    sentence pool the store keeps with the story and refreshes as\n"
    "    articles arrive.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH      The store (default ./storyline.db).\n"
    "    --storyline    ID is a storyline, not an event.\n"
    "    --words N      Word budget (default 100).\n"
    "    --json         One object: {\"id\", \"kind\", \"words\",\n"
    "                   \"sentences\": [{\"text\", \"article\"}]}.\n"
    "    -h, --help     Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    Text: the summary's sentences, one per line.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such story (or no digest), or the store failed;\n"
    "    2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline summary --db news.db 12\n"
    "    storyline summary --db news.db --storyline --words 60 --json 3\n";

enum { FMT_TEXT, FMT_JSON, FMT_MD };

static int parse_count(size_t *out, const char *s)
{
    char *end;
    unsigned long long v;

    if (s[0] < '0' || s[0] > '9') {
        return -1;
    }
    v = strtoull(s, &end, 10);
    if (*end != '\0' || v == 0 || v > 100000) {
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

static int parse_id(int64_t *out, const char *s)
{
    char *end;
    long long v;

    if (s[0] < '0' || s[0] > '9') {
        return -1;
    }
    v = strtoll(s, &end, 10);
    if (*end != '\0' || v <= 0) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

/* A day given as YYYY-MM-DD: its first ms. */
static int parse_day(int64_t *out, const char *s)
{
    sl_date d;

    if (sl_date_parse(&d, s, strlen(s)) != SL_OK || d.has_time) {
        return -1;
    }
    *out = sl_date_to_ms(&d);
    return 0;
}

static void print_timeline(const sl_timeline_result *r, int fmt)
{
    if (fmt == FMT_JSON) {
        fputs("[", stdout);
        for (size_t i = 0; i < r->count; i++) {
            const sl_timeline_entry *e = &r->entries[i];
            printf("%s\n{\"date\": \"%s\", \"articles\": %u, \"score\": %.2f, "
                   "\"sentences\": [",
                   i ? "," : "", e->date, e->articles, e->score);
            for (size_t j = 0; j < e->sentence_count; j++) {
                if (j) {
                    fputs(", ", stdout);
                }
                out_json_str(stdout, e->sentences[j]);
            }
            fputs("]}", stdout);
        }
        fputs(r->count ? "\n]\n" : "]\n", stdout);
        return;
    }
    for (size_t i = 0; i < r->count; i++) {
        const sl_timeline_entry *e = &r->entries[i];
        if (fmt == FMT_MD) {
            printf("%s## %s\n\n", i ? "\n" : "", e->date);
            for (size_t j = 0; j < e->sentence_count; j++) {
                printf("- %s\n", e->sentences[j]);
            }
            continue;
        }
        printf("%s  (%u article%s, score %.2f)\n", e->date, e->articles,
               e->articles == 1 ? "" : "s", e->score);
        for (size_t j = 0; j < e->sentence_count; j++) {
            printf("    %s\n", e->sentences[j]);
        }
    }
}

typedef struct all_ctx {
    sl_store *st;
    sl_timeline *tl;
    size_t added, failed;
    int rc;
} all_ctx;

static int add_row(const sl_article_row *row, void *payload)
{
    all_ctx *x = payload;
    sl_stored_article *a = NULL;
    char key[32];

    snprintf(key, sizeof(key), "%lld", (long long)row->id);
    int rc = sl_store_get(&a, x->st, key, 0);
    if (rc != SL_OK) {
        x->rc = rc;
        return 1;
    }
    if (a->published_ms != 0) {
        sl_timeline_article ta = {
            .published_ms = a->published_ms,
            .title = a->title,
            .title_len = a->title ? strlen(a->title) : 0,
            .body = a->body,
            .body_len = a->body ? strlen(a->body) : 0,
        };
        rc = sl_timeline_add(x->tl, &ta);
        if (rc == SL_OK) {
            x->added++;
        } else if (rc == SL_EINVAL) {
            x->failed++;
        } else {
            sl_stored_article_free(a);
            x->rc = rc;
            return 1;
        }
    }
    sl_stored_article_free(a);
    return 0;
}

/* The timeline of every stored article in [since, until]. */
static int
build_all(sl_timeline **out, sl_store *st, const char *since, const char *until)
{
    /* A whole store may span years: track enough days to rank them all
     * exactly (the memory is still bounded). */
    sl_timeline_options o = { .max_days = 1u << 16 };
    sl_query_options q = { .since = since, .until = until };
    all_ctx x = { .st = st };
    int rc = sl_timeline_new(&x.tl, &o);

    if (rc != SL_OK) {
        return rc;
    }
    rc = sl_store_list(st, &q, add_row, &x);
    if (rc == 1) {
        rc = x.rc;
    }
    if (rc != SL_OK) {
        sl_timeline_free(x.tl);
        return rc;
    }
    *out = x.tl;
    return SL_OK;
}

static int open_store(sl_store **st, const char *db, const char *cmd)
{
    sl_store_options o = { .read_only = 1 };

    if (sl_store_open(st, db, &o) < 0) {
        cli_err(cmd, "%s: %s", db, sl_store_errmsg(*st));
        sl_store_close(*st);
        *st = NULL;
        return -1;
    }
    return 0;
}

static int read_digest(
    sl_digest **d, sl_store *st, int storyline, int64_t id, const char *cmd)
{
    int rc = sl_digest_read(
        d, st, storyline ? SL_DIGEST_STORYLINE : SL_DIGEST_EVENT, id);
    if (rc == SL_ENOTFOUND) {
        cli_err(cmd, "no %s %lld (or no digest: run `storyline recluster`)",
                storyline ? "storyline" : "event", (long long)id);
    } else if (rc != SL_OK) {
        cli_err(cmd, "%s %lld: %s", storyline ? "storyline" : "event",
                (long long)id,
                rc == SL_EDB ? sl_store_errmsg(st) : sl_strerror(rc));
    }
    return rc;
}

int cmd_timeline(int argc, char **argv)
{
    enum {
        OPT_DB = 256,
        OPT_STORYLINE,
        OPT_ALL,
        OPT_SINCE,
        OPT_UNTIL,
        OPT_DATES,
        OPT_SENTENCES,
        OPT_JSON,
        OPT_MD
    };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "storyline", no_argument, NULL, OPT_STORYLINE },
        { "all", no_argument, NULL, OPT_ALL },
        { "since", required_argument, NULL, OPT_SINCE },
        { "until", required_argument, NULL, OPT_UNTIL },
        { "dates", required_argument, NULL, OPT_DATES },
        { "sentences", required_argument, NULL, OPT_SENTENCES },
        { "json", no_argument, NULL, OPT_JSON },
        { "markdown", no_argument, NULL, OPT_MD },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB, *since = NULL, *until = NULL;
    sl_timeline_render_options ro = { .dates = 10, .sentences = 1 };
    int storyline = 0, all = 0, fmt = FMT_TEXT, c, rc;
    int64_t id = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_STORYLINE:
            storyline = 1;
            break;
        case OPT_ALL:
            all = 1;
            break;
        case OPT_SINCE:
            since = optarg;
            if (parse_day(&ro.since_ms, optarg) < 0) {
                cli_err("timeline", "--since: not a day: %s", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_UNTIL:
            until = optarg;
            if (parse_day(&ro.until_ms, optarg) < 0) {
                cli_err("timeline", "--until: not a day: %s", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_DATES:
            if (parse_count(&ro.dates, optarg) < 0) {
                cli_err("timeline", "--dates: not a count: %s", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_SENTENCES:
            if (parse_count(&ro.sentences, optarg) < 0) {
                cli_err("timeline", "--sentences: not a count: %s", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_JSON:
            fmt = FMT_JSON;
            break;
        case OPT_MD:
            fmt = FMT_MD;
            break;
        case 'h':
            fputs(timeline_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline timeline --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (all) {
        if (optind != argc || storyline) {
            cli_err("timeline", "--all takes no ID and no --storyline");
            return CLI_EXIT_USAGE;
        }
    } else {
        if (since != NULL || until != NULL) {
            cli_err("timeline", "--since and --until go with --all");
            return CLI_EXIT_USAGE;
        }
        if (argc - optind != 1) {
            cli_err("timeline", "give one story ID, or --all");
            return CLI_EXIT_USAGE;
        }
        if (parse_id(&id, argv[optind]) < 0) {
            cli_err("timeline", "not a story id: %s", argv[optind]);
            return CLI_EXIT_USAGE;
        }
    }
    if (ro.until_ms != 0) {
        ro.until_ms += 86400000 - 1; /* the whole day */
    }

    sl_store *st = NULL;
    sl_digest *d = NULL;
    sl_timeline *own = NULL;
    const sl_timeline *tl;
    sl_timeline_result *r = NULL;
    if (open_store(&st, db, "timeline") < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (all) {
        rc = build_all(&own, st, since, until);
        if (rc != SL_OK) {
            cli_err("timeline", "%s",
                    rc == SL_EDB ? sl_store_errmsg(st) : sl_strerror(rc));
        }
        tl = own;
    } else {
        rc = read_digest(&d, st, storyline, id, "timeline");
        tl = rc == SL_OK ? sl_digest_timeline(d) : NULL;
    }
    if (rc == SL_OK) {
        rc = sl_timeline_render(&r, tl, &ro);
        if (rc != SL_OK) {
            cli_err("timeline", "%s", sl_strerror(rc));
        }
    }
    if (rc == SL_OK) {
        print_timeline(r, fmt);
    }
    sl_timeline_result_free(r);
    sl_timeline_free(own);
    sl_digest_free(d);
    sl_store_close(st);
    return rc == SL_OK ? CLI_EXIT_OK : CLI_EXIT_PARTIAL;
}

int cmd_summary(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_STORYLINE, OPT_WORDS, OPT_JSON };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "storyline", no_argument, NULL, OPT_STORYLINE },
        { "words", required_argument, NULL, OPT_WORDS },
        { "json", no_argument, NULL, OPT_JSON },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB;
    size_t words = 100;
    int storyline = 0, json = 0, c, rc;
    int64_t id = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_STORYLINE:
            storyline = 1;
            break;
        case OPT_WORDS:
            if (parse_count(&words, optarg) < 0) {
                cli_err("summary", "--words: not a count: %s", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_JSON:
            json = 1;
            break;
        case 'h':
            fputs(summary_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline summary --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_err("summary", "give one story ID");
        return CLI_EXIT_USAGE;
    }
    if (parse_id(&id, argv[optind]) < 0) {
        cli_err("summary", "not a story id: %s", argv[optind]);
        return CLI_EXIT_USAGE;
    }

    sl_store *st = NULL;
    sl_digest *d = NULL;
    sl_summary *s = NULL;
    if (open_store(&st, db, "summary") < 0) {
        return CLI_EXIT_PARTIAL;
    }
    rc = read_digest(&d, st, storyline, id, "summary");
    if (rc == SL_OK) {
        rc = sl_summary_pool_render(&s, sl_digest_summary(d), words);
        if (rc != SL_OK) {
            cli_err("summary", "%s", sl_strerror(rc));
        }
    }
    if (rc == SL_OK && json) {
        printf("{\"id\": %lld, \"kind\": \"%s\", \"words\": %zu, "
               "\"sentences\": [",
               (long long)id, storyline ? "storyline" : "event", s->words);
        for (size_t i = 0; i < s->count; i++) {
            printf("%s{\"text\": ", i ? ", " : "");
            out_json_str(stdout, s->sentences[i].text);
            printf(", \"article\": %llu}",
                   (unsigned long long)s->sentences[i].doc_id);
        }
        fputs("]}\n", stdout);
    } else if (rc == SL_OK) {
        for (size_t i = 0; i < s->count; i++) {
            printf("%s\n", s->sentences[i].text);
        }
    }
    sl_summary_free(s);
    sl_digest_free(d);
    sl_store_close(st);
    return rc == SL_OK ? CLI_EXIT_OK : CLI_EXIT_PARTIAL;
}
