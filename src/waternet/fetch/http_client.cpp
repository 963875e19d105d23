#include "waternet/fetch/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstdio>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "waternet/core/text.hpp"

namespace wn::fetch {

namespace {

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl could not start");
    });
}

struct FileSink {
    std::FILE* file = nullptr;
    bool write_failed = false;
};

// The answer's headers that matter for continuing it later. Reset at every status line (redirects, 100 Continue).
struct Headers {
    std::string etag, last_modified;
    bool content_encoded = false;
};

extern "C" size_t read_header(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<Headers*>(user);
    const std::string_view line(data, size * count);
    const auto value_of = [&](std::string_view name) -> std::optional<std::string> {
        if (line.size() <= name.size() || lowercase(line.substr(0, name.size())) != name) return std::nullopt;
        return std::string(trim(line.substr(name.size())));
    };
    if (line.rfind("HTTP/", 0) == 0)
        *headers = Headers{};
    else if (auto v = value_of("etag:"))
        headers->etag = *v;
    else if (auto v = value_of("last-modified:"))
        headers->last_modified = *v;
    else if (auto v = value_of("content-encoding:"))
        headers->content_encoded = !v->empty() && lowercase(*v) != "identity";
    return size * count;
}

extern "C" size_t write_to_file(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<FileSink*>(user);
    const size_t bytes = size * count;
    if (std::fwrite(data, 1, bytes, sink->file) != bytes) {
        sink->write_failed = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    return bytes;
}

// Called by libcurl about once a second and on every chunk: a non-zero answer aborts the transfer.
extern "C" int stop_on_cancel(void* cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const CancelToken*>(cancel)->requested() ? 1 : 0;
}

}  // namespace

struct HttpClient::Impl {
    HttpSettings settings;
    CancelToken cancel;
    CURL* curl = nullptr;
};

HttpClient::HttpClient(HttpSettings settings, CancelToken cancel) : impl_(std::make_unique<Impl>()) {
    impl_->cancel = cancel;
    global_init_once();
    impl_->settings = std::move(settings);
    impl_->curl = curl_easy_init();
    if (impl_->curl == nullptr) throw std::runtime_error("libcurl: curl_easy_init failed");
}

HttpClient::~HttpClient() { curl_easy_cleanup(impl_->curl); }

TryResult HttpClient::get(const std::string& url, const std::filesystem::path& path) {
    return get(url, path, Resume{});
}

TryResult HttpClient::get(const std::string& url, const std::filesystem::path& path, const Resume& resume) {
    const bool resuming = resume.from_byte > 0 && !resume.validator.empty();
    FileSink sink;
    sink.file = std::fopen(path.c_str(), resuming ? "ab" : "wb");
    if (sink.file == nullptr)
        throw std::filesystem::filesystem_error("cannot write", path, std::make_error_code(std::errc::io_error));
    CURL* curl = impl_->curl;
    const HttpSettings& s = impl_->settings;
    char error_text[CURL_ERROR_SIZE] = {0};
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_to_file);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_on_cancel);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &impl_->cancel);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, s.user_agent.c_str());
    Headers headers;
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
    curl_slist* request_headers = nullptr;
    if (resuming) {
        // The rest of the same file only: If-Range makes a server whose file changed send it whole (200), which
        // libcurl refuses as CURLE_RANGE_ERROR, so that old and new bytes are never mixed.
        curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(resume.from_byte));
        request_headers = curl_slist_append(request_headers, ("If-Range: " + resume.validator).c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, request_headers);
    } else {
        curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING,
                         "");  // gzip where the server offers it (WFS answers shrink a lot)
    }
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS time-outs
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(s.connect_timeout_s * 1000));
    // "Stalled": fewer than 1 byte per second over stall_timeout_s (CURLOPT_LOW_SPEED_*).
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, std::max(1L, static_cast<long>(s.stall_timeout_s + 0.5)));
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(request_headers);
    const bool closed = std::fclose(sink.file) == 0;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

    TryResult result;
    result.http_status = status;
    if (!headers.content_encoded) result.validator = !headers.etag.empty() ? headers.etag : headers.last_modified;
    const std::string detail = error_text[0] ? error_text : curl_easy_strerror(code);
    if (code == CURLE_ABORTED_BY_CALLBACK || impl_->cancel.requested()) {
        result.outcome = TryOutcome::interrupted;
        result.message = "interrupted";
    } else if (sink.write_failed || code == CURLE_WRITE_ERROR || !closed) {
        throw std::filesystem::filesystem_error("writing the download failed (disk full?)", path,
                                                std::make_error_code(std::errc::io_error));
    } else if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
               code == CURLE_COULDNT_RESOLVE_PROXY) {
        result.outcome = TryOutcome::unreachable;
        result.message = detail;
    } else if (code == CURLE_RANGE_ERROR) {
        result.outcome = TryOutcome::busy;
        result.message = "the server cannot continue the broken-off download (or the file changed); starting over";
        result.validator.clear();
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        result.outcome = TryOutcome::busy;
        result.message = fmt::format("timed out ({})", detail);
    } else if (code != CURLE_OK) {
        // A truncated body (CURLE_PARTIAL_FILE), a connection reset, a TLS hiccup: another try may work.
        result.outcome = TryOutcome::busy;
        result.message = detail;
    } else if (status >= 200 && status < 300) {
        result.outcome = TryOutcome::ok;
    } else if (status >= 500 || status == 429 || status == 408) {
        result.outcome = TryOutcome::busy;
        result.message = fmt::format("HTTP {}", status);
    } else {
        result.outcome = TryOutcome::refused;
        result.message = fmt::format("HTTP {}", status);
    }
    return result;
}

}  // namespace wn::fetch
