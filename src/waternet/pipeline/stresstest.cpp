#include "waternet/pipeline/stresstest.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/drought/knmi.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/result_manifest.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/bluespot_job.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/heat_job.hpp"
#include "waternet/pipeline/partner_data.hpp"
#include "waternet/pipeline/region_data.hpp"
#include "waternet/pipeline/run_cache.hpp"
#include "waternet/pipeline/stresstest_outputs.hpp"

namespace wn {

namespace {

using Clock = SteadyClock;

struct PlannedRun {
    const AreaConfig* area = nullptr;
    std::string storm;
    const MeasureSetConfig* measures = nullptr;
    std::string scenario() const { return measures ? storm + "+" + measures->id : storm; }
};

nlohmann::json hash_or_null(FileHashes& hashes, const std::optional<std::filesystem::path>& path) {
    return path ? nlohmann::json(hashes.of(*path)) : nlohmann::json(nullptr);
}

std::vector<double> duration_thresholds(const RegionConfig& config) {
    // 1 cm: "water stands here" for the damage method's duration; the rest for the maps and tables.
    std::vector<double> out{0.01};
    for (double d : config.depth_thresholds_m) out.push_back(d);
    return out;
}

FloodJob flood_job_for(const RegionConfig& config, const PlannedRun& run, const StressTestOptions& options,
                       const std::filesystem::path& dir) {
    const AreaConfig& area = *run.area;
    FloodJob job;
    job.scenario = area.id + "-" + run.scenario();
    job.terrain = area.terrain;
    job.resolution_m = area.resolution_m;
    job.buildings = area.buildings;
    job.land_cover = area.land_cover;
    job.default_cover = area.default_cover;
    job.lumped_loss_mm_per_h = area.loss_mm_per_h;
    // Free edges: water leaves where the terrain leaves the area (a closed box would keep every drop of a 48 h storm).
    for (EdgeCondition& edge : job.settings.edges)
        edge.kind = area.free_edges ? EdgeKind::free_outflow : EdgeKind::closed;
    job.storm = run.storm;
    job.after_rain_s = config.after_rain_s;
    job.settings.exchange_interval_s = config.exchange_interval_s;
    job.settings.roofs_to_sewer = config.roofs == "sewer";
    job.settings.duration_thresholds_m = duration_thresholds(config);
    job.settings.arrival_threshold_m = 0.10;
    job.write_frames = area.frames;
    job.settings.frame_interval_s = area.frames ? config.frame_interval_s : 0.0;
    if (run.measures) job.measures = run.measures->path;
    job.output_dir = dir;
    job.command_line = options.command_line;
    return job;
}

nlohmann::json flood_description(const FloodJob& job, FileHashes& hashes) {
    return {{"kind", "flood"},
            {"terrain", hashes.of(job.terrain)},
            {"resolution_m", job.resolution_m},
            {"buildings", hash_or_null(hashes, job.buildings)},
            {"land_cover", hash_or_null(hashes, job.land_cover)},
            {"measures", hash_or_null(hashes, job.measures)},
            {"default_cover", job.default_cover},
            {"lumped_loss_mm_per_h",
             job.lumped_loss_mm_per_h ? nlohmann::json(*job.lumped_loss_mm_per_h) : nlohmann::json(nullptr)},
            {"edges", job.settings.edges[0].kind == EdgeKind::free_outflow ? "free" : "closed"},
            {"storm", job.storm},
            {"storms_csv", hashes.of(standard_storms_csv())},
            {"after_rain_s", job.after_rain_s},
            {"exchange_interval_s", job.settings.exchange_interval_s},
            {"roofs_to_sewer", job.settings.roofs_to_sewer},
            {"duration_thresholds_m", job.settings.duration_thresholds_m},
            {"arrival_threshold_m", job.settings.arrival_threshold_m},
            {"frames", job.write_frames},
            {"frame_interval_s", job.settings.frame_interval_s},
            {"cfl_alpha", job.settings.cfl_alpha},
            {"theta", job.settings.theta}};
}

RunRecord record_from_marker(RunRecord record, const nlohmann::json& marker) {
    record.elapsed_s = marker.value("elapsed_s", 0.0);
    record.storm = marker.value("day", record.storm);  // heat runs: the day they computed
    record.rain_mm = marker.value("rain_mm", 0.0);
    record.volume_error_relative = marker.value("volume_error_relative", 0.0);
    record.max_depth_m = marker.value("max_depth_m", 0.0);
    record.area_over_10cm_m2 = marker.value("area_over_10cm_m2", 0.0);
    record.peak_resident_bytes = marker.value("peak_resident_bytes", std::uint64_t{0});
    return record;
}

// Runs `compute(staging_dir)` (which writes the run into the staging folder and returns its headline figures)
// unless `dir` holds a finished run with this key whose files match its manifest, and fills the record from the
// figures either way: a cached run reports what its original run measured. A new run replaces the folder as a
// whole when it has finished (io/staged_folder.hpp); a damaged one is recomputed.
template <class Compute>
RunRecord cached_run(RunRecord record, const std::filesystem::path& dir, const std::string& key, bool force,
                     Compute&& compute) {
    if (!force)
        if (auto marker = finished_run(dir, key)) {
            if (const auto problem = result_problem(dir, /*check_hashes=*/false)) {
                spdlog::warn("{}: the previous run is damaged ({}); computing it again", dir.string(), *problem);
            } else {
                record.cached = true;
                return record_from_marker(std::move(record), *marker);
            }
        }
    StagedFolder staged(dir);
    const auto start = Clock::now();
    const PeakMemoryWatch memory;
    nlohmann::json figures = compute(staged.staging_dir());
    figures["elapsed_s"] = seconds_since(start);
    figures["peak_resident_bytes"] = memory.peak_bytes();
    mark_run_finished(staged.staging_dir(), key, figures);
    staged.publish();
    return record_from_marker(std::move(record), figures);
}

RunRecord run_flood_cached(const RegionConfig& config, const PlannedRun& run, const StressTestOptions& options,
                           FileHashes& hashes, int number, int total) {
    const std::filesystem::path relative = std::filesystem::path("flood") / run.area->id / run.scenario();
    const std::filesystem::path dir = options.output_dir / relative;
    const FloodJob job = flood_job_for(config, run, options, dir);
    const std::string key = cache_key(flood_description(job, hashes));
    RunRecord record;
    record.area = run.area->id;
    record.scenario = run.scenario();
    record.storm = run.storm;
    record.measures = run.measures ? run.measures->id : "";
    record.dir = relative;
    const std::string label = fmt::format("[{}/{}] {} {}", number, total, run.area->id, run.scenario());
    record = cached_run(std::move(record), dir, key, options.force, [&](const std::filesystem::path& staging) {
        spdlog::info("{}: simulating {} on {} ...", label, run.storm, run.area->name);
        FloodJob staged = job;
        staged.output_dir = staging;
        const FloodJobReport report = run_flood_job(staged, options.execution);
        float max_depth = 0.0f;
        for (float d : report.result.max_depth_m.values())
            if (d > max_depth) max_depth = d;
        return nlohmann::json{{"rain_mm", report.rain_total_mm},
                              {"volume_error_relative", report.result.balance.relative_error()},
                              {"max_depth_m", max_depth},
                              {"area_over_10cm_m2", report.area_deeper_than_10cm_m2},
                              {"steps", report.result.steps},
                              {"edges", run.area->free_edges ? "free" : "closed"},
                              {"boundary_out_m3", report.result.balance.boundary_out_m3}};
    });
    if (record.cached)
        spdlog::info("{}: unchanged, taken from the previous run", label);
    else
        spdlog::info("{}: done in {:.1f} s (volume error {:.1e})", label, record.elapsed_s,
                     record.volume_error_relative);
    return record;
}

RunRecord run_bluespots_cached(const RegionConfig& config, const AreaConfig& area, const StressTestOptions& options,
                               FileHashes& hashes) {
    const std::filesystem::path relative = std::filesystem::path("bluespots") / area.id;
    const std::filesystem::path dir = options.output_dir / relative;
    BlueSpotJob job;
    job.scenario = area.id + "-bluespots-" + config.bluespot_storm;
    job.dem = area.terrain;
    job.resolution_m = area.resolution_m;
    job.buildings = area.buildings;
    job.storm = config.bluespot_storm;
    job.loss_mm_per_h = config.bluespot_loss_mm_per_h;
    job.output_dir = dir;
    job.command_line = options.command_line;
    const nlohmann::json description = {{"kind", "bluespots"},
                                        {"dem", hashes.of(job.dem)},
                                        {"resolution_m", job.resolution_m},
                                        {"buildings", hash_or_null(hashes, job.buildings)},
                                        {"storm", job.storm},
                                        {"storms_csv", hashes.of(standard_storms_csv())},
                                        {"loss_mm_per_h", job.loss_mm_per_h},
                                        {"building_height_m", job.building_height_m},
                                        {"min_depth_m", job.min_depth_m}};
    const std::string key = cache_key(description);
    RunRecord record;
    record.area = area.id;
    record.scenario = "bluespots";
    record.storm = config.bluespot_storm;
    record.dir = relative;
    return cached_run(std::move(record), dir, key, options.force, [&](const std::filesystem::path& staging) {
        spdlog::info("blue spots {}: screening for {} ...", area.id, job.storm);
        job.output_dir = staging;
        const BlueSpotJobReport report = run_bluespot_job(job, options.execution);
        return nlohmann::json{{"rain_mm", report.rain_mm},
                              {"volume_error_relative",
                               report.total_runoff_m3 > 0.0 ? report.volume_error_m3 / report.total_runoff_m3 : 0.0},
                              {"spots", report.spots.size()}};
    });
}

RunRecord run_heat_cached(const RegionConfig& config, const HeatAreaConfig& area, const StressTestOptions& options,
                          FileHashes& hashes) {
    const std::filesystem::path relative = std::filesystem::path("heat") / area.id;
    const std::filesystem::path dir = options.output_dir / relative;
    HeatJob job;
    job.scenario = area.id + "-heat";
    job.dsm = area.dsm;
    job.dtm = area.dtm;
    job.land_cover = area.land_cover;
    job.buildings = area.buildings;
    job.knmi = config.weather;
    job.day = area.day;
    job.output_dir = dir;
    job.command_line = options.command_line;
    const HeatParameters& p = job.parameters;
    const nlohmann::json description = {{"kind", "heat"},
                                        {"dsm", hashes.of(job.dsm)},
                                        {"dtm", hashes.of(job.dtm)},
                                        {"land_cover", hash_or_null(hashes, job.land_cover)},
                                        {"buildings", hash_or_null(hashes, job.buildings)},
                                        {"weather", hashes.of(*job.knmi)},
                                        {"day", heat_day_text(job.day)},
                                        {"svf_directions", p.svf_directions},
                                        {"uhi_fraction", p.uhi_fraction},
                                        {"uhi_window_m", p.uhi_window_m},
                                        {"wind_fetch_m", p.wind_fetch_m}};
    const std::string key = cache_key(description);
    RunRecord record;
    record.area = area.id;
    record.scenario = "heat";
    record.dir = relative;
    return cached_run(std::move(record), dir, key, options.force, [&](const std::filesystem::path& staging) {
        spdlog::info("heat {}: PET map ...", area.id);
        job.output_dir = staging;
        const HeatJobReport report = run_heat_job(job, options.execution);
        return nlohmann::json{{"day", drought::iso_date(report.weather.date)}, {"pet_mean_c", report.pet_mean_c}};
    });
}

// Everything the consequences and the reports read is read once before the first run, so that a partner layer with a
// duplicate id, a broken weather file or damage table is reported in seconds, not after an hour of simulations. (The
// region file itself, terrains and layer extents are checked by read_region_config.)
// Returns the weather station's line of the data choices.
std::string check_inputs_before_running(const RegionConfig& config) {
    load_region_data(config, {});  // partners (ids, file names), key figures, neighbourhoods
    read_region_layers(config);    // roads and vital objects
    risk::DamageTable::load_csv(config.damage_table ? *config.damage_table
                                                    : data_dir() / risk::kDefaultDamageTableFile);
    if (!config.weather) return "weather: none given (no heat and drought sections)";
    const drought::KnmiHourly record = drought::read_knmi_hourly(*config.weather);
    return fmt::format("weather: KNMI station {} ({}) for the heat and drought sections", record.station,
                       config.weather->string());
}

// The data each area's flood runs take (pipeline/flood_job.hpp, flood_data_choices), said before the first run.
std::vector<std::string> data_choices(const RegionConfig& config, const std::vector<PlannedRun>& runs,
                                      const StressTestOptions& options, std::string weather) {
    std::vector<std::string> lines{std::move(weather)};
    std::set<const AreaConfig*> said;
    for (const PlannedRun& run : runs) {
        if (!said.insert(run.area).second) continue;  // the runs of an area differ only in their storm and measures
        const FloodJob job = flood_job_for(config, run, options, {});
        for (const std::string& line : flood_data_choices(job, job_land_cover_table(job)).lines())
            lines.push_back("area " + run.area->id + ": " + line);
    }
    return lines;
}

}  // namespace

StressTestReport run_stresstest(const StressTestOptions& options) {
    const auto start = Clock::now();
    const PeakMemoryWatch memory;                         // the whole stress test's peak, for its provenance
    const OpenMPThreadsScope threads(options.execution);  // partner data, consequences, outputs
    if (options.output_dir.empty()) throw InputError("no output folder given");
    StressTestReport report;
    report.config = read_region_config(options.region_file.empty() ? default_region_file() : options.region_file);
    const RegionConfig& config = report.config;
    for (const std::string& wanted : options.only_areas) config.area(wanted);  // InputError if unknown
    report.partner_data = prepare_partner_data(report.config, options.output_dir, options.only_areas);  // BGT, BAG
    const std::string weather = check_inputs_before_running(config);
    auto selected = [&](const AreaConfig& area) {
        return options.only_areas.empty() ||
               std::find(options.only_areas.begin(), options.only_areas.end(), area.id) != options.only_areas.end();
    };

    std::vector<PlannedRun> runs;
    for (const AreaConfig& area : config.areas)
        if (selected(area))
            for (const std::string& storm : area.scenarios) runs.push_back({&area, storm, nullptr});
    for (const MeasureSetConfig& set : config.measures) {
        const AreaConfig& area = config.area(set.area);
        if (selected(area))
            for (const std::string& storm : set.scenarios) runs.push_back({&area, storm, &set});
    }
    report.data_choices = data_choices(config, runs, options, weather);
    if (options.announce)
        for (const std::string& line : report.data_choices) options.announce(line);
    spdlog::info("Stress test '{}': {} areas, {} flood runs, output in {}", config.name,
                 std::count_if(config.areas.begin(), config.areas.end(), selected), runs.size(),
                 options.output_dir.string());

    if (const int stale = remove_stale_staging(options.output_dir, /*recursive=*/true))
        spdlog::info("removed {} unfinished files or folders that a stopped run left in {}", stale,
                     options.output_dir.string());
    FileHashes hashes;
    int number = 0;
    for (const PlannedRun& run : runs) {
        options.execution.throw_if_cancelled();
        report.flood_runs.push_back(
            run_flood_cached(config, run, options, hashes, ++number, static_cast<int>(runs.size())));
    }
    for (const AreaConfig& area : config.areas) {
        if (!selected(area) || !area.bluespots) continue;
        options.execution.throw_if_cancelled();
        report.bluespot_runs.push_back(run_bluespots_cached(config, area, options, hashes));
    }

    for (const HeatAreaConfig& area : config.heat_areas) {
        if (!options.only_areas.empty()) break;  // --area selects flood areas; heat runs with the whole region
        options.execution.throw_if_cancelled();
        report.heat_runs.push_back(run_heat_cached(config, area, options, hashes));
    }

    write_stresstest_outputs(options, report, hashes, memory);
    report.total_s = seconds_since(start);
    return report;
}

std::string format_stresstest_summary(const StressTestReport& report) {
    std::ostringstream out;
    out << fmt::format("Stress test {} ({}): {:.1f} s in all\n", report.config.name, report.config.id, report.total_s);
    out << "  flood runs (area, scenario, rain, max depth, area > 10 cm, volume error, time):\n";
    for (const RunRecord& r : report.flood_runs)
        out << fmt::format("    {:<12} {:<16} {:>6.1f} mm  {:>6.2f} m  {:>9.2f} ha  {:>9.1e}  {:>7.1f} s{}\n", r.area,
                           r.scenario, r.rain_mm, r.max_depth_m, r.area_over_10cm_m2 / 1e4, r.volume_error_relative,
                           r.elapsed_s, r.cached ? " (cached)" : "");
    for (const RunRecord& r : report.bluespot_runs)
        out << fmt::format("  blue spots {:<12} {:>6.1f} mm  {:>7.1f} s{}\n", r.area, r.rain_mm, r.elapsed_s,
                           r.cached ? " (cached)" : "");
    for (const RunRecord& r : report.heat_runs)
        out << fmt::format("  heat {:<18} {}  {:>7.1f} s{}\n", r.area, r.storm, r.elapsed_s,
                           r.cached ? " (cached)" : "");
    out << fmt::format("  consequences {:.1f} s, tables/maps/reports {:.1f} s; {} partner reports\n",
                       report.consequences_s, report.outputs_s, report.reports);
    return out.str();
}

}  // namespace wn
