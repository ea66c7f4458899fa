#!/usr/bin/python3
"""Writes the .npy reference files of tests/data/npy/ with NumPy (Debian's python3-numpy).

Run with /usr/bin/python3 (the system Python, which has NumPy):

    /usr/bin/python3 tools/make_npy_refs.py

For each element type (float16/32/64, int8..64, uint8..64, bool), each byte order and each memory
order (C, Fortran) it writes NAME.npy, a 3x4 matrix holding the type's extremes (and NaN and
infinities for floats), and NAME.f8, the same matrix as NumPy converts it to float64
(a.astype('<f8'), row-major), which the tests compare with heatmap's reading bit for bit. It also
writes the same matrix in .npy format versions 2.0 and 3.0, and real files of the kinds heatmap
refuses (1-D, 0-D, 3-D, complex, object, structured, strings, datetimes, an empty matrix).

Two real files are copied unchanged from Debian's packages (licences in LICENSE): Matplotlib's sample
data bivariate_normal.npy (written by an old NumPy, its header padded to 16 bytes, not 64) and NumPy's
test file win64python2.npy (a shape written by Python 2 as (2L,)).
"""
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "npy")


def matrix(dtype):
    """3x4 values of dtype: its extremes, zero, small and negative numbers."""
    dt = np.dtype(dtype)
    if dt.kind == "f":
        fi = np.finfo(dt)
        v = [0.0, -0.0, 1.5, -2.25, float(fi.max), float(fi.min), float(fi.tiny),
             float(fi.smallest_subnormal), np.nan, np.inf, -np.inf, 1 / 3]
    elif dt.kind in "iu":
        ii = np.iinfo(dt)
        v = [0, 1, ii.max, ii.min, ii.max - 1, 7, 100 % (ii.max + 1), ii.min // 2 if ii.min else 3,
             ii.max // 3, 42, 2, 5]
    else:
        v = [True, False, True, True, False, False, True, False, False, True, True, False]
    return np.array(v, dtype=dt).reshape(3, 4)


def save(name, a, version=None):
    path = os.path.join(OUT, name + ".npy")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, a, version=version, allow_pickle=a.dtype.kind == "O")
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    for kind in ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]:
        orders = ["|"] if kind[1] == "1" else ["<", ">"]
        for byteorder in orders:
            dtype = np.dtype(byteorder + kind)
            base = matrix(dtype)
            name_type = ("le" if byteorder == "<" else "be" if byteorder == ">" else "") + kind
            for memory in ["C", "F"]:
                a = np.array(base, order=memory)
                assert a.flags.f_contiguous == (memory == "F")
                name = "%s_%s" % (name_type, memory.lower())
                save(name, a)
                base.astype("<f8").tofile(os.path.join(OUT, name + ".f8"))
    # Format versions 2.0 (4-byte header length) and 3.0 (UTF-8 header).
    for version in [(2, 0), (3, 0)]:
        a = matrix("<f4")
        save("v%d_lef4_c" % version[0], a, version)
        a.astype("<f8").tofile(os.path.join(OUT, "v%d_lef4_c.f8" % version[0]))
    # What a heatmap cannot draw, as NumPy writes it.
    save("refuse_1d", np.arange(5.0))
    save("refuse_0d", np.array(3.0))
    save("refuse_3d", np.zeros((2, 3, 4)))
    save("refuse_empty", np.zeros((0, 4)))
    save("refuse_complex", np.ones((2, 2), dtype="<c16"))
    save("refuse_object", np.array([[1, "a"], [None, 2.5]], dtype=object))
    save("refuse_structured", np.zeros((2, 2), dtype=[("x", "<f4"), ("y", "<i2")]))
    save("refuse_strings", np.array([["ab", "c"], ["d", "e"]]))
    save("refuse_datetime", np.array([["2024-01-01"]], dtype="datetime64[D]"))
    save("refuse_longdouble", np.ones((2, 2), dtype=np.longdouble))
    # Real files, unchanged.
    real = [("real_bivariate_normal", "/usr/share/matplotlib/mpl-data/sample_data/axes_grid/bivariate_normal.npy"),
            ("real_win64python2", os.path.join(os.path.dirname(np.__file__), "lib/tests/data/win64python2.npy"))]
    for name, source in real:
        shutil.copyfile(source, os.path.join(OUT, name + ".npy"))
        a = np.load(source)
        if a.ndim == 2:
            a.astype("<f8").tofile(os.path.join(OUT, name + ".f8"))


if __name__ == "__main__":
    main()
