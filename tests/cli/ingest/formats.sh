# Every input format through `storyline ingest`, told from the bytes:
# JSON Lines (own and news-please keys), RSS, Atom, WARC (gzip per
# record), a plain-text page and an HTML page; a bad JSON line is named
# with its line number and makes the exit status 1.
set -u
mkdir in
python3 - <<'PY'
import gzip, json
body = ("The county council approved a plan on Tuesday to reopen the old "
        "railway station at Millbrook, closed since 1968, with trains "
        "expected to run again within three years.")
with open("in/a.jsonl", "w") as f:
    f.write(json.dumps({"id": "j1", "title": "Station to reopen", "text": body,
                        "published": "2025-01-07", "source": "Millbrook Herald"}) + "\n")
    f.write("{not json\n")
    f.write(json.dumps({"title": "Ferry fares rise", "maintext": "Fares on the island ferry "
                        "will rise by six per cent in April, the operator said on Monday.",
                        "date_publish": "2025-01-06 09:00:00", "source_domain": "isles.example",
                        "url": "https://isles.example/fares", "authors": ["Ann Lee"]}) + "\n")
with open("in/feed.xml", "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>'
            '<item><title>Bridge repairs finished</title><link>https://valley.example/bridge</link>'
            '<guid>valley-1</guid><pubDate>Tue, 07 Jan 2025 10:00:00 GMT</pubDate>'
            '<description>&lt;p&gt;Repairs to the river bridge finished a week early, the '
            'highways team said.&lt;/p&gt;</description></item></channel></rss>')
with open("in/atom.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Coast Post</title><entry><id>urn:coast:7</id><title>Harbour dredging starts</title>'
            '<link href="https://coast.example/dredging"/><updated>2025-01-08T08:00:00Z</updated>'
            '<summary>Dredging of the harbour mouth began on Wednesday and will take a month.</summary>'
            '</entry></feed>')
page = ("<html><head><title>Library extends hours</title></head><body><article>"
        "<p>The central library will open until nine in the evening from February, "
        "after a petition signed by two thousand readers.</p></article></body></html>")
http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(page)}\r\n\r\n{page}").encode()
def record(kind, uri, block, ctype):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2025-01-09T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")
with open("in/crawl.warc.gz", "wb") as f:
    f.write(record("warcinfo", "", b"software: test\r\n", "application/warc-fields"))
    f.write(record("response", "https://town.example/library", http,
                   "application/http; msgtype=response"))
with open("in/page.txt", "w") as f:
    f.write("Town News\n\nSchool roof repaired before the spring term\n\n"
            "By Staff Reporter\n\nThe roof of the primary school on Mill Lane has been "
            "repaired in time for the spring term, the council said, after storm damage in "
            "December closed two classrooms.\n\nRelated Articles\n\nShare this\n")
PY
storyline ingest --db s.db --verbose in 2> err.txt
rc=$?
[ $rc -eq 1 ] || { echo "exit $rc, expected 1"; cat err.txt; exit 1; }
grep -q 'a.jsonl:2: ' err.txt || { cat err.txt; exit 1; }
grep -q 'crawl.warc.gz (warc)' err.txt || { cat err.txt; exit 1; }
grep -q 'feed.xml (feed)' err.txt || { cat err.txt; exit 1; }
grep -q 'page.txt (text)' err.txt || { cat err.txt; exit 1; }
storyline articles count --db s.db | grep -qx '6 articles, 6 revisions' || {
    storyline articles --db s.db; exit 1; }
storyline articles show --db s.db --json j1 | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["source"] == "Millbrook Herald" and a["published"] == "2025-01-07", a'
storyline articles show --db s.db --json https://isles.example/fares | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["authors"] == ["Ann Lee"] and a["source"] == "isles.example", a'
storyline articles show --db s.db --json valley-1 | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert "finished a week early" in a["body"] and a["source"] == "Valley News", a'
storyline articles show --db s.db --json https://town.example/library | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert "two thousand readers" in a["body"] and a["fetched_ms"] == 1736424000000, a'
storyline search --db s.db roof | grep -q 'School roof repaired before the spring term'
storyline search --db s.db dredging | grep -q 'Harbour dredging starts'
