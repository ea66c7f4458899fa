#pragma once
// seaborn.clustermap's figure (seaborn 0.12's ClusterGrid): the rows and columns reordered by
// hierarchical clustering (cluster.hpp), a dendrogram left of the heatmap and one above it, optional
// colour strips between them, the heatmap with its row labels on the right, and the colorbar at a
// fixed place in the top-left corner.
//
//   heatmap::ClustermapOptions c;
//   c.z_score = heatmap::Axis::columns;
//   heatmap::Image image = heatmap::clustermap_image(options, c, matrix, &layout);
//
// The panels sit in a GridSpec (width ratios dendrogram_ratio, strips * colors_ratio, the rest;
// height ratios the same) laid out by Matplotlib's tight_layout(h_pad=.02, w_pad=.02) as seaborn
// applies it: once, from the decorations measured where a new figure has the panels, the colorbar
// left out and put at cbar_pos after. The heatmap panel is FigurePlanner's (figure.hpp) placed at
// the box this layout gives it, so cells, annotations, labels and colorbar are drawn as in a plain
// figure; the dendrograms are the lines scipy's dendrogram gives, as seaborn draws them.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster.hpp"
#include "color.hpp"
#include "config.hpp"
#include "figure_layout.hpp"
#include "image.hpp"
#include "matrix.hpp"
#include "options.hpp"

namespace heatmap {

struct Scene;

// A colour strip beside the rows (row_colors) or above the columns (col_colors): one colour per row
// or column in the input's order, its name written beside it (empty: none).
struct ColorStrip {
    std::string name;
    std::vector<Rgba> colors;
    // The categories the colours stand for, each once in order of appearance: drawn as a legend
    // (beyond seaborn, whose strips have none). Empty for strips given as colours.
    std::vector<std::pair<std::string, Rgba>> categories;
};

// What seaborn.clustermap takes beyond seaborn.heatmap's options (HeatmapOptions), by its names.
struct ClustermapOptions {
    LinkageMethod method = LinkageMethod::average;
    Metric metric = Metric::euclidean;
    double p = 2;  // Minkowski's order
    // Scale each row or each column before clustering and drawing (seaborn's z_score=0/1 and
    // standard_scale=0/1); at most one of them.
    std::optional<Axis> z_score, standard_scale;
    bool row_cluster = true, col_cluster = true;
    bool optimal_ordering = false;  // scipy's optimal leaf ordering (seaborn's default: off)
    // The share of the figure each dendrogram takes, and each strip, across their axis.
    double dendrogram_ratio = 0.2, colors_ratio = 0.03;
    // The colorbar's axes as (left, bottom, width, height), fractions of the figure from its
    // bottom-left corner; unset: no colorbar.
    std::optional<std::array<double, 4>> cbar_pos = std::array<double, 4>{0.02, 0.8, 0.05, 0.18};
    std::vector<ColorStrip> row_colors, col_colors;
    // Trees computed elsewhere (seaborn's row_linkage/col_linkage): scipy's Z for the rows or the
    // columns, used instead of clustering them (method and metric then do not apply to that axis);
    // empty: clustered here. (Plain vectors: g++ 12 -O2 warns maybe-uninitialized on users'
    // copies of an optional vector.)
    std::vector<Merge> row_linkage, col_linkage;
    // A legend of the strips' categories right of the column dendrogram, above the row labels
    // (where seaborn's figure is empty), as many entries as fit, the rest listed in the layout.
    bool strip_legend = true;
    unsigned threads = 0;  // for the distances; 0: every hardware thread (the same tree for any)
};

// Colour strips from a CSV text ("label,value[,value...]" a line; `source` names it in messages):
// one strip per value column, named by the header line when there is one (a first line whose label
// is not one of `labels`). A column of colours as Matplotlib spells them ("firebrick", "#4682b4") is
// drawn as given; any other column holds categories, each given the next colour of Matplotlib's
// tab10 in order of first appearance (what seaborn's users do with a lookup table). Lines are
// matched to `labels` by their label (labels the file lacks are white, as seaborn fills them);
// with no labels, the file's lines are the n items in order. Throws invalid_input naming the
// line.
HEATMAP_FUNC std::vector<ColorStrip> parse_color_strips(std::string_view text,
                                                        const std::vector<std::string>& labels,
                                                        std::size_t n, std::string_view source);

// The clustered figure as a scene, pixels, SVG, PDF or a web page, as figure.hpp's functions make
// the plain one. The layout, if asked for, gets `cluster` filled: orders, linkages, panel boxes.
HEATMAP_FUNC Scene clustermap_scene(const HeatmapOptions& options, const ClustermapOptions& cluster,
                                    const MatrixSource& matrix, Target target,
                                    FigureLayout* layout = nullptr);
HEATMAP_FUNC FigureLayout clustermap_layout(const HeatmapOptions& options,
                                            const ClustermapOptions& cluster,
                                            const MatrixSource& matrix,
                                            Target target = Target::raster);
HEATMAP_FUNC Image clustermap_image(const HeatmapOptions& options, const ClustermapOptions& cluster,
                                    const MatrixSource& matrix, FigureLayout* layout = nullptr);
HEATMAP_FUNC std::string clustermap_svg(const HeatmapOptions& options,
                                        const ClustermapOptions& cluster,
                                        const MatrixSource& matrix, FigureLayout* layout = nullptr);
HEATMAP_FUNC std::vector<std::uint8_t> clustermap_pdf(const HeatmapOptions& options,
                                                      const ClustermapOptions& cluster,
                                                      const MatrixSource& matrix,
                                                      FigureLayout* layout = nullptr);
HEATMAP_FUNC std::string clustermap_html(const HeatmapOptions& options,
                                         const ClustermapOptions& cluster,
                                         const MatrixSource& matrix,
                                         FigureLayout* layout = nullptr);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "axes.hpp"
#include "colormap.hpp"
#include "csv.hpp"
#include "figure.hpp"
#include "format.hpp"
#include "html.hpp"
#include "pdf.hpp"
#include "render_raster.hpp"
#include "scene.hpp"
#include "svg.hpp"

namespace heatmap {
namespace detail {

// The data as the heatmap panel reads it: scaled (or not) and in the clustered order. Cells
// annotate with the value drawn: the scaled one when scaled (as seaborn annotates data2d), else the
// input's own text (integers stay integers).
class OrderedMatrix final : public MatrixSource {
  public:
    OrderedMatrix(const MatrixSource& source, const std::vector<double>& data, bool scaled,
                  const std::vector<std::size_t>& rows, const std::vector<std::size_t>& cols,
                  const HeatmapOptions& options)
        : source_(source),
          data_(data),
          scaled_(scaled),
          rows_(rows),
          cols_(cols),
          options_(options),
          n_cols_(source.cols()) {}
    std::size_t rows() const override { return rows_.size(); }
    std::size_t cols() const override { return cols_.size(); }
    void read_row(std::size_t r, double* out) const override {
        const double* row = data_.data() + rows_[r] * n_cols_;
        for (std::size_t c = 0; c < cols_.size(); ++c) out[c] = row[cols_[c]];
    }
    std::string annotation(std::size_t r, std::size_t c) const override {
        if (!scaled_) return source_.annotation(rows_[r], cols_[c]);
        const double v = data_[rows_[r] * n_cols_ + cols_[c]];
        if (!options_.annot_template.empty()) return format_template(options_.annot_template, v);
        const std::string_view spec = options_.fmt.empty()
                                          ? default_annotation_spec(options_, false)
                                          : std::string_view(options_.fmt);
        return format_float_cell(options_, v, spec, r, c);
    }

  private:
    const MatrixSource& source_;
    const std::vector<double>& data_;
    bool scaled_;
    const std::vector<std::size_t>&rows_, &cols_;
    const HeatmapOptions& options_;
    std::size_t n_cols_;
};

// Matplotlib's GridSpec.get_grid_positions: the cells of a grid with these ratios inside the
// subplot parameters (fractions of the figure, bottom-up), as boxes in figure units from the top
// left. wspace and hspace are fractions of the mean cell width and height.
struct SubplotParams {
    double left = 0.125, right = 0.9, bottom = 0.11, top = 0.88, wspace = 0.2, hspace = 0.2;
};

inline std::vector<std::vector<Box>> grid_cells(const std::vector<double>& widths,
                                                const std::vector<double>& heights,
                                                const SubplotParams& s, double W, double H) {
    auto spans = [](const std::vector<double>& ratios, double lo, double hi, double space) {
        const auto n = static_cast<double>(ratios.size());
        const double cell = (hi - lo) / (n + space * (n - 1)), sep = space * cell;
        const double norm = cell * n / std::accumulate(ratios.begin(), ratios.end(), 0.0);
        std::vector<std::pair<double, double>> out;
        double at = 0;  // from lo
        for (std::size_t i = 0; i < ratios.size(); ++i) {
            if (i) at += sep;
            const double a = at;
            at += ratios[i] * norm;
            out.emplace_back(a, at);
        }
        return out;
    };
    const auto xs = spans(widths, s.left, s.right, s.wspace);
    const auto ys = spans(heights, s.bottom, s.top, s.hspace);  // measured down from the top
    std::vector<std::vector<Box>> cells(heights.size(), std::vector<Box>(widths.size()));
    for (std::size_t r = 0; r < heights.size(); ++r)
        for (std::size_t c = 0; c < widths.size(); ++c)
            cells[r][c] = {(s.left + xs[c].first) * W, (1 - (s.top - ys[r].first)) * H,
                           (s.left + xs[c].second) * W, (1 - (s.top - ys[r].second)) * H};
    return cells;
}

// A panel's decorations beyond its cell, measured where the panel is: left, right, top, bottom.
struct Overhang {
    std::size_t row = 0, col = 0;
    Box cell, tight;
};

// Matplotlib 3.6's _auto_adjust_subplotpars for a grid of one-cell panels: the margins the
// decorations need at the figure's edges plus `pad`, and between cells the largest overhang on
// either side of a gap plus the h/w pads, all in font sizes. Panels whose tight box is their cell
// (dendrograms, and the colorbar, turned off for it) need none. Unchanged if the decorations
// leave no room (Matplotlib warns and keeps the parameters).
inline SubplotParams tight_layout(const std::vector<Overhang>& panels, std::size_t rows,
                                  std::size_t cols, double W, double H, double units,
                                  double font_pt, SubplotParams fallback) {
    const double font_in = font_pt / 72, pad = 1.08 * font_in * units,
                 wpad = 0.02 * font_in * units, hpad = 0.02 * font_in * units;
    std::vector<std::vector<double>> hs(rows, std::vector<double>(cols + 1, 0.0)),
        vs(rows + 1, std::vector<double>(cols, 0.0));
    for (const Overhang& p : panels) {
        hs[p.row][p.col] += p.cell.x0 - p.tight.x0;
        hs[p.row][p.col + 1] += p.tight.x1 - p.cell.x1;
        vs[p.row][p.col] += p.cell.y0 - p.tight.y0;
        vs[p.row + 1][p.col] += p.tight.y1 - p.cell.y1;
    }
    double left = 0, right = 0, top = 0, bottom = 0;
    double hspace = -1e300, vspace = -1e300;
    for (std::size_t r = 0; r < rows; ++r) {
        left = std::max(left, hs[r][0]), right = std::max(right, hs[r][cols]);
        for (std::size_t c = 1; c < cols; ++c) hspace = std::max(hspace, hs[r][c]);
    }
    for (std::size_t c = 0; c < cols; ++c) {
        top = std::max(top, vs[0][c]), bottom = std::max(bottom, vs[rows][c]);
        for (std::size_t r = 1; r < rows; ++r) vspace = std::max(vspace, vs[r][c]);
    }
    const double ml = (left + pad) / W, mr = (right + pad) / W, mt = (top + pad) / H,
                 mb = (bottom + pad) / H;
    if (ml + mr >= 1 || mb + mt >= 1) return fallback;
    SubplotParams s;
    s.left = ml, s.right = 1 - mr, s.bottom = mb, s.top = 1 - mt;
    const auto nc = static_cast<double>(cols), nr = static_cast<double>(rows);
    if (cols > 1) {
        const double space = (hspace + wpad) / W, axes = (1 - mr - ml - space * (nc - 1)) / nc;
        if (axes < 0) return fallback;
        s.wspace = space / axes;
    }
    if (rows > 1) {
        const double space = (vspace + hpad) / H, axes = (1 - mt - mb - space * (nr - 1)) / nr;
        if (axes < 0) return fallback;
        s.hspace = space / axes;
    }
    return s;
}

// A strip panel: seaborn.heatmap of the strips' colors (no colorbar), its names as tick labels
// below the row strips (turned 90 degrees) or right of the column strips (flat).
inline ImageAxesSpec strip_spec(const std::vector<ColorStrip>& strips, std::size_t n, bool rows,
                                const HeatmapOptions& o, double units, TextMetrics metrics) {
    ImageAxesSpec a;
    a.rows = rows ? n : strips.size(), a.cols = rows ? strips.size() : n;
    a.dpi = units, a.metrics = metrics, a.spines = false;
    a.style.font_pt = o.font_pt, a.style.fonts = o.fonts;
    bool named = false;
    for (const ColorStrip& s : strips) named = named || !s.name.empty();
    for (std::size_t i = 0; named && i < strips.size(); ++i) {
        (rows ? a.xticks : a.yticks).push_back(i);
        (rows ? a.xticklabels : a.yticklabels).push_back(strips[i].name);
    }
    if (rows) {
        a.xrotation = 90, a.xrotation_anchor = false;  // plt.setp(rotation=90)
    } else {
        a.yticks_right = true;  // yaxis.tick_right(), rotation 0
    }
    return a;
}

inline std::vector<Rgba> strip_colors(const std::vector<ColorStrip>& strips,
                                      const std::vector<std::size_t>& order, bool rows) {
    std::vector<Rgba> out;
    if (rows) {
        for (std::size_t r : order)
            for (const ColorStrip& s : strips) out.push_back(s.colors[r]);
    } else {
        for (const ColorStrip& s : strips)
            for (std::size_t c : order) out.push_back(s.colors[c]);
    }
    return out;
}

HEATMAP_FUNC void check_clustermap(const ClustermapOptions& c, std::size_t rows, std::size_t cols) {
    auto ratio = [](const char* name, double v) {
        if (!(v >= 0 && v < 1))
            throw std::invalid_argument(std::string(name) + " is " + number_text(v) +
                                        ": give a fraction of the figure from 0 to below 1, "
                                        "such as 0.2");
    };
    ratio("dendrogram_ratio", c.dendrogram_ratio);
    ratio("colors_ratio", c.colors_ratio);
    for (const bool r : {true, false}) {
        const auto& strips = r ? c.row_colors : c.col_colors;
        const double used =
            c.dendrogram_ratio + static_cast<double>(strips.size()) * c.colors_ratio;
        if (!(used < 1))
            throw std::invalid_argument(
                std::string("the dendrogram and ") + std::to_string(strips.size()) + " " +
                (r ? "row" : "column") + " colour strips take " + number_text(used) +
                " of the figure, leaving nothing for the heatmap: give a smaller "
                "dendrogram_ratio or colors_ratio");
        for (const ColorStrip& s : strips)
            if (s.colors.size() != (r ? rows : cols))
                throw std::invalid_argument(std::string(r ? "row" : "column") + " colour strip '" +
                                            s.name + "' has " + std::to_string(s.colors.size()) +
                                            " colours for " + std::to_string(r ? rows : cols) +
                                            (r ? " rows" : " columns") + ": give one colour per " +
                                            (r ? "row" : "column"));
    }
    if (c.z_score && c.standard_scale)
        throw std::invalid_argument(
            "z_score and standard_scale are both set: seaborn cannot do both; choose one");
    if (c.cbar_pos)
        for (double v : *c.cbar_pos)
            if (!std::isfinite(v))
                throw std::invalid_argument(
                    "cbar_pos has " + number_text(v) +
                    ": give (left, bottom, width, height) as finite fractions of the figure");
    if (c.cbar_pos && !((*c.cbar_pos)[2] > 0 && (*c.cbar_pos)[3] > 0))
        throw std::invalid_argument("cbar_pos has a width or height of 0 or less: give both > 0");
    if (c.row_cluster && rows < 2)
        throw std::invalid_argument(
            "row_cluster needs at least 2 rows to cluster, the matrix has " + std::to_string(rows) +
            ": turn row clustering off");
    if (c.col_cluster && cols < 2)
        throw std::invalid_argument(
            "col_cluster needs at least 2 columns to cluster, the matrix has " +
            std::to_string(cols) + ": turn column clustering off");
}

// One CSV line's fields: commas outside double quotes split, "" inside them is a quote.
inline std::vector<std::string> strip_fields(std::string_view line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted && ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            out.back() += '"', ++i;
        } else if (ch == '"') {
            quoted = !quoted;
        } else if (ch == ',' && !quoted) {
            out.emplace_back();
        } else {
            out.back() += ch;
        }
    }
    for (std::string& f : out) f = std::string(csv_trim(f));
    return out;
}

}  // namespace detail

HEATMAP_FUNC std::vector<ColorStrip> parse_color_strips(std::string_view text,
                                                        const std::vector<std::string>& labels,
                                                        std::size_t n, std::string_view source) {
    using detail::strip_fields;
    const std::string where(source);
    std::vector<std::vector<std::string>> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!detail::csv_trim(line).empty()) lines.push_back(strip_fields(line));
        start = end + 1;
    }
    if (lines.empty())
        throw invalid_input(where + " is empty: give lines of label,colour (or label,category)");
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < labels.size(); ++i) index.emplace(labels[i], i);
    const bool header = labels.empty() ? lines.size() == n + 1 : !index.count(lines[0][0]);
    const std::size_t width = lines[0].size();
    if (width < 2)
        throw invalid_input(where +
                            " line 1 has one field: give label,colour (or "
                            "label,category) on each line");
    std::vector<ColorStrip> strips(width - 1);
    std::vector<std::vector<std::string>> values(width - 1, std::vector<std::string>(n));
    std::vector<bool> given(n, false);
    for (std::size_t k = 0; k + 1 < width; ++k) strips[k].name = header ? lines[0][k + 1] : "";
    std::size_t matched = 0;
    for (std::size_t l = header ? 1 : 0; l < lines.size(); ++l) {
        const auto& f = lines[l];
        const std::string at = where + " line " + std::to_string(l + 1);
        if (f.size() != width)
            throw invalid_input(at + " has " + std::to_string(f.size()) +
                                (f.size() == 1 ? " field" : " fields") + ", line 1 has " +
                                std::to_string(width) + ": give every line the same fields");
        std::size_t item = 0;
        if (labels.empty()) {
            item = l - (header ? 1 : 0);
            if (item >= n)
                throw invalid_input(where + " has more lines than the " + std::to_string(n) +
                                    " items it colours: give one line per item");
        } else {
            const auto it = index.find(f[0]);
            if (it == index.end()) continue;  // pandas' reindex: labels not drawn are ignored
            item = it->second;
        }
        if (given[item])
            throw invalid_input(at + " colours '" + f[0] + "' again: give each label once");
        given[item] = true, ++matched;
        for (std::size_t k = 0; k + 1 < width; ++k) values[k][item] = f[k + 1];
    }
    if (labels.empty() && matched != n)
        throw invalid_input(where + " has " + std::to_string(matched) + " lines for " +
                            std::to_string(n) + " items: give one line per item, in order");
    if (!labels.empty() && matched == 0)
        throw invalid_input("no label in " + where +
                            " is a label of the data: give lines that start with its labels");
    const Colormap tab10 = colormap("tab10");
    for (std::size_t k = 0; k < strips.size(); ++k) {
        // Colours when every given value is one (and not a number, which Matplotlib would read as
        // a grey level: numbers are categories here); categories otherwise.
        bool colours = true;
        for (std::size_t i = 0; i < n && colours; ++i) {
            if (!given[i]) continue;
            const std::string& v = values[k][i];
            double number = 0;
            if (v.empty() || detail::parse_decimal(v, number)) {
                colours = false;
                continue;
            }
            try {
                (void)parse_color(v);
            } catch (const std::invalid_argument&) {
                colours = false;
            }
        }
        std::map<std::string, Rgba> lut;
        for (std::size_t i = 0; i < n; ++i) {
            if (!given[i]) {
                strips[k].colors.push_back({255, 255, 255, 255});
            } else if (colours) {
                strips[k].colors.push_back(parse_color(values[k][i]));
            } else {
                const auto it = lut.find(values[k][i]);
                const Rgba c = it != lut.end() ? it->second
                                               : tab10.at_index(static_cast<long>(lut.size() % 10));
                if (it == lut.end()) strips[k].categories.emplace_back(values[k][i], c);
                lut.emplace(values[k][i], c);
                strips[k].colors.push_back(c);
            }
        }
    }
    return strips;
}

namespace detail {

// The clustered figure, planned and emitted at once: every panel's box, then the heatmap panel's
// scene with the dendrograms and strips added.
HEATMAP_FUNC Scene clustermap_plan_and_emit(const HeatmapOptions& options,
                                            const ClustermapOptions& c, const MatrixSource& m,
                                            Target target, bool page, FigureLayout* layout) {
    const std::size_t rows = m.rows(), cols = m.cols();
    check_clustermap(c, rows, cols);
    // The data, scaled as seaborn scales data2d before clustering and drawing.
    std::vector<double> data(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) m.read_row(r, data.data() + r * cols);
    const bool scaled = c.z_score || c.standard_scale;
    std::vector<double> input;
    if (scaled) input = data;
    if (c.z_score) data = z_score(data.data(), rows, cols, *c.z_score);
    if (c.standard_scale) data = standard_scale(data.data(), rows, cols, *c.standard_scale);
    // Distances need every value: the first that is missing is named, by its labels.
    const bool computes =
        (c.row_cluster && c.row_linkage.empty()) || (c.col_cluster && c.col_linkage.empty());
    for (std::size_t k = 0; computes && k < data.size(); ++k) {
        if (std::isfinite(data[k])) continue;
        const std::string cell = cell_name(options, k / cols, k % cols);
        if (scaled && std::isfinite(input[k])) {
            const Axis axis = c.z_score ? *c.z_score : *c.standard_scale;
            const char* what = axis == Axis::rows ? "row" : "column";
            throw invalid_input(std::string(c.z_score ? "z_score" : "standard_scale") +
                                " leaves the cell at " + cell + " undefined: its " + what +
                                " is constant, with nothing to scale by; drop that " + what +
                                " or scale the other axis");
        }
        throw invalid_input(
            "the cell at " + cell + " is " +
            (std::isnan(input.empty() ? data[k] : input[k]) ? "missing" : "infinite") +
            ": clustering needs a finite value in every cell; fill or drop it");
    }

    ClusterLayout K;
    LinkageOptions lo;
    lo.metric = c.metric, lo.p = c.p, lo.optimal_ordering = c.optimal_ordering;
    lo.threads = c.threads;
    std::vector<Merge> row_z, col_z;
    K.row_order.resize(rows), K.col_order.resize(cols);
    std::iota(K.row_order.begin(), K.row_order.end(), std::size_t{0});
    std::iota(K.col_order.begin(), K.col_order.end(), std::size_t{0});
    Dendrogram row_tree, col_tree;
    auto given_tree = [](const std::vector<Merge>& z, std::size_t n, const char* what) {
        if (z.size() + 1 != n)
            throw std::invalid_argument(std::string(what) + " has " + std::to_string(z.size()) +
                                        " merges for " + std::to_string(n) +
                                        " leaves: give scipy's Z of n - 1 merges");
        check_linkage(z, what);
        return z;
    };
    if (c.row_cluster && !c.row_linkage.empty()) {
        row_z = given_tree(c.row_linkage, rows, "row_linkage");
        row_tree = dendrogram(row_z);
        K.row_order = row_tree.leaves;
    } else if (c.row_cluster) {
        row_z = linkage(data.data(), rows, cols, c.method, lo);
        row_tree = dendrogram(row_z);
        K.row_order = row_tree.leaves;
    }
    if (c.col_cluster && !c.col_linkage.empty()) {
        col_z = given_tree(c.col_linkage, cols, "col_linkage");
        col_tree = dendrogram(col_z);
        K.col_order = col_tree.leaves;
    } else if (c.col_cluster) {
        std::vector<double> t(rows * cols);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < cols; ++k) t[k * rows + r] = data[r * cols + k];
        col_z = linkage(t.data(), cols, rows, c.method, lo);
        col_tree = dendrogram(col_z);
        K.col_order = col_tree.leaves;
    }
    K.row_clustered = c.row_cluster, K.col_clustered = c.col_cluster;
    for (const auto& [z, out] :
         {std::make_pair(&row_z, &K.row_linkage), std::make_pair(&col_z, &K.col_linkage)})
        for (const Merge& x : *z)
            out->push_back({static_cast<double>(x.left), static_cast<double>(x.right), x.distance,
                            static_cast<double>(x.count)});

    // The heatmap panel's options: seaborn's look, labels and mask in the new order (a matrix
    // without labels is labeled by its input indices, as a DataFrame's RangeIndex), "auto" ticks.
    HeatmapOptions ho = options;
    ho.style = Style::seaborn;
    ho.square = false;  // "square=True ignored in clustermap"
    ho.colorbar = options.colorbar && c.cbar_pos.has_value();
    auto reorder = [](const std::vector<std::string>& given,
                      const std::vector<std::size_t>& order) {
        std::vector<std::string> out;
        out.reserve(order.size());
        for (std::size_t i : order) out.push_back(given.empty() ? std::to_string(i) : given[i]);
        return out;
    };
    ho.row_labels = reorder(options.row_labels, K.row_order);
    ho.col_labels = reorder(options.col_labels, K.col_order);
    if (!ho.xticks_every) ho.xticks_auto = true;
    if (!ho.yticks_every) ho.yticks_auto = true;
    if (!options.mask.empty()) {
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < cols; ++k)
                ho.mask[r * cols + k] = options.mask[K.row_order[r] * cols + K.col_order[k]];
    }
    const OrderedMatrix ordered(m, data, scaled, K.row_order, K.col_order, ho);

    // The grid: dendrogram, strips (if any), heatmap, across and down.
    const double units = target == Target::raster ? options.dpi : 72.0;
    const double W = target == Target::raster ? std::round(options.figsize.first * units)
                                              : options.figsize.first * units;
    const double H = target == Target::raster ? std::round(options.figsize.second * units)
                                              : options.figsize.second * units;
    auto ratios = [&](std::size_t strips) {
        std::vector<double> v{c.dendrogram_ratio};
        if (strips) v.push_back(static_cast<double>(strips) * c.colors_ratio);
        v.push_back(1 - std::accumulate(v.begin(), v.end(), 0.0));
        return v;
    };
    const std::vector<double> widths = ratios(c.row_colors.size()),
                              heights = ratios(c.col_colors.size());
    const std::size_t R = heights.size(), C = widths.size();
    const SubplotParams initial;
    const auto first = grid_cells(widths, heights, initial, W, H);
    std::optional<Box> cbar;
    if (ho.colorbar) {
        const auto& q = *c.cbar_pos;
        // Matplotlib's Bbox.from_bounds in display units (bottom-up), then flipped: the same
        // doubles, so text on the bar's ticks rounds to the same pixels.
        cbar = Box{q[0] * W, H - (q[1] + q[3]) * H, (q[0] + q[2]) * W, H - q[1] * H};
    }
    const TextMetrics metrics = target == Target::raster ? TextMetrics::agg
                                : target == Target::svg  ? TextMetrics::svg
                                                         : TextMetrics::pdf;
    ShapeCache cache;
    // The heatmap's decorations where a new figure has it: what tight_layout measures.
    std::vector<Overhang> panels;
    {
        FigurePlanner measure(ho, ordered, target);
        measure.place({first[R - 1][C - 1], first[R - 1][C - 1], cbar, true, false});
        const FigurePlan p = measure.plan();
        panels.push_back({R - 1, C - 1, first[R - 1][C - 1],
                          image_axes_tight(p.axes_spec, p.layout.axes, p.axes_texts)});
    }
    const ImageAxesSpec row_strips = strip_spec(c.row_colors, rows, true, ho, units, metrics);
    const ImageAxesSpec col_strips = strip_spec(c.col_colors, cols, false, ho, units, metrics);
    if (!c.row_colors.empty()) {
        const Box& b = first[R - 1][1];
        panels.push_back(
            {R - 1, 1, b, image_axes_tight(row_strips, b, image_axes_texts(row_strips, b, cache))});
    }
    if (!c.col_colors.empty()) {
        const Box& b = first[1][C - 1];
        panels.push_back(
            {1, C - 1, b, image_axes_tight(col_strips, b, image_axes_texts(col_strips, b, cache))});
    }
    const SubplotParams tight = tight_layout(panels, R, C, W, H, units, 10, initial);
    const auto cells = grid_cells(widths, heights, tight, W, H);

    FigurePlanner planner(ho, ordered, target, page);
    planner.place({first[R - 1][C - 1], cells[R - 1][C - 1], cbar, true});
    const FigurePlan plan = planner.plan();
    Scene scene = planner.emit(plan);

    // The dendrograms: scipy's lines in data coordinates (leaves at 5, 15, ...; heights up to
    // 1.05 times the highest), turned for the rows (heights growing leftward, the first leaf at
    // the top), 0.5 pt wide in 0.2 grey, clipped to their axes as a LineCollection is.
    const double lw = 0.5 * units / 72;
    const Rgba grey{51, 51, 51, 255};
    auto draw_tree = [&](const Dendrogram& t, const Box& b, bool rotate) {
        double top = 0;
        for (const auto& d : t.dcoord)
            for (double v : d) top = std::max(top, v);
        top = top > 0 ? top * 1.05 : 1;
        const double n = static_cast<double>(t.leaves.size()) * 10;
        scene.add(ClipBegin{b}, {Part::dendrogram});
        for (std::size_t k = 0; k < t.icoord.size(); ++k) {
            Point q[4];
            for (int j = 0; j < 4; ++j) {
                const double i = t.icoord[k][static_cast<std::size_t>(j)],
                             d = t.dcoord[k][static_cast<std::size_t>(j)];
                q[j] = rotate ? Point{b.x1 - d / top * b.width(), b.y0 + i / n * b.height()}
                              : Point{b.x0 + i / n * b.width(), b.y1 - d / top * b.height()};
            }
            for (int j = 0; j < 3; ++j)
                scene.add(LineItem{q[j], q[j + 1], lw, grey, true, LineCap::butt},
                          {Part::dendrogram, k});
        }
        scene.add(ClipEnd{}, {Part::dendrogram});
    };
    K.row_dendrogram = cells[R - 1][0], K.col_dendrogram = cells[0][C - 1];
    if (c.row_cluster) draw_tree(row_tree, K.row_dendrogram, true);
    if (c.col_cluster) draw_tree(col_tree, K.col_dendrogram, false);

    // The strips: seaborn.heatmap's mesh of the colors, with the heatmap's cell edges.
    auto draw_strips = [&](const std::vector<ColorStrip>& strips, const ImageAxesSpec& spec,
                           const Box& b, const std::vector<std::size_t>& order, bool by_rows,
                           std::vector<LabelBox>& boxes) {
        if (strips.empty()) return;
        scene.add(ClipBegin{b}, {Part::figure});
        scene.add(
            CellsItem{b, spec.rows, spec.cols, strip_colors(strips, order, by_rows),
                      CellShape::mesh, ho.linewidths * units / 72, ho.linecolor, std::nullopt},
            {Part::figure});
        scene.add(ClipEnd{}, {Part::figure});
        // Drawn by the heatmap's artists, tagged as the strip's: a page moves the heatmap's ticks
        // when it zooms, not these.
        const std::size_t strip_items = scene.items.size() - 3;
        emit_image_axes_frame(scene, spec, b);
        emit_image_axes_texts(scene, image_axes_texts(spec, b, cache));
        for (std::size_t i = strip_items; i < scene.items.size(); ++i)
            scene.items[i].tag = {Part::color_strip, i - strip_items};
        const double n = static_cast<double>(strips.size());
        for (std::size_t i = 0; i < strips.size(); ++i) {
            const double f = static_cast<double>(i);
            boxes.push_back({strips[i].name, by_rows ? Box{b.x0 + f * b.width() / n, b.y0,
                                                           b.x0 + (f + 1) * b.width() / n, b.y1}
                                                     : Box{b.x0, b.y0 + f * b.height() / n, b.x1,
                                                           b.y0 + (f + 1) * b.height() / n}});
        }
    };
    draw_strips(c.row_colors, row_strips, cells[R - 1][std::min<std::size_t>(1, C - 1)],
                K.row_order, true, K.row_colors);
    draw_strips(c.col_colors, col_strips, cells[std::min<std::size_t>(1, R - 1)][C - 1],
                K.col_order, false, K.col_colors);

    // The legend: each strip's name, then a square of each category's colour and its name, top
    // down from the column dendrogram's top, in the room right of it; entries that do not fit are
    // listed as left out.
    if (c.strip_legend) {
        const Box& dend = cells[0][C - 1];
        const double pad = 0.5 * ho.font_pt * units / 72;
        const Box room{dend.x1 + 2 * pad, dend.y0, W - pad, cells[R - 1][C - 1].y0 - pad};
        TextStyle ts;
        ts.size_pt = ho.font_pt, ts.dpi = units, ts.metrics = metrics, ts.fonts = ho.fonts;
        ts.color = Rgba{38, 38, 38, 255};
        ts.ha = HAlign::left, ts.va = VAlign::top;
        const double line = 1.4 * ho.font_pt * units / 72, square = 0.8 * ho.font_pt * units / 72;
        double y = room.y0;
        std::optional<Box> used;
        for (const auto* strips : {&c.row_colors, &c.col_colors}) {
            for (const ColorStrip& strip : *strips) {
                if (strip.categories.empty()) continue;
                std::vector<std::pair<std::string, Rgba>> entries;
                if (!strip.name.empty()) entries.emplace_back(strip.name, Rgba{0, 0, 0, 0});
                entries.insert(entries.end(), strip.categories.begin(), strip.categories.end());
                for (const auto& [text, color] : entries) {
                    const bool title = color.a == 0;
                    const double x = room.x0 + (title ? 0 : square + pad);
                    TextItem t = place_text(cache, text, {x, y}, ts);
                    if (y + line > room.y1 || t.box.x1 > room.x1 || room.width() <= square) {
                        K.legend_left_out.push_back(text);
                        continue;
                    }
                    if (!title) {
                        const Box sq{room.x0, y + (t.box.height() - square) / 2, room.x0 + square,
                                     y + (t.box.height() + square) / 2};
                        scene.add(RectItem{sq, color, false}, {Part::legend});
                        used = used ? used->united(sq) : sq;
                    }
                    used = used ? used->united(t.box) : t.box;
                    emit_text(scene, t, {Part::legend});
                    y += line;
                }
                y += line / 2;
            }
        }
        if (used) K.legend = *used;
    }

    if (layout) {
        *layout = layout_in_pixels(plan.layout, ho, units);
        const double s = options.dpi / units;
        auto px = [s](Box& b) { b = {b.x0 * s, b.y0 * s, b.x1 * s, b.y1 * s}; };
        px(K.row_dendrogram), px(K.col_dendrogram);
        if (K.legend) px(*K.legend);
        for (auto* boxes : {&K.row_colors, &K.col_colors})
            for (LabelBox& l : *boxes) px(l.box);
        layout->cluster = std::move(K);
    }
    return scene;
}

}  // namespace detail

HEATMAP_FUNC Scene clustermap_scene(const HeatmapOptions& options, const ClustermapOptions& cluster,
                                    const MatrixSource& matrix, Target target,
                                    FigureLayout* layout) {
    return detail::clustermap_plan_and_emit(options, cluster, matrix, target, false, layout);
}

HEATMAP_FUNC FigureLayout clustermap_layout(const HeatmapOptions& options,
                                            const ClustermapOptions& cluster,
                                            const MatrixSource& matrix, Target target) {
    FigureLayout layout;
    detail::clustermap_plan_and_emit(options, cluster, matrix, target, false, &layout);
    return layout;
}

HEATMAP_FUNC Image clustermap_image(const HeatmapOptions& options, const ClustermapOptions& cluster,
                                    const MatrixSource& matrix, FigureLayout* layout) {
    return render_raster(clustermap_scene(options, cluster, matrix, Target::raster, layout),
                         options.max_pixels);
}

HEATMAP_FUNC std::string clustermap_svg(const HeatmapOptions& options,
                                        const ClustermapOptions& cluster,
                                        const MatrixSource& matrix, FigureLayout* layout) {
    return render_svg(clustermap_scene(options, cluster, matrix, Target::svg, layout));
}

HEATMAP_FUNC std::vector<std::uint8_t> clustermap_pdf(const HeatmapOptions& options,
                                                      const ClustermapOptions& cluster,
                                                      const MatrixSource& matrix,
                                                      FigureLayout* layout) {
    return render_pdf(clustermap_scene(options, cluster, matrix, Target::pdf, layout));
}

HEATMAP_FUNC std::string clustermap_html(const HeatmapOptions& options,
                                         const ClustermapOptions& cluster,
                                         const MatrixSource& matrix, FigureLayout* layout) {
    // The PNG's scene planned for a page: each cell's tooltip names its row and column by their
    // input labels, whatever the order drawn.
    return render_html(
        detail::clustermap_plan_and_emit(options, cluster, matrix, Target::raster, true, layout));
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
