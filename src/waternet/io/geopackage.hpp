// Writing GeoPackages: layers of features (geometry as WKT in RD New, typed attribute columns), optionally with a
// QGIS style stored in the GeoPackage's `layer_styles` table so that QGIS opens the layer with its legend.
// The whole file is written to a temporary name and renamed when complete (io/atomic_file.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace wn {

enum class FieldType { integer, real, text };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::real;
};

// monostate = null (e.g. "not computed"), never a made-up zero.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

struct FeatureRow {
    std::string wkt;                 // "" = no geometry
    std::vector<FieldValue> values;  // one per field, in field order
};

struct LayerOut {
    std::string name;
    std::string geometry;  // "Point", "LineString", "Polygon", "MultiPolygon", "Unknown", "None"
    std::vector<FieldDef> fields;
    std::vector<FeatureRow> rows;
    std::string qml_style;  // QGIS style (QML) stored as the layer's default; "" = none
    std::string description;
};

// Writes all layers into one new GeoPackage at `path` (replacing it atomically). Coordinates are RD New
// (EPSG:28992). InputError on a row whose value count or WKT is wrong (names layer and row).
void write_geopackage(const std::filesystem::path& path, const std::vector<LayerOut>& layers);

}  // namespace wn
