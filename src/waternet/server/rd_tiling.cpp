#include "waternet/server/rd_tiling.hpp"

#include <cmath>

namespace wn::server {

double resolution_m_per_px(int z) { return kRdResolutionZ0 / std::ldexp(1.0, z); }

long tiles_per_side(int z) { return 1L << z; }

std::optional<TileBounds> tile_bounds(TileId t) {
    if (t.z < 0 || t.z > kMaxZoom) return std::nullopt;
    const long n = tiles_per_side(t.z);
    if (t.x < 0 || t.y < 0 || t.x >= n || t.y >= n) return std::nullopt;
    const double tile_m = resolution_m_per_px(t.z) * kTileSizePx;
    TileBounds b;
    b.min_x = kRdTileOriginX + t.x * tile_m;
    b.max_x = b.min_x + tile_m;
    b.max_y = kRdTileOriginY - t.y * tile_m;
    b.min_y = b.max_y - tile_m;
    return b;
}

std::optional<TileId> tile_at(double x, double y, int z) {
    if (z < 0 || z > kMaxZoom || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    const double tile_m = resolution_m_per_px(z) * kTileSizePx;
    const double col = std::floor((x - kRdTileOriginX) / tile_m);
    const double row = std::floor((kRdTileOriginY - y) / tile_m);
    const double n = static_cast<double>(tiles_per_side(z));
    if (col < 0 || row < 0 || col >= n || row >= n) return std::nullopt;
    return TileId{z, static_cast<int>(col), static_cast<int>(row)};
}

}  // namespace wn::server
