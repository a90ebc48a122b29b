#!/usr/bin/env bash
# Sets up a fresh machine and runs every test: formatting and lints, host tests, the wasm
# tests in Node and headless Chromium (against the emulator), then the js-tests against the
# packed package (wire format, consumers in Node ESM/CJS, a module page and a Vite app in
# Chromium, strict tsc of an example consumer).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s\n' "$*"; }

bash scripts/setup.sh

step "cargo fmt --check / clippy / doc"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
# Each per-platform entry is built with only its own feature: clippy sees code the full build
# hides (a loop that peeks only with CometD, a helper only one platform uses).
for feature in livevox livevox-supervisor gws cometd sip; do
  cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features "$feature" -- -D warnings
done
# The crate's docs build without a broken or private link.
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --quiet

step "host tests (cargo test; the fuzz run comes next, on its own)"
cargo test --lib --bins

step "fuzzing every parser of outside data (tests/fuzz.rs, bounded: FLOORWALKER_FUZZ_SECS, default 10)"
cargo test --test fuzz -- --nocapture 2>&1 | grep -E '^fuzz: |^test result|panicked|FAILED' || { echo "fuzz run failed"; exit 1; }

step "build pkg/ (cargo wasm32 release, wasm-bindgen, wasm-opt)"
node scripts/build.mjs
node scripts/size-report.mjs --check

step "API reference into docs/api/ (typedoc over the package's .d.ts; any warning fails)"
node scripts/api-docs.mjs --out docs/api

step "wasm tests (wasm-bindgen-test) against the emulator"
emu_log=$(mktemp)
node emulator/cli.mjs --port 0 >"$emu_log" &
emu_pid=$!
trap 'kill $emu_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q EMULATOR_URL "$emu_log" && break; sleep 0.1; done
FLOORWALKER_EMULATOR_URL=$(sed -n 's/^EMULATOR_URL=//p' "$emu_log")
export FLOORWALKER_EMULATOR_URL
echo "emulator at $FLOORWALKER_EMULATOR_URL"
step "wasm tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm
step "wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm
kill $emu_pid 2>/dev/null || true
trap - EXIT

step "pack the package and install it for js-tests"
rm -rf dist && mkdir -p dist
npm pack ./pkg --pack-destination dist --silent
tarball=$(ls dist/floorwalker-*.tgz)
export FLOORWALKER_TARBALL="$PWD/$tarball"
rm -rf js-tests/node_modules
npm install --no-save --no-package-lock --no-audit --no-fund --prefix js-tests "$FLOORWALKER_TARBALL"

step "tarball file lists, one version, words users see (scripts/pack-check.mjs; packs floorwalker-emulator too)"
node scripts/pack-check.mjs --dest dist
FLOORWALKER_EMULATOR_TARBALL="$PWD/$(ls dist/floorwalker-emulator-*.tgz)"
export FLOORWALKER_EMULATOR_TARBALL

step "js-tests (node:test): emulator, wire format, consumers, browser, types"
node --test --test-concurrency=2 js-tests/emulator/ js-tests/*.test.mjs js-tests/packaging/

echo
echo "All tests passed in $(( $(date +%s) - started )) s."
