#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the store tests and prints the
# environment that points them at it:
#
#   pg_env=$(bash .ci/postgres.sh) && eval "$pg_env"
#   ...
#   bash .ci/postgres.sh stop    # stops it and removes its directory
#
# It installs Debian's postgresql package when no server is found. The
# cluster trusts local connections, keeps nothing durable (fsync off) and
# listens on 127.0.0.1 only, on KLAVER_PG_PORT (54329 by default). Progress
# goes to stderr; only the export lines go to stdout.
set -euo pipefail

port="${KLAVER_PG_PORT:-54329}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# as_postgres runs a command as the postgres user when we are root, since
# the server refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  local bin
  bin=$(find_bin)
  if [ -n "${KLAVER_PG_DIR:-}" ] && [ -d "$KLAVER_PG_DIR" ]; then
    as_postgres "$bin/pg_ctl" -D "$KLAVER_PG_DIR" -m immediate -w stop >&2 || true
    rm -rf "$KLAVER_PG_DIR"
  fi
}

start() {
  local bin dir
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    echo "postgres: installing Debian's postgresql package" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    bin=$(find_bin)
  fi
  dir=$(mktemp -d /tmp/klaver-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir"
  fi
  as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >&2
  if ! as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >&2 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    exit 1
  fi
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$port" >&2
  echo "export KLAVER_PG_DIR=$dir"
  echo "export KLAVER_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
