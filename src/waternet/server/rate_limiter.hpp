// Requests per client, limited by a token bucket (a client may send `burst` requests at once and `rate_per_s`
// a second after that): a map view loads a screenful of tiles in one go, a scraper that keeps going is slowed
// down with 429 Too Many Requests. Sharded by the client's hash, each shard with its own mutex.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wn::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    // rate_per_s ≤ 0 turns the limit off. InputError for burst < 1 with a positive rate.
    RateLimiter(double rate_per_s, double burst);

    // Takes one token from the client's bucket; false when it is empty.
    bool allow(std::string_view client, Clock::time_point now = Clock::now());
    // Seconds until the client has a token again (for Retry-After), at least 1.
    int retry_after_s() const;
    bool enabled() const { return rate_per_s_ > 0; }

private:
    struct Bucket {
        double tokens;
        Clock::time_point last;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Bucket> buckets;
    };
    double rate_per_s_, burst_;
    std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace wn::server
