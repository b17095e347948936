# shellcheck shell=bash
# Shell helpers shared by the container test scripts (deploy/images/test.sh, deploy/compose/test.sh).
# Source it after setting WORK (a scratch folder): `. scripts/checks.sh`.
#   check "what" cmd...   runs cmd; counts and prints ok/FAIL, with the first lines of its output
#   contains "$text" str  fails, saying what was expected, unless text contains str
#   free_port             a loopback TCP port nobody listens on now
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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
