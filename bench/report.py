#!/usr/bin/python3
"""Writes docs/benchmarks.md from BenchmarkDotNet's exported results and the Python Trio peers' JSON lines.

Called by bench/run-benchmarks.sh. BenchmarkDotNet results are matched to peer workloads by name: a
benchmark class `XxxBenchmarks` with parameters (say Capacity=0) is the workload `xxx-0`, the name
bench/peers/trio_bench.py prints. In each class the `[Benchmark(Baseline = true)]` method is the BCL side
and every other method a TrioSharp side.
"""

import argparse
import csv
import datetime
import glob
import json
import os
import platform
import subprocess

# Targets from the issues: (TrioSharp/BCL at most, Trio/TrioSharp at least).
DEFAULT_TARGET = (1.5, 30.0)
# A single-thread loop needs no cross-thread hand-off, so the rendezvous channel must beat the BCL.
TARGETS = {"channel-0": (1.0, 30.0)}

WORKLOAD_TEXT = {
    "spawn": "spawn + join 10,000 tasks, each passing one schedule point; per task",
    "checkpoint": "10,000 schedule points in one task; per checkpoint",
    "channel-0": "one producer, one consumer, 100,000 ints, capacity 0; per message",
    "channel-1024": "one producer, one consumer, 100,000 ints, capacity 1,024; per message",
    "semaphore": "10 tasks x 1,000 acquisitions of a 2-slot semaphore, a checkpoint inside; per acquisition",
}


def workload_key(type_name, parameters):
    base = type_name.removesuffix("Benchmarks").removesuffix("Benchmark").lower()
    return "-".join([base, *parameters_of(parameters).values()])


def parameters_of(text):
    """BenchmarkDotNet's parameter text ("Capacity=0&Mode=x") as a dict."""
    return dict(pair.split("=", 1) for pair in text.split("&") if "=" in pair)


def csv_rows(results_dir):
    """(type, row) for every row of every *-report.csv; the rows carry the Baseline column (Yes/No)."""
    rows = []
    for path in glob.glob(os.path.join(results_dir, "*-report.csv")):
        type_name = os.path.basename(path).removesuffix("-report.csv").rsplit(".", 1)[-1]
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows += [(type_name, row) for row in csv.DictReader(f)]
    return rows


def is_baseline(rows, bench):
    wanted = parameters_of(bench["Parameters"])
    for type_name, row in rows:
        if (type_name == bench["Type"] and row["Method"] == bench["Method"]
                and all(row.get(k) == v for k, v in wanted.items())):
            if "Baseline" not in row:
                raise SystemExit("the CSV export has no Baseline column; run through bench/TrioSharp.Benchmarks' Program")
            return row["Baseline"] == "Yes"
    raise SystemExit(f"no CSV row for {bench['FullName']} ({bench['Parameters']})")


def load_bdn(results_dir):
    """Workload key -> {"bcl": entry, "trio": [entries]}, plus the host description."""
    rows = csv_rows(results_dir)
    workloads, host = {}, None
    for path in sorted(glob.glob(os.path.join(results_dir, "*-report-full-compressed.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        host = data["HostEnvironmentInfo"]
        for bench in data["Benchmarks"]:
            if not bench.get("Statistics"):
                continue  # the benchmark failed; BenchmarkDotNet already reported why
            entry = {
                "type": bench["Type"],
                "method": bench["Method"],
                "median_us": bench["Statistics"]["Median"] / 1000.0,
                "alloc": bench["Memory"]["BytesAllocatedPerOperation"],
            }
            key = workload_key(bench["Type"], bench["Parameters"])
            sides = workloads.setdefault(key, {"bcl": None, "triosharp": []})
            if is_baseline(rows, bench):
                sides["bcl"] = entry
            else:
                sides["triosharp"].append(entry)
    return workloads, host


def load_peers(path):
    with open(path, encoding="utf-8") as f:
        return {line["workload"]: line for line in map(json.loads, filter(str.strip, f))}


def run(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model():
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def us(value):
    return "—" if value is None else f"{value:,.3f}"


def ratio(value):
    return "—" if value is None else f"{value:.2f}x"


def verdict(key, vs_bcl, vs_trio):
    if key not in WORKLOAD_TEXT:
        # Only the core's workloads have ratio targets; the scheduler's issue asks for time and bytes per task.
        return "no ratio target"
    most_vs_bcl, least_vs_trio = TARGETS.get(key, DEFAULT_TARGET)
    checks = []
    if vs_bcl is not None:
        mark = "met" if vs_bcl <= most_vs_bcl else "**missed**"
        checks.append(f"≤ {most_vs_bcl:g}x BCL {mark}")
    if vs_trio is not None:
        mark = "met" if vs_trio >= least_vs_trio else "**missed**"
        checks.append(f"≥ {least_vs_trio:g}x Trio {mark}")
    return "; ".join(checks) or "—"


def table(workloads, peers):
    lines = [
        "| Workload | TrioSharp µs/op | BCL µs/op | TrioSharp / BCL | Trio µs/op | Trio / TrioSharp "
        "| TrioSharp B/op | BCL B/op | Targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    order = list(WORKLOAD_TEXT) + sorted((set(workloads) | set(peers)) - set(WORKLOAD_TEXT))
    for key in order:
        sides = workloads.get(key, {"bcl": None, "triosharp": []})
        peer = peers.get(key)
        if not sides["triosharp"] and sides["bcl"] is None and peer is None:
            continue
        bcl = sides["bcl"]
        trio_us = peer["median_us_per_op"] if peer else None
        for ours in sides["triosharp"] or [None]:
            ours_us = ours["median_us"] if ours else None
            vs_bcl = ours_us / bcl["median_us"] if ours and bcl else None
            vs_trio = trio_us / ours_us if ours and peer else None
            methods = " vs ".join(e["method"] for e in (ours, bcl) if e)
            name = f"`{key}`" + (f" ({methods})" if methods else " (no BenchmarkDotNet benchmark yet)")
            lines.append(
                f"| {name} | {us(ours_us)} | {us(bcl['median_us'] if bcl else None)} | {ratio(vs_bcl)} "
                f"| {us(trio_us)} | {ratio(vs_trio)} | {ours['alloc'] if ours else '—'} "
                f"| {bcl['alloc'] if bcl else '—'} | {verdict(key, vs_bcl, vs_trio)} |"
            )
    return lines


BEGIN = "<!-- BEGIN: generated by bench/run-benchmarks.sh; do not edit by hand. -->"
END = "<!-- END of the generated part; sections below are appended by other benchmark scripts. -->"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", required=True, help="BenchmarkDotNet.Artifacts/results directory")
    parser.add_argument("--peers", required=True, help="JSON lines printed by bench/peers/trio_bench.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--job", required=True)
    parser.add_argument("--load-before", default="unknown")
    parser.add_argument("--command", action="append", default=[], help="a command the run executed, in order")
    args = parser.parse_args()

    workloads, host = load_bdn(args.results)
    peers = load_peers(args.peers)
    any_peer = next(iter(peers.values()), {})
    with open("/proc/loadavg", encoding="utf-8") as f:
        load_after = " ".join(f.read().split()[:3])
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = run("git", "describe", "--always", "--dirty")
    reports = sorted(glob.glob(os.path.join(args.results, "*-report-github.md")))

    doc = [
        "# Benchmarks",
        "",
        BEGIN,
        "",
        f"TrioSharp against the BCL (BenchmarkDotNet, `[Benchmark(Baseline = true)]` on the BCL side) and "
        f"against Python Trio (`bench/peers/trio_bench.py`), all run one after the other in one session on "
        f"{now}, at commit `{commit}`.",
        "",
        "**Read the ratios, not the absolute times.** The machine has "
        f"{os.cpu_count()} cores shared with other users, so absolute times move with their load; the three "
        "sides of a row ran minutes apart in the same session, so their ratios are what the numbers support. "
        f"Load average before the run: {args.load_before}; after: {load_after}.",
        "",
        "Times are medians per operation in microseconds; B/op is managed memory allocated per operation "
        "(BenchmarkDotNet's MemoryDiagnoser). TrioSharp / BCL below 1 means TrioSharp is faster; Trio / TrioSharp "
        "is how many times faster TrioSharp is than Python Trio.",
        "",
        *table(workloads, peers),
        "",
        "Workloads (the same on all three sides; the benchmark classes explain the choices):",
        "",
        *[f"- `{key}`: {text}." for key, text in WORKLOAD_TEXT.items()],
        "",
        "Every TrioSharp invocation includes starting one `Trio.Run` loop and every Trio repetition one "
        "`trio.run`, shared by all the operations of that invocation.",
        "",
        "## How this was run",
        "",
        "```sh",
        "bench/run-benchmarks.sh   # which ran:",
        *args.command,
        "```",
        "",
        f"BenchmarkDotNet job: `{args.job}` (set `TRIOSHARP_BENCH_JOB=medium` or `long` for a longer, more "
        "precise run). Python peers: one warm-up run, then the median of "
        f"{any_peer.get('reps', '?')} timed runs (`time.perf_counter`).",
        "",
        "## Machine",
        "",
        f"- CPU: {cpu_model()}; `nproc`: {run('nproc')}",
        f"- OS: {host['OsVersion'] if host else platform.platform()}",
        f"- .NET: `dotnet --version` {run('dotnet', '--version')}; runtime {host['RuntimeVersion'] if host else '?'}; "
        f"BenchmarkDotNet {host['BenchmarkDotNetVersion'] if host else '?'}",
        f"- Python {any_peer.get('python', '?')}, Debian python3-trio {run('dpkg-query', '-W', '-f=${Version}', 'python3-trio')} "
        f"(trio {any_peer.get('trio', '?')})",
        "",
        "## Python Trio peers",
        "",
        "| Workload | ops per run | median µs/op | min µs/op | max µs/op |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[
            f"| `{p['workload']}` | {p['ops']:,} | {p['median_us_per_op']:.3f} | {p['min_us_per_op']:.3f} "
            f"| {p['max_us_per_op']:.3f} |"
            for p in peers.values()
        ],
        "",
        "## BenchmarkDotNet reports",
        "",
        "As exported (`*-report-github.md`): `Ratio` is TrioSharp's mean over the BCL baseline's, "
        "`Alloc Ratio` the same for allocations.",
        "",
    ]
    for path in reports:
        with open(path, encoding="utf-8") as f:
            name = os.path.basename(path).removesuffix("-report-github.md").rsplit(".", 1)[-1]
            doc += [f"### {name}", "", f.read().strip(), ""]

    # Sections that other benchmark scripts append after the END marker (downloads, the World Bank client, load)
    # are kept as they are.
    tail = ""
    if os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as f:
            existing = f.read()
        if END in existing:
            tail = existing.split(END, 1)[1].strip()

    text = "\n".join(doc).rstrip() + "\n\n" + END + "\n"
    if tail:
        text += "\n" + tail + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
