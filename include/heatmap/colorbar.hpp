#pragma once
// The colorbar, an artist, as Matplotlib's fig.colorbar draws it beside an image: one band per
// colormap entry along the long axis, spaced by the norm (a log norm spaces decades evenly, a
// two-slope norm squeezes one half), ticks from the locator Matplotlib would pick for that norm with
// as many as the bar's length allows, tick labels 3.5 pt beyond outward ticks, and the label 4 pt
// beyond those. Measured for layout, then emitted into the scene.

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "axes.hpp"
#include "colormap.hpp"
#include "format.hpp"
#include "norm.hpp"
#include "options.hpp"
#include "scene.hpp"
#include "ticks.hpp"

namespace heatmap {
namespace detail {

struct ColorbarSpec {
    Colormap cmap;
    Norm norm;  // autoscaled: vmin and vmax known
    std::string label;
    double dpi = 100;  // figure units per inch
    TextMetrics metrics = TextMetrics::agg;
    AxesStyle style;
    // A StrMethodFormatter template for the tick labels ("{x:.1f}"); empty: the norm's formatter.
    std::string format = {};
    // Below the axes (fig.colorbar(location="bottom")): bands left to right, ticks and labels
    // under the bar, the label under them.
    ColorbarLocation location = ColorbarLocation::right;
    // Triangles beyond the ends (colorbar(extend=...)), painted with the colormap's under and over
    // colors: values below vmin or above vmax have a color of their own to point at.
    Extend extend = Extend::neither;
    bool outline = true;  // seaborn sets the outline's width to 0

    bool horizontal() const { return location == ColorbarLocation::bottom; }
};

// Matplotlib's extend triangles take their room inside the colorbar's laid-out box (the outline):
// each is 5% of the interior's length (extendfrac 'auto'), and the bands, ticks and labels use the
// interior that is left.
inline Box colorbar_interior(const ColorbarSpec& s, const Box& outline) {
    const double lo = extends_min(s.extend) ? 0.05 : 0, hi = extends_max(s.extend) ? 0.05 : 0,
                 len = 1 + lo + hi;
    if (s.horizontal()) {
        const double l = outline.width();
        return {outline.x0 + lo * l / len, outline.y0, outline.x1 - hi * l / len, outline.y1};
    }
    const double l = outline.height();
    return {outline.x0, outline.y0 + hi * l / len, outline.x1, outline.y1 - lo * l / len};
}

struct ColorbarTexts {
    std::vector<double> ticks;      // values
    std::vector<double> positions;  // fraction of the bar from its vmin end, per tick
    std::vector<double> minor_positions;
    std::vector<TextItem> ticklabels;
    std::optional<TextItem> label;
};

inline ColorbarTexts colorbar_texts(const ColorbarSpec& s, const Box& bar, ShapeCache& cache) {
    const double px = s.dpi / 72.0;
    ColorbarTexts t;
    const bool vertical = !s.horizontal();
    const double length = vertical ? bar.height() : bar.width();
    const Ticks ticks = colorbar_ticks(s.norm, length, s.dpi, s.style.font_pt, vertical);
    for (double v : colorbar_minor_ticks(s.norm, length, s.dpi, s.style.font_pt, vertical))
        t.minor_positions.push_back(colorbar_position(s.norm, v));
    TextStyle ls = s.style.text(s.style.font_pt, s.dpi, s.metrics);
    ls.ha = HAlign::left;
    ls.va = VAlign::center_baseline;
    const double out = (s.style.tick_length + s.style.tick_pad) * px;
    if (!vertical) ls.ha = HAlign::center, ls.va = VAlign::top;
    for (std::size_t i = 0; i < ticks.values.size(); ++i) {
        const double f = ticks.positions[i];
        t.ticks.push_back(ticks.values[i]);
        t.positions.push_back(f);
        std::string text =
            s.format.empty()
                ? ticks.labels[i]
                : format_template(s.format, ticks.values[i],
                                  static_cast<long long>(
                                      ticks.pos.size() == ticks.values.size() ? ticks.pos[i] : i));
        const Point at = vertical ? Point{bar.x1 + out, bar.y1 - f * bar.height()}
                                  : Point{bar.x0 + f * bar.width(), bar.y1 + out};
        t.ticklabels.push_back(place_text(cache, std::move(text), at, ls));
    }
    if (!s.label.empty() && !vertical) {
        double bottom = bar.y1;
        for (const TextItem& l : t.ticklabels) bottom = std::max(bottom, l.box.y1);
        TextStyle lb = s.style.text(s.style.font_pt, s.dpi, s.metrics);
        lb.ha = HAlign::center;
        lb.va = VAlign::top;
        t.label = place_text(cache, s.label, {bar.center().x, bottom + s.style.label_pad * px}, lb);
    } else if (!s.label.empty()) {
        double right = bar.x1;
        for (const TextItem& l : t.ticklabels) right = std::max(right, l.box.x1);
        TextStyle lb = s.style.text(s.style.font_pt, s.dpi, s.metrics);
        lb.ha = HAlign::center;
        lb.va = VAlign::top;
        lb.rotation = 90;
        lb.rotation_mode = RotationMode::anchor;
        t.label = place_text(cache, s.label, {right + s.style.label_pad * px, bar.center().y}, lb);
    }
    return t;
}

inline Box colorbar_tight(const ColorbarSpec& s, const Box& bar, const ColorbarTexts& t) {
    Box b = bar;
    const double tick = s.style.tick_length * s.dpi / 72.0;
    if (!t.ticks.empty() && s.horizontal()) b.y1 = std::max(b.y1, bar.y1 + tick);
    if (!t.ticks.empty() && !s.horizontal()) b.x1 = std::max(b.x1, bar.x1 + tick);
    for (const TextItem& l : t.ticklabels) b = b.united(l.box);
    if (t.label && s.horizontal()) {
        const double c = t.label->box.center().x;
        b = b.united({c - 0.5, t.label->box.y0, c + 0.5, t.label->box.y1});
    } else if (t.label) {
        const double c = t.label->box.center().y;
        b = b.united({t.label->box.x0, c - 0.5, t.label->box.x1, c + 0.5});
    }
    return b;
}

// The colors of the bands, from the vmin end: a continuous norm gets one band per colormap entry,
// each holding the color of the middle value of its step in norm space (lut entry i); a
// BoundaryNorm gets one band per bin. The bands are a pcolormesh and the extends patches: Agg
// rounds their float colors, where imshow's cells truncate.
inline std::vector<Rgba> colorbar_bands(const ColorbarSpec& s, const Colormap& rounded) {
    std::vector<Rgba> band;
    if (const auto* b = std::get_if<BoundaryNorm>(&s.norm)) {
        for (std::size_t i = 0; i + 1 < b->boundaries.size(); ++i)
            band.push_back(
                map_value(rounded, s.norm, 0.5 * (b->boundaries[i] + b->boundaries[i + 1])));
    } else {
        const int n = rounded.size();
        for (int i = 0; i < n; ++i) {
            const double lo = inverse(s.norm, static_cast<double>(i) / n);
            const double hi = inverse(s.norm, static_cast<double>(i + 1) / n);
            band.push_back(map_value(rounded, s.norm, 0.5 * (lo + hi)));
        }
    }
    return band;
}

// The extend triangles in the colormap's under/over colors (filled unantialiased, as Matplotlib
// paints the extend patches), and the outline around bar and triangles: a polygon with slanted
// edges, stroked 0.8 pt.
inline void emit_extends(Scene& scene, const ColorbarSpec& s, const Colormap& cmap,
                         const Box& outline, const Box& bar) {
    std::vector<Point> ring;  // clockwise from the interior's top-left corner
    const Point c = outline.center();
    const bool lo = extends_min(s.extend), hi = extends_max(s.extend);
    if (s.horizontal()) {
        if (lo)
            scene.add(
                PolygonItem{
                    {{bar.x0, bar.y0}, {outline.x0, c.y}, {bar.x0, bar.y1}}, cmap.under(), false},
                {Part::colorbar_extend, 0});
        if (hi)
            scene.add(
                PolygonItem{
                    {{bar.x1, bar.y0}, {outline.x1, c.y}, {bar.x1, bar.y1}}, cmap.over(), false},
                {Part::colorbar_extend, 1});
        ring = {{bar.x0, bar.y0}, {bar.x1, bar.y0}};
        if (hi) ring.push_back({outline.x1, c.y});
        ring.push_back({bar.x1, bar.y1});
        ring.push_back({bar.x0, bar.y1});
        if (lo) ring.push_back({outline.x0, c.y});
    } else {
        if (lo)
            scene.add(
                PolygonItem{
                    {{bar.x0, bar.y1}, {c.x, outline.y1}, {bar.x1, bar.y1}}, cmap.under(), false},
                {Part::colorbar_extend, 0});
        if (hi)
            scene.add(
                PolygonItem{
                    {{bar.x0, bar.y0}, {c.x, outline.y0}, {bar.x1, bar.y0}}, cmap.over(), false},
                {Part::colorbar_extend, 1});
        ring = {{bar.x0, bar.y0}};
        if (hi) ring.push_back({c.x, outline.y0});
        ring.push_back({bar.x1, bar.y0});
        ring.push_back({bar.x1, bar.y1});
        if (lo) ring.push_back({c.x, outline.y1});
        ring.push_back({bar.x0, bar.y1});
    }
    if (s.outline)
        scene.add(
            OutlineItem{std::move(ring), s.style.spine_width * s.dpi / 72.0, s.style.text_color},
            {Part::colorbar_outline});
}

inline void emit_colorbar(Scene& scene, const ColorbarSpec& s, const Box& outline,
                          const ColorbarTexts& t) {
    const Box bar = colorbar_interior(s, outline);
    const Colormap cmap = s.cmap.rounded();
    scene.add(BandsItem{bar, colorbar_bands(s, cmap), s.horizontal()}, {Part::colorbar});
    const double px = s.dpi / 72.0;
    const Rgba ink = s.style.text_color;
    if (s.extend != Extend::neither)
        emit_extends(scene, s, cmap, outline, bar);
    else if (s.outline)
        emit_frame(scene, bar, s.style.spine_width * px, ink, {Part::colorbar_outline});
    // Major ticks 3.5 pt at 0.8 pt, minor 2 pt at 0.6 pt, pointing away from the axes.
    const double tick = s.style.tick_length * px, width = s.style.tick_width * px;
    auto emit_tick = [&](double f, double length, double w, std::size_t i) {
        const LineItem line = s.horizontal()
                                  ? LineItem{{bar.x0 + f * bar.width(), bar.y1},
                                             {bar.x0 + f * bar.width(), bar.y1 + length},
                                             w,
                                             ink,
                                             true,
                                             LineCap::butt}
                                  : LineItem{{bar.x1, bar.y1 - f * bar.height()},
                                             {bar.x1 + length, bar.y1 - f * bar.height()},
                                             w,
                                             ink,
                                             true,
                                             LineCap::butt};
        scene.add(line, {Part::colorbar_tick, i});
    };
    for (std::size_t i = 0; i < t.positions.size(); ++i) emit_tick(t.positions[i], tick, width, i);
    for (double f : t.minor_positions) emit_tick(f, 2 * px, 0.6 * px, t.positions.size());
    for (std::size_t i = 0; i < t.ticklabels.size(); ++i)
        emit_text(scene, t.ticklabels[i], {Part::colorbar_ticklabel, i});
    if (t.label) emit_text(scene, *t.label, {Part::colorbar_label});
}

}  // namespace detail
}  // namespace heatmap
