#!/usr/bin/env bash
# Validates profile-lint's SARIF output with Microsoft's SARIF Multitool (schema + SARIF rules).
# Fails when the Multitool reports any error. Installs the Multitool into .ci/node (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
PKG="@microsoft/sarif-multitool-linux@5.7.0"
NODE_DIR=.ci/node
TOOL="$NODE_DIR/node_modules/@microsoft/sarif-multitool-linux"
if [ ! -f "$TOOL/Sarif.Multitool" ]; then
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "$PKG"
fi
# npm may skip the package's postinstall (`chmod u+x`): do it here.
chmod u+x "$TOOL/Sarif.Multitool"

OUT=target/sarif-check
mkdir -p "$OUT"
cargo build --quiet
BIN="${CARGO_TARGET_DIR:-target}/debug/profile-lint"

# Exit 1 (findings) and 2 (an unreadable file, on purpose in the second run) are expected.
run() {
    local out=$1
    shift
    set +e
    "$BIN" --format sarif "$@" >"$out"
    local rc=$?
    set -e
    if [ "$rc" -gt 2 ]; then
        echo "profile-lint failed with exit code $rc" >&2
        exit 1
    fi
}
# Every fixture of the repository, and policy rules, suppressions and an unreadable file.
run "$OUT/fixtures.sarif" --no-config testdata
run "$OUT/policy.sarif" --config .ci/sarif-policy.toml testdata/integration does-not-exist.xml

status=0
for sarif in "$OUT/fixtures.sarif" "$OUT/policy.sarif"; do
    "$TOOL/Sarif.Multitool" validate "$sarif" -j "$TOOL/sarif-2.1.0.json" -o "$sarif.validation" --log ForceOverwrite --quiet
    node .ci/sarif-check.js "$sarif" "$sarif.validation" || status=1
done
exit $status
