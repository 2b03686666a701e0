#!/usr/bin/env bash
# Installs what podplay's build and tests need on a fresh machine of this kind (Debian bookworm,
# Rust + Node + npm preinstalled), skipping what is already there; safe to run again and again.
# Versions follow ../shared/toolchain.md (measured on this machine kind):
#   chromium + chromium-driver (apt)   browser tests (wasm-bindgen-test-runner, playwright-core)
#   rustfmt, clippy, wasm32 target     rustup
#   trunk 0.21.14                      0.22 needs a newer rustc than this machine has
#   wasm-bindgen-cli = Cargo.lock's wasm-bindgen (brings wasm-bindgen-test-runner)
#   npm ci                             binaryen 132 (wasm-opt) and playwright-core; never
#                                      `playwright install` (Debian's Chromium is used)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

log() { printf '[toolchain] %s\n' "$*"; }
die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must match the crate version in Cargo.lock exactly (the schema differs
# between versions), so Cargo.lock is the single source of truth.
lock_version() {
  awk -v name="$1" '
    $0 == "name = \"" name "\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    /^\[\[package\]\]/ { found = 0 }' Cargo.lock 2>/dev/null || true
}

# 1. Chromium and chromedriver from Debian (the two must be the same build).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver (apt)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: cannot apt-get install chromium"
    SUDO="sudo -n"
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver >/dev/null
fi

# 2. Rust components and the wasm32 target.
installed_components=$(rustup component list --installed 2>/dev/null || true)
for component in rustfmt clippy; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    log "adding the rustup component $component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 3. trunk, pinned.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install --locked --force trunk --version "$TRUNK_VERSION"
fi

# 4. wasm-bindgen-cli at Cargo.lock's version. `--locked` failed for 0.2.130 (its lockfile names
#    a crate version the registry lacks), so fall back to an unlocked install.
WB_VERSION=$(lock_version wasm-bindgen)
if [ -z "$WB_VERSION" ]; then
  log "warning: no wasm-bindgen in Cargo.lock; skipping wasm-bindgen-cli"
elif [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  cargo install --locked --force wasm-bindgen-cli --version "$WB_VERSION" \
    || cargo install --force wasm-bindgen-cli --version "$WB_VERSION"
fi

# 5. JavaScript tools, exactly as package-lock.json pins them. A stamp of the lockfile's hash
#    makes a changed lockfile trigger a fresh npm ci.
stamp=node_modules/.podplay-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  log "installing the JavaScript tools (npm ci: binaryen for wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >"$stamp"
fi

# Report what is in place, so CI logs show the versions used.
log "chromium:       $(chromium --version 2>/dev/null | grep -i chromium | head -n1)"
log "chromedriver:   $(chromedriver --version 2>/dev/null | head -n1)"
log "rustc:          $(rustc --version)"
log "trunk:          $(trunk --version)"
log "wasm-bindgen:   $(wasm-bindgen --version 2>/dev/null || echo missing)"
log "wasm-opt:       $(node_modules/.bin/wasm-opt --version)"
log "playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')"
log "ready"
