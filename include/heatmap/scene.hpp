#pragma once
// The scene: a figure as a display list, in paint order, in figure coordinates (top-left origin, y
// down, `units_per_inch` units to the inch: pixels at the dpi for the raster backend, points for
// the vector backends). Artists (cells, axes, colorbar) emit items once layout has placed them;
// backends (render_raster.hpp, svg.hpp, pdf.hpp) turn the list into a file. An item says what to
// draw and carries the flags Matplotlib's GraphicsContext carries (snap, antialias); how a flag
// becomes pixels is the raster backend's business alone.
//
//   Scene s = figure_scene(options, matrix, Target::svg);
//   for (const SceneItem& item : s.items)
//       std::visit([](const auto& it) { ... }, item.shape);
//
// Every item has a tag naming the part of the figure it is (a cell, a tick label, the colorbar...),
// which SVG ids, tooltips and hit-testing read.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "color.hpp"
#include "geometry.hpp"
#include "text.hpp"

namespace heatmap {

// Which part of the figure an item draws.
enum class Part : std::uint8_t {
    figure,
    axes,       // the axes' background patch
    cells,      // the matrix
    gridlines,  // lines between cells
    spine,      // the axes' frame
    xtick,
    ytick,
    xticklabel,
    yticklabel,
    xlabel,
    ylabel,
    title,
    annotation,       // a cell's text
    colorbar,         // the colorbar's bands
    colorbar_extend,  // an extend triangle
    colorbar_outline,
    colorbar_tick,
    colorbar_ticklabel,
    colorbar_label,
    // a clustered figure's other panels (clustermap.hpp)
    dendrogram,   // a merge's lines; index: the merge (the row dendrogram's, then the column's)
    color_strip,  // a colour strip's cells, ticks and names
    legend,       // the strips' legend
};

struct Tag {
    Part part = Part::figure;
    std::size_t index = 0;  // which label or tick; for an annotation the row
    std::size_t col = 0;    // for an annotation, the column
};

enum class LineCap : std::uint8_t { butt, projecting };

// A filled rectangle. snap: its edges go to whole pixels (Agg's rounding of a rectilinear patch).
struct RectItem {
    Box box;
    Rgba color;
    bool snap = true;
};

// A straight line of `width` (figure units). snap: Agg's pixel snapping of straight lines (an odd
// pixel width centered on a pixel, an even one on a pixel edge); projecting caps reach half the
// width past the ends.
struct LineItem {
    Point a, b;
    double width = 1;
    Rgba color;
    bool snap = true;
    LineCap cap = LineCap::butt;
};

// A closed polygon filled with the nonzero rule; unantialiased fills take a pixel when its center
// is inside (Matplotlib's extend patches).
struct PolygonItem {
    std::vector<Point> points;
    Rgba color;
    bool antialias = true;
};

// A closed polyline stroked `width` wide with miter joins (the colorbar's outline around its
// triangles).
struct OutlineItem {
    std::vector<Point> points;
    double width = 1;
    Rgba color;
};

// Why a cell has the color it has: what a tooltip or an accessible reader says of it.
struct CellInfo {
    std::vector<std::string> row_labels, col_labels;  // empty: rows and columns by index
    std::vector<std::string> values;  // one per cell, row-major, as the annotation spec writes it
};

// How cells become pixels. image: imshow (nearest resampling, Agg's span interpolator); mesh:
// seaborn's pcolormesh (one unantialiased quad per cell, corners snapped, each stroked with the
// cell edges before the next).
enum class CellShape : std::uint8_t { image, mesh };

// The matrix as one item: rows x cols colors spread evenly over `box`, row 0 at the top.
struct CellsItem {
    Box box;
    std::size_t rows = 0, cols = 0;
    std::vector<Rgba> colors;  // row-major
    CellShape shape = CellShape::image;
    double edge_width = 0;  // mesh edges (seaborn's linewidths), figure units
    Rgba edge_color;
    std::optional<CellInfo> info;  // for tooltips (vector targets: every cell; see svg.hpp's limit)
};

// What reduced pixels stand for, for tooltips (vector targets only): the matrix's shape, how each
// pixel combined the cells it covers, which cells those are (per pixel column and row: pixel (x, y)
// covers rows row_first[y]..row_last[y] and columns col_first[x]..col_last[x], with x, y counted from
// the grid's origin), and each pixel's reduced value back in data units (the norm's inverse of the
// reduced normalized value the color comes from; NaN where every covered cell is missing).
struct PixelInfo {
    std::size_t rows = 0, cols = 0;
    std::string reduce;  // "mean", "max", "min" or "nearest"
    std::vector<std::size_t> row_first, row_last, col_first, col_last;
    std::vector<float> values;                        // row-major, width * height
    std::vector<std::string> row_labels, col_labels;  // empty: rows and columns by index
};

// Pixels already decided (a matrix reduced to one value per pixel): `width` x `height` colors whose
// grid starts at pixel (x, y) of a canvas `pixels_per_unit` times finer than the figure's units.
// `box` is the exact extent they stand for: pixels it covers only in part are blended by the part.
struct PixelsItem {
    int x = 0, y = 0, width = 0, height = 0;
    double pixels_per_unit = 1;
    Box box;
    std::vector<Rgba> pixels;  // row-major
    std::optional<PixelInfo> info;
};

// The colorbar's bands: `colors` evenly along `box` from the vmin end (bottom, or left when
// horizontal), painted unantialiased as Matplotlib's pcolormesh paints them.
struct BandsItem {
    Box box;
    std::vector<Rgba> colors;
    bool horizontal = false;
};

// Text shaped once (text.hpp): glyphs and where each line's pen starts, relative to the anchor.
struct TextRun {
    std::string text;  // as given, UTF-8: what a vector file keeps searchable
    std::shared_ptr<const detail::ShapedLines> shaped;
    Point anchor;
    double rotation = 0;  // degrees, counter-clockwise
    Rgba color;
    double size_pt = 10;
    Box box;  // the window extent Matplotlib reports
};

// The start and end of a group of items clipped to a box (Agg rounds the box to whole pixels).
struct ClipBegin {
    Box box;
};
struct ClipEnd {};

struct SceneItem {
    std::variant<RectItem, LineItem, PolygonItem, OutlineItem, CellsItem, PixelsItem, BandsItem,
                 TextRun, ClipBegin, ClipEnd>
        shape;
    Tag tag;
};

struct Scene {
    double width = 0, height = 0;  // figure units
    double units_per_inch = 100;   // the dpi for pixels, 72 for points
    double dpi = 100;              // the resolution images are made at
    Rgba background{255, 255, 255, 255};
    std::vector<SceneItem> items;

    template <class Item>
    void add(Item item, Tag tag) {
        SceneItem& added = items.emplace_back();
        added.shape.template emplace<Item>(std::move(item));
        added.tag = tag;
    }
};

}  // namespace heatmap
