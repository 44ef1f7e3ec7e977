# Three invented reports of one story, as prose: the summary keeps to the
# word budget, prints whole sentences one per line, never repeats the
# sentence all three share, and is the same on every run.
mkdir docs
cat > docs/a.txt <<'T'
Storm Delia hit the coast of Marlow on Sunday night.

Winds of 140 km/h tore roofs from houses near the harbour and cut power to
20,000 homes. The harbour wall was breached in two places. Mr. Ansel Brook,
the harbour master, said the old wall had not been repaired since 1990.
T
cat > docs/b.txt <<'T'
Power was back in most of Marlow's 20,000 homes by Monday evening. The
harbour wall was breached in two places. Engineers from the county council
began to inspect the harbour wall on Monday. Schools near the harbour stay
closed until Wednesday.
T
cat > docs/c.txt <<'T'
The county council will pay for repairs to the harbour wall in Marlow after
Storm Delia. The harbour wall was breached in two places. Repairs to the
harbour wall will take a year and cost 3.5 million pounds, the council said.
T
storyline summarize --words 40 docs > out1.txt || exit 1
storyline summarize --words 40 docs/a.txt docs/b.txt docs/c.txt > out2.txt || exit 1
cmp out1.txt out2.txt || exit 1
words=$(wc -w < out1.txt)
[ "$words" -le 40 ] && [ "$words" -ge 20 ] || { echo "words: $words"; exit 1; }
[ "$(grep -c 'breached in two places' out1.txt)" -le 1 ] || exit 1
# Every line is a whole sentence of one of the inputs.
while IFS= read -r line; do
    tr '\n' ' ' < docs/a.txt > flat.txt
    tr '\n' ' ' < docs/b.txt >> flat.txt
    tr '\n' ' ' < docs/c.txt >> flat.txt
    grep -qF -- "$line" flat.txt || { echo "not found: $line"; exit 1; }
done < out1.txt
# JSON: offsets point at the sentence in its document.
storyline summarize --json --words 40 docs > out.json || exit 1
python3 - out.json <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["words"] <= 40 and d["sentences"], d
for s in d["sentences"]:
    raw = open(s["path"], "rb").read()
    got = raw[s["start"]:s["end"]].decode().replace("\n", " ")
    assert " ".join(got.split()) == " ".join(s["text"].split()), (got, s)
P
