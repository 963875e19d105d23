// A small HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for the fetch tests: it serves bytes the test made and
// misbehaves when told to, one misbehaviour per request, so that every failure mode of a real service can be
// played without the internet. Blocking Boost.Asio, one thread per connection, "Connection: close" on every answer.
// Like a file server it sends an ETag and honours "Range: bytes=N-" with "If-Range" (206 with the rest); with
// ranges off it ignores Range and sends the whole file (200).
#pragma once

#include <boost/asio.hpp>

#include <cctype>
#include <chrono>
#include <deque>
#include <functional>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace wn::test {

class TestHttpServer {
public:
    enum class Misbehave {
        truncate,   // announces the whole Content-Length, sends half the body, closes
        corrupt,    // the whole length, but the first 4 bytes replaced ("XXXX"): the format's signature is gone
        error_500,  // 500 Internal Server Error
        slow,       // waits slow_s before answering (beyond the client's time-out)
    };

    TestHttpServer() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        port_ = acceptor_.local_endpoint().port();
        accept_thread_ = std::thread([this] { accept_loop(); });
    }
    ~TestHttpServer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        // A blocked accept() is not woken by close() on every platform: connect once to release it.
        try {
            boost::asio::io_context io;
            boost::asio::ip::tcp::socket s(io);
            s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)}, ignored);
        } catch (...) {}
        accept_thread_.join();
        for (auto& t : connection_threads_) t.join();
    }
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& target) const { return "http://127.0.0.1:" + std::to_string(port_) + target; }

    // target: path and query exactly as the client sends them.
    void serve(const std::string& target, std::string body) {
        std::lock_guard lock(mutex_);
        bodies_[target] = std::move(body);
    }
    // The next requests of `target` misbehave in this order; later ones are answered properly.
    void misbehave(const std::string& target, std::vector<Misbehave> next) {
        std::lock_guard lock(mutex_);
        for (Misbehave m : next) misbehaviour_[target].push_back(m);
    }
    int requests(const std::string& target) const {
        std::lock_guard lock(mutex_);
        const auto it = requests_.find(target);
        return it == requests_.end() ? 0 : it->second;
    }
    int total_requests() const {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& [target, count] : requests_) n += count;
        return n;
    }
    double slow_s = 2.5;
    bool ranges = true;

    // Bytes of bodies sent in all, and the Range starts asked for (-1: no Range header), per target.
    std::size_t body_bytes_sent() const {
        std::lock_guard lock(mutex_);
        return body_bytes_sent_;
    }
    std::vector<long> range_starts(const std::string& target) const {
        std::lock_guard lock(mutex_);
        const auto it = range_starts_.find(target);
        return it == range_starts_.end() ? std::vector<long>{} : it->second;
    }

    // A port on 127.0.0.1 where nothing listens (bound, then released): connecting is refused.
    static int closed_port() {
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        const int port = a.local_endpoint().port();
        a.close();
        return port;
    }

private:
    void accept_loop() {
        for (;;) {
            boost::asio::ip::tcp::socket socket(io_);
            boost::system::error_code ec;
            acceptor_.accept(socket, ec);
            std::lock_guard lock(mutex_);
            if (stopping_ || ec) return;
            connection_threads_.emplace_back([this, s = std::move(socket)]() mutable { answer(std::move(s)); });
        }
    }

    void answer(boost::asio::ip::tcp::socket socket) {
        boost::system::error_code ec;
        boost::asio::streambuf head;
        boost::asio::read_until(socket, head, "\r\n\r\n", ec);
        if (ec) return;
        std::istream in(&head);
        std::string method, target, line;
        in >> method >> target;
        std::getline(in, line);  // the rest of the request line
        long range_start = -1;
        std::string if_range;
        while (std::getline(in, line) && line != "\r") {
            const std::string lower = [&] {
                std::string l = line;
                for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                return l;
            }();
            if (lower.rfind("range: bytes=", 0) == 0) range_start = std::stol(line.substr(13));
            if (lower.rfind("if-range: ", 0) == 0) if_range = line.substr(10, line.find('\r') - 10);
        }
        std::string body;
        bool found = false;
        std::optional<Misbehave> misbehaviour;
        {
            std::lock_guard lock(mutex_);
            ++requests_[target];
            range_starts_[target].push_back(range_start);
            if (auto it = bodies_.find(target); it != bodies_.end()) body = it->second, found = true;
            if (auto it = misbehaviour_.find(target); it != misbehaviour_.end() && !it->second.empty()) {
                misbehaviour = it->second.front();
                it->second.pop_front();
            }
        }
        std::string status = "200 OK";
        std::string sent = body;
        std::size_t length = body.size();
        const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
        std::string extra_headers = found ? "ETag: " + etag + "\r\n" : "";
        if (found && ranges && range_start > 0 && if_range == etag &&
            static_cast<std::size_t>(range_start) < body.size()) {
            status = "206 Partial Content";
            extra_headers += "Content-Range: bytes " + std::to_string(range_start) + "-" +
                             std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n";
            sent = body.substr(static_cast<std::size_t>(range_start));
            length = sent.size();
        }
        const std::string whole = sent;
        if (!found)
            status = "404 Not Found", sent = "not found", length = sent.size();
        else if (misbehaviour == Misbehave::error_500)
            status = "500 Internal Server Error", sent = "busy", length = sent.size();
        else if (misbehaviour == Misbehave::truncate)
            sent = whole.substr(0, whole.size() / 2);
        else if (misbehaviour == Misbehave::corrupt)
            sent.replace(0, std::min<std::size_t>(4, sent.size()), "XXXX");
        else if (misbehaviour == Misbehave::slow)
            std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(slow_s * 1000)));
        const std::string header = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(length) +
                                   "\r\nContent-Type: application/octet-stream\r\n" + extra_headers +
                                   "Connection: close\r\n\r\n";
        {
            std::lock_guard lock(mutex_);
            body_bytes_sent_ += sent.size();
        }
        boost::asio::write(socket, boost::asio::buffer(header), ec);
        if (!ec) boost::asio::write(socket, boost::asio::buffer(sent), ec);
        socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
        socket.close(ec);
    }

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    int port_ = 0;
    std::thread accept_thread_;
    std::vector<std::thread> connection_threads_;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    std::map<std::string, std::string> bodies_;
    std::map<std::string, std::deque<Misbehave>> misbehaviour_;
    std::map<std::string, int> requests_;
    std::map<std::string, std::vector<long>> range_starts_;
    std::size_t body_bytes_sent_ = 0;
};

}  // namespace wn::test
