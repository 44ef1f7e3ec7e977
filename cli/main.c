/*
 * main.c - `storyline <command> [options]`: dispatch to cmd_<verb>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "storyline/storyline.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "extract", cmd_extract,
      "extract articles from HTML pages as JSON Lines" },
    { "ingest", cmd_ingest,
      "add pages, WARC, feeds, JSON Lines, text and URLs to the store" },
    { "search", cmd_search, "full-text search over the stored articles" },
    { "articles", cmd_articles, "list, show and count stored articles" },
    { "entities", cmd_entities,
      "find people, organisations and places in JSON Lines texts" },
    { "timex", cmd_timex,
      "find and normalise dates, times and durations in JSON Lines texts" },
    { "copies", cmd_copies, "which stored articles copy which" },
    { "origin", cmd_origin, "the original of an article" },
    { "stories", cmd_stories, "list the events found in the store" },
    { "story", cmd_story, "one event: its articles, outlets and names" },
    { "storylines", cmd_storylines, "list the storylines found in the store" },
    { "storyline", cmd_storyline, "one storyline and its events" },
    { "recluster", cmd_recluster, "rebuild events and storylines" },
    { "why", cmd_why, "why two articles share an event, or do not" },
    { "timeline", cmd_timeline, "a dated timeline of a story or the store" },
    { "summary", cmd_summary, "an extractive summary of a story" },
    { "summarize", cmd_summarize,
      "an extractive summary of a set of plain-text documents" },
    { "serve", cmd_serve, "the HTTP/JSON API and the web page" },
};

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "NAME\n"
               "    storyline - a news story engine\n\n"
               "SYNOPSIS\n"
               "    storyline COMMAND [OPTIONS] [ARGS]\n"
               "    storyline COMMAND --help\n"
               "    storyline --version\n\n"
               "COMMANDS\n");
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        fprintf(f, "    %-12s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(f, "\nEXIT STATUS\n"
               "    0 success; 1 some inputs failed (the rest were\n"
               "    processed); 2 usage error.\n\n"
               "Run 'storyline COMMAND --help' for a command's manual.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("storyline %s\n", SL_VERSION_STRING);
        return CLI_EXIT_OK;
    }
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "storyline: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
