#include "waternet/pipeline/flood_job.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <omp.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/install_paths.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/hydro/land_cover_csv.hpp"
#include "waternet/hydro/subgrid_run.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/flood_specs.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {

std::filesystem::path data_dir() { return shipped_data_dir(); }

std::filesystem::path standard_storms_csv() {
    return data_dir() / "rain" / "design_storms_rioned_bui01-10_deltaprogramma.csv";
}

LandCoverTable job_land_cover_table() { return LandCoverTable::defaults(); }

LandCoverTable job_land_cover_table(const FloodJob& job) {
    LandCoverTable table = job_land_cover_table();
    if (job.land_cover_table) table = read_land_cover_table_csv(*job.land_cover_table, std::move(table));
    if (job.lumped_loss_mm_per_h) table.set_lumped_loss(*job.lumped_loss_mm_per_h);
    if (job.no_losses) table.remove_losses();
    if (job.manning_n) {
        if (const std::string problem = manning_n_problem(*job.manning_n); !problem.empty())
            throw InputError("Manning's n (--manning) " + problem);
        table.set_manning_everywhere(*job.manning_n);
    }
    table.validate();
    return table;
}

std::uint8_t cover_class_by_name(const std::string& name, const LandCoverTable& table) {
    std::string names;
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code) || table[code].is_building) continue;
        if (table[code].name == name) return code;
        names += (names.empty() ? "" : ", ") + table[code].name;
    }
    throw InputError("unknown land cover '" + name + "'; choose one of: " + names);
}

std::uint8_t cover_class_by_name(const std::string& name) { return cover_class_by_name(name, job_land_cover_table()); }

namespace {
constexpr std::array<std::string_view, 4> kEdgeNames{"north", "east", "south", "west"};  // in Edge order
}

std::string_view edge_name(Edge edge) { return kEdgeNames.at(static_cast<std::size_t>(edge)); }

Edge edge_by_name(std::string_view name) {
    for (std::size_t e = 0; e < kEdgeNames.size(); ++e)
        if (kEdgeNames[e] == name) return static_cast<Edge>(e);
    throw InputError("'" + std::string(name) + "' is not an edge; the edges are north, east, south and west");
}

EdgeInflow locate_edge_inflow(const GridSpec& grid, const EdgeInflowSpec& spec) {
    const bool along_y = spec.edge == kWest || spec.edge == kEast;  // west and east edges run north-south
    const char axis = along_y ? 'y' : 'x';
    const double dx = grid.transform.cell_size_m;
    const double edge_from = along_y ? grid.min_y() : grid.min_x(), edge_to = along_y ? grid.max_y() : grid.max_x();
    const std::string who = fmt::format("edge inflow '{}'", spec.name);
    if (!std::isfinite(spec.from_m) || !std::isfinite(spec.to_m))
        throw InputError(who + ": the segment's ends must be numbers");
    if (spec.from_m == spec.to_m)
        throw InputError(fmt::format("{}: the segment {}..{} has no length", who, spec.from_m, spec.to_m));
    if (spec.from_m > spec.to_m)
        throw InputError(fmt::format("{}: the segment {}..{} runs backwards; give the lower {} first", who, spec.from_m,
                                     spec.to_m, axis));
    const double tolerance_m = 1e-6 * dx;
    if (spec.from_m < edge_from - tolerance_m || spec.to_m > edge_to + tolerance_m)
        throw InputError(
            fmt::format("{}: the segment {} = {}..{} does not lie on the {} edge, which runs from {} = {} to {} "
                        "(RD New metres)",
                        who, axis, spec.from_m, spec.to_m, edge_name(spec.edge), axis, edge_from, edge_to));
    // The segment's ends in cells counted along the index direction: rows from the north, columns from the west.
    const double a = along_y ? (grid.max_y() - spec.to_m) / dx : (spec.from_m - grid.min_x()) / dx;
    const double b = along_y ? (grid.max_y() - spec.from_m) / dx : (spec.to_m - grid.min_x()) / dx;
    auto snap = [](double cells) {  // an end on a cell boundary, up to rounding, is on it
        const double whole = std::round(cells);
        return std::abs(cells - whole) < 1e-6 ? whole : cells;
    };
    const index_t count = along_y ? grid.rows : grid.cols;
    const index_t first = std::max<index_t>(0, static_cast<index_t>(std::floor(snap(a))));
    const index_t last = std::min<index_t>(count - 1, static_cast<index_t>(std::ceil(snap(b))) - 1);
    return {spec.name, spec.edge, first, std::max(first, last), spec.discharge_m3_per_s};
}

int subgrid_ratio(double cell_m, double pixel_m) {
    if (!(cell_m > 0.0) || !std::isfinite(cell_m))
        throw InputError(
            fmt::format("the computational cell (--cell) must be a positive number of metres, not {}", cell_m));
    const double ratio = cell_m / pixel_m;
    if (ratio < 1.0 - 1e-6)
        throw InputError(
            fmt::format("the computational cell (--cell {} m) is finer than the terrain's {} m pixels; it "
                        "must be the pixel or a whole multiple of it (--resolution resamples the terrain)",
                        cell_m, pixel_m));
    const double whole = std::round(ratio);
    if (std::fabs(ratio - whole) > 1e-6 * ratio)
        throw InputError(
            fmt::format("the computational cell (--cell {} m) is not a whole multiple of the terrain's {} m "
                        "pixels; take {} m or {} m",
                        cell_m, pixel_m, std::floor(ratio) * pixel_m, std::ceil(ratio) * pixel_m));
    if (whole > 255.0)
        throw InputError(
            fmt::format("the computational cell (--cell {} m) is {} terrain pixels wide; at most 255", cell_m, whole));
    return static_cast<int>(whole);
}

int job_subgrid_ratio(const FloodJob& job) {
    if (job.cell_m == 0.0) return 1;
    if (!std::filesystem::exists(job.terrain)) return 1;  // load_terrain says so
    const double pixel = raster_info(job.terrain.string()).spec.transform.cell_size_m;
    return subgrid_ratio(job.cell_m,
                         job.resolution_m > pixel && std::isfinite(job.resolution_m) ? job.resolution_m : pixel);
}

namespace {

std::string infiltration_text(const Infiltration& f) {
    if (f.initial_mm_per_h == f.final_mm_per_h) return fmt::format("{:g} mm/h", f.final_mm_per_h);
    return fmt::format("{:g} falling to {:g} mm/h (Horton)", f.initial_mm_per_h, f.final_mm_per_h);
}

std::string losses_text(const FloodJob& job, const LandCoverTable& table) {
    if (job.no_losses) return "none (no interception, infiltration or sewer)";
    if (!job.lumped_loss_mm_per_h && job_subgrid_ratio(job) > 1)
        return "none: the subgrid engine (--cell) does not take land-cover losses yet (interception, infiltration, "
               "sewer), so depths are upper bounds; a lumped loss it does take";
    if (job.lumped_loss_mm_per_h)
        return fmt::format("lumped {:g} mm/h on every class but roofs and open water (infiltration and sewer together)",
                           *job.lumped_loss_mm_per_h);
    const LandCoverClass& c = table[cover_class_by_name(job.default_cover, table)];
    return fmt::format("class '{}' {}: interception {:g} mm, infiltration {}, sewer {:g} mm/h; roofs to {}", c.name,
                       job.land_cover ? "where the land cover gives no class (elsewhere per class)" : "everywhere",
                       c.interception_mm, infiltration_text(c.infiltration), c.sewer_inflow_mm_per_h,
                       job.settings.roofs_to_sewer ? "the sewer" : "the ground beside");
}

std::string land_cover_text(const FloodJob& job) {
    if (!job.land_cover) return fmt::format("none given: class '{}' everywhere", job.default_cover);
    const GeoFileKind kind = geo_file_kind(*job.land_cover, "land cover");
    std::string text = fmt::format("{} {}", land_cover_kind_name(kind), job.land_cover->string());
    if (kind == GeoFileKind::vector) text += " (classes by " + default_bgt_classes_csv().filename().string() + ")";
    return text;
}

}  // namespace

std::vector<std::string> FloodDataChoices::lines() const {
    return {"edges " + edges + "; losses: " + losses, "land cover: " + land_cover};
}

FloodDataChoices flood_data_choices(const FloodJob& job, const LandCoverTable& table) {
    return {describe_edges(job.settings.edges), losses_text(job, table), land_cover_text(job)};
}

namespace {

// The rain sources a job names; at most one may be given.
std::vector<std::string> rain_sources(const FloodJob& job) {
    std::vector<std::string> given;
    if (!job.storm.empty()) given.push_back("a storm (" + job.storm + ")");
    if (job.constant_rain_mm_per_h) given.push_back("a constant intensity");
    if (job.rain_csv) given.push_back("a rain CSV");
    if (job.rain_raster_list) given.push_back("a raster rain list");
    return given;
}

// Water that enters other than as rain: point inflows, edge inflows, water-level edges.
bool has_inflow_forcing(const FloodJob& job) {
    const auto& edges = job.settings.edges;
    return !job.inflows.empty() || !job.edge_inflows.empty() ||
           std::any_of(edges.begin(), edges.end(),
                       [](const EdgeCondition& e) { return e.kind == EdgeKind::water_level; });
}

RainSeries make_rain(const FloodJob& job) {
    const std::vector<std::string> given = rain_sources(job);
    if (given.size() > 1)
        throw InputError("give at most one rain source; got " + given[0] + " and " + given[1] +
                         (given.size() > 2 ? " and more" : ""));
    if (given.empty()) {
        if (!has_inflow_forcing(job))
            throw InputError(
                "nothing drives this run: give rain (a storm, a constant intensity with its duration, a "
                "rain CSV or a raster rain list), a point inflow, an edge inflow or a water-level edge");
        return RainSeries("no rain", {});
    }
    if (!job.storm.empty()) return standard_storm(job.storm, standard_storms_csv());
    if (job.constant_rain_mm_per_h) return constant_rain(*job.constant_rain_mm_per_h, job.constant_rain_duration_s);
    if (job.rain_csv) return read_rain_csv(*job.rain_csv);
    // Raster rain: depths come from the rasters (RasterRain); the series only names it.
    return RainSeries("raster rain " + job.rain_raster_list->filename().string(), {});
}

// Spatially varying rain from a list of intensity rasters (mm/h), each resampled onto the model grid once.
class RasterRain {
public:
    RasterRain(const std::filesystem::path& list, const GridSpec& grid) {
        index_t covered = 0, cells = 0;
        for (const RainRasterFrame& frame : read_rain_raster_list(list)) {
            Grid<float> intensity = read_raster_onto(frame.raster.string(), grid, Resampling::bilinear);
            cells += intensity.size();
            for (float& v : intensity.values()) {
                if (!std::isnan(v)) ++covered;
                if (std::isnan(v)) v = 0.0f;  // no radar coverage: no rain there
                if (v < 0.0f || v > kMaxRainIntensityMmPerHour)
                    throw InputError(fmt::format("rain raster {} holds {} mm/h; intensities must be 0..{}",
                                                 frame.raster.string(), v, kMaxRainIntensityMmPerHour));
            }
            frames_.push_back({frame.t_start_s, frame.t_end_s, std::move(intensity)});
        }
        // A raster in another CRS, outside the area or all no data gives a dry run that looks like a result.
        if (covered == 0)
            throw InputError(
                fmt::format("rain rasters of {} do not cover the model's area anywhere (all no data, "
                            "outside it, or in another CRS?)",
                            list.string()));
        coverage_ = static_cast<double>(covered) / static_cast<double>(cells);
        if (coverage_ < 0.999)
            spdlog::warn("rain rasters of {} cover {:.0f} % of the model's area and its time; elsewhere no rain falls",
                         list.string(), 100.0 * coverage_);
    }
    double coverage() const { return coverage_; }  // share of cells × frames with a value
    void operator()(double t0, double t1, GridView<float> depth) const {
        for (index_t i = 0; i < depth.size(); ++i) depth.data()[i] = 0.0f;
        for (const Frame& f : frames_) {
            const double overlap = std::min(t1, f.t_end) - std::max(t0, f.t_start);
            if (overlap <= 0.0) continue;
            const double m_per_mm_h = overlap * 1e-3 / 3600.0;
            for (index_t i = 0; i < depth.size(); ++i)
                depth.data()[i] += static_cast<float>(f.intensity_mm_per_h.data()[i] * m_per_mm_h);
        }
    }

private:
    struct Frame {
        double t_start, t_end;
        Grid<float> intensity_mm_per_h;
    };
    std::vector<Frame> frames_;
    double coverage_ = 1.0;
};

// Forcing the terrain cannot mean: a water level 1e30 m or 1e6 m above any cell (a typo, a unit in mm) would run no
// step or make a depth of kilometres; frames closer than the exchange interval would repeat themselves (and
// sub-second times would overwrite each other's file names).
void check_forcing_is_plausible(const FloodJob& job, const FloodSettings& settings, const Grid<float>& terrain) {
    constexpr double kLevelMarginM = 100.0;
    float low = std::numeric_limits<float>::infinity(), high = -low;
    for (float z : terrain.values())
        if (!std::isnan(z)) low = std::min(low, z), high = std::max(high, z);
    static constexpr const char* kEdgeNames[] = {"north", "east", "south", "west"};
    for (int e = 0; e < 4; ++e) {
        const EdgeCondition& edge = settings.edges[static_cast<std::size_t>(e)];
        if (edge.kind != EdgeKind::water_level) continue;
        for (const auto& [t, level] : edge.water_level_m.points)
            if (!(level >= low - kLevelMarginM && level <= high + kLevelMarginM))
                throw InputError(
                    fmt::format("{} edge: the water level {:g} m at t = {:g} s lies outside the terrain's "
                                "range {:.2f} .. {:.2f} m by more than {:g} m",
                                kEdgeNames[e], level, t, low, high, kLevelMarginM));
    }
    // The Rhine's highest discharge at Lobith was about 12 600 m³/s; 100 000 m³/s is no inflow a street model meets.
    constexpr double kMaxDischargeM3PerS = 1.0e5;
    auto check_discharge = [&](const std::string& name, const TimeSeries& q) {
        for (const auto& [t, value] : q.points)
            if (!(value >= 0.0 && value <= kMaxDischargeM3PerS))
                throw InputError(
                    fmt::format("inflow {}: the discharge {:g} m³/s at t = {:g} s is outside 0 .. {:g} m³/s", name,
                                value, t, kMaxDischargeM3PerS));
    };
    for (const InflowSpec& f : job.inflows) check_discharge(f.where.name, f.discharge_m3_per_s);
    for (const EdgeInflowSpec& f : job.edge_inflows) check_discharge(f.name, f.discharge_m3_per_s);
    if (job.write_frames && settings.frame_interval_s > 0.0) {
        if (settings.frame_interval_s < settings.exchange_interval_s)
            throw InputError(
                fmt::format("frames every {:g} s: the interval must be at least the exchange interval of "
                            "{:g} s (the depth is not resampled more often)",
                            settings.frame_interval_s, settings.exchange_interval_s));
        constexpr double kMaxFrames = 10000.0;
        if (settings.duration_s / settings.frame_interval_s > kMaxFrames)
            throw InputError(
                fmt::format("frames every {:g} s over {:g} s would write more than {:g} maps; choose a "
                            "longer interval",
                            settings.frame_interval_s, settings.duration_s, kMaxFrames));
    }
}

struct Cell {
    index_t row, col;
};
Cell cell_of(const GridSpec& grid, const PointSpec& p, const std::string& what) {
    const index_t r = grid.transform.row_of(p.y), c = grid.transform.col_of(p.x);
    if (!grid.contains_cell(r, c))
        throw InputError(
            fmt::format("{} '{}' at ({:.1f}, {:.1f}) lies outside the model grid ({:.0f}..{:.0f}, "
                        "{:.0f}..{:.0f})",
                        what, p.name, p.x, p.y, grid.min_x(), grid.max_x(), grid.min_y(), grid.max_y()));
    return {r, c};
}

std::vector<FloodJobReport::Spot> deepest_spots(const Grid<float>& depth, const GridSpec& grid, std::size_t count,
                                                double min_separation_m) {
    std::vector<index_t> order;
    for (index_t i = 0; i < depth.size(); ++i)
        if (depth.data()[i] > 0.0f) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](index_t a, index_t b) { return depth.data()[a] > depth.data()[b]; });
    std::vector<FloodJobReport::Spot> spots;
    for (index_t i : order) {
        const double x = grid.transform.cell_center_x(i % grid.cols), y = grid.transform.cell_center_y(i / grid.cols);
        const bool far = std::all_of(spots.begin(), spots.end(),
                                     [&](const auto& s) { return std::hypot(s.x - x, s.y - y) >= min_separation_m; });
        if (!far) continue;
        spots.push_back({x, y, depth.data()[i]});
        if (spots.size() == count) break;
    }
    return spots;
}

std::string balance_csv(const VolumeBalance& b) {
    std::ostringstream out;
    out.precision(12);
    out << "term,volume_m3\n"
        << "rain," << b.rain_m3 << "\ninterception," << b.interception_m3 << "\ninfiltration," << b.infiltration_m3
        << "\nsewer," << b.sewer_m3 << "\ninflow," << b.inflow_m3 << "\nedge_inflow," << b.edge_inflow_m3
        << "\nboundary_in," << b.boundary_in_m3 << "\nboundary_out," << b.boundary_out_m3 << "\ninitial_storage,"
        << b.initial_storage_m3 << "\nfinal_storage," << b.final_storage_m3 << "\nerror," << b.error_m3() << "\n";
    return out.str();
}

nlohmann::json balance_json(const VolumeBalance& b) {
    return {{"rain_m3", b.rain_m3},
            {"interception_m3", b.interception_m3},
            {"infiltration_m3", b.infiltration_m3},
            {"sewer_m3", b.sewer_m3},
            {"inflow_m3", b.inflow_m3},
            {"edge_inflow_m3", b.edge_inflow_m3},
            {"boundary_in_m3", b.boundary_in_m3},
            {"boundary_out_m3", b.boundary_out_m3},
            {"initial_storage_m3", b.initial_storage_m3},
            {"final_storage_m3", b.final_storage_m3},
            {"error_m3", b.error_m3()},
            {"relative_error", b.relative_error()},
            {"definition",
             "error = (final - initial storage) - (rain + inflow + edge_inflow + boundary_in - "
             "interception - infiltration - sewer - boundary_out)"}};
}

std::string edge_kind_name(EdgeKind kind) {
    switch (kind) {
        case EdgeKind::closed:
            return "closed";
        case EdgeKind::free_outflow:
            return "free_outflow";
        case EdgeKind::water_level:
            return "water_level";
    }
    return "?";
}

// The classes the run used, with the column names of a land-cover table CSV (so the record can be edited into one).
nlohmann::json classes_json(const LandCoverTable& table) {
    nlohmann::json classes = nlohmann::json::array();
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code)) continue;
        const LandCoverClass& c = table[code];
        nlohmann::json row = {{"code", k}, {"name", c.name}};
        for (const LandCoverField& field : land_cover_fields()) row[std::string(field.name)] = field.value(c);
        row["is_building"] = c.is_building;
        row["is_water"] = c.is_water;
        classes.push_back(std::move(row));
    }
    return classes;
}

nlohmann::json settings_json(const FloodJob& job, const FloodSettings& s, const GridSpec& grid, const NodataReport& nd,
                             const LandCoverTable& table) {
    nlohmann::json edges = nlohmann::json::object();
    for (int e = 0; e < 4; ++e) edges[std::string(edge_name(static_cast<Edge>(e)))] = edge_kind_name(s.edges[e].kind);
    const nlohmann::json classes = classes_json(table);
    return {{"resolution_m", grid.transform.cell_size_m},
            {"grid",
             {{"rows", grid.rows},
              {"cols", grid.cols},
              {"origin_x", grid.transform.origin_x},
              {"origin_y", grid.transform.origin_y},
              {"crs", describe_crs(grid.crs_wkt)}}},
            {"duration_s", s.duration_s},
            {"after_rain_s", job.after_rain_s},
            {"cfl_alpha", s.cfl_alpha},
            {"theta", s.theta},
            {"dry_depth_m", s.dry_depth_m},
            {"max_dt_s", s.max_dt_s},
            {"exchange_interval_s", s.exchange_interval_s},
            {"edges", edges},
            {"roofs_to_sewer", s.roofs_to_sewer},
            {"default_cover", job.default_cover},
            {"land_cover_classes", classes},
            {"duration_thresholds_m", s.duration_thresholds_m},
            {"arrival_threshold_m", s.arrival_threshold_m},
            {"velocity_min_depth_m", s.velocity_min_depth_m},
            {"nodata",
             {{"hole_policy", std::string(to_string(job.holes))},
              {"outside_cells", nd.outside_cells},
              {"hole_cells", nd.hole_cells},
              {"holes", nd.hole_count},
              {"filled_cells", nd.filled_cells}}}};
}

// AHN leaves holes on water and under buildings. Holes where the land cover says water become a flat water
// surface at their rim's lowest level whatever the policy; the other holes follow the job's policy.
NodataReport fill_terrain_holes(Grid<float>& dem, const Grid<std::uint8_t>& cover, HolePolicy policy) {
    Grid<std::uint8_t> classes = classify_nodata(dem.view());
    Grid<std::uint8_t> water_holes = classes;
    bool any_water = false;
    for (index_t i = 0; i < classes.size(); ++i) {
        if (classes.data()[i] != nodata_class::hole) continue;
        const bool water = cover.data()[i] == kWater;
        any_water |= water;
        if (!water) water_holes.data()[i] = nodata_class::outside;  // left for the second pass
    }
    NodataReport report;
    if (any_water) {
        report = fill_holes(dem.view(), water_holes.view(), HolePolicy::water);
        classes = classify_nodata(dem.view());
    }
    const NodataReport rest = fill_holes(dem.view(), classes.view(), policy);
    report.outside_cells = rest.outside_cells;
    report.hole_cells += rest.hole_cells;
    report.hole_count += rest.hole_count;
    report.filled_cells += rest.filled_cells;
    return report;
}

std::string threshold_label(double metres) { return fmt::format("{:.0f}cm", metres * 100.0); }

double last_time_s(const TimeSeries& series) { return series.points.empty() ? 0.0 : series.points.back().first; }

// The forcing ends with the last rain (uniform or raster), the last change of an inflow or of an edge's water
// level; the run goes on after_rain_s after that.
double forcing_end_s(const FloodJob& job, const RainSeries& rain) {
    double end_s = rain.duration_s();
    if (job.rain_raster_list)
        for (const RainRasterFrame& f : read_rain_raster_list(*job.rain_raster_list))
            end_s = std::max(end_s, f.t_end_s);
    for (const InflowSpec& f : job.inflows) end_s = std::max(end_s, last_time_s(f.discharge_m3_per_s));
    for (const EdgeInflowSpec& f : job.edge_inflows) end_s = std::max(end_s, last_time_s(f.discharge_m3_per_s));
    for (const EdgeCondition& e : job.settings.edges)
        if (e.kind == EdgeKind::water_level) end_s = std::max(end_s, last_time_s(e.water_level_m));
    return end_s;
}

// Manning's n per cell: the roughness raster where it has a value, the cell's class n (after the table, --manning)
// where it has none.
Grid<float> roughness_grid(const std::filesystem::path& raster, const Grid<std::uint8_t>& cover,
                           const LandCoverTable& table, RoughnessReport& report) {
    Grid<float> manning_n = load_roughness(raster, cover.spec());
    double sum = 0.0;
    report = {};
    report.min_manning_n = std::numeric_limits<double>::infinity();
    for (index_t i = 0; i < manning_n.size(); ++i) {
        float& n = manning_n.data()[i];
        if (std::isnan(n)) {
            n = static_cast<float>(table[cover.data()[i]].manning_n);
            ++report.cells_from_classes;
            continue;
        }
        ++report.cells_from_raster;
        sum += n;
        report.min_manning_n = std::min<double>(report.min_manning_n, n);
        report.max_manning_n = std::max<double>(report.max_manning_n, n);
    }
    if (report.cells_from_raster == 0)
        throw InputError("roughness raster " + raster.string() +
                         " has no values on the model grid (does it cover the terrain?)");
    report.mean_manning_n = sum / static_cast<double>(report.cells_from_raster);
    return manning_n;
}

nlohmann::json series_source(const TimeSeries& series, const std::optional<std::filesystem::path>& file) {
    if (file) return {{"hydrograph", file->string()}, {"points", series.points.size()}};
    return {{"discharge_m3_per_s", series.points.empty() ? 0.0 : series.points.front().second}};
}

nlohmann::json controls_json(const FloodJob& job, const RoughnessReport& roughness) {
    nlohmann::json controls = {
        {"land_cover_table",
         job.land_cover_table ? nlohmann::json(job.land_cover_table->string()) : nlohmann::json(nullptr)},
        {"lumped_loss_mm_per_h",
         job.lumped_loss_mm_per_h ? nlohmann::json(*job.lumped_loss_mm_per_h) : nlohmann::json(nullptr)},
        {"no_losses", job.no_losses},
        {"manning_n", job.manning_n ? nlohmann::json(*job.manning_n) : nlohmann::json(nullptr)},
        {"roughness", nullptr}};
    if (job.roughness)
        controls["roughness"] = {{"raster", job.roughness->string()},
                                 {"resampling", "average"},
                                 {"cells_from_raster", roughness.cells_from_raster},
                                 {"cells_from_classes", roughness.cells_from_classes},
                                 {"min_manning_n", roughness.min_manning_n},
                                 {"max_manning_n", roughness.max_manning_n},
                                 {"mean_manning_n", roughness.mean_manning_n}};
    return controls;
}

// Point and edge inflows as the engine got them: the map coordinates and the cells they became.
nlohmann::json inflows_json(const FloodJob& job, const FloodInputs& inputs) {
    nlohmann::json points = nlohmann::json::array(), edges = nlohmann::json::array();
    for (std::size_t k = 0; k < job.inflows.size(); ++k) {
        const InflowSpec& f = job.inflows[k];
        nlohmann::json entry = {{"name", f.where.name},
                                {"x", f.where.x},
                                {"y", f.where.y},
                                {"row", inputs.inflows[k].row},
                                {"col", inputs.inflows[k].col}};
        entry.update(series_source(f.discharge_m3_per_s, f.hydrograph));
        points.push_back(std::move(entry));
    }
    for (std::size_t k = 0; k < job.edge_inflows.size(); ++k) {
        const EdgeInflowSpec& f = job.edge_inflows[k];
        const EdgeInflow& cells = inputs.edge_inflows[k];
        nlohmann::json entry = {{"name", f.name},
                                {"edge", std::string(edge_name(f.edge))},
                                {"from_m", f.from_m},
                                {"to_m", f.to_m},
                                {f.edge == kWest || f.edge == kEast ? "first_row" : "first_col", cells.first},
                                {f.edge == kWest || f.edge == kEast ? "last_row" : "last_col", cells.last}};
        entry.update(series_source(f.discharge_m3_per_s, f.hydrograph));
        edges.push_back(std::move(entry));
    }
    return {{"points", points}, {"edges", edges}};
}

}  // namespace

namespace {

// The engine's grids (state, losses, maxima, inputs and outputs) take about this much per cell; a terrain whose
// model grid would not fit is refused with its size before it is read (a 60 000 × 60 000 header would else be read
// for minutes and then fail).
constexpr double kFloodBytesPerCell = 96.0;

// Provenance shared by both engines: the inputs, the settings, the modeller controls, the data choices, the rain.
Provenance job_provenance(const FloodJob& job, const FloodSettings& settings, const FloodJobReport& report,
                          const LandCoverTable& table, const RainSeries& rain) {
    Provenance provenance;
    provenance.command_line = job.command_line;
    provenance.scenario = job.scenario;
    provenance.add_input("terrain", job.terrain);
    if (job.buildings) provenance.add_input("buildings", *job.buildings);
    if (job.land_cover) provenance.add_input("land_cover", *job.land_cover);
    if (job.measures) provenance.add_input("measures", *job.measures);
    if (!job.storm.empty()) provenance.add_input("design_storms", standard_storms_csv());
    if (job.rain_csv) provenance.add_input("rain", *job.rain_csv);
    if (job.rain_raster_list) provenance.add_input("rain_rasters", *job.rain_raster_list);
    if (job.land_cover_table) provenance.add_input("land_cover_table", *job.land_cover_table);
    if (job.roughness) provenance.add_input("roughness", *job.roughness);
    for (const InflowSpec& f : job.inflows)
        if (f.hydrograph) provenance.add_input("inflow_hydrograph", *f.hydrograph);
    for (const EdgeInflowSpec& f : job.edge_inflows)
        if (f.hydrograph) provenance.add_input("edge_inflow_hydrograph", *f.hydrograph);
    provenance.parameters = settings_json(job, settings, report.grid, report.nodata, table);
    provenance.parameters["modeller_controls"] = controls_json(job, report.roughness);
    const FloodDataChoices choices = flood_data_choices(job, table);
    provenance.parameters["data_choices"] = {{"edges", choices.edges},
                                             {"losses", choices.losses},
                                             {"land_cover", choices.land_cover},
                                             {"unknown_bgt_classes", report.unknown_bgt_classes}};
    provenance.parameters["rain"] = {
        {"name", rain.name()}, {"total_mm", report.rain_total_mm}, {"duration_s", rain.duration_s()}};
    return provenance;
}

// The volume balance files, the summary figures of the maximum depth, and the provenance with the run's numbers.
void write_balance_and_provenance(const FloodJob& job, const FloodResult& r, const PeakMemoryWatch& memory,
                                  FloodJobReport& report, Provenance& provenance) {
    write_text_atomic(job.output_dir / "volume_balance.csv", balance_csv(r.balance));
    write_text_atomic(job.output_dir / "volume_balance.json", balance_json(r.balance).dump(2) + "\n");
    report.written.push_back(job.output_dir / "volume_balance.csv");
    report.written.push_back(job.output_dir / "volume_balance.json");

    // Summary figures.
    const GridSpec& grid = report.grid;
    const double cell_area = grid.cell_area_m2();
    for (float d : r.max_depth_m.values()) {
        if (!std::isnan(d)) report.domain_area_m2 += cell_area;
        if (d > 0.10f) report.area_deeper_than_10cm_m2 += cell_area;
    }
    report.deepest = deepest_spots(r.max_depth_m, grid, 5, 25.0);
    if (job.rain_raster_list && report.domain_area_m2 > 0.0)  // mean depth of the raster rain
        report.rain_total_mm = r.balance.rain_m3 / report.domain_area_m2 * 1e3;

    provenance.parameters["performance"] = {{"steps", r.steps},
                                            {"wall_time_s", r.wall_time_s},
                                            {"cell_updates", r.cell_updates},
                                            {"threads", r.threads},
                                            {"min_dt_s", r.min_dt_s}};
    provenance.parameters["volume_balance"] = balance_json(r.balance);
    provenance.record_memory(memory, grid.rows * grid.cols);
    write_provenance(job.output_dir / "provenance.json", provenance);
    report.written.push_back(job.output_dir / "provenance.json");
}

void require_memory_for_flood(const FloodJob& job) {
    if (!std::filesystem::exists(job.terrain)) return;  // load_terrain says so
    const GridSpec file = raster_info(job.terrain.string()).spec;
    const double cell = job.resolution_m > file.transform.cell_size_m && std::isfinite(job.resolution_m)
                            ? job.resolution_m
                            : file.transform.cell_size_m;
    const double scale = file.transform.cell_size_m / cell;
    require_memory_for("a flood run on terrain " + job.terrain.string(),
                       static_cast<std::int64_t>(std::ceil(static_cast<double>(file.rows) * scale)),
                       static_cast<std::int64_t>(std::ceil(static_cast<double>(file.cols) * scale)),
                       kFloodBytesPerCell);
}

// Inputs the subgrid engine does not take yet (docs/flood-engine.md, "Subgrid solver"): refused before the run.
void refuse_what_subgrid_lacks(const FloodJob& job) {
    std::vector<std::string> lacking;
    if (job.buildings) lacking.push_back("--buildings");
    if (job.land_cover) lacking.push_back("--land-cover");
    if (job.measures) lacking.push_back("--measures");
    if (job.rain_raster_list) lacking.push_back("--rain-rasters");
    if (job.roughness) lacking.push_back("--roughness");
    if (!job.gauges.empty()) lacking.push_back("--gauge");
    if (!job.inflows.empty()) lacking.push_back("--inflow");
    if (!job.edge_inflows.empty()) lacking.push_back("--edge-inflow");
    if (job.write_frames) lacking.push_back("--frames-every-s");
    const auto& edges = job.settings.edges;
    if (std::any_of(edges.begin(), edges.end(), [](const EdgeCondition& e) { return e.kind == EdgeKind::water_level; }))
        lacking.push_back("water-level edges");
    if (lacking.empty()) return;
    std::string list;
    for (const std::string& l : lacking) list += (list.empty() ? "" : ", ") + l;
    throw InputError(
        fmt::format("the subgrid engine (--cell {} m) does not take {} yet; leave out --cell to run the "
                    "regular engine at the terrain's resolution",
                    job.cell_m, list));
}

// The subgrid run (hydro/subgrid_run.hpp): tables from the terrain, the coarse solver, the maximum and final depth
// downscaled to the terrain's pixels and written as the regular run writes its maps.
FloodJobReport run_subgrid_job(const FloodJob& job, FloodJobReport report, const Grid<float>& dem,
                               const LandCoverTable& table, const RainSeries& rain, const FloodSettings& settings,
                               int ratio, const PeakMemoryWatch& memory, const ExecutionContext& context) {
    const GridSpec& grid = report.grid;
    const double pixel_m = grid.transform.cell_size_m;
    subgrid::SubgridRunInputs in;
    in.terrain_m = dem.view();
    in.pixel_size_m = pixel_m;
    in.ratio = ratio;
    in.uniform_manning_n = static_cast<float>(table[cover_class_by_name(job.default_cover, table)].manning_n);
    in.rain = &rain;
    if (job.lumped_loss_mm_per_h && !job.no_losses) in.loss_m_per_s = *job.lumped_loss_mm_per_h * 1e-3 / 3600.0;
    subgrid::SolverSettings s;
    s.duration_s = settings.duration_s;
    s.cfl_alpha = settings.cfl_alpha;
    s.theta = settings.theta;
    s.dry_depth_m = settings.dry_depth_m;
    s.max_dt_s = settings.max_dt_s;
    s.exchange_interval_s = settings.exchange_interval_s;
    s.edges = settings.edges;
    const subgrid::SubgridRunResult run = subgrid::run_subgrid(in, s, context);

    FloodResult& r = report.result;
    r.max_depth_m = run.max_depth_m;
    r.final_depth_m = run.final_depth_m;
    r.balance = run.solver.balance;
    r.steps = run.solver.steps;
    r.cell_updates = run.solver.cell_updates;
    r.wall_time_s = run.solver.wall_time_s;
    r.min_dt_s = run.solver.min_dt_s;
    r.threads = run.solver.threads;
    report.engine = "subgrid";
    report.subgrid_ratio = ratio;

    Provenance provenance = job_provenance(job, settings, report, table, rain);
    provenance.parameters["engine"] = {
        {"name", "subgrid"},
        {"method", "local inertial on subgrid tables (docs/flood-engine.md, \"Subgrid solver\")"},
        {"cell_m", pixel_m * ratio},
        {"terrain_pixel_m", pixel_m},
        {"ratio", ratio},
        {"coarse_grid", {{"rows", run.solver.max_level_m.rows()}, {"cols", run.solver.max_level_m.cols()}}},
        {"table_levels", in.levels},
        {"table_bytes_per_cell", run.table_bytes_per_cell},
        {"table_build_s", run.table_build_s},
        {"manning_n", in.uniform_manning_n},
        {"lumped_loss_m_per_s", in.loss_m_per_s},
        {"maps", "max_depth_m and final_depth_m only: the coarse level downscaled to the terrain's pixels"}};
    WriteOptions base;
    base.metadata = provenance.to_metadata();
    std::filesystem::create_directories(job.output_dir);
    const auto write_map = [&](const std::string& file, const Grid<float>& values, const std::string& what) {
        WriteOptions options = base;
        options.band_description = what;
        options.unit = "m";
        write_cog((job.output_dir / file).string(), values.view(), grid, options);
        report.written.push_back(job.output_dir / file);
    };
    write_map("max_depth_m.tif", r.max_depth_m, "maximum water depth (subgrid, downscaled to the terrain pixels)");
    write_map("final_depth_m.tif", r.final_depth_m, "water depth at the end of the run (subgrid, downscaled)");
    write_balance_and_provenance(job, r, memory, report, provenance);
    return report;
}

}  // namespace

FloodJobReport run_flood_job(const FloodJob& job, const ExecutionContext& context) {
    const PeakMemoryWatch memory;               // the run's peak, for its provenance
    const OpenMPThreadsScope threads(context);  // reading and preparing the grids
    FloodJobReport report;
    if (job.output_dir.empty()) throw InputError("no output folder given");

    // The classes (defaults, the job's table and switches) first: a bad table fails before the heavy work.
    const LandCoverTable table = job_land_cover_table(job);
    // Terrain, its holes, and the domain.
    require_memory_for_flood(job);
    Grid<float> dem = load_terrain(job.terrain, job.resolution_m, "terrain");
    report.grid = dem.spec();
    const GridSpec& grid = report.grid;
    // A computational cell coarser than the terrain's pixels: the subgrid engine.
    const int ratio = job.cell_m != 0.0 ? subgrid_ratio(job.cell_m, grid.transform.cell_size_m) : 1;
    if (ratio > 1) refuse_what_subgrid_lacks(job);
    // Land cover: a class raster if given, else the default class; buildings burned in on top.
    Grid<std::uint8_t> cover =
        land_cover_grid(grid, job.default_cover, job.land_cover, table, &report.unknown_bgt_classes);
    for (const auto& [value, features] : report.unknown_bgt_classes)
        spdlog::warn("land cover {}: BGT class '{}' is not in the mapping table; its {} features are taken as mixed",
                     job.land_cover->string(), value, features);
    if (job.buildings) {
        const Grid<std::uint8_t> roofs = rasterize_mask(job.buildings->string(), grid, false, kBuildingFootprints);
        for (index_t i = 0; i < roofs.size(); ++i)
            if (roofs.data()[i] != 0) cover.data()[i] = kBuilding;
    }
    report.nodata = fill_terrain_holes(dem, cover, job.holes);
    if (job.measures) report.measures = apply_measures(*job.measures, dem, cover);

    // Rain and timing.
    const RainSeries rain = make_rain(job);
    report.rain_name = rain.name();
    report.rain_total_mm = rain.total_depth_m() * 1e3;
    if (!(job.after_rain_s >= 0.0) || job.after_rain_s > 30.0 * 86400.0)
        throw InputError(fmt::format("time after the rain must be 0..30 days (got {} s)", job.after_rain_s));
    FloodSettings settings = job.settings;
    settings.duration_s = forcing_end_s(job, rain) + job.after_rain_s;
    report.duration_s = settings.duration_s;
    std::optional<RasterRain> raster_rain;
    if (job.rain_raster_list) raster_rain.emplace(*job.rain_raster_list, grid);
    check_forcing_is_plausible(job, settings, dem);
    if (ratio > 1) return run_subgrid_job(job, std::move(report), dem, table, rain, settings, ratio, memory, context);

    FloodInputs inputs;
    inputs.terrain_m = dem.view();
    inputs.cell_size_m = grid.transform.cell_size_m;
    inputs.land_cover = cover.view();
    inputs.classes = &table;
    inputs.rain = rain.steps().empty() ? nullptr : &rain;
    std::optional<Grid<float>> manning_n;
    if (job.roughness) {
        manning_n = roughness_grid(*job.roughness, cover, table, report.roughness);
        inputs.manning_n = manning_n->view();
    }
    if (raster_rain) inputs.rain_field = [&](double t0, double t1, GridView<float> d) { (*raster_rain)(t0, t1, d); };
    for (const PointSpec& g : job.gauges) {
        const Cell c = cell_of(grid, g, "gauge");
        inputs.gauges.push_back({g.name, c.row, c.col});
    }
    for (const InflowSpec& f : job.inflows) {
        const Cell c = cell_of(grid, f.where, "inflow");
        inputs.inflows.push_back({f.where.name, c.row, c.col, f.discharge_m3_per_s});
    }
    // The engine checks that the edge cells are inside the domain and that the edge has no water-level boundary.
    for (const EdgeInflowSpec& f : job.edge_inflows) inputs.edge_inflows.push_back(locate_edge_inflow(grid, f));

    // Provenance, shared by every output of the run.
    Provenance provenance = job_provenance(job, settings, report, table, rain);
    provenance.parameters["engine"] = {{"name", "regular"}, {"cell_m", grid.transform.cell_size_m}};
    provenance.parameters["inflows"] = inflows_json(job, inputs);
    if (job.measures) {
        nlohmann::json applied = nlohmann::json::array();
        for (const AppliedMeasure& m : report.measures.measures)
            applied.push_back({{"name", m.name},
                               {"measure", m.kind},
                               {"cells", m.cells},
                               {"storage_m3", m.storage_m3},
                               {"terrain_change_m3", m.terrain_change_m3},
                               {"roof_cells", m.roof_cells}});
        provenance.parameters["measures"] = applied;
    }
    if (raster_rain) provenance.parameters["rain"]["raster_coverage"] = raster_rain->coverage();
    WriteOptions base;
    base.metadata = provenance.to_metadata();
    base.cancel = context.cancel;

    std::filesystem::create_directories(job.output_dir);
    auto write_map = [&](const std::string& file, const Grid<float>& values, const std::string& what,
                         const std::string& unit) {
        WriteOptions options = base;
        options.band_description = what;
        options.unit = unit;
        const auto path = job.output_dir / file;
        write_cog(path.string(), values.view(), grid, options);
        report.written.push_back(path);
    };
    FrameCallback on_frame;
    if (job.write_frames && settings.frame_interval_s > 0.0) {
        on_frame = [&](double t, GridView<const float> depth) {
            WriteOptions options = base;
            options.band_description = fmt::format("water depth at t = {:.0f} s", t);
            options.unit = "m";
            const auto path = job.output_dir / fmt::format("frames/depth_{:07.0f}s.tif", t);
            write_cog(path.string(), depth, grid, options);
        };
    }

    report.result = run_flood(inputs, settings, on_frame, context);
    const FloodResult& r = report.result;

    write_map("max_depth_m.tif", r.max_depth_m, "maximum water depth", "m");
    write_map("max_velocity_m_per_s.tif", r.max_velocity_m_per_s, "maximum flow velocity", "m/s");
    write_map("max_hazard.tif", r.max_hazard, "maximum hazard rating d(v+0.5)+DF", "");
    write_map(fmt::format("arrival_time_{}_s.tif", threshold_label(settings.arrival_threshold_m)), r.arrival_time_s,
              fmt::format("time at which depth first reaches {} m", settings.arrival_threshold_m), "s");
    for (std::size_t k = 0; k < settings.duration_thresholds_m.size(); ++k)
        write_map(fmt::format("duration_above_{}_s.tif", threshold_label(settings.duration_thresholds_m[k])),
                  r.duration_above_s[k], fmt::format("time deeper than {} m", settings.duration_thresholds_m[k]), "s");
    write_map("final_depth_m.tif", r.final_depth_m, "water depth at the end of the run", "m");

    if (!r.gauges.empty()) {
        std::ostringstream csv;
        csv << "gauge,x,y,time_s,depth_m\n";
        for (std::size_t g = 0; g < r.gauges.size(); ++g)
            for (std::size_t i = 0; i < r.gauges[g].time_s.size(); ++i)
                csv << r.gauges[g].name << ',' << job.gauges[g].x << ',' << job.gauges[g].y << ','
                    << r.gauges[g].time_s[i] << ',' << std::max(0.0f, r.gauges[g].depth_m[i]) << '\n';
        write_text_atomic(job.output_dir / "gauges.csv", csv.str());
        report.written.push_back(job.output_dir / "gauges.csv");
    }
    write_balance_and_provenance(job, r, memory, report, provenance);
    return report;
}

namespace {
std::string controls_summary(const FloodJob& job, const RoughnessReport& roughness) {
    std::vector<std::string> parts;
    if (job.land_cover_table) parts.push_back("land-cover table " + job.land_cover_table->filename().string());
    if (job.lumped_loss_mm_per_h) parts.push_back(fmt::format("lumped loss {} mm/h", *job.lumped_loss_mm_per_h));
    if (job.no_losses) parts.push_back("no losses");
    if (job.manning_n) parts.push_back(fmt::format("Manning n {} for every class", *job.manning_n));
    if (job.roughness)
        parts.push_back(fmt::format("roughness {} on {} cells (n {:.3f}..{:.3f}), class n on {}",
                                    job.roughness->filename().string(), roughness.cells_from_raster,
                                    roughness.min_manning_n, roughness.max_manning_n, roughness.cells_from_classes));
    std::string text;
    for (const std::string& p : parts) text += (text.empty() ? "" : "; ") + p;
    return text;
}
}  // namespace

std::string format_summary(const FloodJob& job, const FloodJobReport& rep) {
    const VolumeBalance& b = rep.result.balance;
    std::ostringstream out;
    out << fmt::format("Scenario {}: {} ({:.1f} mm), {} x {} cells of {} m, {:.0f} s simulated\n", job.scenario,
                       rep.rain_name, rep.rain_total_mm, rep.grid.cols, rep.grid.rows, rep.grid.transform.cell_size_m,
                       rep.duration_s);
    out << fmt::format("  no data: {} cells outside the data, {} holes ({} cells) handled as '{}'\n",
                       rep.nodata.outside_cells, rep.nodata.hole_count, rep.nodata.hole_cells, to_string(job.holes));
    if (rep.engine == "subgrid")
        out << fmt::format(
            "  Subgrid engine: computational cells of {} m ({} x {} terrain pixels); maps at the terrain's "
            "{} m\n",
            rep.grid.transform.cell_size_m * rep.subgrid_ratio, rep.subgrid_ratio, rep.subgrid_ratio,
            rep.grid.transform.cell_size_m);
    if (const std::string controls = controls_summary(job, rep.roughness); !controls.empty())
        out << "  Modeller controls: " << controls << "\n";
    out << "  Volume balance (m3):\n";
    out << fmt::format("    rain {:>14.1f}   interception {:>12.1f}   infiltration {:>12.1f}\n", b.rain_m3,
                       b.interception_m3, b.infiltration_m3);
    out << fmt::format("    sewer {:>13.1f}   inflow {:>18.1f}   outflow over edge {:>7.1f}\n", b.sewer_m3,
                       b.inflow_m3 + b.edge_inflow_m3 + b.boundary_in_m3, b.boundary_out_m3);
    out << fmt::format("    storage {:>11.1f}   error {:>19.3g}   relative error {:>10.2e}\n", b.final_storage_m3,
                       b.error_m3(), b.relative_error());
    out << fmt::format("  Area deeper than 10 cm: {:.2f} ha of {:.2f} ha ({:.1f} %)\n",
                       rep.area_deeper_than_10cm_m2 / 1e4, rep.domain_area_m2 / 1e4,
                       rep.domain_area_m2 > 0 ? 100.0 * rep.area_deeper_than_10cm_m2 / rep.domain_area_m2 : 0.0);
    out << "  Deepest spots (RD x, y, max depth):\n";
    for (const auto& s : rep.deepest) out << fmt::format("    {:>10.1f} {:>10.1f}   {:.2f} m\n", s.x, s.y, s.depth_m);
    out << fmt::format("  {} steps in {:.1f} s on {} threads ({:.0f} million cell-updates/s)\n", rep.result.steps,
                       rep.result.wall_time_s, rep.result.threads,
                       rep.result.cell_updates / std::max(rep.result.wall_time_s, 1e-9) / 1e6);
    out << "  Maps and tables: " << job.output_dir.string() << "/\n";
    return out.str();
}

}  // namespace wn
