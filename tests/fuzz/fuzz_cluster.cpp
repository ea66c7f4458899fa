// Clustering on any small matrix: raw doubles (NaN, infinities, subnormals, huge values), small
// integers (exact ties, duplicate rows), zeros and constants, any method, metric, Minkowski p,
// thread count and optimal ordering. Each run either throws std::invalid_argument or returns a
// well-formed tree: valid ids, counts that add up to n, heights that never fall for the methods
// scipy sorts (all but centroid and median), the same Z from the rows as from pdist's matrix and
// for any thread count, a leaf order that is a permutation, a dendrogram of n - 1 finite lines,
// and an optimal ordering that only swaps children.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <heatmap/cluster.hpp>

#include "fuzz_input.hpp"

namespace {

using heatmap::LinkageMethod;
using heatmap::Merge;

bool same(const std::vector<Merge>& a, const std::vector<Merge>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].left != b[i].left || a[i].right != b[i].right || a[i].count != b[i].count ||
            std::memcmp(&a[i].distance, &b[i].distance, sizeof(double)) != 0)
            return false;
    return true;
}

void check_tree(const std::vector<Merge>& z, std::size_t n, LinkageMethod method) {
    HEATMAP_FUZZ_REQUIRE(z.size() == n - 1);
    heatmap::check_linkage(z);  // throws (and so aborts the harness) on a malformed tree
    HEATMAP_FUZZ_REQUIRE(z.back().count == n);
    const bool sorted = method != LinkageMethod::centroid && method != LinkageMethod::median;
    for (std::size_t i = 0; i < z.size(); ++i) {
        HEATMAP_FUZZ_REQUIRE(!std::isnan(z[i].distance));
        if (sorted && i > 0) HEATMAP_FUZZ_REQUIRE(z[i - 1].distance <= z[i].distance);
    }
    const std::vector<std::size_t> leaves = heatmap::leaves_list(z);
    std::vector<std::size_t> sorted_leaves = leaves;
    std::sort(sorted_leaves.begin(), sorted_leaves.end());
    for (std::size_t i = 0; i < n; ++i) HEATMAP_FUZZ_REQUIRE(sorted_leaves[i] == i);
    const heatmap::Dendrogram d = heatmap::dendrogram(z);
    HEATMAP_FUZZ_REQUIRE(d.leaves == leaves);
    HEATMAP_FUZZ_REQUIRE(d.icoord.size() == n - 1 && d.dcoord.size() == n - 1);
    for (const auto& line : d.icoord)
        for (const double x : line) HEATMAP_FUZZ_REQUIRE(x >= 5 && x <= 10.0 * n);
}

// The optimal ordering keeps every merge, its height and count, and may only swap its children.
void check_reordering(const std::vector<Merge>& z, const std::vector<Merge>& ordered) {
    HEATMAP_FUZZ_REQUIRE(z.size() == ordered.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        HEATMAP_FUZZ_REQUIRE(std::min(z[i].left, z[i].right) ==
                             std::min(ordered[i].left, ordered[i].right));
        HEATMAP_FUZZ_REQUIRE(std::max(z[i].left, z[i].right) ==
                             std::max(ordered[i].left, ordered[i].right));
        HEATMAP_FUZZ_REQUIRE(z[i].count == ordered[i].count);
        HEATMAP_FUZZ_REQUIRE(std::memcmp(&z[i].distance, &ordered[i].distance, sizeof(double)) ==
                             0);
    }
}

double value(heatmap_fuzz::FuzzInput& in, unsigned mode) {
    switch (mode) {
        case 0:
            return in.raw_double();
        case 1:
            return static_cast<double>(in.pick(4));  // ties
        case 2:
            return in.in_range(-1, 1);
        case 3: {  // specials and extremes
            static const double specials[] = {0.0,
                                              -0.0,
                                              1.0,
                                              -1.0,
                                              1e-310,
                                              1e300,
                                              -1e300,
                                              1.7976931348623157e308,
                                              1e154,
                                              2.5e-308,
                                              std::numeric_limits<double>::quiet_NaN(),
                                              std::numeric_limits<double>::infinity()};
            return specials[in.pick(sizeof specials / sizeof specials[0])];
        }
        default:
            return in.flag() ? static_cast<double>(in.pick(3)) : in.in_range(-1e3, 1e3);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    const std::size_t rows = in.pick(33);  // 0 .. 32: fewer than 2 must be refused
    const std::size_t cols = in.pick(7);   // 0 .. 6
    const auto method = static_cast<LinkageMethod>(in.pick(7));
    const auto metric = static_cast<heatmap::Metric>(in.pick(9));
    const unsigned mode = static_cast<unsigned>(in.pick(5));
    const std::uint8_t p_choice = in.byte();
    const double p = p_choice < 200   ? 0.25 + p_choice / 40.0
                     : p_choice < 230 ? std::numeric_limits<double>::infinity()
                                      : in.raw_double();
    const bool optimal = in.flag();
    const unsigned threads = 1 + static_cast<unsigned>(in.pick(3));
    const bool duplicate_rows = in.flag();

    std::vector<double> x(rows * cols);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (duplicate_rows && i >= cols && in.flag())
            x[i] = x[i - cols];
        else
            x[i] = value(in, mode);
    }

    heatmap::LinkageOptions options;
    options.metric = metric;
    options.p = p;
    options.threads = threads;
    options.optimal_ordering = optimal;

    // From the rows.
    std::vector<Merge> z;
    bool refused = false;
    try {
        z = heatmap::linkage(x.data(), rows, cols, method, options);
    } catch (const std::invalid_argument&) {
        refused = true;
    }
    if (!refused) check_tree(z, rows, method);

    // From pdist's matrix, on one thread: the same answer, or the same refusal.
    std::vector<double> y;
    bool distances_refused = false;
    try {
        y = heatmap::pdist(x.data(), rows, cols, {metric, p, 1});
    } catch (const std::invalid_argument&) {
        distances_refused = true;
    }
    if (!distances_refused) {
        HEATMAP_FUZZ_REQUIRE(y.size() == rows * (rows - 1) / 2);
        for (const double v : y) HEATMAP_FUZZ_REQUIRE(std::isfinite(v));
        const bool euclidean_only = method == LinkageMethod::ward ||
                                    method == LinkageMethod::centroid ||
                                    method == LinkageMethod::median;
        std::vector<Merge> from_matrix;
        bool matrix_refused = false;
        try {
            from_matrix = heatmap::linkage(y, method, optimal);
        } catch (const std::invalid_argument&) {
            matrix_refused = true;  // overflow while merging
        }
        if (!euclidean_only || metric == heatmap::Metric::euclidean) {
            HEATMAP_FUZZ_REQUIRE(refused == matrix_refused);
            if (!refused) HEATMAP_FUZZ_REQUIRE(same(z, from_matrix));
        }
        if (!matrix_refused) {
            check_tree(from_matrix, rows, method);
            if (!optimal) {
                const std::vector<Merge> ordered = heatmap::optimal_leaf_ordering(from_matrix, y);
                check_reordering(from_matrix, ordered);
                check_tree(ordered, rows, method);
            }
        }
    } else {
        HEATMAP_FUZZ_REQUIRE(refused);
    }

    // Scaling takes anything with at least one cell and keeps the shape.
    if (rows > 0 && cols > 0) {
        for (const heatmap::Axis axis : {heatmap::Axis::rows, heatmap::Axis::columns}) {
            const std::vector<double> zs = heatmap::z_score(x.data(), rows, cols, axis);
            const std::vector<double> ss = heatmap::standard_scale(x.data(), rows, cols, axis);
            HEATMAP_FUZZ_REQUIRE(zs.size() == x.size() && ss.size() == x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                if (std::isnan(x[i])) HEATMAP_FUZZ_REQUIRE(std::isnan(zs[i]) && std::isnan(ss[i]));
        }
    }
    return 0;
}
