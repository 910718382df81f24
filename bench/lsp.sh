#!/usr/bin/env bash
# Language server latency:  bash bench/lsp.sh [EDITS=1000]
#
# Starts `profile-lint server` (release build), opens a 20 KiB profile and sends EDITS full-text
# edits one at a time, each waiting for its diagnostics. Prints the median, 99th percentile and
# maximum of the server's own time per edit (its PROFILE_LINT_SERVER_TRACE lines: finding the
# profile-lint.toml, linting, building the diagnostics) and of the round trip the client sees.
# The harness is the ignored test `latency_of_relinting_a_20_kib_profile` in tests/server.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
LSP_BENCH_EDITS="${1:-1000}" cargo test --release --quiet --test server \
  latency_of_relinting_a_20_kib_profile -- --ignored --nocapture 2>&1 |
  grep -E '^(re-lint|server|client)'
