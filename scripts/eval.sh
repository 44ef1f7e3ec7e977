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

# Each step is scripts/eval.d/NN-name.sh, sourced in order: it skips itself
# when its data is missing, sets fig[NAME] for each figure it measures and
# prints one line. Floors for the figures are in scripts/floors.txt.
for step in "$here"/eval.d/*.sh; do
    # shellcheck source=/dev/null
    . "$step"
done

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
