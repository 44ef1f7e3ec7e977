#!/usr/bin/env python3
"""Turn `storyline extract` JSON Lines into the scorers' prediction files.

usage: eval_extract.py body  OUT.jsonl PRED.json   -> {id: {"articleBody": body}}
       eval_extract.py dates OUT.jsonl PRED.json   -> {id: "YYYY-MM-DD" | null}
       eval_extract.py urlmap GOLD.json MAP.tsv    -> id<TAB>url lines

The id is the input file name without .html.gz.
"""
import json
import os
import sys


def page_id(path):
    base = os.path.basename(path)
    for ext in ('.gz', '.html', '.htm'):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base


def main():
    mode, src, dst = sys.argv[1:4]
    if mode == 'urlmap':
        gold = json.load(open(src, encoding='utf-8'))
        with open(dst, 'w', encoding='utf-8') as f:
            for k, v in sorted(gold.items()):
                if v.get('url'):
                    f.write(f"{k}\t{v['url']}\n")
        return
    pred = {}
    with open(src, encoding='utf-8') as f:
        for line in f:
            rec = json.loads(line)
            pid = page_id(rec['path'])
            if mode == 'body':
                pred[pid] = {'articleBody': rec.get('body') or ''}
            else:
                pub = rec.get('published')
                pred[pid] = pub[:10] if pub else None
    json.dump(pred, open(dst, 'w', encoding='utf-8'), ensure_ascii=False)


if __name__ == '__main__':
    main()
