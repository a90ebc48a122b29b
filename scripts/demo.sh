#!/usr/bin/env bash
# The floorwalker demo on a fresh machine: sets up what is missing (scripts/setup.sh: the
# wasm32 target, wasm-bindgen-cli 0.2.130, Chromium, npm ci; each step skipped when done),
# builds pkg/, then runs examples/run-demo.mjs: a supervisor workflow in Node and in a page in
# headless Chromium, both against the emulator.
#
#   bash scripts/demo.sh            # both transcripts, then exit
#   bash scripts/demo.sh --serve    # then keep the emulator and the page up for a person
#   npm run demo -- --serve
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

printf '\n== %s\n' "build pkg/"
node scripts/build.mjs

printf '\n== %s\n' "demo"
exec node examples/run-demo.mjs "$@"
