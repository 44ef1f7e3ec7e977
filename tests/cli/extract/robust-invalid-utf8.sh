# A page declared UTF-8 whose bytes are not: overlong forms, surrogates,
# truncated and stray continuation bytes, code points past U+10FFFF. The
# page is extracted (exit 0) and every byte printed is valid UTF-8 and
# valid JSON, with the readable text kept.
printf '<html><head><meta charset="utf-8"><title>Bad \xc0\xaf bytes \xed\xa0\x80 here</title></head><body><article><p>Valid text: caf\xc3\xa9 and \xe2\x82\xac, then a cut \xe2\x82 sequence, stray \x80\xbf bytes, \xf8\x88\x80\x80\x80 five bytes, \xf4\x90\x80\x80 past the range.</p><p>Latin-1 \xe9t\xe9 in a UTF-8 page, and the end \xf0\x9f\x98</p></article></body></html>\xc3' > bad.html
storyline extract bad.html > out.json || { echo "expected exit status 0"; exit 1; }
python3 -c '
import json, sys
raw = open("out.json", "rb").read()
text = raw.decode("utf-8")          # strict: raises on invalid UTF-8
lines = text.splitlines()
assert len(lines) == 1, lines
a = json.loads(lines[0])
for k, v in a.items():
    if isinstance(v, str):
        v.encode("utf-8")             # no lone surrogates from \u escapes
assert "Valid text: caf\u00e9" in a["body"], a["body"]
' || exit 1
