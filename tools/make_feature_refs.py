#!/usr/bin/python3
"""Writes tests/data/features/: Matplotlib's (and seaborn's) figures for the features of issue 9 (seaborn parity
and legibility), each with the layout measured on the draw that made its PNG.

    /usr/bin/python3 tools/make_feature_refs.py tests/data/features

Each case folder holds:
  data.csv      the matrix (first row: column labels, first column: row labels; an empty cell is a missing value)
  case.json     the case's options, as the test sets them through the Heatmap<T> API
  expected.png  the figure
  layout.json   where each part landed, in pixels from the top-left corner (schema of seed-layout.json, plus the
                keys below)

Keys beyond seed-layout.json: `shape` [rows, cols]; `colorbar_orientation`; `colorbar_outline` (the colorbar's
outline with its extend triangles); `colorbar_minor_ticks`; `annotation_sizes` (points, one per annotation);
`limits` [vmin, vmax] of the norm as drawn; `colormap` (the recentered map's entries, for seaborn's center);
`dropped_annotations` [[row, col, text]] and `shortened_labels` [[axis, index, full, shown]] for the legibility
cases, whose rules Matplotlib does not have and which are therefore written out here (see `fit_annotations` and
`ellipsize`), using Matplotlib's own text measurements.

Like cases.py, each feature maps to the Matplotlib call written out in `build`. Unlike cases.py, the PNG and the
layout come from one figure and one draw: constrained layout moves the axes on a second draw, so the figure is
drawn once at its dpi, measured, and its canvas buffer written as the PNG; `render` checks that buffer against
what savefig(dpi=...) writes for a fresh copy of the same figure, byte for byte.
"""
import csv, io, json, math, sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np
import seaborn
from PIL import Image

FONT_DEFAULTS = dict(matplotlib.rcParams)


def relative_luminance(rgba):
    """seaborn's rule for dark-or-light text: WCAG relative luminance of the cell color."""
    rgb = np.asarray(rgba[:3], dtype=float)
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def color_name(c):
    """The layout's color vocabulary (figure_layout.hpp's color_name): white, black, else #rrggbb[aa]."""
    h = mcolors.to_hex(c, keep_alpha=True)
    h = h[:7] if h.endswith("ff") else h
    return {"#ffffff": "white", "#000000": "black"}.get(h, h)


def make_cmap(case):
    spec = case.get("cmap", "viridis")
    cmap = mcolors.ListedColormap(spec) if isinstance(spec, list) else plt.get_cmap(spec, case.get("lut"))
    extremes = {k: case[k] for k in ("under", "over", "bad") if k in case}
    return cmap.with_extremes(**extremes) if extremes else cmap


def make_norm(case, values):
    kind = case.get("norm", "linear")
    vmin, vmax = case.get("vmin"), case.get("vmax")
    if kind == "linear":
        return mcolors.Normalize(vmin, vmax)
    if kind == "log":
        return mcolors.LogNorm(vmin, vmax)
    if kind == "power":
        return mcolors.PowerNorm(case["gamma"], vmin, vmax)
    if kind == "symlog":
        return mcolors.SymLogNorm(case["linthresh"], vmin=vmin, vmax=vmax, base=10)
    if kind == "twoslope":
        return mcolors.TwoSlopeNorm(case["vcenter"], vmin, vmax)
    if kind == "centered":
        return mcolors.CenteredNorm(case.get("vcenter", 0.0), case.get("halfrange"))
    if kind == "boundary":
        return mcolors.BoundaryNorm(case["boundaries"], len(case["cmap"]))
    raise ValueError(kind)


def seaborn_limits(case, data, cmap):
    """seaborn's `robust` and `center` (matrix.py, _HeatMapper._determine_cmap_params), for plain imshow."""
    calc = data.astype(float).filled(np.nan)
    vmin, vmax = case.get("vmin"), case.get("vmax")
    if vmin is None:
        vmin = np.nanpercentile(calc, 2) if case.get("robust") else np.nanmin(calc)
    if vmax is None:
        vmax = np.nanpercentile(calc, 98) if case.get("robust") else np.nanmax(calc)
    if case.get("center") is not None:
        center = case["center"]
        bad = cmap(np.ma.masked_invalid([np.nan]))[0]
        vrange = max(vmax - center, center - vmin)
        cmin, cmax = mcolors.Normalize(center - vrange, center + vrange)([vmin, vmax])
        cmap = mcolors.ListedColormap(cmap(np.linspace(cmin, cmax, 256)))
        cmap.set_bad(bad)
    return float(vmin), float(vmax), cmap


def text_px(fig, s, size):
    """Matplotlib's measure of a one-line text (the width and the lp-height rule of Text._get_layout)."""
    t = fig.text(0, 0, s, fontsize=size)
    try:
        bb = t.get_window_extent(fig.canvas.get_renderer())
        return bb.width, bb.height
    finally:
        t.remove()


def ellipsize(fig, s, size, max_px):
    """Our rule for `max_label_width`: the longest prefix of `s` that, followed by an ellipsis, fits in max_px
    (a label that fits is left alone)."""
    if text_px(fig, s, size)[0] <= max_px:
        return s
    for n in range(len(s) - 1, -1, -1):
        shown = s[:n].rstrip() + "\u2026"
        if text_px(fig, shown, size)[0] <= max_px:
            return shown
    return "\u2026"


def fit_annotations(case, fig, cell_w, cell_h, labels, base):
    """Our rule for legible annotations: a text keeps its size when its box fits inside the cell less 2 pt on
    each side horizontally (its height already carries the lp margin); otherwise it shrinks in proportion to
    the worse of the two ratios, and a text that would be smaller than `min_annotation_size` is left out."""
    pad = 2 * 2 * case.get("dpi", 100) / 72
    sizes = {}
    for key, s in labels.items():
        w, h = text_px(fig, s, base)
        scale = min(1.0, (cell_w - pad) / w, cell_h / h)
        sizes[key] = base * scale if base * scale >= case["min_annotation_size"] else None
    return sizes


def write_csv(case, path, values):
    rows, cols = case.get("row_labels"), case.get("col_labels")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        if cols:
            w.writerow(([""] if rows else []) + list(cols))
        for i, line in enumerate(values):
            cells = ["" if math.isnan(v) else repr(float(v)) for v in line]
            w.writerow(([rows[i]] if rows else []) + cells)


def build(case, fit=None):
    """Draws the case on a new figure; returns the figure and what `measure` needs."""
    values = np.array([[np.nan if v is None else v for v in line] for line in case["data"]], dtype=float)
    nrows, ncols = values.shape
    mask = np.isnan(values)
    if case.get("mask"):
        mask |= np.array(case["mask"], dtype=bool)
    data = np.ma.array(values, mask=mask)
    rc = {"font.size": case["font_size"]} if "font_size" in case else {}
    with plt.rc_context(rc):
        return _build(case, values, data, mask, nrows, ncols, fit)


def _build(case, values, data, mask, nrows, ncols, fit):
    dpi = case.get("dpi", 100)
    fig = plt.figure(figsize=case.get("figsize", (6.4, 4.8)), layout="constrained",
                     facecolor=case.get("facecolor", "white"))
    ax = fig.add_subplot()
    if "seaborn" in case:
        return _build_seaborn(case, fig, ax, data, mask)
    cmap = make_cmap(case)
    norm_case = dict(case)
    if case.get("robust") or case.get("center") is not None:
        norm_case["vmin"], norm_case["vmax"], cmap = seaborn_limits(case, data, cmap)
    image = ax.imshow(data, cmap=cmap, norm=make_norm(norm_case, values), aspect=case.get("aspect", "equal"))
    if case.get("title"):
        ax.set_title(case["title"], fontsize=case.get("title_size", "large"))
    if case.get("xlabel"):
        ax.set_xlabel(case["xlabel"])
    if case.get("ylabel"):
        ax.set_ylabel(case["ylabel"])
    col_labels = list(case.get("col_labels") or [str(i) for i in range(ncols)])
    row_labels = list(case.get("row_labels") or [str(i) for i in range(nrows)])
    shortened = []
    if fit and "max_label_width" in case:
        for axis, labels in (("x", col_labels), ("y", row_labels)):
            for i, s in enumerate(labels):
                shown = ellipsize(fit["fig"], s, matplotlib.rcParams["font.size"], case["max_label_width"])
                if shown != s:
                    shortened.append([axis, i, s, shown])
                    labels[i] = shown
    xevery = case.get("xticks_every", 1)
    if xevery == "auto":
        xevery = fit["xevery"] if fit else 1
    yevery = case.get("yticks_every", 1)
    if yevery == "auto":
        yevery = fit["yevery"] if fit else 1
    # No labels and no step asked: Matplotlib's own locator, restricted to whole cells (as cases.py).
    index = MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True)
    if xevery == 0:
        ax.set_xticks([])
    elif not case.get("col_labels") and "xticks_every" not in case:
        ax.xaxis.set_major_locator(index)
    else:
        ax.set_xticks(range(0, ncols, xevery), col_labels[::xevery])
    if yevery == 0:
        ax.set_yticks([])
    elif not case.get("row_labels") and "yticks_every" not in case:
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
    else:
        ax.set_yticks(range(0, nrows, yevery), row_labels[::yevery])
    if case.get("labels_top"):
        ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    if case.get("xrotation"):
        ha = case.get("xha", "right")
        plt.setp(ax.get_xticklabels(), rotation=case["xrotation"], ha=ha, rotation_mode="anchor")
    if case.get("linewidths"):
        ax.set_xticks(np.arange(ncols + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(nrows + 1) - 0.5, minor=True)
        ax.grid(which="minor", color=case.get("linecolor", "white"), linestyle="-", linewidth=case["linewidths"])
        ax.tick_params(which="minor", bottom=False, left=False, top=False)
    colorbar = None
    if case.get("cbar", True):
        kw = dict(label=case.get("cbar_label") or "")
        for key, arg in (("cbar_location", "location"), ("cbar_shrink", "shrink"), ("extend", "extend"),
                         ("cbar_format", "format")):
            if key in case:
                kw[arg] = case[key]
        colorbar = fig.colorbar(image, ax=ax, **kw)
    texts, sizes, dropped = [], [], []
    if case.get("annot"):
        fmt = case.get("fmt", "g")
        strings = case.get("annot_strings")
        for r in range(nrows):
            for c in range(ncols):
                v = values[r, c]
                if mask[r, c]:
                    continue
                if case.get("annot_color"):
                    color = case["annot_color"]
                elif case.get("threshold") is not None:
                    color = "white" if image.norm(v) < case["threshold"] else "black"
                else:
                    color = "black" if relative_luminance(image.cmap(image.norm(v))) > 0.408 else "white"
                label = strings[r][c] if strings else format(int(v), fmt) if fmt.endswith("d") else format(v, fmt)
                size = matplotlib.rcParams["font.size"]
                if fit and "min_annotation_size" in case:
                    size = fit["sizes"][(r, c)]
                    if size is None:
                        dropped.append([r, c, label])
                        continue
                texts.append(ax.text(c, r, label, ha="center", va="center", color=color, fontsize=size))
                sizes.append(size)
    return fig, dict(ax=ax, colorbar=colorbar, texts=texts, sizes=sizes, dropped=dropped, shortened=shortened,
                     shape=[nrows, ncols], dpi=dpi, image=image, recentered=case.get("center") is not None)


def _build_seaborn(case, fig, ax, data, mask):
    kw = dict(case["seaborn"])
    seaborn.heatmap(np.ma.getdata(data), mask=mask, ax=ax, xticklabels=case.get("col_labels", "auto"),
                    yticklabels=case.get("row_labels", "auto"), **kw)
    colorbar = ax.collections[0].colorbar
    texts = list(ax.texts)
    return fig, dict(ax=ax, colorbar=colorbar, texts=texts, sizes=[t.get_fontsize() for t in texts], dropped=[],
                     shortened=[], shape=list(data.shape), dpi=case.get("dpi", 100), image=ax.collections[0],
                     recentered=False)


def measure(fig, parts):
    ax, colorbar, dpi, image = parts["ax"], parts["colorbar"], parts["dpi"], parts["image"]
    r = fig.canvas.get_renderer()
    H = fig.bbox.height

    def box(bb):
        return [round(bb.x0, 2), round(H - bb.y1, 2), round(bb.x1, 2), round(H - bb.y0, 2)]

    def text_box(t):
        return box(t.get_window_extent(r)) if t.get_text() else None

    cax = colorbar.ax if colorbar else None
    horizontal = colorbar is not None and colorbar.orientation == "horizontal"
    long_axis = (cax.xaxis if horizontal else cax.yaxis) if colorbar else None

    def visible(value):
        """A colorbar tick is drawn only inside the colorbar's value range."""
        lo, hi = sorted(cax.get_xlim() if horizontal else cax.get_ylim())
        return lo - 1e-9 * (hi - lo) <= value <= hi + 1e-9 * (hi - lo)

    def shown(axis, value):
        """A tick is drawn only inside the axis' view (a locator also returns ticks just beyond it)."""
        lo, hi = sorted(axis.get_view_interval())
        return lo - 1e-9 <= value <= hi + 1e-9

    def tick_value(t):
        return t.get_position()[0 if horizontal else 1]

    return dict(
        matplotlib=matplotlib.__version__, dpi=dpi, figure_px=[int(fig.bbox.width), int(fig.bbox.height)],
        shape=parts["shape"],
        axes=box(ax.get_window_extent(r)),
        colorbar=box(cax.get_window_extent(r)) if colorbar else None,
        colorbar_orientation=colorbar.orientation if colorbar else None,
        colorbar_outline=box(colorbar.outline.get_window_extent(r)) if colorbar else None,
        title=text_box(ax.title), xlabel=text_box(ax.xaxis.label), ylabel=text_box(ax.yaxis.label),
        colorbar_label=text_box(long_axis.label) if colorbar else None,
        xticklabels=[[t.get_text(), box(t.get_window_extent(r))] for t in ax.get_xticklabels()
                     if shown(ax.xaxis, t.get_position()[0])],
        yticklabels=[[t.get_text(), box(t.get_window_extent(r))] for t in ax.get_yticklabels()
                     if shown(ax.yaxis, t.get_position()[1])],
        colorbar_ticks=[float(t) for t in long_axis.get_majorticklocs() if visible(t)] if colorbar else [],
        colorbar_minor_ticks=[float(t) for t in long_axis.get_minorticklocs() if visible(t)] if colorbar else [],
        colorbar_ticklabels=[[t.get_text(), box(t.get_window_extent(r))] for t in long_axis.get_ticklabels()
                             if visible(tick_value(t))] if colorbar else [],
        annotations=[[t.get_text(), color_name(t.get_color()), box(t.get_window_extent(r))] for t in parts["texts"]],
        annotation_sizes=[round(float(s), 4) for s in parts["sizes"]],
        limits=[float(image.norm.vmin), float(image.norm.vmax)] if image.norm.vmin is not None else None,
        colormap=[color_name(c) for c in image.cmap(np.arange(image.cmap.N), bytes=True) / 255.0]
        if parts["recentered"] else None,
        dropped_annotations=parts["dropped"],
        shortened_labels=parts["shortened"],
    )


def prepare(case):
    """The inputs of our own rules (auto tick thinning, annotation fitting, ellipsizing), measured by Matplotlib
    on the figure as drawn without them."""
    if not any(k in case for k in ("min_annotation_size", "max_label_width")) and \
            "auto" not in (case.get("xticks_every"), case.get("yticks_every")):
        return None
    # Annotations are measured without their own overflow: the ones that stay fit their cells, so they
    # do not widen the layout that is drawn.
    fig, parts = build(dict(case, annot=False))
    fig.set_dpi(case.get("dpi", 100))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fit = dict(fig=fig)
    ax = parts["ax"]
    bb = ax.get_window_extent(renderer)
    nrows, ncols = parts["shape"]
    # seaborn's _auto_ticks: as many labels as fit one font size (in inches) apart, on the laid-out axes.
    size_in = matplotlib.rcParams["font.size"] / 72
    for key, length, n in (("xevery", bb.width, ncols), ("yevery", bb.height, nrows)):
        max_ticks = int((length / fig.dpi) // size_in)
        fit[key] = 0 if max_ticks < 1 else n // max_ticks + 1
    if "min_annotation_size" in case:
        labelled, labelled_parts = build(case)
        labels = {(t_r, t_c): s for (t_r, t_c), s in _annotation_labels(case, labelled_parts)}
        plt.close(labelled)
        fit["sizes"] = fit_annotations(case, fig, bb.width / ncols, bb.height / nrows, labels,
                                       matplotlib.rcParams["font.size"])
    return fig, fit


def _annotation_labels(case, parts):
    for t in parts["texts"]:
        c, r = t.get_position()
        yield (int(round(r)), int(round(c))), t.get_text()


def render(case, folder):
    out = Path(folder) / case["name"]
    out.mkdir(parents=True, exist_ok=True)
    values = [[math.nan if v is None else float(v) for v in line] for line in case["data"]]
    write_csv(case, out / "data.csv", values)
    (out / "case.json").write_text(json.dumps({k: v for k, v in case.items() if k != "data"}, indent=1) + "\n")
    rc = {"font.size": case["font_size"]} if "font_size" in case else {}
    dpi = case.get("dpi", 100)
    with plt.rc_context(rc):
        prepared = prepare(case)
        fit = prepared[1] if prepared else None
        # Reference: what savefig writes for this figure.
        fig, _ = build(case, fit)
        png = io.BytesIO()
        fig.savefig(png, dpi=dpi, transparent=case.get("transparent", False))
        plt.close(fig)
        saved = np.asarray(Image.open(io.BytesIO(png.getvalue())).convert("RGBA"))
        # The same figure drawn once, measured, and its buffer kept.
        fig, parts = build(case, fit)
        if case.get("transparent"):
            fig.patch.set(facecolor="none", edgecolor="none")
            for a in fig.axes:
                a.patch.set(facecolor="none", edgecolor="none")
        fig.set_dpi(dpi)
        fig.canvas.draw()
        layout = measure(fig, parts)
        drawn = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        if prepared:
            plt.close(prepared[0])
    if saved.shape != drawn.shape or not np.array_equal(saved, drawn):
        raise SystemExit("%s: the measured draw differs from savefig's PNG" % case["name"])
    Image.fromarray(drawn).save(out / "expected.png", optimize=True)
    (out / "layout.json").write_text(json.dumps(layout, indent=1, ensure_ascii=False) + "\n")
    return out


rng = np.random.default_rng(9)
M34 = np.round(rng.uniform(0, 10, size=(3, 4)), 2).tolist()
M57 = np.round(rng.normal(2, 4, size=(5, 7)), 2).tolist()
ROWS3, COLS4 = ["north", "south", "east"], ["Q1", "Q2", "Q3", "Q4"]
ROWS5, COLS7 = ["r0", "r1", "r2", "r3", "r4"], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
BASE34 = dict(data=M34, row_labels=ROWS3, col_labels=COLS4, figsize=(5.0, 3.2), dpi=100)
BASE57 = dict(data=M57, row_labels=ROWS5, col_labels=COLS7, figsize=(6.4, 3.6), dpi=100)
WIDE = np.round(10 ** rng.uniform(-1.5, 3.3, size=(4, 6)), 3).tolist()  # spans below and above the log limits
SIGNED = np.round(rng.normal(0, 30, size=(4, 6)), 2).tolist()
LONG_ROWS = ["Customer success (EMEA)", "Platform engineering", "Billing", "Security and compliance"]


def case(name, base, **kw):
    c = dict(base)
    c.update(kw)
    c["name"] = name
    return c


CASES = [
    # Missing data: NaN cells and a boolean mask show the bad color (transparent: the axes' white) and no text.
    case("missing-mask", BASE57, data=[[None if (r * 7 + c) % 9 == 4 else v for c, v in enumerate(line)]
                                        for r, line in enumerate(M57)],
         mask=[[r == c for c in range(7)] for r in range(5)], annot=True, fmt=".1f", cmap="viridis"),
    case("bad-color", BASE34, data=[[None if c == 1 and r != 1 else v for c, v in enumerate(line)]
                                     for r, line in enumerate(M34)], bad="#d0d0d0", annot=True, fmt=".1f"),
    # Lines between cells.
    case("linewidths", BASE34, linewidths=3.0, linecolor="black", annot=True, fmt=".1f", cmap="YlGnBu"),
    # Equal (the default, seaborn's square=True) and auto aspect.
    case("aspect-equal", BASE34, figsize=(4.0, 4.5), cmap="magma"),
    case("aspect-auto", BASE34, figsize=(4.0, 4.5), cmap="magma", aspect="auto"),
    # Tick labels: every 2nd, none, rotated 90, on top, seaborn's "auto" thinning.
    case("xticks-every-2", BASE57, xticks_every=2),
    case("xticks-none", BASE57, xticks_every=0, yticks_every=0),
    case("xrotation-90", BASE57, xrotation=90.0),
    case("labels-top", BASE57, labels_top=True, xrotation=-30.0, xha="right", cmap="coolwarm"),
    case("ticks-auto", dict(data=np.round(rng.uniform(0, 1, size=(24, 40)), 3).tolist(),
                            col_labels=[str(i) for i in range(40)], row_labels=[str(i) for i in range(24)],
                            figsize=(6.4, 3.2), dpi=100), xticks_every="auto", yticks_every="auto", aspect="auto"),
    # Colorbar: off, horizontal, shrink, label format, extend triangles painted with under/over.
    case("cbar-off", BASE34, cbar=False, annot=True, fmt=".2f"),
    case("cbar-horizontal", BASE57, cbar_location="bottom", cbar_label="value", figsize=(6.4, 4.2)),
    case("cbar-shrink", BASE57, cbar_shrink=0.6, cbar_label="value"),
    case("cbar-format", BASE57, cbar_format="{x:.1f}"),
    case("extend-min", BASE57, vmin=-2.0, extend="min", under="#ff00ff", cmap="viridis"),
    case("extend-max", BASE57, vmax=5.0, extend="max", over="#ff0000", cmap="viridis"),
    case("extend-both", BASE57, vmin=-2.0, vmax=5.0, extend="both", under="#ff00ff", over="#ff0000",
         cmap="viridis", annot=True, fmt=".1f"),
    case("extend-horizontal", BASE57, vmin=-2.0, vmax=5.0, extend="both", under="#ff00ff", over="#ff0000",
         cbar_location="bottom", figsize=(6.4, 4.2)),
    # Colorbar ticks for every norm.
    case("norm-log", dict(BASE34, data=WIDE, col_labels=None, row_labels=None), figsize=(6.0, 3.6), norm="log",
         vmin=0.1, vmax=1000.0, annot=True, fmt=".3g", under="#000000", over="#ffffff"),
    case("norm-symlog", dict(BASE34, data=SIGNED, col_labels=None, row_labels=None), figsize=(6.0, 3.6),
         norm="symlog", linthresh=1.0, vmin=-100.0, vmax=100.0, cmap="RdBu_r"),
    case("norm-twoslope", dict(BASE34, data=SIGNED, col_labels=None, row_labels=None), figsize=(6.0, 3.6),
         norm="twoslope", vcenter=0.0, vmin=-80.0, vmax=20.0, cmap="coolwarm"),
    case("norm-centered", dict(BASE34, data=SIGNED, col_labels=None, row_labels=None), figsize=(6.0, 3.6),
         norm="centered", vcenter=10.0, cmap="PiYG"),
    case("norm-power", BASE57, norm="power", gamma=0.5, vmin=0.0, vmax=12.0, cmap="plasma"),
    case("norm-boundary", BASE57, norm="boundary", boundaries=[-6.0, -2.0, 0.0, 3.0, 10.0],
         cmap=["#2166ac", "#92c5de", "#f4a582", "#b2182b"]),
    case("discrete-cmap", BASE57, cmap="viridis", lut=5),
    # seaborn's robust and center, through plain imshow.
    case("robust", dict(BASE57, data=[[500.0 if (r, c) == (2, 3) else -300.0 if (r, c) == (4, 0) else v
                                       for c, v in enumerate(line)] for r, line in enumerate(M57)]),
         robust=True, annot=True, fmt=".0f", cmap="rocket"),
    case("center", BASE57, center=0.0, cmap="icefire", annot=True, fmt=".1f"),
    # Annotations from a string matrix, in a fixed color.
    case("annot-strings", BASE34, annot=True, annot_color="#1f1f1f", cmap="Pastel1",
         annot_strings=[["a", "bb", "ccc", "dddd"], ["e", "ff", "ggg", "hhhh"], ["ok", "?", "≥5", "−2"]]),
    # Figure-wide font size, title size, face color, transparent background.
    case("font-size-14", BASE34, font_size=14, title="Scaled fonts", xlabel="quarter", ylabel="region",
         cbar_label="value", annot=True, fmt=".1f", figsize=(6.4, 4.0)),
    case("title-size", BASE34, title="A large title", title_size=20),
    case("facecolor", BASE34, facecolor="#f0f0f0", title="Grey figure"),
    case("transparent", BASE34, transparent=True, title="Transparent"),
    # What no peer does: annotations that shrink to fit, then drop out; long labels that grow the margins or
    # are shortened with an ellipsis.
    case("annot-shrink", dict(data=np.round(rng.normal(0, 1000, size=(6, 10)), 1).tolist(), figsize=(5.0, 3.6),
                              dpi=100), annot=True, fmt=".1f", min_annotation_size=7.0, cmap="cividis"),
    case("long-labels", BASE34, row_labels=LONG_ROWS[:3], col_labels=["first quarter", "Q2", "Q3", "last"],
         xrotation=45.0, figsize=(6.4, 4.0)),
    case("max-label-width", BASE34, row_labels=LONG_ROWS[:3], col_labels=["first quarter", "Q2", "Q3", "last"],
         xrotation=45.0, figsize=(6.4, 4.0), max_label_width=70.0),
    # seaborn.heatmap itself (pcolormesh, y axis inverted, no spines, tick labels at cell centres).
    case("seaborn-annot", BASE57, seaborn=dict(annot=True, fmt=".1f", linewidths=0.5, cmap="rocket")),
    case("seaborn-center", BASE57, seaborn=dict(center=0, cmap="vlag", annot=True, fmt=".0f", square=True)),
    case("seaborn-robust", BASE34, seaborn=dict(robust=True, linewidths=1, linecolor="white",
                                                cbar_kws=dict(shrink=0.6, label="value"))),
]

if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "tests/data/features"
    only = set(sys.argv[2:])
    for c in CASES:
        if not only or c["name"] in only:
            print("wrote", render(c, folder))
