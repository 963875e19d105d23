// Subgrid tables: how a coarse computational cell stores water, and how a face between two coarse cells
// conveys it, as the fine terrain inside them would.
//
// Method. The coarse cells of a subgrid model carry the volume of water, not a depth; the fine terrain enters
// through precomputed tables (Casulli 2009, "A high-resolution wetting and drying algorithm for free-surface
// hydrodynamics", Int. J. Numer. Meth. Fluids 60:391; Casulli & Stelling 2011, same journal 67:441). Volp, van
// Prooijen & Stelling 2013 ("A finite volume approach for shallow water flow accounting for high-resolution
// bathymetry and roughness variations", Water Resources Research 49:4126) integrate Manning's friction over the
// fine pixels of a cross-section, so that the coarse face conveys what the pixels convey. The table layout
// follows SFINCS (Leijnse et al. 2021, "Modeling compound flooding in coastal systems using a computationally
// efficient reduced-physics solver", Coastal Engineering 163:103796; van Ormondt, Leijnse, de Goede, Nederhoff &
// van Dongeren 2025, "Subgrid corrections for the linear inertial equations of a compound flood model – a case
// study using SFINCS 2.1.1 Dollerup release", Geoscientific Model Development 18:843):
//
//   Per coarse cell: the lowest and highest fine level (z_min, z_max), the volume V_top when the highest pixel
//   is just covered, and the level at N+1 equal volume steps 0, V_top/N, ..., V_top. Volume → level is a
//   direct index plus linear interpolation (no search); above z_max the level rises by extra volume / area.
//
//   Per face (u: between cells (r, c) and (r, c+1); v: between (r, c) and (r+1, c)): tables at N levels from
//   the face's lowest flowing level z_flow to its top z_top, built from the pixels of the two half cells on
//   either side (SFINCS): mean flow depth h̄, conveyance K = Σ h^(5/3)/n / pixels (per unit width at unit
//   slope, Volp et al. 2013; steady uniform flow then carries q = K √S), and the wet fraction.
//
// Where this departs from SFINCS, and why (each case is a test in tests/hydro/test_subgrid_tables.cpp):
//   SFINCS takes z_flow = max(lowest pixel of half a, lowest pixel of half b) and lets every wet pixel flow,
//   so a wall thinner than a coarse cell that crosses it whole does not hold water back (the pixels on both
//   sides of it are low). Here a pixel flows only as far as water can pass it on a path across the face
//   region: its "crest" c_p is the lowest level at which a 4-connected path of pixels runs from the region's
//   upstream edge (cell a's centre line) through p to its downstream edge (cell b's centre line), the highest
//   pixel on that path being c_p (a minimax path; one union-find pass over
//   the pixels in ascending level). The pixel's flow depth is ζ − c_p, not
//   ζ − z_p: water over a pixel conveys only the depth it has at the crest it must pass, which is the regular
//   engine's face rule (flow depth above max(z_a, z_b); local_inertial.hpp) carried to the fine scale, and
//   SFINCS's "min" rule (the shallower half conveys) without its choice of one half for the whole face. So:
//     - z_flow = min c_p: below the top of a wall water does not flow; through a gap in it, it does.
//     - a channel narrower than the cell, along the flow, conveys its own pixel-integrated Manning conveyance;
//     - water in an enclosed pond, or deeper than the crest downstream, does not add conveyance it cannot use;
//     - at ratio 1 the face is the regular grid's face: z_flow = max(z_a, z_b), h̄ = ζ − z_flow, and
//       K = h̄^(5/3) · mean(1/n_a, 1/n_b) (the regular engine averages n instead; equal where n_a = n_b).
//   SFINCS's weighting of the halves by their wet fractions serves the same purpose (min at low water, all
//   pixels at high water) but over-estimates conveyance where one half is deep and the other shallow; the
//   crest rule needs no weight.
//
// Above a face's top level every pixel that can flow flows; h̄ rises by the wet fraction times the rise and
// K = pwet · (h̄/pwet)^(5/3) / n_top, with n_top fitted to K at the top (exact for a flat face).
//
// No data (NaN) pixels store nothing and convey nothing: a cell whose pixels are all no data is inactive, a
// partly no-data cell uses its valid pixels only (its area is theirs); a face conveys through valid pixels only,
// per unit of its full width. Fine rows/columns beyond the terrain (when its size is not a multiple of the
// ratio) are no data.
//
// Memory (state a solver reads per coarse cell; N = levels):
//   cell: z_min, z_max, V_top, area (4 × float) + N−1 interior levels (uint16, fraction of z_max − z_min)
//         = 16 + 2(N−1) bytes;
//   face: z_flow, z_top, n_top, pwet_top (4 × float) + N−1 levels (level 0 is always dry) of h̄ (uint16,
//         fraction of z_top − z_flow), K (float) and wet fraction (uint8) = 16 + 7(N−1) bytes; two faces a cell.
//   Total 48 + 16(N−1) bytes: 192 B at N = 10 (SFINCS stores about 330 B at 10 levels). K stays float: its
//   values span orders of magnitude, and a 16-bit fraction of its top value loses the shallow end.
//   The quantised levels keep level_of_volume and volume_of_level exact inverses (both read the same table).
//
// Building is a kernel on non-owning views: no I/O, no global state. Coarse rows are independent blocks,
// built in parallel on the caller's thread count; the result does not depend on it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::subgrid {

namespace detail {
inline constexpr double kLevelScale = 65535.0;  // uint16 fractions
inline constexpr double kWetScale = 255.0;      // uint8 fractions
// h^(5/3) without pow: h · cbrt(h)².
inline double five_thirds(double h) {
    const double c = std::cbrt(h);
    return h * c * c;
}
}  // namespace detail

struct TableSettings {
    int ratio = 8;                    // coarse cell = ratio × ratio fine pixels (1..255)
    int levels = 10;                  // N (2..64): cells get N+1 volume steps, faces N levels
    double pixel_size_m = 0.5;        // fine pixel width = height
    float uniform_manning_n = 0.03f;  // s/m^(1/3), where no per-pixel roughness is given
    int threads = 1;                  // OpenMP threads (>= 1); the tables do not depend on it
};

struct TableInputs {
    GridView<const float> terrain_m;  // fine terrain, NaN = no data
    GridView<const float> manning_n;  // per fine pixel (s/m^(1/3)), empty = settings.uniform_manning_n
};

// A face's flow state at a water level.
struct FaceFlow {
    double flow_depth_m = 0.0;     // h̄: mean flow depth over the face region (per unit width)
    double conveyance_m2_s = 0.0;  // K: discharge per unit width at unit energy slope, q = K √S (m²/s)
    double wet_fraction = 0.0;     // share of the region's pixels that flow
    // The conveyance-equivalent Manning's n: h̄^(5/3) / K, so that the local inertial friction term with h̄
    // and this n gives the pixel-integrated conveyance in steady uniform flow. 0 where dry.
    double equivalent_manning_n() const;
};

// One axis's faces (u or v), structure of arrays.
struct FaceTables {
    index_t count = 0;
    std::vector<float> lowest_flowing_level_m;  // z_flow; NaN = the face never flows (no data)
    std::vector<float> top_level_m;             // z_top
    std::vector<float> top_manning_n;           // n_top (above the top)
    std::vector<float> top_wet_fraction;        // pwet at and above the top
    std::vector<std::uint16_t> flow_depth_q;    // (N−1) per face: h̄ / (z_top − z_flow) × 65535
    std::vector<float> conveyance_m2_s;         // (N−1) per face
    std::vector<std::uint8_t> wet_fraction_q;   // (N−1) per face: pwet × 255
};

class SubgridTables {
public:
    index_t rows() const { return rows_; }
    index_t cols() const { return cols_; }
    int ratio() const { return ratio_; }
    int levels() const { return levels_; }
    double cell_size_m() const { return cell_size_m_; }

    // Cells.
    bool cell_active(index_t r, index_t c) const;
    float cell_lowest_level_m(index_t r, index_t c) const { return cell_zmin_[id(r, c)]; }
    float cell_highest_level_m(index_t r, index_t c) const { return cell_zmax_[id(r, c)]; }
    float cell_top_volume_m3(index_t r, index_t c) const { return cell_vtop_[id(r, c)]; }
    float cell_area_m2(index_t r, index_t c) const { return cell_area_[id(r, c)]; }
    // Level of table step k (0..N): the level at which the cell holds k/N of V_top.
    double cell_table_level_m(index_t r, index_t c, int k) const;
    // Water level when the cell holds `volume_m3` (>= 0); the lowest level for 0. NaN for an inactive cell.
    double level_of_volume(index_t r, index_t c, double volume_m3) const;
    // Volume the cell holds at `level_m`, from the same table (its inverse). 0 below z_min.
    double volume_of_level(index_t r, index_t c, double level_m) const;

    // Faces. u face (r, c) lies between cells (r, c) and (r, c+1), c < cols−1; v face (r, c) between (r, c)
    // and (r+1, c), r < rows−1.
    const FaceTables& u_faces() const { return u_; }
    const FaceTables& v_faces() const { return v_; }
    index_t u_face_id(index_t r, index_t c) const { return r * (cols_ - 1) + c; }
    index_t v_face_id(index_t r, index_t c) const { return r * cols_ + c; }
    FaceFlow u_face_flow(index_t r, index_t c, double level_m) const { return flow(u_, u_face_id(r, c), level_m); }
    FaceFlow v_face_flow(index_t r, index_t c, double level_m) const { return flow(v_, v_face_id(r, c), level_m); }
    // Table level k (0..N−1) of a face: z_flow + k (z_top − z_flow) / (N−1).
    double face_table_level_m(const FaceTables& faces, index_t face, int k) const;

    // What the tables occupy per coarse cell (all arrays / cells).
    double bytes_per_cell() const;

private:
    friend SubgridTables build_subgrid_tables(const TableInputs&, const TableSettings&);
    std::size_t id(index_t r, index_t c) const { return static_cast<std::size_t>(r * cols_ + c); }
    FaceFlow flow(const FaceTables& faces, index_t face, double level_m) const;

    index_t rows_ = 0;
    index_t cols_ = 0;
    int ratio_ = 1;
    int levels_ = 2;
    double cell_size_m_ = 1.0;
    std::vector<float> cell_zmin_, cell_zmax_, cell_vtop_, cell_area_;
    std::vector<std::uint16_t> cell_levels_q_;  // (N−1) per cell: (z_k − z_min) / (z_max − z_min) × 65535
    FaceTables u_, v_;
};

// ------------------------------------------------------------------------- lookups, inline: a solver calls them
// for every face and cell at every step.

inline bool SubgridTables::cell_active(index_t r, index_t c) const { return cell_area_[id(r, c)] > 0.0f; }

inline double SubgridTables::cell_table_level_m(index_t r, index_t c, int k) const {
    const std::size_t i = id(r, c);
    if (k <= 0) return cell_zmin_[i];
    if (k >= levels_) return cell_zmax_[i];
    const double fraction =
        cell_levels_q_[i * static_cast<std::size_t>(levels_ - 1) + static_cast<std::size_t>(k - 1)] /
        detail::kLevelScale;
    return double(cell_zmin_[i]) + fraction * (double(cell_zmax_[i]) - double(cell_zmin_[i]));
}

inline double SubgridTables::level_of_volume(index_t r, index_t c, double volume_m3) const {
    const std::size_t i = id(r, c);
    if (!cell_active(r, c)) return std::numeric_limits<double>::quiet_NaN();
    const double v_top = cell_vtop_[i];
    volume_m3 = std::max(volume_m3, 0.0);
    if (volume_m3 >= v_top) return double(cell_zmax_[i]) + (volume_m3 - v_top) / cell_area_[i];
    const double steps = volume_m3 / v_top * levels_;
    const int k = std::min(static_cast<int>(steps), levels_ - 1);
    const double z0 = cell_table_level_m(r, c, k), z1 = cell_table_level_m(r, c, k + 1);
    return z0 + (steps - k) * (z1 - z0);
}

inline FaceFlow SubgridTables::flow(const FaceTables& faces, index_t face, double level_m) const {
    const auto f = static_cast<std::size_t>(face);
    const double z_flow = faces.lowest_flowing_level_m[f];
    if (std::isnan(z_flow) || !(level_m > z_flow)) return {};
    const double z_top = faces.top_level_m[f];
    const double span = z_top - z_flow;
    const std::size_t first = f * static_cast<std::size_t>(levels_ - 1);
    const auto at = [&](int k) -> FaceFlow {  // table level k (level 0 is dry)
        if (k == 0) return {};
        const std::size_t i = first + static_cast<std::size_t>(k - 1);
        return {faces.flow_depth_q[i] / detail::kLevelScale * span, faces.conveyance_m2_s[i],
                faces.wet_fraction_q[i] / detail::kWetScale};
    };
    if (level_m >= z_top) {
        const FaceFlow top = at(levels_ - 1);
        const double wet = faces.top_wet_fraction[f];
        const double depth = top.flow_depth_m + wet * (level_m - z_top);
        return {depth, wet * detail::five_thirds(depth / wet) / faces.top_manning_n[f], wet};
    }
    const double steps = (level_m - z_flow) / span * (levels_ - 1);
    const int k = std::min(static_cast<int>(steps), levels_ - 2);
    const double t = steps - k;
    const FaceFlow a = at(k), b = at(k + 1);
    return {a.flow_depth_m + t * (b.flow_depth_m - a.flow_depth_m),
            a.conveyance_m2_s + t * (b.conveyance_m2_s - a.conveyance_m2_s),
            a.wet_fraction + t * (b.wet_fraction - a.wet_fraction)};
}

// Builds the tables. Coarse grid: ceil(rows / ratio) × ceil(cols / ratio). InputError for a bad ratio, level
// count, pixel size, thread count, roughness grid of another shape or a roughness that is not > 0 where the
// terrain has data.
SubgridTables build_subgrid_tables(const TableInputs& inputs, const TableSettings& settings);

// The exact fine-pixel volume below `level_m` in a window of the terrain: Σ max(0, level − z) × pixel area over
// its valid pixels (what the cell tables approximate between their steps).
double pixel_volume_m3(GridView<const float> terrain_m, double pixel_size_m, double level_m);

}  // namespace wn::subgrid
