#include "waternet/risk/waterlabel.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

double checked(double value, const char* name) {
    if (!std::isfinite(value) || value < 0.0)
        throw InputError(fmt::format("waterlabel: {} must be a number of at least 0 (got {})", name, value));
    return value;
}

}  // namespace

void validate_scoring(const WaterlabelScoring& s) {
    checked(s.roof_mm, "storage roof_mm");
    checked(s.green_roof_mm, "storage green_roof_mm");
    checked(s.paved_mm, "storage paved_mm");
    checked(s.garden_mm, "storage garden_mm");
    if (s.labels.empty()) throw InputError("waterlabel scoring: no labels");
    std::set<std::string> names;
    for (std::size_t i = 0; i < s.labels.size(); ++i) {
        const LabelBound& l = s.labels[i];
        if (l.label.empty()) throw InputError(fmt::format("waterlabel scoring: label {} has no name", i + 1));
        if (!names.insert(l.label).second)
            throw InputError(fmt::format("waterlabel scoring: label '{}' appears twice", l.label));
        checked(l.min_mm, "a label's min_mm");
        if (i > 0 && !(l.min_mm < s.labels[i - 1].min_mm))
            throw InputError(
                fmt::format("waterlabel scoring: the bound of '{}' ({} mm) must be lower than that of '{}' "
                            "({} mm): labels go from best to worst",
                            l.label, l.min_mm, s.labels[i - 1].label, s.labels[i - 1].min_mm));
    }
    if (s.labels.back().min_mm != 0.0)
        throw InputError(fmt::format("waterlabel scoring: the last label '{}' must start at 0 mm (it starts at {})",
                                     s.labels.back().label, s.labels.back().min_mm));
}

int label_index(const WaterlabelScoring& scoring, double held_mm) {
    for (std::size_t i = 0; i < scoring.labels.size(); ++i)
        if (held_mm >= scoring.labels[i].min_mm) return static_cast<int>(i);
    return static_cast<int>(scoring.labels.size()) - 1;
}

PlotScore score_plot(const PlotParts& p, const WaterlabelScoring& s) {
    const double plot = checked(p.plot_m2, "plot_m2");
    if (plot <= 0.0) throw InputError("waterlabel: plot_m2 must be more than 0");
    const double roof = checked(p.roof_m2, "roof_m2"), green_roof = checked(p.green_roof_m2, "green_roof_m2");
    const double paved = checked(p.paved_m2, "paved_m2"), garden = checked(p.garden_m2, "garden_m2");
    const double barrel = checked(p.rain_barrel_l, "rain_barrel_l"),
                 underground = checked(p.underground_l, "underground_l");
    if (green_roof > roof) throw InputError("waterlabel: the green roof cannot be larger than the roof");
    if (roof + paved + garden > plot * (1.0 + 1e-9))
        throw InputError(
            fmt::format("waterlabel: roof, paving and garden together ({:.2f} m²) are larger than the plot "
                        "({:.2f} m²)",
                        roof + paved + garden, plot));
    const double rest = std::max(0.0, plot - roof - paved - garden);  // counted as paving
    PlotScore out;
    out.roof_l = (roof - green_roof) * s.roof_mm + green_roof * s.green_roof_mm;
    out.barrel_l = roof > 0.0 ? barrel : 0.0;  // a barrel without a roof to feed it stores nothing
    out.paved_l = (paved + rest) * s.paved_mm;
    out.garden_l = garden * s.garden_mm;
    out.underground_l = roof > 0.0 && p.downpipe_disconnected ? underground : 0.0;
    out.held_l = out.roof_l + out.barrel_l + out.paved_l + out.garden_l + out.underground_l;
    out.held_mm = out.held_l / plot;
    out.label = label_index(s, out.held_mm);
    return out;
}

std::vector<std::vector<std::int64_t>> label_counts_by_zone(std::span<const std::int32_t> zone_of_plot,
                                                            std::span<const int> label_of_plot, std::int32_t zone_count,
                                                            int label_count) {
    if (zone_of_plot.size() != label_of_plot.size())
        throw InputError(
            fmt::format("waterlabel counts: {} zones for {} plots", zone_of_plot.size(), label_of_plot.size()));
    if (zone_count < 1 || label_count < 1) throw InputError("waterlabel counts: no zones or no labels");
    std::vector<std::vector<std::int64_t>> counts(static_cast<std::size_t>(zone_count),
                                                  std::vector<std::int64_t>(static_cast<std::size_t>(label_count), 0));
    for (std::size_t i = 0; i < zone_of_plot.size(); ++i) {
        const std::int32_t z = zone_of_plot[i];
        const int l = label_of_plot[i];
        if (z < 0 || z >= zone_count) throw InputError(fmt::format("waterlabel counts: plot {} has zone {}", i, z));
        if (l < 0 || l >= label_count) throw InputError(fmt::format("waterlabel counts: plot {} has label {}", i, l));
        ++counts[static_cast<std::size_t>(z)][static_cast<std::size_t>(l)];
    }
    return counts;
}

}  // namespace wn::risk
