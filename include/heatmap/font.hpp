#pragma once
// The fonts text is set in: DejaVu Sans, Matplotlib's default, compiled in, then the TrueType files
// a figure adds (FontSet::with_fallback) for the characters DejaVu Sans lacks, as Matplotlib's font
// fallback does: each character comes from the first font that has it, and one no font has draws as
// DejaVu Sans' missing-glyph box (missing_glyphs lists those, so none goes unreported).
//
// The embedded font is every glyph of DejaVu Sans 2.35 (Matplotlib's own copy) with its 'kern'
// pairs, stored in font_data.hpp (written by tools/gen_font.py) and compiled only where the
// library's definitions are (config.hpp). It is decoded on first use, 64 glyphs at a time: a
// figure in Latin touches two or three blocks of the 93. Outlines are scaled the way FreeType
// scales them under Matplotlib's settings (26.6 fixed point, 8x horizontal resolution, hinted
// advances); at the sizes figures use, the autohinted outlines of the glyphs labels use most are
// baked in, so those sizes measure and draw as Matplotlib does; elsewhere the autohinter's blue
// zones are snapped. Fallback files are drawn unhinted.
//
// Glyphs of every font share one id space: DejaVu Sans' glyphs first, then each fallback file's,
// in order, so text.hpp handles a glyph id without knowing which font it came from.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "font_file.hpp"

namespace heatmap {

// The fonts of a figure: DejaVu Sans, then fallback font files in the order they were added.
// Immutable once built, and cheap to copy (copies share the files).
//
//   heatmap::FontSet fonts = heatmap::FontSet().with_fallback(
//       "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
class FontSet {
  public:
    FontSet() = default;  // DejaVu Sans alone

    // A copy with the TrueType font file at path after the fonts already here. Throws
    // heatmap::io_error when the file cannot be read and heatmap::invalid_input when it is not a
    // TrueType font heatmap can read (CFF-outline .otf fonts are not), naming the fault and fix.
    HEATMAP_FUNC FontSet with_fallback(const std::string& path) const;
    // The same for a font file already in memory; name is how messages call it.
    HEATMAP_FUNC FontSet with_fallback(std::vector<unsigned char> bytes,
                                       const std::string& name) const;

    // Fonts in the set, DejaVu Sans included.
    std::size_t size() const { return 1 + (fallbacks_ ? fallbacks_->size() : 0); }
    // "DejaVu Sans" for face 0, then each fallback file's path (or name).
    HEATMAP_FUNC std::string face_name(std::size_t face) const;
    HEATMAP_FUNC int units_per_em(std::size_t face) const;
    // True when some font of the set has a glyph of its own for code point cp.
    HEATMAP_FUNC bool has_glyph(char32_t cp) const;

    // Equal for copies of one set (what caches of shaped text key on); DejaVu Sans alone is null.
    const void* id() const { return fallbacks_.get(); }

    // The fallback files, in order (face i + 1 is file i).
    const std::vector<std::shared_ptr<const detail::FontFile>>& fallbacks() const {
        static const std::vector<std::shared_ptr<const detail::FontFile>> none;
        return fallbacks_ ? *fallbacks_ : none;
    }

  private:
    std::shared_ptr<const std::vector<std::shared_ptr<const detail::FontFile>>> fallbacks_;
};

// The code points of text that no font of the set has, each once, in the order they first come
// (they draw as DejaVu Sans' missing-glyph box); '\n' is a line break, not a character. text.hpp
// has the same for UTF-8.
HEATMAP_FUNC std::u32string missing_glyphs(std::u32string_view text,
                                           const FontSet& fonts = FontSet());

// True when the embedded DejaVu Sans has a glyph of its own for code point cp.
HEATMAP_FUNC bool font_has_glyph(char32_t cp);

namespace detail {

struct EmbeddedFont;  // font_data.hpp decoded; defined with the definitions
struct HintedSize;    // one size's baked autohinted outlines

// One contour point scaled to a size, in 26.6 pixels, y up, relative to the glyph's origin.
struct ScaledPoint {
    long x, y;
    bool on;
};

// A glyph as its font stores it, for vector output (SVG, PDF subsets): TrueType contours in font
// units (on-curve points and quadratic control points, two control points in a row implying the
// on-curve point between them), unhinted, unslanted.
struct GlyphOutline {
    int face = 0;   // 0 DejaVu Sans, then the fallback files in order
    int glyph = 0;  // the glyph's own id in that font
    int units_per_em = 0;
    int advance = 0;  // font units
    std::vector<FontPoint> points;
    std::vector<std::size_t> contour_ends;  // one past each contour's last point
};

// mathtext's letters are DejaVu Sans Oblique, which heatmap slants from the upright outlines: a point
// (x, y) in font units moves to x + y * slant - shift * units_per_em / 2048.
struct ObliqueSlant {
    double slant, shift;
};
HEATMAP_FUNC ObliqueSlant oblique_slant();

// The fonts at one size and resolution, as FreeType sets them for Matplotlib: the size is int(points
// * 64) 26.6 units at int(dpi), the hinter works on a grid 8 times finer horizontally.
class FontInstance {
  public:
    HEATMAP_FUNC FontInstance(double size_pt, double dpi);  // DejaVu Sans alone
    HEATMAP_FUNC FontInstance(const FontSet& fonts, double size_pt, double dpi);

    // True when this size carries DejaVu Sans' autohinted outlines and advances.
    bool hinted() const { return hinted_ != nullptr; }
    // DejaVu Sans' 26.6 units per font unit.
    double scale() const { return scale_; }
    // Pixels per em: FreeType's size in 26.6, int(points * 64) at int(dpi).
    double em_pixels() const { return static_cast<double>(size64_ * dpi_) / 72.0 / 64.0; }
    const FontSet& fonts() const { return fonts_; }

    // The glyph for a code point from the first font that has it; 0 (DejaVu Sans' missing-glyph
    // box) when none has.
    HEATMAP_FUNC int glyph(char32_t cp) const;
    // Advance in 26.6: FreeType rounds it to whole pixels of the 8x grid, the hinter may move it
    // a step.
    HEATMAP_FUNC long advance(int g) const;
    // The advance unrounded (FT2Font's linearHoriAdvance), 26.6; mathtext lays out with it.
    HEATMAP_FUNC double linear_advance(int g) const;
    // Kerning in 26.6 as FreeType's FT_KERNING_DEFAULT gives it on the 8x grid, then Matplotlib's
    // / 8; glyphs of different fonts do not kern.
    HEATMAP_FUNC long kerning(int left, int right) const;
    // The kerning scaled to the 8x grid in 26.6, before any rounding.
    HEATMAP_FUNC double kerning_8x(int left, int right) const;
    // The glyph's outline in 26.6; contour_ends receives one past each contour's last point;
    // oblique slants it as DejaVu Sans Oblique (mathtext's letters), unhinted.
    HEATMAP_FUNC void outline(int g, std::vector<ScaledPoint>& points,
                              std::vector<std::size_t>& contour_ends, bool oblique = false) const;

    // Which font of the set glyph g comes from (0 DejaVu Sans).
    HEATMAP_FUNC int face(int g) const;
    // The glyph as its font stores it, in font units, for vector output.
    HEATMAP_FUNC GlyphOutline font_outline(int g) const;

  private:
    // Font file i's glyphs start at id base (the ids before are DejaVu Sans' and earlier files').
    HEATMAP_FUNC const FontFile* fallback_of(int g, int& local, double& scale) const;
    HEATMAP_FUNC void fit_blue_zones();
    HEATMAP_FUNC void add_knot(double unit, double fit);
    HEATMAP_FUNC double snap_y(double y) const;

    FontSet fonts_;
    const EmbeddedFont* embedded_ = nullptr;
    const HintedSize* hinted_ = nullptr;
    double scale_ = 0, y_scale_ = 0;
    long size64_ = 0, dpi_ = 0;
    double knot_unit_[10] = {}, knot_fit_[10] = {};
    int knots_ = 0;
};

}  // namespace detail
}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <iterator>
#include <mutex>

#include "font_data.hpp"

namespace heatmap {
namespace detail {

inline int unzigzag(unsigned long z) {
    return (z & 1) ? -static_cast<int>(z >> 1) - 1 : static_cast<int>(z >> 1);
}

// Reads the varints tools/gen_font.py writes: 5 bits per character, low bits first, a character
// from the upper half of the alphabet meaning more follow; signed ones zigzag coded. A table is a
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

// A decomposed outline point in half font units (implied midpoints fall between units).
struct HalfPoint {
    std::int32_t x2, y2;
    std::uint8_t flags;  // bit 0: on the curve; bit 1: an implied midpoint the font does not store
};

// A TrueType contour as FreeType's FT_Outline_Decompose walks it: from an on-curve point (the
// first, else the last, else the midpoint of the two), each implied midpoint between two control
// points made explicit, the segment closing the contour left implicit.
inline void decompose_contour(const FontPoint* p, std::size_t n, std::vector<HalfPoint>& out) {
    if (n == 0) return;
    auto half = [](const FontPoint& a, std::uint8_t flags) {
        return HalfPoint{2 * a.x, 2 * a.y, flags};
    };
    auto mid = [](HalfPoint a, HalfPoint b) {
        return HalfPoint{(a.x2 + b.x2) / 2, (a.y2 + b.y2) / 2, 3};
    };
    const std::size_t start = out.size();
    HalfPoint first;
    std::size_t from = 0, to = n;  // the points after `first`, then `first` again
    if (p[0].on) {
        first = half(p[0], 1), from = 1;
    } else if (p[n - 1].on) {
        first = half(p[n - 1], 1);
    } else {
        first = mid(half(p[0], 0), half(p[n - 1], 0));
    }
    out.push_back(first);
    bool previous_off = false;
    auto add = [&](HalfPoint q) {
        if (!(q.flags & 1) && previous_off) out.push_back(mid(out.back(), q));
        previous_off = !(q.flags & 1);
        out.push_back(q);
    };
    for (std::size_t i = from; i < to; ++i) add(half(p[i], p[i].on ? 1 : 0));
    if (p[0].on) add(first);
    if (!p[0].on && !p[n - 1].on) add(first);
    const HalfPoint& last = out.back();
    if (out.size() > start + 1 && (last.flags & 1) && last.x2 == first.x2 && last.y2 == first.y2)
        out.pop_back();
}

// One baked size: per glyph block, the autohinted advances and outline corrections of the block's
// baked glyphs, decoded the first time a text at this size uses one of them.
struct HintedSize {
    struct Block {
        std::once_flag decoded;
        std::vector<int> advance;              // per baked glyph: correction in 8x pixels
        std::vector<std::uint32_t> first;      // per baked glyph: its first correction
        std::vector<std::int16_t> correction;  // per baked glyph point: dx, dy in 26.6
    };
    HintedSize(long k, const char* const* d, std::size_t blocks)
        : key(k), data(d), block(std::make_unique<Block[]>(blocks)) {}
    long key;                 // int(points * 64) * dpi
    const char* const* data;  // one string per glyph block, font_data::hinted_sizes[i]
    std::unique_ptr<Block[]> block;
};

// DejaVu Sans as font_data.hpp stores it: the character map and kerning decoded when first used,
// glyphs a block at a time as text needs them, each baked size's hinting when a text uses it.
struct EmbeddedFont {
    struct Glyph {
        int advance = 0;          // font units
        std::uint32_t first = 0;  // its first contour, or first component
        std::uint32_t count = 0;  // contours, or components
        bool composite = false;
    };
    struct Component {
        int glyph;
        std::int32_t dx2, dy2;  // half font units
    };
    struct Block {
        std::once_flag parsed;
        std::vector<Glyph> glyphs;
        std::vector<std::uint32_t> contour_end;  // one past each contour's last point
        std::vector<HalfPoint> points;
        std::vector<Component> components;
    };

    std::vector<char32_t> codepoints;  // sorted
    std::vector<std::uint16_t> cmap_glyph;
    std::vector<std::uint32_t> kern_key;   // left << 16 | right, sorted
    std::vector<std::int16_t> kern_value;  // font units
    std::unique_ptr<Block[]> blocks;
    std::vector<int> baked_slot;          // per glyph: index among its block's baked glyphs, or -1
    std::vector<std::vector<int>> baked;  // per block: its baked glyphs, as their values are stored
    std::vector<std::unique_ptr<HintedSize>> sizes;

    HEATMAP_FUNC EmbeddedFont();
    HEATMAP_FUNC const Block& block(int b) const;
    const Glyph& entry(int g) const {
        return block(g / font_data::glyph_block_size)
            .glyphs[static_cast<std::size_t>(g % font_data::glyph_block_size)];
    }
    // Calls f(points, count, dx2, dy2) for each contour of glyph g, components' contours moved by
    // their offsets.
    template <class F>
    void for_each_contour(int g, F&& f) const {
        const Block& b = block(g / font_data::glyph_block_size);
        const Glyph& e = b.glyphs[static_cast<std::size_t>(g % font_data::glyph_block_size)];
        if (e.composite) {
            for (std::uint32_t i = 0; i < e.count; ++i) {
                const Component& c = b.components[e.first + i];
                const Block& cb = block(c.glyph / font_data::glyph_block_size);
                const Glyph& ce =
                    cb.glyphs[static_cast<std::size_t>(c.glyph % font_data::glyph_block_size)];
                for (std::uint32_t k = ce.first; k < ce.first + ce.count; ++k) {
                    const std::uint32_t begin = k ? cb.contour_end[k - 1] : 0;
                    f(&cb.points[begin], cb.contour_end[k] - begin, c.dx2, c.dy2);
                }
            }
            return;
        }
        for (std::uint32_t k = e.first; k < e.first + e.count; ++k) {
            const std::uint32_t begin = k ? b.contour_end[k - 1] : 0;
            f(&b.points[begin], b.contour_end[k] - begin, 0, 0);
        }
    }
    // The size's corrections for glyph block b, decoded now if this is their first use.
    HEATMAP_FUNC const HintedSize::Block& hinted(const HintedSize& size, int b) const;
};

HEATMAP_FUNC EmbeddedFont::EmbeddedFont() {
    namespace fd = font_data;
    VarintReader cm(fd::cmap);
    const long ncp = cm.next();
    char32_t cp = 0;
    codepoints.reserve(static_cast<std::size_t>(ncp));
    cmap_glyph.reserve(static_cast<std::size_t>(ncp));
    for (long i = 0; i < ncp; ++i) {
        cp += static_cast<char32_t>(cm.next());
        codepoints.push_back(cp);
        cmap_glyph.push_back(static_cast<std::uint16_t>(cm.next()));
    }
    blocks = std::make_unique<Block[]>(std::size(fd::glyph_blocks));
    VarintReader kr(fd::kerning);
    const long npairs = kr.next();
    std::uint32_t key = 0;
    for (long i = 0; i < npairs; ++i) {
        key += static_cast<std::uint32_t>(kr.next());
        kern_key.push_back(key);
        kern_value.push_back(static_cast<std::int16_t>(kr.next()));
    }
    VarintReader hr(fd::hinted);
    const long nbaked = hr.next();
    baked_slot.assign(static_cast<std::size_t>(fd::glyph_count), -1);
    baked.resize(std::size(fd::glyph_blocks));
    for (long i = 0; i < nbaked; ++i) {
        const int g = static_cast<int>(hr.next());
        auto& in_block = baked[static_cast<std::size_t>(g / fd::glyph_block_size)];
        baked_slot[static_cast<std::size_t>(g)] = static_cast<int>(in_block.size());
        in_block.push_back(g);
    }
    static_assert(std::size(fd::hinted_keys) == std::size(fd::hinted_sizes));
    for (std::size_t s = 0; s < std::size(fd::hinted_keys); ++s)
        sizes.push_back(std::make_unique<HintedSize>(fd::hinted_keys[s], fd::hinted_sizes[s],
                                                     std::size(fd::glyph_blocks)));
}

HEATMAP_FUNC const EmbeddedFont::Block& EmbeddedFont::block(int index) const {
    Block& b = blocks[static_cast<std::size_t>(index)];
    std::call_once(b.parsed, [&] {
        namespace fd = font_data;
        VarintReader r(&fd::glyph_blocks[index]);
        const int first = index * fd::glyph_block_size;
        const int end = std::min(fd::glyph_count, first + fd::glyph_block_size);
        std::vector<FontPoint> raw;
        for (int g = first; g < end; ++g) {
            Glyph e;
            e.advance = static_cast<int>(r.next_unsigned());
            const unsigned long kind = r.next_unsigned();
            e.count = static_cast<std::uint32_t>(kind >> 1);
            e.composite = (kind & 1) != 0;
            if (e.composite) {
                e.first = static_cast<std::uint32_t>(b.components.size());
                for (std::uint32_t i = 0; i < e.count; ++i) {
                    const int part = g + static_cast<int>(r.next());
                    const auto dx = static_cast<std::int32_t>(r.next());
                    const auto dy = static_cast<std::int32_t>(r.next());
                    b.components.push_back({part, 2 * dx, 2 * dy});
                }
            } else {
                e.first = static_cast<std::uint32_t>(b.contour_end.size());
                std::int32_t x = 0, y = 0;
                for (std::uint32_t c = 0; c < e.count; ++c) {
                    const unsigned long n = r.next_unsigned();
                    raw.clear();
                    for (unsigned long p = 0; p < n; ++p) {
                        const long dx = r.next();
                        x += static_cast<std::int32_t>(dx >> 1);  // arithmetic: dx*2+off
                        y += static_cast<std::int32_t>(r.next());
                        raw.push_back({x, y, (dx & 1) == 0});
                    }
                    decompose_contour(raw.data(), raw.size(), b.points);
                    b.contour_end.push_back(static_cast<std::uint32_t>(b.points.size()));
                }
            }
            b.glyphs.push_back(e);
        }
    });
    return b;
}

HEATMAP_FUNC const HintedSize::Block& EmbeddedFont::hinted(const HintedSize& size, int b) const {
    HintedSize::Block& h = size.block[static_cast<std::size_t>(b)];
    std::call_once(h.decoded, [&] {
        VarintReader hr(&size.data[b]);
        std::vector<HalfPoint> pts;
        for (int g : baked[static_cast<std::size_t>(b)]) {
            h.advance.push_back(static_cast<int>(hr.next()));
            h.first.push_back(static_cast<std::uint32_t>(h.correction.size()));
            pts.clear();
            for_each_contour(g, [&](const HalfPoint* p, std::size_t n, int, int dy2) {
                for (std::size_t i = 0; i < n; ++i) pts.push_back({p[i].x2, p[i].y2 + dy2, 0});
            });
            // Undo gen_font.py's packing: one value 17 * zz(dy - predicted) + min(zz(dx), 16), the
            // prediction being the y correction of the last point at the same height, else of the
            // previous point.
            const std::size_t base = h.correction.size();
            int previous = 0;
            for (std::size_t p = 0; p < pts.size(); ++p) {
                const unsigned long v = hr.next_unsigned();
                unsigned long zx = v % 17;
                if (zx == 16) zx += hr.next_unsigned();
                int predicted = previous;
                for (std::size_t q = p; q-- > 0;)
                    if (pts[q].y2 == pts[p].y2) {
                        predicted = h.correction[base + 2 * q + 1];
                        break;
                    }
                const int dy = predicted + unzigzag(v / 17);
                h.correction.push_back(static_cast<std::int16_t>(unzigzag(zx)));
                h.correction.push_back(static_cast<std::int16_t>(dy));
                previous = dy;
            }
        }
    });
    return h;
}

// Decoded once, on first use (thread-safe), then read; blocks and sizes decode themselves.
HEATMAP_FUNC const EmbeddedFont& embedded_font() {
    static const EmbeddedFont font;
    return font;
}

HEATMAP_FUNC FontInstance::FontInstance(double size_pt, double dpi)
    : FontInstance(FontSet(), size_pt, dpi) {}

HEATMAP_FUNC FontInstance::FontInstance(const FontSet& fonts, double size_pt, double dpi)
    : fonts_(fonts), embedded_(&embedded_font()) {
    size64_ = static_cast<long>(size_pt * 64);
    dpi_ = static_cast<long>(dpi);
    scale_ = static_cast<double>(size64_ * dpi_) / 72.0 / font_data::units_per_em;
    if (static_cast<double>(dpi_) == dpi) {
        for (const auto& s : embedded_->sizes)
            if (s->key == size64_ * dpi_) hinted_ = s.get();
    }
    fit_blue_zones();  // for glyphs without baked outlines at this size
}

HEATMAP_FUNC const FontFile* FontInstance::fallback_of(int g, int& local, double& scale) const {
    int base = font_data::glyph_count;
    for (const auto& file : fonts_.fallbacks()) {
        if (g < base + file->glyph_count()) {
            local = g - base;
            scale = static_cast<double>(size64_ * dpi_) / 72.0 / file->units_per_em();
            return file.get();
        }
        base += file->glyph_count();
    }
    return nullptr;
}

HEATMAP_FUNC int FontInstance::glyph(char32_t cp) const {
    const auto& c = embedded_->codepoints;
    const auto it = std::lower_bound(c.begin(), c.end(), cp);
    if (it != c.end() && *it == cp)
        return embedded_->cmap_glyph[static_cast<std::size_t>(it - c.begin())];
    int base = font_data::glyph_count;
    for (const auto& file : fonts_.fallbacks()) {
        if (const int g = file->glyph(cp)) return base + g;
        base += file->glyph_count();
    }
    return 0;
}

HEATMAP_FUNC int FontInstance::face(int g) const {
    if (g < font_data::glyph_count) return 0;
    int base = font_data::glyph_count, i = 1;
    for (const auto& file : fonts_.fallbacks()) {
        if (g < base + file->glyph_count()) return i;
        base += file->glyph_count(), ++i;
    }
    return 0;
}

HEATMAP_FUNC long FontInstance::advance(int g) const {
    if (g < 0) return 0;
    if (g < font_data::glyph_count) {
        long px8 = static_cast<long>(std::nearbyint(embedded_->entry(g).advance * scale_ * 8 / 64));
        const int slot = embedded_->baked_slot[static_cast<std::size_t>(g)];
        if (hinted_ && slot >= 0)
            px8 += embedded_->hinted(*hinted_, g / font_data::glyph_block_size)
                       .advance[static_cast<std::size_t>(slot)];
        return px8 * 8;
    }
    int local = 0;
    double scale = 0;
    const FontFile* file = fallback_of(g, local, scale);
    return file ? static_cast<long>(std::nearbyint(file->advance(local) * scale * 8 / 64)) * 8 : 0;
}

HEATMAP_FUNC double FontInstance::linear_advance(int g) const {
    if (g < 0) return 0;
    if (g < font_data::glyph_count) return embedded_->entry(g).advance * scale_;
    int local = 0;
    double scale = 0;
    const FontFile* file = fallback_of(g, local, scale);
    return file ? file->advance(local) * scale : 0;
}

HEATMAP_FUNC long FontInstance::kerning(int left, int right) const {
    const double scaled = std::nearbyint(kerning_8x(left, right));
    return static_cast<long>(std::floor((scaled + 32) / 64)) * 64 / 8;
}

HEATMAP_FUNC double FontInstance::kerning_8x(int left, int right) const {
    if (left < 0 || right < 0) return 0;
    double units = 0, scale = scale_;
    if (left < font_data::glyph_count && right < font_data::glyph_count) {
        const std::uint32_t key =
            static_cast<std::uint32_t>(left) << 16 | static_cast<std::uint32_t>(right);
        const auto& k = embedded_->kern_key;
        const auto it = std::lower_bound(k.begin(), k.end(), key);
        if (it == k.end() || *it != key) return 0;
        units = embedded_->kern_value[static_cast<std::size_t>(it - k.begin())];
    } else {
        int l = 0, r = 0;
        double rs = 0;
        const FontFile* a = fallback_of(left, l, scale);
        const FontFile* b = fallback_of(right, r, rs);
        if (!a || a != b) return 0;
        units = a->kerning(l, r);
        if (units == 0) return 0;
    }
    return units * scale * 8;
}

HEATMAP_FUNC ObliqueSlant oblique_slant() {
    return {std::tan(font_data::oblique_angle * 3.14159265358979323846 / 180),
            static_cast<double>(font_data::oblique_shift)};
}

HEATMAP_FUNC void FontInstance::outline(int g, std::vector<ScaledPoint>& points,
                                        std::vector<std::size_t>& contour_ends,
                                        bool oblique) const {
    points.clear();
    contour_ends.clear();
    if (g < 0) return;
    const double slant =
        oblique ? std::tan(font_data::oblique_angle * 3.14159265358979323846 / 180) : 0.0;
    if (g >= font_data::glyph_count) {
        // A fallback font's glyph: plainly scaled (and slanted for mathtext's italics).
        int local = 0;
        double scale = 0;
        const FontFile* file = fallback_of(g, local, scale);
        if (!file) return;
        std::vector<FontPoint> raw;
        std::vector<std::size_t> ends;
        file->outline(local, raw, ends);
        std::vector<HalfPoint> half;
        std::size_t begin = 0;
        const double shift = oblique ? font_data::oblique_shift * file->units_per_em() /
                                           static_cast<double>(font_data::units_per_em)
                                     : 0.0;
        for (std::size_t end : ends) {
            half.clear();
            decompose_contour(raw.data() + begin, end - begin, half);
            for (const HalfPoint& p : half)
                points.push_back(
                    {static_cast<long>(
                         std::nearbyint((p.x2 / 2.0 + p.y2 / 2.0 * slant - shift) * scale)),
                     static_cast<long>(std::nearbyint(p.y2 / 2.0 * scale)), (p.flags & 1) != 0});
            contour_ends.push_back(points.size());
            begin = end;
        }
        return;
    }
    const EmbeddedFont& t = *embedded_;
    const int slot = t.baked_slot[static_cast<std::size_t>(g)];
    const std::int16_t* fix = nullptr;
    if (hinted_ && slot >= 0 && !oblique) {
        const HintedSize::Block& h = t.hinted(*hinted_, g / font_data::glyph_block_size);
        fix = h.correction.data() + h.first[static_cast<std::size_t>(slot)];
    }
    const double shift = oblique ? font_data::oblique_shift : 0.0;
    t.for_each_contour(g, [&](const HalfPoint* p, std::size_t n, int dx2, int dy2) {
        for (std::size_t i = 0; i < n; ++i) {
            const double ux = (p[i].x2 + dx2) / 2.0, uy = (p[i].y2 + dy2) / 2.0;
            // Rounded half to even, as the generator (Python's round) predicted the corrections.
            long x = static_cast<long>(std::nearbyint((ux + uy * slant - shift) * scale_));
            long y;
            if (fix) {
                const std::size_t k = 2 * points.size();
                x += fix[k];
                y = static_cast<long>(std::nearbyint(uy * scale_)) + fix[k + 1];
            } else {
                y = static_cast<long>(std::nearbyint(snap_y(uy)));
            }
            points.push_back({x, y, (p[i].flags & 1) != 0});
        }
        contour_ends.push_back(points.size());
    });
}

HEATMAP_FUNC GlyphOutline FontInstance::font_outline(int g) const {
    GlyphOutline out;
    if (g < 0) return out;
    if (g < font_data::glyph_count) {
        out.glyph = g;
        out.units_per_em = font_data::units_per_em;
        out.advance = embedded_->entry(g).advance;
        // The stored points, without the midpoints decomposition made explicit.
        embedded_->for_each_contour(g, [&](const HalfPoint* p, std::size_t n, int dx2, int dy2) {
            for (std::size_t i = 0; i < n; ++i)
                if (!(p[i].flags & 2))
                    out.points.push_back(
                        {(p[i].x2 + dx2) / 2, (p[i].y2 + dy2) / 2, (p[i].flags & 1) != 0});
            out.contour_ends.push_back(out.points.size());
        });
        return out;
    }
    int local = 0;
    double scale = 0;
    const FontFile* file = fallback_of(g, local, scale);
    if (!file) return out;
    out.face = face(g);
    out.glyph = local;
    out.units_per_em = file->units_per_em();
    out.advance = file->advance(local);
    file->outline(local, out.points, out.contour_ends);
    return out;
}

// Where no autohinted outline is baked (a size or a glyph), heights are snapped the way the
// autohinter snaps its blue zones: the vertical scale stretched so the x-height's overshoot lands
// on a pixel (rounding up from 24/64), each zone's flat edge rounded, its overshoot kept at 0, 1/2
// or whole pixels; points between zones are interpolated. Stems are not snapped; that is what the
// baked sizes add.
HEATMAP_FUNC void FontInstance::fit_blue_zones() {
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

HEATMAP_FUNC void FontInstance::add_knot(double unit, double fit) {
    int i = knots_++;
    for (; i > 0 && knot_unit_[i - 1] > unit; --i)
        knot_unit_[i] = knot_unit_[i - 1], knot_fit_[i] = knot_fit_[i - 1];
    knot_unit_[i] = unit, knot_fit_[i] = fit;
}

// y in font units to 26.6, through the fitted zones.
HEATMAP_FUNC double FontInstance::snap_y(double y) const {
    for (int i = 0; i < knots_; ++i)
        if (std::abs(y - knot_unit_[i]) <= 8) return knot_fit_[i];
    if (y < knot_unit_[0]) return knot_fit_[0] + (y - knot_unit_[0]) * y_scale_;
    for (int i = 1; i < knots_; ++i)
        if (y <= knot_unit_[i])
            return knot_fit_[i - 1] + (knot_fit_[i] - knot_fit_[i - 1]) * (y - knot_unit_[i - 1]) /
                                          (knot_unit_[i] - knot_unit_[i - 1]);
    return knot_fit_[knots_ - 1] + (y - knot_unit_[knots_ - 1]) * y_scale_;
}

}  // namespace detail

HEATMAP_FUNC FontSet FontSet::with_fallback(const std::string& path) const {
    FontSet out;
    auto files =
        std::make_shared<std::vector<std::shared_ptr<const detail::FontFile>>>(fallbacks());
    files->push_back(detail::FontFile::read(path));
    out.fallbacks_ = std::move(files);
    return out;
}

HEATMAP_FUNC FontSet FontSet::with_fallback(std::vector<unsigned char> bytes,
                                            const std::string& name) const {
    FontSet out;
    auto files =
        std::make_shared<std::vector<std::shared_ptr<const detail::FontFile>>>(fallbacks());
    files->push_back(std::make_shared<const detail::FontFile>(std::move(bytes), name));
    out.fallbacks_ = std::move(files);
    return out;
}

HEATMAP_FUNC std::string FontSet::face_name(std::size_t face) const {
    if (face == 0) return "DejaVu Sans";
    return face <= fallbacks().size() ? fallbacks()[face - 1]->name() : std::string();
}

HEATMAP_FUNC int FontSet::units_per_em(std::size_t face) const {
    if (face == 0) return detail::font_data::units_per_em;
    return face <= fallbacks().size() ? fallbacks()[face - 1]->units_per_em() : 0;
}

HEATMAP_FUNC bool FontSet::has_glyph(char32_t cp) const {
    if (font_has_glyph(cp)) return true;
    for (const auto& file : fallbacks())
        if (file->glyph(cp)) return true;
    return false;
}

HEATMAP_FUNC std::u32string missing_glyphs(std::u32string_view text, const FontSet& fonts) {
    std::u32string missing;
    for (char32_t c : text)
        if (c != U'\n' && missing.find(c) == std::u32string::npos && !fonts.has_glyph(c))
            missing.push_back(c);
    return missing;
}

HEATMAP_FUNC bool font_has_glyph(char32_t cp) {
    const auto& c = detail::embedded_font().codepoints;
    return std::binary_search(c.begin(), c.end(), cp);
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
