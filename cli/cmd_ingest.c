/*
 * cmd_ingest.c - `storyline ingest`: files, folders, WARC, feeds, JSON
 * Lines, plain-text pages and URLs into the store.
 *
 * Documents are stored in transactions of --batch documents (or two
 * seconds, whichever comes first), so a crash loses at most one open
 * batch; the store's identities make a re-run add exactly what was lost.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char help[] =
    "NAME\n"
    "    storyline ingest - add articles to the store\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline ingest [OPTIONS] SOURCE...\n"
    "    storyline ingest [OPTIONS] --urls FILE [SOURCE...]\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads every SOURCE and stores each article found in it. A SOURCE\n"
    "    is a file, a folder (walked recursively in name order, hidden\n"
    "    entries skipped), '-' for standard input, or an http(s) URL of a\n"
    "    page or a feed. Files may be gzip-compressed; their format is\n"
    "    told from their bytes, not their names:\n"
    "      HTML pages       extracted like `storyline extract` does\n"
    "      WARC files       response records with HTML pages (Common\n"
    "                       Crawl's news crawl); streamed, any size\n"
    "      RSS/Atom feeds   one article per item\n"
    "      JSON Lines       one article per line: id, title, text,\n"
    "                       published, source, url, authors, lang, or\n"
    "                       news-please's maintext, date_publish,\n"
    "                       source_domain\n"
    "      plain text       a page saved as text: the headline is found\n"
    "                       past site names and section labels, and\n"
    "                       boilerplate lines are dropped\n"
    "\n"
    "    An article's identity is its external id when the input gives\n"
    "    one, else its URL, else its file path. Ingesting the same input\n"
    "    twice adds nothing; an identity that comes back with changed\n"
    "    text is stored as a new revision, the old one kept.\n"
    "\n"
    "OPTIONS\n"
    "    --db PATH          The store (default ./storyline.db), created if\n"
    "                       missing.\n"
    "    --urls FILE        Also fetch the URLs listed in FILE, one per\n"
    "                       line ('#' starts a comment), obeying\n"
    "                       robots.txt and a per-host delay.\n"
    "    --format FORMAT    Read every file as FORMAT: html, warc, feed,\n"
    "                       jsonl or text. Default: told from the bytes.\n"
    "    --now TIME         The ingest clock (YYYY-MM-DD, ISO 8601 or\n"
    "                       @SECONDS): stored as the ingest time and the\n"
    "                       latest possible publication date of pages\n"
    "                       without a crawl time. Default: the current time.\n"
    "    --batch N          Documents per transaction (default 1000).\n"
    "    --max-bytes SIZE   Largest record accepted: a page, a JSON line,\n"
    "                       a WARC record (default 32M).\n"
    "    --max-file-bytes SIZE\n"
    "                       Largest whole file read into memory (JSON\n"
    "                       Lines, feeds, pages; WARC is streamed) after\n"
    "                       decompression (default 2G).\n"
    "    --delay MS         Minimum time between two requests to one host\n"
    "                       (default 1000).\n"
    "    --timeout MS       Time limit of one fetch (default 30000).\n"
    "    --user-agent UA    User-Agent of fetches.\n"
    "    --no-copies        Skip copy detection while loading (a bulk\n"
    "                       backfill); run `storyline copies --rebuild`\n"
    "                       afterwards.\n"
    "    --no-stories       Do not assign new articles to events and\n"
    "                       storylines while loading; run `storyline\n"
    "                       recluster` afterwards.\n"
    "    --ignore-robots    Do not read robots.txt (only for your own\n"
    "                       sites).\n"
    "    -q, --quiet        No progress line and no summary; errors are\n"
    "                       still printed.\n"
    "    -v, --verbose      Name each file and its format as it is read.\n"
    "    -h, --help         Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    On a terminal, a progress line (documents, rate, files, errors,\n"
    "    time left) on standard error. Then a summary: documents read,\n"
    "    added, revised, unchanged, failed, records skipped. Each skipped\n"
    "    record or failed document is named on standard error as\n"
    "    FILE:LINE or FILE@OFFSET with the reason.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 everything was stored; 1 some records or sources failed (the\n"
    "    rest was stored) or the store failed; 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline ingest pages/\n"
    "    storyline ingest --db news.db CC-NEWS-20240101.warc.gz\n"
    "    storyline ingest articles.jsonl.gz feed.xml\n"
    "    storyline ingest --urls urls.txt --delay 2000\n";

typedef struct ingest_ctx {
    sl_store *st;
    sl_extract_options xo;
    sl_fetch_options fo;
    sl_input_format force;
    size_t max_file_bytes;
    int64_t now_ms;
    int fixed_clock;
    sl_ingest_stats stats;
    size_t skipped;     /* records the readers reported */
    size_t bad_sources; /* files or URLs that could not be read at all */
    int fatal;          /* the store failed: stop */
    int quiet, verbose, tty;
    size_t batch, in_batch;
    int64_t batch_start_ms, start_ms, last_progress_ms;
    uint64_t bytes_total, bytes_done;
    size_t files_total, files_done;
} ingest_ctx;

static void progress(ingest_ctx *x, int final)
{
    int64_t now = cli_mono_ms();
    double secs, rate;

    if (!x->tty || x->quiet) {
        return;
    }
    if (!final && now - x->last_progress_ms < 200) {
        return;
    }
    x->last_progress_ms = now;
    secs = (double)(now - x->start_ms) / 1000.0;
    rate = secs > 0 ? (double)x->stats.docs / secs : 0.0;
    fprintf(stderr, "\r\033[K%zu docs (%.0f/s), %zu added, %zu errors",
            x->stats.docs, rate, x->stats.added,
            x->stats.failed + x->skipped + x->bad_sources);
    if (x->files_total > 1) {
        size_t f =
            x->files_done < x->files_total ? x->files_done + 1 : x->files_total;
        fprintf(stderr, ", file %zu/%zu", f, x->files_total);
    }
    if (x->bytes_total > 0 && x->bytes_done > 0 && secs > 1 && !final) {
        double left = secs * (double)(x->bytes_total - x->bytes_done) /
                      (double)x->bytes_done;
        if (left >= 0) {
            fprintf(stderr, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
        }
    }
    if (final) {
        fputs("\r\033[K", stderr);
    }
    fflush(stderr);
}

static int commit_batch(ingest_ctx *x)
{
    int rc;

    if (x->in_batch == 0) {
        return SL_OK;
    }
    rc = sl_store_commit(x->st);
    if (rc == SL_OK) {
        rc = sl_store_begin(x->st);
    }
    if (rc < 0) {
        cli_err("ingest", "store: %s", sl_store_errmsg(x->st));
        x->fatal = 1;
        return rc;
    }
    x->in_batch = 0;
    x->batch_start_ms = cli_mono_ms();
    return SL_OK;
}

static int on_doc(const sl_doc *doc, void *payload)
{
    ingest_ctx *x = payload;
    int64_t now = x->fixed_clock ? x->now_ms : cli_now_ms();
    int rc;

    if (x->fatal) {
        return 1;
    }
    rc = sl_store_ingest_doc(x->st, doc, &x->xo, now, &x->stats);
    if (rc == SL_EINVAL) {
        cli_err("ingest", "%s", sl_store_errmsg(x->st));
    } else if (rc < 0) {
        cli_err("ingest", "%s: %s", doc->where ? doc->where : "document",
                rc == SL_ENOMEM ? "out of memory" : sl_store_errmsg(x->st));
        x->fatal = 1;
        return 1;
    }
    x->in_batch++;
    if (x->in_batch >= x->batch || cli_mono_ms() - x->batch_start_ms >= 2000) {
        if (commit_batch(x) < 0) {
            return 1;
        }
    }
    progress(x, 0);
    return 0;
}

static void on_error(const char *where, const char *msg, void *payload)
{
    ingest_ctx *x = payload;

    x->skipped++;
    cli_err("ingest", "%s: %s", where, msg);
}

/* The first bytes of a file, decompressed if it is gzip. */
static size_t read_head(const char *path, char *buf, size_t cap)
{
    gzFile g = gzopen(path, "rb");
    int n;

    if (g == NULL) {
        return 0;
    }
    n = gzread(g, buf, (unsigned)cap);
    gzclose(g);
    return n > 0 ? (size_t)n : 0;
}

static void source_failed(ingest_ctx *x, const char *path, const char *msg)
{
    x->bad_sources++;
    cli_err("ingest", "%s: %s", path, msg);
}

static int ingest_file(const char *path, void *payload)
{
    ingest_ctx *x = payload;
    sl_ingest_options io = { 0 };
    sl_input_format fmt = x->force;
    char head[8192];
    char *data = NULL;
    size_t len = 0, hlen;
    struct stat sb;
    int rc;

    if (x->fatal) {
        return 1;
    }
    io.max_record_bytes = x->xo.max_bytes;
    io.on_doc = on_doc;
    io.on_error = on_error;
    io.payload = x;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0) {
        x->bytes_done += (uint64_t)sb.st_size;
    }
    if (fmt == SL_INPUT_UNKNOWN && strcmp(path, "-") != 0) {
        hlen = read_head(path, head, sizeof(head));
        fmt = sl_input_sniff(head, hlen);
    }
    if (fmt == SL_INPUT_WARC) {
        if (x->verbose) {
            fprintf(stderr, "storyline ingest: %s (warc)\n", path);
        }
        rc = sl_warc_read_file(path, &io);
        if (rc == SL_EIO) {
            source_failed(x, path, strerror(errno));
        } else if (rc < 0 && rc != 1) {
            source_failed(x, path, sl_strerror(rc));
        }
        x->files_done++;
        return x->fatal;
    }
    rc = sl_read_file(&data, &len, path, x->max_file_bytes);
    if (rc < 0) {
        source_failed(x, path,
                      rc == SL_EIO      ? strerror(errno)
                      : rc == SL_ELIMIT ? "file exceeds --max-file-bytes"
                                        : sl_strerror(rc));
        x->files_done++;
        return 0;
    }
    if (fmt == SL_INPUT_UNKNOWN) {
        fmt = sl_input_sniff(data, len);
    }
    if (x->verbose) {
        fprintf(stderr, "storyline ingest: %s (%s)\n", path,
                sl_input_format_name(fmt));
    }
    switch (fmt) {
    case SL_INPUT_JSONL:
        rc = sl_jsonl_read(data, len, path, &io);
        break;
    case SL_INPUT_FEED:
        rc = sl_feed_read(data, len, path, &io);
        if (rc == SL_EFORMAT) {
            x->skipped--; /* the reader reported it; count it as a source */
            x->bad_sources++;
        }
        break;
    case SL_INPUT_TEXT:
        rc = sl_text_read(data, len, path, &io);
        if (rc == SL_EINVAL) {
            x->skipped--;
            x->bad_sources++;
        }
        break;
    case SL_INPUT_HTML: {
        sl_doc doc;
        memset(&doc, 0, sizeof(doc));
        doc.kind = SL_DOC_HTML;
        doc.path = path;
        doc.where = path;
        doc.html = data;
        doc.html_len = len;
        rc = on_doc(&doc, x);
        break;
    }
    default:
        source_failed(x, path, "not a page, feed, WARC, JSON Lines or text");
        rc = SL_OK;
        break;
    }
    free(data);
    x->files_done++;
    return x->fatal;
}

/* Count files and bytes first, for the progress line's ETA. */
static int count_file(const char *path, void *payload)
{
    ingest_ctx *x = payload;
    struct stat sb;

    x->files_total++;
    if (stat(path, &sb) == 0) {
        x->bytes_total += (uint64_t)sb.st_size;
    }
    return 0;
}

static int is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static void
fetch_list(ingest_ctx *x, const char *list, size_t len, const char *name)
{
    sl_ingest_options io = { 0 };
    int rc;

    io.max_record_bytes = x->xo.max_bytes;
    io.on_doc = on_doc;
    io.on_error = on_error;
    io.payload = x;
    rc = sl_fetch_urls(list, len, name, &x->fo, &io);
    if (rc < 0 && rc != 1) {
        source_failed(x, name, sl_strerror(rc));
    }
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
        { "urls", required_argument, NULL, 'u' },
        { "format", required_argument, NULL, 'f' },
        { "now", required_argument, NULL, 'n' },
        { "batch", required_argument, NULL, 'B' },
        { "max-bytes", required_argument, NULL, 'b' },
        { "max-file-bytes", required_argument, NULL, 'F' },
        { "delay", required_argument, NULL, 'D' },
        { "timeout", required_argument, NULL, 'T' },
        { "user-agent", required_argument, NULL, 'A' },
        { "ignore-robots", no_argument, NULL, 'R' },
        { "no-copies", no_argument, NULL, 'C' },
        { "no-stories", no_argument, NULL, 'S' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = CLI_DEFAULT_DB, *urls = NULL;
    sl_store_options so = { 0 };
    ingest_ctx x;
    int c, i, status;

    memset(&x, 0, sizeof(x));
    x.batch = 1000;
    x.xo.max_bytes = SL_EXTRACT_DEFAULT_MAX_BYTES;
    x.max_file_bytes = (size_t)2 << 30;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
        size_t sz;
        char *end;
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'u':
            urls = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "html") == 0) {
                x.force = SL_INPUT_HTML;
            } else if (strcmp(optarg, "warc") == 0) {
                x.force = SL_INPUT_WARC;
            } else if (strcmp(optarg, "feed") == 0) {
                x.force = SL_INPUT_FEED;
            } else if (strcmp(optarg, "jsonl") == 0) {
                x.force = SL_INPUT_JSONL;
            } else if (strcmp(optarg, "text") == 0) {
                x.force = SL_INPUT_TEXT;
            } else {
                cli_err("ingest", "--format: unknown format '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'n':
            if (cli_parse_time(&x.now_ms, optarg) < 0) {
                cli_err("ingest", "--now: cannot read '%s' as a time", optarg);
                return CLI_EXIT_USAGE;
            }
            x.fixed_clock = 1;
            break;
        case 'B':
            x.batch = strtoul(optarg, &end, 10);
            if (*end != '\0' || x.batch == 0) {
                cli_err("ingest", "--batch: expected a positive number");
                return CLI_EXIT_USAGE;
            }
            break;
        case 'b':
        case 'F':
            if (cli_parse_size(&sz, optarg) < 0 || sz == 0) {
                cli_err("ingest", "%s: cannot read '%s' as a size",
                        c == 'b' ? "--max-bytes" : "--max-file-bytes", optarg);
                return CLI_EXIT_USAGE;
            }
            if (c == 'b') {
                x.xo.max_bytes = sz;
            } else {
                x.max_file_bytes = sz;
            }
            break;
        case 'D':
        case 'T': {
            long v = strtol(optarg, &end, 10);
            if (*end != '\0' || v < 0) {
                cli_err("ingest", "%s: expected milliseconds",
                        c == 'D' ? "--delay" : "--timeout");
                return CLI_EXIT_USAGE;
            }
            if (c == 'D') {
                x.fo.host_delay_ms = v;
            } else {
                x.fo.timeout_ms = v;
            }
            break;
        }
        case 'A':
            x.fo.user_agent = optarg;
            break;
        case 'C':
            so.no_copies = 1;
            break;
        case 'S':
            so.no_stories = 1;
            break;
        case 'R':
            x.fo.ignore_robots = 1;
            break;
        case 'q':
            x.quiet = 1;
            break;
        case 'v':
            x.verbose = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline ingest --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc && urls == NULL) {
        cli_err("ingest", "no SOURCE given");
        fputs("Try 'storyline ingest --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    x.fo.max_bytes = x.xo.max_bytes;
    if (x.fixed_clock) {
        x.xo.now_ms = x.now_ms;
    }
    x.tty = isatty(STDERR_FILENO);
    sl_extract_global_init();
    if (sl_store_open(&x.st, db, &so) < 0) {
        cli_err("ingest", "%s: %s", db, sl_store_errmsg(x.st));
        sl_store_close(x.st);
        return CLI_EXIT_PARTIAL;
    }
    x.start_ms = x.batch_start_ms = cli_mono_ms();
    if (x.tty && !x.quiet) {
        for (i = optind; i < argc; i++) {
            if (!is_url(argv[i]) && strcmp(argv[i], "-") != 0) {
                cli_walk(argv[i], count_file, &x);
            }
        }
    }
    if (sl_store_begin(x.st) < 0) {
        cli_err("ingest", "%s: %s", db, sl_store_errmsg(x.st));
        sl_store_close(x.st);
        return CLI_EXIT_PARTIAL;
    }
    if (urls != NULL) {
        char *list = NULL;
        size_t len = 0;
        if (sl_read_file(&list, &len, urls, x.max_file_bytes) < 0) {
            source_failed(&x, urls, strerror(errno));
        } else {
            fetch_list(&x, list, len, urls);
        }
        sl_free(list);
    }
    for (i = optind; i < argc && !x.fatal; i++) {
        if (is_url(argv[i])) {
            fetch_list(&x, argv[i], strlen(argv[i]), "argument");
        } else if (cli_walk(argv[i], ingest_file, &x) < 0) {
            x.bad_sources++;
        }
    }
    if (!x.fatal && sl_store_commit(x.st) < 0) {
        cli_err("ingest", "store: %s", sl_store_errmsg(x.st));
        x.fatal = 1;
    }
    progress(&x, 1);
    if (!x.quiet) {
        double secs = (double)(cli_mono_ms() - x.start_ms) / 1000.0;
        fprintf(stderr,
                "storyline ingest: %zu documents: %zu added, %zu revised, "
                "%zu unchanged, %zu failed; %zu records skipped, "
                "%zu sources unreadable; %.1f s (%.0f/s)\n",
                x.stats.docs, x.stats.added, x.stats.revised, x.stats.unchanged,
                x.stats.failed, x.skipped, x.bad_sources, secs,
                secs > 0 ? (double)x.stats.docs / secs : 0.0);
    }
    status = (x.fatal || x.stats.failed || x.skipped || x.bad_sources)
                 ? CLI_EXIT_PARTIAL
                 : CLI_EXIT_OK;
    sl_store_close(x.st);
    return status;
}
