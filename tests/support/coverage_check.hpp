#pragma once
// Test support: a text bitmap held against FT2Font's (tools/make_text_refs.py writes them as binary
// PGM), and the rows that list them: coverage RMS, 0-255, both anchored at the ink box's top-left corner as Agg blits them.
// Used by tests/test_fonts_scripts.cpp and tools/font_accuracy.cpp.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <heatmap/text_raster.hpp>

namespace heatmap_test {

struct Gray {
    int width = 0, height = 0;
    std::vector<unsigned char> v;
};

inline Gray read_pgm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int maxval = 0;
    Gray g;
    in >> magic >> g.width >> g.height >> maxval;
    in.get();
    if (!in || magic != "P5" || g.width <= 0 || g.height <= 0)
        throw std::runtime_error(path + " is not a binary PGM");
    g.v.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
    in.read(reinterpret_cast<char*>(g.v.data()), static_cast<std::streamsize>(g.v.size()));
    if (!in) throw std::runtime_error(path + " is cut short");
    return g;
}

// A row of scripts.tsv: what RendererAgg measures for a text, and the file of FT2Font's bitmap
// ("-" for none).
struct ScriptRow {
    std::string script;
    double size, dpi, width, height, descent;
    std::string bitmap, text;
};

inline std::vector<ScriptRow> read_script_rows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<ScriptRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t')) f.push_back(field);
        if (f.size() != 8)
            throw std::runtime_error(path + ": a row of " + std::to_string(f.size()) + " fields");
        rows.push_back({f[0], std::stod(f[1]), std::stod(f[2]), std::stod(f[3]), std::stod(f[4]),
                        std::stod(f[5]), f[6], f[7]});
    }
    return rows;
}

// Over the larger of the two, a missing pixel counting as no coverage.
inline double coverage_rms(const Gray& ref, const heatmap::detail::TextBitmap& got) {
    const int w = std::max(ref.width, got.width), h = std::max(ref.height, got.height);
    auto at = [](const std::vector<unsigned char>& v, int width, int height, int x, int y) {
        return x < width && y < height ? int{v[static_cast<std::size_t>(y * width + x)]} : 0;
    };
    double sum = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int d =
                at(ref.v, ref.width, ref.height, x, y) - at(got.cover, got.width, got.height, x, y);
            sum += d * d;
        }
    return std::sqrt(sum / (static_cast<double>(w) * h));
}

}  // namespace heatmap_test
