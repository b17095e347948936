#!/usr/bin/env bash
# Builds the OCI image of each Day2 service from deploy/images/Containerfile (one template).
#
#   deploy/images/build.sh [service ...]        default: every service
#
# Environment:
#   IMAGE_BASE       local (default: the jlink'ed base from base.sh, no registry needed) or an image
#                    reference such as docker.io/library/eclipse-temurin:25-jre
#   IMAGE_REPO       repository prefix of the built images (default localhost/day2)
#   IMAGE_TAG        tag (default: <project version>-<short git revision>); :latest is never used
#   IMAGE_AOT        on (default): the services the bench trains get the AOT cache for the local
#                    base's JRE (target aot, trained when missing); off: target service for all
#   CONTAINER_ENGINE podman (default) or docker
#   PUSH_REPO        where each built image is pushed, as <PUSH_REPO>/<service>:<tag> (default: the
#                    loopback registry, <registry.sh addr>/day2, started when not running; "none"
#                    pushes nothing). The pushed digest is written to deploy/images/target/digests/.
# A service whose target/quarkus-app is missing is packaged first (./mvnw package, no tests).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
ENGINE="${CONTAINER_ENGINE:-podman}"
ALL=(hello wrpi-api wrpi-updater counter preferences tiles portal tileset-builder)
services=("$@")
((${#services[@]})) || services=("${ALL[@]}")

VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- services libs 2>/dev/null)" ]]; then REVISION="$REVISION-dirty"; fi
TAG="$(deploy/images/tag.sh)"
REPO="${IMAGE_REPO:-localhost/day2}"
SOURCE="${IMAGE_SOURCE:-https://github.com/day2-platform/day2}"
CREATED="$(git log -1 --format=%cI 2>/dev/null || date -u +%FT%TZ)"

PUSH_REPO="${PUSH_REPO:-$(deploy/images/registry.sh addr)/day2}"
DIGESTS="$ROOT/deploy/images/target/digests"
PUSH_FLAGS=()
case "$PUSH_REPO" in
  none) ;;
  127.* | localhost:* | \[::1\]:*)
    deploy/images/registry.sh start | grep -v '^$' || true
    PUSH_FLAGS=(--tls-verify=false) ;; # loopback registry: plain HTTP
esac
mkdir -p "$DIGESTS"

base="${IMAGE_BASE:-local}"
if [[ "$base" == local ]]; then
  deploy/images/base.sh
  base="localhost/day2/jre:25"
fi

# The JDK AOT cache of the services the bench trains, for the local base's runtime (it is valid
# only with the exact JRE it was made with): one training run (bench.sh, BENCH_AOT=train) writes
# services/<name>/target/quarkus-app/app-jre.aot when one is missing or older than its jar.
# IMAGE_AOT=off builds without; a registry base (IMAGE_BASE=...) always does.
AOT_TRAINED=(hello wrpi-api counter preferences tiles)
aot_target() { # the Containerfile target for a service: aot when its cache is fresh
  local cache="services/$1/target/quarkus-app/app-jre.aot"
  if [[ $base == localhost/day2/jre:* && ${IMAGE_AOT:-on} != off && $cache -nt ${cache%/*}/quarkus-run.jar ]]; then
    echo aot
  else
    echo service
  fi
}
if [[ $base == localhost/day2/jre:* && ${IMAGE_AOT:-on} != off ]]; then
  for service in "${services[@]}"; do
    [[ " ${AOT_TRAINED[*]} " == *" $service "* && $(aot_target "$service") == service ]] || continue
    echo "images: training the AOT caches for the image's runtime (bench.sh, BENCH_AOT=train)"
    # the JRE the base image holds, as files: base.sh leaves it when it builds the image
    [[ -x deploy/images/target/jre-root/opt/java/openjdk/bin/java ]] || deploy/images/base.sh --rebuild
    make -s bench-jars JAVA_HOME_25="$(scripts/java-home.sh)" >/dev/null
    BENCH_AOT=train AOT_FILE=app-jre.aot BENCH_DURATION=10s BENCH_WARMUP=2s \
      JAVA_HOME="$ROOT/deploy/images/target/jre-root/opt/java/openjdk" bench/bench.sh
    break
  done
fi

# tileset-builder is a plain jar, not a Quarkus app: its jar and lib/ are staged in the fast-jar
# layout the Containerfile copies (the jar's Class-Path names lib/...), so the one template serves.
# Its image runs `seed`, the dev job that loads the Monaco sample (ADR 0091).
stage_tileset_builder() {
  local target=tools/tileset-builder/target context="$ROOT/deploy/images/target/context/tileset-builder"
  if [[ ! -f $target/tileset-builder.jar ]]; then
    echo "images: packaging tileset-builder" >&2
    JAVA_HOME="$(scripts/java-home.sh)" ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true \
      package -pl tools/tileset-builder -am >&2
  fi
  rm -rf "$context" && mkdir -p "$context/lib" "$context/quarkus" "$context/app"
  cp "$target"/lib/*.jar "$context/lib/"
  cp "$target/tileset-builder.jar" "$context/quarkus-run.jar"
  (cd "$context/lib" && ls) >"$context/quarkus-app-dependencies.txt"
  echo "$context"
}

for service in "${services[@]}"; do
  app="services/$service/target/quarkus-app"
  if [[ "$service" == tileset-builder ]]; then
    app="$(stage_tileset_builder)"
  elif [[ ! -d "services/$service" ]]; then
    echo "images: no service '$service' (have: ${ALL[*]})" >&2
    exit 2
  fi
  if [[ ! -f "$app/quarkus-run.jar" ]]; then
    echo "images: packaging $service"
    JAVA_HOME="$(scripts/java-home.sh)" ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true \
      package -pl "services/$service" -am
  fi
  start=$SECONDS
  # The one JVM options file (make run and the bench read it too), beside the jar for COPY.
  cp deploy/images/jvm.options "$app/jvm.options"
  target=$(aot_target "$service")
  "$ENGINE" build -q -f deploy/images/Containerfile --target "$target" \
    --build-arg BASE_IMAGE="$base" --build-arg SERVICE="$service" \
    --build-arg VERSION="$VERSION" --build-arg REVISION="$REVISION" \
    --build-arg SOURCE="$SOURCE" --build-arg CREATED="$CREATED" \
    -t "$REPO/$service:$TAG" "$app" >/dev/null
  size=$("$ENGINE" image inspect --format '{{.Size}}' "$REPO/$service:$TAG" | awk '{printf "%.0f MB", $1/1e6}')
  echo "images: built $REPO/$service:$TAG ($size, $((SECONDS - start)) s$([[ $target == aot ]] && echo ", AOT cache"))"
  if [[ "$PUSH_REPO" != none ]]; then
    rm -f "$DIGESTS/$service"
    if [[ "$ENGINE" == podman ]]; then
      podman push -q "${PUSH_FLAGS[@]}" --digestfile "$DIGESTS/$service" \
        "$REPO/$service:$TAG" "$PUSH_REPO/$service:$TAG"
    else # docker: tag, push, read the digest back from the registry
      docker tag "$REPO/$service:$TAG" "$PUSH_REPO/$service:$TAG"
      docker push -q "$PUSH_REPO/$service:$TAG" >/dev/null
      skopeo inspect "${PUSH_FLAGS[@]}" --format '{{.Digest}}' \
        "docker://$PUSH_REPO/$service:$TAG" >"$DIGESTS/$service"
    fi
    echo "images: pushed $PUSH_REPO/$service@$(cat "$DIGESTS/$service")"
  fi
done
