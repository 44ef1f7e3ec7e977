# A store of schema version 3 (before each revision kept its own file and
# date, and events their title article) is migrated on open: older rows
# read the article's file, and the same pages again add nothing.
set -e
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
python3 - s.db <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.create_function("sl_body", 1, lambda b: "")
con.executescript("""
DROP INDEX revisions_content;
ALTER TABLE revisions DROP COLUMN url;
ALTER TABLE revisions DROP COLUMN path;
ALTER TABLE revisions DROP COLUMN version_ms;
ALTER TABLE story_events DROP COLUMN title_article;
UPDATE sl_meta SET value = '3' WHERE key = 'schema_version';
""")
con.commit()
PY
storyline ingest --db s.db "$EXAMPLES_DIR" 2> again.txt
grep -q '15 documents: 0 added, 0 revised, 15 unchanged, 0 failed' again.txt
storyline articles count --db s.db | grep -qx '14 articles, 15 revisions'
python3 - s.db <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
assert con.execute("SELECT value FROM sl_meta WHERE key = 'schema_version'").fetchone()[0] == "5"
assert con.execute("SELECT count(*) FROM story_events WHERE title_article IS NULL").fetchone()[0] == 0
# The later version's modified date was read back.
assert con.execute("SELECT count(*) FROM revisions WHERE version_ms IS NOT NULL").fetchone()[0] == 15
PY
key=https://gazette.example/news/2025/02/14/storm-morwen-damage-estimate
storyline articles show --db s.db --rev 2 "$key" | grep -q '^path: .*harbour-storm-damage-v1.html$'
