// heatmap_bench_deflate: deflate.hpp's zlib_compress_figure against libdeflate levels 2 and 6 on
// the files named on the command line (PNG rows after a filter, as stb hands them over):
//
//     heatmap_bench_deflate FILE... [--runs N]
//
// prints per file the bytes in, then for each compressor the zlib stream's size and the median
// milliseconds over N runs (default 21), warm: each file is compressed once before timing.
// libdeflate's compressor is made once per level, outside the timing. Our stream is checked by
// inflating it with libdeflate; without libdeflate (HEATMAP_USE_LIBDEFLATE off) only ours runs and
// is not checked.
#include <heatmap/deflate.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#if defined(HEATMAP_USE_LIBDEFLATE) && HEATMAP_USE_LIBDEFLATE
#include <libdeflate.h>
#define BENCH_LIBDEFLATE 1
#else
#define BENCH_LIBDEFLATE 0
#endif

namespace {

struct Result {
    std::size_t bytes = 0;
    double ms = 0;
};

// Median time of `runs` calls of compress, which returns the stream's size (0 on failure).
template <class Compress>
Result time_it(int runs, Compress compress) {
    Result r;
    r.bytes = compress();  // warm-up
    std::vector<double> times;
    for (int k = 0; k < runs; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        r.bytes = compress();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(times.begin(), times.end());
    r.ms = times[times.size() / 2];
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 21;
    std::vector<std::string> files;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--runs") == 0 && a + 1 < argc)
            runs = std::max(1, std::atoi(argv[++a]));
        else
            files.push_back(argv[a]);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s FILE... [--runs N]\n", argv[0]);
        return 2;
    }
    std::printf("%-28s %10s %18s %18s %18s\n", "file", "bytes in", "ours bytes/ms",
                "libdeflate2 b/ms", "libdeflate6 b/ms");
    int status = 0;
    for (const std::string& path : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read\n", path.c_str());
            return 1;
        }
        const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), {});
        const int n = static_cast<int>(data.size());
        std::vector<unsigned char> ours;
        const Result mine = time_it(runs, [&] {
            int size = 0;
            unsigned char* z = heatmap::detail::zlib_compress_figure(data.data(), n, &size, 0);
            if (!z) return std::size_t{0};
            ours.assign(z, z + size);
            std::free(z);
            return static_cast<std::size_t>(size);
        });
        const std::string name = path.substr(path.find_last_of('/') + 1);
        std::printf("%-28s %10zu %9zu %7.3f", name.c_str(), data.size(), mine.bytes, mine.ms);
#if BENCH_LIBDEFLATE
        for (const int level : {2, 6}) {
            libdeflate_compressor* c = libdeflate_alloc_compressor(level);
            std::vector<unsigned char> out(libdeflate_zlib_compress_bound(c, data.size()));
            const Result theirs = time_it(runs, [&] {
                return libdeflate_zlib_compress(c, data.data(), data.size(), out.data(),
                                                out.size());
            });
            libdeflate_free_compressor(c);
            std::printf(" %9zu %7.3f", theirs.bytes, theirs.ms);
        }
        libdeflate_decompressor* d = libdeflate_alloc_decompressor();
        std::vector<unsigned char> back(data.size() + 1);
        std::size_t back_size = 0;
        const bool ok = libdeflate_zlib_decompress(d, ours.data(), ours.size(), back.data(),
                                                   back.size(), &back_size) == LIBDEFLATE_SUCCESS &&
                        back_size == data.size() &&
                        std::equal(data.begin(), data.end(), back.begin());
        libdeflate_free_decompressor(d);
        std::printf("%s", ok ? "" : "  OUR STREAM DOES NOT INFLATE TO THE INPUT");
        if (!ok) status = 1;
#endif
        std::printf("\n");
    }
    return status;
}
