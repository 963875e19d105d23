#include "waternet/heat/surface_objects.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "waternet/hydro/land_cover.hpp"

namespace wn::heat {

SurfaceObjects classify_surface(GridView<const float> dsm, GridView<const float> dtm,
                                GridView<const std::uint8_t> land_cover, GridView<const std::uint8_t> buildings,
                                const SurfaceRules& rules) {
    const index_t rows = dsm.rows(), cols = dsm.cols();
    const auto same = [&](index_t r, index_t c) { return r == rows && c == cols; };
    if (!same(dtm.rows(), dtm.cols()) || (!land_cover.empty() && !same(land_cover.rows(), land_cover.cols())) ||
        (!buildings.empty() && !same(buildings.rows(), buildings.cols())))
        throw std::logic_error("classify_surface: input grids differ in shape");
    const bool have_cover = !land_cover.empty();
    const bool have_buildings = !buildings.empty();

    SurfaceObjects out{Grid<float>(rows, cols), Grid<std::uint8_t>(rows, cols), Grid<std::uint8_t>(rows, cols, 0)};
    const auto object = [&](index_t r, index_t c) { return out.height_m(r, c) >= rules.min_object_height_m; };
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const float s = dsm(r, c), t = dtm(r, c);
            out.height_m(r, c) = std::isnan(s) || std::isnan(t) ? NAN : std::max(0.0f, s - t);
        }
    // Roughness per object cell: 1 rough, 0 smooth, 2 undecided (no line of three object cells through it: the
    // rim of a crown or a one-cell object), which follows its neighbours below.
    Grid<std::uint8_t> rough(rows, cols, 0);
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (!object(r, c)) continue;
            double sum = 0.0;
            int n = 0;
            const float z = dsm(r, c);
            if (c > 0 && c + 1 < cols && object(r, c - 1) && object(r, c + 1)) {
                sum += std::abs(dsm(r, c - 1) - 2.0f * z + dsm(r, c + 1));
                ++n;
            }
            if (r > 0 && r + 1 < rows && object(r - 1, c) && object(r + 1, c)) {
                sum += std::abs(dsm(r - 1, c) - 2.0f * z + dsm(r + 1, c));
                ++n;
            }
            rough(r, c) = n == 0 ? 2 : sum / n >= rules.tree_roughness_m ? 1 : 0;
        }
    const auto is_rough = [&](index_t r, index_t c) {
        if (rough(r, c) != 2) return rough(r, c) == 1;
        for (index_t dr = -1; dr <= 1; ++dr)
            for (index_t dc = -1; dc <= 1; ++dc) {
                const index_t rr = r + dr, cc = c + dc;
                if (rr >= 0 && rr < rows && cc >= 0 && cc < cols && rough(rr, cc) == 1) return true;
            }
        return false;
    };
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            SurfaceKind k = SurfaceKind::ground;
            const std::uint8_t lc = have_cover ? land_cover(r, c) : 0;
            if (std::isnan(out.height_m(r, c))) {
                k = SurfaceKind::nodata;
            } else if ((have_buildings && buildings(r, c) != 0) || lc == kBuilding) {
                k = SurfaceKind::building;
            } else if (object(r, c)) {
                const bool green_cover = lc == kGrass || lc == kTrees || lc == kAgriculture;
                if (lc == kImpermeable)
                    k = SurfaceKind::structure;
                else if (is_rough(r, c) || green_cover)
                    k = SurfaceKind::tree;
                else if (lc != 0)
                    k = SurfaceKind::structure;  // smooth, on known non-green cover: shed, kiosk, bridge
                else
                    k = SurfaceKind::building;  // smooth, nothing known: a roof
            }
            out.kind(r, c) = static_cast<std::uint8_t>(k);
            out.vegetation(r, c) = k == SurfaceKind::tree ||
                                   (k == SurfaceKind::ground && (lc == kGrass || lc == kTrees || lc == kAgriculture));
        }
    for (index_t i = 0; i < out.kind.size(); ++i) {
        const auto k = static_cast<SurfaceKind>(out.kind.data()[i]);
        out.building_cells += k == SurfaceKind::building;
        out.tree_cells += k == SurfaceKind::tree;
        out.structure_cells += k == SurfaceKind::structure;
    }
    return out;
}

}  // namespace wn::heat
