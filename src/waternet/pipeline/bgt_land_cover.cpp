#include "waternet/pipeline/bgt_land_cover.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>

#include "waternet/core/error.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {

// Why each row (BGT "Gegevenscatalogus" values): heat and flooding need to know what the surface is made of.
//   - open verharding (bricks, tiles) and gesloten verharding (asphalt, concrete) are paved: no vegetation,
//     runoff to the sewer;
//   - half verhard / onverhard / zand: unpaved, infiltrates;
//   - erf (a private yard) mixes paving and garden in unknown shares: mixed (8);
//   - groenvoorziening, grass and herbs, heath, reed: grass-like (4); woods, hedgerows, shrubs: trees (5);
//   - arable land and tree/fruit nurseries: agriculture (7);
//   - walls, quay walls, engineering structures and tunnels are neither vegetation nor open ground: impermeable (9).
const std::vector<BgtClassRule> kBgtClassRules = {
    {"pand", "*", kBuilding},
    {"waterdeel", "*", kWater},
    {"ondersteunendwaterdeel", "*", kWater},
    {"begroeidterreindeel", "loofbos", kTrees},
    {"begroeidterreindeel", "naaldbos", kTrees},
    {"begroeidterreindeel", "gemengd bos", kTrees},
    {"begroeidterreindeel", "houtwal", kTrees},
    {"begroeidterreindeel", "struiken", kTrees},
    {"begroeidterreindeel", "bouwland", kAgriculture},
    {"begroeidterreindeel", "boomteelt", kAgriculture},
    {"begroeidterreindeel", "fruitteelt", kAgriculture},
    {"begroeidterreindeel", "zand", kUnpaved},
    {"begroeidterreindeel", "*", kGrass},  // groenvoorziening, grasland, gras- en kruidachtigen, heide, moeras, ...
    {"onbegroeidterreindeel", "erf", kMixed},
    {"onbegroeidterreindeel", "gesloten verharding", kPaved},
    {"onbegroeidterreindeel", "open verharding", kPaved},
    {"onbegroeidterreindeel", "*", kUnpaved},  // half verhard, onverhard, zand
    {"wegdeel", "groenvoorziening", kGrass},
    {"wegdeel", "half verhard", kUnpaved},
    {"wegdeel", "onverhard", kUnpaved},
    {"wegdeel", "*", kPaved},
    {"ondersteunendwegdeel", "groenvoorziening", kGrass},
    {"ondersteunendwegdeel", "half verhard", kUnpaved},
    {"ondersteunendwegdeel", "onverhard", kUnpaved},
    {"ondersteunendwegdeel", "*", kPaved},
    {"overbruggingsdeel", "*", kPaved},
    {"spoor", "*", kUnpaved},
    {"scheiding", "*", kImpermeable},
    {"kunstwerkdeel", "*", kImpermeable},
    {"tunneldeel", "*", kImpermeable},
    {"overigbouwwerk", "*", kImpermeable},
};

// Public open space where people can stay (cool spots): footpaths, pedestrian areas, home zones, public
// unvegetated and vegetated ground; not carriageways, cycle paths, parking, verges along traffic, bridges,
// private yards, water, buildings or structures.
const std::vector<BgtPublicRule> kBgtPublicRules = {
    {"wegdeel", "voetpad", "*", true},
    {"wegdeel", "voetpad op trap", "*", true},
    {"wegdeel", "voetgangersgebied", "*", true},
    {"wegdeel", "woonerf", "*", true},
    {"wegdeel", "*", "*", false},
    {"onbegroeidterreindeel", "*", "erf", false},
    {"onbegroeidterreindeel", "*", "*", true},
    {"begroeidterreindeel", "*", "bouwland", false},
    {"begroeidterreindeel", "*", "boomteelt", false},
    {"begroeidterreindeel", "*", "fruitteelt", false},
    {"begroeidterreindeel", "*", "grasland agrarisch", false},
    {"begroeidterreindeel", "*", "*", true},
    {"*", "*", "*", false},
};

namespace {

bool matches(std::string_view pattern, std::string_view value) { return pattern == "*" || pattern == value; }

}  // namespace

BgtFeatureClass classify_bgt(std::string_view klasse, std::string_view functie, std::string_view fysiek,
                             UnknownClass unknown) {
    BgtFeatureClass out;
    const auto rule = std::find_if(kBgtClassRules.begin(), kBgtClassRules.end(), [&](const BgtClassRule& r) {
        return r.bgt_klasse == klasse && matches(r.fysiek_voorkomen, fysiek);
    });
    if (rule == kBgtClassRules.end()) {
        if (unknown == UnknownClass::error) {
            std::string known;
            for (const BgtClassRule& r : kBgtClassRules)
                if (known.find(std::string(r.bgt_klasse)) == std::string::npos)
                    known += (known.empty() ? "" : ", ") + std::string(r.bgt_klasse);
            throw InputError(fmt::format("BGT land cover: bgt_klasse '{}' is not in the mapping table (known: {}); "
                                         "map it in pipeline/bgt_land_cover.cpp or accept it as 'mixed'",
                                         klasse, known));
        }
        out.class_code = kMixed;
        out.known = false;
        return out;
    }
    out.class_code = rule->class_code;
    for (const BgtPublicRule& p : kBgtPublicRules)
        if (matches(p.bgt_klasse, klasse) && matches(p.functie, functie) && matches(p.fysiek_voorkomen, fysiek)) {
            out.public_open_space = p.public_open_space;
            break;
        }
    return out;
}

BgtLandCover load_bgt_land_cover(const std::filesystem::path& path, const GridSpec& grid, UnknownClass unknown) {
    const std::string file = path.string();
    const VectorInfo info = vector_info(file);  // validates the file (and registers GDAL's drivers)
    if (std::find(info.attributes.begin(), info.attributes.end(), "bgt_klasse") == info.attributes.end()) {
        std::string names;
        for (const std::string& a : info.attributes) names += (names.empty() ? "" : ", ") + a;
        throw InputError(fmt::format("{}: no attribute 'bgt_klasse', so this is not BGT land cover (attributes: {})",
                                     file, names.empty() ? "none" : names));
    }
    // The attributes in the layer's reading order, the order rasterize_feature_ids numbers the features in.
    std::vector<BgtFeatureClass> by_index;
    BgtLandCover out;
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds || ds->GetLayerCount() == 0) throw InputError(file + ": cannot open its first layer");
        OGRLayer* layer = ds->GetLayer(0);
        const OGRFeatureDefn* defn = layer->GetLayerDefn();
        const int i_klasse = defn->GetFieldIndex("bgt_klasse");
        const int i_functie = defn->GetFieldIndex("functie");
        const int i_fysiek = defn->GetFieldIndex("fysiek_voorkomen");
        const auto field = [](const OGRFeature& f, int i) -> std::string {
            return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
        };
        layer->ResetReading();
        for (auto& feature : *layer) {
            const std::string klasse = field(*feature, i_klasse);
            const BgtFeatureClass c = classify_bgt(klasse, field(*feature, i_functie), field(*feature, i_fysiek), unknown);
            if (!c.known) ++out.unknown_classes[klasse.empty() ? "(missing)" : klasse];
            by_index.push_back(c);
        }
    }
    out.features = static_cast<std::int64_t>(by_index.size());
    const Grid<std::int32_t> ids = rasterize_feature_ids(file, grid);
    out.classes = Grid<std::uint8_t>(grid, 0);
    out.public_space = Grid<std::uint8_t>(grid, 0);
    for (index_t i = 0; i < ids.size(); ++i) {
        const std::int32_t id = ids.data()[i];
        if (id <= 0 || static_cast<std::size_t>(id) > by_index.size()) continue;
        const BgtFeatureClass& c = by_index[static_cast<std::size_t>(id - 1)];
        out.classes.data()[i] = c.class_code;
        out.public_space.data()[i] = c.public_open_space ? 1 : 0;
    }
    for (index_t i = 0; i < out.classes.size(); ++i) ++out.cells_per_class[std::min<std::size_t>(out.classes.data()[i], 9)];
    return out;
}

}  // namespace wn
