#pragma once
// The sizes heatmap accepts, stated once, and checks that hold them where each size is set:
//
//   heatmap::detail::check_text_length("title", text);      // at most max_text_bytes
//   heatmap::detail::check_font_size("font_size", pt, dpi); // what the text engine can draw
//   heatmap::detail::check_dpi("dpi", dpi);                  // 1 to max_dpi
//
// Matplotlib takes any size and fails late or never finishes: a 50 MB title is measured for minutes
// before anything is drawn. A setter that checks its argument here names the setter and the value
// at the call that is wrong, before any work is spent.

#include <cstddef>
#include <string>
#include <string_view>

#include "error.hpp"

namespace heatmap {

// The longest text (a title, an axis or colorbar label, a tick label, an annotation) in bytes.
// 64 KiB is thousands of lines at any size a figure can hold; measuring that much takes a
// fraction of a second, where 50 MB took minutes and gigabytes.
inline constexpr std::size_t max_text_bytes = 65536;

// What the text engine draws (text.hpp's check_text_size): sizes up to 1000 pt, resolutions from
// 1 to 10000 dpi, at most 4000 pixels per em. Below those, any positive size is drawn (to nothing,
// when it is tiny), as Matplotlib draws it.
inline constexpr double max_font_size_pt = 1000;
inline constexpr double max_dpi = 10000;
inline constexpr double max_pixels_per_em = 4000;

namespace detail {

// `what` names the setter or option that took the text ("title", "--xlabel").
inline void check_text_length(std::string_view what, std::string_view text) {
    if (text.size() > max_text_bytes)
        throw_invalid(std::string(what) + ": the text is " + std::to_string(text.size()) +
                      " bytes, over the limit of " + std::to_string(max_text_bytes) +
                      "; give a shorter one");
}

inline void check_dpi(std::string_view what, double dpi) {
    if (!(dpi >= 1 && dpi <= max_dpi))
        throw_invalid(std::string(what) + ": " + number_text(dpi) +
                      " is not a resolution from 1 to " + number_text(max_dpi) +
                      " dpi; give one such as 100");
}

// A font size at the figure's resolution (a larger dpi leaves room for smaller sizes only).
inline void check_font_size(std::string_view what, double pt, double dpi) {
    if (!(pt > 0 && pt <= max_font_size_pt))
        throw_invalid(std::string(what) + ": " + number_text(pt) +
                      " pt is not a font size above 0 and at most " +
                      number_text(max_font_size_pt) + " pt; give one such as 10");
    if (pt * dpi / 72 > max_pixels_per_em)
        throw_invalid(std::string(what) + ": " + number_text(pt) + " pt at " + number_text(dpi) +
                      " dpi is " + number_text(pt * dpi / 72) +
                      " pixels per em, over the limit of " + number_text(max_pixels_per_em) +
                      "; give a smaller size or dpi");
}

}  // namespace detail

}  // namespace heatmap
