#pragma once
// A heatmap figure from options and a matrix: planned (norm, colormap, texts, layout), emitted as a
// scene (scene.hpp), and turned into pixels, SVG or PDF by a backend. Nothing here depends on the
// matrix's element type, so it is compiled once (config.hpp); Heatmap<T> (heatmap.hpp) is a thin
// template over it.
//
//   heatmap::Scene s = heatmap::figure_scene(options, matrix, heatmap::Target::svg);
//   heatmap::Image image = heatmap::figure_image(options, matrix, &layout);
//
// Data flows one way: values -> norm and colormap -> cell colors; values -> format -> annotation
// strings; labels -> shaped once -> measured -> layout -> boxes; boxes -> scene items -> backend.

#include <cstdint>
#include <string>
#include <vector>

#include "config.hpp"
#include "figure_layout.hpp"
#include "image.hpp"
#include "matrix.hpp"
#include "options.hpp"

namespace heatmap {

struct Scene;

// The figure as a display list for a target: pixels at the dpi (raster) or points (vector). When
// layout is given it receives where every part landed, in pixels at the dpi.
HEATMAP_FUNC Scene figure_scene(const HeatmapOptions& options, const MatrixSource& matrix,
                                Target target, FigureLayout* layout = nullptr);
// Where every part lands, without drawing.
HEATMAP_FUNC FigureLayout figure_layout(const HeatmapOptions& options, const MatrixSource& matrix,
                                        Target target = Target::raster);
// RGBA pixels as Matplotlib's Agg draws the figure.
HEATMAP_FUNC Image figure_image(const HeatmapOptions& options, const MatrixSource& matrix,
                                FigureLayout* layout = nullptr);
// The figure as an SVG document (svg.hpp) and as a PDF file (pdf.hpp).
HEATMAP_FUNC std::string figure_svg(const HeatmapOptions& options, const MatrixSource& matrix,
                                    FigureLayout* layout = nullptr);
HEATMAP_FUNC std::vector<std::uint8_t> figure_pdf(const HeatmapOptions& options,
                                                  const MatrixSource& matrix,
                                                  FigureLayout* layout = nullptr);
// The figure as a web page (html.hpp): laid out as its PNG, drawn as SVG inline, with each cell's
// row, column and value on hover, zoom and pan, and keyboard navigation. The layout, if asked for,
// is the PNG's.
HEATMAP_FUNC std::string figure_html(const HeatmapOptions& options, const MatrixSource& matrix,
                                     FigureLayout* layout = nullptr);

namespace detail {
// The format spec annotations use when none is given: seaborn's ".2g", else "d" for integer data
// and "g" for floating point, as Python prints them.
HEATMAP_FUNC std::string_view default_annotation_spec(const HeatmapOptions& options, bool integral);
// Cell (r, c) as messages name it: its labels, or "row r, column c".
HEATMAP_FUNC std::string cell_name(const HeatmapOptions& options, std::size_t r, std::size_t c);
// A float cell's annotation under spec: an integer spec prints it as an integer when it is one and
// refuses it otherwise, naming the cell.
HEATMAP_FUNC std::string format_float_cell(const HeatmapOptions& options, double v,
                                           std::string_view spec, std::size_t r, std::size_t c);
}  // namespace detail

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include "axes.hpp"
#include "colorbar.hpp"
#include "colormap.hpp"
#include "downsample.hpp"
#include "format.hpp"
#include "html.hpp"
#include "layout.hpp"
#include "legibility.hpp"
#include "limits.hpp"
#include "norm.hpp"
#include "pdf.hpp"
#include "render_raster.hpp"
#include "scene.hpp"
#include "seaborn.hpp"
#include "svg.hpp"
#include "text.hpp"
#include "ticks.hpp"

namespace heatmap {
namespace detail {

// The layout lists each cell up to this many; a larger grid is hit-tested from axes and shape.
inline constexpr std::size_t max_listed_cells = std::size_t{1} << 16;

HEATMAP_FUNC std::string_view default_annotation_spec(const HeatmapOptions& o, bool integral) {
    if (o.style == Style::seaborn) return ".2g";  // seaborn.heatmap's fmt
    return integral ? "d" : "g";
}

HEATMAP_FUNC std::string cell_name(const HeatmapOptions& o, std::size_t r, std::size_t c) {
    return "row " + (o.row_labels.empty() ? std::to_string(r) : "'" + o.row_labels[r] + "'") +
           ", column " + (o.col_labels.empty() ? std::to_string(c) : "'" + o.col_labels[c] + "'");
}

// The one rule for integer specs (b, c, d, o, x, X) over floating-point data, for the library and
// the command alike: a whole number prints as the integer it is, whatever its size; a fraction or an
// infinity is refused, naming the cell.
HEATMAP_FUNC std::string format_float_cell(const HeatmapOptions& o, double v, std::string_view spec,
                                           std::size_t r, std::size_t c) {
    const char type = spec.empty() ? '\0' : spec.back();
    if (type == 'd' || type == 'b' || type == 'o' || type == 'x' || type == 'X' || type == 'c') {
        if (!std::isfinite(v) || v != std::trunc(v))
            throw std::invalid_argument(
                "the cell at " + cell_name(o, r, c) + " holds " + number_text(v) +
                ", which format spec \"" + std::string(spec) +
                "\" prints only as a whole number: round the data or give a spec "
                "for fractions such as \".1f\"");
        return format_int(v, spec);
    }
    return format(v, spec);
}

// The cells each of n pixels along a span covers (downsample.hpp's rule: an overlap above
// min_overlap), as first and last indices.
inline void pixel_cell_ranges(const Span& s, int n, std::vector<std::size_t>& first,
                              std::vector<std::size_t>& last) {
    first.assign(static_cast<std::size_t>(n), 0);
    last.assign(static_cast<std::size_t>(n), 0);
    std::vector<bool> seen(static_cast<std::size_t>(n), false);
    for (std::size_t c = 0; c < s.n; ++c)
        for_each_pixel_of_cell(s, c, 0, n, [&](long p, double) {
            const auto q = static_cast<std::size_t>(p);
            if (!seen[q]) first[q] = c, seen[q] = true;
            last[q] = c;
        });
}

// A matrix the figure knows only by its shape, its data range and (when drawing) its values
// already reduced per pixel of the axes (reduced_figure.hpp): the norm's limits come from the
// range, the cells from the pixels, and nothing reads a cell.
struct PlannedReduction {
    DataRange range;
    const ReducedPixels* pixels = nullptr;  // null: planning the layout only
};

// Everything decided before anything is drawn.
struct FigurePlan {
    Target target = Target::raster;
    double units_per_inch = 100;  // figure units: pixels at the dpi, or points
    FigureLayout layout;          // in figure units
    Norm norm;
    Colormap cmap;  // the options' map, recentered when center is set
    ImageAxesSpec axes_spec;
    ImageAxesTexts axes_texts;
    std::optional<ColorbarSpec> cbar_spec;
    ColorbarTexts cbar_texts;
    std::vector<TextItem> annotations;
    std::vector<Rgba> colors;  // one per cell when cells are drawn one by one (not downsampled)
    bool downsampled = false;
};

// The heatmap as one panel of a figure of several (clustermap.hpp): its axes and colorbar placed by
// the caller's layout instead of constrained layout.
struct PanelPlacement {
    Box first;  // where the axes is when seaborn measures "auto" ticks and their overlap
    Box axes;   // where it is drawn
    std::optional<Box> colorbar;  // the colorbar's axes, when options ask for one
    bool yticks_right = false;    // row ticks and labels on the right (seaborn.clustermap)
    // Labels past the figure's edge shortened or left out (keep_labels_inside); off where the
    // caller measures the panel where seaborn has it before its layout, labels spilling included.
    bool keep_inside = true;
};

class FigurePlanner {
  public:
    // page: the scene is for a web page (html.hpp), whose tooltips need every cell's value and what
    // each reduced pixel stands for.
    FigurePlanner(const HeatmapOptions& o, const MatrixSource& m, Target t, bool page = false,
                  const PlannedReduction* reduced = nullptr)
        : o_(o),
          m_(m),
          target_(t),
          page_(page),
          reduced_(reduced),
          rows_(m.rows()),
          cols_(m.cols()) {
        units_ = t == Target::raster ? o.dpi : 72.0;
        shape_.metrics = t == Target::raster ? TextMetrics::agg
                         : t == Target::svg  ? TextMetrics::svg
                                             : TextMetrics::pdf;
        shape_.fonts = o.fonts;
    }

    // Places the heatmap at given boxes instead of laying the figure out (before plan()).
    void place(const PanelPlacement& placement) { placed_ = placement; }
    FigurePlan plan();
    Scene emit(const FigurePlan& p);

  private:
    bool seaborn() const { return o_.style == Style::seaborn; }
    bool masked(std::size_t i) const { return !o_.mask.empty() && o_.mask[i]; }
    double pt(double points) const { return points * units_ / 72.0; }
    TextStyle text_style(double size_pt) const {
        TextStyle s = shape_;
        s.size_pt = size_pt, s.dpi = units_;
        return s;
    }

    // The values, row-major, masked cells as NaN: what limits and colors come from. Only read whole
    // when the matrix is no larger than the axes (cells drawn one by one) or robust limits need
    // every value; raw() keeps a masked cell's own value for the layout's record.
    const std::vector<double>& values() {
        if (values_.empty()) {
            values_.resize(rows_ * cols_);
            for (std::size_t r = 0; r < rows_; ++r) m_.read_row(r, values_.data() + r * cols_);
            if (!o_.mask.empty()) {
                raw_ = values_;
                for (std::size_t k = 0; k < values_.size(); ++k)
                    if (o_.mask[k]) values_[k] = std::numeric_limits<double>::quiet_NaN();
            }
        }
        return values_;
    }
    double raw(std::size_t k) const { return raw_.empty() ? values_[k] : raw_[k]; }
    // Calls f(r, row) for each row of values (masked cells NaN), streaming: one row in memory.
    template <class F>
    void for_each_row(F&& f) const {
        std::vector<double> row(cols_);
        for (std::size_t r = 0; r < rows_; ++r) {
            m_.read_row(r, row.data());
            for (std::size_t c = 0; c < cols_; ++c)
                if (masked(r * cols_ + c)) row[c] = std::numeric_limits<double>::quiet_NaN();
            f(r, static_cast<const double*>(row.data()));
        }
    }

    Norm resolved_norm();
    Colormap base_cmap() const {
        if (o_.cmap_set || !seaborn()) return o_.cmap;
        return colormap(o_.center ? "icefire" : "rocket");
    }
    Rgba annotation_color(double v, const Norm& n, const Colormap& rounded) const;
    // Which of n labels an axis shows: every k-th from the first (k = 0: none), label(i) each.
    template <class Label>
    static void pick_ticks(std::size_t n, std::size_t k, const Label& label,
                           std::vector<std::size_t>& ticks, std::vector<std::string>& shown) {
        ticks.clear(), shown.clear();
        if (k == 0) return;
        for (std::size_t i = 0; i < n; i += k) ticks.push_back(i), shown.push_back(label(i));
    }
    // Records the characters of a drawn text that no font has, each once in the figure.
    static void note_missing(FigureLayout& L, const TextItem& t) {
        if (!t.shaped) return;
        for (char32_t c : t.shaped->missing) {
            bool known = false;
            for (const MissingGlyph& m : L.missing_glyphs) known = known || m.character == c;
            if (!known) L.missing_glyphs.push_back({c, t.text});
        }
    }
    template <class Solve>
    void keep_labels_inside(ImageAxesSpec& a, SolvedLayout& solved, Solve& solve, double W,
                            double H, FigureLayout& L);
    void emit_cells(Scene& scene, const FigurePlan& p);
    PixelsItem downsampled_pixels(const FigurePlan& p) const;
    std::optional<CellInfo> cell_info() const;

    const HeatmapOptions& o_;
    const MatrixSource& m_;
    Target target_;
    bool page_ = false;
    const PlannedReduction* reduced_ = nullptr;
    std::size_t rows_, cols_;
    double units_ = 100;
    TextStyle shape_;
    ShapeCache cache_;
    std::vector<double> values_, raw_;
    std::optional<PanelPlacement> placed_;
};

// Limits not given come from the unmasked, finite data, as Matplotlib's autoscale takes them: the
// data's extremes (and its positive extremes, for LogNorm) decide every norm's limits; only
// robust's percentiles need the values themselves.
HEATMAP_FUNC Norm FigurePlanner::resolved_norm() {
    Norm n = o_.norm;
    if ((o_.vmin || o_.vmax) && std::holds_alternative<CenteredNorm>(n))
        throw std::invalid_argument(
            "vmin/vmax do not apply to a CenteredNorm, which is centered on vcenter: give its "
            "halfrange instead (or use a Normalize with vmin and vmax)");
    if ((o_.vmin || o_.vmax) && std::holds_alternative<BoundaryNorm>(n))
        throw std::invalid_argument(
            "vmin/vmax do not apply to a BoundaryNorm, whose limits are its first and last "
            "boundaries: change the boundaries instead");
    std::optional<double> lo = o_.vmin, hi = o_.vmax;
    if (reduced_ && o_.robust && (!lo || !hi))
        throw std::invalid_argument(
            "robust limits are percentiles of every value, which a reduced matrix does not keep: "
            "give vmin and vmax");
    if (o_.robust && (!lo || !hi)) {
        const auto limits = robust_limits(values().data(), values().size());
        if (!lo) lo = limits.first;
        if (!hi) hi = limits.second;
    }
    if (lo || hi) {
        std::visit(
            [&](auto& norm) {
                using N = std::decay_t<decltype(norm)>;
                if constexpr (!std::is_same_v<N, CenteredNorm> &&
                              !std::is_same_v<N, BoundaryNorm>) {
                    if (lo) norm.vmin = lo;
                    if (hi) norm.vmax = hi;
                }
            },
            n);
    }
    const double inf = std::numeric_limits<double>::infinity();
    double min = inf, max = -inf, pos_min = inf, pos_max = -inf;
    auto scan = [&](const double* row, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            const double v = row[i];
            if (!std::isfinite(v)) continue;
            min = std::min(min, v), max = std::max(max, v);
            if (v > 0) pos_min = std::min(pos_min, v), pos_max = std::max(pos_max, v);
        }
    };
    if (reduced_) {
        const DataRange& r = reduced_->range;
        min = r.min, max = r.max;
        if (r.positive_tracked) {
            pos_min = r.min_positive, pos_max = r.max_positive;
        } else if (!r.empty() && r.min > 0) {
            pos_min = r.min, pos_max = r.max;
        } else if (!r.empty() && std::holds_alternative<LogNorm>(n) &&
                   !(std::get<LogNorm>(n).vmin && std::get<LogNorm>(n).vmax)) {
            throw std::invalid_argument(
                "LogNorm: the matrix was reduced on the linear scale and holds values <= 0, so "
                "its positive range is unknown: reduce it on heatmap::reduction_scale(norm), or "
                "set vmin and vmax");
        }
    } else if (!values_.empty()) {
        scan(values_.data(), values_.size());
    } else {
        for_each_row([&](std::size_t, const double* row) { scan(row, cols_); });
    }
    std::vector<double> extremes;
    if (std::holds_alternative<LogNorm>(n)) {
        if (pos_min <= pos_max) extremes = {pos_min, pos_max};
    } else if (min <= max) {
        extremes = {min, max};
    }
    return autoscaled(std::move(n), extremes.data(), extremes.size());
}

HEATMAP_FUNC Rgba FigurePlanner::annotation_color(double v, const Norm& n,
                                                  const Colormap& rounded) const {
    switch (o_.text_color_rule) {
        case TextColorRule::threshold:
            return normalize(n, v) < o_.text_threshold ? Rgba{255, 255, 255, 255}
                                                       : Rgba{0, 0, 0, 255};
        case TextColorRule::fixed:
            return o_.text_color;
        case TextColorRule::luminance:
        default:
            // seaborn writes ".15" grey, not black, over light cells.
            return relative_luminance(map_value(rounded, n, v)) > 0.408
                       ? (seaborn() ? Rgba{38, 38, 38, 255} : Rgba{0, 0, 0, 255})
                       : Rgba{255, 255, 255, 255};
    }
}

// Tick labels past the figure's edge: labels too long for any layout (Matplotlib's constrained
// layout gives up, "axes sizes collapsed to zero", and draws them cut off at the edge). Instead
// the labels that cross the edge are shortened with an ellipsis to at most 40% of the figure
// across their axis (then 20%, 10%), and listed in shortened_labels; any still outside (along
// their axis) are left out and listed in thinned_labels. Figures whose labels fit are untouched.
template <class Solve>
void FigurePlanner::keep_labels_inside(ImageAxesSpec& a, SolvedLayout& solved, Solve& solve,
                                       double W, double H, FigureLayout& L) {
    const double slack = 0.5;  // figure units: rounding, not spilling
    const auto outside = [&](const Box& b) {
        return b.x0 < -slack || b.y0 < -slack || b.x1 > W + slack || b.y1 > H + slack;
    };
    const auto original = [&](char axis, std::size_t i) {
        const auto& given = axis == 'x' ? o_.col_labels : o_.row_labels;
        return given.empty() ? std::to_string(i) : given[i];
    };
    const auto note = [&](std::vector<LegibilityNote>& notes, char axis, std::size_t i,
                          const std::string& shown) {
        for (LegibilityNote& n : notes)
            if (n.axis == axis && n.col == i) {
                n.shown = shown;
                return;
            }
        notes.push_back({axis, i, i, original(axis, i), shown});
    };
    // A label's height across its own line, as the layout measures text ("lp"-high).
    const double line = cache_.get("lp", text_style(o_.font_pt))->placed.box.height();
    double share = 0.4;
    for (int round = 0; round < 4; ++round) {
        ImageAxesTexts t = image_axes_texts(a, solved.axes, cache_);
        bool any = false;
        for (const auto* labels : {&t.xticklabels, &t.yticklabels})
            for (const TextItem& l : *labels) any = any || outside(l.box);
        if (!any) return;
        if (round == 3) {
            // Still outside: along their axis, past the figure's end. Left out.
            for (int axis = 0; axis < 2; ++axis) {
                auto& ticks = axis == 0 ? a.xticks : a.yticks;
                auto& texts = axis == 0 ? a.xticklabels : a.yticklabels;
                const auto& placed = axis == 0 ? t.xticklabels : t.yticklabels;
                std::vector<std::size_t> kept_ticks;
                std::vector<std::string> kept_texts;
                for (std::size_t i = 0, k = 0; i < ticks.size(); ++i) {
                    const bool drawn = !texts[i].empty();
                    if (drawn && outside(placed[k].box)) {
                        L.thinned_labels.push_back({axis == 0 ? 'x' : 'y', ticks[i], ticks[i],
                                                    original(axis == 0 ? 'x' : 'y', ticks[i]), ""});
                    } else {
                        kept_ticks.push_back(ticks[i]), kept_texts.push_back(texts[i]);
                    }
                    k += drawn;
                }
                ticks = std::move(kept_ticks), texts = std::move(kept_texts);
            }
            solved = solve();
            return;
        }
        // Across its axis a label turned by theta spans w |sin| + h |cos| (x) or w |cos| + h |sin|
        // (y): the longest w that keeps that within the share of the figure.
        for (int axis = 0; axis < 2; ++axis) {
            const bool x = axis == 0;
            const double deg = x ? a.xrotation : a.yrotation;
            const double th = deg * pi / 180, sn = std::fabs(std::sin(th)),
                         cs = std::fabs(std::cos(th));
            const double along = x ? sn : cs, across = x ? cs : sn;
            auto& texts = x ? a.xticklabels : a.yticklabels;
            const auto& placed = x ? t.xticklabels : t.yticklabels;
            const auto& ticks = x ? a.xticks : a.yticks;
            const double room = share * (x ? H : W);
            for (std::size_t i = 0, k = 0; i < texts.size(); ++i) {
                if (texts[i].empty()) continue;
                const TextItem& l = placed[k++];
                // A label lying along its axis (flat column labels, upright row labels) spills
                // past the figure's end: at most twice the share, along.
                const double limit =
                    along < 1e-6 ? 2 * share * (x ? W : H) : (room - line * across) / along;
                if (!(limit > 0) || !outside(l.box)) continue;
                std::string shown = ellipsize(texts[i], limit, text_style(o_.font_pt));
                if (shown == texts[i]) continue;
                texts[i] = shown;
                note(L.shortened_labels, x ? 'x' : 'y', ticks[i], texts[i]);
            }
        }
        solved = solve();
        share /= 2;
    }
}

HEATMAP_FUNC FigurePlan FigurePlanner::plan() {
    // Options can be filled without the setters' checks: the sizes text is drawn at, again here.
    check_dpi("dpi", o_.dpi);
    check_font_size("font_size", o_.font_pt, o_.dpi);
    check_font_size("title_size", o_.title_pt ? *o_.title_pt : 1.2 * o_.font_pt, o_.dpi);
    if (o_.min_annotation_pt) check_font_size("min_annotation_size", *o_.min_annotation_pt, o_.dpi);
    const double dpi = units_;
    const double W =
        target_ == Target::raster ? std::round(o_.figsize.first * dpi) : o_.figsize.first * dpi;
    const double H =
        target_ == Target::raster ? std::round(o_.figsize.second * dpi) : o_.figsize.second * dpi;
    // The image the figure becomes is checked at the dpi, whatever the target's units.
    check_image_size(std::round(o_.figsize.first * o_.dpi), std::round(o_.figsize.second * o_.dpi),
                     o_.max_pixels);

    FigurePlan p;
    p.target = target_;
    p.units_per_inch = dpi;
    p.norm = resolved_norm();
    p.cmap = base_cmap();
    if (o_.center) p.cmap = recentered(p.cmap, norm_vmin(p.norm), norm_vmax(p.norm), *o_.center);
    // Matplotlib's colorbar widens an empty range (vmin == vmax) on the norm it shares with the
    // image, so the cells of a constant matrix take the colormap's middle color.
    if (o_.colorbar) p.norm = colorbar_norm(p.norm);
    FigureLayout& L = p.layout;
    L.dpi = dpi;
    L.width = static_cast<int>(std::lround(W)), L.height = static_cast<int>(std::lround(H));

    ImageAxesSpec& a = p.axes_spec;
    a.rows = rows_, a.cols = cols_, a.dpi = dpi, a.xrotation = o_.xrotation;
    a.metrics = shape_.metrics;
    a.xticks_top = o_.labels_on_top;
    a.yticks_right = placed_ && placed_->yticks_right;
    a.title = o_.title, a.xlabel = o_.xlabel, a.ylabel = o_.ylabel;
    a.style.font_pt = o_.font_pt;
    a.style.fonts = o_.fonts;
    a.style.title_pt = o_.title_pt ? *o_.title_pt : 1.2 * o_.font_pt;
    a.yrotation = o_.yrotation.value_or(0);
    if (seaborn()) {
        // despine; set_yticklabels(rotation="vertical") with va="center" (seaborn's GH2484)
        // (labels moved to the right are the ticks' second labels, which keep Matplotlib's
        // center_baseline: seaborn.clustermap sets only their rotation)
        a.spines = false, a.ylabels_centered = !a.yticks_right;
        if (!o_.yrotation) a.yrotation = 90;
    }
    // Labels are made only for the ticks shown: an axis may have a million of them. Labels longer
    // than max_label_px (pixels at the dpi) end in an ellipsis, each shortened once and listed.
    std::map<std::pair<char, std::size_t>, std::string> shortened;
    const auto label = [&](char axis, std::size_t i) -> std::string {
        const auto& given = axis == 'x' ? o_.col_labels : o_.row_labels;
        std::string text = given.empty() ? std::to_string(i) : given[i];
        if (!o_.max_label_px) return text;
        const auto key = std::make_pair(axis, i);
        if (const auto it = shortened.find(key); it != shortened.end()) return it->second;
        std::string shown =
            ellipsize(text, *o_.max_label_px * units_ / o_.dpi, text_style(o_.font_pt));
        if (shown != text) L.shortened_labels.push_back({axis, i, i, text, shown});
        return shortened.emplace(key, std::move(shown)).first->second;
    };
    // Every k-th label of an axis from the first (k = 0: none).
    const auto pick = [&](char axis, std::size_t k) {
        const bool x = axis == 'x';
        pick_ticks(
            x ? cols_ : rows_, k, [&](std::size_t i) { return label(axis, i); },
            x ? a.xticks : a.yticks, x ? a.xticklabels : a.yticklabels);
    };
    // More labels than the figure has pixels along their axis cannot be told apart by any
    // layout: such an axis is thinned as "auto" thins before any label is measured (each of a
    // million labels would otherwise be shaped, and placed at every layout pass), the labels left
    // out listed in thinned_labels. Matplotlib and seaborn would draw them all, one smear.
    const bool x_crowded = !o_.col_labels.empty() && !o_.xticks_every && !o_.xticks_auto &&
                           static_cast<double>(cols_) > std::round(o_.figsize.first * o_.dpi);
    const bool y_crowded = !o_.row_labels.empty() && !o_.yticks_every && !o_.yticks_auto &&
                           static_cast<double>(rows_) > std::round(o_.figsize.second * o_.dpi);
    // seaborn.heatmap's default for an axis without labels is "auto" (xticklabels="auto").
    const bool x_auto =
        o_.xticks_auto || x_crowded || (seaborn() && o_.col_labels.empty() && !o_.xticks_every);
    const bool y_auto =
        o_.yticks_auto || y_crowded || (seaborn() && o_.row_labels.empty() && !o_.yticks_every);
    const std::size_t x_step = o_.xticks_every.value_or(1), y_step = o_.yticks_every.value_or(1);
    // A crowded axis starts thinned for the whole figure's length, then as "auto" thins.
    pick('x', !x_auto ? x_step : x_crowded ? auto_tick_step(cols_, W, o_.font_pt, dpi) : 1);
    pick('y', !y_auto ? y_step : y_crowded ? auto_tick_step(rows_, H, o_.font_pt, dpi) : 1);
    // An axis without labels, its ticks left to imshow: Matplotlib's own locator, whose tick count
    // follows the axis' length, so the ticks are chosen anew wherever the layout tries the axes.
    const bool x_index = !seaborn() && o_.col_labels.empty() && !o_.xticks_every && !o_.xticks_auto;
    const bool y_index = !seaborn() && o_.row_labels.empty() && !o_.yticks_every && !o_.yticks_auto;
    auto place_index_ticks = [&](const Box& axes) {
        const auto place = [&](std::size_t n, double length, bool vertical,
                               std::vector<std::size_t>& ticks, std::vector<std::string>& shown) {
            std::vector<std::size_t> chosen = index_ticks(n, length, dpi, o_.font_pt, vertical);
            if (chosen == ticks) return;
            ticks = std::move(chosen);
            shown.clear();
            for (std::size_t i : ticks) shown.push_back(std::to_string(i));
        };
        if (x_index) place(cols_, axes.width(), false, a.xticks, a.xticklabels);
        if (y_index) place(rows_, axes.height(), true, a.yticks, a.yticklabels);
    };
    if (o_.colorbar) {
        p.cbar_spec = ColorbarSpec{p.cmap, p.norm, o_.colorbar_label, dpi, shape_.metrics, {}};
        ColorbarSpec& cb = *p.cbar_spec;
        cb.style.font_pt = o_.font_pt;
        cb.style.fonts = o_.fonts;
        cb.format = o_.colorbar_format;
        cb.location = o_.colorbar_location;
        // Matplotlib's colorbar takes the norm's extend when none is given (BoundaryNorm has one).
        const auto* bins = std::get_if<BoundaryNorm>(&p.norm);
        cb.extend = o_.extend ? *o_.extend : bins ? bins->extend : Extend::neither;
        cb.outline = !seaborn();  // cb.outline.set_linewidth(0)
    }

    LayoutParams lp;
    lp.width_px = W, lp.height_px = H, lp.dpi = dpi;
    lp.box_aspect = o_.square.value_or(!seaborn())
                        ? static_cast<double>(rows_) / static_cast<double>(cols_)
                        : 0.0;
    lp.colorbar = o_.colorbar;
    lp.shrink = o_.colorbar_shrink;
    lp.location = o_.colorbar_location;
    // The axes' decorations as the layout measures them: the tick labels and, unless only_ticks, the
    // axis labels and title.
    ImageAxesSpec ticks_only = a;
    ticks_only.title.clear(), ticks_only.xlabel.clear(), ticks_only.ylabel.clear();
    auto solve = [&](bool only_ticks = false) {
        if (placed_) {
            // Placed by the caller: the first placement for what seaborn measures before its
            // layout (the tick labels alone), the final one for the rest.
            SolvedLayout s;
            s.axes = s.cell = only_ticks ? placed_->first : placed_->axes;
            if (placed_->colorbar) s.colorbar = s.colorbar_cell = *placed_->colorbar;
            return s;
        }
        return constrained_layout(
            lp,
            [&](const Box& axes) {
                place_index_ticks(axes);
                const ImageAxesSpec& spec = only_ticks ? ticks_only : a;
                return image_axes_tight(spec, axes, image_axes_texts(spec, axes, cache_));
            },
            [&](const Box& bar) {
                const Box inner = colorbar_interior(*p.cbar_spec, bar);
                return colorbar_tight(*p.cbar_spec, inner,
                                      colorbar_texts(*p.cbar_spec, inner, cache_))
                    .united(bar);
            });
    };
    const auto note_thinned = [&](std::size_t xk, std::size_t yk) {
        for (std::size_t c = 0; x_auto && c < cols_; ++c)
            if (xk == 0 || c % xk) L.thinned_labels.push_back({'x', c, c, label('x', c), ""});
        for (std::size_t r = 0; y_auto && r < rows_; ++r)
            if (yk == 0 || r % yk) L.thinned_labels.push_back({'y', r, r, label('y', r), ""});
    };
    SolvedLayout solved;
    if (seaborn()) {
        // seaborn.heatmap: "auto" measures the axes where a new figure has them (the colorbar's slot
        // carved out, before any layout); then heatmap() draws the figure once (a layout of the
        // tick labels alone: the axis labels are set after, a title by the caller later), turns
        // overlapping column labels vertical and overlapping row labels flat; savefig lays the
        // figure out again from there.
        const Box first_axes = placed_ ? placed_->first : initial_axes_box(lp);
        const std::size_t xk =
            x_auto ? auto_tick_step(cols_, first_axes.width(), o_.font_pt, dpi) : x_step;
        const std::size_t yk =
            y_auto ? auto_tick_step(rows_, first_axes.height(), o_.font_pt, dpi) : y_step;
        if (x_auto) pick('x', xk);
        if (y_auto) pick('y', yk);
        note_thinned(xk, yk);
        ticks_only.xticks = a.xticks, ticks_only.xticklabels = a.xticklabels;
        ticks_only.yticks = a.yticks, ticks_only.yticklabels = a.yticklabels;
        const SolvedLayout first = solve(true);
        const ImageAxesTexts shown = image_axes_texts(ticks_only, first.axes, cache_);
        if (o_.xrotation == 0 && labels_overlap(shown.xticklabels))
            a.xrotation = 90, a.xrotation_anchor = false;  // setp(rotation="vertical")
        if (!o_.yrotation && labels_overlap(shown.yticklabels)) a.yrotation = 0;
        lp.start_cell = first.cell, lp.start_colorbar_cell = first.colorbar_cell;
        solved = solve();
    } else {
        solved = solve();
    }
    if (!seaborn() && (x_auto || y_auto)) {
        // seaborn's rule measured on the figure laid out with every label, then laid out again with
        // the labels kept.
        const std::size_t xk =
            x_auto ? auto_tick_step(cols_, solved.axes.width(), o_.font_pt, dpi) : x_step;
        const std::size_t yk =
            y_auto ? auto_tick_step(rows_, solved.axes.height(), o_.font_pt, dpi) : y_step;
        if (x_auto) pick('x', xk);
        if (y_auto) pick('y', yk);
        note_thinned(xk, yk);
        solved = solve();
    }
    if (!placed_ || placed_->keep_inside) keep_labels_inside(a, solved, solve, W, H, L);

    const Box& axes = solved.axes;
    place_index_ticks(axes);
    p.axes_texts = image_axes_texts(a, axes, cache_);
    L.axes = axes;
    for (const auto& t : p.axes_texts.xticklabels) L.xticklabels.push_back({t.text, t.box});
    for (const auto& t : p.axes_texts.yticklabels) L.yticklabels.push_back({t.text, t.box});
    if (p.axes_texts.title) L.title = p.axes_texts.title->box;
    if (p.axes_texts.xlabel) L.xlabel = p.axes_texts.xlabel->box;
    if (p.axes_texts.ylabel) L.ylabel = p.axes_texts.ylabel->box;
    if (o_.colorbar) {
        const Box inner = colorbar_interior(*p.cbar_spec, solved.colorbar);
        L.colorbar = inner;
        L.colorbar_outline = solved.colorbar;
        p.cbar_texts = colorbar_texts(*p.cbar_spec, inner, cache_);
        L.colorbar_ticks = p.cbar_texts.ticks;
        for (const auto& t : p.cbar_texts.ticklabels)
            L.colorbar_ticklabels.push_back({t.text, t.box});
        if (p.cbar_texts.label) L.colorbar_label = p.cbar_texts.label->box;
    }
    for (const auto* texts :
         {&p.axes_texts.xticklabels, &p.axes_texts.yticklabels, &p.cbar_texts.ticklabels})
        for (const TextItem& t : *texts) note_missing(L, t);
    for (const auto* t :
         {&p.axes_texts.title, &p.axes_texts.xlabel, &p.axes_texts.ylabel, &p.cbar_texts.label})
        if (*t) note_missing(L, **t);

    L.rows = rows_, L.cols = cols_;
    // Cells smaller than a pixel are reduced per pixel (downsample.hpp) instead of drawn one by one,
    // and carry no annotation: no text fits, so none is formatted or measured. Pixels are counted
    // at the dpi, whatever the target's units.
    const double to_px = o_.dpi / units_;
    const Box axes_px{axes.x0 * to_px, axes.y0 * to_px, axes.x1 * to_px, axes.y1 * to_px};
    p.downsampled = L.downsampled =
        axes.width() > 0 && axes.height() > 0 && needs_downsampling(rows_, cols_, axes_px);
    if (reduced_) {
        if (!p.downsampled) {
            if (reduced_->pixels)
                throw std::invalid_argument(
                    "a " + std::to_string(rows_) + "x" + std::to_string(cols_) +
                    " matrix has cells of at least a pixel in this figure's axes, which are "
                    "drawn one by one: draw the matrix itself (Heatmap<T>), not its reduction");
            return p;  // the layout only
        }
        if (o_.annotate)
            throw std::invalid_argument(
                "annotations need each cell's value, which a reduced matrix does not keep: leave "
                "annotations off, or draw the matrix itself at a size where its cells hold text");
        if (!o_.mask.empty())
            throw std::invalid_argument(
                "a mask flags cells, which a reduced matrix does not keep: set masked cells to "
                "NaN before reducing");
        return p;
    }
    if (p.downsampled) {
        if (o_.annotate) L.annotations_skipped = rows_ * cols_;
        return p;
    }
    // The colors Agg paints for the map's floats: seaborn's pcolormesh cells, and the nearest bytes
    // to the float color seaborn's text-color rule reads (imshow's truncation is up to a unit off).
    const Colormap rounded = p.cmap.rounded();
    if (seaborn()) {
        // cmap(norm(v)), not imshow's rescaling round trip.
        p.colors.reserve(values().size());
        for (double v : values()) p.colors.push_back(map_value(rounded, p.norm, v));
    } else {
        p.colors = map_image(p.cmap, p.norm, values().data(), values().size());
    }
    const bool list_cells = rows_ * cols_ <= max_listed_cells;
    const double cw = axes.width() / static_cast<double>(cols_),
                 ch = axes.height() / static_cast<double>(rows_);
    TextStyle as = text_style(o_.font_pt);
    as.ha = HAlign::center, as.va = VAlign::center;
    for (std::size_t r = 0; r < rows_; ++r) {
        for (std::size_t c = 0; c < cols_; ++c) {
            const double v = values()[r * cols_ + c];
            const double cr = static_cast<double>(r), cc = static_cast<double>(c);
            const Box cell{axes.x0 + cc * cw, axes.y0 + cr * ch, axes.x0 + (cc + 1) * cw,
                           axes.y0 + (cr + 1) * ch};
            if (list_cells)
                L.cells.push_back({r, c, cell, p.colors[r * cols_ + c], raw(r * cols_ + c)});
            // Masked cells read as NaN: no annotation.
            if (!o_.annotate || std::isnan(v)) continue;
            std::string text = m_.annotation(r, c);
            as.size_pt = o_.font_pt;
            if (o_.min_annotation_pt) {
                const auto size =
                    fit_text_size(text, {cw, ch}, o_.font_pt, *o_.min_annotation_pt, as);
                if (!size) {
                    L.dropped_annotations.push_back({'c', r, c, std::move(text), ""});
                    continue;
                }
                as.size_pt = *size;
            }
            as.color = annotation_color(v, p.norm, rounded);
            p.annotations.push_back(place_text(cache_, std::move(text), cell.center(), as));
            note_missing(L, p.annotations.back());
            L.annotations.push_back(
                {p.annotations.back().text, as.color, p.annotations.back().box, r, c, as.size_pt});
        }
    }
    return p;
}

// The matrix reduced to one color per pixel of the axes at the dpi, in one pass over the rows. Mean,
// max and min reduce the data on the norm's scale and map each pixel's value (aggregate.hpp), the
// very values a streamed or merged reduction of the same matrix gives (reduced_figure.hpp), so a
// figure drawn from those is this figure to the byte; nearest shows the cell under each pixel's
// center.
HEATMAP_FUNC PixelsItem FigurePlanner::downsampled_pixels(const FigurePlan& p) const {
    const double scale = o_.dpi / units_;  // pixels per figure unit
    const Box& A = p.layout.axes;
    const Box box{A.x0 * scale, A.y0 * scale, A.x1 * scale, A.y1 * scale};
    const bool bins = std::holds_alternative<BoundaryNorm>(p.norm);
    const PixelGrid grid = pixels_covered(box);
    PixelsItem item{grid.x, grid.y, grid.width, grid.height, scale, A, {}, std::nullopt};
    item.pixels.resize(static_cast<std::size_t>(grid.width) *
                       static_cast<std::size_t>(grid.height));
    const Reduce how = o_.reduce.value_or(seaborn() ? Reduce::nearest : Reduce::mean);
    // A page's tooltips read each pixel's value in data units (a BoundaryNorm's reduced bin index
    // has none) and the cells it covers.
    PixelInfo* info = nullptr;
    if (page_) {
        info = &item.info.emplace();
        info->rows = rows_, info->cols = cols_;
        info->reduce = how == Reduce::max       ? "max"
                       : how == Reduce::min     ? "min"
                       : how == Reduce::nearest ? "nearest"
                                                : "mean";
        info->row_labels = o_.row_labels, info->col_labels = o_.col_labels;
        if (!bins) info->values.resize(item.pixels.size());
        const Span xs{box.x0 - grid.x, box.width() / static_cast<double>(cols_), cols_};
        const Span ys{box.y0 - grid.y, box.height() / static_cast<double>(rows_), rows_};
        pixel_cell_ranges(xs, grid.width, info->col_first, info->col_last);
        pixel_cell_ranges(ys, grid.height, info->row_first, info->row_last);
    }
    if (how == Reduce::nearest) {
        if (reduced_)
            throw std::invalid_argument(
                "Reduce::nearest shows single cells, which a reduced matrix does not keep: "
                "reduce with mean, max or min (seaborn's style defaults to nearest)");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        std::vector<double> row(cols_);
        std::size_t row_index = rows_;  // none read yet
        auto value = [&](std::size_t r, std::size_t c) {
            if (r != row_index) {
                m_.read_row(r, row.data());
                row_index = r;
            }
            const double v = row[c];
            if (masked(r * cols_ + c) || !std::isfinite(v)) return nan;
            return normalize(p.norm, v);
        };
        auto color = [&](float u) {
            if (std::isnan(u)) return p.cmap.bad();
            return bins ? p.cmap.at_index(std::lround(u)) : p.cmap(u);
        };
        downsample_rows(rows_, cols_, value, box, how, [&](int j, const float* reduced) {
            const std::size_t start =
                static_cast<std::size_t>(j) * static_cast<std::size_t>(grid.width);
            Rgba* out = item.pixels.data() + start;
            for (int x = 0; x < grid.width; ++x) out[x] = color(reduced[x]);
            if (info && !bins)
                for (std::size_t x = 0; x < static_cast<std::size_t>(grid.width); ++x)
                    info->values[start + x] =
                        std::isnan(reduced[x])
                            ? reduced[x]
                            : static_cast<float>(inverse(p.norm, static_cast<double>(reduced[x])));
        });
        return item;
    }
    ReducedPixels own;
    const ReducedPixels* px = reduced_ ? reduced_->pixels : &own;
    if (reduced_) {
        if (px->scale != reduction_scale(p.norm))
            throw std::invalid_argument(
                "the pixels were reduced on another scale than this figure's norm maps: reduce "
                "on heatmap::reduction_scale(norm)");
        const Box& b = px->box;
        if (!(b.x0 == box.x0 && b.y0 == box.y0 && b.x1 == box.x1 && b.y1 == box.y1))
            throw std::invalid_argument(
                "the pixels were reduced into the box [" + number_text(b.x0) + ", " +
                number_text(b.y0) + ", " + number_text(b.x1) + ", " + number_text(b.y1) +
                "], but this figure's axes are [" + number_text(box.x0) + ", " +
                number_text(box.y0) + ", " + number_text(box.x1) + ", " + number_text(box.y1) +
                "]: reduce into heatmap::figure_axes_box() of the same options and data range");
    } else {
        // Row by row through the matrix, masked cells missing; one thread (the figure has no
        // thread count; the command's streamed input has).
        PixelAggregate geometry(rows_, cols_, box, reduction_scale(p.norm));  // its geometry only
        own = unfilled_pixels(geometry);
        const auto read_row = [this](std::size_t r, double* row) {
            m_.read_row(r, row);
            for (std::size_t c = 0; c < cols_; ++c)
                if (masked(r * cols_ + c)) row[c] = std::numeric_limits<double>::quiet_NaN();
        };
        own.range = reduce_rolling(
            geometry,
            [&] {
                return RowByRowReader<decltype(read_row)>{read_row, cols_};
            },
            1, cols_, store_rows(own, how));
    }
    const ReducedColor color(p.norm, px->scale, p.cmap);
    for (std::size_t i = 0; i < item.pixels.size(); ++i) {
        const double v = px->values[i];
        item.pixels[i] = color(v);
        if (info && !bins)
            info->values[i] =
                std::isnan(v)
                    ? std::numeric_limits<float>::quiet_NaN()
                    : static_cast<float>(inverse(p.norm, normalize_reduced(p.norm, px->scale, v)));
    }
    return item;
}

HEATMAP_FUNC std::optional<CellInfo> FigurePlanner::cell_info() const {
    if (!page_ && (target_ != Target::svg || rows_ * cols_ > o_.tooltip_cells)) return std::nullopt;
    CellInfo info{o_.row_labels, o_.col_labels, {}};
    info.values.reserve(rows_ * cols_);
    std::size_t k = 0;
    for (std::size_t r = 0; r < rows_; ++r)
        for (std::size_t c = 0; c < cols_; ++c, ++k) {
            const double v = values_[k];
            if (std::isnan(v)) {
                info.values.push_back(masked(k) ? "masked" : "nan");
            } else if (o_.annotate) {
                info.values.push_back(m_.annotation(r, c));
            } else {
                info.values.push_back(format(v, "g"));
            }
        }
    return info;
}

HEATMAP_FUNC void FigurePlanner::emit_cells(Scene& scene, const FigurePlan& p) {
    const Box& A = p.layout.axes;
    // Cells and grid lines are clipped to the axes (Agg rounds the clip box to whole pixels).
    if (p.downsampled) {
        // The reduced pixels blend into the axes' edge pixels by the part the axes covers, unclipped.
        scene.add(downsampled_pixels(p), {Part::cells});
        return;
    }
    const bool mesh = seaborn();
    scene.add(ClipBegin{A}, {Part::cells});
    CellsItem cells{A,
                    rows_,
                    cols_,
                    p.colors,
                    mesh ? CellShape::mesh : CellShape::image,
                    mesh ? pt(o_.linewidths) : 0.0,
                    o_.linecolor,
                    cell_info()};
    scene.add(std::move(cells), {Part::cells});
    if (o_.linewidths > 0 && !mesh) {
        // Grid lines on the cell edges, clipped to the axes (half of each outer line is hidden, as
        // in Matplotlib).
        const double w = pt(o_.linewidths);
        for (std::size_t c = 0; c <= cols_; ++c) {
            const double x = A.x0 + static_cast<double>(c) * A.width() / static_cast<double>(cols_);
            scene.add(LineItem{{x, A.y0}, {x, A.y1}, w, o_.linecolor, true, LineCap::butt},
                      {Part::gridlines, c});
        }
        for (std::size_t r = 0; r <= rows_; ++r) {
            const double y =
                A.y0 + static_cast<double>(r) * A.height() / static_cast<double>(rows_);
            scene.add(LineItem{{A.x0, y}, {A.x1, y}, w, o_.linecolor, true, LineCap::butt},
                      {Part::gridlines, r});
        }
    }
    scene.add(ClipEnd{}, {Part::cells});
}

HEATMAP_FUNC Scene FigurePlanner::emit(const FigurePlan& p) {
    Scene scene;
    scene.width = o_.figsize.first * units_, scene.height = o_.figsize.second * units_;
    if (target_ == Target::raster) scene.width = p.layout.width, scene.height = p.layout.height;
    scene.units_per_inch = units_;
    scene.dpi = o_.dpi;
    scene.background = o_.transparent ? Rgba{255, 255, 255, 0} : o_.facecolor;
    const Box& A = p.layout.axes;
    // The axes' white patch, which shows through bad cells on a colored figure (on a white one it
    // would paint white over white).
    if (!o_.transparent && !(o_.facecolor == Rgba{255, 255, 255, 255}))
        scene.add(RectItem{A, Rgba{255, 255, 255, 255}, true}, {Part::axes});
    emit_cells(scene, p);
    emit_image_axes_frame(scene, p.axes_spec, A);
    emit_image_axes_texts(scene, p.axes_texts);
    for (std::size_t i = 0; i < p.annotations.size(); ++i)
        emit_text(scene, p.annotations[i],
                  {Part::annotation, p.layout.annotations[i].row, p.layout.annotations[i].col});
    if (p.axes_texts.title) emit_text(scene, *p.axes_texts.title, {Part::title});
    if (p.cbar_spec) emit_colorbar(scene, *p.cbar_spec, *p.layout.colorbar_outline, p.cbar_texts);
    return scene;
}

// The layout in pixels at the dpi, from one planned in figure units.
inline FigureLayout layout_in_pixels(FigureLayout L, const HeatmapOptions& o, double units) {
    const double scale = o.dpi / units, dpi = o.dpi;
    if (scale == 1) return L;
    auto box = [scale](Box& b) { b = {b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale}; };
    auto opt = [&](std::optional<Box>& b) {
        if (b) box(*b);
    };
    L.dpi = dpi;
    // The image the figure would be at the dpi.
    L.width = static_cast<int>(std::lround(o.figsize.first * dpi));
    L.height = static_cast<int>(std::lround(o.figsize.second * dpi));
    box(L.axes);
    opt(L.colorbar), opt(L.title), opt(L.xlabel), opt(L.ylabel), opt(L.colorbar_label);
    opt(L.colorbar_outline);
    for (auto* labels : {&L.xticklabels, &L.yticklabels, &L.colorbar_ticklabels})
        for (LabelBox& l : *labels) box(l.box);
    for (AnnotationBox& a : L.annotations) box(a.box);
    for (CellBox& c : L.cells) box(c.box);
    return L;
}

}  // namespace detail

HEATMAP_FUNC Scene figure_scene(const HeatmapOptions& options, const MatrixSource& matrix,
                                Target target, FigureLayout* layout) {
    detail::FigurePlanner planner(options, matrix, target);
    const detail::FigurePlan plan = planner.plan();
    Scene scene = planner.emit(plan);
    if (layout) *layout = detail::layout_in_pixels(plan.layout, options, plan.units_per_inch);
    return scene;
}

HEATMAP_FUNC FigureLayout figure_layout(const HeatmapOptions& options, const MatrixSource& matrix,
                                        Target target) {
    detail::FigurePlanner planner(options, matrix, target);
    const detail::FigurePlan plan = planner.plan();
    return detail::layout_in_pixels(plan.layout, options, plan.units_per_inch);
}

HEATMAP_FUNC Image figure_image(const HeatmapOptions& options, const MatrixSource& matrix,
                                FigureLayout* layout) {
    return render_raster(figure_scene(options, matrix, Target::raster, layout), options.max_pixels);
}

HEATMAP_FUNC std::string figure_svg(const HeatmapOptions& options, const MatrixSource& matrix,
                                    FigureLayout* layout) {
    return render_svg(figure_scene(options, matrix, Target::svg, layout));
}

HEATMAP_FUNC std::vector<std::uint8_t> figure_pdf(const HeatmapOptions& options,
                                                  const MatrixSource& matrix,
                                                  FigureLayout* layout) {
    return render_pdf(figure_scene(options, matrix, Target::pdf, layout));
}

HEATMAP_FUNC std::string figure_html(const HeatmapOptions& options, const MatrixSource& matrix,
                                     FigureLayout* layout) {
    // The PNG's scene (its layout, in pixels at the dpi), planned for a page: every cell's value,
    // and what reduced pixels stand for. The page draws its text as vectors where the PNG has it.
    detail::FigurePlanner planner(options, matrix, Target::raster, true);
    const detail::FigurePlan plan = planner.plan();
    const Scene scene = planner.emit(plan);
    if (layout) *layout = detail::layout_in_pixels(plan.layout, options, plan.units_per_inch);
    return render_html(scene);
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
