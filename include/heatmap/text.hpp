#pragma once
// Text: UTF-8 in, measured and drawn as Matplotlib's Agg backend does it. A line of text is laid
// out with the embedded DejaVu Sans (font.hpp): hinted advances and kerning on a 1/8-pixel pen; the
// pen's advance is the width, the glyphs' ink box gives height and descent. Drawing renders the
// line into a coverage bitmap, places it on whole pixels and blits it; a rotated line is that same
// bitmap resampled (spline36 filter), which is why 90 degrees is as crisp as 0 and 45 degrees a
// little softer, as in Matplotlib's figures. '\n' starts a new line, spaced and aligned as Text
// does.
//
// At the sizes figures use (7, 10 and 12 pt at 72-300 dpi, see tools/gen_font.py) glyphs are
// FreeType's autohinted outlines, so text measures and draws as Matplotlib's to within a unit of
// coverage; at other sizes outlines are scaled with the autohinter's height snapping only, and
// measure within a pixel.
//
//   heatmap::TextStyle style;                    // 10 pt at 100 dpi, black, left/baseline
//   style.rotation = 90;
//   heatmap::Box box = heatmap::draw_text(canvas, "Open tickets", {40, 320}, style);
//
// Text between an even number of unescaped '$' is mathtext: \mathdefault{...}, ^{...} superscripts,
// \times, \cdot, \pm, \minus and plain characters, sized and raised as Matplotlib's mathtext does.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "color.hpp"
#include "error.hpp"
#include "font.hpp"
#include "geometry.hpp"
#include "utf8.hpp"

namespace heatmap {

enum class HAlign { left, center, right };
enum class VAlign { top, center, baseline, bottom, center_baseline };
// standard is Matplotlib's rotation_mode='default': rotate, then align the rotated box. anchor
// aligns the unrotated text at the anchor, then rotates about it (what rotated tick labels use).
enum class RotationMode { standard, anchor };

// Whose measurements text takes, as Matplotlib's backends measure it: agg, autohinted on the
// pixel grid (glyph heights whole pixels); svg, TextToPath's, unhinted at 100 pt then scaled to the
// size; pdf, FT2Font's unhinted at the size itself. Vector text also carries each glyph's exact
// place, as each backend writes it.
enum class TextMetrics { agg, svg, pdf };

struct TextStyle {
    double size_pt = 10;
    double dpi = 100;
    Rgba color{0, 0, 0, 255};
    double rotation = 0;  // degrees, counter-clockwise
    HAlign ha = HAlign::left;
    VAlign va = VAlign::baseline;
    RotationMode rotation_mode = RotationMode::standard;
    TextMetrics metrics = TextMetrics::agg;
    FontSet fonts = FontSet();  // DejaVu Sans, then the fallback files for characters it lacks
};

// Pixels, as RendererAgg.get_text_width_height_descent reports them.
struct TextExtent {
    double width = 0, height = 0, descent = 0;
};

namespace detail {

constexpr double pi = 3.14159265358979323846;

// A 26.6 fixed-point value (FreeType's 1/64 pixel) in pixels.
inline double px26_6(long v) {
    return static_cast<double>(v) / 64.0;
}

// One glyph of a laid-out line: which glyph and where its origin sits, in 26.6 pixels (x right, y
// up, from the line's pen origin).
struct PlacedGlyph {
    int glyph;
    long x, y;
};

// A laid-out line: glyphs and the union of their control boxes (FreeType's ink box), 26.6.
struct LineLayout {
    std::vector<PlacedGlyph> glyphs;
    long x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    long advance = 0;                           // where the pen ends: Matplotlib's width
    double width = 0, height = 0, descent = 0;  // pixels, what measuring reports
};

// The control box of glyph g with its origin at (x, y), 26.6. An empty glyph (a space) has nothing
// to move, so FreeType reports its box as the point (0, 0) wherever it sits; Matplotlib's boxes
// include it.
inline void glyph_cbox(const FontInstance& font, int g, long x, long y, long box[4],
                       std::vector<ScaledPoint>& pts, std::vector<std::size_t>& ends,
                       bool italic = false) {
    font.outline(g, pts, ends, italic);
    box[0] = box[1] = box[2] = box[3] = 0;
    if (pts.empty()) return;
    box[0] = box[1] = std::numeric_limits<long>::max();
    box[2] = box[3] = std::numeric_limits<long>::min();
    for (const ScaledPoint& p : pts) {
        box[0] = std::min(box[0], p.x + x), box[2] = std::max(box[2], p.x + x);
        box[1] = std::min(box[1], p.y + y), box[3] = std::max(box[3], p.y + y);
    }
}

// Finishes a layout's ink box from its glyphs (FT2Font::set_text: no glyph, no box). Width is the
// advance, height and descent come from the ink box.
inline void finish_layout(LineLayout& line, const FontInstance& font) {
    std::vector<ScaledPoint> pts;
    std::vector<std::size_t> ends;
    bool any = false;
    for (const PlacedGlyph& g : line.glyphs) {
        long b[4];
        glyph_cbox(font, g.glyph, g.x, g.y, b, pts, ends);
        if (!any) {
            line.x_min = b[0], line.y_min = b[1], line.x_max = b[2], line.y_max = b[3];
            any = true;
        } else {
            line.x_min = std::min(line.x_min, b[0]), line.y_min = std::min(line.y_min, b[1]);
            line.x_max = std::max(line.x_max, b[2]), line.y_max = std::max(line.y_max, b[3]);
        }
    }
    line.width = px26_6(line.advance);
    line.height = px26_6(line.y_max - line.y_min);
    line.descent = -px26_6(line.y_min);
}

// Plain text, as FT2Font::set_text lays it out: kerning between two found glyphs, then the advance.
inline LineLayout layout_plain(const std::u32string& text, const FontInstance& font) {
    LineLayout line;
    long pen = 0;
    int previous = 0;
    for (char32_t cp : text) {
        const int g = font.glyph(cp);
        if (previous && g) pen += font.kerning(previous, g);
        line.glyphs.push_back({g, pen, 0});
        pen += font.advance(g);
        previous = g;
    }
    line.advance = pen;
    finish_layout(line, font);
    return line;
}

inline void check_text_size(double size_pt, double dpi) {
    if (!(size_pt > 0 && size_pt <= 1000) || !(dpi >= 1 && dpi <= 10000) ||
        size_pt * dpi / 72 > 4000)
        throw std::invalid_argument(
            "text size " + number_text(size_pt) + " pt at " + number_text(dpi) +
            " dpi is out of range: use a size in (0, 1000] pt and dpi in [1, 10000], "
            "at most 4000 pixels per em");
}

inline void check_placement(Point anchor, const TextStyle& style) {
    if (!(std::abs(anchor.x) <= 1e8 && std::abs(anchor.y) <= 1e8))
        throw std::invalid_argument(
            "text anchor (" + number_text(anchor.x) + ", " + number_text(anchor.y) +
            ") is not a finite pixel position: pass coordinates within +-1e8");
    if (!std::isfinite(style.rotation))
        throw std::invalid_argument("text rotation is not finite: pass an angle in degrees");
}

// Matplotlib treats a string with an even number (two or more) of unescaped '$' as mathtext.
inline bool is_mathtext(const std::u32string& s) {
    int dollars = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == U'$' && (i == 0 || s[i - 1] != U'\\')) ++dollars;
    return dollars >= 2 && dollars % 2 == 0;
}

// A glyph of laid-out mathtext: where mathtext's ship() puts its origin (pixels, y down from the
// box top).
struct MathGlyph {
    int glyph;
    int level;  // 0 text size, 1 superscript, 2 superscript of a superscript
    double x, y;
    bool italic;
    char32_t cp;  // the character it draws
};

// The glyph's hinted metrics in pixels as mathtext reads them (FT2Font.load_char): ink box and
// iceberg (the whole-pixel top above the baseline).
struct GlyphMetrics {
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0, iceberg = 0, depth = 0;
};

// FreeType's FT_MulFix rounding of a scaled coordinate: half away from zero.
inline long round_26_6(double v) {
    return static_cast<long>(std::round(v));
}

// The glyph's unhinted control box in 26.6 at the font's size (FT_LOAD_NO_HINTING: the outline as
// designed, scaled and rounded to 1/64 pixel), slanted for mathtext's italics; false for an empty
// glyph.
inline bool unhinted_cbox(const FontInstance& font, int g, bool italic, long box[4]) {
    const GlyphOutline o = font.font_outline(g);
    box[0] = box[1] = box[2] = box[3] = 0;
    if (o.points.empty()) return false;
    const double scale = 64.0 * font.em_pixels() / o.units_per_em;
    const ObliqueSlant ob = oblique_slant();
    const double slant = italic ? ob.slant : 0.0,
                 shift = italic ? ob.shift * o.units_per_em / 2048.0 : 0.0;
    box[0] = box[1] = std::numeric_limits<long>::max();
    box[2] = box[3] = std::numeric_limits<long>::min();
    for (const FontPoint& p : o.points) {
        // x on the 8x grid, then back by the 1/8 transform; y at the size.
        const long x = round_26_6(
                       static_cast<double>(round_26_6((p.x + p.y * slant - shift) * scale * 8)) /
                       8),
                   y = round_26_6(p.y * scale);
        box[0] = std::min(box[0], x), box[2] = std::max(box[2], x);
        box[1] = std::min(box[1], y), box[3] = std::max(box[3], y);
    }
    return true;
}

// The same metrics unhinted, as mathtext reads them for vector output: the exact top (iceberg) and
// bottom.
inline GlyphMetrics glyph_metrics_unhinted(const FontInstance& font, int g, bool italic = false) {
    long b[4];
    const bool ink = unhinted_cbox(font, g, italic, b);
    GlyphMetrics m;
    m.x_min = px26_6(b[0]), m.y_min = px26_6(b[1]), m.x_max = px26_6(b[2]), m.y_max = px26_6(b[3]);
    m.iceberg = m.y_max;
    m.depth = ink ? -m.y_min : 0;
    return m;
}

inline GlyphMetrics glyph_metrics(const FontInstance& font, int g, bool italic = false) {
    std::vector<ScaledPoint> pts;
    std::vector<std::size_t> ends;
    long b[4];
    glyph_cbox(font, g, 0, 0, b, pts, ends, italic);
    GlyphMetrics m;
    m.x_min = px26_6(b[0]), m.y_min = px26_6(b[1]), m.x_max = px26_6(b[2]), m.y_max = px26_6(b[3]);
    m.iceberg = std::ceil(m.y_max);
    m.depth = pts.empty() ? 0 : -std::floor(m.y_min);
    return m;
}

// The characters mathtext knows by name (Matplotlib's tex2uni), for the commands supported here.
inline char32_t math_symbol(const std::u32string& name) {
    static constexpr struct {
        const char* name;
        char32_t cp;
    } table[] = {
        {"alpha", 0x3B1},   {"beta", 0x3B2},       {"gamma", 0x3B3},       {"delta", 0x3B4},
        {"epsilon", 0x3F5}, {"varepsilon", 0x3B5}, {"zeta", 0x3B6},        {"eta", 0x3B7},
        {"theta", 0x3B8},   {"vartheta", 0x3D1},   {"iota", 0x3B9},        {"kappa", 0x3BA},
        {"lambda", 0x3BB},  {"mu", 0x3BC},         {"nu", 0x3BD},          {"xi", 0x3BE},
        {"pi", 0x3C0},      {"varpi", 0x3D6},      {"rho", 0x3C1},         {"varrho", 0x3F1},
        {"sigma", 0x3C3},   {"varsigma", 0x3C2},   {"tau", 0x3C4},         {"upsilon", 0x3C5},
        {"phi", 0x3D5},     {"varphi", 0x3C6},     {"chi", 0x3C7},         {"psi", 0x3C8},
        {"omega", 0x3C9},   {"Gamma", 0x393},      {"Delta", 0x394},       {"Theta", 0x398},
        {"Lambda", 0x39B},  {"Xi", 0x39E},         {"Pi", 0x3A0},          {"Sigma", 0x3A3},
        {"Upsilon", 0x3A5}, {"Phi", 0x3A6},        {"Psi", 0x3A8},         {"Omega", 0x3A9},
        {"times", 0xD7},    {"cdot", 0x22C5},      {"pm", 0xB1},           {"mp", 0x2213},
        {"div", 0xF7},      {"minus", 0x2212},     {"leq", 0x2264},        {"geq", 0x2265},
        {"neq", 0x2260},    {"approx", 0x2248},    {"infty", 0x221E},      {"degree", 0xB0},
        {"prime", 0x2032},  {"to", 0x2192},        {"rightarrow", 0x2192}, {"leftarrow", 0x2190},
        {"ldots", 0x2026},  {"bullet", 0x2219},    {"AA", 0xC5},           {"S", 0xA7},
        {"P", 0xB6},        {"cents", 0xA2},       {"pounds", 0xA3},       {"yen", 0xA5},
    };
    for (const auto& e : table) {
        std::size_t i = 0;
        while (e.name[i] && i < name.size() && name[i] == static_cast<char32_t>(e.name[i])) ++i;
        if (!e.name[i] && i == name.size()) return e.cp;
    }
    return 0;
}

// Operators mathtext spaces by 0.2 em on each side (binary operators, relations, arrows).
inline bool math_spaced(char32_t c) {
    switch (c) {
        case U'+':
        case U'=':
        case U'<':
        case U'>':
        case 0x2212:
        case 0xD7:
        case 0x22C5:
        case 0xB1:
        case 0x2213:
        case 0xF7:
        case 0x2264:
        case 0x2265:
        case 0x2260:
        case 0x2248:
        case 0x2192:
        case 0x2190:
        case 0x2219:
            return true;
        default:
            return false;
    }
}
inline bool math_binary(char32_t c) {
    return c == U'+' || c == 0x2212 || c == 0xD7 || c == 0x22C5 || c == 0xB1 || c == 0x2213 ||
           c == 0xF7 || c == 0x2219;
}

// A subset of Matplotlib's mathtext, laid out by its rules: characters advance by their linear
// (unhinted) widths plus kerning; ^ and _ set the next character or {group} at 0.7 size, raised or
// lowered by a fraction of the x-height; operators get 0.2 em on each side; '-' is U+2212; letters
// are DejaVu Sans Oblique unless in \mathdefault or \mathrm; named spaces (\, \; \quad ...),
// Greek letters and common symbols by name. Fractions, roots, accents and fonts beyond these are
// not supported: such commands are drawn as written.
class MathLayouter {
  public:
    MathLayouter(const std::u32string& s, const FontInstance* fonts, TextMetrics measure)
        : s_(s), fonts_(fonts), hinted_(measure == TextMetrics::agg) {
        const int x = fonts_[0].glyph(U'x'), m = fonts_[0].glyph(U'm');
        x_height_ = metrics(x, false).iceberg;
        em_ = linear_advance(0, m);
    }

    std::vector<MathGlyph> glyphs;
    double width = 0, height = 0, depth = 0;  // the box, as hpack computes it

    void run() {
        double x = 0;
        bool math = false;
        last_ = -1;
        for (i_ = 0; i_ < s_.size();) {
            const char32_t c = s_[i_];
            if (c == U'$' && (i_ == 0 || s_[i_ - 1] != U'\\')) {
                math = !math, ++i_, last_ = -1;
                continue;
            }
            if (!math) {
                // Text outside $...$ is plain upright characters at text size (spaces count).
                ++i_;
                const bool dollar = c == U'\\' && i_ < s_.size() && s_[i_] == U'$';
                if (dollar) ++i_;
                x = add_char(dollar ? U'$' : c, 0, x, 0, false);
                continue;
            }
            roman_ = false;
            x = parse_atom(0, x, 0);
        }
        width = x;
    }

  private:
    GlyphMetrics metrics(int g, bool italic) const {
        return hinted_ ? glyph_metrics(fonts_[0], g, italic)
                       : glyph_metrics_unhinted(fonts_[0], g, italic);
    }
    double linear_advance(int level, int g) const {
        return fonts_[0].linear_advance(g) / 64.0 * level_scale(level);
    }
    static double level_scale(int level) { return level == 0 ? 1.0 : level == 1 ? 0.7 : 0.49; }

    // Mathtext's default font for letters is italic, except Greek capitals.
    bool italic_letter(char32_t c) const {
        if (roman_) return false;
        return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
               (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9) ||
               c == 0x3D1 || c == 0x3D5 || c == 0x3D6 || c == 0x3F1 || c == 0x3F5;
    }

    double add_char(char32_t c, int level, double x, double shift, bool math = true) {
        const FontInstance& f = fonts_[0];
        const int g = f.glyph(c);
        const bool italic = math && italic_letter(c);
        // Kerning between neighbours of one list, computed at text size and shrunk with the list.
        if (last_ >= 0 && last_level_ == level && last_ && g)
            x += px26_6(f.kerning(last_, g)) * level_scale(level);
        glyphs.push_back({g, level, x, -shift, italic, c});
        const GlyphMetrics m = metrics(g, italic);
        height = std::max(height, m.iceberg * level_scale(level) + shift);
        depth = std::max(depth, (m.depth) * level_scale(level) - shift);
        last_ = g, last_level_ = level, last_italic_ = italic,
        last_height_ = m.iceberg * level_scale(level);
        return x + linear_advance(level, g);
    }

    // One atom at the cursor: a character, a command, a {group}, a space, or the scripts (^, _)
    // that follow a nucleus.
    double parse_atom(int level, double x, double shift) {
        const std::size_t start = i_;
        const char32_t c = s_[i_];
        // Groups nest by recursion: past 64 levels the rest is drawn as written, so no input can
        // exhaust the stack.
        if (depth_ >= 64) {
            ++i_;
            return add_char(c, level, x, shift, false);
        }
        struct Nest {
            int& depth;
            explicit Nest(int& d) : depth(++d) {}
            ~Nest() { --depth; }
        } nest(depth_);
        if (c == U' ') {
            ++i_;
            return x;
        }
        if (c == U'{') {
            ++i_;
            while (i_ < s_.size() && s_[i_] != U'}' && s_[i_] != U'$')
                x = parse_atom(level, x, shift);
            if (i_ < s_.size() && s_[i_] == U'}') ++i_;
        } else if (c == U'^' || c == U'_') {
            return parse_scripts(level, x, shift);
        } else if (c == U'}') {
            ++i_;
            return x;
        } else if (c == U'~') {
            ++i_;
            last_ = -1;
            return x + 0.33333 * em_ * level_scale(level);
        } else if (c == U'\\') {
            std::size_t j = i_ + 1;
            while (j < s_.size() &&
                   ((s_[j] >= U'a' && s_[j] <= U'z') || (s_[j] >= U'A' && s_[j] <= U'Z')))
                ++j;
            const std::u32string name = s_.substr(i_ + 1, j - i_ - 1);
            const double space =
                math_space(name.empty() && j < s_.size() ? std::u32string(1, s_[j]) : name);
            if (space != 0) {
                i_ = name.empty() ? j + 1 : j;
                last_ = -1;
                return x + space * em_ * level_scale(level);
            }
            if (name.empty()) {  // \$, \{, \%, \\ ...: the character itself
                i_ = std::min(j + 1, s_.size());
                x = add_char(j < s_.size() ? s_[j] : U'\\', level, x, shift);
            } else if (name == U"mathdefault" || name == U"mathrm") {
                // The next atom (usually a {group}) in the upright text font.
                i_ = j;
                const bool was = roman_;
                roman_ = true;
                if (i_ < s_.size() && s_[i_] != U'$') x = parse_atom(level, x, shift);
                roman_ = was;
            } else {
                i_ = j;
                const char32_t sym = math_symbol(name);
                if (sym) {
                    x = math_spaced(sym) ? add_operator(sym, start, level, x, shift)
                                         : add_char(sym, level, x, shift);
                } else {
                    // Unknown command: shown as written, so nothing silently disappears.
                    x = add_char(U'\\', level, x, shift, false);
                    for (char32_t ch : name) x = add_char(ch, level, x, shift, false);
                }
            }
        } else {
            ++i_;
            const char32_t sym = c == U'-' ? char32_t{0x2212} : c;
            x = math_spaced(sym) ? add_operator(sym, start, level, x, shift)
                                 : add_char(sym, level, x, shift);
        }
        return x;
    }

    // Mathtext's named spaces, in em.
    static double math_space(const std::u32string& name) {
        if (name == U"," || name == U"/" || name == U"thinspace") return 0.16667;
        if (name == U">" || name == U":") return 0.22222;
        if (name == U";") return 0.27778;
        if (name == U" ") return 0.33333;
        if (name == U"enspace") return 0.5;
        if (name == U"quad") return 1;
        if (name == U"qquad") return 2;
        if (name == U"!") return -0.16667;
        return 0;
    }

    // ^ and _ after a nucleus (the last character): Matplotlib's subsuper for a nucleus that is not
    // an integral. Superscripts rise 0.7 x-height, subscripts drop 0.3 (0.5 with both), both at
    // 0.7 size; a slanted nucleus moves the superscript right; 0.05 x-height follows.
    double parse_scripts(int level, double x, double shift) {
        const double xh = x_height_ * level_scale(level);
        const bool slanted = last_italic_;
        const double lc_height = last_height_;
        const int up = std::min(level + 1, 2);
        std::size_t sup_at = 0, sub_at = 0;
        for (int k = 0; k < 2 && i_ < s_.size() && (s_[i_] == U'^' || s_[i_] == U'_'); ++k) {
            (s_[i_] == U'^' ? sup_at : sub_at) = i_ + 1;
            ++i_;
            skip_argument();
        }
        const std::size_t end = i_;
        double superkern = 0.025 * xh;
        if (slanted) superkern += 0.025 * xh + 0.2 * (lc_height - xh * 2.0 / 3.0);
        const double subkern = slanted ? 0 : 0.025 * xh;
        double right = x;
        if (sub_at) {
            i_ = sub_at;
            last_ = -1;
            right = std::max(right,
                             parse_atom(up, x + subkern * 0.7, shift - (sup_at ? 0.5 : 0.3) * xh));
        }
        if (sup_at) {
            i_ = sup_at;
            last_ = -1;
            right = std::max(right, parse_atom(up, x + superkern * 0.7, shift + 0.7 * xh));
        }
        i_ = end;
        last_ = -1;
        return right + 0.05 * xh;
    }

    // Moves past one argument of ^ or _: a {group}, a \command or one character.
    void skip_argument() {
        while (i_ < s_.size() && s_[i_] == U' ') ++i_;
        if (i_ >= s_.size() || s_[i_] == U'$') return;
        if (s_[i_] == U'{') {
            int open = 0;
            do {
                if (s_[i_] == U'{') ++open;
                if (s_[i_] == U'}') --open;
                ++i_;
            } while (i_ < s_.size() && open > 0 && s_[i_] != U'$');
        } else if (s_[i_] == U'\\') {
            ++i_;
            if (i_ < s_.size() &&
                !((s_[i_] >= U'a' && s_[i_] <= U'z') || (s_[i_] >= U'A' && s_[i_] <= U'Z')))
                ++i_;
            else
                while (i_ < s_.size() &&
                       ((s_[i_] >= U'a' && s_[i_] <= U'z') || (s_[i_] >= U'A' && s_[i_] <= U'Z')))
                    ++i_;
        } else {
            ++i_;
        }
    }

    // Spaced 0.2 em each side, except a binary operator that opens the expression or a group (a
    // sign). start is where the operator's source text begins.
    double add_operator(char32_t c, std::size_t start, int level, double x, double shift) {
        std::size_t p = start;
        while (p > 0 && s_[p - 1] == U' ') --p;
        const char32_t before = p > 0 ? s_[p - 1] : U'$';
        const bool sign = math_binary(c) && (before == U'{' || before == U'$' || before == U'(' ||
                                             before == U'[' || before == U'^' || before == U'_');
        const double space = sign ? 0 : 0.2 * em_ * level_scale(level);
        last_ = -1;
        x = add_char(c, level, x + space, shift) + space;
        last_ = -1;
        return x;
    }

    const std::u32string& s_;
    const FontInstance* fonts_;
    double x_height_ = 0, em_ = 0, last_height_ = 0;
    bool hinted_;
    std::size_t i_ = 0;
    int last_ = -1, last_level_ = 0, depth_ = 0;
    bool roman_ = false, last_italic_ = false;
};

// A glyph of text shaped for vector output: its origin relative to the line's pen origin (figure
// units, y up), the size of its em in figure units, and whether mathtext slants it.
struct VectorGlyph {
    int glyph;
    double x, y, em;
    bool oblique;
    char32_t cp;  // the character it draws: what a PDF's ToUnicode map says
};

// The line as Matplotlib measures and draws it: plain text through FT2Font, mathtext through its
// box layout. For the raster (autohint) the glyphs are placed on Agg's 26.6 pen, mathtext with a
// 1 px margin around the ink as its raster output has; for vector output (none) they carry their
// exact positions in vector_glyphs, as TextToPath lays them out.
struct ShapedText {
    FontInstance fonts[3];  // text size and the two superscript sizes
    bool math = false;
    LineLayout line;                // plain text
    std::vector<MathGlyph> glyphs;  // mathtext, origins relative to the raster's top-left corner
    std::vector<VectorGlyph> vector_glyphs;  // TextMetrics svg and pdf
    double raster_width = 0, raster_height = 0;
    double width = 0, height = 0, descent = 0;
};

// FT2Font::set_text's advance of an unhinted glyph, 26.6: the linear advance on the 8x grid,
// rounded, then brought back by the 1/8 transform, rounded again (FT_MulFix both times).
inline long set_text_advance(const FontInstance& f, int g) {
    return round_26_6(static_cast<double>(round_26_6(f.linear_advance(g) * 8)) / 8);
}

// Kerning as FT_KERNING_UNFITTED gives it through FT2Font::get_kerning, 26.6: scaled on the 8x grid
// and rounded, then divided by 8 in integers (the PDF backend places glyphs with it).
inline long unfitted_kerning(const FontInstance& f, int left, int right) {
    return static_cast<long>(std::nearbyint(f.kerning_8x(left, right))) / 8;
}

// Plain text as Matplotlib's vector backends measure it: FT2Font without hinting, the width from
// set_text's rounded advances and FT_KERNING_DEFAULT, the heights from the glyphs' control boxes;
// and each glyph's place as the backend writes it: linear advances plus kerning (DEFAULT for SVG's
// TextToPath, UNFITTED for the PDF backend). f is the font measured with (TextToPath's 100 pt, or
// the size itself for PDF); k turns its pixels into figure units.
inline void shape_plain_vector(const std::u32string& text, const FontInstance& f, double k,
                               bool unfitted, ShapedText& t) {
    long pen = 0;
    double exact = 0;
    int previous = 0;
    bool any = false;
    long y_min = 0, y_max = 0;
    for (char32_t cp : text) {
        const int g = f.glyph(cp);
        if (previous && g) {
            pen += f.kerning(previous, g);
            exact += px26_6(unfitted ? unfitted_kerning(f, previous, g) : f.kerning(previous, g));
        }
        // FT2Font's bbox of the glyphs (heights do not depend on the pen); an empty glyph's box
        // is the origin.
        long b[4];
        unhinted_cbox(f, g, false, b);
        if (!any) y_min = b[1], y_max = b[3];
        y_min = std::min(y_min, b[1]), y_max = std::max(y_max, b[3]);
        any = true;
        t.vector_glyphs.push_back({g, exact * k, 0, f.em_pixels() * k, false, cp});
        pen += set_text_advance(f, g), exact += f.linear_advance(g) / 64.0;
        previous = g;
    }
    t.width = px26_6(pen) * k;
    t.height = px26_6(y_max - y_min) * k;
    t.descent = -px26_6(y_min) * k;
}

inline ShapedText shape_text(std::string_view utf8, double size_pt, double dpi,
                             TextMetrics metrics = TextMetrics::agg,
                             const FontSet& font_set = FontSet()) {
    check_text_size(size_pt, dpi);
    ShapedText t{{FontInstance(font_set, size_pt, dpi), FontInstance(font_set, size_pt * 0.7, dpi),
                  FontInstance(font_set, size_pt * 0.49, dpi)},
                 false,
                 {},
                 {},
                 {},
                 0,
                 0,
                 0,
                 0,
                 0};
    const std::u32string text = decode_utf8(utf8);
    // SVG's TextToPath measures at 100 pt and 72 dpi, then scales; PDF measures at the size.
    const bool svg = metrics == TextMetrics::svg, pdf = metrics == TextMetrics::pdf;
    const double k = svg ? size_pt * dpi / 72 / 100 : dpi / 72;
    if (!is_mathtext(text)) {
        if (svg) {
            shape_plain_vector(text, FontInstance(font_set, 100, 72), k, false, t);
        } else if (pdf) {
            shape_plain_vector(text, FontInstance(font_set, size_pt, 72), k, true, t);
        } else {
            t.line = layout_plain(text, t.fonts[0]);
            t.width = t.line.width, t.height = t.line.height, t.descent = t.line.descent;
        }
        return t;
    }
    t.math = true;
    if (svg || pdf) {
        // mathtext's vector output, laid out unhinted at 72 dpi (TextToPath at 100 pt), its box's
        // width, height and depth rounded up to whole points, then scaled to the size.
        const double base = svg ? 100 : size_pt;
        const FontInstance fonts[3] = {FontInstance(font_set, base, 72),
                                       FontInstance(font_set, base * 0.7, 72),
                                       FontInstance(font_set, base * 0.49, 72)};
        MathLayouter m(text, fonts, metrics);
        m.run();
        const double w = std::ceil(m.width), h = std::ceil(m.height), d = std::ceil(m.depth);
        t.width = w * k, t.height = (h + d) * k, t.descent = d * k;
        const double levels[3] = {1.0, 0.7, 0.49};
        for (const MathGlyph& g : m.glyphs)
            t.vector_glyphs.push_back({g.glyph, g.x * k, (h - m.height - g.y) * k,
                                       base * levels[g.level] * k, g.italic, g.cp});
        return t;
    }
    MathLayouter m(text, t.fonts, metrics);
    m.run();
    // mathtext's to_raster: the ink of every glyph, as loaded at its own size, plus a pixel all
    // round.
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (const MathGlyph& g : m.glyphs) {
        const GlyphMetrics gm = glyph_metrics(t.fonts[g.level], g.glyph, g.italic);
        const double oy = m.height + g.y;
        x0 = std::min(x0, g.x + gm.x_min), x1 = std::max(x1, g.x + gm.x_max);
        y0 = std::min(y0, oy - gm.y_max), y1 = std::max(y1, oy - gm.y_min);
    }
    x0 -= 1, y0 -= 1, x1 += 1, y1 += 1;
    const double h = y1 - y0 - m.depth, d = y1 - y0 - m.height;
    t.width = x1 - x0, t.height = h + d, t.descent = d;
    t.raster_width = std::ceil(t.width), t.raster_height = std::ceil(h + std::max(d, 0.0));
    for (MathGlyph g : m.glyphs) {
        g.x -= x0, g.y += m.height - y0;
        t.glyphs.push_back(g);
    }
    return t;
}

// Where Matplotlib's Text._get_layout puts a text relative to its anchor (y up): the window box and
// each line's pen origin, for the given alignment and rotation. Lines are as tall as the larger of
// their own and "lp"'s height, spaced by 1.2 times that, and aligned among themselves as ha says.
struct PlacedText {
    Box box;                       // y up, relative to the anchor
    std::vector<Point> baselines;  // each line's pen origin, y up, relative to the anchor
};

struct LineMetrics {
    double width, height, descent;
};

inline PlacedText align_lines(const std::vector<LineMetrics>& lines, double lp_h, double lp_d,
                              const TextStyle& s) {
    const double min_dy = (lp_h - lp_d) * 1.2;
    double this_y = 0, baseline = 0, d = 0, w = 0;
    std::vector<double> ws, ys;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const double h = std::max(lines[i].height, lp_h);
        d = std::max(lines[i].descent, lp_d);
        baseline = (h - d) - this_y;
        this_y = i == 0 ? -(h - d) : this_y - std::max(min_dy, (h - d) * 1.2);
        ws.push_back(lines[i].width);
        ys.push_back(this_y);
        w = std::max(w, lines[i].width);
        this_y -= d;
    }
    const double h = -(ys.back() - d);  // the box runs from 0 down to the last baseline's descent
    const double angle = std::fmod(std::fmod(s.rotation, 360.0) + 360.0, 360.0) * pi / 180.0;
    const double c = std::cos(angle), sn = std::sin(angle);
    auto rot = [&](double x, double y) { return Point{x * c - y * sn, x * sn + y * c}; };
    const Point corners[4] = {rot(0, -h), rot(0, 0), rot(w, 0), rot(w, -h)};
    double xmin = corners[0].x, xmax = xmin, ymin = corners[0].y, ymax = ymin;
    for (const Point& p : corners) {
        xmin = std::min(xmin, p.x), xmax = std::max(xmax, p.x);
        ymin = std::min(ymin, p.y), ymax = std::max(ymax, p.y);
    }
    const double width = xmax - xmin, height = ymax - ymin;
    double ox, oy;
    if (s.rotation_mode == RotationMode::standard) {
        ox = s.ha == HAlign::center ? (xmin + xmax) / 2 : s.ha == HAlign::right ? xmax : xmin;
        switch (s.va) {
            case VAlign::center:
                oy = (ymin + ymax) / 2;
                break;
            case VAlign::top:
                oy = ymax;
                break;
            case VAlign::baseline:
                oy = ymin + d;
                break;
            case VAlign::center_baseline:
                oy = ymin + height - baseline / 2.0;
                break;
            default:
                oy = ymin;
        }
    } else {
        const double x = s.ha == HAlign::center ? w / 2.0 : s.ha == HAlign::right ? w : 0.0;
        double y;
        switch (s.va) {
            case VAlign::center:
                y = -h / 2.0;
                break;
            case VAlign::top:
                y = 0;
                break;
            case VAlign::baseline:
                y = -baseline;
                break;
            case VAlign::center_baseline:
                y = -baseline / 2.0;
                break;
            default:
                y = -h;
        }
        const Point o = rot(x, y);
        ox = o.x, oy = o.y;
    }
    PlacedText placed{{xmin - ox, ymin - oy, xmin - ox + width, ymin - oy + height}, {}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const double x = s.ha == HAlign::center  ? w / 2 - ws[i] / 2
                         : s.ha == HAlign::right ? w - ws[i]
                                                 : 0.0;
        const Point p = rot(x, ys[i]);
        placed.baselines.push_back({p.x - ox, p.y - oy});
    }
    return placed;
}

// A text split at '\n' into lines, each shaped on its own (each may be mathtext), as Matplotlib
// does.
struct ShapedLines {
    std::vector<ShapedText> lines;
    PlacedText placed;
    std::u32string missing;  // characters no font of the set has (drawn as boxes), each once
};

inline ShapedLines shape_lines(std::string_view utf8, const TextStyle& style) {
    ShapedLines out;
    std::vector<LineMetrics> metrics;
    for (std::size_t start = 0;;) {
        const std::size_t end = std::min(utf8.find('\n', start), utf8.size());
        out.lines.push_back(shape_text(utf8.substr(start, end - start), style.size_pt, style.dpi,
                                       style.metrics, style.fonts));
        const ShapedText& t = out.lines.back();
        // An empty line measures nothing (not even lp), as in Matplotlib.
        metrics.push_back(end == start ? LineMetrics{0, 0, 0}
                                       : LineMetrics{t.width, t.height, t.descent});
        if (end == utf8.size()) break;
        start = end + 1;
    }
    // "lp", measured as the text is, sets the least height of a line.
    if (style.metrics != TextMetrics::agg) {
        const ShapedText lp =
            shape_text("lp", style.size_pt, style.dpi, style.metrics, style.fonts);
        out.placed = align_lines(metrics, lp.height, lp.descent, style);
    } else {
        const LineLayout lp = layout_plain(U"lp", out.lines[0].fonts[0]);
        out.placed = align_lines(metrics, lp.height, lp.descent, style);
    }
    out.missing = missing_glyphs(std::u32string_view(decode_utf8(utf8)), style.fonts);
    return out;
}

// Texts shaped once per figure: layout places the same labels at many trial positions, and each
// placement needs only the shaped text's box relative to its anchor.
class ShapeCache {
  public:
    std::shared_ptr<const ShapedLines> get(std::string_view utf8, const TextStyle& s) {
        Key key{std::string(utf8),
                s.size_pt,
                s.dpi,
                s.rotation,
                static_cast<int>(s.ha),
                static_cast<int>(s.va),
                static_cast<int>(s.rotation_mode),
                static_cast<int>(s.metrics),
                s.fonts.id()};
        auto it = shaped_.find(key);
        if (it == shaped_.end())
            it = shaped_
                     .emplace(std::move(key),
                              std::make_shared<const ShapedLines>(shape_lines(utf8, s)))
                     .first;
        return it->second;
    }

  private:
    using Key = std::tuple<std::string, double, double, double, int, int, int, int, const void*>;
    std::map<Key, std::shared_ptr<const ShapedLines>> shaped_;
};

}  // namespace detail

// Width, height and descent in pixels of one line of text at size_pt points and dpi, as
// Matplotlib's Agg renderer measures it: the width is the pen's advance, height and descent come
// from the glyphs' ink box (hinted, so whole pixels at the sizes baked into font_data.hpp).
inline TextExtent measure_text(std::string_view utf8, double size_pt, double dpi) {
    const detail::ShapedText t = detail::shape_text(utf8, size_pt, dpi);
    return {t.width, t.height, t.descent};
}

// The window box Matplotlib's Text.get_window_extent reports for text anchored at `anchor` (pixels,
// top-left origin, y down): as tall as the larger of the string and "lp", aligned and rotated as
// style says. Empty text has an empty box at the anchor.
inline Box text_box(std::string_view utf8, Point anchor, const TextStyle& style) {
    detail::check_placement(anchor, style);
    if (utf8.empty()) return {anchor.x, anchor.y, anchor.x, anchor.y};
    const Box b = detail::shape_lines(utf8, style).placed.box;
    return {anchor.x + b.x0, anchor.y - b.y1, anchor.x + b.x1, anchor.y - b.y0};
}

// The characters of a UTF-8 text that no font of `fonts` has (each once, in the order they first
// come): they draw as the missing-glyph box, so a caller warns about them.
inline std::u32string missing_glyphs(std::string_view utf8, const FontSet& fonts = FontSet()) {
    return missing_glyphs(std::u32string_view(detail::decode_utf8(utf8)), fonts);
}

}  // namespace heatmap
