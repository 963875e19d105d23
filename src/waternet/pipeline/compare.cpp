#include "waternet/pipeline/compare.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"
#include "waternet/pipeline/partner_data.hpp"
#include "waternet/pipeline/stresstest_results.hpp"

namespace wn {

namespace {

void read_measures(const std::filesystem::path& variant_dir, Comparison& out) {
    std::ifstream in(variant_dir / "provenance.json");
    if (!in) return;
    const nlohmann::json provenance = nlohmann::json::parse(in, nullptr, false);
    if (!provenance.is_object() || !provenance.contains("parameters")) return;
    const nlohmann::json& measures = provenance["parameters"].value("measures", nlohmann::json::array());
    for (const auto& m : measures) {
        out.storage_created_m3 += m.value("storage_m3", 0.0);
        out.measures.push_back(fmt::format("{} ({}, {} cells)", m.value("name", std::string("?")),
                                           m.value("measure", std::string("?")), m.value("cells", 0)));
    }
}

}  // namespace

Comparison compare_scenarios(const RegionConfig& config, const ScenarioConsequences& base,
                             const Grid<float>& base_depth, const ScenarioConsequences& variant,
                             const Grid<float>& variant_depth, const std::filesystem::path& variant_dir) {
    check_aligned(base_depth.spec(), variant_depth.spec(), "the base run", "the variant run");
    Comparison out;
    out.area = base.area;
    out.base = base.scenario;
    out.variant = variant.scenario;
    const std::size_t k = facade_threshold_index(config);
    out.facade_threshold_m = config.depth_thresholds_m[k];
    const auto threshold = static_cast<float>(out.facade_threshold_m);
    out.has_buildings = base.total.buildings.has_value();
    if (out.has_buildings) {
        if (base.buildings.size() != variant.buildings.size())
            throw InputError("the base and the variant have different buildings; compare runs of the same area");
        for (std::size_t b = 0; b < base.buildings.size(); ++b) {
            const bool before = base.buildings[b].facade_depth_m > threshold;  // NaN compares false: not affected
            const bool after = variant.buildings[b].facade_depth_m > threshold;
            out.buildings_affected_base += before;
            out.buildings_affected_variant += after;
            out.buildings_no_longer_affected += before && !after;
            out.buildings_newly_affected += after && !before;
        }
    }
    out.has_damage = damage_eur(base.total) && damage_eur(variant.total);
    out.damage_base_eur = damage_eur(base.total).value_or(0.0);
    out.damage_variant_eur = damage_eur(variant.total).value_or(0.0);
    out.volume_base_m3 = base.total.volume_m3;
    out.volume_variant_m3 = variant.total.volume_m3;
    out.area_over_threshold_base_m2 = base.total.area_over_m2[k];
    out.area_over_threshold_variant_m2 = variant.total.area_over_m2[k];
    out.difference_m = Grid<float>(base_depth.spec(), NAN);
    const double cell_area = base_depth.spec().cell_area_m2();
    for (index_t i = 0; i < base_depth.size(); ++i) {
        const float a = base_depth.data()[i], b = variant_depth.data()[i];
        if (std::isnan(a) && std::isnan(b)) continue;
        const float d = (std::isnan(b) ? 0.0f : b) - (std::isnan(a) ? 0.0f : a);
        out.difference_m.data()[i] = d;
        if (d < -0.01f) out.area_lower_m2 += cell_area;
        if (d > 0.01f) out.area_higher_m2 += cell_area;
    }
    read_measures(variant_dir, out);
    return out;
}

void write_comparison(const Comparison& c, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written) {
    WriteOptions options;
    options.band_description = fmt::format("max depth {} minus max depth {}", c.variant, c.base);
    options.unit = "m";
    write_cog((dir / "depth_difference_m.tif").string(), c.difference_m.view(), c.difference_m.spec(), options);
    std::ostringstream csv;
    csv << "indicator,base,variant,difference\n";
    auto row = [&](const std::string& name, double base, double variant, int decimals) {
        csv << name << ','
            << fmt::format("{:.{}f},{:.{}f},{:.{}f}\n", base, decimals, variant, decimals, variant - base, decimals);
    };
    const std::string t = fmt::format("{:.0f}cm", c.facade_threshold_m * 100);
    if (c.has_buildings) row("buildings_facade_over_" + t, c.buildings_affected_base, c.buildings_affected_variant, 0);
    if (c.has_damage) row("damage_eur", c.damage_base_eur, c.damage_variant_eur, 0);
    row("water_volume_m3", c.volume_base_m3, c.volume_variant_m3, 1);
    row("area_over_" + t + "_m2", c.area_over_threshold_base_m2, c.area_over_threshold_variant_m2, 1);
    write_text_atomic(dir / "comparison.csv", csv.str());
    nlohmann::json json = {
        {"area", c.area},
        {"base", c.base},
        {"variant", c.variant},
        {"facade_threshold_m", c.facade_threshold_m},
        {"damage_avoided_eur", c.has_damage ? nlohmann::json(c.damage_avoided_eur()) : nlohmann::json(nullptr)},
        {"damage_base_eur", c.has_damage ? nlohmann::json(c.damage_base_eur) : nlohmann::json(nullptr)},
        {"damage_variant_eur", c.has_damage ? nlohmann::json(c.damage_variant_eur) : nlohmann::json(nullptr)},
        {"water_volume_base_m3", c.volume_base_m3},
        {"water_volume_variant_m3", c.volume_variant_m3},
        {"storage_created_m3", c.storage_created_m3},
        {"area_lower_by_1cm_m2", c.area_lower_m2},
        {"area_higher_by_1cm_m2", c.area_higher_m2},
        {"measures", c.measures}};
    if (c.has_buildings)
        json["buildings"] = {{"affected_base", c.buildings_affected_base},
                             {"affected_variant", c.buildings_affected_variant},
                             {"no_longer_affected", c.buildings_no_longer_affected},
                             {"newly_affected", c.buildings_newly_affected}};
    write_text_atomic(dir / "comparison.json", json.dump(2) + "\n");
    for (const char* f : {"depth_difference_m.tif", "comparison.csv", "comparison.json"}) written.push_back(dir / f);
}

void write_comparisons(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    for (const AreaResults& area : results.areas)
        for (const ScenarioResult& variant : area.scenarios) {
            if (variant.run->measures.empty()) continue;
            for (const ScenarioResult& base : area.scenarios)
                if (base.run->measures.empty() && base.run->storm == variant.run->storm) {
                    const Comparison c =
                        compare_scenarios(*results.config, base.consequences, base.max_depth_m, variant.consequences,
                                          variant.max_depth_m, results.output_dir / variant.run->dir);
                    write_comparison(c, results.output_dir / "compare" / area.area->id / variant.run->scenario,
                                     written);
                }
        }
}

Comparison compare_run_folders(const std::filesystem::path& region_file, const std::string& area_id,
                               const std::filesystem::path& base_dir, const std::filesystem::path& variant_dir) {
    RegionConfig config = read_region_config(region_file.empty() ? default_region_file() : region_file);
    // An area with BGT gets the land cover and buildings the stress test made from it (pipeline/partner_data.hpp).
    struct TemporaryFolder {
        std::filesystem::path path =
            std::filesystem::temp_directory_path() / fmt::format("waternet-compare-{}", ::getpid());
        ~TemporaryFolder() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    } inputs;
    prepare_partner_data(config, inputs.path, {area_id});
    const AreaConfig& area = config.area(area_id);
    const Grid<float> base_depth = read_raster((base_dir / "max_depth_m.tif").string());
    const Grid<float> variant_depth = read_raster((variant_dir / "max_depth_m.tif").string());
    check_aligned(base_depth.spec(), variant_depth.spec(), base_dir.string(), variant_dir.string());
    const RegionData data = load_region_data(config, {{area.id, base_depth.spec()}});
    const RegionLayers layers = read_region_layers(config);
    const risk::DamageTable damage = risk::DamageTable::load_csv(
        config.damage_table ? *config.damage_table : data_dir() / risk::kDefaultDamageTableFile);
    // The runs may use another cell size than the region's default for the area: take the terrain at theirs.
    const double cell_m = base_depth.spec().transform.cell_size_m;
    const RasterInfo own = raster_info(area.terrain.string());
    const bool own_cells = std::abs(own.spec.transform.cell_size_m - cell_m) < 1e-9 * cell_m;
    const Grid<float> terrain = load_terrain(area.terrain, own_cells ? 0.0 : cell_m, "terrain");
    check_aligned(terrain.spec(), base_depth.spec(), "the area's terrain", base_dir.string());
    const AreaContext context = prepare_area(config, data, layers, area, base_depth.spec(), terrain.view(), damage);
    const ScenarioConsequences base =
        compute_consequences(config, data, context, base_dir.filename().string(), base_dir, damage);
    // The variant's measures (its provenance names the file) change the land use the damage is priced on.
    std::optional<std::filesystem::path> measures;
    if (std::ifstream in(variant_dir / "provenance.json"); in) {
        const nlohmann::json provenance = nlohmann::json::parse(in, nullptr, false);
        if (provenance.is_object())
            for (const auto& input : provenance.value("inputs", nlohmann::json::array()))
                if (input.value("role", std::string{}) == "measures") measures = input.value("path", std::string{});
    }
    if (measures && !std::filesystem::exists(*measures))
        throw InputError(variant_dir.string() + ": its measures file " + measures->string() +
                         " is gone; the damage "
                         "of the variant needs it");
    const ScenarioConsequences variant =
        compute_consequences(config, data, measures ? with_measures(context, *measures, terrain, damage) : context,
                             variant_dir.filename().string(), variant_dir, damage);
    return compare_scenarios(config, base, base_depth, variant, variant_depth, variant_dir);
}

}  // namespace wn
