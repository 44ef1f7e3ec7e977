# A known identity with changed text becomes revision 2; both are kept.
set -e
mkdir v1 v2
cat > v1/page.html <<'HTML'
<html><head><title>Ferry timetable cut</title>
<link rel="canonical" href="https://gazette.example/ferry"></head>
<body><article><p>The island ferry will run twice a day this winter, the operator said on Monday, down from four sailings.</p>
<p>Islanders said the cut would make it harder to reach the hospital on the mainland.</p></article></body></html>
HTML
sed 's/twice a day/three times a day/' v1/page.html > v2/page.html
storyline ingest --db s.db --quiet v1
storyline ingest --db s.db v2 2> out.txt
grep -q '1 revised' out.txt
storyline articles count --db s.db | grep -qx '1 articles, 2 revisions'
storyline articles show --db s.db https://gazette.example/ferry | grep -q 'three times a day'
storyline articles show --db s.db --rev 1 --json https://gazette.example/ferry |
    python3 -c 'import json,sys; a = json.load(sys.stdin); assert "twice a day" in a["body"] and a["revision"] == 1'
# The search index holds the latest revision only.
[ -z "$(storyline search --db s.db twice)" ]
storyline search --db s.db three | grep -q 'Ferry timetable cut'
