# hostile.sh - hostile requests get a 4xx and the server goes on: huge
# headers, long targets, bad UTF-8, traversal, FTS syntax, bodies where
# none belong, unknown methods, slow and idle clients, many connections.
. "$(dirname "$0")/lib.sh"
make_store "$TMP/news.db"
start_server --db "$TMP/news.db" --timeout 2

big=$(head -c 40000 /dev/zero | tr '\0' a)
expect_status 431 /api/status -H "X-Filler: $big"
alive
expect_status 414 "/api/search?q=$(head -c 6000 /dev/zero | tr '\0' b)"
expect_status 400 "/api/search?q=$(head -c 300 /dev/zero | tr '\0' b)"
for t in '/api/search?q=%ff' '/api/search?q=%c0%80' '/api/search?q=%ed%b0%80' \
    '/api/search?q=a%00b' '/api/articles/%ff%fe' '/%fe' '/api/search?q=%' \
    '/api/search?q=%g1'; do
    expect_status 400 "$t"
done
for t in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/..%2fetc%2fpasswd' \
    '/app.js/..' '/.%2e/x' '/%5c..%5cwin.ini'; do
    get "$t"
    case "$STATUS" in 400 | 404) ;; *) fail "$t: $STATUS" ;; esac
    grep -q 'root:' "$TMP/body" && fail "$t: leaked a file"
done
expect_status 404 /etc/passwd
expect_status 404 //etc/passwd
for q in NEAR%28 a:b OR %22a%22+%22 %22%22%22x; do
    expect_status 200 "/api/search?q=$q"
done
# Nothing but syntax: no words to search for.
for q in '%22%22%22' '*' '%5E' '-' '(((' '%27'; do
    expect_status 400 "/api/search?q=$q"
    jcheck 'd["error"]["message"] == "the search has no words"'
done
expect_status 400 /api/status -H 'Content-Type: text/plain' --data-binary 'body on a GET' -X GET
expect_status 405 / -X PATCH
expect_status 405 / -X TRACE
expect_status 405 /api/articles/1 -X PUT -d x
alive

# A client that sends half a request and stalls is dropped after the
# timeout; others are served meanwhile.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /api/status HTTP/1.1\r\nHost: x\r\nX-Slow: ' >&3
alive
sleep 3.5
if timeout 2 cat <&3 > "$TMP/slow"; then :; fi
exec 3<&- 3>&-
grep -q '"articles"' "$TMP/slow" && fail "the stalled request was answered"
alive

# Garbage on the wire.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf '\x00\xff\xfeNOT HTTP AT ALL\r\n\r\n' >&3
timeout 3 cat <&3 > "$TMP/garbage" || true
exec 3<&- 3>&-
grep -q '^HTTP/1.1 4' "$TMP/garbage" || [ ! -s "$TMP/garbage" ] || fail "garbage: $(head -c 100 "$TMP/garbage")"
alive

# Many connections at once.
pids=""
for i in $(seq 40); do
    curl -s --max-time 5 -o /dev/null "$BASE/api/articles?limit=5&offset=$i" &
    pids="$pids $!"
done
for p in $pids; do wait "$p" || fail "a parallel request failed"; done
alive
stop_server
finish
