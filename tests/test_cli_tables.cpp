// The command's table flags (--delimiter space, --decimal, --skip, --comment, --columns, --drop,
// --threads) and what it says about tables: each checked through run_cli in-process on the
// layout JSON it prints (the labels it drew, so the table it read) and its standard error, not on
// pixels. The tables are tests/data/tables' (tools/make_table_refs.py).
#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
    int status = -1;
    std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), "heatmap");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    Run r;
    r.status = heatmap::run_cli(static_cast<int>(args.size()), argv.data(), in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const std::string tables = std::string(HEATMAP_TEST_DATA) + "/tables/";

// The labels the figure drew along one axis ("xticklabels" or "yticklabels"), from the layout JSON,
// whose line for them reads "key": [["text", [box]], ...].
std::vector<std::string> labels(const std::string& json, const std::string& key) {
    std::vector<std::string> out;
    const std::size_t at = json.find("\"" + key + "\": ");
    if (at == std::string::npos) return out;
    const std::string line = json.substr(at, json.find('\n', at) - at);
    for (std::size_t p = line.find("[\""); p != std::string::npos; p = line.find("[\"", p)) {
        p += 2;
        out.push_back(line.substr(p, line.find('"', p) - p));
    }
    return out;
}

// Runs the command to the layout JSON only (no PNG): what was read, as drawn.
Run layout(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.end(), {"--layout-json", "-"});
    return run(std::move(args), stdin_text);
}

std::vector<std::string> strings(std::initializer_list<const char*> list) {
    return std::vector<std::string>(list.begin(), list.end());
}

}  // namespace

TEST_CASE("the new flags parse, and refuse what cannot be obeyed") {
    const auto parse = [](std::vector<std::string> args) {
        args.insert(args.begin(), "heatmap");
        std::vector<const char*> argv;
        for (const auto& a : args) argv.push_back(a.c_str());
        return heatmap::parse_cli(static_cast<int>(argv.size()), argv.data());
    };
    const heatmap::CliOptions o =
        parse({"in.csv", "-o", "o.png", "--delimiter", "space", "--decimal", ",", "--skip", "2",
               "--comment", "#", "--columns", "a,b", "--columns", "c,d", "--threads", "3"});
    CHECK(o.csv.delimiter == ' ');
    CHECK(o.csv.decimal == ',');
    CHECK(o.csv.skip == 2);
    CHECK(o.csv.comment == '#');
    CHECK(o.csv.columns == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(o.csv.threads == 3);
    CHECK(parse({"in.csv", "-o", "o.png", "--drop=weather,3"}).csv.drop ==
          strings({"weather", "3"}));
    CHECK(parse({"in.csv", "-o", "o.png"}).csv.threads == 0);  // every core

    const auto usage = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"in.csv", "-o", "o.png"});
        try {
            parse(args);
        } catch (const heatmap::usage_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string see = " (see heatmap --help)";
    CHECK(usage({"--decimal", ";"}) == "heatmap: --decimal: ';' is not '.' or ','" + see);
    CHECK(usage({"--skip", "-1"}) ==
          "heatmap: --skip: '-1' is not a whole number; give one such as 1" + see);
    CHECK(usage({"--threads", "0"}) ==
          "heatmap: --threads: '0' is not a whole number from 1 to 1024; give one such as 2" + see);
    CHECK(usage({"--comment", "##"}) ==
          "heatmap: --comment: '##' is not one character; give the character comment lines start "
          "with, such as '#'" +
              see);
    CHECK(usage({"--columns", "a,,b"}) ==
          "heatmap: --columns: 'a,,b' names an empty column; give labels or indices separated by "
          "','" +
              see);
    CHECK(usage({"--columns", "a", "--drop", "b"}) ==
          "heatmap: --columns names the columns drawn, so --drop has nothing to do; give one of "
          "them" +
              see);
    CHECK(usage({"--decimal", ",", "--delimiter", ","}) ==
          "heatmap: --decimal , needs a delimiter other than ','; give --delimiter ';' "
          "(write.csv2's)" +
              see);
    // Numeric options read numbers as Python's float() does.
    CHECK(parse({"in.csv", "-o", "o.png", "--vmin", " 1e-3 "}).vmin == 0.001);
}

TEST_CASE("--help says what is guessed and lists the table flags") {
    const Run r = run({"--help"});
    CHECK(r.status == 0);
    CHECK(r.out.find("(default: guessed among tab, ';', ',' and spaces; tab for *.tsv)") !=
          std::string::npos);
    for (const char* flag : {"--decimal C", "--skip N", "--comment C", "--columns A,B,...",
                             "--drop A,B,...", "--threads N"})
        CHECK(r.out.find(flag) != std::string::npos);
    CHECK(r.out.find("default ','") == std::string::npos);
}

TEST_CASE("R's files draw with their row names and column names, with no flag") {
    Run r = layout({tables + "r-usjudgeratings.txt"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const auto rows = labels(r.out, "yticklabels");
    REQUIRE(!rows.empty());
    CHECK(rows.front() == "AARONSON,L.H.");
    CHECK(labels(r.out, "xticklabels").front() == "CONT");
    r = layout({tables + "r-mtcars-csv2.csv"});
    REQUIRE(r.status == 0);
    CHECK(labels(r.out, "xticklabels") ==
          strings({"mpg", "cyl", "disp", "hp", "drat", "wt", "qsec", "vs", "am", "gear", "carb"}));
    // gzip, read directly.
    CHECK(layout({tables + "r-mtcars.txt.gz"}).out == r.out);
    // gzip on standard input too.
    std::ifstream gz(tables + "r-mtcars.txt.gz", std::ios::binary);
    const std::string gz_bytes((std::istreambuf_iterator<char>(gz)), {});
    CHECK(layout({"-"}, gz_bytes).out == r.out);
    // And the same table on standard input.
    std::ifstream in(tables + "r-mtcars.txt", std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(layout({"-"}, text).out == layout({tables + "r-mtcars.txt"}).out);
}

TEST_CASE(
    "a text column is left out with one line on standard error; --columns and --drop choose") {
    const std::string weather = tables + "vega-seattle-weather.csv";
    Run r = layout({weather});
    REQUIRE(r.status == 0);
    CHECK(r.err == "heatmap: " + weather +
                       ": left out column 'weather', which holds text, not numbers (--columns or "
                       "--drop choose the columns)\n");
    CHECK(labels(r.out, "xticklabels") ==
          strings({"precipitation", "temp_max", "temp_min", "wind"}));
    r = layout({weather, "--drop", "weather,precipitation"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(labels(r.out, "xticklabels") == strings({"temp_max", "temp_min", "wind"}));
    r = layout({weather, "--columns", "wind,1"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(labels(r.out, "xticklabels") == strings({"wind", "temp_max"}));
    r = layout({weather, "--columns", "weather"});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: " + weather +
                       ":2:29: \"drizzle\" is not a number; write a number such as 1.5, or leave "
                       "the cell empty (or NA) for a missing value; column 'weather' holds text: "
                       "leave it out of --columns\n");
}

TEST_CASE("--skip and --comment read what comes after them; a count line is skipped with a note") {
    const std::string numpy = tables + "numpy-digits-header.csv";
    Run r = layout({numpy});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: " + numpy +
                       ":1:1: the first line has 2 cells but the rows below it have 64; if lines "
                       "starting with '#' are comments, pass --comment '#'\n");
    r = layout({numpy, "--comment", "#"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const std::string iris = tables + "sklearn-iris.csv";
    r = layout({iris});
    CHECK(r.status == 0);
    CHECK(r.err == "heatmap: " + iris +
                       ":1: \"150,4,setosa,versicolor,virginica\" looks like a count line (rows, "
                       "columns, class names) and is skipped; pass --header to read it as column "
                       "labels\n");
    const Run skipped = layout({iris, "--skip", "1"});
    CHECK(skipped.status == 0);
    CHECK(skipped.err.empty());
    CHECK(skipped.out == r.out);
}

TEST_CASE("--decimal and --delimiter override the guesses") {
    // One column of numbers written with a comma: nothing to guess from, so the flags say it.
    Run r = layout({"-", "--delimiter", ";", "--decimal", ","}, "a;b\nx;1,5\ny;2,5\n");
    CHECK(r.status == 0);
    r = layout({"-", "--delimiter", ";", "--decimal", "."}, "a;b\nx;1,5\ny;2,5\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: <stdin>: no column holds numbers: 'b' hold text; give a table of numbers (if "
          "the rows are split at the wrong character, pass --delimiter)\n");
    r = layout({"-", "--delimiter", "space"}, "a b\nx 1\ny 2\n");
    CHECK(r.status == 0);
    CHECK(labels(r.out, "yticklabels") == strings({"x", "y"}));
}

TEST_CASE("--threads changes nothing but the speed") {
    const std::string digits = tables + "sklearn-digits.csv.gz";
    const Run one = layout({digits, "--threads", "1"});
    REQUIRE(one.status == 0);
    CHECK(layout({digits, "--threads", "2"}).out == one.out);
    CHECK(layout({digits}).out == one.out);
}

TEST_CASE("issue 20 item 8: standard input that cannot be read is a read error, not 'no data'") {
    // The process's own standard input is read through stdio; here a folder stands in for it.
    std::FILE* dir = std::fopen(HEATMAP_TEST_DATA, "rb");
    REQUIRE(dir);
    try {
        heatmap::read_csv_stdio(dir, {}, "<stdin>");
        FAIL("a folder read as a table");
    } catch (const heatmap::io_error& e) {
        CHECK(std::string(e.what()) == "cannot read <stdin>: Is a directory");
    }
    std::fclose(dir);
}
