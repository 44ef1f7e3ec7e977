# lib.sh - what the API tests share: a store made from data/stream.jsonl,
# a server on 127.0.0.1 with port 0, curl with short timeouts, JSON checks
# with python3, and a stop by PID. Sourced by each tests/api/*.sh, which
# runs under `timeout 150` from ctest with the storyline binary as $1.
set -u
SL=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
SERVER_PID=
FAILS=0

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    FAILS=$((FAILS + 1))
}

# make_store DB: ingest the fixture stream into DB.
make_store() {
    "$SL" ingest --db "$1" "$HERE/data/stream.jsonl" > "$TMP/ingest.log" 2>&1 ||
        { cat "$TMP/ingest.log"; echo "ingest failed"; exit 1; }
}

# start_server ARGS...: start `storyline serve` on 127.0.0.1, port 0, and
# set BASE to its URL.
start_server() {
    rm -f "$TMP/port"
    "$SL" serve --listen 127.0.0.1:0 --port-file "$TMP/port" "$@" \
        > "$TMP/serve.out" 2> "$TMP/serve.err" &
    SERVER_PID=$!
    for _ in $(seq 100); do
        [ -s "$TMP/port" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    if [ ! -s "$TMP/port" ]; then
        cat "$TMP/serve.err"
        echo "server did not start"
        exit 1
    fi
    PORT=$(cat "$TMP/port")
    BASE="http://127.0.0.1:$PORT"
    grep -qx "$BASE/" "$TMP/serve.out" || fail "stdout does not give the URL"
}

stop_server() {
    kill "$SERVER_PID"
    wait "$SERVER_PID"
    local rc=$?
    SERVER_PID=
    [ "$rc" = 0 ] || fail "server exited with $rc after SIGTERM"
}

# get PATH [CURL ARGS...]: body to $TMP/body, headers to $TMP/head,
# status in $STATUS.
get() {
    local path=$1
    shift
    rm -f "$TMP/body" "$TMP/head"
    : > "$TMP/body"
    STATUS=$(curl -s --max-time 5 --path-as-is -o "$TMP/body" \
        -D "$TMP/head" -w '%{http_code}' "$@" "$BASE$path")
}

# expect_status WANT PATH [CURL ARGS...]
expect_status() {
    local want=$1
    shift
    get "$@"
    [ "$STATUS" = "$want" ] || fail "$1: status $STATUS, wanted $want: $(head -c 300 "$TMP/body")"
}

# jcheck PY-EXPR: evaluate with d = the JSON body; fail unless true.
jcheck() {
    python3 - "$TMP/body" "$1" <<'PY' || fail "check '$1' on: $(head -c 300 "$TMP/body")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# jget PY-EXPR: print a value of the JSON body.
jget() {
    python3 - "$TMP/body" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(eval(sys.argv[2]))
PY
}

header() {
    grep -i "^$1:" "$TMP/head" | head -1 | cut -d' ' -f2- | tr -d '\r'
}

alive() {
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died"
    expect_status 200 /api/status
}

finish() {
    if [ "$FAILS" -ne 0 ]; then
        echo "--- server stderr:"
        head -c 2000 "$TMP/serve.err"
        echo "$FAILS failure(s)"
        exit 1
    fi
    echo "ok"
}
