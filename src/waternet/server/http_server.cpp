#include "waternet/server/http_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "waternet/core/error.hpp"
#include "waternet/server/url.hpp"

namespace wn::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// ---- requests and responses --------------------------------------------------------------------------------

bool HttpRequest::has_param(std::string_view key) const {
    return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == key; });
}

std::string HttpRequest::get_param_value(std::string_view key) const {
    for (const auto& [k, v] : params)
        if (k == key) return v;
    return {};
}

std::string HttpRequest::get_header_value(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (beast::iequals(k, beast::string_view(name.data(), name.size()))) return v;
    return {};
}

void HttpResponse::set_content(std::string bytes, std::string content_type) {
    body = std::move(bytes);
    shared_body.reset();
    set_header("Content-Type", std::move(content_type));
}

void HttpResponse::set_content(std::shared_ptr<const std::string> bytes, std::string content_type) {
    body.clear();
    shared_body = std::move(bytes);
    set_header("Content-Type", std::move(content_type));
}

namespace {

constexpr std::size_t kReadChunkBytes = 8192;
constexpr std::size_t kMaxMethodBytes = 20;  // the longest registered HTTP method is shorter
// After a refusal: how long and how much of the client's remaining bytes are read and thrown away before closing.
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr std::size_t kLingerBytes = 1 << 20;

std::chrono::steady_clock::duration seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

// RFC 9110, section 5.6.2: the characters of a token (a method is one).
bool is_token_char(unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// Open connections, in all and per client address.
class ConnectionCounter {
public:
    enum class Admission { admitted, client_full, server_full };

    Admission admit(const std::string& client, std::size_t per_client_limit, std::size_t total_limit) {
        std::lock_guard lock(mutex_);
        if (open_ >= total_limit) return Admission::server_full;
        std::size_t& mine = per_client_[client];
        if (mine >= per_client_limit) return Admission::client_full;
        ++mine;
        ++open_;
        return Admission::admitted;
    }
    void release(const std::string& client) {
        std::lock_guard lock(mutex_);
        const auto it = per_client_.find(client);
        if (it == per_client_.end()) return;
        if (--it->second == 0) per_client_.erase(it);
        --open_;
    }
    std::size_t open() const {
        std::lock_guard lock(mutex_);
        return open_;
    }

private:
    mutable std::mutex mutex_;
    std::size_t open_ = 0;
    std::unordered_map<std::string, std::size_t> per_client_;
};

// What every connection needs from its server.
struct Shared {
    HttpLimits limits;
    HttpServer::Handler handler;
    HttpServer::ErrorWriter error_writer;
    HttpHeaders default_headers;
    HttpServer::SlowRequest is_slow;
    ConnectionCounter counter;
    net::thread_pool* workers = nullptr;
};

// Header values come from the handler; a CR or LF in one would start a header of the client's choosing.
void append_header(std::string& head, std::string_view name, std::string_view value) {
    head.append(name).append(": ");
    for (char c : value) head.push_back(c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
    head.append("\r\n");
}

std::string serialize_head(const HttpResponse& r, bool keep_alive, unsigned http_version, const HttpHeaders& defaults) {
    const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(r.status)));
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", r.status, std::string_view(reason.data(), reason.size()));
    for (const auto& [name, value] : defaults) append_header(head, name, value);
    for (const auto& [name, value] : r.headers) append_header(head, name, value);
    if (r.status >= 200 && r.status != 204 && r.status != 304)
        append_header(head, "Content-Length", std::to_string(r.body_bytes().size()));
    if (!keep_alive)
        append_header(head, "Connection", "close");
    else if (http_version < 11)
        append_header(head, "Connection", "keep-alive");
    head.append("\r\n");
    return head;
}

bool is_parse_error(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// One client connection: reads requests one after the other (keep-alive), each under the deadlines, and answers
// them. All its work runs on its own strand; it lives as long as an operation of it is pending.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    // counted: admitted under the connection limits (released when the connection ends).
    Connection(tcp::socket socket, Shared& shared, std::string client, bool counted)
        : stream_(std::move(socket)),
          buffer_(shared.limits.max_head_bytes + shared.limits.max_body_bytes + 2 * kReadChunkBytes),
          shared_(shared),
          limits_(shared.limits),
          client_(std::move(client)),
          counted_(counted) {}
    ~Connection() {
        if (counted_) shared_.counter.release(client_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void serve() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_head(); });
    }
    // Answers status without reading anything, and closes.
    void refuse(int status, std::string message) {
        net::dispatch(stream_.get_executor(), [self = shared_from_this(), status, message = std::move(message)] {
            self->answer_error(status, message);
        });
    }

private:
    void read_head() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(limits_.max_head_bytes));
        parser_->body_limit(static_cast<std::uint64_t>(limits_.max_body_bytes));
        head_consumed_bytes_ = 0;
        head_only_ = false;
        // One deadline for the whole head: a trickle of bytes does not push it back.
        stream_.expires_after(seconds(limits_.head_timeout_s));
        parse_head();
    }

    // Parses what has come of the head (a pipelined request may already be in the buffer); reads more while
    // it is incomplete.
    void parse_head() {
        if (buffer_.size() > 0) {
            // Until the parser has taken the request line, the buffer begins with it.
            if (head_consumed_bytes_ == 0)
                if (const auto status = hopeless_head_status())
                    return answer_error(*status, head_refusal_message(*status));
            beast::error_code ec;
            const std::size_t used = parser_->put(buffer_.data(), ec);
            buffer_.consume(used);
            head_consumed_bytes_ += used;
            if (ec && ec != http::error::need_more) return refuse_head(ec);
            if (!ec && parser_->is_header_done()) return on_head();
            // Beast takes a complete request line at once and limits the fields after it on their own: the
            // limit on the whole head is kept here.
            if (head_consumed_bytes_ + buffer_.size() > limits_.max_head_bytes)
                return refuse_head(http::error::header_limit);
        }
        const std::size_t room = std::min(kReadChunkBytes, buffer_.max_size() - buffer_.size());
        if (room == 0) return answer_error(431, head_refusal_message(431));
        stream_.async_read_some(buffer_.prepare(room), [self = shared_from_this()](beast::error_code ec,
                                                                                   std::size_t n) {
            self->buffer_.commit(n);
            if (ec)
                return;  // closed, reset, or past the deadline (the stream has closed the socket): nothing to answer
            self->parse_head();
        });
    }

    // A head that cannot become a request the server would take, told before it is complete: bytes before the
    // first space that cannot be a method (a TLS handshake, noise), or a request line longer than any allowed URL.
    std::optional<int> hopeless_head_status() const {
        const std::string_view head(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        const std::string_view method = head.substr(0, head.find(' '));
        if (method.size() > kMaxMethodBytes || !std::all_of(method.begin(), method.end(), [](char c) {
                return is_token_char(static_cast<unsigned char>(c));
            }))
            return 400;
        if (request_line_too_long(head)) return 414;
        return std::nullopt;
    }

    bool request_line_too_long(std::string_view head) const {
        const std::size_t line_end = std::min(head.find('\n'), head.size());
        return line_end > limits_.max_target_bytes + kMaxMethodBytes + sizeof(" HTTP/1.1\r");
    }

    std::string head_refusal_message(int status) const {
        switch (status) {
            case 400:
                return "this is not an HTTP request the server can read";
            case 414:
                return fmt::format("request URL longer than {} bytes", limits_.max_target_bytes);
            case 431:
                return fmt::format("request headers longer than {} bytes", limits_.max_head_bytes);
            default:
                return "request refused";
        }
    }

    void refuse_head(const beast::error_code& ec) {
        if (ec == http::error::header_limit) {
            const std::string_view head(static_cast<const char*>(buffer_.data().data()), buffer_.size());
            const bool long_url = head_consumed_bytes_ == 0 ? request_line_too_long(head)
                                                            : parser_->get().target().size() > limits_.max_target_bytes;
            const int status = long_url ? 414 : 431;
            return answer_error(status, head_refusal_message(status));
        }
        if (ec == http::error::body_limit)  // the Content-Length says more than the limit: not a byte is read
            return answer_error(413, fmt::format("request body too large: more than {} bytes", limits_.max_body_bytes));
        if (is_parse_error(ec)) return answer_error(400, "malformed HTTP request (" + ec.message() + ")");
        // anything else: the client has gone; the destructor closes the socket
    }

    void on_head() {
        const auto& head = parser_->get();
        const std::string_view target(head.target().data(), head.target().size());
        if (target.size() > limits_.max_target_bytes) return answer_error(414, head_refusal_message(414));
        auto parsed = parse_request_target(target);
        if (!parsed)
            return answer_error(400, "bad URL: a broken %-escape, bytes that are not UTF-8, or control characters");
        request_ = HttpRequest{};
        request_.method = std::string(head.method_string());
        request_.path = std::move(parsed->path);
        request_.params = std::move(parsed->params);
        for (const auto& field : head)
            request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        request_.remote_addr = client_;
        keep_alive_ = head.keep_alive();
        http_version_ = head.version();
        head_only_ = head.method() == http::verb::head;
        if (parser_->is_done()) return on_request();
        if (beast::iequals(head[http::field::expect], "100-continue")) return continue_then_read_body();
        read_body();
    }

    // A client that sent "Expect: 100-continue" waits for this before it sends the body.
    void continue_then_read_body() {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        stream_.expires_after(seconds(limits_.write_timeout_s));
        net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) self->read_body();
                         });
    }

    void read_body() {
        stream_.expires_after(seconds(limits_.body_timeout_s));
        http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec == http::error::body_limit || ec == http::error::buffer_overflow)
                return self->answer_error(
                    413, fmt::format("request body too large: more than {} bytes", self->limits_.max_body_bytes));
            if (is_parse_error(ec))
                return self->answer_error(400, "malformed HTTP request body (" + ec.message() + ")");
            if (ec) return;  // the client has gone, or the deadline passed
            self->request_.body = std::move(self->parser_->get().body());
            self->on_request();
        });
    }

    void on_request() {
        if (!shared_.is_slow || !shared_.is_slow(request_)) return send(answer(), keep_alive_);
        // To a worker, and the answer back to this connection's strand.
        net::post(*shared_.workers, [self = shared_from_this()] {
            net::post(self->stream_.get_executor(), [self, response = self->answer()]() mutable {
                self->send(std::move(response), self->keep_alive_);
            });
        });
    }

    HttpResponse answer() const {
        HttpResponse response;
        try {
            shared_.handler(request_, response);
        } catch (const std::exception& e) {
            spdlog::error("{} {}: {}", request_.method.substr(0, 16), request_.path.substr(0, 200), e.what());
            response = HttpResponse{};
            shared_.error_writer(response, 500, "internal error; the server log has the details");
        }
        return response;
    }

    void answer_error(int status, const std::string& message) {
        HttpResponse response;
        shared_.error_writer(response, status, message);
        if (status == 429 || status == 503) response.set_header("Retry-After", "1");
        send(std::move(response), false);
    }

    void send(HttpResponse response, bool keep_alive) {
        response_ = std::move(response);
        head_bytes_ = serialize_head(response_, keep_alive, http_version_, shared_.default_headers);
        const bool with_body =
            !head_only_ && response_.status >= 200 && response_.status != 204 && response_.status != 304;
        const std::string_view body = with_body ? response_.body_bytes() : std::string_view();
        const std::array<net::const_buffer, 2> buffers{net::buffer(head_bytes_), net::buffer(body.data(), body.size())};
        stream_.expires_after(seconds(limits_.write_timeout_s));
        net::async_write(stream_, buffers, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (keep_alive) return self->read_head();
            self->close_gracefully();
        });
    }

    // No more sending; then read and throw away what the client still sends (the rest of a refused body) for at
    // most kLingerTime or kLingerBytes, so that closing with unread bytes does not reset the connection before
    // the client has read the answer.
    void close_gracefully() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return;
        stream_.expires_after(kLingerTime);
        discard();
    }

    void discard() {
        stream_.async_read_some(net::buffer(discard_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->discarded_bytes_ += n;
                                    if (ec || self->discarded_bytes_ >= kLingerBytes)
                                        return;  // the destructor closes the socket
                                    self->discard();
                                });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Shared& shared_;
    const HttpLimits& limits_;
    const std::string client_;
    const bool counted_;
    HttpRequest request_;
    HttpResponse response_;
    std::string head_bytes_;
    std::size_t head_consumed_bytes_ = 0;  // of this request's head, taken by the parser
    bool keep_alive_ = false, head_only_ = false;
    unsigned http_version_ = 11;
    std::array<char, 4096> discard_{};
    std::size_t discarded_bytes_ = 0;
};

}  // namespace

// ---- the server --------------------------------------------------------------------------------------------

struct HttpServer::Impl {
    // Declared before the io_context: connections still queued in it when it is destroyed release their count here.
    Shared shared;
    net::io_context io;
    net::thread_pool workers;
    tcp::acceptor acceptor{io};
    net::steady_timer accept_retry{io};
    std::atomic<bool> running{false};

    explicit Impl(std::size_t worker_threads) : workers(worker_threads) {}

    void accept() {
        acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted) return;
            if (ec) {
                // Out of file descriptors, typically: wait a moment instead of spinning on the error.
                spdlog::warn("accepting a connection failed: {}", ec.message());
                accept_retry.expires_after(std::chrono::milliseconds(50));
                accept_retry.async_wait([this](beast::error_code e) {
                    if (!e) accept();
                });
                return;
            }
            admit(std::move(socket));
            accept();
        });
    }

    void admit(tcp::socket socket) {
        beast::error_code ec;
        const tcp::endpoint peer = socket.remote_endpoint(ec);
        if (ec) return;  // gone already
        // Headers and body go out in one write, but a small answer should not wait for the client's delayed ACK.
        socket.set_option(tcp::no_delay(true), ec);
        std::string client = peer.address().to_string();
        using Admission = ConnectionCounter::Admission;
        switch (shared.counter.admit(client, shared.limits.connections_per_client, shared.limits.max_connections)) {
            case Admission::admitted:
                std::make_shared<Connection>(std::move(socket), shared, std::move(client), true)->serve();
                break;
            case Admission::client_full:
                std::make_shared<Connection>(std::move(socket), shared, std::move(client), false)
                    ->refuse(429, fmt::format("more than {} open connections from this address; close some first",
                                              shared.limits.connections_per_client));
                break;
            case Admission::server_full:
                std::make_shared<Connection>(std::move(socket), shared, std::move(client), false)
                    ->refuse(503, "the server has too many open connections; try again in a moment");
                break;
        }
    }

    // Each connection holds a file descriptor, and Debian's default soft limit (1024) can be below
    // max_connections: raise it as far as the hard limit allows, else serve fewer connections at once.
    void fit_open_file_limit() {
        constexpr rlim_t kSpare = 128;  // raster files, the listening socket, refusals in flight, logs
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
        const rlim_t wanted = static_cast<rlim_t>(shared.limits.max_connections) + kSpare;
        if (limit.rlim_cur < wanted) {
            rlimit raised = limit;
            raised.rlim_cur = std::min(wanted, limit.rlim_max);
            if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
        }
        if (limit.rlim_cur < wanted) {
            const std::size_t fits = limit.rlim_cur > 2 * kSpare ? limit.rlim_cur - kSpare : limit.rlim_cur / 2;
            spdlog::warn("open-file limit {} allows {} connections, not max_connections = {}; raise `ulimit -n`",
                         limit.rlim_cur, fits, shared.limits.max_connections);
            shared.limits.max_connections = fits;
        }
    }

    void run_io() {
        for (;;) {
            try {
                io.run();
                return;
            } catch (const std::exception& e) {  // keep serving: one bad request must not take the server down
                spdlog::error("server thread: {}", e.what());
            }
        }
    }
};

HttpServer::HttpServer(HttpLimits limits, Handler handler, ErrorWriter error_writer, HttpHeaders default_headers,
                       SlowRequest is_slow)
    : impl_(std::make_unique<Impl>(static_cast<std::size_t>(std::max(limits.worker_threads, 1)))) {
    if (limits.event_threads <= 0)
        limits.event_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    impl_->shared.limits = limits;
    impl_->shared.handler = std::move(handler);
    impl_->shared.error_writer = std::move(error_writer);
    impl_->shared.default_headers = std::move(default_headers);
    impl_->shared.is_slow = std::move(is_slow);
    impl_->shared.workers = &impl_->workers;
}

HttpServer::~HttpServer() {
    // Workers first: a finishing one posts its answer to the event loop, which must still exist.
    impl_->workers.stop();
    impl_->workers.join();
    impl_->io.stop();
}

int HttpServer::bind(const std::string& host, int port) {
    Impl& s = *impl_;
    beast::error_code ec;
    tcp::resolver resolver(s.io);
    const auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || endpoints.empty())
        throw InputError(fmt::format("cannot listen on {}: not an address or host name of this machine", host));
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    s.acceptor.open(endpoint.protocol(), ec);
    if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(endpoint, ec);
    if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        beast::error_code ignored;
        s.acceptor.close(ignored);
        throw InputError(fmt::format("cannot listen on {}:{}: {}", host, port, ec.message()));
    }
    s.fit_open_file_limit();
    return s.acceptor.local_endpoint().port();
}

void HttpServer::run() {
    Impl& s = *impl_;
    if (!s.acceptor.is_open()) throw InputError("HttpServer::run: call bind() first");
    s.accept();
    s.running = true;
    std::vector<std::thread> threads;
    for (int i = 1; i < s.shared.limits.event_threads; ++i) threads.emplace_back([&s] { s.run_io(); });
    s.run_io();
    for (std::thread& t : threads) t.join();
    s.running = false;
}

void HttpServer::stop() {
    impl_->io.stop();
    impl_->workers.stop();
}
bool HttpServer::is_running() const { return impl_->running; }
std::size_t HttpServer::open_connections() const { return impl_->shared.counter.open(); }

}  // namespace wn::server
