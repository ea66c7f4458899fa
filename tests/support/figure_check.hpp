#pragma once
// Test support: holds a rendered figure against Matplotlib's, the way ../shared/tools/compare_figure.py
// measures it (pixel RMS over the whole image, box offsets, texts and colors, cell colors sampled 20% inside
// each cell's top-left corner). PNGs are read with stb_image (libstb-dev), in tests only.

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <heatmap/canvas.hpp>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace figure_check {

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline heatmap::Image load_png(const std::string& path) {
    int w = 0, h = 0, n = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> data(stbi_load(path.c_str(), &w, &h, &n, 4), stbi_image_free);
    if (!data) throw std::runtime_error("cannot decode " + path);
    heatmap::Image img;
    img.width = w, img.height = h;
    img.pixels.assign(data.get(), data.get() + static_cast<std::size_t>(w) * h * 4);
    return img;
}

inline heatmap::Image decode_png(const std::vector<std::uint8_t>& bytes) {
    int w = 0, h = 0, n = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> data(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &n, 4), stbi_image_free);
    if (!data) throw std::runtime_error("cannot decode PNG bytes");
    heatmap::Image img;
    img.width = w, img.height = h;
    img.pixels.assign(data.get(), data.get() + static_cast<std::size_t>(w) * h * 4);
    return img;
}

// RMS over every channel of every pixel, as compare_figure.py computes it.
inline double rms(const heatmap::Image& a, const heatmap::Image& b) {
    if (a.width != b.width || a.height != b.height) return INFINITY;
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        const double d = double(a.pixels[i]) - double(b.pixels[i]);
        sum += d * d;
    }
    return std::sqrt(sum / a.pixels.size());
}

// A minimal JSON value and reader: enough for the layout files (objects, arrays, strings, numbers, null).
struct Json {
    std::variant<std::nullptr_t, double, std::string, std::vector<Json>, std::map<std::string, Json>> v;
    bool is_null() const { return std::holds_alternative<std::nullptr_t>(v); }
    double num() const { return std::get<double>(v); }
    const std::string& str() const { return std::get<std::string>(v); }
    const std::vector<Json>& arr() const { return std::get<std::vector<Json>>(v); }
    const Json& operator[](const std::string& k) const { return std::get<std::map<std::string, Json>>(v).at(k); }
    const Json& operator[](std::size_t i) const { return arr().at(i); }
    bool has(const std::string& k) const {
        const auto* m = std::get_if<std::map<std::string, Json>>(&v);
        return m && m->count(k);
    }
};

class JsonReader {
public:
    explicit JsonReader(std::string s) : s_(std::move(s)) {}
    Json parse() {
        Json j = value();
        ws();
        if (i_ != s_.size()) fail("trailing text");
        return j;
    }

private:
    [[noreturn]] void fail(const char* what) { throw std::runtime_error(std::string("json: ") + what); }
    void ws() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    Json value() {
        ws();
        if (i_ >= s_.size()) fail("unexpected end");
        const char c = s_[i_];
        if (c == '{') {
            ++i_;
            std::map<std::string, Json> m;
            ws();
            if (s_[i_] == '}') return ++i_, Json{m};
            for (;;) {
                ws();
                std::string k = string();
                ws();
                if (s_[i_++] != ':') fail("expected :");
                m[k] = value();
                ws();
                if (s_[i_] == ',') { ++i_; continue; }
                if (s_[i_++] != '}') fail("expected }");
                return Json{m};
            }
        }
        if (c == '[') {
            ++i_;
            std::vector<Json> a;
            ws();
            if (s_[i_] == ']') return ++i_, Json{a};
            for (;;) {
                a.push_back(value());
                ws();
                if (s_[i_] == ',') { ++i_; continue; }
                if (s_[i_++] != ']') fail("expected ]");
                return Json{a};
            }
        }
        if (c == '"') return Json{string()};
        if (s_.compare(i_, 4, "null") == 0) return i_ += 4, Json{nullptr};
        if (s_.compare(i_, 4, "true") == 0) return i_ += 4, Json{1.0};
        if (s_.compare(i_, 5, "false") == 0) return i_ += 5, Json{0.0};
        std::size_t used = 0;
        const double d = std::stod(s_.substr(i_, 40), &used);
        i_ += used;
        return Json{d};
    }
    std::string string() {
        if (s_[i_++] != '"') fail("expected string");
        std::string out;
        while (i_ < s_.size() && s_[i_] != '"') {
            char c = s_[i_++];
            if (c != '\\') { out += c; continue; }
            c = s_[i_++];
            if (c == 'u') {
                const unsigned cp = static_cast<unsigned>(std::stoul(s_.substr(i_, 4), nullptr, 16));
                i_ += 4;
                if (cp < 0x80) out += char(cp);
                else if (cp < 0x800) out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
                else out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
            } else {
                out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
            }
        }
        ++i_;
        return out;
    }
    std::string s_;
    std::size_t i_ = 0;
};

inline Json load_json(const std::string& path) {
    const std::string text = read_text(path);
    return JsonReader(text).parse();
}

// compare_figure.py's reading of a text: U+2212 as '-', $\mathdefault{10^{2}}$ as 10^2.
inline std::string plain_text(std::string s) {
    for (std::size_t p; (p = s.find("\xE2\x88\x92")) != std::string::npos;) s.replace(p, 3, "-");
    const std::string open = "$\\mathdefault{";
    if (s.rfind(open, 0) == 0 && s.size() >= open.size() + 2 && s.compare(s.size() - 2, 2, "}$") == 0)
        s = s.substr(open.size(), s.size() - open.size() - 2);
    std::string out;
    for (char c : s)
        if (c != '{' && c != '}') out += c;
    return out;
}

inline double box_offset(const Json& a, const Json& b) {
    if (a.is_null() && b.is_null()) return 0;
    if (a.is_null() || b.is_null()) return INFINITY;
    double d = 0;
    for (std::size_t i = 0; i < 4; ++i) d = std::fmax(d, std::fabs(a[i].num() - b[i].num()));
    return d;
}

struct Comparison {
    double rms = 0;
    double worst_box = 0;
    std::string worst_box_name;
    int cells_off = 0, cells = 0;
    int cells_inexact = 0;    // cells whose sampled color differs at all
    int colorbar_px_off = 0;  // pixels inside the colorbar (2 px in from its box) that differ at all
    std::vector<std::string> problems;  // texts or colors that differ, parts present in one only
};

// Holds actual (image + layout JSON) against expected (Matplotlib's PNG + layout JSON).
inline Comparison compare(const heatmap::Image& expected_png, const Json& expected, const heatmap::Image& actual_png,
                          const Json& actual) {
    Comparison c;
    c.rms = rms(expected_png, actual_png);
    auto off = [&](const std::string& name, const Json& e, const Json& a) {
        const double d = box_offset(e, a);
        if (d > c.worst_box) c.worst_box = d, c.worst_box_name = name;
    };
    for (const char* key : {"axes", "colorbar", "title", "xlabel", "ylabel", "colorbar_label"}) off(key, expected[key], actual[key]);
    for (const char* key : {"xticklabels", "yticklabels", "colorbar_ticklabels"}) {
        const auto& e = expected[key].arr();
        const auto& a = actual[key].arr();
        if (e.size() != a.size()) {
            c.problems.push_back(std::string(key) + ": " + std::to_string(a.size()) + " labels, expected " +
                                 std::to_string(e.size()));
            continue;
        }
        for (std::size_t i = 0; i < e.size(); ++i) {
            if (plain_text(e[i][0].str()) != plain_text(a[i][0].str()))
                c.problems.push_back(std::string(key) + ": '" + a[i][0].str() + "' vs '" + e[i][0].str() + "'");
            off(std::string(key) + " " + e[i][0].str(), e[i][1], a[i][1]);
        }
    }
    const auto& ea = expected["annotations"].arr();
    const auto& aa = actual["annotations"].arr();
    if (ea.size() != aa.size()) {
        c.problems.push_back("annotations: " + std::to_string(aa.size()) + ", expected " + std::to_string(ea.size()));
    } else {
        for (std::size_t i = 0; i < ea.size(); ++i) {
            if (ea[i][0].str() != aa[i][0].str() || ea[i][1].str() != aa[i][1].str())
                c.problems.push_back("annotation " + std::to_string(i) + ": '" + aa[i][0].str() + "' " + aa[i][1].str() +
                                     " vs '" + ea[i][0].str() + "' " + ea[i][1].str());
            off("annotation " + ea[i][0].str(), ea[i][2], aa[i][2]);
        }
    }
    // Cell colors, sampled where compare_figure.py samples them.
    const Json& axes = expected["axes"];
    const std::size_t rows = expected["yticklabels"].arr().size(), cols = expected["xticklabels"].arr().size();
    if (rows && cols && expected_png.width == actual_png.width && expected_png.height == actual_png.height) {
        const double cw = (axes[2].num() - axes[0].num()) / cols, ch = (axes[3].num() - axes[1].num()) / rows;
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < cols; ++k) {
                const int x = int(axes[0].num() + (k + 0.2) * cw), y = int(axes[1].num() + (r + 0.2) * ch);
                const heatmap::Rgba e = expected_png.at(x, y), a = actual_png.at(x, y);
                ++c.cells;
                if (std::abs(e.r - a.r) > 1 || std::abs(e.g - a.g) > 1 || std::abs(e.b - a.b) > 1 || std::abs(e.a - a.a) > 1)
                    ++c.cells_off;
                if (!(e == a)) ++c.cells_inexact;
            }
    }
    // The colorbar's bands (a pcolormesh in Matplotlib, colors rounded by Agg), away from its edges.
    const Json& bar = expected["colorbar"];
    if (!bar.is_null() && expected_png.width == actual_png.width && expected_png.height == actual_png.height) {
        for (int y = int(std::ceil(bar[1].num())) + 2; y < int(bar[3].num()) - 2; ++y)
            for (int x = int(std::ceil(bar[0].num())) + 2; x < int(bar[2].num()) - 2; ++x)
                if (!(expected_png.at(x, y) == actual_png.at(x, y))) ++c.colorbar_px_off;
    }
    return c;
}

}  // namespace figure_check
