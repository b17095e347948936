#!/usr/bin/env bash
# make docs: renders docs/requirements.md to docs/build/target/requirements.pdf with its Mermaid
# diagrams drawn as images, then checks the PDF (docs/build/check-pdf.sh). No network at run time:
# mermaid-cli (pinned in docs/build/package.json, installed once into .tools/docs with npm ci)
# draws through Debian's chromium, pandoc writes HTML, chromium prints it to PDF.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="$ROOT/docs/build"
TOOLS="$ROOT/.tools/docs"
OUT="$BUILD/target" # gitignored, and MarkdownLinksTest skips "target" directories
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

for tool in npm pandoc pdfinfo "$CHROMIUM"; do
  command -v "$tool" >/dev/null || { echo "docs: $tool is missing (make tools installs it)" >&2; exit 2; }
done

# Node 22 (the npm package `node`) runs mermaid-cli; puppeteer never downloads a browser.
if ! cmp -s "$BUILD/package-lock.json" "$TOOLS/package-lock.json" || [[ ! -x "$TOOLS/node_modules/.bin/mmdc" ]]; then
  echo "docs: installing mermaid-cli and node 22 into .tools/docs (once)"
  mkdir -p "$TOOLS"
  cp "$BUILD/package.json" "$BUILD/package-lock.json" "$TOOLS/"
  (cd "$TOOLS" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
fi
export PATH="$TOOLS/node_modules/.bin:$PATH" PUPPETEER_EXECUTABLE_PATH="$CHROMIUM" PUPPETEER_SKIP_DOWNLOAD=1

rm -rf "$OUT" && mkdir -p "$OUT"
# mmdc writes a copy of the Markdown whose mermaid blocks are replaced by PNG images.
mmdc --quiet -p "$BUILD/puppeteer.json" -i "$ROOT/docs/requirements.md" -o "$OUT/requirements.md" \
  -e png -s 2 -b white
# Links to the repository's files: DOCS_LINK_BASE (a web URL ending in /) or this clone (links.lua).
DOCS_ROOT="$ROOT" DOCS_SRC_DIR=docs pandoc "$OUT/requirements.md" --from gfm --to html5 --standalone \
  --toc --toc-depth=2 --metadata pagetitle="Day2 — platform requirements" --css "$BUILD/print.css" \
  --lua-filter "$BUILD/links.lua" --resource-path "$OUT" -o "$OUT/requirements.html"
"$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --no-pdf-header-footer \
  --print-to-pdf="$OUT/requirements.pdf" "file://$OUT/requirements.html" 2>/dev/null
"$BUILD/check-pdf.sh" "$ROOT/docs/requirements.md" "$OUT/requirements.pdf"
