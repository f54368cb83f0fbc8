#!/usr/bin/env bash
# Set up, build the WebAssembly app and start the reference backend with demo data.
# Prints the URL (http://127.0.0.1:8080 unless PORT is set).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tools/setup.sh"
"$ROOT/tools/build.sh" web
exec /usr/bin/python3 "$ROOT/tools/serve.py" --port "${PORT:-8080}" --db "$ROOT/build/lk.sqlite3" \
  --dist "$ROOT/build/web/dist" --dev --seed
