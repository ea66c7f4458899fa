// Matrices from .npy and raw binary files: every element type, byte order, memory order and format
// version NumPy writes, read to the values NumPy converts them to (tests/data/npy, made by
// tools/make_npy_refs.py); every kind of file heatmap cannot draw refused with its fix; and files
// reduced a chunk at a time, on threads, to the bytes of the reduction in memory.
#include <catch2/catch.hpp>
#include <heatmap/npy.hpp>
#include <heatmap/stream.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using heatmap::MatrixFile;

namespace {

const std::string data_dir = std::string(HEATMAP_TEST_DATA) + "/npy/";
const std::string out_dir = std::string(HEATMAP_TEST_OUT) + "/";

std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<double> expected(const std::string& name) {
    const std::vector<std::uint8_t> b = file_bytes(data_dir + name + ".f8");
    std::vector<double> v(b.size() / 8);
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::uint64_t bits = 0;
        for (int k = 7; k >= 0; --k) bits = bits << 8 | b[i * 8 + static_cast<std::size_t>(k)];
        std::memcpy(&v[i], &bits, 8);
    }
    return v;
}

bool same_value(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::memcmp(&a, &b, 8) == 0;  // -0.0 stays -0.0
}

std::string refusal(const std::string& path) {
    try {
        MatrixFile::open_npy(path);
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "accepted";
}

std::string refusal_of(const std::vector<std::uint8_t>& bytes) {
    try {
        MatrixFile::npy_in_memory(bytes.data(), bytes.size(), "m.npy");
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "accepted";
}

// A .npy file as np.save writes it (version 1.0), around the given header dictionary.
std::vector<std::uint8_t> npy(const std::string& dict, std::size_t data_bytes, int major = 1) {
    const std::size_t at = major == 1 ? 10 : 12;
    std::string header = dict;
    while ((at + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::vector<std::uint8_t> b = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<std::uint8_t>(major),
                                   0};
    const std::size_t n = header.size();
    b.push_back(static_cast<std::uint8_t>(n & 0xFF));
    b.push_back(static_cast<std::uint8_t>(n >> 8));
    if (major != 1) b.push_back(0), b.push_back(0);
    b.insert(b.end(), header.begin(), header.end());
    b.resize(b.size() + data_bytes, 0);
    return b;
}

}  // namespace

TEST_CASE("every dtype, byte order and memory order reads to NumPy's float64 values") {
    const char* kinds[] = {"f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"};
    int files = 0;
    for (const char* kind : kinds) {
        const bool single = kind[1] == '1';
        for (const char* order :
             single ? std::vector<const char*>{""} : std::vector<const char*>{"le", "be"})
            for (const char* memory : {"c", "f"}) {
                const std::string name = std::string(order) + kind + "_" + memory;
                INFO(name);
                const MatrixFile f = MatrixFile::open_npy(data_dir + name + ".npy");
                CHECK(f.layout().rows == 3);
                CHECK(f.layout().cols == 4);
                CHECK(f.layout().order ==
                      (memory[0] == 'f' ? heatmap::Order::fortran : heatmap::Order::c));
                CHECK(f.layout().dtype.name() == std::string(single            ? "|"
                                                             : order[0] == 'b' ? ">"
                                                                               : "<") +
                                                     kind);
                const std::vector<double> want = expected(name);
                const heatmap::Table t = heatmap::read_matrix(f);
                REQUIRE(t.values.size() == want.size());
                for (std::size_t i = 0; i < want.size(); ++i) {
                    INFO("value " << i << ": " << t.values[i] << " vs " << want[i]);
                    CHECK(same_value(t.values[i], want[i]));
                }
                // A block inside: rows 1..2, columns 1..3.
                MatrixFile::Reader in = f.reader();
                double block[4];
                in.read(1, 2, 1, 3, block);
                CHECK(same_value(block[0], want[5]));
                CHECK(same_value(block[1], want[6]));
                CHECK(same_value(block[2], want[9]));
                CHECK(same_value(block[3], want[10]));
                ++files;
            }
    }
    CHECK(files == 42);
}

TEST_CASE("format versions 2.0 and 3.0 read like 1.0") {
    for (const char* name : {"v2_lef4_c", "v3_lef4_c"}) {
        INFO(name);
        const heatmap::Table t =
            heatmap::read_matrix(MatrixFile::open_npy(data_dir + name + ".npy"));
        const std::vector<double> want = expected(name);
        REQUIRE(t.values.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) CHECK(same_value(t.values[i], want[i]));
    }
}

TEST_CASE("real files: Matplotlib's sample data and a NumPy test file written by Python 2") {
    // An old NumPy's header, padded to 16 bytes rather than 64.
    const MatrixFile f = MatrixFile::open_npy(data_dir + "real_bivariate_normal.npy");
    CHECK(f.layout().rows == 15);
    CHECK(f.layout().offset == 80);
    const heatmap::Table t = heatmap::read_matrix(f);
    const std::vector<double> want = expected("real_bivariate_normal");
    REQUIRE(t.values.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(same_value(t.values[i], want[i]));
    // Python 2's long integer in the shape: read, then refused for being 1-D.
    CHECK(refusal(data_dir + "real_win64python2.npy") ==
          data_dir +
              "real_win64python2.npy: header 'shape' is (2,) (1-D); a heatmap needs 2-D: "
              "save a.reshape(1, -1) for one row or a.reshape(-1, 1) for one column");
}

TEST_CASE("arrays a heatmap cannot draw, as NumPy writes them, are refused with the fix") {
    const std::string d = data_dir;
    CHECK(refusal(d + "refuse_1d.npy") ==
          d + "refuse_1d.npy: header 'shape' is (5,) (1-D); a heatmap needs 2-D: save "
              "a.reshape(1, -1) for one row or a.reshape(-1, 1) for one column");
    CHECK(refusal(d + "refuse_0d.npy") ==
          d + "refuse_0d.npy: header 'shape' is () (a single value); a heatmap needs a 2-D "
              "array: save np.atleast_2d(a)");
    CHECK(refusal(d + "refuse_3d.npy") ==
          d + "refuse_3d.npy: header 'shape' is (2, 3, 4), 3 dimensions; a heatmap draws 2: "
              "save a 2-D slice, e.g. a[0]");
    CHECK(refusal(d + "refuse_empty.npy") ==
          d + "refuse_empty.npy: header 'shape' is (0, 4), an empty matrix; a heatmap needs at "
              "least one row and one column");
    CHECK(refusal(d + "refuse_complex.npy") ==
          d + "refuse_complex.npy: header 'descr': complex values ('<c16') have no single "
              "colour; save a real array, e.g. np.save(path, np.abs(a))");
    CHECK(refusal(d + "refuse_object.npy") ==
          d + "refuse_object.npy: header 'descr': an object array ('|O') holds Python objects, "
              "not numbers; save numbers, e.g. np.save(path, a.astype(float))");
    CHECK(refusal(d + "refuse_structured.npy") ==
          d + "refuse_structured.npy: header 'descr' is a list of fields (a structured array), "
              "not a matrix of numbers; save one field, e.g. np.save(path, a['x'])");
    CHECK(refusal(d + "refuse_strings.npy") ==
          d + "refuse_strings.npy: header 'descr': strings ('<U2') are not numbers; convert "
              "them first, e.g. a.astype(float)");
    CHECK(refusal(d + "refuse_datetime.npy") ==
          d + "refuse_datetime.npy: header 'descr': dates and times ('<M8[D]') are not numbers "
              "here; convert them, e.g. a.astype('int64') or a.astype(float)");
    CHECK(refusal(d + "refuse_longdouble.npy") ==
          d + "refuse_longdouble.npy: header 'descr': '<f16' (128-bit floats, NumPy's "
              "longdouble) is not supported; save a.astype('float64')");
}

TEST_CASE("malformed headers and sizes that do not match the file are refused by field") {
    const std::string good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
    CHECK(refusal_of(npy(good, 48)) == "accepted");
    CHECK(refusal_of(npy(good, 48, 2)) == "accepted");
    CHECK(refusal_of(npy(good, 40)) ==
          "m.npy: the header says 2x3 <f8 (48 bytes of data), but the file holds 40 bytes after "
          "its 128 bytes header; the file is cut short (copy it again)");
    CHECK(refusal_of(npy(good, 56)) ==
          "m.npy: the header says 2x3 <f8 (48 bytes of data), but the file holds 56 bytes after "
          "its 128 bytes header; the file has bytes after the data (was it written by np.save?)");
    std::vector<std::uint8_t> b = npy(good, 48);
    b[1] = 'X';
    CHECK(refusal_of(b) ==
          "m.npy: not a .npy file (it does not start with \\x93NUMPY); save the array with "
          "np.save, or read it as raw binary with its shape and dtype");
    b = npy(good, 48);
    b[6] = 4;
    CHECK(refusal_of(b) ==
          "m.npy: .npy format version 4.0 is not one heatmap reads (1.0, 2.0 "
          "and 3.0); save it again with np.save");
    b = npy(good, 48);
    b.resize(60);
    CHECK(refusal_of(b) ==
          "m.npy: the file ends inside its 118 bytes header; the file is cut "
          "short");
    CHECK(
        refusal_of(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", 48)) ==
        "m.npy: header has the key 'x'; a .npy header holds only 'descr', 'fortran_order' and "
        "'shape' (write the file with np.save)");
    CHECK(refusal_of(npy("{'descr': '<f8', 'shape': (2, 3), }", 48)) ==
          "m.npy: header lacks 'fortran_order'; write the file with np.save");
    CHECK(refusal_of(npy("{'descr': '<f8', 'fortran_order': 'no', 'shape': (2, 3), }", 48)) ==
          "m.npy: malformed header: expected True or False for header 'fortran_order' at "
          "character 35, found '''; the header is not what np.save writes");
    CHECK(refusal_of(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", 48)) ==
          "m.npy: malformed header: expected a dimension (a whole number) in header 'shape' at "
          "character 55, found 'x'; the header is not what np.save writes");
    CHECK(refusal_of(npy("{'descr': '<q8', 'fortran_order': False, 'shape': (2, 3), }", 48)) ==
          "m.npy: header 'descr': the element type '<q8' is not one heatmap reads; use float16, "
          "float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64 or bool (or "
          "NumPy's '<f8', '>i4'...)");
    CHECK(refusal_of(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", 48)) ==
          "accepted");  // Python 2's long integers
    CHECK(refusal_of(npy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(99999999999999999999, 3), }",
                         48)) ==
          "m.npy: header 'shape' has a dimension beyond 2^64; check the header");
    b = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
    b[20] = 0xE9;  // a Latin-1 byte in a version 1 header
    CHECK(refusal_of(b) ==
          "m.npy: the header holds a byte beyond ASCII, which format version 1 "
          "does not allow; save the array with np.save");
}

TEST_CASE("element types by name or NumPy descr; unreadable ones refused with the list") {
    using heatmap::parse_dtype;
    CHECK(parse_dtype("float32").name() == "<f4");
    CHECK(parse_dtype(">float32").name() == ">f4");
    CHECK(parse_dtype("<i8").name() == "<i8");
    CHECK(parse_dtype("uint8").name() == "|u1");
    CHECK(parse_dtype("bool").name() == "|b1");
    CHECK(parse_dtype("=f2").name() == "<f2");
    CHECK(parse_dtype("double") == parse_dtype("float64"));
    CHECK_THROWS_WITH(parse_dtype("float128"),
                      Catch::StartsWith("the element type 'float128' is not one heatmap reads"));
    CHECK_THROWS_WITH(parse_dtype("<c8"), Catch::StartsWith("complex values ('<c8')"));
    CHECK_THROWS_AS(parse_dtype(""), heatmap::invalid_input);
}

namespace {

struct Written {
    std::string path;
    std::vector<double> values;  // row-major
};

// A random rows x cols matrix with missing values, written as a .npy file in C or Fortran order
// (or as raw binary after `offset` bytes of anything), as float64 or float32.
Written write_matrix(const std::string& name, std::size_t rows, std::size_t cols, bool fortran,
                     bool f32, bool raw, std::size_t offset, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-2, 6);
    Written w{out_dir + name, std::vector<double>(rows * cols)};
    for (double& v : w.values) {
        v = u(rng);
        if (v > 5.9) v = std::nan("");
        if (f32) v = static_cast<double>(static_cast<float>(v));
    }
    std::vector<std::uint8_t> bytes;
    if (raw) {
        bytes.assign(offset, 0xAB);
    } else {
        const std::string dict = std::string("{'descr': '") + (f32 ? "<f4" : "<f8") +
                                 "', 'fortran_order': " + (fortran ? "True" : "False") +
                                 ", 'shape': (" + std::to_string(rows) + ", " +
                                 std::to_string(cols) + "), }";
        bytes = npy(dict, 0);
    }
    for (std::size_t k = 0; k < rows * cols; ++k) {
        const std::size_t r = fortran ? k % rows : k / cols, c = fortran ? k / rows : k % cols;
        const double v = w.values[r * cols + c];
        std::uint8_t e[8];
        if (f32) {
            const float f = static_cast<float>(v);
            std::memcpy(e, &f, 4);
        } else {
            std::memcpy(e, &v, 8);
        }
        bytes.insert(bytes.end(), e, e + (f32 ? 4 : 8));
    }
    std::ofstream(w.path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return w;
}

}  // namespace

TEST_CASE(
    "a file reduced a chunk at a time, on threads, gives the bytes of the reduction in memory") {
    const heatmap::Box box{3.5, 2.25, 40.75, 33.5};
    struct Shape {
        std::size_t rows, cols;
    } shapes[] = {{301, 277}, {90, 700}, {700, 40}};
    std::uint32_t seed = 1;
    for (const Shape& s : shapes)
        for (bool fortran : {false, true})
            for (bool f32 : {false, true}) {
                INFO(s.rows << "x" << s.cols << (fortran ? " F" : " C") << (f32 ? " f4" : " f8"));
                const Written w =
                    write_matrix("stream.npy", s.rows, s.cols, fortran, f32, false, 0, seed++);
                heatmap::PixelAggregate mem(s.rows, s.cols, box);
                mem.add_rows(0, s.rows, w.values.data());
                const std::vector<std::uint8_t> want = mem.serialize();
                const MatrixFile f = MatrixFile::open_npy(w.path);
                for (unsigned threads : {1u, 2u, 3u})
                    for (std::size_t chunk :
                         {std::size_t{512}, std::size_t{5000}, std::size_t{1} << 20}) {
                        INFO("threads " << threads << ", chunk " << chunk);
                        heatmap::StreamOptions o;
                        o.threads = threads, o.chunk_bytes = chunk;
                        CHECK(heatmap::aggregate_file(f, box, {}, o).serialize() == want);
                    }
                // Straight to values, holding a few pixel rows (C order) or an aggregate (F).
                for (unsigned threads : {1u, 2u}) {
                    heatmap::StreamOptions o;
                    o.threads = threads, o.chunk_bytes = 3000;
                    const heatmap::ReducedPixels r =
                        heatmap::reduce_file(f, box, heatmap::Reduce::max, {}, o);
                    const std::vector<double> v = mem.reduced(heatmap::Reduce::max).values;
                    CHECK(std::memcmp(r.values.data(), v.data(), v.size() * sizeof(double)) == 0);
                }
                // Row blocks of the file into separate aggregates, merged.
                heatmap::PixelAggregate parts(s.rows, s.cols, box);
                for (std::size_t r0 = 0; r0 < s.rows; r0 += 97) {
                    heatmap::PixelAggregate a(s.rows, s.cols, box);
                    heatmap::StreamOptions o;
                    o.threads = 2, o.chunk_bytes = 4096;
                    heatmap::add_file_rows(a, f, r0, std::min<std::size_t>(97, s.rows - r0), o);
                    parts.merge(a);
                }
                CHECK(parts.serialize() == want);
            }
}

TEST_CASE("on the log scale a streamed file gives the in-memory aggregate's bytes and range") {
    const heatmap::Box box{0.5, 0.5, 20.5, 14.5};
    const Written w = write_matrix("log.npy", 130, 170, false, false, false, 0, 77);
    heatmap::PixelAggregate mem(130, 170, box, heatmap::ValueScale::log());
    mem.add_rows(0, 130, w.values.data());
    const MatrixFile f = MatrixFile::open_npy(w.path);
    heatmap::StreamOptions o;
    o.threads = 2, o.chunk_bytes = 2048;
    CHECK(heatmap::aggregate_file(f, box, heatmap::ValueScale::log(), o).serialize() ==
          mem.serialize());
    const heatmap::ReducedPixels r =
        heatmap::reduce_file(f, box, heatmap::Reduce::mean, heatmap::ValueScale::log(), o);
    const std::vector<double> v = mem.reduced(heatmap::Reduce::mean).values;
    CHECK(std::memcmp(r.values.data(), v.data(), v.size() * sizeof(double)) == 0);
    CHECK(r.range.positive_tracked);
    CHECK(r.range.min_positive == mem.range().min_positive);
    CHECK(r.range.min < 0);  // the data's negatives are in its range, missing on the log scale
}

TEST_CASE("raw binary from an offset, checked against the file's size") {
    const Written w = write_matrix("raw.bin", 50, 60, false, true, true, 100, 9);
    const MatrixFile f = MatrixFile::open_raw(w.path, 50, 60, heatmap::parse_dtype("float32"), 100);
    const heatmap::Table t = heatmap::read_matrix(f);
    REQUIRE(t.values.size() == w.values.size());
    for (std::size_t i = 0; i < w.values.size(); ++i) CHECK(same_value(t.values[i], w.values[i]));
    CHECK_THROWS_WITH(
        MatrixFile::open_raw(w.path, 50, 60, heatmap::parse_dtype("float32"), 96),
        w.path +
            ": 50x60 <f4 from byte 96 is 12000 bytes, but the file has 12004 bytes from "
            "there; check the shape, the dtype and the offset");
    CHECK_THROWS_WITH(
        MatrixFile::open_raw(w.path, 60, 60, heatmap::parse_dtype("float32"), 100),
        w.path +
            ": 60x60 <f4 from byte 100 is 14400 bytes, but the file has 12000 bytes from "
            "there; check the shape, the dtype and the offset");
    CHECK_THROWS_WITH(MatrixFile::open_raw(w.path, 0, 60, heatmap::parse_dtype("float32")),
                      w.path + ": the shape 0x60 is empty; give at least one row and one column");
}

TEST_CASE("files that cannot be read are io errors naming the path") {
    CHECK_THROWS_WITH(MatrixFile::open_npy(out_dir + "missing.npy"),
                      "cannot read " + out_dir + "missing.npy: No such file or directory");
    CHECK_THROWS_WITH(MatrixFile::open_npy(out_dir),
                      "cannot read " + out_dir + ": it is a folder; give a .npy file");
    CHECK_THROWS_AS(MatrixFile::open_npy("/dev/null"), heatmap::io_error);
    const MatrixFile f = MatrixFile::open_npy(data_dir + "lef8_c.npy");
    CHECK_THROWS_WITH(heatmap::read_matrix(f, 10),
                      Catch::EndsWith("the matrix is 3x4, over the limit of 10 cells held in "
                                      "memory; draw it reduced to pixels (streamed) instead, or "
                                      "raise the limit"));
}
