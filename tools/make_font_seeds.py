#!/usr/bin/python3
"""Writes tests/fuzz/corpus/fontfile/: the seeds of the font-file fuzzer, small TrueType fonts and damaged
copies of them.

Usage: /usr/bin/python3 tools/make_font_seeds.py [OUT_DIR]
Needs Matplotlib's DejaVu Sans (python-matplotlib-data) and Debian's fonts-droid-fallback.
"""
import pathlib
import struct
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fuzz" / "corpus" / "fontfile"
DEJAVU = "/usr/share/matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf"
DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"


def subset_font(path, text, out, extra=()):
    subset.main([path, f"--text={text}", "--no-hinting", f"--output-file={out}",
                 "--drop-tables+=GPOS,GSUB,GDEF,MATH,FFTM,name,post,OS/2,vhea,vmtx", *extra])


def tables(data):
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        out[tag.decode()] = (i, offset, length)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    dejavu, droid = OUT / "dejavu_subset.ttf", OUT / "droid_subset.ttf"
    # Kerning (legacy 'kern'), a composite (é = e + acute), short glyph locations, format 4 cmap.
    subset_font(DEJAVU, "AVTaé→", dejavu, ["--legacy-kern"])
    subset_font(DROID, "中文東京", droid)
    font = TTFont(dejavu)
    font["head"].indexToLocFormat = 1  # long glyph locations
    font.save(OUT / "dejavu_longloca.ttf")
    font = TTFont(droid)
    mapping = font.getBestCmap()
    table = CmapSubtable.newSubtable(12)  # a full-range character map only
    table.platformID, table.platEncID, table.language, table.cmap = 3, 10, 0, dict(mapping)
    font["cmap"].tables = [table]
    font.save(OUT / "droid_cmap12.ttf")
    collection = TTCollection()
    collection.fonts = [TTFont(droid), TTFont(dejavu)]
    collection.save(OUT / "collection.ttc")

    data = bytearray(dejavu.read_bytes())
    t = tables(data)
    font = TTFont(dejavu)
    glyph = font.getGlyphID("eacute")
    _, loca, _ = t["loca"]
    _, glyf, _ = t["glyf"]
    start = struct.unpack(">H", data[loca + 2 * glyph:loca + 2 * glyph + 2])[0] * 2
    loop = bytearray(data)
    loop[glyf + start + 12:glyf + start + 14] = struct.pack(">H", glyph)  # é's first part: itself
    (OUT / "composite_loop.ttf").write_bytes(loop)
    (OUT / "truncated.ttf").write_bytes(data[:400])
    (OUT / "otto.otf").write_bytes(b"OTTO" + bytes(data[4:]))
    (OUT / "empty.ttf").write_bytes(b"")
    past = bytearray(data)
    index = t["glyf"][0]
    past[12 + 16 * index + 8:12 + 16 * index + 12] = struct.pack(">I", len(data) - 4)
    (OUT / "table_past_end.ttf").write_bytes(past)


if __name__ == "__main__":
    main()
