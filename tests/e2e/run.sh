#!/usr/bin/env bash
# The end-to-end suite, in the sealed environment (display, D-Bus, keyring, temp dirs).
exec "$(dirname "$0")/../sealed-env.sh" node tests/e2e/app.e2e.mjs
