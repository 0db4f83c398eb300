#!/usr/bin/env bash
# Benchmarks: prints figures, asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== haiilo-scim CLI"
ls -l target/release/haiilo-scim | awk '{printf "cli binary (release): %.1f MiB\n", $5/1048576}'
echo "== desktop app (release build, as in the package)"
tests/sealed-env.sh node tests/bench/app.bench.mjs
echo "== start screen with 200 saved setups (debug build)"
exec tests/sealed-env.sh node tests/bench/many.bench.mjs
