#!/bin/bash
# Runs once, on the first start of an empty data directory (docker-entrypoint-initdb.d): one
# database per service, owned by its own role. Passwords come from the environment (Secret
# postgres-auth), never from this file.
set -euo pipefail
for svc in preferences tiles; do
  var="${svc^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$svc" -v password="${!var}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
SQL
done
