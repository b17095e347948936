#!/usr/bin/env bash
# Tests scripts/release.sh, the promotion logic the delivery workflow runs, against a real
# registry (docker-registry on a free loopback port, its own data folder) and a scratch copy of
# the overlays' release folders: dev reads digests from the registry; staging/prod copy the
# environment before them and refuse what it never released; rollback and --to pick history.
# Tiny FROM-scratch images stand in for the services (the logic only sees digests). ~25 s.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/day2-release-test.XXXXXX")"
# shellcheck source=checks.sh
. scripts/checks.sh
REGISTRY_ADDR="127.0.0.1:$(free_port)"
export REGISTRY_ADDR REGISTRY_HOME="$WORK/registry"
export RELEASE_ROOT="$WORK/overlays"
REPO="$REGISTRY_ADDR/day2"
eval "$(grep '^SERVICES=' scripts/release.sh)" # the images a release pins, in its order
N=${#SERVICES[@]}
PODMAN=(podman --runtime runc)
cleanup() {
  deploy/images/registry.sh stop >/dev/null
  for s in "${SERVICES[@]}"; do podman rmi -f "$REPO/$s:t1" "$REPO/$s:t2" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
deploy/images/registry.sh start >/dev/null
for e in dev staging prod; do mkdir -p "$RELEASE_ROOT/$e/release"; done

push() { # tag: one tiny image per service, content unique to tag+service; prints nothing
  for s in "${SERVICES[@]}"; do
    mkdir -p "$WORK/ctx"; echo "$1 $s" >"$WORK/ctx/id"
    printf 'FROM scratch\nCOPY id /id\n' >"$WORK/ctx/Containerfile"
    "${PODMAN[@]}" build -q -t "$REPO/$s:$1" "$WORK/ctx" >/dev/null
    podman push -q --tls-verify=false --digestfile "$WORK/$s.$1" "$REPO/$s:$1" >/dev/null
  done
}
pinned() { awk '$1=="digest:" {print $2}' "$RELEASE_ROOT/$1/release/kustomization.yaml"; }
pushed() { for s in "${SERVICES[@]}"; do cat "$WORK/$s.$1"; echo; done; }
release() { scripts/release.sh "$@" --from-repo "$REPO"; }
same() { [[ -n "$1" && "$1" == "$2" ]] || { echo "expected:"; echo "$2"; echo "got:"; echo "$1"; return 1; }; }
refused() { ! "$@" || { echo "was accepted: $*"; return 1; }; }

push t1
check "dev: pins the digests the registry holds for the tag" \
  bash -c "scripts/release.sh dev --tag t1 --from-repo $REPO >/dev/null && [[ \"\$(awk '\$1==\"digest:\" {print \$2}' $RELEASE_ROOT/dev/release/kustomization.yaml)\" == \"$(pushed t1)\" ]]"
check "dev: a tag the registry does not hold is refused" refused release dev --tag nope
check "prod: refuses digests staging never released" refused release prod
check "staging: copies dev's digests" bash -c "scripts/release.sh staging >/dev/null && [[ \"\$(awk '\$1==\"digest:\" {print \$2}' $RELEASE_ROOT/staging/release/kustomization.yaml)\" == \"$(pushed t1)\" ]]"
check "prod: copies staging's digests" bash -c "scripts/release.sh prod >/dev/null"
check "prod: pins exactly staging's" same "$(pinned prod)" "$(pinned staging)"
check "release files: every image by digest, with newName and the logical name" \
  bash -c "grep -c '@\|digest: sha256:' $RELEASE_ROOT/prod/release/kustomization.yaml | grep -qx $N && grep -q 'name: registry.day2.example/day2/portal' $RELEASE_ROOT/prod/release/kustomization.yaml"

push t2
release dev --tag t2 >/dev/null
check "dev release 2: the new digests" same "$(pinned dev)" "$(pushed t2)"
scripts/release.sh staging >/dev/null
check "staging release 2: dev's new digests" same "$(pinned staging)" "$(pushed t2)"
check "history: staging has two releases, $N images each" \
  bash -c "[[ \$(grep -vc '^#' $RELEASE_ROOT/staging/release/history.tsv) == $((2 * N)) ]]"
check "rollback: staging goes back to release 1's digests" \
  bash -c "scripts/release.sh staging --rollback >/dev/null && [[ \"\$(awk '\$1==\"digest:\" {print \$2}' $RELEASE_ROOT/staging/release/kustomization.yaml)\" == \"$(pushed t1)\" ]]"
check "rollback is a new release (3), recorded as such" \
  bash -c "awk -F'\t' '\$1==3' $RELEASE_ROOT/staging/release/history.tsv | grep -c 'staging release 1 (rollback)' | grep -qx $N"
check "--to 2: staging runs release 2 again" \
  bash -c "scripts/release.sh staging --to 2 >/dev/null && [[ \"\$(awk '\$1==\"digest:\" {print \$2}' $RELEASE_ROOT/staging/release/kustomization.yaml)\" == \"$(pushed t2)\" ]]"
check "--to an unknown release is refused" refused scripts/release.sh staging --to 99
# A hand edit that pins a digest staging never had: prod refuses it.
sed -i "0,/digest: sha256:/s/digest: sha256:[0-9a-f]*/digest: sha256:$(printf 'e%.0s' {1..64})/" \
  "$RELEASE_ROOT/staging/release/kustomization.yaml"
check "prod: refuses a hand-edited staging digest" refused scripts/release.sh prod
check "--registry: newName is the environment's registry, kept on the next release" \
  bash -c "scripts/release.sh dev --tag t2 --from-repo $REPO --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/day2 >/dev/null &&
    scripts/release.sh dev --tag t1 --from-repo $REPO >/dev/null &&
    grep -c 'newName: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/day2/' $RELEASE_ROOT/dev/release/kustomization.yaml | grep -qx $N"
check "--out: writes a release elsewhere without touching history" \
  bash -c "n=\$(wc -l <$RELEASE_ROOT/dev/release/history.tsv); scripts/release.sh dev --tag t1 --from-repo $REPO --out $WORK/out >/dev/null && [[ -f $WORK/out/kustomization.yaml && \$(wc -l <$RELEASE_ROOT/dev/release/history.tsv) == \$n ]]"
check "unknown environment: usage, exit 2" bash -c "scripts/release.sh qa; [[ \$? == 2 ]]"

echo "release-test: $passed passed, $failed failed"
((failed == 0))
