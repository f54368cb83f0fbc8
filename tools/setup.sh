#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian bookworm machine, idempotently:
# Debian packages, third-party sources (tools/fetch_sources.sh), npm packages from the
# committed lockfile. A second run that finds everything in place does nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates python3
  emscripten                      # emcc 3.1.6 (clang-14, lld-14, binaryen)
  libsodium-dev nlohmann-json3-dev libgtest-dev googletest libbenchmark-dev
  libglfw3-dev libgl-dev libcurl4-openssl-dev
  xvfb xauth chromium
  fonts-noto-core fonts-font-awesome fonttools   # fonts are subset at build time
  dpkg-dev debian-archive-keyring              # dpkg-source for the pinned source packages
  # the reference backend and the conformance suite run under /usr/bin/python3 (TOOLCHAIN.md)
  python3-aiohttp python3-uvloop python3-nacl python3-pyotp python3-user-agents python3-jsonschema python3-yaml wrk
  python3-qrcode zbar-tools       # QR codes: the reference encoder and decoder core/qr.cpp is checked against
  terser                          # the page's own scripts are shipped minified (first-load budget)
)
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

"$ROOT/tools/fetch_sources.sh"

# npm packages from the lockfiles: playwright-core for the browser tests (never `playwright
# install`: it would download a browser; the tests use Debian's /usr/bin/chromium), and the
# OpenAPI validator the conformance suite runs on the contract.
for dir in tests/browser tests/conformance; do
  cd "$ROOT/$dir"
  if ! cmp -s package-lock.json node_modules/.lk-lock-stamp 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.lk-lock-stamp
  fi
done
