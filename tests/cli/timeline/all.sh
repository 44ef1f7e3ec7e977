# `timeline --all` over a small invented story: the right number of days,
# in date order, the day the harbour wall broke among them (named by most
# articles though none was published on it), and only days inside the
# window when one is given. JSON, markdown and text agree on the days.
set -eu
storyline ingest --db s.db -q "$DATA_DIR/timeline/harbour.jsonl"
storyline timeline --db s.db --all --dates 3 --sentences 2 --json > all.json
python3 - all.json <<'PY'
import json, sys
tl = json.load(open(sys.argv[1]))
days = [e["date"] for e in tl]
assert len(days) == 3, days
assert days == sorted(days), days
assert "2024-03-04" in days, days
for e in tl:
    assert 1 <= len(e["sentences"]) <= 2, e
said = [s for e in tl for s in e["sentences"]]
assert len(said) == len(set(said)), said
PY
storyline timeline --db s.db --all --since 2024-03-10 --until 2024-03-20 \
    --dates 10 --json > window.json
python3 - window.json <<'PY'
import json, sys
days = [e["date"] for e in json.load(open(sys.argv[1]))]
assert days, days
assert all("2024-03-10" <= d <= "2024-03-20" for d in days), days
assert "2024-03-14" in days, days  # the vote, named by a later article
PY
storyline timeline --db s.db --all --dates 3 --markdown > all.md
storyline timeline --db s.db --all --dates 3 > all.txt
test "$(grep -c '^## 2024-' all.md)" = 3
test "$(grep -c '^2024-' all.txt)" = 3
diff <(grep '^## ' all.md | cut -c4-) <(grep '^2024-' all.txt | cut -c1-10)
