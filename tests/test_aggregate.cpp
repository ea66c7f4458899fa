// Pixel aggregates: a matrix reduced from any blocks, merged in any order, on any number of
// threads, and through bytes, gives the bits of the one-pass reduction; the values agree with an
// oracle that intersects every cell with every pixel; bad bytes are refused naming the field.
#include <catch2/catch.hpp>
#include <heatmap/aggregate.hpp>
#include <heatmap/downsample.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using heatmap::Box;
using heatmap::PixelAggregate;
using heatmap::Reduce;

namespace {

const double nan_v = std::numeric_limits<double>::quiet_NaN();
const double inf_v = std::numeric_limits<double>::infinity();

struct Matrix {
    std::size_t rows, cols;
    std::vector<double> v;
    const double* row(std::size_t r) const { return v.data() + r * cols; }
};

Matrix random_matrix(std::mt19937& rng, std::size_t rows, std::size_t cols, double missing) {
    std::uniform_real_distribution<double> u(-3, 5);
    std::bernoulli_distribution gap(missing), infinite(missing / 4);
    Matrix m{rows, cols, std::vector<double>(rows * cols)};
    // Both zeros too: which one a min of them keeps must not depend on the order they came in.
    std::bernoulli_distribution zero(0.05);
    for (double& x : m.v) {
        x = gap(rng) ? nan_v : infinite(rng) ? (u(rng) < 1 ? -inf_v : inf_v) : u(rng);
        if (zero(rng)) x = u(rng) < 1 ? -0.0 : 0.0;
    }
    return m;
}

PixelAggregate whole(const Matrix& m, const Box& box, heatmap::ValueScale scale = {}) {
    PixelAggregate a(m.rows, m.cols, box, scale);
    a.add_rows(0, m.rows, m.v.data());
    return a;
}

// Cuts [0, n) at `cuts` random places (sorted, distinct, inside).
std::vector<std::size_t> cut_points(std::mt19937& rng, std::size_t n, std::size_t cuts) {
    std::vector<std::size_t> at = {0, n};
    std::uniform_int_distribution<std::size_t> pick(1, n - 1);
    for (std::size_t i = 0; i < cuts && n > 1; ++i) at.push_back(pick(rng));
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    return at;
}

// The matrix as tiles (row cuts x column cuts), each its own aggregate, merged in a random order
// through a random tree (pairs merged, then pairs of those...), some through bytes.
std::vector<std::uint8_t> tiled(std::mt19937& rng, const Matrix& m, const Box& box,
                                std::size_t row_cuts, std::size_t col_cuts,
                                heatmap::ValueScale scale = {}) {
    const auto rc = cut_points(rng, m.rows, row_cuts), cc = cut_points(rng, m.cols, col_cuts);
    std::vector<PixelAggregate> parts;
    for (std::size_t i = 0; i + 1 < rc.size(); ++i)
        for (std::size_t j = 0; j + 1 < cc.size(); ++j) {
            PixelAggregate a(m.rows, m.cols, box, scale);
            a.add(rc[i], rc[i + 1] - rc[i], cc[j], cc[j + 1] - cc[j], m.row(rc[i]) + cc[j], m.cols);
            parts.push_back(std::move(a));
        }
    std::shuffle(parts.begin(), parts.end(), rng);
    std::bernoulli_distribution via_bytes(0.3);
    while (parts.size() > 1) {
        std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
        const std::size_t i = pick(rng);
        std::size_t j = pick(rng);
        if (i == j) continue;
        if (via_bytes(rng)) {
            const std::vector<std::uint8_t> bytes = parts[j].serialize();
            parts[i].merge(PixelAggregate::deserialize(bytes.data(), bytes.size()));
        } else {
            parts[i].merge(parts[j]);
        }
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(j));
    }
    REQUIRE(parts[0].complete());
    REQUIRE(parts[0].pending_bytes() == 0);
    return parts[0].serialize();
}

struct Case {
    std::size_t rows, cols;
    Box box;
};

// Shapes that exercise every path: rows and columns shrunk or stretched, fractional box edges,
// row groups (64) and column groups cut, cells taller than several pixels.
const Case cases[] = {
    {300, 257, {3.25, 1.5, 44.75, 29.125}},  // shrunk both ways
    {700, 9, {0.5, 0.5, 30.5, 20.25}},       // columns stretched, rows shrunk
    {7, 500, {1.3, 2.7, 25.1, 40.9}},        // rows stretched over several pixels each
    {130, 130, {0, 0, 16, 16}},              // aligned blocks
    {1, 1, {0.25, 0.75, 3.5, 2.25}},         // one cell over several pixels
    {200, 200, {100.2, 50.6, 109.9, 59.4}},  // far from the origin
    {15, 4000, {0.1, 0.2, 5.3, 70.7}},       // groups of 512 columns (4000 > 2 * 6 * 256)
};

}  // namespace

TEST_CASE("any split into tiles, merged in any order, gives the one-pass bytes") {
    std::mt19937 rng(20260601);
    for (const Case& k : cases) {
        INFO(k.rows << "x" << k.cols);
        const Matrix m = random_matrix(rng, k.rows, k.cols, 0.1);
        const std::vector<std::uint8_t> one = whole(m, k.box).serialize();
        for (int trial = 0; trial < 6; ++trial) {
            INFO("trial " << trial);
            CHECK(tiled(rng, m, k.box, 1 + trial % 4, 0) == one);  // row blocks
            CHECK(tiled(rng, m, k.box, 0, 1 + trial % 3) == one);  // column blocks
            CHECK(tiled(rng, m, k.box, 1 + trial % 3, 1 + (trial + 1) % 3) == one);  // tiles
        }
    }
}

TEST_CASE("a min or max that is zero is +0 whichever zeros came first") {
    // max(+0, -0) and min(+0, -0) keep their first argument, so a pixel of both zeros would
    // otherwise depend on the order of its blocks.
    std::mt19937 rng(37);
    std::uniform_int_distribution<int> pick(0, 2);
    Matrix m{90, 70, std::vector<double>(90 * 70)};
    for (double& x : m.v) x = pick(rng) == 0 ? -0.0 : pick(rng) == 0 ? 0.0 : -1.0;
    const Box box{0.5, 0.5, 9.5, 7.5};
    const std::vector<std::uint8_t> one = whole(m, box).serialize();
    for (int trial = 0; trial < 8; ++trial) {
        CHECK(tiled(rng, m, box, 1 + trial % 4, trial % 3) == one);
        PixelAggregate a(m.rows, m.cols, box);
        a.add_rows(0, m.rows, m.v.data(), 2 + trial % 3);
        CHECK(a.serialize() == one);
    }
    const PixelAggregate a = whole(m, box);
    for (int y = 0; y < a.grid().height; ++y)
        for (int x = 0; x < a.grid().width; ++x)
            CHECK_FALSE(std::signbit(a.value(x, y, Reduce::max)));
}

TEST_CASE("single-row and single-column blocks, merged from both ends, give the same bytes") {
    std::mt19937 rng(7);
    const Matrix m = random_matrix(rng, 150, 90, 0.05);
    const Box box{0.4, 0.7, 12.6, 11.1};
    const std::vector<std::uint8_t> one = whole(m, box).serialize();
    PixelAggregate rows(m.rows, m.cols, box), cols(m.rows, m.cols, box);
    for (std::size_t i = 0; i < m.rows; ++i) {
        const std::size_t r = i % 2 ? i / 2 : m.rows - 1 - i / 2;  // alternate ends
        PixelAggregate a(m.rows, m.cols, box);
        a.add(r, 1, 0, m.cols, m.row(r), m.cols);
        rows.merge(a);
    }
    for (std::size_t c = m.cols; c-- > 0;) {
        PixelAggregate a(m.rows, m.cols, box);
        a.add(0, m.rows, c, 1, m.v.data() + c, m.cols);
        cols.merge(a);
    }
    CHECK(rows.serialize() == one);
    CHECK(cols.serialize() == one);
}

TEST_CASE("the same bytes on 1, 2, 3 and 8 threads") {
    std::mt19937 rng(11);
    for (const Case& k : cases) {
        INFO(k.rows << "x" << k.cols);
        const Matrix m = random_matrix(rng, k.rows, k.cols, 0.1);
        const std::vector<std::uint8_t> one = whole(m, k.box).serialize();
        for (unsigned threads : {2u, 3u, 8u}) {
            PixelAggregate a(m.rows, m.cols, k.box);
            a.add_rows(0, m.rows, m.v.data(), threads);
            CHECK(a.serialize() == one);
            // A block with cut edges, on threads, then the rest.
            if (m.rows < 3 || m.cols < 2) continue;
            PixelAggregate b(m.rows, m.cols, k.box);
            const std::size_t r = m.rows / 3, c = m.cols / 2;
            b.add(r, m.rows - r, c, m.cols - c, m.row(r) + c, m.cols, threads);
            b.add(0, r, 0, m.cols, m.v.data(), m.cols, threads);
            b.add(r, m.rows - r, 0, c, m.row(r), m.cols, threads);
            CHECK(b.serialize() == one);
        }
    }
}

namespace {
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
}  // namespace

TEST_CASE("the rolling reduction (a few pixel rows of sums) gives the aggregate's values") {
    std::mt19937 rng(41);
    for (const Case& k : cases) {
        INFO(k.rows << "x" << k.cols);
        const Matrix m = random_matrix(rng, k.rows, k.cols, 0.1);
        const PixelAggregate a = whole(m, k.box);
        for (Reduce reduce : {Reduce::mean, Reduce::max, Reduce::min}) {
            const heatmap::ReducedPixels want = a.reduced(reduce);
            for (unsigned threads : {1u, 2u, 5u}) {
                INFO("reduce " << static_cast<int>(reduce) << ", threads " << threads);
                const heatmap::ReducedPixels got = heatmap::reduce_matrix(
                    m.v.data(), m.rows, m.cols, m.cols, k.box, reduce, {}, threads);
                CHECK(same_bits(got.values, want.values));
                CHECK(got.range.min == a.range().min);
                CHECK(got.range.max == a.range().max);
                CHECK(same_bits(a.reduced(reduce, threads).values, want.values));
            }
        }
        // Through images: the same pixels from the aggregate and from its reduced values.
        const heatmap::Norm norm = heatmap::autoscaled(heatmap::Normalize{}, a.range());
        const heatmap::Colormap cmap = heatmap::colormap("viridis");
        CHECK(heatmap::aggregate_image(a, Reduce::mean, norm, cmap, 2).image.pixels ==
              heatmap::reduced_image(a.reduced(Reduce::mean), norm, cmap).image.pixels);
    }
}

TEST_CASE("downsample's one pass over a callable and add() are the same reduction") {
    std::mt19937 rng(3);
    const Matrix m = random_matrix(rng, 120, 333, 0.2);
    const Box box{2.5, 3.5, 30.25, 22.75};
    const PixelAggregate by_value = heatmap::aggregate_matrix(
        m.rows, m.cols, [&](std::size_t r, std::size_t c) { return m.v[r * m.cols + c]; }, box);
    CHECK(by_value.serialize() == whole(m, box).serialize());
}

namespace {

// O(pixels * cells): the definition, not the algorithm.
double oracle(const Matrix& m, const Box& box, Reduce reduce, int px, int py) {
    const heatmap::PixelGrid g = heatmap::pixels_covered(box);
    const double cw = box.width() / static_cast<double>(m.cols);
    const double ch = box.height() / static_cast<double>(m.rows);
    double sum = 0, weight = 0, best = nan_v;
    for (std::size_t r = 0; r < m.rows; ++r)
        for (std::size_t c = 0; c < m.cols; ++c) {
            const double x0 = box.x0 + static_cast<double>(c) * cw;
            const double y0 = box.y0 + static_cast<double>(r) * ch;
            const double ox = std::min(g.x + px + 1.0, x0 + cw) - std::max(g.x + px + 0.0, x0);
            const double oy = std::min(g.y + py + 1.0, y0 + ch) - std::max(g.y + py + 0.0, y0);
            const double v = m.v[r * m.cols + c];
            if (ox <= 1e-9 || oy <= 1e-9 || !std::isfinite(v)) continue;
            sum += v * ox * oy, weight += ox * oy;
            if (std::isnan(best) || (reduce == Reduce::max ? v > best : v < best)) best = v;
        }
    return reduce == Reduce::mean ? (weight > 0 ? sum / weight : nan_v) : best;
}

}  // namespace

TEST_CASE("each pixel's mean, max and min agree with the area oracle") {
    std::mt19937 rng(5);
    for (const Case& k : cases) {
        if (k.rows * k.cols > 70000) continue;  // the oracle is quadratic
        INFO(k.rows << "x" << k.cols);
        const Matrix m = random_matrix(rng, k.rows, k.cols, 0.2);
        const PixelAggregate a = whole(m, k.box);
        for (int y = 0; y < a.grid().height; ++y)
            for (int x = 0; x < a.grid().width; ++x)
                for (Reduce reduce : {Reduce::mean, Reduce::max, Reduce::min}) {
                    const double want = oracle(m, k.box, reduce, x, y);
                    const double got = a.value(x, y, reduce);
                    INFO("pixel " << x << "," << y << " reduce " << static_cast<int>(reduce));
                    if (std::isnan(want)) {
                        REQUIRE(std::isnan(got));
                    } else {
                        REQUIRE(got == Approx(want).margin(1e-12));
                    }
                }
    }
}

TEST_CASE("a pixel of one value has that value as its mean, to the bit") {
    // 0.1 * area summed is not 0.1 * (summed area) in doubles; the mean of equal values still is
    // the value, and a mean never leaves [min, max].
    const std::size_t rows = 97, cols = 89;
    std::vector<double> v(rows * cols, 0.1);
    for (std::size_t c = 0; c < cols; ++c) v[50 * cols + c] = 0.30000000000000004;
    PixelAggregate a(rows, cols, Box{0.3, 0.6, 9.7, 9.9});
    a.add_rows(0, rows, v.data());
    int equal = 0;
    for (int y = 0; y < a.grid().height; ++y)
        for (int x = 0; x < a.grid().width; ++x) {
            const double m = a.value(x, y, Reduce::mean);
            CHECK(m >= a.value(x, y, Reduce::min));
            CHECK(m <= a.value(x, y, Reduce::max));
            if (a.value(x, y, Reduce::min) == a.value(x, y, Reduce::max)) {
                CHECK(m == a.value(x, y, Reduce::min));
                ++equal;
            }
        }
    CHECK(equal > 50);
}

TEST_CASE("exact sums: any order of addends gives the same bits, across 600 binary orders") {
    // Addends from 1e-300 to 1e300 of both signs: the windows kept follow the largest.
    std::mt19937 rng(17);
    std::vector<double> t;
    std::uniform_real_distribution<double> mant(1, 2), expo(-40, 40);
    for (int i = 0; i < 200; ++i)
        t.push_back((i % 2 ? -1 : 1) * mant(rng) * std::pow(2.0, expo(rng)));
    t.push_back(1e300), t.push_back(-1e300), t.push_back(3e-300), t.push_back(1.0);
    auto sum_of = [](const std::vector<double>& xs) {
        heatmap::detail::PixelState p;
        for (double x : xs) heatmap::detail::add_value(p, x);
        return p;
    };
    const heatmap::detail::PixelState ref = sum_of(t);
    for (int trial = 0; trial < 20; ++trial) {
        std::shuffle(t.begin(), t.end(), rng);
        // Split in two, each summed alone, then merged.
        const std::size_t cut = static_cast<std::size_t>(trial * 10);
        const std::vector<double> left(t.begin(), t.begin() + static_cast<long>(cut));
        const std::vector<double> right(t.begin() + static_cast<long>(cut), t.end());
        heatmap::detail::PixelState a = sum_of(left);
        const heatmap::detail::PixelState b = sum_of(right);
        heatmap::detail::merge_pixel(a, b);
        CHECK(std::memcmp(a.s, ref.s, sizeof a.s) == 0);
        CHECK(a.top == ref.top);
        CHECK(heatmap::detail::value_sum(a) == heatmap::detail::value_sum(ref));
    }
    // 2^60 + 1 - 2^60: exact within 64 bits of the largest addend.
    heatmap::detail::PixelState p;
    for (double x : {std::ldexp(1.0, 60), 1.0, -std::ldexp(1.0, 60)})
        heatmap::detail::add_value(p, x);
    CHECK(heatmap::detail::value_sum(p) == 1.0);
    // 0.1 ten times is 1 (within the kept bits), where a double sum gives 0.9999999999999999.
    heatmap::detail::PixelState q;
    for (int i = 0; i < 10; ++i) heatmap::detail::add_value(q, 0.1);
    CHECK(heatmap::detail::value_sum(q) == 1.0);
}

TEST_CASE("the nearest double to an exact sum, ties to even") {
    using heatmap::detail::wide_to_double;
    CHECK(wide_to_double({1, 0, 0}, 0) == 1.0);
    CHECK(wide_to_double({~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}}, 0) == -1.0);
    // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: to even, 2^53.
    CHECK(wide_to_double({(std::uint64_t{1} << 53) + 1, 0, 0}, 0) == 9007199254740992.0);
    CHECK(wide_to_double({(std::uint64_t{1} << 53) + 3, 0, 0}, 0) == 9007199254740996.0);
    // Beyond one limb: 2^64 + 2^12 + 1 rounds up past the tie at 2^11.
    CHECK(wide_to_double({(std::uint64_t{1} << 12) + 1, 1, 0}, 0) ==
          std::ldexp(1.0, 64) + std::ldexp(1.0, 12));
    CHECK(wide_to_double({0, 0, 1}, -128) == 1.0);

    // Against the definition, bit by bit, on random integers of every length and sign.
    auto reference = [](std::array<std::uint64_t, 3> x, long exp2) {
        const bool negative = (x[2] >> 63) != 0;
        if (negative) {
            std::uint64_t carry = 1;
            for (auto& limb : x) limb = ~limb + carry, carry = carry && limb == 0;
        }
        auto bit = [&x](int i) { return (x[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1; };
        int n = 192;
        while (n > 0 && !bit(n - 1)) --n;
        std::uint64_t q = 0;
        int shift = std::max(0, n - 53);
        for (int i = n - 1; i >= shift; --i) q = (q << 1) | bit(i);
        if (shift > 0) {
            bool sticky = false;
            for (int i = 0; i < shift - 1; ++i) sticky = sticky || bit(i);
            if (bit(shift - 1) && (sticky || (q & 1))) ++q;
        }
        const double v = std::ldexp(static_cast<double>(q), static_cast<int>(exp2 + shift));
        return negative ? -v : v;
    };
    std::mt19937_64 rng(31);
    for (int i = 0; i < 20000; ++i) {
        std::array<std::uint64_t, 3> x = {rng(), rng(), rng()};
        const int bits = static_cast<int>(rng() % 193);  // keep the low `bits` bits
        for (std::size_t k = 0; k < 3; ++k) {
            const int keep = std::clamp(bits - 64 * static_cast<int>(k), 0, 64);
            x[k] = keep == 64 ? x[k] : keep == 0 ? 0 : x[k] & ((std::uint64_t{1} << keep) - 1);
        }
        if (rng() % 3 == 0) x[0] |= std::uint64_t{1} << 10, x[0] &= ~std::uint64_t{0x3FF};  // ties
        if (rng() % 2 == 0) {  // negative
            std::uint64_t carry = 1;
            for (auto& limb : x) limb = ~limb + carry, carry = carry && limb == 0;
        }
        const long exp2 = static_cast<long>(rng() % 200) - 100;
        const double got = wide_to_double(x, exp2), want = reference(x, exp2);
        REQUIRE(std::memcmp(&got, &want, sizeof got) == 0);
    }
}

TEST_CASE("the aggregate drawn as an image blends to the bytes draw_downsampled paints") {
    std::mt19937 rng(23);
    const Matrix m = random_matrix(rng, 400, 350, 0.1);
    for (const Box& box : {Box{10.5, 7.25, 60.75, 51.5}, Box{12, 9, 52, 49}}) {
        auto color = [](double v) {
            if (std::isnan(v)) return heatmap::Rgba{0, 0, 0, 0};  // transparent, as bad often is
            const auto g = static_cast<std::uint8_t>(std::clamp((v + 3) / 8, 0.0, 1.0) * 255);
            return heatmap::Rgba{g, static_cast<std::uint8_t>(255 - g), 90, 200};
        };
        heatmap::Canvas old(70, 60, {30, 60, 90, 255}), now(70, 60, {30, 60, 90, 255});
        heatmap::draw_downsampled(
            old, m.rows, m.cols, [&](std::size_t r, std::size_t c) { return m.v[r * m.cols + c]; },
            box, Reduce::mean, [&](float v) { return color(static_cast<double>(v)); });
        // draw_downsampled hands the colour a float; so does this one.
        PixelAggregate a = whole(m, box);
        auto as_float = [&](double v) { return color(static_cast<double>(static_cast<float>(v))); };
        const heatmap::PlacedImage img = heatmap::aggregate_image(a, Reduce::mean, as_float);
        CHECK(img.x == a.grid().x);
        CHECK(img.image.width == a.grid().width);
        heatmap::blend_image(now, img);
        CHECK(now.image().pixels == old.image().pixels);
        // On threads: the same image.
        CHECK(heatmap::aggregate_image(a, Reduce::mean, as_float, 3).image.pixels ==
              img.image.pixels);
    }
    // From a callable on threads, as the heatmap's cells would be drawn as an image item.
    for (unsigned threads : {1u, 2u, 3u}) {
        const Box box{10.5, 7.25, 60.75, 51.5};
        auto color = [](double v) {
            if (std::isnan(v)) return heatmap::Rgba{0, 0, 0, 0};
            const auto g = static_cast<std::uint8_t>(std::clamp((v + 3) / 8, 0.0, 1.0) * 255);
            return heatmap::Rgba{g, 40, 90, 255};
        };
        auto value = [&](std::size_t r, std::size_t c) { return m.v[r * m.cols + c]; };
        heatmap::Canvas old(70, 60, {30, 60, 90, 255}), now(70, 60, {30, 60, 90, 255});
        heatmap::draw_downsampled(old, m.rows, m.cols, value, box, Reduce::max,
                                  [&](float v) { return color(static_cast<double>(v)); });
        const heatmap::ReducedPixels px =
            heatmap::reduce_cells(m.rows, m.cols, value, box, Reduce::max, {}, threads);
        heatmap::blend_image(now, heatmap::reduced_image(px, [&](double v) {
                                 return color(static_cast<double>(static_cast<float>(v)));
                             }));
        CHECK(now.image().pixels == old.image().pixels);
    }
    // Folding the coverage into alpha is exact: Agg's mul8(a, 255) is a for every byte.
    for (std::uint32_t x = 0; x < 256; ++x) CHECK(heatmap::detail::mul8(x, 255) == x);
}

TEST_CASE("on the log scale the mean is of log10, the range is in data units") {
    const std::size_t rows = 40, cols = 40;
    std::vector<double> v(rows * cols);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = i % 2 ? 10.0 : 1000.0;
    v[0] = -5;  // not on a log scale: missing there, but in the data range
    PixelAggregate a(rows, cols, Box{0, 0, 4, 4}, heatmap::ValueScale::log());
    a.add_rows(0, rows, v.data());
    CHECK(a.value(2, 2, Reduce::mean) == Approx(2.0));  // mean of 1 and 3, the geometric mean 100
    CHECK(a.value(2, 2, Reduce::max) == 3.0);
    CHECK(a.range().min == -5);
    CHECK(a.range().max == 1000);
    CHECK(a.range().min_positive == 10);
    const heatmap::Norm norm = heatmap::autoscaled(heatmap::Norm{heatmap::LogNorm{}}, a.range());
    CHECK(heatmap::norm_vmin(norm) == 10);
    CHECK(heatmap::norm_vmax(norm) == 1000);
    CHECK(heatmap::normalize_reduced(norm, a.scale(), 2.0) == Approx(0.5));
    CHECK_THROWS_WITH(heatmap::normalize_reduced(heatmap::Normalize{0.0, 1.0}, a.scale(), 2.0),
                      Catch::StartsWith("the aggregate was reduced on the log scale"));
    CHECK(heatmap::reduction_scale(heatmap::LogNorm{}) == heatmap::ValueScale::log());
    CHECK(heatmap::reduction_scale(heatmap::PowerNorm{0.5}) == heatmap::ValueScale::linear());
}

TEST_CASE("reduced on the norm's scale, cells colour as when each cell is normalized first") {
    // Heatmap<T> draws downsampled cells by normalizing each cell and reducing the positions;
    // streaming input reduces on the norm's scale (it learns the limits at the end) and maps the
    // reduced value. For the norms that are an affine map of their scale the bytes agree; for the
    // others the mean is of the data (as Matplotlib's imshow resamples data before its norm).
    std::vector<double> v(430 * 370), pos(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double h = std::fmod(static_cast<double>(i) * 0.6180339887, 1.0);
        v[i] = std::sin(static_cast<double>(i / 370) * 0.03) + 0.3 * h;
        pos[i] = std::exp(8 * h);
    }
    const Box box{10.5, 8.25, 130.3, 110.75};
    const heatmap::Colormap cmap = heatmap::colormap("viridis");
    auto differing = [&](const heatmap::Norm& given, const std::vector<double>& d, Reduce reduce) {
        const heatmap::Norm norm = heatmap::autoscaled(given, d);
        heatmap::Canvas today(150, 130, {255, 255, 255, 255}),
            scaled(150, 130, {255, 255, 255, 255});
        heatmap::draw_downsampled(
            today, 430, 370,
            [&](std::size_t r, std::size_t c) { return heatmap::normalize(norm, d[r * 370 + c]); },
            box, reduce, [&](float u) { return std::isnan(u) ? cmap.bad() : cmap(u); });
        const heatmap::ValueScale scale = heatmap::reduction_scale(norm);
        const heatmap::ReducedPixels px = heatmap::reduce_cells(
            430, 370, [&](std::size_t r, std::size_t c) { return d[r * 370 + c]; }, box, reduce,
            scale);
        heatmap::blend_image(scaled, heatmap::reduced_image(px, norm, cmap));
        int n = 0;
        for (std::size_t i = 0; i < today.image().pixels.size(); ++i)
            n += today.image().pixels[i] != scaled.image().pixels[i];
        return n;
    };
    for (Reduce reduce : {Reduce::mean, Reduce::max, Reduce::min}) {
        CHECK(differing(heatmap::Normalize{}, v, reduce) == 0);
        CHECK(differing(heatmap::CenteredNorm{0.1}, v, reduce) == 0);
        CHECK(differing(heatmap::LogNorm{}, pos, reduce) == 0);
        CHECK(differing(heatmap::SymLogNorm{0.1}, v, reduce) == 0);
    }
    CHECK(differing(heatmap::PowerNorm{0.5}, v, Reduce::mean) > 0);  // the mean of the data
    CHECK(differing(heatmap::PowerNorm{0.5}, v, Reduce::max) == 0);  // max and min commute
}

TEST_CASE("mismatched aggregates and repeated cells are refused, naming the fix") {
    const std::vector<double> v(100, 1.0);
    PixelAggregate a(10, 10, Box{0, 0, 5, 5});
    a.add(0, 5, 0, 10, v.data(), 10);
    CHECK_THROWS_WITH(a.add(4, 2, 3, 2, v.data(), 10),
                      "cannot add rows [4, 6) x columns [3, 5): cell (4, 3) is already in the "
                      "aggregate; add each cell once");
    CHECK_THROWS_WITH(a.add(8, 3, 0, 10, v.data(), 10),
                      "cannot add rows [8, 11) x columns [0, 10) to an aggregate of a 10x10 "
                      "matrix: give a non-empty block inside it");
    CHECK_THROWS_WITH(a.add(5, 1, 0, 10, v.data(), 5),
                      Catch::StartsWith("cannot add a block of 10 columns with a row stride of 5"));
    PixelAggregate b(10, 10, Box{0, 0, 5, 5});
    b.add(4, 2, 0, 10, v.data(), 10);
    CHECK_THROWS_WITH(a.merge(b),
                      "cannot merge: cell (4, 0) is in both aggregates; give each cell to one of "
                      "them");
    CHECK_THROWS_WITH(a.merge(PixelAggregate(10, 11, Box{0, 0, 5, 5})),
                      "cannot merge an aggregate of a 10x11 matrix into one of a 10x10 matrix: "
                      "both must describe the same matrix");
    CHECK_THROWS_WITH(a.merge(PixelAggregate(10, 10, Box{0, 0, 5, 5.000000001})),
                      Catch::StartsWith("cannot merge aggregates drawn into different boxes"));
    CHECK_THROWS_WITH(a.merge(PixelAggregate(10, 10, Box{0, 0, 5, 5}, heatmap::ValueScale::log())),
                      Catch::StartsWith("cannot merge aggregates reduced on different scales"));
    CHECK_THROWS_WITH(PixelAggregate(0, 3, Box{0, 0, 1, 1}),
                      "cannot downsample a 0x3 matrix: it needs at least one row and one column");
    CHECK_THROWS_WITH(PixelAggregate(1000000000, 3, Box{0, 0, 1, 1}),
                      Catch::StartsWith("cannot downsample a 1000000000x3 matrix into 1x1 "
                                        "pixels: over 10^8 cells a pixel"));
    // Nothing changed by the refusals: a is still half.
    CHECK_FALSE(a.complete());
    a.add(5, 5, 0, 10, v.data(), 10);
    CHECK(a.complete());
}

namespace {

std::string refusal(const std::vector<std::uint8_t>& bytes) {
    try {
        PixelAggregate::deserialize(bytes.data(), bytes.size());
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("bytes round-trip, pending parts included; damaged bytes are refused by field") {
    std::mt19937 rng(29);
    const Matrix m = random_matrix(rng, 130, 150, 0.1);
    const Box box{1.5, 2.5, 20.5, 30.5};
    PixelAggregate part(m.rows, m.cols, box);
    part.add(37, 50, 21, 100, m.row(37) + 21, m.cols);  // cuts row and column groups
    CHECK(part.pending_bytes() > 0);
    const std::vector<std::uint8_t> bytes = part.serialize();
    const PixelAggregate back = PixelAggregate::deserialize(bytes.data(), bytes.size());
    CHECK(back.serialize() == bytes);
    CHECK(back.range().min == part.range().min);

    CHECK(refusal({}) ==
          "aggregate bytes: 0 bytes, too short for the header (8-byte magic); "
          "pass the bytes serialize() wrote");
    std::vector<std::uint8_t> b = bytes;
    b[0] = 'X';
    CHECK(refusal(b) ==
          "aggregate bytes: the magic is not heatmap's (\\x89HMAGG\\r\\n); pass the "
          "bytes PixelAggregate::serialize() wrote");
    b = bytes;
    b[8] = 2;
    CHECK(refusal(b) ==
          "aggregate bytes: format version 2, this heatmap reads version 1; read "
          "them with the heatmap that wrote them");
    b = bytes;
    b.pop_back();
    CHECK(refusal(b) == "aggregate bytes: " + std::to_string(bytes.size() - 1) +
                            " bytes end inside the checksum (byte " +
                            std::to_string(bytes.size() - 8) +
                            "); the bytes were cut short: pass all of them");
    b = bytes;
    b[bytes.size() / 2] ^= 1;
    CHECK(refusal(b) ==
          "aggregate bytes: checksum mismatch; the bytes were changed after "
          "serialize() wrote them");
    b = bytes;
    b.push_back(0);
    CHECK(refusal(b) ==
          "aggregate bytes: 1 bytes after the checksum; pass exactly the bytes "
          "serialize() wrote");
}
