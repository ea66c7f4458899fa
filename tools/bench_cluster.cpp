// Times heatmap::linkage on a matrix that tools/bench_cluster.py also gives scipy and fastcluster:
//
//     heatmap_bench_cluster MATRIX.f64 ROWS COLS METHOD [METRIC] [--threads N] [--z OUT.f64]
//
// MATRIX.f64 holds ROWS x COLS doubles, row-major, native byte order (numpy's tofile). Prints one
// line, "seconds S peak_rss_kb K", for the linkage call from the rows to Z (distances included),
// and writes Z as (ROWS - 1) x 4 doubles, scipy's layout, to OUT.f64 for the comparison.
#include <heatmap/cluster.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: heatmap_bench_cluster MATRIX.f64 ROWS COLS METHOD [METRIC] "
                     "[--threads N] [--z OUT.f64]\n";
        return 2;
    }
    const std::string path = argv[1];
    const std::size_t rows = std::strtoull(argv[2], nullptr, 10);
    const std::size_t cols = std::strtoull(argv[3], nullptr, 10);
    heatmap::LinkageOptions options;
    const heatmap::LinkageMethod method = heatmap::parse_linkage_method(argv[4]);
    std::string z_path;
    for (int i = 5; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc)
            options.threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        else if (a == "--z" && i + 1 < argc)
            z_path = argv[++i];
        else
            options.metric = heatmap::parse_metric(a);
    }
    std::vector<double> x(rows * cols);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(x.data()),
            static_cast<std::streamsize>(x.size() * sizeof(double)));
    if (!in) {
        std::cerr << "cannot read " << rows << " x " << cols << " doubles from " << path << "\n";
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::vector<heatmap::Merge> z = heatmap::linkage(x.data(), rows, cols, method, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("seconds %.6f peak_rss_kb %ld\n", seconds, usage.ru_maxrss);
    if (!z_path.empty()) {
        std::vector<double> out;
        out.reserve(z.size() * 4);
        for (const heatmap::Merge& m : z) {
            out.push_back(static_cast<double>(m.left));
            out.push_back(static_cast<double>(m.right));
            out.push_back(m.distance);
            out.push_back(static_cast<double>(m.count));
        }
        std::ofstream(z_path, std::ios::binary)
            .write(reinterpret_cast<const char*>(out.data()),
                   static_cast<std::streamsize>(out.size() * sizeof(double)));
    }
    return 0;
}
