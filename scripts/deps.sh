#!/usr/bin/env bash
# Install the Debian 12 packages storyline builds, tests and evaluates with,
# if any is missing. Needs root (or sudo) only when something is missing.
# libmicrohttpd-dev builds `storyline serve`; wrk drives bench/bench_serve.sh
# and chromium runs the web page's browser test (tests/browser/).
set -euo pipefail
pkgs="cmake make gcc pkg-config clang clang-format libclang-rt-14-dev
      libxml2-dev libjansson-dev zlib1g-dev libcmocka-dev libsqlite3-dev
      libcurl4-openssl-dev libstemmer-dev libmicrohttpd-dev
      python3 python3-readability
      wrk chromium"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
        || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
