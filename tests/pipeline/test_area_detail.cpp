// What an area can say: its model's name in both languages and the limitations note of a regional area.
#include <gtest/gtest.h>

#include "waternet/pipeline/area_detail.hpp"

namespace wn {
namespace {

using report::Language;

TEST(AreaDetail, ModelLabelNamesTerrainAndModelCellsInDutchAndEnglish) {
    const ModelDescription ahn{"AHN", 5.0, 10.0, AreaDetail::local, std::nullopt};
    EXPECT_EQ(model_label(ahn, Language::nl), "AHN 5 m, gemodelleerd op 10 m");
    EXPECT_EQ(model_label(ahn, Language::en), "AHN 5 m, modelled at 10 m");
    const ModelDescription fine{"AHN", 0.5, 2.0, AreaDetail::street, std::nullopt};
    EXPECT_EQ(model_label(fine, Language::nl), "AHN 0,5 m, gemodelleerd op 2 m");  // Dutch decimal comma
    const ModelDescription srtm{"SRTM", 100.0, 100.0, AreaDetail::regional, 20.0};
    EXPECT_EQ(model_label(srtm, Language::en), "SRTM 100 m");  // on its own cells: no "modelled at"
}

TEST(AreaDetail, OnlyRegionalAreasCarryTheLimitationsNote) {
    const ModelDescription srtm{"SRTM", 100.0, 100.0, AreaDetail::regional, 20.0};
    const std::string nl = limitations_note(srtm, Language::nl), en = limitations_note(srtm, Language::en);
    for (const char* part : {"Beperkingen van de kaart", "SRTM 100 m", "stoepranden", "duikers", "riolen", "gebouwen",
                             "niet voor een straat of een huis", "20 mm per uur"})
        EXPECT_NE(nl.find(part), std::string::npos) << part;
    for (const char* part : {"Limitations of the map", "SRTM 100 m", "kerbs", "culverts", "sewers", "buildings",
                             "not for a street or a house", "20 mm per hour"})
        EXPECT_NE(en.find(part), std::string::npos) << part;
    EXPECT_TRUE(limitations_note({"AHN", 5.0, 10.0, AreaDetail::local, std::nullopt}, Language::nl).empty());
    EXPECT_EQ(regional_layer_name(Language::nl), "Regionale stroombanen en laagten");
    EXPECT_EQ(regional_layer_name(Language::en), "Regional flow paths and low areas");
}

TEST(AreaDetail, UnknownDetailNamesTheChoices) {
    EXPECT_EQ(parse_area_detail("street"), AreaDetail::street);
    try {
        parse_area_detail("fine");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("\"regional\", \"local\" or \"street\""), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace wn
