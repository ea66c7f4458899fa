#pragma once
// heatmap: heatmaps as Matplotlib and seaborn draw them, from one #include. No Python, no font
// files, no display.
//
//     #include <heatmap/heatmap.hpp>
//
//     heatmap::Heatmap<int> h({{42, 35, 29}, {55, 48, 40}});
//     h.row_labels({"Platform", "Security"}).col_labels({"Mon", "Tue", "Wed"})
//      .cmap("magma").vmin(15).vmax(60).title("Open tickets").annotate()
//      .figsize(6.6, 4.2).dpi(160);
//     h.save_png("heatmap.png");     // or h.render() for RGBA pixels, h.png() for the bytes
//     h.save_svg("heatmap.svg");     // Matplotlib's SVG, a tooltip on each cell
//     h.save_pdf("heatmap.pdf");     // text in an embedded TrueType subset, selectable
//     h.save_html("heatmap.html");   // one page: hover for values, zoom, keyboard; no requests
//     h.save_layout_json("layout.json");   // where every part landed, for hit-testing
//
// What "right" means: the figure Matplotlib 3.6 draws with imshow + colorbar + one text per cell
// under constrained layout and savefig(dpi=...) (or seaborn 0.12's heatmap, Style::seaborn): the
// same pixels for the cells, the same ticks and labels, the same layout to within a pixel or two.
//
// How it is built: the options a Heatmap holds (options.hpp) and its matrix (matrix.hpp) are
// planned and laid out (figure.hpp), emitted as a scene, a display list (scene.hpp), and a backend
// turns the scene into pixels (render_raster.hpp, then png.hpp).
// Only reading the matrix and formatting its values depend on T.
//
// Compiling: header-only by default; or define HEATMAP_SEPARATE_COMPILATION everywhere and
// HEATMAP_IMPLEMENTATION in one unit (CMake: link heatmap::compiled), and the library's code is
// compiled once, in that unit (see config.hpp). Configuration macros: HEATMAP_USE_LIBDEFLATE (PNG
// compression through libdeflate, set by the CMake package when found).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config.hpp"
#include "version.hpp"
#include "error.hpp"
#include "geometry.hpp"
#include "color.hpp"
#include "colormap.hpp"
#include "norm.hpp"
#include "format.hpp"
#include "image.hpp"
#include "figure_layout.hpp"
#include "matrix.hpp"
#include "options.hpp"
#include "figure.hpp"
#include "clustermap.hpp"
#include "io.hpp"
#include "limits.hpp"
#include "png.hpp"

namespace heatmap {

namespace detail {

// The matrix as the figure reads it: elements of type T at data + r * row_stride + c * col_stride.
template <class T>
class TypedMatrix final : public MatrixSource {
  public:
    using CellFormatter = std::function<std::string(T value, std::size_t row, std::size_t col)>;

    TypedMatrix(const T* data, std::size_t rows, std::size_t cols, std::ptrdiff_t row_stride,
                std::ptrdiff_t col_stride, const HeatmapOptions& options,
                const CellFormatter& formatter)
        : data_(data),
          rows_(rows),
          cols_(cols),
          row_stride_(row_stride),
          col_stride_(col_stride),
          options_(options),
          formatter_(formatter) {}

    std::size_t rows() const override { return rows_; }
    std::size_t cols() const override { return cols_; }
    T at(std::size_t r, std::size_t c) const {
        return data_[static_cast<std::ptrdiff_t>(r) * row_stride_ +
                     static_cast<std::ptrdiff_t>(c) * col_stride_];
    }
    void read_row(std::size_t r, double* out) const override {
        const T* row = data_ + static_cast<std::ptrdiff_t>(r) * row_stride_;
        if (col_stride_ == 1) {
            for (std::size_t c = 0; c < cols_; ++c) out[c] = static_cast<double>(row[c]);
        } else {
            for (std::size_t c = 0; c < cols_; ++c)
                out[c] = static_cast<double>(row[static_cast<std::ptrdiff_t>(c) * col_stride_]);
        }
    }
    std::string annotation(std::size_t r, std::size_t c) const override {
        const T v = at(r, c);
        if (formatter_) return formatter_(v, r, c);
        if (!options_.annot_template.empty())
            return format_template(options_.annot_template, static_cast<double>(v));
        const std::string_view spec = options_.fmt.empty()
                                          ? default_annotation_spec(options_, std::is_integral_v<T>)
                                          : std::string_view(options_.fmt);
        if constexpr (std::is_integral_v<T>) {
            return format(v, spec);  // every integer type exactly (a double would round 2^64 - 1)
        } else {
            return format_float_cell(options_, static_cast<double>(v), spec, r, c);
        }
    }

  private:
    const T* data_;
    std::size_t rows_, cols_;
    std::ptrdiff_t row_stride_, col_stride_;
    const HeatmapOptions& options_;
    const CellFormatter& formatter_;
};

}  // namespace detail

// How a view's elements lie in memory: rows one after another (C, NumPy's default), or columns one
// after another (Fortran, Eigen's and MATLAB's default).
enum class Layout { row_major, column_major };

template <class T>
class Heatmap {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                  "Heatmap<T> needs an arithmetic T");

  public:
    using CellFormatter = typename detail::TypedMatrix<T>::CellFormatter;

    // Rows of equal length.
    explicit Heatmap(const std::vector<std::vector<T>>& rows) {
        if (rows.empty() || rows.front().empty())
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        rows_ = rows.size(), cols_ = rows.front().size();
        check_size(rows_, cols_);
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

    // A view over the caller's data: no copy; the data must outlive the Heatmap. Row-major unless
    // told otherwise, or with explicit strides in elements (element (r, c) at
    // data[r * row_stride + c * col_stride]; NumPy's strides divided by the item size).
    static Heatmap view(const T* data, std::size_t rows, std::size_t cols,
                        Layout layout = Layout::row_major) {
        check_shape(data, rows, cols);
        return layout == Layout::row_major
                   ? view(data, rows, cols, static_cast<std::ptrdiff_t>(cols), 1)
                   : view(data, rows, cols, 1, static_cast<std::ptrdiff_t>(rows));
    }
    static Heatmap view(const T* data, std::size_t rows, std::size_t cols,
                        std::ptrdiff_t row_stride, std::ptrdiff_t col_stride) {
        check_shape(data, rows, cols);
        const auto limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());
        auto reach = [&](std::ptrdiff_t stride, std::size_t n) {
            const std::size_t s = stride < 0 ? static_cast<std::size_t>(-(stride + 1)) + 1
                                             : static_cast<std::size_t>(stride);
            return n > 1 && s > limit / (n - 1);
        };
        if (row_stride == 0 && rows > 1)
            throw std::invalid_argument("row_stride is 0 for " + std::to_string(rows) +
                                        " rows: give the distance between rows in elements");
        if (col_stride == 0 && cols > 1)
            throw std::invalid_argument("col_stride is 0 for " + std::to_string(cols) +
                                        " columns: give the distance between columns in elements");
        if (reach(row_stride, rows) || reach(col_stride, cols))
            throw std::invalid_argument(
                "strides reach beyond addressable memory: check row_stride and col_stride");
        Heatmap h;
        h.view_ = data, h.rows_ = rows, h.cols_ = cols;
        h.row_stride_ = row_stride, h.col_stride_ = col_stride;
        return h;
    }

    // Any matrix type with rows(), cols() and (r, c), such as an Eigen matrix; copied.
    template <class Matrix, class = decltype(std::declval<const Matrix&>().rows()),
              class = decltype(std::declval<const Matrix&>().cols()),
              class = decltype(std::declval<const Matrix&>()(0, 0))>
    explicit Heatmap(const Matrix& m) {
        const auto r = m.rows(), c = m.cols();
        if (r <= 0 || c <= 0)
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        rows_ = static_cast<std::size_t>(r), cols_ = static_cast<std::size_t>(c);
        check_size(rows_, cols_);
        owned_.reserve(rows_ * cols_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < cols_; ++j)
                owned_.push_back(
                    static_cast<T>(m(static_cast<decltype(r)>(i), static_cast<decltype(c)>(j))));
    }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    T operator()(std::size_t r, std::size_t c) const { return matrix().at(r, c); }

    // Labels; their counts must match the matrix.
    Heatmap& row_labels(std::vector<std::string> labels) {
        check_labels("row", labels.size(), rows_, "rows");
        for (const std::string& l : labels) detail::check_text_length("row_labels", l);
        o_.row_labels = std::move(labels);
        return *this;
    }
    Heatmap& col_labels(std::vector<std::string> labels) {
        check_labels("column", labels.size(), cols_, "columns");
        for (const std::string& l : labels) detail::check_text_length("col_labels", l);
        o_.col_labels = std::move(labels);
        return *this;
    }

    Heatmap& cmap(std::string_view name) { return cmap(colormap(name)); }
    Heatmap& cmap(Colormap map) {
        o_.cmap = std::move(map);
        o_.cmap_set = true;
        return *this;
    }
    Heatmap& norm(Norm n) { return set(o_.norm, std::move(n)); }
    // vmin/vmax of the current norm (a plain Normalize unless another was set; a CenteredNorm or a
    // BoundaryNorm has none, and drawing one with vmin/vmax set is refused).
    Heatmap& vmin(double v) {
        check_limit("vmin", v);
        return set(o_.vmin, v);
    }
    Heatmap& vmax(double v) {
        check_limit("vmax", v);
        return set(o_.vmax, v);
    }

    Heatmap& title(std::string s) { return text(o_.title, "title", std::move(s)); }
    Heatmap& xlabel(std::string s) { return text(o_.xlabel, "xlabel", std::move(s)); }
    Heatmap& ylabel(std::string s) { return text(o_.ylabel, "ylabel", std::move(s)); }
    Heatmap& colorbar(bool on) { return set(o_.colorbar, on); }
    Heatmap& colorbar_label(std::string s) {
        return text(o_.colorbar_label, "colorbar_label", std::move(s));
    }
    const std::string& title() const { return o_.title; }
    const std::string& xlabel() const { return o_.xlabel; }
    const std::string& ylabel() const { return o_.ylabel; }
    const std::string& colorbar_label() const { return o_.colorbar_label; }

    // Annotate every cell with its value in Python's format-spec mini-language ("d", ".2f", "+.1f",
    // ...); an empty spec takes the default: "d" for integers, "g" for floating point (seaborn
    // style: ".2g").
    Heatmap& annotate(std::string spec = "") {
        check_format_spec(spec.empty() ? std::string_view(std::is_integral_v<T> ? "d" : "g")
                                       : std::string_view(spec));
        o_.annotate = true, o_.fmt = std::move(spec), o_.annot_template.clear();
        formatter_ = nullptr;
        return *this;
    }
    // Annotate with Matplotlib's StrMethodFormatter template, "{x:.1f} ms".
    Heatmap& annotate_template(std::string tmpl) {
        format_template(tmpl, 0.0);  // throws naming the fault in a malformed template, here
        o_.annotate = true, o_.annot_template = std::move(tmpl);
        formatter_ = nullptr;
        return *this;
    }
    // Annotate with a callable of (value, row, col).
    Heatmap& annotate(CellFormatter f) {
        o_.annotate = static_cast<bool>(f), o_.annot_template.clear();
        formatter_ = std::move(f);
        return *this;
    }
    Heatmap& text_color_rule(TextColorRule rule) { return set(o_.text_color_rule, rule); }
    // The tutorial's rule: white when norm(value) < t, else black.
    Heatmap& text_threshold(double t) {
        o_.text_color_rule = TextColorRule::threshold, o_.text_threshold = t;
        return *this;
    }
    // One color for every annotation, as Matplotlib spells colors ("w", "0.15", "tab:red", ...).
    Heatmap& text_color(Rgba c) {
        o_.text_color_rule = TextColorRule::fixed, o_.text_color = c;
        return *this;
    }
    Heatmap& text_color(std::string_view c) { return text_color(parse_color(c)); }

    Heatmap& figsize(double width_in, double height_in) {
        if (!(width_in > 0 && height_in > 0 && std::isfinite(width_in) && std::isfinite(height_in)))
            throw std::invalid_argument(
                "figsize " + detail::number_text(width_in) + "x" + detail::number_text(height_in) +
                " in is not positive: give a width and height in inches above 0");
        figsize_set_ = true;
        return set(o_.figsize, std::make_pair(width_in, height_in));
    }
    // seaborn.clustermap's figure instead of seaborn.heatmap's (clustermap.hpp): rows and columns
    // reordered by hierarchical clustering, dendrograms beside them, seaborn's look, and seaborn's
    // figure size (10 x 10 in) unless figsize is set. Every other option applies to its heatmap
    // panel; labels, mask and annotations are given in the input's order.
    Heatmap& clustermap(ClustermapOptions options = {}) {
        cluster_ = std::move(options);
        return *this;
    }
    Heatmap& dpi(double d) {
        detail::check_dpi("dpi", d);
        return set(o_.dpi, d);
    }
    // Column labels turned by deg degrees, anchored at their right end (Matplotlib's ha="right",
    // rotation_mode="anchor").
    Heatmap& xrotation(double deg) {
        check_limit("xrotation", deg);
        return set(o_.xrotation, deg);
    }
    // Row labels turned by deg degrees, their right end at the tick (set_yticklabels(rotation=...));
    // under Style::seaborn it also stops seaborn's turning of overlapping labels.
    Heatmap& yrotation(double deg) {
        check_limit("yrotation", deg);
        return set(o_.yrotation, std::optional<double>(deg));
    }
    // Lines between cells, width in points (seaborn's linewidths), in color.
    Heatmap& linewidths(double pt) {
        if (!(pt >= 0 && std::isfinite(pt)))
            throw std::invalid_argument("linewidths " + detail::number_text(pt) +
                                        " is negative: give points >= 0");
        return set(o_.linewidths, pt);
    }
    Heatmap& linecolor(Rgba c) { return set(o_.linecolor, c); }
    Heatmap& linecolor(std::string_view c) { return set(o_.linecolor, parse_color(c)); }
    // Triangles at the colorbar's ends for values beyond vmin (min), vmax (max) or both, in the
    // colormap's under and over colors (Matplotlib's colorbar(extend=...)). Unset, the colorbar
    // takes a BoundaryNorm's extend, as Matplotlib's does, and neither otherwise.
    Heatmap& extend(Extend which) { return set(o_.extend, std::optional<Extend>(which)); }
    Heatmap& extend(std::string_view which) { return extend(parse_extend(which)); }
    // How a pixel covering several cells (a matrix larger than the axes) combines them: the mean of
    // their normalized values, or the max or min so that extremes stay visible, or the one cell
    // under its center (what seaborn's mesh shows, Style::seaborn's default; mean otherwise).
    Heatmap& reduce(Reduce r) { return set(o_.reduce, std::optional<Reduce>(r)); }
    // svg(): cells get a tooltip (row, column, value) when the matrix has at most max_cells cells
    // (default 100; 0: none). Each costs about 60 bytes.
    Heatmap& tooltips(std::size_t max_cells) { return set(o_.tooltip_cells, max_cells); }
    // seaborn.heatmap's look instead of Matplotlib's imshow (see Style); options set explicitly
    // (cmap, square, annotate's spec) keep their values under either style.
    Heatmap& style(Style s) { return set(o_.style, s); }
    // The largest image render() will allocate.
    Heatmap& max_pixels(std::int64_t n) {
        if (n < 1)
            throw std::invalid_argument("max_pixels " + std::to_string(n) +
                                        " is below 1: give the largest image to allow, in pixels");
        return set(o_.max_pixels, n);
    }

    // ---- seaborn.heatmap parity ----
    // Cells to leave out, row-major (rows * cols flags): they show the colormap's bad color and no
    // annotation, and do not count toward limits taken from the data. NaN cells behave the same.
    Heatmap& mask(std::vector<bool> m) {
        if (m.size() != rows_ * cols_)
            throw std::invalid_argument("mask has " + std::to_string(m.size()) + " flags for " +
                                        std::to_string(rows_ * cols_) +
                                        " cells: give one flag per cell, row by row");
        return set(o_.mask, std::move(m));
    }
    Heatmap& mask(std::initializer_list<bool> flags) { return mask(std::vector<bool>(flags)); }
    // The same as rows of flags, one row per matrix row.
    Heatmap& mask(const std::vector<std::vector<bool>>& rows) {
        if (rows.size() != rows_)
            throw std::invalid_argument("mask has " + std::to_string(rows.size()) + " rows for " +
                                        std::to_string(rows_) +
                                        " matrix rows: give one row of flags per row");
        std::vector<bool> flat;
        flat.reserve(rows_ * cols_);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (rows[r].size() != cols_)
                throw std::invalid_argument(
                    "mask row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                    " flags for " + std::to_string(cols_) + " columns: give one flag per cell");
            flat.insert(flat.end(), rows[r].begin(), rows[r].end());
        }
        return set(o_.mask, std::move(flat));
    }
    // Square cells (imshow's equal aspect, seaborn's square=True; the default) or cells that fill
    // the space the layout leaves (aspect "auto").
    Heatmap& square(bool on) { return set(o_.square, std::optional<bool>(on)); }
    Heatmap& aspect_auto() { return square(false); }
    // Every k-th column (row) label, from the first; 0 shows none and no ticks.
    Heatmap& xticks_every(std::size_t k) {
        o_.xticks_auto = false;
        return set(o_.xticks_every, std::optional<std::size_t>(k));
    }
    Heatmap& yticks_every(std::size_t k) {
        o_.yticks_auto = false;
        return set(o_.yticks_every, std::optional<std::size_t>(k));
    }
    // seaborn's "auto": as many labels as fit one font size apart along the laid-out axes; the
    // labels left out are listed in layout().thinned_labels.
    Heatmap& xticklabels_auto() { return set(o_.xticks_auto, true); }
    Heatmap& yticklabels_auto() { return set(o_.yticks_auto, true); }
    // Column labels (and their ticks) above the axes, as the gallery's annotated heatmap has them.
    Heatmap& labels_on_top(bool on) { return set(o_.labels_on_top, on); }
    // seaborn's robust: limits not given are the 2nd and 98th percentiles of the data, not its
    // extremes.
    Heatmap& robust(bool on) { return set(o_.robust, on); }
    // seaborn's center: the colormap is cut so that its middle color sits at this value.
    Heatmap& center(double v) {
        check_limit("center", v);
        return set(o_.center, std::optional<double>(v));
    }
    // Annotations given as text, one per cell, row-major (rows * cols strings).
    Heatmap& annotations(std::vector<std::string> texts) {
        if (texts.size() != rows_ * cols_)
            throw std::invalid_argument("annotations has " + std::to_string(texts.size()) +
                                        " texts for " + std::to_string(rows_ * cols_) +
                                        " cells: give one text per cell, row by row");
        for (const std::string& t : texts) detail::check_text_length("annotations", t);
        auto shared = std::make_shared<const std::vector<std::string>>(std::move(texts));
        const std::size_t cols = cols_;
        return annotate(
            [shared, cols](T, std::size_t r, std::size_t c) { return (*shared)[r * cols + c]; });
    }
    // The figure's font size in points (Matplotlib's rcParams["font.size"], 10): tick labels, axis
    // labels, colorbar and annotations; the title is 1.2 times it unless title_size() is set.
    Heatmap& font_size(double pt) {
        detail::check_font_size("font_size", pt, o_.dpi);
        return set(o_.font_pt, pt);
    }
    Heatmap& font_scale(double x) { return font_size(10 * x); }
    // The fonts every text is set in: DejaVu Sans, then TrueType files for the characters it lacks
    // (CJK, say), each character from the first font that has it, as Matplotlib's font fallback.
    // A character none has is drawn as a box and listed in layout().missing_glyphs.
    Heatmap& fonts(FontSet set_of_fonts) { return set(o_.fonts, std::move(set_of_fonts)); }
    // Adds a fallback TrueType file after the fonts already set; throws heatmap::io_error when it
    // cannot be read, heatmap::invalid_input when it is not a TrueType font.
    Heatmap& font_fallback(const std::string& path) {
        return set(o_.fonts, o_.fonts.with_fallback(path));
    }
    Heatmap& title_size(double pt) {
        detail::check_font_size("title_size", pt, o_.dpi);
        return set(o_.title_pt, std::optional<double>(pt));
    }
    // The figure's background (the axes stay white under the cells); transparent() clears both,
    // as savefig(transparent=True) does.
    Heatmap& facecolor(Rgba c) { return set(o_.facecolor, c); }
    Heatmap& facecolor(std::string_view c) { return set(o_.facecolor, parse_color(c)); }
    Heatmap& transparent(bool on) { return set(o_.transparent, on); }
    // The colorbar's tick labels through a StrMethodFormatter template, "{x:.1f}" (Matplotlib's
    // colorbar(format=...)); checked here.
    Heatmap& colorbar_format(std::string tmpl) {
        format_template(tmpl, 0.0);  // throws naming the fault in a malformed template
        return set(o_.colorbar_format, std::move(tmpl));
    }
    // The colorbar beside the axes (right, the default) or below them (bottom, horizontal).
    Heatmap& colorbar_location(ColorbarLocation where) { return set(o_.colorbar_location, where); }
    Heatmap& colorbar_horizontal(bool on) {
        return colorbar_location(on ? ColorbarLocation::bottom : ColorbarLocation::right);
    }
    // The colorbar's length as a fraction of the axes' (Matplotlib's shrink).
    Heatmap& colorbar_shrink(double f) {
        if (!(f > 0 && f <= 1))
            throw std::invalid_argument("colorbar_shrink " + detail::number_text(f) +
                                        " is outside (0, 1]: give the fraction of the axes' "
                                        "length the colorbar spans");
        return set(o_.colorbar_shrink, f);
    }

    // ---- legibility ----
    // Tick labels longer than px pixels (along the text) end in an ellipsis; each one shortened is
    // listed in layout().shortened_labels.
    Heatmap& max_label_width(double px) {
        if (!(px > 0 && std::isfinite(px)))
            throw std::invalid_argument("max_label_width " + detail::number_text(px) +
                                        " is not positive: give pixels above 0");
        return set(o_.max_label_px, std::optional<double>(px));
    }
    // An annotation too large for its cell shrinks down to this size in points, below which it is
    // left out and listed in layout().dropped_annotations.
    Heatmap& min_annotation_size(double pt) {
        detail::check_font_size("min_annotation_size", pt, o_.dpi);
        return set(o_.min_annotation_pt, std::optional<double>(pt));
    }

    // Everything the figure is asked to be, as plain values.
    const HeatmapOptions& options() const { return o_; }

    // Where every part lands, without drawing: in the PNG (raster), the SVG or the PDF (whose text
    // is measured unhinted, as Matplotlib's backends do); in pixels at the dpi either way.
    FigureLayout layout(Target target = Target::raster) const {
        if (cluster_) return clustermap_layout(drawn_options(), *cluster_, matrix(), target);
        return figure_layout(o_, matrix(), target);
    }
    std::string layout_json() const { return layout().to_json(); }
    void save_layout_json(const std::string& path) const {
        check_writable(path);
        write_file(path, layout_json());
    }

    Image render() const {
        return cluster_ ? clustermap_image(drawn_options(), *cluster_, matrix(), nullptr)
                        : figure_image(o_, matrix(), nullptr);
    }
    // The image and where everything in it landed, from one plan.
    Image render(FigureLayout& layout) const {
        return cluster_ ? clustermap_image(drawn_options(), *cluster_, matrix(), &layout)
                        : figure_image(o_, matrix(), &layout);
    }
    // The image's size is checked against what PNG encoding can take before anything is drawn, and
    // the path before anything is drawn or written.
    std::vector<std::uint8_t> png() const {
        check_encodable();
        return encode_png(render());
    }
    void save_png(const std::string& path) const {
        check_writable(path);
        check_encodable();
        heatmap::save_png(render(), path);
    }

    // The figure as an SVG document, as Matplotlib writes it (its size in points, the cells as one
    // image, glyphs as paths), plus each cell's row, column and value as a tooltip and every text's
    // string. The layout, if asked for, is the SVG's (text measured unhinted), in pixels at the dpi.
    std::string svg(FigureLayout* layout = nullptr) const {
        return cluster_ ? clustermap_svg(drawn_options(), *cluster_, matrix(), layout)
                        : figure_svg(o_, matrix(), layout);
    }
    void save_svg(const std::string& path) const { write_file(path, svg()); }
    // The figure as a PDF file: cells as one image, text in an embedded TrueType subset of DejaVu
    // Sans (CIDFontType2 with a ToUnicode map: selectable, extractable, accepted where Type 3 fonts
    // are not). The layout, if asked for, is as svg()'s.
    std::vector<std::uint8_t> pdf(FigureLayout* layout = nullptr) const {
        return cluster_ ? clustermap_pdf(drawn_options(), *cluster_, matrix(), layout)
                        : figure_pdf(o_, matrix(), layout);
    }
    void save_pdf(const std::string& path) const {
        const std::vector<std::uint8_t> bytes = pdf();
        write_file(path,
                   std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    // The figure as one self-contained web page: the SVG inline, each cell's row, column and value
    // on hover, wheel zoom and drag pan with cells crisp, keyboard navigation announced to screen
    // readers; no external request. Laid out as the PNG (same size, same places); the layout, if
    // asked for, is the PNG's.
    std::string html(FigureLayout* layout = nullptr) const {
        return cluster_ ? clustermap_html(drawn_options(), *cluster_, matrix(), layout)
                        : figure_html(o_, matrix(), layout);
    }
    void save_html(const std::string& path) const { write_file(path, html()); }

  private:
    Heatmap() = default;

    template <class V, class W>
    Heatmap& set(V& field, W&& value) {
        field = std::forward<W>(value);
        return *this;
    }
    Heatmap& text(std::string& field, const char* what, std::string s) {
        detail::check_text_length(what, s);
        field = std::move(s);
        return *this;
    }

    // The options the figure is drawn with: a clustered figure is seaborn's 10 x 10 in unless a
    // size was set.
    HeatmapOptions drawn_options() const {
        HeatmapOptions o = o_;
        if (cluster_ && !figsize_set_) o.figsize = {10.0, 10.0};
        return o;
    }

    // The image the figure becomes, checked against the pixel limit and what PNG can encode.
    void check_encodable() const {
        const HeatmapOptions o = drawn_options();
        const double w = std::round(o.figsize.first * o_.dpi),
                     h = std::round(o.figsize.second * o_.dpi);
        detail::check_image_size(w, h, o_.max_pixels);
        check_png_size(static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h),
                       o_.transparent ? 4 : 3);
    }

    detail::TypedMatrix<T> matrix() const {
        check_labels("row", o_.row_labels.size(), rows_, "rows");
        check_labels("column", o_.col_labels.size(), cols_, "columns");
        return view_
                   ? detail::TypedMatrix<T>(view_, rows_, cols_, row_stride_, col_stride_, o_,
                                            formatter_)
                   : detail::TypedMatrix<T>(owned_.data(), rows_, cols_,
                                            static_cast<std::ptrdiff_t>(cols_), 1, o_, formatter_);
    }

    static void check_shape(const T* data, std::size_t rows, std::size_t cols) {
        if (rows == 0 || cols == 0)
            throw std::invalid_argument(
                "empty matrix: a heatmap needs at least one row and one column");
        if (!data) throw std::invalid_argument("null data pointer: pass the matrix's first value");
        check_size(rows, cols);
    }
    // rows * cols values must fit in memory's address space (and in a vector of T).
    static void check_size(std::size_t rows, std::size_t cols) {
        if (cols > std::numeric_limits<std::size_t>::max() / sizeof(T) / rows)
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

    HeatmapOptions o_;
    std::optional<ClustermapOptions> cluster_;
    bool figsize_set_ = false;
    CellFormatter formatter_;
    std::vector<T> owned_;
    const T* view_ = nullptr;
    std::ptrdiff_t row_stride_ = 0, col_stride_ = 1;
    std::size_t rows_ = 0, cols_ = 0;
};

}  // namespace heatmap

#if defined(HEATMAP_IMPLEMENTATION)
// The one unit that compiles the library (config.hpp) also holds the code heatmap.hpp's users reach
// through other headers: fonts read from files, tables (the gzip reader), matrix files and their
// pixel aggregates.
#include "aggregate.hpp"
#include "cluster.hpp"
#include "font_file.hpp"
#include "inflate.hpp"
#include "npy.hpp"
#include "reduced_figure.hpp"
#include "stream.hpp"
#endif
