# Golden output: every field of the example pages, text body.
cd "$EXAMPLES_DIR" || exit 1
storyline extract harbour-storm.html harbour-storm-reprint.html rail-strike.html
