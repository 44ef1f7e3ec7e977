# 100,000 nested elements must neither crash (no recursion on the tree)
# nor take long: a best-effort result, exit 0, with the text before the
# deep part and after it kept.
python3 -c '
import sys
n = 100000
sys.stdout.write("<html><head><title>Deep</title></head><body><article>"
                 "<p>Text before the deep part, long enough to be a paragraph"
                 " of the article.</p>" + "<div>" * n + "<p>deep</p>" +
                 "</div>" * n + "<p>Text after the deep part.</p>"
                 "</article></body></html>\n")
' > deep.html
storyline extract deep.html > out.json || { echo "expected exit status 0"; exit 1; }
python3 -c '
import json
a = json.loads(open("out.json", encoding="utf-8").read())
assert a["title"] == "Deep", a["title"]
assert "Text before the deep part" in a["body"], a["body"][:200]
assert "Text after the deep part" in a["body"], a["body"][-200:]
' || exit 1
