#include "waternet/io/vector_io.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_alg.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <spdlog/spdlog.h>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn {

namespace {

struct OpenLayer {
    gdal::DatasetPtr dataset;
    OGRLayer* layer = nullptr;  // owned by dataset
    std::int64_t feature_count = 0;
};

// The file's first layer, or the layer named `layer_name` (InputError listing the file's layers when it has none so
// named).
OpenLayer open_layer(const std::string& path, const std::string& layer_name = "") {
    gdal::ensure_registered();
    gdal::require_nonempty_file(path, "vector");
    gdal::ErrorScope errors;
    OpenLayer input;
    input.dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!input.dataset)
        throw InputError(path + ": not a vector file GDAL/OGR can read" + gdal::ErrorScope::detail() +
                         "; use e.g. GeoJSON, GeoPackage or a Shapefile");
    if (input.dataset->GetLayerCount() == 0) throw InputError(path + ": contains no vector layers");
    input.layer = layer_name.empty() ? input.dataset->GetLayer(0) : input.dataset->GetLayerByName(layer_name.c_str());
    if (!input.layer) {
        std::vector<std::string> names;
        for (OGRLayer* layer : input.dataset->GetLayers()) names.emplace_back(layer->GetName());
        throw InputError(fmt::format("{}: has no layer '{}' (it has: {})", path, layer_name, fmt::join(names, ", ")));
    }
    input.feature_count = input.layer->GetFeatureCount(TRUE);
    if (input.feature_count <= 0)
        throw InputError(path + ": layer '" + input.layer->GetName() +
                         "' has no features; check the export or filter "
                         "that produced it");
    return input;
}

struct TransformationDeleter {
    void operator()(OGRCoordinateTransformation* transformation) const noexcept {
        OGRCoordinateTransformation::DestroyCT(transformation);
    }
};
using TransformationPtr = std::unique_ptr<OGRCoordinateTransformation, TransformationDeleter>;

// From the layer's CRS (keeping its axis order, as the driver declared it) to the grid's; null when
// they are the same.
TransformationPtr transformation_to_grid(OGRLayer& layer, const GridSpec& target, const std::string& path) {
    const OGRSpatialReference grid_srs = gdal::srs_from_definition(target.crs_wkt);
    const OGRSpatialReference* declared = layer.GetSpatialRef();
    const OGRSpatialReference layer_srs = declared != nullptr ? *declared : gdal::srs_from_definition("");
    if (layer_srs.IsSame(&grid_srs)) return nullptr;
    TransformationPtr transformation(OGRCreateCoordinateTransformation(&layer_srs, &grid_srs));
    if (!transformation)
        throw InputError(fmt::format("{}: cannot transform its features from {} to the grid's {}{}", path,
                                     gdal::describe(layer_srs), gdal::describe(grid_srs), gdal::ErrorScope::detail()));
    return transformation;
}

// Collects geometries with their burn values and rasterizes them in batches, which bounds memory for
// layers with millions of features. A batch is as large as memory allows (kBatchBytes of geometry), not a fixed
// number of features: every call of GDALRasterizeGeometries copies the whole grid out of the dataset and back (a
// MEM dataset is one chunk), so batches of 10,000 footprints made 500,000 buildings on a 145-million-cell grid
// copy it 50 times (7 minutes of memmove). The result does not depend on the batch size: features are burned in
// the same order either way.
class RasterizeBatch {
public:
    RasterizeBatch(GDALDataset& raster, bool all_touched, const std::string& path) : raster_(raster), path_(path) {
        if (all_touched) options_.SetNameValue("ALL_TOUCHED", "TRUE");
    }

    void add(std::unique_ptr<OGRGeometry> geometry, double value) {
        bytes_ += geometry->WkbSize() + kBytesPerGeometry;
        geometries_.push_back(std::move(geometry));
        values_.push_back(value);
        if (bytes_ >= kBatchBytes) flush();
    }

    void flush() {
        if (geometries_.empty()) return;
        std::vector<OGRGeometryH> handles;
        handles.reserve(geometries_.size());
        for (const auto& geometry : geometries_) handles.push_back(OGRGeometry::ToHandle(geometry.get()));
        int band = 1;
        // No transformer: geometries are in the grid's CRS and GDAL maps them with its geotransform.
        if (GDALRasterizeGeometries(GDALDataset::ToHandle(&raster_), 1, &band, static_cast<int>(handles.size()),
                                    handles.data(), nullptr, nullptr, values_.data(), options_.List(), nullptr,
                                    nullptr) != CE_None)  // batches are small: callers poll between them
            gdal::fail("rasterizing " + path_ + " failed");
        geometries_.clear();
        values_.clear();
        bytes_ = 0;
    }

private:
    // 256 MB of coordinates (about 16 million points, or a million footprints) per batch; an OGR geometry object
    // and its ring cost about 200 bytes beside its coordinates.
    static constexpr std::size_t kBatchBytes = std::size_t{256} << 20;
    static constexpr std::size_t kBytesPerGeometry = 200;
    std::size_t bytes_ = 0;
    GDALDataset& raster_;
    const std::string& path_;
    CPLStringList options_;
    std::vector<std::unique_ptr<OGRGeometry>> geometries_;
    std::vector<double> values_;
};

bool outside(const OGREnvelope& envelope, const GridSpec& grid) {
    return !(envelope.MaxX >= grid.min_x() && envelope.MinX <= grid.max_x() && envelope.MaxY >= grid.min_y() &&
             envelope.MinY <= grid.max_y());  // NaN coordinates count as outside
}

std::string layer_crs_wkt(OGRLayer& layer) {
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    return srs != nullptr ? gdal::to_wkt(*srs) : std::string{};
}

// "none of its N features lies on the grid (...)", with both extents and the degrees hint.
std::string off_grid_message(const std::string& path, const std::string& subject, const OGREnvelope& layer_extent,
                             const std::string& layer_crs, const GridSpec& grid) {
    std::string text = fmt::format("{}: {} the grid (x {:.0f} .. {:.0f}, y {:.0f} .. {:.0f} in {})", path, subject,
                                   grid.min_x(), grid.max_x(), grid.min_y(), grid.max_y(), describe_crs(grid.crs_wkt));
    if (layer_extent.IsInit())
        text += fmt::format("; its features lie at x {:.6g} .. {:.6g}, y {:.6g} .. {:.6g} in {}", layer_extent.MinX,
                            layer_extent.MaxX, layer_extent.MinY, layer_extent.MaxY, describe_crs(layer_crs));
    if (layer_extent.IsInit() &&
        looks_like_degrees(layer_crs, layer_extent.MinX, layer_extent.MinY, layer_extent.MaxX, layer_extent.MaxY))
        text +=
            ". These coordinates look like degrees (longitude, latitude) labelled as metres: give the layer its "
            "real CRS, e.g. ogr2ogr -a_srs EPSG:4326 -t_srs EPSG:28992 out.gpkg in.geojson";
    else
        text += ". Check the layer's CRS and that it covers this area";
    return text;
}

// What one pass over a layer found, for the checks and the report after it.
struct LayerCount {
    std::int64_t features = 0, without_geometry = 0, on_grid = 0;
    OGREnvelope extent;  // of the features with a geometry, in the layer's own CRS
};

void apply_checks(const LayerCount& count, const LayerChecks& checks, const std::string& path, OGRLayer& layer,
                  const GridSpec& grid) {
    if (checks.off_grid == OffGrid::ignore) return;
    const std::int64_t with_geometry = count.features - count.without_geometry;
    std::string problem;
    if (with_geometry == 0)
        problem = fmt::format("{}: none of its {} features has a geometry", path, count.features);
    else if (count.on_grid == 0)
        problem = off_grid_message(path, fmt::format("none of its {} features lies on", with_geometry), count.extent,
                                   layer_crs_wkt(layer), grid);
    if (!problem.empty()) {
        if (checks.off_grid == OffGrid::require) throw InputError(problem);
        spdlog::warn("{}", problem);
        return;
    }
    if (count.on_grid < with_geometry)
        spdlog::warn(
            "{}: {} of its {} features ({:.0f} %) lie outside the grid and are left out; the {} on it are used", path,
            with_geometry - count.on_grid, with_geometry,
            100.0 * static_cast<double>(with_geometry - count.on_grid) / static_cast<double>(with_geometry),
            count.on_grid);
}

bool is_polygon(const OGRGeometry& geometry) {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    return type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon || type == wkbMultiSurface ||
           type == wkbTriangle || type == wkbPolyhedralSurface || type == wkbTIN;
}

void check_geometry_type(const OGRGeometry& geometry, std::int64_t index, const LayerChecks& checks,
                         const std::string& path) {
    if (checks.polygons_only && !is_polygon(geometry))
        throw InputError(fmt::format("{}: feature {} is a {}; this layer must hold polygons (areas, footprints)", path,
                                     index, geometry.getGeometryName()));
}

// Features on the grid only: one far away (or with absurd coordinates) is reported as off the grid instead.
void check_size(const OGRGeometry& geometry, std::int64_t index, const LayerChecks& checks, const std::string& path) {
    if (checks.max_feature_area > 0.0 && is_polygon(geometry)) {
        const double area = OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&geometry)));
        if (!(area <= checks.max_feature_area))
            throw InputError(
                fmt::format("{}: feature {} covers {:.4g} km², more than the {:g} km² it can (wrong units "
                            "or a broken polygon?)",
                            path, index, area * 1e-6, checks.max_feature_area * 1e-6));
    }
}

// What a feature burns, given its 0-based index in the layer; nullopt = nothing.
using BurnValue = std::function<std::optional<double>(const OGRFeature&, std::int64_t index)>;

// The one rasterization path: every feature's geometry, reprojected to the grid's CRS, burned with
// its value onto a zero-filled grid (later features overwrite earlier ones).
template <class T>
Grid<T> rasterize(OpenLayer& input, const std::string& path, const GridSpec& target, bool all_touched,
                  const BurnValue& burn_value_of, const LayerChecks& checks) {
    if (target.rows <= 0 || target.cols <= 0 || !(target.transform.cell_size_m > 0.0))
        throw std::invalid_argument("rasterizing " + path + ": the target grid is empty");
    Grid<T> grid(target, T{0});
    // GDAL burns straight into the grid: no second copy of it in memory.
    gdal::DatasetPtr raster = gdal::create_mem_over(target, gdal::data_type_of<T>(), grid.data());
    gdal::ErrorScope errors;
    const TransformationPtr to_grid = transformation_to_grid(*input.layer, target, path);
    RasterizeBatch batch(*raster, all_touched, path);
    LayerCount count;
    std::int64_t index = 0;
    for (auto& feature : *input.layer) {
        const std::int64_t feature_index = index++;
        ++count.features;
        if (feature->GetGeometryRef() == nullptr || feature->GetGeometryRef()->IsEmpty()) {
            ++count.without_geometry;
            continue;
        }
        OGREnvelope own;
        feature->GetGeometryRef()->getEnvelope(&own);
        count.extent.Merge(own);
        const std::optional<double> value = burn_value_of(*feature, feature_index);
        if (!value) continue;
        std::unique_ptr<OGRGeometry> geometry(feature->StealGeometry());
        if (to_grid && geometry->transform(to_grid.get()) != OGRERR_NONE) {
            // A feature that has no place in the grid's CRS is off the grid, like one far away, and counted so; a
            // layer whose off-grid features are not counted (OffGrid::ignore) keeps it an error of its own.
            if (checks.off_grid == OffGrid::ignore)
                throw InputError(fmt::format("{}: feature {} cannot be transformed to the grid's CRS{}", path,
                                             feature_index, gdal::ErrorScope::detail()));
            continue;
        }
        check_geometry_type(*geometry, feature_index, checks, path);
        OGREnvelope envelope;
        geometry->getEnvelope(&envelope);
        if (outside(envelope, target)) continue;
        check_size(*geometry, feature_index, checks, path);
        ++count.on_grid;
        batch.add(std::move(geometry), *value);
    }
    batch.flush();
    raster.reset();  // GDAL lets go of the grid's memory
    apply_checks(count, checks, path, *input.layer, target);
    return grid;
}

std::vector<std::string> attribute_names(OGRLayer& layer) {
    std::vector<std::string> names;
    OGRFeatureDefn* definition = layer.GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) names.emplace_back(definition->GetFieldDefn(i)->GetNameRef());
    return names;
}

}  // namespace

VectorInfo vector_info(const std::string& path) {
    OpenLayer input = open_layer(path);
    OGRLayer& layer = *input.layer;
    VectorInfo info;
    info.layer_name = layer.GetName();
    info.feature_count = input.feature_count;
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    info.crs_wkt = srs != nullptr ? gdal::to_wkt(*srs) : std::string{};
    info.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
    info.attributes = attribute_names(layer);
    OGREnvelope extent;
    if (layer.GetExtent(&extent, TRUE) == OGRERR_NONE) {
        info.min_x = extent.MinX;
        info.min_y = extent.MinY;
        info.max_x = extent.MaxX;
        info.max_y = extent.MaxY;
    }
    return info;
}

void require_layer_overlaps(const std::string& path, const GridSpec& grid, std::string_view what) {
    OpenLayer input = open_layer(path);
    OGREnvelope extent;
    if (input.layer->GetExtent(&extent, TRUE) != OGRERR_NONE) return;  // no geometries: left to the readers
    gdal::ErrorScope errors;
    const TransformationPtr to_grid = transformation_to_grid(*input.layer, grid, path);
    double min_x = extent.MinX, min_y = extent.MinY, max_x = extent.MaxX, max_y = extent.MaxY;
    const bool transformed = !to_grid || to_grid->TransformBounds(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY,
                                                                  &min_x, &min_y, &max_x, &max_y, 21);
    OGREnvelope on_grid;
    on_grid.MinX = min_x, on_grid.MinY = min_y, on_grid.MaxX = max_x, on_grid.MaxY = max_y;
    if (transformed && !outside(on_grid, grid)) return;
    throw InputError(off_grid_message(path, fmt::format("the {} layer does not overlap", what), extent,
                                      layer_crs_wkt(*input.layer), grid));
}

Grid<std::int32_t> rasterize_feature_ids(const std::string& path, const GridSpec& target, bool all_touched,
                                         const LayerChecks& checks, const std::string& layer_name) {
    OpenLayer input = open_layer(path, layer_name);
    if (input.feature_count >= std::numeric_limits<std::int32_t>::max())
        throw InputError(fmt::format("{}: {} features are too many for 32-bit feature ids", path, input.feature_count));
    return rasterize<std::int32_t>(
        input, path, target, all_touched,
        [](const OGRFeature&, std::int64_t index) { return std::optional<double>(static_cast<double>(index + 1)); },
        checks);
}

Grid<std::uint8_t> rasterize_mask(const std::string& path, const GridSpec& target, bool all_touched,
                                  const LayerChecks& checks) {
    OpenLayer input = open_layer(path);
    return rasterize<std::uint8_t>(
        input, path, target, all_touched, [](const OGRFeature&, std::int64_t) { return std::optional<double>(1.0); },
        checks);
}

Grid<std::uint8_t> rasterize_classes(const std::string& path, const GridSpec& target, const std::string& attribute,
                                     const std::map<std::string, std::uint8_t>& class_of_value,
                                     std::uint8_t default_class, const LayerChecks& checks) {
    OpenLayer input = open_layer(path);
    const int field = input.layer->GetLayerDefn()->GetFieldIndex(attribute.c_str());
    if (field < 0)
        throw InputError(fmt::format("{}: has no attribute '{}'; its attributes are: {}", path, attribute,
                                     fmt::join(attribute_names(*input.layer), ", ")));
    return rasterize<std::uint8_t>(
        input, path, target, false,
        [&](const OGRFeature& feature, std::int64_t) {
            if (!feature.IsFieldSetAndNotNull(field)) return std::optional<double>(default_class);
            const auto found = class_of_value.find(feature.GetFieldAsString(field));
            return std::optional<double>(found != class_of_value.end() ? found->second : default_class);
        },
        checks);
}

Grid<std::uint8_t> rasterize_wkt(const std::string& wkt, const GridSpec& target, bool all_touched) {
    gdal::ensure_registered();
    OGRGeometry* parsed = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &parsed) != OGRERR_NONE || parsed == nullptr)
        throw InputError("not a valid WKT geometry: " + wkt.substr(0, 60));
    std::unique_ptr<OGRGeometry> geometry(parsed);
    gdal::DatasetPtr raster = gdal::create_mem(target, GDT_Byte);
    const std::string what = "a geometry";
    {
        RasterizeBatch batch(*raster, all_touched, what);
        batch.add(std::move(geometry), 1.0);
        batch.flush();
    }
    return gdal::read_band<std::uint8_t>(*raster->GetRasterBand(1), target, what);
}

std::vector<PointFeature> read_points(const std::string& path) {
    OpenLayer input = open_layer(path);
    const std::vector<std::string> names = attribute_names(*input.layer);
    std::vector<PointFeature> points;
    points.reserve(static_cast<std::size_t>(input.feature_count));
    std::int64_t index = 0;
    for (auto& feature : *input.layer) {
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || wkbFlatten(geometry->getGeometryType()) != wkbPoint || geometry->IsEmpty()) {
            const std::string found =
                geometry != nullptr ? std::string("a ") + geometry->getGeometryName() : std::string("without geometry");
            throw InputError(
                fmt::format("{}: feature {} is {}; expected a layer of single points (e.g. gauges or "
                            "inflow locations)",
                            path, index, found));
        }
        const OGRPoint* point = geometry->toPoint();
        PointFeature result{point->getX(), point->getY(), {}};
        for (int i = 0; i < static_cast<int>(names.size()); ++i)
            if (feature->IsFieldSetAndNotNull(i))
                result.attributes[names[static_cast<std::size_t>(i)]] = feature->GetFieldAsString(i);
        points.push_back(std::move(result));
        ++index;
    }
    return points;
}

namespace {

void collect_parts(const OGRGeometry& geometry, VectorFeature& out) {
    switch (wkbFlatten(geometry.getGeometryType())) {
        case wkbPoint: {
            const OGRPoint* p = geometry.toPoint();
            if (out.parts.empty()) out.parts.emplace_back();
            out.parts.front().push_back({p->getX(), p->getY()});
            out.kind = GeometryKind::point;
            break;
        }
        case wkbLineString:
        case wkbLinearRing: {
            std::vector<XY> part;
            for (const OGRPoint& p : *geometry.toLineString()) part.push_back({p.getX(), p.getY()});
            out.parts.push_back(std::move(part));
            if (out.kind != GeometryKind::polygon) out.kind = GeometryKind::line;
            break;
        }
        case wkbPolygon:
            for (const OGRLinearRing* ring : *geometry.toPolygon()) {
                std::vector<XY> part;
                for (const OGRPoint& p : *ring) part.push_back({p.getX(), p.getY()});
                out.parts.push_back(std::move(part));
            }
            out.kind = GeometryKind::polygon;
            break;
        default:
            if (const OGRGeometryCollection* collection = dynamic_cast<const OGRGeometryCollection*>(&geometry))
                for (const OGRGeometry* member : *collection) collect_parts(*member, out);
            break;
    }
}

}  // namespace

namespace {

// What read_features keeps of one feature's geometry (already in the target CRS): its parts, box and WKT, and
// its area or length and a representative point. Reads only `geometry`, so features can be described in parallel.
void describe_geometry(const OGRGeometry& geometry, VectorFeature& out) {
    collect_parts(geometry, out);
    OGREnvelope envelope;
    geometry.getEnvelope(&envelope);
    out.min_x = envelope.MinX, out.min_y = envelope.MinY, out.max_x = envelope.MaxX, out.max_y = envelope.MaxY;
    char* wkt = nullptr;
    geometry.exportToWkt(&wkt);
    out.wkt = wkt ? wkt : "";
    CPLFree(wkt);
    if (out.kind == GeometryKind::polygon) {
        const OGRGeometryH handle = OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&geometry));
        out.area_m2 = OGR_G_Area(handle);
        out.representative = {0.5 * (out.min_x + out.max_x), 0.5 * (out.min_y + out.max_y)};
        if (OGRGeometryH inside = OGR_G_PointOnSurface(handle)) {
            out.representative = {OGR_G_GetX(inside, 0), OGR_G_GetY(inside, 0)};
            OGR_G_DestroyGeometry(inside);
        }
    } else if (out.kind == GeometryKind::line) {
        double total = 0.0;
        for (const auto& part : out.parts)
            for (std::size_t k = 1; k < part.size(); ++k)
                total += std::hypot(part[k].x - part[k - 1].x, part[k].y - part[k - 1].y);
        out.length_m = total;
        // The point halfway along the length: a stable place to label or assign the line.
        double walked = 0.0;
        out.representative = out.parts.front().front();
        for (const auto& part : out.parts)
            for (std::size_t k = 1; k < part.size(); ++k) {
                const double step = std::hypot(part[k].x - part[k - 1].x, part[k].y - part[k - 1].y);
                if (walked + step >= 0.5 * total && step > 0.0 && walked <= 0.5 * total) {
                    const double f = (0.5 * total - walked) / step;
                    out.representative = {part[k - 1].x + f * (part[k].x - part[k - 1].x),
                                          part[k - 1].y + f * (part[k].y - part[k - 1].y)};
                }
                walked += step;
            }
    } else if (out.kind == GeometryKind::point) {
        out.representative = out.parts.front().front();
    }
}

// Features read but not yet described: describing (WKT, area, point on surface) costs more than OGR's reading
// for 500,000 footprints, and each feature is described on its own, so a batch is shared out over the OpenMP
// threads; reading stays on one thread. The result does not depend on the thread count.
class PendingGeometries {
public:
    static constexpr std::size_t kBatch = 4096;
    void add(OGRFeatureUniquePtr feature, std::size_t index) {
        features_.push_back(std::move(feature));
        index_.push_back(index);
    }
    bool full() const { return features_.size() >= kBatch; }
    void describe_into(std::vector<VectorFeature>& out) {
        const auto n = static_cast<std::int64_t>(features_.size());
        std::exception_ptr error;
#pragma omp parallel
        {
            gdal::ErrorScope quiet;  // per thread, as GDAL's error handlers are
#pragma omp for schedule(dynamic, 64)
            for (std::int64_t i = 0; i < n; ++i) {
                try {
                    const auto k = static_cast<std::size_t>(i);
                    describe_geometry(*features_[k]->GetGeometryRef(), out[index_[k]]);
                } catch (...) {  // only std::bad_alloc: an exception must not leave an OpenMP region
#pragma omp critical(waternet_describe_error)
                    if (!error) error = std::current_exception();
                }
            }
        }
        features_.clear();
        index_.clear();
        if (error) std::rethrow_exception(error);
    }

private:
    std::vector<OGRFeatureUniquePtr> features_;
    std::vector<std::size_t> index_;
};

}  // namespace

std::vector<std::string> vector_layer_names(const std::string& path) {
    gdal::ensure_registered();
    gdal::require_nonempty_file(path, "vector");
    gdal::ErrorScope errors;
    const gdal::DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!dataset) throw InputError(path + ": not a vector file GDAL/OGR can read" + gdal::ErrorScope::detail());
    std::vector<std::string> names;
    for (OGRLayer* layer : dataset->GetLayers()) names.emplace_back(layer->GetName());
    return names;
}

std::vector<VectorFeature> read_features(const std::string& path, const std::string& target_crs,
                                         const std::string& layer_name) {
    OpenLayer input = open_layer(path, layer_name);
    const std::vector<std::string> names = attribute_names(*input.layer);
    GridSpec target;
    target.crs_wkt = target_crs;
    gdal::ErrorScope errors;
    const TransformationPtr to_target = transformation_to_grid(*input.layer, target, path);
    std::vector<VectorFeature> features;
    features.reserve(static_cast<std::size_t>(input.feature_count));
    PendingGeometries pending;
    input.layer->ResetReading();
    for (OGRFeatureUniquePtr feature{input.layer->GetNextFeature()}; feature;
         feature.reset(input.layer->GetNextFeature())) {
        VectorFeature out;
        out.index = static_cast<std::int64_t>(features.size());
        for (int i = 0; i < static_cast<int>(names.size()); ++i)
            if (feature->IsFieldSetAndNotNull(i))
                out.attributes[names[static_cast<std::size_t>(i)]] = feature->GetFieldAsString(i);
        features.push_back(std::move(out));
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) continue;
        if (to_target && geometry->transform(to_target.get()) != OGRERR_NONE)
            throw InputError(fmt::format("{}: feature {} cannot be transformed to RD New{}", path,
                                         features.back().index, gdal::ErrorScope::detail()));
        pending.add(std::move(feature), features.size() - 1);
        if (pending.full()) pending.describe_into(features);
    }
    pending.describe_into(features);
    return features;
}

}  // namespace wn
