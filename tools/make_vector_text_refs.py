#!/usr/bin/python3
"""Writes tests/data/text/vector_extents.tsv: text as Matplotlib 3.6.3's vector backends (SVG, PDF) measure
it, through TextToPath without hinting, and where they put each glyph.

Usage: /usr/bin/python3 tools/make_vector_text_refs.py > tests/data/text/vector_extents.tsv
Rows: kind, size_pt, text (JSON), then for "extent" width, height, descent in points; for "glyphs" the x
positions (points, from the text's origin) of each glyph as SVG's <use> elements place them.
"""
import json
import sys

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

STRINGS = ["Mon", "Tue", "Open tickets", "Open support tickets by team", "Platform", "Security",
           "AV Wa To", "lp", "−0.75", "1e-7", "Requests per hour (log scale)", "Pearson r", "ÅÉÎõü",
           "Курсы валют", "$\\mathdefault{10^{2}}$", "$\\mathdefault{10^{-1}}$", "$\\mathdefault{2\\times10^{3}}$",
           "x", " ", "..."]
SIZES = [7.0, 10.0, 12.0, 14.4]

t2p = TextToPath()
out = sys.stdout
out.write("kind\tsize_pt\ttext\tvalues\n")
for size in SIZES:
    prop = FontProperties(family="DejaVu Sans", size=size)
    for s in STRINGS:
        ismath = s.count("$") >= 2
        w, h, d = t2p.get_text_width_height_descent(s, prop, ismath="TeX" if False else ismath)
        out.write(f"extent\t{size!r}\t{json.dumps(s)}\t{w!r} {h!r} {d!r}\n")
        if not ismath:
            font = t2p._get_font(prop)
            font.set_size(t2p.FONT_SCALE, t2p.DPI)
            info, _, _ = t2p.get_glyphs_with_font(font, s)
            xs = [x * size / t2p.FONT_SCALE for _, x, _, _ in info]
            out.write(f"glyphs\t{size!r}\t{json.dumps(s)}\t{' '.join(repr(x) for x in xs)}\n")

# The PDF backend measures at the size itself (RendererPdfPsBase.get_text_width_height_descent) and
# places glyphs by _text_helpers.layout with KERNING_UNFITTED.
from matplotlib import _text_helpers
from matplotlib.font_manager import findfont, get_font
from matplotlib.ft2font import LOAD_NO_HINTING, KERNING_UNFITTED
for size in SIZES:
    prop = FontProperties(family="DejaVu Sans", size=size)
    for s in STRINGS:
        ismath = s.count("$") >= 2
        if ismath:
            parse = t2p.mathtext_parser.parse(s, 72, prop)
            w, h, d = parse.width, parse.height, parse.depth
        else:
            font = get_font(findfont(prop))
            font.clear()
            font.set_size(size, 72)
            font.set_text(s, 0.0, flags=LOAD_NO_HINTING)
            w, h = font.get_width_height()
            d = font.get_descent()
            w, h, d = w / 64, h / 64, d / 64
        out.write(f"pdf_extent\t{size!r}\t{json.dumps(s)}\t{w!r} {h!r} {d!r}\n")
        if not ismath:
            xs = [item.x for item in _text_helpers.layout(s, font, kern_mode=KERNING_UNFITTED)]
            out.write(f"pdf_glyphs\t{size!r}\t{json.dumps(s)}\t{' '.join(repr(x) for x in xs)}\n")
