# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Online clustering with the library defaults: events on mstream-dev
# (headlines) and giveme-dev (full articles), storylines on t17-dev.
clu=${EVAL_CLUSTERS:-$(dirname "$(dirname "$bin")")/bench/eval_clusters}
st=$data/stories
if [ -x "$clu" ] && [ -d "$st" ]; then
    line="clusters"
    score_set() { # name file gold column figure...
        local name=$1 file=$2 gold=$3 col=$4
        shift 4
        "$clu" "$file" 2> /dev/null | cut -f1,"$col" > "$out/clusters.$name.tsv"
        python3 "$tools/score_clusters.py" "$gold" "$out/clusters.$name.tsv" \
            | tail -n 1 > "$out/clusters.$name.score"
        for f in "$@"; do
            local key=${f%%:*} kv=${f#*:}
            local v
            v=$(tr ' ' '\n' < "$out/clusters.$name.score" | sed -n "s/^$kv=//p")
            fig[$key]=$v
            line="$line ${key#clusters_}=$v"
        done
    }
    if [ -f "$st/mstream-dev/articles.jsonl" ]; then
        score_set mstream "$st/mstream-dev/articles.jsonl" "$st/mstream-dev/gold.tsv" 2 \
            clusters_mstream_nmi:nmi clusters_mstream_bcubed:bcubed_f1
    fi
    if [ -f "$st/giveme-dev/articles.jsonl" ]; then
        score_set giveme "$st/giveme-dev/articles.jsonl" "$st/giveme-dev/gold.tsv" 2 \
            clusters_giveme_bcubed:bcubed_f1
    fi
    if [ -f "$st/t17-dev/articles.jsonl.gz" ]; then
        score_set t17 "$st/t17-dev/articles.jsonl.gz" "$st/t17-dev/gold.tsv" 3 \
            clusters_t17_story_bcubed:bcubed_f1
    fi
    echo "$line"
elif [ -d "$st" ]; then
    echo "eval: clusters skipped, no $clu (configure with -DSL_BUILD_BENCH=ON)" >&2
fi
