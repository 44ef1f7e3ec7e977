# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Temporal expressions on TimeBank (TempEval-3 scoring): value F1 is the
# headline figure; relaxed span F1 counts overlapping spans.
if [ -d "$data/timex" ]; then
    "$bin" timex "$data/timex/docs.jsonl" > "$out/timex.jsonl"
    python3 "$tools/score_timex.py" "$out/timex.jsonl" "$data/timex/gold.jsonl" --json \
        > "$out/timex.score.json"
    read -r vf sf rf ta < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print("%.4f" % d["value"]["f1"], "%.4f" % d["strict"]["f1"],
      "%.4f" % d["relaxed"]["f1"], "%.4f" % d["type"]["accuracy"])' "$out/timex.score.json")
    fig[timex_value_f1]=$vf
    fig[timex_relaxed_span_f1]=$rf
    echo "timex value_f1=$vf strict_span_f1=$sf relaxed_span_f1=$rf type_acc=$ta"
fi
