#!/bin/bash
# The entrypoint of localhost/day2/postgres:15 (Debian's PostgreSQL 15), with the contract compose
# relies on from the official postgres image: on an empty PGDATA, initdb with POSTGRES_USER and
# POSTGRES_PASSWORD, run /docker-entrypoint-initdb.d/*.sh and *.sql against a server that listens
# on the socket only, stop it; then exec postgres (listening on every address, password auth).
set -euo pipefail

if [[ "${1:-postgres}" == -* ]]; then set -- postgres "$@"; fi
if [[ "${1:-postgres}" != postgres ]]; then exec "$@"; fi
shift || true

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
# The socket directory: compose's tmpfs /var/run/postgresql, else /tmp (read-only root, no tmpfs).
socket_dir=/var/run/postgresql
mkdir -p "$socket_dir" 2>/dev/null || true
[[ -w $socket_dir ]] || socket_dir=/tmp
export PGHOST="$socket_dir"
export POSTGRES_USER="${POSTGRES_USER:-postgres}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
    echo "postgres: POSTGRES_PASSWORD is required to initialise the empty $PGDATA" >&2
    exit 2
  fi
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  # A half-initialised directory would be taken for a complete one on the next start.
  trap 'echo "postgres: initialisation failed; emptying $PGDATA for the next attempt" >&2; find "$PGDATA" -mindepth 1 -delete' ERR
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"

  # Init scripts run against a server nobody else can reach (socket only).
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$socket_dir" -w start >/dev/null
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "postgres: running $f"; if [[ -x "$f" ]]; then "$f"; else bash "$f"; fi ;;
      *.sql) echo "postgres: running $f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  trap - ERR
  echo "postgres: initialised $PGDATA"
fi

exec postgres -c unix_socket_directories="$socket_dir" "$@"
