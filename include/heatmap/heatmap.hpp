#pragma once
// heatmap: annotated heatmaps as Matplotlib draws them, from one #include. No Python, no font
// files.
//
//     #include <heatmap/heatmap.hpp>
//
//     heatmap::Heatmap<int> h({{42, 35, 29}, {55, 48, 40}});
//     h.row_labels({"Platform", "Security"}).col_labels({"Mon", "Tue", "Wed"})
//      .cmap("magma").vmin(15).vmax(60).title("Open tickets").annotate()
//      .figsize(6.6, 4.2).dpi(160);
//     h.save_png("heatmap.png");          // or h.render() for RGBA pixels, h.png() for bytes in
//     memory h.layout().save_json("layout.json");  // where every part landed, for hit-testing
//
// What "right" means: the figure Matplotlib 3.6 draws with imshow + colorbar + one text per cell
// under constrained layout and savefig(dpi=...): the same pixels for the cells, the same ticks and
// labels, the same layout to within a pixel or two. Configuration macros: HEATMAP_USE_LIBDEFLATE
// (PNG compression through libdeflate, set by the CMake package when found).
//
// Costs: rendering is proportional to the figure's pixels plus the text drawn; the matrix is read
// once.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "version.hpp"
#include "error.hpp"
#include "geometry.hpp"
#include "color.hpp"
#include "colormap.hpp"
#include "norm.hpp"
#include "format.hpp"
#include "ticks.hpp"
#include "canvas.hpp"
#include "raster.hpp"
#include "font.hpp"
#include "text.hpp"
#include "layout.hpp"
#include "figure_layout.hpp"
#include "axes.hpp"
#include "colorbar.hpp"
#include "io.hpp"
#include "png.hpp"
#include "downsample.hpp"
#include "csv.hpp"
#include "legibility.hpp"
#include "seaborn.hpp"

namespace heatmap {

namespace detail {
// Norms with vmin/vmax members, which Heatmap::vmin()/vmax() set (CenteredNorm and BoundaryNorm
// have none).
template <class N, class = void>
struct has_limits_t : std::false_type {};
template <class N>
struct has_limits_t<N, std::void_t<decltype(std::declval<N&>().vmin = 1.0)>> : std::true_type {};
template <class N>
inline constexpr bool has_limits = has_limits_t<N>::value;
}  // namespace detail

// How annotation text picks its color over a cell.
enum class TextColorRule {
    luminance,  // seaborn: black over light cells, white over dark (WCAG relative luminance >
                // 0.408)
    threshold,  // the tutorial: white when norm(value) < threshold, else black
    fixed,      // one color for every cell
};

// The figure's look. matplotlib: imshow with a framed axes. seaborn: what seaborn.heatmap draws
// (seaborn 0.12): pcolormesh cells snapped to whole pixels, cell edges from linewidths/linecolor,
// no spines, row labels turned upright, no colorbar outline, annotations in ".15" grey or white,
// cells that fill the axes unless square(true), rocket (icefire with a center) unless a cmap is
// set, annotations ".2g" unless a spec is given.
enum class Style { matplotlib, seaborn };

template <class T>
class Heatmap {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                  "Heatmap<T> needs an arithmetic T");

  public:
    using CellFormatter = std::function<std::string(T value, std::size_t row, std::size_t col)>;

    // Rows of equal length.
    explicit Heatmap(const std::vector<std::vector<T>>& rows) {
        if (rows.empty() || rows.front().empty())
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        rows_ = rows.size(), cols_ = rows.front().size();
        owned_.reserve(rows_ * cols_);
        for (std::size_t r = 0; r < rows_; ++r) {
            if (rows[r].size() != cols_)
                throw std::invalid_argument("ragged matrix: row " + std::to_string(r) + " has " +
                                            std::to_string(rows[r].size()) + " values, row 0 has " +
                                            std::to_string(cols_) +
                                            "; give every row the same length");
            owned_.insert(owned_.end(), rows[r].begin(), rows[r].end());
        }
    }

    // A row-major block of rows * cols values, copied.
    Heatmap(const T* data, std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols) {
        check_shape(data, rows, cols);
        owned_.assign(data, data + rows * cols);
    }

    // A view over the caller's row-major data: no copy; the data must outlive the Heatmap.
    static Heatmap view(const T* data, std::size_t rows, std::size_t cols) {
        check_shape(data, rows, cols);
        Heatmap h;
        h.view_ = data, h.rows_ = rows, h.cols_ = cols;
        return h;
    }

    // Any matrix type with rows(), cols() and (r, c), such as an Eigen matrix.
    template <class Matrix, class = decltype(std::declval<const Matrix&>().rows()),
              class = decltype(std::declval<const Matrix&>()(0, 0))>
    explicit Heatmap(const Matrix& m) {
        const auto r = m.rows(), c = m.cols();
        if (r <= 0 || c <= 0)
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        rows_ = static_cast<std::size_t>(r), cols_ = static_cast<std::size_t>(c);
        owned_.reserve(rows_ * cols_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < cols_; ++j)
                owned_.push_back(
                    static_cast<T>(m(static_cast<decltype(r)>(i), static_cast<decltype(c)>(j))));
    }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    T operator()(std::size_t r, std::size_t c) const { return data()[r * cols_ + c]; }

    // Labels; their counts must match the matrix (checked here and again at render).
    Heatmap& row_labels(std::vector<std::string> labels) {
        check_labels("row", labels.size(), rows_, "rows");
        row_labels_ = std::move(labels);
        return *this;
    }
    Heatmap& col_labels(std::vector<std::string> labels) {
        check_labels("column", labels.size(), cols_, "columns");
        col_labels_ = std::move(labels);
        return *this;
    }

    Heatmap& cmap(std::string_view name) { return cmap(colormap(name)); }
    Heatmap& cmap(Colormap map) {
        cmap_ = std::move(map);
        cmap_set_ = true;
        return *this;
    }
    Heatmap& norm(Norm n) {
        norm_ = std::move(n);
        return *this;
    }
    // vmin/vmax of the current norm (a plain Normalize unless another was set).
    Heatmap& vmin(double v) {
        check_limit("vmin", v);
        vmin_ = v;
        return *this;
    }
    Heatmap& vmax(double v) {
        check_limit("vmax", v);
        vmax_ = v;
        return *this;
    }

    Heatmap& title(std::string s) { return set(title_, std::move(s)); }
    Heatmap& xlabel(std::string s) { return set(xlabel_, std::move(s)); }
    Heatmap& ylabel(std::string s) { return set(ylabel_, std::move(s)); }
    Heatmap& colorbar(bool on) { return set(colorbar_, on); }
    Heatmap& colorbar_label(std::string s) { return set(cbar_label_, std::move(s)); }
    const std::string& title() const { return title_; }
    const std::string& xlabel() const { return xlabel_; }
    const std::string& ylabel() const { return ylabel_; }
    const std::string& colorbar_label() const { return cbar_label_; }

    // Annotate every cell with its value in Python's format-spec mini-language ("d", ".2f", "+.1f",
    // ...); an empty spec takes the type's default: "d" for integers, "g" for floating point.
    Heatmap& annotate(std::string spec = "") {
        check_format_spec(spec.empty() ? default_spec() : std::string_view(spec));
        annotate_ = true, fmt_ = std::move(spec), template_.clear(), formatter_ = nullptr;
        return *this;
    }
    // Annotate with Matplotlib's StrMethodFormatter template, "{x:.1f} ms".
    Heatmap& annotate_template(std::string tmpl) {
        format_template(tmpl, 0.0);  // throws naming the fault in a malformed template, here
        annotate_ = true, template_ = std::move(tmpl), formatter_ = nullptr;
        return *this;
    }
    // Annotate with a callable of (value, row, col).
    Heatmap& annotate(CellFormatter f) {
        annotate_ = static_cast<bool>(f), formatter_ = std::move(f), template_.clear();
        return *this;
    }
    Heatmap& text_color_rule(TextColorRule rule) { return set(rule_, rule); }
    // The tutorial's rule: white when norm(value) < t, else black.
    Heatmap& text_threshold(double t) {
        rule_ = TextColorRule::threshold, threshold_ = t;
        return *this;
    }
    Heatmap& text_color(Rgba c) {
        rule_ = TextColorRule::fixed, fixed_color_ = c;
        return *this;
    }

    Heatmap& figsize(double width_in, double height_in) {
        if (!(width_in > 0 && height_in > 0 && std::isfinite(width_in) && std::isfinite(height_in)))
            throw std::invalid_argument(
                "figsize " + std::to_string(width_in) + "x" + std::to_string(height_in) +
                " in is not positive: give a width and height in inches above 0");
        figsize_ = {width_in, height_in};
        return *this;
    }
    Heatmap& dpi(double d) {
        if (!(d > 0 && std::isfinite(d)))
            throw std::invalid_argument("dpi " + std::to_string(d) +
                                        " is not positive: give dots per inch above 0");
        dpi_ = d;
        return *this;
    }
    // Column labels turned by deg degrees, anchored at their right end (Matplotlib's ha="right",
    // rotation_mode="anchor").
    Heatmap& xrotation(double deg) { return set(xrotation_, deg); }
    // Lines between cells, width in points (seaborn's linewidths), in color.
    Heatmap& linewidths(double pt) {
        if (!(pt >= 0 && std::isfinite(pt)))
            throw std::invalid_argument("linewidths " + std::to_string(pt) +
                                        " is negative: give points >= 0");
        linewidths_ = pt;
        return *this;
    }
    Heatmap& linecolor(Rgba c) { return set(linecolor_, c); }
    Heatmap& linecolor(std::string_view c) { return set(linecolor_, parse_color(c)); }
    // Triangles at the colorbar's ends for values beyond vmin ("min"), vmax ("max") or both, in the
    // colormap's under and over colors (Matplotlib's colorbar(extend=...)); "neither" by default.
    Heatmap& extend(std::string_view which) {
        if (which != "neither" && which != "min" && which != "max" && which != "both")
            throw std::invalid_argument(
                "extend \"" + std::string(which) +
                "\" is not one of neither, min, max, both: pick one of those");
        return set(extend_, std::string(which));
    }
    // How a pixel covering several cells (a matrix larger than the axes) combines them: the mean of
    // their normalized values, or the max or min so that extremes stay visible.
    Heatmap& reduce(Reduce r) { return set(reduce_, r); }
    // seaborn.heatmap's look instead of Matplotlib's imshow (see Style); options set explicitly
    // (cmap, square, annotate's spec) keep their values under either style.
    Heatmap& style(Style s) { return set(style_, s); }
    // The largest image render() will allocate.
    Heatmap& max_pixels(std::int64_t n) {
        if (n < 1)
            throw std::invalid_argument("max_pixels " + std::to_string(n) +
                                        " is below 1: give the largest image to allow, in pixels");
        return set(max_pixels_, n);
    }

    // ---- seaborn.heatmap parity ----
    // Cells to leave out, row-major (rows * cols flags): they show the colormap's bad color and no
    // annotation, and do not count toward limits taken from the data. NaN cells behave the same.
    Heatmap& mask(std::vector<bool> m) {
        if (m.size() != rows_ * cols_)
            throw std::invalid_argument("mask has " + std::to_string(m.size()) + " flags for " +
                                        std::to_string(rows_ * cols_) +
                                        " cells: give one flag per cell, row by row");
        mask_ = std::move(m);
        return *this;
    }
    // Square cells (imshow's equal aspect, seaborn's square=True; the default) or cells that fill
    // the space the layout leaves (aspect "auto").
    Heatmap& square(bool on) { return set(square_, std::optional<bool>(on)); }
    Heatmap& aspect_auto() { return square(false); }
    // Every k-th column (row) label, from the first; 0 shows none and no ticks.
    Heatmap& xticks_every(std::size_t k) { return set(xevery_, k), set(xauto_, false); }
    Heatmap& yticks_every(std::size_t k) { return set(yevery_, k), set(yauto_, false); }
    // seaborn's "auto": as many labels as fit one font size apart along the laid-out axes; the
    // labels left out are listed in layout().thinned_labels.
    Heatmap& xticklabels_auto() { return set(xauto_, true); }
    Heatmap& yticklabels_auto() { return set(yauto_, true); }
    // Column labels (and their ticks) above the axes, as the gallery's annotated heatmap has them.
    Heatmap& labels_on_top(bool on) { return set(labels_top_, on); }
    // seaborn's robust: limits not given are the 2nd and 98th percentiles of the data, not its
    // extremes.
    Heatmap& robust(bool on) { return set(robust_, on); }
    // seaborn's center: the colormap is cut so that its middle color sits at this value.
    Heatmap& center(double v) {
        check_limit("center", v);
        return set(center_, v);
    }
    // Annotations given as text, one per cell, row-major (rows * cols strings).
    Heatmap& annotations(std::vector<std::string> texts) {
        if (texts.size() != rows_ * cols_)
            throw std::invalid_argument("annotations has " + std::to_string(texts.size()) +
                                        " texts for " + std::to_string(rows_ * cols_) +
                                        " cells: give one text per cell, row by row");
        auto shared = std::make_shared<const std::vector<std::string>>(std::move(texts));
        const std::size_t cols = cols_;
        return annotate(
            [shared, cols](T, std::size_t r, std::size_t c) { return (*shared)[r * cols + c]; });
    }
    // The figure's font size in points (Matplotlib's rcParams["font.size"], 10): tick labels, axis
    // labels, colorbar and annotations; the title is 1.2 times it unless title_size() is set.
    Heatmap& font_size(double pt) {
        check_size_pt("font_size", pt);
        return set(font_pt_, pt);
    }
    Heatmap& font_scale(double x) { return font_size(10 * x); }
    Heatmap& title_size(double pt) {
        check_size_pt("title_size", pt);
        return set(title_pt_, pt);
    }
    // The figure's background (the axes stay white under the cells); transparent() clears both,
    // as savefig(transparent=True) does.
    Heatmap& facecolor(Rgba c) { return set(facecolor_, c); }
    Heatmap& facecolor(std::string_view c) { return set(facecolor_, parse_color(c)); }
    Heatmap& transparent(bool on) { return set(transparent_, on); }
    // The colorbar's length as a fraction of the axes' (Matplotlib's shrink).
    // The colorbar's tick labels through a StrMethodFormatter template, "{x:.1f}" (Matplotlib's
    // colorbar(format=...)); checked here.
    Heatmap& colorbar_format(std::string tmpl) {
        format_template(tmpl, 0.0);  // throws naming the fault in a malformed template
        return set(cbar_format_, std::move(tmpl));
    }
    // The colorbar beside the axes (default) or below them, horizontal.
    Heatmap& colorbar_horizontal(bool on) { return set(cbar_horizontal_, on); }
    Heatmap& colorbar_shrink(double f) {
        if (!(f > 0 && f <= 1))
            throw std::invalid_argument("colorbar_shrink " + std::to_string(f) +
                                        " is outside (0, 1]: give the fraction of the axes' "
                                        "length the colorbar spans");
        return set(cbar_shrink_, f);
    }

    // ---- legibility ----
    // Tick labels longer than px pixels (along the text) end in an ellipsis; each one shortened is
    // listed in layout().shortened_labels.
    Heatmap& max_label_width(double px) {
        if (!(px > 0 && std::isfinite(px)))
            throw std::invalid_argument("max_label_width " + std::to_string(px) +
                                        " is not positive: give pixels above 0");
        return set(max_label_px_, px);
    }
    // An annotation too large for its cell shrinks down to this size in points, below which it is
    // left out and listed in layout().dropped_annotations.
    Heatmap& min_annotation_size(double pt) {
        check_size_pt("min_annotation_size", pt);
        return set(min_annot_pt_, pt);
    }

    // Where every part lands, without drawing.
    FigureLayout layout() const { return plan().layout; }
    std::string layout_json() const { return layout().to_json(); }
    void save_layout_json(const std::string& path) const { write_file(path, layout_json()); }

    Image render() const {
        FigureLayout unused;
        return render(unused);
    }
    // The image and where everything in it landed, from one plan (render() then layout() plans
    // twice).
    Image render(FigureLayout& layout) const {
        Plan p = plan();
        Canvas canvas(p.layout.width, p.layout.height,
                      transparent_ ? Rgba{255, 255, 255, 0} : facecolor_, max_pixels_);
        draw(canvas, p);
        layout = std::move(p.layout);
        return std::move(canvas).take();
    }
    std::vector<std::uint8_t> png() const { return encode_png(render()); }
    void save_png(const std::string& path) const { heatmap::save_png(render(), path); }

  private:
    Heatmap() = default;

    template <class V, class W>
    Heatmap& set(V& field, W&& value) {
        field = std::forward<W>(value);
        return *this;
    }

    static void check_shape(const T* data, std::size_t rows, std::size_t cols) {
        if (rows == 0 || cols == 0)
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        if (!data) throw std::invalid_argument("null data pointer: pass the matrix's first value");
        if (cols > std::numeric_limits<std::size_t>::max() / rows)
            throw std::invalid_argument("matrix of " + std::to_string(rows) + "x" +
                                        std::to_string(cols) +
                                        " values overflows: give a smaller matrix");
    }
    static void check_labels(const char* what, std::size_t got, std::size_t want,
                             const char* unit) {
        if (got != want && got != 0)
            throw std::invalid_argument(
                std::to_string(got) + " " + what + " labels for " + std::to_string(want) + " " +
                unit + ": give one label per " + (what[0] == 'r' ? "row" : "column"));
    }
    static void check_limit(const char* name, double v) {
        if (!std::isfinite(v))
            throw std::invalid_argument(std::string(name) + " is not finite: give a finite number");
    }
    static void check_size_pt(const char* name, double pt) {
        if (!(pt > 0 && std::isfinite(pt)))
            throw std::invalid_argument(std::string(name) + " " + std::to_string(pt) +
                                        " is not positive: give points above 0");
    }
    bool masked(std::size_t i) const { return !mask_.empty() && mask_[i]; }
    bool seaborn() const { return style_ == Style::seaborn; }
    std::string_view default_spec() const {
        if (seaborn()) return ".2g";  // seaborn.heatmap's fmt
        return std::is_integral_v<T> ? "d" : "g";
    }
    // seaborn picks rocket, or icefire when a center is given, if no colormap was.
    Colormap base_cmap() const {
        if (cmap_set_ || !seaborn()) return cmap_;
        return colormap(center_ ? "icefire" : "rocket");
    }
    const T* data() const { return view_ ? view_ : owned_.data(); }

    // Everything decided before drawing: the resolved norm, the texts and where they go.
    struct Plan {
        FigureLayout layout;
        Norm norm;
        Colormap cmap;  // cmap_, recentered when center() is set
        detail::ImageAxesSpec axes_spec;
        detail::ImageAxesTexts axes_texts;
        std::optional<detail::ColorbarSpec> cbar_spec;
        detail::ColorbarTexts cbar_texts;
        std::vector<detail::TextItem> annotations;
        std::vector<Rgba> colors;  // one per cell when cells are drawn one by one (not downsampled)
        bool downsampled = false;
    };

    // The values limits come from: masked cells count as missing.
    std::vector<double> unmasked_values() const {
        std::vector<double> values(rows_ * cols_);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = masked(i) ? std::numeric_limits<double>::quiet_NaN()
                                  : static_cast<double>(data()[i]);
        return values;
    }

    // Limits not given come from the unmasked, finite data, as Matplotlib's autoscale takes them.
    // One pass over the matrix and no copy of it (only robust's percentiles need the values
    // themselves): the data's extremes (and its positive extremes, for LogNorm) decide every norm's
    // limits.
    Norm resolved_norm() const {
        Norm n = norm_;
        std::optional<double> lo = vmin_, hi = vmax_;
        if (robust_ && (!lo || !hi)) {
            const std::vector<double> values = unmasked_values();
            const auto limits = robust_limits(values.data(), values.size());
            if (!lo) lo = limits.first;
            if (!hi) hi = limits.second;
        }
        if (lo || hi) {
            std::visit(
                [&](auto& norm) {
                    if constexpr (detail::has_limits<std::decay_t<decltype(norm)>>) {
                        if (lo) norm.vmin = lo;
                        if (hi) norm.vmax = hi;
                    }
                },
                n);
        }
        const double inf = std::numeric_limits<double>::infinity();
        double min = inf, max = -inf, pos_min = inf, pos_max = -inf;
        const T* d = data();
        for (std::size_t i = 0, count = rows_ * cols_; i < count; ++i) {
            const double v = static_cast<double>(d[i]);
            if (!std::isfinite(v) || masked(i)) continue;
            min = std::min(min, v), max = std::max(max, v);
            if (v > 0) pos_min = std::min(pos_min, v), pos_max = std::max(pos_max, v);
        }
        std::vector<double> extremes;
        if (std::holds_alternative<LogNorm>(n)) {
            if (pos_min <= pos_max) extremes = {pos_min, pos_max};
        } else if (min <= max) {
            extremes = {min, max};
        }
        return autoscaled(std::move(n), extremes.data(), extremes.size());
    }

    std::string annotation_text(std::size_t r, std::size_t c) const {
        const T v = (*this)(r, c);
        if (formatter_) return formatter_(v, r, c);
        if (!template_.empty()) return format_template(template_, static_cast<double>(v));
        const std::string_view spec = fmt_.empty() ? default_spec() : std::string_view(fmt_);
        if constexpr (std::is_integral_v<T>) {
            // format() takes every integer type exactly (a double would print 2^64 - 1 as 2^64).
            return format(v, spec);
        } else {
            return format_cell(static_cast<double>(v), spec, r, c);
        }
    }

    // A float cell under an integer spec prints as an integer when it is one, and is refused
    // otherwise.
    std::string format_cell(double v, std::string_view spec, std::size_t r, std::size_t c) const {
        const char type = spec.empty() ? '\0' : spec.back();
        if (type == 'd' || type == 'b' || type == 'o' || type == 'x' || type == 'X' ||
            type == 'c') {
            if (v != std::floor(v) || !(std::fabs(v) < 9.2e18))
                throw std::invalid_argument(
                    "cell (" + cell_name(r, c) + ") holds " + format(v, "g") +
                    ", which format spec \"" + std::string(spec) +
                    "\" cannot print: use a float spec such as \".1f\" or \"g\"");
            return format(static_cast<long long>(v), spec);
        }
        return format(v, spec);
    }
    std::string cell_name(std::size_t r, std::size_t c) const {
        return (row_labels_.empty() ? "row " + std::to_string(r) : row_labels_[r]) + ", " +
               (col_labels_.empty() ? "column " + std::to_string(c) : col_labels_[c]);
    }

    Rgba annotation_color(double v, const Norm& n, const Colormap& cmap) const {
        switch (rule_) {
            case TextColorRule::threshold:
                return normalize(n, v) < threshold_ ? Rgba{255, 255, 255, 255} : Rgba{0, 0, 0, 255};
            case TextColorRule::fixed:
                return fixed_color_;
            case TextColorRule::luminance:
            default:
                // seaborn writes ".15" grey, not black, over light cells.
                return relative_luminance(map_value(cmap, n, v)) > 0.408
                           ? (seaborn() ? Rgba{38, 38, 38, 255} : Rgba{0, 0, 0, 255})
                           : Rgba{255, 255, 255, 255};
        }
    }

    // Which of n labels an axis shows: every k-th from the first (k = 0: none).
    // Index labels (a matrix given without labels) on an axis too long for all of them: every 1, 2
    // or 5 x 10^k-th index, as Matplotlib's locator labels a large image, instead of thousands of
    // labels drawn over each other. The room is judged before layout, generously (the whole
    // figure's length; a label's own width plus a gap along x, its height along y), so axes whose
    // labels fit keep every one, as the gallery's do. Given labels are never thinned unasked (see
    // xticks_every/auto).
    std::size_t index_step(std::size_t n, bool indices, double figure_px, bool along_x) const {
        if (!indices || n < 2) return 1;
        const double font_px = points_to_pixels(font_pt_, dpi_);
        const double per_label =
            along_x ? measure_text(std::to_string(n - 1), font_pt_, dpi_).width + font_px : font_px;
        const double fit = static_cast<double>(n) * per_label / figure_px;
        if (fit <= 1) return 1;
        for (std::size_t decade = 1; decade <= n; decade *= 10)
            for (std::size_t m : {1, 2, 5})
                if (static_cast<double>(m * decade) >= fit) return m * decade;
        return n;
    }

    static void pick_ticks(std::size_t n, std::size_t k, const std::vector<std::string>& labels,
                           std::vector<std::size_t>& ticks, std::vector<std::string>& shown) {
        ticks.clear(), shown.clear();
        if (k == 0) return;
        for (std::size_t i = 0; i < n; i += k) ticks.push_back(i), shown.push_back(labels[i]);
    }

    Plan plan() const {
        check_labels("row", row_labels_.size(), rows_, "rows");
        check_labels("column", col_labels_.size(), cols_, "columns");
        const double W = std::round(figsize_.first * dpi_), H = std::round(figsize_.second * dpi_);
        detail::check_image_size(W, H, max_pixels_);

        Plan p;
        p.norm = resolved_norm();
        p.cmap = base_cmap();
        if (center_) p.cmap = recentered(p.cmap, norm_vmin(p.norm), norm_vmax(p.norm), *center_);
        // Matplotlib's colorbar widens an empty range (vmin == vmax) on the norm it shares with the
        // image, so the cells of a constant matrix take the colormap's middle color.
        if (colorbar_) p.norm = detail::colorbar_norm(p.norm);
        p.layout.dpi = dpi_;
        p.layout.width = static_cast<int>(W), p.layout.height = static_cast<int>(H);
        FigureLayout& L = p.layout;

        detail::ImageAxesSpec& a = p.axes_spec;
        a.rows = rows_, a.cols = cols_, a.dpi = dpi_, a.xrotation = xrotation_;
        a.xticks_top = labels_top_;
        a.title = title_, a.xlabel = xlabel_, a.ylabel = ylabel_;
        a.style.font_pt = font_pt_;
        a.style.title_pt = title_pt_ ? *title_pt_ : 1.2 * font_pt_;
        if (seaborn()) a.spines = false, a.yrotation = 90;  // despine; set_yticklabels(vertical)
        std::vector<std::string> xlabels, ylabels;
        for (std::size_t c = 0; c < cols_; ++c)
            xlabels.push_back(col_labels_.empty() ? std::to_string(c) : col_labels_[c]);
        for (std::size_t r = 0; r < rows_; ++r)
            ylabels.push_back(row_labels_.empty() ? std::to_string(r) : row_labels_[r]);
        if (max_label_px_) {
            for (auto* labels : {&xlabels, &ylabels}) {
                for (std::size_t i = 0; i < labels->size(); ++i) {
                    std::string shown = ellipsize((*labels)[i], *max_label_px_, font_pt_, dpi_);
                    if (shown == (*labels)[i]) continue;
                    L.shortened_labels.push_back(
                        {labels == &xlabels ? 'x' : 'y', i, i, (*labels)[i], shown});
                    (*labels)[i] = std::move(shown);
                }
            }
        }
        const std::size_t x_step =
            xevery_ ? *xevery_ : index_step(cols_, col_labels_.empty(), W, true);
        const std::size_t y_step =
            yevery_ ? *yevery_ : index_step(rows_, row_labels_.empty(), H, false);
        pick_ticks(cols_, xauto_ ? 1 : x_step, xlabels, a.xticks, a.xticklabels);
        pick_ticks(rows_, yauto_ ? 1 : y_step, ylabels, a.yticks, a.yticklabels);
        if (colorbar_) {
            p.cbar_spec = detail::ColorbarSpec{p.cmap, p.norm, cbar_label_, dpi_, {}};
            p.cbar_spec->style.font_pt = font_pt_;
            p.cbar_spec->format = cbar_format_;
            p.cbar_spec->horizontal = cbar_horizontal_;
            p.cbar_spec->extend_min = extend_ == "min" || extend_ == "both";
            p.cbar_spec->extend_max = extend_ == "max" || extend_ == "both";
            p.cbar_spec->outline = !seaborn();  // cb.outline.set_linewidth(0)
        }

        LayoutParams lp;
        lp.width_px = W, lp.height_px = H, lp.dpi = dpi_;
        lp.box_aspect = square_.value_or(!seaborn())
                            ? static_cast<double>(rows_) / static_cast<double>(cols_)
                            : 0.0;
        lp.colorbar = colorbar_;
        lp.shrink = cbar_shrink_;
        if (cbar_horizontal_) lp.location = ColorbarLocation::bottom;
        if (seaborn()) lp.layouts = 2;
        auto solve = [&] {
            return constrained_layout(
                lp,
                [&](const Box& axes) {
                    return detail::image_axes_tight(a, axes, detail::image_axes_texts(a, axes));
                },
                [&](const Box& bar) {
                    const Box inner = detail::colorbar_interior(*p.cbar_spec, bar);
                    return detail::colorbar_tight(*p.cbar_spec, inner,
                                                  detail::colorbar_texts(*p.cbar_spec, inner))
                        .united(bar);
                });
        };
        SolvedLayout solved = solve();
        if (xauto_ || yauto_) {
            // seaborn's rule measured on the figure laid out with every label, then laid out
            // again with the labels kept.
            const std::size_t xk =
                xauto_ ? auto_tick_step(cols_, solved.axes.width(), font_pt_, dpi_) : x_step;
            const std::size_t yk =
                yauto_ ? auto_tick_step(rows_, solved.axes.height(), font_pt_, dpi_) : y_step;
            pick_ticks(cols_, xk, xlabels, a.xticks, a.xticklabels);
            pick_ticks(rows_, yk, ylabels, a.yticks, a.yticklabels);
            for (std::size_t c = 0; xauto_ && c < cols_; ++c)
                if (xk == 0 || c % xk) L.thinned_labels.push_back({'x', c, c, xlabels[c], ""});
            for (std::size_t r = 0; yauto_ && r < rows_; ++r)
                if (yk == 0 || r % yk) L.thinned_labels.push_back({'y', r, r, ylabels[r], ""});
            solved = solve();
        }

        const Box& axes = solved.axes;
        p.axes_texts = detail::image_axes_texts(a, axes);
        L.axes = axes;
        for (const auto& t : p.axes_texts.xticklabels) L.xticklabels.push_back({t.text, t.box});
        for (const auto& t : p.axes_texts.yticklabels) L.yticklabels.push_back({t.text, t.box});
        if (p.axes_texts.title) L.title = p.axes_texts.title->box;
        if (p.axes_texts.xlabel) L.xlabel = p.axes_texts.xlabel->box;
        if (p.axes_texts.ylabel) L.ylabel = p.axes_texts.ylabel->box;
        if (colorbar_) {
            const Box inner = detail::colorbar_interior(*p.cbar_spec, solved.colorbar);
            L.colorbar = inner;
            L.colorbar_outline = solved.colorbar;
            p.cbar_texts = detail::colorbar_texts(*p.cbar_spec, inner);
            L.colorbar_ticks = p.cbar_texts.ticks;
            for (const auto& t : p.cbar_texts.ticklabels)
                L.colorbar_ticklabels.push_back({t.text, t.box});
            if (p.cbar_texts.label) L.colorbar_label = p.cbar_texts.label->box;
        }

        L.rows = rows_, L.cols = cols_;
        // Cells smaller than a pixel are reduced per pixel (downsample.hpp) instead of drawn one by
        // one, and carry no annotation: no text fits, so none is formatted or measured.
        p.downsampled = L.downsampled =
            axes.width() > 0 && axes.height() > 0 && needs_downsampling(rows_, cols_, axes);
        if (p.downsampled) {
            if (annotate_) L.annotations_skipped = rows_ * cols_;
            return p;
        }
        // The colors Agg paints for the map's floats: seaborn's pcolormesh cells, and the nearest
        // bytes to the float color seaborn's text-color rule reads (imshow's truncation is up to a
        // unit off).
        const Colormap rounded = p.cmap.rounded();
        {
            const std::vector<double> values = unmasked_values();  // no more than the axes' pixels
            if (seaborn()) {
                // cmap(norm(v)), not imshow's rescaling round trip.
                p.colors.reserve(values.size());
                for (double v : values) p.colors.push_back(map_value(rounded, p.norm, v));
            } else {
                p.colors = map_image(p.cmap, p.norm, values.data(), values.size());
            }
        }
        const bool list_cells = rows_ * cols_ <= max_listed_cells;
        const double cw = axes.width() / static_cast<double>(cols_),
                     ch = axes.height() / static_cast<double>(rows_);
        TextStyle as{font_pt_, dpi_};
        as.ha = HAlign::center, as.va = VAlign::center;
        for (std::size_t r = 0; r < rows_; ++r) {
            for (std::size_t c = 0; c < cols_; ++c) {
                const double v = static_cast<double>((*this)(r, c));
                const bool hidden = masked(r * cols_ + c);
                const Box cell{axes.x0 + c * cw, axes.y0 + r * ch, axes.x0 + (c + 1) * cw,
                               axes.y0 + (r + 1) * ch};
                if (list_cells) L.cells.push_back({r, c, cell, p.colors[r * cols_ + c], v});
                if (!annotate_ || hidden || std::isnan(v)) continue;
                std::string text = annotation_text(r, c);
                as.size_pt = font_pt_;
                if (min_annot_pt_) {
                    const auto size = fit_text_size(text, {cw, ch}, font_pt_, *min_annot_pt_, dpi_);
                    if (!size) {
                        L.dropped_annotations.push_back({'c', r, c, std::move(text), ""});
                        continue;
                    }
                    as.size_pt = *size;
                }
                as.color = annotation_color(v, p.norm, rounded);
                p.annotations.push_back(detail::place_text(std::move(text), cell.center(), as));
                L.annotations.push_back({p.annotations.back().text, as.color,
                                         p.annotations.back().box, r, c, as.size_pt});
            }
        }
        return p;
    }

    // imshow's pixels. The image is resampled (nearest) to ceil(width) x ceil(height) pixels, drawn
    // at the axes' corner rounded to a whole pixel and clipped to the axes rounded the same way.
    // Which cell a pixel shows is decided by Agg's span interpolator: the source position of each
    // row's first and last pixel in 1/256 pixel, with the steps between spread by an integer line
    // interpolator, not by exact division. Following it to the step is what puts every cell edge on
    // Matplotlib's pixel.
    static std::vector<std::size_t> source_index(std::size_t n, int out) {
        const double scale = static_cast<double>(n) / out;
        const long a = detail::iround(0.5 * scale * 256),
                   b = detail::iround((0.5 + out) * scale * 256);
        long lft = (b - a) / out, rem = (b - a) % out, mod = rem, v = a;
        if (mod <= 0) mod += out, rem += out, --lft;
        mod -= out;
        std::vector<std::size_t> index(static_cast<std::size_t>(out));
        for (int i = 0; i < out; ++i) {
            index[static_cast<std::size_t>(i)] =
                std::min(static_cast<std::size_t>(std::max(v, 0L) >> 8), n - 1);
            mod += rem, v += lft;
            if (mod > 0) mod -= out, ++v;
        }
        return index;
    }

    void draw_cells(Canvas& canvas, const Plan& p) const {
        const Box& A = p.layout.axes;
        const double H = p.layout.height;
        const int out_w = static_cast<int>(std::ceil(A.width())),
                  out_h = static_cast<int>(std::ceil(A.height()));
        // Decorations larger than the figure leave the axes no room (negative size): no cells.
        if (out_w <= 0 || out_h <= 0) return;
        const int left = static_cast<int>(std::floor(A.x0 + 0.5));
        const int top = static_cast<int>(H - std::floor(H - A.y1 + 0.5)) - out_h;
        const int clip_x0 = static_cast<int>(std::floor(A.x0 + 0.5)),
                  clip_x1 = static_cast<int>(std::floor(A.x1 + 0.5));
        const int clip_y0 = static_cast<int>(std::floor(A.y0 + 0.5)),
                  clip_y1 = static_cast<int>(std::floor(A.y1 + 0.5));
        const std::vector<std::size_t> col_of = source_index(cols_, out_w);
        // Rows: each scanline's source row is rounded on its own (no interpolation runs down a
        // column).
        std::vector<std::size_t> row_of(static_cast<std::size_t>(out_h));
        for (int j = 0; j < out_h; ++j)
            row_of[static_cast<std::size_t>(j)] = std::min(
                static_cast<std::size_t>(
                    detail::iround((j + 0.5) * static_cast<double>(rows_) / out_h * 256) >> 8),
                rows_ - 1);
        for (int j = 0; j < out_h; ++j) {
            const int y = top + j;
            if (y < clip_y0 || y >= clip_y1) continue;
            const std::size_t row = row_of[static_cast<std::size_t>(j)];
            int i = 0;
            while (i < out_w) {
                const std::size_t col = col_of[static_cast<std::size_t>(i)];
                int k = i;
                while (k < out_w && col_of[static_cast<std::size_t>(k)] == col) ++k;
                const int x0 = std::max(left + i, clip_x0), x1 = std::min(left + k, clip_x1);
                const Rgba c = p.colors[row * cols_ + col];
                if (x0 < x1 && c.a) canvas.fill_rect(x0, y, x1, y + 1, c);
                i = k;
            }
        }
    }

    // seaborn's pcolormesh: one unantialiased quad per cell, row by row from the top, each filled
    // and then stroked with its edges (linewidths) before the next. Agg snaps the quads' corners
    // to whole pixels (to pixel centers when the edge width rounds to an odd number of pixels) and,
    // without antialiasing, paints every pixel the shape touches at all; a later quad paints over
    // the pixels it shares with an earlier one. The edge width is the linewidths in pixels.
    void draw_mesh_cells(Canvas& canvas, const Plan& p, const Box& clip) const {
        const Box& A = p.layout.axes;
        const double w = linewidths_ * dpi_ / 72.0;
        const double offset = w > 0 && std::lround(w) % 2 ? 0.5 : 0.0;
        auto snap = [&](double v) { return std::floor(v + 0.5) + offset; };
        // The pixels a span touches: Agg's 1/256 subpixel grid, an edge on a pixel boundary not
        // touching the pixel beyond it.
        auto first = [](double v) { return std::floor(std::round(v * 256) / 256); };
        auto last = [](double v) { return std::ceil(std::round(v * 256) / 256); };
        auto paint = [&](double x0, double y0, double x1, double y1, Rgba c) {
            canvas.fill_rect(std::fmax(first(x0), clip.x0), std::fmax(first(y0), clip.y0),
                             std::fmin(last(x1), clip.x1), std::fmin(last(y1), clip.y1), c);
        };
        std::vector<double> xs(cols_ + 1), ys(rows_ + 1);
        for (std::size_t c = 0; c <= cols_; ++c)
            xs[c] = snap(A.x0 + static_cast<double>(c) * A.width() / static_cast<double>(cols_));
        for (std::size_t r = 0; r <= rows_; ++r)
            ys[r] = snap(A.y0 + static_cast<double>(r) * A.height() / static_cast<double>(rows_));
        const double h = w / 2;
        for (std::size_t r = 0; r < rows_; ++r) {
            for (std::size_t c = 0; c < cols_; ++c) {
                const Rgba color = p.colors[r * cols_ + c];
                if (color.a) paint(xs[c], ys[r], xs[c + 1], ys[r + 1], color);
                if (!(w > 0) || !linecolor_.a) continue;
                const double x0 = xs[c], x1 = xs[c + 1], y0 = ys[r], y1 = ys[r + 1];
                paint(x0 - h, y0 - h, x0 + h, y1 + h, linecolor_);
                paint(x1 - h, y0 - h, x1 + h, y1 + h, linecolor_);
                paint(x0 - h, y0 - h, x1 + h, y0 + h, linecolor_);
                paint(x0 - h, y1 - h, x1 + h, y1 + h, linecolor_);
            }
        }
    }

    // A matrix with more cells than the axes has pixels: each pixel takes the colormap's color for
    // the reduction (mean by default, max or min) of the normalized values of the cells it covers.
    void draw_downsampled_cells(Canvas& canvas, const Plan& p) const {
        const bool bins = std::holds_alternative<BoundaryNorm>(p.norm);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // Normalize inline: the generic path checks the norm's limits on every one of millions of
        // calls.
        const auto* linear = std::get_if<Normalize>(&p.norm);
        const bool fast = linear && !linear->clip && *linear->vmax != *linear->vmin;
        const double lo = fast ? *linear->vmin : 0, span = fast ? *linear->vmax - *linear->vmin : 1;
        auto value = [&](std::size_t r, std::size_t c) {
            const std::size_t i = r * cols_ + c;
            const double v = static_cast<double>(data()[i]);
            if (masked(i) || !std::isfinite(v)) return nan;
            return fast ? (v - lo) / span : normalize(p.norm, v);
        };
        auto color = [&](float u) {
            if (std::isnan(u)) return p.cmap.bad();
            return bins ? p.cmap.at_index(std::lround(u)) : p.cmap(u);
        };
        draw_downsampled(canvas, rows_, cols_, value, p.layout.axes, reduce_, color);
    }

    void draw(Canvas& canvas, const Plan& p) const {
        const Box& A = p.layout.axes;
        // Agg clips an axes' artists to its box rounded to whole pixels.
        const Box clip{std::floor(A.x0 + 0.5), std::floor(A.y0 + 0.5), std::floor(A.x1 + 0.5),
                       std::floor(A.y1 + 0.5)};
        // The axes' white patch, which shows through bad cells on a colored figure (on a white one
        // it would paint white over white).
        if (!transparent_ && !(facecolor_ == Rgba{255, 255, 255, 255}))
            canvas.fill_rect(clip.x0, clip.y0, clip.x1, clip.y1, Rgba{255, 255, 255, 255});
        const bool mesh = seaborn() && !p.downsampled;
        if (p.downsampled)
            draw_downsampled_cells(canvas, p);
        else if (mesh)
            draw_mesh_cells(canvas, p, clip);
        else
            draw_cells(canvas, p);
        if (linewidths_ > 0 && !p.downsampled && !mesh) {
            // Grid lines on the cell edges, snapped as Agg snaps them, clipped to the axes (half
            // of each outer line is hidden, as in Matplotlib).
            const double w = linewidths_ * dpi_ / 72.0, h = w / 2;
            auto fill = [&](double x0, double y0, double x1, double y1) {
                canvas.fill_rect(std::fmax(x0, clip.x0), std::fmax(y0, clip.y0),
                                 std::fmin(x1, clip.x1), std::fmin(y1, clip.y1), linecolor_);
            };
            for (std::size_t c = 0; c <= cols_; ++c) {
                const double x = detail::snap(A.x0 + c * A.width() / static_cast<double>(cols_), w);
                fill(x - h, clip.y0, x + h, clip.y1);
            }
            for (std::size_t r = 0; r <= rows_; ++r) {
                const double y =
                    detail::snap(A.y0 + r * A.height() / static_cast<double>(rows_), w);
                fill(clip.x0, y - h, clip.x1, y + h);
            }
        }
        detail::draw_image_axes_frame(canvas, p.axes_spec, A);
        detail::draw_texts(canvas, p.axes_texts.xticklabels);
        detail::draw_texts(canvas, p.axes_texts.yticklabels);
        for (const auto* t : {&p.axes_texts.xlabel, &p.axes_texts.ylabel})
            if (*t) draw_text(canvas, (*t)->text, (*t)->anchor, (*t)->style);
        detail::draw_texts(canvas, p.annotations);
        if (p.axes_texts.title)
            draw_text(canvas, p.axes_texts.title->text, p.axes_texts.title->anchor,
                      p.axes_texts.title->style);
        if (p.cbar_spec)
            detail::draw_colorbar(canvas, *p.cbar_spec, *p.layout.colorbar_outline, p.cbar_texts);
    }

    // The layout lists each cell up to this many; a larger grid is hit-tested from axes and shape.
    static constexpr std::size_t max_listed_cells = std::size_t{1} << 16;

    std::vector<T> owned_;
    const T* view_ = nullptr;
    Reduce reduce_ = Reduce::mean;
    std::string extend_ = "neither";
    std::size_t rows_ = 0, cols_ = 0;
    std::vector<std::string> row_labels_, col_labels_;
    Colormap cmap_ = colormap("viridis");
    bool cmap_set_ = false;
    Style style_ = Style::matplotlib;
    std::vector<bool> mask_;
    std::optional<bool> square_;  // unset: the style's default (imshow's equal, seaborn's auto)
    bool xauto_ = false, yauto_ = false, labels_top_ = false;
    std::optional<std::size_t> xevery_, yevery_;  // unset: every label, or a nice index step
    bool robust_ = false;
    std::optional<double> center_;
    double font_pt_ = 10;
    std::optional<double> title_pt_;
    Rgba facecolor_{255, 255, 255, 255};
    bool transparent_ = false;
    double cbar_shrink_ = 1.0;
    std::string cbar_format_;
    bool cbar_horizontal_ = false;
    std::optional<double> max_label_px_, min_annot_pt_;
    Norm norm_ = Normalize{};
    std::optional<double> vmin_, vmax_;
    std::string title_, xlabel_, ylabel_, cbar_label_;
    bool colorbar_ = true;
    bool annotate_ = false;
    std::string fmt_, template_;
    CellFormatter formatter_;
    TextColorRule rule_ = TextColorRule::luminance;
    double threshold_ = 0.5;
    Rgba fixed_color_{0, 0, 0, 255};
    std::pair<double, double> figsize_{6.4, 4.8};
    double dpi_ = 100;
    double xrotation_ = 0;
    double linewidths_ = 0;
    Rgba linecolor_{255, 255, 255, 255};
    std::int64_t max_pixels_ = default_max_pixels;
};

}  // namespace heatmap
