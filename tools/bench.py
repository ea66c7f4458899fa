#!/usr/bin/python3
"""Times heatmap against Matplotlib, case by case, in turns, and prints a Markdown table.

    /usr/bin/python3 tools/bench.py --bench BUILD/tools/heatmap_bench [--bench-builtin BUILD/tools/heatmap_bench_builtin]
                                    [--bench-stb BUILD/tools/heatmap_bench_stb] [--cli BUILD/heatmap]
                                    [--tutorial BUILD/examples/tutorial] [--rounds 3] [--quick] [--process]

For each case the two sides run alternately, --rounds times each (heatmap, Matplotlib, heatmap, ...), each
turn a fresh process timing several repeats in-process (tools/bench.cpp, tools/bench_matplotlib.py), so that
the machine's drift (up to 1.5x here) falls on both. The whole-process table (issue 18.5) times one command from
start to exit, in turns with /bin/true (a process that does nothing) and with `python3` drawing the same figure
with Matplotlib, imports included, and gives each process's page faults (wait4's rusage) and peak memory (one
more run under GNU time). Only numbers from one run compare.
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


def peak_mib(cmd, cwd=None):
    """A process's peak resident memory, through GNU time (Debian's `time`): a child of this Python process
    would report this process's memory too, as the kernel counts what it had before exec."""
    if not os.path.exists("/usr/bin/time"):
        return "-"
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, cwd=cwd)
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
    p.add_argument("--tutorial", help="the built examples/tutorial program, for its whole-process row")
    p.add_argument("--process", action="store_true", help="the whole-process rows only")
    p.add_argument("--mpl-every", type=int, default=5,
                   help="Matplotlib's whole process runs every N-th round (it takes a second)")
    p.add_argument("--tmp", help="the folder to write in (default: the system's temporary folder)")
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
        if (a.quick and case not in QUICK) or a.process:
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

    if a.cli:
        whole_process(a, mpl)


def spawn(cmd, cwd=None, stdout=subprocess.DEVNULL):
    """One whole process: wall ms from spawn to reaped, its CPU ms (user and system), and its minor and major
    page faults (from wait4's rusage, which counts the child alone, unlike getrusage(RUSAGE_CHILDREN))."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    dt = (time.perf_counter() - t0) * 1e3
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(map(str, cmd)), err[-300:].strip() or "exit %d" % p.returncode))
    return dt, (usage.ru_utime + usage.ru_stime) * 1e3, usage.ru_minflt, usage.ru_majflt


def whole_process(a, mpl):
    """Issue 18.5's table: whole processes in turns (every command once per round, the round repeated),
    against a process that does nothing (/bin/true) and against Matplotlib's `python3` drawing the same
    figure, with each process's page faults. Matplotlib takes a second a run, so it runs every
    a.mpl_every-th round. The tutorial's command writes into a folder on the disk the temporary folder is
    on, once flushing (the default: two waits for the disk's journal) and once with --no-fsync, and once
    to standard output; the built examples/tutorial program writes heatmap-create.png into its folder."""
    tmp_root = a.tmp or None
    cli = os.path.abspath(a.cli)
    tutorial = os.path.abspath(a.tutorial) if a.tutorial else None
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        tut_csv, args = write_tutorial(Path(tmp))
        big = Path(tmp) / "m1000.csv"
        write_csv(big, 1000)
        tut = [cli, str(tut_csv)] + args
        groups = [
            ("tutorial", [
                ("/bin/true", ["/bin/true"], None),
                ("heatmap tutorial.csv -o a.png", tut + ["-o", tmp + "/a.png"], None),
                ("heatmap tutorial.csv --no-fsync -o a.png", tut + ["--no-fsync", "-o", tmp + "/a2.png"], None),
                ("heatmap tutorial.csv -o - (to /dev/null)", tut + ["-o", "-"], None),
            ] + ([("examples/tutorial", [tutorial], tmp)] if tutorial else []) + ([
                ("Matplotlib (python3, imports included)",
                 [PYTHON, str(TOOLS / "bench_matplotlib.py"), "process-tutorial", "--once", "--out", tmp + "/b.png"],
                 None)] if mpl else []), a.rounds * 10),
            ("1000x1000 CSV (%.1f MB)" % (os.path.getsize(big) / 1e6), [
                ("/bin/true", ["/bin/true"], None),
                ("heatmap m1000.csv -o c.png", [cli, str(big), "-o", tmp + "/c.png"], None),
                ("heatmap m1000.csv --no-fsync -o c.png", [cli, str(big), "--no-fsync", "-o", tmp + "/c2.png"],
                 None),
            ] + ([("Matplotlib (np.loadtxt, imshow, savefig)",
                   [PYTHON, str(TOOLS / "bench_matplotlib.py"), "process-csv", str(big), "--once", "--out",
                    tmp + "/d.png"], None)] if mpl else []), a.rounds * 3),
        ]
        print()
        print("Whole processes, in turns (%s; temporary folder %s):" % (
            ", ".join("%s: %d rounds" % (g[0], g[2]) for g in groups), tmp))
        print()
        print("| process | ms, median (range) | x /bin/true | Matplotlib / this | CPU ms | minor faults "
              "| major faults | peak MiB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for title, commands, rounds in groups:
            runs = {name: [] for name, _, _ in commands}
            try:
                for r in range(rounds):
                    for name, cmd, cwd in commands:
                        if name.startswith("Matplotlib") and r % a.mpl_every != 0:
                            continue
                        runs[name].append(spawn(cmd, cwd))
            except RuntimeError as e:
                print("| %s | failed: %s | - | - | - | - | - | - |" % (title, e))
                continue
            median = {name: statistics.median(t for t, _, _, _ in v) for name, v in runs.items()}
            mpl_ms = next((m for name, m in median.items() if name.startswith("Matplotlib")), None)
            for name, cmd, cwd in commands:
                v = runs[name]
                times = [t for t, _, _, _ in v]
                cpu = statistics.median(c for _, c, _, _ in v)
                faults = statistics.median(f for _, _, f, _ in v)
                major = statistics.median(f for _, _, _, f in v)
                peak = peak_mib(cmd, cwd)
                print("| %s: %s | %s | %.1fx | %s | %.1f | %d | %d | %s |" % (
                    title, name, fmt_ms(times), median[name] / median["/bin/true"],
                    "%.0fx" % (mpl_ms / median[name]) if mpl_ms and not name.startswith("Matplotlib") else "-",
                    cpu, faults, major, peak))
            sys.stdout.flush()

if __name__ == "__main__":
    main()
