#!/usr/bin/env python3
"""Write a synthetic news stream as JSON Lines for bench/bench_serve.sh.

Articles come in events of 3 to 20: each event has its own topic words
(made-up, so no real text is needed), a place and a day; its articles are
mostly topic words with some common English words, and one in five is a reprint
of the event's first article under another outlet. Same seed, same bytes.

usage: bench_serve_gen.py N SEED > stream.jsonl
"""
import datetime
import json
import random
import sys

COMMON = ("the a of to and in on for with at by from after over said says "
          "would could will was were has had new two three first last week "
          "year day night morning council government police court minister "
          "city town people officials report plans vote talks price workers "
          "school hospital road bridge river market water power fire storm "
          "rain strike deal budget health rail port union company bank").split()
SYL = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "dun", "ash", "bri",
       "cal", "dor", "fen", "gar", "hol", "is", "jen", "kor", "lin", "mor",
       "nel", "or", "pra", "quin", "ros", "sel", "tam", "ul", "var", "wen"]


def word(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3)))


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    outlets = ["%s %s" % (word(rng).title(), rng.choice(
        ["Gazette", "Herald", "Radio", "Post", "Courier", "Times", "News"]))
        for _ in range(60)]
    out = sys.stdout
    i = 0
    day = 0
    while i < n:
        topic = [word(rng) for _ in range(8)]
        place = word(rng).title()
        size = min(rng.randint(3, 20), n - i)
        day += rng.random() * 0.2
        first = None
        for k in range(size):
            ms = int((1704067200 + day * 86400 + k * 3600 * rng.random() * 6) * 1000)
            src = rng.choice(outlets)
            if first is not None and rng.random() < 0.2:
                title, body = first
            else:
                title = " ".join([place] + rng.sample(topic, 4) + rng.sample(COMMON, 1)).capitalize()
                paras = []
                for _ in range(3):
                    ws = [rng.choice(topic) if rng.random() < 0.7 else rng.choice(COMMON)
                          for _ in range(45)]
                    ws.insert(rng.randint(0, 10), place)
                    paras.append(" ".join(ws).capitalize() + ".")
                body = "\n\n".join(paras)
                if first is None:
                    first = (title, body)
            iso = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.write(json.dumps({"id": "b%d" % i, "title": title, "text": body,
                                  "source": src, "published": iso}) + "\n")
            i += 1


if __name__ == "__main__":
    main()
