#!/usr/bin/python3
"""Writes tests/data/cli/: more `heatmap` command lines drawn by Matplotlib, for the flags and CSV layouts the
gallery does not reach (power, symlog and centered norms, a black grid, labels turned 90 degrees, years as
column labels, column labels without row labels, a matrix whose cells are all equal); and, below CASES, the
flags of issue 17 and seaborn's label rules on label-heavy real data, drawn by Matplotlib and seaborn
(FLAG_CASES, see there).

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


# ---- Issue 17: each flag of the command drawn by the Matplotlib (or seaborn) call it stands for ----------------
#
# A flag case folder holds args.txt (the command line after `heatmap`: the input first; {data} stands for
# tests/data, {case} for the case's folder), expected.png and layout.json (the schema of make_feature_refs.py's,
# measured on the draw that made the PNG), and data.csv or mask.csv when the case has its own. Tables from
# tests/data/tables are read as pandas reads them (make_table_refs.py names each reader), so the labels, the
# index name and the columns are the ones seaborn.heatmap(df) sees.
import io
import subprocess
import matplotlib.colors as mcolors
import matplotlib.font_manager as font_manager
import matplotlib.pyplot as plt
import pandas as pd
import seaborn
from matplotlib.ticker import MaxNLocator
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_feature_refs import measure, relative_luminance  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"  # Debian's fonts-droid-fallback


def table(name):
    """A table of tests/data/tables as make_table_refs.py's READS has pandas read it."""
    path = DATA / "tables" / name
    if name == "vega-seattle-weather.csv":
        return pd.read_csv(path, index_col=0).select_dtypes("number")
    if name in ("r-mtcars.txt", "r-usjudgeratings.txt", "sklearn-linnerud-exercise.csv"):
        return pd.read_csv(path, sep=r"\s+")
    raise ValueError(name)


def index_locator():
    return MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True)


def imshow_figure(df, figsize=(6.4, 4.8), cmap="viridis", mask=None, annot=False, fmt="g", template=None,
                  text_color=None, xevery=None, yevery=None, labels_top=False, yrotation=None, cbar=True,
                  cbar_kw=None, title=None, index_labels=(False, False)):
    """What the command draws without --style: imshow with a colorbar under constrained layout, labels from the
    table (every k-th with --xticks-every), Matplotlib's own locator on an axis without labels."""
    values = df.to_numpy(dtype=float)
    nrows, ncols = values.shape
    hidden = np.isnan(values) if mask is None else (np.isnan(values) | mask)
    fig = plt.figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.array(values, mask=hidden), cmap=cmap)
    if title:
        ax.set_title(title)
    for axis, labels, n, every, plain in ((ax.xaxis, df.columns, ncols, xevery, index_labels[0]),
                                          (ax.yaxis, df.index, nrows, yevery, index_labels[1])):
        if every is not None:
            axis.set_ticks(range(0, n, every), [str(l) for l in labels][::every] if every else [])
        elif plain:
            axis.set_major_locator(index_locator())
        else:
            axis.set_ticks(range(n), [str(l) for l in labels])
    if labels_top:
        ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    if yrotation is not None:
        plt.setp(ax.get_yticklabels(), rotation=yrotation)
    colorbar = fig.colorbar(image, ax=ax, **(cbar_kw or {})) if cbar else None
    texts = []
    if annot:
        for r in range(nrows):
            for c in range(ncols):
                v = values[r, c]
                if hidden[r, c]:
                    continue
                color = text_color or ("black" if relative_luminance(image.cmap(image.norm(v))) > 0.408
                                       else "white")
                label = template.format(x=v) if template else format(v, fmt)
                texts.append(ax.text(c, r, label, ha="center", va="center", color=color))
    return fig, dict(ax=ax, colorbar=colorbar, texts=texts, sizes=[t.get_fontsize() for t in texts], dropped=[],
                     shortened=[], shape=[nrows, ncols], image=image, recentered=False)


def seaborn_figure(df, figsize=(6.4, 4.8), **kw):
    """seaborn.heatmap(df) on a constrained-layout figure, as `--style seaborn` draws it."""
    fig = plt.figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    seaborn.heatmap(df, ax=ax, **kw)
    texts = list(ax.texts)
    mesh = ax.collections[0]
    return fig, dict(ax=ax, colorbar=mesh.colorbar, texts=texts, sizes=[t.get_fontsize() for t in texts],
                     dropped=[], shortened=[], shape=list(df.shape), image=mesh, recentered=False)


def mtcars_corr():
    """R's mtcars' correlation matrix (pandas' DataFrame.corr), rounded as the case's data.csv holds it."""
    return table("r-mtcars.txt").corr().round(4)


def linnerud():
    return table("sklearn-linnerud-exercise.csv")


def prefectures():
    """Five Japanese prefectures' populations in millions (2020 census): CJK labels."""
    return pd.DataFrame([[14.05, 9.24, 8.84, 7.54, 5.14]], index=["人口"],
                        columns=["東京都", "神奈川県", "大阪府", "愛知県", "福岡県"])


def russian_cities():
    """Five Russian cities' populations in millions (2021 census), by year of the census: Cyrillic labels."""
    return pd.DataFrame([[10.38, 11.50, 13.01], [4.66, 4.88, 5.60], [1.43, 1.47, 1.63],
                         [1.29, 1.35, 1.54], [1.11, 1.14, 1.26]],
                        index=["Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань"],
                        columns=["2002", "2010", "2021"])


FLAG_CASES = [
    # seaborn's label rules on label-heavy real data: 43 long names turned flat (they overlap upright), 1,461
    # dates thinned by "auto" with the index name as the row axis' label, and the same turned (--transpose):
    # the dates, now columns, overlap flat and are turned vertical.
    dict(name="sb-usjudgeratings", args=["{data}/tables/r-usjudgeratings.txt", "--style", "seaborn",
                                         "--figsize", "6.4,8"],
         draw=lambda: seaborn_figure(table("r-usjudgeratings.txt"), figsize=(6.4, 8))),
    dict(name="sb-seattle-weather", args=["{data}/tables/vega-seattle-weather.csv", "--style", "seaborn"],
         draw=lambda: seaborn_figure(table("vega-seattle-weather.csv"))),
    dict(name="sb-seattle-weather-transpose", args=["{data}/tables/vega-seattle-weather.csv", "--style", "seaborn",
                                                   "--transpose"],
         draw=lambda: seaborn_figure(table("vega-seattle-weather.csv").T)),
    # --mask upper, --style seaborn --annot (seaborn's .2g), --center: seaborn's correlation-matrix example.
    dict(name="sb-mask-upper", data=mtcars_corr,
         args=["{case}/data.csv", "--style", "seaborn", "--mask", "upper", "--annot", "--cmap", "vlag",
               "--center", "0", "--figsize", "8,7"],
         draw=lambda: seaborn_figure(mtcars_corr(), figsize=(8, 7), annot=True, cmap="vlag", center=0,
                                     mask=np.triu(np.ones(mtcars_corr().shape, dtype=bool)))),
    # --xticklabels all, --yticklabels none under seaborn (xticklabels=True, yticklabels=False).
    dict(name="sb-ticklabels", args=["{data}/tables/r-usjudgeratings.txt", "--style", "seaborn", "--xticklabels",
                                     "all", "--yticklabels", "none"],
         draw=lambda: seaborn_figure(table("r-usjudgeratings.txt"), xticklabels=True, yticklabels=False)),
    # --mask FILE (nonzero cells), --xticks-every, --yticks-every, --yrotation, --labels-top, --font-size.
    dict(name="mask-file-every", mask=lambda df: (df.to_numpy() < 7.0),
         args=["{data}/tables/r-usjudgeratings.txt", "--mask", "{case}/mask.csv", "--xticks-every", "3",
               "--yticks-every", "4", "--yrotation", "30", "--labels-top", "--font-size", "8", "--figsize", "6,7.5",
               "--aspect", "auto"],
         draw=lambda: imshow_figure(table("r-usjudgeratings.txt"), figsize=(6, 7.5), xevery=3, yevery=4,
                                    yrotation=30, labels_top=True,
                                    mask=table("r-usjudgeratings.txt").to_numpy() < 7.0),
         rc={"font.size": 8}, aspect="auto"),
    # --annot-template, --text-color, --cbar-shrink, --cbar-format; rows without labels take the locator.
    dict(name="template-color-cbar", args=["{data}/tables/sklearn-linnerud-exercise.csv", "--annot",
                                           "--annot-template", "{x:.0f} reps", "--text-color", "w", "--cbar-shrink",
                                           "0.7", "--cbar-format", "{x:.0f}", "--figsize", "5,7", "--mask", "<3",
                                           "--aspect", "auto"],
         draw=lambda: imshow_figure(linnerud(), figsize=(5, 7), annot=True, template="{x:.0f} reps", text_color="w",
                                    cbar_kw=dict(shrink=0.7, format="{x:.0f}"), index_labels=(False, True),
                                    mask=linnerud().to_numpy() < 3), aspect="auto"),
    # An unlabeled 87x61 matrix, R's volcano as write.table writes it without names (Rscript writes the case's
    # volcano.txt): Matplotlib's own locator on both axes (issue 17.5).
    dict(name="volcano-index", rscript='write.table(volcano, "volcano.txt", row.names = FALSE, col.names = FALSE)',
         args=["{case}/volcano.txt", "--cmap", "terrain"],
         draw=lambda: imshow_figure(pd.read_csv(out / "volcano-index" / "volcano.txt", sep=r"\s+", header=None),
                                    cmap="terrain", index_labels=(True, True))),
    # --font: CJK labels through a fallback font (Matplotlib's font.family list).
    # Cyrillic labels and title in DejaVu Sans itself (no --font), annotated.
    dict(name="cyrillic", data=russian_cities,
         args=["{case}/data.csv", "--annot", "--title", "Население, млн", "--cmap", "YlGnBu", "--figsize", "5,4"],
         draw=lambda: imshow_figure(russian_cities(), figsize=(5, 4), annot=True, title="Население, млн",
                                    cmap="YlGnBu")),
    dict(name="font-cjk", data=prefectures,
         args=["{case}/data.csv", "--font", DROID, "--annot", "--title", "人口 (百万人)", "--figsize", "6.4,2.6"],
         draw=lambda: imshow_figure(prefectures(), figsize=(6.4, 2.6), annot=True, title="人口 (百万人)"),
         rc={"font.family": ["DejaVu Sans", "Droid Sans Fallback"]}),
]


def render_flag_case(case):
    dest = out / case["name"]
    dest.mkdir(parents=True, exist_ok=True)
    if "data" in case:
        case["data"]().to_csv(dest / "data.csv")
    if "rscript" in case:
        subprocess.run(["Rscript", "-e", case["rscript"]], cwd=dest, check=True)
    if "mask" in case:
        df = table(case["args"][0].split("/")[-1])
        pd.DataFrame(case["mask"](df).astype(int), index=df.index, columns=df.columns).to_csv(dest / "mask.csv")
    (dest / "args.txt").write_text("\n".join(case["args"]) + "\n")
    dpi = 100

    def draw():
        fig, parts = case["draw"]()
        if case.get("aspect"):
            parts["ax"].set_aspect(case["aspect"])
        parts["dpi"] = dpi
        return fig, parts

    with plt.rc_context(case.get("rc", {})):
        fig, _ = draw()
        png = io.BytesIO()
        fig.savefig(png, dpi=dpi)
        plt.close(fig)
        saved = np.asarray(Image.open(io.BytesIO(png.getvalue())).convert("RGBA"))
        fig, parts = draw()
        fig.set_dpi(dpi)
        fig.canvas.draw()
        layout = measure(fig, parts)
        drawn = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
    if saved.shape != drawn.shape or not np.array_equal(saved, drawn):
        raise SystemExit("%s: the measured draw differs from savefig's PNG" % case["name"])
    Image.fromarray(drawn).save(dest / "expected.png", optimize=True)
    (dest / "layout.json").write_text(json.dumps(layout, indent=1, ensure_ascii=False) + "\n")
    print("wrote", dest, layout["axes"])


font_manager.fontManager.addfont(DROID)
only = set(sys.argv[3:])
for case in CASES:
    if only and case["name"] not in only:
        continue
    with tempfile.TemporaryDirectory() as tmp:
        made = render(case, tmp)
        dest = out / case["name"]
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("data.csv", "args.txt", "expected.png", "layout.json"):
            shutil.copyfile(made / name, dest / name)
        print("wrote", dest, json.load(open(dest / "layout.json"))["axes"])

for case in FLAG_CASES:
    if not only or case["name"] in only:
        render_flag_case(case)
