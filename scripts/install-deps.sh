#!/usr/bin/env bash
# Installs what the build and the tests need when it is missing: Debian packages (Tauri's
# build libraries, and Xvfb, WebKitWebDriver, Chromium and gnome-keyring for the tests),
# the UI's npm packages, and tauri-driver. Safe to run again: it only installs what is
# missing. On systems without apt-get it says what to install and goes on.
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(build-essential pkg-config file curl libssl-dev libwebkit2gtk-4.1-dev
    libxdo-dev libayatana-appindicator3-dev librsvg2-dev)
# x11-utils: xprop, xwininfo and xdpyinfo, with which the e2e suites check the native window
# (its title; its size and place on the screen).
# desktop-file-utils: desktop-file-validate for the package's desktop entry; libsecret-tools:
# secret-tool, with which the package test finds the installed app's keychain entry.
test_packages=(xvfb xauth webkit2gtk-driver chromium gnome-keyring dbus-x11 imagemagick x11-utils
    desktop-file-utils libsecret-tools)

packages=("${build_packages[@]}")
[ "${1:-}" = "--with-tests" ] && packages+=("${test_packages[@]}")

if command -v apt-get >/dev/null 2>&1; then
    missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "install-deps: installing ${missing[*]}" >&2
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
else
    echo "install-deps: no apt-get here; install the equivalents of: ${packages[*]}" >&2
fi

# The UI's packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    echo "install-deps: npm ci in ui/" >&2
    npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--with-tests" ] && ! command -v tauri-driver >/dev/null 2>&1; then
    echo "install-deps: cargo install tauri-driver" >&2
    cargo install tauri-driver --locked --quiet
fi
