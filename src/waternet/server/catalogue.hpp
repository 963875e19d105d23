// The results catalogue: what `waternet serve` shows, read once from a stress-test results folder (the contract
// in docs/viewer.md, "The results folder"): the manifest OUT/stresstest.json, its layers' rasters (held in memory
// so a tile is a window of an array), the searchable places and the indicator tables.
//
// Every path in the manifest is relative to the folder, uses '/', and must stay inside it: absolute paths, '..'
// components and symlinks that lead out are an InputError when the catalogue is loaded, so nothing the server
// reads later can come from outside the results folder.
//
// Values are held in the units of their legend (render/legend.hpp): a duration_h layer whose file name ends in
// _s.tif (as `waternet flood` writes duration_above_10cm_s.tif) is divided by 3600 on loading; a terrain layer
// (legend "hillshade") holds terrain heights in m and is kept as its hillshade (0–255) for the base map, with the
// heights kept for the point query.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/server/overlays.hpp"

namespace wn::server {

struct Frame {
    double time_s = 0.0;  // since the start of the storm
    std::string path;     // relative to the results folder
};

// The storm a flood layer was computed for, as the standard names it (manifest layer "storm"; the storm table's
// amount, duration and return period), so that the viewer need not show raw ids such as T100_48h.
struct StormInfo {
    std::string id;  // "T100"
    double rain_mm = 0.0;
    double duration_h = 0.0;
    double return_period_years = 0.0;  // 0 = not known
};

struct Layer {
    std::string id;        // "zundert/T100/max_depth"
    std::string theme;     // flood | bluespots | heat | terrain
    std::string area;      // "zundert"
    std::string scenario;  // "T100"; empty for layers that belong to no scenario (terrain)
    std::string title;
    std::string legend;                 // a render::legend id
    std::string path;                   // relative to the results folder
    bool partner_only = false;          // manifest "access": "partner" (draft scenarios, vital-object details)
    std::vector<Frame> frames;          // depth frames for the animation, in time order (may be empty)
    std::optional<StormInfo> storm;     // flood layers of newer manifests
    std::optional<double> threshold_m;  // duration layers: the depth the duration counts above
};

// What a modelled area can say (pipeline/area_detail.hpp; manifest "areas"): the viewer names the model and its
// resolution in every answer about a point, and shows a regional area's limitations note.
struct AreaInfo {
    std::string id, name;
    std::string detail;                          // regional | local | street
    double cell_size_m = 0.0;                    // the model's cells
    std::string model_nl, model_en;              // "AHN 5 m, gemodelleerd op 10 m" / "AHN 5 m, modelled at 10 m"
    std::string limitations_nl, limitations_en;  // regional areas only
    bool regional() const { return detail == "regional"; }
};

struct Partner {
    std::string id, name, kind;    // kind: municipality | water_board | demonstration
    std::array<double, 4> bbox{};  // min x, min y, max x, max y (RD New, m)
    std::string report;            // relative path of the partner's report, empty if none
};

struct Place {
    std::string name, kind, partner;  // kind: street | neighbourhood | municipality
    double x = 0.0, y = 0.0;          // RD New (m)
};

// One raster in memory, in its legend's units.
struct RasterData {
    Grid<float> values;
    double cell_size_m() const { return values.spec().transform.cell_size_m; }
};

struct Manifest {
    std::string region_id, region_name, crs;
    std::string software_version;
    std::vector<Partner> partners;
    std::vector<Layer> layers;
    std::vector<AreaInfo> areas;  // may be empty (results of older versions): Catalogue::area_of derives them
    std::string places_path;      // relative, empty if none
    std::string indicators_path;  // relative, empty if none
    std::optional<OverlaySources> overlays;  // manifest "overlays"; none: looked for in waternet.gpkg (overlays.hpp)
};

// Parses and checks the manifest text (no file access): required fields, known themes, legends and access
// values, unique layer ids, safe relative paths. InputError naming the field for anything else.
Manifest parse_manifest(const nlohmann::json& manifest);

class Catalogue {
public:
    // Reads OUT/stresstest.json, every layer's raster, places and indicators. InputError: no such folder, no
    // manifest, invalid manifest (see parse_manifest), a listed file missing or outside the folder, a raster
    // GDAL cannot read or not in a metric CRS. Frames are checked to exist and read on first use.
    static Catalogue load(const std::filesystem::path& results_dir);

    const std::filesystem::path& root() const { return root_; }
    const Manifest& manifest() const { return manifest_; }
    const std::vector<Place>& places() const { return places_; }
    // {partner_id: {area: {scenario_id: {indicator: value}}}} as `waternet stresstest` writes it
    // (tables/partner_indicators.json); an empty object when the manifest lists none.
    const nlohmann::json& indicators() const { return indicators_; }
    // Borders, roads and place names for the map, as GeoJSON in RD New (overlays.hpp).
    const Overlays& overlays() const { return overlays_; }

    const Layer* find_layer(std::string_view id) const;
    // The area a layer belongs to, as the manifest describes it; for a layer whose area the manifest does not
    // describe, one derived from its raster's cells (detail by area_detail.hpp's rule, model "model area X (10 m)").
    const AreaInfo& area_of(const Layer& layer) const;
    const RasterData& raster(const Layer& layer) const;  // the layer's values (hillshade for terrain layers)
    // Terrain heights (m) of a terrain layer, for the point query; nullptr for other layers.
    const RasterData* terrain_heights(const Layer& layer) const;
    // Frame `index` of the layer (read on first use, then kept). InputError for an index out of range.
    std::shared_ptr<const RasterData> frame(const Layer& layer, std::size_t index) const;

    // The path of a file the manifest lists (a partner's report), resolved inside the folder; std::nullopt for
    // any path the manifest does not list, so no request can name another file.
    std::optional<std::filesystem::path> listed_report(std::string_view relative_path) const;

    Catalogue(Catalogue&&) = default;
    Catalogue& operator=(Catalogue&&) = default;

private:
    Catalogue() = default;
    std::filesystem::path root_;
    Manifest manifest_;
    std::map<std::string, std::size_t, std::less<>> layer_index_;
    std::vector<RasterData> rasters_;                    // by layer index
    std::vector<AreaInfo> layer_areas_;                  // by layer index
    std::map<std::size_t, RasterData> terrain_heights_;  // by layer index
    std::vector<Place> places_;
    nlohmann::json indicators_ = nlohmann::json::object();
    Overlays overlays_;
    struct FrameCache {
        std::mutex mutex;
        std::map<std::pair<std::size_t, std::size_t>, std::shared_ptr<const RasterData>> frames;
    };
    std::unique_ptr<FrameCache> frame_cache_ = std::make_unique<FrameCache>();
};

// `relative` resolved inside `root`: InputError when it is empty, absolute, has a '..' or '\' or NUL, or
// (after following symlinks) leads outside root. `what` names it in the message ("layer x: path").
std::filesystem::path resolve_inside(const std::filesystem::path& root, std::string_view relative,
                                     std::string_view what);

}  // namespace wn::server
