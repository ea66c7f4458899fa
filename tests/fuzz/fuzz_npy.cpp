// .npy and raw binary on any bytes: a layout that fits the bytes exactly and a matrix that reads
// whole and streamed to the same aggregate (on one thread and two, in small chunks), or
// heatmap::invalid_input starting with the source's name on one line. The first byte picks .npy or
// raw binary (then bytes for the shape, dtype, offset and order); the rest is the file.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <heatmap/npy.hpp>
#include <heatmap/stream.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    const std::uint8_t choice = in.byte();
    const bool raw = choice & 1;
    const std::string source = raw ? "m.bin" : "m.npy";
    static const char* const dtypes[] = {"float16", "float32", "float64", "int8", "int16", "int32",
                                         "int64",   "uint8",   ">uint16", ">u4",  ">i8",   "bool",
                                         ">f2",     ">f4",     ">f8",     "<i2"};
    std::size_t rows = 0, cols = 0, offset = 0;
    const char* dtype = "float64";
    heatmap::Order order = heatmap::Order::c;
    if (raw) {
        rows = in.byte() % 40 + (choice & 2 ? 0 : 1);  // sometimes 0: refused
        cols = in.byte() % 40 + 1;
        dtype = dtypes[in.pick(16)];
        offset = in.byte() % 16;
        order = in.flag() ? heatmap::Order::fortran : heatmap::Order::c;
    }
    const std::string_view file = in.rest();
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(file.data());
    try {
        const heatmap::MatrixFile f =
            raw ? heatmap::MatrixFile::raw_in_memory(bytes, file.size(), source, rows, cols,
                                                     heatmap::parse_dtype(dtype), offset, order)
                : heatmap::MatrixFile::npy_in_memory(bytes, file.size(), source);
        const heatmap::MatrixLayout& L = f.layout();
        HEATMAP_FUZZ_REQUIRE(L.rows > 0 && L.cols > 0);
        HEATMAP_FUZZ_REQUIRE(L.offset + L.data_bytes() == file.size());
        const heatmap::Table t = heatmap::read_matrix(f);
        HEATMAP_FUZZ_REQUIRE(t.values.size() == L.rows * L.cols);

        const heatmap::Box box{0.5, 0.25, 3.75, 2.5};
        heatmap::PixelAggregate mem(L.rows, L.cols, box);
        mem.add_rows(0, L.rows, t.values.data());
        const std::vector<std::uint8_t> want = mem.serialize();
        for (unsigned threads : {1u, 2u}) {
            heatmap::StreamOptions o;
            o.threads = threads, o.chunk_bytes = 64 + (choice >> 2) * 8;
            const heatmap::PixelAggregate streamed = heatmap::aggregate_file(f, box, {}, o);
            HEATMAP_FUZZ_REQUIRE(streamed.complete());
            HEATMAP_FUZZ_REQUIRE(streamed.serialize() == want);
        }
        for (int y = 0; y < mem.grid().height; ++y)
            for (int x = 0; x < mem.grid().width; ++x) {
                const double v = mem.value(x, y, heatmap::Reduce::mean);
                HEATMAP_FUZZ_REQUIRE(std::isnan(v) ||
                                     (v >= mem.range().min && v <= mem.range().max));
            }
    } catch (const heatmap::invalid_input& e) {
        const std::string message = e.what();
        HEATMAP_FUZZ_REQUIRE(message.rfind(source + ": ", 0) == 0 ||
                             message.rfind("the element type", 0) == 0);
        HEATMAP_FUZZ_REQUIRE(message.find('\n') == std::string::npos);
    }
    return 0;
}
