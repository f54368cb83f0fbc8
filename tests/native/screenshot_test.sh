#!/usr/bin/env bash
# The native app under Xvfb against the real reference backend: it must start, draw the
# shell, and save a screenshot that is a real picture (not a blank or black frame).
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
rm -f "$OUT"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --api "$url/api/v1" --route "#/login" --size 1280x800 --frames 20 --screenshot "$OUT"
python3 - "$OUT" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1280, 800), (w, h)
# Decode the stored IDAT and count distinct colours: the shell has text, blue and white.
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
colours = {raw[i:i + 3] for i in range(1, len(raw), 4 * 97)}
assert len(colours) > 10, "screenshot looks blank: %d colours" % len(colours)
print("native screenshot %dx%d, %d sampled colours" % (w, h, len(colours)))
PY
