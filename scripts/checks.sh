# shellcheck shell=bash
# Shell helpers shared by the container test scripts (deploy/images/test.sh, deploy/compose/test.sh).
# Source it after setting WORK (a scratch folder): `. scripts/checks.sh`.
#   check "what" cmd...   runs cmd; counts and prints ok/FAIL, with the first lines of its output
#   contains "$text" str  fails, saying what was expected, unless text contains str
#   free_port             a loopback TCP port nobody listens on now, below the ephemeral range
# `passed` and `failed` hold the counts.
passed=0
failed=0

check() { # description, command...
  local what=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then
    passed=$((passed + 1)); echo "  ok    $what"
  else
    failed=$((failed + 1)); echo "  FAIL  $what"; sed 's/^/        /' "$WORK/check.out" | head -20
  fi
}
contains() { grep -q -- "$2" <<<"$1" || { echo "expected '$2' in: $1"; return 1; }; }
# free_port: below the kernel's ephemeral range, not a port the kernel picks (bind to 0): a test
# binds its ports seconds later (podman publishes them as the containers start), and a port in that
# range can meanwhile become the local port of any outgoing connection on the machine.
free_port() {
  python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
low = low if low > 21000 else 65536  # a range that starts that low cannot be avoided
for _ in range(1000):
    port = random.randint(20000, low - 1)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    raise SystemExit("free_port: no free port from 20000 to %d" % (low - 1))
'
}
