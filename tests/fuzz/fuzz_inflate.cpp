// The gzip decoder (inflate.hpp) on any bytes. The first byte picks the mode:
//   even: the rest is a gzip file, fed and read in pieces of sizes the second byte picks; the
//         decoder returns bytes or throws heatmap::invalid_input naming the file, one line.
//   odd:  the rest is data, compressed by png.hpp's deflate and wrapped as gzip: it must come back
//         exactly, whatever the piece sizes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <heatmap/deflate.hpp>
#include <heatmap/inflate.hpp>

#include "fuzz_input.hpp"

namespace {

std::string decode(const std::string& gz, std::size_t feed, std::size_t take) {
    std::size_t pos = 0;
    heatmap::detail::GzipDecoder d(
        [&](char* buf, std::size_t n) {
            n = std::min({n, feed, gz.size() - pos});
            std::memcpy(buf, gz.data() + pos, n);
            pos += n;
            return n;
        },
        "fuzz.gz");
    std::string out;
    std::string buf(take, '\0');
    while (std::size_t n = d.read(&buf[0], buf.size())) {
        out.append(buf.data(), n);
        HEATMAP_FUZZ_REQUIRE(out.size() <= (std::size_t{1} << 28));  // 1032:1 at most
    }
    return out;
}

void put32(std::string& s, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) s += static_cast<char>(v >> (8 * k));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    const std::uint8_t mode = in.byte();
    const std::uint8_t sizes = in.byte();
    const std::size_t feed = 1 + (sizes & 15) * (sizes & 15) * 300;
    const std::size_t take = 1 + (sizes >> 4) * (sizes >> 4) * 300;
    const std::string rest(in.rest());
    if (mode % 2 == 0) {
        try {
            decode(rest, feed, take);
        } catch (const heatmap::invalid_input& e) {
            const std::string message = e.what();
            HEATMAP_FUZZ_REQUIRE(message.rfind("fuzz.gz: the gzip data ", 0) == 0);
            HEATMAP_FUZZ_REQUIRE(message.find('\n') == std::string::npos);
        }
        return 0;
    }
    int zsize = 0;
    unsigned char* z =
        heatmap::detail::zlib_compress_figure(reinterpret_cast<const unsigned char*>(rest.data()),
                                              static_cast<int>(rest.size()), &zsize, 0);
    HEATMAP_FUZZ_REQUIRE(z != nullptr && zsize >= 6);
    std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    gz.append(reinterpret_cast<const char*>(z) + 2, static_cast<std::size_t>(zsize) - 6);
    std::free(z);
    put32(gz,
          heatmap::detail::crc32(reinterpret_cast<const unsigned char*>(rest.data()), rest.size()));
    put32(gz, static_cast<std::uint32_t>(rest.size()));
    HEATMAP_FUZZ_REQUIRE(decode(gz, feed, take) == rest);
    return 0;
}
