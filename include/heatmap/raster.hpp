#pragma once
// Paths and anti-aliased coverage. A path is flattened into line segments; each segment adds, to
// the pixels it crosses, the exact signed area it encloses on their right, as differences along the
// row; one running sum per row then gives every pixel's coverage. No supersampling, so a glyph's
// coverage matches FreeType's (which Matplotlib uses) to a unit or two, at any sub-pixel position
// and any angle.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "canvas.hpp"
#include "color.hpp"
#include "geometry.hpp"

namespace heatmap {
namespace detail {

// Calls line(a, b) for the pieces of the quadratic Bezier from p0 through control c to p1: as many
// equal steps in t as FreeType's rasterizer takes (halving until the curve bends less than a
// quarter pixel), so curved edges shade as in Matplotlib's glyphs.
template <class F>
void flatten_quad(Point p0, Point c, Point p1, F&& line) {
    double bend = std::max(std::abs(p0.x + p1.x - 2 * c.x), std::abs(p0.y + p1.y - 2 * c.y));
    int pieces = 1;
    while (bend > 0.25 && pieces < 256) bend /= 4, pieces *= 2;
    Point a = p0;
    for (int i = 1; i <= pieces; ++i) {
        const double t = static_cast<double>(i) / pieces, u = 1 - t;
        const Point b = i == pieces ? p1
                                    : Point{u * u * p0.x + 2 * u * t * c.x + t * t * p1.x,
                                            u * u * p0.y + 2 * u * t * c.y + t * t * p1.y};
        line(a, b);
        a = b;
    }
}

}  // namespace detail

// A filled outline in pixels (top-left origin, y down): closed contours of lines and quadratic
// curves, filled with the nonzero winding rule.
class Path {
  public:
    void move_to(Point p) {
        close();
        start_ = last_ = p;
        open_ = true;
    }
    void line_to(Point p) {
        if (!open_) move_to(last_);
        add_line(last_, p);
        last_ = p;
    }
    // A quadratic Bezier from the current point through control c to p.
    void quad_to(Point c, Point p) {
        if (!open_) move_to(last_);
        detail::flatten_quad(last_, c, p, [this](Point a, Point b) { add_line(a, b); });
        last_ = p;
    }
    // Ends the contour with a line back to its start.
    void close() {
        if (open_ && (last_.x != start_.x || last_.y != start_.y)) add_line(last_, start_);
        last_ = start_;
        open_ = false;
    }

    struct Segment {
        Point a, b;
    };
    // Calls f(Segment) for every line of the flattened outline, the open contour closed.
    template <class F>
    void for_each_segment(F&& f) const {
        for (const Segment& s : segments_) f(s);
        if (open_ && last_.y != start_.y) f(Segment{last_, start_});
    }

    // The smallest box holding every segment; an empty path gives an empty box at the origin.
    Box bounds() const {
        bool first = true;
        Box b;
        for_each_segment([&](const Segment& e) {
            const Box s{std::min(e.a.x, e.b.x), std::min(e.a.y, e.b.y), std::max(e.a.x, e.b.x),
                        std::max(e.a.y, e.b.y)};
            b = first ? s : b.united(s);
            first = false;
        });
        return b;
    }

  private:
    void add_line(Point a, Point b) {
        if (a.y != b.y) segments_.push_back({a, b});
    }

    std::vector<Segment> segments_;
    Point start_, last_;
    bool open_ = false;
};

namespace detail {

// Accumulates signed area for a width x height pixel window whose top-left corner is (0, 0).
class AreaAccumulator {
  public:
    AreaAccumulator(int width, int height)
        : width_(std::max(width, 0)),
          height_(std::max(height, 0)),
          cells_(static_cast<std::size_t>(width_ + 2) * static_cast<std::size_t>(height_), 0.0) {}

    int width() const { return width_; }
    int height() const { return height_; }

    // Adds the line from a to b. Parts left of the window still count (they cover the whole row to
    // their right); parts right of it or above/below it are dropped.
    void add_line(Point a, Point b) {
        if (a.y == b.y ||
            !(std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(b.x) && std::isfinite(b.y)))
            return;
        const double dir = a.y < b.y ? 1.0 : -1.0;
        if (a.y > b.y) std::swap(a, b);
        const double top = std::max(a.y, 0.0), bottom = std::min(b.y, static_cast<double>(height_));
        if (top >= bottom) return;
        const double dxdy = (b.x - a.x) / (b.y - a.y);
        const double limit = width_ + 1.0;
        for (int row = static_cast<int>(std::floor(top)); row < bottom; ++row) {
            const double y0 = std::max(top, static_cast<double>(row));
            const double y1 = std::min(bottom, row + 1.0);
            if (y1 <= y0) continue;
            const double xa = std::clamp(a.x + (y0 - a.y) * dxdy, 0.0, limit);
            const double xb = std::clamp(a.x + (y1 - a.y) * dxdy, 0.0, limit);
            add_row_piece(row, xa, xb, dir * (y1 - y0));
        }
    }

    // Turns the differences into coverage; call once, after the last add_line.
    void finish() {
        for (int y = 0; y < height_; ++y) {
            double sum = 0;
            double* row =
                &cells_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_ + 2)];
            for (int x = 0; x < width_ + 2; ++x) row[x] = (sum += row[x]);
        }
    }
    // Coverage 0..255 of pixel (x, y), FreeType's way: the covered fraction times 256, truncated,
    // capped.
    std::uint8_t coverage(int x, int y) const {
        const double a =
            std::abs(cells_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_ + 2) +
                            static_cast<std::size_t>(x)]);
        return static_cast<std::uint8_t>(std::min(255.0, std::floor(a * 256.0 + 1e-7)));
    }

  private:
    // One row's piece of an edge running from x = xa to x = xb while descending by height h (signed
    // by direction). Pixel i gains h times the mean, over the piece, of the part of [i, i+1) right
    // of the edge; the cells hold the differences between neighbours so that a running sum restores
    // it.
    void add_row_piece(int row, double xa, double xb, double h) {
        double* cells =
            &cells_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_ + 2)];
        const double lo = std::min(xa, xb), hi = std::max(xa, xb);
        const int first = static_cast<int>(std::floor(lo));
        const int last = std::min(static_cast<int>(std::floor(hi)) + 1, width_ + 1);
        double previous = 0;
        for (int i = first; i <= last; ++i) {
            const double right = i + 1.0;
            double covered;
            if (hi - lo < 1e-12) {
                covered = std::clamp(right - lo, 0.0, 1.0);
            } else {
                covered = (ramp_integral(right - lo) - ramp_integral(right - hi)) / (hi - lo);
            }
            cells[i] += h * (covered - previous);
            previous = covered;
        }
    }
    // Integral from -inf to u of clamp(t, 0, 1) dt.
    static double ramp_integral(double u) {
        if (u <= 0) return 0;
        if (u <= 1) return u * u / 2;
        return u - 0.5;
    }

    int width_, height_;
    std::vector<double> cells_;
};

}  // namespace detail

// Fills path with color c, anti-aliased, blended over what the canvas holds.
inline void fill_path(Canvas& canvas, const Path& path, Rgba c) {
    const Box b = path.bounds();
    // Clamped before converting, so a huge or non-finite coordinate cannot overflow an int.
    auto to_int = [](double v, double lo, double hi) {
        return static_cast<int>(std::isnan(v) ? lo : std::clamp(v, lo, hi));
    };
    const double w = canvas.width(), h = canvas.height();
    const int x0 = to_int(std::floor(b.x0), 0, w), y0 = to_int(std::floor(b.y0), 0, h);
    const int x1 = to_int(std::ceil(b.x1), 0, w), y1 = to_int(std::ceil(b.y1), 0, h);
    if (x0 >= x1 || y0 >= y1) return;
    detail::AreaAccumulator acc(x1 - x0, y1 - y0);
    path.for_each_segment([&](const Path::Segment& s) {
        acc.add_line({s.a.x - x0, s.a.y - y0}, {s.b.x - x0, s.b.y - y0});
    });
    acc.finish();
    std::vector<std::uint8_t> covers(static_cast<std::size_t>(x1 - x0));
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x)
            covers[static_cast<std::size_t>(x - x0)] = acc.coverage(x - x0, y - y0);
        canvas.blend_span(x0, y, x1 - x0, c, covers.data());
    }
}

}  // namespace heatmap
