#!/usr/bin/env bash
# Sourced by test.sh (make test-images): the PostgreSQL image of infra.sh (Debian's PostgreSQL 15
# + pgBackRest + deploy/backup) archives WAL and backs up for real, read-only, as UID 999:
# infra.sh builds it (or keeps it when its context is unchanged); one container with a data and
# a repository volume; a write's WAL segment reaches the repository within 90 s by itself
# (archive_timeout = 60 s; nothing switches it for the test); pg-backup.sh full runs in
# the container; WAL_ARCHIVING=on without a passphrase refuses to start. Removes what it made.
PG_NAME="$RUN_ID-postgres"
PG_IMAGE="$(deploy/images/infra.sh --env | awk -F= '$1=="POSTGRES_IMAGE" {print $2}')"
postgres_cleanup() {
  "${PODMAN[@]}" rm -f "$PG_NAME" >/dev/null 2>&1 || true
  "${PODMAN[@]}" volume rm -f "$PG_NAME-data" "$PG_NAME-repo" >/dev/null 2>&1 || true
}
trap 'cleanup; postgres_cleanup' EXIT
pg_exec() { "${PODMAN[@]}" exec "$PG_NAME" "$@"; }
pg_sql() { pg_exec psql -U postgres -h /var/run/postgresql -Atc "$1"; }
pg_ready() { # seconds: over TCP, which only the final server listens on — the entrypoint's
  # socket-only servers (initdb, stanza-create) answer on the socket while it prepares
  local deadline=$((SECONDS + $1))
  until pg_exec pg_isready -q -h 127.0.0.1 2>/dev/null; do
    ((SECONDS < deadline)) || { "${PODMAN[@]}" logs "$PG_NAME" 2>&1 | tail -20; return 1; }
    sleep 0.5
  done
}
pg_archived() { # seconds: a write's WAL segment is archived within them, none failed — closed
  # by archive_timeout (60 s), never by pg_switch_wal: the bound the disaster-recovery doc claims
  local deadline=$((SECONDS + $1)) segment stats
  segment=$(pg_sql "create table archive_probe(at timestamptz); insert into archive_probe values (now());
    select pg_walfile_name(pg_current_wal_insert_lsn())" | tail -1)
  until stats=$(pg_sql "select coalesce(last_archived_wal >= '$segment', false) and failed_count = 0 from pg_stat_archiver") &&
    [[ $stats == t ]]; do
    ((SECONDS < deadline)) || { echo "segment $segment not archived:"; pg_sql "select * from pg_stat_archiver"; return 1; }
    sleep 1 # polling pg_stat_archiver: archiving is the server's, on its own clock
  done
  echo "        segment $segment archived $((SECONDS - deadline + $1)) s after the write"
}
pg_start=$SECONDS
echo "test-images: PostgreSQL with pgBackRest ($PG_IMAGE)"
check "postgres: infra.sh builds the image (from the local Debian base)" deploy/images/infra.sh
check "postgres: the image has pgBackRest" \
  contains "$("${PODMAN[@]}" run --rm "$PG_IMAGE" pgbackrest version 2>&1)" "pgBackRest 2\."
check "postgres: starts read-only as 999 with a repository passphrase" \
  "${PODMAN[@]}" run -d --name "$PG_NAME" --read-only --user 999:999 \
  --tmpfs /var/run/postgresql:size=1m,mode=1777 --tmpfs /tmp:size=64m \
  -v "$PG_NAME-data:/var/lib/postgresql/data" -v "$PG_NAME-repo:/var/lib/pgbackrest" \
  -e POSTGRES_PASSWORD="$(openssl rand -hex 16)" -e PGDATA=/var/lib/postgresql/data/pgdata \
  -e PGBACKREST_REPO1_CIPHER_PASS="$(openssl rand -hex 24)" "$PG_IMAGE"
check "postgres: ready within 60 s" pg_ready 60
check "postgres: archive_command is pgBackRest's" \
  contains "$(pg_sql "show archive_command")" "pgbackrest archive-push %p"
check "postgres: a write's WAL segment is archived within 90 s without pg_switch_wal (archive_timeout)" pg_archived 90
check "postgres: pg-backup.sh full runs in the container" pg_exec pg-backup.sh full
check "postgres: the encrypted repository holds that full backup" \
  contains "$(pg_exec pgbackrest --output=json info)" '"type":"full"'
check "postgres: WAL_ARCHIVING=on without a passphrase refuses to start (exit 2)" \
  bash -c "out=\$(${PODMAN[*]} run --rm --read-only --tmpfs /tmp -e POSTGRES_PASSWORD=x -e WAL_ARCHIVING=on '$PG_IMAGE' 2>&1); rc=\$?; [[ \$rc == 2 && \$out == *PGBACKREST_REPO1_CIPHER_PASS* ]] || { echo \"rc=\$rc \$out\"; false; }"
# The entrypoint keeps the server as its child (to wake its checkpointer): a stop still reaches it.
check "postgres: podman stop (SIGINT) shuts the server down cleanly, exit 0" \
  bash -c "${PODMAN[*]} stop -t 30 '$PG_NAME' >/dev/null && [[ \$(${PODMAN[*]} inspect -f '{{.State.ExitCode}}' '$PG_NAME') == 0 ]] && ${PODMAN[*]} logs '$PG_NAME' 2>&1 | grep -q 'database system is shut down'"
postgres_cleanup
# shellcheck disable=SC2034 # test.sh prints it
pg_s=$((SECONDS - pg_start))
