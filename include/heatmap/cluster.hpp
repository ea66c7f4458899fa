#pragma once
// Hierarchical clustering as scipy 1.10 and seaborn 0.12 compute it: the distances, the tree, the
// leaf order and the dendrogram's lines of seaborn.clustermap, with the same numbers.
//
//   std::vector<double> x = ...;                       // rows x cols, row-major
//   std::vector<heatmap::Merge> z =
//       heatmap::linkage(x.data(), rows, cols, heatmap::LinkageMethod::average,
//                        {heatmap::Metric::euclidean});
//   heatmap::Dendrogram tree = heatmap::dendrogram(z);  // tree.leaves: rows, top to bottom
//   // tree.icoord / tree.dcoord: the lines seaborn draws (scipy's dendrogram(no_plot=True))
//
//   // what seaborn.clustermap(z_score=0, method="ward") does to the rows:
//   std::vector<double> scaled = heatmap::z_score(x.data(), rows, cols, heatmap::Axis::rows);
//   auto rows_tree = heatmap::linkage(scaled.data(), rows, cols, heatmap::LinkageMethod::ward);
//
// What "the same" means:
// - pdist() returns scipy.spatial.distance.pdist's condensed matrix bit for bit (the same sums in
//   the same order), for any thread count.
// - linkage() returns scipy.cluster.hierarchy.linkage's Z: the same merges in the same order with
//   the same left/right ids, because it runs scipy's algorithms with scipy's tie rules: a minimum
//   spanning tree for single, the nearest-neighbour chain for complete, average, weighted and ward,
//   the heap-based generic algorithm for centroid and median; then scipy's stable sort by height
//   and its relabelling. Ward, centroid and median from observations use euclidean distances, as
//   scipy demands. Heights agree to the last bit where the compiler does not fuse multiply-adds;
//   this header turns fusion off for its own code (GCC and Clang), so -march=native is safe.
// - dendrogram() and leaves_list() give scipy's leaf order and icoord/dcoord without recursion
//   (a 100,000-leaf caterpillar tree works); optimal_leaf_ordering() is scipy's, float32 sums and
//   quicksort ties included.
// - z_score() and standard_scale() are seaborn.ClusterGrid's, with pandas' sums (see z_score).
//
// Cost: pdist is O(n^2 d) and uses every core (DistanceOptions::threads); linkage needs the
// condensed matrix, n(n-1)/2 doubles, plus O(n), and O(n^2) time except centroid and median (as
// scipy: usually close to O(n^2), O(n^3) at worst). Single linkage from observations needs no
// matrix at all. optimal_leaf_ordering adds a condensed matrix of floats and one of bytes, and
// takes scipy's O(n^3) time.
//
// Bad input throws std::invalid_argument naming the row and the fix: NaN or infinite values,
// constant rows under correlation, all-zero rows under cosine, fewer than 2 rows, unknown names,
// a non-positive Minkowski p, a condensed matrix of impossible length, distances that overflow.

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "color.hpp"  // did_you_mean
#include "config.hpp"

namespace heatmap {

// scipy.spatial.distance.pdist's metrics, by their scipy names.
enum class Metric {
    euclidean,    // sqrt(sum (u - v)^2)
    sqeuclidean,  // sum (u - v)^2
    cityblock,    // sum |u - v|
    chebyshev,    // max |u - v|
    minkowski,    // (sum |u - v|^p)^(1/p); p = 1, 2, inf are cityblock, euclidean, chebyshev
    cosine,       // 1 - u.v / (|u| |v|)
    correlation,  // cosine of the rows minus their means
    canberra,     // sum |u - v| / (|u| + |v|), 0/0 counted as 0
    braycurtis,   // sum |u - v| / sum |u + v|
};

// scipy.cluster.hierarchy.linkage's methods.
enum class LinkageMethod { single, complete, average, weighted, centroid, median, ward };

// Which vectors a scaling treats: each row, or each column.
enum class Axis { rows, columns };

// Names as scipy spells them ("cityblock", "average"); metrics also take scipy's aliases ("cb",
// "euclid", ...) in any case, as pdist does. Unknown names throw, suggesting the closest.
HEATMAP_FUNC Metric parse_metric(std::string_view name);
HEATMAP_FUNC LinkageMethod parse_linkage_method(std::string_view name);
HEATMAP_FUNC const char* to_string(Metric metric);
HEATMAP_FUNC const char* to_string(LinkageMethod method);

struct DistanceOptions {
    Metric metric = Metric::euclidean;
    double p = 2;          // Minkowski's order (> 0; inf allowed); ignored by the other metrics
    unsigned threads = 0;  // 0: every hardware thread; the result is the same for any count
};

// The condensed distance matrix of the rows of a row-major rows x cols matrix: the distance
// between rows i < j at n*i - i*(i+1)/2 + (j - i - 1), n = rows, as scipy's pdist.
HEATMAP_FUNC std::vector<double> pdist(const double* data, std::size_t rows, std::size_t cols,
                                       const DistanceOptions& options = {});

// One row of scipy's linkage matrix Z: clusters `left` and `right` (ids below n are rows; n + i is
// the cluster formed by merge i) joined at `distance` into a cluster of `count` rows.
struct Merge {
    std::size_t left = 0, right = 0;
    double distance = 0;
    std::size_t count = 0;
};

struct LinkageOptions {
    Metric metric = Metric::euclidean;  // ward, centroid and median need euclidean
    double p = 2;                       // Minkowski's order
    bool optimal_ordering = false;      // scipy's linkage(optimal_ordering=True)
    unsigned threads = 0;  // for the distances; 0: every hardware thread; the same Z for any count
};

// scipy.cluster.hierarchy.linkage(data, method, metric): the n - 1 merges of the rows of a
// row-major rows x cols matrix.
HEATMAP_FUNC std::vector<Merge> linkage(const double* data, std::size_t rows, std::size_t cols,
                                        LinkageMethod method, const LinkageOptions& options = {});

// scipy.cluster.hierarchy.linkage(y, method) on a condensed distance matrix (pdist's layout). The
// matrix is the working memory: pass it with std::move to cluster without a copy.
HEATMAP_FUNC std::vector<Merge> linkage(std::vector<double> condensed, LinkageMethod method,
                                        bool optimal_ordering = false);

// scipy.cluster.hierarchy.optimal_leaf_ordering(Z, y): Z with children swapped so that the sum of
// distances between neighbouring leaves is minimal (scipy's algorithm and its ties).
HEATMAP_FUNC std::vector<Merge> optimal_leaf_ordering(std::vector<Merge> z,
                                                      const std::vector<double>& condensed);

// scipy.cluster.hierarchy.leaves_list(Z): the rows in dendrogram order.
HEATMAP_FUNC std::vector<std::size_t> leaves_list(const std::vector<Merge>& z);

// scipy.cluster.hierarchy.dendrogram(Z, no_plot=True): the leaf order and one inverted-U line per
// merge, in scipy's order (x: 5, 15, 25, ... for the leaves; y: heights). seaborn.clustermap draws
// these lines (swapping x and y for the row dendrogram).
struct Dendrogram {
    std::vector<std::size_t> leaves;
    std::vector<std::array<double, 4>> icoord;  // x of the line's 4 points
    std::vector<std::array<double, 4>> dcoord;  // y: left child's height, merge, merge, right's
};
HEATMAP_FUNC Dendrogram dendrogram(const std::vector<Merge>& z);

// Throws std::invalid_argument unless z is a valid linkage matrix (ids formed before use and used
// once, counts that add up); `what` names it in the message.
HEATMAP_FUNC void check_linkage(const std::vector<Merge>& z, std::string_view what = "linkage");

// seaborn.ClusterGrid.z_score / standard_scale of a row-major matrix: each row (Axis::rows,
// seaborn's z_score=0) or each column (Axis::columns, z_score=1) becomes (v - mean) / std, pandas'
// std with ddof 1, or (v - min) / (max - min). Missing values (NaN) are skipped as pandas skips
// them and stay NaN; a constant vector becomes NaN, as in seaborn. The sums are pandas' on
// pd.DataFrame(matrix): numpy's pairwise sum where pandas reduces a contiguous axis and a running
// sum where it does not (a DataFrame from pd.read_csv is laid out the other way round, and its
// means can differ in the last bit).
HEATMAP_FUNC std::vector<double> z_score(const double* data, std::size_t rows, std::size_t cols,
                                         Axis axis);
HEATMAP_FUNC std::vector<double> standard_scale(const double* data, std::size_t rows,
                                                std::size_t cols, Axis axis);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

// Exact agreement with scipy needs every multiply and add rounded on its own, as scipy's builds
// (x86-64 without FMA) do: forbid fused multiply-adds in this header's code only.
#if defined(__clang__)
#pragma float_control(push)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif

namespace heatmap {
namespace detail {

constexpr double cluster_inf = std::numeric_limits<double>::infinity();

HEATMAP_FUNC void optimal_leaf_ordering(std::vector<Merge>& z, const double* condensed,
                                        std::size_t n);

inline std::size_t condensed_index(std::size_t n, std::size_t i, std::size_t j) {
    // i < j < n
    return n * i - i * (i + 1) / 2 + (j - i - 1);
}

inline std::size_t condensed_size(std::size_t n) {
    return n * (n - 1) / 2;
}

template <std::size_t N>
[[noreturn]] void throw_unknown_name(std::string_view kind, std::string_view name,
                                     const std::array<const char*, N>& names) {
    const std::vector<std::string_view> known(names.begin(), names.end());
    std::string list;
    for (const char* candidate : names) list += (list.empty() ? "" : ", ") + std::string(candidate);
    throw std::invalid_argument("unknown " + std::string(kind) + " \"" + std::string(name) +
                                "\":" + did_you_mean(name, known) + " Give one of " + list);
}

constexpr std::array<const char*, 9> metric_names = {"euclidean",   "sqeuclidean", "cityblock",
                                                     "chebyshev",   "minkowski",   "cosine",
                                                     "correlation", "canberra",    "braycurtis"};
constexpr std::array<const char*, 7> method_names = {"single",   "complete", "average", "weighted",
                                                     "centroid", "median",   "ward"};

// ---------------------------------------------------------------------------------------------
// Distances. Each metric is a kernel that computes the distances from one row to a run of other
// rows stored column by column (the transposed matrix), so that the loop over the other rows is
// the inner, vectorizable one while each distance still sums over the columns in scipy's order:
// one running sum from the first column to the last (scipy's C++ kernels), or for cosine two
// running sums over even and odd columns (scipy's SSE2 dot product), then the odd column left.

// Kernels work on blocks of this many target rows, whole blocks always (so that the compiler
// vectorizes their fixed-length loops at -O2); the transposed matrix and the norms carry this
// much padding past the last row for the reads of a final partial block.
constexpr std::size_t kernel_block = 32;

// The data a kernel reads: rows (row-major, n x d) and their transposed copy (d x stride, stride
// = n + kernel_block, zero-padded), norms for cosine and correlation (padded with ones).
struct DistanceData {
    Metric metric = Metric::euclidean;
    double p = 2;
    std::size_t n = 0, d = 0, stride = 0;
    const double* rows = nullptr;
    std::vector<double> centered;  // correlation: rows minus their means
    std::vector<double> columns;   // d x stride
    std::vector<double> norms;     // cosine, correlation
};

// Where a kernel finds the rows it measures to: count rows starting at `columns` (row k of the
// transposed matrix at columns + k * stride), their norms at `norms`; both readable for a whole
// kernel_block past the count.
struct TargetRows {
    const double* columns;
    std::size_t stride;
    const double* norms;
};

// numpy's pairwise summation (add.reduce over a contiguous axis), for means as numpy takes them.
inline double pairwise_sum(const double* a, std::size_t n, std::size_t stride) {
    if (n < 8) {
        double s = 0.;
        for (std::size_t i = 0; i < n; ++i) s += a[i * stride];
        return s;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j) r[j] = a[j * stride];
        std::size_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (std::size_t j = 0; j < 8; ++j) r[j] += a[(i + j) * stride];
        double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) s += a[i * stride];
        return s;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(a, half, stride) + pairwise_sum(a + half * stride, n - half, stride);
}

// scipy's SSE2 dot product: even and odd columns summed apart, then the odd column left over.
inline double dot_two_lanes(const double* u, const double* v, std::size_t d) {
    double even = 0, odd = 0;
    std::size_t k = 0;
    for (; k + 1 < d; k += 2) {
        even += u[k] * v[k];
        odd += u[k + 1] * v[k + 1];
    }
    double s = even + odd;
    if (k < d) s += u[k] * v[k];
    return s;
}

// Distances from row `a` (its values at `x`, norm `norm_a`) to `count` target rows, into out.
template <Metric M>
void distance_kernel(const DistanceData& data, const double* x, double norm_a,
                     const TargetRows& targets, std::size_t count, double* out) {
    constexpr std::size_t B = kernel_block;
    const std::size_t d = data.d;
    for (std::size_t j0 = 0; j0 < count; j0 += B) {
        const std::size_t len = std::min(B, count - j0);
        double acc[B], acc2[B], result[B];
        for (std::size_t t = 0; t < B; ++t) acc[t] = 0, acc2[t] = 0;
        if constexpr (M == Metric::cosine || M == Metric::correlation) {
            std::size_t k = 0;
            for (; k + 1 < d; k += 2) {
                const double* ce = targets.columns + k * targets.stride + j0;
                const double* co = ce + targets.stride;
                const double xe = x[k], xo = x[k + 1];
                for (std::size_t t = 0; t < B; ++t) {
                    acc[t] += xe * ce[t];
                    acc2[t] += xo * co[t];
                }
            }
            for (std::size_t t = 0; t < B; ++t) acc[t] += acc2[t];
            if (k < d) {
                const double* c = targets.columns + k * targets.stride + j0;
                const double xk = x[k];
                for (std::size_t t = 0; t < B; ++t) acc[t] += xk * c[t];
            }
            const double* norms = targets.norms + j0;
            for (std::size_t t = 0; t < B; ++t) {
                double cosine = acc[t] / (norm_a * norms[t]);
                if (std::fabs(cosine) > 1.) cosine = std::copysign(1., cosine);
                result[t] = 1. - cosine;
            }
        } else {
            for (std::size_t k = 0; k < d; ++k) {
                const double* c = targets.columns + k * targets.stride + j0;
                const double xk = x[k];
                if constexpr (M == Metric::euclidean || M == Metric::sqeuclidean) {
                    for (std::size_t t = 0; t < B; ++t) {
                        const double diff = c[t] - xk;
                        acc[t] += diff * diff;
                    }
                } else if constexpr (M == Metric::cityblock) {
                    for (std::size_t t = 0; t < B; ++t) acc[t] += std::fabs(c[t] - xk);
                } else if constexpr (M == Metric::chebyshev) {
                    for (std::size_t t = 0; t < B; ++t) {
                        const double diff = std::fabs(c[t] - xk);
                        acc[t] = acc[t] < diff ? diff : acc[t];
                    }
                } else if constexpr (M == Metric::canberra) {
                    for (std::size_t t = 0; t < B; ++t) {
                        const double num = std::fabs(c[t] - xk);
                        const double denom = std::fabs(c[t]) + std::fabs(xk);
                        acc[t] += num / (denom + (denom == 0 ? 1. : 0.));
                    }
                } else if constexpr (M == Metric::braycurtis) {
                    for (std::size_t t = 0; t < B; ++t) {
                        acc[t] += std::fabs(c[t] - xk);
                        acc2[t] += std::fabs(c[t] + xk);
                    }
                } else {  // minkowski
                    const double p = data.p;
                    for (std::size_t t = 0; t < len; ++t)
                        acc[t] += std::pow(std::fabs(c[t] - xk), p);
                }
            }
            if constexpr (M == Metric::euclidean) {
                for (std::size_t t = 0; t < B; ++t) result[t] = std::sqrt(acc[t]);
            } else if constexpr (M == Metric::braycurtis) {
                for (std::size_t t = 0; t < B; ++t) result[t] = acc[t] / acc2[t];
            } else if constexpr (M == Metric::minkowski) {
                const double inverse_p = 1.0 / data.p;
                for (std::size_t t = 0; t < len; ++t) result[t] = std::pow(acc[t], inverse_p);
            } else {
                for (std::size_t t = 0; t < B; ++t) result[t] = acc[t];
            }
        }
        for (std::size_t t = 0; t < len; ++t) out[j0 + t] = result[t];
    }
}

// The kernel scipy uses for a metric: Minkowski with p = 1, 2 or inf is cityblock, euclidean or
// chebyshev, computed by their kernels (scipy does the same).
inline Metric kernel_metric(Metric metric, double p) {
    if (metric != Metric::minkowski) return metric;
    if (p == 1.0) return Metric::cityblock;
    if (p == 2.0) return Metric::euclidean;
    if (std::isinf(p)) return Metric::chebyshev;
    return metric;
}

inline void distances_from(const DistanceData& data, const double* x, double norm_a,
                           const TargetRows& targets, std::size_t count, double* out) {
    switch (kernel_metric(data.metric, data.p)) {
        case Metric::euclidean:
            return distance_kernel<Metric::euclidean>(data, x, norm_a, targets, count, out);
        case Metric::sqeuclidean:
            return distance_kernel<Metric::sqeuclidean>(data, x, norm_a, targets, count, out);
        case Metric::cityblock:
            return distance_kernel<Metric::cityblock>(data, x, norm_a, targets, count, out);
        case Metric::chebyshev:
            return distance_kernel<Metric::chebyshev>(data, x, norm_a, targets, count, out);
        case Metric::minkowski:
            return distance_kernel<Metric::minkowski>(data, x, norm_a, targets, count, out);
        case Metric::cosine:
            return distance_kernel<Metric::cosine>(data, x, norm_a, targets, count, out);
        case Metric::correlation:
            return distance_kernel<Metric::correlation>(data, x, norm_a, targets, count, out);
        case Metric::canberra:
            return distance_kernel<Metric::canberra>(data, x, norm_a, targets, count, out);
        case Metric::braycurtis:
            return distance_kernel<Metric::braycurtis>(data, x, norm_a, targets, count, out);
    }
}

inline std::string row_name(std::size_t i) {
    return "row " + std::to_string(i);
}

inline void check_shape(const double* data, std::size_t rows, std::size_t cols,
                        std::string_view what) {
    if (rows < 2)
        throw std::invalid_argument(std::string(what) + " needs at least 2 rows to compare, got " +
                                    std::to_string(rows) + ": give a matrix of 2 or more rows");
    if (cols == 0)
        throw std::invalid_argument(std::string(what) +
                                    " needs at least 1 column: give each row one or more values");
    if (data == nullptr)
        throw std::invalid_argument(std::string(what) + ": null data pointer: give " +
                                    std::to_string(rows) + " x " + std::to_string(cols) +
                                    " values");
    if (rows > std::numeric_limits<std::size_t>::max() / cols || rows > (std::size_t{1} << 31))
        throw std::invalid_argument(std::string(what) + ": a matrix of " + std::to_string(rows) +
                                    " x " + std::to_string(cols) +
                                    " values is too large: give fewer rows");
}

inline std::string format_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

inline void check_metric_options(const DistanceOptions& options) {
    if (options.metric == Metric::minkowski && !(options.p > 0))
        throw std::invalid_argument("minkowski distance: p = " + format_number(options.p) +
                                    " is invalid: give p > 0 (1 cityblock, 2 euclidean, inf "
                                    "chebyshev)");
}

// Checks the values and builds what the kernels read.
inline DistanceData prepare_distances(const double* data, std::size_t rows, std::size_t cols,
                                      const DistanceOptions& options, std::string_view what) {
    check_shape(data, rows, cols, what);
    check_metric_options(options);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 0; k < cols; ++k)
            if (!std::isfinite(data[i * cols + k]))
                throw std::invalid_argument(
                    std::string(what) + ": " + row_name(i) + ", column " + std::to_string(k) +
                    " is " + format_number(data[i * cols + k]) +
                    ": distances need finite values; drop the row or fill in the value");
    DistanceData prepared;
    prepared.metric = options.metric;
    prepared.p = options.p;
    prepared.n = rows;
    prepared.d = cols;
    prepared.rows = data;
    if (options.metric == Metric::correlation) {
        prepared.centered.resize(rows * cols);
        for (std::size_t i = 0; i < rows; ++i) {
            const double* row = data + i * cols;
            bool constant = true;
            for (std::size_t k = 1; k < cols && constant; ++k) constant = row[k] == row[0];
            if (constant)
                throw std::invalid_argument(
                    std::string(what) + ": " + row_name(i) +
                    " is constant, so its correlation with other rows is undefined: remove "
                    "the row, or cluster with another metric");
            const double mean = pairwise_sum(row, cols, 1) / static_cast<double>(cols);
            for (std::size_t k = 0; k < cols; ++k) prepared.centered[i * cols + k] = row[k] - mean;
        }
        prepared.rows = prepared.centered.data();
    }
    if (options.metric == Metric::cosine || options.metric == Metric::correlation) {
        prepared.norms.resize(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            const double* row = prepared.rows + i * cols;
            const double norm = std::sqrt(dot_two_lanes(row, row, cols));
            if (!(norm > 0) || !std::isfinite(norm))
                throw std::invalid_argument(
                    std::string(what) + ": " + row_name(i) +
                    (norm > 0 ? " has a norm too large to square (values near 1e154 or above): "
                                "scale the data down"
                              : " has norm 0 (all zeros, or too small to square), so its angle "
                                "to other rows is undefined: remove the row, or cluster with "
                                "another metric"));
            prepared.norms[i] = norm;
        }
    }
    prepared.stride = rows + kernel_block;
    prepared.columns.assign(cols * prepared.stride, 0.0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 0; k < cols; ++k)
            prepared.columns[k * prepared.stride + i] = prepared.rows[i * cols + k];
    if (!prepared.norms.empty()) prepared.norms.resize(prepared.stride, 1.0);
    return prepared;
}

inline unsigned thread_count(unsigned requested) {
    if (requested != 0) return std::min(requested, 256u);
    const unsigned hardware = std::thread::hardware_concurrency();
    return hardware == 0 ? 1 : hardware;
}

// Runs body(begin, end) over [0, n) split into `threads` parts of about equal weight, where
// weight(i) is the work of item i (cumulative sums found by the caller's `work_before`).
template <class Body, class WorkBefore>
void parallel_rows(std::size_t n, unsigned threads, double total_work, WorkBefore work_before,
                   Body body) {
    if (threads <= 1 || n < 2 || total_work < 2e5) {
        body(std::size_t{0}, n);
        return;
    }
    std::vector<std::size_t> bounds{0};
    std::size_t row = 0;
    for (unsigned t = 1; t < threads; ++t) {
        const double target = total_work * t / threads;
        while (row < n && work_before(row) < target) ++row;
        bounds.push_back(row);
    }
    bounds.push_back(n);
    // Every range runs once, on a thread of its own or, if one cannot be started, on the caller;
    // the first failure is rethrown after all have finished.
    std::vector<std::exception_ptr> failures(threads);
    auto run = [&](unsigned t) {
        try {
            body(bounds[t], bounds[t + 1]);
        } catch (...) {
            failures[t] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    std::vector<unsigned> on_caller{0};
    for (unsigned t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(run, t);
        } catch (...) {
            on_caller.push_back(t);
        }
    }
    for (const unsigned t : on_caller) run(t);
    for (std::thread& th : pool) th.join();
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);
}

// How a symmetric matrix with no diagonal is laid out in memory: index(i, j) of positions i < j,
// and pack(): after merges, move the live positions (old_of, increasing) together, in place, into
// a matrix of new_dim positions. The algorithms take the layout as a parameter; pdist's condensed
// layout is the one they run on. (A layout of 4 x 4 tiles, which halves the cache lines a column
// walk touches, measured no faster on the nearest-neighbour chain and was dropped.)
//
// CondensedLayout is pdist's: row i's entries to its right are contiguous, so a row's entries to
// its left lie down a column, one cache line (and often one page) each.
class CondensedLayout {
  public:
    explicit CondensedLayout(std::size_t dim) { reset(dim); }
    static std::size_t storage(std::size_t dim) { return condensed_size(dim); }
    std::size_t dim() const { return dim_; }
    std::size_t index(std::size_t i, std::size_t j) const { return row_base_[i] + j; }
    void pack(double* dist, const std::vector<std::size_t>& old_of, std::size_t new_dim) {
        // Entries move only towards the front, in order: safe in place.
        const CondensedLayout old = *this;
        reset(new_dim);
        std::size_t write = 0;
        for (std::size_t p = 0; p + 1 < new_dim; ++p) {
            const std::size_t base = old.row_base_[old_of[p]];
            for (std::size_t q = p + 1; q < new_dim; ++q) dist[write++] = dist[base + old_of[q]];
        }
    }

  private:
    void reset(std::size_t dim) {
        dim_ = dim;
        row_base_.resize(dim);
        // index(i, j) = n*i - i*(i+1)/2 + j - i - 1, in unsigned arithmetic that wraps for i = 0.
        for (std::size_t i = 0; i < dim; ++i) row_base_[i] = dim * i - i * (i + 1) / 2 - i - 1;
    }
    std::size_t dim_ = 0;
    std::vector<std::size_t> row_base_;
};

[[noreturn]] inline void throw_distance_not_finite(const DistanceData& data, std::size_t a,
                                                   std::size_t b, double v, std::string_view what) {
    throw std::invalid_argument(std::string(what) + ": the " + to_string(data.metric) +
                                " distance between rows " + std::to_string(a) + " and " +
                                std::to_string(b) + " is " + format_number(v) +
                                " (the values are too large for it): scale the data down");
}

// Names the first pair in pdist's order whose distance is not finite (the error path of a
// computation that met one in another order).
[[noreturn]] inline void throw_first_distance_not_finite(const DistanceData& data,
                                                         std::string_view what) {
    const std::size_t n = data.n;
    std::vector<double> row(n);
    for (std::size_t a = 0; a + 1 < n; ++a) {
        const TargetRows targets{data.columns.data() + a + 1, data.stride,
                                 data.norms.empty() ? nullptr : data.norms.data() + a + 1};
        distances_from(data, data.rows + a * data.d, data.norms.empty() ? 0. : data.norms[a],
                       targets, n - 1 - a, row.data());
        for (std::size_t t = 0; t + a + 1 < n; ++t)
            if (!(row[t] <= std::numeric_limits<double>::max()))
                throw_distance_not_finite(data, a, a + 1 + t, row[t], what);
    }
    throw std::logic_error("throw_first_distance_not_finite: every distance is finite");
}

// Fills dist, laid out by `layout`, with the distances between all rows, four rows at a time on
// `threads` threads; throws naming the first pair whose distance is not finite.
template <class Layout>
void fill_distances(const DistanceData& data, double* dist, const Layout& layout, unsigned threads,
                    std::string_view what) {
    const std::size_t n = data.n;
    const std::size_t groups = (n + 2) / 4;  // groups of 4 rows among rows 0 .. n-2
    const double total = static_cast<double>(condensed_size(n)) * static_cast<double>(data.d);
    auto work_before = [n, &data](std::size_t group) {
        const double di = static_cast<double>(std::min(4 * group, n)), dn = static_cast<double>(n);
        return (di * (dn - 1) - di * (di - 1) / 2) * static_cast<double>(data.d);
    };
    std::atomic<bool> bad{false};
    parallel_rows(
        groups, thread_count(threads), total, work_before, [&](std::size_t begin, std::size_t end) {
            std::vector<double> buffer(4 * n);
            bool finite = true;
            for (std::size_t g = begin; g < end; ++g) {
                const std::size_t r0 = 4 * g, r1 = std::min(r0 + 4, n - 1);
                for (std::size_t a = r0; a < r1; ++a) {
                    const TargetRows targets{
                        data.columns.data() + a + 1, data.stride,
                        data.norms.empty() ? nullptr : data.norms.data() + a + 1};
                    double* row = buffer.data() + (a - r0) * n;
                    const std::size_t count = n - 1 - a;
                    distances_from(data, data.rows + a * data.d,
                                   data.norms.empty() ? 0. : data.norms[a], targets, count, row);
                    for (std::size_t t = 0; t < count; ++t)
                        finite = finite && row[t] <= std::numeric_limits<double>::max();
                }
                // Out four columns at a time, the four rows' writes side by side.
                for (std::size_t j0 = r0 + 1; j0 < n; j0 = (j0 | 3) + 1)
                    for (std::size_t a = r0; a < r1; ++a) {
                        const double* row = buffer.data() + (a - r0) * n;
                        const std::size_t j_end = std::min((j0 | 3) + 1, n);
                        for (std::size_t j = std::max(j0, a + 1); j < j_end; ++j)
                            dist[layout.index(a, j)] = row[j - a - 1];
                    }
            }
            if (!finite) bad = true;
        });
    if (bad) throw_first_distance_not_finite(data, what);
}

// ---------------------------------------------------------------------------------------------
// Linkage. Each algorithm records its merges as pairs of row indices (any member of each
// cluster) and a height; scipy's stable sort by height and its union-find relabelling turn them
// into Z, except for the generic algorithm, which records final ids in order.

struct RawMerge {
    std::size_t a, b;
    double distance;
};

// scipy's `label`: sorted merges of row indices into Z's cluster ids and counts.
inline std::vector<Merge> relabel(const std::vector<RawMerge>& raw, std::size_t n) {
    std::vector<std::size_t> order(raw.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        return raw[i].distance < raw[j].distance;
    });
    std::vector<std::size_t> parent(2 * n - 1), size(2 * n - 1, 1);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto find = [&](std::size_t x) {
        std::size_t root = x;
        while (parent[root] != root) root = parent[root];
        while (parent[x] != root) {
            const std::size_t next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    };
    std::vector<Merge> z(raw.size());
    std::size_t next_label = n;
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const RawMerge& m = raw[order[k]];
        const std::size_t ra = find(m.a), rb = find(m.b);
        z[k].left = std::min(ra, rb);
        z[k].right = std::max(ra, rb);
        z[k].distance = m.distance;
        parent[ra] = parent[rb] = next_label;
        size[next_label] = size[ra] + size[rb];
        z[k].count = size[next_label];
        ++next_label;
    }
    return z;
}

[[noreturn]] inline void throw_overflow(LinkageMethod method) {
    throw std::invalid_argument(
        std::string("linkage \"") + to_string(method) +
        "\": a merged cluster's distance overflowed to infinity or NaN (distances near the largest "
        "double, or near 1e154 for ward, centroid and median, or a matrix that is not a metric): "
        "scale the data down");
}

// The Lance-Williams updates, written as scipy's _hierarchy_distance_update.pxi computes them.
// Sizes are scipy's ints, summed before conversion.
inline double update_single(double d_xi, double d_yi) {
    return d_xi < d_yi ? d_xi : d_yi;
}
inline double update_complete(double d_xi, double d_yi) {
    return d_yi < d_xi ? d_xi : d_yi;
}
inline double update_average(double d_xi, double d_yi, std::int64_t size_x, std::int64_t size_y) {
    return (static_cast<double>(size_x) * d_xi + static_cast<double>(size_y) * d_yi) /
           static_cast<double>(size_x + size_y);
}
inline double update_weighted(double d_xi, double d_yi) {
    return 0.5 * (d_xi + d_yi);
}
inline double update_ward(double d_xi, double d_yi, double d_xy, std::int64_t size_x,
                          std::int64_t size_y, std::int64_t size_i) {
    const double t = 1.0 / static_cast<double>(size_x + size_y + size_i);
    return std::sqrt(static_cast<double>(size_i + size_x) * t * d_xi * d_xi +
                     static_cast<double>(size_i + size_y) * t * d_yi * d_yi -
                     static_cast<double>(size_i) * t * d_xy * d_xy);
}

inline double update_centroid(double d_xi, double d_yi, double d_xy, std::int64_t size_x,
                              std::int64_t size_y) {
    const double sx = static_cast<double>(size_x), sy = static_cast<double>(size_y);
    return std::sqrt((((sx * d_xi * d_xi) + (sy * d_yi * d_yi)) -
                      (static_cast<double>(size_x * size_y) * d_xy * d_xy) /
                          static_cast<double>(size_x + size_y)) /
                     static_cast<double>(size_x + size_y));
}
inline double update_median(double d_xi, double d_yi, double d_xy) {
    return std::sqrt(0.5 * (d_xi * d_xi + d_yi * d_yi) - 0.25 * d_xy * d_xy);
}

inline double lance_williams(LinkageMethod method, double d_xi, double d_yi, double d_xy,
                             std::int64_t size_x, std::int64_t size_y, std::int64_t size_i) {
    switch (method) {
        case LinkageMethod::single:
            return update_single(d_xi, d_yi);
        case LinkageMethod::complete:
            return update_complete(d_xi, d_yi);
        case LinkageMethod::average:
            return update_average(d_xi, d_yi, size_x, size_y);
        case LinkageMethod::weighted:
            return update_weighted(d_xi, d_yi);
        case LinkageMethod::centroid:
            return update_centroid(d_xi, d_yi, d_xy, size_x, size_y);
        case LinkageMethod::median:
            return update_median(d_xi, d_yi, d_xy);
        case LinkageMethod::ward:
            return update_ward(d_xi, d_yi, d_xy, size_x, size_y, size_i);
    }
    return 0;
}

// scipy's mst_single_linkage on a condensed matrix.
inline std::vector<RawMerge> mst_condensed(const double* dists, std::size_t n) {
    std::vector<RawMerge> merges;
    merges.reserve(n - 1);
    std::vector<char> merged(n, 0);
    std::vector<double> d(n, cluster_inf);
    std::size_t x = 0, y = 0;
    for (std::size_t k = 0; k + 1 < n; ++k) {
        double current_min = cluster_inf;
        merged[x] = 1;
        for (std::size_t i = 0; i < n; ++i) {
            if (merged[i]) continue;
            const double dist = dists[i < x ? condensed_index(n, i, x) : condensed_index(n, x, i)];
            if (d[i] > dist) d[i] = dist;
            if (d[i] < current_min) y = i, current_min = d[i];
        }
        merges.push_back({x, y, current_min});
        x = y;
    }
    return merges;
}

// scipy's mst_single_linkage with the distances computed as they are needed, from the rows: no
// matrix. Each pair is measured once (when the first of its two rows joins the tree), with the
// kernel pdist uses, so the heights are pdist's. The rows not yet in the tree are kept packed
// (transposed, in any order); ties go to the lowest row index, as scipy's scan in index order.
inline std::vector<RawMerge> mst_rows(const DistanceData& data, std::string_view what) {
    const std::size_t n = data.n, d = data.d;
    std::vector<RawMerge> merges;
    merges.reserve(n - 1);
    // Packed copies of the rows outside the tree: slot s holds row index_of[s].
    const std::size_t stride = data.stride;
    std::vector<double> columns(data.columns);
    std::vector<double> norms(data.norms);
    std::vector<std::size_t> index_of(n);
    std::iota(index_of.begin(), index_of.end(), std::size_t{0});
    std::vector<double> best(n, cluster_inf), fresh(n);
    std::size_t live = n;
    auto remove_slot = [&](std::size_t s) {
        const std::size_t last = live - 1;
        if (s != last) {
            for (std::size_t k = 0; k < d; ++k)
                columns[k * stride + s] = columns[k * stride + last];
            if (!norms.empty()) norms[s] = norms[last];
            index_of[s] = index_of[last];
            best[s] = best[last];
        }
        --live;
    };
    std::size_t x = 0;  // row joining the tree
    std::vector<double> xrow(d);
    double x_norm = norms.empty() ? 0. : norms[0];
    std::copy(data.rows, data.rows + d, xrow.begin());
    remove_slot(0);
    for (std::size_t k = 0; k + 1 < n; ++k) {
        const TargetRows targets{columns.data(), stride, norms.empty() ? nullptr : norms.data()};
        distances_from(data, xrow.data(), x_norm, targets, live, fresh.data());
        double current_min = cluster_inf;
        std::size_t y_slot = 0, y = n;
        bool finite = true;
        for (std::size_t s = 0; s < live; ++s) {
            const double dist = fresh[s];
            finite = finite && dist <= std::numeric_limits<double>::max();
            if (best[s] > dist) best[s] = dist;
            if (best[s] < current_min || (best[s] == current_min && index_of[s] < y))
                current_min = best[s], y_slot = s, y = index_of[s];
        }
        if (!finite) throw_first_distance_not_finite(data, what);
        merges.push_back({x, y, current_min});
        x = y;
        for (std::size_t kk = 0; kk < d; ++kk) xrow[kk] = columns[kk * stride + y_slot];
        if (!norms.empty()) x_norm = norms[y_slot];
        remove_slot(y_slot);
    }
    return merges;
}

// Prefetches the cache line holding p (a hint; no effect where the compiler has no such builtin).
inline void prefetch(const double* p) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p, 1, 3);
#else
    (void)p;
#endif
}

// The nearest neighbours of one cluster, up to `capacity` of them, kept exact through merges:
// entries sorted by (distance, position), nearest first, and every live neighbour not listed lies
// beyond the list's bound (farther, or as far at a higher position; kept apart, in Bound, for the
// update loop to test without touching the lists). An entry naming a cluster that has merged
// since it was written is stale (its generation is old) and is skipped. The list answers the
// chain's "nearest neighbour of x" until merges use it up; only then is x's row read again.
struct NeighbourList {
    static constexpr std::size_t capacity = 8;
    double value[capacity];
    std::uint32_t position[capacity];
    std::uint32_t generation[capacity];
    std::uint32_t count = 0;  // entries in use, stale ones included
};

struct Bound {
    // Nothing is known of a list never filled: no neighbour lies beyond -inf.
    double value = -cluster_inf;
    std::size_t position = 0;
};

// (v, p) before (w, q) in the order scans keep: by distance, then by position (scipy's strict <
// over increasing index).
inline bool nearer(double v, std::size_t p, double w, std::size_t q) {
    return v < w || (v == w && p < q);
}

// Collects the `capacity` nearest of candidates offered in any order.
class NearestCollector {
  public:
    void offer(double v, std::size_t p) {
        // Most candidates are farther than a full list's farthest: one comparison turns them away.
        ++offered_;
        if (v > farthest_) return;
        NeighbourList& l = list_;
        if (l.count == NeighbourList::capacity) {
            const std::size_t last = l.count - 1;
            if (!nearer(v, p, l.value[last], l.position[last])) return;
            --l.count;
        }
        std::size_t k = l.count;
        while (k > 0 && nearer(v, p, l.value[k - 1], l.position[k - 1])) {
            l.value[k] = l.value[k - 1];
            l.position[k] = l.position[k - 1];
            --k;
        }
        l.value[k] = v;
        l.position[k] = static_cast<std::uint32_t>(p);
        ++l.count;
        if (l.count == NeighbourList::capacity) farthest_ = l.value[l.count - 1];
    }
    bool full() const { return list_.count == NeighbourList::capacity; }
    double farthest() const { return list_.value[list_.count - 1]; }
    // The list, entries stamped with the generations they were read at, into list and bound;
    // `offered` counts the candidates when some were turned away before reaching offer().
    void finish(const std::vector<std::uint32_t>& generation, NeighbourList& list, Bound& bound,
                std::size_t offered = 0) {
        NeighbourList& l = list_;
        for (std::uint32_t k = 0; k < l.count; ++k) l.generation[k] = generation[l.position[k]];
        if (offered_ > l.count || offered > l.count) {
            bound = {l.value[l.count - 1], l.position[l.count - 1]};
        } else {  // every candidate listed
            bound = {cluster_inf, std::numeric_limits<std::size_t>::max()};
        }
        list = l;
    }

  private:
    NeighbourList list_;
    double farthest_ = cluster_inf;  // the full list's farthest; inf until full
    std::size_t offered_ = 0;
};

// scipy's nn_chain, with the same chain, the same merges in the same order and the same tie
// rules, made cheaper without changing a decision:
// - Each cluster keeps its nearest neighbours in a NeighbourList, exact through every update, so
//   that the chain mostly extends without reading a row. Reading a row is the expensive step:
//   half of it lies down a column of the condensed matrix, a cache miss per entry.
// - After a merge, the chain's new top (whose nearest was one of the merged pair) has its row read
//   in the same pass as the update when its list has run out, a third stream of loads that
//   overlaps the update's two.
// - When a quarter of the matrix belongs to merged-away clusters, the live rows are moved
//   together, in order (index order decides ties), so that the rows to read shrink.
// - Column walks prefetch the entries they will read next.
// What remains is the update itself, which must read both merged clusters' rows: that memory
// traffic bounds this loop as it bounds scipy's and fastcluster's (on 10,000 rows it takes
// fastcluster's time, 0.9 s, on the 2-vCPU machine it was measured on). Splitting the update
// over two threads, a layout of 4 x 4 tiles, and keeping merged clusters at the lower of their
// two positions (30% fewer cache lines on paper) all measured no faster there, and were dropped.
template <class Layout, class Update>
std::vector<RawMerge> nn_chain(double* dist, std::size_t n, LinkageMethod method, Update update) {
    std::vector<RawMerge> merges;
    merges.reserve(n - 1);
    Layout layout(n);
    std::size_t dim = n;  // the matrix holds dim positions; positions keep index order
    std::vector<std::size_t> original(n);  // row index of each position's cluster
    std::iota(original.begin(), original.end(), std::size_t{0});
    std::vector<std::int64_t> size(n, 1);  // 0: merged away
    std::vector<NeighbourList> near(n);
    std::vector<Bound> bound(n);
    std::vector<std::uint32_t> generation(n, 0);
    std::vector<std::size_t> chain;
    chain.reserve(n);
    std::size_t live = n;
    constexpr std::size_t ahead = 16;  // prefetch distance, in entries

    auto at = [&](std::size_t i, std::size_t j) {
        return i < j ? dist[layout.index(i, j)] : dist[layout.index(j, i)];
    };
    auto fresh = [&](const NeighbourList& l, std::uint32_t k) {
        return generation[l.position[k]] == l.generation[k];
    };
    // The first entry still fresh, dropping stale ones; false when the list has run out.
    auto front = [&](NeighbourList& l) {
        std::uint32_t k = 0;
        while (k < l.count && !fresh(l, k)) ++k;
        if (k > 0) {
            for (std::uint32_t j = k; j < l.count; ++j) {
                l.value[j - k] = l.value[j];
                l.position[j - k] = l.position[j];
                l.generation[j - k] = l.generation[j];
            }
            l.count -= k;
        }
        return l.count > 0;
    };
    // A neighbour at p, nearer than the bound, joins the list, which drops stale entries or its
    // farthest (which becomes the bound) to make room.
    auto insert = [&](std::size_t owner, double v, std::size_t p) {
        NeighbourList& l = near[owner];
        if (l.count == NeighbourList::capacity) {
            std::uint32_t kept = 0;
            for (std::uint32_t k = 0; k < l.count; ++k)
                if (fresh(l, k)) {
                    l.value[kept] = l.value[k];
                    l.position[kept] = l.position[k];
                    l.generation[kept] = l.generation[k];
                    ++kept;
                }
            l.count = kept;
            if (l.count == NeighbourList::capacity) {
                --l.count;
                bound[owner] = {l.value[l.count], l.position[l.count]};
                if (!nearer(v, p, bound[owner].value, bound[owner].position)) return;
            }
        }
        std::uint32_t k = l.count;
        while (k > 0 && nearer(v, p, l.value[k - 1], l.position[k - 1])) {
            l.value[k] = l.value[k - 1];
            l.position[k] = l.position[k - 1];
            l.generation[k] = l.generation[k - 1];
            --k;
        }
        l.value[k] = v;
        l.position[k] = static_cast<std::uint32_t>(p);
        l.generation[k] = generation[p];
        ++l.count;
    };

    // Reads x's row for its nearest neighbours.
    auto scan = [&](std::size_t x) {
        NearestCollector nearest;
        for (std::size_t i = 0; i < x; ++i) {  // down column x
            if (i + ahead < x) prefetch(dist + layout.index(i + ahead, x));
            if (size[i] > 0) nearest.offer(dist[layout.index(i, x)], i);
        }
        for (std::size_t i = x + 1; i < dim; ++i)  // along row x
            if (size[i] > 0) nearest.offer(dist[layout.index(x, i)], i);
        nearest.finish(generation, near[x], bound[x]);
    };

    auto pack = [&] {
        std::vector<std::size_t> old_of;
        old_of.reserve(live);
        std::vector<std::size_t> rank(dim + 1);  // live positions before each position
        for (std::size_t i = 0; i < dim; ++i) {
            rank[i] = old_of.size();
            if (size[i] > 0) old_of.push_back(i);
        }
        rank[dim] = old_of.size();
        layout.pack(dist, old_of, live);
        for (std::size_t p = 0; p < live; ++p) {
            const std::size_t i = old_of[p];
            original[p] = original[i];
            size[p] = size[i];
            NeighbourList l = near[i];
            Bound b = bound[i];
            std::uint32_t kept = 0;
            for (std::uint32_t k = 0; k < l.count; ++k)
                if (fresh(l, k)) {
                    l.value[kept] = l.value[k];
                    l.position[kept] = static_cast<std::uint32_t>(rank[l.position[k]]);
                    l.generation[kept] = 0;
                    ++kept;
                }
            l.count = kept;
            // A bound at a merged-away position orders like the first live position after it.
            if (b.position < dim) b.position = rank[b.position];
            near[p] = l;
            bound[p] = b;
        }
        for (std::size_t& c : chain) c = rank[c];
        std::fill(generation.begin(), generation.begin() + static_cast<std::ptrdiff_t>(live), 0u);
        dim = live;
    };

    // Every list, filled in one pass over the matrix in address order: each entry (i, j) is offered
    // to i's list and to j's, the positions reaching each list in increasing order. A threshold
    // per list (its farthest entry once full) keeps most entries from touching the lists.
    {
        std::vector<NearestCollector> collectors(n);
        std::vector<double> threshold(n, cluster_inf);
        auto offer = [&](std::size_t owner, double v, std::size_t p) {
            if (!(v <= threshold[owner])) return;
            NearestCollector& c = collectors[owner];
            c.offer(v, p);
            if (c.full()) threshold[owner] = c.farthest();
        };
        for (std::size_t i = 0; i + 1 < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {
                const double v = dist[layout.index(i, j)];
                offer(i, v, j);
                offer(j, v, i);
            }
        for (std::size_t i = 0; i < n; ++i)
            collectors[i].finish(generation, near[i], bound[i], n - 1);
    }

    for (std::size_t k = 0; k + 1 < n; ++k) {
        if (dim >= 64 && live <= dim - dim / 4) pack();
        if (chain.empty()) {
            for (std::size_t i = 0; i < dim; ++i)
                if (size[i] > 0) {
                    chain.push_back(i);
                    break;
                }
        }
        std::size_t x, y;
        double current_min;
        while (true) {
            x = chain.back();
            if (!front(near[x])) {
                scan(x);
                front(near[x]);
            }
            current_min = near[x].value[0];
            y = near[x].position[0];
            // scipy starts from the previous chain element and takes only a strictly smaller
            // distance: the previous element wins its ties.
            if (chain.size() > 1) {
                const std::size_t previous = chain[chain.size() - 2];
                if (at(x, previous) == current_min) {
                    y = previous;
                    break;
                }
            }
            chain.push_back(y);
        }
        chain.pop_back();
        chain.pop_back();
        if (x > y) std::swap(x, y);
        merges.push_back({original[x], original[y], current_min});
        const std::int64_t nx = size[x], ny = size[y];
        size[x] = 0;
        size[y] = nx + ny;
        --live;
        // Entries naming x or y are stale from now on: y's distances all change.
        ++generation[x];
        ++generation[y];

        // The new distances to y. Each live cluster i may take y into its list when y is now
        // nearer than its bound; y's own list collects the nearest of them.
        bool finite = true;
        NearestCollector y_nearest;
        auto settle = [&](std::size_t i, double v) {
            finite = finite && v <= std::numeric_limits<double>::max();
            y_nearest.offer(v, i);
            if (nearer(v, y, bound[i].value, bound[i].position)) insert(i, v, y);
        };
        // The chain's new top t had x or y as its nearest; when its list has run out, its row is
        // read in the same pass as the update, a third stream of loads beside the other two.
        const std::size_t t = chain.empty() ? dim : chain.back();
        const bool fused = t < dim && !front(near[t]);
        NearestCollector t_nearest;
        double t_to_y = cluster_inf;
        auto see = [&](std::size_t i, double v) {
            if (i == t)
                t_to_y = v;
            else
                t_nearest.offer(dist[i < t ? layout.index(i, t) : layout.index(t, i)], i);
        };
        for (std::size_t i = 0; i < x; ++i) {  // (i, x) and (i, y) down columns
            if (i + ahead < x) {
                prefetch(dist + layout.index(i + ahead, x));
                prefetch(dist + layout.index(i + ahead, y));
                if (fused && i + ahead < t) prefetch(dist + layout.index(i + ahead, t));
            }
            const std::int64_t si = size[i];
            if (si == 0) continue;
            double& d_iy = dist[layout.index(i, y)];
            const double v = update(dist[layout.index(i, x)], d_iy, current_min, nx, ny, si);
            d_iy = v;
            settle(i, v);
            if (fused) see(i, v);
        }
        for (std::size_t i = x + 1; i < y; ++i) {  // (x, i) along row x, (i, y) down column y
            if (i + ahead < y) {
                prefetch(dist + layout.index(i + ahead, y));
                if (fused && i + ahead < t) prefetch(dist + layout.index(i + ahead, t));
            }
            const std::int64_t si = size[i];
            if (si == 0) continue;
            double& d_iy = dist[layout.index(i, y)];
            const double v = update(dist[layout.index(x, i)], d_iy, current_min, nx, ny, si);
            d_iy = v;
            settle(i, v);
            if (fused) see(i, v);
        }
        for (std::size_t i = y + 1; i < dim; ++i) {  // (x, i) and (y, i) along rows
            if (fused && i + ahead < t) prefetch(dist + layout.index(i + ahead, t));
            const std::int64_t si = size[i];
            if (si == 0) continue;
            double& d_yi = dist[layout.index(y, i)];
            const double v = update(dist[layout.index(x, i)], d_yi, current_min, nx, ny, si);
            d_yi = v;
            settle(i, v);
            if (fused) see(i, v);
        }
        if (!finite) throw_overflow(method);
        near[x].count = 0;
        y_nearest.finish(generation, near[y], bound[y]);
        if (fused) {
            t_nearest.offer(t_to_y, y);
            t_nearest.finish(generation, near[t], bound[t]);
        }
    }
    return merges;
}

// scipy's binary heap of (key, value) with keys 0..n-1, sifting exactly as scipy's Heap does, so
// that equal values come out in scipy's order.
class MinHeap {
  public:
    explicit MinHeap(const std::vector<double>& values)
        : index_by_key_(values.size()),
          key_by_index_(values.size()),
          values_(values),
          size_(values.size()) {
        std::iota(index_by_key_.begin(), index_by_key_.end(), std::size_t{0});
        std::iota(key_by_index_.begin(), key_by_index_.end(), std::size_t{0});
        for (std::size_t i = size_ / 2; i-- > 0;) sift_down(i);
    }
    std::size_t min_key() const { return key_by_index_[0]; }
    double min_value() const { return values_[0]; }
    void remove_min() {
        swap(0, size_ - 1);
        --size_;
        sift_down(0);
    }
    void change_value(std::size_t key, double value) {
        const std::size_t index = index_by_key_[key];
        const double old = values_[index];
        values_[index] = value;
        if (value < old)
            sift_up(index);
        else
            sift_down(index);
    }

  private:
    void sift_up(std::size_t index) {
        while (index > 0) {
            const std::size_t parent = (index - 1) >> 1;
            if (!(values_[parent] > values_[index])) break;
            swap(index, parent);
            index = parent;
        }
    }
    void sift_down(std::size_t index) {
        std::size_t child = 2 * index + 1;
        while (child < size_) {
            if (child + 1 < size_ && values_[child + 1] < values_[child]) ++child;
            if (!(values_[index] > values_[child])) break;
            swap(index, child);
            index = child;
            child = 2 * index + 1;
        }
    }
    void swap(std::size_t i, std::size_t j) {
        std::swap(values_[i], values_[j]);
        const std::size_t key_i = key_by_index_[i], key_j = key_by_index_[j];
        key_by_index_[i] = key_j;
        key_by_index_[j] = key_i;
        index_by_key_[key_i] = j;
        index_by_key_[key_j] = i;
    }
    std::vector<std::size_t> index_by_key_, key_by_index_;
    std::vector<double> values_;
    std::size_t size_;
};

// scipy's fast_linkage ("generic clustering algorithm" of Muellner) for centroid and median.
template <class Layout>
std::vector<Merge> generic_linkage(double* dist, std::size_t n, LinkageMethod method) {
    const Layout layout(n);
    std::vector<Merge> z(n - 1);
    std::vector<std::int64_t> size(n, 1);
    std::vector<std::size_t> cluster_id(n);
    std::iota(cluster_id.begin(), cluster_id.end(), std::size_t{0});
    std::vector<std::size_t> neighbor(n - 1);
    std::vector<double> min_dist(n - 1);
    const std::size_t none = n;

    // The nearest of the clusters after x (ties: the first), or `none`.
    auto find_min = [&](std::size_t x, double& value) {
        value = cluster_inf;
        std::size_t best = none;
        for (std::size_t i = x + 1; i < n; ++i) {
            if (size[i] == 0) continue;
            const double v = dist[layout.index(x, i)];
            if (v < value) value = v, best = i;
        }
        return best;
    };
    for (std::size_t x = 0; x + 1 < n; ++x) {
        neighbor[x] = find_min(x, min_dist[x]);
        if (neighbor[x] == none) throw_overflow(method);
    }
    MinHeap heap(min_dist);
    auto at = [&](std::size_t i, std::size_t j) -> double& {
        return i < j ? dist[layout.index(i, j)] : dist[layout.index(j, i)];
    };
    for (std::size_t k = 0; k + 1 < n; ++k) {
        std::size_t x = 0, y = 0;
        double current = 0;
        for (std::size_t i = 0; i < n - k; ++i) {
            x = heap.min_key();
            current = heap.min_value();
            y = neighbor[x];
            if (current == at(x, y)) break;
            double value;
            y = find_min(x, value);
            if (y == none) throw_overflow(method);
            current = value;
            neighbor[x] = y;
            min_dist[x] = value;
            heap.change_value(x, value);
        }
        heap.remove_min();
        std::size_t id_x = cluster_id[x], id_y = cluster_id[y];
        const std::int64_t nx = size[x], ny = size[y];
        if (id_x > id_y) std::swap(id_x, id_y);
        z[k] = {id_x, id_y, current, static_cast<std::size_t>(nx + ny)};
        size[x] = 0;
        size[y] = nx + ny;
        cluster_id[y] = n + k;
        bool finite = true;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t ni = size[i];
            if (ni == 0 || i == y) continue;
            double& d_iy = at(i, y);
            d_iy = lance_williams(method, at(i, x), d_iy, current, nx, ny, ni);
            finite = finite && d_iy <= std::numeric_limits<double>::max();
        }
        if (!finite) throw_overflow(method);
        for (std::size_t i = 0; i < x; ++i)
            if (size[i] > 0 && neighbor[i] == x) neighbor[i] = y;
        for (std::size_t i = 0; i < y; ++i) {
            if (size[i] == 0) continue;
            const double value = at(i, y);
            if (value < min_dist[i]) {
                neighbor[i] = y;
                min_dist[i] = value;
                heap.change_value(i, value);
            }
        }
        if (y + 1 < n) {
            double value;
            const std::size_t found = find_min(y, value);
            if (found != none) {
                neighbor[y] = found;
                min_dist[y] = value;
                heap.change_value(y, value);
            }
        }
    }
    return z;
}

// scipy's linkage on a distance matrix laid out by Layout (destroyed: it is the working memory).
template <class Layout>
std::vector<Merge> linkage_matrix(double* dist, std::size_t n, LinkageMethod method) {
    auto no_size = [](auto update) {
        return [update](double a, double b, double, std::int64_t, std::int64_t, std::int64_t) {
            return update(a, b);
        };
    };
    switch (method) {
        case LinkageMethod::single:
            // scipy's minimum spanning tree, which only reads the matrix.
            return relabel(mst_condensed(dist, n), n);
        case LinkageMethod::complete:
            return relabel(nn_chain<Layout>(dist, n, method, no_size(update_complete)), n);
        case LinkageMethod::average:
            return relabel(
                nn_chain<Layout>(dist, n, method,
                                 [](double a, double b, double, std::int64_t sx, std::int64_t sy,
                                    std::int64_t) { return update_average(a, b, sx, sy); }),
                n);
        case LinkageMethod::weighted:
            return relabel(nn_chain<Layout>(dist, n, method, no_size(update_weighted)), n);
        case LinkageMethod::ward:
            // A lambda, not the function itself, so that the update loop inlines it.
            return relabel(
                nn_chain<Layout>(dist, n, method,
                                 [](double a, double b, double ab, std::int64_t sx, std::int64_t sy,
                                    std::int64_t si) { return update_ward(a, b, ab, sx, sy, si); }),
                n);
        case LinkageMethod::centroid:
        case LinkageMethod::median:
            return generic_linkage<Layout>(dist, n, method);
    }
    return {};
}

inline std::size_t observations_from_condensed(std::size_t length) {
    // n(n-1)/2 == length
    const double guess = std::ceil(std::sqrt(2.0 * static_cast<double>(length)));
    const std::size_t n = static_cast<std::size_t>(guess);
    if (length == 0 || n * (n - 1) / 2 != length)
        throw std::invalid_argument(
            "linkage: a condensed distance matrix of " + std::to_string(length) +
            " values is impossible: it holds n(n-1)/2 values for n >= 2 rows (1, 3, 6, 10, ...); "
            "give pdist's output or the upper triangle of a square matrix, row by row");
    return n;
}

// ---------------------------------------------------------------------------------------------
// Optimal leaf ordering, scipy's (from Bar-Joseph et al. through Polo): float32 partial sums and
// scipy's quicksort, whose order among equal values decides ties.

inline void sort_together(float* values, std::size_t* keys, std::size_t size) {
    // scipy's _simultaneous_sort (median-of-three quicksort), iteratively over a stack of ranges
    // in the order its recursion takes them.
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, size}};
    auto swap_at = [&](std::size_t base, std::size_t i, std::size_t j) {
        std::swap(values[base + i], values[base + j]);
        std::swap(keys[base + i], keys[base + j]);
    };
    while (!stack.empty()) {
        const auto [base, count] = stack.back();
        stack.pop_back();
        float* v = values + base;
        if (count <= 1) continue;
        if (count == 2) {
            if (v[0] > v[1]) swap_at(base, 0, 1);
            continue;
        }
        if (count == 3) {
            if (v[0] > v[1]) swap_at(base, 0, 1);
            if (v[1] > v[2]) {
                swap_at(base, 1, 2);
                if (v[0] > v[1]) swap_at(base, 0, 1);
            }
            continue;
        }
        std::size_t pivot = count / 2;
        if (v[0] > v[count - 1]) swap_at(base, 0, count - 1);
        if (v[count - 1] > v[pivot]) {
            swap_at(base, count - 1, pivot);
            if (v[0] > v[count - 1]) swap_at(base, 0, count - 1);
        }
        const float pivot_value = v[count - 1];
        std::size_t store = 0;
        for (std::size_t i = 0; i + 1 < count; ++i)
            if (v[i] < pivot_value) {
                swap_at(base, i, store);
                ++store;
            }
        swap_at(base, store, count - 1);
        pivot = store;
        // The recursion sorts the left part first, then the right: push right first.
        if (pivot + 2 < count) stack.push_back({base + pivot + 1, count - pivot - 1});
        if (pivot > 1) stack.push_back({base, pivot});
    }
}

// A symmetric n x n matrix of floats with a zero diagonal, stored as its upper triangle.
class TriangleFloat {
  public:
    explicit TriangleFloat(std::size_t n) : n_(n), values_(condensed_size(n), 0.f) {}
    float get(std::size_t i, std::size_t j) const {
        if (i == j) return 0.f;
        return i < j ? values_[condensed_index(n_, i, j)] : values_[condensed_index(n_, j, i)];
    }
    void set(std::size_t i, std::size_t j, float v) {
        values_[i < j ? condensed_index(n_, i, j) : condensed_index(n_, j, i)] = v;
    }

  private:
    std::size_t n_;
    std::vector<float> values_;
};

}  // namespace detail

HEATMAP_FUNC const char* to_string(Metric metric) {
    return detail::metric_names[static_cast<std::size_t>(metric)];
}

HEATMAP_FUNC const char* to_string(LinkageMethod method) {
    return detail::method_names[static_cast<std::size_t>(method)];
}

HEATMAP_FUNC Metric parse_metric(std::string_view name) {
    // scipy's names and aliases (distance.py's _METRIC_INFOS), compared in lower case as pdist.
    struct Alias {
        const char* name;
        Metric metric;
    };
    static constexpr Alias aliases[] = {
        {"euclidean", Metric::euclidean},
        {"euclid", Metric::euclidean},
        {"eu", Metric::euclidean},
        {"e", Metric::euclidean},
        {"sqeuclidean", Metric::sqeuclidean},
        {"sqe", Metric::sqeuclidean},
        {"sqeuclid", Metric::sqeuclidean},
        {"cityblock", Metric::cityblock},
        {"cblock", Metric::cityblock},
        {"cb", Metric::cityblock},
        {"c", Metric::cityblock},
        {"chebyshev", Metric::chebyshev},
        {"chebychev", Metric::chebyshev},
        {"cheby", Metric::chebyshev},
        {"cheb", Metric::chebyshev},
        {"ch", Metric::chebyshev},
        {"minkowski", Metric::minkowski},
        {"mi", Metric::minkowski},
        {"m", Metric::minkowski},
        {"pnorm", Metric::minkowski},
        {"cosine", Metric::cosine},
        {"cos", Metric::cosine},
        {"correlation", Metric::correlation},
        {"co", Metric::correlation},
        {"canberra", Metric::canberra},
        {"braycurtis", Metric::braycurtis},
    };
    const std::string lower = detail::ascii_lower(name);
    for (const Alias& alias : aliases)
        if (lower == alias.name) return alias.metric;
    detail::throw_unknown_name("metric", name, detail::metric_names);
}

HEATMAP_FUNC LinkageMethod parse_linkage_method(std::string_view name) {
    for (std::size_t i = 0; i < detail::method_names.size(); ++i)
        if (name == detail::method_names[i]) return static_cast<LinkageMethod>(i);
    detail::throw_unknown_name("linkage method", name, detail::method_names);
}

HEATMAP_FUNC std::vector<double> pdist(const double* data, std::size_t rows, std::size_t cols,
                                       const DistanceOptions& options) {
    const detail::DistanceData prepared =
        detail::prepare_distances(data, rows, cols, options, "pdist");
    std::vector<double> out(detail::condensed_size(rows));
    detail::fill_distances(prepared, out.data(), detail::CondensedLayout(rows), options.threads,
                           "pdist");
    return out;
}

HEATMAP_FUNC std::vector<Merge> linkage(const double* data, std::size_t rows, std::size_t cols,
                                        LinkageMethod method, const LinkageOptions& options) {
    if (static_cast<unsigned>(method) > static_cast<unsigned>(LinkageMethod::ward))
        throw std::invalid_argument("linkage: unknown method: give a heatmap::LinkageMethod");
    if ((method == LinkageMethod::ward || method == LinkageMethod::centroid ||
         method == LinkageMethod::median) &&
        options.metric != Metric::euclidean)
        throw std::invalid_argument(std::string("linkage \"") + to_string(method) +
                                    "\" needs the euclidean metric, not \"" +
                                    to_string(options.metric) +
                                    "\": use metric euclidean, or another method");
    const DistanceOptions distance_options{options.metric, options.p, options.threads};
    const detail::DistanceData prepared =
        detail::prepare_distances(data, rows, cols, distance_options, "linkage");
    if (method == LinkageMethod::single && !options.optimal_ordering)
        return detail::relabel(detail::mst_rows(prepared, "linkage"), rows);
    // One buffer, never zeroed (the distances overwrite it), for the matrix and later for the
    // distances the ordering reads.
    const std::unique_ptr<double[]> buffer(new double[detail::condensed_size(rows)]);
    const detail::CondensedLayout layout(rows);
    const unsigned threads = detail::thread_count(options.threads);
    detail::fill_distances(prepared, buffer.get(), layout, threads, "linkage");
    std::vector<Merge> z =
        detail::linkage_matrix<detail::CondensedLayout>(buffer.get(), rows, method);
    if (!options.optimal_ordering) return z;
    if (method != LinkageMethod::single)  // the matrix was the working memory: measure again
        detail::fill_distances(prepared, buffer.get(), layout, threads, "linkage");
    detail::optimal_leaf_ordering(z, buffer.get(), rows);
    return z;
}

HEATMAP_FUNC std::vector<Merge> linkage(std::vector<double> condensed, LinkageMethod method,
                                        bool optimal_ordering) {
    if (static_cast<unsigned>(method) > static_cast<unsigned>(LinkageMethod::ward))
        throw std::invalid_argument("linkage: unknown method: give a heatmap::LinkageMethod");
    const std::size_t n = detail::observations_from_condensed(condensed.size());
    if (n < 2)
        throw std::invalid_argument(
            "linkage needs at least 2 rows to compare: a condensed matrix of 1 or more values");
    for (std::size_t i = 0; i < condensed.size(); ++i)
        if (!std::isfinite(condensed[i])) {
            // The pair (a, b) of index i.
            std::size_t a = 0, start = 0;
            while (start + (n - 1 - a) <= i) start += n - 1 - a, ++a;
            throw std::invalid_argument(
                "linkage: the distance between rows " + std::to_string(a) + " and " +
                std::to_string(a + 1 + (i - start)) + " (condensed index " + std::to_string(i) +
                ") is " + detail::format_number(condensed[i]) + ": distances must be finite");
        }
    std::vector<double> original;
    if (optimal_ordering && method != LinkageMethod::single) original = condensed;
    std::vector<Merge> z =
        detail::linkage_matrix<detail::CondensedLayout>(condensed.data(), n, method);
    if (!optimal_ordering) return z;
    detail::optimal_leaf_ordering(
        z, method == LinkageMethod::single ? condensed.data() : original.data(), n);
    return z;
}

HEATMAP_FUNC void check_linkage(const std::vector<Merge>& z, std::string_view what) {
    if (z.empty())
        throw std::invalid_argument(std::string(what) +
                                    " is empty: a linkage of n rows has n - 1 merges, n >= 2");
    const std::size_t n = z.size() + 1;
    std::vector<std::size_t> count(2 * n - 1, 1);
    std::vector<char> used(2 * n - 1, 0);
    for (std::size_t i = 0; i < z.size(); ++i) {
        const Merge& m = z[i];
        const std::string row = std::string(what) + " merge " + std::to_string(i);
        for (const std::size_t id : {m.left, m.right}) {
            if (id >= n + i)
                throw std::invalid_argument(row + " joins cluster " + std::to_string(id) +
                                            (id >= 2 * n - 1 ? ", which does not exist"
                                                             : ", which is formed only by merge " +
                                                                   std::to_string(id - n)) +
                                            ": give a linkage matrix as linkage() returns it");
            if (used[id])
                throw std::invalid_argument(row + " joins cluster " + std::to_string(id) +
                                            ", already joined by an earlier merge: give a "
                                            "linkage matrix as linkage() returns it");
        }
        if (m.left == m.right)
            throw std::invalid_argument(row + " joins cluster " + std::to_string(m.left) +
                                        " with itself: give a linkage matrix as linkage() "
                                        "returns it");
        used[m.left] = used[m.right] = 1;
        count[n + i] = count[m.left] + count[m.right];
        if (m.count != count[n + i])
            throw std::invalid_argument(
                row + " says " + std::to_string(m.count) + " rows, but its clusters hold " +
                std::to_string(count[n + i]) + ": give a linkage matrix as linkage() returns it");
        if (std::isnan(m.distance))
            throw std::invalid_argument(row +
                                        " has a NaN distance: give a linkage matrix as "
                                        "linkage() returns it");
    }
}

HEATMAP_FUNC std::vector<std::size_t> leaves_list(const std::vector<Merge>& z) {
    check_linkage(z, "leaves_list: linkage");
    const std::size_t n = z.size() + 1;
    std::vector<std::size_t> leaves;
    leaves.reserve(n);
    // Depth first, left before right, with an explicit stack.
    std::vector<std::size_t> stack{2 * n - 2};
    while (!stack.empty()) {
        const std::size_t id = stack.back();
        stack.pop_back();
        if (id < n) {
            leaves.push_back(id);
            continue;
        }
        stack.push_back(z[id - n].right);
        stack.push_back(z[id - n].left);
    }
    return leaves;
}

HEATMAP_FUNC Dendrogram dendrogram(const std::vector<Merge>& z) {
    check_linkage(z, "dendrogram: linkage");
    const std::size_t n = z.size() + 1;
    Dendrogram out;
    out.leaves.reserve(n);
    out.icoord.reserve(z.size());
    out.dcoord.reserve(z.size());
    // scipy's _dendrogram_calculate_info without recursion: a node is visited when entered (its
    // left child's x starts at iv), after its left child (its right child starts at iv plus the
    // left's width) and after its right child (its line is emitted, in post-order).
    struct Frame {
        std::size_t id;
        double iv;
        int stage;
        double left_x, left_width, left_height;
    };
    struct Result {
        double x, width, height;
    };
    std::vector<Frame> stack{{2 * n - 2, 0.0, 0, 0, 0, 0}};
    Result last{0, 0, 0};
    while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.id < n) {
            out.leaves.push_back(f.id);
            last = {f.iv + 5.0, 10.0, 0.0};
            stack.pop_back();
            continue;
        }
        const Merge& m = z[f.id - n];
        if (f.stage == 0) {
            f.stage = 1;
            const double iv = f.iv;
            stack.push_back({m.left, iv, 0, 0, 0, 0});
        } else if (f.stage == 1) {
            f.stage = 2;
            f.left_x = last.x, f.left_width = last.width, f.left_height = last.height;
            const double iv = f.iv + last.width;
            stack.push_back({m.right, iv, 0, 0, 0, 0});
        } else {
            const double h = m.distance;
            out.icoord.push_back({f.left_x, f.left_x, last.x, last.x});
            out.dcoord.push_back({f.left_height, h, h, last.height});
            last = {(f.left_x + last.x) / 2, f.left_width + last.width, h};
            stack.pop_back();
        }
    }
    return out;
}

HEATMAP_FUNC std::vector<Merge> optimal_leaf_ordering(std::vector<Merge> z,
                                                      const std::vector<double>& condensed) {
    check_linkage(z, "optimal_leaf_ordering: linkage");
    const std::size_t n = z.size() + 1;
    if (condensed.size() != detail::condensed_size(n))
        throw std::invalid_argument("optimal_leaf_ordering: the linkage has " + std::to_string(n) +
                                    " rows, so the condensed distance matrix needs " +
                                    std::to_string(detail::condensed_size(n)) + " values, not " +
                                    std::to_string(condensed.size()) +
                                    ": give the distances the linkage was made from");
    for (const double v : condensed)
        if (!std::isfinite(v))
            throw std::invalid_argument(
                "optimal_leaf_ordering: the condensed distance matrix holds " +
                detail::format_number(v) + ": distances must be finite");
    detail::optimal_leaf_ordering(z, condensed.data(), n);
    return z;
}

namespace detail {

// scipy's optimal_leaf_ordering on a checked linkage and its condensed distances, in place.
HEATMAP_FUNC void optimal_leaf_ordering(std::vector<Merge>& z, const double* condensed,
                                        std::size_t n) {
    if (n < 3) return;
    // Leaves renumbered by their current position; every cluster is then a range of positions.
    const std::vector<std::size_t> leaves = leaves_list(z);
    std::vector<std::size_t> position(n);
    for (std::size_t i = 0; i < n; ++i) position[leaves[i]] = i;
    auto dist = [&](std::size_t a, std::size_t b) {  // positions a != b
        const std::size_t i = leaves[a], j = leaves[b];
        return i < j ? condensed[detail::condensed_index(n, i, j)]
                     : condensed[detail::condensed_index(n, j, i)];
    };
    std::vector<std::array<std::size_t, 2>> child(n - 1);
    std::vector<std::size_t> range_min(2 * n - 1), range_max(2 * n - 1);
    for (std::size_t i = 0; i < n; ++i) range_min[i] = i, range_max[i] = i + 1;
    for (std::size_t i = 0; i < n - 1; ++i) {
        std::size_t l = z[i].left, r = z[i].right;
        if (l < n) l = position[l];
        if (r < n) r = position[r];
        child[i] = {l, r};
        range_min[n + i] = range_min[l];
        range_max[n + i] = range_max[r];
    }
    detail::TriangleFloat M(n);
    // swap_status[u][w] (u != w): bit 0 swap_L, bit 1 swap_R; symmetric.
    std::vector<std::uint8_t> swap_status(detail::condensed_size(n), 0);
    auto status = [&](std::size_t u, std::size_t w) -> std::uint8_t& {
        return u < w ? swap_status[detail::condensed_index(n, u, w)]
                     : swap_status[detail::condensed_index(n, w, u)];
    };
    std::vector<char> must_swap(n - 1, 0);
    std::vector<float> m_values(n), k_values(n);
    std::vector<std::size_t> m_keys(n), k_keys(n);
    std::size_t best_u = 0, best_w = 0;
    const float sentinel = 1073741824.0f;  // scipy's 2^30
    for (std::size_t i = 0; i < n - 1; ++i) {
        const std::size_t v_l = child[i][0], v_r = child[i][1];
        std::size_t u_clusters[2], m_clusters[2], w_clusters[2], k_clusters[2];
        std::size_t total_u = 1, total_w = 1;
        if (v_l < n) {
            u_clusters[0] = m_clusters[0] = v_l;
        } else {
            total_u = 2;
            u_clusters[0] = child[v_l - n][0], m_clusters[0] = child[v_l - n][1];
            u_clusters[1] = child[v_l - n][1], m_clusters[1] = child[v_l - n][0];
        }
        if (v_r < n) {
            w_clusters[0] = k_clusters[0] = v_r;
        } else {
            total_w = 2;
            w_clusters[0] = child[v_r - n][1], w_clusters[1] = child[v_r - n][0];
            k_clusters[0] = child[v_r - n][0], k_clusters[1] = child[v_r - n][1];
        }
        for (std::size_t swap_l = 0; swap_l < total_u; ++swap_l)
            for (std::size_t swap_r = 0; swap_r < total_w; ++swap_r) {
                const std::size_t u_min = range_min[u_clusters[swap_l]],
                                  u_max = range_max[u_clusters[swap_l]];
                const std::size_t m_min = range_min[m_clusters[swap_l]],
                                  m_max = range_max[m_clusters[swap_l]];
                const std::size_t w_min = range_min[w_clusters[swap_r]],
                                  w_max = range_max[w_clusters[swap_r]];
                const std::size_t k_min = range_min[k_clusters[swap_r]],
                                  k_max = range_max[k_clusters[swap_r]];
                float min_km = sentinel;
                for (std::size_t m = m_min; m < m_max; ++m)
                    for (std::size_t k = k_min; k < k_max; ++k) {
                        const double d = dist(m, k);
                        if (d < static_cast<double>(min_km)) min_km = static_cast<float>(d);
                    }
                const std::size_t m_count = m_max - m_min, k_count = k_max - k_min;
                for (std::size_t u = u_min; u < u_max; ++u) {
                    for (std::size_t t = 0; t < m_count; ++t)
                        m_values[t] = M.get(m_min + t, u), m_keys[t] = m_min + t;
                    detail::sort_together(m_values.data(), m_keys.data(), m_count);
                    for (std::size_t w = w_min; w < w_max; ++w) {
                        for (std::size_t t = 0; t < k_count; ++t)
                            k_values[t] = M.get(k_min + t, w), k_keys[t] = k_min + t;
                        detail::sort_together(k_values.data(), k_keys.data(), k_count);
                        float best = sentinel;
                        for (std::size_t mi = 0; mi < m_count; ++mi) {
                            const std::size_t m = m_keys[mi];
                            const float mu = M.get(u, m);
                            if (mu + M.get(w, k_keys[0]) + min_km >= best) break;
                            for (std::size_t ki = 0; ki < k_count; ++ki) {
                                const std::size_t k = k_keys[ki];
                                const float kw = M.get(w, k);
                                if (mu + kw + min_km >= best) break;
                                const float current =
                                    static_cast<float>(static_cast<double>(mu + kw) + dist(m, k));
                                if (current < best) best = current;
                            }
                        }
                        M.set(u, w, best);
                        status(u, w) = static_cast<std::uint8_t>(swap_l | swap_r << 1);
                    }
                }
            }
        float best = sentinel;
        for (std::size_t u = range_min[v_l]; u < range_max[v_l]; ++u)
            for (std::size_t w = range_min[v_r]; w < range_max[v_r]; ++w)
                if (M.get(u, w) < best) best = M.get(u, w), best_u = u, best_w = w;
        const std::uint8_t s = best_u == best_w ? 0 : status(best_u, best_w);
        if (v_l >= n) must_swap[v_l - n] = s & 1;
        if (v_r >= n) must_swap[v_r - n] = (s >> 1) & 1;
    }
    // A node's children are swapped when an odd number of the nodes from it up to the root must
    // swap (scipy's is_descendant sum), found top down.
    std::vector<char> parity(n - 1, 0);
    for (std::size_t i = n - 1; i-- > 0;) {
        parity[i] = static_cast<char>(parity[i] ^ must_swap[i]);
        for (const std::size_t c : child[i])
            if (c >= n) parity[c - n] = parity[i];
    }
    for (std::size_t i = 0; i < n - 1; ++i)
        if (parity[i]) std::swap(z[i].left, z[i].right);
}

}  // namespace detail

namespace detail {

// pandas' mean and std of one vector (values at v[0], v[stride], ...) as nanops computes them
// for a DataFrame column: NaNs skipped (summed as 0, not counted); `pairwise_mean` when pandas
// reduces a contiguous axis (numpy's pairwise sum), else a running sum. The variance always
// reduces a fresh C-ordered copy, so its sums are pairwise.
inline void pandas_mean_std(const double* v, std::size_t count, std::size_t stride,
                            bool pairwise_mean, std::vector<double>& scratch, double& mean,
                            double& std_dev) {
    scratch.resize(count);
    std::size_t valid = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = v[i * stride];
        const bool missing = std::isnan(x);
        scratch[i] = missing ? 0.0 : x;
        valid += missing ? 0 : 1;
    }
    double sum;
    if (pairwise_mean) {
        sum = pairwise_sum(scratch.data(), count, 1);
    } else {
        sum = 0;
        for (std::size_t i = 0; i < count; ++i) sum += scratch[i];
    }
    const double n = static_cast<double>(valid);
    mean = valid == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / n;
    // nanvar: avg from a pairwise sum, squared deviations (0 where missing) summed pairwise.
    const double avg = pairwise_sum(scratch.data(), count, 1) / n;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = v[i * stride];
        const double dev = avg - scratch[i];
        scratch[i] = std::isnan(x) ? 0.0 : dev * dev;
    }
    if (valid <= 1) {
        std_dev = std::numeric_limits<double>::quiet_NaN();
        return;
    }
    std_dev = std::sqrt(pairwise_sum(scratch.data(), count, 1) / (n - 1));
}

inline void check_scaling_shape(const double* data, std::size_t rows, std::size_t cols,
                                std::string_view what) {
    if (rows == 0 || cols == 0)
        throw std::invalid_argument(std::string(what) +
                                    ": empty matrix: give at least one row and one column");
    if (data == nullptr)
        throw std::invalid_argument(std::string(what) + ": null data pointer: give " +
                                    std::to_string(rows) + " x " + std::to_string(cols) +
                                    " values");
    if (rows > std::numeric_limits<std::size_t>::max() / cols)
        throw std::invalid_argument(std::string(what) + ": a matrix of " + std::to_string(rows) +
                                    " x " + std::to_string(cols) + " values is too large");
}

}  // namespace detail

HEATMAP_FUNC std::vector<double> z_score(const double* data, std::size_t rows, std::size_t cols,
                                         Axis axis) {
    detail::check_scaling_shape(data, rows, cols, "z_score");
    std::vector<double> out(rows * cols);
    bool any_missing = false;
    for (std::size_t i = 0; i < rows * cols; ++i) any_missing = any_missing || std::isnan(data[i]);
    // seaborn z-scores the columns of a DataFrame (of its transpose for rows). A DataFrame made
    // from a row-major matrix keeps it as one block whose columns are strided: pandas' mean then
    // runs down the rows (a running sum); the transpose's block is contiguous per row (numpy's
    // pairwise sum). With any NaN, pandas first copies the block in C order: pairwise either way.
    const bool pairwise_mean = axis == Axis::rows || any_missing;
    const std::size_t count = axis == Axis::rows ? cols : rows;
    const std::size_t vectors = axis == Axis::rows ? rows : cols;
    const std::size_t stride = axis == Axis::rows ? 1 : cols;
    const std::size_t step = axis == Axis::rows ? cols : 1;
    std::vector<double> scratch;
    for (std::size_t v = 0; v < vectors; ++v) {
        const double* in = data + v * step;
        double mean, std_dev;
        detail::pandas_mean_std(in, count, stride, pairwise_mean, scratch, mean, std_dev);
        for (std::size_t i = 0; i < count; ++i)
            out[v * step + i * stride] = (in[i * stride] - mean) / std_dev;
    }
    return out;
}

HEATMAP_FUNC std::vector<double> standard_scale(const double* data, std::size_t rows,
                                                std::size_t cols, Axis axis) {
    detail::check_scaling_shape(data, rows, cols, "standard_scale");
    std::vector<double> out(rows * cols);
    const std::size_t count = axis == Axis::rows ? cols : rows;
    const std::size_t vectors = axis == Axis::rows ? rows : cols;
    const std::size_t stride = axis == Axis::rows ? 1 : cols;
    const std::size_t step = axis == Axis::rows ? cols : 1;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t v = 0; v < vectors; ++v) {
        const double* in = data + v * step;
        double lo = nan, hi = nan;
        for (std::size_t i = 0; i < count; ++i) {
            const double x = in[i * stride];
            if (std::isnan(x)) continue;
            if (std::isnan(lo) || x < lo) lo = x;
            if (std::isnan(hi) || x > hi) hi = x;
        }
        for (std::size_t i = 0; i < count; ++i)
            out[v * step + i * stride] = (in[i * stride] - lo) / (hi - lo);
    }
    return out;
}

}  // namespace heatmap

#if defined(__clang__)
#pragma float_control(pop)
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif

#endif  // HEATMAP_EMIT_DEFINITIONS
