// heatmap_bench: the benchmark's cases drawn by heatmap::Heatmap, timed in this process.
//
//     heatmap_bench CASE [--repeat N] [--out FILE.png]
//
// prints one JSON line: {"case", "times_ms": [one per repeat], "png_bytes", "peak_mib", "backend"},
// the same shape as tools/bench_matplotlib.py, which draws the same figures with Matplotlib;
// tools/bench.py runs both in turns and prints the table (tools/run_bench.sh builds and runs
// everything). Cases:
//   tutorial-render  the tutorial figure built and rendered to RGBA pixels
//   tutorial-encode  those pixels encoded as PNG (handed over, as png() does)
//   tutorial-total   built, rendered and encoded
//   tutorial-svg     built and written as an SVG document (png_bytes: its size)
//   tutorial-pdf     built and written as a PDF file
//   annot-N          an N x N integer matrix, every cell annotated ("d"), labels 0..N-1, 6.4x4.8 in
//   at 100 dpi plain-M          an M x M matrix of doubles viewed without a copy, no annotation,
//   8x6 in at 100 dpi
//   labels-N         an N x 3 matrix of doubles with N row labels "row0".."row<N-1>", 6.4x4.8 in
//   at 100 dpi (issue 20.8: more labels than pixels, thinned before any is measured)
// Matrices come from a splitmix64 hash of each cell's row-major index, as in bench_matplotlib.py.
// peak_mib: peak resident memory (VmHWM) minus resident memory before the matrix was made.
// Built three times by tools/CMakeLists.txt: heatmap_bench compresses as the library is configured
// (libdeflate when found), heatmap_bench_builtin with png.hpp's own deflate, heatmap_bench_stb with
// stb's, so every PNG path can be reported; "backend" says which.
#include <heatmap/downsample.hpp>
#include <heatmap/heatmap.hpp>

#include <algorithm>
#include <utility>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// A line such as "VmHWM:  123456 kB" of /proc/self/status, in KiB (0 where there is no /proc).
long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
            return std::stol(line.substr(n + 1));
    return 0;
}

double hashed(std::uint64_t index) {
    std::uint64_t x = index + 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
}

heatmap::Heatmap<int> tutorial() {
    heatmap::Heatmap<int> h(
        {{42, 35, 29, 21, 18}, {55, 48, 40, 32, 24}, {38, 44, 51, 46, 39}, {26, 31, 37, 43, 49}});
    h.row_labels({"Platform", "Security", "Billing", "Support"})
        .col_labels({"Mon", "Tue", "Wed", "Thu", "Fri"})
        .cmap("magma")
        .vmin(15)
        .vmax(60)
        .title("Open support tickets by team")
        .xlabel("Day")
        .ylabel("Team")
        .colorbar_label("Open tickets")
        .annotate("d")
        .text_threshold(0.45)
        .figsize(6.6, 4.2)
        .dpi(160);
    return h;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int usage(const char* why) {
    std::fprintf(
        stderr,
        "heatmap_bench: %s\nusage: heatmap_bench CASE [--repeat N] [--out FILE.png]\n"
        "cases: tutorial-render tutorial-encode tutorial-total tutorial-svg tutorial-pdf annot-N "
        "plain-M cells-M labels-N\n",
        why);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage("name a case");
    const std::string name = argv[1];
    int repeat = 5;
    std::string out;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--repeat" && i + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++i]));
        } else if (a == "--out" && i + 1 < argc) {
            out = argv[++i];
        } else {
            return usage(("unknown argument " + a).c_str());
        }
    }

    const long baseline = status_kib("VmRSS");
    std::vector<double> times;
    std::vector<std::uint8_t> png;
    try {
        using clock = std::chrono::steady_clock;
        if (name == "tutorial-render" || name == "tutorial-encode" || name == "tutorial-total") {
            const heatmap::Image image = tutorial().render();
            for (int i = 0; i <= repeat; ++i) {  // round 0 warms caches and is not counted
                // Encoding takes a copy made before the clock starts, as png() and save_png() hand
                // over the image they rendered (the path that lends its buffer to stb).
                heatmap::Image copy = name == "tutorial-encode" ? image : heatmap::Image{};
                const auto t0 = clock::now();
                if (name == "tutorial-render") {
                    const heatmap::Image img = tutorial().render();
                    if (img.width != image.width) return 1;
                } else if (name == "tutorial-encode") {
                    png = heatmap::encode_png(std::move(copy));
                } else {
                    png = tutorial().png();
                }
                if (i > 0) times.push_back(ms_since(t0));
            }
            if (png.empty()) png = heatmap::encode_png(image);
        } else if (name == "tutorial-svg" || name == "tutorial-pdf") {
            for (int i = 0; i <= repeat; ++i) {
                const auto t0 = clock::now();
                if (name == "tutorial-svg") {
                    const std::string svg = tutorial().svg();
                    png.assign(svg.begin(), svg.end());
                } else {
                    png = tutorial().pdf();
                }
                if (i > 0) times.push_back(ms_since(t0));
            }
        } else if (name.rfind("annot-", 0) == 0 || name.rfind("plain-", 0) == 0) {
            const std::size_t n = std::stoul(name.substr(6));
            const bool annotated = name[0] == 'a';
            if (annotated) {
                std::vector<int> values(n * n);
                for (std::size_t i = 0; i < values.size(); ++i)
                    values[i] = static_cast<int>(hashed(i) * 100);
                for (int i = 0; i < repeat; ++i) {
                    const auto t0 = clock::now();
                    heatmap::Heatmap<int> h(values.data(), n, n);
                    png = h.annotate("d").png();
                    times.push_back(ms_since(t0));
                }
            } else {
                std::vector<double> values(n * n);
                for (std::size_t i = 0; i < values.size(); ++i) values[i] = hashed(i);
                for (int i = 0; i < repeat; ++i) {
                    const auto t0 = clock::now();
                    auto h = heatmap::Heatmap<double>::view(values.data(), n, n);
                    png = h.figsize(8, 6).dpi(100).png();
                    times.push_back(ms_since(t0));
                }
            }
        } else if (name.rfind("labels-", 0) == 0) {
            const std::size_t n = std::stoul(name.substr(7));
            std::vector<double> values(n * 3);
            for (std::size_t i = 0; i < values.size(); ++i) values[i] = hashed(i);
            std::vector<std::string> labels(n);
            for (std::size_t i = 0; i < n; ++i) labels[i] = "row" + std::to_string(i);
            for (int i = 0; i < repeat; ++i) {
                const auto t0 = clock::now();
                auto h = heatmap::Heatmap<double>::view(values.data(), n, 3);
                png = h.row_labels(labels).png();
                times.push_back(ms_since(t0));
            }
        } else if (name.rfind("cells-", 0) == 0) {
            // The cell pass alone for a matrix larger than the axes: downsampled (mean) into an
            // axes-sized box of the 8x6 in figure and colored through viridis, what Heatmap's cells
            // cost at the floor.
            const std::size_t n = std::stoul(name.substr(6));
            std::vector<double> values(n * n);
            for (std::size_t i = 0; i < values.size(); ++i) values[i] = hashed(i);
            const heatmap::Colormap viridis = heatmap::colormap("viridis");
            heatmap::Image image;
            for (int i = 0; i < repeat; ++i) {
                const auto t0 = clock::now();
                heatmap::Canvas canvas(800, 600, {255, 255, 255, 255});
                heatmap::draw_downsampled(
                    canvas, n, n, [&](std::size_t r, std::size_t c) { return values[r * n + c]; },
                    heatmap::Box{100.5, 58.25, 620.5, 528.75}, heatmap::Reduce::mean,
                    [&](float v) { return viridis(v); });
                times.push_back(ms_since(t0));
                image = std::move(canvas).take();
            }
            png = heatmap::encode_png(image);
        } else {
            return usage(("unknown case " + name).c_str());
        }
        if (!out.empty())
            heatmap::write_file(
                out, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "heatmap_bench %s: %s\n", name.c_str(), e.what());
        return 1;
    }
    const double peak_mib = static_cast<double>(status_kib("VmHWM") - baseline) / 1024.0;
    std::printf("{\"case\": \"%s\", \"times_ms\": [", name.c_str());
    for (std::size_t i = 0; i < times.size(); ++i) std::printf("%s%.4f", i ? ", " : "", times[i]);
    std::printf("], \"png_bytes\": %zu, \"peak_mib\": %.1f, \"backend\": \"%s\"}\n", png.size(),
                peak_mib, std::string(heatmap::png_backend()).c_str());
    return 0;
}
