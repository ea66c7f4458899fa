#!/usr/bin/python3
"""Writes tests/data/vector/CASE/: what the SVG and PDF tests hold ours against, for each gallery case.

    SOURCE_DATE_EPOCH=0 /usr/bin/python3 tools/make_vector_refs.py ../shared/reference/gallery tests/data/vector

From the shared gallery (made by Matplotlib 3.6.3's own savefig, see its README) it copies how rsvg-convert
draws Matplotlib's SVG (expected-svg.png) and how pdftoppm draws its PDF (expected-pdf.png), and records the
sizes of Matplotlib's files (sizes.json). It also saves each figure as PDF with pdf.fonttype 42 (text in an
embedded TrueType font, as ours is, instead of Matplotlib's default Type 3) and draws it with pdftoppm
(expected-pdf42.png): poppler renders TrueType and Type 3 text differently, so Matplotlib's own TrueType PDF is
the fair measure of a PDF whose text is a TrueType font. Needs poppler-utils.
"""
import json, os, shutil, subprocess, sys
from pathlib import Path

os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
gallery, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(gallery.parent))
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from cases import build  # noqa: E402
from make_gallery import CASES  # noqa: E402

for case in CASES:
    src, dst = gallery / case["name"], out / case["name"]
    dst.mkdir(parents=True, exist_ok=True)
    for f in ("expected-svg.png", "expected-pdf.png"):
        shutil.copy(src / f, dst / f)
    sizes = {"svg": (src / "expected.svg").stat().st_size, "pdf": (src / "expected.pdf").stat().st_size}
    (dst / "sizes.json").write_text(json.dumps(sizes) + "\n")
    dpi = case.get("dpi", 100)
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = build(case)[0]
        fig.savefig(dst / "fonttype42.pdf", dpi=dpi)
        plt.close(fig)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(dst / "fonttype42.pdf"),
                    str(dst / "expected-pdf42")], check=True)
    (dst / "fonttype42.pdf").unlink()
    print("wrote", dst)
