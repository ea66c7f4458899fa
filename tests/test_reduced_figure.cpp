// Figures drawn from a matrix's reduction (reduced_figure.hpp): an aggregate built from any
// blocks, merged in any order and through bytes, and a file streamed a chunk at a time, draw
// Heatmap<T>'s PNG of the same matrix to the byte; what a reduction cannot draw is refused with
// the fix.
#include <catch2/catch.hpp>
#include <heatmap/heatmap.hpp>
#include <heatmap/downsample.hpp>
#include <heatmap/npy.hpp>
#include <heatmap/png.hpp>
#include <heatmap/reduced_figure.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using heatmap::Box;
using heatmap::PixelAggregate;
using heatmap::Reduce;

namespace {

constexpr std::size_t rows = 900, cols = 700;

// Waves, noise, a patch of NaN and a few infinities (missing, as Matplotlib masks them).
std::vector<double> field(double shift = 0) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> noise(0, 0.4);
    std::vector<double> v(rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            v[r * cols + c] = std::sin(static_cast<double>(r) * 0.021) *
                                  std::cos(static_cast<double>(c) * 0.017) +
                              noise(rng) + shift;
    for (std::size_t r = 300; r < 340; ++r)
        for (std::size_t c = 100; c < 180; ++c) v[r * cols + c] = std::nan("");
    v[5 * cols + 9] = std::numeric_limits<double>::infinity();
    v[800 * cols + 600] = -std::numeric_limits<double>::infinity();
    return v;
}

heatmap::DataRange range_of(const std::vector<double>& v) {
    heatmap::DataRange r;
    r.positive_tracked = true;
    for (double x : v) {
        if (!std::isfinite(x)) continue;
        r.min = std::min(r.min, x), r.max = std::max(r.max, x);
        if (x > 0)
            r.min_positive = std::min(r.min_positive, x),
            r.max_positive = std::max(r.max_positive, x);
    }
    return r;
}

std::vector<std::uint8_t> png_of(const heatmap::HeatmapOptions& o, const PixelAggregate& agg) {
    return heatmap::encode_png(
        heatmap::figure_image(o, heatmap::reduced_matrix(agg, o.reduce.value_or(Reduce::mean))));
}

// Cuts [0, n) at k random places.
std::vector<std::size_t> cuts(std::mt19937& rng, std::size_t n, std::size_t k) {
    std::vector<std::size_t> at = {0, n};
    std::uniform_int_distribution<std::size_t> pick(1, n - 1);
    for (std::size_t i = 0; i < k; ++i) at.push_back(pick(rng));
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    return at;
}

// A .npy in memory: format 1.0, the given descr, C or Fortran order.
template <class T>
std::vector<std::uint8_t> npy_bytes(const std::vector<T>& v, const char* descr, bool fortran) {
    std::string header = std::string("{'descr': '") + descr +
                         "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                         std::to_string(rows) + ", " + std::to_string(cols) + "), }";
    header.resize(128 - 11, ' ');
    header += '\n';
    const std::string head = std::string("\x93NUMPY\x01\x00\x76\x00", 10) + header;
    std::vector<std::uint8_t> out(head.size() + v.size() * sizeof(T));
    std::memcpy(out.data(), head.data(), head.size());
    for (std::size_t k = 0; k < v.size(); ++k) {
        const std::size_t at = fortran ? (k % rows) * cols + k / rows : k;  // element k's cell
        std::memcpy(out.data() + head.size() + k * sizeof(T), &v[at], sizeof(T));
    }
    return out;
}

}  // namespace

TEST_CASE("a merged aggregate draws Heatmap<T>'s PNG to the byte, whatever the blocks") {
    const std::vector<double> v = field();
    auto h = heatmap::Heatmap<double>::view(v.data(), rows, cols);
    h.title("Waves").cmap("magma").colorbar_label("value");
    SECTION("mean") {}
    SECTION("max, on a LogNorm") {
        h.reduce(Reduce::max).norm(heatmap::LogNorm{});
    }
    SECTION("min, on a PowerNorm (the mean of the data, as imshow resamples before its norm)") {
        h.reduce(Reduce::min).norm(heatmap::PowerNorm{0.5});
    }
    const heatmap::HeatmapOptions& o = h.options();
    const std::vector<std::uint8_t> expected = heatmap::encode_png(h.render());
    REQUIRE(h.layout().downsampled);

    const Box axes = heatmap::figure_axes_box(o, rows, cols, range_of(v));
    CHECK(axes.x0 == h.layout().axes.x0);
    CHECK(axes.y1 == h.layout().axes.y1);
    const heatmap::ValueScale scale = heatmap::reduction_scale(o.norm);

    // One pass.
    PixelAggregate one(rows, cols, axes, scale);
    one.add_rows(0, rows, v.data());
    CHECK(png_of(o, one) == expected);

    std::mt19937 rng(11);
    for (int round = 0; round < 3; ++round) {
        // Blocks of rows, each its own aggregate (a rank's), merged last to first.
        const auto at = cuts(rng, rows, 4);
        std::vector<PixelAggregate> parts;
        for (std::size_t i = 0; i + 1 < at.size(); ++i) {
            parts.emplace_back(rows, cols, axes, scale);
            parts.back().add_rows(at[i], at[i + 1] - at[i], v.data() + at[i] * cols);
        }
        PixelAggregate merged = parts.back();
        for (std::size_t i = parts.size() - 1; i-- > 0;) merged.merge(parts[i]);
        CHECK(png_of(o, merged) == expected);

        // Tiles, through bytes, merged in a shuffled order.
        const auto rs = cuts(rng, rows, 2), cs = cuts(rng, cols, 2);
        std::vector<std::vector<std::uint8_t>> sent;
        for (std::size_t i = 0; i + 1 < rs.size(); ++i)
            for (std::size_t j = 0; j + 1 < cs.size(); ++j) {
                PixelAggregate tile(rows, cols, axes, scale);
                tile.add(rs[i], rs[i + 1] - rs[i], cs[j], cs[j + 1] - cs[j],
                         v.data() + rs[i] * cols + cs[j], cols);
                sent.push_back(tile.serialize());
            }
        std::shuffle(sent.begin(), sent.end(), rng);
        PixelAggregate received = PixelAggregate::deserialize(sent[0].data(), sent[0].size());
        for (std::size_t i = 1; i < sent.size(); ++i)
            received.merge(PixelAggregate::deserialize(sent[i].data(), sent[i].size()));
        CHECK(png_of(o, received) == expected);
    }
}

TEST_CASE("a narrow matrix (under 256 columns, several rows a read) draws Heatmap<T>'s PNG") {
    // 3,000 x 7: Heatmap<T> and reduce_cells read several rows at a time; each once handed back
    // the first of them for all, drawing one row in every 64.
    const std::size_t n = 3000, m = 7;
    std::vector<double> v(n * m);
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = std::sin(static_cast<double>(i) * 0.37) + static_cast<double>(i % 13) * 0.1;
    auto h = heatmap::Heatmap<double>::view(v.data(), n, m);
    const heatmap::HeatmapOptions& o = h.options();
    REQUIRE(h.layout().downsampled);
    heatmap::DataRange range;
    for (double x : v) range.add(x);
    PixelAggregate agg(n, m, heatmap::figure_axes_box(o, n, m, range),
                       heatmap::reduction_scale(o.norm));
    agg.add_rows(0, n, v.data());
    CHECK(png_of(o, agg) == heatmap::encode_png(h.render()));
    // And reduce_cells, reading through a callable a row at a time as Heatmap<T> does.
    const Box box{3.3, 2.2, 40.7, 300.1};
    const heatmap::ReducedPixels cells = heatmap::reduce_cells(
        n, m, [&](std::size_t r, std::size_t c) { return v[r * m + c]; }, box);
    const heatmap::ReducedPixels matrix =
        heatmap::reduce_matrix(v.data(), n, m, m, box, Reduce::mean);
    CHECK(cells.values == matrix.values);
}

TEST_CASE("a file streamed for its figure draws Heatmap<T>'s PNG, in one pass or two") {
    SECTION("float32, C and Fortran order, against Heatmap<float>") {
        const std::vector<double> d = field();
        const std::vector<float> f(d.begin(), d.end());
        auto h = heatmap::Heatmap<float>::view(f.data(), rows, cols);
        const std::vector<std::uint8_t> expected = heatmap::encode_png(h.render());
        for (bool fortran : {false, true}) {
            const std::vector<std::uint8_t> bytes = npy_bytes(f, "<f4", fortran);
            const auto file =
                heatmap::MatrixFile::npy_in_memory(bytes.data(), bytes.size(), "f.npy");
            int passes = 0;
            heatmap::StreamOptions stream;
            stream.threads = 2, stream.chunk_bytes = 40000;
            const auto m = heatmap::reduce_file_for_figure(
                h.options(), file, heatmap::Target::raster, stream, &passes);
            REQUIRE(m);
            CHECK(passes == 1);
            CHECK(heatmap::encode_png(heatmap::figure_image(h.options(), *m)) == expected);
        }
    }
    SECTION("an extreme value no sampled row holds moves the axes: read again") {
        std::vector<double> d = field();
        d[3 * cols + 5] = 123456.789;  // wider colorbar labels
        auto h = heatmap::Heatmap<double>::view(d.data(), rows, cols);
        const std::vector<std::uint8_t> bytes = npy_bytes(d, "<f8", false);
        const auto file = heatmap::MatrixFile::npy_in_memory(bytes.data(), bytes.size(), "d.npy");
        int passes = 0;
        const auto m = heatmap::reduce_file_for_figure(h.options(), file, heatmap::Target::raster,
                                                       {}, &passes);
        REQUIRE(m);
        CHECK(passes == 2);
        CHECK(heatmap::encode_png(heatmap::figure_image(h.options(), *m)) ==
              heatmap::encode_png(h.render()));
        // The SVG's axes are measured unhinted: its own box, its own bytes.
        const auto s = heatmap::reduce_file_for_figure(h.options(), file, heatmap::Target::svg);
        REQUIRE(s);
        CHECK(heatmap::figure_svg(h.options(), *s) == h.svg());
    }
    SECTION("cells of at least a pixel are not reduced: nullopt, read the file whole") {
        const std::vector<double> d = {1, 2, 3, 4, 5, 6};
        std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        header.resize(117, ' ');
        header += '\n';
        const std::string head = std::string("\x93NUMPY\x01\x00\x76\x00", 10) + header;
        std::vector<std::uint8_t> bytes(head.size() + 48);
        std::memcpy(bytes.data(), head.data(), head.size());
        std::memcpy(bytes.data() + head.size(), d.data(), 48);
        const auto file = heatmap::MatrixFile::npy_in_memory(bytes.data(), bytes.size(), "s.npy");
        CHECK_FALSE(heatmap::reduce_file_for_figure(heatmap::HeatmapOptions{}, file));
    }
}

TEST_CASE("what a reduction cannot draw is refused, naming the fix") {
    const std::vector<double> v = field();
    const heatmap::DataRange range = range_of(v);
    heatmap::HeatmapOptions o;
    const Box axes = heatmap::figure_axes_box(o, rows, cols, range);
    PixelAggregate half(rows, cols, axes);
    half.add_rows(0, 450, v.data());
    CHECK_THROWS_WITH(heatmap::reduced_matrix(half),
                      "the aggregate lacks cells of its 900x700 matrix: add or merge every block "
                      "before drawing it (a block never added draws as missing data)");
    half.add_rows(450, 450, v.data() + 450 * cols);
    const heatmap::ReducedMatrix m = heatmap::reduced_matrix(half);

    heatmap::HeatmapOptions annotated = o;
    annotated.annotate = true;
    CHECK_THROWS_WITH(heatmap::figure_image(annotated, m),
                      "annotations need each cell's value, which a reduced matrix does not keep: "
                      "leave annotations off, or draw the matrix itself at a size where its cells "
                      "hold text");
    heatmap::HeatmapOptions robust = o;
    robust.robust = true;
    CHECK_THROWS_WITH(heatmap::figure_image(robust, m),
                      "robust limits are percentiles of every value, which a reduced matrix does "
                      "not keep: give vmin and vmax");
    heatmap::HeatmapOptions seaborn = o;
    seaborn.style = heatmap::Style::seaborn;
    CHECK_THROWS_WITH(heatmap::figure_image(seaborn, m),
                      Catch::StartsWith("Reduce::nearest shows single cells, which a reduced "
                                        "matrix does not keep: reduce with mean, max or min"));
    heatmap::HeatmapOptions titled = o;
    titled.title = "Another layout";
    CHECK_THROWS_WITH(heatmap::figure_image(titled, m),
                      Catch::StartsWith("the pixels were reduced into the box [") &&
                          Catch::EndsWith("]: reduce into heatmap::figure_axes_box() of the same "
                                          "options and data range"));
    heatmap::HeatmapOptions logged = o;
    logged.norm = heatmap::LogNorm{0.1, 2.0};
    CHECK_THROWS_WITH(heatmap::figure_image(logged, m),
                      "the pixels were reduced on another scale than this figure's norm maps: "
                      "reduce on heatmap::reduction_scale(norm)");

    const std::vector<double> small(20 * 30, 1.0);
    PixelAggregate few(20, 30, heatmap::figure_axes_box(o, 20, 30, range));
    few.add_rows(0, 20, small.data());
    CHECK_THROWS_WITH(heatmap::figure_image(o, heatmap::reduced_matrix(few)),
                      "a 20x30 matrix has cells of at least a pixel in this figure's axes, which "
                      "are drawn one by one: draw the matrix itself (Heatmap<T>), not its "
                      "reduction");
}
