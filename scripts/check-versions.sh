#!/usr/bin/env bash
# Checks that the installed tools are versions.env's releases: the JDK, PostgreSQL (client and
# server major), Redis, HAProxy, Varnish, Prometheus, Alertmanager, the Pushgateway and the
# exporters. One line per tool; exits 1 when any differs or is missing.
#
#   scripts/check-versions.sh
#
# Run on the host by deploy/k8s/tests VersionsTest (the binaries make run and the tests start) and
# inside the dev container image by deploy/images/test-devcontainer.sh (make test-images). The JDK
# is $JAVA_HOME's when set, else `java` on PATH. versions.env is the one beside scripts/ (the
# repository's, or /opt/day2/versions.env in the dev container).
set -uo pipefail

# shellcheck source=../versions.env
. "$(dirname "$0")/../versions.env"

drift=0
# tool, expected text, command...: the command's output must contain the text.
expect() {
  local tool=$1 want=$2 out; shift 2
  if ! out=$("$@" 2>&1); then
    # Some tools print their version and exit non-zero; only a missing binary is fatal here.
    command -v "$1" >/dev/null 2>&1 || { echo "MISSING  $tool: $1 is not installed (make tools installs it)"; drift=1; return; }
  fi
  if [[ $out == *"$want"* ]]; then
    echo "ok       $tool: $want"
  else
    echo "DRIFT    $tool: expected '$want' (versions.env), got: $(head -1 <<<"$out")"
    drift=1
  fi
}

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
expect jdk "version \"$JDK_MAJOR" "$java_bin" -version
expect psql "(PostgreSQL) $POSTGRES_MAJOR." psql --version
expect postgres "(PostgreSQL) $POSTGRES_MAJOR." "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres" --version
expect redis-server "v=$REDIS " redis-server --version
expect haproxy "version $HAPROXY" haproxy -v
expect varnishd "varnish-$VARNISH " varnishd -V
expect prometheus "version $PROMETHEUS" prometheus --version
expect alertmanager "version $ALERTMANAGER" prometheus-alertmanager --version
expect pushgateway "version $PUSHGATEWAY" prometheus-pushgateway --version
expect redis-exporter "Exporter $REDIS_EXPORTER" prometheus-redis-exporter --version
expect postgres-exporter "version $POSTGRES_EXPORTER" prometheus-postgres-exporter --version
expect blackbox-exporter "version $BLACKBOX_EXPORTER" prometheus-blackbox-exporter --version
# The Varnish exporter prints no version: Debian's package version says it.
expect varnish-exporter "$VARNISH_EXPORTER-" dpkg-query -W -f '${Version}\n' prometheus-varnish-exporter
exit "$drift"
