#pragma once
// Norms: how data values become positions in [0, 1] on a colormap (or, for BoundaryNorm, colormap
// indices), with Matplotlib's formulas and edge cases: Normalize, LogNorm, PowerNorm, SymLogNorm,
// TwoSlopeNorm, CenteredNorm and BoundaryNorm. Each is a value type with public parameters in
// Matplotlib's positional order,
//
//   heatmap::Norm norm = heatmap::LogNorm{1.0, 1000.0};                  // vmin, vmax
//   norm = heatmap::autoscaled(heatmap::Normalize{}, data, n);           // limits from the data
//   heatmap::Rgba c = heatmap::map_value(heatmap::colormap("magma"), norm, 42.0);
//
// Limits left unset (std::nullopt) are taken from the data by autoscaled(); calling a norm whose
// limits are still unset throws. NaN stays NaN (bad) through every norm. Each norm has an inverse,
// from a position in [0, 1] back to a data value, which is what a colorbar needs to place its
// ticks. map_value() is imshow's norm-and-colormap step for one value; map_image() paints a whole
// image as imshow does, including the rounding of its resampling round trip.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "color.hpp"
#include "colormap.hpp"
#include "error.hpp"

namespace heatmap {

// Which ends of the colormap get a color of their own for values beyond the limits: the colormap's
// under color below vmin, over above vmax (Matplotlib's extend="neither", "min", "max", "both").
enum class Extend { neither, min, max, both };

inline bool extends_min(Extend e) {
    return e == Extend::min || e == Extend::both;
}
inline bool extends_max(Extend e) {
    return e == Extend::max || e == Extend::both;
}
inline std::string extend_name(Extend e) {
    return e == Extend::min    ? "min"
           : e == Extend::max  ? "max"
           : e == Extend::both ? "both"
                               : "neither";
}
// Matplotlib's spelling; throws std::invalid_argument naming the four.
inline Extend parse_extend(std::string_view name) {
    if (name == "neither") return Extend::neither;
    if (name == "min") return Extend::min;
    if (name == "max") return Extend::max;
    if (name == "both") return Extend::both;
    throw std::invalid_argument("extend \"" + std::string(name) +
                                "\" is not one of neither, min, max, both: pick one of those");
}

namespace detail {

// The limits a norm is called with: both set, finite, and in order.
inline void check_limits(const char* norm, const std::optional<double>& vmin,
                         const std::optional<double>& vmax) {
    auto check = [norm](const char* name, const std::optional<double>& limit) {
        if (!limit)
            throw_invalid(std::string(norm) + ": " + name +
                          " is not set; set vmin and vmax, or take them from the data with "
                          "heatmap::autoscaled().");
        if (!std::isfinite(*limit))
            throw_invalid(std::string(norm) + ": " + name + " is " + number_text(*limit) +
                          "; give a finite " + name + ".");
    };
    check("vmin", vmin);
    check("vmax", vmax);
    if (*vmin > *vmax)
        throw_invalid(std::string(norm) + ": vmin (" + number_text(*vmin) +
                      ") is greater than vmax (" + number_text(*vmax) + "); give vmin <= vmax.");
}

// A linear norm divides by vmax - vmin, which overflows to inf for limits near the ends of double
// (-1e308 and 1e308): every value would land at 0 or NaN. Matplotlib warns and then fails to draw
// its colorbar ("Axis limits cannot be NaN or Inf"); refused here, saying why.
inline void check_span(const char* norm, double lo, double hi, const char* lo_name = "vmin",
                       const char* hi_name = "vmax") {
    if (!std::isfinite(hi - lo))
        throw_invalid(std::string(norm) + ": " + lo_name + " (" + number_text(lo) + ") and " +
                      hi_name + " (" + number_text(hi) +
                      ") are further apart than the largest double, so no value between them can "
                      "be placed; scale the data down (divide it by 1e10, say) or give limits "
                      "closer together.");
}

// np.interp(x, xp, fp, left, right) for increasing xp, in numpy's arithmetic: the segment [xp[j],
// xp[j+1]) holding x (the last one with xp[j] <= x), slope * (x - xp[j]) + fp[j].
inline double interp(double x, const double* xp, const double* fp, std::size_t n, double left,
                     double right) {
    if (std::isnan(x)) return x;
    if (x < xp[0]) return left;
    if (x > xp[n - 1]) return right;
    std::size_t j = static_cast<std::size_t>(std::upper_bound(xp, xp + n, x) - xp) - 1;
    if (j == n - 1 || xp[j] == x) return fp[j];
    const double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    double y = slope * (x - xp[j]) + fp[j];
    if (std::isnan(y)) {
        y = slope * (x - xp[j + 1]) + fp[j + 1];
        if (std::isnan(y) && fp[j] == fp[j + 1]) y = fp[j];
    }
    return y;
}

inline double clip_to(double x, double lo, double hi) {
    return std::isnan(x) ? x : std::min(std::max(x, lo), hi);
}

// Matplotlib's SymmetricalLogTransform and its inverse.
struct SymLogTransform {
    double base, linthresh, linscale;
    double adjusted() const { return linscale / (1.0 - std::pow(base, -1.0)); }
    double forward(double a) const {
        const double sign = a > 0 ? 1.0 : a < 0 ? -1.0 : a;  // np.sign: 0 and NaN map to themselves
        if (std::abs(a) <= linthresh) return a * adjusted();
        return sign * linthresh * (adjusted() + std::log(std::abs(a) / linthresh) / std::log(base));
    }
    double inverse(double a) const {
        const double sign = a > 0 ? 1.0 : a < 0 ? -1.0 : a;
        if (std::abs(a) <= forward(linthresh)) return a / adjusted();
        return sign * linthresh * std::pow(base, std::abs(a) / linthresh - adjusted());
    }
};

}  // namespace detail

// Linear: vmin -> 0, vmax -> 1. vmin == vmax maps everything to 0. clip pulls values into [vmin,
// vmax].
struct Normalize {
    std::optional<double> vmin = std::nullopt, vmax = std::nullopt;
    bool clip = false;

    void validate() const {
        detail::check_limits("Normalize", vmin, vmax);
        detail::check_span("Normalize", *vmin, *vmax);
    }
    double operator()(double x) const {
        validate();
        if (std::isnan(x)) return x;
        if (*vmin == *vmax) return 0.0;
        if (clip) x = detail::clip_to(x, *vmin, *vmax);
        return (x - *vmin) / (*vmax - *vmin);
    }
    double inverse(double u) const {
        validate();
        return *vmin + u * (*vmax - *vmin);
    }
};

// Logarithmic (base 10) between positive limits; zero and negative values are bad (NaN), as is
// +inf.
struct LogNorm {
    std::optional<double> vmin = std::nullopt, vmax = std::nullopt;
    bool clip = false;

    void validate() const {
        detail::check_limits("LogNorm", vmin, vmax);
        for (const auto& [name, limit] :
             {std::pair<const char*, double>{"vmin", *vmin}, {"vmax", *vmax}})
            if (!(limit > 0))
                detail::throw_invalid(
                    std::string("LogNorm: ") + name + " must be positive (got " +
                    detail::number_text(limit) +
                    "); a log scale starts above 0, so give the smallest positive value to show.");
    }
    double operator()(double x) const {
        validate();
        if (std::isnan(x)) return x;
        if (*vmin == *vmax) return 0.0;
        if (clip) x = detail::clip_to(x, *vmin, *vmax);
        const double t_vmin = std::log10(*vmin), t_vmax = std::log10(*vmax);
        const double u = (std::log10(x) - t_vmin) / (t_vmax - t_vmin);
        return std::isfinite(u) ? u : std::numeric_limits<double>::quiet_NaN();
    }
    double inverse(double u) const {
        validate();
        const double t_vmin = std::log10(*vmin), t_vmax = std::log10(*vmax);
        return std::pow(10.0, u * (t_vmax - t_vmin) + t_vmin);
    }
};

// ((x - vmin) / (vmax - vmin)) ** gamma; values below vmin map to 0 (not under), as in Matplotlib.
struct PowerNorm {
    double gamma = 1.0;
    std::optional<double> vmin = std::nullopt, vmax = std::nullopt;
    bool clip = false;

    void validate() const {
        if (!(gamma > 0) || !std::isfinite(gamma))
            detail::throw_invalid(
                "PowerNorm: gamma must be a positive number (got " + detail::number_text(gamma) +
                "); 1 is linear, below 1 spreads the low values, above 1 the high ones.");
        detail::check_limits("PowerNorm", vmin, vmax);
        detail::check_span("PowerNorm", *vmin, *vmax);
    }
    double operator()(double x) const {
        validate();
        if (std::isnan(x)) return x;
        if (*vmin == *vmax) return 0.0;
        if (clip) x = detail::clip_to(x, *vmin, *vmax);
        double r = x - *vmin;
        if (r < 0) r = 0;
        return std::pow(r, gamma) / std::pow(*vmax - *vmin, gamma);
    }
    double inverse(double u) const {
        validate();
        return std::pow(u, 1.0 / gamma) * (*vmax - *vmin) + *vmin;
    }
};

// Logarithmic in both directions from 0, linear within (-linthresh, linthresh), where linscale says
// how many decades each half of the linear range takes.
struct SymLogNorm {
    double linthresh = 1.0;
    double linscale = 1.0;
    std::optional<double> vmin = std::nullopt, vmax = std::nullopt;
    bool clip = false;
    double base = 10.0;

    void validate() const {
        if (!(base > 1) || !std::isfinite(base))
            detail::throw_invalid("SymLogNorm: base must be larger than 1 (got " +
                                  detail::number_text(base) + ").");
        if (!(linthresh > 0) || !std::isfinite(linthresh))
            detail::throw_invalid("SymLogNorm: linthresh must be positive (got " +
                                  detail::number_text(linthresh) +
                                  "); it is the half-width of the linear range around 0.");
        if (!(linscale > 0) || !std::isfinite(linscale))
            detail::throw_invalid("SymLogNorm: linscale must be positive (got " +
                                  detail::number_text(linscale) +
                                  "); 1 gives the linear range as much room as one decade.");
        detail::check_limits("SymLogNorm", vmin, vmax);
    }
    double operator()(double x) const {
        validate();
        if (std::isnan(x)) return x;
        if (*vmin == *vmax) return 0.0;
        if (clip) x = detail::clip_to(x, *vmin, *vmax);
        const detail::SymLogTransform t{base, linthresh, linscale};
        const double t_vmin = t.forward(*vmin), t_vmax = t.forward(*vmax);
        const double u = (t.forward(x) - t_vmin) / (t_vmax - t_vmin);
        return std::isfinite(u) ? u : std::numeric_limits<double>::quiet_NaN();
    }
    double inverse(double u) const {
        validate();
        const detail::SymLogTransform t{base, linthresh, linscale};
        const double t_vmin = t.forward(*vmin), t_vmax = t.forward(*vmax);
        return t.inverse(u * (t_vmax - t_vmin) + t_vmin);
    }
};

// Two linear pieces: vmin -> 0, vcenter -> 0.5, vmax -> 1; beyond the limits -inf/+inf
// (under/over).
struct TwoSlopeNorm {
    double vcenter = 0.0;
    std::optional<double> vmin = std::nullopt, vmax = std::nullopt;

    void validate() const {
        detail::check_limits("TwoSlopeNorm", vmin, vmax);
        if (!(*vmin <= vcenter && vcenter <= *vmax))
            detail::throw_invalid("TwoSlopeNorm: vcenter (" + detail::number_text(vcenter) +
                                  ") is outside [vmin, vmax] = [" + detail::number_text(*vmin) +
                                  ", " + detail::number_text(*vmax) +
                                  "]; move vcenter between the limits or widen them.");
        detail::check_span("TwoSlopeNorm", *vmin, vcenter, "vmin", "vcenter");
        detail::check_span("TwoSlopeNorm", vcenter, *vmax, "vcenter", "vmax");
    }
    double operator()(double x) const {
        validate();
        const double xp[3] = {*vmin, vcenter, *vmax}, fp[3] = {0.0, 0.5, 1.0};
        const double inf = std::numeric_limits<double>::infinity();
        return detail::interp(x, xp, fp, 3, -inf, inf);
    }
    double inverse(double u) const {
        validate();
        const double xp[3] = {0.0, 0.5, 1.0}, fp[3] = {*vmin, vcenter, *vmax};
        const double inf = std::numeric_limits<double>::infinity();
        return detail::interp(u, xp, fp, 3, -inf, inf);
    }
};

// Linear and symmetric about vcenter: vcenter -/+ halfrange -> 0 / 1 (halfrange's sign is dropped).
struct CenteredNorm {
    double vcenter = 0.0;
    std::optional<double> halfrange = std::nullopt;
    bool clip = false;

    Normalize linear() const {
        if (!std::isfinite(vcenter))
            detail::throw_invalid("CenteredNorm: vcenter is " + detail::number_text(vcenter) +
                                  "; give a finite vcenter.");
        if (!halfrange)
            detail::throw_invalid(
                "CenteredNorm: halfrange is not set; set it, or take it from the data with "
                "heatmap::autoscaled().");
        if (!std::isfinite(*halfrange))
            detail::throw_invalid("CenteredNorm: halfrange is " + detail::number_text(*halfrange) +
                                  "; give a finite halfrange.");
        const double half = std::abs(*halfrange);
        if (!std::isfinite(vcenter - half) || !std::isfinite(vcenter + half) ||
            !std::isfinite(2 * half))
            detail::throw_invalid("CenteredNorm: vcenter (" + detail::number_text(vcenter) +
                                  ") -/+ halfrange (" + detail::number_text(half) +
                                  ") reaches beyond the largest double; scale the data down or "
                                  "give a smaller halfrange.");
        return Normalize{vcenter - half, vcenter + half, clip};
    }
    double operator()(double x) const { return linear()(x); }
    double inverse(double u) const { return linear().inverse(u); }
};

// Bins: values in [boundaries[i], boundaries[i+1]) get one colormap index each, spread over ncolors
// when there are fewer bins than colors; extend ("neither", "min", "max", "both") adds bins beyond
// the ends. The result is an index (below 0: under, ncolors or more: over), as a double. NaN stays
// NaN.
struct BoundaryNorm {
    std::vector<double> boundaries = {};
    int ncolors = 256;
    bool clip = false;
    Extend extend = Extend::neither;

    int regions() const {
        return static_cast<int>(boundaries.size()) - 1 + extends_min(extend) + extends_max(extend);
    }
    void validate() const {
        if (boundaries.size() < 2)
            detail::throw_invalid(
                "BoundaryNorm: boundaries has " + std::to_string(boundaries.size()) + " value" +
                (boundaries.size() == 1 ? "" : "s") + "; give at least 2 bin edges (1 bin).");
        for (std::size_t i = 0; i < boundaries.size(); ++i) {
            if (!std::isfinite(boundaries[i]))
                detail::throw_invalid("BoundaryNorm: boundaries[" + std::to_string(i) + "] is " +
                                      detail::number_text(boundaries[i]) +
                                      "; give finite bin edges.");
            if (i > 0 && !(boundaries[i] > boundaries[i - 1]))
                detail::throw_invalid(
                    "BoundaryNorm: boundaries must increase, but boundaries[" + std::to_string(i) +
                    "] = " + detail::number_text(boundaries[i]) + " follows " +
                    detail::number_text(boundaries[i - 1]) + "; sort them and drop repeats.");
            if (i > 0)
                detail::check_span("BoundaryNorm", boundaries[i - 1], boundaries[i],
                                   "a bin's lower edge", "its upper edge");
        }
        if (clip && extend != Extend::neither)
            detail::throw_invalid(
                "BoundaryNorm: clip = true does not go with extend = \"" + extend_name(extend) +
                "\"; clip folds the ends into the first and last bins, extend gives them their "
                "own colors: choose one.");
        if (regions() > ncolors)
            detail::throw_invalid(
                "BoundaryNorm: there are " + std::to_string(regions()) +
                " color bins including extensions, but ncolors = " + std::to_string(ncolors) +
                "; ncolors must equal or exceed the number of bins.");
    }
    double operator()(double x) const { return index(x, boundaries.front(), boundaries.back()); }
    // operator() with the under/over limits given apart from the edges: imshow calls the norm with
    // its vmin/vmax moved by its resampling round trip, while the bins stay (see map_image).
    double index(double x, double lo, double hi) const {
        validate();
        if (std::isnan(x)) return x;
        if (clip) x = detail::clip_to(x, lo, hi);
        if (x < lo) return -1.0;
        if (x >= hi) return clip ? ncolors - 1 : ncolors;
        // np.digitize: the number of edges <= x, less one, shifted past the "min" extension.
        long i = static_cast<long>(std::upper_bound(boundaries.begin(), boundaries.end(), x) -
                                   boundaries.begin()) -
                 1 + extends_min(extend);
        const int n = regions();
        if (ncolors > n) {
            if (n == 1) {
                if (i == 0) i = (ncolors - 1) / 2;
            } else {
                // Matplotlib spreads the bins over the colors in floats, then truncates
                // (astype(int16)).
                i = static_cast<long>(static_cast<double>(ncolors - 1) / (n - 1) *
                                      static_cast<double>(i));
            }
        }
        return static_cast<double>(i);
    }
    // Not the inverse of operator() (bins lose the value): the data value at position u along a
    // colorbar that gives every bin the same length, which is how Matplotlib's colorbar lays out a
    // BoundaryNorm (np.interp(u, linspace(0, 1, len(boundaries)), boundaries), -inf/+inf outside
    // [0, 1]).
    double inverse(double u) const {
        validate();
        const std::size_t n = boundaries.size();
        std::vector<double> positions(n);
        const double step = 1.0 / static_cast<double>(n - 1);
        for (std::size_t i = 0; i < n; ++i)
            positions[i] = i + 1 == n ? 1.0 : static_cast<double>(i) * step;
        const double inf = std::numeric_limits<double>::infinity();
        return detail::interp(u, positions.data(), boundaries.data(), n, -inf, inf);
    }
};

using Norm = std::variant<Normalize, LogNorm, PowerNorm, SymLogNorm, TwoSlopeNorm, CenteredNorm,
                          BoundaryNorm>;

// The norm's value for x: a position in [0, 1] (outside it for values beyond the limits), or for
// BoundaryNorm a colormap index.
inline double normalize(const Norm& norm, double value) {
    return std::visit([value](const auto& n) { return n(value); }, norm);
}

// From a position back to a data value (see BoundaryNorm::inverse for what it means there).
inline double inverse(const Norm& norm, double u) {
    return std::visit([u](const auto& n) { return n.inverse(u); }, norm);
}

namespace detail {
// (vmin, vmax) after validating; throws naming an unset limit.
inline std::pair<double, double> norm_limits(const Norm& norm) {
    return std::visit(
        [](const auto& n) -> std::pair<double, double> {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, BoundaryNorm>) {
                n.validate();
                return {n.boundaries.front(), n.boundaries.back()};
            } else if constexpr (std::is_same_v<T, CenteredNorm>) {
                const Normalize linear = n.linear();
                return {*linear.vmin, *linear.vmax};
            } else {
                n(0.0);  // validates
                return {*n.vmin, *n.vmax};
            }
        },
        norm);
}
}  // namespace detail

// The data values at the ends of the norm's range (the colorbar's ends). Throws when they are still
// unset.
inline double norm_vmin(const Norm& norm) {
    return detail::norm_limits(norm).first;
}
inline double norm_vmax(const Norm& norm) {
    return detail::norm_limits(norm).second;
}

// The norm with its unset limits taken from the data, as Matplotlib's autoscale_None does when
// imshow first draws: NaN and infinities are ignored (imshow masks them), and for LogNorm so are
// values <= 0. With no usable value the limits become 0 (all cells are bad then anyway), except for
// LogNorm, which throws. TwoSlopeNorm's limits from data are pulled to vcenter when they fall on
// its wrong side; CenteredNorm's halfrange becomes the largest distance from vcenter. Then
// validates: throws std::invalid_argument naming the parameter and the fix.
inline Norm autoscaled(Norm norm, const double* values, std::size_t n) {
    const bool log = std::holds_alternative<LogNorm>(norm);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = 0; i < n; ++i) {
        const double v = values[i];
        if (!std::isfinite(v) || (log && !(v > 0))) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const bool any = lo <= hi;
    if (!any) lo = hi = 0.0;
    std::visit(
        [&](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, BoundaryNorm>) {
                m.validate();
            } else if constexpr (std::is_same_v<T, CenteredNorm>) {
                if (!m.halfrange) m.halfrange = std::max(m.vcenter - lo, hi - m.vcenter);
                m.linear();
            } else {
                if constexpr (std::is_same_v<T, LogNorm>) {
                    if (!any && (!m.vmin || !m.vmax))
                        detail::throw_invalid(
                            "LogNorm: the data has no positive finite value to take vmin and vmax "
                            "from; set them, or use a linear norm.");
                }
                if constexpr (std::is_same_v<T, TwoSlopeNorm>) {
                    // Matplotlib refuses given limits on the wrong side of vcenter (limits from
                    // data are pulled to it below).
                    if ((m.vmin && !(*m.vmin < m.vcenter)) || (m.vmax && !(*m.vmax > m.vcenter)))
                        detail::throw_invalid(
                            "TwoSlopeNorm: vmin, vcenter and vmax must increase (vmin = " +
                            (m.vmin ? detail::number_text(*m.vmin) : "unset") +
                            ", vcenter = " + detail::number_text(m.vcenter) +
                            ", vmax = " + (m.vmax ? detail::number_text(*m.vmax) : "unset") +
                            "); move vcenter between the limits.");
                }
                if (!m.vmin) m.vmin = lo;
                if (!m.vmax) m.vmax = hi;
                if constexpr (std::is_same_v<T, TwoSlopeNorm>) {
                    m.vmin = std::min(*m.vmin, m.vcenter);
                    m.vmax = std::max(*m.vmax, m.vcenter);
                }
                m(0.0);  // validates
            }
        },
        norm);
    return norm;
}

inline Norm autoscaled(Norm norm, const std::vector<double>& values) {
    return autoscaled(std::move(norm), values.data(), values.size());
}

// The color imshow paints for a data value: NaN and infinities are bad (imshow masks invalid data
// before normalizing), BoundaryNorm's index picks an entry directly, any other norm's position goes
// through the colormap (x * N truncated, 1.0 the last entry, beyond [0, 1] under/over).
inline Rgba map_value(const Colormap& cmap, const Norm& norm, double value) {
    if (!std::isfinite(value)) return cmap.bad();
    const double u = normalize(norm, value);
    if (std::holds_alternative<BoundaryNorm>(norm)) return cmap.at_index(static_cast<long>(u));
    return cmap(u);
}

// The colors imshow paints for a whole image of values (any order; n of them), byte for byte.
// imshow does not normalize the values as given: to resample, it scales the data into [0.1, 0.9]
// and back, which moves values (and vmin/vmax, which it sends the same way) by an ulp or so, enough
// to cross a colormap entry boundary when a value sits exactly on one (0 under TwoSlopeNorm(0)
// lands in the entry below 0.5). This follows that round trip for float64 data, as _make_image in
// Matplotlib 3.6.3 does with nearest interpolation; map_value is the plain norm-and-colormap step
// (ScalarMappable.to_rgba). Unset limits come from the values. (Integer arrays take a float32 round
// trip in Matplotlib; this always takes the float64 one.)
inline std::vector<Rgba> map_image(const Colormap& cmap, Norm norm, const double* values,
                                   std::size_t n) {
    norm = autoscaled(std::move(norm), values, n);
    std::vector<Rgba> out(n, cmap.bad());
    double a_min = std::numeric_limits<double>::infinity(), a_max = -a_min;
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(values[i]))
            a_min = std::min(a_min, values[i]), a_max = std::max(a_max, values[i]);
    if (!(a_min <= a_max)) return out;  // every value is bad
    const auto [vmin, vmax] = detail::norm_limits(norm);
    // Data beyond 1e7 ranges of the norm's middle is clipped first, so that the scaling keeps
    // precision.
    const double dv = vmax - vmin, vmid = vmin + dv / 2;
    double lo_clip = -std::numeric_limits<double>::infinity(), hi_clip = -lo_clip;
    if (vmid - dv * 1e7 >= a_min) lo_clip = a_min = vmid - dv * 1e7;
    if (vmid + dv * 1e7 <= a_max) hi_clip = a_max = vmid + dv * 1e7;
    const double scale = (a_max - a_min) / 0.8;
    // Scaled into [0.1, 0.9] and back; resampling with nearest interpolation copies the scaled
    // value as is.
    auto round_trip = [&](double v) {
        v -= a_min;
        if (a_min != a_max) v /= scale;
        v += 0.1;
        v -= 0.1;
        if (a_min != a_max) v *= scale;
        return v + a_min;
    };
    double s_vmin = round_trip(vmin), s_vmax = round_trip(vmax);  // the limits are not clipped
    // Ranges near the ends of double (1e308 wide, or denormal) do not survive the scaling;
    // Matplotlib warns and paints garbage there. Paint what the norm says instead.
    if (!std::isfinite(scale) || !(scale > 0 || a_min == a_max) || !std::isfinite(s_vmin) ||
        !std::isfinite(s_vmax) || s_vmin > s_vmax) {
        for (std::size_t i = 0; i < n; ++i) out[i] = map_value(cmap, norm, values[i]);
        return out;
    }
    if (std::holds_alternative<LogNorm>(norm) && s_vmin <= 0)
        s_vmin = std::numeric_limits<double>::epsilon();
    // The norm imshow calls: the same, with vmin and vmax moved (CenteredNorm resets them from
    // halfrange).
    std::visit(
        [&](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (!std::is_same_v<T, BoundaryNorm> && !std::is_same_v<T, CenteredNorm>) {
                m.vmin = s_vmin;
                m.vmax = s_vmax;
            }
        },
        norm);
    const BoundaryNorm* bins = std::get_if<BoundaryNorm>(&norm);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(values[i])) continue;
        const double v = round_trip(std::min(std::max(values[i], lo_clip), hi_clip));
        out[i] = bins ? cmap.at_index(static_cast<long>(bins->index(v, s_vmin, s_vmax)))
                      : cmap(normalize(norm, v));
    }
    return out;
}

inline std::vector<Rgba> map_image(const Colormap& cmap, Norm norm,
                                   const std::vector<double>& values) {
    return map_image(cmap, std::move(norm), values.data(), values.size());
}

}  // namespace heatmap
