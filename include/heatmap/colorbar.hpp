#pragma once
// The colorbar, drawn as Matplotlib's fig.colorbar draws it beside an image: one band per colormap
// entry along the long axis, spaced by the norm (a log norm spaces decades evenly, a two-slope norm
// squeezes one half), ticks from the locator Matplotlib would pick for that norm with as many as
// the bar's length allows, tick labels 3.5 pt beyond outward ticks, and the label 4 pt beyond
// those.

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
#include "raster.hpp"
#include "ticks.hpp"

namespace heatmap {
namespace detail {

struct ColorbarSpec {
    Colormap cmap;
    Norm norm;  // autoscaled: vmin and vmax known
    std::string label;
    double dpi = 100;
    AxesStyle style;
    // A StrMethodFormatter template for the tick labels ("{x:.1f}"); empty: the norm's formatter.
    std::string format = {};
    // Below the axes (fig.colorbar(location="bottom")): bands left to right, ticks and labels
    // under the bar, the label under them.
    bool horizontal = false;
    // Triangles beyond the ends (colorbar(extend=...)), painted with the colormap's under and over
    // colors: values below vmin or above vmax have a color of their own to point at.
    bool extend_min = false, extend_max = false;
    bool outline = true;  // seaborn sets the outline's width to 0
};

// Matplotlib's extend triangles take their room inside the colorbar's laid-out box (the outline):
// each is 5% of the interior's length (extendfrac 'auto'), and the bands, ticks and labels use the
// interior that is left.
inline Box colorbar_interior(const ColorbarSpec& s, const Box& outline) {
    const double lo = s.extend_min ? 0.05 : 0, hi = s.extend_max ? 0.05 : 0, len = 1 + lo + hi;
    if (s.horizontal) {
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

inline ColorbarTexts colorbar_texts(const ColorbarSpec& s, const Box& bar) {
    const double px = s.dpi / 72.0;
    ColorbarTexts t;
    const bool vertical = !s.horizontal;
    const double length = vertical ? bar.height() : bar.width();
    const Ticks ticks = colorbar_ticks(s.norm, length, s.dpi, s.style.font_pt, vertical);
    for (double v : colorbar_minor_ticks(s.norm, length, s.dpi, s.style.font_pt, vertical))
        t.minor_positions.push_back(colorbar_position(s.norm, v));
    TextStyle ls{s.style.font_pt, s.dpi, s.style.text_color};
    ls.ha = HAlign::left;
    ls.va = VAlign::center_baseline;
    const double out = (s.style.tick_length + s.style.tick_pad) * px;
    if (!vertical) ls.ha = HAlign::center, ls.va = VAlign::top;
    for (std::size_t i = 0; i < ticks.values.size(); ++i) {
        const double f = ticks.positions[i];
        t.ticks.push_back(ticks.values[i]);
        t.positions.push_back(f);
        std::string text = s.format.empty() ? ticks.labels[i]
                                            : format_template(s.format, ticks.values[i],
                                                              static_cast<long long>(i));
        const Point at = vertical ? Point{bar.x1 + out, bar.y1 - f * bar.height()}
                                  : Point{bar.x0 + f * bar.width(), bar.y1 + out};
        t.ticklabels.push_back(place_text(std::move(text), at, ls));
    }
    if (!s.label.empty() && !vertical) {
        double bottom = bar.y1;
        for (const TextItem& l : t.ticklabels) bottom = std::max(bottom, l.box.y1);
        TextStyle lb{s.style.font_pt, s.dpi, s.style.text_color};
        lb.ha = HAlign::center;
        lb.va = VAlign::top;
        t.label = place_text(s.label, {bar.center().x, bottom + s.style.label_pad * px}, lb);
    } else if (!s.label.empty()) {
        double right = bar.x1;
        for (const TextItem& l : t.ticklabels) right = std::max(right, l.box.x1);
        TextStyle lb{s.style.font_pt, s.dpi, s.style.text_color};
        lb.ha = HAlign::center;
        lb.va = VAlign::top;
        lb.rotation = 90;
        lb.rotation_mode = RotationMode::anchor;
        t.label = place_text(s.label, {right + s.style.label_pad * px, bar.center().y}, lb);
    }
    return t;
}

inline Box colorbar_tight(const ColorbarSpec& s, const Box& bar, const ColorbarTexts& t) {
    Box b = bar;
    const double tick = s.style.tick_length * s.dpi / 72.0;
    if (!t.ticks.empty() && s.horizontal) b.y1 = std::max(b.y1, bar.y1 + tick);
    if (!t.ticks.empty() && !s.horizontal) b.x1 = std::max(b.x1, bar.x1 + tick);
    for (const TextItem& l : t.ticklabels) b = b.united(l.box);
    if (t.label && s.horizontal) {
        const double c = t.label->box.center().x;
        b = b.united({c - 0.5, t.label->box.y0, c + 0.5, t.label->box.y1});
    } else if (t.label) {
        const double c = t.label->box.center().y;
        b = b.united({t.label->box.x0, c - 0.5, t.label->box.x1, c + 0.5});
    }
    return b;
}

// Bands are painted without antialiasing, as Matplotlib's pcolormesh does: a pixel takes the band
// its center falls in. A continuous norm gets one band per colormap entry, each holding the color
// of the middle value of its step in norm space (lut entry i); a BoundaryNorm gets one band per
// bin, evenly spaced.
// A triangle filled without antialiasing, as Matplotlib paints the extend patches: a pixel is in
// when its center is.
inline void fill_triangle_aliased(Canvas& canvas, const Point (&v)[3], Rgba color) {
    const double top = std::min({v[0].y, v[1].y, v[2].y}),
                 bottom = std::max({v[0].y, v[1].y, v[2].y});
    for (int y = static_cast<int>(std::floor(top)); y < static_cast<int>(std::ceil(bottom)); ++y) {
        const double cy = y + 0.5;
        double lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < 3; ++i) {
            const Point a = v[i], b = v[(i + 1) % 3];
            if ((a.y <= cy && cy < b.y) || (b.y <= cy && cy < a.y)) {
                const double x = a.x + (cy - a.y) * (b.x - a.x) / (b.y - a.y);
                lo = std::min(lo, x), hi = std::max(hi, x);
            }
        }
        if (!(lo <= hi)) continue;
        canvas.fill_rect(static_cast<int>(std::ceil(lo - 0.5)), y,
                         static_cast<int>(std::ceil(hi - 0.5)), y + 1, color);
    }
}

// The extend triangles in the colormap's under/over colors, and the outline around bar and
// triangles: a polygon with slanted edges, so Agg does not snap it, stroked 0.8 pt.
inline void draw_extends(Canvas& canvas, const ColorbarSpec& s, const Colormap& cmap,
                         const Box& outline, const Box& bar) {
    std::vector<Point> ring;  // clockwise from the interior's top-left corner
    const Point c = outline.center();
    if (s.horizontal) {
        if (s.extend_min) {
            const Point tri[3] = {{bar.x0, bar.y0}, {outline.x0, c.y}, {bar.x0, bar.y1}};
            fill_triangle_aliased(canvas, tri, cmap.under());
        }
        if (s.extend_max) {
            const Point tri[3] = {{bar.x1, bar.y0}, {outline.x1, c.y}, {bar.x1, bar.y1}};
            fill_triangle_aliased(canvas, tri, cmap.over());
        }
        ring = {{bar.x0, bar.y0}, {bar.x1, bar.y0}};
        if (s.extend_max) ring.push_back({outline.x1, c.y});
        ring.push_back({bar.x1, bar.y1});
        ring.push_back({bar.x0, bar.y1});
        if (s.extend_min) ring.push_back({outline.x0, c.y});
    } else {
        if (s.extend_min) {
            const Point tri[3] = {{bar.x0, bar.y1}, {c.x, outline.y1}, {bar.x1, bar.y1}};
            fill_triangle_aliased(canvas, tri, cmap.under());
        }
        if (s.extend_max) {
            const Point tri[3] = {{bar.x0, bar.y0}, {c.x, outline.y0}, {bar.x1, bar.y0}};
            fill_triangle_aliased(canvas, tri, cmap.over());
        }
        ring = {{bar.x0, bar.y0}};
        if (s.extend_max) ring.push_back({c.x, outline.y0});
        ring.push_back({bar.x1, bar.y0});
        ring.push_back({bar.x1, bar.y1});
        if (s.extend_min) ring.push_back({c.x, outline.y1});
        ring.push_back({bar.x0, bar.y1});
    }
    // Each edge as a filled quad; nonzero winding merges them where they overlap at the corners.
    const double h = s.style.spine_width * s.dpi / 72.0 / 2;
    Path stroke;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const Point a = ring[i], b = ring[(i + 1) % ring.size()];
        const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        if (!(len > 0)) continue;
        const double nx = -dy / len * h, ny = dx / len * h;
        stroke.move_to({a.x + nx, a.y + ny});
        stroke.line_to({b.x + nx, b.y + ny});
        stroke.line_to({b.x - nx, b.y - ny});
        stroke.line_to({a.x - nx, a.y - ny});
        stroke.close();
    }
    if (s.outline) fill_path(canvas, stroke, s.style.text_color);
}

inline void draw_colorbar(Canvas& canvas, const ColorbarSpec& s, const Box& outline,
                          const ColorbarTexts& t) {
    const Box bar = colorbar_interior(s, outline);
    // The bands are a pcolormesh and the extends patches: Agg rounds their float colors, where
    // imshow's cells truncate.
    const Colormap cmap = s.cmap.rounded();
    std::vector<Rgba> band;
    if (const auto* b = std::get_if<BoundaryNorm>(&s.norm)) {
        for (std::size_t i = 0; i + 1 < b->boundaries.size(); ++i)
            band.push_back(
                map_value(cmap, s.norm, 0.5 * (b->boundaries[i] + b->boundaries[i + 1])));
    } else {
        const int n = cmap.size();
        for (int i = 0; i < n; ++i) {
            const double a = inverse(s.norm, static_cast<double>(i) / n);
            const double b = inverse(s.norm, static_cast<double>(i + 1) / n);
            band.push_back(map_value(cmap, s.norm, 0.5 * (a + b)));
        }
    }
    const int n = static_cast<int>(band.size());
    const int x0 = static_cast<int>(std::lround(bar.x0)),
              x1 = static_cast<int>(std::lround(bar.x1));
    const int y0 = static_cast<int>(std::lround(bar.y0)),
              y1 = static_cast<int>(std::lround(bar.y1));
    for (int y = y0; y < y1 && !s.horizontal; ++y) {
        const double f = (bar.y1 - (y + 0.5)) / bar.height();
        const int i = std::clamp(static_cast<int>(std::floor(f * n)), 0, n - 1);
        canvas.fill_rect(x0, y, x1, y + 1, band[static_cast<std::size_t>(i)]);
    }
    for (int x = x0; x < x1 && s.horizontal; ++x) {
        const double f = (x + 0.5 - bar.x0) / bar.width();
        const int i = std::clamp(static_cast<int>(std::floor(f * n)), 0, n - 1);
        canvas.fill_rect(x, y0, x + 1, y1, band[static_cast<std::size_t>(i)]);
    }
    const double px = s.dpi / 72.0;
    if (s.extend_min || s.extend_max)
        draw_extends(canvas, s, cmap, outline, bar);
    else if (s.outline)
        draw_frame(canvas, bar, s.style.spine_width * px, s.style.text_color);
    const double tick = s.style.tick_length * px, width = s.style.tick_width * px;
    if (s.horizontal) {
        // xtick sizes: major 3.5 pt at 0.8 pt, minor 2 pt at 0.6 pt, pointing down.
        for (double f : t.positions) {
            const double x = bar.x0 + f * bar.width();
            stroke_line(canvas, {x, bar.y1}, {x, bar.y1 + tick}, width, s.style.text_color, true,
                        false);
        }
        for (double f : t.minor_positions) {
            const double x = bar.x0 + f * bar.width();
            stroke_line(canvas, {x, bar.y1}, {x, bar.y1 + 2 * px}, 0.6 * px, s.style.text_color,
                        true, false);
        }
        draw_texts(canvas, t.ticklabels);
        if (t.label) draw_text(canvas, t.label->text, t.label->anchor, t.label->style);
        return;
    }
    for (double f : t.positions) {
        const double y = bar.y1 - f * bar.height();
        stroke_line(canvas, {bar.x1, y}, {bar.x1 + tick, y}, width, s.style.text_color, true,
                    false);
    }
    // Minor ticks: ytick.minor.size 2 pt, width 0.6 pt.
    for (double f : t.minor_positions) {
        const double y = bar.y1 - f * bar.height();
        stroke_line(canvas, {bar.x1, y}, {bar.x1 + 2 * px, y}, 0.6 * px, s.style.text_color, true,
                    false);
    }
    draw_texts(canvas, t.ticklabels);
    if (t.label) draw_text(canvas, t.label->text, t.label->anchor, t.label->style);
}

}  // namespace detail
}  // namespace heatmap
