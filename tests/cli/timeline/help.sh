# Both commands print their manual, with every section, and exit 0.
set -e
for cmd in timeline summary; do
    storyline "$cmd" --help > help.txt
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT "EXIT STATUS" EXAMPLES; do
        grep -q "^$section" help.txt
    done
done
