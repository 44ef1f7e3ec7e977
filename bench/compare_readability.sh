#!/usr/bin/env bash
# compare_readability.sh - storyline extraction against readability-lxml on
# the same pages, in one go.
#
# usage: bench/compare_readability.sh DIR [--repeat N]
#
# Runs bench_extract and bench_readability.py one after the other, each on
# one CPU (taskset, when present, pins bench_extract to the same CPU the
# Python side pins itself to), prints both lines, then:
#
#   compare storyline_pages/s=... readability_pages/s=... ratio=...
#
# where ratio is storyline's pages/s over readability-lxml's. The
# bench_extract binary is $BENCH_EXTRACT, else the first found in
# build-release/, build-bench/, build-dev/; Python is $PYTHON, else
# /usr/bin/python3 (Debian's python3-readability is installed for it).
set -euo pipefail
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR [--repeat N]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${BENCH_EXTRACT:-}
if [ -z "$bin" ]; then
    for d in build-release build-bench build-dev; do
        if [ -x "$root/$d/bench/bench_extract" ]; then
            bin="$root/$d/bench/bench_extract"
            break
        fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "compare_readability: bench_extract not built (set BENCH_EXTRACT)" >&2
    exit 2
fi
py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=python3

pin=()
if command -v taskset > /dev/null; then
    cpu=$("$py" -c 'import os; print(min(os.sched_getaffinity(0)))')
    pin=(taskset -c "$cpu")
fi

# A page that fails is named on stderr by either program; the figures are
# still worth printing, so exit status 1 is not fatal here.
sl_line=$("${pin[@]}" "$bin" "$@") || [ $? -eq 1 ]
echo "$sl_line"
rd_line=$("$py" "$here/bench_readability.py" "$@") || [ $? -eq 1 ]
echo "$rd_line"

field() { # field NAME LINE: the value of NAME=... in LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s|^$1=||p"
}
sl=$(field pages/s "$sl_line")
rd=$(field pages/s "$rd_line")
awk -v a="$sl" -v b="$rd" 'BEGIN {
    printf "compare storyline_pages/s=%s readability_pages/s=%s ratio=%.1f\n",
        a, b, (b > 0 ? a / b : 0) }'
