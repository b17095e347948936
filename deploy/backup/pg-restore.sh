#!/usr/bin/env bash
# Restores the day2 stanza into PGBACKREST_PG1_PATH. PostgreSQL must be stopped.
#   pg-restore.sh '2026-11-30 10:42:07.123+00'   point in time: replays WAL up to that moment
#   pg-restore.sh latest                          everything archived (data directory lost)
# --delta rewrites only the files that differ, so restoring over a damaged directory is fast.
# After it, start PostgreSQL: it replays the archived WAL, stops at the target and promotes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
export PGBACKREST_CONFIG=${PGBACKREST_CONFIG:-$here/pgbackrest.conf}
export PGBACKREST_STANZA=${PGBACKREST_STANZA:-day2}

target=${1:?usage: pg-restore.sh '<timestamp with zone>'|latest}
if [[ "$target" == latest ]]; then
  as_postgres pgbackrest --delta restore
else
  as_postgres pgbackrest --delta --type=time "--target=$target" --target-action=promote restore
fi
echo "restore: done; start PostgreSQL now (it replays WAL to the target, then promotes)"
