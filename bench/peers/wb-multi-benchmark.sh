#!/usr/bin/env bash
# Three indicators x every economy: `triosharp wb data -i NY.GDP.MKTP.CD,EN.ATM.CO2E.KT,AG.LND.FRST.K2 --economies`
# against the same fetch in Python Trio + httpx (bench/peers/wb_multi_trio.py), side by side, from a mirror that holds
# each answer 100 ms. Both send one request per economy and indicator (triosharp with --batch 1), at concurrency C;
# triosharp is also timed as a user would run it (its default --batch 50: several economies per request). Both must
# count the same non-empty values (checked). Prints a Markdown section to paste into docs/benchmarks.md.
#
# Usage: bench/peers/wb-multi-benchmark.sh     (RUNS=3, C=10; BIN=path to use a triosharp instead of installing one)
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
C=${C:-10}
PYTHON=/usr/bin/python3
INDICATORS=(NY.GDP.MKTP.CD EN.ATM.CO2E.KT AG.LND.FRST.K2)
WORK=$(mktemp -d)
MIRROR=""
cleanup() {
    if [[ -n "$MIRROR" ]]; then kill -9 "$MIRROR" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$PYTHON" -c 'import trio, httpx' 2>/dev/null || { echo "needs Debian's python3-trio and python3-httpx" >&2; exit 1; }
BIN=${BIN:-$(bench/install-triosharp.sh "$WORK/install")}

"$BIN" mirror --port 0 --latency-ms 100 >"$WORK/mirror.log" 2>&1 &
MIRROR=$!
disown "$MIRROR"
for _ in $(seq 100); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/mirror.log" | head -1 || true)
    [[ -n "$URL" ]] && break
    sleep 0.1
done
[[ -n "$URL" ]] || { echo "the mirror did not start" >&2; exit 1; }

ids=$(IFS=,; echo "${INDICATORS[*]}")
# Runs one side; appends "side wall_ms count" to the results.
measure() {
    local side=$1 start end count
    start=$(date +%s%N)
    case $side in
        python) "$PYTHON" bench/peers/wb_multi_trio.py --base-url "$URL" --concurrency "$C" "${INDICATORS[@]}" >"$WORK/out.txt" 2>/dev/null
                count=$(cat "$WORK/out.txt") ;;
        triosharp) "$BIN" wb data -i "$ids" --economies --batch 1 -j "$C" --base-url "$URL" --no-cache >"$WORK/out.txt"
                count=$(awk -F'\t' 'NR > 1 && $NF != ""' "$WORK/out.txt" | wc -l) ;;
        batched) "$BIN" wb data -i "$ids" --economies -j "$C" --base-url "$URL" --no-cache >"$WORK/out.txt"
                count=$(awk -F'\t' 'NR > 1 && $NF != ""' "$WORK/out.txt" | wc -l) ;;
    esac
    end=$(date +%s%N)
    echo "$side $(( (end - start) / 1000000 )) $count" >>"$WORK/results.txt"
}

measure triosharp && measure python && : >"$WORK/results.txt"   # warm-up
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$RUNS"); do measure triosharp; measure python; measure batched; done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
[[ $(awk '{print $3}' "$WORK/results.txt" | sort -u | wc -l) == 1 ]] || { echo "the sides counted different values:" >&2; cat "$WORK/results.txt" >&2; exit 1; }

"$PYTHON" - "$WORK/results.txt" "$RUNS" "$C" "$LOAD_BEFORE" "$LOAD_AFTER" "$(git rev-parse --short HEAD)" <<'PY'
import statistics, sys, datetime
path, runs, c, before, after, commit = sys.argv[1:]
walls = {}
for line in open(path):
    side, ms, count = line.split()
    walls.setdefault(side, []).append(int(ms) / 1000)
med = {side: statistics.median(v) for side, v in walls.items()}
print("### Three indicators × every economy")
print()
print(f"`bench/peers/wb-multi-benchmark.sh` (RUNS={runs}, C={c}) on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC "
      f"at commit `{commit}`, load average {before} before, {after} after: NY.GDP.MKTP.CD, EN.ATM.CO2E.KT and AG.LND.FRST.K2 "
      f"for every economy, 1999-2019, from the mirror holding each answer 100 ms, at concurrency {c}; both sides count "
      f"the same {count} non-empty values. Wall time of the whole process, medians of {runs} runs, the sides alternating.")
print()
print("| program | requests | wall s | ÷ Python |")
print("| --- | --- | ---: | ---: |")
print(f"| Python Trio + httpx (`wb_multi_trio.py`) | one per economy and indicator | {med['python']:.2f} | 1.00x |")
print(f"| `triosharp wb data --batch 1` | one per economy and indicator | {med['triosharp']:.2f} | {med['triosharp'] / med['python']:.2f}x |")
print(f"| `triosharp wb data` (default `--batch 50`) | 50 economies per request | {med['batched']:.2f} | {med['batched'] / med['python']:.2f}x |")
PY
