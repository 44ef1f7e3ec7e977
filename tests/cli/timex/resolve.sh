# Relative expressions are resolved against the line's dct, else --dct,
# else they keep X digits.
printf '%s\n' '{"id": "a", "dct": "2022-08-17", "text": "They left on Monday, last week."}' \
    '{"id": "b", "text": "They left on Monday, last week."}' > in.jsonl
storyline timex in.jsonl > out.jsonl || exit 1
sed -n 1p out.jsonl | grep -q '"text":"Monday","type":"DATE","value":"2022-08-15"' || exit 1
sed -n 1p out.jsonl | grep -q '"text":"last week","type":"DATE","value":"2022-W32"' || exit 1
sed -n 2p out.jsonl | grep -q '"value":"XXXX-WXX-1"' || exit 1
storyline timex --dct 2013-01-16 in.jsonl > out2.jsonl || exit 1
sed -n 2p out2.jsonl | grep -q '"value":"2013-01-14"' || exit 1
sed -n 1p out2.jsonl | grep -q '"value":"2022-08-15"'
