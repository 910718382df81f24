#!/usr/bin/env bash
# Seeds, builds and runs every fuzz target for SECONDS each (default 240), one after the other.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#   FUZZ_SANITIZER=none bash fuzz/run.sh ...   # without AddressSanitizer: faster, no leak checks
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The targets are built
# once up front and the binaries run directly, so editing the crate meanwhile changes nothing.
# Crashes land in fuzz/artifacts/TARGET/; logs in fuzz/logs/TARGET.log (both gitignored).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-240}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(xml pipeline wmi powershell syncml config fix format server_files many_findings
  baseline config_file)

# Seeds: every fixture in testdata/ (regression fixtures included) and a slice of the
# generated benchmark corpus.
seeds=seeds
mkdir -p "$seeds" logs
find ../testdata -type f -size -64k -exec cp {} "$seeds"/ \; 2>/dev/null || true
if [ ! -d ../bench/out/seed ]; then
  cargo run --quiet --release --manifest-path ../Cargo.toml --example gen_corpus -- ../bench/out/seed 40 7 >/dev/null
fi
find ../bench/out/seed -type f -exec sh -c 'cp "$1" "'"$seeds"'/gen-$(basename "$1")"' _ {} \;

# Prints executions, peak memory, the edge count at the end and when it last grew.
summarise() {
  awk '
    /stat::number_of_executed_units/ { runs = $NF }
    /stat::peak_rss_mb/              { rss = $NF }
    / cov: / {
      for (i = 1; i <= NF; i++) if ($i == "cov:") cov = $(i + 1) + 0
      if (cov > best) { best = cov; grew = $1 }
      last = $1
    }
    END {
      printf "   executions %s, peak RSS %s MB, edges %d, last new edge at %d s of %d s\n",
        runs, rss, best, grew, last
    }' "$1"
}

# Without a sanitizer the build goes to a target directory of its own, so switching between
# the two does not rebuild everything.
case "${FUZZ_SANITIZER:-address}" in
  address)
    cargo +nightly fuzz build -O >/dev/null
    bin=target/x86_64-unknown-linux-gnu/release ;;
  none)
    cargo +nightly fuzz build -O -s none --target-dir target/no-sanitizer >/dev/null
    bin=target/no-sanitizer/x86_64-unknown-linux-gnu/release ;;
  *) echo "FUZZ_SANITIZER must be address (the default) or none" >&2; exit 2 ;;
esac
total=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "== $target for ${seconds}s"
  # Every log line is prefixed with the seconds since the target started, so the summary can
  # say when coverage last grew (a plateau is a long stretch with no new edge).
  printf -v start '%(%s)T' -1
  # Some targets have seeds of their own: config reads a configuration, a NUL, then a
  # profile; baseline reads a baseline (and its input as a profile); many_findings a count,
  # flags and a fragment (whole profiles as fragments are slow and say little there).
  case "$target" in
    config | config_file) target_seeds=(config-seeds) ;;
    baseline) target_seeds=(baseline-seeds "$seeds") ;;
    many_findings) target_seeds=(many-findings-seeds) ;;
    *) target_seeds=("$seeds") ;;
  esac
  { "$bin/$target" "corpus/$target" "${target_seeds[@]}" \
      -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -max_len=65536 \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
      || echo "!! $target found a failure: see fuzz/logs/$target.log and fuzz/artifacts/$target/" >&2
  } | while IFS= read -r line; do
      printf -v now '%(%s)T' -1
      printf '%6d %s\n' "$(( now - start ))" "$line"
    done >"logs/$target.log"
  summarise "logs/$target.log"
  runs=$(awk '/stat::number_of_executed_units/ { runs = $NF } END { print runs + 0 }' "logs/$target.log")
  total=$(( total + runs ))
done
echo "== ${#targets[@]} target(s), $total executions in all"
