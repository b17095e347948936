#!/usr/bin/env bash
# make bench: each service against nginx serving a fixed string, with wrk, in the same run.
# Prints req/s, p99 and the ratio to a baseline against each goal (README.md, Performance), then
# each service's start-to-ready time and idle RSS. Absolute numbers drift between machines and runs;
# compare ratios from one run. Each row also says where the CPU went, in microseconds per request:
# the whole machine's (the load generator included), the process under test's and the one behind it
# (the store, or the service behind the edge or cache): on cores shared with wrk, req/s is about
# cores / all_us, so a ratio's ceiling can be read off the other rows (bench/README.md).
#
# Env: BENCH_DURATION (default 15s), BENCH_WARMUP (30s), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
# BENCH_COLD_DURATION (5s), JAVA_OPTS_EXTRA (A/B runs only), BENCH_AOT (use|train|off),
# BENCH_JFR=1 (a JFR recording per service and its hot methods beside the results).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
JAVA="${JAVA_HOME:?JAVA_HOME must point at JDK 25 (make bench sets it)}/bin/java"

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || { echo "bench: $tool is missing: run 'make tools'" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/day2-bench.XXXXXX)
mkdir -p "$WORK/jfr"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { # a port nobody listens on, from a range the services do not use
  local port
  for port in $(seq "$1" $(($1 + 100))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "bench: no free port near $1" >&2; exit 1
}

# A service's port comes from services.tsv (the one service table); the bench looks for a free one
# from there plus BENCH_PORT_OFFSET (hello 8081 → 19181), clear of a running `make run`
# (8081.., 18081..; deploy/k8s/tests ServiceTableTest checks both).
BENCH_PORT_OFFSET=11100
table_port() { awk -F'\t' -v name="$1" '$1 == name { print $3 }' "$ROOT/services.tsv"; }

await() { # await URL [curl args...]: until it answers 2xx, at most 60 s
  local url=$1; shift
  for _ in $(seq 600); do
    curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $url never became ready" >&2; exit 1
}

start_nginx() {
  local port=$1
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "hello world, the time is 2026-11-22T10:15:30Z\n"; }
  }
}
CONF
  "$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  PIDS+=($!)
  UNDER_TEST[nginx]=$!
}

# The JVM options every topology ships (deploy/images/jvm.options, as java reads it in the images)
# with make run's heap cap (local/.../RunnerConfig.java), plus JAVA_OPTS_EXTRA for an A/B run.
read -r -a JVM_OPTS <<<"@$ROOT/deploy/images/jvm.options -Xmx256m ${JAVA_OPTS_EXTRA:-}"
declare -A LAUNCHED SVC_PID READY_MS RSS_MB UP_MS UP_RSS_MB
# The JDK's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) from a training
# run, beside each jar as quarkus-app/$AOT_FILE. BENCH_AOT=use (default) starts a service with its
# cache when there is one, =train runs this script as the training run that writes the caches
# (make aot: the bench's own load, short, no report), =off ignores them (an A/B run).
AOT=${BENCH_AOT:-use}
AOT_FILE=${AOT_FILE:-app.aot}
[[ $AOT == use || $AOT == train || $AOT == off ]] || { echo "bench: BENCH_AOT must be use, train or off, not '$AOT'" >&2; exit 2; }
start_service() { # start_service LABEL PORT [ENV=VALUE ...]: the packaged jar, production profile;
  # LABEL is the service's directory name, or NAME-SUFFIX for a second replica of it
  local label=$1 port=$2; shift 2
  local name=${label%%-cold}
  local jar="$ROOT/services/$name/target/quarkus-app/quarkus-run.jar"
  [[ -f $jar ]] || { echo "bench: $jar is missing: run 'make build'" >&2; exit 1; }
  local aot=() cache
  cache="$(dirname "$jar")/$AOT_FILE"
  if [[ $AOT == train && $label == "$name" ]]; then aot=("-XX:AOTCacheOutput=$cache")
  elif [[ $AOT == use && $cache -nt $jar ]]; then aot=("-XX:AOTCache=$cache"); fi # else stale or none
  local jfr=() # BENCH_JFR=1: a JFR recording per service (profile settings), dumped as it exits
  [[ ${BENCH_JFR:-0} == 1 && $label == "$name" ]] &&
    jfr=("-XX:StartFlightRecording=filename=$WORK/jfr/$label.jfr,settings=profile")
  LAUNCHED[$label]=$(date +%s%N)
  env PORT="$port" HOST=127.0.0.1 INSTANCE_NAME="$label-bench" "$@" \
    "$JAVA" "${JVM_OPTS[@]}" "${aot[@]}" "${jfr[@]}" -jar "$jar" >"$WORK/$label.log" 2>&1 &
  PIDS+=($!)
  SVC_PID[$label]=$!
}

ready() { # ready LABEL URL [curl args...]: like await, every 10 ms, then records the service's
  # start-to-up time (launch to the first 2xx of its liveness probe, URL's .../live) and its
  # resident memory then, and its start-to-ready time (launch to the first 2xx of URL, the warm-up
  # of ADR 0140 included) and its resident memory, idle, at that moment
  local label=$1 url=$2; shift 2
  local deadline=$((SECONDS + 120)) live=${url%/ready}/live
  while ((SECONDS < deadline)); do
    if [[ -z ${UP_MS[$label]:-} ]] && curl -fsS -o /dev/null "$@" "$live" 2>/dev/null; then
      UP_MS[$label]=$((($(date +%s%N) - LAUNCHED[$label]) / 1000000))
      UP_RSS_MB[$label]=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/${SVC_PID[$label]}/status")
    fi
    if [[ -n ${UP_MS[$label]:-} ]] && curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; then
      READY_MS[$label]=$((($(date +%s%N) - LAUNCHED[$label]) / 1000000))
      RSS_MB[$label]=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/${SVC_PID[$label]}/status")
      return 0
    fi
    sleep 0.01
  done
  echo "bench: $label ($url) not ready after 120 s:" >&2; tail -5 "$WORK/$label.log" >&2; exit 1
}

# Debian's PostgreSQL binaries (the newest installed), for the database-backed services' figures.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
start_postgres() { # start_postgres NAME PORT_HINT: a throwaway PostgreSQL (trust auth, loopback only)
  # with user and database NAME on a free port near PORT_HINT, stopped by PID at exit; sets PG_PORT
  local name=$1 dir="$WORK/pg-$1" as_pg=()
  [[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)
  PG_PORT=$(free_port "$2")
  mkdir -p "$dir" && chmod 755 "$WORK" && { [[ $(id -u) -ne 0 ]] || chown postgres "$dir"; }
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U "$name" -A trust >"$WORK/pg-$name-init.log" 2>&1
  "${as_pg[@]}" "$PG_BIN/postgres" -D "$dir/data" -p "$PG_PORT" -k "$dir" \
    -c listen_addresses=127.0.0.1 >"$WORK/pg-$name.log" 2>&1 &
  PIDS+=($!)
  PG_PID=$! # runuser's when root: the server and its backends are counted as its descendants
  for _ in $(seq 600); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.1; done
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$name" "$name"
}

RESULTS=()
declare -A GOALS # label -> "baseline:min ratio:max p99 ms"; the default is nginx:0.5:10 (README, Performance)
# goal LABEL BASELINE MIN_RATIO [MAX_P99_MS|any]; `goal LABEL baseline -` marks a reference row
goal() { GOALS[$1]="$2:$3:${4:-10}"; }
rps_of() { # the req/s measured for a label
  local row
  for row in "${RESULTS[@]}"; do
    read -r l r _ <<<"$row"
    [[ $l == "$1" ]] && { echo "$r"; return; }
  done
  echo "bench: no result for $1" >&2; exit 1
}
# CPU per request: clock ticks of a process and all its descendants (nginx's and Varnish's workers,
# PostgreSQL's backends), the ended ones included (a reaped child's ticks move to its parent's
# cutime/cstime: pgbench's backends), and the whole machine's busy ticks (/proc/stat).
declare -A UNDER_TEST BEHIND # label -> PIDs: the process measured, and the one it calls
descendants() { # descendants PID: it and every process below it, one per line
  local child
  [[ -n $1 ]] || return 0
  echo "$1"
  for child in $(pgrep -P "$1"); do descendants "$child"; done
}
tree_ticks() { # tree_ticks PID: utime + stime + cutime + cstime of it and its descendants (0: none)
  local sum=0 pid t
  for pid in $(descendants "$1"); do
    t=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}') && sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK)
cpu_start() { # cpu_start LABEL: snapshots the ticks cpu_us reads (the process under test is
  # the service started as LABEL unless UNDER_TEST says otherwise)
  [[ -n ${UNDER_TEST[$1]:-} ]] || UNDER_TEST[$1]=${SVC_PID[$1]:-}
  CPU0=("$(busy_ticks)" "$(tree_ticks "${UNDER_TEST[$1]:-}")" "$(tree_ticks "${BEHIND[$1]:-}")")
}
cpu_us() { # cpu_us LABEL REQUESTS: "all_us svc_us dep_us" per request since cpu_start ("-": none)
  local label=$1 requests=$2 now
  now=("$(busy_ticks)" "$(tree_ticks "${UNDER_TEST[$1]:-}")" "$(tree_ticks "${BEHIND[$1]:-}")")
  local i out=() pids=(all "${UNDER_TEST[$label]:-}" "${BEHIND[$label]:-}")
  for i in 0 1 2; do
    if [[ -z ${pids[$i]} ]]; then out+=(-); continue; fi
    out+=("$(awk -v d=$((now[i] - CPU0[i])) -v n="$requests" -v t="$CLK_TCK" \
      'BEGIN {if (n > 0) printf "%.1f", d / t * 1e6 / n; else print "-"}')")
  done
  echo "${out[*]}"
}

measure() { # measure LABEL URL [wrk args...]: records "LABEL req/s p99_ms CPU" after a warm-up
  local label=$1 url=$2; shift 2
  # A training run skips the rows no trained JVM serves (the baselines, Varnish's cache hits).
  [[ $AOT == train && " nginx varnish-fixed tiles-varnish " == *" $label "* ]] && return 0
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
  measure_now "$label" "$DURATION" "$url" "$@"
}
measure_now() { # measure_now LABEL DURATION URL [wrk args...]: the same without a warm-up
  local label=$1 duration=$2 url=$3; shift 3
  local out
  cpu_start "$label"
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@" "$url")
  local rps p99 non2xx requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  requests=$(awk '/ requests in / {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  if [[ -n $non2xx ]]; then echo "bench: $label answered $non2xx non-2xx responses" >&2; exit 1; fi
  RESULTS+=("$label $rps $(to_ms "$p99") $(cpu_us "$label" "$requests")")
}

to_ms() { # wrk prints 812.00us, 1.20ms or 1.02s
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else print v }'
}

NGINX_PORT=$(free_port 19080)
start_nginx "$NGINX_PORT"
await "http://127.0.0.1:$NGINX_PORT/"

HELLO_PORT=$(free_port $(($(table_port hello) + BENCH_PORT_OFFSET)))
start_service hello "$HELLO_PORT"
ready hello "http://127.0.0.1:$HELLO_PORT/q/health/ready"

echo "bench: $CONNECTIONS connections, $THREADS threads, ${DURATION} per target after ${WARMUP} warm-up ($(nproc) cores, AOT cache: $AOT)"
measure nginx "http://127.0.0.1:$NGINX_PORT/"
measure hello "http://127.0.0.1:$HELLO_PORT/"

# A replica the autoscaler adds under load starts cold: a second one of the same service, measured
# for its first COLD_DURATION after ready, without warm-up, as a ratio of the warm replica's rate.
COLD_DURATION=${BENCH_COLD_DURATION:-5s}
cold() { # cold NAME URL_PATH [curl/wrk args...] -- [ENV=VALUE ...]: starts, measures, stops NAME-cold
  [[ $AOT == train ]] && return 0 # a training run trains the first replica only
  local name=$1 path=$2; shift 2
  local args=() envs=() port
  while (($#)) && [[ $1 != -- ]]; do args+=("$1"); shift; done
  (($#)) && shift
  envs=("$@")
  port=$(free_port $(($(table_port "$name") + BENCH_PORT_OFFSET + 50)))
  start_service "$name-cold" "$port" "${envs[@]}"
  ready "$name-cold" "http://127.0.0.1:$port/q/health/ready"
  measure_now "$name-cold" "$COLD_DURATION" "http://127.0.0.1:$port$path" "${args[@]}"
  goal "$name-cold" "$name" 0.8 any
  kill "${SVC_PID[$name-cold]}"; wait "${SVC_PID[$name-cold]}" 2>/dev/null || true
}
cold hello /

# wrpi-api: GET /v0/wrpi with Basic auth (a password made here) against a real redis-server on a
# free port (stopped by PID at exit), seeded by a run of the packaged updater.
REDIS_PORT=$(free_port 19379)
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save '' \
  --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
REDIS_PID=$!
BEHIND[wrpi-api]=$REDIS_PID BEHIND[wrpi-api-cold]=$REDIS_PID
BEHIND[counter]=$REDIS_PID BEHIND[counter-cold]=$REDIS_PID
for _ in $(seq 600); do
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
REDIS_PORT=$REDIS_PORT REDIS_DB=1 "$JAVA" -jar "$ROOT/services/wrpi-updater/target/quarkus-app/quarkus-run.jar" \
  >"$WORK/wrpi-updater.log" 2>&1 || { echo "bench: the wrpi updater failed:" >&2; cat "$WORK/wrpi-updater.log" >&2; exit 1; }
WRPI_PASSWORD=$(openssl rand -hex 16)
WRPI_AUTH="Authorization: Basic $(printf 'bench:%s' "$WRPI_PASSWORD" | base64 -w0)"
WRPI_ENV=(REDIS_PORT="$REDIS_PORT" REDIS_DB=1 APP_PASSWORD="$WRPI_PASSWORD")
WRPI_PORT=$(free_port $(($(table_port wrpi-api) + BENCH_PORT_OFFSET)))
start_service wrpi-api "$WRPI_PORT" "${WRPI_ENV[@]}"
ready wrpi-api "http://127.0.0.1:$WRPI_PORT/q/health/ready"
measure wrpi-api "http://127.0.0.1:$WRPI_PORT/v0/wrpi" -H "$WRPI_AUTH"
cold wrpi-api /v0/wrpi -H "$WRPI_AUTH" -- "${WRPI_ENV[@]}"

# counter: one Redis INCR per request, on the same redis-server (another database).
COUNTER_ENV=(REDIS_PORT="$REDIS_PORT" REDIS_DB=2)
COUNTER_PORT=$(free_port $(($(table_port counter) + BENCH_PORT_OFFSET)))
start_service counter "$COUNTER_PORT" "${COUNTER_ENV[@]}"
ready counter "http://127.0.0.1:$COUNTER_PORT/q/health/ready"
measure counter "http://127.0.0.1:$COUNTER_PORT/"
goal counter nginx 0.4
cold counter / -- "${COUNTER_ENV[@]}"

# The store alone, as a reference: redis-benchmark's INCR from the same number of clients, no
# pipelining, on the same redis-server: one Redis round trip per request on these cores, with no
# HTTP and no JVM (counter's ceiling; README, Performance).
if [[ $AOT != train ]] && command -v redis-benchmark >/dev/null; then
  redis-benchmark -p "$REDIS_PORT" -n 10 -c "$CONNECTIONS" -t incr --csv >/dev/null 2>&1
  UNDER_TEST[redis-incr]=$REDIS_PID
  cpu_start redis-incr
  out=$(redis-benchmark -p "$REDIS_PORT" -n "${BENCH_REDIS_REQUESTS:-1000000}" -c "$CONNECTIONS" -t incr --csv)
  IFS=, read -r _ rps _ _ _ _ p99 _ < <(tail -1 <<<"$out" | tr -d '"')
  RESULTS+=("redis-incr $rps $p99 $(cpu_us redis-incr "${BENCH_REDIS_REQUESTS:-1000000}")")
  goal redis-incr baseline -
fi

# The same three through the HAProxy TLS edge (deploy/edge/haproxy.cfg as shipped, both backend
# servers of a service pointing at its one replica, so only the edge's cost differs). wrk keeps
# its connections alive, so the TLS handshake is paid once per connection, as for real clients.
if command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]]; then
  "$ROOT/scripts/edge-cert.sh" "$WORK/certs" >/dev/null
  EDGE_HTTPS=$(free_port 19443)
  EDGE_HTTP=$(free_port 19480)
  EDGE_STATS=$(free_port 19404)
  env EDGE_CERT="$WORK/certs/edge.pem" EDGE_HTTPS_BIND="127.0.0.1:$EDGE_HTTPS" \
    EDGE_HTTP_BIND="127.0.0.1:$EDGE_HTTP" EDGE_STATS_BIND="127.0.0.1:$EDGE_STATS" \
    HELLO_R1="127.0.0.1:$HELLO_PORT" HELLO_R2="127.0.0.1:$HELLO_PORT" \
    WRPI_R1="127.0.0.1:$WRPI_PORT" WRPI_R2="127.0.0.1:$WRPI_PORT" \
    COUNTER_R1="127.0.0.1:$COUNTER_PORT" COUNTER_R2="127.0.0.1:$COUNTER_PORT" \
    "$(command -v haproxy || echo /usr/sbin/haproxy)" -db -f "$ROOT/deploy/edge/haproxy.cfg" >"$WORK/edge.log" 2>&1 &
  PIDS+=($!)
  UNDER_TEST[hello-edge]=$! UNDER_TEST[wrpi-edge]=$! UNDER_TEST[counter-edge]=$!
  BEHIND[hello-edge]=${SVC_PID[hello]} BEHIND[wrpi-edge]=${SVC_PID[wrpi-api]}
  BEHIND[counter-edge]=${SVC_PID[counter]}
  for service in hello counter; do
    await "https://127.0.0.1:$EDGE_HTTPS/q/health/ready" -k -H "Host: $service.localhost"
  done
  await "https://127.0.0.1:$EDGE_HTTPS/v0/wrpi" -k -H "Host: wrpi.localhost" -H "$WRPI_AUTH"
  measure hello-edge "https://127.0.0.1:$EDGE_HTTPS/" -H "Host: hello.localhost"
  goal hello-edge hello 0.7
  measure wrpi-edge "https://127.0.0.1:$EDGE_HTTPS/v0/wrpi" -H "Host: wrpi.localhost" -H "$WRPI_AUTH"
  goal wrpi-edge wrpi-api 0.7
  measure counter-edge "https://127.0.0.1:$EDGE_HTTPS/" -H "Host: counter.localhost"
  goal counter-edge counter 0.7
else
  echo "bench: haproxy is not installed: skipping the edge figures (make tools installs it)" >&2
fi

# tiles: an uncached tile straight from PostgreSQL (Debian's, on a free port, stopped by PID), then
# the same tile cached by Varnish (deploy/cache/default.vcl as shipped) against Varnish serving that
# tile as a fixed object through a minimal VCL (goal >= 0.8). wrk sends Accept-Encoding: gzip.
VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)
if [[ -n $PG_BIN && -x $VARNISHD ]]; then
  start_postgres tiles 19432
  TILES_PG_PORT=$PG_PORT
  BEHIND[tiles-pg]=$PG_PID
  TILES_PORT=$(free_port $(($(table_port tiles) + BENCH_PORT_OFFSET)))
  TILES_DB=(DB_HOST=127.0.0.1 DB_PORT="$TILES_PG_PORT" DB_NAME=tiles DB_USER=tiles DB_PASSWORD=bench-trust-auth)
  # the seed job first, as compose and the dev cluster run it: tables and the Monaco sample
  SEED_JAR="$ROOT/tools/tileset-builder/target/tileset-builder.jar"
  [[ -f $SEED_JAR ]] || { echo "bench: $SEED_JAR is missing: run 'make build'" >&2; exit 1; }
  env "${TILES_DB[@]}" "$JAVA" -jar "$SEED_JAR" seed >"$WORK/tiles-seed.log" 2>&1 ||
    { echo "bench: $(tail -1 "$WORK/tiles-seed.log")" >&2; exit 1; }
  start_service tiles "$TILES_PORT" "${TILES_DB[@]}"
  ready tiles "http://127.0.0.1:$TILES_PORT/q/health/ready"
  UNDER_TEST[tiles-pg]=${SVC_PID[tiles]}
  TILE=/maps/tileset/osm_buildings/14/8529/5974
  measure tiles-pg "http://127.0.0.1:$TILES_PORT$TILE" -H "Accept-Encoding: gzip"
  goal tiles-pg nginx 0.25

  mkdir -p "$WORK/vcl-fixed" "$WORK/vcl-tiles"
  # The fixed object: the same tile bytes, cached by a minimal VCL (no cookie/encoding/ban logic),
  # so the ratio is the cost of default.vcl itself, not of moving a 30 KB tile instead of a string.
  cat >"$WORK/vcl-fixed/fixed.vcl" <<VCL
vcl 4.1;
backend tiles { .host = "127.0.0.1"; .port = "$TILES_PORT"; }
sub vcl_recv { return (hash); }
sub vcl_backend_response { set beresp.ttl = 1h; return (deliver); }
VCL
  printf 'backend tiles_1 { .host = "127.0.0.1"; .port = "%s"; .probe = tiles_ready; }\nsub vcl_init { tiles.add_backend(tiles_1); }\n' \
    "$TILES_PORT" >"$WORK/vcl-tiles/backends.vcl"
  VARNISH_FIXED=$(free_port 19681)
  "$VARNISHD" -F -j none -n "$WORK/varnish-fixed" -a "127.0.0.1:$VARNISH_FIXED" -T 127.0.0.1:0 \
    -f "$WORK/vcl-fixed/fixed.vcl" -s malloc,64m >"$WORK/varnish-fixed.log" 2>&1 &
  PIDS+=($!)
  UNDER_TEST[varnish-fixed]=$! BEHIND[varnish-fixed]=${SVC_PID[tiles]}
  VARNISH_TILES=$(free_port 19682)
  "$VARNISHD" -F -j none -n "$WORK/varnish-tiles" -a "127.0.0.1:$VARNISH_TILES" -T 127.0.0.1:0 \
    -f "$ROOT/deploy/cache/default.vcl" -p vcl_path="$WORK/vcl-tiles" -s malloc,64m >"$WORK/varnish-tiles.log" 2>&1 &
  PIDS+=($!)
  UNDER_TEST[tiles-varnish]=$! BEHIND[tiles-varnish]=${SVC_PID[tiles]}
  await "http://127.0.0.1:$VARNISH_FIXED$TILE" -H "Accept-Encoding: gzip"
  await "http://127.0.0.1:$VARNISH_TILES$TILE" -H "Accept-Encoding: gzip"
  measure varnish-fixed "http://127.0.0.1:$VARNISH_FIXED$TILE" -H "Accept-Encoding: gzip"
  goal varnish-fixed baseline -
  measure tiles-varnish "http://127.0.0.1:$VARNISH_TILES$TILE" -H "Accept-Encoding: gzip"
  goal tiles-varnish varnish-fixed 0.8
else
  echo "bench: postgresql or varnish is not installed: skipping the tiles figures (make tools)" >&2
fi

# preferences: GET one preference, a primary-key read from PostgreSQL. Its own throwaway Debian
# PostgreSQL on a free port (trust auth on loopback; stopped by PID), migrated by the packaged jar's
# `migrate` command as the pipeline does, one preference seeded with PUT.
PREFS_JAR="$ROOT/services/preferences/target/quarkus-app/quarkus-run.jar"
if [[ -n $PG_BIN ]]; then
  [[ -f $PREFS_JAR ]] || { echo "bench: $PREFS_JAR is missing: run 'make build'" >&2; exit 1; }
  start_postgres preferences 19532
  PREFS_PG_PORT=$PG_PORT
  BEHIND[preferences]=$PG_PID
  PREFS_DB=(DB_HOST=127.0.0.1 DB_PORT="$PREFS_PG_PORT" DB_NAME=preferences DB_USER=preferences
    DB_PASSWORD=bench-trust-auth)
  env "${PREFS_DB[@]}" "$JAVA" -jar "$PREFS_JAR" migrate >"$WORK/prefs-migrate.log" 2>&1 ||
    { echo "bench: preferences migrate failed:" >&2; cat "$WORK/prefs-migrate.log" >&2; exit 1; }
  PREFS_PORT=$(free_port $(($(table_port preferences) + BENCH_PORT_OFFSET)))
  # /v1 needs a bearer token: a throwaway key pair, the service told to trust it, one token
  (umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.pem" 2>/dev/null)
  PREFS_JWT=(JWT_ISSUER=https://auth.bench.localhost/ JWT_AUDIENCE=preferences
    "JWT_PUBLIC_KEY=$(openssl pkey -in "$WORK/jwt.pem" -pubout -outform DER | openssl base64 -A)")
  PREFS_AUTH="Authorization: Bearer $("$ROOT/services/preferences/jwt-token.sh" "$WORK/jwt.pem" \
    https://auth.bench.localhost/ preferences 7200)"
  start_service preferences "$PREFS_PORT" "${PREFS_DB[@]}" "${PREFS_JWT[@]}"
  ready preferences "http://127.0.0.1:$PREFS_PORT/q/health/ready"
  PREFS_URL="http://127.0.0.1:$PREFS_PORT/v1/users/bench-user/preferences/analytics"
  curl -fsS -o /dev/null -X PUT -H "$PREFS_AUTH" -H 'Content-Type: application/json' \
    -d '{"enabled":true}' "$PREFS_URL"
  measure preferences "$PREFS_URL" -H "$PREFS_AUTH"
  goal preferences nginx 0.3
  # The store alone, as a reference: pgbench runs the service's own read (prepared, by primary key)
  # from the same number of clients on the same PostgreSQL, with no HTTP and no JVM.
  if [[ $AOT != train ]]; then
    printf '%s\n' "SELECT enabled, updated_at FROM preference WHERE user_id = 'bench-user' AND purpose = 'analytics';" \
      >"$WORK/pgbench-read.sql"
    UNDER_TEST[postgres-read]=${BEHIND[preferences]}
    cpu_start postgres-read
    out=$("$PG_BIN/pgbench" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" \
      -f "$WORK/pgbench-read.sql" -h 127.0.0.1 -p "$PREFS_PG_PORT" -U preferences preferences 2>&1) ||
      { echo "bench: pgbench failed: $out" >&2; exit 1; }
    rps=$(awk '/^tps = / {print $3}' <<<"$out")
    latency=$(awk '/^latency average = / {print $4}' <<<"$out")
    RESULTS+=("postgres-read $rps avg:$latency $(cpu_us postgres-read \
      "$(awk '/^number of transactions actually processed: / {print $6}' <<<"$out")")")
    goal postgres-read baseline -
  fi
else
  echo "bench: postgresql is not installed: skipping the preferences figures (make tools)" >&2
fi

# Later services add their `start_service` + `measure` (+ `goal`) lines above this report.
if [[ $AOT == train ]]; then # stop each service: the JVM writes its AOT cache as it exits
  for label in "${!SVC_PID[@]}"; do kill "${SVC_PID[$label]}"; done
  for label in "${!SVC_PID[@]}"; do
    wait "${SVC_PID[$label]}" 2>/dev/null || true
    cache="$ROOT/services/$label/target/quarkus-app/$AOT_FILE"
    [[ -s $cache ]] || { echo "bench: training wrote no $cache:" >&2; tail -5 "$WORK/$label.log" >&2; exit 1; }
    echo "bench: trained ${cache#"$ROOT"/} ($(du -m "$cache" | cut -f1) MB)"
  done
  exit 0
fi

mkdir -p bench/results
report=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
{
  printf '%-14s %12s %9s %-13s %6s %-24s %7s %7s %7s\n' target req/s p99_ms "vs" ratio goal \
    all_us svc_us dep_us
  for row in "${RESULTS[@]}"; do
    read -r label rps p99 all_us svc_us dep_us <<<"$row"
    IFS=: read -r base min p99_max <<<"${GOALS[$label]:-nginx:0.5:10}"
    if [[ $base != baseline ]]; then
      base_rps=$(rps_of "$base")
      ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print 0}')
    fi
    bound="p99<${p99_max}ms"; [[ $p99_max == any ]] && { bound="any p99"; p99_max=1e9; }
    if [[ $label == nginx || $base == baseline ]]; then verdict="baseline"; base=-; ratio=-
    elif awk -v r="$ratio" -v m="$min" -v p="$p99" -v x="$p99_max" 'BEGIN {exit !(r >= m && p < x)}'; then verdict="met (>=$min, $bound)"
    else verdict="MISSED (>=$min, $bound)"; fi
    printf '%-14s %12.0f %9s %-13s %6s %-24s %7s %7s %7s\n' "$label" "$rps" "$p99" "$base" "$ratio" \
      "$verdict" "$all_us" "$svc_us" "$dep_us"
  done
  # Start-to-up (launch to the first 2xx of the liveness probe, JVM start included) against the
  # < 2 s goal; start-to-ready (the readiness probe: the warm-up of ADR 0140 included, reported);
  # resident memory at up and, idle, at ready against < 200 MB (README, Performance).
  printf '\n%-14s %6s %-6s %8s %6s %8s %s\n' service up_ms goal ready_ms rss_up rss_ready goal
  for label in hello wrpi-api counter tiles preferences hello-cold wrpi-api-cold counter-cold; do
    [[ -n ${READY_MS[$label]:-} ]] || continue
    printf '%-14s %6s %-6s %8s %6s %8s %s\n' "$label" "${UP_MS[$label]}" \
      "$( ((UP_MS[$label] < 2000)) && echo met || echo MISSED)" "${READY_MS[$label]}" \
      "${UP_RSS_MB[$label]}" "${RSS_MB[$label]}" \
      "$( ((RSS_MB[$label] < 200)) && echo met || echo MISSED)"
  done
} | tee "$report"
echo "bench: saved $report"

if [[ ${BENCH_JFR:-0} == 1 ]]; then # stop the services, then summarise where each spent its CPU
  for label in "${!SVC_PID[@]}"; do kill "${SVC_PID[$label]}" 2>/dev/null || true; done
  for label in "${!SVC_PID[@]}"; do wait "${SVC_PID[$label]}" 2>/dev/null || true; done
  profiles=${report%.txt}-profiles
  mkdir -p "$profiles"
  for recording in "$WORK"/jfr/*.jfr; do
    label=$(basename "$recording" .jfr)
    cp "$recording" "$profiles/"
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$recording" >"$profiles/$label-hot-methods.txt"
    echo "== $label"
    python3 "$ROOT/bench/jfr-summary.py" "$JAVA_HOME/bin/jfr" "$recording"
  done | tee "$profiles/summary.txt"
  echo "bench: JFR recordings, hot methods and summary.txt in $profiles/ (jfr view, JDK Mission Control)"
fi
