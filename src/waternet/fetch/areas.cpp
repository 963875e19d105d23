#include "waternet/fetch/areas.hpp"
#include "waternet/io/toml_text.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <toml++/toml.h>
#include <charconv>
#include <memory>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn::fetch {

namespace {

// RD New's valid range (EPSG:28992 area of use, rounded outwards): catches degrees and swapped axes.
constexpr double kRdMinX = -7000, kRdMaxX = 300000, kRdMinY = 289000, kRdMaxY = 629000;

void require_rd_box(const FetchArea& a, const std::string& what) {
    if (!(a.min_x < a.max_x && a.min_y < a.max_y))
        throw InputError(fmt::format("{}: xmin < xmax and ymin < ymax are needed (got {}, {}, {}, {})", what, a.min_x,
                                     a.min_y, a.max_x, a.max_y));
    if (a.min_x < kRdMinX || a.max_x > kRdMaxX || a.min_y < kRdMinY || a.max_y > kRdMaxY)
        throw InputError(
            fmt::format("{}: {}, {}, {}, {} lies outside the Netherlands in RD New (EPSG:28992; x {} … {}, "
                        "y {} … {} m); degrees are not RD metres",
                        what, a.min_x, a.min_y, a.max_x, a.max_y, kRdMinX, kRdMaxX, kRdMinY, kRdMaxY));
}

std::unique_ptr<OGRGeometry> geometry_from_wkt(const std::string& wkt) {
    OGRGeometry* geometry = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) != OGRERR_NONE || geometry == nullptr)
        throw std::logic_error("fetch: an outline that is not WKT: " + wkt);
    return std::unique_ptr<OGRGeometry>(geometry);
}

}  // namespace

std::string FetchArea::outline_wkt() const {
    if (!polygon_wkt.empty()) return polygon_wkt;
    return fmt::format("POLYGON (({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", min_x, min_y, max_x, max_y);
}

FetchArea area_from_bbox_text(const std::string& text) {
    FetchArea area;
    area.name = "bbox";
    double values[4];
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t comma = i < 3 ? text.find(',', start) : text.size();
        if (comma == std::string::npos)
            throw InputError("--bbox: give four numbers xmin,ymin,xmax,ymax in RD metres (got \"" + text + "\")");
        const std::string_view part = trim(std::string_view(text).substr(start, comma - start));
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), values[i]);
        if (ec != std::errc() || end != part.data() + part.size() || part.empty())
            throw InputError("--bbox: \"" + std::string(part) +
                             "\" is not a number (give xmin,ymin,xmax,ymax in RD metres)");
        start = comma + 1;
    }
    area.min_x = values[0], area.min_y = values[1], area.max_x = values[2], area.max_y = values[3];
    require_rd_box(area, "--bbox");
    return area;
}

FetchArea area_from_polygon_file(const std::filesystem::path& file) {
    const std::vector<VectorFeature> features = read_features(file.string());  // reprojected to RD New
    OGRMultiPolygon all;
    for (const VectorFeature& f : features) {
        if (f.kind != GeometryKind::polygon) continue;
        auto geometry = geometry_from_wkt(f.wkt);
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (type == wkbPolygon)
            all.addGeometry(geometry.get());
        else if (type == wkbMultiPolygon)
            for (const OGRPolygon* part : *geometry->toMultiPolygon()) all.addGeometry(part);
    }
    if (all.IsEmpty()) throw InputError(file.string() + ": --polygon needs a file with polygons; it holds none");
    std::unique_ptr<OGRGeometry> outline(all.UnionCascaded());
    if (!outline)
        throw InputError(file.string() + ": the polygons cannot be joined into one outline (invalid geometry?)");
    OGREnvelope box;
    outline->getEnvelope(&box);
    FetchArea area;
    area.name = file.stem().string();
    area.min_x = box.MinX, area.min_y = box.MinY, area.max_x = box.MaxX, area.max_y = box.MaxY;
    char* wkt = nullptr;
    outline->exportToWkt(&wkt);
    area.polygon_wkt = wkt;
    CPLFree(wkt);
    require_rd_box(area, file.string());
    return area;
}

std::vector<FetchArea> areas_from_region_file(const std::filesystem::path& file, const std::string& only) {
    toml::table root = parse_toml(read_text_file(file, "region file", 16u << 20), file.filename().string());
    std::vector<FetchArea> areas;
    std::vector<std::string> ids;
    if (const toml::array* list = root["areas"].as_array()) {
        for (const toml::node& node : *list) {
            const toml::table* table = node.as_table();
            if (!table) continue;
            const std::string id =
                table->get("id") && table->get("id")->is_string() ? **table->get("id")->as_string() : "";
            const toml::node* terrain = table->get("terrain");
            if (id.empty() || !terrain || !terrain->is_string()) continue;
            ids.push_back(id);
            if (!only.empty() && id != only) continue;
            std::filesystem::path path = **terrain->as_string();
            if (path.is_relative()) path = file.parent_path() / path;
            const auto where = terrain->source().begin;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec))
                throw InputError(
                    fmt::format("{}:{}:{}: areas.{}.terrain: {} does not exist yet, so its extent is unknown; "
                                "fetch with --bbox xmin,ymin,xmax,ymax or --polygon FILE instead",
                                file.filename().string(), where.line, where.column, id, path.string()));
            GridSpec spec = raster_info(path.string()).spec;
            require_known_crs(spec, "terrain " + path.string());
            FetchArea area;
            area.name = id;
            area.min_x = spec.min_x(), area.min_y = spec.min_y(), area.max_x = spec.max_x(), area.max_y = spec.max_y();
            require_rd_box(area, fmt::format("{}: area {} (terrain {})", file.filename().string(), id, path.string()));
            areas.push_back(area);
        }
    }
    if (areas.empty()) {
        if (!only.empty())
            throw InputError(
                fmt::format("{}: no area '{}' (the areas are: {})", file.string(), only, fmt::join(ids, ", ")));
        throw InputError(file.string() + ": the region file has no [[areas]] with a terrain; use --bbox or --polygon");
    }
    return areas;
}

std::vector<TileRef> tiles_for_areas(const std::filesystem::path& index_file, const std::string& tile_field,
                                     const std::string& url_field, const std::vector<FetchArea>& areas) {
    wn::gdal::ensure_registered();
    wn::gdal::DatasetPtr dataset(GDALDataset::FromHandle(
        GDALOpenEx(index_file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!dataset || dataset->GetLayerCount() < 1)
        throw InputError(index_file.string() + ": GDAL cannot open the tile index");
    OGRLayer* layer = dataset->GetLayer(0);
    OGRFeatureDefn* definition = layer->GetLayerDefn();
    const int name_index = definition->GetFieldIndex(tile_field.c_str());
    const int url_index = url_field.empty() ? -1 : definition->GetFieldIndex(url_field.c_str());
    if (name_index < 0)
        throw InputError(
            fmt::format("{}: the tile index has no field '{}' (tile_field)", index_file.string(), tile_field));
    if (!url_field.empty() && url_index < 0)
        throw InputError(
            fmt::format("{}: the tile index has no field '{}' (url_field)", index_file.string(), url_field));
    std::vector<std::unique_ptr<OGRGeometry>> outlines;
    for (const FetchArea& area : areas) outlines.push_back(geometry_from_wkt(area.outline_wkt()));

    std::vector<TileRef> tiles;
    std::set<std::string> seen;
    layer->ResetReading();
    while (OGRFeature* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature, decltype(&OGRFeature::DestroyFeature)> feature(raw, &OGRFeature::DestroyFeature);
        const OGRGeometry* tile = feature->GetGeometryRef();
        if (tile == nullptr) continue;
        OGREnvelope box;
        tile->getEnvelope(&box);
        if (std::abs(box.MaxX) <= 180 && std::abs(box.MaxY) <= 90)
            throw InputError(index_file.string() +
                             ": the tile index's coordinates look like degrees; it must be in RD New "
                             "(EPSG:28992) metres, like PDOK's AHN kaartbladindex");
        bool overlaps = false;
        for (const auto& outline : outlines)
            if (tile->Intersects(outline.get()) && !tile->Touches(outline.get())) overlaps = true;
        if (!overlaps) continue;
        TileRef ref;
        ref.name = feature->GetFieldAsString(name_index);
        if (url_index >= 0) ref.url = feature->GetFieldAsString(url_index);
        if (ref.name.empty()) continue;
        if (seen.insert(ref.name).second) tiles.push_back(std::move(ref));
    }
    return tiles;
}

}  // namespace wn::fetch
