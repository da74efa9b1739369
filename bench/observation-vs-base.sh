#!/usr/bin/env bash
# The cost of observation hooks: the spawn and checkpoint benchmarks of a base commit (before the hooks) and of this
# checkout, base then this checkout, ROUNDS times, plus this checkout's ObservationBenchmarks. Reports go to OUT.
#   bench/observation-vs-base.sh [BASE_COMMIT]      (default c9e3e58, the core before the instruments)
set -euo pipefail
base_commit=${1:-c9e3e58}
rounds=${ROUNDS:-2}
repo=$(cd "$(dirname "$0")/.." && pwd)
base=$(mktemp -d)
out=${OUT:-$repo/BenchmarkDotNet.Artifacts/observation-vs-base}
rm -rf "$out" && mkdir -p "$out"
git -C "$repo" archive "$base_commit" | tar -x -C "$base"
dotnet build -c Release "$base/bench/TrioSharp.Benchmarks" -v q
dotnet build -c Release "$repo/bench/TrioSharp.Benchmarks" -v q
filters=('*SpawnBenchmarks.NurseryStartSoon*' '*CheckpointBenchmarks.TrioCheckpoint*')
for round in $(seq 1 "$rounds"); do
  for side in base main; do
    dir=$([[ $side == base ]] && echo "$base" || echo "$repo")
    extra=(); [[ $side == main ]] && extra=('*ObservationBenchmarks*')
    echo "round $round $side: $(uptime)" | tee -a "$out/log"
    rm -rf "$dir/BenchmarkDotNet.Artifacts/results"
    (cd "$dir" && dotnet bench/TrioSharp.Benchmarks/bin/Release/net10.0/TrioSharp.Benchmarks.dll \
        --filter "${filters[@]}" "${extra[@]}" --job short --iterationCount 15 > "$out/$side-$round.txt")
    for report in "$dir"/BenchmarkDotNet.Artifacts/results/*-github.md; do
      cp "$report" "$out/$side-$round-$(basename "$report")"
    done
  done
done
grep -h '^| [A-Z*]' "$out"/*-github.md | grep -v '^| Method' || true
rm -rf "$base"
