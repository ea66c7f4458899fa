#pragma once
// FigureLayout: where every part of a rendered heatmap landed, in pixels from the figure's top-left
// corner, and its JSON form (the schema of Matplotlib's reference seed-layout.json, plus the
// cells). This is what a GUI or a web page hit-tests against.

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "color.hpp"
#include "geometry.hpp"
#include "io.hpp"
#include "utf8.hpp"

namespace heatmap {

struct LabelBox {
    std::string text;
    Box box;
};

struct AnnotationBox {
    std::string text;
    Rgba color;
    Box box;
    std::size_t row = 0, col = 0;
    double size_pt = 10;  // smaller than the figure's font when shrunk to fit its cell
};

// Text the layout changed to keep the figure legible: an annotation left out of its cell, or a tick
// label thinned away (axis 'x' or 'y', index = column or row) or ellipsized (shown != text).
struct LegibilityNote {
    char axis = 'x';               // 'x', 'y', or 'c' for a cell
    std::size_t row = 0, col = 0;  // the cell, or index in col for a label
    std::string text, shown;
};

// A character that no font of the figure has, drawn as DejaVu Sans' missing-glyph box, and the
// first text it is in.
struct MissingGlyph {
    char32_t character = 0;
    std::string text;
};

struct CellBox {
    std::size_t row = 0, col = 0;
    Box box;     // the cell's extent on the figure (fractional pixels)
    Rgba color;  // what was painted (bad cells: the colormap's bad color)
    double value = 0;
};

// What a clustered figure (clustermap.hpp) adds: the orders, the trees and the other panels.
struct ClusterLayout {
    // Input indices in drawing order: rows top to bottom, columns left to right.
    std::vector<std::size_t> row_order, col_order;
    // scipy's Z, [left, right, distance, count] per merge; empty when that axis is not clustered.
    std::vector<std::array<double, 4>> row_linkage, col_linkage;
    bool row_clustered = false, col_clustered = false;
    Box row_dendrogram, col_dendrogram;
    std::vector<LabelBox> row_colors, col_colors;  // one per strip: its name and its box
    std::optional<Box> legend;                     // the strips' categories, when drawn
    std::vector<std::string> legend_left_out;      // entries the room did not hold
};

struct FigureLayout {
    double dpi = 100;
    int width = 0, height = 0;
    Box axes;
    std::optional<Box> colorbar, title, xlabel, ylabel, colorbar_label;
    std::optional<Box> colorbar_outline;  // the colorbar with its extend triangles
    std::vector<LabelBox> xticklabels, yticklabels, colorbar_ticklabels;
    std::vector<double> colorbar_ticks;
    std::vector<AnnotationBox> annotations;
    std::size_t rows = 0, cols = 0;       // the matrix's shape
    bool downsampled = false;             // cells smaller than a pixel, reduced per pixel
    std::size_t annotations_skipped = 0;  // cells left unannotated because the grid was downsampled
    std::vector<CellBox> cells;           // every cell, up to 65,536 of them
    std::vector<LegibilityNote> dropped_annotations;  // cells whose text did not fit (axis 'c')
    std::vector<LegibilityNote> thinned_labels;       // labels hidden by automatic thinning
    std::vector<LegibilityNote> shortened_labels;     // labels cut to the maximum width
    std::vector<MissingGlyph> missing_glyphs;         // characters drawn as boxes, each once
    std::optional<ClusterLayout> cluster;             // a clustered figure's panels

    std::string to_json() const;
    void save_json(const std::string& path) const { write_file(path, to_json()); }
};

namespace detail {

inline void json_string(std::string& out, std::string_view s) {
    out += '"';
    // JSON text is UTF-8 (RFC 8259): valid UTF-8 passes through, and a label's invalid bytes go out
    // as U+FFFD, the character drawn for them, so that the file stays readable.
    for (const char32_t c : decode_utf8(s)) {
        if (c == '"' || c == '\\') {
            out += '\\', out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            append_utf8(out, c);
        }
    }
    out += '"';
}

inline void json_number(std::string& out, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    // 40.00 -> 40.0, 205.30 -> 205.3: the reference's rounding to two decimals, written the way
    // Python does.
    while (s.size() > 3 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
    out += s;
}

inline void json_box(std::string& out, const std::optional<Box>& b) {
    if (!b) {
        out += "null";
        return;
    }
    out += '[';
    json_number(out, b->x0), out += ", ", json_number(out, b->y0), out += ", ";
    json_number(out, b->x1), out += ", ", json_number(out, b->y1);
    out += ']';
}

// Matplotlib's names for the two colors annotations use, hex for any other.
inline std::string color_name(Rgba c) {
    if (c == Rgba{255, 255, 255, 255}) return "white";
    if (c == Rgba{0, 0, 0, 255}) return "black";
    char buf[16];
    std::snprintf(buf, sizeof buf, c.a == 255 ? "#%02x%02x%02x" : "#%02x%02x%02x%02x", c.r, c.g,
                  c.b, c.a);
    return buf;
}

inline void json_labels(std::string& out, const char* key, const std::vector<LabelBox>& labels) {
    out += " \"", out += key, out += "\": [";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        out += i ? ", [" : "[";
        json_string(out, labels[i].text);
        out += ", ";
        json_box(out, labels[i].box);
        out += ']';
    }
    out += "],\n";
}

}  // namespace detail

inline std::string FigureLayout::to_json() const {
    using namespace detail;
    std::string out = "{\n \"dpi\": ";
    json_number(out, dpi);
    out += ",\n \"figure_px\": [" + std::to_string(width) + ", " + std::to_string(height) + "],\n";
    const std::pair<const char*, std::optional<Box>> boxes[] = {
        {"axes", axes},
        {"colorbar", colorbar},
        {"title", title},
        {"xlabel", xlabel},
        {"ylabel", ylabel},
        {"colorbar_outline", colorbar_outline},
        {"colorbar_label", colorbar_label}};
    for (const auto& [key, box] : boxes) {
        out += " \"", out += key, out += "\": ";
        json_box(out, box);
        out += ",\n";
    }
    json_labels(out, "xticklabels", xticklabels);
    json_labels(out, "yticklabels", yticklabels);
    out += " \"colorbar_ticks\": [";
    for (std::size_t i = 0; i < colorbar_ticks.size(); ++i) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", colorbar_ticks[i]);
        out += i ? ", " : "", out += buf;
    }
    out += "],\n";
    json_labels(out, "colorbar_ticklabels", colorbar_ticklabels);
    out += " \"annotations\": [";
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        out += i ? ",\n  [" : "\n  [";
        json_string(out, annotations[i].text);
        out += ", ";
        json_string(out, color_name(annotations[i].color));
        out += ", ";
        json_box(out, annotations[i].box);
        out += ']';
    }
    out += "],\n \"annotation_sizes\": [";
    for (std::size_t i = 0; i < annotations.size(); ++i)
        out += i ? ", " : "", json_number(out, annotations[i].size_pt);
    out += "],\n \"dropped_annotations\": [";
    for (std::size_t i = 0; i < dropped_annotations.size(); ++i) {
        const LegibilityNote& n = dropped_annotations[i];
        out += i ? ", [" : "[";
        out += std::to_string(n.row) + ", " + std::to_string(n.col) + ", ";
        json_string(out, n.text);
        out += ']';
    }
    out += "],\n \"thinned_labels\": [";
    for (std::size_t i = 0; i < thinned_labels.size(); ++i) {
        const LegibilityNote& n = thinned_labels[i];
        out += i ? ", [\"" : "[\"", out += n.axis, out += "\", " + std::to_string(n.col) + ", ";
        json_string(out, n.text);
        out += ']';
    }
    out += "],\n \"shortened_labels\": [";
    for (std::size_t i = 0; i < shortened_labels.size(); ++i) {
        const LegibilityNote& n = shortened_labels[i];
        out += i ? ", [\"" : "[\"", out += n.axis, out += "\", " + std::to_string(n.col) + ", ";
        json_string(out, n.text);
        out += ", ";
        json_string(out, n.shown);
        out += ']';
    }
    out += "],\n \"missing_glyphs\": [";
    for (std::size_t i = 0; i < missing_glyphs.size(); ++i) {
        out += i ? ", [" : "[";
        std::string character;
        append_utf8(character, missing_glyphs[i].character);
        json_string(out, character);
        out += ", ";
        json_string(out, missing_glyphs[i].text);
        out += ']';
    }
    out += "],\n";
    if (cluster) {
        const ClusterLayout& k = *cluster;
        for (const auto& [key, order] : {std::make_pair("row_order", &k.row_order),
                                         std::make_pair("col_order", &k.col_order)}) {
            out += " \"", out += key, out += "\": [";
            for (std::size_t i = 0; i < order->size(); ++i)
                out += i ? ", " : "", out += std::to_string((*order)[i]);
            out += "],\n";
        }
        for (const auto& [key, z, clustered] :
             {std::make_tuple("row_linkage", &k.row_linkage, k.row_clustered),
              std::make_tuple("col_linkage", &k.col_linkage, k.col_clustered)}) {
            out += " \"", out += key, out += "\": ";
            if (!clustered) {
                out += "null,\n";
                continue;
            }
            out += '[';
            for (std::size_t i = 0; i < z->size(); ++i) {
                char buf[128];
                const auto& m = (*z)[i];
                std::snprintf(buf, sizeof buf, "[%.17g, %.17g, %.17g, %.17g]", m[0], m[1], m[2],
                              m[3]);
                out += i ? ", " : "", out += buf;
            }
            out += "],\n";
        }
        out += " \"row_dendrogram\": ", json_box(out, k.row_dendrogram);
        out += ",\n \"col_dendrogram\": ", json_box(out, k.col_dendrogram), out += ",\n";
        json_labels(out, "row_colors", k.row_colors);
        json_labels(out, "col_colors", k.col_colors);
        out += " \"legend\": ", json_box(out, k.legend), out += ",\n \"legend_left_out\": [";
        for (std::size_t i = 0; i < k.legend_left_out.size(); ++i)
            out += i ? ", " : "", json_string(out, k.legend_left_out[i]);
        out += "],\n";
    }
    out += " \"shape\": [" + std::to_string(rows) + ", " + std::to_string(cols) + "],\n";
    out += std::string(" \"downsampled\": ") + (downsampled ? "true" : "false") + ",\n";
    out += " \"annotations_skipped\": " + std::to_string(annotations_skipped) + ",\n";
    out += " \"cells\": [";
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const CellBox& c = cells[i];
        out += i ? ",\n  {" : "\n  {";
        out += "\"row\": " + std::to_string(c.row) + ", \"col\": " + std::to_string(c.col) +
               ", \"box\": ";
        json_box(out, c.box);
        out += ", \"color\": ";
        json_string(out, color_name(c.color));
        out += ", \"value\": ";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", c.value);
        const std::string v = buf;
        out += (v.find_first_of("ni") != std::string::npos) ? std::string("null")
                                                            : v;  // JSON has no NaN/inf
        out += '}';
    }
    out += "]\n}\n";
    return out;
}

}  // namespace heatmap
