// The viewer's HTTP server: map tiles, the JSON API, partner logins and the front end's files, over one results
// catalogue, on the bounded event-driven transport of http_server.hpp (deadlines, connection caps, size limits). Routes (docs/viewer.md has the full list with examples):
//
//   GET  /tiles/base/{z}/{x}/{y}.png          offline base map (hillshade), RD tiling (rd_tiling.hpp)
//   GET  /tiles/{layer id}/{z}/{x}/{y}.png    a layer through its legend; ?frame=N: frame N of its animation
//   GET  /api/config                          region, tiling, configured base maps, overlays, who is logged in
//   GET  /api/overlays/{borders|roads|places} GeoJSON in RD New from the results' shipped data (overlays.hpp)
//   GET  /api/layers                          layers (public; + partner-only after login), legends, scenarios
//   GET  /api/point?x=&y=                     every layer's value at an RD point, and the nearest place
//   GET  /api/places?q=&limit=                places (streets, neighbourhoods, municipalities) by name
//   GET  /api/indicators                      indicators per partner for the public scenarios
//   GET  /api/partner/overview                (login) indicators and report links of the login's partners
//   GET  /partner/reports/{path}              (login) a report of one of the login's partners (else 403), only
//                                             paths the manifest lists
//   POST /api/login  {"user","password"}      sets an HttpOnly session cookie;  POST /api/logout
//   GET  /api/stats                           tile cache counters (for the load test)
//   GET  /*                                   the front end (web/dist), index.html for app routes
//
// Every request is counted against its client address's rate limit first (429 + Retry-After); bodies over
// max_body_bytes get 413; methods other than GET, HEAD and POST get 405; unsafe paths 400; partner-only data
// without a session 401, outside the login's partner scope (server_config.hpp) 403; errors are JSON {"error": "..."} in plain words, never with exception text or file paths.
#pragma once

#include <memory>
#include <string>

#include "waternet/server/catalogue.hpp"
#include "waternet/server/server_config.hpp"
#include "waternet/server/static_files.hpp"

namespace wn::server {

class TileService;

class ViewerServer {
public:
    // The catalogue must outlive the server.
    ViewerServer(const Catalogue& catalogue, ServerConfig config, StaticFiles web);
    ~ViewerServer();
    ViewerServer(const ViewerServer&) = delete;
    ViewerServer& operator=(const ViewerServer&) = delete;

    // Binds config.host:config.port (port 0: any free port) and returns the port; InputError when it cannot.
    int bind();
    // Serves until stop() is called (from another thread or a signal handler's thread).
    void run();
    void stop();
    // Whether run() has started accepting connections.
    bool is_running() const;

    TileService& tiles();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wn::server
