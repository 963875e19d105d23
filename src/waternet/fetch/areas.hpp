// The areas to fetch data for, in RD New (EPSG:28992), and the tiles of a tile index that cover them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wn::fetch {

struct FetchArea {
    std::string name;  // names the area's files ({area}): an area id, "bbox", a file's stem
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    std::string polygon_wkt;  // the outline when it is not the box itself (--polygon)

    std::string outline_wkt() const;  // polygon_wkt, or the box as a polygon
};

// "xmin,ymin,xmax,ymax" in RD metres; InputError for anything else (four numbers, min < max, inside the
// Netherlands' RD range so that degrees given by mistake are caught).
FetchArea area_from_bbox_text(const std::string& text);

// The union of the polygons of a vector file (any CRS GDAL knows; reprojected to RD New), named after the file.
FetchArea area_from_polygon_file(const std::filesystem::path& file);

// The areas of a region file: each [[areas]] entry's terrain extent (its id names it). `only` (an area id) picks
// one; "" all. Only the keys this needs are read, so a region file that names data not yet fetched still works
// as long as its areas' terrains exist; otherwise the message says to use --bbox or --polygon.
std::vector<FetchArea> areas_from_region_file(const std::filesystem::path& file, const std::string& only);

struct TileRef {
    std::string name;  // the tile index's name for it (e.g. the AHN kaartblad "M_31HN1")
    std::string url;   // from the index's url field; "" when the source builds it from a template
};

// The tiles of `index_file` (a vector file GDAL opens; its coordinates in RD New) whose outline overlaps an area's
// outline (merely touching along an edge does not count), each once, in index order.
std::vector<TileRef> tiles_for_areas(const std::filesystem::path& index_file, const std::string& tile_field,
                                     const std::string& url_field, const std::vector<FetchArea>& areas);

}  // namespace wn::fetch
