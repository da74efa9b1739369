#!/usr/bin/env bash
# Runs every BenchmarkDotNet benchmark of bench/TrioSharp.Benchmarks and the Python Trio peers in
# bench/peers/ one after the other in this session, then writes docs/benchmarks.md from their exported
# results (BenchmarkDotNet's JSON and CSV, the peers' JSON lines).
#
# Environment:
#   TRIOSHARP_BENCH_JOB     BenchmarkDotNet job: short (default, about 5 minutes in all), medium or long
#                           for tighter numbers, dry for a smoke test.
#   TRIOSHARP_BENCH_ITERATIONS  measured iterations per benchmark; default 15 for the short job (its own 3
#                           are too few on a shared machine: one busy moment moves the median), the job's
#                           own count for the others.
#   TRIOSHARP_BENCH_FILTER  BenchmarkDotNet --filter glob (default '*': every benchmark class).
#   TRIOSHARP_BENCH_REPS    timed repetitions per Python workload (default 7).
#   TRIOSHARP_BENCH_OUT     report to write (default docs/benchmarks.md).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

job=${TRIOSHARP_BENCH_JOB:-short}
if [[ $job == short ]]; then
    iterations=${TRIOSHARP_BENCH_ITERATIONS-15}
else
    iterations=${TRIOSHARP_BENCH_ITERATIONS-}
fi
filter=${TRIOSHARP_BENCH_FILTER:-*}
reps=${TRIOSHARP_BENCH_REPS:-7}
out=${TRIOSHARP_BENCH_OUT:-docs/benchmarks.md}
# Debian's python3-trio is installed for the system interpreter; a pyenv or venv python3 may shadow it.
python=/usr/bin/python3
artifacts=bench/BenchmarkDotNet.Artifacts
project=bench/TrioSharp.Benchmarks/TrioSharp.Benchmarks.csproj
assembly=bench/TrioSharp.Benchmarks/bin/Release/net10.0/TrioSharp.Benchmarks.dll
peers=$artifacts/trio-peers.jsonl

if ! "$python" -c 'import trio' 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then
        echo "Installing Debian's python3-trio for $python ..." >&2
        apt-get update -qq && apt-get install -y -qq python3-trio >&2
    else
        echo "error: $python cannot import trio; install it with: sudo apt-get install python3-trio" >&2
        exit 1
    fi
fi

build=(dotnet build -c Release "$project")
bdn=(dotnet "$assembly" --filter "$filter" --job "$job" ${iterations:+--iterationCount "$iterations"}
    --exporters json --artifacts "$artifacts")
trio=("$python" bench/peers/trio_bench.py --reps "$reps")

show() { printf '%q ' "$@" | sed 's/ $//'; }

rm -rf "$artifacts"
mkdir -p "$artifacts"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "+ $(show "${build[@]}")" >&2
"${build[@]}" >&2
echo "+ $(show "${bdn[@]}")" >&2
"${bdn[@]}" >&2
echo "+ $(show "${trio[@]}") > $peers" >&2
"${trio[@]}" > "$peers"

mkdir -p "$(dirname "$out")"
"$python" bench/report.py \
    --results "$artifacts/results" \
    --peers "$peers" \
    --out "$out" \
    --job "$job" \
    --load-before "$load_before" \
    --command "$(show "${build[@]}")" \
    --command "$(show "${bdn[@]}")" \
    --command "$(show "${trio[@]}") > $peers"
echo "Wrote $out" >&2
