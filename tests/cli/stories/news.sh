# Two clear events (a storm on a bridge, an election), a reprint of the
# first report on another site, and a follow-up a week later: events,
# assignments, one event, why, storylines, recluster, and the same stream
# ingested in two runs.
set -e
cat > a.jsonl <<'JSON'
{"id": "s1", "title": "Storm closes Harbour Bridge in Port Elwin", "published": "2024-03-05T08:00:00Z", "source": "The Coastal Courier", "text": "A winter storm closed the Harbour Bridge in Port Elwin on Tuesday after waves broke over the road deck and flooded the approach.\n\nMayor Ada Brennan said engineers from Coastline Works would inspect the bridge piers before traffic returns, and that the coast road would stay shut overnight.\n\nFerries to Kells Island were cancelled and the harbour master told fishing boats to stay in port until the wind drops."}
{"id": "v1", "title": "Valdoria votes in snap parliamentary election", "published": "2024-03-06T07:00:00Z", "source": "Valdoria Today", "text": "Voters in Valdoria cast ballots on Wednesday in a snap parliamentary election called by Prime Minister Tomas Reyl after his coalition collapsed over the budget.\n\nPolls close at nine in the evening and the electoral commission expects the first results by Thursday morning.\n\nThe opposition leader Marta Fenn has promised to cut fuel duty and to hold a referendum on the new port tax."}
{"id": "s2", "title": "Port Elwin bridge shut as storm waves batter piers", "published": "2024-03-05T11:00:00Z", "source": "Elwin Evening Post", "text": "The Harbour Bridge in Port Elwin stayed shut on Tuesday as storm waves battered its piers and flooded the approach road.\n\nMayor Ada Brennan told residents that Coastline Works engineers must inspect the bridge before it reopens, and asked drivers to avoid the coast road.\n\nFerries to Kells Island remain cancelled, the ferry operator said."}
JSON
cat > b.jsonl <<'JSON'
{"id": "v2", "title": "Turnout high as Valdoria elects new parliament", "published": "2024-03-06T15:00:00Z", "source": "Northern Ledger", "text": "Turnout was high in Valdoria's snap parliamentary election on Wednesday, the electoral commission said, as Prime Minister Tomas Reyl sought a new majority after the collapse of his coalition over the budget.\n\nOpposition leader Marta Fenn voted in her home town and repeated her promise of a referendum on the port tax.\n\nResults are expected by Thursday morning."}
{"id": "r1", "title": "Storm closes Harbour Bridge in Port Elwin", "published": "2024-03-05T12:00:00Z", "source": "Wire Reprints", "text": "A winter storm closed the Harbour Bridge in Port Elwin on Tuesday after waves broke over the road deck and flooded the approach.\n\nMayor Ada Brennan said engineers from Coastline Works would inspect the bridge piers before traffic returns, and that the coast road would stay shut overnight.\n\nFerries to Kells Island were cancelled and the harbour master told fishing boats to stay in port until the wind drops."}
{"id": "s3", "title": "Harbour Bridge in Port Elwin reopens after storm repairs", "published": "2024-03-12T09:00:00Z", "source": "The Coastal Courier", "text": "The Harbour Bridge in Port Elwin reopened on Tuesday, a week after a winter storm closed it and flooded the approach road.\n\nCoastline Works engineers finished repairs to the bridge piers, Mayor Ada Brennan said, and the coast road is open again.\n\nFerries to Kells Island run on the normal timetable."}
JSON
storyline ingest --db one.db --quiet --now 2024-03-13 a.jsonl b.jsonl
storyline stories --db one.db --assignments > one.tsv

# Every article is assigned, in ingest order.
cut -f1 one.tsv | tr '\n' ' ' | grep -qx 's1 v1 s2 v2 r1 s3 '
ev() { awk -F '\t' -v id="$1" '$1 == id { print $2 }' one.tsv; }
[ "$(ev s1)" = "$(ev s2)" ]
[ "$(ev s1)" = "$(ev r1)" ]   # the reprint joins its original's event
[ "$(ev v1)" = "$(ev v2)" ]
[ "$(ev s1)" != "$(ev v1)" ]
# The listing: the election has two articles from two outlets.
storyline stories --db one.db > list.txt
grep -q 'Valdoria votes in snap parliamentary election' list.txt
grep -Eq ' of [0-9]+ events$' list.txt
storyline stories --db one.db --query 'ballots' --json |
    python3 -c 'import json,sys; r = json.load(sys.stdin); assert r["total"] == 1 and r["events"][0]["articles"] == 2 and r["events"][0]["sources"] == 2, r'
storyline stories --db one.db --sort size --limit 1 --jsonl |
    python3 -c 'import json,sys; rows = [json.loads(l) for l in sys.stdin]; assert len(rows) == 1 and rows[0]["articles"] >= 3, rows'
storyline stories --db one.db --since 2024-03-06 --until 2024-03-06 --csv > csv
head -n 1 csv | grep -qx 'id,storyline,articles,sources,first_seen,last_seen,title'
grep -q 'Valdoria votes' csv
if grep -q 'Storm closes' csv; then exit 1; fi
# One event: articles, outlets, names, the copy.
storyline story --db one.db "$(ev s1)" > story.txt
grep -q 'Ada Brennan' story.txt
grep -q 'Wire Reprints' story.txt
grep -q 'copy of 1' story.txt
storyline story --db one.db --json "$(ev v1)" |
    python3 -c 'import json,sys; e = json.load(sys.stdin); assert [a["key"] for a in e["articles"]] == ["v1", "v2"] and any(x["name"] == "Valdoria" and x["articles"] == 2 for x in e["entities"]), e'
# Why: the reprint and the election report.
storyline why --db one.db s1 r1 | grep -q '^copy           yes'
storyline why --db one.db s1 v1 > why.txt
grep -q 'would not join' why.txt
grep -q 'different events' why.txt
storyline why --db one.db --json s1 s2 |
    python3 -c 'import json,sys; w = json.load(sys.stdin); assert w["same_event"] and w["threshold"] > 0 and w["title_cosine"] > 0, w'
# Storylines.
storyline storylines --db one.db --json |
    python3 -c 'import json,sys; r = json.load(sys.stdin); assert r["total"] >= 2, r'
sl=$(awk -F '\t' '$1 == "v1" { print $3 }' one.tsv)
storyline storyline --db one.db "$sl" | grep -q 'Valdoria'
# The same stream in two runs gives the same assignments.
storyline ingest --db two.db --quiet --now 2024-03-13 a.jsonl
storyline ingest --db two.db --quiet --now 2024-03-13 b.jsonl
storyline stories --db two.db --assignments | diff one.tsv -
# Recluster rebuilds exactly what ingest built.
storyline recluster --db one.db 2> rec.err
grep -qx 'storyline recluster: 6 articles, [0-9]* events, [0-9]* storylines' rec.err
storyline stories --db one.db --assignments | diff one.tsv -
# Loading without stories, then reclustering, gives the same again.
storyline ingest --db off.db --quiet --no-stories --now 2024-03-13 a.jsonl b.jsonl
[ -z "$(storyline stories --db off.db --assignments)" ]
storyline recluster --db off.db --quiet
storyline stories --db off.db --assignments | diff one.tsv -
