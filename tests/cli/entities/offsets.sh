# Offsets are code points (Python string indices), end exclusive, and the
# entity text is the slice of the input they name, accents and all.
cat > in.jsonl <<'JSON'
{"id": "a1", "text": "Mr. Tobias Wrenfield told reporters in Madrid that the European Union had not decided."}
{"id": 7, "text": "Gdańsk and Kraków hosted Zoë Ødegaard, who works for the United Nations in Geneva."}
{"id": "a3", "text": "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP .\nLONDON 1996-08-30\nPhil Simmons took four for 38 on Friday as Leicestershire beat Somerset ."}
{"id": "a4", "text": "the quick brown fox jumps over the lazy dog."}
{"text": "Halvard Brennick arrived in Washington.", "id": null}
JSON
storyline entities in.jsonl > out.jsonl || exit 1
[ "$(wc -l < out.jsonl)" -eq 5 ] || exit 1
python3 - in.jsonl out.jsonl <<'PY' || exit 1
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
found = set()
for d, o in zip(docs, outs):
    assert o["id"] == d["id"], (o["id"], d["id"])
    last = 0
    for e in o["entities"]:
        assert d["text"][e["start"]:e["end"]] == e["text"], e
        assert e["start"] >= last and e["end"] > e["start"], e
        assert e["type"] in ("PER", "ORG", "LOC", "MISC"), e
        last = e["end"]
        found.add((e["text"], e["type"]))
for want in [("Tobias Wrenfield", "PER"), ("Madrid", "LOC"),
             ("Zoë Ødegaard", "PER"), ("Geneva", "LOC"),
             ("Phil Simmons", "PER"), ("LONDON", "LOC"),
             ("Halvard Brennick", "PER"), ("Washington", "LOC")]:
    assert want in found, want
assert outs[3]["entities"] == []
PY
# The same through standard input and as TSV.
storyline entities - < in.jsonl | cmp - out.jsonl || exit 1
storyline entities --format tsv in.jsonl > out.tsv || exit 1
grep -q "$(printf '^a1\t4\t20\tPER\tTobias Wrenfield$')" out.tsv
