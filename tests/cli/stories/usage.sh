# Manuals, and clear errors with exit status 2 on bad usage.
set -e
for c in stories story storylines storyline recluster why; do
    storyline "$c" --help > h
    grep -q '^NAME' h
    grep -q '^SYNOPSIS' h
    grep -q '^EXIT STATUS' h
done
printf '{"id": "a", "title": "Harbour bridge shut", "text": "The bridge is shut."}\n' > a.jsonl
storyline ingest --db s.db --quiet --now 2024-01-01 a.jsonl
st=0; storyline stories --db s.db --sort oldest 2> err || st=$?
[ "$st" = 2 ] && grep -q -- '--sort' err
st=0; storyline stories --db s.db --since yesterday 2> err || st=$?
[ "$st" = 2 ] && grep -q "cannot read 'yesterday'" err
st=0; storyline stories --db s.db --query '()' 2> err || st=$?
[ "$st" = 2 ] && grep -q 'no words' err
st=0; storyline story --db s.db 2> err || st=$?
[ "$st" = 2 ]
st=0; storyline story --db s.db abc 2> err || st=$?
[ "$st" = 2 ] && grep -q "'abc' is not an id" err
st=0; storyline story --db s.db 99 2> err || st=$?
[ "$st" = 1 ] && grep -q 'no event 99' err
st=0; storyline why --db s.db a 2> err || st=$?
[ "$st" = 2 ]
st=0; storyline why --db s.db a nosuch 2> err || st=$?
[ "$st" = 1 ] && grep -q "no article 'nosuch'" err
st=0; storyline stories --db missing.db 2> err || st=$?
[ "$st" = 1 ]
