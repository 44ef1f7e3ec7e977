#!/usr/bin/env bash
# Run one CLI test script in a fresh temporary folder with `storyline` on
# PATH, then compare its exit status, stdout and stderr with the optional
# files beside it: NAME.exit, NAME.stdout.exact, NAME.stderr.exact.
#
# usage: run.sh TEST.sh PATH/TO/storyline
set -u
script=$1
bin=$2
base=${script%.sh}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/storyline"
export PATH="$tmp/bin:$PATH"
export TESTS_DIR
TESTS_DIR=$(cd "$(dirname "$script")/.." && pwd)
export DATA_DIR="$TESTS_DIR/../data"
export EXAMPLES_DIR="$TESTS_DIR/../../examples"
cd "$tmp" || exit 1
bash "$script" > "$tmp/.stdout" 2> "$tmp/.stderr"
rc=$?
want=0
[ -f "$base.exit" ] && want=$(cat "$base.exit")
fail=0
if [ "$rc" != "$want" ]; then
    echo "exit status $rc, expected $want"
    fail=1
fi
if [ -f "$base.stdout.exact" ] && ! diff -u "$base.stdout.exact" "$tmp/.stdout"; then
    echo "stdout differs"
    fail=1
fi
if [ -f "$base.stderr.exact" ] && ! diff -u "$base.stderr.exact" "$tmp/.stderr"; then
    echo "stderr differs"
    fail=1
fi
if [ $fail -ne 0 ]; then
    echo "--- stderr:"
    head -c 4000 "$tmp/.stderr"
fi
exit $fail
