#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server:
#   scripts/with-postgres.sh python -m pytest
# initdb's a cluster in a temporary directory, starts it on a free port (local connections only,
# durability off: it is thrown away), runs the command with DATABASE_URL pointing at it, then
# stops it and removes the directory, whatever the command's outcome. As root the server runs as
# the `postgres` user. Exits 0 with a SKIPPED message only where no PostgreSQL can be found (1 in CI).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" && -x "$(command -v pg_ctl || true)" ]]; then bindir=$(dirname "$(command -v pg_ctl)"); fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    echo "SKIPPED: the PostgreSQL test run: no PostgreSQL server found (as root, 'make test' installs it with apt)."
    # CI must run this pass (and the two-node test in it): there a missing server is a failure.
    [[ -n ${CI:-} ]] && exit 1
    exit 0
fi

as_server=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "SKIPPED: running as root but there is no 'postgres' user to run the server."; exit 0; }
    as_server=(runuser -u postgres --)
fi

workdir=$(mktemp -d -t termiknowledge-pg.XXXXXX)
chmod 755 "$workdir"
[[ ${#as_server[@]} -gt 0 ]] && chown postgres: "$workdir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${as_server[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap stop EXIT

"${as_server[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 --no-sync >"$workdir/initdb.log" 2>&1 \
    || { cat "$workdir/initdb.log"; exit 1; }
"${as_server[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 start \
    -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$workdir/server.log"; exit 1; }
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on port $port for: $*"

DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
