#pragma once
// seaborn's color limits for heatmaps (matrix.py, _HeatMapper._determine_cmap_params):
//
//   auto [lo, hi] = heatmap::robust_limits(values.data(), values.size());  // 2nd, 98th percentile
//   heatmap::Colormap cmap = heatmap::recentered(heatmap::colormap("icefire"), lo, hi, 0.0);
//
// `robust` ignores outliers when choosing vmin and vmax; `center` keeps the colormap's middle at a
// value by cutting the map down to the part [vmin, vmax] spans of a range symmetric about it. Both
// give exactly seaborn's numbers, so a figure drawn with them matches seaborn's colors byte for
// byte.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "colormap.hpp"
#include "error.hpp"
#include "norm.hpp"

namespace heatmap {

// numpy's nanpercentile(values, q) with its default "linear" method, to the bit: NaN and infinities
// are skipped (imshow masks them, so they have no color to spread). Throws when no value is finite.
inline double percentile(const double* values, std::size_t n, double q) {
    if (!(q >= 0 && q <= 100)) detail::throw_invalid("percentile: q must be between 0 and 100");
    std::vector<double> v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(values[i])) v.push_back(values[i]);
    if (v.empty())
        detail::throw_invalid(
            "robust limits need at least one finite value; the data has none, so "
            "set vmin and vmax instead");
    std::sort(v.begin(), v.end());
    const double index = static_cast<double>(v.size() - 1) * (q / 100);
    const double below = std::floor(index);
    const std::size_t i = static_cast<std::size_t>(below);
    const std::size_t j = std::min(i + 1, v.size() - 1);
    const double t = index - below, a = v[i], b = v[j], d = b - a;
    // numpy's _lerp: from the nearer end, so t == 1 gives b exactly.
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

// seaborn's robust=True: vmin and vmax at the 2nd and 98th percentiles of the finite values.
inline std::pair<double, double> robust_limits(const double* values, std::size_t n) {
    return {percentile(values, n, 2), percentile(values, n, 98)};
}

// seaborn's center: the part of `cmap` that [vmin, vmax] covers once the map is stretched over
// [center - r, center + r], r the larger distance from center to a limit, resampled to 256 listed
// entries. bad carries over, and under/over when the map set them apart from its end colors.
inline Colormap recentered(const Colormap& cmap, double vmin, double vmax, double center) {
    if (!std::isfinite(vmin) || !std::isfinite(vmax) || !std::isfinite(center) || vmin > vmax)
        detail::throw_invalid(
            "center needs finite limits with vmin <= vmax; check vmin, vmax and "
            "center");
    const double r = std::max(vmax - center, center - vmin);
    // seaborn's Normalize(center - r, center + r) overflows when the center is far from data near
    // the ends of double; numpy warns and paints NaN there. Said here, in terms of what was given.
    if (!std::isfinite(center - r) || !std::isfinite(center + r))
        detail::throw_invalid("center " + detail::number_text(center) +
                              " is too far from the data (vmin " + detail::number_text(vmin) +
                              ", vmax " + detail::number_text(vmax) +
                              "): the colormap would span center -/+ " + detail::number_text(r) +
                              ", beyond the largest double; give a center nearer the data");
    const Normalize stretch{center - r, center + r};
    const double lo = stretch(vmin), hi = stretch(vmax);
    std::vector<double> xs(256);
    const double step = (hi - lo) / 255;  // np.linspace(lo, hi, 256), its last point exact
    for (std::size_t i = 0; i < xs.size(); ++i)
        xs[i] = i == 255 ? hi : static_cast<double>(i) * step + lo;
    Colormap out = cmap.sampled(xs).with_bad(cmap.bad());
    if (!(cmap.under() == cmap.colors().front())) out = out.with_under(cmap.under());
    if (!(cmap.over() == cmap.colors().back())) out = out.with_over(cmap.over());
    return out;
}

}  // namespace heatmap
