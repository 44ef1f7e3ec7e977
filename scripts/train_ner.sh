#!/usr/bin/env bash
# Retrain the entity tagger's built-in weights, src/entities/model.bin,
# from the CoNLL-2003 English training set (eng.train only: the dev and
# test sets must never be trained on).
#
# usage: scripts/train_ner.sh [DATA_ROOT] [-- TRAIN_NER_OPTIONS...]
#        (default DATA_ROOT ../shared/data; needs DATA_ROOT/ner/train.*)
# env:   BUILD=build dir holding tools/train_ner (default build-release,
#        configured and built here if missing)
# Add --heldout to train on nine tenths and report F1 on the last tenth
# instead (the written model is then not the one to commit).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
data=../shared/data
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    data=$1
    shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
build=${BUILD:-build-release}
cd "$top"
if [ ! -x "$build/tools/train_ner" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" --target train_ner -j"$(nproc)"
fi
"$build/tools/train_ner" --docs "$data/ner/train.docs.jsonl" \
    --gold "$data/ner/train.gold.jsonl" --epochs 12 --cutoff 2 --prune 20 \
    --seed 20030601 --out src/entities/model.bin "$@"
