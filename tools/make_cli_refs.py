#!/usr/bin/python3
"""Writes tests/data/cli/: more `heatmap` command lines drawn by Matplotlib, for the flags and CSV layouts the
gallery does not reach (power, symlog and centered norms, a black grid, labels turned 90 degrees, years as
column labels, column labels without row labels, a matrix whose cells are all equal).

    /usr/bin/python3 tools/make_cli_refs.py ../shared/reference tests/data/cli

Each case is a dict in the vocabulary of the reference's cases.py, which maps every flag to one Matplotlib
call; its render() writes data.csv, args.txt, expected.png and layout.json, the layout measured on the draw
that made the PNG (not on a second draw, which constrained layout would have moved).
"""
import json, shutil, sys, tempfile
from pathlib import Path

import numpy as np

reference, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(reference))
import matplotlib
matplotlib.use("Agg")
import matplotlib.figure
from cases import render  # noqa: E402

rng = np.random.default_rng(11)
CASES = [
    dict(name="power-rocket", data=np.round(rng.uniform(0, 50, size=(5, 6)), 1).tolist(),
         row_labels=["r1", "r2", "r3", "r4", "r5"], col_labels=["a", "b", "c", "d", "e", "f"],
         cmap="rocket", norm="power", gamma=0.5, vmin=0.0, vmax=50.0, annot=True, fmt=".1f", title="Power norm, gamma 0.5",
         figsize=(6.0, 4.5), dpi=100),
    dict(name="symlog-vlag", data=np.round(rng.normal(0, 60, size=(6, 5)), 2).tolist(),
         row_labels=["p", "q", "r", "s", "t", "u"], col_labels=["k1", "k2", "k3", "k4", "k5"],
         cmap="vlag", norm="symlog", linthresh=1.0, vmin=-200.0, vmax=200.0, cbar_label="delta",
         figsize=(5.5, 5.0), dpi=100),
    dict(name="centered-grid", data=np.round(rng.normal(0.5, 1.5, size=(4, 6)), 2).tolist(),
         row_labels=["north", "south", "east", "west"], col_labels=["one", "two", "three", "four", "five", "six"],
         cmap="RdBu", norm="centered", halfrange=3.0, annot=True, fmt="+.2f", linewidths=1.0, linecolor="black",
         xrotation=90.0, ylabel="Region", figsize=(6.4, 4.8), dpi=100),
    dict(name="years-header", data=rng.integers(0, 40, size=(3, 5)).tolist(),
         row_labels=["oak", "ash", "elm"], col_labels=["2019", "2020", "2021", "2022", "2023"],
         cmap="YlOrRd", annot=True, fmt="d", xlabel="Year", cbar_label="count", figsize=(6.0, 3.5), dpi=120),
    dict(name="header-no-index", data=np.round(rng.uniform(-1, 1, size=(7, 4)), 3).tolist(),
         col_labels=["w", "x", "y", "z"], cmap="Blues_r", title="Column labels only", figsize=(4.0, 5.0), dpi=100),
    # Every cell equal: the colorbar widens the norm's empty range by 10% each way (Matplotlib's nonsingular).
    dict(name="constant", data=[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]], annot=True, figsize=(4.0, 3.0), dpi=100),
]

for case in CASES:
    with tempfile.TemporaryDirectory() as tmp:
        made = render(case, tmp)
        dest = out / case["name"]
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("data.csv", "args.txt", "expected.png", "layout.json"):
            shutil.copyfile(made / name, dest / name)
        print("wrote", dest, json.load(open(dest / "layout.json"))["axes"])
