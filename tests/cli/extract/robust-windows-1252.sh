# A windows-1252 page, declared in <meta>: curly quotes, the euro sign and
# accented letters (bytes 0x80-0x9f differ from ISO-8859-1) come out as
# the right characters in valid UTF-8.
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\xe9 prices rise</title></head><body><article><p>A coffee at the caf\xe9 now costs 3\x80, up from 2\x80; the owner called it \x93unavoidable\x94 \x97 and the regulars agreed.</p><p>Cr\xe8me br\xfbl\xe9e stays at 5\x80.</p></article></body></html>' > cafe.html
storyline extract cafe.html > out.json || { echo "expected exit status 0"; exit 1; }
python3 -c '
import json
a = json.loads(open("out.json", "rb").read().decode("utf-8"))
assert a["title"] == "Caf\u00e9 prices rise", a["title"]
b = a["body"]
for s in ("caf\u00e9 now costs 3\u20ac", "\u201cunavoidable\u201d \u2014",
          "Cr\u00e8me br\u00fbl\u00e9e"):
    assert s in b, (s, b)
' || exit 1
