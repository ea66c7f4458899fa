#!/usr/bin/python3
"""Times the streaming path (issue 18) against reading the file once, and prints a Markdown table.

    /usr/bin/python3 tools/bench_stream.py --bench BUILD/tools/heatmap_bench_stream
                                           [--heatmap BUILD/heatmap] [--dir FOLDER] [--rounds 5]
                                           [--matplotlib] [--keep]

It writes a 10000x10000 float64 .npy (800 MB) with heatmap_bench_stream make, reads it once so
that it is in the page cache, then runs, strictly in turns, `cat FILE > /dev/null` and
`heatmap_bench_stream reduce FILE` (open, reduce to the tutorial figure's axes, colour, encode the
PNG: the whole process) on every core and on one, and reports the medians, the ratio to cat, the
speed-up from threads and each process's peak resident memory (GNU time). With --heatmap, the
command itself in the same turns: `heatmap FILE -o big.png` (open, sample, lay out, stream and
reduce, draw the whole figure, write the PNG) on every core and on one. Then a .npy four times
larger than a `ulimit -v` limit (2 GiB under 512 MiB) drawn with and without the limit: peak
memory, and whether the PNGs are the same bytes (the command's too, with --heatmap). With --heatmap,
also a CSV four times that limit (15500x15500, 2.2 GB, pandas' layout) drawn by the command with and
without the limit (streamed in two passes: its shape, labels and range, then its values), and the
1000x1000 CSV read whole against --stream. With --matplotlib, Matplotlib draws the 800 MB
matrix once (np.load, imshow, savefig) for its time and memory. The files are deleted at the end
(unless --keep). Only numbers from one run compare; the machine should be otherwise idle.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = "/usr/bin/python3"
LIMIT_KIB = 512 * 1024  # the ulimit -v of the last case; its file is four times larger


def wall(cmd, keep_output=True):
    """Wall time of one whole process in ms, and what it printed (stdout to /dev/null if not kept)."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t0) * 1e3
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(map(str, cmd)), p.stderr.decode()[-300:].strip()))
    return dt, p.stdout.decode() if keep_output else ""


def peak_mib(cmd, shell_prefix=""):
    """Peak resident memory of one whole process, through GNU time."""
    with tempfile.NamedTemporaryFile("r") as out:
        line = "%s exec /usr/bin/time -f %%M -o %s %s > /dev/null" % (
            shell_prefix, out.name, " ".join("'%s'" % c for c in cmd))
        subprocess.run(["bash", "-c", line], check=True)
        return int(out.read().split()[-1]) / 1024


def fmt(times):
    return "%.0f (%.0f-%.0f)" % (statistics.median(times), min(times), max(times))


def csv_section(bench, command, folder, limit, rounds):
    """A CSV larger than the memory limit, and what streaming costs a CSV that fits."""
    csv = folder / "m15500.csv"
    if not csv.exists():
        subprocess.run([bench, "make-csv", str(csv), "15500", "15500"], check=True)
    size = csv.stat().st_size
    subprocess.run(["cat", str(csv)], stdout=subprocess.DEVNULL, check=True)
    free_png, lim_png = folder / "csv.png", folder / "csv-limited.png"
    cat = wall(["cat", str(csv)], keep_output=False)[0]
    t = wall([command, str(csv), "-o", str(free_png)], keep_output=False)[0]
    run = subprocess.run(["bash", "-c", "%s exec '%s' '%s' -o '%s'" % (limit, command, csv, lim_png)],
                         capture_output=True, text=True)
    print()
    print("| 15500x15500 CSV (%.2f GiB), `heatmap FILE -o csv.png` | ms | MB/s (both passes) | peak MiB | PNG |"
          % (size / 2**30))
    print("| --- | ---: | ---: | ---: | --- |")
    print("| `cat FILE > /dev/null` | %.0f | %.0f | %.1f | - |" % (cat, size / cat / 1e3, peak_mib(["cat", str(csv)])))
    print("| no limit | %.0f | %.0f | %.1f | - |" % (t, 2 * size / t / 1e3,
                                                     peak_mib([command, str(csv), "-o", str(free_png)])))
    if run.returncode != 0:
        print("| `ulimit -v %d` (file %.1fx the limit) | failed: %s | - | - | - |" % (
            LIMIT_KIB, size / (LIMIT_KIB * 1024), run.stderr.strip()[-200:]))
    else:
        same = "same bytes as without" if free_png.read_bytes() == lim_png.read_bytes() else "DIFFERENT"
        print("| `ulimit -v %d` (file %.1fx the limit) | - | - | %.1f | %s |" % (
            LIMIT_KIB, size / (LIMIT_KIB * 1024),
            peak_mib([command, str(csv), "-o", str(lim_png)], limit), same))
    sys.stdout.flush()
    # The 1000x1000 CSV of tools/bench.py (9 MB): read whole (one parse) against --stream (two).
    small = folder / "m1000.csv"
    subprocess.run([bench, "make-csv", str(small), "1000", "1000"], check=True)
    png = folder / "c.png"
    whole, streamed = [], []
    for _ in range(rounds):
        whole.append(wall([command, str(small), "--no-fsync", "-o", str(png)], keep_output=False)[0])
        streamed.append(wall([command, str(small), "--stream", "--no-fsync", "-o", str(png)],
                             keep_output=False)[0])
    print()
    print("| 1000x1000 CSV (%.1f MB) | ms, median (range) | peak MiB |" % (small.stat().st_size / 1e6))
    print("| --- | ---: | ---: |")
    print("| read whole (under 64 MiB: the default) | %s | %.1f |" % (
        fmt(whole), peak_mib([command, str(small), "--no-fsync", "-o", str(png)])))
    print("| `--stream` (two passes) | %s | %.1f |" % (
        fmt(streamed), peak_mib([command, str(small), "--stream", "--no-fsync", "-o", str(png)])))
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench", required=True, help="heatmap_bench_stream (built in Release)")
    p.add_argument("--heatmap", help="the heatmap command (built in Release), timed as a whole process")
    p.add_argument("--dir", help="where to write the big files (default: a folder beside --bench)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--matplotlib", action="store_true", help="also time Matplotlib on the 800 MB file")
    p.add_argument("--keep", action="store_true", help="keep the big files")
    a = p.parse_args()
    bench = str(Path(a.bench).resolve())
    command = str(Path(a.heatmap).resolve()) if a.heatmap else None
    folder = Path(a.dir) if a.dir else Path(bench).parent / "stream-data"
    folder.mkdir(parents=True, exist_ok=True)
    big, huge = folder / "m10000.npy", folder / "m16384.npy"
    try:
        print("heatmap streaming against `cat FILE > /dev/null`, %s, %d cores, %d turns each, alternating; "
              "load average %.2f at the start" % (platform.machine(), os.cpu_count(), a.rounds,
                                                  os.getloadavg()[0]))
        print()
        if not big.exists():
            subprocess.run([bench, "make", str(big), "10000", "10000"], check=True)
        subprocess.run(["cat", str(big)], stdout=subprocess.DEVNULL, check=True)  # into the page cache
        cat, all_cores, one_core, info = [], [], [], None
        cmd_all, cmd_one = [], []
        png = folder / "big.png"
        def cmd(threads):
            return [command, str(big), "--threads", threads, "-o", str(png)]
        for _ in range(a.rounds):  # strictly in turns: cat, ours on every core, ours on one
            cat.append(wall(["cat", str(big)], keep_output=False)[0])
            t, out = wall([bench, "reduce", str(big), "--threads", "0"])
            all_cores.append(t)
            info = json.loads(out.strip().splitlines()[-1])
            one_core.append(wall([bench, "reduce", str(big), "--threads", "1"], keep_output=False)[0])
            if command:
                cmd_all.append(wall(cmd(str(os.cpu_count())), keep_output=False)[0])
                cmd_one.append(wall(cmd("1"), keep_output=False)[0])
        print("| 10000x10000 float64 .npy (800 MB) | ms, median (range) | vs cat | peak MiB |")
        print("| --- | ---: | ---: | ---: |")
        print("| `cat FILE > /dev/null` | %s | 1.0x | %.1f |" % (fmt(cat), peak_mib(["cat", str(big)])))
        for name, times, threads in [("heatmap, every core (%d)" % info["threads"], all_cores, "0"),
                                     ("heatmap, one core", one_core, "1")]:
            print("| %s: read, reduce, colour, PNG | %s | %.2fx | %.1f |" % (
                name, fmt(times), statistics.median(times) / statistics.median(cat),
                peak_mib([bench, "reduce", str(big), "--threads", threads])))
        if command:
            for name, times, threads in [("`heatmap FILE -o big.png`, every core (%d)" % os.cpu_count(),
                                          cmd_all, str(os.cpu_count())),
                                         ("`heatmap FILE -o big.png --threads 1`", cmd_one, "1")]:
                print("| %s | %s | %.2fx | %.1f |" % (
                    name, fmt(times), statistics.median(times) / statistics.median(cat),
                    peak_mib(cmd(threads))))
        print()
        if command:
            print("The command: %.2fx faster on %d cores than on one (medians)." % (
                statistics.median(cmd_one) / statistics.median(cmd_all), os.cpu_count()))
        print("Threads: %.2fx faster on %d cores than on one (whole process, medians). PNG %s bytes; "
              "last run's steps (ms): %s" % (statistics.median(one_core) / statistics.median(all_cores),
                                              info["threads"], format(info["png_bytes"], ","),
                                              ", ".join("%s %.1f" % kv for kv in info["ms"].items())))
        sys.stdout.flush()

        if a.matplotlib:
            script = ("import sys, numpy as np, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt;"
                      "a = np.load(sys.argv[1]); f = plt.figure(figsize=(6.6, 4.2), dpi=160);"
                      "plt.imshow(a, cmap='viridis', aspect='auto'); f.savefig(sys.argv[2])")
            out = folder / "mpl.png"
            t, _ = wall([PYTHON, "-c", script, str(big), str(out)])
            mib = peak_mib([PYTHON, "-c", script, str(big), str(out)])
            print()
            print("Matplotlib (np.load, imshow, savefig; one run): %.0f ms, peak %.0f MiB: %.0fx our time on "
                  "every core" % (t, mib, t / statistics.median(all_cores)))
            sys.stdout.flush()

        # Four times the memory limit.
        if not huge.exists():
            subprocess.run([bench, "make", str(huge), "16384", "16384"], check=True)
        size = huge.stat().st_size
        free = wall([bench, "reduce", str(huge)])[1]
        limit = "ulimit -v %d;" % LIMIT_KIB
        limited = subprocess.run(["bash", "-c", "%s exec '%s' reduce '%s'" % (limit, bench, huge)],
                                 capture_output=True, text=True)
        print()
        print("| 16384x16384 float64 .npy (%.2f GiB) | peak MiB | PNG FNV-1a |" % (size / 2**30))
        print("| --- | ---: | --- |")
        free_info = json.loads(free.strip().splitlines()[-1])
        print("| no limit | %.1f | %s |" % (peak_mib([bench, "reduce", str(huge)]), free_info["png_fnv"]))
        if limited.returncode != 0:
            print("| `ulimit -v %d` (%.2f GiB, file %.1fx) | failed: %s | - |" % (
                LIMIT_KIB, LIMIT_KIB / 2**20, size / (LIMIT_KIB * 1024), limited.stderr.strip()[-200:]))
        else:
            lim_info = json.loads(limited.stdout.strip().splitlines()[-1])
            same = "same bytes" if lim_info["png_fnv"] == free_info["png_fnv"] else "DIFFERENT"
            print("| `ulimit -v %d` (%.2f GiB, file %.1fx the limit) | %.1f | %s (%s) |" % (
                LIMIT_KIB, LIMIT_KIB / 2**20, size / (LIMIT_KIB * 1024),
                peak_mib([bench, "reduce", str(huge)], limit), lim_info["png_fnv"], same))
        if command:
            free_png, lim_png = folder / "huge.png", folder / "huge-limited.png"
            subprocess.run([command, str(huge), "-o", str(free_png)], check=True)
            run = subprocess.run(["bash", "-c", "%s exec '%s' '%s' -o '%s'" % (limit, command, huge, lim_png)],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print("| `heatmap FILE -o huge.png` under `ulimit -v %d` | failed: %s | - |" % (
                    LIMIT_KIB, run.stderr.strip()[-200:]))
            else:
                same = "same bytes" if free_png.read_bytes() == lim_png.read_bytes() else "DIFFERENT"
                print("| `heatmap FILE -o huge.png`, no limit | %.1f | - |" % peak_mib(
                    [command, str(huge), "-o", str(free_png)]))
                print("| `heatmap FILE -o huge.png` under `ulimit -v %d` | %.1f | %s as without |" % (
                    LIMIT_KIB, peak_mib([command, str(huge), "-o", str(lim_png)], limit), same))
        if command:
            csv_section(bench, command, folder, limit, a.rounds)
    finally:
        if not a.keep:
            for f in (big, huge, folder / "mpl.png", folder / "big.png", folder / "huge.png",
                      folder / "huge-limited.png", folder / "m15500.csv", folder / "m1000.csv",
                      folder / "csv.png", folder / "csv-limited.png", folder / "c.png"):
                if f.exists():
                    f.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()


if __name__ == "__main__":
    main()
