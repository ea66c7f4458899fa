#pragma once
// Colors: 8-bit RGBA values, as Matplotlib's Agg backend stores them, and the color strings
// Matplotlib accepts: "#rgb", "#rgba", "#rrggbb", "#rrggbbaa", a grey level written as a string
// ("0.15", seaborn's dark annotation text), the single letters and CSS4 names ("w", "k", "white",
// "red"), "tab:blue" (and the other nine tab: colors), "C0".."C9" (the default color cycle) and
// "none".
//
// A float channel becomes a byte the way Agg paints it, round(v * 255) half up: "0.5" is 128, "g"
// (0, 0.5, 0) is (0, 128, 0). (Colormap tables are different: imshow truncates, see colormap.hpp.)

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "number.hpp"
#include "error.hpp"

namespace heatmap {

// A straight (not premultiplied) RGBA color, one byte per channel.
struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;

    friend constexpr bool operator==(Rgba x, Rgba y) {
        return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
    }
    friend constexpr bool operator!=(Rgba x, Rgba y) { return !(x == y); }
};

namespace detail {

inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Edit distance, case-insensitive, counting a swap of two neighbours as one edit (optimal string
// alignment): how far a mistyped name is from a known one ("cmpa" is 1 from "cmap").
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the table: two back, the previous one and the current one.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
                ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[b.size()];
}

// " did you mean "x"?" (or "x", "y" or "z") for the known names nearest to `wanted`, or "" when
// none is a plausible typo: at most one edit in three letters of the name (one at least), leading
// dashes not counted, since every flag has them ("--mask" is 3 edits from "--cmap": no hint).
inline std::string did_you_mean(std::string_view wanted,
                                const std::vector<std::string_view>& known) {
    const std::size_t dashes = std::min(wanted.find_first_not_of('-'), wanted.size());
    const std::size_t limit = std::max<std::size_t>(1, (wanted.size() - dashes) / 3);
    std::size_t best = limit + 1;
    std::vector<std::string_view> nearest;
    for (std::string_view name : known) {
        const std::size_t d = edit_distance(wanted, name);
        if (d > limit) continue;
        if (d < best) {
            best = d;
            nearest.clear();
        }
        if (d == best && nearest.size() < 3) nearest.push_back(name);
    }
    if (nearest.empty()) return {};
    std::string out = " did you mean ";
    for (std::size_t i = 0; i < nearest.size(); ++i) {
        if (i > 0) out += (i + 1 == nearest.size()) ? " or " : ", ";
        out += '"';
        out += nearest[i];
        out += '"';
    }
    return out + "?";
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// A grey level as Python's float() reads it (Matplotlib calls float() on the string): the library's
// one number reader, so "0.15", " .5", "5e-1" and "nan" (then refused as outside [0, 1]) read as
// there.
inline bool parse_decimal(std::string_view s, double& out) {
    return parse_number(s, out);
}

inline Rgba unpack_rgba(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

// Agg's float-to-byte rule (agg::rgba8: unsigned(v * 255 + 0.5)) for v in [0, 1].
inline std::uint8_t agg_byte(double v) {
    return static_cast<std::uint8_t>(v * 255.0 + 0.5);
}

}  // namespace detail

// Parses a Matplotlib color string (see the top of this file). Throws std::invalid_argument naming
// the string, the nearest known names when it looks like a typo, and the forms that are accepted.
HEATMAP_FUNC Rgba parse_color(std::string_view spec);

// "#rrggbb", or "#rrggbbaa" when the color is not opaque: the form parse_color reads back.
inline std::string to_hex(Rgba c) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "#";
    for (std::uint8_t v : {c.r, c.g, c.b, c.a}) {
        out += digits[v >> 4];
        out += digits[v & 15];
    }
    if (c.a == 255) out.resize(7);
    return out;
}

// WCAG 2 relative luminance of c / 255, the rule seaborn's heatmap uses to pick dark ("0.15") or
// white annotation text (dark when luminance > 0.408).
inline double relative_luminance(Rgba c) {
    auto linear = [](std::uint8_t byte) {
        const double v = byte / 255.0;
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return linear(c.r) * 0.2126 + linear(c.g) * 0.7152 + linear(c.b) * 0.0722;
}

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include "color_data.hpp"

namespace heatmap {

// Parses a Matplotlib color string (see the top of this file). Throws std::invalid_argument naming
// the string, the nearest known names when it looks like a typo, and the forms that are accepted.
HEATMAP_FUNC Rgba parse_color(std::string_view spec) {
    const std::string forms =
        " Write \"#rgb\", \"#rrggbb\", \"#rrggbbaa\", a grey level in [0, 1] such as \"0.15\", a "
        "Matplotlib "
        "name such as \"w\", \"k\", \"white\" or \"red\", \"tab:blue\", \"C0\"..\"C9\" or "
        "\"none\".";
    const std::string quoted = "\"" + std::string(spec) + "\"";
    if (!spec.empty() && spec[0] == '#') {
        const std::string_view hex = spec.substr(1);
        int v[8] = {};
        bool ok = hex.size() == 3 || hex.size() == 4 || hex.size() == 6 || hex.size() == 8;
        for (std::size_t i = 0; ok && i < hex.size(); ++i)
            ok = (v[i] = detail::hex_digit(hex[i])) >= 0;
        if (!ok) detail::throw_invalid("invalid hex color " + quoted + "." + forms);
        auto channel = [&](std::size_t i) -> std::uint8_t {
            return static_cast<std::uint8_t>(hex.size() <= 4 ? v[i] * 17
                                                             : v[2 * i] * 16 + v[2 * i + 1]);
        };
        const bool alpha = hex.size() == 4 || hex.size() == 8;
        return {channel(0), channel(1), channel(2), alpha ? channel(3) : std::uint8_t{255}};
    }
    double grey = 0;
    if (detail::parse_decimal(spec, grey)) {
        if (!(grey >= 0 && grey <= 1))
            detail::throw_invalid("grey level " + quoted +
                                  " is outside [0, 1]; write a value from \"0\" (black) "
                                  "to \"1\" (white).");
        const std::uint8_t level = detail::agg_byte(grey);
        return {level, level, level, 255};
    }
    // Single letters are case-sensitive in Matplotlib ("B" is not blue); longer names are not.
    const std::string key = spec.size() == 1 ? std::string(spec) : detail::ascii_lower(spec);
    if (key == "none") return {0, 0, 0, 0};
    // "CN": the N-th color of Matplotlib's default cycle (tab10), wrapping around as Matplotlib
    // does.
    if (spec.size() >= 2 && spec[0] == 'C' &&
        std::all_of(spec.begin() + 1, spec.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        static constexpr const char* cycle[] = {"tab:blue",   "tab:orange", "tab:green", "tab:red",
                                                "tab:purple", "tab:brown",  "tab:pink",  "tab:gray",
                                                "tab:olive",  "tab:cyan"};
        std::size_t n = 0;
        for (char c : spec.substr(1)) n = (n * 10 + static_cast<std::size_t>(c - '0')) % 10;
        return parse_color(cycle[n]);
    }
    const auto* begin = std::begin(detail::named_colors);
    const auto* end = std::end(detail::named_colors);
    const auto* it =
        std::lower_bound(begin, end, key, [](const detail::NamedColor& c, const std::string& k) {
            return std::strcmp(c.name, k.c_str()) < 0;
        });
    if (it != end && key == it->name) return detail::unpack_rgba(it->rgba);

    std::vector<std::string_view> known;
    for (const auto& c : detail::named_colors)
        if (std::strlen(c.name) > 1) known.emplace_back(c.name);
    const std::string hint = spec.size() > 1 ? detail::did_you_mean(spec, known) : std::string();
    detail::throw_invalid("unknown color " + quoted + (hint.empty() ? "." : ";" + hint) + forms);
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
