# A 50 MB page: with the default cap (32M) it is refused with a clear
# error naming it, without reading it all into memory; with --max-bytes
# 64M it is extracted. Peak RSS is checked when GNU time is installed:
# under 200 MB for the refusal, under 16 times the page for the
# extraction (sanitizer builds included).
python3 -c '
import random, sys
random.seed(50)
words = ("the council met on tuesday to discuss harbour bridge which has "
         "been closed since march engineers said work would end in may and "
         "cost twelve million euros city residents asked for").split()
para = "<p>" + " ".join(random.choice(words) for _ in range(1500)) + ".</p>\n"
out = sys.stdout
out.write("<!DOCTYPE html><html><head><title>Long report</title></head>"
          "<body><article><h1>Long report</h1>")
out.write(para * (50 * 1000 * 1000 // len(para) + 1))
out.write("</article></body></html>\n")
' > big.html
size=$(wc -c < big.html)
[ "$size" -gt 50000000 ] || { echo "page is only $size bytes"; exit 1; }

timed=()
if [ -x /usr/bin/time ]; then
    timed=(/usr/bin/time -f '%M' -o rss.txt)
fi
rss_under() { # rss_under MB: peak RSS of the last timed run below MB
    [ ${#timed[@]} -eq 0 ] && return 0
    kb=$(tail -n 1 rss.txt)
    if [ "$kb" -ge $(($1 * 1000)) ]; then
        echo "peak RSS ${kb} KB, expected under $1 MB"
        return 1
    fi
}

"${timed[@]}" storyline extract big.html > out.json 2> err.txt
[ $? -eq 1 ] || { echo "default cap: expected exit status 1"; exit 1; }
grep -q '^storyline extract: big\.html: .*max-bytes' err.txt || { cat err.txt; exit 1; }
[ ! -s out.json ] || { echo "default cap: unexpected output"; exit 1; }
rss_under 200 || exit 1

"${timed[@]}" storyline extract --max-bytes 64M big.html > out.json 2> err.txt \
    || { echo "--max-bytes 64M: expected exit status 0"; cat err.txt; exit 1; }
rss_under $((size * 16 / 1000000)) || exit 1
python3 -c '
import json
a = json.loads(open("out.json", encoding="utf-8").read())
assert a["title"] == "Long report", a["title"]
assert len(a["body"]) > 1000000, len(a["body"])
' || exit 1
