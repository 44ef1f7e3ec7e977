# A folder of mixed files: pages (plain and gzip, in a subfolder too) are
# printed in name order, every bad file is named on stderr, hidden files
# are skipped, and the exit status is 1 because some files failed.
mkdir -p site/sub
page() { printf '<html><head><title>%s</title></head><body><article><p>%s is a page with a paragraph of text.</p></article></body></html>\n' "$1" "$1"; }
page Alpha > site/a.html
page Beta | gzip -9n -c > site/sub/b.html.gz
page Hidden > site/.hidden.html
: > site/empty.html
head -c 3000 /dev/zero | tr '\0' '\001' > site/c.bin
page Gamma | gzip -9n -c | head -c 40 > site/d.html.gz
storyline extract site > out.json 2> err.txt
[ $? -eq 1 ] || { echo "expected exit status 1"; exit 1; }
python3 -c '
import json
lines = open("out.json", encoding="utf-8").read().splitlines()
got = [(a["path"], a["title"]) for a in map(json.loads, lines)]
assert got == [("site/a.html", "Alpha"), ("site/sub/b.html.gz", "Beta")], got
' || exit 1
for f in site/c.bin site/d.html.gz site/empty.html; do
    grep -q "^storyline extract: $f: " err.txt || { echo "$f not named"; cat err.txt; exit 1; }
done
[ "$(wc -l < err.txt)" -eq 3 ] || { echo "unexpected messages"; cat err.txt; exit 1; }
! grep -q hidden out.json err.txt
