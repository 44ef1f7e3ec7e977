/*
 * cmd_serve.c - `storyline serve`: the HTTP/JSON API and the web page
 * over a store (storyline/serve.h), until SIGINT or SIGTERM.
 *
 * The signals are blocked before the server's threads start, so they
 * inherit the mask and only this thread, waiting in sigwait(), receives
 * them: a clean stop with no work done in a signal handler.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "storyline/serve.h"
#include "storyline/storyline.h"

static const char serve_help[] =
    "NAME\n"
    "    storyline serve - the HTTP/JSON API and the web page\n"
    "\n"
    "SYNOPSIS\n"
    "    storyline serve [--listen HOST:PORT] [--db PATH] [OPTIONS]\n"
    "\n"
    "DESCRIPTION\n"
    "    Serves the store read-only over HTTP: a web page at / (story\n"
    "    list, story pages with a timeline and the copy graph, articles,\n"
    "    entity facets, search) and a JSON API under /api/ (stories,\n"
    "    articles with their provenance, search, copies; see\n"
    "    docs/http-api.md, or GET /api/openapi.json). Replies carry\n"
    "    ETags and are gzipped when the client accepts it.\n"
    "\n"
    "    With --token-file, POST /api/articles also ingests JSON (one\n"
    "    object or an array) or JSON Lines, for clients that send\n"
    "    'Authorization: Bearer TOKEN'.\n"
    "\n"
    "    Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n"
    "\n"
    "OPTIONS\n"
    "    --listen ADDR     HOST:PORT, [IPV6]:PORT or PORT (default\n"
    "                      127.0.0.1:8080). Port 0 picks a free port.\n"
    "                      Binding beyond localhost exposes the store to\n"
    "                      the network.\n"
    "    --db PATH         The store (default ./storyline.db). It must\n"
    "                      exist unless --token-file is given.\n"
    "    --threads N       Worker threads (default 2).\n"
    "    --token-file F    Turn on POST /api/articles; F holds the bearer\n"
    "                      token (surrounding white space ignored).\n"
    "    --max-body SIZE   Cap on a POST body (default 8M; 413 above).\n"
    "    --no-copies       Ingest posted articles without copy detection.\n"
    "    --no-cache        Answer every request from the store (replies\n"
    "                      are otherwise kept until the store changes).\n"
    "    --timeout SEC     Close connections idle this long (default 15).\n"
    "    --max-connections N\n"
    "                      Open connections at most (default 512).\n"
    "    --port-file F     Write the port listened on to F once serving.\n"
    "    -h, --help        Show this manual.\n"
    "\n"
    "OUTPUT\n"
    "    One line on standard output once the server listens: its URL,\n"
    "    e.g. http://127.0.0.1:8080/ (with the real port when 0 was\n"
    "    asked).\n"
    "\n"
    "EXIT STATUS\n"
    "    0 stopped by a signal; 1 cannot open the store or listen; 2\n"
    "    usage error.\n"
    "\n"
    "EXAMPLES\n"
    "    storyline serve --db news.db\n"
    "    storyline serve --listen 127.0.0.1:0 --port-file port.txt\n"
    "    storyline serve --token-file token.txt --db news.db &\n"
    "    curl -H \"Authorization: Bearer $(cat token.txt)\" \\\n"
    "         -H 'Content-Type: application/x-ndjson' \\\n"
    "         --data-binary @articles.jsonl http://127.0.0.1:8080/api/articles\n";

static int64_t clock_ms(void *payload)
{
    (void)payload;
    return cli_now_ms();
}

/* Read the token: the file's content without surrounding white space. */
static char *read_token(const char *path)
{
    char buf[1024];
    size_t n, start = 0;
    struct stat sb;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        cli_err("serve", "%s: %s", path, strerror(errno));
        return NULL;
    }
    n = fread(buf, 1, sizeof(buf) - 1, f);
    if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0) {
        cli_err("serve", "warning: %s is readable by others", path);
    }
    fclose(f);
    buf[n] = '\0';
    while (n > 0 && strchr(" \t\r\n", buf[n - 1]) != NULL) {
        buf[--n] = '\0';
    }
    while (buf[start] != '\0' && strchr(" \t\r\n", buf[start]) != NULL) {
        start++;
    }
    if (buf[start] == '\0') {
        cli_err("serve", "%s: the token is empty", path);
        return NULL;
    }
    if (strlen(buf + start) < 16) {
        cli_err("serve", "warning: the token in %s is short", path);
    }
    return strdup(buf + start);
}

static int parse_uint(unsigned *out, const char *s, unsigned lo, unsigned hi)
{
    char *end = NULL;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    enum {
        OPT_LISTEN = 256,
        OPT_DB,
        OPT_THREADS,
        OPT_TOKEN,
        OPT_MAX_BODY,
        OPT_NO_COPIES,
        OPT_TIMEOUT,
        OPT_MAX_CONN,
        OPT_PORT_FILE,
        OPT_NO_CACHE
    };
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "db", required_argument, NULL, OPT_DB },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "token-file", required_argument, NULL, OPT_TOKEN },
        { "max-body", required_argument, NULL, OPT_MAX_BODY },
        { "no-copies", no_argument, NULL, OPT_NO_COPIES },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "max-connections", required_argument, NULL, OPT_MAX_CONN },
        { "port-file", required_argument, NULL, OPT_PORT_FILE },
        { "no-cache", no_argument, NULL, OPT_NO_CACHE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sl_server_options o = { 0 };
    const char *token_file = NULL, *port_file = NULL;
    char *token = NULL;
    sl_server *srv = NULL;
    sigset_t set;
    int c, sig = 0, status = CLI_EXIT_OK;

    o.db_path = CLI_DEFAULT_DB;
    o.listen = "127.0.0.1:8080";
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_LISTEN:
            o.listen = optarg;
            break;
        case OPT_DB:
            o.db_path = optarg;
            break;
        case OPT_THREADS:
            if (parse_uint(&o.threads, optarg, 1, 64) < 0) {
                cli_err("serve", "--threads: a number from 1 to 64");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_TOKEN:
            token_file = optarg;
            break;
        case OPT_MAX_BODY:
            if (cli_parse_size(&o.max_body_bytes, optarg) < 0 ||
                o.max_body_bytes == 0) {
                cli_err("serve", "--max-body: a size such as 8M");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_NO_COPIES:
            o.no_copies = 1;
            break;
        case OPT_TIMEOUT:
            if (parse_uint(&o.timeout_s, optarg, 1, 3600) < 0) {
                cli_err("serve", "--timeout: seconds from 1 to 3600");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_MAX_CONN:
            if (parse_uint(&o.max_connections, optarg, 1, 100000) < 0) {
                cli_err("serve", "--max-connections: a number from 1");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_PORT_FILE:
            port_file = optarg;
            break;
        case OPT_NO_CACHE:
            o.no_cache = 1;
            break;
        case 'h':
            fputs(serve_help, stdout);
            return CLI_EXIT_OK;
        default:
            fputs("Try 'storyline serve --help'.\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("serve", "unexpected argument '%s'", argv[optind]);
        return CLI_EXIT_USAGE;
    }
    if (token_file != NULL) {
        token = read_token(token_file);
        if (token == NULL) {
            return CLI_EXIT_PARTIAL;
        }
        o.ingest_token = token;
        o.now_ms = clock_ms;
    }

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (sl_server_start(&srv, &o) < 0) {
        cli_err("serve", "%s", sl_server_errmsg(srv));
        sl_server_stop(srv);
        free(token);
        return CLI_EXIT_PARTIAL;
    }
    const char *host = "127.0.0.1";
    char hostbuf[80];
    const char *colon = strrchr(o.listen, ':');
    if (colon != NULL && colon > o.listen &&
        (size_t)(colon - o.listen) < sizeof(hostbuf)) {
        memcpy(hostbuf, o.listen, (size_t)(colon - o.listen));
        hostbuf[colon - o.listen] = '\0';
        host = hostbuf;
    }
    printf("http://%s:%u/\n", host, sl_server_port(srv));
    fflush(stdout);
    if (port_file != NULL) {
        /* Written aside and renamed, so a reader never sees half. */
        char tmp[4096];
        snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (f == NULL || fprintf(f, "%u\n", sl_server_port(srv)) < 0 ||
            fclose(f) != 0 || rename(tmp, port_file) != 0) {
            cli_err("serve", "%s: cannot write the port", port_file);
        }
    }
    while (sigwait(&set, &sig) != 0) {
    }
    fprintf(stderr, "serve: stopping on signal %d\n", sig);
    sl_server_stop(srv);
    free(token);
    return status;
}
