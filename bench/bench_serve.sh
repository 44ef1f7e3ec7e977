#!/usr/bin/env bash
# bench_serve.sh - the HTTP server under load: wrk on loopback against a
# store of synthetic articles, one line per endpoint with requests per
# second and latency percentiles.
#
# usage: bench/bench_serve.sh [--articles N] [--duration SEC]
#            [--connections C] [--threads T] [--workdir DIR] [--no-cache]
#            [--warmup SEC] STORYLINE
#
# The store (DIR/serve-N.db, made by bench_serve_gen.py and `storyline
# ingest --no-copies`, clustering on) is kept between runs: delete it to
# rebuild. The server runs with --threads T (default 2) and wrk with two
# threads and C connections (default 64), both on this machine: on a
# 2-core machine they share the cores, as the bar assumes. Story reads
# (/api/stories/{id}) rotate over the 200 largest stories with a wrk Lua
# script; search rotates over words of the stream. With --no-cache the
# server answers every request from the store (the reply cache is on by
# default). Prints, per endpoint:
#   stage=serve endpoint=/api/stories articles=N cache=on req/s=R p50_ms=A p99_ms=B
set -euo pipefail
articles=100000
duration=10
conns=64
threads=2
workdir=${TMPDIR:-/tmp}/storyline-bench-serve
cache=on
warmup=2
serve_args=()
while [ $# -gt 1 ]; do
    case $1 in
    --articles) articles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --no-cache) cache=off; serve_args+=(--no-cache); shift ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "bench_serve: unknown option $1" >&2; exit 2 ;;
    esac
done
[ $# -eq 1 ] || { sed -n '6,8p' "$0" >&2; exit 2; }
sl=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk > /dev/null || { echo "bench_serve: wrk not found (scripts/deps.sh)" >&2; exit 1; }
mkdir -p "$workdir"
db=$workdir/serve-$articles.db
if [ -s "$db" ] && ! "$sl" articles count --db "$db" > /dev/null 2>&1; then
    # Kept from another version of storyline (the server opens stores
    # read-only and does not migrate them): build it again.
    rm -f "$db" "$db-wal" "$db-shm"
fi
if [ ! -s "$db" ]; then
    echo "bench_serve: building a store of $articles articles in $db" >&2
    python3 "$here/bench_serve_gen.py" "$articles" 1 > "$workdir/stream.jsonl"
    rm -f "$db" "$db-wal" "$db-shm"
    "$sl" ingest --no-copies --db "$db" "$workdir/stream.jsonl" >&2
fi

pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
    fi
}
trap cleanup EXIT
rm -f "$workdir/port"
"$sl" serve --db "$db" --listen 127.0.0.1:0 --port-file "$workdir/port" \
    --threads "$threads" --max-connections 1024 "${serve_args[@]}" > /dev/null &
pid=$!
for _ in $(seq 200); do
    [ -s "$workdir/port" ] && break
    sleep 0.05
done
base="http://127.0.0.1:$(cat "$workdir/port")"

# The largest stories' ids and some words of the stream, for rotation.
ids=$(curl -s "$base/api/stories?sort=size&limit=100" |
    python3 -c 'import json,sys; print(",".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))')
ids2=$(curl -s "$base/api/stories?sort=size&limit=100&offset=100" |
    python3 -c 'import json,sys; print(",".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))')
[ -n "$ids2" ] && ids="$ids,$ids2"
words=$(curl -s "$base/api/articles?limit=50&offset=$(( articles > 2000 ? 1000 : 0 ))" |
    python3 -c 'import json,sys; print(",".join("\""+i["title"].split()[1]+"\"" for i in json.load(sys.stdin)["items"]))')
cat > "$workdir/story.lua" <<LUA
local ids = { $ids }
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "/api/stories/" .. ids[(n % #ids) + 1])
end
LUA
cat > "$workdir/search.lua" <<LUA
local words = { $words }
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "/api/search?q=" .. words[(n % #words) + 1] .. "&limit=10")
end
LUA

# run NAME URL [LUA]: one wrk run, one line. A short run first (--warmup,
# two seconds), not measured, warms the page cache and the reply cache,
# so the figures are the steady state.
run() {
    local name=$1 url=$2 script=${3:-}
    local args=(-t2 "-c$conns" --latency --timeout 5s)
    [ -n "$script" ] && args+=(-s "$script")
    if [ "$warmup" != 0 ]; then
        wrk "${args[@]}" "-d${warmup}s" "$url" > /dev/null 2>&1
    fi
    wrk "${args[@]}" "-d${duration}s" "$url" > "$workdir/wrk.out" 2>&1
    awk -v name="$name" -v n="$articles" -v cache="$cache" '
        function ms(v) {
            if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
            if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
            if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
            return v
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        /Non-2xx/ { bad = $NF }
        /Socket errors/ { err = $0 }
        END {
            printf "stage=serve endpoint=%s articles=%d cache=%s req/s=%.0f p50_ms=%.2f p99_ms=%.2f%s%s\n",
                name, n, cache, rps, p50, p99, bad ? " non2xx=" bad : "", err ? " errors" : ""
        }' "$workdir/wrk.out"
}

curl -s -o /dev/null "$base/api/stories/${ids%%,*}"
run /api/stories "$base/api/stories?limit=20"
run "/api/stories?sort=size" "$base/api/stories?sort=size&limit=20"
run "/api/stories/{id}" "$base/" "$workdir/story.lua"
run /api/search "$base/" "$workdir/search.lua"
run "/api/articles/{id}" "$base/api/articles/$(( articles > 10000 ? 5000 : articles / 2 ))"
