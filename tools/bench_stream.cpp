// heatmap_bench_stream: matrices larger than memory, read a chunk at a time (issue 18).
//
//     heatmap_bench_stream make FILE ROWS COLS [--fortran] [--float32]
//     heatmap_bench_stream make-csv FILE ROWS COLS
//     heatmap_bench_stream reduce FILE [--threads N] [--chunk BYTES] [--out FILE.png]
//
// make writes a .npy of the benchmark's matrix (splitmix64 of each cell's row-major index, as
// bench.cpp and bench_matplotlib.py make it), a few MiB at a time; make-csv the same matrix as a
// CSV (pandas' to_csv layout: a header of column numbers, each row's number first; values with 6
// decimals, as much text as a CSV of measurements). reduce is the streaming path as
// a whole process: open the file, reduce it (heatmap::reduce_file: the mean of each pixel) into
// the tutorial figure's axes box (695x556 pixels at 160 dpi) on N threads (0: every core), map it
// through viridis with limits from the data, and encode
// the pixels as PNG (heatmap::encode_png); it prints one JSON line with the time of each step, the
// process's peak resident memory (VmHWM, everything included) and the PNG's size and FNV-1a hash,
// so that runs under different limits can be compared byte for byte. tools/bench_stream.py runs
// it against `cat FILE > /dev/null`.
#include <heatmap/png.hpp>
#include <heatmap/stream.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

// The tutorial figure's axes (tools/bench.cpp's tutorial(), layout().axes), in pixels.
constexpr heatmap::Box tutorial_axes{211.89829444444447, 40, 905.50940555555553,
                                     594.88888888888891};

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

int usage(const char* why) {
    std::fprintf(stderr,
                 "heatmap_bench_stream: %s\n"
                 "usage: heatmap_bench_stream make FILE ROWS COLS [--fortran] [--float32]\n"
                 "       heatmap_bench_stream make-csv FILE ROWS COLS\n"
                 "       heatmap_bench_stream reduce FILE [--threads N] [--chunk BYTES] "
                 "[--out FILE.png]\n",
                 why);
    return 2;
}

int make(const std::string& path, std::size_t rows, std::size_t cols, bool fortran, bool f32) {
    std::string header = std::string("{'descr': '") + (f32 ? "<f4" : "<f8") +
                         "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                         std::to_string(rows) + ", " + std::to_string(cols) + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return usage(("cannot write " + path).c_str());
    const unsigned char magic[10] = {0x93,
                                     'N',
                                     'U',
                                     'M',
                                     'P',
                                     'Y',
                                     1,
                                     0,
                                     static_cast<unsigned char>(header.size() & 0xFF),
                                     static_cast<unsigned char>(header.size() >> 8)};
    std::fwrite(magic, 1, 10, f);
    std::fwrite(header.data(), 1, header.size(), f);
    const std::size_t n = rows * cols, step = std::size_t{1} << 19;
    std::vector<double> d(step);
    std::vector<float> s(step);
    for (std::size_t k = 0; k < n; k += step) {
        const std::size_t m = std::min(step, n - k);
        for (std::size_t i = 0; i < m; ++i) {
            const std::size_t e = k + i;  // element e of the file: cell (r, c)
            const std::size_t r = fortran ? e % rows : e / cols, c = fortran ? e / rows : e % cols;
            d[i] = hashed(r * cols + c);
            s[i] = static_cast<float>(d[i]);
        }
        const bool ok =
            f32 ? std::fwrite(s.data(), 4, m, f) == m : std::fwrite(d.data(), 8, m, f) == m;
        if (!ok) {
            std::fclose(f);
            return usage(("cannot write " + path + " (disk full?)").c_str());
        }
    }
    return std::fclose(f) == 0 ? 0 : usage(("cannot write " + path).c_str());
}

int make_csv(const std::string& path, std::size_t rows, std::size_t cols) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return usage(("cannot write " + path).c_str());
    std::string text;
    for (std::size_t c = 0; c < cols; ++c) text += "," + std::to_string(c);
    text += '\n';
    char cell[32];
    for (std::size_t r = 0; r <= rows; ++r) {
        if (r == rows || text.size() > (std::size_t{4} << 20)) {
            if (std::fwrite(text.data(), 1, text.size(), f) != text.size()) {
                std::fclose(f);
                return usage(("cannot write " + path + " (disk full?)").c_str());
            }
            text.clear();
            if (r == rows) break;
        }
        text += std::to_string(r);
        for (std::size_t c = 0; c < cols; ++c) {
            const int n = std::snprintf(cell, sizeof cell, ",%.6f", hashed(r * cols + c));
            text.append(cell, static_cast<std::size_t>(n));
        }
        text += '\n';
    }
    return std::fclose(f) == 0 ? 0 : usage(("cannot write " + path).c_str());
}

double ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage("name a command and a file");
    const std::string command = argv[1], path = argv[2];
    try {
        if (command == "make") {
            if (argc < 5) return usage("make needs ROWS and COLS");
            bool fortran = false, f32 = false;
            for (int i = 5; i < argc; ++i) {
                const std::string a = argv[i];
                if (a == "--fortran")
                    fortran = true;
                else if (a == "--float32")
                    f32 = true;
                else
                    return usage(("unknown argument " + a).c_str());
            }
            return make(path, std::stoul(argv[3]), std::stoul(argv[4]), fortran, f32);
        }
        if (command == "make-csv") {
            if (argc != 5) return usage("make-csv needs ROWS and COLS");
            return make_csv(path, std::stoul(argv[3]), std::stoul(argv[4]));
        }
        if (command != "reduce") return usage(("unknown command " + command).c_str());
        heatmap::StreamOptions options;
        std::string out;
        for (int i = 3; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--threads" && i + 1 < argc)
                options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
            else if (a == "--chunk" && i + 1 < argc)
                options.chunk_bytes = std::stoul(argv[++i]);
            else if (a == "--out" && i + 1 < argc)
                out = argv[++i];
            else
                return usage(("unknown argument " + a).c_str());
        }
        using clock = std::chrono::steady_clock;
        const auto t0 = clock::now();
        const heatmap::MatrixFile file = heatmap::MatrixFile::open_npy(path);
        const auto t1 = clock::now();
        const heatmap::ReducedPixels reduced = heatmap::reduce_file(
            file, tutorial_axes, heatmap::Reduce::mean, heatmap::ValueScale::linear(), options);
        const auto t2 = clock::now();
        const heatmap::Norm norm = heatmap::autoscaled(heatmap::Normalize{}, reduced.range);
        heatmap::PlacedImage img =
            heatmap::reduced_image(reduced, norm, heatmap::colormap("viridis"), options.threads);
        const auto t3 = clock::now();
        const std::vector<std::uint8_t> png = heatmap::encode_png(std::move(img.image));
        const auto t4 = clock::now();
        if (!out.empty())
            heatmap::write_file(
                out, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        std::uint64_t fnv = 14695981039346656037ull;
        for (std::uint8_t b : png) fnv = (fnv ^ b) * 1099511628211ull;
        std::printf(
            "{\"case\": \"reduce\", \"rows\": %zu, \"cols\": %zu, \"dtype\": \"%s\", \"order\": "
            "\"%s\", \"threads\": %u, \"ms\": {\"open\": %.2f, \"reduce\": %.2f, \"image\": %.2f, "
            "\"png\": %.2f, \"total\": %.2f}, \"peak_mib\": %.1f, \"png_bytes\": %zu, "
            "\"png_fnv\": \"%016llx\"}\n",
            file.layout().rows, file.layout().cols, file.layout().dtype.name().c_str(),
            file.layout().order == heatmap::Order::c ? "C" : "F",
            heatmap::resolve_threads(options.threads), ms(t0, t1), ms(t1, t2), ms(t2, t3),
            ms(t3, t4), ms(t0, t4), static_cast<double>(status_kib("VmHWM")) / 1024.0, png.size(),
            static_cast<unsigned long long>(fnv));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "heatmap_bench_stream: %s\n", e.what());
        return 1;
    }
}
