#!/usr/bin/env bash
# Fills the winget and Scoop manifest templates for a release.
#
#   bash packaging/update-manifests.sh VERSION [SHA256SUMS] [OUT_DIR]
#
# VERSION      the release's version, without the leading v (0.2.0)
# SHA256SUMS   the release's SHA256SUMS file; default: downloaded from the GitHub release
# OUT_DIR      where to write the filled manifests; default: target/packaging
#
# Writes OUT_DIR/winget/manifests/p/profile-lint/profile-lint/VERSION/*.yaml (the layout of the
# winget-pkgs repository) and OUT_DIR/scoop/profile-lint.json. The templates are not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
    sed -n '3,10p' "$0" >&2
    exit 2
fi
version="${1#v}"
sums="${2:-}"
out="${3:-target/packaging}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    echo "not a version: $1" >&2
    exit 2
fi
if [ -z "$sums" ]; then
    sums=$(mktemp)
    trap 'rm -f "$sums"' EXIT
    curl -sSfL --retry 3 -o "$sums" \
        "https://github.com/profile-lint/profile-lint/releases/download/v$version/SHA256SUMS"
fi

# The SHA-256 of one archive, from SHA256SUMS ("<hash>  <name>" or "<hash> *<name>").
hash_of() {
    local name="profile-lint-$version-$1.zip" hash
    hash=$(awk -v n="$name" '{ f = $2; sub(/^\*/, "", f) } f == n { print tolower($1) }' "$sums")
    if ! [[ "$hash" =~ ^[0-9a-f]{64}$ ]]; then
        echo "no SHA-256 for $name in $sums" >&2
        exit 1
    fi
    echo "$hash"
}
x64=$(hash_of x86_64-pc-windows-msvc)
arm64=$(hash_of aarch64-pc-windows-msvc)
date=$(date -u +%Y-%m-%d)

fill() {
    sed -e "s/__VERSION__/$version/g" \
        -e "s/__DATE__/$date/g" \
        -e "s/__SHA256_x86_64-pc-windows-msvc__/$x64/g" \
        -e "s/__SHA256_aarch64-pc-windows-msvc__/$arm64/g" \
        -e '/^# yaml-language-server/!{/^#/d;}' "$1" > "$2"
    if grep -n '__[A-Za-z0-9_-]*__' "$2" >&2; then
        echo "placeholder left in $2" >&2
        exit 1
    fi
}

winget="$out/winget/manifests/p/profile-lint/profile-lint/$version"
mkdir -p "$winget" "$out/scoop"
for template in packaging/winget/*.yaml; do
    fill "$template" "$winget/$(basename "$template")"
done
fill packaging/scoop/profile-lint.json "$out/scoop/profile-lint.json"
echo "winget: $winget"
echo "scoop:  $out/scoop/profile-lint.json"
