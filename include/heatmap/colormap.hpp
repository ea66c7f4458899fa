#pragma once
// Colormaps: a lookup table of N colors plus the colors for values below the range (under), above
// it (over) and missing (bad), as Matplotlib's Colormap holds them, with the bytes imshow paints.
//
//   heatmap::Colormap magma = heatmap::colormap("magma");  // a named map, or its _r
//   heatmap::Rgba c = magma(0.25);  // x in [0, 1] picks entry min(int(x*N), N-1)
//   auto mine = heatmap::Colormap::from_list("mine", {heatmap::parse_color("w"),
//                                                     heatmap::parse_color("C3")});
//
// The named maps (Matplotlib 3.6.3's 83 and seaborn 0.12.2's rocket, mako, flare, crest, vlag,
// icefire) sit in colormap_data.hpp, written by tools/gen_colormaps.py, as knots (segmented maps,
// evaluated with Matplotlib's arithmetic) or tables; a map is built when colormap() asks for it.
// Where Matplotlib keeps float tables, these keep the bytes imshow paints: it truncates lut * 255.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "color.hpp"
#include "config.hpp"
#include "error.hpp"

namespace heatmap {

class Colormap;
HEATMAP_FUNC Colormap colormap(std::string_view name);

namespace detail {

inline int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

inline std::vector<std::uint8_t> base64_decode(const char* text) {
    std::vector<std::uint8_t> out;
    unsigned bits = 0;
    int count = 0;
    for (; *text != '\0'; ++text) {
        const int v = base64_value(*text);
        if (v < 0) continue;  // '=' padding
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<std::uint8_t>(bits >> count));
        }
    }
    return out;
}

// One knot of a smooth map's channel, as Matplotlib's segmentdata holds it: at x the channel
// reaches y0 from the left and leaves with y1 (equal unless the map jumps there).
struct SegmentRow {
    double x, y0, y1;
};
// Red, green, blue and alpha; an empty alpha means opaque.
using Segments = std::array<std::vector<SegmentRow>, 4>;

// Matplotlib's _create_lookup_table for one channel: n samples of the piecewise-linear function
// through the knots, with numpy's operations in numpy's order so that the doubles come out the
// same.
inline std::vector<double> lookup_table(const std::vector<SegmentRow>& rows, int n) {
    std::vector<double> lut(static_cast<std::size_t>(n));
    if (n == 1) {
        lut[0] = rows.back().y0;
    } else {
        std::vector<double> x(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) x[i] = rows[i].x * (n - 1);
        // np.linspace(0, 1, n)[i] is i * step; the last is 1 exactly.
        const double step = 1.0 / (n - 1);
        lut[0] = rows.front().y1;
        for (int i = 1; i < n - 1; ++i) {
            const double xind = (n - 1) * (i * step);
            // np.searchsorted(x, xind), side "left": the first knot at or after xind.
            const std::size_t j =
                static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), xind) - x.begin());
            const double distance = (xind - x[j - 1]) / (x[j] - x[j - 1]);
            lut[static_cast<std::size_t>(i)] =
                distance * (rows[j].y0 - rows[j - 1].y1) + rows[j - 1].y1;
        }
        lut.back() = rows.back().y0;
    }
    for (double& v : lut) v = std::min(std::max(v, 0.0), 1.0);
    return lut;
}

// Matplotlib's LinearSegmentedColormap.reversed: each channel mirrored, x -> 1 - x, y0 and y1
// swapped.
inline Segments reversed_segments(const Segments& segments) {
    Segments out;
    for (std::size_t c = 0; c < 4; ++c)
        for (auto it = segments[c].rbegin(); it != segments[c].rend(); ++it)
            out[c].push_back({1.0 - it->x, it->y1, it->y0});
    return out;
}

// A named map's knots from colormap_data.hpp's layout (see there).
inline Segments read_segments(const double* data) {
    Segments out;
    for (std::size_t c = 0; c < 4; ++c) {
        const int rows = static_cast<int>(*data++);
        for (int r = 0; r < rows; ++r, data += 3)
            out[c].push_back({data[0], data[1], data[2] < 0 ? data[1] : data[2]});
    }
    return out;
}

// The 11 named maps Matplotlib defines by functions of x (its _cm.py; gnuplot's formulas among
// them), one channel at a time: c is 0, 1, 2 for red, green, blue. Returns NaN for a name that is
// not one of them. They serve resampled(); the maps themselves come from stored tables, as exact
// bytes.
inline double function_channel(std::string_view map, int c, double x) {
    const double pi = 3.141592653589793;
    auto gnuplot = [x, pi](int id) {  // Matplotlib's gfunc[id], for the ids these maps use
        switch (id) {
            case 3:
                return x;
            case 5:
                return std::pow(x, 3.0);
            case 7:
                return std::sqrt(x);
            case 10:
                return std::cos(x * pi / 2);
            case 13:
                return std::sin(x * pi);
            case 15:
                return std::sin(x * 2 * pi);
            case 23:
                return 3 * x - 2;
            case 28:
                return std::abs((3 * x - 1) / 2);
            case 30:
                return x / 0.32 - 0.78125;
            case 31:
                return 2 * x - 0.84;
            case 32:
                return x < 0.25 ? 4 * x : x < 0.92 ? -2 * x + 1.84 : x / 0.08 - 11.5;
            case 33:
                return std::abs(2 * x - 0.5);
            case 34:
                return 2 * x;
            case 35:
                return 2 * x - 0.5;
            default:
                return 2 * x - 1;  // 36
        }
    };
    auto pick = [c](int r, int g, int b) { return c == 0 ? r : c == 1 ? g : b; };
    if (map == "afmhot") return gnuplot(pick(34, 35, 36));
    if (map == "gnuplot") return gnuplot(pick(7, 5, 15));
    if (map == "gnuplot2") return gnuplot(pick(30, 31, 32));
    if (map == "ocean") return gnuplot(pick(23, 28, 3));
    if (map == "rainbow") return gnuplot(pick(33, 13, 10));
    if (map == "gist_gray") return x;
    if (map == "gist_yarg") return 1 - x;
    if (map == "gist_heat") return c == 0 ? 1.5 * x : c == 1 ? 2 * x - 1 : 4 * x - 3;
    if (map == "flag") {
        if (c == 1) return std::sin(x * 31.5 * pi);
        return 0.75 * std::sin((x * 31.5 + (c == 0 ? 0.25 : -0.25)) * pi) + 0.5;
    }
    if (map == "prism") {
        if (c == 2) return -1.1 * std::sin((x * 20.9) * pi);
        return 0.75 * std::sin((x * 20.9 + (c == 0 ? 0.25 : -0.25)) * pi) + (c == 0 ? 0.67 : 0.33);
    }
    if (map ==
        "cubehelix") {  // Green's cubehelix with Matplotlib's defaults: gamma 1, s 0.5, r -1.5, h 1
        const double p0 = c == 0 ? -0.14861 : c == 1 ? -0.29227 : 1.97294;
        const double p1 = c == 0 ? 1.78277 : c == 1 ? -0.90649 : 0.0;
        const double a = 1.0 * x * (1 - x) / 2;
        const double phi = 2 * pi * (0.5 / 3 + -1.5 * x);
        return x + a * (p0 * std::cos(phi) + p1 * std::sin(phi));
    }
    return std::numeric_limits<double>::quiet_NaN();
}

// imshow's float-to-byte rule for colormap tables: (lut * 255).astype(uint8), which truncates.
inline std::uint8_t lut_byte(double v) {
    return static_cast<std::uint8_t>(v * 255.0);
}

// The named maps in colormap_data.hpp, compiled with the definitions: index 2k is the k-th map,
// 2k + 1 its _r twin.
HEATMAP_FUNC std::size_t named_count();
HEATMAP_FUNC std::vector<Rgba> named_table(std::size_t index);
HEATMAP_FUNC std::vector<Rgba> named_rounded(std::size_t index, std::vector<Rgba> lut);
HEATMAP_FUNC std::string named_name(std::size_t index);

}  // namespace detail

class Colormap {
  public:
    // Matplotlib's default colormap, viridis (so that a Colormap member needs no initializer).
    Colormap() : Colormap(colormap("viridis")) {}

    // A map from its table and its three extra colors, all as given.
    Colormap(std::string name, std::vector<Rgba> lut, Rgba under, Rgba over, Rgba bad)
        : name_(std::move(name)), lut_(std::move(lut)), under_(under), over_(over), bad_(bad) {
        check_size(lut_.size(), 1, "Colormap's lookup table");
    }

    // Matplotlib's ListedColormap: the colors as they are, one entry each. under and over follow
    // the first and last entry (also after reversed()), bad is transparent black, until set.
    static Colormap listed(std::vector<Rgba> colors, std::string name = "from_list") {
        check_size(colors.size(), 1, "Colormap::listed");
        Colormap map{Blank{}};
        map.name_ = std::move(name);
        map.lut_ = std::move(colors);
        return map;
    }
    // The same with colors as Matplotlib spells them: listed({"w", "tab:blue", "0.15"}).
    static Colormap listed(std::initializer_list<std::string_view> colors,
                           std::string name = "from_list") {
        return listed(parsed(colors), std::move(name));
    }

    // Matplotlib's LinearSegmentedColormap.from_list: n entries interpolated linearly between the
    // colors, spaced evenly from 0 to 1, byte for byte as Matplotlib computes them.
    static Colormap from_list(std::string name, const std::vector<Rgba>& colors, int n = 256) {
        check_size(colors.size(), 2, "Colormap::from_list");
        std::vector<std::pair<double, Rgba>> stops;
        const std::size_t m = colors.size();
        // np.linspace(0, 1, m): i * (1 / (m - 1)), the last exactly 1.
        const double step = 1.0 / static_cast<double>(m - 1);
        for (std::size_t i = 0; i < m; ++i)
            stops.emplace_back(i + 1 == m ? 1.0 : static_cast<double>(i) * step, colors[i]);
        return from_stops(std::move(name), stops, n);
    }
    static Colormap from_list(std::string name, std::initializer_list<std::string_view> colors,
                              int n = 256) {
        return from_list(std::move(name), parsed(colors), n);
    }

    // The same from (position, color) stops: positions start at 0, end at 1 and never decrease (a
    // repeated position makes a sharp step). Throws std::invalid_argument otherwise.
    static Colormap from_list(std::string name, const std::vector<std::pair<double, Rgba>>& stops,
                              int n = 256) {
        check_size(stops.size(), 2, "Colormap::from_list");
        if (stops.front().first != 0.0 || stops.back().first != 1.0)
            throw_invalid("colormap stops must start at position 0 and end at 1 (got " +
                          detail::number_text(stops.front().first) + " .. " +
                          detail::number_text(stops.back().first) +
                          "); put the first color at 0 and the last at 1.");
        for (std::size_t i = 1; i < stops.size(); ++i)
            if (!(stops[i].first >= stops[i - 1].first))
                throw_invalid("colormap stop positions must not decrease (stop " +
                              std::to_string(i) + " at " + detail::number_text(stops[i].first) +
                              " follows " + detail::number_text(stops[i - 1].first) +
                              "); sort the stops by position.");
        return from_stops(std::move(name), stops, n);
    }

    const std::string& name() const { return name_; }
    int size() const { return static_cast<int>(lut_.size()); }
    const std::vector<Rgba>& colors() const { return lut_; }

    // Matplotlib's ListedColormap(cmap(xs)): a listed map of the colors this one gives at xs
    // (under, over or bad for an x beyond [0, 1] or NaN), under and over unset, bad transparent.
    // It keeps how Agg rounds each color (see rounded()), which the colors alone would lose.
    Colormap sampled(const std::vector<double>& xs) const {
        check_size(xs.size(), 1, "Colormap::sampled");
        Colormap map{Blank{}};
        map.name_ = name_;
        const Colormap agg = rounded();
        for (double x : xs) {
            map.lut_.push_back((*this)(x));
            map.rounded_.push_back(agg(x));
        }
        return map;
    }

    // The map as Agg paints its float colors in pcolormesh and patches (the colorbar, seaborn's
    // cells): each channel rounded half up, where imshow's bytes (this map) truncate, so an entry
    // can be one unit above. A map given as bytes (listed, from_list's inputs, under/over/bad
    // colors) is its own rounding. Meant for drawing: evaluate, don't derive maps from it.
    Colormap rounded() const {
        Colormap map = *this;
        if (!rounded_.empty()) map.lut_ = rounded_;
        map.rounded_.clear();
        return map;
    }

    // The color for a normalized value, as Matplotlib's Colormap.__call__ picks it for a float: NaN
    // is bad, x * N below 0 is under, above N is over (so 1 + 1e-12 is over), and x == 1 is the
    // last entry.
    Rgba operator()(double x) const {
        if (std::isnan(x)) return bad_;
        const double n = static_cast<double>(lut_.size());
        const double xa = x * n;
        if (xa < 0) return under();
        if (xa == n) return lut_.back();
        if (xa > n) return over();
        return lut_[static_cast<std::size_t>(xa)];
    }

    // The color for an integer index (what BoundaryNorm gives): below 0 under, N or more over.
    Rgba at_index(long i) const {
        if (i < 0) return under();
        if (static_cast<unsigned long>(i) >= lut_.size()) return over();
        return lut_[static_cast<std::size_t>(i)];
    }

    Rgba under() const { return under_ ? *under_ : lut_.front(); }
    Rgba over() const { return over_ ? *over_ : lut_.back(); }
    Rgba bad() const { return bad_; }

    Colormap with_under(Rgba c) const {
        Colormap map = *this;
        map.under_ = c;
        return map;
    }
    Colormap with_over(Rgba c) const {
        Colormap map = *this;
        map.over_ = c;
        return map;
    }
    Colormap with_bad(Rgba c) const {
        Colormap map = *this;
        map.bad_ = c;
        return map;
    }
    // The same with a color as Matplotlib spells it ("none" for transparent).
    Colormap with_under(std::string_view c) const { return with_under(parse_color(c)); }
    Colormap with_over(std::string_view c) const { return with_over(parse_color(c)); }
    Colormap with_bad(std::string_view c) const { return with_bad(parse_color(c)); }

    // The map read backwards, named name() + "_r", under and over swapped. As in Matplotlib, a
    // smooth map (a named segmented one, or one from from_list) is evaluated anew on mirrored
    // knots, which can move an entry by one unit from the table read backwards.
    Colormap reversed() const {
        Colormap map{Blank{}};
        if (segmented()) {
            map = from_segments(name_, detail::reversed_segments(segments_), size());
        } else if (named_ >= 0) {
            // A named map defined by functions: Matplotlib's own _r table.
            map = from_named(static_cast<std::size_t>(named_) ^ 1u);
        } else if (!functions_.empty()) {
            map = from_functions(functions_, !mirrored_, size());
        } else {
            map.lut_.assign(lut_.rbegin(), lut_.rend());
            map.rounded_.assign(rounded_.rbegin(), rounded_.rend());
        }
        map.name_ = name_ + "_r";
        map.under_ = over_;
        map.over_ = under_;
        map.bad_ = bad_;
        return map;
    }

    // The map with n entries. A smooth map (from_list, or a named segmented one such as RdBu or
    // coolwarm) is evaluated anew from its knots (Matplotlib's LinearSegmentedColormap.resampled);
    // any other map picks entry min(int(x*N), N-1) at n evenly spaced x (ListedColormap.resampled).
    // The 11 named maps Matplotlib defines by functions (gnuplot, cubehelix, ...) evaluate them.
    Colormap resampled(int n) const {
        if (n < 1)
            throw_invalid("Colormap::resampled(" + std::to_string(n) + "): n must be at least 1.");
        Colormap map{Blank{}};
        if (segmented()) {
            map = from_segments(name_, segments_, n);
        } else if (!functions_.empty()) {
            map = from_functions(functions_, mirrored_, n);
        } else {
            std::vector<double> xs(static_cast<std::size_t>(n));
            const double step = n > 1 ? 1.0 / (n - 1) : 0.0;
            for (int i = 0; i < n; ++i)
                xs[static_cast<std::size_t>(i)] = i + 1 == n && n > 1 ? 1.0 : i * step;
            map = sampled(xs);
        }
        map.name_ = name_;
        map.under_ = under_;
        map.over_ = over_;
        map.bad_ = bad_;
        return map;
    }

  private:
    friend Colormap colormap(std::string_view name);

    static std::vector<Rgba> parsed(std::initializer_list<std::string_view> colors) {
        std::vector<Rgba> out;
        out.reserve(colors.size());
        for (std::string_view c : colors) out.push_back(parse_color(c));
        return out;
    }

    // Internal: a map whose fields the caller fills in.
    struct Blank {};
    explicit Colormap(Blank) {}

    [[noreturn]] static void throw_invalid(const std::string& message) {
        detail::throw_invalid(message);
    }

    static void check_size(std::size_t n, std::size_t least, const char* what) {
        if (n < least)
            throw_invalid(std::string(what) + " got " + std::to_string(n) + " color" +
                          (n == 1 ? "" : "s") + "; give at least " + std::to_string(least) + ".");
    }

    bool segmented() const { return !segments_[0].empty(); }

    static Colormap from_named(std::size_t index);

    // from_list's knots: every channel through the same positions, colors as byte / 255 (what
    // Matplotlib's to_rgba_array gives for "#rrggbb").
    static Colormap from_stops(std::string name, const std::vector<std::pair<double, Rgba>>& stops,
                               int n) {
        detail::Segments segments;
        for (const auto& [x, color] : stops) {
            const std::uint8_t bytes[4] = {color.r, color.g, color.b, color.a};
            for (std::size_t c = 0; c < 4; ++c)
                segments[c].push_back({x, bytes[c] / 255.0, bytes[c] / 255.0});
        }
        return from_segments(std::move(name), std::move(segments), n);
    }

    // A map defined by functions, sampled at np.linspace(0, 1, n) (mirrored: at 1 - x), clipped to
    // [0, 1] and truncated to bytes; under and over unset, as Matplotlib's resampled() copies them.
    static Colormap from_functions(std::string map_name, bool mirrored, int n) {
        Colormap map{Blank{}};
        const double step = n > 1 ? 1.0 / (n - 1) : 0.0;
        for (int i = 0; i < n; ++i) {
            double x = n > 1 && i == n - 1 ? 1.0 : i * step;
            if (mirrored) x = 1 - x;
            std::uint8_t bytes[3], rounded[3];
            for (int c = 0; c < 3; ++c) {
                const double v =
                    std::min(std::max(detail::function_channel(map_name, c, x), 0.0), 1.0);
                bytes[c] = detail::lut_byte(v);
                rounded[c] = detail::agg_byte(v);
            }
            map.lut_.push_back({bytes[0], bytes[1], bytes[2], 255});
            map.rounded_.push_back({rounded[0], rounded[1], rounded[2], 255});
        }
        map.functions_ = std::move(map_name);
        map.mirrored_ = mirrored;
        return map;
    }

    // Matplotlib's LinearSegmentedColormap._init, then imshow's truncation to bytes.
    static Colormap from_segments(std::string name, detail::Segments segments, int n) {
        if (n < 1)
            throw_invalid("a colormap needs at least 1 entry (n = " + std::to_string(n) + ").");
        std::array<std::vector<double>, 4> channels;
        for (std::size_t c = 0; c < 4; ++c)
            channels[c] = segments[c].empty()
                              ? std::vector<double>(static_cast<std::size_t>(n), 1.0)
                              : detail::lookup_table(segments[c], n);
        Colormap map{Blank{}};
        map.name_ = std::move(name);
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            map.lut_.push_back({detail::lut_byte(channels[0][i]), detail::lut_byte(channels[1][i]),
                                detail::lut_byte(channels[2][i]),
                                detail::lut_byte(channels[3][i])});
            map.rounded_.push_back(
                {detail::agg_byte(channels[0][i]), detail::agg_byte(channels[1][i]),
                 detail::agg_byte(channels[2][i]), detail::agg_byte(channels[3][i])});
        }
        map.segments_ = std::move(segments);
        return map;
    }

    std::string name_;
    std::vector<Rgba> lut_;
    // The same entries as Agg rounds the float colors (see rounded()); empty when that is lut_.
    std::vector<Rgba> rounded_;
    // Unset until with_under/with_over: then they follow the table's first and last entry, which
    // matters after reversed(), where Matplotlib's default under is the new first entry.
    std::optional<Rgba> under_, over_;
    Rgba bad_{0, 0, 0, 0};
    // Knots of a smooth map (from_list, or a named segmented map): reversed() and resampled()
    // evaluate them anew, as Matplotlib does. Empty for tables.
    detail::Segments segments_;
    // For the named maps defined by functions: which one, and whether reversed (x -> 1 - x).
    std::string functions_;
    bool mirrored_ = false;
    // Index of the named map this is (see detail::named_table), -1 otherwise: reversed() of a named
    // map without knots gives Matplotlib's own _r table.
    int named_ = -1;
};

// Every named map, each followed by its _r twin, in Matplotlib's sorted order.
HEATMAP_FUNC std::vector<std::string> colormap_names();

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include "colormap_data.hpp"

namespace heatmap {
namespace detail {

// The bytes of a named table map: index 2k is colormap_data[k], index 2k + 1 its _r twin.
HEATMAP_FUNC std::vector<Rgba> named_table(std::size_t index) {
    const ColormapData& data = colormap_data[index / 2];
    const std::vector<std::uint8_t> rgb = base64_decode(data.rgb);
    const std::size_t n = static_cast<std::size_t>(data.size);
    std::vector<Rgba> lut(n);
    for (std::size_t i = 0; i < n; ++i) lut[i] = {rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255};
    if (index % 2 == 1) {
        std::reverse(lut.begin(), lut.end());
        const std::vector<std::uint8_t> fix = base64_decode(data.reversed_fix);
        for (std::size_t k = 0; k + 5 <= fix.size(); k += 5)
            lut[static_cast<std::size_t>(fix[k] << 8 | fix[k + 1])] = {fix[k + 2], fix[k + 3],
                                                                       fix[k + 4], 255};
    }
    return lut;
}

// The same table as Agg paints the map's float colors (pcolormesh, patches): the bytes above plus
// the stored round-up bits.
HEATMAP_FUNC std::vector<Rgba> named_rounded(std::size_t index, std::vector<Rgba> lut) {
    const ColormapData& data = colormap_data[index / 2];
    const std::vector<std::uint8_t> up =
        base64_decode(index % 2 == 1 ? data.round_up_r : data.round_up);
    for (std::size_t i = 0; i < lut.size(); ++i) {
        std::uint8_t* channel[3] = {&lut[i].r, &lut[i].g, &lut[i].b};
        for (std::size_t c = 0; c < 3; ++c) {
            const std::size_t bit = 3 * i + c;
            if (bit / 8 < up.size() && (up[bit / 8] >> bit % 8 & 1)) ++*channel[c];
        }
    }
    return lut;
}

HEATMAP_FUNC std::string named_name(std::size_t index) {
    return std::string(colormap_data[index / 2].name) + (index % 2 == 1 ? "_r" : "");
}

HEATMAP_FUNC std::size_t named_count() {
    return 2 * (sizeof(colormap_data) / sizeof(colormap_data[0]));
}

}  // namespace detail

HEATMAP_FUNC Colormap Colormap::from_named(std::size_t index) {
    const double* knots = detail::colormap_data[index / 2].segments;
    Colormap map{Blank{}};
    if (knots) {
        // Matplotlib registers X_r as X.reversed(): the mirrored knots, evaluated anew.
        detail::Segments segments = detail::read_segments(knots);
        if (index % 2 == 1) segments = detail::reversed_segments(segments);
        map = from_segments({}, std::move(segments), detail::colormap_data[index / 2].size);
    } else {
        map.lut_ = detail::named_table(index);
        map.rounded_ = detail::named_rounded(index, map.lut_);
        const char* name = detail::colormap_data[index / 2].name;
        if (!std::isnan(detail::function_channel(name, 0, 0.5))) {
            map.functions_ = name;
            map.mirrored_ = index % 2 == 1;  // Matplotlib's X_r evaluates X at 1 - x
        }
    }
    map.name_ = detail::named_name(index);
    map.named_ = static_cast<int>(index);
    return map;
}

// Every named map, each followed by its _r twin, in Matplotlib's sorted order.
HEATMAP_FUNC std::vector<std::string> colormap_names() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < detail::named_count(); ++i) names.push_back(detail::named_name(i));
    return names;
}

// A named map ("viridis", "RdBu_r", "rocket"...). Names are case-sensitive, as in Matplotlib.
// Throws std::invalid_argument naming the unknown name and the nearest known ones.
HEATMAP_FUNC Colormap colormap(std::string_view name) {
    for (std::size_t k = 0; k < detail::named_count() / 2; ++k) {
        const std::size_t length = std::strlen(detail::colormap_data[k].name);
        if (name.substr(0, length) != detail::colormap_data[k].name) continue;
        if (name.size() == length) return Colormap::from_named(2 * k);
        if (name.substr(length) == "_r") return Colormap::from_named(2 * k + 1);
    }
    const std::vector<std::string> names = colormap_names();
    const std::vector<std::string_view> known(names.begin(), names.end());
    const std::string hint = detail::did_you_mean(name, known);
    detail::throw_invalid(
        "unknown colormap \"" + std::string(name) + "\";" +
        (hint.empty() ? " heatmap::colormap_names() lists the " + std::to_string(names.size()) +
                            " known names (Matplotlib's, seaborn's and their _r twins)."
                      : hint));
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
