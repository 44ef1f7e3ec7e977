# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Copies: ingest the dev stream in file order, score the TSV of links.
if [ -f "$data/copies/dev/articles.jsonl" ]; then
    rm -f "$out/copies.db" "$out/copies.db-wal" "$out/copies.db-shm"
    "$bin" ingest --db "$out/copies.db" --quiet --no-stories --now 2024-01-01 \
        "$data/copies/dev/articles.jsonl"
    "$bin" copies --db "$out/copies.db" --tsv > "$out/copies.pred.tsv"
    python3 "$tools/score_copies.py" "$data/copies/dev/gold.tsv" \
        "$out/copies.pred.tsv" > "$out/copies.score.txt"
    read -r cf1 attr ff1 spun < <(python3 -c '
import re,sys
t=open(sys.argv[1]).read()
last=dict(kv.split("=") for kv in t.strip().splitlines()[-1].split())
m=re.search(r"^\s*spun\s+n\s+\d+\s+recall\s+([0-9.]+)", t, re.M)
print(last["copy_f1"], last["attribution"], last["family_f1"], m.group(1) if m else "0")' "$out/copies.score.txt")
    fig[copies_copy_f1]=$cf1
    fig[copies_attribution]=$attr
    fig[copies_family_f1]=$ff1
    fig[copies_spun_recall]=$spun
    echo "copies copy_f1=$cf1 attribution=$attr family_f1=$ff1 spun_recall=$spun"
fi
