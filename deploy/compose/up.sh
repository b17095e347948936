#!/usr/bin/env bash
# make up: the whole Day2 topology in containers (deploy/compose/compose.yaml).
#   1. .env: made with random passwords when missing (git-ignored; see .env.example)
#   2. the edge's self-signed certificate (scripts/edge-cert.sh), readable by the edge container
#   3. the service images of this build (deploy/images/build.sh), when missing
#   4. compose up -d, then the URLs
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/deploy/compose"
COMPOSE="$("$HERE/engine.sh")"

if [[ ! -f "$HERE/.env" ]]; then
  umask 077
  {
    echo "# Made by deploy/compose/up.sh on $(date -u +%FT%TZ); see .env.example. Never commit."
    for var in APP_PASSWORD REDIS_PASS POSTGRES_PASSWORD PREFERENCES_DB_PASSWORD TILES_DB_PASSWORD; do
      echo "$var=$(openssl rand -hex 24)"
    done
  } >"$HERE/.env"
  umask 022
  echo "up: wrote deploy/compose/.env with random passwords (APP_PASSWORD is wrpi-api's)"
fi

# The edge runs as HAProxy's unprivileged user: it gets its own copy of the local self-signed
# certificate it can read (a development certificate; deploy/compose/certs is git-ignored).
"$ROOT/scripts/edge-cert.sh" "$ROOT/deploy/edge/certs"
mkdir -p "$HERE/certs"
install -m 0644 "$ROOT/deploy/edge/certs/edge.pem" "$HERE/certs/edge.pem"

IMAGE_TAG="$("$ROOT/deploy/images/tag.sh")"
IMAGE_REPO="${IMAGE_REPO:-localhost/day2}"
export IMAGE_TAG IMAGE_REPO
engine="${CONTAINER_ENGINE:-$([[ $COMPOSE == docker* ]] && echo docker || echo podman)}"
missing=()
for service in hello wrpi-api wrpi-updater counter preferences tiles; do
  "$engine" image inspect "$IMAGE_REPO/$service:$IMAGE_TAG" >/dev/null 2>&1 || missing+=("$service")
done
if ((${#missing[@]})); then
  CONTAINER_ENGINE="$engine" "$ROOT/deploy/images/build.sh" "${missing[@]}"
fi

cd "$HERE"
$COMPOSE -f compose.yaml up -d
cat <<URLS

up: Day2 is starting (images $IMAGE_REPO/*:$IMAGE_TAG). Through the edge (self-signed certificate):
  https://hello.localhost:${EDGE_HTTPS_PORT:-8443}/
  https://wrpi.localhost:${EDGE_HTTPS_PORT:-8443}/v0/wrpi   (Basic auth, password: APP_PASSWORD in deploy/compose/.env)
  https://counter.localhost:${EDGE_HTTPS_PORT:-8443}/
  https://preferences.localhost:${EDGE_HTTPS_PORT:-8443}/v1/users/alice/preferences
  https://tiles.localhost:${EDGE_HTTPS_PORT:-8443}/maps/tileset/osm_buildings
  http://127.0.0.1:${PROMETHEUS_PORT:-9090}/targets
Stop with: make down (volumes are kept; deploy/compose/down.sh --volumes removes them)
URLS
