#!/usr/bin/env bash
# `make logs Q='<jq filter>'`: searches the JSON log lines of every process `make run` started
# (<run dir>/logs/<instance>.log: each replica, the edge, Redis, Varnish, Prometheus), merged in
# time order, one compact JSON object per line. Q (or the first argument) is a jq filter applied
# to each line; strings it returns print raw. Examples:
#   make logs Q='select(.level=="ERROR")'
#   make logs Q='select(.request_id=="abc-123")'                  # one request: edge + service
#   make logs Q='select(.service=="counter") | [.ts,.instance,.message] | @tsv'
#   make logs Q='select(.source=="haproxy" and .status>=500)'
# The run dir is DAY2_RUN_DIR (default .run/); `make run` deletes it on Ctrl-C unless KEEP_DATA=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
run_dir=${DAY2_RUN_DIR:-$root/.run}
logs=$run_dir/logs
filter=${1:-${Q:-.}}

if ! command -v jq >/dev/null 2>&1; then
  echo "logs: jq is not installed (make tools)" >&2
  exit 2
fi
if ! compgen -G "$logs/*.log" >/dev/null; then
  echo "logs: no log files in $logs: start make run (KEEP_DATA=1 keeps them after Ctrl-C)" >&2
  exit 2
fi
# Compile the filter once before reading anything: a typo is one line, not one error per log line.
if ! error=$(jq -n "empty | ($filter)" 2>&1); then
  echo "logs: Q is not a valid jq filter: ${error//$'\n'/ }" >&2
  exit 2
fi

for file in "$logs"/*.log; do
  jq -R -n -r --arg file "$(basename "$file" .log)" -f "$root/scripts/logs-normalize.jq" <"$file"
done | sort -s -t $'\t' -k1,1 | cut -f2- | jq -c -r "$filter"
