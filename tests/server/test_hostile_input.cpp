// The viewer server against hostile clients and malformed requests, over raw sockets on loopback: slow clients
// (slowloris) must not starve fresh requests; every malformed request gets a prompt 4xx that tells nothing about
// the server's insides; no URL reaches a file outside the server's folders.
//
// Several client addresses are played from one machine by binding the client socket to 127.0.0.2, 127.0.0.3, …
// (Linux routes all of 127.0.0.0/8 to the loopback interface), so the per-address limits can be told apart.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <iostream>
#include <thread>

#include "viewer_server_fixture.hpp"
#include "waternet/server/http_server.hpp"

namespace wn::server {
namespace {

using namespace testing;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// A plain TCP connection to the server from a chosen loopback address.
class RawConnection {
public:
    RawConnection(int port, const char* from = "127.0.0.1") {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &local.sin_addr);
        sockaddr_in server{};
        server.sin_family = AF_INET;
        server.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        connected_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                     ::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
    }
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return connected_; }

    // False when the server has closed the connection (or reset it).
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // What the server sends within timeout_s: one whole response (head and Content-Length bytes of body), or
    // everything up to the server's close. Empty when nothing came.
    std::string read_response(double timeout_s) {
        std::string in;
        const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
        while (!response_complete(in)) {
            const int wait_ms =
                static_cast<int>(std::chrono::duration<double, std::milli>(deadline - Clock::now()).count());
            if (wait_ms <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, wait_ms) <= 0) break;
            char buf[65536];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;  // closed or reset
            in.append(buf, static_cast<std::size_t>(n));
        }
        return in;
    }

    // Everything the server sends until it closes the connection, or until timeout_s.
    std::string read_until_closed(double timeout_s) {
        std::string in;
        const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
        for (;;) {
            const int wait_ms =
                static_cast<int>(std::chrono::duration<double, std::milli>(deadline - Clock::now()).count());
            pollfd p{fd_, POLLIN, 0};
            if (wait_ms <= 0 || ::poll(&p, 1, wait_ms) <= 0) return in;
            char buf[65536];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return in;
            in.append(buf, static_cast<std::size_t>(n));
        }
    }

    // Whether the server closes the connection within timeout_s (what it sends first is ignored).
    bool closed_by_server_within(double timeout_s) {
        const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
        while (Clock::now() < deadline) {
            const int wait_ms =
                static_cast<int>(std::chrono::duration<double, std::milli>(deadline - Clock::now()).count());
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, std::max(wait_ms, 1)) <= 0) continue;
            char buf[4096];
            if (::recv(fd_, buf, sizeof buf, 0) <= 0) return true;
        }
        return false;
    }

private:
    static bool response_complete(const std::string& in) {
        const auto head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos) return false;
        std::string head = in.substr(0, head_end);
        std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
        const auto at = head.find("\r\ncontent-length:");
        const std::size_t body = at == std::string::npos ? 0 : std::stoul(head.substr(at + 17));
        return in.size() >= head_end + 4 + body;
    }

    int fd_ = -1;
    bool connected_ = false;
};

// The status of an HTTP response ("HTTP/1.1 404 Not Found" → 404); 0 when there is none.
int status_of(const std::string& response) {
    if (response.size() < 12 || !response.starts_with("HTTP/1.")) return 0;
    return std::atoi(response.substr(9, 3).c_str());
}

std::string body_of(const std::string& response) {
    const auto head_end = response.find("\r\n\r\n");
    return head_end == std::string::npos ? std::string() : response.substr(head_end + 4);
}

class HostileClients : public ViewerServerFixture {
protected:
    // Sends one request on a fresh connection; the response and how long it took.
    struct Answer {
        std::string response;
        double seconds;
    };
    Answer ask(const std::string& request, const char* from = "127.0.0.1", double timeout_s = 2.0) {
        RawConnection c(port_, from);
        EXPECT_TRUE(c.connected());
        const auto t0 = Clock::now();
        c.send(request);
        std::string response = c.read_response(timeout_s);
        return {std::move(response), seconds_since(t0)};
    }

    // Nothing about the server's insides in an answer: no exception text, no file system paths.
    void expect_no_internals(const std::string& response, const std::string& what) {
        for (const std::string& tell : {std::string("EXCEPTION_WHAT"), std::string("exception"), std::string("what()"),
                                        std::string("std::"), std::string("basic_string"), tmp_.path().string()})
            EXPECT_EQ(response.find(tell), std::string::npos) << what << " tells \"" << tell << "\":\n" << response;
    }
};

// ---- slow clients ------------------------------------------------------------------------------------------

// The tester's attack: 40 connections (more than the 32 threads of the shipped configuration) each sending one
// header line a second and never finishing their request. Six fresh requests from another client must still be
// answered, each within a second.
TEST_F(HostileClients, SlowClientsDoNotStarveFreshRequests) {
    ServerConfig config = test_config();
    config.threads = ServerConfig{}.threads;
    start(config);
    constexpr int kSlowClients = 40;
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < kSlowClients; ++i) {
        slow.push_back(std::make_unique<RawConnection>(port_, "127.0.0.2"));
        ASSERT_TRUE(slow.back()->connected());
        slow.back()->send("GET /api/health HTTP/1.1\r\nHost: waternet\r\n");
    }
    std::atomic<bool> done{false};
    std::thread feeder([&] {
        while (!done) {
            for (auto& c : slow) c->send("X-Slow: 1\r\n");
            for (int i = 0; i < 20 && !done; ++i) std::this_thread::sleep_for(50ms);
        }
    });
    std::this_thread::sleep_for(1200ms);  // the slow clients have been accepted and are trickling

    int answered = 0;
    double worst_s = 0;
    for (int i = 0; i < 6; ++i) {
        const Answer a =
            ask("GET /api/health HTTP/1.1\r\nHost: waternet\r\nConnection: close\r\n\r\n", "127.0.0.1", 1.0);
        if (status_of(a.response) == 200) ++answered;
        worst_s = std::max(worst_s, a.seconds);
    }
    done = true;
    feeder.join();
    // The slow clients were not simply thrown out: they are still connected, within their head deadline.
    const auto still_open =
        std::count_if(slow.begin(), slow.end(), [](auto& c) { return !c->closed_by_server_within(0.001); });
    std::cout << fmt::format(
        "[ figures  ] {} slow clients ({} still open): {} of 6 fresh requests answered, slowest {:.1f} ms\n",
        kSlowClients, still_open, answered, worst_s * 1000);
    EXPECT_EQ(answered, 6);
    EXPECT_LT(worst_s, 1.0);
    EXPECT_EQ(still_open, kSlowClients);
}

// The head has one deadline, not a timeout per read: a client that trickles a header line every 0.2 s is cut off
// when the deadline passes, although no single read ever waits long.
TEST_F(HostileClients, AHeadThatNeverEndsIsCutAtTheDeadline) {
    ServerConfig config = test_config();
    config.request_head_timeout_s = 1.5;
    start(config);
    RawConnection slow(port_, "127.0.0.2");
    ASSERT_TRUE(slow.connected());
    const auto t0 = Clock::now();
    slow.send("GET /api/health HTTP/1.1\r\nHost: waternet\r\n");
    double closed_after_s = -1;
    while (seconds_since(t0) < 4.0) {
        if (!slow.send("X-Slow: 1\r\n") || slow.closed_by_server_within(0.2)) {
            closed_after_s = seconds_since(t0);
            break;
        }
    }
    std::cout << fmt::format("[ figures  ] trickling head closed after {:.2f} s (deadline 1.5 s)\n", closed_after_s);
    EXPECT_GT(closed_after_s, 1.3);
    EXPECT_LT(closed_after_s, 2.5);
    // A client that sends its head in time is served as usual.
    EXPECT_EQ(status_of(ask("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n").response), 200);
}

// Opens a connection from `from` and completes one kept-alive request on it, so the server has certainly
// admitted it when this returns.
std::unique_ptr<RawConnection> held_connection(int port, const char* from) {
    auto c = std::make_unique<RawConnection>(port, from);
    c->send("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n");
    EXPECT_EQ(status_of(c->read_response(1.0)), 200) << from;
    return c;
}

TEST_F(HostileClients, OpenConnectionsPerAddressAreCapped) {
    ServerConfig config = test_config();
    config.connections_per_client = 4;
    start(config);
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 4; ++i) held.push_back(held_connection(port_, "127.0.0.3"));
    const Answer fifth = ask("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n", "127.0.0.3");
    EXPECT_EQ(status_of(fifth.response), 429) << fifth.response;
    EXPECT_NE(fifth.response.find("Retry-After: 1"), std::string::npos);
    EXPECT_LT(fifth.seconds, 1.0);
    // Other addresses are not affected; and once one of the four closes, the address may connect again.
    EXPECT_EQ(status_of(ask("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n").response), 200);
    held.pop_back();
    int status = 0;
    for (int attempt = 0; attempt < 20 && status != 200; ++attempt) {
        std::this_thread::sleep_for(50ms);  // the server notices the close
        status = status_of(ask("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n", "127.0.0.3").response);
    }
    EXPECT_EQ(status, 200);
}

TEST_F(HostileClients, OpenConnectionsInAllAreCapped) {
    ServerConfig config = test_config();
    config.max_connections = 16;
    start(config);
    std::vector<std::string> addresses;
    for (int i = 0; i < 16; ++i) addresses.push_back(fmt::format("127.0.1.{}", i + 1));
    std::vector<std::unique_ptr<RawConnection>> held;
    for (const std::string& a : addresses) held.push_back(held_connection(port_, a.c_str()));
    const Answer more = ask("GET /api/health HTTP/1.1\r\nHost: w\r\n\r\n", "127.0.2.1");
    EXPECT_EQ(status_of(more.response), 503) << more.response;
    EXPECT_LT(more.seconds, 1.0);
}

// ---- malformed requests --------------------------------------------------------------------------------------

struct Probe {
    const char* what;
    std::string request;
    int expected_status;
};

std::string post_login_with(const std::string& headers) {
    return "POST /api/login HTTP/1.1\r\nHost: waternet\r\nContent-Type: application/json\r\n" + headers + "\r\n";
}

TEST_F(HostileClients, MalformedRequestsGetAPrompt4xxWithoutInternals) {
    start();
    const std::vector<Probe> probes = {
        {"invalid UTF-8 in the path", "GET /%C3%28 HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"invalid UTF-8 in a layer id", "GET /tiles/%FF%FE/1/1/1.png HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"raw byte 0xFF in the path", "GET /\xff\xfe HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"invalid UTF-8 in a parameter", "GET /api/point?x=%FF&y=1 HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"truncated UTF-8 in a search", "GET /api/places?q=%C3 HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"%00 in the path", "GET /index.html%00.png HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"%00 in a parameter", "GET /api/places?q=a%00b HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"a broken escape", "GET /%zz HTTP/1.1\r\nHost: w\r\n\r\n", 400},
        {"a path of 10 KiB", "GET /" + std::string(10 * 1024, 'a') + " HTTP/1.1\r\nHost: w\r\n\r\n", 414},
        {"a path of 100 KiB", "GET /" + std::string(100 * 1024, 'a') + " HTTP/1.1\r\nHost: w\r\n\r\n", 414},
        {"Content-Length 1e12", post_login_with("Content-Length: 1e12\r\n"), 400},
        {"Content-Length 10^12", post_login_with("Content-Length: 1000000000000\r\n"), 413},
        {"Content-Length beyond 64 bits", post_login_with("Content-Length: 99999999999999999999999\r\n"), 400},
        {"negative Content-Length", post_login_with("Content-Length: -5\r\n"), 400},
        {"garbage Content-Length", post_login_with("Content-Length: abc\r\n"), 400},
        {"two Content-Lengths", post_login_with("Content-Length: 2\r\nContent-Length: 3\r\n"), 400},
        {"a chunk of 2^64", post_login_with("Transfer-Encoding: chunked\r\n") + "fffffffffffffffffffff\r\n", 400},
        {"one chunk over the body limit", post_login_with("Transfer-Encoding: chunked\r\n") + "100000\r\n", 413},
    };
    for (const Probe& p : probes) {
        const Answer a = ask(p.request);
        EXPECT_EQ(status_of(a.response), p.expected_status) << p.what << ":\n" << a.response.substr(0, 500);
        EXPECT_LT(a.seconds, 1.0) << p.what;
        expect_no_internals(a.response, p.what);
        if (status_of(a.response) >= 400) {
            const auto body = nlohmann::json::parse(body_of(a.response), nullptr, false);
            EXPECT_TRUE(body.is_object() && body.contains("error")) << p.what << ": " << body_of(a.response);
        }
    }
}

// A 200 MiB chunked login body, sent in 1 KiB chunks as fast as loopback takes them: refused with 413 once the
// body limit is passed, and the connection closed, long before 200 MiB have gone.
TEST_F(HostileClients, AnOversizedChunkedBodyIsRefusedEarly) {
    start();
    RawConnection c(port_);
    ASSERT_TRUE(c.connected());
    const auto t0 = Clock::now();
    ASSERT_TRUE(c.send(post_login_with("Transfer-Encoding: chunked\r\n")));
    std::atomic<std::size_t> sent_bytes{0};
    std::thread sender([&] {
        const std::string chunk = "400\r\n" + std::string(1024, 'x') + "\r\n";
        while (sent_bytes < (200u << 20) && c.send(chunk)) sent_bytes += 1024;
    });
    const std::string response = c.read_response(1.0);
    const double refused_after_s = seconds_since(t0);
    const bool closed = c.closed_by_server_within(3.0);
    sender.join();
    std::cout << fmt::format(
        "[ figures  ] chunked body refused after {:.0f} ms; client got {} MiB out before the close\n",
        refused_after_s * 1000, sent_bytes / double(1 << 20));
    EXPECT_EQ(status_of(response), 413) << response;
    EXPECT_LT(refused_after_s, 1.0);
    EXPECT_TRUE(closed);
    EXPECT_LT(sent_bytes, 32u << 20);
    expect_no_internals(response, "chunked body");
}

// ---- keep-alive, HEAD, 100-continue ---------------------------------------------------------------------------

// Two requests sent at once on one connection (pipelined): a GET and a HEAD, answered in order; the HEAD's
// answer is the GET's head (same Content-Length) without a body.
TEST_F(HostileClients, PipelinedRequestsAndHeadAreAnsweredInOrder) {
    start();
    RawConnection c(port_);
    c.send(
        "GET /api/health HTTP/1.1\r\nHost: w\r\n\r\nHEAD /api/health HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n");
    const std::string both = c.read_until_closed(2.0);
    const auto first_head_end = both.find("\r\n\r\n");
    ASSERT_NE(first_head_end, std::string::npos) << both;
    const std::string first_head = both.substr(0, first_head_end);
    const auto length_at = first_head.find("Content-Length: ");
    ASSERT_NE(length_at, std::string::npos);
    const std::size_t length = std::stoul(first_head.substr(length_at + 16));
    EXPECT_EQ(both.substr(first_head_end + 4, length), R"({"ok":true})");
    const std::string second = both.substr(first_head_end + 4 + length);
    EXPECT_EQ(status_of(second), 200) << second;
    EXPECT_NE(second.find(fmt::format("Content-Length: {}\r\n", length)), std::string::npos) << second;
    EXPECT_NE(second.find("Connection: close\r\n"), std::string::npos) << second;
    EXPECT_TRUE(second.ends_with("\r\n\r\n")) << "a HEAD answer has no body: " << second;
}

TEST_F(HostileClients, AClientThatExpects100ContinueGetsItBeforeSendingTheBody) {
    start();
    const std::string body = nlohmann::json{{"user", "enschede"}, {"password", kPassword}}.dump();
    RawConnection c(port_);
    c.send(post_login_with(fmt::format("Expect: 100-continue\r\nContent-Length: {}\r\n", body.size())));
    EXPECT_EQ(c.read_response(1.0), "HTTP/1.1 100 Continue\r\n\r\n");
    c.send(body);
    const std::string answer = c.read_response(2.0);
    EXPECT_EQ(status_of(answer), 200) << answer;
    EXPECT_NE(answer.find("Set-Cookie: wn_session="), std::string::npos);
}

// ---- no file outside the server's folders -------------------------------------------------------------------

// Symlinks that lead out of the front end's folder and out of the results folder, and every spelling of "../"
// and of an absolute path: nothing outside is ever served, and no answer names a file of the server.
TEST_F(HostileClients, NoUrlReachesAFileOutsideTheServersFolders) {
    results_ = write_results_fixture(tmp_.path() / "out");
    write_text(tmp_.path() / "web/index.html", "<!doctype html><title>Waternet</title>");
    write_text(tmp_.path() / "secret.txt", "TOPSECRET file");
    write_text(tmp_.path() / "outside/secret.js", "TOPSECRET script");
    write_text(tmp_.path() / "secret_report.html", "TOPSECRET report");
    fs::create_symlink(tmp_.path() / "secret.txt", tmp_.path() / "web/leak.txt");
    fs::create_directory_symlink(tmp_.path() / "outside", tmp_.path() / "web/linked");
    start_on(test_config());
    // The report the manifest lists is swapped for a symlink out of the results after the server has started
    // (at start it would have been refused).
    fs::remove(results_ / "reports/GM0153.html");
    fs::create_symlink(tmp_.path() / "secret_report.html", results_ / "reports/GM0153.html");
    const std::string cookie = login().begin()->second;

    const std::vector<std::pair<std::string, int>> targets = {
        {"/leak.txt", 404},                             // symlinked file in the front end
        {"/linked/secret.js", 404},                     // symlinked folder in the front end
        {"/partner/reports/reports/GM0153.html", 404},  // listed report, symlinked out of the results
        {"/../secret.txt", 400},
        {"/%2e%2e/secret.txt", 400},
        {"/%2E%2E%2Fsecret.txt", 400},  // an encoded '/' is a '/' like any other
        {"/..%2fsecret.txt", 400},
        {"/%5c..%5csecret.txt", 400},       // backslashes
        {"/%C0%AE%C0%AE/secret.txt", 400},  // overlong UTF-8 for '.', refused as not UTF-8
        {"/partner/reports/..%2F..%2Fsecret.txt", 400},
        {"/partner/reports/%2Fetc%2Fpasswd", 400},  // an absolute path after the prefix
        {"//etc/passwd", 400},
        {"/partner/reports/%252e%252e/stresstest.json", 404},  // decoded once only: "%2e%2e" is no report
        {"/tiles/..%2F..%2Fstresstest.json/10/1/1.png", 400},
        {"http://127.0.0.1/../secret.txt", 400},  // absolute-form target
    };
    for (const auto& [target, expected] : targets) {
        const Answer a = ask(fmt::format("GET {} HTTP/1.1\r\nHost: w\r\nCookie: {}\r\n\r\n", target, cookie));
        EXPECT_EQ(status_of(a.response), expected) << target << ":\n" << a.response;
        EXPECT_EQ(a.response.find("TOPSECRET"), std::string::npos) << target;
        expect_no_internals(a.response, target);
    }
}

// ---- the transport on its own ------------------------------------------------------------------------------

// The handler sees the decoded request; what an exception from it says stays in the server.
TEST(HttpServer, DecodesTheTargetAndHidesWhatAHandlerThrows) {
    HttpRequest seen;
    HttpServer server(
        HttpLimits{},
        [&](const HttpRequest& req, HttpResponse& res) {
            seen = req;
            if (req.path == "/throw") throw std::runtime_error("secret detail: /srv/waternet/private.key");
            res.set_content("fine", "text/plain");
        },
        [](HttpResponse& res, int status, const std::string& message) {
            res.status = status;
            res.set_content(message, "text/plain");
        },
        {{"X-Test", "1"}});
    const int port = server.bind("127.0.0.1", 0);
    std::thread runner([&] { server.run(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);

    RawConnection c(port);
    c.send("GET /a%20b/%C3%A9?x=1+2&y=%26&flag HTTP/1.1\r\nHost: w\r\nX-Name: v\r\n\r\n");
    const std::string ok = c.read_response(1.0);
    EXPECT_EQ(status_of(ok), 200) << ok;
    EXPECT_NE(ok.find("X-Test: 1\r\n"), std::string::npos);
    EXPECT_EQ(body_of(ok), "fine");
    EXPECT_EQ(seen.method, "GET");
    EXPECT_EQ(seen.path, "/a b/\xC3\xA9");
    EXPECT_EQ(seen.get_param_value("x"), "1 2");
    EXPECT_EQ(seen.get_param_value("y"), "&");
    EXPECT_TRUE(seen.has_param("flag"));
    EXPECT_FALSE(seen.has_param("z"));
    EXPECT_EQ(seen.get_header_value("x-name"), "v");
    EXPECT_EQ(seen.remote_addr, "127.0.0.1");

    c.send("GET /throw HTTP/1.1\r\nHost: w\r\n\r\n");  // same connection, kept alive
    const std::string failed = c.read_response(1.0);
    EXPECT_EQ(status_of(failed), 500) << failed;
    EXPECT_EQ(failed.find("secret"), std::string::npos) << failed;
    EXPECT_EQ(server.open_connections(), 1u);
    server.stop();
    runner.join();
    EXPECT_FALSE(server.is_running());
}

// A slow request (a login hashing its password) runs on a worker: with a single event-loop thread, quick requests
// are still answered while it runs.
TEST(HttpServer, SlowRequestsDoNotHoldUpTheEventLoop) {
    HttpLimits limits;
    limits.event_threads = 1;
    limits.worker_threads = 2;
    HttpServer server(
        limits,
        [](const HttpRequest& req, HttpResponse& res) {
            if (req.path == "/slow") std::this_thread::sleep_for(1500ms);
            res.set_content("done", "text/plain");
        },
        [](HttpResponse& res, int status, const std::string& message) {
            res.status = status;
            res.set_content(message, "text/plain");
        },
        {}, [](const HttpRequest& req) { return req.path == "/slow"; });
    const int port = server.bind("127.0.0.1", 0);
    std::thread runner([&] { server.run(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);

    RawConnection slow(port);
    slow.send("GET /slow HTTP/1.1\r\nHost: w\r\n\r\n");
    std::this_thread::sleep_for(100ms);  // the slow request is running
    RawConnection quick(port);
    const auto t0 = Clock::now();
    quick.send("GET /quick HTTP/1.1\r\nHost: w\r\n\r\n");
    EXPECT_EQ(body_of(quick.read_response(2.0)), "done");
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_EQ(body_of(slow.read_response(3.0)), "done");
    server.stop();
    runner.join();
}

}  // namespace
}  // namespace wn::server
