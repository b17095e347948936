#!/usr/bin/env bash
# Builds the infrastructure images of the compose topology from Debian packages, without a
# registry: the edge (HAProxy 2.6), the cache (Varnish 7.1), PostgreSQL 15, Prometheus,
# Alertmanager, the Pushgateway and the Redis, PostgreSQL and blackbox exporters. (Redis 7 is
# base.sh's.) Each is built once and kept by the engine; --rebuild makes them again.
#
#   deploy/images/infra.sh [--rebuild]     build what is missing
#   deploy/images/infra.sh --env           print VAR=image for compose (what up.sh uses)
#   deploy/images/infra.sh --debian        only the Debian base; print its name (the dev container's)
#
# Two ways, whichever is smaller and faster for the program:
#   - one static-ish binary (HAProxy, the Go programs): the binary and the libraries it links
#     against on an empty root, like base.sh (copy_with_libs in rootfs.sh), from the host's Debian
#     packages (scripts/install-tools.sh installs them) — 3 to 40 MB, ~1 s each;
#   - programs that need a distribution (Varnish runs gcc on the VCL; PostgreSQL's initdb, psql
#     and the init scripts need bash and coreutils): `debootstrap --variant=minbase bookworm` once
#     (localhost/day2/debian:bookworm, ~50 s), then `apt-get install` in infra/*.Containerfile.
# Paths, entrypoints and users are those of the official images, so compose.yaml runs either.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ENGINE="${CONTAINER_ENGINE:-podman}"
WORK="$ROOT/deploy/images/target"
HERE="$ROOT/deploy/images"
# shellcheck source=rootfs.sh
. "$HERE/rootfs.sh"

# compose variable, local image. Tags are the versions versions.env sets for every topology
# (Debian bookworm's releases, the packages these images are made from).
# shellcheck source=../../versions.env
. "$ROOT/versions.env"
IMAGES=(
  "EDGE_IMAGE localhost/day2/haproxy:$HAPROXY"
  "CACHE_IMAGE localhost/day2/varnish:$VARNISH"
  "REDIS_IMAGE localhost/day2/redis:$REDIS"
  "POSTGRES_IMAGE localhost/day2/postgres:$POSTGRES_MAJOR"
  "PROMETHEUS_IMAGE localhost/day2/prometheus:$PROMETHEUS"
  "ALERTMANAGER_IMAGE localhost/day2/alertmanager:$ALERTMANAGER"
  "PUSHGATEWAY_IMAGE localhost/day2/pushgateway:$PUSHGATEWAY"
  "REDIS_EXPORTER_IMAGE localhost/day2/redis-exporter:$REDIS_EXPORTER"
  "POSTGRES_EXPORTER_IMAGE localhost/day2/postgres-exporter:$POSTGRES_EXPORTER"
  "BLACKBOX_EXPORTER_IMAGE localhost/day2/blackbox-exporter:$BLACKBOX_EXPORTER"
)
image_of() { local e; for e in "${IMAGES[@]}"; do if [[ ${e% *} == "$1" ]]; then echo "${e#* }"; fi; done; }

if [[ "${1:-}" == --env ]]; then
  printf '%s\n' "${IMAGES[@]}" | tr ' ' '='
  exit 0
fi
rebuild=false
[[ "${1:-}" == "--rebuild" ]] && rebuild=true
want() { $rebuild || ! exists "$1"; }

DEBIAN_IMAGE=localhost/day2/debian:bookworm
rebuild_base_done=false
# Made when an image below needs building and the base is missing (or --rebuild).
debian_base() {
  want "$DEBIAN_IMAGE" || return 0
  command -v debootstrap >/dev/null || { echo "infra: debootstrap is missing (make tools installs it)" >&2; exit 2; }
  start=$SECONDS
  rm -rf "$WORK/debian-root"
  debootstrap --variant=minbase bookworm "$WORK/debian-root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  rm -rf "$WORK/debian-root"/var/cache/apt/archives/*.deb "$WORK/debian-root"/var/lib/apt/lists/* \
    "$WORK/debian-root"/usr/share/doc/* "$WORK/debian-root"/usr/share/man/*
  # No recommends, no docs: keep what apt-get install adds small.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$WORK/debian-root/etc/apt/apt.conf.d/90day2"
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
    >"$WORK/debian-root/etc/dpkg/dpkg.cfg.d/90day2"
  import_root "$WORK/debian-root" "$DEBIAN_IMAGE" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" --change "ENV LANG=C.UTF-8"
  rm -rf "$WORK/debian-root"
  echo "infra: debootstrap base in $((SECONDS - start)) s"
  rebuild_base_done=true
}
# --debian: only the Debian base (made when missing), its name on stdout; the dev container's
# base (deploy/images/test-devcontainer.sh).
if [[ "${1:-}" == --debian ]]; then
  debian_base >&2
  echo "$DEBIAN_IMAGE"
  exit 0
fi

# binary_image IMAGE BINARY PATH_IN_IMAGE USER [--change ...]: BINARY alone on an empty root;
# OWNED (environment) names directories made in it and owned by USER; EXTRA, host files or
# directories copied as they are (data files a Debian build reads at run time).
binary_image() {
  local image="$1" binary="$2" target="$3" user="$4"; shift 4
  want "$image" || { echo "base: $image exists (--rebuild to make it again)"; return; }
  command -v "$binary" >/dev/null || { echo "infra: $binary is missing (make tools installs it)" >&2; exit 2; }
  local dir="$WORK/rootfs-${image##*/}"
  rm -rf "$dir" && mkdir -p "$dir$(dirname "$target")"
  common_root "$dir"
  cp -L "$(command -v "$binary")" "$dir$target"
  copy_with_libs "$dir" "$(command -v "$binary")"
  # Go programs need CA certificates for TLS to the outside (the edge probe skips verification).
  mkdir -p "$dir/etc/ssl/certs" && cp -L /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/"
  local owned extra
  for extra in ${EXTRA:-}; do mkdir -p "$dir$(dirname "$extra")" && cp -a "$extra" "$dir$extra"; done
  for owned in ${OWNED:-}; do mkdir -p "$dir$owned" && chown "$user" "$dir$owned"; done
  import_root "$dir" "$image" --change "USER $user" --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/" "$@"
  rm -rf "$dir"
}

OWNED=/var/lib/haproxy binary_image "$(image_of EDGE_IMAGE)" haproxy /usr/local/sbin/haproxy 99:99 \
  --change "WORKDIR /var/lib/haproxy" --change 'CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' \
  --change "STOPSIGNAL SIGUSR1"
OWNED=/prometheus EXTRA=/usr/share/prometheus/web binary_image "$(image_of PROMETHEUS_IMAGE)" prometheus /bin/prometheus 65534:65534 \
  --change "WORKDIR /prometheus" --change 'ENTRYPOINT ["/bin/prometheus"]' \
  --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
  --change "VOLUME /prometheus" --change "EXPOSE 9090"
EXTRA=/usr/share/prometheus/alertmanager binary_image "$(image_of ALERTMANAGER_IMAGE)" prometheus-alertmanager /bin/alertmanager 65534:65534 \
  --change "WORKDIR /alertmanager" --change 'ENTRYPOINT ["/bin/alertmanager"]' \
  --change 'CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]' \
  --change "EXPOSE 9093"
binary_image "$(image_of PUSHGATEWAY_IMAGE)" prometheus-pushgateway /bin/pushgateway 65534:65534 \
  --change 'ENTRYPOINT ["/bin/pushgateway"]' --change "EXPOSE 9091"
binary_image "$(image_of REDIS_EXPORTER_IMAGE)" prometheus-redis-exporter /redis_exporter 65534:65534 \
  --change 'ENTRYPOINT ["/redis_exporter"]' --change "EXPOSE 9121"
binary_image "$(image_of POSTGRES_EXPORTER_IMAGE)" prometheus-postgres-exporter /bin/postgres_exporter 65534:65534 \
  --change 'ENTRYPOINT ["/bin/postgres_exporter"]' --change "EXPOSE 9187"
binary_image "$(image_of BLACKBOX_EXPORTER_IMAGE)" prometheus-blackbox-exporter /bin/blackbox_exporter 65534:65534 \
  --change 'ENTRYPOINT ["/bin/blackbox_exporter"]' \
  --change 'CMD ["--config.file=/etc/blackbox_exporter/config.yml"]' --change "EXPOSE 9115"

# Redis 7 is base.sh's image (also the one make test-images runs).
"$HERE/base.sh" >/dev/null

# The build context: infra/, and for PostgreSQL the backup scripts it runs (deploy/backup as
# backup/). Its hash is a label of the image: a changed Containerfile or script rebuilds it.
context_of() {
  local name=$1 dir="$WORK/context-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$HERE/infra/$name.Containerfile" "$dir/"
  if [[ $name == postgres ]]; then
    cp "$HERE/infra/postgres-entrypoint.sh" "$dir/"
    mkdir -p "$dir/backup"
    cp "$ROOT"/deploy/backup/{lib.sh,pg-backup.sh,pg-restore.sh,offsite.sh,backup-schedule.sh,pgbackrest.conf} "$dir/backup/"
  fi
  echo "$dir"
}
context_hash() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16); }
stale() { [[ "$("$ENGINE" image inspect --format '{{index .Labels "day2.context"}}' "$1" 2>/dev/null)" != "$2" ]]; }

for pair in "CACHE_IMAGE varnish" "POSTGRES_IMAGE postgres"; do
  read -r var name <<<"$pair"
  image="$(image_of "$var")"
  context="$(context_of "$name")"
  hash="$(context_hash "$context")"
  if want "$image" || stale "$image" "$hash"; then
    $rebuild_base_done || debian_base
    start=$SECONDS
    "$ENGINE" build -q --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -f "$context/$name.Containerfile" \
      --label "day2.context=$hash" \
      -t "$image" "$context" >"$WORK/build-$name.log" 2>&1 || { tail -20 "$WORK/build-$name.log" >&2; exit 1; }
    echo "base: built $image ($(image_size "$image"), $((SECONDS - start)) s)"
  else
    echo "base: $image exists (--rebuild to make it again)"
  fi
done
