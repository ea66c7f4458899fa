// heatmap_bench_csv: how fast the table reader parses, in this process.
//
//     heatmap_bench_csv [--rows N] [--cols N] [--repeat N] [--threads N] [--gzip FILE.gz]
//
// Makes the benchmark's 1000x1000 CSV in memory (the hashed matrix of tools/bench.py, "%.6g", no
// labels: 9.0 MB), then times read_csv on it: once per thread count from 1 to the machine's cores
// (or the one given), median and fastest of --repeat runs, MB/s of text at the fastest, and the
// process's CPU time per run (the machine is shared: the fastest run is the least disturbed). Also
// times the streaming reader in blocks of 4096 rows, the same table with row and column labels, a
// file through read_csv_file, and, given --gzip, the gzip decoder alone and a .gz file read whole.
// Output identical across thread counts is checked, not assumed.
#include <heatmap/csv.hpp>
#include <heatmap/inflate.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

namespace {

double hashed(std::uint64_t index) {
    std::uint64_t x = index + 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
}

std::string make_csv(std::size_t rows, std::size_t cols, bool labels) {
    std::string text;
    char cell[32];
    if (labels) {
        for (std::size_t c = 0; c < cols; ++c) text += ",c" + std::to_string(c);
        text += '\n';
    }
    for (std::size_t r = 0; r < rows; ++r) {
        if (labels) text += "row " + std::to_string(r) + ",";
        for (std::size_t c = 0; c < cols; ++c) {
            std::snprintf(cell, sizeof cell, "%.6g", hashed(r * cols + c));
            if (c) text += ',';
            text += cell;
        }
        text += '\n';
    }
    return text;
}

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Wall-clock times, sorted, and the median CPU time of the process (all threads) per run: on a
// machine shared with other work the CPU time says what the reader costs, the wall time what a
// user waits.
struct Times {
    std::vector<double> wall, cpu;
};

template <class F>
Times time_ms(int repeat, F&& f) {
    Times t;
    for (int i = 0; i < repeat; ++i) {
        const double c0 = cpu_ms();
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.wall.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        t.cpu.push_back(cpu_ms() - c0);
    }
    std::sort(t.wall.begin(), t.wall.end());
    std::sort(t.cpu.begin(), t.cpu.end());
    return t;
}

void report(const char* what, std::size_t bytes, const Times& t) {
    const double median = t.wall[t.wall.size() / 2];
    std::printf("%-42s %7.2f ms median, %7.2f fastest %6.0f MB/s (fastest) | cpu %7.2f ms\n", what,
                median, t.wall.front(), static_cast<double>(bytes) / 1e3 / t.wall.front(),
                t.cpu[t.cpu.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 1000, cols = 1000;
    int repeat = 21;
    unsigned only_threads = 0;
    std::string gz_path;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--rows")
            rows = std::stoul(argv[i + 1]);
        else if (a == "--cols")
            cols = std::stoul(argv[i + 1]);
        else if (a == "--repeat")
            repeat = std::stoi(argv[i + 1]);
        else if (a == "--threads")
            only_threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else if (a == "--gzip")
            gz_path = argv[i + 1];
        else {
            std::fprintf(stderr, "heatmap_bench_csv: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    const std::string text = make_csv(rows, cols, false);
    std::printf("%zux%zu CSV, %.2f MB, %u cores\n", rows, cols,
                static_cast<double>(text.size()) / 1e6, std::thread::hardware_concurrency());
    std::vector<double> reference;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned threads = only_threads ? only_threads : 1;
         threads <= (only_threads ? only_threads : cores); ++threads) {
        heatmap::CsvOptions o;
        o.threads = threads;
        heatmap::Table t;
        const Times times = time_ms(repeat, [&] { t = heatmap::read_csv(text, o); });
        if (reference.empty()) reference = t.values;
        if (t.values != reference) {
            std::fprintf(stderr, "heatmap_bench_csv: %u threads read other values\n", threads);
            return 1;
        }
        const std::string what = "read_csv, " + std::to_string(threads) + " thread(s)";
        report(what.c_str(), text.size(), times);
    }
    {
        heatmap::CsvOptions o;
        o.threads = only_threads;
        const auto times = time_ms(repeat, [&] {
            heatmap::CsvReader reader(text, o);
            heatmap::CsvRows block;
            std::size_t n = 0;
            while (reader.read(block, 4096)) n += block.rows;
            if (n != rows) std::abort();
        });
        report("CsvReader::read, blocks of 4096 rows", text.size(), times);
    }
    {
        const std::string labelled = make_csv(rows, cols, true);
        heatmap::CsvOptions o;
        o.threads = only_threads;
        const auto times = time_ms(repeat, [&] { heatmap::read_csv(labelled, o); });
        report("read_csv, row and column labels", labelled.size(), times);
    }
    {
        const std::string path = "/tmp/heatmap_bench_csv.csv";
        std::ofstream(path, std::ios::binary) << text;
        heatmap::CsvOptions o;
        o.threads = only_threads;
        const auto times = time_ms(repeat, [&] { heatmap::read_csv_file(path, o); });
        report("read_csv_file (page cache)", text.size(), times);
        std::remove(path.c_str());
    }
    if (!gz_path.empty()) {
        std::ifstream in(gz_path, std::ios::binary);
        const std::string gz((std::istreambuf_iterator<char>(in)), {});
        std::size_t out_bytes = 0;
        const auto times = time_ms(repeat, [&] {
            std::size_t pos = 0;
            heatmap::detail::GzipDecoder d(
                [&](char* buf, std::size_t n) {
                    n = std::min(n, gz.size() - pos);
                    std::memcpy(buf, gz.data() + pos, n);
                    pos += n;
                    return n;
                },
                gz_path);
            static char buf[1 << 16];
            out_bytes = 0;
            while (std::size_t n = d.read(buf, sizeof buf)) out_bytes += n;
        });
        report("GzipDecoder alone (MB/s of output)", out_bytes, times);
        const auto whole = time_ms(repeat, [&] { heatmap::read_csv_file(gz_path); });
        report("read_csv_file of the .gz (MB/s of output)", out_bytes, whole);
    }
    return 0;
}
