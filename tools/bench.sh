#!/usr/bin/env bash
# Benchmarks `handout` in release mode and prints three figures, each against its target:
#   1. one handout, cold process (the four-section handouts/examples/bone-health-basics.toml), ms
#   2. batch throughput on a generated N-row CSV (default 2000 rows), handouts per second
#   3. peak memory (max RSS) of a 10,000-row batch, MB
#
# Usage: tools/bench.sh [ROWS]     (environment: BENCH_DIR=folder for the outputs, default a new
#                                   folder under ${TMPDIR:-/tmp}; THREADS=N, default all cores;
#                                   BIG_ROWS=rows of the memory run, default 10000;
#                                   NO_HYPERFINE=1 / NO_GNU_TIME=1 force the fallbacks)
# Uses hyperfine when installed, else a loop timed with `date +%s%N`; peak memory from
# `/usr/bin/time -v` (Debian package `time`) when installed, else VmHWM polled from /proc.
# Note: a batch writes each PDF atomically and flushes the output folder to disk once at the end
# (handout::output::flush_folder), so the throughput includes that flush; a tmpfs such as
# /dev/shm under BENCH_DIR shows the CPU-bound figure.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${1:-2000}
BIG_ROWS=${BIG_ROWS:-10000}
THREADS=${THREADS:-$(nproc 2>/dev/null || echo 2)}
TARGET_RATE=500          # handouts per second (2 cores)
TARGET_MB=100            # peak RSS for BIG_ROWS rows
if [ -n "${BENCH_DIR:-}" ]; then
  mkdir -p "$BENCH_DIR"
  trap 'rm -rf "$BENCH_DIR/out" "$BENCH_DIR/out-big" "$BENCH_DIR/single.pdf"' EXIT
else
  BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/handout-bench.XXXXXX")
  trap 'rm -rf "$BENCH_DIR"' EXIT
fi

echo "== building the release binary"
cargo build --release --quiet
BIN=$PWD/target/release/handout
TEMPLATE=$PWD/handouts/examples/batch-template.toml
SINGLE=$PWD/handouts/examples/bone-health-basics.toml

# A manifest of $1 rows with varied names, treatments and cancer types.
make_csv() {
  awk -v n="$1" 'BEGIN {
    split("Maria James Wei Ana Grace Tomás Olu Priya John Fatima", first, " ")
    split("Lopez Okafor Chen Pérez Mbeki Novak Smith Rao", last, " ")
    split("zoledronic-acid;radiation|denosumab||radium-223;hormone-therapy|chemotherapy;opioids|radiation", tr, "|")
    split("breast|prostate|lung||myeloma|kidney", ca, "|")
    print "patient.id,patient.name,patient.treatments,patient.cancer"
    for (i = 0; i < n; i++)
      printf "P%06d,%s %s,%s,%s\n", i + 1, first[i % 10 + 1], last[i % 8 + 1], tr[i % 6 + 1], ca[i % 6 + 1]
  }'
}

# Wall-clock seconds of one run of "$@" (output discarded).
time_once() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }'
}

# Mean seconds of "$@" over $1 runs (after one warm-up), via hyperfine if present.
mean_seconds() {
  local runs=$1
  shift
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
    local json="$BENCH_DIR/hyperfine.json"
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" \
      "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$json" 2>/dev/null \
      || grep -o '"mean": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//'
  else
    "$@" >/dev/null 2>&1 || true
    local total=0 s
    for _ in $(seq "$runs"); do
      s=$(time_once "$@")
      total=$(awk -v a="$total" -v b="$s" 'BEGIN { print a + b }')
    done
    awk -v t="$total" -v n="$runs" 'BEGIN { printf "%.6f", t / n }'
  fi
}

verdict() { # value target "higher"|"lower"
  awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN {
    ok = (d == "higher") ? (v >= t) : (v <= t); print ok ? "meets the target" : "MISSES the target" }'
}

echo "== 1. one handout, cold process (bone-health-basics.toml)"
single_s=$(mean_seconds 20 "$BIN" build "$SINGLE" -o "$BENCH_DIR/single.pdf")
single_ms=$(awk -v s="$single_s" 'BEGIN { printf "%.1f", s * 1000 }')
echo "   $single_ms ms per handout (mean of 20 cold runs)"

echo "== 2. batch throughput: $ROWS rows, $THREADS threads, output in $BENCH_DIR"
make_csv "$ROWS" >"$BENCH_DIR/batch-$ROWS.csv"
batch_s=$(mean_seconds 2 "$BIN" batch "$BENCH_DIR/batch-$ROWS.csv" --template "$TEMPLATE" \
  -o "$BENCH_DIR/out" --threads "$THREADS")
rate=$(awk -v n="$ROWS" -v s="$batch_s" 'BEGIN { printf "%.0f", n / s }')
per_row=$(awk -v n="$ROWS" -v s="$batch_s" 'BEGIN { printf "%.2f", s * 1000 / n }')
echo "   $rate handouts/s ($per_row ms wall per handout, $batch_s s per run): $(verdict "$rate" "$TARGET_RATE" higher) (>= $TARGET_RATE/s)"
count=$(find "$BENCH_DIR/out" -name '*.pdf' | wc -l)
[ "$count" -eq "$ROWS" ] || { echo "   expected $ROWS PDFs, found $count" >&2; exit 1; }

echo "== 3. peak memory: $BIG_ROWS rows"
make_csv "$BIG_ROWS" >"$BENCH_DIR/batch-$BIG_ROWS.csv"
big=("$BIN" batch "$BENCH_DIR/batch-$BIG_ROWS.csv" --template "$TEMPLATE" -o "$BENCH_DIR/out-big" --threads "$THREADS")
if [ -z "${NO_GNU_TIME:-}" ] && [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  /usr/bin/time -v "${big[@]}" >/dev/null 2>"$BENCH_DIR/time.txt"
  kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$BENCH_DIR/time.txt")
  how="/usr/bin/time -v"
else
  "${big[@]}" >/dev/null 2>&1 &
  pid=$!
  kb=0
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$v" ] && [ "$v" -gt "$kb" ] && kb=$v
    sleep 0.05
  done
  wait "$pid"
  how="VmHWM from /proc (polled)"
fi
mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
echo "   $mb MB peak RSS ($how): $(verdict "$mb" "$TARGET_MB" lower) (<= $TARGET_MB MB)"

echo
echo "summary: cold single ${single_ms} ms; batch ${rate} handouts/s on ${THREADS} threads; peak ${mb} MB for ${BIG_ROWS} rows"
