#!/usr/bin/python3
"""Writes tests/data/clustermap/: seaborn 0.12's clustermap of real data, for tests/test_clustermap.cpp.

    /usr/bin/python3 tools/make_clustermap_refs.py tests/data/cluster tests/data/clustermap

Run it with Debian's /usr/bin/python3 (python3-seaborn 0.12, python3-scipy 1.10, python3-pandas) and
r-base-core's Rscript (for R's state.region, the region of each of USArrests' states). fastcluster is hidden so
that seaborn links with scipy, as the library does.

The data are the files tests/data/cluster already holds (R's mtcars and USArrests as write.csv exports them),
read as the command reads them (pandas.read_csv(index_col=0)). Colour strips come from CSV files of the form the
command's --row-colors / --col-colors take: a header line, then label, value; a value that is not a colour
is a category, which gets the next colour of Matplotlib's tab10 in order of first appearance.

Each case directory gets args.txt (the command's flags after the data file), expected.png (the whole figure,
Figure.savefig at 100 dpi: no bbox_inches="tight" crop, so that the image is figsize * dpi as every other figure
of the library), and layout.json: row_order and col_order (seaborn's dendrogram_row/col.reordered_ind), the
linkages (scipy's Z, or null), and the boxes [x0, y0, x1, y1] in pixels from the top left of every axes
(axes = the heatmap, row_dendrogram, col_dendrogram, colorbar, row_colors, col_colors) and of the tick labels.
"""
import json
import subprocess
import sys
from pathlib import Path

sys.modules["fastcluster"] = None  # seaborn links with scipy when fastcluster cannot be imported
import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

assert sns.__version__.startswith("0.12"), sns.__version__

cluster_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

# Colour-strip files: R's state.region for USArrests' rows; the kind of each USArrests column, as colours.
region = out / "state_region.csv"
subprocess.run(["Rscript", "-e", f'write.csv(data.frame(region=state.region, row.names=state.name), "{region}")'],
               check=True)
(out / "usarrests_kind.csv").write_text('"","kind"\n"Murder","firebrick"\n"Assault","firebrick"\n'
                                       '"UrbanPop","steelblue"\n"Rape","firebrick"\n')
mtcars = pd.read_csv(cluster_dir / "mtcars.csv", index_col=0)
mtcars[["cyl"]].to_csv(out / "mtcars_cyl.csv", index_label="")


def strip(path):
    """A colour-strip file as the command reads it: Series of colours named after its header."""
    t = pd.read_csv(path, index_col=0, dtype=str)
    cols = {}
    for name in t.columns:
        values = list(t[name])
        is_colour = all(mcolors.is_color_like(v) and not _number(v) for v in values)
        if is_colour:
            cols[name] = values
        else:
            lut = {}
            palette = sns.color_palette("tab10")
            for v in values:
                lut.setdefault(v, palette[len(lut) % len(palette)])
            cols[name] = [lut[v] for v in values]
    frame = pd.DataFrame(cols, index=t.index)
    return frame[frame.columns[0]] if len(frame.columns) == 1 else frame


def _number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


CASES = [
    # name, data, command flags, clustermap keywords
    ("mtcars-both", "mtcars.csv", ["--cluster", "both"], {}),
    ("usarrests-rows-scale", "USArrests.csv", ["--cluster", "rows", "--standard-scale", "cols"],
     dict(col_cluster=False, standard_scale=1)),
    ("mtcars-zscore-annot", "mtcars.csv", ["--cluster", "both", "--z-score", "cols", "--annot", "--fmt", ".1f"],
     dict(z_score=1, annot=True, fmt=".1f")),
    ("usarrests-colors", "USArrests.csv",
     ["--cluster", "both", "--method", "complete", "--standard-scale", "cols", "--row-colors", "state_region.csv",
      "--col-colors", "usarrests_kind.csv", "--figsize", "8,8"],
     dict(method="complete", standard_scale=1, row_colors=strip(region), col_colors=strip(out / "usarrests_kind.csv"),
          figsize=(8, 8))),
    ("usarrests-cols-zscore", "USArrests.csv", ["--cluster", "cols", "--z-score", "rows", "--metric", "cityblock"],
     dict(row_cluster=False, z_score=0, metric="cityblock")),
    ("mtcars-ward-cyl", "mtcars.csv",
     ["--cluster", "both", "--method", "ward", "--z-score", "cols", "--row-colors", "mtcars_cyl.csv"],
     dict(method="ward", z_score=1, row_colors=strip(out / "mtcars_cyl.csv"))),
]


def box(ax_or_text, fig):
    b = ax_or_text.get_window_extent(fig.canvas.get_renderer())
    h = fig.bbox.height
    return [round(b.x0, 2), round(h - b.y1, 2), round(b.x1, 2), round(h - b.y0, 2)]


def z_rows(z):
    return None if z is None else [[int(r[0]), int(r[1]), float(r[2]), int(r[3])] for r in z]


for name, data_file, flags, kws in CASES:
    d = out / name
    d.mkdir(exist_ok=True)
    data = pd.read_csv(cluster_dir / data_file, index_col=0)
    g = sns.clustermap(data, **kws)
    fig = g.figure
    fig.savefig(d / "expected.png", dpi=100)
    fig.canvas.draw()
    layout = {
        "width": int(fig.bbox.width), "height": int(fig.bbox.height),
        "row_order": [int(i) for i in (g.dendrogram_row.reordered_ind if g.dendrogram_row else range(len(data)))],
        "col_order": [int(i) for i in (g.dendrogram_col.reordered_ind if g.dendrogram_col else
                                       range(data.shape[1]))],
        "row_linkage": z_rows(g.dendrogram_row.linkage if g.dendrogram_row else None),
        "col_linkage": z_rows(g.dendrogram_col.linkage if g.dendrogram_col else None),
        "axes": box(g.ax_heatmap, fig),
        "row_dendrogram": box(g.ax_row_dendrogram, fig),
        "col_dendrogram": box(g.ax_col_dendrogram, fig),
        "colorbar": box(g.ax_cbar, fig),
        "row_colors": box(g.ax_row_colors, fig) if g.ax_row_colors is not None else None,
        "col_colors": box(g.ax_col_colors, fig) if g.ax_col_colors is not None else None,
        "xticklabels": [[t.get_text(), box(t, fig)] for t in g.ax_heatmap.get_xticklabels() if t.get_text()],
        "yticklabels": [[t.get_text(), box(t, fig)] for t in g.ax_heatmap.get_yticklabels() if t.get_text()],
    }
    (d / "layout.json").write_text(json.dumps(layout, indent=1) + "\n")
    (d / "args.txt").write_text("\n".join([data_file] + flags) + "\n")
    plt.close(fig)
    print(name, layout["axes"], layout["row_dendrogram"], layout["col_dendrogram"], layout["colorbar"])
