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

command -v redis-server >/dev/null || { echo "soak: redis-server is not on PATH (apt-get install redis-server)" >&2; exit 2; }
minutes=4
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ ${args[$i]} == --minutes ]] && minutes=${args[$((i + 1))]:-4}
done

if [[ " $* " != *" --no-build "* ]]; then
  echo "soak: building Benchmarks (Release)"
  dotnet build Benchmarks -c Release -nologo -v q -clp:ErrorsOnly || { echo "soak: the build failed" >&2; exit 1; }
fi

echo "soak: load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Start-up (Trainer included) takes a few minutes on a busy machine; past the limit, SIGINT stops it cleanly.
soak_args=()
for a in "$@"; do [[ $a == --no-build ]] || soak_args+=("$a"); done
timeout --signal=INT --kill-after=60 $((minutes * 60 + 900)) dotnet Benchmarks/bin/Release/net10.0/Bandit.Benchmarks.dll soak "${soak_args[@]}"
