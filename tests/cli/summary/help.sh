# The command has a manual; bad use is a usage error.
set -e
storyline summarize --help | grep -q '^SYNOPSIS'
storyline --help | grep -q '^    summarize '
set +e
storyline summarize 2> /dev/null
[ $? -eq 2 ] || exit 1
storyline summarize --bogus x 2> /dev/null
[ $? -eq 2 ] || exit 1
storyline summarize --words 0 x 2> /dev/null
[ $? -eq 2 ] || exit 1
storyline summarize --words ten x 2> /dev/null
[ $? -eq 2 ] || exit 1
exit 0
