# The example pages hold one copy of each kind, and two reports of the
# same event that share a quotation without being copies: the store must
# link exactly the intended pairs, whatever order the pages arrive in.
set -e
links() { # DB
    storyline articles --db "$1" --json > a.json
    storyline copies --db "$1" --json > c.json
    python3 "$TESTS_DIR/examples/links.py" a.json c.json
}
want_links='council-approves-huge-sea-barrier-port-elwin-storm-chaos spun sea-wall-vote
rail-strike-commuters-talks update rail-strike-begins
rail-strike-three-days excerpt rail-strike-vote
storm-floods-harbour-front-in-port-elwin reprint storm-morwen-floods-harbour
valley-line-passengers-relieved-rail-deal partial rail-strike-called-off'
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
[ "$(links s.db)" = "$want_links" ] || { links s.db; exit 1; }
# Copies first: each family is re-rooted when its original arrives.
for f in harbour-storm-reprint harbour-storm-seawall-spun rail-strike-excerpt \
    rail-strike-first-day-evening rail-strike-settlement-courier; do
    storyline ingest --db r.db --quiet "$EXAMPLES_DIR/$f.html"
done
storyline ingest --db r.db --quiet "$EXAMPLES_DIR"
[ "$(links r.db)" = "$want_links" ] || { links r.db; exit 1; }
# The kinds column of --tsv: five copies, five originals, the rest
# (the two boil-water reports among them) independent.
storyline copies --db s.db --tsv > tsv
[ "$(cut -f3 tsv | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" = \
  "excerpt:1 independent:4 original:5 partial:1 reprint:1 spun:1 update:1 " ]
grep -q 'herald.example/news/2025/03/10/boil-water-notice-hartsmere	.*	independent$' tsv
grep -q 'valeradio.example/news/hartsmere-boil-water-e-coli	.*	independent$' tsv
# origin names the original and the reason it was chosen.
storyline origin --db s.db https://westcountry.example/local/2025/02/storm-floods-harbour-front-in-port-elwin > o.txt
grep -q '^[0-9]* is a reprint of [0-9]*$' o.txt
grep -q "\"reason\":\"names the other's outlet\"" o.txt
storyline origin --db s.db https://post.example/2025/03/04/rail-strike-vote |
    grep -qx '[0-9]* is an original (1 copies)'
# The partial copy's evidence points at the pasted paragraph.
storyline copies --db s.db --json https://courier.example/news/valley-line-passengers-relieved-rail-deal |
    python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
e = r["evidence"]
assert r["kind"] == "partial" and e["copy_share"] < 0.6, r
body = json.loads(sys.argv[1])["body"]
assert any(body.encode()[p["copy"][0]:][:40].startswith(b"Under the agreement")
           for p in e["passages"]), e' \
    "$(storyline articles show --db s.db --json https://courier.example/news/valley-line-passengers-relieved-rail-deal)"
