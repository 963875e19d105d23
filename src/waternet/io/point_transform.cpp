#include "waternet/io/point_transform.hpp"

#include <ogr_spatialref.h>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"

namespace wn {

void PointTransform::Deleter::operator()(OGRCoordinateTransformation* transformation) const noexcept {
    OGRCoordinateTransformation::DestroyCT(transformation);
}

PointTransform::PointTransform(const std::string& from, const std::string& to, const std::string& what) {
    const OGRSpatialReference source = gdal::srs_from_definition(from);  // traditional GIS order: x = east
    const OGRSpatialReference target = gdal::srs_from_definition(to);
    if (source.IsSame(&target)) return;
    gdal::ErrorScope errors;
    transformation_.reset(OGRCreateCoordinateTransformation(&source, &target));
    if (!transformation_)
        throw InputError(what + ": cannot transform from " + gdal::describe(source) + " to " + gdal::describe(target) +
                         gdal::ErrorScope::detail());
}

PointTransform::~PointTransform() = default;
PointTransform::PointTransform(PointTransform&&) noexcept = default;
PointTransform& PointTransform::operator=(PointTransform&&) noexcept = default;

bool PointTransform::apply(double& x, double& y) const {
    return !transformation_ || transformation_->Transform(1, &x, &y);
}

}  // namespace wn
