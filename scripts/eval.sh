#!/usr/bin/env bash
# Quality figures on the labelled dev data, one line each, and a check of
# each figure against its floor in scripts/floors.txt.
#
# usage: scripts/eval.sh [DATA_ROOT]        (default ../shared/data)
# env:   STORYLINE=path/to/storyline         (default build-release/cli/storyline)
#        EVAL_CLUSTERS=path/to/eval_clusters (default beside STORYLINE's
#                                             build, bench/eval_clusters)
#        EVAL_OUT=dir for prediction files   (default a temporary folder)
# exit:  0 all figures at or above their floors, 1 otherwise, 2 setup error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
data=${1:-$top/../shared/data}
bin=${STORYLINE:-$top/build-release/cli/storyline}
tools=$(cd "$data/.." && pwd)/tools
out=${EVAL_OUT:-$(mktemp -d)}
mkdir -p "$out"

if [ ! -x "$bin" ]; then
    echo "eval: $bin not found; build the release preset first" >&2
    exit 2
fi
if [ ! -d "$data" ]; then
    echo "eval: no data at $data" >&2
    exit 2
fi

declare -A fig

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

# Copies: ingest the dev stream in file order, score the TSV of links.
if [ -f "$data/copies/dev/articles.jsonl" ]; then
    rm -f "$out/copies.db" "$out/copies.db-wal" "$out/copies.db-shm"
    "$bin" ingest --db "$out/copies.db" --quiet --now 2024-01-01 \
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

status=0
while read -r name floor; do
    case "$name" in ''|'#'*) continue ;; esac
    v=${fig[$name]:-}
    if [ -z "$v" ]; then
        continue
    fi
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$v" "$floor"; then
        echo "floor ok   $name=$v >= $floor"
    else
        echo "FLOOR FAIL $name=$v < $floor"
        status=1
    fi
done < "$here/floors.txt"
exit $status
