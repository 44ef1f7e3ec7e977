#!/usr/bin/env python3
"""Check the clustering of the seed pages against the bar.

usage: eval_seeds.py STORYLINE SEEDS_DIR WORK_DIR

Ingests every page of SEEDS_DIR (plain-text pages without dates, named
NNN_*.txt) into a fresh store in name order, reads the assignments and
prints one line:

    seeds storylines=S events=E ok=0|1

The bar: all pages in one storyline; pages 003 and 004 each an event of
their own; 000 and 001 (two reports of the same reply) in one event, and
002 (the withdrawal it answers, four days before) with them or alone.
"""
import os
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    exe, seeds, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "seeds.db")
    subprocess.run([exe, "ingest", "--db", db, "--quiet", "--now",
                    "2024-01-01", seeds], check=True)
    out = subprocess.run([exe, "stories", "--db", db, "--assignments"],
                         check=True, capture_output=True, text=True).stdout
    event, story = {}, {}
    for line in out.splitlines():
        key, ev, sl = line.split("\t")
        page = os.path.basename(key)[:3]
        event[page], story[page] = ev, sl
    with open(os.path.join(work, "assignments.tsv"), "w") as f:
        f.write(out)
    pages = sorted(event)
    ok = len(pages) == 5 and len(set(story.values())) == 1
    if ok and set(pages) == {"000", "001", "002", "003", "004"}:
        others = [event[p] for p in pages if p != "003"]
        ok = event["003"] not in others
        others = [event[p] for p in pages if p != "004"]
        ok = ok and event["004"] not in others
        ok = ok and event["000"] == event["001"]
    else:
        ok = False
    print("seeds storylines=%d events=%d ok=%d"
          % (len(set(story.values())), len(set(event.values())), int(ok)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
