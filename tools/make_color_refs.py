#!/usr/bin/python3
"""Writes reference data for tests/test_colormap.cpp and tests/test_norm.cpp into tests/data/colors/, from
Debian's python3-matplotlib 3.6.3 and python3-seaborn 0.12.2:

    /usr/bin/python3 tools/make_color_refs.py            # from the repository root

from_list.csv   custom maps (ListedColormap and LinearSegmentedColormap.from_list from colors or stops),
                each as built, reversed(), resampled(n) and reversed().resampled(n): every entry, plus under,
                over and bad, as the bytes imshow paints. `spec` is what the test hands to parse_color.
map_values.csv  every named map and its _r, each under one of a rotation of norms, fed values inside, at and
                beyond the limits, NaN and infinities (masked, as imshow masks them): the colors of imshow's
                norm-and-colormap step, ScalarMappable.to_rgba(..., bytes=True) (tests map_value). The script
                also draws them with imshow and reports the values where imshow's resampling round trip moves
                a value across an entry boundary (values one ulp from k/N), which imshow_cells.csv covers.
imshow_cells.csv whole images drawn by imshow (float64 data, nearest interpolation, 8x8-pixel cells on white):
                the pixel of each cell (tests map_image, which follows imshow's round trip).
resampled.csv   every named map and _r resampled to 7 and 20 entries.
norm_cases.csv  norms with limits taken from data (autoscale) and inverses: value -> normalized -> inverse.
pcolormesh.csv  every named map and its _r painted by pcolormesh (Agg rounds float colors where imshow truncates
                them): the entries whose painted color differs from imshow's bytes (colormaps.csv), with the
                difference per channel; every other entry is painted as imshow paints it. Tests rounded().
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import seaborn  # noqa: F401  (registers rocket, mako, flare, crest, vlag, icefire)
from matplotlib.cm import ScalarMappable

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "colors"

# (case, kind, spec, n, resample) with spec a list of color strings or "position:color" stops.
FROM_LIST_CASES = [
    ("two", "smooth", ["#ffffff", "#d62728"], 256, 7),
    ("three", "smooth", ["#000080", "white", "tab:orange"], 256, 9),
    ("odd_n", "smooth", ["#123456", "#fedcba", "#00ff7f", "#7f00ff"], 101, 13),
    ("small_n", "smooth", ["#000000", "#ffffff"], 5, 3),
    ("alpha", "smooth", ["#ff000000", "#0000ff80", "#00ff00"], 64, 5),
    ("stops", "stops", ["0:#2166ac", "0.2:#f7f7f7", "0.35:#b2182b", "1:#000000"], 256, 11),
    ("step", "stops", ["0:#ff0000", "0.5:#ff0000", "0.5:#0000ff", "1:#0000ff"], 256, 8),
    ("thirds", "stops", ["0:#440154", "0.3333333333333333:#21918c", "0.6666666666666666:#fde725", "1:#ffffff"],
     200, 6),
    ("listed", "listed", ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"], 5, 12),
    # Named listed maps resample by picking entries (ListedColormap.resampled), which the C++ side matches.
    ("viridis", "named", ["viridis"], 256, 8),
    ("tab10", "named", ["tab10"], 10, 4),
    ("rocket", "named", ["rocket"], 256, 300),
    ("twilight", "named", ["twilight"], 510, 1),
]


def build(kind, spec, n):
    if kind == "named":
        return matplotlib.colormaps[spec[0]]
    if kind == "listed":
        return mcolors.ListedColormap(spec, name="from_list")
    if kind == "stops":
        stops = [(float(s.split(":")[0]), s.split(":")[1]) for s in spec]
        return mcolors.LinearSegmentedColormap.from_list("from_list", stops, N=n)
    return mcolors.LinearSegmentedColormap.from_list("from_list", spec, N=n)


def rows_of(cmap):
    lut = cmap(np.arange(cmap.N), bytes=True)
    rows = [[str(i), *map(int, c)] for i, c in enumerate(lut)]
    for label, v in (("under", -1), ("over", cmap.N)):
        rows.append([label, *map(int, cmap(np.array([v]), bytes=True)[0])])
    rows.append(["bad", *map(int, cmap(np.array([np.nan]), bytes=True)[0])])
    return rows


def write_from_list():
    with open(OUT / "from_list.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "kind", "spec", "n", "variant", "index", "r", "g", "b", "a"])
        for case, kind, spec, n, k in FROM_LIST_CASES:
            cmap = build(kind, spec, n)
            variants = [("map", cmap), ("reversed", cmap.reversed()), ("resampled%d" % k, cmap.resampled(k)),
                        ("reversed_resampled%d" % k, cmap.reversed().resampled(k))]
            for variant, m in variants:
                for row in rows_of(m):
                    w.writerow([case, kind, " ".join(spec), n, variant, *row])


# Norm specs in the form the C++ test parses: kind then key=value pairs (lists joined with '/').
NORMS = [
    "Normalize vmin=15 vmax=60",
    "Normalize vmin=0 vmax=1",
    "LogNorm vmin=0.01 vmax=50",
    "PowerNorm gamma=0.5 vmin=0 vmax=100",
    "SymLogNorm linthresh=0.1 linscale=0.5 base=10 vmin=-20 vmax=300",
    "TwoSlopeNorm vcenter=0 vmin=-5 vmax=20",
    "CenteredNorm vcenter=2 halfrange=4",
    "BoundaryNorm boundaries=0/10/20/50/100 ncolors=256 extend=neither",
    "Normalize",
    "LogNorm",
    "BoundaryNorm boundaries=-1/0/1/2 ncolors=256 extend=both",
    "CenteredNorm vcenter=0",
    "TwoSlopeNorm vcenter=10",
    "PowerNorm gamma=2",
]


def parse_norm(spec):
    kind, *pairs = spec.split()
    kw = {}
    for p in pairs:
        key, value = p.split("=")
        if key == "boundaries":
            kw[key] = [float(v) for v in value.split("/")]
        elif key == "ncolors":
            kw[key] = int(value)
        elif key == "extend":
            kw[key] = value
        else:
            kw[key] = float(value)
    return getattr(mcolors, kind)(**kw)


def values_for(spec, cmap_n):
    """Values around the norm's limits (or the data range, for norms that take them from data)."""
    kind = spec.split()[0]
    norm = parse_norm(spec)
    if kind == "BoundaryNorm":
        lo, hi = norm.boundaries[0], norm.boundaries[-1]
    elif kind == "CenteredNorm":
        half = norm.halfrange if norm.halfrange is not None else 3.0
        lo, hi = norm.vcenter - half, norm.vcenter + half
    else:
        lo = norm.vmin if norm.vmin is not None else -3.5
        hi = norm.vmax if norm.vmax is not None else 41.0
    if kind == "LogNorm" and lo <= 0:
        lo, hi = 0.02, 700.0
    span = hi - lo
    vals = [lo + span * k / 17 for k in range(18)] + [lo - span / 4, hi + span / 4, (lo + hi) / 2]
    if kind == "Normalize" and norm.vmin == 0 and norm.vmax == 1:
        # Entry boundaries k/N and their neighbours one unit in the last place away: truncation vs rounding.
        for k in (1, cmap_n // 3, cmap_n // 2, cmap_n - 1):
            b = k / cmap_n
            vals += [b, np.nextafter(b, 0), np.nextafter(b, 1)]
        vals += [np.nextafter(1.0, 2), np.nextafter(0.0, -1), -0.0]
    if kind == "LogNorm":
        vals += [0.0, -1.0]
    if kind == "PowerNorm" and norm.vmin is not None:
        vals += [lo - 1e-9]
    vals += [float("nan"), float("inf"), float("-inf")]
    return [float(v) for v in vals]


def imshow_colors(cmap, norm, values):
    """The pixels imshow paints for `values` in one row of 8x8-pixel cells on a white figure."""
    cell = 8
    data = np.ma.masked_invalid(np.array([values], dtype=float))
    fig = plt.figure(figsize=(len(values) * cell / 100, cell / 100), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    ax.imshow(np.array([values], dtype=float), cmap=cmap, norm=norm, interpolation="nearest", aspect="auto")
    fig.canvas.draw()
    buf = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    painted = [tuple(int(v) for v in buf[cell // 2, i * cell + cell // 2]) for i in range(len(values))]
    return painted, data


def write_map_values():
    names = sorted(n for n in matplotlib.colormaps if not n.endswith("_r"))
    names = [m for n in names for m in (n, n + "_r")]
    disagree = 0
    with open(OUT / "map_values.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cmap", "norm", "value", "r", "g", "b", "a"])
        for i, name in enumerate(names):
            cmap = matplotlib.colormaps[name]
            spec = NORMS[i % len(NORMS)]
            values = values_for(spec, cmap.N)
            norm = parse_norm(spec)
            painted, data = imshow_colors(cmap, norm, values)
            # What imshow paints is the to_rgba color over the white figure; check that it is, then record
            # the to_rgba color (which keeps bad's alpha 0).
            sm = ScalarMappable(norm, cmap)
            rgba = sm.to_rgba(data, bytes=True)[0]
            for v, c, p in zip(values, rgba, painted):
                c = tuple(int(x) for x in c)
                over_white = tuple((x * c[3] + 255 * (255 - c[3]) + 127) // 255 for x in c[:3]) + (255,)
                if over_white != p:
                    disagree += 1
                    print("imshow paints %s for %s %s %r, to_rgba says %s" % (p, name, spec, v, c), file=sys.stderr)
                w.writerow([name, spec, repr(v), *c])
    return disagree


def write_resampled():
    """Every named map and _r resampled to 7 and 20 entries (Matplotlib re-evaluates segmented maps)."""
    names = sorted(n for n in matplotlib.colormaps if not n.endswith("_r"))
    with open(OUT / "resampled.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "n", "index", "r", "g", "b", "a"])
        for name in [m for n in names for m in (n, n + "_r")]:
            for k in (7, 20):
                for row in rows_of(matplotlib.colormaps[name].resampled(k)):
                    w.writerow([name, k, *row])


def write_colors():
    """Color strings as Matplotlib reads them, each channel as the byte Agg paints (round half up), and
    seaborn's relative luminance of the result (on byte / 255, as the C++ side computes it)."""
    specs = ["#1f77b4", "#1F77B4", "#abc", "#ABCD", "#12345678", "#00000000", "w", "k", "b", "g", "r", "c", "m",
             "y", "white", "black", "red", "Red", "RED", "grey", "gray", "darkslategrey", "rebeccapurple",
             "tab:blue", "tab:gray", "tab:grey", "TAB:Olive", "C0", "C3", "C9", "C10", "C23", "none", "None",
             "0", "1", "0.15", "0.5", ".25", "1.0", "0.999", "5e-1", "1E-2", "0.00390625"]
    specs += sorted(mcolors.CSS4_COLORS)
    # The xkcd survey's names, a mixed-case one and the "gray" spellings Matplotlib adds for "grey".
    specs += sorted(mcolors.XKCD_COLORS) + ["xkcd:Sky Blue", "xkcd:cool gray", "XKCD:Battleship Gray"]
    with open(OUT / "colors.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["spec", "r", "g", "b", "a", "luminance"])
        for spec in specs:
            rgba = [int(v * 255.0 + 0.5) for v in mcolors.to_rgba(spec)]
            lum = seaborn.utils.relative_luminance(tuple(v / 255.0 for v in rgba[:3]))
            w.writerow([spec, *rgba, repr(float(lum))])


def write_imshow_cells():
    """Whole images through imshow (float64 data, nearest interpolation): the pixel each cell gets, which is
    where imshow's resampling round trip shows (tests map_image)."""
    rng = np.random.default_rng(7)
    boundary = [k / 256 for k in (1, 2, 85, 128, 200, 255)]
    boundary += [float(np.nextafter(b, 0)) for b in boundary] + [float(np.nextafter(b, 1)) for b in boundary]
    zeros = [float(v) for v in np.round(rng.normal(size=60), 2)] + [0.0, 0.0, -0.0, float("nan"), 0.5]
    cases = [
        ("twoslope_zeros", "RdBu_r", "TwoSlopeNorm vcenter=0", zeros),
        ("twoslope_given", "vlag", "TwoSlopeNorm vcenter=0 vmin=-2 vmax=3", zeros),
        ("boundaries_01", "viridis", "Normalize vmin=0 vmax=1", boundary + [0.0, 1.0, 0.5, -0.25, 1.25]),
        ("boundaries_data", "magma", "Normalize", boundary + [0.0, 1.0]),
        ("twilight", "twilight", "Normalize vmin=15 vmax=60", [15 + 45 * k / 17 for k in range(18)] + [float("inf")]),
        ("autoscaled", "rocket", "Normalize", [float(v) for v in rng.normal(3, 10, 80)]),
        ("log", "viridis", "LogNorm", [float(v) for v in 10 ** rng.uniform(-2, 3, 60)] + [0.0, -1.0, 1.0, 10.0, 100.0]),
        ("log_given", "mako", "LogNorm vmin=0.1 vmax=1000", [0.1, 1.0, 10.0, 100.0, 1000.0, 0.05, 2e3, 0.0, 31.6227766]),
        ("power", "cividis", "PowerNorm gamma=0.5", [float(v) for v in rng.uniform(0, 100, 60)] + [0.0, 25.0, 100.0]),
        ("symlog", "coolwarm", "SymLogNorm linthresh=1 linscale=1 base=10",
         [float(v) for v in rng.normal(0, 300, 60)] + [0.0, 1.0, -1.0, 10.0]),
        ("centered", "icefire", "CenteredNorm vcenter=0", [float(v) for v in np.round(rng.normal(size=60), 1)] + [0.0]),
        ("bins", "tab10", "BoundaryNorm boundaries=0/10/20/50/100 ncolors=10 extend=neither",
         [0.0, 9.99, 10.0, 20.0, 49.9, 50.0, 99.9, 100.0, -1.0, 101.0, float("nan")]),
        ("bins_both", "Blues", "BoundaryNorm boundaries=-1/0/1/2 ncolors=256 extend=both",
         [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, -2.0, 3.0]),
        ("outliers", "plasma", "Normalize vmin=0 vmax=1", [0.0, 0.25, 0.5, 0.75, 1.0, 1e12, -1e12, 0.3]),
        ("constant", "gray", "Normalize", [4.0, 4.0, 4.0]),
    ]
    with open(OUT / "imshow_cells.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "cmap", "norm", "value", "r", "g", "b", "a"])
        for case, cmap, spec, values in cases:
            painted, _ = imshow_colors(matplotlib.colormaps[cmap], parse_norm(spec), values)
            for v, p in zip(values, painted):
                w.writerow([case, cmap, spec, repr(float(v)), *p])


def write_norm_cases():
    """Normalized values and inverses, including norms whose limits come from the data."""
    data = [3.0, -2.5, float("nan"), 0.0, 17.25, float("inf"), 8.0, 0.5]
    specs = ["Normalize", "Normalize vmin=-10", "LogNorm", "LogNorm vmax=100", "PowerNorm gamma=1.5",
             "SymLogNorm linthresh=1 linscale=1 base=10", "SymLogNorm linthresh=2 linscale=0.25 base=2",
             "TwoSlopeNorm vcenter=1", "TwoSlopeNorm vcenter=-5", "CenteredNorm", "CenteredNorm vcenter=5",
             "CenteredNorm vcenter=1 halfrange=-3", "Normalize vmin=-1 vmax=1 clip=1", "PowerNorm gamma=0.5 vmin=1 vmax=9 clip=1",
             "LogNorm vmin=1 vmax=100 clip=1"]
    with open(OUT / "norm_cases.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["norm", "data", "vmin", "vmax", "value", "normalized", "inverse"])
        for spec in specs:
            norm = parse_norm(spec)
            masked = np.ma.masked_invalid(np.array(data))
            norm(masked)  # takes unset limits from the data (CenteredNorm sets vmin/vmax only when called)
            vmin, vmax = float(norm.vmin), float(norm.vmax)
            probe = sorted(set([vmin, vmax, (vmin + vmax) / 2, vmin - 1, vmax + 1] + [v for v in data if np.isfinite(v)]))
            for v in probe + [float("nan")]:
                u = np.ma.filled(norm(np.ma.masked_invalid(np.array([v]))).astype(float), np.nan)[0]
                inv = float(np.ma.filled(np.ma.asarray(norm.inverse(np.array([u]))).astype(float), np.nan)[0]) \
                    if np.isfinite(u) else float("nan")
                w.writerow([spec, "/".join(repr(x) for x in data), repr(vmin), repr(vmax), repr(float(v)),
                            repr(float(u)), repr(inv)])


def write_pcolormesh():
    """Each map's entries painted by Agg: one unantialiased pcolormesh cell of 4x4 pixels per entry, value
    k + 0.5 under Normalize(0, N) so that cell k takes entry k, read back at the cell's center."""
    with open(OUT / "pcolormesh.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "index", "dr", "dg", "db"])
        for name in sorted(matplotlib.colormaps):
            cmap = matplotlib.colormaps[name]
            n = cmap.N
            fig = plt.figure(figsize=(4 * n / 100, 4 / 100), dpi=100)
            ax = fig.add_axes([0, 0, 1, 1])
            ax.set_axis_off()
            ax.pcolormesh(np.arange(n)[None, :] + 0.5, cmap=cmap, norm=mcolors.Normalize(0, n))
            ax.set_xlim(0, n)
            ax.set_ylim(0, 1)
            fig.canvas.draw()
            painted = np.asarray(fig.canvas.buffer_rgba())[2, 2::4, :3].astype(int)
            plt.close(fig)
            imshow = cmap(np.arange(n), bytes=True)[:, :3].astype(int)
            assert painted.shape == imshow.shape, name
            for k in range(n):
                d = painted[k] - imshow[k]
                assert all(v in (0, 1) for v in d), (name, k, d)
                if d.any():
                    w.writerow([name, k, *map(int, d)])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_pcolormesh()
    write_from_list()
    write_colors()
    write_resampled()
    disagree = write_map_values()
    write_norm_cases()
    write_imshow_cells()
    if disagree:
        print("%d values where imshow's pixel is not to_rgba's color" % disagree, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
