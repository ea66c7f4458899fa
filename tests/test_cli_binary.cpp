// The command on binary input (issue 18): .npy and raw binary matrices larger than the axes are
// streamed and reduced per pixel, and draw the very bytes the same matrix draws from a CSV (held
// in memory); small ones are read whole and drawn as a table is; every fault names the field or
// flag and the fix.
#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_run.hpp"

using heatmap_test::Run;
using heatmap_test::run;
using heatmap_test::slurp;
using heatmap_test::write;

namespace {

const std::string out_dir = std::string(HEATMAP_TEST_OUT) + "/cli_binary-";

// A .npy file's bytes: format 1.0, a 128-byte header.
std::string npy(const std::string& dict, const std::string& data) {
    std::string header = dict;
    header.resize(117, ' ');
    header += '\n';
    return std::string("\x93NUMPY\x01\x00\x76\x00", 10) + header + data;
}

constexpr std::size_t rows = 600, cols = 500;

// Values exact in float32 and in short decimals (k / 1024), a patch of NaN.
double value(std::size_t r, std::size_t c) {
    if (r >= 100 && r < 130 && c >= 200 && c < 260) return std::nan("");
    return static_cast<double>((r * 31 + c * 17 + (r * c) % 7) % 1000) / 1024.0;
}

// The matrix as a .npy of doubles, a CSV, and big-endian float32 behind 64 bytes of something
// else; written once.
struct Files {
    std::string npy = out_dir + "m.npy", csv = out_dir + "m.csv", raw = out_dir + "m.raw";
    Files() {
        std::string f8, csv_text, be4(64, 'x');
        char cell[40];
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = value(r, c);
                f8.append(reinterpret_cast<const char*>(&v), 8);
                const float f = static_cast<float>(v);
                std::uint32_t bits;
                std::memcpy(&bits, &f, 4);
                for (int k = 3; k >= 0; --k) be4 += static_cast<char>(bits >> (8 * k) & 0xFF);
                std::snprintf(cell, sizeof cell, "%s%.17g", c ? "," : "", v);
                csv_text += std::isnan(v) ? std::string(c ? "," : "") + "nan" : std::string(cell);
                if (c + 1 == cols) csv_text += '\n';
            }
        write(npy, ::npy("{'descr': '<f8', 'fortran_order': False, 'shape': (600, 500), }", f8));
        write(csv, csv_text);
        write(raw, be4);
    }
};

const Files& files() {
    static const Files f;
    return f;
}

}  // namespace

TEST_CASE("a .npy larger than the axes is streamed and draws the CSV's bytes") {
    const Files& f = files();
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{},
          {"--reduce", "max", "--norm", "symlog", "--linthresh", "0.1"},
          {"--threads", "1", "--cmap", "rocket", "--title", "Streamed", "--vmax", "0.5"}}) {
        std::vector<std::string> a = {f.npy, "-o", out_dir + "npy.png", "--layout-json",
                                      out_dir + "npy.json"};
        a.insert(a.end(), extra.begin(), extra.end());
        REQUIRE(run(a).status == 0);
        std::vector<std::string> b = {f.csv, "-o", out_dir + "csv.png", "--layout-json",
                                      out_dir + "csv.json"};
        b.insert(b.end(), extra.begin(), extra.end());
        REQUIRE(run(b).status == 0);
        CHECK(slurp(out_dir + "npy.png") == slurp(out_dir + "csv.png"));
        CHECK(slurp(out_dir + "npy.json") == slurp(out_dir + "csv.json"));
        CHECK(slurp(out_dir + "npy.json").find("\"downsampled\": true") != std::string::npos);
    }
    // Raw big-endian float32 from byte 64: the same values, the same figure.
    REQUIRE(run({f.raw, "--shape", "600x500", "--dtype", ">f4", "--offset", "64", "-o",
                 out_dir + "raw.png"})
                .status == 0);
    REQUIRE(run({f.npy, "-o", out_dir + "npy.png"}).status == 0);
    CHECK(slurp(out_dir + "raw.png") == slurp(out_dir + "npy.png"));
}

TEST_CASE("a small .npy is read whole and drawn as its table, annotations and all") {
    std::string f8;
    std::string text;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) {
            const double v = r * 4 + c + 0.5;
            f8.append(reinterpret_cast<const char*>(&v), 8);
            text += std::to_string(v).substr(0, 4) + (c == 3 ? "\n" : ",");
        }
    write(out_dir + "s.npy",
          npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", f8));
    write(out_dir + "s.csv", text);
    REQUIRE(run({out_dir + "s.npy", "--annot", "-o", out_dir + "s-npy.png"}).status == 0);
    REQUIRE(run({out_dir + "s.csv", "--no-header", "--no-index", "--annot", "-o",
                 out_dir + "s-csv.png"})
                .status == 0);
    CHECK(slurp(out_dir + "s-npy.png") == slurp(out_dir + "s-csv.png"));
}

TEST_CASE("binary input's faults name the field or flag and the fix") {
    const Files& f = files();
    const std::string png = out_dir + "fault.png";
    const auto fails = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"-o", png});
        const Run r = run(args);
        return std::to_string(r.status) + " " + r.err;
    };
    const std::string bad = out_dir + "bad.npy";
    write(bad, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4}", std::string(96, 0)));
    CHECK(fails({bad}) ==
          "1 heatmap: " + bad +
              ": malformed header: expected ',' or ')' in header 'shape' at character 56, found "
              "'}'; the header is not what np.save writes\n");
    write(bad, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (600, 500), }",
                   std::string(1000, 0)));
    CHECK(fails({bad}) == "1 heatmap: " + bad +
                              ": the header says 600x500 <f8 (2400000 bytes of data), but the "
                              "file holds 1000 bytes after its 128 bytes header; the file is cut "
                              "short (copy it again)\n");
    write(bad,
          npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", std::string(16, 0)));
    CHECK(fails({bad}) == "1 heatmap: " + bad +
                              ": header 'descr': complex values ('<c16') have no single colour; "
                              "save a real array, e.g. np.save(path, np.abs(a))\n");
    CHECK(fails({f.raw, "--shape", "600x501", "--dtype", ">f4", "--offset", "64"}) ==
          "1 heatmap: " + f.raw +
              ": 600x501 >f4 from byte 64 is 1202400 bytes, but the file has 1200000 bytes from "
              "there; check the shape, the dtype and the offset\n");
    CHECK(fails({f.raw, "--shape", "600x500", "--dtype", "float128"}) ==
          "2 heatmap: --dtype: the element type 'float128' is not one heatmap reads; use "
          "float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64 "
          "or bool (or NumPy's '<f8', '>i4'...) (see heatmap --help)\n");
    CHECK(fails({f.raw, "--shape", "600x500"}) ==
          "2 heatmap: raw input needs --dtype TYPE, which the file does not record; give its "
          "element type, such as --dtype float32 (see heatmap --help)\n");
    CHECK(fails({f.raw, "--shape", "600by500", "--dtype", "f4"}) ==
          "2 heatmap: --shape: '600by500' is not ROWSxCOLS; give two whole numbers above 0, such "
          "as 4096x2048 (see heatmap --help)\n");
    CHECK(fails({f.npy, "--offset", "64"}) ==
          "2 heatmap: --offset describes raw binary input, but '" + f.npy +
              "' is read as npy; drop it, or give --input-format raw (see heatmap --help)\n");
    CHECK(fails({"-", "--input-format", "npy"}) ==
          "2 heatmap: --input-format npy reads the file in blocks, not from standard input; save "
          "it to a file and name that (see heatmap --help)\n");
    CHECK(fails({f.npy, "--annot"}) ==
          "1 heatmap: --annot: " + f.npy +
              " (600x500) is drawn reduced to one value a pixel, which holds no cell's text; "
              "drop --annot, or draw a part of the matrix small enough for its cells to hold "
              "text\n");
    CHECK(fails({f.npy, "--robust"}) ==
          "1 heatmap: --robust: " + f.npy +
              " (600x500) is drawn reduced to one value a pixel, and its percentiles would need "
              "every value held; give --vmin and --vmax instead\n");
    CHECK(fails({f.npy, "--style", "seaborn"}) ==
          "1 heatmap: --style seaborn: " + f.npy +
              " (600x500) is drawn reduced to one value a pixel, and nearest (seaborn's default) "
              "shows single cells, which a reduction does not keep; give --reduce mean, max or "
              "min\n");
    CHECK(fails({f.npy, "--transpose"}) ==
          "1 heatmap: --transpose: " + f.npy +
              " (600x500) is drawn reduced to one value a pixel as it lies in the file; save it "
              "transposed (np.save(path, a.T))\n");
}
