#!/usr/bin/env bash
# The performance benchmark, in one run:  bash bench/run.sh [COUNT=10000]
#
# Generates COUNT varied profiles (2–20 KiB; fixed seed) under bench/out/, then times in
# interleaved rounds (bench/interleave.py; python3), on the same files and machine:
#   profile-lint  all rules, JSON output, over the directory
#   xmllint       `xmllint --noout` merely parsing the same files (Debian: libxml2-utils)
#   floor         walking, reading, decoding and roxmltree-parsing the same bytes, nothing else
# each also on one thread; --fix over a fresh copy of the corpus (hard links: --fix replaces a
# file by renaming a new one over it, so the corpus itself is never changed) and
# `format --check` of it;
# plus the start-up time for one small file and the peak RSS for
# 1,000 vs COUNT files. Prints ratios (and writes bench/out/results.md); absolute times depend
# on the machine, ratios much less.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
out=bench/out
mkdir -p "$out"

install() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "installing $2 (for $1)..." >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
  fi
}
install xmllint libxml2-utils
install hyperfine hyperfine
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }

cargo build --release --quiet --bin profile-lint --example gen_corpus --example parse_floor
bin="${CARGO_TARGET_DIR:-target}/release"
lint="$bin/profile-lint"
floor="$bin/examples/parse_floor"

stamp="$(md5sum bench/corpus_gen.rs | cut -c1-32)"
corpus() { # DIR N: generate once per generator version (same seed: same files every time)
  if [ "$(cat "$1/.stamp" 2>/dev/null)" != "$stamp" ] || [ "$(find "$1" -name '*.xml' | wc -l)" != "$2" ]; then
    rm -rf "$1"
    "$bin/examples/gen_corpus" "$1" "$2" 1 >&2
    echo "$stamp" >"$1/.stamp"
  fi
}
big="$out/corpus-$count"
small="$out/corpus-1000"
corpus "$big" "$count"
corpus "$small" 1000
find "$big" -name '*.xml' -print0 | sort -z >"$out/files0"
one="$(find "$small" -name 'device-*.xml' -size -3k | sort | head -n 1)"
mb=$(du -sm --apparent-size "$big" | cut -f1)
echo "corpus: $count files, $mb MiB; one small file: $one ($(wc -c <"$one") bytes)"

# Ratios are of medians over ten rounds; each round runs every command once, in a shuffled
# order (bench/interleave.py): on a shared machine the speed drifts, and timing all runs of one
# command before the next (as hyperfine does) would put a drift on one side of a ratio.
python3 bench/interleave.py "$out/throughput.json" "${RUNS:-10}" \
  lint="$lint --format json $big" \
  xmllint="xargs -0 -a $out/files0 xmllint --noout" \
  floor="$floor $big" \
  lint-1-thread="RAYON_NUM_THREADS=1 $lint --format json $big" \
  floor-1-thread="RAYON_NUM_THREADS=1 $floor $big" \
  copy="rm -rf $out/fixcopy && cp -al $big $out/fixcopy" \
  fix="rm -rf $out/fixcopy && cp -al $big $out/fixcopy && $lint --fix --format json $out/fixcopy" \
  format-check="$lint format --check $big"
hyperfine --style basic -N -i --warmup 20 --runs 200 --export-json "$out/startup.json" \
  -n startup "$lint --format json $one"

# Peak RSS in KiB, the median of five runs (one run varies by a few hundred KiB).
rss() {
  for _ in 1 2 3 4 5; do
    { /usr/bin/time -f %M "$lint" --format json "$1" 2>&1 >/dev/null || true; } | tail -n 1
  done | sort -n | sed -n 3p
}
rss_small=$(rss "$small")
rss_big=$(rss "$big")

python3 - "$out" "$count" "$rss_small" "$rss_big" <<'PY'
import json, sys
out, count, rss_small, rss_big = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t = {r["command"]: r for r in json.load(open(f"{out}/throughput.json"))["results"]}
s = json.load(open(f"{out}/startup.json"))["results"][0]
m = lambda name: t[name]["median"]
rows = [
    ("profile-lint (all rules, JSON) / xmllint --noout", m("lint") / m("xmllint"), "at most 1.0"),
    ("profile-lint / roxmltree floor", m("lint") / m("floor"), "at most 2.0"),
    ("same, one thread each", m("lint-1-thread") / m("floor-1-thread"), "at most 2.0"),
    (f"peak RSS {count:,} files / 1,000 files", rss_big / rss_small, "about 1.0"),
    ("--fix over a fresh copy (copy time taken off) / lint", (m("fix") - m("copy")) / m("lint"), "at most 2.0"),
    ("format --check / lint", m("format-check") / m("lint"), "at most 1.0"),
]
lines = ["| measure | ratio | target |", "|---|---:|---|"]
lines += [f"| {a} | {b:.2f} | {c} |" for a, b, c in rows]
lines += [
    "",
    f"Start-up, one small file, process start to exit: {s['mean']*1000:.1f} ms "
    f"(± {s['stddev']*1000:.1f}; target under 10 ms).",
    f"Medians over {count:,} files: profile-lint {m('lint'):.3f} s, xmllint {m('xmllint'):.3f} s, "
    f"floor {m('floor'):.3f} s; one thread: {m('lint-1-thread'):.3f} s vs {m('floor-1-thread'):.3f} s. "
    f"Peak RSS {rss_small/1024:.1f} MiB (1,000 files), {rss_big/1024:.1f} MiB ({count:,} files).",
]
text = "\n".join(lines) + "\n"
open(f"{out}/results.md", "w").write(text)
print()
print(text)
PY
