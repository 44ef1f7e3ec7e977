# Print the copy links of a store as "COPY KIND ORIGINAL" lines, sorted,
# each article named by the last part of its URL.
# usage: python3 links.py ARTICLES.json COPIES.json
import json
import sys

urls = {a["id"]: a["url"] for a in json.load(open(sys.argv[1]))}
name = lambda i: urls[i].rstrip("/").rsplit("/", 1)[-1]
rows = json.load(open(sys.argv[2])) if open(sys.argv[2]).read().strip() else []
for line in sorted(f'{name(r["id"])} {r["kind"]} {name(r["original_id"])}'
                   for r in rows if r["original_id"] is not None):
    print(line)
