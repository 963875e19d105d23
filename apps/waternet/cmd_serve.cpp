// `waternet serve RESULTS`: the public viewer of a stress-test results folder (map tiles, JSON API, web page).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/server/auth.hpp"
#include "waternet/server/catalogue.hpp"
#include "waternet/server/server_config.hpp"
#include "waternet/server/static_files.hpp"
#include "waternet/server/viewer_server.hpp"

namespace wn::cli {

namespace {

struct ServeOptions {
    std::string results;
    std::string config;
    std::string web;
    bool no_web = false;
    std::optional<std::string> host;
    std::optional<int> port;
    std::optional<int> threads;
    std::optional<int> cache_mb;
    bool hash_password = false;
};

void print_password_hash() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    fmt::print("{}\n", server::hash_password(password));
}

void run_serve(const ServeOptions& o) {
    if (o.hash_password) return print_password_hash();
    if (o.results.empty()) throw InputError("waternet serve: give the results folder (RESULTS)");
    server::ServerConfig config = o.config.empty() ? server::ServerConfig{} : server::load_server_config(o.config);
    if (o.host) config.host = *o.host;
    if (o.port) config.port = *o.port;
    if (o.threads) config.threads = *o.threads;
    if (o.cache_mb) config.tile_cache_bytes = static_cast<std::size_t>(*o.cache_mb) << 20;

    const auto t0 = SteadyClock::now();
    const server::Catalogue catalogue = server::Catalogue::load(o.results);
    const double load_s = seconds_since(t0);
    spdlog::info("{}: {} layers, {} places, {} partners read in {:.1f} s", o.results,
                 catalogue.manifest().layers.size(), catalogue.places().size(), catalogue.manifest().partners.size(),
                 load_s);
    server::StaticFiles web;
    if (!o.no_web)
        web = server::StaticFiles::load(o.web.empty() ? server::default_web_dir() : std::filesystem::path(o.web));

    server::ViewerServer viewer(catalogue, config, std::move(web));
    const int port = viewer.bind();
    const std::string shown_host = config.host == "0.0.0.0" ? "localhost" : config.host;
    fmt::print("waternet serve: {} at http://{}:{}/  (Ctrl-C stops)\n", catalogue.manifest().region_name, shown_host,
               port);
    std::fflush(stdout);
    // Ctrl-C sets the interrupt flag; a watcher stops the server so run() returns and the catalogue is freed.
    std::jthread watcher([&](std::stop_token stop) {
        while (!stop.stop_requested() && !interrupt_requested())
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        viewer.stop();
    });
    viewer.run();
    watcher.request_stop();
    if (interrupt_requested()) fmt::print("waternet serve: stopped\n");
}

}  // namespace

void add_serve_command(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "serve",
        "Serve a stress-test results folder to a web browser: the map (tiles), what happens at an address, the "
        "waterlabel calculator and the partner view");
    cmd->add_option("RESULTS", o->results, "results folder written by `waternet stresstest` (with stresstest.json)");
    cmd->add_option("--config", o->config, "server configuration (TOML): limits, base map URL, partner logins")
        ->check(CLI::ExistingFile);
    cmd->add_option("--host", o->host, "address to listen on (default 127.0.0.1; 0.0.0.0 for the network)");
    cmd->add_option("--port", o->port, "port (default 8080; 0 = any free port)")->check(CLI::Range(0, 65535));
    cmd->add_option("--threads", o->threads, "worker threads for slow requests: logins, reports (default 32)")
        ->check(CLI::Range(2, 1024));
    cmd->add_option("--cache-mb", o->cache_mb, "tile cache size in MiB (default 256)")->check(CLI::Range(0, 65536));
    cmd->add_option("--web", o->web, "the built front end (default: web/dist of this source tree)");
    cmd->add_flag("--no-web", o->no_web, "serve the tiles and the API only");
    cmd->add_flag("--hash-password", o->hash_password,
                  "read a password from standard input, print its hash for [[partner_user]] password_hash, and exit");
    cmd->callback([o] { run_serve(*o); });
}

}  // namespace wn::cli
