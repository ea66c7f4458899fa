#pragma once
// Matrices larger than the axes: one value per pixel from the cells the pixel covers.
//
// When cells are at least a pixel wide and tall, a heatmap draws each cell as a rectangle and every
// pixel shows the cell under it, as Matplotlib does. When they are smaller (a 4000x4000 matrix in
// 600x480 pixels), drawing cell by cell would cost one primitive per cell and show only whichever
// cell landed last on each pixel, so a single extreme cell could vanish. Here each pixel instead
// takes the area-weighted mean of the values of the cells it covers (or their max or min, so that
// extremes stay visible), in one pass over the matrix, with cost proportional to cells plus
// pixels. The reduction itself is a PixelAggregate (aggregate.hpp), which can also be built from
// blocks, merged and stored; these functions are its one-pass form over a callable.
//
//   heatmap::Box axes{80.5, 60, 720, 540};
//   if (heatmap::needs_downsampling(rows, cols, axes)) {
//       heatmap::Downsampled d = heatmap::downsample(rows, cols,
//           [&](std::size_t r, std::size_t c) { return norm(data[r * cols + c]); }, axes);
//       // d.values[(y - d.y) * d.width + (x - d.x)]: pixel (x, y)'s value; NaN: no data
//   }
//   // or straight into a canvas, one pixel row at a time:
//   heatmap::draw_downsampled(canvas, rows, cols, value, axes, heatmap::Reduce::max,
//                             [&](float v) { return cmap(v); });
//   // or as an image placed on the grid (a scene's image item), on every core:
//   heatmap::ReducedPixels px = heatmap::reduce_cells(rows, cols, value, axes, reduce, {}, 0);
//   heatmap::PlacedImage img = heatmap::reduced_image(px, [&](double v) {
//       return cmap(static_cast<float>(v)); });  // the float draw_downsampled's colour gets
//
// value(r, c) is called exactly once per cell, row by row (Reduce::nearest: only for the cells
// under pixel centers, rows in order, a row's cells possibly more than once): a view over the
// caller's data costs no copy. Non-finite values (NaN, infinities) are missing data, as Matplotlib
// masks them; a pixel
// whose covered cells are all missing gets NaN (the colormap's "bad" color). A pixel on the box's
// edge is reduced over the part of it the box covers.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "aggregate.hpp"
#include "canvas.hpp"
#include "geometry.hpp"
#include "options.hpp"

namespace heatmap {

struct Downsampled {
    int x = 0, y = 0;           // the grid's top-left pixel
    int width = 0, height = 0;  // pixels the box touches
    std::vector<float>
        values;  // row-major, width * height; NaN where every covered cell is missing
};

// The aggregate of a whole matrix given by value(r, c), called once per cell in row-major order.
template <class Value>
PixelAggregate aggregate_matrix(std::size_t rows, std::size_t cols, Value&& value, const Box& box,
                                ValueScale scale = {}) {
    PixelAggregate agg(rows, cols, box, scale);
    detail::AggregateSession::allocate(agg);
    detail::AggregateSession session(agg, 0, rows, 0, cols, 0, agg.grid().height, true, false);
    std::vector<double> row(cols);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) row[c] = static_cast<double>(value(r, c));
        session.feed(r, 0, cols, row.data());
    }
    detail::AggregateSession::finish(agg, 0, rows, 0, cols, session.range());
    return agg;
}

// The whole grid's values from value(r, c), on `threads` threads (value is then called from
// several threads at once, each cell once), holding a few pixel rows of sums per thread: the
// values draw_downsampled colours (as doubles; it hands its colour floats), ready for
// reduced_image(), which gives the pixels draw_downsampled paints when blended (blend_image).
template <class Value>
ReducedPixels reduce_cells(std::size_t rows, std::size_t cols, Value&& value, const Box& box,
                           Reduce reduce = Reduce::mean, ValueScale scale = {},
                           unsigned threads = 1) {
    detail::check_downsample_args(rows, cols, box);
    PixelAggregate geometry(rows, cols, box, scale);
    ReducedPixels out = detail::unfilled_pixels(geometry);
    const auto read_row = [&value, cols](std::size_t r, double* row) {
        for (std::size_t c = 0; c < cols; ++c) row[c] = static_cast<double>(value(r, c));
    };
    out.range = detail::reduce_rolling(
        geometry, [&] { return detail::RowByRowReader<decltype(read_row)>{read_row, cols}; },
        threads, cols, detail::store_rows(out, reduce));
    return out;
}

namespace detail {

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
// increasing order (y relative to the grid: 0 .. height-1), with pixels_covered(box).width values,
// as soon as the rows covering it have been read; memory: a few pixel rows of sums.
template <class Value, class Sink>
void downsample_rows(std::size_t rows, std::size_t cols, Value&& value, const Box& box,
                     Reduce reduce, Sink&& sink) {
    detail::check_downsample_args(rows, cols, box);
    if (reduce == Reduce::nearest) {
        detail::downsample_nearest(rows, cols, value, box, pixels_covered(box), sink);
        return;
    }
    // One rolling session: a few pixel rows of sums, each handed over as soon as it is done.
    PixelAggregate geometry(rows, cols, box);
    std::vector<float> out(static_cast<std::size_t>(geometry.grid().width));
    detail::AggregateSession session(
        geometry, 0, geometry.grid().height, [&](long y, const detail::PixelState* row) {
            for (std::size_t x = 0; x < out.size(); ++x)
                out[x] = static_cast<float>(detail::pixel_value(row[x], reduce));
            sink(static_cast<int>(y), static_cast<const float*>(out.data()));
        });
    std::vector<double> cells(cols);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) cells[c] = static_cast<double>(value(r, c));
        session.feed(r, 0, cols, cells.data());
    }
    session.finish_rows();
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

// Blends a placed image (aggregate_image's) over a canvas, pixel by pixel, source over: the same
// bytes draw_downsampled paints for the same colors.
inline void blend_image(Canvas& canvas, const PlacedImage& placed) {
    const Image& img = placed.image;
    const std::uint8_t* p = img.pixels.data();
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x, p += 4)
            canvas.blend(placed.x + x, placed.y + y, Rgba{p[0], p[1], p[2], p[3]}, 255);
}

}  // namespace heatmap
