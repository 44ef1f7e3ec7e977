# scripts/demo.sh reads its options before building anything: its manual,
# and a usage error (status 2) for anything it does not know.
set -e
demo="$TESTS_DIR/../../scripts/demo.sh"
"$demo" --help > help.txt
grep -q -- '--no-serve' help.txt
grep -q 'only when standard' help.txt
rc=0
"$demo" --bogus 2> err.txt || rc=$?
[ "$rc" -eq 2 ]
grep -q "unknown option '--bogus'" err.txt
rc=0
"$demo" --no-serve --port 80a 2> err.txt || rc=$?
[ "$rc" -eq 2 ]
grep -q "bad port '80a'" err.txt
