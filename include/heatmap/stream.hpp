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

#include <cstddef>
#include <limits>
#include <vector>

#include "aggregate.hpp"
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
    ReducedPixels out{geometry.grid(), box, geometry.scale(), {}, {}};
    out.values.resize(static_cast<std::size_t>(out.grid.width) *
                      static_cast<std::size_t>(out.grid.height));
    out.range = detail::reduce_rolling(
        geometry,
        [&] {
            return detail::FileRows{file.reader(), {}};
        },
        options.threads, std::max<std::size_t>(1, options.chunk_bytes / sizeof(double)),
        detail::store_rows(out, reduce));
    return out;
}

}  // namespace heatmap
