#!/usr/bin/env bash
# Runs every test: set-up (idempotent), native + web builds, then
#   1. GoogleTest unit tests (core, API client against the real tools/serve.py)
#   2. headless UI tests (the real screens driven through injected input), and the native
#      app under Xvfb
#   3. the REST contract's conformance suite against the reference backend
#   4. browser tests (playwright-core + Debian's Chromium against tools/serve.py)
# and prints one summary line: "Summary: N passed, M failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOGS="$ROOT/build/test-logs"

"$ROOT/tools/setup.sh" || { echo "setup failed"; exit 1; }
"$ROOT/tools/build.sh" native web || { echo "build failed"; echo "Summary: 0 passed, 1 failed"; exit 1; }
mkdir -p "$LOGS"

passed=0; failed=0

echo "== native: unit tests, UI tests, native app (ctest)"
(cd build/native && ctest --output-on-failure -j2 --timeout 300) 2>&1 | tee "$LOGS/ctest.log"
# "100% tests passed, 0 tests failed out of 44"
line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$LOGS/ctest.log" | tail -1)
if [ -n "$line" ]; then
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  nfail=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
  passed=$((passed + total - nfail)); failed=$((failed + nfail))
else
  failed=$((failed + 1))
fi

echo "== contract: conformance suite against the reference backend (and its SQLite file)"
/usr/bin/python3 tests/conformance/conformance.py --start-reference 2>&1 | tee "$LOGS/conformance.log"
line=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$LOGS/conformance.log" | tail -1)
if [ -n "$line" ]; then
  passed=$((passed + $(cut -d' ' -f1 <<<"$line"))); failed=$((failed + $(cut -d' ' -f3 <<<"$line")))
else
  failed=$((failed + 1))
fi

echo "== browser: headless Chromium (playwright-core)"
(cd tests/browser && node --test --test-concurrency=1 --test-reporter=spec .) 2>&1 | tee "$LOGS/browser.log"
bp=$(grep -E "^ℹ pass [0-9]+" "$LOGS/browser.log" | awk '{print $3}' | tail -1)
bf=$(grep -E "^ℹ fail [0-9]+" "$LOGS/browser.log" | awk '{print $3}' | tail -1)
if [ -n "$bp" ] && [ -n "$bf" ]; then
  passed=$((passed + bp)); failed=$((failed + bf))
else
  failed=$((failed + 1))
fi

echo "Screenshots: $ROOT/build/screenshots"
echo "Summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
