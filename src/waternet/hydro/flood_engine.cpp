#include "waternet/hydro/flood_engine.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/parallel.hpp"
#include "waternet/hydro/local_inertial.hpp"

namespace wn {

// ---------------------------------------------------------------------------------------------- small types

double TimeSeries::at(double t_s) const {
    if (points.empty()) return 0.0;
    if (t_s <= points.front().first) return points.front().second;
    if (t_s >= points.back().first) return points.back().second;
    const auto after =
        std::upper_bound(points.begin(), points.end(), t_s, [](double t, const auto& p) { return t < p.first; });
    const auto before = after - 1;
    const double w = (t_s - before->first) / (after->first - before->first);
    return before->second + w * (after->second - before->second);
}

double TimeSeries::integral(double t0_s, double t1_s) const {
    // Exact for the piecewise-linear series: trapezoids between t0, every point inside, and t1.
    if (points.empty() || t1_s <= t0_s) return 0.0;
    double total = 0.0, t_prev = t0_s, v_prev = at(t0_s);
    for (const auto& [t, v] : points) {
        if (t <= t0_s) continue;
        if (t >= t1_s) break;
        total += 0.5 * (v_prev + v) * (t - t_prev);
        t_prev = t;
        v_prev = v;
    }
    return total + 0.5 * (v_prev + at(t1_s)) * (t1_s - t_prev);
}

double TimeSeries::max_value() const {
    double m = -std::numeric_limits<double>::infinity();
    for (const auto& p : points) m = std::max(m, p.second);
    return m;
}

double VolumeBalance::error_m3() const {
    const double sources = rain_m3 + inflow_m3 + edge_inflow_m3 + boundary_in_m3;
    const double sinks = interception_m3 + infiltration_m3 + sewer_m3 + boundary_out_m3;
    return (final_storage_m3 - initial_storage_m3) - (sources - sinks);
}

double VolumeBalance::relative_error() const {
    const double scale = initial_storage_m3 + rain_m3 + inflow_m3 + edge_inflow_m3 + boundary_in_m3;
    return scale > 0.0 ? error_m3() / scale : 0.0;
}

void FloodSettings::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw InputError(what);
    };
    require(std::isfinite(duration_s) && duration_s > 0.0 && duration_s <= 30.0 * 86400.0,
            "duration must be between 0 and 30 days (got " + std::to_string(duration_s) + " s)");
    require(cfl_alpha > 0.0 && cfl_alpha <= 1.0, "cfl_alpha must be in (0, 1]");
    require(theta >= 0.5 && theta <= 1.0, "theta must be in [0.5, 1]");
    require(dry_depth_m > 0.0 && dry_depth_m < 0.1, "dry_depth_m must be in (0, 0.1) m");
    require(max_dt_s > 0.0 && max_dt_s <= 3600.0, "max_dt_s must be in (0, 3600] s");
    require(exchange_interval_s > 0.0 && exchange_interval_s <= 600.0, "exchange_interval_s must be in (0, 600] s");
    require(gauge_interval_s > 0.0, "gauge_interval_s must be positive");
    require(frame_interval_s >= 0.0, "frame_interval_s must not be negative");
    require(arrival_threshold_m > 0.0, "arrival_threshold_m must be positive");
    for (double d : duration_thresholds_m) require(d > 0.0 && std::isfinite(d), "duration thresholds must be positive");
    for (const EdgeCondition& e : edges) {
        if (e.kind == EdgeKind::water_level) {
            require(!e.water_level_m.points.empty(), "a water-level boundary needs at least one level");
            for (const auto& [t, level] : e.water_level_m.points)
                require(std::isfinite(t) && std::isfinite(level), "water-level boundary values must be finite");
        }
    }
}

namespace {

constexpr float kWallElevation = 1.0e5f;  // cells outside the domain and buildings: flow never reaches them
constexpr double kGravity = 9.81;
constexpr float kNever = std::numeric_limits<float>::max();  // arrival time of cells never reached (as in track_maxima)

// ------------------------------------------------------------------------------------------- model state

// Buildings as connected groups of roof cells, each with the ground cells beside it (where roof water spills).
struct Buildings {
    std::vector<index_t> roof_cell_count;
    std::vector<index_t> representative_cell;  // padded index of one roof cell (its rain stands for the roof)
    std::vector<std::uint8_t> roof_class;
    std::vector<index_t> spill_begin;  // CSR offsets into spill_cells
    std::vector<index_t> spill_cells;  // padded indices of ground cells beside the roof
    std::vector<double> sewer_taken_m3;
    std::vector<double> retained_m3;  // held on the roof (green roofs: the class's interception_mm)
    std::size_t count() const { return roof_cell_count.size(); }
};

struct State {
    index_t rows = 0, cols = 0, width = 0, height = 0;  // interior size and padded size (one-cell halo)
    double dx = 1.0;
    // Hot state, touched every step (structure of arrays, padded).
    std::vector<float> z, h, n, qx, qy;
    // Loss stores and classes, touched every exchange.
    std::vector<std::uint8_t> cls;
    std::vector<float> intercepted_m, sewer_m;
    std::vector<float> carry_m;  // what float rounding left out of h (part of the storage: the depth is h + carry)
    // Trackers.
    std::vector<float> h_max, v_max, hazard_max, arrival;
    std::vector<std::vector<float>> duration;
    Buildings buildings;
    index_t domain_cells = 0;

    index_t at(index_t r, index_t c) const { return r * width + c; }  // padded index (r, c in 0..rows+1)
};

Buildings find_buildings(const State& st, const LandCoverTable& table) {
    Buildings b;
    std::vector<std::int32_t> label(st.z.size(), -1);
    std::vector<index_t> stack;
    std::vector<index_t> spill;
    std::vector<std::int32_t> spill_mark(st.z.size(), -1);
    for (index_t r = 1; r <= st.rows; ++r) {
        for (index_t c = 1; c <= st.cols; ++c) {
            const index_t start = st.at(r, c);
            if (st.cls[start] == kOutside || !table[st.cls[start]].is_building || label[start] >= 0) continue;
            const auto id = static_cast<std::int32_t>(b.count());
            index_t cells = 0;
            spill.clear();
            stack.push_back(start);
            label[start] = id;
            while (!stack.empty()) {
                const index_t cell = stack.back();
                stack.pop_back();
                ++cells;
                for (index_t nb : {cell - 1, cell + 1, cell - st.width, cell + st.width}) {
                    const std::uint8_t k = st.cls[nb];
                    if (k == kOutside) continue;  // halo and outside cells have class 0
                    if (table[k].is_building) {
                        if (label[nb] < 0) {
                            label[nb] = id;
                            stack.push_back(nb);
                        }
                    } else if (spill_mark[nb] != id) {
                        spill_mark[nb] = id;
                        spill.push_back(nb);
                    }
                }
            }
            std::sort(spill.begin(), spill.end());  // deterministic order
            b.roof_cell_count.push_back(cells);
            b.representative_cell.push_back(start);
            b.roof_class.push_back(st.cls[start]);
            b.spill_begin.push_back(static_cast<index_t>(b.spill_cells.size()));
            b.spill_cells.insert(b.spill_cells.end(), spill.begin(), spill.end());
            b.sewer_taken_m3.push_back(0.0);
            b.retained_m3.push_back(0.0);
        }
    }
    b.spill_begin.push_back(static_cast<index_t>(b.spill_cells.size()));
    return b;
}

// A cell's Manning's n from the per-cell grid, in the range the land-cover table allows (0, 1] s/m^(1/3).
float cell_manning_n(GridView<const float> manning_n, index_t r, index_t c) {
    const float n = manning_n(r, c);
    if (!std::isfinite(n) || n <= 0.0f || n > 1.0f)
        throw InputError("Manning's n " + std::to_string(n) + " at row " + std::to_string(r) + ", column " +
                         std::to_string(c) + " is outside the plausible range (0, 1] s/m^(1/3)");
    return n;
}

State build_state(const FloodInputs& in, const FloodSettings& settings) {
    if (in.classes == nullptr) throw InputError("the flood engine needs a land-cover table");
    in.classes->validate();
    const index_t rows = in.terrain_m.rows();
    const index_t cols = in.terrain_m.cols();
    if (rows < 1 || cols < 1) throw InputError("the terrain grid is empty");
    if (!(in.cell_size_m > 0.0) || !std::isfinite(in.cell_size_m) || in.cell_size_m > 10000.0)
        throw InputError("cell size must be between 0 and 10 km (got " + std::to_string(in.cell_size_m) + " m)");
    if (!in.land_cover.empty() && (in.land_cover.rows() != rows || in.land_cover.cols() != cols))
        throw InputError("the land-cover grid does not have the terrain's size");
    if (!in.initial_depth_m.empty() && (in.initial_depth_m.rows() != rows || in.initial_depth_m.cols() != cols))
        throw InputError("the initial-depth grid does not have the terrain's size");
    if (!in.manning_n.empty() && (in.manning_n.rows() != rows || in.manning_n.cols() != cols))
        throw InputError("the Manning's n grid does not have the terrain's size");

    State st;
    st.rows = rows;
    st.cols = cols;
    st.width = cols + 2;
    st.height = rows + 2;
    st.dx = in.cell_size_m;
    const auto cells = static_cast<std::size_t>(st.width * st.height);
    st.z.assign(cells, kWallElevation);
    st.h.assign(cells, 0.0f);
    st.n.assign(cells, 0.03f);
    st.qx.assign(cells, 0.0f);
    st.qy.assign(cells, 0.0f);
    st.cls.assign(cells, kOutside);
    st.h_max.assign(cells, 0.0f);

    bool any_interception = false, any_sewer = false;
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            const float terrain = in.terrain_m(r, c);
            const std::uint8_t k = in.land_cover.empty() ? std::uint8_t{1} : in.land_cover(r, c);
            if (std::isinf(terrain) || std::fabs(terrain) > 1.0e4f)
                throw InputError("terrain value " + std::to_string(terrain) + " m at row " + std::to_string(r) +
                                 ", column " + std::to_string(c) + " is not a plausible elevation");
            if (std::isnan(terrain) || k == kOutside) continue;  // outside the domain
            const LandCoverClass& cls = (*in.classes)[k];
            const index_t p = st.at(r + 1, c + 1);
            st.cls[p] = k;
            st.n[p] = static_cast<float>(cls.manning_n);
            any_interception |= cls.interception_mm > 0.0;
            any_sewer |= cls.sewer_inflow_mm_per_h > 0.0 && !cls.is_building;
            if (cls.is_building) continue;  // roofs stay walls: water never enters a building
            st.z[p] = terrain;
            if (!in.manning_n.empty()) st.n[p] = cell_manning_n(in.manning_n, r, c);
            ++st.domain_cells;
            if (!in.initial_depth_m.empty()) {
                const float d = in.initial_depth_m(r, c);
                if (!std::isfinite(d) || d < 0.0f)
                    throw InputError("initial depth must be finite and not negative (row " + std::to_string(r) +
                                     ", column " + std::to_string(c) + ")");
                st.h[p] = d;
            }
        }
    }
    if (st.domain_cells == 0) throw InputError("the domain has no cells with terrain data (all no data or buildings)");
    st.carry_m.assign(cells, 0.0f);
    if (any_interception) st.intercepted_m.assign(cells, 0.0f);
    if (any_sewer) st.sewer_m.assign(cells, 0.0f);
    st.v_max.assign(cells, 0.0f);
    st.hazard_max.assign(cells, 0.0f);
    st.arrival.assign(cells, kNever);
    st.duration.assign(settings.duration_thresholds_m.size(), std::vector<float>(cells, 0.0f));
    st.buildings = find_buildings(st, *in.classes);
    return st;
}

// ------------------------------------------------------------------------------------------- boundaries

// Discharge across a domain-edge face. `inside_first` says whether the inner cell is side a of the face
// (east and south edges) or side b (west and north edges); positive q always flows from a to b.
float edge_discharge(const EdgeCondition& edge, double t_s, float z_in, float h_in, float n_in, float eta_next,
                     bool next_is_wall, float q_old, bool inside_first, const inertial::StepParams& p) {
    switch (edge.kind) {
        case EdgeKind::closed:
            return 0.0f;
        case EdgeKind::free_outflow: {
            // Normal depth (Manning): q = h^(5/3) sqrt(S) / n, always out of the domain.
            if (h_in <= p.h_dry_m || z_in >= kWallElevation) return 0.0f;
            const float surface_slope = next_is_wall ? 0.0f : (eta_next - (z_in + h_in)) / p.dx_m;
            const float slope = std::max(surface_slope, static_cast<float>(edge.min_outflow_slope));
            const float q_out = h_in * h_in * inertial::inverse_cbrt_positive(h_in) * std::sqrt(slope) / n_in;
            return inside_first ? q_out : -q_out;
        }
        case EdgeKind::water_level: {
            if (z_in >= kWallElevation) return 0.0f;
            const float level = static_cast<float>(edge.water_level_m.at(t_s));
            const float h_out = std::max(level - z_in, 0.0f);
            return inside_first ? inertial::face_discharge(z_in, h_in, n_in, z_in, h_out, n_in, q_old, p)
                                : inertial::face_discharge(z_in, h_out, n_in, z_in, h_in, n_in, q_old, p);
        }
    }
    return 0.0f;
}

// ------------------------------------------------------------------------------------------- the run

struct RowSums {  // per padded row, so that totals are summed in a fixed order whatever the thread count
    std::vector<double> rain, interception, infiltration, sewer, inflow, edge_inflow, boundary_in, boundary_out;
    explicit RowSums(index_t rows)
        : rain(rows),
          interception(rows),
          infiltration(rows),
          sewer(rows),
          inflow(rows),
          edge_inflow(rows),
          boundary_in(rows),
          boundary_out(rows) {}
};

double ordered_sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

double surface_storage_m3(const State& st) {
    double total = 0.0;
    for (index_t r = 1; r <= st.rows; ++r) {
        double row = 0.0;
        const float* h = st.h.data() + st.at(r, 1);
        const float* carry = st.carry_m.data() + st.at(r, 1);
        for (index_t c = 0; c < st.cols; ++c) row += static_cast<double>(h[c]) + carry[c];
        total += row;
    }
    return total * st.dx * st.dx;
}

Grid<float> unpad(const State& st, const std::vector<float>& padded) {
    Grid<float> out(st.rows, st.cols);
    for (index_t r = 0; r < st.rows; ++r)
        std::copy_n(padded.data() + st.at(r + 1, 1), st.cols, out.data() + r * st.cols);
    return out;
}

class Simulation {
public:
    Simulation(const FloodInputs& in, const FloodSettings& settings, const FrameCallback& on_frame,
               const ExecutionContext& context)
        : in_(in),
          set_(settings),
          on_frame_(on_frame),
          context_(context),
          st_(build_state(in, settings)),
          sums_(st_.height) {
        for (const PointInflow& p : in.inflows) check_cell(p.row, p.col, "inflow '" + p.name + "'");
        for (const EdgeInflow& e : in.edge_inflows) add_edge_inflow(e);
        for (const Gauge& g : in.gauges) check_cell(g.row, g.col, "gauge '" + g.name + "'");
        // Blocks of at least two rows, so that the rows a neighbour needs are all the block's own.
        threads_ = static_cast<int>(std::clamp<index_t>(context.thread_count(), 1, std::max<index_t>(1, st_.rows / 2)));
        halo_first_.assign(static_cast<std::size_t>(threads_), std::vector<float>(st_.width, 0.0f));
        halo_last_ = halo_first_;
        edges_.resize(static_cast<std::size_t>(threads_));
        for (BlockEdge& e : edges_)
            for (std::vector<float>* row :
                 {&e.first_h, &e.first_qx, &e.first_qy, &e.last_h, &e.last_qx, &e.last_qy, &e.last_qy_above})
                row->assign(st_.width, 0.0f);
        thread_h_max_.assign(static_cast<std::size_t>(threads_), 0.0f);
        if (in.rain_field) rain_field_.assign(static_cast<std::size_t>(st_.rows * st_.cols), 0.0f);
        // The deepest water a level boundary can put against the domain enters the time step from the start.
        for (int e = 0; e < 4; ++e) {
            const EdgeCondition& edge = set_.edges[e];
            if (edge.kind != EdgeKind::water_level) continue;
            const bool horizontal = e == kNorth || e == kSouth;
            const index_t count = horizontal ? st_.cols : st_.rows;
            for (index_t k = 1; k <= count; ++k) {
                const index_t cell = edge_cell(static_cast<Edge>(e), k);
                if (st_.z[cell] >= kWallElevation) continue;
                const double depth = edge.water_level_m.max_value() - st_.z[cell];
                boundary_depth_max_ = std::max(boundary_depth_max_, static_cast<float>(depth));
            }
        }
        // An edge inflow enters no shallower than the critical depth of its largest discharge per metre of edge,
        // (q² / g)^(1/3): the first step into a dry cell must not be as long as max_dt_s.
        for (const EdgeInflow& e : in.edge_inflows) {
            const double q = e.discharge_m3_per_s.max_value() / (static_cast<double>(e.last - e.first + 1) * st_.dx);
            boundary_depth_max_ = std::max(boundary_depth_max_, static_cast<float>(std::cbrt(q * q / kGravity)));
        }
        gauges_.resize(in.gauges.size());
        for (std::size_t g = 0; g < in.gauges.size(); ++g) gauges_[g].name = in.gauges[g].name;
    }

    FloodResult run();

private:
    void check_cell(index_t r, index_t c, const std::string& what) const {
        if (r < 0 || r >= st_.rows || c < 0 || c >= st_.cols)
            throw InputError(what + " lies outside the grid (row " + std::to_string(r) + ", column " +
                             std::to_string(c) + ")");
    }
    // Padded index of the k-th cell (k = 1..rows or 1..cols) along a domain edge.
    index_t edge_cell(Edge edge, index_t k) const {
        switch (edge) {
            case kNorth:
                return st_.at(1, k);
            case kSouth:
                return st_.at(st_.rows, k);
            case kWest:
                return st_.at(k, 1);
            case kEast:
                return st_.at(k, st_.cols);
        }
        return 0;
    }
    void add_edge_inflow(const EdgeInflow& e);
    float edge_inflow_discharge(const EdgeInflow& e, double time_s, float dt) const;
    void apply_edge_inflows(Edge edge, index_t j0, index_t j1, double time_s, float dt);
    void worker(int thread, PassiveBarrier& barrier, ProgressStage& progress);
    template <class F>
    void serial_guarded(F&& work);
    void prepare_exchange(double t0, double t1);
    void record_outputs(double t);
    void end_of_step(double t, double dt_taken, ProgressStage& progress);
    void momentum_rows(int thread, index_t j0, index_t j1, double time_s, const inertial::StepParams& p,
                       std::vector<float>& old_x, std::vector<float>& old_y_prev, std::vector<float>& old_y_cur);
    // Per-thread row buffers of the continuity sweep (padded rows; s rows keep 1 in the halo columns).
    struct RowBuffers {
        explicit RowBuffers(index_t width)
            : eff_x(width),
              eff_north(width),
              eff_south(width),
              s_above(width, 1.0f),
              s_cur(width, 1.0f),
              s_next(width, 1.0f),
              s_below_block(width, 1.0f) {}
        std::vector<float> eff_x, eff_north, eff_south, s_above, s_cur, s_next, s_below_block;
    };
    struct EdgeVolumes {  // over the edge faces of one row in one step
        double in = 0.0, out = 0.0, inflow = 0.0;
    };
    // Books the volume across edge face k (padded row or column) of `edge`: an edge inflow's, or in or out.
    void book_edge_face(EdgeVolumes& v, Edge edge, index_t k, double into_domain_m3) const {
        const std::vector<std::uint8_t>& inflow = inflow_face_[edge];
        if (!inflow.empty() && inflow[static_cast<std::size_t>(k)] != 0)
            v.inflow += into_domain_m3;
        else
            (into_domain_m3 > 0 ? v.in : v.out) += std::fabs(into_domain_m3);
    }
    void add_edge_volumes(index_t row, const EdgeVolumes& v) {
        sums_.boundary_in[row] += v.in;
        sums_.boundary_out[row] += v.out;
        sums_.edge_inflow[row] += v.inflow;
    }
    float continuity_rows(int thread, index_t j0, index_t j1, double time_s, float dt, RowBuffers& buf);
    float exchange_rows(index_t j0, index_t j1, double t0, double t1);
    float exchange_serial(double t0, double t1);
    float next_dt(float h_max) const;
    // Adds a depth to a cell exactly: formed in double with the cell's carry, what float cannot hold stays carried.
    void add_depth(index_t cell, double depth_m) {
        const double depth = static_cast<double>(st_.h[cell]) + st_.carry_m[cell] + depth_m;
        st_.h[cell] = static_cast<float>(depth);
        st_.carry_m[cell] = static_cast<float>(depth - st_.h[cell]);
    }

    const FloodInputs& in_;
    const FloodSettings& set_;
    const FrameCallback& on_frame_;
    const ExecutionContext& context_;
    State st_;
    RowSums sums_;
    int threads_ = 1;
    std::vector<std::vector<float>> halo_first_, halo_last_;
    // The rows of a block that its neighbours need during continuity, copied at the end of momentum because
    // the owner overwrites them (depths, and discharges with their effective values) during continuity.
    struct BlockEdge {
        std::vector<float> first_h, first_qx, first_qy;              // row j0: depth, x faces, south faces
        std::vector<float> last_h, last_qx, last_qy, last_qy_above;  // row j1-1: ..., and its north faces
    };
    std::vector<BlockEdge> edges_;
    std::vector<float> thread_h_max_;
    std::vector<float> rain_field_;
    struct ClassRates {               // what one class does over the current exchange interval
        float counts_rain = 0.0f;     // 1 for domain cells (roofs included), 0 outside
        float rain_on_ground = 0.0f;  // 0 on roofs (routed separately) and outside
        float interception_m = 0.0f;
        float infiltration_m = 0.0f;
        float sewer_m = 0.0f;
        float sewer_storage_m = 0.0f;
    };
    std::array<ClassRates, LandCoverTable::kMaxClasses> class_rates_{};
    float boundary_depth_max_ = 0.0f;
    // Per edge, by padded row (west, east) or column (north, south): 1 where the face carries an edge inflow.
    std::array<std::vector<std::uint8_t>, 4> inflow_face_;
    std::vector<GaugeSeries> gauges_;
    // Shared control (written by thread 0 between barriers only).
    double first_dt_s_ = 0.0;
    double min_dt_s_ = std::numeric_limits<double>::infinity();
    std::int64_t steps_ = 0;
    bool stop_ = false;
    bool interrupted_ = false;
    double next_gauge_s_ = 0.0;
    double next_frame_s_ = 0.0;
    std::exception_ptr failure_;
};

float Simulation::next_dt(float h_max) const {
    // Bates et al. (2010): Δt = α Δx / sqrt(g h_max), the CFL condition of the local inertial equations, whose
    // waves travel at sqrt(g h) (without the advection term the flow speed does not add to it). h_max is the
    // deepest water after the step just taken, or the deepest a boundary can put against the domain. Shallow
    // sheet flow needs no smaller step since friction is implicit (local_inertial.hpp); see docs/flood-engine.md.
    const float depth = std::max(h_max, boundary_depth_max_);
    double dt = set_.max_dt_s;
    if (depth > set_.dry_depth_m) dt = std::min(dt, set_.cfl_alpha * st_.dx / std::sqrt(kGravity * depth));
    return static_cast<float>(dt);
}

const char* edge_label(Edge edge) {
    static const char* const names[4] = {"north", "east", "south", "west"};
    return names[edge];
}

void Simulation::add_edge_inflow(const EdgeInflow& e) {
    const std::string what = "edge inflow '" + e.name + "'";
    if (e.edge < kNorth || e.edge > kWest) throw InputError(what + ": unknown edge " + std::to_string(e.edge));
    const bool along_rows = e.edge == kWest || e.edge == kEast;  // first..last are rows, else columns
    const index_t count = along_rows ? st_.rows : st_.cols;
    const std::string unit = along_rows ? "row" : "column";
    const std::string segment = unit + "s " + std::to_string(e.first) + ".." + std::to_string(e.last) + " of the " +
                                edge_label(e.edge) + " edge";
    if (e.first > e.last)
        throw InputError(what + ": first (" + std::to_string(e.first) + ") is after last (" + std::to_string(e.last) +
                         ")");
    if (e.first < 0 || e.last >= count)
        throw InputError(what + ": " + segment + " lie outside the grid (" + std::to_string(count) + " " + unit + "s)");
    if (set_.edges[e.edge].kind == EdgeKind::water_level)
        throw InputError(what + ": the " + std::string(edge_label(e.edge)) +
                         " edge has a water-level boundary; an inflow cannot overlap it");
    if (e.discharge_m3_per_s.points.empty()) throw InputError(what + ": no discharge given");
    for (const auto& [t, q] : e.discharge_m3_per_s.points)
        if (!std::isfinite(t) || !std::isfinite(q) || q < 0.0)
            throw InputError(what + ": discharge must be finite and not negative (got " + std::to_string(q) +
                             " m3/s at " + std::to_string(t) + " s)");
    std::vector<std::uint8_t>& inflow = inflow_face_[e.edge];
    if (inflow.empty()) inflow.assign(static_cast<std::size_t>(count + 2), 0);
    for (index_t k = e.first + 1; k <= e.last + 1; ++k) {
        const index_t cell = edge_cell(e.edge, k);
        if (st_.z[cell] >= kWallElevation)
            throw InputError(what + ": " + unit + " " + std::to_string(k - 1) + " of the " + edge_label(e.edge) +
                             " edge is " +
                             (st_.cls[cell] == kOutside ? "outside the domain (no terrain data)" : "a building"));
        if (inflow[static_cast<std::size_t>(k)] != 0)
            throw InputError(what + ": " + segment + " overlap another edge inflow");
        inflow[static_cast<std::size_t>(k)] = 1;
    }
}

// Discharge per metre of edge (m²/s, positive from side a to side b as every face discharge) of an edge inflow over
// the step [t, t + Δt]: the mean of the hydrograph over the step, spread evenly over the segment's faces.
float Simulation::edge_inflow_discharge(const EdgeInflow& e, double time_s, float dt) const {
    const double mean_m3_per_s = e.discharge_m3_per_s.integral(time_s, time_s + dt) / dt;
    const double q = mean_m3_per_s / (static_cast<double>(e.last - e.first + 1) * st_.dx);
    return static_cast<float>(e.edge == kWest || e.edge == kNorth ? q : -q);  // into the domain
}

// Sets the boundary faces of the edge inflows on `edge` (west and east: only in rows j0..j1-1).
void Simulation::apply_edge_inflows(Edge edge, index_t j0, index_t j1, double time_s, float dt) {
    const index_t W = st_.width;
    for (const EdgeInflow& e : in_.edge_inflows) {
        if (e.edge != edge) continue;
        const float q = edge_inflow_discharge(e, time_s, dt);
        if (edge == kWest || edge == kEast) {
            const index_t face_col = edge == kWest ? 0 : st_.cols;
            for (index_t j = std::max(j0, e.first + 1); j < std::min(j1, e.last + 2); ++j)
                st_.qx[static_cast<std::size_t>(j * W + face_col)] = q;
        } else {
            float* q_row = st_.qy.data() + (edge == kNorth ? 0 : st_.rows * W);
            std::fill(q_row + e.first + 1, q_row + e.last + 2, q);
        }
    }
}

void Simulation::momentum_rows(int thread, index_t j0, index_t j1, double time_s, const inertial::StepParams& p,
                               std::vector<float>& old_x, std::vector<float>& old_y_prev,
                               std::vector<float>& old_y_cur) {
    const index_t W = st_.width;
    const index_t cols = st_.cols;
    const float* z = st_.z.data();
    const float* h = st_.h.data();
    const float* n = st_.n.data();
    float* qy = st_.qy.data();
    // x-faces: face i of row j lies between cells i and i+1; 0 and cols are the west and east edges.
    for (index_t j = j0; j < j1; ++j) {
        float* qx = st_.qx.data() + j * W;
        std::copy_n(qx, cols + 1, old_x.data());
        const index_t c = j * W;
        if (cols > 1) {
            inertial::momentum({z + c + 1, h + c + 1, n + c + 1, z + c + 2, h + c + 2, n + c + 2, old_x.data(),
                                old_x.data() + 1, old_x.data() + 2, qx + 1, cols - 1},
                               p);
        }
        const bool west_next_wall = cols < 2 || z[c + 2] >= kWallElevation;
        const bool east_next_wall = cols < 2 || z[c + cols - 1] >= kWallElevation;
        qx[0] = edge_discharge(set_.edges[kWest], time_s, z[c + 1], h[c + 1], n[c + 1],
                               cols > 1 ? z[c + 2] + h[c + 2] : 0.0f, west_next_wall, old_x[0], false, p);
        qx[cols] =
            edge_discharge(set_.edges[kEast], time_s, z[c + cols], h[c + cols], n[c + cols],
                           cols > 1 ? z[c + cols - 1] + h[c + cols - 1] : 0.0f, east_next_wall, old_x[cols], true, p);
    }
    apply_edge_inflows(kWest, j0, j1, time_s, p.dt_s);
    apply_edge_inflows(kEast, j0, j1, time_s, p.dt_s);
    // y-faces: face row j lies between rows j and j+1; face rows 0 and `rows` are the north and south edges.
    // The θ weighting needs the *old* discharge of the face rows above and below: rows of this block are
    // copied before they are overwritten, rows of neighbouring blocks come from their halo copies.
    auto north_edge_row = [&](float* q_row, const float* old_row) {
        const index_t c = W;  // row 1
        for (index_t i = 1; i <= cols; ++i) {
            const bool next_wall = st_.rows < 2 || z[c + W + i] >= kWallElevation;
            q_row[i] =
                edge_discharge(set_.edges[kNorth], time_s, z[c + i], h[c + i], n[c + i],
                               st_.rows > 1 ? z[c + W + i] + h[c + W + i] : 0.0f, next_wall, old_row[i], false, p);
        }
    };
    if (thread == 0) {
        std::copy_n(qy, W, old_y_prev.data());
        north_edge_row(qy, old_y_prev.data());
        apply_edge_inflows(kNorth, j0, j1, time_s, p.dt_s);
    } else {
        old_y_prev = halo_last_[static_cast<std::size_t>(thread - 1)];
    }
    for (index_t j = j0; j < j1; ++j) {
        float* q_row = qy + j * W;
        std::copy_n(q_row, W, old_y_cur.data());
        if (j == st_.rows) {  // south edge
            const index_t c = j * W;
            for (index_t i = 1; i <= cols; ++i) {
                const bool next_wall = st_.rows < 2 || z[c - W + i] >= kWallElevation;
                q_row[i] =
                    edge_discharge(set_.edges[kSouth], time_s, z[c + i], h[c + i], n[c + i],
                                   st_.rows > 1 ? z[c - W + i] + h[c - W + i] : 0.0f, next_wall, old_y_cur[i], true, p);
            }
            apply_edge_inflows(kSouth, j0, j1, time_s, p.dt_s);
        } else {
            const float* old_next =
                (j + 1 == j1) ? halo_first_[static_cast<std::size_t>(thread + 1)].data() : qy + (j + 1) * W;
            const index_t a = j * W + 1, b = (j + 1) * W + 1;
            inertial::momentum({z + a, h + a, n + a, z + b, h + b, n + b, old_y_prev.data() + 1, old_y_cur.data() + 1,
                                old_next + 1, q_row + 1, cols},
                               p);
        }
        std::swap(old_y_prev, old_y_cur);
    }
    // Hand the neighbours what they will need during continuity (see BlockEdge).
    BlockEdge& e = edges_[static_cast<std::size_t>(thread)];
    const auto copy_row = [&](const std::vector<float>& from, index_t row, std::vector<float>& to) {
        std::copy_n(from.data() + row * W, W, to.data());
    };
    copy_row(st_.h, j0, e.first_h);
    copy_row(st_.qx, j0, e.first_qx);
    copy_row(st_.qy, j0, e.first_qy);
    copy_row(st_.h, j1 - 1, e.last_h);
    copy_row(st_.qx, j1 - 1, e.last_qx);
    copy_row(st_.qy, j1 - 1, e.last_qy);
    copy_row(st_.qy, j1 - 2, e.last_qy_above);
}

float Simulation::continuity_rows(int thread, index_t j0, index_t j1, double time_s, float dt, RowBuffers& buf) {
    const index_t W = st_.width;
    const index_t cols = st_.cols;
    const float dt_over_dx = dt / static_cast<float>(st_.dx);
    // q (m²/s) × face width × Δt, as the continuity kernel applies it: depth change q Δt/Δx (float) over Δx².
    const double face_volume = static_cast<double>(dt_over_dx) * st_.dx * st_.dx;
    float block_max = 0.0f;
    // Outflow scale s of one row (padded: the halo columns keep s = 1), from its depths and raw discharges.
    const auto scale_row = [&](const float* h_row, const float* qx_row, const float* qy_north, const float* qy_south,
                               std::vector<float>& s_row) {
        inertial::outflow_scale(h_row + 1, qx_row, qx_row + 1, qy_north + 1, qy_south + 1, s_row.data() + 1, cols,
                                dt_over_dx);
    };
    const bool first_block = thread == 0, last_block = thread == threads_ - 1;
    const float* qy = st_.qy.data();
    // The face row above the block, raw: the north edge (this block's own) or the previous block's last row.
    const float* raw_north = first_block ? qy : edges_[static_cast<std::size_t>(thread - 1)].last_qy.data();
    if (first_block) {
        std::fill(buf.s_above.begin(), buf.s_above.end(), 1.0f);  // the halo row never gives water away
    } else {
        const BlockEdge& above = edges_[static_cast<std::size_t>(thread - 1)];
        scale_row(above.last_h.data(), above.last_qx.data(), above.last_qy_above.data(), above.last_qy.data(),
                  buf.s_above);
    }
    if (last_block) {
        std::fill(buf.s_below_block.begin(), buf.s_below_block.end(), 1.0f);
    } else {
        const BlockEdge& below = edges_[static_cast<std::size_t>(thread + 1)];
        scale_row(below.first_h.data(), below.first_qx.data(), qy + (j1 - 1) * W, below.first_qy.data(),
                  buf.s_below_block);
    }
    scale_row(st_.h.data() + j0 * W, st_.qx.data() + j0 * W, raw_north, qy + j0 * W, buf.s_cur);
    inertial::effective_flux(raw_north + 1, buf.s_above.data() + 1, buf.s_cur.data() + 1, buf.eff_north.data() + 1,
                             cols);
    if (first_block) {  // north edge: account and write back
        EdgeVolumes north;
        for (index_t i = 1; i <= cols; ++i) book_edge_face(north, kNorth, i, buf.eff_north[i] * face_volume);
        add_edge_volumes(1, north);
        std::copy_n(buf.eff_north.data() + 1, cols, st_.qy.data() + 1);
    }
    for (index_t j = j0; j < j1; ++j) {
        const index_t c = j * W;
        float* qx_row = st_.qx.data() + c;
        float* qy_row = st_.qy.data() + c;
        // s of the next row, from raw discharges: before this row's south faces are overwritten below.
        if (j + 1 == j1)
            std::swap(buf.s_next, buf.s_below_block);
        else
            scale_row(st_.h.data() + c + W, st_.qx.data() + c + W, qy_row, qy_row + W, buf.s_next);
        inertial::effective_flux(qx_row, buf.s_cur.data(), buf.s_cur.data() + 1, buf.eff_x.data(), cols + 1);
        inertial::effective_flux(qy_row + 1, buf.s_cur.data() + 1, buf.s_next.data() + 1, buf.eff_south.data() + 1,
                                 cols);
        // Edge faces: volume over the boundary (west and east every row, south on the last row).
        EdgeVolumes edge_volumes;
        book_edge_face(edge_volumes, kWest, j, buf.eff_x[0] * face_volume);
        book_edge_face(edge_volumes, kEast, j, -buf.eff_x[static_cast<std::size_t>(cols)] * face_volume);
        if (j == st_.rows)
            for (index_t i = 1; i <= cols; ++i)
                book_edge_face(edge_volumes, kSouth, i, -buf.eff_south[i] * face_volume);
        add_edge_volumes(j, edge_volumes);

        const float row_max = inertial::continuity(
            st_.h.data() + c + 1, st_.carry_m.data() + c + 1, buf.eff_x.data(), buf.eff_x.data() + 1,
            buf.eff_north.data() + 1, buf.eff_south.data() + 1, st_.h_max.data() + c + 1, cols, dt_over_dx);
        block_max = std::max(block_max, row_max);
        std::copy_n(buf.eff_x.data(), cols + 1, qx_row);
        std::copy_n(buf.eff_south.data() + 1, cols, qy_row + 1);
        std::swap(buf.eff_north, buf.eff_south);
        std::swap(buf.s_above, buf.s_cur);
        std::swap(buf.s_cur, buf.s_next);
    }
    for (const PointInflow& p : in_.inflows) {
        const index_t j = p.row + 1;
        if (j < j0 || j >= j1) continue;
        const index_t cell = st_.at(j, p.col + 1);
        const double volume = p.discharge_m3_per_s.integral(time_s, time_s + dt);
        add_depth(cell, volume / (st_.dx * st_.dx));
        sums_.inflow[j] += volume;
        block_max = std::max(block_max, st_.h[cell]);
    }
    // Final (effective) discharges of this block's first and last face rows, for the neighbours' θ weighting.
    std::copy_n(st_.qy.data() + j0 * W, W, halo_first_[static_cast<std::size_t>(thread)].data());
    std::copy_n(st_.qy.data() + (j1 - 1) * W, W, halo_last_[static_cast<std::size_t>(thread)].data());
    return block_max;
}

float Simulation::exchange_rows(index_t j0, index_t j1, double t0, double t1) {
    const double cell_area = st_.dx * st_.dx;
    const float interval = static_cast<float>(t1 - t0);
    const float uniform_rain =
        in_.rain != nullptr && !in_.rain_field ? static_cast<float>(in_.rain->depth_m(t0, t1)) : 0.0f;
    const bool has_interception = !st_.intercepted_m.empty();
    const bool has_sewer = !st_.sewer_m.empty();
    float block_max = 0.0f;
    for (index_t j = j0; j < j1; ++j) {
        // Losses, cell by cell in the order rain → interception → infiltration → sewer. Every amount is taken
        // in float, as the state holds it, and summed per row in double.
        double rain = 0.0, intercepted = 0.0, infiltrated = 0.0, sewered = 0.0;
        const index_t row = st_.at(j, 0);
        const float* field = in_.rain_field ? rain_field_.data() + (j - 1) * st_.cols - 1 : nullptr;
        for (index_t i = 1; i <= st_.cols; ++i) {
            const index_t p = row + i;
            const ClassRates& c = class_rates_[st_.cls[p]];
            float r = field != nullptr ? field[i] : uniform_rain;
            rain += static_cast<double>(r * c.counts_rain);
            r *= c.rain_on_ground;
            if (has_interception && c.interception_m > 0.0f) {
                const float take = std::clamp(c.interception_m - st_.intercepted_m[p], 0.0f, r);
                st_.intercepted_m[p] += take;
                intercepted += take;
                r -= take;
            }
            // The new depth is formed in double and what float cannot hold is carried to the next exchange.
            // Without this, small steady increments (2.5 mm/h on metres of water) round the same way every
            // time and the balance drifts by 1e-4.
            double depth = static_cast<double>(st_.h[p]) + st_.carry_m[p] + r;
            const double infiltration = std::min<double>(c.infiltration_m, std::max(depth, 0.0));
            depth -= infiltration;
            infiltrated += infiltration;
            if (has_sewer && c.sewer_m > 0.0f) {
                const float room = std::max(c.sewer_storage_m - st_.sewer_m[p], 0.0f);
                const float before = st_.sewer_m[p];
                st_.sewer_m[p] += std::min({c.sewer_m, static_cast<float>(std::max(depth, 0.0)), room});
                const double take = st_.sewer_m[p] - before;
                depth -= take;
                sewered += take;
            }
            st_.h[p] = static_cast<float>(depth);
            st_.carry_m[p] = static_cast<float>(depth - st_.h[p]);
        }
        sums_.rain[j] += rain * cell_area;
        sums_.interception[j] += intercepted * cell_area;
        sums_.infiltration[j] += infiltrated * cell_area;
        sums_.sewer[j] += sewered * cell_area;

        // Sampled maxima, arrival and durations.
        const index_t c = row + 1;
        const inertial::TrackedRow tracked{st_.h.data() + c,          st_.qx.data() + c - 1,
                                           st_.qx.data() + c,         st_.qy.data() + c - st_.width,
                                           st_.qy.data() + c,         st_.v_max.data() + c,
                                           st_.hazard_max.data() + c, st_.h_max.data() + c,
                                           st_.arrival.data() + c,    st_.cols};
        block_max = std::max(
            block_max, inertial::track_maxima(tracked, static_cast<float>(set_.velocity_min_depth_m),
                                              static_cast<float>(set_.arrival_threshold_m), static_cast<float>(t1)));
        for (std::size_t k = 0; k < st_.duration.size(); ++k)
            inertial::track_duration(st_.h.data() + c, st_.duration[k].data() + c, st_.cols,
                                     static_cast<float>(set_.duration_thresholds_m[k]), interval);
    }
    return block_max;
}

float Simulation::exchange_serial(double t0, double t1) {
    float spill_max = 0.0f;
    // Roofs: rain on each building goes to the sewer (up to its capacity) or spills onto the ground beside it.
    const LandCoverTable& table = *in_.classes;
    Buildings& b = st_.buildings;
    const double cell_area = st_.dx * st_.dx;
    const double uniform_rain = in_.rain != nullptr && !in_.rain_field ? in_.rain->depth_m(t0, t1) : 0.0;
    for (std::size_t k = 0; k < b.count(); ++k) {
        const index_t rep = b.representative_cell[k];
        const index_t rep_row = rep / st_.width, rep_col = rep % st_.width;
        const double depth = in_.rain_field
                                 ? rain_field_[static_cast<std::size_t>((rep_row - 1) * st_.cols + (rep_col - 1))]
                                 : uniform_rain;
        if (depth <= 0.0) continue;
        const double area = static_cast<double>(b.roof_cell_count[k]) * cell_area;
        double volume = depth * area;
        const LandCoverClass& roof = table[b.roof_class[k]];
        if (roof.interception_mm > 0.0) {  // a green roof first fills its substrate
            const double retain =
                std::min(volume, std::max(0.0, roof.interception_mm * 1e-3 * area - b.retained_m3[k]));
            b.retained_m3[k] += retain;
            sums_.interception[static_cast<std::size_t>(rep_row)] += retain;
            volume -= retain;
        }
        const index_t spill_count = b.spill_begin[k + 1] - b.spill_begin[k];
        if (set_.roofs_to_sewer || spill_count == 0) {
            const double room = std::max(0.0, roof.sewer_storage_mm * 1e-3 * area - b.sewer_taken_m3[k]);
            const double rate = roof.sewer_inflow_mm_per_h * 1e-3 / 3600.0 * (t1 - t0) * area;
            // A roof with nowhere to spill sends everything to the sewer.
            const double take = spill_count == 0 ? volume : std::min({volume, room, rate});
            b.sewer_taken_m3[k] += take;
            sums_.sewer[static_cast<std::size_t>(rep_row)] += take;
            volume -= take;
        }
        if (volume <= 0.0 || spill_count == 0) continue;
        const double add = volume / (static_cast<double>(spill_count) * cell_area);
        for (index_t q = b.spill_begin[k]; q < b.spill_begin[k + 1]; ++q) {
            const index_t cell = b.spill_cells[static_cast<std::size_t>(q)];
            add_depth(cell, add);
            spill_max = std::max(spill_max, st_.h[cell]);
        }
    }
    return spill_max;
}

void Simulation::worker(int thread, PassiveBarrier& barrier, ProgressStage& progress) {
    // Two barriers a step: after momentum and after continuity (plus three on exchange steps). The outflow
    // scale is computed inside the continuity sweep, row by row, from raw discharges; the rows of the
    // neighbouring blocks come from their BlockEdge copies. Every thread keeps its own copy of the clock and
    // derives the same time step from the same shared maxima, so no thread waits for another to publish it.
    const Range block = block_of(st_.rows, thread, threads_);
    const index_t j0 = block.begin + 1, j1 = block.end + 1;
    const auto W = static_cast<std::size_t>(st_.width);
    std::vector<float> buf_a(W), buf_b(W), buf_c(W);
    RowBuffers rows(st_.width);
    double time_s = 0.0, dt_s = first_dt_s_, last_exchange = 0.0;
    while (dt_s > 1e-9) {
        const double t = time_s + dt_s;
        const auto dt = static_cast<float>(dt_s);
        const inertial::StepParams p{dt, static_cast<float>(st_.dx), static_cast<float>(1.0 / st_.dx),
                                     static_cast<float>(set_.theta), static_cast<float>(set_.dry_depth_m)};
        momentum_rows(thread, j0, j1, time_s, p, buf_a, buf_b, buf_c);
        barrier.arrive_and_wait();
        if (stop_) break;  // set by thread 0 before this barrier (interrupt or a failed callback)
        thread_h_max_[static_cast<std::size_t>(thread)] = continuity_rows(thread, j0, j1, time_s, dt, rows);
        barrier.arrive_and_wait();
        const bool finished = t >= set_.duration_s - 1e-9;
        if (t >= last_exchange + set_.exchange_interval_s - 1e-9 || finished) {
            if (thread == 0) serial_guarded([&] { prepare_exchange(last_exchange, t); });
            barrier.arrive_and_wait();
            auto& mine = thread_h_max_[static_cast<std::size_t>(thread)];
            mine = std::max(mine, exchange_rows(j0, j1, last_exchange, t));
            barrier.arrive_and_wait();
            if (thread == 0) mine = std::max(mine, exchange_serial(last_exchange, t));
            barrier.arrive_and_wait();
            last_exchange = t;
        }
        const float h_max = *std::max_element(thread_h_max_.begin(), thread_h_max_.end());
        const double dt_next = std::min<double>(next_dt(h_max), set_.duration_s - t);
        if (thread == 0) serial_guarded([&] { end_of_step(t, dt_s, progress); });
        time_s = t;
        dt_s = dt_next;
    }
}

template <class F>
void Simulation::serial_guarded(F&& work) {
    // Only thread 0 calls back into user code (rain fields, frames); an exception there must not leave the
    // other threads waiting at a barrier, so it is kept and rethrown after the parallel region.
    try {
        work();
    } catch (...) {
        if (!failure_) failure_ = std::current_exception();
        stop_ = true;
    }
}

void Simulation::prepare_exchange(double t0, double t1) {
    // Per-class amounts for this interval, as flat numbers the cell loop can index by class code.
    class_rates_.fill(ClassRates{});
    for (int k = 1; k < in_.classes->size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!in_.classes->defined(code)) continue;
        const LandCoverClass& cls = (*in_.classes)[code];
        ClassRates& c = class_rates_[code];
        c.counts_rain = 1.0f;
        if (cls.is_building) continue;  // roofs: counted here, routed in exchange_serial
        c.rain_on_ground = 1.0f;
        c.interception_m = static_cast<float>(cls.interception_mm * 1e-3);
        c.infiltration_m = static_cast<float>(cls.infiltration.capacity_m(t0, t1));
        c.sewer_m = static_cast<float>(cls.sewer_inflow_mm_per_h * 1e-3 / 3600.0 * (t1 - t0));
        c.sewer_storage_m = static_cast<float>(cls.sewer_storage_mm * 1e-3);
    }
    if (in_.rain_field) in_.rain_field(t0, t1, GridView<float>(rain_field_.data(), st_.rows, st_.cols));
}

void Simulation::record_outputs(double t) {
    if (t + 1e-9 >= next_gauge_s_ && !in_.gauges.empty()) {
        for (std::size_t g = 0; g < in_.gauges.size(); ++g) {
            gauges_[g].time_s.push_back(t);
            gauges_[g].depth_m.push_back(
                st_.h[static_cast<std::size_t>(st_.at(in_.gauges[g].row + 1, in_.gauges[g].col + 1))]);
        }
        next_gauge_s_ +=
            set_.gauge_interval_s * std::max(1.0, std::floor((t - next_gauge_s_) / set_.gauge_interval_s) + 1.0);
    }
    if (set_.frame_interval_s > 0.0 && on_frame_ && t + 1e-9 >= next_frame_s_) {
        Grid<float> depth = unpad(st_, st_.h);
        on_frame_(t, depth.view());
        next_frame_s_ +=
            set_.frame_interval_s * std::max(1.0, std::floor((t - next_frame_s_) / set_.frame_interval_s) + 1.0);
    }
}

void Simulation::end_of_step(double t, double dt_taken, ProgressStage& progress) {
    ++steps_;
    if (t < set_.duration_s - 1e-9) min_dt_s_ = std::min(min_dt_s_, dt_taken);  // the last step is cut to fit
    record_outputs(t);
    progress.update(t);
    if (context_.cancel.requested()) {
        interrupted_ = true;
        stop_ = true;
    }
}

FloodResult Simulation::run() {
    const auto wall_start = std::chrono::steady_clock::now();
    FloodResult result;
    result.balance.initial_storage_m3 = surface_storage_m3(st_);
    float h0 = 0.0f;
    for (float v : st_.h) h0 = std::max(h0, v);
    first_dt_s_ = std::min<double>(next_dt(h0), set_.duration_s);
    PassiveBarrier barrier(threads_);
    ProgressStage progress(context_, "flood simulation", set_.duration_s);
    record_outputs(0.0);
#pragma omp parallel num_threads(threads_)
    worker(omp_get_thread_num(), barrier, progress);
    if (failure_) std::rethrow_exception(failure_);
    if (interrupted_) throw Interrupted();
    progress.finish();

    VolumeBalance& vb = result.balance;
    vb.rain_m3 = ordered_sum(sums_.rain);
    vb.interception_m3 = ordered_sum(sums_.interception);
    vb.infiltration_m3 = ordered_sum(sums_.infiltration);
    vb.sewer_m3 = ordered_sum(sums_.sewer);
    vb.inflow_m3 = ordered_sum(sums_.inflow);
    vb.edge_inflow_m3 = ordered_sum(sums_.edge_inflow);
    vb.boundary_in_m3 = ordered_sum(sums_.boundary_in);
    vb.boundary_out_m3 = ordered_sum(sums_.boundary_out);
    vb.final_storage_m3 = surface_storage_m3(st_);

    result.max_depth_m = unpad(st_, st_.h_max);
    result.max_velocity_m_per_s = unpad(st_, st_.v_max);
    result.max_hazard = unpad(st_, st_.hazard_max);
    result.arrival_time_s = unpad(st_, st_.arrival);
    for (float& t : result.arrival_time_s.values())
        if (t == kNever) t = std::numeric_limits<float>::quiet_NaN();
    for (const auto& d : st_.duration) result.duration_above_s.push_back(unpad(st_, d));
    result.final_depth_m = unpad(st_, st_.h);
    // Cells outside the domain (and roofs) have no result: NaN, written as no data.
    for (index_t r = 0; r < st_.rows; ++r) {
        for (index_t c = 0; c < st_.cols; ++c) {
            if (st_.z[static_cast<std::size_t>(st_.at(r + 1, c + 1))] < kWallElevation) continue;
            const float nan = std::numeric_limits<float>::quiet_NaN();
            result.max_depth_m(r, c) = result.max_velocity_m_per_s(r, c) = result.max_hazard(r, c) = nan;
            result.final_depth_m(r, c) = result.arrival_time_s(r, c) = nan;
            for (auto& d : result.duration_above_s) d(r, c) = nan;
        }
    }
    result.gauges = gauges_;
    result.steps = steps_;
    result.domain_cells = st_.domain_cells;
    result.cell_updates = static_cast<double>(steps_) * static_cast<double>(st_.rows * st_.cols);
    result.min_dt_s = min_dt_s_;
    result.threads = threads_;
    result.state_bytes_per_cell = 6 * sizeof(float);  // z, h, its rounding carry, n, qx, qy
    result.loss_bytes_per_cell = sizeof(std::uint8_t) + (st_.intercepted_m.empty() ? 0 : sizeof(float)) +
                                 (st_.sewer_m.empty() ? 0 : sizeof(float));
    result.tracker_bytes_per_cell = (5 + st_.duration.size()) * sizeof(float) - sizeof(float);
    result.building_count = static_cast<index_t>(st_.buildings.count());
    result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return result;
}

}  // namespace

FloodResult run_flood(const FloodInputs& inputs, const FloodSettings& settings, const FrameCallback& on_frame,
                      const ExecutionContext& context) {
    settings.validate();
    Simulation sim(inputs, settings, on_frame, context);
    return sim.run();
}

}  // namespace wn
