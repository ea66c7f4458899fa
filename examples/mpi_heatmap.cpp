// mpi_heatmap: a matrix spread over the ranks of an MPI job drawn as one heatmap, never gathered.
//
//     mpirun -np 4 mpi_heatmap big.npy -o big.png                 # each rank reads its rows
//     mpirun -np 4 mpi_heatmap --field 20000x30000 -o field.png   # each rank computes its rows
//
// options: --cmap NAME, --vmin X, --vmax X, --reduce mean|max|min, --title TEXT, --dpi N, and with
// --field, --save-npy PATH (the field also written as a .npy, each rank writing its own rows).
//
// Each rank takes a block of rows (rank i of n: rows [i * rows / n, (i + 1) * rows / n)):
//   1. the range of its rows, then MPI_Allreduce: the data's range, which every rank needs first,
//      because the figure's axes depend on it (the colorbar's labels take room);
//   2. the figure's axes from the options, the shape and that range: the same box on every rank;
//   3. a PixelAggregate of the whole matrix for that box, its own rows added (a file streamed a
//      chunk at a time: memory is the aggregate plus a chunk, whatever the block's size);
//   4. the aggregates combined by MPI_Reduce with a user operation that merges serialized
//      aggregates. Merging is exact (integer sums), so the result has the same bits whatever tree
//      MPI reduces along, and the operation is declared commutative: MPI may pick any order. Rank
//      0 draws the figure: the same bytes as `heatmap big.npy -o big.png` in one process.
//
// Why MPI_Reduce and not a gather: a gather brings every rank's aggregate (64 bytes a pixel, 25 MB
// for a 695x556-pixel axes) to rank 0 at once, n times that memory there and n transfers into one
// link; the reduction tree holds two aggregates per rank and takes log2(n) steps. The cost is a
// fixed-size buffer: MPI's operations combine values of one datatype, so each aggregate travels
// as its length and bytes, padded to a bound that any merge of them fits in.
#include <heatmap/heatmap.hpp>
#include <heatmap/npy.hpp>
#include <heatmap/reduced_figure.hpp>
#include <heatmap/stream.hpp>

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Args {
    std::string input, output, save_npy;
    std::size_t field_rows = 0, field_cols = 0;
    heatmap::HeatmapOptions options;
};

Args parse(int argc, char** argv) {
    Args a;
    a.options.cmap = heatmap::colormap("viridis");
    a.options.cmap_set = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "-o") {
            a.output = value();
        } else if (arg == "--field") {
            const std::string v = value();
            const auto x = v.find('x');
            if (x == std::string::npos) throw std::invalid_argument("--field: give ROWSxCOLS");
            a.field_rows = std::stoul(v.substr(0, x)), a.field_cols = std::stoul(v.substr(x + 1));
        } else if (arg == "--save-npy") {
            a.save_npy = value();
        } else if (arg == "--cmap") {
            a.options.cmap = heatmap::colormap(value());
        } else if (arg == "--vmin") {
            a.options.vmin = std::stod(value());
        } else if (arg == "--vmax") {
            a.options.vmax = std::stod(value());
        } else if (arg == "--title") {
            a.options.title = value();
        } else if (arg == "--dpi") {
            a.options.dpi = std::stod(value());
        } else if (arg == "--reduce") {
            const std::string v = value();
            if (v != "mean" && v != "max" && v != "min")
                throw std::invalid_argument("--reduce: give mean, max or min");
            a.options.reduce = v == "max"   ? heatmap::Reduce::max
                               : v == "min" ? heatmap::Reduce::min
                                            : heatmap::Reduce::mean;
        } else if (!arg.empty() && arg[0] != '-' && a.input.empty()) {
            a.input = arg;
        } else {
            throw std::invalid_argument("unknown argument '" + arg + "'");
        }
    }
    if (a.output.empty()) throw std::invalid_argument("no output: give -o FIGURE.png");
    if (a.input.empty() == (a.field_rows == 0))
        throw std::invalid_argument("give a .npy file or --field ROWSxCOLS (one of them)");
    if (!a.save_npy.empty() && a.field_rows == 0)
        throw std::invalid_argument("--save-npy writes the computed field: add --field");
    return a;
}

// The field a rank computes itself: smooth waves and a ripple, cell (r, c) from r and c alone.
double field(std::size_t r, std::size_t c) {
    const double y = static_cast<double>(r), x = static_cast<double>(c);
    return std::sin(y * 0.0123) * std::cos(x * 0.0171) + 0.25 * std::sin((x + 2 * y) * 0.0031) +
           0.05 * std::cos(x * y * 1e-4);
}

// Rows [r0, r1) of the matrix, a chunk of whole rows at a time, to f(first_row, n, values).
template <class F>
void for_each_chunk(const heatmap::MatrixFile* file, std::size_t cols, std::size_t r0,
                    std::size_t r1, F&& f) {
    const std::size_t step = std::max<std::size_t>(1, (std::size_t{1} << 20) / cols);
    std::vector<double> buffer;
    std::optional<heatmap::MatrixFile::Reader> in;
    if (file) in.emplace(file->reader());
    for (std::size_t r = r0; r < r1; r += step) {
        const std::size_t n = std::min(step, r1 - r);
        buffer.resize(n * cols);
        if (in) {
            in->read(r, n, 0, cols, buffer.data());
        } else {
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t c = 0; c < cols; ++c) buffer[i * cols + c] = field(r + i, c);
        }
        f(r, n, buffer.data());
    }
}

// Writes the field as a .npy (format 1.0, C order, '<f8', a 128-byte header): rank 0 creates the
// file, then every rank writes its own rows in place.
void save_npy(const std::string& path, std::size_t rows, std::size_t cols, std::size_t r0,
              std::size_t r1, int rank) {
    if (rank == 0) {
        std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" +
                             std::to_string(rows) + ", " + std::to_string(cols) + "), }";
        header.resize(128 - 10 - 1, ' ');
        header += '\n';
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        const char magic[10] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0};
        out.write(magic, 10);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        if (!out) throw std::runtime_error("cannot write " + path);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    std::fstream out(path, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(static_cast<std::streamoff>(128 + r0 * cols * 8));
    for_each_chunk(nullptr, cols, r0, r1, [&](std::size_t, std::size_t n, const double* v) {
        out.write(reinterpret_cast<const char*>(v), static_cast<std::streamsize>(n * cols * 8));
    });
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
    MPI_Barrier(MPI_COMM_WORLD);
}

// The MPI_Reduce operation: each element is an aggregate's length (8 bytes) and bytes, padded to
// the datatype's size; inout becomes the merge of in and inout. Exceptions cannot cross MPI's C
// callback: a failure aborts the job with the message.
void merge_aggregates(void* in, void* inout, int* count, MPI_Datatype* type) {
    int size = 0;
    MPI_Type_size(*type, &size);
    try {
        for (int i = 0; i < *count; ++i) {
            auto* a = static_cast<std::uint8_t*>(in) + static_cast<std::size_t>(i) * size;
            auto* b = static_cast<std::uint8_t*>(inout) + static_cast<std::size_t>(i) * size;
            std::uint64_t na = 0, nb = 0;
            std::memcpy(&na, a, 8), std::memcpy(&nb, b, 8);
            heatmap::PixelAggregate merged = heatmap::PixelAggregate::deserialize(b + 8, nb);
            merged.merge(heatmap::PixelAggregate::deserialize(a + 8, na));
            const std::vector<std::uint8_t> bytes = merged.serialize();
            if (bytes.size() + 8 > static_cast<std::size_t>(size))
                throw std::logic_error("a merged aggregate outgrew its buffer (a bug)");
            const std::uint64_t n = bytes.size();
            std::memcpy(b, &n, 8);
            std::memcpy(b + 8, bytes.data(), bytes.size());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpi_heatmap: merging aggregates: %s\n", e.what());
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

int run(int argc, char** argv, int rank, int ranks) {
    const Args a = parse(argc, argv);
    std::optional<heatmap::MatrixFile> file;
    if (!a.input.empty()) file.emplace(heatmap::MatrixFile::open_npy(a.input));
    const std::size_t rows = file ? file->layout().rows : a.field_rows;
    const std::size_t cols = file ? file->layout().cols : a.field_cols;
    const std::size_t r0 = rows * static_cast<std::size_t>(rank) / static_cast<std::size_t>(ranks);
    const std::size_t r1 =
        rows * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(ranks);
    if (!a.save_npy.empty()) save_npy(a.save_npy, rows, cols, r0, r1, rank);
    const heatmap::MatrixFile* source = file ? &*file : nullptr;

    // 1. The data's range: each rank's, then everyone's (max as the min of negated values).
    double mine[4] = {HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL};  // min, -max, min > 0, -max > 0
    for_each_chunk(source, cols, r0, r1, [&](std::size_t, std::size_t n, const double* v) {
        for (std::size_t k = 0; k < n * cols; ++k) {
            if (!std::isfinite(v[k])) continue;
            mine[0] = std::min(mine[0], v[k]), mine[1] = std::min(mine[1], -v[k]);
            if (v[k] > 0) mine[2] = std::min(mine[2], v[k]), mine[3] = std::min(mine[3], -v[k]);
        }
    });
    double all[4];
    MPI_Allreduce(mine, all, 4, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    heatmap::DataRange range;
    range.min = all[0], range.max = -all[1];
    range.min_positive = all[2], range.max_positive = -all[3];
    range.positive_tracked = true;

    // 2 and 3. The axes, the same on every rank, and this rank's rows reduced into them.
    const heatmap::Box axes = heatmap::figure_axes_box(a.options, rows, cols, range);
    if (!heatmap::needs_downsampling(rows, cols, axes))
        throw std::invalid_argument(
            "the matrix's cells are at least a pixel in this figure: draw "
            "it whole (the heatmap command) rather than reduced");
    heatmap::PixelAggregate agg(rows, cols, axes, heatmap::reduction_scale(a.options.norm));
    if (source) {
        heatmap::add_file_rows(agg, *source, r0, r1 - r0);
    } else {
        for_each_chunk(nullptr, cols, r0, r1, [&](std::size_t r, std::size_t n, const double* v) {
            agg.add_rows(r, n, v);
        });
    }

    // 4. Merged along MPI's reduction tree, in fixed-size buffers.
    const std::vector<std::uint8_t> bytes = agg.serialize();
    const auto pixels = static_cast<unsigned long long>(agg.grid().width) *
                        static_cast<unsigned long long>(agg.grid().height);
    unsigned long long own = bytes.size(), total = 0;
    MPI_Allreduce(&own, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    const unsigned long long slot = 8 + total + 64 * pixels;
    if (slot > 0x7fffffffull)
        throw std::invalid_argument(
            "the aggregates exceed what one MPI datatype holds (2 GiB): "
            "draw a smaller figure (--dpi)");
    MPI_Datatype type;
    MPI_Type_contiguous(static_cast<int>(slot), MPI_BYTE, &type);
    MPI_Type_commit(&type);
    MPI_Op op;
    MPI_Op_create(&merge_aggregates, /*commute=*/1, &op);
    std::vector<std::uint8_t> send(slot, 0), result(rank == 0 ? slot : 0, 0);
    const std::uint64_t n = bytes.size();
    std::memcpy(send.data(), &n, 8);
    std::memcpy(send.data() + 8, bytes.data(), bytes.size());
    MPI_Reduce(send.data(), rank == 0 ? result.data() : nullptr, 1, type, op, 0, MPI_COMM_WORLD);
    MPI_Op_free(&op);
    MPI_Type_free(&type);
    if (rank != 0) return 0;

    std::uint64_t length = 0;
    std::memcpy(&length, result.data(), 8);
    const heatmap::PixelAggregate whole =
        heatmap::PixelAggregate::deserialize(result.data() + 8, length);
    const heatmap::ReducedMatrix m =
        heatmap::reduced_matrix(whole, a.options.reduce.value_or(heatmap::Reduce::mean), 0);
    heatmap::save_png(heatmap::figure_image(a.options, m), a.output);
    std::printf("mpi_heatmap: %zux%zu on %d ranks into %dx%d pixels: %s\n", rows, cols, ranks,
                agg.grid().width, agg.grid().height, a.output.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    int status = 0;
    try {
        status = run(argc, argv, rank, ranks);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpi_heatmap (rank %d): %s\n", rank, e.what());
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Finalize();
    return status;
}
