# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Extractive summaries of at most 100 words for the DUC 2004 task 2
# clusters (ten news articles each), scored against the four reference
# summaries of each cluster by ROUGE-1.5.5's settings (score_rouge.py).
# The figures are ROUGE-1 and ROUGE-2 recall x 100, as in the published
# tables: the bootstrap mean that ROUGE reports as its average.
sm=$data/summary
if [ -d "$sm/clusters" ]; then
    mkdir -p "$out/summary"
    for docs in "$sm"/clusters/*/docs; do
        id=$(basename "$(dirname "$docs")")
        "$bin" summarize --words 100 "$docs" > "$out/summary/$id.txt"
    done
    python3 "$tools/score_rouge.py" "$sm" "$out/summary" --json > "$out/summary.score.json"
    read -r r1 r2 n < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print("%.2f" % (100 * d["ROUGE-1"]["R"]), "%.2f" % (100 * d["ROUGE-2"]["R"]), d["clusters"])' \
        "$out/summary.score.json")
    fig[summary_rouge1_recall]=$r1
    fig[summary_rouge2_recall]=$r2
    echo "summary rouge1_recall=$r1 rouge2_recall=$r2 clusters=$n"
fi
