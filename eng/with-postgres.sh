#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL cluster: initdb into a temp folder, start it on a
# free port (socket in the same folder), export TRIOSHARP_PG (an Npgsql connection string) to the command,
# and stop the cluster and delete the folder afterwards, even when the command fails or is interrupted.
#   eng/with-postgres.sh dotnet test TrioSharp.slnx
# Needs PostgreSQL's server binaries (Debian: apt-get install postgresql); installs them when missing and
# running as root. When running as root, the cluster runs as the postgres user (initdb refuses root).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: eng/with-postgres.sh COMMAND [ARGS...]  (e.g. eng/with-postgres.sh dotnet test TrioSharp.slnx)" >&2
    exit 2
fi

find_bin() {
    local dir
    if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" ]]; then echo "$PG_BIN"; return 0; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" ]]; then echo "$dir"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
    return 1
}

if ! bin=$(find_bin); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "with-postgres: PostgreSQL not found; installing Debian's postgresql package" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(find_bin) || { echo "with-postgres: installed postgresql but found no initdb" >&2; exit 1; }
    else
        echo "with-postgres: PostgreSQL's server binaries (initdb, pg_ctl) were not found; install Debian's" \
             "postgresql package (apt-get install postgresql) or set PG_BIN to their folder" >&2
        exit 1
    fi
fi

run_as=()
if [[ $(id -u) -eq 0 ]]; then
    run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/triosharp-pg.XXXXXX)
chmod 755 "$dir"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi

# A free loopback port: a random one nobody answers on (bash's /dev/tcp, no other tool needed).
port=
for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n $port ]] || { echo "with-postgres: found no free port" >&2; exit 1; }

stop() {
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${run_as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U app -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# Test clusters: no fsync (speed; the data is thrown away), enough connections for several worker processes.
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/log" >&2; exit 1; }

export TRIOSHARP_PG="Host=127.0.0.1;Port=$port;Username=app;Database=postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (TRIOSHARP_PG)" >&2
"$@"
