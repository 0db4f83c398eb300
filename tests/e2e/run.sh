#!/usr/bin/env bash
# The end-to-end suites, each in its own sealed environment (display, D-Bus, keyring, temp
# dirs): the main one on a 1280×900 screen, then a short one on a screen smaller than the
# window's preferred 1100×760, for how the window fits and what a 900×600 window shows.
set -euo pipefail
here=$(dirname "$0")
"$here/../sealed-env.sh" node tests/e2e/app.e2e.mjs
SEALED_SCREEN=1024x700x24 "$here/../sealed-env.sh" node tests/e2e/small-screen.e2e.mjs
