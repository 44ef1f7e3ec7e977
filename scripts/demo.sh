#!/usr/bin/env bash
# The quick start: build the release binary, run the pages in examples/
# through the whole pipeline into a fresh store, print a short tour of
# what came out, then serve the web page on 127.0.0.1 (in the foreground:
# Ctrl-C stops it).
#
# usage: scripts/demo.sh [--no-serve | --serve] [--port N] [--build-dir DIR]
#
#   --no-serve       stop after the tour
#   --serve          serve even when standard output is not a terminal
#   --port N         port of the web page (default 8080)
#   --build-dir DIR  build there instead of build-release/
#
# Without --serve or --no-serve the page is served only when standard
# output is a terminal, so runs from scripts and CI end after the tour.
# The store is build-release/demo/storyline.db, made afresh on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

serve=auto
port=8080
build="build-release"
while [ $# -gt 0 ]; do
    case $1 in
    --no-serve) serve=no ;;
    --serve) serve=yes ;;
    --port)
        [ $# -ge 2 ] || { echo "demo: --port needs a number" >&2; exit 2; }
        port=$2
        shift
        ;;
    --build-dir)
        [ $# -ge 2 ] || { echo "demo: --build-dir needs a folder" >&2; exit 2; }
        build=$2
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
        exit 0
        ;;
    *)
        echo "demo: unknown option '$1' (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done
case $port in
'' | *[!0-9]*) echo "demo: bad port '$port'" >&2; exit 2 ;;
esac

scripts/deps.sh
echo "demo: building the release binary in $build/" >&2
cmake --preset release -B "$build" > /dev/null
cmake --build "$build" -j"$(nproc)" > /dev/null
sl=$build/cli/storyline
demo=$build/demo
db=$demo/storyline.db
rm -rf "$demo"
mkdir -p "$demo"

# Print a command the way a reader would type it, then run it.
run() {
    printf '\n$ storyline %s\n' "$*"
    "$sl" "$@"
}
has() { # COMMAND: is it built into this binary?
    "$sl" "$1" --help > /dev/null 2>&1
}

echo
echo "== Ingest: every page in examples/ is extracted, stored, compared with"
echo "   the others for copies and placed in an event and a storyline"
run ingest --db "$db" examples/ 2>&1

echo
echo "== The articles, in the order they were stored: id, date, outlet, title"
run articles --db "$db"

echo
echo "== Who copied whom: each copy, its kind and its original's id"
run copies --db "$db"
echo
echo "== Why: the evidence behind one link (the spun rewrite)"
run origin --db "$db" \
    https://newsflashhub.example/uk/council-approves-huge-sea-barrier-port-elwin-storm-chaos

if has stories; then
    echo
    echo "== The stories: events (reports of one happening) and the storyline"
    echo "   (STORY) each belongs to"
    run stories --db "$db"
    echo
    echo "== One event: its outlets, the names in it, its articles"
    run story --db "$db" 1
fi

if has timeline; then
    echo
    echo "== A dated timeline of the first storyline: the days its articles"
    echo "   report on (\"on Monday\", \"last week\"), a sentence for each"
    run timeline --db "$db" --storyline --dates 6 1
fi

echo
echo "== Full-text search"
run search --db "$db" --limit 3 sea wall

asked=$serve
if [ "$serve" = auto ]; then
    serve=no
    [ -t 1 ] && serve=yes
fi
if [ "$serve" = no ]; then
    echo
    echo "demo: done (store: $db)"
    exit 0
fi
if ! has serve; then
    echo
    echo "demo: this build has no 'serve' command yet; done (store: $db)"
    [ "$asked" != yes ]
    exit
fi
echo
echo "== The web page and the JSON API, on this machine only (Ctrl-C to stop):"
exec "$sl" serve --db "$db" --listen "127.0.0.1:$port"
