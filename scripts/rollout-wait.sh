#!/usr/bin/env bash
# Waits until every Deployment and StatefulSet of Day2's namespaces has rolled out (kubectl rollout
# status), failing with the first that does not within ROLLOUT_TIMEOUT (default 300s). Run after
# kubectl apply -k; the current kubectl context is the environment's cluster.
set -euo pipefail
timeout="${ROLLOUT_TIMEOUT:-300s}"
for ns in platform wrpi counter preferences maps monitoring; do
  for kind in deployment statefulset; do
    for name in $(kubectl -n "$ns" get "$kind" -o name 2>/dev/null); do
      echo "rollout: $ns $name"
      kubectl -n "$ns" rollout status "$name" --timeout "$timeout"
    done
  done
done
