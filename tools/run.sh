#!/usr/bin/env bash
# Set up, build the WebAssembly app and start the reference backend with demo data.
# Prints the URL (http://127.0.0.1:8080 unless PORT is set). The agency simulator takes a step
# every 20 s (AGENCY_PACE: seconds, "days" or "off"), so a new application visibly moves.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tools/setup.sh"
"$ROOT/tools/build.sh" web
exec /usr/bin/python3 "$ROOT/tools/serve.py" --port "${PORT:-8080}" --db "$ROOT/build/lk.sqlite3" \
  --dist "$ROOT/build/web/dist" --dev --seed --agency-pace "${AGENCY_PACE:-20}" --support-pace "${SUPPORT_PACE:-30}"
