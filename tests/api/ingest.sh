# ingest.sh - POST /api/articles: off without a token file; bearer token,
# content types, the body cap; JSON, JSON arrays and JSON Lines stored
# and then readable.
. "$(dirname "$0")/lib.sh"
printf '  token-for-tests-0123456789\n' > "$TMP/token"
chmod 600 "$TMP/token"
AUTH="Authorization: Bearer token-for-tests-0123456789"
start_server --db "$TMP/new.db" --token-file "$TMP/token" --max-body 64k

expect_status 200 /api/status
jcheck 'd["articles"] == 0'

# One JSON object.
expect_status 200 /api/articles -X POST -H "$AUTH" \
    -H 'Content-Type: application/json' \
    -d '{"id":"p1","title":"Ferry crews strike","text":"Ferry crews on the island route walked out on Monday over staffing.","source":"Island News","published":"2024-06-03"}'
jcheck 'd["added"] == 1 and d["failed"] == 0 and d["errors"] == []'

# A JSON array, one of its items already stored.
expect_status 200 /api/articles -X POST -H "$AUTH" \
    -H 'Content-Type: application/json; charset=utf-8' \
    -d '[{"id":"p2","title":"Ferry talks resume","text":"Talks between the ferry operator and the crews resumed on Wednesday."},{"id":"p1","title":"Ferry crews strike","text":"Ferry crews on the island route walked out on Monday over staffing.","source":"Island News","published":"2024-06-03"}]'
jcheck 'd["added"] == 1 and d["unchanged"] == 1'

# JSON Lines with a bad line: the rest is stored, the line is named.
expect_status 200 /api/articles -X POST -H "$AUTH" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$HERE/data/stream.jsonl"
jcheck 'd["added"] == 10'
printf '{"id":"p3","title":"T","text":"Three."}\nnot json\n{"id":"p4","text":"Four."}\n' > "$TMP/mixed.jsonl"
expect_status 200 /api/articles -X POST -H "$AUTH" \
    -H 'Content-Type: application/jsonl' --data-binary @"$TMP/mixed.jsonl"
jcheck 'd["added"] == 2 and d["failed"] == 1 and d["errors"][0]["where"] == "body:2"'

expect_status 200 /api/articles/p2
jcheck 'd["title"] == "Ferry talks resume"'
expect_status 200 /api/status
jcheck 'd["articles"] == 14'
expect_status 200 "/api/search?q=ferry"
jcheck 'len(d["items"]) == 2'

# Refusals.
expect_status 401 /api/articles -X POST -H 'Content-Type: application/json' -d '{}'
[ "$(header WWW-Authenticate)" = 'Bearer realm="storyline"' ] || fail "WWW-Authenticate"
expect_status 401 /api/articles -X POST -H 'Authorization: Bearer wrong' \
    -H 'Content-Type: application/json' -d '{}'
expect_status 401 /api/articles -X POST -H "Authorization: Basic dG9rZW4=" \
    -H 'Content-Type: application/json' -d '{}'
expect_status 415 /api/articles -X POST -H "$AUTH" -H 'Content-Type: text/plain' -d 'x'
expect_status 400 /api/articles -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '{"id": '
expect_status 400 /api/articles -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '"just a string"'
head -c 100000 /dev/zero | tr '\0' x > "$TMP/big"
expect_status 413 /api/articles -X POST -H "$AUTH" -H 'Content-Type: application/json' \
    --data-binary @"$TMP/big"
expect_status 413 /api/articles -X POST -H "$AUTH" -H 'Content-Type: application/json' \
    -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big"
alive
stop_server

# Without a token file, ingest is off and the store must exist.
start_server --db "$TMP/new.db"
expect_status 403 /api/articles -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '{}'
stop_server
if "$SL" serve --listen 127.0.0.1:0 --db "$TMP/missing.db" > /dev/null 2>&1; then
    fail "served a missing store"
fi
finish
