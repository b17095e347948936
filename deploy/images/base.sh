#!/usr/bin/env bash
# Builds the local base images that need no registry: a jlink'ed Java 25 runtime on an empty
# ("scratch") root with only the glibc files it links against, and a Redis 7 image made the same
# way from Debian's redis-server. Each is built once and kept by the engine; rerun with --rebuild.
#
#   deploy/images/base.sh [--rebuild]
#
# Images: localhost/day2/jre:25 (java on PATH at /opt/java/openjdk/bin, the layout of
# eclipse-temurin, user 10001) and localhost/day2/redis:7.0.15 (redis-server, user 999, /data).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ENGINE="${CONTAINER_ENGINE:-podman}"
JDK="${JAVA_HOME_25:-$("$ROOT/scripts/java-home.sh")}"
WORK="$ROOT/deploy/images/target"
# shellcheck source=../../versions.env
. "$ROOT/versions.env"
JRE_IMAGE="localhost/day2/jre:$JDK_MAJOR"
REDIS_IMAGE="localhost/day2/redis:$REDIS"
# What Quarkus services need (HTTP, JDBC, JMX metrics, JFR, DNS, TLS); jdeps cannot tell with
# Quarkus' modular jars, so the list is explicit. java.desktop is there for java.beans, java.rmi
# for javax.management.remote (preferences). The image carries the list as a label: a changed
# list rebuilds it.
MODULES="java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,java.instrument,java.desktop,java.rmi,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.jfr,jdk.charsets,jdk.localedata"
PATH_IN_IMAGE="/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin"

rebuild=false
[[ "${1:-}" == "--rebuild" ]] && rebuild=true

# shellcheck source=rootfs.sh
. "$ROOT/deploy/images/rootfs.sh"

jre_modules() { "$ENGINE" image inspect --format '{{index .Labels "day2.jlink.modules"}}' "$JRE_IMAGE" 2>/dev/null; }
if $rebuild || ! exists "$JRE_IMAGE" || [[ "$(jre_modules)" != "$MODULES" ]]; then
  rm -rf "$WORK/jre-root" && mkdir -p "$WORK/jre-root/opt/java"
  "$JDK/bin/jlink" --add-modules "$MODULES" --include-locales=en --strip-debug --no-man-pages \
    --no-header-files --compress=zip-6 --output "$WORK/jre-root/opt/java/openjdk"
  common_root "$WORK/jre-root"
  mapfile -t jre_libs < <(find "$WORK/jre-root/opt/java/openjdk/lib" -name '*.so')
  copy_with_libs "$WORK/jre-root" "$WORK/jre-root/opt/java/openjdk/bin/java" "${jre_libs[@]}"
  import_root "$WORK/jre-root" "$JRE_IMAGE" \
    --change "ENV PATH=$PATH_IN_IMAGE" --change "ENV JAVA_HOME=/opt/java/openjdk" \
    --change "USER 10001:10001" --change "WORKDIR /tmp" --change "LABEL day2.jlink.modules=$MODULES"
else
  echo "base: $JRE_IMAGE exists (--rebuild to make it again)"
fi

if $rebuild || ! exists "$REDIS_IMAGE"; then
  redis_bin="$(command -v redis-server || echo /usr/bin/redis-server)"
  rm -rf "$WORK/redis-root" && mkdir -p "$WORK/redis-root/usr/local/bin" "$WORK/redis-root/data"
  common_root "$WORK/redis-root"
  cp -L "$redis_bin" "$WORK/redis-root/usr/local/bin/redis-server"
  copy_with_libs "$WORK/redis-root" "$redis_bin"
  chown 999:999 "$WORK/redis-root/data"
  import_root "$WORK/redis-root" "$REDIS_IMAGE" \
    --change "ENV PATH=$PATH_IN_IMAGE" --change "USER 999:999" --change "WORKDIR /data" \
    --change "VOLUME /data" --change 'ENTRYPOINT ["redis-server"]' --change "EXPOSE 6379"
else
  echo "base: $REDIS_IMAGE exists (--rebuild to make it again)"
fi
