// The user includes heatmap first, then owns stb_truetype's implementation and calls it directly.
#include <heatmap/text.hpp>

#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

int glyph_from_other_unit(const std::string& font_path);

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    std::ifstream in(argv[2], std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    stbtt_fontinfo info;
    if (!stbtt_InitFont(&info, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)))
        return 1;
    const int own = stbtt_FindGlyphIndex(&info, 0x4E2D);
    const int here =
        heatmap::detail::FontInstance(heatmap::FontSet().with_fallback(argv[2]), 10, 100)
            .glyph(U'\u4E2D');
    const int there = glyph_from_other_unit(argv[2]);
    std::printf("%s: stb glyph %d, heatmap glyph %d here, %d in the other unit\n", argv[1], own,
                here, there);
    return own > 0 && here > 0 && here == there ? 0 : 1;
}
