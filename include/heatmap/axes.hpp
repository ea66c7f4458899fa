#pragma once
// The image axes' decorations, an artist: placed as Matplotlib places them for imshow (tick labels
// at the cell centers, pad 3.5 pt beyond 3.5 pt outward ticks; axis labels 4 pt beyond the tick
// labels; the title 6 pt above), measured for layout (the tight box at any trial position), then
// emitted into the scene. Every text is shaped once (ShapeCache) and only moved after that.

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <memory>

#include "geometry.hpp"
#include "scene.hpp"
#include "text.hpp"

namespace heatmap {
namespace detail {

// A piece of text with where it goes and how it looks; box is its measured window extent.
struct TextItem {
    std::string text;
    std::shared_ptr<const ShapedLines> shaped;  // null for empty text, which draws nothing
    Point anchor;
    TextStyle style;
    Box box;
};

inline TextItem place_text(ShapeCache& cache, std::string text, Point anchor,
                           const TextStyle& style) {
    check_placement(anchor, style);
    TextItem item{
        std::move(text), nullptr, anchor, style, {anchor.x, anchor.y, anchor.x, anchor.y}};
    if (item.text.empty()) return item;
    item.shaped = cache.get(item.text, style);
    const Box& b = item.shaped->placed.box;
    item.box = {anchor.x + b.x0, anchor.y - b.y1, anchor.x + b.x1, anchor.y - b.y0};
    return item;
}

inline void emit_text(Scene& scene, const TextItem& t, Tag tag) {
    if (!t.shaped) return;
    scene.add(TextRun{t.text, t.shaped, t.anchor, t.style.rotation, t.style.color, t.style.size_pt,
                      t.box},
              tag);
}

// Matplotlib's rcParams for the parts of an axes we draw, in points.
struct AxesStyle {
    double font_pt = 10;       // tick labels, axis labels, annotations
    double title_pt = 12;      // "large"
    double tick_length = 3.5;  // xtick.major.size
    double tick_width = 0.8;   // xtick.major.width
    double tick_pad = 3.5;     // xtick.major.pad
    double label_pad = 4;      // axes.labelpad
    double title_pad = 6;      // axes.titlepad
    double spine_width = 0.8;  // axes.linewidth
    Rgba text_color{0, 0, 0, 255};
    FontSet fonts;  // font.family: DejaVu Sans, then fallback files

    // A text of this style at size_pt, for figure units of dpi to the inch.
    TextStyle text(double size_pt, double dpi, TextMetrics metrics) const {
        TextStyle t;
        t.size_pt = size_pt, t.dpi = dpi, t.color = text_color, t.metrics = metrics;
        t.fonts = fonts;
        return t;
    }
};

struct ImageAxesSpec {
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> xticklabels, yticklabels;  // empty strings are not drawn
    std::vector<std::size_t> xticks, yticks;            // which columns/rows carry a tick
    double xrotation = 0;  // degrees; labels anchored at their right end
    // true: turned labels anchored at their right end (ha="right", rotation_mode="anchor"); false:
    // the turned box centered under the tick (seaborn's setp(rotation="vertical"))
    bool xrotation_anchor = true;
    // degrees; the turned box's right end and middle at the tick (seaborn's upright row labels)
    double yrotation = 0;
    // row labels centered on their box's middle (seaborn's va="center"), not on the baseline's
    bool ylabels_centered = false;
    bool spines = true;       // the frame; seaborn's despine removes it (the ticks stay)
    bool xticks_top = false;  // column ticks and labels above the axes (the gallery's layout)
    // row ticks and labels right of the axes, left-aligned, the row axis label beyond them
    // (seaborn.clustermap's yaxis.set_ticks_position("right"))
    bool yticks_right = false;
    std::string title, xlabel, ylabel;
    double dpi = 100;  // figure units per inch: pixels at the dpi, or 72 for points
    TextMetrics metrics = TextMetrics::agg;
    AxesStyle style;
};

struct ImageAxesTexts {
    std::vector<TextItem> xticklabels, yticklabels;
    std::optional<TextItem> title, xlabel, ylabel;
};

inline double cell_center_x(const Box& axes, std::size_t cols, double c) {
    return axes.x0 + (c + 0.5) * axes.width() / static_cast<double>(cols);
}
inline double cell_center_y(const Box& axes, std::size_t rows, double r) {
    return axes.y0 + (r + 0.5) * axes.height() / static_cast<double>(rows);
}

inline ImageAxesTexts image_axes_texts(const ImageAxesSpec& s, const Box& axes, ShapeCache& cache) {
    const double px = s.dpi / 72.0;
    const AxesStyle& st = s.style;
    ImageAxesTexts t;
    const TextStyle label = st.text(st.font_pt, s.dpi, s.metrics);
    const double out = (st.tick_length + st.tick_pad) * px;

    TextStyle xs = label;
    xs.va = s.xticks_top ? VAlign::bottom : VAlign::top;
    xs.ha = HAlign::center;
    if (s.xrotation != 0) {
        xs.rotation = s.xrotation;
        if (s.xrotation_anchor) {
            xs.ha = HAlign::right;
            xs.rotation_mode = RotationMode::anchor;
        }
    }
    for (std::size_t i = 0; i < s.xticks.size(); ++i) {
        if (s.xticklabels[i].empty()) continue;
        const Point at{cell_center_x(axes, s.cols, static_cast<double>(s.xticks[i])),
                       s.xticks_top ? axes.y0 - out : axes.y1 + out};
        t.xticklabels.push_back(place_text(cache, s.xticklabels[i], at, xs));
    }
    TextStyle ys = label;
    ys.ha = s.yticks_right ? HAlign::left : HAlign::right;
    ys.va = s.ylabels_centered ? VAlign::center : VAlign::center_baseline;
    if (s.yrotation != 0) ys.rotation = s.yrotation;
    for (std::size_t i = 0; i < s.yticks.size(); ++i) {
        if (s.yticklabels[i].empty()) continue;
        const Point at{s.yticks_right ? axes.x1 + out : axes.x0 - out,
                       cell_center_y(axes, s.rows, static_cast<double>(s.yticks[i]))};
        t.yticklabels.push_back(place_text(cache, s.yticklabels[i], at, ys));
    }
    if (!s.xlabel.empty()) {
        double bottom = axes.y1;
        if (!s.xticks_top)
            for (const TextItem& l : t.xticklabels) bottom = std::max(bottom, l.box.y1);
        TextStyle xl = label;
        xl.ha = HAlign::center;
        xl.va = VAlign::top;
        t.xlabel = place_text(cache, s.xlabel, {axes.center().x, bottom + st.label_pad * px}, xl);
    }
    if (!s.ylabel.empty()) {
        // Turned, beyond the tick labels: on the left anchored at its bottom, on the right (ticks
        // on the right) at its top, as Matplotlib places it.
        const bool right = s.yticks_right;
        double edge = right ? axes.x1 : axes.x0;
        for (const TextItem& l : t.yticklabels)
            edge = right ? std::max(edge, l.box.x1) : std::min(edge, l.box.x0);
        TextStyle yl = label;
        yl.ha = HAlign::center;
        yl.va = right ? VAlign::top : VAlign::bottom;
        yl.rotation = 90;
        yl.rotation_mode = RotationMode::anchor;
        const double x = right ? edge + st.label_pad * px : edge - st.label_pad * px;
        t.ylabel = place_text(cache, s.ylabel, {x, axes.center().y}, yl);
    }
    if (!s.title.empty()) {
        TextStyle ts = st.text(st.title_pt, s.dpi, s.metrics);
        ts.ha = HAlign::center;
        ts.va = VAlign::baseline;
        // Matplotlib lifts the title above column labels drawn on top.
        double top = axes.y0;
        if (s.xticks_top)
            for (const TextItem& l : t.xticklabels) top = std::min(top, l.box.y0);
        t.title = place_text(cache, s.title, {axes.center().x, top - st.title_pad * px}, ts);
    }
    return t;
}

// seaborn's axis_ticklabels_overlap: whether two labels' boxes overlap (Bbox.count_overlaps, where
// boxes that only touch do not).
inline bool labels_overlap(const std::vector<TextItem>& labels) {
    // Along the axis the boxes come in order, but a turned label may reach past its neighbours:
    // every pair is checked, as seaborn does, once the boxes are sorted by their left edge.
    std::vector<Box> boxes;
    boxes.reserve(labels.size());
    for (const TextItem& l : labels) boxes.push_back(l.box);
    std::sort(boxes.begin(), boxes.end(), [](const Box& p, const Box& q) { return p.x0 < q.x0; });
    for (std::size_t i = 0; i < boxes.size(); ++i)
        for (std::size_t j = i + 1; j < boxes.size() && boxes[j].x0 < boxes[i].x1; ++j)
            if (boxes[i].x0 < boxes[j].x1 && boxes[j].y0 < boxes[i].y1 && boxes[i].y0 < boxes[j].y1)
                return true;
    return false;
}

// The box Matplotlib's constrained layout sees: the axes, its outward ticks, its tick labels, and
// its labels and title collapsed to 1 px across their length (so a long title never widens a
// margin).
inline Box image_axes_tight(const ImageAxesSpec& s, const Box& axes, const ImageAxesTexts& t) {
    const double tick = s.style.tick_length * s.dpi / 72.0;
    Box b = axes;
    // Matplotlib's spines pad their extent by the tick length on the side ticks are drawn, even
    // when an axis has no ticks at all (Spine.get_window_extent checks the first tick's style).
    if (s.xticks_top && s.spines) b.y0 = std::min(b.y0, axes.y0 - tick);
    if (!s.xticks_top && s.spines) b.y1 = std::max(b.y1, axes.y1 + tick);
    if (s.spines && !s.yticks_right) b.x0 = std::min(b.x0, axes.x0 - tick);
    if (s.spines && s.yticks_right) b.x1 = std::max(b.x1, axes.x1 + tick);
    for (const TextItem& l : t.xticklabels) b = b.united(l.box);
    for (const TextItem& l : t.yticklabels) b = b.united(l.box);
    if (t.xlabel) {
        const double c = t.xlabel->box.center().x;
        b = b.united({c - 0.5, t.xlabel->box.y0, c + 0.5, t.xlabel->box.y1});
    }
    if (t.ylabel) {
        const double c = t.ylabel->box.center().y;
        b = b.united({t.ylabel->box.x0, c - 0.5, t.ylabel->box.x1, c + 0.5});
    }
    if (t.title) {
        const double c = t.title->box.center().x;
        b = b.united({c - 0.5, t.title->box.y0, c + 0.5, t.title->box.y1});
    }
    return b;
}

// The frame (four spines, projecting caps so the corners close) around a box.
inline void emit_frame(Scene& scene, const Box& b, double width, Rgba color, Tag tag) {
    scene.add(LineItem{{b.x0, b.y0}, {b.x0, b.y1}, width, color, true, LineCap::projecting}, tag);
    scene.add(LineItem{{b.x1, b.y0}, {b.x1, b.y1}, width, color, true, LineCap::projecting}, tag);
    scene.add(LineItem{{b.x0, b.y0}, {b.x1, b.y0}, width, color, true, LineCap::projecting}, tag);
    scene.add(LineItem{{b.x0, b.y1}, {b.x1, b.y1}, width, color, true, LineCap::projecting}, tag);
}

inline void emit_image_axes_frame(Scene& scene, const ImageAxesSpec& s, const Box& axes) {
    const double px = s.dpi / 72.0;
    const double tick = s.style.tick_length * px, width = s.style.tick_width * px;
    const Rgba c = s.style.text_color;
    if (s.spines) emit_frame(scene, axes, s.style.spine_width * px, c, {Part::spine});
    for (std::size_t i = 0; i < s.xticks.size(); ++i) {
        const double x = cell_center_x(axes, s.cols, static_cast<double>(s.xticks[i]));
        const double y = s.xticks_top ? axes.y0 - tick : axes.y1;
        scene.add(LineItem{{x, y}, {x, y + tick}, width, c, true, LineCap::butt},
                  {Part::xtick, s.xticks[i]});
    }
    for (std::size_t i = 0; i < s.yticks.size(); ++i) {
        const double y = cell_center_y(axes, s.rows, static_cast<double>(s.yticks[i]));
        if (s.yticks_right && s.metrics == TextMetrics::agg) {
            // Agg draws a tick as a marker: its origin snapped to a pixel center, then the
            // marker's path (the tick's length, rounded) snapped again, so both ends land on
            // pixel centers.
            const double x0 = std::floor(axes.x1 + 0.5) + 0.5, x1 = x0 + std::round(tick);
            const double ys = std::floor(y + 0.5) + (std::lround(width) % 2 ? 0.5 : 0.0);
            scene.add(LineItem{{x0, ys}, {x1, ys}, width, c, false, LineCap::butt},
                      {Part::ytick, s.yticks[i]});
            continue;
        }
        const double x = s.yticks_right ? axes.x1 : axes.x0 - tick;
        scene.add(LineItem{{x, y}, {x + tick, y}, width, c, true, LineCap::butt},
                  {Part::ytick, s.yticks[i]});
    }
}

// The tick labels, axis labels and title, in the order Matplotlib draws them.
inline void emit_image_axes_texts(Scene& scene, const ImageAxesTexts& t) {
    for (std::size_t i = 0; i < t.xticklabels.size(); ++i)
        emit_text(scene, t.xticklabels[i], {Part::xticklabel, i});
    for (std::size_t i = 0; i < t.yticklabels.size(); ++i)
        emit_text(scene, t.yticklabels[i], {Part::yticklabel, i});
    if (t.xlabel) emit_text(scene, *t.xlabel, {Part::xlabel});
    if (t.ylabel) emit_text(scene, *t.ylabel, {Part::ylabel});
}

}  // namespace detail
}  // namespace heatmap
