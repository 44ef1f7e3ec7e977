# Offsets count code points, not bytes: "Zürich — " before "Monday".
printf '%s\n' '{"id": 1, "dct": "2022-08-17", "text": "Zürich — on Monday 🗓 in 2013."}' > in.jsonl
storyline timex in.jsonl > out.jsonl || exit 1
grep -q '{"start":12,"end":18,"text":"Monday","type":"DATE","value":"2022-08-15"}' out.jsonl || exit 1
grep -q '{"start":24,"end":28,"text":"2013","type":"DATE","value":"2013"}' out.jsonl
