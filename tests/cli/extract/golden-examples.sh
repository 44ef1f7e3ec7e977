# Golden output: every field of some example pages, text body: an original,
# its windows-1252 reprint (JSON-LD date), a page with a Post-style og:url
# and a bare date, an update with its modified time, a microdata date.
cd "$EXAMPLES_DIR" || exit 1
storyline extract harbour-storm.html harbour-storm-reprint.html rail-strike.html \
    harbour-storm-damage-v2.html rail-strike-settlement-courier.html
