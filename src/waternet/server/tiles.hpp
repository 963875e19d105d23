// Map tiles of the results: a layer's raster (or one of its animation frames) through its legend, and the
// offline base map (the hillshade of every terrain layer, coarse grids first and finer ones drawn over them),
// as 256 × 256 PNG tiles in the RD tiling (rd_tiling.hpp), cached (tile_cache.hpp).
//
// A tile that shows nothing (outside the raster, or all cells no-data or below the legend's first class) is the
// one shared transparent tile, so empty ocean and countryside cost neither rendering nor cache memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "waternet/server/catalogue.hpp"
#include "waternet/server/rd_tiling.hpp"
#include "waternet/server/tile_cache.hpp"

namespace wn::server {

class TileService {
public:
    TileService(const Catalogue& catalogue, std::size_t cache_bytes);

    // PNG bytes of the layer's tile; frame: index into layer.frames (the animation), or the layer itself.
    // InputError for a tile outside the matrix or a frame index out of range.
    TileBytes layer_tile(const Layer& layer, TileId tile, std::optional<std::size_t> frame = std::nullopt);
    // PNG bytes of the base-map tile (hillshade), transparent where no terrain layer reaches.
    TileBytes base_tile(TileId tile);
    // The shared transparent 256 × 256 PNG.
    const TileBytes& empty_tile() const { return empty_; }

    const TileCache& cache() const { return cache_; }

private:
    TileBytes render_layer(const Layer& layer, const RasterData& data, const TileBounds& bounds) const;
    const Catalogue& catalogue_;
    TileCache cache_;
    TileBytes empty_;
};

}  // namespace wn::server
