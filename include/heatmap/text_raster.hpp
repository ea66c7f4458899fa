#pragma once
// Text as Agg draws it: a shaped line (text.hpp) rendered into a coverage bitmap with its glyphs
// placed on the 26.6 pen positions, the bitmap put on whole pixels and blitted, or, for any other
// angle than 0, resampled through the rotation with the spline36 filter, which is why 90 degrees is
// as crisp as 0 and 45 degrees a little softer, as in Matplotlib's figures. Only the raster
// backend includes this.
//
//   heatmap::TextStyle style;                    // 10 pt at 100 dpi, black, left/baseline
//   style.rotation = 90;
//   heatmap::Box box = heatmap::draw_text(canvas, "Open tickets", {40, 320}, style);

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "canvas.hpp"
#include "font.hpp"
#include "geometry.hpp"
#include "raster.hpp"
#include "text.hpp"

namespace heatmap {
namespace detail {

// Matplotlib's Agg image filter: spline36 weights at 1/256 pixel steps over 6 taps, 14-bit fixed
// point, each phase normalized to sum exactly to one.
struct Spline36 {
    std::int16_t weight[6 * 256];
    Spline36() {
        auto kernel = [](double x) {
            if (x < 1) return ((13.0 / 11.0 * x - 453.0 / 209.0) * x - 3.0 / 209.0) * x + 1.0;
            if (x < 2)
                return ((-6.0 / 11.0 * (x - 1) + 270.0 / 209.0) * (x - 1) - 156.0 / 209.0) *
                       (x - 1);
            return ((1.0 / 11.0 * (x - 2) - 45.0 / 209.0) * (x - 2) + 26.0 / 209.0) * (x - 2);
        };
        const int pivot = 3 * 256;
        for (int i = 0; i < pivot; ++i) {
            const auto v = static_cast<std::int16_t>(std::lround(kernel(i / 256.0) * 16384));
            weight[pivot + i] = v;
            weight[pivot - i] = v;
        }
        weight[0] = weight[6 * 256 - 1];
        for (int phase = 0; phase < 256; ++phase) {
            int sum = 0;
            for (int j = 0; j < 6; ++j) sum += weight[j * 256 + phase];
            // Put the rounding error on the largest tap, where it changes the shape least.
            int big = 0;
            for (int j = 1; j < 6; ++j)
                if (weight[j * 256 + phase] > weight[big * 256 + phase]) big = j;
            weight[big * 256 + phase] =
                static_cast<std::int16_t>(weight[big * 256 + phase] + 16384 - sum);
        }
    }
};

inline const Spline36& spline36() {
    static const Spline36 table;
    return table;
}

// FT2Font::draw_glyphs_to_bitmap: the line's glyphs rendered into one coverage image, 1 px margin,
// overlapping glyphs combined with bitwise or as Matplotlib does.
struct TextBitmap {
    int width = 0, height = 0;
    std::vector<std::uint8_t> cover;
};

// Renders glyph g with its origin at (pen_x, pen_y) (26.6, y up) the way FT_Glyph_To_Bitmap does,
// and ors it into img with the bitmap's top-left pixel at column left + dx, row dy(top).
template <class Place>
void blit_glyph(TextBitmap& img, const FontInstance& font, int g, long pen_x, long pen_y,
                Place place, bool italic = false) {
    std::vector<ScaledPoint> pts;
    std::vector<std::size_t> ends;
    long b[4];
    glyph_cbox(font, g, pen_x, pen_y, b, pts, ends, italic);
    if (pts.empty()) return;
    const long left = static_cast<long>(std::floor(px26_6(b[0])));
    const long right = static_cast<long>(std::ceil(px26_6(b[2])));
    const long bottom = static_cast<long>(std::floor(px26_6(b[1])));
    const long top = static_cast<long>(std::ceil(px26_6(b[3])));
    const int gw = static_cast<int>(right - left), gh = static_cast<int>(top - bottom);
    if (gw <= 0 || gh <= 0) return;
    AreaAccumulator acc(gw, gh);
    auto at = [&](const ScaledPoint& p) {
        return Point{px26_6(p.x + pen_x) - static_cast<double>(left),
                     static_cast<double>(top) - px26_6(p.y + pen_y)};
    };
    std::size_t begin = 0;
    for (std::size_t end : ends) {
        // Contours start on the curve; an off-curve point is always followed by an on-curve one.
        const Point start = at(pts[begin]);
        Point cur = start;
        for (std::size_t i = begin + 1; i <= end; ++i) {
            const Point p = i == end ? start : at(pts[i]);
            if (i < end && !pts[i].on) {
                const Point q = i + 1 == end ? start : at(pts[i + 1]);
                flatten_quad(cur, p, q, [&](Point u, Point v) { acc.add_line(u, v); });
                cur = q;
                ++i;
            } else {
                acc.add_line(cur, p);
                cur = p;
            }
        }
        begin = end;
    }
    acc.finish();
    int ox = 0, oy = 0;
    place(left, top, ox, oy);
    for (int y = std::max(0, -oy); y < gh && y + oy < img.height; ++y)
        for (int x = std::max(0, -ox); x < gw && x + ox < img.width; ++x)
            img.cover[static_cast<std::size_t>(y + oy) * static_cast<std::size_t>(img.width) +
                      static_cast<std::size_t>(x + ox)] |= acc.coverage(x, y);
}

inline TextBitmap blank_bitmap(long width, long height) {
    if (static_cast<double>(width) * static_cast<double>(height) >
        static_cast<double>(default_max_pixels))
        throw std::invalid_argument("text bitmap of " + std::to_string(width) + "x" +
                                    std::to_string(height) + " px is over the limit of " +
                                    std::to_string(default_max_pixels) +
                                    " pixels: draw shorter text or a smaller size");
    TextBitmap img;
    img.width = static_cast<int>(std::max(0L, width));
    img.height = static_cast<int>(std::max(0L, height));
    img.cover.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height), 0);
    return img;
}

inline TextBitmap render_line(const LineLayout& line, const FontInstance& font) {
    TextBitmap img =
        blank_bitmap((line.x_max - line.x_min) / 64 + 2, (line.y_max - line.y_min) / 64 + 2);
    for (const PlacedGlyph& pg : line.glyphs)
        blit_glyph(img, font, pg.glyph, pg.x, pg.y, [&](long left, long top, int& ox, int& oy) {
            // FT2Font truncates these toward zero, which is why the first glyph can sit a pixel
            // off.
            ox = static_cast<int>(static_cast<double>(left) - px26_6(line.x_min));
            oy = static_cast<int>(px26_6(line.y_max) - static_cast<double>(top) + 1);
        });
    return img;
}

// mathtext's to_raster: each glyph rendered at its own size with its origin on whole pixels.
inline TextBitmap render_math(const ShapedText& t) {
    TextBitmap img =
        blank_bitmap(static_cast<long>(t.raster_width), static_cast<long>(t.raster_height));
    for (const MathGlyph& g : t.glyphs) {
        const FontInstance& font = t.fonts[g.level];
        const double iceberg = glyph_metrics(font, g.glyph, g.italic).iceberg;
        blit_glyph(
            img, font, g.glyph, 0, 0,
            [&](long left, long, int& ox, int& oy) {
                ox = static_cast<int>(g.x) + static_cast<int>(left);
                oy = static_cast<int>(g.y - iceberg);
            },
            g.italic);
    }
    return img;
}

// RendererAgg.draw_text and draw_text_image: the bitmap's bottom-left corner goes to whole pixels,
// then it is blitted (angle 0) or resampled through the rotation (any other angle).
inline void draw_bitmap(Canvas& canvas, const TextBitmap& img, double x_f, double y_f,
                        double angle_deg, double descent, double x_min, Rgba color) {
    const double a = angle_deg * pi / 180.0;
    const int x = static_cast<int>(std::nearbyint(x_f + x_min + descent * std::sin(a)));
    const int y = static_cast<int>(std::nearbyint(y_f + descent * std::cos(a))) + 1;
    if (img.width <= 0 || img.height <= 0) return;
    if (angle_deg == 0) {
        for (int r = 0; r < img.height; ++r)
            canvas.blend_span(
                x, y - img.height + r, img.width, color,
                &img.cover[static_cast<std::size_t>(r) * static_cast<std::size_t>(img.width)]);
        return;
    }
    // Source (u, v) maps to (x, y) + R(-angle) * (u, v - height), y down.
    const double c = std::cos(-a), s = std::sin(-a);
    const double W = img.width, H = img.height;
    auto fwd = [&](double u, double v) {
        return Point{x + u * c - (v - H) * s, y + u * s + (v - H) * c};
    };
    Path rect;
    rect.move_to(fwd(0, 0));
    rect.line_to(fwd(W, 0));
    rect.line_to(fwd(W, H));
    rect.line_to(fwd(0, H));
    rect.close();
    const Box b = rect.bounds();
    const int x0 = std::max(0, static_cast<int>(std::floor(b.x0))),
              y0 = std::max(0, static_cast<int>(std::floor(b.y0)));
    const int x1 = std::min(canvas.width(), static_cast<int>(std::ceil(b.x1)));
    const int y1 = std::min(canvas.height(), static_cast<int>(std::ceil(b.y1)));
    if (x0 >= x1 || y0 >= y1) return;
    const std::int16_t* w = spline36().weight;
    auto source = [&](long u, long v) -> int {
        return u < 0 || v < 0 || u >= img.width || v >= img.height
                   ? 0
                   : img.cover[static_cast<std::size_t>(v) * static_cast<std::size_t>(img.width) +
                               static_cast<std::size_t>(u)];
    };
    int taps[36] = {}, tap_fu = -1, tap_fv = -1;  // the filter's weights for phases (fu, fv)
    // The rectangle's own coverage, one row at a time so memory stays one row wide however long
    // and slanted the text is; only the columns the rectangle crosses in that row are visited.
    for (int py = y0; py < y1; ++py) {
        double lo = x1, hi = x0;
        rect.for_each_segment([&](const Path::Segment& e) {
            const double ya = std::clamp(e.a.y, double(py), py + 1.0),
                         yb = std::clamp(e.b.y, double(py), py + 1.0);
            if (ya == yb) return;
            for (double yy : {ya, yb}) {
                const double xx = e.a.x + (yy - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y);
                lo = std::min(lo, xx), hi = std::max(hi, xx);
            }
        });
        const int cx0 = std::max(x0, static_cast<int>(std::floor(std::max(lo, double(x0)))));
        const int cx1 = std::min(x1, static_cast<int>(std::ceil(std::min(hi, double(x1)))));
        if (cx0 >= cx1) continue;
        AreaAccumulator acc(cx1 - cx0, 1);
        rect.for_each_segment([&](const Path::Segment& e) {
            acc.add_line({e.a.x - cx0, e.a.y - py}, {e.b.x - cx0, e.b.y - py});
        });
        acc.finish();
        for (int px = cx0; px < cx1; ++px) {
            const std::uint8_t cover = acc.coverage(px - cx0, 0);
            if (!cover) continue;
            const double dx = px + 0.5 - x, dy = py + 0.5 - y;
            const double u = dx * c + dy * s, v = -dx * s + dy * c + H;
            const long su = iround(u * 256) - 128, sv = iround(v * 256) - 128;
            const long u0 = (su >> 8) - 2, v0 = (sv >> 8) - 2;
            const int fu = static_cast<int>(su & 255), fv = static_cast<int>(sv & 255);
            // The 6x6 weights depend on the phases alone, which a right angle keeps for the whole
            // label: made once per phase, not per pixel.
            if (fu != tap_fu || fv != tap_fv) {
                for (int ty = 0; ty < 6; ++ty) {
                    const int wy = w[255 - fv + 256 * ty];
                    for (int tx = 0; tx < 6; ++tx)
                        taps[6 * ty + tx] = (wy * w[255 - fu + 256 * tx] + 8192) >> 14;
                }
                tap_fu = fu, tap_fv = fv;
            }
            long sum = 0;
            if (u0 >= 0 && v0 >= 0 && u0 + 6 <= img.width && v0 + 6 <= img.height) {
                // Inside the bitmap: its rows read directly, without the edge checks.
                for (int ty = 0; ty < 6; ++ty) {
                    const std::uint8_t* row =
                        img.cover.data() +
                        static_cast<std::size_t>(v0 + ty) * static_cast<std::size_t>(img.width) +
                        static_cast<std::size_t>(u0);
                    for (int tx = 0; tx < 6; ++tx) sum += row[tx] * taps[6 * ty + tx];
                }
            } else {
                for (int ty = 0; ty < 6; ++ty)
                    for (int tx = 0; tx < 6; ++tx)
                        sum += source(u0 + tx, v0 + ty) * taps[6 * ty + tx];
            }
            const long g = std::clamp(sum >> 14, 0L, 255L);
            if (!g) continue;
            canvas.blend(
                px, py,
                Rgba{color.r, color.g, color.b, static_cast<std::uint8_t>((color.a * g) >> 8)},
                cover);
        }
    }
}

// Draws text shaped once (for the raster: hinted, at the canvas's dpi) with its anchor at `anchor`.
inline void draw_shaped(Canvas& canvas, const ShapedLines& shaped, Point anchor, double rotation,
                        Rgba color) {
    const double angle = std::fmod(std::fmod(rotation, 360.0) + 360.0, 360.0);
    for (std::size_t i = 0; i < shaped.lines.size(); ++i) {
        const ShapedText& t = shaped.lines[i];
        const Point at = shaped.placed.baselines[i];
        const TextBitmap img = t.math ? render_math(t) : render_line(t.line, t.fonts[0]);
        draw_bitmap(canvas, img, anchor.x + at.x, anchor.y - at.y, angle, t.descent,
                    t.math ? 0.0 : static_cast<double>(t.line.x_min) / 64.0, color);
    }
}

}  // namespace detail

// Draws the text where text_box says and returns that box.
inline Box draw_text(Canvas& canvas, std::string_view utf8, Point anchor, const TextStyle& style) {
    detail::check_placement(anchor, style);
    if (utf8.empty()) return {anchor.x, anchor.y, anchor.x, anchor.y};
    const detail::ShapedLines shaped = detail::shape_lines(utf8, style);
    detail::draw_shaped(canvas, shaped, anchor, style.rotation, style.color);
    const Box b = shaped.placed.box;
    return {anchor.x + b.x0, anchor.y - b.y1, anchor.x + b.x1, anchor.y - b.y0};
}

}  // namespace heatmap
