# Both commands have a manual; bad use is a usage error.
set -e
storyline copies --help | grep -q '^SYNOPSIS'
storyline origin --help | grep -q '^SYNOPSIS'
set +e
storyline copies --bogus 2> /dev/null
[ $? -eq 2 ] || exit 1
storyline origin 2> /dev/null
[ $? -eq 2 ] || exit 1
exit 0
