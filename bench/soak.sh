#!/usr/bin/env bash
# The soak run (issue 10), loopback only, bounded; it stops by itself and stops every process it started:
#   bench/soak.sh [--minutes 4] [--clients 4] [--think-ms 20] [--downtime 5] [--no-build]
# Starts the whole system through the AppHost (Aspire.Hosting.Testing: redis-server with its AOF, the bundled registry,
# Trainer, variants, two Router replicas, Ui) on free ports with data in .run/soak/<UTC timestamp>/, drives mixed
# traffic, stops and starts one resource per minute in turn with Aspire's resource commands (redis, variant-b, mlflow),
# waits for the Router to drain, then compares /stats with what the clients received and sent.
# Exit 0 = nothing lost, nothing double-counted.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

# The arguments are checked before anything else, the build included: a bad one is refused at once with one line and
# exit 2. The ranges are SoakBench's (Benchmarks/Soak/SoakBench.cs), which checks them again.
USAGE="usage: bench/soak.sh [--minutes 1-30] [--clients 1-64] [--think-ms MS] [--downtime SECONDS] [--no-build]; --help for more"
refuse() { echo "soak: $1 ($USAGE)" >&2; exit 2; }
# whole NAME VALUE MIN [MAX]: refuses VALUE unless it is a whole number from MIN to MAX (10#: 08 is eight, not octal).
whole() {
  local max=${4:-2147483647}
  [[ $2 =~ ^[0-9]{1,10}$ ]] && (( 10#$2 >= $3 && 10#$2 <= max )) && return 0
  # "from MIN to MAX" when there is a maximum, or when the number passed the implicit one (SoakBench's int options').
  if [[ $# -ge 4 || ( $2 =~ ^[0-9]+$ && ( ${#2} -gt 10 || 10#$2 -gt max ) ) ]]; then
    refuse "$1 expects a whole number from $3 to $max, got '$2'"
  fi
  refuse "$1 expects a whole number of at least $3, got '$2'"
}
minutes=4
build=1
soak_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) build=0; shift; continue ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    --minutes|--clients|--think-ms|--downtime) [[ $# -ge 2 ]] || refuse "$1 needs a value"; name=$1; value=$2; shift 2 ;;
    --minutes=*|--clients=*|--think-ms=*|--downtime=*) name=${1%%=*}; value=${1#*=}; shift ;;
    *) refuse "unknown option '$1'" ;;
  esac
  case $name in
    --minutes) whole "$name" "$value" 1 30; minutes=$((10#$value)) ;;
    --clients) whole "$name" "$value" 1 64 ;;
    --think-ms) whole "$name" "$value" 0 ;;
    --downtime) whole "$name" "$value" 1 ;;
  esac
  soak_args+=("$name" "$((10#$value))")
done

command -v redis-server >/dev/null || { echo "soak: redis-server is not on PATH (apt-get install redis-server)" >&2; exit 2; }
if [[ $build == 1 ]]; then
  echo "soak: building Benchmarks (Release)"
  dotnet build Benchmarks -c Release -nologo -v q -clp:ErrorsOnly || { echo "soak: the build failed" >&2; exit 1; }
fi

echo "soak: load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Start-up (Trainer included) takes a few minutes on a busy machine; past the limit, SIGINT stops it cleanly.
timeout --signal=INT --kill-after=60 $((minutes * 60 + 900)) dotnet Benchmarks/bin/Release/net10.0/Bandit.Benchmarks.dll soak "${soak_args[@]}"
