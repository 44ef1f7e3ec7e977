/*
 * cmd_timex.c - `storyline timex`: JSON Lines texts with their dates in,
 * temporal expressions out, one line per input line.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"
#include "storyline/timex.h"

static const char help[] =
    "NAME\n"
    "    storyline timex - find dates, times, durations and sets in text\n"
    "    and normalise them against the document's date\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline timex [OPTIONS] [FILE|-]...\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads JSON Lines, one object {\"id\": ..., \"dct\": \"YYYY-MM-DD\",\n"
    "    \"text\": \"...\"} per line, and prints for each one line\n"
    "    {\"id\": ..., \"timexes\": [...]} in input order. No FILE, or '-',\n"
    "    reads standard input. Blank lines are skipped.\n"
    "\n"
    "    dct is the document creation time, the date relative expressions\n"
    "    are resolved against (\"yesterday\", \"last week\", \"in March\",\n"
    "    \"a year ago\"): a date, a date and time (\"2022-08-15T10:00:00Z\";\n"
    "    the day as written counts, not the day in UTC) or \"@SECONDS\".\n"
    "    A line without one takes --dct; with neither, relative expressions\n"
    "    keep X digits (\"XXXX-XX-XX\").\n"
    "\n"
    "    Each expression is {\"start\", \"end\", \"text\", \"type\", \"value\"}\n"
    "    and \"mod\" when it has one. start and end count Unicode code\n"
    "    points from the start of the text, end exclusive (Python string\n"
    "    indices), so they match byte offsets only for ASCII text. type is\n"
    "    DATE, TIME, DURATION or SET; value is the TIMEX3 value:\n"
    "        2022-08-15  a day          2022-W33  an ISO week\n"
    "        2022-08     a month        2022-Q3   a quarter\n"
    "        2022        a year         198       the 1980s\n"
    "        P9Y         nine years     PT2H      two hours\n"
    "        2022-08-15T14:00, 2022-08-15TMO     a time, a morning\n"
    "        PRESENT_REF, PAST_REF, FUTURE_REF   now, recently, soon\n"
    "    mod is START (\"early 2013\"), END, MID, APPROX, LESS_THAN,\n"
    "    MORE_THAN, EQUAL_OR_MORE or EQUAL_OR_LESS. See docs/ARCHITECTURE.md,\n"
    "    section \"timex\", for the rules and how to add a language.\n"
    "\n"
    "OPTIONS\n"
    "    --dct DATE\n"
    "        Document date for lines without a \"dct\".\n"
    "    --language CODE\n"
    "        Language of the texts; built in: en (the default).\n"
    "    --max-bytes SIZE\n"
    "        Longest input line accepted, e.g. 500k, 64M. Longer lines are\n"
    "        reported as errors. Default: 16M.\n"
    "    -h, --help\n"
    "        Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 every line was read; 1 some lines could not be read (each is\n"
    "    named as FILE:LINE on standard error and skipped, the others were\n"
    "    printed), or out of memory (the rest is not read); 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    echo '{\"id\": 1, \"dct\": \"2022-08-17\", \"text\": \"The last troops "
    "left on Monday.\"}' | storyline timex\n"
    "    storyline timex --dct 2013-01-20 texts.jsonl\n";

typedef struct tx_ctx {
    sl_timex_options opts;
    int64_t default_dct_ms;
    size_t max_bytes;
    size_t failed;
    int oom; /* out of memory: stop, report once, exit 1 */
} tx_ctx;

/* Write bytes s[0..len) as a JSON string literal; they are valid UTF-8
 * (jansson checked the line), NUL included. */
static void json_bytes(FILE *f, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";

    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

/* A document date: the wall-clock day and time as written (a UTC offset
 * is ignored, so "2022-08-15T23:30-05:00" stays on the 15th), or
 * "@SECONDS". */
static int parse_dct(int64_t *out, const char *s)
{
    sl_date d;

    if (s[0] == '@') {
        return cli_parse_time(out, s);
    }
    if (sl_date_parse(&d, s, strlen(s)) < 0) {
        return -1;
    }
    d.has_tz = 0;
    d.tz_offset_min = 0;
    *out = sl_date_to_ms(&d);
    return *out == 0 ? -1 : 0;
}

static void
bad_line(tx_ctx *x, const char *path, size_t lineno, const char *msg)
{
    cli_err("timex", "%s:%zu: %s", path, lineno, msg);
    x->failed++;
}

/* Print one line of results; -1 when out of memory (nothing printed). */
static int
print_timexes(json_t *id, const char *text, size_t len, sl_timex *t, size_t n)
{
    char *idj = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    size_t *bytes = NULL;

    if (idj == NULL) {
        return -1;
    }
    if (n > 0) {
        bytes = malloc(2 * n * sizeof(*bytes));
        if (bytes == NULL) {
            free(idj);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            bytes[2 * i] = t[i].start;
            bytes[2 * i + 1] = t[i].end;
        }
        sl_timex_to_codepoints(t, n, text, len);
    }
    printf("{\"id\":%s,\"timexes\":[", idj);
    for (size_t i = 0; i < n; i++) {
        printf("%s{\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "",
               t[i].start, t[i].end);
        json_bytes(stdout, text + bytes[2 * i],
                   bytes[2 * i + 1] - bytes[2 * i]);
        printf(",\"type\":\"%s\",\"value\":", sl_timex_type_name(t[i].type));
        json_bytes(stdout, t[i].value, strlen(t[i].value));
        if (t[i].mod[0] != '\0') {
            fputs(",\"mod\":", stdout);
            json_bytes(stdout, t[i].mod, strlen(t[i].mod));
        }
        putchar('}');
    }
    fputs("]}\n", stdout);
    free(bytes);
    free(idj);
    return 0;
}

static void timex_line(
    tx_ctx *x, const char *path, size_t lineno, const char *line, size_t len)
{
    json_error_t err;
    json_t *j, *text, *id, *dct;
    sl_timex *t = NULL;
    size_t n = 0;
    int64_t dct_ms = x->default_dct_ms;
    int rc;

    j = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    if (j == NULL) {
        char msg[200];
        snprintf(msg, sizeof(msg), "not JSON: %s", err.text);
        bad_line(x, path, lineno, msg);
        return;
    }
    if (!json_is_object(j)) {
        bad_line(x, path, lineno, "not a JSON object");
        json_decref(j);
        return;
    }
    text = json_object_get(j, "text");
    if (!json_is_string(text)) {
        bad_line(x, path, lineno, "no \"text\" string");
        json_decref(j);
        return;
    }
    dct = json_object_get(j, "dct");
    if (dct != NULL && !json_is_null(dct)) {
        if (!json_is_string(dct) ||
            parse_dct(&dct_ms, json_string_value(dct)) < 0) {
            bad_line(x, path, lineno, "\"dct\" is not a date");
            json_decref(j);
            return;
        }
    }
    id = json_object_get(j, "id");
    if (id == NULL) {
        id = json_null();
    }
    rc = sl_timex_find(&t, &n, json_string_value(text),
                       json_string_length(text), dct_ms, &x->opts);
    if (rc == SL_ENOMEM) {
        x->oom = 1;
    } else if (rc < 0) {
        bad_line(x, path, lineno, sl_strerror(rc));
    } else if (print_timexes(id, json_string_value(text),
                             json_string_length(text), t, n) < 0) {
        x->oom = 1;
    }
    sl_free(t);
    json_decref(j);
}

typedef struct timex_file_line {
    tx_ctx *x;
    const char *name;
} timex_file_line;

static int timex_line_cb(void *ctx, size_t lineno, const char *line, size_t len)
{
    timex_file_line *fl = ctx;

    if (line == NULL) {
        bad_line(fl->x, fl->name, lineno, "line exceeds --max-bytes");
    } else {
        timex_line(fl->x, fl->name, lineno, line, len);
    }
    return fl->x->oom;
}

static void timex_file(tx_ctx *x, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    timex_file_line fl = { x, name };
    int r;

    if (f == NULL) {
        cli_err("timex", "%s: %s", path, strerror(errno));
        x->failed++;
        return;
    }
    r = cli_each_line(f, x->max_bytes, timex_line_cb, &fl);
    if (r == -2) {
        x->oom = 1;
    } else if (r == -1) {
        cli_err("timex", "%s: %s", name, strerror(errno));
        x->failed++;
    }
    if (f != stdin) {
        fclose(f);
    }
}

int cmd_timex(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dct", required_argument, NULL, 'd' },
        { "language", required_argument, NULL, 'l' },
        { "max-bytes", required_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sl_timex_rules *rules = NULL;
    tx_ctx x;
    int c, rc;

    memset(&x, 0, sizeof(x));
    x.max_bytes = SL_TIMEX_DEFAULT_MAX_BYTES;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (parse_dct(&x.default_dct_ms, optarg) < 0) {
                cli_err("timex", "--dct: cannot read '%s' as a date", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'l':
            x.opts.language = optarg;
            break;
        case 'b':
            if (cli_parse_size(&x.max_bytes, optarg) < 0 || x.max_bytes == 0) {
                cli_err("timex", "--max-bytes: cannot read '%s' as a size",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline timex --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    x.opts.max_bytes = x.max_bytes;
    rc = sl_timex_rules_new(&rules, x.opts.language);
    if (rc == SL_ENOTFOUND) {
        cli_err("timex", "--language: no rules for '%s' (built in: %s)",
                x.opts.language, sl_timex_languages());
        return CLI_EXIT_USAGE;
    }
    if (rc < 0) {
        cli_err("timex", "rules: %s", sl_strerror(rc));
        return CLI_EXIT_USAGE;
    }
    x.opts.rules = rules;
    if (optind >= argc) {
        timex_file(&x, "-");
    }
    for (int i = optind; i < argc && !x.oom; i++) {
        timex_file(&x, argv[i]);
    }
    if (x.oom) {
        fputs("storyline: out of memory\n", stderr);
        x.failed++;
    }
    if (fflush(stdout) != 0) {
        cli_err("timex", "standard output: %s", strerror(errno));
        x.failed++;
    }
    sl_timex_rules_free(rules);
    return x.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
