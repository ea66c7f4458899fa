#pragma once
// Font files read at run time: the TrueType fonts a figure adds after the embedded DejaVu Sans for
// the characters it lacks (CJK above all), as Matplotlib's font fallback does. stb_truetype
// (Debian's libstb-dev) maps characters to glyphs and decodes simple glyph outlines; heatmap reads
// the rest itself (composite glyphs, with FreeType's reading of their transforms, and the 'kern'
// table as FreeType reads it).
//
// stb_truetype trusts its input: it reads tables at the offsets the file states without checking
// them against the file's length. So every structure it will be asked to read is checked first,
// once, when the file is loaded: the table directory, the character map stb searches (whose binary
// search fields are rewritten to the values its segment count implies), the glyph locations and
// every glyph's flags and coordinates, composite glyphs' components (no loops, at most 16 deep, at
// most 65535 points), the metrics. A file that fails any check is refused with heatmap::invalid_input
// naming the file, the fault and what to use instead; one that passes is read in bounds only.
//
// Outlines are TrueType's quadratic ('glyf') ones. OpenType fonts with CFF outlines (cubic curves,
// .otf, Noto CJK) are refused: stb's CFF reader bounds its reads by a fixed 512 MiB rather than the
// table and expands subroutines without a limit, so it cannot be made safe from outside, and a PDF
// subset would need its cubics approximated by quadratics. TrueType CJK fonts Debian ships:
// fonts-droid-fallback, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-*.
//
// stb_truetype is compiled as a private copy (every function static, inside
// heatmap::detail::stbtt, stb's macros pushed and popped around it), and only where the library's
// definitions are compiled, so a user's own STB_TRUETYPE_IMPLEMENTATION elsewhere still links.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "error.hpp"

namespace heatmap {
namespace detail {

// A point of a glyph outline in font units as TrueType stores it: on the curve, or the control
// point of a quadratic segment (two control points in a row imply the on-curve point midway).
struct FontPoint {
    std::int32_t x, y;
    bool on;
};

// One TrueType font file, checked and ready to read. Immutable; share it through shared_ptr.
class FontFile {
  public:
    // The largest file read: Debian's largest TrueType CJK fonts are under 20 MiB.
    static constexpr std::size_t max_bytes = std::size_t{64} << 20;

    // Checks the font in `bytes` (a .ttf, or the first font of a .ttc); `name` is how messages
    // call it. Throws heatmap::invalid_input naming the fault and the fix.
    HEATMAP_FUNC FontFile(std::vector<unsigned char> bytes, std::string name);
    HEATMAP_FUNC ~FontFile();
    FontFile(const FontFile&) = delete;
    FontFile& operator=(const FontFile&) = delete;

    // Reads and checks the file at path: heatmap::io_error when it cannot be read,
    // heatmap::invalid_input when it is not a font heatmap can use.
    HEATMAP_FUNC static std::shared_ptr<const FontFile> read(const std::string& path);

    const std::string& name() const { return name_; }
    int units_per_em() const { return units_per_em_; }
    int glyph_count() const { return glyph_count_; }

    // The glyph of code point cp, 0 when the font has none.
    HEATMAP_FUNC int glyph(char32_t cp) const;
    // Advance width in font units (hmtx).
    HEATMAP_FUNC int advance(int glyph) const;
    // Kerning between two glyphs in font units, from the 'kern' table as FreeType reads it
    // (horizontal format 0 subtables, values added unless a subtable overrides); 0 without one.
    HEATMAP_FUNC int kerning(int left, int right) const;
    // The outline in font units: contours of quadratic segments, each contour's points ending
    // before contour_ends[i]; composite glyphs come assembled. Throws heatmap::invalid_input for a
    // glyph reaching beyond 16 em from its origin (a damaged file).
    HEATMAP_FUNC void outline(int glyph, std::vector<FontPoint>& points,
                              std::vector<std::size_t>& contour_ends) const;

  private:
    struct Stb;  // stb_truetype's font info, defined with the definitions
    struct KernTable {
        std::size_t pairs;  // offset of the first pair in the file
        std::size_t count;
        bool override_values;
    };
    HEATMAP_FUNC void check();
    HEATMAP_FUNC void check_glyphs(std::size_t glyf, std::size_t glyf_length, std::size_t loca);
    HEATMAP_FUNC void check_cmap(std::size_t cmap, std::size_t cmap_length);
    HEATMAP_FUNC void check_kern(std::size_t kern, std::size_t kern_length);
    [[noreturn]] HEATMAP_FUNC void fail(const std::string& fault, const std::string& fix) const;
    HEATMAP_FUNC void add_outline(int glyph, int depth, std::vector<FontPoint>& points,
                                  std::vector<std::size_t>& contour_ends) const;
    // Where glyph g's data lies in the file, [begin, end); empty for a glyph without outline.
    HEATMAP_FUNC std::pair<std::size_t, std::size_t> glyph_data(int glyph) const;

    std::vector<unsigned char> bytes_;
    std::string name_;
    std::unique_ptr<Stb> stb_;
    int units_per_em_ = 0, glyph_count_ = 0;
    int loca_format_ = 0;
    std::size_t glyf_ = 0, loca_ = 0;
    std::vector<KernTable> kern_;
};

}  // namespace detail
}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>

// stb's own includes, made here so that none lands inside the namespace below.
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#pragma push_macro("STB_TRUETYPE_IMPLEMENTATION")
#pragma push_macro("__STB_INCLUDE_STB_TRUETYPE_H__")
#pragma push_macro("STB_RECT_PACK_VERSION")
#pragma push_macro("STBTT_STATIC")
#pragma push_macro("STBTT_DEF")
#pragma push_macro("STBTT_ifloor")
#pragma push_macro("STBTT_iceil")
#pragma push_macro("STBTT_sqrt")
#pragma push_macro("STBTT_pow")
#pragma push_macro("STBTT_fmod")
#pragma push_macro("STBTT_cos")
#pragma push_macro("STBTT_acos")
#pragma push_macro("STBTT_fabs")
#pragma push_macro("STBTT_malloc")
#pragma push_macro("STBTT_free")
#pragma push_macro("STBTT_assert")
#pragma push_macro("STBTT_strlen")
#pragma push_macro("STBTT_memcpy")
#pragma push_macro("STBTT_memset")
#pragma push_macro("STBTT_vmove")
#pragma push_macro("STBTT_vline")
#pragma push_macro("STBTT_vcurve")
#pragma push_macro("STBTT_vcubic")
#pragma push_macro("stbtt_vertex")
#pragma push_macro("stbtt_vertex_type")
#pragma push_macro("stbtt_uint8")
#pragma push_macro("stbtt_int8")
#pragma push_macro("stbtt_uint16")
#pragma push_macro("stbtt_int16")
#pragma push_macro("stbtt_uint32")
#pragma push_macro("stbtt_int32")
#pragma push_macro("STBTT_POINT_SIZE")
#pragma push_macro("STBTT_MACSTYLE_DONTCARE")
#pragma push_macro("STBTT_MACSTYLE_BOLD")
#pragma push_macro("STBTT_MACSTYLE_ITALIC")
#pragma push_macro("STBTT_MACSTYLE_UNDERSCORE")
#pragma push_macro("STBTT_MACSTYLE_NONE")
#pragma push_macro("STBTT_MAX_OVERSAMPLE")
#pragma push_macro("STBTT_RASTERIZER_VERSION")
#pragma push_macro("STBTT__NOTUSED")
#pragma push_macro("stbtt__buf_get16")
#pragma push_macro("stbtt__buf_get32")
#pragma push_macro("ttBYTE")
#pragma push_macro("ttCHAR")
#pragma push_macro("ttFixed")
#pragma push_macro("stbtt_tag4")
#pragma push_macro("stbtt_tag")
#pragma push_macro("STBTT__CSCTX_INIT")
#pragma push_macro("STBTT__CSERR")
#pragma push_macro("STBTT_GPOS_TODO_assert")
#pragma push_macro("STBTT_FIXSHIFT")
#pragma push_macro("STBTT_FIX")
#pragma push_macro("STBTT_FIXMASK")
#pragma push_macro("STBTT__COMPARE")
#pragma push_macro("STBTT__OVER_MASK")
#pragma push_macro("STBTT_min")
#pragma push_macro("STBTT_max")
#undef __STB_INCLUDE_STB_TRUETYPE_H__
#undef STB_RECT_PACK_VERSION
#undef STBTT_DEF
#undef STBTT_ifloor
#undef STBTT_iceil
#undef STBTT_sqrt
#undef STBTT_pow
#undef STBTT_fmod
#undef STBTT_cos
#undef STBTT_acos
#undef STBTT_fabs
#undef STBTT_malloc
#undef STBTT_free
#undef STBTT_assert
#undef STBTT_strlen
#undef STBTT_memcpy
#undef STBTT_memset
#undef STBTT_vmove
#undef STBTT_vline
#undef STBTT_vcurve
#undef STBTT_vcubic
#undef stbtt_vertex
#undef stbtt_vertex_type
#undef stbtt_uint8
#undef stbtt_int8
#undef stbtt_uint16
#undef stbtt_int16
#undef stbtt_uint32
#undef stbtt_int32
#undef STBTT_MAX_OVERSAMPLE
#undef STBTT_RASTERIZER_VERSION
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
// static inline, not static: g++ at -O0 compiles every static function, used or not, and stb's API
// is mostly what heatmap does not call (bitmaps, packing, SDF).
#define STBTT_DEF static inline
// Every input stb sees has been checked (FontFile::check), so its assertions cannot fail; off, as
// a user's NDEBUG would have them.
#define STBTT_assert(x) ((void)0)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#if defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Wcomma"
#pragma GCC diagnostic ignored "-Wextra-semi-stmt"
#endif
#endif
namespace heatmap::detail::stbtt {
// stb writes `typedef struct stbtt_fontinfo stbtt_fontinfo;`, whose lookup would find a user's
// global stbtt_fontinfo (their stb_truetype.h included first) and alias it: declare ours first.
struct stbtt_pack_context;
struct stbtt_fontinfo;
struct stbrp_rect;
#include <stb/stb_truetype.h>
}  // namespace heatmap::detail::stbtt
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#pragma pop_macro("STBTT_max")
#pragma pop_macro("STBTT_min")
#pragma pop_macro("STBTT__OVER_MASK")
#pragma pop_macro("STBTT__COMPARE")
#pragma pop_macro("STBTT_FIXMASK")
#pragma pop_macro("STBTT_FIX")
#pragma pop_macro("STBTT_FIXSHIFT")
#pragma pop_macro("STBTT_GPOS_TODO_assert")
#pragma pop_macro("STBTT__CSERR")
#pragma pop_macro("STBTT__CSCTX_INIT")
#pragma pop_macro("stbtt_tag")
#pragma pop_macro("stbtt_tag4")
#pragma pop_macro("ttFixed")
#pragma pop_macro("ttCHAR")
#pragma pop_macro("ttBYTE")
#pragma pop_macro("stbtt__buf_get32")
#pragma pop_macro("stbtt__buf_get16")
#pragma pop_macro("STBTT__NOTUSED")
#pragma pop_macro("STBTT_RASTERIZER_VERSION")
#pragma pop_macro("STBTT_MAX_OVERSAMPLE")
#pragma pop_macro("STBTT_MACSTYLE_NONE")
#pragma pop_macro("STBTT_MACSTYLE_UNDERSCORE")
#pragma pop_macro("STBTT_MACSTYLE_ITALIC")
#pragma pop_macro("STBTT_MACSTYLE_BOLD")
#pragma pop_macro("STBTT_MACSTYLE_DONTCARE")
#pragma pop_macro("STBTT_POINT_SIZE")
#pragma pop_macro("stbtt_int32")
#pragma pop_macro("stbtt_uint32")
#pragma pop_macro("stbtt_int16")
#pragma pop_macro("stbtt_uint16")
#pragma pop_macro("stbtt_int8")
#pragma pop_macro("stbtt_uint8")
#pragma pop_macro("stbtt_vertex_type")
#pragma pop_macro("stbtt_vertex")
#pragma pop_macro("STBTT_vcubic")
#pragma pop_macro("STBTT_vcurve")
#pragma pop_macro("STBTT_vline")
#pragma pop_macro("STBTT_vmove")
#pragma pop_macro("STBTT_memset")
#pragma pop_macro("STBTT_memcpy")
#pragma pop_macro("STBTT_strlen")
#pragma pop_macro("STBTT_assert")
#pragma pop_macro("STBTT_free")
#pragma pop_macro("STBTT_malloc")
#pragma pop_macro("STBTT_fabs")
#pragma pop_macro("STBTT_acos")
#pragma pop_macro("STBTT_cos")
#pragma pop_macro("STBTT_fmod")
#pragma pop_macro("STBTT_pow")
#pragma pop_macro("STBTT_sqrt")
#pragma pop_macro("STBTT_iceil")
#pragma pop_macro("STBTT_ifloor")
#pragma pop_macro("STBTT_DEF")
#pragma pop_macro("STBTT_STATIC")
#pragma pop_macro("STB_RECT_PACK_VERSION")
#pragma pop_macro("__STB_INCLUDE_STB_TRUETYPE_H__")
#pragma pop_macro("STB_TRUETYPE_IMPLEMENTATION")

namespace heatmap {
namespace detail {

struct FontFile::Stb {
    stbtt::stbtt_fontinfo info;
};

namespace font_file {

// Big-endian reads; every caller has checked that the bytes are there.
inline unsigned u8(const std::vector<unsigned char>& b, std::size_t at) {
    return b[at];
}
inline unsigned u16(const std::vector<unsigned char>& b, std::size_t at) {
    return static_cast<unsigned>(b[at] << 8 | b[at + 1]);
}
inline int s16(const std::vector<unsigned char>& b, std::size_t at) {
    const unsigned v = u16(b, at);
    return v >= 0x8000 ? static_cast<int>(v) - 0x10000 : static_cast<int>(v);
}
inline std::uint32_t u32(const std::vector<unsigned char>& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}
inline void put16(std::vector<unsigned char>& b, std::size_t at, unsigned v) {
    b[at] = static_cast<unsigned char>(v >> 8), b[at + 1] = static_cast<unsigned char>(v);
}
constexpr std::uint32_t tag(const char (&t)[5]) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(t[0])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(t[1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(t[2])) << 8 |
           static_cast<unsigned char>(t[3]);
}
constexpr int max_composite_depth = 16;
constexpr std::size_t max_glyph_points = 65535;
constexpr int max_glyph_ems = 16;

// Composite glyph flags (TrueType 'glyf').
constexpr unsigned arg_words = 0x1, args_xy = 0x2, has_scale = 0x8, more = 0x20,
                   has_xy_scale = 0x40, has_2x2 = 0x80, scaled_offset = 0x800,
                   unscaled_offset = 0x1000;

}  // namespace font_file

HEATMAP_FUNC FontFile::FontFile(std::vector<unsigned char> bytes, std::string name)
    : bytes_(std::move(bytes)), name_(std::move(name)), stb_(std::make_unique<Stb>()) {
    check();
}

HEATMAP_FUNC FontFile::~FontFile() = default;

HEATMAP_FUNC std::shared_ptr<const FontFile> FontFile::read(const std::string& path) {
    // <cstdio>, not <fstream>: iostreams cost every unit that compiles the definitions.
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    errno = 0;
    const std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw io_error("cannot read font file " + path + ": " +
                       (errno ? std::string(std::strerror(errno)) : std::string("cannot open it")) +
                       "; give the path of a TrueType (.ttf or .ttc) file");
    std::vector<unsigned char> bytes;
    unsigned char buffer[1 << 16];
    for (;;) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
        if (bytes.size() + got > max_bytes)
            throw invalid_input("font file " + path + " is over the limit of " +
                                std::to_string(max_bytes >> 20) +
                                " MiB heatmap reads: give a smaller TrueType font");
        bytes.insert(bytes.end(), buffer, buffer + got);
        if (got < sizeof buffer) break;
    }
    if (std::ferror(file.get()))
        throw io_error("cannot read font file " + path + ": the read failed after " +
                       std::to_string(bytes.size()) + " bytes (is it a folder?); give a font file");
    return std::make_shared<const FontFile>(std::move(bytes), path);
}

HEATMAP_FUNC void FontFile::fail(const std::string& fault, const std::string& fix) const {
    throw invalid_input("font file " + name_ + ": " + fault + "; " + fix);
}

HEATMAP_FUNC void FontFile::check() {
    using namespace font_file;
    const std::vector<unsigned char>& b = bytes_;
    const std::size_t n = b.size();
    const std::string use_ttf = "give a TrueType font (.ttf or .ttc)";
    if (n > max_bytes)
        fail("it is " + std::to_string(n) + " bytes, over the limit of " +
                 std::to_string(max_bytes >> 20) + " MiB",
             "give a smaller TrueType font");
    if (n < 12) fail("it is " + std::to_string(n) + " bytes, too short for a font", use_ttf);
    std::size_t start = 0;
    if (u32(b, 0) == tag("ttcf")) {
        // A collection: the first font, as Matplotlib opens face 0.
        if (n < 16 || (u32(b, 4) != 0x10000 && u32(b, 4) != 0x20000) || u32(b, 8) == 0)
            fail("its font collection header is damaged", use_ttf);
        start = u32(b, 12);
        if (start > n || n - start < 12)
            fail("its first font lies past the end of the file", use_ttf);
    }
    const std::uint32_t version = u32(b, start);
    if (version == tag("OTTO"))
        fail("it has CFF (PostScript) outlines, which heatmap does not read",
             "give a TrueType-outline font (.ttf or .ttc; Debian: fonts-droid-fallback, "
             "fonts-wqy-microhei)");
    if (version != 0x00010000 && version != tag("true")) {
        char head[32];
        std::snprintf(head, sizeof head, "%02x %02x %02x %02x", b[start], b[start + 1],
                      b[start + 2], b[start + 3]);
        fail(std::string("it is not a TrueType font (it starts with bytes ") + head + ")", use_ttf);
    }
    const std::size_t tables = u16(b, start + 4);
    if (n - start - 12 < tables * 16)
        fail("its table directory runs past the end of the file", use_ttf);
    // The first record of each tag, as stb finds them.
    struct Table {
        std::uint32_t tag;
        std::size_t offset = 0, length = 0;
        bool found = false;
    };
    Table want[] = {{tag("cmap")}, {tag("head")}, {tag("hhea")}, {tag("hmtx")},
                    {tag("maxp")}, {tag("loca")}, {tag("glyf")}, {tag("kern")}};
    for (std::size_t i = 0; i < tables; ++i) {
        const std::size_t rec = start + 12 + 16 * i;
        for (Table& t : want)
            if (!t.found && u32(b, rec) == t.tag) {
                t.found = true;
                t.offset = u32(b, rec + 8), t.length = u32(b, rec + 12);
                if (t.offset > n || t.length > n - t.offset)
                    fail("its '" + std::string(reinterpret_cast<const char*>(&b[rec]), 4) +
                             "' table runs past the end of the file (the file is cut short?)",
                         use_ttf);
            }
    }
    const char* names[] = {"cmap", "head", "hhea", "hmtx", "maxp", "loca", "glyf"};
    for (int i = 0; i < 7; ++i)
        if (!want[i].found)
            fail(std::string("it has no '") + names[i] + "' table",
                 i >= 5 ? "give a TrueType-outline font (.ttf or .ttc)" : use_ttf);
    const Table &cmap = want[0], &head = want[1], &hhea = want[2], &hmtx = want[3], &maxp = want[4],
                &loca = want[5], &glyf = want[6], &kern = want[7];
    if (head.length < 54) fail("its 'head' table is too short", use_ttf);
    units_per_em_ = static_cast<int>(u16(b, head.offset + 18));
    if (units_per_em_ < 16 || units_per_em_ > 16384)
        fail("its units per em (" + std::to_string(units_per_em_) +
                 ") are outside TrueType's 16 to 16384",
             use_ttf);
    loca_format_ = s16(b, head.offset + 50);
    if (loca_format_ != 0 && loca_format_ != 1)
        fail("its glyph locations are in an unknown format (" + std::to_string(loca_format_) + ")",
             use_ttf);
    if (maxp.length < 6) fail("its 'maxp' table is too short", use_ttf);
    glyph_count_ = static_cast<int>(u16(b, maxp.offset + 4));
    if (glyph_count_ == 0) fail("it has no glyphs", use_ttf);
    if (hhea.length < 36) fail("its 'hhea' table is too short", use_ttf);
    const std::size_t long_metrics = u16(b, hhea.offset + 34);
    const std::size_t glyphs = static_cast<std::size_t>(glyph_count_);
    if (long_metrics == 0 || hmtx.length < 4 * long_metrics ||
        (glyphs > long_metrics && hmtx.length < 4 * long_metrics + 2 * (glyphs - long_metrics)))
        fail("its 'hmtx' table is shorter than its glyph count needs", use_ttf);
    const std::size_t loca_entry = loca_format_ ? 4 : 2;
    if (loca.length / loca_entry < glyphs + 1)
        fail("its 'loca' table is shorter than its glyph count needs", use_ttf);
    glyf_ = glyf.offset, loca_ = loca.offset;
    check_glyphs(glyf.offset, glyf.length, loca.offset);
    check_cmap(cmap.offset, cmap.length);
    if (kern.found) check_kern(kern.offset, kern.length);

    stbtt::stbtt_fontinfo& info = stb_->info;
    // stb reads the tables checked above; its own choice of character map is then replaced by
    // the one check_cmap chose and checked (index_map).
    const int index_map = stb_->info.index_map;
    stbtt::stbtt_InitFont(&info, bytes_.data(), static_cast<int>(start));
    info.index_map = index_map;
    info.numGlyphs = glyph_count_;
    info.indexToLocFormat = loca_format_;
    info.kern = info.gpos = 0;  // kerning is read by FontFile::kerning
}

HEATMAP_FUNC void FontFile::check_glyphs(std::size_t glyf, std::size_t glyf_length,
                                         std::size_t loca) {
    using namespace font_file;
    const std::vector<unsigned char>& b = bytes_;
    const std::string fix = "the file is damaged; give another TrueType font";
    // Expanded point counts of composite glyphs, to refuse loops and blow-ups; -1 not yet known.
    std::vector<long> points(static_cast<std::size_t>(glyph_count_), -1);
    for (int g = 0; g < glyph_count_; ++g) {
        const std::size_t at = loca + static_cast<std::size_t>(g) * (loca_format_ ? 4 : 2);
        const std::size_t begin = loca_format_ ? u32(b, at) : 2 * std::size_t{u16(b, at)};
        const std::size_t end = loca_format_ ? u32(b, at + 4) : 2 * std::size_t{u16(b, at + 2)};
        if (begin > end || end > glyf_length)
            fail("glyph " + std::to_string(g) + "'s data lies outside its 'glyf' table", fix);
        if (begin == end) {
            points[static_cast<std::size_t>(g)] = 0;
            continue;
        }
        const std::size_t p = glyf + begin, len = end - begin;
        const std::string which = "glyph " + std::to_string(g);
        if (len < 10) fail(which + " is shorter than its header", fix);
        const int contours = s16(b, p);
        if (contours < 0) {
            // Components: each in bounds, each placed by an offset (matching points of two outlines
            // is not supported), each glyph within the font.
            std::size_t q = p + 10;
            for (;;) {
                if (p + len - q < 4) fail(which + "'s components run past its data", fix);
                const unsigned flags = u16(b, q);
                const unsigned part = u16(b, q + 2);
                if (part >= static_cast<unsigned>(glyph_count_))
                    fail(which + " uses glyph " + std::to_string(part) +
                             ", which the font does not have",
                         fix);
                if (!(flags & args_xy))
                    fail(which +
                             " places a component by matching points, which heatmap does not "
                             "support",
                         "give another TrueType font");
                std::size_t need = 4 + ((flags & arg_words) ? 4 : 2);
                need += (flags & has_scale)      ? 2
                        : (flags & has_xy_scale) ? 4
                        : (flags & has_2x2)      ? 8
                                                 : 0;
                if (p + len - q < need) fail(which + "'s components run past its data", fix);
                q += need;
                if (!(flags & more)) break;
            }
            continue;
        }
        if (contours == 0) {
            points[static_cast<std::size_t>(g)] = 0;
            continue;
        }
        const std::size_t nc = static_cast<std::size_t>(contours);
        if (len < 12 + 2 * nc) fail(which + "'s contour list runs past its data", fix);
        long last = -1;
        for (std::size_t c = 0; c < nc; ++c) {
            const long e = static_cast<long>(u16(b, p + 10 + 2 * c));
            if (e <= last) fail(which + "'s contour ends are not increasing", fix);
            last = e;
        }
        const std::size_t count = static_cast<std::size_t>(last) + 1;
        const std::size_t instructions = u16(b, p + 10 + 2 * nc);
        std::size_t q = 12 + 2 * nc + instructions;
        if (q > len) fail(which + "'s instructions run past its data", fix);
        std::size_t x_bytes = 0, y_bytes = 0;
        bool last_on = true;
        for (std::size_t i = 0; i < count;) {
            if (q >= len) fail(which + "'s point flags run past its data", fix);
            const unsigned flag = u8(b, p + q++);
            std::size_t repeat = 1;
            if (flag & 8) {
                if (q >= len) fail(which + "'s point flags run past its data", fix);
                repeat += u8(b, p + q++);
            }
            repeat = std::min(repeat, count - i);
            x_bytes += repeat * ((flag & 2) ? 1 : (flag & 16) ? 0 : 2);
            y_bytes += repeat * ((flag & 4) ? 1 : (flag & 32) ? 0 : 2);
            i += repeat;
            last_on = (flag & 1) != 0;
        }
        if (len - q < x_bytes + y_bytes) fail(which + "'s coordinates run past its data", fix);
        // stb looks one point ahead of a contour that starts off the curve: a last contour of one
        // control point would send it past the glyph's points.
        const long before_last = nc >= 2 ? static_cast<long>(u16(b, p + 10 + 2 * (nc - 2))) : -1;
        if (static_cast<long>(count) - 1 == before_last + 1 && !last_on)
            fail(which + " ends with a contour of a single control point", fix);
        points[static_cast<std::size_t>(g)] = static_cast<long>(count);
    }
    // Composites: expanded sizes through their components, refusing loops and deep nesting.
    struct Expand {
        const FontFile& font;
        std::vector<long>& points;
        long operator()(int g, int depth) {
            long& known = points[static_cast<std::size_t>(g)];
            if (known >= 0) return known;
            if (depth > max_composite_depth)
                font.fail("glyph " + std::to_string(g) + "'s components nest deeper than " +
                              std::to_string(max_composite_depth) + " (a loop?)",
                          "the file is damaged; give another TrueType font");
            long total = 0;
            const auto [begin, end] = font.glyph_data(g);
            std::size_t q = begin + 10;
            (void)end;
            for (;;) {
                const unsigned flags = u16(font.bytes_, q);
                total += (*this)(static_cast<int>(u16(font.bytes_, q + 2)), depth + 1);
                if (total > static_cast<long>(max_glyph_points))
                    font.fail("glyph " + std::to_string(g) + " has over " +
                                  std::to_string(max_glyph_points) + " points",
                              "the file is damaged; give another TrueType font");
                q += 4 + ((flags & arg_words) ? 4 : 2) +
                     ((flags & has_scale)      ? 2
                      : (flags & has_xy_scale) ? 4
                      : (flags & has_2x2)      ? 8
                                               : 0);
                if (!(flags & more)) break;
            }
            return known = total;
        }
    };
    Expand expand{*this, points};
    for (int g = 0; g < glyph_count_; ++g) expand(g, 0);
}

HEATMAP_FUNC std::pair<std::size_t, std::size_t> FontFile::glyph_data(int g) const {
    using namespace font_file;
    const std::size_t at = loca_ + static_cast<std::size_t>(g) * (loca_format_ ? 4 : 2);
    const std::size_t begin = loca_format_ ? u32(bytes_, at) : 2 * std::size_t{u16(bytes_, at)};
    const std::size_t end =
        loca_format_ ? u32(bytes_, at + 4) : 2 * std::size_t{u16(bytes_, at + 2)};
    return {glyf_ + begin, glyf_ + end};
}

HEATMAP_FUNC void FontFile::check_cmap(std::size_t cmap, std::size_t length) {
    using namespace font_file;
    std::vector<unsigned char>& b = bytes_;
    const std::string fix = "the file is damaged; give another TrueType font";
    if (length < 4) fail("its 'cmap' table is too short", fix);
    const std::size_t records = u16(b, cmap + 2);
    if ((length - 4) / 8 < records) fail("its 'cmap' table's records run past it", fix);
    // FreeType's choice for Matplotlib's Unicode charmap: a full-range map (format 12) when there
    // is one, else the BMP one (format 4), else the small formats.
    std::size_t chosen = 0;
    int best = 0;
    for (std::size_t i = 0; i < records; ++i) {
        const std::size_t rec = cmap + 4 + 8 * i;
        const unsigned platform = u16(b, rec), encoding = u16(b, rec + 2);
        const std::size_t offset = u32(b, rec + 4);
        const bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode || offset + 2 > length) continue;
        const unsigned format = u16(b, cmap + offset);
        const int rank = format == 12 ? 4 : format == 4 ? 3 : format == 6 ? 2 : format == 0 ? 1 : 0;
        if (rank > best) best = rank, chosen = offset;
    }
    if (!best)
        fail("it has no Unicode character map heatmap reads (formats 0, 4, 6, 12)",
             "give a Unicode TrueType font");
    const std::size_t table = cmap + chosen, room = length - chosen;
    const unsigned format = u16(b, table);
    const std::string bad = "its character map (format " + std::to_string(format) + ") ";
    if (format == 0) {
        if (room < 6 || u16(b, table + 2) > room) fail(bad + "runs past its table", fix);
    } else if (format == 6) {
        if (room < 10 || room - 10 < 2 * std::size_t{u16(b, table + 8)})
            fail(bad + "runs past its table", fix);
    } else if (format == 12) {
        if (room < 16 || (room - 16) / 12 < u32(b, table + 12))
            fail(bad + "runs past its table", fix);
    } else {
        if (room < 14) fail(bad + "runs past its table", fix);
        const std::size_t seg_x2 = u16(b, table + 6);
        if (seg_x2 < 2 || seg_x2 % 2 || room < 16 + 4 * seg_x2)
            fail(bad + "has a bad segment count", fix);
        // stb's binary search trusts the header's search fields: set them to the values the
        // segment count implies (FreeType ignores them), so every probe stays in the table.
        const std::size_t segments = seg_x2 / 2;
        std::size_t range = 1, selector = 0;
        while (range * 2 <= segments) range *= 2, ++selector;
        put16(b, table + 8, static_cast<unsigned>(2 * range));
        put16(b, table + 10, static_cast<unsigned>(selector));
        put16(b, table + 12, static_cast<unsigned>(seg_x2 - 2 * range));
        for (std::size_t i = 0; i < segments; ++i) {
            const std::size_t last = u16(b, table + 14 + 2 * i);
            const std::size_t first = u16(b, table + 16 + seg_x2 + 2 * i);
            const std::size_t range_at = 16 + 3 * seg_x2 + 2 * i;
            const std::size_t range_offset = u16(b, table + range_at);
            if (range_offset && first <= last &&
                range_at + range_offset + 2 * (last - first) + 2 > room)
                fail(bad + "points past its table for characters " + std::to_string(first) +
                         " to " + std::to_string(last),
                     fix);
        }
    }
    stb_->info.index_map = static_cast<int>(table);
}

HEATMAP_FUNC void FontFile::check_kern(std::size_t kern, std::size_t length) {
    using namespace font_file;
    const std::vector<unsigned char>& b = bytes_;
    // The Microsoft layout only (version 0), as FreeType: Apple's (version 1) is ignored.
    if (length < 4 || u16(b, kern) != 0) return;
    const std::size_t subtables = u16(b, kern + 2);
    std::size_t at = 4;
    for (std::size_t i = 0; i < subtables && length - at >= 6; ++i) {
        const std::size_t sub_length = u16(b, kern + at + 2);
        const unsigned coverage = u16(b, kern + at + 4);
        // Format 0, horizontal, not minimum values, not cross-stream.
        if ((coverage >> 8) == 0 && (coverage & 7) == 1 && length - at >= 14) {
            std::size_t count = u16(b, kern + at + 6);
            // Large subtables overflow their 16-bit length: trust the pair count, within the table.
            count = std::min(count, (length - at - 14) / 6);
            kern_.push_back({kern + at + 14, count, (coverage & 8) != 0});
            at += 14 + 6 * count;
        } else {
            if (sub_length < 6) break;
            at += sub_length;
        }
        if (at > length) break;
    }
}

HEATMAP_FUNC int FontFile::glyph(char32_t cp) const {
    if (cp > 0x10FFFF) return 0;
    const int g = stbtt::stbtt_FindGlyphIndex(&stb_->info, static_cast<int>(cp));
    return g > 0 && g < glyph_count_ ? g : 0;
}

HEATMAP_FUNC int FontFile::advance(int g) const {
    if (g < 0 || g >= glyph_count_) return 0;
    int advance = 0, bearing = 0;
    stbtt::stbtt_GetGlyphHMetrics(&stb_->info, g, &advance, &bearing);
    return advance;
}

HEATMAP_FUNC int FontFile::kerning(int left, int right) const {
    using namespace font_file;
    if (left < 0 || right < 0 || left >= glyph_count_ || right >= glyph_count_) return 0;
    const std::uint32_t key =
        static_cast<std::uint32_t>(left) << 16 | static_cast<std::uint32_t>(right);
    int value = 0;
    for (const KernTable& t : kern_) {
        std::size_t lo = 0, hi = t.count;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            const std::uint32_t k = u32(bytes_, t.pairs + 6 * mid);
            if (k == key) {
                const int v = s16(bytes_, t.pairs + 6 * mid + 4);
                value = t.override_values ? v : value + v;
                break;
            }
            if (k < key)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return value;
}

HEATMAP_FUNC void FontFile::outline(int g, std::vector<FontPoint>& points,
                                    std::vector<std::size_t>& contour_ends) const {
    points.clear();
    contour_ends.clear();
    if (g < 0 || g >= glyph_count_) return;
    add_outline(g, 0, points, contour_ends);
    // A glyph reaching far beyond its em is damage (the largest real ones reach 2 or 3 em), and
    // would cost a bitmap of that size to draw.
    const std::int64_t limit = std::int64_t{font_file::max_glyph_ems} * units_per_em_;
    for (const FontPoint& p : points)
        if (std::abs(std::int64_t{p.x}) > limit || std::abs(std::int64_t{p.y}) > limit)
            fail("glyph " + std::to_string(g) + " reaches beyond " +
                     std::to_string(font_file::max_glyph_ems) + " em from its origin",
                 "the file is damaged; give another TrueType font");
}

HEATMAP_FUNC void FontFile::add_outline(int g, int depth, std::vector<FontPoint>& points,
                                        std::vector<std::size_t>& contour_ends) const {
    using namespace font_file;
    const auto [begin, end] = glyph_data(g);
    if (begin == end || depth > max_composite_depth) return;
    if (s16(bytes_, begin) >= 0) {
        // A simple glyph: stb's vertices (move, line, quadratic curve), their implied midpoints
        // made explicit, back to TrueType points; the segment closing each contour stays implied.
        stbtt::stbtt_vertex* v = nullptr;
        const int n = stbtt::stbtt_GetGlyphShape(&stb_->info, g, &v);
        std::size_t contour = points.size();
        auto close = [&] {
            if (points.size() > contour + 1 && points.back().on &&
                points.back().x == points[contour].x && points.back().y == points[contour].y)
                points.pop_back();
            if (points.size() > contour) contour_ends.push_back(points.size());
            contour = points.size();
        };
        for (int i = 0; i < n; ++i) {
            const stbtt::stbtt_vertex& e = v[i];
            if (e.type == stbtt::STBTT_vmove) {
                close();
            } else if (e.type == stbtt::STBTT_vcurve) {
                points.push_back({e.cx, e.cy, false});
            }
            points.push_back({e.x, e.y, true});
        }
        close();
        stbtt::stbtt_FreeShape(&stb_->info, v);
        return;
    }
    // A composite: each component's outline transformed as FreeType does (2.14 fixed-point
    // matrix, then the offset, unscaled unless the component asks).
    std::size_t q = begin + 10;
    for (;;) {
        const unsigned flags = u16(bytes_, q);
        const int part = static_cast<int>(u16(bytes_, q + 2));
        q += 4;
        double dx, dy;
        if (flags & arg_words) {
            dx = s16(bytes_, q), dy = s16(bytes_, q + 2);
            q += 4;
        } else {
            dx = static_cast<signed char>(bytes_[q]), dy = static_cast<signed char>(bytes_[q + 1]);
            q += 2;
        }
        double a = 1, b = 0, c = 0, d = 1;  // x' = a x + c y, y' = b x + d y
        if (flags & has_scale) {
            a = d = s16(bytes_, q) / 16384.0;
            q += 2;
        } else if (flags & has_xy_scale) {
            a = s16(bytes_, q) / 16384.0, d = s16(bytes_, q + 2) / 16384.0;
            q += 4;
        } else if (flags & has_2x2) {
            a = s16(bytes_, q) / 16384.0, b = s16(bytes_, q + 2) / 16384.0;
            c = s16(bytes_, q + 4) / 16384.0, d = s16(bytes_, q + 6) / 16384.0;
            q += 8;
        }
        if ((flags & scaled_offset) && !(flags & unscaled_offset)) {
            const double x = dx, y = dy;
            dx = a * x + c * y, dy = b * x + d * y;
        }
        const std::size_t first = points.size();
        add_outline(part, depth + 1, points, contour_ends);
        for (std::size_t i = first; i < points.size(); ++i) {
            const double x = points[i].x, y = points[i].y;
            points[i].x = static_cast<std::int32_t>(std::lround(a * x + c * y + dx));
            points[i].y = static_cast<std::int32_t>(std::lround(b * x + d * y + dy));
        }
        if (!(flags & more)) break;
    }
}

}  // namespace detail
}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
