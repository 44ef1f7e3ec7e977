# Every example page extracts to a full article: URL, title, date, outlet
# and a body free of the page furniture around it.
set -e
storyline extract "$EXAMPLES_DIR" > all.jsonl
python3 - all.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 15, len(rows)
for a in rows:
    for k in ("url", "title", "published", "site_name", "lang"):
        assert a[k], (a["path"], k)
    assert len(a["body"]) > 400, a["path"]
    for junk in ("Related Articles", "Share on", "cookies", "Trending",
                 "Leave a comment", "Subscribe", "You May Also Like"):
        assert junk not in a["body"], (a["path"], junk)
urls = [a["url"] for a in rows]
assert len(set(urls)) == 14, "two versions of one URL, every other URL once"
assert len({a["site_name"] for a in rows}) == 8
PY
