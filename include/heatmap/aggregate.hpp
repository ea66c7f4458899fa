#pragma once
// Pixel aggregates: a matrix larger than its axes reduced to one summary per pixel, built from any
// blocks of it, merged in any order, and written to bytes, with the same result to the last bit.
//
//   heatmap::PixelAggregate agg(rows, cols, axes_box);                  // empty, for this grid
//   agg.add(first_row, n_rows, 0, cols, values, cols);                  // any block, any order
//   other.add(...);  agg.merge(other);                                  // another process's part
//   std::vector<std::uint8_t> bytes = agg.serialize();                  // to send or store
//   agg = heatmap::PixelAggregate::deserialize(bytes.data(), bytes.size());
//   double v = agg.value(x, y, heatmap::Reduce::mean);                  // grid-relative pixel
//   heatmap::PlacedImage img = heatmap::aggregate_image(agg, heatmap::Reduce::mean, norm, cmap);
//
// What a pixel holds. Each pixel of the grid (the pixels the axes box touches) keeps the
// area-weighted sum of the values of the cells it covers, the area of its cells that hold a value
// (its weight), and their smallest and largest value. The mean is sum / weight; max and min are
// what they say; a pixel whose cells are all missing (NaN or infinite, as Matplotlib masks them) has
// no weight and its value is NaN. The area of missing cells is the pixel's covered area less its
// weight, so it is not stored.
//
// Why merging is exact. Floating-point sums depend on their order, and a merge would otherwise
// change the order. So the sums are split where no block boundary can fall in between:
//   - Cells are grouped into units: the cells of one pixel within one run of 64 rows (row groups
//     start at multiples of 64) and one run of G columns (G = 256, or more for very wide matrices,
//     fixed by the shape). Inside a unit, sums run in one fixed order (per row: four interleaved
//     partial sums over the columns; then row after row, each row weighted by its height in the
//     pixel) in plain doubles: this is where nearly all the work is, at the speed of a plain sum.
//   - A unit's sums are added into its pixel exactly: the value sums in a binned fixed-point form
//     (three 32-bit windows on a grid of bit positions common to all numbers, below the highest
//     window any addend reached), the weights as a 128-bit integer in units of 2^-120. Integer sums
//     do not depend on order, and which windows are kept depends only on the largest addend, so any
//     split into blocks and any merge order give the same bits. The result keeps at least 64 bits
//     below the leading bit of the largest addend: more than a double's sum would.
//   - A block whose edge falls inside a unit keeps what it has of that unit aside (its rows' sums,
//     or its raw cells when the edge cuts a row's columns) until a merge brings the rest; then the
//     unit is summed in its fixed order as if it had been read at once. Blocks whose edges fall on
//     multiples of 64 rows and of G columns keep nothing aside.
// The mean of a pixel whose cells all hold one value is that value exactly, and a mean never leaves
// [min, max].
//
// The scale the values are reduced on (ValueScale): a pixel's mean is taken of the values as the
// norm's scale sees them, log10 for LogNorm and the symmetric log for SymLogNorm, the values
// themselves for the other norms, and the norm then maps the reduced value to a colour. For the
// linear, log and symlog norms this is the mean of the normalized values (how downsample.hpp always
// reduced), computed without knowing the norm's limits, which streaming input learns only at its
// end. reduction_scale(norm) picks the scale; the aggregate applies it to the values it is given
// and keeps the data's range (DataRange) in data units, for autoscaled(norm, agg.range()).
//
// Straight to values, when nothing will be merged: reduce_matrix (and reduce_cells in
// downsample.hpp, reduce_file in stream.hpp) run the same sums with a few pixel rows of them per
// thread, handing each pixel row over as soon as its last cell row is read, and give the values
// PixelAggregate::reduced() gives, bit for bit:
//
//   heatmap::ReducedPixels px = heatmap::reduce_matrix(values, rows, cols, cols, axes_box,
//                                                      heatmap::Reduce::mean, {}, 0);
//   heatmap::PlacedImage img = heatmap::reduced_image(px, norm, cmap, 0);
//
// Cost: about a plain sum over the cells (a multiply-add, a min and a max per cell, two at a time
// where GCC's and Clang's vectors are), plus one exact addition per unit: 0.65 ns a cell on one
// core of the 2.6 GHz EPYC this was measured on. Memory: an aggregate holds 64 bytes a pixel (25 MB
// for the tutorial's 695x556-pixel axes), plus what is set aside at block edges that cut units; the
// rolling form a few pixel rows per thread. Every entry point takes a thread count (0: every core)
// and gives the same bytes on any number of threads: threads take bands of pixel rows, which never
// share a pixel.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "canvas.hpp"
#include "color.hpp"
#include "colormap.hpp"
#include "config.hpp"
#include "error.hpp"
#include "geometry.hpp"
#include "norm.hpp"
#include "options.hpp"  // Reduce
#include "parallel.hpp"

namespace heatmap {

// The pixels a box touches: [x, x + width) x [y, y + height), from floor(x0) to ceil(x1).
struct PixelGrid {
    int x = 0, y = 0;
    int width = 0, height = 0;
};

// True when a cell of a rows x cols matrix drawn into box is narrower or shorter than one pixel:
// the point from which drawing cell by cell stops showing every cell and the cells are reduced per
// pixel instead.
inline bool needs_downsampling(std::size_t rows, std::size_t cols, const Box& box) {
    return static_cast<double>(cols) > box.width() || static_cast<double>(rows) > box.height();
}

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

// The scale a matrix's values are reduced on: linear (the values), log (log10 of the values;
// values <= 0 are missing) or symlog (Matplotlib's symmetric log transform with these parameters).
struct ValueScale {
    enum class Kind : std::uint8_t { linear = 0, log = 1, symlog = 2 };
    Kind kind = Kind::linear;
    double base = 10.0, linthresh = 1.0, linscale = 1.0;  // symlog only

    static ValueScale linear() { return {}; }
    static ValueScale log() { return {Kind::log, 10.0, 1.0, 1.0}; }
    static ValueScale symlog(double base, double linthresh, double linscale) {
        const ValueScale s{Kind::symlog, base, linthresh, linscale};
        SymLogNorm{linthresh, linscale, 0.0, 1.0, false, base}.validate();
        return s;
    }
    // The value as the scale sees it; NaN where the scale has no place for it.
    double forward(double v) const {
        switch (kind) {
            case Kind::log:
                return v > 0 ? std::log10(v) : std::numeric_limits<double>::quiet_NaN();
            case Kind::symlog:
                return detail::SymLogTransform{base, linthresh, linscale}.forward(v);
            default:
                return v;
        }
    }
    bool operator==(const ValueScale& o) const {
        return kind == o.kind &&
               (kind != Kind::symlog ||
                (base == o.base && linthresh == o.linthresh && linscale == o.linscale));
    }
    bool operator!=(const ValueScale& o) const { return !(*this == o); }
};

// The scale to reduce on for a norm: log for LogNorm, symlog for SymLogNorm, linear otherwise
// (PowerNorm, TwoSlopeNorm and BoundaryNorm need their limits to transform; they reduce the data
// and map the reduced value, as Matplotlib's imshow resamples data before its norm).
inline ValueScale reduction_scale(const Norm& norm) {
    if (std::holds_alternative<LogNorm>(norm)) return ValueScale::log();
    if (const auto* s = std::get_if<SymLogNorm>(&norm))
        return ValueScale::symlog(s->base, s->linthresh, s->linscale);
    return ValueScale::linear();
}

// The data's range in data units: finite values, and positive finite values (tracked on the log
// and symlog scales, where the aggregate sees every value before transforming it).
struct DataRange {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double min_positive = std::numeric_limits<double>::infinity();
    double max_positive = -std::numeric_limits<double>::infinity();
    bool positive_tracked = false;

    bool empty() const { return !(min <= max); }
    // One value: counted when finite, its positive side too (tracked or not, so that a range
    // found before the norm is known serves every norm).
    void add(double v) {
        if (!std::isfinite(v)) return;
        min = std::min(min, v), max = std::max(max, v);
        if (v > 0)
            min_positive = std::min(min_positive, v), max_positive = std::max(max_positive, v);
    }
    void merge(const DataRange& o) {
        min = std::min(min, o.min), max = std::max(max, o.max);
        min_positive = std::min(min_positive, o.min_positive);
        max_positive = std::max(max_positive, o.max_positive);
        positive_tracked = positive_tracked || o.positive_tracked;
    }
};

// The norm with its unset limits taken from an aggregate's range, as autoscaled(norm, values)
// takes them from the values. LogNorm needs the positive range: an aggregate built on the log (or
// symlog) scale has it, a linear one only when its values are all positive.
inline Norm autoscaled(Norm norm, const DataRange& range) {
    std::vector<double> ends;
    if (std::holds_alternative<LogNorm>(norm)) {
        if (range.positive_tracked) {
            if (range.min_positive <= range.max_positive)
                ends = {range.min_positive, range.max_positive};
        } else if (!range.empty() && range.min > 0) {
            ends = {range.min, range.max};
        } else if (!range.empty()) {
            const auto& n = std::get<LogNorm>(norm);
            if (!n.vmin || !n.vmax)
                detail::throw_invalid(
                    "LogNorm: the aggregate was reduced on the linear scale and holds values <= "
                    "0, so its positive range is unknown; build it with "
                    "heatmap::reduction_scale(norm), or set vmin and vmax.");
        }
    } else if (!range.empty()) {
        ends = {range.min, range.max};
    }
    return autoscaled(std::move(norm), ends.data(), ends.size());
}

// A reduced value (on the scale the aggregate was built on) as the norm's position in [0, 1] (or,
// for BoundaryNorm, its colour index). The norm's limits must be set. Throws when the norm does
// not go with the scale (a log-scale aggregate drawn with a linear norm).
HEATMAP_FUNC double normalize_reduced(const Norm& norm, const ValueScale& scale, double reduced);

// An image placed on the canvas: its top-left pixel at (x, y).
struct PlacedImage {
    int x = 0, y = 0;
    Image image;
};

// One value per pixel of a grid: a mean, max or min on `scale`, NaN where no cell holds a value;
// with the box the cells span (for its edges' coverage) and the data's range (for limits).
struct ReducedPixels {
    PixelGrid grid;
    Box box;
    ValueScale scale;
    DataRange range;
    std::vector<double> values;  // row-major, grid.width * grid.height

    double value(int x, int y) const {
        return values[static_cast<std::size_t>(y) * static_cast<std::size_t>(grid.width) +
                      static_cast<std::size_t>(x)];
    }
};

namespace detail {

// Overlaps smaller than this (in pixels) are rounding, not coverage: a cell that only touches a
// pixel's edge must not decide that pixel's max or min.
constexpr double min_overlap = 1e-9;
constexpr std::size_t aggregate_row_group = 64;

// Where cells lie along one axis of the grid: n cells evenly over [lo, lo + step * n] (grid
// coordinates, pixel p spans [p, p + 1)).
struct Span {
    double lo, step;
    std::size_t n;
    double edge(std::size_t i) const { return lo + step * static_cast<double>(i); }
};

// The length of pixel p that cell i covers (<= 0 when they do not meet).
inline double cell_overlap(const Span& s, std::size_t i, long p) {
    return std::min<double>(static_cast<double>(p) + 1, s.edge(i + 1)) -
           std::max<double>(static_cast<double>(p), s.edge(i));
}

// The pixels [first, last] of [0, npix) that cell i reaches (last < first when none).
inline std::pair<long, long> pixels_of_cell(const Span& s, std::size_t i, long npix) {
    const long first = std::max(0L, static_cast<long>(std::floor(s.edge(i))));
    const long last = std::min(npix - 1, static_cast<long>(std::ceil(s.edge(i + 1))) - 1);
    return {first, last};
}

// Calls f(p, overlap) for every pixel p in [p0, p1) that cell i covers by more than min_overlap.
template <class F>
void for_each_pixel_of_cell(const Span& s, std::size_t i, long p0, long p1, F&& f) {
    const auto range = pixels_of_cell(s, i, p1);
    for (long p = std::max(p0, range.first); p <= range.second; ++p) {
        const double a = cell_overlap(s, i, p);
        if (a > min_overlap) f(p, a);
    }
}

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

// One row of one unit: the area-weighted sum of its finite values, their area, min and max.
struct RowSum {
    double s = 0, w = 0;
    double mn = std::numeric_limits<double>::infinity();
    double mx = -std::numeric_limits<double>::infinity();
};

// The fixed order inside a unit's row: four partial sums, cell i into partial i % 4, then
// (p0 + p1) + (p2 + p3). Missing cells add nothing. The same function serves every path (a block
// read at once, a unit completed by a merge), so the bits agree.
inline RowSum row_sum_missing(const double* v, const double* a, std::size_t n) {
    double s[4] = {0, 0, 0, 0}, w[4] = {0, 0, 0, 0};
    RowSum r;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(v[i])) continue;
        s[i & 3] += v[i] * a[i];
        w[i & 3] += a[i];
        r.mn = std::min(r.mn, v[i]);
        r.mx = std::max(r.mx, v[i]);
    }
    r.s = (s[0] + s[1]) + (s[2] + s[3]);
    r.w = (w[0] + w[1]) + (w[2] + w[3]);
    r.mn += 0.0, r.mx += 0.0;  // -0 as +0: which zero a min of both keeps depends on order
    return r;
}

// The unit's area, summed as row_sum_missing sums it when no cell is missing.
inline double area_sum(const double* a, std::size_t n) {
    double w[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) w[i & 3] += a[i];
    return (w[0] + w[1]) + (w[2] + w[3]);
}

// row_sum_missing, fast when nothing is missing: a finite sum means every value was finite (a NaN
// or an infinity times a positive area would have made it NaN or infinite), and then the sums are
// the same additions in the same order; otherwise it starts again, skipping.
#if defined(__GNUC__) && !defined(HEATMAP_NO_VECTOR_EXTENSIONS)
// Two doubles in one register (SSE2 on x86-64, NEON on ARM), as GCC and Clang spell it: lanes
// (0, 1) and (2, 3) of the four partial sums, added lane by lane exactly as the scalar code adds.
typedef double double2 __attribute__((vector_size(16)));
inline double2 load2(const double* p) {
    double2 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
#endif

inline RowSum row_sum(const double* v, const double* a, std::size_t n, double w_full) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    double mn = std::numeric_limits<double>::infinity(), mx = -mn;
    std::size_t i = 0;
#if defined(__GNUC__) && !defined(HEATMAP_NO_VECTOR_EXTENSIONS)
    if (n >= 4) {
        double2 sa = {0, 0}, sb = {0, 0};
        double2 lo = {mn, mn}, hi = {mx, mx};
        for (; i + 4 <= n; i += 4) {
            const double2 va = load2(v + i), vb = load2(v + i + 2);
            sa += va * load2(a + i);
            sb += vb * load2(a + i + 2);
            lo = va < lo ? va : lo;
            lo = vb < lo ? vb : lo;
            hi = va > hi ? va : hi;
            hi = vb > hi ? vb : hi;
        }
        s0 = sa[0], s1 = sa[1], s2 = sb[0], s3 = sb[1];
        mn = std::min(lo[0], lo[1]), mx = std::max(hi[0], hi[1]);
    }
#else
    for (; i + 4 <= n; i += 4) {
        s0 += v[i] * a[i];
        s1 += v[i + 1] * a[i + 1];
        s2 += v[i + 2] * a[i + 2];
        s3 += v[i + 3] * a[i + 3];
        mn = std::min(mn, std::min(std::min(v[i], v[i + 1]), std::min(v[i + 2], v[i + 3])));
        mx = std::max(mx, std::max(std::max(v[i], v[i + 1]), std::max(v[i + 2], v[i + 3])));
    }
#endif
    switch (n - i) {  // the last cells, one more in each of the first partial sums
        case 3:
            s2 += v[i + 2] * a[i + 2];
            mn = std::min(mn, v[i + 2]), mx = std::max(mx, v[i + 2]);
            [[fallthrough]];
        case 2:
            s1 += v[i + 1] * a[i + 1];
            mn = std::min(mn, v[i + 1]), mx = std::max(mx, v[i + 1]);
            [[fallthrough]];
        case 1:
            s0 += v[i] * a[i];
            mn = std::min(mn, v[i]), mx = std::max(mx, v[i]);
            break;
        default:
            break;
    }
    const double sum = (s0 + s1) + (s2 + s3);
    if (!std::isfinite(sum)) return row_sum_missing(v, a, n);
    RowSum r;
    r.s = sum, r.w = w_full, r.mn = mn + 0.0, r.mx = mx + 0.0;
    return r;
}

// RowSums of many units, field by field, so that loops over units run a field at a time.
struct RowSums {
    std::vector<double> s, w, mn, mx;
    void resize(std::size_t n) { s.resize(n), w.resize(n), mn.resize(n), mx.resize(n); }
    RowSum at(std::size_t i) const {
        RowSum r;
        r.s = s[i], r.w = w[i], r.mn = mn[i], r.mx = mx[i];
        return r;
    }
};

#if defined(__GNUC__) && !defined(HEATMAP_NO_VECTOR_EXTENSIONS)
// row_sum without the tail's branches, for a unit of at least four cells that may be read four
// cells past its end, with four zero areas after its own: the sums take the last group as four
// whole cells (the cells past the end add v * 0, which is a zero, or NaN from a missing value,
// which sends the unit to row_sum_missing), and min and max take the unit's last four cells again
// (taking a value twice changes neither). The result is row_sum's, but for the sign of a sum that
// is zero, which no pixel sees (deposit() skips zero sums).
inline RowSum row_sum_padded(const double* v, const double* a, std::size_t n, double w_full) {
    double2 sa = {0, 0}, sb = {0, 0};
    double2 lo = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    double2 hi = -lo;
    const std::size_t whole = n / 4 * 4;
    for (std::size_t i = 0; i < whole; i += 4) {
        const double2 va = load2(v + i), vb = load2(v + i + 2);
        sa += va * load2(a + i);
        sb += vb * load2(a + i + 2);
        lo = va < lo ? va : lo;
        lo = vb < lo ? vb : lo;
        hi = va > hi ? va : hi;
        hi = vb > hi ? vb : hi;
    }
    sa += load2(v + whole) * load2(a + whole);
    sb += load2(v + whole + 2) * load2(a + whole + 2);
    const double2 ta = load2(v + n - 4), tb = load2(v + n - 2);
    lo = ta < lo ? ta : lo;
    lo = tb < lo ? tb : lo;
    hi = ta > hi ? ta : hi;
    hi = tb > hi ? tb : hi;
    const double sum = (sa[0] + sa[1]) + (sb[0] + sb[1]);
    if (!std::isfinite(sum)) return row_sum_missing(v, a, n);
    RowSum r;
    r.s = sum, r.w = w_full;
    r.mn = (lo[1] < lo[0] ? lo[1] : lo[0]) + 0.0;
    r.mx = (hi[0] < hi[1] ? hi[1] : hi[0]) + 0.0;
    return r;
}
#endif

// Rows of a unit, one after the other, each weighted by the height it has in the pixel.
inline void accumulate(RowSum& acc, double height, const RowSum& row) {
    acc.s += height * row.s;
    acc.w += height * row.w;
    acc.mn = std::min(acc.mn, row.mn);
    acc.mx = std::max(acc.mx, row.mx);
}

// What a pixel holds (64 bytes). Value sum: three 32-bit windows of bits, s[k] the sum of every
// addend's bits [32 (top - k), 32 (top - k) + 32) as an integer (so at most 2^31 addends a pixel;
// PixelAggregate checks the shape); bits below window top - 2 are dropped, for every addend alike.
// inf: 1 when an addend was +inf, 2 for -inf (a sum that overflowed a double). Weight: w_hi:w_lo,
// an unsigned integer in units of 2^-120 (areas are at most 1 a pixel, at least min_overlap^2).
struct PixelState {
    std::int64_t s[3] = {0, 0, 0};
    std::int32_t top = std::numeric_limits<std::int32_t>::min();  // min(): nothing added
    std::uint8_t inf = 0;
    std::uint8_t reserved[3] = {0, 0, 0};
    std::uint64_t w_lo = 0, w_hi = 0;
    double mn = std::numeric_limits<double>::infinity();
    double mx = -std::numeric_limits<double>::infinity();

    bool empty() const { return (w_lo | w_hi) == 0; }
};

constexpr std::int32_t no_window = std::numeric_limits<std::int32_t>::min();
constexpr int weight_lsb = -120;

// |v| = m * 2^e for a finite double, m < 2^53.
struct Unpacked {
    std::uint64_t m;
    int e;
    bool negative;
};
inline Unpacked unpack(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const int ex = static_cast<int>((bits >> 52) & 0x7FF);
    std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
    if (ex != 0) m |= std::uint64_t{1} << 52;
    return {m, (ex != 0 ? ex : 1) - 1075, (bits >> 63) != 0};
}

inline int bit_length(std::uint64_t m) {
    int n = 0;
    for (int step = 32; step > 0; step /= 2)
        if (m >> step) m >>= step, n += step;
    return n + static_cast<int>(m);
}

inline std::int32_t window_of(int bit) {
    return static_cast<std::int32_t>(bit >= 0 ? bit / 32 : -((-bit + 31) / 32));
}

// Bits [32 j, 32 j + 32) of m * 2^e.
inline std::uint64_t window_bits(std::uint64_t m, int e, std::int32_t j) {
    const long sh = 32L * j - e;
    if (sh >= 0) return sh >= 64 ? 0 : (m >> sh) & 0xFFFFFFFFu;
    return -sh >= 32 ? 0 : (m << -sh) & 0xFFFFFFFFu;
}

inline void raise_top(PixelState& p, std::int32_t top) {
    const long d = static_cast<long>(top) - p.top;
    for (long k = 2; k >= 0; --k) p.s[k] = k >= d ? p.s[k - d] : 0;
    p.top = top;
}

inline void add_value(PixelState& p, double t) {
    if (t == 0) return;
    if (!std::isfinite(t)) {
        p.inf = static_cast<std::uint8_t>(p.inf | (std::isnan(t) ? 3 : t > 0 ? 1 : 2));
        return;
    }
    const Unpacked u = unpack(t);
    const std::int32_t top = window_of(u.e + bit_length(u.m) - 1);
    if (p.top == no_window)
        p.top = top;
    else if (top > p.top)
        raise_top(p, top);
    else if (top < p.top - 2)
        return;  // every bit of t is below the windows kept
    for (int k = 0; k < 3; ++k) {
        const auto part = static_cast<std::int64_t>(window_bits(u.m, u.e, p.top - k));
        p.s[k] += u.negative ? -part : part;
    }
}

inline void add_weight(PixelState& p, double w) {
    const Unpacked u = unpack(w);
    const int sh = u.e - weight_lsb;
    std::uint64_t lo = 0, hi = 0;
    if (sh < 0)
        lo = sh <= -64 ? 0 : u.m >> -sh;
    else if (sh == 0)
        lo = u.m;
    else if (sh < 64)
        lo = u.m << sh, hi = u.m >> (64 - sh);
    else if (sh - 64 < 11)
        hi = u.m << (sh - 64);
    else
        throw std::logic_error("heatmap: a pixel's weight beyond 256 (a bug: areas are at most 1)");
    p.w_lo += lo;
    p.w_hi += hi + (p.w_lo < lo ? 1 : 0);
}

// Adds one unit's sums to its pixel; a unit with no value adds nothing.
inline void deposit(PixelState& p, const RowSum& acc) {
    if (!(acc.w > 0)) return;
    add_value(p, acc.s);
    add_weight(p, acc.w);
    p.mn = std::min(p.mn, acc.mn);
    p.mx = std::max(p.mx, acc.mx);
}

inline void merge_pixel(PixelState& p, const PixelState& q) {
    if (q.top != no_window) {
        if (p.top == no_window) {
            p.top = q.top;
        } else if (q.top > p.top) {
            raise_top(p, q.top);
        }
        const long d = static_cast<long>(p.top) - q.top;
        for (long k = 0; k + d < 3; ++k) p.s[k + d] += q.s[k];
    }
    p.inf = static_cast<std::uint8_t>(p.inf | q.inf);
    p.w_lo += q.w_lo;
    p.w_hi += q.w_hi + (p.w_lo < q.w_lo ? 1 : 0);
    p.mn = std::min(p.mn, q.mn);
    p.mx = std::max(p.mx, q.mx);
}

// The nearest double to an integer of up to 192 bits (two's complement limbs, least significant
// first) times 2^exp2, ties to even: the one rounding of an exact sum.
HEATMAP_FUNC double wide_to_double(std::array<std::uint64_t, 3> x, long exp2);

inline double value_sum(const PixelState& p) {
    if (p.inf != 0) {
        return p.inf == 1   ? std::numeric_limits<double>::infinity()
               : p.inf == 2 ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::quiet_NaN();
    }
    if (p.top == no_window) return 0.0;
    // s0 * 2^64 + s1 * 2^32 + s2 in 192 bits.
    std::array<std::uint64_t, 3> x = {0, 0, 0};
    auto add = [&x](std::int64_t v, int shift) {
        const std::uint64_t ext = v < 0 ? ~std::uint64_t{0} : 0;
        std::array<std::uint64_t, 3> w = {static_cast<std::uint64_t>(v), ext, ext};
        if (shift == 32) {
            w = {w[0] << 32, (w[1] << 32) | (w[0] >> 32), (w[2] << 32) | (w[1] >> 32)};
        } else if (shift == 64) {
            w = {0, w[0], w[1]};
        }
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const std::uint64_t a = x[i] + carry;
            const std::uint64_t c1 = a < carry ? 1 : 0;
            x[i] = a + w[i];
            carry = c1 + (x[i] < w[i] ? 1 : 0);
        }
    };
    add(p.s[2], 0);
    add(p.s[1], 32);
    add(p.s[0], 64);
    return wide_to_double(x, 32L * (p.top - 2));
}

inline double weight_sum(const PixelState& p) {
    return wide_to_double({p.w_lo, p.w_hi, 0}, weight_lsb);
}

// Reduce::nearest reads the cell under each pixel's center, which sums do not hold.
inline void check_aggregate_reduce(Reduce reduce) {
    if (reduce == Reduce::nearest)
        throw std::invalid_argument(
            "Reduce::nearest is not an aggregate (a pixel's sums do not hold the cell under its "
            "center): reduce with mean, max or min, or draw the matrix in one pass");
}

// A pixel's reduced value: NaN without weight; the mean of one value is that value, and a mean
// stays within [min, max].
inline double pixel_value(const PixelState& p, Reduce reduce) {
    if (p.empty()) return std::numeric_limits<double>::quiet_NaN();
    if (reduce == Reduce::max) return p.mx;
    if (reduce == Reduce::min) return p.mn;
    if (p.mn == p.mx) return p.mn;
    double m = value_sum(p) / weight_sum(p);
    if (m < p.mn) m = p.mn;
    if (m > p.mx) m = p.mx;
    return m;
}

// The cells of a matrix added so far, as the unique decomposition into maximal strips of rows that
// share one sorted list of column intervals: the same set gives the same strips, whatever order
// its blocks came in.
class Coverage {
  public:
    struct Strip {
        std::size_t r0, r1;
        std::vector<std::pair<std::size_t, std::size_t>> cols;
        bool operator==(const Strip& o) const { return r0 == o.r0 && r1 == o.r1 && cols == o.cols; }
    };
    const std::vector<Strip>& strips() const { return strips_; }
    // The first added cell inside rows [r0, r1) x columns [c0, c1), if any.
    HEATMAP_FUNC bool overlaps(std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1,
                               std::pair<std::size_t, std::size_t>* cell) const;
    // Adds a rectangle that overlaps nothing added.
    HEATMAP_FUNC void add(std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1);
    bool complete(std::size_t rows, std::size_t cols) const {
        return strips_.size() == 1 && strips_[0].r0 == 0 && strips_[0].r1 == rows &&
               strips_[0].cols.size() == 1 && strips_[0].cols[0].first == 0 &&
               strips_[0].cols[0].second == cols;
    }
    void set(std::vector<Strip> strips) { strips_ = std::move(strips); }

  private:
    std::vector<Strip> strips_;
};

class AggregateSession;

}  // namespace detail

class PixelAggregate {
  public:
    // An empty aggregate of a rows x cols matrix drawn into box (pixels; cells spread evenly over
    // it), reducing on scale. Throws std::invalid_argument for an empty matrix, a degenerate box, a
    // grid over max_pixels, or cells thinner than 1e-8 pixel.
    HEATMAP_FUNC PixelAggregate(std::size_t rows, std::size_t cols, const Box& box,
                                ValueScale scale = {},
                                std::int64_t max_pixels = default_max_pixels);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    const Box& box() const { return box_; }
    const PixelGrid& grid() const { return grid_; }
    const ValueScale& scale() const { return scale_; }
    // Columns per column group (256; more for matrices over 512 columns a pixel).
    std::size_t column_group() const { return col_group_; }

    // Adds the block of rows [first_row, first_row + n_rows) and columns [first_col, first_col +
    // n_cols), in data units: values[i * row_stride + j] is cell (first_row + i, first_col + j).
    // Blocks may come in any order and from any number of aggregates (merge()); a cell may be
    // added once. threads: 0 for every core; the result is the same on any number.
    HEATMAP_FUNC void add(std::size_t first_row, std::size_t n_rows, std::size_t first_col,
                          std::size_t n_cols, const double* values, std::size_t row_stride,
                          unsigned threads = 1);
    // Whole rows [first_row, first_row + n_rows), contiguous.
    void add_rows(std::size_t first_row, std::size_t n_rows, const double* values,
                  unsigned threads = 1) {
        add(first_row, n_rows, 0, cols_, values, cols_, threads);
    }

    // Adds what another aggregate of the same matrix, box and scale holds. Throws
    // std::invalid_argument (and changes nothing) when they differ or share a cell.
    HEATMAP_FUNC void merge(const PixelAggregate& other);

    // True once every cell has been added (then nothing is set aside either).
    bool complete() const { return coverage_.complete(rows_, cols_); }

    // The reduced value of grid pixel (x, y) (0 <= x < grid().width, 0 <= y < grid().height), on
    // the aggregate's scale; NaN when none of its cells holds a value.
    HEATMAP_FUNC double value(int x, int y, Reduce reduce) const;
    // Every pixel's value at once (and the range, scale and box), on `threads` threads.
    HEATMAP_FUNC ReducedPixels reduced(Reduce reduce, unsigned threads = 1) const;
    // The area of pixel (x, y) covered by cells that hold a value (0 to 1).
    double weight(int x, int y) const { return detail::weight_sum(pixel(x, y)); }
    const DataRange& range() const { return range_; }

    // The aggregate as bytes: fixed little-endian layout behind a magic and version, ending in a
    // checksum; equal aggregates give equal bytes. deserialize() validates everything and throws
    // heatmap::invalid_input naming the field at fault.
    HEATMAP_FUNC std::vector<std::uint8_t> serialize() const;
    HEATMAP_FUNC static PixelAggregate deserialize(const std::uint8_t* data, std::size_t size);

    // Bytes set aside for units cut by block edges (0 once complete).
    HEATMAP_FUNC std::size_t pending_bytes() const;

  private:
    friend class detail::AggregateSession;

    struct PendingCells {  // one row of one unit, cells missing
        std::vector<std::uint64_t> mask;
        std::vector<double> values;  // on the scale
    };
    struct PendingRows {         // one unit (row group, pixel row, column unit), rows missing
        std::uint64_t mask = 0;  // bit i: row (group * 64 + i) present
        std::vector<std::pair<std::uint8_t, detail::RowSum>> rows;  // by row
    };
    using CellsKey = std::pair<std::uint64_t, std::uint64_t>;                // row, unit
    using RowsKey = std::tuple<std::uint64_t, std::int64_t, std::uint64_t>;  // group, y, unit

    struct Unit {
        std::uint64_t key;  // group * width + x
        long x;
        std::size_t first, count;  // cells [first, first + count)
        double w_full;
    };

    // The pixels are allocated on first use: an aggregate that only lends its geometry to a
    // rolling reduction (reduce_rows) never touches 64 bytes a pixel.
    void ensure_pixels() {
        if (pixels_.empty())
            pixels_.resize(static_cast<std::size_t>(grid_.width) *
                           static_cast<std::size_t>(grid_.height));
    }
    detail::PixelState& pixel(long x, long y) {  // after ensure_pixels()
        return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(grid_.width) +
                       static_cast<std::size_t>(x)];
    }
    const detail::PixelState& pixel(long x, long y) const {
        static const detail::PixelState none;
        if (pixels_.empty()) return none;
        return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(grid_.width) +
                       static_cast<std::size_t>(x)];
    }
    // The units of column group g, in column order; their areas appended to areas when given.
    HEATMAP_FUNC void group_units(std::size_t g, std::vector<Unit>& units,
                                  std::vector<double>* areas) const;
    HEATMAP_FUNC Unit unit_of_key(std::uint64_t key, std::vector<double>* areas) const;
    // Rows [first, last] of row group h that cover pixel row y (first > last when none).
    std::size_t unit_first(std::size_t h, long y) const {
        return std::max(row_first_[static_cast<std::size_t>(y)], h * detail::aggregate_row_group);
    }
    std::size_t unit_last(std::size_t h, long y) const {
        return std::min(row_last_[static_cast<std::size_t>(y)],
                        h * detail::aggregate_row_group + detail::aggregate_row_group - 1);
    }
    HEATMAP_FUNC void add_pending_cells(std::size_t row, const Unit& unit, std::size_t from,
                                        std::size_t n, const double* values);
    HEATMAP_FUNC void add_pending_row(std::size_t group, long y, std::uint64_t unit_key,
                                      long unit_x, std::size_t row, const detail::RowSum& sums);
    HEATMAP_FUNC void check_compatible(const PixelAggregate& other) const;
    HEATMAP_FUNC static std::size_t parse(const std::uint8_t* data, std::size_t size, bool check,
                                          std::optional<PixelAggregate>& agg);

    std::size_t rows_ = 0, cols_ = 0;
    Box box_;
    ValueScale scale_;
    PixelGrid grid_;
    detail::Span xs_{}, ys_{};
    std::size_t col_group_ = 256;
    std::vector<std::size_t> row_first_, row_last_;  // per pixel row: the rows covering it
    std::vector<detail::PixelState> pixels_;
    DataRange range_;
    detail::Coverage coverage_;
    std::map<CellsKey, PendingCells> pending_cells_;
    std::map<RowsKey, PendingRows> pending_rows_;
};

namespace detail {

// One thread's pass over part of a block: rows fed in order, each row whole or in pieces (column
// ranges split at column-group boundaries, in order). With `deposit`, the units wholly inside the
// block whose pixel row is in [y0, y1) go straight into their pixels (sessions on disjoint pixel
// rows may run at once); with `collect`, what the block holds of units it does not hold whole is
// set aside in the aggregate (one session at a time).
class AggregateSession {
  public:
    HEATMAP_FUNC AggregateSession(PixelAggregate& agg, std::size_t r0, std::size_t r1,
                                  std::size_t c0, std::size_t c1, long y0, long y1, bool deposit,
                                  bool collect);
    // A rolling session: deposits into a window of a few pixel rows instead of the aggregate's
    // pixels (which it never allocates), and hands each pixel row of [y0, y1) to `finished`, in
    // order, as soon as every row covering it has been fed (whole rows, in order, from the top).
    HEATMAP_FUNC AggregateSession(PixelAggregate& agg, long y0, long y1,
                                  std::function<void(long, const PixelState*)> finished);
    // A rolling session's last pixel rows (those after the last row fed).
    HEATMAP_FUNC void finish_rows();
    // Row r's values (data units) for columns [cb, ce).
    HEATMAP_FUNC void feed(std::size_t r, std::size_t cb, std::size_t ce, const double* values);
    const DataRange& range() const { return range_; }
    // Starts again from the block's first row for another piece of columns (Fortran-order files
    // are read piece by piece, each piece top to bottom); every unit of the rows fed so far must
    // be complete.
    void restart() {
        for (Slot& s : slots_) s.used = false;
    }
    // The aggregate's pixels, before sessions on several threads deposit into them.
    static void allocate(PixelAggregate& agg) { agg.ensure_pixels(); }
    // Refuses a block outside the matrix or overlapping cells already added.
    HEATMAP_FUNC static void check_block(const PixelAggregate& agg, std::size_t r0, std::size_t r1,
                                         std::size_t c0, std::size_t c1);
    // The rows of block [r0, r1) x [c0, c1) a collecting pass must see: [r0, head) and [tail,
    // r1), the rows of units the block's top and bottom edges cut (all rows when its columns
    // cut units: then head == r1).
    HEATMAP_FUNC static std::pair<std::size_t, std::size_t> cut_rows(const PixelAggregate& agg,
                                                                     std::size_t r0, std::size_t r1,
                                                                     std::size_t c0,
                                                                     std::size_t c1);
    // Records a block as added, once every session over it is done: its cells and their range.
    HEATMAP_FUNC static void finish(PixelAggregate& agg, std::size_t r0, std::size_t r1,
                                    std::size_t c0, std::size_t c1, const DataRange& range);

  private:
    using Unit = PixelAggregate::Unit;
    struct Slot {  // a unit of several rows being summed
        std::size_t group = 0, last = 0;
        long y = -1;
        bool used = false;
        RowSums acc;
    };
    HEATMAP_FUNC void prepare_piece(std::size_t cb, std::size_t ce);
    HEATMAP_FUNC PixelState* pixel_row(long y);
    HEATMAP_FUNC void finish_row(long y);
    HEATMAP_FUNC Slot& slot_for(std::size_t group, long y, std::size_t r, std::size_t last);

    PixelAggregate& agg_;
    std::size_t r0_, r1_, c0_, c1_;
    long y0_, y1_;
    bool deposit_, collect_;
    std::vector<Unit> units_;  // every unit meeting columns [c0, c1)
    std::vector<bool> whole_;  // units_[i] lies within [c0, c1)
    std::size_t piece_cb_ = 1, piece_ce_ = 0, ua_ = 0, ub_ = 0;  // the piece prepared
    struct PieceUnit {                       // a unit of the prepared piece, for the inner loop
        std::size_t offset, count, area_at;  // cells at values[offset], areas at areas_[area_at]
        double w_full;
        long x;
        bool padded;  // row_sum_padded may read four cells past the unit
    };
    std::vector<PieceUnit> piece_;  // units [ua_, ub_)
    std::vector<double> areas_;
    RowSums rows_;                // this row's sums, per unit
    std::vector<double> scaled_;  // values on a non-linear scale
    std::array<Slot, 3> slots_;
    DataRange range_;
    // Rolling sessions only.
    std::function<void(long, const PixelState*)> finished_;
    std::vector<PixelState> window_;  // rows of sums being gathered, width each
    std::vector<long> window_y_;      // the pixel row each holds, -1 for none
    long next_final_ = 0;             // the first pixel row not yet handed over
};

// Pixel-row bands for `threads` sessions over rows [r0, r1): band i deposits pixel rows [y[i],
// y[i + 1]) and is fed rows [rows[i].first, rows[i].second).
struct Bands {
    std::vector<long> y;
    std::vector<std::pair<std::size_t, std::size_t>> rows;
};
HEATMAP_FUNC Bands plan_bands(const PixelAggregate& agg, std::size_t r0, std::size_t r1,
                              unsigned threads);

// A reader over a matrix read a row at a time: read_row(r, row) fills the cols values of row r.
// feed_block asks for several rows at once when they are narrower than its chunk, and each is read.
template <class ReadRow>
struct RowByRowReader {
    ReadRow read_row;
    std::size_t cols;
    std::vector<double> block{};
    const double* rows(std::size_t r, std::size_t n, std::size_t cb, std::size_t,
                       std::size_t& stride) {
        block.resize(n * cols);
        for (std::size_t i = 0; i < n; ++i) read_row(r + i, block.data() + i * cols);
        stride = cols;
        return block.data() + cb;
    }
};

// Feeds rows [ra, rb) x columns [c0, c1) to a session through a reader, at most about
// chunk_cells values at a time: several whole rows at once; or, for rows wider than a chunk,
// each row in pieces that end on column groups; or, column-major (Fortran-order files), piece by
// piece, each piece top to bottom. reader.rows(r, n, cb, ce, stride) returns rows [r, r + n) x
// columns [cb, ce), row i at the pointer + i * stride.
template <class Reader>
void feed_block(AggregateSession& session, Reader& reader, std::size_t ra, std::size_t rb,
                std::size_t c0, std::size_t c1, std::size_t group, std::size_t chunk_cells,
                bool column_major) {
    if (ra >= rb) return;
    const std::size_t width = c1 - c0;
    chunk_cells = std::max<std::size_t>(chunk_cells, group);
    auto piece_end = [&](std::size_t cb, std::size_t span) {  // past cb, on a group boundary
        const std::size_t end = (cb / group) * group + std::max(group, (span / group) * group);
        return std::min(c1, end);
    };
    std::size_t stride = 0;
    if (!column_major && width <= chunk_cells) {
        const std::size_t k = std::max<std::size_t>(1, chunk_cells / width);
        for (std::size_t r = ra; r < rb; r += k) {
            const std::size_t n = std::min(k, rb - r);
            const double* p = reader.rows(r, n, c0, c1, stride);
            for (std::size_t i = 0; i < n; ++i) session.feed(r + i, c0, c1, p + i * stride);
        }
        return;
    }
    if (!column_major) {
        for (std::size_t r = ra; r < rb; ++r)
            for (std::size_t cb = c0; cb < c1;) {
                const std::size_t ce = piece_end(cb, chunk_cells);
                session.feed(r, cb, ce, reader.rows(r, 1, cb, ce, stride));
                cb = ce;
            }
        return;
    }
    // Column-major: pieces wide enough that each column's run of rows is a long read.
    const std::size_t k = std::max<std::size_t>(1, std::min(rb - ra, chunk_cells / group));
    bool first = true;
    for (std::size_t cb = c0; cb < c1;) {
        const std::size_t ce = piece_end(cb, std::max<std::size_t>(group, chunk_cells / k));
        if (!first) session.restart();
        first = false;
        for (std::size_t r = ra; r < rb; r += k) {
            const std::size_t n = std::min(k, rb - r);
            const double* p = reader.rows(r, n, cb, ce, stride);
            for (std::size_t i = 0; i < n; ++i) session.feed(r + i, cb, ce, p + i * stride);
        }
        cb = ce;
    }
}

// Adds block [r0, r1) x [c0, c1) on `threads` threads: each thread's session deposits its band
// of pixel rows, reading through its own reader (make_reader()); then one collecting pass over
// the rows of units the block's edges cut. On one thread, one session does both.
template <class MakeReader>
void add_block(PixelAggregate& agg, std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1,
               MakeReader&& make_reader, unsigned threads, std::size_t chunk_cells,
               bool column_major) {
    AggregateSession::check_block(agg, r0, r1, c0, c1);
    AggregateSession::allocate(agg);
    const std::size_t group = agg.column_group();
    const Bands bands = plan_bands(agg, r0, r1, threads);
    DataRange range;
    if (bands.rows.size() == 1) {
        AggregateSession s(agg, r0, r1, c0, c1, 0, agg.grid().height, true, true);
        auto reader = make_reader();
        feed_block(s, reader, r0, r1, c0, c1, group, chunk_cells, column_major);
        range = s.range();
    } else {
        std::vector<DataRange> ranges(bands.rows.size());
        run_parallel(bands.rows.size(), threads, [&](std::size_t i) {
            AggregateSession s(agg, r0, r1, c0, c1, bands.y[i], bands.y[i + 1], true, false);
            auto reader = make_reader();
            feed_block(s, reader, bands.rows[i].first, bands.rows[i].second, c0, c1, group,
                       chunk_cells, column_major);
            ranges[i] = s.range();
        });
        for (const DataRange& r : ranges) range.merge(r);
        const auto [head, tail] = AggregateSession::cut_rows(agg, r0, r1, c0, c1);
        if (head > r0 || tail < r1) {
            AggregateSession s(agg, r0, r1, c0, c1, 0, 0, false, true);
            auto reader = make_reader();
            feed_block(s, reader, r0, head, c0, c1, group, chunk_cells, column_major);
            feed_block(s, reader, std::max(head, tail), r1, c0, c1, group, chunk_cells,
                       column_major);
            range.merge(s.range());
        }
    }
    AggregateSession::finish(agg, r0, r1, c0, c1, range);
}

// A range found by reducing on the aggregate's scale: on the log and symlog scales it tracks the
// positive values (LogNorm's limits), on the linear one only when they are all positive.
inline DataRange reduced_range(const PixelAggregate& agg, DataRange range) {
    if (agg.scale().kind != ValueScale::Kind::linear) range.positive_tracked = true;
    return range;
}

// The whole matrix (C order: rows top to bottom) reduced straight to one value per pixel, on
// `threads` threads, each holding the sums of only the few pixel rows its rows are crossing:
// finished(y, row) is called once per pixel row (from the thread of its band; rows of one band in
// order). agg lends its geometry and is left empty. Returns the data's range.
template <class MakeReader>
DataRange reduce_rolling(PixelAggregate& agg, MakeReader&& make_reader, unsigned threads,
                         std::size_t chunk_cells,
                         const std::function<void(long, const PixelState*)>& finished) {
    const Bands bands = plan_bands(agg, 0, agg.rows(), threads);
    std::vector<DataRange> ranges(bands.rows.size());
    run_parallel(bands.rows.size(), threads, [&](std::size_t i) {
        AggregateSession s(agg, bands.y[i], bands.y[i + 1], finished);
        auto reader = make_reader();
        feed_block(s, reader, bands.rows[i].first, bands.rows[i].second, 0, agg.cols(),
                   agg.column_group(), chunk_cells, false);
        s.finish_rows();
        ranges[i] = s.range();
    });
    DataRange range;
    for (const DataRange& r : ranges) range.merge(r);
    return reduced_range(agg, range);
}

}  // namespace detail

namespace detail {

// One RGBA pixel per grid pixel: color(value(x, y)), its alpha scaled by the share of the pixel
// the box covers, as Canvas::fill_rect blends a box's fractional edges.
template <class Value, class Color>
PlacedImage placed_image(const PixelGrid& g, const Box& box, Value&& value, Color&& color,
                         unsigned threads) {
    PlacedImage out;
    out.x = g.x, out.y = g.y;
    out.image.width = g.width, out.image.height = g.height;
    out.image.pixels.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height) *
                            4);
    auto share = [](double lo, double hi, int p) {  // how much of pixel p [lo, hi] covers
        return std::clamp(std::min<double>(p + 1, hi) - std::max<double>(p, lo), 0.0, 1.0);
    };
    std::vector<double> share_x(static_cast<std::size_t>(g.width));
    for (int x = 0; x < g.width; ++x)
        share_x[static_cast<std::size_t>(x)] = share(box.x0, box.x1, g.x + x);
    const std::size_t bands = std::min<std::size_t>(static_cast<std::size_t>(g.height),
                                                    4 * std::size_t{resolve_threads(threads)});
    run_parallel(bands, threads, [&](std::size_t band) {
        const int y0 = static_cast<int>(band * static_cast<std::size_t>(g.height) / bands);
        const int y1 = static_cast<int>((band + 1) * static_cast<std::size_t>(g.height) / bands);
        for (int y = y0; y < y1; ++y) {
            const double cy = share(box.y0, box.y1, g.y + y);
            std::uint8_t* p = out.image.pixels.data() +
                              static_cast<std::size_t>(y) * static_cast<std::size_t>(g.width) * 4;
            for (int x = 0; x < g.width; ++x, p += 4) {
                const Rgba c = color(value(x, y));
                const auto cover = static_cast<std::uint32_t>(
                    iround(share_x[static_cast<std::size_t>(x)] * cy * 255.0));
                p[0] = c.r, p[1] = c.g, p[2] = c.b;
                p[3] = static_cast<std::uint8_t>(mul8(c.a, std::min<std::uint32_t>(cover, 255)));
            }
        }
    });
    return out;
}

// The colour of a reduced value through a norm (limits set) and a colormap: NaN is the bad
// colour, BoundaryNorm's index picks an entry, any other norm's position goes through the
// colormap, as imshow maps values. The position is taken as a float first, as the downsampled
// cells' colour has always been (downsample.hpp hands its colour floats): with it, cells reduced
// on the norm's scale colour to the very bytes of cells normalized one by one for the linear, log
// and symlog norms (without it, about 1 pixel in 100,000 lands in the next colormap entry). A
// linear Normalize is computed inline (Normalize::operator()'s expression), which saves a visit
// and two checks per pixel.
class ReducedColor {
  public:
    ReducedColor(const Norm& norm, const ValueScale& scale, const Colormap& cmap)
        : norm_(norm), scale_(scale), cmap_(cmap) {
        normalize_reduced(norm, scale, 0.0);  // validates once, before any thread starts
        bins_ = std::holds_alternative<BoundaryNorm>(norm);
        const auto* n = std::get_if<Normalize>(&norm);
        linear_ = scale.kind == ValueScale::Kind::linear && n && !n->clip && *n->vmin != *n->vmax;
        if (linear_) lo_ = *n->vmin, span_ = *n->vmax - *n->vmin;
    }
    Rgba operator()(double v) const {
        if (std::isnan(v)) return cmap_.bad();
        if (linear_) return cmap_(static_cast<float>((v - lo_) / span_));
        const auto u = static_cast<float>(normalize_reduced(norm_, scale_, v));
        if (bins_) return std::isnan(u) ? cmap_.bad() : cmap_.at_index(std::lround(u));
        return cmap_(u);
    }

  private:
    const Norm& norm_;
    ValueScale scale_;
    const Colormap& cmap_;
    bool bins_ = false, linear_ = false;
    double lo_ = 0, span_ = 1;
};

}  // namespace detail

// The aggregate drawn: one RGBA pixel per grid pixel, color(v) for its reduced value v (NaN where
// it has none), the alpha scaled by the share of the pixel the box covers (so the box's fractional
// edges blend as Canvas::fill_rect blends them). Blend it over a canvas with Canvas::blend(x, y,
// c, 255) per pixel (downsample.hpp's blend_image). color is called from several threads when
// threads != 1.
template <class Color>
PlacedImage aggregate_image(const PixelAggregate& agg, Reduce reduce, Color&& color,
                            unsigned threads = 1) {
    detail::check_aggregate_reduce(reduce);
    return detail::placed_image(
        agg.grid(), agg.box(), [&](int x, int y) { return agg.value(x, y, reduce); }, color,
        threads);
}

// Through a norm (limits set, e.g. by autoscaled(norm, agg.range())) and a colormap.
inline PlacedImage aggregate_image(const PixelAggregate& agg, Reduce reduce, const Norm& norm,
                                   const Colormap& cmap, unsigned threads = 1) {
    return aggregate_image(agg, reduce, detail::ReducedColor(norm, agg.scale(), cmap), threads);
}

namespace detail {
// The values of every pixel of the aggregate's grid, to be filled (store_rows).
inline ReducedPixels unfilled_pixels(const PixelAggregate& geometry) {
    ReducedPixels out{geometry.grid(), geometry.box(), geometry.scale(), {}, {}};
    out.values.resize(static_cast<std::size_t>(out.grid.width) *
                      static_cast<std::size_t>(out.grid.height));
    return out;
}

// Reduced values written as reduce_rolling hands pixel rows over.
inline std::function<void(long, const PixelState*)> store_rows(ReducedPixels& out, Reduce reduce) {
    check_aggregate_reduce(reduce);
    return [&out, reduce](long y, const PixelState* row) {
        const auto width = static_cast<std::size_t>(out.grid.width);
        double* dst = out.values.data() + static_cast<std::size_t>(y) * width;
        for (std::size_t x = 0; x < width; ++x) dst[x] = pixel_value(row[x], reduce);
    };
}
}  // namespace detail

// A rows x cols matrix in memory (row r at values + r * row_stride) reduced straight to one value
// per pixel on `threads` threads, holding the sums of a few pixel rows per thread rather than an
// aggregate's 64 bytes a pixel: the same values as PixelAggregate::reduced() of the whole matrix,
// for a figure that will not be merged with anything.
HEATMAP_FUNC ReducedPixels reduce_matrix(const double* values, std::size_t rows, std::size_t cols,
                                         std::size_t row_stride, const Box& box, Reduce reduce,
                                         ValueScale scale = {}, unsigned threads = 1);

// The same from values already reduced.
template <class Color>
PlacedImage reduced_image(const ReducedPixels& r, Color&& color, unsigned threads = 1) {
    return detail::placed_image(
        r.grid, r.box, [&](int x, int y) { return r.value(x, y); }, color, threads);
}
inline PlacedImage reduced_image(const ReducedPixels& r, const Norm& norm, const Colormap& cmap,
                                 unsigned threads = 1) {
    return reduced_image(r, detail::ReducedColor(norm, r.scale, cmap), threads);
}

#if HEATMAP_EMIT_DEFINITIONS

HEATMAP_FUNC double normalize_reduced(const Norm& norm, const ValueScale& scale, double reduced) {
    using Kind = ValueScale::Kind;
    // On the linear scale the reduced value is data, whatever the norm (a linear aggregate drawn
    // with a LogNorm maps its means through the log, as Matplotlib's imshow does).
    if (scale.kind == Kind::linear) return normalize(norm, reduced);
    if (scale.kind == Kind::log) {
        const auto* n = std::get_if<LogNorm>(&norm);
        if (!n)
            detail::throw_invalid(
                "the aggregate was reduced on the log scale: draw it with a LogNorm, or build it "
                "with heatmap::reduction_scale(norm) for this norm");
        n->validate();
        if (std::isnan(reduced)) return reduced;
        if (*n->vmin == *n->vmax) return 0.0;
        const double t_vmin = std::log10(*n->vmin), t_vmax = std::log10(*n->vmax);
        double t = reduced;
        if (n->clip) t = detail::clip_to(t, t_vmin, t_vmax);
        const double u = (t - t_vmin) / (t_vmax - t_vmin);
        return std::isfinite(u) ? u : std::numeric_limits<double>::quiet_NaN();
    }
    const auto* n = std::get_if<SymLogNorm>(&norm);
    if (!n || n->base != scale.base || n->linthresh != scale.linthresh ||
        n->linscale != scale.linscale)
        detail::throw_invalid(
            "the aggregate was reduced on a symlog scale: draw it with a SymLogNorm of the same "
            "base, linthresh and linscale, or build it with heatmap::reduction_scale(norm)");
    n->validate();
    if (std::isnan(reduced)) return reduced;
    if (*n->vmin == *n->vmax) return 0.0;
    const detail::SymLogTransform tr{n->base, n->linthresh, n->linscale};
    const double t_vmin = tr.forward(*n->vmin), t_vmax = tr.forward(*n->vmax);
    double t = reduced;
    if (n->clip) t = detail::clip_to(t, t_vmin, t_vmax);
    const double u = (t - t_vmin) / (t_vmax - t_vmin);
    return std::isfinite(u) ? u : std::numeric_limits<double>::quiet_NaN();
}

namespace detail {

HEATMAP_FUNC double wide_to_double(std::array<std::uint64_t, 3> x, long exp2) {
    const bool negative = (x[2] >> 63) != 0;
    if (negative) {  // two's complement negation
        std::uint64_t carry = 1;
        for (auto& limb : x) {
            limb = ~limb + carry;
            carry = carry && limb == 0 ? 1 : 0;
        }
    }
    std::size_t top = 3;
    while (top > 0 && x[top - 1] == 0) --top;
    if (top == 0) return 0.0;
    // The 64 bits from the leading one down, and whether anything below them is set.
    const int n = 64 * static_cast<int>(top - 1) + bit_length(x[top - 1]);  // bit length
    std::uint64_t head;
    bool sticky = false;
    if (n <= 64) {
        head = x[0] << (64 - n);
    } else {
        const int low = n - 64;  // bits below the head
        const auto i = static_cast<std::size_t>(low / 64);
        const int off = low % 64;
        head = off == 0 ? x[i] : (x[i] >> off) | (x[i + 1] << (64 - off));
        sticky = off != 0 && (x[i] << (64 - off)) != 0;
        for (std::size_t k = 0; k < i && !sticky; ++k) sticky = x[k] != 0;
    }
    // Round the 64-bit head to 53 bits, ties to even; the head's value is head * 2^(n - 64).
    std::uint64_t q = head >> 11;
    const bool half = (head >> 10) & 1;
    sticky = sticky || (head & 0x3FF) != 0;
    if (half && (sticky || (q & 1))) ++q;
    const double v = std::ldexp(static_cast<double>(q), static_cast<int>(exp2 + n - 53));
    return negative ? -v : v;
}

HEATMAP_FUNC bool Coverage::overlaps(std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1,
                                     std::pair<std::size_t, std::size_t>* cell) const {
    for (const Strip& s : strips_) {
        if (s.r1 <= r0 || s.r0 >= r1) continue;
        for (const auto& iv : s.cols)
            if (iv.first < c1 && c0 < iv.second) {
                if (cell) *cell = {std::max(s.r0, r0), std::max(iv.first, c0)};
                return true;
            }
    }
    return false;
}

HEATMAP_FUNC void Coverage::add(std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
    auto with = [c0, c1](std::vector<std::pair<std::size_t, std::size_t>> cols) {
        cols.emplace_back(c0, c1);
        std::sort(cols.begin(), cols.end());
        std::vector<std::pair<std::size_t, std::size_t>> out;
        for (const auto& iv : cols) {
            if (!out.empty() && out.back().second == iv.first)
                out.back().second = iv.second;
            else
                out.push_back(iv);
        }
        return out;
    };
    std::vector<Strip> out;
    std::size_t next = r0;  // rows of [r0, r1) not yet placed start here
    for (const Strip& s : strips_) {
        if (s.r1 <= r0 || s.r0 >= r1) {
            out.push_back(s);
            continue;
        }
        if (s.r0 < r0) out.push_back({s.r0, r0, s.cols});
        if (next < s.r0) out.push_back({next, s.r0, {{c0, c1}}});
        const std::size_t lo = std::max(s.r0, r0), hi = std::min(s.r1, r1);
        out.push_back({lo, hi, with(s.cols)});
        next = hi;
        if (s.r1 > r1) out.push_back({r1, s.r1, s.cols});
    }
    if (next < r1) out.push_back({next, r1, {{c0, c1}}});
    std::sort(out.begin(), out.end(), [](const Strip& a, const Strip& b) { return a.r0 < b.r0; });
    strips_.clear();
    for (Strip& s : out) {
        if (!strips_.empty() && strips_.back().r1 == s.r0 && strips_.back().cols == s.cols)
            strips_.back().r1 = s.r1;
        else
            strips_.push_back(std::move(s));
    }
}

}  // namespace detail

HEATMAP_FUNC PixelAggregate::PixelAggregate(std::size_t rows, std::size_t cols, const Box& box,
                                            ValueScale scale, std::int64_t max_pixels)
    : rows_(rows), cols_(cols), box_(box), scale_(scale) {
    detail::check_downsample_args(rows, cols, box);
    if (scale.kind == ValueScale::Kind::symlog)
        scale_ = ValueScale::symlog(scale.base, scale.linthresh, scale.linscale);
    grid_ = pixels_covered(box, max_pixels);
    constexpr double limit = 9007199254740992.0;  // 2^53: cell indices exact as doubles
    const double xstep = box.width() / static_cast<double>(cols);
    const double ystep = box.height() / static_cast<double>(rows);
    if (static_cast<double>(rows) >= limit || static_cast<double>(cols) >= limit || xstep < 1e-8 ||
        ystep < 1e-8)
        throw std::invalid_argument(
            "cannot downsample a " + std::to_string(rows) + "x" + std::to_string(cols) +
            " matrix into " + std::to_string(grid_.width) + "x" + std::to_string(grid_.height) +
            " pixels: over 10^8 cells a pixel along one axis; reduce the matrix first");
    xs_ = {box.x0 - grid_.x, xstep, cols};
    ys_ = {box.y0 - grid_.y, ystep, rows};
    const auto width = static_cast<std::size_t>(grid_.width);
    while (cols > col_group_ * 2 * width) col_group_ *= 2;

    // The rows covering each pixel row: a contiguous run (the overlap rises, stays, falls).
    const auto height = static_cast<std::size_t>(grid_.height);
    row_first_.assign(height, 1);
    row_last_.assign(height, 0);
    for (std::size_t y = 0; y < height; ++y) {
        const double at = (static_cast<double>(y) - ys_.lo) / ys_.step;
        const auto guess = static_cast<std::size_t>(
            std::clamp(std::floor(at) - 1, 0.0, static_cast<double>(rows - 1)));
        std::size_t r = guess;
        while (r < rows && ys_.edge(r) < static_cast<double>(y) + 1 &&
               !(detail::cell_overlap(ys_, r, static_cast<long>(y)) > detail::min_overlap))
            ++r;
        if (r == rows ||
            !(detail::cell_overlap(ys_, r, static_cast<long>(y)) > detail::min_overlap))
            continue;  // no row covers y by more than rounding
        std::size_t last = r;
        while (last + 1 < rows &&
               detail::cell_overlap(ys_, last + 1, static_cast<long>(y)) > detail::min_overlap)
            ++last;
        row_first_[y] = r, row_last_[y] = last;
    }
    range_.positive_tracked = scale_.kind != ValueScale::Kind::linear;
}

HEATMAP_FUNC void PixelAggregate::group_units(std::size_t g, std::vector<Unit>& units,
                                              std::vector<double>* areas) const {
    struct Hit {
        long x;
        std::size_t c;
        double a;
    };
    std::vector<Hit> hits;
    const std::size_t begin = g * col_group_, end = std::min(cols_, begin + col_group_);
    for (std::size_t c = begin; c < end; ++c)
        detail::for_each_pixel_of_cell(xs_, c, 0, grid_.width, [&](long p, double a) {
            hits.push_back({p, c, a});
        });
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Hit& a, const Hit& b) { return a.x < b.x; });
    std::vector<double> a;
    for (std::size_t i = 0; i < hits.size();) {
        std::size_t j = i;
        a.clear();
        while (j < hits.size() && hits[j].x == hits[i].x) a.push_back(hits[j++].a);
        const Unit u{static_cast<std::uint64_t>(g) * static_cast<std::uint64_t>(grid_.width) +
                         static_cast<std::uint64_t>(hits[i].x),
                     hits[i].x, hits[i].c, j - i, detail::area_sum(a.data(), a.size())};
        units.push_back(u);
        if (areas) areas->insert(areas->end(), a.begin(), a.end());
        i = j;
    }
}

HEATMAP_FUNC PixelAggregate::Unit PixelAggregate::unit_of_key(std::uint64_t key,
                                                              std::vector<double>* areas) const {
    const auto width = static_cast<std::uint64_t>(grid_.width);
    std::vector<Unit> units;
    std::vector<double> all;
    group_units(static_cast<std::size_t>(key / width), units, areas ? &all : nullptr);
    std::size_t at = 0;
    for (const Unit& u : units) {
        if (u.key == key) {
            if (areas)
                areas->assign(all.begin() + static_cast<std::ptrdiff_t>(at),
                              all.begin() + static_cast<std::ptrdiff_t>(at + u.count));
            return u;
        }
        at += u.count;
    }
    throw invalid_input("aggregate: column unit " + std::to_string(key) +
                        " does not exist in this grid");
}

HEATMAP_FUNC void PixelAggregate::add_pending_row(std::size_t group, long y, std::uint64_t unit_key,
                                                  long unit_x, std::size_t row,
                                                  const detail::RowSum& sums) {
    const RowsKey key{group, y, unit_key};
    PendingRows& e = pending_rows_[key];
    const auto bit = static_cast<std::uint8_t>(row - group * detail::aggregate_row_group);
    if (e.mask >> bit & 1)
        throw std::invalid_argument("aggregate: row " + std::to_string(row) +
                                    " of a column unit was added twice");
    e.mask |= std::uint64_t{1} << bit;
    auto at = std::lower_bound(e.rows.begin(), e.rows.end(), bit,
                               [](const auto& p, std::uint8_t b) { return p.first < b; });
    e.rows.insert(at, {bit, sums});
    const std::size_t first = unit_first(group, y), last = unit_last(group, y);
    const std::size_t base = group * detail::aggregate_row_group;
    for (std::size_t r = first; r <= last; ++r)
        if (!(e.mask >> (r - base) & 1)) return;  // still waiting for rows
    detail::RowSum acc;
    for (const auto& [b, rs] : e.rows)
        detail::accumulate(acc, detail::cell_overlap(ys_, base + b, y), rs);
    ensure_pixels();
    detail::deposit(pixel(unit_x, y), acc);
    pending_rows_.erase(key);
}

HEATMAP_FUNC void PixelAggregate::add_pending_cells(std::size_t row, const Unit& unit,
                                                    std::size_t from, std::size_t n,
                                                    const double* values) {
    const CellsKey key{row, unit.key};
    PendingCells& e = pending_cells_[key];
    if (e.values.empty()) {
        e.mask.assign((unit.count + 63) / 64, 0);
        e.values.assign(unit.count, 0.0);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = from - unit.first + i;
        if (e.mask[b / 64] >> (b % 64) & 1)
            throw std::invalid_argument("aggregate: cell (" + std::to_string(row) + ", " +
                                        std::to_string(from + i) + ") was added twice");
        e.mask[b / 64] |= std::uint64_t{1} << (b % 64);
        e.values[b] = values[i];
    }
    for (std::size_t b = 0; b < unit.count; ++b)
        if (!(e.mask[b / 64] >> (b % 64) & 1)) return;
    std::vector<double> areas;
    const Unit u = unit_of_key(unit.key, &areas);
    const detail::RowSum rs = detail::row_sum(e.values.data(), areas.data(), u.count, u.w_full);
    pending_cells_.erase(key);
    const std::size_t group = row / detail::aggregate_row_group;
    detail::for_each_pixel_of_cell(ys_, row, 0, grid_.height, [&](long y, double) {
        add_pending_row(group, y, u.key, u.x, row, rs);
    });
}

namespace detail {

HEATMAP_FUNC AggregateSession::AggregateSession(PixelAggregate& agg, std::size_t r0, std::size_t r1,
                                                std::size_t c0, std::size_t c1, long y0, long y1,
                                                bool deposit, bool collect)
    : agg_(agg),
      r0_(r0),
      r1_(r1),
      c0_(c0),
      c1_(c1),
      y0_(y0),
      y1_(y1),
      deposit_(deposit),
      collect_(collect) {
    const std::size_t gs = agg.col_group_;
    for (std::size_t g = c0 / gs; g <= (c1 - 1) / gs; ++g) {
        const std::size_t before = units_.size();
        agg.group_units(g, units_, nullptr);
        // Keep the units that meet [c0, c1).
        units_.erase(
            std::remove_if(units_.begin() + static_cast<std::ptrdiff_t>(before), units_.end(),
                           [&](const Unit& u) { return u.first + u.count <= c0 || u.first >= c1; }),
            units_.end());
    }
    whole_.resize(units_.size());
    for (std::size_t i = 0; i < units_.size(); ++i)
        whole_[i] = units_[i].first >= c0 && units_[i].first + units_[i].count <= c1;
    rows_.resize(units_.size());
    for (Slot& slot : slots_) slot.acc.resize(units_.size());
    range_.positive_tracked = agg.scale_.kind != ValueScale::Kind::linear;
}

HEATMAP_FUNC AggregateSession::AggregateSession(
    PixelAggregate& agg, long y0, long y1, std::function<void(long, const PixelState*)> finished)
    : AggregateSession(agg, 0, agg.rows_, 0, agg.cols_, y0, y1, true, false) {
    finished_ = std::move(finished);
    next_final_ = y0;
}

HEATMAP_FUNC PixelState* AggregateSession::pixel_row(long y) {
    const auto width = static_cast<std::size_t>(agg_.grid_.width);
    if (!finished_) return &agg_.pixel(0, y);
    std::size_t free = window_y_.size();
    for (std::size_t k = 0; k < window_y_.size(); ++k) {
        if (window_y_[k] == y) return &window_[k * width];
        if (window_y_[k] < 0) free = std::min(free, k);
    }
    if (free == window_y_.size()) {
        window_y_.push_back(-1);
        window_.resize(window_y_.size() * width);
    }
    window_y_[free] = y;
    return &window_[free * width];
}

HEATMAP_FUNC void AggregateSession::finish_row(long y) {
    const auto width = static_cast<std::size_t>(agg_.grid_.width);
    for (std::size_t k = 0; k < window_y_.size(); ++k)
        if (window_y_[k] == y) {
            finished_(y, &window_[k * width]);
            std::fill(window_.begin() + static_cast<std::ptrdiff_t>(k * width),
                      window_.begin() + static_cast<std::ptrdiff_t>((k + 1) * width), PixelState{});
            window_y_[k] = -1;
            return;
        }
    const std::vector<PixelState> none(width);  // a pixel row no cell reached
    finished_(y, none.data());
}

HEATMAP_FUNC void AggregateSession::finish_rows() {
    while (finished_ && next_final_ < y1_) finish_row(next_final_++);
}

HEATMAP_FUNC void AggregateSession::prepare_piece(std::size_t cb, std::size_t ce) {
    if (cb == piece_cb_ && ce == piece_ce_) return;
    piece_cb_ = cb, piece_ce_ = ce;
    ua_ = static_cast<std::size_t>(
        std::lower_bound(units_.begin(), units_.end(), cb,
                         [](const Unit& u, std::size_t c) { return u.first < c; }) -
        units_.begin());
    ub_ = ua_;
    while (ub_ < units_.size() && units_[ub_].first + units_[ub_].count <= ce) ++ub_;
    areas_.clear();
    piece_.clear();
    if (ua_ == ub_) return;
    // The areas of the piece's whole units, from their groups.
    const std::size_t gs = agg_.col_group_;
    std::vector<Unit> units;
    std::vector<double> areas;
    std::size_t i = ua_;
    for (std::size_t g = units_[ua_].first / gs; g <= (units_[ub_ - 1].first) / gs; ++g) {
        units.clear();
        areas.clear();
        agg_.group_units(g, units, &areas);
        std::size_t at = 0;
        for (const Unit& u : units) {
            if (i < ub_ && u.key == units_[i].key) {
                // Room to read one group of four past the unit's end, within the piece.
                const bool padded = u.count >= 4 && u.first + (u.count / 4) * 4 + 4 <= ce;
                piece_.push_back({u.first - cb, u.count, areas_.size(), u.w_full, u.x, padded});
                areas_.insert(areas_.end(), areas.begin() + static_cast<std::ptrdiff_t>(at),
                              areas.begin() + static_cast<std::ptrdiff_t>(at + u.count));
                areas_.insert(areas_.end(), 4, 0.0);  // zero areas for reads past the end
                ++i;
            }
            at += u.count;
        }
    }
}

HEATMAP_FUNC AggregateSession::Slot& AggregateSession::slot_for(std::size_t group, long y,
                                                                std::size_t r, std::size_t last) {
    for (Slot& s : slots_)
        if (s.used && s.group == group && s.y == y) return s;
    for (Slot& s : slots_)
        if (!s.used || s.last < r) {
            s.used = true, s.group = group, s.y = y, s.last = last;
            return s;
        }
    throw std::logic_error("heatmap: more than three pixel rows open at once (a bug)");
}

HEATMAP_FUNC void AggregateSession::feed(std::size_t r, std::size_t cb, std::size_t ce,
                                         const double* values) {
    const ValueScale& scale = agg_.scale_;
    const bool linear = scale.kind == ValueScale::Kind::linear;
    if (!linear) {
        scaled_.resize(ce - cb);
        for (std::size_t i = 0; i < ce - cb; ++i) {
            const double v = values[i] + 0.0;  // -0 as +0, as in the sums' min and max
            if (std::isfinite(v)) {
                range_.min = std::min(range_.min, v), range_.max = std::max(range_.max, v);
                if (v > 0)
                    range_.min_positive = std::min(range_.min_positive, v),
                    range_.max_positive = std::max(range_.max_positive, v);
            }
            scaled_[i] = scale.forward(v);
        }
        values = scaled_.data();
    }
    prepare_piece(cb, ce);

    // Stage A: each whole unit's sums over this row.
    {
        const PieceUnit* pu = piece_.data();
        const double* areas = areas_.data();
        double* rs_s = rows_.s.data();
        double* rs_w = rows_.w.data();
        double* rs_mn = rows_.mn.data();
        double* rs_mx = rows_.mx.data();
        double lo = range_.min, hi = range_.max;
        for (std::size_t i = ua_; i < ub_; ++i, ++pu) {
#if defined(__GNUC__) && !defined(HEATMAP_NO_VECTOR_EXTENSIONS)
            const RowSum rs = pu->padded ? row_sum_padded(values + pu->offset, areas + pu->area_at,
                                                          pu->count, pu->w_full)
                                         : row_sum(values + pu->offset, areas + pu->area_at,
                                                   pu->count, pu->w_full);
#else
            const RowSum rs =
                row_sum(values + pu->offset, areas + pu->area_at, pu->count, pu->w_full);
#endif
            rs_s[i] = rs.s, rs_w[i] = rs.w, rs_mn[i] = rs.mn, rs_mx[i] = rs.mx;
            lo = std::min(lo, rs.mn), hi = std::max(hi, rs.mx);  // +-inf when none holds a value
        }
        if (linear) range_.min = lo, range_.max = hi;
    }

    // Stage B: the row into each pixel row it covers, unit by unit.
    const std::size_t group = r / aggregate_row_group;
    const long ylo = collect_ ? 0 : y0_, yhi = collect_ ? agg_.grid_.height : y1_;
    for_each_pixel_of_cell(agg_.ys_, r, ylo, yhi, [&](long y, double ay) {
        const std::size_t first = agg_.unit_first(group, y), last = agg_.unit_last(group, y);
        if (!(first >= r0_ && last < r1_)) {
            if (collect_)
                for (std::size_t i = ua_; i < ub_; ++i)
                    agg_.add_pending_row(group, y, units_[i].key, units_[i].x, r, rows_.at(i));
            return;
        }
        if (!deposit_ || y < y0_ || y >= y1_) return;
        const double* rs_s = rows_.s.data();
        const double* rs_w = rows_.w.data();
        const double* rs_mn = rows_.mn.data();
        const double* rs_mx = rows_.mx.data();
        PixelState* row = pixel_row(y);
        if (first == last) {  // a unit of this row alone: summed and added at once
            for (std::size_t i = ua_; i < ub_; ++i) {
                RowSum acc;
                acc.s = 0.0 + ay * rs_s[i], acc.w = 0.0 + ay * rs_w[i];  // as accumulate() from 0
                acc.mn = std::min(acc.mn, rs_mn[i]), acc.mx = std::max(acc.mx, rs_mx[i]);
                detail::deposit(row[units_[i].x], acc);
            }
            return;
        }
        Slot& slot = slot_for(group, y, r, last);
        double* acc_s = slot.acc.s.data();
        double* acc_w = slot.acc.w.data();
        double* acc_mn = slot.acc.mn.data();
        double* acc_mx = slot.acc.mx.data();
        if (r == first) {  // accumulate() from RowSum{}, field by field
            for (std::size_t i = ua_; i < ub_; ++i) acc_s[i] = 0.0 + ay * rs_s[i];
            for (std::size_t i = ua_; i < ub_; ++i) acc_w[i] = 0.0 + ay * rs_w[i];
            for (std::size_t i = ua_; i < ub_; ++i) acc_mn[i] = rs_mn[i];
            for (std::size_t i = ua_; i < ub_; ++i) acc_mx[i] = rs_mx[i];
        } else {
            for (std::size_t i = ua_; i < ub_; ++i) acc_s[i] += ay * rs_s[i];
            for (std::size_t i = ua_; i < ub_; ++i) acc_w[i] += ay * rs_w[i];
            for (std::size_t i = ua_; i < ub_; ++i) acc_mn[i] = std::min(acc_mn[i], rs_mn[i]);
            for (std::size_t i = ua_; i < ub_; ++i) acc_mx[i] = std::max(acc_mx[i], rs_mx[i]);
        }
        if (r == last)
            for (std::size_t i = ua_; i < ub_; ++i)
                detail::deposit(row[units_[i].x], slot.acc.at(i));
    });
    if (finished_ && ce == c1_) {
        // Pixel rows every row of which has now been fed (or none covers) are done.
        while (next_final_ < y1_) {
            const auto y = static_cast<std::size_t>(next_final_);
            if (agg_.row_first_[y] <= agg_.row_last_[y] && agg_.row_last_[y] > r) break;
            finish_row(next_final_++);
        }
    }
    if (!collect_) return;
    // Cells of units cut by the block's left or right edge: set aside until the rest arrives.
    for (std::size_t i = 0; i < units_.size(); ++i) {
        if (whole_[i]) continue;
        const Unit& u = units_[i];
        const std::size_t from = std::max({u.first, cb, c0_});
        const std::size_t to = std::min({u.first + u.count, ce, c1_});
        if (from >= to) continue;
        if (linear)
            for (std::size_t c = from; c < to; ++c)
                if (std::isfinite(values[c - cb]))
                    range_.min = std::min(range_.min, values[c - cb] + 0.0),
                    range_.max = std::max(range_.max, values[c - cb] + 0.0);
        agg_.add_pending_cells(r, u, from, to - from, values + (from - cb));
    }
}

HEATMAP_FUNC void AggregateSession::check_block(const PixelAggregate& agg, std::size_t r0,
                                                std::size_t r1, std::size_t c0, std::size_t c1) {
    if (r0 >= r1 || c0 >= c1 || r1 > agg.rows_ || c1 > agg.cols_)
        throw std::invalid_argument("cannot add rows [" + std::to_string(r0) + ", " +
                                    std::to_string(r1) + ") x columns [" + std::to_string(c0) +
                                    ", " + std::to_string(c1) + ") to an aggregate of a " +
                                    std::to_string(agg.rows_) + "x" + std::to_string(agg.cols_) +
                                    " matrix: give a non-empty block inside it");
    std::pair<std::size_t, std::size_t> cell;
    if (agg.coverage_.overlaps(r0, r1, c0, c1, &cell))
        throw std::invalid_argument(
            "cannot add rows [" + std::to_string(r0) + ", " + std::to_string(r1) + ") x columns [" +
            std::to_string(c0) + ", " + std::to_string(c1) + "): cell (" +
            std::to_string(cell.first) + ", " + std::to_string(cell.second) +
            ") is already in the aggregate; add each cell once");
}

HEATMAP_FUNC std::pair<std::size_t, std::size_t> AggregateSession::cut_rows(
    const PixelAggregate& agg, std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
    const std::size_t group = agg.col_group_;
    if (c0 % group != 0 || (c1 % group != 0 && c1 != agg.cols_)) return {r1, r1};
    auto cut = [&](std::size_t r) {
        bool any = false;
        for_each_pixel_of_cell(agg.ys_, r, 0, agg.grid_.height, [&](long y, double) {
            const std::size_t h = r / aggregate_row_group;
            any = any || agg.unit_first(h, y) < r0 || agg.unit_last(h, y) >= r1;
        });
        return any;
    };
    std::size_t head = r0, tail = r1;
    while (head < r1 && cut(head)) ++head;
    while (tail > head && cut(tail - 1)) --tail;
    return {head, tail};
}

HEATMAP_FUNC void AggregateSession::finish(PixelAggregate& agg, std::size_t r0, std::size_t r1,
                                           std::size_t c0, std::size_t c1, const DataRange& range) {
    agg.range_.merge(range);
    agg.coverage_.add(r0, r1, c0, c1);
}

HEATMAP_FUNC Bands plan_bands(const PixelAggregate& agg, std::size_t r0, std::size_t r1,
                              unsigned threads) {
    const Span ys{agg.box().y0 - agg.grid().y, agg.box().height() / static_cast<double>(agg.rows()),
                  agg.rows()};
    const long height = agg.grid().height;
    const long ya = std::clamp(static_cast<long>(std::floor(ys.edge(r0))), 0L, height - 1);
    const long yb = std::clamp(static_cast<long>(std::ceil(ys.edge(r1))), ya + 1, height);
    // Four bands a thread, taken from a queue: a thread that loses its core to another process
    // for a while leaves its bands to the others rather than the whole run waiting for it. A band
    // costs a session (0.5 ms for 10,000 columns) and re-reads the two or three rows it shares
    // with its neighbours.
    const long workers = static_cast<long>(resolve_threads(threads));
    const long n = std::max(1L, std::min(workers > 1 ? 4 * workers : 1, yb - ya));
    Bands b;
    for (long i = 0; i <= n; ++i) b.y.push_back(ya + (yb - ya) * i / n);
    b.y.front() = 0, b.y.back() = height;  // rows beyond [ya, yb) by rounding still find a band
    for (long i = 0; i < n; ++i) {
        // Rows that may cover [y[i], y[i + 1]); a row fed to a band it does not cover adds
        // nothing there.
        const double lo = (static_cast<double>(b.y[static_cast<std::size_t>(i)]) - ys.lo) / ys.step;
        const double hi =
            (static_cast<double>(b.y[static_cast<std::size_t>(i) + 1]) - ys.lo) / ys.step;
        const auto from = static_cast<std::size_t>(
            std::clamp(std::floor(lo) - 1, static_cast<double>(r0), static_cast<double>(r1)));
        const auto to = static_cast<std::size_t>(
            std::clamp(std::ceil(hi) + 1, static_cast<double>(r0), static_cast<double>(r1)));
        b.rows.emplace_back(i == 0 ? r0 : from, i == n - 1 ? r1 : to);
    }
    return b;
}

}  // namespace detail

HEATMAP_FUNC void PixelAggregate::add(std::size_t first_row, std::size_t n_rows,
                                      std::size_t first_col, std::size_t n_cols,
                                      const double* values, std::size_t row_stride,
                                      unsigned threads) {
    const std::size_t r0 = first_row, c0 = first_col;
    detail::AggregateSession::check_block(*this, r0, r0 + n_rows, c0, c0 + n_cols);
    if (!values || row_stride < n_cols)
        throw std::invalid_argument(
            "cannot add a block of " + std::to_string(n_cols) + " columns with a row stride of " +
            std::to_string(row_stride) + (values ? "" : " and no values") +
            ": give the values and a stride of at least " + std::to_string(n_cols));
    struct Rows {  // the caller's rows, read in place
        const double* values;
        std::size_t stride, r0, c0;
        const double* rows(std::size_t r, std::size_t, std::size_t cb, std::size_t,
                           std::size_t& s) const {
            s = stride;
            return values + (r - r0) * stride + (cb - c0);
        }
    };
    detail::add_block(
        *this, r0, r0 + n_rows, c0, c0 + n_cols,
        [&] {
            return Rows{values, row_stride, r0, c0};
        },
        threads, std::numeric_limits<std::size_t>::max() / 2, false);
}

HEATMAP_FUNC void PixelAggregate::check_compatible(const PixelAggregate& o) const {
    auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
    if (rows_ != o.rows_ || cols_ != o.cols_)
        throw std::invalid_argument("cannot merge an aggregate of a " + std::to_string(o.rows_) +
                                    "x" + std::to_string(o.cols_) + " matrix into one of a " +
                                    std::to_string(rows_) + "x" + std::to_string(cols_) +
                                    " matrix: both must describe the same matrix");
    if (!same(box_.x0, o.box_.x0) || !same(box_.y0, o.box_.y0) || !same(box_.x1, o.box_.x1) ||
        !same(box_.y1, o.box_.y1))
        throw std::invalid_argument(
            "cannot merge aggregates drawn into different boxes: build both for the same axes "
            "box, to the bit");
    if (scale_ != o.scale_)
        throw std::invalid_argument(
            "cannot merge aggregates reduced on different scales (linear, log, symlog): build "
            "both with the same ValueScale");
}

HEATMAP_FUNC void PixelAggregate::merge(const PixelAggregate& other) {
    check_compatible(other);
    if (&other == this)
        throw std::invalid_argument(
            "cannot merge an aggregate into itself: its cells would count "
            "twice");
    for (const auto& s : other.coverage_.strips())
        for (const auto& iv : s.cols) {
            std::pair<std::size_t, std::size_t> cell;
            if (coverage_.overlaps(s.r0, s.r1, iv.first, iv.second, &cell))
                throw std::invalid_argument(
                    "cannot merge: cell (" + std::to_string(cell.first) + ", " +
                    std::to_string(cell.second) +
                    ") is in both aggregates; give each cell to one of them");
        }
    for (const auto& s : other.coverage_.strips())
        for (const auto& iv : s.cols) coverage_.add(s.r0, s.r1, iv.first, iv.second);
    if (!other.pixels_.empty()) {
        ensure_pixels();
        for (std::size_t i = 0; i < pixels_.size(); ++i)
            detail::merge_pixel(pixels_[i], other.pixels_[i]);
    }
    range_.merge(other.range_);
    for (const auto& [key, e] : other.pending_cells_) {
        const Unit u = unit_of_key(key.second, nullptr);
        for (std::size_t b = 0; b < u.count;) {
            if (!(e.mask[b / 64] >> (b % 64) & 1)) {
                ++b;
                continue;
            }
            std::size_t end = b;
            while (end < u.count && (e.mask[end / 64] >> (end % 64) & 1)) ++end;
            add_pending_cells(static_cast<std::size_t>(key.first), u, u.first + b, end - b,
                              e.values.data() + b);
            b = end;
        }
    }
    for (const auto& [key, e] : other.pending_rows_) {
        const auto group = static_cast<std::size_t>(std::get<0>(key));
        const long y = static_cast<long>(std::get<1>(key));
        const std::uint64_t unit = std::get<2>(key);
        const long x = static_cast<long>(unit % static_cast<std::uint64_t>(grid_.width));
        for (const auto& [bit, rs] : e.rows)
            add_pending_row(group, y, unit, x, group * detail::aggregate_row_group + bit, rs);
    }
}

HEATMAP_FUNC double PixelAggregate::value(int x, int y, Reduce reduce) const {
    detail::check_aggregate_reduce(reduce);
    return detail::pixel_value(pixel(x, y), reduce);
}

HEATMAP_FUNC ReducedPixels reduce_matrix(const double* values, std::size_t rows, std::size_t cols,
                                         std::size_t row_stride, const Box& box, Reduce reduce,
                                         ValueScale scale, unsigned threads) {
    PixelAggregate geometry(rows, cols, box, scale);
    if (!values || row_stride < cols)
        throw std::invalid_argument(
            "cannot reduce a matrix of " + std::to_string(cols) + " columns with a row stride of " +
            std::to_string(row_stride) + (values ? "" : " and no values") +
            ": give the values and a stride of at least " + std::to_string(cols));
    ReducedPixels out = detail::unfilled_pixels(geometry);
    struct Rows {
        const double* values;
        std::size_t stride;
        const double* rows(std::size_t r, std::size_t, std::size_t cb, std::size_t,
                           std::size_t& s) const {
            s = stride;
            return values + r * stride + cb;
        }
    };
    out.range = detail::reduce_rolling(
        geometry,
        [&] {
            return Rows{values, row_stride};
        },
        threads, std::numeric_limits<std::size_t>::max() / 2, detail::store_rows(out, reduce));
    return out;
}

HEATMAP_FUNC ReducedPixels PixelAggregate::reduced(Reduce reduce, unsigned threads) const {
    ReducedPixels out{grid_, box_, scale_, range_, {}};
    const auto width = static_cast<std::size_t>(grid_.width);
    out.values.resize(width * static_cast<std::size_t>(grid_.height));
    const std::size_t bands = std::min<std::size_t>(static_cast<std::size_t>(grid_.height),
                                                    4 * std::size_t{resolve_threads(threads)});
    detail::run_parallel(bands, threads, [&](std::size_t band) {
        const std::size_t y0 = band * static_cast<std::size_t>(grid_.height) / bands;
        const std::size_t y1 = (band + 1) * static_cast<std::size_t>(grid_.height) / bands;
        for (std::size_t i = y0 * width; i < y1 * width; ++i)
            out.values[i] = pixels_.empty() ? std::numeric_limits<double>::quiet_NaN()
                                            : detail::pixel_value(pixels_[i], reduce);
    });
    return out;
}

HEATMAP_FUNC std::size_t PixelAggregate::pending_bytes() const {
    std::size_t n = 0;
    for (const auto& kv : pending_cells_)
        n += kv.second.values.size() * sizeof(double) + kv.second.mask.size() * 8 + 64;
    for (const auto& kv : pending_rows_)
        n += kv.second.rows.size() * sizeof(kv.second.rows[0]) + 64;
    return n;
}

#endif  // HEATMAP_EMIT_DEFINITIONS

namespace detail {

constexpr std::uint8_t aggregate_magic[8] = {0x89, 'H', 'M', 'A', 'G', 'G', '\r', '\n'};
constexpr std::uint32_t aggregate_version = 1;

inline std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {
    std::uint64_t h = 14695981039346656037ull;
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

struct ByteWriter {
    std::vector<std::uint8_t> out;
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void u8(std::uint8_t v) { out.push_back(v); }
    void f64(double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        u64(bits);
    }
};

// Reads fields in order, naming the field when the bytes end inside it.
// Bytes that end inside a field: reported as such even when the checksum fails.
class cut_short : public invalid_input {
  public:
    using invalid_input::invalid_input;
};

struct ByteReader {
    const std::uint8_t* data;
    std::size_t size, pos = 0;

    const std::uint8_t* take(std::size_t n, const char* field) {
        if (size - pos < n)
            throw cut_short("aggregate bytes: " + std::to_string(size) + " bytes end inside the " +
                            field + " (byte " + std::to_string(pos) +
                            "); the bytes were cut short: pass all of them");
        const std::uint8_t* p = data + pos;
        pos += n;
        return p;
    }
    std::uint64_t u64(const char* field) {
        const std::uint8_t* p = take(8, field);
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
        return v;
    }
    std::uint32_t u32(const char* field) {
        const std::uint8_t* p = take(4, field);
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = v << 8 | p[i];
        return v;
    }
    std::uint8_t u8(const char* field) { return *take(1, field); }
    double f64(const char* field) {
        const std::uint64_t bits = u64(field);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    // A count of items of at least `item` bytes each, refused when the bytes left cannot hold
    // them (so a damaged count never drives an allocation).
    std::size_t count(std::size_t item, const char* field) {
        const std::uint64_t n = u64(field);
        if (n > (size - pos) / item)
            throw invalid_input("aggregate bytes: the " + std::string(field) + " (" +
                                std::to_string(n) + ") is more than the " +
                                std::to_string(size - pos) +
                                " bytes left can hold; the bytes "
                                "were cut short or changed: pass the bytes serialize() wrote");
        return static_cast<std::size_t>(n);
    }
};

[[noreturn]] inline void bad_aggregate(const std::string& what) {
    throw invalid_input("aggregate bytes: " + what +
                        "; pass the bytes PixelAggregate::serialize() wrote");
}

inline int popcount(std::uint64_t v) {
    int n = 0;
    for (; v; v &= v - 1) ++n;
    return n;
}

}  // namespace detail

#if HEATMAP_EMIT_DEFINITIONS

HEATMAP_FUNC std::vector<std::uint8_t> PixelAggregate::serialize() const {
    detail::ByteWriter w;
    w.out.assign(std::begin(detail::aggregate_magic), std::end(detail::aggregate_magic));
    w.u32(detail::aggregate_version);
    w.u32(0);  // flags, none yet
    w.u64(rows_), w.u64(cols_);
    w.f64(box_.x0), w.f64(box_.y0), w.f64(box_.x1), w.f64(box_.y1);
    w.u8(static_cast<std::uint8_t>(scale_.kind));
    w.f64(scale_.base), w.f64(scale_.linthresh), w.f64(scale_.linscale);
    for (int v : {grid_.x, grid_.y, grid_.width, grid_.height})
        w.u32(static_cast<std::uint32_t>(v));
    w.u64(col_group_);
    w.f64(range_.min), w.f64(range_.max), w.f64(range_.min_positive), w.f64(range_.max_positive);
    w.u8(range_.positive_tracked ? 1 : 0);
    w.u64(coverage_.strips().size());
    for (const auto& s : coverage_.strips()) {
        w.u64(s.r0), w.u64(s.r1), w.u64(s.cols.size());
        for (const auto& iv : s.cols) w.u64(iv.first), w.u64(iv.second);
    }
    const detail::PixelState untouched;
    if (pixels_.empty())
        w.out.resize(w.out.size() + static_cast<std::size_t>(grid_.width) *
                                        static_cast<std::size_t>(grid_.height));  // all untouched
    for (const detail::PixelState& p : pixels_) {
        if (p.empty() && p.top == untouched.top) {
            w.u8(0);
            continue;
        }
        w.u8(1);
        w.u32(static_cast<std::uint32_t>(p.top));
        w.u8(p.inf);
        for (std::int64_t v : p.s) w.u64(static_cast<std::uint64_t>(v));
        w.u64(p.w_lo), w.u64(p.w_hi);
        w.f64(p.mn), w.f64(p.mx);
    }
    w.u64(pending_cells_.size());
    for (const auto& [key, e] : pending_cells_) {
        w.u64(key.first), w.u64(key.second);
        for (std::uint64_t m : e.mask) w.u64(m);
        for (std::size_t b = 0; b < e.values.size(); ++b)
            if (e.mask[b / 64] >> (b % 64) & 1) w.f64(e.values[b]);
    }
    w.u64(pending_rows_.size());
    for (const auto& [key, e] : pending_rows_) {
        w.u64(std::get<0>(key));
        w.u64(static_cast<std::uint64_t>(std::get<1>(key)));
        w.u64(std::get<2>(key));
        w.u64(e.mask);
        for (const auto& row : e.rows)
            w.f64(row.second.s), w.f64(row.second.w), w.f64(row.second.mn), w.f64(row.second.mx);
    }
    w.u64(detail::fnv1a(w.out.data(), w.out.size()));
    return std::move(w.out);
}

HEATMAP_FUNC PixelAggregate PixelAggregate::deserialize(const std::uint8_t* data,
                                                        std::size_t size) {
    if (size < sizeof detail::aggregate_magic || !data)
        throw invalid_input("aggregate bytes: " + std::to_string(size) +
                            " bytes, too short for the header (8-byte magic); pass the bytes "
                            "serialize() wrote");
    if (std::memcmp(data, detail::aggregate_magic, sizeof detail::aggregate_magic) != 0)
        throw invalid_input(
            "aggregate bytes: the magic is not heatmap's (\\x89HMAGG\\r\\n); pass "
            "the bytes PixelAggregate::serialize() wrote");
    {
        detail::ByteReader in{data, size, sizeof detail::aggregate_magic};
        const std::uint32_t format_version = in.u32("version");
        if (format_version != detail::aggregate_version)
            throw invalid_input("aggregate bytes: format version " +
                                std::to_string(format_version) + ", this heatmap reads version " +
                                std::to_string(detail::aggregate_version) +
                                "; read them with the heatmap that wrote them");
    }
    // The checksum first, so that changed bytes are reported as such rather than as whatever
    // field they happen to break. When it fails, a walk over the fields without judging them
    // tells bytes cut short and bytes added from bytes changed.
    const bool sum_ok = size >= 24 && [&] {
        detail::ByteReader tail{data, size, size - 8};
        return tail.u64("checksum") == detail::fnv1a(data, size - 8);
    }();
    const auto changed = [] {
        return invalid_input(
            "aggregate bytes: checksum mismatch; the bytes were changed after "
            "serialize() wrote them");
    };
    std::size_t end = 0;
    std::optional<PixelAggregate> agg;
    try {
        end = parse(data, size, sum_ok, agg);
    } catch (const detail::cut_short&) {
        throw;
    } catch (const invalid_input&) {
        if (sum_ok) throw;
        throw changed();
    }
    if (size - end < 8)
        throw invalid_input("aggregate bytes: " + std::to_string(size) +
                            " bytes end inside the checksum (byte " + std::to_string(end) +
                            "); the bytes were cut short: pass all of them");
    if (size - end > 8)
        throw invalid_input("aggregate bytes: " + std::to_string(size - end - 8) +
                            " bytes after the checksum; pass exactly the bytes serialize() wrote");
    if (!sum_ok) throw changed();
    return std::move(*agg);
}

// Reads every field after the version into agg; with `check`, judges each one (the bytes are
// then vouched for by their checksum), else only walks them. Returns where the checksum starts.
HEATMAP_FUNC std::size_t PixelAggregate::parse(const std::uint8_t* data, std::size_t size,
                                               bool check, std::optional<PixelAggregate>& agg) {
    detail::ByteReader in{data, size, sizeof detail::aggregate_magic + 4};
    const std::uint32_t flags = in.u32("flags");
    const std::uint64_t rows = in.u64("row count"), cols = in.u64("column count");
    Box box;
    box.x0 = in.f64("box"), box.y0 = in.f64("box"), box.x1 = in.f64("box"), box.y1 = in.f64("box");
    ValueScale scale;
    const std::uint8_t kind = in.u8("scale");
    scale.base = in.f64("scale"), scale.linthresh = in.f64("scale");
    scale.linscale = in.f64("scale");
    std::int32_t grid[4];
    for (auto& g : grid) g = static_cast<std::int32_t>(in.u32("grid"));
    const std::uint64_t col_group = in.u64("column group");
    DataRange range;
    range.min = in.f64("data range"), range.max = in.f64("data range");
    range.min_positive = in.f64("data range"), range.max_positive = in.f64("data range");
    const std::uint8_t tracked = in.u8("data range");
    std::vector<detail::Coverage::Strip> strips(in.count(24, "strip count"));
    for (auto& st : strips) {
        st.r0 = static_cast<std::size_t>(in.u64("strip"));
        st.r1 = static_cast<std::size_t>(in.u64("strip"));
        st.cols.resize(in.count(16, "strip"));
        for (auto& iv : st.cols) {
            iv.first = static_cast<std::size_t>(in.u64("strip"));
            iv.second = static_cast<std::size_t>(in.u64("strip"));
        }
    }

    // The grid, rebuilt from the shape and box: it must be the one written. Each pixel takes at
    // least one byte, which bounds what a damaged grid can allocate.
    if (flags != 0) detail::bad_aggregate("flags " + std::to_string(flags) + " are unknown");
    if (kind > 2) detail::bad_aggregate("scale kind " + std::to_string(kind) + " is unknown");
    scale.kind = static_cast<ValueScale::Kind>(kind);
    if (grid[2] <= 0 || grid[3] <= 0 ||
        static_cast<std::uint64_t>(grid[2]) * static_cast<std::uint64_t>(grid[3]) > size - in.pos)
        detail::bad_aggregate("a pixel grid of " + std::to_string(grid[2]) + "x" +
                              std::to_string(grid[3]) + " does not fit the bytes");
    try {
        agg.emplace(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols), box, scale,
                    std::numeric_limits<std::int64_t>::max());
    } catch (const std::invalid_argument& e) {
        detail::bad_aggregate(std::string("the shape, box or scale is not one heatmap makes (") +
                              e.what() + ")");
    }
    PixelAggregate& a = *agg;
    if (a.grid_.x != grid[0] || a.grid_.y != grid[1] || a.grid_.width != grid[2] ||
        a.grid_.height != grid[3] || col_group != a.col_group_)
        detail::bad_aggregate("the pixel grid does not follow from the shape and box");
    if (check) {
        if (tracked > 1 || (tracked == 1) != (scale.kind != ValueScale::Kind::linear))
            detail::bad_aggregate("the data range's flag is " + std::to_string(tracked));
        range.positive_tracked = tracked == 1;
        a.range_ = range;
        for (std::size_t i = 0; i < strips.size(); ++i) {
            const auto& st = strips[i];
            bool ok = st.r0 < st.r1 && st.r1 <= rows && !st.cols.empty() &&
                      (i == 0 || (strips[i - 1].r1 <= st.r0 &&
                                  (strips[i - 1].r1 < st.r0 || strips[i - 1].cols != st.cols)));
            for (std::size_t j = 0; ok && j < st.cols.size(); ++j)
                ok = st.cols[j].first < st.cols[j].second && st.cols[j].second <= cols &&
                     (j == 0 || st.cols[j - 1].second < st.cols[j].first);
            if (!ok)
                detail::bad_aggregate("strip " + std::to_string(i) +
                                      " of the cells added is out of order or outside the matrix");
        }
        a.coverage_.set(std::move(strips));
    }

    a.ensure_pixels();
    for (std::size_t i = 0; i < a.pixels_.size(); ++i) {
        const std::uint8_t tag = in.u8("pixels");
        if (tag == 0) continue;
        detail::PixelState p;
        p.top = static_cast<std::int32_t>(in.u32("pixels"));
        p.inf = in.u8("pixels");
        for (auto& v : p.s) v = static_cast<std::int64_t>(in.u64("pixels"));
        p.w_lo = in.u64("pixels"), p.w_hi = in.u64("pixels");
        p.mn = in.f64("pixels"), p.mx = in.f64("pixels");
        const bool ok = tag == 1 && p.inf <= 3 && !p.empty() && std::isfinite(p.mn) &&
                        std::isfinite(p.mx) && p.mn <= p.mx && (p.w_hi >> 60) == 0 &&
                        (p.top == detail::no_window || (p.top >= -40 && p.top <= 40));
        if (check && !ok)
            detail::bad_aggregate("pixel " + std::to_string(i) + " holds impossible sums");
        a.pixels_[i] = p;
    }

    const std::size_t n_cells = in.count(16, "set-aside cell count");
    CellsKey last_cells{0, 0};
    for (std::size_t i = 0; i < n_cells; ++i) {
        CellsKey key;
        key.first = in.u64("set-aside cells");
        key.second = in.u64("set-aside cells");
        if (key.first >= rows || (i > 0 && !(last_cells < key)))
            detail::bad_aggregate("set-aside cells " + std::to_string(i) +
                                  " are out of order or outside the matrix");
        last_cells = key;
        const Unit u = a.unit_of_key(key.second, nullptr);
        PendingCells e;
        e.mask.resize((u.count + 63) / 64);
        std::size_t n = 0;
        for (auto& m : e.mask) {
            m = in.u64("set-aside cells");
            n += static_cast<std::size_t>(detail::popcount(m));
        }
        if (n == 0 || n >= u.count || (u.count % 64 != 0 && e.mask.back() >> (u.count % 64) != 0))
            detail::bad_aggregate("set-aside cells " + std::to_string(i) +
                                  " have an impossible mask");
        e.values.assign(u.count, 0.0);
        for (std::size_t b = 0; b < u.count; ++b)
            if (e.mask[b / 64] >> (b % 64) & 1) e.values[b] = in.f64("set-aside cells");
        a.pending_cells_.emplace(key, std::move(e));
    }
    const std::size_t n_rows = in.count(32, "set-aside row count");
    RowsKey last_rows{0, 0, 0};
    for (std::size_t i = 0; i < n_rows; ++i) {
        const std::uint64_t group = in.u64("set-aside rows");
        const auto y = static_cast<std::int64_t>(in.u64("set-aside rows"));
        const std::uint64_t unit = in.u64("set-aside rows");
        const std::uint64_t mask = in.u64("set-aside rows");
        const RowsKey key{group, y, unit};
        if (group >= (rows + detail::aggregate_row_group - 1) / detail::aggregate_row_group ||
            y < 0 || y >= grid[3] || (i > 0 && !(last_rows < key)))
            detail::bad_aggregate("set-aside rows " + std::to_string(i) +
                                  " are out of order or outside the grid");
        last_rows = key;
        a.unit_of_key(unit, nullptr);
        const std::size_t first = a.unit_first(group, static_cast<long>(y));
        const std::size_t last = a.unit_last(group, static_cast<long>(y));
        const std::size_t base = group * detail::aggregate_row_group;
        std::uint64_t need = 0;
        for (std::size_t r = first; r <= last; ++r) need |= std::uint64_t{1} << (r - base);
        if (mask == 0 || (mask & ~need) != 0 || mask == need)
            detail::bad_aggregate("set-aside rows " + std::to_string(i) +
                                  " have an impossible mask");
        PendingRows e;
        e.mask = mask;
        for (int b = 0; b < 64; ++b) {
            if (!(mask >> b & 1)) continue;
            detail::RowSum rs;
            rs.s = in.f64("set-aside rows"), rs.w = in.f64("set-aside rows");
            rs.mn = in.f64("set-aside rows"), rs.mx = in.f64("set-aside rows");
            e.rows.emplace_back(static_cast<std::uint8_t>(b), rs);
        }
        a.pending_rows_.emplace(key, std::move(e));
    }
    return in.pos;
}

#endif  // HEATMAP_EMIT_DEFINITIONS

}  // namespace heatmap
