# Bad arguments are usage errors (exit 2) with a one-line message; a
# story that does not exist is exit 1.
set -u
storyline ingest --db s.db -q "$DATA_DIR/timeline/harbour.jsonl" || exit 9
expect() { # status command...
    local want=$1
    shift
    "$@" > out.txt 2> err.txt
    local rc=$?
    if [ "$rc" != "$want" ]; then
        echo "$* -> $rc, expected $want" >&2
        exit 9
    fi
    if [ "$want" != 0 ] && [ "$(wc -l < err.txt)" != 1 ]; then
        echo "$*: expected one line on stderr" >&2
        cat err.txt >&2
        exit 9
    fi
}
expect 2 storyline timeline --db s.db
expect 2 storyline timeline --db s.db 1 2
expect 2 storyline timeline --db s.db abc
expect 2 storyline timeline --db s.db --dates 0 1
expect 2 storyline timeline --db s.db --sentences x 1
expect 2 storyline timeline --db s.db --since 2024-03-01 1
expect 2 storyline timeline --db s.db --all 1
expect 2 storyline timeline --db s.db --all --until yesterday
expect 2 storyline summary --db s.db
expect 2 storyline summary --db s.db --words -3 1
expect 1 storyline timeline --db s.db 999
expect 1 storyline summary --db s.db --storyline 999
expect 1 storyline timeline --db missing-dir/none.db 1
# An unknown option: getopt's message and a pointer to --help.
storyline timeline --bogus > /dev/null 2> err.txt && exit 9
grep -q "storyline timeline --help" err.txt
exit 0
