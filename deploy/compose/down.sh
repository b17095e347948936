#!/usr/bin/env bash
# make down: stops and removes the compose topology's containers and network. Redis and
# PostgreSQL data stay in their volumes unless --volumes (-v) is given.
# COMPOSE_PROJECT_NAME and COMPOSE_DIR as in up.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="${COMPOSE_DIR:-$ROOT/deploy/compose}"
PROJECT="${COMPOSE_PROJECT_NAME:-day2}"
COMPOSE="$("$ROOT/deploy/compose/engine.sh")"
if [[ $COMPOSE != docker* ]]; then
  # shellcheck source=podman-env.sh
  . "$ROOT/deploy/compose/podman-env.sh"
fi
# compose needs the variables to parse the file, not their real values.
export IMAGE_TAG="${IMAGE_TAG:-down}"
for var in APP_PASSWORD REDIS_PASS POSTGRES_PASSWORD PREFERENCES_DB_PASSWORD TILES_DB_PASSWORD; do
  export "$var=${!var:-x}"
done
cd "$HERE"
if [[ $COMPOSE == podman-compose ]]; then
  mkdir -p "$ROOT/deploy/compose/target"
  log="$ROOT/deploy/compose/target/down-$PROJECT.log"
  $COMPOSE -p "$PROJECT" -f compose.yaml down "$@" >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
  # podman-compose 1.0 leaves the network it made: remove it when it is this project's.
  network="${PROJECT}_default"
  if [[ "$(podman network inspect --format '{{index .Labels "io.podman.compose.project"}}' "$network" 2>/dev/null)" == "$PROJECT" ]]; then
    podman network rm "$network" >/dev/null
  fi
  echo "down: $PROJECT stopped$([[ " $* " == *" -v "* || " $* " == *" --volumes "* ]] && echo ', volumes removed')"
else
  $COMPOSE -p "$PROJECT" -f compose.yaml down "$@"
fi
