#pragma once
// Matrices in binary files: NumPy's .npy, and raw binary of a given shape, element type and
// offset, read whole (read_matrix) or a few rows at a time (MatrixFile::Reader), never more.
//
//   heatmap::MatrixFile f = heatmap::MatrixFile::open_npy("big.npy");
//   f.layout().rows, f.layout().cols, f.layout().dtype.name()            // 10000, 10000, "<f8"
//   heatmap::MatrixFile::Reader in = f.reader();                          // one per thread
//   in.read(first_row, n_rows, 0, f.layout().cols, out);                  // doubles, row-major
//   heatmap::Table t = heatmap::read_matrix(f);                           // small files: all of it
//   auto raw = heatmap::MatrixFile::open_raw("field.bin", 4096, 4096,
//                                            heatmap::parse_dtype("float32"), 128);  // skip 128
//
// .npy: format versions 1, 2 and 3; C (row-major) and Fortran (column-major) order; float16, 32 and
// 64, int8 to int64, uint8 to uint64 and bool, little- or big-endian (NumPy's descr: '<f8', '>i4',
// '|u1', '|b1'). A 2-D array only: 1-D and 0-D arrays are refused (imshow refuses them too; save
// a.reshape(1, -1) for one row), as are 3 or more dimensions, complex, object, string, datetime
// and structured types, each with the fix. The data must fill the file exactly after the header.
// Every value becomes a double: integers beyond 2^53 round, as NumPy's astype(float) rounds them.
//
// Errors: a file that cannot be opened or read throws heatmap::io_error; a header, shape or type
// that cannot be drawn throws heatmap::invalid_input "SOURCE: problem; fix", naming the field.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "config.hpp"
#include "csv.hpp"
#include "error.hpp"

namespace heatmap {

// An element type: kind, size in bytes and byte order.
struct Dtype {
    enum class Kind : std::uint8_t { floating, signed_int, unsigned_int, boolean };
    Kind kind = Kind::floating;
    int size = 8;
    bool big_endian = false;

    // NumPy's descr: '<f8', '>i2', '|u1', '|b1'.
    std::string name() const {
        const char order = size == 1 ? '|' : big_endian ? '>' : '<';
        const char k = kind == Kind::floating       ? 'f'
                       : kind == Kind::signed_int   ? 'i'
                       : kind == Kind::unsigned_int ? 'u'
                                                    : 'b';
        return std::string{order, k} + std::to_string(size);
    }
    bool operator==(const Dtype& o) const {
        return kind == o.kind && size == o.size && (size == 1 || big_endian == o.big_endian);
    }
};

// A dtype from NumPy's descr ('<f8', '>i4', '|u1', '=f4') or a name ('float32', 'int16', 'uint8',
// 'bool', 'float16', 'double'...), with an optional byte-order prefix ('<' little, '>' big, '='
// and none: little, this library's files being little-endian whatever the machine). Throws
// heatmap::invalid_input naming what is accepted, or why the type cannot be drawn.
HEATMAP_FUNC Dtype parse_dtype(std::string_view text);

enum class Order { c, fortran };

// Where a matrix lies in a file.
struct MatrixLayout {
    std::size_t rows = 0, cols = 0;
    Dtype dtype;
    Order order = Order::c;
    std::uint64_t offset = 0;  // byte offset of the first element
    std::uint64_t data_bytes() const {
        return static_cast<std::uint64_t>(rows) * cols * static_cast<std::uint64_t>(dtype.size);
    }
};

// The layout a .npy header describes, checked against the file's size. bytes: the first bytes of
// the file (at least the whole header); source names the file in messages.
HEATMAP_FUNC MatrixLayout parse_npy_header(const std::uint8_t* bytes, std::size_t size,
                                           std::uint64_t file_size, std::string_view source);

// The first bytes of a .npy file that parse_npy_header needs at most (a header up to 1 MiB).
constexpr std::size_t npy_max_header = std::size_t{1} << 20;

// Converts n elements of dtype at src to doubles.
HEATMAP_FUNC void decode_values(const Dtype& dtype, const std::uint8_t* src, std::size_t n,
                                double* out);

namespace detail {

// A reusable buffer that starts on a 4096-byte boundary: the kernel copies file pages into a
// page-aligned buffer up to twice as fast as into one 16 bytes past a page (measured on this
// project's VMs: 125 against 200-250 ms for 800 MB), which is where a large std::vector lands.
template <class T>
class PageBuffer {
  public:
    T* data() { return data_.get(); }
    std::size_t size() const { return size_; }
    void resize(std::size_t n) {
        if (n > capacity_) {
            data_.reset(static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{4096})));
            capacity_ = n;
        }
        size_ = n;
    }

  private:
    struct Free {
        void operator()(T* p) const { ::operator delete (p, std::align_val_t{4096}); }
    };
    std::unique_ptr<T, Free> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace detail

// A matrix in a file (or in memory): its layout, and readers that fetch any block of it.
class MatrixFile {
  public:
    // A .npy file: its header read and checked. Throws io_error (the file) or invalid_input (its
    // contents).
    HEATMAP_FUNC static MatrixFile open_npy(const std::string& path);
    // A .npy file held in memory (the bytes must outlive the MatrixFile and its readers).
    HEATMAP_FUNC static MatrixFile npy_in_memory(const std::uint8_t* data, std::size_t size,
                                                 std::string name);
    // Raw binary: rows x cols elements of dtype from byte `offset`, which must end the file.
    HEATMAP_FUNC static MatrixFile open_raw(const std::string& path, std::size_t rows,
                                            std::size_t cols, Dtype dtype, std::uint64_t offset = 0,
                                            Order order = Order::c);
    HEATMAP_FUNC static MatrixFile raw_in_memory(const std::uint8_t* data, std::size_t size,
                                                 std::string name, std::size_t rows,
                                                 std::size_t cols, Dtype dtype,
                                                 std::uint64_t offset = 0, Order order = Order::c);

    const MatrixLayout& layout() const { return layout_; }
    const std::string& name() const { return name_; }

    // Reads blocks of the matrix; one per thread (each file reader has its own file handle).
    class Reader {
      public:
        // Rows [r, r + n) x columns [c0, c1) as doubles, row-major: out[i * (c1 - c0) + j] is
        // cell (r + i, c0 + j). Reads exactly those elements (a C-order block of whole rows in
        // one read; a Fortran-order block column by column).
        HEATMAP_FUNC void read(std::size_t r, std::size_t n, std::size_t c0, std::size_t c1,
                               double* out);

      private:
        friend class MatrixFile;
        HEATMAP_FUNC void read_bytes(std::uint64_t offset, std::size_t n, std::uint8_t* dst);
        const MatrixFile* file_ = nullptr;
        std::unique_ptr<std::ifstream> in_;
        detail::PageBuffer<std::uint8_t> scratch_;  // elements as stored, when not doubles
        detail::PageBuffer<double> column_;         // a Fortran-order column's run of rows
    };
    HEATMAP_FUNC Reader reader() const;

  private:
    HEATMAP_FUNC static std::uint64_t regular_file_size(const std::string& path, const char* what);
    std::string name_;
    MatrixLayout layout_;
    const std::uint8_t* memory_ = nullptr;  // null: the file at name_
};

// The whole matrix in memory, as a Table without labels (what read_csv_file gives), refusing one
// of more than max_cells cells before reading it.
HEATMAP_FUNC Table read_matrix(const MatrixFile& file,
                               std::size_t max_cells = std::size_t{1} << 27);

#if HEATMAP_EMIT_DEFINITIONS

namespace detail {

inline bool host_little_endian() {
    const std::uint16_t probe = 1;
    std::uint8_t first;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

// Text from a file, fit for a one-line message: bytes outside printable ASCII as \xNN, at most 40
// characters.
inline std::string printable(std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (char c : text.substr(0, 40)) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 32 && b < 127) {
            out += c;
        } else {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    if (text.size() > 40) out += "...";
    return out;
}

[[noreturn]] inline void npy_fault(std::string_view source, const std::string& what) {
    throw invalid_input(std::string(source) + ": " + what);
}

// The fix for a NumPy type letter this library does not draw, or "" for the letters it does.
inline std::string npy_type_refusal(char kind, std::string_view descr) {
    const std::string d = "'" + printable(descr) + "'";
    switch (kind) {
        case 'c':
            return "complex values (" + d +
                   ") have no single colour; save a real array, e.g. np.save(path, np.abs(a))";
        case 'O':
            return "an object array (" + d +
                   ") holds Python objects, not numbers; save numbers, e.g. np.save(path, "
                   "a.astype(float))";
        case 'U':
        case 'S':
        case 'a':
            return "strings (" + d + ") are not numbers; convert them first, e.g. a.astype(float)";
        case 'M':
        case 'm':
            return "dates and times (" + d +
                   ") are not numbers here; convert them, e.g. a.astype('int64') or "
                   "a.astype(float)";
        case 'V':
            return "a structured or void type (" + d +
                   ") is not a matrix of numbers; save one field, e.g. np.save(path, a['x'])";
        default:
            return "";
    }
}

inline std::uint16_t load_u16(const std::uint8_t* p, bool big) {
    return static_cast<std::uint16_t>(big ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]));
}
inline std::uint32_t load_u32(const std::uint8_t* p, bool big) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | p[big ? i : 3 - i];
    return v;
}
inline std::uint64_t load_u64(const std::uint8_t* p, bool big) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | p[big ? i : 7 - i];
    return v;
}

// IEEE half to double, exactly (every half is a double).
inline double half_to_double(std::uint16_t h) {
    const int exponent = (h >> 10) & 0x1F;
    const int mantissa = h & 0x3FF;
    double v;
    if (exponent == 0)
        v = std::ldexp(static_cast<double>(mantissa), -24);
    else if (exponent == 31)
        v = mantissa ? std::numeric_limits<double>::quiet_NaN()
                     : std::numeric_limits<double>::infinity();
    else
        v = std::ldexp(static_cast<double>(mantissa | 0x400), exponent - 25);
    return (h & 0x8000) ? -v : v;
}

// A tiny reader of the Python literal in a .npy header: {'descr': '<f8', 'fortran_order': False,
// 'shape': (3, 4), }.
class NpyHeaderParser {
  public:
    NpyHeaderParser(std::string_view text, std::string_view source) : s_(text), source_(source) {}

    MatrixLayout parse() {
        expect('{', "the header's dictionary");
        bool have_descr = false, have_order = false, have_shape = false;
        std::string descr;
        bool fortran = false;
        std::vector<std::uint64_t> shape;
        for (;;) {
            skip_space();
            if (peek() == '}') break;
            const std::string key = string_literal("a key of the header");
            skip_space();
            expect(':', "the header after '" + printable(key) + "'");
            skip_space();
            if (key == "descr") {
                if (peek() == '[')
                    fault(
                        "header 'descr' is a list of fields (a structured array), not a matrix "
                        "of numbers; save one field, e.g. np.save(path, a['x'])");
                descr = string_literal("header 'descr'");
                have_descr = true;
            } else if (key == "fortran_order") {
                fortran = boolean("header 'fortran_order'");
                have_order = true;
            } else if (key == "shape") {
                shape = tuple("header 'shape'");
                have_shape = true;
            } else {
                fault("header has the key '" + printable(key) +
                      "'; a .npy header holds only 'descr', 'fortran_order' and 'shape' (write "
                      "the file with np.save)");
            }
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skip_space();
            if (peek() != '}') fault_at("a ',' or '}' in the header");
        }
        ++pos_;
        skip_space();
        if (pos_ != s_.size())
            fault("header has text after its dictionary; write the file with np.save");
        if (!have_descr || !have_order || !have_shape)
            fault(std::string("header lacks '") +
                  (!have_descr   ? "descr"
                   : !have_order ? "fortran_order"
                                 : "shape") +
                  "'; write the file with np.save");
        MatrixLayout layout;
        layout.dtype = npy_dtype(descr);
        layout.order = fortran ? Order::fortran : Order::c;
        std::string dims = "(";
        for (std::size_t i = 0; i < shape.size(); ++i)
            dims += (i ? ", " : "") + std::to_string(shape[i]);
        dims += shape.size() == 1 ? ",)" : ")";
        if (shape.size() == 0)
            fault(
                "header 'shape' is () (a single value); a heatmap needs a 2-D array: save "
                "np.atleast_2d(a)");
        if (shape.size() == 1)
            fault("header 'shape' is " + dims +
                  " (1-D); a heatmap needs 2-D: save a.reshape(1, -1) for one row or "
                  "a.reshape(-1, 1) for one column");
        if (shape.size() > 2)
            fault("header 'shape' is " + dims + ", " + std::to_string(shape.size()) +
                  " dimensions; a heatmap draws 2: save a 2-D slice, e.g. a[0]");
        if (shape[0] == 0 || shape[1] == 0)
            fault("header 'shape' is " + dims +
                  ", an empty matrix; a heatmap needs at least one row and one column");
        constexpr std::uint64_t limit = std::uint64_t{1} << 53;
        if (shape[0] >= limit || shape[1] >= limit ||
            shape[0] > std::numeric_limits<std::uint64_t>::max() / 16 / shape[1])
            fault("header 'shape' " + dims + " is too large to be a file; check the header");
        layout.rows = static_cast<std::size_t>(shape[0]);
        layout.cols = static_cast<std::size_t>(shape[1]);
        return layout;
    }

  private:
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n'))
            ++pos_;
    }
    [[noreturn]] void fault(const std::string& what) const { npy_fault(source_, what); }
    [[noreturn]] void fault_at(const std::string& wanted) const {
        const char c = peek();
        const std::string found = pos_ >= s_.size() ? "the end"
                                  : (c >= 32 && c < 127)
                                      ? std::string("'") + c + "'"
                                      : "byte " + std::to_string(static_cast<unsigned char>(c));
        fault("malformed header: expected " + wanted + " at character " + std::to_string(pos_ + 1) +
              ", found " + found + "; the header is not what np.save writes");
    }
    void expect(char c, const std::string& where) {
        if (peek() != c) fault_at(std::string("'") + c + "' to open " + where);
        ++pos_;
    }
    std::string string_literal(const std::string& what) {
        const char quote = peek();
        if (quote != '\'' && quote != '"') fault_at("a quoted string for " + what);
        const std::size_t end = s_.find(quote, pos_ + 1);
        if (end == std::string_view::npos) fault_at("the closing quote of " + what);
        std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
        if (out.find('\\') != std::string::npos)
            fault("malformed header: " + what +
                  " holds an escape; write the file with "
                  "np.save");
        pos_ = end + 1;
        return out;
    }
    bool boolean(const std::string& what) {
        for (const char* word : {"True", "False"}) {
            const std::size_t n = std::strlen(word);
            if (s_.substr(pos_, n) == word) {
                pos_ += n;
                return word[0] == 'T';
            }
        }
        fault_at("True or False for " + what);
    }
    std::vector<std::uint64_t> tuple(const std::string& what) {
        expect('(', what);
        std::vector<std::uint64_t> out;
        for (;;) {
            skip_space();
            if (peek() == ')') break;
            if (!(peek() >= '0' && peek() <= '9'))
                fault_at("a dimension (a whole number) in " + what);
            std::uint64_t v = 0;
            while (peek() >= '0' && peek() <= '9') {
                const auto digit = static_cast<std::uint64_t>(peek() - '0');
                if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
                    fault(what + " has a dimension beyond 2^64; check the header");
                v = v * 10 + digit;
                ++pos_;
            }
            if (peek() == 'L') ++pos_;  // Python 2 wrote long integers so
            out.push_back(v);
            if (out.size() > 64) fault(what + " has over 64 dimensions; check the header");
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skip_space();
            if (peek() != ')') fault_at("',' or ')' in " + what);
        }
        ++pos_;
        return out;
    }
    Dtype npy_dtype(const std::string& descr) {
        const std::string refusal =
            descr.size() >= 2 ? npy_type_refusal(descr[1], descr) : std::string();
        if (!refusal.empty()) fault("header 'descr': " + refusal);
        try {
            return parse_dtype(descr);
        } catch (const invalid_input& e) {
            fault(std::string("header 'descr': ") + e.what());
        }
    }

    std::string_view s_;
    std::string_view source_;
    std::size_t pos_ = 0;
};

inline std::string byte_count(std::uint64_t n) {
    return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

// The layout's data against the bytes the file has from the offset on.
inline void check_data_size(const MatrixLayout& layout, std::uint64_t file_size,
                            std::string_view source, bool npy) {
    const std::uint64_t want = layout.data_bytes();
    const std::uint64_t have = file_size > layout.offset ? file_size - layout.offset : 0;
    if (want == have) return;
    const std::string shape =
        std::to_string(layout.rows) + "x" + std::to_string(layout.cols) + " " + layout.dtype.name();
    if (npy)
        npy_fault(source, "the header says " + shape + " (" + byte_count(want) +
                              " of data), but the file holds " + byte_count(have) + " after its " +
                              byte_count(layout.offset) + " header; " +
                              (have < want ? "the file is cut short (copy it again)"
                                           : "the file has bytes after the data (was it "
                                             "written by np.save?)"));
    npy_fault(source, shape + " from byte " + std::to_string(layout.offset) + " is " +
                          byte_count(want) + ", but the file has " + byte_count(have) +
                          " from there; check the shape, the dtype and the offset");
}

}  // namespace detail

HEATMAP_FUNC Dtype parse_dtype(std::string_view text) {
    std::string_view t = text;
    Dtype d;
    if (!t.empty() && (t[0] == '<' || t[0] == '>' || t[0] == '=' || t[0] == '|')) {
        d.big_endian = t[0] == '>';
        t.remove_prefix(1);
    }
    const std::string fix =
        "; use float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, "
        "uint64 or bool (or NumPy's '<f8', '>i4'...)";
    struct Name {
        const char* name;
        Dtype::Kind kind;
        int size;
    };
    static constexpr Name names[] = {
        {"float16", Dtype::Kind::floating, 2},    {"half", Dtype::Kind::floating, 2},
        {"float32", Dtype::Kind::floating, 4},    {"single", Dtype::Kind::floating, 4},
        {"float64", Dtype::Kind::floating, 8},    {"double", Dtype::Kind::floating, 8},
        {"float", Dtype::Kind::floating, 8},      {"int8", Dtype::Kind::signed_int, 1},
        {"int16", Dtype::Kind::signed_int, 2},    {"int32", Dtype::Kind::signed_int, 4},
        {"int64", Dtype::Kind::signed_int, 8},    {"uint8", Dtype::Kind::unsigned_int, 1},
        {"uint16", Dtype::Kind::unsigned_int, 2}, {"uint32", Dtype::Kind::unsigned_int, 4},
        {"uint64", Dtype::Kind::unsigned_int, 8}, {"bool", Dtype::Kind::boolean, 1},
    };
    for (const Name& n : names)
        if (t == n.name) {
            d.kind = n.kind, d.size = n.size;
            return d;
        }
    // NumPy's descr: a letter and a size.
    if (t.size() >= 2) {
        const char k = t[0];
        int size = 0;
        const bool digits = t.size() <= 3 && std::all_of(t.begin() + 1, t.end(), [](char c) {
                                return c >= '0' && c <= '9';
                            });
        if (digits)
            for (char c : t.substr(1)) size = size * 10 + (c - '0');
        const std::string refusal = detail::npy_type_refusal(k, text);
        if (!refusal.empty()) throw invalid_input(refusal);
        if (digits) {
            if (k == 'f' && (size == 2 || size == 4 || size == 8)) {
                d.kind = Dtype::Kind::floating, d.size = size;
                return d;
            }
            if (k == 'f')
                throw invalid_input("'" + detail::printable(text) + "' (" +
                                    std::to_string(size * 8) +
                                    "-bit floats, NumPy's longdouble) is not supported; save "
                                    "a.astype('float64')");
            if ((k == 'i' || k == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) {
                d.kind = k == 'i' ? Dtype::Kind::signed_int : Dtype::Kind::unsigned_int;
                d.size = size;
                return d;
            }
            if (k == 'b' && size == 1) {
                d.kind = Dtype::Kind::boolean, d.size = 1;
                return d;
            }
        }
    }
    throw invalid_input("the element type '" + detail::printable(text) +
                        "' is not one heatmap reads" + fix);
}

HEATMAP_FUNC MatrixLayout parse_npy_header(const std::uint8_t* bytes, std::size_t size,
                                           std::uint64_t file_size, std::string_view source) {
    static constexpr std::uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (size < 10 || std::memcmp(bytes, magic, 6) != 0)
        detail::npy_fault(source,
                          "not a .npy file (it does not start with \\x93NUMPY); save "
                          "the array with np.save, or read it as raw binary with its "
                          "shape and dtype");
    const int major = bytes[6], minor = bytes[7];
    if (major < 1 || major > 3 || minor != 0)
        detail::npy_fault(source, ".npy format version " + std::to_string(major) + "." +
                                      std::to_string(minor) +
                                      " is not one heatmap reads (1.0, 2.0 and 3.0); save it "
                                      "again with np.save");
    const std::size_t at = major == 1 ? 10 : 12;
    if (size < at)
        detail::npy_fault(source,
                          "the file ends inside the header's length; the file is cut "
                          "short");
    const std::uint64_t length =
        major == 1 ? detail::load_u16(bytes + 8, false) : detail::load_u32(bytes + 8, false);
    if (length > npy_max_header - at)
        detail::npy_fault(source, "the header is " + detail::byte_count(length) +
                                      " long, over heatmap's limit of 1 MiB; save the array "
                                      "with np.save");
    if (size - at < length)
        detail::npy_fault(source, "the file ends inside its " + detail::byte_count(length) +
                                      " header; the file is cut short");
    const std::string_view text(reinterpret_cast<const char*>(bytes + at),
                                static_cast<std::size_t>(length));
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 128 && major < 3)
            detail::npy_fault(source,
                              "the header holds a byte beyond ASCII, which format "
                              "version " +
                                  std::to_string(major) +
                                  " does not allow; save the array with np.save");
    MatrixLayout layout = detail::NpyHeaderParser(text, source).parse();
    layout.offset = at + length;
    detail::check_data_size(layout, file_size, source, true);
    return layout;
}

HEATMAP_FUNC void decode_values(const Dtype& dtype, const std::uint8_t* src, std::size_t n,
                                double* out) {
    const bool big = dtype.big_endian && dtype.size > 1;
    if (dtype.kind == Dtype::Kind::floating && dtype.size == 8 &&
        big != detail::host_little_endian()) {
        std::memcpy(out, src, n * 8);  // the machine's own doubles
        return;
    }
    using K = Dtype::Kind;
    switch (dtype.size) {
        case 1:
            for (std::size_t i = 0; i < n; ++i)
                out[i] = dtype.kind == K::boolean ? (src[i] != 0 ? 1.0 : 0.0)
                         : dtype.kind == K::signed_int
                             ? static_cast<double>(static_cast<std::int8_t>(src[i]))
                             : static_cast<double>(src[i]);
            return;
        case 2:
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint16_t v = detail::load_u16(src + 2 * i, big);
                out[i] = dtype.kind == K::floating ? detail::half_to_double(v)
                         : dtype.kind == K::signed_int
                             ? static_cast<double>(static_cast<std::int16_t>(v))
                             : static_cast<double>(v);
            }
            return;
        case 4:
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint32_t v = detail::load_u32(src + 4 * i, big);
                if (dtype.kind == K::floating) {
                    float f;
                    std::memcpy(&f, &v, 4);
                    out[i] = static_cast<double>(f);
                } else {
                    out[i] = dtype.kind == K::signed_int
                                 ? static_cast<double>(static_cast<std::int32_t>(v))
                                 : static_cast<double>(v);
                }
            }
            return;
        default:
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint64_t v = detail::load_u64(src + 8 * i, big);
                if (dtype.kind == K::floating) {
                    std::memcpy(&out[i], &v, 8);
                } else {
                    out[i] = dtype.kind == K::signed_int
                                 ? static_cast<double>(static_cast<std::int64_t>(v))
                                 : static_cast<double>(v);
                }
            }
            return;
    }
}

HEATMAP_FUNC std::uint64_t MatrixFile::regular_file_size(const std::string& path,
                                                         const char* what) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw io_error("cannot read " + path + ": " +
                       (ec ? ec.message() : "No such file or directory"));
    if (fs::is_directory(status))
        throw io_error("cannot read " + path + ": it is a folder; give " + what);
    if (!fs::is_regular_file(status))
        throw io_error("cannot read " + path +
                       ": it is not a regular file (a pipe or a device), and matrices are read "
                       "in blocks from anywhere in the file; save it to a file first");
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec) throw io_error("cannot read " + path + ": " + ec.message());
    return size;
}

HEATMAP_FUNC MatrixFile MatrixFile::open_npy(const std::string& path) {
    const std::uint64_t size = regular_file_size(path, "a .npy file");
    MatrixFile f;
    f.name_ = path;
    std::vector<std::uint8_t> head(
        static_cast<std::size_t>(std::min<std::uint64_t>(size, npy_max_header)));
    Reader r = f.reader();
    r.read_bytes(0, head.size(), head.data());
    f.layout_ = parse_npy_header(head.data(), head.size(), size, path);
    return f;
}

HEATMAP_FUNC MatrixFile MatrixFile::npy_in_memory(const std::uint8_t* data, std::size_t size,
                                                  std::string name) {
    MatrixFile f;
    f.name_ = std::move(name);
    f.memory_ = data;
    f.layout_ = parse_npy_header(data, std::min(size, npy_max_header), size, f.name_);
    return f;
}

namespace detail {
inline MatrixLayout raw_layout(std::size_t rows, std::size_t cols, Dtype dtype,
                               std::uint64_t offset, Order order, std::uint64_t file_size,
                               std::string_view source) {
    if (rows == 0 || cols == 0)
        npy_fault(source, "the shape " + std::to_string(rows) + "x" + std::to_string(cols) +
                              " is empty; give at least one row and one column");
    if (rows > (std::numeric_limits<std::uint64_t>::max() / 16) / cols)
        npy_fault(source, "the shape " + std::to_string(rows) + "x" + std::to_string(cols) +
                              " is too large to be a file; check it");
    MatrixLayout layout{rows, cols, dtype, order, offset};
    check_data_size(layout, file_size, source, false);
    return layout;
}
}  // namespace detail

HEATMAP_FUNC MatrixFile MatrixFile::open_raw(const std::string& path, std::size_t rows,
                                             std::size_t cols, Dtype dtype, std::uint64_t offset,
                                             Order order) {
    const std::uint64_t size = regular_file_size(path, "a binary file");
    MatrixFile f;
    f.name_ = path;
    f.layout_ = detail::raw_layout(rows, cols, dtype, offset, order, size, path);
    return f;
}

HEATMAP_FUNC MatrixFile MatrixFile::raw_in_memory(const std::uint8_t* data, std::size_t size,
                                                  std::string name, std::size_t rows,
                                                  std::size_t cols, Dtype dtype,
                                                  std::uint64_t offset, Order order) {
    MatrixFile f;
    f.name_ = std::move(name);
    f.memory_ = data;
    f.layout_ = detail::raw_layout(rows, cols, dtype, offset, order, size, f.name_);
    return f;
}

HEATMAP_FUNC MatrixFile::Reader MatrixFile::reader() const {
    Reader r;
    r.file_ = this;
    if (!memory_) {
        r.in_ = std::make_unique<std::ifstream>(name_, std::ios::binary);
        if (!*r.in_)
            throw io_error("cannot read " + name_ +
                           ": the file cannot be opened (check its permissions)");
        r.in_->rdbuf()->pubsetbuf(nullptr, 0);  // reads go straight to the caller's buffer
    }
    return r;
}

HEATMAP_FUNC void MatrixFile::Reader::read_bytes(std::uint64_t offset, std::size_t n,
                                                 std::uint8_t* dst) {
    if (file_->memory_) {
        std::memcpy(dst, file_->memory_ + offset, n);
        return;
    }
    in_->seekg(static_cast<std::streamoff>(offset));
    if (!in_->read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n)))
        throw io_error("cannot read " + file_->name_ + ": " + detail::byte_count(n) + " at byte " +
                       std::to_string(offset) + " could not be read (did the file shrink?)");
}

HEATMAP_FUNC void MatrixFile::Reader::read(std::size_t r, std::size_t n, std::size_t c0,
                                           std::size_t c1, double* out) {
    const MatrixLayout& L = file_->layout_;
    const auto size = static_cast<std::size_t>(L.dtype.size);
    const std::size_t width = c1 - c0;
    const bool native = L.dtype.kind == Dtype::Kind::floating && size == 8 &&
                        L.dtype.big_endian != detail::host_little_endian();
    auto fetch = [&](std::uint64_t offset, std::size_t count, double* dst) {
        if (native) {
            read_bytes(offset, count * 8, reinterpret_cast<std::uint8_t*>(dst));
            return;
        }
        scratch_.resize(count * size);
        read_bytes(offset, scratch_.size(), scratch_.data());
        decode_values(L.dtype, scratch_.data(), count, dst);
    };
    if (L.order == Order::c) {
        if (width == L.cols) {
            fetch(L.offset + static_cast<std::uint64_t>(r) * L.cols * size, n * width, out);
            return;
        }
        for (std::size_t i = 0; i < n; ++i)
            fetch(L.offset + (static_cast<std::uint64_t>(r + i) * L.cols + c0) * size, width,
                  out + i * width);
        return;
    }
    // Fortran order: each column's rows lie together; read them and lay them across.
    column_.resize(n);
    for (std::size_t j = 0; j < width; ++j) {
        fetch(L.offset + (static_cast<std::uint64_t>(c0 + j) * L.rows + r) * size, n,
              column_.data());
        for (std::size_t i = 0; i < n; ++i) out[i * width + j] = column_.data()[i];
    }
}

HEATMAP_FUNC Table read_matrix(const MatrixFile& file, std::size_t max_cells) {
    const MatrixLayout& L = file.layout();
    if (L.rows > max_cells / L.cols)
        throw invalid_input(file.name() + ": the matrix is " + std::to_string(L.rows) + "x" +
                            std::to_string(L.cols) + ", over the limit of " +
                            std::to_string(max_cells) +
                            " cells held in memory; draw it reduced to pixels (streamed) "
                            "instead, or raise the limit");
    Table t;
    t.rows = L.rows, t.cols = L.cols;
    t.values.resize(L.rows * L.cols);
    MatrixFile::Reader in = file.reader();
    in.read(0, L.rows, 0, L.cols, t.values.data());
    return t;
}

#endif  // HEATMAP_EMIT_DEFINITIONS

}  // namespace heatmap
