// The flood job's modeller controls on small hand-made sites: one roughness given three ways gives one answer,
// --no-losses leaves no losses, runs without rain close their balance, edge inflows land on the right cells, and
// every bad combination is refused with a message that says what is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::read_file;
using test::TempDir;
using test::write_file;

// 10 rows × 30 columns of 1 m cells, RD x 155000..155030, y 463000..463010.
GridSpec site_grid() { return GridSpec{10, 30, {155000.0, 463010.0, 1.0}, {}}; }

// A plane falling 1 % towards the east, so rain runs off and the roughness decides how fast.
std::filesystem::path write_slope(const TempDir& dir) {
    Grid<float> z(site_grid());
    for (index_t r = 0; r < z.rows(); ++r)
        for (index_t c = 0; c < z.cols(); ++c) z(r, c) = static_cast<float>(0.3 - 0.01 * c);
    const auto path = dir.path() / "slope.tif";
    write_cog(path.string(), z);
    return path;
}

std::filesystem::path write_flat(const TempDir& dir) {
    const auto path = dir.path() / "flat.tif";
    write_cog(path.string(), Grid<float>(site_grid(), 0.0f));
    return path;
}

FloodJob job_on(const std::filesystem::path& terrain, const std::filesystem::path& out) {
    FloodJob job;
    job.scenario = "test";
    job.terrain = terrain;
    job.default_cover = "impermeable";
    job.after_rain_s = 300.0;
    job.output_dir = out;
    return job;
}

FloodJob rain_on_slope(const TempDir& dir, const std::string& run) {
    FloodJob job = job_on(write_slope(dir), dir.path() / run);
    job.constant_rain_mm_per_h = 120.0;  // 20 mm: deeper than the 1 cm below which no velocity is sampled
    job.constant_rain_duration_s = 600.0;
    job.settings.edges[kEast] = {EdgeKind::free_outflow, {}};
    return job;
}

bool same_map(const std::filesystem::path& a, const std::filesystem::path& b) {
    const Grid<float> x = read_raster(a.string()), y = read_raster(b.string());
    if (x.size() != y.size()) return false;
    for (index_t i = 0; i < x.size(); ++i) {
        const float u = x.data()[i], v = y.data()[i];
        if (!(u == v || (std::isnan(u) && std::isnan(v)))) return false;
    }
    return true;
}

nlohmann::json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

TEST(FloodJobControls, OneRoughnessGivenThreeWaysGivesOneAnswer) {
    TempDir dir;
    // The reference: --manning 0.05 on the impermeable class (default n 0.02).
    FloodJob uniform = rain_on_slope(dir, "uniform");
    uniform.manning_n = 0.05;
    run_flood_job(uniform);
    // The same n as a raster that covers every cell.
    write_cog((dir.path() / "n.tif").string(), Grid<float>(site_grid(), 0.05f));
    FloodJob raster = rain_on_slope(dir, "raster");
    raster.roughness = dir.path() / "n.tif";
    const FloodJobReport raster_report = run_flood_job(raster);
    EXPECT_EQ(raster_report.roughness.cells_from_raster, 300);
    EXPECT_NEAR(raster_report.roughness.mean_manning_n, 0.05, 1e-7);
    // The same n through a class table.
    write_file(dir.path() / "classes.csv", "code,manning_n\n9,0.05\n");
    FloodJob table = rain_on_slope(dir, "table");
    table.land_cover_table = dir.path() / "classes.csv";
    run_flood_job(table);
    // A raster with holes: where it has no data the class n (here 0.05 by --manning) holds.
    Grid<float> holes(site_grid(), 0.05f);
    for (index_t c = 0; c < 15; ++c)
        for (index_t r = 0; r < 10; ++r) holes(r, c) = NAN;
    write_cog((dir.path() / "holes.tif").string(), holes);
    FloodJob mixed = rain_on_slope(dir, "mixed");
    mixed.roughness = dir.path() / "holes.tif";
    mixed.manning_n = 0.05;
    const FloodJobReport mixed_report = run_flood_job(mixed);
    EXPECT_EQ(mixed_report.roughness.cells_from_raster, 150);
    EXPECT_EQ(mixed_report.roughness.cells_from_classes, 150);
    // And the default n, which must differ (else the comparisons above prove nothing).
    run_flood_job(rain_on_slope(dir, "default"));

    for (const char* map : {"max_depth_m.tif", "max_velocity_m_per_s.tif", "final_depth_m.tif"}) {
        SCOPED_TRACE(map);
        EXPECT_TRUE(same_map(dir.path() / "uniform" / map, dir.path() / "raster" / map));
        EXPECT_TRUE(same_map(dir.path() / "uniform" / map, dir.path() / "table" / map));
        EXPECT_TRUE(same_map(dir.path() / "uniform" / map, dir.path() / "mixed" / map));
        EXPECT_FALSE(same_map(dir.path() / "uniform" / map, dir.path() / "default" / map));
    }
    // Rougher means slower: the water runs off later, so more is still on the slope at the end of the rain.
    const Grid<float> rough = read_raster((dir.path() / "uniform" / "max_depth_m.tif").string());
    const Grid<float> smooth = read_raster((dir.path() / "default" / "max_depth_m.tif").string());
    EXPECT_GT(rough(5, 28), smooth(5, 28));

    // Provenance says which controls were used, and the classes as the run saw them.
    const nlohmann::json provenance = read_json(dir.path() / "mixed" / "provenance.json");
    const nlohmann::json& controls = provenance["parameters"]["modeller_controls"];
    EXPECT_DOUBLE_EQ(controls["manning_n"].get<double>(), 0.05);
    EXPECT_EQ(controls["roughness"]["cells_from_raster"], 150);
    EXPECT_FALSE(controls["no_losses"].get<bool>());
    bool roughness_input = false;
    for (const auto& input : provenance["inputs"]) roughness_input |= input["role"] == "roughness";
    EXPECT_TRUE(roughness_input);
    for (const auto& c : provenance["parameters"]["land_cover_classes"])
        EXPECT_DOUBLE_EQ(c["manning_n"].get<double>(), 0.05);
    const nlohmann::json table_record = read_json(dir.path() / "table" / "provenance.json");
    EXPECT_EQ(table_record["parameters"]["modeller_controls"]["land_cover_table"],
              (dir.path() / "classes.csv").string());
    for (const auto& c : table_record["parameters"]["land_cover_classes"]) {
        if (c["code"] == 9) {
            EXPECT_DOUBLE_EQ(c["manning_n"].get<double>(), 0.05);
        }
        if (c["code"] == 4) {
            EXPECT_DOUBLE_EQ(c["manning_n"].get<double>(), 0.04);  // grass keeps its n
        }
    }
}

TEST(FloodJobControls, NoLossesLeavesNoLosses) {
    TempDir dir;
    // "mixed" has interception, infiltration and sewer; a closed bowl-less flat keeps everything that is not lost.
    FloodJob lossy = job_on(write_flat(dir), dir.path() / "lossy");
    lossy.default_cover = "mixed";
    lossy.constant_rain_mm_per_h = 60.0;
    lossy.constant_rain_duration_s = 600.0;
    const VolumeBalance with = run_flood_job(lossy).result.balance;
    EXPECT_GT(with.interception_m3, 0.0);  // the losses are there to remove
    EXPECT_GT(with.infiltration_m3, 0.0);
    EXPECT_GT(with.sewer_m3, 0.0);

    FloodJob lossless = lossy;
    lossless.output_dir = dir.path() / "lossless";
    lossless.no_losses = true;
    const VolumeBalance without = run_flood_job(lossless).result.balance;
    EXPECT_EQ(without.interception_m3, 0.0);
    EXPECT_EQ(without.infiltration_m3, 0.0);
    EXPECT_EQ(without.sewer_m3, 0.0);
    EXPECT_NEAR(without.rain_m3, 0.010 * 300.0, 1e-6);  // 10 mm on 300 m²
    EXPECT_NEAR(without.final_storage_m3, without.rain_m3, 1e-4);
    const nlohmann::json balance = read_json(dir.path() / "lossless" / "volume_balance.json");
    EXPECT_EQ(balance["sewer_m3"].get<double>(), 0.0);
    EXPECT_TRUE(read_json(dir.path() / "lossless" / "provenance.json")["parameters"]["modeller_controls"]["no_losses"]);
}

TEST(FloodJobControls, AnInflowAloneDrivesARunAndItsBalanceCloses) {
    TempDir dir;
    FloodJob job = job_on(write_flat(dir), dir.path() / "run");
    InflowSpec pipe;
    pipe.where = {"pipe", 155015.5, 463005.5};
    pipe.discharge_m3_per_s.points = {{0.0, 0.01}, {300.0, 0.01}, {301.0, 0.0}};
    job.inflows.push_back(pipe);
    const FloodJobReport report = run_flood_job(job);
    const VolumeBalance& b = report.result.balance;
    EXPECT_EQ(report.rain_name, "no rain");
    EXPECT_EQ(b.rain_m3, 0.0);
    EXPECT_NEAR(b.inflow_m3, 0.01 * 300.0 + 0.005, 1e-6);  // the 1 s ramp adds half a second
    EXPECT_NEAR(b.final_storage_m3, b.inflow_m3, 1e-5);    // closed edges: everything stays
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    EXPECT_DOUBLE_EQ(report.duration_s, 301.0 + 300.0);  // the forcing ends with the hydrograph
    const nlohmann::json provenance = read_json(dir.path() / "run" / "provenance.json");
    EXPECT_EQ(provenance["parameters"]["rain"]["name"], "no rain");
    EXPECT_EQ(provenance["parameters"]["inflows"]["points"][0]["col"], 15);
    // The run's peak memory and its grid, so memory per cell can be read off.
    EXPECT_GT(provenance["memory"]["peak_resident_bytes"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(provenance["memory"]["grid_cells"].get<std::int64_t>(), report.grid.rows * report.grid.cols);
}

TEST(FloodJobControls, AnEdgeInflowFillsAClosedBasin) {
    TempDir dir;
    FloodJob job = job_on(write_flat(dir), dir.path() / "run");
    EdgeInflowSpec river;
    river.name = "west:463002-463006";
    river.edge = kWest;
    river.from_m = 463002.0;
    river.to_m = 463006.0;
    river.discharge_m3_per_s.points = {{0.0, 0.02}, {200.0, 0.02}, {200.0 + 1e-9, 0.0}};
    job.edge_inflows.push_back(river);
    const FloodJobReport report = run_flood_job(job);
    const VolumeBalance& b = report.result.balance;
    EXPECT_NEAR(b.edge_inflow_m3, 0.02 * 200.0, 1e-4);
    EXPECT_EQ(b.inflow_m3, 0.0);
    EXPECT_NEAR(b.final_storage_m3, b.edge_inflow_m3, 1e-4);
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    const nlohmann::json record =
        read_json(dir.path() / "run" / "provenance.json")["parameters"]["inflows"]["edges"][0];
    EXPECT_EQ(record["first_row"], 4);  // y 463006 is 4 cells below the top at 463010
    EXPECT_EQ(record["last_row"], 7);   // y 463002: rows 4..7, 4 m
    const nlohmann::json balance = read_json(dir.path() / "run" / "volume_balance.json");
    EXPECT_NEAR(balance["edge_inflow_m3"].get<double>(), 4.0, 1e-4);
}

TEST(FloodJobControls, EdgeSegmentsBecomeTheCellsTheyTouch) {
    const GridSpec grid = site_grid();  // rows: y 463010 (top) .. 463000; cols: x 155000 .. 155030
    auto cells = [&](Edge edge, double from_m, double to_m) {
        const EdgeInflow e = locate_edge_inflow(grid, {"e", edge, from_m, to_m, {}, {}});
        EXPECT_EQ(e.edge, edge);
        return std::pair{e.first, e.last};
    };
    EXPECT_EQ(cells(kWest, 463000.0, 463010.0), (std::pair<index_t, index_t>{0, 9}));   // the whole edge
    EXPECT_EQ(cells(kEast, 463008.0, 463010.0), (std::pair<index_t, index_t>{0, 1}));   // the top two rows
    EXPECT_EQ(cells(kWest, 463003.2, 463003.7), (std::pair<index_t, index_t>{6, 6}));   // inside one cell
    EXPECT_EQ(cells(kWest, 463003.5, 463004.5), (std::pair<index_t, index_t>{5, 6}));   // across a boundary: both
    EXPECT_EQ(cells(kNorth, 155005.0, 155010.0), (std::pair<index_t, index_t>{5, 9}));  // columns from the west
    EXPECT_EQ(cells(kSouth, 155029.5, 155030.0), (std::pair<index_t, index_t>{29, 29}));

    auto error_of = [&](Edge edge, double from_m, double to_m) {
        return input_error_of([&] { locate_edge_inflow(grid, {"river", edge, from_m, to_m, {}, {}}); });
    };
    EXPECT_EQ(error_of(kWest, 463006.0, 463002.0),
              "edge inflow 'river': the segment 463006..463002 runs backwards; give the lower y first");
    EXPECT_EQ(error_of(kNorth, 155004.0, 155004.0), "edge inflow 'river': the segment 155004..155004 has no length");
    EXPECT_EQ(error_of(kWest, 463005.0, 463012.0),
              "edge inflow 'river': the segment y = 463005..463012 does not lie on the west edge, which runs from "
              "y = 463000 to 463010 (RD New metres)");
    EXPECT_NE(error_of(kSouth, 463000.0, 463005.0).find("does not lie on the south edge, which runs from x = 155000"),
              std::string::npos);  // a y range given for a north/south edge
    EXPECT_EQ(input_error_of([] { edge_by_name("up"); }),
              "'up' is not an edge; the edges are north, east, south and west");
    EXPECT_EQ(edge_by_name("south"), kSouth);
}

TEST(FloodJobControls, EdgeInflowOverCellsWithoutTerrainIsRefused) {
    TempDir dir;
    Grid<float> z(site_grid(), 0.0f);
    for (index_t r = 0; r < 3; ++r) z(r, 0) = NAN;  // the top of the west edge is outside the data
    write_cog((dir.path() / "notched.tif").string(), z);
    FloodJob job = job_on(dir.path() / "notched.tif", dir.path() / "run");
    job.edge_inflows.push_back({"west:463005-463010", kWest, 463005.0, 463010.0, {{{0.0, 1.0}}}, {}});
    EXPECT_NE(input_error_of([&] {
                  run_flood_job(job);
              }).find("edge inflow 'west:463005-463010': row 0 of the west edge is outside the domain"),
              std::string::npos);
}

TEST(FloodJobControls, WhatDrivesARunIsCheckedWithAPreciseMessage) {
    TempDir dir;
    const auto flat = write_flat(dir);
    FloodJob idle = job_on(flat, dir.path() / "idle");
    EXPECT_EQ(input_error_of([&] { run_flood_job(idle); }),
              "nothing drives this run: give rain (a storm, a constant intensity with its duration, a rain CSV or a "
              "raster rain list), a point inflow, an edge inflow or a water-level edge");
    FloodJob negative = idle;
    negative.constant_rain_mm_per_h = -5.0;
    negative.constant_rain_duration_s = 600.0;
    EXPECT_EQ(input_error_of([&] { run_flood_job(negative); }), "constant rain: the intensity -5 mm/h is negative");
    FloodJob two = negative;
    two.storm = "T100";
    EXPECT_EQ(input_error_of([&] { run_flood_job(two); }),
              "give at most one rain source; got a storm (T100) and a constant intensity");
    // A water-level edge alone is a driver: no error about rain.
    FloodJob level = idle;
    level.after_rain_s = 60.0;
    level.settings.edges[kWest] = {EdgeKind::water_level, {{{0.0, 0.05}}}};
    const FloodJobReport report = run_flood_job(level);
    EXPECT_GT(report.result.balance.boundary_in_m3, 0.0);
    EXPECT_DOUBLE_EQ(report.duration_s, 60.0);
}

TEST(FloodJobControls, BadControlsAreRefusedBeforeTheRun) {
    TempDir dir;
    FloodJob job = rain_on_slope(dir, "bad");
    job.manning_n = 0.0;
    EXPECT_EQ(input_error_of([&] { run_flood_job(job); }), "Manning's n (--manning) 0 must be more than 0");
    job.manning_n = 2.0;
    EXPECT_NE(input_error_of([&] { run_flood_job(job); }).find("implausible"), std::string::npos);
    job.manning_n.reset();
    Grid<float> n(site_grid(), 0.03f);
    n(2, 3) = -0.01f;
    write_cog((dir.path() / "bad_n.tif").string(), n);
    job.roughness = dir.path() / "bad_n.tif";
    EXPECT_EQ(input_error_of([&] { run_flood_job(job); }),
              "roughness raster " + (dir.path() / "bad_n.tif").string() +
                  ": Manning's n -0.01 must be more than 0 near (155003.5, 463007.5)");
    job.roughness = dir.path() / "missing.tif";
    EXPECT_NE(input_error_of([&] { run_flood_job(job); }).find("roughness file not found"), std::string::npos);
    job.roughness.reset();
    job.default_cover = "heath";  // not a class until a table adds it
    EXPECT_NE(input_error_of([&] { run_flood_job(job); }).find("unknown land cover 'heath'"), std::string::npos);
    write_file(dir.path() / "heath.csv", "code,name,manning_n\n20,heath,0.08\n");
    job.land_cover_table = dir.path() / "heath.csv";
    const FloodJobReport report = run_flood_job(job);  // now it is
    EXPECT_GT(report.result.balance.rain_m3, 0.0);
}

// Stands for the user pressing Ctrl-C while the bar shows `at` (a fraction): sets the flag the token points at.
class CtrlCAt final : public ProgressSink {
public:
    CtrlCAt(double at, std::atomic<bool>& flag) : at_(at), flag_(flag) {}
    void begin(std::string_view) override {}
    void update(double fraction) override {
        if (fraction >= at_) flag_ = true;
    }
    void end(bool completed) override { ended_completed = completed; }
    bool ended_completed = true;

private:
    double at_;
    std::atomic<bool>& flag_;
};

// The job takes its caller's ExecutionContext: a token cancelled during the run stops it with wn::Interrupted, and
// the staged output folder is not published, so the previous result stays as it was, whole, and no staging folder
// is left. The same job with a token nobody sets finishes and is published.
TEST(FloodJobExecution, ACancelledRunPublishesNothingAndKeepsThePreviousResult) {
    TempDir dir;
    FloodJob job = rain_on_slope(dir, "unused");
    job.settings.frame_interval_s = 60.0;
    job.write_frames = true;
    const std::filesystem::path out = dir.path() / "result";
    std::atomic<bool> stop{false};
    write_published(out, [&](const std::filesystem::path& staging) {
        job.output_dir = staging;
        return run_flood_job(job, {.threads = 2, .cancel = CancelToken(&stop)});
    });
    ASSERT_FALSE(stop);
    const std::string before = read_file(out / "max_depth_m.tif");
    const auto files_before = std::distance(std::filesystem::recursive_directory_iterator(out), {});

    job.constant_rain_mm_per_h = 240.0;  // a different run, which would change the maps
    CtrlCAt ctrl_c(0.3, stop);
    EXPECT_THROW(write_published(out,
                                 [&](const std::filesystem::path& staging) {
                                     job.output_dir = staging;
                                     return run_flood_job(
                                         job, {.threads = 2, .cancel = CancelToken(&stop), .progress = &ctrl_c});
                                 }),
                 Interrupted);
    EXPECT_TRUE(stop);
    EXPECT_FALSE(ctrl_c.ended_completed);
    EXPECT_EQ(read_file(out / "max_depth_m.tif"), before);
    EXPECT_EQ(std::distance(std::filesystem::recursive_directory_iterator(out), {}), files_before);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"result", "slope.tif"}));
}

}  // namespace
}  // namespace wn
