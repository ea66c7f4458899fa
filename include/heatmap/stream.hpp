#pragma once
// Matrices larger than memory: a file read a chunk at a time, on every core, into a
// PixelAggregate; peak memory is the aggregate (the figure) plus one chunk per thread, whatever
// the file's size.
//
//   heatmap::MatrixFile f = heatmap::MatrixFile::open_npy("big.npy");      // npy.hpp
//   heatmap::PixelAggregate agg = heatmap::aggregate_file(f, axes_box, scale);
//   // or a block of rows into an aggregate of one's own (one rank of an MPI job):
//   heatmap::add_file_rows(agg, f, first_row, n_rows);
//
// Threads split the pixel rows (each reads the rows its pixels cover, with its own file handle),
// so the bytes are the same on any number of them. C-order files are read in runs of whole rows
// (rows wider than a chunk in pieces); Fortran-order files in runs of rows of a few columns at a
// time, each column's run one read.
//
// A CSV file larger than memory is read twice, a block of rows at a time: once to learn its shape,
// labels and range (summarize_csv_file), once to reduce it (reduce_csv_file). Its numbers are
// parsed on every core (CsvOptions::threads); the sums of a few pixel rows are all that is held
// between blocks. Memory: the figure's pixels, one block of rows (at most 8 MiB of text and its
// values) and the labels (the row labels, about 40 bytes each).

#include <cstddef>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "csv.hpp"
#include "npy.hpp"

namespace heatmap {

struct StreamOptions {
    unsigned threads = 0;                              // 0: every core
    std::size_t chunk_bytes = std::size_t{256} << 10;  // values (as doubles) per thread per read
};

namespace detail {

// MatrixFile::Reader as add_block reads it.
struct FileRows {
    MatrixFile::Reader in;
    PageBuffer<double> buffer;
    const double* rows(std::size_t r, std::size_t n, std::size_t cb, std::size_t ce,
                       std::size_t& stride) {
        stride = ce - cb;
        buffer.resize(n * stride);
        in.read(r, n, cb, ce, buffer.data());
        return buffer.data();
    }
};

}  // namespace detail

// Adds rows [first_row, first_row + n_rows) of the file (every column) to agg, which must be an
// aggregate of a matrix of the file's shape. Throws what MatrixFile's reader throws (io_error),
// and std::invalid_argument for rows outside the matrix or already added.
inline void add_file_rows(PixelAggregate& agg, const MatrixFile& file, std::size_t first_row,
                          std::size_t n_rows, const StreamOptions& options = {}) {
    const MatrixLayout& L = file.layout();
    if (L.rows != agg.rows() || L.cols != agg.cols())
        throw std::invalid_argument("cannot add " + file.name() + " (" + std::to_string(L.rows) +
                                    "x" + std::to_string(L.cols) + ") to an aggregate of a " +
                                    std::to_string(agg.rows()) + "x" + std::to_string(agg.cols()) +
                                    " matrix: make the aggregate for the file's shape");
    detail::add_block(
        agg, first_row, first_row + n_rows, 0, L.cols,
        [&] {
            return detail::FileRows{file.reader(), {}};
        },
        options.threads, std::max<std::size_t>(1, options.chunk_bytes / sizeof(double)),
        L.order == Order::fortran);
}

// The whole file reduced straight to one value per pixel: a C-order file holds a few pixel rows of
// sums per thread (detail::reduce_rolling), a Fortran-order one an aggregate (its pixel rows are
// done only when its last columns are read). The values of aggregate_file(...).reduced(reduce).
inline ReducedPixels reduce_file(const MatrixFile& file, const Box& box, Reduce reduce,
                                 ValueScale scale = {}, const StreamOptions& options = {});

// The whole file reduced into the pixels box covers, on scale (reduction_scale(norm)).
inline PixelAggregate aggregate_file(const MatrixFile& file, const Box& box, ValueScale scale = {},
                                     const StreamOptions& options = {}) {
    PixelAggregate agg(file.layout().rows, file.layout().cols, box, scale);
    add_file_rows(agg, file, 0, file.layout().rows, options);
    return agg;
}

inline ReducedPixels reduce_file(const MatrixFile& file, const Box& box, Reduce reduce,
                                 ValueScale scale, const StreamOptions& options) {
    const MatrixLayout& L = file.layout();
    if (L.order == Order::fortran)
        return aggregate_file(file, box, scale, options).reduced(reduce, options.threads);
    PixelAggregate geometry(L.rows, L.cols, box, scale);
    ReducedPixels out = detail::unfilled_pixels(geometry);
    out.range = detail::reduce_rolling(
        geometry,
        [&] {
            return detail::FileRows{file.reader(), {}};
        },
        options.threads, std::max<std::size_t>(1, options.chunk_bytes / sizeof(double)),
        detail::store_rows(out, reduce));
    return out;
}

// ---- CSV files ----

// A CSV file's table as its figure needs it before any value is drawn: read through once, its
// values counted into the range and dropped.
struct CsvSummary {
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> row_labels, col_labels;  // empty when the file has none
    std::string index_name;                           // as Table::index_name
    std::vector<std::string> notes;                   // as Table::notes
    DataRange range;                                  // the finite values' (positive side tracked)
};

namespace detail {

// The reader of a table never held whole: no cell limit (the limit keeps a whole read within
// memory; a streamed one holds a block).
inline CsvOptions streamed_csv_options(CsvOptions options) {
    options.max_cells = std::numeric_limits<std::size_t>::max();
    return options;
}

inline std::unique_ptr<CsvReader> open_streamed_csv(const std::string& path,
                                                    const CsvOptions& options) {
    return CsvReader::open(path, streamed_csv_options(options));
}

// Rows per block: a mebi-value (8 MiB of doubles), at least one row; the reader ends a block
// sooner at 8 MiB of text. Blocks that large are parsed on every core (CsvOptions::threads).
inline std::size_t csv_block_rows(std::size_t cols) {
    return std::max<std::size_t>(1, (std::size_t{1} << 20) / std::max<std::size_t>(1, cols));
}

}  // namespace detail

// The first pass over a table: its shape, labels, notes and range, read as read_csv reads the
// table (the same options, errors and notes), without holding its values. The reader should have
// no cell limit (CsvOptions::max_cells keeps a whole read within memory; this holds a block).
inline CsvSummary summarize_csv(CsvReader& reader) {
    CsvSummary s;
    s.cols = reader.cols();
    s.range.positive_tracked = true;
    CsvRows block;
    while (reader.read(block, detail::csv_block_rows(s.cols))) {
        for (double v : block.values) s.range.add(v);
        s.row_labels.insert(s.row_labels.end(), std::make_move_iterator(block.row_labels.begin()),
                            std::make_move_iterator(block.row_labels.end()));
        s.rows += block.rows;
    }
    if (s.rows == 0) reader.read_all();  // throws the whole read's "no data" message
    s.col_labels = reader.col_labels();
    s.index_name = reader.index_name();
    s.notes = reader.notes();
    return s;
}

// A file's first pass (CsvOptions as read_csv_file takes them, without the cell limit).
inline CsvSummary summarize_csv_file(const std::string& path, const CsvOptions& options = {}) {
    return summarize_csv(*detail::open_streamed_csv(path, options));
}

// The second pass: the values of the table `table` summarizes, read from a fresh reader, reduced
// straight into the pixels box covers, on scale, a few pixel rows of sums held at a time (the
// values reduce_matrix gives for the table in memory). A reader that gives another table is
// refused (io_error naming `name`: the file changed between the passes).
inline ReducedPixels reduce_csv(CsvReader& reader, const CsvSummary& table, const Box& box,
                                Reduce reduce, ValueScale scale = {},
                                const std::string& name = "the table") {
    PixelAggregate geometry(table.rows, table.cols, box, scale);
    ReducedPixels out = detail::unfilled_pixels(geometry);
    const detail::Bands band = detail::plan_bands(geometry, 0, table.rows, 1);
    detail::AggregateSession session(geometry, band.y.front(), band.y.back(),
                                     detail::store_rows(out, reduce));
    const auto changed = [&](const std::string& what, std::size_t before, const std::string& now) {
        throw io_error(name + " changed while it was read: it held " + std::to_string(before) +
                       " " + what + " and now " + now + "; draw it once nothing is writing to it");
    };
    if (reader.cols() != table.cols) changed("columns", table.cols, std::to_string(reader.cols()));
    CsvRows block;
    std::size_t rows = 0;
    while (reader.read(block, detail::csv_block_rows(table.cols))) {
        if (block.rows > table.rows - rows) changed("rows", table.rows, "more");
        for (std::size_t i = 0; i < block.rows; ++i)
            session.feed(rows + i, 0, table.cols, block.values.data() + i * table.cols);
        rows += block.rows;
    }
    if (rows != table.rows) changed("rows", table.rows, std::to_string(rows));
    session.finish_rows();
    out.range = detail::reduced_range(geometry, session.range());
    return out;
}

// A file's second pass.
inline ReducedPixels reduce_csv_file(const std::string& path, const CsvSummary& table,
                                     const Box& box, Reduce reduce, ValueScale scale = {},
                                     const CsvOptions& options = {}) {
    return reduce_csv(*detail::open_streamed_csv(path, options), table, box, reduce, scale, path);
}

}  // namespace heatmap
