#pragma once
// Matrices larger than the axes: one value per pixel from the cells the pixel covers.
//
// When cells are at least a pixel wide and tall, a heatmap draws each cell as a rectangle and every
// pixel shows the cell under it, as Matplotlib does. When they are smaller (a 4000x4000 matrix in
// 600x480 pixels), drawing cell by cell would cost one primitive per cell and show only whichever
// cell landed last on each pixel, so a single extreme cell could vanish. Here each pixel instead
// takes the area-weighted mean of the normalized values of the cells it covers (or their max or
// min, so that extremes stay visible), in one pass over the matrix, in row-major order, with cost
// proportional to cells plus pixels and memory of a few rows.
//
//   heatmap::Box axes{80.5, 60, 720, 540};
//   if (heatmap::needs_downsampling(rows, cols, axes)) {
//       heatmap::Downsampled d = heatmap::downsample(rows, cols,
//           [&](std::size_t r, std::size_t c) { return norm(data[r * cols + c]); }, axes);
//       // d.values[(y - d.y) * d.width + (x - d.x)]: pixel (x, y)'s value; NaN: no data
//   }
//   // or straight into a canvas, one pixel row at a time, with no image of floats:
//   heatmap::draw_downsampled(canvas, rows, cols, value, axes, heatmap::Reduce::max,
//                             [&](float v) { return cmap(v); });
//
// value(r, c) is called exactly once per cell, row by row (Reduce::nearest: only for the cells
// under pixel centers, rows in order, a row's cells possibly more than once): a view over the
// caller's data costs no copy. Non-finite values (NaN, infinities) are missing data, as Matplotlib masks them; a pixel
// whose covered cells are all missing gets NaN (the colormap's "bad" color). A pixel on the box's
// edge is reduced over the part of it the box covers.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "canvas.hpp"
#include "error.hpp"
#include "geometry.hpp"
#include "options.hpp"

namespace heatmap {

// The pixels a box touches: [x, x + width) x [y, y + height), from floor(x0) to ceil(x1).
struct PixelGrid {
    int x = 0, y = 0;
    int width = 0, height = 0;
};

struct Downsampled {
    int x = 0, y = 0;           // the grid's top-left pixel
    int width = 0, height = 0;  // pixels the box touches
    std::vector<float>
        values;  // row-major, width * height; NaN where every covered cell is missing
};

// True when a cell of a rows x cols matrix drawn into box is narrower or shorter than one pixel:
// the point from which drawing cell by cell stops showing every cell and downsample() takes over.
inline bool needs_downsampling(std::size_t rows, std::size_t cols, const Box& box) {
    return static_cast<double>(cols) > box.width() || static_cast<double>(rows) > box.height();
}

namespace detail {

inline void check_downsample_args(std::size_t rows, std::size_t cols, const Box& box) {
    if (rows == 0 || cols == 0)
        throw std::invalid_argument("cannot downsample a " + std::to_string(rows) + "x" +
                                    std::to_string(cols) +
                                    " matrix: it needs at least one row and one column");
    if (!(std::isfinite(box.x0) && std::isfinite(box.y0) && std::isfinite(box.x1) &&
          std::isfinite(box.y1) && box.x0 < box.x1 && box.y0 < box.y1))
        throw std::invalid_argument("cannot downsample into the box [" + std::to_string(box.x0) +
                                    ", " + std::to_string(box.y0) + ", " + std::to_string(box.x1) +
                                    ", " + std::to_string(box.y1) +
                                    "]: it must be finite with x0 < x1 and y0 < y1 (pixels)");
}

// Where cells lie along one axis of the grid: n cells evenly over [lo, hi] (grid coordinates).
struct Span {
    double lo, step;
    std::size_t n;
    double edge(std::size_t i) const {
        return i == n ? lo + step * static_cast<double>(n) : lo + step * static_cast<double>(i);
    }
};

// Overlaps smaller than this (in pixels) are rounding, not coverage: a cell that only touches a
// pixel's edge must not decide that pixel's max or min.
constexpr double min_overlap = 1e-9;

// Cell range [begin, end) that pixel p in [p, p + 1) may overlap along a span.
inline std::pair<std::size_t, std::size_t> cells_of_pixel(const Span& s, int p) {
    const double first = std::floor((p - s.lo) / s.step);
    const double last = std::ceil((p + 1 - s.lo) / s.step);
    const double n = static_cast<double>(s.n);
    const auto begin = static_cast<std::size_t>(std::clamp(first - 1, 0.0, n));
    const auto end = static_cast<std::size_t>(std::clamp(last + 1, 0.0, n));
    return {begin, end};
}

inline double overlap(const Span& s, std::size_t cell, int p) {
    return std::min<double>(p + 1, s.edge(cell + 1)) - std::max<double>(p, s.edge(cell));
}

// One row of accumulators. For the mean: sum of value * area and sum of area. For max and min: the
// extreme so far (starting from the identity, -inf or +inf, so no comparison needs a branch) and
// the area seen; no area means no data, NaN.
template <Reduce R>
class RowAccumulator {
  public:
    explicit RowAccumulator(std::size_t n) : a_(n), w_(n) { clear(); }

    std::size_t size() const { return a_.size(); }
    void clear() {
        std::fill(a_.begin(), a_.end(), identity());
        std::fill(w_.begin(), w_.end(), 0.0);
    }
    // Adds a value a that stands for area w of data, scaled by the share `area` of it that lands
    // here.
    void add(std::size_t i, double a, double w, double area) {
        if constexpr (R == Reduce::mean) {
            a_[i] += a * area;
            w_[i] += w * area;
        } else {
            a_[i] = R == Reduce::max ? std::max(a_[i], a) : std::min(a_[i], a);
            w_[i] += w;
        }
    }
    void add_from(const RowAccumulator& row, std::size_t j, std::size_t i, double area) {
        add(i, row.a_[j], row.w_[j], area);
    }
    // A cell's own value: a missing one is the identity with no area.
    void set_cell(std::size_t i, double v) {
        const bool ok = std::isfinite(v);
        a_[i] = ok ? v : identity();
        w_[i] = ok ? 1.0 : 0.0;
    }
    float value(std::size_t i) const {
        if (!(w_[i] > 0)) return std::numeric_limits<float>::quiet_NaN();
        return static_cast<float>(R == Reduce::mean ? a_[i] / w_[i] : a_[i]);
    }

  private:
    static constexpr double identity() {
        constexpr double inf = std::numeric_limits<double>::infinity();
        return R == Reduce::mean ? 0.0 : R == Reduce::max ? -inf : inf;
    }
    std::vector<double> a_, w_;
};

// Reduces a row of cells across columns into a row of pixels: out[p] gets every cell c overlapping
// p.
template <Reduce R>
void reduce_columns(const RowAccumulator<R>& cells, const Span& s, RowAccumulator<R>& pixels) {
    pixels.clear();
    for (int p = 0; p < static_cast<int>(pixels.size()); ++p) {
        const auto [begin, end] = cells_of_pixel(s, p);
        for (std::size_t c = begin; c < end; ++c) {
            const double area = overlap(s, c, p);
            if (area > min_overlap) pixels.add_from(cells, c, static_cast<std::size_t>(p), area);
        }
    }
}

}  // namespace detail

// The pixels a box touches, refusing a grid beyond the image size limit.
inline PixelGrid pixels_covered(const Box& box, std::int64_t max_pixels = default_max_pixels) {
    const double x = std::floor(box.x0), y = std::floor(box.y0);
    const double w = std::ceil(box.x1) - x, h = std::ceil(box.y1) - y;
    detail::check_image_size(w, h, max_pixels);
    if (std::abs(x) > std::numeric_limits<int>::max() / 2 ||
        std::abs(y) > std::numeric_limits<int>::max() / 2)
        throw std::invalid_argument("box origin (" + std::to_string(box.x0) + ", " +
                                    std::to_string(box.y0) +
                                    ") is too far from the image: keep boxes within the canvas");
    return {static_cast<int>(x), static_cast<int>(y), static_cast<int>(w), static_cast<int>(h)};
}

namespace detail {

template <Reduce R, class Value, class Sink>
void downsample_rows_as(std::size_t rows, std::size_t cols, Value& value, const Box& box,
                        const PixelGrid& grid, Sink& sink) {
    const std::size_t width = static_cast<std::size_t>(grid.width);
    const Span xs{box.x0 - grid.x, box.width() / static_cast<double>(cols), cols};
    const Span ys{box.y0 - grid.y, box.height() / static_cast<double>(rows), rows};
    // Columns are reduced first when there are more cells than pixels across (each cell then meets
    // one or two pixels); otherwise rows of cells are accumulated and stretched across once per
    // pixel row.
    const bool columns_first = cols >= width;

    RowAccumulator<R> cells(columns_first ? 0 : cols);
    RowAccumulator<R> across(columns_first ? width : 0);
    RowAccumulator<R> open(columns_first ? width : cols);
    RowAccumulator<R> finished(columns_first ? 0 : width);
    std::vector<float> out(width);
    int open_y = 0;
    auto flush = [&] {
        const RowAccumulator<R>* row = &open;
        if (!columns_first) {
            reduce_columns(open, xs, finished);
            row = &finished;
        }
        for (std::size_t x = 0; x < width; ++x) out[x] = row->value(x);
        sink(open_y, static_cast<const float*>(out.data()));
        open.clear();
        ++open_y;
    };

    const int last_x = grid.width - 1;
    for (std::size_t r = 0; r < rows; ++r) {
        if (columns_first) {
            // Each cell straight into the one or two pixels it meets; missing cells add nothing.
            across.clear();
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = static_cast<double>(value(r, c));
                if (!std::isfinite(v)) continue;
                const double lo = xs.lo + xs.step * static_cast<double>(c), hi = lo + xs.step;
                const int p0 = std::max(0, static_cast<int>(lo));
                if (hi <= p0 + 1) {  // the common case: the whole cell inside one pixel
                    if (p0 <= last_x) across.add(static_cast<std::size_t>(p0), v, 1.0, hi - lo);
                    continue;
                }
                const int p1 = std::min(last_x, static_cast<int>(std::ceil(hi)) - 1);
                for (int p = p0; p <= p1; ++p) {
                    const double area = std::min<double>(p + 1, hi) - std::max<double>(p, lo);
                    if (area > min_overlap) across.add(static_cast<std::size_t>(p), v, 1.0, area);
                }
            }
        } else {
            for (std::size_t c = 0; c < cols; ++c)
                cells.set_cell(c, static_cast<double>(value(r, c)));
        }
        const RowAccumulator<R>& row = columns_first ? across : cells;
        const double top = ys.edge(r), bottom = ys.edge(r + 1);
        const int first = std::max(0, static_cast<int>(std::floor(top)));
        const int last = std::min(grid.height - 1, static_cast<int>(std::ceil(bottom)) - 1);
        for (int y = first; y <= last; ++y) {
            const double area = std::min<double>(y + 1, bottom) - std::max<double>(y, top);
            if (!(area > min_overlap)) continue;
            while (open_y < y) flush();
            for (std::size_t i = 0; i < open.size(); ++i) open.add_from(row, i, i, area);
        }
    }
    while (open_y < grid.height) flush();
}

// Reduce::nearest: each pixel shows the cell under its center (an edge pixel whose center lies
// outside the box, the nearest cell inside); only those cells are read.
template <class Value, class Sink>
void downsample_nearest(std::size_t rows, std::size_t cols, Value& value, const Box& box,
                        const PixelGrid& grid, Sink& sink) {
    const std::size_t width = static_cast<std::size_t>(grid.width);
    const auto cell = [](double center, double lo, double step, std::size_t n) {
        const double i = std::floor((center - lo) / step);
        return static_cast<std::size_t>(std::clamp(i, 0.0, static_cast<double>(n - 1)));
    };
    const double xstep = box.width() / static_cast<double>(cols),
                 ystep = box.height() / static_cast<double>(rows);
    std::vector<std::size_t> col_of(width);
    for (std::size_t x = 0; x < width; ++x)
        col_of[x] =
            cell(static_cast<double>(grid.x) + static_cast<double>(x) + 0.5, box.x0, xstep, cols);
    std::vector<float> out(width);
    for (int y = 0; y < grid.height; ++y) {
        const std::size_t r = cell(grid.y + y + 0.5, box.y0, ystep, rows);
        for (std::size_t x = 0; x < width; ++x) {
            const double v = static_cast<double>(value(r, col_of[x]));
            out[x] =
                std::isfinite(v) ? static_cast<float>(v) : std::numeric_limits<float>::quiet_NaN();
        }
        sink(y, static_cast<const float*>(out.data()));
    }
}

}  // namespace detail

// Streams the reduction one pixel row at a time: sink(y, row) is called once for each grid row y in
// increasing order (y relative to the grid: 0 .. height-1), with pixels_covered(box).width values.
// Either axis may be reduced or stretched; the cheaper order is chosen so that the cost stays
// proportional to rows * cols + width * height.
template <class Value, class Sink>
void downsample_rows(std::size_t rows, std::size_t cols, Value&& value, const Box& box,
                     Reduce reduce, Sink&& sink) {
    detail::check_downsample_args(rows, cols, box);
    const PixelGrid grid = pixels_covered(box);
    // One instantiation per reduction keeps the per-cell loop free of branches on it.
    if (reduce == Reduce::nearest)
        detail::downsample_nearest(rows, cols, value, box, grid, sink);
    else if (reduce == Reduce::mean)
        detail::downsample_rows_as<Reduce::mean>(rows, cols, value, box, grid, sink);
    else if (reduce == Reduce::max)
        detail::downsample_rows_as<Reduce::max>(rows, cols, value, box, grid, sink);
    else
        detail::downsample_rows_as<Reduce::min>(rows, cols, value, box, grid, sink);
}

// The whole grid at once: downsample_rows into one buffer of width * height floats.
template <class Value>
Downsampled downsample(std::size_t rows, std::size_t cols, Value&& value, const Box& box,
                       Reduce reduce = Reduce::mean) {
    detail::check_downsample_args(rows, cols, box);
    const PixelGrid grid = pixels_covered(box);
    Downsampled d{grid.x, grid.y, grid.width, grid.height, {}};
    d.values.resize(static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(grid.height));
    downsample_rows(rows, cols, std::forward<Value>(value), box, reduce,
                    [&](int y, const float* row) {
                        std::copy(row, row + grid.width,
                                  d.values.begin() + static_cast<std::ptrdiff_t>(y) * grid.width);
                    });
    return d;
}

// Draws the reduction straight into a canvas, a pixel row at a time, with no image of floats in
// between: color(v) is the color for a reduced value v (NaN where there is no data), typically the
// colormap of v. Pixels the box covers only in part are blended by the area covered, as
// Canvas::fill_rect does.
template <class Value, class Color>
void draw_downsampled(Canvas& canvas, std::size_t rows, std::size_t cols, Value&& value,
                      const Box& box, Reduce reduce, Color&& color) {
    const PixelGrid grid = pixels_covered(box);
    auto share = [](double lo, double hi,
                    int p) {  // how much of pixel p the interval [lo, hi] covers
        return std::clamp(std::min<double>(p + 1, hi) - std::max<double>(p, lo), 0.0, 1.0);
    };
    std::vector<std::uint8_t> covers(static_cast<std::size_t>(grid.width));
    downsample_rows(rows, cols, std::forward<Value>(value), box, reduce,
                    [&](int j, const float* row) {
                        const int y = grid.y + j;
                        const double cy = share(box.y0, box.y1, y);
                        int i = 0;
                        while (i < grid.width) {
                            // A run of pixels of one color is one span: a reduced row is often flat
                            // (few cells, or a mean that has settled), and spans are what the
                            // canvas blends fastest.
                            const Rgba c = color(row[i]);
                            int k = i + 1;
                            while (k < grid.width && color(row[k]) == c) ++k;
                            for (int x = i; x < k; ++x)
                                covers[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(
                                    detail::iround(share(box.x0, box.x1, grid.x + x) * cy * 255.0));
                            canvas.blend_span(grid.x + i, y, k - i, c, covers.data() + i);
                            i = k;
                        }
                    });
}

}  // namespace heatmap
