#!/usr/bin/env bash
# Builds the local base images that need no registry: a jlink'ed Java 25 runtime on an empty
# ("scratch") root with only the glibc files it links against, and a Redis 7 image made the same
# way from Debian's redis-server. Each is built once and kept by the engine; rerun with --rebuild.
#
#   deploy/images/base.sh [--rebuild]
#
# Images: localhost/day2/jre:25 (java on PATH at /opt/java/openjdk/bin, the layout of
# eclipse-temurin, user 10001) and localhost/day2/redis:7 (redis-server, user 999, /data).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ENGINE="${CONTAINER_ENGINE:-podman}"
JDK="${JAVA_HOME_25:-$("$ROOT/scripts/java-home.sh")}"
WORK="$ROOT/deploy/images/target"
JRE_IMAGE="localhost/day2/jre:25"
REDIS_IMAGE="localhost/day2/redis:7"
# What Quarkus services need (HTTP, JDBC, JMX metrics, JFR, DNS, TLS); jdeps cannot tell with
# Quarkus' modular jars, so the list is explicit. java.desktop is there for java.beans.
MODULES="java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,java.instrument,java.desktop,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.jfr,jdk.charsets,jdk.localedata"
PATH_IN_IMAGE="/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin"

rebuild=false
[[ "${1:-}" == "--rebuild" ]] && rebuild=true

exists() { "$ENGINE" image exists "$1" 2>/dev/null; }

# Copies each file and the shared libraries it links against (ldd) into the root DIR.
copy_with_libs() {
  local dir="$1"; shift
  local libs
  libs=$(ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib64/{print $1}' | sort -u)
  for lib in $libs /lib64/ld-linux-x86-64.so.2; do
    mkdir -p "$dir$(dirname "$lib")"
    cp -L "$lib" "$dir$lib"
  done
}

# /etc files a process expects: users, name resolution order, a writable /tmp.
common_root() {
  local dir="$1"
  mkdir -p "$dir/etc" "$dir/tmp" "$dir/lib64"
  chmod 1777 "$dir/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nredis:x:999:999:redis:/data:/sbin/nologin\napp:x:10001:10001:app:/tmp:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nredis:x:999:\napp:x:10001:\nnogroup:x:65534:\n' >"$dir/etc/group"
  printf 'hosts: files dns\n' >"$dir/etc/nsswitch.conf"
}

import_root() {
  local dir="$1" image="$2"; shift 2
  tar -C "$dir" --numeric-owner -c . | "$ENGINE" import -q "$@" - "$image" >/dev/null
  echo "base: built $image ($("$ENGINE" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
}

if $rebuild || ! exists "$JRE_IMAGE"; then
  rm -rf "$WORK/jre-root" && mkdir -p "$WORK/jre-root/opt/java"
  "$JDK/bin/jlink" --add-modules "$MODULES" --include-locales=en --strip-debug --no-man-pages \
    --no-header-files --compress=zip-6 --output "$WORK/jre-root/opt/java/openjdk"
  common_root "$WORK/jre-root"
  copy_with_libs "$WORK/jre-root" "$WORK/jre-root/opt/java/openjdk/bin/java" \
    $(find "$WORK/jre-root/opt/java/openjdk/lib" -name '*.so')
  import_root "$WORK/jre-root" "$JRE_IMAGE" \
    --change "ENV PATH=$PATH_IN_IMAGE" --change "ENV JAVA_HOME=/opt/java/openjdk" \
    --change "USER 10001:10001" --change "WORKDIR /tmp"
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
