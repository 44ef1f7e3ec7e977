# Bad lines are named FILE:LINE on stderr and skipped; the good ones are
# still read; the exit status is 1. Blank lines are no error.
printf '%s\n' '{"id": 1, "dct": "2022-08-17", "text": "They left on Monday."}' \
    'not json at all' \
    '' \
    '{"id": 3, "text": 42}' \
    '["a", "list"]' \
    '{"id": 5, "dct": "2022-08-17", "text": ""}' \
    '{"id": 6, "dct": "not a date", "text": "in March"}' > in.jsonl
head -c 3000 /dev/urandom | tr -d '\n' >> in.jsonl
printf '\n{"id": 9, "text": "in March 2013"}\n' >> in.jsonl
storyline timex in.jsonl > out.jsonl 2> err.txt
rc=$?
[ $rc -eq 1 ] || { echo "exit $rc"; exit 1; }
for n in 2 4 5 7 8; do
    grep -q "^storyline timex: in.jsonl:$n: " err.txt || { echo "line $n"; exit 1; }
done
[ "$(wc -l < err.txt)" -eq 5 ] || exit 1
[ "$(wc -l < out.jsonl)" -eq 3 ] || exit 1
grep -q '^{"id":5,"timexes":\[\]}$' out.jsonl || exit 1
grep -q '"value":"2013-03"' out.jsonl || exit 1
# A line over --max-bytes is an error too; a missing file as well.
printf '{"id": 1, "text": "%s"}\n' "$(head -c 2000 /dev/zero | tr '\0' 'a')" > long.jsonl
storyline timex --max-bytes 1k long.jsonl > /dev/null 2> err2.txt
[ $? -eq 1 ] || exit 1
grep -q 'long.jsonl:1: line exceeds --max-bytes' err2.txt || exit 1
storyline timex missing.jsonl 2> err3.txt
[ $? -eq 1 ] || exit 1
grep -q 'missing.jsonl' err3.txt
