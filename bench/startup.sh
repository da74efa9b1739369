#!/usr/bin/env bash
# Package sizes and the tool's start-up time. Packs every package into WORK/feed, installs triosharp with
# `dotnet tool install --tool-path` (bench/install-triosharp.sh: the native AOT linux-x64 package), unpacks the
# portable fallback package (any), then times `triosharp --version`, `triosharp --help` and `dotnet TrioSharp.Cli.dll --version`
# interleaved, RUNS times each, and prints a "## Packages and start-up" section with the sizes and the medians and puts
# it into docs/benchmarks.md (replacing an older one).
# Usage: bench/startup.sh            (RUNS=20; WORK=a scratch folder, default a new temporary one; NO_WRITE=1 to only print)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
work=${WORK:-$(mktemp -d)}

tool=$(bench/install-triosharp.sh "$work")
{
    dotnet pack TrioSharp.slnx -c Release -o "$work/feed"
    dotnet pack src/TrioSharp.Cli -c Release -r any -p:PublishAot=false -o "$work/feed"
    # The cross-compiled arm64 package, for its size, where the toolchain is installed (.ci/check-packages installs it).
    if command -v aarch64-linux-gnu-gcc > /dev/null && command -v clang > /dev/null; then
        dotnet pack src/TrioSharp.Cli -c Release -r linux-arm64 -o "$work/feed"
    fi
} > "$work/pack.log" 2>&1 || { tail -20 "$work/pack.log" >&2; exit 1; }
version=$(dotnet msbuild src/TrioSharp/TrioSharp.csproj -getProperty:PackageVersion)
rm -rf "$work/any" && mkdir -p "$work/any"
unzip -q "$work/feed/TrioSharp.Cli.any.$version.nupkg" -d "$work/any"
dll="$work/any/tools/net10.0/any/TrioSharp.Cli.dll"

python3 - "$runs" "$work" "$version" "$tool" "$dll" "$(git rev-parse --short HEAD)" "${NO_WRITE:-}" <<'PY'
import datetime, os, re, statistics, subprocess, sys, time
runs, work, version, tool, dll, commit, no_write = int(sys.argv[1]), *sys.argv[2:]
feed = os.path.join(work, "feed")

def mib(n): return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"
def tree(path): return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

# The installed tool runs --version (and downloads) in its download image and hands every other command to its
# complete image by exec (src/TrioSharp.Cli/TrioSharp.Cli.csproj); --help measures that hand-off.
commands = {"triosharp --version (installed, native AOT, download image)": [tool, "--version"],
            "triosharp --help (installed, native AOT, handed to the complete image)": [tool, "--help"],
            "dotnet TrioSharp.Cli.dll --version (portable package, JIT)": ["dotnet", dll, "--version"]}
for argv in commands.values():          # warm the page cache and check each runs
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert out.startswith(version) or "--help" in argv and "Commands:" in out, out
times = {name: [] for name in commands}
for _ in range(runs):                   # interleaved, so both see the same machine load
    for name, argv in commands.items():
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times[name].append((time.perf_counter() - start) * 1000)

store = os.path.join(work, "tools", ".store")
base = statistics.median(times[next(iter(commands))])
lines = [
    "## Packages and start-up", "",
    f"`bench/startup.sh` (RUNS={runs}) on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC at commit `{commit}`, "
    f"load average {os.getloadavg()[0]:.2f}. Sizes of the packages `dotnet pack` makes (version {version}):", "",
    "| package | size |", "| --- | ---: |",
    *(f"| {name.replace('.' + version, '')} | {mib(os.path.getsize(os.path.join(feed, name)))} |" for name in sorted(os.listdir(feed))),
    "",
    f"Installed: the linux-x64 tool takes {mib(tree(store))} on disk; the portable package unpacks to "
    f"{mib(tree(os.path.join(work, 'any', 'tools')))}.", "",
    f"Start-up, wall time of the whole process, {runs} runs each, interleaved:", "",
    "| command | median | min | max | ratio |", "| --- | ---: | ---: | ---: | ---: |",
    *(f"| `{name.split(' (')[0]}` ({name.split(' (', 1)[1][:-1]}) | {statistics.median(ts):.1f} ms | {min(ts):.1f} ms "
      f"| {max(ts):.1f} ms | {statistics.median(ts) / base:.1f}x |" for name, ts in times.items()),
    "",
    "The targets: each native tool package under 40 MB (`.ci/check-packages` fails above it), `triosharp --version` "
    "under 30 ms median. The portable package carries SkiaSharp's native libraries for every platform .NET 10 runs on.",
]
text = "\n".join(lines) + "\n"
print(text, end="")
if not no_write:
    path = "docs/benchmarks.md"
    doc = open(path).read()
    old = re.search(r"^## Packages and start-up\n.*?(?=^## |\Z)", doc, flags=re.S | re.M)
    doc = doc[:old.start()] + text + "\n" + doc[old.end():] if old else doc.rstrip("\n") + "\n\n" + text
    open(path, "w").write(doc.rstrip("\n") + "\n")
PY
