// The second unit of link_own_stbtt_first and link_own_stbtt_last: a fallback font through heatmap.
#include <heatmap/text.hpp>

#include <string>

int glyph_from_other_unit(const std::string& font_path) {
    const heatmap::FontSet fonts = heatmap::FontSet().with_fallback(font_path);
    return heatmap::detail::FontInstance(fonts, 12, 72).glyph(U'\u4E2D');
}
