// Subgrid tables (subgrid_tables.hpp has the method and its sources).
#include "waternet/hydro/subgrid_tables.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "waternet/core/error.hpp"
#include "waternet/hydro/local_inertial.hpp"

namespace wn::subgrid {
namespace {

constexpr float kNoFlow = std::numeric_limits<float>::infinity();  // crest of a pixel water cannot pass
using detail::five_thirds;
using detail::kLevelScale;
using detail::kWetScale;

std::uint16_t quantise16(double fraction) {
    return static_cast<std::uint16_t>(std::lround(std::clamp(fraction, 0.0, 1.0) * kLevelScale));
}

void validate(const TableInputs& in, const TableSettings& s) {
    if (in.terrain_m.empty()) throw InputError("subgrid tables: the terrain is empty");
    if (s.ratio < 1 || s.ratio > 255)
        throw InputError("subgrid tables: the coarse cell must be 1 to 255 terrain pixels wide, not " +
                         std::to_string(s.ratio));
    if (s.levels < 2 || s.levels > 64)
        throw InputError("subgrid tables: the number of table levels must be 2 to 64, not " + std::to_string(s.levels));
    if (!(s.pixel_size_m > 0.0) || !std::isfinite(s.pixel_size_m))
        throw InputError("subgrid tables: the terrain pixel size must be a positive number of metres");
    if (s.threads < 1) throw InputError("subgrid tables: the thread count must be at least 1");
    if (in.manning_n.empty()) {
        if (!(s.uniform_manning_n > 0.0f) || !std::isfinite(s.uniform_manning_n))
            throw InputError("subgrid tables: Manning's n must be more than 0");
        return;
    }
    if (in.manning_n.rows() != in.terrain_m.rows() || in.manning_n.cols() != in.terrain_m.cols())
        throw InputError("subgrid tables: the roughness grid is " + std::to_string(in.manning_n.rows()) + " × " +
                         std::to_string(in.manning_n.cols()) + " pixels, the terrain " +
                         std::to_string(in.terrain_m.rows()) + " × " + std::to_string(in.terrain_m.cols()));
    for (index_t r = 0; r < in.terrain_m.rows(); ++r) {
        for (index_t c = 0; c < in.terrain_m.cols(); ++c) {
            const float n = in.manning_n(r, c);
            if (!std::isnan(in.terrain_m(r, c)) && !(n > 0.0f && std::isfinite(n)))
                throw InputError("subgrid tables: Manning's n at terrain pixel (row " + std::to_string(r) +
                                 ", column " + std::to_string(c) + ") must be more than 0");
        }
    }
}

// ------------------------------------------------------------------------------------------------ cells

struct CellTable {
    float zmin, zmax, vtop, area;
};

// `z` holds the cell's valid pixel levels (sorted here). Writes the N−1 interior levels to `levels_q`.
CellTable build_cell(std::vector<float>& z, double pixel_area, int n_levels, std::uint16_t* levels_q) {
    std::fill(levels_q, levels_q + (n_levels - 1), std::uint16_t{0});
    if (z.empty()) {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        return {nan, nan, nan, 0.0f};
    }
    std::sort(z.begin(), z.end());
    const auto count = static_cast<index_t>(z.size());
    // V(z_j) = A Σ_{i<j} (z_j − z_i), accumulated segment by segment: between z_j and z_{j+1} the wet area is
    // (j+1) pixels.
    double v_below = 0.0;  // V at z[j]
    index_t j = 0;
    double v_top = 0.0;
    for (index_t i = 0; i + 1 < count; ++i)
        v_top += static_cast<double>(i + 1) * pixel_area * (double(z[i + 1]) - z[i]);
    const double zmin = z.front(), zmax = z.back();
    for (int k = 1; k < n_levels; ++k) {
        const double target = v_top * k / n_levels;
        while (j + 1 < count) {
            const double v_next = v_below + static_cast<double>(j + 1) * pixel_area * (double(z[j + 1]) - z[j]);
            if (v_next > target) break;
            v_below = v_next;
            ++j;
        }
        const double level = z[j] + (target - v_below) / (static_cast<double>(j + 1) * pixel_area);
        levels_q[k - 1] = zmax > zmin ? quantise16((level - zmin) / (zmax - zmin)) : std::uint16_t{0};
    }
    return {static_cast<float>(zmin), static_cast<float>(zmax), static_cast<float>(v_top),
            static_cast<float>(static_cast<double>(count) * pixel_area)};
}

// ------------------------------------------------------------------------------------------------ faces

// A face region in flow-major layout: pixel (l, w) at w * length + l, l along the flow (0 = cell a's centre
// line, length−1 = cell b's), w across it. No-data pixels have z = +inf.
struct Region {
    int length = 0;
    int width = 0;
    std::vector<float> z;
    std::vector<float> n;
};

struct FaceScratch {
    std::vector<float> from_up, from_down;
    std::vector<int> order;               // valid pixels, ascending level
    std::vector<int> parent, next, tail;  // union-find with member lists
    std::vector<std::uint8_t> touches;    // per root: 1 = upstream line, 2 = downstream line
};

// Minimax ("bottleneck") level of a 4-connected path from the upstream line (l = 0) and from the downstream line
// (l = length−1) to every pixel, in one pass: pixels are added in ascending level and joined to their added
// neighbours (union-find); the level at which a pixel's cluster first touches a line is its crest from that line
// (the sublevel set {z ≤ t} connects the pixel to the line first at t = that minimax level). Each pixel's crest
// from a line is set once, when its cluster gains that line, by walking the cluster's member list.
int find_root(std::vector<int>& parent, int p) {
    while (parent[p] != p) {
        parent[p] = parent[parent[p]];
        p = parent[p];
    }
    return p;
}

void flood_crests(const Region& region, FaceScratch& s) {
    const int len = region.length, wid = region.width;
    const auto count = region.z.size();
    s.from_up.assign(count, kNoFlow);
    s.from_down.assign(count, kNoFlow);
    s.parent.assign(count, -1);  // -1 = not added yet
    s.next.assign(count, -1);
    s.tail.resize(count);
    s.touches.assign(count, 0);
    s.order.clear();
    for (int p = 0; p < static_cast<int>(count); ++p)
        if (region.z[p] < kNoFlow) s.order.push_back(p);
    std::sort(s.order.begin(), s.order.end(),
              [&](int a, int b) { return region.z[a] < region.z[b] || (region.z[a] == region.z[b] && a < b); });
    const auto mark = [&](int root, std::uint8_t gained, float level) {  // every member gets `level`
        for (int m = root; m >= 0; m = s.next[m]) {
            if (gained & 1) s.from_up[m] = level;
            if (gained & 2) s.from_down[m] = level;
        }
    };
    for (const int p : s.order) {
        const float level = region.z[p];
        const int l = p % len, w = p / len;
        s.parent[p] = p;
        s.tail[p] = p;
        s.touches[p] = static_cast<std::uint8_t>((l == 0 ? 1 : 0) | (l == len - 1 ? 2 : 0));
        int roots[5] = {p, -1, -1, -1, -1};
        int n_roots = 1;
        const int neighbours[4] = {l > 0 ? p - 1 : -1, l + 1 < len ? p + 1 : -1, w > 0 ? p - len : -1,
                                   w + 1 < wid ? p + len : -1};
        for (const int q : neighbours) {
            if (q < 0 || s.parent[q] < 0) continue;
            const int root = find_root(s.parent, q);
            if (std::find(roots, roots + n_roots, root) == roots + n_roots) roots[n_roots++] = root;
        }
        std::uint8_t all = 0;
        for (int i = 0; i < n_roots; ++i) all |= s.touches[roots[i]];
        for (int i = 0; i < n_roots; ++i) {
            const auto gained = static_cast<std::uint8_t>(all & ~(i == 0 ? 0 : s.touches[roots[i]]));
            if (gained != 0) mark(roots[i], gained, level);  // p itself (i = 0) takes its own level for what it has
        }
        for (int i = 1; i < n_roots; ++i) {  // merge every neighbour cluster into p's
            s.parent[roots[i]] = p;
            s.next[s.tail[p]] = roots[i];
            s.tail[p] = s.tail[roots[i]];
        }
        s.touches[p] = all;
    }
}

void build_face(const Region& region, int n_levels, FaceScratch& scratch, FaceTables& out, index_t face) {
    const std::size_t first = static_cast<std::size_t>(face) * static_cast<std::size_t>(n_levels - 1);
    std::fill_n(out.flow_depth_q.begin() + static_cast<std::ptrdiff_t>(first), n_levels - 1, std::uint16_t{0});
    std::fill_n(out.conveyance_m2_s.begin() + static_cast<std::ptrdiff_t>(first), n_levels - 1, 0.0f);
    std::fill_n(out.wet_fraction_q.begin() + static_cast<std::ptrdiff_t>(first), n_levels - 1, std::uint8_t{0});

    flood_crests(region, scratch);
    auto& crest = scratch.from_up;  // c_p = max(from the upstream line, from the downstream line)
    double z_flow = kNoFlow, z_top = -kNoFlow, inverse_n_sum = 0.0;
    index_t flowing = 0;
    for (std::size_t p = 0; p < crest.size(); ++p) {
        crest[p] = std::max(crest[p], scratch.from_down[p]);
        if (crest[p] < kNoFlow) {
            z_flow = std::min(z_flow, double(crest[p]));
            z_top = std::max(z_top, double(crest[p]));
            inverse_n_sum += 1.0 / region.n[p];
            ++flowing;
        }
    }
    if (flowing == 0) {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        out.lowest_flowing_level_m[face] = out.top_level_m[face] = out.top_manning_n[face] = nan;
        out.top_wet_fraction[face] = 0.0f;
        return;
    }
    const double pixels = static_cast<double>(crest.size());
    const float z_flow_f = static_cast<float>(z_flow), z_top_f = static_cast<float>(z_top);
    const double span = double(z_top_f) - double(z_flow_f);
    double depth_top = 0.0, conveyance_top = 0.0;
    for (int k = 1; k < n_levels; ++k) {
        const double level = double(z_flow_f) + span * k / (n_levels - 1);
        double depth_sum = 0.0, conveyance_sum = 0.0;
        index_t wet = 0;
        for (std::size_t p = 0; p < crest.size(); ++p) {
            if (!(crest[p] < level)) continue;
            const double depth = level - crest[p];
            depth_sum += depth;
            // h^(5/3) = h² · h^(-1/3), the cube root to float precision without libm (local_inertial.hpp)
            const float r = inertial::inverse_cbrt_positive(static_cast<float>(depth));
            conveyance_sum += depth * depth * r / region.n[p];
            ++wet;
        }
        const double depth = depth_sum / pixels;
        depth_top = depth;
        conveyance_top = conveyance_sum / pixels;
        out.flow_depth_q[first + k - 1] = span > 0.0 ? quantise16(depth / span) : std::uint16_t{0};
        out.conveyance_m2_s[first + k - 1] = static_cast<float>(conveyance_top);
        out.wet_fraction_q[first + k - 1] = static_cast<std::uint8_t>(std::lround(wet / pixels * kWetScale));
    }
    const double wet_top = static_cast<double>(flowing) / pixels;
    // n_top: K = pwet (h̄/pwet)^(5/3) / n_top holds at the top; a flat face (z_top = z_flow) takes the
    // conveyance-weighted mean of its pixels, 1 / mean(1/n), which is exact above it.
    const double n_top = conveyance_top > 0.0 ? wet_top * five_thirds(depth_top / wet_top) / conveyance_top
                                              : static_cast<double>(flowing) / inverse_n_sum;
    out.lowest_flowing_level_m[face] = z_flow_f;
    out.top_level_m[face] = z_top_f;
    out.top_manning_n[face] = static_cast<float>(n_top);
    out.top_wet_fraction[face] = static_cast<float>(wet_top);
}

void allocate(FaceTables& faces, index_t count, int n_levels) {
    const auto per = static_cast<std::size_t>(count) * static_cast<std::size_t>(n_levels - 1);
    faces.count = count;
    faces.lowest_flowing_level_m.assign(static_cast<std::size_t>(count), 0.0f);
    faces.top_level_m.assign(static_cast<std::size_t>(count), 0.0f);
    faces.top_manning_n.assign(static_cast<std::size_t>(count), 0.0f);
    faces.top_wet_fraction.assign(static_cast<std::size_t>(count), 0.0f);
    faces.flow_depth_q.assign(per, 0);
    faces.conveyance_m2_s.assign(per, 0.0f);
    faces.wet_fraction_q.assign(per, 0);
}

// Reads the terrain and roughness of a face region. u (along = columns): the region runs from cell a's centre
// column to cell b's; v: from cell a's centre row to cell b's. Pixels off the terrain are no data.
class RegionReader {
public:
    RegionReader(const TableInputs& in, const TableSettings& s) : in_(in), s_(s) {}

    void read(bool u_face, index_t cell_r, index_t cell_c, Region& region) const {
        const int half = (s_.ratio + 1) / 2;  // pixels of each half cell, from its centre line to the face
        region.length = 2 * half;
        region.width = s_.ratio;
        region.z.resize(static_cast<std::size_t>(region.length) * region.width);
        region.n.resize(region.z.size());
        const index_t along0 = (u_face ? cell_c : cell_r) * s_.ratio + (s_.ratio - half);
        const index_t across0 = (u_face ? cell_r : cell_c) * s_.ratio;
        for (int w = 0; w < region.width; ++w) {
            for (int l = 0; l < region.length; ++l) {
                const index_t r = u_face ? across0 + w : along0 + l;
                const index_t c = u_face ? along0 + l : across0 + w;
                const std::size_t p = static_cast<std::size_t>(w) * region.length + l;
                const float z = in_.terrain_m.contains(r, c) ? in_.terrain_m(r, c) : kNoFlow;
                region.z[p] = std::isnan(z) ? kNoFlow : z;
                region.n[p] =
                    region.z[p] < kNoFlow && !in_.manning_n.empty() ? in_.manning_n(r, c) : s_.uniform_manning_n;
            }
        }
    }

    void read_cell(index_t cell_r, index_t cell_c, std::vector<float>& z) const {
        z.clear();
        for (index_t r = cell_r * s_.ratio; r < (cell_r + 1) * s_.ratio && r < in_.terrain_m.rows(); ++r) {
            for (index_t c = cell_c * s_.ratio; c < (cell_c + 1) * s_.ratio && c < in_.terrain_m.cols(); ++c) {
                if (!std::isnan(in_.terrain_m(r, c))) z.push_back(in_.terrain_m(r, c));
            }
        }
    }

private:
    const TableInputs& in_;
    const TableSettings& s_;
};

}  // namespace

double FaceFlow::equivalent_manning_n() const {
    return conveyance_m2_s > 0.0 ? five_thirds(flow_depth_m) / conveyance_m2_s : 0.0;
}

SubgridTables build_subgrid_tables(const TableInputs& inputs, const TableSettings& settings) {
    validate(inputs, settings);
    SubgridTables t;
    t.ratio_ = settings.ratio;
    t.levels_ = settings.levels;
    t.cell_size_m_ = settings.pixel_size_m * settings.ratio;
    t.rows_ = (inputs.terrain_m.rows() + settings.ratio - 1) / settings.ratio;
    t.cols_ = (inputs.terrain_m.cols() + settings.ratio - 1) / settings.ratio;
    const int n_levels = settings.levels;
    const auto cells = static_cast<std::size_t>(t.rows_ * t.cols_);
    t.cell_zmin_.assign(cells, 0.0f);
    t.cell_zmax_.assign(cells, 0.0f);
    t.cell_vtop_.assign(cells, 0.0f);
    t.cell_area_.assign(cells, 0.0f);
    t.cell_levels_q_.assign(cells * static_cast<std::size_t>(n_levels - 1), 0);
    allocate(t.u_, t.rows_ * std::max<index_t>(t.cols_ - 1, 0), n_levels);
    allocate(t.v_, std::max<index_t>(t.rows_ - 1, 0) * t.cols_, n_levels);

    const RegionReader reader(inputs, settings);
    const double pixel_area = settings.pixel_size_m * settings.pixel_size_m;
    // One block = one coarse row: its cells, the u faces between them and the v faces to the row below.
#pragma omp parallel num_threads(settings.threads)
    {
        std::vector<float> cell_z;
        Region region;
        FaceScratch scratch;
#pragma omp for schedule(dynamic, 1)
        for (index_t r = 0; r < t.rows_; ++r) {
            for (index_t c = 0; c < t.cols_; ++c) {
                reader.read_cell(r, c, cell_z);
                const std::size_t id = t.id(r, c);
                const CellTable cell = build_cell(cell_z, pixel_area, n_levels,
                                                  &t.cell_levels_q_[id * static_cast<std::size_t>(n_levels - 1)]);
                t.cell_zmin_[id] = cell.zmin;
                t.cell_zmax_[id] = cell.zmax;
                t.cell_vtop_[id] = cell.vtop;
                t.cell_area_[id] = cell.area;
            }
            for (index_t c = 0; c + 1 < t.cols_; ++c) {
                reader.read(true, r, c, region);
                build_face(region, n_levels, scratch, t.u_, t.u_face_id(r, c));
            }
            if (r + 1 < t.rows_) {
                for (index_t c = 0; c < t.cols_; ++c) {
                    reader.read(false, r, c, region);
                    build_face(region, n_levels, scratch, t.v_, t.v_face_id(r, c));
                }
            }
        }
    }
    return t;
}

// ------------------------------------------------------------------------------------------ table lookups

double SubgridTables::volume_of_level(index_t r, index_t c, double level_m) const {
    const std::size_t i = id(r, c);
    if (!cell_active(r, c) || level_m <= cell_zmin_[i]) return 0.0;
    const double v_top = cell_vtop_[i];
    if (level_m >= cell_zmax_[i]) return v_top + (level_m - double(cell_zmax_[i])) * cell_area_[i];
    // The last step whose level is at or below level_m; the next one is above it (level_m < z_max = z_N).
    int k = 0;
    while (k + 1 < levels_ && cell_table_level_m(r, c, k + 1) <= level_m) ++k;
    const double z0 = cell_table_level_m(r, c, k), z1 = cell_table_level_m(r, c, k + 1);
    return (k + (level_m - z0) / (z1 - z0)) * v_top / levels_;
}

double SubgridTables::face_table_level_m(const FaceTables& faces, index_t face, int k) const {
    const double z_flow = faces.lowest_flowing_level_m[static_cast<std::size_t>(face)];
    const double z_top = faces.top_level_m[static_cast<std::size_t>(face)];
    return z_flow + (z_top - z_flow) * k / (levels_ - 1);
}

double SubgridTables::bytes_per_cell() const {
    const auto face_bytes = [](const FaceTables& f) {
        return 4.0 * sizeof(float) * static_cast<double>(f.count) +
               (sizeof(std::uint16_t) + sizeof(float) + sizeof(std::uint8_t)) *
                   static_cast<double>(f.flow_depth_q.size());
    };
    const double cell_bytes = 4.0 * sizeof(float) * static_cast<double>(cell_zmin_.size()) +
                              sizeof(std::uint16_t) * static_cast<double>(cell_levels_q_.size());
    const double cells = static_cast<double>(rows_ * cols_);
    return cells > 0.0 ? (cell_bytes + face_bytes(u_) + face_bytes(v_)) / cells : 0.0;
}

double pixel_volume_m3(GridView<const float> terrain_m, double pixel_size_m, double level_m) {
    double sum = 0.0;
    for (index_t r = 0; r < terrain_m.rows(); ++r) {
        for (index_t c = 0; c < terrain_m.cols(); ++c) {
            const float z = terrain_m(r, c);
            if (!std::isnan(z) && level_m > z) sum += level_m - z;
        }
    }
    return sum * pixel_size_m * pixel_size_m;
}

}  // namespace wn::subgrid
