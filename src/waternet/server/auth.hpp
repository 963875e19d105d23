// Partner logins: salted, slow password hashes in the server configuration and short-lived session tokens.
//
// Hash format (one line in the config, so an operator can paste it):
//     pbkdf2-sha256$<iterations>$<salt, base64>$<key, base64>
// PBKDF2-HMAC-SHA256 (RFC 8018) with a 16-byte random salt and a 32-byte key, by OpenSSL's libcrypto;
// 600,000 iterations by default, OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256 (Password Storage Cheat
// Sheet). Verification compares in constant time (CRYPTO_memcmp), so the time taken says nothing about how much
// of the key matched.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wn::server {

inline constexpr int kDefaultPbkdf2Iterations = 600'000;

// A new hash of `password` with a fresh random salt. InputError for an empty password or iterations < 1000.
std::string hash_password(std::string_view password, int iterations = kDefaultPbkdf2Iterations);

// Whether `password` matches the hash. InputError when `encoded` is not in the format above (a broken config,
// which should fail loudly at start-up rather than lock everyone out quietly).
bool verify_password(std::string_view password, std::string_view encoded);

// Checks the format only (for loading the config); InputError naming what is wrong.
void check_password_hash(std::string_view encoded, std::string_view user);

// Who may log in: user name → hash.
class Credentials {
public:
    Credentials() = default;
    explicit Credentials(std::map<std::string, std::string, std::less<>> hash_of_user);
    // The user name when name and password match; std::nullopt otherwise (also for an unknown user, after
    // spending the same time on a dummy hash, so a login does not reveal which user names exist).
    std::optional<std::string> authenticate(std::string_view user, std::string_view password) const;
    bool empty() const { return hash_of_user_.empty(); }

private:
    std::map<std::string, std::string, std::less<>> hash_of_user_;
    std::string dummy_hash_;
};

// Logged-in sessions: a random 256-bit token (hex) per login, valid for `lifetime` after the login.
class Sessions {
public:
    using Clock = std::chrono::steady_clock;
    explicit Sessions(Clock::duration lifetime = std::chrono::hours(8)) : lifetime_(lifetime) {}
    std::string create(const std::string& user, Clock::time_point now = Clock::now());
    // The user of a valid, unexpired token; expired tokens are forgotten.
    std::optional<std::string> user_of(std::string_view token, Clock::time_point now = Clock::now());
    void remove(std::string_view token);

private:
    struct Session {
        std::string user;
        Clock::time_point expires;
    };
    Clock::duration lifetime_;
    std::mutex mutex_;
    std::unordered_map<std::string, Session> sessions_;
};

}  // namespace wn::server
