#pragma once
// Images as the vector backends embed them: a grid of colors (cells, reduced pixels, colorbar
// bands) with each source pixel repeated into a k x k block, coded once as PNG-filtered, zlib-
// compressed rows that both an SVG's embedded PNG and a PDF image XObject (FlateDecode with PNG
// predictors) carry unchanged. A grid of at most 256 colors is stored as indices into a palette (a
// third of RGB's bytes, and what makes a finely upscaled image cheap); alpha, when any pixel is not
// opaque, rides in the palette (PNG's tRNS) or as its own gray channel (PDF's soft mask).
//
//   EmbeddedImage im = embed_image(colors, cols, rows, k, false);  // (cols*k) x (rows*k) pixels
//   std::vector<std::uint8_t> png = png_file(im);            // for <image href="data:...">

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "color.hpp"
#include "deflate.hpp"
#include "geometry.hpp"
#include "inflate.hpp"  // crc32, as gzip and PNG both use it

namespace heatmap {
namespace detail {

struct EmbeddedImage {
    int width = 0, height = 0;
    std::vector<Rgba> palette;       // non-empty: indexed, one byte a pixel
    bool alpha = false;              // some pixel is not opaque
    int channels = 1;                // bytes a pixel in rows: 1 (indexed), 3 (RGB), 4 (RGBA)
    std::vector<std::uint8_t> rows;  // zlib stream of the PNG-filtered rows
    std::vector<std::uint8_t> mask;  // zlib stream of filtered alpha rows (separate alpha)
};

inline std::vector<std::uint8_t> zlib(const std::vector<std::uint8_t>& data) {
    int size = 0;
    unsigned char* z = zlib_compress_figure(const_cast<unsigned char*>(data.data()),
                                            static_cast<int>(data.size()), &size, 0);
    if (!z) throw std::bad_alloc();
    std::vector<std::uint8_t> out(z, z + size);
    std::free(z);
    return out;
}

// The w x h grid of colors (row-major) as an image of (w * k) x (h * k) pixels. Over 256 colors
// with some not opaque, alpha goes to `mask` when separate_alpha (PDF), else into RGBA rows (PNG).
inline EmbeddedImage embed_image(const std::vector<Rgba>& colors, std::size_t w, std::size_t h,
                                 std::size_t k, bool separate_alpha) {
    if (w == 0 || h == 0 || k == 0 || colors.size() != w * h)
        throw std::invalid_argument("embed_image: the grid is empty or its colors do not fill it");
    const std::size_t out_w = w * k, out_h = h * k;
    if (out_w > 0x7fffffff / 4 || out_h > 0x7fffffff || out_w * out_h > (std::size_t{1} << 28))
        throw std::invalid_argument("embed_image: an image of " + std::to_string(out_w) + "x" +
                                    std::to_string(out_h) + " pixels is too large to embed");
    EmbeddedImage im;
    im.width = static_cast<int>(out_w), im.height = static_cast<int>(out_h);
    for (const Rgba& c : colors) im.alpha = im.alpha || c.a != 255;
    std::map<std::uint32_t, std::uint8_t> index;
    auto key = [](Rgba c) {
        return std::uint32_t{c.r} << 24 | std::uint32_t{c.g} << 16 | std::uint32_t{c.b} << 8 | c.a;
    };
    for (const Rgba& c : colors) {
        if (index.size() > 256) break;
        if (!index.count(key(c))) index.emplace(key(c), 0);
    }
    const bool indexed = index.size() <= 256;
    if (indexed) {
        std::uint8_t i = 0;
        for (auto& [k2, v] : index) {
            v = i++;
            im.palette.push_back(
                Rgba{static_cast<std::uint8_t>(k2 >> 24), static_cast<std::uint8_t>(k2 >> 16),
                     static_cast<std::uint8_t>(k2 >> 8), static_cast<std::uint8_t>(k2)});
        }
    }
    const std::size_t bpp = indexed ? 1 : im.alpha && !separate_alpha ? 4 : 3;
    im.channels = static_cast<int>(bpp);
    const std::size_t stride = out_w * bpp + 1;
    // Each grid row becomes one distinct pixel row (filter none: every byte against zero) and k - 1
    // repeats (filter up: all zero).
    std::vector<std::uint8_t> rows(stride * out_h, 0), mask;
    if (im.alpha && separate_alpha) mask.assign((out_w + 1) * out_h, 0);
    for (std::size_t r = 0; r < h; ++r) {
        std::uint8_t* first = rows.data() + r * k * stride;
        std::uint8_t* p = first + 1;
        for (std::size_t c = 0; c < w; ++c) {
            const Rgba v = colors[r * w + c];
            for (std::size_t i = 0; i < k; ++i) {
                if (indexed) {
                    *p++ = index[key(v)];
                } else {
                    *p++ = v.r, *p++ = v.g, *p++ = v.b;
                    if (bpp == 4) *p++ = v.a;
                }
            }
            if (!mask.empty()) std::fill_n(mask.data() + r * k * (out_w + 1) + 1 + c * k, k, v.a);
        }
        for (std::size_t i = 1; i < k; ++i) {
            rows[(r * k + i) * stride] = 2;
            if (!mask.empty()) mask[(r * k + i) * (out_w + 1)] = 2;
        }
    }
    im.rows = zlib(rows);
    if (!mask.empty()) im.mask = zlib(mask);
    return im;
}

// How many image pixels each cell gets along both axes (k x k), so that viewers keep cells crisp.
// SVG: rsvg-convert smooths every image, so a source pixel may span at most 2 device pixels at 600
// dpi (the smoothing then reaches 1 pixel into a cell). PDF: poppler draws an image scaled 4 times
// or more with nearest sampling (and smooths below that), Ghostscript always samples nearest, so a
// source pixel spans 4.5 device pixels or more at 72 dpi, and more at any higher resolution. The
// image is kept under 2^24 pixels.
enum class CellViewer { svg, pdf };

inline std::size_t cell_upscale(const Box& box, std::size_t rows, std::size_t cols,
                                CellViewer viewer) {
    const double cell_pt =
        std::min(box.width() / static_cast<double>(cols), box.height() / static_cast<double>(rows));
    const double k = viewer == CellViewer::svg ? std::ceil(cell_pt * 600.0 / 72.0 / 2.0)
                                               : std::floor(cell_pt / 4.5);
    const double cells = static_cast<double>(rows) * static_cast<double>(cols);
    const double limit = std::floor(std::sqrt(16777216.0 / cells));
    return static_cast<std::size_t>(std::max(1.0, std::min(k, limit)));
}

// The image as a PNG file (made with separate_alpha false).
inline std::vector<std::uint8_t> png_file(const EmbeddedImage& im) {
    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    auto be32 = [](std::vector<std::uint8_t>& v, std::uint32_t x) {
        for (int s = 24; s >= 0; s -= 8) v.push_back(static_cast<std::uint8_t>(x >> s));
    };
    auto chunk = [&](const char* type, const std::vector<std::uint8_t>& data) {
        be32(out, static_cast<std::uint32_t>(data.size()));
        const std::size_t start = out.size();
        out.insert(out.end(), type, type + 4);
        out.insert(out.end(), data.begin(), data.end());
        be32(out, crc32(out.data() + start, out.size() - start));
    };
    const bool indexed = !im.palette.empty();
    const int color_type = indexed ? 3 : im.channels == 4 ? 6 : 2;
    std::vector<std::uint8_t> ihdr;
    be32(ihdr, static_cast<std::uint32_t>(im.width));
    be32(ihdr, static_cast<std::uint32_t>(im.height));
    ihdr.insert(ihdr.end(), {8, static_cast<std::uint8_t>(color_type), 0, 0, 0});
    chunk("IHDR", ihdr);
    if (indexed) {
        std::vector<std::uint8_t> plte, trns;
        for (const Rgba& c : im.palette) plte.insert(plte.end(), {c.r, c.g, c.b});
        chunk("PLTE", plte);
        if (im.alpha) {
            for (const Rgba& c : im.palette) trns.push_back(c.a);
            chunk("tRNS", trns);
        }
    }
    chunk("IDAT", im.rows);
    chunk("IEND", {});
    return out;
}

}  // namespace detail
}  // namespace heatmap
