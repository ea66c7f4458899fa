#pragma once
// PNG encoding: stb_image_write (Debian's libstb-dev) writes the file and deflate.hpp, heatmap's
// own deflate for figures, compresses it through stb's STBIW_ZLIB_COMPRESS hook. Built with
// HEATMAP_USE_LIBDEFLATE=1 and linked with -ldeflate (the CMake package does both when it finds
// Debian's libdeflate-dev), libdeflate compresses instead: files a few percent smaller, five times
// slower. HEATMAP_USE_STB_DEFLATE=1 keeps stb's own deflate (for comparison).
//
//   std::vector<std::uint8_t> bytes = heatmap::encode_png(image);
//   heatmap::save_png(image, "out.png");      // atomic: a temporary file renamed over the target
//   heatmap::png_backend();                   // "heatmap", "libdeflate" or "stb": which deflate
//
// What is written, and why. An opaque image is stored as RGB (a quarter less to filter and
// compress); one with any transparent pixel as RGBA. Each row uses one fixed PNG filter instead of
// stb's per-row trial of all five, which costs three times as much and, with stb's fixed-Huffman
// deflate, gains nothing on figures. Measured on Matplotlib's 1056x672 tutorial figure (2 cores,
// medians, compression alone):
//
//   stb defaults (adaptive filter, level 8)            23 ms   63,552 bytes
//   stb, no filter, level 5 (HEATMAP_USE_STB_DEFLATE)   8 ms   62,640 bytes
//   libdeflate, up filter, level 6                     2.8 ms  49,502 bytes
//   deflate.hpp, up filter (the default)               0.5 ms  51,461 bytes
//   (Matplotlib's own file: 55,933 bytes)
//
// The up filter leaves a figure's rows mostly zero (cells and colorbars repeat the row above),
// which both Huffman-coding deflates exploit; stb's fixed codes do better on unfiltered rows. A
// figure of noise (a huge random matrix drawn pixel for pixel) compresses better unfiltered;
// figures are the common case.
//
// stb_image_write must be compiled in exactly one translation unit, which a header-only library
// cannot promise, so heatmap compiles a private copy: every stb function static, inside
// heatmap::detail::stbiw. That copy never clashes with a user's own STB_IMAGE_WRITE_IMPLEMENTATION,
// before or after this header, and leaves the user's stb macros as it found them. stb reads its
// filter and level from variables; ours are private to the copy, set once per translation unit
// under a function-local static (thread-safe initialization) and only read after, so any number of
// threads may encode at once.
//
// An inline function that called a static one would break the one-definition rule: each unit's
// copy of encode_png would name a different function. So the inline code reaches stb through one
// pointer, detail::png_writer, which every unit that includes this header sets to its own copy when
// the program starts (the copies are the same code). The units of one program must therefore agree
// on HEATMAP_USE_LIBDEFLATE and HEATMAP_USE_STB_DEFLATE, as they must on any macro that changes an
// inline function.
//
// stb counts bytes in int: the filtered rows, and the compressed stream plus 57 bytes of PNG
// chunks, must stay under 2 GiB. check_png_size() says before any pixel is drawn whether an image
// of a given size can be encoded; encode_png checks it first too.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "image.hpp"

namespace heatmap {

// The deflate this build compresses with: "heatmap" (deflate.hpp, the default), "libdeflate"
// (HEATMAP_USE_LIBDEFLATE=1) or "stb" (HEATMAP_USE_STB_DEFLATE=1).
HEATMAP_FUNC std::string_view png_backend() noexcept;

// Whether an image of width x height pixels, `channels` bytes a pixel (3 for an opaque image, 4 for
// one with transparency; encode_png chooses), can be encoded as PNG. Throws std::invalid_argument
// naming the size and the fix when it cannot: stb counts its buffers in int, so the filtered rows
// (a byte a row more than the pixels) and their compressed stream plus stb's 57 bytes of chunks must
// each stay under 2 GiB (stb's own deflate grows its buffer by doubling, so under 1 GiB there).
// Call it before drawing an image whose size is known, as the heatmap command does: encode_png
// checks only once the pixels exist.
HEATMAP_FUNC void check_png_size(std::uint64_t width, std::uint64_t height, int channels = 4);

// PNG bytes for an image that is not needed afterwards (encode_png(h.render())): RGB when every
// pixel is opaque, RGBA otherwise; 8 bits a channel, no metadata. An opaque image is packed to RGB
// in its own buffer, which then also holds stb's filtered rows, so encoding allocates no
// pixel-sized memory at all.
HEATMAP_FUNC std::vector<std::uint8_t> encode_png(Image&& image);
// The same bytes from an image the caller keeps.
HEATMAP_FUNC std::vector<std::uint8_t> encode_png(const Image& image);
// Writes the image as a PNG file through a temporary file and a rename: never a half-written file.
HEATMAP_FUNC void save_png(const Image& image, const std::string& path);
HEATMAP_FUNC void save_png(Image&& image, const std::string& path);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Which deflate: 0 deflate.hpp, 1 libdeflate, 2 stb's own.
#if defined(HEATMAP_USE_LIBDEFLATE) && HEATMAP_USE_LIBDEFLATE
#include <libdeflate.h>
#define HEATMAP_PNG_DEFLATE 1
#elif defined(HEATMAP_USE_STB_DEFLATE) && HEATMAP_USE_STB_DEFLATE
#define HEATMAP_PNG_DEFLATE 2
#else
#define HEATMAP_PNG_DEFLATE 0
#endif

#include "canvas.hpp"
#include "deflate.hpp"
#include "error.hpp"
#include "io.hpp"

namespace heatmap::detail {

// stb's PNG writer (stbi_write_png_to_mem, configured), as every unit's inline code calls it: set by
// each unit that includes this header to its own private copy (see the top of this file).
using PngWriter = unsigned char* (*)(const unsigned char* pixels, int width, int height, int comp,
                                     int* length);
inline std::atomic<PngWriter> png_writer{nullptr};

}  // namespace heatmap::detail

namespace heatmap::detail::stbiw {

// Chosen by measurement (see the top of this file): the PNG filter for every row and the deflate
// level.
#if HEATMAP_PNG_DEFLATE == 0
constexpr int png_filter = 2;  // up
constexpr int png_level = 0;   // deflate.hpp has one setting
#elif HEATMAP_PNG_DEFLATE == 1
constexpr int png_filter = 2;  // up
constexpr int png_level =
    6;  // libdeflate's default; 7 and above cost more than they save on figures
#else
constexpr int png_filter = 0;  // none
constexpr int png_level =
    5;  // stb's lowest: higher levels search longer hash chains for ~1% smaller files
#endif

#if HEATMAP_PNG_DEFLATE == 1
// stb hands the filtered rows here and frees what comes back with STBIW_FREE, which this copy pins
// to free(). A compressor costs about 2 us to make, so each call makes its own rather than sharing
// one between threads.
static unsigned char* libdeflate_zlib(unsigned char* data, int data_len, int* out_len,
                                      int quality) {
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(quality);
    if (!compressor) return nullptr;
    const std::size_t bound =
        libdeflate_zlib_compress_bound(compressor, static_cast<std::size_t>(data_len));
    auto* out = static_cast<unsigned char*>(bound <= INT_MAX ? std::malloc(bound) : nullptr);
    const std::size_t written =
        out ? libdeflate_zlib_compress(compressor, data, static_cast<std::size_t>(data_len), out,
                                       bound)
            : 0;
    libdeflate_free_compressor(compressor);
    if (written == 0) {
        std::free(out);
        return nullptr;
    }
    *out_len = static_cast<int>(written);
    return out;
}
#endif

// stb writes its filtered rows into a buffer as large as the image again, and first touching that
// much fresh memory costs more than filtering it (0.7 ms of the tutorial's 5). An image that is
// ours to spend can lend its own buffer: encode_png(Image&&) lays the RGB rows out far enough past
// the start that stb, filtering row j (which reads rows j - 1 and j) into the buffer's start, never
// reaches a row it has still to read. stb's allocator hook takes no context, so the loan is a
// per-thread variable, set only for the length of one stbi_write_png_to_mem call on that thread.
struct Loan {
    unsigned char* memory;
    std::size_t size;  // the request it answers: stb's (width * comp + 1) * height
    bool taken;
};
inline thread_local Loan* loan = nullptr;

inline void* malloc_or_borrow(std::size_t size) {
    if (loan && !loan->taken && size == loan->size) {
        loan->taken = true;
        return loan->memory;
    }
    return std::malloc(size);
}

inline void free_unless_borrowed(void* p) {
    if (!(loan && p == loan->memory)) std::free(p);
}

}  // namespace heatmap::detail::stbiw

#pragma push_macro("INCLUDE_STB_IMAGE_WRITE_H")
#pragma push_macro("STB_IMAGE_WRITE_IMPLEMENTATION")
#pragma push_macro("STB_IMAGE_WRITE_STATIC")
#pragma push_macro("STBIWDEF")
#pragma push_macro("STBIW_ZLIB_COMPRESS")
#pragma push_macro("STBIW_MALLOC")
#pragma push_macro("STBIW_REALLOC")
#pragma push_macro("STBIW_REALLOC_SIZED")
#pragma push_macro("STBIW_FREE")
#undef INCLUDE_STB_IMAGE_WRITE_H
#undef STBIWDEF
#undef STBIW_ZLIB_COMPRESS
#undef STBIW_MALLOC
#undef STBIW_REALLOC
#undef STBIW_REALLOC_SIZED
#undef STBIW_FREE
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBIWDEF static
// The C allocator, whatever a user configured for their own stb (the compressors' results must
// match what stb frees), except for a buffer on loan (see Loan).
#define STBIW_MALLOC(size) malloc_or_borrow(size)
#define STBIW_REALLOC(p, size) realloc(p, size)
#define STBIW_FREE(p) free_unless_borrowed(p)
#if HEATMAP_PNG_DEFLATE == 0
#define STBIW_ZLIB_COMPRESS ::heatmap::detail::zlib_compress_figure
#elif HEATMAP_PNG_DEFLATE == 1
#define STBIW_ZLIB_COMPRESS libdeflate_zlib
#endif
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#endif
namespace heatmap::detail::stbiw {
#include <stb/stb_image_write.h>

// Static like the copy it configures: it sets this unit's variables once and only then reads them.
static unsigned char* write_png(const unsigned char* pixels, int width, int height, int comp,
                                int* length) {
    static const bool configured = [] {
        stbi_write_force_png_filter = png_filter;
        stbi_write_png_compression_level = png_level;
        return true;
    }();
    (void)configured;
    return stbi_write_png_to_mem(pixels, width * comp, width, height, comp, length);
}

// This unit's copy, offered to every unit's inline code before main() (and before any later
// initializer of this unit, which is the earliest this unit's code can encode).
[[maybe_unused]] static const bool write_png_offered =
    (png_writer.store(&write_png, std::memory_order_relaxed), true);
}  // namespace heatmap::detail::stbiw
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#pragma pop_macro("STBIW_FREE")
#pragma pop_macro("STBIW_REALLOC_SIZED")
#pragma pop_macro("STBIW_REALLOC")
#pragma pop_macro("STBIW_MALLOC")
#pragma pop_macro("STBIW_ZLIB_COMPRESS")
#pragma pop_macro("STBIWDEF")
#pragma pop_macro("STB_IMAGE_WRITE_STATIC")
#pragma pop_macro("STB_IMAGE_WRITE_IMPLEMENTATION")
#pragma pop_macro("INCLUDE_STB_IMAGE_WRITE_H")

namespace heatmap {

HEATMAP_FUNC std::string_view png_backend() noexcept {
    return HEATMAP_PNG_DEFLATE == 1   ? std::string_view("libdeflate")
           : HEATMAP_PNG_DEFLATE == 2 ? std::string_view("stb")
                                      : std::string_view("heatmap");
}

namespace detail {

// The checks every encode makes before anything is spent.
inline void check_encodable(const Image& image) {
    const auto width = static_cast<std::size_t>(image.width > 0 ? image.width : 0);
    const auto height = static_cast<std::size_t>(image.height > 0 ? image.height : 0);
    if (width == 0 || height == 0)
        throw std::invalid_argument("cannot encode a " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) +
                                    " image as PNG: it needs at least 1x1 pixels");
    if (image.pixels.size() != width * height * 4)
        throw std::invalid_argument("cannot encode the image as PNG: it holds " +
                                    std::to_string(image.pixels.size()) + " bytes, not the " +
                                    std::to_string(width * height * 4) + " that " +
                                    std::to_string(width) + "x" + std::to_string(height) +
                                    " RGBA pixels need; build it through Canvas");
}

// The largest zlib stream the build's deflate can make of n bytes: deflate.hpp's promise (5 bytes
// per 65535 and the wrapper's 6), libdeflate's bound (5 bytes per 5000, 1 + 8 of padding, the
// wrapper's 6), or stb's fixed Huffman codes (9 bits for half the byte values).
constexpr std::uint64_t max_zlib_size(std::uint64_t n) {
#if HEATMAP_PNG_DEFLATE == 0
    return n + 5 * (n / 65535 + 1) + 8;
#elif HEATMAP_PNG_DEFLATE == 1
    return n + 5 * (n / 5000 + 1) + 15;
#else
    return n + n / 8 + 64;
#endif
}

}  // namespace detail

HEATMAP_FUNC void check_png_size(std::uint64_t width, std::uint64_t height, int channels) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (width == 0 || height == 0)
        throw std::invalid_argument("cannot encode a " + size +
                                    " image as PNG: it needs at least 1x1 pixels");
    if (channels != 3 && channels != 4)
        throw std::invalid_argument("check_png_size: channels is " + std::to_string(channels) +
                                    "; give 3 (opaque) or 4 (with transparency)");
    const std::uint64_t limit = HEATMAP_PNG_DEFLATE == 2 ? INT_MAX / 2 : INT_MAX;
    const std::uint64_t row = width * static_cast<std::uint64_t>(channels) + 1;
    const bool fits = width <= limit && height <= limit && row <= limit / height &&
                      detail::max_zlib_size(row * height) + 57 <= limit;
    if (!fits)
        throw std::invalid_argument(
            "cannot encode a " + size + " image as PNG: with " + std::to_string(channels) +
            " bytes a pixel it could take over " + (limit == INT_MAX ? "2" : "1") +
            " GiB, more than stb_image_write can count; lower figsize or dpi");
}

namespace detail {

// RGBA to RGB over the same bytes, front to back (each write lands at or before the bytes still
// unread), checking alpha on the way: figures are opaque, so one pass usually does both jobs. At
// the first pixel that is not opaque, the pixels packed so far (all opaque) are put back, back to
// front, and the answer is false. On little-endian machines four pixels go at a time through two
// 64-bit words (a quarter of the tutorial's encode was this loop a byte at a time); all sixteen
// bytes are read before the twelve are written, and the twelve end where the next four pixels
// begin, so nothing unread is overwritten.
inline bool pack_rgb_if_opaque(std::uint8_t* p, std::size_t pixels) {
    constexpr std::size_t block = 64;  // pixels checked before any of them is packed
    for (std::size_t i = 0; i < pixels; i += block) {
        const std::size_t end = std::min(pixels, i + block);
        std::size_t k = i;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (end - i == block) {
            constexpr std::uint64_t alphas = 0xFF000000FF000000ull;
            std::uint64_t all = ~std::uint64_t{0};
            for (std::size_t w = 0; w < block / 2; ++w) {
                std::uint64_t v;
                std::memcpy(&v, p + 4 * i + 8 * w, 8);
                all &= v;
            }
            if ((all & alphas) == alphas) {
                for (; k < end; k += 4) {
                    std::uint64_t a, b;
                    std::memcpy(&a, p + 4 * k, 8);
                    std::memcpy(&b, p + 4 * k + 8, 8);
                    const std::uint64_t low = (a & 0xFFFFFF) | (a >> 32 & 0xFFFFFF) << 24 | b << 48;
                    const auto high =
                        static_cast<std::uint32_t>((b >> 16 & 0xFF) | (b >> 32 & 0xFFFFFF) << 8);
                    std::memcpy(p + 3 * k, &low, 8);
                    std::memcpy(p + 3 * k + 8, &high, 4);
                }
                continue;
            }
        }
#endif
        std::uint8_t alpha = 255;
        for (std::size_t q = i; q < end; ++q) alpha &= p[4 * q + 3];
        if (alpha != 255) {
            for (std::size_t q = i; q-- > 0;)
                p[4 * q + 3] = 255, p[4 * q + 2] = p[3 * q + 2], p[4 * q + 1] = p[3 * q + 1],
                          p[4 * q] = p[3 * q];
            return false;
        }
        for (; k < end; ++k)
            p[3 * k] = p[4 * k], p[3 * k + 1] = p[4 * k + 1], p[3 * k + 2] = p[4 * k + 2];
    }
    return true;
}

inline std::vector<std::uint8_t> encode_png_pixels(const std::uint8_t* data, int width, int height,
                                                   int comp) {
    const PngWriter write = png_writer.load(std::memory_order_relaxed);
    if (!write)
        throw std::logic_error(
            "encode_png was called by a static initializer that runs before png.hpp's own; call "
            "it from main() or later");
    int length = 0;
    unsigned char* png = write(data, width, height, comp, &length);
    if (!png) throw std::runtime_error("PNG encoding failed: out of memory");
    std::vector<std::uint8_t> bytes(png, png + length);
    std::free(png);
    return bytes;
}

}  // namespace detail

// PNG bytes for an image that is not needed afterwards (encode_png(h.render())): RGB when every
// pixel is opaque, RGBA otherwise; 8 bits a channel, no metadata. An opaque image is packed to RGB
// in its own buffer, which then also holds stb's filtered rows (see stbiw::Loan), so encoding
// allocates no pixel-sized memory at all.
HEATMAP_FUNC std::vector<std::uint8_t> encode_png(Image&& image) {
    detail::check_encodable(image);
    check_png_size(static_cast<std::uint64_t>(image.width),
                   static_cast<std::uint64_t>(image.height), 3);
    std::uint8_t* buffer = image.pixels.data();
    if (!detail::pack_rgb_if_opaque(buffer, image.pixels.size() / 4)) {
        check_png_size(static_cast<std::uint64_t>(image.width),
                       static_cast<std::uint64_t>(image.height), 4);
        return detail::encode_png_pixels(buffer, image.width, image.height, 4);
    }
    const auto width = static_cast<std::size_t>(image.width);
    const auto height = static_cast<std::size_t>(image.height);
    // Filtered row j ends at (j + 1) * (3 * width + 1); pixel row j starts at start + 3 * width * j
    // and is read again for row j + 1: start >= 3 * width + height keeps the writes behind the
    // reads. Tiny images have no room for that and take stb's own buffer.
    const std::size_t start = (3 * width + height + 15) / 16 * 16, rgb_size = 3 * width * height;
    if (start + rgb_size > image.pixels.size())
        return detail::encode_png_pixels(buffer, image.width, image.height, 3);
    std::memmove(buffer + start, buffer, rgb_size);
    detail::stbiw::Loan loan{buffer, (3 * width + 1) * height, false};
    detail::stbiw::loan = &loan;
    struct Return {
        ~Return() { detail::stbiw::loan = nullptr; }
    } on_exit;
    return detail::encode_png_pixels(buffer + start, image.width, image.height, 3);
}

// The same bytes from an image the caller keeps: a copy is encoded as above, one buffer the image's
// size where packing to a separate RGB buffer would also need stb's filter buffer.
HEATMAP_FUNC std::vector<std::uint8_t> encode_png(const Image& image) {
    detail::check_encodable(image);
    check_png_size(static_cast<std::uint64_t>(image.width),
                   static_cast<std::uint64_t>(image.height), 3);
    return encode_png(Image(image));
}

// Writes the image as a PNG file through a temporary file and a rename: never a half-written file.
HEATMAP_FUNC void save_png(const Image& image, const std::string& path) {
    const std::vector<std::uint8_t> bytes = encode_png(image);
    write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

HEATMAP_FUNC void save_png(Image&& image, const std::string& path) {
    const std::vector<std::uint8_t> bytes = encode_png(std::move(image));
    write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace heatmap

#undef HEATMAP_PNG_DEFLATE

#endif  // HEATMAP_EMIT_DEFINITIONS
