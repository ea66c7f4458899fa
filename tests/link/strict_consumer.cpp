// A user's unit built with the warnings users turn on (-Wall -Wextra -Wpedantic -Wshadow
// -Wconversion, as errors): every header, the library's definitions (HEATMAP_IMPLEMENTATION), and
// the templates instantiated for the element types users hold. CTest compiles it with g++ and
// clang++, C++17 and C++20 (tests/CMakeLists.txt: strict_consumer_*); it is never run.
#define HEATMAP_IMPLEMENTATION
#include <heatmap/heatmap.hpp>
#include <heatmap/aggregate.hpp>
#include <heatmap/cli.hpp>
#include <heatmap/cluster.hpp>
#include <heatmap/csv.hpp>
#include <heatmap/downsample.hpp>
#include <heatmap/font_file.hpp>
#include <heatmap/html.hpp>
#include <heatmap/npy.hpp>
#include <heatmap/stream.hpp>

#include <cstdint>
#include <string>
#include <vector>

template <class T>
std::size_t draw_every_way() {
    const std::vector<std::vector<T>> rows = {{T(1), T(2), T(3)}, {T(4), T(5), T(6)}};
    heatmap::Heatmap<T> h(rows);
    h.row_labels({"a", "b"}).col_labels({"x", "y", "z"}).cmap("viridis").annotate().title("t");
    std::size_t bytes = h.png().size() + h.svg().size() + h.pdf().size() + h.html().size();
    const std::vector<T> flat = {T(1), T(2), T(3), T(4)};
    auto v = heatmap::Heatmap<T>::view(flat.data(), 2, 2, 1, 2);
    v.annotate("{x:.1f}");
    bytes += v.png().size();
    heatmap::FigureLayout layout;
    v.render(layout);
    return bytes + layout.cells.size();
}

int main() {
    std::size_t n = draw_every_way<double>() + draw_every_way<float>() + draw_every_way<int>() +
                    draw_every_way<std::uint8_t>() + draw_every_way<std::int64_t>() +
                    draw_every_way<unsigned>() + draw_every_way<short>();
    const std::vector<double> data = {1, 2, 3, 4, 5, 7};
    const auto z = heatmap::linkage(data.data(), 3, 2, heatmap::LinkageMethod::average);
    n += heatmap::dendrogram(z).leaves.size();
    const heatmap::Box box{0, 0, 2, 1};
    n += heatmap::downsample(
             3, 2, [&](std::size_t r, std::size_t c) { return data[r * 2 + c]; }, box)
             .values.size();
    n += heatmap::reduce_cells(
             3, 2, [&](std::size_t r, std::size_t c) { return data[r * 2 + c]; }, box)
             .values.size();
    return n > 0 ? 0 : 1;
}
