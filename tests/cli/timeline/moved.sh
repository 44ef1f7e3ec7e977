# Each storyline's digest tells of its own articles only: after events
# move between storylines (young events are re-placed), the summary of a
# storyline quotes no article of another one, and its timeline says no
# sentence that only another storyline's articles hold.
set -eu
storyline ingest --db s.db -q "$EXAMPLES_DIR"
storyline storylines --db s.db --limit 0 --json > sls.json
python3 - sls.json > ids.txt <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["storylines"]:
    print(s["id"])
PY
test -s ids.txt
for id in $(cat ids.txt); do
    storyline storyline --db s.db --json "$id" > "sl$id.json"
    for ev in $(python3 -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.load(open(sys.argv[1]))["events"]))' "sl$id.json"); do
        storyline story --db s.db --json "$ev" > "ev$id-$ev.json"
    done
    storyline summary --db s.db --storyline --words 400 --json "$id" > "sum$id.json"
    storyline timeline --db s.db --storyline --dates 50 --sentences 3 --json "$id" > "tl$id.json"
done
python3 - ids.txt <<'PY'
import glob, json, sys
ids = open(sys.argv[1]).read().split()
mine = {}
for sl in ids:
    arts = set()
    for f in glob.glob("ev%s-*.json" % sl):
        arts.update(a["id"] for a in json.load(open(f))["articles"])
    mine[sl] = arts
said = {sl: [e for d in json.load(open("tl%s.json" % sl)) for e in d["sentences"]]
        for sl in ids}
for sl in ids:
    s = json.load(open("sum%s.json" % sl))
    assert s["sentences"], (sl, s)
    for t in s["sentences"]:
        assert t["article"] in mine[sl], (sl, t)
# A sentence said by two storylines' timelines would be one that crossed.
for a in ids:
    for b in ids:
        if a < b:
            both = set(said[a]) & set(said[b])
            assert not both, (a, b, both)
PY
