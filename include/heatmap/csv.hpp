#pragma once
// Tables in, a matrix of doubles out: the reader behind the `heatmap` command, usable on its own,
// reading tables as R, pandas and spreadsheets write them.
//
//     heatmap::Table t = heatmap::read_csv_file("scores.csv");  // or read_csv(text, options, name)
//     t.rows, t.cols, t(r, c), t.row_labels, t.col_labels, t.notes
//
//     auto reader = heatmap::CsvReader::open("big.csv.gz", options);   // streamed, 1 MiB at a time
//     reader->cols(), reader->col_labels(), reader->has_row_labels(), reader->notes()
//     heatmap::CsvRows rows;
//     while (reader->read(rows, 4096)) use(rows.first_row, rows.rows, rows.values);
//
// A CsvReader also reads text in memory, a std::istream or any function that fills a buffer.
// read_csv, read_csv_file and read_csv_stream read the whole table into a Table through it, so a
// table streamed reads exactly as one read whole (tests/fuzz/fuzz_csv.cpp holds them to it).
//
// What it reads: RFC 4180 (quoted cells, "" inside quotes, line breaks inside quotes), LF, CRLF or
// CR line ends, a UTF-8 byte order mark, gzip files (any source whose bytes start as gzip does,
// decoded by inflate.hpp as they are read), blank lines (skipped, as pandas skips them).
//
// Guessed, each unless CsvOptions says otherwise:
// - the delimiter, from the first lines: the first of tab, ';', ',' and runs of spaces (R's
//   write.table, `sep=r"\s+"`) that splits every line after the first into the same number of
//   cells, two or more (the first line may hold one cell less: R's layout, below). A source named
//   *.tsv is read with tabs. ' ' as the delimiter means runs of spaces and tabs.
// - the decimal mark: ',' (write.csv2, spreadsheets in many languages) when the delimiter is not
//   ',', some cell of the first lines is a number written with a comma (3,9) and none is written
//   with a point (3.9); '.' otherwise.
// - labels, as pandas writes a DataFrame: the first column holds row labels when one of its cells
//   below the first row is text; the first row holds column labels when one of its cells over a
//   column of numbers is text, or when there are row labels and the top-left cell is empty (so
//   numeric headers such as years work). R's write.table layout, whose first line holds one cell
//   less than the rows (the column names, with no cell over the row names), has both.
// - a count line: a first line of two whole numbers followed by text or empty cells (scikit-learn's
//   "150,4,setosa,versicolor,virginica") is skipped, with a note; `header` set, or `skip`, turns
//   this off.
// - text columns: a column with text in the first rows and no number there is left out, with a
//   note naming it (CsvOptions::columns / drop choose instead). Text in a column of numbers is an
//   error naming the cell and the option that leaves the column out.
// The first rows are the first 100 rows after the first line, or fewer when they reach past 64
// KiB (two at least); a decision made there holds for the whole table, so that a table streamed
// in blocks reads exactly as one read whole.
//
// Cells: numbers as Python's float() reads them (number.hpp: correctly rounded, "+1.5", " 7 ",
// "1e999" is inf); a missing value is any spelling pandas reads as NaN by default ("", "NA",
// "N/A", "n/a", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "-NaN",
// "-nan", "NaN", "nan", "<NA>", "NULL", "null", and pandas 2's "None"), and "?", as UCI's data
// sets write it; nan in any case is a number that is NaN.
//
// Errors: heatmap::invalid_input with one line "SOURCE:LINE:COLUMN: problem; fix", where COLUMN
// counts characters from 1, the fix names the option (`--drop NAME`, `--decimal ,`, `--skip N`,
// ...; CsvOptions has a field of the same name). A cell is shown as typed, at most 40 characters,
// control characters escaped (\x00, \x1b), never a character cut in two. Files and streams that
// cannot be read throw heatmap::io_error naming the system's reason.
//
// Limits, checked while reading so that no input exhausts memory or time first: max_cells values,
// max_bytes of text for an in-memory read, one cell at most max_cell_bytes (a 50 MB label fails
// within its first 2 MiB, naming its line and column, and so does /dev/zero: a growing cell is
// held to twice the limit, since quotes may double it), one line at most max_line_bytes.
//
// Cost: one pass over the text. Lines are found with memchr; a cell that is a plain number is read
// where it lies (number.hpp's fast path), other cells are unquoted into a scratch string. Blocks of
// rows are parsed on CsvOptions::threads threads (default: every core), each thread on whole rows
// writing their own places: the values, the labels and the first error (the earliest wins) are
// those of one thread. tools/bench_csv.cpp measures it.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <istream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "error.hpp"
#include "inflate.hpp"
#include "number.hpp"
#include "prefault.hpp"

namespace heatmap {

struct CsvOptions {
    std::optional<char> delimiter;  // unset: guessed; ' ' means runs of spaces and tabs
    std::optional<char> decimal;    // '.' or ','; unset: guessed
    std::optional<bool> header;     // the first row holds column labels; unset: guessed
    std::optional<bool> index;      // the first column holds row labels; unset: guessed
    std::size_t skip = 0;           // lines skipped before anything is read (a title, a count)
    std::optional<char> comment;    // lines starting with this character are skipped
    // Data columns (not the row labels), by label or 0-based index among the data columns:
    // `columns` keeps only those, in that order; `drop` leaves those out.
    std::vector<std::string> columns, drop;
    unsigned threads = 0;  // threads parsing numbers; 0: every core
    // Refuse inputs that would exhaust memory with a clear message instead of std::bad_alloc.
    std::size_t max_cells = std::size_t{1} << 27;       // 1 GiB of doubles
    std::size_t max_bytes = std::size_t{1} << 30;       // text held by an in-memory read
    std::size_t max_cell_bytes = std::size_t{1} << 20;  // one cell (a label)
    std::size_t max_line_bytes = std::size_t{1} << 28;  // one row
    // The fix named when a table is over max_cells or max_bytes; empty: "aggregate it into a
    // smaller matrix first" (the heatmap command names its streaming, which has no such limit).
    // Empty by default, so that options are made without allocating.
    std::string too_large_fix;
};

// A matrix read from a table: values row by row, NaN where a cell is missing.
struct Table {
    std::size_t rows = 0, cols = 0;
    std::vector<double> values;
    std::vector<std::string> row_labels, col_labels;  // empty when the file has none
    // The top-left cell's text over the row labels, as pandas' read_csv(index_col=0) names the
    // index ("date"); empty when there is none (R's write.table leaves the cell out).
    std::string index_name;
    // What the reader decided that the user should hear of (a text column left out, a count line
    // skipped), one line each, starting with the source's name.
    std::vector<std::string> notes;

    double operator()(std::size_t row, std::size_t col) const { return values[row * cols + col]; }
};

// A block of rows from CsvReader::read.
struct CsvRows {
    std::size_t first_row = 0;  // the table row of the block's first row
    std::size_t rows = 0;
    std::vector<double> values;           // rows * cols, row by row
    std::vector<std::string> row_labels;  // one per row when the table has row labels
};

namespace detail {

inline bool csv_blank(char c) {
    return c == ' ' || c == '\t';
}

inline std::string_view csv_trim(std::string_view s) {
    while (!s.empty() && csv_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && csv_blank(s.back())) s.remove_suffix(1);
    return s;
}

// The spellings pandas reads as missing by default (pandas._libs.parsers.STR_NA_VALUES, 1.5 and
// 2.x's "None"), and "?".
inline bool csv_missing(std::string_view s) {
    static constexpr std::string_view spellings[] = {
        "",     "#N/A",   "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN",
        "-nan", "1.#IND", "1.#QNAN",  "<NA>", "N/A",     "NA",       "NULL",
        "NaN",  "None",   "n/a",      "nan",  "null",    "?"};
    s = csv_trim(s);
    for (std::string_view m : spellings)
        if (s == m) return true;
    return false;
}

enum class CsvKind { number, missing, text };

inline CsvKind csv_classify(std::string_view s, char mark, double& value) {
    if (parse_number(s, value, mark)) return std::isnan(value) ? CsvKind::missing : CsvKind::number;
    if (csv_missing(s)) {
        value = std::numeric_limits<double>::quiet_NaN();
        return CsvKind::missing;
    }
    return CsvKind::text;
}

// A cell for a message: quoted, as typed, at most 40 characters, control characters and bytes that
// are not UTF-8 escaped (\x1b, \u009b), never a character cut in two.
inline std::string csv_excerpt(std::string_view s) {
    constexpr std::size_t limit = 40;
    std::string out = "\"";
    std::size_t shown = 0, i = 0;
    char hex[8];
    while (i < s.size() && shown < limit) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80         ? 1
                        : (c >> 5) == 6  ? 2
                        : (c >> 4) == 14 ? 3
                        : (c >> 3) == 30 ? 4
                                         : 0;
        bool valid = n > 0 && i + n <= s.size();
        for (std::size_t k = 1; valid && k < n; ++k)
            valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (valid && n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
            out += hex;  // C1 controls (U+0080..U+009F): a terminal may obey them
        } else if (!valid) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
            n = 1;
        } else if (c < 0x20 || c == 0x7F) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out.append(s.data() + i, n);
        }
        i += n;
        ++shown;
    }
    if (i < s.size()) out += "...";
    return out + "\"";
}

inline std::string csv_too_large_fix(const CsvOptions& o) {
    return o.too_large_fix.empty() ? "aggregate it into a smaller matrix first" : o.too_large_fix;
}

inline std::string csv_size_text(std::uintmax_t bytes) {
    return bytes < (1u << 20) ? std::to_string(bytes) + " bytes"
                              : std::to_string(bytes >> 20) + " MiB";
}

inline std::string csv_delimiter_name(char c) {
    return c == '\t' ? "tab" : c == ' ' ? "runs of spaces" : "'" + std::string(1, c) + "'";
}

// Where bytes come from: fills up to n bytes and returns how many, 0 at the end; throws io_error.
using CsvSource = std::function<std::size_t(char*, std::size_t)>;

inline CsvSource csv_file_source(std::FILE* file, std::string name) {
    return [file, name = std::move(name)](char* buf, std::size_t n) {
        const std::size_t got = std::fread(buf, 1, n, file);
        if (got < n && std::ferror(file))
            throw io_error("cannot read " + name + ": " + std::strerror(errno));
        return got;
    };
}

inline CsvSource csv_stream_source(std::istream& in, std::string name) {
    return [&in, name = std::move(name)](char* buf, std::size_t n) {
        if (!in.good()) {
            if (in.bad()) throw io_error("cannot read " + name + ": the read failed");
            return std::size_t{0};
        }
        in.read(buf, static_cast<std::streamsize>(n));
        if (in.bad()) throw io_error("cannot read " + name + ": the read failed");
        return static_cast<std::size_t>(in.gcount());
    };
}

// The text being read, as a window [begin, end) over a buffer that more() slides and refills; or
// a view of text already in memory. gzip is recognised by its first bytes and decoded on the way.
class CsvInput {
  public:
    CsvInput(std::string_view text, std::string name) : name_(std::move(name)), view_(text) {
        if (looks_gzip(reinterpret_cast<const unsigned char*>(text.data()), text.size())) {
            std::size_t pos = 0;
            source_ = [text, pos](char* buf, std::size_t n) mutable {
                n = std::min(n, text.size() - pos);
                std::memcpy(buf, text.data() + pos, n);
                pos += n;
                return n;
            };
            start_gzip({});
        } else {
            eof_ = true;
        }
    }

    // `chunk`: bytes asked of the source at a time.
    CsvInput(CsvSource source, std::string name, std::size_t chunk)
        : name_(std::move(name)), source_(std::move(source)), chunk_(chunk) {
        // Enough bytes to recognise gzip, then the decoder takes those bytes first.
        std::string head(2, '\0');
        std::size_t got = 0;
        while (got < 2) {
            const std::size_t n = source_(&head[got], 2 - got);
            if (n == 0) break;
            got += n;
        }
        head.resize(got);
        if (looks_gzip(reinterpret_cast<const unsigned char*>(head.data()), head.size())) {
            start_gzip(std::move(head));
        } else {
            grow(2);  // never empty: memcpy and the window's pointers need a buffer
            if (!head.empty()) std::memcpy(buf_.get(), head.data(), head.size());
            end_ = head.size();
            total_ = end_;
            if (got < 2) eof_ = true;
        }
    }

    const char* begin() const { return view_.data() ? view_.data() + begin_ : buf_.get() + begin_; }
    const char* end() const {
        return view_.data() ? view_.data() + view_.size() : buf_.get() + end_;
    }
    std::size_t size() const { return static_cast<std::size_t>(end() - begin()); }
    bool eof() const { return eof_; }
    bool gzip() const { return gzip_ != nullptr; }
    std::size_t capacity() const { return size_; }
    std::size_t total() const { return total_; }

    // The window now starts `n` bytes further on.
    void consume(std::size_t n) { begin_ += n; }

    // Reads more text at the window's end, keeping the window; false once the source has ended.
    bool more() {
        if (eof_) return false;
        if (begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        // Room for a chunk, unless there is room for half of one (at most 32 KiB): a file read in
        // one chunk of its size then learns of its end without a second buffer.
        if (size_ - end_ < std::min<std::size_t>(chunk_, 1 << 16) / 2 + 1)
            grow(std::max(end_ + chunk_, size_ + size_ / 2));
        const std::size_t n = read_some(buf_.get() + end_, std::min(chunk_, size_ - end_));
        end_ += n;
        total_ += n;
        if (n == 0) eof_ = true;
        return n > 0;
    }

  private:
    std::string name_;
    std::string_view view_;  // text in memory (not gzip): the window is a view of it
    CsvSource source_;
    std::unique_ptr<GzipDecoder> gzip_;
    std::unique_ptr<char[]> buf_;  // not zeroed: every byte read is written first
    std::size_t size_ = 0;
    std::size_t begin_ = 0, end_ = 0, chunk_ = 1 << 16, total_ = 0;
    bool eof_ = false;

    void grow(std::size_t n) {
        if (n <= size_) return;
        std::unique_ptr<char[]> bigger(new char[n]);
        // The pages the next read fills, mapped in one call (prefault.hpp): a file read in one go
        // would otherwise take a page fault each 4 KiB inside read().
        if (n > end_) prefault(bigger.get() + end_, std::min(chunk_, n - end_));
        if (end_ > 0) std::memcpy(bigger.get(), buf_.get(), end_);
        buf_ = std::move(bigger);
        size_ = n;
    }

    std::size_t read_some(char* buf, std::size_t n) {
        return gzip_ ? gzip_->read(buf, n) : source_(buf, n);
    }

    void start_gzip(std::string head) {
        CsvSource raw = std::move(source_);
        std::size_t pos = 0;
        gzip_ = std::make_unique<GzipDecoder>(
            [raw, head = std::move(head), pos](char* buf, std::size_t n) mutable {
                if (pos < head.size()) {
                    n = std::min(n, head.size() - pos);
                    std::memcpy(buf, head.data() + pos, n);
                    pos += n;
                    return n;
                }
                return raw(buf, n);
            },
            name_);
        view_ = {};
    }
};

// A row of the text: [begin, end) offsets in the window, without its line break; `line` is the
// 1-based line it starts on.
struct CsvRecord {
    std::size_t begin = 0, end = 0, line = 0;
};

// A cell of a row split by the careful path: its text unquoted, and where it starts.
struct CsvCell {
    std::string text;
    std::size_t offset = 0;  // in the window
    bool quoted = false;
};

// A fault found while parsing rows on a thread: reported after every thread has finished, the
// earliest row's.
struct CsvFault {
    std::size_t row = std::size_t(-1);
    std::string message;
};

}  // namespace detail

// Reads a table in blocks of rows: the layout (delimiter, labels, columns) is decided when it is
// opened, from the first rows, and every block after follows it. Peak memory is the block the
// caller asks for plus the reader's window (chunk_bytes and one row), whatever the table's size.
class CsvReader {
  public:
    // Text in memory, read without a copy (unless it is gzip): it must outlive the reader. After
    // an exception from any member, the reader has nothing more to give.
    CsvReader(std::string_view text, const CsvOptions& options, std::string source = "<csv>")
        : options_(options), source_(std::move(source)), input_(text, source_) {
        start();
    }

    // Any source of bytes, read `chunk_bytes` at a time.
    CsvReader(detail::CsvSource bytes, const CsvOptions& options, std::string source,
              std::size_t chunk_bytes = std::size_t{1} << 20)
        : options_(options),
          source_(std::move(source)),
          input_(std::move(bytes), source_, chunk_bytes) {
        start();
    }

    // A stream (standard input, a pipe), read in chunks.
    CsvReader(std::istream& in, const CsvOptions& options, std::string source = "<stdin>",
              std::size_t chunk_bytes = std::size_t{1} << 20)
        : CsvReader(detail::csv_stream_source(in, source), options, source, chunk_bytes) {}

    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // A file opened for streaming (a folder or a missing file throws io_error).
    static std::unique_ptr<CsvReader> open(const std::string& path, const CsvOptions& options = {},
                                           std::size_t chunk_bytes = std::size_t{1} << 20) {
        auto file = open_file(path);
        std::FILE* f = file.get();
        auto reader = std::make_unique<CsvReader>(detail::csv_file_source(f, path), options, path,
                                                  chunk_bytes);
        reader->file_ = std::move(file);
        return reader;
    }

    std::size_t cols() const { return out_cols_; }
    bool has_row_labels() const { return index_; }
    const std::vector<std::string>& col_labels() const { return col_labels_; }
    const std::string& index_name() const { return index_name_; }
    const std::vector<std::string>& notes() const { return notes_; }
    char delimiter() const { return delim_; }
    char decimal() const { return mark_; }
    // The most the reader's window has held: what streaming costs beyond the caller's blocks.
    std::size_t peak_window_bytes() const { return peak_window_; }

    // Reads up to max_rows (at least 1) more rows into `out`, replacing what it held; false, with
    // `out` empty, once the table has ended. May return fewer rows than asked.
    bool read(CsvRows& out, std::size_t max_rows) {
        out.first_row = rows_;
        out.rows = 0;
        out.values.clear();
        out.row_labels.clear();
        const std::size_t n = read_block(out.values, index_ ? &out.row_labels : nullptr,
                                         std::max<std::size_t>(max_rows, 1));
        out.rows = n;
        return n > 0;
    }

    // The rest of the table, in memory.
    Table read_all() {
        whole_ = true;
        // A file read in one go holds all its text by now but has not yet been told of its end
        // (the next read returns nothing): ask, so that the values below are reserved once rather
        // than grown by doubling (issue 18.5: the 1000x1000 CSV's values were copied and their
        // fresh pages faulted twice over, 4,000 of its 6,800 page faults).
        if (!input_.eof() && input_.total() < input_.capacity()) {
            input_.more();
            peak_window_ = std::max(peak_window_, input_.capacity());
        }
        if (input_.total() > options_.max_bytes) fail_over_limit();
        Table t;
        t.cols = out_cols_;
        t.col_labels = col_labels_;
        t.index_name = index_name_;
        // One allocation for a table whose text is all in the window (in memory, or a file read
        // in one go), estimated from the first row's length; growing 8 MiB blocks would copy.
        if (input_.eof() && out_cols_ > 0) {
            std::size_t at = 0, next = 0, lines = 0, line = line_;
            detail::CsvRecord r;
            while (split(at, r, next, lines, line) == Split::skipped) at = next;
            if (split(at, r, next, lines, line) == Split::row && next > at) {
                const std::size_t rows = input_.size() / (next - at) + 1;
                t.values.reserve(std::min(rows * out_cols_ + out_cols_, options_.max_cells));
                if (index_) t.row_labels.reserve(std::min(rows, options_.max_cells));
            }
        }
        while (read_block(t.values, index_ ? &t.row_labels : nullptr, std::size_t{1} << 16) > 0) {
        }
        t.rows = rows_;
        if (t.rows == 0) fail_no_rows();
        t.notes = notes_;
        return t;
    }

  private:
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    using File = std::unique_ptr<std::FILE, FileCloser>;

    CsvOptions options_;
    std::string source_;
    detail::CsvInput input_;
    File file_;
    char delim_ = ',', mark_ = '.';
    bool spaces_ = false;   // the delimiter is runs of spaces and tabs
    bool careful_ = false;  // lone CR line ends: every row goes through the careful splitter
    bool header_ = false, index_ = false, r_layout_ = false;
    std::size_t line_ = 1;    // the line of the window's first byte
    std::size_t ncells_ = 0;  // cells in every data row
    std::size_t out_cols_ = 0;
    std::vector<int> slot_;           // for each cell of a row: its column in the output, or -1
    std::vector<std::string> names_;  // each data column's name for messages ("'x'" or "3")
    std::vector<std::string> option_names_;  // and as --drop would name it ("x" or "3")
    std::vector<std::string> col_labels_, notes_;
    std::string index_name_;
    std::size_t rows_ = 0;
    std::size_t peak_window_ = 0;
    bool whole_ = false;     // read_all: the text read is held to max_bytes
    bool guessing_ = false;  // the delimiter is not known yet
    std::vector<detail::CsvRecord> block_;
    std::string first_line_;  // the first line's text, for the "no data" messages

    static File open_file(const std::string& path) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::file_status status = fs::status(fs::path(path), ec);
        if (ec || !fs::exists(status))
            throw io_error("cannot read " + path + ": " +
                           (ec ? ec.message() : "No such file or directory"));
        if (fs::is_directory(status))
            throw io_error("cannot read " + path + ": it is a folder; give a CSV file");
        File f(std::fopen(path.c_str(), "rb"));
        if (!f)
            throw io_error("cannot read " + path + ": " + std::strerror(errno) +
                           " (check its permissions)");
        return f;
    }

    // ---- Messages ----

    // Line and column (in characters) of window offset `at`, inside record r.
    std::string place(const detail::CsvRecord& r, std::size_t at) const {
        const char* base = input_.begin();
        std::size_t line = r.line, line_start = r.begin;
        for (std::size_t i = r.begin; i < at; ++i) {
            const char c = base[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= at || base[i + 1] != '\n'))) {
                ++line;
                line_start = i + 1;
            }
        }
        std::size_t column = 1;
        for (std::size_t i = line_start; i < at; ++i)
            if ((static_cast<unsigned char>(base[i]) & 0xC0) != 0x80) ++column;
        return source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
    }

    std::string fault(const detail::CsvRecord& r, std::size_t at, const std::string& what) const {
        return place(r, at) + what;
    }

    [[noreturn]] void fail(const detail::CsvRecord& r, std::size_t at,
                           const std::string& what) const {
        throw invalid_input(fault(r, at, what));
    }

    [[noreturn]] void fail_over_limit() const {
        throw invalid_input(source_ + ": the " + (input_.gzip() ? "decompressed " : "") +
                            "input is over the limit of " +
                            detail::csv_size_text(options_.max_bytes) + "; " +
                            detail::csv_too_large_fix(options_));
    }

    [[noreturn]] void fail_no_rows() const {
        if (first_line_.empty())
            throw invalid_input(source_ +
                                ":1:1: the file holds no data; give rows of numbers separated by " +
                                detail::csv_delimiter_name(delim_));
        throw invalid_input(
            source_ + ":" + first_line_ +
            ": the file holds a header line and no data; add rows of numbers below it");
    }

    // Why a cell that should be a number is not, and the option that fixes it.
    std::string not_a_number(std::string_view cell, std::size_t cell_index) const {
        std::string m = detail::csv_excerpt(cell) +
                        " is not a number; write a number such as 1.5, or leave the cell empty (or "
                        "NA) for a missing value";
        double v = 0;
        const std::string_view t = detail::csv_trim(cell);
        if (mark_ == '.' && delim_ != ',' && t.find(',') != std::string_view::npos &&
            detail::parse_number(t, v, ','))
            return m + "; for numbers with a decimal comma pass --decimal ,";
        if (mark_ == ',' && t.find('.') != std::string_view::npos &&
            detail::parse_number(t, v, '.'))
            return m + "; for numbers with a decimal point pass --decimal .";
        if (cell_index == 0 && !index_)
            return m + "; if the first column holds row labels, pass --index";
        const std::size_t data = cell_index - (index_ ? 1 : 0);
        if (data < names_.size()) {
            const std::string& name = names_[data];
            if (!options_.columns.empty())
                return m + "; column " + name + " holds text: leave it out of --columns";
            return m + "; if column " + name + " holds text, pass --drop " + option_names_[data];
        }
        return m;
    }

    // ---- Splitting the text into rows ----

    enum class Split { row, skipped, more };

    // The row starting at window offset `at`: Split::row with r set, Split::skipped for a blank or
    // comment line, Split::more when the window ends first and more text may follow. `next` is
    // where the following row starts and `lines` the lines it took.
    Split split(std::size_t at, detail::CsvRecord& r, std::size_t& next, std::size_t& lines,
                std::size_t line) const {
        const char* base = input_.begin();
        const char* p = base + at;
        const char* end = input_.end();
        const bool eof = input_.eof();
        if (p == end) return Split::more;
        r.line = line;
        r.begin = at;
        if (*p == '\n' || *p == '\r' || (options_.comment && *p == *options_.comment)) {
            // Blank or comment: to the line's end, whatever quotes it holds.
            const char* q = p;
            if (*q != '\n' && *q != '\r')
                while (q < end && *q != '\n' && *q != '\r') ++q;
            r.end = static_cast<std::size_t>(q - base);
            if (q == end) {
                if (!eof) return Split::more;
                next = static_cast<std::size_t>(end - base);
                lines = 1;
                return Split::skipped;
            }
            if (*q == '\r' && q + 1 == end && !eof) return Split::more;
            next = static_cast<std::size_t>(q - base) +
                   ((*q == '\r' && q + 1 < end && q[1] == '\n') ? 2 : 1);
            lines = 1;
            return Split::skipped;
        }
        if (!careful_) {
            const char* nl =
                static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            const char* line_end = nl ? nl : end;
            if (!std::memchr(p, '"', static_cast<std::size_t>(line_end - p))) {
                if (!nl && !eof) return Split::more;
                const char* e = line_end;
                if (nl && e > p && e[-1] == '\r') --e;
                r.end = static_cast<std::size_t>(e - base);
                next = nl ? static_cast<std::size_t>(nl - base) + 1
                          : static_cast<std::size_t>(end - base);
                lines = 1;
                return blank(r) ? Split::skipped : Split::row;
            }
        }
        // Careful: a quote opens a quoted cell only at a cell's start.
        bool quoted = false, cell_start = true;
        std::size_t breaks = 0;
        const char* q = p;
        for (; q < end; ++q) {
            const char c = *q;
            if (quoted) {
                if (c == '"') {
                    if (q + 1 < end && q[1] == '"') {
                        ++q;
                    } else if (q + 1 == end && !eof) {
                        return Split::more;  // "" split by the window's end
                    } else {
                        quoted = false;
                    }
                } else if (c == '\n' || (c == '\r' && (q + 1 >= end || q[1] != '\n'))) {
                    ++breaks;
                }
                continue;
            }
            if (c == '\n' || c == '\r') break;
            if (c == '"' && cell_start) {
                quoted = true;
                cell_start = false;
                continue;
            }
            cell_start = spaces_ ? detail::csv_blank(c) : c == delim_;
        }
        if (q == end && !eof) return Split::more;
        if (q < end && *q == '\r' && q + 1 == end && !eof) return Split::more;
        r.end = static_cast<std::size_t>(q - base);
        next = q == end ? r.end : r.end + ((*q == '\r' && q + 1 < end && q[1] == '\n') ? 2 : 1);
        lines = 1 + breaks;
        return blank(r) ? Split::skipped : Split::row;
    }

    bool blank(const detail::CsvRecord& r) const {
        const char* base = input_.begin();
        for (std::size_t i = r.begin; i < r.end; ++i)
            if (!detail::csv_blank(base[i])) return false;
        return true;
    }

    // Refuses a row growing past the line limit, or a cell past the cell limit, while its end has
    // not been read yet (so /dev/zero stops after max_cell_bytes, not at the memory's end).
    void check_growing_row(std::size_t at, std::size_t line) const {
        const char* base = input_.begin();
        std::size_t size = input_.size() - at;
        if (size > 0 && base[input_.size() - 1] == '\r') --size;  // a line break arriving
        detail::CsvRecord r{at, at + size, line};
        if (size > options_.max_line_bytes)
            fail(r, at,
                 "a line longer than " + detail::csv_size_text(options_.max_line_bytes) +
                     " with no line break; is this a table? (split the rows over lines)");
        // Raw bytes: a quoted cell holds at most half of them less its quotes, so only a stretch
        // of more than twice the limit is surely a cell over it (as the whole row would show).
        const auto surely_over = [this](std::size_t raw) {
            return (raw - std::min<std::size_t>(raw, 2)) / 2 > options_.max_cell_bytes;
        };
        if (!surely_over(size)) return;
        // Comment lines and blank ones have no cells.
        if (options_.comment && base[at] == *options_.comment) return;
        bool blank = true;
        for (std::size_t i = at; i < at + size && blank; ++i) blank = detail::csv_blank(base[i]);
        if (blank) return;
        std::size_t cell = at;
        for (std::size_t i = at; i < at + size; ++i) {
            const char c = base[i];
            // While the delimiter is still being guessed, any of the candidates ends a cell.
            if (c == '\n' || c == '\r' || (spaces_ ? detail::csv_blank(c) : c == delim_) ||
                (guessing_ && (c == ',' || c == ';' || detail::csv_blank(c))))
                cell = i + 1;
        }
        if (at + size > cell && surely_over(at + size - cell)) fail_long_cell(r, cell);
    }

    std::string long_cell_text() const {
        return "a cell longer than " + detail::csv_size_text(options_.max_cell_bytes) +
               ", more than a label or number can be; is this a table, with the delimiter " +
               detail::csv_delimiter_name(delim_) + "? (--delimiter chooses another)";
    }

    [[noreturn]] void fail_long_cell(const detail::CsvRecord& r, std::size_t at) const {
        fail(r, at, long_cell_text());
    }

    // A whole row is held to the line limit as a growing one is (check_growing_row), so that a
    // table read whole and one streamed refuse the same rows.
    const detail::CsvRecord& checked(const detail::CsvRecord& r) const {
        if (r.end - r.begin > options_.max_line_bytes)
            fail(r, r.begin,
                 "a line longer than " + detail::csv_size_text(options_.max_line_bytes) +
                     " with no line break; is this a table? (split the rows over lines)");
        return r;
    }

    // Gathers rows from the window's start into block_ until max_rows, the byte budget, or the
    // window's end; reads more text when not even one row is complete. Returns the offset after
    // the last row gathered, and its line in `end_line`.
    std::size_t gather(std::size_t max_rows, std::size_t byte_budget, std::size_t& end_line) {
        block_.clear();
        std::size_t at = 0, line = line_;
        for (;;) {
            if (block_.size() >= max_rows || (!block_.empty() && at >= byte_budget)) break;
            detail::CsvRecord r;
            std::size_t next = 0, lines = 0;
            const Split s = split(at, r, next, lines, line);
            if (s != Split::more) {
                checked(r);  // skipped lines too: a streamed read checks them as they grow
                if (s == Split::row) block_.push_back(r);
                at = next;
                line += lines;
                continue;
            }
            if (!block_.empty()) break;  // parse these first
            input_.consume(at);          // skipped lines only
            line_ = line;
            at = 0;
            if (input_.eof()) break;  // split asks for more at the end only when nothing is left
            check_growing_row(0, line);
            input_.more();
            peak_window_ = std::max(peak_window_, input_.capacity());
            if (whole_ && input_.total() > options_.max_bytes) fail_over_limit();
        }
        end_line = line;
        return at;
    }

    // Splits a row into cells the careful way (quotes, "" inside them); throws on a quote that is
    // never closed or text after a closing quote.
    void cells_of(const detail::CsvRecord& r, std::vector<detail::CsvCell>& out) const {
        out.clear();
        const char* base = input_.begin();
        std::size_t i = r.begin;
        if (spaces_)
            while (i < r.end && detail::csv_blank(base[i])) ++i;
        for (;;) {
            detail::CsvCell cell;
            cell.offset = i;
            if (i < r.end && base[i] == '"') {
                cell.quoted = true;
                std::size_t j = i + 1;
                for (;; ++j) {
                    if (j >= r.end)
                        fail(r, i,
                             "a quoted cell is never closed; add the closing '\"' (a '\"' inside a "
                             "quoted cell is written twice: \"\")");
                    if (base[j] == '"') {
                        if (j + 1 < r.end && base[j + 1] == '"') {
                            cell.text += '"';
                            ++j;
                            continue;
                        }
                        break;
                    }
                    cell.text += base[j];
                }
                i = j + 1;
                if (i < r.end && !(spaces_ ? detail::csv_blank(base[i]) : base[i] == delim_)) {
                    std::string shown = detail::csv_excerpt(std::string_view(base + i, 1));
                    fail(r, i,
                         "unexpected " + shown.substr(1, shown.size() - 2).insert(0, "'") +
                             "' after a closing quote; put the whole cell inside the quotes and "
                             "write a '\"' inside them as \"\"");
                }
            } else {
                std::size_t j = i;
                while (j < r.end && !(spaces_ ? detail::csv_blank(base[j]) : base[j] == delim_))
                    ++j;
                cell.text.assign(base + i, j - i);
                i = j;
            }
            if (cell.text.size() > options_.max_cell_bytes) fail_long_cell(r, cell.offset);
            out.push_back(std::move(cell));
            if (spaces_) {
                while (i < r.end && detail::csv_blank(base[i])) ++i;
                if (i >= r.end) return;
            } else {
                if (i >= r.end) return;
                ++i;  // the delimiter
            }
        }
    }

    // ---- Deciding the layout from the first rows ----

    void skip_lines(std::size_t n) {
        while (n > 0) {
            const char* base = input_.begin();
            const char* end = input_.end();
            const char* nl = nullptr;
            for (const char* p = base; p < end; ++p)
                if (*p == '\n' || *p == '\r') {
                    nl = p;
                    break;
                }
            if (!nl || (*nl == '\r' && nl + 1 == end && !input_.eof())) {
                if (input_.size() > options_.max_line_bytes)
                    fail({0, input_.size(), line_}, 0,
                         "a line longer than " + detail::csv_size_text(options_.max_line_bytes) +
                             " in the lines --skip skips");
                if (!input_.eof()) {
                    input_.more();  // moves the window: look again
                    continue;
                }
                if (!nl) {  // the last line, without a line break
                    input_.consume(input_.size());
                    ++line_;
                    return;
                }
            }
            if (static_cast<std::size_t>(nl - base) > options_.max_line_bytes)
                fail({0, input_.size(), line_}, 0,
                     "a line longer than " + detail::csv_size_text(options_.max_line_bytes) +
                         " in the lines --skip skips");
            const std::size_t after = static_cast<std::size_t>(nl - base) +
                                      ((*nl == '\r' && nl + 1 < end && nl[1] == '\n') ? 2 : 1);
            input_.consume(after);
            ++line_;
            --n;
        }
    }

    // Fields of a row under a candidate delimiter, quotes respected (for the guess only).
    static std::size_t count_cells(std::string_view row, char d) {
        std::size_t n = 0;
        bool quoted = false, in_cell = false, cell_start = true;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const char c = row[i];
            if (quoted) {
                if (c == '"')
                    quoted = i + 1 < row.size() && row[i + 1] == '"' ? (++i, true) : false;
                continue;
            }
            if (d == ' ') {
                if (detail::csv_blank(c)) {
                    in_cell = false;
                    cell_start = true;
                    continue;
                }
                if (!in_cell) {
                    ++n;
                    in_cell = true;
                }
            } else if (c == d) {
                ++n;
                cell_start = true;
                continue;
            }
            if (c == '"' && cell_start) quoted = true;
            cell_start = false;
        }
        return d == ' ' ? n : n + 1;
    }

    char guess_delimiter(const std::vector<std::string_view>& rows) const {
        if (source_.size() >= 4 &&
            (source_.compare(source_.size() - 4, 4, ".tsv") == 0 ||
             (source_.size() >= 7 && source_.compare(source_.size() - 7, 7, ".tsv.gz") == 0)))
            return '\t';
        const char candidates[] = {'\t', ';', ',', ' '};
        char weak = 0;
        for (char d : candidates) {
            if (d == ',' && options_.decimal == ',') continue;
            if (rows.empty()) break;
            const std::size_t first = count_cells(rows[0], d);
            if (rows.size() == 1) {
                if (first >= 2) return d;
                continue;
            }
            const std::size_t n = count_cells(rows[1], d);
            bool same = n >= 2;
            for (std::size_t i = 2; same && i < rows.size(); ++i)
                same = count_cells(rows[i], d) == n;
            if (!same) continue;
            if (first == n || first + 1 == n) return d;
            if (!weak) weak = d;  // the first line differs: a title or a count, reported later
        }
        return weak ? weak : ',';
    }

    void start() {
        // The options first, before anything is read.
        const auto shown = [](char c) { return escaped(std::string_view(&c, 1)); };
        if (options_.decimal && *options_.decimal != '.' && *options_.decimal != ',')
            throw std::invalid_argument("decimal mark '" + shown(*options_.decimal) +
                                        "' is not '.' or ','");
        if (options_.delimiter) {
            const char d = *options_.delimiter;
            if (d == '"' || d == '\n' || d == '\r')
                throw std::invalid_argument("CSV delimiter '" + shown(d) +
                                            "' cannot be used: it is a quote or a line break; "
                                            "choose another, such as ',' or ';'");
            if (options_.decimal == ',' && d == ',')
                throw std::invalid_argument(
                    "the decimal mark ',' cannot be read with ',' as the delimiter; choose another "
                    "delimiter, such as ';'");
        }
        const char* b = input_.begin();
        while (input_.size() < 3 && input_.more()) b = input_.begin();
        b = input_.begin();
        if (input_.size() >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0)
            input_.consume(3);
        else if (input_.size() >= 2 &&
                 (std::memcmp(b, "\xFF\xFE", 2) == 0 || std::memcmp(b, "\xFE\xFF", 2) == 0))
            throw invalid_input(
                source_ +
                ":1:1: the file is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8), or "
                "convert it with iconv -f UTF-16 -t UTF-8");
        skip_lines(options_.skip);
        // The first rows, split carefully with a provisional delimiter (quotes decide rows).
        careful_ = true;
        delim_ = options_.delimiter.value_or(',');
        spaces_ = delim_ == ' ';
        guessing_ = !options_.delimiter;
        std::size_t end = sample();
        guessing_ = false;
        {
            std::vector<std::string_view> rows;
            for (const auto& r : block_)
                rows.emplace_back(input_.begin() + r.begin, r.end - r.begin);
            if (!options_.delimiter) {
                delim_ = guess_delimiter(rows);
                spaces_ = delim_ == ' ';
            }
        }
        // Lone CR line ends: every row goes the careful way, which reads them.
        const char* base = input_.begin();
        careful_ = false;
        for (std::size_t i = 0; i < end; ++i)
            if (base[i] == '\r' && (i + 1 >= input_.size() || base[i + 1] != '\n')) careful_ = true;
        end = sample();  // again, now with the delimiter
        (void)end;
        decide();
    }

    // The first rows into block_ (at most 100 after the first, or those within 64 KiB); returns
    // the offset after them.
    std::size_t sample() {
        std::size_t at = 0, line = line_;
        block_.clear();
        for (;;) {
            detail::CsvRecord r;
            std::size_t next = 0, lines = 0;
            if (block_.size() >= 101 || (block_.size() >= 2 && at > (std::size_t{1} << 16))) break;
            const Split s = split(at, r, next, lines, line);
            if (s == Split::more) {
                check_growing_row(at, line);
                if (!input_.more() && input_.size() == at) break;
                continue;
            }
            checked(r);
            if (s == Split::row) block_.push_back(r);
            at = next;
            line += lines;
        }
        peak_window_ = std::max(peak_window_, input_.capacity());
        return at;
    }

    static bool whole_number(std::string_view s) {
        s = detail::csv_trim(s);
        if (s.empty()) return false;
        for (char c : s)
            if (!detail::number_digit(c)) return false;
        return true;
    }

    // A column's label for a message: in single quotes, escaped as cells are.
    static std::string quoted_name(std::string_view label) { return "'" + escaped(label) + "'"; }

    // A label as csv_excerpt shows a cell, without the quotes.
    static std::string escaped(std::string_view label) {
        const std::string e = detail::csv_excerpt(label);
        return e.substr(1, e.size() - 2);
    }

    // Resolves --columns / --drop names to data column indices.
    std::vector<std::size_t> resolve(const std::vector<std::string>& wanted, const char* flag,
                                     const std::vector<std::string>& labels,
                                     std::size_t ndata) const {
        std::vector<std::size_t> out;
        for (const std::string& w : wanted) {
            std::size_t found = std::size_t(-1);
            for (std::size_t k = 0; k < labels.size() && found == std::size_t(-1); ++k)
                if (labels[k] == w) found = k;
            if (found == std::size_t(-1) && whole_number(w) && w.size() < 10) {
                const std::size_t k = std::stoul(w);
                if (k < ndata) found = k;
            }
            if (found == std::size_t(-1)) {
                std::string known;
                for (std::size_t k = 0; k < labels.size() && k < 8; ++k)
                    known += (k ? ", " : "") + escaped(labels[k]);
                if (labels.size() > 8) known += ", ...";
                throw std::invalid_argument(
                    source_ + ": " + flag + ": no column " + detail::csv_excerpt(w) +
                    "; give a column's label" + (labels.empty() ? "" : " (" + known + ")") +
                    " or its index from 0 to " + std::to_string(ndata - 1) + " among the " +
                    std::to_string(ndata) + " data columns");
            }
            if (std::find(out.begin(), out.end(), found) != out.end())
                throw std::invalid_argument(source_ + ": " + flag + ": column " +
                                            detail::csv_excerpt(w) +
                                            " is named twice; name each column once");
            out.push_back(found);
        }
        return out;
    }

    void decide() {
        std::vector<std::vector<detail::CsvCell>> rows(block_.size());
        for (std::size_t i = 0; i < block_.size(); ++i) cells_of(block_[i], rows[i]);
        if (block_.empty()) {
            // Nothing but blank lines: the "no data" message, with the delimiter it would use.
            ncells_ = 0;
            return;
        }
        first_line_ = std::to_string(block_[0].line) + ":1";
        std::size_t first = 0;  // the row that may be a header
        // A count line: "150,4,setosa,versicolor,virginica" (scikit-learn), "506,13,,,".
        if (!options_.header && options_.skip == 0 && rows.size() >= 2 && rows[0].size() >= 3 &&
            whole_number(rows[0][0].text) && whole_number(rows[0][1].text)) {
            bool rest_text = true;
            double v = 0;
            for (std::size_t k = 2; k < rows[0].size() && rest_text; ++k)
                rest_text = !detail::parse_number(rows[0][k].text, v, mark_guess(rows));
            if (rest_text) {
                std::string shown(input_.begin() + block_[0].begin,
                                  block_[0].end - block_[0].begin);
                notes_.push_back(source_ + ":" + std::to_string(block_[0].line) + ": " +
                                 detail::csv_excerpt(shown) +
                                 " looks like a count line (rows, columns, class names) and is "
                                 "skipped; pass --header to read it as column labels");
                first = 1;
                first_line_ = std::to_string(block_[1].line) + ":1";
            }
        }
        mark_ = options_.decimal ? *options_.decimal : mark_guess(rows);
        const auto& head = rows[first];
        const bool more_rows = rows.size() > first + 1;
        // The rows' length: the first row's, unless the rows after it agree on another (then the
        // first line is not part of the table: a title, a count) or it is one cell short with
        // text in it (R's write.table: no cell over the row names; R quotes its names).
        ncells_ = head.size();
        bool odd_head = false;
        if (more_rows && rows[first + 1].size() != head.size()) {
            const std::size_t n1 = rows[first + 1].size();
            bool agree = rows.size() > first + 2;
            for (std::size_t i = first + 2; agree && i < rows.size(); ++i)
                agree = rows[i].size() == n1;
            bool text = false;
            double v = 0;
            for (const auto& c : head)
                text = text || c.quoted || !detail::parse_number(c.text, v, mark_);
            // A first line starting as comments do is no header, though it is one cell short.
            const char c0 = input_.begin()[block_[first].begin];
            if (head.size() + 1 == n1 && text && c0 != '#' && c0 != '%' &&
                options_.header != false && options_.index != false) {
                r_layout_ = true;
                header_ = index_ = true;
                ncells_ = n1;
            } else if (agree) {
                ncells_ = n1;
                odd_head = true;
            }
        }
        if (odd_head) {
            const char lead_char = input_.begin()[block_[first].begin];
            const bool commented = lead_char == '#' || lead_char == '%';
            throw invalid_input(
                source_ + ":" + std::to_string(block_[first].line) + ":1: the first line has " +
                std::to_string(head.size()) + (head.size() == 1 ? " cell" : " cells") +
                " but the rows below it have " + std::to_string(ncells_) +
                (commented
                     ? "; if lines starting with '" + std::string(1, lead_char) +
                           "' are comments, pass --comment '" + std::string(1, lead_char) + "'"
                     : "; if it is not part of the table (a title, a count), pass --skip " +
                           std::to_string(options_.skip + 1)));
        }
        // What the data rows of the sample hold, cell by cell.
        const std::size_t data_from = first + 1;
        const auto kind = [this](const detail::CsvCell& c) {
            double v = 0;
            return detail::csv_classify(c.text, mark_, v);
        };
        if (!r_layout_) {
            if (options_.index) {
                index_ = *options_.index;
            } else {
                for (std::size_t i = data_from; i < rows.size() && !index_; ++i)
                    index_ = !rows[i].empty() && kind(rows[i][0]) == detail::CsvKind::text;
                // An empty top-left cell over column labels: the first column is the index, as
                // pandas' to_csv and R's write.csv write it, even when it holds numbers.
                if (!index_ && more_rows && options_.header != false && head.size() >= 2 &&
                    detail::csv_trim(head[0].text).empty()) {
                    for (std::size_t k = 1; k < head.size() && !index_; ++k)
                        index_ = kind(head[k]) == detail::CsvKind::text;
                }
            }
        }
        // Rows of the sample must have the data rows' length (reported as any row would be).
        for (std::size_t i = data_from; i < rows.size(); ++i)
            if (rows[i].size() != ncells_) check_length(block_[i], rows[i].size());
        const std::size_t lead = index_ ? 1 : 0;
        if (ncells_ <= lead) {
            if (ncells_ == 0) fail_no_rows();
            throw invalid_input(source_ + ":" + std::to_string(block_.back().line) +
                                ":1: the file holds row labels and no numbers; add columns of "
                                "numbers after the labels");
        }
        const std::size_t ndata = ncells_ - lead;
        std::vector<char> has_number(ndata, 0);
        std::vector<std::pair<std::size_t, std::size_t>> first_text(ndata, {std::size_t(-1), 0});
        const auto note_row = [&](std::size_t i) {
            for (std::size_t k = lead; k < rows[i].size() && k < ncells_; ++k) {
                const auto c = kind(rows[i][k]);
                if (c == detail::CsvKind::number) has_number[k - lead] = 1;
                if (c == detail::CsvKind::text && first_text[k - lead].first == std::size_t(-1))
                    first_text[k - lead] = {i, k};
            }
        };
        for (std::size_t i = data_from; i < rows.size(); ++i) note_row(i);
        if (!r_layout_) {
            if (options_.header) {
                header_ = *options_.header;
            } else {
                bool any_numeric = false;
                for (char h : has_number) any_numeric = any_numeric || h;
                for (std::size_t k = lead; k < head.size() && !header_; ++k)
                    if (!any_numeric || (k - lead < ndata && has_number[k - lead]))
                        header_ = kind(head[k]) == detail::CsvKind::text;
                header_ =
                    header_ || (index_ && detail::csv_trim(head[0].text).empty() && more_rows);
            }
        }
        if (!header_) {
            // The first row is data: a text cell over numbers is a header the user turned off.
            for (std::size_t k = lead; k < head.size(); ++k)
                if (kind(head[k]) == detail::CsvKind::text && has_number[k - lead])
                    fail(block_[first], head[k].offset,
                         detail::csv_excerpt(head[k].text) +
                             " is not a number; write a number such as 1.5, or leave the cell "
                             "empty (or NA) for a missing value; if the first row holds column "
                             "labels, pass --header");
            note_row(first);
        }
        if (!index_)
            for (std::size_t i = header_ ? data_from : first; i < rows.size(); ++i)
                if (!rows[i].empty() && kind(rows[i][0]) == detail::CsvKind::text)
                    fail(block_[i], rows[i][0].offset, not_a_number(rows[i][0].text, 0));
        // Names of the data columns: labels, or indices.
        std::vector<std::string> labels;
        names_.clear();
        option_names_.clear();
        for (std::size_t d = 0; d < ndata; ++d) {
            const std::size_t k = d + (r_layout_ ? 0 : lead);
            const bool named = header_ && k < head.size() && !head[k].text.empty();
            if (header_) labels.push_back(k < head.size() ? head[k].text : std::string());
            names_.push_back(named ? quoted_name(head[k].text) : std::to_string(d));
            std::string option = named ? quoted_name(head[k].text) : std::to_string(d);
            option_names_.push_back(named ? option.substr(1, option.size() - 2) : option);
        }
        // The columns drawn.
        std::vector<std::size_t> chosen;
        if (!options_.columns.empty()) {
            chosen = resolve(options_.columns, "--columns", labels, ndata);
            for (std::size_t d : chosen)
                if (first_text[d].first != std::size_t(-1)) {
                    const auto [i, k] = first_text[d];
                    fail(block_[i], rows[i][k].offset, not_a_number(rows[i][k].text, k));
                }
        } else {
            const std::vector<std::size_t> dropped =
                resolve(options_.drop, "--drop", labels, ndata);
            std::vector<std::string> text_columns;
            for (std::size_t d = 0; d < ndata; ++d) {
                if (std::find(dropped.begin(), dropped.end(), d) != dropped.end()) continue;
                if (first_text[d].first != std::size_t(-1)) {
                    const auto [i, k] = first_text[d];
                    if (has_number[d])
                        fail(block_[i], rows[i][k].offset, not_a_number(rows[i][k].text, k));
                    text_columns.push_back(names_[d]);
                    continue;
                }
                chosen.push_back(d);
            }
            if (chosen.empty() && !text_columns.empty()) {
                std::string list;
                for (std::size_t k = 0; k < text_columns.size() && k < 8; ++k)
                    list += (k ? ", " : "") + text_columns[k];
                throw invalid_input(source_ + ": no column holds numbers: " + list +
                                    (text_columns.size() > 8 ? ", ..." : "") +
                                    " hold text; give a table of numbers (if the rows are split at "
                                    "the wrong character, pass --delimiter)");
            }
            if (chosen.empty())
                throw std::invalid_argument(
                    source_ + ": --drop leaves no column to draw; drop fewer columns");
            if (!text_columns.empty()) {
                std::string list;
                for (std::size_t k = 0; k < text_columns.size(); ++k)
                    list += (k ? ", " : "") + text_columns[k];
                notes_.push_back(source_ + ": left out " +
                                 (text_columns.size() == 1 ? "column " : "columns ") + list +
                                 (text_columns.size() == 1 ? ", which holds" : ", which hold") +
                                 " text, not numbers (--columns or --drop choose the columns)");
            }
        }
        slot_.assign(ncells_, -1);
        for (std::size_t j = 0; j < chosen.size(); ++j)
            slot_[chosen[j] + lead] = static_cast<int>(j);
        out_cols_ = chosen.size();
        if (header_)
            for (std::size_t d : chosen) col_labels_.push_back(labels[d]);
        if (header_ && index_ && !r_layout_ && !head.empty())
            index_name_ = std::string(detail::csv_trim(head[0].text));
        // The data start after the header (and the count line): drop those lines from the window.
        const std::size_t data_start = header_ ? first + 1 : first;
        if (data_start > 0) {
            const detail::CsvRecord& r = block_[data_start - 1];
            std::size_t next = 0, lines = 0;
            detail::CsvRecord again;
            split(r.begin, again, next, lines, r.line);
            line_ = r.line + lines;
            input_.consume(next);
        }
        block_.clear();
    }

    char mark_guess(const std::vector<std::vector<detail::CsvCell>>& rows) const {
        if (delim_ == ',') return '.';
        bool comma = false, point = false;
        double v = 0;
        for (const auto& row : rows)
            for (const auto& c : row) {
                const std::string_view t = detail::csv_trim(c.text);
                if (t.find(',') != std::string_view::npos && detail::parse_number(t, v, ','))
                    comma = true;
                if (t.find('.') != std::string_view::npos && detail::parse_number(t, v, '.'))
                    point = true;
            }
        return comma && !point ? ',' : '.';
    }

    [[noreturn]] void check_length(const detail::CsvRecord& r, std::size_t cells) const {
        throw invalid_input(length_fault(r, cells));
    }

    std::string length_fault(const detail::CsvRecord& r, std::size_t cells) const {
        std::vector<detail::CsvCell> c;
        std::string where;
        if (cells > ncells_) {
            cells_of(r, c);
            return fault(r, c[ncells_].offset,
                         "this row has " + std::to_string(cells) + " cells but the table has " +
                             std::to_string(ncells_) +
                             " columns; give every row the same number of cells (a cell holding " +
                             detail::csv_delimiter_name(delim_) + " needs quotes; if " +
                             detail::csv_delimiter_name(delim_) +
                             " is not the delimiter, pass --delimiter)");
        }
        return fault(
            r, r.end,
            "this row has " + std::to_string(cells) + " cells but the table has " +
                std::to_string(ncells_) +
                " columns; give every row the same number of cells (an empty cell is a "
                "missing value; if the lines before the table are not part of it, pass --skip N)");
    }

    // ---- Parsing rows ----

    // Parses row r into out[0, out_cols_) and its label; false with `f` set on a fault.
    bool parse_row(const detail::CsvRecord& r, double* out, std::string* label, detail::CsvFault& f,
                   std::vector<detail::CsvCell>& scratch) const {
        const char* base = input_.begin();
        const char* p = base + r.begin;
        const char* end = base + r.end;
        if (spaces_)
            while (p < end && detail::csv_blank(*p)) ++p;
        for (std::size_t j = 0; j < ncells_; ++j) {
            const int slot = slot_[j];
            if (slot >= 0 && p < end && *p != '"') {
                // A plain number where it lies: the common case.
                // Spaces around a number are allowed (float() strips them), never the delimiter.
                const char* q = p;
                if (!spaces_)
                    while (q < end && detail::csv_blank(*q) && *q != delim_) ++q;
                double v = 0;
                const char* e = q;
                bool number = detail::fast_decimal(e, end, mark_, v);
                if (!number) {
                    const detail::DecimalScan s = detail::scan_decimal(q, end, mark_);
                    if (s.ok) {
                        e = s.end;
                        number = true;
                        if (mark_ == '.')
                            v = detail::decimal_value(s, q + (*q == '+'), e);
                        else
                            detail::parse_number(
                                std::string_view(q, static_cast<std::size_t>(e - q)), v, mark_);
                    }
                }
                if (number) {
                    const char* t = e;
                    if (!spaces_)
                        while (t < end && detail::csv_blank(*t) && *t != delim_) ++t;
                    if (t == end || (spaces_ ? detail::csv_blank(*t) : *t == delim_)) {
                        if (static_cast<std::size_t>(t - p) > options_.max_cell_bytes) {
                            f.message =
                                fault(r, static_cast<std::size_t>(p - base), long_cell_text());
                            return false;
                        }
                        out[slot] = v;
                        p = t;
                        // The common case inline: the delimiter, then the next cell.
                        if (!spaces_ && p < end && *p == delim_ && j + 1 < ncells_) {
                            ++p;
                            continue;
                        }
                        if (!next_cell(p, end, j, r, f, scratch)) return false;
                        continue;
                    }
                }
            }
            if (slot < 0 && !(j == 0 && index_) && p < end && *p != '"') {
                // A column left out: skip to its end.
                if (spaces_) {
                    while (p < end && !detail::csv_blank(*p)) ++p;
                } else {
                    const void* d = std::memchr(p, delim_, static_cast<std::size_t>(end - p));
                    p = d ? static_cast<const char*>(d) : end;
                }
                if (!next_cell(p, end, j, r, f, scratch)) return false;
                continue;
            }
            // The careful way: quotes, text, missing values, labels.
            detail::CsvCell cell;
            const std::size_t at = static_cast<std::size_t>(p - base);
            std::size_t stop = 0;
            if (!careful_cell(r, at, cell, stop, f)) return false;
            p = base + stop;
            if (j == 0 && index_) {
                if (label) *label = std::move(cell.text);
            } else if (slot >= 0) {
                double v = 0;
                if (detail::csv_classify(cell.text, mark_, v) == detail::CsvKind::text) {
                    f.message = fault(r, cell.offset, not_a_number(cell.text, j));
                    return false;
                }
                out[slot] = v;
            }
            if (!next_cell(p, end, j, r, f, scratch)) return false;
        }
        return true;
    }

    // After cell j: steps over the delimiter; refuses a row that ends early or goes on too long,
    // and text after a closing quote.
    bool next_cell(const char*& p, const char* end, std::size_t j, const detail::CsvRecord& r,
                   detail::CsvFault& f, std::vector<detail::CsvCell>& scratch) const {
        const bool last = j + 1 == ncells_;
        bool stray = false;
        if (spaces_) {
            const char* q = p;
            while (q < end && detail::csv_blank(*q)) ++q;
            if (q == end && last) {
                p = q;
                return true;
            }
            if (q < end && q > p && !last) {
                p = q;
                return true;
            }
            stray = q < end && q == p;
        } else {
            if (p == end && last) return true;
            if (p < end && *p == delim_ && !last) {
                ++p;
                return true;
            }
            stray = p < end && *p != delim_;
        }
        if (stray) {
            std::string shown = detail::csv_excerpt(std::string_view(p, 1));
            f.message = fault(r, static_cast<std::size_t>(p - input_.begin()),
                              "unexpected '" + shown.substr(1, shown.size() - 2) +
                                  "' after a closing quote; put the whole cell inside the quotes "
                                  "and write a '\"' inside them as \"\"");
            return false;
        }
        // Too few or too many cells: count them the careful way for the message.
        try {
            cells_of(r, scratch);
            f.message = length_fault(r, scratch.size());
        } catch (const invalid_input& e) {
            f.message = e.what();
        }
        return false;
    }

    bool careful_cell(const detail::CsvRecord& r, std::size_t at, detail::CsvCell& cell,
                      std::size_t& stop, detail::CsvFault& f) const {
        const char* base = input_.begin();
        cell.offset = at;
        std::size_t i = at;
        if (i < r.end && base[i] == '"') {
            std::size_t j = i + 1;
            for (;; ++j) {
                if (j >= r.end) {
                    f.message = fault(r, i,
                                      "a quoted cell is never closed; add the closing '\"' (a '\"' "
                                      "inside a quoted cell is written twice: \"\")");
                    return false;
                }
                if (base[j] == '"') {
                    if (j + 1 < r.end && base[j + 1] == '"') {
                        cell.text += '"';
                        ++j;
                        continue;
                    }
                    break;
                }
                cell.text += base[j];
            }
            stop = j + 1;
        } else {
            std::size_t j = i;
            while (j < r.end && !(spaces_ ? detail::csv_blank(base[j]) : base[j] == delim_)) ++j;
            cell.text.assign(base + i, j - i);
            stop = j;
        }
        if (cell.text.size() > options_.max_cell_bytes) {
            f.message = fault(r, at, long_cell_text());
            return false;
        }
        return true;
    }

    unsigned thread_count(std::size_t bytes) const {
        unsigned n = options_.threads ? options_.threads : std::thread::hardware_concurrency();
        if (n == 0) n = 1;
        // A thread is worth starting for a quarter MiB of text or more.
        const std::size_t useful = bytes / (std::size_t{1} << 18);
        if (useful < n) n = static_cast<unsigned>(std::max<std::size_t>(useful, 1));
        return n;
    }

    // Reads up to max_rows rows, appending their values (and labels); returns how many.
    std::size_t read_block(std::vector<double>& values, std::vector<std::string>* labels,
                           std::size_t max_rows) {
        if (ncells_ == 0) return 0;
        std::size_t end_line = 0;
        const std::size_t after = gather(max_rows, std::size_t{8} << 20, end_line);
        if (block_.empty()) return 0;
        const std::size_t count = block_.size();
        const std::size_t cols = out_cols_;
        // The cell limit: refused at the row that crosses it, before any memory is taken.
        if (cols > 0 && (rows_ + count) > options_.max_cells / cols) {
            const std::size_t row = options_.max_cells / cols - rows_;
            std::vector<detail::CsvCell> c;
            const detail::CsvRecord& r = block_[row];
            cells_of(r, c);
            std::size_t k = options_.max_cells % cols;  // the output column crossing it
            std::size_t at = r.begin;
            for (std::size_t j = 0; j < slot_.size() && j < c.size(); ++j)
                if (slot_[j] == static_cast<int>(k)) at = c[j].offset;
            fail(r, at,
                 "the data has more than " + std::to_string(options_.max_cells) +
                     " cells, more than can be drawn; " + detail::csv_too_large_fix(options_));
        }
        const std::size_t base_values = values.size();
        values.resize(base_values + count * cols, std::numeric_limits<double>::quiet_NaN());
        const std::size_t base_labels = labels ? labels->size() : 0;
        if (labels) labels->resize(base_labels + count);
        const std::size_t bytes = block_.back().end - block_.front().begin;
        const unsigned nthreads = thread_count(bytes);
        std::vector<detail::CsvFault> faults(nthreads);
        std::vector<std::exception_ptr> errors(nthreads);
        const auto work = [&](unsigned t) {
            try {
                std::vector<detail::CsvCell> scratch;
                const std::size_t a = count * t / nthreads, b = count * (t + 1) / nthreads;
                for (std::size_t i = a; i < b; ++i) {
                    if (!parse_row(block_[i], values.data() + base_values + i * cols,
                                   labels ? &(*labels)[base_labels + i] : nullptr, faults[t],
                                   scratch)) {
                        faults[t].row = i;
                        return;
                    }
                }
            } catch (...) {
                errors[t] = std::current_exception();
            }
        };
        if (nthreads == 1) {
            work(0);
        } else {
            std::vector<std::thread> pool;
            for (unsigned t = 1; t < nthreads; ++t) pool.emplace_back(work, t);
            work(0);
            for (auto& th : pool) th.join();
        }
        for (unsigned t = 0; t < nthreads; ++t) {
            if (errors[t]) std::rethrow_exception(errors[t]);
            if (faults[t].row != std::size_t(-1)) throw invalid_input(faults[t].message);
        }
        // The window may now drop these rows.
        input_.consume(after);
        line_ = end_line;
        rows_ += count;
        return count;
    }
};

// Reads a table from text in memory; `source` names it in messages (a file name, "<stdin>").
inline Table read_csv(std::string_view text, const CsvOptions& options = {},
                      std::string_view source = "<csv>") {
    return CsvReader(text, options, std::string(source)).read_all();
}

// Reads a table from a stream (standard input, a pipe) to its end; more than max_bytes of text is
// refused as it arrives (a pipe has no size to check first).
inline Table read_csv_stream(std::istream& in, const CsvOptions& options = {},
                             std::string_view source = "<stdin>") {
    return CsvReader(in, options, std::string(source), std::size_t{1} << 16).read_all();
}

// Reads a table from a C stream: the command's standard input, whose read errors (a folder, EIO)
// are reported as read errors.
inline Table read_csv_stdio(std::FILE* file, const CsvOptions& options = {},
                            std::string_view source = "<stdin>") {
    return CsvReader(detail::csv_file_source(file, std::string(source)), options,
                     std::string(source), std::size_t{1} << 16)
        .read_all();
}

// Reads a table file (gzip or not), refusing one larger than options.max_bytes before reading
// it; a regular file is read in one go. Pipes, devices and files whose size reads as 0 (/proc)
// are read to their end.
inline Table read_csv_file(const std::string& path, const CsvOptions& options = {}) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::size_t chunk = std::size_t{1} << 16;
    const fs::path p(path);
    if (fs::is_regular_file(p, ec)) {
        const auto size = fs::file_size(p, ec);
        if (!ec && size > options.max_bytes)
            throw invalid_input(path + ": the file is " + detail::csv_size_text(size) +
                                ", over the limit of " + detail::csv_size_text(options.max_bytes) +
                                "; " + detail::csv_too_large_fix(options));
        if (!ec && size > 0) chunk = static_cast<std::size_t>(size) + (std::size_t{1} << 16);
    }
    return CsvReader::open(path, options, chunk)->read_all();
}

}  // namespace heatmap
