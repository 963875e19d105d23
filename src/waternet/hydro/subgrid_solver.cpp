// The subgrid flood solver (subgrid_solver.hpp has the method, its derivation and its sources).
#include "waternet/hydro/subgrid_solver.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "waternet/core/error.hpp"
#include "waternet/core/parallel.hpp"
#include "waternet/hydro/local_inertial.hpp"

namespace wn::subgrid {

void SolverSettings::validate() const {
    const auto require = [](bool ok, const std::string& what) {
        if (!ok) throw InputError("subgrid solver: " + what);
    };
    require(std::isfinite(duration_s) && duration_s > 0.0 && duration_s <= 30.0 * 86400.0,
            "the duration must be between 0 and 30 days (got " + std::to_string(duration_s) + " s)");
    require(cfl_alpha > 0.0 && cfl_alpha <= 1.0, "cfl_alpha must be in (0, 1]");
    require(theta >= 0.5 && theta <= 1.0, "theta must be in [0.5, 1]");
    require(dry_depth_m > 0.0 && dry_depth_m < 0.1, "dry_depth_m must be in (0, 0.1) m");
    require(max_dt_s > 0.0 && max_dt_s <= 3600.0, "max_dt_s must be in (0, 3600] s");
    require(exchange_interval_s > 0.0 && exchange_interval_s <= 600.0, "exchange_interval_s must be in (0, 600] s");
    for (const EdgeCondition& e : edges)
        require(e.kind != EdgeKind::water_level,
                "a water-level edge is not supported by the subgrid engine yet; use closed or free edges");
}

namespace {

// The face update, branch-free (the selects become blends, so a row of faces vectorises).
[[gnu::always_inline]] inline float face_update(float flow_depth_m, float conveyance_m2_s, float q_weighted,
                                                float level_difference_m, float g_dt, float inv_dx_per_m,
                                                float dry_depth_m) {
    const float numerator = q_weighted - g_dt * flow_depth_m * level_difference_m * inv_dx_per_m;
    // g Δt h̄ |q̃| / K²: the regular engine's g Δt n² |q̃| / h^(7/3) where K = h^(5/3)/n (header).
    const float k2 = conveyance_m2_s * conveyance_m2_s;
    const float friction =
        g_dt * (numerator < 0.0f ? -numerator : numerator) * (flow_depth_m / (k2 > 1e-30f ? k2 : 1e-30f));
    const float q = numerator / (0.5f * (1.0f + std::sqrt(1.0f + 4.0f * friction)));  // denominator >= 1
    return flow_depth_m > dry_depth_m && conveyance_m2_s > 0.0f ? q : 0.0f;
}

// Per-thread row buffers of the momentum pass: each face's h̄ and K (read from the tables) and its θ-weighted
// old discharge, so that the face update runs over plain arrays.
struct RowBuffers {
    explicit RowBuffers(index_t faces) : depth(faces), conveyance(faces), weighted(faces) {}
    std::vector<float> depth, conveyance, weighted;
};

// New discharges of a run of faces: the face update on the row buffers and the levels on either side.
void face_row(const RowBuffers& buf, const float* __restrict level_a, const float* __restrict level_b,
              float* __restrict q_new, index_t count, float g_dt, float inv_dx, float dry) {
    const float* __restrict depth = buf.depth.data();
    const float* __restrict conveyance = buf.conveyance.data();
    const float* __restrict weighted = buf.weighted.data();
    for (index_t i = 0; i < count; ++i)
        q_new[i] = face_update(depth[i], conveyance[i], weighted[i], level_b[i] - level_a[i], g_dt, inv_dx, dry);
}

}  // namespace

float face_discharge(float flow_depth_m, float conveyance_m2_s, float q_weighted, float level_difference_m, float dt_s,
                     float inv_dx_per_m, float dry_depth_m) {
    return face_update(flow_depth_m, conveyance_m2_s, q_weighted, level_difference_m, inertial::kGravity * dt_s,
                       inv_dx_per_m, dry_depth_m);
}

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The solver state and its passes. Every pass works on a block of cell rows [r0, r1) so that one parallel region
// runs the whole simulation, its threads meeting at a PassiveBarrier between passes (core/parallel.hpp: a spinning
// OpenMP barrier per pass made a loaded 2-core machine eight times slower). Face discharges are double-buffered:
// a step reads buffer `old` and writes the other, so no thread waits for a swap.
class Solver {
public:
    Solver(const SolverInputs& in, const SolverSettings& set, const ExecutionContext& context)
        : in_(in), set_(set), context_(context), t_(*in.tables) {
        rows_ = t_.rows();
        cols_ = t_.cols();
        dx_ = t_.cell_size_m();
        check_inputs();
        threads_ = static_cast<int>(std::clamp<index_t>(context.thread_count(), 1, rows_));
        const auto cells = static_cast<std::size_t>(rows_ * cols_);
        volume_.assign(cells, 0.0);
        level_.assign(cells, kNaN);
        zmin_.assign(cells, kNaN);
        area_.assign(cells, 0.0);
        scale_.assign(cells, 1.0f);
        for (int b = 0; b < 2; ++b) {
            qx_[b].assign(static_cast<std::size_t>(rows_ * (cols_ + 1)), 0.0f);
            qy_[b].assign(static_cast<std::size_t>((rows_ + 1) * cols_), 0.0f);
        }
        const auto row_count = static_cast<std::size_t>(rows_ + 1);
        for (std::vector<double>* v : {&rain_, &loss_, &edge_in_x_, &edge_out_x_, &edge_in_y_, &edge_out_y_})
            v->assign(row_count, 0.0);
        row_min_volume_.assign(row_count, std::numeric_limits<double>::infinity());
        row_depth_max_.assign(row_count, 0.0f);
        row_q_max_.assign(row_count, 0.0f);
        face_row_q_max_.assign(row_count, 0.0f);
        for (index_t r = 0; r < rows_; ++r) {
            for (index_t c = 0; c < cols_; ++c) {
                if (!t_.cell_active(r, c)) continue;
                const std::size_t i = id(r, c);
                zmin_[i] = t_.cell_lowest_level_m(r, c);
                area_[i] = t_.cell_area_m2(r, c);
                const float start = in_.initial_level_m.empty() ? kNaN : in_.initial_level_m(r, c);
                volume_[i] = std::isnan(start) ? 0.0 : t_.volume_of_level(r, c, start);
                level_[i] = static_cast<float>(t_.level_of_volume(r, c, volume_[i]));
            }
        }
        level_max_ = level_;
    }

    SolverResult run();

private:
    std::size_t id(index_t r, index_t c) const { return static_cast<std::size_t>(r * cols_ + c); }
    std::size_t x_face(index_t r, index_t i) const { return static_cast<std::size_t>(r * (cols_ + 1) + i); }
    std::size_t y_face(index_t j, index_t c) const { return static_cast<std::size_t>(j * cols_ + c); }
    // Face rows of a block of cell rows: the north faces of its rows, and the south edge for the last block.
    index_t face_rows_end(index_t r1) const { return r1 == rows_ ? rows_ + 1 : r1; }

    void check_inputs() const {
        if (!in_.initial_level_m.empty() &&
            (in_.initial_level_m.rows() != rows_ || in_.initial_level_m.cols() != cols_))
            throw InputError("subgrid solver: the initial levels are " + std::to_string(in_.initial_level_m.rows()) +
                             " × " + std::to_string(in_.initial_level_m.cols()) + " cells, the coarse grid " +
                             std::to_string(rows_) + " × " + std::to_string(cols_));
        if (!in_.loss_m_per_s.empty() && (in_.loss_m_per_s.rows() != rows_ || in_.loss_m_per_s.cols() != cols_))
            throw InputError("subgrid solver: the loss grid does not have the coarse grid's size");
        const auto bad_rate = [](double v) { return !std::isfinite(v) || v < 0.0; };
        if (bad_rate(in_.uniform_loss_m_per_s))
            throw InputError("subgrid solver: the loss rate must be finite and >= 0");
        if (!(in_.edge_manning_n > 0.0) || !std::isfinite(in_.edge_manning_n))
            throw InputError("subgrid solver: the edges' Manning's n must be more than 0");
        for (index_t r = 0; r < in_.loss_m_per_s.rows(); ++r)
            for (index_t c = 0; c < in_.loss_m_per_s.cols(); ++c)
                if (bad_rate(in_.loss_m_per_s(r, c)))
                    throw InputError("subgrid solver: the loss rate of cell (row " + std::to_string(r) + ", column " +
                                     std::to_string(c) + ") must be finite and >= 0");
        const bool free_edge = std::any_of(set_.edges.begin(), set_.edges.end(),
                                           [](const EdgeCondition& e) { return e.kind == EdgeKind::free_outflow; });
        if (free_edge && (rows_ < 2 || cols_ < 2))
            throw InputError("subgrid solver: free edges need at least 2 × 2 coarse cells");
    }

    // Normal-flow outflow over a free edge (positive = out of the domain): q = K √S with K from the edge cell's own
    // storage table: its wet fraction w = (dV/dζ) / A at the current level, the mean depth over the wet part
    // h_w = V / (w A), and K = w h_w^(5/3) / n (wet pixels side by side; cell = pixel: h^(5/3)/n, the regular
    // engine's edge). The inner face's table would not do: its crest lies on the inner side, so water standing in
    // an edge cell below its inland neighbour would never leave.
    float free_outflow(const EdgeCondition& edge, index_t cell_r, index_t cell_c, index_t next_r,
                       index_t next_c) const {
        const std::size_t in = id(cell_r, cell_c), next = id(next_r, next_c);
        const double held = volume_[in];
        if (area_[in] <= 0.0 || !(held > set_.dry_depth_m * area_[in])) return 0.0f;
        const double level = t_.level_of_volume(cell_r, cell_c, held);
        const double step = std::min(0.01, level - zmin_[in]);
        const double wet_area = (held - t_.volume_of_level(cell_r, cell_c, level - step)) / step;
        const double wet = std::clamp(wet_area / area_[in], 1e-6, 1.0);
        const double depth = held / (wet * area_[in]);
        const double conveyance = wet * depth * std::cbrt(depth * depth) / in_.edge_manning_n;
        const float surface_slope = area_[next] > 0.0 ? (level_[next] - level_[in]) / static_cast<float>(dx_) : 0.0f;
        const float slope = std::max(surface_slope, static_cast<float>(edge.min_outflow_slope));
        return static_cast<float>(conveyance) * std::sqrt(slope);
    }

    void worker(int thread, PassiveBarrier& barrier, ProgressStage& progress);
    void momentum(index_t r0, index_t r1, int old, float dt, RowBuffers& buf);
    void limit_outflow(index_t r0, index_t r1, int now, float dt);
    void effective_fluxes(index_t r0, index_t r1, int now, float dt);
    void continuity(index_t r0, index_t r1, int now, float dt);
    void exchange(index_t r0, index_t r1, double t0, double t1);
    float next_dt(float depth_max) const;
    double storage() const;
    float depth_max() const { return *std::max_element(row_depth_max_.begin(), row_depth_max_.end()); }

    const SolverInputs& in_;
    const SolverSettings& set_;
    const ExecutionContext& context_;
    const SubgridTables& t_;
    index_t rows_ = 0, cols_ = 0;
    double dx_ = 1.0;
    int threads_ = 1;
    std::vector<double> volume_, area_;
    std::vector<float> level_, level_max_, zmin_, scale_;
    // x faces: rows × (cols+1), 0 and cols the west and east edges; y faces: (rows+1) × cols, 0 and rows the
    // north and south edges. Two buffers each (old and new discharges).
    std::array<std::vector<float>, 2> qx_, qy_;
    // Per row (or face row), summed in a fixed order whatever the thread count.
    std::vector<double> rain_, loss_, edge_in_x_, edge_out_x_, edge_in_y_, edge_out_y_, row_min_volume_;
    std::vector<float> row_depth_max_, row_q_max_, face_row_q_max_;
    // Shared control, written by thread 0 between barriers.
    double first_dt_s_ = 0.0;
    double min_dt_s_ = std::numeric_limits<double>::infinity();
    std::int64_t steps_ = 0;
    bool stop_ = false;
};

void Solver::momentum(index_t r0, index_t r1, int old, float dt, RowBuffers& buf) {
    const float inv_dx = static_cast<float>(1.0 / dx_);
    const float g_dt = inertial::kGravity * dt;
    const float theta = static_cast<float>(set_.theta), side = 0.5f * (1.0f - theta);
    const float dry = static_cast<float>(set_.dry_depth_m);
    const EdgeCondition& west = set_.edges[kWest];
    const EdgeCondition& east = set_.edges[kEast];
    for (index_t r = r0; r < r1; ++r) {
        const float* q = qx_[old].data() + x_face(r, 0);
        float* q_new = qx_[1 - old].data() + x_face(r, 0);
        const float* level = level_.data() + id(r, 0);
        for (index_t i = 1; i < cols_; ++i) {  // face i: between cells i-1 and i; buffer index i-1
            const FaceFlow f = t_.u_face_flow(r, i - 1, std::max(level[i - 1], level[i]));
            const auto k = static_cast<std::size_t>(i - 1);
            buf.depth[k] = static_cast<float>(f.flow_depth_m);
            buf.conveyance[k] = static_cast<float>(f.conveyance_m2_s);
            buf.weighted[k] = theta * q[i] + side * (q[i - 1] + q[i + 1]);
        }
        face_row(buf, level, level + 1, q_new + 1, cols_ - 1, g_dt, inv_dx, dry);
        q_new[0] = west.kind == EdgeKind::free_outflow ? -free_outflow(west, r, 0, r, 1) : 0.0f;
        q_new[cols_] = east.kind == EdgeKind::free_outflow ? free_outflow(east, r, cols_ - 1, r, cols_ - 2) : 0.0f;
    }
    const EdgeCondition& north = set_.edges[kNorth];
    const EdgeCondition& south = set_.edges[kSouth];
    for (index_t j = r0; j < face_rows_end(r1); ++j) {  // face row j: between cell rows j-1 and j
        float* q_new = qy_[1 - old].data() + y_face(j, 0);
        if (j == 0 || j == rows_) {
            const EdgeCondition& edge = j == 0 ? north : south;
            const index_t cell_r = j == 0 ? 0 : rows_ - 1, next_r = j == 0 ? 1 : rows_ - 2;
            for (index_t c = 0; c < cols_; ++c) {
                const float out = edge.kind == EdgeKind::free_outflow ? free_outflow(edge, cell_r, c, next_r, c) : 0.0f;
                q_new[c] = j == 0 ? -out : out;
            }
            continue;
        }
        const float* q_prev = qy_[old].data() + y_face(j - 1, 0);
        const float* q = qy_[old].data() + y_face(j, 0);
        const float* q_next = qy_[old].data() + y_face(j + 1, 0);
        const float* level_a = level_.data() + id(j - 1, 0);
        const float* level_b = level_.data() + id(j, 0);
        for (index_t c = 0; c < cols_; ++c) {
            const FaceFlow f = t_.v_face_flow(j - 1, c, std::max(level_a[c], level_b[c]));
            const auto k = static_cast<std::size_t>(c);
            buf.depth[k] = static_cast<float>(f.flow_depth_m);
            buf.conveyance[k] = static_cast<float>(f.conveyance_m2_s);
            buf.weighted[k] = theta * q[c] + side * (q_prev[c] + q_next[c]);  // the face rows above and below
        }
        face_row(buf, level_a, level_b, q_new, cols_, g_dt, inv_dx, dry);
    }
}

// The outflow scale of every cell: min(1, V / (Δt Δx Σ outgoing q)), from the new raw discharges.
void Solver::limit_outflow(index_t r0, index_t r1, int now, float dt) {
    const double width_dt = static_cast<double>(dt) * dx_;
    for (index_t r = r0; r < r1; ++r) {
        const float* qx = qx_[now].data() + x_face(r, 0);
        const float* qn = qy_[now].data() + y_face(r, 0);
        const float* qs = qy_[now].data() + y_face(r + 1, 0);
        for (index_t c = 0; c < cols_; ++c) {
            // Summed as (x pair) + (y pair), as the regular engine (local_inertial.cpp).
            const float out =
                (std::max(qx[c + 1], 0.0f) + std::max(-qx[c], 0.0f)) + (std::max(qs[c], 0.0f) + std::max(-qn[c], 0.0f));
            const double leaving = out * width_dt;
            const double held = std::max(volume_[id(r, c)], 0.0);
            // 1e-6 short of all: the scaled fluxes are rounded to float and must not take more than the cell holds.
            scale_[id(r, c)] = leaving > held ? static_cast<float>(held / leaving * (1.0 - 1e-6)) : 1.0f;
        }
    }
}

// Scales each face's discharge by its upstream cell's outflow scale, in place, and books what crosses the edges.
void Solver::effective_fluxes(index_t r0, index_t r1, int now, float dt) {
    const double width_dt = static_cast<double>(dt) * dx_;
    for (index_t r = r0; r < r1; ++r) {
        float* q = qx_[now].data() + x_face(r, 0);
        const float* s = scale_.data() + id(r, 0);
        float q_max = row_q_max_[static_cast<std::size_t>(r)];
        for (index_t i = 0; i <= cols_; ++i) {
            const float s_a = i > 0 ? s[i - 1] : 1.0f, s_b = i < cols_ ? s[i] : 1.0f;
            q[i] *= q[i] > 0.0f ? s_a : s_b;
            q_max = std::max(q_max, std::fabs(q[i]));
        }
        row_q_max_[static_cast<std::size_t>(r)] = q_max;
        const double into_west = q[0] * width_dt, into_east = -q[cols_] * width_dt;  // into the domain
        edge_in_x_[static_cast<std::size_t>(r)] += std::max(into_west, 0.0) + std::max(into_east, 0.0);
        edge_out_x_[static_cast<std::size_t>(r)] += std::max(-into_west, 0.0) + std::max(-into_east, 0.0);
    }
    for (index_t j = r0; j < face_rows_end(r1); ++j) {
        float* q = qy_[now].data() + y_face(j, 0);
        const float* s_a = j > 0 ? scale_.data() + id(j - 1, 0) : nullptr;
        const float* s_b = j < rows_ ? scale_.data() + id(j, 0) : nullptr;
        float q_max = face_row_q_max_[static_cast<std::size_t>(j)];
        double in = 0.0, out = 0.0;
        for (index_t c = 0; c < cols_; ++c) {
            q[c] *= q[c] > 0.0f ? (s_a != nullptr ? s_a[c] : 1.0f) : (s_b != nullptr ? s_b[c] : 1.0f);
            q_max = std::max(q_max, std::fabs(q[c]));
            if (j == 0 || j == rows_) {  // into the domain: southwards over the north edge, northwards over the south
                const double into = (j == 0 ? q[c] : -q[c]) * width_dt;
                in += std::max(into, 0.0);
                out += std::max(-into, 0.0);
            }
        }
        face_row_q_max_[static_cast<std::size_t>(j)] = q_max;
        edge_in_y_[static_cast<std::size_t>(j)] += in;
        edge_out_y_[static_cast<std::size_t>(j)] += out;
    }
}

// V += Δt Δx (west − east + north − south), then the level from the cell table.
void Solver::continuity(index_t r0, index_t r1, int now, float dt) {
    const double width_dt = static_cast<double>(dt) * dx_;
    for (index_t r = r0; r < r1; ++r) {
        const float* qx = qx_[now].data() + x_face(r, 0);
        const float* qn = qy_[now].data() + y_face(r, 0);
        const float* qs = qy_[now].data() + y_face(r + 1, 0);
        float depth_max = 0.0f;
        double volume_min = row_min_volume_[static_cast<std::size_t>(r)];
        for (index_t c = 0; c < cols_; ++c) {
            const std::size_t i = id(r, c);
            if (area_[i] <= 0.0) continue;
            // In double: every face's flux leaves one cell exactly as it enters the other.
            const double net = (double(qx[c]) - qx[c + 1]) + (double(qn[c]) - qs[c]);
            volume_[i] += net * width_dt;
            level_[i] = static_cast<float>(t_.level_of_volume(r, c, volume_[i]));
            level_max_[i] = std::max(level_max_[i], level_[i]);
            depth_max = std::max(depth_max, level_[i] - zmin_[i]);
            volume_min = std::min(volume_min, volume_[i]);
        }
        row_depth_max_[static_cast<std::size_t>(r)] = depth_max;
        row_min_volume_[static_cast<std::size_t>(r)] = volume_min;
    }
}

// Rain on each cell's valid area, then the lumped loss, capped by what the cell holds (operator splitting over
// [t0, t1], as the regular engine).
void Solver::exchange(index_t r0, index_t r1, double t0, double t1) {
    const auto rain_depth = static_cast<float>(in_.rain != nullptr ? in_.rain->depth_m(t0, t1) : 0.0);
    const double interval = t1 - t0;
    for (index_t r = r0; r < r1; ++r) {
        double rain = 0.0, lost = 0.0;
        float depth_max = row_depth_max_[static_cast<std::size_t>(r)];
        double volume_min = row_min_volume_[static_cast<std::size_t>(r)];
        for (index_t c = 0; c < cols_; ++c) {
            const std::size_t i = id(r, c);
            if (area_[i] <= 0.0) continue;
            const double fallen = static_cast<double>(rain_depth) * area_[i];
            const double rate = in_.loss_m_per_s.empty() ? in_.uniform_loss_m_per_s : in_.loss_m_per_s(r, c);
            volume_[i] += fallen;
            rain += fallen;
            const double take = std::min(rate * interval * area_[i], std::max(volume_[i], 0.0));
            volume_[i] -= take;
            lost += take;
            level_[i] = static_cast<float>(t_.level_of_volume(r, c, volume_[i]));
            level_max_[i] = std::max(level_max_[i], level_[i]);
            depth_max = std::max(depth_max, level_[i] - zmin_[i]);
            volume_min = std::min(volume_min, volume_[i]);
        }
        rain_[static_cast<std::size_t>(r)] += rain;
        loss_[static_cast<std::size_t>(r)] += lost;
        row_depth_max_[static_cast<std::size_t>(r)] = depth_max;
        row_min_volume_[static_cast<std::size_t>(r)] = volume_min;
    }
}

float Solver::next_dt(float depth_max) const {
    // Bates et al. (2010): Δt = α Δx / sqrt(g d_max), d_max the deepest water in any cell (header), as the
    // regular engine computes it (flood_engine.cpp), so that cell = pixel takes the same steps.
    double dt = set_.max_dt_s;
    if (depth_max > set_.dry_depth_m) dt = std::min(dt, set_.cfl_alpha * dx_ / std::sqrt(9.81 * depth_max));
    return static_cast<float>(dt);
}

double Solver::storage() const {
    double total = 0.0;
    for (index_t r = 0; r < rows_; ++r) {
        double row = 0.0;
        for (index_t c = 0; c < cols_; ++c) row += volume_[id(r, c)];
        total += row;
    }
    return total;
}

double ordered_sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

void Solver::worker(int thread, PassiveBarrier& barrier, ProgressStage& progress) {
    // Four barriers a step: after momentum, the outflow scales, the effective fluxes, and continuity (with the
    // exchange, which touches only the block's own cells). Every thread derives the same time step from the same
    // row maxima; thread 0 keeps the clock's records and asks about Ctrl-C, and the others see its stop flag
    // after the next barrier.
    const Range block = block_of(rows_, thread, threads_);
    const index_t r0 = block.begin, r1 = block.end;
    double time_s = 0.0, dt_s = first_dt_s_, last_exchange = 0.0;
    int old = 0;
    RowBuffers buf(cols_);
    while (dt_s > 1e-9) {
        const double t = time_s + dt_s;
        const auto dt = static_cast<float>(dt_s);
        momentum(r0, r1, old, dt, buf);
        barrier.arrive_and_wait();
        if (stop_) break;
        const int now = 1 - old;
        limit_outflow(r0, r1, now, dt);
        barrier.arrive_and_wait();
        effective_fluxes(r0, r1, now, dt);
        barrier.arrive_and_wait();
        continuity(r0, r1, now, dt);
        const bool finished = t >= set_.duration_s - 1e-9;
        if (t >= last_exchange + set_.exchange_interval_s - 1e-9 || finished) {
            exchange(r0, r1, last_exchange, t);
            last_exchange = t;
        }
        barrier.arrive_and_wait();
        const double dt_next = std::min<double>(next_dt(depth_max()), set_.duration_s - t);
        if (thread == 0) {
            ++steps_;
            if (!finished) min_dt_s_ = std::min(min_dt_s_, dt_s);  // the last step is cut to fit
            progress.update(t);
            if (context_.cancel.requested()) stop_ = true;
        }
        time_s = t;
        dt_s = dt_next;
        old = now;
    }
}

SolverResult Solver::run() {
    const auto wall_start = std::chrono::steady_clock::now();
    SolverResult result;
    result.balance.initial_storage_m3 = storage();
    float depth0 = 0.0f;
    for (std::size_t i = 0; i < level_.size(); ++i)
        if (area_[i] > 0.0) depth0 = std::max(depth0, level_[i] - zmin_[i]);
    first_dt_s_ = std::min<double>(next_dt(depth0), set_.duration_s);
    ProgressStage progress(context_, "subgrid flood simulation", set_.duration_s);
    PassiveBarrier barrier(threads_);
#pragma omp parallel num_threads(threads_)
    worker(omp_get_thread_num(), barrier, progress);
    if (stop_) throw Interrupted();
    progress.finish();

    VolumeBalance& vb = result.balance;
    vb.rain_m3 = ordered_sum(rain_);
    vb.infiltration_m3 = ordered_sum(loss_);
    vb.boundary_in_m3 = ordered_sum(edge_in_x_) + ordered_sum(edge_in_y_);
    vb.boundary_out_m3 = ordered_sum(edge_out_x_) + ordered_sum(edge_out_y_);
    vb.final_storage_m3 = storage();
    result.max_level_m = Grid<float>(rows_, cols_);
    result.final_level_m = Grid<float>(rows_, cols_);
    std::copy(level_max_.begin(), level_max_.end(), result.max_level_m.data());
    std::copy(level_.begin(), level_.end(), result.final_level_m.data());
    result.final_volume_m3 = volume_;
    result.max_abs_discharge_m2_s = std::max(*std::max_element(row_q_max_.begin(), row_q_max_.end()),
                                             *std::max_element(face_row_q_max_.begin(), face_row_q_max_.end()));
    const double volume_min = *std::min_element(row_min_volume_.begin(), row_min_volume_.end());
    result.min_volume_m3 = std::isfinite(volume_min) ? volume_min : 0.0;
    result.steps = steps_;
    result.cell_updates = static_cast<double>(steps_) * static_cast<double>(rows_ * cols_);
    result.min_dt_s = std::isfinite(min_dt_s_) ? min_dt_s_ : first_dt_s_;
    result.threads = threads_;
    result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return result;
}

}  // namespace

SolverResult run_subgrid_solver(const SolverInputs& inputs, const SolverSettings& settings,
                                const ExecutionContext& context) {
    settings.validate();
    if (inputs.tables == nullptr) throw InputError("subgrid solver: no subgrid tables given");
    if (inputs.tables->rows() < 1 || inputs.tables->cols() < 1)
        throw InputError("subgrid solver: the tables are empty");
    Solver solver(inputs, settings, context);
    return solver.run();
}

}  // namespace wn::subgrid
