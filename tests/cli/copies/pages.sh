# An original page, a reprint on another site with its own furniture, a
# report of its own on the same event, and the original's author site
# arriving last with an earlier date: links, TSV, origin and rebuild.
set -e
mkdir in
page() { # FILE SITE DATE URL BODY-HTML
    cat > "in/$1" <<HTML
<html><head><title>Harlow Street bridge to close</title>
<meta property="og:site_name" content="$2">
<meta property="article:published_time" content="$3">
<link rel="canonical" href="$4"></head>
<body><article>$5</article></body></html>
HTML
}
P1='<p>The Harlow Street bridge in Port Elwin will close for eleven weeks from Monday while engineers replace its corroded steel bearings, the city transport office said on Thursday.</p>'
P2='<p>About 14,000 vehicles cross the bridge every day, and officials expect long delays on the coast road and the two ferry routes that will carry much of the extra traffic.</p>'
P3='<p>Inspectors found cracks in four of the twelve bearings during a routine survey in March, and a report by the firm Dunmore Partners warned that the structure could not carry heavy lorries safely.</p>'
P4='<p>The repairs will cost 3.2 million pounds, paid from a regional fund that was set aside last year for ageing river crossings across the northern district.</p>'
Q='<p>"We cannot take any risks with a bridge that carries school buses and ambulances every hour of the day," said transport director Miriam Okafor at a briefing.</p>'
O1='<p>Drivers in Port Elwin face a summer of detours after the council confirmed that the old crossing on Harlow Street is to be shut for bearing repairs lasting nearly three months.</p>'
O2='<p>Residents of the eastern estates said they already spend forty minutes queuing at the roundabout on weekday mornings and fear the work will double that.</p>'
O3='<p>A local cycling group welcomed the decision and said it would run free guided rides along the river path for commuters who leave their cars at home.</p>'
page a.html "Other Paper" 2024-06-12T10:00:00Z https://other.example/bridge \
    "<p>Share this</p>$P1$P2$Q$P3$P4<p>Related Articles</p>"
page b.html "Gazette" 2024-06-12T12:00:00Z https://gazette.example/detours "$O1$Q$O2$O3"
page c.html "Elwin Post" 2024-06-12T08:00:00Z https://post.example/bridge "$P1$P2$Q$P3$P4"
storyline ingest --db s.db --quiet --now 2024-06-13 in/a.html in/b.html
storyline ingest --db s.db --quiet --now 2024-06-13 in/c.html
storyline copies --db s.db --tsv > tsv
awk -F '\t' '$1 ~ /other/ && $3 == "reprint" { ok = 1 } END { exit !ok }' tsv
awk -F '\t' '$1 ~ /post/ && $2 == "" && $3 == "original" { ok = 1 } END { exit !ok }' tsv
awk -F '\t' '$1 ~ /gazette/ && $2 == "" && $3 == "independent" { ok = 1 } END { exit !ok }' tsv
storyline origin --db s.db https://other.example/bridge | grep -q '^1 is a reprint of 3'
storyline origin --db s.db https://post.example/bridge | grep -qx '3 is an original (1 copies)'
storyline copies --db s.db --json https://post.example/bridge |
    python3 -c 'import json,sys; r = json.load(sys.stdin); assert r[0]["id"] == 3 and r[1]["original_id"] == 3 and r[1]["evidence"]["kind"] == "reprint" and r[1]["evidence"]["copy_share"] > 0.9, r'
storyline copies --db s.db --rebuild 2> err
grep -qx 'copies: 3 revisions indexed' err
storyline origin --db s.db https://other.example/bridge | grep -q '^1 is a reprint of 3'
# A bulk load without detection finds the same links after a rebuild.
storyline ingest --db bulk.db --quiet --no-copies --now 2024-06-13 in/a.html in/b.html in/c.html
[ -z "$(storyline copies --db bulk.db --tsv | awk -F '\t' '$2 != ""')" ]
storyline copies --db bulk.db --rebuild 2> /dev/null
storyline origin --db bulk.db https://other.example/bridge | grep -q 'is a reprint of'
