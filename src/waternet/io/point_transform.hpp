// Points from one coordinate reference system to another (GDAL/OGR, which uses PROJ), for the places a front end
// or a job needs outside a raster or vector read: a place search file in WGS 84, the grid centre in degrees for the
// sun's position. x is always easting or longitude and y northing or latitude, whatever the CRS's axis order.
#pragma once

#include <memory>
#include <string>

class OGRCoordinateTransformation;

namespace wn {

class PointTransform {
public:
    // `from` and `to`: WKT, "EPSG:n" or anything GDAL's SetFromUserInput reads; empty means RD New (EPSG:28992).
    // `what` names the data in the message when either CRS is unknown or no transformation exists (InputError).
    PointTransform(const std::string& from, const std::string& to, const std::string& what);
    ~PointTransform();
    PointTransform(PointTransform&&) noexcept;
    PointTransform& operator=(PointTransform&&) noexcept;

    // True when both systems are the same: apply() then leaves every point as it is.
    bool identity() const { return transformation_ == nullptr; }
    // Transforms one point in place; false when PROJ cannot (outside the system's area, for instance).
    bool apply(double& x, double& y) const;

private:
    struct Deleter {
        void operator()(OGRCoordinateTransformation* transformation) const noexcept;
    };
    std::unique_ptr<OGRCoordinateTransformation, Deleter> transformation_;
};

}  // namespace wn
