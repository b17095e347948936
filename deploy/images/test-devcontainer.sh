#!/usr/bin/env bash
# Sourced by test.sh (make test-images): the dev container (.devcontainer/Containerfile) builds
# here, without internet, and carries versions.env's toolchain. Its base is infra.sh's Debian
# image (made when missing); its JDK is the one the service images are jlink'ed from
# ($JAVA_HOME_25, as base.sh), given as the build context `jdk` that replaces the Containerfile's
# Adoptium stage. The build context is the repository root, as devcontainer.json's, trimmed by
# .devcontainer/Containerfile.dockerignore to the files the Containerfile copies.
# Inside the image: `java -version` is JDK_MAJOR, scripts/check-versions.sh passes (PostgreSQL,
# Redis, HAProxy, Varnish, Prometheus, Alertmanager, Pushgateway, exporters) and install-tools.sh
# finds nothing missing. podman keeps the build's layers: the first build installs every package
# (~5 min on 2 cores), a rebuild with an unchanged install-tools.sh takes seconds (a changed
# versions.env rebuilds only the kubectl layer after the packages').
dc_start=$SECONDS
DC_IMAGE=localhost/day2/devcontainer:test
DC_JDK="${JAVA_HOME_25:-$(scripts/java-home.sh)}"
echo "test-images: the dev container ($DC_IMAGE, JDK from $DC_JDK)"
dc_previous="$(podman image inspect --format '{{.Id}}' "$DC_IMAGE" 2>/dev/null || true)"
dc_build() {
  "${PODMAN[@]}" build -q --build-arg BASE_IMAGE="$(deploy/images/infra.sh --debian)" \
    --build-context jdk="$DC_JDK" -f .devcontainer/Containerfile -t "$DC_IMAGE" . \
    >"$WORK/build-devcontainer.log" 2>&1 || { tail -20 "$WORK/build-devcontainer.log"; return 1; }
}
dc_run() { "${PODMAN[@]}" run --rm --network none "$DC_IMAGE" "$@"; }
check "devcontainer: builds from the local Debian base with the build's JDK (no internet)" dc_build
# shellcheck source=../../versions.env
. versions.env
check "devcontainer: java on PATH is JDK $JDK_MAJOR" \
  contains "$(dc_run java -version 2>&1)" "version \"$JDK_MAJOR"
check "devcontainer: scripts/java-home.sh (what make uses) finds it" \
  contains "$(dc_run /opt/day2/scripts/java-home.sh 2>&1)" "/opt/java/openjdk"
check "devcontainer: the JDK trusts the system's CAs (Maven Central over TLS)" \
  test "$(dc_run keytool -list -cacerts -storepass changeit 2>/dev/null | grep -c trustedCertEntry)" -gt 100
check "devcontainer: the tools are versions.env's releases (check-versions.sh in the image)" \
  dc_run /opt/day2/scripts/check-versions.sh
# kubectl comes from pkgs.k8s.io (install-tools.sh), unreachable from this machine: here the one
# line that says so is expected, and nothing else may be missing.
dc_tools="$(dc_run /opt/day2/scripts/install-tools.sh --quiet 2>&1)"
check "devcontainer: install-tools.sh finds nothing missing (but kubectl, offline here)" \
  test -z "$(grep -v '^tools: kubectl .* could not be installed from pkgs.k8s.io' <<<"$dc_tools")"
check "devcontainer: make and git for working in it" dc_run bash -c 'command -v make && command -v git'
# A rebuilt image replaces the last one: remove the old one (and its layers no image uses).
dc_current="$(podman image inspect --format '{{.Id}}' "$DC_IMAGE" 2>/dev/null || true)"
if [[ -n $dc_previous && $dc_previous != "$dc_current" ]]; then podman rmi "$dc_previous" >/dev/null 2>&1 || true; fi
# shellcheck disable=SC2034 # test.sh prints it
dc_s=$((SECONDS - dc_start))
