"""Writes tests/data/tables/: tables as R, pandas, NumPy and scikit-learn write them, and
expected.tsv, what pandas reads from each (tests/test_csv.cpp and test_cli_tables.cpp hold the
reader to it).

The files (their licences are named in LICENSE):
- R 4.2 (Debian's r-base-core), on R's datasets: write.table(mtcars) and write.table(USJudgeRatings)
  (space-separated, header one cell short, quoted names), write.csv2(mtcars) (';' and decimal
  comma), write.table(airquality, sep="\\t", quote=FALSE) (tabs, NA), write.csv(iris) (a text
  column, row names "1".."150" under an empty corner), write.table of volcano without names;
  mtcars gzip'ed by gzip -9, gzip -1 and Python's gzip at level 0 (stored blocks).
- pandas 1.5: DataFrame.to_csv of airquality with NaN written empty and the R dates as text.
- NumPy 1.24: savetxt with a header, which it writes as '# ' comment lines.
- Gnumeric 1.12 (Debian's gnumeric, ssconvert), a spreadsheet: pandas-airquality.csv opened, saved as
  .xlsx, and exported again as CSV (dates rewritten as 1973/05/01, empty cells for NA) and as text with
  ';' and CRLF line ends.
- scikit-learn 1.2's bundled files, unchanged: iris.csv and breast_cancer.csv (a leading count line
  "150,4,setosa,versicolor,virginica"), digits.csv.gz (gzip, no header), diabetes_data_raw.csv.gz
  (gzip, space-separated), linnerud_exercise.csv (space-separated with a header).
- vega_datasets 0.9's seattle-weather.csv, unchanged: a date index and a "weather" text column.

expected.tsv: one line per file: name, the pandas call that reads it as `heatmap` should, rows,
cols, the number of NaN cells, the sum of all non-NaN cells added in row-major order (repr), the
first and last row labels and the column labels joined by '|' ("-" where there are none).

Run: /usr/bin/python3 tools/make_table_refs.py tests/data/tables   (needs Rscript, gzip)
"""
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

SKLEARN = Path("/usr/lib/python3/dist-packages/sklearn/datasets/data")
VEGA = Path("/usr/lib/python3/dist-packages/vega_datasets/_data")


def make(folder):
    folder.mkdir(parents=True, exist_ok=True)
    r = """
write.table(mtcars, "r-mtcars.txt")
write.table(USJudgeRatings, "r-usjudgeratings.txt")
write.csv2(mtcars, "r-mtcars-csv2.csv")
write.table(airquality, "r-airquality.tsv", sep = "\\t", quote = FALSE)
write.csv(iris, "r-iris.csv")
write.table(volcano[1:10, 1:12], "r-volcano-nonames.txt", row.names = FALSE, col.names = FALSE)
"""
    subprocess.run(["Rscript", "-e", r], cwd=folder, check=True)
    plain = (folder / "r-mtcars.txt").read_bytes()
    with open(folder / "r-mtcars.txt.gz", "wb") as out:
        subprocess.run(["gzip", "-9", "-c", "r-mtcars.txt"], cwd=folder, stdout=out, check=True)
    with open(folder / "r-mtcars-fast.txt.gz", "wb") as out:
        subprocess.run(["gzip", "-1", "-c", "r-mtcars.txt"], cwd=folder, stdout=out, check=True)
    (folder / "r-mtcars-stored.txt.gz").write_bytes(gzip.compress(plain, compresslevel=0, mtime=0))

    air = pd.read_csv(folder / "r-airquality.tsv", sep="\t")
    air.insert(0, "Date", [f"1973-{m:02d}-{d:02d}" for m, d in zip(air["Month"], air["Day"])])
    air.head(40).to_csv(folder / "pandas-airquality.csv", index=False)

    digits = np.loadtxt(gzip.open(SKLEARN / "digits.csv.gz"), delimiter=",")[:30, :64]
    np.savetxt(folder / "numpy-digits-header.csv", digits, delimiter=",", fmt="%g",
               header="the first 30 images of scikit-learn's digits, 8x8 pixels each\n" +
                      ",".join(f"p{i}" for i in range(64)))

    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "air.xlsx"
        subprocess.run(["ssconvert", str(folder / "pandas-airquality.csv"), str(xlsx)], check=True)
        subprocess.run(["ssconvert", str(xlsx), str(folder / "gnumeric-airquality.csv")], check=True)
        subprocess.run(["ssconvert", "-O", "separator=; eol=windows",
                        "--export-type=Gnumeric_stf:stf_assistant", str(xlsx),
                        str(folder / "gnumeric-airquality-semicolon.txt")], check=True)

    for src, name in [(SKLEARN / "iris.csv", "sklearn-iris.csv"),
                      (SKLEARN / "breast_cancer.csv", "sklearn-breast-cancer.csv"),
                      (SKLEARN / "digits.csv.gz", "sklearn-digits.csv.gz"),
                      (SKLEARN / "diabetes_data_raw.csv.gz", "sklearn-diabetes-data-raw.csv.gz"),
                      (SKLEARN / "linnerud_exercise.csv", "sklearn-linnerud-exercise.csv"),
                      (VEGA / "seattle-weather.csv", "vega-seattle-weather.csv")]:
        shutil.copyfile(src, folder / name)


# How pandas reads each file as `heatmap` should read it (by guessing, without options).
READS = {
    "r-mtcars.txt": ("read_csv(sep=r'\\s+')", lambda p: pd.read_csv(p, sep=r"\s+")),
    "r-mtcars.txt.gz": ("read_csv(sep=r'\\s+')", lambda p: pd.read_csv(p, sep=r"\s+")),
    "r-usjudgeratings.txt": ("read_csv(sep=r'\\s+')", lambda p: pd.read_csv(p, sep=r"\s+")),
    "r-mtcars-csv2.csv": ("read_csv(sep=';', decimal=',', index_col=0)",
                          lambda p: pd.read_csv(p, sep=";", decimal=",", index_col=0)),
    "r-airquality.tsv": ("read_csv(sep='\\t')", lambda p: pd.read_csv(p, sep="\t")),
    "r-iris.csv": ("read_csv(index_col=0).select_dtypes('number')",
                   lambda p: pd.read_csv(p, index_col=0).select_dtypes("number")),
    "r-volcano-nonames.txt": ("read_csv(sep=r'\\s+', header=None)",
                              lambda p: pd.read_csv(p, sep=r"\s+", header=None)),
    "pandas-airquality.csv": ("read_csv(index_col=0)", lambda p: pd.read_csv(p, index_col=0)),
    "gnumeric-airquality.csv": ("read_csv(index_col=0)", lambda p: pd.read_csv(p, index_col=0)),
    "gnumeric-airquality-semicolon.txt": ("read_csv(sep=';', index_col=0)",
                                          lambda p: pd.read_csv(p, sep=";", index_col=0)),
    "numpy-digits-header.csv": ("read_csv(comment='#', header=None)",
                                lambda p: pd.read_csv(p, comment="#", header=None)),
    "sklearn-iris.csv": ("read_csv(skiprows=1, header=None)",
                         lambda p: pd.read_csv(p, skiprows=1, header=None)),
    "sklearn-breast-cancer.csv": ("read_csv(skiprows=1, header=None)",
                                  lambda p: pd.read_csv(p, skiprows=1, header=None)),
    "sklearn-digits.csv.gz": ("read_csv(header=None)", lambda p: pd.read_csv(p, header=None)),
    "sklearn-diabetes-data-raw.csv.gz": ("read_csv(sep=r'\\s+', header=None)",
                                         lambda p: pd.read_csv(p, sep=r"\s+", header=None)),
    "sklearn-linnerud-exercise.csv": ("read_csv(sep=r'\\s+')",
                                      lambda p: pd.read_csv(p, sep=r"\s+")),
    "vega-seattle-weather.csv": ("read_csv(index_col=0).select_dtypes('number')",
                                 lambda p: pd.read_csv(p, index_col=0).select_dtypes("number")),
}


def expected(folder):
    lines = []
    for name, (call, read) in READS.items():
        df = read(folder / name)
        values = df.to_numpy(dtype=float)
        total = 0.0
        for v in values.ravel():
            if v == v:
                total += float(v)
        named_index = not isinstance(df.index, pd.RangeIndex)
        named_cols = not all(isinstance(c, (int, np.integer)) for c in df.columns)
        rows = "|".join(str(x) for x in (df.index[0], df.index[-1])) if named_index else "-"
        cols = "|".join(str(c) for c in df.columns) if named_cols else "-"
        lines.append("\t".join([name, call, str(values.shape[0]), str(values.shape[1]),
                                str(int(np.isnan(values).sum())), repr(total), rows, cols]) + "\n")
    (folder / "expected.tsv").write_text("".join(lines))


folder = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/tables")
make(folder)
expected(folder)
print("wrote", sorted(p.name for p in folder.iterdir()))
