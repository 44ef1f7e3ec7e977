#!/usr/bin/env bash
# fetch_local.sh - sl_fetch_urls() against a loopback HTTP server.
#
# usage: fetch_local.sh FETCH_DRIVER
#
# Starts tests/fetch/server.py on 127.0.0.1 (port 0, read back from a
# file), fetches a list of its URLs with tests/fetch/fetch_driver, and
# checks (1) the driver's output line by line against the patterns below,
# and (2) the server's request log: robots.txt asked once, the paths that
# robots.txt forbids never asked, every two requests at least the
# Crawl-delay apart (it exceeds --delay-ms), and a connection reused. The
# server is killed by its PID on exit; the driver runs under timeout 60.
# Nothing but 127.0.0.1 is ever contacted.
set -euo pipefail

driver=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
server_pid=

cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "--- driver output" >&2
    cat "$tmp/out.txt" >&2 || true
    echo "--- server log" >&2
    cat "$tmp/log" >&2 || true
    exit 1
}

cd "$tmp"
python3 "$here/server.py" port log &
server_pid=$!
for _ in $(seq 1 100); do
    [ -s port ] && break
    sleep 0.1
done
[ -s port ] || fail "server did not start"
port=$(cat port)
base="http://127.0.0.1:$port"

cat > urls.txt <<EOF
# URLs for fetch_local.sh

$base/article.html
$base/redirect
$base/redirect-secret
$base/secret/page
  $base/secret/open
$base/missing
$base/data.json
$base/huge.html
$base/slow.html
$base/loop
ftp://127.0.0.1:$port/file
not a url
$base/gzip.html
$base/secret/open?x=1
$base/feed.xml
EOF

# Crawl-delay 0.6 s in robots.txt beats --delay-ms 200.
rc=0
timeout 60 "$driver" urls.txt --delay-ms 200 --timeout-ms 1500 \
    --max-bytes 100000 --max-redirects 3 > out.txt || rc=$?
[ "$rc" -eq 0 ] || fail "driver exit status $rc"

sed "s|$base|BASE|g; s|127\.0\.0\.1:$port|HOST|g" out.txt > got.txt

cat > want.txt <<'EOF'
doc urls.txt:3 BASE/article.html bytes=[0-9]+ title=Article one time=ok
doc urls.txt:4 BASE/article2.html bytes=[0-9]+ title=Article two time=ok
error urls.txt:5 BASE/redirect-secret: redirected to BASE/secret/page: disallowed by robots.txt
error urls.txt:6 BASE/secret/page: disallowed by robots.txt
doc urls.txt:7 BASE/secret/open bytes=[0-9]+ title=Article one time=ok
error urls.txt:8 BASE/missing: HTTP 404
error urls.txt:9 BASE/data.json: not HTML or a feed \(Content-Type: application/json\)
error urls.txt:10 BASE/huge.html: response exceeds 100000 bytes
error urls.txt:11 BASE/slow.html: .*[Tt]imed? ?out.*
error urls.txt:12 BASE/loop: too many redirects \(more than 3\)
error urls.txt:13 ftp://HOST/file: unsupported scheme \(only http and https are fetched\)
error urls.txt:14 not a url: not a valid URL
doc urls.txt:15 BASE/gzip.html bytes=[0-9]+ title=Zipped time=ok
error urls.txt:16 BASE/secret/open\?x=1: disallowed by robots.txt
item BASE/feed.xml:1 http://127.0.0.1/i1 title=Item one
item BASE/feed.xml:1 http://127.0.0.1/i2 title=Item two
rc=0
EOF

[ "$(wc -l < got.txt)" -eq "$(wc -l < want.txt)" ] ||
    fail "expected $(wc -l < want.txt) lines of output"
n=0
while IFS= read -r pattern; do
    n=$((n + 1))
    line=$(sed -n "${n}p" got.txt)
    printf '%s\n' "$line" | grep -Eqx -- "$pattern" ||
        fail "line $n: '$line' does not match '$pattern'"
done < want.txt

# The request log: "<ms> <client port> GET <path>".
[ "$(grep -c ' GET /robots.txt$' log)" -eq 1 ] ||
    fail "robots.txt not fetched exactly once"
if grep -E ' GET /secret/(page|open\?)' log; then
    fail "a path disallowed by robots.txt was requested"
fi
[ "$(grep -c ' GET /loop$' log)" -eq 4 ] ||
    fail "/loop: expected 1 request and 3 redirects"
awk 'NR > 1 && $1 - prev < 595 { bad = 1; print "gap " $1 - prev " ms before " $4 }
     { prev = $1 } END { exit bad }' log >&2 ||
    fail "two requests closer than the 600 ms Crawl-delay"
[ "$(awk '{ print $2 }' log | sort | uniq -d | wc -l)" -ge 1 ] ||
    fail "no connection was reused"
echo "fetch_local: ok ($(wc -l < log) requests)"
