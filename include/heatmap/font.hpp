#pragma once
// The embedded font: DejaVu Sans, Matplotlib's default, decoded from font_data.hpp on first use. No
// font file and no FreeType: outlines, advances and kerning come from the header, scaled the way
// FreeType scales them under Matplotlib's settings (26.6 fixed point, 8x horizontal resolution,
// hinted advances), and at the sizes figures use, the autohinted outlines themselves, so that those
// sizes measure and draw as Matplotlib does.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <vector>

#include "font_data.hpp"

namespace heatmap {
namespace detail {

inline int unzigzag(unsigned long z) {
    return (z & 1) ? -static_cast<int>(z >> 1) - 1 : static_cast<int>(z >> 1);
}

// Reads the signed varints tools/gen_font.py writes: 5 bits per character, low bits first, a
// character from the upper half of the alphabet meaning more follow, then zigzag sign. A table is a
// null-terminated list of chunks, split between values.
class VarintReader {
  public:
    explicit VarintReader(const char* const* chunks) : chunk_(chunks), p_(*chunks) {}
    long next() { return unzigzag(next_unsigned()); }
    unsigned long next_unsigned() {
        unsigned long z = 0;
        int shift = 0;
        if (!*p_) p_ = *++chunk_;
        for (;;) {
            const int digit = value(*p_++);
            z |= static_cast<unsigned long>(digit & 31) << shift;
            shift += 5;
            if (digit < 32) break;
        }
        return z;
    }

  private:
    static int value(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
        if (c >= 'a' && c <= 'z') return c - 'a' + 36;
        return c == '+' ? 62 : 63;
    }
    const char* const* chunk_;
    const char* p_;
};

// The decoded font. Points are in half font units (decomposed midpoints may fall between units).
struct FontTables {
    std::vector<char32_t> codepoints;  // sorted
    std::vector<std::uint16_t> cmap_glyph;
    std::vector<int> advance;                  // per glyph, font units
    std::vector<std::uint32_t> first_contour;  // per glyph, plus one past the end
    std::vector<std::uint32_t> contour_end;    // per contour: one past its last point
    std::vector<std::int32_t> x2, y2;          // per point
    std::vector<std::uint8_t> on;          // per point: 1 on the curve, 0 a quadratic control point
    std::vector<std::uint32_t> kern_key;   // left << 16 | right, sorted
    std::vector<std::int16_t> kern_value;  // font units
    std::vector<int> baked_slot;           // per glyph: index among hinted glyphs, or -1
    std::vector<std::uint32_t> baked_point;  // per hinted glyph: index of its first correction
    // One baked size. Its corrections are decoded on first use, by one thread (call_once): a figure
    // uses two or three of the 33 sizes, and decoding them all cost a tenth of a whole run.
    struct HintedSize {
        HintedSize(long k, VarintReader d) : key(k), data(d) {}
        long key;           // int(points * 64) * dpi
        VarintReader data;  // its table, font_data::hinted_sizes[i]
        mutable std::once_flag decoded;
        mutable std::vector<int> advance;              // per hinted glyph: correction in 8x pixels
        mutable std::vector<std::int16_t> correction;  // per hinted glyph point: dx, dy in 26.6
    };
    std::vector<int> baked;  // the hinted glyphs, in the order their values are stored
    std::vector<std::unique_ptr<HintedSize>> sizes;

    // The size's advances and corrections, decoded now if this is their first use.
    const HintedSize& decoded(const HintedSize& size) const;

    std::uint32_t point_begin(int glyph) const {
        const std::uint32_t c = first_contour[glyph];
        return c == 0 ? 0 : contour_end[c - 1];
    }
};

inline FontTables decode_font() {
    namespace fd = font_data;
    FontTables t;
    VarintReader cm(fd::cmap);
    const long ncp = cm.next();
    char32_t cp = 0;
    for (long i = 0; i < ncp; ++i) {
        cp += static_cast<char32_t>(cm.next());
        t.codepoints.push_back(cp);
        t.cmap_glyph.push_back(static_cast<std::uint16_t>(cm.next()));
    }
    VarintReader gl(fd::glyphs);
    const long nglyphs = gl.next();
    for (long g = 0; g < nglyphs; ++g) {
        t.advance.push_back(static_cast<int>(gl.next()));
        t.first_contour.push_back(static_cast<std::uint32_t>(t.contour_end.size()));
        const long ncontours = gl.next();
        std::int32_t x = 0, y = 0;
        for (long c = 0; c < ncontours; ++c) {
            const long npoints = gl.next();
            for (long p = 0; p < npoints; ++p) {
                const long dx = gl.next();
                x += static_cast<std::int32_t>(dx >> 1);  // arithmetic: dx*2+off keeps the low bit
                y += static_cast<std::int32_t>(gl.next());
                t.x2.push_back(x);
                t.y2.push_back(y);
                t.on.push_back(static_cast<std::uint8_t>((dx & 1) == 0));
            }
            t.contour_end.push_back(static_cast<std::uint32_t>(t.x2.size()));
        }
    }
    t.first_contour.push_back(static_cast<std::uint32_t>(t.contour_end.size()));
    VarintReader kr(fd::kerning);
    const long npairs = kr.next();
    std::uint32_t key = 0;
    for (long i = 0; i < npairs; ++i) {
        key += static_cast<std::uint32_t>(kr.next());
        t.kern_key.push_back(key);
        t.kern_value.push_back(static_cast<std::int16_t>(kr.next()));
    }
    VarintReader hr(fd::hinted);
    const long nbaked = hr.next();
    t.baked_slot.assign(static_cast<std::size_t>(nglyphs), -1);
    std::uint32_t corrections = 0;
    for (long i = 0; i < nbaked; ++i) {
        const int g = static_cast<int>(hr.next());
        t.baked.push_back(g);
        t.baked_slot[g] = static_cast<int>(i);
        t.baked_point.push_back(corrections);
        corrections += 2 * (t.point_begin(g + 1) - t.point_begin(g));
    }
    // Each size has its own table, which FontTables::decoded reads when a text needs it.
    static_assert(std::size(fd::hinted_keys) == std::size(fd::hinted_sizes));
    for (std::size_t s = 0; s < std::size(fd::hinted_keys); ++s)
        t.sizes.push_back(std::make_unique<FontTables::HintedSize>(
            fd::hinted_keys[s], VarintReader(fd::hinted_sizes[s])));
    return t;
}

inline const FontTables::HintedSize& FontTables::decoded(const HintedSize& size) const {
    std::call_once(size.decoded, [&] {
        VarintReader hr = size.data;
        std::uint32_t corrections = 0;
        for (int g : baked) corrections += 2 * (point_begin(g + 1) - point_begin(g));
        size.correction.reserve(corrections);
        for (int g : baked) {
            size.advance.push_back(static_cast<int>(hr.next()));
            // Undo gen_font.py's packing: one value 17 * zz(dy - predicted) + min(zz(dx), 16), the
            // prediction being the y correction of the last point at the same height, else of the
            // previous point.
            const std::uint32_t begin = point_begin(g), end = point_begin(g + 1);
            const std::size_t base = size.correction.size();
            int previous = 0;
            for (std::uint32_t p = begin; p < end; ++p) {
                const unsigned long v = hr.next_unsigned();
                unsigned long zx = v % 17;
                if (zx == 16) zx += hr.next_unsigned();
                int predicted = previous;
                for (std::uint32_t q = p; q-- > begin;)
                    if (y2[q] == y2[p]) {
                        predicted = size.correction[base + 2 * (q - begin) + 1];
                        break;
                    }
                const int dy = predicted + unzigzag(v / 17);
                size.correction.push_back(static_cast<std::int16_t>(unzigzag(zx)));
                size.correction.push_back(static_cast<std::int16_t>(dy));
                previous = dy;
            }
        }
    });
    return size;
}

// Decoded once, on first use (thread-safe), then only read.
inline const FontTables& font_tables() {
    static const FontTables tables = decode_font();
    return tables;
}

// One contour point scaled to a size, in 26.6 pixels, y up, relative to the glyph's origin.
struct ScaledPoint {
    long x, y;
    bool on;
};

// The font at one size and resolution, as FreeType sets it for Matplotlib: the size is int(points *
// 64) 26.6 units at int(dpi), the hinter works on a grid 8 times finer horizontally.
class FontInstance {
  public:
    FontInstance(double size_pt, double dpi) : tables_(&font_tables()) {
        const long size64 = static_cast<long>(size_pt * 64);
        const long idpi = static_cast<long>(dpi);
        scale_ = static_cast<double>(size64 * idpi) / 72.0 / font_data::units_per_em;
        if (static_cast<double>(idpi) == dpi) {
            for (const auto& s : tables_->sizes)
                if (s->key == size64 * idpi) hinted_ = &tables_->decoded(*s);
        }
        fit_blue_zones();  // for glyphs without baked outlines at this size
    }

    // True when this size carries the autohinted outlines and advances.
    bool hinted() const { return hinted_ != nullptr; }
    // 26.6 units per font unit.
    double scale() const { return scale_; }

    // The glyph for a code point; 0 (the missing-glyph box) when the font lacks it.
    int glyph(char32_t cp) const {
        const auto& c = tables_->codepoints;
        const auto it = std::lower_bound(c.begin(), c.end(), cp);
        return it != c.end() && *it == cp
                   ? tables_->cmap_glyph[static_cast<std::size_t>(it - c.begin())]
                   : 0;
    }

    // Advance in 26.6: FreeType rounds it to whole pixels of the 8x grid, the hinter may move it a
    // step.
    long advance(int g) const {
        long px8 = static_cast<long>(std::nearbyint(tables_->advance[g] * scale_ * 8 / 64));
        const int slot = tables_->baked_slot[g];
        if (hinted_ && slot >= 0) px8 += hinted_->advance[slot];
        return px8 * 8;
    }

    // Kerning in 26.6 as FreeType's FT_KERNING_DEFAULT gives it on the 8x grid, then Matplotlib's
    // / 8.
    long kerning(int left, int right) const {
        const std::uint32_t key =
            static_cast<std::uint32_t>(left) << 16 | static_cast<std::uint32_t>(right);
        const auto& k = tables_->kern_key;
        const auto it = std::lower_bound(k.begin(), k.end(), key);
        if (it == k.end() || *it != key) return 0;
        const double scaled = std::nearbyint(
            tables_->kern_value[static_cast<std::size_t>(it - k.begin())] * scale_ * 8);
        return static_cast<long>(std::floor((scaled + 32) / 64)) * 64 / 8;
    }

    // The glyph's outline in 26.6; contour_ends receives one past each contour's last point;
    // oblique slants it as DejaVu Sans Oblique (mathtext's letters), unhinted.
    void outline(int g, std::vector<ScaledPoint>& points, std::vector<std::size_t>& contour_ends,
                 bool oblique = false) const {
        const FontTables& t = *tables_;
        points.clear();
        contour_ends.clear();
        const int slot = t.baked_slot[g];
        const std::int16_t* fix = hinted_ && slot >= 0 && !oblique
                                      ? hinted_->correction.data() + t.baked_point[slot]
                                      : nullptr;
        const double slant =
            oblique ? std::tan(font_data::oblique_angle * 3.14159265358979323846 / 180) : 0.0;
        const double shift = oblique ? font_data::oblique_shift : 0.0;
        const std::uint32_t begin = t.point_begin(g);
        for (std::uint32_t c = t.first_contour[g]; c < t.first_contour[g + 1]; ++c) {
            for (std::uint32_t p = c == t.first_contour[g] ? begin : t.contour_end[c - 1];
                 p < t.contour_end[c]; ++p) {
                // Rounded half to even, as the generator (Python's round) predicted the
                // corrections.
                long x = static_cast<long>(std::nearbyint(t.x2[p] / 2.0 * scale_));
                if (oblique)
                    x = static_cast<long>(
                        std::nearbyint((t.x2[p] / 2.0 + t.y2[p] / 2.0 * slant - shift) * scale_));
                long y = static_cast<long>(std::nearbyint(t.y2[p] / 2.0 * scale_));
                if (fix) x += fix[2 * (p - begin)], y += fix[2 * (p - begin) + 1];
                if (!fix) y = static_cast<long>(std::nearbyint(snap_y(t.y2[p] / 2.0)));
                points.push_back({x, y, t.on[p] != 0});
            }
            contour_ends.push_back(points.size());
        }
    }

  private:
    // Where no autohinted outline is baked (a size or a glyph), heights are snapped the way the
    // autohinter snaps its blue zones: the vertical scale stretched so the x-height's overshoot
    // lands on a pixel (rounding up from 24/64), each zone's flat edge rounded, its overshoot kept
    // at 0, 1/2 or whole pixels; points between zones are interpolated. Stems are not snapped; that
    // is what the baked sizes add.
    void fit_blue_zones() {
        const auto& z = font_data::blue_zones;
        const double scaled = z[1][1] * scale_;
        const double fitted = std::floor((std::nearbyint(scaled) + 40) / 64) * 64;
        y_scale_ = scaled > 0 ? scale_ * fitted / scaled : scale_;
        knots_ = 0;
        for (const auto& zone : z) {
            const double ref = std::floor((zone[0] * y_scale_ + 32) / 64) * 64;
            const double d = (zone[1] - zone[0]) * y_scale_, a = std::abs(d);
            double shoot = a < 32   ? 0
                           : a < 64 ? 32 + std::floor((a - 32 + 16) / 32) * 32
                                    : std::floor((a + 32) / 64) * 64;
            if (d < 0) shoot = -shoot;
            add_knot(zone[0], ref);
            if (zone[1] != zone[0]) add_knot(zone[1], ref + shoot);
        }
    }
    void add_knot(double unit, double fit) {
        int i = knots_++;
        for (; i > 0 && knot_unit_[i - 1] > unit; --i)
            knot_unit_[i] = knot_unit_[i - 1], knot_fit_[i] = knot_fit_[i - 1];
        knot_unit_[i] = unit, knot_fit_[i] = fit;
    }
    // y in font units to 26.6, through the fitted zones.
    double snap_y(double y) const {
        for (int i = 0; i < knots_; ++i)
            if (std::abs(y - knot_unit_[i]) <= 8) return knot_fit_[i];
        if (y < knot_unit_[0]) return knot_fit_[0] + (y - knot_unit_[0]) * y_scale_;
        for (int i = 1; i < knots_; ++i)
            if (y <= knot_unit_[i])
                return knot_fit_[i - 1] + (knot_fit_[i] - knot_fit_[i - 1]) *
                                              (y - knot_unit_[i - 1]) /
                                              (knot_unit_[i] - knot_unit_[i - 1]);
        return knot_fit_[knots_ - 1] + (y - knot_unit_[knots_ - 1]) * y_scale_;
    }

    const FontTables* tables_;
    const FontTables::HintedSize* hinted_ = nullptr;
    double scale_ = 0, y_scale_ = 0;
    double knot_unit_[10] = {}, knot_fit_[10] = {};
    int knots_ = 0;
};

}  // namespace detail

// True when the embedded font has a glyph of its own for code point cp (others draw as a box).
inline bool font_has_glyph(char32_t cp) {
    const auto& c = detail::font_tables().codepoints;
    return std::binary_search(c.begin(), c.end(), cp);
}

}  // namespace heatmap
