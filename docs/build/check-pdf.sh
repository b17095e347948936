#!/usr/bin/env bash
# Checks a PDF made by docs/build/docs.sh from its Markdown source: it exists, has more than
# MIN_PAGES pages, its text holds every section heading, and each Mermaid diagram of the source is
# an image in it (pdfimages) that is not blank (its page rasterised, enough non-white pixels).
set -euo pipefail
SRC="$1" PDF="$2"
MIN_PAGES="${MIN_PAGES:-6}"
fail() { echo "docs: FAIL $*" >&2; exit 1; }

[[ -s "$PDF" ]] || fail "$PDF is missing or empty"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
((pages > MIN_PAGES)) || fail "$PDF has $pages pages, expected more than $MIN_PAGES"

text=$(pdftotext -layout "$PDF" - | tr -s ' \n' ' ')
headings=0
while IFS= read -r heading; do
  # Headings as the PDF shows them: no Markdown emphasis or link syntax, spaces squeezed.
  plain=$(sed -E 's/^#+ +//; s/\[([^]]*)\]\([^)]*\)/\1/g; s/[`*]//g' <<<"$heading" | tr -s ' ')
  grep -qF -- "$plain" <<<"$text" || fail "heading '$plain' is not in $PDF"
  headings=$((headings + 1))
done < <(grep -E '^#{2,3} ' "$SRC")

diagrams=$(grep -c '^```mermaid' "$SRC")
images=$(pdfimages -list "$PDF" | awk 'NR > 2 && $3 == "image"' | wc -l)
((images >= diagrams)) || fail "$PDF holds $images images, the source has $diagrams diagrams"

# Each page that holds an image: at least 2 % of its pixels are not white.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
for page in $(pdfimages -list "$PDF" | awk 'NR > 2 && $3 == "image" {print $1}' | sort -un); do
  pdftoppm -f "$page" -l "$page" -r 40 -gray "$PDF" "$tmp/p"
  ratio=$(python3 - "$tmp"/p*.pgm <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
# binary PGM: P5\n<w> <h>\n<max>\n<pixels>
parts = data.split(b'\n', 3)
pixels = parts[3]
dark = sum(1 for b in pixels if b < 200)
print(f"{dark / len(pixels):.4f}")
PY
)
  rm -f "$tmp"/p*.pgm
  python3 -c "import sys; sys.exit(0 if float('$ratio') >= 0.02 else 1)" ||
    fail "page $page of $PDF is nearly blank ($ratio non-white)"
done
echo "docs: $PDF — $pages pages, $headings headings found, $images images for $diagrams diagrams, none blank"
