// One HTTP(S) GET into a file, with libcurl (no hand-written HTTP). Retries, back-off and validation belong to the
// caller (fetch.hpp); this says precisely what one try gave, so that the caller can tell a server that is not
// there (connection refused, name not found) from one that is busy (5xx, a time-out) or refuses (4xx).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "waternet/core/execution.hpp"

namespace wn::fetch {

struct HttpSettings {
    double connect_timeout_s = 15.0;
    double stall_timeout_s = 60.0;  // a transfer that receives nothing for this long is given up (a whole AHN tile
                                    // may take minutes, so there is no limit on the total time)
    std::string user_agent = "waternet-data-fetch";
};

enum class TryOutcome {
    ok,           // 2xx, the body is complete (libcurl checks it against Content-Length)
    busy,         // 5xx, 429, a time-out, a truncated body: worth another try after a pause
    unreachable,  // no connection at all (refused, host not found): the service is not there or we are offline
    refused,      // 4xx other than 429: another try will not help
    interrupted,  // the cancel token (Ctrl-C)
};

struct TryResult {
    TryOutcome outcome = TryOutcome::ok;
    long http_status = 0;
    std::string message;  // for people: "HTTP 503", "connection refused", "timed out after 60 s without data"
    // What a later try needs to continue this body where it broke off (HTTP Range with If-Range): the server's
    // validator of the file (its ETag, else its Last-Modified); empty when the answer cannot be continued safely
    // (no validator, or a compressed transfer whose byte offsets are not those of the file).
    std::string validator;
};

// Where a try continues an earlier, broken-off transfer of the same URL.
struct Resume {
    std::uintmax_t from_byte = 0;  // the bytes already in the file
    std::string validator;         // the earlier answer's validator (If-Range): a changed file is sent whole
};

class HttpClient {
public:
    // A cancelled token stops a transfer within about a second (TryOutcome::interrupted).
    explicit HttpClient(HttpSettings settings, CancelToken cancel = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GETs `url` into `path` (created or truncated). Polls Ctrl-C while it runs.
    TryResult get(const std::string& url, const std::filesystem::path& path);
    // Continues a broken-off body: asks for the bytes from resume.from_byte on, if the file is unchanged
    // (If-Range), and appends them to `path`. A server that cannot (or a changed file) gives outcome busy with
    // an empty validator: the next try starts over.
    TryResult get(const std::string& url, const std::filesystem::path& path, const Resume& resume);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wn::fetch
