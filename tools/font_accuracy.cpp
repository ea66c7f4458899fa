// How text in every script measures and renders against Matplotlib: reads tests/data/text/scripts.tsv
// (tools/make_text_refs.py) and prints, per script, the largest width, height and descent
// differences (pixels), how many heights and descents are exact, and the RMS (0-255) of the coverage
// bitmap against FT2Font's.
//
//   font_accuracy tests/data/text [FALLBACK.ttf]
//
// Built with -DHEATMAP_FONT_ACCURACY_BEFORE it measures a tree from before FontSet existed (no
// fallback font), which is how the numbers before and after whole-font coverage were taken.

#include <heatmap/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Gray {
    int width = 0, height = 0;
    std::vector<unsigned char> v;
};

Gray read_pgm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int maxval = 0;
    Gray g;
    in >> magic >> g.width >> g.height >> maxval;
    in.get();
    g.v.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
    in.read(reinterpret_cast<char*>(g.v.data()), static_cast<std::streamsize>(g.v.size()));
    return g;
}

struct Stats {
    int rows = 0, exact_h = 0, exact_d = 0, bitmaps = 0;
    double dw = 0, dh = 0, dd = 0, rms_sum = 0, rms_max = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: font_accuracy DATA_DIR [FALLBACK.ttf]\n");
        return 2;
    }
    const std::string dir = argv[1];
#ifndef HEATMAP_FONT_ACCURACY_BEFORE
    heatmap::FontSet fonts;
    if (argc > 2) fonts = fonts.with_fallback(argv[2]);
#endif
    std::ifstream in(dir + "/scripts.tsv");
    std::map<std::string, Stats> by_script;
    std::vector<std::string> order;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t')) f.push_back(field);
        if (f.size() < 8) continue;
        const double size = std::stod(f[1]), dpi = std::stod(f[2]);
#ifdef HEATMAP_FONT_ACCURACY_BEFORE
        const heatmap::detail::FontInstance font(size, dpi);
#else
        const heatmap::detail::FontInstance font(fonts, size, dpi);
#endif
        const auto layout = heatmap::detail::layout_plain(heatmap::detail::decode_utf8(f[7]), font);
        if (!by_script.count(f[0])) order.push_back(f[0]);
        Stats& s = by_script[f[0]];
        ++s.rows;
        s.dw = std::max(s.dw, std::abs(layout.width - std::stod(f[3])));
        s.dh = std::max(s.dh, std::abs(layout.height - std::stod(f[4])));
        s.dd = std::max(s.dd, std::abs(layout.descent - std::stod(f[5])));
        s.exact_h += layout.height == std::stod(f[4]);
        s.exact_d += layout.descent == std::stod(f[5]);
        if (f[6] == "-") continue;
        const Gray ref = read_pgm(dir + "/" + f[6]);
        const heatmap::detail::TextBitmap got = heatmap::detail::render_line(layout, font);
        const int w = std::max(ref.width, got.width), h = std::max(ref.height, got.height);
        double sum = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int a = x < ref.width && y < ref.height
                                  ? ref.v[static_cast<std::size_t>(y * ref.width + x)]
                                  : 0;
                const int b = x < got.width && y < got.height
                                  ? got.cover[static_cast<std::size_t>(y * got.width + x)]
                                  : 0;
                sum += (a - b) * (a - b);
            }
        const double rms = std::sqrt(sum / (w * h));
        ++s.bitmaps;
        s.rms_sum += rms;
        s.rms_max = std::max(s.rms_max, rms);
    }
    std::printf("%-11s %5s %8s %8s %8s %8s %8s %9s %9s\n", "script", "rows", "max |dw|", "max |dh|",
                "max |dd|", "h exact", "d exact", "RMS mean", "RMS max");
    for (const std::string& name : order) {
        const Stats& s = by_script[name];
        std::printf("%-11s %5d %8.3f %8.3f %8.3f %5d/%-2d %5d/%-2d %9.2f %9.2f\n", name.c_str(),
                    s.rows, s.dw, s.dh, s.dd, s.exact_h, s.rows, s.exact_d, s.rows,
                    s.bitmaps ? s.rms_sum / s.bitmaps : 0.0, s.rms_max);
    }
    return 0;
}
