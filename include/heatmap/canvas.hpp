#pragma once
// Canvas: an RGBA8 image and the few ways to put color on it. Everything that draws (cells, lines,
// glyphs) ends in blend_span or fill_rect, so the blending rule lives in one place and matches
// Matplotlib's Agg backend (straight-alpha RGBA, 8-bit coverage), which keeps antialiased edges
// byte-close to its figures.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "color.hpp"
#include "error.hpp"
#include "geometry.hpp"
#include "image.hpp"
#include "prefault.hpp"

namespace heatmap {

class Canvas {
  public:
    // Refuses an empty image or one over max_pixels before allocating anything.
    Canvas(int width, int height, Rgba background, std::int64_t max_pixels = default_max_pixels) {
        detail::check_image_size(width, height, max_pixels);
        image_.width = width;
        image_.height = height;
        // One pass over fresh memory: resize() would zero every byte before the background is
        // painted over it, and first touching a page costs more than filling it; the pages are
        // mapped in one call first rather than one fault each (prefault.hpp).
        std::vector<std::uint8_t> row(static_cast<std::size_t>(width) * 4);
        for (std::size_t i = 0; i < row.size(); i += 4)
            row[i] = background.r, row[i + 1] = background.g, row[i + 2] = background.b,
            row[i + 3] = background.a;
        const std::size_t bytes = row.size() * static_cast<std::size_t>(height);
        image_.pixels.reserve(bytes);
        detail::prefault(image_.pixels.data(), bytes);
        for (int y = 0; y < height; ++y)
            image_.pixels.insert(image_.pixels.end(), row.begin(), row.end());
        unclip();
    }

    int width() const { return image_.width; }
    int height() const { return image_.height; }

    // Drawing reaches only the pixels [x0, x1) x [y0, y1) until the clip is set again (Agg's clip
    // box, whole pixels); the whole image by default.
    void clip(int x0, int y0, int x1, int y1) {
        clip_x0_ = std::clamp(x0, 0, image_.width), clip_x1_ = std::clamp(x1, 0, image_.width);
        clip_y0_ = std::clamp(y0, 0, image_.height), clip_y1_ = std::clamp(y1, 0, image_.height);
    }
    void unclip() { clip(0, 0, image_.width, image_.height); }
    const Image& image() const& { return image_; }
    Image take() && { return std::move(image_); }

    // Source-over blend of color at coverage cover (0..255), Agg's straight-alpha rule.
    void blend(int x, int y, Rgba c, std::uint32_t cover) {
        if (x < clip_x0_ || y < clip_y0_ || x >= clip_x1_ || y >= clip_y1_) return;
        blend_pixel(pixel(x, y), c, cover);
    }

    // Blends len pixels of one color starting at (x, y), each with its own coverage; clipped to the
    // image.
    void blend_span(int x, int y, int len, Rgba c, const std::uint8_t* covers) {
        if (y < clip_y0_ || y >= clip_y1_) return;
        int begin = std::max(x, clip_x0_), end = std::min(x + len, clip_x1_);
        for (int i = begin; i < end; ++i) blend_pixel(pixel(i, y), c, covers[i - x]);
    }

    // Pixel rectangle [x0, x1) x [y0, y1), clipped: the fast path for cells and backgrounds.
    void fill_rect(int x0, int y0, int x1, int y1, Rgba c) {
        x0 = std::max(x0, clip_x0_), y0 = std::max(y0, clip_y0_);
        x1 = std::min(x1, clip_x1_), y1 = std::min(y1, clip_y1_);
        if (x0 >= x1 || y0 >= y1) return;
        for (int y = y0; y < y1; ++y) {
            std::uint8_t* p = pixel(x0, y);
            if (c.a == 255) {
                // Whole pixels at a time: the compiler turns this into wide stores.
                const std::uint8_t px[4] = {c.r, c.g, c.b, 255};
                std::uint32_t word;
                std::memcpy(&word, px, 4);
                for (int x = x0; x < x1; ++x, p += 4) std::memcpy(p, &word, 4);
            } else {
                for (int x = x0; x < x1; ++x, p += 4) blend_pixel(p, c, 255);
            }
        }
    }

    // Rectangle with float edges: each pixel is covered by the exact area of the rectangle inside
    // it.
    void fill_rect(double x0, double y0, double x1, double y1, Rgba c) {
        if (!(x0 < x1 && y0 < y1)) return;
        x0 = std::max(x0, static_cast<double>(clip_x0_)),
        y0 = std::max(y0, static_cast<double>(clip_y0_));
        x1 = std::min(x1, static_cast<double>(clip_x1_));
        y1 = std::min(y1, static_cast<double>(clip_y1_));
        if (!(x0 < x1 && y0 < y1)) return;
        const int ix0 = static_cast<int>(std::floor(x0)), ix1 = static_cast<int>(std::ceil(x1));
        const int iy0 = static_cast<int>(std::floor(y0)), iy1 = static_cast<int>(std::ceil(y1));
        for (int y = iy0; y < iy1; ++y) {
            const double cy = std::min(y1, y + 1.0) - std::max(y0, static_cast<double>(y));
            for (int x = ix0; x < ix1; ++x) {
                const double cx = std::min(x1, x + 1.0) - std::max(x0, static_cast<double>(x));
                const auto cover = static_cast<std::uint32_t>(detail::iround(cx * cy * 255.0));
                if (cover) blend_pixel(pixel(x, y), c, cover);
            }
        }
    }

  private:
    std::uint8_t* pixel(int x, int y) {
        return image_.pixels.data() +
               (static_cast<std::size_t>(y) * static_cast<std::size_t>(image_.width) +
                static_cast<std::size_t>(x)) *
                   4;
    }

    // Agg's fixed_blender_rgba_plain as Matplotlib configures it: an opaque color at full coverage
    // is copied, anything else blends in straight alpha. The unsigned arithmetic wraps in the
    // middle on purpose; the true result is positive and below 2^32, so it comes out exact.
    static void blend_pixel(std::uint8_t* p, Rgba c, std::uint32_t cover) {
        if (c.a == 255 && cover >= 255) {
            p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
            return;
        }
        const std::uint32_t alpha = detail::mul8(c.a, std::min<std::uint32_t>(cover, 255));
        if (alpha == 0) return;
        const std::uint32_t a = p[3];
        const std::uint32_t r = p[0] * a, g = p[1] * a, b = p[2] * a;
        const std::uint32_t out = ((alpha + a) << 8) - alpha * a;
        p[3] = static_cast<std::uint8_t>(out >> 8);
        p[0] =
            static_cast<std::uint8_t>((((std::uint32_t{c.r} << 8) - r) * alpha + (r << 8)) / out);
        p[1] =
            static_cast<std::uint8_t>((((std::uint32_t{c.g} << 8) - g) * alpha + (g << 8)) / out);
        p[2] =
            static_cast<std::uint8_t>((((std::uint32_t{c.b} << 8) - b) * alpha + (b << 8)) / out);
    }

    Image image_;
    int clip_x0_ = 0, clip_y0_ = 0, clip_x1_ = 0, clip_y1_ = 0;
};

}  // namespace heatmap
