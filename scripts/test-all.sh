#!/usr/bin/env bash
# Everything CI runs, in order (see ../shared/toolchain.md, "CI order that worked"):
#   toolchain → cargo fetch → fmt → clippy (native, wasm32) → cargo test (native) → fuzz slice
#   → wasm-bindgen tests in headless Chromium → make dist → dist gzip size (gates: first module 345 KiB, whole page 1540 KiB)
#   → end-to-end tests against dist/
#
# Every step runs even when an earlier one failed (so one run shows every problem), except that
# the end-to-end tests need a fresh dist/. Each step's output is shown and kept in
# target/test-logs/<step>.log. The last line of output is always exactly `N passed, M failed`:
# the sum of the tests reported by the three runners (cargo test native, wasm-bindgen-test,
# tests/e2e/run.mjs), where a failed check (fmt, clippy, build) and a runner that could not run or
# died without reporting a failing test each count as one failed. So the exit status is non-zero
# exactly when M > 0.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export TRUNK_SKIP_VERSION_CHECK=true
export TRUNK_COLOR=never
export CARGO_TERM_COLOR=never
unset NO_COLOR
# wasm-opt (binaryen 132) comes from npm; cargo-installed tools live in ~/.cargo/bin.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

LOG_DIR=$ROOT/target/test-logs
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"

n_passed=0
n_failed=0
failed_steps=()
summary_rows=()

# step NAME COMMAND...: runs COMMAND, shows and logs its output, returns its exit status.
step() {
  local name=$1
  shift
  local log="$LOG_DIR/$name.log" started=$SECONDS rc
  printf '\n==> %s: %s\n' "$name" "$*"
  "$@" </dev/null 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  printf '<== %s: exit %d after %d s\n' "$name" "$rc" "$((SECONDS - started))"
  if [ "$rc" -ne 0 ]; then
    failed_steps+=("$name")
  fi
  return "$rc"
}

# check NAME COMMAND...: a step that is not a test runner; counts one failed when it fails.
check() {
  local name=$1
  if step "$@"; then
    summary_rows+=("$name: ok")
  else
    n_failed=$((n_failed + 1))
    summary_rows+=("$name: FAILED (counted as 1 failed)")
  fi
}

# Sums `N passed` and `M failed` over every `test result:` line (libtest and wasm-bindgen-test
# both print `test result: ok. 3 passed; 0 failed; 0 ignored; ...`) of a log; prints "N M".
count_test_results() {
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | awk '
    /test result: / {
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed[;,]?$/) p += $(i - 1)
        if ($i ~ /^failed[;,]?$/) f += $(i - 1)
      }
    }
    END { printf "%d %d\n", p, f }'
}

# Counts from the last `e2e: N passed, M failed` line of a log; prints "N M".
count_e2e_results() {
  awk '/^e2e: [0-9]+ passed, [0-9]+ failed$/ { p = $2; f = $4 } END { printf "%d %d\n", p, f }' "$1"
}

# runner NAME COUNTER COMMAND...: a test runner step; adds its reported counts.
runner() {
  local name=$1 counter=$2 rc p f
  shift 2
  step "$name" "$@"
  rc=$?
  read -r p f < <("$counter" "$LOG_DIR/$name.log")
  n_passed=$((n_passed + p))
  n_failed=$((n_failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    n_failed=$((n_failed + 1))
    summary_rows+=("$name: $p passed, $f failed; runner exited $rc (counted as 1 failed)")
  else
    summary_rows+=("$name: $p passed, $f failed")
  fi
}

skipped() {
  local name=$1 why=$2
  printf '\n==> %s: skipped (%s)\n' "$name" "$why"
  failed_steps+=("$name")
  n_failed=$((n_failed + 1))
  summary_rows+=("$name: not run, $why (counted as 1 failed)")
}

check toolchain scripts/toolchain.sh
check cargo-fetch cargo fetch
check fmt cargo fmt --all -- --check
check clippy-native cargo clippy --all-targets -- -D warnings
check clippy-wasm32 cargo clippy --target wasm32-unknown-unknown --all-targets --features first-module -- -D warnings

runner test-native count_test_results cargo test

# 20,000 seeded hostile inputs (`make fuzz` runs ten million) with the debug build cargo test
# just made; its time bound is a debug build's (a storm of background jobs takes a minute there).
check fuzz-slice cargo run --quiet --bin podplay -- fuzz --from 0 --count 20000 --threads 2 --bound-ms 120000

# wasm-bindgen-test-runner drives Chromium through chromedriver; extra Chrome arguments come from
# ./webdriver.json. Only #[wasm_bindgen_test] functions run here.
runner test-wasm32 count_test_results env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  cargo test --target wasm32-unknown-unknown

if step dist "${MAKE:-make}" --no-print-directory dist; then
  summary_rows+=("dist: ok")
  # The page's weight: printed every run; the gate fails the run above it.
  check dist-size node tests/e2e/dist_size.mjs dist "${PODPLAY_DIST_GATE_KIB:-345}" "${PODPLAY_DIST_TOTAL_GATE_KIB:-1540}"
  runner e2e count_e2e_results node tests/e2e/run.mjs
else
  n_failed=$((n_failed + 1))
  summary_rows+=("dist: FAILED (counted as 1 failed)")
  skipped e2e "make dist failed"
fi

printf '\n==> summary (logs in %s)\n' "${LOG_DIR#"$ROOT"/}"
for row in "${summary_rows[@]}"; do
  printf '  %s\n' "$row"
done
if [ "${#failed_steps[@]}" -gt 0 ]; then
  printf '  failed steps: %s\n' "${failed_steps[*]}"
fi
printf '%d passed, %d failed\n' "$n_passed" "$n_failed"
[ "$n_failed" -eq 0 ] && [ "${#failed_steps[@]}" -eq 0 ]
