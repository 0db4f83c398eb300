#!/usr/bin/env bash
# Runs a command in a sealed desktop environment: a virtual display (Xvfb), a private D-Bus
# session with an unlocked gnome-keyring as the Secret Service, and HOME/XDG/app data in a
# temp dir, so tests never touch the user's real config or keychain.
#   usage: tests/sealed-env.sh COMMAND [ARGS...]
#   SEALED_SCREEN=WIDTHxHEIGHTxDEPTH sets the virtual screen (default 1280x900x24), for
#   the tests of how the app fits on small screens.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/haiilo-sealed.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/{home,config,data,cache,runtime,app}
chmod 700 "$scratch/runtime"

export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
export SEALED_SCRATCH="$scratch" HAIILO_SCIM_DATA_DIR="$scratch/app"
export HAIILO_SCIM_KEYRING_SERVICE="haiilo-scim-test-$$"
export NO_AT_BRIDGE=1
# Only loopback targets; make sure no proxy reroutes them.
unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy ALL_PROXY all_proxy

screen=${SEALED_SCREEN:-1280x900x24}
if [[ ! $screen =~ ^[0-9]+x[0-9]+x(8|16|24)$ ]]; then
  echo "SEALED_SCREEN must look like 1024x700x24 (width x height x depth), not: $screen" >&2
  exit 2
fi
export SEALED_SCREEN="$screen"

cd "$root"
xvfb-run --auto-servernum --server-args="-screen 0 $screen" \
  dbus-run-session -- sh -c '
    eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    exec "$@"
  ' sealed "$@"
