# read.sh - the read-only API: every endpoint's JSON, errors, ETag/304,
# gzip, HEAD, the web page's assets and their headers.
. "$(dirname "$0")/lib.sh"
make_store "$TMP/news.db"
start_server --db "$TMP/news.db"

expect_status 200 /api/status
jcheck 'd["articles"] == 10'

expect_status 200 "/api/articles?limit=3"
jcheck 'len(d["items"]) == 3 and d["more"] is True and d["limit"] == 3'
expect_status 200 "/api/articles?limit=3&offset=9"
jcheck 'len(d["items"]) == 1 and d["more"] is False'
expect_status 200 "/api/articles?source=Coast%20Radio"
jcheck '[a["title"] for a in d["items"]] == ["Elwin harbour wall breached by storm"]'

# One article, by external id and by number, with its provenance.
expect_status 200 /api/articles/h2
jcheck 'd["source"] == "Coast Radio" and "Quay Street" in d["body"]'
jcheck 'd["provenance"]["original"]["kind"] == "reprint"'
jcheck 'isinstance(d["provenance"]["original"]["evidence"], dict)'
orig=$(jget 'd["provenance"]["original"]["id"]')
expect_status 200 "/api/articles/$orig"
jcheck 'd["ext_id"] == "h1" and d["authors"] == ["Tom Reyes"]'
jcheck 'd["provenance"]["original"] is None and d["provenance"]["copy_count"] >= 2'
jcheck 'len(d["provenance"]["copies"]) >= 2'
expect_status 200 "/api/articles/https%3A%2F%2Fgazette.example%2Fharbour-wall"
jcheck 'd["ext_id"] == "h1"'
expect_status 200 /api/articles/q1
jcheck '"<script>" in d["body"] and d["title"].startswith("Quotes \"and\"")'

# Copies: every copy with its original.
expect_status 200 /api/copies
jcheck 'len(d["items"]) >= 3 and all(c["original_id"] > 0 for c in d["items"])'
jcheck '{c["ext_id"] for c in d["items"]} >= {"h2", "h3", "r2"}'
expect_status 200 "/api/copies?kind=excerpt"
jcheck 'all(c["kind"] == "excerpt" for c in d["items"])'
expect_status 200 "/api/copies?article=$orig"
jcheck 'len(d["items"]) >= 2'

# Search: ranked hits with snippets; FTS syntax and quotes are words.
expect_status 200 "/api/search?q=harbour+wall&limit=2"
jcheck 'len(d["items"]) == 2 and d["more"] is True and "[" in d["items"][0]["snippet"]'
for q in '%22harbour' 'harbour%22+OR+%22' 'NEAR(wall+*)' 'wall%5E%3A-%2B*' \
    'wall+AND+OR+NOT' "'%3B+DROP+TABLE+articles%3B--" \
    '%C3%BCn%C3%AFc%C3%B6d%C3%A9'; do
    expect_status 200 "/api/search?q=$q"
done
expect_status 400 '/api/search?q=%7B%7D()%5B%5D'
expect_status 200 "/api/search?q=bakery&since=2024-05-01&until=2024-05-31"
jcheck 'len(d["items"]) == 1'

# Stories: 200 when the store has them (checked further by the browser
# test), else 501.
get /api/stories
case "$STATUS" in
200)
    jcheck 'd["total"] >= 2 and len(d["items"]) >= 2'
    sid=$(jget 'd["items"][0]["id"]')
    expect_status 200 "/api/stories/$sid"
    jcheck 'len(d["articles"]) >= 1 and "sources" in d and "entities" in d'
    jcheck '"timeline" in d and "summary" in d and "storyline" in d'
    jcheck 'd["timeline"] is None or all(len(e["date"]) == 10 and e["ms"] > 0 for e in d["timeline"]["entries"])'
    expect_status 200 "/api/stories?sort=size&limit=1"
    jcheck 'len(d["items"]) == 1'
    expect_status 404 /api/stories/999999
    ;;
501) ;;
*) fail "/api/stories: status $STATUS" ;;
esac

# Errors are JSON with the status.
expect_status 404 /api/articles/no-such-article
jcheck 'd["error"]["status"] == 404 and d["error"]["message"]'
expect_status 404 /api/nothing
expect_status 400 "/api/search"
jcheck 'd["error"]["status"] == 400'
expect_status 400 "/api/articles?limit=1000"
expect_status 400 "/api/articles?colour=red"
expect_status 405 /api/articles/1 -X DELETE
[ "$(header Allow)" = "GET, HEAD" ] || fail "Allow: $(header Allow)"
expect_status 403 /api/articles -X POST -H 'Content-Type: application/json' -d '{}'

# ETag and 304; a changed validator gets the body again.
expect_status 200 /api/articles/h1
etag=$(header ETag)
case "$etag" in \"*\") ;; *) fail "ETag: '$etag'" ;; esac
[ "$(header Cache-Control)" = "no-cache" ] || fail "Cache-Control"
expect_status 304 /api/articles/h1 -H "If-None-Match: $etag"
[ ! -s "$TMP/body" ] || fail "304 with a body"
expect_status 304 /api/articles/h1 -H "If-None-Match: \"x\", W/$etag"
expect_status 200 /api/articles/h1 -H 'If-None-Match: "0000000000000000"'

# gzip when accepted, with its own ETag; not when refused.
expect_status 200 /api/articles/h1 -H 'Accept-Encoding: gzip'
[ "$(header Content-Encoding)" = "gzip" ] || fail "no gzip"
gzip -t < "$TMP/body" || fail "gzip body does not decompress"
gz_etag=$(header ETag)
[ "$gz_etag" != "$etag" ] || fail "gzip shares the identity ETag"
expect_status 304 /api/articles/h1 -H 'Accept-Encoding: gzip' -H "If-None-Match: $gz_etag"
expect_status 200 /api/articles/h1 -H 'Accept-Encoding: gzip;q=0, br'
[ -z "$(header Content-Encoding)" ] || fail "gzip sent with q=0"
[ "$(header Vary)" = "Accept-Encoding" ] || fail "Vary"

# HEAD: headers, no body.
expect_status 200 /api/articles/h1 -I
grep -q '"body"' "$TMP/body" && fail "HEAD with a body"
[ -n "$(header ETag)" ] || fail "HEAD without an ETag"

# The web page and its assets, built in.
expect_status 200 /
grep -q '<script src="/app.js"' "$TMP/body" || fail "index.html"
header Content-Security-Policy | grep -q "default-src 'self'" || fail "CSP"
[ "$(header X-Content-Type-Options)" = "nosniff" ] || fail "nosniff"
expect_status 200 /app.js
header Content-Type | grep -q javascript || fail "app.js type"
expect_status 200 /style.css
expect_status 200 /favicon.svg
expect_status 200 /api/openapi.json
jcheck 'd["openapi"].startswith("3.") and "/api/stories/{id}" in d["paths"]'
expect_status 200 /app.js -H 'Accept-Encoding: gzip'
[ "$(header Content-Encoding)" = "gzip" ] || fail "app.js not gzipped"
# No CDN: the page loads nothing from elsewhere.
for a in / /app.js /style.css; do
    get "$a"
    ext=$(grep -Eo '(src|href|url\()[=("'"'"' ]*https?://' "$TMP/body" | head -1)
    [ -z "$ext" ] || fail "$a loads from elsewhere: $ext"
done
expect_status 404 /index.htm
expect_status 404 /openapi.json

# The reply cache: a write by another process is seen at once.
expect_status 200 /api/status
jcheck 'd["articles"] == 10'
printf '{"id":"late","title":"Late news","text":"Stored while the server runs."}\n' > "$TMP/late.jsonl"
"$SL" ingest --db "$TMP/news.db" "$TMP/late.jsonl" > /dev/null 2>&1 || fail "late ingest"
expect_status 200 /api/status
jcheck 'd["articles"] == 11'
expect_status 200 "/api/search?q=late+news"
jcheck 'len(d["items"]) == 1'

alive
stop_server
finish
