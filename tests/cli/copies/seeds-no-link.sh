# The five seed pages are five different articles: ingesting them must
# link none of them.
set -e
seeds="$TESTS_DIR/../../../shared/seeds"
if [ ! -d "$seeds" ]; then
    seeds="$TESTS_DIR/../../../../shared/seeds"
fi
[ -d "$seeds" ] || { echo "no seed pages at $seeds" >&2; exit 1; }
storyline ingest --db s.db --quiet --now 2024-01-01 "$seeds"
storyline articles count --db s.db | grep -qx '5 articles, 5 revisions'
[ -z "$(storyline copies --db s.db)" ]
storyline copies --db s.db --tsv | awk -F '\t' '$2 != "" { exit 1 }'
