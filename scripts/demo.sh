#!/usr/bin/env bash
# Build the release binary and run the main job on the built-in examples:
# extract every page in examples/ as JSON Lines.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
./build-release/cli/storyline extract examples/
