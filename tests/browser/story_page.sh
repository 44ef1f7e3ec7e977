# story_page.sh - the web page in headless Chromium: the story list, a
# story page (title, timeline chart, copy graph, articles with their
# outlets, entity facets) and search, checked in the rendered DOM; a
# screenshot of the story page is kept as an artefact.
#
# usage: story_page.sh STORYLINE ARTEFACT_DIR
# Exits 77 (ctest: skipped) when Chromium is not installed.
set -u
SL=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
CHROME=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" > /dev/null 2>&1; then
        CHROME=$c
        break
    fi
done
if [ -z "$CHROME" ]; then
    echo "SKIP: no Chromium (install it with scripts/deps.sh)"
    exit 77
fi
TMP=$(mktemp -d)
PID=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2> /dev/null && wait "$PID" 2> /dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
FAILS=0
fail() {
    echo "FAIL: $*"
    FAILS=$((FAILS + 1))
}

"$SL" ingest --db "$TMP/news.db" "$HERE/../api/data/stream.jsonl" > /dev/null 2>&1 ||
    { echo "ingest failed"; exit 1; }
"$SL" serve --listen 127.0.0.1:0 --port-file "$TMP/port" --db "$TMP/news.db" \
    > /dev/null 2> "$TMP/serve.err" &
PID=$!
for _ in $(seq 100); do
    [ -s "$TMP/port" ] && break
    sleep 0.05
done
[ -s "$TMP/port" ] || { cat "$TMP/serve.err"; echo "server did not start"; exit 1; }
BASE="http://127.0.0.1:$(cat "$TMP/port")"

chrome() {
    timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --no-first-run --no-default-browser-check \
        --disable-extensions --hide-scrollbars --user-data-dir="$TMP/profile" \
        --virtual-time-budget=15000 --window-size=1280,1400 "$@" 2> "$TMP/chrome.err"
}

# dom_check FILE PY-EXPR: parse the dumped DOM, evaluate the check.
dom_check() {
    python3 - "$1" "$2" <<'PY' || fail "$2"
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.els = []   # (tag, attrs, text)
        self.stack = []
    def handle_starttag(self, tag, attrs):
        e = [tag, dict(attrs), ""]
        self.els.append(e)
        if tag not in ("circle", "rect", "line", "path", "input", "link", "meta"):
            self.stack.append(e)
    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
    def handle_data(self, data):
        for e in self.stack:
            e[2] += data

d = Dom()
d.feed(open(sys.argv[1], encoding="utf-8").read())
def by_id(i):
    return next((e for e in d.els if e[1].get("id") == i), None)
def by_class(c, tag=None):
    return [e for e in d.els if c in (e[1].get("class") or "").split() and (tag is None or e[0] == tag)]
def tags(t):
    return [e for e in d.els if e[0] == t]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# The largest story, as the list orders it.
curl -s --max-time 5 "$BASE/api/stories?sort=size&limit=1" > "$TMP/top.json"
SID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$TMP/top.json") ||
    { echo "no story in /api/stories"; exit 1; }
curl -s --max-time 5 "$BASE/api/stories/$SID" > "$TMP/story.json"
N=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["articles"]))' "$TMP/story.json")
# Dated timeline entries, when the store keeps a digest for the story.
T=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["timeline"]; print(len(t["entries"]) if t else 0)' "$TMP/story.json")
S=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["summary"]; print(len(t["sentences"]) if t else 0)' "$TMP/story.json")

chrome --dump-dom "$BASE/#/story/$SID" > "$TMP/story.html"
F=$TMP/story.html
dom_check "$F" 'by_id("error") is None'
dom_check "$F" 'by_id("story-title") is not None and by_id("story-title")[2].strip() != ""'
dom_check "$F" 'by_id("timeline") is not None and len(by_class("bar", "rect")) >= 1'
dom_check "$F" "len(by_class('dot', 'circle')) == $N"
dom_check "$F" 'by_id("copy-graph") is not None and int(by_id("copy-graph")[1]["data-edges"]) >= 1'
dom_check "$F" "len(by_class('node', 'circle')) == $N"
dom_check "$F" "len(by_class('article', 'li')) == $N"
dom_check "$F" "len(by_class('outlet')) == $N and all(e[2].strip() for e in by_class('outlet'))"
dom_check "$F" 'by_id("entities") is not None and len(by_class("entity", "a")) >= 1'
dom_check "$F" 'by_id("sources") is not None'
if [ "$S" -gt 0 ]; then
    dom_check "$F" "by_id('summary') is not None and len([e for e in tags('p') if e[2].strip()]) >= $S"
fi
if [ "$T" -gt 0 ]; then
    dom_check "$F" "by_id('timeline-entries') is not None and len([e for e in tags('li') if e[2].strip()[:2] == '20']) >= $T"
    dom_check "$F" "len(by_class('event', 'path')) == $T"
fi
dom_check "$F" 'any(b[2] in ("reprint", "excerpt") for b in by_class("badge"))'

chrome --dump-dom "$BASE/#/" > "$TMP/list.html"
dom_check "$TMP/list.html" 'by_id("stories") is not None and len(by_class("story", "li")) >= 2'
chrome --dump-dom "$BASE/#/search?q=harbour" > "$TMP/search.html"
dom_check "$TMP/search.html" 'by_id("hits") is not None and len(tags("mark")) >= 1'
chrome --dump-dom "$BASE/#/article/h2" > "$TMP/article.html"
dom_check "$TMP/article.html" 'by_id("provenance") is not None and "copied from" in by_id("provenance")[2]'
dom_check "$TMP/article.html" 'len(by_class("passage", "mark")) >= 1 and len(tags("dt")) >= 3'
# Text from the store is text: markup in a title or body stays inert.
chrome --dump-dom "$BASE/#/article/q1" > "$TMP/odd.html"
dom_check "$TMP/odd.html" 'len(tags("script")) == 1 and len(tags("b")) == 0'
dom_check "$TMP/odd.html" '"<script>alert(1)</script>" in by_id("article-body")[2]'

mkdir -p "$OUT"
chrome --screenshot="$OUT/story-page.png" "$BASE/#/story/$SID" > /dev/null
if [ ! -s "$OUT/story-page.png" ] || [ "$(head -c 4 "$OUT/story-page.png" | od -An -c | tr -d ' ')" != '211PNG' ]; then
    fail "no screenshot"
else
    echo "screenshot: $OUT/story-page.png"
fi

kill -0 "$PID" 2> /dev/null || fail "the server died"
if [ "$FAILS" -ne 0 ]; then
    tail -5 "$TMP/chrome.err"
    echo "$FAILS failure(s)"
    exit 1
fi
echo ok
