#!/usr/bin/python3
"""The benchmark's cases drawn by Matplotlib 3.6 (Debian's python3-matplotlib), timed in this process.

    /usr/bin/python3 tools/bench_matplotlib.py CASE [--repeat N] [--out FILE.png]

prints one JSON line: {"case", "times_ms": [one per repeat], "png_bytes", "peak_mib"}. tools/bench.py runs this
and tools/bench.cpp (heatmap_bench) in turns and prints the table; run_bench.sh does it all.

Every figure is drawn as tools/bench.cpp draws it with heatmap::Heatmap, following
shared/reference/cases.py (imshow + colorbar + one text per cell, constrained layout, savefig at the dpi):
  tutorial-render  the tutorial figure built and drawn to pixels (Agg), not encoded
  tutorial-encode  those pixels encoded as PNG, as savefig does (Pillow, zlib level 6)
  tutorial-total   built, drawn and encoded: savefig to memory
  tutorial-svg     built and saved as SVG to memory (savefig format="svg"; png_bytes: its size)
  tutorial-pdf     built and saved as PDF to memory
  annot-N          an N x N integer matrix, each cell annotated with "d", labels 0..N-1 (N = 10, 30, 100)
  plain-M          an M x M float matrix, no annotation, default ticks, 8x6 in at 100 dpi (M = 500 ... 10000)
  labels-N         an N x 3 float matrix with N row labels "row0".., every one set as a tick (set_yticks)
  process-tutorial / process-csv FILE  (with --once) what one whole `python3` run does, for whole-process timing
Matrices come from a splitmix64 hash of the cell index, the same in bench.cpp, so both draw the same data.
peak_mib: the process's peak resident memory minus its resident memory before the matrix was made.
"""
import argparse
import io
import json
import sys
import time


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def hashed(rows, cols):
    """splitmix64 of each cell's row-major index, as a float in [0, 1): made a block of rows at a time."""
    import numpy as np

    out = np.empty((rows, cols), dtype=np.float64)
    step = max(1, (1 << 22) // cols)
    with np.errstate(over="ignore"):
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            x = np.arange(r0 * cols, r1 * cols, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
            x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            x ^= x >> np.uint64(31)
            out[r0:r1] = ((x >> np.uint64(11)).astype(np.float64) * 2.0**-53).reshape(r1 - r0, cols)
    return out


TUTORIAL = dict(
    data=[[42, 35, 29, 21, 18], [55, 48, 40, 32, 24], [38, 44, 51, 46, 39], [26, 31, 37, 43, 49]],
    row_labels=["Platform", "Security", "Billing", "Support"], col_labels=["Mon", "Tue", "Wed", "Thu", "Fri"],
    cmap="magma", vmin=15.0, vmax=60.0, fmt="d", threshold=0.45, title="Open support tickets by team",
    xlabel="Day", ylabel="Team", cbar_label="Open tickets", figsize=(6.6, 4.2), dpi=160)


def luminance(rgba):
    import numpy as np

    rgb = np.asarray(rgba[:3], dtype=float)
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def figure(values, cmap="viridis", vmin=None, vmax=None, fmt=None, threshold=None, row_labels=None,
           col_labels=None, title=None, xlabel=None, ylabel=None, cbar_label="", figsize=(6.4, 4.8), dpi=100,
           ticks=True):
    """cases.py's drawing path: the figure the `heatmap` command and Heatmap<T> draw."""
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt
    import numpy as np

    nrows, ncols = values.shape
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi, layout="constrained")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=mcolors.Normalize(vmin, vmax))
    if title:
        ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if ticks:
        ax.set_xticks(range(ncols), col_labels or [str(i) for i in range(ncols)])
        ax.set_yticks(range(nrows), row_labels or [str(i) for i in range(nrows)])
    fig.colorbar(image, ax=ax, label=cbar_label)
    if fmt:
        for r in range(nrows):
            for c in range(ncols):
                v = values[r, c]
                if np.isnan(v):
                    continue
                if threshold is not None:
                    color = "white" if image.norm(v) < threshold else "black"
                else:
                    color = "black" if luminance(image.cmap(image.norm(v))) > 0.408 else "white"
                label = format(int(v), fmt) if fmt.endswith("d") else format(v, fmt)
                ax.text(c, r, label, ha="center", va="center", color=color)
    return fig


def tutorial_figure():
    import numpy as np

    t = dict(TUTORIAL)
    return figure(np.array(t.pop("data"), dtype=float), **t)


def encode(fig):
    """What savefig does after drawing: the canvas's RGBA buffer through Pillow as PNG."""
    import matplotlib.image

    bio = io.BytesIO()
    matplotlib.image.imsave(bio, fig.canvas.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi)
    return bio.getvalue()


def save(fig):
    bio = io.BytesIO()
    fig.savefig(bio, format="png")
    return bio.getvalue()


def read_csv(path):
    """The `heatmap` command's input without labels: a plain matrix of numbers."""
    try:
        import pandas

        return pandas.read_csv(path, header=None).to_numpy(dtype=float)
    except ImportError:
        import numpy as np

        return np.loadtxt(path, delimiter=",", ndmin=2)


def run(case, repeat, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    baseline = rss_kib("VmRSS")
    times, png = [], b""
    if case in ("tutorial-render", "tutorial-total", "tutorial-encode"):
        make = None
        for _ in range(repeat + 1):  # the first round warms caches (fonts, colormaps) and is not counted
            t0 = time.perf_counter()
            if case == "tutorial-encode":
                if make is None:
                    make = tutorial_figure()
                    make.canvas.draw()
                    t0 = time.perf_counter()
                png = encode(make)
            else:
                fig = tutorial_figure()
                if case == "tutorial-render":
                    fig.canvas.draw()
                else:
                    png = save(fig)
                plt.close(fig)
            times.append((time.perf_counter() - t0) * 1e3)
        if case == "tutorial-render":
            fig = tutorial_figure()
            png = save(fig)
            plt.close(fig)
        times = times[1:]
    elif case in ("tutorial-svg", "tutorial-pdf"):
        fmt = case.split("-")[1]
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            fig = tutorial_figure()
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=fig.dpi)
            png = buf.getvalue()
            plt.close(fig)
            times.append((time.perf_counter() - t0) * 1e3)
        times = times[1:]
    elif case.startswith("annot-") or case.startswith("plain-"):
        n = int(case.split("-")[1])
        annotated = case.startswith("annot-")
        values = np.floor(hashed(n, n) * 100) if annotated else hashed(n, n)
        for _ in range(repeat):
            t0 = time.perf_counter()
            if annotated:
                fig = figure(values, fmt="d")
            else:
                fig = figure(values, figsize=(8, 6), dpi=100, ticks=False)
            png = save(fig)
            plt.close(fig)
            times.append((time.perf_counter() - t0) * 1e3)
    elif case.startswith("labels-"):
        n = int(case.split("-")[1])
        values = hashed(n, 3)
        labels = ["row%d" % i for i in range(n)]
        for _ in range(repeat):
            t0 = time.perf_counter()
            fig = figure(values, row_labels=labels)
            png = save(fig)
            plt.close(fig)
            times.append((time.perf_counter() - t0) * 1e3)
    else:
        raise SystemExit("unknown case %r: see the list at the top of %s" % (case, sys.argv[0]))
    if out:
        with open(out, "wb") as f:
            f.write(png)
    peak = rss_kib("VmHWM") - baseline
    return dict(case=case, times_ms=times, png_bytes=len(png), peak_mib=round(peak / 1024, 1))


def once(case, path, out):
    """One whole-process run, imports included: what `python3 script.py` costs a user."""
    import matplotlib

    matplotlib.use("Agg")
    if case == "process-tutorial":
        fig = tutorial_figure()
    else:
        fig = figure(read_csv(path))
    fig.savefig(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("case")
    p.add_argument("csv", nargs="?")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out")
    p.add_argument("--once", action="store_true")
    a = p.parse_args()
    if a.once:
        once(a.case, a.csv, a.out or "/dev/null")
        return
    print(json.dumps(run(a.case, a.repeat, a.out)))


if __name__ == "__main__":
    main()
