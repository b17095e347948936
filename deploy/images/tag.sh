#!/usr/bin/env bash
# Prints the image tag of the current build: IMAGE_TAG if set, else <project version>-<git sha>
# (e.g. 0.1.0-SNAPSHOT-f3867612d255). Never "latest". build.sh, compose and the tests use it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ -n "${IMAGE_TAG:-}" ]]; then
  echo "$IMAGE_TAG"
  exit 0
fi
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)"
echo "$version-$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo dev)"
