#!/usr/bin/python3
"""Writes tests/data/cluster/: scipy 1.10's and seaborn 0.12's clustering, for tests/test_cluster.cpp.

    /usr/bin/python3 tools/make_cluster_refs.py tests/data/cluster

Run it with Debian's /usr/bin/python3 (python3-scipy 1.10, python3-seaborn 0.12, python3-pandas, python3-sklearn,
python3-fastcluster) and r-base-core's Rscript. It copies the real datasets in their original files and writes:

  iris.csv, wine_data.csv, breast_cancer.csv   scikit-learn's bundled copies (python3-sklearn), as shipped
  mtcars.csv, USArrests.csv                    R's datasets, exported with Rscript's write.csv
  inputs.json     the matrices the next three files cluster, by name
  pdist.json      scipy.spatial.distance.pdist of small matrices, every metric (Minkowski at several p)
  linkage.json    scipy.cluster.hierarchy.linkage: Z, leaves_list, and the optimal ordering's Z, for random,
                  tied (small integers), one-column and real data, every method with every metric it allows
  dendrogram.json scipy's dendrogram(no_plot=True) leaves, icoord and dcoord for some of those trees
  seaborn.json    seaborn.clustermap's data2d, linkages, reordered indices and dendrogram lines (seaborn reads
                  icoord/dcoord as independent/dependent coordinates), with fastcluster hidden so that seaborn
                  clusters with scipy, as the issue asks
  scaling.json    seaborn's ClusterGrid.z_score / standard_scale on DataFrames built from matrices (NaN and
                  constant rows included)
  fastcluster.json  the cases where fastcluster 1.2.3 (fastcluster.linkage, and linkage_vector where seaborn
                  calls it) returns another Z than scipy (linkage.json has scipy's): ties broken another way
                  ("same_tree": false), or heights beyond 1e-12 where linkage_vector measures its own way.

An input (in inputs.json, or in place) is either inline ({"rows", "cols", "data"}) or a file ({"file", "skip_rows", "skip_cols", "cols"}: skip
that many lines and leading fields, read `cols` numbers per line); "transpose": true clusters the columns.
Numbers are Python's repr (shortest round trip), so strtod reads back the exact doubles; NaN is written NaN.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.modules["fastcluster"] = None  # seaborn clusters with scipy when fastcluster cannot be imported
import numpy as np
import pandas as pd
import scipy
import seaborn
import seaborn.matrix
from scipy.cluster import hierarchy
from scipy.spatial.distance import pdist

assert scipy.__version__.startswith("1.10"), scipy.__version__
assert seaborn.__version__.startswith("0.12"), seaborn.__version__

METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "minkowski", "cosine", "correlation",
           "canberra", "braycurtis"]
METHODS = ["single", "complete", "average", "weighted", "centroid", "median", "ward"]
EUCLIDEAN_ONLY = {"centroid", "median", "ward"}
SKLEARN = Path("/usr/lib/python3/dist-packages/sklearn/datasets/data")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def z_rows(z):
    return [[int(r[0]), int(r[1]), float(r[2]), int(r[3])] for r in z]


def inline(x):
    x = np.asarray(x, dtype=float)
    return {"rows": x.shape[0], "cols": x.shape[1], "data": floats(x)}


def load(spec, out):
    """The matrix an input spec names, read as the C++ test reads it."""
    if "data" in spec:
        x = np.array(spec["data"], dtype=float).reshape(spec["rows"], spec["cols"])
    else:
        lines = (out / spec["file"]).read_text().splitlines()[spec["skip_rows"]:]
        x = np.array([[float(f) for f in line.split(",")[spec["skip_cols"]:spec["skip_cols"] + spec["cols"]]]
                      for line in lines if line.strip()])
    return x.T.copy() if spec.get("transpose") else x


def copy_datasets(out):
    for name in ["iris.csv", "wine_data.csv", "breast_cancer.csv"]:
        shutil.copyfile(SKLEARN / name, out / name)
    for name in ["mtcars", "USArrests"]:
        subprocess.run(["Rscript", "-e", f'write.csv({name}, "{out / (name + ".csv")}")'], check=True)


def datasets():
    """Real inputs: (name, spec) with the spec's file read as shipped."""
    return [
        ("iris", {"file": "iris.csv", "skip_rows": 1, "skip_cols": 0, "cols": 4}),
        ("wine", {"file": "wine_data.csv", "skip_rows": 1, "skip_cols": 0, "cols": 13}),
        ("breast_cancer", {"file": "breast_cancer.csv", "skip_rows": 1, "skip_cols": 0, "cols": 30}),
        ("mtcars", {"file": "mtcars.csv", "skip_rows": 1, "skip_cols": 1, "cols": 11}),
        ("USArrests", {"file": "USArrests.csv", "skip_rows": 1, "skip_cols": 1, "cols": 4}),
    ]


def random_inputs():
    rng = np.random.default_rng(20261126)
    return [
        ("normal_2x1", inline(rng.standard_normal((2, 1)))),
        ("normal_3x2", inline(rng.standard_normal((3, 2)))),
        ("normal_7x3", inline(rng.standard_normal((7, 3)))),
        ("normal_30x5", inline(rng.standard_normal((30, 5)))),
        ("scaled_120x8", inline(rng.standard_normal((120, 8)) * rng.uniform(0.01, 100, (120, 1)))),
        ("uniform_60x2", inline(rng.uniform(-1, 1, (60, 2)))),
        ("column_25x1", inline(rng.standard_normal((25, 1)))),
        ("ties_40x4", inline(rng.integers(0, 4, (40, 4)))),
        ("ties_200x3", inline(rng.integers(0, 3, (200, 3)))),
        ("ties_positive_50x5", inline(rng.integers(1, 4, (50, 5)))),
    ]


def scipy_linkage(x, method, metric, p, optimal=False):
    """scipy's linkage as a user calls it: from observations, with p through pdist."""
    y = pdist(x, metric, p=p) if metric == "minkowski" else pdist(x, metric)
    if not np.all(np.isfinite(y)):
        return None, y
    return hierarchy.linkage(y, method, optimal_ordering=optimal), y


def make_pdist():
    rng = np.random.default_rng(7)
    shapes = [(2, 1), (3, 2), (5, 3), (9, 7), (12, 16), (17, 33), (6, 1)]
    cases = []
    for rows, cols in shapes:
        for kind in ["normal", "integers", "signed"]:
            if kind == "normal":
                x = rng.standard_normal((rows, cols)) * rng.uniform(0.1, 10, (rows, 1))
            elif kind == "integers":
                x = rng.integers(0, 3, (rows, cols)).astype(float)
            else:
                x = rng.integers(-2, 3, (rows, cols)).astype(float)
            for metric in METRICS:
                for p in ([0.5, 1.0, 1.5, 2.0, 3.0, float("inf")] if metric == "minkowski" else [2.0]):
                    y = pdist(x, metric, p=p) if metric == "minkowski" else pdist(x, metric)
                    case = {"name": f"{kind}_{rows}x{cols}", "input": inline(x), "metric": metric, "p": p}
                    if np.all(np.isfinite(y)):
                        case["y"] = floats(y)
                    else:
                        case["not_finite"] = True  # scipy returns NaN; heatmap refuses the rows
                    cases.append(case)
    return cases


def tree_record(z, with_lines):
    d = hierarchy.dendrogram(z, no_plot=True, color_threshold=-np.inf)
    assert list(d["leaves"]) == [int(v) for v in hierarchy.leaves_list(z)]
    record = {"Z": z_rows(z), "leaves": [int(v) for v in d["leaves"]]}
    if with_lines:
        record["icoord"] = [floats(line) for line in d["icoord"]]
        record["dcoord"] = [floats(line) for line in d["dcoord"]]
    return record


def make_linkage(out, fastcluster_module):
    cases, lines, fc_diffs = [], [], []
    inputs = random_inputs() + datasets()
    inputs += [(name + "_columns", dict(spec, transpose=True)) for name, spec in datasets()
               if name in ("wine", "mtcars", "breast_cancer")]
    for name, spec in inputs:
        x = load(spec, out)
        n = x.shape[0]
        real = "file" in spec
        for method in METHODS:
            metrics = ["euclidean"] if method in EUCLIDEAN_ONLY else METRICS
            if real and method not in EUCLIDEAN_ONLY and n > 200:
                metrics = ["euclidean", "correlation"]
            for metric in metrics:
                p = 3.0 if metric == "minkowski" else 2.0
                z, y = scipy_linkage(x, method, metric, p)
                case = {"input": name, "method": method, "metric": metric, "p": p}
                if z is None:
                    case["not_finite"] = True
                    cases.append(case)
                    continue
                case.update(tree_record(z, with_lines=False))
                if n <= 60 or (n <= 200 and method in ("average", "complete") and
                                metric in ("euclidean", "cityblock")):
                    zo = hierarchy.optimal_leaf_ordering(z, y)
                    case["Z_optimal"] = z_rows(zo)
                    case["leaves_optimal"] = [int(v) for v in hierarchy.leaves_list(zo)]
                cases.append(case)
                if metric in ("euclidean", "cityblock") and method in (
                        "average", "complete", "single", "ward", "centroid"):
                    if name in ("normal_30x5", "ties_40x4", "iris", "mtcars_columns"):
                        lines.append(dict({"input": name, "method": method, "metric": metric, "p": p},
                                          **tree_record(z, with_lines=True)))
                # fastcluster on the same distances, as seaborn calls it.
                zf = fastcluster_module.linkage(y, method=method)
                calls = [("linkage", zf)]
                if metric == "euclidean" and method in ("single", "ward", "centroid", "median"):
                    calls.append(("linkage_vector", fastcluster_module.linkage_vector(x, method=method)))
                elif method == "single":
                    # seaborn's path for single linkage with any metric
                    fc_metric = "chebychev" if metric == "chebyshev" else metric
                    extra = {"extraarg": p} if metric == "minkowski" else {}
                    calls.append(("linkage_vector", fastcluster_module.linkage_vector(
                        x, method=method, metric=fc_metric, **extra)))
                for function, zc in calls:
                    same_tree = np.array_equal(zc[:, [0, 1, 3]], z[:, [0, 1, 3]])
                    close = np.allclose(zc[:, 2], z[:, 2], rtol=1e-12, atol=0)
                    if not (same_tree and close):
                        differ = np.flatnonzero(np.any(zc[:, [0, 1, 3]] != z[:, [0, 1, 3]], axis=1) |
                                                ~np.isclose(zc[:, 2], z[:, 2], rtol=1e-12, atol=0))
                        fc_diffs.append({"input": name, "method": method, "metric": metric,
                                         "p": p, "function": f"fastcluster.{function}",
                                         "same_tree": bool(same_tree), "first_difference": int(differ[0]),
                                         "fastcluster_Z": z_rows(zc)})
    return dict(inputs), cases, lines, fc_diffs


def make_seaborn(out):
    """clustermap as a user calls it on a DataFrame made from the matrix."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rng = np.random.default_rng(11)
    mats = dict((name, spec) for name, spec in datasets())
    cases = [
        ("iris", mats["iris"], dict(method="average", metric="euclidean")),
        ("iris", mats["iris"], dict(method="ward", metric="euclidean", z_score=1)),
        ("mtcars", mats["mtcars"], dict(method="average", metric="correlation", z_score=1)),
        ("mtcars", mats["mtcars"], dict(method="complete", metric="euclidean", standard_scale=1)),
        ("mtcars", mats["mtcars"], dict(method="single", metric="cityblock", z_score=0)),
        ("USArrests", mats["USArrests"], dict(method="weighted", metric="euclidean", standard_scale=0)),
        ("USArrests", mats["USArrests"], dict(method="centroid", metric="euclidean", row_cluster=False)),
        ("wine", mats["wine"], dict(method="median", metric="euclidean", z_score=1, col_cluster=False)),
        ("ties_30x6", inline(rng.integers(0, 3, (30, 6))), dict(method="average", metric="cityblock")),
        ("normal_40x12", inline(rng.standard_normal((40, 12))), dict(method="ward", metric="euclidean",
                                                                     z_score=0)),
    ]
    records = []
    for name, spec, kwargs in cases:
        x = load(spec, out)
        grid = seaborn.clustermap(pd.DataFrame(x), **kwargs)
        record = {"name": name, "input": spec, "method": kwargs["method"], "metric": kwargs["metric"],
                  "z_score": kwargs.get("z_score"), "standard_scale": kwargs.get("standard_scale"),
                  # clustermap reorders data2d as drawn; its labels (0..n-1) give back the input's order
                  "data2d": floats(grid.data2d.sort_index(axis=0).sort_index(axis=1).values),
                  "data2d_drawn": floats(grid.data2d.values)}
        for axis, dendrogram in (("row", grid.dendrogram_row), ("col", grid.dendrogram_col)):
            if dendrogram is None:
                record[axis] = None
                continue
            record[axis] = {"Z": z_rows(dendrogram.linkage), "reordered_ind": [int(v) for v in
                                                                                dendrogram.reordered_ind],
                            "independent_coord": [floats(v) for v in dendrogram.independent_coord],
                            "dependent_coord": [floats(v) for v in dendrogram.dependent_coord]}
        plt.close(grid.fig)
        records.append(record)
    return records


def make_scaling(out):
    rng = np.random.default_rng(5)
    mats = []
    a = rng.standard_normal((13, 300)) * 3 + 1
    mats.append(("wide_13x300", a))
    mats.append(("tall_300x7", rng.standard_normal((300, 7)) * 1e3 - 5))
    b = rng.standard_normal((20, 140))
    b[rng.random(b.shape) < 0.1] = np.nan
    mats.append(("missing_20x140", b))
    c = rng.integers(0, 5, (9, 6)).astype(float)
    c[2, :] = 4.0  # constant row
    c[:, 3] = 1.5  # constant column
    c[5, 1] = np.nan
    mats.append(("constant_9x6", c))
    mats.append(("single_row_1x5", rng.standard_normal((1, 5))))
    mats.append(("single_column_6x1", rng.standard_normal((6, 1))))
    d = rng.standard_normal((4, 4))
    d[1, :] = np.nan
    mats.append(("missing_row_4x4", d))
    records = []
    for name, x in mats:
        df = pd.DataFrame(x)
        record = {"name": name, "input": inline(x)}
        for axis in (0, 1):
            record[f"z_score_{axis}"] = floats(seaborn.matrix.ClusterGrid.z_score(df, axis).values)
            record[f"standard_scale_{axis}"] = floats(seaborn.matrix.ClusterGrid.standard_scale(df, axis).values)
        records.append(record)
    for name, spec in datasets():
        if name in ("wine", "breast_cancer"):
            continue
        x = load(spec, out)
        record = {"name": name, "input": spec}
        for axis in (0, 1):
            record[f"z_score_{axis}"] = floats(seaborn.matrix.ClusterGrid.z_score(pd.DataFrame(x), axis).values)
            record[f"standard_scale_{axis}"] = floats(
                seaborn.matrix.ClusterGrid.standard_scale(pd.DataFrame(x), axis).values)
        records.append(record)
    return records


def write(path, value):
    path.write_text(json.dumps(value, separators=(",", ":")) + "\n")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/cluster")
    out.mkdir(parents=True, exist_ok=True)
    copy_datasets(out)
    # fastcluster is hidden from seaborn; import it under another name for the comparison.
    del sys.modules["fastcluster"]
    import fastcluster as fc
    sys.modules["fastcluster"] = None
    assert fc.__version__ == "1.2.3", fc.__version__
    write(out / "pdist.json", make_pdist())
    inputs, cases, lines, fc_diffs = make_linkage(out, fc)
    write(out / "inputs.json", inputs)
    write(out / "linkage.json", cases)
    write(out / "dendrogram.json", lines)
    write(out / "fastcluster.json", fc_diffs)
    write(out / "seaborn.json", make_seaborn(out))
    write(out / "scaling.json", make_scaling(out))
    for name in sorted(out.iterdir()):
        print(f"{name.name}: {name.stat().st_size} bytes")
    print(f"fastcluster differs from scipy in {len(fc_diffs)} cases")


if __name__ == "__main__":
    main()
