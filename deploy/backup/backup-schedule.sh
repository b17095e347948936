#!/usr/bin/env bash
# The backup schedule as a loop, for a topology with neither systemd timers nor CronJobs (compose's
# `backup` service). The same times as day2-pg-backup-{full,diff}.timer, day2-redis-backup.timer
# and the postgres component's CronJobs: a full PostgreSQL backup on Sunday at 01:00 UTC, a
# differential one Monday to Saturday at 01:00 UTC, the Redis snapshot every hour on the hour.
# BackupScheduleTest compares `next` with `systemd-analyze calendar` of the timers and with the
# CronJobs' schedules over many clocks: the three ways of writing it cannot drift apart.
#
#   backup-schedule.sh next [EPOCH]   each job's next due time after EPOCH (default now), UTC:
#                                     "pg-full <epoch>", "pg-diff <epoch>", "redis <epoch>"
#   backup-schedule.sh run JOB        run one job now, as the loop does when it is due
#   backup-schedule.sh loop           sleep until the next due job, run it; forever
#
# Jobs: pg-full and pg-diff run pg-backup.sh full|diff (needs PGBACKREST_REPO1_CIPHER_PASS; from
# another container: PGHOST/PGUSER/PGPASSWORD and PGDATA mounted at pgbackrest.conf's pg1-path),
# redis runs redis-backup.sh "$REDIS_DATA_DIR" (needs redis-cli and restic; only when
# REDIS_DATA_DIR is set). A job that fails is logged and pushed by its script (BackupTooOld); the
# loop goes on. A time missed while the loop was not running is not caught up (the timers'
# Persistent=true does that on a host): the next due time after the start is the first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

DAY=86400
HOUR=3600
BACKUP_HOUR_UTC=1 # 01:00 UTC: full on Sunday, differential the other days

# The next 01:00 UTC strictly after $1 and the job it belongs to (weekday 0 = Sunday).
next_daily() {
  local now=$1 at
  at=$((now - now % DAY + BACKUP_HOUR_UTC * HOUR))
  ((at > now)) || at=$((at + DAY))
  echo "$at"
}
weekday() { echo $(((($1 / DAY) + 4) % 7)); } # 1970-01-01 was a Thursday (4)

# Each job's next due time strictly after $1.
next() {
  local now=$1 at full diff
  at=$(next_daily "$now")
  full=$at diff=$at
  while (($(weekday "$full") != 0)); do full=$((full + DAY)); done
  while (($(weekday "$diff") == 0)); do diff=$((diff + DAY)); done
  echo "pg-full $full"
  echo "pg-diff $diff"
  echo "redis $((now - now % HOUR + HOUR))"
}

enabled() { # job: whether this container can run it
  case "$1" in
    pg-full | pg-diff) [[ -n "${PGBACKREST_REPO1_CIPHER_PASS:-}" ]] ;;
    redis) [[ -n "${REDIS_DATA_DIR:-}" ]] ;;
    *) return 1 ;;
  esac
}

run() {
  local job=$1 rc=0
  echo "backup-schedule: $job starting ($(date -u +%FT%TZ))"
  case "$job" in
    pg-full) "$here/pg-backup.sh" full || rc=$? ;;
    pg-diff) "$here/pg-backup.sh" diff || rc=$? ;;
    redis) "$here/redis-backup.sh" "$REDIS_DATA_DIR" || rc=$? ;;
    *)
      echo "backup-schedule: unknown job '$job' (pg-full, pg-diff or redis)" >&2
      return 2
      ;;
  esac
  echo "backup-schedule: $job ended with status $rc ($(date -u +%FT%TZ))"
  return "$rc"
}

loop() {
  trap 'echo "backup-schedule: stopped"; exit 0' TERM INT
  local job jobs=() after due now line
  for job in pg-full pg-diff redis; do
    if enabled "$job"; then jobs+=("$job"); else echo "backup-schedule: $job not scheduled here ($(why_not "$job"))"; fi
  done
  if ((${#jobs[@]} == 0)); then
    echo "backup-schedule: nothing to schedule; idle"
    sleep infinity &
    wait $!
    exit 0
  fi
  after=$(date +%s)
  while :; do
    # The earliest due time among the enabled jobs, and every job due then.
    due='' line=''
    while read -r job at; do
      [[ " ${jobs[*]} " == *" $job "* ]] || continue
      if [[ -z $due ]] || ((at < due)); then due=$at line=$job; elif ((at == due)); then line+=" $job"; fi
    done < <(next "$after")
    echo "backup-schedule: next: $line at $(date -u -d "@$due" +%FT%TZ)"
    # Sleep in steps of at most 5 min, so a suspended host or a changed clock is noticed.
    while now=$(date +%s) && ((now < due)); do
      sleep $((due - now < 300 ? due - now : 300)) &
      wait $!
    done
    for job in $line; do run "$job" || true; done
    after=$due
  done
}

why_not() {
  case "$1" in
    pg-full | pg-diff) echo "PGBACKREST_REPO1_CIPHER_PASS is unset: no WAL archiving, no repository" ;;
    redis) echo "REDIS_DATA_DIR is unset" ;;
  esac
}

case "${1:-}" in
  next) next "${2:-$(date +%s)}" ;;
  run) run "${2:?usage: backup-schedule.sh run pg-full|pg-diff|redis}" ;;
  loop) loop ;;
  *)
    echo "usage: backup-schedule.sh next [EPOCH] | run JOB | loop" >&2
    exit 2
    ;;
esac
