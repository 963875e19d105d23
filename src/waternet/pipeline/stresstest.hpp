// The regional stress test: one command, every partner's maps, consequences and report.
//
// For a region (pipeline/region_config.hpp) it runs, per area, every scenario through the flood engine
// (pipeline/flood_job.hpp) and the blue-spot screening (pipeline/bluespot_job.hpp), then the consequence analysis
// (pipeline/consequences.hpp), and writes into one output folder:
//   flood/<area>/<scenario>/     the maps, balance and provenance of each run (as `waternet flood` writes them)
//   bluespots/<area>/            the blue-spot screening of each area
//   heat/<heat area>/            the PET heat map of the station's hottest day (pipeline/heat_job.hpp)
//   consequences/<area>/<scenario>/  buildings.csv, roads.csv, vital.csv, damage.json
//   tables/                      partner and neighbourhood indicator tables (CSV) and partner_indicators.json
//   waternet.gpkg                partners, neighbourhoods, buildings, roads, vital objects with their attributes
//                                per scenario, styled for QGIS (layer_styles)
//   styles/                      QGIS styles (.qml) for the maps
//   reports/<partner>.html       one report per partner
//   stresstest.json              the manifest the viewer (`waternet serve`) reads; places.geojson for its search
//   provenance.json
// Runs are cached by the hash of everything that determines them (input file contents, settings, software
// version): a rerun recomputes only what changed, and a run stopped with Ctrl-C resumes where it stopped,
// because each run's marker (run.json) is written only after all its files are complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/pipeline/partner_data.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/report/text_format.hpp"

namespace wn {

struct StressTestOptions {
    std::filesystem::path region_file;  // empty = the shipped Twente region
    std::filesystem::path output_dir;
    std::vector<std::string> only_areas;  // empty = all
    // The reports' language; unset = the region file's `language`, else Dutch (docs/reports.md).
    std::optional<report::Language> report_language;
    bool force = false;  // ignore the cache
    // Threads, cancellation and progress of every run (core/execution.hpp); the CLI's has its --threads, Ctrl-C
    // and a terminal bar. The default: one thread, never cancelled, silent.
    ExecutionContext execution;
    std::string command_line;
    // Told each line of the data the runs take without being told (the weather station, and per area the edges,
    // losses and land cover) before the first run; the CLI prints them on stderr. May be empty.
    std::function<void(const std::string&)> announce;
};

struct RunRecord {
    std::string area, scenario;  // scenario may be "<storm>+<measures>"
    std::string storm;
    std::string measures;       // "" = none
    std::filesystem::path dir;  // relative to the output folder
    bool cached = false;
    double elapsed_s = 0.0;  // of the computation (when cached: of the original run)
    double rain_mm = 0.0;
    double volume_error_relative = 0.0;
    double max_depth_m = 0.0;
    double area_over_10cm_m2 = 0.0;
    std::uint64_t peak_resident_bytes = 0;  // the run's peak memory (core/memory.hpp); 0 = not known
};

struct StressTestReport {
    RegionConfig config;
    std::vector<RunRecord> flood_runs;
    std::vector<RunRecord> bluespot_runs;
    std::vector<RunRecord> heat_runs;  // scenario = the day; max_depth_m unused
    int partners = 0;
    int reports = 0;
    double total_s = 0.0;
    double consequences_s = 0.0;
    double outputs_s = 0.0;
    std::vector<std::filesystem::path> written;
    PartnerDataReport partner_data;         // BGT and BAG read for the areas (pipeline/partner_data.hpp)
    std::vector<std::string> data_choices;  // what was announced (StressTestOptions::announce), for the provenance
};

StressTestReport run_stresstest(const StressTestOptions& options);

std::string format_stresstest_summary(const StressTestReport& report);

}  // namespace wn
