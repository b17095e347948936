#!/usr/bin/env bash
# Proves scripts/lint-workflows.mjs fails on what it must catch: each case breaks one thing in a
# copy of the real workflows and expects a non-zero exit naming the problem.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
# shellcheck source=checks.sh
. scripts/checks.sh
NODE_PATH="${NODE_PATH:?NODE_PATH: .tools/node/node_modules}"
lint_fails_with() { # expected message, file, sed expression
  rm -rf "$WORK/wf"; cp -r .github/workflows "$WORK/wf"
  sed -i "$3" "$WORK/wf/$2"
  if node scripts/lint-workflows.mjs "$WORK"/wf/*.yml >"$WORK/out" 2>&1; then echo "passed, but should not"; return 1; fi
  grep -q -- "$1" "$WORK/out" || { cat "$WORK/out"; return 1; }
}
check "the real workflows are clean" node scripts/lint-workflows.mjs .github/workflows/*.yml
check "an action pinned by tag" lint_fails_with "is not pinned to a commit SHA" ci.yml \
  's/setup-java@[0-9a-f]*/setup-java@v4/'
check "a job without permissions" lint_fails_with "job images has no permissions" delivery.yml \
  '/^  images:/,/^  dev:/{/^    permissions:/d;/^      contents: read/d;/^      id-token: write/d}'
check "needs naming no job (actionlint)" lint_fails_with "needs" delivery.yml 's/needs: \[test, images\]/needs: [test, imgs]/'
check "a typo in a key (actionlint)" lint_fails_with "unexpected key" delivery.yml 's/timeout-minutes: 30/timeout-minute: 30/'
check "prod before staging" lint_fails_with "prod must need staging" delivery.yml 's/^    needs: staging/    needs: dev/'
check "a deploy that rebuilds" lint_fails_with "a deploy rebuilds something" deploy.yml \
  's#run: scripts/rollout-wait.sh#run: deploy/images/build.sh \&\& scripts/rollout-wait.sh#'
check "a cancellable deploy" lint_fails_with "never be cancelled" deploy.yml 's/cancel-in-progress: false/cancel-in-progress: true/'
check "a role of another naming" lint_fails_with "not a day2-<env>-github" deploy.yml 's/-github-deploy/-admin/'
echo "lint-workflows-test: $passed passed, $failed failed"
((failed == 0))
