#!/usr/bin/env bash
# The release package as a user gets it: installs the .deb built by `make package` with the
# dependencies it declares, checks that those are complete, that the desktop entry is valid
# and that the binary has no test-only switches, starts the INSTALLED app under Xvfb with a
# real keychain and runs the demo check in it, then removes the package and checks that
# nothing of it is left on disk. Installs system-wide, so it runs as root (CI does).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then
        exec sudo -E "$0" "$@"
    fi
    echo "package-test: must run as root (it installs and removes a system package); CI runs as root." >&2
    exit 1
fi

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

shopt -s nullglob
debs=(target/release/bundle/deb/*.deb)
if [ ${#debs[@]} -ne 1 ]; then
    echo "package-test: expected one .deb in target/release/bundle/deb (run make package): found ${#debs[@]}" >&2
    exit 1
fi
deb="$root/${debs[0]}"
package=$(dpkg-deb --field "$deb" Package)
app_id=$(node -p "require('./src-tauri/tauri.conf.json').identifier")
product=$(node -p "require('./src-tauri/tauri.conf.json').productName")
binary_name=$(node -p "require('./src-tauri/tauri.conf.json').mainBinaryName")
binary=/usr/bin/$binary_name
desktop_file=/usr/share/applications/$app_id.desktop
apt=(apt-get -y -qq -o DPkg::Lock::Timeout=600)
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed; }
# A run that stopped half way left the package behind: start from a machine without it.
if dpkg-query -W "$package" >/dev/null 2>&1; then
    "${apt[@]}" purge "$package" >/dev/null
fi

echo "== installing $deb"
"${apt[@]}" install "$deb" >/dev/null
installed && pass "the package installs with the dependencies it declares" \
    || { fail "the package did not install"; exit 1; }
mapfile -t package_paths < <(dpkg -L "$package")

echo "== the declared dependencies"
# Every package the declared Depends reach, installed here.
mapfile -t closure < <(apt-cache depends --recurse --installed --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances "$package" \
    | grep -v '^ ' | sed 's/:.*//' | sort -u)
in_closure() {
    local name
    for name in "${closure[@]}"; do
        if [ "$name" = "$1" ]; then return 0; fi
    done
    # Essential packages are on every Debian system and need not be declared.
    [ "$(dpkg-query -W -f='${Essential}' "$1" 2>/dev/null)" = yes ]
}
# The package owning a library as ldd names it (dpkg records the unmerged /lib paths).
owner_of() {
    local path=$1 candidate
    local owner
    for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr$path"; do
        owner=$(dpkg-query -S "$candidate" 2>/dev/null | head -n1 | sed 's/:.*//;s/, .*//') || true
        if [ -n "$owner" ]; then
            echo "$owner"
            return 0
        fi
    done
    return 1
}
ldd_output=$(ldd "$binary")
if grep -q 'not found' <<<"$ldd_output"; then
    fail "libraries the installed binary needs are missing: $(grep 'not found' <<<"$ldd_output" | xargs)"
fi
undeclared=()
library_count=0
while read -r library; do
    library_count=$((library_count + 1))
    owner=$(owner_of "$library") || { undeclared+=("$library (no package owns it)"); continue; }
    in_closure "$owner" || undeclared+=("$library ($owner)")
done < <(grep -oE '(=> )?/[^ ]+ \(0x' <<<"$ldd_output" | sed -E 's/^=> //; s/ \(0x$//')
# The libraries the binary itself names (not those its libraries pull in) must come from
# packages the .deb declares directly, as dpkg-shlibdeps would declare them.
mapfile -t declared < <(dpkg-deb --field "$deb" Depends | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/ //g' | grep -v '^$')
while read -r library; do
    path=$(awk -v l="$library" '$1 == l { print $3 }' <<<"$ldd_output")
    owner=$(owner_of "$path") || { undeclared+=("$library (no package owns it)"); continue; }
    found=no
    for name in "${declared[@]}"; do
        if [ "$name" = "$owner" ]; then found=yes; fi
    done
    if [ $found = no ]; then undeclared+=("$library, which the binary names itself ($owner, not declared directly)"); fi
done < <(objdump -p "$binary" | awk '/NEEDED/ { print $2 }')
if [ ${#undeclared[@]} -eq 0 ] && [ "$library_count" -gt 0 ]; then
    pass "all $library_count libraries the binary links come from the declared dependencies ($(dpkg-deb --field "$deb" Depends))"
else
    fail "libraries from packages the .deb does not declare: ${undeclared[*]}"
fi

echo "== the desktop entry"
desktop_files=()
for path in "${package_paths[@]}"; do
    if [[ $path == /usr/share/applications/*.desktop ]]; then desktop_files+=("$path"); fi
done
if [ "${desktop_files[*]}" = "$desktop_file" ]; then
    pass "one desktop entry, named after the app id: $desktop_file"
else
    fail "desktop entries: ${desktop_files[*]:-none} (expected only $desktop_file)"
fi
if validation=$(desktop-file-validate "$desktop_file" 2>&1) && [ -z "$validation" ]; then
    pass "desktop-file-validate accepts it without a hint"
else
    fail "desktop-file-validate: $validation"
fi
entry() { sed -n "s/^$1=//p" "$desktop_file" | head -n1; }
[ "$(entry Name)" = "$product" ] && pass "Name=$product" || fail "Name=$(entry Name), expected $product"
[ "$(entry Exec)" = "$binary_name" ] && [ -x "$binary" ] \
    && pass "Exec=$binary_name, installed at $binary" || fail "Exec=$(entry Exec), binary $binary"
grep -qE '^Categories=([A-Za-z]+;)+$' "$desktop_file" \
    && pass "Categories=$(entry Categories)" || fail "Categories=$(entry Categories)"
icons=()
for path in "${package_paths[@]}"; do
    if [[ $path == /usr/share/icons/hicolor/*/apps/"$(entry Icon)".png ]]; then icons+=("$path"); fi
done
if [ ${#icons[@]} -ge 3 ] && grep -q '/128x128/' <<<"${icons[*]}"; then
    pass "Icon=$(entry Icon): ${#icons[@]} sizes in the hicolor theme"
else
    fail "Icon=$(entry Icon): found ${icons[*]:-none}"
fi
maintainer=$(dpkg-deb --field "$deb" Maintainer)
[[ $maintainer =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] && pass "Maintainer: $maintainer" \
    || fail "Maintainer is not a name with an address: $maintainer"
[ "$(dpkg-deb --field "$deb" Description | wc -l)" -ge 3 ] && pass "the Description has a long part" \
    || fail "the Description has no long part"

echo "== no test-only switches in the release binary"
# The names as the code spells them; a build that honoured them would carry them.
mapfile -t switches < <(grep -oE '"HAIILO_SCIM_[A-Z_]+"' src-tauri/src/test_overrides.rs | tr -d '"' | sort -u)
[ ${#switches[@]} -ge 4 ] || fail "found only ${#switches[@]} override names in test_overrides.rs"
debug_binary=target/debug/$binary_name
if [ -f "$debug_binary" ] && ! grep -qaF "${switches[0]}" "$debug_binary"; then
    fail "the debug binary does not carry ${switches[0]} either, so this check proves nothing"
fi
present=()
for name in "${switches[@]}"; do
    if grep -qaF "$name" "$binary"; then present+=("$name"); fi
done
[ ${#present[@]} -eq 0 ] && pass "none of ${switches[*]} is in $binary" \
    || fail "the release binary reads ${present[*]}"

echo "== the installed app, started"
# sealed-env.sh sets the data folder and keyring service overrides: the app must ignore them.
if INSTALLED_APP="$binary" APP_ID="$app_id" DESKTOP_FILE="$desktop_file" \
    tests/sealed-env.sh node tests/package/installed.e2e.mjs; then
    pass "the installed app passed its window tests"
else
    fail "the installed app failed its window tests (screenshots and logs in test-artifacts/package)"
fi

echo "== removing the package"
"${apt[@]}" purge "$package" >/dev/null
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qv not-installed; then
    fail "dpkg still knows the package: $(dpkg-query -W -f='${db:Status-Abbrev}' "$package")"
else
    pass "purged: dpkg no longer lists it"
fi
left=()
for path in "${package_paths[@]}"; do
    [ "$path" = /. ] && continue
    if [ -d "$path" ] && [ ! -L "$path" ]; then
        # A folder others' packages share stays; one only this package had must go.
        if ! dpkg-query -S "$path" >/dev/null 2>&1; then left+=("$path/"); fi
    elif [ -e "$path" ] || [ -L "$path" ]; then
        left+=("$path")
    fi
done
if [ -e "/usr/lib/$product" ]; then left+=("/usr/lib/$product"); fi
if [ ${#left[@]} -eq 0 ]; then
    pass "none of the ${#package_paths[@]} paths the package installed is left"
else
    fail "left on disk after purge: ${left[*]}"
fi

if [ "$failures" -gt 0 ]; then
    echo "package-test: $failures failed"
    exit 1
fi
echo "package-test: all passed"
