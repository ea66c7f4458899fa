#!/usr/bin/python3
"""Writes include/heatmap/font_data.hpp: DejaVu Sans, as Matplotlib draws it, compiled into a header.

Usage: /usr/bin/python3 tools/gen_font.py [FONT.ttf] > include/heatmap/font_data.hpp
FONT defaults to Matplotlib's own copy (Debian's python-matplotlib-data, DejaVu Sans 2.35): the very file the
references are drawn with. Debian's fonts-dejavu-core has 2.37, whose Latin advances are the same but whose
outlines differ for 467 characters (Arabic, Hebrew, Canadian syllabics, combining marks). The output depends
only on the font file, so running this again gives the same bytes.

What it stores, all as printable varint strings (see `put` below and detail::Reader in font.hpp):
  * `cmap`: every code point of the font (sorted, delta coded) and the glyph each maps to; glyph 0 is
    .notdef, the box Matplotlib draws for a character the font lacks. Glyphs are numbered in the order their
    first code point comes, so ASCII and Latin share the first blocks.
  * `glyph_blocks`: per block of 64 glyphs, per glyph the advance width and the outline in font units,
    contours already decomposed the way FreeType's FT_Outline_Decompose walks them (a start point, then line
    or quadratic segments with the implied on-curve midpoints made explicit), so a hinted copy can be stored
    as small corrections. A block is one string, decoded the first time one of its glyphs is used.
  * `kerning`: the TrueType 'kern' pairs among covered glyphs (FreeType reads only that table, and so does
    Matplotlib).
  * `hinted` (the baked glyphs), `hinted_keys` and one `hinted_N` per size: for the sizes figures use, the
    outlines FreeType's autohinter produces under Matplotlib's settings (force_autohint, hinting factor 8),
    read through matplotlib.ft2font, stored as corrections to the plain scaled outline, plus the hinted
    advance. Hinting snaps heights to the pixel grid, which is what makes Matplotlib's text crisp and its
    measured heights whole pixels. A table per size lets the runtime decode only the sizes a figure uses.
"""
import math
import string
import sys

from fontTools.ttLib import TTFont
from matplotlib.ft2font import FT2Font, LOAD_FORCE_AUTOHINT

FONT = "/usr/share/matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf"
BLOCK = 64  # glyphs a block
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/"

# Glyphs baked hinted: the scripts labels are most often written in. ASCII, Latin-1 and Latin Extended-A,
# Romanian (comma below) and Vietnamese (Latin Extended Additional), Greek, Cyrillic, and the punctuation,
# currency signs and operators numbers use.
BAKED_CHARS = [chr(c) for c in list(range(0x20, 0x7F)) + list(range(0xA0, 0x180)) + list(range(0x218, 0x21C)) +
               list(range(0x384, 0x3CF)) + list(range(0x400, 0x460)) + [0x490, 0x491, 0x1A0, 0x1A1, 0x1AF, 0x1B0] +
               list(range(0x1EA0, 0x1EFA)) + list(range(0x2010, 0x2028)) + list(range(0x2030, 0x203B)) +
               [0x20AC, 0x20BD, 0x20B9, 0x2116, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2213, 0x221A,
                0x221E, 0x2248, 0x2260, 0x2264, 0x2265, 0x22C5, 0x2219, 0xFFFD]]
# (points, dpi) pairs baked: the figure sizes (10 pt text, 12 pt titles, 7 pt superscripts at 100, 110, 120
# and 160 dpi) and the pairs of the measurement reference (8-14 pt at 72-300 dpi).
BAKED_SIZES = sorted({(s, d) for s in (7, 10, 12) for d in (72, 96, 100, 110, 120, 144, 150, 160, 200, 300)} |
                     {(s, d) for s in (8, 14) for d in (72, 100, 160, 300)})


def zigzag(value):
    return value * 2 if value >= 0 else -value * 2 - 1


def put(out, value, signed=True):
    """Appends one integer as one string: zigzag if signed, then 5 bits a character, low bits first, bit 5 =
    more follows."""
    z = zigzag(value) if signed else value
    text = ""
    while True:
        digit = z & 31
        z >>= 5
        text += ALPHABET[digit + (32 if z else 0)]
        if not z:
            out.append(text)
            return


def decompose(coords, flags, ends):
    """Contours as FT_Outline_Decompose walks them: [(x, y, on), ...] starting on-curve, midpoints explicit,
    the closing segment back to the start left implicit."""
    contours, start = [], 0
    for end in ends:
        pts = [(coords[i][0], coords[i][1], bool(flags[i] & 1)) for i in range(start, end + 1)]
        start = end + 1
        if pts[0][2]:
            first, rest = pts[0], pts[1:] + [pts[0]]
        elif pts[-1][2]:
            first, rest = pts[-1], pts[:]
        else:
            first = ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2, True)
            rest = pts[:] + [first]
        out, prev_off = [first], False
        for x, y, on in rest:
            if not on and prev_off:
                px, py, _ = out[-1]
                out.append(((px + x) / 2, (py + y) / 2, True))
            out.append((x, y, on))
            prev_off = not on
        if out[-1][:2] == first[:2] and out[-1][2]:
            out.pop()  # the closing segment ends where the contour starts
        contours.append(out)
    return contours


def hinted_contours(font, char):
    """The autohinted outline of char at the font's current size, in 26.6 units, as [(x, y, on), ...]."""
    font.load_char(ord(char), flags=LOAD_FORCE_AUTOHINT)
    verts, codes = font.get_path()
    contours, cur, i = [], None, 0
    while i < len(codes):
        code = codes[i]
        x, y = round(verts[i][0] * 64), round(verts[i][1] * 64)
        if code == 1:
            cur = [(x, y, True)]
            contours.append(cur)
            i += 1
        elif code == 2:
            cur.append((x, y, True))
            i += 1
        elif code == 3:
            x2, y2 = round(verts[i + 1][0] * 64), round(verts[i + 1][1] * 64)
            cur += [(x, y, False), (x2, y2, True)]
            i += 2
        elif code == 79:
            i += 1
        else:
            raise SystemExit(f"unexpected path code {code} in {char!r}")
    for c in contours:
        if len(c) > 1 and c[-1] == c[0]:
            c.pop()
    return contours


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else FONT
    tt = TTFont(path)
    cmap, hmtx, glyf = tt.getBestCmap(), tt["hmtx"], tt["glyf"]
    upem = tt["head"].unitsPerEm
    names = [".notdef"]
    codepoints = []
    for cp in sorted(cmap):
        name = cmap[cp]
        if name not in names:
            names.append(name)
        codepoints.append((cp, names.index(name)))
    index = {n: i for i, n in enumerate(names)}

    cmap_s = []
    put(cmap_s, len(codepoints))
    last = 0
    for cp, g in codepoints:
        put(cmap_s, cp - last)
        put(cmap_s, g)
        last = cp

    # Composite glyphs (accented letters: a base and a mark, each moved) are stored as their components, each
    # a simple glyph with its offset, so a mark's outline is stored once. Components that no code point maps
    # to get ids after the mapped glyphs.
    def flat_components(name, dx=0, dy=0):
        out = []
        for c in glyf[name].components:
            if hasattr(c, "transform") or not hasattr(c, "x"):
                raise SystemExit(f"{name}: component {c.glyphName} is scaled or point-matched; store it whole")
            if glyf[c.glyphName].isComposite():
                out += flat_components(c.glyphName, dx + c.x, dy + c.y)
            else:
                out.append((c.glyphName, dx + c.x, dy + c.y))
        return out

    components = {}
    for name in list(names):
        if glyf[name].isComposite():
            components[name] = flat_components(name)
            for part, _, _ in components[name]:
                if part not in index:
                    index[part] = len(names)
                    names.append(part)

    outlines = []  # decomposed, for the hinted corrections below
    blocks = []
    for name in names:
        if len(outlines) % BLOCK == 0:
            blocks.append([])
        glyph_s = blocks[-1]
        g = glyf[name]
        coords, ends, flags = g.getCoordinates(glyf)
        outlines.append(decompose(list(coords), list(flags), list(ends)) if g.numberOfContours else [])
        put(glyph_s, hmtx[name][0], signed=False)
        if name in components:
            put(glyph_s, len(components[name]) * 2 + 1, signed=False)
            for part, dx, dy in components[name]:
                put(glyph_s, index[part] - index[name])
                put(glyph_s, dx)
                put(glyph_s, dy)
            continue
        # The font's own points, integers in font units; the reader makes the implied on-curve midpoints
        # explicit as decompose() does.
        put(glyph_s, (len(ends) if g.numberOfContours else 0) * 2, signed=False)
        px, py, start = 0, 0, 0
        for end in (ends if g.numberOfContours else []):
            put(glyph_s, end + 1 - start, signed=False)
            for i in range(start, end + 1):
                x, y = coords[i]
                put(glyph_s, (x - px) * 2 + (0 if flags[i] & 1 else 1))
                put(glyph_s, y - py)
                px, py = x, y
            start = end + 1

    kern_s = []
    pairs = []
    if "kern" in tt:
        for table in tt["kern"].kernTables:
            for (left, right), value in sorted(table.kernTable.items()):
                if left in index and right in index and value:
                    pairs.append((index[left], index[right], value))
    pairs.sort()
    put(kern_s, len(pairs))
    last = 0
    for left, right, value in pairs:
        key = left * 65536 + right
        put(kern_s, key - last)
        put(kern_s, value)
        last = key

    baked = []
    for ch in BAKED_CHARS:
        if ord(ch) in cmap and index[cmap[ord(ch)]] not in baked:
            baked.append(index[cmap[ord(ch)]])
    baked.sort()
    ft = FT2Font(path, hinting_factor=8)
    baked_s = []
    put(baked_s, len(baked))
    for g in baked:
        put(baked_s, g)
    # Sizes with the same int(points * 64) * dpi scale identically (10 pt at 120 dpi is 12 pt at 100).
    sizes = {}
    for size, dpi in BAKED_SIZES:
        sizes.setdefault(int(size * 64) * dpi, (size, dpi))
    # Each size is its own table of one string per glyph block, so the runtime decodes the blocks of the two
    # or three sizes a figure uses, as their glyphs come up, and never walks past the others.
    size_keys, size_s = [], []
    glyph_char = {g: chr(cp) for cp, g in reversed(codepoints)}
    for size, dpi in sizes.values():
        ft.set_size(size, dpi)
        size_keys.append(int(size * 64) * dpi)
        per_block = [[] for _ in blocks]
        size_s.append(per_block)
        # The scale the runtime predicts from: 26.6 units per font unit.
        scale = int(size * 64) * dpi / 72 / upem
        for g in baked:
            hint_s = per_block[g // BLOCK]
            ch = glyph_char[g]
            info = ft.load_char(ord(ch), flags=LOAD_FORCE_AUTOHINT)
            # Advance in pixels of the 8x wide grid the hinter works on.
            put(hint_s, info.horiAdvance // 64 - round(hmtx[names[g]][0] * scale * 8 / 64))
            hinted = hinted_contours(ft, ch)
            plain = outlines[g]
            if [len(c) for c in hinted] != [len(c) for c in plain] or any(
                    h[2] != p[2] for hc, pc in zip(hinted, plain) for h, p in zip(hc, pc)):
                raise SystemExit(f"hinted outline of {ch!r} at {size} pt {dpi} dpi does not match its plain one")
            # Corrections to the plainly scaled points. The hinter moves all points of a horizontal edge
            # alike, so a point's y correction is predicted by the last point at the same height (else
            # by the previous point), and x and the y misprediction share one value: 17 * zz(dy) +
            # min(zz(dx), 16), then zz(dx) - 16 when it does not fit.
            previous, by_height = 0, {}
            for hc, pc in zip(hinted, plain):
                for (hx, hy, _), (x, y, _) in zip(hc, pc):
                    dx, dy = hx - round(x * scale), hy - round(y * scale)
                    zx = zigzag(dx)
                    put(hint_s, zigzag(dy - by_height.get(y, previous)) * 17 + min(zx, 16), signed=False)
                    if zx >= 16:
                        put(hint_s, zx - 16, signed=False)
                    previous = by_height[y] = dy

    def literal(name, chars, comment):
        # Chunks of at most 60000 characters, split between values: compilers need only accept string
        # literals up to 65536 characters.
        chunks, cur = [], ""
        for piece in chars:
            if len(cur) + len(piece) > 60000:
                chunks.append(cur)
                cur = ""
            cur += piece
        chunks.append(cur)
        parts = []
        for chunk in chunks:
            lines = [chunk[i:i + 100] for i in range(0, len(chunk), 100)]
            parts.append("\n".join(f'    "{line}"' for line in lines))
        body = ",\n".join(parts)
        return f"// {comment}\ninline constexpr const char* {name}[] = {{\n{body},\n    nullptr}};\n"

    # Blue zones, as FreeType's autohinter finds them: (flat reference, overshoot) heights in font units for
    # the baseline, x-height, cap height, ascender and descender, read from the glyphs it reads them from.
    zones = [(glyf[cmap[ord("H")]].yMin, glyf[cmap[ord("O")]].yMin),
             (glyf[cmap[ord("x")]].yMax, glyf[cmap[ord("o")]].yMax),
             (glyf[cmap[ord("H")]].yMax, glyf[cmap[ord("O")]].yMax),
             (glyf[cmap[ord("l")]].yMax, glyf[cmap[ord("d")]].yMax),
             (glyf[cmap[ord("p")]].yMin, glyf[cmap[ord("g")]].yMin)]
    zones_text = ", ".join(f"{{{a}, {b}}}" for a, b in zones)

    # Mathtext sets letters in DejaVu Sans Oblique, which is DejaVu Sans slanted by its italic angle and
    # moved left: measure that move (font units, mean over the Latin letters' left and right edges) so
    # the runtime can slant the upright outlines instead of embedding a second font.
    oblique = TTFont(path.replace("DejaVuSans.ttf", "DejaVuSans-Oblique.ttf"))
    slant = math.tan(math.radians(-oblique["post"].italicAngle))
    ocmap, oglyf = oblique.getBestCmap(), oblique["glyf"]
    shifts = []
    for ch in string.ascii_letters:
        coords, _, _ = glyf[cmap[ord(ch)]].getCoordinates(glyf)
        sheared = [x + slant * y for x, y in coords]
        o = oglyf[ocmap[ord(ch)]]
        shifts += [min(sheared) - o.xMin, max(sheared) - o.xMax]
    oblique_shift = round(sum(shifts) / len(shifts))

    tt_version = tt["head"].fontRevision
    print(f"""#pragma once
// Generated by tools/gen_font.py from DejaVu Sans {tt_version:.2f} (Matplotlib's own copy). Do not edit.
// DejaVu Sans: Copyright (c) 2003 by Bitstream, Inc. All Rights Reserved. Bitstream Vera is a trademark of
// Bitstream, Inc. DejaVu changes are in public domain. Terms: the Bitstream Vera license in LICENSE.
// Encoding: signed varints, 5 bits per character of {ALPHABET[:10]}..., each table a null-terminated list of
// chunks (compilers need accept string literals only up to 65536 characters); see detail::VarintReader in
// font.hpp.

namespace heatmap {{
namespace detail {{
namespace font_data {{

inline constexpr int units_per_em = {upem};
inline constexpr int ascender = {tt["hhea"].ascent};
inline constexpr int descender = {tt["hhea"].descent};
// Blue zones (flat, overshoot) in font units: baseline, x-height, cap height, ascender, descender.
inline constexpr int blue_zones[5][2] = {{{zones_text}}};
// DejaVu Sans Oblique: x + y * tan({-oblique["post"].italicAngle} degrees) - {oblique_shift} (font units).
inline constexpr double oblique_angle = {-oblique["post"].italicAngle!r};
inline constexpr int oblique_shift = {oblique_shift};
""")
    print(literal("cmap", cmap_s, "count, then (code point delta, glyph) pairs"))
    print(f"inline constexpr int glyph_count = {len(names)};\ninline constexpr int glyph_block_size = {BLOCK};")
    print("// One string a block of glyph_block_size glyphs (the last may be short). Per glyph: advance, then\n"
          "// either contours * 2 and per contour its points, per point dx * 2 + off, dy (font units, from the\n"
          "// glyph's previous point); or components * 2 + 1 and per component the glyph (relative to this\n"
          "// one), dx, dy.")
    parts = []
    for b, chars in enumerate(blocks):
        text = "".join(chars)
        if len(text) > 60000:
            raise SystemExit(f"block {b} is {len(text)} characters: lower BLOCK")
        lines = [text[i:i + 100] for i in range(0, len(text), 100)]
        parts.append("\n".join(f'    "{line}"' for line in lines))
    print("inline constexpr const char* glyph_blocks[] = {\n" + ",\n".join(parts) + "};\n")
    print(literal("kerning", kern_s, "count, then (left*65536+right delta, value in font units)"))
    print(literal("hinted", baked_s, "count, then the ids of the glyphs baked hinted"))
    def wrapped(items):
        lines, cur = [], ""
        for item in items:
            if cur and len(cur) + len(item) + 2 > 96:
                lines.append(cur + ",")
                cur = ""
            cur += (" " if cur else "") + item if not cur else ", " + item
        lines.append(cur)
        return "\n".join("    " + line.strip() for line in lines)

    print("// The baked sizes' keys, int(points * 64) * dpi; per size a string per glyph block: per baked glyph of\n"
          "// the block its advance correction (8x pixels), then per point the dx, dy corrections (26.6) as\n"
          "// gen_font.py packs them.\n"
          f"inline constexpr long hinted_keys[] = {{\n{wrapped([str(k) for k in size_keys])}}};\n")
    for i, per_block in enumerate(size_s):
        size, dpi = list(sizes.values())[i]
        parts = []
        for chars in per_block:
            text = "".join(chars)
            lines = [text[k:k + 100] for k in range(0, len(text), 100)] or [""]
            parts.append("\n".join(f'    "{line}"' for line in lines))
        print(f"// {size} pt at {dpi} dpi (and every size with key {size_keys[i]})\n"
              f"inline constexpr const char* hinted_{i}[] = {{\n" + ",\n".join(parts) + "};\n")
    names = [f"hinted_{i}" for i in range(len(size_s))]
    print(f"inline constexpr const char* const* hinted_sizes[] = {{\n{wrapped(names)}}};\n")
    print("}  // namespace font_data\n}  // namespace detail\n}  // namespace heatmap")


if __name__ == "__main__":
    main()
