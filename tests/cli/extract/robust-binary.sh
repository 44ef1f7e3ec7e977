# Binary garbage (64 KiB of seeded random bytes) is reported as not being
# a page, naming the file, with exit status 1 and nothing on stdout.
python3 -c '
import random, sys
random.seed(20240501)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(65536)))
' > garbage.bin
storyline extract garbage.bin > out.json 2> err.txt
[ $? -eq 1 ] || { echo "expected exit status 1"; exit 1; }
grep -q '^storyline extract: garbage\.bin: ' err.txt || { cat err.txt; exit 1; }
[ ! -s out.json ]
