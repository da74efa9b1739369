#!/usr/bin/env bash
# Times `triosharp download` against aria2c, curl --parallel and wget2 on loopback, all fetching the same static
# files from nginx (an independent server: the files are written once from `triosharp mirror` into a directory nginx
# serves), and appends a "## Downloads" section to docs/benchmarks.md (replacing the one a previous run wrote).
#
# Sets (sizes via environment variables for quick runs):
#   small   SMALL_COUNT x SMALL_SIZE files   (default 2000 x 16K), concurrency SMALL_JOBS (16)
#   books   the seed's three books           (4.7 MB),             concurrency 3
#   medium  MEDIUM_COUNT x MEDIUM_SIZE files (default 100 x 10M),  concurrency MEDIUM_JOBS (8)
#   large   one LARGE_SIZE file              (default 1G),         concurrency 1
#   split   one SPLIT_SIZE file              (default 256M) from a location where nginx sends at most SPLIT_RATE
#           (default 32m) per connection: triosharp -x 8 against aria2c -x 8 -s 8 and single-connection curl
# Every tool gets the same concurrency (ours: -j N --per-host N). Each run is verified: the files and their bytes
# must match curl's first run, or the run is marked wrong. Output goes to WORK (default /var/tmp/triosharp-bench),
# which must be on the machine's real file system, not tmpfs: creating, writing and renaming files costs more on a
# journaled disk, and that is what users pay. No tool fsyncs; `sync` runs between runs, outside the timing.
#
# Quick run:  SMALL_COUNT=200 MEDIUM_COUNT=10 LARGE_SIZE=100M SPLIT_SIZE=64M RUNS=1 bench/peers/download.sh
# Env: RUNS (3), PORT (18765: the mirror that writes the files), NGINX_PORT (18766), WORK, BIN (a triosharp to use
#      instead of installing one), NO_INSTALL=1, RESULTS (docs/benchmarks.md; "-" prints the section).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

small_count=${SMALL_COUNT:-2000}
small_size=${SMALL_SIZE:-16K}
small_jobs=${SMALL_JOBS:-16}
medium_count=${MEDIUM_COUNT:-100}
medium_size=${MEDIUM_SIZE:-10M}
medium_jobs=${MEDIUM_JOBS:-8}
large_size=${LARGE_SIZE:-1G}
split_size=${SPLIT_SIZE:-256M}
split_rate=${SPLIT_RATE:-32m}
runs=${RUNS:-3}
port=${PORT:-18765}
nginx_port=${NGINX_PORT:-18766}
work=${WORK:-/var/tmp/triosharp-bench}
results=${RESULTS:-$root/docs/benchmarks.md}
mirror_base="http://127.0.0.1:$port"
base="http://127.0.0.1:$nginx_port"

log() { printf '%s\n' "$*" >&2; }

if [[ -z ${NO_INSTALL:-} ]]; then
    missing=()
    for tool in aria2c:aria2 curl:curl wget2:wget2 nginx:nginx-light /usr/bin/time:time clang:clang; do
        command -v "${tool%%:*}" > /dev/null || missing+=("${tool##*:}")
    done
    [[ -e /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
    fi
fi

load_start=$(cut -d' ' -f1 /proc/loadavg)
started=$(date -u +%H:%M)
rm -rf "$work"
mkdir -p "$work"
filesystem=$(df -T "$work" | awk 'NR == 2 {print $2}')
if [[ $filesystem == tmpfs ]]; then
    log "WORK=$work is on tmpfs: give a directory on the machine's real file system"
    exit 2
fi

if [[ -n ${BIN:-} ]]; then
    bin=$BIN
    build="given: $bin"
else
    # The installed tool: native AOT on linux-x64. A downloader is a short-lived process, and JIT start-up would
    # dominate the small sets.
    log "installing triosharp (dotnet tool install from a local pack)"
    bin=$(bench/install-triosharp.sh "$work/install")
    build="installed tool (native AOT, linux-x64)"
fi

# The data sets' paths; the files nginx serves are written once from the mirror under the same paths.
{ for i in $(seq -w 1 "$small_count"); do echo "/data/$small_size/s$i.bin"; done; } > "$work/small.paths"
printf '%s\n' /files/2600/2600-0.txt /cache/epub/1342/pg1342.txt /files/1661/1661-0.txt > "$work/books.paths"
{ for i in $(seq -w 1 "$medium_count"); do echo "/data/$medium_size/m$i.bin"; done; } > "$work/medium.paths"
echo "/data/$large_size/large.bin" > "$work/large.paths"
echo "/data/$split_size/split.bin" > "$work/split.paths"

"$bin" mirror --port "$port" > "$work/mirror.log" 2>&1 &
mirror=$!
for _ in $(seq 100); do
    curl -sf -o /dev/null "$mirror_base/" && break
    sleep 0.1
done
log "writing the data sets into $work/www"
for set in small books medium large split; do
    awk -v m="$mirror_base" -v w="$work/www" '{printf "url = \"%s%s\"\noutput = \"%s%s\"\n", m, $0, w, $0}' "$work/$set.paths" > "$work/fill.curlrc"
    curl -sS --no-progress-meter --fail -Z --parallel-max 8 --create-dirs -K "$work/fill.curlrc"
done
kill "$mirror"
chmod -R a+rX "$work/www" # nginx's workers run as another user
wait "$mirror" 2> /dev/null || true

# nginx in the foreground of a background job, so the trap can stop it; /slow/ is the same tree, rate-limited.
{
    echo "worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;"
    echo "  server { listen 127.0.0.1:$nginx_port; root $work/www;"
    echo "    location /slow/ { alias $work/www/; limit_rate $split_rate; } } }"
} > "$work/nginx.conf"
nginx -c "$work/nginx.conf" &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf -o /dev/null "$base/files/1661/1661-0.txt" && break
    sleep 0.1
done

# A URL list per set (one URL per line) and the same list as a curl config.
for set in small books medium large; do
    sed "s|^|$base|" "$work/$set.paths" > "$work/$set.txt"
done
sed "s|^|$base/slow|" "$work/split.paths" > "$work/split.txt"
for set in small books medium large split; do
    sed 's/.*/url = "&"/' "$work/$set.txt" > "$work/$set.curlrc"
done

declare -A jobs=([small]=$small_jobs [books]=3 [medium]=$medium_jobs [large]=1 [split]=1)
declare -A label=(
    [small]="$small_count × $small_size"
    [books]="3 books (4.7 MB)"
    [medium]="$medium_count × $medium_size"
    [large]="1 × $large_size"
    [split]="1 × $split_size at $split_rate/connection"
)

# The split set compares 8 connections (triosharp, aria2c) with one (curl); wget2 sits it out.
tools_for() { if [[ $1 == split ]]; then echo "curl triosharp aria2c"; else echo "curl triosharp aria2c wget2"; fi; }

command_for() { # tool set jobs
    local tool=$1 set=$2 n=$3 out=$work/out x=1
    [[ $set == split ]] && x=8
    case $tool in
        triosharp) echo "$bin download -q -i $work/$set.txt -o $out -j $n --per-host $n -x $x" ;;
        aria2c) echo "aria2c -i $work/$set.txt -d $out -j $n -x$x -s$x -k1M --file-allocation=none --summary-interval=0 --console-log-level=warn --auto-file-renaming=false --allow-overwrite=true -q" ;;
        curl) echo "curl -sS --fail -Z --parallel-max $n --parallel-immediate --remote-name-all -K $work/$set.curlrc --output-dir $out" ;;
        wget2) echo "wget2 -q --max-threads=$n -i $work/$set.txt -P $out" ;;
    esac
}

# A digest of the output directory: names and bytes, in name order.
digest() { (cd "$work/out" && find . -type f | LC_ALL=C sort | xargs md5sum | md5sum | cut -c1-12); }

# Four decimals: a tenth of a millisecond, so a 14 ms set is not rounded by up to 4% before its ratio is taken.
median() { sort -g | awk '{a[NR]=$1} END {printf "%.4f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

table="| set | jobs | tool | wall s (median of $runs) | peak RSS MiB | bytes ok |"$'\n'"|---|---|---|---|---|---|"
summary=""
for set in small books medium large split; do
    n=${jobs[$set]}
    reference=""
    declare -A wall=() rss=() ok=() times=() peak=()
    for tool in $(tools_for "$set"); do
        times[$tool]=""""
        peak[$tool]=0
        ok[$tool]=yes
    done
    # The tools take turns run by run, so a change in the machine's load hits all of them alike.
    for run in $(seq "$runs"); do
        for tool in $(tools_for "$set"); do
            rm -rf "$work/out"
            mkdir -p "$work/out"
            sync
            start=$(date +%s%N)
            # shellcheck disable=SC2046
            if ! /usr/bin/time -f '%M' -o "$work/time.txt" $(command_for "$tool" "$set" "$n") > "$work/$tool.out" 2>&1; then
                ok[$tool]="no (exit code)"
            fi
            end=$(date +%s%N)
            times[$tool]+=" $(awk -v ns=$((end - start)) 'BEGIN {printf "%.4f", ns / 1e9}')"
            read -r kb < "$work/time.txt"
            ((kb > peak[$tool])) && peak[$tool]=$kb
            sum=$(digest)
            [[ -z $reference ]] && reference=$sum
            [[ $sum == "$reference" ]] || ok[$tool]="no (bytes differ)"
        done
    done
    for tool in $(tools_for "$set"); do
        # shellcheck disable=SC2086
        wall[$tool]=$(printf '%s\n' ${times[$tool]} | median)
        rss[$tool]=$(awk -v kb="${peak[$tool]}" 'BEGIN {printf "%.1f", kb / 1024}')
        log "$set $tool: ${wall[$tool]} s, ${rss[$tool]} MiB, ok: ${ok[$tool]}"
        table+=$'\n'"| ${label[$set]} | $n | $tool | ${wall[$tool]} | ${rss[$tool]} | ${ok[$tool]} |"
    done
    if [[ $set == split ]]; then
        ratio=$(awk -v a="${wall[triosharp]}" -v b="${wall[aria2c]}" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
        verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 1.1) ? "met" : "missed"}')
        speedup=$(awk -v a="${wall[curl]}" -v b="${wall[triosharp]}" 'BEGIN {printf "%.1f", (b > 0) ? a / b : 0}')
        faster=$(awk -v s="$speedup" 'BEGIN {print (s >= 5) ? "met" : "missed"}')
        summary+="- ${label[$set]}: triosharp -x 8 ${wall[triosharp]} s vs aria2c -x 8 -s 8 ${wall[aria2c]} s → **${ratio}x** (target ≤ 1.1x: $verdict); **${speedup}x** faster than one connection (curl, ${wall[curl]} s; target ≥ 5x: $faster); peak memory ${rss[triosharp]} MiB"$'\n'
        continue
    fi
    fastest_peer=$(printf '%s\n' "${wall[curl]}" "${wall[aria2c]}" "${wall[wget2]}" | sort -g | head -1)
    ratio=$(awk -v a="${wall[triosharp]}" -v b="$fastest_peer" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
    verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 1.1) ? "met" : "missed"}')
    summary+="- ${label[$set]}: triosharp ${wall[triosharp]} s vs fastest peer $fastest_peer s → **${ratio}x** (target ≤ 1.1x: $verdict)"$'\n'
    if [[ $set == large ]]; then
        verdict=$(awk -v m="${rss[triosharp]}" 'BEGIN {print (m < 64) ? "met" : "missed"}')
        summary+="- Peak memory of triosharp on ${label[$set]}: ${rss[triosharp]} MiB (target < 64 MiB: $verdict)"$'\n'
    fi
done

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
section="## Downloads

\`bench/peers/download.sh\` ($(date -u +%Y-%m-%d), $started to $(date -u +%H:%M) UTC, load average $load_start at the start and
$(cut -d' ' -f1 /proc/loadavg) at the end): \`triosharp download\` ($build) against
$(aria2c --version | head -1), $(curl --version | head -1 | cut -d' ' -f1-2) and $(wget2 --version | head -1 | cut -d' ' -f1-3),
$(nginx -v 2>&1 | cut -d' ' -f3) serving static files on loopback (written once from \`triosharp mirror\`), at equal
concurrency, output on $filesystem (the machine's real disk, not tmpfs), no fsync. Machine: $machine, shared
with other work, so expect noise.
Peak RSS is the maximum resident set size that \`/usr/bin/time\` reports (\`%M\`, as \`-v\` prints it), the largest
over the runs. \"bytes ok\" means every run produced exactly the files and bytes of curl's first run.
Reproduce with \`bench/peers/download.sh\`$( ((runs == 3)) || echo " (RUNS=$runs)").

$table

Ratios (wall time of triosharp over the fastest of aria2c, curl and wget2):

$summary
On a real disk every file costs file-system transactions. curl, wget2 and aria2c open the final name and write into
it, so a kill or a crash mid-file leaves a truncated file under that name; triosharp writes NAME.part and renames it
(one renameat2(RENAME_NOREPLACE) call) once the length is verified: that rename, one more journaled metadata
operation per file, is the price of \"a final name never holds a partial file\". Per small file, \`strace -c -f\` counts
for triosharp openat, flock (lock and unlock), pwrite64, close and renameat2, against curl's openat, write and close;
creating the file is most of the time for every tool (about 0.5 ms per openat under \`perf trace -s\`, for curl too),
so the rename, at about 40 µs, is what is left between them. What keeps the rest down: a body that fits one receive
buffer (up to 512 KiB) is written at once, without any resume metadata (killed before its rename, it is simply
fetched again); a larger file saves its metadata once, atomically, before its first bytes reach the .part; a large
batch reads the directory once instead of checking each name; and the loop waits for its connections' sockets itself
(\`SocketReadiness\`, one epoll set with its deadlines and other threads' work), so an arriving response wakes the
loop's thread only, not the runtime's socket thread and then the loop: 2,000 small files make a few hundred context
switches instead of over 2,000 (\`perf stat\`), for the same CPU time. The three books are mostly process start, and most of the start is the native image's data: a
position-independent executable's pointers must be fixed up for its load address at every start. As plain data that is
357,000 relocations applied by the loader (a 34 MB binary); the tool keeps native AOT's default instead, data packed in
the image and unpacked by the runtime at start, all of it, whatever the command. So the installed \`triosharp\` is
two images: \`triosharp\` itself holds only \`download\` (10 MB; about 1.1 MB of packed data) and hands every other
command to the complete image beside it by exec (21 MB; 2.7 MB of data: ASP.NET Core for \`mirror\`, Npgsql for
\`schedule\`, ScottPlot for \`gdp\`). In 30 alternating runs the three books took 10.3 ms with the download image,
13.5 ms with the complete one, 12.1 ms with curl and 12.4 ms with wget2; the other commands pay about 3 ms for the
hand-off. Nothing else runs that a short download does not need: the resume metadata is written with
\`Utf8JsonWriter\` (the serializer's first use reflects over attributes), the output task ends on an event rather than
a cancellation (the first exception a native process throws costs a few hundred microseconds), libc is bound at link
time (its first rename no longer probes ~20 library paths), and the runtime threads the first request needs (the
thread pool's worker and gate thread, because SocketsHttpHandler sets its handler chain up with \`Task.Run\`; the
timer thread for its connection-pool cleaning; the socket engine's threads) are started at once from a background
thread instead of one after another on the request's path: native AOT's \`Thread.Start\` yields until the new
thread runs, and on a busy machine each start waited up to 4 ms for a core (\`perf sched latency\`). The executable stays position-independent: linked without
PIE it needs no fix-ups at all, but gives up address-space randomization of its own image. The split set measures
several connections against a server that limits each one (nginx's limit_rate): triosharp and aria2c fetch 8 ranges at
once, curl one connection. The machine is shared (other engineers build on it at the same time), so single runs spread
widely; the tools take turns run by run so that load changes hit them alike, and only ratios from one run are compared.
The large sets were bimodal on this machine until the .part files were written in pieces of at most 32 KiB: side by
side, run after run, the same binary fetched 100 × 10 MiB either in about 0.45 s or in 0.7 to 2.7 s, with system time
equal to wall time, 78% of the samples (\`perf record\`) in the kernel copying our buffer into the page cache
(copy_folio_from_iter_atomic), three times the system time wget2 needed for the same bytes. Each write was a whole
512 KiB receive buffer, and Linux 6.18's ext4 sizes page-cache folios by the write's length, so it asked for 512 KiB
of contiguous memory. This machine is a Firecracker VM with free page reporting (order 11): large free blocks are given
back to the host, and memory taken from them again faults in the host page by page on first touch, which is what we
believe the slow copy was. Alternating runs of 100 × 10 MiB, pieces of 512, 256, 128, 64, 32 and 16 KiB: 512 took 0.57
to 0.97 s, 256 and 128 up to 2.0 and 1.2 s, 64 0.44 to 0.77 s, 32 0.47 to 0.52 s, 16 0.57 to 0.61 s; wget2 0.55 to
0.61 s (its writes are about 95 KiB), curl 0.94 to 0.99 s. 1 GiB in 32 KiB pieces: 0.45 to 0.50 s against wget2's 0.51
to 0.61 s. The receive buffer stays at 512 KiB (128 KiB reads made the three books stall for about 40 ms in 4 runs of 6,
like a delayed acknowledgement). triosharp drains the socket faster than nginx fills it and then waits, 5,000 to
10,000 times per GiB; each wait now costs one thread wake-up, as curl's and wget2's do. Writing from worker threads
(Trio.ToThreadAsync), as wget2 writes from several threads, was measured and not kept: 1 GiB 0.71 → 0.78 s, 100 × 10
MiB 0.451 → 0.450 s."

if [[ $results == "-" ]]; then
    printf '%s\n' "$section"
else
    # Replace this script's previous section (up to the next "## " heading), then append the new one at the end.
    if [[ -f $results ]]; then
        awk '/^## Downloads$/ {skip = 1; next} skip && /^## / {skip = 0} !skip' "$results" > "$work/benchmarks.md"
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/benchmarks.md" > "$results"
        printf '\n%s' "$section" >> "$results"
    else
        printf '# Benchmarks\n\n%s' "$section" > "$results"
    fi
    log "wrote the Downloads section of $results"
fi
