#include "waternet/pipeline/waterlabel_job.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

#include <unistd.h>

#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/core/text.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/waterlabel_scoring.hpp"
#include "waternet/risk/facade.hpp"
#include "waternet/risk/plots.hpp"

namespace wn {

namespace {

using risk::PlotSurface;

// The waterlabel's part for a land-cover class of the BGT grid (hydro/land_cover.hpp codes; 0 = no BGT polygon).
PlotSurface surface_of_class(std::uint8_t code) {
    switch (code) {
        case kBuilding:
            return PlotSurface::roof;
        case kPaved:
        case kImpermeable:
            return PlotSurface::paved;
        case kUnpaved:
        case kGrass:
        case kTrees:
        case kAgriculture:
            return PlotSurface::green;
        case 0:
            return PlotSurface::none;  // no BGT polygon
        default:
            return PlotSurface::unknown;  // mixed (erf, unclassified), water
    }
}

// The first attribute of `names` the feature has (compared case-insensitively), "" when none.
std::string attribute(const VectorFeature& f, std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (const auto& [key, value] : f.attributes)
            if (lowercase(key) == name && !value.empty()) return value;
    return {};
}

// A grid over the anchors (buildings or parcels), widened by `margin_m` and snapped to whole cells.
GridSpec plot_grid(const std::vector<VectorFeature>& anchors, double cell_m, double margin_m) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const VectorFeature& f : anchors) {
        if (f.kind != GeometryKind::polygon) continue;
        x0 = std::min(x0, f.min_x), y0 = std::min(y0, f.min_y), x1 = std::max(x1, f.max_x), y1 = std::max(y1, f.max_y);
    }
    GridSpec spec;
    spec.transform.cell_size_m = cell_m;
    spec.transform.origin_x = std::floor((x0 - margin_m) / cell_m) * cell_m;
    spec.transform.origin_y = std::ceil((y1 + margin_m) / cell_m) * cell_m;
    spec.cols = static_cast<index_t>(std::ceil((x1 + margin_m - spec.transform.origin_x) / cell_m));
    spec.rows = static_cast<index_t>(std::ceil((spec.transform.origin_y - (y0 - margin_m)) / cell_m));
    return spec;
}

std::int32_t cell_value(const Grid<std::int32_t>& grid, double x, double y) {
    const risk::GridCell cell = risk::cell_of(grid.spec().transform, {x, y});
    return grid.spec().contains_cell(cell.row, cell.col) ? grid(cell.row, cell.col) : 0;
}

// ---- measures ------------------------------------------------------------------------------------

enum class MeasureKind { green_roof, disconnect, rain_barrel, underground };

struct Measure {
    MeasureKind kind;
    std::string name;
    double volume_l = 0.0;
    const VectorFeature* feature = nullptr;
};

std::vector<Measure> read_measures(const std::filesystem::path& path, const std::vector<VectorFeature>& features) {
    std::vector<Measure> out;
    for (const VectorFeature& f : features) {
        const std::string kind = lowercase(trim(attribute(f, {"measure"})));
        const std::string name = attribute(f, {"name"});
        const std::string which = fmt::format("{}: feature {}{}", path.string(), f.index + 1,
                                              name.empty() ? "" : " ('" + printable(name) + "')");
        Measure m{MeasureKind::green_roof, name.empty() ? fmt::format("measure {}", f.index + 1) : name, 0.0, &f};
        if (kind == "green_roof")
            m.kind = MeasureKind::green_roof;
        else if (kind == "disconnect")
            m.kind = MeasureKind::disconnect;
        else if (kind == "rain_barrel")
            m.kind = MeasureKind::rain_barrel;
        else if (kind == "underground")
            m.kind = MeasureKind::underground;
        else
            throw InputError(
                fmt::format("{}: unknown measure kind '{}' (a waterlabel measure is green_roof, "
                            "disconnect, rain_barrel or underground)",
                            which, printable(kind)));
        if (f.kind == GeometryKind::none) throw InputError(which + ": has no geometry");
        if (m.kind == MeasureKind::rain_barrel || m.kind == MeasureKind::underground) {
            const std::string text = attribute(f, {"volume_l"});
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0.0)
                throw InputError(fmt::format("{}: {} needs volume_l, the litres it holds (a number ≥ 0; got '{}')",
                                             which, kind, printable(text)));
            m.volume_l = v;
        }
        out.push_back(m);
    }
    return out;
}

struct AppliedMeasures {
    Grid<std::uint8_t> roof_bits;  // risk::kGreenRoofBit / kDisconnectedBit on cells (empty: no area measures)
    std::vector<std::uint8_t> whole_roof_bits;  // per plot: a point measure for its whole roof
    std::int64_t outside = 0;
};

AppliedMeasures apply_measures(const WaterlabelJob& job, const std::vector<Measure>& measures,
                               const Grid<std::int32_t>& owner, std::vector<WaterlabelPlot>& plots) {
    AppliedMeasures out;
    out.whole_roof_bits.assign(plots.size(), 0);
    const bool any_area = std::any_of(measures.begin(), measures.end(), [](const Measure& m) {
        return (m.kind == MeasureKind::green_roof || m.kind == MeasureKind::disconnect) &&
               m.feature->kind != GeometryKind::point;
    });
    Grid<std::int32_t> ids;
    if (any_area) {
        ids = rasterize_feature_ids(job.measures->string(), owner.spec(), false, {OffGrid::report});
        out.roof_bits = Grid<std::uint8_t>(owner.spec(), 0);
    }
    std::vector<std::uint8_t> bit_of_feature;  // by feature index (ids − 1)
    for (const Measure& m : measures) {
        const auto bit = m.kind == MeasureKind::green_roof   ? risk::kGreenRoofBit
                         : m.kind == MeasureKind::disconnect ? risk::kDisconnectedBit
                                                             : std::uint8_t{0};
        const std::size_t i = static_cast<std::size_t>(m.feature->index);
        if (bit_of_feature.size() <= i) bit_of_feature.resize(i + 1, 0);
        bit_of_feature[i] = bit;
        const bool at_point = bit == 0 || m.feature->kind == GeometryKind::point;
        if (!at_point) continue;
        const std::int32_t plot = cell_value(owner, m.feature->representative.x, m.feature->representative.y);
        if (plot <= 0) {
            ++out.outside;
            continue;
        }
        WaterlabelPlot& p = plots[static_cast<std::size_t>(plot - 1)];
        if (m.kind == MeasureKind::rain_barrel)
            p.parts.rain_barrel_l += m.volume_l;
        else if (m.kind == MeasureKind::underground)
            p.parts.underground_l += m.volume_l;
        else
            out.whole_roof_bits[static_cast<std::size_t>(plot - 1)] |= bit;
    }
    if (any_area)
        for (index_t i = 0; i < ids.size(); ++i) {
            const std::int32_t id = ids.data()[i];
            if (id > 0 && static_cast<std::size_t>(id) <= bit_of_feature.size())
                out.roof_bits.data()[i] = bit_of_feature[static_cast<std::size_t>(id - 1)];
        }
    return out;
}

// ---- zones -----------------------------------------------------------------------------------------

std::vector<std::string> assign_zones(const std::filesystem::path& path, const GridSpec& grid,
                                      std::vector<WaterlabelPlot>& plots, std::int32_t WaterlabelPlot::*member) {
    const std::vector<VectorFeature> zones = read_features(path.string());
    std::vector<std::string> names;
    for (const VectorFeature& z : zones) {
        std::string name =
            attribute(z, {"name", "naam", "buurtnaam", "bu_naam", "wijknaam", "gemeentenaam", "gm_naam", "statnaam"});
        names.push_back(name.empty() ? fmt::format("zone {}", z.index + 1) : printable(name));
    }
    const Grid<std::int32_t> ids = rasterize_feature_ids(path.string(), grid, false, {OffGrid::ignore, true});
    for (WaterlabelPlot& p : plots) p.*member = cell_value(ids, p.x, p.y);
    return names;
}

// ---- depth at the façade -------------------------------------------------------------------------

void add_facade_depths(const WaterlabelJob& job, const std::string& buildings_file,
                       const std::vector<VectorFeature>& buildings, const std::vector<std::int32_t>& plot_of_building,
                       std::vector<WaterlabelPlot>& plots) {
    const Grid<float> depth = read_raster(job.depth->string());
    Grid<std::int32_t> ids;
    try {
        ids = rasterize_feature_ids(buildings_file, depth.spec(), false, {OffGrid::require});
    } catch (const InputError& e) {
        std::string why = e.what();
        if (const auto at = why.find(buildings_file); at != std::string::npos)
            why.replace(at, buildings_file.size(), "the BGT's buildings");
        throw InputError(fmt::format("{}: the depth map does not cover the buildings: {}", job.depth->string(), why));
    }
    std::vector<risk::GridCell> points;
    for (const VectorFeature& b : buildings)
        points.push_back(risk::cell_of(depth.spec().transform, {b.representative.x, b.representative.y}));
    const auto exposure =
        risk::facade_exposure(depth.view(), ids.view(), static_cast<std::int32_t>(buildings.size()), {}, points);
    for (std::size_t b = 0; b < buildings.size(); ++b) {
        const std::int32_t plot = plot_of_building[b];
        const float d = exposure[b].max_depth_m;
        if (plot <= 0 || std::isnan(d)) continue;
        float& at = plots[static_cast<std::size_t>(plot - 1)].facade_depth_m;
        at = std::isnan(at) ? d : std::max(at, d);
    }
}

}  // namespace

WaterlabelResult compute_waterlabels(const WaterlabelJob& job) {
    const auto start = SteadyClock::now();
    if (!(job.cell_size_m > 0.0 && job.cell_size_m <= 5.0))
        throw InputError(
            fmt::format("waterlabel: the cell size {} m must be more than 0 and at most 5 m (a plot is "
                        "a few metres wide)",
                        job.cell_size_m));
    if (!(job.max_yard_distance_m >= 0.0 && job.max_yard_distance_m <= 1000.0))
        throw InputError(
            fmt::format("waterlabel: the yard distance {} m must be between 0 and 1000 m", job.max_yard_distance_m));
    // Named pipes and devices would block or never end the GDAL readers.
    std::error_code ec;
    if (!std::filesystem::is_directory(job.bgt, ec)) require_regular_if_exists(job.bgt, "BGT file");
    for (const auto* input : {&job.parcels, &job.measures, &job.depth, &job.neighbourhoods, &job.municipalities})
        if (*input) require_regular_if_exists(**input, "vector or raster file");
    WaterlabelResult result;
    result.scoring = read_waterlabel_scoring(job.scoring.empty() ? default_waterlabel_scoring_toml() : job.scoring);
    WaterlabelReport& report = result.report;
    auto stage_start = SteadyClock::now();
    const auto stage_done = [&](const char* name) {
        report.stage_seconds.emplace_back(name, seconds_since(stage_start));
        stage_start = SteadyClock::now();
    };

    // Buildings: the BGT's panden (a temporary GeoJSON beside the outputs, removed when done).
    static std::atomic<int> counter{0};
    const std::filesystem::path buildings_file =
        std::filesystem::temp_directory_path() /
        fmt::format("waternet_waterlabel_panden_{}_{}.geojson", ::getpid(), counter++);
    struct Remove {
        std::filesystem::path path;
        ~Remove() {
            std::error_code ec;
            std::filesystem::remove(path, ec);
        }
    } remove_buildings{buildings_file};
    report.buildings = write_bgt_buildings(job.bgt, buildings_file);
    const std::vector<VectorFeature> buildings = read_features(buildings_file.string());
    const bool approximate = !job.parcels.has_value();
    std::vector<VectorFeature> parcels;
    if (!approximate) {
        parcels = read_features(job.parcels->string(), "", job.parcels_layer);
        for (const VectorFeature& p : parcels)
            if (p.kind != GeometryKind::polygon)
                throw InputError(fmt::format("{}: parcel {} is not a polygon", job.parcels->string(), p.index + 1));
        if (parcels.empty()) throw InputError(job.parcels->string() + ": holds no parcels");
    }
    const std::vector<VectorFeature>& anchors = approximate ? buildings : parcels;
    const GridSpec grid = plot_grid(anchors, job.cell_size_m, approximate ? job.max_yard_distance_m : job.cell_size_m);
    require_memory_for("waterlabel plots", grid.rows, grid.cols, 16.0);
    report.grid_cells = grid.cell_count();
    stage_done("read buildings and parcels");

    // Surfaces from BGT, plots from buildings (+ yards) or parcels. The land-cover grids are reused in place: the
    // public-space grid becomes the yard mask, the class grid the surfaces (a hundred million cells for 100,000 plots).
    BgtLandCover cover = load_bgt_land_cover(job.bgt, grid);
    Grid<std::uint8_t>& yard = cover.public_space;
    Grid<std::uint8_t>& surface = cover.classes;
    for (index_t i = 0; i < surface.size(); ++i) {
        yard.data()[i] = surface.data()[i] == kMixed ? 1 : 0;
        surface.data()[i] = static_cast<std::uint8_t>(surface_of_class(surface.data()[i]));
    }
    stage_done("BGT land cover on the grid");
    Grid<std::int32_t> owner;
    if (approximate) {
        owner = rasterize_feature_ids(buildings_file.string(), grid, false, kBuildingFootprints);
        stage_done("plots: rasterising the buildings");
        const risk::YardAssignment a =
            risk::assign_yards_to_buildings(owner.view(), yard.view(), job.cell_size_m, job.max_yard_distance_m);
        report.yard_unassigned_m2 = static_cast<double>(a.unreached_cells) * grid.cell_area_m2();
    } else {
        owner = rasterize_feature_ids(job.parcels->string(), grid, false, {OffGrid::require, true}, job.parcels_layer);
    }
    yard = Grid<std::uint8_t>();
    stage_done(approximate ? "plots: splitting the yards" : "plots: parcels");

    // One plot per anchor; the buildings of each plot.
    std::vector<WaterlabelPlot>& plots = result.plots;
    for (const VectorFeature& f : anchors) {
        WaterlabelPlot p;
        p.approximate = approximate;
        p.wkt = f.wkt;
        p.x = f.representative.x, p.y = f.representative.y;
        const std::string id = approximate
                                   ? attribute(f, {"bag_pand"})
                                   : attribute(f, {"identificatielokaalid", "identificatie", "perceel_id", "id"});
        p.id = id.empty() ? fmt::format("{} {}", approximate ? "pand" : "perceel", f.index + 1) : printable(id);
        plots.push_back(std::move(p));
    }
    std::vector<std::int32_t> plot_of_building(buildings.size(), 0);
    for (std::size_t b = 0; b < buildings.size(); ++b) {
        plot_of_building[b] = approximate
                                  ? static_cast<std::int32_t>(b + 1)
                                  : cell_value(owner, buildings[b].representative.x, buildings[b].representative.y);
        if (plot_of_building[b] > 0) ++plots[static_cast<std::size_t>(plot_of_building[b] - 1)].buildings;
    }

    // Measures, then the parts of each plot and its score.
    AppliedMeasures applied;
    applied.whole_roof_bits.assign(plots.size(), 0);
    if (job.measures) {
        const std::vector<VectorFeature> features = read_features(job.measures->string());
        const std::vector<Measure> measures = read_measures(*job.measures, features);
        report.measures = static_cast<std::int64_t>(measures.size());
        applied = apply_measures(job, measures, owner, plots);
        report.measures_outside_plots = applied.outside;
    }
    const std::vector<risk::PlotCells> cells =
        risk::tally_plot_cells(owner.view(), surface.view(),
                               applied.roof_bits.size() > 0 ? applied.roof_bits.view() : GridView<const std::uint8_t>{},
                               static_cast<std::int32_t>(plots.size()));
    const double a = grid.cell_area_m2();
    const auto& labels = result.scoring.labels;
    report.plots_per_label.assign(labels.size(), 0);
    report.plots_per_best_label.assign(labels.size(), 0);
    for (const auto& l : labels) report.labels.push_back(l.label);
    std::vector<WaterlabelPlot> kept;
    for (std::size_t k = 0; k < plots.size(); ++k) {
        WaterlabelPlot& p = plots[k];
        const risk::PlotCells& c = cells[k];
        const std::uint8_t whole = applied.whole_roof_bits[k];
        p.parts.plot_m2 = static_cast<double>(c.total()) * a;
        p.parts.roof_m2 = static_cast<double>(c.roof) * a;
        p.parts.green_roof_m2 = static_cast<double>((whole & risk::kGreenRoofBit) ? c.roof : c.green_roof) * a;
        p.parts.paved_m2 = static_cast<double>(c.paved) * a;
        p.parts.garden_m2 = static_cast<double>(c.green) * a;
        p.parts.downpipe_disconnected = (whole & risk::kDisconnectedBit) != 0 || c.disconnected_roof > 0;
        p.unknown_m2 = static_cast<double>(c.unknown + c.no_data) * a;
        if (c.no_data == c.total()) p.parts.plot_m2 = -1.0;  // no BGT on it: nothing to say (counted below)
    }
    stage_done("measures and surfaces per plot");
    if (job.depth) {
        add_facade_depths(job, buildings_file.string(), buildings, plot_of_building, plots);
        stage_done("depth at the facade");
    }
    if (job.neighbourhoods)
        result.neighbourhood_names = assign_zones(*job.neighbourhoods, grid, plots, &WaterlabelPlot::neighbourhood);
    if (job.municipalities)
        result.municipality_names = assign_zones(*job.municipalities, grid, plots, &WaterlabelPlot::municipality);
    // A plot that covers no cell (a building smaller than a cell, a parcel off the BGT) has no area to score.
    for (WaterlabelPlot& p : plots) {
        if (p.parts.plot_m2 <= 0.0) {
            ++(p.parts.plot_m2 < 0.0 ? report.plots_without_bgt : report.plots_without_area);
            continue;
        }
        p.score = risk::score_plot(p.parts, result.scoring);
        risk::PlotParts best_case = p.parts;
        best_case.garden_m2 += p.unknown_m2;
        p.best = risk::score_plot(best_case, result.scoring);
        ++report.plots_per_label[static_cast<std::size_t>(p.score.label)];
        ++report.plots_per_best_label[static_cast<std::size_t>(p.best.label)];
        report.plots_with_depth += std::isnan(p.facade_depth_m) ? 0 : 1;
        kept.push_back(std::move(p));
    }
    plots = std::move(kept);
    if (plots.empty())
        throw InputError(
            fmt::format("waterlabel: no plot can be scored: {} plots cover no cell of the {} m grid and {} "
                        "lie where {} has no polygon; check that the plots and the BGT cover the same area",
                        report.plots_without_area, job.cell_size_m, report.plots_without_bgt, job.bgt.string()));
    stage_done("zones and scores");
    report.plots = static_cast<std::int64_t>(plots.size());
    report.approximate_plots = approximate ? report.plots : 0;
    report.seconds = seconds_since(start);
    return result;
}

}  // namespace wn
