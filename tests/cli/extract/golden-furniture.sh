# Golden output: the first and last paragraph of bodies whose pages carry
# a byline with no "By" (a name, a job title, a date), a byline in an
# element named like content, and a sponsored paragraph inside the
# article. None of them belongs to the body.
cd "$EXAMPLES_DIR" || exit 1
storyline extract water-notice.html water-notice-radio.html \
    harbour-storm-seawall-spun.html |
    python3 -c 'import json, sys
for line in sys.stdin:
    paras = json.loads(line)["body"].split("\n\n")
    print(len(paras), "paragraphs")
    print(paras[0][:60].rstrip())
    print(paras[-1][:60].rstrip())
    print("sponsored:", sum(p.lower().startswith("sponsored") for p in paras))
    print("----")'
