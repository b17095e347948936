#!/usr/bin/env bash
# The artifact store on this machine: a real OCI registry (Debian's docker-registry, the CNCF
# distribution registry 2.8) on loopback. make images pushes every service image to it; the image
# and compose tests pull from it by digest; make release ENV=dev reads its digests.
#
#   deploy/images/registry.sh start    start it unless it already answers (idempotent)
#   deploy/images/registry.sh stop     stop the one this script started (by its pid file)
#   deploy/images/registry.sh addr     print host:port (REGISTRY_ADDR)
#   deploy/images/registry.sh status   exit 0 when it answers /v2/
#
# Environment: REGISTRY_ADDR (default 127.0.0.1:5000, loopback only), REGISTRY_HOME (default
# .registry/ in the repository: blobs, config, pid, log; survives make clean and make run).
# In AWS the same role is played by ECR (docs/delivery.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ADDR="${REGISTRY_ADDR:-127.0.0.1:5000}"
HOME_DIR="${REGISTRY_HOME:-$ROOT/.registry}"
PID_FILE="$HOME_DIR/registry.pid"

case "$ADDR" in
  127.*:* | localhost:* | \[::1\]:*) ;;
  *) echo "registry: REGISTRY_ADDR must be a loopback host:port, not '$ADDR'" >&2; exit 2 ;;
esac

answers() { curl -sf -o /dev/null --max-time 2 "http://$ADDR/v2/"; }

start() {
  if answers; then return 0; fi
  command -v docker-registry >/dev/null || { echo "registry: docker-registry is missing (make tools installs it)" >&2; exit 2; }
  mkdir -p "$HOME_DIR/data"
  cat >"$HOME_DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $HOME_DIR/data
  delete:
    enabled: true
http:
  addr: $ADDR
  headers:
    X-Content-Type-Options: [nosniff]
YAML
  # setsid: the registry outlives the make target that started it (like a dev database).
  setsid docker-registry serve "$HOME_DIR/config.yml" >>"$HOME_DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + 20))
  until answers; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null || ((SECONDS > deadline)); then
      echo "registry: did not start on $ADDR; last log lines:" >&2
      tail -5 "$HOME_DIR/registry.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "registry: started on http://$ADDR (data $HOME_DIR/data, pid $(cat "$PID_FILE"))"
}

stop() {
  [[ -f "$PID_FILE" ]] || { echo "registry: not started by this script"; return 0; }
  kill "$(cat "$PID_FILE")" 2>/dev/null || true
  rm -f "$PID_FILE"
  echo "registry: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  addr) echo "$ADDR" ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|addr|status" >&2; exit 2 ;;
esac
