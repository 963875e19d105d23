// `waternet data fetch`: AHN, BGT, BAG and CBS for a region, polygon or box from the services of a services file
// (data/services/pdok.toml) into a data folder with a manifest (docs/data-fetch.md).
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/version.hpp"
#include "waternet/fetch/fetch.hpp"
#include "waternet/pipeline/flood_job.hpp"  // data_dir()

namespace wn::cli {

namespace {

struct FetchCli {
    std::string region;
    std::string bbox;
    std::string polygon;
    std::string area;
    std::string out;
    std::string services = (data_dir() / "services" / "pdok.toml").string();  // the shipped PDOK sources
    std::vector<std::string> sources;
    double ahn_resolution_m = 0.5;
    int parallel = 4;
    int retries = 4;
    double backoff_s = 1.0;
    double timeout_s = 60.0;
    double connect_timeout_s = 15.0;
    bool quiet = false;
};

std::vector<fetch::FetchArea> chosen_areas(const FetchCli& o) {
    const int given = !o.region.empty() + !o.bbox.empty() + !o.polygon.empty();
    if (given != 1)
        throw InputError("data fetch: give exactly one of a region file, --bbox xmin,ymin,xmax,ymax or --polygon FILE");
    if (!o.area.empty() && o.region.empty())
        throw InputError("--area picks an area of a region file; give the region file");
    if (!o.bbox.empty()) return {fetch::area_from_bbox_text(o.bbox)};
    if (!o.polygon.empty()) return {fetch::area_from_polygon_file(o.polygon)};
    return fetch::areas_from_region_file(o.region, o.area);
}

void run_fetch(const FetchCli& o) {
    if (o.ahn_resolution_m != 0.5 && o.ahn_resolution_m != 5.0)
        throw InputError(
            fmt::format("--ahn-resolution: AHN comes in 0.5 m and 5 m tiles (got {:g})", o.ahn_resolution_m));
    fetch::FetchOptions options;
    options.areas = chosen_areas(o);
    options.out_dir = o.out;
    options.services = fetch::read_services_config(o.services);
    options.only_sources = o.sources;
    options.ahn_resolution_m = o.ahn_resolution_m;
    options.parallel = o.parallel;
    options.retries = o.retries;
    options.backoff_s = o.backoff_s;
    options.http.stall_timeout_s = o.timeout_s;
    options.http.connect_timeout_s = o.connect_timeout_s;
    options.http.user_agent = std::string("waternet/") + kVersion + " (data fetch)";
    const CommandExecution execution(0, !o.quiet);  // threads unused: --parallel says how many downloads at once
    const fetch::FetchSummary s = fetch_data(options, execution.context());
    fmt::print("{}: {} file{} downloaded ({:.1f} MB), {} already complete, {} retr{}; manifest: {}\n", o.out,
               s.downloaded, s.downloaded == 1 ? "" : "s", static_cast<double>(s.bytes_downloaded) / 1e6, s.confirmed,
               s.retried, s.retried == 1 ? "y" : "ies", (std::filesystem::path(o.out) / "manifest.json").string());
}

}  // namespace

void add_data_command(CLI::App& app) {
    CLI::App* data = app.add_subcommand("data", "Open data for the stress test: `waternet data fetch` downloads it");
    data->require_subcommand(1);
    CLI::App* cmd = data->add_subcommand(
        "fetch",
        "Download AHN DTM/DSM tiles, BGT, BAG and CBS neighbourhoods for a region file's areas, a polygon or a "
        "box (RD New) from PDOK into a data folder with a manifest (URL, date, licence, SHA-256 per file). "
        "Resumable: a rerun downloads only what is missing or damaged. Exit 3 when the service cannot be reached.");
    auto o = std::make_shared<FetchCli>();
    cmd->add_option("region", o->region, "Region file: its [[areas]]' terrain extents are fetched");
    cmd->add_option("--bbox", o->bbox, "Instead of a region: xmin,ymin,xmax,ymax in RD New metres (EPSG:28992)");
    cmd->add_option("--polygon", o->polygon, "Instead of a region: a vector file with the polygon(s) of the area");
    cmd->add_option("--area", o->area, "Only this area id of the region file");
    cmd->add_option("--out", o->out, "The data folder (created; reused by a rerun)")->required();
    cmd->add_option("--services", o->services, "Services file (sources, URLs, licences; docs/data-fetch.md)")
        ->capture_default_str();
    cmd->add_option("--sources", o->sources, "Only these source ids of the services file (comma-separated)")
        ->delimiter(',');
    cmd->add_option("--ahn-resolution", o->ahn_resolution_m, "AHN tiles of this cell size in m: 0.5 or 5")
        ->capture_default_str();
    cmd->add_option("--parallel", o->parallel, "Downloads at a time (1-16)")
        ->capture_default_str()
        ->check(CLI::Range(1, 16));
    cmd->add_option("--retries", o->retries, "Tries after the first on 5xx, time-outs and damaged files")
        ->capture_default_str()
        ->check(CLI::Range(0, 20));
    cmd->add_option("--backoff-s", o->backoff_s, "First pause before a retry; doubled each time (at most 60 s)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 600.0));
    cmd->add_option("--timeout-s", o->timeout_s, "Give a transfer up after this many seconds without data")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 3600.0));
    cmd->add_option("--connect-timeout-s", o->connect_timeout_s, "Give a connection attempt up after this many seconds")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 600.0));
    cmd->add_flag("--quiet", o->quiet, "No progress line");
    cmd->callback([o] { run_fetch(*o); });
}

}  // namespace wn::cli
