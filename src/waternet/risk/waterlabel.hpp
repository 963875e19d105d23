// The waterlabel of a plot: how many millimetres of rain of a one-hour peak storm the plot can store on its own
// land, averaged over the plot, and its label G … A++.
//
// The scoring is STOWA and Stichting RIONED's method for storage on private land (2019): the score is the rain
// (mm) of a one-hour peak storm that the plot can store or infiltrate, averaged over the plot, wherever it is held
// (roof, garden, underground), as long as the water can reach it; nine labels from G (no storage) to A++ (at least
// 110 mm). Sources: STOWA news "Waterlabel: inzicht in waterberging op eigen terrein" (11 February 2019); H2O
// "Uniforme score voor hemelwaterberging geïntroduceerd" (2019); riool.net "Waterlabel voor het particuliere
// terrein" (figure A). The numbers (storage per part, label bounds) are data, not code: data/waterlabel/scoring.toml,
// read by pipeline/waterlabel_scoring.hpp; the viewer's calculator (web/src/waterlabel.js) is the same method, and a
// test holds its constants equal to that file.
//
// Per part (the same rules as web/src/waterlabel.js waterlabel()):
//   roof         (roof − green roof) · roof_mm + green roof · green_roof_mm
//   rain barrel  its litres, only when there is a roof to feed it
//   paving       (paved + the plot area not given as roof, paving or garden) · paved_mm
//   garden       garden · garden_mm
//   underground  its litres, only when there is a roof and the downpipe is disconnected (the water must reach it)
// held_mm = Σ litres / plot m² (1 l/m² = 1 mm). A kernel: no files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace wn::risk {

struct LabelBound {
    std::string label;    // "A++" … "G"
    double min_mm = 0.0;  // lowest score (mm over the plot) that earns it
};

struct WaterlabelScoring {
    double roof_mm = 0.0, green_roof_mm = 0.0, paved_mm = 0.0, garden_mm = 0.0;  // storage per m² of each part
    std::vector<LabelBound> labels;  // best first, min_mm strictly falling, the last 0
};

// InputError naming the value: a storage that is negative or not finite, no labels, bounds that do not fall
// strictly, a last bound that is not 0, an empty or repeated label name.
void validate_scoring(const WaterlabelScoring& scoring);

struct PlotParts {
    double plot_m2 = 0.0;
    double roof_m2 = 0.0;
    double green_roof_m2 = 0.0;  // part of roof_m2
    double paved_m2 = 0.0;
    double garden_m2 = 0.0;
    double rain_barrel_l = 0.0;
    double underground_l = 0.0;
    bool downpipe_disconnected = false;
};

struct PlotScore {
    double held_mm = 0.0;  // storage averaged over the plot
    double held_l = 0.0;
    int label = 0;  // index into WaterlabelScoring::labels
    double roof_l = 0.0, barrel_l = 0.0, paved_l = 0.0, garden_l = 0.0, underground_l = 0.0;
};

// The index of the label for `held_mm` (the first whose min_mm it reaches; the last for anything lower).
int label_index(const WaterlabelScoring& scoring, double held_mm);

// InputError (the message names the part) for an impossible plot, as the viewer refuses it: a value that is
// negative or not finite, plot_m2 = 0, a green roof larger than the roof, roof + paving + garden larger than the
// plot (beyond a rounding tolerance of 1e-9 relative).
PlotScore score_plot(const PlotParts& plot, const WaterlabelScoring& scoring);

// counts[z][l] = plots with zone_of_plot == z and label_of_plot == l. InputError: spans of different length, a
// zone outside 0..zone_count-1 or a label outside 0..label_count-1. Each row adds up to the plots of its zone.
std::vector<std::vector<std::int64_t>> label_counts_by_zone(std::span<const std::int32_t> zone_of_plot,
                                                            std::span<const int> label_of_plot, std::int32_t zone_count,
                                                            int label_count);

}  // namespace wn::risk
