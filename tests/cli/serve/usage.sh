# `storyline serve`: its manual, one-line errors with exit status 2 on bad
# usage and 1 when the store cannot be opened or the address is refused,
# and a clean stop on SIGTERM after printing its URL.
set -e
storyline serve --help > h
for s in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT 'EXIT STATUS' EXAMPLES; do
    grep -q "^$s" h
done
st=0; storyline serve --threads 0 2> err || st=$?
[ "$st" = 2 ] && grep -q -- '--threads' err
st=0; storyline serve --max-body nothing 2> err || st=$?
[ "$st" = 2 ] && grep -q -- '--max-body' err
st=0; storyline serve extra 2> err || st=$?
[ "$st" = 2 ] && grep -q "unexpected argument 'extra'" err
st=0; storyline serve --bogus 2> err || st=$?
[ "$st" = 2 ]
st=0; storyline serve --db missing.db --listen 127.0.0.1:0 2> err || st=$?
[ "$st" = 1 ] && grep -q 'cannot open the store' err && [ "$(wc -l < err)" = 1 ]
printf '{"id": "a", "title": "Harbour bridge shut", "text": "The bridge is shut."}\n' > a.jsonl
storyline ingest --db s.db --quiet a.jsonl
st=0; storyline serve --db s.db --listen nonsense 2> err || st=$?
[ "$st" = 1 ] && grep -q 'bad listen address' err
st=0; storyline serve --db s.db --token-file missing.txt 2> err || st=$?
[ "$st" = 1 ] && grep -q 'missing.txt' err
: > empty.txt
st=0; storyline serve --db s.db --token-file empty.txt 2> err || st=$?
[ "$st" = 1 ] && grep -q 'the token is empty' err

# Serve, read the URL, stop with SIGTERM: exit status 0.
storyline serve --db s.db --listen 127.0.0.1:0 --port-file port > url 2> log &
pid=$!
for _ in $(seq 100); do
    [ -s port ] && break
    sleep 0.05
done
grep -qx "http://127.0.0.1:$(cat port)/" url
curl -s --max-time 5 "http://127.0.0.1:$(cat port)/api/status" | grep -q '"articles":1'
kill -TERM "$pid"
wait "$pid"
echo ok
