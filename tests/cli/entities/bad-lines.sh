# Bad lines are named FILE:LINE on stderr and skipped; the good ones are
# still tagged; the exit status is 1. Blank lines are no error.
printf '%s\n' '{"id": 1, "text": "Ilse Varga spoke in Vienna."}' \
    'not json at all' \
    '' \
    '{"id": 3, "text": 42}' \
    '["a", "list"]' \
    '{"id": 5, "text": ""}' > in.jsonl
head -c 3000 /dev/urandom | tr -d '\n' >> in.jsonl
printf '\n{"id": 8, "text": "Anna Berg left Oslo."}\n' >> in.jsonl
storyline entities in.jsonl > out.jsonl 2> err.txt
rc=$?
[ $rc -eq 1 ] || { echo "exit $rc"; exit 1; }
grep -q '^storyline entities: in.jsonl:2: ' err.txt || exit 1
grep -q '^storyline entities: in.jsonl:4: ' err.txt || exit 1
grep -q '^storyline entities: in.jsonl:5: ' err.txt || exit 1
grep -q '^storyline entities: in.jsonl:7: ' err.txt || exit 1
[ "$(wc -l < err.txt)" -eq 4 ] || exit 1
[ "$(wc -l < out.jsonl)" -eq 3 ] || exit 1
grep -q '^{"id":5,"entities":\[\]}$' out.jsonl || exit 1
grep -q '"id":8' out.jsonl || exit 1
# A line over --max-bytes is an error too; a missing file as well.
printf '{"id": 1, "text": "%s"}\n' "$(head -c 2000 /dev/zero | tr '\0' 'a')" > long.jsonl
storyline entities --max-bytes 1k long.jsonl > /dev/null 2> err2.txt
[ $? -eq 1 ] || exit 1
grep -q 'long.jsonl:1: line exceeds --max-bytes' err2.txt || exit 1
storyline entities missing.jsonl 2> err3.txt
[ $? -eq 1 ] || exit 1
grep -q 'missing.jsonl' err3.txt
