#include "waternet/io/polygon_overlap.hpp"

#include <ogr_geometry.h>

#include <memory>

#include "waternet/core/error.hpp"

namespace wn {

namespace {
std::unique_ptr<OGRGeometry> parse(const std::string& wkt) {
    OGRGeometry* geometry = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) != OGRERR_NONE || geometry == nullptr)
        throw InputError("not a geometry OGR can read: " + wkt.substr(0, 80));
    return std::unique_ptr<OGRGeometry>(geometry);
}
}  // namespace

double overlap_area(const std::string& wkt_a, const std::string& wkt_b) {
    const auto a = parse(wkt_a);
    const auto b = parse(wkt_b);
    OGREnvelope ea, eb;
    a->getEnvelope(&ea);
    b->getEnvelope(&eb);
    if (!ea.Intersects(eb)) return 0.0;
    const std::unique_ptr<OGRGeometry> shared(a->Intersection(b.get()));
    if (!shared || shared->IsEmpty()) return 0.0;
    const OGRwkbGeometryType type = wkbFlatten(shared->getGeometryType());
    if (type == wkbPolygon) return shared->toPolygon()->get_Area();
    // Polygons that share a face and an edge meet in a collection of a polygon and a line: only surfaces count.
    if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) return shared->toGeometryCollection()->get_Area();
    return 0.0;  // a shared edge or corner
}

}  // namespace wn
