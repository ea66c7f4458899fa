#include <catch2/catch.hpp>
#include <heatmap/font.hpp>

#include <algorithm>

using heatmap::detail::FontInstance;

TEST_CASE("the embedded font decodes to DejaVu Sans' own numbers") {
    const FontInstance f(10, 100);
    auto units = [&](char32_t c) { return f.font_outline(f.glyph(c)).advance; };
    // Advance widths in font units (2048 per em), from DejaVu Sans' hmtx table.
    CHECK(units(U'A') == 1401);
    CHECK(units(U'0') == 1303);
    CHECK(units(U' ') == 651);
    CHECK(f.glyph(U'\u4E2D') == 0);        // missing: .notdef
    CHECK(f.font_outline(0).advance > 0);  // .notdef is a box with a width
    CHECK(f.font_outline(0).units_per_em == 2048);
    CHECK(f.linear_advance(f.glyph(U'A')) == Approx(1401 * f.scale()));
}

TEST_CASE("advances and kerning scale as FreeType's under Matplotlib's settings") {
    const FontInstance f(10, 100);  // 13.89 px per em, hinted outlines baked
    CHECK(f.hinted());
    CHECK(f.advance(f.glyph(U'A')) == 608);  // 9.5 px in 26.6 (1/8 px steps)
    // A-V kerns tighter: -131 units -> -7.1 px on the 8x grid -> -7 px -> -56/64 px.
    CHECK(f.kerning(f.glyph(U'A'), f.glyph(U'V')) == -56);
    CHECK(f.kerning(f.glyph(U'A'), f.glyph(U'B')) == 0);
    const FontInstance odd(9.3, 97);  // no baked hinting: plain scaling still works
    CHECK_FALSE(odd.hinted());
    CHECK(odd.advance(odd.glyph(U'A')) % 8 == 0);
}

TEST_CASE("hinted outlines snap heights to whole pixels") {
    const FontInstance f(10, 100);
    std::vector<heatmap::detail::ScaledPoint> pts;
    std::vector<std::size_t> ends;
    f.outline(f.glyph(U'H'), pts, ends);
    long top = 0;
    for (const auto& p : pts) top = std::max(top, p.y);
    CHECK(top == 10 * 64);  // cap height 1493 units = 10.1 px, hinted to 10
    CHECK(ends.size() == 1);
    // Without baked hinting, the autohinter's blue zones are still snapped: the cap height (10.4 px
    // plain, 667 in 26.6) lands on a whole pixel, and so do the x-height and the baseline.
    const FontInstance plain(10.3, 100);
    CHECK_FALSE(plain.hinted());
    for (char32_t c : {U'H', U'x', U'z'}) {
        plain.outline(plain.glyph(c), pts, ends);
        long high = -1000, low = 1000;
        for (const auto& p : pts) high = std::max(high, p.y), low = std::min(low, p.y);
        CHECK(high % 64 == 0);
        CHECK(low == 0);
    }
    plain.outline(plain.glyph(U'H'), pts, ends);
    top = 0;
    for (const auto& p : pts) top = std::max(top, p.y);
    CHECK(std::abs(top - 667) <= 64);
}

TEST_CASE("every listed character maps to a glyph of its own") {
    for (char32_t c = 0x20; c < 0x7F; ++c) CHECK(heatmap::font_has_glyph(c));
    for (char32_t c = 0xA0; c < 0x180; ++c) CHECK(heatmap::font_has_glyph(c));
    for (char32_t c :
         {0x391, 0x3A9, 0x3B1, 0x3C9, 0x2212, 0x2026, 0x2022, 0x2013, 0x2014, 0x20AC, 0x2030})
        CHECK(heatmap::font_has_glyph(c));
    CHECK_FALSE(heatmap::font_has_glyph(0x1F680));  // a rocket: DejaVu Sans has none
}
