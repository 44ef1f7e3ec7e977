# The built-in examples: each event is titled by its first report, not by
# the page that happened to be read first (a later follow-up, an excerpt
# on another site), and a second run changes nothing.
set -e
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
storyline stories --db s.db > list.txt
grep -q 'Storm Morwen floods Port Elwin harbour front$' list.txt
grep -q 'Rail workers in Northvale vote to strike over new rosters$' list.txt
grep -q 'Boil-water notice for 31,000 Hartsmere homes after bacteria found$' list.txt
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
storyline stories --db s.db > again.txt
cmp list.txt again.txt
