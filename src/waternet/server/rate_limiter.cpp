#include "waternet/server/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "waternet/core/error.hpp"

namespace wn::server {

namespace {
constexpr std::size_t kShards = 16;
constexpr std::size_t kMaxClientsPerShard = 4096;  // then full (idle) buckets are forgotten
}  // namespace

RateLimiter::RateLimiter(double rate_per_s, double burst) : rate_per_s_(rate_per_s), burst_(burst) {
    if (rate_per_s > 0 && !(burst >= 1)) throw InputError("rate limit: burst must be at least 1 request");
    for (std::size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

bool RateLimiter::allow(std::string_view client, Clock::time_point now) {
    if (rate_per_s_ <= 0) return true;
    Shard& s = *shards_[std::hash<std::string_view>{}(client) % kShards];
    std::lock_guard lock(s.mutex);
    auto it = s.buckets.find(std::string(client));
    if (it == s.buckets.end()) {
        if (s.buckets.size() >= kMaxClientsPerShard) {
            // A full bucket holds no state worth keeping: drop those (the clients that went quiet).
            std::erase_if(s.buckets, [&](const auto& kv) {
                const double idle_s = std::chrono::duration<double>(now - kv.second.last).count();
                return kv.second.tokens + idle_s * rate_per_s_ >= burst_;
            });
        }
        it = s.buckets.emplace(std::string(client), Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    const double elapsed_s = std::max(0.0, std::chrono::duration<double>(now - b.last).count());
    b.tokens = std::min(burst_, b.tokens + elapsed_s * rate_per_s_);
    b.last = now;
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

int RateLimiter::retry_after_s() const {
    return rate_per_s_ > 0 ? std::max(1, static_cast<int>(std::ceil(1.0 / rate_per_s_))) : 1;
}

}  // namespace wn::server
