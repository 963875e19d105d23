// Golden regression tests on the shipped real cases: each runs a case on (a coarser or smaller piece of) the shipped
// data and compares summary figures with tests/golden/reference/<case>.json. They pin what the code does today, so
// a refactor or a new numerical rule cannot shift the maps silently; an intended change is re-blessed
// (tests/golden/README.md), and the blessing prints what moved. The tolerances are set per figure below, with why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <vector>

#include "../io/io_test_support.hpp"
#include "golden_reference.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bluespot_job.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/heat_job.hpp"
#include "waternet/pipeline/stresstest.hpp"

namespace wn {
namespace {

using golden::Figures;
using golden::Tolerance;
using test::TempDir;
using test::write_file;

const std::string kData = WATERNET_DATA_DIR;

// Tolerances. The runs are single-threaded, so on one build they reproduce bit for bit; the tolerances leave room for
// another compiler, optimisation level or libm (float sums in another order, a contraction into FMA), which moves
// volumes by ~1e-6 relative and can flip a cell at a threshold, and nothing more. Any change of a model rule or a
// parameter moves these figures by much more (tests/golden/README.md lists what a +10 % Manning n did).
constexpr Tolerance kVolume{1.0, 1e-4};      // m³: 0.01 % (float-sum noise is ~1e-6)
constexpr Tolerance kBalanceError{1e-6, 0};  // relative volume error: the engine closes it to ~1e-9
constexpr Tolerance kDepth{0.002, 0};        // m: 2 mm, a tenth of the 2 cm wet threshold
constexpr Tolerance kVelocity{0.01, 0};      // m/s
constexpr Tolerance kCellCount{2, 2e-3};     // cells in a class: a few cells may flip at a threshold
constexpr Tolerance kExact{0, 0};            // integer outcomes of exact comparisons (cell counts of a grid, ids)
constexpr Tolerance kTime{30, 0};            // s: arrival times; the time step is ~1 s
constexpr Tolerance kPet{0.02, 0};           // °C: PET classes are 6–8 °C wide (Matzarakis & Mayer 1996)
constexpr Tolerance kShare{0.001, 0};        // shares 0..1

double cell_area_m2(const GridSpec& g) { return g.transform.cell_size_m * g.transform.cell_size_m; }

// The cells of a map at or above each depth, as counts (histogram of the depth classes of the stress test).
// The engine's result grids carry no georeferencing (the job holds it), so the cell area comes from the job's grid.
void add_depth_classes(Figures& f, const std::string& prefix, const Grid<float>& depth_m, double cell_m2) {
    const std::vector<double> edges_m{0.02, 0.05, 0.10, 0.20, 0.30, 0.50, 1.00};
    std::vector<double> cells(edges_m.size() + 1, 0.0);
    double sum_m = 0.0, max_m = 0.0;
    for (index_t i = 0; i < depth_m.size(); ++i) {
        const float d = depth_m.data()[i];
        if (std::isnan(d)) continue;
        sum_m += d;
        max_m = std::max(max_m, static_cast<double>(d));
        const auto k = std::upper_bound(edges_m.begin(), edges_m.end(), d) - edges_m.begin();
        cells[static_cast<std::size_t>(k)] += 1;
    }
    for (std::size_t k = 0; k <= edges_m.size(); ++k) {
        const std::string from = k == 0 ? "0" : std::to_string(static_cast<int>(std::lround(edges_m[k - 1] * 100)));
        const std::string to =
            k == edges_m.size() ? "inf" : std::to_string(static_cast<int>(std::lround(edges_m[k] * 100)));
        f.add(prefix + "cells_" + from + "_to_" + to + "cm", cells[k], kCellCount);
    }
    f.add(prefix + "max_m", max_m, kDepth);
    f.add(prefix + "volume_m3", sum_m * cell_m2, kVolume);
}

// A checksum of the map quantised to whole centimetres, weighted by position (row-major index mod 1009 + 1), so water
// moved from one place to another changes it even when the totals stay. Relative tolerance: a few cells of 1 cm.
void add_quantised_checksum(Figures& f, const std::string& name, const Grid<float>& depth_m) {
    double sum = 0.0;
    for (index_t i = 0; i < depth_m.size(); ++i) {
        const float d = depth_m.data()[i];
        if (!std::isnan(d)) sum += std::round(d * 100.0) * static_cast<double>(i % 1009 + 1);
    }
    f.add(name, sum, {0, 1e-4});
}

// ---- Zundert: a T100 flood on the AHN (0.5 m) resampled to 4 m, with the BGT buildings ---------------------------

TEST(GoldenZundertFlood, T100At4m) {
    TempDir dir;
    FloodJob job;
    job.scenario = "golden-zundert-T100";
    job.terrain = kData + "/zundert/zundert_ahn_dtm_050cm.tif";
    job.resolution_m = 4.0;  // 0.5 m would take minutes; 4 m keeps the streets and runs in seconds
    job.buildings = kData + "/zundert/zundert_bgt_panden.geojson";
    job.storm = "T100";
    job.after_rain_s = 1800.0;
    // One thread (the default context): one order of float sums, reproducible bit for bit on one build.
    for (Edge e : {kNorth, kEast, kSouth, kWest})
        job.settings.edges[e] = {EdgeKind::free_outflow, {}};  // the CLI default
    job.output_dir = dir.path() / "out";
    const FloodJobReport report = run_flood_job(job);
    const FloodResult& r = report.result;

    Figures f;
    f.add("grid.rows", static_cast<double>(report.grid.rows), kExact);
    f.add("grid.cols", static_cast<double>(report.grid.cols), kExact);
    f.add("grid.domain_cells", static_cast<double>(r.domain_cells), kExact);
    f.add("grid.building_count", static_cast<double>(r.building_count), kExact);
    f.add("rain_total_mm", report.rain_total_mm, {1e-9, 0});
    f.add("duration_s", report.duration_s, {1e-9, 0});
    f.add("balance.rain_m3", r.balance.rain_m3, kVolume);
    f.add("balance.interception_m3", r.balance.interception_m3, kVolume);
    f.add("balance.infiltration_m3", r.balance.infiltration_m3, kVolume);
    f.add("balance.sewer_m3", r.balance.sewer_m3, kVolume);
    f.add("balance.boundary_out_m3", r.balance.boundary_out_m3, kVolume);
    f.add("balance.final_storage_m3", r.balance.final_storage_m3, kVolume);
    f.add("balance.relative_error", r.balance.relative_error(), kBalanceError);
    f.add("steps", static_cast<double>(r.steps), {2, 1e-3});
    f.add("area_deeper_than_10cm_m2", report.area_deeper_than_10cm_m2, {2 * cell_area_m2(report.grid), 2e-3});
    add_depth_classes(f, "max_depth.", r.max_depth_m, cell_area_m2(report.grid));
    add_depth_classes(f, "final_depth.", r.final_depth_m, cell_area_m2(report.grid));
    // The final depth map holds the balance's final storage (up to float rounding carried beside the depths).
    double final_map_m3 = 0.0;
    for (const float d : r.final_depth_m.values())
        if (!std::isnan(d)) final_map_m3 += d;
    final_map_m3 *= cell_area_m2(report.grid);
    EXPECT_NEAR(final_map_m3, r.balance.final_storage_m3, 1e-4 * r.balance.final_storage_m3);
    add_quantised_checksum(f, "max_depth.cm_checksum", r.max_depth_m);
    double v_max = 0.0;
    index_t arrived = 0;
    double arrival_sum_s = 0.0;
    for (index_t i = 0; i < r.max_velocity_m_per_s.size(); ++i) {
        const float v = r.max_velocity_m_per_s.data()[i];
        if (!std::isnan(v)) v_max = std::max(v_max, static_cast<double>(v));
        const float t = r.arrival_time_s.data()[i];
        if (!std::isnan(t)) ++arrived, arrival_sum_s += t;
    }
    f.add("max_velocity_m_per_s", v_max, kVelocity);
    f.add("arrival.cells", static_cast<double>(arrived), kCellCount);
    f.add("arrival.mean_s", arrived ? arrival_sum_s / static_cast<double>(arrived) : NAN, kTime);
    for (std::size_t k = 0; k < std::min<std::size_t>(3, report.deepest.size()); ++k) {
        const std::string s = "deepest[" + std::to_string(k) + "].";
        f.add(s + "x", report.deepest[k].x, {report.grid.transform.cell_size_m, 0});
        f.add(s + "y", report.deepest[k].y, {report.grid.transform.cell_size_m, 0});
        f.add(s + "depth_m", report.deepest[k].depth_m, kDepth);
    }
    golden::expect_matches_reference("zundert_flood_T100_4m",
                                     "Zundert AHN 0.5 m resampled to 4 m, BGT buildings, T100, 30 min after the rain, "
                                     "free edges, one thread",
                                     f);
}

// ---- Haaksbergen: blue spots on the shipped 5 m AHN, whole file, T100 ------------------------------------------

TEST(GoldenHaaksbergenBlueSpots, T100At5m) {
    TempDir dir;
    BlueSpotJob job;
    job.scenario = "golden-haaksbergen-T100";
    job.dem = kData + "/twente/haaksbergen_ahn_dtm_5m.tif";
    job.storm = "T100";
    job.output_dir = dir.path() / "out";
    const BlueSpotJobReport r = run_bluespot_job(job);

    Figures f;
    f.add("valid_cells", static_cast<double>(r.valid_cells), kExact);
    f.add("rain_mm", r.rain_mm, {1e-9, 0});
    f.add("spots", static_cast<double>(r.spots.size()), kCellCount);
    f.add("full_spots", r.full_spots, kCellCount);
    f.add("total_volume_m3", r.total_volume_m3, kVolume);
    f.add("total_runoff_m3", r.total_runoff_m3, kVolume);
    f.add("stored_m3", r.stored_m3, kVolume);
    f.add("spilled_out_m3", r.spilled_out_m3, kVolume);
    f.add("volume_error_m3", r.volume_error_m3, {1e-3, 0});
    // Spot counts and volume by size class (m³), and the five largest spots.
    const std::vector<double> classes_m3{1, 10, 100, 1000, 10000};
    for (double c : classes_m3) {
        double n = 0, volume = 0, area = 0;
        for (const auto& s : r.spots)
            if (s.volume_m3 >= c) n += 1, volume += s.volume_m3, area += s.area_m2;
        const std::string p = "spots_over_" + std::to_string(static_cast<int>(c)) + "m3.";
        f.add(p + "count", n, kCellCount);
        f.add(p + "volume_m3", volume, kVolume);
        f.add(p + "area_m2", area, {2 * cell_area_m2(r.grid), 1e-3});
    }
    std::vector<std::size_t> order(r.spots.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return r.spots[a].volume_m3 > r.spots[b].volume_m3; });
    for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k) {
        const auto& s = r.spots[order[k]];
        const auto& fill = r.fill[order[k]];
        const std::string p = "largest[" + std::to_string(k) + "].";
        f.add(p + "volume_m3", s.volume_m3, kVolume);
        f.add(p + "area_m2", s.area_m2, {2 * cell_area_m2(r.grid), 1e-3});
        f.add(p + "max_depth_m", s.max_depth_m, kDepth);
        f.add(p + "deepest_row", static_cast<double>(s.deepest_row), {1, 0});
        f.add(p + "deepest_col", static_cast<double>(s.deepest_col), {1, 0});
        f.add(p + "catchment_m2", s.catchment_m2, {2 * cell_area_m2(r.grid), 1e-3});
        f.add(p + "stored_m3", fill.stored_m3, kVolume);
    }
    const Grid<float> storm = read_raster((job.output_dir / "storm_depth_m.tif").string());
    add_depth_classes(f, "storm_depth.", storm, cell_area_m2(r.grid));
    add_quantised_checksum(f, "storm_depth.cm_checksum", storm);
    golden::expect_matches_reference("haaksbergen_bluespots_T100",
                                     "Haaksbergen AHN 5 m (whole shipped file), T100, impermeable, no buildings", f);
}

// ---- Delft: PET on a 150 m × 150 m window of the AHN3 0.5 m DSM/DTM, BGT land cover and buildings ----------------

// The window of a shipped raster, written as a COG so the job reads it like any input.
std::filesystem::path window_of(const std::string& source, const std::filesystem::path& out, double min_x, double min_y,
                                double max_x, double max_y) {
    const GridSpec window = cropped_spec(raster_info(source).spec, min_x, min_y, max_x, max_y);
    write_cog(out.string(), read_raster_onto(source, window, Resampling::nearest));
    return out;
}

TEST(GoldenDelftPet, HotDayOnAWindow) {
    TempDir dir;
    // Delft's shipped tiles span x 84808.5..85072, y 447413..447641; this window is the centre 150 m × 150 m.
    const double x0 = 84865, y0 = 447450, x1 = 85015, y1 = 447600;
    HeatJob job;
    job.scenario = "golden-delft";
    job.dsm = window_of(kData + "/delft/delft_ahn3_dsm_050cm.tif", dir.path() / "dsm.tif", x0, y0, x1, y1);
    job.dtm = window_of(kData + "/delft/delft_ahn3_dtm_050cm.tif", dir.path() / "dtm.tif", x0, y0, x1, y1);
    job.land_cover = kData + "/delft/delft_bgt_landcover.geojson";
    job.buildings = kData + "/delft/delft_bgt_panden.geojson";
    job.knmi = kData + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv";
    job.day = parse_heat_day("2022-07-19", "day");  // the hottest day of the shipped record (no 2015 in it)
    const HeatJobReport r = run_heat_job(job);

    Figures f;
    f.add("grid.rows", static_cast<double>(r.grid.rows), kExact);
    f.add("grid.cols", static_cast<double>(r.grid.cols), kExact);
    f.add("pet_cells", static_cast<double>(r.pet_cells), kCellCount);
    f.add("building_cells", static_cast<double>(r.building_cells), kCellCount);
    f.add("tree_cells", static_cast<double>(r.tree_cells), kCellCount);
    f.add("vegetation_cells", static_cast<double>(r.vegetation_cells), kCellCount);
    f.add("uhi_max_mean_k", r.uhi_max_mean_k, {0.01, 0});
    f.add("pet_mean_c", r.pet_mean_c, kPet);
    f.add("pet_min_c", r.pet_min_c, kPet);
    f.add("pet_max_c", r.pet_max_c, kPet);
    f.add("pet_sun_mean_c", r.mean_pet_sun_c, kPet);
    f.add("pet_shade_mean_c", r.mean_pet_shade_c, kPet);
    const double cell_m2 = cell_area_m2(r.grid);
    for (int k = 0; k < kPetClassCount; ++k)
        f.add("pet_class[" + std::to_string(k + 1) + "].area_m2", r.class_area_m2[static_cast<std::size_t>(k)],
              {kCellCount.abs * cell_m2, kCellCount.rel});
    for (const auto& h : r.hours) {
        const std::string p = "hour_" + std::to_string(h.local_start_h) + "h.";
        f.add(p + "sun_altitude_deg", h.sun_altitude_deg, {0.01, 0});
        f.add(p + "shaded_share", h.shaded_share, kShare);
        f.add(p + "mean_pet_c", h.mean_pet_c, kPet);
    }
    f.add("cool_spots", static_cast<double>(r.cool_spots.size()), {1, 0});
    f.add("cool_spot_area_m2", r.cool_spot_area_m2, {kCellCount.abs * cell_m2, 1e-2});
    f.add("buildings_beyond_300m_share", r.access.share_beyond_threshold, kShare);
    golden::expect_matches_reference("delft_pet_window",
                                     "Delft AHN3 0.5 m DSM/DTM window x 84865..85015, y 447450..447600, BGT land cover "
                                     "and buildings, KNMI 290 day 2022-07-19, one thread",
                                     f);
}

// A CSV cell as a number; NaN when empty (OGR leaves empty cells out).
double number_or_nan(const std::map<std::string, std::string>& row, const std::string& key) {
    const auto it = row.find(key);
    return it == row.end() || it->second.empty() ? NAN : std::stod(it->second);
}

// ---- Consequences: the demonstration partner's table of a small stress test (Zundert at 16 m, T100) ----------

TEST(GoldenZundertConsequences, DemonstrationPartnerT100At16m) {
    TempDir dir;
    write_file(dir.path() / "small.toml",
               "[region]\nid = \"golden\"\nname = \"Golden\"\nweather = \"" + kData +
                   "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv\"\n"
                   "[[partners]]\npath = \"" +
                   kData +
                   "/twente/vechtstromen_boundary_rd.geojson\"\nid = \"WS0059\"\n"
                   "name = \"Waterschap Vechtstromen\"\nkind = \"water_board\"\n"
                   "[[areas]]\nid = \"zundert\"\nname = \"Zundert grof\"\nterrain = \"" +
                   kData + "/zundert/zundert_ahn_dtm_050cm.tif\"\nresolution_m = 16\nbuildings = \"" + kData +
                   "/zundert/zundert_bgt_panden.geojson\"\nscenarios = [\"T100\"]\ndemonstration = true\n");
    StressTestOptions options;
    options.region_file = dir.path() / "small.toml";
    options.output_dir = dir.path() / "out";
    run_stresstest(options);

    Figures f;
    // The partner table (partner_indicators.json holds the numbers unrounded).
    std::ifstream in(options.output_dir / "tables" / "partner_indicators.json");
    const nlohmann::json table = nlohmann::json::parse(in);
    const nlohmann::json& row = table.at("demo-zundert").at("zundert").at("T100");
    for (const auto& [key, value] : row.items()) {
        if (!value.is_number()) continue;
        const bool count = key.starts_with("buildings") || key == "vital_hit";
        const bool money = key.find("eur") != std::string::npos;
        f.add("partner." + key, value.get<double>(),
              count   ? kCellCount
              : money ? Tolerance{1, 1e-3}
                      : Tolerance{1e-4, 1e-3});
    }
    // A sample of the buildings: every 25th row of buildings.csv (in feature order), its façade depth and damage.
    const std::vector<VectorFeature> buildings =
        read_features((options.output_dir / "consequences" / "zundert" / "T100" / "buildings.csv").string());
    f.add("buildings.rows", static_cast<double>(buildings.size()), kExact);
    for (std::size_t i = 0; i < buildings.size(); i += 25) {
        const auto& a = buildings[i].attributes;
        const std::string p = "building[" + a.at("feature") + "].";
        f.add(p + "facade_depth_m", number_or_nan(a, "facade_depth_m"), {0.0015, 0});  // printed to 1 mm
        f.add(p + "damage_eur", number_or_nan(a, "damage_eur"), {1, 1e-3});
    }
    golden::expect_matches_reference(
        "zundert_consequences_T100_16m",
        "Stress test with one area: Zundert AHN resampled to 16 m, BGT buildings, T100; the "
        "demonstration partner's indicators and every 25th building",
        f);
}

}  // namespace
}  // namespace wn
