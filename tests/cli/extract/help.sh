# --help prints the manual and exits 0; an unknown option exits 2.
storyline extract --help | grep -q '^SYNOPSIS' || exit 1
storyline extract --bogus 2>/dev/null
[ $? -eq 2 ] || exit 1
storyline --help | grep -q extract
