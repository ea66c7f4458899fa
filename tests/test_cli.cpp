#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>

#include "support/figure_check.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using heatmap::CliOptions;

namespace {

const std::string data_dir = std::string(HEATMAP_TEST_DATA) + "/";
// Matplotlib's gallery (figures/) and the command's own cases (cli/, written by
// tools/make_cli_refs.py).
const char* const cases[] = {
    "figures/tutorial",          "figures/correlation",     "figures/lognorm",
    "figures/missing-diverging", "figures/plain-no-labels", "figures/rotated-labels",
    "cli/power-rocket",          "cli/symlog-vlag",         "cli/centered-grid",
    "cli/years-header",          "cli/header-no-index",     "cli/constant"};

CliOptions parse(std::vector<std::string> args) {
    args.insert(args.begin(), "heatmap");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    return heatmap::parse_cli(static_cast<int>(argv.size()), argv.data());
}

// The one-line message parse_cli refuses `args` with, or "" when it accepts them.
std::string usage_error_of(std::vector<std::string> args) {
    try {
        parse(std::move(args));
    } catch (const heatmap::usage_error& e) {
        return e.what();
    }
    return "";
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A gallery case's command line: its input, the arguments of its args.txt, and an output. A flag
// case's args.txt (make_cli_refs.py's FLAG_CASES) names its input itself, {data} standing for
// tests/data and {case} for the case's folder.
std::vector<std::string> case_args(const std::string& name, const std::string& output) {
    const std::vector<std::string> lines = lines_of(data_dir + name + "/args.txt");
    const bool whole = !lines.empty() && lines[0].find('{') != std::string::npos;
    std::vector<std::string> args;
    if (!whole) args.push_back(data_dir + name + "/data.csv");
    for (std::string line : lines) {
        for (const auto& [key, value] :
             {std::pair<std::string, std::string>{"{data}", std::string(HEATMAP_TEST_DATA)},
              {"{case}", data_dir + name}})
            for (std::size_t at; (at = line.find(key)) != std::string::npos;)
                line.replace(at, key.size(), value);
        args.push_back(line);
    }
    args.insert(args.end(), {"-o", output});
    return args;
}

}  // namespace

TEST_CASE("defaults are Matplotlib's") {
    const CliOptions o = parse({"in.csv", "-o", "out.png"});
    CHECK(o.input == "in.csv");
    CHECK(o.output == "out.png");
    CHECK(o.cmap == "viridis");
    CHECK(o.norm == "linear");
    CHECK(o.fmt.empty());  // the style's: g, or seaborn's .2g
    CHECK(o.fig_width == 6.4);
    CHECK(o.fig_height == 4.8);
    CHECK(o.dpi == 100);
    CHECK(o.cbar);
    CHECK_FALSE(o.annot);
    CHECK_FALSE(o.vmin);
    CHECK_FALSE(o.threshold);
    CHECK_FALSE(o.csv.header);
    CHECK_FALSE(o.csv.index);
    CHECK(o.linewidths == 0);
}

TEST_CASE("every gallery case's args.txt parses to the values cases.py wrote") {
    for (const char* name : cases) {
        INFO(name);
        CHECK_NOTHROW(parse(case_args(name, "out.png")));
    }
    const CliOptions t = parse(case_args("figures/tutorial", "t.png"));
    CHECK(t.cmap == "magma");
    CHECK(t.vmin == 15.0);
    CHECK(t.vmax == 60.0);
    CHECK(t.annot);
    CHECK(t.fmt == "d");
    CHECK(t.threshold == 0.45);
    CHECK(t.title == "Open support tickets by team");
    CHECK(t.xlabel == "Day");
    CHECK(t.ylabel == "Team");
    CHECK(t.cbar_label == "Open tickets");
    CHECK(t.fig_width == 6.6);
    CHECK(t.fig_height == 4.2);
    CHECK(t.dpi == 160);

    const CliOptions m = parse(case_args("figures/missing-diverging", "m.png"));
    CHECK(m.norm == "twoslope");
    CHECK(m.vcenter == 0.0);
    CHECK(m.vmin == -8.0);
    CHECK(m.fmt == "+.1f");
    CHECK(m.linewidths == 2.0);
    CHECK(m.linecolor == heatmap::Rgba{255, 255, 255, 255});

    CHECK(parse(case_args("figures/lognorm", "l.png")).norm == "log");
    CHECK(parse(case_args("figures/rotated-labels", "r.png")).xrotation == 45.0);
    CHECK_FALSE(parse(case_args("figures/plain-no-labels", "p.png")).cbar);
}

TEST_CASE("flags take their value as the next argument or after '='; negative values are values") {
    const CliOptions o =
        parse({"--vmin=-1.5", "in.tsv", "--vmax", "-0.5", "--linewidths=1", "--linecolor",
               "#102030", "--output=x.png", "--layout-json", "x.json", "--delimiter", "tab",
               "--no-header", "--index", "--figsize", "8,3.5", "--xrotation", "-30"});
    CHECK(o.input == "in.tsv");
    CHECK(o.vmin == -1.5);
    CHECK(o.vmax == -0.5);
    CHECK(o.linewidths == 1);
    CHECK(o.linecolor == heatmap::Rgba{0x10, 0x20, 0x30, 255});
    CHECK(o.output == "x.png");
    CHECK(o.layout_json == "x.json");
    CHECK(o.csv.delimiter == '\t');
    CHECK(o.csv.header == false);
    CHECK(o.csv.index == true);
    CHECK(o.fig_width == 8);
    CHECK(o.fig_height == 3.5);
    CHECK(o.xrotation == -30);
    CHECK(parse({"-", "-o", "y.png"}).input == "-");
    CHECK(parse({"-o", "y.png", "--", "-strange.csv"}).input == "-strange.csv");
    CHECK(parse({"--help"}).help);
    CHECK(parse({"-h"}).help);
    CHECK(parse({"--version"}).version);
}

TEST_CASE("usage errors are one line naming the flag, the value and the fix") {
    const std::string see = " (see heatmap --help)";
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--cmpa", "red"}) ==
          "heatmap: unknown option '--cmpa'; did you mean \"--cmap\"?" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--cbar-lable", "x"}) ==
          "heatmap: unknown option '--cbar-lable'; did you mean \"--cbar-label\"?" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--zzzzzzzzzz"}) ==
          "heatmap: unknown option '--zzzzzzzzzz'" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--vmin", "abc"}) ==
          "heatmap: --vmin: 'abc' is not a number; give one such as 1.5" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--vmax", "inf"}) ==
          "heatmap: --vmax: 'inf' is not a finite number; give one such as 1.5" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--dpi", "72.5"}) ==
          "heatmap: --dpi: '72.5' is not a whole number from 1 to 10000; give one such as 100" +
              see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--dpi", "0"}) ==
          "heatmap: --dpi: '0' is not a whole number from 1 to 10000; give one such as 100" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--figsize", "6x4"}) ==
          "heatmap: --figsize: '6x4' is not W,H; give width and height in inches, such as 6.4,4.8" +
              see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--figsize", "6,-4"}) ==
          "heatmap: --figsize: '-4' must be above 0" + see);
    CHECK(
        usage_error_of({"in.csv", "-o", "o.png", "--figsize", "600,400", "--dpi", "1000"})
            .find("heatmap: --figsize and --dpi: image size 600000x400000 px is over the limit") ==
        0);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--norm", "lgo"}) ==
          "heatmap: --norm: unknown norm 'lgo'; did you mean \"log\"? the norms are linear, log, "
          "symlog, "
          "power, twoslope and centered" +
              see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--delimiter", ";;"}) ==
          "heatmap: --delimiter: ';;' is not one character; give one such as ';', or 'tab' or "
          "'space'" +
              see);
    CHECK(usage_error_of(
              {"in.csv", "-o", "o.png", "--linewidths", "1", "--linecolor", "chartreuse-ish"})
              .find("heatmap: --linecolor: ") == 0);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--vmin"}) ==
          "heatmap: --vmin needs a value" + see);
    CHECK(usage_error_of({"in.csv", "-o"}) ==
          "heatmap: -o needs a value; give the PNG to write" + see);
    CHECK(usage_error_of({"in.csv", "-x"}) == "heatmap: unknown option '-x'" + see);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--annot=yes"}) ==
          "heatmap: --annot takes no value; drop '=yes'" + see);
    CHECK(usage_error_of({"a.csv", "b.csv", "-o", "o.png"}) ==
          "heatmap: more than one input: 'a.csv' and 'b.csv'; give one CSV file (or '-')" + see);
    CHECK(usage_error_of({"-o", "o.png"}) ==
          "heatmap: no input; give a CSV file (or '-' for standard input)" + see);
    CHECK(usage_error_of({"in.csv"}) ==
          "heatmap: no output; give -o OUTPUT.png (or --layout-json PATH)" + see);
}

TEST_CASE("flags that need a partner are refused alone rather than silently ignored") {
    const std::string see = " (see heatmap --help)";
    auto with = [](std::vector<std::string> extra) {
        std::vector<std::string> args{"in.csv", "-o", "o.png"};
        args.insert(args.end(), extra.begin(), extra.end());
        return usage_error_of(args);
    };
    CHECK(with({"--vcenter", "0"}) ==
          "heatmap: --vcenter applies to --norm twoslope or centered; add one of them" + see);
    CHECK(with({"--gamma", "2"}) == "heatmap: --gamma applies to --norm power; add it" + see);
    CHECK(with({"--norm", "power"}) == "heatmap: --norm power needs --gamma X, the exponent" + see);
    CHECK(with({"--norm", "symlog"}) ==
          "heatmap: --norm symlog needs --linthresh X, the range around 0 drawn linearly" + see);
    CHECK(with({"--norm", "twoslope", "--vmin", "1", "--vcenter", "0"}) ==
          "heatmap: --norm twoslope needs --vmin < --vcenter < --vmax, but --vmin 1 is not below "
          "--vcenter 0" +
              see);
    CHECK(with({"--norm", "centered", "--vmin", "1"}) ==
          "heatmap: --norm centered sets its own limits; give --vcenter and --halfrange instead of "
          "--vmin/--vmax" +
              see);
    CHECK(with({"--norm", "log", "--vmin", "0"}) ==
          "heatmap: --norm log needs --vmin above 0, not 0" + see);
    CHECK(with({"--norm", "log", "--vmax", "-1e-3"}) ==
          "heatmap: --norm log needs --vmax above 0, not -1e-3" + see);
    CHECK(with({"--vmin", "2", "--vmax", "1.5"}) ==
          "heatmap: --vmin 2 is above --vmax 1.5; swap them" + see);
    CHECK(with({"--fmt", ".2f"}) == "heatmap: --fmt formats annotations; add --annot" + see);
    CHECK(with({"--threshold", "0.5"}) ==
          "heatmap: --threshold colors annotations; add --annot" + see);
    CHECK(with({"--linecolor", "black"}) ==
          "heatmap: --linecolor colors the lines between cells; add --linewidths W" + see);
    CHECK(with({"--norm", "centered", "--halfrange", "2", "--vcenter", "1"}) == "");
    CHECK(with({"--norm", "symlog", "--linthresh", "0.1"}) == "");
}

TEST_CASE("--cmap names one of Matplotlib's or seaborn's colormaps") {
    CHECK(parse({"in.csv", "-o", "o.png", "--cmap", "rocket_r"}).cmap == "rocket_r");
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--cmap", "magmaa"}) ==
          "heatmap: --cmap: unknown colormap \"magmaa\"; did you mean \"magma\"? (see heatmap "
          "--help)");
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--cmap", "zzzzzzzzzzzzzzz"}) ==
          "heatmap: --cmap: unknown colormap 'zzzzzzzzzzzzzzz'; give one of Matplotlib's or "
          "seaborn's names, "
          "such as viridis, magma, coolwarm or RdBu_r (see heatmap --help)");
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--cmap", ""}) ==
          "heatmap: --cmap: unknown colormap ''; give one of Matplotlib's or seaborn's names, such "
          "as viridis, "
          "magma, coolwarm or RdBu_r (see heatmap --help)");
}

TEST_CASE("--fmt is checked as Python checks a float's format spec") {
    CHECK(parse({"in.csv", "-o", "o.png", "--annot", "--fmt", ",.2%"}).fmt == ",.2%");
    CHECK(parse({"in.csv", "-o", "o.png", "--annot", "--fmt", "d"}).fmt == "d");
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--annot", "--fmt", "x"})
              .find("heatmap: --fmt: ") == 0);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--annot", "--fmt", ".2q"})
              .find("heatmap: --fmt: ") == 0);
}

// ---- Running the command ----

namespace {

struct Run {
    int status = -1;
    std::string out, err;
};

// Runs the command in-process, with `stdin_text` as its standard input.
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

std::string out_path(const std::string& name) {
    return std::string(HEATMAP_TEST_OUT) + "/cli-" + name;
}

}  // namespace

namespace {

// Draws a case with the command and holds it to the tolerances: boxes within 3 px, texts
// and colors equal, cell colors exact (within one unit, where compare_figure.py samples them),
// pixel RMS at most 15.
void check_case(const char* name) {
    {
        INFO(name);
        std::string flat = name;
        std::replace(flat.begin(), flat.end(), '/', '-');
        const std::string png = out_path(flat + ".png"), json = out_path(flat + ".json");
        std::vector<std::string> args = case_args(name, png);
        args.insert(args.end(), {"--layout-json", json});
        const Run r = run(args);
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.empty());

        const heatmap::Image expected = figure_check::load_png(data_dir + name + "/expected.png");
        const heatmap::Image actual = figure_check::load_png(png);
        REQUIRE(actual.width == expected.width);
        REQUIRE(actual.height == expected.height);
        const figure_check::Json expected_layout =
            figure_check::load_json(data_dir + name + "/layout.json");
        const figure_check::Json actual_layout = figure_check::load_json(json);
        CHECK(actual_layout["figure_px"][0].num() == expected.width);
        CHECK(actual_layout["figure_px"][1].num() == expected.height);
        const figure_check::Comparison c =
            figure_check::compare(expected, expected_layout, actual, actual_layout);
        std::printf(
            "%-28s rms %6.2f  worst box %5.2f px  cells off %d/%d inexact %d  colorbar px "
            "off %d\n",
            name, c.rms, c.worst_box, c.cells_off, c.cells, c.cells_inexact, c.colorbar_px_off);
        for (const auto& problem : c.problems) FAIL_CHECK(problem);
        INFO("worst box: " << c.worst_box_name);
        CHECK(c.worst_box <= 3.0);
        CHECK(c.cells_off == 0);
        CHECK(c.cells_inexact == 0);
        // The colorbar's band colors are exact (Agg's rounding of the floats); in a few figures
        // one pixel row on a band boundary lands in the neighbouring band: at most one row.
        CHECK(c.colorbar_px_off <= 20);
        CHECK(c.rms <= 15.0);
    }
}

}  // namespace

TEST_CASE("every case drawn by the command matches Matplotlib's figure") {
    for (const char* name : cases) check_case(name);
}

namespace {

std::string write_input(const std::string& name, const std::string& text) {
    std::filesystem::create_directories(HEATMAP_TEST_OUT);
    const std::string path = out_path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("--help and --version print to standard output and exit 0") {
    const Run help = run({"--help"});
    CHECK(help.status == 0);
    CHECK(help.out == heatmap::cli_usage());
    CHECK(help.out.rfind("usage: heatmap INPUT [options] -o OUTPUT.png|.svg|.pdf|.html\n", 0) == 0);
    CHECK(help.err.empty());
    const Run version = run({"--version"});
    CHECK(version.status == 0);
    CHECK(version.out == "heatmap " + std::string(heatmap::version) + "\n");
}

TEST_CASE("a usage error exits 2 with one line pointing to --help") {
    const Run r = run({"in.csv", "-o", "o.png", "--dpi", "many"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "heatmap: --dpi: 'many' is not a whole number from 1 to 10000; give one such as 100 (see "
          "heatmap "
          "--help)\n");
    CHECK(r.out.empty());
}

TEST_CASE("input and data faults exit 1 with one line naming the file, line and column") {
    const std::string ragged = write_input("ragged.csv", ",a,b\nx,1,2\ny,3\n");
    Run r = run({ragged, "-o", out_path("ragged.png")});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: " + ragged +
                       ":3:4: this row has 2 cells but the table has 3 columns; give every row the "
                       "same number of cells (an empty cell is a missing value; if the lines "
                       "before the table are not part of it, pass --skip N)\n");

    const std::string text = write_input("text.csv", ",a,b\nx,1,2\ny,3,lots\n");
    r = run({text, "-o", out_path("text.png")});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: " + text +
                       ":3:5: \"lots\" is not a number; write a number such as 1.5, or leave the "
                       "cell empty (or NA) for a missing value; if column 'b' holds text, pass "
                       "--drop b\n");

    r = run({"-", "-o", out_path("empty.png")}, "");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: <stdin>:1:1: the file holds no data; give rows of numbers separated by ','\n");

    r = run({"-", "-o", out_path("header-only.png")}, ",a,b\r\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: <stdin>:1:1: the file holds a header line and no data; add rows of numbers "
          "below it\n");

    const std::string missing = out_path("no-such-file.csv");
    r = run({missing, "-o", out_path("x.png")});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: cannot read " + missing + ": No such file or directory\n");
}

TEST_CASE("--fmt d refuses a fraction, naming the cell by its labels or indices") {
    Run r =
        run({"-", "--annot", "--fmt", "d", "-o", out_path("frac.png")}, ",x,y\na,1,2\nb,3,2.5\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: the cell at row 'b', column 'y' holds 2.5, which format spec \"d\" prints only "
          "as a whole number: round the data or give a spec for fractions such as \".1f\"\n");
    r = run({"-", "--annot", "--fmt", "+05d", "-o", out_path("frac.png")}, "1,2\ninf,4\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: the cell at row 1, column 0 holds inf, which format spec \"+05d\" prints only "
          "as a whole number: round the data or give a spec for fractions such as \".1f\"\n");
    // Missing cells are not drawn, so they need no integer.
    r = run({"-", "--annot", "--fmt", "d", "-o", out_path("whole.png")}, "1,\n3,4\n");
    CHECK(r.status == 0);
}

TEST_CASE("a failed run leaves an existing output file as it was") {
    const std::string png = write_input("kept.png", "precious bytes");
    const std::string json = write_input("kept.json", "{\"precious\": true}");
    const auto untouched = [&] {
        return contents(png) == "precious bytes" && contents(json) == "{\"precious\": true}";
    };
    CHECK(run({"-", "-o", png, "--layout-json", json}, "1,2\n3\n").status == 1);  // CSV fault
    CHECK(untouched());
    CHECK(run({"-", "-o", png, "--layout-json", json, "--vmin", "x"}, "1,2\n3,4\n").status ==
          2);  // usage
    CHECK(untouched());
    CHECK(run({"-", "-o", png, "--annot", "--fmt", "d"}, "1,2\n3,4.5\n").status == 1);  // data
    CHECK(untouched());
    // The layout's folder does not exist: nothing is written, not even the PNG.
    const Run r =
        run({"-", "-o", png, "--layout-json", out_path("no/such/folder/l.json")}, "1,2\n3,4\n");
    CHECK(r.status == 1);
    CHECK(r.err.find("heatmap: cannot write " + out_path("no/such/folder/l.json") +
                     ": the folder ") == 0);
    CHECK(untouched());
}

TEST_CASE("standard input, a .tsv file and a CSV file draw the same figure") {
    const std::string csv = ",a,b\nx,1,2\ny,3,4\n";
    const std::string tsv = write_input("same.tsv", "\ta\tb\nx\t1\t2\ny\t3\t4\n");
    REQUIRE(run({"-", "--annot", "-o", out_path("same-stdin.png")}, csv).status == 0);
    REQUIRE(run({tsv, "--annot", "-o", out_path("same-tsv.png")}).status == 0);
    REQUIRE(run({write_input("same.csv", csv), "--annot", "-o", out_path("same-csv.png")}).status ==
            0);
    // Quoting, CRLF, a byte order mark, NA and a semicolon delimiter change nothing either.
    const std::string semicolon = "\xEF\xBB\xBF;\"a\";b\r\nx;1;2\r\n\"y\";3;4\r\n";
    REQUIRE(
        run({"-", "--delimiter", ";", "--annot", "-o", out_path("same-semicolon.png")}, semicolon)
            .status == 0);
    const std::string a = contents(out_path("same-stdin.png"));
    CHECK(a.size() > 1000);
    CHECK(a == contents(out_path("same-tsv.png")));
    CHECK(a == contents(out_path("same-csv.png")));
    CHECK(a == contents(out_path("same-semicolon.png")));
    // A different matrix draws a different figure, so the equalities above are not vacuous.
    REQUIRE(run({"-", "--annot", "-o", out_path("other.png")}, ",a,b\nx,1,2\ny,3,5\n").status == 0);
    CHECK(a != contents(out_path("other.png")));
}

TEST_CASE("--no-header and --index override the guess end to end") {
    // Numbers as labels: the first row read as labels only when told.
    Run r = run({"-", "--header", "--index", "-o", out_path("forced.png"), "--layout-json",
                 out_path("forced.json")},
                "0,10,20\n1,5,6\n2,7,8\n");
    REQUIRE(r.status == 0);
    const figure_check::Json layout = figure_check::load_json(out_path("forced.json"));
    REQUIRE(layout["xticklabels"].arr().size() == 2);
    CHECK(layout["xticklabels"][0][0].str() == "10");
    CHECK(layout["xticklabels"][1][0].str() == "20");
    CHECK(layout["yticklabels"][0][0].str() == "1");
    CHECK(layout["yticklabels"][1][0].str() == "2");
    r = run({"-", "--no-header", "-o", out_path("forced.png")}, "a,b\n1,2\n");
    CHECK(r.status == 1);
    CHECK(r.err.find("heatmap: <stdin>:1:1: \"a\" is not a number") == 0);
}

TEST_CASE("the options beyond the tutorial draw the feature references through the command") {
    // Each folder's args.txt is the command line for the library call its case.json describes.
    for (const char* name : {"features/robust", "features/center", "features/aspect-auto",
                             "features/seaborn-annot", "features/cbar-horizontal"})
        check_case(name);
}

TEST_CASE("the options beyond the tutorial refuse values they do not know") {
    CHECK(usage_error_of({"--extend", "up"}) ==
          "heatmap: --extend: 'up' is not one of neither, min, max, both (see heatmap --help)");
    CHECK(usage_error_of({"--aspect", "square"}) ==
          "heatmap: --aspect: 'square' is not equal or auto (see heatmap --help)");
    CHECK(usage_error_of({"--style", "ggplot"}) ==
          "heatmap: --style: 'ggplot' is not matplotlib or seaborn (see heatmap --help)");
    CHECK(usage_error_of({"--cbar-location", "left"}) ==
          "heatmap: --cbar-location: 'left' is not right or bottom (see heatmap --help)");
}

TEST_CASE("'-o -' and '--layout-json -' write to standard output, the same bytes as a file") {
    const std::string csv = ",a,b\nx,1,2\ny,3,4\n";
    REQUIRE(run({"-", "--annot", "-o", out_path("stdout-file.png"), "--layout-json",
                 out_path("stdout-file.json")},
                csv)
                .status == 0);
    const Run png = run({"-", "--annot", "-o", "-"}, csv);
    REQUIRE(png.status == 0);
    CHECK(png.err.empty());
    CHECK(png.out == contents(out_path("stdout-file.png")));
    const Run json = run({"-", "--annot", "--layout-json", "-"}, csv);
    REQUIRE(json.status == 0);
    CHECK(json.out == contents(out_path("stdout-file.json")));
    // One stream cannot hold both.
    const Run both = run({"-", "-o", "-", "--layout-json", "-"}, csv);
    CHECK(both.status == 2);
    CHECK(both.out.empty());
    CHECK(both.err ==
          "heatmap: -o and --layout-json cannot both write to standard output ('-'); give one a "
          "file (see heatmap --help)\n");
}

TEST_CASE("--no-fsync writes the same bytes, replacing the old file whole, without flushing") {
    // Issue 18.5: the flushes (file and folder) are most of the command's time on a slow disk;
    // --no-fsync leaves them out and keeps everything else: the temporary file, the rename over
    // the target, the layout written with the figure. That it waits for no disk is what the
    // benchmark measures (tools/bench.py's whole-process rows); here, that it writes the same.
    const std::string csv = ",a,b\nx,1,2\ny,3,4\n";
    CHECK(parse({"in.csv", "-o", "o.png"}).fsync);
    CHECK_FALSE(parse({"in.csv", "-o", "o.png", "--no-fsync"}).fsync);
    CHECK(usage_error_of({"in.csv", "-o", "o.png", "--no-fsync=1"}) ==
          "heatmap: --no-fsync takes no value; drop '=1' (see heatmap --help)");
    const std::string png = out_path("no-fsync.png"), json = out_path("no-fsync.json");
    REQUIRE(run({"-", "--annot", "-o", out_path("fsync.png")}, csv).status == 0);
    {
        std::ofstream old(png, std::ios::binary);
        old << std::string(100000, 'x');  // longer than the figure: a write in place would show
    }
    const Run r = run({"-", "--annot", "--no-fsync", "-o", png, "--layout-json", json}, csv);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(contents(png) == contents(out_path("fsync.png")));
    CHECK(contents(json).rfind("{", 0) == 0);
}

// ---- Issue 17: what the library does, through the command ----

namespace {

struct FlagCase {
    const char* name;
    double rms;       // pixel RMS as measured plus about 1
    const char* err;  // what the run says on standard error (a note, a warning), or ""
};

// Each against the figure Matplotlib or seaborn draws for the call the flags stand for (written by
// tools/make_cli_refs.py's FLAG_CASES): texts and annotation colors equal, every box within 0.5 px.
const std::string weather_note = "heatmap: " + std::string(HEATMAP_TEST_DATA) +
                                 "/tables/vega-seattle-weather.csv: left out column 'weather', "
                                 "which holds text, not numbers (--columns or --drop choose the "
                                 "columns)\n";
const FlagCase flag_cases[] = {
    // seaborn's label rules on label-heavy real data (issue 17.2): 43 long names turned flat,
    // 1,461 dates thinned by "auto" with the index name as the row axis' label, and the same
    // turned, the dates then overlapping flat and turned vertical.
    {"cli/sb-usjudgeratings", 2.5, ""},
    {"cli/sb-seattle-weather", 4.8, "weather"},
    {"cli/sb-seattle-weather-transpose", 5.0, "weather"},
    {"cli/sb-ticklabels", 2.2, ""},
    // --mask upper with seaborn's .2g annotations and --center; --mask FILE, --xticks-every,
    // --yticks-every, --yrotation, --labels-top, --font-size; --annot-template, --text-color,
    // --cbar-shrink, --cbar-format, --mask '<3'; --font (CJK through Droid Sans Fallback, whose
    // glyphs Matplotlib's FreeType hints and heatmap does not: the RMS is in the CJK glyphs).
    {"cli/sb-mask-upper", 3.4, ""},
    {"cli/mask-file-every", 1.9, ""},
    {"cli/template-color-cbar", 1.9, ""},
    {"cli/font-cjk", 12.3, ""},
    // Cyrillic labels and title in DejaVu Sans itself (issue 17.1), annotated (RMS 1.36).
    {"cli/cyrillic", 1.9, ""},
    // An unlabeled 87x61 matrix (R's volcano): Matplotlib's own locator on both axes (17.5).
    {"cli/volcano-index", 2.1, ""},
};

}  // namespace

TEST_CASE("issue 17's flags and seaborn's label rules draw as Matplotlib and seaborn do") {
    for (const FlagCase& f : flag_cases) {
        INFO(f.name);
        std::string flat = f.name;
        std::replace(flat.begin(), flat.end(), '/', '-');
        const std::string png = out_path(flat + ".png"), json = out_path(flat + ".json");
        std::vector<std::string> args = case_args(f.name, png);
        args.insert(args.end(), {"--layout-json", json});
        const Run r = run(args);
        REQUIRE(r.status == 0);
        CHECK(r.err == (std::string(f.err) == "weather" ? weather_note : std::string(f.err)));
        const heatmap::Image expected = figure_check::load_png(data_dir + f.name + "/expected.png");
        const heatmap::Image actual = figure_check::load_png(png);
        REQUIRE(actual.width == expected.width);
        REQUIRE(actual.height == expected.height);
        const figure_check::Comparison c = figure_check::compare(
            expected, figure_check::load_json(data_dir + f.name + "/layout.json"), actual,
            figure_check::load_json(json));
        std::printf("%-36s rms %6.2f  worst box %5.2f px (%s)\n", f.name, c.rms, c.worst_box,
                    c.worst_box_name.c_str());
        for (const auto& problem : c.problems) FAIL_CHECK(problem);
        INFO("worst box: " << c.worst_box_name);
        CHECK(c.worst_box <= 0.5);
        CHECK(c.rms <= f.rms);
    }
}

TEST_CASE("issue 17's flags parse to the library's options and refuse what they do not know") {
    const CliOptions o = parse({"in.csv",     "-o",
                                "o.png",      "--font",
                                "a.ttf",      "--font",
                                "b.ttf",      "--mask",
                                "upper",      "--font-size",
                                "8",          "--xticks-every",
                                "3",          "--yticklabels",
                                "auto",       "--yrotation",
                                "30",         "--labels-top",
                                "--annot",    "--text-color",
                                "w",          "--annot-template",
                                "{x:.0f} ms", "--cbar-shrink",
                                "0.5",        "--cbar-format",
                                "{x:.1f}",    "--reduce",
                                "max",        "--transpose"});
    CHECK(o.fonts == std::vector<std::string>{"a.ttf", "b.ttf"});
    CHECK(o.mask == "upper");
    CHECK(o.font_size == 8.0);
    CHECK(o.xticks_every == std::size_t{3});
    CHECK(o.yticklabels == "auto");
    CHECK(o.yrotation == 30.0);
    CHECK(o.labels_top);
    CHECK(o.text_color == heatmap::Rgba{255, 255, 255, 255});
    CHECK(o.annot_template == "{x:.0f} ms");
    CHECK(o.cbar_shrink == 0.5);
    CHECK(o.cbar_format == "{x:.1f}");
    CHECK(o.reduce == heatmap::Reduce::max);
    CHECK(o.transpose);
    const std::string see = " (see heatmap --help)";
    const auto with = [](std::vector<std::string> extra) {
        std::vector<std::string> args{"in.csv", "-o", "o.png"};
        args.insert(args.end(), extra.begin(), extra.end());
        return usage_error_of(args);
    };
    CHECK(with({"--mask", "=3"}) ==
          "heatmap: --mask: '=3' is not a comparison; write <, <=, >, >=, == or != and a number, "
          "such as '<0'" +
              see);
    CHECK(with({"--mask", "<x"}) ==
          "heatmap: --mask: 'x' is not a number; give one such as 1.5" + see);
    CHECK(with({"--xticklabels", "some"}) ==
          "heatmap: --xticklabels: 'some' is not auto, all or none" + see);
    CHECK(with({"--xticks-every", "-1"}) ==
          "heatmap: --xticks-every: '-1' is not a whole number; give one such as 5 (0 shows no "
          "labels)" +
              see);
    CHECK(with({"--cbar-shrink", "1.5"}) ==
          "heatmap: --cbar-shrink: '1.5' is not above 0 and at most 1; give the fraction of the "
          "axes' length, such as 0.6" +
              see);
    CHECK(with({"--reduce", "median"}) ==
          "heatmap: --reduce: 'median' is not mean, max, min or nearest" + see);
    CHECK(with({"--text-color", "w"}) ==
          "heatmap: --text-color colors annotations; add --annot" + see);
    CHECK(with({"--annot", "--annot-template", "{x}", "--fmt", "g"}) ==
          "heatmap: --annot-template formats annotations, so --fmt has nothing to do; give one "
          "of them" +
              see);
    CHECK(with({"--no-cbar", "--cbar-format", "{x}"}) ==
          "heatmap: --cbar-format formats the colorbar's labels; drop --no-cbar" + see);
    CHECK(with({"--xticks-every", "2", "--xticklabels", "auto"}) ==
          "heatmap: --xticks-every chooses the column labels, and so does --xticklabels; give one "
          "of them" +
              see);
    CHECK(with({"--annot", "--annot-template", "{y}"}).rfind("heatmap: --annot-template: ", 0) ==
          0);
}

TEST_CASE("--style seaborn --annot prints with seaborn's .2g, --fmt wins, plain style prints g") {
    const std::string in = write_input("twog.csv", ",a,b\nx,1234.5,0.012345\ny,3,7.25\n");
    const auto annotations = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{in, "--annot", "--layout-json", out_path("twog.json")};
        args.insert(args.end(), extra.begin(), extra.end());
        const Run r = run(args);
        REQUIRE(r.status == 0);
        std::vector<std::string> texts;
        const figure_check::Json layout = figure_check::load_json(out_path("twog.json"));
        for (const auto& a : layout["annotations"].arr()) texts.push_back(a[0].str());
        return texts;
    };
    using V = std::vector<std::string>;
    CHECK(annotations({"--style", "seaborn"}) == V{"1.2e+03", "0.012", "3", "7.2"});
    CHECK(annotations({"--style", "seaborn", "--fmt", ".1f"}) == V{"1234.5", "0.0", "3.0", "7.2"});
    CHECK(annotations({}) == V{"1234.5", "0.012345", "3", "7.25"});
}

TEST_CASE("--mask hides cells by a file, a triangle or a comparison; --transpose turns it too") {
    const std::string in = write_input("m.csv", ",a,b,c\nx,1,2,3\ny,4,5,6\n");
    const std::string mask = write_input("m-mask.csv", ",a,b,c\nx,0,1,0\ny,0,0,1\n");
    const auto shown = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{in, "--annot", "--layout-json", out_path("m.json")};
        args.insert(args.end(), extra.begin(), extra.end());
        const Run r = run(args);
        INFO(r.err);
        REQUIRE(r.status == 0);
        std::string texts;
        const figure_check::Json layout = figure_check::load_json(out_path("m.json"));
        for (const auto& a : layout["annotations"].arr()) texts += a[0].str();
        return texts;
    };
    CHECK(shown({"--mask", mask}) == "1345");
    CHECK(shown({"--mask", "upper"}) == "4");  // np.triu: the diagonal too
    CHECK(shown({"--mask", "lower"}) == "236");
    CHECK(shown({"--mask", ">=4"}) == "123");
    CHECK(shown({"--mask", "!=5"}) == "5");
    CHECK(shown({"--transpose"}) == "142536");
    CHECK(shown({"--transpose", "--mask", mask}) == "1453");
    const std::string small = write_input("m-small.csv", "1,0\n0,1\n");
    const Run r = run({in, "--mask", small, "-o", out_path("m.png")});
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: --mask " + small + " holds 2x2 cells, but " + in +
                       " draws 2x3; give a mask of the same shape (nonzero cells are masked)\n");
}

TEST_CASE("--reduce max keeps a lone peak of a large matrix visible") {
    std::string text;
    for (int r = 0; r < 1500; ++r) {
        for (int c = 0; c < 1500; ++c)
            text += (c ? "," : "") + std::string(r == 700 && c == 700 ? "1" : "0");
        text += '\n';
    }
    const std::string in = write_input("peak.csv", text);
    for (const char* how : {"mean", "max"}) {
        const std::string png = out_path(std::string("peak-") + how + ".png");
        const Run r = run({in, "--cmap", "gray", "--reduce", how, "--no-cbar", "-o", png,
                           "--layout-json", png + ".json"});
        REQUIRE(r.status == 0);
        const heatmap::Image img = figure_check::load_png(png);
        const figure_check::Json layout = figure_check::load_json(png + ".json");
        const auto& axes = layout["axes"];
        const int x =
            static_cast<int>(axes[0].num() + 700.5 / 1500 * (axes[2].num() - axes[0].num()));
        const int y =
            static_cast<int>(axes[1].num() + 700.5 / 1500 * (axes[3].num() - axes[1].num()));
        int best = 0;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) best = std::max(best, int(img.at(x + dx, y + dy).r));
        if (std::string(how) == "max")
            CHECK(best == 255);
        else
            CHECK(best < 128);
    }
}

TEST_CASE("--font adds a fallback font; a character no font has is named once on stderr") {
    const std::string droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    const std::string in = write_input("cjk.csv", ",東京,大阪\n人口,14,8.8\n");
    Run r = run({in, "--title", "人口 ☃ 🦀", "-o", out_path("cjk-boxes.png"), "--layout-json",
                 out_path("cjk-boxes.json")});
    CHECK(r.status == 0);
    CHECK(r.err ==
          "heatmap: warning: no font has U+6771 \"東\" (in \"東京\"), U+4EAC \"京\" (in \"東京\"), "
          "U+5927 \"大\" (in \"大阪\"), U+962A \"阪\" (in \"大阪\"), U+4EBA \"人\" (in \"人口\"), "
          "U+53E3 \"口\" (in \"人口\"), U+1F980 \"🦀\" (in \"人口 ☃ 🦀\"); drawn as boxes: "
          "add "
          "a "
          "TrueType font that has them with --font FILE\n");
    const figure_check::Json boxes = figure_check::load_json(out_path("cjk-boxes.json"));
    const auto& missing = boxes["missing_glyphs"].arr();
    REQUIRE(missing.size() == 7);
    CHECK(missing[0][0].str() == "東");
    CHECK(missing[0][1].str() == "東京");
    CHECK(missing[6][1].str() == "人口 ☃ 🦀");
    // With Droid Sans Fallback only the crab is left, in PNG, SVG and PDF alike.
    for (const char* ext : {"png", "svg", "pdf"}) {
        const std::string out = out_path(std::string("cjk.") + ext);
        r = run({in, "--font", droid, "--title", "人口 ☃ 🦀", "-o", out, "--layout-json",
                 out + ".json"});
        INFO(ext);
        CHECK(r.status == 0);
        CHECK(r.err ==
              "heatmap: warning: no font has U+1F980 \"🦀\" (in \"人口 ☃ 🦀\"); drawn as "
              "boxes: add a "
              "TrueType font that has it with --font FILE\n");
    }
    const std::string svg = figure_check::read_text(out_path("cjk.svg"));
    CHECK(svg.find(">東京</text>") != std::string::npos);
    // pdffonts lists DejaVu Sans and the fallback face; pdftotext reads the characters back.
    const std::string pdf = out_path("cjk.pdf");
    std::FILE* p = popen(("pdffonts '" + pdf + "' 2>&1").c_str(), "r");
    REQUIRE(p);
    std::string fonts;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) fonts += buf;
    pclose(p);
    INFO(fonts);
    CHECK(fonts.find("DejaVuSans") != std::string::npos);
    CHECK(fonts.find("DroidSansFallback") != std::string::npos);
    p = popen(("pdftotext '" + pdf + "' - 2>&1").c_str(), "r");
    REQUIRE(p);
    std::string text;
    while (std::fgets(buf, sizeof buf, p)) text += buf;
    pclose(p);
    CHECK(text.find("東京") != std::string::npos);
    CHECK(text.find("人口") != std::string::npos);
    // A font that cannot be read fails the run before anything is read or written.
    r = run({in, "--font", out_path("no-such.ttf"), "-o", out_path("cjk-none.png")});
    CHECK(r.status == 1);
    CHECK(r.err.rfind("heatmap: ", 0) == 0);
    CHECK_FALSE(std::filesystem::exists(out_path("cjk-none.png")));
}
