# The example stream holds three stories: the harbour storm and its
# aftermath, the rail strike and its settlement, the boil-water notice.
# The clusterer must put them in three storylines, whatever order the
# pages arrive in.
set -e
check() { # DB
    storyline stories --db "$1" --assignments > asg.tsv
    python3 - asg.tsv <<'PY'
import sys
want = [
    {"storm-morwen-floods-harbour", "storm-floods-harbour-front-in-port-elwin",
     "storm-morwen-damage-estimate", "sea-wall-vote",
     "council-approves-huge-sea-barrier-port-elwin-storm-chaos"},
    {"rail-strike-vote", "rail-strike-three-days", "rail-strike-begins",
     "rail-strike-commuters-talks", "rail-strike-called-off",
     "valley-line-passengers-relieved-rail-deal"},
    {"boil-water-notice-hartsmere", "hartsmere-boil-water-e-coli",
     "boil-water-notice-lifted"},
]
event, storyline = {}, {}
for line in open(sys.argv[1]):
    ident, ev, sl = line.rstrip("\n").split("\t")
    name = ident.rstrip("/").rsplit("/", 1)[-1]
    event[name], storyline[name] = ev, sl
assert sorted(event) == sorted(set().union(*want)), sorted(event)
groups = {}
for name, sl in storyline.items():
    groups.setdefault(sl, set()).add(name)
assert sorted(map(sorted, groups.values())) == sorted(map(sorted, want)), groups
# A copy that is mostly its original's text joins its event (the partial
# copy and the later version carry text of their own, and are placed on it).
for copy, orig in [("storm-floods-harbour-front-in-port-elwin", "storm-morwen-floods-harbour"),
                   ("council-approves-huge-sea-barrier-port-elwin-storm-chaos", "sea-wall-vote"),
                   ("rail-strike-three-days", "rail-strike-vote")]:
    assert event[copy] == event[orig], (copy, orig, event)
PY
}
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
check s.db
[ "$(storyline storylines --db s.db --limit 0 | tail -1)" = "3 of 3 storylines" ]
# Copies first, then the rest.
for f in harbour-storm-reprint harbour-storm-seawall-spun rail-strike-excerpt \
    rail-strike-first-day-evening rail-strike-settlement-courier; do
    storyline ingest --db r.db --quiet "$EXAMPLES_DIR/$f.html"
done
storyline ingest --db r.db --quiet "$EXAMPLES_DIR"
check r.db
