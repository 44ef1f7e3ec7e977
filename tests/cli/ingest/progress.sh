# A progress line on a terminal; none when standard error is not one;
# nothing at all with --quiet on success.
set -e
command -v script > /dev/null || exit 0
script -qec "storyline ingest --db t.db '$EXAMPLES_DIR'" /dev/null > tty.txt
grep -q 'docs (' tty.txt
grep -q 'file 15/15' tty.txt
grep -q '15 documents: 14 added' tty.txt
storyline ingest --db p.db "$EXAMPLES_DIR" 2> plain.txt
! grep -q "$(printf '\r')" plain.txt
grep -q '15 documents: 14 added' plain.txt
storyline ingest --db q.db --quiet "$EXAMPLES_DIR" 2> quiet.txt
[ ! -s quiet.txt ]
storyline ingest --db v.db --verbose "$EXAMPLES_DIR" 2> verbose.txt
grep -q 'rail-strike.html (html)' verbose.txt
