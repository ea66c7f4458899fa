// A font file of any bytes (font_file.hpp): it is refused with heatmap::invalid_input whose message
// starts "font file NAME: ", or it is read, and then every query stays in bounds: glyphs within the
// font, outlines whose contours end in order at the point count, and text set with it as the
// fallback after DejaVu Sans measures and draws to finite boxes (or is refused as too large with
// std::invalid_argument, as is a glyph reaching past 16 em). Seeds: subsets of DejaVu Sans and Droid Sans Fallback (short and long
// glyph locations, format 4 and 12 character maps, kerning, a composite glyph, a collection) and
// damaged copies (a composite that contains itself, a table past the end, cut short, CFF, empty).

#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <heatmap/text_raster.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<unsigned char> bytes(data, data + size);
    std::shared_ptr<const heatmap::detail::FontFile> file;
    try {
        file = std::make_shared<const heatmap::detail::FontFile>(bytes, "fuzz.ttf");
    } catch (const heatmap::invalid_input& e) {
        HEATMAP_FUZZ_REQUIRE(std::string(e.what()).rfind("font file fuzz.ttf: ", 0) == 0);
        return 0;
    }
    const int count = file->glyph_count();
    HEATMAP_FUZZ_REQUIRE(count > 0 && file->units_per_em() >= 16);
    std::u32string mapped;
    for (char32_t cp :
         {U'\0', U' ', U'A', U'V', U'T', U'a', U'\u00E9', U'\u2192', U'\u4E2D', U'\u6587',
          U'\u6771', U'\uFFFF', char32_t{0x10000}, char32_t{0x10FFFF}, char32_t{0x110000}}) {
        const int g = file->glyph(cp);
        HEATMAP_FUZZ_REQUIRE(g >= 0 && g < count);
        if (g && cp > U' ' && cp <= 0x10FFFF) mapped.push_back(cp);
    }
    std::vector<heatmap::detail::FontPoint> points;
    std::vector<std::size_t> ends;
    for (int g = 0; g < count && g < 64; ++g) {
        (void)file->advance(g);
        (void)file->kerning(g, (g + 1) % count);
        try {
            file->outline(g, points, ends);
        } catch (const heatmap::invalid_input& e) {
            HEATMAP_FUZZ_REQUIRE(std::string(e.what()).rfind("font file fuzz.ttf: glyph ", 0) == 0);
            continue;
        }
        std::size_t last = 0;
        for (std::size_t e : ends) {
            HEATMAP_FUZZ_REQUIRE(e > last || (last == 0 && e > 0));
            last = e;
        }
        HEATMAP_FUZZ_REQUIRE(last == points.size());
        HEATMAP_FUZZ_REQUIRE(points.size() <= 65535);
    }
    // Set as a fallback: laid out, measured and drawn at a small size.
    const heatmap::FontSet fonts = heatmap::FontSet().with_fallback(bytes, "fuzz.ttf");
    const heatmap::detail::FontInstance font(fonts, 6, 72);
    try {
        const auto line = heatmap::detail::layout_plain(U"x" + mapped, font);
        HEATMAP_FUZZ_REQUIRE(std::isfinite(line.width) && std::isfinite(line.height));
        const auto bitmap = heatmap::detail::render_line(line, font);
        HEATMAP_FUZZ_REQUIRE(bitmap.cover.size() == static_cast<std::size_t>(bitmap.width) *
                                                        static_cast<std::size_t>(bitmap.height));
        for (char32_t c : mapped) HEATMAP_FUZZ_REQUIRE(font.face(font.glyph(c)) <= 1);
    } catch (const std::invalid_argument&) {
        // A glyph reaching past 16 em (a damaged file) or a text too large to draw is refused.
    }
    return 0;
}
