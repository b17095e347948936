#!/usr/bin/env bash
# Copies a backup directory off the machine with restic (encrypted, deduplicated), then applies
# the retention policy and checks the repository.
#   offsite.sh <directory> <tag>     e.g. offsite.sh /var/lib/pgbackrest pgbackrest
# Env: RESTIC_REPOSITORY (a path here; s3:s3.<region>.amazonaws.com/<bucket>/restic in AWS),
# RESTIC_PASSWORD_FILE or RESTIC_PASSWORD (a secret, never in git).
# Retention: 7 daily, 4 weekly, 6 monthly snapshots per tag.
set -euo pipefail
dir=${1:?usage: offsite.sh <directory> <tag>}
tag=${2:?usage: offsite.sh <directory> <tag>}
: "${RESTIC_REPOSITORY:?set RESTIC_REPOSITORY (where the off-machine copies go)}"
if [[ -z "${RESTIC_PASSWORD:-}" && -z "${RESTIC_PASSWORD_FILE:-}" ]]; then
  echo "offsite.sh: set RESTIC_PASSWORD_FILE (or RESTIC_PASSWORD), the copies' encryption key" >&2
  exit 2
fi
if ! restic cat config >/dev/null 2>&1; then
  restic init --quiet
fi
restic backup --quiet --tag "$tag" "$dir"
restic forget --quiet --tag "$tag" --keep-daily 7 --keep-weekly 4 --keep-monthly 6 --prune
restic check --quiet
echo "offsite: $dir copied to $RESTIC_REPOSITORY (tag $tag)"
