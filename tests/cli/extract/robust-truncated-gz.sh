# A gzip file cut short is an error naming the file (exit status 1); a
# whole one next to it is still extracted.
printf '<html><head><title>Gzip page</title></head><body><article><p>%s</p></article></body></html>\n' \
    "$(printf 'The ferry runs again from Monday. %.0s' $(seq 1 200))" > page.html
gzip -9n -c page.html > whole.html.gz
size=$(wc -c < whole.html.gz)
head -c $((size / 2)) whole.html.gz > cut.html.gz
storyline extract whole.html.gz cut.html.gz > out.json 2> err.txt
[ $? -eq 1 ] || { echo "expected exit status 1"; exit 1; }
grep -q '^storyline extract: cut\.html\.gz: .*truncated' err.txt || { cat err.txt; exit 1; }
[ "$(wc -l < out.json)" -eq 1 ] || { echo "expected one article"; exit 1; }
grep -q '"path":"whole.html.gz"' out.json || exit 1
grep -q '"title":"Gzip page"' out.json
