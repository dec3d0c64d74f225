#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and benchmarks (Debian's packages).
#
#   deploy/postgres/pg.sh start [--port 55432] [--data DIR]   # prints the admin URL
#   deploy/postgres/pg.sh stop  [--data DIR]
#   deploy/postgres/pg.sh url   [--port 55432]
#
# Installs postgresql from Debian's packages when missing. The cluster listens on
# 127.0.0.1 only, trusts local connections (test use only) and is owned by the
# 'postgres' system user when run as root (the server refuses to run as root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cmd="${1:-}"; shift || true
port="${PG_PORT:-55432}"
data="${PG_DATA_DIR:-$root/.run/pg}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2;;
    --data) data="$2"; shift 2;;
    *) echo "pg.sh: unknown option $1" >&2; exit 2;;
  esac
done

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    "$root/deploy/apt-ensure.sh" postgresql >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

url() { echo "postgresql://postgres@127.0.0.1:$port/postgres"; }

case "$cmd" in
  start)
    bin=$(bindir)
    if [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      url; exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
      chmod 700 "$data"
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
# Production values too: a national round (270,000 applicants) writes ~800 MB of WAL in one
# transaction; at the default 1GB a checkpoint is forced every ~540 MB, during the round's
# store, and every page touched again after it goes whole into the WAL. lz4 makes those
# images smaller for little CPU (PostgreSQL 15+; older servers keep "on", pglz). Written at
# initdb only: an existing cluster keeps its own.
max_wal_size = 4GB
CONF
      if [ "$("$bin/postgres" -V | grep -oE '[0-9]+' | head -1)" -ge 15 ]; then
        echo "wal_compression = lz4" >> "$data/postgresql.conf"
      else
        echo "wal_compression = on" >> "$data/postgresql.conf"
      fi
    fi
    as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null
    url
    ;;
  stop)
    bin=$(bindir)
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    fi
    ;;
  restart)
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  url) url ;;
  *) echo "usage: pg.sh start|stop|restart|url [--port P] [--data DIR]" >&2; exit 2;;
esac
