#!/usr/bin/env bash
# make up: the whole Day2 topology in containers (deploy/compose/compose.yaml).
#   1. .env: made with random passwords when missing (git-ignored; see .env.example)
#   2. the edge's self-signed certificate (scripts/edge-cert.sh), readable by the edge container
#   3. the infrastructure images: the registry's (compose.yaml's defaults) when present or
#      pullable, else the local ones from Debian packages (deploy/images/infra.sh); INFRA_IMAGES
#      = auto (default) | registry | local
#   4. the service images of this build (deploy/images/build.sh), when missing
#   5. compose up -d, then the URLs
# COMPOSE_PROJECT_NAME (default day2) and COMPOSE_DIR (default deploy/compose: where compose.yaml,
# .env and certs/ are) let deploy/compose/test.sh run its own copy beside a user's `make up`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="${COMPOSE_DIR:-$ROOT/deploy/compose}"
PROJECT="${COMPOSE_PROJECT_NAME:-day2}"
COMPOSE="$("$ROOT/deploy/compose/engine.sh")"
engine="${CONTAINER_ENGINE:-$([[ $COMPOSE == docker* ]] && echo docker || echo podman)}"
export CONTAINER_ENGINE="$engine"
if [[ $engine == podman ]]; then
  # shellcheck source=podman-env.sh
  . "$ROOT/deploy/compose/podman-env.sh"
fi

if [[ ! -f "$HERE/.env" ]]; then
  umask 077
  {
    echo "# Made by deploy/compose/up.sh on $(date -u +%FT%TZ); see .env.example. Never commit."
    for var in APP_PASSWORD REDIS_PASS POSTGRES_PASSWORD PREFERENCES_DB_PASSWORD TILES_DB_PASSWORD; do
      echo "$var=$(openssl rand -hex 24)"
    done
  } >"$HERE/.env"
  umask 022
  echo "up: wrote ${HERE#"$ROOT"/}/.env with random passwords (APP_PASSWORD is wrpi-api's)"
fi
# PostgreSQL's WAL archive and backups (pgBackRest) are encrypted with this; older .env files lack it.
if ! grep -q '^PGBACKREST_REPO1_CIPHER_PASS=' "$HERE/.env"; then
  echo "PGBACKREST_REPO1_CIPHER_PASS=$(openssl rand -hex 24)" >>"$HERE/.env"
  echo "up: added PGBACKREST_REPO1_CIPHER_PASS to ${HERE#"$ROOT"/}/.env (keep a copy: the backups need it)"
fi
# preferences' bearer tokens: a key pair for this topology unless .env names another issuer's key.
if ! grep -q '^PREFERENCES_JWT_PUBLIC_KEY=' "$HERE/.env"; then
  mkdir -p "$HERE/jwt"
  (umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$HERE/jwt/private.pem" 2>/dev/null)
  echo "PREFERENCES_JWT_PUBLIC_KEY=$(openssl pkey -in "$HERE/jwt/private.pem" -pubout -outform DER | openssl base64 -A)" >>"$HERE/.env"
  echo "up: made preferences' token key pair (${HERE#"$ROOT"/}/jwt/private.pem)"
fi
# What the user set in .env wins (podman-compose even prefers it to the environment).
set -a
# shellcheck disable=SC1091
. "$HERE/.env"
set +a

# The edge runs as HAProxy's unprivileged user: it gets its own copy of the local self-signed
# certificate it can read (a development certificate; deploy/compose/certs is git-ignored).
"$ROOT/scripts/edge-cert.sh" "$ROOT/deploy/edge/certs" >/dev/null
mkdir -p "$HERE/certs"
install -m 0644 "$ROOT/deploy/edge/certs/edge.pem" "$HERE/certs/edge.pem"

# --- infrastructure images --------------------------------------------------------------------
mode="${INFRA_IMAGES:-auto}"
registry_default() { # VAR: compose.yaml's ${VAR:-default}
  sed -n "s/.*\${$1:-\([^}]*\)}.*/\1/p" "$HERE/compose.yaml" | head -1
}
pull_failed=false
unresolved=()
while IFS='=' read -r var local_image; do
  if [[ -n "${!var:-}" ]]; then continue; fi # set in .env or the environment
  registry="$(registry_default "$var")"
  [[ -n "$registry" ]] || continue
  case "$mode" in
    local) unresolved+=("$var") ;;
    registry) ;;
    auto)
      if "$engine" image inspect "$registry" >/dev/null 2>&1; then continue; fi
      if ! $pull_failed && "$engine" pull -q "$registry" >/dev/null 2>&1; then continue; fi
      pull_failed=true
      unresolved+=("$var") ;;
    *) echo "up: INFRA_IMAGES is '$mode'; use auto, registry or local" >&2; exit 2 ;;
  esac
done < <("$ROOT/deploy/images/infra.sh" --env)
if ((${#unresolved[@]})); then
  [[ $mode == local ]] || echo "up: registry images cannot be pulled; using local ones from Debian packages (deploy/images/infra.sh)"
  "$ROOT/deploy/images/infra.sh" | grep -v ' exists ' || true
  while IFS='=' read -r var local_image; do
    for u in "${unresolved[@]}"; do
      if [[ $u == "$var" ]]; then export "$var=$local_image"; fi
    done
  done < <("$ROOT/deploy/images/infra.sh" --env)
fi

# --- the services' images ---------------------------------------------------------------------
IMAGE_TAG="$("$ROOT/deploy/images/tag.sh")"
IMAGE_REPO="${IMAGE_REPO:-localhost/day2}"
export IMAGE_TAG IMAGE_REPO
missing=()
eval "$(grep '^ALL=' "$ROOT/deploy/images/build.sh")" # every image build.sh makes (the portal too)
for service in "${ALL[@]}"; do
  "$engine" image inspect "$IMAGE_REPO/$service:$IMAGE_TAG" >/dev/null 2>&1 || missing+=("$service")
done
if ((${#missing[@]})); then
  "$ROOT/deploy/images/build.sh" "${missing[@]}"
fi

cd "$HERE"
start=$SECONDS
if [[ $COMPOSE == podman-compose ]]; then
  # podman-compose prints every podman command and the container id: keep its log, show errors.
  mkdir -p "$ROOT/deploy/compose/target"
  log="$ROOT/deploy/compose/target/up-$PROJECT.log"
  $COMPOSE -p "$PROJECT" -f compose.yaml up -d >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
  # (It inspects each volume before creating it: "no such volume" is expected.)
  if grep '^Error' "$log" | grep -v 'no such volume' >&2; then exit 1; fi
else
  $COMPOSE -p "$PROJECT" -f compose.yaml up -d
fi
echo "up: $PROJECT started in $((SECONDS - start)) s (services: $IMAGE_REPO/*:$IMAGE_TAG;" \
  "infrastructure: ${EDGE_IMAGE:-registry images}${EDGE_IMAGE:+ and the other local ones})"
https="${EDGE_HTTPS_PORT:-8443}"
cat <<URLS

up: Day2 is starting; the JVMs are ready in a minute or two. Through the edge (self-signed certificate):
  https://hello.localhost:$https/
  https://wrpi.localhost:$https/v0/wrpi   (Basic auth, password: APP_PASSWORD in .env)
  https://counter.localhost:$https/
  https://preferences.localhost:$https/v1/users/alice/preferences   (Authorization: Bearer <token below>)
  https://tiles.localhost:$https/maps/tileset/osm_buildings
  http://127.0.0.1:${PROMETHEUS_PORT:-9090}/targets   http://127.0.0.1:${ALERTMANAGER_PORT:-9093}/
Stop with: make down (volumes are kept; deploy/compose/down.sh --volumes removes them)
URLS
if [[ -r $HERE/jwt/private.pem ]]; then
  echo "preferences: a bearer token (1 h; more: services/preferences/jwt-token.sh ${HERE#"$ROOT"/}/jwt/private.pem):"
  echo "  $("$ROOT/services/preferences/jwt-token.sh" "$HERE/jwt/private.pem" "${PREFERENCES_JWT_ISSUER:-https://auth.day2.localhost/}" "${PREFERENCES_JWT_AUDIENCE:-preferences}")"
fi
