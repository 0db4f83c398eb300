#!/usr/bin/env bash
# Builds the release .deb (`make package`) and prints where it is and how large.
#
# Tauri's bundler builds the package; this script then gives the desktop entry the name the
# desktop expects. The bundler names it after the product name ("Haiilo SCIM Setup
# Assistant.desktop", with spaces), while GTK announces the window under the app id, and
# docks and menus match a window to the entry named "<app id>.desktop". So the package is
# unpacked, the entry renamed, the checksums written again and the package packed with
# dpkg-deb (xz, which also makes the download smaller than the bundler's gzip).
#
# Runs from the repository root: from src-tauri/ the bundler's UI build command resolves
# to the wrong directory.
set -euo pipefail
cd "$(dirname "$0")/.."

conf=src-tauri/tauri.conf.json
app_id=$(node -p "require('./$conf').identifier")
product=$(node -p "require('./$conf').productName")
version=$(node -p "require('./$conf').version")
arch=$(dpkg --print-architecture)
bundle_dir=target/release/bundle/deb
built="$bundle_dir/${product}_${version}_${arch}.deb"

rm -f "$built" "$bundle_dir"/*.deb
ui/node_modules/.bin/tauri build --ci --bundles deb
# The Debian package name the bundler derived from the product name.
package=$(dpkg-deb --field "$built" Package)
out="$bundle_dir/${package}_${version}_${arch}.deb"

work=$(mktemp -d /tmp/haiilo-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$built" "$work/root"
applications="$work/root/usr/share/applications"
mv "$applications/$product.desktop" "$applications/$app_id.desktop"
(cd "$work/root" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/root" "$out" >/dev/null
rm -f "$built"

size=$(stat -c %s "$out")
echo "package: $out"
awk -v s="$size" 'BEGIN { printf "size: %.2f MiB (%d bytes)\n", s / 1048576, s }'
