#pragma once
// The raster backend: a scene (in pixels) into RGBA pixels, following the rules of Matplotlib's Agg
// backend to the pixel. This is the one place that knows them: snapping of rectilinear shapes and
// straight lines to whole pixels, imshow's nearest resampling through Agg's span interpolator,
// pcolormesh's unantialiased quads, clip boxes rounded to whole pixels, exact-area antialiasing
// (raster.hpp) and text bitmaps blitted or resampled (text_raster.hpp).
//
//   heatmap::Image image = heatmap::render_raster(scene);

#include <cstdint>

#include "config.hpp"
#include "image.hpp"

namespace heatmap {

struct Scene;

// The scene's pixels; refuses an image over max_pixels before allocating it.
HEATMAP_FUNC Image render_raster(const Scene& scene, std::int64_t max_pixels = default_max_pixels);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "canvas.hpp"
#include "raster.hpp"
#include "scene.hpp"
#include "text_raster.hpp"

namespace heatmap {
namespace detail {

// Agg's pixel snapping for straight lines: an odd-width line is centered on a pixel center, an
// even-width one on a pixel edge, so a 1-2 px black line stays crisp instead of smearing over three
// pixels.
inline double snap(double v, double width_px) {
    const double offset = (static_cast<long>(std::lround(width_px)) % 2) ? 0.5 : 0.0;
    return std::floor(v + 0.5) + offset;
}

// Agg rounds a clip box or a snapped rectangle's edges to whole pixels.
inline int round_edge(double v) {
    return static_cast<int>(std::floor(v + 0.5));
}

inline void draw_line(Canvas& canvas, const LineItem& l) {
    const double width = l.width, h = width / 2, cap = l.cap == LineCap::projecting ? h : 0;
    const bool snapped = l.snap;
    const Point a = l.a, b = l.b;
    if (a.y == b.y) {
        const double y = snapped ? snap(a.y, width) : a.y;
        const double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
        const double sx0 = snapped ? std::floor(x0 + 0.5) : x0,
                     sx1 = snapped ? std::floor(x1 + 0.5) : x1;
        canvas.fill_rect(sx0 - cap, y - h, sx1 + cap, y + h, l.color);
    } else if (a.x == b.x) {
        const double x = snapped ? snap(a.x, width) : a.x;
        const double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
        const double sy0 = snapped ? std::floor(y0 + 0.5) : y0,
                     sy1 = snapped ? std::floor(y1 + 0.5) : y1;
        canvas.fill_rect(x - h, sy0 - cap, x + h, sy1 + cap, l.color);
    } else {
        // A slanted line: the stroke's outline (a quad, longer by the caps), antialiased.
        const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        const double ux = dx / len, uy = dy / len, nx = -uy * h, ny = ux * h;
        const Point p0{a.x - ux * cap, a.y - uy * cap}, p1{b.x + ux * cap, b.y + uy * cap};
        Path quad;
        quad.move_to({p0.x + nx, p0.y + ny});
        quad.line_to({p1.x + nx, p1.y + ny});
        quad.line_to({p1.x - nx, p1.y - ny});
        quad.line_to({p0.x - nx, p0.y - ny});
        quad.close();
        fill_path(canvas, quad, l.color);
    }
}

// A convex polygon filled without antialiasing, as Agg fills a patch with antialiasing off: a pixel
// is in when its center is.
inline void fill_polygon_aliased(Canvas& canvas, const std::vector<Point>& v, Rgba color) {
    if (v.size() < 3) return;
    double top = v[0].y, bottom = v[0].y;
    for (const Point& p : v) top = std::min(top, p.y), bottom = std::max(bottom, p.y);
    for (int y = static_cast<int>(std::floor(top)); y < static_cast<int>(std::ceil(bottom)); ++y) {
        const double cy = y + 0.5;
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const Point a = v[i], b = v[(i + 1) % v.size()];
            if ((a.y <= cy && cy < b.y) || (b.y <= cy && cy < a.y)) {
                const double x = a.x + (cy - a.y) * (b.x - a.x) / (b.y - a.y);
                lo = std::min(lo, x), hi = std::max(hi, x);
            }
        }
        if (!(lo <= hi)) continue;
        canvas.fill_rect(static_cast<int>(std::ceil(lo - 0.5)), y,
                         static_cast<int>(std::ceil(hi - 0.5)), y + 1, color);
    }
}

inline void fill_polygon(Canvas& canvas, const PolygonItem& p) {
    if (!p.antialias) return fill_polygon_aliased(canvas, p.points, p.color);
    Path path;
    for (std::size_t i = 0; i < p.points.size(); ++i)
        i == 0 ? path.move_to(p.points[i]) : path.line_to(p.points[i]);
    path.close();
    fill_path(canvas, path, p.color);
}

// Each edge as a filled quad; nonzero winding merges them where they overlap at the corners.
inline void stroke_outline(Canvas& canvas, const OutlineItem& o) {
    const double h = o.width / 2;
    Path stroke;
    const std::vector<Point>& ring = o.points;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const Point a = ring[i], b = ring[(i + 1) % ring.size()];
        const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        if (!(len > 0)) continue;
        const double nx = -dy / len * h, ny = dx / len * h;
        stroke.move_to({a.x + nx, a.y + ny});
        stroke.line_to({b.x + nx, b.y + ny});
        stroke.line_to({b.x - nx, b.y - ny});
        stroke.line_to({a.x - nx, a.y - ny});
        stroke.close();
    }
    fill_path(canvas, stroke, o.color);
}

// imshow's pixels. The image is resampled (nearest) to ceil(width) x ceil(height) pixels, drawn at
// the box's corner rounded to a whole pixel. Which cell a pixel shows is decided by Agg's span
// interpolator: the source position of each row's first and last pixel in 1/256 pixel, with the
// steps between spread by an integer line interpolator, not by exact division. Following it to the
// step is what puts every cell edge on Matplotlib's pixel.
inline std::vector<std::size_t> source_index(std::size_t n, int out) {
    const double scale = static_cast<double>(n) / out;
    const long a = iround(0.5 * scale * 256), b = iround((0.5 + out) * scale * 256);
    long lft = (b - a) / out, rem = (b - a) % out, mod = rem, v = a;
    if (mod <= 0) mod += out, rem += out, --lft;
    mod -= out;
    std::vector<std::size_t> index(static_cast<std::size_t>(out));
    for (int i = 0; i < out; ++i) {
        index[static_cast<std::size_t>(i)] =
            std::min(static_cast<std::size_t>(std::max(v, 0L) >> 8), n - 1);
        mod += rem, v += lft;
        if (mod > 0) mod -= out, ++v;
    }
    return index;
}

inline void draw_image_cells(Canvas& canvas, const CellsItem& cells, double figure_height) {
    const Box& A = cells.box;
    const double H = figure_height;
    const int out_w = static_cast<int>(std::ceil(A.width())),
              out_h = static_cast<int>(std::ceil(A.height()));
    // Decorations larger than the figure leave the axes no room (negative size): no cells.
    if (out_w <= 0 || out_h <= 0) return;
    const int left = round_edge(A.x0);
    const int top = static_cast<int>(H - std::floor(H - A.y1 + 0.5)) - out_h;
    const std::vector<std::size_t> col_of = source_index(cells.cols, out_w);
    // Rows: each scanline's source row is rounded on its own (no interpolation runs down a column).
    std::vector<std::size_t> row_of(static_cast<std::size_t>(out_h));
    for (int j = 0; j < out_h; ++j)
        row_of[static_cast<std::size_t>(j)] =
            std::min(static_cast<std::size_t>(
                         iround((j + 0.5) * static_cast<double>(cells.rows) / out_h * 256) >> 8),
                     cells.rows - 1);
    for (int j = 0; j < out_h; ++j) {
        const int y = top + j;
        const std::size_t row = row_of[static_cast<std::size_t>(j)];
        int i = 0;
        while (i < out_w) {
            const std::size_t col = col_of[static_cast<std::size_t>(i)];
            int k = i;
            while (k < out_w && col_of[static_cast<std::size_t>(k)] == col) ++k;
            const Rgba c = cells.colors[row * cells.cols + col];
            if (c.a) canvas.fill_rect(left + i, y, left + k, y + 1, c);
            i = k;
        }
    }
}

// seaborn's pcolormesh: one unantialiased quad per cell, row by row from the top, each filled and
// then stroked with its edges before the next. Agg snaps the quads' corners to whole pixels (to
// pixel centers when the edge width rounds to an odd number of pixels) and, without antialiasing,
// paints every pixel the shape touches at all; a later quad paints over the pixels it shares with
// an earlier one.
inline void draw_mesh_cells(Canvas& canvas, const CellsItem& cells) {
    const Box& A = cells.box;
    const double w = cells.edge_width;
    const double offset = w > 0 && std::lround(w) % 2 ? 0.5 : 0.0;
    auto snap_corner = [&](double v) { return std::floor(v + 0.5) + offset; };
    // The pixels a span touches: Agg's 1/256 subpixel grid, an edge on a pixel boundary not
    // touching the pixel beyond it.
    auto first = [](double v) { return std::floor(std::round(v * 256) / 256); };
    auto last = [](double v) { return std::ceil(std::round(v * 256) / 256); };
    auto paint = [&](double x0, double y0, double x1, double y1, Rgba c) {
        canvas.fill_rect(first(x0), first(y0), last(x1), last(y1), c);
    };
    const std::size_t rows = cells.rows, cols = cells.cols;
    std::vector<double> xs(cols + 1), ys(rows + 1);
    for (std::size_t c = 0; c <= cols; ++c)
        xs[c] = snap_corner(A.x0 + static_cast<double>(c) * A.width() / static_cast<double>(cols));
    for (std::size_t r = 0; r <= rows; ++r)
        ys[r] = snap_corner(A.y0 + static_cast<double>(r) * A.height() / static_cast<double>(rows));
    const double h = w / 2;
    const Rgba edge = cells.edge_color;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const Rgba color = cells.colors[r * cols + c];
            if (color.a) paint(xs[c], ys[r], xs[c + 1], ys[r + 1], color);
            if (!(w > 0) || !edge.a) continue;
            const double x0 = xs[c], x1 = xs[c + 1], y0 = ys[r], y1 = ys[r + 1];
            paint(x0 - h, y0 - h, x0 + h, y1 + h, edge);
            paint(x1 - h, y0 - h, x1 + h, y1 + h, edge);
            paint(x0 - h, y0 - h, x1 + h, y0 + h, edge);
            paint(x0 - h, y1 - h, x1 + h, y1 + h, edge);
        }
    }
}

// Pixels already reduced: blended into the grid, pixels the box covers only in part by the part
// covered, as Canvas::fill_rect does, a run of one color as one span.
inline void draw_pixels(Canvas& canvas, const PixelsItem& p) {
    const Box& box = p.box;
    const double s = p.pixels_per_unit;
    const double bx0 = box.x0 * s, bx1 = box.x1 * s, by0 = box.y0 * s, by1 = box.y1 * s;
    // How much of pixel q the interval [lo, hi] covers.
    auto share = [](double lo, double hi, int q) {
        return std::clamp(std::min<double>(q + 1, hi) - std::max<double>(q, lo), 0.0, 1.0);
    };
    std::vector<std::uint8_t> covers(static_cast<std::size_t>(p.width));
    for (int j = 0; j < p.height; ++j) {
        const int y = p.y + j;
        const double cy = share(by0, by1, y);
        const Rgba* row =
            p.pixels.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(p.width);
        int i = 0;
        while (i < p.width) {
            const Rgba c = row[i];
            int k = i + 1;
            while (k < p.width && row[k] == c) ++k;
            for (int x = i; x < k; ++x)
                covers[static_cast<std::size_t>(x)] =
                    static_cast<std::uint8_t>(iround(share(bx0, bx1, p.x + x) * cy * 255.0));
            canvas.blend_span(p.x + i, y, k - i, c, covers.data() + i);
            i = k;
        }
    }
}

// The colorbar's bands, unantialiased: a pixel takes the band its center falls in.
inline void draw_bands(Canvas& canvas, const BandsItem& b) {
    const Box& bar = b.box;
    const int n = static_cast<int>(b.colors.size());
    if (n == 0) return;
    const int x0 = static_cast<int>(std::lround(bar.x0)),
              x1 = static_cast<int>(std::lround(bar.x1));
    const int y0 = static_cast<int>(std::lround(bar.y0)),
              y1 = static_cast<int>(std::lround(bar.y1));
    for (int y = y0; y < y1 && !b.horizontal; ++y) {
        const double f = (bar.y1 - (y + 0.5)) / bar.height();
        const int i = std::clamp(static_cast<int>(std::floor(f * n)), 0, n - 1);
        canvas.fill_rect(x0, y, x1, y + 1, b.colors[static_cast<std::size_t>(i)]);
    }
    for (int x = x0; x < x1 && b.horizontal; ++x) {
        const double f = (x + 0.5 - bar.x0) / bar.width();
        const int i = std::clamp(static_cast<int>(std::floor(f * n)), 0, n - 1);
        canvas.fill_rect(x, y0, x + 1, y1, b.colors[static_cast<std::size_t>(i)]);
    }
}

}  // namespace detail

HEATMAP_FUNC Image render_raster(const Scene& scene, std::int64_t max_pixels) {
    Canvas canvas(static_cast<int>(std::lround(scene.width)),
                  static_cast<int>(std::lround(scene.height)), scene.background, max_pixels);
    std::vector<Box> clips;
    auto apply_clip = [&] {
        if (clips.empty()) return canvas.unclip();
        const Box& c = clips.back();
        canvas.clip(detail::round_edge(c.x0), detail::round_edge(c.y0), detail::round_edge(c.x1),
                    detail::round_edge(c.y1));
    };
    for (const SceneItem& item : scene.items) {
        std::visit(
            [&](const auto& it) {
                using I = std::decay_t<decltype(it)>;
                if constexpr (std::is_same_v<I, RectItem>) {
                    if (it.snap)
                        canvas.fill_rect(
                            detail::round_edge(it.box.x0), detail::round_edge(it.box.y0),
                            detail::round_edge(it.box.x1), detail::round_edge(it.box.y1), it.color);
                    else
                        canvas.fill_rect(it.box.x0, it.box.y0, it.box.x1, it.box.y1, it.color);
                } else if constexpr (std::is_same_v<I, LineItem>) {
                    detail::draw_line(canvas, it);
                } else if constexpr (std::is_same_v<I, PolygonItem>) {
                    detail::fill_polygon(canvas, it);
                } else if constexpr (std::is_same_v<I, OutlineItem>) {
                    detail::stroke_outline(canvas, it);
                } else if constexpr (std::is_same_v<I, CellsItem>) {
                    if (it.shape == CellShape::mesh)
                        detail::draw_mesh_cells(canvas, it);
                    else
                        detail::draw_image_cells(canvas, it, scene.height);
                } else if constexpr (std::is_same_v<I, PixelsItem>) {
                    detail::draw_pixels(canvas, it);
                } else if constexpr (std::is_same_v<I, BandsItem>) {
                    detail::draw_bands(canvas, it);
                } else if constexpr (std::is_same_v<I, TextRun>) {
                    detail::draw_shaped(canvas, *it.shaped, it.anchor, it.rotation, it.color);
                } else if constexpr (std::is_same_v<I, ClipBegin>) {
                    clips.push_back(clips.empty() ? it.box
                                                  : Box{std::max(it.box.x0, clips.back().x0),
                                                        std::max(it.box.y0, clips.back().y0),
                                                        std::min(it.box.x1, clips.back().x1),
                                                        std::min(it.box.y1, clips.back().y1)});
                    apply_clip();
                } else if constexpr (std::is_same_v<I, ClipEnd>) {
                    if (!clips.empty()) clips.pop_back();
                    apply_clip();
                }
            },
            item.shape);
    }
    return std::move(canvas).take();
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
