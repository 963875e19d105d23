#include "waternet/pipeline/partner_data.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "waternet/core/text.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/risk/damage_table.hpp"

namespace wn {

namespace {

// The grid the area's runs use (as flood_job and bluespot_job derive it from the terrain).
GridSpec model_grid(const AreaConfig& area) {
    GridSpec grid = raster_info(area.terrain.string()).spec;
    require_known_crs(grid, "terrain " + area.terrain.string());
    return area.resolution_m > 0.0 ? coarsened_spec(grid, area.resolution_m) : grid;
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Writes `path` only when it would change, so its SHA-256 (the run cache's key) stays put for unchanged data.
void write_if_changed(const std::filesystem::path& path, const std::string& text) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && file_text(path) == text) return;
    write_text_atomic(path, text);
}

void warn_counts(PartnerDataReport& report, const std::string& area, const std::string& what,
                 const std::map<std::string, std::int64_t>& counts) {
    for (const auto& [value, n] : counts) {
        report.warnings.push_back(fmt::format("area {}: {} '{}': {} ×", area, what, printable(value), n));
        spdlog::warn("{}", report.warnings.back());
    }
}

nlohmann::json prepare_bgt(AreaConfig& area, const std::filesystem::path& inputs, PartnerDataReport& report) {
    const BgtMapping mapping = read_bgt_mapping(area.bgt_classes ? *area.bgt_classes : default_bgt_classes_csv());
    const GridSpec grid = model_grid(area);
    const BgtLandCover cover = load_bgt_land_cover(*area.bgt, grid, UnknownClass::mixed, &mapping);
    // The class raster through a temporary COG, then in place only if it changed.
    const auto land_cover = inputs / (area.id + "_bgt_land_cover.tif");
    const auto fresh = inputs / (area.id + "_bgt_land_cover.new.tif");
    WriteOptions options;
    options.nodata = 0;
    options.band_description = "land-cover class (hydro/land_cover.hpp codes) from BGT";
    write_cog(fresh.string(), cover.classes, options);
    write_if_changed(land_cover, file_text(fresh));
    std::filesystem::remove(fresh);
    area.land_cover = land_cover;
    nlohmann::json out = {{"source", area.bgt->string()},
                          {"format", cover.read.format},
                          {"mapping", mapping.path.string()},
                          {"features", cover.features},
                          {"features_per_object", cover.read.features_per_object},
                          {"ended_objects_left_out", cover.read.ended},
                          {"point_or_line_objects_left_out", cover.read.not_areas},
                          {"not_land_cover", cover.not_land_cover},
                          {"unknown_classes", cover.unknown_classes},
                          {"land_cover_raster", land_cover.string()}};
    warn_counts(report, area.id, "BGT class not in " + mapping.path.filename().string() + ", taken as mixed",
                cover.unknown_classes);
    if (!area.buildings) {
        const auto panden = inputs / (area.id + "_bgt_panden.geojson");
        const auto staged = inputs / (area.id + "_bgt_panden.new.geojson");
        out["buildings_from_bgt"] = write_bgt_buildings(*area.bgt, staged);
        write_if_changed(panden, file_text(staged));
        std::filesystem::remove(staged);
        area.buildings = panden;
        out["buildings_file"] = panden.string();
    }
    return out;
}

nlohmann::json check_bag(const AreaConfig& area, const RegionConfig& config, PartnerDataReport& report) {
    const risk::DamageTable damage = risk::DamageTable::load_csv(
        config.damage_table ? *config.damage_table : data_dir() / risk::kDefaultDamageTableFile);
    const BagUseMapping mapping = read_bag_use_mapping(area.bag_uses ? *area.bag_uses : default_bag_use_csv(), damage);
    BuildingUses uses =
        building_uses(*area.bag, read_features(area.buildings->string()), mapping, risk::bag_use_code(damage, "woon"));
    warn_counts(report, area.id, "BAG gebruiksdoel not in " + mapping.path.filename().string(), uses.unknown_uses);
    if (uses.not_in_bag > 0) {
        report.warnings.push_back(
            fmt::format("area {}: {} buildings have no BAG pand and are priced as housing", area.id, uses.not_in_bag));
        spdlog::warn("{}", report.warnings.back());
    }
    nlohmann::json out = {{"source", area.bag->string()},
                          {"mapping", mapping.path.string()},
                          {"panden", uses.panden},
                          {"verblijfsobjecten", uses.verblijfsobjecten},
                          {"buildings_per_use", uses.per_use},
                          {"unknown_uses", uses.unknown_uses},
                          {"buildings_not_in_bag", uses.not_in_bag}};
    report.building_uses[area.id] = std::move(uses);  // the consequences take it from here: BAG is read once
    return out;
}

}  // namespace

PartnerDataReport prepare_partner_data(RegionConfig& config, const std::filesystem::path& output_dir,
                                       const std::vector<std::string>& only_areas) {
    PartnerDataReport report;
    const auto inputs = output_dir / "inputs";
    for (AreaConfig& area : config.areas) {
        if (!area.bgt && !area.bag) continue;
        if (!only_areas.empty() && std::find(only_areas.begin(), only_areas.end(), area.id) == only_areas.end())
            continue;
        std::filesystem::create_directories(inputs);
        nlohmann::json entry = nlohmann::json::object();
        if (area.bgt) entry["bgt"] = prepare_bgt(area, inputs, report);
        if (area.bag) entry["bag"] = check_bag(area, config, report);
        report.per_area[area.id] = std::move(entry);
    }
    if (report.per_area.empty()) return report;
    report.summary_file = inputs / "partner_data.json";
    write_text_atomic(report.summary_file,
                      nlohmann::json{{"areas", report.per_area}, {"warnings", report.warnings}}.dump(2) + "\n");
    return report;
}

}  // namespace wn
