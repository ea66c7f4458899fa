// How text in every script measures and renders against Matplotlib: reads tests/data/text/scripts.tsv
// (tools/make_text_refs.py) and prints, per script, the largest width, height and descent
// differences (pixels), how many heights and descents are exact, and the RMS (0-255) of the coverage
// bitmap against FT2Font's.
//
//   font_accuracy tests/data/text [FALLBACK.ttf]
//
// Built with -DHEATMAP_FONT_ACCURACY_BEFORE it measures a tree from before FontSet existed (no
// fallback font), which is how the numbers before and after whole-font coverage were taken.

#include <heatmap/text_raster.hpp>

#include "../tests/support/coverage_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

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
    std::map<std::string, Stats> by_script;
    std::vector<std::string> order;
    for (const heatmap_test::ScriptRow& r : heatmap_test::read_script_rows(dir + "/scripts.tsv")) {
        const double size = r.size, dpi = r.dpi;
#ifdef HEATMAP_FONT_ACCURACY_BEFORE
        const heatmap::detail::FontInstance font(size, dpi);
#else
        const heatmap::detail::FontInstance font(fonts, size, dpi);
#endif
        const auto layout =
            heatmap::detail::layout_plain(heatmap::detail::decode_utf8(r.text), font);
        if (!by_script.count(r.script)) order.push_back(r.script);
        Stats& s = by_script[r.script];
        ++s.rows;
        s.dw = std::max(s.dw, std::abs(layout.width - r.width));
        s.dh = std::max(s.dh, std::abs(layout.height - r.height));
        s.dd = std::max(s.dd, std::abs(layout.descent - r.descent));
        s.exact_h += layout.height == r.height;
        s.exact_d += layout.descent == r.descent;
        if (r.bitmap == "-") continue;
        const double rms = heatmap_test::coverage_rms(heatmap_test::read_pgm(dir + "/" + r.bitmap),
                                                      heatmap::detail::render_line(layout, font));
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
