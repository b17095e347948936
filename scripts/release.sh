#!/usr/bin/env bash
# Writes an environment's release: deploy/k8s/overlays/<env>/release/kustomization.yaml pins every
# Day2 image by digest, and history.tsv beside it gets one line per image. Promotion never rebuilds:
#
#   scripts/release.sh dev                 digests of this build's tag, read from the registry
#   scripts/release.sh staging             dev's current digests (prod: staging's)
#   scripts/release.sh <env> --rollback    the newest earlier release of <env> that differs from now
#   scripts/release.sh <env> --to N        release N of <env>'s history again
#
# Options: --tag T (dev: the tag to resolve; default deploy/images/tag.sh), --from-repo R (dev:
# where to resolve it; default the loopback registry <addr>/day2), --registry R (the repository
# prefix the environment pulls from, written as newName; default: what the file has, else
# registry.day2.example/day2), --out DIR (write DIR/kustomization.yaml only, no history: tests).
# TLS: --from-repo on loopback is plain HTTP; anything else is verified (ECR).
# Guard: staging/prod accept only digests their previous environment's history has released;
# a digest the registry does not hold is refused for dev. RELEASE_ROOT overrides deploy/k8s/overlays.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OVERLAYS="${RELEASE_ROOT:-$ROOT/deploy/k8s/overlays}"
# The images a release pins: every image deploy/images/build.sh builds (its ALL), so make images
# pushes each one, including tileset-builder, which only dev's tiles-seed Job runs (ADR 0092).
# A new image is added here; ReleaseHistoryTest, release-test.sh and test-images read this line.
SERVICES=(hello wrpi-api wrpi-updater counter preferences tiles portal tileset-builder)
LOGICAL=registry.day2.example/day2 # the base manifests' image names (ADR 0043)

die() { echo "release: $*" >&2; exit "${2:-1}"; }
usage() { die "usage: $0 dev|staging|prod [--rollback | --to N] [--tag T] [--from-repo R] [--registry R] [--out DIR]" 2; }

env="${1:-}"; shift || true
case "$env" in dev) previous="" ;; staging) previous=dev ;; prod) previous=staging ;; *) usage ;; esac
rollback=false to="" tag="" from_repo="" registry="" out=""
while (($#)); do
  case "$1" in
    --rollback) rollback=true ;;
    --to) to="${2:?}"; shift ;;
    --tag) tag="${2:?}"; shift ;;
    --from-repo) from_repo="${2:?}"; shift ;;
    --registry) registry="${2:?}"; shift ;;
    --out) out="${2:?}"; shift ;;
    *) usage ;;
  esac
  shift
done

file_of() { echo "$OVERLAYS/$1/release/kustomization.yaml"; }
history_of() { echo "$OVERLAYS/$1/release/history.tsv"; }

# "service digest" lines of a release file, in SERVICES order; fails if one is missing.
digests_in_file() {
  local f="$1" s d
  [[ -f "$f" ]] || die "no release file $f"
  for s in "${SERVICES[@]}"; do
    d="$(awk -v n="$LOGICAL/$s" '$2=="name:" {cur=$3} cur==n && $1=="digest:" {print $2; exit}' "$f")"
    [[ "$d" =~ ^sha256:[0-9a-f]{64}$ ]] || die "$f pins no digest for $s"
    echo "$s $d"
  done
}

# Release numbers of an env's history, and one release's "service digest" lines.
releases() { if [[ -f "$(history_of "$1")" ]]; then awk -F'\t' '!/^#/ {print $1}' "$(history_of "$1")" | uniq; fi; }
digests_of_release() {
  awk -F'\t' -v r="$2" '!/^#/ && $1==r {print $5" "$6}' "$(history_of "$1")"
}

released_before() { # env service digest: did env's history ever release it?
  [[ -f "$(history_of "$1")" ]] && awk -F'\t' -v s="$2" -v d="$3" '!/^#/ && $5==s && $6==d {f=1} END {exit !f}' "$(history_of "$1")"
}

tls_flag() { case "$1" in 127.* | localhost:* | \[::1\]:*) echo --tls-verify=false ;; *) echo --tls-verify=true ;; esac; }

# --- which digests --------------------------------------------------------------------------
if [[ -n "$to" ]]; then
  picked="$(digests_of_release "$env" "$to")"
  [[ -n "$picked" ]] || die "$env has no release $to in $(history_of "$env")"
  source="$env release $to"
elif $rollback; then
  current="$(digests_in_file "$(file_of "$env")")"
  picked="" source=""
  for r in $(releases "$env" | tac); do
    candidate="$(digests_of_release "$env" "$r")"
    if [[ "$candidate" != "$current" ]]; then picked="$candidate" source="$env release $r (rollback)"; break; fi
  done
  [[ -n "$picked" ]] || die "$env has no earlier release that differs from the current one"
elif [[ "$env" == dev ]]; then
  tag="${tag:-$("$ROOT/deploy/images/tag.sh")}"
  from_repo="${from_repo:-$("$ROOT/deploy/images/registry.sh" addr)/day2}"
  command -v skopeo >/dev/null || die "skopeo is missing (make tools installs it)" 2
  picked=""
  for s in "${SERVICES[@]}"; do
    d="$(skopeo inspect "$(tls_flag "$from_repo")" --format '{{.Digest}}' "docker://$from_repo/$s:$tag" 2>/dev/null)" ||
      die "$from_repo/$s:$tag is not in the registry (run make images first)"
    picked+="$s $d"$'\n'
  done
  picked="${picked%$'\n'}"
  source="registry $from_repo tag $tag"
else
  picked="$(digests_in_file "$(file_of "$previous")")"
  source="$previous"
fi

# --- the guard: promotion only moves what the environment before has released ---------------
if [[ -n "$previous" ]]; then
  while read -r s d; do
    released_before "$previous" "$s" "$d" || die "$env may not pin $s@$d: $previous never released it"
  done <<<"$picked"
fi

# --- write ----------------------------------------------------------------------------------
target="$(file_of "$env")"
if [[ -z "$registry" ]]; then
  registry="$(awk '$1=="newName:" {sub("/[^/]*$", "", $2); print $2; exit}' "$target" 2>/dev/null || true)"
  registry="${registry:-$LOGICAL}"
fi
revision="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
now="$(date -u +%FT%TZ)"
number=1
if [[ -z "$out" ]]; then
  last="$(releases "$env" | tail -1)"
  number=$((${last:-0} + 1))
else
  mkdir -p "$out"; target="$out/kustomization.yaml"
fi
{
  echo "# The release running in $env: written by scripts/release.sh (make release ENV=$env), not by hand."
  echo "# Release $number, $now, from $source, at revision $revision."
  echo "# Every image is pinned by digest; history.tsv beside this file lists every release of $env."
  echo "apiVersion: kustomize.config.k8s.io/v1alpha1"
  echo "kind: Component"
  echo "images:"
  while read -r s d; do
    printf '  - name: %s/%s\n    newName: %s/%s\n    digest: %s\n' "$LOGICAL" "$s" "$registry" "$s" "$d"
  done <<<"$picked"
} >"$target.tmp"
mv "$target.tmp" "$target"
if [[ -z "$out" ]]; then
  h="$(history_of "$env")"
  [[ -f "$h" ]] || printf '# release\treleased_at\trevision\tsource\tservice\tdigest\n' >"$h"
  while read -r s d; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$number" "$now" "$revision" "$source" "$s" "$d" >>"$h"
  done <<<"$picked"
fi
echo "release: $env release $number from $source -> ${target#"$ROOT"/}"
