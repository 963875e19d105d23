// The viewer's HTTP/1.1 transport: Boost.Beast's request parser on Boost.Asio's event loop (Debian 12's Boost
// 1.74, header-only), built so that slow or hostile clients cannot starve it.
//
// Why an event loop: a server with one thread per open connection (what cpp-httplib does) is stopped by 40
// clients that each send one header line a second (slowloris): every thread waits on a client that never finishes.
// Here an open connection costs a socket and a small buffer, not a thread; threads only run complete requests.
// The event loop has one thread per CPU core (many threads on one loop only contend for it: 40 threads served
// about half the cached tiles a second that 2 did); requests that take long run on a separate pool of workers.
//
// What bounds each client (HttpLimits; docs/viewer.md, "Limits"):
//   - the request line and headers must have arrived head_timeout_s after the connection opened (or after the
//     previous answer on a kept-alive connection): a deadline for the whole head, not a timeout per read, so a
//     trickle of one byte a second does not extend it; the connection is closed when it passes;
//   - the body, body_timeout_s after the head; the answer, write_timeout_s;
//   - open connections: at most connections_per_client per client address (more are answered 429 and closed)
//     and max_connections in all (503);
//   - sizes: the target over max_target_bytes is 414, the head over max_head_bytes 431, a body over
//     max_body_bytes 413: a Content-Length over it is refused before a byte of the body is read, a chunked body
//     as soon as its chunks add up to more;
//   - a target that is not a clean origin-form URL (url.hpp: broken %-escape, not UTF-8, control characters) is 400,
//     and so is anything the parser cannot read (a bad Content-Length, a chunk size beyond 64 bits, a line that is
//     not HTTP). Bytes before the first space that cannot be a method are refused at once, not at the deadline.
// After an answer that refuses a request the server closes the connection, reading and discarding what the client
// still sends for at most 1 s or 1 MiB so the answer is not lost to a TCP reset.
//
// Answers the transport gives itself go through an ErrorWriter, so they look like the handler's own errors; an
// exception escaping the handler is a 500 whose text is the ErrorWriter's, never the exception's.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wn::server {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpLimits {
    int event_threads = 0;    // threads of the event loop, which also run quick requests; 0: one per CPU core
    int worker_threads = 32;  // threads for slow requests (HttpServer::SlowRequest)
    std::size_t max_connections = 1000;       // open connections in all
    std::size_t connections_per_client = 64;  // open connections per client address
    double head_timeout_s = 10;
    double body_timeout_s = 10;
    double write_timeout_s = 30;
    std::size_t max_target_bytes = 8 * 1024;  // the URL (path and query)
    std::size_t max_head_bytes = 16 * 1024;   // request line and headers together
    std::size_t max_body_bytes = 16 * 1024;
};

struct HttpRequest {
    std::string method;   // as sent ("GET", "POST", "BREW")
    std::string path;     // percent-decoded, valid UTF-8, no control characters (url.hpp)
    HttpHeaders params;   // query parameters, decoded likewise
    HttpHeaders headers;  // as sent
    std::string body;
    std::string remote_addr;  // the client's IP address

    bool has_param(std::string_view key) const;
    // The first value of the parameter; empty when it is absent.
    std::string get_param_value(std::string_view key) const;
    // The first header of that name, compared without case; empty when it is absent.
    std::string get_header_value(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    std::string body;
    std::shared_ptr<const std::string> shared_body;  // sent instead of body when set: a cached tile, not copied

    void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
    void set_content(std::string bytes, std::string content_type);
    void set_content(std::shared_ptr<const std::string> bytes, std::string content_type);
    std::string_view body_bytes() const {
        return shared_body ? std::string_view(*shared_body) : std::string_view(body);
    }
};

class HttpServer {
public:
    // Answers a complete request (runs on one of the server's threads; may throw).
    using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;
    // Fills an answer the transport gives by itself: status (400, 413, 414, 429, 431, 500, 503) and a message in
    // plain words.
    using ErrorWriter = std::function<void(HttpResponse&, int status, const std::string& message)>;

    // Whether a request keeps its thread busy for long (hashing a password, reading a file): such requests run on
    // the worker threads, so that they never hold up the event loop. Others run on the event loop's threads:
    // a hand-over per request would cost more than a cached tile takes to answer.
    using SlowRequest = std::function<bool(const HttpRequest&)>;

    // default_headers go on every answer (security headers).
    HttpServer(HttpLimits limits, Handler handler, ErrorWriter error_writer, HttpHeaders default_headers,
               SlowRequest is_slow = nullptr);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Listens on host:port (port 0: any free port) and returns the port; InputError when it cannot. Raises the
    // process's open-file limit towards max_connections where the hard limit allows, and lowers
    // max_connections (with a warning) where it does not.
    int bind(const std::string& host, int port);
    // Serves until stop(), this thread being one of the event loop's.
    void run();
    // Safe from any thread, also before run() (which then returns at once).
    void stop();
    bool is_running() const;
    // Open connections now (admitted ones; refusals are not counted).
    std::size_t open_connections() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wn::server
