#!/usr/bin/env bash
# make test-pipelines, part 4: renovate.json (docs/adr/0134) with the real Renovate, offline.
#   - renovate-config-validator --strict: the file is valid and needs no migration;
#   - `renovate --platform=local --dry-run=extract` on a copy of the repository (its files, no
#     lookups: nothing leaves the machine), then scripts/renovate-check.mjs on what it found;
#   - and the check fails on what it must catch, each case breaking one thing in the copy.
# Renovate is npm's renovate 38.x (scripts/node-tools), the last line that runs on Node 20, without
# its optional native modules: its regexes run on JavaScript's engine here and on RE2 in the
# hosted app, so renovate.json's patterns keep to what both accept (no lookaround).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="$(scripts/node-tools.sh)"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
# shellcheck source=checks.sh
. scripts/checks.sh
export RENOVATE_X_IGNORE_NODE_WARN=true LOG_FORMAT=json LOG_LEVEL=debug
export RENOVATE_BASE_DIR="$WORK/renovate-cache"

# The repository as it is now (tracked and new files, not build output) in a git repository of
# its own: the local platform lists files with git.
copy() {
  rm -rf "$WORK/repo"; mkdir "$WORK/repo"
  git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$WORK/repo"
}
clean_copy_passes() { copy && extract_and_check; }
extract_and_check() { # runs in $WORK/repo
  (cd "$WORK/repo" && git init -q . && git add -A &&
    git -c user.email=test@day2.invalid -c user.name=test commit -qm copy &&
    "$BIN/renovate" --platform=local --dry-run=extract >"$WORK/extract.log" 2>&1) ||
    { tail -5 "$WORK/extract.log"; return 1; }
  node scripts/renovate-check.mjs "$WORK/repo" "$WORK/extract.log"
}
check_fails_with() { # expected message, file, sed expression
  copy
  sed -i "$3" "$WORK/repo/$2"
  if extract_and_check >"$WORK/out" 2>&1; then echo "passed, but should not"; return 1; fi
  grep -q -- "$1" "$WORK/out" || { cat "$WORK/out"; return 1; }
}
validator_fails() { # sed expression on renovate.json
  copy
  sed -i "$1" "$WORK/repo/renovate.json"
  if (cd "$WORK/repo" && "$BIN/renovate-config-validator" --strict renovate.json) >"$WORK/out" 2>&1; then
    echo "the validator accepted it"; return 1
  fi
}

check "renovate.json is valid (renovate-config-validator --strict)" "$BIN/renovate-config-validator" --strict renovate.json
check "what Renovate extracts here passes renovate-check" clean_copy_passes
check "a versions.env pin without its renovate line" check_fails_with \
  "docker.io/grafana/grafana:11.3.1 is neither" versions.env '/depName=docker.io\/grafana\/grafana/d'
check "an image in deploy/ nobody classified" check_fails_with \
  "image docker.io/library/busybox:1.36 is neither" deploy/k8s/components/logging/loki.yaml \
  's#image: docker.io/grafana/loki:.*#image: docker.io/library/busybox:1.36#'
check "a Debian-stable rule that turns off a versions.env pin" check_fails_with \
  "turns off docker.io/grafana/grafana" renovate.json 's#"docker.io/library/redis",#"docker.io/library/redis", "docker.io/grafana/grafana",#'
check "the docs' CDK commands no longer extracted" check_fails_with \
  "CDK CLI commands, Renovate extracts 0" renovate.json 's#"\\\\.md\$"#"\\\\.mdx\$"#'
check "the chart managers reading every environment's charts" check_fails_with \
  "charts extracted, expected dev's only" renovate.json 's#\\"dev\\":#\\"[a-z]+\\":#g'
check "a misspelt option (the validator)" validator_fails 's/"prConcurrentLimit"/"prConcurentLimit"/'
echo "test-renovate: $passed passed, $failed failed"
((failed == 0))
