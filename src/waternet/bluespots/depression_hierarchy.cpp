// The depression hierarchy and Fill–Spill–Merge. See depression_hierarchy.hpp for what and why; here is how.
#include "waternet/bluespots/depression_hierarchy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "waternet/bluespots/spots.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

// Neighbour codes as in flow_directions.hpp: 1 E, 2 SE, 3 S, 4 SW, 5 W, 6 NW, 7 N, 8 NE.
constexpr int kDr[9] = {0, 0, 1, 1, 1, 0, -1, -1, -1};
constexpr int kDc[9] = {0, 1, 1, 0, -1, -1, -1, 0, 1};
constexpr double kInvSqrt2 = 0.70710678118654752440;

constexpr std::int32_t kUnknown = -2;

// A hash table of label pairs → the lowest saddle between them (open addressing, linear probing).
class OutletTable {
public:
    struct Entry {
        std::uint64_t key;  // (low label << 32) | high label; kEmpty = unused
        float level;
        std::uint32_t cell;
    };
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

    OutletTable() {
        slots_.assign(1 << 12, Entry{kEmpty, 0.0f, 0});
        mask_ = slots_.size() - 1;
    }

    void offer(std::int32_t a, std::int32_t b, float level, std::uint32_t cell) {
        if (a > b) std::swap(a, b);
        const std::uint64_t key =
            (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
        if (key == last_key_) {  // runs along a boundary repeat the same pair
            Entry& e = slots_[last_slot_];
            if (level < e.level || (level == e.level && cell < e.cell)) {
                e.level = level;
                e.cell = cell;
            }
            return;
        }
        std::size_t i = hash(key) & mask_;
        while (true) {
            Entry& e = slots_[i];
            if (e.key == key) {
                if (level < e.level || (level == e.level && cell < e.cell)) {
                    e.level = level;
                    e.cell = cell;
                }
                break;
            }
            if (e.key == kEmpty) {
                e = Entry{key, level, cell};
                if (++size_ * 2 > slots_.size()) {
                    grow();
                    last_key_ = kEmpty;
                    return;
                }
                break;
            }
            i = (i + 1) & mask_;
        }
        last_key_ = key;
        last_slot_ = i;
    }
    std::vector<Entry> take() {
        std::vector<Entry> out;
        out.reserve(size_);
        for (const Entry& e : slots_)
            if (e.key != kEmpty) out.push_back(e);
        slots_ = {};
        return out;
    }

private:
    static std::uint64_t hash(std::uint64_t k) {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        return k;
    }
    void grow() {
        std::vector<Entry> old = std::move(slots_);
        slots_.assign(old.size() * 2, Entry{kEmpty, 0.0f, 0});
        mask_ = slots_.size() - 1;
        for (const Entry& e : old) {
            if (e.key == kEmpty) continue;
            std::size_t i = hash(e.key) & mask_;
            while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
            slots_[i] = e;
        }
    }
    std::vector<Entry> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::uint64_t last_key_ = kEmpty;
    std::size_t last_slot_ = 0;
};

std::int32_t find_root(std::vector<std::int32_t>& up, std::int32_t x) {
    std::int32_t root = x;
    while (up[static_cast<std::size_t>(root)] != root) root = up[static_cast<std::size_t>(root)];
    while (up[static_cast<std::size_t>(x)] != root) {
        const std::int32_t next = up[static_cast<std::size_t>(x)];
        up[static_cast<std::size_t>(x)] = root;
        x = next;
    }
    return root;
}

// Breadth first from `seed` over its 8-connected valid neighbours, and theirs, that `take(j, k)` accepts (and marks,
// so that no cell is taken twice); k is the direction from the cell being expanded to j.
template <class Take>
void breadth_first(GridView<const float> dem, index_t seed, std::vector<std::uint32_t>& queue, Take take) {
    const index_t rows = dem.rows(), cols = dem.cols();
    queue.clear();
    queue.push_back(static_cast<std::uint32_t>(seed));
    for (std::size_t q = 0; q < queue.size(); ++q) {
        const index_t ci = queue[q], cr = ci / cols, cc0 = ci % cols;
        for (int k = 1; k <= 8; ++k) {
            const index_t rr = cr + kDr[k], cc = cc0 + kDc[k];
            if (rr < 0 || rr >= rows || cc < 0 || cc >= cols || std::isnan(dem(rr, cc))) continue;
            const index_t j = rr * cols + cc;
            if (take(j, k)) queue.push_back(static_cast<std::uint32_t>(j));
        }
    }
}

// The working state of the construction: per cell the descent code (0 = no lower neighbour) and whether it is an
// outlet (on the grid's edge or next to no data).
struct Descent {
    std::vector<std::uint8_t> down;
    std::vector<std::uint8_t> outlet;
};

// 1. Steepest descent code of every valid cell; outlet cells with no way down drain out of the model: label 0.
Descent steepest_descent(GridView<const float> dem, std::int32_t* label) {
    const index_t rows = dem.rows(), cols = dem.cols();
    auto valid = [&](index_t r, index_t c) {
        return r >= 0 && r < rows && c >= 0 && c < cols && !std::isnan(dem(r, c));
    };
    Descent d{std::vector<std::uint8_t>(static_cast<std::size_t>(rows * cols), 0),
              std::vector<std::uint8_t>(static_cast<std::size_t>(rows * cols), 0)};
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const index_t i = r * cols + c;
            const float z = dem(r, c);
            if (std::isnan(z)) {
                label[i] = kOcean;
                continue;
            }
            if (std::isinf(z))
                throw InputError("depression hierarchy: the DEM has an infinite elevation at row " + std::to_string(r) +
                                 ", column " + std::to_string(c));
            double best = 0.0;
            std::uint8_t code = 0;
            bool edge = false;
            for (int k = 1; k <= 8; ++k) {
                const index_t rr = r + kDr[k], cc = c + kDc[k];
                if (!valid(rr, cc)) {
                    edge = true;
                    continue;
                }
                const double drop = (static_cast<double>(z) - dem(rr, cc)) * ((k & 1) ? 1.0 : kInvSqrt2);
                if (drop > best) {
                    best = drop;
                    code = static_cast<std::uint8_t>(k);
                }
            }
            d.down[static_cast<std::size_t>(i)] = code;
            d.outlet[static_cast<std::size_t>(i)] = edge ? 1 : 0;
            if (code == 0 && edge) label[i] = kOcean;
        }
    return d;
}

// 2. Flats: an interior cell with no lower neighbour next to a cell of its elevation that drains (has a way down,
//    or is an outlet) drains through it; breadth first over the flat.
void drain_flats(GridView<const float> dem, const std::int32_t* label, std::vector<std::uint8_t>& down,
                 std::vector<std::uint32_t>& queue) {
    const index_t cols = dem.cols(), n = dem.rows() * cols;
    for (index_t i = 0; i < n; ++i) {
        const auto si = static_cast<std::size_t>(i);
        if (down[si] != 0 || label[i] != kUnknown) continue;  // drains, is an outlet, or no data
        const index_t r = i / cols, c = i % cols;
        const float z = dem(r, c);
        std::uint8_t code = 0;
        for (int k = 1; k <= 8 && code == 0; ++k) {
            const index_t rr = r + kDr[k], cc = c + kDc[k];  // interior: always on the grid
            const index_t j = rr * cols + cc;
            if (dem(rr, cc) == z && (down[static_cast<std::size_t>(j)] != 0 || label[j] == kOcean))
                code = static_cast<std::uint8_t>(k);
        }
        if (code == 0) continue;
        down[si] = code;
        breadth_first(dem, i, queue, [&](index_t j, int k) {
            const auto sj = static_cast<std::size_t>(j);
            if (down[sj] != 0 || label[j] != kUnknown || dem(j / cols, j % cols) != z) return false;
            down[sj] = static_cast<std::uint8_t>((k + 3) % 8 + 1);  // back to the cell that reached it
            return true;
        });
    }
}

// 2b. Pits: connected flats (or single cells) with no way down, one leaf each (after the ocean, depression 0).
void add_pits(GridView<const float> dem, const std::vector<std::uint8_t>& down, DepressionHierarchy& h,
              std::vector<std::uint32_t>& queue) {
    const index_t cols = dem.cols(), n = dem.rows() * cols;
    std::int32_t* label = h.label.data();
    h.depressions.emplace_back();  // the ocean
    for (index_t i = 0; i < n; ++i) {
        if (down[static_cast<std::size_t>(i)] != 0 || label[i] != kUnknown) continue;
        if (h.depressions.size() >= (std::size_t{1} << 30))
            throw InputError("depression hierarchy: more than 2^30 pits");
        const auto id = static_cast<std::int32_t>(h.depressions.size());
        Depression d;
        d.pit_cell = static_cast<std::uint32_t>(i);
        d.pit_m = dem(i / cols, i % cols);
        h.depressions.push_back(d);
        label[i] = id;
        breadth_first(dem, i, queue, [&](index_t j, int) {
            if (label[j] != kUnknown || down[static_cast<std::size_t>(j)] != 0 || dem(j / cols, j % cols) != d.pit_m)
                return false;
            label[j] = id;
            return true;
        });
    }
    h.leaf_count = static_cast<std::int32_t>(h.depressions.size() - 1);
}

// 3. Labels: follow the descent to a labelled cell, then label the path.
void label_by_descent(const std::vector<std::uint8_t>& down, index_t cols, std::int32_t* label, index_t n) {
    std::vector<std::uint32_t> path;
    for (index_t i = 0; i < n; ++i) {
        if (label[i] != kUnknown) continue;
        index_t j = i;
        while (label[j] == kUnknown) {
            path.push_back(static_cast<std::uint32_t>(j));
            const std::uint8_t k = down[static_cast<std::size_t>(j)];
            j = (j / cols + kDr[k]) * cols + (j % cols + kDc[k]);
        }
        const std::int32_t l = label[j];
        for (const std::uint32_t p : path) label[p] = l;
        path.clear();
    }
}

// 4. Outlets: the lowest saddle of every pair of neighbouring labels, and of every label to the ocean, in rising
//    order (ties by label pair, so the hierarchy does not depend on the hash table's layout).
std::vector<OutletTable::Entry> lowest_outlets(GridView<const float> dem, const std::int32_t* label,
                                               const std::vector<std::uint8_t>& outlet) {
    const index_t rows = dem.rows(), cols = dem.cols();
    OutletTable table;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const index_t i = r * cols + c;
            const float z = dem(r, c);
            if (std::isnan(z)) continue;
            const std::int32_t a = label[i];
            if (a != kOcean && outlet[static_cast<std::size_t>(i)])
                table.offer(a, kOcean, z, static_cast<std::uint32_t>(i));
            for (int k = 1; k <= 4; ++k) {  // E, SE, S, SW: every neighbouring pair once
                const index_t rr = r + kDr[k], cc = c + kDc[k];
                if (rr >= rows || cc < 0 || cc >= cols) continue;
                const index_t j = rr * cols + cc;
                const std::int32_t b = label[j];
                if (b == a) continue;
                const float zj = dem(rr, cc);
                if (std::isnan(zj)) continue;
                if (zj > z)
                    table.offer(a, b, zj, static_cast<std::uint32_t>(j));
                else
                    table.offer(a, b, z, static_cast<std::uint32_t>(i));
            }
        }
    std::vector<OutletTable::Entry> outlets = table.take();
    std::sort(outlets.begin(), outlets.end(), [](const OutletTable::Entry& x, const OutletTable::Entry& y) {
        return x.level < y.level || (x.level == y.level && x.key < y.key);
    });
    return outlets;
}

// 5. Merge in rising order of outlets (union–find over depressions; the ocean is 0): two depressions meeting at an
//    outlet become the children of a new one; a depression meeting the ocean spills out of the model.
void merge_at_outlets(const std::vector<OutletTable::Entry>& outlets, DepressionHierarchy& h) {
    std::vector<std::int32_t> up(h.depressions.size());
    for (std::size_t k = 0; k < up.size(); ++k) up[k] = static_cast<std::int32_t>(k);
    h.depressions.reserve(2 * h.depressions.size());
    for (const OutletTable::Entry& o : outlets) {
        const auto a = static_cast<std::int32_t>(o.key >> 32), b = static_cast<std::int32_t>(o.key & 0xffffffffu);
        std::int32_t ra = find_root(up, a), rb = find_root(up, b);
        if (ra == rb) continue;
        const std::int32_t ocean = find_root(up, kOcean);
        if (ra == ocean || rb == ocean) {
            const bool a_side_ocean = ra == ocean;
            const std::int32_t dep = a_side_ocean ? rb : ra;
            Depression& d = h.depressions[static_cast<std::size_t>(dep)];
            d.spill_m = o.level;
            d.outlet_cell = o.cell;
            d.geolink = a_side_ocean ? a : b;
            h.top_order.push_back(dep);
            up[static_cast<std::size_t>(dep)] = ocean;
            continue;
        }
        const auto id = static_cast<std::int32_t>(h.depressions.size());
        Depression m;
        m.left = ra;
        m.right = rb;
        const Depression& da = h.depressions[static_cast<std::size_t>(ra)];
        const Depression& db = h.depressions[static_cast<std::size_t>(rb)];
        const bool a_lower = da.pit_m < db.pit_m || (da.pit_m == db.pit_m && da.pit_cell < db.pit_cell);
        m.pit_m = a_lower ? da.pit_m : db.pit_m;
        m.pit_cell = a_lower ? da.pit_cell : db.pit_cell;
        h.depressions.push_back(m);
        for (const auto& [child, link] : {std::pair{ra, b}, std::pair{rb, a}}) {
            Depression& d = h.depressions[static_cast<std::size_t>(child)];
            d.parent = id;
            d.spill_m = o.level;
            d.outlet_cell = o.cell;
            d.geolink = link;
        }
        up.push_back(id);
        up[static_cast<std::size_t>(ra)] = id;
        up[static_cast<std::size_t>(rb)] = id;
    }
    for (std::size_t k = 1; k < h.depressions.size(); ++k)
        if (h.depressions[k].parent == kNoDepression &&
            find_root(up, static_cast<std::int32_t>(k)) != find_root(up, kOcean))
            throw std::logic_error("depression hierarchy: a depression never reached an outlet");
}

// 6. Volumes: each cell counts in the lowest depression above its leaf whose spill level is above the cell; then
//    children are added into their parents (a parent's id is above its children's).
void add_volumes(GridView<const float> dem, DepressionHierarchy& h) {
    const index_t cols = dem.cols(), n = dem.rows() * cols;
    const std::int32_t* label = h.label.data();
    std::vector<double> sum_z(h.depressions.size(), 0.0);
    std::vector<float> top_spill(h.depressions.size(), 0.0f);  // spill levels rise upwards: the top's is the highest
    for (std::size_t k = h.depressions.size(); k-- > 1;) {
        const Depression& d = h.depressions[k];
        top_spill[k] = d.parent == kNoDepression ? d.spill_m : top_spill[static_cast<std::size_t>(d.parent)];
    }
    for (index_t i = 0; i < n; ++i) {
        std::int32_t d = label[i];
        if (d == kOcean) continue;
        const float z = dem(i / cols, i % cols);
        if (!(z < top_spill[static_cast<std::size_t>(d)])) continue;  // above every lake of its leaf
        while (d != kNoDepression && !(h.depressions[static_cast<std::size_t>(d)].spill_m > z))
            d = h.depressions[static_cast<std::size_t>(d)].parent;
        if (d == kNoDepression) continue;
        ++h.depressions[static_cast<std::size_t>(d)].cells;
        sum_z[static_cast<std::size_t>(d)] += z;
    }
    const double area = h.cell_area_m2();
    for (std::size_t k = 1; k < h.depressions.size(); ++k) {
        Depression& d = h.depressions[k];
        d.volume_m3 = std::max(0.0, (static_cast<double>(d.cells) * d.spill_m - sum_z[k]) * area);
        if (d.parent != kNoDepression) {
            h.depressions[static_cast<std::size_t>(d.parent)].cells += d.cells;
            sum_z[static_cast<std::size_t>(d.parent)] += sum_z[k];
        }
    }
}

}  // namespace

DepressionHierarchy depression_hierarchy(GridView<const float> dem, double cell_size_m) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("depression hierarchy: the cell size must be a positive number");
    const index_t rows = dem.rows(), cols = dem.cols(), n = rows * cols;
    if (n > static_cast<index_t>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError("depression hierarchy: the DEM has more than 2^32 - 1 cells");
    DepressionHierarchy h;
    h.cell_size_m = cell_size_m;
    h.label = Grid<std::int32_t>(rows, cols, kUnknown);
    Descent descent = steepest_descent(dem, h.label.data());
    {
        std::vector<std::uint32_t> queue;
        drain_flats(dem, h.label.data(), descent.down, queue);
        add_pits(dem, descent.down, h, queue);
    }
    label_by_descent(descent.down, cols, h.label.data(), n);
    descent.down = {};
    const std::vector<OutletTable::Entry> outlets = lowest_outlets(dem, h.label.data(), descent.outlet);
    descent.outlet = {};
    merge_at_outlets(outlets, h);
    add_volumes(dem, h);
    return h;
}

Grid<float> hierarchy_filled(GridView<const float> dem, const DepressionHierarchy& h) {
    if (dem.rows() != h.label.rows() || dem.cols() != h.label.cols())
        throw std::invalid_argument("hierarchy_filled: shapes differ");
    // Spill level of each leaf's top-level depression.
    std::vector<float> top_level(h.depressions.size(), -std::numeric_limits<float>::infinity());
    for (std::size_t k = h.depressions.size(); k-- > 1;) {
        const Depression& d = h.depressions[k];
        top_level[k] = d.parent == kNoDepression ? d.spill_m : top_level[static_cast<std::size_t>(d.parent)];
    }
    Grid<float> out(dem.rows(), dem.cols());
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const float z = dem(r, c);
            const std::int32_t l = h.label(r, c);
            out(r, c) = (std::isnan(z) || l == kOcean) ? z : std::max(z, top_level[static_cast<std::size_t>(l)]);
        }
    return out;
}

namespace {

// 1. Runoff into the leaves (runoff on cells that drain out of the model is booked apart).
template <class RunoffAt>
void collect_runoff(GridView<const float> dem, const DepressionHierarchy& h, RunoffAt runoff_at, FsmResult& res) {
    const index_t rows = dem.rows(), cols = dem.cols();
    const double area = h.cell_area_m2();
    for (index_t r = 0; r < rows; ++r) {
        const std::int32_t* lab = h.label.data() + r * cols;
        for (index_t c = 0; c < cols; ++c) {
            if (std::isnan(dem(r, c))) continue;
            const double v = runoff_at(r, c) * area;
            res.total_runoff_m3 += v;
            if (lab[c] == kOcean)
                res.runoff_to_outlets_m3 += v;
            else
                res.runoff_m3[static_cast<std::size_t>(lab[c])] += v;
        }
    }
}

// 2. Routing: trees upstream first; inside a tree children before parents. The water each depression holds and
//    passes on is kept in the result (water_m3, full, overflow_m3, inflow_m3).
class FsmRouter {
public:
    FsmRouter(const DepressionHierarchy& h, FsmResult& res)
        : h_(h),
          dep_(h.depressions),
          res_(res),
          held_(res.water_m3),
          full_(res.full),
          own_(dep_.size(), 0.0),
          excess_(dep_.size(), 0.0) {
        // Own capacity: a leaf's volume; a merged depression's volume above its children's.
        for (std::size_t k = 1; k < dep_.size(); ++k) {
            const Depression& d = dep_[k];
            own_[k] = d.is_leaf() ? d.volume_m3
                                  : std::max(0.0, d.volume_m3 - dep_[static_cast<std::size_t>(d.left)].volume_m3 -
                                                      dep_[static_cast<std::size_t>(d.right)].volume_m3);
        }
    }

    void route_all() {
        for (auto it = h_.top_order.rbegin(); it != h_.top_order.rend(); ++it) route_tree(*it);
        for (std::size_t k = 1; k < dep_.size(); ++k) res_.stored_m3 += held_[k];
    }

private:
    // Children before parents (iterative post-order); then the tree's overflow goes to the leaf across its outlet
    // (a tree routed later), or out of the model.
    void route_tree(std::int32_t top) {
        stack_.clear();
        stack_.emplace_back(top, false);
        while (!stack_.empty()) {
            auto [x, expanded] = stack_.back();
            const Depression& d = dep_[static_cast<std::size_t>(x)];
            if (!expanded && !d.is_leaf()) {
                stack_.back().second = true;
                stack_.emplace_back(d.left, false);
                stack_.emplace_back(d.right, false);
                continue;
            }
            stack_.pop_back();
            settle(x);
        }
        const double out = excess_[static_cast<std::size_t>(top)];
        const std::int32_t link = dep_[static_cast<std::size_t>(top)].geolink;
        if (out > 0.0) {
            if (link == kOcean)
                res_.overflow_out_m3 += out;
            else
                res_.inflow_m3[static_cast<std::size_t>(link)] += out;
        }
    }

    // A node whose children are settled: it takes what reaches it up to its own capacity and passes the rest up.
    void settle(std::int32_t x) {
        const auto sx = static_cast<std::size_t>(x);
        const Depression& d = dep_[sx];
        double w = 0.0;
        if (d.is_leaf()) {
            w = res_.runoff_m3[sx] + res_.inflow_m3[sx];
        } else {
            const auto l = static_cast<std::size_t>(d.left), r = static_cast<std::size_t>(d.right);
            double el = excess_[l], er = excess_[r];
            // A full child overflows across the saddle into its sibling while that has room.
            if (el > 0.0 && !full_[r]) {
                er += pour(el, dep_[l].geolink, d.right);
                el = 0.0;
            } else if (er > 0.0 && !full_[l]) {
                el += pour(er, dep_[r].geolink, d.left);
                er = 0.0;
            }
            if (!(full_[l] && full_[r])) {
                excess_[sx] = 0.0;
                return;
            }
            w = el + er;  // both full: the rest fills the merged lake
        }
        const double take = std::min(w, own_[sx]);
        held_[sx] = take;
        if (w >= own_[sx]) full_[sx] = 1;
        excess_[sx] = w - take;
        res_.overflow_m3[sx] += excess_[sx];
    }

    // Pours `w` into leaf `x` inside the subtree of `limit` (whose other nodes are already settled); returns what
    // overflows `limit`. A full node sends water across its saddle into its sibling (at the geolink leaf) while
    // the sibling has room, then into its parent's own part.
    double pour(double w, std::int32_t x, std::int32_t limit) {
        limits_.clear();
        while (true) {
            const auto sx = static_cast<std::size_t>(x);
            if (!full_[sx]) {
                const double room = own_[sx] - held_[sx];
                if (w < room) {
                    held_[sx] += w;
                    return 0.0;
                }
                held_[sx] = own_[sx];
                full_[sx] = 1;
                w -= room;
                if (!(w > 0.0)) return 0.0;
            }
            res_.overflow_m3[sx] += w;
            if (x == limit) {
                if (limits_.empty()) return w;
                limit = limits_.back();
                limits_.pop_back();
                x = dep_[sx].parent;
                continue;
            }
            const std::int32_t s = h_.sibling(x);
            if (!full_[static_cast<std::size_t>(s)]) {
                limits_.push_back(limit);
                limit = s;
                x = dep_[sx].geolink;
                continue;
            }
            x = dep_[sx].parent;
        }
    }

    const DepressionHierarchy& h_;
    const std::vector<Depression>& dep_;
    FsmResult& res_;
    std::vector<double>& held_;
    std::vector<std::uint8_t>& full_;
    std::vector<double> own_;
    std::vector<double> excess_;  // what a depression passed up (its overflow once it and its sibling are full)
    std::vector<std::int32_t> limits_;
    std::vector<std::pair<std::int32_t, bool>> stack_;
};

// 3a. The highest wet depression above each node (kNoDepression: none); it decides the node's level. Full ones
//     stand at their spill level.
std::vector<std::int32_t> highest_wet(const DepressionHierarchy& h, FsmResult& res) {
    const std::size_t count = h.depressions.size();
    std::vector<std::int32_t> act(count, kNoDepression);
    for (std::size_t k = count; k-- > 1;) {
        const Depression& d = h.depressions[k];
        const std::int32_t above = d.parent == kNoDepression ? kNoDepression : act[static_cast<std::size_t>(d.parent)];
        const bool wet = res.full[k] || res.water_m3[k] > 0.0;
        act[k] = above != kNoDepression ? above : (wet ? static_cast<std::int32_t>(k) : kNoDepression);
        if (res.full[k]) res.level_m[k] = d.spill_m;
    }
    return act;
}

// 3b. Partly filled lakes get the level of their stage–volume curve, from the ground elevations of their cells
//     (gathered by a counting sort by lake).
void partial_lake_levels(GridView<const float> dem, const DepressionHierarchy& h, const std::vector<std::int32_t>& act,
                         FsmResult& res) {
    const std::vector<Depression>& dep = h.depressions;
    const std::size_t count = dep.size();
    std::vector<std::uint32_t> slot(count, 0);
    std::vector<std::int32_t> partial;
    for (std::size_t k = 1; k < count; ++k)
        if (act[k] == static_cast<std::int32_t>(k) && !res.full[k]) {
            slot[k] = static_cast<std::uint32_t>(partial.size());
            partial.push_back(static_cast<std::int32_t>(k));
        }
    if (partial.empty()) return;
    auto lake_of = [&](index_t r, index_t c) -> std::int32_t {
        const std::int32_t l = h.label(r, c);
        if (l == kOcean) return kNoDepression;
        const std::int32_t a = act[static_cast<std::size_t>(l)];
        if (a == kNoDepression || res.full[static_cast<std::size_t>(a)]) return kNoDepression;
        if (!(dem(r, c) < dep[static_cast<std::size_t>(a)].spill_m)) return kNoDepression;
        return a;
    };
    std::vector<std::size_t> start(partial.size() + 1, 0);
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const std::int32_t a = lake_of(r, c);
            if (a != kNoDepression) ++start[slot[static_cast<std::size_t>(a)] + 1];
        }
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    std::vector<float> ground(start.back());
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const std::int32_t a = lake_of(r, c);
            if (a != kNoDepression) ground[fill[slot[static_cast<std::size_t>(a)]]++] = dem(r, c);
        }
    for (std::size_t p = 0; p < partial.size(); ++p) {
        const auto k = static_cast<std::size_t>(partial[p]);
        const Depression& d = dep[k];
        double water = res.water_m3[k];
        if (!d.is_leaf())
            water += dep[static_cast<std::size_t>(d.left)].volume_m3 + dep[static_cast<std::size_t>(d.right)].volume_m3;
        const StageVolumeCurve curve(std::vector<float>(ground.begin() + static_cast<std::ptrdiff_t>(start[p]),
                                                        ground.begin() + static_cast<std::ptrdiff_t>(start[p + 1])),
                                     h.cell_area_m2());
        res.level_m[k] = std::min(curve.level_for(water), static_cast<double>(d.spill_m));
    }
}

// 4. Depths: the level of the highest wet depression above the cell's leaf.
void leaf_depths(GridView<const float> dem, const DepressionHierarchy& h, const std::vector<std::int32_t>& act,
                 FsmResult& res) {
    std::vector<double>& leaf_level = res.leaf_level_m;
    leaf_level.assign(static_cast<std::size_t>(h.leaf_count) + 1, std::numeric_limits<double>::quiet_NaN());
    for (std::int32_t l = 1; l <= h.leaf_count; ++l) {
        const std::int32_t a = act[static_cast<std::size_t>(l)];
        if (a != kNoDepression) leaf_level[static_cast<std::size_t>(l)] = res.level_m[static_cast<std::size_t>(a)];
    }
    res.depth_m = Grid<float>(dem.rows(), dem.cols(), 0.0f);
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const float z = dem(r, c);
            if (std::isnan(z)) {
                res.depth_m(r, c) = std::numeric_limits<float>::quiet_NaN();
                continue;
            }
            const std::int32_t l = h.label(r, c);
            if (l == kOcean) continue;
            const double level = leaf_level[static_cast<std::size_t>(l)];
            if (level > z) res.depth_m(r, c) = static_cast<float>(level - z);
        }
}

template <class RunoffAt>
FsmResult fsm_impl(GridView<const float> dem, const DepressionHierarchy& h, RunoffAt runoff_at) {
    if (dem.rows() != h.label.rows() || dem.cols() != h.label.cols())
        throw std::invalid_argument("fill_spill_merge: shapes of the DEM and the hierarchy differ");
    const std::size_t count = h.depressions.size();
    FsmResult res;
    res.runoff_m3.assign(count, 0.0);
    res.inflow_m3.assign(count, 0.0);
    res.water_m3.assign(count, 0.0);
    res.overflow_m3.assign(count, 0.0);
    res.full.assign(count, 0);
    res.level_m.assign(count, std::numeric_limits<double>::quiet_NaN());
    collect_runoff(dem, h, runoff_at, res);
    FsmRouter(h, res).route_all();
    const std::vector<std::int32_t> act = highest_wet(h, res);
    partial_lake_levels(dem, h, act, res);
    leaf_depths(dem, h, act, res);
    return res;
}

}  // namespace

FsmResult fill_spill_merge(GridView<const float> dem, const DepressionHierarchy& h, double runoff_m) {
    if (!(runoff_m >= 0.0) || !std::isfinite(runoff_m))
        throw InputError("fill-spill-merge: the runoff depth must be a finite number >= 0 (got " +
                         std::to_string(runoff_m) + ")");
    return fsm_impl(dem, h, [runoff_m](index_t, index_t) { return runoff_m; });
}

FsmResult fill_spill_merge(GridView<const float> dem, const DepressionHierarchy& h, GridView<const float> runoff_m) {
    if (dem.rows() != runoff_m.rows() || dem.cols() != runoff_m.cols())
        throw std::invalid_argument("fill_spill_merge: shapes of the DEM and the runoff differ");
    for (index_t r = 0; r < runoff_m.rows(); ++r)
        for (index_t c = 0; c < runoff_m.cols(); ++c) {
            const float v = runoff_m(r, c);
            if (v < 0.0f || std::isinf(v))
                throw InputError("fill-spill-merge: runoff depths must be finite and >= 0 (cell " + std::to_string(r) +
                                 ", " + std::to_string(c) + ")");
        }
    return fsm_impl(dem, h, [runoff_m](index_t r, index_t c) {
        const float v = runoff_m(r, c);
        return std::isnan(v) ? 0.0 : static_cast<double>(v);
    });
}

FillSpillResult spot_fill_from_fsm(GridView<const float> dem, const BlueSpotMap& map, const DepressionHierarchy& h,
                                   FsmResult&& fsm) {
    if (dem.rows() != map.spot_id.rows() || dem.cols() != map.spot_id.cols() || dem.rows() != h.label.rows() ||
        dem.cols() != h.label.cols())
        throw std::invalid_argument("fill_spill_merge: shapes of the DEM, the spots and the hierarchy differ");
    const std::size_t count = map.spots.size();
    const double area = h.cell_area_m2();
    FillSpillResult out;
    out.spots.assign(count, SpotFill{});
    out.total_runoff_m3 = fsm.total_runoff_m3;
    out.stored_m3 = fsm.stored_m3;
    out.runoff_outside_spots_m3 = fsm.runoff_to_outlets_m3;
    out.overflow_out_m3 = fsm.overflow_out_m3;
    // Water on each spot's cells, and its highest level.
    std::vector<double> on_cells(count, 0.0);
    std::vector<double> level(count, -std::numeric_limits<double>::infinity());
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const std::int32_t id = map.spot_id(r, c), l = h.label(r, c);
            if (id == 0 || l == kOcean) continue;
            const double lv = fsm.leaf_level_m[static_cast<std::size_t>(l)];
            const double z = dem(r, c);
            if (!(lv > z)) continue;
            const auto k = static_cast<std::size_t>(id - 1);
            on_cells[k] += (lv - z) * area;
            level[k] = std::max(level[k], lv);
        }
    // Top-level depressions to the spot holding their lowest cell; sums over their subtrees.
    std::vector<std::uint8_t> owns(count, 0);
    const auto cols = dem.cols();
    std::vector<std::int32_t> owner(h.depressions.size(), 0);
    for (const std::int32_t top : h.top_order) {
        const Depression& d = h.depressions[static_cast<std::size_t>(top)];
        const std::int32_t id = map.spot_id(d.pit_cell / cols, d.pit_cell % cols);
        owner[static_cast<std::size_t>(top)] = id;
        if (id == 0) continue;
        SpotFill& f = out.spots[static_cast<std::size_t>(id - 1)];
        owns[static_cast<std::size_t>(id - 1)] = 1;
        f.overflow_m3 += fsm.overflow_m3[static_cast<std::size_t>(top)] > 0.0 && fsm.full[static_cast<std::size_t>(top)]
                             ? fsm.overflow_m3[static_cast<std::size_t>(top)]
                             : 0.0;
    }
    for (std::size_t k = h.depressions.size(); k-- > 1;) {  // parents before children
        const Depression& d = h.depressions[k];
        if (d.parent != kNoDepression) owner[k] = owner[static_cast<std::size_t>(d.parent)];
        const std::int32_t id = owner[k];
        if (id == 0) continue;
        SpotFill& f = out.spots[static_cast<std::size_t>(id - 1)];
        f.stored_m3 += fsm.water_m3[k];
        if (d.is_leaf()) {
            f.catchment_runoff_m3 += fsm.runoff_m3[k];
            f.upstream_inflow_m3 += fsm.inflow_m3[k];
        }
    }
    for (std::size_t k = 0; k < count; ++k) {
        const BlueSpot& s = map.spots[k];
        SpotFill& f = out.spots[k];
        if (!owns[k]) {
            f.stored_m3 = on_cells[k];
            f.upstream_inflow_m3 = on_cells[k];
        }
        f.inflow_m3 = f.catchment_runoff_m3 + f.upstream_inflow_m3;
        f.level_m = std::isfinite(level[k]) ? level[k] : std::numeric_limits<double>::quiet_NaN();
        const bool is_full = f.level_m >= s.spill_level_m;
        f.fill_fraction = is_full ? 1.0 : (s.volume_m3 > 0.0 ? std::min(1.0, on_cells[k] / s.volume_m3) : 0.0);
        if (is_full) ++out.full_spots;
    }
    out.depth_m = std::move(fsm.depth_m);
    return out;
}

FillSpillResult fill_spill_merge(GridView<const float> dem, const BlueSpotMap& map, double runoff_m) {
    const DepressionHierarchy h = depression_hierarchy(dem, map.cell_size_m);
    return spot_fill_from_fsm(dem, map, h, fill_spill_merge(dem, h, runoff_m));
}

FillSpillResult fill_spill_merge(GridView<const float> dem, const BlueSpotMap& map, GridView<const float> runoff_m) {
    const DepressionHierarchy h = depression_hierarchy(dem, map.cell_size_m);
    return spot_fill_from_fsm(dem, map, h, fill_spill_merge(dem, h, runoff_m));
}

}  // namespace wn::bluespots
