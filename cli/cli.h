/*
 * cli.h - shared pieces of the storyline command-line tool.
 *
 * Each command is `int cmd_<verb>(int argc, char **argv)` in its own
 * cmd_<verb>.c, returning the process exit status: 0 success, 1 some
 * inputs failed (the others were processed), 2 usage error.
 */
#ifndef SL_CLI_CLI_H
#define SL_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>

#define CLI_EXIT_OK      0
#define CLI_EXIT_PARTIAL 1
#define CLI_EXIT_USAGE   2

#include <stdio.h>

int cmd_extract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_articles(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_timex(int argc, char **argv);
int cmd_copies(int argc, char **argv);
int cmd_origin(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);
int cmd_storylines(int argc, char **argv);
int cmd_storyline(int argc, char **argv);
int cmd_recluster(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_summarize(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Default store path for --db. */
#define CLI_DEFAULT_DB "storyline.db"

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_CSV } out_format;

/* Write 's' as a JSON string literal ("null" for NULL). */
void out_json_str(FILE *f, const char *s);
/* Write 's' as one CSV field, quoted when needed (nothing for NULL). */
void out_csv_field(FILE *f, const char *s);
/* "text", "json", "jsonl" or "csv". */
int out_parse_format(out_format *fmt, const char *name);

/* Wall clock in ms since the epoch (the CLI's clock; the library takes
 * time as a parameter). */
int64_t cli_now_ms(void);
/* Monotonic clock in ms, for rates and progress. */
int64_t cli_mono_ms(void);

/* Called by cli_each_line() with a line's number (from 1) and its bytes,
 * not NUL-terminated, or with line NULL for a line over the cap (which
 * is skipped). Return non-zero to stop. */
typedef int (*cli_line_cb)(void *ctx,
                           size_t lineno,
                           const char *line,
                           size_t len);
/* Feed every line of f that is not blank to cb, reading at most max
 * bytes of each. Returns 0 at the end, 1 when cb stopped, -1 on a read
 * error (errno says why), -2 when out of memory. */
int cli_each_line(FILE *f, size_t max, cli_line_cb cb, void *ctx);

/* Called for every input file found by cli_walk(); return non-zero to
 * stop the walk. */
typedef int (*cli_file_cb)(const char *path, void *payload);

/* Visit 'path': a file, "-" (standard input) or a directory walked
 * recursively in byte order of names (hidden entries skipped). Returns 0,
 * or -1 if 'path' cannot be opened (a message is printed). */
int cli_walk(const char *path, cli_file_cb cb, void *payload);

/* Parse a byte size such as "32M", "512k", "1G" or "1000". */
int cli_parse_size(size_t *out, const char *s);

/* Parse a point in time ("2024-05-01", "2024-05-01T10:00:00Z" or
 * "@SECONDS") to ms since the epoch. */
int cli_parse_time(int64_t *out, const char *s);

/* Print "storyline CMD: message" on stderr. */
void cli_err(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
