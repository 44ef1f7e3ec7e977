# Sourced by scripts/eval.sh: sets fig[NAME] and prints one line.
# In scope: $data $bin $tools $out $here $top, the array fig.
# Online clustering as the store does it: each dev stream is ingested in
# the order of its articles.jsonl (copy detection and entities included),
# then `stories --assignments` gives id, event, storyline per article.
# Events are scored on mstream-dev (headlines) and giveme-dev (full
# articles), storylines on t17-dev. Then the seed pages (no dates): one
# storyline, and the granularity in docs/ARCHITECTURE.md (scripts/eval_seeds.py).
st=$data/stories
if [ -d "$st" ]; then
    line="clusters"
    score_set() { # name file gold column figure...
        local name=$1 file=$2 gold=$3 col=$4
        shift 4
        local db="$out/clusters.$name.db"
        rm -f "$db" "$db-wal" "$db-shm"
        "$bin" ingest --db "$db" --quiet --now 2024-01-01 "$file"
        "$bin" stories --db "$db" --assignments | cut -f1,"$col" \
            > "$out/clusters.$name.tsv"
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
fi
seeds=$(cd "$data/.." && pwd)/seeds
if [ -d "$seeds" ]; then
    line=$(python3 "$top/scripts/eval_seeds.py" "$bin" "$seeds" "$out/seeds")
    echo "$line"
    fig[seeds_ok]=$(echo "$line" | sed -n 's/.* ok=\([0-9]*\).*/\1/p')
fi
