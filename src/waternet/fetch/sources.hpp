// The services `waternet data fetch` downloads from: configuration, not code (data/services/pdok.toml is the
// shipped one, `--services FILE` replaces it). docs/data-fetch.md documents every key.
//
// A source is one of three kinds:
//   tiles  a tile index (a vector file GDAL opens, e.g. PDOK's AHN kaartbladindex.json) lists tiles with their
//          outlines; the tiles that touch the area are downloaded, each from its URL (a field of the index or a
//          template with {tile});
//   bbox   a URL template with {xmin} {ymin} {xmax} {ymax} (RD New metres) filled in per area, optionally paged
//          (WFS startindex/count, or OGC API Features "next" links);
//   file   one URL as it is (a national download).
// Every source names its output file (a template relative to the data folder), its licence, and what GDAL must be
// able to open after the download (a raster or a vector file): a download that it cannot open is not taken.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wn::fetch {

enum class SourceKind { tiles, bbox, file };
enum class ExpectedFormat { raster, vector };
// How a bbox source's answer continues: not at all, by the next start index (WFS 2.0 STARTINDEX/COUNT), or by the
// "next" link in the GeoJSON answer (OGC API Features).
enum class Paging { none, startindex, next_link };

struct Source {
    std::string id;    // letters, digits, '_' and '-'
    std::string name;  // for people: "AHN DTM 0,5 m"
    SourceKind kind = SourceKind::file;
    ExpectedFormat format = ExpectedFormat::vector;
    std::string url;                     // bbox/file: the URL (template); tiles: a template with {tile}, or empty when
                                         // the index's url_field gives each tile's URL
    std::string file;                    // output path template, relative to the data folder: {tile}, {area}, {page}
    std::string licence;                 // recorded per file in the manifest
    std::string crs;                     // the CRS of the coordinates, recorded in the manifest ("EPSG:28992"); needed
                                         // where the file cannot say (GeoJSON pages in RD from OGC API Features)
    std::string join;                    // optional: after the downloads, the source's files joined into this file
                                         // (relative to the data folder; tiles: a VRT; vector: a GeoPackage, one layer
                                         // per source; bbox sources: with {area}). Sources may share a join file.
    std::string layer;                   // the join's layer for this source (vector; default: the id)
    std::optional<double> resolution_m;  // tiles: the grid's cell size; `--ahn-resolution` picks by it
    // tiles
    std::string index_url;   // the tile index (downloaded into the data folder too)
    std::string index_file;  // where it is kept, relative to the data folder
    std::string tile_field;  // the index's field that names a tile
    std::string url_field;   // the index's field with the tile's URL (when `url` is empty)
    // bbox paging
    Paging paging = Paging::none;
    int page_size = 1000;   // {count}; a page with fewer features is the last
    int max_pages = 10000;  // a guard against a service that never says "last page"
};

struct ServicesConfig {
    std::filesystem::path file;
    std::vector<Source> sources;
};

// Reads and checks a services file; InputError "file:line:col: key: problem" on any problem.
ServicesConfig read_services_config(const std::filesystem::path& file);
// The same from text (tests); `source_name` is used in messages.
ServicesConfig parse_services_config(std::string_view toml_text, const std::string& source_name);

// A template with {name} placeholders filled from `values` (pairs of name, text); InputError naming `what` for a
// placeholder it does not know, so that a typo in a services file is caught before a download.
std::string fill_template(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values,
                          std::string_view what);

}  // namespace wn::fetch
