# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Publication dates, the page URL given as a crawler would know it.
if [ -d "$data/dates/html" ]; then
    python3 "$here/eval_extract.py" urlmap "$data/dates/gold.json" "$out/dates.urls.tsv"
    "$bin" extract --url-map "$out/dates.urls.tsv" "$data/dates/html" > "$out/dates.jsonl"
    python3 "$here/eval_extract.py" dates "$out/dates.jsonl" "$out/dates.pred.json"
    python3 "$tools/score_dates.py" "$out/dates.pred.json" "$data/dates/gold.json" --json \
        > "$out/dates.score.json"
    read -r acc prec rec tp fp fn < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
c=d["counts"]; b=d["breakdown"]
print("%.3f" % d["accuracy"], "%.3f" % d["precision"], "%.3f" % d["recall"], c["tp"],
      b.get("gold date, pred wrong", 0) + b.get("gold null, pred date", 0),
      b.get("gold date, pred null", 0))' "$out/dates.score.json")
    fig[dates_accuracy]=$acc
    echo "dates accuracy=$acc precision=$prec recall=$rec correct=$tp wrong=$fp missing=$fn"
fi
