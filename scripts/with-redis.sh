#!/usr/bin/env bash
# Run a command against a throwaway Redis server:
#   scripts/with-redis.sh .venv/bin/python manage.py runserver      (the site with REDIS_URL set)
#   scripts/with-redis.sh --as TEST_REDIS_URL .venv/bin/python -m pytest tests/termiknowledge
# Starts redis-server on a free loopback port, keeping nothing on disk (it is thrown away), runs the
# command with REDIS_URL (or the variable --as names) pointing at it, then stops it and removes its
# folder, whatever the command's outcome. `make test` uses --as TEST_REDIS_URL so that only the
# two-node test uses Redis and the rest of the suite keeps its own cache. Where no redis-server is
# found it runs the command without one and says so; the tests that need Redis then skip with a
# message (`make test` installs it with apt when run as root).
set -euo pipefail

variable=REDIS_URL
if [[ ${1:-} == --as ]]; then
    variable=${2:?"--as needs a variable name"}
    shift 2
fi

if ! command -v redis-server >/dev/null 2>&1; then
    echo "NOTE: no redis-server found (as root, 'make test' installs it with apt): running without Redis: $*"
    exec "$@"
fi

workdir=$(mktemp -d -t termiknowledge-redis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$port" --dir "$workdir" --save '' --appendonly no \
    --logfile "$workdir/redis.log" --daemonize no &
server=$!

stop() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$workdir"
}
trap stop EXIT

for _ in $(seq 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$workdir/redis.log"; exit 1; }
    sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { echo "Redis did not answer on port $port"; cat "$workdir/redis.log"; exit 1; }
echo "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') running on port $port for: $*"

env "$variable=redis://127.0.0.1:$port/0" "$@"
