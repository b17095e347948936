#!/usr/bin/env bash
# make test-host: the Day2 host firewall and fail2ban, for real, in two network namespaces this
# script creates (a server and a client joined by a veth pair) and always removes. Nothing is
# loaded into the machine's own firewall and no packet leaves the two namespaces.
#
#   server ns: the nftables ruleset (deploy/host/nftables/day2.nft), Redis, counter and wrpi-api
#              (the packaged jars), HAProxy with deploy/edge/haproxy.cfg on :80/:443, a listener
#              on :22, fail2ban-server with the shipped filters, action and jails.
#   client ns: one veth with four addresses: two outsiders (A, B), a bystander (C), an admin.
#
# Needs root, the packaged jars (`make test` builds them) and the tools of scripts/install-tools.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
HOST_DIR="$ROOT/deploy/host"
JAVA="${JAVA_HOME_25:-${JAVA_HOME:-/usr}}/bin/java"
PATH="$PATH:/usr/sbin:/sbin"

COUNTER_JAR="$ROOT/services/counter/target/quarkus-app/quarkus-run.jar"
WRPI_JAR="$ROOT/services/wrpi-api/target/quarkus-app/quarkus-run.jar"
for jar in "$COUNTER_JAR" "$WRPI_JAR"; do
  [[ -f "$jar" ]] || { echo "test-host: $jar is missing: run make test (or make build) first" >&2; exit 2; }
done
for tool in ip nft haproxy redis-server fail2ban-server fail2ban-client curl python3 openssl \
  ansible-playbook ansible-lint ignition-validate; do
  command -v "$tool" >/dev/null || { echo "test-host: $tool is missing: run make tools" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "test-host: needs root (network namespaces)" >&2; exit 2; }

ID="$$"
SRV="d2h-srv-$ID"
CLI="d2h-cli-$ID"
VS="d2hs$ID"
VC="d2hc$ID"
SERVER=10.99.0.1
A=10.99.0.2       # outsider who mistypes the wrpi password
B=10.99.0.3       # outsider who keeps failing at the edge
C=10.99.0.4       # bystander: must never be affected
ADMIN=10.99.0.130 # inside the admin CIDR of this test
ADMIN_CIDR=10.99.0.128/25
PASSWORD="test-host-$RANDOM$RANDOM"
BANTIME=6
WORK="$(mktemp -d /tmp/day2-test-host.XXXXXX)"
STARTED=$SECONDS
passed=0
failed=0

cleanup() {
  local rc=$?
  if ip netns pids "$SRV" >/dev/null 2>&1; then
    ip netns pids "$SRV" | xargs -r kill 2>/dev/null || true
    sleep 0.5
    ip netns pids "$SRV" | xargs -r kill -9 2>/dev/null || true
  fi
  ip netns pids "$CLI" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$CLI" 2>/dev/null || true
  if ((rc != 0)); then
    echo "test-host: FAILED; logs kept in $WORK" >&2
    for log in "$WORK"/*.log; do echo "--- $log (last 15 lines)" >&2; tail -15 "$log" >&2 || true; done
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

ok() { echo "  ok   $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL $*"; failed=$((failed + 1)); }
check() { # check "description" command...
  local what="$1"; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
srv() { ip netns exec "$SRV" "$@"; }
cli() { ip netns exec "$CLI" "$@"; }

# probe SRC PORT [TIMEOUT]: one TCP connect from SRC in the client ns: open | timeout | refused
probe() {
  cli python3 - "$1" "$SERVER" "$2" "${3:-1}" <<'EOF'
import socket, sys
s = socket.socket()
s.settimeout(float(sys.argv[4]))
s.bind((sys.argv[1], 0))
try:
    s.connect((sys.argv[2], int(sys.argv[3])))
    print("open")
except socket.timeout:
    print("timeout")
except ConnectionRefusedError:
    print("refused")
except OSError as e:
    print("error", e)
EOF
}
is() { [[ "$(probe "$2" "$3" "${4:-1}")" == "$1" ]]; }

# https SRC HOST PATH [curl args...]: status code of one request to the edge from SRC
https() {
  local src="$1" host="$2" path="$3"; shift 3
  cli curl -sk --interface "$src" --connect-timeout 1 -m 5 -o /dev/null -w '%{http_code}' \
    -H "Host: $host" "$@" "https://$SERVER$path" || true
}

await() { # await SECONDS description command...: poll until the command succeeds
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@"; do
    if ((SECONDS >= deadline)); then fail "$what (waited ${deadline}s)"; return 1; fi
    sleep 0.2
  done
  ok "$what"
}
in_set() { # (not a pipe into grep -q: with pipefail, nft's SIGPIPE would read as "not banned")
  local set
  set="$(srv nft list set inet day2 f2b_v4)" || { echo "test-host: nft list set failed" >&2; exit 1; }
  grep -qw "$1" <<<"$set"
}
not_in_set() { ! in_set "$1"; }
answers() { [[ "$(https "$@")" != 000 ]]; }
counter_answers() {
  [[ "$(cli curl -sk --interface "$C" -m 2 -H 'Host: counter.localhost' "https://$SERVER/")" == "Hello World! I have been seen "* ]]
}
wrpi_by_ip() { # wrpi_by_ip STATUS BODY: GET /v0/wrpi with Host: <the server's address>, right password
  local out
  out="$(cli curl -sk --interface "$C" --connect-timeout 1 -m 5 -w ' %{http_code}' \
    -u "any:$PASSWORD" "https://$SERVER/v0/wrpi" || true)"
  [[ "$out" == *"$2"*" $1" ]]
}

cat >"$WORK/nftables.conf" <<EOF
define admin_cidrs = { $ADMIN_CIDR }
include "$HOST_DIR/nftables/day2.nft"
EOF

echo "static checks"
check "the ruleset parses (nft -c in a throw-away network namespace)" \
  unshare --net nft -c -f "$WORK/nftables.conf"
syntax_rc=0
( cd "$HOST_DIR/ansible" && ansible-playbook --syntax-check -i localhost, site.yml ) >"$WORK/ansible-syntax.log" 2>&1 || syntax_rc=$?
check "the playbook passes ansible-playbook --syntax-check" [ "$syntax_rc" = 0 ]
lint_rc=0
( cd "$HOST_DIR/ansible" && ansible-lint --nocolor ) >"$WORK/ansible-lint.log" 2>&1 || lint_rc=$?
check "the playbook passes ansible-lint (production profile)" \
  bash -c "[ $lint_rc = 0 ] && grep -q 'Passed with production profile' '$WORK/ansible-lint.log'"
/usr/bin/python3 "$HOST_DIR/coreos/butane-lite.py" "$HOST_DIR/coreos/day2.bu" >"$WORK/day2.ign"
ignition_out="$(ignition-validate "$WORK/day2.ign" 2>&1)" || ignition_out="failed: $ignition_out"
check "the CoreOS config (day2.bu → Ignition 3.3) passes ignition-validate with no warning" [ -z "$ignition_out" ]
[[ -z "$ignition_out" ]] || echo "       $ignition_out"

echo "test-host: namespaces $SRV and $CLI, work dir $WORK"
ip netns add "$SRV"
ip netns add "$CLI"
ip link add "$VS" type veth peer name "$VC"
ip link set "$VS" netns "$SRV"
ip link set "$VC" netns "$CLI"
srv ip link set lo up
cli ip link set lo up
srv ip addr add "$SERVER/24" dev "$VS"
for addr in $A $B $C $ADMIN; do cli ip addr add "$addr/24" dev "$VC"; done
srv ip link set "$VS" up
cli ip link set "$VC" up

# --- the firewall, exactly the shipped file, with this test's admin CIDR --------------------
srv nft -f "$WORK/nftables.conf"

# --- the services ---------------------------------------------------------------------------
"$ROOT/scripts/edge-cert.sh" "$WORK/cert" >/dev/null
srv redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
srv env PORT=8083 INSTANCE_NAME=counter-1 "$JAVA" -jar "$COUNTER_JAR" >"$WORK/counter.log" 2>&1 &
# The api trusts the edge's X-Forwarded-For, so it logs (and fail2ban bans) the real client.
srv env PORT=8082 INSTANCE_NAME=wrpi-api-1 APP_PASSWORD="$PASSWORD" \
  QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
  QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1 \
  "$JAVA" -jar "$WRPI_JAR" >"$WORK/wrpi-api.log" 2>&1 &
srv env EDGE_CERT="$WORK/cert/edge.pem" EDGE_HTTP_BIND=:80 EDGE_HTTPS_BIND=:443 \
  EDGE_STATS_BIND=127.0.0.1:8404 COUNTER_R1=127.0.0.1:8083 COUNTER_R2=127.0.0.1:8083 \
  WRPI_R1=127.0.0.1:8082 WRPI_R2=127.0.0.1:8082 \
  haproxy -db -f "$ROOT/deploy/edge/haproxy.cfg" >"$WORK/haproxy.log" 2>"$WORK/haproxy-stderr.log" &
# Something on :22 (the rule is about packets, not about sshd).
srv python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 22)); s.listen(64)
while True: s.accept()[0].close()' >"$WORK/ssh-listener.log" 2>&1 &

# --- fail2ban: the shipped filters, action and jails; the test only points the jails at the
# files it writes (the host reads the journal) and shortens bantime.
F2B="$WORK/fail2ban"
mkdir -p "$F2B/filter.d" "$F2B/action.d" "$F2B/jail.d"
cp /etc/fail2ban/fail2ban.conf /etc/fail2ban/jail.conf /etc/fail2ban/paths-*.conf "$F2B/"
cp /etc/fail2ban/filter.d/common.conf /etc/fail2ban/filter.d/sshd.conf "$F2B/filter.d/"
cp "$HOST_DIR"/fail2ban/filter.d/*.conf "$F2B/filter.d/"
cp "$HOST_DIR"/fail2ban/action.d/*.conf "$F2B/action.d/"
cp "$HOST_DIR"/fail2ban/jail.d/*.conf "$F2B/jail.d/"
cat >"$F2B/fail2ban.local" <<EOF
[Definition]
logtarget = $WORK/fail2ban.log
dbfile = :memory:
EOF
cat >"$F2B/jail.local" <<EOF
[sshd]
# No sshd writes a journal here; the sshd jail is checked by fail2ban-client -t above.
enabled = false
[day2-edge]
bantime = $BANTIME
backend = polling
logpath = $WORK/haproxy.log
[wrpi-api]
bantime = $BANTIME
backend = polling
logpath = $WORK/wrpi-api.log
EOF
fail2ban-client -c "$F2B" -t >"$WORK/fail2ban-check.log" 2>&1 \
  || { cat "$WORK/fail2ban-check.log"; exit 1; }
srv fail2ban-server -f -x -c "$F2B" -s "$WORK/f2b.sock" -p "$WORK/f2b.pid" >"$WORK/fail2ban-server.log" 2>&1 &
f2b() { srv fail2ban-client -c "$F2B" -s "$WORK/f2b.sock" "$@"; }
jails_up() { grep -q 'Jail list:.*wrpi-api' <<<"$(f2b status 2>/dev/null)"; }
banned_by() { grep -q "Banned IP list:.*\b$2\b" <<<"$(f2b status "$1")"; }

echo "rules (deploy/host/nftables/day2.nft)"
await 10 "443 answers from anywhere (the edge over TLS)" answers $A counter.localhost /
check "80 answers from anywhere with a redirect to https" \
  [ "$(cli curl -s --interface $A --connect-timeout 1 -o /dev/null -w '%{http_code}' -H 'Host: counter.example' http://$SERVER/)" = 301 ]
await 60 "counter answers through the edge" counter_answers
check "the counter port 8083 is open inside the server" \
  srv python3 -c "import socket; socket.create_connection(('$SERVER', 8083), 1)"
check "...but an unlisted port (8083) is dropped from outside: the client times out" is timeout $A 8083
check "an unlisted, closed port (9999) is dropped too, not rejected" is timeout $A 9999
check "SSH from outside the admin CIDR is dropped" is timeout $A 22
check "SSH from the admin CIDR connects" is open $ADMIN 22
burst=""
for _ in 1 2 3 4 5 6 7 8 9 10; do burst+="$(probe $ADMIN 22 0.5) "; done
echo "       ten quick SSH connections from the admin: $burst"
opened=$(grep -o open <<<"$burst" | wc -l)
timedout=$(grep -o timeout <<<"$burst" | wc -l)
check "the SSH rate limit cuts a burst (6/minute, burst 6: $opened of 10 + 1 let through)" \
  [ "$opened" -ge 3 -a "$opened" -le 6 -a "$timedout" -ge 4 ]

echo "fail2ban (deploy/host/fail2ban): a live ban and unban"
await 30 "fail2ban-server runs the shipped jails" jails_up
await 60 "wrpi-api answers through the edge by IP address (Host: $SERVER): 503, no value yet" \
  wrpi_by_ip 503 '"error":"no_value_yet"'
srv redis-cli SET wrpi-latest 69.42 >/dev/null
srv redis-cli SET wrpi-timestamp "2021-02-20T18:06:47+0000" >/dev/null
await 10 "...and with a reading stored it answers 200" wrpi_by_ip 200 '"latest_value":69.42'

codes=""
for _ in 1 2 3 4 5; do
  # The forged X-Forwarded-For must not be what gets banned: the edge replaces it.
  codes+="$(https $A "$SERVER" /v0/wrpi -u any:wrong -H 'X-Forwarded-For: 10.99.0.77') "
done
check "client A: five wrong passwords are five 401s ($codes)" [ "$codes" = "401 401 401 401 401 " ]
await 15 "client A's address lands in the nftables set f2b_v4 (jail wrpi-api)" in_set $A
check "the forged X-Forwarded-For address is not banned" not_in_set 10.99.0.77
check "client A's next connection fails (443 times out)" is timeout $A 443
check "client C (never failed) is not affected" [ "$(https $C counter.localhost /)" = 200 ]
check "fail2ban reports the ban in jail wrpi-api" banned_by wrpi-api $A
await $((BANTIME + 10)) "after bantime (${BANTIME}s) client A is unbanned" not_in_set $A
check "client A connects again" is open $A 443

# The edge's own jail: wrpi-api's jail set idle, so only HAProxy's log can ban B. The edge
# answers 401 eleven times, then 429 (its per-service limit); the jail bans on the 30th.
f2b set wrpi-api idle on >/dev/null
codes=""
for _ in $(seq 30); do codes+="$(https $B "$SERVER" /v0/wrpi -u any:wrong) "; done
check "client B: 30 failures at the edge (11 x 401, then 429)" \
  [ "$(grep -o 401 <<<"$codes" | wc -l)" = 11 -a "$(grep -o 429 <<<"$codes" | wc -l)" = 19 ]
await 15 "client B's address lands in f2b_v4 (jail day2-edge, the HAProxy access log)" in_set $B
check "fail2ban reports the ban in jail day2-edge" banned_by day2-edge $B
check "client B's next connection fails" is timeout $B 443
check "client C is still not affected" [ "$(https $C counter.localhost /)" = 200 ]
await $((BANTIME + 10)) "after bantime client B is unbanned" not_in_set $B

echo "test-host: $passed passed, $failed failed in $((SECONDS - STARTED)) s"
((failed == 0))
