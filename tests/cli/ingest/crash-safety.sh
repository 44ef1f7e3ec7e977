# kill -9 in the middle of a large ingest, then run it again: nothing
# committed is lost, no article is stored twice or in part, and every
# article ends up in an event.
set -e
python3 - <<'PY'
import os
os.makedirs("pages", exist_ok=True)
words = ("harbour wall council ferry strike storm bridge station market "
         "island school budget").split()
for i in range(6000):
    body = " ".join(words[(i * 7 + k) % len(words)] for k in range(60))
    with open(f"pages/p{i:05d}.html", "w") as f:
        f.write(f"<html><head><title>Report {i}</title></head><body><article>"
                f"<p>Report number {i}: {body}.</p><p>{body} {i}.</p>"
                f"</article></body></html>")
PY
storyline ingest --db s.db --quiet --batch 100 pages &
pid=$!
# Wait until some batches are committed, then kill without warning.
for _ in $(seq 1 1200); do
    n=$(storyline articles count --db s.db 2>/dev/null | cut -d' ' -f1)
    [ -n "$n" ] && [ "$n" -ge 500 ] && break
    sleep 0.05
done
kill -9 $pid
wait $pid || true
before=$(storyline articles count --db s.db | cut -d' ' -f1)
echo "committed before the kill: $before"
[ "$before" -ge 500 ] && [ "$before" -lt 6000 ]
storyline ingest --db s.db --quiet pages
storyline articles count --db s.db | grep -qx '6000 articles, 6000 revisions'
# Every article has its event and storyline, none twice.
n=$(storyline stories --db s.db --assignments | cut -f1 | sort -u | wc -l)
[ "$n" -eq 6000 ]
# The database and its search index are consistent.
python3 - <<'PY'
import sqlite3, zlib
db = sqlite3.connect("s.db")
def body(b):
    return zlib.decompress(b[1:]).decode() if b[0] == 1 else b[1:].decode()
db.create_function("sl_body", 1, body)
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
db.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
n, ids = db.execute("SELECT count(*), count(DISTINCT identity) FROM articles").fetchone()
assert n == ids == 6000, (n, ids)
orphans = db.execute("SELECT count(*) FROM articles a LEFT JOIN revisions r "
                     "ON r.id = a.latest_rev WHERE r.id IS NULL").fetchone()[0]
assert orphans == 0, orphans
print("consistent")
PY
