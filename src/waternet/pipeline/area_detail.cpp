#include "waternet/pipeline/area_detail.hpp"

#include <fmt/format.h>

#include <cmath>

#include "waternet/core/error.hpp"

namespace wn {

using report::Language;

std::string to_string(AreaDetail detail) {
    switch (detail) {
        case AreaDetail::regional:
            return "regional";
        case AreaDetail::local:
            return "local";
        case AreaDetail::street:
            return "street";
    }
    return "?";
}

AreaDetail parse_area_detail(std::string_view text) {
    if (text == "regional") return AreaDetail::regional;
    if (text == "local") return AreaDetail::local;
    if (text == "street") return AreaDetail::street;
    throw InputError("must be \"regional\", \"local\" or \"street\" (got \"" + std::string(text) + "\")");
}

AreaDetail detail_for_cell_size(double model_cell_m) {
    if (model_cell_m >= kRegionalFromCellM) return AreaDetail::regional;
    if (model_cell_m <= kStreetUpToCellM) return AreaDetail::street;
    return AreaDetail::local;
}

namespace {

// A cell size as people write it: "100", "5", "0,5" (nl) / "0.5" (en).
std::string metres(double cell_m, Language language) {
    const bool whole = std::abs(cell_m - std::round(cell_m)) < 1e-6;
    return report::format_number(cell_m, whole ? 0 : (std::abs(cell_m * 10 - std::round(cell_m * 10)) < 1e-6 ? 1 : 2),
                                 language) +
           " m";
}

}  // namespace

std::string model_label(const ModelDescription& model, Language language) {
    std::string label = model.terrain_name + " " + metres(model.terrain_cell_m, language);
    if (std::abs(model.model_cell_m - model.terrain_cell_m) > 1e-6 * model.terrain_cell_m)
        label +=
            (language == Language::nl ? ", gemodelleerd op " : ", modelled at ") + metres(model.model_cell_m, language);
    return label;
}

std::string regional_layer_name(Language language) {
    return language == Language::nl ? "Regionale stroombanen en laagten" : "Regional flow paths and low areas";
}

std::string limitations_note(const ModelDescription& model, Language language) {
    if (model.detail != AreaDetail::regional) return {};
    const std::string label = model_label(model, language);
    const bool nl = language == Language::nl;
    std::string text =
        nl ? fmt::format(
                 "Beperkingen van de kaart. Deze kaart is berekend op een grof hoogtemodel ({}; cellen van {}). Op "
                 "deze schaal ziet het model geen straten, stoepranden, drempels, duikers, riolen of gebouwen. "
                 "Een oppervlaktemodel zoals SRTM meet bovendien de bovenkant van bomen en daken, niet het "
                 "maaiveld: bossen en bebouwing lijken verhogingen, open plekken ertussen laagten. Gebruik de "
                 "kaart om te zien waar water regionaal heen stroomt en zich verzamelt, niet voor een straat of "
                 "een huis; daarvoor is een fijner model nodig (AHN 0,5 m met gebouwen).",
                 label, metres(model.model_cell_m, language))
           : fmt::format(
                 "Limitations of the map. This map was computed on a coarse terrain model ({}; cells of {}). At "
                 "this scale the model does not see streets, kerbs, thresholds, culverts, sewers or buildings. A "
                 "surface model such as SRTM also measures the top of trees and roofs, not the ground: woods and "
                 "built-up areas look like rises, open spaces between them like hollows. Use the map to see where "
                 "water flows and collects across the region, not for a street or a house; that needs a finer "
                 "model (AHN 0.5 m with buildings).",
                 label, metres(model.model_cell_m, language));
    if (model.loss_mm_per_h)
        text += nl ? fmt::format(
                         " Infiltratie en riool samen: {} mm per uur, zoals de landelijke waterdieptekaart van de "
                         "Klimaateffectatlas.",
                         report::format_number(*model.loss_mm_per_h, 0, language))
                   : fmt::format(
                         " Infiltration and sewers together: {} mm per hour, as in the national water-depth map "
                         "of the Klimaateffectatlas.",
                         report::format_number(*model.loss_mm_per_h, 0, language));
    return text;
}

std::string no_street_figures_reason(Language language) {
    return language == Language::nl
               ? "regionaal model: te grof voor cijfers over gebouwen, wegen, vitale objecten, schade of inwoners"
               : "regional model: too coarse for building, road, vital-object, damage or people figures";
}

std::string depth_legend_id(AreaDetail detail, std::string street_legend) {
    return detail == AreaDetail::regional ? "depth_regional_m" : std::move(street_legend);
}

}  // namespace wn
