#!/usr/bin/env bash
# make test-compose: brings the whole compose topology up with this build's service images pulled
# BY DIGEST from the loopback registry (deploy/images/registry.sh; built and pushed first when
# missing) and the local infrastructure images (podman-compose,
# podman --runtime runc), under its own project name and on free host ports, so it never meets a
# user's `make up` or another test; checks it through the edge over TLS, through the cache, in
# Prometheus and the Pushgateway; then `down --volumes` and checks that nothing it made is left.
# Waits by readiness, never by time. Ends with "N passed, M failed"; exits 1 when any check failed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
started=$SECONDS
for tool in podman podman-compose curl jq openssl python3 skopeo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-compose: $tool is missing (make tools installs it)" >&2; exit 2; }
done

# shellcheck source=podman-env.sh
. deploy/compose/podman-env.sh
PROJECT="day2ctest$$"
WORK="$ROOT/deploy/compose/target/$PROJECT"
mkdir -p "$WORK"
# shellcheck source=../../scripts/checks.sh
. scripts/checks.sh  # check, contains, free_port; the passed/failed counts
export COMPOSE_PROJECT_NAME="$PROJECT" COMPOSE_DIR="$WORK" INFRA_IMAGES=local CONTAINER_ENGINE=podman

# Its own copy of compose.yaml, one level deeper (deploy/compose/target/<project>): relative
# mounts are rewritten to the same files, except certs/ (up.sh makes the test's own).
sed -E -e 's#^(\s+- )\.\./#\1../../../#' -e 's#^(\s+- )\./(prometheus-targets)#\1../../\2#' \
  deploy/compose/compose.yaml >"$WORK/compose.yaml"
HTTPS=$(free_port); HTTP=$(free_port); PROM=$(free_port); AM=$(free_port); PGW=$(free_port)
APP_PASSWORD="$(openssl rand -hex 16)"
umask 077
cat >"$WORK/.env" <<ENV
APP_PASSWORD=$APP_PASSWORD
REDIS_PASS=$(openssl rand -hex 16)
POSTGRES_PASSWORD=$(openssl rand -hex 16)
PREFERENCES_DB_PASSWORD=$(openssl rand -hex 16)
TILES_DB_PASSWORD=$(openssl rand -hex 16)
PGBACKREST_REPO1_CIPHER_PASS=$(openssl rand -hex 24)
EDGE_HTTP_PORT=$HTTP
EDGE_HTTPS_PORT=$HTTPS
PROMETHEUS_PORT=$PROM
ALERTMANAGER_PORT=$AM
PUSHGATEWAY_PORT=$PGW
ENV
umask 022

down_done=false
cleanup() {
  if ! $down_done; then deploy/compose/down.sh --volumes >/dev/null 2>&1 || true; fi
  # Whatever a failed `down` left, by this project's label and names only.
  podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  rm -rf "$WORK" "$ROOT/deploy/compose/target/up-$PROJECT.log" "$ROOT/deploy/compose/target/down-$PROJECT.log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# curl through the edge: https://<host>.localhost:<port><path>, the self-signed cert accepted.
edge() { local host=$1 path=$2; shift 2
  curl -sk --max-time 10 --resolve "$host.localhost:$HTTPS:127.0.0.1" "$@" "https://$host.localhost:$HTTPS$path"; }
status() { edge "$1" "$2" -o /dev/null -w '%{http_code}' "${@:3}"; }
until_true() { # seconds, description, command...: retries the command until it succeeds
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "not true within the deadline: $what"; "$@" || true; return 1; }
    sleep 1
  done
}
prom() { curl -s --max-time 10 "http://127.0.0.1:$PROM/api/v1/$1"; }
targets_all_up() { # every active target up, and as many as expected
  local t; t="$(prom targets)"
  jq -e --argjson n "$1" '[.data.activeTargets[] | select(.health == "up")] | length == $n' <<<"$t" >/dev/null \
    && jq -e '[.data.activeTargets[] | select(.health != "up")] | length == 0' <<<"$t" >/dev/null
}

# --- the service images: from the registry, by digest ------------------------------------------
REGISTRY="$(deploy/images/registry.sh addr)"
IMAGE_TAG="$(deploy/images/tag.sh)"
# Every service image build.sh knows (its ALL list), so whatever compose runs is in the registry.
eval "$(grep '^ALL=' deploy/images/build.sh)"
SERVICES=("${ALL[@]}")
# podman (compose included) may pull from the loopback registry over plain HTTP.
printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$REGISTRY" >"$WORK/registries.conf"
export CONTAINERS_REGISTRIES_CONF="$WORK/registries.conf"
unpushed=()
deploy/images/registry.sh start >/dev/null
for s in "${SERVICES[@]}"; do
  skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/day2/$s:$IMAGE_TAG" >/dev/null 2>&1 || unpushed+=("$s")
done
if ((${#unpushed[@]})); then IMAGE_REPO="" IMAGE_TAG="$IMAGE_TAG" deploy/images/build.sh "${unpushed[@]}"; fi
declare -A DIGEST
for s in "${SERVICES[@]}"; do
  DIGEST[$s]="$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/day2/$s:$IMAGE_TAG")"
  # compose names images by tag: the tag compose uses is given to what was pulled by digest.
  podman rmi "$REGISTRY/day2/$s:$IMAGE_TAG" >/dev/null 2>&1 || true
  podman pull -q --tls-verify=false "$REGISTRY/day2/$s@${DIGEST[$s]}" >/dev/null
  podman tag "$REGISTRY/day2/$s@${DIGEST[$s]}" "$REGISTRY/day2/$s:$IMAGE_TAG"
done
export IMAGE_REPO="$REGISTRY/day2" IMAGE_TAG

# --- up ---------------------------------------------------------------------------------------
echo "test-compose: up (project $PROJECT, edge https on 127.0.0.1:$HTTPS, images by digest from $REGISTRY)"
up_start=$SECONDS
check "up.sh brings the topology up" deploy/compose/up.sh
up_s=$((SECONDS - up_start))
runs_registry_digests() { # every service container runs the image the registry holds at DIGEST
  local c image digests n=0
  for c in $(podman ps -q --filter "label=io.podman.compose.project=$PROJECT"); do
    image="$(podman inspect --format '{{.ImageName}}' "$c")"
    [[ "$image" == "$REGISTRY/day2/"* ]] || continue
    s="${image#"$REGISTRY/day2/"}"; s="${s%%:*}"
    # The container's image (by ID) must be the one pulled as <registry>/day2/<service>@<digest>.
    digests="$(podman image inspect --format '{{range .RepoDigests}}{{.}} {{end}}' "$(podman inspect --format '{{.Image}}' "$c")")"
    [[ " $digests " == *" $REGISTRY/day2/$s@${DIGEST[$s]} "* ]] ||
      { echo "$c ($s) runs an image without $REGISTRY/day2/$s@${DIGEST[$s]}: $digests"; return 1; }
    n=$((n + 1))
  done
  ((n >= 6)) || { echo "only $n Day2 containers from the registry"; return 1; }
}
check "every service container runs the digest pulled from the registry" runs_registry_digests
all_read_only() {
  local ids; ids="$(podman ps -q --filter "label=io.podman.compose.project=$PROJECT")"
  [[ -n $ids ]] && ! podman inspect --format '{{.Name}} {{.HostConfig.ReadonlyRootfs}}' $ids | grep -v ' true$'
}
check "every container of the project runs read-only" all_read_only
all_memory_limited() { # compose.yaml's mem_limit (ComposeTest: the pods' limits) reached podman
  local ids; ids="$(podman ps -q --filter "label=io.podman.compose.project=$PROJECT")"
  [[ -n $ids ]] && ! podman inspect --format '{{.Name}} {{.HostConfig.Memory}}' $ids | grep ' 0$'
}
check "every container of the project has a memory limit" all_memory_limited

# Each check is a function: until_true retries it (readiness), check records it.
hello_answers() { edge hello / | grep -q 'hello world'; }
hello_tls_hsts() {
  local out; out="$(edge hello / -i)"
  grep -q 'hello world, the time is 20' <<<"$out" && grep -qi '^strict-transport-security' <<<"$out"
}
hello_both_replicas() {
  local seen=""
  for _ in 1 2 3 4 5 6; do seen+="$(edge hello / -i | tr -d '\r' | sed -n 's/^[Xx]-[Ss]erved-[Bb]y: //p') "; done
  grep -q hello-1 <<<"$seen" && grep -q hello-2 <<<"$seen" || { echo "served by: $seen"; return 1; }
}
wrpi_401() { [[ $(status wrpi /v0/wrpi) == 401 ]]; }
wrpi_200() { [[ $(status wrpi /v0/wrpi -u "any:$APP_PASSWORD") == 200 ]]; }
counter_ready() { [[ $(status counter /q/health/ready) == 200 ]]; }
counter_counts() {
  local a b
  a=$(edge counter / -H 'Accept: application/json' | jq .seen)
  b=$(edge counter / -H 'Accept: application/json' | jq .seen)
  [[ $a == 1 && $b == 2 ]] || { echo "seen $a then $b"; return 1; }
}
# preferences wants a bearer token signed by the key up.sh made for this project
token() { services/preferences/jwt-token.sh "$WORK/jwt/private.pem"; }
preferences_round_trip() {
  local auth; auth="Authorization: Bearer $(token)"
  [[ $(status preferences /v1/users/alice/preferences/analytics -X PUT -H "$auth" \
    -H 'Content-Type: application/json' -d '{"enabled": true}') == 2* ]] &&
    edge preferences /v1/users/alice/preferences/analytics -H "$auth" | jq -e '.enabled == true'
}
preferences_401_json() {
  local out; out="$(edge preferences /v1/users/alice/preferences -w '\n%{http_code}')"
  [[ $(tail -1 <<<"$out") == 401 ]] && head -1 <<<"$out" | jq -e '.error == "unauthorized"'
}
TILE=/maps/tileset/osm_buildings/14/8529/5974
tile_200() { [[ $(status tiles $TILE -H 'Accept-Encoding: gzip') == 200 ]]; }
tile_hit() {
  local out; out="$(edge tiles $TILE -H 'Accept-Encoding: gzip' -o /dev/null -D - | tr -d '\r')"
  grep -qi '^x-cache: HIT' <<<"$out" && grep -qi '^age: ' <<<"$out" || { echo "$out"; return 1; }
}

check "hello: answers through the edge (TLS) within 300 s" until_true 300 "hello answers" hello_answers
check "hello: says hello world over TLS, with HSTS" hello_tls_hsts
check "hello: both replicas answer (X-Served-By hello-1 and hello-2)" until_true 60 "two replicas" hello_both_replicas
check "wrpi: 401 without the password" until_true 120 "wrpi 401" wrpi_401
check "wrpi: 200 with APP_PASSWORD once the updater has run" until_true 180 "wrpi 200" wrpi_200
check "wrpi: serves a reading" contains "$(edge wrpi /v0/wrpi -u "any:$APP_PASSWORD")" '"latest_value":'
check "counter: ready within 120 s" until_true 120 "counter ready" counter_ready
check "counter: counts 1 then 2 (one count in Redis for both replicas)" counter_counts
check "preferences: PUT then GET round-trips with a bearer token" until_true 120 "preferences round trip" preferences_round_trip
check "preferences: 401 JSON without a token" preferences_401_json
check "tiles: a tile through the cache within 180 s" until_true 180 "tile 200" tile_200
check "tiles: the second request is a cache HIT (X-Cache, Age)" tile_hit
# The delivery workflow's smoke tests (scripts/smoke.sh), run through this edge as after a deploy.
check "scripts/smoke.sh (the deploy smoke tests) pass through this edge" \
  env SMOKE_URL="https://%s.localhost:$HTTPS" SMOKE_INSECURE=1 WRPI_PASSWORD="$APP_PASSWORD" \
  PREFERENCES_TOKEN="$(JWT_SUBJECT=smoke-test token)" scripts/smoke.sh

# Prometheus: every file_sd target of compose.json up (alertmanager's both alerted and scraped);
# scrapes run every 15 s.
expected=$(cat deploy/compose/prometheus-targets/*/compose.json | grep -c '"targets"')
check "prometheus: all $expected targets up within 120 s" until_true 120 "targets up" targets_all_up "$expected"
ready_s=$((SECONDS - up_start))
if ! targets_all_up "$expected"; then
  prom targets | jq -r '.data.activeTargets[] | "\(.labels.job) \(.labels.instance) \(.health) \(.lastError)"' | sed 's/^/        /'
fi
# Each JVM sized its heap from its container's limit (jvm.options: 75 % of 384m = 288 MiB), not
# from the host's RAM: the largest heap any service reports is at most that.
heaps_from_limits() {
  local out
  out="$(prom 'query?query=sum%20by%20(job,instance)(jvm_memory_max_bytes%7Barea%3D%22heap%22%7D)' |
    jq -r '.data.result[] | "\(.metric.job)/\(.metric.instance) \(.value[1])"')"
  (($(grep -c . <<<"$out") >= 15)) || { echo "heaps of only: $out"; return 1; }
  ! awk '$2 > 0.75 * 384 * 1048576 {print "over its limit: " $0; over = 1} END {exit !over}' <<<"$out"
}
check "every JVM's heap is sized from its container's memory limit" until_true 60 "heaps reported" heaps_from_limits
alertmanager_found() { prom alertmanagers | jq -e '.data.activeAlertmanagers | length == 1'; }
check "prometheus: sends alerts to the Alertmanager" until_true 60 "alertmanager discovered" alertmanager_found
check "alertmanager: ready" curl -sf "http://127.0.0.1:$AM/-/ready"
pushed() { curl -s "http://127.0.0.1:$PGW/metrics" | grep -E '^wrpi_updater_last_run_success\{.*job="wrpi-updater".*\} 1$'; }
pushed_scraped() { prom 'query?query=wrpi_updater_last_run_success' | jq -e '.data.result | length >= 1'; }
# The updater's first run may fail while 20 JVMs start on 2 cores (it pushes 0); the loop runs
# again 60 s later.
check "pushgateway: has wrpi_updater_last_run_success 1 from the updater" until_true 150 "a successful run pushed" pushed
check "prometheus: has the pushed wrpi_updater_last_run_success" until_true 60 "pushed metric scraped" pushed_scraped
# WAL archiving (INFRA_IMAGES=local: the PostgreSQL image with pgBackRest, ADR 0102): nothing
# switches a segment here — archive_timeout (60 s) closes the one the services' writes are in —
# and the exporter's pg_stat_archiver query must report it archived.
archived() { prom 'query?query=pg_stat_archiver_archived_count%3E0%20and%20pg_stat_archiver_failing%3D%3D0' | jq -e '.data.result | length == 1'; }
check "postgres: WAL segments reach the pgBackRest repository, none failed" until_true 150 "archived" archived
archived >/dev/null 2>&1 ||
  { # why not: the exporter's view, the server's own, and its log
    prom 'query?query=pg_stat_archiver_archived_count' | sed 's/^/        prometheus: /'
    podman exec "${PROJECT}_postgres_1" psql -U postgres -h /var/run/postgresql -Atc "show archive_command" -c "select * from pg_stat_archiver" 2>&1 | sed 's/^/        postgres: /'
    podman logs "${PROJECT}_postgres_1" 2>&1 | tail -15 | sed 's/^/        postgres log: /'
    podman logs "${PROJECT}_postgres-exporter_1" 2>&1 | tail -8 | sed 's/^/        exporter log: /'
  }

# The backup schedule (deploy/backup/backup-schedule.sh, the `backup` service): the loop runs and
# says what is next; its next-due computation at a fixed clock is the timers' (Saturday noon UTC:
# full on Sunday 01:00, differential on Monday 01:00; BackupScheduleTest holds it to the timers
# and CronJobs over many clocks); its "run now" hook runs a due job as the loop would: a real
# full backup from the backup container into the repository, pushed to the Pushgateway.
BACKUP_C="${PROJECT}_backup_1"
loop_waiting() { podman logs "$BACKUP_C" 2>&1 | grep -E 'backup-schedule: next: pg-(full|diff) at 20'; }
check "backup: the schedule loop runs and names the next PostgreSQL backup" until_true 30 "loop started" loop_waiting
check "backup: at Saturday 12:00 UTC the next full is Sunday 01:00, the next diff Monday 01:00" \
  test "$(podman exec "$BACKUP_C" backup-schedule.sh next 1795867200 2>&1 | tr '\n' ' ')" = \
  "pg-full 1795914000 pg-diff 1796000400 redis 1795870800 "
check "backup: the run-now hook runs a full backup from the backup container" \
  podman exec "$BACKUP_C" backup-schedule.sh run pg-full
full_in_repo() { podman exec "$BACKUP_C" pgbackrest --output=json info | jq -e '[.[0].backup[] | select(.type == "full")] | length >= 1'; }
check "backup: the repository holds that full backup" full_in_repo
backup_pushed() { curl -s "http://127.0.0.1:$PGW/metrics" | grep -E '^day2_backup_last_run_success\{.*store="postgres".*type="full".*\} 1$'; }
check "backup: its outcome is on the Pushgateway (BackupTooOld reads it)" until_true 30 "backup pushed" backup_pushed

# --- down ---------------------------------------------------------------------------------------
down_start=$SECONDS
check "down.sh --volumes stops it" deploy/compose/down.sh --volumes
down_done=true
down_s=$((SECONDS - down_start))
nothing_left() {
  [[ -z $(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT") ]] &&
    [[ -z $(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT") ]] &&
    ! podman network exists "${PROJECT}_default"
}
check "nothing of the project is left (containers, volumes, network)" nothing_left

echo "test-compose: up.sh ${up_s} s, everything ready ${ready_s} s after it began, down ${down_s} s, total $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
