#!/usr/bin/python3
"""Writes tests/data/text/: what Matplotlib 3.6.3 measures and draws for text, in formats a C++ test reads
without a JSON or PNG library.

Usage: /usr/bin/python3 tools/make_text_refs.py [REFERENCE_DIR] [OUT_DIR]
  REFERENCE_DIR defaults to ../shared/reference (its text_extents.json and text_samples/ are converted),
  OUT_DIR to tests/data/text.

Files (tab-separated, text last so it may hold spaces; '|' stands for a line break):
  extents.tsv  size_pt dpi width height descent text      RendererAgg.get_text_width_height_descent
  extents_unbaked.tsv  the same, at sizes and for glyphs without baked hinting
  boxes.tsv    size_pt dpi rotation ha va mode ax ay x0 y0 x1 y1 text
               Text.get_window_extent for text at anchor (ax, ay), pixels from the top-left corner
  samples.tsv  file size_pt dpi rotation ha va mode r g b a bg_r bg_g bg_b w h ax ay cx cy text
               a w x h figure with that text drawn at the anchor; file holds the crop at (cx, cy), binary PPM
  scripts.tsv  script size_pt dpi width height descent bitmap text
               text in many scripts (Cyrillic, Greek, Armenian, Georgian, Hebrew, Arabic, Vietnamese, arrows,
               box drawing, math, CJK through the fallback font FALLBACK), as RendererAgg measures it and, for
               the rows whose bitmap is not "-", the coverage bitmap FT2Font.draw_glyphs_to_bitmap renders
               (binary PGM, the ink box plus a pixel of margin: what Agg blits)

  --only scripts writes scripts.tsv and its bitmaps alone (no REFERENCE_DIR needed).
"""
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
ONLY = None
if len(sys.argv) > 2 and sys.argv[1] == "--only":
    ONLY = sys.argv[2]
    del sys.argv[1:3]
REF = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
OUT = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "tests" / "data" / "text"
# The CJK fallback font of the script references: Debian's fonts-droid-fallback (.ci/setup installs it).
FALLBACK = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

MATH = [r"$\mathdefault{10^{0}}$", r"$\mathdefault{10^{2}}$", r"$\mathdefault{10^{4}}$",
        r"$\mathdefault{10^{-2}}$", r"$\mathdefault{2\times10^{3}}$", r"$\mathdefault{10^{12}}$",
        r"$5\cdot 3 \pm 1$", r"a $b$ c", r"$x^2$", r"$\mu$s", r"$\sigma_x$", r"$E=mc^2$", r"$-2$",
        r"$\mathrm{kg}\,\mathrm{m}$", r"$T \leq 5$", r"$\alpha_{i}^{2}$"]


def write_extents():
    rows = json.loads((REF / "text_extents.json").read_text())
    lines = [f"{r['size_pt']}\t{r['dpi']}\t{r['width']!r}\t{r['height']!r}\t{r['descent']!r}\t{r['text']}"
             for r in rows]
    for dpi in (100, 110, 120, 160):
        renderer = RendererAgg(100, 100, dpi)
        for size in (10, 12):
            prop = FontProperties(family="DejaVu Sans", size=size)
            for s in MATH:
                w, h, d = renderer.get_text_width_height_descent(s, prop, ismath=True)
                lines.append(f"{size}\t{dpi}\t{w!r}\t{h!r}\t{d!r}\t{s}")
    (OUT / "extents.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Where nothing is baked: sizes between the baked ones, and glyphs outside the baked set.
    strings = ["Platform", "Security", "Open support tickets by team", "0123456789", "\u22120.75", "AV To Ty WA",
               "lp", "gjpqy", "Z\u00fcrich", "\u0141\u00f3d\u017a", "\u03b1\u03b2\u03b3 \u03a9",
               "\u0160koda \u010cech", "\u0152\u0153\u0178"]
    lines = []
    for size, dpi in ((9, 90), (11, 150), (13, 100), (16, 96), (6, 200), (10, 100), (12, 160)):
        renderer = RendererAgg(100, 100, dpi)
        prop = FontProperties(family="DejaVu Sans", size=size)
        for s in strings:
            w, h, d = renderer.get_text_width_height_descent(s, prop, ismath=False)
            lines.append(f"{size}\t{dpi}\t{w!r}\t{h!r}\t{d!r}\t{s}")
    (OUT / "extents_unbaked.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def figure(w_px, h_px, dpi, bg):
    fig = plt.figure(figsize=(w_px / dpi, h_px / dpi), dpi=dpi, facecolor=bg)
    return fig


def write_boxes():
    lines = []
    cases = []
    for rotation in (0, 30, 90, 135, 270):
        for mode in ("default", "anchor"):
            for ha in ("left", "center", "right"):
                for va in ("top", "center", "baseline", "bottom", "center_baseline"):
                    cases.append(("Open tickets", 10, 100, rotation, ha, va, mode))
    cases += [(s, 10, 120, 0, "left", "center", "default") for s in MATH[:3]]
    cases += [("gjpqy", 12, 160, 45, "right", "top", "anchor"), ("°", 10, 100, 0, "left", "baseline", "default")]
    # Several lines: spacing, per-line alignment, an empty line, a mathtext line.
    for rotation, ha, va, mode in ((0, "center", "top", "default"), (0, "right", "baseline", "anchor"),
                                   (30, "left", "center_baseline", "default"), (90, "center", "center", "anchor")):
        cases.append(("Open\nsupport tickets", 10, 160, rotation, ha, va, mode))
    cases += [("a\n\nlong line", 12, 100, 0, "left", "bottom", "default"),
              ("Requests\n$\\mathdefault{10^{3}}$", 10, 120, 0, "center", "center", "default")]
    for text, size, dpi, rotation, ha, va, mode in cases:
        w_px, h_px, ax, ay = 400, 400, 200, 200
        fig = figure(w_px, h_px, dpi, "white")
        t = fig.text(ax / w_px, 1 - ay / h_px, text, fontsize=size, rotation=rotation, ha=ha, va=va,
                     rotation_mode=mode)
        fig.canvas.draw()
        bb = t.get_window_extent()
        plt.close(fig)
        lines.append(f"{size}\t{dpi}\t{rotation}\t{ha}\t{va}\t{mode}\t{ax}\t{ay}\t{bb.x0!r}\t{h_px - bb.y1!r}\t"
                     f"{bb.x1!r}\t{h_px - bb.y0!r}\t{text.replace(chr(10), '|')}")
    (OUT / "boxes.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def save_crop(pixels, box, name):
    h, w = pixels.shape[:2]
    x0, y0 = max(0, int(np.floor(box[0])) - 3), max(0, int(np.floor(box[1])) - 3)
    x1, y1 = min(w, int(np.ceil(box[2])) + 3), min(h, int(np.ceil(box[3])) + 3)
    crop = np.ascontiguousarray(pixels[y0:y1, x0:x1, :3])
    header = f"P6\n{x1 - x0} {y1 - y0}\n255\n".encode()
    (OUT / name).write_bytes(header + crop.tobytes())
    return x0, y0


def write_samples():
    lines = []
    index = json.loads((REF / "text_samples" / "index.json").read_text())
    samples = [(e["file"], e["text"], e["size_pt"], e["dpi"], e["rotation"], "left", "baseline", "anchor",
                (0, 0, 0, 255), (255, 255, 255), e["image_px"], e["anchor_px"], True) for e in index]
    # Ours: mathtext as log colorbars label, centred rotated text, translucent color over color.
    samples += [
        ("math-10.png", r"$\mathdefault{10^{2}}$", 10, 120, 0, "left", "center", "default", (0, 0, 0, 255),
         (255, 255, 255), (200, 80), (40, 40), False),
        ("math-12.png", r"$\mathdefault{2\times10^{-3}}$", 12, 160, 0, "left", "baseline", "default",
         (0, 0, 0, 255), (255, 255, 255), (300, 100), (40, 60), False),
        ("center-30.png", "Zürich ±1", 10, 110, 30, "center", "center", "default", (0, 0, 0, 255),
         (255, 255, 255), (200, 200), (100, 100), False),
        ("alpha-red.png", "Kraków 42", 12, 100, 0, "right", "top", "default", (200, 0, 0, 128),
         (30, 60, 200), (200, 80), (180, 20), False),
        ("vertical-270.png", "Support", 10, 160, 270, "center", "center", "anchor", (0, 0, 0, 255),
         (255, 255, 255), (120, 200), (60, 100), False),
        ("two-lines.png", "Open support\ntickets by team", 10, 160, 0, "center", "center", "default",
         (0, 0, 0, 255), (255, 255, 255), (300, 120), (150, 60), False),
    ]
    for file, text, size, dpi, rotation, ha, va, mode, color, bg, (w_px, h_px), (ax, ay), shared in samples:
        if shared:
            pixels = np.asarray(Image.open(REF / "text_samples" / file).convert("RGBA"))
            fig = figure(w_px, h_px, dpi, "white")
        else:
            fig = figure(w_px, h_px, dpi, tuple(c / 255 for c in bg))
        t = fig.text(ax / w_px, 1 - ay / h_px, text, fontsize=size, rotation=rotation, ha=ha, va=va,
                     rotation_mode=mode, color=tuple(c / 255 for c in color))
        fig.canvas.draw()
        bb = t.get_window_extent()
        if not shared:
            pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        name = file.replace(".png", ".ppm")
        cx, cy = save_crop(pixels, (bb.x0, h_px - bb.y1, bb.x1, h_px - bb.y0), name)
        lines.append("\t".join(str(v) for v in (name, size, dpi, rotation, ha, va, mode, *color, *bg, w_px, h_px,
                                                ax, ay, cx, cy, text.replace(chr(10), "|"))))
    (OUT / "samples.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


# Real phrases per script, as labels and titles hold them. Hebrew and Arabic are drawn as Matplotlib draws them:
# code points left to right, each its own glyph from the character map (no bidi, no shaping).
SCRIPTS = [
    ("cyrillic", "Курсы валют евро-зоны"),
    ("cyrillic", "Ёлка, Щука и Жёлтый ЭЮЯ"),
    ("greek", "Ελληνικά: αβγ ΣΩ ώ"),
    ("latin-ext", "Științe și țări, Łódź"),
    ("vietnamese", "Tiếng Việt: ế ệ ở ữ"),
    ("armenian", "Հայերեն լեզու"),
    ("georgian", "ქართული ენა"),
    ("hebrew", "עברית שלום"),
    ("arabic", "العربية ١٢٣"),
    ("arrows", "← → ↑ ↓ ⇒ ⇔ ↦"),
    ("box", "┌─┬─┐ │├┼┤ └┴┘"),
    ("math", "∀x∈ℝ: ∑ ∫ √∞ ≠ ≤ ⊂ ∩"),
    ("symbols", "€ £ ¥ ₽ ₹ © ® ™ § ¶ † ‡ •"),
    ("cjk", "東京 2024 中文"),
    ("cjk", "한국어 日本語 かな"),
]
# The baked sizes, and two between them (where only blue zones are snapped).
SCRIPT_SIZES = [(s, d) for s in (8, 10, 12) for d in (72, 100, 160)] + [(9, 90), (11, 150)]
BITMAP_SIZES = {(8, 72), (10, 100), (12, 160), (11, 150)}


def write_scripts():
    import warnings

    from matplotlib import font_manager
    from matplotlib.ft2font import LOAD_FORCE_AUTOHINT

    font_manager.fontManager.addfont(FALLBACK)
    families = ["DejaVu Sans", font_manager.FontProperties(fname=FALLBACK).get_name()]
    lines = []
    for i, (script, text) in enumerate(SCRIPTS):
        for size, dpi in SCRIPT_SIZES:
            prop = FontProperties(family=families, size=size)
            renderer = RendererAgg(100, 100, dpi)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Matplotlib warns of the glyphs no font has
                w, h, d = renderer.get_text_width_height_descent(text, prop, ismath=False)
                bitmap = "-"
                if (size, dpi) in BITMAP_SIZES:
                    # RendererAgg._prepare_font, then draw_text_image's bitmap.
                    font = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
                    font.clear()
                    font.set_size(size, dpi)
                    font.set_text(text, 0.0, flags=LOAD_FORCE_AUTOHINT)
                    font.draw_glyphs_to_bitmap(antialiased=True)
                    image = np.asarray(font.get_image())
                    bitmap = f"script-{i:02d}-{size}-{dpi}.pgm"
                    header = f"P5\n{image.shape[1]} {image.shape[0]}\n255\n".encode()
                    (OUT / bitmap).write_bytes(header + np.ascontiguousarray(image, dtype=np.uint8).tobytes())
            lines.append(f"{script}\t{size}\t{dpi}\t{w!r}\t{h!r}\t{d!r}\t{bitmap}\t{text}")
    (OUT / "scripts.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


OUT.mkdir(parents=True, exist_ok=True)
if ONLY in (None, "scripts"):
    write_scripts()
if ONLY is None:
    write_extents()
    write_boxes()
    write_samples()
