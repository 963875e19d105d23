#include "waternet/io/geopackage.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include "waternet/core/error.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/gdal_support.hpp"

namespace wn {

namespace {

OGRwkbGeometryType geometry_type_of(const std::string& name) {
    if (name == "Point") return wkbPoint;
    if (name == "LineString") return wkbLineString;
    if (name == "MultiLineString") return wkbMultiLineString;
    if (name == "Polygon") return wkbPolygon;
    if (name == "MultiPolygon") return wkbMultiPolygon;
    if (name == "None") return wkbNone;
    return wkbUnknown;
}

OGRFieldType ogr_type_of(FieldType type) {
    switch (type) {
        case FieldType::integer:
            return OFTInteger64;
        case FieldType::real:
            return OFTReal;
        case FieldType::text:
            return OFTString;
    }
    return OFTString;
}

std::string sql_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// QGIS looks for a table `layer_styles` (its own schema) and applies the style with useAsDefault = 1.
void store_styles(GDALDataset& ds, const std::vector<LayerOut>& layers) {
    bool any = false;
    for (const auto& layer : layers) any = any || !layer.qml_style.empty();
    if (!any) return;
    ds.ExecuteSQL(
        "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, f_table_schema TEXT, "
        "f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, "
        "description TEXT, owner TEXT, ui TEXT, update_time DATETIME DEFAULT CURRENT_TIMESTAMP)",
        nullptr, nullptr);
    for (const auto& layer : layers) {
        if (layer.qml_style.empty()) continue;
        const std::string sql = fmt::format(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, styleSLD, useAsDefault, description, owner) VALUES ('', '', {}, 'geom', {}, {}, '', 1, {}, "
            "'waternet')",
            sql_quote(layer.name), sql_quote(layer.name), sql_quote(layer.qml_style), sql_quote(layer.description));
        ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    }
}

}  // namespace

void write_geopackage(const std::filesystem::path& path, const std::vector<LayerOut>& layers) {
    gdal::ensure_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) throw std::runtime_error("GDAL has no GPKG driver");
    AtomicOutput output(path);
    // SQLite wants a recognisable extension on the temporary file.
    const std::filesystem::path temp = output.temp_path().string() + ".gpkg";
    struct Cleanup {
        std::filesystem::path p;
        ~Cleanup() {
            std::error_code e;
            for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix, e);
        }
    } cleanup{temp};
    {
        gdal::ErrorScope errors;
        gdal::DatasetPtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw InputError("cannot create " + path.string() + gdal::ErrorScope::detail());
        OGRSpatialReference rd = gdal::srs_from_definition("");
        for (const LayerOut& spec : layers) {
            const OGRwkbGeometryType type = geometry_type_of(spec.geometry);
            CPLStringList options;
            if (!spec.description.empty()) options.SetNameValue("DESCRIPTION", spec.description.c_str());
            OGRLayer* layer = ds->CreateLayer(spec.name.c_str(), type == wkbNone ? nullptr : &rd, type, options.List());
            if (layer == nullptr)
                throw InputError("GeoPackage " + path.string() + ": cannot create layer " + spec.name);
            for (const FieldDef& field : spec.fields) {
                OGRFieldDefn definition(field.name.c_str(), ogr_type_of(field.type));
                if (layer->CreateField(&definition) != OGRERR_NONE)
                    throw InputError("GeoPackage: cannot create field " + spec.name + "." + field.name);
            }
            if (ds->StartTransaction() != OGRERR_NONE) throw InputError("GeoPackage: cannot start a transaction");
            for (std::size_t r = 0; r < spec.rows.size(); ++r) {
                const FeatureRow& row = spec.rows[r];
                if (row.values.size() != spec.fields.size())
                    throw std::invalid_argument(fmt::format("GeoPackage layer {} row {}: {} values for {} fields",
                                                            spec.name, r, row.values.size(), spec.fields.size()));
                OGRFeature feature(layer->GetLayerDefn());
                for (std::size_t f = 0; f < row.values.size(); ++f) {
                    const int i = static_cast<int>(f);
                    std::visit(
                        [&](const auto& v) {
                            using V = std::decay_t<decltype(v)>;
                            if constexpr (std::is_same_v<V, std::monostate>)
                                feature.SetFieldNull(i);
                            else if constexpr (std::is_same_v<V, std::int64_t>)
                                feature.SetField(i, static_cast<GIntBig>(v));
                            else if constexpr (std::is_same_v<V, double>)
                                feature.SetField(i, v);
                            else
                                feature.SetField(i, v.c_str());
                        },
                        row.values[f]);
                }
                if (!row.wkt.empty() && type != wkbNone) {
                    OGRGeometry* geometry = nullptr;
                    if (OGRGeometryFactory::createFromWkt(row.wkt.c_str(), &rd, &geometry) != OGRERR_NONE || !geometry)
                        throw std::invalid_argument(
                            fmt::format("GeoPackage layer {} row {}: invalid WKT", spec.name, r));
                    if (type == wkbMultiPolygon && wkbFlatten(geometry->getGeometryType()) == wkbPolygon)
                        geometry = OGRGeometryFactory::forceToMultiPolygon(geometry);
                    feature.SetGeometryDirectly(geometry);
                }
                if (layer->CreateFeature(&feature) != OGRERR_NONE)
                    throw InputError(fmt::format("GeoPackage layer {}: cannot write row {}{}", spec.name, r,
                                                 gdal::ErrorScope::detail()));
            }
            if (ds->CommitTransaction() != OGRERR_NONE)
                throw InputError("GeoPackage: cannot commit layer " + spec.name);
        }
        store_styles(*ds, layers);
    }
    std::filesystem::rename(temp, output.temp_path());
    output.commit();
}

}  // namespace wn
