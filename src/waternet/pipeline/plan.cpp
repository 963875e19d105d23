#include "waternet/pipeline/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "waternet/core/error.hpp"
#include "waternet/io/polygon_overlap.hpp"

namespace wn {

namespace {

constexpr std::array<std::pair<std::string_view, PlanKind>, 7> kKinds{{{"plot", PlanKind::plot},
                                                                       {"building", PlanKind::building},
                                                                       {"paving", PlanKind::paving},
                                                                       {"green", PlanKind::green},
                                                                       {"water", PlanKind::water},
                                                                       {"storage", PlanKind::storage},
                                                                       {"infiltration", PlanKind::infiltration}}};

// Surfaces: each piece of ground is one of these at most (storage and infiltration lie under or in them).
bool is_surface(PlanKind kind) {
    return kind == PlanKind::building || kind == PlanKind::paving || kind == PlanKind::green || kind == PlanKind::water;
}

std::optional<double> number(const std::string& file, const PlanFeature& f, const std::string& key, double min,
                             double max) {
    const auto found = f.geometry.attributes.find(key);
    if (found == f.geometry.attributes.end() || found->second.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(found->second.c_str(), &end);
    if (end == found->second.c_str() || *end != '\0' || !std::isfinite(value) || value < min || value > max)
        throw InputError(fmt::format("{}: {}: {} must be a number from {} to {} (got '{}')", file, f.label(), key, min,
                                     max, found->second));
    return value;
}

double required(const std::string& file, const PlanFeature& f, const std::string& key, double min, double max,
                const std::string& why) {
    const auto value = number(file, f, key, min, max);
    if (!value)
        throw InputError(fmt::format("{}: {} ({}) has no '{}': {}", file, f.label(), plan_kind_name(f.kind), key, why));
    return *value;
}

std::string attribute(const VectorFeature& f, const std::string& key) {
    const auto found = f.attributes.find(key);
    return found == f.attributes.end() ? std::string() : found->second;
}

}  // namespace

std::string_view plan_kind_name(PlanKind kind) {
    for (const auto& [name, k] : kKinds)
        if (k == kind) return name;
    return "?";
}

std::string PlanFeature::label() const {
    return named ? fmt::format("feature {} ('{}')", index + 1, name) : fmt::format("feature {}", index + 1);
}

const PlanFeature& Plan::plot() const {
    for (const PlanFeature& f : features)
        if (f.kind == PlanKind::plot) return f;
    throw InputError(file + ": the plan has no plot");  // read_plan refuses such a plan; a bug if reached
}

double Plan::area_of(PlanKind kind) const {
    double sum = 0.0;
    for (const PlanFeature& f : features)
        if (f.kind == kind) sum += f.area_m2;
    return sum;
}

double Plan::storage_volume_m3() const {
    double sum = 0.0;
    for (const PlanFeature& f : features)
        if (f.kind == PlanKind::storage) sum += f.volume_m3;
    return sum;
}

Plan read_plan(const std::filesystem::path& path, const GridSpec& terrain) {
    Plan plan;
    plan.file = path.filename().string();
    const std::string& file = plan.file;
    for (VectorFeature& g : read_features(path.string(), terrain.crs_wkt)) {
        PlanFeature f;
        f.index = g.index;
        const std::string kind = attribute(g, "kind");
        f.name = attribute(g, "name");
        f.named = !f.name.empty();
        if (f.name.empty()) f.name = fmt::format("{} {}", kind.empty() ? "feature" : kind, g.index + 1);
        f.geometry = std::move(g);
        const auto known = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& k) { return k.first == kind; });
        if (known == kKinds.end())
            throw InputError(fmt::format(
                "{}: {}: {} kind{}; use plot, building, paving, green, water, storage or "
                "infiltration",
                file, f.label(), kind.empty() ? "no" : "unknown", kind.empty() ? " attribute" : " '" + kind + "'"));
        f.kind = known->second;
        if (f.geometry.kind != GeometryKind::polygon)
            throw InputError(fmt::format("{}: {} ({}) must be a polygon", file, f.label(), kind));
        f.area_m2 = f.geometry.area_m2;
        if (!(f.area_m2 > 0.0)) throw InputError(fmt::format("{}: {} ({}) has no area", file, f.label(), kind));
        switch (f.kind) {
            case PlanKind::building:
                f.floor_level_m = required(file, f, "floor_level_m", -10.0, 400.0,
                                           "a new building needs its floor level (m NAP) for the floor-level rule");
                break;
            case PlanKind::paving:
            case PlanKind::green:
                f.ground_level_m = number(file, f, "ground_level_m", -10.0, 400.0);
                break;
            case PlanKind::storage:
                f.volume_m3 = required(file, f, "volume_m3", 0.001, 1e6, "how much the storage holds");
                f.emptying_h = required(file, f, "emptying_h", 0.1, 24.0 * 30, "how long the storage takes to empty");
                f.cover = attribute(f.geometry, "cover");
                break;
            case PlanKind::infiltration:
                f.cover = attribute(f.geometry, "cover");
                break;
            default:
                break;
        }
        plan.features.push_back(std::move(f));
    }
    const PlanFeature* plot = nullptr;
    for (const PlanFeature& f : plan.features)
        if (f.kind == PlanKind::plot) {
            if (plot)
                throw InputError(fmt::format("{}: {} is a second plot (the first is {}); a plan has one plot", file,
                                             f.label(), plot->label()));
            plot = &f;
        }
    if (!plot) throw InputError(file + ": no feature with kind 'plot' (the plot boundary)");
    const VectorFeature& p = plot->geometry;
    if (p.min_x < terrain.min_x() || p.max_x > terrain.max_x() || p.min_y < terrain.min_y() ||
        p.max_y > terrain.max_y())
        throw InputError(
            fmt::format("{}: {} (the plot, x {:.1f}..{:.1f}, y {:.1f}..{:.1f}) does not lie wholly on the "
                        "terrain (x {:.1f}..{:.1f}, y {:.1f}..{:.1f}); check the coordinates and the CRS",
                        file, plot->label(), p.min_x, p.max_x, p.min_y, p.max_y, terrain.min_x(), terrain.max_x(),
                        terrain.min_y(), terrain.max_y()));
    // Overlapping surfaces would count their ground twice (roof and paving both needing storage) and leave the
    // land cover to the file's order.
    for (std::size_t i = 0; i < plan.features.size(); ++i)
        for (std::size_t j = i + 1; j < plan.features.size(); ++j) {
            const PlanFeature& a = plan.features[i];
            const PlanFeature& b = plan.features[j];
            if (!is_surface(a.kind) || !is_surface(b.kind)) continue;
            const double shared = overlap_area(a.geometry.wkt, b.geometry.wkt);
            if (shared > 0.01)
                throw InputError(
                    fmt::format("{}: {} ({}) and {} ({}) overlap by {:.2f} m2; a piece of ground is one "
                                "of building, paving, green or water",
                                file, a.label(), plan_kind_name(a.kind), b.label(), plan_kind_name(b.kind), shared));
        }
    return plan;
}

}  // namespace wn
