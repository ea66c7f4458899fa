// seaborn.clustermap's figure through the command (clustermap.hpp, cli.hpp) against seaborn 0.12's own,
// for the cases tools/make_clustermap_refs.py draws from R's mtcars and USArrests: the orders and trees
// exactly as seaborn's (scipy's linkage), every panel's box within 1 px, and the pixels' RMS at most what
// was measured plus a margin.
#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>

#include "support/figure_check.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_run.hpp"

using heatmap_test::Run;
using heatmap_test::run;

namespace {

const std::string data_dir = std::string(HEATMAP_TEST_DATA) + "/clustermap/";

// The case's command line: its data file from tests/data/cluster, strip files from the case's folder.
std::vector<std::string> case_args(const std::string& name) {
    std::istringstream lines(figure_check::read_text(data_dir + name + "/args.txt"));
    std::vector<std::string> args;
    std::string line;
    while (std::getline(lines, line)) args.push_back(line);
    args[0] = std::string(HEATMAP_TEST_DATA) + "/cluster/" + args[0];
    for (std::size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == "--row-colors" || args[i] == "--col-colors")
            args[i + 1] = data_dir + args[i + 1];
    return args;
}

struct Case {
    const char* name;
    double rms;  // as measured, plus a margin
};

}  // namespace

TEST_CASE("clustermap: seaborn's orders, trees, panels and pixels") {
    const Case cases[] = {
        // measured (g++ Release, clang++ ASan alike): 0.69, 1.34, 0.70, 2.27, 0.48, 1.05; the margin is
        // 1. What remains: a colour strip's name a pixel to the right, a colorbar label a pixel
        // off, a few dendrogram corners.
        {"mtcars-both", 1.7},      {"usarrests-rows-scale", 2.4},  {"mtcars-zscore-annot", 1.7},
        {"usarrests-colors", 3.3}, {"usarrests-cols-zscore", 1.5}, {"mtcars-ward-cyl", 2.1},
    };
    for (const Case& k : cases) {
        const std::string name = k.name;
        SECTION(name) {
            const std::string png = std::string(HEATMAP_TEST_OUT) + "/clustermap-" + name + ".png",
                              json =
                                  std::string(HEATMAP_TEST_OUT) + "/clustermap-" + name + ".json";
            std::vector<std::string> args = case_args(name);
            // seaborn's figure exactly: without the strips' legend, which seaborn does not draw
            args.insert(args.end(), {"-o", png, "--layout-json", json, "--no-strip-legend"});
            const Run r = run(args);
            INFO(r.err);
            REQUIRE(r.status == 0);
            const auto expected = figure_check::load_json(data_dir + name + "/layout.json");
            const auto actual = figure_check::load_json(json);
            for (const char* key : {"row_order", "col_order"}) {
                INFO(key);
                REQUIRE(actual[key].arr().size() == expected[key].arr().size());
                for (std::size_t i = 0; i < expected[key].arr().size(); ++i)
                    CHECK(actual[key][i].num() == expected[key][i].num());
            }
            for (const char* key : {"row_linkage", "col_linkage"}) {
                INFO(key);
                REQUIRE(actual[key].is_null() == expected[key].is_null());
                if (expected[key].is_null()) continue;
                REQUIRE(actual[key].arr().size() == expected[key].arr().size());
                for (std::size_t i = 0; i < expected[key].arr().size(); ++i) {
                    const auto& e = expected[key][i];
                    const auto& a = actual[key][i];
                    CHECK(a[0].num() == e[0].num());
                    CHECK(a[1].num() == e[1].num());
                    CHECK(std::fabs(a[2].num() - e[2].num()) <= 1e-12 * std::fabs(e[2].num()));
                    CHECK(a[3].num() == e[3].num());
                }
            }
            double worst = 0;
            std::string worst_name;
            auto box = [&](const std::string& what, const figure_check::Json& e,
                           const figure_check::Json& a) {
                const double d = figure_check::box_offset(e, a);
                if (d > worst) worst = d, worst_name = what;
            };
            box("axes", expected["axes"], actual["axes"]);
            box("row_dendrogram", expected["row_dendrogram"], actual["row_dendrogram"]);
            box("col_dendrogram", expected["col_dendrogram"], actual["col_dendrogram"]);
            box("colorbar", expected["colorbar"], actual["colorbar"]);
            for (const char* strip : {"row_colors", "col_colors"}) {
                // seaborn's strip axes holds every strip; the layout lists one box per strip.
                const auto& e = expected[strip];
                const auto& a = actual[strip].arr();
                REQUIRE(e.is_null() == a.empty());
                if (e.is_null()) continue;
                figure_check::Json all = a.front()[1];  // the strips' union: seaborn's one axes
                auto& u = std::get<std::vector<figure_check::Json>>(all.v);
                for (const auto& one : a)
                    for (std::size_t i = 0; i < 4; ++i)
                        u[i].v = i < 2 ? std::fmin(u[i].num(), one[1][i].num())
                                       : std::fmax(u[i].num(), one[1][i].num());
                box(strip, e, all);
            }
            for (const char* labels : {"xticklabels", "yticklabels"}) {
                const auto& e = expected[labels].arr();
                const auto& a = actual[labels].arr();
                REQUIRE(a.size() == e.size());
                for (std::size_t i = 0; i < e.size(); ++i) {
                    CHECK(a[i][0].str() == e[i][0].str());
                    box(std::string(labels) + " " + e[i][0].str(), e[i][1], a[i][1]);
                }
            }
            const double rms =
                figure_check::rms(figure_check::load_png(data_dir + name + "/expected.png"),
                                  figure_check::load_png(png));
            std::printf("%-24s rms %6.2f  worst box %5.2f px (%s)\n", name.c_str(), rms, worst,
                        worst_name.c_str());
            CHECK(worst <= 1.0);
            CHECK(rms <= k.rms);
        }
    }
}

TEST_CASE("clustermap: bad command lines name the flag and the fix") {
    const std::string mtcars = std::string(HEATMAP_TEST_DATA) + "/cluster/mtcars.csv";
    const std::string out = std::string(HEATMAP_TEST_OUT) + "/clustermap-bad.png";
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"--cluster", "sideways"},
         "heatmap: --cluster: 'sideways' is not rows, cols, both or none (see heatmap --help)"},
        {{"--method", "ward"},
         "heatmap: --method applies to a clustered figure; add --cluster rows|cols|both (see "
         "heatmap --help)"},
        {{"--cluster", "both", "--z-score", "rows", "--standard-scale", "cols"},
         "heatmap: --z-score and --standard-scale cannot both scale the data (seaborn refuses it); "
         "give one of them (see heatmap --help)"},
        {{"--cluster", "both", "--z-score", "diagonal"},
         "heatmap: --z-score: 'diagonal' is not rows or cols (see heatmap --help)"},
        {{"--cluster", "both", "--dendrogram-ratio", "1.5"},
         "heatmap: --dendrogram-ratio: '1.5' is not a fraction of the figure from 0 to below 1; "
         "give one such as 0.2 (see heatmap --help)"},
        {{"--cluster", "both", "--method", "wards"},
         "heatmap: --method: unknown linkage method \"wards\": did you mean \"ward\"? Give one of "
         "single, complete, average, weighted, centroid, median, ward (see heatmap --help)"},
        {{"--cluster", "both", "--metric", "euclid3"},
         "heatmap: --metric: unknown metric \"euclid3\": Give one of euclidean, sqeuclidean, "
         "cityblock, chebyshev, minkowski, cosine, correlation, canberra, braycurtis (see heatmap "
         "--help)"},
    };
    for (const auto& [flags, message] : cases) {
        std::vector<std::string> args{mtcars, "-o", out};
        args.insert(args.end(), flags.begin(), flags.end());
        const Run r = run(args);
        CHECK(r.status == 2);
        CHECK(r.err == message + "\n");
        if (r.err != message + "\n") std::printf("got: %s", r.err.c_str());
    }
}

TEST_CASE("clustermap: bad data and strip files are refused, naming the line and the fix") {
    const std::string dir = std::string(HEATMAP_TEST_OUT) + "/";
    const std::string out = dir + "clustermap-bad.png";
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir + name) << text;
        return dir + name;
    };
    const std::string table =
        write("clustermap-table.csv", ",a,b,c\nr1,1,2,3\nr2,4,5,7\nr3,0,1,1\n");
    const std::string one_row = write("clustermap-one.csv", ",a,b,c\nr1,1,2,3\n");
    const std::string nan_row =
        write("clustermap-nan.csv", ",a,b,c\nr1,1,2,3\nr2,4,,7\nr3,0,1,1\n");
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{one_row, "--cluster", "both"},
         "heatmap: row_cluster needs at least 2 rows to cluster, the matrix has 1: turn row "
         "clustering off"},
        {{one_row, "--cluster", "cols"}, ""},  // one row, its columns clustered: drawn
        {{nan_row, "--cluster", "rows"},
         "heatmap: the cell at row 'r2', column 'b' is missing: clustering needs a finite value in "
         "every cell; fill or drop it"},
        {{write("clustermap-flat.csv", ",a,b,c\nr1,1,2,3\nr2,4,5,7\nr3,1,1,1\n"), "--cluster",
          "both", "--z-score", "rows"},
         "heatmap: z_score leaves the cell at row 'r3', column 'a' undefined: its row is constant, "
         "with nothing to scale by; drop that row or scale the other axis"},
        {{table, "--cluster", "both", "--row-colors", write("clustermap-s1.csv", "r1,red\nr2\n")},
         "heatmap: --row-colors " + dir +
             "clustermap-s1.csv line 2 has 1 field, line 1 has 2: give every line the same fields"},
        {{table, "--cluster", "both", "--row-colors",
          write("clustermap-s2.csv", "x,red\ny,blue\n")},
         "heatmap: no label in --row-colors " + dir +
             "clustermap-s2.csv is a label of the data: give lines that start with its labels"},
        {{table, "--cluster", "both", "--col-colors",
          write("clustermap-s3.csv", "a,red\na,blue\n")},
         "heatmap: --col-colors " + dir +
             "clustermap-s3.csv line 2 colours 'a' again: give each label once"},
        {{table, "--cluster", "both", "--row-colors", dir + "clustermap-none.csv"},
         "heatmap: --row-colors " + dir +
             "clustermap-none.csv: cannot be read; give a CSV file of label,colour lines"},
    };
    for (const auto& [flags, message] : cases) {
        std::vector<std::string> args = flags;
        args.insert(args.end(), {"-o", out});
        const Run r = run(args);
        CHECK(r.status == (message.empty() ? 0 : 1));
        CHECK(r.err == (message.empty() ? "" : message + "\n"));
        if (!message.empty() && r.err != message + "\n") std::printf("got: %s", r.err.c_str());
    }
}

TEST_CASE("clustermap: the API draws what the command draws, in PNG, SVG and PDF alike") {
    // USArrests through Heatmap<double>::clustermap, as the usarrests-colors case's command line.
    const heatmap::Table t =
        heatmap::read_csv_file(std::string(HEATMAP_TEST_DATA) + "/cluster/USArrests.csv");
    heatmap::ClustermapOptions c;
    c.method = heatmap::LinkageMethod::complete;
    c.standard_scale = heatmap::Axis::columns;
    c.row_colors =
        heatmap::parse_color_strips(figure_check::read_text(data_dir + "state_region.csv"),
                                    t.row_labels, t.rows, "state_region.csv");
    c.col_colors =
        heatmap::parse_color_strips(figure_check::read_text(data_dir + "usarrests_kind.csv"),
                                    t.col_labels, t.cols, "usarrests_kind.csv");
    REQUIRE(c.row_colors.size() == 1);
    CHECK(c.row_colors[0].name == "region");
    CHECK(c.row_colors[0].colors[0] ==
          heatmap::Rgba{31, 119, 180, 255});  // South, first seen: tab10's first
    CHECK(c.col_colors[0].colors[2] == heatmap::parse_color("steelblue"));
    auto h = heatmap::Heatmap<double>::view(t.values.data(), t.rows, t.cols);
    h.row_labels(t.row_labels).col_labels(t.col_labels).figsize(8, 8).clustermap(c);
    const auto expected = figure_check::load_json(data_dir + "usarrests-colors/layout.json");
    const heatmap::FigureLayout png = h.layout();
    REQUIRE(png.cluster);
    REQUIRE(png.cluster->row_order.size() == t.rows);
    for (std::size_t i = 0; i < t.rows; ++i)
        CHECK(static_cast<double>(png.cluster->row_order[i]) == expected["row_order"][i].num());
    heatmap::FigureLayout svg_layout, pdf_layout;
    const std::string svg = h.svg(&svg_layout);
    const std::vector<std::uint8_t> pdf = h.pdf(&pdf_layout);
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(std::string(pdf.begin(), pdf.begin() + 5) == "%PDF-");
    auto near = [](const heatmap::Box& a, const heatmap::Box& b) {
        return std::fabs(a.x0 - b.x0) <= 1 && std::fabs(a.y0 - b.y0) <= 1 &&
               std::fabs(a.x1 - b.x1) <= 1 && std::fabs(a.y1 - b.y1) <= 1;
    };
    for (const heatmap::FigureLayout* v : {&svg_layout, &pdf_layout}) {
        CHECK(near(v->axes, png.axes));
        CHECK(near(v->cluster->row_dendrogram, png.cluster->row_dendrogram));
        CHECK(near(v->cluster->col_dendrogram, png.cluster->col_dendrogram));
        CHECK(near(v->cluster->row_colors[0].box, png.cluster->row_colors[0].box));
    }
    // The regions' legend (beyond seaborn): right of the column dendrogram, above the row labels, the
    // strip's name then its four categories; the column strip is given as colours and has none.
    REQUIRE(png.cluster->legend);
    const heatmap::Box& legend = *png.cluster->legend;
    CHECK(legend.x0 > png.cluster->col_dendrogram.x1);
    CHECK(legend.y1 < png.axes.y0);
    CHECK(legend.x1 <= 800);
    CHECK(png.cluster->legend_left_out.empty());
    CHECK(c.row_colors[0].categories.size() == 4);
    CHECK(c.col_colors[0].categories.empty());
    c.strip_legend = false;
    h.clustermap(c);
    CHECK(!h.layout().cluster->legend);

    // Trees given (seaborn's row_linkage/col_linkage): seaborn's own Z gives seaborn's order, even
    // with another method asked for; a Z of another size is refused.
    std::vector<heatmap::Merge> z;
    for (const auto& m : expected["row_linkage"].arr())
        z.push_back({static_cast<std::size_t>(m[0].num()), static_cast<std::size_t>(m[1].num()),
                     m[2].num(), static_cast<std::size_t>(m[3].num())});
    c.row_linkage = z;
    c.method = heatmap::LinkageMethod::single;
    h.clustermap(c);
    const heatmap::FigureLayout given = h.layout();
    for (std::size_t i = 0; i < t.rows; ++i)
        CHECK(static_cast<double>(given.cluster->row_order[i]) == expected["row_order"][i].num());
    z.pop_back();
    c.row_linkage = z;
    h.clustermap(c);
    CHECK_THROWS_WITH(h.layout(),
                      "row_linkage has 48 merges for 50 leaves: give scipy's Z of n - 1 merges");
    std::ofstream(std::string(HEATMAP_TEST_OUT) + "/clustermap-usarrests-colors.svg") << svg;
    std::ofstream(std::string(HEATMAP_TEST_OUT) + "/clustermap-usarrests-colors.pdf",
                  std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
}

TEST_CASE("clustermap: the README's picture") {
    // examples/clustermap.png: mtcars, each column z-scored, Ward's tree, rows coloured by cylinders.
    //   heatmap mtcars.csv --cluster both --method ward --z-score cols --row-colors mtcars_cyl.csv
    //       -o clustermap.png
    std::vector<std::string> args = case_args("mtcars-ward-cyl");
    args.insert(args.end(), {"-o", std::string(HEATMAP_TEST_OUT) + "/clustermap-readme.png"});
    const Run r = run(args);
    INFO(r.err);
    CHECK(r.status == 0);
}
