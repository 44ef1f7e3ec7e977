#!/usr/bin/env bash
# Build storyline under AddressSanitizer and UndefinedBehaviorSanitizer with
# warnings as errors, then run every test (unit, CLI, fuzz corpus replay).
# usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)" "$@"
