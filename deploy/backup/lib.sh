#!/usr/bin/env bash
# Shared by the backup scripts in this folder. Sourced, not run.

# Runs a command as the PostgreSQL user: pgBackRest must own the files PostgreSQL owns, and
# PostgreSQL refuses to run as root. The environment (PGBACKREST_*) is kept.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${PG_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

# Pushes Prometheus text to the Pushgateway group job=backup,store=$1,type=$2 when PUSHGATEWAY_URL
# is set: one group per backup type, so a differential backup does not replace the full one's
# metrics. POST (not PUT): a failed run replaces day2_backup_last_run_success only, so the timestamp
# of the last success stays and BackupTooOld can fire.
push_metrics() {
  local store=$1 type=$2 body=$3
  if [[ -z "${PUSHGATEWAY_URL:-}" ]]; then
    return 0
  fi
  if ! curl -fsS --max-time 10 --data-binary "$body" \
      "${PUSHGATEWAY_URL%/}/metrics/job/backup/store/${store}/type/${type}/instance/${BACKUP_INSTANCE:-$(hostname)}" >/dev/null; then
    echo "backup: could not push metrics to $PUSHGATEWAY_URL" >&2
  fi
}
