#!/usr/bin/env bash
# Runs every benchmark once, from the repository root, and collects the figures in one folder:
#   bench/run-all.sh            full run (about 10-15 minutes on 2 cores)
#   bench/run-all.sh --quick    short smoke run (about 5-10 minutes on a busy 2-core machine): same benches, tiny durations
#   bench/run-all.sh --soak N   also run the soak (bench/soak.sh) for N minutes at the end
# Results: .run/bench/<UTC timestamp>/ with one log per bench and summary.md (headline figures, machine,
# load average, exit codes). Needs redis-server, redis-cli, redis-benchmark and wrk on PATH.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
QUICK=0
SOAK_MINUTES=0
# Every option is checked here, before the tools, the build and the first bench: a bad one ends the run at once with
# one line and exit 2, rather than after 15 minutes of benches (or, for --soak, by silently skipping the soak).
USAGE="usage: bench/run-all.sh [--quick] [--soak MINUTES]; --help for more"
refuse() { echo "run-all: $1 ($USAGE)" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --soak|--soak=*)
      if [[ $1 == --soak=* ]]; then value=${1#--soak=}; else [[ $# -ge 2 ]] || refuse "--soak needs a number of minutes"; value=$2; shift; fi
      # The range of soak.sh's --minutes (Benchmarks/Soak/SoakBench.cs); 10# so that 08 is eight, not a bad octal number.
      [[ $value =~ ^[0-9]{1,3}$ ]] && (( 10#$value >= 1 && 10#$value <= 30 )) ||
        refuse "--soak expects a whole number of minutes from 1 to 30, got '$value'"
      SOAK_MINUTES=$((10#$value)) ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) refuse "unknown option '$1'" ;;
  esac
  shift
done

missing=()
command -v redis-server >/dev/null || missing+=("redis-server (apt-get install redis-server)")
command -v redis-benchmark >/dev/null || missing+=("redis-benchmark (apt-get install redis-tools)")
command -v redis-cli >/dev/null || missing+=("redis-cli (apt-get install redis-tools)")
command -v wrk >/dev/null || missing+=("wrk (apt-get install wrk)")
command -v dotnet >/dev/null || missing+=("dotnet (the .NET 10 SDK)")
if [[ ${#missing[@]} -gt 0 ]]; then
  printf 'run-all: missing on PATH: %s\n' "${missing[@]}" >&2
  exit 2
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$ROOT/.run/bench/$STAMP"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
START=$SECONDS
HAVE_REPLAY=0
test -d Replay && HAVE_REPLAY=1
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

{
  echo "# Benchmark run $STAMP ($([[ $QUICK == 1 ]] && echo quick || echo full))"
  echo
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
  echo "- load average at start: $(loadavg)"
  echo
} > "$SUMMARY"

echo "run-all: results in $OUT"
echo "run-all: building Release (Benchmarks$([[ $HAVE_REPLAY == 1 ]] && echo ', Replay'))"
build_ok=1
dotnet build Benchmarks -c Release -nologo -v q -clp:ErrorsOnly > "$OUT/build.log" 2>&1 || build_ok=0
if [[ $HAVE_REPLAY == 1 && $build_ok == 1 ]]; then
  dotnet build Replay -c Release -nologo -v q -clp:ErrorsOnly >> "$OUT/build.log" 2>&1 || build_ok=0
fi
if [[ $build_ok == 0 ]]; then
  echo "run-all: the Release build failed; see $OUT/build.log" >&2
  tail -20 "$OUT/build.log" >&2
  echo "- build FAILED (see build.log)" >> "$SUMMARY"
  exit 1
fi

BENCH=(dotnet "$ROOT/Benchmarks/bin/Release/net10.0/Bandit.Benchmarks.dll")
FAILED=()

# run NAME TIMEOUT_SECONDS COMMAND...: logs to NAME.log, prints and records its summary lines.
run() {
  local name=$1 limit=$2; shift 2
  local log="$OUT/$name.log" t0=$SECONDS code
  echo "run-all: [$name] $* (limit ${limit}s, load $(loadavg))"
  { echo "\$ $*"; echo "load average before: $(loadavg)"; } > "$log"
  timeout --signal=INT --kill-after=30 "$limit" "$@" >> "$log" 2>&1
  code=$?
  echo "load average after: $(loadavg)" >> "$log"
  local took=$((SECONDS - t0))
  {
    echo "## $name"
    echo
    echo "\`$*\` — exit $code$([[ $code == 124 ]] && echo ' (TIMED OUT)'), ${took} s, log \`$name.log\`"
    echo
    if [[ $name == bdn-* || $name == router-replicas ]]; then
      grep '^| ' "$log" | grep -v '^| *$'
    fi
    grep -E '^summary:' "$log" | sed 's/^summary: /- /'
    echo
  } >> "$SUMMARY"
  grep -E '^summary:|^\| (Method|Decide|Choose|Create|Parse|Build|Mac|Floor)' "$log" | sed 's/^/    /'
  [[ $code == 0 ]] || FAILED+=("$name (exit $code)")
}

if [[ $QUICK == 1 ]]; then
  BDN_JOB=(--job dry); SECS=3; WARM=1; DECISIONS=20000; TRAINER=(--folds 2 --bootstrap 50)
  REPLAY_OUT="$OUT/replay"; REPLAY_ARGS=(--synthetic-only --seeds 2 --horizon 2000)
else
  BDN_JOB=(--job short); SECS=12; WARM=3; DECISIONS=200000; TRAINER=()
  REPLAY_OUT="docs/benchmarks"; REPLAY_ARGS=()
fi

# 1. The decision function (BenchmarkDotNet, in-process so it measures what was just built).
run bdn-decision 900 "${BENCH[@]}" bdn --filter '*DecisionBenchmarks*' '*RouterDecisionBenchmarks*' "${BDN_JOB[@]}" --inProcess --artifacts "$OUT/bdn"
# 2. Router overhead vs a direct variant call, interleaved in one run (1 client, then 4).
run router-overhead-1 120 "${BENCH[@]}" router-overhead --seconds "$SECS" --clients 1 --warmup "$WARM"
run router-overhead-4 120 "${BENCH[@]}" router-overhead --seconds "$SECS" --clients 4 --warmup "$WARM"
# 2b. The Router's hot paths beside their floors, one load generator (wrk): /choose vs the direct Policy A call,
#     /update vs bare Kestrel parsing the same body.
run router-floors 600 "${BENCH[@]}" router-floors --seconds "$(( SECS > 3 ? SECS / 2 : 2 ))" --rounds 3 --warmup "$WARM"
# 3. /update throughput with Redis vs redis-benchmark on the same server, single and batched.
run update-single 240 "${BENCH[@]}" update-throughput --seconds "$((SECS * 2 / 3))" --clients 32 --decisions "$DECISIONS"
run update-batch 240 "${BENCH[@]}" update-throughput --seconds "$((SECS * 2 / 3))" --clients 8 --batch 100 --decisions "$DECISIONS"
# 3b. /update on one redis-server and on a Redis Cluster (3 masters + 3 replicas on loopback), side by side, alternating rounds.
run update-cluster 300 "${BENCH[@]}" update-cluster --seconds "$((SECS / 2))" --clients 32 --decisions "$((DECISIONS / 2))" --rounds 2 --warmup "$WARM"
# 3c. /choose and /update with 1, 2 and 4 Router processes in front of stand-in variants and one Redis, loaded by wrk;
#     CPU per process from /proc, and what saturates first.
run router-replicas 420 "${BENCH[@]}" router-replicas --seconds "$((SECS / 2))" --warmup "$WARM" --connections 32
# 4. /recommend for Policy A (logistic) and Policy B (LightGBM) side by side against their targets, wrk as a second opinion.
run recommend 600 "${BENCH[@]}" variant --seconds "$SECS" --clients 8 --warmup "$WARM" --wrk
# 5. Registry alias lookups.
run registry 120 "${BENCH[@]}" registry --seconds "$((SECS * 2 / 3))" --clients 16 --warmup "$WARM"
# 6. Trainer stage times.
run trainer 600 "${BENCH[@]}" trainer "${TRAINER[@]}"
# 7. The replay simulator (plots into docs/benchmarks on a full run).
if [[ $HAVE_REPLAY == 1 ]]; then
  mkdir -p "$REPLAY_OUT"
  run replay 900 dotnet run -c Release --no-build --project Replay -- --output "$REPLAY_OUT" "${REPLAY_ARGS[@]}"
  echo "- replay output: \`$REPLAY_OUT\` ($(ls "$REPLAY_OUT" 2>/dev/null | tr '\n' ' ')); the figures are in its replay-results.md" >> "$SUMMARY"
  echo >> "$SUMMARY"
else
  printf '## replay\n\nnot run: no Replay/ project in this checkout\n\n' >> "$SUMMARY"
fi
# 8. Optionally the soak.
if [[ $SOAK_MINUTES -gt 0 ]]; then
  run soak $((SOAK_MINUTES * 60 + 420)) bash bench/soak.sh --minutes "$SOAK_MINUTES" --no-build
fi

{
  echo "## totals"
  echo
  echo "- total run time: $((SECONDS - START)) s"
  echo "- load average at end: $(loadavg)"
  if [[ ${#FAILED[@]} -gt 0 ]]; then echo "- FAILED: ${FAILED[*]}"; else echo "- every bench exited 0"; fi
} >> "$SUMMARY"

echo "run-all: total $((SECONDS - START)) s; load average $(loadavg)"
[[ ${#FAILED[@]} -gt 0 ]] && echo "run-all: FAILED: ${FAILED[*]}" >&2
echo "run-all: summary: $SUMMARY"
[[ ${#FAILED[@]} -eq 0 ]]
