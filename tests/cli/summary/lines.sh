# One sentence per line is read line by line (auto-detected, or --lines);
# a missing input is reported and the rest summarised (exit 1).
printf 'Officials said no one was hurt in the fire at the Corran mill on Friday\nThe fire at the Corran mill started in a store room, officials said\nFirefighters from three towns fought the fire at the Corran mill for six hours\n' > a.txt
printf 'The Corran mill fire started in a store room, the fire service said on Saturday\nThe owners of the Corran mill said they will rebuild it\nWorkers at the mill will be paid while it is closed\n' > b.txt
storyline summarize --lines --words 30 a.txt b.txt > lines.txt || exit 1
[ -s lines.txt ] || exit 1
[ "$(wc -w < lines.txt)" -le 30 ] || exit 1
storyline summarize --lines --words 30 a.txt missing.txt b.txt > partial.txt 2> err.txt
[ $? -eq 1 ] || exit 1
grep -q 'missing.txt' err.txt || exit 1
[ -s partial.txt ] || exit 1
# An empty input gives an empty summary.
: > empty.txt
storyline summarize empty.txt > none.txt || exit 1
[ ! -s none.txt ] || exit 1
