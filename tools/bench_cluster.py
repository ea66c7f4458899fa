#!/usr/bin/python3
"""Times linkage of one random matrix by heatmap, scipy 1.10 and fastcluster 1.2.3, in turns, each run in a process
of its own (so that each peak memory is its own), and prints a table. tools/run_bench_cluster.sh builds heatmap's
program and calls this; by hand:

    /usr/bin/python3 tools/bench_cluster.py --bench build-bench/tools/heatmap_bench_cluster [--rows 10000]
        [--cols 20] [--repeat 3] [--methods average,complete,ward,single] [--work build-bench/cluster]

The matrix (standard normal, seed 0) is written once to WORK/matrix_ROWSxCOLS.f64 and read by every run. Each run
times the call from the rows to Z, distances included:
  heatmap      heatmap::linkage(x, rows, cols, method)        (all hardware threads for the distances)
  scipy        scipy.cluster.hierarchy.linkage(x, method)     (pdist, then the matrix algorithm)
  fastcluster  as seaborn.clustermap calls it: fastcluster.linkage_vector(x, method) for single and ward,
               fastcluster.linkage(x, method) (scipy's pdist, then fastcluster's algorithm) otherwise
  fc.linkage   fastcluster.linkage(x, method) for single and ward too, when it differs from the above
The table shows the median of the repeats, heatmap's speed-up over each, the peak resident memory of each process,
and whether each Z equals scipy's (ids and counts exactly, heights to 1e-12 relative).
"""
import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def run_python(kind, matrix, rows, cols, method, z_out):
    x = np.fromfile(matrix, dtype=np.float64).reshape(rows, cols)
    if kind == "scipy":
        from scipy.cluster import hierarchy
        start = time.perf_counter()
        z = hierarchy.linkage(x, method, metric="euclidean")
    else:
        import fastcluster
        vector = kind == "fastcluster" and method in ("single", "ward", "centroid", "median")
        start = time.perf_counter()
        z = fastcluster.linkage_vector(x, method) if vector else fastcluster.linkage(x, method)
    seconds = time.perf_counter() - start
    np.ascontiguousarray(z, dtype=np.float64).tofile(z_out)
    print(f"seconds {seconds:.6f} peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def parse(output):
    fields = output.split()
    return float(fields[fields.index("seconds") + 1]), int(fields[fields.index("peak_rss_kb") + 1])


def same_z(a, b):
    return (a.shape == b.shape and np.array_equal(a[:, [0, 1, 3]], b[:, [0, 1, 3]])
            and np.allclose(a[:, 2], b[:, 2], rtol=1e-12, atol=0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="heatmap_bench_cluster")
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--cols", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--methods", default="average,complete,ward,single")
    ap.add_argument("--work", default="build-bench/cluster")
    ap.add_argument("--json", help="also write the measurements here")
    ap.add_argument("--run", help=argparse.SUPPRESS)  # internal: one timed run of scipy or fastcluster
    ap.add_argument("--matrix", help=argparse.SUPPRESS)
    ap.add_argument("--method", help=argparse.SUPPRESS)
    ap.add_argument("--z", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.run:
        run_python(a.run, a.matrix, a.rows, a.cols, a.method, a.z)
        return

    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    matrix = work / f"matrix_{a.rows}x{a.cols}.f64"
    np.random.default_rng(0).standard_normal((a.rows, a.cols)).tofile(matrix)
    import fastcluster
    import scipy
    tools = ["heatmap", "scipy", "fastcluster", "fc.linkage"]
    results = {}
    for method in a.methods.split(","):
        kinds = tools if method in ("single", "ward") else tools[:3]
        times = {k: [] for k in kinds}
        peaks = {k: [] for k in kinds}
        zs = {}
        for repeat in range(a.repeat):
            for kind in kinds:  # in turns, so that a busy moment hits every tool alike
                z_out = work / f"z_{method}_{kind}.f64"
                if kind == "heatmap":
                    cmd = [a.bench, str(matrix), str(a.rows), str(a.cols), method, "--z", str(z_out)]
                else:
                    cmd = [sys.executable, __file__, "--run", "fastcluster" if kind == "fastcluster" else
                           ("scipy" if kind == "scipy" else "fc.linkage"), "--matrix", str(matrix),
                           "--rows", str(a.rows), "--cols", str(a.cols), "--method", method, "--z", str(z_out)]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                seconds, peak = parse(out)
                times[kind].append(seconds)
                peaks[kind].append(peak)
                zs[kind] = np.fromfile(z_out, dtype=np.float64).reshape(-1, 4)
        results[method] = {k: {"seconds": statistics.median(times[k]), "all_seconds": times[k],
                               "peak_mb": max(peaks[k]) / 1024, "same_z_as_scipy": bool(same_z(zs[k], zs["scipy"]))}
                           for k in kinds}

    print(f"linkage of a {a.rows} x {a.cols} matrix (euclidean), median of {a.repeat} runs in turns; "
          f"scipy {scipy.__version__}, fastcluster {fastcluster.__version__}")
    print()
    print("| method | heatmap | scipy | fastcluster | fc.linkage | vs scipy | vs fastcluster | peak MB heatmap / scipy "
          "/ fastcluster | Z = scipy's: heatmap, fastcluster |")
    print("|---|---|---|---|---|---|---|---|---|")
    for method, r in results.items():
        h = r["heatmap"]["seconds"]
        fc_best = min(r[k]["seconds"] for k in ("fastcluster", "fc.linkage") if k in r)
        fcl = f'{r["fc.linkage"]["seconds"]:.2f} s' if "fc.linkage" in r else "(same)"
        print(f'| {method} | {h:.2f} s | {r["scipy"]["seconds"]:.2f} s | {r["fastcluster"]["seconds"]:.2f} s | '
              f'{fcl} | {r["scipy"]["seconds"] / h:.1f}x | {fc_best / h:.1f}x | '
              f'{r["heatmap"]["peak_mb"]:.0f} / {r["scipy"]["peak_mb"]:.0f} / {r["fastcluster"]["peak_mb"]:.0f} | '
              f'{"yes" if r["heatmap"]["same_z_as_scipy"] else "NO"}, '
              f'{"yes" if r["fastcluster"]["same_z_as_scipy"] else "no"} |')
    print()
    print("vs fastcluster: against the faster of its two calls. Peak MB: the whole process (Python's own ~30 MB "
          "included for scipy and fastcluster).")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1) + "\n")
    if not all(r["heatmap"]["same_z_as_scipy"] for r in results.values()):
        sys.exit("heatmap's Z differs from scipy's")


if __name__ == "__main__":
    main()
