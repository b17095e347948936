#!/usr/bin/env bash
# A pgBackRest backup of the day2 stanza, then its outcome pushed to the Pushgateway.
#   pg-backup.sh init          create the stanza and check WAL archiving (once, after archiving is on)
#   pg-backup.sh full|diff     a full (weekly) or differential (daily) backup
# Env: PGBACKREST_CONFIG (default: deploy/backup/pgbackrest.conf beside this script), the
# PGBACKREST_* variables that file lists, PUSHGATEWAY_URL and BACKUP_INSTANCE (optional).
# The commands are those of docs/disaster-recovery.md; make drills runs this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
export PGBACKREST_CONFIG=${PGBACKREST_CONFIG:-$here/pgbackrest.conf}
export PGBACKREST_STANZA=${PGBACKREST_STANZA:-day2}

kind=${1:?usage: pg-backup.sh init|full|diff}
case "$kind" in
  init)
    as_postgres pgbackrest stanza-create
    as_postgres pgbackrest check
    exit 0
    ;;
  full | diff) ;;
  *)
    echo "pg-backup.sh: unknown backup type '$kind' (init, full or diff)" >&2
    exit 2
    ;;
esac

started=$(date +%s.%N)
if as_postgres pgbackrest --type="$kind" backup; then
  ended=$(date +%s.%N)
  # The newest backup's size in the repository (after compression), from pgBackRest itself.
  size=$(as_postgres pgbackrest --output=json info |
    jq '.[0].backup | last | .info.repository.delta // 0')
  push_metrics postgres "$kind" "# TYPE day2_backup_last_success_timestamp_seconds gauge
day2_backup_last_success_timestamp_seconds $ended
# TYPE day2_backup_last_duration_seconds gauge
day2_backup_last_duration_seconds $(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')
# TYPE day2_backup_last_size_bytes gauge
day2_backup_last_size_bytes $size
# TYPE day2_backup_last_run_success gauge
day2_backup_last_run_success 1
"
  echo "backup: $kind backup done ($size bytes in the repository)"
else
  push_metrics postgres "$kind" "# TYPE day2_backup_last_run_success gauge
day2_backup_last_run_success 0
"
  echo "backup: $kind backup FAILED (see pgbackrest's log)" >&2
  exit 1
fi
