# The timeline and summary kept with each story are refreshed as articles
# arrive: ingesting the stream in two runs stores the same timelines and
# summaries as ingesting it in one.
set -eu
f=$DATA_DIR/timeline/harbour.jsonl
storyline ingest --db one.db -q "$f"
head -n 4 "$f" > first.jsonl
tail -n +5 "$f" > second.jsonl
storyline ingest --db two.db -q first.jsonl
storyline ingest --db two.db -q second.jsonl
n=0
for id in 1 2 3 4 5 6 7 8; do
    for kind in "" --storyline; do
        for db in one two; do
            storyline timeline --db $db.db $kind --dates 5 --sentences 2 \
                --json "$id" > "$db.tl" 2> /dev/null || echo missing > "$db.tl"
            storyline summary --db $db.db $kind --json "$id" > "$db.sum" \
                2> /dev/null || echo missing > "$db.sum"
        done
        cmp one.tl two.tl
        cmp one.sum two.sum
        if ! grep -q missing one.tl; then
            n=$((n + 1))
        fi
    done
done
# At least one event and one storyline had a timeline to compare.
test "$n" -ge 2
