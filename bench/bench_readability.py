#!/usr/bin/python3
"""bench_readability.py - pages per second through readability-lxml.

usage: bench_readability.py DIR [--repeat N]

The reference point for bench_extract: readability-lxml (Debian
python3-readability, `from readability import Document`) on the same
pages. Every page under DIR (recursively, hidden entries skipped, names in
byte order, gzip recognised by its magic bytes, as bench/corpus.c does) is
loaded into memory first; then, pinned to one CPU, each page is handed to
Document() as raw bytes (readability detects the charset itself, as
sl_extract() does) and title() and summary() are called, N times over.
Prints one line:

  stage=readability pages=116 MB=20.3 pages/s=... MB/s=... failed=0

MB are 10^6 bytes of decompressed HTML. Exit status 0, 1 if a page raised
(named on stderr; the line is printed all the same), 2 on a usage error.
"""
import gzip
import logging
import os
import sys
import time


def load(top):
    pages = []

    def walk(d, depth):
        if depth > 32:
            return
        for name in sorted(os.listdir(d), key=os.fsencode):
            if name.startswith("."):
                continue
            path = os.path.join(d, name)
            if os.path.isdir(path):
                walk(path, depth + 1)
            elif os.path.isfile(path):
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                    if data[:2] == b"\x1f\x8b":
                        data = gzip.decompress(data)
                except (OSError, EOFError) as e:
                    print(f"bench_readability: {path}: {e}", file=sys.stderr)
                    continue
                pages.append((path, data))

    walk(top, 0)
    return pages


def main(argv):
    args = argv[1:]
    repeat = 1
    if len(args) == 3 and args[1] == "--repeat" and args[2].isdigit():
        repeat = max(1, int(args[2]))
        args = args[:1]
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: bench_readability.py DIR [--repeat N]", file=sys.stderr)
        return 2
    try:
        from readability import Document
    except ImportError:
        print("bench_readability: readability-lxml is missing "
              "(Debian python3-readability, for /usr/bin/python3)",
              file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    pages = load(args[0])
    if not pages:
        print(f"bench_readability: {args[0]}: no page found", file=sys.stderr)
        return 2
    failed = set()
    t0 = time.monotonic()
    for _ in range(repeat):
        for path, data in pages:
            try:
                doc = Document(data)
                doc.title()
                doc.summary()
            except Exception as e:  # any page-specific failure is counted
                if path not in failed:
                    print(f"bench_readability: {path}: {e}", file=sys.stderr)
                failed.add(path)
    t = max(time.monotonic() - t0, 1e-9)
    mb = sum(len(d) for _, d in pages) / 1e6
    runs = len(pages) * repeat
    print(f"stage=readability pages={len(pages)} MB={mb:.1f} "
          f"pages/s={runs / t:.1f} MB/s={mb * repeat / t:.2f} "
          f"failed={len(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
