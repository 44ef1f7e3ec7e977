# Digests wait in memory for the commit of their transaction: a store
# filled in one transaction keeps the same timelines and summaries as one
# that commits after every document (each digest saved and loaded back
# at each article).
set -eu
for b in 1 1000; do
    storyline ingest --db b$b.db -q --batch $b "$EXAMPLES_DIR" \
        "$DATA_DIR/timeline/harbour.jsonl"
done
n=0
for id in 1 2 3 4 5 6 7 8 9 10 11 12; do
    for kind in "" --storyline; do
        for b in 1 1000; do
            storyline timeline --db b$b.db $kind --dates 20 --sentences 3 \
                --json "$id" > "b$b.tl" 2> /dev/null || echo missing > "b$b.tl"
            storyline summary --db b$b.db $kind --json "$id" > "b$b.sum" \
                2> /dev/null || echo missing > "b$b.sum"
        done
        cmp b1.tl b1000.tl
        cmp b1.sum b1000.sum
        if ! grep -q missing b1.tl; then
            n=$((n + 1))
        fi
    done
done
test "$n" -ge 6
