#include "waternet/pipeline/bag_use.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/csv_table.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

std::filesystem::path default_bag_use_csv() { return data_dir() / "bag" / "bag_use_classes.csv"; }

BagUseMapping read_bag_use_mapping(const std::filesystem::path& csv, const risk::DamageTable& table) {
    const CsvTable t = read_csv_table(csv, "BAG use table");
    const auto use_col = t.column("gebruiksdoel");
    const auto class_col = t.column("damage_class");
    if (!use_col || !class_col)
        t.fail(t.header_line,
               "a BAG use table has the columns gebruiksdoel, damage_class (it has " + t.header_text() + ")");
    BagUseMapping mapping;
    mapping.path = csv;
    for (const CsvRow& row : t.rows) {
        const std::string use = lowercase(row.fields[*use_col]);
        if (std::find(mapping.uses.begin(), mapping.uses.end(), use) != mapping.uses.end())
            t.fail(row, *use_col, "'" + use + "' is listed twice");
        std::uint8_t code = 0;
        try {
            code = table.code_of(row.fields[*class_col]);
        } catch (const InputError& e) {
            t.fail(row, *class_col, e.what());
        }
        mapping.uses.push_back(use);
        mapping.damage_codes.push_back(code);
    }
    return mapping;
}

namespace {

// "NL.IMBAG.Pand.0153100000123456", "0153100000123456" and the number 153100000123456 (a GeoPackage that stored
// the id as an integer) are the same pand.
std::string pand_key(std::string_view id) {
    id = trim(id);
    if (const auto dot = id.rfind('.'); dot != std::string_view::npos) id.remove_prefix(dot + 1);
    while (id.size() > 1 && id.front() == '0') id.remove_prefix(1);
    return std::string(id);
}

std::string normalised(std::string_view name) {
    std::string out;
    for (char c : name)
        if (c != '-' && c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int field_named(const OGRFeatureDefn& defn, std::initializer_list<const char*> names) {
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string n = normalised(defn.GetFieldDefn(i)->GetNameRef());
        for (const char* wanted : names)
            if (n == wanted) return i;
    }
    return -1;
}

std::string fields_of(const OGRFeatureDefn& defn) {
    std::string s;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        s += (s.empty() ? "" : ", ") + std::string(defn.GetFieldDefn(i)->GetNameRef());
    return s.empty() ? "none" : s;
}

OGRLayer* bag_layer(GDALDataset& ds, const std::string& file, const char* name) {
    for (int l = 0; l < ds.GetLayerCount(); ++l)
        if (normalised(ds.GetLayer(l)->GetName()) == name) return ds.GetLayer(l);
    std::string layers;
    for (int l = 0; l < ds.GetLayerCount(); ++l)
        layers += (layers.empty() ? "" : ", ") + std::string(ds.GetLayer(l)->GetName());
    throw InputError(fmt::format("{}: no layer '{}', so this is not a BAG GeoPackage as PDOK delivers it (layers: {})",
                                 file, name, layers.empty() ? "none" : layers));
}

bool withdrawn(const std::string& status) {
    const std::string s = lowercase(status);
    return s.find("ingetrokken") != std::string::npos || s.find("niet gerealiseerd") != std::string::npos ||
           s.find("ten onrechte") != std::string::npos;
}

// Floor area per use of one pand (index = the mapping's use).
using UseAreas = std::vector<double>;

// The pand whose polygon holds (x, y) in the pand layer's CRS; "" when none.
std::string pand_at(OGRLayer& panden, int id_field, double x, double y) {
    OGRPoint point(x, y);
    panden.SetSpatialFilter(&point);
    panden.ResetReading();
    std::string found;
    for (auto& p : panden) {
        const OGRGeometry* g = p->GetGeometryRef();
        if (g && g->Contains(&point)) {
            found = pand_key(p->GetFieldAsString(id_field));
            break;
        }
    }
    panden.SetSpatialFilter(nullptr);
    return found;
}

}  // namespace

namespace {

struct BagLayers {
    std::unique_ptr<GDALDataset> dataset;
    OGRLayer* panden = nullptr;
    OGRLayer* vbos = nullptr;
    int pand_id = -1, use = -1;
};

BagLayers open_bag(const std::filesystem::path& bag) {
    const std::string file = bag.string();
    vector_info(file);  // registers GDAL, checks the file
    BagLayers out;
    out.dataset.reset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!out.dataset) throw InputError(file + ": not a vector file GDAL can read (BAG as a GeoPackage)");
    out.panden = bag_layer(*out.dataset, file, "pand");
    out.vbos = bag_layer(*out.dataset, file, "verblijfsobject");
    out.pand_id = field_named(*out.panden->GetLayerDefn(), {"identificatie"});
    if (out.pand_id < 0)
        throw InputError(fmt::format("{}: layer pand has no 'identificatie' (fields: {})", file,
                                     fields_of(*out.panden->GetLayerDefn())));
    out.use = field_named(*out.vbos->GetLayerDefn(), {"gebruiksdoel", "gebruiksdoelen"});
    if (out.use < 0)
        throw InputError(fmt::format("{}: layer verblijfsobject has no 'gebruiksdoel' (fields: {})", file,
                                     fields_of(*out.vbos->GetLayerDefn())));
    return out;
}

}  // namespace

void require_bag_geopackage(const std::filesystem::path& bag) { open_bag(bag); }

BuildingUses building_uses(const std::filesystem::path& bag, const std::vector<VectorFeature>& buildings,
                           const BagUseMapping& mapping, std::uint8_t fallback_code) {
    BagLayers bag_layers = open_bag(bag);
    OGRLayer* panden = bag_layers.panden;
    OGRLayer* vbos = bag_layers.vbos;
    const int pand_id = bag_layers.pand_id;
    const int use_field = bag_layers.use;
    const OGRFeatureDefn& vdefn = *vbos->GetLayerDefn();
    const int area_field = field_named(vdefn, {"oppervlakte", "oppervlakteverblijfsobject"});
    const int pand_ref = field_named(vdefn, {"pandidentificatie", "pandref", "identificatiepand", "pandid"});
    const int status_field = field_named(vdefn, {"status"});

    BuildingUses out;
    std::unordered_map<std::string, UseAreas> areas;  // pand → floor area per use
    panden->ResetReading();
    for (auto& p : *panden) {
        areas.emplace(pand_key(p->GetFieldAsString(pand_id)), UseAreas(mapping.uses.size(), 0.0));
        ++out.panden;
    }
    vbos->ResetReading();
    for (auto& v : *vbos) {
        if (status_field >= 0 && withdrawn(v->GetFieldAsString(status_field))) continue;
        ++out.verblijfsobjecten;
        std::vector<std::string> uses;
        for (std::string_view rest = v->GetFieldAsString(use_field); !rest.empty();) {
            const auto comma = rest.find(',');
            const std::string use = lowercase(trim(rest.substr(0, comma)));
            if (!use.empty()) uses.push_back(use);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        if (uses.empty()) uses.push_back("(leeg)");
        const double area_m2 = area_field >= 0 && v->IsFieldSetAndNotNull(area_field)
                                   ? std::max(0.0, v->GetFieldAsDouble(area_field))
                                   : 0.0;
        std::vector<std::string> pand_ids;
        if (pand_ref >= 0) {
            for (std::string_view rest = v->GetFieldAsString(pand_ref); !rest.empty();) {
                const auto comma = rest.find(',');
                if (const std::string id = pand_key(rest.substr(0, comma)); !id.empty()) pand_ids.push_back(id);
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        } else if (const OGRGeometry* g = v->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            const auto* point = g->toPoint();
            if (std::string id = pand_at(*panden, pand_id, point->getX(), point->getY()); !id.empty())
                pand_ids.push_back(id);
        }
        for (const std::string& use : uses) {
            const auto known = std::find(mapping.uses.begin(), mapping.uses.end(), use);
            if (known == mapping.uses.end()) {
                ++out.unknown_uses[use];
                continue;
            }
            for (const std::string& id : pand_ids)
                if (auto a = areas.find(id); a != areas.end())
                    a->second[static_cast<std::size_t>(known - mapping.uses.begin())] +=
                        area_m2 / static_cast<double>(uses.size()) + 1e-9;  // a VBO without area still counts
        }
    }

    const auto no_vbo = std::find(mapping.uses.begin(), mapping.uses.end(), kNoVerblijfsobject);
    const std::vector<std::string> id_attributes = {"bag_pand", "identificatieBAGPND", "identificatiebagpnd",
                                                    "identificatie"};
    out.damage_code.assign(buildings.size(), fallback_code);
    out.use.assign(buildings.size(), "");
    for (std::size_t b = 0; b < buildings.size(); ++b) {
        const VectorFeature& f = buildings[b];
        std::string id;
        for (const std::string& attribute : id_attributes)
            if (auto a = f.attributes.find(attribute); a != f.attributes.end() && areas.count(pand_key(a->second))) {
                id = pand_key(a->second);
                break;
            }
        if (id.empty() && f.kind != GeometryKind::none)
            id = pand_at(*panden, pand_id, f.representative.x, f.representative.y);
        const auto pand = areas.find(id);
        if (id.empty() || pand == areas.end()) {
            ++out.not_in_bag;
            continue;
        }
        const UseAreas& a = pand->second;
        const auto largest = std::max_element(a.begin(), a.end());  // the first of equals: the table's order
        std::size_t chosen = static_cast<std::size_t>(largest - a.begin());
        if (*largest <= 0.0) {
            if (no_vbo == mapping.uses.end()) {
                ++out.unknown_uses[kNoVerblijfsobject];
                ++out.not_in_bag;
                continue;
            }
            chosen = static_cast<std::size_t>(no_vbo - mapping.uses.begin());
        }
        out.damage_code[b] = mapping.damage_codes[chosen];
        out.use[b] = mapping.uses[chosen];
        ++out.per_use[out.use[b]];
    }
    return out;
}

}  // namespace wn
