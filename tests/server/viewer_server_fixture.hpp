// A viewer server over the fixture results (server_test_support.hpp) on 127.0.0.1:<any free port>, run in a
// thread, and an httplib client for it: shared by the API tests and the hostile-input tests.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server_test_support.hpp"
#include "waternet/server/auth.hpp"
#include "waternet/server/viewer_server.hpp"

namespace wn::server::testing {

inline constexpr const char* kPassword = "regenton-200L";

class ViewerServerFixture : public ::testing::Test {
protected:
    // The shipped defaults with few threads: the tests send a handful of requests at a time.
    static ServerConfig test_config() {
        ServerConfig config;
        config.threads = 4;
        return config;
    }

    // Writes the fixture results (and a one-file front end), starts the server with `config` on an ephemeral
    // loopback port and waits until it accepts connections.
    void start(ServerConfig config = test_config()) {
        results_ = write_results_fixture(tmp_.path() / "out");
        write_text(tmp_.path() / "web/index.html", "<!doctype html><title>Waternet</title>");
        start_on(config);
    }

    // start() on the results and front end already in tmp_ (a test may change them first).
    void start_on(ServerConfig config) {
        catalogue_ = std::make_unique<Catalogue>(Catalogue::load(results_));
        config.host = "127.0.0.1";
        config.port = 0;
        // "enschede" sees its own municipality; a test may add other users (and scopes) before.
        config.password_hash_of_user.emplace("enschede", hash_password(kPassword, 1000));
        config.scope_of_user.emplace("enschede", PartnerScope{.partner_ids = {"GM0153"}, .where = "test config"});
        server_ = std::make_unique<ViewerServer>(*catalogue_, config, StaticFiles::load(tmp_.path() / "web"));
        port_ = server_->bind();
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    }

    void TearDown() override {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    nlohmann::json get_json(const std::string& path, int expected_status = 200, const httplib::Headers& headers = {}) {
        auto res = client_->Get(path.c_str(), headers);
        EXPECT_TRUE(res) << path;
        if (!res) return {};
        EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
        EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
        return nlohmann::json::parse(res->body);
    }

    // Logs in and returns the Cookie header to send.
    httplib::Headers login(const std::string& user = "enschede") {
        auto res = client_->Post("/api/login", nlohmann::json{{"user", user}, {"password", kPassword}}.dump(),
                                 "application/json");
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 200) << res->body;
        const std::string cookie = res->get_header_value("Set-Cookie");
        EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
        return {{"Cookie", cookie.substr(0, cookie.find(';'))}};
    }

    TempDir tmp_;
    fs::path results_;
    std::unique_ptr<Catalogue> catalogue_;
    std::unique_ptr<ViewerServer> server_;
    std::thread thread_;
    int port_ = 0;
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace wn::server::testing
