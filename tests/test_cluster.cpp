// Clustering against scipy 1.10 and seaborn 0.12 (tests/data/cluster, written by
// tools/make_cluster_refs.py): pdist bit for bit, linkage's Z (ids and counts exact, heights to 1e-12
// relative), leaf orders, dendrogram lines, optimal orderings, seaborn's scalings and clustermap
// trees, the cases where fastcluster breaks ties otherwise, trees too deep for recursion, and every
// error message.
#include <catch2/catch.hpp>
#include <heatmap/cluster.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace {

using heatmap::LinkageMethod;
using heatmap::Merge;
using heatmap::Metric;

// Just enough JSON for the reference files: objects, arrays, numbers (NaN and Infinity as Python
// writes them), strings without escapes, true, false, null.
struct Json {
    enum Kind { null, boolean, number, string, array, object } kind = null;
    double num = 0;
    bool flag = false;
    std::string str;
    std::vector<Json> items;
    std::map<std::string, Json> fields;

    const Json& operator[](const std::string& key) const {
        const auto it = fields.find(key);
        if (it == fields.end()) FAIL("missing key " << key);
        return it->second;
    }
    bool has(const std::string& key) const { return fields.count(key) != 0; }
    std::vector<double> numbers() const {
        std::vector<double> out;
        for (const Json& j : items) out.push_back(j.num);
        return out;
    }
    std::vector<std::size_t> indices() const {
        std::vector<std::size_t> out;
        for (const Json& j : items) out.push_back(static_cast<std::size_t>(j.num));
        return out;
    }
};

class JsonReader {
  public:
    explicit JsonReader(std::string text) : s_(std::move(text)) {}
    Json value() {
        skip();
        Json j;
        const char c = s_[i_];
        if (c == '{') {
            j.kind = Json::object;
            for (++i_, skip(); s_[i_] != '}'; skip()) {
                const std::string key = value().str;
                skip();
                ++i_;  // ':'
                j.fields[key] = value();
                skip();
                if (s_[i_] == ',') ++i_;
            }
            ++i_;
        } else if (c == '[') {
            j.kind = Json::array;
            for (++i_, skip(); s_[i_] != ']'; skip()) {
                j.items.push_back(value());
                skip();
                if (s_[i_] == ',') ++i_;
            }
            ++i_;
        } else if (c == '"') {
            j.kind = Json::string;
            const std::size_t end = s_.find('"', i_ + 1);
            j.str = s_.substr(i_ + 1, end - i_ - 1);
            i_ = end + 1;
        } else if (s_.compare(i_, 4, "null") == 0) {
            i_ += 4;
        } else if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 5, "false") == 0) {
            j.kind = Json::boolean;
            j.flag = c == 't';
            i_ += j.flag ? 4 : 5;
        } else {
            j.kind = Json::number;
            char* end = nullptr;
            j.num = std::strtod(s_.c_str() + i_, &end);  // reads NaN and Infinity too
            i_ = static_cast<std::size_t>(end - s_.c_str());
        }
        return j;
    }

  private:
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    std::string s_;
    std::size_t i_ = 0;
};

std::string data_path(const std::string& name) {
    return std::string(HEATMAP_TEST_DATA) + "/cluster/" + name;
}

const Json& read_json(const std::string& name) {
    static std::map<std::string, Json> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    std::ifstream in(data_path(name), std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return cache[name] = JsonReader(buffer.str()).value();
}

struct Matrix {
    std::size_t rows = 0, cols = 0;
    std::vector<double> v;
    Matrix transposed() const {
        Matrix t{cols, rows, std::vector<double>(v.size())};
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c) t.v[c * rows + r] = v[r * cols + c];
        return t;
    }
};

// An input spec: inline values, or a CSV file as shipped (skip_rows lines, then skip_cols fields
// and `cols` numbers a line); "transpose" clusters the columns.
Matrix load(const Json& spec) {
    Matrix m;
    if (spec.has("data")) {
        m = {static_cast<std::size_t>(spec["rows"].num), static_cast<std::size_t>(spec["cols"].num),
             spec["data"].numbers()};
    } else {
        std::ifstream in(data_path(spec["file"].str));
        REQUIRE(in.good());
        const auto skip_rows = static_cast<std::size_t>(spec["skip_rows"].num);
        const auto skip_cols = static_cast<std::size_t>(spec["skip_cols"].num);
        m.cols = static_cast<std::size_t>(spec["cols"].num);
        std::string line;
        for (std::size_t line_no = 0; std::getline(in, line); ++line_no) {
            if (line_no < skip_rows || line.empty()) continue;
            std::stringstream fields(line);
            std::string field;
            for (std::size_t f = 0; std::getline(fields, field, ','); ++f)
                if (f >= skip_cols && f < skip_cols + m.cols) m.v.push_back(std::stod(field));
            ++m.rows;
        }
        REQUIRE(m.v.size() == m.rows * m.cols);
    }
    if (spec.has("transpose") && spec["transpose"].flag) return m.transposed();
    return m;
}

Matrix input(const Json& ref) {
    if (ref["input"].kind == Json::string) return load(read_json("inputs.json")[ref["input"].str]);
    return load(ref["input"]);
}

std::string describe(const Json& ref) {
    std::ostringstream s;
    s << (ref["input"].kind == Json::string ? ref["input"].str : std::string("inline")) << " "
      << (ref.has("method") ? ref["method"].str + " " : std::string()) << ref["metric"].str;
    if (ref["metric"].str == "minkowski") s << " p=" << ref["p"].num;
    return s.str();
}

bool same_double(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0 || a == b;
}

void check_heights(double got, double want) {
    // linkage's contract: heights within 1e-12 relative (in practice they are scipy's bits).
    if (want == 0)
        CHECK(got == 0);
    else
        CHECK(std::fabs(got - want) <= 1e-12 * std::fabs(want));
}

void check_z(const std::vector<Merge>& z, const Json& want) {
    REQUIRE(z.size() == want.items.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        const std::vector<double> row = want.items[i].numbers();
        INFO("merge " << i);
        CHECK(z[i].left == static_cast<std::size_t>(row[0]));
        CHECK(z[i].right == static_cast<std::size_t>(row[1]));
        check_heights(z[i].distance, row[2]);
        CHECK(z[i].count == static_cast<std::size_t>(row[3]));
    }
}

bool z_equals(const std::vector<Merge>& z, const Json& want) {
    if (z.size() != want.items.size()) return false;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const std::vector<double> row = want.items[i].numbers();
        if (z[i].left != static_cast<std::size_t>(row[0]) ||
            z[i].right != static_cast<std::size_t>(row[1]) ||
            z[i].count != static_cast<std::size_t>(row[3]) ||
            std::fabs(z[i].distance - row[2]) > 1e-12 * std::fabs(row[2]))
            return false;
    }
    return true;
}

void check_lines(const std::vector<std::array<double, 4>>& got, const Json& want, bool heights) {
    REQUIRE(got.size() == want.items.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        const std::vector<double> w = want.items[i].numbers();
        INFO("line " << i);
        for (std::size_t k = 0; k < 4; ++k) {
            if (heights)
                check_heights(got[i][k], w[k]);
            else
                CHECK(got[i][k] == w[k]);
        }
    }
}

LinkageMethod method_of(const Json& ref) {
    return heatmap::parse_linkage_method(ref["method"].str);
}

heatmap::LinkageOptions options_of(const Json& ref) {
    heatmap::LinkageOptions o;
    o.metric = heatmap::parse_metric(ref["metric"].str);
    o.p = ref["p"].num;
    return o;
}

template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("pdist: scipy's condensed distances bit for bit, for any thread count") {
    std::size_t checked = 0;
    for (const Json& ref : read_json("pdist.json").items) {
        const Matrix m = input(ref);
        heatmap::DistanceOptions o;
        o.metric = heatmap::parse_metric(ref["metric"].str);
        o.p = ref["p"].num;
        INFO(describe(ref) << " on " << m.rows << "x" << m.cols);
        if (ref.has("not_finite")) {
            // scipy returns NaN (0/0 of an all-zero row): heatmap refuses it, naming the row.
            CHECK_THROWS_AS(heatmap::pdist(m.v.data(), m.rows, m.cols, o), std::invalid_argument);
            continue;
        }
        const std::vector<double> want = ref["y"].numbers();
        for (const unsigned threads : {1u, 2u, 5u}) {
            o.threads = threads;
            const std::vector<double> got = heatmap::pdist(m.v.data(), m.rows, m.cols, o);
            REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                INFO("entry " << i << " threads " << threads);
                CHECK(same_double(got[i], want[i]));
            }
        }
        ++checked;
    }
    CHECK(checked >= 280);
}

TEST_CASE("linkage: scipy's Z, leaves and optimal ordering, from rows and from pdist") {
    std::size_t checked = 0, ordered = 0;
    for (const Json& ref : read_json("linkage.json").items) {
        const Matrix m = input(ref);
        const LinkageMethod method = method_of(ref);
        heatmap::LinkageOptions o = options_of(ref);
        INFO(describe(ref) << " on " << m.rows << "x" << m.cols);
        if (ref.has("not_finite")) {
            CHECK_THROWS_AS(heatmap::linkage(m.v.data(), m.rows, m.cols, method, o),
                            std::invalid_argument);
            continue;
        }
        const std::vector<Merge> z = heatmap::linkage(m.v.data(), m.rows, m.cols, method, o);
        check_z(z, ref["Z"]);
        CHECK(heatmap::leaves_list(z) == ref["leaves"].indices());
        std::vector<double> y =
            heatmap::pdist(m.v.data(), m.rows, m.cols, {o.metric, o.p, o.threads});
        const std::vector<double> y_copy = y;
        check_z(heatmap::linkage(std::move(y), method), ref["Z"]);
        if (ref.has("Z_optimal")) {
            o.optimal_ordering = true;
            const std::vector<Merge> zo = heatmap::linkage(m.v.data(), m.rows, m.cols, method, o);
            check_z(zo, ref["Z_optimal"]);
            CHECK(heatmap::leaves_list(zo) == ref["leaves_optimal"].indices());
            check_z(heatmap::optimal_leaf_ordering(z, y_copy), ref["Z_optimal"]);
            check_z(heatmap::linkage(y_copy, method, true), ref["Z_optimal"]);
            ++ordered;
        }
        ++checked;
    }
    CHECK(checked > 350);
    CHECK(ordered > 150);
}

TEST_CASE("linkage: the same Z for any thread count") {
    const Json& inputs = read_json("inputs.json");
    for (const char* name : {"scaled_120x8", "iris", "ties_200x3"}) {
        const Matrix m = load(inputs[name]);
        for (const LinkageMethod method :
             {LinkageMethod::single, LinkageMethod::average, LinkageMethod::ward}) {
            heatmap::LinkageOptions o;
            o.threads = 1;
            const std::vector<Merge> one = heatmap::linkage(m.v.data(), m.rows, m.cols, method, o);
            for (const unsigned threads : {2u, 3u, 8u}) {
                o.threads = threads;
                const std::vector<Merge> many =
                    heatmap::linkage(m.v.data(), m.rows, m.cols, method, o);
                REQUIRE(many.size() == one.size());
                for (std::size_t i = 0; i < one.size(); ++i) {
                    INFO(name << " " << heatmap::to_string(method) << " threads " << threads
                              << " merge " << i);
                    CHECK(many[i].left == one[i].left);
                    CHECK(many[i].right == one[i].right);
                    CHECK(same_double(many[i].distance, one[i].distance));
                }
            }
        }
    }
}

TEST_CASE("dendrogram: scipy's leaves, icoord and dcoord") {
    std::size_t checked = 0;
    for (const Json& ref : read_json("dendrogram.json").items) {
        const Matrix m = input(ref);
        INFO(describe(ref));
        const std::vector<Merge> z =
            heatmap::linkage(m.v.data(), m.rows, m.cols, method_of(ref), options_of(ref));
        const heatmap::Dendrogram d = heatmap::dendrogram(z);
        CHECK(d.leaves == ref["leaves"].indices());
        check_lines(d.icoord, ref["icoord"], false);
        check_lines(d.dcoord, ref["dcoord"], true);
        ++checked;
    }
    CHECK(checked > 15);
}

TEST_CASE("z_score and standard_scale: seaborn's ClusterGrid values, NaN where seaborn has NaN") {
    for (const Json& ref : read_json("scaling.json").items) {
        const Matrix m = input(ref);
        for (const int axis : {0, 1}) {
            // seaborn's axis 0 scales each row, axis 1 each column.
            const heatmap::Axis a = axis == 0 ? heatmap::Axis::rows : heatmap::Axis::columns;
            const std::vector<double> z = heatmap::z_score(m.v.data(), m.rows, m.cols, a);
            const std::vector<double> s = heatmap::standard_scale(m.v.data(), m.rows, m.cols, a);
            const std::vector<double> want_z = ref["z_score_" + std::to_string(axis)].numbers();
            const std::vector<double> want_s =
                ref["standard_scale_" + std::to_string(axis)].numbers();
            REQUIRE(z.size() == want_z.size());
            for (std::size_t i = 0; i < z.size(); ++i) {
                INFO(ref["name"].str << " axis " << axis << " cell " << i);
                CHECK(same_double(z[i], want_z[i]));
                CHECK(same_double(s[i], want_s[i]));
            }
        }
    }
}

TEST_CASE("seaborn.clustermap: its scaled data, trees, leaf orders and dendrogram lines") {
    for (const Json& ref : read_json("seaborn.json").items) {
        const Matrix m = input(ref);
        INFO(ref["name"].str << " " << ref["method"].str << " " << ref["metric"].str);
        std::vector<double> data = m.v;
        if (ref["z_score"].kind == Json::number)
            data = heatmap::z_score(
                m.v.data(), m.rows, m.cols,
                ref["z_score"].num == 0 ? heatmap::Axis::rows : heatmap::Axis::columns);
        if (ref["standard_scale"].kind == Json::number)
            data = heatmap::standard_scale(
                m.v.data(), m.rows, m.cols,
                ref["standard_scale"].num == 0 ? heatmap::Axis::rows : heatmap::Axis::columns);
        const std::vector<double> want = ref["data2d"].numbers();
        REQUIRE(data.size() == want.size());
        for (std::size_t i = 0; i < data.size(); ++i) CHECK(same_double(data[i], want[i]));
        const Matrix scaled{m.rows, m.cols, data};
        // The matrix as drawn: rows and columns in dendrogram order.
        std::vector<std::size_t> row_order(m.rows), col_order(m.cols);
        std::iota(row_order.begin(), row_order.end(), std::size_t{0});
        std::iota(col_order.begin(), col_order.end(), std::size_t{0});
        for (const char* axis : {"row", "col"}) {
            const Json& tree = ref[axis];
            if (tree.kind == Json::null) continue;
            INFO(axis << " dendrogram");
            const Matrix vectors = std::string(axis) == "row" ? scaled : scaled.transposed();
            heatmap::LinkageOptions o;
            o.metric = heatmap::parse_metric(ref["metric"].str);
            const std::vector<Merge> z =
                heatmap::linkage(vectors.v.data(), vectors.rows, vectors.cols, method_of(ref), o);
            check_z(z, tree["Z"]);
            const heatmap::Dendrogram d = heatmap::dendrogram(z);
            CHECK(d.leaves == tree["reordered_ind"].indices());
            check_lines(d.icoord, tree["independent_coord"], false);
            check_lines(d.dcoord, tree["dependent_coord"], true);
            (std::string(axis) == "row" ? row_order : col_order) = d.leaves;
        }
        const std::vector<double> drawn = ref["data2d_drawn"].numbers();
        for (std::size_t r = 0; r < m.rows; ++r)
            for (std::size_t c = 0; c < m.cols; ++c)
                CHECK(
                    same_double(data[row_order[r] * m.cols + col_order[c]], drawn[r * m.cols + c]));
    }
}

TEST_CASE("fastcluster's ties: where fastcluster 1.2.3 returns another tree, ours is scipy's") {
    // fastcluster.json lists each case where fastcluster (as seaborn calls it) differs from scipy;
    // linkage.json has scipy's Z for the same input, method and metric.
    std::map<std::string, const Json*> scipy;
    for (const Json& ref : read_json("linkage.json").items)
        if (!ref.has("not_finite"))
            scipy[ref["input"].str + " " + ref["method"].str + " " + ref["metric"].str] = &ref;
    std::size_t other_trees = 0;
    for (const Json& ref : read_json("fastcluster.json").items) {
        INFO(describe(ref) << " " << ref["function"].str);
        const Json& scipy_ref =
            *scipy.at(ref["input"].str + " " + ref["method"].str + " " + ref["metric"].str);
        const Matrix m = input(ref);
        const std::vector<Merge> z =
            heatmap::linkage(m.v.data(), m.rows, m.cols, method_of(ref), options_of(ref));
        check_z(z, scipy_ref["Z"]);
        CHECK_FALSE(z_equals(z, ref["fastcluster_Z"]));
        if (!ref["same_tree"].flag) ++other_trees;
    }
    CHECK(other_trees >= 20);
}

namespace {

// A caterpillar: each merge adds the next row to everything merged so far, scipy's ids ordered as
// linkage orders them (the row, a lower id, on the left).
std::vector<Merge> caterpillar(std::size_t n) {
    std::vector<Merge> z(n - 1);
    z[0] = {0, 1, 1.0, 2};
    for (std::size_t k = 1; k + 1 < n; ++k) z[k] = {k + 1, n + k - 1, 1.0 + k, k + 2};
    return z;
}

}  // namespace

TEST_CASE("dendrogram: a 100,000-leaf caterpillar and a 131,072-leaf balanced tree, no recursion") {
    {
        const std::size_t n = 100000;
        const std::vector<Merge> z = caterpillar(n);
        const heatmap::Dendrogram d = heatmap::dendrogram(z);
        // Leaves: n-1, n-2, ..., 2, then the first pair 0, 1.
        REQUIRE(d.leaves.size() == n);
        for (std::size_t p = 0; p + 2 < n; ++p) REQUIRE(d.leaves[p] == n - 1 - p);
        CHECK(d.leaves[n - 2] == 0);
        CHECK(d.leaves[n - 1] == 1);
        CHECK(heatmap::leaves_list(z) == d.leaves);
        // Lines in post-order, deepest first, each x the middle of its children's as scipy takes it.
        REQUIRE(d.icoord.size() == n - 1);
        double centre = (10.0 * (n - 2) + 5 + 10.0 * (n - 1) + 5) / 2;
        CHECK(d.icoord[0] == std::array<double, 4>{10.0 * (n - 2) + 5, 10.0 * (n - 2) + 5,
                                                   10.0 * (n - 1) + 5, 10.0 * (n - 1) + 5});
        CHECK(d.dcoord[0] == std::array<double, 4>{0, 1, 1, 0});
        for (std::size_t k = 1; k + 1 < n; ++k) {
            const double leaf_x = 10.0 * static_cast<double>(n - 2 - k) + 5;
            REQUIRE(d.icoord[k] == std::array<double, 4>{leaf_x, leaf_x, centre, centre});
            REQUIRE(d.dcoord[k] == std::array<double, 4>{0, 1.0 + k, 1.0 + k, 1.0 * k});
            centre = (leaf_x + centre) / 2;
        }
    }
    {
        const std::size_t levels = 17, n = std::size_t{1} << levels;
        std::vector<Merge> z;
        std::size_t first = 0, width = n;
        for (std::size_t level = 0; level < levels; ++level, width /= 2) {
            for (std::size_t i = 0; i < width; i += 2)
                z.push_back({first + i, first + i + 1, 1.0 + level, std::size_t{2} << level});
            first = first == 0 ? n : first + width;
        }
        REQUIRE(z.size() == n - 1);
        const heatmap::Dendrogram d = heatmap::dendrogram(z);
        for (std::size_t p = 0; p < n; ++p) REQUIRE(d.leaves[p] == p);
        // The root's line joins the middles of the two halves: x at 5 + 10 * (n/4 - 0.5) and
        // 5 + 10 * (3n/4 - 0.5), heights 16 and 16 under 17.
        const std::array<double, 4>& root = d.icoord.back();
        CHECK(root[0] == 5 + 10 * (n / 4.0 - 0.5));
        CHECK(root[2] == 5 + 10 * (3 * n / 4.0 - 0.5));
        CHECK(d.dcoord.back() == std::array<double, 4>{16, 17, 17, 16});
        CHECK(d.icoord.front() == std::array<double, 4>{5, 5, 15, 15});
    }
}

TEST_CASE("linkage of many rows: single linkage measures as it goes, the others on tiles") {
    // 1500 rows on a lattice with repeats (many exact ties): the MST on the fly agrees with the MST
    // on pdist's matrix, and the tiled NN-chain with the condensed one, merge for merge.
    const std::size_t n = 1500, d = 3;
    std::vector<double> x(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < d; ++k) x[i * d + k] = static_cast<double>((i * (k + 7)) % 11);
    for (const LinkageMethod method :
         {LinkageMethod::single, LinkageMethod::complete, LinkageMethod::average,
          LinkageMethod::weighted, LinkageMethod::ward, LinkageMethod::centroid}) {
        INFO(heatmap::to_string(method));
        const std::vector<Merge> from_rows = heatmap::linkage(x.data(), n, d, method);
        const std::vector<Merge> from_matrix =
            heatmap::linkage(heatmap::pdist(x.data(), n, d), method);
        REQUIRE(from_rows.size() == from_matrix.size());
        for (std::size_t i = 0; i < from_rows.size(); ++i) {
            INFO("merge " << i);
            REQUIRE(from_rows[i].left == from_matrix[i].left);
            REQUIRE(from_rows[i].right == from_matrix[i].right);
            REQUIRE(same_double(from_rows[i].distance, from_matrix[i].distance));
        }
    }
}

TEST_CASE("names parse as scipy spells them") {
    CHECK(heatmap::parse_metric("cityblock") == Metric::cityblock);
    CHECK(heatmap::parse_metric("Euclidean") == Metric::euclidean);
    CHECK(heatmap::parse_metric("cb") == Metric::cityblock);
    CHECK(heatmap::parse_metric("chebychev") == Metric::chebyshev);
    CHECK(heatmap::parse_metric("sqeuclid") == Metric::sqeuclidean);
    CHECK(heatmap::parse_linkage_method("average") == LinkageMethod::average);
    CHECK(heatmap::parse_linkage_method("ward") == LinkageMethod::ward);
    for (const LinkageMethod m :
         {LinkageMethod::single, LinkageMethod::complete, LinkageMethod::average,
          LinkageMethod::weighted, LinkageMethod::centroid, LinkageMethod::median,
          LinkageMethod::ward})
        CHECK(heatmap::parse_linkage_method(heatmap::to_string(m)) == m);
    for (const Metric m : {Metric::euclidean, Metric::sqeuclidean, Metric::cityblock,
                           Metric::chebyshev, Metric::minkowski, Metric::cosine,
                           Metric::correlation, Metric::canberra, Metric::braycurtis})
        CHECK(heatmap::parse_metric(heatmap::to_string(m)) == m);
}

TEST_CASE("bad input: each error names the row or value and the fix") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    auto link = [](std::vector<double> x, std::size_t rows, std::size_t cols, LinkageMethod method,
                   heatmap::LinkageOptions o = {}) {
        return error_of([&] { heatmap::linkage(x.data(), rows, cols, method, o); });
    };
    CHECK(link({1, 2, 3, nan, 5, 6}, 3, 2, LinkageMethod::average) ==
          "linkage: row 1, column 1 is nan: distances need finite values; drop the row or fill in "
          "the value");
    CHECK(link({1, 2, -inf, 4}, 2, 2, LinkageMethod::single) ==
          "linkage: row 1, column 0 is -inf: distances need finite values; drop the row or fill in "
          "the value");
    heatmap::LinkageOptions correlation;
    correlation.metric = Metric::correlation;
    CHECK(link({1, 2, 3, 0.1, 0.1, 0.1, 3, 1, 2}, 3, 3, LinkageMethod::average, correlation) ==
          "linkage: row 1 is constant, so its correlation with other rows is undefined: remove "
          "the row, or cluster with another metric");
    heatmap::LinkageOptions cosine;
    cosine.metric = Metric::cosine;
    CHECK(link({1, 2, 0, 0, 3, 1}, 3, 2, LinkageMethod::complete, cosine) ==
          "linkage: row 1 has norm 0 (all zeros, or too small to square), so its angle to other "
          "rows is undefined: remove the row, or cluster with another metric");
    CHECK(link({1, 2, 3}, 1, 3, LinkageMethod::ward) ==
          "linkage needs at least 2 rows to compare, got 1: give a matrix of 2 or more rows");
    CHECK(error_of([] { heatmap::pdist(nullptr, 0, 4); }) ==
          "pdist needs at least 2 rows to compare, got 0: give a matrix of 2 or more rows");
    CHECK(link({1e200, 0, -1e200, 0}, 2, 2, LinkageMethod::average) ==
          "linkage: the euclidean distance between rows 0 and 1 is inf (the values are too large "
          "for it): scale the data down");
    CHECK(link({1e200, 0, 1e200, 1, -1e200, 0}, 3, 2, LinkageMethod::single) ==
          "linkage: the euclidean distance between rows 0 and 2 is inf (the values are too large "
          "for it): scale the data down");
    heatmap::LinkageOptions minkowski;
    minkowski.metric = Metric::minkowski;
    minkowski.p = 0;
    CHECK(link({1, 2, 3, 4}, 2, 2, LinkageMethod::average, minkowski) ==
          "minkowski distance: p = 0 is invalid: give p > 0 (1 cityblock, 2 euclidean, inf "
          "chebyshev)");
    minkowski.p = nan;
    CHECK(link({1, 2, 3, 4}, 2, 2, LinkageMethod::average, minkowski) ==
          "minkowski distance: p = nan is invalid: give p > 0 (1 cityblock, 2 euclidean, inf "
          "chebyshev)");
    heatmap::LinkageOptions cityblock;
    cityblock.metric = Metric::cityblock;
    CHECK(link({1, 2, 3, 4}, 2, 2, LinkageMethod::ward, cityblock) ==
          "linkage \"ward\" needs the euclidean metric, not \"cityblock\": use metric euclidean, "
          "or another method");
    CHECK(error_of([] { heatmap::parse_metric("eucliden"); }) ==
          "unknown metric \"eucliden\": did you mean \"euclidean\"? Give one of euclidean, "
          "sqeuclidean, cityblock, chebyshev, minkowski, cosine, correlation, canberra, "
          "braycurtis");
    CHECK(error_of([] { heatmap::parse_metric("hamming"); }) ==
          "unknown metric \"hamming\": Give one of euclidean, sqeuclidean, cityblock, chebyshev, "
          "minkowski, cosine, correlation, canberra, braycurtis");
    CHECK(error_of([] { heatmap::parse_linkage_method("Average"); }) ==
          "unknown linkage method \"Average\": did you mean \"average\"? Give one of single, "
          "complete, average, weighted, centroid, median, ward");
    CHECK(error_of([] {
              heatmap::linkage(std::vector<double>{1, 2}, LinkageMethod::average);
          }) ==
          "linkage: a condensed distance matrix of 2 values is impossible: it holds n(n-1)/2 "
          "values for n >= 2 rows (1, 3, 6, 10, ...); give pdist's output or the upper triangle "
          "of a square matrix, row by row");
    CHECK(error_of([] { heatmap::linkage(std::vector<double>{}, LinkageMethod::average); }) ==
          "linkage: a condensed distance matrix of 0 values is impossible: it holds n(n-1)/2 "
          "values for n >= 2 rows (1, 3, 6, 10, ...); give pdist's output or the upper triangle "
          "of a square matrix, row by row");
    CHECK(error_of([&] {
              heatmap::linkage(std::vector<double>{1, 2, 3, 4, nan, 6}, LinkageMethod::single);
          }) ==
          "linkage: the distance between rows 1 and 3 (condensed index 4) is nan: distances "
          "must be finite");
    CHECK(error_of([] {
              heatmap::linkage(std::vector<double>{1e300, 1e300, 1e300}, LinkageMethod::ward);
          }) ==
          "linkage \"ward\": a merged cluster's distance overflowed to infinity or NaN "
          "(distances near the largest double, or near 1e154 for ward, centroid and "
          "median, or a matrix that is not a metric): scale the data down");
    CHECK(error_of([] {
              heatmap::linkage(std::vector<double>{1.5e308, 1.7e308, 1.7e308},
                               LinkageMethod::weighted);
          }) ==
          "linkage \"weighted\": a merged cluster's distance overflowed to infinity or NaN "
          "(distances near the largest double, or near 1e154 for ward, centroid and "
          "median, or a matrix that is not a metric): scale the data down");
    // Linkage matrices that are not trees.
    CHECK(error_of([] { heatmap::dendrogram({}); }) ==
          "dendrogram: linkage is empty: a linkage of n rows has n - 1 merges, n >= 2");
    CHECK(error_of([] {
              heatmap::dendrogram({{0, 3, 1.0, 2}, {1, 2, 2.0, 3}});
          }) ==
          "dendrogram: linkage merge 0 joins cluster 3, which is formed only by merge 0: give a "
          "linkage matrix as linkage() returns it");
    CHECK(error_of([] {
              heatmap::leaves_list({{0, 1, 1.0, 2}, {1, 2, 2.0, 3}});
          }) ==
          "leaves_list: linkage merge 1 joins cluster 1, already joined by an earlier merge: give "
          "a linkage matrix as linkage() returns it");
    CHECK(error_of([] {
              heatmap::dendrogram({{0, 1, 1.0, 2}, {2, 3, 2.0, 4}});
          }) ==
          "dendrogram: linkage merge 1 says 4 rows, but its clusters hold 3: give a linkage "
          "matrix as linkage() returns it");
    CHECK(error_of([] {
              heatmap::dendrogram({{0, 7, 1.0, 2}});
          }) ==
          "dendrogram: linkage merge 0 joins cluster 7, which does not exist: give a linkage "
          "matrix as linkage() returns it");
    CHECK(error_of([] {
              heatmap::optimal_leaf_ordering({{0, 1, 1.0, 2}, {2, 3, 2.0, 3}},
                                             std::vector<double>{1, 2});
          }) ==
          "optimal_leaf_ordering: the linkage has 3 rows, so the condensed distance matrix "
          "needs 3 values, not 2: give the distances the linkage was made from");
    CHECK(error_of([] { heatmap::z_score(nullptr, 0, 3, heatmap::Axis::rows); }) ==
          "z_score: empty matrix: give at least one row and one column");
}
