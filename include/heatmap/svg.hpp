#pragma once
// The SVG backend: a scene in points into an SVG 1.1 document, as Matplotlib 3.6's SVG backend
// writes the same figure (its size in points, the cells as one embedded PNG, glyphs as paths
// defined once and reused), and more:
//
// - cells crisp in every viewer at any zoom: the embedded image holds each cell as a block of k x k
//   pixels (k chosen so that a source pixel is at most 2 device pixels at 600 dpi), so a viewer that
//   smooths images blurs only the pixel at a cell's edge, and no cell edge is moved to a pixel grid;
// - every cell carries a <title> with its row, column and value (browsers show it on hover), when
//   the scene's cells carry their values (HeatmapOptions::tooltip_cells decides);
// - every text's string is in the file, as an invisible <text> over its glyphs, so it can be
//   searched, selected and read aloud;
// - the same bytes on every run: nothing depends on time, addresses or hash seeds.
//
//   std::string svg = heatmap::render_svg(scene);   // scene.units_per_inch == 72

#include <string>

#include "config.hpp"

namespace heatmap {

struct Scene;

// What a document for a web page (html.hpp) changes: the defaults write a standalone SVG file.
struct SvgOptions {
    bool declaration = true;  // the XML declaration and DOCTYPE (a page inlines the <svg> alone)
    bool cell_titles = true;  // each cell's <title> (a page shows its own tooltips)
    bool title = true;        // the figure's <title> (a browser would show it over every cell)
    // Cells as k x k pixels each so that every viewer keeps them crisp (see embedded_image.hpp); a
    // page draws its one pixel per cell with image-rendering: pixelated instead.
    bool upscale_cells = true;
    // The parts a page's script moves when it zooms (cells, grid lines, ticks, tick labels,
    // annotations), each wrapped in <g data-p="PART" data-i="INDEX"> (c, g, xt, yt, xl, yl; an
    // annotation "a" with data-r and data-c).
    bool part_groups = false;
};

HEATMAP_FUNC std::string render_svg(const Scene& scene, const SvgOptions& options = {});

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "embedded_image.hpp"
#include "font.hpp"
#include "scene.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace heatmap {
namespace detail {

// Matplotlib's _short_float_fmt with three decimals (a thousandth of a point is 1/70 of a pixel at
// 1000 dpi): trailing zeros and point dropped.
inline void svg_number(std::string& out, double v) {
    if (!std::isfinite(v)) v = 0;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    std::string_view s(buf);
    if (s.find('.') != std::string_view::npos) {
        while (s.back() == '0') s.remove_suffix(1);
        if (s.back() == '.') s.remove_suffix(1);
    }
    if (s == "-0") s = "0";
    out += s;
}

inline std::string svg_num(double v) {
    std::string s;
    svg_number(s, v);
    return s;
}

// Scales, where three decimals would not do: six significant digits.
inline std::string svg_num6(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

inline std::string svg_color(Rgba c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

// fill or stroke with its opacity when the color is not opaque.
inline std::string svg_paint(const char* what, Rgba c) {
    std::string s = std::string(what) + ": " + svg_color(c);
    if (c.a != 255) s += std::string("; ") + what + "-opacity: " + svg_num(c.a / 255.0);
    return s;
}

// XML text: the five special characters escaped, control characters (not allowed in XML 1.0)
// dropped, invalid UTF-8 as U+FFFD.
inline void xml_escape(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char c = next_utf8(s, i);
        i += c.length;
        switch (c.cp) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                if (c.cp < 0x20 && c.cp != '\t') break;
                append_utf8(out, c.cp);
        }
    }
}

inline std::string base64(const std::vector<std::uint8_t>& bytes) {
    static constexpr char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4 + bytes.size() / 57 + 1);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::uint32_t a = bytes[i], b = i + 1 < bytes.size() ? bytes[i + 1] : 0,
                            c = i + 2 < bytes.size() ? bytes[i + 2] : 0;
        const std::uint32_t v = a << 16 | b << 8 | c;
        out += digits[v >> 18 & 63];
        out += digits[v >> 12 & 63];
        out += i + 1 < bytes.size() ? digits[v >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? digits[v & 63] : '=';
        if (i % 57 == 54) out += '\n';  // 76 characters a line
    }
    return out;
}

// A TrueType contour (on-curve points and quadratic control points, two controls in a row implying
// the on-curve point between them) as path data, in font units, slanted when oblique.
template <class Emit>
void for_each_contour_segment(const GlyphOutline& o, bool oblique, Emit&& emit) {
    const ObliqueSlant ob = oblique_slant();
    const double slant = oblique ? ob.slant : 0.0,
                 shift = oblique ? ob.shift * o.units_per_em / 2048.0 : 0.0;
    auto at = [&](std::size_t i) {
        return Point{o.points[i].x + o.points[i].y * slant - shift,
                     static_cast<double>(o.points[i].y)};
    };
    std::size_t begin = 0;
    for (std::size_t end : o.contour_ends) {
        const std::size_t n = end - begin;
        if (n == 0) continue;
        // Start on an on-curve point (or the midpoint of the first two controls).
        std::size_t first = begin;
        while (first < end && !o.points[first].on) ++first;
        Point start;
        if (first == end) {
            const Point a = at(begin), b = at(begin + (n > 1 ? 1 : 0));
            start = {(a.x + b.x) / 2, (a.y + b.y) / 2};
            first = begin;
        } else {
            start = at(first);
        }
        emit('M', start, start);
        Point control{};
        bool pending = false;
        for (std::size_t step = 1; step <= n; ++step) {
            const std::size_t i = begin + (first - begin + step) % n;
            const Point p = at(i);
            if (o.points[i].on) {
                if (pending)
                    emit('Q', control, p);
                else
                    emit('L', p, p);
                pending = false;
            } else {
                if (pending)
                    emit('Q', control, Point{(control.x + p.x) / 2, (control.y + p.y) / 2});
                control = p, pending = true;
            }
        }
        if (pending) emit('Q', control, start);
        emit('z', start, start);
        begin = end;
    }
}

inline std::string glyph_path_data(const GlyphOutline& o, bool oblique) {
    std::string d;
    for_each_contour_segment(o, oblique, [&](char op, Point c, Point p) {
        if (!d.empty()) d += ' ';
        d += op;
        if (op == 'z') return;
        if (op == 'Q') d += ' ', svg_number(d, c.x), d += ' ', svg_number(d, c.y);
        d += ' ', svg_number(d, p.x), d += ' ', svg_number(d, p.y);
    });
    return d;
}

class SvgWriter {
  public:
    SvgWriter(const Scene& scene, const SvgOptions& options) : scene_(scene), options_(options) {}

    std::string write() {
        collect_glyphs();
        head();
        for (const SceneItem& item : scene_.items) {
            const bool group = options_.part_groups && part_group(item);
            std::visit([&](const auto& it) { draw(it, item.tag); }, item.shape);
            if (group) out_ += "  </g>\n";
        }
        while (open_clips_-- > 0) out_ += " </g>\n";
        out_ += " </g>\n</svg>\n";
        return std::move(out_);
    }

  private:
    using GlyphKey = std::pair<int, bool>;  // glyph id in the figure's font set, oblique

    // Opens the group of an item a page moves; false for the others (and for clip boundaries).
    bool part_group(const SceneItem& item) {
        if (std::holds_alternative<ClipBegin>(item.shape) ||
            std::holds_alternative<ClipEnd>(item.shape))
            return false;
        const char* name = nullptr;
        switch (item.tag.part) {
            case Part::cells:
                name = "c";
                break;
            case Part::gridlines:
                name = "g";
                break;
            case Part::xtick:
                name = "xt";
                break;
            case Part::ytick:
                name = "yt";
                break;
            case Part::xticklabel:
                name = "xl";
                break;
            case Part::yticklabel:
                name = "yl";
                break;
            case Part::annotation:
                name = "a";
                break;
            default:
                return false;
        }
        out_ += "  <g data-p=\"" + std::string(name) + "\"";
        if (item.tag.part == Part::annotation)
            out_ += " data-r=\"" + std::to_string(item.tag.index) + "\" data-c=\"" +
                    std::to_string(item.tag.col) + "\"";
        else
            out_ += " data-i=\"" + std::to_string(item.tag.index) + "\"";
        out_ += ">\n";
        return true;
    }

    // Every glyph drawn, defined once at the top (Matplotlib defines each at its first use), and
    // every line drawn more than once (ticks).
    void collect_glyphs() {
        for (const SceneItem& item : scene_.items)
            if (const auto* line = std::get_if<LineItem>(&item.shape)) {
                auto& marker = markers_[line_shape(*line)];
                if (marker.second++ == 0) marker.first = "m" + std::to_string(markers_.size() - 1);
            }
        for (const SceneItem& item : scene_.items) {
            const auto* run = std::get_if<TextRun>(&item.shape);
            if (!run) continue;
            for (const ShapedText& line : run->shaped->lines)
                for (const VectorGlyph& g : line.vector_glyphs) {
                    const GlyphKey key{g.glyph, g.oblique};
                    if (glyphs_.count(key)) continue;
                    GlyphDef def;
                    def.outline = line.fonts[0].font_outline(g.glyph);
                    def.id = "g" + std::to_string(def.outline.face) + "-" +
                             std::to_string(def.outline.glyph) + (g.oblique ? "o" : "");
                    glyphs_.emplace(key, std::move(def));
                }
        }
    }

    void head() {
        const std::string w = svg_num(scene_.width), h = svg_num(scene_.height);
        if (options_.declaration)
            out_ +=
                "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n"
                "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n"
                "  \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n";
        out_ += "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" + w +
                "pt\" height=\"" + h + "pt\" viewBox=\"0 0 " + w + " " + h +
                "\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\">\n";
        // The figure's title, for screen readers and a browser tab.
        for (const SceneItem& item : scene_.items) {
            if (!options_.title) break;
            if (item.tag.part == Part::title)
                if (const auto* run = std::get_if<TextRun>(&item.shape)) {
                    out_ += " <title>";
                    xml_escape(out_, run->text);
                    out_ += "</title>\n";
                }
        }
        out_ +=
            " <metadata>made by heatmap, https://github.com/ (Matplotlib 3.6's figure)</metadata>\n"
            " <defs>\n  <style type=\"text/css\">*{stroke-linejoin: round; stroke-linecap: butt}"
            " text{font-family: 'DejaVu Sans'; fill: none}</style>\n"
            "  <rect id=\"c\" width=\"1\" height=\"1\"/>\n";
        for (const auto& [key, def] : glyphs_) {
            if (def.outline.points.empty()) continue;
            out_ += "  <path id=\"" + def.id + "\" d=\"" +
                    glyph_path_data(def.outline, key.second) + "\"/>\n";
        }
        for (const auto& [shape, marker] : markers_)
            if (marker.second > 1)
                out_ += "  <path id=\"" + marker.first + "\" d=\"" + shape + "\"/>\n";
        out_ += " </defs>\n <g id=\"figure\">\n";
        if (scene_.background.a) {
            out_ += "  <path d=\"M 0 " + h + " L " + w + " " + h + " L " + w +
                    " 0 L 0 0 z\" style=\"" + svg_paint("fill", scene_.background) + "\"/>\n";
        }
    }

    std::string rect_path(const Box& b) const {
        return "M " + svg_num(b.x0) + " " + svg_num(b.y1) + " L " + svg_num(b.x1) + " " +
               svg_num(b.y1) + " L " + svg_num(b.x1) + " " + svg_num(b.y0) + " L " + svg_num(b.x0) +
               " " + svg_num(b.y0) + " z";
    }

    void draw(const RectItem& r, Tag) {
        out_ += "  <path d=\"" + rect_path(r.box) + "\" style=\"" + svg_paint("fill", r.color) +
                "\"/>\n";
    }

    // A line's look and its vector: ticks repeat one, defined once and placed by <use>.
    static std::string line_style(const LineItem& l) {
        return "fill: none; " + svg_paint("stroke", l.color) +
               "; stroke-width: " + svg_num(l.width) +
               (l.cap == LineCap::projecting ? "; stroke-linecap: square" : "");
    }
    static std::string line_shape(const LineItem& l) {
        return "M 0 0 L " + svg_num(l.b.x - l.a.x) + " " + svg_num(l.b.y - l.a.y) + "\" style=\"" +
               line_style(l);
    }

    void draw(const LineItem& l, Tag) {
        const auto it = markers_.find(line_shape(l));
        if (it != markers_.end() && it->second.second > 1) {
            out_ += "  <use xlink:href=\"#" + it->second.first + "\" x=\"" + svg_num(l.a.x) +
                    "\" y=\"" + svg_num(l.a.y) + "\"/>\n";
            return;
        }
        out_ += "  <path d=\"M " + svg_num(l.a.x) + " " + svg_num(l.a.y) + " L " + svg_num(l.b.x) +
                " " + svg_num(l.b.y) + "\" style=\"" + line_style(l) + "\"/>\n";
    }

    void draw(const PolygonItem& p, Tag) {
        if (p.points.empty()) return;
        std::string d;
        for (std::size_t i = 0; i < p.points.size(); ++i)
            d += (i ? " L " : "M ") + svg_num(p.points[i].x) + " " + svg_num(p.points[i].y);
        out_ += "  <path d=\"" + d + " z\" style=\"" + svg_paint("fill", p.color) + "\"/>\n";
    }

    void draw(const OutlineItem& o, Tag) {
        if (o.points.empty()) return;
        std::string d;
        for (std::size_t i = 0; i < o.points.size(); ++i)
            d += (i ? " L " : "M ") + svg_num(o.points[i].x) + " " + svg_num(o.points[i].y);
        out_ += "  <path d=\"" + d + " z\" style=\"fill: none; " + svg_paint("stroke", o.color) +
                "; stroke-width: " + svg_num(o.width) + "; stroke-linejoin: miter\"/>\n";
    }

    // A grid of colors, each repeated k x k, drawn over the box.
    void image(const std::vector<Rgba>& colors, std::size_t w, std::size_t h, std::size_t k,
               const Box& box, const char* id) {
        out_ += "  <image id=\"" + std::string(id) + "\" x=\"" + svg_num(box.x0) + "\" y=\"" +
                svg_num(box.y0) + "\" width=\"" + svg_num(box.width()) + "\" height=\"" +
                svg_num(box.height()) +
                "\" preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" "
                "style=\"image-rendering: pixelated\" xlink:href=\"data:image/png;base64,\n" +
                base64(png_file(embed_image(colors, w, h, k, false))) + "\"/>\n";
    }

    void draw(const CellsItem& c, Tag) {
        if (c.rows == 0 || c.cols == 0 || !(c.box.width() > 0) || !(c.box.height() > 0)) return;
        const std::size_t k =
            options_.upscale_cells ? cell_upscale(c.box, c.rows, c.cols, CellViewer::svg) : 1;
        image(c.colors, c.cols, c.rows, k, c.box, "cells");
        const double cw = c.box.width() / static_cast<double>(c.cols),
                     ch = c.box.height() / static_cast<double>(c.rows);
        if (c.edge_width > 0 && c.edge_color.a) {
            // seaborn's cell edges: every boundary between cells and around them.
            std::string d;
            for (std::size_t i = 0; i <= c.cols; ++i) {
                const double x = c.box.x0 + static_cast<double>(i) * cw;
                d += "M " + svg_num(x) + " " + svg_num(c.box.y0) + " L " + svg_num(x) + " " +
                     svg_num(c.box.y1) + " ";
            }
            for (std::size_t i = 0; i <= c.rows; ++i) {
                const double y = c.box.y0 + static_cast<double>(i) * ch;
                d += "M " + svg_num(c.box.x0) + " " + svg_num(y) + " L " + svg_num(c.box.x1) + " " +
                     svg_num(y) + " ";
            }
            d.pop_back();
            out_ += "  <path d=\"" + d + "\" style=\"fill: none; " +
                    svg_paint("stroke", c.edge_color) + "; stroke-width: " + svg_num(c.edge_width) +
                    "; stroke-linecap: square\"/>\n";
        }
        if (!c.info || !options_.cell_titles) return;
        // Invisible unit squares, one per cell, that browsers show the cell's row, column and value
        // for on hover.
        const CellInfo& info = *c.info;
        out_ += "  <g id=\"cell-tooltips\" transform=\"translate(" + svg_num(c.box.x0) + " " +
                svg_num(c.box.y0) + ") scale(" + svg_num(cw) + " " + svg_num(ch) +
                ")\" style=\"fill: #000000; fill-opacity: 0\">\n";
        for (std::size_t r = 0; r < c.rows; ++r)
            for (std::size_t col = 0; col < c.cols; ++col) {
                out_ += "<use xlink:href=\"#c\" x=\"" + std::to_string(col) + "\" y=\"" +
                        std::to_string(r) + "\"><title>";
                xml_escape(out_, info.row_labels.empty() ? std::to_string(r) : info.row_labels[r]);
                out_ += ", ";
                xml_escape(out_,
                           info.col_labels.empty() ? std::to_string(col) : info.col_labels[col]);
                out_ += ": ";
                xml_escape(out_, info.values[r * c.cols + col]);
                out_ += "</title></use>\n";
            }
        out_ += "  </g>\n";
    }

    void draw(const PixelsItem& p, Tag) {
        if (p.width <= 0 || p.height <= 0) return;
        const double s = p.pixels_per_unit;
        // The reduced pixels clipped to the exact box they stand for.
        const std::string clip = "clip" + std::to_string(clip_count_++);
        out_ += "  <defs><clipPath id=\"" + clip + "\"><path d=\"" + rect_path(p.box) +
                "\"/></clipPath></defs>\n  <g clip-path=\"url(#" + clip + ")\">\n";
        image(p.pixels, static_cast<std::size_t>(p.width), static_cast<std::size_t>(p.height), 1,
              Box{p.x / s, p.y / s, (p.x + p.width) / s, (p.y + p.height) / s}, "cells");
        out_ += "  </g>\n";
    }

    void draw(const BandsItem& b, Tag) {
        if (b.colors.empty()) return;
        // One pixel per band, vmin at the bottom (or left), stretched over the bar.
        std::vector<Rgba> px(b.colors);
        if (!b.horizontal) std::reverse(px.begin(), px.end());
        const std::size_t n = px.size();
        image(px, b.horizontal ? n : 1, b.horizontal ? 1 : n, 1, b.box, "colorbar");
    }

    void draw(const TextRun& t, Tag) {
        const ShapedLines& s = *t.shaped;
        const bool black = t.color == Rgba{0, 0, 0, 255};  // SVG's default fill
        if (!black) out_ += "  <g style=\"" + svg_paint("fill", t.color) + "\">\n";
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.lines.size(); ++i) {
            const ShapedText& line = s.lines[i];
            const Point o{t.anchor.x + s.placed.baselines[i].x,
                          t.anchor.y - s.placed.baselines[i].y};
            const std::string at = svg_num(o.x) + " " + svg_num(o.y);
            std::string place = "translate(" + at + ")";
            if (t.rotation != 0) place += " rotate(" + svg_num(-t.rotation) + ")";
            const std::size_t end = std::min(t.text.find('\n', start), t.text.size());
            const std::string_view str = std::string_view(t.text).substr(start, end - start);
            start = end + 1;
            if (line.vector_glyphs.empty()) continue;
            // The line's string, invisible, over its glyphs: found by search, read aloud, copied.
            if (!str.empty()) {
                out_ += "   <text ";
                if (t.rotation != 0)
                    out_ += "transform=\"" + place + "\"";
                else
                    out_ += "x=\"" + svg_num(o.x) + "\" y=\"" + svg_num(o.y) + "\"";
                out_ += " font-size=\"" + svg_num(line.vector_glyphs.front().em) +
                        "\" textLength=\"" + svg_num(std::max(line.width, 0.001)) + "\">";
                xml_escape(out_, str);
                out_ += "</text>\n";
            }
            // Plain text: one scale for the line, each glyph placed by its x in font units (as
            // Matplotlib writes it); mathtext: each glyph with its own size and height.
            const bool plain = !line.math;
            if (plain) {
                const GlyphDef& first =
                    glyphs_.at(GlyphKey{line.vector_glyphs.front().glyph, false});
                const double scale = line.vector_glyphs.front().em / first.outline.units_per_em;
                out_ += "   <g transform=\"" + place + " scale(" + svg_num6(scale) + " " +
                        svg_num6(-scale) + ")\">\n";
                for (const VectorGlyph& g : line.vector_glyphs) {
                    const GlyphDef& def = glyphs_.at(GlyphKey{g.glyph, g.oblique});
                    if (def.outline.points.empty()) continue;
                    const double unit = g.em / def.outline.units_per_em;
                    out_ += "    <use xlink:href=\"#" + def.id + "\"";
                    if (g.x != 0) out_ += " x=\"" + svg_num(g.x / unit) + "\"";
                    if (unit != scale)  // a fallback font with its own units per em
                        out_ += " transform=\"scale(" + svg_num6(unit / scale) + ")\"";
                    out_ += "/>\n";
                }
            } else {
                out_ += "   <g transform=\"" + place + "\">\n";
                for (const VectorGlyph& g : line.vector_glyphs) {
                    const GlyphDef& def = glyphs_.at(GlyphKey{g.glyph, g.oblique});
                    if (def.outline.points.empty()) continue;
                    const double unit = g.em / def.outline.units_per_em;
                    out_ += "    <use xlink:href=\"#" + def.id + "\" transform=\"translate(" +
                            svg_num(g.x) + " " + svg_num(-g.y) + ") scale(" + svg_num6(unit) + " " +
                            svg_num6(-unit) + ")\"/>\n";
                }
            }
            out_ += "   </g>\n";
        }
        if (!black) out_ += "  </g>\n";
    }

    void draw(const ClipBegin& c, Tag) {
        const std::string clip = "clip" + std::to_string(clip_count_++);
        out_ += "  <defs><clipPath id=\"" + clip + "\"><path d=\"" + rect_path(c.box) +
                "\"/></clipPath></defs>\n  <g clip-path=\"url(#" + clip + ")\">\n";
        ++open_clips_;
    }

    void draw(const ClipEnd&, Tag) {
        if (open_clips_ <= 0) return;
        --open_clips_;
        out_ += "  </g>\n";
    }

    struct GlyphDef {
        GlyphOutline outline;
        std::string id;
    };

    const Scene& scene_;
    SvgOptions options_;
    std::string out_;
    std::map<GlyphKey, GlyphDef> glyphs_;
    std::map<std::string, std::pair<std::string, int>> markers_;  // shape: its id, times drawn
    int clip_count_ = 0, open_clips_ = 0;
};

}  // namespace detail

HEATMAP_FUNC std::string render_svg(const Scene& scene, const SvgOptions& options) {
    return detail::SvgWriter(scene, options).write();
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
