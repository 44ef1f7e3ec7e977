# --help prints the manual and exits 0; bad options exit 2.
storyline timex --help | grep -q '^SYNOPSIS' || exit 1
storyline timex --help | grep -q 'code' || exit 1
storyline timex --help | grep -q '^EXIT STATUS' || exit 1
storyline --help | grep -q '^    timex ' || exit 1
storyline timex --bogus 2>/dev/null </dev/null
[ $? -eq 2 ] || exit 1
storyline timex --dct yesterday 2>/dev/null </dev/null
[ $? -eq 2 ] || exit 1
storyline timex --language xx 2>err.txt </dev/null
[ $? -eq 2 ] || exit 1
grep -q "no rules for 'xx'" err.txt
