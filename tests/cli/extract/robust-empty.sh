# An empty file is not a page: a clear error naming it, exit status 1,
# nothing on stdout. A file of white space alone is refused the same way.
: > empty.html
printf ' \n\t\r\n' > blank.html
storyline extract empty.html > out.json 2> err.txt
[ $? -eq 1 ] || { echo "empty.html: expected exit status 1"; exit 1; }
grep -q '^storyline extract: empty\.html: ' err.txt || { cat err.txt; exit 1; }
[ ! -s out.json ] || { echo "unexpected output"; cat out.json; exit 1; }

storyline extract blank.html > out.json 2> err.txt
[ $? -eq 1 ] || { echo "blank.html: expected exit status 1"; exit 1; }
grep -q '^storyline extract: blank\.html: ' err.txt || { cat err.txt; exit 1; }
[ ! -s out.json ] || { echo "unexpected output"; cat out.json; exit 1; }
