// Norms against Matplotlib: norms.csv (a copy of the shared reference), norm_cases.csv (limits from
// data and inverses) and map_values.csv (every named map and _r through a norm, the colors imshow
// paints), the last two written by tools/make_color_refs.py.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <heatmap/norm.hpp>

#include "colors_support.hpp"

using colors_support::number;
using colors_support::read_csv;
using colors_support::show;
using namespace heatmap;

namespace {

// "Kind key=value ..." as tools/make_color_refs.py writes norms (lists joined with '/').
Norm parse_spec(const std::string& spec) {
    std::istringstream words(spec);
    std::string kind;
    words >> kind;
    std::map<std::string, std::string> kw;
    for (std::string word; words >> word;)
        kw[word.substr(0, word.find('='))] = word.substr(word.find('=') + 1);
    auto opt = [&](const char* key) -> std::optional<double> {
        if (!kw.count(key)) return std::nullopt;
        return number(kw[key]);
    };
    auto get = [&](const char* key, double fallback) {
        return kw.count(key) ? number(kw[key]) : fallback;
    };
    const bool clip = get("clip", 0) != 0;
    if (kind == "Normalize") return Normalize{opt("vmin"), opt("vmax"), clip};
    if (kind == "LogNorm") return LogNorm{opt("vmin"), opt("vmax"), clip};
    if (kind == "PowerNorm") return PowerNorm{get("gamma", 1), opt("vmin"), opt("vmax"), clip};
    if (kind == "SymLogNorm")
        return SymLogNorm{get("linthresh", 1), get("linscale", 1), opt("vmin"), opt("vmax"), clip,
                          get("base", 10)};
    if (kind == "TwoSlopeNorm") return TwoSlopeNorm{get("vcenter", 0), opt("vmin"), opt("vmax")};
    if (kind == "CenteredNorm") return CenteredNorm{get("vcenter", 0), opt("halfrange"), clip};
    REQUIRE(kind == "BoundaryNorm");
    BoundaryNorm norm;
    std::istringstream edges(kw["boundaries"]);
    for (std::string edge; std::getline(edges, edge, '/');) norm.boundaries.push_back(number(edge));
    norm.ncolors = static_cast<int>(get("ncolors", 256));
    norm.extend = heatmap::parse_extend(kw.count("extend") ? kw["extend"] : "neither");
    norm.clip = clip;
    return norm;
}

// norms.csv's params are flat JSON ({"vmin": 15, "boundaries": [0, 10], "extend": "both", "clip":
// true}): rewrite them as a spec.
std::string spec_from_json(const std::string& kind, std::string json) {
    for (char& c : json)
        if (c == '{' || c == '}' || c == '"' || c == ',' || c == ':') c = ' ';
    std::istringstream words(json);
    std::string spec = kind, key, word;
    bool in_list = false;
    while (words >> word) {
        if (word[0] == '[') {
            spec += " " + key + "=" + word.substr(1);
            in_list = word.back() != ']';
            if (!in_list) spec.pop_back();
        } else if (in_list) {
            in_list = word.back() != ']';
            spec += "/" + (in_list ? word : word.substr(0, word.size() - 1));
        } else if (key.empty()) {
            key = word;
            continue;
        } else {
            spec += " " + key + "=" + (word == "true" ? "1" : word == "false" ? "0" : word);
        }
        if (!in_list) key.clear();
    }
    return spec;
}

bool same_value(double got, double expected) {
    if (std::isnan(expected)) return std::isnan(got);
    if (std::isinf(expected)) return got == expected;
    return got == Approx(expected).epsilon(1e-12).margin(1e-300);
}

}  // namespace

TEST_CASE("the reference's spec reader reads what it should") {
    CHECK(spec_from_json("BoundaryNorm",
                         R"({"boundaries": [0, 10, 20], "ncolors": 3, "extend": "both"})") ==
          "BoundaryNorm boundaries=0/10/20 ncolors=3 extend=both");
    CHECK(spec_from_json("Normalize", R"({"vmin": 0, "vmax": 1, "clip": true})") ==
          "Normalize vmin=0 vmax=1 clip=1");
}

TEST_CASE("every norm row of the reference, to 1e-12 relative") {
    const auto table = read_csv("norms.csv");
    REQUIRE(table.rows.size() == 195);
    int nan_rows = 0;
    for (const auto& row : table.rows) {
        const std::string spec = spec_from_json(row[0], row[1]);
        const Norm norm = parse_spec(spec);
        const double value = number(row[2]), expected = number(row[3]);
        INFO(spec << " at " << row[2] << " -> " << row[3]);
        const double got = normalize(norm, value);
        if (std::isnan(value)) {
            // NaN stays bad. The reference fed NaN unmasked, where Normalize(5, 5) fills 0 and
            // BoundaryNorm's np.digitize sorts NaN past the last edge; imshow masks NaN first
            // (map_values.csv holds that).
            CHECK(std::isnan(got));
            ++nan_rows;
            continue;
        }
        CHECK(same_value(got, expected));
        // The inverse takes the position back to the value, where the norm keeps it: not for
        // BoundaryNorm's bins, Normalize(5, 5), clipped values, or PowerNorm below vmin (all 0).
        const double lo = norm_vmin(norm), hi = norm_vmax(norm);
        const bool kept =
            row[0] != "BoundaryNorm" && lo != hi &&
            ((value >= lo && value <= hi) ||
             (row[1].find("clip") == std::string::npos && !(row[0] == "PowerNorm" && value < lo)));
        if (kept && std::isfinite(got))
            CHECK(inverse(norm, got) == Approx(value).epsilon(1e-9).margin(1e-9 * (hi - lo)));
    }
    CHECK(nan_rows == 16);
}

TEST_CASE("limits from data, and inverses, as Matplotlib's autoscale_None and inverse give them") {
    const auto table = read_csv("norm_cases.csv");
    REQUIRE(table.rows.size() > 100);
    for (const auto& row : table.rows) {
        std::vector<double> data;
        std::istringstream items(row[1]);
        for (std::string item; std::getline(items, item, '/');) data.push_back(number(item));
        INFO(row[0] << " on " << row[1] << " at " << row[4]);
        const Norm norm = autoscaled(parse_spec(row[0]), data);
        CHECK(norm_vmin(norm) == number(row[2]));
        CHECK(norm_vmax(norm) == number(row[3]));
        const double u = normalize(norm, number(row[4]));
        CHECK(same_value(u, number(row[5])));
        // Inverses differ in the last bits from numpy's (pow and log differ by an ulp): hold them
        // to the range.
        const double span = norm_vmax(norm) - norm_vmin(norm);
        if (std::isfinite(u))
            CHECK(inverse(norm, u) == Approx(number(row[6])).epsilon(1e-12).margin(1e-12 * span));
    }
}

TEST_CASE("every named map and _r paints imshow's colors through map_value") {
    const auto table = read_csv("map_values.csv");
    // (cmap, norm) -> (value, color) in file order
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, Rgba>>> groups;
    for (const auto& row : table.rows)
        groups[{row[0], row[1]}].emplace_back(number(row[2]), colors_support::rgba(row, 3));
    REQUIRE(groups.size() == 178);
    std::size_t checked = 0;
    for (const auto& [key, rows] : groups) {
        std::vector<double> data;
        for (const auto& r : rows) data.push_back(r.first);
        const Colormap cmap = colormap(key.first);
        // Limits left out of the spec come from the same values imshow drew.
        const Norm norm = autoscaled(parse_spec(key.second), data);
        for (const auto& [value, expected] : rows) {
            INFO(key.first << " / " << key.second << " at " << value);
            CHECK(show(map_value(cmap, norm, value)) == show(expected));
            ++checked;
        }
    }
    CHECK(checked == table.rows.size());
}

TEST_CASE("edges of the norms") {
    const double nan = std::numeric_limits<double>::quiet_NaN(),
                 inf = std::numeric_limits<double>::infinity();
    CHECK(std::isnan(normalize(LogNorm{1.0, 100.0}, 0.0)));
    CHECK(std::isnan(normalize(LogNorm{1.0, 100.0}, inf)));  // masked_invalid after the log
    CHECK(normalize(Normalize{0.0, 1.0}, inf) == inf);       // over, unless imshow masks it first
    CHECK(map_value(colormap("viridis"), Normalize{0.0, 1.0}, inf) == Rgba{0, 0, 0, 0});
    CHECK(map_value(colormap("viridis"), Normalize{0.0, 1.0}, 1.0) ==
          colormap("viridis").at_index(255));
    CHECK(normalize(TwoSlopeNorm{0.0, -1.0, 4.0}, -2.0) == -inf);
    CHECK(normalize(TwoSlopeNorm{0.0, -1.0, 4.0}, 5.0) == inf);
    CHECK(normalize(TwoSlopeNorm{0.0, -1.0, 4.0}, 2.0) == 0.75);
    CHECK(std::isnan(normalize(TwoSlopeNorm{0.0, -1.0, 4.0}, nan)));
    CHECK(normalize(PowerNorm{2.0, 0.0, 10.0}, -5.0) == 0.0);  // below vmin is 0, not under
    CHECK(normalize(CenteredNorm{1.0, -2.0}, 3.0) == 1.0);     // halfrange's sign is dropped
    const BoundaryNorm one_bin{{0.0, 1.0}, 5};
    CHECK(normalize(one_bin, 0.5) == 2.0);  // a single bin takes the middle color
    const BoundaryNorm clipped{{0.0, 1.0, 2.0}, 4, true};
    CHECK(normalize(clipped, 7.0) == 3.0);
    CHECK(normalize(clipped, -7.0) == 0.0);
    CHECK(inverse(BoundaryNorm{{0.0, 10.0, 100.0}, 2}, 0.75) == 55.0);
    CHECK(inverse(BoundaryNorm{{0.0, 10.0, 100.0}, 2}, 1.5) == inf);
    // Limits from data ignore NaN and infinities; LogNorm also ignores values <= 0.
    const std::vector<double> data{nan, -3.0, 0.0, 2.0, inf, 50.0, -inf};
    CHECK(norm_vmin(autoscaled(Normalize{}, data)) == -3.0);
    CHECK(norm_vmax(autoscaled(Normalize{}, data)) == 50.0);
    CHECK(norm_vmin(autoscaled(LogNorm{}, data)) == 2.0);
    CHECK(norm_vmin(autoscaled(TwoSlopeNorm{10.0}, std::vector<double>{12.0, 20.0})) == 10.0);
    CHECK(norm_vmax(autoscaled(CenteredNorm{10.0}, std::vector<double>{12.0, 20.0})) == 20.0);
    CHECK(norm_vmin(autoscaled(CenteredNorm{10.0}, std::vector<double>{12.0, 20.0})) == 0.0);
    // All cells bad: limits become 0, and every value stays bad.
    const Norm empty = autoscaled(Normalize{}, std::vector<double>{nan, nan});
    CHECK(norm_vmin(empty) == 0.0);
    CHECK(map_value(colormap("magma"), empty, nan) == Rgba{0, 0, 0, 0});
    // Given limits are kept.
    CHECK(norm_vmax(autoscaled(Normalize{std::nullopt, 7.0}, data)) == 7.0);
}

TEST_CASE("invalid parameters throw naming the parameter and the fix") {
    const std::vector<double> none;
    CHECK_THROWS_WITH(
        normalize(Normalize{}, 1.0),
        "Normalize: vmin is not set; set vmin and vmax, or take them from the data with "
        "heatmap::autoscaled().");
    CHECK_THROWS_WITH(normalize(Normalize{5.0, 3.0}, 1.0),
                      "Normalize: vmin (5) is greater than vmax (3); give vmin <= vmax.");
    CHECK_THROWS_WITH(normalize(Normalize{0.0, std::nan("")}, 1.0),
                      "Normalize: vmax is nan; give a finite vmax.");
    CHECK_THROWS_WITH(
        normalize(LogNorm{0.0, 10.0}, 1.0),
        "LogNorm: vmin must be positive (got 0); a log scale starts above 0, so give the smallest "
        "positive value to show.");
    CHECK_THROWS_WITH(
        normalize(LogNorm{-1.0, -0.5}, 1.0),
        "LogNorm: vmin must be positive (got -1); a log scale starts above 0, so give the smallest "
        "positive value to show.");
    CHECK_THROWS_WITH(autoscaled(LogNorm{}, std::vector<double>{-1.0, 0.0}),
                      "LogNorm: the data has no positive finite value to take vmin and vmax from; "
                      "set them, or use "
                      "a linear norm.");
    CHECK_THROWS_WITH(
        normalize(PowerNorm{0.0, 0.0, 1.0}, 1.0),
        "PowerNorm: gamma must be a positive number (got 0); 1 is linear, below 1 spreads the low "
        "values, above 1 the high ones.");
    CHECK_THROWS_WITH(
        normalize(SymLogNorm{0.0, 1.0, -1.0, 1.0}, 1.0),
        "SymLogNorm: linthresh must be positive (got 0); it is the half-width of the linear range "
        "around 0.");
    CHECK_THROWS_WITH(normalize(SymLogNorm{1.0, -1.0, -1.0, 1.0}, 1.0),
                      "SymLogNorm: linscale must be positive (got -1); 1 gives the linear range as "
                      "much room as one "
                      "decade.");
    CHECK_THROWS_WITH(normalize(SymLogNorm{1.0, 1.0, -1.0, 1.0, false, 1.0}, 1.0),
                      "SymLogNorm: base must be larger than 1 (got 1).");
    CHECK_THROWS_WITH(normalize(TwoSlopeNorm{5.0, 0.0, 4.0}, 1.0),
                      "TwoSlopeNorm: vcenter (5) is outside [vmin, vmax] = [0, 4]; move vcenter "
                      "between the limits "
                      "or widen them.");
    CHECK_THROWS_WITH(autoscaled(TwoSlopeNorm{0.0, 0.0, 4.0}, none),
                      "TwoSlopeNorm: vmin, vcenter and vmax must increase (vmin = 0, vcenter = 0, "
                      "vmax = 4); move "
                      "vcenter between the limits.");
    CHECK_THROWS_WITH(
        autoscaled(TwoSlopeNorm{4.0, std::nullopt, 4.0}, none),
        "TwoSlopeNorm: vmin, vcenter and vmax must increase (vmin = unset, vcenter = 4, vmax = 4); "
        "move vcenter between the limits.");
    CHECK_THROWS_WITH(normalize(CenteredNorm{}, 1.0),
                      "CenteredNorm: halfrange is not set; set it, or take it from the data with "
                      "heatmap::autoscaled().");
    CHECK_THROWS_WITH(normalize(BoundaryNorm{{1.0}, 4}, 1.0),
                      "BoundaryNorm: boundaries has 1 value; give at least 2 bin edges (1 bin).");
    CHECK_THROWS_WITH(normalize(BoundaryNorm{{0.0, 2.0, 1.0}, 4}, 1.0),
                      "BoundaryNorm: boundaries must increase, but boundaries[2] = 1 follows 2; "
                      "sort them and drop "
                      "repeats.");
    CHECK_THROWS_WITH(normalize(BoundaryNorm{{0.0, 1.0, 1.0}, 4}, 1.0),
                      "BoundaryNorm: boundaries must increase, but boundaries[2] = 1 follows 1; "
                      "sort them and drop "
                      "repeats.");
    CHECK_THROWS_WITH(
        normalize(BoundaryNorm{{0.0, 1.0, 2.0}, 1}, 1.0),
        "BoundaryNorm: there are 2 color bins including extensions, but ncolors = 1; ncolors must "
        "equal or exceed the number of bins.");
    CHECK_THROWS_WITH(heatmap::parse_extend("upper"),
                      "extend \"upper\" is not one of neither, min, max, both: pick one of those");
    CHECK_THROWS_WITH(normalize(BoundaryNorm{{0.0, 1.0}, 4, true, heatmap::Extend::both}, 1.0),
                      "BoundaryNorm: clip = true does not go with extend = \"both\"; clip folds "
                      "the ends into the "
                      "first and last bins, extend gives them their own colors: choose one.");
    CHECK_THROWS_AS(norm_vmin(Normalize{}), std::invalid_argument);
}

TEST_CASE("map_image paints whole images as imshow does, its resampling round trip included") {
    const auto table = read_csv("imshow_cells.csv");
    std::map<std::string, std::vector<std::vector<std::string>>> cases;
    for (const auto& row : table.rows) cases[row[0]].push_back(row);
    REQUIRE(cases.size() == 15);
    int round_trip_differs = 0;
    for (const auto& [name, rows] : cases) {
        std::vector<double> values;
        for (const auto& row : rows) values.push_back(number(row[3]));
        const Colormap cmap = colormap(rows[0][1]);
        const Norm norm = parse_spec(rows[0][2]);
        const std::vector<Rgba> colors = map_image(cmap, norm, values);
        const Norm scaled = autoscaled(norm, values);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            INFO(name << " (" << rows[i][2] << ") at " << rows[i][3]);
            // imshow's pixel is the color over the white figure; every map here is opaque, bad
            // transparent.
            const Rgba c = colors[i];
            REQUIRE((c.a == 255 || c == Rgba{0, 0, 0, 0}));
            const Rgba painted = c.a == 0 ? Rgba{255, 255, 255, 255} : c;
            CHECK(show(painted) == show(colors_support::rgba(rows[i], 4)));
            round_trip_differs +=
                std::isfinite(values[i]) && map_value(cmap, scaled, values[i]) != c;
        }
    }
    // The round trip matters: these cells are where the plain norm-and-colormap step paints another
    // entry.
    CHECK(round_trip_differs > 0);
}
