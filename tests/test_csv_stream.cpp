// CSV files larger than memory (issue 18.2): a table streamed twice, once for its shape, labels and
// range and once reduced into the axes, draws the very bytes the table read whole draws, through
// the library and through the command; the command streams it with --stream (and by itself over
// 64 MiB), refuses what needs every cell, and a file that changes between the passes is refused.
// The tables are public data sets in their original files (tests/data/tables, LICENSE).
#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>

#include <cmath>
#include <cstdlib>
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

const std::string data_dir = std::string(HEATMAP_TEST_DATA) + "/tables/";
const std::string out_dir = std::string(HEATMAP_TEST_OUT) + "/csv_stream-";

bool same_bits(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

// Each table with the options that read it, and how its figure is drawn.
struct Case {
    const char* file;
    std::vector<std::string> flags;
    const char* ext;
};

const std::vector<Case> cases = {
    // Dates as row labels, the text column 'weather' left out with a note; 1,461 rows.
    {"vega-seattle-weather.csv", {"--aspect", "auto"}, ".png"},
    // gzip, 1,797 rows of 64 pixels' grey levels, seaborn's look reduced by max.
    {"sklearn-digits.csv.gz", {"--style", "seaborn", "--reduce", "max", "--cmap", "gray"}, ".html"},
    // scikit-learn's count line skipped with a note; the class column left out; 569 rows, log.
    {"sklearn-breast-cancer.csv", {"--norm", "log", "--reduce", "min"}, ".svg"},
    // scikit-learn's diabetes data, tab-separated with a header, gzip; 442 rows, PDF.
    {"sklearn-diabetes-data-raw.csv.gz", {"--reduce", "max", "--figsize", "4,3"}, ".pdf"},
};

}  // namespace

TEST_CASE("the first pass reads the table read_csv reads: shape, labels, notes and range") {
    for (const char* file :
         {"vega-seattle-weather.csv", "sklearn-digits.csv.gz", "sklearn-breast-cancer.csv",
          "r-volcano-nonames.txt", "r-airquality.tsv", "r-mtcars-csv2.csv"}) {
        INFO(file);
        const std::string path = data_dir + file;
        const heatmap::Table t = heatmap::read_csv_file(path);
        const heatmap::CsvSummary s = heatmap::summarize_csv_file(path);
        CHECK(s.rows == t.rows);
        CHECK(s.cols == t.cols);
        CHECK(s.row_labels == t.row_labels);
        CHECK(s.col_labels == t.col_labels);
        CHECK(s.index_name == t.index_name);
        CHECK(s.notes == t.notes);
        double lo = INFINITY, hi = -INFINITY, plo = INFINITY, phi = -INFINITY;
        for (double v : t.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v), hi = std::max(hi, v);
                if (v > 0) plo = std::min(plo, v), phi = std::max(phi, v);
            }
        CHECK(s.range.min == lo);
        CHECK(s.range.max == hi);
        CHECK(s.range.min_positive == plo);
        CHECK(s.range.max_positive == phi);
    }
}

TEST_CASE("the second pass reduces the table to reduce_matrix's values, bit for bit") {
    const std::string path = data_dir + "vega-seattle-weather.csv";
    const heatmap::Table t = heatmap::read_csv_file(path);
    const heatmap::CsvSummary s = heatmap::summarize_csv_file(path);
    const heatmap::Box box{10.25, 3.5, 70.75, 215.0};  // 1,461 rows into 211.5 px
    for (heatmap::Reduce how : {heatmap::Reduce::mean, heatmap::Reduce::max, heatmap::Reduce::min})
        for (heatmap::ValueScale scale : {heatmap::ValueScale{}, heatmap::ValueScale::log()}) {
            const heatmap::ReducedPixels a = heatmap::reduce_csv_file(path, s, box, how, scale);
            const heatmap::ReducedPixels b =
                heatmap::reduce_matrix(t.values.data(), t.rows, t.cols, t.cols, box, how, scale);
            REQUIRE(a.values.size() == b.values.size());
            std::size_t differ = 0;
            for (std::size_t i = 0; i < a.values.size(); ++i)
                differ += !same_bits(a.values[i], b.values[i]);
            CHECK(differ == 0);
            CHECK(a.range.min == b.range.min);
            CHECK(a.range.max == b.range.max);
            CHECK(a.range.min_positive == b.range.min_positive);
        }
}

TEST_CASE("reduce_csv_for_figure draws the pixels Heatmap draws from the table held") {
    const std::string path = data_dir + "vega-seattle-weather.csv";
    const heatmap::Table t = heatmap::read_csv_file(path);
    auto h = heatmap::Heatmap<double>::view(t.values.data(), t.rows, t.cols);
    h.row_labels(t.row_labels).col_labels(t.col_labels).cmap("magma").title("Seattle");
    const heatmap::CsvSummary s = heatmap::summarize_csv_file(path);
    int passes = 0;
    const auto m =
        heatmap::reduce_csv_for_figure(h.options(), path, s, {}, heatmap::Target::raster, &passes);
    REQUIRE(m);
    CHECK(passes == 1);  // the first pass's range is exact: the axes never move
    heatmap::FigureLayout streamed, whole;
    const heatmap::Image image = heatmap::figure_image(h.options(), *m, &streamed);
    const heatmap::Image held = h.render();
    CHECK(image.width == held.width);
    CHECK(image.pixels == held.pixels);
    whole = h.layout();
    CHECK(streamed.to_json() == whole.to_json());
    // A figure whose cells are at least a pixel is not reduced: nullopt, read it whole.
    heatmap::HeatmapOptions big = h.options();
    big.figsize = {40, 40};
    CHECK_FALSE(heatmap::reduce_csv_for_figure(big, path, s));
}

TEST_CASE("a streamed table has no cell limit; a table read whole keeps it") {
    const std::string path = data_dir + "sklearn-digits.csv.gz";
    heatmap::CsvOptions options;
    options.max_cells = 1000;
    CHECK_THROWS_WITH(heatmap::read_csv_file(path, options),
                      Catch::Contains("the data has more than 1000 cells"));
    const heatmap::CsvSummary s = heatmap::summarize_csv_file(path, options);
    CHECK(s.rows == 1797);
    CHECK(s.cols == 65);  // 64 pixels and the digit
}

TEST_CASE("a file that changes between the passes is refused, naming it") {
    const std::string path = out_dir + "changing.csv";
    write(path, "a,b\n1,2\n3,4\n5,6\n");
    const heatmap::CsvSummary s = heatmap::summarize_csv_file(path);
    const heatmap::Box box{0, 0, 1.5, 1.5};
    write(path, "a,b\n1,2\n3,4\n");
    CHECK_THROWS_WITH(heatmap::reduce_csv_file(path, s, box, heatmap::Reduce::mean),
                      path +
                          " changed while it was read: it held 3 rows and now 2; draw it once "
                          "nothing is writing to it");
    write(path, "a,b\n1,2\n3,4\n5,6\n7,8\n");
    CHECK_THROWS_WITH(heatmap::reduce_csv_file(path, s, box, heatmap::Reduce::mean),
                      path +
                          " changed while it was read: it held 3 rows and now more; draw it "
                          "once nothing is writing to it");
    write(path, "a,b,c\n1,2,3\n3,4,5\n5,6,7\n");
    CHECK_THROWS_WITH(heatmap::reduce_csv_file(path, s, box, heatmap::Reduce::mean),
                      path +
                          " changed while it was read: it held 2 columns and now 3; draw it "
                          "once nothing is writing to it");
    // An empty table fails the first pass as the whole read fails.
    write(path, "a,b\n");
    std::string whole;
    try {
        heatmap::read_csv_file(path);
    } catch (const heatmap::invalid_input& e) {
        whole = e.what();
    }
    CHECK_FALSE(whole.empty());
    CHECK_THROWS_WITH(heatmap::summarize_csv_file(path), whole);
}

TEST_CASE("--stream draws every output and layout the table read whole draws") {
    for (const Case& c : cases) {
        INFO(c.file);
        std::vector<std::string> args = {data_dir + c.file};
        args.insert(args.end(), c.flags.begin(), c.flags.end());
        std::vector<std::string> whole = args, streamed = args;
        whole.insert(whole.end(), {"-o", out_dir + "whole" + c.ext, "--layout-json",
                                   out_dir + "whole.json", "--no-fsync"});
        streamed.insert(streamed.end(), {"--stream", "-o", out_dir + "streamed" + c.ext,
                                         "--layout-json", out_dir + "streamed.json", "--no-fsync"});
        const Run a = run(whole), b = run(streamed);
        CHECK(a.status == 0);
        CHECK(b.status == 0);
        CHECK(b.err == a.err);  // the same notes
        const std::string figure = slurp(out_dir + "whole" + c.ext);
        CHECK(figure.size() > 1000);
        CHECK(slurp(out_dir + "streamed" + c.ext) == figure);
        const std::string layout = slurp(out_dir + "whole.json");
        CHECK(layout.find("\"downsampled\": true") != std::string::npos);
        CHECK(slurp(out_dir + "streamed.json") == layout);
    }
    // Notes are told once, as the whole read tells them.
    const Run r = run({data_dir + "vega-seattle-weather.csv", "--stream", "-o",
                       out_dir + "notes.png", "--no-fsync"});
    CHECK(r.err.find("'weather'") != std::string::npos);
    CHECK(r.err.find("heatmap: ") == 0);
    CHECK(r.err.find("heatmap: ", 1) == std::string::npos);
    // A table whose cells are at least a pixel is read whole, streamed or not.
    const Run small =
        run({data_dir + "r-mtcars.txt", "--stream", "-o", out_dir + "small.png", "--no-fsync"});
    CHECK(small.status == 0);
    run({data_dir + "r-mtcars.txt", "-o", out_dir + "small-whole.png", "--no-fsync"});
    CHECK(slurp(out_dir + "small.png") == slurp(out_dir + "small-whole.png"));
}

TEST_CASE("--stream is refused where it cannot stream, naming why") {
    const std::string csv = data_dir + "vega-seattle-weather.csv";
    const auto usage = [](std::vector<std::string> args, const std::string& message) {
        args.insert(args.end(), {"-o", out_dir + "x.png"});
        const Run r = run(args);
        CHECK(r.status == 2);
        CHECK(r.err == "heatmap: " + message + " (see heatmap --help)\n");
    };
    usage({data_dir + "../npy/b1_c.npy", "--stream"},
          "--stream applies to CSV input; '" + data_dir +
              "../npy/b1_c.npy' is read as npy, which is streamed whenever its figure is "
              "reduced: drop --stream");
    for (const char* flag : {"--annot", "--robust", "--transpose"})
        usage({csv, "--stream", flag},
              std::string("--stream never holds the table's cells, which ") + flag +
                  " needs; drop one of them");
    usage({csv, "--stream", "--mask", "upper"},
          "--stream never holds the table's cells, which --mask needs; drop one of them");
    usage({csv, "--stream", "--cluster", "rows"},
          "--stream never holds the table's cells, which --cluster needs; drop one of them");
    usage({csv, "--stream", "--style", "seaborn"},
          "--stream keeps one value a pixel, but --style seaborn draws each pixel's nearest cell "
          "(seaborn's default); give --reduce mean, max or min");
    usage({csv, "--stream", "--reduce", "nearest"},
          "--stream keeps one value a pixel, but --reduce nearest draws each pixel's nearest cell "
          "(seaborn's default); give --reduce mean, max or min");
}

TEST_CASE("the command streams a CSV file over 64 MiB by itself, any with --stream") {
    const std::string csv = data_dir + "r-mtcars.txt";
    const std::vector<const char*> plain = {"heatmap", csv.c_str(), "-o", "x.png"};
    CHECK(heatmap::parse_cli(4, plain.data()).stream_above == std::uintmax_t{64} << 20);
    const std::vector<const char*> streamed = {"heatmap", csv.c_str(), "--stream", "-o", "x.png"};
    CHECK(heatmap::parse_cli(5, streamed.data()).stream_above == 0);
}

TEST_CASE("a table too large to read whole names the way to stream it") {
    heatmap::CsvOptions options;
    options.max_cells = 1000;
    options.too_large_fix = "pass --stream";
    CHECK_THROWS_WITH(heatmap::read_csv_file(data_dir + "sklearn-digits.csv.gz", options),
                      Catch::EndsWith("more than can be drawn; pass --stream"));
    const std::string csv = data_dir + "r-mtcars.txt";
    const auto fix = [](std::vector<const char*> args) {
        args.insert(args.begin(), "heatmap");
        args.insert(args.end(), {"-o", "x.png"});
        return heatmap::detail::cli_too_large_fix(
            heatmap::parse_cli(static_cast<int>(args.size()), args.data()));
    };
    CHECK(fix({csv.c_str()}) == "pass --stream: the table is then read twice, never held");
    CHECK(fix({csv.c_str(), "--annot"}) ==
          "drop --annot, which needs every cell held, and the table is streamed");
    CHECK(fix({"-", "--style", "seaborn"}) ==
          "give --reduce mean, max or min (--style seaborn needs every cell held), and the table "
          "is streamed");
}

TEST_CASE("standard input is kept in a temporary file and streamed, drawing the file's bytes") {
    // With --stream at once; by itself past 64 MiB. A table whose cells are at least a pixel is
    // then read whole from the temporary file, and an unreduced one under the threshold from memory.
    for (const Case& c : cases) {
        INFO(c.file);
        std::vector<std::string> file = {data_dir + c.file}, piped = {"-", "--stream"};
        for (auto* args : {&file, &piped}) {
            args->insert(args->end(), c.flags.begin(), c.flags.end());
            args->insert(args->end(), {"-o", out_dir + (args == &file ? "file" : "piped") + c.ext,
                                       "--no-fsync"});
        }
        const Run a = run(file), b = run(piped, slurp(data_dir + c.file));
        CHECK(a.status == 0);
        CHECK(b.status == 0);
        // The same notes, naming <stdin> for the file.
        std::string expected = a.err;
        for (std::size_t at; (at = expected.find(data_dir + c.file)) != std::string::npos;)
            expected.replace(at, (data_dir + c.file).size(), "<stdin>");
        CHECK(b.err == expected);
        CHECK(slurp(out_dir + "piped" + c.ext) == slurp(out_dir + "file" + c.ext));
    }
    const std::string small = slurp(data_dir + "r-mtcars.txt");
    REQUIRE(
        run({data_dir + "r-mtcars.txt", "-o", out_dir + "small-file.png", "--no-fsync"}).status ==
        0);
    for (const std::vector<std::string>& flags :
         {std::vector<std::string>{"--stream"}, std::vector<std::string>{}}) {
        std::vector<std::string> args = {"-", "-o", out_dir + "small-piped.png", "--no-fsync"};
        args.insert(args.end(), flags.begin(), flags.end());
        CHECK(run(args, small).status == 0);
        CHECK(slurp(out_dir + "small-piped.png") == slurp(out_dir + "small-file.png"));
    }
}

TEST_CASE("standard input that cannot be kept in a temporary file is refused, naming the fix") {
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before ? before : "";
    ::setenv("TMPDIR", "/proc", 1);  // a folder no one can create a file in
    const Run r = run({"-", "--stream", "-o", out_dir + "x.png"}, slurp(data_dir + "r-mtcars.txt"));
    if (before)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    CHECK(r.status == 1);
    CHECK(r.err.rfind(
              "heatmap: cannot keep <stdin> in a temporary file in /proc to read it twice: ", 0) ==
          0);
    CHECK(r.err.find("; save the table to a file and give its name, or point TMPDIR at a folder "
                     "with room\n") != std::string::npos);
}
