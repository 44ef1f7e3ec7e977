/*
 * cmd_stories.c - the events and storylines the store built as articles
 * arrived (storyline/stories.h): `storyline stories`, `story`,
 * `storylines`, `storyline`, `recluster` and `why`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char stories_help[] =
    "NAME\n"
    "    storyline stories - list the events found in the store\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline stories [OPTIONS]\n"
    "    storyline stories [--db PATH] --assignments\n"
    "\n"
    "DESCRIPTION\n"
    "    Every article added to the store joins an event (one happening\n"
    "    reported by several articles) or opens one, and every event\n"
    "    belongs to a storyline (the events about one subject over weeks\n"
    "    or months). The assignment is made once, online, in arrival\n"
    "    order: title and body terms, the people, organisations and\n"
    "    places named, the time between articles, and copy links (a copy\n"
    "    joins its original's event) decide it.\n"
    "\n"
    "    Lists events, newest first: id, storyline, articles, distinct\n"
    "    outlets, first and last seen (publication dates, else ingest\n"
    "    times), and a representative title.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH        The store (default ./storyline.db).\n"
    "    --since DATE     Events last seen on or after DATE (YYYY-MM-DD or\n"
    "                     ISO 8601).\n"
    "    --until DATE     Events last seen on or before DATE (a bare day\n"
    "                     covers the whole day).\n"
    "    --query WORDS    Events with an article matching WORDS (as\n"
    "                     `storyline search` reads them).\n"
    "    --storyline ID   Events of one storyline.\n"
    "    --sort ORDER     newest (default: last seen, newest first) or\n"
    "                     size (most articles first).\n"
    "    --limit N        At most N events (default 20; 0 for all).\n"
    "    --offset N       Skip the first N.\n"
    "    --json           One JSON object: total and the events.\n"
    "    --jsonl          One JSON object per event.\n"
    "    --csv            CSV with a header line.\n"
    "    --assignments    Instead of events: one line per clustered\n"
    "                     article in ingest order, external id (else the\n"
    "                     identity, as `copies --tsv`), event id and\n"
    "                     storyline id, tab-separated.\n"
    "    -h, --help       Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    Text: a header line, one line per event, then 'N of M events'.\n"
    "    JSON fields: id, storyline, title, first_seen, last_seen (ISO\n"
    "    8601 UTC), articles, sources.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 the store failed; 2 usage error (also an unreadable\n"
    "    date or a query without words).\n"
    "\n"
    "EXAMPLES\n"
    "    storyline stories --db news.db --since 2024-05-01 --sort size\n"
    "    storyline stories --db news.db --query 'harbour bridge' --json\n"
    "    storyline stories --db news.db --assignments | cut -f1,2\n";

static const char story_help[] =
    "NAME\n"
    "    storyline story - one event: its articles, outlets and names\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline story [--db PATH] [--json] ID\n"
    "\n"
    "DESCRIPTION\n"
    "    Shows event ID (as `storyline stories` lists it): its storyline,\n"
    "    first and last seen, the outlets that reported it, the people,\n"
    "    organisations and places named most often in its articles (with\n"
    "    the number of articles naming each), and its articles in ingest\n"
    "    order, with the original of each copy.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    --json        One JSON object.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such event, or the store failed; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline story --db news.db 12\n";

static const char storylines_help[] =
    "NAME\n"
    "    storyline storylines - list the storylines found in the store\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline storylines [OPTIONS]\n"
    "\n"
    "DESCRIPTION\n"
    "    Lists storylines, newest first: id, events, articles, first and\n"
    "    last seen, and the title of the storyline's largest event.\n"
    "\n"
    "OPTIONS\n"
    "    --db, --since, --until, --query, --sort, --limit, --offset,\n"
    "    --json, --jsonl, --csv as for `storyline stories`.\n"
    "    -h, --help       Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 the store failed; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline storylines --db news.db --sort size --limit 5\n";

static const char storyline_help[] =
    "NAME\n"
    "    storyline storyline - one storyline and its events\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline storyline [--db PATH] [--json] ID\n"
    "\n"
    "DESCRIPTION\n"
    "    Shows storyline ID and its events in the order they were first\n"
    "    seen.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    --json        One JSON object.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such storyline, or the store failed; 2 usage\n"
    "    error.\n";

static const char recluster_help[] =
    "NAME\n"
    "    storyline recluster - rebuild events and storylines\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline recluster [--db PATH]\n"
    "\n"
    "DESCRIPTION\n"
    "    Drops every event, storyline, digest and the clusterer's state,\n"
    "    then gives every stored article (its latest revision) to a fresh\n"
    "    clusterer in ingest order, each copy with the original it had\n"
    "    when first clustered. Deterministic: when no article was revised\n"
    "    since, the result is the one ingest produced. Use it after\n"
    "    `ingest --no-stories`, or on a store made before it had stories.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    -q, --quiet   No summary.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    A summary on standard error: articles, events, storylines.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 the store failed (nothing is changed); 2 usage\n"
    "    error.\n";

static const char why_help[] =
    "NAME\n"
    "    storyline why - why two articles share an event, or do not\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline why [--db PATH] [--json] A B\n"
    "\n"
    "DESCRIPTION\n"
    "    Scores articles A and B against each other feature by feature,\n"
    "    as the clusterer would with the store's current term\n"
    "    statistics: the cosine of their title terms, body terms, named\n"
    "    entities and whole vectors, the days between them and the time\n"
    "    decay, the resulting score against the event threshold, whether\n"
    "    one is a copy of the other, and the verdict. Then says which\n"
    "    events they are in now. An article joins an event by its score\n"
    "    against the event as a whole (all its articles), so two\n"
    "    articles can share an event with a low score between them.\n"
    "    A and B are ids, external ids, URLs or identities.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH     The store (default ./storyline.db).\n"
    "    --json        One JSON object.\n"
    "    -h, --help    Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 no such article, or the store failed; 2 usage\n"
    "    error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline why --db news.db 12 40\n";

/* "YYYY-MM-DD" (or with the time when 'full') of ms UTC; "" for 0. */
static const char *day(char *buf, size_t cap, int64_t ms, int full)
{
    struct tm tm;
    time_t t = (time_t)(ms / 1000);

    if (ms == 0 || gmtime_r(&t, &tm) == NULL) {
        buf[0] = '\0';
        return buf;
    }
    strftime(buf, cap, full ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d", &tm);
    return buf;
}

static int open_store(sl_store **st, const char *cmd, const char *db, int rw)
{
    sl_store_options o = { 0 };

    o.read_only = !rw;
    if (sl_store_open(st, db, &o) < 0) {
        cli_err(cmd, "%s: %s", db, sl_store_errmsg(*st));
        sl_store_close(*st);
        *st = NULL;
        return -1;
    }
    return 0;
}

static int parse_id(int64_t *out, const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v <= 0) {
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_count(size_t *out, const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);

    if (*s == '\0' || *s == '-' || *end != '\0') {
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/*---- stories, storylines -------------------------------------------*/

typedef struct list_ctx {
    out_format fmt;
    size_t n;
} list_ctx;

static void json_time(const char *key, int64_t ms)
{
    char b[32];

    printf(",\"%s\":", key);
    if (ms == 0) {
        fputs("null", stdout);
    } else {
        out_json_str(stdout, day(b, sizeof(b), ms, 1));
    }
}

static int print_event(const sl_event_row *r, void *payload)
{
    list_ctx *x = payload;
    char a[32], b[32];

    switch (x->fmt) {
    case OUT_JSON:
    case OUT_JSONL:
        if (x->fmt == OUT_JSON) {
            fputs(x->n == 0 ? "\n" : ",\n", stdout);
        }
        printf("{\"id\":%lld,\"storyline\":%lld,\"title\":", (long long)r->id,
               (long long)r->storyline_id);
        out_json_str(stdout, r->title);
        json_time("first_seen", r->first_ms);
        json_time("last_seen", r->last_ms);
        printf(",\"articles\":%lld,\"sources\":%lld}", (long long)r->articles,
               (long long)r->sources);
        if (x->fmt == OUT_JSONL) {
            fputc('\n', stdout);
        }
        break;
    case OUT_CSV:
        printf("%lld,%lld,%lld,%lld,%s,%s,", (long long)r->id,
               (long long)r->storyline_id, (long long)r->articles,
               (long long)r->sources, day(a, sizeof(a), r->first_ms, 1),
               day(b, sizeof(b), r->last_ms, 1));
        out_csv_field(stdout, r->title);
        fputc('\n', stdout);
        break;
    default:
        printf("%-7lld %-7lld %8lld %7lld  %-10s  %-10s  %s\n",
               (long long)r->id, (long long)r->storyline_id,
               (long long)r->articles, (long long)r->sources,
               day(a, sizeof(a), r->first_ms, 0),
               day(b, sizeof(b), r->last_ms, 0), r->title ? r->title : "");
    }
    x->n++;
    return 0;
}

static int print_storyline(const sl_storyline_row *r, void *payload)
{
    list_ctx *x = payload;
    char a[32], b[32];

    switch (x->fmt) {
    case OUT_JSON:
    case OUT_JSONL:
        if (x->fmt == OUT_JSON) {
            fputs(x->n == 0 ? "\n" : ",\n", stdout);
        }
        printf("{\"id\":%lld,\"title\":", (long long)r->id);
        out_json_str(stdout, r->title);
        json_time("first_seen", r->first_ms);
        json_time("last_seen", r->last_ms);
        printf(",\"events\":%lld,\"articles\":%lld}", (long long)r->events,
               (long long)r->articles);
        if (x->fmt == OUT_JSONL) {
            fputc('\n', stdout);
        }
        break;
    case OUT_CSV:
        printf("%lld,%lld,%lld,%s,%s,", (long long)r->id, (long long)r->events,
               (long long)r->articles, day(a, sizeof(a), r->first_ms, 1),
               day(b, sizeof(b), r->last_ms, 1));
        out_csv_field(stdout, r->title);
        fputc('\n', stdout);
        break;
    default:
        printf("%-7lld %6lld %8lld  %-10s  %-10s  %s\n", (long long)r->id,
               (long long)r->events, (long long)r->articles,
               day(a, sizeof(a), r->first_ms, 0),
               day(b, sizeof(b), r->last_ms, 0), r->title ? r->title : "");
    }
    x->n++;
    return 0;
}

static int print_assignment(const sl_assignment_row *r, void *payload)
{
    (void)payload;
    printf("%s\t%lld\t%lld\n", r->key ? r->key : "", (long long)r->event_id,
           (long long)r->storyline_id);
    return 0;
}

/* Shared by `stories` and `storylines` (which = 0 or 1). */
static int list_main(int argc, char **argv, int which)
{
    enum {
        OPT_DB = 256,
        OPT_SINCE,
        OPT_UNTIL,
        OPT_QUERY,
        OPT_STORYLINE,
        OPT_SORT,
        OPT_LIMIT,
        OPT_OFFSET,
        OPT_JSON,
        OPT_JSONL,
        OPT_CSV,
        OPT_ASSIGN
    };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "since", required_argument, NULL, OPT_SINCE },
        { "until", required_argument, NULL, OPT_UNTIL },
        { "query", required_argument, NULL, OPT_QUERY },
        { "storyline", required_argument, NULL, OPT_STORYLINE },
        { "sort", required_argument, NULL, OPT_SORT },
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "json", no_argument, NULL, OPT_JSON },
        { "jsonl", no_argument, NULL, OPT_JSONL },
        { "csv", no_argument, NULL, OPT_CSV },
        { "assignments", no_argument, NULL, OPT_ASSIGN },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *cmd = which == 0 ? "stories" : "storylines";
    const char *db = CLI_DEFAULT_DB;
    sl_story_query q = { .limit = 20 };
    list_ctx x = { .fmt = OUT_TEXT };
    int assign = 0, c, rc;
    int64_t total = 0;
    sl_store *st = NULL;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_SINCE:
            q.since = optarg;
            break;
        case OPT_UNTIL:
            q.until = optarg;
            break;
        case OPT_QUERY:
            q.query = optarg;
            break;
        case OPT_STORYLINE:
            if (which != 0 || parse_id(&q.storyline_id, optarg) < 0) {
                cli_err(cmd, "--storyline: expected an id");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_SORT:
            if (strcmp(optarg, "newest") == 0) {
                q.sort = SL_STORY_SORT_NEWEST;
            } else if (strcmp(optarg, "size") == 0) {
                q.sort = SL_STORY_SORT_SIZE;
            } else {
                cli_err(cmd, "--sort: expected newest or size");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_LIMIT:
        case OPT_OFFSET:
            if (parse_count(c == OPT_LIMIT ? &q.limit : &q.offset, optarg) <
                0) {
                cli_err(cmd, "%s: expected a number",
                        c == OPT_LIMIT ? "--limit" : "--offset");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_JSON:
            x.fmt = OUT_JSON;
            break;
        case OPT_JSONL:
            x.fmt = OUT_JSONL;
            break;
        case OPT_CSV:
            x.fmt = OUT_CSV;
            break;
        case OPT_ASSIGN:
            if (which != 0) {
                cli_err(cmd, "--assignments belongs to `storyline stories`");
                return CLI_EXIT_USAGE;
            }
            assign = 1;
            break;
        case 'h':
            fputs(which == 0 ? stories_help : storylines_help, stdout);
            return CLI_EXIT_OK;
        default:
            fprintf(stderr, "Try 'storyline %s --help'.\n", cmd);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err(cmd, "unexpected argument '%s'", argv[optind]);
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, cmd, db, 0) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (assign) {
        rc = sl_store_assignments(st, print_assignment, NULL);
    } else {
        if (x.fmt == OUT_JSON) {
            fputs("{\"", stdout);
            fputs(which == 0 ? "events" : "storylines", stdout);
            fputs("\":[", stdout);
        } else if (x.fmt == OUT_CSV) {
            puts(which == 0 ? "id,storyline,articles,sources,first_seen,"
                              "last_seen,title"
                            : "id,events,articles,first_seen,last_seen,title");
        } else if (x.fmt == OUT_TEXT) {
            puts(which == 0 ? "EVENT   STORY   ARTICLES SOURCES  FIRST       "
                              "LAST        TITLE"
                            : "STORY   EVENTS ARTICLES  FIRST       LAST     "
                              "   TITLE");
        }
        rc = which == 0
                 ? sl_store_events(&total, st, &q, print_event, &x)
                 : sl_store_storylines(&total, st, &q, print_storyline, &x);
        if (rc == SL_OK && x.fmt == OUT_JSON) {
            printf("%s],\"total\":%lld}\n", x.n ? "\n" : "", (long long)total);
        } else if (rc == SL_OK && x.fmt == OUT_TEXT) {
            printf("%zu of %lld %s\n", x.n, (long long)total,
                   which == 0 ? "events" : "storylines");
        }
    }
    if (rc < 0) {
        cli_err(cmd, "%s", sl_store_errmsg(st));
    }
    sl_store_close(st);
    if (rc == SL_EINVAL) {
        return CLI_EXIT_USAGE;
    }
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

int cmd_stories(int argc, char **argv)
{
    return list_main(argc, argv, 0);
}

int cmd_storylines(int argc, char **argv)
{
    return list_main(argc, argv, 1);
}

/*---- story, storyline ----------------------------------------------*/

/* Parse [--db PATH] [--json] ID for `story` and `storyline`. */
static int one_args(const char **db,
                    int *json,
                    int64_t *id,
                    int argc,
                    char **argv,
                    const char *cmd,
                    const char *help)
{
    enum { OPT_DB = 256, OPT_JSON };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "json", no_argument, NULL, OPT_JSON },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            *db = optarg;
            break;
        case OPT_JSON:
            *json = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return 1;
        default:
            fprintf(stderr, "Try 'storyline %s --help'.\n", cmd);
            return -1;
        }
    }
    if (argc - optind != 1) {
        cli_err(cmd, "give one ID");
        return -1;
    }
    if (parse_id(id, argv[optind]) < 0) {
        cli_err(cmd, "'%s' is not an id", argv[optind]);
        return -1;
    }
    return 0;
}

static void print_event_json(const sl_event *e)
{
    char b[32];

    printf("{\"id\":%lld,\"storyline\":%lld,\"title\":", (long long)e->row.id,
           (long long)e->row.storyline_id);
    out_json_str(stdout, e->row.title);
    json_time("first_seen", e->row.first_ms);
    json_time("last_seen", e->row.last_ms);
    printf(",\"article_count\":%lld,\"source_count\":%lld,\"sources\":[",
           (long long)e->row.articles, (long long)e->row.sources);
    for (size_t i = 0; i < e->source_count; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        out_json_str(stdout, e->sources[i].name);
        printf(",\"articles\":%lld}", (long long)e->sources[i].articles);
    }
    fputs("],\"entities\":[", stdout);
    for (size_t i = 0; i < e->entity_count; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        out_json_str(stdout, e->entities[i].name);
        printf(",\"type\":\"%s\",\"articles\":%lld}", e->entities[i].type,
               (long long)e->entities[i].articles);
    }
    fputs("],\"articles\":[", stdout);
    for (size_t i = 0; i < e->article_count; i++) {
        const sl_event_article *a = &e->articles[i];
        printf("%s\n{\"id\":%lld,\"key\":", i ? "," : "", (long long)a->id);
        out_json_str(stdout, a->key);
        fputs(",\"title\":", stdout);
        out_json_str(stdout, a->title);
        fputs(",\"url\":", stdout);
        out_json_str(stdout, a->url);
        fputs(",\"source\":", stdout);
        out_json_str(stdout, a->source);
        fputs(",\"published\":", stdout);
        out_json_str(stdout, a->published);
        fputs(",\"seen\":", stdout);
        out_json_str(stdout, day(b, sizeof(b), a->seen_ms, 1));
        if (a->copy_of != 0) {
            printf(",\"copy_of\":%lld}", (long long)a->copy_of);
        } else {
            fputs(",\"copy_of\":null}", stdout);
        }
    }
    fputs("]}\n", stdout);
}

static void print_event_text(const sl_event *e)
{
    char a[32], b[32];

    printf("event %lld: %s\n", (long long)e->row.id,
           e->row.title ? e->row.title : "");
    printf("storyline   %lld\n", (long long)e->row.storyline_id);
    printf("first seen  %s\n", day(a, sizeof(a), e->row.first_ms, 1));
    printf("last seen   %s\n", day(b, sizeof(b), e->row.last_ms, 1));
    printf("articles    %lld\n", (long long)e->row.articles);
    printf("sources     %lld:", (long long)e->row.sources);
    for (size_t i = 0; i < e->source_count; i++) {
        printf("%s %s (%lld)", i ? "," : "", e->sources[i].name,
               (long long)e->sources[i].articles);
    }
    fputs("\nentities   ", stdout);
    for (size_t i = 0; i < e->entity_count && i < 20; i++) {
        printf("%s %s %s (%lld)", i ? "," : "", e->entities[i].type,
               e->entities[i].name, (long long)e->entities[i].articles);
    }
    fputs("\n\n", stdout);
    for (size_t i = 0; i < e->article_count; i++) {
        const sl_event_article *x = &e->articles[i];
        printf("%-6lld  %-10s  %-20.20s  %s", (long long)x->id,
               day(a, sizeof(a), x->seen_ms, 0), x->source ? x->source : "",
               x->title && x->title[0] ? x->title : x->key);
        if (x->copy_of != 0) {
            printf("  [copy of %lld]", (long long)x->copy_of);
        }
        fputc('\n', stdout);
    }
}

int cmd_story(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int json = 0, rc;
    int64_t id = 0;
    sl_store *st = NULL;
    sl_event *e = NULL;

    rc = one_args(&db, &json, &id, argc, argv, "story", story_help);
    if (rc != 0) {
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    if (open_store(&st, "story", db, 0) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_store_event_get(&e, st, id);
    if (rc < 0) {
        cli_err("story", "%s", sl_store_errmsg(st));
    } else if (json) {
        print_event_json(e);
    } else {
        print_event_text(e);
    }
    sl_event_free(e);
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

int cmd_storyline(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int json = 0, rc;
    int64_t id = 0;
    sl_store *st = NULL;
    sl_storyline *s = NULL;

    rc = one_args(&db, &json, &id, argc, argv, "storyline", storyline_help);
    if (rc != 0) {
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    if (open_store(&st, "storyline", db, 0) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_store_storyline_get(&s, st, id);
    if (rc < 0) {
        cli_err("storyline", "%s", sl_store_errmsg(st));
    } else {
        list_ctx x = { .fmt = json ? OUT_JSON : OUT_TEXT };
        char a[32], b[32];
        if (json) {
            printf("{\"id\":%lld,\"title\":", (long long)s->row.id);
            out_json_str(stdout, s->row.title);
            json_time("first_seen", s->row.first_ms);
            json_time("last_seen", s->row.last_ms);
            printf(",\"event_count\":%lld,\"article_count\":%lld,"
                   "\"events\":[",
                   (long long)s->row.events, (long long)s->row.articles);
        } else {
            printf("storyline %lld: %s\n", (long long)s->row.id,
                   s->row.title ? s->row.title : "");
            printf("first seen  %s\nlast seen   %s\n",
                   day(a, sizeof(a), s->row.first_ms, 1),
                   day(b, sizeof(b), s->row.last_ms, 1));
            printf("events      %lld\narticles    %lld\n\n",
                   (long long)s->row.events, (long long)s->row.articles);
            puts("EVENT   STORY   ARTICLES SOURCES  FIRST       LAST        "
                 "TITLE");
        }
        for (size_t i = 0; i < s->event_count; i++) {
            print_event(&s->events[i], &x);
        }
        if (json) {
            fputs("]}\n", stdout);
        }
    }
    sl_storyline_free(s);
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

/*---- recluster -----------------------------------------------------*/

int cmd_recluster(int argc, char **argv)
{
    enum { OPT_DB = 256 };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB;
    int quiet = 0, c, rc;
    size_t n = 0;
    sl_store *st = NULL;

    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            fputs(recluster_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline recluster --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("recluster", "unexpected argument '%s'", argv[optind]);
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, "recluster", db, 1) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_store_begin(st);
    if (rc == SL_OK) {
        rc = sl_store_recluster(st, &n);
    }
    if (rc == SL_OK) {
        rc = sl_store_commit(st);
    }
    if (rc < 0) {
        cli_err("recluster", "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
    } else if (!quiet) {
        int64_t events = 0, storylines = 0;
        sl_story_query q = { .limit = 1 };
        list_ctx none = { .fmt = OUT_TEXT };
        q.offset = SIZE_MAX / 2; /* counts only */
        sl_store_events(&events, st, &q, print_event, &none);
        sl_store_storylines(&storylines, st, &q, print_storyline, &none);
        fprintf(stderr,
                "storyline recluster: %zu articles, %lld events, %lld "
                "storylines\n",
                n, (long long)events, (long long)storylines);
    }
    sl_store_close(st);
    return rc < 0 ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

/*---- why -----------------------------------------------------------*/

static int resolve(sl_store *st, const char *key, int64_t *id)
{
    sl_stored_article *a = NULL;

    if (sl_store_get(&a, st, key, 0) < 0) {
        cli_err("why", "%s", sl_store_errmsg(st));
        return -1;
    }
    *id = a->id;
    sl_stored_article_free(a);
    return 0;
}

int cmd_why(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_JSON };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "json", no_argument, NULL, OPT_JSON },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB;
    int json = 0, c, rc;
    int64_t a = 0, b = 0;
    sl_cluster_explain x;
    sl_store *st = NULL;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case 'h':
            fputs(why_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline why --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        cli_err("why", "give two articles A and B");
        return CLI_EXIT_USAGE;
    }
    if (open_store(&st, "why", db, 0) < 0) {
        return CLI_EXIT_PARTIAL;
    }
    if (resolve(st, argv[optind], &a) < 0 ||
        resolve(st, argv[optind + 1], &b) < 0) {
        sl_store_close(st);
        return CLI_EXIT_PARTIAL;
    }
    rc = sl_store_story_explain(&x, st, a, b);
    if (rc < 0) {
        cli_err("why", "%s", sl_store_errmsg(st));
        sl_store_close(st);
        return CLI_EXIT_PARTIAL;
    }
    int same = x.event_a != 0 && x.event_a == x.event_b;
    if (json) {
        printf("{\"a\":%lld,\"b\":%lld,\"title_cosine\":%.4f,"
               "\"body_cosine\":%.4f,\"entity_cosine\":%.4f,"
               "\"text_cosine\":%.4f,\"gap_days\":",
               (long long)a, (long long)b, x.title_cosine, x.body_cosine,
               x.entity_cosine, x.text_cosine);
        if (x.gap_days < 0) {
            fputs("null", stdout);
        } else {
            printf("%.2f", x.gap_days);
        }
        printf(",\"time_factor\":%.4f,\"score\":%.4f,\"threshold\":%.4f,"
               "\"copy\":%s,\"would_join\":%s,\"event_a\":%llu,"
               "\"event_b\":%llu,\"same_event\":%s}\n",
               x.time_factor, x.score, x.threshold, x.copy ? "true" : "false",
               x.would_join ? "true" : "false", (unsigned long long)x.event_a,
               (unsigned long long)x.event_b, same ? "true" : "false");
    } else {
        printf("title cosine   %.3f\n", x.title_cosine);
        printf("body cosine    %.3f\n", x.body_cosine);
        printf("entity cosine  %.3f\n", x.entity_cosine);
        printf("text cosine    %.3f\n", x.text_cosine);
        if (x.gap_days < 0) {
            printf("gap            - (undated)\n");
        } else {
            printf("gap            %.1f days\n", x.gap_days);
        }
        printf("time factor    %.3f\n", x.time_factor);
        printf("score          %.3f\n", x.score);
        printf("threshold      %.3f\n", x.threshold);
        printf("copy           %s\n", x.copy ? "yes" : "no");
        printf("verdict        %s\n",
               x.copy         ? "same event (one copies the other)"
               : x.would_join ? "would join (score >= threshold)"
                              : "would not join (score < threshold)");
        if (x.event_a == 0 || x.event_b == 0) {
            printf("now            %s not in an event\n",
                   x.event_a == 0 && x.event_b == 0 ? "neither is"
                   : x.event_a == 0                 ? "A is"
                                                    : "B is");
        } else {
            printf("now            events %llu and %llu: %s\n",
                   (unsigned long long)x.event_a, (unsigned long long)x.event_b,
                   same ? "the same event" : "different events");
        }
    }
    sl_store_close(st);
    return CLI_EXIT_OK;
}
