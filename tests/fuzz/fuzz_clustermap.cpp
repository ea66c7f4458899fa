// Colour-strip files (clustermap.hpp's parse_color_strips) of any bytes, matched against labels or by
// order, then drawn in a small clustered figure: strips of exactly one colour per item, or
// invalid_input naming the file on one line; the figure the size asked for, or std::invalid_argument.
// The first byte picks the items (0-7) and whether they have labels ("r0", "r1", ...); the second,
// the rows of the matrix clustered; the rest is the file.

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <heatmap/heatmap.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t n = data[0] % 8;
    const bool labeled = data[0] & 8;
    const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
    std::vector<std::string> labels;
    for (std::size_t i = 0; labeled && i < n; ++i) labels.push_back("r" + std::to_string(i));
    std::vector<heatmap::ColorStrip> strips;
    try {
        strips = heatmap::parse_color_strips(text, labels, n, "fuzz.csv");
    } catch (const heatmap::invalid_input& e) {
        const std::string_view m = e.what();
        HEATMAP_FUZZ_REQUIRE(m.find("fuzz.csv") != std::string_view::npos);
        return 0;
    }
    HEATMAP_FUZZ_REQUIRE(!strips.empty());
    for (const heatmap::ColorStrip& s : strips) HEATMAP_FUZZ_REQUIRE(s.colors.size() == n);
    if (n < 2) return 0;
    // The strips beside n rows of a small matrix, clustered both ways.
    std::vector<double> values(n * 3);
    for (std::size_t k = 0; k < values.size(); ++k)
        values[k] = static_cast<double>((k * 7 + data[1]) % 11);
    heatmap::ClustermapOptions c;
    c.row_colors = strips;
    c.method = static_cast<heatmap::LinkageMethod>(data[1] % 7);
    auto h = heatmap::Heatmap<double>::view(values.data(), n, 3);
    h.figsize(2, 2).dpi(60).clustermap(std::move(c));
    if (labeled) h.row_labels(labels);
    try {
        const heatmap::Image image = h.render();
        HEATMAP_FUZZ_REQUIRE(image.width == 120 && image.height == 120);
    } catch (const std::invalid_argument&) {
        // too many strips for the figure: refused, naming colors_ratio
    }
    return 0;
}
