#pragma once
// Everything a heatmap figure is asked to be, as plain values: what Heatmap<T>'s setters fill (and
// check) and what the figure code (figure.hpp) reads. The defaults are Matplotlib's imshow with a
// colorbar; Style::seaborn switches the ones seaborn.heatmap changes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "color.hpp"
#include "colormap.hpp"
#include "font.hpp"
#include "image.hpp"
#include "norm.hpp"

namespace heatmap {

// The figure's look. matplotlib: imshow with a framed axes. seaborn: what seaborn.heatmap draws
// (seaborn 0.12): pcolormesh cells snapped to whole pixels, cell edges from linewidths/linecolor,
// no spines, row labels turned upright, no colorbar outline, annotations in ".15" grey or white,
// cells that fill the axes unless square(true), rocket (icefire with a center) unless a cmap is
// set, annotations ".2g" unless a spec is given.
enum class Style { matplotlib, seaborn };

// How annotation text picks its color over a cell.
enum class TextColorRule {
    luminance,  // seaborn: black over light cells, white over dark (relative luminance > 0.408)
    threshold,  // the tutorial: white when norm(value) < threshold, else black
    fixed,      // one color for every cell
};

// Where the colorbar sits: beside the axes, vertical, or below them, horizontal.
enum class ColorbarLocation { right, bottom };

// How a pixel covering several cells (a matrix larger than the axes) combines them.
enum class Reduce {
    mean,  // area-weighted mean of the covered cells' values
    max,   // largest value among the covered cells: a lone peak stays visible
    min,   // smallest value among the covered cells
    // the cell under the pixel's center, as a mesh drawn without antialiasing shows it (seaborn's
    // pcolormesh): one cell's own value, its neighbours unseen
    nearest,
};

struct HeatmapOptions {
    std::vector<std::string> row_labels, col_labels;  // empty: rows and columns by index
    Colormap cmap;
    bool cmap_set = false;  // seaborn picks its own map unless one was set
    Norm norm = Normalize{};
    std::optional<double> vmin, vmax;  // override the norm's limits
    Style style = Style::matplotlib;

    std::string title, xlabel, ylabel;
    bool colorbar = true;
    std::string colorbar_label;
    std::string colorbar_format;  // StrMethodFormatter template for its tick labels; empty: default
    ColorbarLocation colorbar_location = ColorbarLocation::right;
    double colorbar_shrink = 1.0;
    std::optional<Extend> extend;  // unset: the norm's (BoundaryNorm) or neither

    bool annotate = false;
    std::string fmt;             // format spec; empty: the type's or style's default
    std::string annot_template;  // StrMethodFormatter template, "{x:.1f} ms"; wins over fmt
    TextColorRule text_color_rule = TextColorRule::luminance;
    double text_threshold = 0.5;
    Rgba text_color{0, 0, 0, 255};

    std::vector<bool> mask;      // rows * cols flags, or empty
    std::optional<bool> square;  // unset: the style's default (imshow's equal, seaborn's auto)
    bool xticks_auto = false, yticks_auto = false, labels_on_top = false;
    std::optional<std::size_t> xticks_every, yticks_every;  // unset: every label or an index step
    bool robust = false;
    std::optional<double> center;
    double font_pt = 10;
    FontSet fonts;                   // DejaVu Sans, then fallback files for the characters it lacks
    std::optional<double> title_pt;  // unset: 1.2 * font_pt ("large")
    Rgba facecolor{255, 255, 255, 255};
    bool transparent = false;
    std::optional<double> max_label_px, min_annotation_pt;
    std::pair<double, double> figsize{6.4, 4.8};
    double dpi = 100;
    double xrotation = 0;
    std::optional<double>
        yrotation;  // unset: the style's (0; seaborn's 90, turned flat on overlap)
    double linewidths = 0;
    Rgba linecolor{255, 255, 255, 255};
    std::optional<Reduce> reduce;  // unset: the style's (mean; seaborn's nearest, as its mesh)
    // SVG: each cell carries a <title> (row, column, value) when the matrix has at most this many
    // cells. About 60 bytes a cell: past a hundred they outweigh the figure itself, and the HTML
    // page (html.hpp) is the way to hover over a large matrix.
    std::size_t tooltip_cells = 100;
    std::int64_t max_pixels = default_max_pixels;
};

// What a figure is laid out and drawn for, each as Matplotlib's backend for it measures text:
// raster, pixels at the dpi with hinted text (Agg); svg and pdf, points (72 to the inch) with text
// unhinted (SVG through TextToPath at 100 pt, PDF through FT2Font at the size), images made at the
// dpi. The layouts differ by a pixel or so, as Matplotlib's do.
enum class Target { raster, svg, pdf };

}  // namespace heatmap
