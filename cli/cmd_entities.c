/*
 * cmd_entities.c - `storyline entities`: JSON Lines texts in, named
 * entities out, one line per input line.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"

static const char help[] =
    "NAME\n"
    "    storyline entities - find people, organisations, places and other\n"
    "    names in English text\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline entities [OPTIONS] [FILE|-]...\n"
    "\n"
    "DESCRIPTION\n"
    "    Reads JSON Lines, one object {\"id\": ..., \"text\": \"...\"} per\n"
    "    line, and prints for each one line {\"id\": ..., \"entities\": [...]}\n"
    "    in input order. No FILE, or '-', reads standard input. Blank lines\n"
    "    are skipped. The text may be tokenised (tokens joined by spaces,\n"
    "    one sentence per line, as in CoNLL-2003) or ordinary prose.\n"
    "\n"
    "    Each entity is {\"start\", \"end\", \"type\", \"text\"}: start and end\n"
    "    count Unicode code points from the start of the text, end\n"
    "    exclusive (Python string indices); type is one of\n"
    "        PER   a person\n"
    "        ORG   an organisation, a team, a company\n"
    "        LOC   a place: country, city, region, river\n"
    "        MISC  other names: nationalities, events, works, products\n"
    "    The tagger is an averaged perceptron trained on the CoNLL-2003\n"
    "    English training data; see docs/ARCHITECTURE.md.\n"
    "\n"
    "OPTIONS\n"
    "    --format jsonl|tsv\n"
    "        jsonl (default) as above; tsv prints one line per entity:\n"
    "        id, start, end, type, text, separated by tabs.\n"
    "    --max-bytes SIZE\n"
    "        Longest input line accepted, e.g. 500k, 64M. Longer lines are\n"
    "        reported as errors. Default: 16M.\n"
    "    --model FILE\n"
    "        Use the weights in FILE (written by tools/train_ner) instead\n"
    "        of the built-in ones.\n"
    "    -h, --help\n"
    "        Show this manual.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 every line was tagged; 1 some lines could not be read (each is\n"
    "    named as FILE:LINE on standard error and skipped, the others were\n"
    "    printed), or out of memory (the rest is not read); 2 usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    echo '{\"id\": 1, \"text\": \"Anna Berg flew to Oslo.\"}' | "
    "storyline entities\n"
    "    storyline entities --format tsv docs.jsonl | cut -f4 | sort | "
    "uniq -c\n";

typedef enum ent_format { FMT_JSONL, FMT_TSV } ent_format;

typedef struct ent_ctx {
    sl_entities *ner;
    ent_format format;
    size_t max_bytes;
    sl_entity *copy; /* code-point offsets of the current line */
    size_t copy_cap;
    size_t failed;
    int oom; /* out of memory: stop, report once, exit 1 */
} ent_ctx;

/* Write bytes s[0..len) as a JSON string literal; they are valid UTF-8
 * (jansson checked the line), NUL included. */
static void json_bytes(FILE *f, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;

    fputc('"', f);
    for (i = 0; i < len; i++) {
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

/* Write bytes for a TSV field: tabs and line breaks become spaces. */
static void tsv_bytes(FILE *f, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        char c = s[i];
        fputc(c == '\t' || c == '\n' || c == '\r' || c == '\0' ? ' ' : c, f);
    }
}

static void
bad_line(ent_ctx *x, const char *path, size_t lineno, const char *msg)
{
    cli_err("entities", "%s:%zu: %s", path, lineno, msg);
    x->failed++;
}

static void print_entities(ent_ctx *x,
                           json_t *id,
                           const char *text,
                           const sl_entity *ents,
                           size_t count)
{
    char *idj = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    size_t i;

    if (idj == NULL) {
        x->oom = 1;
        return;
    }
    if (x->format == FMT_JSONL) {
        printf("{\"id\":%s,\"entities\":[", idj);
    }
    for (i = 0; i < count; i++) {
        const char *type = sl_entity_type_name(ents[i].type);
        const char *s = text + ents[i].start;
        size_t n = ents[i].end - ents[i].start;
        if (x->format == FMT_JSONL) {
            printf("%s{\"start\":%zu,\"end\":%zu,\"type\":\"%s\",\"text\":",
                   i ? "," : "", x->copy[i].start, x->copy[i].end, type);
            json_bytes(stdout, s, n);
            putchar('}');
        } else {
            if (json_is_string(id)) {
                tsv_bytes(stdout, json_string_value(id),
                          json_string_length(id));
            } else {
                fputs(idj, stdout);
            }
            printf("\t%zu\t%zu\t%s\t", x->copy[i].start, x->copy[i].end, type);
            tsv_bytes(stdout, s, n);
            putchar('\n');
        }
    }
    if (x->format == FMT_JSONL) {
        fputs("]}\n", stdout);
    }
    free(idj);
}

static void tag_line(
    ent_ctx *x, const char *path, size_t lineno, const char *line, size_t len)
{
    json_error_t err;
    json_t *j, *text, *id;
    const sl_entity *ents;
    size_t count;
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
    id = json_object_get(j, "id");
    if (id == NULL) {
        id = json_null();
    }
    rc = sl_entities_tag(&ents, &count, x->ner, json_string_value(text),
                         json_string_length(text));
    if (rc == SL_ENOMEM) {
        x->oom = 1;
        json_decref(j);
        return;
    }
    if (rc < 0) {
        bad_line(x, path, lineno, sl_strerror(rc));
        json_decref(j);
        return;
    }
    if (count > x->copy_cap) {
        sl_entity *p = realloc(x->copy, count * sizeof(*p));
        if (p == NULL) {
            x->oom = 1;
            json_decref(j);
            return;
        }
        x->copy = p;
        x->copy_cap = count;
    }
    if (count > 0) {
        memcpy(x->copy, ents, count * sizeof(*ents));
    }
    sl_entities_to_codepoints(x->copy, count, json_string_value(text),
                              json_string_length(text));
    print_entities(x, id, json_string_value(text), ents, count);
    json_decref(j);
}

typedef struct tag_file_line {
    ent_ctx *x;
    const char *name;
} tag_file_line;

static int tag_line_cb(void *ctx, size_t lineno, const char *line, size_t len)
{
    tag_file_line *fl = ctx;

    if (line == NULL) {
        bad_line(fl->x, fl->name, lineno, "line exceeds --max-bytes");
    } else {
        tag_line(fl->x, fl->name, lineno, line, len);
    }
    return fl->x->oom;
}

static int tag_file(ent_ctx *x, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    tag_file_line fl = { x, name };
    int r;

    if (f == NULL) {
        cli_err("entities", "%s: %s", path, strerror(errno));
        x->failed++;
        return -1;
    }
    r = cli_each_line(f, x->max_bytes, tag_line_cb, &fl);
    if (r == -2) {
        x->oom = 1;
    } else if (r == -1) {
        cli_err("entities", "%s: %s", name, strerror(errno));
        x->failed++;
    }
    if (f != stdin) {
        fclose(f);
    }
    return 0;
}

int cmd_entities(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "max-bytes", required_argument, NULL, 'b' },
        { "model", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sl_entities_options o = { 0 };
    const char *model_path = NULL;
    char *model = NULL;
    size_t model_len = 0;
    ent_ctx x;
    int c, i, rc;

    memset(&x, 0, sizeof(x));
    x.max_bytes = SL_ENTITIES_DEFAULT_MAX_BYTES;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "jsonl") == 0) {
                x.format = FMT_JSONL;
            } else if (strcmp(optarg, "tsv") == 0) {
                x.format = FMT_TSV;
            } else {
                cli_err("entities", "--format: expected jsonl or tsv, got '%s'",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'b':
            if (cli_parse_size(&x.max_bytes, optarg) < 0 || x.max_bytes == 0) {
                cli_err("entities", "--max-bytes: cannot read '%s' as a size",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'm':
            model_path = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline entities --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (model_path != NULL) {
        rc = sl_read_file(&model, &model_len, model_path, (size_t)256 << 20);
        if (rc < 0) {
            cli_err("entities", "%s: %s", model_path,
                    rc == SL_EIO ? strerror(errno) : sl_strerror(rc));
            return CLI_EXIT_USAGE;
        }
        o.model = model;
        o.model_len = model_len;
    }
    o.max_bytes = x.max_bytes;
    rc = sl_entities_new(&x.ner, &o);
    if (rc < 0) {
        cli_err("entities", "%s: %s",
                model_path ? model_path : "built-in model",
                rc == SL_EFORMAT ? "not a model file of this version"
                                 : sl_strerror(rc));
        sl_free(model);
        return CLI_EXIT_USAGE;
    }
    if (optind >= argc) {
        tag_file(&x, "-");
    }
    for (i = optind; i < argc && !x.oom; i++) {
        tag_file(&x, argv[i]);
    }
    if (x.oom) {
        fputs("storyline: out of memory\n", stderr);
        x.failed++;
    }
    if (fflush(stdout) != 0) {
        cli_err("entities", "standard output: %s", strerror(errno));
        x.failed++;
    }
    sl_entities_free(x.ner);
    sl_free(model);
    free(x.copy);
    return x.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
