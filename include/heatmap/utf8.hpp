#pragma once
// UTF-8, decoded and encoded in one place. Every maximal invalid or truncated sequence decodes to
// one U+FFFD (the Unicode standard's "substitution of maximal subparts"), so nothing is silently
// dropped, nothing reads past the end, and a label drawn, measured, written to JSON, SVG or PDF
// shows the same characters everywhere.
//
//   for (std::size_t i = 0; i < s.size();) {
//       const heatmap::detail::Utf8Char c = heatmap::detail::next_utf8(s, i);
//       ... c.cp, c.length ...
//       i += c.length;
//   }

#include <cstddef>
#include <string>
#include <string_view>

namespace heatmap {
namespace detail {

constexpr char32_t replacement_character = 0xFFFD;

struct Utf8Char {
    char32_t cp;         // U+FFFD for an invalid sequence
    std::size_t length;  // bytes taken from the input, at least 1
};

// The character starting at byte i of s (i < s.size()).
inline Utf8Char next_utf8(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1};
    int need = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1, cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2, cp = b0 & 0x0Fu;
        if (b0 == 0xE0) lo = 0xA0;  // overlong
        if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3, cp = b0 & 0x07u;
        if (b0 == 0xF0) lo = 0x90;  // overlong
        if (b0 == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    } else {
        return {replacement_character, 1};
    }
    std::size_t j = i + 1;
    for (int k = 0; k < need; ++k, ++j) {
        const unsigned char l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
        if (j >= s.size()) return {replacement_character, j - i};
        const auto b = static_cast<unsigned char>(s[j]);
        if (b < l || b > h) return {replacement_character, j - i};
        cp = cp << 6 | (b & 0x3Fu);
    }
    return {cp, j - i};
}

inline std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char c = next_utf8(s, i);
        out.push_back(c.cp);
        i += c.length;
    }
    return out;
}

// Appends cp (a scalar value: not a surrogate, at most U+10FFFF) as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
        return;
    }
    static constexpr unsigned lead[] = {0, 0xC0, 0xE0, 0xF0};
    const int extra = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
    out += static_cast<char>(lead[extra] | cp >> (6 * extra));
    for (int k = extra - 1; k >= 0; --k) out += static_cast<char>(0x80u | (cp >> (6 * k) & 0x3Fu));
}

}  // namespace detail
}  // namespace heatmap
