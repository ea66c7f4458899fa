#pragma once
// The PDF backend: a scene in points into a one-page PDF 1.4 file. Where Matplotlib 3.6 writes its
// text in a Type 3 font (which journals and Acrobat's preflight reject), this one embeds a TrueType
// subset of the fonts the text uses (CIDFontType2, Identity-H, with a ToUnicode map), built from the
// library's own outlines, so text is real text: selectable, searchable, extractable. The cells are
// one image XObject, each cell a block of k x k pixels, k such that poppler always scales it by 4
// or more and so samples it nearest, as Ghostscript does (embedded_image.hpp). Every stream is compressed with deflate.hpp. The bytes are the same on every run
// (no dates; the file ID is a hash of the content).
//
//   std::vector<std::uint8_t> pdf = heatmap::render_pdf(scene);   // scene.units_per_inch == 72

#include <cstdint>
#include <vector>

#include "config.hpp"

namespace heatmap {

struct Scene;

HEATMAP_FUNC std::vector<std::uint8_t> render_pdf(const Scene& scene);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "embedded_image.hpp"
#include "font.hpp"
#include "scene.hpp"
#include "text.hpp"
#include "truetype_subset.hpp"
#include "version.hpp"

namespace heatmap {
namespace detail {

inline std::string pdf_num(double v) {
    if (!std::isfinite(v)) v = 0;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

inline std::string pdf_rgb(Rgba c) {
    return pdf_num(c.r / 255.0) + " " + pdf_num(c.g / 255.0) + " " + pdf_num(c.b / 255.0);
}

// A PDF string literal for Info entries: ASCII, with the special characters escaped.
inline std::string pdf_string(std::string_view s) {
    std::string out = "(";
    for (char c : s) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += (static_cast<unsigned char>(c) < 0x80 && static_cast<unsigned char>(c) >= 0x20)
                   ? c
                   : '?';
    }
    return out + ")";
}

class PdfWriter {
  public:
    // Objects 1-3 are the catalog, the page tree and the page, written last.
    explicit PdfWriter(const Scene& scene) : scene_(scene), objects_(3) {}

    std::vector<std::uint8_t> write() {
        collect_fonts();
        std::string content = "1 0 0 -1 0 " + pdf_num(scene_.height) + " cm\n";
        if (scene_.background.a)
            content += fill_color(scene_.background) + "0 0 " + pdf_num(scene_.width) + " " +
                       pdf_num(scene_.height) + " re f\n";
        for (const SceneItem& item : scene_.items)
            std::visit([&](const auto& it) { draw(content, it); }, item.shape);
        while (open_clips_-- > 0) content += "Q\n";
        return assemble(content);
    }

  private:
    // ---- the document ----
    int add_object(std::string body) {
        objects_.push_back(std::move(body));
        return static_cast<int>(objects_.size());
    }
    static std::string stream(const std::string& dict, const std::vector<std::uint8_t>& data) {
        return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" +
               std::string(data.begin(), data.end()) + "\nendstream";
    }
    static std::string deflated(const std::string& dict, const std::string& text) {
        return stream(dict + " /Filter /FlateDecode",
                      zlib(std::vector<std::uint8_t>(text.begin(), text.end())));
    }

    std::vector<std::uint8_t> assemble(const std::string& content) {
        const int content_id = add_object(deflated("", content));
        std::string fonts;
        for (FaceFont& f : faces_)
            fonts += "/F" + std::to_string(f.face) + " " + std::to_string(font_object(f)) + " 0 R ";
        std::string xobjects;
        for (const auto& [name, id] : image_ids_)
            xobjects += "/" + name + " " + std::to_string(id) + " 0 R ";
        std::string states;
        for (const auto& [alpha, name] : alpha_states_)
            states += "/" + name + " << /Type /ExtGState /ca " + pdf_num(alpha / 255.0) + " /CA " +
                      pdf_num(alpha / 255.0) + " >> ";
        objects_[0] = "<< /Type /Catalog /Pages 2 0 R >>";
        objects_[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
        objects_[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + pdf_num(scene_.width) + " " +
                      pdf_num(scene_.height) + "] /Contents " + std::to_string(content_id) +
                      " 0 R /Resources << /ProcSet [/PDF /Text /ImageB /ImageC /ImageI]" +
                      (fonts.empty() ? "" : " /Font << " + fonts + ">>") +
                      (xobjects.empty() ? "" : " /XObject << " + xobjects + ">>") +
                      (states.empty() ? "" : " /ExtGState << " + states + ">>") + " >> >>";
        const int info = add_object("<< /Producer (heatmap " + std::string(version) +
                                    ") /Creator (heatmap, Matplotlib's figure) >>");
        std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
        std::vector<std::size_t> offsets;
        for (std::size_t i = 0; i < objects_.size(); ++i) {
            offsets.push_back(out.size());
            out += std::to_string(i + 1) + " 0 obj\n" + objects_[i] + "\nendobj\n";
        }
        const std::size_t xref = out.size();
        out += "xref\n0 " + std::to_string(objects_.size() + 1) + "\n0000000000 65535 f \n";
        char line[32];
        for (std::size_t o : offsets) {
            std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
            out += line;
        }
        // The file's ID: a hash of everything before it, so equal figures give equal files.
        std::uint64_t h = 1469598103934665603ull;
        for (char c : out) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        char id[40];
        std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(h),
                      static_cast<unsigned long long>(h * 0x9E3779B97F4A7C15ull));
        out += "trailer\n<< /Size " + std::to_string(objects_.size() + 1) + " /Root 1 0 R /Info " +
               std::to_string(info) + " 0 R /ID [<" + id + "> <" + id + ">] >>\nstartxref\n" +
               std::to_string(xref) + "\n%%EOF\n";
        return std::vector<std::uint8_t>(out.begin(), out.end());
    }

    // ---- fonts: one Type0 font per face of the figure's font set, holding a subset ----
    struct FaceFont {
        int face = 0;
        std::vector<GlyphOutline> outlines;  // subset order: .notdef first
        std::map<int, int> cid;              // glyph id in the figure's set -> CID
        std::map<int, char32_t> unicode;     // CID -> the character it draws
        std::string name;
        int ascent = 0, descent = 0;
    };

    void collect_fonts() {
        for (const SceneItem& item : scene_.items) {
            const auto* run = std::get_if<TextRun>(&item.shape);
            if (!run) continue;
            for (const ShapedText& line : run->shaped->lines)
                for (const VectorGlyph& g : line.vector_glyphs) {
                    const GlyphOutline o = line.fonts[0].font_outline(g.glyph);
                    FaceFont& f = face_font(o.face, line.fonts[0], g.glyph, o);
                    auto it = f.cid.find(g.glyph);
                    if (it == f.cid.end()) {
                        it = f.cid.emplace(g.glyph, static_cast<int>(f.outlines.size())).first;
                        f.outlines.push_back(o);
                    }
                    f.unicode.emplace(it->second, g.cp);
                }
        }
    }

    FaceFont& face_font(int face, const FontInstance& font, int glyph, const GlyphOutline& o) {
        for (FaceFont& f : faces_)
            if (f.face == face) return f;
        FaceFont f;
        f.face = face;
        // .notdef: the face's glyph 0 (combined id glyph - local id for fallback faces).
        f.outlines.push_back(font.font_outline(glyph - o.glyph));
        f.cid.emplace(glyph - o.glyph, 0);
        std::string base =
            face == 0 ? "DejaVuSans" : font.fonts().face_name(static_cast<std::size_t>(face));
        std::string clean;
        for (char c : base)
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-')
                clean += c;
        f.name = clean.empty() ? "Font" + std::to_string(face) : clean;
        const int upem = o.units_per_em;
        f.ascent = upem * 1901 / 2048, f.descent = -upem * 483 / 2048;  // DejaVu's proportions
        faces_.push_back(std::move(f));
        return faces_.back();
    }

    int font_object(const FaceFont& f) {
        // A subset tag from the glyphs it holds: six letters, the same for the same subset.
        std::uint32_t h = 2166136261u;
        for (const auto& [g, c] : f.cid) h = (h ^ static_cast<std::uint32_t>(g)) * 16777619u;
        std::string tag;
        for (int i = 0; i < 6; ++i) tag += static_cast<char>('A' + (h >> (i * 5)) % 26);
        const std::string name = tag + "+" + f.name;
        const int upem = f.outlines.front().units_per_em;
        const std::vector<std::uint8_t> ttf =
            build_truetype_subset(f.outlines, name, f.ascent, f.descent);
        const int file = add_object(
            stream("/Length1 " + std::to_string(ttf.size()) + " /Filter /FlateDecode", zlib(ttf)));
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        for (const GlyphOutline& o : f.outlines)
            for (const FontPoint& p : o.points) {
                x0 = std::min(x0, static_cast<int>(p.x)), y0 = std::min(y0, static_cast<int>(p.y));
                x1 = std::max(x1, static_cast<int>(p.x)), y1 = std::max(y1, static_cast<int>(p.y));
            }
        auto units = [upem](double v) { return pdf_num(v * 1000.0 / upem); };
        const int descriptor =
            add_object("<< /Type /FontDescriptor /FontName /" + name + " /Flags 32 /FontBBox [" +
                       units(x0) + " " + units(y0) + " " + units(x1) + " " + units(y1) +
                       "] /ItalicAngle 0 /Ascent " + units(f.ascent) + " /Descent " +
                       units(f.descent) + " /CapHeight " + units(upem * 1493 / 2048) +
                       " /StemV 80 /FontFile2 " + std::to_string(file) + " 0 R >>");
        std::string widths = "[0 [";
        for (const GlyphOutline& o : f.outlines) widths += units(o.advance) + " ";
        widths += "]]";
        const int cidfont =
            add_object("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + name +
                       " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                       "/FontDescriptor " +
                       std::to_string(descriptor) + " 0 R /DW 1000 /W " + widths +
                       " /CIDToGIDMap /Identity >>");
        std::string cmap =
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
            "<0000> <FFFF>\nendcodespacerange\n";
        std::vector<std::pair<int, char32_t>> map(f.unicode.begin(), f.unicode.end());
        for (std::size_t i = 0; i < map.size(); i += 100) {
            const std::size_t end = std::min(map.size(), i + 100);
            cmap += std::to_string(end - i) + " beginbfchar\n";
            for (std::size_t j = i; j < end; ++j) {
                char buf[40];
                std::snprintf(buf, sizeof buf, "<%04X> <", map[j].first);
                cmap += buf;
                const char32_t cp = map[j].second;
                if (cp >= 0x10000) {
                    const char32_t v = cp - 0x10000;
                    std::snprintf(buf, sizeof buf, "%04X%04X>\n", 0xD800 + (v >> 10),
                                  0xDC00 + (v & 0x3FF));
                } else {
                    std::snprintf(buf, sizeof buf, "%04X>\n", static_cast<unsigned>(cp));
                }
                cmap += buf;
            }
            cmap += "endbfchar\n";
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        const int to_unicode = add_object(deflated("", cmap));
        return add_object("<< /Type /Font /Subtype /Type0 /BaseFont /" + name +
                          " /Encoding /Identity-H /DescendantFonts [" + std::to_string(cidfont) +
                          " 0 R] /ToUnicode " + std::to_string(to_unicode) + " 0 R >>");
    }

    // ---- drawing ----
    std::string alpha(std::uint8_t a) {
        if (a == 255 && current_alpha_ == 255) return "";
        if (a == current_alpha_) return "";
        current_alpha_ = a;
        auto it = alpha_states_.find(a);
        if (it == alpha_states_.end())
            it = alpha_states_.emplace(a, "A" + std::to_string(alpha_states_.size())).first;
        return "/" + it->second + " gs\n";
    }
    std::string fill_color(Rgba c) { return alpha(c.a) + pdf_rgb(c) + " rg\n"; }
    std::string stroke_color(Rgba c) { return alpha(c.a) + pdf_rgb(c) + " RG\n"; }

    void draw(std::string& out, const RectItem& r) {
        out += fill_color(r.color) + pdf_num(r.box.x0) + " " + pdf_num(r.box.y0) + " " +
               pdf_num(r.box.width()) + " " + pdf_num(r.box.height()) + " re f\n";
    }
    void draw(std::string& out, const LineItem& l) {
        out += stroke_color(l.color) + pdf_num(l.width) + " w " +
               (l.cap == LineCap::projecting ? "2" : "0") + " J " + pdf_num(l.a.x) + " " +
               pdf_num(l.a.y) + " m " + pdf_num(l.b.x) + " " + pdf_num(l.b.y) + " l S\n";
    }
    void path(std::string& out, const std::vector<Point>& points) {
        for (std::size_t i = 0; i < points.size(); ++i)
            out += pdf_num(points[i].x) + " " + pdf_num(points[i].y) + (i ? " l " : " m ");
        out += "h ";
    }
    void draw(std::string& out, const PolygonItem& p) {
        if (p.points.empty()) return;
        out += fill_color(p.color);
        path(out, p.points);
        out += "f\n";
    }
    void draw(std::string& out, const OutlineItem& o) {
        if (o.points.empty()) return;
        out += stroke_color(o.color) + pdf_num(o.width) + " w 0 j 0 J ";
        path(out, o.points);
        out += "S\n";
    }

    // A grid of colors, each repeated k x k, as an image XObject drawn over box.
    void image(std::string& out, const std::vector<Rgba>& colors, std::size_t w, std::size_t h,
               std::size_t k, const Box& box) {
        const EmbeddedImage im = embed_image(colors, w, h, k, true);
        std::string space = "/DeviceRGB";
        int colors_per_pixel = 3;
        if (!im.palette.empty()) {
            std::string table;
            for (const Rgba& c : im.palette)
                table += std::string{static_cast<char>(c.r), static_cast<char>(c.g),
                                     static_cast<char>(c.b)};
            std::string hex;
            char buf[4];
            for (char c : table) {
                std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(c));
                hex += buf;
            }
            space =
                "[/Indexed /DeviceRGB " + std::to_string(im.palette.size() - 1) + " <" + hex + ">]";
            colors_per_pixel = 1;
        }
        std::string smask;
        if (im.alpha) {
            // The soft mask: the alpha as a gray image of the same size.
            const int id = add_object(
                stream("/Type /XObject /Subtype /Image /Width " + std::to_string(im.width) +
                           " /Height " + std::to_string(im.height) +
                           " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
                           "/DecodeParms << /Predictor 15 /Colors 1 /Columns " +
                           std::to_string(im.width) + " >>",
                       im.mask));
            smask = " /SMask " + std::to_string(id) + " 0 R";
        }
        const std::string name = "Im" + std::to_string(image_ids_.size());
        const int id = add_object(stream(
            "/Type /XObject /Subtype /Image /Width " + std::to_string(im.width) + " /Height " +
                std::to_string(im.height) + " /ColorSpace " + space +
                " /BitsPerComponent 8 /Interpolate false /Filter /FlateDecode /DecodeParms << "
                "/Predictor 15 /Colors " +
                std::to_string(colors_per_pixel) + " /Columns " + std::to_string(im.width) + " >>" +
                smask,
            im.rows));
        image_ids_.emplace_back(name, id);
        out += alpha(255) + "q " + pdf_num(box.width()) + " 0 0 " + pdf_num(-box.height()) + " " +
               pdf_num(box.x0) + " " + pdf_num(box.y1) + " cm /" + name + " Do Q\n";
    }

    void draw(std::string& out, const CellsItem& c) {
        if (c.rows == 0 || c.cols == 0 || !(c.box.width() > 0) || !(c.box.height() > 0)) return;
        image(out, c.colors, c.cols, c.rows, cell_upscale(c.box, c.rows, c.cols, CellViewer::pdf),
              c.box);
        if (c.edge_width > 0 && c.edge_color.a) {
            out += stroke_color(c.edge_color) + pdf_num(c.edge_width) + " w 2 J ";
            const double cw = c.box.width() / static_cast<double>(c.cols),
                         ch = c.box.height() / static_cast<double>(c.rows);
            for (std::size_t i = 0; i <= c.cols; ++i) {
                const double x = c.box.x0 + static_cast<double>(i) * cw;
                out += pdf_num(x) + " " + pdf_num(c.box.y0) + " m " + pdf_num(x) + " " +
                       pdf_num(c.box.y1) + " l ";
            }
            for (std::size_t i = 0; i <= c.rows; ++i) {
                const double y = c.box.y0 + static_cast<double>(i) * ch;
                out += pdf_num(c.box.x0) + " " + pdf_num(y) + " m " + pdf_num(c.box.x1) + " " +
                       pdf_num(y) + " l ";
            }
            out += "S\n";
        }
    }
    void draw(std::string& out, const PixelsItem& p) {
        if (p.width <= 0 || p.height <= 0) return;
        const double s = p.pixels_per_unit;
        const std::uint8_t saved = current_alpha_;
        out += "q " + pdf_num(p.box.x0) + " " + pdf_num(p.box.y0) + " " + pdf_num(p.box.width()) +
               " " + pdf_num(p.box.height()) + " re W n\n";
        image(out, p.pixels, static_cast<std::size_t>(p.width), static_cast<std::size_t>(p.height),
              1, Box{p.x / s, p.y / s, (p.x + p.width) / s, (p.y + p.height) / s});
        out += "Q\n";
        current_alpha_ = saved;
    }
    void draw(std::string& out, const BandsItem& b) {
        if (b.colors.empty()) return;
        std::vector<Rgba> px(b.colors);
        if (!b.horizontal) std::reverse(px.begin(), px.end());
        const std::size_t n = px.size();
        image(out, px, b.horizontal ? n : 1, b.horizontal ? 1 : n, 1, b.box);
    }

    void draw(std::string& out, const TextRun& t) {
        const ShapedLines& s = *t.shaped;
        const double angle = t.rotation * 3.14159265358979323846 / 180.0;
        const double cs = std::cos(angle), sn = std::sin(angle);
        out += fill_color(t.color) + "BT\n";
        for (std::size_t i = 0; i < s.lines.size(); ++i) {
            const ShapedText& line = s.lines[i];
            if (line.vector_glyphs.empty()) continue;
            const Point o{t.anchor.x + s.placed.baselines[i].x,
                          t.anchor.y - s.placed.baselines[i].y};
            // Glyph space (y up) into the page's flipped space, turned by the rotation.
            auto matrix = [&](double x, double y, double slant) {
                const double px = o.x + x * cs - y * sn, py = o.y - (x * sn + y * cs);
                // [1 0 slant 1] then the rotation and the flip.
                return pdf_num(cs) + " " + pdf_num(-sn) + " " + pdf_num(cs * slant - sn) + " " +
                       pdf_num(-sn * slant - cs) + " " + pdf_num(px) + " " + pdf_num(py) + " Tm ";
            };
            if (!line.math) {
                const VectorGlyph& first = line.vector_glyphs.front();
                const double size = first.em;
                int face = -1;
                std::string run;
                double pen = 0;  // where the current point is, along the line
                for (std::size_t j = 0; j < line.vector_glyphs.size(); ++j) {
                    const VectorGlyph& g = line.vector_glyphs[j];
                    const GlyphOutline o2 = line.fonts[0].font_outline(g.glyph);
                    const FaceFont& f = *find_face(o2.face);
                    if (o2.face != face) {
                        if (!run.empty()) out += "[" + run + "] TJ\n";
                        run.clear();
                        out += "/F" + std::to_string(o2.face) + " " + pdf_num(size) + " Tf " +
                               matrix(g.x, 0, 0) + "\n";
                        face = o2.face, pen = g.x;
                    }
                    // Move from where the previous glyph left the pen to this glyph's place.
                    const double gap = (g.x - pen) * 1000.0 / size;
                    if (std::abs(gap) > 0.001) run += " " + pdf_num(-gap) + " ";
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "<%04X>", f.cid.at(g.glyph));
                    run += buf;
                    pen = g.x + o2.advance * size / o2.units_per_em;
                }
                if (!run.empty()) out += "[" + run + "] TJ\n";
            } else {
                const ObliqueSlant ob = oblique_slant();
                for (const VectorGlyph& g : line.vector_glyphs) {
                    const GlyphOutline o2 = line.fonts[0].font_outline(g.glyph);
                    const FaceFont& f = *find_face(o2.face);
                    const double shift = g.oblique ? ob.shift * g.em / 2048.0 : 0.0;
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "<%04X>", f.cid.at(g.glyph));
                    out += "/F" + std::to_string(o2.face) + " " + pdf_num(g.em) + " Tf " +
                           matrix(g.x - shift, g.y, g.oblique ? ob.slant : 0.0) + buf + " Tj\n";
                }
            }
        }
        out += "ET\n";
    }

    const FaceFont* find_face(int face) const {
        for (const FaceFont& f : faces_)
            if (f.face == face) return &f;
        return &faces_.front();
    }

    void draw(std::string& out, const ClipBegin& c) {
        out += "q " + pdf_num(c.box.x0) + " " + pdf_num(c.box.y0) + " " + pdf_num(c.box.width()) +
               " " + pdf_num(c.box.height()) + " re W n\n";
        ++open_clips_;
        saved_alpha_.push_back(current_alpha_);
    }
    void draw(std::string& out, const ClipEnd&) {
        if (open_clips_ <= 0) return;
        --open_clips_;
        out += "Q\n";
        current_alpha_ = saved_alpha_.back();
        saved_alpha_.pop_back();
    }

    const Scene& scene_;
    std::vector<std::string> objects_;
    std::vector<FaceFont> faces_;
    std::vector<std::pair<std::string, int>> image_ids_;
    std::map<std::uint8_t, std::string> alpha_states_;
    std::uint8_t current_alpha_ = 255;
    std::vector<std::uint8_t> saved_alpha_;
    int open_clips_ = 0;
};

}  // namespace detail

HEATMAP_FUNC std::vector<std::uint8_t> render_pdf(const Scene& scene) {
    return detail::PdfWriter(scene).write();
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
