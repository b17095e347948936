#!/usr/bin/env bash
# dev only: creates (or updates) every Secret the dev overlay reads, from environment variables.
# staging and prod get the same Secrets from AWS Secrets Manager (components/external-secrets).
#
#   export APP_PASSWORD=... REDIS_PASS=... POSTGRES_PASSWORD=... PREFERENCES_DB_PASSWORD=... TILES_DB_PASSWORD=...
#   export PGBACKREST_CIPHER_PASS=...                  # the pgBackRest repository's passphrase
#   export GRAFANA_ADMIN_PASSWORD=...
#   export SLACK_PAGER_URL=... SLACK_TICKETS_URL=...     # optional: Alertmanager's Slack webhooks
#   deploy/k8s/overlays/dev/create-secrets.sh
set -euo pipefail
for var in APP_PASSWORD REDIS_PASS POSTGRES_PASSWORD PREFERENCES_DB_PASSWORD TILES_DB_PASSWORD \
  GRAFANA_ADMIN_PASSWORD PGBACKREST_CIPHER_PASS; do
  if [[ -z "${!var:-}" ]]; then
    echo "create-secrets: $var is not set (try: export $var=\"\$(openssl rand -base64 24)\")" >&2
    exit 2
  fi
done
# The namespaces must exist first (kubectl apply -k creates them with everything else).
kubectl apply -k "$(dirname "$0")/../../base/namespaces" >/dev/null
kubectl apply -f "$(dirname "$0")/../../components/monitoring/namespace.yaml" >/dev/null

secret() { # namespace name key=value...
  local ns=$1 name=$2; shift 2
  local args=()
  for kv in "$@"; do args+=("--from-literal=$kv"); done
  kubectl -n "$ns" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml | kubectl apply -f -
}
secret wrpi wrpi-api "APP_PASSWORD=$APP_PASSWORD"
secret wrpi redis-auth "REDIS_PASS=$REDIS_PASS"
secret counter redis-auth "REDIS_PASS=$REDIS_PASS"
secret platform redis-auth "REDIS_PASS=$REDIS_PASS"
secret platform postgres-auth "POSTGRES_PASSWORD=$POSTGRES_PASSWORD" \
  "PREFERENCES_DB_PASSWORD=$PREFERENCES_DB_PASSWORD" "TILES_DB_PASSWORD=$TILES_DB_PASSWORD"
# Lose it and the backups cannot be read: keep a copy outside the cluster.
secret platform postgres-backup "PGBACKREST_REPO1_CIPHER_PASS=$PGBACKREST_CIPHER_PASS"
secret preferences preferences-db DB_USER=preferences "DB_PASSWORD=$PREFERENCES_DB_PASSWORD"
# preferences' bearer tokens: a key pair kept outside the cluster (PREFERENCES_JWT_DIR), its public
# half in the ConfigMap the Deployment reads; sign tokens with services/preferences/jwt-token.sh.
jwt_dir="${PREFERENCES_JWT_DIR:-$HOME/.config/day2/dev-jwt}"
if [[ ! -f $jwt_dir/private.pem ]]; then
  mkdir -p "$jwt_dir"
  (umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$jwt_dir/private.pem" 2>/dev/null)
fi
kubectl -n preferences create configmap preferences-jwt \
  "--from-literal=JWT_PUBLIC_KEY=$(openssl pkey -in "$jwt_dir/private.pem" -pubout -outform DER | openssl base64 -A)" \
  --dry-run=client -o yaml | kubectl apply -f -
echo "create-secrets: preferences token: services/preferences/jwt-token.sh $jwt_dir/private.pem https://auth.dev.day2.localhost/"
secret maps tiles-db DB_USER=tiles "DB_PASSWORD=$TILES_DB_PASSWORD"
# components/monitoring: the exporters log in like the services (dev: PostgreSQL's superuser;
# staging/prod: a pg_monitor role). Alertmanager's Slack URLs are optional in dev.
secret monitoring redis-auth "REDIS_PASS=$REDIS_PASS"
secret monitoring postgres-exporter DATA_SOURCE_USER=postgres "DATA_SOURCE_PASS=$POSTGRES_PASSWORD"
secret monitoring grafana-admin "GRAFANA_ADMIN_PASSWORD=$GRAFANA_ADMIN_PASSWORD"
if [[ -n "${SLACK_PAGER_URL:-}" && -n "${SLACK_TICKETS_URL:-}" ]]; then
  secret monitoring alertmanager-slack "slack-pager-url=$SLACK_PAGER_URL" \
    "slack-tickets-url=$SLACK_TICKETS_URL"
fi
