#include "waternet/pipeline/bgt_land_cover.hpp"

#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <memory>
#include <mutex>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/csv_table.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

// ---- the mapping table ---------------------------------------------------------------------------

namespace {

// `pattern` is "*", a value, or values separated by '|'.
bool matches(std::string_view pattern, std::string_view value) {
    if (pattern == "*") return true;
    while (true) {
        const auto bar = pattern.find('|');
        if (trim(pattern.substr(0, bar)) == value) return true;
        if (bar == std::string_view::npos) return false;
        pattern.remove_prefix(bar + 1);
    }
}

std::string required_column_list() {
    return "bgt_object, functie, fysiek_voorkomen, plus_fysiek_voorkomen, land_cover, public_open_space";
}

}  // namespace

bool BgtMapping::knows_object(std::string_view object) const {
    return std::any_of(rules.begin(), rules.end(),
                       [&](const BgtRule& r) { return r.bgt_object != "*" && matches(r.bgt_object, object); });
}

std::filesystem::path default_bgt_classes_csv() { return data_dir() / "bgt" / "bgt_classes.csv"; }

BgtMapping read_bgt_mapping(const std::filesystem::path& csv) {
    const CsvTable table = read_csv_table(csv, "BGT class table");
    std::array<std::size_t, 6> col{};
    const char* names[] = {"bgt_object", "functie",          "fysiek_voorkomen", "plus_fysiek_voorkomen",
                           "land_cover", "public_open_space"};
    for (std::size_t i = 0; i < col.size(); ++i) {
        const auto c = table.column(names[i]);
        if (!c)
            table.fail(table.header_line,
                       fmt::format("no column '{}' (a BGT class table has the columns {}; it has {})", names[i],
                                   required_column_list(), table.header_text()));
        col[i] = *c;
    }
    BgtMapping mapping;
    mapping.path = csv;
    for (const CsvRow& row : table.rows) {
        BgtRule rule;
        rule.line = row.line;
        rule.bgt_object = lowercase(row.fields[col[0]]);
        rule.functie = lowercase(row.fields[col[1]]);
        rule.fysiek_voorkomen = lowercase(row.fields[col[2]]);
        rule.plus_fysiek_voorkomen = lowercase(row.fields[col[3]]);
        for (std::size_t i = 0; i < 4; ++i)
            if (row.fields[col[i]].empty()) table.fail(row, col[i], "empty; write * for any value");
        const std::string land_cover = lowercase(row.fields[col[4]]);
        if (land_cover == "building")
            rule.class_code = kBuilding;  // cover_class_by_name leaves roofs out (no default cover)
        else if (land_cover != "none") {
            try {
                rule.class_code = cover_class_by_name(land_cover);
            } catch (const InputError& e) {
                table.fail(row, col[4], std::string(e.what()) + ", building (or none: not land cover)");
            }
        }
        const std::string open = lowercase(row.fields[col[5]]);
        if (open != "yes" && open != "no") table.fail(row, col[5], "'" + open + "' must be yes or no");
        rule.public_open_space = open == "yes";
        mapping.rules.push_back(std::move(rule));
    }
    return mapping;
}

const BgtMapping& default_bgt_mapping() {
    static const BgtMapping mapping = read_bgt_mapping(default_bgt_classes_csv());
    return mapping;
}

BgtFeatureClass classify_bgt(const BgtMapping& mapping, std::string_view object_in, std::string_view functie_in,
                             std::string_view fysiek_in, std::string_view plus_in, UnknownClass unknown) {
    const std::string object = lowercase(trim(object_in)), functie = lowercase(trim(functie_in)),
                      fysiek = lowercase(trim(fysiek_in)), plus = lowercase(trim(plus_in));
    BgtFeatureClass out;
    for (const BgtRule& r : mapping.rules)
        if (matches(r.bgt_object, object) && matches(r.functie, functie) && matches(r.fysiek_voorkomen, fysiek) &&
            matches(r.plus_fysiek_voorkomen, plus)) {
            out.land_cover = r.class_code.has_value();
            out.class_code = r.class_code.value_or(0);
            out.public_open_space = r.public_open_space;
            return out;
        }
    if (unknown == UnknownClass::error) {
        std::vector<std::string> known;
        for (const BgtRule& r : mapping.rules)
            if (std::find(known.begin(), known.end(), r.bgt_object) == known.end()) known.push_back(r.bgt_object);
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        throw InputError(
            fmt::format("BGT land cover: no row of {} matches bgt object '{}' (fysiek voorkomen '{}'; "
                        "the table knows: {}); add a row or accept it as 'mixed'",
                        mapping.path.string(), object, fysiek, list));
    }
    out.class_code = kMixed;
    out.known = false;
    return out;
}

BgtFeatureClass classify_bgt(std::string_view object, std::string_view functie, std::string_view fysiek,
                             UnknownClass unknown) {
    return classify_bgt(default_bgt_mapping(), object, functie, fysiek, {}, unknown);
}

// ---- PDOK's encodings → the flat form --------------------------------------------------------------

namespace {

// Lower-case without '-', '_' and a namespace prefix: "imgeo:bgt-fysiekVoorkomen" → "bgtfysiekvoorkomen".
std::string normalised_name(std::string_view name) {
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    std::string out;
    for (char c : name)
        if (c != '-' && c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The BGT object type a layer holds. The CityGML encoding of IMGeo 2.1 names some layers by their CityGML class
// (IMGeo 2.1.1 "Gegevenscatalogus", the CityGML mapping of each object type); the others, GML light and PDOK's
// GeoPackage use the BGT name, sometimes prefixed "bgt_".
std::string object_of_layer(std::string_view layer_name) {
    static const std::map<std::string, std::string> citygml = {
        {"trafficarea", "wegdeel"},
        {"auxiliarytrafficarea", "ondersteunendwegdeel"},
        {"plantcover", "begroeidterreindeel"},
        {"waterbody", "waterdeel"},
        {"buildingpart", "pand"},
        {"building", "pand"},
        {"bridgeconstructionelement", "overbruggingsdeel"},
        {"tunnelpart", "tunneldeel"},
        {"railway", "spoor"},
        {"cityfurniture", "straatmeubilair"},
        {"solitaryvegetationobject", "vegetatieobject"},
    };
    std::string name = normalised_name(layer_name);
    if (name.starts_with("bgt") && name.size() > 3 && name != "bgtklasse") name = name.substr(3);
    if (const auto found = citygml.find(name); found != citygml.end()) return found->second;
    return name;
}

// Field indexes by role; -1 when the layer has no such field.
struct FieldRoles {
    int klasse = -1, functie = -1, fysiek = -1, plus = -1, ended = -1, ended_date = -1, bag_pand = -1;
};

FieldRoles field_roles(const OGRFeatureDefn& defn) {
    FieldRoles roles;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string n = normalised_name(defn.GetFieldDefn(i)->GetNameRef());
        if (n == "bgtklasse")
            roles.klasse = i;
        else if (n == "functie" || n == "bgtfunctie" || n == "function")
            roles.functie = i;
        else if (n == "fysiekvoorkomen" || n == "bgtfysiekvoorkomen" || n == "surfacematerial" || n == "class")
            roles.fysiek = i;
        else if (n.starts_with("plusfysiekvoorkomen"))
            roles.plus = i;
        else if (n == "eindregistratie")
            roles.ended = i;
        else if (n == "terminationdate" || n == "objecteindtijd")
            roles.ended_date = i;
        else if (n == "identificatiebagpnd" || n == "identificatiebagpand" || n == "bagpand")
            roles.bag_pand = i;
    }
    return roles;
}

std::string text_field(const OGRFeature& f, int i) {
    return i >= 0 && f.IsFieldSetAndNotNull(i) ? std::string(trim(f.GetFieldAsString(i))) : std::string{};
}

// The feature's first area geometry, with curved edges (GML arcs) made straight; nullptr when it has none.
std::unique_ptr<OGRGeometry> area_geometry(const OGRFeature& f) {
    for (int g = 0; g < f.GetGeomFieldCount(); ++g) {
        const OGRGeometry* geometry = f.GetGeomFieldRef(g);
        if (!geometry || geometry->IsEmpty()) continue;
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (!OGR_GT_IsSurface(type) && !OGR_GT_IsSubClassOf(type, wkbMultiSurface)) continue;
        std::unique_ptr<OGRGeometry> linear(geometry->hasCurveGeometry() ? geometry->getLinearGeometry()
                                                                         : geometry->clone());
        if (linear) return linear;
    }
    return nullptr;
}

std::vector<std::filesystem::path> source_files(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) return {path};
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(path))
        if (entry.is_regular_file()) {
            const std::string ext = lowercase(entry.path().extension().string());
            if (ext == ".gml" || ext == ".gpkg" || ext == ".geojson" || ext == ".json") files.push_back(entry.path());
        }
    std::sort(files.begin(), files.end());
    if (files.empty())
        throw InputError(path.string() +
                         ": the folder holds no BGT files (.gml, .gpkg or .geojson); unpack PDOK's "
                         "download there");
    return files;
}

std::unique_ptr<GDALDataset> open_vector(const std::filesystem::path& file) {
    const char* options[] = {"WRITE_GFS=NO", "DOWNLOAD_SCHEMA=NO",
                             nullptr};  // GML: leave the partner's folder as it is
    const bool gml = lowercase(file.extension().string()) == ".gml";
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, gml ? options : nullptr));
    if (!ds || ds->GetLayerCount() == 0)
        throw InputError(file.string() + ": not a vector file GDAL can read (BGT as GML, GeoPackage or GeoJSON)");
    return ds;
}

// True for a single flat file as data/delft ships it: no flattening needed.
bool is_flat(const std::vector<std::filesystem::path>& files) {
    if (files.size() != 1) return false;
    auto ds = open_vector(files.front());
    return ds->GetLayerCount() == 1 && field_roles(*ds->GetLayer(0)->GetLayerDefn()).klasse >= 0;
}

struct FlatBgt {
    std::string name;
    BgtReadReport report;
};

FlatBgt flatten(const std::filesystem::path& source, const std::vector<std::filesystem::path>& files) {
    static std::atomic<int> counter{0};
    FlatBgt flat;
    flat.name = fmt::format("/vsimem/waternet/bgt_{}.geojson", counter++);
    GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    std::unique_ptr<GDALDataset> out(geojson->Create(flat.name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out) throw std::runtime_error("cannot create " + flat.name);
    OGRLayer* layer = nullptr;
    std::vector<std::string> seen_layers;
    const BgtMapping& mapping = default_bgt_mapping();
    for (const auto& file : files) {
        auto ds = open_vector(file);
        if (flat.report.format.empty()) flat.report.format = ds->GetDriver()->GetDescription();
        for (int l = 0; l < ds->GetLayerCount(); ++l) {
            OGRLayer* in = ds->GetLayer(l);
            const FieldRoles roles = field_roles(*in->GetLayerDefn());
            std::string object = object_of_layer(in->GetName());
            if (roles.klasse < 0 && !mapping.knows_object(object)) {
                // One object type per file (bgt_wegdeel.gml) whatever the layer is called.
                const std::string from_file = object_of_layer(file.stem().string());
                if (mapping.knows_object(from_file)) object = from_file;
            }
            seen_layers.push_back(file.filename().string() + ":" + in->GetName());
            if (!layer) {
                // BGT is in RD New; a GML light file without srsName says nothing, and GeoJSON without a CRS would be
                // read as WGS84.
                OGRSpatialReference rd;
                rd.importFromEPSG(28992);
                rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
                const OGRSpatialReference* srs = in->GetSpatialRef() ? in->GetSpatialRef() : &rd;
                layer = out->CreateLayer("bgt", const_cast<OGRSpatialReference*>(srs), wkbUnknown, nullptr);
                for (const char* field :
                     {"bgt_klasse", "functie", "fysiek_voorkomen", "plus_fysiek_voorkomen", "bag_pand"}) {
                    OGRFieldDefn defn(field, OFTString);
                    layer->CreateField(&defn);
                }
            }
            in->ResetReading();
            for (auto& feature : *in) {
                if (!text_field(*feature, roles.ended).empty() || !text_field(*feature, roles.ended_date).empty()) {
                    ++flat.report.ended;  // no longer exists
                    continue;
                }
                const std::string klasse = roles.klasse >= 0 ? lowercase(text_field(*feature, roles.klasse)) : object;
                std::unique_ptr<OGRGeometry> geometry = area_geometry(*feature);
                if (!geometry) {
                    ++flat.report.not_areas;
                    continue;
                }
                ++flat.report.features_per_object[klasse];
                OGRFeature row(layer->GetLayerDefn());
                row.SetField("bgt_klasse", klasse.c_str());
                row.SetField("functie", text_field(*feature, roles.functie).c_str());
                row.SetField("fysiek_voorkomen", text_field(*feature, roles.fysiek).c_str());
                row.SetField("plus_fysiek_voorkomen", text_field(*feature, roles.plus).c_str());
                row.SetField("bag_pand", text_field(*feature, roles.bag_pand).c_str());
                row.SetGeometryDirectly(geometry.release());
                if (layer->CreateFeature(&row) != OGRERR_NONE) throw std::runtime_error("cannot write " + flat.name);
            }
        }
    }
    const bool any_known = std::any_of(flat.report.features_per_object.begin(), flat.report.features_per_object.end(),
                                       [&](const auto& kv) { return mapping.knows_object(kv.first); });
    if (!any_known) {
        out.reset();
        VSIUnlink(flat.name.c_str());
        std::string layers;
        for (const auto& l : seen_layers) layers += (layers.empty() ? "" : ", ") + l;
        throw InputError(
            fmt::format("{}: no BGT objects found: no attribute 'bgt_klasse' and no layer or file named "
                        "after a BGT object type with area features (layers: {}); give PDOK's BGT "
                        "(CityGML, GML light or GeoPackage) or a flat file with bgt_klasse",
                        source.string(), layers));
    }
    return flat;
}

// The features of `file`'s first layer for which keep(index) holds, as an in-memory GeoJSON (the caller unlinks it).
template <class Keep>
std::string copy_features(const std::string& file, Keep&& keep) {
    static std::atomic<int> counter{0};
    const std::string name = fmt::format("/vsimem/waternet/bgt_cover_{}.geojson", counter++);
    std::unique_ptr<GDALDataset> in(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* layer = in->GetLayer(0);
    GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    std::unique_ptr<GDALDataset> out(geojson->Create(name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    OGRLayer* kept = out->CreateLayer("cover", const_cast<OGRSpatialReference*>(srs), wkbUnknown, nullptr);
    std::size_t index = 0;
    layer->ResetReading();
    for (auto& feature : *layer) {
        if (keep(index++)) {
            OGRFeature row(kept->GetLayerDefn());
            row.SetGeometry(feature->GetGeometryRef());
            if (kept->CreateFeature(&row) != OGRERR_NONE) throw std::runtime_error("cannot write " + name);
        }
    }
    return name;
}

std::string files_signature(const std::vector<std::filesystem::path>& files) {
    std::string s;
    for (const auto& f : files) {
        std::error_code ec;
        s += fmt::format("{}|{}|{}\n", std::filesystem::absolute(f).string(), std::filesystem::file_size(f, ec),
                         std::filesystem::last_write_time(f, ec).time_since_epoch().count());
    }
    return s;
}

}  // namespace

std::string bgt_flat_source(const std::filesystem::path& path, BgtReadReport* report) {
    if (!std::filesystem::exists(path)) throw InputError("BGT file not found: " + path.string());
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });  // (vector_info would let the GML driver write a .gfs file)
    const std::vector<std::filesystem::path> files = source_files(path);
    if (is_flat(files)) {
        if (report) report->format = "flat";
        return files.front().string();
    }
    static std::mutex mutex;
    static std::map<std::string, FlatBgt> built;
    const std::lock_guard lock(mutex);
    const std::string key = files_signature(files);
    auto found = built.find(key);
    if (found == built.end()) found = built.emplace(key, flatten(path, files)).first;
    if (report) *report = found->second.report;
    return found->second.name;
}

std::int64_t write_bgt_buildings(const std::filesystem::path& path, const std::filesystem::path& out) {
    const std::string flat = bgt_flat_source(path);
    std::unique_ptr<GDALDataset> in(GDALDataset::Open(flat.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!in) throw InputError(flat + ": cannot be read");
    OGRLayer* layer = in->GetLayer(0);
    const std::string tmp = fmt::format("/vsimem/waternet/pand_{}.geojson", std::hash<std::string>{}(out.string()));
    std::int64_t count = 0;
    {
        GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
        std::unique_ptr<GDALDataset> ds(geojson->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        OGRLayer* panden = ds->CreateLayer("pand", const_cast<OGRSpatialReference*>(srs), wkbUnknown, nullptr);
        OGRFieldDefn id("bag_pand", OFTString);
        panden->CreateField(&id);
        const int klasse = layer->GetLayerDefn()->GetFieldIndex("bgt_klasse");
        const int bag = layer->GetLayerDefn()->GetFieldIndex("bag_pand");
        layer->ResetReading();
        for (auto& feature : *layer) {
            if (lowercase(feature->GetFieldAsString(klasse)) != "pand") continue;
            OGRFeature row(panden->GetLayerDefn());
            if (bag >= 0 && feature->IsFieldSetAndNotNull(bag))
                row.SetField("bag_pand", feature->GetFieldAsString(bag));
            row.SetGeometry(feature->GetGeometryRef());
            if (panden->CreateFeature(&row) != OGRERR_NONE) throw std::runtime_error("cannot write " + tmp);
            ++count;
        }
    }
    vsi_l_offset size = 0;
    GByte* bytes = VSIGetMemFileBuffer(tmp.c_str(), &size, FALSE);
    if (!bytes) throw std::runtime_error("writing the BGT panden to " + tmp + " failed");
    const std::string text(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    VSIUnlink(tmp.c_str());
    if (count == 0)
        throw InputError(path.string() + ": holds no BGT pand (building) objects, so it cannot give the buildings");
    write_text_atomic(out, text);
    return count;
}

// ---- rasterising -----------------------------------------------------------------------------------

BgtLandCover load_bgt_land_cover(const std::filesystem::path& path, const GridSpec& grid, UnknownClass unknown,
                                 const BgtMapping* mapping_in) {
    const BgtMapping& mapping = mapping_in ? *mapping_in : default_bgt_mapping();
    BgtLandCover out;
    const std::string file = bgt_flat_source(path, &out.read);
    // The attributes in the layer's reading order, the order rasterize_feature_ids numbers the features in.
    std::vector<BgtFeatureClass> by_index;
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds || ds->GetLayerCount() == 0) throw InputError(file + ": cannot open its first layer");
        OGRLayer* layer = ds->GetLayer(0);
        const OGRFeatureDefn* defn = layer->GetLayerDefn();
        const FieldRoles roles = field_roles(*defn);
        const int i_plus = defn->GetFieldIndex("plus_fysiek_voorkomen");
        layer->ResetReading();
        for (auto& feature : *layer) {
            const std::string klasse = lowercase(text_field(*feature, roles.klasse));
            const std::string fysiek = lowercase(text_field(*feature, roles.fysiek));
            const BgtFeatureClass c = classify_bgt(mapping, klasse, text_field(*feature, roles.functie), fysiek,
                                                   text_field(*feature, i_plus >= 0 ? i_plus : roles.plus), unknown);
            const std::string name = klasse.empty() ? "(missing)" : klasse;
            if (!c.known) ++out.unknown_classes[mapping.knows_object(klasse) ? name + ": " + fysiek : name];
            if (!c.land_cover) ++out.not_land_cover[name];
            if (out.read.format == "flat") ++out.read.features_per_object[name];
            by_index.push_back(c);
        }
    }
    out.features = static_cast<std::int64_t>(by_index.size());
    // Objects that are not land cover (overlays such as functioneel gebied) must not hide the land cover under them.
    std::string raster_source = file;
    if (!out.not_land_cover.empty()) {
        std::vector<BgtFeatureClass> kept;
        raster_source = copy_features(file, [&](std::size_t i) { return by_index[i].land_cover; });
        for (const BgtFeatureClass& c : by_index)
            if (c.land_cover) kept.push_back(c);
        by_index = std::move(kept);
    }
    const Grid<std::int32_t> ids = rasterize_feature_ids(raster_source, grid);
    if (raster_source != file) VSIUnlink(raster_source.c_str());
    out.classes = Grid<std::uint8_t>(grid, 0);
    out.public_space = Grid<std::uint8_t>(grid, 0);
    for (index_t i = 0; i < ids.size(); ++i) {
        const std::int32_t id = ids.data()[i];
        if (id <= 0 || static_cast<std::size_t>(id) > by_index.size()) continue;
        const BgtFeatureClass& c = by_index[static_cast<std::size_t>(id - 1)];
        if (!c.land_cover) continue;
        out.classes.data()[i] = c.class_code;
        out.public_space.data()[i] = c.public_open_space ? 1 : 0;
    }
    for (index_t i = 0; i < out.classes.size(); ++i)
        ++out.cells_per_class[std::min<std::size_t>(out.classes.data()[i], 9)];
    return out;
}

}  // namespace wn
