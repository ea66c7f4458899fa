// The figure deflate on any bytes: the zlib stream must inflate, through stb_image's independent
// inflater, to exactly the input, and stay within the stored-block bound (5 bytes per 65535, at
// least one block, plus zlib's 6). The first byte picks how the input is stretched, so that short
// fuzzer inputs also reach long runs, distances near 32 KiB and several blocks: 0 uses the bytes as
// they are; otherwise each input byte is repeated (1 + first byte % 8) * 37 times, or the input is
// tiled to over 64 KiB.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <heatmap/deflate.hpp>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> input;
    const std::uint8_t mode = size > 0 ? data[0] : 0;
    const std::uint8_t* rest = size > 0 ? data + 1 : data;
    const std::size_t rest_size = size > 0 ? size - 1 : 0;
    if (mode < 128 || rest_size == 0) {
        input.assign(data, data + size);
    } else if (mode < 192) {
        const std::size_t repeat = (1 + mode % 8) * 37;
        for (std::size_t i = 0; i < rest_size && input.size() < (1u << 20); ++i)
            input.insert(input.end(), repeat, rest[i]);
    } else {
        while (input.size() < 70000 + std::size_t{mode} * 300)
            input.insert(input.end(), rest, rest + rest_size);
    }

    int z_size = -1;
    unsigned char* z = heatmap::detail::zlib_compress_figure(
        input.data(), static_cast<int>(input.size()), &z_size, 0);
    HEATMAP_FUZZ_REQUIRE(z != nullptr);
    const std::size_t pieces = input.empty() ? 1 : (input.size() + 65534) / 65535;
    HEATMAP_FUZZ_REQUIRE(static_cast<std::size_t>(z_size) <= input.size() + 5 * pieces + 6);
    int back_size = -1;
    char* back = stbi_zlib_decode_malloc(reinterpret_cast<const char*>(z), z_size, &back_size);
    std::free(z);
    HEATMAP_FUZZ_REQUIRE(back != nullptr);
    HEATMAP_FUZZ_REQUIRE(static_cast<std::size_t>(back_size) == input.size());
    HEATMAP_FUZZ_REQUIRE(input.empty() || std::memcmp(back, input.data(), input.size()) == 0);
    std::free(back);
    return 0;
}
