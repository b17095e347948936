#!/bin/bash
# The entrypoint of localhost/day2/postgres:15 (Debian's PostgreSQL 15), with the contract compose
# relies on from the official postgres image: on an empty PGDATA, initdb with POSTGRES_USER and
# POSTGRES_PASSWORD, run /docker-entrypoint-initdb.d/*.sh and *.sql against a server that listens
# on the socket only, stop it; then start postgres (listening on every address, password auth).
# With PGBACKREST_REPO1_CIPHER_PASS set (the repository's passphrase: a secret), WAL archiving is
# on: archive_command = pgbackrest archive-push (deploy/backup/pgbackrest.conf, repository
# /var/lib/pgbackrest or S3 by PGBACKREST_* variables), and the stanza is created (or checked) on a
# socket-only server before the real start, so the first segment already has somewhere to go.
# The final server is this script's child (see the end: archive_timeout needs a nudge at start).
# WAL_ARCHIVING=off turns it off explicitly; archiving on without a passphrase refuses to start.
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

# WAL archiving: decided (and refused when misconfigured) before anything is initialised.
archive=false
case "${WAL_ARCHIVING:-auto}" in
  off) echo "postgres: WAL archiving off (WAL_ARCHIVING=off)" ;;
  auto | on)
    if [[ -n "${PGBACKREST_REPO1_CIPHER_PASS:-}" ]]; then
      archive=true
    elif [[ "${WAL_ARCHIVING:-auto}" == on ]]; then
      echo "postgres: WAL_ARCHIVING=on needs PGBACKREST_REPO1_CIPHER_PASS (the repository's passphrase)" >&2
      exit 2
    else
      echo "postgres: WAL archiving off (set PGBACKREST_REPO1_CIPHER_PASS to archive with pgBackRest)"
    fi
    ;;
  *)
    echo "postgres: WAL_ARCHIVING must be auto, on or off, not '$WAL_ARCHIVING'" >&2
    exit 2
    ;;
esac

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

# pgBackRest finds the cluster where this container has it, whatever pgbackrest.conf's defaults.
export PGBACKREST_PG1_PATH="$PGDATA" PGBACKREST_PG1_SOCKET_PATH="$socket_dir"
export PGBACKREST_STANZA="${PGBACKREST_STANZA:-day2}"
archiving=()
if $archive; then
  archiving=(-c archive_mode=on -c "archive_command=pgbackrest archive-push %p" -c archive_timeout=60)
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$socket_dir" -w start >/dev/null
  if ! pgbackrest stanza-create >&2; then
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres: pgbackrest stanza-create failed (repository ${PGBACKREST_REPO1_PATH:-/var/lib/pgbackrest})" >&2
    exit 1
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres: WAL archiving on (pgBackRest stanza $PGBACKREST_STANZA)"
fi

# The server runs as this script's child, not in its place (exec): PostgreSQL 15's checkpointer
# starts while the startup process is still replaying, computes its first sleep without
# archive_timeout (recovery is in progress) and is not woken when the startup ends — so after
# every start the first segment switch came at checkpoint_timeout (5 min), not 60 s (measured:
# a write, no switch after 100 s; with checkpoint_timeout=100 the switch came at exactly 100 s).
# One SIGHUP once the server is ready wakes it, and from then on archive_timeout bounds the WAL
# not yet archived. Every signal the container gets goes to the server (STOPSIGNAL SIGINT: fast
# shutdown); the container exits with the server's status.
postgres -c unix_socket_directories="$socket_dir" "${archiving[@]}" "$@" &
server=$!
for sig in INT TERM QUIT HUP USR1 USR2; do
  # shellcheck disable=SC2064 # the signal's name, now
  trap "kill -$sig $server 2>/dev/null || true" "$sig"
done
if $archive; then
  # Ready: postmaster.pid's status line, whatever port or socket the server was given.
  until [[ "$(sed -n 8p "$PGDATA/postmaster.pid" 2>/dev/null)" == ready* ]]; do
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2 # the server is starting; no client can ask it earlier
  done
  if kill -HUP "$server" 2>/dev/null; then
    echo "postgres: checkpointer woken: archive_timeout (60 s) bounds the WAL not yet archived"
  fi
fi
while :; do
  if wait "$server"; then rc=0; else rc=$?; fi
  # Above 128 while the server lives: a trapped signal ended the wait (and went on): wait again.
  if ((rc <= 128)) || ! kill -0 "$server" 2>/dev/null; then break; fi
done
if ((rc > 128)); then # the server's own status, if that wait was cut short by a signal
  if wait "$server" 2>/dev/null; then rc=0; else r=$?; ((r == 127)) || rc=$r; fi
fi
exit "$rc"
