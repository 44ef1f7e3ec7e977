# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Named entities on CoNLL-2003 eng.testa (span F1, conlleval rules).
if [ -d "$data/ner" ]; then
    "$bin" entities "$data/ner/docs.jsonl" > "$out/ner.jsonl"
    python3 "$tools/score_ner.py" "$out/ner.jsonl" "$data/ner/gold.jsonl" --json \
        > "$out/ner.score.json"
    read -r f1 p r < <(python3 -c '
import json,sys
o=json.load(open(sys.argv[1]))["overall"]
print("%.4f" % o["f1"], "%.4f" % o["precision"], "%.4f" % o["recall"])' "$out/ner.score.json")
    fig[ner_f1]=$f1
    echo "ner f1=$f1 precision=$p recall=$r"
fi
