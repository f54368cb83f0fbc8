#!/usr/bin/env bash
# Builds the app: `tools/build.sh web` (WebAssembly, into build/web/dist), `tools/build.sh native`
# (GLFW app and test binaries, into build/native), or both when no argument is given.
# Incremental: a second build only recompiles what changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=/usr/share/nodejs   # emcc 3.1.6 needs Debian's node modules (acorn)
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(native web)
for t in "${targets[@]}"; do
  case "$t" in
    native)
      [ -f "$ROOT/build/native/build.ninja" ] || cmake -S "$ROOT" -B "$ROOT/build/native" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      ninja -C "$ROOT/build/native" ;;
    web)
      [ -f "$ROOT/build/web/build.ninja" ] || emcmake cmake -S "$ROOT" -B "$ROOT/build/web" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      ninja -C "$ROOT/build/web" ;;
    *) echo "usage: tools/build.sh [native|web]..." >&2; exit 2 ;;
  esac
done
