#include "waternet/server/auth.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "waternet/core/error.hpp"

namespace wn::server {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;
constexpr int kMinIterations = 1000;

std::vector<unsigned char> random_bytes(std::size_t n) {
    std::vector<unsigned char> bytes(n);
    if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
    return bytes;
}

std::string base64(const std::vector<unsigned char>& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::vector<unsigned char> out(3 * text.size() / 4);
    const int n =
        EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t len = static_cast<std::size_t>(n);
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --len;  // EVP_DecodeBlock keeps padding
    out.resize(len);
    return out;
}

std::vector<unsigned char> pbkdf2(std::string_view password, const std::vector<unsigned char>& salt, int iterations,
                                  std::size_t key_bytes) {
    std::vector<unsigned char> key(key_bytes);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(key_bytes),
                          key.data()) != 1)
        throw std::runtime_error("OpenSSL PKCS5_PBKDF2_HMAC failed");
    return key;
}

struct ParsedHash {
    int iterations = 0;
    std::vector<unsigned char> salt, key;
};

ParsedHash parse_hash(std::string_view encoded, std::string_view user) {
    const auto fail = [&](std::string_view why) {
        return InputError(
            fmt::format("password hash of user \"{}\": {}; make one with `waternet serve --hash-password`", user, why));
    };
    std::array<std::string_view, 4> parts;
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t end = i < 3 ? encoded.find('$', start) : encoded.size();
        if (end == std::string_view::npos) throw fail("expected pbkdf2-sha256$ITERATIONS$SALT$KEY");
        parts[i] = encoded.substr(start, end - start);
        start = end + 1;
    }
    if (parts[0] != kScheme) throw fail(fmt::format("unknown scheme \"{}\" (only {} is supported)", parts[0], kScheme));
    ParsedHash h;
    try {
        std::size_t used = 0;
        h.iterations = std::stoi(std::string(parts[1]), &used);
        if (used != parts[1].size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
        throw fail("the iteration count is not a number");
    }
    if (h.iterations < kMinIterations) throw fail(fmt::format("fewer than {} iterations", kMinIterations));
    auto salt = unbase64(parts[2]);
    auto key = unbase64(parts[3]);
    if (!salt || salt->size() < 8) throw fail("the salt is not base64 of at least 8 bytes");
    if (!key || key->size() < 16) throw fail("the key is not base64 of at least 16 bytes");
    h.salt = std::move(*salt);
    h.key = std::move(*key);
    return h;
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
    if (password.empty()) throw InputError("the password is empty");
    if (iterations < kMinIterations)
        throw InputError(fmt::format("PBKDF2 needs at least {} iterations", kMinIterations));
    const auto salt = random_bytes(kSaltBytes);
    return fmt::format("{}${}${}${}", kScheme, iterations, base64(salt),
                       base64(pbkdf2(password, salt, iterations, kKeyBytes)));
}

void check_password_hash(std::string_view encoded, std::string_view user) { parse_hash(encoded, user); }

bool verify_password(std::string_view password, std::string_view encoded) {
    const ParsedHash h = parse_hash(encoded, "?");
    const auto key = pbkdf2(password, h.salt, h.iterations, h.key.size());
    return CRYPTO_memcmp(key.data(), h.key.data(), key.size()) == 0;
}

Credentials::Credentials(std::map<std::string, std::string, std::less<>> hash_of_user)
    : hash_of_user_(std::move(hash_of_user)) {
    int iterations = kMinIterations;
    for (const auto& [user, hash] : hash_of_user_) iterations = std::max(iterations, parse_hash(hash, user).iterations);
    dummy_hash_ = hash_password("dummy password for unknown users", iterations);
}

std::optional<std::string> Credentials::authenticate(std::string_view user, std::string_view password) const {
    const auto it = hash_of_user_.find(user);
    if (it == hash_of_user_.end()) {
        if (!dummy_hash_.empty()) verify_password(password, dummy_hash_);
        return std::nullopt;
    }
    if (!verify_password(password, it->second)) return std::nullopt;
    return it->first;
}

std::string Sessions::create(const std::string& user, Clock::time_point now) {
    const auto bytes = random_bytes(32);
    std::string token;
    for (unsigned char b : bytes) token += fmt::format("{:02x}", b);
    std::lock_guard lock(mutex_);
    // Forget expired sessions now and then, so the table cannot grow without bound.
    if (sessions_.size() > 1024) std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires <= now; });
    sessions_[token] = Session{user, now + lifetime_};
    return token;
}

std::optional<std::string> Sessions::user_of(std::string_view token, Clock::time_point now) {
    if (token.size() != 64) return std::nullopt;
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(std::string(token));
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires <= now) {
        sessions_.erase(it);
        return std::nullopt;
    }
    return it->second.user;
}

void Sessions::remove(std::string_view token) {
    std::lock_guard lock(mutex_);
    sessions_.erase(std::string(token));
}

}  // namespace wn::server
