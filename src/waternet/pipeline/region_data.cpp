#include "waternet/pipeline/region_data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/io/output_paths.hpp"

namespace wn {

const Partner* RegionData::find(const std::string& id) const {
    for (const Partner& p : partners)
        if (p.id == id) return &p;
    return nullptr;
}

namespace {

const std::string& attribute(const VectorFeature& f, const std::string& field, const std::filesystem::path& path) {
    const auto found = f.attributes.find(field);
    if (found == f.attributes.end()) {
        const VectorInfo info = vector_info(path.string());
        throw InputError(fmt::format("{}: feature {} has no value for '{}'; the layer's fields are: {}", path.string(),
                                     f.index, field, fmt::join(info.attributes, ", ")));
    }
    return found->second;
}

std::optional<double> number_field(const VectorFeature& row, const std::string& field,
                                   const std::filesystem::path& path) {
    if (field.empty()) return std::nullopt;
    const auto found = row.attributes.find(field);
    if (found == row.attributes.end() || found->second.empty()) return std::nullopt;  // missing: not computed
    char* end = nullptr;
    const double value = std::strtod(found->second.c_str(), &end);
    if (end == found->second.c_str() || *end != '\0' || !std::isfinite(value) || value < 0.0)
        throw InputError(fmt::format("{}: row {}: {} = '{}' is not a non-negative number", path.string(), row.index + 2,
                                     field, found->second));
    return value;
}

VectorFeature extent_feature(const GridSpec& grid) {
    VectorFeature f;
    f.kind = GeometryKind::polygon;
    f.min_x = grid.min_x(), f.min_y = grid.min_y(), f.max_x = grid.max_x(), f.max_y = grid.max_y();
    f.parts = {{{f.min_x, f.min_y}, {f.max_x, f.min_y}, {f.max_x, f.max_y}, {f.min_x, f.max_y}, {f.min_x, f.min_y}}};
    f.representative = {0.5 * (f.min_x + f.max_x), 0.5 * (f.min_y + f.max_y)};
    f.area_m2 = (f.max_x - f.min_x) * (f.max_y - f.min_y);
    f.wkt = fmt::format("POLYGON (({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", f.min_x, f.min_y, f.max_x, f.max_y);
    return f;
}

}  // namespace

RegionData load_region_data(const RegionConfig& config,
                            const std::vector<std::pair<std::string, GridSpec>>& area_grids) {
    RegionData data;
    std::set<std::string> ids;
    std::map<std::string, std::string> id_of_file_name;
    auto add = [&](Partner p) {
        if (!ids.insert(p.id).second)
            throw InputError(fmt::format("{}: partner id '{}' occurs twice", config.file.filename().string(), p.id));
        // Ids come from input data and name the partner's report: only a safe stem may reach the file system.
        p.file_name = file_name_for(
            p.id, fmt::format("partner id in {}", p.source.empty() ? config.file.string() : p.source.string()));
        const auto [other, fresh] = id_of_file_name.emplace(p.file_name, p.id);
        if (!fresh)
            throw InputError(
                fmt::format("{}: partner ids '{}' and '{}' give the same file name '{}'; make them differ in "
                            "letters or digits",
                            config.file.filename().string(), other->second, p.id, p.file_name));
        data.partners.push_back(std::move(p));
    };
    for (PartnerKind kind : {PartnerKind::municipality, PartnerKind::water_board}) {
        for (const PartnerLayer& layer : config.partner_layers) {
            if (layer.kind != kind) continue;
            std::vector<VectorFeature> features = read_features(layer.path.string());
            if (!layer.id.empty() && features.size() != 1)
                throw InputError(
                    fmt::format("{}: has {} features; a partner given by id and name needs a layer with "
                                "exactly one (or use id_field and name_field)",
                                layer.path.string(), features.size()));
            for (VectorFeature& f : features) {
                if (f.kind != GeometryKind::polygon)
                    throw InputError(fmt::format("{}: feature {} is not a polygon; partner areas must be polygons",
                                                 layer.path.string(), f.index));
                Partner p;
                p.id = layer.id.empty() ? attribute(f, layer.id_field, layer.path) : layer.id;
                p.name = layer.name.empty() ? attribute(f, layer.name_field, layer.path) : layer.name;
                p.kind = layer.kind;
                p.source = layer.path;
                p.outline = std::move(f);
                add(std::move(p));
            }
        }
    }
    for (const AreaConfig& area : config.areas) {
        if (!area.demonstration) continue;
        for (const auto& [id, grid] : area_grids)
            if (id == area.id) {
                Partner p;
                p.id = "demo-" + area.id;
                p.name = area.demonstration_name;
                p.kind = PartnerKind::demonstration;
                p.outline = extent_feature(grid);
                p.area = area.id;
                add(std::move(p));
            }
    }
    if (config.key_figures) {
        const KeyFigures& k = *config.key_figures;
        for (const VectorFeature& row : read_features(k.path.string())) {
            const auto id = row.attributes.find(k.partner_field);
            if (id == row.attributes.end())
                throw InputError(fmt::format("{}: row {} has no '{}' (the partner id column)", k.path.string(),
                                             row.index + 2, k.partner_field));
            for (Partner& p : data.partners)
                if (p.id == id->second) {
                    p.figures.inhabitants = number_field(row, k.inhabitants_field, k.path);
                    p.figures.pct_65plus = number_field(row, k.pct_65plus_field, k.path);
                    p.figures.density_per_km2 = number_field(row, k.density_field, k.path);
                    if (!p.figures.density_per_km2 && p.figures.inhabitants && p.outline.area_m2 > 0.0)
                        p.figures.density_per_km2 = *p.figures.inhabitants / (p.outline.area_m2 / 1e6);
                }
        }
    }
    for (const NeighbourhoodLayer& layer : config.neighbourhoods) {
        if (!data.find(layer.partner))
            throw InputError(fmt::format("{}: neighbourhoods of partner '{}', which is not a partner of the region",
                                         config.file.filename().string(), layer.partner));
        data.neighbourhood_sources.push_back(layer.path);
        data.neighbourhood_first.push_back(data.neighbourhoods.size());
        for (VectorFeature& f : read_features(layer.path.string())) {
            Neighbourhood n;
            n.name = attribute(f, layer.name_field, layer.path);
            if (!layer.code_field.empty()) n.code = attribute(f, layer.code_field, layer.path);
            n.partner = layer.partner;
            n.outline = std::move(f);
            data.neighbourhoods.push_back(std::move(n));
        }
    }
    return data;
}

AreaZones area_zones(const RegionData& data, const std::string& area_id, const GridSpec& grid,
                     GridView<const float> valid_cells) {
    // The neighbourhood grid is made below (from the first layer's own ids where it can): at region scale every
    // zero-filled grid costs seconds.
    AreaZones zones{Grid<std::int32_t>(grid, 0), Grid<std::int32_t>(grid, 0), Grid<std::int32_t>()};
    // One rasterization per source layer; feature k of that layer → its partner.
    std::map<std::string, std::vector<std::int32_t>> partner_of_feature;
    for (std::size_t p = 0; p < data.partners.size(); ++p) {
        const Partner& partner = data.partners[p];
        if (partner.source.empty()) continue;
        auto& lut = partner_of_feature[partner.source.string()];
        const auto k = static_cast<std::size_t>(partner.outline.index);
        if (lut.size() <= k) lut.resize(k + 1, 0);
        lut[k] = static_cast<std::int32_t>(p + 1);
    }
    std::vector<std::uint8_t> is_board(data.partners.size() + 1, 0);  // by partner id (p + 1)
    for (std::size_t p = 0; p < data.partners.size(); ++p)
        is_board[p + 1] = data.partners[p].kind == PartnerKind::water_board;
    for (const auto& [path, lut] : partner_of_feature) {
        // A region's partner layers span all its areas; most partners lie outside any one area.
        const Grid<std::int32_t> ids = rasterize_feature_ids(path, grid, false, {OffGrid::ignore});
        const auto lut_size = static_cast<std::int32_t>(lut.size());
#pragma omp parallel for schedule(static)  // cell by cell, no sums: the same for any thread count
        for (index_t i = 0; i < ids.size(); ++i) {
            const std::int32_t id = ids.data()[i];
            if (id <= 0 || id > lut_size || lut[static_cast<std::size_t>(id - 1)] == 0) continue;
            const std::int32_t partner = lut[static_cast<std::size_t>(id - 1)];
            (is_board[static_cast<std::size_t>(partner)] ? zones.water_board : zones.municipality).data()[i] = partner;
        }
    }
    for (std::size_t p = 0; p < data.partners.size(); ++p)
        if (data.partners[p].kind == PartnerKind::demonstration && data.partners[p].area == area_id)
            for (index_t i = 0; i < zones.municipality.size(); ++i)
                if (!std::isnan(valid_cells.data()[i])) zones.municipality.data()[i] = static_cast<std::int32_t>(p + 1);
    for (std::size_t layer = 0; layer < data.neighbourhood_sources.size(); ++layer) {
        Grid<std::int32_t> ids =
            rasterize_feature_ids(data.neighbourhood_sources[layer].string(), grid, false, {OffGrid::ignore});
        const auto first = static_cast<std::int32_t>(data.neighbourhood_first[layer]);
        if (zones.neighbourhood.size() == 0 && first == 0) {
            zones.neighbourhood = std::move(ids);  // the first layer: feature id k is neighbourhood k, 0 is none
            continue;
        }
        if (zones.neighbourhood.size() == 0) zones.neighbourhood = Grid<std::int32_t>(grid, 0);
#pragma omp parallel for schedule(static)
        for (index_t i = 0; i < ids.size(); ++i)
            if (ids.data()[i] > 0) zones.neighbourhood.data()[i] = first + ids.data()[i];
    }
    if (zones.neighbourhood.size() == 0) zones.neighbourhood = Grid<std::int32_t>(grid, 0);
    return zones;
}

}  // namespace wn
