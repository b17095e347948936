#!/usr/bin/env bash
# make down: stops and removes the compose topology's containers and network. Redis and
# PostgreSQL data stay in their volumes unless --volumes is given.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
COMPOSE="$("$HERE/engine.sh")"
# compose needs the variables to parse the file, not their real values.
export IMAGE_TAG="${IMAGE_TAG:-down}"
cd "$HERE"
if [[ -f .env ]]; then
  $COMPOSE -f compose.yaml down "$@"
else
  APP_PASSWORD=x REDIS_PASS=x POSTGRES_PASSWORD=x PREFERENCES_DB_PASSWORD=x TILES_DB_PASSWORD=x \
    $COMPOSE -f compose.yaml down "$@"
fi
