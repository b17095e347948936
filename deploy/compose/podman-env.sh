#!/usr/bin/env bash
# Sourced by up.sh, down.sh and test.sh when the engine is podman: the settings podman needs on
# machines like ours, none of which changes what runs in the containers.
#   - CONTAINERS_CONF: a containers.conf whose default ulimits stay under this shell's hard limits
#     (podman's default nofile=1048576 is refused where the hard limit is lower), and runc as the
#     OCI runtime when it is installed (crun fails on hybrid cgroups; PODMAN_RUNTIME overrides).
#     Only when CONTAINERS_CONF is not set already.
#   - the dnsname CNI plugin: with podman's CNI backend, containers find each other by service
#     name (hello-1, redis, ...) only through it (netavark has its own DNS and needs nothing).
# Needs ROOT (the repository).
if [[ -z "${CONTAINERS_CONF:-}" ]]; then
  mkdir -p "$ROOT/deploy/compose/target"
  runtime="${PODMAN_RUNTIME:-$(command -v runc >/dev/null 2>&1 && echo runc || true)}"
  nofile="$(ulimit -Hn)"; nproc="$(ulimit -Hu)"
  # nproc counts every process of the UID on the host (the Day2 services all run as 10001);
  # runc is refused a value as high as the hard limit itself here, 32768 is accepted.
  [[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
  [[ $nofile == unlimited || $nofile -gt 1048576 ]] && nofile=1048576
  {
    printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$nofile" "$nofile" "$nproc" "$nproc"
    if [[ -n "$runtime" ]]; then printf '[engine]\nruntime = "%s"\n' "$runtime"; fi
  } >"$ROOT/deploy/compose/target/containers.conf"
  export CONTAINERS_CONF="$ROOT/deploy/compose/target/containers.conf"
fi
if [[ "$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null)" == cni ]] &&
  ! [[ -x /usr/lib/cni/dnsname || -x /usr/libexec/cni/dnsname || -x /opt/cni/bin/dnsname ]]; then
  echo "compose: podman's CNI network needs the dnsname plugin for service names;" \
    "install it (Debian: apt-get install golang-github-containernetworking-plugin-dnsname)" >&2
  exit 2
fi
