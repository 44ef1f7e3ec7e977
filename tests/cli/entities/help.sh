# --help prints the manual and exits 0; a bad option or format exits 2.
storyline entities --help | grep -q '^SYNOPSIS' || exit 1
storyline entities --help | grep -q 'code points' || exit 1
storyline --help | grep -q '^    entities ' || exit 1
storyline entities --bogus 2>/dev/null </dev/null
[ $? -eq 2 ] || exit 1
storyline entities --format xml 2>/dev/null </dev/null
[ $? -eq 2 ] || exit 1
echo 'not a model' > fake.bin
storyline entities --model fake.bin 2>err.txt </dev/null
[ $? -eq 2 ] || exit 1
grep -q 'fake.bin' err.txt
