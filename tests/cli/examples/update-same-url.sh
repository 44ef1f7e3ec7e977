# The Gazette's damage estimate comes in two versions under one URL: the
# later one adds a paragraph and a modified time. It is one article with
# two revisions, not a copy of itself.
set -e
url=https://gazette.example/news/2025/02/14/storm-morwen-damage-estimate
storyline ingest --db s.db --quiet "$EXAMPLES_DIR"
storyline articles show --db s.db --json "$url" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["revision"] == 2 and a["revisions"] == 2, a
assert a["modified"] == "2025-02-15T11:05:00Z", a
assert "flood recovery grants" in a["body"], a'
storyline articles show --db s.db --rev 1 --json "$url" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["modified"] is None and "flood recovery grants" not in a["body"], a'
storyline origin --db s.db "$url" | grep -qx '[0-9]* is an original (0 copies)'
# Search sees the latest text only.
storyline search --db s.db 'recovery grants' | grep -q 'damage on Port Elwin quay'
