#!/usr/bin/env bash
# `triosharp gdp` against the seed's task 3b in Python Trio + httpx (bench/peers/gdp_trio.py), side by side:
# every country of the list (269 rows, 266 economies with data) from a mirror that holds each answer 100 ms,
# at concurrency 5, 10 and 20. Both programs send 270 requests (the country list in one page, one per country).
# Prints a "## World Bank client" section and puts it at the end of docs/benchmarks.md (replacing an older one).
#
# Usage: bench/peers/gdp-benchmark.sh            (RUNS=5 for more runs per cell; NO_WRITE=1 to only print)
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
LATENCY_MS=100
REQUESTS=270
PYTHON=/usr/bin/python3
CLI=(dotnet src/TrioSharp.Cli/bin/Release/net10.0/TrioSharp.Cli.dll)
WORK=$(mktemp -d)
MIRROR=""

cleanup() {
    # The mirror command does not stop on SIGTERM (its ASP.NET host takes the signal), so it is killed.
    if [[ -n "$MIRROR" ]]; then kill -9 "$MIRROR" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

dotnet build -c Release src/TrioSharp.Cli -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
"$PYTHON" -c 'import trio, httpx' 2>/dev/null || { echo "needs Debian's python3-trio and python3-httpx" >&2; exit 1; }

"${CLI[@]}" mirror --port 0 --latency-ms "$LATENCY_MS" >"$WORK/mirror.log" 2>&1 &
MIRROR=$!
disown "$MIRROR"   # no "Killed" notice from this shell when the clean-up kills it
for _ in $(seq 100); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/mirror.log" | head -1 || true)
    [[ -n "$URL" ]] && break
    sleep 0.1
done
[[ -n "$URL" ]] || { echo "the mirror did not start:" >&2; cat "$WORK/mirror.log" >&2; exit 1; }

# Runs one program; appends "side concurrency wall inside" to the results. "inside" is the time the program
# reports for its own fetching (without the runtime's start-up), from `triosharp gdp -v` and gdp_trio.py.
measure() {
    local side=$1 c=$2 start end inside
    start=$(date +%s%N)
    if [[ $side == triosharp ]]; then
        "${CLI[@]}" gdp --countries all --concurrency "$c" --base-url "$URL" --no-cache -v >"$WORK/out-$side-$c.txt" 2>"$WORK/err.txt"
    else
        "$PYTHON" bench/peers/gdp_trio.py --base-url "$URL" --concurrency "$c" >"$WORK/out-$side-$c.txt" 2>"$WORK/err.txt"
    fi
    end=$(date +%s%N)
    inside=$(grep -o 'in [0-9.]* s' "$WORK/err.txt" | grep -o '[0-9.]*')
    echo "$side $c $(( (end - start) / 1000000 )) $inside" >>"$WORK/results.txt"
}

# One warm-up of each (disk caches, the mirror's JIT), then the runs, alternating sides so load drifts hit both.
measure triosharp 5 && measure python 5 && : >"$WORK/results.txt"
# What one request costs on its own (the mirror's 100 ms plus server, loopback and client overhead): curl, median of 20.
LONE_MS=$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "${URL}v2/country/ABW/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json"; done \
    | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for c in 5 10 20; do
    for _ in $(seq "$RUNS"); do
        measure triosharp "$c"
        measure python "$c"
    done
    cmp -s "$WORK/out-triosharp-$c.txt" "$WORK/out-python-$c.txt" || { echo "outputs differ at concurrency $c" >&2; exit 1; }
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
LINES=$(wc -l <"$WORK/out-triosharp-5.txt")

SECTION=$("$PYTHON" - "$WORK/results.txt" "$RUNS" "$LATENCY_MS" "$REQUESTS" "$LOAD_BEFORE" "$LOAD_AFTER" "$LINES" "$(git rev-parse --short HEAD)" "$LONE_MS" <<'PY'
import statistics, sys, datetime
path, runs, latency_ms, requests, load_before, load_after, lines, commit, lone_ms = sys.argv[1:]
latency, requests = int(latency_ms) / 1000, int(requests)
cells = {}
for line in open(path):
    side, c, wall_ms, inside = line.split()
    cells.setdefault((side, int(c)), []).append((int(wall_ms) / 1000, float(inside)))
med = lambda side, c, i: statistics.median(v[i] for v in cells[(side, c)])
out = [
    "## World Bank client",
    "",
    f"`triosharp gdp` (TrioSharp.WorldBank) against the seed's task 3b in Python Trio + httpx "
    f"(`bench/peers/gdp_trio.py`), run side by side by `bench/peers/gdp-benchmark.sh` on "
    f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC at commit `{commit}`. "
    f"The mirror (`triosharp mirror --latency-ms {latency_ms}`) holds every answer {latency_ms} ms; both programs "
    f"fetch every country of the list ({lines} report lines, 266 economies with data) with {requests} requests "
    "(the country list in one page, then one request per country) and print identical reports (checked).",
    "",
    f"Lower bound = requests ÷ concurrency × latency = {requests} ÷ c × {latency_ms} ms. It ignores that the "
    "country list must arrive before the first country can be asked for, so even a perfect client needs one "
    f"more round trip ({latency_ms} ms) plus the rounding up of {requests - 1} ÷ c. \"wall\" is the whole process "
    "as a user times it (runtime start-up included); \"fetch\" is the time each program reports for its own run "
    "loop (`trio.run` / `Trio.Run`, from creating the HTTP client to the last answer). "
    f"Medians of {runs} runs per cell, the two programs alternating.",
    "",
    "| concurrency | lower bound s | triosharp wall s | triosharp fetch s | fetch ÷ bound | wall ÷ bound | Python wall s | Python fetch s | Python ÷ triosharp (wall) | Python ÷ triosharp (fetch) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
verdicts = []
for c in (5, 10, 20):
    bound = requests / c * latency
    tw, tf, pw, pf = med("triosharp", c, 0), med("triosharp", c, 1), med("python", c, 0), med("python", c, 1)
    out.append(f"| {c} | {bound:.2f} | {tw:.2f} | {tf:.2f} | {tf / bound:.2f}x | {tw / bound:.2f}x | {pw:.2f} | {pf:.2f} | {pw / tw:.2f}x | {pf / tf:.2f}x |")
    best = (1 + -(-(requests - 1) // c)) * latency
    verdicts.append(
        f"- concurrency {c}: within 1.1x of the lower bound: fetch {'met' if tf <= 1.1 * bound else '**missed**'} "
        f"({tf / bound:.2f}x), wall {'met' if tw <= 1.1 * bound else '**missed**'} ({tw / bound:.2f}x); a perfect client "
        f"needs {best:.2f} s ({best / bound:.2f}x). No slower than Python: wall {'met' if tw <= pw else '**missed**'}, "
        f"fetch {'met' if tf <= pf else '**missed**'}.")
out += ["", "Targets (within 1.1x of the lower bound; no slower than Python at equal concurrency):", ""] + verdicts
out += [
    "",
    f"A lone request to the mirror takes {lone_ms} ms (curl, median of 20): the {latency_ms} ms of latency plus "
    "the server's and the loopback's own time. Run back to back, rounds of requests pay that extra on every round, "
    "and under load the occasional slow answer holds its slot longer; the Python peer pays the same, which is why "
    "the side-by-side ratios are the measure of the client.",
]
out += [
    "",
    f"Load average before: {load_before}; after: {load_after} (2 cores shared with other users: absolute times "
    "move with their load, the side-by-side ratios less so).",
    "",
    "Run it again with `bench/peers/gdp-benchmark.sh` (`RUNS=5` for more runs per cell).",
]
print("\n".join(out))
PY
)
echo "$SECTION"

if [[ -z "${NO_WRITE:-}" ]]; then
    DOC=docs/benchmarks.md
    touch "$DOC"
    # Keep everything above an older "## World Bank client" section (the rest of the file belongs to other benchmarks).
    "$PYTHON" - "$DOC" "$SECTION" <<'PY'
import sys
path, section = sys.argv[1:]
text = open(path, encoding="utf-8").read()
head = text.split("\n## World Bank client\n")[0].rstrip("\n") if "## World Bank client" in text else text.rstrip("\n")
if text.startswith("## World Bank client"):
    head = ""
open(path, "w", encoding="utf-8").write((head + "\n\n" if head else "") + section + "\n")
PY
    echo "wrote the section to $DOC" >&2
fi
