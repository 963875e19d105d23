// The map's orientation layers from data shipped in the results folder, for the viewer's borders overlay and its
// offline base map (docs/viewer.md, "Base maps and overlays"): municipal and neighbourhood borders, roads and
// place names, as GeoJSON in RD New, made once when the catalogue is read.
//
// Where they come from: the manifest's "overlays" section when it has one; otherwise the GeoPackage that
// `waternet stresstest` writes (waternet.gpkg): its layer "partners" (only the partners the manifest calls
// municipalities), "neighbourhoods", and every "roads_<area>" layer (field "class").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wn::server {

// One vector layer of the results folder to draw: a file (relative, checked like every manifest path), its layer
// ("" = the first), and which of its fields holds the name (and, for roads, the OSM highway class).
struct OverlaySource {
    std::string path;
    std::string layer;
    std::string kind;  // borders: municipality | neighbourhood; roads: "road"
    std::string name_field = "name";
    std::string class_field;  // roads: e.g. "class" or "highway"; "" = keep every road
};

struct OverlaySources {
    std::vector<OverlaySource> borders, roads;
};

// The overlays as GeoJSON FeatureCollections in RD New (EPSG:28992, coordinates to 0.1 m); "" when the results
// have none of that kind.
//   borders: MultiLineString outlines (outer rings and holes), properties {name, kind}
//   roads:   (Multi)LineStrings of roads a car can use (OSM highway classes), properties {name, class}
//   places:  Points of the municipalities and neighbourhoods of the search's places, properties {name, kind}
struct Overlays {
    std::string borders, roads, places;
};

struct Place;
struct Partner;

// `explicit_sources`: the manifest's section, or nullptr to look in waternet.gpkg. InputError for a listed file
// that is missing, unreadable or outside the folder; a layer of waternet.gpkg that cannot be read is left out with
// a warning (the results are served without it).
Overlays load_overlays(const std::filesystem::path& root, const OverlaySources* explicit_sources,
                       const std::vector<Partner>& partners, const std::vector<Place>& places);

// Roads a car can use, by OpenStreetMap's highway key (wiki.openstreetmap.org/wiki/Key:highway): footways, paths,
// cycleways and the like would bury the map in lines.
bool is_drivable_road_class(std::string_view osm_highway_class);

}  // namespace wn::server
