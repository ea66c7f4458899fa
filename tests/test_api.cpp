// Issue 17.6: the API takes what users hold. A column-major matrix (Eigen's, MATLAB's, Fortran's),
// strided views, the generic constructor over any type with rows(), cols() and (r, c), masks as
// rows of bools, and every color parameter as Matplotlib spells colors. Each is held to the figure
// drawn from the plain row-major copy: the same pixels, the same layout.
#include <catch2/catch.hpp>
#include <heatmap/heatmap.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace {

// An Eigen-like matrix without Eigen: column-major storage, rows(), cols() and (r, c), with
// Eigen's signed index type.
class ColumnMajor {
  public:
    ColumnMajor(long rows, long cols) : rows_(rows), cols_(cols), data_(std::size_t(rows * cols)) {}
    long rows() const { return rows_; }
    long cols() const { return cols_; }
    double operator()(long r, long c) const { return data_[std::size_t(c * rows_ + r)]; }
    double& operator()(long r, long c) { return data_[std::size_t(c * rows_ + r)]; }
    const double* data() const { return data_.data(); }

  private:
    long rows_, cols_;
    std::vector<double> data_;
};

// A 5 x 7 matrix whose rows and columns all differ, so that any transposition or scrambling shows.
ColumnMajor sample() {
    ColumnMajor m(5, 7);
    for (long r = 0; r < 5; ++r)
        for (long c = 0; c < 7; ++c) m(r, c) = static_cast<double>(r * 10 + c) + 0.25 * (r % 2);
    return m;
}

std::vector<std::vector<double>> rows_of(const ColumnMajor& m) {
    std::vector<std::vector<double>> rows(std::size_t(m.rows()));
    for (long r = 0; r < m.rows(); ++r)
        for (long c = 0; c < m.cols(); ++c) rows[std::size_t(r)].push_back(m(r, c));
    return rows;
}

template <class H>
H& styled(H& h) {
    h.row_labels({"a", "b", "c", "d", "e"})
        .col_labels({"p", "q", "r", "s", "t", "u", "v"})
        .cmap("magma")
        .annotate(".2f");
    return h;
}

// Two figures are the same when their pixels and their layouts are.
template <class A, class B>
void check_same(const A& a, const B& b) {
    CHECK(a.layout_json() == b.layout_json());
    CHECK(a.render().pixels == b.render().pixels);
}

}  // namespace

TEST_CASE(
    "a column-major matrix through view(..., Layout::column_major) draws as its row-major copy") {
    const ColumnMajor m = sample();
    heatmap::Heatmap<double> copy(rows_of(m));
    auto view = heatmap::Heatmap<double>::view(m.data(), 5, 7, heatmap::Layout::column_major);
    check_same(styled(view), styled(copy));
    CHECK(view(1, 2) == 12.25);
    // The same view by strides: rows 1 element apart, columns 5.
    auto strided = heatmap::Heatmap<double>::view(m.data(), 5, 7, 1, 5);
    check_same(styled(strided), styled(copy));
    // Read row-major, the buffer is another matrix: the scrambling the layout tag prevents.
    auto wrong = heatmap::Heatmap<double>::view(m.data(), 5, 7);
    CHECK(styled(wrong).layout_json() != copy.layout_json());
}

TEST_CASE("the generic constructor copies any rows()/cols()/(r, c) matrix, as the manual shows") {
    const ColumnMajor m = sample();
    heatmap::Heatmap<double> generic(m);  // an Eigen::MatrixXd the same way
    heatmap::Heatmap<double> copy(rows_of(m));
    CHECK(generic.rows() == 5);
    CHECK(generic.cols() == 7);
    CHECK(generic(4, 6) == 46);
    check_same(styled(generic), styled(copy));
    // An int matrix read as doubles, and an empty one refused.
    CHECK_THROWS_WITH(heatmap::Heatmap<double>(ColumnMajor(0, 3)),
                      "empty matrix: a heatmap needs at least one row and one column");
}

TEST_CASE("strided views: every other row of a larger buffer, and rows read bottom up") {
    const std::vector<double> big = [] {
        std::vector<double> v(10 * 7);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i % 13);
        return v;
    }();
    std::vector<std::vector<double>> even, flipped;
    for (std::size_t r = 0; r < 10; r += 2)
        even.emplace_back(big.begin() + r * 7, big.begin() + r * 7 + 7);
    for (std::size_t r = 10; r-- > 0;)
        flipped.emplace_back(big.begin() + r * 7, big.begin() + r * 7 + 7);
    auto every_other = heatmap::Heatmap<double>::view(big.data(), 5, 7, 14, 1);
    heatmap::Heatmap<double> even_copy(even);
    check_same(styled(every_other), styled(even_copy));
    auto upside_down = heatmap::Heatmap<double>::view(big.data() + 9 * 7, 10, 7, -7, 1);
    heatmap::Heatmap<double> flipped_copy(flipped);
    CHECK(upside_down.render().pixels == flipped_copy.render().pixels);
    CHECK_THROWS_WITH(heatmap::Heatmap<double>::view(big.data(), 2, 7, 0, 1),
                      "row_stride is 0 for 2 rows: give the distance between rows in elements");
}

TEST_CASE("a mask as rows of bools is the flat mask") {
    const ColumnMajor m = sample();
    heatmap::Heatmap<double> a(rows_of(m)), b(rows_of(m));
    std::vector<std::vector<bool>> rows(5, std::vector<bool>(7, false));
    std::vector<bool> flat(35, false);
    for (std::size_t r = 0; r < 5; ++r)
        for (std::size_t c = r; c < 7; ++c) rows[r][c] = flat[r * 7 + c] = true;  // np.triu
    styled(a).mask(rows);
    styled(b).mask(flat);
    check_same(a, b);
    CHECK(a.layout().annotations.size() == 35 - 25);
    CHECK_THROWS_WITH(a.mask(std::vector<std::vector<bool>>(4, std::vector<bool>(7))),
                      "mask has 4 rows for 5 matrix rows: give one row of flags per row");
}

TEST_CASE("every color parameter takes Matplotlib's spellings") {
    using heatmap::Rgba;
    const ColumnMajor m = sample();
    // text_color, linecolor, facecolor: a name, a grey level, a tab: color, hex with alpha.
    const auto figure = [&](auto set) {
        heatmap::Heatmap<double> h(rows_of(m));
        styled(h).linewidths(2);
        set(h);
        return h.render().pixels;
    };
    CHECK(figure([](auto& h) { h.text_color("w"); }) == figure([](auto& h) {
              h.text_color(Rgba{255, 255, 255, 255});
          }));
    CHECK(figure([](auto& h) { h.linecolor("tab:red"); }) == figure([](auto& h) {
              h.linecolor(Rgba{0xd6, 0x27, 0x28, 255});
          }));
    CHECK(figure([](auto& h) { h.facecolor("0.15"); }) == figure([](auto& h) {
              h.facecolor(Rgba{38, 38, 38, 255});
          }));
    CHECK(figure([](auto& h) { h.linecolor("#00ff0080"); }) == figure([](auto& h) {
              h.linecolor(Rgba{0, 255, 0, 128});
          }));
    CHECK(figure([](auto& h) { h.text_color("C1"); }) == figure([](auto& h) {
              h.text_color(Rgba{0xff, 0x7f, 0x0e, 255});
          }));
    // Colormaps: under, over and bad, and maps built from a list of colors.
    const heatmap::Colormap viridis = heatmap::colormap("viridis");
    CHECK(viridis.with_bad("none").bad() == Rgba{0, 0, 0, 0});
    CHECK(viridis.with_under("k").under() == Rgba{0, 0, 0, 255});
    CHECK(viridis.with_over("xkcd:sky blue").over() == heatmap::parse_color("xkcd:sky blue"));
    CHECK(heatmap::Colormap::from_list("bw", {"w", "k"}).colors() ==
          heatmap::Colormap::from_list("bw", {Rgba{255, 255, 255, 255}, Rgba{0, 0, 0, 255}})
              .colors());
    CHECK(heatmap::Colormap::listed({"tab:blue", "0.5"}).colors() ==
          std::vector<Rgba>{{0x1f, 0x77, 0xb4, 255}, {128, 128, 128, 255}});
    // A misspelling is refused with the nearest names and the forms accepted.
    heatmap::Heatmap<double> h(rows_of(m));
    CHECK_THROWS_AS(h.text_color("whtie"), std::invalid_argument);
    try {
        h.linecolor("tab:rde");
        FAIL("accepted tab:rde");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("tab:red") != std::string::npos);
    }
}
