#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when they are missing.
# Does nothing on systems without apt-get (install the equivalents yourself there).
set -euo pipefail

packages=(build-essential pkg-config)

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: no apt-get here; make sure a C compiler and pkg-config are installed." >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
