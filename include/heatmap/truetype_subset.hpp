#pragma once
// A TrueType font file holding only the glyphs a document uses, built from the outlines the library
// already has (font.hpp's GlyphOutline: TrueType contours in font units), for a PDF to embed as a
// CIDFontType2 (FontFile2). Glyph i of the subset is the i-th outline given (0 should be .notdef);
// the tables are the ones a PDF's TrueType font needs: head, hhea, maxp, hmtx, loca, glyf, plus a
// cmap and post that strict readers ask for, name, and OS/2 for the metrics.
//
//   std::vector<std::uint8_t> ttf = build_truetype_subset(outlines, "DejaVuSans", ascent, descent);

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "font.hpp"

namespace heatmap {
namespace detail {

class BigEndian {
  public:
    void u8(std::uint32_t v) { out.push_back(static_cast<std::uint8_t>(v)); }
    void u16(std::uint32_t v) { u8(v >> 8), u8(v); }
    void i16(int v) { u16(static_cast<std::uint32_t>(static_cast<std::uint16_t>(v))); }
    void u32(std::uint32_t v) { u16(v >> 16), u16(v & 0xFFFF); }
    void bytes(const std::vector<std::uint8_t>& b) { out.insert(out.end(), b.begin(), b.end()); }
    void pad4() {
        while (out.size() % 4) out.push_back(0);
    }
    std::vector<std::uint8_t> out;
};

inline std::uint32_t table_checksum(const std::vector<std::uint8_t>& t) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < t.size(); i += 4) {
        std::uint32_t word = 0;
        for (std::size_t j = 0; j < 4; ++j) word = word << 8 | (i + j < t.size() ? t[i + j] : 0u);
        sum += word;
    }
    return sum;
}

struct GlyphBox {
    int x_min = 0, y_min = 0, x_max = 0, y_max = 0;
};

// One simple glyph in glyf's format: contour ends, no instructions, flags and coordinates as
// deltas (short forms where they fit).
inline std::vector<std::uint8_t> glyf_entry(const GlyphOutline& g, GlyphBox& box) {
    BigEndian b;
    if (g.points.empty()) return {};
    box = {std::numeric_limits<int>::max(), std::numeric_limits<int>::max(),
           std::numeric_limits<int>::min(), std::numeric_limits<int>::min()};
    for (const FontPoint& p : g.points) {
        box.x_min = std::min(box.x_min, static_cast<int>(p.x));
        box.y_min = std::min(box.y_min, static_cast<int>(p.y));
        box.x_max = std::max(box.x_max, static_cast<int>(p.x));
        box.y_max = std::max(box.y_max, static_cast<int>(p.y));
    }
    b.i16(static_cast<int>(g.contour_ends.size()));
    b.i16(box.x_min), b.i16(box.y_min), b.i16(box.x_max), b.i16(box.y_max);
    for (std::size_t end : g.contour_ends) b.u16(static_cast<std::uint32_t>(end - 1));
    b.u16(0);  // no instructions
    std::vector<std::uint8_t> flags;
    BigEndian xs, ys;
    int px = 0, py = 0;
    for (const FontPoint& p : g.points) {
        std::uint8_t f = p.on ? 1 : 0;
        const int dx = static_cast<int>(p.x) - px, dy = static_cast<int>(p.y) - py;
        if (dx == 0) {
            f |= 0x10;  // same x
        } else if (dx >= -255 && dx <= 255) {
            f |= 0x02 | (dx > 0 ? 0x10 : 0);
            xs.u8(static_cast<std::uint32_t>(dx > 0 ? dx : -dx));
        } else {
            xs.i16(dx);
        }
        if (dy == 0) {
            f |= 0x20;
        } else if (dy >= -255 && dy <= 255) {
            f |= 0x04 | (dy > 0 ? 0x20 : 0);
            ys.u8(static_cast<std::uint32_t>(dy > 0 ? dy : -dy));
        } else {
            ys.i16(dy);
        }
        flags.push_back(f);
        px = static_cast<int>(p.x), py = static_cast<int>(p.y);
    }
    b.bytes(flags), b.bytes(xs.out), b.bytes(ys.out);
    return b.out;
}

// The subset font file. `glyphs` in subset order (index = new glyph id), all of one face with one
// units_per_em; `name` is the PostScript name (ASCII).
inline std::vector<std::uint8_t> build_truetype_subset(const std::vector<GlyphOutline>& glyphs,
                                                       const std::string& name, int ascent,
                                                       int descent) {
    const int upem = glyphs.empty() ? 2048 : glyphs.front().units_per_em;
    const std::size_t n = glyphs.size();
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> tables;

    // glyf and loca (long offsets).
    BigEndian glyf, loca;
    GlyphBox font_box{0, 0, 0, 0};
    bool any = false;
    int max_points = 0, max_contours = 0, max_advance = 0, min_lsb = 0, min_rsb = 0, max_extent = 0;
    std::vector<GlyphBox> boxes(n);
    for (std::size_t i = 0; i < n; ++i) {
        loca.u32(static_cast<std::uint32_t>(glyf.out.size()));
        glyf.bytes(glyf_entry(glyphs[i], boxes[i]));
        glyf.pad4();
        max_advance = std::max(max_advance, glyphs[i].advance);
        if (glyphs[i].points.empty()) continue;
        const GlyphBox& b = boxes[i];
        font_box =
            any ? GlyphBox{std::min(font_box.x_min, b.x_min), std::min(font_box.y_min, b.y_min),
                           std::max(font_box.x_max, b.x_max), std::max(font_box.y_max, b.y_max)}
                : b;
        min_lsb = any ? std::min(min_lsb, b.x_min) : b.x_min;
        min_rsb =
            any ? std::min(min_rsb, glyphs[i].advance - b.x_max) : glyphs[i].advance - b.x_max;
        max_extent = std::max(max_extent, b.x_max);
        any = true;
        max_points = std::max(max_points, static_cast<int>(glyphs[i].points.size()));
        max_contours = std::max(max_contours, static_cast<int>(glyphs[i].contour_ends.size()));
    }
    loca.u32(static_cast<std::uint32_t>(glyf.out.size()));

    BigEndian head;
    head.u32(0x00010000), head.u32(0x00010000);  // version, fontRevision
    head.u32(0);                                 // checkSumAdjustment, set below
    head.u32(0x5F0F3CF5);                        // magic
    head.u16(0x000B);                            // flags: baseline at 0, lsb at 0, integer ppem
    head.u16(static_cast<std::uint32_t>(upem));
    head.u32(0), head.u32(0), head.u32(0), head.u32(0);  // created, modified: none (deterministic)
    head.i16(font_box.x_min), head.i16(font_box.y_min), head.i16(font_box.x_max),
        head.i16(font_box.y_max);
    head.u16(0), head.u16(8), head.i16(2);  // macStyle, lowestRecPPEM, fontDirectionHint
    head.i16(1), head.i16(0);               // indexToLocFormat long, glyphDataFormat

    BigEndian hhea;
    hhea.u32(0x00010000);
    hhea.i16(ascent), hhea.i16(descent), hhea.i16(0);
    hhea.u16(static_cast<std::uint32_t>(max_advance));
    hhea.i16(min_lsb), hhea.i16(min_rsb), hhea.i16(max_extent);
    hhea.i16(1), hhea.i16(0), hhea.i16(0);  // caret slope rise, run, offset
    for (int i = 0; i < 4; ++i) hhea.i16(0);
    hhea.i16(0);  // metricDataFormat
    hhea.u16(static_cast<std::uint32_t>(n));

    BigEndian hmtx;
    for (std::size_t i = 0; i < n; ++i) {
        hmtx.u16(static_cast<std::uint32_t>(std::max(glyphs[i].advance, 0)));
        hmtx.i16(glyphs[i].points.empty() ? 0 : boxes[i].x_min);
    }

    BigEndian maxp;
    maxp.u32(0x00010000);
    maxp.u16(static_cast<std::uint32_t>(n));
    maxp.u16(static_cast<std::uint32_t>(max_points)),
        maxp.u16(static_cast<std::uint32_t>(max_contours));
    maxp.u16(0), maxp.u16(0);  // composites
    maxp.u16(2), maxp.u16(0), maxp.u16(0), maxp.u16(0), maxp.u16(0), maxp.u16(0), maxp.u16(0);
    maxp.u16(0), maxp.u16(0);  // component elements, depth

    // cmap: one format 4 subtable mapping nothing (the PDF reaches glyphs by CID = glyph id).
    BigEndian cmap;
    cmap.u16(0), cmap.u16(1);
    cmap.u16(3), cmap.u16(1), cmap.u32(12);
    cmap.u16(4), cmap.u16(24), cmap.u16(0);              // format, length, language
    cmap.u16(2), cmap.u16(2), cmap.u16(0), cmap.u16(0);  // segCountX2, searchRange, selector, shift
    cmap.u16(0xFFFF), cmap.u16(0), cmap.u16(0xFFFF), cmap.u16(1), cmap.u16(0);

    BigEndian post;
    post.u32(0x00030000);  // no glyph names
    post.u32(0), post.i16(-106), post.i16(50), post.u32(0);
    post.u32(0), post.u32(0), post.u32(0), post.u32(0);

    BigEndian name_table;
    {
        const std::string strings[] = {name, "Regular", name, name};
        const std::uint32_t ids[] = {1, 2, 4, 6};
        name_table.u16(0), name_table.u16(4), name_table.u16(6 + 12 * 4);
        std::uint32_t offset = 0;
        for (int i = 0; i < 4; ++i) {
            name_table.u16(1), name_table.u16(0), name_table.u16(0), name_table.u16(ids[i]);
            name_table.u16(static_cast<std::uint32_t>(strings[i].size()));
            name_table.u16(offset);
            offset += static_cast<std::uint32_t>(strings[i].size());
        }
        for (const std::string& s : strings)
            for (char c : s) name_table.u8(static_cast<unsigned char>(c));
    }

    BigEndian os2;
    os2.u16(4);                                     // version
    os2.i16(upem / 2);                              // xAvgCharWidth
    os2.u16(400), os2.u16(5), os2.u16(0);           // weight, width, fsType (installable)
    for (int i = 0; i < 10; ++i) os2.i16(0);        // sub/superscript sizes, strikeout
    os2.i16(0);                                     // family class
    for (int i = 0; i < 10; ++i) os2.u8(0);         // panose
    for (int i = 0; i < 4; ++i) os2.u32(0);         // unicode ranges
    os2.u32(0x20202020);                            // vendor
    os2.u16(0x40), os2.u16(0x20), os2.u16(0xFFFF);  // fsSelection regular, first, last char
    os2.i16(ascent), os2.i16(descent), os2.i16(0);
    os2.u16(static_cast<std::uint32_t>(std::max(0, font_box.y_max)));
    os2.u16(static_cast<std::uint32_t>(std::max(0, -font_box.y_min)));
    os2.u32(1), os2.u32(0);                                      // code page ranges
    os2.i16(0), os2.i16(0), os2.u16(0), os2.u16(0), os2.u16(0);  // xHeight, capHeight, ...

    tables = {{"OS/2", os2.out},        {"cmap", cmap.out}, {"glyf", glyf.out}, {"head", head.out},
              {"hhea", hhea.out},       {"hmtx", hmtx.out}, {"loca", loca.out}, {"maxp", maxp.out},
              {"name", name_table.out}, {"post", post.out}};
    const std::uint16_t count = static_cast<std::uint16_t>(tables.size());
    std::uint16_t power = 1, log2 = 0;
    while (power * 2 <= count) power = static_cast<std::uint16_t>(power * 2), ++log2;
    BigEndian file;
    file.u32(0x00010000), file.u16(count);
    file.u16(power * 16u), file.u16(log2), file.u16(count * 16u - power * 16u);
    std::uint32_t offset = 12 + 16u * count;
    std::size_t head_offset = 0;
    for (auto& [tag, data] : tables) {
        for (char c : tag) file.u8(static_cast<unsigned char>(c));
        file.u32(table_checksum(data));
        file.u32(offset);
        file.u32(static_cast<std::uint32_t>(data.size()));
        if (tag == "head") head_offset = offset;
        offset += static_cast<std::uint32_t>((data.size() + 3) / 4 * 4);
    }
    for (auto& [tag, data] : tables) {
        file.bytes(data);
        file.pad4();
    }
    // head's checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    const std::uint32_t adjust = 0xB1B0AFBAu - table_checksum(file.out);
    for (int i = 0; i < 4; ++i)
        file.out[head_offset + 8 + static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(adjust >> (24 - 8 * i));
    return file.out;
}

}  // namespace detail
}  // namespace heatmap
