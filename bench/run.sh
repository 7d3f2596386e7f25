#!/bin/sh
# Run the benchmark suite and write BENCHMARKS.md, bench/plot.svg and bench/results.jsonl.
#
#   bench/run.sh [fbas-bench suite options]      e.g. --quick, --budget 60, --only stellarbeat
#
# The numbers must belong to a commit, so by default this measures the committed HEAD: it is
# exported (git archive) to target/bench-src and built there; uncommitted edits are not measured.
# BENCH_TREE=1 bench/run.sh measures the working tree instead. The suite runs its rows one after
# the other (never two heavy jobs at once) and stops by itself; --quick writes under target/bench/.
# Before the suite, bench/facade.mjs measures the explorer backend's whole scan of facade calls
# through the legacy engine and through fbas-sat, and bench/browser.mjs the browser package in
# headless Chromium next to the legacy web build; they write facade.json and browser.json beside
# the suite's results, which the report reads. BENCH_BESIDE=0 skips those two and keeps the
# facade.json and browser.json already there (for a run that adds suite rows only).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
quick=
for a in "$@"; do [ "$a" = --quick ] && quick=1; done
# beside DIR: build the addon and fbas-sat-web here and measure them, writing DIR/facade.json
# and DIR/browser.json.
beside() {
  [ "${BENCH_BESIDE:-1}" = 0 ] && return
  npm run --silent build
  node bench/facade.mjs ${quick:+--quick} --out "$1/facade.json"
  npm run --silent build:web
  node bench/browser.mjs ${quick:+--quick} --out "$1/browser.json"
}
if [ "${BENCH_TREE:-}" = 1 ]; then
  if [ -n "$quick" ]; then dir="$repo/target/bench"; else dir="$repo/bench"; fi
  mkdir -p "$dir"
  beside "$dir"
  exec cargo run --release -p fbas-bench -- suite "$@"
fi
commit=$(git rev-parse --short HEAD)
src="$repo/target/bench-src"
rm -rf "$src"
# The export is fresh each run; its build directory is kept, so that only the workspace's own
# crates are compiled again (git archive dates every file at the commit), not the dependencies.
export CARGO_TARGET_DIR="$repo/target/bench-build"
mkdir -p "$src"
git archive HEAD | tar -x -C "$src"
ln -s "$repo/node_modules" "$src/node_modules"
if [ -n "$quick" ]; then out="$repo/target/bench"; else out="$repo"; fi
mkdir -p "$out/bench"
if [ -n "$quick" ]; then results="$out/results.jsonl"; md="$out/BENCHMARKS.md"; plot="$out/plot.svg"
else results="$repo/bench/results.jsonl"; md="$repo/BENCHMARKS.md"; plot="$repo/bench/plot.svg"; fi
cd "$src"
cargo build --release -p fbas-bench
export FBAS_BENCH_COMMIT="$commit"
beside "$(dirname "$results")"
FBAS_BENCH_COMMAND="bench/run.sh $*" exec "$CARGO_TARGET_DIR/release/fbas-bench" suite \
  --results "$results" --out "$md" --plot "$plot" "$@"
