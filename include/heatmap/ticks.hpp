#pragma once
// Tick locations and labels as Matplotlib 3.6.3 chooses them for an axis or a colorbar:
//
//   MaxNLocator (steps 1, 2, 2.5, 5, 10) + ScalarFormatter    linear axes, TwoSlopeNorm,
//                                                             BoundaryNorm
//   LogLocator + LogFormatterSciNotation                      LogNorm: decades, minor ticks 2..9
//   SymmetricalLogLocator + LogFormatterSciNotation           SymLogNorm
//
//   auto n = heatmap::auto_nbins(554.9, 160, 10, true);    // 9: the colorbar's 'auto' tick count
//   heatmap::Ticks t = heatmap::colorbar_ticks(15, 60, n);  // 15, 20, ..., 60 and "15", ..., "60"
//   t.positions[0];                                         // 0: where the tick sits along the bar
//
// Labels are the text Matplotlib draws: U+2212 for minus when unicode_minus is true (its default),
// mathtext such as "$\mathdefault{10^{2}}$" on log scales (the text engine draws it), and the
// offset or scale text ("1e-7", "+1.0002e3") that Matplotlib shows at the end of the axis. The
// arithmetic (floor division, the powers of ten, the tolerances) follows Matplotlib's step by step,
// because a tick one ulp off can change a label.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "error.hpp"
#include "format.hpp"
#include "norm.hpp"

namespace heatmap {

// Tick values, their labels (one per value), the offset/scale text shown at the axis end (may be
// empty) and each value's position along the axis as a fraction: 0 at vmin's end, 1 at vmax's.
struct Ticks {
    std::vector<double> values;
    std::vector<std::string> labels;
    std::string offset;
    std::vector<double> positions;
    // Each tick's index among all the locator placed, view or not: the `pos` a Matplotlib formatter
    // is called with ({pos} in a template). Empty: the ticks are the locator's whole list.
    std::vector<std::size_t> pos;
};

namespace detail {

// Python's (and numpy's) float floor division and modulo: fmod, then snapped to an integral
// quotient.
struct PyDivMod {
    double div, mod;
};

inline PyDivMod py_divmod(double x, double y) {
    double mod = std::fmod(x, y);
    double div = (x - mod) / y;
    if (mod != 0) {
        if ((y < 0) != (mod < 0)) {
            mod += y;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, y);
    }
    double floordiv;
    if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, x / y);
    }
    return {floordiv, mod};
}

inline double py_floordiv(double x, double y) {
    return py_divmod(x, y).div;
}

// matplotlib.transforms.nonsingular: widens an empty or degenerate range.
inline void nonsingular(double& vmin, double& vmax, double expander, double tiny) {
    if (!std::isfinite(vmin) || !std::isfinite(vmax)) {
        vmin = -expander, vmax = expander;
        return;
    }
    if (vmax < vmin) std::swap(vmin, vmax);
    const double maxabs = std::max(std::fabs(vmin), std::fabs(vmax));
    if (maxabs < (1e6 / tiny) * 2.2250738585072014e-308) {
        vmin = -expander, vmax = expander;
    } else if (vmax - vmin <= maxabs * tiny) {
        if (vmax == 0 && vmin == 0) {
            vmin = -expander, vmax = expander;
        } else {
            vmin -= expander * std::fabs(vmin);
            vmax += expander * std::fabs(vmax);
        }
    }
}

inline bool within(double value, double lo, double hi, double rtol = 1e-10) {
    if (lo > hi) std::swap(lo, hi);
    const double slack = (hi - lo) * rtol;
    return lo - slack <= value && value <= hi + slack;
}

inline std::string unicode_minus(std::string text, bool enabled) {
    if (!enabled) return text;
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\u2212") : std::string(1, c);
    return out;
}

// Python's "%d" % x for an integral double (ScalarFormatter's offset significand and exponents).
inline std::string percent_d(double x) {
    return format_int(std::trunc(x), "d");
}

// ScalarFormatter.format_data: the offset written as significand 'e' exponent ("1.0002e3").
inline std::string scalar_format_data(double value, bool minus) {
    const double e = std::floor(std::log10(std::fabs(value)));
    const double s = std::strtod(format(value / std::pow(10.0, e), ".10f").c_str(), nullptr);
    const std::string significand =
        unicode_minus(std::fmod(s, 1.0) == 0 ? percent_d(s) : format(s, ".10g"), minus);
    if (e == 0) return significand;
    return significand + "e" + unicode_minus(percent_d(e), minus);
}

inline double log_base(double x, double base) {
    return std::log(x) / std::log(base);
}

// Python's math.isclose(x, round(x)) with its default rel_tol of 1e-9.
inline bool close_to_int(double x) {
    const double r = std::nearbyint(x);
    return std::fabs(x - r) <= 1e-9 * std::max(std::fabs(x), std::fabs(r));
}

// LogFormatter.set_locs: which multiples of a decade get labels, from the decades the view spans.
inline std::vector<int> log_sublabels(double vmin, double vmax, double base, double linthresh) {
    if (vmin > vmax) std::swap(vmin, vmax);
    double numdec = 0;
    if (linthresh > 0) {
        if (vmin < -linthresh) numdec += log_base(vmin / std::min(vmax, -linthresh), base);
        if (vmax > linthresh) numdec += log_base(vmax / std::max(vmin, linthresh), base);
    } else {
        if (vmin <= 0) return {1};
        numdec = std::fabs(log_base(vmax, base) - log_base(vmin, base));
    }
    if (numdec > 1) return {1};
    std::vector<int> labels;
    // int(base), held to 2^16: past that Matplotlib builds arrays of labels no figure can show,
    // and converting a larger double to int is undefined.
    const int whole = base < 65536 ? static_cast<int>(base) : 65536;
    if (numdec > 0.4) {
        // np.round(np.geomspace(1, base, int(base) // 2 + 1)); one point (base below 2) is [1].
        const int n = whole / 2 + 1;
        if (n == 1) return {1};
        for (int i = 0; i < n; ++i) {
            const double v = std::pow(base, static_cast<double>(i) / (n - 1));
            labels.push_back(v < 2e9 ? static_cast<int>(std::nearbyint(v)) : 2000000000);
        }
    } else {
        for (int i = 1; i <= whole; ++i) labels.push_back(i);
    }
    return labels;
}

// LogFormatterSciNotation.__call__ (mathtext, as Matplotlib hands it to the text engine).
inline std::string log_label(double x, double base, const std::vector<int>& sublabels) {
    if (x == 0) return "$\\mathdefault{0}$";
    const std::string sign = x < 0 ? "-" : "";
    x = std::fabs(x);
    const double fx = log_base(x, base);
    const bool decade = close_to_int(fx);
    const double exponent = decade ? std::nearbyint(fx) : std::floor(fx);
    const double coeff = std::nearbyint(std::pow(base, fx - exponent));
    if (std::find(sublabels.begin(), sublabels.end(), static_cast<int>(coeff)) == sublabels.end()) {
        return "";
    }
    const std::string b = std::fmod(base, 1.0) == 0 ? percent_d(base) : format(base, "");
    if (decade) return "$\\mathdefault{" + sign + b + "^{" + percent_d(exponent) + "}}$";
    const double e = std::floor(fx);
    double c = std::pow(base, fx - e);
    if (close_to_int(c)) c = std::nearbyint(c);
    return "$\\mathdefault{" + sign + format(c, "g") + "\\times" + b + "^{" + percent_d(e) + "}}$";
}

// Keeps the values inside [lo, hi] (Matplotlib's 1e-10 relative slack, measured in the scale's
// transformed coordinates through `t`), with their positions along the axis.
template <class Transform>
Ticks visible(const std::vector<double>& values, double vmin, double vmax, Transform t) {
    Ticks out;
    const double t0 = t(vmin), t1 = t(vmax);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i], tv = t(v);
        if (!within(tv, t0, t1)) continue;
        out.values.push_back(v);
        out.positions.push_back((tv - t0) / (t1 - t0));
        out.pos.push_back(i);
    }
    return out;
}

// Drops minor ticks that land on a major one (Axis.get_minorticklocs), in transformed coordinates.
template <class Transform>
std::vector<double> remove_overlaps(const std::vector<double>& minor,
                                    const std::vector<double>& major, double vmin, double vmax,
                                    Transform t) {
    const double tol = std::fabs(t(vmax) - t(vmin)) * 1e-5;
    std::vector<double> out;
    for (double m : minor) {
        const bool clash = std::any_of(major.begin(), major.end(),
                                       [&](double v) { return std::fabs(t(m) - t(v)) <= tol; });
        if (!clash) out.push_back(m);
    }
    return out;
}

inline double symlog_transform(double v, double linthresh, double linscale, double base) {
    const double adj = linscale / (1.0 - 1.0 / base);
    if (std::fabs(v) <= linthresh) return v * adj;
    return std::copysign(1.0, v) * linthresh *
           (adj + std::log(std::fabs(v) / linthresh) / std::log(base));
}

inline void check_range(double vmin, double vmax, const char* what) {
    if (!std::isfinite(vmin) || !std::isfinite(vmax) || !(vmin < vmax)) {
        throw_invalid(std::string(what) + ": vmin (" + format(vmin, "") +
                      ") must be less than vmax (" + format(vmax, "") +
                      ") and both finite; pass the range the norm maps");
    }
}

}  // namespace detail

// YAxis/XAxis.get_tick_space: how many labels fit along an axis, one per two label heights
// vertically, one per three horizontally (Matplotlib's guess at a label's aspect ratio).
inline int tick_space(double axis_length_px, double dpi, double label_size_pt, bool vertical) {
    if (!(dpi > 0) || !(label_size_pt > 0) || !(axis_length_px >= 0)) {
        detail::throw_invalid("tick_space: the axis length (" + format(axis_length_px, "") +
                              " px) must not be negative and dpi and label size must be positive");
    }
    const double length_pt = axis_length_px / dpi * 72;
    // Python's int() is unbounded; callers clip the count to a few ticks, so a count beyond int
    // (a label of 1e-9 pt) is as good as INT_MAX, and converting it would be undefined.
    const double space = std::floor(length_pt / (label_size_pt * (vertical ? 2 : 3)));
    return space < 2147483647.0 ? static_cast<int>(space) : 2147483647;
}

// MaxNLocator(nbins='auto'): the tick space clipped to [1, 9].
inline int auto_nbins(double axis_length_px, double dpi, double label_size_pt, bool vertical) {
    return std::clamp(tick_space(axis_length_px, dpi, label_size_pt, vertical), 1, 9);
}

// LogLocator(numticks='auto'): the tick space clipped to [2, 9].
inline int auto_log_numticks(double axis_length_px, double dpi, double label_size_pt,
                             bool vertical) {
    return std::clamp(tick_space(axis_length_px, dpi, label_size_pt, vertical), 2, 9);
}

// MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10], integer=integer).tick_values(vmin, vmax): every
// tick it returns, including the ones just beyond the range that autoscaling would use. integer
// keeps only whole steps above 1, and a step of at least 1 once the range spans two integers.
inline std::vector<double> max_n_locator(double vmin, double vmax, int nbins,
                                         bool integer = false) {
    if (nbins < 1)
        detail::throw_invalid("max_n_locator: nbins must be at least 1, got " + format(nbins, "d"));
    detail::nonsingular(vmin, vmax, 1e-13, 1e-14);
    // scale_range(vmin, vmax, nbins)
    const double dv = std::fabs(vmax - vmin);
    const double meanv = (vmax + vmin) / 2;
    const double offset =
        std::fabs(meanv) / dv < 100
            ? 0.0
            : std::copysign(std::pow(10.0, std::floor(std::log10(std::fabs(meanv)))), meanv);
    const double scale = std::pow(10.0, std::floor(std::log10(dv / nbins)));
    const double lo = vmin - offset, hi = vmax - offset;
    const double raw_step = (hi - lo) / nbins;
    // The staircase: 0.1 * steps[:-1], steps, 10 * steps[1].
    const double base_steps[] = {0.1 * 1, 0.1 * 2, 0.1 * 2.5, 0.1 * 5, 1, 2, 2.5, 5, 10, 20};
    double steps[10];
    int count = 0, istep = -1;
    for (double base : base_steps) {
        const double step = base * scale;
        // integer: steps below 1 stay (they become 1 below), others only when whole.
        if (integer && !(step < 1 || std::fabs(step - std::nearbyint(step)) < 0.001)) continue;
        if (istep < 0 && step >= raw_step) istep = count;
        steps[count++] = step;
    }
    if (istep < 0) istep = count - 1;
    // The range holds at least two whole numbers (min_n_ticks - 1 = 1 apart).
    const bool at_least_one = integer && std::floor(hi) - std::ceil(lo) >= 1;
    // _Edge_integer: more slop when the offset is large compared to the step.
    auto closeto = [&](double ms, double edge, double step) {
        double tol = 1e-10;
        if (std::fabs(offset) > 0) {
            const double digits = std::log10(std::fabs(offset) / step);
            tol = std::min(0.4999, std::max(1e-10, std::pow(10.0, digits - 12)));
        }
        return std::fabs(ms - edge) < tol;
    };
    std::vector<double> ticks;
    for (int i = istep; i >= 0; --i) {
        const double step = at_least_one ? std::max(1.0, steps[i]) : steps[i];
        const double best_vmin = detail::py_floordiv(lo, step) * step;
        const auto low_dm = detail::py_divmod(lo - best_vmin, step);
        const double low = closeto(low_dm.mod / step, 1, step) ? low_dm.div + 1 : low_dm.div;
        const auto high_dm = detail::py_divmod(hi - best_vmin, step);
        const double high = closeto(high_dm.mod / step, 0, step) ? high_dm.div : high_dm.div + 1;
        ticks.clear();
        int shown = 0;
        for (double k = low; k < high + 1; k += 1) {
            const double t = k * step + best_vmin;
            ticks.push_back(t);
            shown += t <= hi && t >= lo;
        }
        if (shown >= 2) break;
    }
    for (double& t : ticks) t += offset;
    return ticks;
}

// The cells Matplotlib's own tick locator marks on an image axis of `cells` cells, `length` figure
// units long (units_per_inch to the inch), its tick labels `label_pt` points: MaxNLocator(nbins=
// "auto", steps=[1, 2, 2.5, 5, 10], integer=True) over the view (-0.5, cells - 0.5), nbins the
// axis' tick space (get_tick_space: one label per 3 label sizes along x, per 2 along y) clipped to
// [1, 9], the ticks inside the view kept. 12 cells: 0, 2, ..., 10; 87: 0, 10, ..., 80; 2000: 0,
// 250, ..., 1750. One cell is marked at 0 (Matplotlib would place fractional ticks there).
inline std::vector<std::size_t> index_ticks(std::size_t cells, double length, double units_per_inch,
                                            double label_pt, bool vertical) {
    if (cells < 2) return std::vector<std::size_t>(cells, 0);
    const int nbins = auto_nbins(length, units_per_inch, label_pt, vertical);
    const double n = static_cast<double>(cells);
    std::vector<std::size_t> out;
    for (double t : max_n_locator(-0.5, n - 0.5, nbins, true))
        if (t >= 0 && t < n && t == std::floor(t)) out.push_back(static_cast<std::size_t>(t));
    return out;
}

// ScalarFormatter (offset threshold 4, power limits -5 and 6, no mathtext) after set_locs(locs) on
// an axis viewing [vmin, vmax]: a label for every value of `locs`, and the offset text. `positions`
// are left empty (they depend on the scale).
inline Ticks scalar_format(const std::vector<double>& locs, double vmin, double vmax,
                           bool unicode_minus = true) {
    Ticks out;
    out.values = locs;
    if (locs.empty()) return out;
    if (vmin > vmax) std::swap(vmin, vmax);
    std::vector<double> shown;
    for (double v : locs) {
        if (vmin <= v && v <= vmax) shown.push_back(v);
    }
    // _compute_offset
    double offset = 0;
    if (!shown.empty()) {
        const double lmin = *std::min_element(shown.begin(), shown.end());
        const double lmax = *std::max_element(shown.begin(), shown.end());
        if (!(lmin == lmax || (lmin <= 0 && 0 <= lmax))) {
            const double abs_min = std::min(std::fabs(lmin), std::fabs(lmax));
            const double abs_max = std::max(std::fabs(lmin), std::fabs(lmax));
            const double sign = std::copysign(1.0, lmin);
            const double oom_max = std::ceil(std::log10(abs_max));
            auto first_oom = [&](auto differs) {
                double oom = oom_max;
                for (int guard = 0; guard < 2000 && !differs(std::pow(10.0, oom)); ++guard)
                    oom -= 1;
                return 1 + oom;
            };
            double oom = first_oom([&](double p) {
                return detail::py_floordiv(abs_min, p) != detail::py_floordiv(abs_max, p);
            });
            if ((abs_max - abs_min) / std::pow(10.0, oom) <= 1e-2) {
                oom = first_oom([&](double p) {
                    return detail::py_floordiv(abs_max, p) - detail::py_floordiv(abs_min, p) > 1;
                });
            }
            const double p = std::pow(10.0, oom);
            if (detail::py_floordiv(abs_max, p) >= 1000) {
                offset = sign * detail::py_floordiv(abs_max, p) * p;
            }
        }
    }
    // _set_order_of_magnitude
    int order = 0;
    if (!shown.empty()) {
        double oom = 0;
        if (offset != 0) {
            oom = std::floor(std::log10(vmax - vmin));
        } else {
            double top = 0;
            for (double v : shown) top = std::max(top, std::fabs(v));
            oom = top == 0 ? 0 : std::floor(std::log10(top));
        }
        if (oom <= -5 || oom >= 6) order = static_cast<int>(oom);
    }
    // _set_format: as few decimals as show every tick to a thousandth of their spread.
    const double divisor = std::pow(10.0, order);
    std::vector<double> scaled;
    // A locator near the ends of the double range can place a tick at +-inf (its step overflows);
    // it is never shown, and would make the range below infinite.
    for (double v : locs)
        if (std::isfinite(v)) scaled.push_back((v - offset) / divisor);
    const bool few = scaled.size() < 2;
    if (few) {
        scaled.push_back((vmin - offset) / divisor);
        scaled.push_back((vmax - offset) / divisor);
    }
    double range = *std::max_element(scaled.begin(), scaled.end()) -
                   *std::min_element(scaled.begin(), scaled.end());
    if (range == 0) {
        for (double v : scaled) range = std::max(range, std::fabs(v));
    }
    if (range == 0) range = 1;
    if (few) scaled.resize(scaled.size() - 2);
    const int range_oom = static_cast<int>(std::floor(std::log10(range)));
    int sigfigs = std::max(0, 3 - range_oom);
    const double thresh = 1e-3 * std::pow(10.0, range_oom);
    while (sigfigs >= 0) {
        const double f = std::pow(10.0, sigfigs);  // numpy.round: rint(x * 10**d) / 10**d
        double worst = 0;
        for (double v : scaled) worst = std::max(worst, std::fabs(v - std::nearbyint(v * f) / f));
        if (!(worst < thresh)) break;
        --sigfigs;
    }
    const std::string spec = "." + std::to_string(sigfigs + 1) + "f";
    for (double v : locs) {
        double xp = (v - offset) / divisor;
        if (std::fabs(xp) < 1e-8) xp = 0;
        out.labels.push_back(detail::unicode_minus(format(xp, spec), unicode_minus));
    }
    // get_offset
    if (order != 0 || offset != 0) {
        std::string offset_text;
        if (offset != 0) {
            offset_text = detail::scalar_format_data(offset, false);
            if (offset > 0) offset_text = "+" + offset_text;
        }
        const std::string sci = order != 0 ? "1e" + std::to_string(order) : "";
        out.offset = detail::unicode_minus(sci + offset_text, unicode_minus);
    }
    return out;
}

// The ticks of a linear axis viewing [vmin, vmax] with MaxNLocator(nbins): those inside the range
// (Matplotlib's 1e-10 relative slack), labelled by a ScalarFormatter that was given just them. This
// is the reference's ticks.json; a colorbar hands its formatter every located tick: colorbar_ticks.
inline Ticks scalar_ticks(double vmin, double vmax, int nbins, bool unicode_minus = true) {
    detail::check_range(vmin, vmax, "scalar_ticks");
    const auto identity = [](double v) { return v; };
    const Ticks shown = detail::visible(max_n_locator(vmin, vmax, nbins), vmin, vmax, identity);
    Ticks out = scalar_format(shown.values, vmin, vmax, unicode_minus);
    out.positions = shown.positions;
    return out;
}

namespace detail {

// A colorbar's ticks from a locator's output: the formatter sees every tick, the axis draws those
// inside the range, placed by `t` (the norm's transform).
template <class Transform>
Ticks colorbar_from(const std::vector<double>& located, double vmin, double vmax,
                    bool unicode_minus, Transform t) {
    const Ticks all = scalar_format(located, vmin, vmax, unicode_minus);
    const double t0 = t(vmin), t1 = t(vmax);
    Ticks out;
    out.offset = all.offset;
    for (std::size_t i = 0; i < located.size(); ++i) {
        const double tv = t(located[i]);
        if (!within(tv, t0, t1)) continue;
        out.values.push_back(located[i]);
        out.labels.push_back(all.labels[i]);
        out.positions.push_back((tv - t0) / (t1 - t0));
        out.pos.push_back(i);
    }
    return out;
}

}  // namespace detail

// A colorbar with a linear norm (Normalize): MaxNLocator(nbins) with steps 1, 2, 2.5, 5, 10, where
// nbins comes from auto_nbins(bar length, dpi, tick label size, vertical).
inline Ticks colorbar_ticks(double vmin, double vmax, int nbins, bool unicode_minus = true) {
    detail::check_range(vmin, vmax, "colorbar_ticks");
    return detail::colorbar_from(max_n_locator(vmin, vmax, nbins), vmin, vmax, unicode_minus,
                                 [](double v) { return v; });
}

// Where `value` sits along a TwoSlopeNorm colorbar: vmin..vcenter fills the first half,
// vcenter..vmax the second, each linearly (the norm itself is the colorbar's scale).
inline double two_slope_position(double vmin, double vcenter, double vmax, double value) {
    if (!(vmin < vcenter && vcenter < vmax)) {
        detail::throw_invalid("TwoSlopeNorm needs vmin < vcenter < vmax, got " + format(vmin, "") +
                              ", " + format(vcenter, "") + ", " + format(vmax, ""));
    }
    if (value <= vcenter) return 0.5 * (value - vmin) / (vcenter - vmin);
    return 0.5 + 0.5 * (value - vcenter) / (vmax - vcenter);
}

// A TwoSlopeNorm colorbar: ticks placed by MaxNLocator(nbins) over [vmin, vmax] as on a linear bar,
// but positioned by the norm, so the two halves are spaced differently.
inline Ticks two_slope_ticks(double vmin, double vcenter, double vmax, int nbins,
                             bool unicode_minus = true) {
    two_slope_position(vmin, vcenter, vmax, vcenter);  // validates
    return detail::colorbar_from(
        max_n_locator(vmin, vmax, nbins), vmin, vmax, unicode_minus,
        [&](double v) { return two_slope_position(vmin, vcenter, vmax, v); });
}

// Where `value` sits along a BoundaryNorm colorbar: boundaries are spaced evenly ('uniform'
// spacing), values between them linearly.
inline double boundary_position(const std::vector<double>& boundaries, double value) {
    const std::size_t n = boundaries.size();
    if (n < 2 || !std::is_sorted(boundaries.begin(), boundaries.end()) ||
        std::adjacent_find(boundaries.begin(), boundaries.end()) != boundaries.end()) {
        detail::throw_invalid("BoundaryNorm needs at least two strictly increasing boundaries");
    }
    if (value <= boundaries.front()) return 0;
    if (value >= boundaries.back()) return 1;
    const std::size_t j = static_cast<std::size_t>(
        std::upper_bound(boundaries.begin(), boundaries.end(), value) - boundaries.begin() - 1);
    const double step = 1.0 / static_cast<double>(n - 1);
    const double y0 = static_cast<double>(j) * step, y1 = static_cast<double>(j + 1) * step;
    return y0 + (y1 - y0) * (value - boundaries[j]) / (boundaries[j + 1] - boundaries[j]);
}

// A BoundaryNorm colorbar: ticks at the boundaries, thinned to at most about ten (FixedLocator with
// nbins=10 keeps every k-th, choosing the phase that holds the boundary nearest zero).
inline Ticks boundary_ticks(const std::vector<double>& boundaries, bool unicode_minus = true) {
    boundary_position(boundaries, 0);  // validates
    const std::size_t n = boundaries.size();
    const std::size_t stride = std::max<std::size_t>((n + 9) / 10, 1);
    auto pick = [&](std::size_t phase) {
        std::vector<double> v;
        for (std::size_t i = phase; i < n; i += stride) v.push_back(boundaries[i]);
        return v;
    };
    auto smallest = [](const std::vector<double>& v) {
        double m = INFINITY;
        for (double x : v) m = std::min(m, std::fabs(x));
        return m;
    };
    std::vector<double> ticks = pick(0);
    for (std::size_t phase = 1; phase < stride; ++phase) {
        const auto candidate = pick(phase);
        if (smallest(candidate) < smallest(ticks)) ticks = candidate;
    }
    return detail::colorbar_from(ticks, boundaries.front(), boundaries.back(), unicode_minus,
                                 [&](double v) { return boundary_position(boundaries, v); });
}

// The minor ticks of a BoundaryNorm colorbar: every boundary that is not a major tick.
inline std::vector<double> boundary_minor_ticks(const std::vector<double>& boundaries) {
    const Ticks major = boundary_ticks(boundaries, false);
    auto t = [&](double v) { return boundary_position(boundaries, v); };
    return detail::remove_overlaps(boundaries, major.values, boundaries.front(), boundaries.back(),
                                   t);
}

// Where `value` sits along a LogNorm colorbar.
inline double log_position(double vmin, double vmax, double value) {
    if (!(vmin > 0 && vmin < vmax)) {
        detail::throw_invalid("a log scale needs 0 < vmin < vmax, got " + format(vmin, "") +
                              " and " + format(vmax, "") +
                              "; drop non-positive data or pick a linear norm");
    }
    return (std::log10(value) - std::log10(vmin)) / (std::log10(vmax) - std::log10(vmin));
}

namespace detail {

// LogLocator(base 10).tick_values: subs {1} for the majors, {2..9} for the minors ('auto').
inline std::vector<double> log_locator(double vmin, double vmax, int numticks, bool minor) {
    const double b = 10;
    const double log_vmin = log_base(vmin, b), log_vmax = log_base(vmax, b);
    const double numdec = std::floor(log_vmax) - std::ceil(log_vmin);
    if (minor && numdec > 10) return {};
    double stride = std::floor((numdec + 1) / numticks) + 1;
    if (stride >= numdec) stride = std::max(1.0, numdec - 1);
    std::vector<double> ticks;
    const double stop = std::ceil(log_vmax) + 2 * stride;
    for (double d = std::floor(log_vmin) - stride; d < stop; d += stride) {
        const double decade = std::pow(b, d);
        if (!minor) {
            ticks.push_back(decade);
        } else if (stride == 1) {
            for (int s = 2; s < 10; ++s) ticks.push_back(s * decade);
        }
    }
    if (minor && stride == 1) {
        const auto inside = std::count_if(ticks.begin(), ticks.end(),
                                          [&](double t) { return vmin <= t && t <= vmax; });
        if (inside <= 1) return max_n_locator(vmin, vmax, 9);  // AutoLocator, which has no axis
    }
    return ticks;
}

inline Ticks log_labelled(const std::vector<double>& values, double vmin, double vmax) {
    Ticks out = visible(values, vmin, vmax, [](double v) { return std::log10(v); });
    const auto sublabels = log_sublabels(vmin, vmax, 10, 0);
    for (double v : out.values) out.labels.push_back(log_label(v, 10, sublabels));
    return out;
}

}  // namespace detail

// A LogNorm colorbar's major ticks: the decades LogLocator picks (every `stride`-th when there are
// more than numticks), labelled "$\mathdefault{10^{2}}$". numticks: auto_log_numticks(...).
// The labels are mathtext, where '-' already draws as a minus sign, so unicode_minus changes
// nothing.
inline Ticks log_ticks(double vmin, double vmax, int numticks, bool unicode_minus = true) {
    (void)unicode_minus;
    log_position(vmin, vmax, vmin);  // validates
    if (numticks < 2) detail::throw_invalid("log_ticks: numticks must be at least 2");
    return detail::log_labelled(detail::log_locator(vmin, vmax, numticks, false), vmin, vmax);
}

// A LogNorm colorbar's minor ticks (2..9 times each decade, none when the majors skip decades or
// the range spans more than ten), with the labels Matplotlib gives them: none over more than one
// decade, some or all over less ("$\mathdefault{3\times10^{0}}$"). Empty labels are unlabelled
// ticks.
inline Ticks log_minor(double vmin, double vmax, int numticks = 9) {
    log_position(vmin, vmax, vmin);
    const auto major = detail::log_locator(vmin, vmax, numticks, false);
    const auto minor =
        detail::remove_overlaps(detail::log_locator(vmin, vmax, numticks, true), major, vmin, vmax,
                                [](double v) { return std::log10(v); });
    return detail::log_labelled(minor, vmin, vmax);
}

inline std::vector<double> log_minor_ticks(double vmin, double vmax, int numticks = 9) {
    return log_minor(vmin, vmax, numticks).values;
}

// Where `value` sits along a SymLogNorm colorbar (linear within ±linthresh, logarithmic beyond).
inline double symlog_position(double vmin, double vmax, double linthresh, double value,
                              double linscale = 1, double base = 10) {
    if (!(linthresh > 0) || !(linscale > 0) || !(base > 1)) {
        detail::throw_invalid("a symlog scale needs linthresh > 0, linscale > 0 and base > 1");
    }
    detail::check_range(vmin, vmax, "symlog");
    const double t0 = detail::symlog_transform(vmin, linthresh, linscale, base);
    const double t1 = detail::symlog_transform(vmax, linthresh, linscale, base);
    return (detail::symlog_transform(value, linthresh, linscale, base) - t0) / (t1 - t0);
}

// A SymLogNorm colorbar: SymmetricalLogLocator's decades on each side and 0 (at most 15 ticks),
// labelled by LogFormatterSciNotation ("$\mathdefault{-10^{2}}$", "$\mathdefault{0}$").
inline Ticks symlog_ticks(double vmin, double vmax, double linthresh, double linscale = 1,
                          double base = 10) {
    symlog_position(vmin, vmax, linthresh, vmin, linscale, base);  // validates
    std::vector<double> located;
    if (-linthresh < vmin && vmax < linthresh) {
        located = {vmin, vmax};
    } else {
        const bool has_a = vmin<-linthresh, has_c = vmax> linthresh;
        const bool has_b = (has_a && vmax > -linthresh) || (has_c && vmin < linthresh);
        auto log_range = [&](double lo, double hi) {
            return std::pair<double, double>{std::floor(std::log(lo) / std::log(base)),
                                             std::ceil(std::log(hi) / std::log(base))};
        };
        std::pair<double, double> a{0, 0}, c{0, 0};
        if (has_a) a = log_range(std::fabs(std::min(-linthresh, vmax)), std::fabs(vmin) + 1);
        if (has_c) c = log_range(std::max(linthresh, vmin), vmax + 1);
        const double total = (a.second - a.first) + (c.second - c.first) + (has_b ? 1 : 0);
        const double stride = std::max(std::floor(total / 14), 1.0);
        if (has_a) {
            std::vector<double> exps;
            for (double e = a.first; e < a.second; e += stride) exps.push_back(e);
            for (auto it = exps.rbegin(); it != exps.rend(); ++it)
                located.push_back(-std::pow(base, *it));
        }
        if (has_b) located.push_back(0.0);
        if (has_c) {
            for (double e = c.first; e < c.second; e += stride)
                located.push_back(std::pow(base, e));
        }
    }
    Ticks out = detail::visible(located, vmin, vmax, [&](double v) {
        return detail::symlog_transform(v, linthresh, linscale, base);
    });
    const auto sublabels = detail::log_sublabels(vmin, vmax, base, linthresh);
    for (double v : out.values) out.labels.push_back(detail::log_label(v, base, sublabels));
    return out;
}

namespace detail {

// The norm a colorbar draws: its limits widened when equal, as Colorbar._process_values does
// (nonsingular with expander 0.1), a CenteredNorm as the linear norm it is.
inline Norm colorbar_norm(const Norm& norm) {
    if (std::holds_alternative<BoundaryNorm>(norm)) return norm;
    auto [lo, hi] = norm_limits(norm);
    nonsingular(lo, hi, 0.1, 1e-15);
    return std::visit(
        [lo = lo, hi = hi](auto n) -> Norm {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, CenteredNorm>) {
                return Normalize{lo, hi};
            } else if constexpr (std::is_same_v<T, BoundaryNorm>) {
                return n;
            } else {
                n.vmin = lo;
                n.vmax = hi;
                return n;
            }
        },
        norm);
}

}  // namespace detail

// Where `value` sits along a colorbar drawn for `norm`: 0 at the vmin end, 1 at the vmax end. The
// norm is the colorbar's scale (Matplotlib gives a TwoSlopeNorm or PowerNorm bar a function scale
// made of the norm), except BoundaryNorm, whose boundaries are spaced evenly.
inline double colorbar_position(const Norm& norm, double value) {
    const Norm bar = detail::colorbar_norm(norm);
    if (const auto* b = std::get_if<BoundaryNorm>(&bar))
        return boundary_position(b->boundaries, value);
    return normalize(bar, value);
}

// A colorbar's major ticks for `norm` on a bar `length_px` long: the locator Matplotlib picks for
// the norm (MaxNLocator, LogLocator, SymmetricalLogLocator or the boundaries), its tick count from
// the bar's length and the tick label size, the labels, the offset text and each tick's position.
inline Ticks colorbar_ticks(const Norm& norm, double length_px, double dpi,
                            double label_size_pt = 10, bool vertical = true,
                            bool unicode_minus = true) {
    const Norm bar = detail::colorbar_norm(norm);
    if (const auto* b = std::get_if<BoundaryNorm>(&bar)) {
        return boundary_ticks(b->boundaries, unicode_minus);
    }
    const auto [lo, hi] = detail::norm_limits(bar);
    if (std::holds_alternative<LogNorm>(bar)) {
        return log_ticks(lo, hi, auto_log_numticks(length_px, dpi, label_size_pt, vertical));
    }
    if (const auto* s = std::get_if<SymLogNorm>(&bar)) {
        return symlog_ticks(lo, hi, s->linthresh, s->linscale, s->base);
    }
    const int nbins = auto_nbins(length_px, dpi, label_size_pt, vertical);
    return detail::colorbar_from(max_n_locator(lo, hi, nbins), lo, hi, unicode_minus,
                                 [&bar](double v) { return normalize(bar, v); });
}

// A colorbar's minor ticks for `norm`: LogNorm's 2..9 per decade (see log_minor for their labels)
// and BoundaryNorm's boundaries between the labelled ones; other norms draw none.
inline std::vector<double> colorbar_minor_ticks(const Norm& norm, double length_px, double dpi,
                                                double label_size_pt = 10, bool vertical = true) {
    const Norm bar = detail::colorbar_norm(norm);
    if (const auto* b = std::get_if<BoundaryNorm>(&bar)) return boundary_minor_ticks(b->boundaries);
    if (!std::holds_alternative<LogNorm>(bar)) return {};
    const auto [lo, hi] = detail::norm_limits(bar);
    return log_minor_ticks(lo, hi, auto_log_numticks(length_px, dpi, label_size_pt, vertical));
}

}  // namespace heatmap
