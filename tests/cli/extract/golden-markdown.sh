# Golden output: Markdown bodies keep headings, lists, quotes and tables.
cd "$EXAMPLES_DIR" || exit 1
storyline extract --format markdown harbour-storm.html rail-strike.html |
    python3 -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line)["body"])
    print("----")'
