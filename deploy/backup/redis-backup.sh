#!/usr/bin/env bash
# A consistent Redis snapshot (BGSAVE → dump.rdb), then an off-machine copy of it with restic.
#   redis-backup.sh <redis data dir>     Env: REDIS_HOST, REDIS_PORT, REDIS_PASS, RESTIC_* (offsite.sh)
# The AOF (appendfsync everysec) bounds a crash's loss to about 1 s; this copy is for losing the
# machine or the volume: it loses what was written since the last snapshot (hourly).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
dir=${1:?usage: redis-backup.sh <redis data dir>}
cli=(redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}")
if [[ -n "${REDIS_PASS:-}" ]]; then cli+=(--no-auth-warning -a "$REDIS_PASS"); fi
before=$("${cli[@]}" LASTSAVE)
"${cli[@]}" BGSAVE >/dev/null
for _ in $(seq 1 600); do
  [[ $("${cli[@]}" LASTSAVE) != "$before" ]] && break
  sleep 0.1 # polling the snapshot's completion
done
[[ $("${cli[@]}" LASTSAVE) != "$before" ]] || { echo "redis-backup: BGSAVE did not finish in 60 s" >&2; exit 1; }
"$here/offsite.sh" "$dir/dump.rdb" redis
push_metrics redis rdb "# TYPE day2_backup_last_success_timestamp_seconds gauge
day2_backup_last_success_timestamp_seconds $(date +%s)
# TYPE day2_backup_last_run_success gauge
day2_backup_last_run_success 1
"
