#!/usr/bin/env bash
# make test-images: builds every service image and pushes it to the loopback registry
# (registry.sh), writes a dev release from the registry's digests (scripts/release.sh --out) and
# checks every pinned digest is in the registry; then pulls hello, wrpi-api and wrpi-updater BY
# DIGEST and runs them with Redis under podman (runtime runc), read-only and without
# capabilities, runs wrpi-updater once against them, and curls them; then plays the dev overlay's
# hello Deployment, with that release applied, with `podman kube play`; checks the PostgreSQL
# image's WAL archiving (test-postgres.sh) and builds the dev container (test-devcontainer.sh).
# Removes every container, pod and volume it created (by the names it gave them), also on failure.
# Ends with one line "N passed, M failed"; exits 1 when any check failed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
started=$SECONDS
for tool in podman kubectl redis-cli curl openssl python3 skopeo docker-registry /usr/lib/cni/portmap; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-images: $tool is missing (make tools installs it)" >&2; exit 2; }
done
export CONTAINER_ENGINE=podman
PODMAN=(podman --runtime runc)
WORK="$ROOT/deploy/images/target/test"
mkdir -p "$WORK"
# shellcheck source=../../scripts/checks.sh
. scripts/checks.sh  # check, contains, free_port; the passed/failed counts

# This kernel/sandbox refuses podman's default rlimits (nofile/nproc above the hard limits):
# give containers the limits this shell has.
printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=4096:4096"]\n' \
  "$(ulimit -Hn)" "$(ulimit -Hn)" >"$WORK/containers.conf"
export CONTAINERS_CONF="$WORK/containers.conf"

RUN_ID="day2-imgtest-$$"
POD="$RUN_ID"
VOLUME="$RUN_ID-redis"
KUBE_YAML="$WORK/hello-deployment.yaml"
kube_played=false

cleanup() {
  if $kube_played; then "${PODMAN[@]}" kube down "$KUBE_YAML" >/dev/null 2>&1 || true; fi
  "${PODMAN[@]}" pod rm -f "$POD" >/dev/null 2>&1 || true
  "${PODMAN[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_http() { # url, seconds: until it answers 200 (readiness), or fail
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    ((SECONDS < deadline)) || { echo "no 200 from $1 within $2 s"; return 1; }
    sleep 0.2
  done
}

# --- 1. build ------------------------------------------------------------------------------
echo "test-images: building (base once, then every service)"
# One tag for the whole run, even if HEAD moves meanwhile.
TAG="$(deploy/images/tag.sh)"
export IMAGE_TAG="$TAG"
build_start=$SECONDS
deploy/images/build.sh
build_s=$((SECONDS - build_start))
REPO="${IMAGE_REPO:-localhost/day2}"
REGISTRY="$(deploy/images/registry.sh addr)"

echo "test-images: the dev release from the registry's digests"
RELEASE="$WORK/release-dev"
scripts/release.sh dev --tag "$TAG" --registry "$REGISTRY/day2" --out "$RELEASE" >/dev/null
pinned() { awk -v n="registry.day2.example/day2/$1" '$2=="name:" {c=$3} c==n && $1=="digest:" {print $2}' "$RELEASE/kustomization.yaml"; }
eval "$(grep '^SERVICES=' scripts/release.sh)" # every image a release pins (portal, tileset-builder too)
for service in "${SERVICES[@]}"; do
  check "$service: the dev release pins the digest make images pushed" \
    test "$(pinned "$service")" = "$(cat deploy/images/target/digests/$service 2>/dev/null)"
  check "$service: the registry holds that digest" \
    skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/day2/$service@$(pinned "$service")"
done
# What runs below is pulled by digest from the registry, not the locally built tag.
declare -A BY_DIGEST
for service in hello wrpi-api wrpi-updater; do
  BY_DIGEST[$service]="$REGISTRY/day2/$service@$(pinned "$service")"
  check "$service: pulled by digest" podman pull -q --tls-verify=false "${BY_DIGEST[$service]}"
done

echo "test-images: checking the images"
eval "$(grep '^ALL=' deploy/images/build.sh)" # every image make images builds
for service in "${ALL[@]}"; do
  image="$REPO/$service:$TAG"
  labels() { podman image inspect --format '{{json .Labels}}' "$image"; }
  check "$service: runs as 10001, not root" \
    test "$(podman image inspect --format '{{.Config.User}}' "$image")" = "10001:10001"
  check "$service: OCI labels source, revision, version" \
    bash -c "l='$(labels)'; for k in source revision version; do grep -q \"org.opencontainers.image.\$k\" <<<\"\$l\" || exit 1; done"
done

# --- 2. hello + wrpi-api + redis + wrpi-updater in one pod ---------------------------------
echo "test-images: running hello, wrpi-api, redis and wrpi-updater (pod $POD)"
run_start=$SECONDS
HELLO_PORT=$(free_port); WRPI_PORT=$(free_port); REDIS_PORT=$(free_port)
REDIS_PASS="$(openssl rand -hex 16)"; APP_PASSWORD="$(openssl rand -hex 16)"
HARDENED=(--read-only --cap-drop ALL --security-opt no-new-privileges)
"${PODMAN[@]}" pod create --name "$POD" -p "127.0.0.1:$HELLO_PORT:8081" \
  -p "127.0.0.1:$WRPI_PORT:8082" -p "127.0.0.1:$REDIS_PORT:6379" >/dev/null
"${PODMAN[@]}" volume create "$VOLUME" >/dev/null
"${PODMAN[@]}" run -d --pod "$POD" --name "$RUN_ID-redis" "${HARDENED[@]}" -v "$VOLUME:/data" \
  localhost/day2/redis:7.0.15 --appendonly yes --requirepass "$REDIS_PASS" >/dev/null
REDIS_ENV=(-e REDIS_HOST=127.0.0.1 -e REDIS_PORT=6379 -e REDIS_DB=1 -e "REDIS_PASS=$REDIS_PASS")
# AOTMode=on: the JVM refuses to start unless it can map the image's AOT cache (build.sh trains it
# for the image's runtime), so "hello: ready" below also proves the cache is valid in the image.
"${PODMAN[@]}" run -d --pod "$POD" --name "$RUN_ID-hello" "${HARDENED[@]}" -e INSTANCE_NAME=hello-c1 \
  -e JAVA_TOOL_OPTIONS=-XX:AOTMode=on "${BY_DIGEST[hello]}" >/dev/null
"${PODMAN[@]}" run -d --pod "$POD" --name "$RUN_ID-wrpi-api" "${HARDENED[@]}" "${REDIS_ENV[@]}" \
  -e "APP_PASSWORD=$APP_PASSWORD" "${BY_DIGEST[wrpi-api]}" >/dev/null

deadline=$((SECONDS + 30))
until redis-cli -p "$REDIS_PORT" --no-auth-warning -a "$REDIS_PASS" ping 2>/dev/null | grep -q PONG; do
  ((SECONDS < deadline)) || { echo "redis did not answer within 30 s"; break; }
  sleep 0.2
done
updater_out="$("${PODMAN[@]}" run --rm --pod "$POD" --name "$RUN_ID-updater" "${HARDENED[@]}" \
  "${REDIS_ENV[@]}" "${BY_DIGEST[wrpi-updater]}" 2>&1)" && updater_rc=0 || updater_rc=$?
check "wrpi-updater: one run exits 0 and stores a reading in db 1" \
  bash -c "[[ $updater_rc == 0 ]] && grep -q 'in redis db 1' <<<'$updater_out'"
stored="$(redis-cli -p "$REDIS_PORT" --no-auth-warning -a "$REDIS_PASS" -n 1 get wrpi-latest)"

hello_entrypoint="$(podman image inspect --format '{{json .Config.Entrypoint}}' "${BY_DIGEST[hello]}")"
check "hello: the image starts from its AOT cache" contains "$hello_entrypoint" 'XX:AOTCache=/app/app.aot'
# The entrypoint reads deploy/images/jvm.options (one file for the images, make run and the bench).
hello_flags="$("${PODMAN[@]}" run --rm --entrypoint java "${BY_DIGEST[hello]}" @/app/jvm.options \
  -XX:+PrintFlagsFinal -version 2>&1 || true)"
check "hello: the entrypoint reads /app/jvm.options" contains "$hello_entrypoint" '"@/app/jvm.options"'
check "hello: jvm.options in the image: serial GC" contains "$hello_flags" "UseSerialGC  *= true"
check "hello: jvm.options in the image: 64 MB young generation" \
  contains "$hello_flags" "MaxNewSize  *= 67108864 "
check "hello: ready within 30 s (with AOTMode=on: the cache maps)" wait_http "http://127.0.0.1:$HELLO_PORT/q/health/ready" 30
check "wrpi-api: ready within 30 s (Redis reachable)" wait_http "http://127.0.0.1:$WRPI_PORT/q/health/ready" 30
check "hello: GET / says hello world with the time" \
  contains "$(curl -s "http://127.0.0.1:$HELLO_PORT/")" "hello world, the time is 20"
check "hello: names the replica (X-Served-By)" \
  contains "$(curl -si "http://127.0.0.1:$HELLO_PORT/")" "X-Served-By: hello-c1"
check "hello: JSON when asked" \
  contains "$(curl -s -H 'Accept: application/json' "http://127.0.0.1:$HELLO_PORT/")" '"message":"hello world"'
check "wrpi-api: 401 without credentials" \
  test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WRPI_PORT/v0/wrpi")" = 401
check "wrpi-api: serves the updater's reading ($stored) with the password" \
  contains "$(curl -s -u "any:$APP_PASSWORD" "http://127.0.0.1:$WRPI_PORT/v0/wrpi")" "\"latest_value\":${stored%.0}"
check "containers: root filesystems read-only" \
  bash -c "for c in $RUN_ID-hello $RUN_ID-wrpi-api $RUN_ID-redis; do [[ \$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' \$c) == true ]] || exit 1; done"
run_s=$((SECONDS - run_start))

# --- 3. podman kube play: the dev overlay's hello Deployment --------------------------------
echo "test-images: podman kube play of overlays/dev's hello Deployment"
kube_start=$SECONDS
KUBE_PORT=$(free_port)
# overlays/dev with the release just written (the loopback registry, this build's digests).
mkdir -p "$WORK/kube"
printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../../../k8s/overlays/dev\ncomponents:\n  - ../release-dev\n' \
  >"$WORK/kube/kustomization.yaml"
kubectl kustomize "$WORK/kube" >"$WORK/dev.yaml"
awk -v RS='\n---\n' '/(^|\n)kind: Deployment\n/ && /\n  name: hello\n/ {print; exit}' \
  "$WORK/dev.yaml" >"$WORK/hello-rendered.yaml"
# One replica, the port on loopback; the image is the release's digest; nothing else changes.
sed -e 's#^  replicas: .*#  replicas: 1#' \
  -e "s#^        - containerPort: 8081#        - containerPort: 8081\n          hostIP: 127.0.0.1\n          hostPort: $KUBE_PORT#" \
  "$WORK/hello-rendered.yaml" >"$KUBE_YAML"
check "kube play: the rendered Deployment runs the released digest" \
  grep -q "image: ${BY_DIGEST[hello]}" "$KUBE_YAML"
check "kube play: the rendered Deployment is hello's, hardened" \
  bash -c "grep -q 'readOnlyRootFilesystem: true' '$KUBE_YAML' && grep -q 'runAsNonRoot: true' '$KUBE_YAML' && grep -q 'hostPort: $KUBE_PORT' '$KUBE_YAML'"
kube_played=true
check "kube play: starts" "${PODMAN[@]}" kube play --tls-verify=false "$KUBE_YAML"
check "kube play: hello ready within 30 s" wait_http "http://127.0.0.1:$KUBE_PORT/q/health/ready" 30
check "kube play: GET / says hello world" \
  contains "$(curl -s "http://127.0.0.1:$KUBE_PORT/")" "hello world, the time is 20"
check "kube play: runs as 10001 on a read-only root" \
  bash -c "c=\$(podman ps --filter label=app.kubernetes.io/name=hello --filter 'name=hello-pod' --format '{{.ID}}' | head -1); [[ -n \$c ]] && [[ \$(podman inspect --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' \$c) == '10001:10001 true' || \$(podman inspect --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' \$c) == '10001 true' ]]"
kube_s=$((SECONDS - kube_start))

# --- 4. PostgreSQL with pgBackRest: WAL archiving and a backup in the container --------------
# shellcheck source=test-postgres.sh
. deploy/images/test-postgres.sh

# --- 5. the dev container: builds offline, versions.env's toolchain inside ------------------
# shellcheck source=test-devcontainer.sh
. deploy/images/test-devcontainer.sh

echo "test-images: build ${build_s} s, run+curl ${run_s} s, kube play ${kube_s} s, postgres ${pg_s} s, devcontainer ${dc_s} s, total $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
