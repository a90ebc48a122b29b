#!/usr/bin/env bash
# Installs everything floorwalker's build, demo and tests need on a fresh machine (Debian 12,
# rustup, Node 20). Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The release builds compile the standard library from its sources (scripts/build.mjs says why).
if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
  step "rustup component add rust-src"
  rustup component add rust-src
fi

# The CLI must match the wasm-bindgen pinned in Cargo.toml. No --locked: its lockfile pins a
# crate version the registry lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  step "cargo install wasm-bindgen-cli 0.2.130 (about 3 minutes)"
  cargo install wasm-bindgen-cli --version 0.2.130
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "apt-get install chromium chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
