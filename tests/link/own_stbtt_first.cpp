// The user owns stb_truetype's implementation, configured with macros of their own and included
// before heatmap, and calls it directly; the program also links another unit that reads a fallback
// font through heatmap (its own private stb_truetype).
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_ifloor(x) ((int)floor(x))
#define STBTT_iceil(x) ((int)ceil(x))
#include <math.h>
#include <stb/stb_truetype.h>

#include <heatmap/text.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// The user's macro and stb's include guard survive heatmap's private copy.
#if !defined(STBTT_ifloor) || !defined(__STB_INCLUDE_STB_TRUETYPE_H__)
#error "heatmap's stb_truetype copy lost the user's stb macros"
#endif

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
    const heatmap::FontSet fonts = heatmap::FontSet().with_fallback(argv[2]);
    const heatmap::detail::FontInstance font(fonts, 10, 100);
    const int here = font.glyph(U'\u4E2D');
    const int there = glyph_from_other_unit(argv[2]);
    std::printf("%s: stb glyph %d, heatmap glyph %d here, %d in the other unit\n", argv[1], own,
                here, there);
    return own > 0 && here > 0 && here == there ? 0 : 1;
}
