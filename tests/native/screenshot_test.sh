#!/usr/bin/env bash
# The native app under Xvfb against the real reference backend: it must start, draw the
# shell, and save a screenshot that is a real picture (not a blank or black frame); at 200 %
# text (--text 200, the header's text-size button) the same page is drawn twice as large.
set -euo pipefail
APP=$1; ROOT=$2; OUT=$3
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
/usr/bin/python3 "$ROOT/tools/serve.py" --port 0 --db "$dir/lk.sqlite3" --dist "$dir/dist" > "$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "http://127.0.0.1:" "$dir/server.log" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$dir/server.log" | head -1)
[ -n "$url" ] || { echo "server did not start"; cat "$dir/server.log"; exit 1; }
mkdir -p "$(dirname "$OUT")"
BIG="${OUT%.png}-text200.png"
rm -f "$OUT" "$BIG"
for args in "100 $OUT" "200 $BIG"; do
  set -- $args
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --api "$url/api/v1" --route "#/login" --size 1280x800 --frames 20 \
    --text "$1" --screenshot "$2"
done
python3 - "$OUT" "$BIG" <<'PY'
import struct, sys, zlib
def load(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    w, h = struct.unpack(">II", data[16:24])
    assert (w, h) == (1280, 800), (w, h)
    idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                    for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
    return w, h, zlib.decompress(idat)   # png_writer stores filter 0 rows of RGBA
def pixel(img, x, y):
    w, _, raw = img
    o = y * (w * 4 + 1) + 1 + x * 4
    return raw[o:o + 3]
def header_height(img):
    # Down a column of the header with nothing in it (between the nav links and the buttons at
    # 100 %, left of the menu button at 200 %) until the header's colour ends at its border.
    top = pixel(img, 900, 2)
    return next(y for y in range(2, 800) if pixel(img, 900, y) != top)
normal, big = load(sys.argv[1]), load(sys.argv[2])
# Sample and count distinct colours: the shell has text, blue and white, not a blank frame.
colours = {normal[2][i:i + 3] for i in range(1, len(normal[2]), 4 * 97)}
assert len(colours) > 10, "screenshot looks blank: %d colours" % len(colours)
h1, h2 = header_height(normal), header_height(big)
assert 1.8 <= h2 / h1 <= 2.2, "header %d px at 100 %% and %d px at 200 %% text" % (h1, h2)
print("native screenshot 1280x800, %d sampled colours; header %d px at 100 %%, %d px at 200 %% text" % (len(colours), h1, h2))
PY
