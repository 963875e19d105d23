#include "waternet/server/tiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/render/image.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/render/png.hpp"
#include "waternet/render/render_window.hpp"

namespace wn::server {

namespace {

TileBounds bounds_or_throw(TileId tile) {
    const auto b = tile_bounds(tile);
    if (!b)
        throw InputError(fmt::format("tile {}/{}/{} is outside the RD tile matrix (zoom 0–{}, x and y 0 … 2^zoom − 1)",
                                     tile.z, tile.x, tile.y, kMaxZoom));
    return *b;
}

bool overlaps(const GridSpec& spec, const TileBounds& b) {
    return spec.min_x() < b.max_x && spec.max_x() > b.min_x && spec.min_y() < b.max_y && spec.max_y() > b.min_y;
}

bool fully_transparent(const render::RgbaImage& image) {
    for (std::size_t i = 3; i < image.rgba.size(); i += 4)
        if (image.rgba[i] != 0) return false;
    return true;
}

TileBytes png_of(const render::RgbaImage& image) {
    const std::vector<std::uint8_t> png = render::encode_png(image);
    return std::make_shared<const std::string>(png.begin(), png.end());
}

render::RgbaImage render_tile(const RasterData& data, const TileBounds& b, const render::Legend& legend) {
    return render::render_window(data.values.view(), data.values.spec().transform, b.min_x, b.min_y, b.max_x, b.max_y,
                                 kTileSizePx, kTileSizePx, legend);
}

}  // namespace

TileService::TileService(const Catalogue& catalogue, std::size_t cache_bytes)
    : catalogue_(catalogue), cache_(cache_bytes), empty_(png_of(render::RgbaImage(kTileSizePx, kTileSizePx))) {}

TileBytes TileService::render_layer(const Layer& layer, const RasterData& data, const TileBounds& b) const {
    if (!overlaps(data.values.spec(), b)) return empty_;
    const render::RgbaImage image = render_tile(data, b, render::legend(layer.legend));
    return fully_transparent(image) ? empty_ : png_of(image);
}

TileBytes TileService::layer_tile(const Layer& layer, TileId tile, std::optional<std::size_t> frame) {
    const TileBounds b = bounds_or_throw(tile);
    std::shared_ptr<const RasterData> frame_data;
    if (frame) frame_data = catalogue_.frame(layer, *frame);  // InputError for a bad index, before the cache
    const std::string key =
        fmt::format("{}|{}|{}/{}/{}", layer.id, frame ? static_cast<long>(*frame) : -1L, tile.z, tile.x, tile.y);
    if (TileBytes hit = cache_.get(key)) return hit;
    TileBytes png = render_layer(layer, frame ? *frame_data : catalogue_.raster(layer), b);
    cache_.put(key, png);
    return png;
}

TileBytes TileService::base_tile(TileId tile) {
    const TileBounds b = bounds_or_throw(tile);
    const std::string key = fmt::format("base|{}/{}/{}", tile.z, tile.x, tile.y);
    if (TileBytes hit = cache_.get(key)) return hit;
    std::vector<const RasterData*> terrain;
    for (const Layer& layer : catalogue_.manifest().layers)
        if (layer.legend == "hillshade" && overlaps(catalogue_.raster(layer).values.spec(), b))
            terrain.push_back(&catalogue_.raster(layer));
    // Coarse grids first, so the finer (better) terrain is drawn over them where both exist.
    std::stable_sort(terrain.begin(), terrain.end(),
                     [](const RasterData* a, const RasterData* c) { return a->cell_size_m() > c->cell_size_m(); });
    TileBytes png = empty_;
    if (!terrain.empty()) {
        const render::Legend& shade = render::legend("hillshade");
        render::RgbaImage image(kTileSizePx, kTileSizePx);
        for (const RasterData* t : terrain) render::composite_over(image, render_tile(*t, b, shade));
        if (!fully_transparent(image)) png = png_of(image);
    }
    cache_.put(key, png);
    return png;
}

}  // namespace wn::server
