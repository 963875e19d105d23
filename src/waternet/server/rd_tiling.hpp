// The tiling of the viewer's maps: the Dutch national tile matrix set for RD New (EPSG:28992) as PDOK and
// Geonovum define it ("Nederlandse richtlijn tiling", Geonovum 2014; PDOK's EPSG:28992 WMTS/TMS matrix set).
//
//   origin (top-left)  x = −285401.92 m, y = 903401.92 m
//   resolution         3440.640 / 2^z m per pixel, z = 0 … 16 (z 16 ≈ 5 cm per pixel)
//   tiles              256 × 256 px; column x grows east, row y grows south from the origin
//
// Why this tiling and not Web Mercator: the result rasters are in RD New, so a tile is a plain axis-aligned
// window of the raster (no reprojection, no resampling across a curved grid), a metre on the map is a metre in
// the data, and PDOK's base maps (BRT achtergrondkaart, luchtfoto) use the same matrix and can be configured as
// the online base map. Leaflet draws it with proj4leaflet (L.Proj.CRS with the same origin and resolutions).
#pragma once

#include <array>
#include <optional>
#include <string>

namespace wn::server {

inline constexpr double kRdTileOriginX = -285401.92;
inline constexpr double kRdTileOriginY = 903401.92;
inline constexpr double kRdResolutionZ0 = 3440.640;  // m per pixel at zoom 0
inline constexpr int kTileSizePx = 256;
inline constexpr int kMaxZoom = 16;

struct TileId {
    int z = 0, x = 0, y = 0;
    friend bool operator==(const TileId&, const TileId&) = default;
};

struct TileBounds {
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;  // RD New metres
};

// Metres per pixel at zoom z (0 … kMaxZoom).
double resolution_m_per_px(int z);

// The number of tile columns (= rows) that cover the matrix at zoom z: 2^z (the matrix is 2^z tiles square,
// 880,803.84 m a side, covering the Netherlands and its surroundings).
long tiles_per_side(int z);

// The tile's extent in RD New; std::nullopt when z is outside 0 … kMaxZoom or x, y outside the matrix.
std::optional<TileBounds> tile_bounds(TileId tile);

// The tile that holds point (x, y) at zoom z, or std::nullopt outside the matrix.
std::optional<TileId> tile_at(double x, double y, int z);

}  // namespace wn::server
