#!/usr/bin/env bash
# The README's pictures of the vector outputs: the tutorial drawn by the command as SVG and PDF, and
# each file as another program draws it (rsvg-convert for the SVG, pdftoppm for the PDF) at the
# figure's 160 dpi: what a reader of the file sees, not our own raster.
#
#   bash tools/make_readme_pictures.sh build/heatmap
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=$(realpath "$1")
data="$root/tests/data/figures/tutorial"
mapfile -t args < "$data/args.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$command" "$data/data.csv" "${args[@]}" -o "$work/tutorial.svg"
"$command" "$data/data.csv" "${args[@]}" -o "$work/tutorial.pdf"
rsvg-convert --dpi-x 160 --dpi-y 160 "$work/tutorial.svg" -o "$root/examples/tutorial-svg.png"
pdftoppm -r 160 -png -singlefile "$work/tutorial.pdf" "$work/pdf"
cp "$work/pdf.png" "$root/examples/tutorial-pdf.png"
ls -l "$work"/tutorial.svg "$work"/tutorial.pdf | awk '{print $5, $9}'
