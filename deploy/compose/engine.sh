#!/usr/bin/env bash
# Prints the compose command to use: `docker compose` when a Docker engine answers, else
# `podman-compose`, else `podman compose`. Exits 2 with a hint when there is none.
set -euo pipefail
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  echo "docker compose"
elif command -v podman-compose >/dev/null 2>&1; then
  echo "podman-compose"
elif command -v podman >/dev/null 2>&1 && podman compose version >/dev/null 2>&1; then
  echo "podman compose"
else
  echo "compose: neither docker compose (with a running engine) nor podman-compose found;" \
    "install one (Debian: apt-get install podman podman-compose)" >&2
  exit 2
fi
