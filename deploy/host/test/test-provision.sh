#!/usr/bin/env bash
# make test-host-provision: applies deploy/host/ansible for real, twice, to a disposable Debian 12
# root made with debootstrap (Ansible's chroot connection), then checks what it installed.
# The second run must change nothing. Everything happens in a private mount namespace and, for
# the checks that touch the network stack, in a private network namespace: nothing is mounted,
# started or loaded on the machine itself.
#
# No systemd runs inside a chroot, so the units are installed and enabled but not started by
# systemd; instead the checks start the edge, Redis and both counter replicas from the installed
# files (unit ExecStart lines, env files, config, certificate) and go through the edge.
#
# The bare debootstrap root is cached in deploy/host/target/ (git-ignored); each run provisions
# a fresh copy of it. `--prepare` only makes that cache (no jar needed: .ci/run runs it while
# make test builds them).
set -euo pipefail
PREPARE=false
[[ ${1:-} == --prepare ]] && PREPARE=true

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
HOST_DIR="$ROOT/deploy/host"
JDK="${JAVA_HOME_25:-$("$ROOT/scripts/java-home.sh")}"
PATH="$PATH:/usr/sbin:/sbin"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

$PREPARE || for jar in counter wrpi-api; do
  [[ -f "$ROOT/services/$jar/target/quarkus-app/quarkus-run.jar" ]] \
    || { echo "test-provision: services/$jar is not packaged: run make test (or make build) first" >&2; exit 2; }
done
for tool in debootstrap ansible-playbook unshare; do
  command -v "$tool" >/dev/null || { echo "test-provision: $tool is missing: run make tools" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "test-provision: needs root (chroot, mounts)" >&2; exit 2; }

# Re-run this script in a private mount namespace: the bind mounts vanish with it.
if [[ -z "${DAY2_PROVISION_NS:-}" ]]; then
  exec env DAY2_PROVISION_NS=1 unshare --mount --propagation private "$0" "$@"
fi

STARTED=$SECONDS
CACHE="$HOST_DIR/target"
BASE="$CACHE/bookworm-base.tar"
WORK="$(mktemp -d /tmp/day2-test-provision.XXXXXX)"
TARGET="$WORK/root"
passed=0
failed=0
cleanup() {
  local rc=$?
  # Unmount first (the target holds a bind of /dev), and never cross into another file system.
  for mnt in var/cache/apt/archives opt/jdk run dev proc; do umount -R "$TARGET/$mnt" 2>/dev/null || true; done
  if ((rc != 0)); then
    echo "test-provision: FAILED; files kept in $WORK" >&2
  elif ! findmnt -rn -o TARGET | grep -q "^$WORK"; then
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT
ok() { echo "  ok   $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL $*"; failed=$((failed + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
in_target() { chroot "$TARGET" "$@"; }

mkdir -p "$CACHE"
if [[ ! -f "$BASE" ]]; then
  echo "test-provision: debootstrap bookworm (once, cached in $BASE)"
  debootstrap --variant=minbase --include=python3,systemd,ca-certificates bookworm \
    "$WORK/base" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  tar -C "$WORK/base" -cf "$BASE.tmp" . && mv "$BASE.tmp" "$BASE" && rm -rf "$WORK/base"
fi
if $PREPARE; then
  echo "test-provision: $BASE ready"
  exit 0
fi
mkdir -p "$TARGET"
tar -C "$TARGET" -xf "$BASE"

# What a chroot needs for apt and package scripts; no service starts while packages install
# (policy-rc.d), and the machine's JDK stands in for Temurin from Adoptium (not reachable here).
mount -t proc proc "$TARGET/proc"
mount --rbind /dev "$TARGET/dev"
mount -t tmpfs tmpfs "$TARGET/run"
mkdir -p "$TARGET/run/sshd" "$TARGET/opt/jdk"
mount --bind -o ro "$JDK" "$TARGET/opt/jdk"
# Downloaded packages are kept between runs (deploy/host/target/apt-archives).
mkdir -p "$CACHE/apt-archives/partial"
mount --bind "$CACHE/apt-archives" "$TARGET/var/cache/apt/archives"
cp /etc/resolv.conf "$TARGET/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$TARGET/usr/sbin/policy-rc.d" && chmod 755 "$TARGET/usr/sbin/policy-rc.d"

ssh-keygen -q -t ed25519 -N '' -C test@day2 -f "$WORK/admin_key"
PASSWORD="provision-$RANDOM$RANDOM"
cat >"$WORK/inventory.yml" <<EOF
day2_hosts:
  hosts:
    $TARGET:
      ansible_connection: community.general.chroot
  vars:
    day2_admin_cidrs: ["10.99.0.128/25"]
    day2_ssh_users:
      - name: alice
        keys: ["$(cat "$WORK/admin_key.pub")"]
    day2_wrpi_app_password: "$PASSWORD"
    day2_java_install: false
    day2_java_home: /opt/jdk
    day2_edge_server_name: day2.test
    day2_prometheus_remote_write_url: http://prometheus.day2.test:9090/api/v1/write
    day2_start_services: false
EOF

run_playbook() {
  ANSIBLE_CONFIG="$HOST_DIR/ansible/ansible.cfg" ANSIBLE_NOCOLOR=1 \
    ansible-playbook -i "$WORK/inventory.yml" "$HOST_DIR/ansible/site.yml" >"$WORK/$1.log" 2>&1 \
    || { tail -40 "$WORK/$1.log"; return 1; }
  grep -E ' ok=[0-9]+ +changed=[0-9]+' "$WORK/$1.log" | tail -1
}

echo "provisioning (deploy/host/ansible/site.yml) with the chroot connection"
t=$SECONDS
recap1="$(run_playbook apply-1)"
echo "       first run ($((SECONDS - t)) s): $recap1"
check "the first run succeeds and changes the target" \
  bash -c "grep -q 'failed=0' <<<'$recap1' && ! grep -q ' changed=0 ' <<<'$recap1'"
t=$SECONDS
recap2="$(run_playbook apply-2)"
echo "       second run ($((SECONDS - t)) s): $recap2"
check "the second run changes nothing (idempotent)" grep -q ' changed=0 .*failed=0' <<<"$recap2"

echo "what the target got"
for unit in counter@1.service counter@2.service wrpi-api.service haproxy.service \
  redis-server.service fail2ban.service nftables.service prometheus.service; do
  # --man=no: the target has no man pages for the Documentation= lines of Debian's units.
  check "$unit: systemd-analyze verify (no warning)" \
    bash -c "out=\$(chroot '$TARGET' systemd-analyze verify --man=no '$unit' 2>&1) && [ -z \"\$out\" ] || { echo \"\$out\"; false; }"
done
for unit in counter@1 counter@2 wrpi-api haproxy redis-server fail2ban nftables \
  prometheus-node-exporter prometheus-redis-exporter; do
  check "$unit is enabled" test "$(in_target systemctl is-enabled "$unit" 2>/dev/null)" = enabled
done
check "counter@ is non-root and sandboxed (DynamicUser, ProtectSystem=strict, MemoryMax)" \
  bash -c "grep -q '^DynamicUser=yes' '$TARGET/etc/systemd/system/counter@.service' \
    && grep -q '^ProtectSystem=strict' '$TARGET/etc/systemd/system/counter@.service' \
    && grep -q '^MemoryMax=' '$TARGET/etc/systemd/system/counter@.service'"
sshd_t="$(in_target /usr/sbin/sshd -T -C user=alice,host=x,addr=10.99.0.130)"
check "sshd: no root, no passwords, keys only, only alice" bash -c \
  "grep -qx 'permitrootlogin no' <<<'$sshd_t' && grep -qx 'passwordauthentication no' <<<'$sshd_t' \
   && grep -qx 'kbdinteractiveauthentication no' <<<'$sshd_t' && grep -qx 'authenticationmethods publickey' <<<'$sshd_t' \
   && grep -qx 'allowusers alice' <<<'$sshd_t'"
check "alice's key, and only it, is authorized; her password is locked" bash -c \
  "diff -q <(cat '$WORK/admin_key.pub') '$TARGET/home/alice/.ssh/authorized_keys' >/dev/null \
   && [[ \$(chroot '$TARGET' passwd -S alice | cut -d' ' -f2) == L ]]"
check "wrpi-api's settings (with the password) are readable by root only" \
  test "$(stat -c %a "$TARGET/etc/day2/wrpi-api.env")" = 600
check "the firewall config names the admin network and loads (nft -c, own netns)" \
  bash -c "grep -q '10.99.0.128/25' '$TARGET/etc/nftables.conf' && unshare --net chroot '$TARGET' nft -c -f /etc/nftables.conf"
check "fail2ban accepts its config (jails sshd, day2-edge, wrpi-api)" bash -c \
  "chroot '$TARGET' fail2ban-client -t >/dev/null 2>&1 && chroot '$TARGET' fail2ban-client -d 2>/dev/null | grep -q \"'add', 'day2-edge'\""
check "the edge config is the repository's, byte for byte" cmp -s "$ROOT/deploy/edge/haproxy.cfg" "$TARGET/etc/day2/edge/haproxy.cfg"
check "the Prometheus agent config passes promtool" \
  bash -c "chroot '$TARGET' promtool check config /etc/prometheus/prometheus.yml >/dev/null"

# Start the installed stack from the installed files, in a private network namespace (loopback
# only), without systemd: Redis, both counter replicas and the edge, then count through it.
echo "the installed stack, started from its installed files (no systemd in a chroot)"
cat >"$TARGET/tmp/start.sh" <<'EOF'
#!/bin/bash
set -e
ip link set lo up
exec_line() { sed -n 's/^ExecStart=//p' "$1" | tail -1; }
redis-server /etc/redis/redis.conf --daemonize yes --dir /tmp >/dev/null
for i in 1 2; do
  ( set -a; . /etc/day2/counter-$i.env; set +a; exec $(exec_line /etc/systemd/system/counter@.service) ) >/tmp/counter-$i.log 2>&1 &
done
( set -a; . /etc/day2/edge.env; set +a; export EDGE_CERT=/etc/day2/edge/edge.pem
  exec /usr/sbin/haproxy -db -f /etc/day2/edge/haproxy.cfg ) >/tmp/haproxy.log 2>&1 &
# Ready when both replicas answer the readiness probe through the edge (probes never count).
for _ in $(seq 450); do
  [[ "$(curl -sk -m 2 -o /dev/null -w '%{http_code}' -H 'Host: counter.day2.test' https://127.0.0.1/q/health/ready)" == 200 ]] && break
  sleep 0.2
done
curl -sk -m 2 -H 'Host: counter.day2.test' https://127.0.0.1/
curl -sk -m 2 -H 'Host: counter.day2.test' https://127.0.0.1/
curl -s -m 2 -o /dev/null -w '%{http_code} %{redirect_url}\n' -H 'Host: counter.day2.test' http://127.0.0.1/
kill $(jobs -p) 2>/dev/null || true
redis-cli shutdown nosave >/dev/null 2>&1 || true
EOF
chmod +x "$TARGET/tmp/start.sh"
DEBIAN_FRONTEND=noninteractive in_target apt-get install -y -qq --no-install-recommends curl iproute2 >/dev/null 2>&1
stack="$(unshare --net --fork --pid --mount-proc="$TARGET/proc" chroot "$TARGET" /tmp/start.sh 2>&1 || true)"
echo "$stack" | sed 's/^/       /'
check "the counter answers through the installed edge, counting up" \
  bash -c "grep -q 'seen 1 times' <<<'$stack' && grep -q 'seen 2 times' <<<'$stack'"
check "port 80 redirects to https" bash -c "grep -q '^301 https://counter.day2.test/' <<<'$stack'"

echo "test-provision: $passed passed, $failed failed in $((SECONDS - STARTED)) s"
((failed == 0))
