#!/usr/bin/env bash
# Prints a bearer token (RS256 JWT) for the preferences API, signed with a private key you hold:
# the one make run writes to .run/jwt/private.pem, make up to deploy/compose/jwt/private.pem, or
# deploy/k8s/overlays/dev/create-secrets.sh to its key directory. Production tokens come from the
# environment's identity provider, never from this script.
#
#   services/preferences/jwt-token.sh KEY.pem [ISSUER] [AUDIENCE] [SECONDS]
#   defaults: https://auth.day2.localhost/  preferences  3600
#   JWT_SCOPE: the scope claim; default preferences:admin, a service client's token that reaches
#   any user (ADR 0094). JWT_SCOPE= (empty) signs an end user's token, which reaches only the
#   preferences of JWT_SUBJECT (sub, default cli).
set -euo pipefail
key=${1:?usage: jwt-token.sh PRIVATE_KEY.pem [ISSUER] [AUDIENCE] [SECONDS]}
iss=${2:-https://auth.day2.localhost/}
aud=${3:-preferences}
ttl=${4:-3600}
[[ -r $key ]] || { echo "jwt-token: cannot read $key" >&2; exit 2; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
scope_value=${JWT_SCOPE-preferences:admin}
scope=${scope_value:+,\"scope\":\"$scope_value\"}
claims=$(printf '{"iss":"%s","aud":"%s","sub":"%s","iat":%d,"exp":%d%s}' \
  "$iss" "$aud" "${JWT_SUBJECT:-cli}" "$now" $((now + ttl)) "$scope" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$key" -binary | b64url)
echo "$header.$claims.$signature"
