#!/usr/bin/env python3
"""server.py - a loopback HTTP server for tests/fetch/fetch_local.sh.

usage: server.py PORT_FILE LOG_FILE

Binds 127.0.0.1 on a port the kernel picks (port 0), writes the port to
PORT_FILE once it listens, and logs every request to LOG_FILE as one line:

    <monotonic ms> <client port> <method> <path>

The client port tells connections apart, so the test can see that the
fetcher reuses one. It only ever listens on 127.0.0.1.

Paths served:
    /robots.txt          "*" may fetch nothing; "storyline" may fetch all
                         but /secret (except /secret/open$), Crawl-delay
    /article.html        an HTML page
    /gzip.html           the same, gzip-encoded when the client asks
    /redirect            302 to /article2.html
    /article2.html       an HTML page (application/xhtml+xml)
    /redirect-secret     302 to /secret/page, which robots.txt forbids
    /loop                302 to itself
    /missing             404
    /data.json           200 application/json
    /huge.html           200 text/html, 2 MiB
    /slow.html           answers after 5 s
    /secret/...          served, but must never be requested
"""
import gzip
import http.server
import os
import sys
import threading
import time

ROBOTS = b"""# test robots.txt
User-agent: *
Disallow: /

User-agent: otherbot
User-agent: storyline
Disallow: /secret
Allow: /secret/open$
Crawl-delay: 0.6
"""

PAGE = (b"<!DOCTYPE html><html><head><title>%s</title></head><body>"
        b"<article><h1>%s</h1><p>A short paragraph of test text.</p>"
        b"</article></body></html>")

LOCK = threading.Lock()
LOG = None


def log(line):
    with LOCK:
        LOG.write(line + "\n")
        LOG.flush()


FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Local'
        b'</title><item><title>Item one</title><link>http://127.0.0.1/i1'
        b'</link><description>The first item of the feed.</description>'
        b'</item><item><title>Item two</title><link>http://127.0.0.1/i2'
        b'</link><description>The second item of the feed.</description>'
        b'</item></channel></rss>')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client may reuse us

    def log_message(self, fmt, *args):
        pass

    def send(self, status, ctype, body, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        now = int(time.monotonic() * 1000)
        log("%d %d GET %s" % (now, self.client_address[1], self.path))
        p = self.path
        try:
            if p == "/robots.txt":
                self.send(200, "text/plain", ROBOTS)
            elif p == "/article.html" or p.startswith("/secret"):
                self.send(200, "text/html; charset=utf-8",
                          PAGE % (b"Article one", b"Article one"))
            elif p == "/gzip.html":
                body = PAGE % (b"Zipped", b"Zipped")
                if "gzip" in self.headers.get("Accept-Encoding", ""):
                    self.send(200, "text/html", gzip.compress(body),
                              {"Content-Encoding": "gzip"})
                else:
                    self.send(200, "text/html", body)
            elif p == "/redirect":
                self.send(302, "text/html", b"moved",
                          {"Location": "/article2.html"})
            elif p == "/article2.html":
                self.send(200, "application/xhtml+xml",
                          PAGE % (b"Article two", b"Article two"))
            elif p == "/redirect-secret":
                self.send(302, "text/html", b"moved",
                          {"Location": "/secret/page"})
            elif p == "/loop":
                self.send(302, "text/html", b"", {"Location": "/loop"})
            elif p == "/feed.xml":
                self.send(200, "application/rss+xml; charset=utf-8", FEED)
            elif p == "/data.json":
                self.send(200, "application/json", b'{"a": 1}')
            elif p == "/huge.html":
                self.send(200, "text/html",
                          b"<html><body>" + b"x" * (2 * 1024 * 1024))
            elif p == "/slow.html":
                time.sleep(5)
                self.send(200, "text/html", PAGE % (b"Slow", b"Slow"))
            else:
                self.send(404, "text/html", b"<h1>Not found</h1>")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up early (the size cap, the timeout) is part
        # of the test, not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    global LOG
    port_file, log_file = sys.argv[1], sys.argv[2]
    LOG = open(log_file, "w")
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
