// Color strings against Matplotlib's own reading of them (tests/data/colors/colors.csv, written by
// tools/make_color_refs.py), and the errors for strings Matplotlib would refuse.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <heatmap/color.hpp>

#include "colors_support.hpp"

using heatmap::parse_color;
using heatmap::Rgba;

TEST_CASE("every color string in the reference reads as Matplotlib reads it") {
    const auto table = colors_support::read_csv("colors.csv");
    REQUIRE(table.rows.size() > 1130);  // the CSS4 and xkcd names plus the hand-picked forms
    for (const auto& row : table.rows) {
        INFO("spec " << row[0]);
        CHECK(colors_support::show(parse_color(row[0])) ==
              colors_support::show(colors_support::rgba(row, 1)));
    }
}

TEST_CASE("relative luminance is seaborn's on byte / 255") {
    const auto table = colors_support::read_csv("colors.csv");
    for (const auto& row : table.rows) {
        INFO("spec " << row[0]);
        const double expected = colors_support::number(row[5]);
        CHECK(heatmap::relative_luminance(colors_support::rgba(row, 1)) ==
              Approx(expected).epsilon(1e-12));
    }
    // seaborn's rule for annotation text: dark ("0.15") above 0.408. Pure white and black are the
    // extremes.
    CHECK(heatmap::relative_luminance({255, 255, 255, 255}) == 1.0);
    CHECK(heatmap::relative_luminance({0, 0, 0, 255}) == 0.0);
}

TEST_CASE("hex forms") {
    CHECK(parse_color("#f0A") == Rgba{255, 0, 170, 255});
    CHECK(parse_color("#f0a8") == Rgba{255, 0, 170, 136});
    CHECK(parse_color("#0080fF") == Rgba{0, 128, 255, 255});
    CHECK(parse_color("#0080ff40") == Rgba{0, 128, 255, 64});
}

TEST_CASE("single letters are case-sensitive, names are not") {
    CHECK(parse_color("k") == Rgba{0, 0, 0, 255});
    CHECK(parse_color("WHITE") == Rgba{255, 255, 255, 255});
    CHECK_THROWS_WITH(
        parse_color("K"),
        "unknown color \"K\". Write \"#rgb\", \"#rrggbb\", \"#rrggbbaa\", a grey level in [0, 1] "
        "such "
        "as \"0.15\", a Matplotlib name such as \"w\", \"k\", \"white\" or \"red\", \"tab:blue\", "
        "\"C0\"..\"C9\" or \"none\".");
}

TEST_CASE("to_hex writes what parse_color reads back") {
    CHECK(heatmap::to_hex({31, 119, 180, 255}) == "#1f77b4");
    CHECK(heatmap::to_hex({0, 0, 0, 0}) == "#00000000");
    for (const Rgba c : {Rgba{1, 2, 3, 4}, Rgba{255, 128, 0, 255}, Rgba{250, 235, 215, 17}})
        CHECK(parse_color(heatmap::to_hex(c)) == c);
}

TEST_CASE("bad color strings throw naming the string, a near name and the accepted forms") {
    const std::string forms =
        " Write \"#rgb\", \"#rrggbb\", \"#rrggbbaa\", a grey level in [0, 1] such as \"0.15\", a "
        "Matplotlib name "
        "such as \"w\", \"k\", \"white\" or \"red\", \"tab:blue\", \"C0\"..\"C9\" or \"none\".";
    CHECK_THROWS_AS(parse_color("rde"), std::invalid_argument);
    CHECK_THROWS_WITH(parse_color("rde"), "unknown color \"rde\"; did you mean \"red\"?" + forms);
    CHECK_THROWS_WITH(parse_color("tab:bleu"),
                      "unknown color \"tab:bleu\"; did you mean \"tab:blue\"?" + forms);
    CHECK_THROWS_WITH(parse_color("greay"),
                      "unknown color \"greay\"; did you mean \"gray\" or \"grey\"?" + forms);
    CHECK_THROWS_WITH(parse_color("not a color at all"),
                      "unknown color \"not a color at all\"." + forms);
    CHECK_THROWS_WITH(parse_color(""), "unknown color \"\"." + forms);
    CHECK_THROWS_WITH(parse_color("#12345"), "invalid hex color \"#12345\"." + forms);
    CHECK_THROWS_WITH(parse_color("#ggg"), "invalid hex color \"#ggg\"." + forms);
    CHECK_THROWS_WITH(
        parse_color("1.5"),
        "grey level \"1.5\" is outside [0, 1]; write a value from \"0\" (black) to \"1\" (white).");
    CHECK_THROWS_WITH(
        parse_color("2e0"),
        "grey level \"2e0\" is outside [0, 1]; write a value from \"0\" (black) to \"1\" (white).");
    // Not grey levels: Matplotlib refuses them too.
    CHECK_THROWS_AS(parse_color("-0.5"), std::invalid_argument);
    CHECK_THROWS_AS(parse_color("nan"), std::invalid_argument);
    CHECK_THROWS_AS(parse_color("1e"), std::invalid_argument);
    CHECK_THROWS_AS(parse_color("."), std::invalid_argument);
    CHECK_THROWS_AS(parse_color("c0"), std::invalid_argument);
    CHECK_THROWS_AS(parse_color("C"), std::invalid_argument);
}

TEST_CASE("grey levels round the way Agg paints them") {
    // Matplotlib reads a grey level with float(), which strips spaces and reads "+.5" and "-0".
    CHECK(parse_color("0.5 ") == Rgba{128, 128, 128, 255});
    CHECK(parse_color(" +.5") == Rgba{128, 128, 128, 255});
    CHECK(parse_color("-0") == Rgba{0, 0, 0, 255});
    CHECK(parse_color("0.5") == Rgba{128, 128, 128, 255});  // 127.5 rounds up
    CHECK(parse_color("0.15") == Rgba{38, 38, 38, 255});    // seaborn's dark annotation text
    CHECK(parse_color("0.002") == Rgba{1, 1, 1, 255});
    CHECK(parse_color("0.0019607") == Rgba{0, 0, 0, 255});
    CHECK(parse_color("000000000000000000000000.5") == Rgba{128, 128, 128, 255});
}
