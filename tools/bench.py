#!/usr/bin/python3
"""Times heatmap against Matplotlib, case by case, in turns, and prints a Markdown table.

    /usr/bin/python3 tools/bench.py --bench BUILD/tools/heatmap_bench [--bench-builtin BUILD/tools/heatmap_bench_builtin]
                                    [--bench-stb BUILD/tools/heatmap_bench_stb] [--cli BUILD/heatmap]
                                    [--rounds 3] [--quick]

For each case the two sides run alternately, --rounds times each (heatmap, Matplotlib, heatmap, ...), each
turn a fresh process timing several repeats in-process (tools/bench.cpp, tools/bench_matplotlib.py), so that
the machine's drift (up to 1.5x here) falls on both. The whole-process rows time one command from start to exit
(`heatmap` against `python3` drawing the same figure, imports included); their peak memory is the whole
process's, from one more run under GNU time. Only numbers from one run compare.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
PYTHON = "/usr/bin/python3"

# case, repeats per turn (heatmap, Matplotlib), most turns: enough for a median without taking all afternoon
# (the largest cases take tens of seconds and gigabytes on either side, so they get one turn each).
CASES = [
    ("tutorial-render", 20, 5, 9),
    ("tutorial-encode", 20, 5, 9),
    ("tutorial-total", 20, 5, 9),
    ("tutorial-svg", 20, 5, 9),
    ("tutorial-pdf", 20, 5, 9),
    ("annot-10", 10, 3, 9),
    ("annot-30", 5, 2, 9),
    ("annot-100", 2, 1, 1),
    ("plain-500", 5, 2, 9),
    ("plain-2000", 3, 1, 2),
    ("plain-4000", 2, 1, 1),
    ("plain-10000", 1, 1, 1),
    ("cells-4000", 3, 0, 9),  # heatmap only: the cell pass through downsample.hpp
    ("cells-10000", 1, 0, 1),
]
QUICK = {"tutorial-render", "tutorial-encode", "tutorial-total", "tutorial-svg", "tutorial-pdf",
         "annot-10", "plain-500"}


def run_json(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def merge(results):
    ok = [r for r in results if "error" not in r]
    if not ok:
        return {"error": results[0]["error"]}
    times = [t for r in ok for t in r["times_ms"]]
    return {"times": times, "png_bytes": ok[-1]["png_bytes"], "peak_mib": max(r["peak_mib"] for r in ok),
            "backend": ok[-1].get("backend")}


def wall(cmd):
    """Wall time of one whole process, in ms."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t0) * 1e3
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(map(str, cmd)), p.stderr.decode()[-300:].strip()))
    return dt


def peak_mib(cmd):
    """A process's peak resident memory, through GNU time (Debian's `time`): a child of this Python process
    would report this process's memory too, as the kernel counts what it had before exec."""
    if not os.path.exists("/usr/bin/time"):
        return "-"
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        return round(int(out.read().split()[-1]) / 1024, 1)


def fmt_ms(times):
    med = statistics.median(times)
    digits = 1 if med < 100 else 0
    return "%.*f (%.*f-%.*f)" % (digits, med, digits, min(times), digits, max(times))


def row(name, ours, theirs):
    def side(r, key, fmt):
        return fmt(r[key]) if "error" not in r else "-"

    both = "error" not in ours and "error" not in theirs
    ratio = "%.1fx" % (statistics.median(theirs["times"]) / statistics.median(ours["times"])) if both else "-"
    return "| %s | %s | %s | %s | %s / %s | %s / %s |" % (
        name, fmt_ms(ours["times"]) if "error" not in ours else "failed: " + ours["error"],
        fmt_ms(theirs["times"]) if "error" not in theirs else theirs["error"], ratio,
        side(ours, "png_bytes", lambda b: format(b, ",")), side(theirs, "png_bytes", lambda b: format(b, ",")),
        side(ours, "peak_mib", str), side(theirs, "peak_mib", str))


def write_csv(path, n):
    """A headerless n x n CSV of the hashed matrix, 6 significant digits (the `heatmap` command's input)."""
    sys.path.insert(0, str(TOOLS))
    from bench_matplotlib import hashed

    values = hashed(n, n)
    with open(path, "w") as f:
        for line in values:
            f.write(",".join("%.6g" % v for v in line))
            f.write("\n")


def write_tutorial(folder):
    """The tutorial's data.csv and command line, as shared/reference/cases.py writes them."""
    sys.path.insert(0, str(TOOLS))
    from bench_matplotlib import TUTORIAL as t

    path = folder / "tutorial.csv"
    with open(path, "w") as f:
        f.write("," + ",".join(t["col_labels"]) + "\n")
        for label, line in zip(t["row_labels"], t["data"]):
            f.write(label + "," + ",".join(str(v) for v in line) + "\n")
    args = ["--cmap", t["cmap"], "--vmin", repr(t["vmin"]), "--vmax", repr(t["vmax"]), "--annot", "--fmt", t["fmt"],
            "--threshold", repr(t["threshold"]), "--title", t["title"], "--xlabel", t["xlabel"], "--ylabel",
            t["ylabel"], "--cbar-label", t["cbar_label"], "--figsize", "%r,%r" % t["figsize"], "--dpi", str(t["dpi"])]
    return path, args


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench", required=True, help="heatmap_bench (built in Release)")
    p.add_argument("--bench-builtin", help="heatmap_bench_builtin, for png.hpp's own deflate rows")
    p.add_argument("--bench-stb", help="heatmap_bench_stb, for the stb deflate rows")
    p.add_argument("--cli", help="the heatmap command, for the whole-process rows")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="the small cases only")
    a = p.parse_args()

    mpl = subprocess.run([PYTHON, "-c", "import matplotlib; print(matplotlib.__version__)"], capture_output=True,
                         text=True).stdout.strip()
    if not mpl:
        print("(Matplotlib not found: install Debian's python3-matplotlib for its column)")
    print("heatmap against Matplotlib %s (Python %s), %s, %d cores; %d turns each, alternating" % (
        mpl or "-", platform.python_version(), platform.machine(), os.cpu_count(), a.rounds))
    print()
    print("| case | heatmap ms, median (range) | Matplotlib ms, median (range) | ratio | PNG bytes (ours / mpl) "
          "| peak MiB (ours / mpl) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    sys.stdout.flush()
    backend = None
    for case, ours_n, theirs_n, most in CASES:
        if a.quick and case not in QUICK:
            continue
        ours, theirs = [], []
        for _ in range(min(a.rounds, most)):
            ours.append(run_json([a.bench, case, "--repeat", str(ours_n)]))
            if not theirs_n:
                theirs.append({"error": "(none)"})
            elif mpl:
                theirs.append(run_json([PYTHON, str(TOOLS / "bench_matplotlib.py"), case, "--repeat",
                                        str(theirs_n)]))
            else:
                theirs.append({"error": "(not installed)"})
        ours, theirs = merge(ours), merge(theirs)
        backend = backend or ours.get("backend")
        label = case + (" (%s)" % ours["backend"] if case.startswith("tutorial-") and "backend" in ours else "")
        print(row(label, ours, theirs))
        for other in (a.bench_builtin, a.bench_stb):
            if other and case in ("tutorial-encode", "tutorial-total"):
                alt = merge([run_json([other, case, "--repeat", str(ours_n)]) for _ in range(a.rounds)])
                if alt.get("backend") != ours.get("backend"):
                    print(row("%s (%s)" % (case, alt.get("backend")), alt, theirs))
        sys.stdout.flush()

    if a.cli and mpl:
        with tempfile.TemporaryDirectory() as tmp:
            tut_csv, args = write_tutorial(Path(tmp))
            big = Path(tmp) / "m1000.csv"
            write_csv(big, 1000)
            procs = [
                ("whole process: tutorial", [a.cli, str(tut_csv)] + args + ["-o", tmp + "/a.png"],
                 [PYTHON, str(TOOLS / "bench_matplotlib.py"), "process-tutorial", "--once", "--out", tmp + "/b.png"],
                 5),
                ("whole process: 1000x1000 CSV", [a.cli, str(big), "-o", tmp + "/c.png"],
                 [PYTHON, str(TOOLS / "bench_matplotlib.py"), "process-csv", str(big), "--once", "--out",
                  tmp + "/d.png"], 1),
            ]
            for name, ours_cmd, theirs_cmd, per_turn in procs:
                ours, theirs = [], []
                try:
                    for _ in range(a.rounds * per_turn):  # strictly in turns: ours, theirs, ours, ...
                        ours.append(wall(ours_cmd))
                        theirs.append(wall(theirs_cmd))
                    sizes = [os.path.getsize(ours_cmd[-1]), os.path.getsize(theirs_cmd[-1])]
                    print(row(name, {"times": ours, "png_bytes": sizes[0], "peak_mib": peak_mib(ours_cmd)},
                              {"times": theirs, "png_bytes": sizes[1], "peak_mib": peak_mib(theirs_cmd)}))
                except RuntimeError as e:
                    print("| %s | failed: %s | - | - | - | - |" % (name, e))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
