#!/usr/bin/env bash
# Makes the edge's self-signed certificate for local use: DIR/edge.pem (certificate + key, the
# form HAProxy's `crt` wants), valid for localhost, *.localhost, each service host by name (not every
# client honours a wildcard under a single-label TLD), 127.0.0.1 and ::1.
# Idempotent: keeps an existing certificate that is valid for at least another day.
# Never commit the result (*.pem is git-ignored); production certificates come from ACM or
# cert-manager, see deploy/edge/README.md.
set -euo pipefail
dir=${1:?usage: edge-cert.sh DIR}
mkdir -p "$dir"
pem="$dir/edge.pem"
if [[ -s $pem ]] && openssl x509 -in "$pem" -noout -checkend 86400 >/dev/null 2>&1; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -subj "/CN=day2.localhost" \
  -addext "subjectAltName=DNS:localhost,DNS:*.localhost,DNS:hello.localhost,DNS:wrpi.localhost,DNS:counter.localhost,DNS:preferences.localhost,DNS:tiles.localhost,IP:127.0.0.1,IP:::1" \
  -addext "extendedKeyUsage=serverAuth" 2>/dev/null
umask 077
cat "$tmp/cert.pem" "$tmp/key.pem" >"$pem"
echo "edge-cert: made $pem (self-signed, 30 days)"
