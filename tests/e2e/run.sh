#!/usr/bin/env bash
# The end-to-end suites, each in its own sealed environment (display, D-Bus, keyring, temp
# dirs): the main one on a 1280×900 screen, then a short one on a screen smaller than the
# window's preferred 1100×760, for how the window fits and what a 900×600 window shows;
# then the German walk-through, with a German system locale.
set -euo pipefail
here=$(dirname "$0")
"$here/../sealed-env.sh" node tests/e2e/app.e2e.mjs
SEALED_SCREEN=1024x700x24 "$here/../sealed-env.sh" node tests/e2e/small-screen.e2e.mjs
LANG=de_DE.UTF-8 LANGUAGE= LC_ALL= LC_MESSAGES= "$here/../sealed-env.sh" node tests/e2e/german.e2e.mjs
