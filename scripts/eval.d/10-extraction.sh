# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Article body on the extraction benchmark pages.
if [ -d "$data/extraction/html" ]; then
    "$bin" extract "$data/extraction/html" > "$out/extraction.jsonl"
    python3 "$here/eval_extract.py" body "$out/extraction.jsonl" "$out/extraction.pred.json"
    line=$(python3 "$tools/score_extraction.py" "$data/extraction/ground-truth.json" \
        "$out/extraction.pred.json")
    read -r f1 p r < <(echo "$line" | awk '{print $3, $5, $7}')
    fig[extraction_body_f1]=$f1
    echo "extraction body_f1=$f1 precision=$p recall=$r"
fi
