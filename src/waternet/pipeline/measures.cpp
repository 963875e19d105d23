#include "waternet/pipeline/measures.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <map>

#include "waternet/core/error.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

namespace {

double positive_value(const std::string& path, const VectorFeature& f, const std::string& key, double max) {
    const auto found = f.attributes.find(key);
    if (found == f.attributes.end())
        throw InputError(fmt::format("{}: feature {} ({}) needs the attribute '{}'", path, f.index,
                                     f.attributes.count("measure") ? f.attributes.at("measure") : "?", key));
    char* end = nullptr;
    const double value = std::strtod(found->second.c_str(), &end);
    if (end == found->second.c_str() || !std::isfinite(value) || value <= 0.0 || value > max)
        throw InputError(fmt::format("{}: feature {}: {} must be a number above 0 and at most {} (got '{}')", path,
                                     f.index, key, max, found->second));
    return value;
}

std::string text_or(const VectorFeature& f, const std::string& key, const std::string& fallback) {
    const auto found = f.attributes.find(key);
    return found == f.attributes.end() || found->second.empty() ? fallback : found->second;
}

}  // namespace

MeasuresReport apply_measures(const std::filesystem::path& path, Grid<float>& terrain_m, Grid<std::uint8_t>& cover) {
    const std::string file = path.string();
    return apply_measure_features(file, read_features(file, terrain_m.spec().crs_wkt), terrain_m, cover);
}

MeasuresReport apply_measure_features(const std::string& file, const std::vector<VectorFeature>& features,
                                      Grid<float>& terrain_m, Grid<std::uint8_t>& cover) {
    const GridSpec& grid = terrain_m.spec();
    const LandCoverTable table = LandCoverTable::defaults();
    const double cell_area = grid.cell_area_m2();

    MeasuresReport report;
    // Only open ground at least one cell away from a façade is dug: digging against a wall would undermine it, and
    // water in a hole beside a building is not water against its façade.
    auto not_diggable = [&](index_t i) {
        if (std::isnan(terrain_m.data()[i])) return true;
        const index_t r = i / grid.cols, c = i % grid.cols;
        for (index_t dr = -1; dr <= 1; ++dr)
            for (index_t dc = -1; dc <= 1; ++dc)
                if (grid.contains_cell(r + dr, c + dc) && table[cover(r + dr, c + dc)].is_building) return true;
        return false;
    };
    for (const VectorFeature& f : features) {
        AppliedMeasure m;
        m.kind = text_or(f, "measure", "");
        m.name = text_or(f, "name", fmt::format("{} {}", m.kind, f.index + 1));
        // Each measure on its own mask, so overlapping measures (a wadi inside a green-roof district) both apply.
        // Polygons claim the cells whose centre is inside; lines every cell they touch.
        std::vector<index_t> cells;  // not const: a storage measure keeps only the cells it can dig
        if (!f.wkt.empty()) {
            const Grid<std::uint8_t> mask = rasterize_wkt(f.wkt, grid, f.kind == GeometryKind::line);
            for (index_t i = 0; i < mask.size(); ++i)
                if (mask.data()[i] != 0) cells.push_back(i);
        }
        if (m.kind.empty())
            throw InputError(
                fmt::format("{}: feature {} has no 'measure' attribute (lower, raise, storage, "
                            "infiltration, green_roof or disconnect)",
                            file, f.index));
        if (f.kind == GeometryKind::point || f.kind == GeometryKind::none)
            throw InputError(fmt::format("{}: feature {} ({}) must be a polygon or a line", file, f.index, m.kind));
        auto set_cover = [&](std::uint8_t code) {
            for (index_t i : cells)
                if (!std::isnan(terrain_m.data()[i]) && !table[cover.data()[i]].is_building) cover.data()[i] = code;
        };
        auto set_roofs = [&](std::uint8_t code) {
            for (index_t i : cells)
                if (table[cover.data()[i]].is_building) {
                    cover.data()[i] = code;
                    ++m.roof_cells;
                }
        };
        auto shift_terrain = [&](double dz_m) {
            for (index_t i : cells) {
                float& z = terrain_m.data()[i];
                if (std::isnan(z) || table[cover.data()[i]].is_building) continue;
                z = static_cast<float>(z + dz_m);
                m.terrain_change_m3 -= dz_m * cell_area;
            }
        };
        if (m.kind == "lower") {
            std::erase_if(cells, not_diggable);
            shift_terrain(-positive_value(file, f, "depth_m", 20.0));
        } else if (m.kind == "raise") {
            shift_terrain(positive_value(file, f, "height_m", 20.0));
        } else if (m.kind == "storage") {
            if (f.kind != GeometryKind::polygon)
                throw InputError(fmt::format("{}: feature {}: a storage measure must be a polygon", file, f.index));
            const double volume = positive_value(file, f, "volume_m3", 1e7);
            std::erase_if(cells, not_diggable);
            if (cells.empty())
                throw InputError(fmt::format("{}: storage '{}' covers no cell of the {} m grid; draw it larger", file,
                                             m.name, grid.transform.cell_size_m));
            const double depth = volume / (static_cast<double>(cells.size()) * cell_area);
            if (depth > 5.0)
                throw InputError(
                    fmt::format("{}: storage '{}' would be {:.1f} m deep ({} m3 on {} m2); check volume_m3", file,
                                m.name, depth, volume, static_cast<double>(cells.size()) * cell_area));
            shift_terrain(-depth);
            m.storage_m3 = m.terrain_change_m3;
            set_cover(cover_class_by_name(text_or(f, "cover", "grass")));
        } else if (m.kind == "infiltration") {
            set_cover(cover_class_by_name(text_or(f, "cover", "grass")));
        } else if (m.kind == "green_roof") {
            set_roofs(kGreenRoof);
        } else if (m.kind == "disconnect") {
            set_roofs(kDisconnectedRoof);
        } else {
            throw InputError(
                fmt::format("{}: feature {}: unknown measure '{}'; use lower, raise, storage, "
                            "infiltration, green_roof or disconnect",
                            file, f.index, m.kind));
        }
        m.cells = static_cast<std::int64_t>(cells.size());
        report.storage_m3 += m.storage_m3;
        report.terrain_removed_m3 += m.terrain_change_m3;
        report.measures.push_back(std::move(m));
    }
    std::int64_t changed = 0, idle = 0;
    for (const auto& m : report.measures) {
        changed += m.cells;
        idle += m.cells == 0;
    }
    if (changed == 0) throw InputError(file + ": no measure lies inside the model grid");
    // A measure beside the grid (or smaller than a cell) would silently do nothing: say which.
    for (const auto& m : report.measures)
        if (m.cells == 0)
            spdlog::warn(
                "{}: measure '{}' ({}) covers no cell of the model grid and changes nothing ({} of {} measures)", file,
                m.name, m.kind, idle, report.measures.size());
    return report;
}

}  // namespace wn
