# The timeline kept with each story is refreshed as articles arrive:
# ingesting the stream in two runs stores the same timelines as ingesting
# it in one.
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
        done
        cmp one.tl two.tl
        if ! grep -q missing one.tl; then
            n=$((n + 1))
        fi
    done
done
# At least one event and one storyline had a timeline to compare.
test "$n" -ge 2
