#!/usr/bin/python3
"""Writes include/heatmap/colormap_data.hpp and include/heatmap/color_data.hpp from Matplotlib 3.6.3 and
seaborn 0.12.2 (Debian's python3-matplotlib and python3-seaborn).

    /usr/bin/python3 tools/gen_colormaps.py            # from the repository root

colormap_data.hpp: every named colormap's lookup table as the bytes imshow paints (Matplotlib truncates
lut * 255). A table is base64 of its RGB bytes (alpha is 255 everywhere; the script refuses otherwise). A `_r`
twin is stored as the forward table read backwards plus the entries where Matplotlib's own `_r` differs
(it recomputes reversed segmented maps, which moves some entries by one unit). For the same tables, bits
saying where Agg's rounding of the float colors (pcolormesh, patches: the colorbar) is one above the byte.

color_data.hpp: the color names Matplotlib knows without a prefix (CSS4 names, single letters), the
`tab:` palette and the `xkcd:` names, with the byte each float channel becomes when Agg paints it (round half up).

Running it twice gives the same bytes: nothing here depends on dict order, time or the machine.
"""
import base64
import sys
from pathlib import Path

import matplotlib
import matplotlib.colors as mcolors
import numpy as np
import seaborn  # noqa: F401  (registers rocket, mako, flare, crest, vlag, icefire)

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "heatmap"


def table(cmap):
    """The bytes imshow paints for each entry, plus under/over/bad."""
    lut = cmap(np.arange(cmap.N), bytes=True)
    extremes = [cmap(np.array([v]), bytes=True)[0] for v in (-1, cmap.N)] + [cmap(np.array([np.nan]), bytes=True)[0]]
    return [tuple(int(v) for v in c) for c in lut], [tuple(int(v) for v in c) for c in extremes]


def round_up_bits(cmap):
    """Per entry and channel (r, g, b), 1 where Agg's rounding of the float color (what pcolormesh and
    patches paint: int(v * 255 + 0.5)) is one above imshow's truncation; 3 bits an entry, packed from the
    low bit up."""
    lut = cmap(np.arange(cmap.N))
    bits = []
    for c in lut:
        for v in c[:3]:
            rounded, truncated = int(float(v) * 255.0 + 0.5), int(float(v) * 255.0)
            assert rounded - truncated in (0, 1)
            bits.append(rounded - truncated)
    packed = bytearray((len(bits) + 7) // 8)
    for i, b in enumerate(bits):
        packed[i // 8] |= b << (i % 8)
    return bytes(packed)


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def string_literal(text, indent):
    """Splits a long literal into adjacent pieces of at most 100 characters a line (one literal to C++)."""
    pieces = [text[i:i + 100] for i in range(0, len(text), 100)] or [""]
    return ("\n" + indent).join('"%s"' % p for p in pieces)


def segments(cmap):
    """A segmented map's knots, as the C++ side reads them: for red, green, blue and alpha in turn, the number
    of (x, y0, y1) rows, then the rows; alpha's count is 0 when the map has none (it is opaque). y1 is -1 when
    it equals y0 (most rows: the map is continuous there). None for maps that are tables (ListedColormap) or
    whose segments are Python functions."""
    if not isinstance(cmap, mcolors.LinearSegmentedColormap):
        return None
    data = cmap._segmentdata
    if any(callable(v) for v in data.values()):
        return None
    assert cmap._gamma == 1.0, cmap.name
    out = []
    for channel in ("red", "green", "blue", "alpha"):
        rows = [[float(v) for v in row] for row in data.get(channel, [])]
        assert all(len(r) == 3 for r in rows), cmap.name
        out.append(float(len(rows)))
        for x, y0, y1 in rows:
            assert y0 >= 0 and y1 >= 0, cmap.name
            out += [x, y0, -1.0 if y1 == y0 else y1]
    return out


def double_literal(v):
    """The shortest C++ literal for v: k/255. when v is that quotient (ColorBrewer's colors, which the compiler
    divides exactly as Python did), otherwise Python's repr, which reads back as the same double."""
    for k in range(1, 255):
        if v == k / 255.0 and len(repr(v)) > 8:
            return "%d/255." % k
    return repr(v)


def colormap_header():
    base = sorted(n for n in matplotlib.colormaps if not n.endswith("_r"))
    entries = []
    knots = []
    for name in base:
        fwd, fwd_x = table(matplotlib.colormaps[name])
        rev, rev_x = table(matplotlib.colormaps[name + "_r"])
        n = len(fwd)
        assert len(rev) == n and n <= 65535, name
        for lut, x in ((fwd, fwd_x), (rev, rev_x)):
            # The header stores neither alpha nor extremes: check they are what the C++ code assumes.
            assert all(c[3] == 255 for c in lut), name
            assert x == [lut[0], lut[-1], (0, 0, 0, 0)], name
        rgb = [v for c in fwd for v in c[:3]]
        fix = []
        for i, (a, b) in enumerate(zip(fwd[::-1], rev)):
            if a != b:
                fix += [i >> 8, i & 255, *b[:3]]
        up = round_up_bits(matplotlib.colormaps[name])
        up_r = round_up_bits(matplotlib.colormaps[name + "_r"])
        seg = segments(matplotlib.colormaps[name])
        if seg is not None:
            # The C++ side evaluates the knots as Matplotlib does (tests/test_colormap.cpp holds every byte
            # of the result against the reference), so the table itself need not be stored.
            knots.append((name, seg))
            rgb, fix, up, up_r = [], [], b"", b""
        entries.append((name, n, b64(rgb), b64(fix), b64(up), b64(up_r), seg is not None))

    out = [
        "#pragma once",
        "// GENERATED by tools/gen_colormaps.py from Matplotlib %s and seaborn %s: do not edit by hand."
        % (matplotlib.__version__, seaborn.__version__),
        "// Every named colormap, in one of two forms. `segments`: a segmented map's knots (Matplotlib's",
        "// segmentdata: for red, green, blue, alpha the row count, then (x, y0, y1) rows, y1 -1 for y1 == y0;",
        "// alpha's count 0 means opaque; k/255. is the double Python computed for k / 255), which colormap.hpp",
        "// evaluates as Matplotlib does, for the map, its _r, and resampled(). Otherwise (listed maps, and maps",
        "// whose segments are Python functions) the table as the bytes imshow paints (lut * 255 truncated): `rgb`",
        "// is base64 of RGB triples (alpha is 255 in all of them), and `reversed_fix` base64 of (index high byte,",
        "// index low byte, r, g, b) for the entries where Matplotlib's _r differs from the table read backwards.",
        "// `round_up` and `round_up_r` (the map, its _r): base64 of 3 bits an entry (r, g, b, packed from the low",
        "// bit up), 1 where Agg's rounding of the float color, which pcolormesh and patches paint, is one above",
        "// the truncated byte.",
        "// The tables are data derived from Matplotlib and seaborn; see LICENSE for their terms.",
        "",
        "namespace heatmap {",
        "namespace detail {",
        "",
    ]
    for name, seg in knots:
        out.append("inline constexpr double segments_%s[] = {" % name)
        line = "   "
        for v in seg:
            item = " %s," % double_literal(v)
            if len(line) + len(item) > 110:
                out.append(line)
                line = "   "
            line += item
        out.append(line)
        out.append("};")
    out += [
        "",
        "struct ColormapData {",
        "    const char* name;",
        "    int size;",
        "    const char* rgb;",
        "    const char* reversed_fix;",
        "    const char* round_up;",
        "    const char* round_up_r;",
        "    const double* segments;",
        "};",
        "",
        "inline constexpr ColormapData colormap_data[] = {",
    ]
    for name, n, rgb, fix, up, up_r, has_segments in entries:
        out.append('    {"%s", %d,' % (name, n))
        out.append("     " + string_literal(rgb, "     ") + ",")
        out.append("     " + string_literal(fix, "     ") + ",")
        out.append("     " + string_literal(up, "     ") + ",")
        out.append("     " + string_literal(up_r, "     ") + ",")
        out.append("     %s}," % ("segments_" + name if has_segments else "nullptr"))
    out += ["};", "", "}  // namespace detail", "}  // namespace heatmap", ""]
    return "\n".join(out)


def agg_byte(v):
    """How Agg turns a float channel into a byte when it paints (agg::rgba8: round half up)."""
    return int(float(v) * 255.0 + 0.5)


def color_header():
    named = {}
    for name, value in mcolors.BASE_COLORS.items():
        named[name] = value
    for name, value in mcolors.CSS4_COLORS.items():
        named[name] = value
    for name, value in mcolors.TABLEAU_COLORS.items():
        named[name] = value
        named[name.replace("gray", "grey")] = value  # Matplotlib accepts both spellings of tab:gray
    # The xkcd color survey's names, "xkcd:sky blue", with "gray" for "grey" as Matplotlib's
    # _colors_full_map adds them (an xkcd name of its own wins).
    for name, value in mcolors.XKCD_COLORS.items():
        named[name] = value
    for name, value in mcolors.XKCD_COLORS.items():
        if "grey" in name:
            named.setdefault(name.replace("grey", "gray"), value)
    rows = []
    for name in sorted(named):
        r, g, b, a = (agg_byte(v) for v in mcolors.to_rgba(named[name]))
        rows.append('    {"%s", 0x%02x%02x%02x%02xu},' % (name, r, g, b, a))
    out = [
        "#pragma once",
        "// GENERATED by tools/gen_colormaps.py from Matplotlib %s: do not edit by hand." % matplotlib.__version__,
        "// The color names Matplotlib resolves without a prefix (single letters, CSS4 names), the tab: palette and",
        "// the xkcd: survey's names, sorted by name, as 0xRRGGBBAA with each float channel rounded the way Agg",
        "// paints it.",
        "",
        "#include <cstdint>",
        "",
        "namespace heatmap {",
        "namespace detail {",
        "",
        "struct NamedColor {",
        "    const char* name;",
        "    std::uint32_t rgba;",
        "};",
        "",
        "inline constexpr NamedColor named_colors[] = {",
    ] + rows + ["};", "", "}  // namespace detail", "}  // namespace heatmap", ""]
    return "\n".join(out)


def main():
    (HEADER / "colormap_data.hpp").write_text(colormap_header())
    (HEADER / "color_data.hpp").write_text(color_header())
    return 0


if __name__ == "__main__":
    sys.exit(main())
