// Issue 9's features held against the figures tools/make_feature_refs.py drew with Matplotlib and
// seaborn (tests/data/features/NAME: expected.png, layout.json, case.json, data.csv).
#include <catch2/catch.hpp>
#include <heatmap/heatmap.hpp>
#include <heatmap/csv.hpp>
#include <heatmap/legibility.hpp>
#include <heatmap/seaborn.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "support/figure_check.hpp"

using figure_check::Json;

namespace {

std::string feature_path(const std::string& name, const std::string& file) {
    return std::string(HEATMAP_TEST_DATA) + "/features/" + name + "/" + file;
}

Json layout_of(const std::string& name) {
    return figure_check::load_json(feature_path(name, "layout.json"));
}

double box_width(const Json& b) {
    return b[2].num() - b[0].num();
}
double box_height(const Json& b) {
    return b[3].num() - b[1].num();
}

}  // namespace

TEST_CASE("auto_tick_step is seaborn's rule on the laid-out axes", "[legibility]") {
    const Json l = layout_of("ticks-auto");
    const double dpi = l["dpi"].num();
    // The reference thinned both axes to every 2nd label: 20 of 40 columns, 12 of 24 rows.
    REQUIRE(l["xticklabels"].arr().size() == 20);
    REQUIRE(l["yticklabels"].arr().size() == 12);
    CHECK(heatmap::auto_tick_step(40, box_width(l["axes"]), 10, dpi) == 2);
    CHECK(heatmap::auto_tick_step(24, box_height(l["axes"]), 10, dpi) == 2);
    // seaborn's edges: fewer labels than fit -> all; exactly as many -> every 2nd (its n // max +
    // 1); not even one -> none.
    CHECK(heatmap::auto_tick_step(5, 100, 10, 72) == 1);      // 10 fit
    CHECK(heatmap::auto_tick_step(10, 100, 10, 72) == 2);     // 10 fit, seaborn still halves
    CHECK(heatmap::auto_tick_step(3, 9.9, 10, 72) == 0);      // none fits
    CHECK(heatmap::auto_tick_step(100, 1000, 12, 144) == 3);  // 41 fit at 24 px apart
    CHECK_THROWS_WITH(heatmap::auto_tick_step(3, 100, 0, 100),
                      "auto_tick_step: length, font size and dpi must be positive numbers");
}

TEST_CASE("ellipsize shortens exactly the labels the reference shortened", "[legibility]") {
    const Json l = layout_of("max-label-width");
    const Json c = figure_check::load_json(feature_path("max-label-width", "case.json"));
    const double max_px = c["max_label_width"].num();
    std::set<std::string> shortened;
    for (const Json& s : l["shortened_labels"].arr()) {
        CHECK(heatmap::ellipsize(s[2].str(), max_px, 10, 100) == s[3].str());
        shortened.insert(s[2].str());
    }
    REQUIRE(shortened.size() == 3);
    for (const char* key : {"col_labels", "row_labels"})
        for (const Json& s : c[key].arr())
            if (!shortened.count(s.str()))
                CHECK(heatmap::ellipsize(s.str(), max_px, 10, 100) == s.str());
    CHECK(heatmap::ellipsize("WWWW", 1, 10, 100) == "\xE2\x80\xA6");
    // Multi-byte code points are never cut in half.
    const std::string accents = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";  // e-acute x6
    const std::string cut = heatmap::ellipsize(accents, 30, 10, 100);
    REQUIRE(cut.size() >= 3);
    CHECK(cut.compare(cut.size() - 3, 3, "\xE2\x80\xA6") == 0);
    CHECK((cut.size() - 3) % 2 == 0);
    CHECK_THROWS_WITH(
        heatmap::ellipsize("x", 0, 10, 100),
        "ellipsize: the maximum label width must be a positive number of pixels; leave it "
        "unset to keep labels whole");
}

TEST_CASE("fit_text_size shrinks and drops the annotations the reference did", "[legibility]") {
    const Json l = layout_of("annot-shrink");
    const Json c = figure_check::load_json(feature_path("annot-shrink", "case.json"));
    const double dpi = l["dpi"].num(), min_pt = c["min_annotation_size"].num();
    const std::size_t rows = std::size_t(l["shape"][0].num()),
                      cols = std::size_t(l["shape"][1].num());
    // The reference fitted on the figure drawn with every annotation at 10 pt; annotations do not
    // move constrained layout, so that figure's axes are these.
    const heatmap::Point cell{box_width(l["axes"]) / cols, box_height(l["axes"]) / rows};
    const auto& texts = l["annotations"].arr();
    const auto& sizes = l["annotation_sizes"].arr();
    REQUIRE(texts.size() == sizes.size());
    int shrunk = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto size = heatmap::fit_text_size(texts[i][0].str(), cell, 10, min_pt, dpi);
        REQUIRE(size);
        // Our widths equal Matplotlib's to 1/64 px; sizes agree to 0.05 pt.
        CHECK(*size == Approx(sizes[i].num()).margin(0.05));
        shrunk += sizes[i].num() < 10;
    }
    CHECK(shrunk > 20);
    const auto& dropped = l["dropped_annotations"].arr();
    REQUIRE(dropped.size() == 21);
    for (const Json& d : dropped)
        CHECK_FALSE(heatmap::fit_text_size(d[2].str(), cell, 10, min_pt, dpi));
    CHECK(texts.size() + dropped.size() == rows * cols);
}

namespace {

std::vector<double> values_of(const std::string& name) {
    const heatmap::Table t = heatmap::read_csv_file(feature_path(name, "data.csv"));
    std::vector<double> v;
    for (std::size_t r = 0; r < t.rows; ++r)
        for (std::size_t c = 0; c < t.cols; ++c) v.push_back(t(r, c));
    return v;
}

}  // namespace

TEST_CASE("robust limits are numpy's 2nd and 98th percentiles, to the bit", "[seaborn]") {
    const std::vector<double> v = values_of("robust");
    const Json limits = layout_of("robust")["limits"];
    const auto [lo, hi] = heatmap::robust_limits(v.data(), v.size());
    CHECK(lo == limits[0].num());
    CHECK(hi == limits[1].num());
    // The outliers (500 and -300) are outside.
    CHECK(lo > -300);
    CHECK(hi < 500);
    const double some[] = {NAN, 4, 1, INFINITY, 3, 2};
    CHECK(heatmap::percentile(some, 6, 0) == 1);
    CHECK(heatmap::percentile(some, 6, 100) == 4);
    CHECK(heatmap::percentile(some, 6, 50) == 2.5);
    const double none[] = {NAN};
    CHECK_THROWS_WITH(
        heatmap::robust_limits(none, 1),
        "robust limits need at least one finite value; the data has none, so set vmin "
        "and vmax instead");
}

TEST_CASE("recentered is seaborn's center: the same 256 colors", "[seaborn]") {
    const std::vector<double> v = values_of("center");
    const Json l = layout_of("center");
    const double lo = *std::min_element(v.begin(), v.end()),
                 hi = *std::max_element(v.begin(), v.end());
    CHECK(lo == l["limits"][0].num());
    CHECK(hi == l["limits"][1].num());
    const heatmap::Colormap map = heatmap::recentered(heatmap::colormap("icefire"), lo, hi, 0.0);
    const auto& expected = l["colormap"].arr();
    REQUIRE(map.size() == 256);
    REQUIRE(expected.size() == 256);
    int off = 0;
    for (std::size_t i = 0; i < 256; ++i)
        off += heatmap::detail::color_name(map.colors()[i]) != expected[i].str();
    CHECK(off == 0);
    CHECK(map.bad() == heatmap::colormap("icefire").bad());
}

// ---- Whole figures through Heatmap<double>, each held against its reference ----

namespace {

heatmap::Colormap case_cmap(const Json& c) {
    heatmap::Colormap map = heatmap::colormap("viridis");
    if (c.has("cmap")) {
        if (const auto* list = std::get_if<std::vector<Json>>(&c["cmap"].v)) {
            std::vector<heatmap::Rgba> colors;
            for (const Json& s : *list) colors.push_back(heatmap::parse_color(s.str()));
            map = heatmap::Colormap::listed(colors);
        } else {
            map = heatmap::colormap(c["cmap"].str());
        }
    }
    if (c.has("lut")) map = map.resampled(int(c["lut"].num()));
    if (c.has("under")) map = map.with_under(heatmap::parse_color(c["under"].str()));
    if (c.has("over")) map = map.with_over(heatmap::parse_color(c["over"].str()));
    if (c.has("bad")) map = map.with_bad(heatmap::parse_color(c["bad"].str()));
    return map;
}

std::optional<double> opt(const Json& c, const char* key) {
    if (!c.has(key) || c[key].is_null()) return std::nullopt;
    return c[key].num();
}

heatmap::Norm case_norm(const Json& c, int ncolors) {
    const std::string kind = c.has("norm") ? c["norm"].str() : "linear";
    const auto lo = opt(c, "vmin"), hi = opt(c, "vmax");
    if (kind == "log") return heatmap::LogNorm{lo, hi};
    if (kind == "power") return heatmap::PowerNorm{c["gamma"].num(), lo, hi};
    if (kind == "symlog") return heatmap::SymLogNorm{c["linthresh"].num(), 1.0, lo, hi};
    if (kind == "twoslope") return heatmap::TwoSlopeNorm{c["vcenter"].num(), lo, hi};
    if (kind == "centered")
        return heatmap::CenteredNorm{opt(c, "vcenter").value_or(0.0), opt(c, "halfrange")};
    if (kind == "boundary") {
        std::vector<double> b;
        for (const Json& v : c["boundaries"].arr()) b.push_back(v.num());
        return heatmap::BoundaryNorm{b, ncolors};
    }
    return heatmap::Normalize{lo, hi};
}

std::vector<std::string> strings(const Json& a) {
    std::vector<std::string> out;
    for (const Json& s : a.arr()) out.push_back(s.str());
    return out;
}

// seaborn.heatmap's keyword arguments (case.json's "seaborn" object) as the seaborn style states
// them; seaborn's own defaults (rocket, or icefire with a center; fmt ".2g") are the style's.
void apply_seaborn(heatmap::Heatmap<double>& h, const Json& kw) {
    h.style(heatmap::Style::seaborn);
    for (const auto& [key, v] : std::get<std::map<std::string, Json>>(kw.v)) {
        if (key == "annot") {
            REQUIRE(v.num() != 0);
            h.annotate(kw.has("fmt") ? kw["fmt"].str() : std::string(".2g"));
        } else if (key == "fmt") {
            REQUIRE(kw.has("annot"));
        } else if (key == "cmap") {
            h.cmap(v.str());
        } else if (key == "center") {
            h.center(v.num());
        } else if (key == "robust") {
            h.robust(v.num() != 0);
        } else if (key == "square") {
            h.square(v.num() != 0);
        } else if (key == "linewidths") {
            h.linewidths(v.num());
        } else if (key == "linecolor") {
            h.linecolor(v.str());
        } else if (key == "cbar_kws") {
            for (const auto& [k, x] : std::get<std::map<std::string, Json>>(v.v)) {
                if (k == "shrink")
                    h.colorbar_shrink(x.num());
                else if (k == "label")
                    h.colorbar_label(x.str());
                else
                    FAIL("seaborn cbar_kws " << k << " is not applied by the test");
            }
        } else {
            FAIL("seaborn option " << key << " is not applied by the test");
        }
    }
}

// The case as the library's API states it; every key of case.json the test knows is applied, and an
// unknown one fails the test, so a reference never silently tests less than it shows.
heatmap::Heatmap<double> case_heatmap(const std::string& name) {
    const Json c = figure_check::load_json(feature_path(name, "case.json"));
    heatmap::CsvOptions csv;  // the writer's layout, not a guess: numeric labels stay labels
    csv.header = c.has("col_labels") && !c["col_labels"].is_null();
    csv.index = c.has("row_labels") && !c["row_labels"].is_null();
    const heatmap::Table t = heatmap::read_csv_file(feature_path(name, "data.csv"), csv);
    heatmap::Heatmap<double> h(t.values.data(), t.rows, t.cols);
    const auto& keys = std::get<std::map<std::string, Json>>(c.v);
    heatmap::Colormap cmap = case_cmap(c);
    heatmap::Norm norm = case_norm(c, cmap.size());
    if (!c.has("seaborn")) h.cmap(cmap).norm(norm);  // seaborn picks its own colormap
    for (const auto& [key, v] : keys) {
        static const std::set<std::string> elsewhere = {
            "name",      "cmap",        "lut",           "under",      "over",
            "bad",       "norm",        "vmin",          "vmax",       "gamma",
            "linthresh", "vcenter",     "halfrange",     "boundaries", "fmt",
            "threshold", "annot_color", "annot_strings", "xha"};
        if (elsewhere.count(key)) continue;  // applied above or with annot
        if (key == "row_labels") {
            if (!v.is_null()) h.row_labels(strings(v));
        } else if (key == "col_labels") {
            if (!v.is_null()) h.col_labels(strings(v));
        } else if (key == "figsize") {
            h.figsize(v[0].num(), v[1].num());
        } else if (key == "dpi") {
            h.dpi(v.num());
        } else if (key == "title") {
            h.title(v.str());
        } else if (key == "xlabel") {
            h.xlabel(v.str());
        } else if (key == "ylabel") {
            h.ylabel(v.str());
        } else if (key == "cbar_label") {
            h.colorbar_label(v.str());
        } else if (key == "cbar") {
            h.colorbar(v.num() != 0);
        } else if (key == "xrotation") {
            h.xrotation(v.num());
        } else if (key == "linewidths") {
            h.linewidths(v.num());
        } else if (key == "linecolor") {
            h.linecolor(v.str());
        } else if (key == "robust") {
            h.robust(v.num() != 0);
        } else if (key == "center") {
            h.center(v.num());
        } else if (key == "mask") {
            std::vector<bool> m;
            for (const Json& row : v.arr())
                for (const Json& f : row.arr()) m.push_back(f.num() != 0);
            h.mask(m);
        } else if (key == "aspect") {
            REQUIRE(v.str() == "auto");
            h.aspect_auto();
        } else if (key == "xticks_every" || key == "yticks_every") {
            const bool x = key[0] == 'x';
            if (std::holds_alternative<std::string>(v.v)) {
                REQUIRE(v.str() == "auto");
                x ? h.xticklabels_auto() : h.yticklabels_auto();
            } else {
                x ? h.xticks_every(std::size_t(v.num())) : h.yticks_every(std::size_t(v.num()));
            }
        } else if (key == "labels_top") {
            h.labels_on_top(v.num() != 0);
        } else if (key == "font_size") {
            h.font_size(v.num());
        } else if (key == "title_size") {
            h.title_size(v.num());
        } else if (key == "facecolor") {
            h.facecolor(v.str());
        } else if (key == "transparent") {
            h.transparent(v.num() != 0);
        } else if (key == "cbar_location") {
            REQUIRE(v.str() == "bottom");
            h.colorbar_horizontal(true);
        } else if (key == "extend") {
            h.extend(v.str());
        } else if (key == "cbar_format") {
            h.colorbar_format(v.str());
        } else if (key == "cbar_shrink") {
            h.colorbar_shrink(v.num());
        } else if (key == "max_label_width") {
            h.max_label_width(v.num());
        } else if (key == "min_annotation_size") {
            h.min_annotation_size(v.num());
        } else if (key == "seaborn") {
            apply_seaborn(h, v);
        } else if (key == "annot") {
            if (c.has("annot_strings")) {
                std::vector<std::string> texts;
                for (const Json& row : c["annot_strings"].arr())
                    for (const Json& s : row.arr()) texts.push_back(s.str());
                h.annotations(texts);
            } else {
                h.annotate(c.has("fmt") ? c["fmt"].str() : std::string("g"));
            }
            if (c.has("threshold")) h.text_threshold(c["threshold"].num());
            if (c.has("annot_color")) h.text_color(heatmap::parse_color(c["annot_color"].str()));
        } else {
            FAIL("case " << name << ": option " << key << " is not applied by the test");
        }
    }
    return h;
}

// Measured on the committed references, with headroom; see the table in check_case's callers.
struct Tolerance {
    double rms = 3;     // RMS over all channels (the tutorial's test allows 1)
    double box = 0.1;   // px, worst box offset
    int cells_off = 0;  // cells whose sampled color differs by more than 1
    // Colorbar pixels (2 px in from its box) that differ at all: its bands are exact in color; in
    // three figures one pixel row on a band boundary lands in the neighbouring band.
    int colorbar_px = 0;
};

void check_case(const std::string& name, Tolerance tol = {}) {
    const auto h = case_heatmap(name);
    const heatmap::Image image = h.render();
    const heatmap::FigureLayout layout = h.layout();
    heatmap::save_png(image, std::string(HEATMAP_TEST_OUT) + "/feature-" + name + ".png");
    layout.save_json(std::string(HEATMAP_TEST_OUT) + "/feature-" + name + ".json");
    const auto expected_png = figure_check::load_png(feature_path(name, "expected.png"));
    const Json expected = layout_of(name);
    const Json actual = figure_check::JsonReader(layout.to_json()).parse();
    const auto c = figure_check::compare(expected_png, expected, image, actual);
    std::printf(
        "%-18s rms %6.2f  worst box %5.2f px  cells off %d/%d inexact %d  colorbar px off %d\n",
        name.c_str(), c.rms, c.worst_box, c.cells_off, c.cells, c.cells_inexact, c.colorbar_px_off);
    INFO("case " << name << ": rms " << c.rms << ", worst box " << c.worst_box << " px ("
                 << c.worst_box_name << "), cells off " << c.cells_off << "/" << c.cells);
    for (const auto& p : c.problems) INFO(p);
    CHECK(c.problems.empty());
    // What the legibility rules left out or cut, and the sizes they chose, as the reference has
    // them.
    for (const char* key : {"dropped_annotations", "shortened_labels"}) {
        const auto& e = expected[key].arr();
        const auto& a = actual[key].arr();
        REQUIRE(a.size() == e.size());
        for (std::size_t i = 0; i < e.size(); ++i)
            for (std::size_t k = 0; k < e[i].arr().size(); ++k) {
                const Json &ek = e[i][k], &ak = a[i][k];
                if (std::holds_alternative<double>(ek.v))
                    CHECK(ak.num() == ek.num());
                else
                    CHECK(ak.str() == ek.str());
            }
    }
    const auto& es = expected["annotation_sizes"].arr();
    const auto& as = actual["annotation_sizes"].arr();
    REQUIRE(as.size() == es.size());
    for (std::size_t i = 0; i < es.size(); ++i)
        CHECK(as[i].num() == Approx(es[i].num()).margin(0.05));
    CHECK(c.cells_off <= tol.cells_off);
    CHECK(c.cells_inexact == 0);  // every sampled cell to the byte
    CHECK(c.colorbar_px_off <= tol.colorbar_px);
    CHECK(c.worst_box <= tol.box);
    CHECK(c.rms <= tol.rms);
}

}  // namespace

TEST_CASE("figures with the core's options match their references", "[figure]") {
    for (const char* name :
         {"bad-color",     "cbar-off",         "linewidths",    "long-labels",   "annot-strings",
          "norm-log",      "norm-symlog",      "norm-twoslope", "norm-centered", "norm-power",
          "norm-boundary", "discrete-cmap",    "robust",        "center",        "missing-mask",
          "aspect-auto",   "xticks-every-2",   "xticks-none",   "ticks-auto",    "labels-top",
          "title-size",    "cbar-shrink",      "cbar-format",   "extend-min",    "extend-max",
          "extend-both",   "extend-horizontal"})
        SECTION(name) {
            check_case(name,
                       name == std::string("labels-top") ? Tolerance{3, 0.1, 0, 16} : Tolerance{});
        }
}

// Wider RMS where text is drawn at sizes or over backgrounds the glyph cache meets less
// (measured: 4.0, 3.6, 5.5, 5.2, 11.1), and where one pixel row at a cell boundary lands on the
// other side of Agg's rounding (facecolor 6.0, transparent 6.9: both carry a title that puts the
// boundary at .5 px). Boxes stay within 0.1 px except the shrunk annotations (0.51: fractional
// sizes).
TEST_CASE("figures with text at other sizes match their references", "[figure]") {
    const std::pair<const char*, Tolerance> cases[] = {
        {"aspect-equal", {5, 0.1, 0}},   {"xrotation-90", {4.5, 0.1, 0}},
        {"font-size-14", {6.5, 0.1, 0}}, {"max-label-width", {6, 0.1, 0}},
        {"facecolor", {7, 0.1, 0}},      {"transparent", {8, 0.1, 0}},
        {"annot-shrink", {12, 0.6, 0}}};
    for (const auto& [name, tol] : cases) SECTION(name) {
            check_case(name, tol);
        }
}

TEST_CASE("the feature setters refuse bad values with messages that name the fix", "[errors]") {
    heatmap::Heatmap<double> h({{1, 2, 3}, {4, 5, 6}});
    CHECK_THROWS_WITH(h.mask({true, false}),
                      "mask has 2 flags for 6 cells: give one flag per cell, row by row");
    CHECK_THROWS_WITH(h.annotations({"a"}),
                      "annotations has 1 texts for 6 cells: give one text per cell, row by row");
    CHECK_THROWS_WITH(h.colorbar_shrink(0),
                      "colorbar_shrink 0 is outside (0, 1]: give the fraction of "
                      "the axes' length the colorbar spans");
    CHECK_THROWS_WITH(h.max_label_width(-1),
                      "max_label_width -1 is not positive: give pixels above 0");
    CHECK_THROWS_WITH(h.min_annotation_size(0),
                      "min_annotation_size: 0 pt is not a font size above 0 and at most 1000 pt; "
                      "give one such as 10");
    CHECK_THROWS_WITH(
        h.font_size(NAN),
        "font_size: nan pt is not a font size above 0 and at most 1000 pt; give one such as 10");
    CHECK_THROWS_AS(h.colorbar_format("{x:.1q}"), std::invalid_argument);
    CHECK_THROWS_WITH(h.center(INFINITY), "center is not finite: give a finite number");
    // A mask that hides every cell leaves nothing to take limits from: Matplotlib's 0..0, no crash.
    h.mask(std::vector<bool>(6, true)).annotate(".1f").figsize(3, 2).dpi(50);
    const heatmap::FigureLayout l = h.layout();
    CHECK(l.annotations.empty());
    for (const auto& cell : l.cells) CHECK(cell.color == heatmap::Rgba{0, 0, 0, 0});
    CHECK(h.render().width == 150);
}

// The horizontal colorbar's own parts sit where Matplotlib puts them relative to the bar: ticks
// chosen for its width, labels centred under their ticks, the label under them.
TEST_CASE("a horizontal colorbar lays out its ticks and label as Matplotlib does", "[figure]") {
    const heatmap::FigureLayout l = case_heatmap("cbar-horizontal").layout();
    const Json e = layout_of("cbar-horizontal");
    REQUIRE(l.colorbar);
    const heatmap::Box bar = *l.colorbar;
    const Json& eb = e["colorbar"];
    CHECK(bar.width() == Approx(box_width(eb)).margin(0.1));
    CHECK(bar.height() == Approx(box_height(eb)).margin(0.1));
    const auto& el = e["colorbar_ticklabels"].arr();
    REQUIRE(l.colorbar_ticklabels.size() == el.size());
    for (std::size_t i = 0; i < el.size(); ++i) {
        CHECK(l.colorbar_ticklabels[i].text == el[i][0].str());
        const heatmap::Box& b = l.colorbar_ticklabels[i].box;
        CHECK(b.x0 - bar.x0 == Approx(el[i][1][0].num() - eb[0].num()).margin(0.1));
        CHECK(b.y0 - bar.y1 == Approx(el[i][1][1].num() - eb[3].num()).margin(0.1));
    }
    REQUIRE(l.colorbar_label);
    CHECK(l.colorbar_label->y0 - bar.y1 ==
          Approx(e["colorbar_label"][1].num() - eb[3].num()).margin(0.1));
}

TEST_CASE("a horizontal colorbar's figure matches its reference", "[figure]") {
    check_case("cbar-horizontal");
}

// seaborn.heatmap's own figures through Style::seaborn (measured: rms 1.50, 1.47, 1.71; worst box
// 0.00, 0.01, 0.00 px; every cell's color exact, as Agg rounds the colormap's floats in
// pcolormesh; laid out twice as seaborn's figures are).
TEST_CASE("seaborn style figures match seaborn.heatmap's", "[figure][seaborn]") {
    const std::pair<const char*, Tolerance> cases[] = {{"seaborn-annot", {2.5, 0.1, 0, 16}},
                                                       {"seaborn-center", {2.5, 0.1, 0, 16}},
                                                       {"seaborn-robust", {2.5, 0.1, 0}}};
    for (const auto& [name, tol] : cases) SECTION(name) {
            check_case(name, tol);
        }
}
