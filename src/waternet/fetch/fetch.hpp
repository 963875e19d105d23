// `waternet data fetch`: the open data the stress test needs, downloaded from the services of a services file
// (sources.hpp) for some areas (areas.hpp) into a data folder with a manifest (manifest.hpp).
//
// Resumable: every download goes to "<file>.part" and is renamed to its name only after libcurl saw the whole body
// (Content-Length) and GDAL opened and read all of it; then the manifest records its URL, date, licence, size and
// SHA-256. A file that the manifest and the disk confirm is not downloaded again; anything else is.
// Polite: at most `parallel` downloads at a time, retries after a pause that doubles (1, 2, 4, ... s, at most 60 s)
// on 5xx, 429, time-outs, broken connections and damaged files; 4xx is not retried. A transfer that broke off
// continues on the next try from the bytes it has (HTTP Range with If-Range), where the server allows it.
// Ctrl-C stops the downloads, removes the .part files and keeps the manifest of what was finished.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/fetch/areas.hpp"
#include "waternet/fetch/http_client.hpp"
#include "waternet/fetch/sources.hpp"

namespace wn::fetch {

// Some files could not be fetched from the services (offline, server down, a URL the service refuses). The CLI
// prints the message and exits 3. What was finished is in the manifest; a rerun fetches the rest.
class ServiceUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct FetchOptions {
    std::filesystem::path out_dir;
    std::vector<FetchArea> areas;
    ServicesConfig services;
    std::vector<std::string> only_sources;         // source ids; empty = every source
    std::optional<double> ahn_resolution_m = 0.5;  // a tiles source with another resolution_m is skipped
    int parallel = 4;
    int retries = 4;         // tries after the first
    double backoff_s = 1.0;  // the first pause; doubled after every further failure
    double max_backoff_s = 60.0;
    HttpSettings http;
};

struct FetchSummary {
    int downloaded = 0;  // files downloaded and checked in this run
    int confirmed = 0;   // files already there (manifest, size and SHA-256 agree)
    int retried = 0;     // tries repeated after a busy server or a damaged file
    int joined = 0;      // joined files (VRT, GeoPackage) built in this run
    std::uintmax_t bytes_downloaded = 0;
};

// InputError for bad options (unknown source id, an unsafe tile name); ServiceUnavailable when files could not be
// fetched; wn::Interrupted once the context's token is cancelled (Ctrl-C). Progress goes to the context's sink, one
// stage per round of downloads; the number of downloads at once is options.parallel, not the context's threads.
FetchSummary fetch_data(const FetchOptions& options, const ExecutionContext& context = {});

}  // namespace wn::fetch
