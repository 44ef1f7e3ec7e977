# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Timelines on t17-dev with the published protocol (news-tls
# evaluate.py, see data/stories/README.md): for each gold timeline, the
# collection's articles published between the gold's first and last day,
# as many days as the gold has and round(mean sentences per day) each;
# Date-F1 and concatenated ROUGE-1/2 F1 by score_timeline.py, averaged
# over the timelines. date_f1_nofilter asks the same of the whole folder.
# Each collection is ingested once into its own store with --no-copies
# and --no-stories: `timeline --all` reads the articles, not the copy
# links, events or their digests, which would only slow the load.
t17=$data/stories/t17-dev
if [ -d "$t17" ] && compgen -G "$t17/*/timelines/*.txt" > /dev/null; then
    mkdir -p "$out/timeline"
    tl_pairs=()
    tl_pairs_nf=()
    for gold in "$t17"/*/timelines/*.txt; do
        coll=$(dirname "$(dirname "$gold")")
        name=$(basename "$coll")
        db=$out/timeline/$name.db
        if [ ! -f "$db" ]; then
            "$bin" ingest --db "$db" --no-copies --no-stories -q \
                "$coll/articles.jsonl"
        fi
        # The protocol's window and sizes, read from the gold timeline
        # as score_timeline.py reads it (the engine never sees it).
        read -r first last n k < <(python3 -c '
import re, sys
tl, cur = {}, None
for line in open(sys.argv[1], encoding="utf8", errors="replace"):
    m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})\s*$", line)
    if m:
        cur = m.group(1)
        tl.setdefault(cur, [])
    elif line.strip().startswith("---"):
        cur = None
    elif line.strip() and cur:
        tl[cur].append(line.strip())
days = sorted(tl)
k = round(sum(len(v) for v in tl.values()) / len(days))
print(days[0], days[-1], len(days), max(k, 1))' "$gold")
        pred=$out/timeline/$name.$(basename "$gold" .txt)
        "$bin" timeline --db "$db" --all --since "$first" --until "$last" \
            --dates "$n" --sentences "$k" --json > "$pred.json"
        "$bin" timeline --db "$db" --all --dates "$n" --sentences "$k" \
            --json > "$pred.nofilter.json"
        tl_pairs+=("$gold" "$pred.json")
        tl_pairs_nf+=("$gold" "$pred.nofilter.json")
    done
    python3 "$tools/score_timeline.py" "${tl_pairs[@]}" > "$out/timeline.score"
    python3 "$tools/score_timeline.py" "${tl_pairs_nf[@]}" \
        > "$out/timeline.nofilter.score"
    tl_last=$(tail -n 1 "$out/timeline.score")
    tl_f1=$(tr ' ' '\n' <<< "$tl_last" | sed -n 's/^date_f1=//p')
    tl_r1=$(tr ' ' '\n' <<< "$tl_last" | sed -n 's/^r1=//p')
    tl_r2=$(tr ' ' '\n' <<< "$tl_last" | sed -n 's/^r2=//p')
    tl_nf=$(tail -n 1 "$out/timeline.nofilter.score" | tr ' ' '\n' \
        | sed -n 's/^date_f1=//p')
    fig[timeline_date_f1]=$tl_f1
    fig[timeline_date_f1_nofilter]=$tl_nf
    echo "timeline date_f1=$tl_f1 rouge1=$tl_r1 rouge2=$tl_r2 date_f1_nofilter=$tl_nf timelines=$((${#tl_pairs[@]} / 2))"
fi
