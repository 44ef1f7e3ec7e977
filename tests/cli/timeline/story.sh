# A story's timeline and summary from its stored digest.
set -eu
storyline ingest --db s.db -q "$DATA_DIR/timeline/harbour.jsonl"
storyline timeline --db s.db --storyline --dates 4 --sentences 1 --json 1 > tl.json
python3 - tl.json <<'PY'
import json, sys
tl = json.load(open(sys.argv[1]))
days = [e["date"] for e in tl]
assert 1 <= len(days) <= 4 and days == sorted(days), days
assert all(len(e["sentences"]) <= 1 for e in tl), tl
PY
storyline timeline --db s.db 1 > tl.txt
grep -q '^2024-03-' tl.txt
storyline summary --db s.db --storyline --words 40 --json 1 > sum.json
python3 - sum.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["kind"] == "storyline" and s["id"] == 1, s
assert 0 < s["words"] <= 40 and s["sentences"], s
assert all(s_["text"] and s_["article"] > 0 for s_ in s["sentences"]), s
PY
storyline summary --db s.db 1 | grep -q .
