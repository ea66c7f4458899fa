#!/usr/bin/python3
"""Writes tests/data/figures/: Matplotlib's figures for the tutorial and the gallery, with the layout of the
draw that produced each PNG.

    /usr/bin/python3 tools/make_figure_refs.py ../shared/reference tests/data/figures

The shared reference's cases.render measures the very draw that produced expected.png (it draws a fresh
figure once at the dpi and checks pixel for pixel that it is the saved PNG; a second draw of a
constrained-layout figure would move the axes, 6.6 px in the tutorial), so its outputs are copied as they are.
"""
import json, shutil, sys, tempfile
from pathlib import Path

reference, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(reference))
import matplotlib
matplotlib.use("Agg")
import make_gallery  # noqa: E402  (imports cases)
from cases import render  # noqa: E402

names = set(sys.argv[3:])  # optional: only these cases
for case in make_gallery.CASES:
    if names and case["name"] not in names:
        continue
    with tempfile.TemporaryDirectory() as tmp:
        made = render(case, tmp)
        dest = out / case["name"]
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("data.csv", "args.txt", "expected.png", "layout.json"):
            shutil.copyfile(made / name, dest / name)
        print("wrote", dest, json.load(open(dest / "layout.json"))["axes"])
