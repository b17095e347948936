#!/usr/bin/env bash
# Makes sure every image a release file pins exists, by digest, in the registry the file names
# (newName). An image missing there is copied from FROM_REPO (the previous environment's registry)
# with skopeo, keeping its digest: promotion moves the same bytes, never a rebuild.
#   scripts/promote-images.sh <release kustomization.yaml> [FROM_REPO]
# Fails, naming the image, when one is neither there nor copyable, or the copy has another digest.
set -euo pipefail
file="${1:?usage: $0 <release kustomization.yaml> [from-repo]}"
from="${2:-}"; from="${from%/}"; [[ "$from" == /day2 ]] && from=""
tls() { case "$1" in 127.* | localhost:* | \[::1\]:*) echo --tls-verify=false ;; *) echo --tls-verify=true ;; esac; }
awk '$1=="newName:" {n=$2} $1=="digest:" {print n, $2}' "$file" | while read -r name digest; do
  if skopeo inspect "$(tls "$name")" --raw "docker://$name@$digest" >/dev/null 2>&1; then
    echo "promote-images: $name@$digest present"
    continue
  fi
  [[ -n "$from" ]] || { echo "promote-images: $name@$digest is missing and there is no registry to copy from" >&2; exit 1; }
  src="$from/${name##*/}@$digest"
  # A tag per digest: ECR repositories keep tags immutable, and an untagged image may expire.
  skopeo copy --all --preserve-digests "$(tls "$from" | sed 's/tls-verify/src-tls-verify/')" \
    "$(tls "$name" | sed 's/tls-verify/dest-tls-verify/')" \
    "docker://$src" "docker://$name:sha256-${digest#sha256:}" >/dev/null
  got="$(skopeo inspect "$(tls "$name")" --format '{{.Digest}}' "docker://$name:sha256-${digest#sha256:}")"
  [[ "$got" == "$digest" ]] || { echo "promote-images: copied $src but got $got" >&2; exit 1; }
  echo "promote-images: copied $src -> $name (same digest)"
done
