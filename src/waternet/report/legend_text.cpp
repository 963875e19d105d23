#include "waternet/report/legend_text.hpp"

#include <map>
#include <string>
#include <vector>

namespace wn::report {

namespace {

struct DutchLegend {
    std::string title;
    std::vector<std::string> labels;  // one per class, in render/legend.cpp's order
};

// Words as the Klimaateffectatlas uses them (waterdiepte, gevoelstemperatuur, hittestress).
const std::map<std::string, DutchLegend, std::less<>>& dutch() {
    static const std::map<std::string, DutchLegend, std::less<>> texts{
        {"depth_m",
         {"Waterdiepte", {"5–10 cm", "10–15 cm", "15–20 cm", "20–30 cm", "30–50 cm", "50–100 cm", "> 100 cm"}}},
        {"depth_regional_m",
         {"Waterdiepte, regionaal model: waar water zich verzamelt, niet de diepte in een straat",
          {"1–2 dm", "2–3 dm", "3–5 dm", "5–10 dm", "> 10 dm"}}},
        {"velocity_m_per_s", {"Stroomsnelheid", {"0,10–0,25 m/s", "0,25–0,5 m/s", "0,5–1 m/s", "1–2 m/s", "> 2 m/s"}}},
        {"duration_h",
         {"Duur van water op straat", {"15 min – 1 uur", "1–2 uur", "2–6 uur", "6–12 uur", "12–24 uur", "> 24 uur"}}},
        {"hazard",
         {"Gevaarklasse (stroming en diepte)",
          {"laag (< 0,75)", "matig (0,75–1,25)", "aanzienlijk (1,25–2,0)", "extreem (> 2,0)"}}},
        {"bluespot_depth_m",
         {"Diepte van de blauwe plek", {"1–10 cm", "10–20 cm", "20–30 cm", "30–50 cm", "50–100 cm", "> 100 cm"}}},
        {"pet_c",
         {"Gevoelstemperatuur (PET)",
          {"< 23 °C geen hittestress", "23–29 °C licht", "29–35 °C matig", "35–41 °C sterk", "> 41 °C extreem"}}},
        {"depth_difference_m",
         {"Verandering van de waterdiepte",
          {"> 20 cm lager", "10–20 cm lager", "5–10 cm lager", "1–5 cm lager", "geen verandering (< 1 cm)",
           "1–5 cm hoger", "5–10 cm hoger", "10–20 cm hoger", "> 20 cm hoger"}}},
        {"hillshade", {"Reliëfschaduw", {"0 (schaduw)", "255 (licht)"}}},
    };
    return texts;
}

}  // namespace

render::Legend localized_legend(const render::Legend& legend, Language language) {
    render::Legend out = legend;
    if (language != Language::nl) return out;
    const auto found = dutch().find(legend.id);
    if (found == dutch().end() || found->second.labels.size() != out.classes.size()) return out;
    out.title = found->second.title;
    for (std::size_t k = 0; k < out.classes.size(); ++k) out.classes[k].label = found->second.labels[k];
    return out;
}

}  // namespace wn::report
