#!/usr/bin/env bash
# Fetch third-party sources that Debian bookworm lacks or that must be built for WebAssembly:
#   Dear ImGui 1.92.2b (from forky/sid) and libsodium 1.0.18 (bookworm, with its security patch).
# They are Debian *source* packages, checked against Debian's signed indexes by apt and against
# the sha256 pins below, unpacked into third_party/ (git-ignored). Idempotent: a second run that
# finds the unpacked trees does nothing. The system's own apt state is never touched: a private
# apt configuration keeps lists and caches under third_party/.apt/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TP="$ROOT/third_party"
APTDIR="$TP/.apt"
mkdir -p "$TP"

IMGUI_VERSION="1.92.2b+ds-1"
IMGUI_ORIG_SHA256="e7bd201d56b5ee90d24d5dac85e5c12f98bdb95410252a62d27b7f89e4566d48"
SODIUM_VERSION="1.0.18-1+deb12u1"
SODIUM_ORIG_SHA256="d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4"

if [ -f "$TP/imgui/imgui.cpp" ] && [ -f "$TP/libsodium/src/libsodium/sodium/core.c" ]; then
  exit 0
fi

mkdir -p "$APTDIR"/{lists/partial,cache/archives/partial,parts,dl}
cat > "$APTDIR/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian forky main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
SRC
cat > "$APTDIR/apt.conf" <<CONF
Dir::Etc::SourceList "$APTDIR/sources.list";
Dir::Etc::SourceParts "$APTDIR/parts";
Dir::State::Lists "$APTDIR/lists";
Dir::Cache "$APTDIR/cache";
APT::Sandbox::User "root";
CONF
export APT_CONFIG="$APTDIR/apt.conf"
apt-get -q update >/dev/null

check_sha() { # file expected
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then echo "sha256 mismatch for $1: got $got, expected $2" >&2; return 1; fi
}

fetch_imgui() {
  [ -f "$TP/imgui/imgui.cpp" ] && return 0
  local version="$IMGUI_VERSION"
  cd "$APTDIR/dl"
  if ! apt-get -q source --download-only "imgui=$version" >/dev/null 2>&1; then
    # The pin aged out of testing/sid: take the newest 1.92.x still offered (apt verifies it
    # against the signed index), warn, and go on; fail only if no 1.92.x is offered at all.
    local newest
    newest=$(apt-cache showsrc imgui 2>/dev/null | awk '/^Version:/{print $2}' | grep '^1\.92\.' | sort -V | tail -1 || true)
    if [ -z "$newest" ]; then echo "ERROR: no Dear ImGui 1.92.x source package is offered by Debian forky/sid" >&2; exit 1; fi
    echo "WARNING: imgui $IMGUI_VERSION is no longer offered; building with imgui $newest instead" >&2
    version="$newest"
    apt-get -q source --download-only "imgui=$version" >/dev/null
  else
    check_sha "$(ls imgui_*.orig.tar.* | head -1)" "$IMGUI_ORIG_SHA256"
  fi
  rm -rf "$TP/imgui.tmp"
  dpkg-source --no-check -x "imgui_${version#*:}.dsc" "$TP/imgui.tmp" >/dev/null
  rm -rf "$TP/imgui"; mv "$TP/imgui.tmp" "$TP/imgui"
}

fetch_sodium() {
  [ -f "$TP/libsodium/src/libsodium/sodium/core.c" ] && return 0
  cd "$APTDIR/dl"
  apt-get -q source --download-only "libsodium=$SODIUM_VERSION" >/dev/null
  check_sha "libsodium_1.0.18.orig.tar.gz" "$SODIUM_ORIG_SHA256"
  rm -rf "$TP/libsodium.tmp"
  dpkg-source --no-check -x "libsodium_$SODIUM_VERSION.dsc" "$TP/libsodium.tmp" >/dev/null
  rm -rf "$TP/libsodium"; mv "$TP/libsodium.tmp" "$TP/libsodium"
}

fetch_imgui
fetch_sodium
echo "third_party: imgui and libsodium sources ready"
