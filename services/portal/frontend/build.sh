#!/usr/bin/env bash
# Installs the portal's pinned browser libraries (package-lock.json) and copies the files the page
# loads into $1 (the jar's META-INF/resources/vendor). Run by Maven (exec-maven-plugin) in
# generate-resources; skips `npm ci` when node_modules already matches the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:?usage: build.sh OUTPUT_DIR}
if ! command -v npm >/dev/null 2>&1; then
  echo "portal: npm is missing; install it with: make tools" >&2
  exit 1
fi
if ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.ci
fi
rm -rf "$out"
mkdir -p "$out/maplibre-gl" "$out/uplot"
ml=node_modules/maplibre-gl
cp "$ml/dist/maplibre-gl.mjs" "$ml/dist/maplibre-gl-worker.mjs" "$ml/dist/maplibre-gl.css" \
  "$ml/LICENSE.txt" "$out/maplibre-gl/"
# The source maps stay out of the jar (8 MB); drop the comments that point at them.
sed -i '/^\/\/# sourceMappingURL=/d' "$out/maplibre-gl/maplibre-gl.mjs" "$out/maplibre-gl/maplibre-gl-worker.mjs"
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css \
  node_modules/uplot/LICENSE "$out/uplot/"
echo "portal: maplibre-gl $(node -p 'require("./node_modules/maplibre-gl/package.json").version'), uplot $(node -p 'require("./node_modules/uplot/package.json").version') -> $out"
