# Unclosed and misnested tags, a page cut inside an attribute: each is
# extracted best-effort with its text, exit status 0.
printf '<html><head><title>Unclosed tags<body><div><p>The first paragraph of the story runs on without a closing tag<div><p>The second one <b>is bold <i>and italic</b> and misnested</i> text<ul><li>one<li>two' > unclosed.html
printf '<html><head><title>Cut short</title></head><body><article><p>The story starts here and is cut in the middle of a link <a href="https://example.org/a?b=1&c' > cut.html
storyline extract unclosed.html cut.html > out.json 2> err.txt \
    || { echo "expected exit status 0"; cat err.txt; exit 1; }
python3 -c '
import json
lines = open("out.json", encoding="utf-8").read().splitlines()
assert len(lines) == 2, lines
a, b = (json.loads(l) for l in lines)
assert a["path"] == "unclosed.html" and b["path"] == "cut.html"
assert a["title"] == "Unclosed tags", a["title"]
assert "first paragraph of the story" in a["body"], a["body"]
assert b["title"] == "Cut short", b["title"]
assert "The story starts here" in b["body"], b["body"]
' || exit 1
