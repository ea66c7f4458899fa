#pragma once
// Constrained layout for one image axes and its colorbar, as Matplotlib 3.6 solves it.
//
// Matplotlib's solver is general (grids of axes, nested figures); for one axes in a 1x1 grid it
// reduces to arithmetic on margins, which this header does. What must be kept to land on the same
// pixels:
// - it starts from the subplot parameters (left 0.125, right 0.9, bottom 0.11, top 0.88), with
//   the colorbar's make_axes carving its slot out of that box, and runs exactly two passes. Those
//   passes do not reach the fixed point, and savefig draws with the result of the first layout,
//   so neither may we iterate further;
// - a margin is the distance from the axes' cell to its tight box (decorations), clamped at zero,
//   plus the pad (3 pt); the colorbar side also holds the colorbar's tight width and its pad, 5%
//   of the inner width of the previous pass (0 in the first);
// - an image axes keeps its data aspect by shrinking inside its cell toward its anchor: the right
//   edge when a colorbar sits at the right (Matplotlib's panchor), the center otherwise.
// The decorations' sizes come from callables, so the text is measured by whoever owns it, then
// placed here.

#include <algorithm>
#include <cmath>
#include <optional>

#include "geometry.hpp"
#include "options.hpp"

namespace heatmap {

struct LayoutParams {
    double width_px = 640, height_px = 480, dpi = 100;
    double w_pad_pt = 3, h_pad_pt = 3;  // figure.constrained_layout.w_pad / h_pad
    // Height over width of the image in pixels when the aspect is equal (rows / cols); 0 for
    // 'auto'.
    double box_aspect = 0;
    bool colorbar = true;
    ColorbarLocation location = ColorbarLocation::right;
    double fraction = 0.15, shrink = 1.0, aspect = 20;
    // How many times the figure is laid out before it is drawn, each layout two passes that start
    // from where the last one left the axes: 1 for pyplot + savefig; 2 for seaborn.heatmap, which
    // lays the figure out once itself (to see whether labels overlap) before savefig does.
    int layouts = 1;
    // Gap to the colorbar as a fraction of the parent's inner size; -1 for what Matplotlib's figure
    // colorbar under constrained layout uses on every side, 0.05 (measured: 0.15, make_axes'
    // default for a horizontal bar, is not what reaches the layout).
    double pad = -1;
    // Where the layout starts: the cells of the axes and the colorbar that an earlier layout left
    // (SolvedLayout's cell and colorbar_cell); unset, the subplot parameters less the colorbar's
    // slot, as a new figure has them.
    std::optional<Box> start_cell, start_colorbar_cell;
};

struct SolvedLayout {
    Box axes;      // where the image axes is drawn (its aspect applied)
    Box colorbar;  // where the colorbar's axes is drawn (its box aspect applied); empty without one
    Box cell, colorbar_cell;  // their positions before the aspects: where a next layout starts
};

namespace detail {

// Matplotlib's Bbox.shrunk_to_aspect then anchored: the largest box of height/width = ratio inside
// pos, placed at anchor (ax, ay) of pos, where (0, 0) is the left and the *bottom* (Matplotlib's
// convention).
inline Box fit_aspect(const Box& pos, double ratio, double ax, double ay) {
    if (!(ratio > 0)) return pos;
    double w = pos.width(), h = w * ratio;
    if (h > pos.height()) h = pos.height(), w = h / ratio;
    const double x0 = pos.x0 + ax * (pos.width() - w);
    const double y1 = pos.y1 - ay * (pos.height() - h);
    return {x0, y1 - h, x0 + w, y1};
}

// The axes' and the colorbar's positions in a new figure: the subplot parameters (left 0.125,
// right 0.9, bottom 0.11, top 0.88), with make_axes carving the colorbar's slot out of that box.
inline void initial_cells(const LayoutParams& p, Box& pos, Box& cb_pos) {
    const double W = p.width_px, H = p.height_px;
    const double pad = p.pad >= 0 ? p.pad : 0.05;
    pos = {0.125 * W, (1 - 0.88) * H, 0.9 * W, (1 - 0.11) * H};
    cb_pos = {};
    if (!p.colorbar) return;
    if (p.location == ColorbarLocation::right) {
        const double w = pos.width();
        cb_pos = {pos.x0 + (1 - p.fraction) * w, pos.y0, pos.x1, pos.y1};
        cb_pos = {cb_pos.x0, pos.y0 + (1 - p.shrink) * pos.height() / 2, cb_pos.x1,
                  pos.y1 - (1 - p.shrink) * pos.height() / 2};
        pos.x1 = pos.x0 + (1 - p.fraction - pad) * w;
    } else {
        const double h = pos.height();
        cb_pos = {pos.x0, pos.y1 - p.fraction * h, pos.x1, pos.y1};
        cb_pos = {pos.x0 + (1 - p.shrink) * pos.width() / 2, cb_pos.y0,
                  pos.x1 - (1 - p.shrink) * pos.width() / 2, cb_pos.y1};
        pos.y1 = pos.y0 + (1 - p.fraction - pad) * h;
    }
}

}  // namespace detail

// Where the image axes sits in a new figure, before any layout and before its aspect is applied:
// what Axes.get_window_extent reports before the first draw (seaborn's "auto" ticks measure it).
inline Box initial_axes_box(const LayoutParams& p) {
    Box pos, cb_pos;
    detail::initial_cells(p, pos, cb_pos);
    return pos;
}

// axes_tight(Box axes) and colorbar_tight(Box colorbar) return the tight box of each with its
// decorations (tick labels, axis labels, title; long labels collapsed across their length as
// Matplotlib does for layout) when drawn at the given box.
template <class AxesTight, class ColorbarTight>
SolvedLayout constrained_layout(const LayoutParams& p, AxesTight&& axes_tight,
                                ColorbarTight&& colorbar_tight) {
    const double W = p.width_px, H = p.height_px;
    const double w_pad = points_to_pixels(p.w_pad_pt, p.dpi),
                 h_pad = points_to_pixels(p.h_pad_pt, p.dpi);
    const bool right = p.location == ColorbarLocation::right;
    const double pad = p.pad >= 0 ? p.pad : 0.05;

    // Initial positions: the subplot parameters, then make_axes' split between the axes and the
    // colorbar; or where an earlier layout left them.
    Box pos, cb_pos;
    detail::initial_cells(p, pos, cb_pos);
    if (p.start_cell) pos = *p.start_cell;
    if (p.start_colorbar_cell) cb_pos = *p.start_colorbar_cell;
    double anchor_x = 0.5, anchor_y = 0.5;  // the image axes' anchor (Matplotlib's 'C')
    if (p.colorbar) {
        if (right)
            anchor_x = 1.0;
        else
            anchor_y = 0.0;  // panchor (0.5, 0.0): the axes sits at the bottom of its cell
    }
    // The colorbar's own aspect: long side / short side = aspect, anchored toward the axes.
    auto colorbar_box = [&](const Box& cb) {
        return right ? detail::fit_aspect(cb, p.aspect, 0.0, 0.5)
                     : detail::fit_aspect(cb, 1 / p.aspect, 0.5, 1.0);
    };

    double inner_size =
        0;  // the inner width (or height) of the previous solution: 0 before the first
    for (int pass = 0; pass < 2 * std::max(p.layouts, 1); ++pass) {
        if (pass % 2 == 0) inner_size = 0;  // a fresh layout's grid starts unsolved
        const Box axes = detail::fit_aspect(pos, p.box_aspect, anchor_x, anchor_y);
        const Box tight = axes_tight(axes);
        double left = pos.x0 - tight.x0, rightm = tight.x1 - pos.x1;
        double top = pos.y0 - tight.y0, bottom = tight.y1 - pos.y1;
        double leftcb = w_pad, rightcb = w_pad, topcb = h_pad, bottomcb = h_pad;
        Box cb_axes, cb_tight;
        if (p.colorbar) {
            cb_axes = colorbar_box(cb_pos);
            cb_tight = colorbar_tight(cb_axes);
            const double cb_pad = pad * inner_size;
            if (right) {
                rightcb += cb_tight.width() + cb_pad;
                if (cb_tight.y1 > tight.y1) bottom += cb_tight.y1 - tight.y1;
                if (cb_tight.y0 < tight.y0) top += tight.y0 - cb_tight.y0;
            } else {
                bottomcb += cb_tight.height() + cb_pad;
                if (cb_tight.x0 < tight.x0) left += tight.x0 - cb_tight.x0;
                if (cb_tight.x1 > tight.x1) rightm += cb_tight.x1 - tight.x1;
            }
        }
        left = std::fmax(left, 0), rightm = std::fmax(rightm, 0);
        top = std::fmax(top, 0), bottom = std::fmax(bottom, 0);

        const Box parent{leftcb, topcb, W - rightcb,
                         H - bottomcb};  // the cell less the colorbar margins
        const Box inner{parent.x0 + left, parent.y0 + top, parent.x1 - rightm, parent.y1 - bottom};
        // Decorations larger than the figure leave no room: Matplotlib warns "constrained_layout
        // not applied because axes sizes collapsed to zero" and keeps the positions it had.
        if (!(inner.width() > 0 && inner.height() > 0)) continue;
        if (p.colorbar) {
            if (right) {
                const double cb_pad = pad * inner.width();
                const double lmargin = cb_axes.x0 - cb_tight.x0;
                const double w = p.fraction * inner.width(), h = p.shrink * inner.height();
                const double x0 = parent.x1 + cb_pad + lmargin;
                const double y0 = inner.y0 + (inner.height() - h) / 2;
                cb_pos = {x0, y0, x0 + w, y0 + h};
            } else {
                // Below the axes: the colorbar's tight box starts one pad under the parent box.
                const double cb_pad = pad * inner.height();
                // Its decorations under its position as laid out, before the colorbar's aspect
                // lifts the bar to the top of it (reposition_colorbar's bmargin).
                const double below = cb_tight.y1 - cb_pos.y1;
                const double w = p.shrink * inner.width(), h = p.fraction * inner.height();
                const double y1 = parent.y1 + cb_pad + cb_tight.height() - below;
                const double x0 = inner.x0 + (inner.width() - w) / 2;
                cb_pos = {x0, y1 - h, x0 + w, y1};
            }
            inner_size = right ? inner.width() : inner.height();
        }
        pos = inner;
    }
    SolvedLayout out;
    out.axes = detail::fit_aspect(pos, p.box_aspect, anchor_x, anchor_y);
    if (p.colorbar) out.colorbar = colorbar_box(cb_pos);
    out.cell = pos, out.colorbar_cell = cb_pos;
    return out;
}

}  // namespace heatmap
