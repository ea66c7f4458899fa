#pragma once
// Legibility: the rules that keep a heatmap's text readable when the figure is too small for it.
//
//   auto_tick_step(40, 520.0, 10, 100)     // 2: seaborn's xticklabels="auto", every 2nd label
//   ellipsize("Customer success", 70, 10, 100)   // "Custom…": fits 70 px along the text
//   fit_text_size("-1194.2", {37, 43}, 10, 6, 100)  // nullopt: would need < 6 pt, so leave it out
//
// seaborn thins labels by the axes' length over the font size; Matplotlib has no rule for the other
// two, so they are ours, stated here and written out identically in tools/make_feature_refs.py,
// which draws their references with Matplotlib's own text measurements.

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"
#include "geometry.hpp"
#include "text.hpp"

namespace heatmap {

namespace detail {

// Python's float floor division (floatobject.c), which seaborn's `size // (fontsize / 72)` uses:
// plain floor(a / b) can land one off when a / b rounds up to a whole number.
inline double python_floordiv(double a, double b) {
    const double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0;
    if (div == 0) return std::copysign(0.0, a / b);
    const double floordiv = std::floor(div);
    return div - floordiv > 0.5 ? floordiv + 1.0 : floordiv;
}

}  // namespace detail

// seaborn's "auto" tick labels (matrix.py, _HeatMapper._auto_ticks): as many labels as fit one font
// size apart along an axis `length_px` long, so every k-th of `count` labels is shown, k returned;
// 0 means none fit. Unlike seaborn, which measures the axes before constrained layout moves it,
// callers pass the laid-out axes, so the step matches the figure that is drawn.
inline std::size_t auto_tick_step(std::size_t count, double length_px, double size_pt, double dpi) {
    if (!(length_px >= 0) || !(size_pt > 0) || !(dpi > 0))
        detail::throw_invalid("auto_tick_step: length, font size and dpi must be positive numbers");
    const double em_inches = size_pt / 72.0;
    if (em_inches == 0) return 1;  // a size so small it rounds to 0: every label fits
    const double max_ticks = detail::python_floordiv(length_px / dpi, em_inches);
    if (!(max_ticks >= 1)) return 0;
    // seaborn's len(labels) // max_ticks + 1 in Python's unbounded ints: once max_ticks exceeds the
    // count (tiny fonts, where it can pass any integer type), every label is shown.
    if (max_ticks > static_cast<double>(count)) return 1;
    return count / static_cast<std::size_t>(max_ticks) + 1;
}

// The label as shown when it may be at most `max_px` long (measured along the text, so a rotated
// label is limited along its slant): unchanged when it fits, else the longest prefix of whole code
// points, trailing spaces dropped, followed by U+2026 that fits; "…" alone when none does.
inline std::string ellipsize(std::string_view label, double max_px, const TextStyle& style) {
    if (!(max_px > 0))
        detail::throw_invalid(
            "ellipsize: the maximum label width must be a positive number of "
            "pixels; leave it unset to keep labels whole");
    auto width = [&](std::string_view text) {
        return detail::shape_text(text, style.size_pt, style.dpi, style.metrics, style.fonts).width;
    };
    if (width(label) <= max_px) return std::string(label);
    // Byte offsets where a code point starts, longest prefix first.
    for (std::size_t n = label.size(); n-- > 0;) {
        if ((static_cast<unsigned char>(label[n]) & 0xC0) == 0x80) continue;
        std::string shown(label.substr(0, n));
        while (!shown.empty() && shown.back() == ' ') shown.pop_back();
        shown += "\xE2\x80\xA6";
        if (width(shown) <= max_px) return shown;
    }
    return "\xE2\x80\xA6";
}
inline std::string ellipsize(std::string_view label, double max_px, double size_pt, double dpi) {
    TextStyle style;
    style.size_pt = size_pt, style.dpi = dpi;
    return ellipsize(label, max_px, style);
}

// The size at which a cell's annotation stays inside its cell: `size_pt` when its box (as
// text_box measures it, lp-high) fits the cell less 2 pt each side horizontally; otherwise smaller
// in proportion to the worse of the two ratios; nullopt when that is below `min_size_pt`, and the
// text should be left out.
inline std::optional<double> fit_text_size(std::string_view text, Point cell_px, double size_pt,
                                           double min_size_pt, const TextStyle& measure) {
    if (text.empty()) return size_pt;
    TextStyle style = measure;
    style.size_pt = size_pt;
    style.rotation = 0, style.ha = HAlign::left, style.va = VAlign::baseline;
    style.rotation_mode = RotationMode::standard;
    const Box b = text_box(text, {0, 0}, style);
    const double pad = 2 * points_to_pixels(2, style.dpi);
    double scale = 1;
    if (b.width() > 0) scale = std::fmin(scale, (cell_px.x - pad) / b.width());
    if (b.height() > 0) scale = std::fmin(scale, cell_px.y / b.height());
    const double size = size_pt * scale;
    if (size < min_size_pt) return std::nullopt;
    return size;
}
inline std::optional<double> fit_text_size(std::string_view text, Point cell_px, double size_pt,
                                           double min_size_pt, double dpi) {
    TextStyle style;
    style.dpi = dpi;
    return fit_text_size(text, cell_px, size_pt, min_size_pt, style);
}

}  // namespace heatmap
