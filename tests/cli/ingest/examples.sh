# Ingest the example pages: fifteen pages, fourteen articles (two pages
# are versions of one URL: one article, two revisions); again: nothing
# added, neither article nor revision (the older version matches a
# revision that is not the latest).
set -e
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
storyline articles count --db s.db | grep -qx '14 articles, 15 revisions'
storyline ingest --db s.db "$EXAMPLES_DIR" 2> second.txt
grep -q '15 documents: 0 added, 0 revised, 15 unchanged, 0 failed' second.txt
storyline articles count --db s.db | grep -qx '14 articles, 15 revisions'
# Each revision shows its own page; the latest is the later version.
key=https://gazette.example/news/2025/02/14/storm-morwen-damage-estimate
storyline articles show --db s.db --json "$key" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["revision"] == 2 and a["revisions"] == 2, a
assert a["path"].endswith("harbour-storm-damage-v2.html"), a["path"]'
storyline articles show --db s.db --rev 1 "$key" |
    grep -q '^path: .*harbour-storm-damage-v1.html$'
# Search ranks and snippets.
storyline search --db s.db harbour wall > hits.txt
[ "$(grep -c '^[0-9]' hits.txt)" -eq 4 ]
grep -q '\[harbour\] \[wall\]' hits.txt
storyline search --db s.db --json 'rosters OR "harbour wall"' | python3 -c '
import json, sys
hits = json.load(sys.stdin)
assert len(hits) == 7, hits
assert all(h["snippet"] for h in hits)'
# Hostile query text is read as words, never an FTS5 syntax error.
storyline search --db s.db '"harbour (NEAR wall^ * :col' > /dev/null
# Listings in every format.
storyline articles --db s.db --csv | head -1 | grep -q '^id,ext_id,revisions,published'
[ "$(storyline articles list --db s.db --jsonl | wc -l)" -eq 14 ]
storyline articles --db s.db --json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 14'
storyline articles --db s.db --source 'Northvale Post' --jsonl | grep -q 'rail-strike'
storyline articles show --db s.db --json https://post.example/2025/03/04/rail-strike-vote |
    python3 -c 'import json,sys; a = json.load(sys.stdin); assert "1,412 members" in a["body"], a'
storyline articles show --db s.db 999 2> err.txt && exit 1
grep -q "no article '999'" err.txt
