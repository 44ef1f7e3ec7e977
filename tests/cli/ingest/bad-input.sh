# Unreadable sources and binary files are named, counted, and make the
# exit status 1; the good files are still stored.
mkdir in
printf '<html><body><p>%s</p></body></html>' "A council meeting on Thursday approved the new cycle lanes on the high street after a long debate." > in/good.html
head -c 3000 /dev/urandom > in/noise.bin
storyline ingest --db s.db in missing-folder 2> err.txt
rc=$?
[ $rc -eq 1 ] || { echo "exit $rc"; exit 1; }
grep -q 'missing-folder' err.txt
grep -q 'noise.bin' err.txt
storyline articles count --db s.db | grep -qx '1 articles, 1 revisions'
# Usage errors exit 2.
storyline ingest --db s.db 2>/dev/null
[ $? -eq 2 ] || exit 1
storyline ingest --bogus x 2>/dev/null
[ $? -eq 2 ] || exit 1
# Not a store.
echo "plain text file, not a database at all, long enough to be read" > fake.db
storyline articles count --db fake.db 2> err2.txt
[ $? -eq 1 ] || exit 1
grep -q 'fake.db' err2.txt
